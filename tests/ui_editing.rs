//! Editing in the window, driven like a person would with egui_kittest: create an event with
//! Ctrl+N and save it; delete, save, undo, save; drag an event to another day and lane and undo;
//! rename and recolour a lane; reorder the story; the unsaved-changes question on open; and the
//! recovery copy offered after a crash.

use chronoscope::io::load_path;
use chronoscope::model::Precision;
use chronoscope::ui::App;
use chronoscope::ui::files::{DialogAnswer, ScriptedDialog};
use chronoscope::ui::settings::Settings;
use egui::{Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn harness(
    dialog: DialogAnswer,
    file: Option<PathBuf>,
    recovery: Option<PathBuf>,
) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(400)
        .build_eframe(move |cc| {
            App::with_parts(
                &cc.egui_ctx,
                Settings::default(),
                Box::new(ScriptedDialog(dialog)),
                file,
            )
            .with_recovery(recovery, 0.0)
        });
    h.run_steps(3);
    wait_for_load(&mut h);
    h
}

fn wait_for_load(h: &mut Harness<'_, App>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().is_loading() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(3);
}

fn fixture_copy(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native-full.json");
    let path = dir.join("case.json");
    std::fs::copy(src, &path).unwrap();
    path
}

fn marker_of(h: &Harness<'_, App>, id: &str) -> Pos2 {
    let app = h.state();
    let index = app
        .timeline()
        .index_of(id)
        .unwrap_or_else(|| panic!("no event {id}"));
    let mark = app
        .last_scene()
        .and_then(|s| s.mark_of(index))
        .unwrap_or_else(|| panic!("{id} is not on screen"));
    Pos2::new(mark.x, mark.y)
}

fn click_at(h: &mut Harness<'_, App>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

fn select(h: &mut Harness<'_, App>, id: &str) {
    let pos = marker_of(h, id);
    click_at(h, pos);
    let app = h.state();
    let i = app.view().selected.expect("selected");
    assert_eq!(app.timeline().events()[i].id(), id);
}

fn ids_in_file(path: &Path) -> Vec<String> {
    let t = load_path(path).unwrap().timeline;
    t.indices_in_file_order()
        .into_iter()
        .map(|i| t.events()[i].id().to_owned())
        .collect()
}

#[test]
fn ctrl_n_then_title_and_date_then_save_and_reload_keeps_the_precision() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.json");
    let mut h = harness(DialogAnswer::Picked(out.clone()), None, None);
    let before = h.state().timeline().len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(3);
    assert_eq!(h.state().timeline().len(), before + 1);
    assert!(
        h.state().window_title().starts_with("• "),
        "{}",
        h.state().window_title()
    );
    h.get_by_label("Title").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Title")
        .type_text("Tip received by the desk");
    h.get_by_label("Start").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Start").type_text("7 Feb 1985");
    h.run_steps(2);
    h.get_by_label("Apply").click();
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(5);
    assert!(!h.state().window_title().starts_with("• "), "saved");
    let t = load_path(&out).unwrap().timeline;
    let e = t
        .events()
        .iter()
        .find(|e| e.title() == "Tip received by the desk")
        .expect("the new event is in the file");
    assert_eq!(e.start.to_iso(), "1985-02-07");
    assert_eq!(e.start.precision(), Precision::Day);
}

#[test]
fn delete_save_undo_save_brings_the_event_back_with_its_unknown_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path.clone()), None);
    let n = ids_in_file(&path).len();
    select(&mut h, "minute");
    h.key_press(Key::Delete);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    let ids = ids_in_file(&path);
    assert_eq!(ids.len(), n - 1);
    assert!(!ids.contains(&"minute".to_owned()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let sel = h
        .state()
        .view()
        .selected
        .expect("the selection follows the undo");
    assert_eq!(h.state().timeline().events()[sel].id(), "minute");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert_eq!(ids_in_file(&path).len(), n);
    // Deleting the event with unknown fields, saving, undoing and saving keeps them.
    select(&mut h, "kidnapping");
    h.key_press(Key::Delete);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(!std::fs::read_to_string(&path).unwrap().contains("reviewer"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"reviewer\"") && text.contains("\"archived\""),
        "{text}"
    );
}

#[test]
fn dragging_an_event_moves_it_in_time_and_lane_and_undo_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path), None);
    // Close in on July 2022, where "minute" (lane Camarena case) sits.
    let i = h.state().timeline().index_of("minute").unwrap();
    let secs = h.state().timeline().start_secs()[i];
    let view = chronoscope::view::TimeView::new(secs - 10.0 * 86_400.0, 20.0 * 86_400.0);
    h.state_mut()
        .push(chronoscope::ui::commands::Command::SetView(view));
    h.run_steps(3);
    // Selected first: the details panel opens and the canvas narrows before the drag.
    select(&mut h, "minute");
    h.run_steps(3);
    let from = marker_of(&h, "minute");
    let scene = h.state().last_scene().unwrap().clone();
    let before = h.state().timeline().events()[i].clone();
    let other_lane = scene
        .lanes
        .iter()
        .find(|b| b.lane != before.lane())
        .expect("a second lane on screen");
    let px_per_day = scene.canvas.width() / 20.0;
    let to = Pos2::new(from.x + 3.0 * px_per_day, other_lane.rect.center().y);
    h.hover_at(from);
    h.step();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for k in 1..=10 {
        let t = k as f32 / 10.0;
        h.hover_at(from + (to - from) * t);
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(3);
    let t = h.state().timeline();
    let moved = &t.events()[t.index_of("minute").unwrap()];
    assert_eq!(moved.lane(), other_lane.lane, "moved to the other lane");
    let days = ((moved.start.start_secs() - before.start.start_secs()) / 86_400.0).round();
    assert_eq!(days, 3.0, "moved three days, snapped to the minute");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let t = h.state().timeline();
    assert_eq!(
        &t.events()[t.index_of("minute").unwrap()],
        &before,
        "one undo step"
    );
}

#[test]
fn a_lane_is_renamed_and_recoloured_in_the_legend() {
    let mut h = harness(DialogAnswer::Cancelled, None, None);
    h.get_by_label("Edit lanes").click();
    h.run_steps(2);
    h.get_by_label("Lane name 1").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Lane name 1").type_text("Renamed lane");
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(h.state().timeline().lanes()[0].label, "Renamed lane");
    h.get_by_label("Lane colour 1").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Lane colour 1").type_text("#AA3377");
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(
        h.state().timeline().lanes()[0].color.as_deref(),
        Some("#AA3377")
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_ne!(
        h.state().timeline().lanes()[0].color.as_deref(),
        Some("#AA3377")
    );
}

#[test]
fn story_steps_are_reordered_in_the_story_panel() {
    let mut h = harness(DialogAnswer::Cancelled, None, None);
    let story = h.state().timeline().meta.story.clone();
    assert!(story.len() >= 2);
    h.get_by_label("Story").click();
    h.run_steps(3);
    h.get_all_by_label("Down")
        .next()
        .expect("a Down button")
        .click();
    h.run_steps(3);
    let now = h.state().timeline().meta.story.clone();
    assert_eq!(now[0], story[1]);
    assert_eq!(now[1], story[0]);
}

#[test]
fn opening_another_file_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let other = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Picked(other.clone()), None, None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(3);
    h.get_by_label("Cancel").click(); // leave edit mode
    h.run_steps(2);
    let n = h.state().timeline().len();
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert!(
        h.state().question().is_some(),
        "asks before dropping the changes"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().question().is_none());
    assert_eq!(h.state().timeline().len(), n, "still the edited timeline");
    h.get_by_label("Open").click();
    h.run_steps(3);
    h.get_by_label("Discard").click();
    h.run_steps(3);
    wait_for_load(&mut h);
    assert!(
        h.state().window_title().contains("case.json"),
        "{}",
        h.state().window_title()
    );
}

#[test]
fn the_recovery_copy_is_offered_after_a_crash_and_restores_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = fixture_copy(dir.path());
    {
        let mut h = harness(
            DialogAnswer::Cancelled,
            Some(path.clone()),
            Some(data.clone()),
        );
        select(&mut h, "ides");
        h.key_press(Key::Delete);
        h.run_steps(5);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::fs::read_dir(&data).map(|d| d.count()).unwrap_or(0) == 0
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
            h.step();
        }
        // The window goes away without saving: a crash.
    }
    assert!(
        std::fs::read_to_string(&path).unwrap().contains("\"ides\""),
        "the file is untouched"
    );
    let mut h = harness(DialogAnswer::Cancelled, None, Some(data.clone()));
    assert!(h.state().question().is_some(), "the copy is offered");
    h.get_by_label_contains("1 change").hover();
    h.get_by_label("Restore").click();
    h.run_steps(3);
    assert!(
        h.state().timeline().index_of("ides").is_none(),
        "the deletion is back"
    );
    assert!(h.state().window_title().starts_with("• "), "and unsaved");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"id\": \"ides\""),
        "saved over case.json: {:?} {:?}",
        h.state().banner(),
        h.state().question()
    );
}
