//! The message strip across the top of the window: load problems, export results, why editing
//! is off. Shows one [`Banner`] and offers to dismiss it; a notice that needs nothing from the
//! user ("Saved …") goes away by itself after [`NOTICE_SECS`].

use super::commands::Command;
use crate::theme::Theme;

/// How long a notice stays up: time to read a line with a file path in it. Errors and warnings
/// stay until dismissed (they ask something of the user); a notice only confirms.
pub const NOTICE_SECS: f64 = 5.0;

/// A message across the top of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub is_error: bool,
    /// Goes away by itself [`NOTICE_SECS`] after it is first shown.
    pub transient: bool,
    /// When it was first shown (frame time), for a transient one.
    shown_at: Option<f64>,
}

impl Banner {
    pub fn error(text: impl Into<String>) -> Self {
        Banner {
            text: text.into(),
            is_error: true,
            transient: false,
            shown_at: None,
        }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Banner {
            text: text.into(),
            is_error: false,
            transient: false,
            shown_at: None,
        }
    }

    /// A confirmation that needs nothing from the user; it goes after [`NOTICE_SECS`].
    pub fn notice(text: impl Into<String>) -> Self {
        Banner {
            transient: true,
            ..Banner::info(text)
        }
    }

    /// Seconds a transient banner has left at frame time `now` (its clock starts the first time
    /// this is asked); `None` for one that stays until dismissed.
    pub fn secs_left(&mut self, now: f64) -> Option<f64> {
        if !self.transient {
            return None;
        }
        let shown_at = *self.shown_at.get_or_insert(now);
        Some(shown_at + NOTICE_SECS - now)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_runs_out_from_when_it_is_first_shown_and_others_stay() {
        let mut saved = Banner::notice("Saved case.json");
        assert_eq!(saved.secs_left(100.0), Some(NOTICE_SECS));
        assert_eq!(saved.secs_left(102.0), Some(NOTICE_SECS - 2.0));
        assert!(
            saved
                .secs_left(100.0 + NOTICE_SECS)
                .is_some_and(|left| left <= 0.0)
        );
        assert_eq!(Banner::info("Read-only").secs_left(100.0), None);
        assert_eq!(Banner::error("Not saved").secs_left(100.0), None);
    }
}
