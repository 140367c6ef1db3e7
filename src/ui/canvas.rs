//! The timeline canvas: allocates the area, runs `layout` and `paint`, and turns pointer input
//! (wheel, pinch, drag, click, double-click, hover) into commands. Shows the hover tooltip.

use super::app::App;
use super::commands::Command;
use crate::layout::Scene;
use crate::paint::{self, Emphasis, SceneRequest};
use crate::theme::Theme;
use egui::{FontId, Sense};

/// Double-click zooms in by this factor about the pointer.
const DOUBLE_CLICK_ZOOM: f64 = 2.5;

/// Lays out one frame of the canvas for `app` in `rect`, with text measured by `painter`.
pub fn scene_for(
    app: &App,
    painter: &egui::Painter,
    rect: egui::Rect,
    theme: &Theme,
    now_secs: Option<f64>,
) -> Scene {
    paint::layout_scene(
        painter,
        theme,
        SceneRequest {
            timeline: app.timeline(),
            view: app.view,
            canvas: rect,
            now_secs,
            lane_hidden: &app.doc.lane_hidden,
            event_hidden: app.doc.event_hidden.as_deref(),
            pinned: app.selected,
        },
    )
}

pub fn canvas_ui(app: &mut App, ui: &mut egui::Ui) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Timeline canvas"));
    app.canvas_width = rect.width();
    let theme = app.theme().clone();
    let painter = ui.painter_at(rect);
    let scene = scene_for(app, &painter, rect, &theme, Some(now_secs()));
    let emphasis = Emphasis {
        selected: app.selected,
        hovered: app.hovered,
        matches: app
            .search
            .is_active()
            .then_some(app.search.matches.as_slice()),
    };
    paint::paint_scene(&painter, &scene, app.timeline(), &theme, emphasis);

    if app.timeline().is_empty() && app.pending.is_none() {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "No events. Open a file with Ctrl+O or drop one here.",
            FontId::proportional(18.0),
            theme.text_weak,
        );
    }
    if let Some(p) = &app.pending {
        loading_card(ui, rect, p, &theme);
    }

    // Pointer input.
    let hover = response.hover_pos();
    let hovered = hover.and_then(|p| scene.hit(p, &theme.metrics));
    if hovered != app.hovered {
        app.hovered = hovered;
        ui.ctx().request_repaint();
    }
    if let Some(pos) = hover {
        app.wheel_commands(ui, pos.x - rect.left());
    }
    if response.dragged() {
        let dx = response.drag_delta().x;
        if dx != 0.0 {
            app.push(Command::Pan { dx });
        }
    }
    if response.double_clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        app.push(Command::ZoomAt {
            x: pos.x - rect.left(),
            factor: DOUBLE_CLICK_ZOOM,
        });
    } else if response.clicked() {
        let hit = response
            .interact_pointer_pos()
            .and_then(|p| scene.hit(p, &theme.metrics));
        app.push(Command::Select(hit));
    }
    if let Some(i) = hovered {
        let response = response.on_hover_cursor(egui::CursorIcon::PointingHand);
        if let Some(e) = app.timeline().event(i) {
            let lane = app
                .timeline()
                .lanes()
                .get(e.lane)
                .map(|l| l.label.clone())
                .unwrap_or_default();
            let date = e.display_date.clone().unwrap_or_else(|| e.date_text());
            response.on_hover_ui_at_pointer(|ui| {
                ui.strong(&e.title);
                ui.label(date);
                ui.weak(lane);
            });
        }
    }
    app.last_scene = Some(scene);
}

fn loading_card(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    pending: &super::files::PendingLoad,
    theme: &Theme,
) {
    let text = format!(
        "Loading {} ({:.1} MB)… {:.1} s",
        pending
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        pending.bytes as f64 / 1.0e6,
        pending.started.elapsed().as_secs_f64()
    );
    let card = egui::Rect::from_center_size(
        egui::pos2(rect.center().x, rect.top() + 80.0),
        egui::vec2(420.0, 44.0),
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
            .max_rect(card.shrink(10.0))
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    child.spinner();
    child.label(text);
}

/// Now, in axis seconds.
pub fn now_secs() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}
