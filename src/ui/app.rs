//! The Chronoscope window. Its state is split by owner: the open [`Document`], the
//! [`ViewState`] (view, selection, filters, search), each panel's own state ([`Panels`]), and
//! the work running in the background. Each frame the panels read what they need and return
//! [`Command`]s; [`App::apply`] carries them out in one place. The editing commands (edits,
//! undo, save, the questions before work could be lost, recovery) are carried out in
//! [`super::app_edit`].

use super::announce::{Announcer, Observed, live_region_ui};
use super::banner::{Banner, banner_overlay, banner_ui};
use super::canvas::{CanvasState, canvas_id, canvas_ui};
use super::commands::Command;
use super::details::{DetailsInput, DetailsState, details_ui};
use super::document::Document;
use super::eras::{ErasState, eras_ui};
use super::export_dialog::{ExportDialog, ExportInput, ExportWhat, export_dialog_ui};
use super::files::{
    DialogAnswer, FileDialog, FileWatcher, LoadedDocument, NativeDialog, PendingLoad,
};
use super::keys::{KeyContext, shortcuts};
use super::legend::LegendState;
use super::links::{LinkOpener, Links};
use super::presentation::{Presentation, STEP_SECS, presentation_ui};
use super::prompt::{Pending, Question, question_ui};
use super::reading::{Reading, reading_ui};
use super::recovery::{RECOVERY_INTERVAL_SECS, Recovered, find_recovery};
use super::settings::{STORAGE_KEY, Settings};
use super::story::{StoryInput, StoryState, story_ui};
use super::toolbar::{ToolbarInput, ToolbarState, toolbar_ui};
use super::view_state::ViewState;
use super::{details, legend, overview};
use super::{focus, help, navigation};
use crate::io::{self, Format};
use crate::model::{Date, DisplayZone, Timeline};
use crate::slide::{step_view, story_steps};
use crate::theme::{Theme, ThemeChoice};
use crate::view::{TimeView, event_view, fit_view, range_view};

/// Why documents are read-only when the command line asked for it.
pub(super) const READ_ONLY_FLAG: &str = "opened with --read-only";
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

/// The sample timeline compiled into the binary: what opens when no file is given.
pub const SAMPLE_JSON: &[u8] = include_bytes!("../../assets/cartel-transfer.json");

/// What the command line asked the window to show first; applied once the file is loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartRequest {
    /// The range to show: from the start of the first date to the end of the second, naive
    /// dates read in the display zone.
    pub range: Option<(Date, Date)>,
    /// The display time zone (`--tz`); remembered like a choice from the menu.
    pub zone: Option<DisplayZone>,
    /// Event id to select.
    pub select: Option<String>,
    pub theme: Option<ThemeChoice>,
    /// Open straight into presentation mode.
    pub present: bool,
    /// Editing off (`--read-only`).
    pub read_only: bool,
}

/// Each panel's own state: what it keeps between frames and nobody else writes.
#[derive(Default)]
pub struct Panels {
    pub toolbar: ToolbarState,
    pub canvas: CanvasState,
    pub export: ExportDialog,
    pub details: DetailsState,
    pub legend: LegendState,
    pub story: StoryState,
    pub eras: ErasState,
    pub legend_shown: bool,
    /// Help ▸ Keyboard (F1) is open.
    pub help_open: bool,
}

/// Work running off the UI thread: loads, the file watcher and open dialogs.
pub(super) struct Background {
    pub(super) pending: Option<PendingLoad>,
    pub(super) watcher: Option<FileWatcher>,
    pub(super) dialog: Box<dyn FileDialog>,
    pub(super) dialog_answer: Option<Receiver<DialogAnswer>>,
    /// The Save As dialog's answer, when one is open.
    pub(super) save_answer: Option<Receiver<DialogAnswer>>,
    /// Opens source links in the browser (the one place a URL leaves the app).
    pub(super) links: Links,
}

/// Crash recovery: where copies go and when the last one was written.
pub(super) struct Recovery {
    /// The app's data folder; `None`: no recovery copies (tests that do not ask for them).
    pub(super) dir: Option<PathBuf>,
    pub(super) interval_secs: f64,
    /// UI-clock time of the last copy (or of the document becoming dirty).
    pub(super) last_write: Option<f64>,
    /// A copy found at start-up, waiting for the user's answer.
    pub(super) found: Option<Recovered>,
}

pub struct App {
    pub(super) settings: Settings,
    pub(super) doc: Document,
    pub(super) view: ViewState,
    pub(super) panels: Panels,
    pub(super) banner: Option<Banner>,
    pub(super) presentation: Option<Presentation>,
    pub(super) background: Background,
    /// The question on screen (unsaved changes, changed on disk, recovery), if any.
    pub(super) question: Option<Question>,
    /// What to do once the save under way has succeeded (the user chose "Save" in a question).
    pub(super) after_save: Option<Pending>,
    pub(super) recovery: Recovery,
    /// Every document opens read-only (`--read-only`).
    pub(super) read_only: bool,
    /// The user agreed to close with unsaved changes (or has none): let the window go.
    pub(super) closing: bool,
    /// The user answered the unsaved-changes question with Discard: the next open or reload
    /// goes ahead once.
    pub(super) guard_passed: bool,
    /// Commands queued this frame.
    commands: Vec<Command>,
    /// Frames drawn: the idle test checks that nothing repaints while nothing moves.
    frames: u64,
    /// Applied once the first document is ready.
    start: Option<StartRequest>,
    window_title: String,
    theme: Theme,
    /// The screen reader's live region: what changed, in words.
    announcer: Announcer,
    /// Where keyboard focus goes back to when the open dialog or presentation closes.
    return_focus: Option<egui::Id>,
    /// Enter on the canvas asked for the details panel's focus (given once it is drawn).
    focus_details_pending: bool,
    /// The widget that had keyboard focus last (see `focus::keep_focus_somewhere`).
    last_focus: Option<egui::Id>,
    /// Where keyboard focus goes back to once the question on screen is answered; `Some` while
    /// a question is shown.
    question_return_focus: Option<Option<egui::Id>>,
    /// How the open file was read, and the choices it offers (sheet, dates, lanes).
    pub(super) reading: Reading,
    /// The load running was asked for with other reading choices: fit what it gives.
    fit_next_load: bool,
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
        if start.read_only {
            app.set_read_only();
        }
        app.start = Some(start);
        app.with_recovery(eframe::storage_dir("Chronoscope"), RECOVERY_INTERVAL_SECS)
    }

    /// Keeps recovery copies in `dir` (none when `None`), written every `interval_secs` while
    /// there are unsaved changes; offers one found there.
    pub fn with_recovery(mut self, dir: Option<PathBuf>, interval_secs: f64) -> Self {
        self.recovery.found = dir.as_deref().and_then(find_recovery);
        if let Some(found) = &self.recovery.found {
            self.question = Some(Question::Recover {
                description: found.describe(std::time::SystemTime::now()),
            });
        }
        self.recovery.dir = dir;
        self.recovery.interval_secs = interval_secs;
        self
    }

    /// Opens every document read-only (`--read-only`).
    pub fn set_read_only(&mut self) {
        self.read_only = true;
        self.doc.read_only = Some(READ_ONLY_FLAG.to_owned());
    }

    /// The app with a given dialog and settings (tests use a scripted dialog).
    pub fn with_parts(
        ctx: &egui::Context,
        settings: Settings,
        dialog: Box<dyn FileDialog>,
        file: Option<PathBuf>,
    ) -> Self {
        // In the remembered zone before the remembered view (kept in that zone's instants).
        let doc = sample_document(settings.time_zone);
        let time = remembered_view(&settings, None).unwrap_or_else(|| fit_view(&doc.timeline));
        let view = ViewState::new(time, &doc.timeline);
        let pending = file.map(|path| PendingLoad::start(path, false, ctx));
        App {
            settings,
            doc,
            view,
            panels: Panels {
                legend_shown: true,
                ..Default::default()
            },
            banner: None,
            presentation: None,
            background: Background {
                pending,
                watcher: None,
                dialog,
                dialog_answer: None,
                links: Links::default(),
                save_answer: None,
            },
            question: None,
            after_save: None,
            recovery: Recovery {
                dir: None,
                interval_secs: RECOVERY_INTERVAL_SECS,
                last_write: None,
                found: None,
            },
            read_only: false,
            closing: false,
            guard_passed: false,
            commands: Vec::new(),
            frames: 0,
            start: None,
            window_title: String::new(),
            theme: Theme::light(),
            announcer: Announcer::default(),
            return_focus: None,
            focus_details_pending: false,
            last_focus: None,
            question_return_focus: None,
            reading: Reading::default(),
            fit_next_load: false,
        }
    }

    // Read access, for the panels' callers and for tests.

    pub fn timeline(&self) -> &Timeline {
        &self.doc.timeline
    }
    pub fn doc(&self) -> &Document {
        &self.doc
    }
    pub fn view(&self) -> &ViewState {
        &self.view
    }
    pub fn panels(&self) -> &Panels {
        &self.panels
    }
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn banner(&self) -> Option<&Banner> {
        self.banner.as_ref()
    }
    pub fn presentation(&self) -> Option<&Presentation> {
        self.presentation.as_ref()
    }
    pub fn theme(&self) -> &Theme {
        &self.theme
    }
    pub fn window_title(&self) -> &str {
        &self.window_title
    }
    pub fn frames(&self) -> u64 {
        self.frames
    }
    /// How the open file was read, and the choices it offers.
    pub fn reading(&self) -> &Reading {
        &self.reading
    }
    /// A file is being read in the background.
    pub fn is_loading(&self) -> bool {
        self.background.pending.is_some()
    }
    /// The question on screen, if any.
    pub fn question(&self) -> Option<&Question> {
        self.question.as_ref()
    }
    /// The window is closing: nothing was unsaved, or the user answered Save or Discard.
    pub fn is_closing(&self) -> bool {
        self.closing
    }
    /// The canvas as laid out last frame (the slide's, while presenting).
    pub fn last_scene(&self) -> Option<&crate::layout::Scene> {
        match &self.presentation {
            Some(p) => p.last_scene.as_ref(),
            None => self.panels.canvas.last_scene.as_ref(),
        }
    }

    /// Selects an event (if any) and pans so it is in view.
    fn select_and_show(&mut self, index: Option<usize>, now: f64) {
        if let Some(i) = index {
            self.view.select(Some(i));
            self.view.keep_in_view(&self.doc.timeline, i, now);
        }
    }

    /// Opens links through `opener` from now on (tests record them instead of starting a
    /// browser).
    pub fn set_link_opener(&mut self, opener: std::sync::Arc<dyn LinkOpener>) {
        self.background.links = Links::new(opener);
    }

    /// The live region's latest announcement.
    pub fn announcement(&self) -> &str {
        &self.announcer.text
    }

    /// Takes down a notice whose time is up; otherwise wakes the window when it will be.
    fn expire_notice(&mut self, ctx: &egui::Context, now: f64) {
        let Some(left) = self.banner.as_mut().and_then(|b| b.secs_left(now)) else {
            return;
        };
        if left <= 0.0 {
            self.banner = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
        }
    }

    /// Queues a command for the end of this frame (menus, tests).
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// One frame: poll background work, draw, then apply what the user asked for.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        self.frames += 1;
        let ctx = ui.ctx().clone();
        let now = ctx.input(|i| i.time);
        self.poll_background(&ctx);
        if self.background.pending.is_none()
            && let Some(start) = self.start.take()
        {
            self.apply_start(start, &ctx);
        }
        // Whatever brought a new document in (a load, the sample, a recovered copy), it is
        // drawn in the chosen zone.
        self.sync_display_zone(&ctx);
        let chosen = Theme::for_choice(
            self.settings.theme,
            ctx.system_theme() == Some(egui::Theme::Dark),
        );
        self.theme = match &self.presentation {
            Some(_) => chosen.for_presentation(),
            None => chosen,
        };
        ctx.set_visuals(self.theme.visuals());
        if self.view.tick(now) {
            ctx.request_repaint();
        }
        self.expire_notice(&ctx, now);

        focus::keep_focus_somewhere(&ctx, &mut self.last_focus);
        let mut out = self.close_requested(&ctx);
        if self.presentation.is_some() {
            out.extend(self.presentation_frame(ui, &ctx));
        } else {
            if self.question.is_none() {
                out.extend(shortcuts(
                    &ctx,
                    &KeyContext {
                        search_had_focus: self.panels.toolbar.search_had_focus,
                        dialog_open: self.panels.export.open || self.panels.help_open,
                        has_selection: self.view.selected.is_some(),
                        canvas_focused: ctx.memory(|m| m.has_focus(canvas_id())),
                        editable: self.doc.read_only.is_none(),
                    },
                ));
            }
            out.extend(dropped_files(&ctx));
            out.extend(self.panels_ui(ui, &ctx));
        }
        if let Some(q) = &self.question {
            self.question_return_focus
                .get_or_insert_with(|| ctx.memory(|m| m.focused()));
            out.extend(question_ui(&ctx, q, &self.doc.display_name()));
        }
        self.commands.extend(out);
        self.keep_recovery_copy(&ctx, now);
        self.update_title(&ctx);
        live_region_ui(ui, &self.announcer.text);
        focus::paint_focus_ring(&ctx, self.theme.text);
        for c in std::mem::take(&mut self.commands) {
            self.apply(c, &ctx);
        }
        if self.question.is_none()
            && let Some(Some(id)) = self.question_return_focus.take()
        {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        self.announce_changes(&ctx);
    }

    /// Tells the live region what the frame changed (selection, search count, step).
    fn announce_changes(&mut self, ctx: &egui::Context) {
        let observed = Observed {
            selected: self.view.selected,
            search_status: self.view.search.status(),
            step: self
                .presentation
                .as_ref()
                .map(|p| (p.current, p.steps.len() + 1, p.step().cloned())),
        };
        let timeline = self.doc.timeline.clone();
        if self.announcer.observe(observed, &timeline).is_some() {
            // The live region shows the words in the next frame.
            ctx.request_repaint();
        }
    }

    /// Presentation mode: the slide, and over it the handout export and its banner.
    fn presentation_frame(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        if let Some(p) = &mut self.presentation {
            let dialog_open = self.panels.export.open;
            out.extend(presentation_ui(
                ui,
                p,
                &self.doc,
                &self.view,
                &self.theme,
                dialog_open,
            ));
        }
        if let Some(banner) = &self.banner {
            out.extend(banner_overlay(ctx, banner, &self.theme));
        }
        out.extend(self.export_dialog(ctx));
        out
    }

    fn export_dialog(&mut self, ctx: &egui::Context) -> Vec<Command> {
        export_dialog_ui(
            ctx,
            &mut self.panels.export,
            &ExportInput {
                timeline: &self.doc.timeline,
                doc_path: self.doc.path.as_deref(),
                view: self.view.time,
                filters: &self.view.filters,
                selected: self.view.selected,
                theme: &self.theme,
                dialog: self.background.dialog.as_ref(),
            },
        )
    }

    /// The window's panels, each handed only what it reads.
    fn panels_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) -> Vec<Command> {
        let mut out = toolbar_ui(
            ui,
            &ToolbarInput {
                recent: &self.settings.recent,
                theme: self.settings.theme,
                zone: self.settings.time_zone,
                view_centre_secs: self.view.time.centre_secs().floor() as i64,
                has_selection: self.view.selected.is_some(),
                legend_shown: self.panels.legend_shown,
                search: &self.view.search,
                editable: self.doc.read_only.is_none(),
                can_undo: self.doc.history.can_undo(),
                can_redo: self.doc.history.can_redo(),
            },
            &mut self.panels.toolbar,
        );
        out.extend(reading_ui(ui, &self.reading));
        if let Some(banner) = &self.banner {
            out.extend(banner_ui(ui, banner, &self.theme));
        }
        out.extend(overview::overview_ui(
            ui,
            &self.doc,
            self.view.time,
            &self.theme,
        ));
        if self.panels.legend_shown {
            out.extend(legend::legend_ui(
                ui,
                &self.doc,
                &self.view.filters,
                &self.theme,
                &mut self.panels.legend,
            ));
        }
        if let Some(index) = self.view.selected {
            out.extend(details_ui(
                ui,
                &DetailsInput {
                    timeline: &self.doc.timeline,
                    index,
                    theme: &self.theme,
                    editable: self.doc.read_only.is_none(),
                    tags: &self.doc.tags,
                    selected_count: self.view.selection().len(),
                },
                &mut self.panels.details,
            ));
        }
        out.extend(story_ui(
            ctx,
            &mut self.panels.story,
            &StoryInput {
                timeline: &self.doc.timeline,
                selected: self.view.selected,
                view: self.view.target(),
                lane_hidden: &self.view.filters.lane_hidden,
                editable: self.doc.read_only.is_none(),
            },
        ));
        out.extend(eras_ui(
            ctx,
            &mut self.panels.eras,
            &self.doc.timeline,
            self.view.target(),
            self.doc.read_only.is_none(),
        ));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            out.extend(canvas_ui(
                ui,
                &self.doc,
                &self.view,
                &self.theme,
                self.background.pending.as_ref(),
                &mut self.panels.canvas,
            ))
        });
        out.extend(self.export_dialog(ctx));
        if self.panels.help_open {
            out.extend(help::keyboard_help_ui(ctx));
        }
        if self.focus_details_pending && focus::focus_region(ctx, focus::Region::Details) {
            self.focus_details_pending = false;
        }
        out
    }

    fn poll_background(&mut self, ctx: &egui::Context) {
        // Search results stream in from the worker; each batch asks for a repaint.
        if self.view.poll_search(&self.doc.timeline) {
            ctx.request_repaint();
        }
        if let Some(failure) = self.background.links.poll_failure() {
            self.banner = Some(Banner::error(failure.message()));
        }
        if let Some(pending) = &self.background.pending {
            if let Some(result) = pending.poll() {
                let Some(pending) = self.background.pending.take() else {
                    return;
                };
                self.finish_load(pending, result, ctx);
            } else {
                // The spinner moves while the worker reads.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
        // Only ask the watcher once no load is running, so a change during a load is not lost.
        if self.background.pending.is_none()
            && let Some(watcher) = &mut self.background.watcher
            && watcher.changed(ctx)
        {
            let path = watcher.path().to_path_buf();
            self.file_changed_on_disk(path, ctx);
        }
        self.poll_save_dialog(ctx);
        if let Some(rx) = &self.background.dialog_answer {
            let answer = match rx.try_recv() {
                Ok(answer) => Some(answer),
                Err(TryRecvError::Empty) => None,
                // The dialog thread died: offer the typed path as when no dialog exists.
                Err(TryRecvError::Disconnected) => Some(DialogAnswer::Unavailable),
            };
            if let Some(answer) = answer {
                self.background.dialog_answer = None;
                match answer {
                    DialogAnswer::Picked(p) => self.push(Command::OpenPath(p)),
                    DialogAnswer::Cancelled => {}
                    DialogAnswer::Unavailable => {
                        self.banner = Some(Banner::info(
                            "No file dialog is available on this system: type the path of the file to open.",
                        ));
                        self.panels
                            .toolbar
                            .path_prompt
                            .get_or_insert_with(String::new);
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
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                let what = if pending.is_reload {
                    "The file changed on disk but could not be read cleanly; still showing the previous version."
                } else {
                    // The start-up request was about that file, except the theme.
                    if let Some(theme) = self.start.take().and_then(|start| start.theme) {
                        self.settings.theme = theme;
                    }
                    "Could not open the file; the timeline on screen is unchanged."
                };
                self.banner = Some(Banner::error(format!("{what}\n{err}")));
                return;
            }
        };
        // Presentation steps are positions in the old document: leave it first.
        self.leave_presentation(ctx);
        self.remember_view();
        let selected_id = self
            .view
            .selected
            .and_then(|i| self.timeline().event(i))
            .map(|e| e.id().to_owned());
        let mut new_doc = loaded.doc;
        if self.read_only {
            new_doc.read_only = Some(READ_ONLY_FLAG.to_owned());
        }
        // Before the view is fitted or carried over: naive dates sit in the chosen zone.
        new_doc.set_display_zone(self.settings.time_zone);
        let old = std::mem::replace(&mut self.doc, new_doc);
        self.guard_passed = false;
        self.panels.details.draft = None;
        self.recovery.last_write = None;
        if let Some(dir) = &self.recovery.dir {
            // The version left behind was saved, discarded or replaced by theirs.
            super::recovery::remove_recovery(dir, old.path.as_deref());
        }
        self.reading = loaded.reading;
        if pending.is_reload {
            // Keep filters (lanes by id, tags), the search, the view and the selection.
            self.view.filters = self
                .view
                .filters
                .carried_to(&old.timeline, &self.doc.timeline);
            self.view.selected = selected_id.and_then(|id| self.doc.timeline.index_of(&id));
            self.view
                .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
            // Events that moved away (a spreadsheet rewrote every date a year later) must not
            // leave an empty canvas: a view that shows nothing any more fits to the data.
            let timeline = &self.doc.timeline;
            let view = self.view.target();
            let mut in_view = timeline.visible(view.start_secs, view.end_secs());
            if !in_view.any(|i| self.view.is_shown(timeline, i)) {
                self.view.jump_to(fit_view(timeline));
            }
        } else {
            let fit = std::mem::take(&mut self.fit_next_load);
            let remembered = remembered_view(&self.settings, Some(&pending.path)).filter(|_| !fit);
            let time = remembered.unwrap_or_else(|| fit_view(&self.doc.timeline));
            self.view = ViewState::new(time, &self.doc.timeline);
            self.settings.add_recent(&pending.path);
            self.background.watcher = FileWatcher::watch(&pending.path, ctx);
        }
        // A million-event timeline takes a while to free: not on the UI thread.
        std::thread::spawn(move || drop(old));
        self.banner = self.read_only_banner().or_else(|| {
            (!self.doc.warnings.is_empty()).then(|| {
                Banner::error(format!(
                    "Loaded with {} problem(s):\n{}",
                    self.doc.warnings.len(),
                    self.doc
                        .warnings
                        .iter()
                        .take(8)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("\n")
                ))
            })
        });
    }

    fn apply_start(&mut self, start: StartRequest, ctx: &egui::Context) {
        if let Some(zone) = start.zone {
            self.settings.time_zone = zone;
            self.sync_display_zone(ctx);
        }
        if let Some(view) = start
            .range
            .and_then(|(from, to)| range_view(&from, &to, &self.settings.time_zone))
        {
            self.view.jump_to(view);
        }
        if let Some(theme) = start.theme {
            self.settings.theme = theme;
        }
        if let Some(id) = start.select {
            match self.timeline().index_of(&id) {
                Some(i) => self.view.selected = Some(i),
                None => {
                    self.banner = Some(Banner::error(format!(
                        "--select: no event with id \"{id}\" in this timeline"
                    )))
                }
            }
        }
        if start.present {
            self.push(Command::EnterPresentation);
        }
    }

    fn remember_view(&mut self) {
        let key = Settings::view_key(self.doc.path.as_deref());
        self.settings.views.insert(key, self.view.time);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — {} — Chronoscope",
            if self.doc.is_dirty() { "• " } else { "" },
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
        // Screen readers name the window from its root node, not from the title bar.
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(self.window_title.clone());
        });
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        // Editing commands change the timeline: carried out before this function takes its
        // own handle on it (a second handle would make the edit copy the whole timeline).
        let Some(command) = self.apply_editing(command, ctx) else {
            return;
        };
        // Likewise a new zone re-places the events: before the handle below.
        if let Command::SetTimeZone(zone) = command {
            self.settings.time_zone = zone;
            self.sync_display_zone(ctx);
            return;
        }
        let now = ctx.input(|i| i.time);
        let width = self.panels.canvas.width.max(1.0);
        let timeline = self.doc.timeline.clone();
        match command {
            Command::ZoomAt { x, factor } => {
                let to = self.view.time.zoom_at(x, width, factor);
                self.view.jump_to(to);
            }
            Command::ZoomCentre { factor } => {
                let target = self.view.target().zoom_at(width / 2.0, width, factor);
                self.view.animate_to(target, now);
            }
            Command::Pan { dx } => {
                let to = self.view.time.pan(dx, width);
                self.view.jump_to(to);
            }
            Command::PanFraction { fraction } => {
                let v = self.view.target();
                self.view.animate_to(
                    TimeView::new(v.start_secs + fraction * v.span_secs, v.span_secs),
                    now,
                );
            }
            Command::SetView(v) => self.view.jump_to(v),
            Command::AnimateTo(v) => self.view.animate_to(v, now),
            Command::FitAll => self.view.animate_to(fit_view(&timeline), now),
            Command::ZoomToSelected => {
                if let Some(v) = self.view.selected.and_then(|i| event_view(&timeline, i)) {
                    self.view.animate_to(v, now);
                }
            }
            Command::Select(sel) => {
                self.view.select(sel.filter(|&i| i < timeline.len()));
            }
            Command::ToggleSelected(i) if i < timeline.len() => {
                if self.view.selected == Some(i) {
                    self.view.selected = self.view.also.pop();
                } else if let Some(k) = self.view.also.iter().position(|&j| j == i) {
                    self.view.also.remove(k);
                } else if self.view.selected.is_none() {
                    self.view.selected = Some(i);
                } else {
                    self.view.also.push(i);
                }
            }
            Command::ToggleSelected(_) => {}
            Command::SelectMany(list) => {
                let list: Vec<usize> = list.into_iter().filter(|&i| i < timeline.len()).collect();
                self.view.select(list.first().copied());
                self.view.also = list.into_iter().skip(1).collect();
            }
            Command::SelectStep(delta) => {
                let next = self.view.step_selection(&timeline, delta);
                self.select_and_show(next, now);
            }
            Command::SelectLane(delta) => {
                let from_secs = self.view.target().centre_secs();
                let next = navigation::step_lane(
                    &timeline,
                    |i| self.view.is_shown(&timeline, i),
                    self.view.selected,
                    from_secs,
                    delta,
                );
                self.select_and_show(next, now);
            }
            Command::SelectFirst => {
                let first =
                    navigation::first_shown(&timeline, |i| self.view.is_shown(&timeline, i));
                self.select_and_show(first, now);
            }
            Command::SelectLast => {
                let last = navigation::last_shown(&timeline, |i| self.view.is_shown(&timeline, i));
                self.select_and_show(last, now);
            }
            Command::FocusDetails => {
                if self.view.selected.is_none() {
                    let first = self.view.step_selection(&timeline, 1);
                    self.select_and_show(first, now);
                }
                // The details panel appears next frame if it was not there: focus it then.
                self.focus_details_pending = true;
                ctx.request_repaint();
            }
            Command::CycleRegion(delta) => focus::cycle_region(ctx, delta),
            Command::OpenDialog => {
                if self.unsaved_guard(Pending::OpenDialog) {
                    return;
                }
                if self.background.dialog_answer.is_none() {
                    self.background.dialog_answer = Some(self.background.dialog.pick_timeline());
                }
            }
            Command::AskForPath => {
                self.panels
                    .toolbar
                    .path_prompt
                    .get_or_insert_with(String::new);
            }
            Command::OpenPath(path) => {
                if self.unsaved_guard(Pending::OpenPath(path.clone())) {
                    return;
                }
                self.panels.toolbar.path_prompt = None;
                self.background.pending = Some(PendingLoad::start(path, false, ctx));
            }
            Command::CancelLoad => {
                if let Some(pending) = self.background.pending.take() {
                    pending.cancel();
                    self.banner = Some(Banner::info(format!(
                        "Stopped loading {}; the timeline on screen is unchanged.",
                        pending.path.display()
                    )));
                }
            }
            Command::Reread(options) => {
                if let Some(path) = self.doc.path.clone() {
                    // Another sheet or reading is other events: fit them, not the old view.
                    self.fit_next_load = true;
                    self.background.pending =
                        Some(PendingLoad::start_with(path, false, options, ctx));
                }
            }
            Command::OpenSample => {
                if self.unsaved_guard(Pending::OpenSample) {
                    return;
                }
                self.leave_presentation(ctx);
                self.remember_view();
                let mut sample = sample_document(self.settings.time_zone);
                if self.read_only {
                    sample.read_only = Some(READ_ONLY_FLAG.to_owned());
                }
                let old = std::mem::replace(&mut self.doc, sample);
                if let Some(dir) = &self.recovery.dir {
                    super::recovery::remove_recovery(dir, old.path.as_deref());
                }
                std::thread::spawn(move || drop(old));
                self.panels.details.draft = None;
                self.background.pending = None;
                self.background.watcher = None;
                self.banner = None;
                self.reading = Reading::default();
                let time = remembered_view(&self.settings, None)
                    .unwrap_or_else(|| fit_view(&self.doc.timeline));
                self.view = ViewState::new(time, &self.doc.timeline);
            }
            Command::FocusSearch => self.panels.toolbar.focus_search = true,
            Command::SetSearch(q) => {
                self.view
                    .set_search(&self.doc.searchable, &q, repaint_from_worker(ctx))
            }
            Command::SearchStep(delta) => {
                if let Some(i) = self.view.search.step(delta) {
                    self.view.select(Some(i));
                    self.view.keep_in_view(&timeline, i, now);
                }
            }
            Command::ClearSearch => self.view.search.clear(),
            Command::ToggleLane(lane) => {
                self.view.filters.toggle_lane(lane);
                self.view
                    .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
            }
            Command::ToggleTag(tag) => {
                self.view.filters.toggle_tag(&timeline, &tag);
                self.view
                    .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
            }
            Command::ShowAll => {
                self.view.filters.show_all();
                self.view
                    .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
            }
            Command::SetTheme(t) => self.settings.theme = t,
            Command::ShowBanner(b) => {
                self.banner = Some(b);
                // Shown in the next frame, even when nothing else moves (a finished export).
                ctx.request_repaint();
            }
            Command::DismissBanner => self.banner = None,
            Command::SetLegendShown(shown) => self.panels.legend_shown = shown,
            Command::OpenUrl(url) => {
                if self.background.links.open(&url, ctx).is_err() {
                    self.banner = Some(Banner::error(format!(
                        "Not opened: only http, https and mailto links open from Chronoscope ({url})."
                    )));
                }
            }
            Command::CopyText(text) => ctx.copy_text(text),
            Command::CopyCitation => {
                if let Some(event) = self.view.selected.and_then(|i| self.timeline().event(i)) {
                    ctx.copy_text(details::citation(event, self.timeline()));
                }
            }
            Command::EnterPresentation => self.enter_presentation(ctx),
            Command::ExitPresentation => self.leave_presentation(ctx),
            Command::GoToStep(n) => self.go_to_step(n, now),
            Command::PresentationStep(d) => {
                if let Some(p) = &self.presentation {
                    let n = (p.current as i64 + d as i64).clamp(0, p.steps.len() as i64) as usize;
                    self.go_to_step(n, now);
                }
            }
            Command::ToggleBlank => {
                if let Some(p) = &mut self.presentation {
                    p.blank = !p.blank;
                }
            }
            Command::OpenExportDialog => self.open_export_dialog(ctx, false),
            Command::OpenHandoutExport => self.open_export_dialog(ctx, true),
            Command::ShowKeyboardHelp => {
                if !self.panels.help_open {
                    self.return_focus = ctx.memory(|m| m.focused());
                    self.panels.help_open = true;
                }
            }
            Command::CloseDialog => {
                self.panels.export.open = self.panels.export.is_busy();
                self.panels.help_open = false;
                if let Some(id) = self.return_focus.take() {
                    ctx.memory_mut(|m| m.request_focus(id));
                }
            }
            Command::ToggleStoryPanel => self.panels.story.open = !self.panels.story.open,
            Command::ToggleErasPanel => self.panels.eras.open = !self.panels.eras.open,
            // Carried out by `apply_editing`.
            Command::Edit(_)
            | Command::Undo
            | Command::Redo
            | Command::StartEditing
            | Command::StopEditing
            | Command::NewEvent { .. }
            | Command::DeleteSelected
            | Command::DuplicateSelected
            | Command::Nudge(_)
            | Command::Save
            | Command::SaveAs
            | Command::Reload
            | Command::Answer(_) => {}
            // Carried out above.
            Command::SetTimeZone(_) => {}
        }
    }

    /// The story as presentation mode steps through it: the one being presented, else the
    /// file's story (or all events in time) restricted by the filters and the search.
    fn current_story(&self) -> Vec<crate::slide::Step> {
        if let Some(p) = &self.presentation {
            return p.steps.clone();
        }
        let timeline = &self.doc.timeline;
        let matches = self
            .view
            .search
            .is_active()
            .then_some(self.view.search.matches.as_slice());
        story_steps(timeline, |i| self.view.is_shown(timeline, i), matches)
    }

    /// Opens the export dialog (set to a handout when asked), remembering where focus was.
    fn open_export_dialog(&mut self, ctx: &egui::Context, handout: bool) {
        if self.panels.export.open {
            return;
        }
        self.return_focus = ctx.memory(|m| m.focused());
        let story = self.current_story();
        let export = &mut self.panels.export;
        export.story = story;
        if handout && !export.story.is_empty() {
            export.what = ExportWhat::Handout;
        } else if export.what == ExportWhat::Handout && export.story.is_empty() {
            export.what = ExportWhat::CurrentView;
        }
        export.open = true;
    }

    /// Full screen over the story (restricted by the filters and the search), from the title.
    fn enter_presentation(&mut self, ctx: &egui::Context) {
        if self.presentation.is_some() {
            return;
        }
        self.return_focus = ctx.memory(|m| m.focused());
        let timeline = &self.doc.timeline;
        let steps = self.current_story();
        let first = step_view(timeline, &steps, 0);
        let p = Presentation::enter(steps, self.view.target(), self.view.selected, ctx);
        let now = ctx.input(|i| i.time);
        self.view.animate_over(first, now, STEP_SECS);
        self.presentation = Some(p);
    }

    /// Leaves presentation mode (if on), restoring exactly the view and selection from before.
    fn leave_presentation(&mut self, ctx: &egui::Context) {
        if let Some(p) = self.presentation.take() {
            let (view, selected) = p.leave(ctx);
            self.view.jump_to(view);
            self.view.selected = selected;
            if let Some(id) = self.return_focus.take() {
                ctx.memory_mut(|m| m.request_focus(id));
            }
        }
    }

    fn go_to_step(&mut self, n: usize, now: f64) {
        let Some(p) = &mut self.presentation else {
            return;
        };
        let n = n.min(p.steps.len());
        p.current = n;
        p.blank = false;
        let to = step_view(&self.doc.timeline, &p.steps, n);
        self.view.selected = p.focus();
        self.view.animate_over(to, now, STEP_SECS);
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

/// A callback for worker threads: repaint the window when they have something to show.
pub(super) fn repaint_from_worker(ctx: &egui::Context) -> impl Fn() + Send + 'static {
    let ctx = ctx.clone();
    move || ctx.request_repaint()
}

/// Files dropped on the window: the first one opens.
fn dropped_files(ctx: &egui::Context) -> Option<Command> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .first()
            .map(|f| Command::OpenPath(f.path().to_path_buf()))
    })
}

/// The view last used for a file (`None`: the sample), if any.
fn remembered_view(settings: &Settings, path: Option<&std::path::Path>) -> Option<TimeView> {
    settings
        .views
        .get(&Settings::view_key(path))
        .map(|v| TimeView::new(v.start_secs, v.span_secs))
}

/// The built-in sample as a document, its dates placed in `zone`. It ships inside the binary and
/// is tested to load.
pub fn sample_document(zone: DisplayZone) -> Document {
    match io::load_bytes("cartel-transfer.json", SAMPLE_JSON, Some("json")) {
        Ok(mut loaded) => {
            loaded.timeline.set_display_zone(zone);
            Document::new(loaded.timeline, None, loaded.format, Vec::new())
        }
        Err(err) => Document::new(
            Timeline::default(),
            None,
            Format::Native,
            vec![format!("the built-in sample failed to load: {err}")],
        ),
    }
}
