//! Editing in the window, driven like a person would with egui_kittest: create an event with
//! Ctrl+N and save it; delete, save, undo, save; drag an event to another day and lane and undo;
//! resize a range by its end; nudge with Alt+arrows; select with a rubber band; rename and
//! recolour a lane; reorder the story; the unsaved-changes question on close and on open;
//! read-only documents; and the recovery copy offered after a crash.

use chronoscope::io::load_path;
use chronoscope::model::Precision;
use chronoscope::ui::App;
use chronoscope::ui::files::DialogAnswer;
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "support/window.rs"]
mod support;
use support::{
    WINDOW, click_at, drag, fixture_copy, marker_of, wait_for_load, wait_until, window_on,
};

/// The window opening `file` (else the sample), with recovery copies in `recovery`.
fn harness(
    dialog: DialogAnswer,
    file: Option<PathBuf>,
    recovery: Option<PathBuf>,
) -> Harness<'static, App> {
    window_on(WINDOW, dialog, file, recovery)
}

/// Shows `[from, to]` (ISO dates) on the canvas.
fn show_range(h: &mut Harness<'_, App>, from: &str, to: &str) {
    let secs = |s: &str| chronoscope::model::Date::parse_iso(s).unwrap().start_secs();
    let view = chronoscope::view::TimeView::new(secs(from), secs(to) - secs(from));
    h.state_mut()
        .push(chronoscope::ui::commands::Command::SetView(view));
    h.run_steps(3);
}

fn event<'a>(h: &'a Harness<'_, App>, id: &str) -> &'a chronoscope::model::Event {
    let t = h.state().timeline();
    &t.events()[t.index_of(id).unwrap_or_else(|| panic!("no event {id}"))]
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
    // Opened again in the window: there, known to the day.
    h.state_mut()
        .push(chronoscope::ui::commands::Command::OpenPath(out.clone()));
    h.run_steps(2);
    wait_for_load(&mut h);
    assert!(h.state().window_title().contains("mine.json"));
    let t = h.state().timeline();
    let e = t
        .events()
        .iter()
        .find(|e| e.title() == "Tip received by the desk")
        .expect("the new event, reloaded");
    assert_eq!(e.date_text(), "7 Feb 1985");
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
    drag(&mut h, from, to, Modifiers::NONE);
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
    // Ctrl+Z in the colour box would undo its typing: F6 to the timeline first.
    h.key_press(Key::F6);
    h.run_steps(2);
    assert!(
        h.ctx
            .memory(|m| m.has_focus(chronoscope::ui::canvas::canvas_id()))
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_ne!(
        h.state().timeline().lanes()[0].color.as_deref(),
        Some("#AA3377")
    );
    assert_eq!(
        h.state().timeline().lanes()[0].label,
        "Renamed lane",
        "one step back"
    );
}

/// Edit ▸ Undo, as a person reaches it with the mouse (keyboard focus may be in a text box,
/// where Ctrl+Z undoes typing).
fn undo_from_menu(h: &mut Harness<'_, App>) {
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label("Undo  (Ctrl+Z)").click();
    h.run_steps(3);
}

/// The story's steps as event ids ("view" for a view step).
fn story_ids(h: &Harness<'_, App>) -> Vec<String> {
    h.state()
        .timeline()
        .meta
        .story
        .iter()
        .map(|s| s.event_id().unwrap_or("view").to_owned())
        .collect()
}

#[test]
fn story_steps_are_reordered_in_the_story_panel_by_button_and_by_drag() {
    let mut h = harness(DialogAnswer::Cancelled, None, None);
    let story = story_ids(&h);
    assert!(story.len() >= 3);
    h.get_by_label("Story").click();
    h.run_steps(3);
    h.get_all_by_label("Down")
        .next()
        .expect("a Down button")
        .click();
    h.run_steps(3);
    let now = story_ids(&h);
    assert_eq!(now[..2], [story[1].clone(), story[0].clone()]);
    // Drag the first step onto the third: it goes there, the others move up.
    let row = |h: &Harness<'_, App>, k: usize| {
        let t = h.state().timeline();
        let id = t.meta.story[k]
            .event_id()
            .expect("an event step")
            .to_owned();
        let title = t.events()[t.index_of(&id).unwrap()].title().to_owned();
        h.get_by_label(&format!("{}. {title}", k + 1))
            .rect()
            .center()
    };
    let (first, third) = (row(&h, 0), row(&h, 2));
    drag(&mut h, first, third, Modifiers::NONE);
    let dragged = story_ids(&h);
    assert_eq!(
        dragged[..3],
        [now[1].clone(), now[2].clone(), now[0].clone()],
        "was {now:?}"
    );
    // One undo step per move.
    undo_from_menu(&mut h);
    assert_eq!(story_ids(&h), now);
    // Remove takes a step out; undo puts it back in its place.
    h.get_all_by_label("Remove").next().unwrap().click();
    h.run_steps(3);
    assert_eq!(story_ids(&h), now[1..]);
    undo_from_menu(&mut h);
    assert_eq!(story_ids(&h), now);
}

#[test]
fn a_view_step_and_an_event_caption_are_added_presented_saved_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("story.json");
    let mut h = harness(DialogAnswer::Picked(out.clone()), None, None);
    let steps = h.state().timeline().meta.story.len();
    // Frame the spring of 1985 without the Transfer lane, and add it as a step.
    show_range(&mut h, "1985-01-01", "1985-05-01");
    h.get_by_label_contains("Transfer (").click();
    h.run_steps(2);
    h.get_by_label("Story").click();
    h.run_steps(3);
    h.get_by_label("Add current view").click();
    h.run_steps(3);
    let n = steps + 1;
    let title = format!("Step {n} title");
    assert!(
        h.get_by_label(&title).is_focused(),
        "its title is typed next"
    );
    h.get_by_label(&title).type_text("The search for Camarena");
    let caption = format!("Step {n} caption");
    h.get_by_label(&caption).focus();
    h.step();
    h.get_by_label(&caption)
        .type_text("Four weeks from the kidnapping to the body.");
    h.run_steps(2);
    h.get_by_label(&format!("Apply step {n}")).click();
    h.run_steps(3);
    let t = h.state().timeline().clone();
    let Some(chronoscope::model::StoryStep::View(view)) = t.meta.story.last() else {
        panic!("a view step at the end: {:?}", t.meta.story.last());
    };
    assert_eq!(view.title, "The search for Camarena");
    assert_eq!(view.caption, "Four weeks from the kidnapping to the body.");
    assert_eq!(
        (view.start.to_iso(), view.end.to_iso()),
        ("1985-01-01".into(), "1985-04-30".into())
    );
    assert!(!view.lanes.is_empty() && !view.lanes.contains(&"transfer".to_owned()));
    assert_eq!(view.lanes.len(), t.lanes().len() - 1, "the lanes shown");
    // Reframed on another span (all lanes shown now): the title and caption stay. (The Story
    // window lies over the legend: its lane box is pressed the way a screen reader does.)
    h.get_by_label_contains("Transfer (").click_accesskit();
    show_range(&mut h, "1985-02-01", "1985-03-16");
    h.get_by_label("Frame the current view").click();
    h.run_steps(3);
    let Some(chronoscope::model::StoryStep::View(framed)) =
        h.state().timeline().meta.story.last().cloned()
    else {
        panic!("still a view step");
    };
    assert_eq!(
        (framed.start.to_iso(), framed.end.to_iso()),
        ("1985-02-01".into(), "1985-03-15".into())
    );
    assert!(framed.lanes.is_empty(), "every lane");
    assert_eq!(framed.title, view.title);
    undo_from_menu(&mut h);
    assert_eq!(
        h.state().timeline().meta.story.last(),
        Some(&chronoscope::model::StoryStep::View(view.clone())),
        "one undo step"
    );
    h.get_by_label_contains("Transfer (").click_accesskit(); // hidden again, as when the view was added
    h.run_steps(2);
    // The first step gets a caption of its own.
    h.get_all_by_label("Caption…").next().unwrap().click();
    h.run_steps(2);
    h.get_by_label("Step 1 caption").focus();
    h.step();
    h.get_by_label("Step 1 caption")
        .type_text("Our words for the kidnapping.");
    h.run_steps(2);
    h.get_by_label("Apply step 1").click();
    h.run_steps(3);
    let first = h.state().timeline().meta.story[0].clone();
    let chronoscope::model::StoryStep::Event(first) = first else {
        panic!("{first:?}")
    };
    assert_eq!(
        first.caption.as_deref(),
        Some("Our words for the kidnapping.")
    );

    // Presented: the caption instead of the description; the view as framed, its lanes only.
    h.get_by_label_contains("Transfer (").click_accesskit(); // every lane on again
    h.run_steps(2);
    assert!(
        h.state()
            .view()
            .filters
            .lane_hidden
            .iter()
            .all(|&hidden| !hidden)
    );
    h.key_press(Key::F5);
    h.run_steps(3);
    h.key_press(Key::ArrowRight);
    support::settle(&mut h);
    h.get_by_label("Our words for the kidnapping.");
    h.key_press(Key::End);
    support::settle(&mut h);
    h.get_by_label("The search for Camarena");
    h.get_by_label("Four weeks from the kidnapping to the body.");
    h.get_by_label("1 Jan 1985 \u{2013} 30 Apr 1985");
    // Its whole span, with room on the right for labels, as every step has.
    let shown = h.state().view().time;
    let utc = chronoscope::model::DisplayZone::Utc;
    let (start, end) = (view.start_secs(&utc), view.end_secs(&utc));
    assert!(shown.contains(start) && shown.contains(end), "{shown:?}");
    assert!(shown.span_secs < 1.5 * (end - start), "{shown:?}");
    let transfer = t.lanes().iter().position(|l| l.id == "transfer").unwrap();
    let scene = h.state().last_scene().expect("a slide").clone();
    assert!(
        scene.lanes.iter().all(|b| b.lane != transfer),
        "its lanes only"
    );
    h.key_press(Key::Escape);
    h.run_steps(3);

    // Saved and read back: the same story.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    let saved = load_path(&out).unwrap();
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    assert_eq!(saved.timeline.meta.story, h.state().timeline().meta.story);

    // Each change was one undo step: the caption, the view's title and caption, the view.
    undo_from_menu(&mut h);
    assert_eq!(
        h.state().timeline().meta.story[0],
        chronoscope::model::StoryStep::event("camarena-kidnapped"),
        "no caption"
    );
    undo_from_menu(&mut h);
    let story = &h.state().timeline().meta.story;
    assert!(
        matches!(story.last(), Some(chronoscope::model::StoryStep::View(v)) if v.title.is_empty()),
        "the view as added: {:?}",
        story.last()
    );
    undo_from_menu(&mut h);
    assert_eq!(h.state().timeline().meta.story.len(), steps);
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
        // The copy is written atomically on a worker: wait until it is complete (renamed into
        // place), not merely begun.
        while chronoscope::ui::recovery::find_recovery(&data).is_none() && Instant::now() < deadline
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

#[test]
fn dragging_a_range_by_its_end_resizes_it_and_undo_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path), None);
    select(&mut h, "kidnapping");
    show_range(&mut h, "1985-01-01", "1985-05-01");
    let before = event(&h, "kidnapping").clone();
    let i = h.state().timeline().index_of("kidnapping").unwrap();
    let scene = h.state().last_scene().unwrap().clone();
    let mark = scene.mark_of(i).expect("on screen");
    let px_per_day = scene.canvas.width() / 120.0;
    let end = Pos2::new(mark.x_end, mark.y);
    drag(
        &mut h,
        end,
        end + Vec2::new(10.0 * px_per_day, 0.0),
        Modifiers::NONE,
    );
    let after = event(&h, "kidnapping");
    assert_eq!(after.start, before.start, "the start stays");
    let end_iso = after.end.expect("still a range").to_iso();
    let days = (after.end.unwrap().start_secs() - before.end.unwrap().start_secs()) / 86_400.0;
    assert!(
        (9.0..=11.0).contains(&days),
        "the end moved about ten days, snapped to the day: {end_iso}"
    );
    assert_eq!(end_iso.len(), "1985-03-15".len(), "still known to the day");
    assert_eq!(
        after.lane(),
        before.lane(),
        "resizing never changes the lane"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(event(&h, "kidnapping"), &before, "one undo step");
}

#[test]
fn alt_arrows_nudge_by_one_unit_of_precision_only_while_the_timeline_has_focus() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path), None);
    select(&mut h, "kidnapping");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.run_steps(2);
    let e = event(&h, "kidnapping");
    assert_eq!(e.start.to_iso(), "1985-02-08", "a day later");
    assert_eq!(e.end.unwrap().to_iso(), "1985-03-06", "the end moves too");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(event(&h, "kidnapping").start.to_iso(), "1985-02-06");
    select(&mut h, "founding");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.run_steps(2);
    let founding = event(&h, "founding");
    assert_eq!(founding.start.to_iso(), "-0751", "a year later");
    assert!(founding.circa, "still circa");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(event(&h, "founding").start.to_iso(), "-0752");
    // Focus on the toolbar (F6 from the timeline goes round to it): Alt+Right does not edit.
    let canvas = chronoscope::ui::canvas::canvas_id();
    assert!(h.ctx.memory(|m| m.has_focus(canvas)));
    for _ in 0..4 {
        h.key_press(Key::F6);
        h.run_steps(2);
        if h.get_by_label("File").is_focused() {
            break;
        }
    }
    assert!(h.get_by_label("File").is_focused());
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert_eq!(
        event(&h, "founding").start.to_iso(),
        "-0752",
        "keys outside the timeline never edit it"
    );
}

#[test]
fn a_rubber_band_selects_several_events_for_delete_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path.clone()), None);
    show_range(&mut h, "1984-01-01", "1991-01-01");
    let scene = h.state().last_scene().unwrap().clone();
    let t = h.state().timeline().clone();
    let on_screen: Vec<String> = scene
        .marks
        .iter()
        .map(|m| t.events()[m.event].id().to_owned())
        .collect();
    let kidnapping = t.index_of("kidnapping").unwrap();
    let mark = scene.mark_of(kidnapping).expect("kidnapping on screen");
    // From an empty corner of the canvas to just right of the kidnapping's start, across all
    // lanes: the 1989 event lies right of the band and stays out.
    let from = Pos2::new(scene.canvas.left() + 4.0, scene.canvas.top() + 4.0);
    let to = Pos2::new(mark.x + 6.0, scene.canvas.bottom() - 4.0);
    assert!(scene.hit(from, &h.state().theme().metrics).is_none());
    drag(&mut h, from, to, Modifiers::SHIFT);
    let picked: Vec<String> = h
        .state()
        .view()
        .selection()
        .into_iter()
        .map(|i| t.events()[i].id().to_owned())
        .collect();
    assert_eq!(picked, ["kidnapping"], "on screen: {on_screen:?}");
    // Widen the band to the 1989 event too, then delete both and undo.
    let month = t
        .events()
        .iter()
        .position(|e| e.title() == "No id, month precision")
        .unwrap();
    let month_mark = scene.mark_of(month).expect("1989 on screen");
    let to = Pos2::new(month_mark.x + 6.0, scene.canvas.bottom() - 4.0);
    drag(&mut h, from, to, Modifiers::SHIFT);
    assert_eq!(h.state().view().selection().len(), 2);
    h.get_by_label("Delete 2").click();
    h.run_steps(2);
    assert_eq!(h.state().timeline().len(), t.len() - 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().timeline().len(), t.len());
    assert_eq!(
        h.state().view().selection().len(),
        2,
        "the selection follows the undo"
    );
}

/// The window manager's close button.
fn request_close(h: &mut Harness<'_, App>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.step();
}

/// Whether the last frame told the window to close, or to stay open.
fn window_commands(h: &Harness<'_, App>) -> Vec<egui::ViewportCommand> {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn closing_with_unsaved_changes_asks_save_discard_or_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let original = std::fs::read(&path).unwrap();
    let mut h = harness(DialogAnswer::Cancelled, Some(path.clone()), None);
    // Nothing to lose: the window closes without a question.
    request_close(&mut h);
    assert!(h.state().question().is_none());
    assert!(!window_commands(&h).contains(&egui::ViewportCommand::CancelClose));

    select(&mut h, "ides");
    h.key_press(Key::Delete);
    h.run_steps(2);
    request_close(&mut h);
    assert!(
        window_commands(&h).contains(&egui::ViewportCommand::CancelClose),
        "the window stays open"
    );
    h.run_steps(3);
    assert!(h.state().question().is_some());
    h.get_by_label_contains("before closing");
    assert!(
        h.get_by_label("Save").is_focused(),
        "the question takes keyboard focus"
    );
    // Cancel: still open, still edited, the file untouched, focus back on the timeline.
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(h.state().question().is_none());
    assert!(h.state().doc().is_dirty());
    assert_eq!(std::fs::read(&path).unwrap(), original);
    assert!(
        h.ctx
            .memory(|m| m.has_focus(chronoscope::ui::canvas::canvas_id())),
        "focus is back where it was"
    );
    // Esc is Cancel too.
    request_close(&mut h);
    h.run_steps(3);
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.state().question().is_none());
    assert!(h.state().doc().is_dirty());
    // Discard: the window closes, the file untouched.
    request_close(&mut h);
    h.run_steps(3);
    assert!(!h.state().is_closing());
    h.get_by_label("Discard").click();
    h.step();
    assert!(h.state().is_closing(), "Discard lets the window close");
    assert_eq!(std::fs::read(&path).unwrap(), original);

    // Save: the edits are written, then the window closes.
    let mut h = harness(DialogAnswer::Cancelled, Some(path.clone()), None);
    select(&mut h, "ides");
    h.key_press(Key::Delete);
    h.run_steps(2);
    request_close(&mut h);
    h.run_steps(3);
    h.key_press(Key::Enter); // on Save, which has focus
    h.step();
    assert!(h.state().is_closing(), "saved, then the window closes");
    assert!(!h.state().doc().is_dirty());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("\"ides\""),
        "saved without the deleted event, nor its story step: {text}"
    );
    assert!(text.contains("\"reviewer\""), "and with the unknown fields");
}

#[test]
fn read_only_turns_every_edit_off_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let original = std::fs::read(&path).unwrap();
    // What --read-only does, then the file opens.
    let mut h = support::window(WINDOW, DialogAnswer::Cancelled);
    h.state_mut().set_read_only();
    h.state_mut()
        .push(chronoscope::ui::commands::Command::OpenPath(path.clone()));
    h.run_steps(2);
    wait_for_load(&mut h);
    let banner = h.state().banner().expect("a banner says why").text.clone();
    assert!(
        banner.contains("Read-only") && banner.contains("--read-only"),
        "{banner}"
    );
    let n = h.state().timeline().len();
    select(&mut h, "kidnapping");
    let before = event(&h, "kidnapping").clone();
    // Only the Edit menu (its items greyed out) is labelled "Edit": the details panel has no
    // Edit button.
    assert_eq!(h.query_all_by_label("Edit").count(), 1, "no Edit button");
    assert!(h.query_by_label("Edit lanes").is_none());
    for (modifiers, key) in [
        (Modifiers::NONE, Key::Delete),
        (Modifiers::NONE, Key::E),
        (Modifiers::COMMAND, Key::D),
        (Modifiers::ALT, Key::ArrowRight),
        (Modifiers::COMMAND, Key::N),
    ] {
        h.key_press_modifiers(modifiers, key);
        h.run_steps(2);
    }
    let from = marker_of(&h, "kidnapping");
    drag(&mut h, from, from + Vec2::new(80.0, 60.0), Modifiers::NONE);
    assert_eq!(h.state().timeline().len(), n);
    assert_eq!(event(&h, "kidnapping"), &before);
    assert!(h.state().panels().details.draft.is_none());
    assert!(!h.state().doc().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert_eq!(std::fs::read(&path).unwrap(), original, "never written");
}

#[test]
fn a_file_marked_read_only_opens_for_reading_with_a_banner() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let mut h = harness(DialogAnswer::Cancelled, Some(path.clone()), None);
    let banner = h.state().banner().expect("a banner says why").text.clone();
    assert!(banner.contains("marked read-only"), "{banner}");
    select(&mut h, "ides");
    h.key_press(Key::Delete);
    h.run_steps(2);
    assert!(h.state().timeline().index_of("ides").is_some());
    assert_eq!(h.query_all_by_label("Edit").count(), 1, "no Edit button");
}

#[test]
fn e_edits_in_place_ctrl_enter_applies_and_esc_cancels_back_to_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path), None);
    let canvas = chronoscope::ui::canvas::canvas_id();
    select(&mut h, "kidnapping");
    let before = event(&h, "kidnapping").clone();
    h.key_press(Key::E);
    h.run_steps(3);
    assert!(h.state().panels().details.draft.is_some(), "edit mode");
    assert!(
        h.get_by_label("Title").is_focused(),
        "focus moves to the title"
    );
    // Esc: nothing applied, focus back on the timeline.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Title").type_text("Typed, then dropped");
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert!(h.state().panels().details.draft.is_none(), "Esc cancels");
    assert_eq!(event(&h, "kidnapping"), &before);
    assert!(h.ctx.memory(|m| m.has_focus(canvas)));
    // E again, a bad date shows the parser's message and Ctrl+Enter applies nothing; a good one
    // applies as one undo step.
    h.key_press(Key::E);
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Title").type_text("Camarena taken");
    h.get_by_label("Start").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Start").type_text("7 Febtember 1985");
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(3);
    assert!(h.state().panels().details.draft.is_some(), "not applied");
    assert_eq!(event(&h, "kidnapping"), &before);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Start").type_text("8 Feb 1985");
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(3);
    assert!(h.state().panels().details.draft.is_none(), "applied");
    let after = event(&h, "kidnapping");
    assert_eq!(after.title(), "Camarena taken");
    assert_eq!(after.start.to_iso(), "1985-02-08");
    assert_eq!(after.end, before.end, "the end as it was");
    assert!(
        h.ctx.memory(|m| m.has_focus(canvas)),
        "back on the timeline"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(event(&h, "kidnapping"), &before, "one undo step");
}

#[test]
fn eras_are_edited_added_and_deleted_in_the_eras_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path());
    let mut h = harness(DialogAnswer::Cancelled, Some(path.clone()), None);
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label("Eras…").click();
    h.run_steps(3);
    let eras = |h: &Harness<'_, App>| h.state().timeline().eras().to_vec();
    assert_eq!(eras(&h).len(), 1);
    // A date in any form the importers read; the era's unknown fields stay.
    h.get_by_label("Era end 1").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Era end 1").type_text("9 Aug 2013");
    h.run_steps(2);
    h.get_by_label("Apply era 1").click();
    h.run_steps(3);
    assert_eq!(eras(&h)[0].end.to_iso(), "2013-08-09");
    assert_eq!(
        eras(&h)[0].start.to_iso(),
        "1985-04",
        "the start as written"
    );
    // A date that does not parse says why and applies nothing.
    h.get_by_label("Era start 1").focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Era start 1").type_text("Febtember");
    h.run_steps(2);
    h.get_by_label_contains("Start: ");
    h.get_by_label("Apply era 1").click();
    h.run_steps(2);
    assert_eq!(eras(&h)[0].start.to_iso(), "1985-04");
    // Add one over the view, delete it, and undo the delete.
    h.get_by_label("Add era").click();
    h.run_steps(3);
    assert_eq!(eras(&h).len(), 2);
    assert_eq!(eras(&h)[1].label, "New era");
    h.get_by_label("Delete era 2").click();
    h.run_steps(3);
    assert_eq!(eras(&h).len(), 1);
    undo_from_menu(&mut h);
    assert_eq!(eras(&h).len(), 2, "undone");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"2013-08-09\"") && text.contains("New era"),
        "{text}"
    );
    assert!(
        text.contains("\"note\": \"range from two sources\""),
        "{text}"
    );
}

/// The fixture as someone else saved it while the window had edits: the kidnapping retitled and
/// one event added at the end.
fn save_theirs(path: &Path) {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let events = doc["events"].as_array_mut().unwrap();
    events[0]["title"] = "Changed on disk".into();
    events.push(serde_json::json!({"id": "theirs", "title": "Added on disk", "start": "1999"}));
    // A new modification time, even on coarse file systems.
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

/// Opens the fixture, adds an event (unsaved), and has someone else save the file: the window
/// asks what to do.
fn edited_then_changed_on_disk(
    dir: &Path,
    dialog: DialogAnswer,
) -> (Harness<'static, App>, PathBuf) {
    let path = fixture_copy(dir);
    let mut h = harness(dialog, Some(path.clone()), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(3);
    h.get_by_label("Cancel").click(); // leave edit mode; the new event stays
    h.run_steps(2);
    assert!(h.state().doc().is_dirty());
    save_theirs(&path);
    assert!(
        wait_until(&mut h, |app| app.question().is_some()),
        "the change on disk is noticed"
    );
    h.run_steps(2);
    h.get_by_label_contains("changed on disk");
    (h, path)
}

#[test]
fn a_file_changed_on_disk_under_edits_compares_then_takes_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = edited_then_changed_on_disk(dir.path(), DialogAnswer::Cancelled);
    assert!(
        h.state().timeline().index_of("theirs").is_none(),
        "nothing is loaded over the edits unasked"
    );
    h.get_by_label("Compare").click();
    h.run_steps(3);
    // What differs, event by event: theirs added one and retitled one; mine added one.
    h.get_by_label("Only on disk (theirs): 1");
    h.get_by_label("- Added on disk");
    h.get_by_label("Only here (yours): 1");
    h.get_by_label("- New event");
    h.get_by_label("Changed: 1");
    h.get_by_label("- Changed on disk");
    assert!(h.query_by_label("Compare").is_none(), "compared once");
    h.get_by_label("Take theirs").click();
    h.run_steps(2);
    assert!(
        wait_until(&mut h, |app| !app.is_loading()
            && app.timeline().index_of("theirs").is_some()),
        "theirs is loaded"
    );
    h.run_steps(2);
    assert!(h.state().question().is_none());
    assert!(
        !h.state().doc().is_dirty(),
        "their version, nothing unsaved"
    );
    let t = h.state().timeline();
    assert_eq!(t.len(), ids_in_file(&path).len());
    assert_eq!(
        t.events()[t.index_of("kidnapping").unwrap()].title(),
        "Changed on disk"
    );
    assert!(
        t.events().iter().all(|e| e.title() != "New event"),
        "my edit is dropped"
    );
}

#[test]
fn a_file_changed_on_disk_under_edits_keeps_mine_under_a_new_name() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.json");
    let (mut h, path) = edited_then_changed_on_disk(dir.path(), DialogAnswer::Picked(mine.clone()));
    let theirs = std::fs::read(&path).unwrap();
    h.get_by_label("Keep mine (Save As…)").click();
    h.run_steps(3);
    assert!(h.state().question().is_none());
    assert!(!h.state().doc().is_dirty(), "saved");
    assert!(
        h.state().window_title().contains("mine.json"),
        "{}",
        h.state().window_title()
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        theirs,
        "their file untouched"
    );
    let saved = load_path(&mine).unwrap().timeline;
    assert!(saved.events().iter().any(|e| e.title() == "New event"));
    assert!(saved.index_of("theirs").is_none());
    assert_eq!(
        saved.events()[saved.index_of("kidnapping").unwrap()].title(),
        "DEA agent Camarena kidnapped",
        "my version of every event"
    );
    // The confirmation is a notice: it goes away by itself after a few seconds.
    let banner = h.state().banner().expect("a confirmation").text.clone();
    assert!(
        banner.starts_with("Saved ") && banner.contains("mine.json"),
        "{banner}"
    );
    let secs_per_frame = 0.25; // egui_kittest's default frame time
    h.run_steps((chronoscope::ui::banner::NOTICE_SECS / secs_per_frame) as usize + 4);
    assert!(h.state().banner().is_none(), "the notice went away");
}
