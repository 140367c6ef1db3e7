//! The window as the UI tests drive it: the real `App` under egui_kittest (no GPU, no display)
//! with a scripted file dialog, and waits that step frames until background work or an
//! animation ends, each bounded. Included by each `tests/ui_*.rs` with `#[path]`.

// Each test file uses a different part.
#![allow(dead_code)]

use chronoscope::ui::App;
use chronoscope::ui::files::{DialogAnswer, ScriptedDialog};
use chronoscope::ui::settings::Settings;
use egui::{Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The window size most tests use.
pub const WINDOW: Vec2 = Vec2::new(1280.0, 800.0);
/// A projector's 720p, for presentation tests.
pub const PROJECTOR: Vec2 = Vec2::new(1280.0, 720.0);

/// The app on the built-in sample at `size`; file dialogs answer `dialog`.
pub fn window(size: Vec2, dialog: DialogAnswer) -> Harness<'static, App> {
    window_on(size, dialog, None, None)
}

/// The app opening `file` (the built-in sample when `None`), keeping recovery copies in
/// `recovery` (written as soon as there are unsaved edits); waits for the file to load.
pub fn window_on(
    size: Vec2,
    dialog: DialogAnswer,
    file: Option<PathBuf>,
    recovery: Option<PathBuf>,
) -> Harness<'static, App> {
    let opens_file = file.is_some();
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(400)
        .build_eframe(move |cc| {
            let app = App::with_parts(
                &cc.egui_ctx,
                Settings::default(),
                Box::new(ScriptedDialog(dialog)),
                file,
            );
            match recovery {
                Some(dir) => app.with_recovery(Some(dir), 0.0),
                None => app,
            }
        });
    h.run_steps(3);
    if opens_file {
        wait_for_load(&mut h);
    }
    h
}

/// A copy of the native fixture with every kind of field (`tests/fixtures/native-full.json`)
/// as `case.json` in `dir`.
pub fn fixture_copy(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native-full.json");
    let path = dir.join("case.json");
    std::fs::copy(src, &path).expect("copy the fixture");
    path
}

/// Where the event with this id is drawn (its marker), from the last frame's layout.
pub fn marker_of(h: &Harness<'_, App>, id: &str) -> Pos2 {
    let app = h.state();
    let index = app
        .timeline()
        .index_of(id)
        .unwrap_or_else(|| panic!("no event {id}"));
    let scene = app.last_scene().expect("a frame was drawn");
    let mark = scene
        .mark_of(index)
        .unwrap_or_else(|| panic!("{id} is not on screen"));
    Pos2::new(mark.x, mark.y)
}

/// Moves the pointer to `pos` and clicks the primary button there.
pub fn click_at(h: &mut Harness<'_, App>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

/// Presses the primary button at `from`, moves to `to` in ten steps and lets go, holding
/// `modifiers` (Shift draws a rubber band) throughout.
pub fn drag(h: &mut Harness<'_, App>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(egui::Event::ModifiersChanged(modifiers));
    h.hover_at(from);
    h.step();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    h.step();
    for k in 1..=10 {
        let t = k as f32 / 10.0;
        h.hover_at(from + (to - from) * t);
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    h.run_steps(3);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.step();
}

/// Steps frames (bounded: 20 s) until `done` holds; returns whether it did.
pub fn wait_until(h: &mut Harness<'_, App>, mut done: impl FnMut(&App) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(h.state()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    done(h.state())
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
