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

/// Draws the banner in the theme's banner colours (text at 4.5 : 1 or more on its fill), as a
/// strip across the top of the window.
pub fn banner_ui(ui: &mut egui::Ui, banner: &Banner, theme: &Theme) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("banner")
        .frame(
            egui::Frame::new()
                .fill(fill(banner, theme))
                .inner_margin(8.0),
        )
        .show(ui, |ui| out = banner_contents(ui, banner, theme));
    out
}

/// The banner floating over the top of a full-screen slide (presentation mode), which must not
/// shrink or move for it.
pub fn banner_overlay(ctx: &egui::Context, banner: &Banner, theme: &Theme) -> Vec<Command> {
    let width = (ctx.content_rect().width() * 0.6).max(320.0);
    egui::Area::new(egui::Id::unique("chronoscope.banner_overlay"))
        .order(egui::Order::Foreground)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 12.0))
        .show(ctx, |ui| {
            egui::Frame::new()
                .fill(fill(banner, theme))
                .inner_margin(8.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    ui.set_width(width);
                    banner_contents(ui, banner, theme)
                })
                .inner
        })
        .inner
}

fn fill(banner: &Banner, theme: &Theme) -> egui::Color32 {
    if banner.is_error {
        theme.banner_error_fill
    } else {
        theme.banner_warn_fill
    }
}

/// The message (announced as an alert) and its Dismiss button.
fn banner_contents(ui: &mut egui::Ui, banner: &Banner, theme: &Theme) -> Vec<Command> {
    let mut out = Vec::new();
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
    out
}
