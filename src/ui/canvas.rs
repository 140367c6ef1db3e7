//! The timeline canvas: allocates the area, runs `layout` and `paint`, and turns pointer input
//! (wheel, pinch, drag, click, double-click, hover) into commands. Shows the hover tooltip.
//! Reads the document and the view state; owns only what it hit-tests against.

use super::commands::Command;
use super::document::Document;
use super::files::PendingLoad;
use super::view_state::ViewState;
use crate::layout::Scene;
use crate::model::Timeline;
use crate::paint::{self, Emphasis, SceneRequest};
use crate::theme::Theme;
use egui::{FontId, Sense};

/// Double-click zooms in by this factor about the pointer.
const DOUBLE_CLICK_ZOOM: f64 = 2.5;
/// Wheel notches are turned into zoom with this many points of scroll per e-fold.
const WHEEL_POINTS_PER_E: f64 = 200.0;

/// The canvas' own state between frames.
#[derive(Default)]
pub struct CanvasState {
    /// The event under the pointer.
    pub hovered: Option<usize>,
    /// Width of the canvas last frame, for commands that zoom about its centre.
    pub width: f32,
    /// The canvas as laid out in the last frame: what the pointer hit-tests against (and what
    /// tests read to find an event on screen).
    pub last_scene: Option<Scene>,
}

/// Lays out one frame of the canvas in `rect`, with text measured by `painter`.
pub fn scene_for(
    timeline: &Timeline,
    view: &ViewState,
    painter: &egui::Painter,
    rect: egui::Rect,
    theme: &Theme,
    now_secs: Option<f64>,
) -> Scene {
    paint::layout_scene(
        painter,
        theme,
        SceneRequest {
            timeline,
            view: view.time,
            canvas: rect,
            now_secs,
            lane_hidden: &view.filters.lane_hidden,
            event_hidden: view.filters.event_hidden.as_deref(),
            pinned: view.selected,
            label_only: None,
        },
    )
}

/// The canvas widget's id (focus, AccessKit).
pub fn canvas_id() -> egui::Id {
    egui::Id::unique("chronoscope.canvas")
}

pub fn canvas_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    view: &ViewState,
    theme: &Theme,
    loading: Option<&PendingLoad>,
    state: &mut CanvasState,
) -> Vec<Command> {
    let mut out = Vec::new();
    let timeline = &*doc.timeline;
    let rect = ui.available_rect_before_wrap();
    // A fixed id: keyboard focus (and a screen reader's place) stays on the canvas when the
    // panels around it come and go.
    ui.advance_cursor_after_rect(rect);
    let response = ui.interact(rect, canvas_id(), Sense::click_and_drag());
    super::focus::register_region(ui.ctx(), super::focus::Region::Canvas, rect, response.id);
    if response.has_focus() {
        // The arrow keys and Esc are the canvas' own while it has focus (see `keys`).
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                response.id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: true,
                    tab: false,
                },
            )
        });
    }
    state.width = rect.width();
    let painter = ui.painter_at(rect);
    let scene = scene_for(timeline, view, &painter, rect, theme, Some(now_secs()));
    let emphasis = Emphasis {
        selected: view.selected,
        hovered: state.hovered,
        matches: view
            .search
            .is_active()
            .then_some(view.search.matches.as_slice()),
    };
    paint::paint_scene(&painter, &scene, timeline, theme, emphasis);
    if response.has_focus()
        && let Some(mark) = view.selected.and_then(|i| scene.mark_of(i))
    {
        // Keyboard focus is on the selected event: ring it like any focused control.
        painter.rect_stroke(
            super::focus::ring_rect(mark.hit_rect(&theme.metrics)),
            3.0,
            egui::Stroke::new(super::focus::RING_WIDTH, theme.text),
            egui::StrokeKind::Middle,
        );
    }

    if timeline.is_empty() && loading.is_none() {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "No events. Open a file with Ctrl+O or drop one here.",
            FontId::proportional(18.0),
            theme.text_weak,
        );
    }
    if let Some(p) = loading {
        out.extend(loading_card(ui, rect, p, theme));
    }

    // Pointer input.
    let hover = response.hover_pos();
    let hovered = hover.and_then(|p| scene.hit(p, &theme.metrics));
    if hovered != state.hovered {
        state.hovered = hovered;
        ui.ctx().request_repaint();
    }
    if let Some(pos) = hover {
        out.extend(wheel_commands(ui, pos.x - rect.left()));
    }
    if response.dragged() {
        let dx = response.drag_delta().x;
        if dx != 0.0 {
            out.push(Command::Pan { dx });
        }
    }
    if response.double_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        out.push(Command::ZoomAt {
            x: pos.x - rect.left(),
            factor: DOUBLE_CLICK_ZOOM,
        });
    } else if response.clicked() {
        // A click puts keyboard focus on the canvas, where the arrow keys step events.
        response.request_focus();
        let hit = response
            .interact_pointer_pos()
            .and_then(|p| scene.hit(p, &theme.metrics));
        out.push(Command::Select(hit));
    }
    let asked = super::canvas_access::expose_scene(
        ui,
        response.id,
        &super::canvas_access::AccessInput {
            timeline,
            scene: &scene,
            selected: view.selected,
            metrics: &theme.metrics,
        },
    );
    if !asked.is_empty() {
        // A screen reader's "click" on an event: the canvas takes focus, the event is selected.
        response.request_focus();
    }
    out.extend(asked);
    if let Some(i) = hovered {
        let response = response.on_hover_cursor(egui::CursorIcon::PointingHand);
        if let Some(e) = timeline.event(i) {
            let lane = timeline
                .lanes()
                .get(e.lane())
                .map(|l| l.label.clone())
                .unwrap_or_default();
            let date = e
                .display_date()
                .map(str::to_owned)
                .unwrap_or_else(|| e.date_text());
            response.on_hover_ui_at_pointer(|ui| {
                ui.strong(e.title());
                ui.label(date);
                ui.weak(lane);
            });
        }
    }
    state.last_scene = Some(scene);
    out
}

/// Wheel, pinch and trackpad scroll over the canvas, as commands.
fn wheel_commands(ui: &egui::Ui, pointer_x: f32) -> Vec<Command> {
    let mut out = Vec::new();
    let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
    if zoom != 1.0 {
        out.push(Command::ZoomAt {
            x: pointer_x,
            factor: zoom as f64,
        });
    }
    if scroll.y != 0.0 {
        let factor = (scroll.y as f64 / WHEEL_POINTS_PER_E).exp();
        out.push(Command::ZoomAt {
            x: pointer_x,
            factor,
        });
    }
    // egui turns Shift+wheel into horizontal scroll, which pans.
    if scroll.x != 0.0 {
        out.push(Command::Pan { dx: scroll.x });
    }
    out
}

/// The load in progress: file name, a bar of bytes read, events parsed so far, and Cancel.
fn loading_card(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    pending: &PendingLoad,
    theme: &Theme,
) -> Option<Command> {
    let name = pending
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (read, total) = pending.progress.bytes();
    let total = total.max(pending.bytes);
    let events = pending.progress.events();
    let fraction = if total > 0 {
        (read as f64 / total as f64) as f32
    } else {
        0.0
    };
    let mut text = format!(
        "{:.0} of {:.0} MB read",
        read as f64 / 1.0e6,
        total as f64 / 1.0e6
    );
    if events > 0 {
        text.push_str(&format!(", {} events", group_thousands(events)));
    }
    text.push_str(&format!(
        " \u{2014} {:.1} s",
        pending.started.elapsed().as_secs_f64()
    ));
    let card = egui::Rect::from_center_size(
        egui::pos2(rect.center().x, rect.top() + 90.0),
        egui::vec2(460.0, 96.0),
    );
    let painter = ui.painter_at(rect);
    painter.rect(
        card,
        6.0,
        theme.card_fill,
        egui::Stroke::new(1.0, theme.card_stroke),
        egui::StrokeKind::Inside,
    );
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(card.shrink(12.0))
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.horizontal(|ui| {
        ui.spinner();
        ui.strong(format!("Loading {name}"));
    });
    child.add(
        egui::ProgressBar::new(fraction)
            .desired_width(card.width() - 24.0)
            .text(text),
    );
    let cancel = child
        .button("Cancel")
        .on_hover_text("Stop loading and keep the timeline on screen");
    cancel.clicked().then_some(Command::CancelLoad)
}

/// 1234567 → "1,234,567".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Now, in axis seconds.
pub fn now_secs() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}
