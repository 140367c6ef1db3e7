//! The legend panel: lanes (with colour and count) and tags, each with a toggle to show or hide.

use super::commands::Command;
use super::document::Document;
use super::view_state::Filters;
use crate::paint::lane_color;
use crate::theme::Theme;

/// Tags listed in the legend; files with a tag per event would otherwise lay out thousands of
/// checkboxes every frame.
const MAX_LEGEND_TAGS: usize = 200;

pub fn legend_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    filters: &Filters,
    theme: &Theme,
) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::left("legend")
        .resizable(true)
        .default_size(190.0)
        .show(ui, |ui| {
            super::announce::name_region(ui, "Legend");
            let area = ui.max_rect();
            // Fixed ids inside: keyboard focus stays on a lane toggle when a banner comes or goes.
            let stable = egui::UiBuilder::new().scope_id(egui::Id::unique("chronoscope.legend"));
            ui.scope_builder(stable, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    super::announce::mark_as_heading(&ui.heading("Lanes"), 2);
                    let timeline = &*doc.timeline;
                    for (k, lane) in timeline.lanes().iter().enumerate() {
                        let mut shown = !filters.lane_hidden.get(k).copied().unwrap_or(false);
                        ui.horizontal(|ui| {
                            let (swatch, _) = ui
                                .allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                            ui.painter()
                                .rect_filled(swatch, 2.0, lane_color(timeline, theme, k));
                            let text = format!(
                                "{} ({})",
                                lane.label,
                                doc.lane_counts.get(k).copied().unwrap_or(0)
                            );
                            let toggle = ui.checkbox(&mut shown, text);
                            if k == 0 {
                                // F6 enters the legend at its first lane.
                                super::focus::register_region(
                                    ui.ctx(),
                                    super::focus::Region::Legend,
                                    area,
                                    toggle.id,
                                );
                            }
                            if toggle.changed() {
                                out.push(Command::ToggleLane(k));
                            }
                        });
                    }
                    if !doc.tags.is_empty() {
                        ui.add_space(8.0);
                        super::announce::mark_as_heading(&ui.heading("Tags"), 2);
                        let mut toggled = None;
                        for (tag, count) in doc.tags.iter().take(MAX_LEGEND_TAGS) {
                            let mut shown = !filters.hidden_tags.contains(tag);
                            if ui
                                .checkbox(&mut shown, format!("{tag} ({count})"))
                                .changed()
                            {
                                toggled = Some(tag.clone());
                            }
                        }
                        if let Some(tag) = toggled {
                            out.push(Command::ToggleTag(tag));
                        }
                        let more = doc.tags.len().saturating_sub(MAX_LEGEND_TAGS);
                        if more > 0 {
                            ui.weak(format!("+{more} more tags: search finds them"));
                        }
                    }
                    ui.add_space(8.0);
                    if ui.button("Show all").clicked() {
                        out.push(Command::ShowAll);
                    }
                    ui.add_space(8.0);
                    ui.weak(format!(
                        "{} events · {}",
                        crate::paint::thousands(timeline.len()),
                        doc.format.name()
                    ));
                })
            });
        });
    out
}
