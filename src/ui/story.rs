//! The Story panel: the presentation's steps in order — events, each with an optional caption of
//! the story's own, and views (a stretch of time, possibly only some lanes, with a title and a
//! caption). Steps are reordered (drag, or Up/Down), removed, added (the selected event, or the
//! current view with the lanes shown) and captioned; a timeline with no story yet can start one
//! from its events in time order. Every change is one [`Edit`]; the presentation plays what this
//! panel shows.

use super::commands::Command;
use crate::model::{Edit, StoryStep, Timeline, ViewStep};
use crate::view::TimeView;

/// The story panel's own state.
#[derive(Default)]
pub struct StoryState {
    pub open: bool,
    /// The step whose caption (and title, for a view) is open for editing, by position.
    chosen: Option<usize>,
    /// That step's fields as typed, until applied.
    draft: Option<StepDraft>,
    /// Move keyboard focus to the first field of the chosen step's editor (a view just added).
    focus_editor: bool,
    /// Width of a row's buttons, as measured in the last frame (the step's name gets the rest).
    buttons_width: f32,
}

/// A step's text fields as typed.
#[derive(Clone, Debug, PartialEq)]
struct StepDraft {
    title: String,
    caption: String,
}

impl StepDraft {
    fn of(step: &StoryStep) -> Self {
        match step {
            StoryStep::Event(s) => StepDraft {
                title: String::new(),
                caption: s.caption.clone().unwrap_or_default(),
            },
            StoryStep::View(s) => StepDraft {
                title: s.title.clone(),
                caption: s.caption.clone(),
            },
            StoryStep::Unknown(_) => StepDraft {
                title: String::new(),
                caption: String::new(),
            },
        }
    }

    /// The step with these fields. An event's empty caption means "its description".
    fn applied_to(&self, step: &StoryStep) -> StoryStep {
        let mut step = step.clone();
        match &mut step {
            StoryStep::Event(s) => {
                let caption = self.caption.trim();
                s.caption = (!caption.is_empty()).then(|| caption.to_owned());
            }
            StoryStep::View(s) => {
                s.title = self.title.trim().to_owned();
                s.caption = self.caption.trim().to_owned();
            }
            StoryStep::Unknown(_) => {}
        }
        step
    }
}

/// What the panel reads.
pub struct StoryInput<'a> {
    pub timeline: &'a Timeline,
    /// The selected event, which "Add selected event" adds.
    pub selected: Option<usize>,
    /// The canvas's view and hidden lanes, which "Add current view" adds.
    pub view: TimeView,
    pub lane_hidden: &'a [bool],
    pub editable: bool,
}

/// The window (when open).
pub fn story_ui(
    ctx: &egui::Context,
    state: &mut StoryState,
    input: &StoryInput<'_>,
) -> Vec<Command> {
    let mut out = Vec::new();
    if !state.open {
        return out;
    }
    let timeline = input.timeline;
    let story = &timeline.meta.story;
    if state.chosen.is_some_and(|k| k >= story.len()) {
        state.chosen = None;
        state.draft = None;
    }
    let mut open = true;
    egui::Window::new("Story")
        .open(&mut open)
        .default_width(460.0)
        .show(ctx, |ui| {
            if story.is_empty() {
                ui.weak("No story yet: the presentation steps through every event in time order.");
                if input.editable && ui.button("Start a story from all events").clicked() {
                    let steps = timeline
                        .events()
                        .iter()
                        .map(|e| StoryStep::event(e.id()))
                        .collect();
                    out.push(Command::Edit(set_story(timeline, steps)));
                }
            }
            let mut change = steps_ui(ui, state, timeline, input.editable);
            if let Some(k) = state.chosen {
                ui.separator();
                change = change.or(step_editor_ui(ui, state, k, input));
            }
            if input.editable {
                ui.separator();
                change = change.or(add_buttons_ui(ui, state, input));
            }
            if let Some(steps) = change {
                out.push(Command::Edit(set_story(timeline, steps)));
            }
        });
    state.open = open;
    out
}

/// The list of steps, each draggable, with Caption, Up, Down and Remove. Returns the story
/// changed, if it was.
fn steps_ui(
    ui: &mut egui::Ui,
    state: &mut StoryState,
    timeline: &Timeline,
    editable: bool,
) -> Option<Vec<StoryStep>> {
    let story = &timeline.meta.story;
    let mut change = None;
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .show(ui, |ui| {
            for (k, step) in story.iter().enumerate() {
                let row = ui.dnd_drop_zone::<usize, _>(egui::Frame::new(), |ui| {
                    ui.horizontal(|ui| {
                        // The name first (screen readers hear which step before its buttons),
                        // cut with "…" to what the buttons leave (the whole name on hover).
                        let name_width = if editable {
                            let gap = ui.spacing().item_spacing.x;
                            (ui.available_width() - state.buttons_width - gap).max(60.0)
                        } else {
                            ui.available_width()
                        };
                        let name = format!("{}. {}", k + 1, step_name(timeline, step));
                        ui.allocate_ui_with_layout(
                            egui::vec2(name_width, ui.spacing().interact_size.y),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_min_width(name_width);
                                let id = ui.scope_id().with(("story-step", k));
                                ui.dnd_drag_source(id, k, |ui| {
                                    ui.add(egui::Label::new(name).truncate())
                                });
                            },
                        );
                        if editable {
                            let layout = egui::Layout::right_to_left(egui::Align::Center);
                            let (asked, width) = ui
                                .with_layout(layout, |ui| row_buttons_ui(ui, k, step))
                                .inner;
                            state.buttons_width = width;
                            match asked {
                                Some(RowAction::Remove) => {
                                    let mut s = story.clone();
                                    s.remove(k);
                                    change = Some(s);
                                    state.chosen = None;
                                    state.draft = None;
                                }
                                Some(RowAction::Move(to)) if to < story.len() => {
                                    change = Some(moved(story, k, to));
                                    follow_move(state, k, to);
                                }
                                Some(RowAction::Caption) => {
                                    state.draft = None;
                                    state.chosen = (state.chosen != Some(k)).then_some(k);
                                }
                                _ => {}
                            }
                        }
                    });
                });
                if editable
                    && let Some(from) = row.1
                    && *from != k
                {
                    change = Some(moved(story, *from, k));
                    follow_move(state, *from, k);
                }
            }
        });
    change
}

/// What a row's buttons asked for.
enum RowAction {
    Remove,
    /// Move the step to this position.
    Move(usize),
    Caption,
}

/// Caption…, Up, Down and Remove for step `k`, laid out right to left; returns what was clicked
/// and the width they took (the name gets the rest from the next frame on).
fn row_buttons_ui(ui: &mut egui::Ui, k: usize, step: &StoryStep) -> (Option<RowAction>, f32) {
    let remove = ui.small_button("Remove");
    let down = ui.small_button("Down");
    let up = ui.small_button("Up");
    let caption = ui
        .add_enabled(
            !matches!(step, StoryStep::Unknown(_)),
            egui::Button::new("Caption…").small(),
        )
        .on_hover_text("Edit this step's caption");
    let asked = if remove.clicked() {
        Some(RowAction::Remove)
    } else if down.clicked() {
        Some(RowAction::Move(k + 1))
    } else if up.clicked() {
        k.checked_sub(1).map(RowAction::Move)
    } else if caption.clicked() {
        Some(RowAction::Caption)
    } else {
        None
    };
    (asked, remove.rect.union(caption.rect).width())
}

/// What a step is called in the list: the event's title, or the view's title and dates.
fn step_name(timeline: &Timeline, step: &StoryStep) -> String {
    match step {
        StoryStep::Event(s) => {
            let title = timeline
                .index_of(&s.id)
                .and_then(|i| timeline.event(i))
                .map_or_else(|| format!("{} (missing)", s.id), |e| e.title().to_owned());
            if s.caption.is_some() {
                format!("{title} (own caption)")
            } else {
                title
            }
        }
        StoryStep::View(s) if s.title.is_empty() => format!("View: {}", s.dates_text()),
        StoryStep::View(s) => format!("View: {} ({})", s.title, s.dates_text()),
        StoryStep::Unknown(_) => "(a step this version cannot show)".to_owned(),
    }
}

/// The chosen step's fields: a view's title, and the caption. Returns the story changed.
fn step_editor_ui(
    ui: &mut egui::Ui,
    state: &mut StoryState,
    k: usize,
    input: &StoryInput<'_>,
) -> Option<Vec<StoryStep>> {
    let timeline = input.timeline;
    let story = &timeline.meta.story;
    let step = story.get(k)?;
    let mut draft = state.draft.clone().unwrap_or_else(|| StepDraft::of(step));
    let before = draft.clone();
    let n = k + 1;
    ui.strong(format!("Step {n}"));
    let mut first_field = None;
    match step {
        StoryStep::Event(s) => {
            let event = timeline.index_of(&s.id).and_then(|i| timeline.event(i));
            if let Some(e) = event {
                ui.weak(format!("{} \u{2013} {}", e.title(), e.date_text()));
            }
        }
        StoryStep::View(s) => {
            let lanes = if s.lanes.is_empty() {
                "all lanes".to_owned()
            } else {
                let label = |id: &String| {
                    let lane = timeline.lanes().iter().find(|l| &l.id == id);
                    lane.map_or_else(|| format!("{id} (missing)"), |l| l.label.clone())
                };
                s.lanes.iter().map(label).collect::<Vec<_>>().join(", ")
            };
            ui.weak(format!("Shows {}, {lanes}", s.dates_text()));
            first_field = Some(text_field_ui(
                ui,
                "Title",
                &format!("Step {n} title"),
                &mut draft.title,
                false,
                input.editable,
            ));
        }
        StoryStep::Unknown(_) => return None,
    }
    let hint = match step {
        StoryStep::Event(_) => "Empty: the event's own description",
        _ => "What the room should take from this view",
    };
    let caption = text_field_ui(
        ui,
        "Caption",
        &format!("Step {n} caption"),
        &mut draft.caption,
        true,
        input.editable,
    );
    ui.weak(hint);
    if state.focus_editor {
        state.focus_editor = false;
        first_field.as_ref().unwrap_or(&caption).request_focus();
    }
    if draft != before {
        state.draft = Some(draft.clone());
    }
    if !input.editable {
        return None;
    }
    let mut change = None;
    ui.horizontal(|ui| {
        let applied = draft.applied_to(step);
        if ui
            .add_enabled(
                applied != *step,
                egui::Button::new(format!("Apply step {n}")),
            )
            .clicked()
        {
            let mut s = story.clone();
            s[k] = applied;
            change = Some(s);
            state.draft = None;
        }
        if matches!(step, StoryStep::View(_))
            && ui
                .button("Frame the current view")
                .on_hover_text("Show what the timeline shows now, with the lanes shown now")
                .clicked()
            && let Some(StoryStep::View(framed)) = current_view_step(input)
            && let StoryStep::View(old) = draft.applied_to(step)
        {
            let mut s = story.clone();
            s[k] = StoryStep::View(ViewStep {
                start: framed.start,
                end: framed.end,
                lanes: framed.lanes,
                ..old
            });
            change = Some(s);
            state.draft = None;
        }
    });
    change
}

/// A labelled text box (named `name` for screen readers and tests).
fn text_field_ui(
    ui: &mut egui::Ui,
    label: &str,
    name: &str,
    text: &mut String,
    multiline: bool,
    editable: bool,
) -> egui::Response {
    ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(text).desired_rows(3)
    } else {
        egui::TextEdit::singleline(text)
    };
    let response = ui.add_enabled(editable, edit.desired_width(f32::INFINITY).id_salt(name));
    let shown = text.clone();
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(editable, &shown, &shown, "");
        info.label = Some(name.to_owned());
        info
    });
    response
}

/// "Add selected event" and "Add current view". Returns the story changed.
fn add_buttons_ui(
    ui: &mut egui::Ui,
    state: &mut StoryState,
    input: &StoryInput<'_>,
) -> Option<Vec<StoryStep>> {
    let timeline = input.timeline;
    let mut change = None;
    ui.horizontal(|ui| {
        let pick = input.selected.and_then(|i| timeline.event(i));
        let add = ui.add_enabled(pick.is_some(), egui::Button::new("Add selected event"));
        if add.clicked()
            && let Some(e) = pick
        {
            let mut s = timeline.meta.story.clone();
            s.push(StoryStep::event(e.id()));
            change = Some(s);
        }
        let view = ui.button("Add current view").on_hover_text(
            "A step showing what the timeline shows now, with its own title and caption",
        );
        if view.clicked()
            && let Some(step) = current_view_step(input)
        {
            let mut s = timeline.meta.story.clone();
            s.push(step);
            // Its title and caption are typed next.
            state.chosen = Some(s.len() - 1);
            state.draft = None;
            state.focus_editor = true;
            change = Some(s);
        }
    });
    change
}

/// A view step of what the canvas shows: its time span, and the lanes shown when some are
/// hidden.
fn current_view_step(input: &StoryInput<'_>) -> Option<StoryStep> {
    let lanes = input.timeline.lanes();
    let some_hidden = input.lane_hidden.iter().take(lanes.len()).any(|&h| h);
    let shown = if some_hidden {
        lanes
            .iter()
            .enumerate()
            .filter(|(k, _)| !input.lane_hidden.get(*k).copied().unwrap_or(false))
            .map(|(_, l)| l.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    let zone = input.timeline.display_zone();
    ViewStep::covering(input.view.start_secs, input.view.end_secs(), shown, zone)
        .map(StoryStep::View)
}

/// Keeps the editor on the step that moved from `from` to `to`.
fn follow_move(state: &mut StoryState, from: usize, to: usize) {
    state.chosen = state.chosen.map(|c| {
        if c == from {
            to
        } else if from < c && c <= to {
            c - 1
        } else if to <= c && c < from {
            c + 1
        } else {
            c
        }
    });
}

/// The story with step `from` moved to position `to`.
pub fn moved<T: Clone>(story: &[T], from: usize, to: usize) -> Vec<T> {
    let mut s = story.to_vec();
    if from < s.len() {
        let step = s.remove(from);
        s.insert(to.min(s.len()), step);
    }
    s
}

/// The edit that sets the story to `steps`.
pub fn set_story(timeline: &Timeline, steps: Vec<StoryStep>) -> Edit {
    let mut meta = timeline.meta.clone();
    meta.lanes.clear(); // a metadata edit leaves lanes alone; no need to copy them
    meta.story = steps;
    Edit::Meta(Box::new(meta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, DisplayZone, EventStep};

    #[test]
    fn steps_move_both_ways_and_the_editor_follows() {
        let s: Vec<String> = ["a", "b", "c"].iter().map(|x| x.to_string()).collect();
        assert_eq!(moved(&s, 0, 2), ["b", "c", "a"]);
        assert_eq!(moved(&s, 2, 0), ["c", "a", "b"]);
        assert_eq!(moved(&s, 1, 1), ["a", "b", "c"]);
        let mut state = StoryState {
            chosen: Some(1),
            ..Default::default()
        };
        follow_move(&mut state, 0, 2); // b slides up to 0
        assert_eq!(state.chosen, Some(0));
        follow_move(&mut state, 0, 2); // the chosen one itself
        assert_eq!(state.chosen, Some(2));
        follow_move(&mut state, 1, 0); // elsewhere
        assert_eq!(state.chosen, Some(2));
    }

    #[test]
    fn a_draft_sets_the_caption_and_an_empty_one_gives_the_description_back() {
        let step = StoryStep::Event(EventStep {
            id: "a".into(),
            caption: Some("Ours".into()),
            extra: serde_json::Map::from_iter([("x-k".to_owned(), 1.into())]).into(),
        });
        let mut draft = StepDraft::of(&step);
        assert_eq!(draft.caption, "Ours");
        draft.caption = "  ".into();
        let StoryStep::Event(cleared) = draft.applied_to(&step) else {
            panic!()
        };
        assert_eq!(cleared.caption, None);
        assert_eq!(
            cleared.extra.get("x-k"),
            Some(&1.into()),
            "unknown fields kept"
        );
        let d = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        let view = StoryStep::View(
            ViewStep::covering(d("1985"), d("1990"), vec![], &DisplayZone::Utc).unwrap(),
        );
        let draft = StepDraft {
            title: " Five years ".into(),
            caption: "Then".into(),
        };
        let StoryStep::View(titled) = draft.applied_to(&view) else {
            panic!()
        };
        assert_eq!(
            (titled.title.as_str(), titled.caption.as_str()),
            ("Five years", "Then")
        );
    }
}
