//! The Chronoscope window: owns the open [`Document`], the view, selection, search, banners and
//! loads in flight; lays out the panels each frame and applies the frame's [`Command`]s in one
//! place ([`App::apply`]).

use super::commands::Command;
use super::document::Document;
use super::files::{
    DialogAnswer, FileDialog, FileWatcher, LoadedDocument, NativeDialog, PendingLoad,
};
use super::presentation::Presentation;
use super::search::Search;
use super::settings::{STORAGE_KEY, Settings};
use super::{canvas, details, legend, overview, toolbar};
use crate::io::{self, Format};
use crate::model::Timeline;
use crate::theme::{Theme, ThemeChoice};
use crate::view::{TimeView, ViewAnimation};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

/// The sample timeline compiled into the binary: what opens when no file is given.
pub const SAMPLE_JSON: &[u8] = include_bytes!("../../assets/cartel-transfer.json");
/// Duration of view transitions (fit, zoom to event, keyboard steps), in seconds.
pub const ANIMATION_SECS: f64 = 0.35;
/// Fraction of the span added on the right when fitting, so the last labels are not cut off.
const FIT_LABEL_ROOM: f64 = 0.03;
/// Wheel notches are turned into zoom with this many points of scroll per e-fold.
const WHEEL_POINTS_PER_E: f64 = 200.0;

/// What the command line asked the window to show first; applied once the file is loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartRequest {
    /// The range to show, `[from, to]` in axis seconds.
    pub view: Option<TimeView>,
    /// Event id to select.
    pub select: Option<String>,
    pub theme: Option<ThemeChoice>,
    /// Open straight into presentation mode.
    pub present: bool,
}

/// A message across the top of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub is_error: bool,
}

pub struct App {
    pub settings: Settings,
    pub doc: Document,
    pub view: TimeView,
    pub animation: Option<ViewAnimation>,
    pub selected: Option<usize>,
    pub hovered: Option<usize>,
    pub search: Search,
    pub banner: Option<Banner>,
    pub pending: Option<PendingLoad>,
    pub watcher: Option<FileWatcher>,
    pub dialog: Box<dyn FileDialog>,
    pub dialog_answer: Option<Receiver<DialogAnswer>>,
    /// The typed-path box: `Some` while shown.
    pub path_prompt: Option<String>,
    pub show_legend: bool,
    pub presentation: Option<Presentation>,
    pub export: super::export_dialog::ExportDialog,
    /// Commands queued this frame.
    pub commands: Vec<Command>,
    /// Width of the canvas last frame, for commands that zoom about its centre.
    pub canvas_width: f32,
    /// Frames drawn: the idle test checks that nothing repaints while nothing moves.
    pub frames: u64,
    pub focus_search: bool,
    /// The search box had keyboard focus last frame (for Escape, see `keyboard_shortcuts`).
    pub search_had_focus: bool,
    /// The canvas as laid out in the last frame: what the pointer hit-tests against (and what
    /// tests read to find an event on screen).
    pub last_scene: Option<crate::layout::Scene>,
    /// Applied once the first document is ready.
    pub start: Option<StartRequest>,
    window_title: String,
    theme: Theme,
}

impl App {
    /// The app as eframe starts it: native dialogs, persisted settings.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        file: Option<PathBuf>,
        start: StartRequest,
    ) -> Self {
        let settings = cc
            .storage
            .and_then(|s| eframe::get_value::<Settings>(s, STORAGE_KEY))
            .unwrap_or_default();
        let dialog = Box::new(NativeDialog {
            ctx: cc.egui_ctx.clone(),
        });
        let mut app = Self::with_parts(&cc.egui_ctx, settings, dialog, file);
        app.start = Some(start);
        app
    }

    /// The app with a given dialog and settings (tests use a scripted dialog).
    pub fn with_parts(
        ctx: &egui::Context,
        settings: Settings,
        dialog: Box<dyn FileDialog>,
        file: Option<PathBuf>,
    ) -> Self {
        let doc = sample_document();
        let view = settings
            .views
            .get(&Settings::view_key(None))
            .map(|v| TimeView::new(v.start_secs, v.span_secs))
            .unwrap_or_else(|| fit_view(&doc.timeline));
        let mut app = App {
            settings,
            doc,
            view,
            animation: None,
            selected: None,
            hovered: None,
            search: Search::default(),
            banner: None,
            pending: None,
            watcher: None,
            dialog,
            dialog_answer: None,
            path_prompt: None,
            show_legend: true,
            presentation: None,
            export: Default::default(),
            commands: Vec::new(),
            canvas_width: 1000.0,
            frames: 0,
            focus_search: false,
            search_had_focus: false,
            last_scene: None,
            start: None,
            window_title: String::new(),
            theme: Theme::light(),
        };
        if let Some(path) = file {
            app.pending = Some(PendingLoad::start(path, false, ctx));
        }
        app
    }

    pub fn timeline(&self) -> &Timeline {
        &self.doc.timeline
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// One frame: poll background work, draw, then apply what the user asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.frames += 1;
        let ctx = ui.ctx().clone();
        let now = ctx.input(|i| i.time);
        self.poll_background(&ctx);
        if self.pending.is_none()
            && let Some(start) = self.start.take()
        {
            self.apply_start(start);
        }
        self.theme = match &self.presentation {
            Some(_) => Theme::presentation(),
            None => Theme::for_choice(
                self.settings.theme,
                ctx.system_theme() == Some(egui::Theme::Dark),
            ),
        };
        ctx.set_visuals(self.theme.visuals());

        if let Some(anim) = self.animation {
            let (view, done) = anim.sample(now);
            self.view = view;
            if done {
                self.animation = None;
            } else {
                ctx.request_repaint();
            }
        }

        if self.presentation.is_some() {
            super::presentation::presentation_ui(self, ui);
        } else {
            self.keyboard_shortcuts(&ctx);
            self.dropped_files(&ctx);
            toolbar::toolbar_ui(self, ui);
            self.banner_ui(ui);
            overview::overview_ui(self, ui);
            if self.show_legend {
                legend::legend_ui(self, ui);
            }
            if self.selected.is_some() {
                details::details_ui(self, ui);
            }
            egui::CentralPanel::no_frame().show(ui, |ui| canvas::canvas_ui(self, ui));
            super::export_dialog::export_dialog_ui(self, &ctx);
        }
        self.update_title(&ctx);
        let commands = std::mem::take(&mut self.commands);
        for c in commands {
            self.apply(c, &ctx);
        }
    }

    fn poll_background(&mut self, ctx: &egui::Context) {
        if let Some(pending) = &self.pending {
            if let Some(result) = pending.poll() {
                let Some(pending) = self.pending.take() else {
                    return;
                };
                self.finish_load(pending, result, ctx);
            } else {
                // The spinner moves while the worker reads.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        // Only ask the watcher once no load is running, so a change during a load is not lost.
        if self.pending.is_none()
            && let Some(watcher) = &mut self.watcher
            && watcher.changed(ctx)
        {
            let path = watcher.path().to_path_buf();
            self.pending = Some(PendingLoad::start(path, true, ctx));
        }
        if let Some(rx) = &self.dialog_answer {
            let answer = match rx.try_recv() {
                Ok(answer) => Some(answer),
                Err(TryRecvError::Empty) => None,
                // The dialog thread died: offer the typed path as when no dialog exists.
                Err(TryRecvError::Disconnected) => Some(DialogAnswer::Unavailable),
            };
            if let Some(answer) = answer {
                self.dialog_answer = None;
                match answer {
                    DialogAnswer::Picked(p) => self.push(Command::OpenPath(p)),
                    DialogAnswer::Cancelled => {}
                    DialogAnswer::Unavailable => {
                        self.banner = Some(Banner {
                            text: "No file dialog is available on this system: type the path of the file to open.".into(),
                            is_error: false,
                        });
                        self.path_prompt.get_or_insert_with(String::new);
                    }
                }
            }
        }
    }

    fn finish_load(
        &mut self,
        pending: PendingLoad,
        result: Result<LoadedDocument, io::LoadError>,
        ctx: &egui::Context,
    ) {
        let loaded = match result {
            // A reload that had to skip events (an editor's half-written save, a typo) does
            // not replace what is on screen: the user sees why and keeps working.
            Ok(loaded) if pending.is_reload && !loaded.clean => Err(loaded.doc.warnings.join("\n")),
            Ok(loaded) => Ok(loaded),
            Err(err) => Err(err.to_string()),
        };
        let mut loaded = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                let what = if pending.is_reload {
                    "The file changed on disk but could not be read cleanly; still showing the previous version."
                } else {
                    // The start-up request was about that file.
                    self.start = None;
                    "Could not open the file; the timeline on screen is unchanged."
                };
                self.banner = Some(Banner {
                    text: format!("{what}\n{err}"),
                    is_error: true,
                });
                return;
            }
        };
        // Presentation steps are positions in the old document: leave it first.
        if let Some(p) = self.presentation.take() {
            p.leave(self, ctx);
        }
        let selected_id = self
            .selected
            .and_then(|i| self.timeline().event(i))
            .map(|e| e.id.clone());
        self.remember_view();
        if pending.is_reload {
            // Keep filters (by lane id and tag), the search, the view and the selection.
            let hidden_lanes: Vec<String> = self
                .timeline()
                .lanes()
                .iter()
                .zip(&self.doc.lane_hidden)
                .filter(|(_, hidden)| **hidden)
                .map(|(lane, _)| lane.id.clone())
                .collect();
            loaded
                .doc
                .restore_filters(&hidden_lanes, &self.doc.hidden_tags);
        }
        let old = std::mem::replace(&mut self.doc, loaded.doc);
        // A million-event timeline takes a while to free: not on the UI thread.
        std::thread::spawn(move || drop(old));
        if pending.is_reload {
            self.selected = selected_id.and_then(|id| self.timeline().index_of(&id));
            self.refresh_search();
        } else {
            self.search = Search::default();
            self.selected = None;
            let key = Settings::view_key(Some(&pending.path));
            self.view = self
                .settings
                .views
                .get(&key)
                .map(|v| TimeView::new(v.start_secs, v.span_secs))
                .unwrap_or_else(|| fit_view(self.timeline()));
            self.animation = None;
            self.settings.add_recent(&pending.path);
            self.watcher = FileWatcher::watch(&pending.path, ctx);
        }
        self.banner = (!self.doc.warnings.is_empty()).then(|| Banner {
            text: format!(
                "Loaded with {} problem(s):\n{}",
                self.doc.warnings.len(),
                self.doc
                    .warnings
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            is_error: true,
        });
    }

    fn apply_start(&mut self, start: StartRequest) {
        if let Some(view) = start.view {
            self.view = view;
        }
        if let Some(theme) = start.theme {
            self.settings.theme = theme;
        }
        if let Some(id) = start.select {
            match self.timeline().index_of(&id) {
                Some(i) => self.selected = Some(i),
                None => {
                    self.banner = Some(Banner {
                        text: format!("--select: no event with id \"{id}\" in this timeline"),
                        is_error: true,
                    })
                }
            }
        }
        if start.present {
            self.push(Command::EnterPresentation);
        }
    }

    fn remember_view(&mut self) {
        let key = Settings::view_key(self.doc.path.as_deref());
        self.settings.views.insert(key, self.view);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{} — {} — Chronoscope",
            if self.timeline().title().is_empty() {
                "Untitled"
            } else {
                self.timeline().title()
            },
            self.doc.display_name()
        );
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    pub fn window_title(&self) -> &str {
        &self.window_title
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.push(Command::OpenPath(path));
        }
    }

    fn keyboard_shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        let cmd = Modifiers::COMMAND;
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            if i.consume_key(cmd, Key::O) {
                out.push(Command::OpenDialog);
            }
            if i.consume_key(cmd, Key::F) {
                out.push(Command::FocusSearch);
            }
            if i.consume_key(cmd, Key::E) {
                out.push(Command::OpenExportDialog);
            }
            if i.consume_key(Modifiers::NONE, Key::F5) {
                out.push(Command::EnterPresentation);
            }
        });
        // Escape in the search box: egui has already taken focus away this frame, so ask
        // whether the box had focus last frame.
        if self.search_had_focus && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            out.push(Command::ClearSearch);
        }
        // While typing, or while the export window is open, keys belong to those widgets.
        if ctx.text_edit_focused() || self.export.open {
            self.commands.extend(out);
            return;
        }
        // Tab steps through events here, not through widgets: take focus back from egui.
        if ctx.input(|i| i.key_pressed(Key::Tab))
            && let Some(id) = ctx.memory(|m| m.focused())
        {
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
        ctx.input_mut(|i| {
            let none = Modifiers::NONE;
            if i.consume_key(none, Key::ArrowLeft) {
                out.push(Command::PanFraction { fraction: -0.2 });
            }
            if i.consume_key(none, Key::ArrowRight) {
                out.push(Command::PanFraction { fraction: 0.2 });
            }
            if i.consume_key(none, Key::Plus)
                || i.consume_key(none, Key::Equals)
                || i.consume_key(Modifiers::SHIFT, Key::Equals)
            {
                out.push(Command::ZoomCentre { factor: 2.0 });
            }
            if i.consume_key(none, Key::Minus) {
                out.push(Command::ZoomCentre { factor: 0.5 });
            }
            if i.consume_key(none, Key::Home)
                || i.consume_key(Modifiers::NONE, Key::F) && !i.modifiers.any()
            {
                out.push(Command::FitAll);
            }
            if i.consume_key(none, Key::Z) {
                out.push(Command::ZoomToSelected);
            }
            // Shift+Tab first: consume_key(NONE, Tab) would also match it.
            if i.consume_key(Modifiers::SHIFT, Key::Tab) || i.consume_key(none, Key::ArrowUp) {
                out.push(Command::SelectStep(-1));
            }
            if i.consume_key(none, Key::Tab) || i.consume_key(none, Key::ArrowDown) {
                out.push(Command::SelectStep(1));
            }
            if i.consume_key(none, Key::Escape) {
                out.push(Command::Select(None));
            }
        });
        self.commands.extend(out);
    }

    fn banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(banner) = self.banner.clone() else {
            return;
        };
        let fill = if banner.is_error {
            ui.visuals().error_fg_color.gamma_multiply(0.18)
        } else {
            ui.visuals().warn_fg_color.gamma_multiply(0.18)
        };
        egui::Panel::top("banner")
            .frame(egui::Frame::new().fill(fill).inner_margin(8.0))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add(egui::Label::new(egui::RichText::new(&banner.text).monospace()).wrap());
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                        if ui.button("Dismiss").clicked() {
                            self.push(Command::DismissBanner);
                        }
                    });
                });
            });
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let width = self.canvas_width.max(1.0);
        match command {
            Command::ZoomAt { x, factor } => {
                self.animation = None;
                self.view = self.view.zoom_at(x, width, factor);
            }
            Command::ZoomCentre { factor } => {
                let target = self.target_view().zoom_at(width / 2.0, width, factor);
                self.animate_to(target, now);
            }
            Command::Pan { dx } => {
                self.animation = None;
                self.view = self.view.pan(dx, width);
            }
            Command::PanFraction { fraction } => {
                let v = self.target_view();
                self.animate_to(
                    TimeView::new(v.start_secs + fraction * v.span_secs, v.span_secs),
                    now,
                );
            }
            Command::SetView(v) => {
                self.animation = None;
                self.view = v;
            }
            Command::AnimateTo(v) => self.animate_to(v, now),
            Command::FitAll => {
                let v = fit_view(self.timeline());
                self.animate_to(v, now);
            }
            Command::ZoomToSelected => {
                if let Some(v) = self.selected.and_then(|i| event_view(self.timeline(), i)) {
                    self.animate_to(v, now);
                }
            }
            Command::Select(sel) => {
                self.selected = sel.filter(|&i| i < self.timeline().len());
            }
            Command::SelectStep(delta) => {
                if let Some(i) = self.step_selection(delta) {
                    self.selected = Some(i);
                    self.keep_in_view(i, now);
                }
            }
            Command::OpenDialog => {
                if self.dialog_answer.is_none() {
                    self.dialog_answer = Some(self.dialog.pick_timeline());
                }
            }
            Command::AskForPath => {
                self.path_prompt.get_or_insert_with(String::new);
            }
            Command::OpenPath(path) => {
                self.path_prompt = None;
                self.pending = Some(PendingLoad::start(path, false, ctx));
            }
            Command::OpenSample => {
                self.remember_view();
                let old = std::mem::replace(&mut self.doc, sample_document());
                std::thread::spawn(move || drop(old));
                self.pending = None;
                self.banner = None;
                self.animation = None;
                self.selected = None;
                self.search = Search::default();
                self.watcher = None;
                self.view = self
                    .settings
                    .views
                    .get(&Settings::view_key(None))
                    .map(|v| TimeView::new(v.start_secs, v.span_secs))
                    .unwrap_or_else(|| fit_view(self.timeline()));
            }
            Command::FocusSearch => self.focus_search = true,
            Command::SetSearch(q) => {
                let doc = &self.doc;
                self.search
                    .set_query(&doc.timeline, &q, |i| doc.is_shown(i));
            }
            Command::SearchStep(delta) => {
                if let Some(i) = self.search.step(delta) {
                    self.selected = Some(i);
                    self.keep_in_view(i, now);
                }
            }
            Command::ClearSearch => self.search.clear(),
            Command::ToggleLane(lane) => {
                self.doc.toggle_lane(lane);
                self.refresh_search();
            }
            Command::ToggleTag(tag) => {
                self.doc.toggle_tag(&tag);
                self.refresh_search();
            }
            Command::ShowAll => {
                self.doc.show_all();
                self.refresh_search();
            }
            Command::SetTheme(t) => self.settings.theme = t,
            Command::DismissBanner => self.banner = None,
            Command::OpenUrl(url) => {
                if details::is_openable_url(&url) {
                    ctx.open_url(egui::OpenUrl::new_tab(url));
                }
            }
            Command::CopyText(text) => ctx.copy_text(text),
            Command::EnterPresentation => {
                self.presentation = Some(Presentation::enter(self, ctx));
            }
            Command::ExitPresentation => {
                if let Some(p) = self.presentation.take() {
                    p.leave(self, ctx);
                }
            }
            Command::GoToStep(n) => super::presentation::go_to_step(self, n, now),
            Command::PresentationStep(d) => {
                if let Some(p) = &self.presentation {
                    let n = (p.current as i64 + d as i64).clamp(0, p.steps.len() as i64) as usize;
                    super::presentation::go_to_step(self, n, now);
                }
            }
            Command::ToggleBlank => {
                if let Some(p) = &mut self.presentation {
                    p.blank = !p.blank;
                }
            }
            Command::OpenExportDialog => self.export.open = true,
        }
    }

    fn refresh_search(&mut self) {
        if self.search.is_active() {
            let q = self.search.query.clone();
            let doc = &self.doc;
            self.search
                .set_query(&doc.timeline, &q, |i| doc.is_shown(i));
        }
    }

    /// Where the view is going (the animation's end) or is.
    pub fn target_view(&self) -> TimeView {
        self.animation.map_or(self.view, |a| a.to)
    }

    pub fn animate_to(&mut self, to: TimeView, now: f64) {
        self.animation = Some(ViewAnimation {
            from: self.view,
            to,
            start_time: now,
            duration: ANIMATION_SECS,
        });
    }

    /// Pans (never zooms) so an event is in view, if it is not already.
    fn keep_in_view(&mut self, index: usize, now: f64) {
        let Some(start) = self.timeline().start_secs().get(index).copied() else {
            return;
        };
        let v = self.target_view();
        let margin = v.span_secs * 0.1;
        if start < v.start_secs + margin || start > v.end_secs() - margin * 2.5 {
            self.animate_to(v.centred_on(start), now);
        }
    }

    /// The next/previous shown event in time from the selection (or from the view's left edge).
    fn step_selection(&self, delta: i32) -> Option<usize> {
        let n = self.timeline().len();
        if n == 0 {
            return None;
        }
        let shown = |i: usize| self.doc.is_shown(i);
        match self.selected {
            Some(cur) if delta > 0 => (cur + 1..n).find(|&i| shown(i)),
            Some(cur) => (0..cur).rev().find(|&i| shown(i)),
            None => {
                // From the view: the first shown event in it, or the last one before it.
                let (from, to) = (self.view.start_secs, self.view.end_secs());
                if delta > 0 {
                    self.timeline().visible(from, to).find(|&i| shown(i))
                } else {
                    let before = self.timeline().start_secs().partition_point(|&s| s < from);
                    (0..before).rev().find(|&i| shown(i))
                }
            }
        }
    }

    /// Wheel, pinch and trackpad scroll over the canvas, as commands.
    pub fn wheel_commands(&mut self, ui: &egui::Ui, pointer_x: f32) {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        if zoom != 1.0 {
            self.push(Command::ZoomAt {
                x: pointer_x,
                factor: zoom as f64,
            });
        }
        if scroll.y != 0.0 {
            let factor = (scroll.y as f64 / WHEEL_POINTS_PER_E).exp();
            self.push(Command::ZoomAt {
                x: pointer_x,
                factor,
            });
        }
        // egui turns Shift+wheel into horizontal scroll, which pans.
        if scroll.x != 0.0 {
            self.push(Command::Pan { dx: scroll.x });
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_view();
        eframe::set_value(storage, STORAGE_KEY, &self.settings);
    }
}

/// The built-in sample as a document. It ships inside the binary and is tested to load.
pub fn sample_document() -> Document {
    match io::load_bytes("cartel-transfer.json", SAMPLE_JSON, Some("json")) {
        Ok(loaded) => Document::new(loaded.timeline, None, loaded.format, Vec::new()),
        Err(err) => Document::new(
            Timeline::default(),
            None,
            Format::Native,
            vec![format!("the built-in sample failed to load: {err}")],
        ),
    }
}

/// A view showing every event and era.
pub fn fit_view(timeline: &Timeline) -> TimeView {
    match timeline.time_bounds() {
        // Extra room on the right: the last events' labels extend to the right of their markers.
        Some((lo, hi)) => TimeView::fit(lo, hi + (hi - lo) * FIT_LABEL_ROOM),
        None => TimeView::fit(0.0, 365.2425 * 86_400.0 * 30.0),
    }
}

/// A view around one event that keeps its neighbours in context: the event's own extent (at
/// least a day), widened to show the previous and next events when they are near.
pub fn event_view(timeline: &Timeline, index: usize) -> Option<TimeView> {
    let starts = timeline.start_secs();
    let ends = timeline.end_secs();
    let (s, e) = (*starts.get(index)?, *ends.get(index)?);
    let own = (e - s).max(86_400.0 * 3.0);
    let mut lo = s - own * 0.5;
    let mut hi = s.max(e) + own * 0.5;
    // Context: the neighbours, unless they are so far away that the event would shrink to a dot.
    let max_context = own * 40.0;
    if index > 0 && s - starts[index - 1] < max_context {
        lo = lo.min(starts[index - 1]);
    }
    if index + 1 < starts.len() && starts[index + 1] - s < max_context {
        hi = hi.max(starts[index + 1]);
    }
    Some(TimeView::fit(lo, hi))
}

pub fn theme_choice_label(t: ThemeChoice) -> &'static str {
    match t {
        ThemeChoice::System => "Follow system",
        ThemeChoice::Light => "Light",
        ThemeChoice::Dark => "Dark",
    }
}
