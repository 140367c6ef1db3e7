//! Edit mode of the details panel: every field of one event as text the user types, checked as
//! they type (the parser's message shows under a field that does not parse, and nothing is
//! applied until every field does), then applied as one [`Edit`]. Fields Chronoscope does not
//! know, and dates whose text was not touched, are kept exactly as they were.

use super::commands::Command;
use super::links::is_openable_url;
use crate::io::parse_user_date;
use crate::model::{Date, Edit, Event, Lane, Precision, Source, Tags, Timeline};

/// The fields of one event being edited, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDraft {
    /// The event's stable key.
    pub key: u32,
    pub title: String,
    pub start: String,
    pub end: String,
    pub circa: bool,
    pub lane: usize,
    /// A new lane to put the event in (created on apply), when not empty.
    pub new_lane: String,
    /// Tags separated by commas.
    pub tags: String,
    pub description: String,
    pub sources: Vec<SourceDraft>,
    /// The title box takes keyboard focus when the form is next drawn (editing just began).
    pub focus_title: bool,
    /// The event as it was when editing began.
    original: Event,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceDraft {
    pub url: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    /// The source as it was (its unknown fields and access date are kept).
    original: Option<Source>,
}

/// What is wrong with each field; `None` where the field is fine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftErrors {
    pub title: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub new_lane: Option<String>,
    pub sources: Vec<(Option<String>, Option<String>)>,
}

impl DraftErrors {
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.start.is_none()
            && self.end.is_none()
            && self.new_lane.is_none()
            && self.sources.iter().all(|(u, d)| u.is_none() && d.is_none())
    }
}

impl EventDraft {
    pub fn new(key: u32, event: &Event) -> Self {
        EventDraft {
            key,
            title: event.title().to_owned(),
            start: event.start.to_iso(),
            end: event.end.map(|d| d.to_iso()).unwrap_or_default(),
            circa: event.circa,
            lane: event.lane(),
            new_lane: String::new(),
            tags: event
                .tags()
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            description: event.description().to_owned(),
            sources: event
                .sources()
                .iter()
                .map(|s| SourceDraft {
                    url: s.url().to_owned(),
                    title: s.title().unwrap_or_default().to_owned(),
                    publisher: s.publisher().unwrap_or_default().to_owned(),
                    published: s.published().map(|d| d.to_iso()).unwrap_or_default(),
                    original: Some(s.clone()),
                })
                .collect(),
            focus_title: true,
            original: event.clone(),
        }
    }

    /// A typed date, or the original one when its text was not touched (so "as written" stays).
    fn date(&self, text: &str, original: Option<Date>) -> Result<(Option<Date>, bool), String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok((None, false));
        }
        if let Some(d) = original
            && d.to_iso() == text
        {
            return Ok((Some(d), false));
        }
        parse_user_date(text).map(|(d, circa)| (Some(d), circa))
    }

    /// The event the fields describe, or what is wrong with them.
    pub fn build(&self, timeline: &Timeline) -> Result<(Event, Option<Lane>), DraftErrors> {
        let mut errors = DraftErrors::default();
        let mut e = self.original.clone();
        e.set_title(self.title.trim());
        if e.title().is_empty() {
            errors.title = Some("a title is required".into());
        }
        match self.date(&self.start, Some(self.original.start)) {
            Ok((Some(d), circa)) => {
                e.start = d;
                e.circa = self.circa || circa;
            }
            Ok((None, _)) => errors.start = Some("a start date is required".into()),
            Err(m) => errors.start = Some(m),
        }
        match self.date(&self.end, self.original.end) {
            Ok((end, _)) => {
                e.end = end;
                if let Some(end) = end
                    && end.end_of_precision_secs() < e.start.start_secs()
                {
                    errors.end = Some(format!("ends ({end}) before it starts ({})", e.start));
                }
            }
            Err(m) => errors.end = Some(m),
        }
        let mut new_lane = None;
        let lane_name = self.new_lane.trim();
        if lane_name.is_empty() {
            e.set_lane(self.lane.min(timeline.lanes().len().saturating_sub(1)));
        } else if let Some(k) = timeline
            .lanes()
            .iter()
            .position(|l| l.label == lane_name || l.id == lane_name)
        {
            e.set_lane(k);
        } else {
            let id = lane_id_for(timeline, lane_name);
            new_lane = Some(Lane {
                id,
                label: lane_name.to_owned(),
                ..Default::default()
            });
            e.set_lane(timeline.lanes().len());
        }
        e.set_tags(Tags::new(split_tags(&self.tags)));
        e.set_description(self.description.trim_end());
        let mut sources = Vec::new();
        errors.sources = vec![(None, None); self.sources.len()];
        for (k, s) in self.sources.iter().enumerate() {
            let url = s.url.trim();
            if url.is_empty() && s.title.trim().is_empty() {
                continue; // an empty row is no source
            }
            if !is_openable_url(url) {
                errors.sources[k].0 =
                    Some("expected a web link (http:// or https://) or mailto:".into());
            }
            let published = match s.published.trim() {
                "" => None,
                text => match parse_user_date(text) {
                    Ok((d, _)) => Some(d),
                    Err(m) => {
                        errors.sources[k].1 = Some(m);
                        None
                    }
                },
            };
            let mut details = s.original.as_ref().map(Source::details).unwrap_or_default();
            details.title = non_empty(&s.title);
            details.publisher = non_empty(&s.publisher);
            // A date whose text was not touched stays as it was written.
            if s.original
                .as_ref()
                .and_then(Source::published)
                .map(|d| d.to_iso())
                != Some(s.published.trim().to_owned())
            {
                details.published = published;
            }
            sources.push(Source::with_details(url, details));
        }
        e.set_sources(sources);
        if errors.is_empty() {
            Ok((e, new_lane))
        } else {
            Err(errors)
        }
    }

    /// The edit that applies the fields, or what is wrong with them.
    pub fn to_edit(&self, timeline: &Timeline) -> Result<Edit, DraftErrors> {
        let (event, new_lane) = self.build(timeline)?;
        let change = Edit::change_event(self.key, event);
        Ok(match new_lane {
            Some(lane) => {
                let mut lanes = timeline.lanes().to_vec();
                lanes.push(lane);
                let keep: Vec<usize> = (0..timeline.lanes().len()).collect();
                Edit::Group(vec![
                    Edit::Lanes {
                        lanes,
                        lane_of_old: keep,
                    },
                    change,
                ])
            }
            None => change,
        })
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Tags typed as "a, b; c": trimmed, empty ones dropped, duplicates removed, order kept.
pub fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in text.split([',', ';']) {
        let t = t.trim();
        if !t.is_empty() && !tags.iter().any(|x| x == t) {
            tags.push(t.to_owned());
        }
    }
    tags
}

/// A lane id made from a label ("Money trail" → "money-trail"), unique in the timeline.
pub fn lane_id_for(timeline: &Timeline, label: &str) -> String {
    let base = crate::io::lane_slug(label);
    let taken = |id: &str| timeline.lanes().iter().any(|l| l.id == id);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// The precision a new event's date gets at a zoom level: the finest unit that still spans a
/// few pixels (a day when days are visible, a year when decades are).
pub fn precision_for_span(span_secs: f64) -> Precision {
    const DAY: f64 = 86_400.0;
    if span_secs <= 2.0 * DAY {
        Precision::Minute
    } else if span_secs <= 400.0 * DAY {
        Precision::Day
    } else if span_secs <= 40.0 * 365.0 * DAY {
        Precision::Month
    } else {
        Precision::Year
    }
}

/// The edit form. Returns commands (apply, cancel) and the title box's id (where keyboard focus
/// enters the form); the draft is the panel's own state.
pub fn editor_ui(
    ui: &mut egui::Ui,
    draft: &mut EventDraft,
    timeline: &Timeline,
    known_tags: &[(String, usize)],
) -> (Vec<Command>, egui::Id) {
    let mut out = Vec::new();
    let result = draft.to_edit(timeline);
    let errors = result.as_ref().err().cloned().unwrap_or_default();
    let error = |ui: &mut egui::Ui, e: &Option<String>| {
        if let Some(e) = e {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    };
    let field = |ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool| {
        let l = ui.label(label);
        let edit = if multiline {
            egui::TextEdit::multiline(text).desired_rows(4)
        } else {
            egui::TextEdit::singleline(text)
        };
        ui.add(edit.desired_width(f32::INFINITY)).labelled_by(l.id)
    };
    let title = field(ui, "Title", &mut draft.title, false);
    if std::mem::take(&mut draft.focus_title) {
        title.request_focus();
    }
    error(ui, &errors.title);
    field(ui, "Start", &mut draft.start, false);
    error(ui, &errors.start);
    precision_ui(ui, draft, timeline);
    field(ui, "End (empty for a point in time)", &mut draft.end, false);
    error(ui, &errors.end);
    ui.checkbox(&mut draft.circa, "Circa (approximate)");

    ui.horizontal(|ui| {
        let l = ui.label("Lane");
        let current = timeline
            .lanes()
            .get(draft.lane)
            .map(|l| l.label.clone())
            .unwrap_or_default();
        egui::ComboBox::from_id_salt("edit-lane")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (k, lane) in timeline.lanes().iter().enumerate() {
                    ui.selectable_value(&mut draft.lane, k, &lane.label);
                }
            })
            .response
            .labelled_by(l.id);
    });
    field(ui, "Or a new lane", &mut draft.new_lane, false);

    field(ui, "Tags (comma separated)", &mut draft.tags, false);
    tag_completion_ui(ui, draft, known_tags);
    field(ui, "Description", &mut draft.description, true);

    ui.add_space(6.0);
    ui.strong("Sources");
    let mut remove = None;
    for (k, s) in draft.sources.iter_mut().enumerate() {
        ui.group(|ui| {
            field(ui, "Link", &mut s.url, false);
            if let Some((e, _)) = errors.sources.get(k) {
                error(ui, e);
            }
            field(ui, "Source title", &mut s.title, false);
            field(ui, "Publisher", &mut s.publisher, false);
            field(ui, "Published", &mut s.published, false);
            if let Some((_, e)) = errors.sources.get(k) {
                error(ui, e);
            }
            if ui.small_button("Remove source").clicked() {
                remove = Some(k);
            }
        });
    }
    if let Some(k) = remove {
        draft.sources.remove(k);
    }
    if ui.button("Add source").clicked() {
        draft.sources.push(SourceDraft::default());
    }

    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let apply = ui.add_enabled(result.is_ok(), egui::Button::new("Apply"));
        // The key event's own modifiers: a quick Ctrl+Enter can have let go of Ctrl by the end
        // of the frame.
        let enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        if (apply.clicked() || enter)
            && let Ok(edit) = &result
        {
            out.push(Command::Edit(edit.clone()));
            out.push(Command::StopEditing);
        }
        if ui.button("Cancel").clicked() {
            out.push(Command::StopEditing);
        }
    });
    (out, title.id)
}

/// The start's precision as a choice: picking a coarser one cuts the date to it.
fn precision_ui(ui: &mut egui::Ui, draft: &mut EventDraft, timeline: &Timeline) {
    let Ok((Some(start), _)) = draft.date(&draft.start, Some(draft.original.start)) else {
        return;
    };
    let _ = timeline;
    let mut p = start.precision();
    ui.horizontal(|ui| {
        let l = ui.label("Precision");
        egui::ComboBox::from_id_salt("edit-precision")
            .selected_text(p.name())
            .show_ui(ui, |ui| {
                for choice in [
                    Precision::Year,
                    Precision::Month,
                    Precision::Day,
                    Precision::Minute,
                    Precision::Second,
                ] {
                    ui.selectable_value(&mut p, choice, choice.name());
                }
            })
            .response
            .labelled_by(l.id);
    });
    if p != start.precision() {
        draft.start = start.truncated(p).to_iso();
    }
}

/// Up to six known tags that complete the tag being typed; a click completes it.
fn tag_completion_ui(ui: &mut egui::Ui, draft: &mut EventDraft, known: &[(String, usize)]) {
    let (done, partial) = match draft.tags.rfind([',', ';']) {
        Some(k) => (&draft.tags[..=k], draft.tags[k + 1..].trim()),
        None => ("", draft.tags.trim()),
    };
    if partial.is_empty() {
        return;
    }
    let lower = partial.to_lowercase();
    let have = split_tags(done);
    let matches: Vec<&String> = known
        .iter()
        .map(|(t, _)| t)
        .filter(|t| t.to_lowercase().starts_with(&lower) && **t != partial && !have.contains(t))
        .take(6)
        .collect();
    if matches.is_empty() {
        return;
    }
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.weak("Complete:");
        for t in matches {
            if ui.small_button(t).clicked() {
                chosen = Some(t.clone());
            }
        }
    });
    if let Some(t) = chosen {
        let prefix = if done.is_empty() {
            String::new()
        } else {
            format!("{done} ")
        };
        draft.tags = format!("{prefix}{t}, ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimelineMeta;

    fn timeline() -> Timeline {
        let mut e = Event::new("a", "A", Date::parse_iso("1985-02-07T09:30:00Z").unwrap());
        e.change_extra(|x| {
            x.insert("x-note", serde_json::Value::Bool(true));
        });
        Timeline::new(TimelineMeta::default(), vec![e])
    }

    #[test]
    fn fields_parse_like_the_importers_and_keep_what_was_not_touched() {
        let t = timeline();
        let mut d = EventDraft::new(0, &t.events()[0]);
        d.title = "  Kidnapped ".into();
        d.tags = "DEA, Guadalajara; DEA,".into();
        let (e, lane) = d.build(&t).unwrap();
        assert_eq!(e.title(), "Kidnapped");
        assert_eq!(
            e.start,
            t.events()[0].start,
            "an untouched date stays as written"
        );
        let tags: Vec<&str> = e.tags().iter().map(|t| t.as_str()).collect();
        assert_eq!(tags, ["DEA", "Guadalajara"]);
        assert_eq!(
            e.extra().get("x-note"),
            Some(&serde_json::Value::Bool(true))
        );
        assert!(lane.is_none());
        d.start = "c. 7 Feb 1985".into();
        let (e, _) = d.build(&t).unwrap();
        assert_eq!(e.start.precision(), Precision::Day);
        assert!(e.circa);
    }

    #[test]
    fn bad_fields_say_why_and_nothing_is_built() {
        let t = timeline();
        let mut d = EventDraft::new(0, &t.events()[0]);
        d.start = "1985-02-30".into();
        d.end = "1983".into();
        d.sources.push(SourceDraft {
            url: "javascript:alert(1)".into(),
            ..Default::default()
        });
        let errors = d.build(&t).unwrap_err();
        assert!(
            errors.start.as_deref().unwrap().contains("30"),
            "{errors:?}"
        );
        assert!(errors.sources[0].0.is_some());
        d.start = "1985".into();
        let errors = d.build(&t).unwrap_err();
        assert!(
            errors.end.as_deref().unwrap().contains("before"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_new_lane_is_created_with_a_unique_id() {
        let t = timeline();
        assert_eq!(lane_id_for(&t, "Money trail!"), "money-trail");
        assert_eq!(lane_id_for(&t, "Events"), "events-2");
        let mut d = EventDraft::new(0, &t.events()[0]);
        d.new_lane = "Money trail".into();
        let Edit::Group(edits) = d.to_edit(&t).unwrap() else {
            panic!("a group");
        };
        assert_eq!(edits.len(), 2);
        assert_eq!(precision_for_span(86_400.0 * 30.0), Precision::Day);
        assert_eq!(
            precision_for_span(86_400.0 * 365.0 * 100.0),
            Precision::Year
        );
    }
}
