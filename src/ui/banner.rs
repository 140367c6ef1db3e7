//! The message strip across the top of the window: load problems, export results, why editing
//! is off. Shows one [`Banner`] and offers to dismiss it.

use super::commands::Command;
use crate::theme::Theme;

/// A message across the top of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub is_error: bool,
}

impl Banner {
    pub fn error(text: impl Into<String>) -> Self {
        Banner {
            text: text.into(),
            is_error: true,
        }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Banner {
            text: text.into(),
            is_error: false,
        }
    }
}

/// Draws the banner in the theme's banner colours (text at 4.5 : 1 or more on its fill).
pub fn banner_ui(ui: &mut egui::Ui, banner: &Banner, theme: &Theme) -> Vec<Command> {
    let mut out = Vec::new();
    let fill = if banner.is_error {
        theme.banner_error_fill
    } else {
        theme.banner_warn_fill
    };
    egui::Panel::top("banner")
        .frame(egui::Frame::new().fill(fill).inner_margin(8.0))
        .show(ui, |ui| {
            // Screen readers announce it as soon as it appears.
            super::announce::mark_as_alert(ui, &banner.text);
            ui.horizontal(|ui| {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(&banner.text)
                            .monospace()
                            .color(theme.text),
                    )
                    .wrap(),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                    if ui.button("Dismiss").clicked() {
                        out.push(Command::DismissBanner);
                    }
                });
            });
        });
    out
}
