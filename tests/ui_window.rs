//! The window, driven like a person would: egui_kittest clicks, types, scrolls and presses keys on
//! the real `App` (no GPU, no display), and we check what changed.

use chronoscope::ui::App;
use chronoscope::ui::canvas::canvas_id;
use chronoscope::ui::files::DialogAnswer;
use egui::{Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "support/window.rs"]
mod support;
use support::{WINDOW, click_at, marker_of, settle, wait_for_load, window};

fn harness_with(dialog: DialogAnswer) -> Harness<'static, App> {
    window(WINDOW, dialog)
}

fn harness() -> Harness<'static, App> {
    harness_with(DialogAnswer::Cancelled)
}

#[test]
fn opens_the_sample_with_its_title_and_lanes() {
    let h = harness();
    let app = h.state();
    assert!(app.timeline().len() >= 15, "the sample has its events");
    assert!(app.window_title().contains("built-in sample"));
    assert!(app.window_title().contains("Chronoscope"));
    for lane in [
        "Camarena case",
        "Caro Quintero",
        "Treviño Morales",
        "Transfer",
        "Diplomacy",
    ] {
        let count = app
            .timeline()
            .lanes()
            .iter()
            .position(|l| l.label == lane)
            .map(|k| {
                app.timeline()
                    .lane_of()
                    .iter()
                    .filter(|&&l| l as usize == k)
                    .count()
            });
        let count = count.unwrap_or_else(|| panic!("lane {lane} exists"));
        // The legend lists the lane with its event count.
        assert!(
            h.query_all_by_label(&format!("{lane} ({count})"))
                .next()
                .is_some(),
            "{lane}"
        );
    }
}

#[test]
fn wheel_zooms_about_the_pointer() {
    let mut h = harness();
    let before = h.state().view().time;
    let scene = h.state().last_scene().cloned().expect("drawn");
    let pointer = Pos2::new(
        scene.canvas.left() + scene.canvas.width() * 0.3,
        scene.canvas.center().y,
    );
    let width = scene.canvas.width();
    let anchor = before.time_from_x(pointer.x - scene.canvas.left(), width);
    h.hover_at(pointer);
    h.step();
    for _ in 0..3 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: Vec2::new(0.0, 120.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(30);
    let after = h.state().view().time;
    assert!(
        after.span_secs < before.span_secs * 0.5,
        "zoomed in: {} -> {}",
        before.span_secs,
        after.span_secs
    );
    let anchor_after = after.time_from_x(pointer.x - scene.canvas.left(), width);
    assert!(
        (anchor_after - anchor).abs() < before.span_secs * 1e-4,
        "the instant under the pointer stayed put ({anchor} vs {anchor_after})"
    );
}

#[test]
fn clicking_an_event_shows_its_details_and_source_link() {
    let mut h = harness();
    let pos = marker_of(&h, "caro-quintero-captured");
    click_at(&mut h, pos);
    let app = h.state();
    let selected = app.view().selected.expect("an event is selected");
    assert_eq!(
        app.timeline().events()[selected].id(),
        "caro-quintero-captured"
    );
    h.get_by_label("Copy citation");
    // The source title is a link in the details panel.
    let link = h.get_by_role_and_label(
        egui::accesskit::Role::Link,
        "Statement by U.S. Ambassador Ken Salazar",
    );
    link.hover();
    h.run_steps(2);
    // Next/previous in time.
    h.get_by_label("Next >").click();
    h.run_steps(2);
    let next = h.state().view().selected.expect("still selected");
    assert_eq!(
        h.state().timeline().events()[next].id(),
        "navy-helicopter-crash"
    );
}

#[test]
fn search_highlights_and_steps_through_matches() {
    let mut h = harness();
    h.get_by_label("Search").focus();
    h.step();
    h.get_by_label("Search").type_text("arraigned");
    // Matches come from a worker thread: step until the query started and finished (bounded).
    h.step();
    let deadline = Instant::now() + Duration::from_secs(10);
    while h.state().view().search.is_running() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.run_steps(3);
    assert_eq!(h.state().view().search.hits.len(), 2);
    h.get_by_label("2 matches");
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    h.get_by_label("1 of 2");
    let first = h.state().view().selected.expect("first match selected");
    h.get_by_label("Next").click();
    settle(&mut h);
    h.get_by_label("2 of 2");
    let second = h.state().view().selected.expect("second match selected");
    assert_ne!(first, second);
    let t = h.state().timeline();
    assert!(
        t.events()[first]
            .title()
            .to_lowercase()
            .contains("arraigned")
    );
    assert!(
        t.start_secs()[first] <= t.start_secs()[second],
        "matches go in time order"
    );
    // Escape in the box clears the search and keeps the selection.
    h.get_by_label("Search").focus();
    h.step();
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(
        !h.state().view().search.is_active(),
        "Escape clears the search"
    );
    assert_eq!(h.state().view().selected, Some(second));
}

#[test]
fn toggling_a_lane_off_hides_its_events() {
    let mut h = harness();
    let lane = h
        .state()
        .timeline()
        .lanes()
        .iter()
        .position(|l| l.label == "Transfer")
        .unwrap();
    let drawn = |h: &Harness<'_, App>| {
        h.state()
            .last_scene()
            .unwrap()
            .lanes
            .iter()
            .any(|b| b.lane == lane)
    };
    assert!(drawn(&h));
    h.get_by_label_contains("Transfer (").click();
    h.run_steps(3);
    assert!(h.state().view().filters.lane_hidden[lane]);
    assert!(!drawn(&h), "the lane is gone from the canvas");
    assert!(
        h.state()
            .last_scene()
            .unwrap()
            .marks
            .iter()
            .all(|m| m.lane != lane)
    );
    h.get_by_label_contains("Transfer (").click();
    h.run_steps(3);
    assert!(drawn(&h), "and back");
}

#[test]
fn a_bad_file_shows_a_located_error_and_keeps_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(
        &bad,
        "{\n  \"events\": [\n    {\"title\": \"x\", \"start\": \"2013-02-30\"}\n  ]\n}\n",
    )
    .unwrap();
    let mut h = harness_with(DialogAnswer::Picked(bad.clone()));
    let before = h.state().timeline().len();
    h.get_by_label("Open").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    let app = h.state();
    let banner = app.banner().expect("an error banner");
    assert!(banner.is_error);
    assert!(banner.text.contains("broken.json"), "{}", banner.text);
    assert!(
        banner.text.contains(":3:"),
        "names the line: {}",
        banner.text
    );
    assert!(banner.text.contains("2013-02-30"), "{}", banner.text);
    assert_eq!(
        app.timeline().len(),
        before,
        "the sample is still on screen"
    );
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().banner().is_none());
}

#[test]
fn a_good_file_opens_and_reloads_when_it_changes_on_disk_but_a_bad_edit_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    let one = r#"{"title": "Case", "events": [{"id": "a", "title": "First", "start": "2001-09"}]}"#;
    std::fs::write(&path, one).unwrap();
    let mut h = harness_with(DialogAnswer::Picked(path.clone()));
    h.get_by_label("Open").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    assert_eq!(h.state().timeline().len(), 1);
    assert!(h.state().window_title().contains("case.json"));
    assert_eq!(
        h.state()
            .settings()
            .recent
            .first()
            .map(|p| p.ends_with("case.json")),
        Some(true)
    );

    // The file changes on disk: the window follows.
    let two = r#"{"title": "Case", "events": [{"id": "a", "title": "First", "start": "2001-09"}, {"id": "b", "title": "Second", "start": "2002"}]}"#;
    rewrite_and_wait(&mut h, &path, two, 2);

    // A broken save keeps what is on screen and says where the problem is.
    std::fs::write(&path, "{\"events\": [ {\"title\": \"x\"").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().banner().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    let banner = h.state().banner().cloned().expect("an error banner");
    assert!(banner.text.contains("case.json"), "{}", banner.text);
    assert_eq!(h.state().timeline().len(), 2, "the previous version stays");
}

#[test]
fn a_workbook_opens_and_another_sheet_or_date_order_is_picked_in_the_window() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut h = harness_with(DialogAnswer::Picked(
        fixtures.join("sheets/case-timeline.xlsx"),
    ));
    h.get_by_label("Open").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    assert_eq!(h.state().timeline().len(), 10);
    assert_eq!(
        h.state().reading().sheets,
        ["Case timeline", "Sources", "Zetas"]
    );
    // The sheet box shows the sheet read; picking another reads the file again.
    assert_eq!(
        h.get_by_label("Sheet").accesskit_node().value().as_deref(),
        Some("Case timeline")
    );
    h.get_by_label("Sheet").click();
    h.run_steps(2);
    h.get_by_label("Zetas").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    assert_eq!(h.state().timeline().len(), 2, "the Zetas sheet");
    assert_eq!(h.state().reading().sheet_read.as_deref(), Some("Zetas"));

    // A CSV whose slashed dates cannot be told apart: read month first with a warning, and
    // "Day first" reads it again.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slashed.csv");
    std::fs::write(&path, "date,title\n05/08/2022,A\n03/04/2022,B\n").unwrap();
    let mut h = harness_with(DialogAnswer::Picked(path));
    h.get_by_label("Open").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    let start = |h: &Harness<'_, App>| h.state().timeline().events()[1].start.to_iso();
    assert_eq!(start(&h), "2022-05-08");
    h.get_by_label("Slashed dates").click();
    h.run_steps(2);
    h.get_by_label("Day first (05/08 = 5 Aug)").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    assert_eq!(start(&h), "2022-08-05");
}

#[test]
fn keyboard_fits_zooms_and_steps_events() {
    let mut h = harness();
    let fit = h.state().view().time;
    // Keys outside the canvas never move the view.
    for key in [egui::Key::Plus, egui::Key::ArrowRight, egui::Key::End] {
        h.key_press(key);
        settle(&mut h);
    }
    assert_eq!(
        h.state().view().time,
        fit,
        "nothing focused: the view stays"
    );
    assert_eq!(h.state().view().selected, None);
    focus_canvas(&mut h);
    h.key_press(egui::Key::Plus);
    settle(&mut h);
    assert!(h.state().view().time.span_secs < fit.span_secs * 0.6);
    h.key_press(egui::Key::F);
    settle(&mut h);
    assert!((h.state().view().time.span_secs - fit.span_secs).abs() < fit.span_secs * 1e-6);
    h.key_press(egui::Key::Home);
    h.run_steps(2);
    assert_eq!(
        h.state().view().selected,
        Some(0),
        "Home selects the first event"
    );
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(
        h.state().view().selected,
        Some(1),
        "Right moves forward in time"
    );
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().view().selected, Some(0), "Left moves back");
    h.key_press(egui::Key::End);
    h.run_steps(2);
    let last = h.state().timeline().len() - 1;
    assert_eq!(h.state().view().selected, Some(last), "End: the last event");
    // Down goes to the nearest event in the next lane.
    h.key_press(egui::Key::Home);
    h.run_steps(2);
    let lane_of = |h: &Harness<'_, App>| {
        let i = h.state().view().selected.unwrap();
        h.state().timeline().lane_of()[i]
    };
    let lane = lane_of(&h);
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(lane_of(&h), lane + 1, "Down: the lane below");
    h.key_press(egui::Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(lane_of(&h), lane, "Up: back");
    assert!(
        h.ctx.memory(|m| m.has_focus(canvas_id())),
        "the arrows never moved focus off the canvas"
    );
    h.key_press(egui::Key::Home);
    h.run_steps(2);
    h.key_press(egui::Key::Z);
    settle(&mut h);
    assert!(
        h.state().view().time.span_secs < fit.span_secs / 10.0,
        "Z zooms to the event"
    );
    assert!(
        h.state()
            .view()
            .time
            .contains(h.state().timeline().start_secs()[0])
    );
    // Shift+Right pans without changing the selection.
    let before = h.state().view().time;
    h.key_press_modifiers(Modifiers::SHIFT, egui::Key::ArrowRight);
    settle(&mut h);
    assert!(
        h.state().view().time.start_secs > before.start_secs,
        "panned later"
    );
    assert_eq!(h.state().view().selected, Some(0));
}

/// F6 until the timeline canvas has keyboard focus (toolbar, legend, canvas).
fn focus_canvas(h: &mut Harness<'_, App>) {
    for _ in 0..4 {
        if h.ctx.memory(|m| m.has_focus(canvas_id())) {
            return;
        }
        h.key_press(egui::Key::F6);
        h.run_steps(2);
    }
    assert!(
        h.ctx.memory(|m| m.has_focus(canvas_id())),
        "F6 reaches the canvas"
    );
}

#[test]
fn nothing_repaints_while_nothing_moves() {
    let mut h = harness();
    h.run_steps(5);
    let _ = h.try_run();
    // One more frame with no input: it must not ask for another.
    h.step();
    let delay = h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert_eq!(delay, Duration::MAX, "idle: no repaint requested");
    // While an animation runs, frames keep coming; once it ends they stop again.
    focus_canvas(&mut h);
    settle(&mut h);
    h.key_press(egui::Key::Minus);
    h.step();
    let delay = h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert_eq!(delay, Duration::ZERO, "animating");
    settle(&mut h);
    h.step();
    let delay = h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert_eq!(delay, Duration::MAX, "idle again");
}

#[test]
fn ctrl_e_exports_the_current_view_to_the_chosen_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("snapshot.png");
    let mut h = harness_with(DialogAnswer::Picked(out.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    assert!(
        h.state().panels().export.open,
        "Ctrl+E opens the export dialog"
    );
    h.get_by_label("1920 × 1080").click();
    h.get_by_label("Dark").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    let banner = wait_for_banner(&mut h);
    assert!(!banner.is_error, "{}", banner.text);
    assert!(
        banner.text.contains("snapshot.png"),
        "names the saved file: {}",
        banner.text
    );
    assert!(
        !h.state().panels().export.open,
        "the dialog closes when done"
    );
    let bytes = std::fs::read(&out).expect("the PNG exists");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a valid PNG");
    assert_eq!((reader.info().width, reader.info().height), (1920, 1080));
}

#[test]
fn cancel_stops_a_load_and_keeps_the_timeline_on_screen() {
    // A file big enough that the load is still running when Cancel is clicked.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let big = chronoscope::generate::generate(&chronoscope::generate::GenerateOptions {
        events: 150_000,
        ..Default::default()
    });
    chronoscope::generate::write_file(&big, &path).unwrap();
    drop(big);
    let mut h = harness_with(DialogAnswer::Picked(path));
    let before: Vec<String> = h
        .state()
        .timeline()
        .events()
        .iter()
        .map(|e| e.id().to_owned())
        .collect();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !h.state().is_loading() && Instant::now() < deadline {
        h.step();
    }
    assert!(h.state().is_loading(), "the load started");
    h.step();
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().is_loading(), "Cancel ends the load");
    // Long enough for an uncancelled worker to have finished; its result must not arrive.
    std::thread::sleep(Duration::from_millis(1500));
    h.run_steps(3);
    let after: Vec<String> = h
        .state()
        .timeline()
        .events()
        .iter()
        .map(|e| e.id().to_owned())
        .collect();
    assert_eq!(after, before, "the sample is still on screen");
    let banner = h.state().banner().cloned().expect("a note");
    assert!(banner.text.contains("Stopped loading"), "{}", banner.text);
}

/// Steps frames until the export banner appears (bounded).
fn wait_for_banner(h: &mut Harness<'_, App>) -> chronoscope::ui::banner::Banner {
    let deadline = Instant::now() + Duration::from_secs(90);
    while h.state().banner().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.state().banner().cloned().expect("a banner")
}

#[test]
fn the_export_dialog_writes_svg_with_real_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.svg");
    let mut h = harness_with(DialogAnswer::Picked(out.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    h.get_by_label("SVG: vector, text stays text, links")
        .click();
    h.run_steps(2);
    assert!(
        h.query_all_by_label("Export SVG").count() > 0,
        "the dialog's heading names the format"
    );
    h.get_by_label("Export…").click();
    let banner = wait_for_banner(&mut h);
    assert!(!banner.is_error, "{}", banner.text);
    assert!(banner.text.contains("report.svg"), "{}", banner.text);
    let svg = std::fs::read_to_string(&out).expect("the SVG exists");
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "an SVG"
    );
    assert!(svg.contains("<text"), "text stays text");
    assert!(
        svg.contains("width=\"1920\""),
        "the size chosen: 1920 × 1080"
    );
}

#[test]
fn the_export_dialog_prints_a_pdf_on_landscape_a4() {
    let dir = tempfile::tempdir().unwrap();
    // No extension typed: the chosen format gives it.
    let out = dir.path().join("filing");
    let mut h = harness_with(DialogAnswer::Picked(out.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    assert!(
        h.query_by_label("A4").is_none(),
        "paper is offered only for PDF"
    );
    h.get_by_label("PDF: vector, text stays text, links")
        .click();
    h.run_steps(2);
    h.get_by_label("A4").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    let banner = wait_for_banner(&mut h);
    assert!(!banner.is_error, "{}", banner.text);
    let pdf = dir.path().join("filing.pdf");
    let doc = lopdf::Document::load(&pdf).expect("a PDF lopdf reads");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page = doc.get_dictionary(pages[&1]).unwrap();
    let media: Vec<f32> = page
        .get(b"MediaBox")
        .and_then(|m| m.as_array())
        .expect("a media box")
        .iter()
        .map(|n| n.as_float().unwrap())
        .collect();
    assert!(
        (media[2] - 841.89).abs() < 1.0 && (media[3] - 595.28).abs() < 1.0,
        "A4 landscape: {media:?}"
    );
    let title = h.state().timeline().events()[0].title().to_owned();
    let first_word = title.split_whitespace().next().unwrap().to_owned();
    let text = doc.extract_text(&[1]).expect("text");
    assert!(text.contains(&first_word), "real text: {text}");
}

#[test]
fn an_unknown_extension_is_refused_with_the_supported_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chart.bmp");
    let mut h = harness_with(DialogAnswer::Picked(out.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    h.get_by_label("Export…").click();
    let banner = wait_for_banner(&mut h);
    assert!(banner.is_error);
    assert!(
        banner.text.contains(".png, .svg or .pdf"),
        "names the formats: {}",
        banner.text
    );
    assert!(!out.exists());
}

/// The labels of the checkboxes in the legend, in the order they are listed.
fn checkbox_labels(h: &Harness<'_, App>) -> Vec<String> {
    h.query_all_by_role(egui::accesskit::Role::CheckBox)
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

fn is_expanded(h: &Harness<'_, App>, label: &str) -> Option<bool> {
    h.get_by_label(label).accesskit_node().data().is_expanded()
}

#[test]
fn the_legend_sections_collapse_and_tags_filter_by_name_most_used_first() {
    let mut h = harness();
    // The lanes section collapses with its triangle, named for screen readers…
    assert!(
        checkbox_labels(&h)
            .iter()
            .any(|l| l.starts_with("Transfer ("))
    );
    assert_eq!(is_expanded(&h, "Lanes section"), Some(true));
    h.get_by_label("Lanes section").click();
    h.run_steps(3);
    assert_eq!(is_expanded(&h, "Lanes section"), Some(false));
    assert!(
        !checkbox_labels(&h)
            .iter()
            .any(|l| l.starts_with("Transfer (")),
        "lanes hidden: {:?}",
        checkbox_labels(&h)
    );
    // …and opens again from the keyboard.
    h.get_by_label("Lanes section").focus();
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert_eq!(is_expanded(&h, "Lanes section"), Some(true));
    assert!(
        checkbox_labels(&h)
            .iter()
            .any(|l| l.starts_with("Transfer ("))
    );

    // Tags come most used first: the first 12, then "Show more" lists the rest. (Lanes folded
    // away: a lane and a tag may read alike, "Caro Quintero (12)".)
    h.get_by_label("Lanes section").click();
    h.run_steps(3);
    let doc_tags = h.state().doc().tags.clone();
    let mut by_count = doc_tags.clone();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let expected: Vec<String> = by_count
        .iter()
        .map(|(tag, n)| format!("{tag} ({n})"))
        .collect();
    assert!(
        expected.len() > 12,
        "the sample has {} tags",
        expected.len()
    );
    let tag_boxes = |h: &Harness<'_, App>| -> Vec<String> {
        checkbox_labels(h)
            .into_iter()
            .filter(|l| expected.contains(l))
            .collect()
    };
    assert_eq!(tag_boxes(&h), expected[..12]);
    assert!(by_count[0].1 > by_count[11].1, "the order is by count");
    h.get_by_label(&format!("Show {} more", expected.len() - 12))
        .click();
    h.run_steps(3);
    assert_eq!(tag_boxes(&h), expected);
    h.get_by_label("Show fewer").click();
    h.run_steps(3);
    assert_eq!(tag_boxes(&h).len(), 12);

    // Typing in the filter keeps the tags whose name contains it, in any case.
    h.get_by_label("Filter tags").focus();
    h.step();
    h.get_by_label("Filter tags").type_text("wash");
    h.run_steps(3);
    let washington: Vec<String> = expected
        .iter()
        .filter(|l| l.to_lowercase().contains("wash"))
        .cloned()
        .collect();
    assert_eq!(washington.len(), 2, "{washington:?}");
    assert_eq!(tag_boxes(&h), washington);
    // A filtered tag still toggles.
    h.get_by_label(&washington[0]).click();
    h.run_steps(3);
    assert_eq!(h.state().view().filters.hidden_tags.len(), 1);
    h.get_by_label("Filter tags").type_text("zzz");
    h.run_steps(3);
    assert!(tag_boxes(&h).is_empty());
    assert!(h.query_by_label("No tag matches the filter.").is_some());

    // The tags section collapses too.
    h.get_by_label("Tags section").click();
    h.run_steps(3);
    assert_eq!(is_expanded(&h, "Tags section"), Some(false));
    assert!(h.query_by_label("Filter tags").is_none());
}

#[test]
fn clicking_an_off_screen_hint_pans_to_the_nearest_event_on_that_side() {
    use chronoscope::layout::{Side, nearest_offscreen};
    use chronoscope::model::Date;
    use chronoscope::view::TimeView;
    let mut h = harness();
    let secs = |d: &str| Date::parse_iso(d).unwrap().start_secs();
    // Zoomed in on the release of August 2013: Caro Quintero has events on both sides.
    let zoomed = TimeView::fit(secs("2013-07-20"), secs("2013-09-10"));
    h.state_mut()
        .push(chronoscope::ui::commands::Command::SetView(zoomed));
    h.run_steps(3);
    let lane = h
        .state()
        .timeline()
        .lanes()
        .iter()
        .position(|l| l.label == "Caro Quintero")
        .unwrap();
    let nearest = |h: &Harness<'_, App>, side| {
        let view = h.state().view().time;
        nearest_offscreen(h.state().timeline(), lane, side, view, None).expect("an event there")
    };
    let (before, after) = (nearest(&h, Side::Before), nearest(&h, Side::After));
    let hint = h
        .state()
        .last_scene()
        .unwrap()
        .offscreen
        .iter()
        .find(|x| x.lane == lane && x.side == Side::After)
        .cloned()
        .expect("a hint after the view");
    assert!(hint.count >= 1);
    let name = format!(
        "{} events after the view in Caro Quintero: go to the nearest",
        hint.count
    );
    // A click on "N ▶" brings the nearest later event into view, at the same zoom.
    h.get_by_label(&name).click();
    settle(&mut h);
    let view = h.state().view().time;
    let start = h.state().timeline().start_secs()[after];
    assert!(view.contains(start), "{view:?} shows the event");
    assert!((view.span_secs - zoomed.span_secs).abs() < 1.0, "same zoom");
    assert!(h.state().last_scene().unwrap().mark_of(after).is_some());

    // Back again from the keyboard: the hint before the view takes focus and Enter presses it.
    h.state_mut()
        .push(chronoscope::ui::commands::Command::SetView(zoomed));
    h.run_steps(3);
    let count = h
        .state()
        .last_scene()
        .unwrap()
        .offscreen
        .iter()
        .find(|x| x.lane == lane && x.side == Side::Before)
        .map(|x| x.count)
        .expect("a hint before the view");
    let name = format!(
        "{count} event{} before the view in Caro Quintero: go to the nearest",
        if count == 1 { "" } else { "s" }
    );
    h.get_by_label(&name).focus();
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    let end = h.state().timeline().end_secs()[before];
    assert!(
        h.state().view().time.contains(end),
        "the earlier event is in view"
    );
}

#[test]
fn a_reload_whose_events_all_moved_away_fits_the_view_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.csv");
    std::fs::write(
        &path,
        "Date,Title\n2001-03-01,First\n2001-03-05,Second\n2001-03-09,Third\n",
    )
    .unwrap();
    let mut h = harness_with(DialogAnswer::Picked(path.clone()));
    h.get_by_label("Open").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    let shows_all = |h: &Harness<'_, App>| {
        let app = h.state();
        let view = app.view().time;
        app.timeline()
            .start_secs()
            .iter()
            .all(|&s| view.contains(s))
    };
    assert!(shows_all(&h));
    // A spreadsheet rewrites every date a year later: the old view would be empty.
    rewrite_and_wait(
        &mut h,
        &path,
        "Date,Title\n2002-03-01,First\n2002-03-05,Second\n2002-03-09,Third\n2002-03-12,Fourth\n",
        4,
    );
    h.run_steps(3);
    assert!(shows_all(&h), "{:?}", h.state().view().time);

    // A reload that leaves events in view keeps the view as it was.
    let before = h.state().view().time;
    rewrite_and_wait(
        &mut h,
        &path,
        "Date,Title\n2002-03-01,First\n2002-03-05,Second\n2002-03-09,Third\n2002-03-12,Fourth\n2002-03-13,Fifth\n",
        5,
    );
    assert_eq!(h.state().view().time, before, "the view stays");
}

#[test]
fn a_start_up_file_that_fails_to_load_keeps_the_chosen_theme() {
    use chronoscope::theme::ThemeChoice;
    use chronoscope::ui::app::StartRequest;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"events\": [ {\"title\": ").unwrap();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(400)
        .build_eframe(move |cc| {
            App::new(
                cc,
                Some(bad),
                StartRequest {
                    theme: Some(ThemeChoice::Dark),
                    ..Default::default()
                },
            )
        });
    h.run_steps(3);
    wait_for_load(&mut h);
    h.run_steps(2);
    let banner = h.state().banner().cloned().expect("the load error");
    assert!(banner.text.contains("broken.json"), "{}", banner.text);
    assert_eq!(
        h.state().settings().theme,
        ThemeChoice::Dark,
        "--theme still applies"
    );
}

/// Rewrites the open file on disk and steps frames until the window has reloaded it with
/// `events` events (bounded).
fn rewrite_and_wait(
    h: &mut Harness<'_, App>,
    path: &std::path::Path,
    contents: &str,
    events: usize,
) {
    // A new modification time, even on coarse file systems.
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(path, contents).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().timeline().len() != events && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    assert_eq!(
        h.state().timeline().len(),
        events,
        "reloaded after the change on disk"
    );
}

/// What the axis reads at an event's marker: the label of the last fine tick at or before it,
/// and how many ticks so labelled come before that one (a fall-back night reads 01:00 twice).
fn reading_at(h: &Harness<'_, App>, id: &str) -> (String, usize) {
    let x = marker_of(h, id).x;
    let scene = h.state().last_scene().expect("a frame was drawn");
    let ticks = &scene.ticks.fine;
    let k = ticks
        .iter()
        .rposition(|t| scene.canvas.left() + t.x <= x + 0.5)
        .unwrap_or_else(|| panic!("no tick before {id}: {ticks:?}"));
    let label = ticks[k].label.clone();
    let earlier = ticks[..k].iter().filter(|t| t.label == label).count();
    (label, earlier)
}

/// The hour the axis reads at an event ("05"), and which reading of it (0, or 1 for the second
/// 01:00 of a fall-back night).
fn hour_at(h: &Harness<'_, App>, id: &str) -> (String, usize) {
    let (label, earlier) = reading_at(h, id);
    (label[..2].to_owned(), earlier)
}

#[test]
fn view_time_zone_relabels_the_axis_and_the_details_and_keeps_naive_times_as_written() {
    // New York's fall-back night: server logs with offsets (two exports both at 01:20 local,
    // one in daylight time, one an hour later in standard time) and naive reporter's notes.
    let night = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dst-night.json");
    let mut h = harness_with(DialogAnswer::Picked(night));
    h.get_by_label("Open").click();
    h.run_steps(2);
    wait_for_load(&mut h);
    let zone_label = |h: &Harness<'_, App>| {
        h.state()
            .last_scene()
            .and_then(|s| s.ticks.zone_label.clone())
    };
    assert_eq!(zone_label(&h).as_deref(), Some("UTC"));
    assert_eq!(hour_at(&h, "export-edt"), ("05".to_owned(), 0));
    assert_eq!(hour_at(&h, "export-est"), ("06".to_owned(), 0));
    assert_eq!(hour_at(&h, "call"), ("08".to_owned(), 0));
    let at = marker_of(&h, "login");
    click_at(&mut h, at);
    assert!(
        h.query_by_label_contains("in America/New_York").is_none(),
        "in UTC a Z time needs no second reading"
    );

    // View ▸ Time zone, typed like a person, Enter.
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Time zone: UTC").click();
    h.run_steps(2);
    h.get_by_label("Offset or zone name:").click();
    h.get_by_label("Offset or zone name:")
        .type_text("america/new york");
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let zone = h.state().settings().time_zone;
    assert_eq!(
        zone.name(),
        "America/New_York",
        "remembered with the settings"
    );
    h.get_by_label("Fit all").click();
    settle(&mut h);

    // The axis reads New York's clock and says so: both exports read 01:xx, the first in the
    // first (daylight) 01:00 hour, the second in the repeated one; the naive call still reads
    // 08:15 as written.
    let shown = zone_label(&h);
    assert!(
        shown
            .as_deref()
            .is_some_and(|z| z.starts_with("America/New_York (UTC")),
        "{shown:?}"
    );
    assert_eq!(hour_at(&h, "export-edt"), ("01".to_owned(), 0), "01:20 EDT");
    assert_eq!(hour_at(&h, "export-est"), ("01".to_owned(), 1), "01:20 EST");
    assert_eq!(hour_at(&h, "call"), ("08".to_owned(), 0), "as written");
    // The details read an instant in the zone too, to the microsecond.
    let at = marker_of(&h, "login");
    click_at(&mut h, at);
    h.get_by_label("= 3 Nov 2024 00:47:12.000004 UTC-4 in America/New_York");
    let at = marker_of(&h, "call");
    click_at(&mut h, at);
    h.get_by_label("No time zone given: 08:15 as written, in any zone");

    // A zone that does not exist says so, and changes nothing.
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Time zone: America/New_York").click();
    h.run_steps(2);
    h.get_by_label("Offset or zone name:").click();
    h.get_by_label("Offset or zone name:")
        .type_text("Mars/Olympus");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("\"Mars/Olympus\" is not known")
            .is_some()
    );
    assert_eq!(h.state().settings().time_zone, zone);
}

#[test]
fn the_remembered_time_zone_is_the_one_the_window_opens_in() {
    let settings = chronoscope::ui::settings::Settings {
        time_zone: chronoscope::model::DisplayZone::parse("America/Mexico_City").unwrap(),
        ..Default::default()
    };
    let mut h = Harness::builder()
        .with_size(WINDOW)
        .build_eframe(move |cc| {
            App::with_parts(
                &cc.egui_ctx,
                settings,
                Box::new(chronoscope::ui::files::ScriptedDialog(
                    DialogAnswer::Cancelled,
                )),
                None,
            )
        });
    h.run_steps(3);
    assert_eq!(
        h.state().timeline().display_zone().name(),
        "America/Mexico_City",
        "the sample's dates are placed in it"
    );
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Time zone: America/Mexico_City");
}
