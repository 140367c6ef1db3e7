//! What a screen reader hears without moving focus: one polite live region (AccessKit `Status`)
//! that announces selection changes, search counts and presentation steps, and the alert node
//! banners are shown in. The app tells [`Announcer`] what it shows after each frame; the
//! announcer works out what changed and words it.

use super::canvas_access::event_name;
use crate::model::Timeline;
use crate::slide::Step;
use egui::accesskit::{Live, Role};
use egui::{Id, Rect, UiBuilder};

/// The part of the app's state that is announced when it changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observed {
    pub selected: Option<usize>,
    /// The search's status line ("3 of 12", "no matches"), empty when no search is active.
    pub search_status: String,
    /// In a presentation: (current step, number of steps, the step shown), the steps counting
    /// the title step (`None`).
    pub step: Option<(usize, usize, Option<Step>)>,
}

/// Remembers what was last observed and the latest announcement.
#[derive(Default)]
pub struct Announcer {
    last: Observed,
    /// The live region's text: the latest announcement.
    pub text: String,
}

impl Announcer {
    /// Records the state after a frame; returns the new announcement, if any.
    pub fn observe(&mut self, now: Observed, timeline: &Timeline) -> Option<&str> {
        let said = announcement(&self.last, &now, timeline);
        self.last = now;
        let said = said?;
        self.text = said;
        Some(&self.text)
    }
}

/// What to say when the state goes from `before` to `after`: a presentation step first, then the
/// search's count, then the selection.
pub fn announcement(before: &Observed, after: &Observed, timeline: &Timeline) -> Option<String> {
    let event = |i: Option<usize>| i.and_then(|i| event_name(timeline, i));
    if after.step != before.step
        && let Some((current, steps, shown)) = &after.step
    {
        let what = match shown {
            Some(Step::View { title, dates, .. }) if title.is_empty() => format!("view, {dates}"),
            Some(Step::View { title, dates, .. }) => format!("view, {title}, {dates}"),
            shown => event(shown.as_ref().and_then(Step::event)).unwrap_or_else(|| {
                let title = timeline.title();
                format!(
                    "title, {}",
                    if title.is_empty() { "untitled" } else { title }
                )
            }),
        };
        return Some(format!("Step {} of {steps}: {what}", current + 1));
    }
    if after.step.is_none() && before.step.is_some() {
        return Some("Presentation ended".to_owned());
    }
    if after.search_status != before.search_status && !after.search_status.is_empty() {
        let status = &after.search_status;
        // "1 of 4" names the match it moved to.
        return Some(match event(after.selected) {
            Some(name) if status.contains(" of ") => format!("Match {status}: {name}"),
            _ => format!("Search: {status}"),
        });
    }
    if after.selected != before.selected && after.step.is_none() {
        return Some(match event(after.selected) {
            Some(name) => format!("Selected: {name}"),
            None => "Selection cleared".to_owned(),
        });
    }
    None
}

/// The polite live region (a status node, out of sight) carrying the latest announcement.
pub fn live_region_ui(ui: &mut egui::Ui, text: &str) {
    let id = Id::unique("chronoscope.announcements");
    let ui = ui.new_child(
        UiBuilder::new()
            .scope_id(id)
            .max_rect(Rect::from_min_size(egui::Pos2::ZERO, egui::Vec2::ZERO))
            .accessibility_role(Role::Status)
            .accessibility_label(text),
    );
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_live(Live::Polite);
        node.set_live_atomic();
    });
}

/// Makes the `Ui` a banner is shown in an assertive alert named with its text.
pub fn mark_as_alert(ui: &egui::Ui, text: &str) {
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(Role::Alert);
        node.set_label(text.to_owned());
        node.set_live(Live::Assertive);
        node.set_live_atomic();
    });
}

/// Marks a label as a heading of `level` (2 for a panel, 3 for a section) for screen readers.
pub fn mark_as_heading(response: &egui::Response, level: usize) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_role(Role::Heading);
        node.set_level(level);
        // egui puts a label's text in its value; a heading is named by it.
        if let Some(text) = node.value().map(str::to_owned) {
            node.set_label(text);
            node.clear_value();
        }
    });
}

/// Names the region (panel) a `Ui` belongs to, so "Details" or "Legend" is read on entering it.
pub fn name_region(ui: &egui::Ui, name: &str) {
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(Role::Region);
        node.set_label(name.to_owned());
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, TimelineMeta};

    fn timeline() -> Timeline {
        let meta = TimelineMeta {
            title: "Case".into(),
            ..Default::default()
        };
        Timeline::new(
            meta,
            vec![
                Event::new("a", "Arrest", Date::parse_iso("1985-02-07").unwrap()),
                Event::new("b", "Trial", Date::parse_iso("1988").unwrap()),
            ],
        )
    }

    #[test]
    fn selection_search_and_steps_are_worded() {
        let t = timeline();
        let idle = Observed::default();
        let selected = Observed {
            selected: Some(0),
            ..Default::default()
        };
        assert_eq!(
            announcement(&idle, &selected, &t).unwrap(),
            "Selected: Arrest, 7 Feb 1985 (known to the day), Events lane"
        );
        assert_eq!(
            announcement(&selected, &idle, &t).unwrap(),
            "Selection cleared"
        );
        assert_eq!(announcement(&selected, &selected, &t), None);
        let searching = Observed {
            search_status: "2 matches".into(),
            ..Default::default()
        };
        assert_eq!(
            announcement(&idle, &searching, &t).unwrap(),
            "Search: 2 matches"
        );
        let stepped = Observed {
            selected: Some(1),
            search_status: "2 of 2".into(),
            ..Default::default()
        };
        assert_eq!(
            announcement(&searching, &stepped, &t).unwrap(),
            "Match 2 of 2: Trial, 1988 (known to the year), Events lane"
        );
        let title_step = Observed {
            step: Some((0, 3, None)),
            // Entering a presentation keeps the selection; the title step has no event.
            selected: Some(0),
            ..Default::default()
        };
        assert_eq!(
            announcement(&idle, &title_step, &t).unwrap(),
            "Step 1 of 3: title, Case"
        );
        let step = Observed {
            step: Some((
                2,
                3,
                Some(Step::Event {
                    index: 1,
                    caption: None,
                }),
            )),
            selected: Some(1),
            ..Default::default()
        };
        assert_eq!(
            announcement(&title_step, &step, &t).unwrap(),
            "Step 3 of 3: Trial, 1988 (known to the year), Events lane"
        );
        let view = Observed {
            step: Some((
                1,
                3,
                Some(Step::View {
                    view: crate::view::TimeView::new(0.0, 1e9),
                    title: "The eighties".into(),
                    caption: String::new(),
                    dates: "1980 \u{2013} 1989".into(),
                    lanes: None,
                }),
            )),
            ..Default::default()
        };
        assert_eq!(
            announcement(&title_step, &view, &t).unwrap(),
            "Step 2 of 3: view, The eighties, 1980 \u{2013} 1989"
        );
        assert_eq!(
            announcement(&step, &idle, &t).unwrap(),
            "Presentation ended"
        );
    }

    #[test]
    fn the_announcer_keeps_the_latest_text() {
        let t = timeline();
        let mut a = Announcer::default();
        assert_eq!(a.observe(Observed::default(), &t), None);
        let sel = Observed {
            selected: Some(1),
            ..Default::default()
        };
        assert!(a.observe(sel.clone(), &t).is_some());
        assert_eq!(a.observe(sel, &t), None, "nothing new, nothing said");
        assert!(a.text.starts_with("Selected: Trial"));
    }
}
