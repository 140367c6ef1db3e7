//! The Story panel: the presentation's steps in order (the file's `story`, event ids). Steps can
//! be reordered (drag, or Up/Down), removed, and added from the selected event; a timeline with
//! no story yet can start one from its events in time order. Every change is one [`Edit`]; the
//! presentation plays what this panel shows.

use super::commands::Command;
use crate::model::{Edit, Timeline};

/// The story panel's own state.
#[derive(Default)]
pub struct StoryState {
    pub open: bool,
}

/// The window (when open). `selected` is the selected event, which "Add selected event" adds.
pub fn story_ui(
    ctx: &egui::Context,
    state: &mut StoryState,
    timeline: &Timeline,
    selected: Option<usize>,
    editable: bool,
) -> Vec<Command> {
    let mut out = Vec::new();
    if !state.open {
        return out;
    }
    let mut open = true;
    egui::Window::new("Story")
        .open(&mut open)
        .default_width(320.0)
        .show(ctx, |ui| {
            let story = &timeline.meta.story;
            if story.is_empty() {
                ui.weak("No story yet: the presentation steps through every event in time order.");
                if editable && ui.button("Start a story from all events").clicked() {
                    let ids = (0..timeline.len())
                        .map(|i| timeline.events()[i].id().to_owned())
                        .collect();
                    out.push(Command::Edit(set_story(timeline, ids)));
                }
            }
            let mut new_order: Option<Vec<String>> = None;
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (k, id) in story.iter().enumerate() {
                        let title = timeline
                            .index_of(id)
                            .and_then(|i| timeline.event(i))
                            .map_or_else(|| format!("{id} (missing)"), |e| e.title().to_owned());
                        let row = ui.dnd_drop_zone::<usize, _>(egui::Frame::new(), |ui| {
                            ui.horizontal(|ui| {
                                ui.dnd_drag_source(
                                    ui.scope_id().with(("story-step", k)),
                                    k,
                                    |ui| {
                                        ui.label(format!("{}. {title}", k + 1));
                                    },
                                );
                                if !editable {
                                    return;
                                }
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        if ui.small_button("Remove").clicked() {
                                            let mut s = story.clone();
                                            s.remove(k);
                                            new_order = Some(s);
                                        }
                                        if ui.small_button("Down").clicked() && k + 1 < story.len()
                                        {
                                            new_order = Some(moved(story, k, k + 1));
                                        }
                                        if ui.small_button("Up").clicked() && k > 0 {
                                            new_order = Some(moved(story, k, k - 1));
                                        }
                                    },
                                );
                            });
                        });
                        if editable
                            && let Some(from) = row.1
                            && *from != k
                        {
                            new_order = Some(moved(story, *from, k));
                        }
                    }
                });
            if editable {
                ui.separator();
                let pick = selected.and_then(|i| timeline.event(i));
                let add = ui.add_enabled(pick.is_some(), egui::Button::new("Add selected event"));
                if add.clicked()
                    && let Some(e) = pick
                {
                    let mut s = story.clone();
                    s.push(e.id().to_owned());
                    new_order = Some(s);
                }
            }
            if let Some(s) = new_order {
                out.push(Command::Edit(set_story(timeline, s)));
            }
        });
    state.open = open;
    out
}

/// The story with step `from` moved to position `to`.
pub fn moved(story: &[String], from: usize, to: usize) -> Vec<String> {
    let mut s = story.to_vec();
    if from < s.len() {
        let step = s.remove(from);
        s.insert(to.min(s.len()), step);
    }
    s
}

/// The edit that sets the story to `ids`.
pub fn set_story(timeline: &Timeline, ids: Vec<String>) -> Edit {
    let mut meta = timeline.meta.clone();
    meta.lanes.clear(); // a metadata edit leaves lanes alone; no need to copy them
    meta.story = ids;
    Edit::Meta(Box::new(meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_move_both_ways() {
        let s: Vec<String> = ["a", "b", "c"].iter().map(|x| x.to_string()).collect();
        assert_eq!(moved(&s, 0, 2), ["b", "c", "a"]);
        assert_eq!(moved(&s, 2, 0), ["c", "a", "b"]);
        assert_eq!(moved(&s, 1, 1), ["a", "b", "c"]);
    }
}
