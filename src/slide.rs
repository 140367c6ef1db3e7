//! What one presentation step looks like — the timeline canvas with a caption card and a step
//! counter — drawn into any `Ui`. The presentation window, `chronoscope export --steps` and the
//! PDF handout all call [`slide_ui`], so exported slides are exactly what the room saw. Which
//! events the steps are ([`story_steps`]), each step's view ([`step_view`]) and its counter live
//! here too.

use crate::model::{Event, Timeline};
use crate::paint::{self, Emphasis, LinkArea, PaintNotes, SceneRequest, lane_color};
use crate::theme::Theme;
use crate::view::{TimeView, event_view, fit_view};
use egui::{FontId, Rect, Stroke, pos2};

/// Captions longer than this many characters are cut at a word boundary: a slide is read from
/// across a room, not studied.
pub const CAPTION_MAX_CHARS: usize = 260;

/// Which events a slide shows and which one it is about.
pub struct SlideInput<'a> {
    pub timeline: &'a Timeline,
    pub view: TimeView,
    pub lane_hidden: &'a [bool],
    pub event_hidden: Option<&'a [bool]>,
    /// The event this step is about; `None` for the title step.
    pub focus: Option<usize>,
    /// "5 / 19".
    pub counter: String,
    pub now_secs: Option<f64>,
}

/// The events a presentation steps through: the story order if the file has one, else
/// chronological; only shown events, and only search matches while a search is active.
pub fn story_steps(
    timeline: &Timeline,
    shown: impl Fn(usize) -> bool,
    matches: Option<&[bool]>,
) -> Vec<usize> {
    let ok = |i: usize| shown(i) && matches.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    if timeline.meta.story.is_empty() {
        (0..timeline.len()).filter(|&i| ok(i)).collect()
    } else {
        let index: std::collections::HashMap<&str, usize> = timeline
            .events()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id(), i))
            .collect();
        timeline
            .meta
            .story
            .iter()
            .filter_map(|id| index.get(id.as_str()).copied())
            .filter(|&i| ok(i))
            .collect()
    }
}

/// The view for step `n` (0 = the whole timeline).
pub fn step_view(timeline: &Timeline, steps: &[usize], n: usize) -> TimeView {
    match n.checked_sub(1).and_then(|k| steps.get(k)) {
        Some(&i) => event_view(timeline, i).unwrap_or_else(|| fit_view(timeline)),
        None => fit_view(timeline),
    }
}

/// "5 / 19" (steps counted from 1, the title step included).
pub fn counter_text(current: usize, steps: usize) -> String {
    format!("{} / {}", current + 1, steps + 1)
}

/// Height of the caption card for a slide of this height.
pub fn caption_height(rect: Rect, theme: &Theme) -> f32 {
    (rect.height() * 0.3).clamp(theme.metrics.row_height * 4.0, 260.0)
}

/// Draws a slide filling `rect`.
pub fn slide_ui(ui: &mut egui::Ui, rect: Rect, theme: &Theme, input: &SlideInput<'_>) {
    slide_ui_noted(ui, rect, theme, input, None);
}

/// [`slide_ui`], also noting which shapes draw which event and where the caption's sources are
/// (for vector export).
pub fn slide_ui_noted(
    ui: &mut egui::Ui,
    rect: Rect,
    theme: &Theme,
    input: &SlideInput<'_>,
    mut notes: Option<&mut PaintNotes>,
) {
    let painter = ui.painter_at(rect);
    let caption_h = caption_height(rect, theme);
    let canvas = Rect::from_min_max(rect.min, pos2(rect.right(), rect.bottom() - caption_h));
    let scene = paint::layout_scene(
        &painter,
        theme,
        SceneRequest {
            timeline: input.timeline,
            view: input.view,
            canvas,
            now_secs: input.now_secs,
            lane_hidden: input.lane_hidden,
            event_hidden: input.event_hidden,
            pinned: input.focus,
        },
    );
    paint::paint_scene_noted(
        &painter,
        &scene,
        input.timeline,
        theme,
        Emphasis {
            selected: input.focus,
            hovered: None,
            matches: None,
        },
        notes.as_deref_mut(),
    );

    // Caption card.
    let card_area = Rect::from_min_max(pos2(rect.left(), rect.bottom() - caption_h), rect.max);
    painter.rect_filled(card_area, 0.0, theme.background);
    let card = card_area.shrink(theme.metrics.label_gap);
    painter.rect(
        card,
        8.0,
        theme.card_fill,
        Stroke::new(1.0, theme.card_stroke),
        egui::StrokeKind::Inside,
    );
    let inner = card.shrink(theme.metrics.label_gap * 1.2);
    let m = &theme.metrics;
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(inner)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(inner);
    match input.focus.and_then(|i| input.timeline.event(i)) {
        Some(event) => event_caption(&mut child, input.timeline, theme, event, notes),
        None => {
            let t = input.timeline;
            child.label(
                egui::RichText::new(if t.title().is_empty() {
                    "Untitled timeline"
                } else {
                    t.title()
                })
                .size(m.label_font_size * 1.6)
                .strong()
                .color(theme.text),
            );
            if !t.meta.description.is_empty() {
                child.add_space(m.label_gap * 0.5);
                child.label(
                    egui::RichText::new(shorten(&t.meta.description, CAPTION_MAX_CHARS))
                        .size(m.label_font_size)
                        .color(theme.text_weak),
                );
            }
        }
    }
    // Step counter, bottom right.
    let galley = painter.layout_no_wrap(
        input.counter.clone(),
        FontId::proportional(m.axis_font_size),
        theme.text_weak,
    );
    let pos = pos2(
        card.right() - galley.size().x - m.label_gap,
        card.bottom() - galley.size().y - m.label_gap * 0.6,
    );
    // A label widget (not bare paint) so screen readers and tests can read the counter.
    ui.put(
        Rect::from_min_size(pos, galley.size() + egui::vec2(2.0, 0.0)),
        egui::Label::new(
            egui::RichText::new(&input.counter)
                .size(m.axis_font_size)
                .color(theme.text_weak),
        )
        .selectable(false),
    );
}

fn event_caption(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    theme: &Theme,
    event: &Event,
    notes: Option<&mut PaintNotes>,
) {
    let m = &theme.metrics;
    ui.label(
        egui::RichText::new(event.title())
            .size(m.label_font_size * 1.35)
            .strong()
            .color(theme.text),
    );
    let lane = timeline
        .lanes()
        .get(event.lane())
        .map(|l| l.label.as_str())
        .unwrap_or("");
    let date = event
        .display_date()
        .map(str::to_owned)
        .unwrap_or_else(|| event.date_text());
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(date)
                .size(m.label_font_size)
                .color(theme.text),
        );
        ui.label(
            egui::RichText::new("·")
                .size(m.label_font_size)
                .color(theme.text_weak),
        );
        ui.label(
            egui::RichText::new(lane)
                .size(m.label_font_size)
                .color(lane_color(timeline, theme, event.lane())),
        );
    });
    if !event.description().is_empty() {
        ui.label(
            egui::RichText::new(shorten(event.description(), CAPTION_MAX_CHARS))
                .size(m.label_font_size * 0.85)
                .color(theme.text_weak),
        );
    }
    credit_line(ui, theme, event, notes);
}

/// "Source: DEA; U.S. Embassy" — each name noted as a link to its source.
fn credit_line(ui: &mut egui::Ui, theme: &Theme, event: &Event, notes: Option<&mut PaintNotes>) {
    let credits: Vec<(String, &str)> = event
        .sources()
        .iter()
        .filter_map(|s| {
            let name = s
                .publisher()
                .map(str::to_owned)
                .or_else(|| host_of(s.url()))?;
            Some((name, s.url()))
        })
        .collect();
    if credits.is_empty() {
        return;
    }
    let format = egui::TextFormat {
        font_id: FontId::proportional(theme.metrics.axis_font_size * 0.9),
        color: theme.text_weak,
        italics: true,
        ..Default::default()
    };
    let mut job = egui::text::LayoutJob::default();
    job.append("Source: ", 0.0, format.clone());
    // Character ranges of each name, for its link.
    let mut ranges = Vec::with_capacity(credits.len());
    let mut chars = "Source: ".chars().count();
    for (k, (name, _)) in credits.iter().enumerate() {
        if k > 0 {
            job.append("; ", 0.0, format.clone());
            chars += 2;
        }
        job.append(name, 0.0, format.clone());
        let len = name.chars().count();
        ranges.push(chars..chars + len);
        chars += len;
    }
    job.wrap.max_width = ui.available_width();
    let galley = ui.painter().fonts_mut(|f| f.layout_job(job));
    let response = ui.add(egui::Label::new(galley.clone()));
    let Some(notes) = notes else {
        return;
    };
    let origin = response.rect.min.to_vec2();
    for ((_, url), range) in credits.iter().zip(ranges) {
        let a = galley.pos_from_cursor(egui::text::CCursor::new(range.start));
        let b = galley.pos_from_cursor(egui::text::CCursor::new(range.end));
        // A name cut by a line break links its first line's part.
        let right = if (a.top() - b.top()).abs() < 0.5 {
            b.left()
        } else {
            galley.rect.right()
        };
        let rect = Rect::from_min_max(a.left_top(), egui::pos2(right, a.bottom()));
        notes.links.push(LinkArea {
            rect: rect.translate(origin),
            url: url.to_string(),
        });
    }
}

/// The host of a URL, for a short credit line ("www.dea.gov").
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_owned())
}

/// Cuts text at a word boundary to at most `max` characters, adding "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, TimelineMeta};

    fn timeline(story: &[&str]) -> Timeline {
        let meta = TimelineMeta {
            story: story.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let ev = |id: &str, d: &str| Event::new(id, id, Date::parse_iso(d).unwrap());
        Timeline::new(
            meta,
            vec![ev("b", "2000"), ev("a", "1990"), ev("c", "2010")],
        )
    }

    #[test]
    fn story_order_wins_then_chronology_and_filters_restrict() {
        let t = timeline(&["c", "a", "missing"]);
        let ids = |v: Vec<usize>| {
            v.into_iter()
                .map(|i| t.events()[i].id().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(story_steps(&t, |_| true, None)), ["c", "a"]);
        let plain = timeline(&[]);
        let steps = story_steps(&plain, |_| true, None);
        assert_eq!(
            steps
                .iter()
                .map(|&i| plain.events()[i].id())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        let only_b = [false, true, false];
        assert_eq!(story_steps(&plain, |_| true, Some(&only_b)), [1]);
        assert_eq!(story_steps(&plain, |i| i != 0, None), [1, 2]);
        assert_eq!(counter_text(4, 18), "5 / 19");
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
    }

    #[test]
    fn credit_falls_back_to_the_host() {
        assert_eq!(
            host_of("https://www.dea.gov/x?y"),
            Some("www.dea.gov".into())
        );
        assert_eq!(host_of("not a url"), None);
    }
}
