//! Getting files in: the native open dialog behind a trait (so tests never open one), loading on
//! a worker thread so the window never freezes, and watching the open file for changes.

use super::document::Document;
use super::reading::Reading;
use crate::export::Format;
use crate::io::{self, DiskVersion, FileStamp, LoadError, LoadProgress};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// A dialog that answers "cancelled" faster than this did not really open: there is no dialog
/// service (rfd returns at once when neither a desktop portal nor zenity is present).
const DIALOG_UNAVAILABLE_WITHIN: Duration = Duration::from_millis(250);

/// Asks the user for a file to open. The answer arrives later on the returned channel.
pub trait FileDialog {
    fn pick_timeline(&self) -> Receiver<DialogAnswer>;
    /// Where to write an export in `format`, suggesting `file_name`.
    fn pick_export_destination(&self, file_name: &str, format: Format) -> Receiver<DialogAnswer>;
    /// Asks where to save the timeline as Chronoscope JSON, suggesting `file_name` (in `folder`).
    fn pick_save_path(&self, folder: Option<&Path>, file_name: &str) -> Receiver<DialogAnswer>;
}

#[derive(Debug, Clone, PartialEq)]
pub enum DialogAnswer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog service: the UI offers a typed path instead.
    Unavailable,
}

/// The native dialog (desktop portal, or zenity), run off the UI thread.
pub struct NativeDialog {
    pub ctx: egui::Context,
}

impl FileDialog for NativeDialog {
    fn pick_timeline(&self) -> Receiver<DialogAnswer> {
        ask_on_worker(&self.ctx, || {
            rfd::FileDialog::new()
                .set_title("Open a timeline")
                .add_filter(
                    "Timelines",
                    &[
                        "json", "csv", "tsv", "xlsx", "xlsm", "ods", "timeline", "jsonl", "ndjson",
                    ],
                )
                .add_filter("All files", &["*"])
                .pick_file()
        })
    }

    fn pick_export_destination(&self, file_name: &str, format: Format) -> Receiver<DialogAnswer> {
        let file_name = file_name.to_owned();
        ask_on_worker(&self.ctx, move || {
            rfd::FileDialog::new()
                .set_title(format!("Export {}", format.name()))
                .add_filter(format.description(), &[format.extension()])
                .set_file_name(file_name)
                .save_file()
        })
    }

    fn pick_save_path(&self, folder: Option<&Path>, file_name: &str) -> Receiver<DialogAnswer> {
        let file_name = file_name.to_owned();
        let folder = folder.map(Path::to_path_buf);
        ask_on_worker(&self.ctx, move || {
            let mut d = rfd::FileDialog::new()
                .set_title("Save timeline as")
                .add_filter("Chronoscope JSON", &["json"])
                .set_file_name(file_name);
            if let Some(folder) = folder {
                d = d.set_directory(folder);
            }
            d.save_file()
        })
    }
}

/// Runs a blocking rfd dialog on a worker thread and reports its answer.
fn ask_on_worker(
    ctx: &egui::Context,
    ask: impl FnOnce() -> Option<PathBuf> + Send + 'static,
) -> Receiver<DialogAnswer> {
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let asked = Instant::now();
        let answer = match ask() {
            Some(p) => DialogAnswer::Picked(p),
            None if asked.elapsed() < DIALOG_UNAVAILABLE_WITHIN => DialogAnswer::Unavailable,
            None => DialogAnswer::Cancelled,
        };
        let _ = tx.send(answer);
        ctx.request_repaint();
    });
    rx
}

/// A dialog for tests and headless runs: answers with what it was given.
pub struct ScriptedDialog(pub DialogAnswer);

impl FileDialog for ScriptedDialog {
    fn pick_timeline(&self) -> Receiver<DialogAnswer> {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(self.0.clone());
        rx
    }

    fn pick_export_destination(&self, _file_name: &str, _format: Format) -> Receiver<DialogAnswer> {
        self.pick_timeline()
    }

    fn pick_save_path(&self, _folder: Option<&Path>, _file_name: &str) -> Receiver<DialogAnswer> {
        self.pick_timeline()
    }
}

/// A load running on a worker thread.
pub struct PendingLoad {
    pub path: PathBuf,
    pub bytes: u64,
    pub started: Instant,
    /// Reloads after a change on disk keep the view; fresh opens fit or restore theirs.
    pub is_reload: bool,
    /// Bytes read and events parsed so far; cancelling it stops the worker.
    pub progress: Arc<LoadProgress>,
    rx: Receiver<Result<LoadedDocument, LoadError>>,
}

/// A file loaded and turned into a [`Document`] on the worker thread.
pub struct LoadedDocument {
    pub doc: Document,
    /// Nothing was skipped and no problem is an error.
    pub clean: bool,
    /// How the file was read, and what else it can be read as.
    pub reading: Reading,
}

impl PendingLoad {
    pub fn start(path: PathBuf, is_reload: bool, ctx: &egui::Context) -> Self {
        Self::start_with(path, is_reload, io::LoadOptions::default(), ctx)
    }

    /// Loads with the user's reading choices (sheet, order of slashed dates, lane column).
    pub fn start_with(
        path: PathBuf,
        is_reload: bool,
        options: io::LoadOptions,
        ctx: &egui::Context,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let ctx = ctx.clone();
        let worker_path = path.clone();
        let progress = Arc::new(LoadProgress::new());
        let worker_progress = progress.clone();
        std::thread::spawn(move || {
            // The version loaded: only trusted when the file did not change during the load.
            let before = FileStamp::of(&worker_path);
            let limits = io::Limits::default();
            let result = io::load_path_using(&worker_path, &worker_progress, &limits, &options)
                .map(|loaded| {
                    let clean = loaded.is_clean();
                    let warnings: Vec<String> =
                        loaded.problems.iter().map(|p| p.to_string()).collect();
                    // A workbook's sheet names, for the sheet choice (the load keeps no bytes).
                    let workbook = matches!(loaded.format, io::Format::Xlsx | io::Format::Ods)
                        .then(|| io::read_file(&worker_path, &limits).ok())
                        .flatten();
                    let reading =
                        Reading::of_file(&loaded, &options, workbook.as_deref(), &warnings);
                    let mut doc = Document::new(
                        loaded.timeline,
                        Some(worker_path.clone()),
                        loaded.format,
                        warnings,
                    );
                    let after = FileStamp::of(&worker_path);
                    doc.disk = before.filter(|_| before == after).map(DiskVersion::loaded);
                    doc.read_only = why_unwritable(&worker_path);
                    LoadedDocument {
                        doc,
                        clean,
                        reading,
                    }
                });
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        PendingLoad {
            path,
            bytes,
            started: Instant::now(),
            is_reload,
            progress,
            rx,
        }
    }

    /// Stops the worker (it notices within a few thousand events); its result is not used.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// The result once the worker is done.
    pub fn poll(&self) -> Option<Result<LoadedDocument, LoadError>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(LoadError::whole_file(
                &self.path.display().to_string(),
                "the loader stopped unexpectedly",
            ))),
        }
    }
}

/// Why saving over `path` is impossible (a read-only file, or a folder where no file can be
/// created for the atomic replace), or `None` when it can be saved.
pub fn why_unwritable(path: &Path) -> Option<String> {
    let name = path.display();
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Some(format!("{name} is marked read-only"));
    }
    if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
        return Some(format!("{name} cannot be written ({e})"));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match tempfile::Builder::new()
        .prefix(".chronoscope-check-")
        .tempfile_in(folder)
    {
        Ok(_) => None,
        Err(e) => Some(format!(
            "its folder {} does not allow saving ({e})",
            folder.display()
        )),
    }
}

/// Watches one file (through its folder, since editors save by writing a new file and renaming it
/// over the old one) and reports when it changed.
pub struct FileWatcher {
    path: PathBuf,
    _watcher: RecommendedWatcher,
    rx: Receiver<()>,
    /// Changes arrive in bursts; reload once the burst has been quiet this long.
    pending_since: Option<Instant>,
}

/// Editors write files in several steps; wait until they are done.
pub const RELOAD_DEBOUNCE: Duration = Duration::from_millis(300);

impl FileWatcher {
    pub fn watch(path: &Path, ctx: &egui::Context) -> Option<Self> {
        let path = std::fs::canonicalize(path).ok()?;
        let folder = path.parent()?.to_path_buf();
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let target = path.clone();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res
                && event.kind.is_modify() | event.kind.is_create()
                && event
                    .paths
                    .iter()
                    .any(|p| p == &target || p.file_name() == target.file_name())
            {
                let _ = tx.send(());
                ctx.request_repaint_after(RELOAD_DEBOUNCE);
            }
        })
        .ok()?;
        watcher.watch(&folder, RecursiveMode::NonRecursive).ok()?;
        Some(FileWatcher {
            path,
            _watcher: watcher,
            rx,
            pending_since: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True once a change has settled and the file should be reloaded.
    pub fn changed(&mut self, ctx: &egui::Context) -> bool {
        while self.rx.try_recv().is_ok() {
            self.pending_since = Some(Instant::now());
        }
        match self.pending_since {
            Some(t) if t.elapsed() >= RELOAD_DEBOUNCE => {
                self.pending_since = None;
                true
            }
            Some(t) => {
                ctx.request_repaint_after(RELOAD_DEBOUNCE.saturating_sub(t.elapsed()));
                false
            }
            None => false,
        }
    }
}
