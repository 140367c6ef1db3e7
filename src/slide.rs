//! What one presentation step looks like — the timeline canvas with a caption card and a step
//! counter — drawn into any `Ui`. The presentation window, `chronoscope export --steps` and the
//! PDF handout all call [`slide_ui`], so exported slides are exactly what the room saw. What the
//! steps are ([`story_steps`]: the story's events and views resolved against the timeline), each
//! step's view ([`step_view`]) and its counter live here too.

use crate::model::{Event, Precision, StoryStep, Timeline};
use crate::paint::{self, Emphasis, LinkArea, PaintNotes, SceneRequest, lane_color};
use crate::theme::Theme;
use crate::view::{TimeView, fit_view};
use egui::{FontId, Rect, Stroke, pos2};

/// Descriptions shrink down to this fraction of the label size before they go to two columns:
/// 0.7 × 22 px ≈ 15 px, still readable from the back of a meeting room at 1280×720.
const MIN_BODY_SCALE: f32 = 0.7;
/// The overview's caption takes at most this share of the slide's height.
const OVERVIEW_CAPTION_SHARE: f32 = 0.26;
/// The description's starting size, as a fraction of the label size.
const BODY_SCALE: f32 = 0.85;

/// One step of a presentation, resolved against the timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// An event (by index), with the story's own caption for it, if any.
    Event {
        index: usize,
        caption: Option<String>,
    },
    /// A stretch of time the story frames, with its own title and caption.
    View {
        view: TimeView,
        title: String,
        caption: String,
        /// "Feb 1985 – Apr 1985".
        dates: String,
        /// Indices of the lanes the step shows; `None`: every lane.
        lanes: Option<Vec<usize>>,
    },
}

impl Step {
    /// The event this step is about, if any.
    pub fn event(&self) -> Option<usize> {
        match self {
            Step::Event { index, .. } => Some(*index),
            Step::View { .. } => None,
        }
    }

    /// Whether lane `lane` is hidden on this step's slide (a view limited to some lanes).
    fn hides_lane(&self, lane: usize) -> bool {
        match self {
            Step::View {
                lanes: Some(shown), ..
            } => !shown.contains(&lane),
            _ => false,
        }
    }
}

/// Which events a slide shows and which step it is.
pub struct SlideInput<'a> {
    pub timeline: &'a Timeline,
    pub view: TimeView,
    pub lane_hidden: &'a [bool],
    pub event_hidden: Option<&'a [bool]>,
    /// The step shown; `None` for the title step (the overview).
    pub step: Option<&'a Step>,
    /// "5 / 19".
    pub counter: String,
    /// The presentation's steps: the title step labels their events first.
    pub story: &'a [Step],
    pub now_secs: Option<f64>,
}

/// The steps a presentation walks through: the story's, in order, if the timeline has one (its
/// events that are shown, and its views), else every shown event chronologically. While a search
/// is active, only its matching events (a view is not a match).
pub fn story_steps(
    timeline: &Timeline,
    shown: impl Fn(usize) -> bool,
    matches: Option<&[bool]>,
) -> Vec<Step> {
    let ok = |i: usize| shown(i) && matches.is_none_or(|m| m.get(i).copied().unwrap_or(false));
    let plain = |index: usize| Step::Event {
        index,
        caption: None,
    };
    if timeline.meta.story.is_empty() {
        return (0..timeline.len()).filter(|&i| ok(i)).map(plain).collect();
    }
    let wanted: std::collections::HashSet<&str> = timeline
        .meta
        .story
        .iter()
        .filter_map(StoryStep::event_id)
        .collect();
    let index: std::collections::HashMap<&str, usize> = timeline
        .events()
        .iter()
        .enumerate()
        .filter(|(_, e)| wanted.contains(e.id()))
        .map(|(i, e)| (e.id(), i))
        .collect();
    timeline
        .meta
        .story
        .iter()
        .filter_map(|step| match step {
            StoryStep::Event(step) => {
                let i = index.get(step.id.as_str()).copied().filter(|&i| ok(i))?;
                Some(Step::Event {
                    index: i,
                    caption: step.caption.clone(),
                })
            }
            StoryStep::View(step) if matches.is_none() => {
                let lanes = (!step.lanes.is_empty()).then(|| {
                    (0..timeline.lanes().len())
                        .filter(|&k| step.lanes.contains(&timeline.lanes()[k].id))
                        .collect::<Vec<usize>>()
                });
                Some(Step::View {
                    view: {
                        // Its whole span, with room on the right for the labels of events near
                        // its end, as an event's step has.
                        let zone = timeline.display_zone();
                        let (start, end) = (step.start_secs(zone), step.end_secs(zone));
                        TimeView::fit(start, end + (end - start) * STEP_LABEL_ROOM)
                    },
                    title: step.title.clone(),
                    caption: step.caption.clone(),
                    dates: step.dates_text(),
                    // Lanes that no longer exist are no reason to show an empty slide.
                    lanes: lanes.filter(|named| !named.is_empty()),
                })
            }
            StoryStep::View(_) | StoryStep::Unknown(_) => None,
        })
        .collect()
}

/// The view for step `n` (0 = the whole timeline): each event in its context, each view over
/// the span the story gave it.
pub fn step_view(timeline: &Timeline, steps: &[Step], n: usize) -> TimeView {
    let framed = |k: usize| match steps.get(k)? {
        Step::Event { .. } => context_view(timeline, steps, k),
        Step::View { view, .. } => Some(*view),
    };
    n.checked_sub(1)
        .and_then(framed)
        .unwrap_or_else(|| fit_view(timeline))
}

/// "5 / 19" (steps counted from 1, the title step included).
pub fn counter_text(current: usize, steps: usize) -> String {
    format!("{} / {}", current + 1, steps + 1)
}

/// Largest height of the caption card for a slide of this height; a shorter caption takes less.
pub fn caption_height(rect: Rect, theme: &Theme) -> f32 {
    (rect.height() * 0.3).clamp(theme.metrics.row_height * 4.0, 260.0)
}

/// What the caption card says.
struct Caption {
    title: String,
    title_size: f32,
    /// Date, lane name and the lane's colour shaded to be readable on the card.
    meta: Option<(String, String, egui::Color32)>,
    description: String,
    /// Each source's short name ("DEA", "www.dea.gov") and its URL.
    credits: Vec<(String, String)>,
}

impl Caption {
    /// "Source: DEA; U.S. Embassy", if the event has sources.
    fn credit_text(&self) -> Option<String> {
        (!self.credits.is_empty()).then(|| {
            let names: Vec<&str> = self.credits.iter().map(|(n, _)| n.as_str()).collect();
            format!("Source: {}", names.join("; "))
        })
    }
}

fn caption_for(timeline: &Timeline, theme: &Theme, step: Option<&Step>) -> Caption {
    let m = &theme.metrics;
    match step {
        Some(Step::Event { index, caption }) => match timeline.event(*index) {
            Some(event) => event_caption(timeline, theme, event, caption.as_deref()),
            None => overview_caption(timeline, theme),
        },
        Some(Step::View {
            title,
            caption,
            dates,
            lanes,
            ..
        }) => {
            let lane_names = lanes.as_ref().map_or_else(String::new, |shown| {
                let names: Vec<&str> = shown
                    .iter()
                    .filter_map(|&k| timeline.lanes().get(k))
                    .map(|l| l.label.as_str())
                    .collect();
                names.join(", ")
            });
            Caption {
                title: if title.trim().is_empty() {
                    dates.clone()
                } else {
                    title.clone()
                },
                title_size: m.label_font_size * 1.35,
                meta: Some((dates.clone(), lane_names, theme.text_weak)),
                description: caption.clone(),
                credits: Vec::new(),
            }
        }
        None => overview_caption(timeline, theme),
    }
}

/// An event's caption: its title, date and lane, the story's caption for it (else its
/// description) and its sources.
fn event_caption(
    timeline: &Timeline,
    theme: &Theme,
    event: &Event,
    caption: Option<&str>,
) -> Caption {
    let lane = timeline
        .lanes()
        .get(event.lane())
        .map(|l| l.label.clone())
        .unwrap_or_default();
    let date = event
        .display_date()
        .map(str::to_owned)
        .unwrap_or_else(|| event.date_text());
    let lane_color =
        theme.readable_color(lane_color(timeline, theme, event.lane()), theme.card_fill);
    let credits: Vec<(String, String)> = event
        .sources()
        .iter()
        .filter_map(|s| {
            let name = s
                .publisher()
                .map(str::to_owned)
                .or_else(|| host_of(s.url()))?;
            Some((name, s.url().to_owned()))
        })
        .collect();
    Caption {
        title: event.title().to_owned(),
        title_size: theme.metrics.label_font_size * 1.35,
        meta: Some((date, lane, lane_color)),
        description: caption.unwrap_or(event.description()).to_owned(),
        credits,
    }
}

/// The title step's caption: the timeline's title and description.
fn overview_caption(timeline: &Timeline, theme: &Theme) -> Caption {
    Caption {
        title: if timeline.title().is_empty() {
            "Untitled timeline".to_owned()
        } else {
            timeline.title().to_owned()
        },
        title_size: theme.metrics.label_font_size * 1.6,
        meta: None,
        description: timeline.meta.description.clone(),
        credits: Vec::new(),
    }
}

/// Space between the caption's blocks.
fn block_gap(theme: &Theme) -> f32 {
    theme.metrics.label_gap * 0.4
}

/// Height of the caption's title, date line and credit at `width` (everything but the
/// description), gaps included.
fn fixed_caption_height(
    painter: &egui::Painter,
    caption: &Caption,
    theme: &Theme,
    width: f32,
) -> f32 {
    let m = &theme.metrics;
    let height = |text: &str, size: f32| {
        painter
            .layout(
                text.to_owned(),
                FontId::proportional(size),
                theme.text,
                width,
            )
            .size()
            .y
    };
    let mut h = height(&caption.title, caption.title_size);
    if caption.meta.is_some() {
        h += block_gap(theme) + height("Ag", m.label_font_size);
    }
    if let Some(credit) = caption.credit_text() {
        h += block_gap(theme) + height(&credit, m.axis_font_size * 0.9);
    }
    if !caption.description.is_empty() {
        h += block_gap(theme);
    }
    h
}

/// How a description is set: the size and the text of each column.
#[derive(Debug, Clone, PartialEq)]
pub struct DescriptionFit {
    pub size: f32,
    pub columns: Vec<String>,
    /// Whole sentences left out because even two columns at the smallest size were too few.
    pub sentences_left_out: usize,
}

/// Fits `text` into `width × height`: the largest size from `max_size` down to `min_size` at
/// which it fits one column; else two columns split between sentences; else the whole
/// sentences that fit in two columns at `min_size`. Never cuts inside a sentence.
/// `height_of(text, size, width)` measures wrapped text.
pub fn fit_description(
    text: &str,
    width: f32,
    height: f32,
    (max_size, min_size): (f32, f32),
    height_of: &dyn Fn(&str, f32, f32) -> f32,
) -> DescriptionFit {
    let sizes: Vec<f32> = std::iter::successors(Some(max_size), |s| Some(s - 1.0))
        .take_while(|&s| s >= min_size)
        .collect();
    // Half a point of slack: a card sized for the text at `max_size` must take it at that size.
    for &size in &sizes {
        if height_of(text, size, width) <= height + 0.5 {
            return DescriptionFit {
                size,
                columns: vec![text.to_owned()],
                sentences_left_out: 0,
            };
        }
    }
    let parts = sentences(text);
    let column_w = (width - COLUMN_GAP) / 2.0;
    let split = |parts: &[&str], size: f32| -> Option<Vec<String>> {
        // The split between sentences that balances the two columns best, if any fits.
        (1..parts.len())
            .map(|k| (parts[..k].concat(), parts[k..].concat()))
            .map(|(a, b)| {
                let tallest =
                    height_of(a.trim(), size, column_w).max(height_of(b.trim(), size, column_w));
                (tallest, a, b)
            })
            .filter(|(tallest, _, _)| *tallest <= height)
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .map(|(_, a, b)| vec![a.trim().to_owned(), b.trim().to_owned()])
    };
    for &size in &sizes {
        if let Some(columns) = split(&parts, size) {
            return DescriptionFit {
                size,
                columns,
                sentences_left_out: 0,
            };
        }
    }
    for keep in (1..parts.len()).rev() {
        if let Some(columns) = split(&parts[..keep], min_size) {
            return DescriptionFit {
                size: min_size,
                columns,
                sentences_left_out: parts.len() - keep,
            };
        }
    }
    DescriptionFit {
        size: min_size,
        columns: vec![parts.first().map_or("", |p| p.trim()).to_owned()],
        sentences_left_out: parts.len().saturating_sub(1),
    }
}

/// Space between the two columns of a long description.
const COLUMN_GAP: f32 = 24.0;

/// `text` split after each sentence end, keeping the spaces, so the parts concatenate back to
/// `text`. A sentence ends at ".", "!" or "?" after a lower-case letter, a digit or a closing
/// quote or bracket, followed by a space and a capital or an opening quote — so "U.S. custody" and
/// "c. 1985" stay whole.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(4) {
        let [(_, before), (_, stop), (_, space), (next_at, next)] = [w[0], w[1], w[2], w[3]];
        let ends = matches!(stop, '.' | '!' | '?')
            && (before.is_lowercase()
                || before.is_ascii_digit()
                || matches!(before, '"' | ')' | '”' | '’'))
            && space == ' '
            && (next.is_uppercase() || matches!(next, '"' | '“'));
        if ends {
            parts.push(&text[from..next_at]);
            from = next_at;
        }
    }
    if from < text.len() {
        parts.push(&text[from..]);
    }
    parts
}

/// Draws the caption inside `inner`.
fn caption_ui(
    ui: &mut egui::Ui,
    inner: Rect,
    theme: &Theme,
    caption: &Caption,
    fit: &DescriptionFit,
    notes: Option<&mut PaintNotes>,
) {
    let m = &theme.metrics;
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(inner)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(inner);
    child.spacing_mut().item_spacing.y = block_gap(theme);
    child.label(
        egui::RichText::new(&caption.title)
            .size(caption.title_size)
            .strong()
            .color(theme.text),
    );
    if let Some((date, lane, lane_color)) = &caption.meta {
        child.horizontal(|ui| {
            ui.label(
                egui::RichText::new(date)
                    .size(m.label_font_size)
                    .color(theme.text),
            );
            if lane.is_empty() {
                return;
            }
            ui.label(
                egui::RichText::new("·")
                    .size(m.label_font_size)
                    .color(theme.text_weak),
            );
            ui.label(
                egui::RichText::new(lane)
                    .size(m.label_font_size)
                    .color(*lane_color),
            );
        });
    }
    let body = |ui: &mut egui::Ui, text: &str| {
        ui.label(
            egui::RichText::new(text)
                .size(fit.size)
                .color(theme.text_weak),
        );
    };
    match fit.columns.as_slice() {
        [] => {}
        [one] if one.is_empty() => {}
        [one] => body(&mut child, one),
        columns => {
            child.columns(columns.len(), |cols| {
                for (col, text) in cols.iter_mut().zip(columns) {
                    body(col, text);
                }
            });
        }
    }
    credit_line(&mut child, theme, &caption.credits, notes);
}

/// "Source: DEA; U.S. Embassy" — each name noted as a link to its source.
fn credit_line(
    ui: &mut egui::Ui,
    theme: &Theme,
    credits: &[(String, String)],
    notes: Option<&mut PaintNotes>,
) {
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
            url: url.clone(),
        });
    }
}

/// Draws a slide filling `rect`; returns the layout of its timeline canvas.
pub fn slide_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    theme: &Theme,
    input: &SlideInput<'_>,
) -> crate::layout::Scene {
    slide_ui_noted(ui, rect, theme, input, None)
}

/// [`slide_ui`], also noting which shapes draw which event and where the caption's sources are
/// (for vector export).
pub fn slide_ui_noted(
    ui: &mut egui::Ui,
    rect: Rect,
    theme: &Theme,
    input: &SlideInput<'_>,
    mut notes: Option<&mut PaintNotes>,
) -> crate::layout::Scene {
    let painter = ui.painter_at(rect);
    let m = &theme.metrics;
    // The card takes what its text needs, up to `caption_height`; the canvas gets the rest.
    let focus = input.step.and_then(Step::event);
    let caption = caption_for(input.timeline, theme, input.step);
    let (outer_pad, inner_pad) = (m.label_gap, m.label_gap * 1.2);
    let text_w = (rect.width() - 2.0 * (outer_pad + inner_pad)).max(1.0);
    let counter_h = m.axis_font_size * 1.4;
    let fixed_h = fixed_caption_height(&painter, &caption, theme, text_w);
    let height_of = |text: &str, size: f32, width: f32| {
        painter
            .layout(
                text.to_owned(),
                FontId::proportional(size),
                theme.text,
                width,
            )
            .size()
            .y
    };
    let body_sizes = (
        m.label_font_size * BODY_SCALE,
        m.label_font_size * MIN_BODY_SCALE,
    );
    let natural_body = if caption.description.is_empty() {
        0.0
    } else {
        height_of(&caption.description, body_sizes.0, text_w)
    };
    // The overview gives the canvas more: its job is to label the whole story.
    let max_caption = if input.step.is_none() {
        (rect.height() * OVERVIEW_CAPTION_SHARE).max(m.row_height * 3.0)
    } else {
        caption_height(rect, theme)
    };
    let caption_h = (fixed_h + natural_body + counter_h * 0.5 + 2.0 * (outer_pad + inner_pad))
        .clamp(m.row_height * 3.0, max_caption);
    let body_h = caption_h - 2.0 * (outer_pad + inner_pad) - fixed_h - counter_h * 0.5;
    let fit = fit_description(
        &caption.description,
        text_w,
        body_h.max(0.0),
        body_sizes,
        &height_of,
    );
    let canvas = Rect::from_min_max(rect.min, pos2(rect.right(), rect.bottom() - caption_h));
    // The overview labels the story: with every event competing, a 720-px slide labels few.
    let story_only = (input.step.is_none() && input.story.iter().any(|s| s.event().is_some()))
        .then(|| {
            let mut only = vec![false; input.timeline.len()];
            for i in input.story.iter().filter_map(Step::event) {
                if let Some(o) = only.get_mut(i) {
                    *o = true;
                }
            }
            only
        });
    // A view of some lanes hides the others, on top of the filters.
    let lane_hidden: Vec<bool> = (0..input.timeline.lanes().len())
        .map(|k| {
            input.lane_hidden.get(k).copied().unwrap_or(false)
                || input.step.is_some_and(|s| s.hides_lane(k))
        })
        .collect();
    let scene = paint::layout_scene(
        &painter,
        theme,
        SceneRequest {
            timeline: input.timeline,
            view: input.view,
            canvas,
            now_secs: input.now_secs,
            lane_hidden: &lane_hidden,
            event_hidden: input.event_hidden,
            pinned: focus,
            label_only: story_only.as_deref(),
        },
    );
    paint::paint_scene_noted(
        &painter,
        &scene,
        input.timeline,
        theme,
        Emphasis {
            selected: focus,
            hovered: None,
            matches: None,
        },
        notes.as_deref_mut(),
    );

    // Caption card, below the canvas: it never covers an event or the era row.
    let card_area = Rect::from_min_max(pos2(rect.left(), rect.bottom() - caption_h), rect.max);
    painter.rect_filled(card_area, 0.0, theme.background);
    let card = card_area.shrink(outer_pad);
    painter.rect(
        card,
        8.0,
        theme.card_fill,
        Stroke::new(m.line_scale, theme.card_stroke),
        egui::StrokeKind::Inside,
    );
    caption_ui(ui, card.shrink(inner_pad), theme, &caption, &fit, notes);

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
    scene
}

/// The narrowest view a step may use for an event known to `precision`: wide enough that the
/// axis ticks are no finer than that precision on any screen up to ~2,500 px (at 1280 px a
/// 21-day view ticks every day; 8 days would tick "00:00 12:00"). A date known to the day is
/// never shown with hour ticks.
pub fn min_span_secs(precision: Precision) -> f64 {
    const DAY: f64 = 86_400.0;
    match precision {
        Precision::Year => 20.0 * 365.2425 * DAY,
        Precision::Month => 16.0 * 30.436875 * DAY,
        Precision::Day => 21.0 * DAY,
        Precision::Minute => 2.0 * 3_600.0,
        _ => 600.0,
    }
}

/// Room kept right of the rightmost event for its label, as a fraction of the framed span.
const STEP_LABEL_ROOM: f64 = 0.3;

/// The view of a step about the event of `steps[k]`, in context: it frames the previous and next
/// story events when they are near (within `CONTEXT_REACH` times the event's own scale), else its
/// nearest neighbours in its lane, else the nearest event at all — so the room never sees one
/// dot on an empty grid. Never narrower than the event's precision needs (`min_span_secs`).
///
/// ```text
///   prev story ●            ● focus            ● next story      |label room|
///   |<─────────────── framed: all three, at least min_span ──────────────────>|
/// ```
pub fn context_view(timeline: &Timeline, steps: &[Step], k: usize) -> Option<TimeView> {
    /// Story neighbours farther than this many times the event's own scale are left out.
    const CONTEXT_REACH: f64 = 40.0;
    let i = steps.get(k)?.event()?;
    let event = timeline.event(i)?;
    let (starts, ends) = (timeline.start_secs(), timeline.end_secs());
    let (s, e) = (*starts.get(i)?, *ends.get(i)?);
    let min_span = min_span_secs(event.start.precision());
    let reach = (e - s).max(min_span) * CONTEXT_REACH;
    // The instant of a neighbour nearest to the focus, and how far it is.
    let nearest_point = |j: usize| starts[j].max(s.min(ends[j])).min(ends[j].max(starts[j]));
    let distance = |j: usize| {
        let t = nearest_point(j);
        if t < s {
            s - t
        } else if t > e {
            t - e
        } else {
            0.0
        }
    };
    let story: Vec<usize> = [k.checked_sub(1), Some(k + 1)]
        .into_iter()
        .flatten()
        .filter_map(|j| steps.get(j).and_then(Step::event))
        .filter(|&j| j != i && distance(j) <= reach)
        .collect();
    let context = if !story.is_empty() {
        story
    } else {
        let lane = timeline.lane_of().get(i).copied();
        let in_lane = |j: &usize| timeline.lane_of().get(*j).copied() == lane;
        let before = (0..i).rev().find(in_lane);
        let after = (i + 1..starts.len()).find(in_lane);
        let lane_near: Vec<usize> = [before, after]
            .into_iter()
            .flatten()
            .filter(|&j| distance(j) <= reach)
            .collect();
        if !lane_near.is_empty() {
            lane_near
        } else {
            // Whatever is nearest, however far: context beats an empty grid.
            [i.checked_sub(1), Some(i + 1).filter(|&j| j < starts.len())]
                .into_iter()
                .flatten()
                .min_by(|&a, &b| distance(a).total_cmp(&distance(b)))
                .into_iter()
                .collect()
        }
    };
    let mut lo = s;
    let mut hi = e.max(s);
    for j in context {
        let t = nearest_point(j);
        lo = lo.min(t);
        hi = hi.max(t);
    }
    // Widen to the minimum about the middle, then leave room for the rightmost label.
    if hi - lo < min_span {
        let mid = (lo + hi) / 2.0;
        lo = mid - min_span / 2.0;
        hi = mid + min_span / 2.0;
    }
    Some(TimeView::fit(lo, hi + (hi - lo) * STEP_LABEL_ROOM))
}

/// The host of a URL, for a short credit line ("www.dea.gov").
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, TimelineMeta};

    fn timeline(story: &[&str]) -> Timeline {
        let meta = TimelineMeta {
            story: story.iter().map(|s| StoryStep::event(*s)).collect(),
            ..Default::default()
        };
        let ev = |id: &str, d: &str| Event::new(id, id, Date::parse_iso(d).unwrap());
        Timeline::new(
            meta,
            vec![ev("b", "2000"), ev("a", "1990"), ev("c", "2010")],
        )
    }

    fn ids(t: &Timeline, steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| match s.event() {
                Some(i) => t.events()[i].id().to_owned(),
                None => "(view)".to_owned(),
            })
            .collect()
    }

    #[test]
    fn story_order_wins_then_chronology_and_filters_restrict() {
        let t = timeline(&["c", "a", "missing"]);
        assert_eq!(ids(&t, &story_steps(&t, |_| true, None)), ["c", "a"]);
        let plain = timeline(&[]);
        let steps = story_steps(&plain, |_| true, None);
        assert_eq!(ids(&plain, &steps), ["a", "b", "c"]);
        let only_b = [false, true, false];
        assert_eq!(
            ids(&plain, &story_steps(&plain, |_| true, Some(&only_b))),
            ["b"]
        );
        assert_eq!(
            ids(&plain, &story_steps(&plain, |i| i != 0, None)),
            ["b", "c"]
        );
        assert_eq!(counter_text(4, 18), "5 / 19");
    }

    #[test]
    fn views_and_captions_come_from_the_story() {
        let mut t = timeline(&["a"]);
        let mut view = crate::model::ViewStep::covering(
            Date::parse_iso("1995").unwrap().start_secs(),
            Date::parse_iso("2005").unwrap().start_secs(),
            vec!["events".into(), "gone".into()],
            &crate::model::DisplayZone::Utc,
        )
        .unwrap();
        view.title = "The nineties".into();
        if let StoryStep::Event(step) = &mut t.meta.story[0] {
            step.caption = Some("Told our way".into());
        }
        t.meta.story.push(StoryStep::View(view));
        t.meta
            .story
            .push(StoryStep::Unknown(serde_json::json!({"kind": "map"})));
        let steps = story_steps(&t, |_| true, None);
        assert_eq!(steps.len(), 2, "the unknown step is skipped");
        assert_eq!(
            steps[0],
            Step::Event {
                index: t.index_of("a").unwrap(),
                caption: Some("Told our way".into())
            }
        );
        let Step::View {
            view, title, lanes, ..
        } = &steps[1]
        else {
            panic!("a view step: {:?}", steps[1]);
        };
        assert_eq!(title, "The nineties");
        assert_eq!(lanes.as_deref(), Some(&[0][..]), "only lanes that exist");
        assert_eq!(step_view(&t, &steps, 2), *view, "a view is shown as framed");
        assert!(view.contains(Date::parse_iso("2000").unwrap().start_secs()));
        // A search steps through its matches only.
        let only_a = [true, false, false];
        assert_eq!(ids(&t, &story_steps(&t, |_| true, Some(&only_a))), ["a"]);
    }

    #[test]
    fn sentences_concatenate_back_to_the_text() {
        let text = "He was kidnapped. His body was found! Why? Nobody said";
        let parts = sentences(text);
        assert_eq!(
            parts,
            [
                "He was kidnapped. ",
                "His body was found! ",
                "Why? ",
                "Nobody said"
            ]
        );
        assert_eq!(parts.concat(), text);
        assert_eq!(
            sentences("to U.S. custody. Then"),
            ["to U.S. custody. ", "Then"]
        );
        assert_eq!(sentences("c. 1985 it began"), ["c. 1985 it began"]);
    }

    /// A stand-in for the font: 0.5 em per character, lines of 1.2 em.
    fn height_of(text: &str, size: f32, width: f32) -> f32 {
        let per_line = (width / (size * 0.5)).floor().max(1.0);
        (text.chars().count() as f32 / per_line).ceil() * size * 1.2
    }

    #[test]
    fn a_description_shrinks_then_takes_two_columns_and_never_cuts_a_sentence() {
        let short = "One sentence that fits.";
        let fit = fit_description(short, 400.0, 60.0, (18.0, 14.0), &height_of);
        assert_eq!((fit.size, fit.columns.len()), (18.0, 1));

        let medium = "A first sentence of some length here. ".repeat(3);
        let fit = fit_description(medium.trim(), 400.0, 60.0, (18.0, 14.0), &height_of);
        assert!(fit.size < 18.0 || fit.columns.len() == 2, "{fit:?}");
        assert_eq!(fit.sentences_left_out, 0);
        assert_eq!(
            fit.columns.concat().replace(' ', ""),
            medium.replace(' ', "")
        );

        let long = "Another rather long sentence goes here. ".repeat(12);
        let fit = fit_description(long.trim(), 400.0, 60.0, (18.0, 14.0), &height_of);
        assert_eq!(fit.size, 14.0);
        assert_eq!(fit.columns.len(), 2);
        assert!(fit.sentences_left_out > 0);
        for column in &fit.columns {
            assert!(column.ends_with('.'), "cut inside a sentence: {column}");
            assert!(height_of(column, 14.0, (400.0 - COLUMN_GAP) / 2.0) <= 60.0);
        }
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
