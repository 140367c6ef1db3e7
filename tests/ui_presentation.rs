//! Presentation mode driven from the keyboard like a presenter with a clicker: enter with F5,
//! step with →/Space/PageDown and ←/PageUp, jump with Home/End and "number + Enter", blank with
//! B, leave with Esc — and find the previous view restored exactly.

use chronoscope::ui::App;
use chronoscope::ui::files::{DialogAnswer, ScriptedDialog};
use chronoscope::ui::settings::Settings;
use egui::{Key, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};

#[path = "support/window.rs"]
mod support;
use support::{PROJECTOR, settle, window};

fn harness() -> Harness<'static, App> {
    window(PROJECTOR, DialogAnswer::Cancelled)
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// The id of the event the current step is about.
fn step_event(h: &Harness<'_, App>) -> Option<String> {
    let p = h.state().presentation()?;
    p.focus()
        .map(|i| h.state().timeline().events()[i].id().to_owned())
}

#[test]
fn steps_through_the_story_with_captions_and_restores_the_view_on_exit() {
    let mut h = harness();
    // Zoom in somewhere first: leaving must bring exactly this view back.
    h.key_press(Key::Plus);
    settle(&mut h);
    let before = h.state().view().time;

    press(&mut h, Key::F5);
    let story: Vec<String> = h
        .state()
        .timeline()
        .meta
        .story
        .iter()
        .filter_map(|step| step.event_id().map(str::to_owned))
        .collect();
    assert!(story.len() >= 10, "the sample has a story of events");
    {
        let p = h.state().presentation().expect("presenting");
        assert_eq!(p.steps.len(), story.len(), "steps follow the story");
        assert_eq!(p.current, 0);
    }
    // Title step: the timeline's title and the counter.
    let title = h.state().timeline().title().to_owned();
    h.get_by_label(&title);
    h.get_by_label(&format!("1 / {}", story.len() + 1));
    assert!(h.query_by_label("Fit all").is_none(), "chrome is hidden");

    // Forward with the clicker keys.
    for (k, key) in [Key::ArrowRight, Key::Space, Key::PageDown]
        .into_iter()
        .enumerate()
    {
        press(&mut h, key);
        let id = step_event(&h).expect("an event step");
        assert_eq!(id, story[k], "step {}", k + 1);
        h.get_by_label(&format!("{} / {}", k + 2, story.len() + 1));
        // The caption shows the event's title and its date with precision.
        let t = h.state().timeline();
        let index = t.index_of(&id).unwrap();
        let e = &t.events()[index];
        let (title, date) = (
            e.title().to_owned(),
            e.display_date()
                .map(str::to_owned)
                .unwrap_or_else(|| e.date_text()),
        );
        let steps = h.state().presentation().expect("presenting").steps.clone();
        let want_view = chronoscope::slide::step_view(t, &steps, k + 1);
        h.get_by_label(&title);
        h.get_by_label(&date);
        // The view is the step's: the event with its story neighbours in context.
        let view = h.state().view().time;
        assert!(
            (view.span_secs - want_view.span_secs).abs() < 1.0,
            "step {} view span",
            k + 1
        );
        assert!(view.contains(t.start_secs()[index]));
    }
    // Back.
    press(&mut h, Key::PageUp);
    assert_eq!(step_event(&h).as_deref(), Some(story[1].as_str()));
    press(&mut h, Key::ArrowLeft);
    assert_eq!(step_event(&h).as_deref(), Some(story[0].as_str()));
    // End, Home, and "5 Enter".
    press(&mut h, Key::End);
    assert_eq!(step_event(&h).as_deref(), story.last().map(|s| s.as_str()));
    press(&mut h, Key::Home);
    assert_eq!(step_event(&h), None, "Home is the title step");
    h.key_press(Key::Num5);
    press(&mut h, Key::Enter);
    assert_eq!(
        step_event(&h).as_deref(),
        Some(story[3].as_str()),
        "5 Enter shows the step counted 5"
    );
    h.get_by_label(&format!("5 / {}", story.len() + 1));
    // B blanks the screen and B again brings it back.
    press(&mut h, Key::B);
    assert!(h.state().presentation().unwrap().blank);
    assert!(
        h.query_by_label(&format!("5 / {}", story.len() + 1))
            .is_none()
    );
    press(&mut h, Key::B);
    assert!(!h.state().presentation().unwrap().blank);

    // Esc leaves and restores the view exactly.
    press(&mut h, Key::Escape);
    assert!(h.state().presentation().is_none());
    assert_eq!(h.state().view().time, before);
    h.get_by_label("Fit all");
}

#[test]
fn a_search_restricts_the_steps_to_its_matches() {
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
    h.get_by_label("Present").click();
    settle(&mut h);
    let p = h.state().presentation().expect("presenting");
    assert_eq!(p.steps.len(), 2);
    h.get_by_label("1 / 3");
}

#[test]
fn the_presentation_exports_its_story_as_a_pdf_handout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("handout.pdf");
    let mut h = Harness::builder()
        .with_size(Vec2::new(1280.0, 720.0))
        .with_max_steps(400)
        .build_eframe({
            let out = out.clone();
            move |cc| {
                App::with_parts(
                    &cc.egui_ctx,
                    Settings::default(),
                    Box::new(ScriptedDialog(DialogAnswer::Picked(out))),
                    None,
                )
            }
        });
    h.run_steps(3);
    press(&mut h, Key::F5);
    press(&mut h, Key::ArrowRight);
    let steps = h.state().presentation().expect("presenting").steps.len();
    // The button shows while the pointer moves.
    h.hover_at(egui::pos2(600.0, 340.0));
    h.step();
    h.hover_at(egui::pos2(640.0, 360.0));
    h.run_steps(2);
    h.get_by_label("Export handout (PDF)…").click();
    h.run_steps(3);
    assert_eq!(
        h.state().presentation().expect("still presenting").current,
        1,
        "the click did not step the story"
    );
    assert!(h.state().panels().export.open, "the dialog opened");
    assert!(
        h.get_by_label_contains("The story as a handout")
            .is_focused(),
        "set to the handout, focus on it"
    );
    // Keys belong to the dialog now: Enter exports instead of jumping to a step.
    h.key_press(Key::Enter);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while h.state().banner().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    let banner = h.state().banner().cloned().expect("a banner");
    assert!(!banner.is_error, "{}", banner.text);
    assert!(banner.text.contains("handout.pdf"), "{}", banner.text);
    assert_eq!(h.state().presentation().unwrap().current, 1, "same step");
    let doc = lopdf::Document::load(&out).expect("a PDF");
    assert_eq!(
        doc.get_pages().len(),
        steps + 1,
        "overview and one page per step"
    );
}
