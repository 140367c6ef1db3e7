//! The window's editing commands, carried out in one place: edits and undo/redo (the selection
//! follows what changed), creating, deleting, duplicating and nudging events, edit mode, saving
//! (in place, losslessly; Save As for new files and other formats), the questions asked before
//! work could be lost (close, open, reload, a file changed on disk) and the recovery copy.

use super::app::{App, READ_ONLY_FLAG, repaint_from_worker};
use super::banner::Banner;
use super::commands::Command;
use super::edit_ops;
use super::event_editor::EventDraft;
use super::files::{DialogAnswer, FileWatcher, PendingLoad};
use super::prompt::{Answer, Pending, Question, compare};
use super::recovery::{remove_recovery, write_recovery};
use super::view_state::{FilterMemo, Filters};
use crate::io::{self, FileStamp, Format, SaveProblem, SaveTarget, save_timeline};
use crate::model::Edit;
use std::path::{Path, PathBuf};
use std::sync::mpsc::TryRecvError;

impl App {
    /// Carries out an editing command; any other command is handed back.
    pub(super) fn apply_editing(
        &mut self,
        command: Command,
        ctx: &egui::Context,
    ) -> Option<Command> {
        let editable = self.doc.read_only.is_none();
        let refuse = |app: &mut App| {
            let why = app.doc.read_only.clone().unwrap_or_default();
            app.banner = Some(Banner::error(format!("Editing is off: {why}.")));
        };
        match command {
            Command::Edit(_)
            | Command::Undo
            | Command::Redo
            | Command::StartEditing
            | Command::NewEvent { .. }
            | Command::DeleteSelected
            | Command::DuplicateSelected
            | Command::Nudge(_)
            | Command::Save
                if !editable =>
            {
                refuse(self)
            }
            Command::Edit(edit) => self.edit(edit, ctx),
            Command::Undo => {
                let (before, memo) = self.before_edit();
                if let Some(touched) = self.doc.undo() {
                    self.after_edit(&touched, before, memo, ctx);
                }
            }
            Command::Redo => {
                let (before, memo) = self.before_edit();
                if let Some(touched) = self.doc.redo() {
                    self.after_edit(&touched, before, memo, ctx);
                }
            }
            Command::StartEditing => {
                if let Some(i) = self.view.selected
                    && let Some(e) = self.doc.timeline.event(i)
                {
                    let key = self.doc.timeline.file_order()[i];
                    self.panels.details.draft = Some(EventDraft::new(key, e));
                }
            }
            Command::StopEditing => {
                self.panels.details.draft = None;
                // Back to the timeline, where E started the edit and the arrows go on.
                ctx.memory_mut(|m| m.request_focus(super::canvas::canvas_id()));
            }
            Command::NewEvent { at_secs, lane } => {
                let t = &self.doc.timeline;
                let at = at_secs.unwrap_or_else(|| self.view.target().centre_secs());
                let lane = lane
                    .or_else(|| {
                        self.view
                            .selected
                            .and_then(|i| t.event(i))
                            .map(|e| e.lane())
                    })
                    .unwrap_or(0);
                if let Some((edit, _)) =
                    edit_ops::new_event(t, at, lane, self.view.target().span_secs)
                {
                    self.edit(edit, ctx);
                    self.apply_editing(Command::StartEditing, ctx);
                }
            }
            Command::DeleteSelected => {
                if let Some(edit) = edit_ops::delete(&self.doc.timeline, &self.view.selection()) {
                    self.edit(edit, ctx);
                }
            }
            Command::DuplicateSelected => {
                if let Some(edit) = edit_ops::duplicate(&self.doc.timeline, &self.view.selection())
                {
                    self.edit(edit, ctx);
                }
            }
            Command::Nudge(dir) => {
                if let Some(edit) = edit_ops::nudge(&self.doc.timeline, &self.view.selection(), dir)
                {
                    self.edit(edit, ctx);
                }
            }
            Command::Save => self.save(ctx),
            Command::SaveAs => self.save_as(),
            Command::Reload => {
                if !self.unsaved_guard(Pending::Reload) {
                    self.run_pending(Pending::Reload, ctx);
                }
            }
            Command::Answer(answer) => self.answer(answer, ctx),
            other => return Some(other),
        }
        None
    }

    /// Applies an edit as one undo step; the selection moves to what it touched.
    fn edit(&mut self, edit: Edit, ctx: &egui::Context) {
        // New work after "Discard": the next open asks again.
        self.guard_passed = false;
        let (before, memo) = self.before_edit();
        let touched = self.doc.edit(edit);
        self.after_edit(&touched, before, memo, ctx);
    }

    /// The selection (by key) and the filters (by name), to carry across an edit.
    fn before_edit(&self) -> (Vec<u32>, FilterMemo) {
        let t = &self.doc.timeline;
        let order = t.file_order();
        let keys = self
            .view
            .selection()
            .into_iter()
            .filter_map(|i| order.get(i).copied())
            .collect();
        (keys, self.view.filters.memo(t))
    }

    /// After the timeline changed: filters, selection and search follow it.
    fn after_edit(
        &mut self,
        touched: &[u32],
        before: Vec<u32>,
        memo: FilterMemo,
        ctx: &egui::Context,
    ) {
        let t = &self.doc.timeline;
        self.view.filters = Filters::from_memo(t, memo);
        let mut index_of = std::collections::HashMap::with_capacity(t.len());
        for (i, &k) in t.file_order().iter().enumerate() {
            index_of.insert(k, i);
        }
        let keys = if touched.is_empty() {
            before
        } else {
            touched.to_vec()
        };
        let selection: Vec<usize> = keys
            .iter()
            .filter_map(|k| index_of.get(k).copied())
            .collect();
        self.view.select(selection.first().copied());
        self.view.also = selection.into_iter().skip(1).collect();
        if let Some(draft) = &self.panels.details.draft
            && !index_of.contains_key(&draft.key)
        {
            self.panels.details.draft = None;
        }
        self.view
            .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
        if self.recovery.last_write.is_none() {
            self.recovery.last_write = Some(f64::NEG_INFINITY);
        }
    }

    /// When there are unsaved changes, asks first (and returns true: the caller stops).
    pub(super) fn unsaved_guard(&mut self, pending: Pending) -> bool {
        if self.guard_passed || !self.doc.is_dirty() {
            return false;
        }
        self.question = Some(Question::Unsaved(pending));
        true
    }

    /// The window's close button: asks first while there are unsaved changes.
    pub(super) fn close_requested(&mut self, ctx: &egui::Context) -> Vec<Command> {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return Vec::new();
        }
        if self.closing || !self.doc.is_dirty() {
            self.forget_recovery_copy();
            return Vec::new();
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.question = Some(Question::Unsaved(Pending::Close));
        Vec::new()
    }

    /// Carries out what the user asked for once the question about it is settled.
    fn run_pending(&mut self, pending: Pending, ctx: &egui::Context) {
        // The edits are being dropped: so is their recovery copy.
        self.forget_recovery_copy();
        // The question was answered: the command below passes its guard once.
        let discard = |app: &mut App| app.guard_passed = true;
        match pending {
            Pending::Close => {
                self.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::OpenDialog => {
                discard(self);
                self.push(Command::OpenDialog);
            }
            Pending::OpenPath(p) => {
                discard(self);
                self.push(Command::OpenPath(p));
            }
            Pending::OpenSample => {
                discard(self);
                self.push(Command::OpenSample);
            }
            Pending::Reload => match self.doc.path.clone() {
                Some(path) => {
                    let options = self.reading.options.clone();
                    self.background.pending =
                        Some(PendingLoad::start_with(path, true, options, ctx));
                }
                None => {
                    let sample = super::app::sample_document(self.settings.time_zone);
                    self.doc = sample;
                    self.view.filters = Filters::for_timeline(&self.doc.timeline);
                    self.view.select(None);
                    self.view
                        .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
                }
            },
        }
    }

    fn answer(&mut self, answer: Answer, ctx: &egui::Context) {
        let Some(question) = self.question.take() else {
            return;
        };
        match (question, answer) {
            (Question::Unsaved(p), Answer::Save) => {
                self.after_save = Some(p);
                self.save(ctx);
            }
            (Question::Unsaved(p), Answer::Discard) => self.run_pending(p, ctx),
            (Question::ChangedOnDisk { .. }, Answer::KeepMine) => self.save_as(),
            (Question::ChangedOnDisk { .. }, Answer::TakeTheirs) => {
                self.run_pending(Pending::Reload, ctx)
            }
            (Question::ChangedOnDisk { .. }, Answer::Compare) => {
                let comparison = self
                    .doc
                    .path
                    .as_deref()
                    .and_then(|p| io::load_path(p).ok())
                    .map(|theirs| compare(&self.doc.timeline, &theirs.timeline));
                self.question = Some(Question::ChangedOnDisk {
                    comparison: Some(comparison.unwrap_or_default()),
                });
            }
            (Question::Recover { .. }, Answer::Restore) => self.restore_recovery(ctx),
            (Question::Recover { .. }, Answer::DiscardRecovery) => {
                if let Some(found) = self.recovery.found.take() {
                    let _ = std::fs::remove_file(&found.file);
                }
            }
            // Cancel, or an answer that does not fit (the question simply closes).
            (Question::Recover { .. }, _) => {}
            _ => {}
        }
    }

    /// Ctrl+S: back over the file when it is Chronoscope JSON, else Save As.
    fn save(&mut self, ctx: &egui::Context) {
        let _ = ctx;
        let Some(path) = self.doc.path.clone() else {
            return self.save_as();
        };
        if self.doc.format != Format::Native {
            // Never over a file of another format: Save As suggests a new .json beside it.
            return self.save_as();
        }
        let Some(version) = self.doc.disk.clone() else {
            self.question = Some(Question::ChangedOnDisk { comparison: None });
            return;
        };
        self.save_to(&path, SaveTarget::InPlace(&version), ctx);
    }

    /// Ctrl+Shift+S: asks where, suggesting a `.json` beside the open file.
    fn save_as(&mut self) {
        if self.background.save_answer.is_some() {
            return;
        }
        let stem = self
            .doc
            .path
            .as_deref()
            .and_then(Path::file_stem)
            .map_or_else(
                || "timeline".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            );
        let folder = self
            .doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        self.background.save_answer = Some(
            self.background
                .dialog
                .pick_save_path(folder.as_deref(), &format!("{stem}.json")),
        );
    }

    pub(super) fn poll_save_dialog(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.background.save_answer else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => DialogAnswer::Unavailable,
        };
        self.background.save_answer = None;
        match answer {
            DialogAnswer::Picked(path) => {
                let path = if path.extension().is_none() {
                    path.with_extension("json")
                } else {
                    path
                };
                // Saving onto the file it came from (native, still the version loaded) merges;
                // anything else is written whole — also that file once someone else changed it:
                // the user chose it in the dialog, to replace theirs with this version.
                let same = self
                    .doc
                    .path
                    .as_deref()
                    .is_some_and(|p| io::same_file(p, &path));
                let version = self.doc.disk.clone();
                let target = match (same, self.doc.format, &version) {
                    (true, Format::Native, Some(version))
                        if FileStamp::of(&path) == Some(version.stamp) =>
                    {
                        SaveTarget::InPlace(version)
                    }
                    _ => SaveTarget::Fresh,
                };
                self.save_to(&path, target, ctx);
            }
            DialogAnswer::Cancelled => self.after_save = None,
            DialogAnswer::Unavailable => {
                self.after_save = None;
                self.banner = Some(Banner::error(
                    "No file dialog is available on this system to choose where to save.",
                ));
            }
        }
    }

    fn save_to(&mut self, path: &Path, target: SaveTarget<'_>, ctx: &egui::Context) {
        let old_path = self.doc.path.clone();
        match save_timeline(&self.doc.timeline, path, target) {
            Ok(version) => {
                self.forget_recovery_copy();
                self.doc.mark_saved(path.to_path_buf(), Some(version));
                self.doc.read_only = self.read_only.then(|| READ_ONLY_FLAG.to_owned());
                if old_path.as_deref() != Some(path) {
                    self.settings.add_recent(path);
                    self.background.watcher = FileWatcher::watch(path, ctx);
                }
                self.banner = Some(Banner::notice(format!("Saved {}", path.display())));
                if let Some(p) = self.after_save.take() {
                    self.run_pending(p, ctx);
                }
            }
            Err(SaveProblem::ChangedOnDisk(_)) => {
                self.after_save = None;
                self.question = Some(Question::ChangedOnDisk { comparison: None });
            }
            Err(e) => {
                self.after_save = None;
                self.banner = Some(Banner::error(format!(
                    "Not saved: {e}\nYour changes are still here; try Save As."
                )));
            }
        }
    }

    /// The watcher saw the file change: our own save is ignored; with unsaved edits the user
    /// chooses; otherwise the new version loads.
    pub(super) fn file_changed_on_disk(&mut self, path: PathBuf, ctx: &egui::Context) {
        if self.doc.disk.is_some()
            && FileStamp::of(&path) == self.doc.disk.as_ref().map(|d| d.stamp)
        {
            return; // our own save
        }
        if self.doc.is_dirty() {
            if self.question.is_none() {
                self.question = Some(Question::ChangedOnDisk { comparison: None });
            }
            return;
        }
        // Read again the way the user chose (sheet, order of slashed dates, lanes).
        let options = self.reading.options.clone();
        self.background.pending = Some(PendingLoad::start_with(path, true, options, ctx));
    }

    /// While there are unsaved changes, a recovery copy every interval (on a worker thread).
    pub(super) fn keep_recovery_copy(&mut self, ctx: &egui::Context, now: f64) {
        let Some(dir) = self.recovery.dir.clone() else {
            return;
        };
        if !self.doc.is_dirty() {
            if self.recovery.last_write.take().is_some() {
                remove_recovery(&dir, self.doc.path.as_deref());
            }
            return;
        }
        let last = *self.recovery.last_write.get_or_insert(now);
        let due = last + self.recovery.interval_secs;
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        self.recovery.last_write = Some(now);
        let copy = super::recovery::RecoveryCopy::of(&self.doc);
        std::thread::spawn(move || {
            let _ = write_recovery(&dir, &copy);
        });
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            self.recovery.interval_secs.max(0.05),
        ));
    }

    fn forget_recovery_copy(&mut self) {
        self.recovery.last_write = None;
        if let Some(dir) = &self.recovery.dir {
            remove_recovery(dir, self.doc.path.as_deref());
        }
    }

    /// Puts the recovered edits on screen, unsaved, over the file they belong to.
    fn restore_recovery(&mut self, ctx: &egui::Context) {
        let Some(found) = self.recovery.found.take() else {
            return;
        };
        let _ = std::fs::remove_file(&found.file);
        self.background.pending = None;
        let mut doc = super::document::Document::new(
            found.timeline,
            found.source.clone(),
            found.source_format,
            Vec::new(),
        );
        // Only the version the edits were made on may be merged into.
        doc.disk = found
            .source_version
            .clone()
            .filter(|v| found.source.as_deref().and_then(FileStamp::of) == Some(v.stamp));
        doc.mark_unsaved(found.changes);
        if self.read_only {
            doc.read_only = Some(READ_ONLY_FLAG.to_owned());
        }
        self.doc = doc;
        let t = self.doc.timeline.clone();
        self.view.filters = Filters::for_timeline(&t);
        self.view.select(None);
        self.view
            .refresh_search(&self.doc.searchable, repaint_from_worker(ctx));
        self.view.jump_to(crate::view::fit_view(&t));
        self.background.watcher = found
            .source
            .as_deref()
            .and_then(|p| FileWatcher::watch(p, ctx));
        self.banner = Some(Banner::info(format!(
            "Restored {} unsaved change(s). Save to keep them.",
            found.changes
        )));
    }

    /// The banner that says why editing is off, if it is.
    pub(super) fn read_only_banner(&self) -> Option<Banner> {
        self.doc.read_only.as_ref().map(|why| {
            Banner::info(format!(
                "Read-only: {why}. Editing is off; Save As makes an editable copy."
            ))
        })
    }
}
