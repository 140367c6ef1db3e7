//! Presentation mode: full screen, chrome hidden, large type; steps through the story (the
//! file's `story` order, else chronological, restricted by filters and search) with eased
//! transitions and a caption card. Leaving restores the previous view and window state.

use super::app::{App, event_view, fit_view};
use super::commands::Command;
use crate::model::Timeline;
use crate::slide::{SlideInput, slide_ui};
use crate::view::{TimeView, ViewAnimation};

/// Step transitions take this long (seconds), eased in and out.
pub const STEP_SECS: f64 = 0.6;
/// The pointer hides after this many seconds without moving.
const CURSOR_IDLE_SECS: f64 = 2.0;

pub struct Presentation {
    /// Event indices, in presentation order. Step 0 is the title; step k ≥ 1 shows `steps[k-1]`.
    pub steps: Vec<usize>,
    pub current: usize,
    pub blank: bool,
    /// Digits typed for "number + Enter".
    pub typed: String,
    saved_view: TimeView,
    saved_selected: Option<usize>,
    was_fullscreen: bool,
    last_pointer_move: f64,
}

/// The events a presentation steps through: the story order if the file has one, else
/// chronological; only shown events, and only search matches while a search is active.
pub fn story_steps(
    timeline: &Timeline,
    shown: impl Fn(usize) -> bool,
    matches: Option<&[bool]>,
) -> Vec<usize> {
    let ok = |i: usize| shown(i) && matches.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    if timeline.meta.story.is_empty() {
        (0..timeline.len()).filter(|&i| ok(i)).collect()
    } else {
        let index: std::collections::HashMap<&str, usize> = timeline
            .events()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        timeline
            .meta
            .story
            .iter()
            .filter_map(|id| index.get(id.as_str()).copied())
            .filter(|&i| ok(i))
            .collect()
    }
}

/// The view for step `n` (0 = the whole timeline).
pub fn step_view(timeline: &Timeline, steps: &[usize], n: usize) -> TimeView {
    match n.checked_sub(1).and_then(|k| steps.get(k)) {
        Some(&i) => event_view(timeline, i).unwrap_or_else(|| fit_view(timeline)),
        None => fit_view(timeline),
    }
}

/// "5 / 19" (steps counted from 1, the title step included).
pub fn counter_text(current: usize, steps: usize) -> String {
    format!("{} / {}", current + 1, steps + 1)
}

impl Presentation {
    pub fn enter(app: &mut App, ctx: &egui::Context) -> Self {
        let doc = &app.doc;
        let matches = app
            .search
            .is_active()
            .then_some(app.search.matches.as_slice());
        let steps = story_steps(&doc.timeline, |i| doc.is_shown(i), matches);
        let was_fullscreen = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        let p = Presentation {
            steps,
            current: 0,
            blank: false,
            typed: String::new(),
            saved_view: app.target_view(),
            saved_selected: app.selected,
            was_fullscreen,
            last_pointer_move: ctx.input(|i| i.time),
        };
        let now = ctx.input(|i| i.time);
        app.animation = Some(ViewAnimation {
            from: app.view,
            to: step_view(app.timeline(), &p.steps, 0),
            start_time: now,
            duration: STEP_SECS,
        });
        p
    }

    /// Restores exactly what was there before.
    pub fn leave(self, app: &mut App, ctx: &egui::Context) {
        app.animation = None;
        app.view = self.saved_view;
        app.selected = self.saved_selected;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.was_fullscreen));
        ctx.set_cursor_icon(egui::CursorIcon::Default);
    }

    pub fn focus(&self) -> Option<usize> {
        self.current
            .checked_sub(1)
            .and_then(|k| self.steps.get(k).copied())
    }
}

pub fn go_to_step(app: &mut App, n: usize, now: f64) {
    let Some(p) = &mut app.presentation else {
        return;
    };
    let n = n.min(p.steps.len());
    p.current = n;
    p.blank = false;
    let to = step_view(&app.doc.timeline, &p.steps, n);
    let focus = p.focus();
    app.selected = focus;
    app.animation = Some(ViewAnimation {
        from: app.view,
        to,
        start_time: now,
        duration: STEP_SECS,
    });
}

pub fn presentation_ui(app: &mut App, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    keys(app, &ctx);
    let rect = ui.max_rect();
    let response = ui.allocate_rect(rect, egui::Sense::click());
    let theme = app.theme().clone();
    let Some(p) = &mut app.presentation else {
        return;
    };
    // Hide the pointer when idle.
    let (moved, now) = ctx.input(|i| (i.pointer.delta() != egui::Vec2::ZERO, i.time));
    if moved {
        p.last_pointer_move = now;
    }
    let idle = now - p.last_pointer_move;
    if idle > CURSOR_IDLE_SECS {
        ctx.set_cursor_icon(egui::CursorIcon::None);
    } else {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            CURSOR_IDLE_SECS - idle + 0.05,
        ));
    }
    if p.blank {
        ui.painter().rect_filled(rect, 0.0, egui::Color32::BLACK);
    } else {
        let counter = counter_text(p.current, p.steps.len());
        let focus = p.focus();
        let doc = &app.doc;
        slide_ui(
            ui,
            rect,
            &theme,
            &SlideInput {
                timeline: &doc.timeline,
                view: app.view,
                lane_hidden: &doc.lane_hidden,
                event_hidden: doc.event_hidden.as_deref(),
                focus,
                counter,
                now_secs: None,
            },
        );
    }
    if response.clicked() {
        app.push(Command::PresentationStep(1));
    }
}

fn keys(app: &mut App, ctx: &egui::Context) {
    use egui::{Key, Modifiers};
    let none = Modifiers::NONE;
    let mut out = Vec::new();
    let Some(p) = &mut app.presentation else {
        return;
    };
    ctx.input_mut(|i| {
        for key in [Key::ArrowRight, Key::Space, Key::PageDown, Key::ArrowDown] {
            if i.consume_key(none, key) {
                out.push(Command::PresentationStep(1));
            }
        }
        for key in [Key::ArrowLeft, Key::PageUp, Key::ArrowUp] {
            if i.consume_key(none, key) {
                out.push(Command::PresentationStep(-1));
            }
        }
        if i.consume_key(none, Key::Home) {
            out.push(Command::GoToStep(0));
        }
        if i.consume_key(none, Key::End) {
            out.push(Command::GoToStep(p.steps.len()));
        }
        if i.consume_key(none, Key::B) {
            out.push(Command::ToggleBlank);
        }
        if i.consume_key(none, Key::Escape) || i.consume_key(none, Key::F5) {
            out.push(Command::ExitPresentation);
        }
        for (k, key) in [
            Key::Num0,
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ]
        .into_iter()
        .enumerate()
        {
            if i.consume_key(none, key) {
                p.typed.push(char::from(b'0' + k as u8));
            }
        }
        if i.consume_key(none, Key::Enter) {
            // "5 Enter" goes to the step the counter shows as 5.
            if let Ok(n) = p.typed.parse::<usize>() {
                out.push(Command::GoToStep(n.saturating_sub(1)));
            }
            p.typed.clear();
        }
    });
    app.commands.extend(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, TimelineMeta};

    fn timeline(story: &[&str]) -> Timeline {
        let meta = TimelineMeta {
            story: story.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let ev = |id: &str, d: &str| Event::new(id, id, Date::parse_iso(d).unwrap());
        Timeline::new(
            meta,
            vec![ev("b", "2000"), ev("a", "1990"), ev("c", "2010")],
        )
    }

    #[test]
    fn story_order_wins_then_chronology_and_filters_restrict() {
        let t = timeline(&["c", "a", "missing"]);
        let ids = |v: Vec<usize>| {
            v.into_iter()
                .map(|i| t.events()[i].id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(story_steps(&t, |_| true, None)), ["c", "a"]);
        let plain = timeline(&[]);
        let steps = story_steps(&plain, |_| true, None);
        assert_eq!(
            steps
                .iter()
                .map(|&i| plain.events()[i].id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        let only_b = [false, true, false];
        assert_eq!(story_steps(&plain, |_| true, Some(&only_b)), [1]);
        assert_eq!(story_steps(&plain, |i| i != 0, None), [1, 2]);
        assert_eq!(counter_text(4, 18), "5 / 19");
    }
}
