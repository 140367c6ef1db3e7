//! The details panel for the selected event: title, date with its precision, duration, lane,
//! tags, description and its sources as links (only http, https and mailto ever open), with
//! "Copy citation" and previous/next.

use super::app::App;
use super::commands::Command;
use crate::model::{Event, Precision};
use crate::paint::lane_color;

/// Whether a link may be opened in the browser: http, https and mailto only.
pub fn is_openable_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// "28 years 4 months", "3 days", "2 hours 5 minutes": the two largest units; under a second,
/// "250 ms" or "4 µs".
pub fn duration_text(secs: f64) -> String {
    if secs > 0.0 && secs < 0.9995 {
        return if secs >= 0.000_999_5 {
            format!("{} ms", (secs * 1e3).round())
        } else {
            format!("{} \u{b5}s", (secs * 1e6).round().max(1.0))
        };
    }
    const UNITS: [(&str, f64); 6] = [
        ("year", 365.2425 * 86_400.0),
        ("month", 30.436875 * 86_400.0),
        ("day", 86_400.0),
        ("hour", 3_600.0),
        ("minute", 60.0),
        ("second", 1.0),
    ];
    let mut rest = secs.max(0.0).round();
    let mut parts = Vec::new();
    for (name, size) in UNITS {
        let n = (rest / size).floor();
        if n >= 1.0 {
            parts.push(format!("{n} {name}{}", if n == 1.0 { "" } else { "s" }));
            rest -= n * size;
        }
        if parts.len() == 2 || (!parts.is_empty() && n < 1.0) {
            break;
        }
    }
    if parts.is_empty() {
        "0 seconds".to_owned()
    } else {
        parts.join(" ")
    }
}

/// "known to the day", "known to the month", "known to the microsecond" …
fn precision_note(p: Precision) -> String {
    format!("known to the {}", p.name())
}

/// The citation text for an event: its title and date, then each source.
pub fn citation(event: &Event, timeline_title: &str) -> String {
    let mut s = format!("{} ({})", event.title, event.date_text());
    if !timeline_title.is_empty() {
        s.push_str(&format!(". In: {timeline_title}"));
    }
    s.push('.');
    for src in &event.sources {
        s.push_str("\n- ");
        s.push_str(&src.citation());
    }
    s
}

pub fn details_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(index) = app.selected else {
        return;
    };
    let Some(event) = app.timeline().event(index).cloned() else {
        return;
    };
    let theme = app.theme().clone();
    egui::Panel::right("details")
        .resizable(true)
        .default_size(340.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .button("< Prev")
                    .on_hover_text("Previous event (Shift+Tab)")
                    .clicked()
                {
                    app.push(Command::SelectStep(-1));
                }
                if ui
                    .button("Next >")
                    .on_hover_text("Next event (Tab)")
                    .clicked()
                {
                    app.push(Command::SelectStep(1));
                }
                if ui
                    .button("Zoom to")
                    .on_hover_text("Zoom to this event (Z)")
                    .clicked()
                {
                    app.push(Command::ZoomToSelected);
                }
                if ui.button("Close").clicked() {
                    app.push(Command::Select(None));
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading(&event.title);
                ui.add_space(4.0);
                let date = event
                    .display_date
                    .clone()
                    .unwrap_or_else(|| event.date_text());
                ui.label(egui::RichText::new(date).strong());
                let mut note = precision_note(event.start.precision());
                if event.circa {
                    note.push_str(", approximate (circa)");
                }
                if let Some(end) = &event.end {
                    note.push_str(&format!(
                        "; lasted {}",
                        duration_text(end.end_of_precision_secs() - event.start.start_secs())
                    ));
                }
                ui.weak(note);
                ui.add_space(6.0);
                if let Some(lane) = app.timeline().lanes().get(event.lane) {
                    ui.horizontal(|ui| {
                        let (swatch, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        ui.painter().rect_filled(
                            swatch,
                            2.0,
                            lane_color(app.timeline(), &theme, event.lane),
                        );
                        ui.label(&lane.label);
                    });
                }
                if !event.tags.is_empty() {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak("Tags:");
                        for t in &event.tags {
                            ui.label(
                                egui::RichText::new(t)
                                    .background_color(ui.visuals().faint_bg_color),
                            );
                        }
                    });
                }
                if !event.description.is_empty() {
                    ui.add_space(6.0);
                    ui.add(egui::Label::new(&event.description).wrap());
                }
                ui.add_space(8.0);
                ui.heading("Sources");
                if event.sources.is_empty() {
                    ui.weak("No source given.");
                }
                for src in &event.sources {
                    source_ui(app, ui, src);
                }
                ui.add_space(8.0);
                if ui.button("Copy citation").clicked() {
                    app.push(Command::CopyText(citation(&event, app.timeline().title())));
                }
            });
        });
}

fn source_ui(app: &mut App, ui: &mut egui::Ui, src: &crate::model::Source) {
    let text = src.title.clone().unwrap_or_else(|| src.url.clone());
    ui.group(|ui| {
        if is_openable_url(&src.url) {
            let link = ui.link(text).on_hover_text(&src.url);
            if link.clicked() {
                app.push(Command::OpenUrl(src.url.clone()));
            }
        } else {
            ui.label(text);
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Not a web link, so it will not be opened: {}", src.url),
            );
        }
        let mut meta = Vec::new();
        if let Some(p) = &src.publisher {
            meta.push(p.clone());
        }
        if let Some(d) = &src.published {
            meta.push(d.display());
        }
        if let Some(d) = &src.accessed {
            meta.push(format!("accessed {d}"));
        }
        if !meta.is_empty() {
            ui.weak(meta.join(" · "));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(is_openable_url("https://www.dea.gov/x"));
        assert!(is_openable_url("HTTP://example.org"));
        assert!(is_openable_url("mailto:desk@example.org"));
        assert!(!is_openable_url("javascript:alert(1)"));
        assert!(!is_openable_url("file:///etc/passwd"));
        assert!(!is_openable_url("https://"));
        assert!(!is_openable_url("ftp://example.org"));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_text(86_400.0 * 3.0), "3 days");
        assert_eq!(duration_text(3_600.0 * 2.0 + 300.0), "2 hours 5 minutes");
        assert_eq!(
            duration_text(365.2425 * 86_400.0 * 28.0 + 86_400.0 * 123.0),
            "28 years 4 months"
        );
        assert_eq!(duration_text(0.0), "0 seconds");
        assert_eq!(duration_text(0.25), "250 ms");
        assert_eq!(duration_text(0.000_004), "4 \u{b5}s");
    }
}
