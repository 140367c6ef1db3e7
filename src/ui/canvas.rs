//! The timeline canvas: allocates the area, runs `layout` and `paint`, and turns pointer input
//! (wheel, pinch, drag, click, double-click, hover) into commands. Shows the hover tooltip.
//! When editing is on, dragging an event moves it (in time, snapped to its precision, and across
//! lanes) or resizes a range by its ends, with a live preview and the new date beside the
//! pointer; the whole drag becomes one edit when the button is released. Ctrl+click adds to the
//! selection, Shift+drag selects with a rubber band, a double-click on empty canvas creates an
//! event there. Reads the document and the view state; owns only its gesture state.

use super::commands::Command;
use super::document::Document;
use super::edit_ops::{Handle, drag_edit, dragged};
use super::files::PendingLoad;
use super::view_state::ViewState;
use crate::layout::{Scene, Side, nearest_offscreen, view_onto};
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
    gesture: Option<Gesture>,
}

/// A drag in progress.
#[derive(Clone, Debug)]
enum Gesture {
    /// Moving or resizing these events (indices, the grabbed one first).
    Events {
        events: Vec<usize>,
        handle: Handle,
        grab: egui::Pos2,
        grab_lane: Option<usize>,
    },
    /// Selecting with a rubber band from this corner.
    Band {
        from: egui::Pos2,
    },
    Pan,
}

/// Pixels either side of a range's end that grab the end rather than the whole range.
const END_GRAB_PX: f32 = 5.0;

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
    let editable = doc.read_only.is_none();
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
    // Further selected events (Ctrl+click, rubber band) get a ring. A band can pick thousands:
    // walk the marks on screen once, not the selection.
    if !view.also.is_empty() {
        let also: std::collections::HashSet<usize> = view.also.iter().copied().collect();
        for m in scene.marks.iter().filter(|m| also.contains(&m.event)) {
            painter.circle_stroke(
                egui::pos2(m.x, m.y),
                theme.metrics.marker_radius + 3.0,
                egui::Stroke::new(2.0, theme.selection),
            );
        }
    }
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
    out.extend(gesture_input(
        ui, &response, &scene, timeline, view, theme, editable, rect, state,
    ));
    if response.double_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let on_event = scene.hit(pos, &theme.metrics).is_some();
        if editable && !on_event {
            out.push(Command::NewEvent {
                at_secs: Some(view.time.time_from_x(pos.x - rect.left(), rect.width())),
                lane: lane_at(&scene, pos),
            });
        } else {
            out.push(Command::ZoomAt {
                x: pos.x - rect.left(),
                factor: DOUBLE_CLICK_ZOOM,
            });
        }
    } else if response.clicked() {
        // A click puts keyboard focus on the canvas, where the arrow keys step events.
        response.request_focus();
        let hit = response
            .interact_pointer_pos()
            .and_then(|p| scene.hit(p, &theme.metrics));
        let ctrl = ui.input(|i| i.modifiers.command);
        out.push(match (hit, ctrl) {
            (Some(i), true) => Command::ToggleSelected(i),
            _ => Command::Select(hit),
        });
    }
    out.extend(hint_buttons(ui, &scene, timeline, view));
    let asked = super::canvas_access::expose_scene(
        ui,
        response.id,
        &super::canvas_access::AccessInput {
            timeline,
            scene: &scene,
            selected: view.selected,
            also: &view.also,
            metrics: &theme.metrics,
        },
    );
    if !asked.is_empty() {
        // A screen reader's "click" on an event: the canvas takes focus, the event is selected.
        response.request_focus();
    }
    out.extend(asked);
    if let Some(i) = hovered
        && state.gesture.is_none()
    {
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

/// The off-screen hints ("◀ 3", "12 ▶", painted with the scene) as buttons over it: a click,
/// or Enter or Space once Tab has reached one, pans to the nearest of those events. Each is
/// named for screen readers ("3 events before the view in Caro Quintero: go to the nearest").
fn hint_buttons(
    ui: &mut egui::Ui,
    scene: &Scene,
    timeline: &Timeline,
    view: &ViewState,
) -> Vec<Command> {
    let mut out = Vec::new();
    for hint in &scene.offscreen {
        let id = canvas_id().with(("offscreen", hint.lane, hint.side == Side::Before));
        let response = ui.interact(hint.rect, id, Sense::click());
        let lane = timeline
            .lanes()
            .get(hint.lane)
            .map_or("", |l| l.label.as_str());
        let name = hint_name(hint.count, hint.side, lane);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        let response = response
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(&name);
        if response.clicked() {
            let hidden = view.filters.event_hidden.as_deref();
            let target = view.target();
            if let Some(i) = nearest_offscreen(timeline, hint.lane, hint.side, target, hidden) {
                out.push(Command::AnimateTo(view_onto(
                    timeline, i, hint.side, target,
                )));
            }
        }
    }
    out
}

/// "3 events before the view in Caro Quintero: go to the nearest".
fn hint_name(count: usize, side: Side, lane: &str) -> String {
    let events = if count == 1 { "event" } else { "events" };
    let side = match side {
        Side::Before => "before",
        Side::After => "after",
    };
    format!(
        "{} {events} {side} the view in {lane}: go to the nearest",
        paint::thousands(count)
    )
}

/// The lane whose band contains `pos`.
fn lane_at(scene: &Scene, pos: egui::Pos2) -> Option<usize> {
    scene
        .lanes
        .iter()
        .find(|b| b.rect.y_range().contains(pos.y))
        .map(|b| b.lane)
}

/// Lanes moved between two bands, counted in the order the lanes are drawn.
fn lane_steps(scene: &Scene, from: Option<usize>, to: Option<usize>) -> i64 {
    let pos = |lane: Option<usize>| lane.and_then(|l| scene.lanes.iter().position(|b| b.lane == l));
    match (pos(from), pos(to)) {
        (Some(a), Some(b)) => {
            // Hidden lanes are skipped on screen; count in lane indices instead.
            scene.lanes[b].lane as i64 - scene.lanes[a].lane as i64
        }
        _ => 0,
    }
}

/// Drags: events (move/resize), rubber band, or panning; previews while dragging.
#[allow(clippy::too_many_arguments)]
fn gesture_input(
    ui: &egui::Ui,
    response: &egui::Response,
    scene: &Scene,
    timeline: &Timeline,
    view: &ViewState,
    theme: &Theme,
    editable: bool,
    rect: egui::Rect,
    state: &mut CanvasState,
) -> Vec<Command> {
    let mut out = Vec::new();
    let modifiers = ui.input(|i| i.modifiers);
    if response.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        // Like a click, a drag puts keyboard focus on the canvas (Alt+arrows go on from there).
        response.request_focus();
        let hit = scene.hit(origin, &theme.metrics);
        state.gesture = Some(match hit {
            Some(i) if editable => {
                let handle = scene
                    .mark_of(i)
                    .filter(|m| m.kind == crate::layout::MarkKind::Range)
                    .map_or(Handle::Move, |m| {
                        if (origin.x - m.x).abs() <= END_GRAB_PX {
                            Handle::Start
                        } else if (origin.x - m.x_end).abs() <= END_GRAB_PX {
                            Handle::End
                        } else {
                            Handle::Move
                        }
                    });
                let mut events = vec![i];
                if view.is_selected(i) {
                    events.extend(view.selection().into_iter().filter(|&j| j != i));
                } else {
                    out.push(Command::Select(Some(i)));
                }
                Gesture::Events {
                    events,
                    handle,
                    grab: origin,
                    grab_lane: lane_at(scene, origin),
                }
            }
            None if modifiers.shift => Gesture::Band { from: origin },
            _ => Gesture::Pan,
        });
    }
    let pointer = response
        .interact_pointer_pos()
        .or(ui.input(|i| i.pointer.latest_pos()));
    let secs_between = |a: egui::Pos2, b: egui::Pos2| {
        view.time.time_from_x(b.x - rect.left(), rect.width())
            - view.time.time_from_x(a.x - rect.left(), rect.width())
    };
    match (&state.gesture, pointer) {
        (Some(Gesture::Pan), _) if response.dragged() => {
            let dx = response.drag_delta().x;
            if dx != 0.0 {
                out.push(Command::Pan { dx });
            }
        }
        (
            Some(Gesture::Events {
                events,
                handle,
                grab,
                grab_lane,
            }),
            Some(p),
        ) => {
            let secs = secs_between(*grab, p);
            let lanes = if *handle == Handle::Move {
                lane_steps(scene, *grab_lane, lane_at(scene, p))
            } else {
                0
            };
            if response.drag_stopped() {
                if let Some(edit) = drag_edit(timeline, events, *handle, secs, lanes) {
                    out.push(Command::Edit(edit));
                }
            } else {
                preview(
                    ui, scene, timeline, view, theme, rect, events, *handle, secs, lanes, p,
                );
            }
        }
        (Some(Gesture::Band { from }), Some(p)) => {
            let band = egui::Rect::from_two_pos(*from, p);
            if response.drag_stopped() {
                let picked: Vec<usize> = scene
                    .marks
                    .iter()
                    .filter(|m| band.contains(egui::pos2(m.x, m.y)))
                    .map(|m| m.event)
                    .collect();
                out.push(Command::SelectMany(picked));
            } else {
                let painter = ui.painter_at(rect);
                painter.rect(
                    band,
                    2.0,
                    theme.selection.gamma_multiply(0.12),
                    egui::Stroke::new(1.0, theme.selection),
                    egui::StrokeKind::Inside,
                );
            }
        }
        _ => {}
    }
    if response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) {
        state.gesture = None;
    }
    out
}

/// Where the dragged events would go, drawn over the canvas, and the new date by the pointer.
#[allow(clippy::too_many_arguments)]
fn preview(
    ui: &egui::Ui,
    scene: &Scene,
    timeline: &Timeline,
    view: &ViewState,
    theme: &Theme,
    rect: egui::Rect,
    events: &[usize],
    handle: Handle,
    secs: f64,
    lanes: i64,
    pointer: egui::Pos2,
) {
    let painter = ui.painter_at(rect);
    let x_of = |t: f64| rect.left() + view.time.x_from_time(t, rect.width());
    let moved = dragged(timeline, events, handle, secs, lanes);
    let stroke = egui::Stroke::new(2.0, theme.selection);
    for (_, e) in &moved {
        let y = scene
            .lanes
            .iter()
            .find(|b| b.lane == e.lane())
            .map_or(pointer.y, |b| b.rect.center().y);
        let zone = timeline.display_zone();
        let x0 = x_of(e.start.start_secs_in(zone));
        match &e.end {
            Some(end) => {
                let x1 = x_of(end.end_of_precision_secs_in(zone)).max(x0 + 2.0);
                painter.rect_stroke(
                    egui::Rect::from_min_max(egui::pos2(x0, y - 5.0), egui::pos2(x1, y + 5.0)),
                    3.0,
                    stroke,
                    egui::StrokeKind::Outside,
                );
            }
            None => {
                painter.circle_stroke(egui::pos2(x0, y), theme.metrics.marker_radius + 2.0, stroke);
            }
        }
    }
    if let Some((_, first)) = moved.first() {
        let text = match handle {
            Handle::End => first.end.map(|d| d.display()).unwrap_or_default(),
            _ => first.date_text(),
        };
        let lane = timeline
            .lanes()
            .get(first.lane())
            .map(|l| l.label.as_str())
            .unwrap_or("");
        let tip = if handle == Handle::Move {
            format!("{text} · {lane}")
        } else {
            text
        };
        let galley = painter.layout_no_wrap(
            tip,
            FontId::proportional(theme.metrics.label_font_size),
            theme.text,
        );
        let at = pointer + egui::vec2(14.0, 14.0);
        let bg = egui::Rect::from_min_size(at, galley.size()).expand(4.0);
        painter.rect(
            bg,
            4.0,
            theme.card_fill,
            egui::Stroke::new(1.0, theme.card_stroke),
            egui::StrokeKind::Inside,
        );
        painter.galley(at, galley, theme.text);
    }
    ui.ctx().request_repaint();
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
