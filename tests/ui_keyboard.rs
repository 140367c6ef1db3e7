//! The whole window by keyboard alone, as someone who cannot use a mouse would: no pointer event
//! is sent. Select an event and read its details, open a source, search and step through the
//! matches, toggle a lane, present and leave, export through the dialog with Enter — and after
//! every key, keyboard focus is somewhere.

use chronoscope::ui::App;
use chronoscope::ui::canvas::canvas_id;
use chronoscope::ui::files::DialogAnswer;
use chronoscope::ui::links::RecordingOpener;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/window.rs"]
mod support;
use support::{WINDOW, window};

const EVENT: &str = "caro-quintero-captured";
const TITLE: &str = "Caro Quintero recaptured in Sinaloa";
const SOURCE: &str = "Statement by U.S. Ambassador Ken Salazar";
const URL: &str = "https://mx.usembassy.gov/statement-by-u-s-ambassador-ken-salazar/";

fn harness(dialog: DialogAnswer) -> Harness<'static, App> {
    window(WINDOW, dialog)
}

/// Presses a key (with modifiers), lets the frames settle, and checks focus is somewhere.
fn press(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    for _ in 0..60 {
        h.step();
        if h.state().view().animation.is_none() {
            break;
        }
    }
    h.run_steps(2);
    assert!(
        h.ctx.memory(|m| m.focused()).is_some(),
        "after {modifiers:?}+{key:?}, keyboard focus is on nothing"
    );
}

fn key(h: &mut Harness<'_, App>, key: Key) {
    press(h, Modifiers::NONE, key);
}

fn selected_id(h: &Harness<'_, App>) -> Option<String> {
    let app = h.state();
    let i = app.view().selected?;
    Some(app.timeline().events()[i].id().to_owned())
}

fn announced(h: &Harness<'_, App>) -> String {
    h.state().announcement().to_owned()
}

#[test]
fn the_whole_story_by_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("by-keyboard.png");
    let mut h = harness(DialogAnswer::Picked(png.clone()));
    let opener = Arc::new(RecordingOpener::default());
    h.state_mut().set_link_opener(opener.clone());

    // Tab enters the window at its first control, the File menu; Enter opens it, Esc closes it
    // and focus stays on File.
    key(&mut h, Key::Tab);
    let file = h.get_by_label("File");
    assert!(file.is_focused(), "Tab focuses the File menu");
    key(&mut h, Key::Enter);
    h.get_by_label_contains("Open the built-in sample");
    key(&mut h, Key::Escape);
    assert!(
        h.query_by_label_contains("Open the built-in sample")
            .is_none()
    );
    assert!(h.get_by_label("File").is_focused(), "focus back on File");
    assert_eq!(h.state().view().selected, None, "Esc only closed the menu");

    // F6: toolbar → legend → timeline.
    key(&mut h, Key::F6);
    key(&mut h, Key::F6);
    assert!(
        h.ctx.memory(|m| m.has_focus(canvas_id())),
        "F6 reaches the timeline"
    );

    // Select an event with the arrows and read its details.
    key(&mut h, Key::Home);
    for _ in 0..40 {
        if selected_id(&h).as_deref() == Some(EVENT) {
            break;
        }
        key(&mut h, Key::ArrowRight);
    }
    assert_eq!(selected_id(&h).as_deref(), Some(EVENT));
    let event = h.get_by(|n| {
        n.role() == Role::ListBoxOption
            && n.label()
                .is_some_and(|l| l.starts_with(&format!("{TITLE}, 15 Jul 2022")))
    });
    assert!(
        event.is_focused(),
        "the selected event is the screen reader's focus"
    );
    assert!(announced(&h).starts_with(&format!("Selected: {TITLE}")));
    key(&mut h, Key::Enter);
    assert!(
        h.get_by_label("< Prev").is_focused(),
        "Enter moved focus into the details"
    );
    h.get_by_role_and_label(Role::Heading, TITLE);
    h.get_by_label("15 Jul 2022");
    h.get_by_label("known to the day");

    // Open a source: Tab to its link, Enter.
    for _ in 0..12 {
        if h.get_by_role_and_label(Role::Link, SOURCE).is_focused() {
            break;
        }
        key(&mut h, Key::Tab);
    }
    assert!(h.get_by_role_and_label(Role::Link, SOURCE).is_focused());
    key(&mut h, Key::Enter);
    let deadline = Instant::now() + Duration::from_secs(10);
    while opener.opened().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    assert_eq!(opener.opened(), [URL]);
    // And copy the citation.
    press(&mut h, Modifiers::COMMAND, Key::C);

    // Search and step through the matches.
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.event(egui::Event::Text("arraigned".into()));
    // Matches come from a worker thread: step until the query started and finished (bounded).
    h.step();
    let deadline = Instant::now() + Duration::from_secs(10);
    while h.state().view().search.is_running() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.run_steps(3);
    assert_eq!(h.state().view().search.hits.len(), 2);
    assert_eq!(announced(&h), "Search: 2 matches");
    key(&mut h, Key::Enter);
    h.get_by_label("1 of 2");
    assert!(announced(&h).starts_with("Match 1 of 2: "));
    key(&mut h, Key::Enter);
    h.get_by_label("2 of 2");
    assert!(announced(&h).starts_with("Match 2 of 2: "));

    // Toggle a lane: F6 from the toolbar's search box to the legend, Space on the first lane.
    key(&mut h, Key::F6);
    let lane0 = h.state().timeline().lanes()[0].label.clone();
    assert!(
        h.get_by_label_contains(&format!("{lane0} (")).is_focused(),
        "F6 enters the legend at its first lane"
    );
    key(&mut h, Key::Space);
    assert!(
        h.state().view().filters.lane_hidden[0],
        "the lane is hidden"
    );
    key(&mut h, Key::Space);
    assert!(!h.state().view().filters.lane_hidden[0], "and shown again");

    // Present and leave: focus comes back to the lane toggle.
    h.get_by_label("Clear").click_accesskit(); // the search's own Clear (an AccessKit action)
    h.run_steps(2);
    key(&mut h, Key::F6);
    key(&mut h, Key::F6);
    key(&mut h, Key::F6);
    key(&mut h, Key::F6);
    assert!(
        h.get_by_label_contains(&format!("{lane0} (")).is_focused(),
        "F6 went round the regions back to the legend"
    );
    key(&mut h, Key::F5);
    assert!(h.state().presentation().is_some());
    key(&mut h, Key::ArrowRight);
    assert!(announced(&h).starts_with("Step 2 of "), "{}", announced(&h));
    key(&mut h, Key::Escape);
    assert!(h.state().presentation().is_none());
    assert!(
        h.get_by_label_contains(&format!("{lane0} (")).is_focused(),
        "focus is back where it was"
    );

    // Export through the dialog with Enter.
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert!(h.state().panels().export.open);
    assert!(
        h.get_by_label("The current view").is_focused(),
        "the dialog took focus"
    );
    key(&mut h, Key::Enter);
    let deadline = Instant::now() + Duration::from_secs(60);
    while h.state().banner().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(3);
    let banner = h.state().banner().expect("a confirmation").clone();
    assert!(banner.text.contains("by-keyboard.png"), "{}", banner.text);
    assert!(png.exists());
    assert!(!h.state().panels().export.open, "the dialog closed");
    assert!(
        h.get_by_label_contains(&format!("{lane0} (")).is_focused(),
        "focus is back where it was before the dialog"
    );

    // Esc and Ctrl+E close the dialog without exporting, returning focus.
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert!(h.state().panels().export.open);
    key(&mut h, Key::Escape);
    assert!(!h.state().panels().export.open, "Esc closed it");
    press(&mut h, Modifiers::COMMAND, Key::E);
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert!(!h.state().panels().export.open, "Ctrl+E closed it");
    assert!(h.get_by_label_contains(&format!("{lane0} (")).is_focused());

    // F1: the keyboard help, closed by Esc.
    key(&mut h, Key::F1);
    h.get_by_role_and_label(Role::Heading, "Keyboard");
    key(&mut h, Key::Escape);
    assert!(
        h.query_by_role_and_label(Role::Heading, "Keyboard")
            .is_none()
    );
    assert!(h.get_by_label_contains(&format!("{lane0} (")).is_focused());
}
