//! The window as the UI tests drive it: the real `App` under egui_kittest (no GPU, no display)
//! with a scripted file dialog, and waits that step frames until background work or an
//! animation ends, each bounded. Included by each `tests/ui_*.rs` with `#[path]`.

// Each test file uses a different part.
#![allow(dead_code)]

use chronoscope::ui::App;
use chronoscope::ui::files::{DialogAnswer, ScriptedDialog};
use chronoscope::ui::settings::Settings;
use egui::Vec2;
use egui_kittest::Harness;
use std::time::{Duration, Instant};

/// The window size most tests use.
pub const WINDOW: Vec2 = Vec2::new(1280.0, 800.0);
/// A projector's 720p, for presentation tests.
pub const PROJECTOR: Vec2 = Vec2::new(1280.0, 720.0);

/// The app on the built-in sample at `size`; file dialogs answer `dialog`.
pub fn window(size: Vec2, dialog: DialogAnswer) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(400)
        .build_eframe(move |cc| {
            App::with_parts(
                &cc.egui_ctx,
                Settings::default(),
                Box::new(ScriptedDialog(dialog)),
                None,
            )
        });
    h.run_steps(3);
    h
}

/// Steps frames until the background load finished (bounded: 20 s).
pub fn wait_for_load(h: &mut Harness<'_, App>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().is_loading() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    assert!(!h.state().is_loading(), "the load finished");
    h.run_steps(3);
}

/// Steps frames until the view's animation ended (bounded: 120 frames).
pub fn settle(h: &mut Harness<'_, App>) {
    for _ in 0..120 {
        h.step();
        if h.state().view().animation.is_none() {
            break;
        }
    }
    h.run_steps(2);
}
