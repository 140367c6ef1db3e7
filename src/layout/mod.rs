//! Pure layout: given the timeline, the view, the canvas rectangle and the theme's metrics, decide
//! what goes where — axis ticks, lane bands, era bands, event marks with non-overlapping labels,
//! and density bins where events outnumber pixels. No painting and no egui context: the same
//! [`Scene`] feeds the window, the PNG export and the tests.
//!
//! ```text
//!  ┌ canvas ──────────────────────────────────────────────┐
//!  │ 2013              2014                               │ axis: coarse row
//!  │ Jul   Aug   Sep   Oct   Nov   Dec   Jan   Feb        │ axis: fine row
//!  ├──────────────────────────────────────────────────────┤
//!  │ Caro Quintero                                         │ lane header
//!  │   ● Release ordered    ● Released                     │ label row 0
//!  │ ━━━━━━━━━ fugitive in Sinaloa ━━━━━━━━━━━━━━━━━━━━━━  │ label row 1
//!  │ ╵ ╵╵  ╵                                   (+3 hidden) │ strip: unlabelled marks / density
//!  ├──────────────────────────────────────────────────────┤
//! ```

pub mod labels;
pub mod offscreen;
pub mod report;
pub mod ticks;

use crate::model::{Precision, Timeline};
use crate::theme::Metrics;
use crate::view::TimeView;
use egui::{Pos2, Rect, pos2};
use offscreen::{HINT_INSET, hint_width, offscreen_counts, offscreen_hints};
pub use offscreen::{OffscreenHint, Side, nearest_offscreen, view_onto};
pub use ticks::{AxisTicks, Tick};

/// At most this many labels are placed per frame: measuring and drawing text dominates frame time
/// once thousands of labels compete, and more than a few hundred cannot be read anyway.
pub const LABEL_BUDGET: usize = 600;
/// A lane switches from marks to a density band when it has more visible events than one per
/// this many pixels: beyond that, individual marks merge into noise.
pub const DENSE_PX_PER_EVENT: f32 = 3.0;
/// More ranges than this covering a lane's whole view are bundled: drawn as one bar in the lane's
/// strip and counted in its "+N unlabelled" note, not as a mark each. A day view of ten million
/// events has tens of thousands of multi-year ranges over it; as marks they all paint the same
/// strip pixels, take the label budget from the day's own events and cost a frame each.
pub const SPANNING_MARKS_MAX: usize = 12;
/// Width of one density bin in points.
pub const DENSITY_BIN_PX: f32 = 2.0;
/// A vague date (year or month precision) shows its whole span once it is this wide.
pub const VAGUE_MIN_PX: f32 = 4.0;
/// A dense lane asks for this many rows' height for its density band.
const DENSE_LANE_ROWS: usize = 3;
/// Height of an axis without a context row, as a fraction of the two-row axis.
const AXIS_ONE_ROW: f32 = 0.6;
/// Space between a marker and its label.
const LABEL_PAD: f32 = 4.0;
/// A label is never cut narrower than this many ems of the label font (about six characters:
/// "Mexico…"); below that the event goes to the lane's strip instead.
const MIN_LABEL_EMS: f32 = 4.0;
/// An era band narrower than this (points) shows no label, and alone does not ask for an era row.
pub const ERA_LABEL_MIN_WIDTH: f32 = 40.0;
/// A lane's name starts this far right of the lane's edge (or of its "◀ 3" hint).
pub const NAME_INSET: f32 = 10.0;
/// A lane's name takes at most this share of the canvas width.
pub const NAME_MAX_SHARE: f32 = 0.5;
/// A lane's note ("+5 unlabelled") ends this far left of the lane's edge (or of its "12 ▶").
pub const NOTE_INSET: f32 = 8.0;
/// A lane's note takes at most this share of the canvas width.
pub const NOTE_MAX_SHARE: f32 = 0.45;

/// What the layout needs besides the timeline.
pub struct LayoutInput<'a> {
    pub timeline: &'a Timeline,
    pub view: TimeView,
    pub canvas: Rect,
    pub metrics: Metrics,
    /// The current instant, for the "today" line.
    pub now_secs: Option<f64>,
    /// Per lane: hidden by the legend.
    pub lane_hidden: &'a [bool],
    /// Per event: filtered out (tags hidden in the legend). `None` hides nothing.
    pub event_hidden: Option<&'a [bool]>,
    /// Kept as a mark (not merged into density) whatever happens: the selected event.
    pub pinned: Option<usize>,
    /// When given, only these events get labels (a presentation overview labels its story);
    /// the others are marks in their lane's strip.
    pub label_only: Option<&'a [bool]>,
    /// Width in points of an event label at the label font size.
    pub measure_label: &'a dyn Fn(&str) -> f32,
    /// Width in points of an axis label at the axis font size (also the lanes' notes).
    pub measure_axis: &'a dyn Fn(&str) -> f32,
    /// Width in points of a lane name at the header font size.
    pub measure_header: &'a dyn Fn(&str) -> f32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkKind {
    Point,
    Range,
}

/// Where an event label goes: left edge at `pos.x`, its first line vertically centred on
/// `pos.y`, a second line (if any) one `line_height` below, all within `max_width`.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelPlacement {
    pub pos: Pos2,
    pub max_width: f32,
    pub line_height: f32,
    /// The lines shown: the whole title, or the title wrapped and/or cut with "…".
    pub lines: Vec<String>,
    /// Whether part of the title is not shown (the full title shows on hover).
    pub truncated: bool,
    /// Width of the widest shown line.
    pub text_width: f32,
}

impl LabelPlacement {
    /// The box the label's lines are drawn in.
    pub fn rect(&self) -> Rect {
        let half = self.line_height / 2.0;
        let extra = (self.lines.len().max(1) - 1) as f32 * self.line_height;
        Rect::from_min_max(
            pos2(self.pos.x, self.pos.y - half),
            pos2(self.pos.x + self.max_width, self.pos.y + half + extra),
        )
    }
}

/// One event drawn individually.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub event: usize,
    pub lane: usize,
    pub kind: MarkKind,
    /// Marker position (points: centre; ranges: left end, may be left of the canvas).
    pub x: f32,
    /// Right end for ranges; equals `x` for points.
    pub x_end: f32,
    /// The faded span of a year/month-precision date, when wide enough to show.
    pub vague: Option<(f32, f32)>,
    /// Vertical centre of the row or strip the mark sits in.
    pub y: f32,
    /// Whether it sits in the lane's bottom strip (no room for a label).
    pub in_strip: bool,
    pub label: Option<LabelPlacement>,
}

impl Mark {
    /// The area that responds to hover and click.
    pub fn hit_rect(&self, metrics: &Metrics) -> Rect {
        let r = metrics.marker_radius + 2.0;
        let half_h = if self.in_strip {
            metrics.strip_height / 2.0
        } else {
            metrics.row_height / 2.0 - 1.0
        };
        let (x0, x1) = match self.kind {
            MarkKind::Point => (self.x - r, self.x + r),
            MarkKind::Range => (self.x.min(self.x_end - 2.0), self.x_end.max(self.x + 2.0)),
        };
        let mut rect = Rect::from_min_max(pos2(x0, self.y - half_h), pos2(x1, self.y + half_h));
        if let Some(label) = &self.label {
            rect = rect.union(label.rect().shrink2(egui::vec2(0.0, 1.0)));
        }
        rect
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneBand {
    pub lane: usize,
    pub rect: Rect,
    /// Height of the header row at the band's top (the lane's name, and labels that share it).
    pub header_height: f32,
    /// Events in view in this lane.
    pub visible_count: usize,
    /// Events in view drawn without their label (the bundled `spanning` ranges included).
    pub hidden_labels: usize,
    /// Ranges covering the whole view drawn as one bar in the strip instead of a mark each
    /// (more than [`SPANNING_MARKS_MAX`]); 0 when each has its mark.
    pub spanning: usize,
    /// Drawn as a density band rather than marks.
    pub dense: bool,
    /// Events of this lane that ended before the view starts.
    pub before: usize,
    /// Events of this lane that start after the view ends.
    pub after: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EraBand {
    pub era: usize,
    pub x0: f32,
    pub x1: f32,
}

/// Events per bin of one lane's density band.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityRow {
    pub lane: usize,
    pub x0: f32,
    pub bin_width: f32,
    pub counts: Vec<u32>,
    pub max_count: u32,
}

/// Everything a frame draws, in canvas coordinates (points).
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub canvas: Rect,
    pub axis_rect: Rect,
    pub ticks: AxisTicks,
    pub lanes: Vec<LaneBand>,
    pub eras: Vec<EraBand>,
    /// The row at the bottom of the canvas where era names go, when any era shows a name.
    pub era_row: Option<Rect>,
    pub marks: Vec<Mark>,
    pub density: Vec<DensityRow>,
    pub offscreen: Vec<OffscreenHint>,
    pub today_x: Option<f32>,
    pub view: Option<TimeView>,
}

impl Scene {
    /// A scene with nothing in it.
    pub fn empty(view: TimeView) -> Self {
        Scene {
            canvas: Rect::NOTHING,
            axis_rect: Rect::NOTHING,
            ticks: AxisTicks::default(),
            lanes: Vec::new(),
            eras: Vec::new(),
            era_row: None,
            marks: Vec::new(),
            density: Vec::new(),
            offscreen: Vec::new(),
            today_x: None,
            view: Some(view),
        }
    }

    /// The event under a point, preferring a marker hit over a label hit and the nearest marker.
    pub fn hit(&self, pos: Pos2, metrics: &Metrics) -> Option<usize> {
        self.marks
            .iter()
            .filter(|m| m.hit_rect(metrics).contains(pos))
            .min_by(|a, b| {
                let da = (a.x - pos.x).abs() + (a.y - pos.y).abs();
                let db = (b.x - pos.x).abs() + (b.y - pos.y).abs();
                da.total_cmp(&db)
            })
            .map(|m| m.event)
    }

    pub fn mark_of(&self, event: usize) -> Option<&Mark> {
        self.marks.iter().find(|m| m.event == event)
    }
}

/// Lays out one frame.
pub fn layout(input: &LayoutInput<'_>) -> Scene {
    let m = input.metrics;
    let canvas = input.canvas;
    let width = canvas.width().max(1.0);
    let view = input.view;
    let x_of = |secs: f64| canvas.left() + view.x_from_time(secs, width);

    let ticks = ticks::axis_ticks(
        view.start_secs,
        view.span_secs,
        width,
        input.measure_axis,
        input.timeline.display_zone(),
    );
    // Year ticks carry the whole year and have no context row: the axis keeps just one row
    // (plus a little air) and gives the lanes the rest.
    let axis_h = if ticks.coarse.is_empty() {
        m.axis_height * AXIS_ONE_ROW
    } else {
        m.axis_height
    };
    let axis_rect = Rect::from_min_max(canvas.min, pos2(canvas.right(), canvas.top() + axis_h));

    // Which lanes are shown; lane bands are sized after labels are placed (see below).
    let timeline = input.timeline;
    let shown: Vec<usize> = (0..timeline.lanes().len())
        .filter(|&l| !input.lane_hidden.get(l).copied().unwrap_or(false))
        .collect();
    let mut band_of_lane: Vec<Option<usize>> = vec![None; timeline.lanes().len()];
    for (k, &lane) in shown.iter().enumerate() {
        band_of_lane[lane] = Some(k);
    }
    // Count what is visible per lane. Events that start in view are counted per lane and per
    // density bin in one sweep (see `count_starts`); the few that began earlier and still reach
    // into the view are found by the timeline's interval index and counted apart. Only flat
    // columns are touched.
    let (from, to) = (view.start_secs, view.end_secs());
    let starting = timeline.starting_in(from, to);
    let reaching = timeline.reaching_into(from);
    let starts = timeline.start_secs();
    let ends = timeline.end_secs();
    let lane_of = timeline.lane_of();
    let hidden = |i: usize| {
        input
            .event_hidden
            .is_some_and(|h| h.get(i).copied().unwrap_or(false))
    };
    let bins = density_bins(width);
    let start_bins = count_starts(input, &band_of_lane, starting.clone(), bins, shown.len());
    let starting_count: Vec<usize> = start_bins
        .chunks_exact(bins)
        .map(|row| row.iter().map(|&c| c as usize).sum())
        .collect();
    let mut visible_count = starting_count.clone();
    let mut spanning = vec![0usize; shown.len()];
    for &i in &reaching {
        if hidden(i) {
            continue;
        }
        if let Some(Some(b)) = band_of_lane.get(lane_of[i] as usize) {
            visible_count[*b] += 1;
            spanning[*b] += usize::from(ends[i] >= to);
        }
    }
    // Per lane, how many ranges over the whole view are bundled into one strip bar (0: none).
    let bundled: Vec<usize> = spanning
        .iter()
        .map(|&n| if n > SPANNING_MARKS_MAX { n } else { 0 })
        .collect();
    let (off_before, off_after) = offscreen_counts(
        input,
        &band_of_lane,
        (starting.start, starting.end),
        &visible_count,
        &starting_count,
    );
    // Density is about events happening in view: long ranges that began earlier and merely
    // cover the view are drawn as bars, not counted.
    let dense: Vec<bool> = starting_count
        .iter()
        .map(|&n| n as f32 > width / DENSE_PX_PER_EVENT)
        .collect();

    // Pass 1: marks in start order, each with its label candidate (see `labels`).
    struct Placed {
        event: usize,
        band: usize,
        kind: MarkKind,
        x: f32,
        x_end: f32,
        vague: Option<(f32, f32)>,
    }
    let mut placed: Vec<Placed> = Vec::new();
    // Per band: label candidates, and the index in `placed` of each.
    let mut candidates: Vec<Vec<labels::Candidate>> = vec![Vec::new(); shown.len()];
    let mut placed_of: Vec<Vec<usize>> = vec![Vec::new(); shown.len()];
    let mut labels_left = LABEL_BUDGET;
    // When every lane is a density band only the pinned event can become a mark: skip the sweep.
    let all_dense = dense.iter().all(|&d| d);
    let in_view = |p: &usize| starting.contains(p) || reaching.binary_search(p).is_ok();
    let (reaching_swept, starting_swept, pinned_alone) = if all_dense {
        (
            &[][..],
            starting.start..starting.start,
            input.pinned.filter(in_view),
        )
    } else {
        (&reaching[..], starting.clone(), None)
    };
    let sweep = reaching_swept.iter().copied().chain(starting_swept);
    for i in sweep.chain(pinned_alone) {
        if ends[i] < from || hidden(i) {
            continue;
        }
        let Some(Some(b)) = band_of_lane.get(lane_of[i] as usize).copied() else {
            continue;
        };
        if dense[b] && input.pinned != Some(i) {
            continue;
        }
        if bundled[b] > 0 && starts[i] < from && ends[i] >= to && input.pinned != Some(i) {
            continue;
        }
        let Some(event) = timeline.event(i) else {
            continue;
        };
        let x0 = x_of(starts[i]);
        let (kind, x, x_end, vague) = if event.is_range() {
            (MarkKind::Range, x0, x_of(ends[i]), None)
        } else {
            let x1 = x_of(ends[i]);
            if x1 - x0 >= VAGUE_MIN_PX {
                // A vague date sits in the middle of the span it may be anywhere in.
                let mid = (x0 + x1) / 2.0;
                (MarkKind::Point, mid, mid, Some((x0, x1)))
            } else {
                (MarkKind::Point, x0, x0, None)
            }
        };
        let wants_label = labels_left > 0
            && input
                .label_only
                .is_none_or(|only| only.get(i).copied().unwrap_or(false));
        let (text, text_w) = if wants_label {
            labels_left -= 1;
            let text = label_text(event);
            let w = (input.measure_label)(&text);
            (text, w)
        } else {
            (String::new(), 0.0)
        };
        let start_span_px = match kind {
            MarkKind::Range if event.start.precision() < Precision::Day => {
                let px_per_sec = f64::from(width) / view.span_secs;
                (event.start.precision_span_secs() * px_per_sec) as f32
            }
            _ => 0.0,
        };
        let candidate = label_candidate(
            kind,
            (x, x_end),
            vague,
            start_span_px,
            canvas,
            m.marker_radius,
            (text, text_w, wants_label),
        );
        candidates[b].push(candidate);
        placed_of[b].push(placed.len());
        placed.push(Placed {
            event: i,
            band: b,
            kind,
            x,
            x_end,
            vague,
        });
    }

    // Pass 2: lane heights. Each lane asks for its header row (which labels share where the
    // lane's name and notes leave room), the rows its labels would use, and a strip only when
    // some event waits in it; dense lanes ask for a fixed band (see `share_height`). An era row
    // at the bottom keeps era names clear of the last lane.
    let min_width = m.label_font_size * MIN_LABEL_EMS;
    let rules = |capacity: usize, header: (f32, f32)| labels::Rules {
        canvas_left: canvas.left(),
        canvas_right: canvas.right(),
        gap: m.label_gap,
        min_width,
        capacity,
        header: Some(header),
    };
    let rooms: Vec<HeaderRoom> = shown
        .iter()
        .enumerate()
        .map(|(b, &lane)| {
            let name = timeline.lanes().get(lane).map_or("", |l| l.label.as_str());
            let notes = (!dense[b]).then_some(candidates[b].len() + bundled[b]);
            header_room(input, name, (off_before[b], off_after[b]), notes)
        })
        .collect();
    let mut wanted = Vec::with_capacity(shown.len());
    // Room to label every event at least `min_width` wide: what a lane must get before any lane
    // gets room for whole titles.
    let mut must = Vec::with_capacity(shown.len());
    for (b, lane_candidates) in candidates.iter().enumerate() {
        let strip = dense[b] || bundled[b] > 0;
        let plan = plan_lane(
            lane_candidates,
            rooms[b],
            (usize::MAX, strip),
            &rules,
            input.measure_label,
        );
        let narrow: Vec<labels::Candidate> = lane_candidates
            .iter()
            .map(|c| labels::Candidate {
                // Only the height of this plan is read: no text needed.
                text: String::new(),
                text_w: c.text_w.min(min_width),
                ..*c
            })
            .collect();
        let at_least = plan_lane(&narrow, rooms[b], (usize::MAX, strip), &rules, &|_| 0.0);
        must.push(
            if dense[b] {
                m.lane_header_height + DENSE_LANE_ROWS as f32 * m.row_height + m.strip_height
            } else {
                at_least.height(&m)
            } + m.lane_gap,
        );
        wanted.push(plan);
    }
    let want: Vec<f32> = wanted
        .iter()
        .zip(&must)
        .map(|(plan, &must)| (plan.height(&m) + m.lane_gap).max(must))
        .collect();
    let eras = era_bands(timeline, from, to, canvas, &x_of);
    let era_row_h = if eras.iter().any(|e| e.x1 - e.x0 >= ERA_LABEL_MIN_WIDTH) {
        m.row_height
    } else {
        0.0
    };
    let lanes_top = axis_rect.bottom();
    let lanes_bottom = (canvas.bottom() - era_row_h).max(lanes_top);
    let heights = share_height_in_two_steps(
        &must,
        &want,
        lanes_bottom - lanes_top,
        m.lane_header_height + m.lane_gap,
    );

    // Pass 3: lanes that got less than they wanted place their labels again within the height
    // they have (shortening, wrapping or leaving some in the strip).
    let plans: Vec<LanePlan> = wanted
        .into_iter()
        .enumerate()
        .map(|(b, plan)| {
            let height = heights[b] - m.lane_gap;
            if plan.height(&m) <= height + 0.01 {
                return plan;
            }
            plan_within(
                &candidates[b],
                rooms[b],
                (height, dense[b] || bundled[b] > 0),
                &m,
                &rules,
                input.measure_label,
            )
        })
        .collect();
    let mut lanes = Vec::with_capacity(shown.len());
    let mut top = lanes_top;
    for (b, &lane) in shown.iter().enumerate() {
        lanes.push(LaneBand {
            lane,
            rect: Rect::from_min_max(
                pos2(canvas.left(), top),
                pos2(canvas.right(), top + heights[b] - m.lane_gap),
            ),
            header_height: plans[b].header_height(&m),
            visible_count: visible_count[b],
            hidden_labels: bundled[b],
            spanning: bundled[b],
            dense: dense[b],
            before: off_before[b],
            after: off_after[b],
        });
        top += heights[b];
    }
    let density = density_rows(&lanes, &start_bins, bins, canvas);
    let mut label_of: Vec<Option<labels::Placement>> = vec![None; placed.len()];
    for (b, plan) in plans.into_iter().enumerate() {
        for (&k, p) in placed_of[b].iter().zip(plan.placements) {
            label_of[k] = p;
        }
    }

    // Marks in their rows (row 0: the header row), or in the strip when they have no label.
    let mut marks = Vec::with_capacity(placed.len());
    for (p, label) in placed.into_iter().zip(label_of) {
        let band = &mut lanes[p.band];
        let (y, label) = match label {
            Some(l) => {
                let y = band.rect.top()
                    + if l.row == 0 {
                        band.header_height / 2.0
                    } else {
                        band.header_height + (l.row as f32 - 0.5) * m.row_height
                    };
                (
                    y,
                    Some(LabelPlacement {
                        pos: pos2(l.left, y),
                        max_width: l.width,
                        line_height: m.row_height,
                        lines: l.lines,
                        truncated: l.truncated,
                        text_width: l.text_width,
                    }),
                )
            }
            None => {
                band.hidden_labels += 1;
                (band.rect.bottom() - m.strip_height / 2.0, None)
            }
        };
        marks.push(Mark {
            event: p.event,
            lane: band.lane,
            kind: p.kind,
            x: p.x,
            x_end: p.x_end,
            vague: p.vague,
            y,
            in_strip: label.is_none(),
            label,
        });
    }

    let offscreen = offscreen_hints(&lanes, m, input.measure_axis);
    let era_row = (era_row_h > 0.0)
        .then(|| Rect::from_min_max(pos2(canvas.left(), lanes_bottom), canvas.max));
    let today_x = input.now_secs.filter(|&now| view.contains(now)).map(x_of);

    Scene {
        canvas,
        axis_rect,
        ticks,
        lanes,
        eras,
        era_row,
        marks,
        density,
        offscreen,
        today_x,
        view: Some(view),
    }
}

/// "+5 unlabelled": the note in a lane's header when some of its events wait in the strip.
pub fn unlabelled_note(count: usize) -> String {
    format!("+{} unlabelled", thousands(count))
}

/// 1234567 → "1,234,567".
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The stretch of a lane's header row that labels may share, between its name (after the
/// "◀ 3" hint) and its right end (before the "12 ▶" hint). Whether the lane will show a note
/// ("+5 unlabelled") is only known after placement, so the room is given both ways.
#[derive(Clone, Copy, Debug)]
struct HeaderRoom {
    from: f32,
    to: f32,
    /// `to` with room kept for the note.
    to_noted: f32,
}

/// The header room of a lane named `name` with `(before, after)` events off screen, whose
/// note would count at most `notes` events (`None`: a dense lane, whose header shares nothing).
fn header_room(
    input: &LayoutInput<'_>,
    name: &str,
    (before, after): (usize, usize),
    notes: Option<usize>,
) -> HeaderRoom {
    let (m, canvas) = (&input.metrics, input.canvas);
    let hint = |count: usize| {
        if count > 0 {
            HINT_INSET + hint_width(count, m, input.measure_axis)
        } else {
            0.0
        }
    };
    let name_w = (input.measure_header)(name).min(canvas.width() * NAME_MAX_SHARE);
    let from = canvas.left() + hint(before) + NAME_INSET + name_w + m.label_gap;
    let Some(most) = notes else {
        return HeaderRoom {
            from,
            to: from,
            to_noted: from,
        };
    };
    let right = canvas.right() - hint(after);
    let to = if after > 0 {
        right - m.label_gap
    } else {
        right
    };
    let note_w = (input.measure_axis)(&unlabelled_note(most)).min(canvas.width() * NOTE_MAX_SHARE);
    HeaderRoom {
        from,
        to,
        to_noted: right - NOTE_INSET - note_w - m.label_gap,
    }
}

/// How one lane's labels were placed, and the height that asks for.
struct LanePlan {
    placements: Vec<Option<labels::Placement>>,
    /// Rows used, the header row included.
    rows: usize,
    /// Whether a label shares the header row (which is then a whole label row high).
    header_used: bool,
    /// Whether the lane needs its strip (events without a label, or a density band).
    strip: bool,
}

impl LanePlan {
    fn header_height(&self, m: &Metrics) -> f32 {
        if self.header_used {
            m.lane_header_height.max(m.row_height)
        } else {
            m.lane_header_height
        }
    }

    /// Height of the lane's band (the gap below it not included).
    fn height(&self, m: &Metrics) -> f32 {
        let strip = if self.strip { m.strip_height } else { 0.0 };
        self.header_height(m) + self.rows.saturating_sub(1) as f32 * m.row_height + strip
    }
}

/// Places one lane's labels in at most `capacity` rows; `strip` says the lane has a strip
/// whatever its labels do (a density band, or bundled ranges). The header row keeps room for
/// the lane's note only when some event is sure to go without a label, or turns out to.
fn plan_lane(
    candidates: &[labels::Candidate],
    room: HeaderRoom,
    (capacity, strip): (usize, bool),
    rules: &dyn Fn(usize, (f32, f32)) -> labels::Rules,
    measure: &dyn Fn(&str) -> f32,
) -> LanePlan {
    let surely_noted = strip || !candidates.iter().all(|c| c.wants_label);
    let place = |noted: bool| {
        let to = if noted { room.to_noted } else { room.to };
        labels::place_labels(candidates, rules(capacity, (room.from, to)), measure)
    };
    let (mut placements, mut rows) = place(surely_noted);
    if !surely_noted && placements.iter().any(Option::is_none) {
        (placements, rows) = place(true);
    }
    LanePlan {
        header_used: placements.iter().flatten().any(|p| p.row == 0),
        strip: strip || placements.iter().any(Option::is_none),
        placements,
        rows,
    }
}

/// The plan with the most rows whose lane fits `height` (its strip included, when `strip`).
fn plan_within(
    candidates: &[labels::Candidate],
    room: HeaderRoom,
    (height, strip): (f32, bool),
    m: &Metrics,
    rules: &dyn Fn(usize, (f32, f32)) -> labels::Rules,
    measure: &dyn Fn(&str) -> f32,
) -> LanePlan {
    // (A hair of slack: a lane sized for exactly n rows must hold n.)
    let rows_below = ((height - m.lane_header_height) / m.row_height + 0.01).floor();
    let mut capacity = 1 + rows_below.max(0.0) as usize;
    loop {
        let plan = plan_lane(candidates, room, (capacity, strip), rules, measure);
        if capacity <= 1 || plan.height(m) <= height + 0.01 {
            return plan;
        }
        capacity -= 1;
    }
}

/// Where a mark's label may go, as a candidate for [`labels::place_labels`]: right of the mark
/// and after its precision span (a point's faded span, a range's vague start), flipped left
/// near the right edge when the mark ends in view, and over a span too wide for either.
fn label_candidate(
    kind: MarkKind,
    (x, x_end): (f32, f32),
    vague: Option<(f32, f32)>,
    start_span_px: f32,
    canvas: Rect,
    marker_radius: f32,
    (text, text_w, wants_label): (String, f32, bool),
) -> labels::Candidate {
    let (mark_left, mark_right, label_left, flip_right) = match kind {
        MarkKind::Point => {
            let (left, right) = vague.unwrap_or((x - marker_radius, x + marker_radius));
            let after = right + LABEL_PAD;
            let before = left - LABEL_PAD;
            if after + text_w > canvas.right() && before - text_w < canvas.left() && vague.is_some()
            {
                // The span fills the view: the label goes over it, right of the marker.
                let over = (x + marker_radius).max(canvas.left()) + LABEL_PAD;
                (left, right, over, None)
            } else {
                let flip = (right <= canvas.right()).then_some(before);
                (left, right, after, flip)
            }
        }
        MarkKind::Range => {
            let start = x.max(canvas.left());
            let label_left = (x + start_span_px).max(canvas.left()) + LABEL_PAD;
            let flip = (x_end <= canvas.right()).then_some(x - LABEL_PAD);
            (start, x_end, label_left, flip)
        }
    };
    labels::Candidate {
        mark_left,
        mark_right,
        label_left,
        flip_right,
        text,
        text_w,
        wants_label,
    }
}

/// The era bands that reach into the view, clipped to the canvas.
fn era_bands(
    timeline: &Timeline,
    from: f64,
    to: f64,
    canvas: Rect,
    x_of: &dyn Fn(f64) -> f32,
) -> Vec<EraBand> {
    timeline
        .eras()
        .iter()
        .enumerate()
        .filter_map(|(k, era)| {
            let (s, e) = era.span_secs_in(timeline.display_zone());
            (e >= from && s <= to).then(|| EraBand {
                era: k,
                x0: x_of(s).max(canvas.left()),
                x1: x_of(e).min(canvas.right()),
            })
        })
        .collect()
}

/// Shares `available` height so that, when it can, every lane first gets `must` (room to label
/// all its events, some shortened), and what is left goes towards `want` (whole titles).
/// Without room for every `must`, falls back to [`share_height`] over `must`.
pub fn share_height_in_two_steps(must: &[f32], want: &[f32], available: f32, min: f32) -> Vec<f32> {
    let total_want: f32 = want.iter().sum();
    let total_must: f32 = must.iter().sum();
    if total_want <= available || total_must > available {
        let need = if total_want <= available { want } else { must };
        return share_height(need, available, min);
    }
    let extra: Vec<f32> = must
        .iter()
        .zip(want)
        .map(|(m, w)| (w - m).max(0.0))
        .collect();
    let more = share_height(&extra, available - total_must, 0.0);
    must.iter().zip(more).map(|(m, e)| m + e).collect()
}

/// Shares `available` height between lanes asking for `need` each ("water filling"): modest
/// lanes get all they ask for, the greedy ones share what is left equally, and spare height is
/// spread evenly. No lane gets less than `min` (its header and strip).
///
/// ```text
///  need:   60  80  400  90         available 500
///  gets:   60  80  270  90   (400 capped at what is left after the others)
/// ```
pub fn share_height(need: &[f32], available: f32, min: f32) -> Vec<f32> {
    let n = need.len();
    if n == 0 {
        return Vec::new();
    }
    let total: f32 = need.iter().sum();
    if total <= available {
        let spare = (available - total) / n as f32;
        return need.iter().map(|h| h + spare).collect();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| need[a].total_cmp(&need[b]));
    let mut heights = vec![0.0; n];
    let mut remaining = available;
    for (k, &lane) in order.iter().enumerate() {
        let fair = remaining / (n - k) as f32;
        let h = need[lane].min(fair).max(min);
        heights[lane] = h;
        remaining = (remaining - h).max(0.0);
    }
    heights
}

/// The text of an event's label: its title, with "c. " for circa events.
pub fn label_text(event: &crate::model::Event) -> String {
    if event.circa {
        format!("c. {}", event.title())
    } else {
        event.title().to_owned()
    }
}

/// Number of density bins across a canvas `width` points wide.
fn density_bins(width: f32) -> usize {
    (width / DENSITY_BIN_PX).ceil().max(1.0) as usize
}

/// How many events start in each bin of the view, per shown lane: a flat table of
/// `bands × bins` counts (row `b` is band `b`). `starting` holds the events that start in view,
/// in start order, so each bin's events are one index range found by a binary search at its
/// edge; inside it only the lane column is read. This costs O(bins · log n) plus one lane
/// lookup per event, with no float work per event: at 1,000,000 events in view it is what
/// keeps a fit-all frame inside the 8 ms budget.
///
/// ```text
///  starts   ▮▮  ▮    ▮▮▮▮  ▮        (sorted)
///  bins    |....|....|....|....|
///  edges   0    3    4    8    9    ← one partition point per bin edge
/// ```
fn count_starts(
    input: &LayoutInput<'_>,
    band_of_lane: &[Option<usize>],
    starting: std::ops::Range<usize>,
    bins: usize,
    bands: usize,
) -> Vec<u32> {
    let mut table = vec![0u32; bands * bins];
    let lane_of = input.timeline.lane_of();
    let hidden = input.event_hidden;
    let from = input.view.start_secs;
    let bins_per_sec = bins as f64 / input.view.span_secs;
    // Monotone in the start time, so the events of one bin are contiguous.
    let bin_of = |s: f64| (((s - from) * bins_per_sec) as usize).min(bins - 1);
    let mut lane_counts = vec![0u32; band_of_lane.len()];
    let mut lo = starting.start;
    for bin in 0..bins {
        if lo >= starting.end {
            break;
        }
        let hi = input
            .timeline
            .start_partition(lo..starting.end, |s| bin_of(s) <= bin);
        if let Some(hidden) = hidden {
            for (i, &lane) in (lo..hi).zip(&lane_of[lo..hi]) {
                if hidden.get(i).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(Some(b)) = band_of_lane.get(lane as usize) {
                    table[b * bins + bin] += 1;
                }
            }
        } else {
            // Nothing hidden: per-lane counts come from the timeline's block table (ten
            // million events in view read a few hundred thousand lanes, not ten million).
            lane_counts.fill(0);
            input.timeline.count_lanes(lo..hi, &mut lane_counts);
            for (lane, &n) in lane_counts.iter().enumerate() {
                if let Some(Some(b)) = band_of_lane.get(lane) {
                    table[b * bins + bin] += n;
                }
            }
        }
        lo = hi;
    }
    table
}

/// Per dense lane, how many events start in each bin of the view (rows of `start_bins`).
///
/// ```text
///  view  |....|....|....|....|   bins of DENSITY_BIN_PX
///  starts  ▮▮   ▮    ▮▮▮▮  ▮      → counts 2 1 4 1
/// ```
fn density_rows(
    lanes: &[LaneBand],
    start_bins: &[u32],
    bins: usize,
    canvas: Rect,
) -> Vec<DensityRow> {
    let width = canvas.width().max(1.0);
    lanes
        .iter()
        .zip(start_bins.chunks_exact(bins))
        .filter(|(l, _)| l.dense)
        .map(|(l, row)| DensityRow {
            lane: l.lane,
            x0: canvas.left(),
            bin_width: width / bins as f32,
            max_count: row.iter().copied().max().unwrap_or(0),
            counts: row.to_vec(),
        })
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod share_tests {
    use super::*;

    #[test]
    fn modest_lanes_get_what_they_need_and_greedy_ones_share_the_rest() {
        assert_eq!(
            share_height(&[60.0, 80.0, 400.0, 90.0], 500.0, 32.0),
            [60.0, 80.0, 270.0, 90.0]
        );
        assert_eq!(share_height(&[60.0, 60.0], 200.0, 32.0), [100.0, 100.0]);
        let squeezed = share_height(&[300.0, 300.0, 300.0], 300.0, 32.0);
        assert_eq!(squeezed, [100.0, 100.0, 100.0]);
        assert_eq!(share_height(&[100.0; 4], 10.0, 32.0), [32.0; 4]);
        assert!(share_height(&[], 100.0, 32.0).is_empty());
    }
}
