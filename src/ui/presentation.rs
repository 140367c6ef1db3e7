//! Presentation mode: full screen, chrome hidden, large type; steps through the story (the
//! file's `story` — events, with the story's captions, and views — else every event
//! chronologically, restricted by filters and search) with eased transitions and a caption card.
//! Leaving restores the previous view and window state.

use super::commands::Command;
use super::document::Document;
use super::view_state::ViewState;
use crate::slide::{SlideInput, Step, counter_text, slide_ui};
use crate::theme::Theme;
use crate::view::TimeView;

/// Step transitions take this long (seconds), eased in and out.
pub const STEP_SECS: f64 = 0.6;
/// The pointer hides after this many seconds without moving.
const CURSOR_IDLE_SECS: f64 = 2.0;

pub struct Presentation {
    /// The story's steps, in order. Step 0 is the title; step k ≥ 1 shows `steps[k-1]`.
    pub steps: Vec<Step>,
    pub current: usize,
    pub blank: bool,
    /// Digits typed for "number + Enter".
    pub typed: String,
    /// The slide's canvas as laid out last frame.
    pub last_scene: Option<crate::layout::Scene>,
    saved_view: TimeView,
    saved_selected: Option<usize>,
    was_fullscreen: bool,
    last_pointer_move: f64,
}

impl Presentation {
    /// Goes full screen over `steps`, remembering the view and selection to restore.
    pub fn enter(
        steps: Vec<Step>,
        saved_view: TimeView,
        saved_selected: Option<usize>,
        ctx: &egui::Context,
    ) -> Self {
        let was_fullscreen = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        Presentation {
            steps,
            current: 0,
            blank: false,
            typed: String::new(),
            last_scene: None,
            saved_view,
            saved_selected,
            was_fullscreen,
            last_pointer_move: ctx.input(|i| i.time),
        }
    }

    /// Restores the window; returns the view and selection from before.
    pub fn leave(self, ctx: &egui::Context) -> (TimeView, Option<usize>) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.was_fullscreen));
        ctx.set_cursor_icon(egui::CursorIcon::Default);
        (self.saved_view, self.saved_selected)
    }

    /// The step shown; `None` on the title step.
    pub fn step(&self) -> Option<&Step> {
        self.current.checked_sub(1).and_then(|k| self.steps.get(k))
    }

    /// The event the current step is about, if any.
    pub fn focus(&self) -> Option<usize> {
        self.step().and_then(Step::event)
    }
}

/// The slide for the current step, full window; keys and clicks come back as commands. While a
/// dialog is open over the slide (the handout export), its widgets own the keys and the focus.
pub fn presentation_ui(
    ui: &mut egui::Ui,
    p: &mut Presentation,
    doc: &Document,
    view: &ViewState,
    theme: &Theme,
    dialog_open: bool,
) -> Vec<Command> {
    let ctx = ui.ctx().clone();
    let mut out = if dialog_open {
        // Ctrl+E closes the export dialog it opened, as in the window.
        let close = ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::E));
        if close {
            vec![Command::CloseDialog]
        } else {
            Vec::new()
        }
    } else {
        keys(p, &ctx)
    };
    let rect = ui.max_rect();
    ui.advance_cursor_after_rect(rect);
    let response = ui.interact(
        rect,
        egui::Id::unique("chronoscope.presentation"),
        egui::Sense::click(),
    );
    // The slide holds keyboard focus while presenting (the window's controls are hidden).
    if !dialog_open && ctx.memory(|m| m.focused()) != Some(response.id) {
        response.request_focus();
    }
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Document, true, "Presentation")
    });
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
        p.last_scene = Some(slide_ui(
            ui,
            rect,
            theme,
            &SlideInput {
                timeline: &doc.timeline,
                view: view.time,
                lane_hidden: &view.filters.lane_hidden,
                event_hidden: view.filters.event_hidden.as_deref(),
                step: p.step(),
                counter,
                story: &p.steps,
                now_secs: None,
            },
        ));
    }
    let button = handout_button_rect(rect);
    let offers_button = !dialog_open && !p.blank;
    let button_clicked = offers_button
        && idle <= CURSOR_IDLE_SECS
        && ui
            .put(button, egui::Button::new("Export handout (PDF)…"))
            .on_hover_text("One PDF page per step, the overview first (Ctrl+E)")
            .clicked();
    // A click that arrives with the move that revealed the button lands on the slide (egui hit
    // tests last frame's widgets): it is still meant for the button.
    let slide_click_on_button = response.clicked()
        && response
            .interact_pointer_pos()
            .is_some_and(|at| button.contains(at));
    if button_clicked || (offers_button && slide_click_on_button) {
        out.push(Command::OpenHandoutExport);
    } else if response.clicked() {
        out.push(Command::PresentationStep(1));
    }
    out
}

/// Where "Export handout (PDF)…" sits: the top right corner. It shows only while the pointer
/// moves (like the pointer itself), so the room never sees it.
fn handout_button_rect(slide: egui::Rect) -> egui::Rect {
    let size = egui::vec2(210.0, 30.0);
    egui::Rect::from_min_size(
        egui::pos2(slide.right() - size.x - 12.0, slide.top() + 12.0),
        size,
    )
}

fn keys(p: &mut Presentation, ctx: &egui::Context) -> Vec<Command> {
    use egui::{Key, Modifiers};
    let none = Modifiers::NONE;
    let mut out = Vec::new();
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
        if i.consume_key(Modifiers::COMMAND, Key::E) {
            out.push(Command::OpenHandoutExport);
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
    out
}
