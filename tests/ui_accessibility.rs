//! The window as a screen reader sees it: the AccessKit tree egui_kittest builds from the real
//! `App` (the same tree AccessKit hands to AT-SPI). Events are named nodes with bounds inside
//! lane groups; the selected one is the focus; search counts, selections, banners and
//! presentation steps are announced through live regions.

use chronoscope::ui::App;
use chronoscope::ui::files::DialogAnswer;
use chronoscope::ui::links::RecordingOpener;
use egui::accesskit::{Live, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/window.rs"]
mod support;
use support::{WINDOW, settle, window};

fn harness() -> Harness<'static, App> {
    window(WINDOW, DialogAnswer::Cancelled)
}

/// The live region's current words.
fn announced(h: &Harness<'_, App>) -> String {
    let node = h.get_by(|n| n.role() == Role::Status && n.live() == Live::Polite);
    node.accesskit_node().label().unwrap_or_default()
}

#[test]
fn events_are_named_nodes_with_bounds_inside_lane_groups() {
    let h = harness();
    let canvas = h.get_by_role(Role::ListBox);
    let name = canvas.accesskit_node().label().unwrap_or_default();
    assert!(name.starts_with("Timeline: "), "{name}");
    assert!(name.contains("events in view"), "{name}");

    let lanes: Vec<_> = h
        .query_all_by_role(Role::Group)
        .filter(|g| {
            g.accesskit_node()
                .label()
                .is_some_and(|l| l.contains(" lane, "))
        })
        .collect();
    assert!(lanes.len() >= 5, "one group per lane in view");
    let caro = h.get_by_label_contains("Caro Quintero lane, ");
    assert_eq!(caro.accesskit_node().role(), Role::Group);

    let event = h.get_by_label(
        "Caro Quintero recaptured in Sinaloa, 15 Jul 2022 (known to the day), Caro Quintero lane",
    );
    assert_eq!(event.accesskit_node().role(), Role::ListBoxOption);
    assert_eq!(event.accesskit_node().is_selected(), Some(false));
    let bounds = event.accesskit_node().bounding_box().expect("bounds");
    let scene = h.state().last_scene().cloned().unwrap();
    let index = h
        .state()
        .timeline()
        .index_of("caro-quintero-captured")
        .unwrap();
    let mark = scene.mark_of(index).expect("drawn");
    assert!(
        bounds.x0 <= mark.x as f64 && mark.x as f64 <= bounds.x1,
        "bounds {bounds:?} hold the marker at x = {}",
        mark.x
    );
    assert!(bounds.y0 <= mark.y as f64 && mark.y as f64 <= bounds.y1);
    // Its parent is its lane's group.
    let parent = event.parent().expect("a parent");
    assert!(
        parent
            .accesskit_node()
            .label()
            .is_some_and(|l| l.starts_with("Caro Quintero lane")),
    );
    // Eras are groups too.
    assert!(
        h.query_all_by_role(Role::Group).any(|g| g
            .accesskit_node()
            .label()
            .is_some_and(|l| l.starts_with("Era: "))),
        "eras are exposed"
    );
    // The window is named after the document.
    let root = h.root();
    let window = root.accesskit_node().label().unwrap_or_default();
    assert!(window.contains("built-in sample"), "{window}");
    // Panels have headings.
    for heading in ["Lanes", "Tags"] {
        assert_eq!(
            h.get_by_label(heading).accesskit_node().role(),
            Role::Heading,
            "{heading}"
        );
    }
}

#[test]
fn a_screen_reader_selects_an_event_and_it_becomes_the_focus() {
    let mut h = harness();
    let name =
        "Caro Quintero recaptured in Sinaloa, 15 Jul 2022 (known to the day), Caro Quintero lane";
    h.get_by_label(name).click_accesskit();
    h.run_steps(3);
    let index = h
        .state()
        .timeline()
        .index_of("caro-quintero-captured")
        .unwrap();
    assert_eq!(h.state().view().selected, Some(index));
    let event = h.get_by_label(name);
    assert_eq!(event.accesskit_node().is_selected(), Some(true));
    assert!(event.is_focused(), "the selected event is the focus");
    assert!(
        announced(&h).starts_with("Selected: Caro Quintero recaptured in Sinaloa"),
        "{}",
        announced(&h)
    );
    // The details panel is a named region with headings.
    h.get_by_role_and_label(Role::Region, "Details");
    h.get_by_role_and_label(Role::Heading, "Details");
    h.get_by_role_and_label(Role::Heading, "Sources");
    h.get_by_role_and_label(Role::Heading, "Caro Quintero recaptured in Sinaloa");
}

#[test]
fn search_counts_and_presentation_steps_are_announced() {
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
    assert_eq!(announced(&h), "Search: 2 matches");
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let said = announced(&h);
    assert!(said.starts_with("Match 1 of 2: "), "{said}");
    assert!(said.to_lowercase().contains("arraigned"), "{said}");

    h.get_by_label("Present").click_accesskit();
    settle(&mut h);
    assert_eq!(
        announced(&h),
        "Step 1 of 3: title, Caro Quintero, Camarena and Mexico's 2025 transfer of cartel figures"
    );
    h.key_press(egui::Key::ArrowRight);
    settle(&mut h);
    let said = announced(&h);
    assert!(said.starts_with("Step 2 of 3: "), "{said}");
    assert!(said.to_lowercase().contains("arraigned"), "{said}");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert_eq!(announced(&h), "Presentation ended");
}

#[test]
fn a_browser_that_cannot_start_raises_an_alert() {
    let mut h = harness();
    let opener = Arc::new(RecordingOpener {
        fail_with: Some("No valid browsers detected".into()),
        ..Default::default()
    });
    h.state_mut().set_link_opener(opener.clone());
    h.get_by_label_contains("Caro Quintero recaptured in Sinaloa, 15 Jul 2022")
        .click_accesskit();
    h.run_steps(3);
    h.get_by_role_and_label(Role::Link, "Statement by U.S. Ambassador Ken Salazar")
        .click_accesskit();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while h.state().banner().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run_steps(2);
    assert_eq!(
        opener.opened(),
        ["https://mx.usembassy.gov/statement-by-u-s-ambassador-ken-salazar/"]
    );
    let alert = h.get_by_role(Role::Alert);
    let text = alert.accesskit_node().label().unwrap_or_default();
    assert!(text.contains("No web browser could be started"), "{text}");
    assert_eq!(alert.accesskit_node().live(), Live::Assertive);
}
