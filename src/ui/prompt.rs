//! The questions the window asks before work could be lost, as modal dialogs: unsaved changes
//! before closing, opening or reloading (Save / Discard / Cancel); the file changed on disk while
//! there are edits (keep mine with Save As / take theirs / compare); and a recovery copy found
//! at start-up (restore / discard). Answers come back as commands.

use super::commands::Command;
use crate::model::Timeline;
use std::path::PathBuf;

/// What the user asked for that would drop unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Close,
    OpenDialog,
    OpenPath(PathBuf),
    OpenSample,
    /// Load the file again from disk (theirs).
    Reload,
}

impl Pending {
    fn what(&self) -> &'static str {
        match self {
            Pending::Close => "closing",
            Pending::OpenDialog | Pending::OpenPath(_) | Pending::OpenSample => {
                "opening another timeline"
            }
            Pending::Reload => "reloading the file from disk",
        }
    }
}

/// An open question.
#[derive(Debug)]
pub enum Question {
    Unsaved(Pending),
    ChangedOnDisk {
        /// Filled in when the user asks to compare.
        comparison: Option<Comparison>,
    },
    Recover {
        description: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Cancel,
    KeepMine,
    TakeTheirs,
    Compare,
    Restore,
    DiscardRecovery,
}

/// How the version on disk differs from the one on screen, by event id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// Titles of events only on disk.
    pub added: Vec<String>,
    /// Titles of events only on screen.
    pub removed: Vec<String>,
    /// Titles of events on both, different.
    pub changed: Vec<String>,
}

/// Compares the version on screen (`mine`) with the one on disk (`theirs`).
pub fn compare(mine: &Timeline, theirs: &Timeline) -> Comparison {
    use std::collections::HashMap;
    let index = |t: &Timeline| -> HashMap<String, usize> {
        t.events()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id().to_owned(), i))
            .collect()
    };
    let (m, t) = (index(mine), index(theirs));
    let lane =
        |tl: &Timeline, i: usize| tl.lanes().get(tl.events()[i].lane()).map(|l| l.id.clone());
    let mut c = Comparison::default();
    for (i, e) in theirs.events().iter().enumerate() {
        match m.get(e.id()) {
            None => c.added.push(e.title().to_owned()),
            Some(&j) => {
                let mut mine_e = mine.events()[j].clone();
                mine_e.set_lane(e.lane());
                if mine_e != *e || lane(mine, j) != lane(theirs, i) {
                    c.changed.push(e.title().to_owned());
                }
            }
        }
    }
    for e in mine.events() {
        if !t.contains_key(e.id()) {
            c.removed.push(e.title().to_owned());
        }
    }
    c
}

/// Shows the question; returns the answer as a command once given.
pub fn question_ui(ctx: &egui::Context, question: &Question, doc_name: &str) -> Vec<Command> {
    let mut out = Vec::new();
    let mut answer = |a: Answer| out.push(Command::Answer(a));
    let modal = egui::Modal::new(egui::Id::unique("question")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        super::announce::name_region(ui, "Question");
        // A modal question takes keyboard focus: its first button (Tab moves between them).
        let takes_focus = !super::focus::is_within_layer(ctx, ui.layer_id());
        let first_button = |r: &egui::Response| {
            if takes_focus {
                r.request_focus();
            }
        };
        match question {
            Question::Unsaved(pending) => {
                super::announce::mark_as_heading(
                    &ui.heading(format!("Save changes to {doc_name}?")),
                    2,
                );
                ui.label(format!(
                    "Your changes will be lost if you discard them before {}.",
                    pending.what()
                ));
                ui.horizontal(|ui| {
                    let save = ui.button("Save");
                    first_button(&save);
                    if save.clicked() {
                        answer(Answer::Save);
                    }
                    if ui.button("Discard").clicked() {
                        answer(Answer::Discard);
                    }
                    if ui.button("Cancel").clicked() {
                        answer(Answer::Cancel);
                    }
                });
            }
            Question::ChangedOnDisk { comparison } => {
                super::announce::mark_as_heading(
                    &ui.heading(format!("{doc_name} changed on disk")),
                    2,
                );
                ui.label(
                    "Someone changed the file while you have unsaved edits. Keep yours (saved \
                     under a new name), take theirs (your edits are dropped), or compare first.",
                );
                if let Some(c) = comparison {
                    comparison_ui(ui, c);
                }
                ui.horizontal(|ui| {
                    let keep = ui.button("Keep mine (Save As…)");
                    first_button(&keep);
                    if keep.clicked() {
                        answer(Answer::KeepMine);
                    }
                    if ui.button("Take theirs").clicked() {
                        answer(Answer::TakeTheirs);
                    }
                    if comparison.is_none() && ui.button("Compare").clicked() {
                        answer(Answer::Compare);
                    }
                });
            }
            Question::Recover { description } => {
                super::announce::mark_as_heading(&ui.heading("Restore unsaved changes?"), 2);
                ui.label(description);
                ui.horizontal(|ui| {
                    let restore = ui.button("Restore");
                    first_button(&restore);
                    if restore.clicked() {
                        answer(Answer::Restore);
                    }
                    if ui.button("Discard them").clicked() {
                        answer(Answer::DiscardRecovery);
                    }
                });
            }
        }
    });
    // Escape or a click outside: the safe choice (nothing is lost).
    if modal.should_close() {
        out.push(Command::Answer(match question {
            Question::Unsaved(_) => Answer::Cancel,
            Question::ChangedOnDisk { .. } => Answer::Compare,
            Question::Recover { .. } => Answer::Cancel,
        }));
    }
    out
}

fn comparison_ui(ui: &mut egui::Ui, c: &Comparison) {
    ui.separator();
    if c.added.is_empty() && c.removed.is_empty() && c.changed.is_empty() {
        ui.label("The events are the same; only other parts of the file differ.");
    }
    egui::ScrollArea::vertical()
        .max_height(240.0)
        .show(ui, |ui| {
            for (title, list) in [
                ("Only on disk (theirs)", &c.added),
                ("Only here (yours)", &c.removed),
                ("Changed", &c.changed),
            ] {
                if list.is_empty() {
                    continue;
                }
                ui.strong(format!("{title}: {}", list.len()));
                for t in list.iter().take(50) {
                    ui.label(format!("- {t}"));
                }
                if list.len() > 50 {
                    ui.weak(format!("… and {} more", list.len() - 50));
                }
            }
        });
    ui.separator();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, TimelineMeta};

    #[test]
    fn compares_by_id() {
        let ev = |id: &str, title: &str| Event::new(id, title, Date::parse_iso("2000").unwrap());
        let mine = Timeline::new(
            TimelineMeta::default(),
            vec![ev("a", "A"), ev("b", "B"), ev("c", "C")],
        );
        let theirs = Timeline::new(
            TimelineMeta::default(),
            vec![ev("a", "A"), ev("b", "B changed"), ev("d", "D")],
        );
        let c = compare(&mine, &theirs);
        assert_eq!(c.added, ["D"]);
        assert_eq!(c.removed, ["C"]);
        assert_eq!(c.changed, ["B changed"]);
    }
}
