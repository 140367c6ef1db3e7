//! Time-axis ticks: owns choosing a calendar step for a view, placing ticks on true calendar
//! boundaries (proleptic Gregorian, astronomical years) and formatting their labels. Pure: no
//! drawing, no fonts (the caller passes `measure`), no clock.
//!
//! Two rows. Every label is LEFT-aligned: it starts at `tick.x + LABEL_PAD_PX`.
//!
//! ```text
//!   x = 0                                                       x = width
//!   |                                                               |
//!   |    |Sep      |Oct      |Nov      |Dec      |Jan      |Feb     |   fine   (one unit)
//!  |2012 (coarse[0], x <= 0: caller pins it at x = 0) |2013         |   coarse (one level up)
//! ```
//!
//! Time is f64 seconds since 1970-01-01T00:00:00 UTC on the proleptic Gregorian calendar with
//! astronomical year numbering (year 0 = 1 BCE). Boundaries are computed in i64 seconds and only
//! the final screen position uses `x = (secs - view_start) / span * width`.
//!
//! Ticks follow the display zone's clock ([`DisplayZone`]): boundaries are walked on its wall
//! clock (local midnights, local hours) and each is placed at the instant(s) the clock reads
//! it. Across a spring-forward night the skipped hour has no tick (the day has 23 hours); across
//! a fall-back night the repeated hour is ticked twice, both times labelled as the clock reads.
//! A day, month or year boundary the clock skips (a zone that springs forward at midnight)
//! is placed at the first instant of that day.
//!
//! ```text
//!   spring forward, America/New_York, 10 Mar 2024       fall back, 3 Nov 2024
//!   |00:00 |01:00 |03:00 |04:00                         |00:00 |01:00 |01:00 |02:00
//!    EST    EST    EDT    EDT                            EDT    EDT    EST    EST
//! ```
//!
//! Guarantees (for any input, including NaN/inf):
//! - fine ticks are sorted, lie inside the (clamped) view and sit on boundaries of `fine_unit`
//!   every `fine_step` units;
//! - neighbouring fine labels keep `MIN_LABEL_GAP_PX` between them, measured with `measure`
//!   (`next.x - tick.x >= measure(tick.label) + MIN_LABEL_GAP_PX`); the same holds for
//!   `coarse[1..]`, while `coarse[0]` is the context tick at or before the view start;
//! - each row has at most `width_px / MIN_LABEL_GAP_PX` (and at most `MAX_TICKS`) ticks;
//! - work is proportional to that bound: the first boundary is found arithmetically.
//!
//! BCE years are labelled `"{1 - year} BCE"` (astronomical -43 is "44 BCE", year 0 is "1 BCE").
//! Year steps are round in the *displayed* numbering, which has no year 0: a 500-year axis reads
//! "1000 BCE, 500 BCE, 1 CE, 500, 1000". BCE ticks sit on multiples of the step counted back
//! from 1 BCE (astronomical `1 - k·step`), CE ticks on multiples counted from 1 CE, and the era
//! change itself is marked "1 CE". Its interval to the first CE multiple is one year short of
//! a step; when "1 CE" and that tick would touch, the CE multiple gives way.
//!
//! ```text
//!   |1000 BCE    |500 BCE     |1 CE        |500         |1000
//!   astro -999   astro -499   astro 1      astro 500    astro 1000
//! ```

use crate::model::date::{MONTH_ABBR, year_label};
use crate::model::zone::{DisplayZone, WallInstants};
use chrono::{Datelike, NaiveDate};

/// Smallest horizontal space between the end of one label and the start of the next. 12 px is
/// about two average glyphs at UI sizes: enough for the eye to split "09:00" from "10:00".
pub const MIN_LABEL_GAP_PX: f32 = 12.0;

/// Offset of a label's left edge from its tick line, so text does not touch the line. Smaller
/// than `MIN_LABEL_GAP_PX`, so a label never crosses the next tick line either.
pub const LABEL_PAD_PX: f32 = 3.0;

/// Hard cap on ticks per row whatever `width_px` is, so absurd widths (an off-screen export,
/// a bogus value) cannot make the generator allocate or loop without bound. 4096 ticks at the
/// minimum gap is a 49k-px-wide axis, far beyond any screen.
pub const MAX_TICKS: usize = 4096;

/// First supported year (astronomical). Views are clamped to `[MIN_SECS, MAX_SECS]`. Kept
/// ~12,000 years inside chrono's own limit (±262,143) so every boundary just outside the view,
/// which the generator looks at, still has a date.
pub const MIN_YEAR: i32 = -250_000;
/// Last supported year: the axis ends at 1 Jan of this year.
pub const MAX_YEAR: i32 = 250_000;
/// 1 Jan `MIN_YEAR` 00:00 UTC in seconds since the Unix epoch (checked against chrono in tests).
pub const MIN_SECS: f64 = -7_951_405_219_200.0;
/// 1 Jan `MAX_YEAR` 00:00 UTC in seconds since the Unix epoch (checked against chrono in tests).
pub const MAX_SECS: f64 = 7_827_070_780_800.0;

const SECS_PER_MINUTE: i64 = 60;
const SECS_PER_HOUR: i64 = 3_600;
const SECS_PER_DAY: i64 = 86_400;
const SECS_PER_WEEK: i64 = 7 * SECS_PER_DAY;
/// chrono's day number (1 = 0001-01-01) of 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;
/// 1 Jan 1 CE 00:00 UTC, where the displayed year numbering turns (checked against chrono).
const CE_START_SECS: f64 = -62_135_596_800.0;
/// Weeks start on Monday (ISO 8601); 1969-12-29, three days before the epoch, was a Monday.
const WEEK_ORIGIN_SECS: i64 = -3 * SECS_PER_DAY;

/// One tick: its instant, its screen position and its label (left-aligned at
/// `x + LABEL_PAD_PX`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub secs: f64,
    pub x: f32,
    pub label: String,
}

/// Calendar unit of a tick step; the step multiple lives next to it (`AxisTicks::fine_step`),
/// e.g. (`Minute`, 15) or (`Millennium`, 5) = every 5,000 years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TickUnit {
    Millennium,
    Century,
    Decade,
    Year,
    Month,
    /// ISO week: Monday 00:00.
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

impl TickUnit {
    /// Length in years of the year-based units.
    fn years(self) -> Option<i64> {
        match self {
            TickUnit::Millennium => Some(1000),
            TickUnit::Century => Some(100),
            TickUnit::Decade => Some(10),
            TickUnit::Year => Some(1),
            _ => None,
        }
    }

    /// Unit of the coarse (context) row above a fine row of this unit. Year-based fine labels
    /// already carry the full year, so they get no coarse row.
    fn coarse(self) -> Option<TickUnit> {
        match self {
            TickUnit::Second => Some(TickUnit::Minute),
            TickUnit::Minute | TickUnit::Hour => Some(TickUnit::Day),
            TickUnit::Day | TickUnit::Week => Some(TickUnit::Month),
            TickUnit::Month => Some(TickUnit::Year),
            _ => None,
        }
    }
}

/// Candidate steps, finest first. The first one whose labels fit is chosen. Neighbours differ
/// by a factor of 2 to 4, so the label density never jumps much while zooming. Day 2 ticks
/// restart on the 1st of every month (1, 3, 5, ... 29), so gaps are 2 or 3 days, never 1.
pub const LADDER: [(TickUnit, i64); 34] = [
    (TickUnit::Second, 1),
    (TickUnit::Second, 5),
    (TickUnit::Second, 15),
    (TickUnit::Second, 30),
    (TickUnit::Minute, 1),
    (TickUnit::Minute, 5),
    (TickUnit::Minute, 15),
    (TickUnit::Minute, 30),
    (TickUnit::Hour, 1),
    (TickUnit::Hour, 3),
    (TickUnit::Hour, 6),
    (TickUnit::Hour, 12),
    (TickUnit::Day, 1),
    (TickUnit::Day, 2),
    (TickUnit::Week, 1),
    (TickUnit::Month, 1),
    (TickUnit::Month, 3),
    (TickUnit::Month, 6),
    (TickUnit::Year, 1),
    (TickUnit::Year, 2),
    (TickUnit::Year, 5),
    (TickUnit::Decade, 1),
    (TickUnit::Decade, 2),
    (TickUnit::Decade, 5),
    (TickUnit::Century, 1),
    (TickUnit::Century, 2),
    (TickUnit::Century, 5),
    (TickUnit::Millennium, 1),
    (TickUnit::Millennium, 2),
    (TickUnit::Millennium, 5),
    (TickUnit::Millennium, 10),
    (TickUnit::Millennium, 20),
    (TickUnit::Millennium, 50),
    (TickUnit::Millennium, 100),
];

/// Both tick rows of an axis. `fine_step == 0` means no step fitted (empty result). A chosen
/// step can still have no fine tick in the view (a 0.4 s view between two whole seconds); the
/// coarse row then still gives the context.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisTicks {
    /// Ticks every `fine_step` `fine_unit`s inside the view, sorted by time.
    pub fine: Vec<Tick>,
    /// One level up: `coarse[0]` is the last boundary at or before the (clamped) view start
    /// (x <= 0, for a label the caller pins to the left edge), the rest are inside the view.
    /// Empty over year-based fine units, whose labels already carry the whole year.
    pub coarse: Vec<Tick>,
    pub fine_unit: TickUnit,
    pub fine_step: i64,
    /// The display zone as the axis names it ("UTC", "America/Mexico_City (UTC−06:00)"),
    /// right-aligned in the coarse row, when the zone matters to what the axis reads: times of
    /// day, or days in a zone other than UTC.
    pub zone_label: Option<String>,
}

impl Default for AxisTicks {
    fn default() -> Self {
        AxisTicks::empty()
    }
}

impl AxisTicks {
    fn empty() -> AxisTicks {
        AxisTicks {
            fine: Vec::new(),
            coarse: Vec::new(),
            fine_unit: TickUnit::Second,
            fine_step: 0,
            zone_label: None,
        }
    }

    /// True when no step fitted (bad input, view outside the supported range, or too narrow).
    pub fn is_empty(&self) -> bool {
        self.fine_step == 0
    }
}

/// Ticks for the view `[view_start_secs, view_start_secs + view_span_secs]` drawn over
/// `width_px` pixels, on `zone`'s clock. `measure(label)` returns a label's width in px in the
/// caller's font.
///
/// Picks the finest step in `LADDER` whose widest label plus `MIN_LABEL_GAP_PX` fits between
/// its closest possible ticks, so the choice depends on the zoom, not on where the view is
/// panned to. Returns `AxisTicks::is_empty()` for NaN/infinite/non-positive span or width.
pub fn axis_ticks(
    view_start_secs: f64,
    view_span_secs: f64,
    width_px: f32,
    measure: &dyn Fn(&str) -> f32,
    zone: &DisplayZone,
) -> AxisTicks {
    let (start, span, width) = (view_start_secs, view_span_secs, f64::from(width_px));
    if !start.is_finite() || !span.is_finite() || !width.is_finite() || span <= 0.0 || width <= 0.0
    {
        return AxisTicks::empty();
    }
    let lo = start.max(MIN_SECS);
    let hi = (start + span).min(MAX_SECS);
    if lo > hi {
        return AxisTicks::empty();
    }
    // `as usize` saturates, and `width / gap` is finite and positive here.
    let max_ticks = ((width_px / MIN_LABEL_GAP_PX).floor() as usize).min(MAX_TICKS);
    if max_ticks == 0 {
        return AxisTicks::empty();
    }
    // A caller's odd measure (NaN, negative) must not break the spacing arithmetic.
    let measure = |label: &str| {
        let w = measure(label);
        if w.is_finite() { w.max(0.0) } else { 0.0 }
    };
    let view = View::new(start, span, width, lo, hi, zone);
    let px_per_sec = width / span;
    let gap = f64::from(MIN_LABEL_GAP_PX);
    let mut widest_cache: [Option<f64>; LabelKind::COUNT] = [None; LabelKind::COUNT];

    for &(unit, step) in &LADDER {
        let min_interval = min_interval_secs(unit, step) as f64;
        // Upper bound on the boundaries in [lo, hi]: rejects too-fine steps without looping.
        if ((hi - lo) / min_interval).floor() + 1.0 > max_ticks as f64 {
            continue;
        }
        let min_px = min_interval * px_per_sec;
        if min_px < gap {
            continue;
        }
        let kind = LabelKind::of(unit);
        let widest = *widest_cache[kind as usize]
            .get_or_insert_with(|| widest_sample(kind, &view, &measure));
        if min_px < widest + gap {
            continue;
        }
        let Some(mut fine) = row(unit, step, &view, max_ticks, fine_label) else {
            continue;
        };
        make_room_for_era_change(&mut fine, &measure);
        // Belt and braces: the real labels at their f32 positions must fit too.
        let fits = fine
            .windows(2)
            .all(|p| p[1].x - p[0].x >= measure(&p[0].label) + MIN_LABEL_GAP_PX);
        if !fits {
            continue;
        }
        let zone_label = shows_zone(unit, zone).then(|| {
            let centre = (lo + (hi - lo) / 2.0).floor() as i64;
            zone.label_at(centre)
        });
        let mut coarse = coarse_row(unit, &view, max_ticks, &measure);
        if let Some(label) = &zone_label {
            make_room_for_zone_label(
                &mut coarse,
                width_px - measure(label.as_str()),
                width_px,
                &measure,
            );
        }
        return AxisTicks {
            fine,
            coarse,
            fine_unit: unit,
            fine_step: step,
            zone_label,
        };
    }
    AxisTicks::empty()
}

/// The caller's view plus its clamp to the supported range, and the wall-clock range the zone
/// reads over it.
struct View<'z> {
    start: f64,
    span: f64,
    width: f64,
    /// Clamped view: ticks are generated in `[lo, hi]`.
    lo: f64,
    hi: f64,
    zone: &'z DisplayZone,
    /// Every wall-clock time the zone reads in `[lo, hi]` lies in `[wall_lo, wall_hi]`.
    wall_lo: i64,
    wall_hi: i64,
}

impl<'z> View<'z> {
    fn new(start: f64, span: f64, width: f64, lo: f64, hi: f64, zone: &'z DisplayZone) -> Self {
        let (lo_s, hi_s) = (lo.floor() as i64, hi.ceil() as i64);
        let (off_lo, off_hi) = (zone.offset_secs_at(lo_s), zone.offset_secs_at(hi_s));
        // Within a week the offset changes at most once, so the clock's readings lie between
        // those at the two ends. A longer view may hold several changes: a day of margin covers
        // any (offsets differ by at most a day), and costs a few boundaries of a coarse step.
        let margin = if zone.is_fixed() || hi - lo <= SECS_PER_WEEK as f64 {
            0
        } else {
            SECS_PER_DAY
        };
        View {
            start,
            span,
            width,
            lo,
            hi,
            zone,
            wall_lo: lo_s + i64::from(off_lo.min(off_hi)) - margin,
            wall_hi: hi_s + i64::from(off_lo.max(off_hi)) + margin,
        }
    }

    /// The instants at which the clock reads the boundary `wall`: for a time-of-day unit none
    /// in a skipped hour and both in a repeated one; for days and longer always one (the first
    /// reading, or the first instant of a day whose start is skipped).
    fn instants(&self, wall: i64, time_of_day: bool) -> ([i64; 2], usize) {
        match (self.zone.instants_of_wall(wall), time_of_day) {
            (WallInstants::One(t) | WallInstants::Two(t, _), false)
            | (WallInstants::One(t), true)
            | (WallInstants::Skipped { shifted: t }, false) => ([t, t], 1),
            (WallInstants::Two(a, b), true) => ([a, b], 2),
            (WallInstants::Skipped { .. }, true) => ([0, 0], 0),
        }
    }

    fn x(&self, secs: i64) -> f32 {
        let x = (secs as f64 - self.start) / self.span * self.width;
        // Keep the far-off coarse[0] of a microscopic span finite.
        x.clamp(-f64::from(f32::MAX), f64::from(f32::MAX)) as f32
    }
}

/// Ticks of (`unit`, `step`) in `[view.lo, view.hi]`, or `None` if there are more than `limit`.
/// Boundaries are walked on the zone's clock; labels read the clock.
fn row(
    unit: TickUnit,
    step: i64,
    view: &View,
    limit: usize,
    label: fn(TickUnit, i64) -> Option<String>,
) -> Option<Vec<Tick>> {
    let mut cursor = Cursor::floor(unit, step, view.wall_lo)?;
    if cursor.secs().is_none_or(|s| s < view.wall_lo) {
        cursor.advance()?;
    }
    let time_of_day = matches!(unit, TickUnit::Hour | TickUnit::Minute | TickUnit::Second);
    let mut ticks = Vec::new();
    while let Some(wall) = cursor.secs() {
        if wall > view.wall_hi {
            break;
        }
        let (instants, n) = view.instants(wall, time_of_day);
        for &secs in &instants[..n] {
            if (secs as f64) < view.lo || secs as f64 > view.hi {
                continue;
            }
            if ticks.len() == limit {
                return None;
            }
            if let Some(label) = label(unit, wall) {
                ticks.push(Tick {
                    secs: secs as f64,
                    x: view.x(secs),
                    label,
                });
            }
        }
        if cursor.advance().is_none() {
            break;
        }
    }
    // A repeated hour's second readings come after the next boundary's first: put them in
    // time order.
    if !view.zone.is_fixed() {
        ticks.sort_by(|a, b| a.secs.total_cmp(&b.secs));
    }
    Some(ticks)
}

/// The context row: the coarse boundary at or before the view start, then the ones inside the
/// view whose labels do not run into the previous kept label (`coarse[0]` is exempt: the
/// caller pins it, and typically slides it out when `coarse[1]` reaches it).
fn coarse_row(
    fine_unit: TickUnit,
    view: &View,
    limit: usize,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<Tick> {
    let Some(unit) = fine_unit.coarse() else {
        return Vec::new();
    };
    let Some(mut cursor) = Cursor::floor(unit, 1, view.wall_lo) else {
        return Vec::new();
    };
    let mut ticks: Vec<Tick> = Vec::new();
    let mut free_from = f32::NEG_INFINITY;
    // The coarse unit is never finer than the fine step, so the fine bound covers it; the
    // iteration cap is only a guard (the few more are the wall-clock margin's boundaries).
    for _ in 0..=limit.saturating_mul(2).saturating_add(4) {
        let Some(wall) = cursor.secs() else { break };
        let secs = view.instants(wall, false).0[0];
        if secs as f64 > view.hi || ticks.len() >= limit {
            break;
        }
        if let Some(label) = coarse_label(unit, wall) {
            let x = view.x(secs);
            if secs as f64 <= view.lo && ticks.len() <= 1 {
                // Still at or before the view start: the context tick so far.
                ticks.clear();
            }
            if ticks.is_empty() || x >= free_from {
                if !ticks.is_empty() {
                    free_from = x + measure(&label) + MIN_LABEL_GAP_PX;
                }
                ticks.push(Tick {
                    secs: secs as f64,
                    x,
                    label,
                });
            }
        }
        if cursor.advance().is_none() {
            break;
        }
    }
    ticks
}

/// Shortest possible distance between two neighbouring boundaries of (`unit`, `step`).
fn min_interval_secs(unit: TickUnit, step: i64) -> i64 {
    let step = step.max(1);
    let days = |d: i64| d.saturating_mul(SECS_PER_DAY);
    match unit {
        TickUnit::Second => step,
        TickUnit::Minute => step * SECS_PER_MINUTE,
        TickUnit::Hour => step * SECS_PER_HOUR,
        TickUnit::Day => days(step),
        TickUnit::Week => step.saturating_mul(SECS_PER_WEEK),
        // Month ticks sit on months that are multiples of the step (Jan/Apr/Jul/Oct for 3):
        // Feb is the shortest month, Jan-Mar the shortest quarter, Jan-Jun the shortest half.
        TickUnit::Month => match step {
            1 => days(28),
            3 => days(90),
            6 => days(181),
            _ => days(28 * step),
        },
        _ => days(
            365_i64
                .saturating_mul(unit.years().unwrap_or(1))
                .saturating_mul(step),
        ),
    }
}

/// Labels that share a width estimate.
#[derive(Clone, Copy)]
enum LabelKind {
    Year,
    Month,
    Week,
    Day,
    HourMinute,
    Second,
}

impl LabelKind {
    const COUNT: usize = 6;

    fn of(unit: TickUnit) -> LabelKind {
        match unit {
            TickUnit::Millennium | TickUnit::Century | TickUnit::Decade | TickUnit::Year => {
                LabelKind::Year
            }
            TickUnit::Month => LabelKind::Month,
            TickUnit::Week => LabelKind::Week,
            TickUnit::Day => LabelKind::Day,
            TickUnit::Hour | TickUnit::Minute => LabelKind::HourMinute,
            TickUnit::Second => LabelKind::Second,
        }
    }
}

/// Widest label of a kind, over samples that do not depend on the pan position (except year
/// labels, whose width follows the number of digits at the two ends of the view).
fn widest_sample(kind: LabelKind, view: &View, measure: &dyn Fn(&str) -> f32) -> f64 {
    let samples: Vec<String> = match kind {
        LabelKind::Year => [view.wall_lo, view.wall_hi]
            .iter()
            .filter_map(|&t| civil(t))
            .map(|c| axis_year_label(c.date.year()))
            .chain(
                (view.wall_lo as f64..=view.wall_hi as f64)
                    .contains(&CE_START_SECS)
                    .then(|| axis_year_label(1)),
            )
            .collect(),
        LabelKind::Month => MONTH_ABBR.iter().map(|m| (*m).to_string()).collect(),
        LabelKind::Week => MONTH_ABBR.iter().map(|m| format!("30 {m}")).collect(),
        LabelKind::Day => (1..=31).map(|d: u32| d.to_string()).collect(),
        LabelKind::HourMinute => ["00:00", "08:08", "18:48", "23:59"]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
        LabelKind::Second => ["00:00:00", "08:08:08", "18:48:48", "23:59:59"]
            .iter()
            .map(|s| (*s).to_string())
            .collect(),
    };
    samples
        .iter()
        .map(|s| f64::from(measure(s)))
        .fold(0.0, f64::max)
}

/// Walks the boundaries of one (unit, step) in time order.
#[derive(Debug, Clone, Copy)]
enum Cursor {
    /// Equally spaced instants (seconds to days, weeks).
    Fixed { secs: i64, period: i64 },
    /// Every `step` days restarting on the 1st: days `1 + k * step` that leave at least a full
    /// step before the next month's 1st.
    MonthDay { day: i64, step: i64 },
    /// 1st of every `step`-th month, months `0, step, 2 * step, ...` (0-based).
    Month { year: i64, month0: i64, step: i64 },
    /// 1 Jan of years round in the displayed numbering: `shown` is the signed displayed year
    /// (-500 = 500 BCE, 1 = 1 CE, never 0), a multiple of `step`, or 1 (the era change).
    Year { shown: i64, step: i64 },
}

impl Cursor {
    /// The last boundary at or before `t` (integer seconds). The returned state may lie
    /// outside chrono's range (`secs()` is then `None`); `advance` still works on it.
    fn floor(unit: TickUnit, step: i64, t: i64) -> Option<Cursor> {
        if step <= 0 {
            return None;
        }
        let fixed = |period: i64, origin: i64| {
            let period = period.checked_mul(step)?;
            let n = t.checked_sub(origin)?.div_euclid(period);
            Some(Cursor::Fixed {
                secs: n.checked_mul(period)?.checked_add(origin)?,
                period,
            })
        };
        match unit {
            TickUnit::Second => fixed(1, 0),
            TickUnit::Minute => fixed(SECS_PER_MINUTE, 0),
            TickUnit::Hour => fixed(SECS_PER_HOUR, 0),
            TickUnit::Day if step == 1 => fixed(SECS_PER_DAY, 0),
            TickUnit::Week => fixed(SECS_PER_WEEK, WEEK_ORIGIN_SECS),
            TickUnit::Day => {
                let mut day = t.div_euclid(SECS_PER_DAY);
                for _ in 0..=31 {
                    if is_month_day_tick(day, step)? {
                        return Some(Cursor::MonthDay { day, step });
                    }
                    day -= 1;
                }
                None
            }
            TickUnit::Month => {
                let date = civil(t)?.date;
                let month0 = i64::from(date.month0());
                Some(Cursor::Month {
                    year: i64::from(date.year()),
                    month0: month0 - month0 % step,
                    step,
                })
            }
            TickUnit::Millennium | TickUnit::Century | TickUnit::Decade | TickUnit::Year => {
                let step = unit.years()?.checked_mul(step)?;
                let year = i64::from(civil(t)?.date.year());
                Some(Cursor::Year {
                    shown: floor_shown_year(shown_year(year), step),
                    step,
                })
            }
        }
    }

    /// Seconds of the current boundary, `None` outside chrono's calendar.
    fn secs(&self) -> Option<i64> {
        match *self {
            Cursor::Fixed { secs, .. } => Some(secs),
            Cursor::MonthDay { day, .. } => day.checked_mul(SECS_PER_DAY),
            Cursor::Month { year, month0, .. } => {
                let month = u32::try_from(month0 + 1).ok()?;
                date_secs(NaiveDate::from_ymd_opt(
                    i32::try_from(year).ok()?,
                    month,
                    1,
                )?)
            }
            Cursor::Year { shown, .. } => {
                let year = astronomical_year(shown);
                date_secs(NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, 1, 1)?)
            }
        }
    }

    /// Moves to the next boundary; `None` on overflow or leaving the calendar.
    fn advance(&mut self) -> Option<()> {
        match self {
            Cursor::Fixed { secs, period } => *secs = secs.checked_add(*period)?,
            Cursor::MonthDay { day, step } => {
                // At most step + 1 days on: a month always has a tick within that reach.
                let mut next = *day;
                for _ in 0..=31 {
                    next += 1;
                    if is_month_day_tick(next, *step)? {
                        *day = next;
                        return Some(());
                    }
                }
                return None;
            }
            Cursor::Month { year, month0, step } => {
                *month0 += *step;
                while *month0 >= 12 {
                    *month0 -= 12;
                    *year = year.checked_add(1)?;
                }
            }
            Cursor::Year { shown, step } => {
                *shown = match shown.checked_add(*step)? {
                    // From the last BCE tick to the era change; from there to the first step.
                    0 => 1,
                    _ if *shown == 1 && *step > 1 => *step,
                    next => next,
                };
            }
        }
        Some(())
    }
}

/// Signed displayed year of an astronomical one: 1985 → 1985, 0 → -1 (1 BCE), -499 → -500.
fn shown_year(astronomical: i64) -> i64 {
    if astronomical <= 0 {
        astronomical - 1
    } else {
        astronomical
    }
}

/// Inverse of [`shown_year`].
fn astronomical_year(shown: i64) -> i64 {
    if shown < 0 { shown + 1 } else { shown }
}

/// The last year tick at or before the displayed year `shown` (never 0): a multiple of `step`,
/// or 1 CE for the years before the first CE multiple.
fn floor_shown_year(shown: i64, step: i64) -> i64 {
    if shown >= 1 && shown < step {
        1
    } else {
        shown.div_euclid(step) * step
    }
}

/// Year labels on the axis: as everywhere ("500 BCE", "1985"), except that the era change reads
/// "1 CE" so the room sees where the numbering turns.
fn axis_year_label(year: i32) -> String {
    if year == 1 {
        "1 CE".to_owned()
    } else {
        year_label(year)
    }
}

/// Over a year row crossing the era change, "1 CE" sits one year less than a step before the
/// first CE multiple ("1 CE" … "500"); if the two labels would touch, the multiple gives way so
/// the era change stays marked.
fn make_room_for_era_change(fine: &mut Vec<Tick>, measure: &dyn Fn(&str) -> f32) {
    let Some(k) = fine.iter().position(|t| t.label == "1 CE") else {
        return;
    };
    if let Some(next) = fine.get(k + 1)
        && next.x - fine[k].x < measure(&fine[k].label) + MIN_LABEL_GAP_PX
    {
        fine.remove(k + 1);
    }
}

/// Whether the axis names its zone over a fine row of `unit`: always over times of day, and over
/// days and weeks when the zone is not UTC (their ticks are that zone's midnights).
fn shows_zone(unit: TickUnit, zone: &DisplayZone) -> bool {
    match unit {
        TickUnit::Hour | TickUnit::Minute | TickUnit::Second => true,
        TickUnit::Day | TickUnit::Week => !zone.is_utc(),
        _ => false,
    }
}

/// Coarse labels (after the pinned `coarse[0]`) that would show under the zone label, which
/// runs from `zone_left_x` to the right edge `width_px`, give way to it. One that starts at the
/// right edge shows nothing and stays.
fn make_room_for_zone_label(
    coarse: &mut Vec<Tick>,
    zone_left_x: f32,
    width_px: f32,
    measure: &dyn Fn(&str) -> f32,
) {
    let mut k = 0;
    coarse.retain(|t| {
        k += 1;
        let start = t.x + LABEL_PAD_PX;
        k == 1 || start >= width_px || start + measure(&t.label) + MIN_LABEL_GAP_PX <= zone_left_x
    });
}

/// Is day number `day` (days since the epoch) a tick of the every-`step`-days row?
fn is_month_day_tick(day: i64, step: i64) -> Option<bool> {
    let date = date_from_days(day)?;
    let dom = i64::from(date.day());
    let month_len = i64::from(days_in_month(date.year(), date.month())?);
    Some((dom - 1) % step == 0 && dom + step - 1 <= month_len)
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

fn date_from_days(days: i64) -> Option<NaiveDate> {
    let ce = i32::try_from(days.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?).ok()?;
    NaiveDate::from_num_days_from_ce_opt(ce)
}

fn date_secs(date: NaiveDate) -> Option<i64> {
    (i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE).checked_mul(SECS_PER_DAY)
}

/// Calendar date and time of day of an instant in whole seconds.
struct Civil {
    date: NaiveDate,
    hour: i64,
    minute: i64,
    second: i64,
}

fn civil(secs: i64) -> Option<Civil> {
    let of_day = secs.rem_euclid(SECS_PER_DAY);
    Some(Civil {
        date: date_from_days(secs.div_euclid(SECS_PER_DAY))?,
        hour: of_day / SECS_PER_HOUR,
        minute: of_day / SECS_PER_MINUTE % 60,
        second: of_day % 60,
    })
}

fn month_abbr(date: NaiveDate) -> &'static str {
    MONTH_ABBR
        .get(date.month0() as usize)
        .copied()
        .unwrap_or("")
}

/// Fine labels: "1985" / "Feb" / "7 Feb" (week) / "7" / "09:00" / "09:30" / "09:30:15".
fn fine_label(unit: TickUnit, secs: i64) -> Option<String> {
    let c = civil(secs)?;
    Some(match unit {
        TickUnit::Millennium | TickUnit::Century | TickUnit::Decade | TickUnit::Year => {
            axis_year_label(c.date.year())
        }
        TickUnit::Month => month_abbr(c.date).to_string(),
        TickUnit::Week => format!("{} {}", c.date.day(), month_abbr(c.date)),
        TickUnit::Day => c.date.day().to_string(),
        TickUnit::Hour | TickUnit::Minute => format!("{:02}:{:02}", c.hour, c.minute),
        TickUnit::Second => format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
    })
}

/// Coarse labels: "7 Feb 1985 09:30" (minute) / "7 Feb 1985" (day) / "Feb 1985" / "1985".
fn coarse_label(unit: TickUnit, secs: i64) -> Option<String> {
    let c = civil(secs)?;
    let (day, month, year) = (
        c.date.day(),
        month_abbr(c.date),
        axis_year_label(c.date.year()),
    );
    match unit {
        TickUnit::Minute => Some(format!(
            "{day} {month} {year} {:02}:{:02}",
            c.hour, c.minute
        )),
        TickUnit::Day => Some(format!("{day} {month} {year}")),
        TickUnit::Month => Some(format!("{month} {year}")),
        TickUnit::Year => Some(year),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDateTime, TimeDelta, Timelike, Weekday};

    /// Fixed-width test font.
    const CHAR_W: f32 = 7.0;

    /// Ticks on the UTC clock, as most tests want them.
    fn axis_ticks(start: f64, span: f64, width: f32, measure: &dyn Fn(&str) -> f32) -> AxisTicks {
        super::axis_ticks(start, span, width, measure, &DisplayZone::Utc)
    }

    fn mono(s: &str) -> f32 {
        s.chars().count() as f32 * CHAR_W
    }

    /// A rough proportional font: digits narrow, capitals wide.
    fn proportional(s: &str) -> f32 {
        s.chars()
            .map(|c| match c {
                '0'..='9' => 6.5,
                'A'..='Z' => 9.0,
                ' ' | ':' => 3.0,
                _ => 6.0,
            })
            .sum()
    }

    fn epoch() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("epoch")
    }

    /// Seconds of a civil time, computed by chrono (independently of the code under test).
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> f64 {
        let t = NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, s))
            .expect("valid civil time");
        t.signed_duration_since(epoch()).num_seconds() as f64
    }

    fn ymd(y: i32, mo: u32, d: u32) -> f64 {
        at(y, mo, d, 0, 0, 0)
    }

    /// Civil time of whole seconds, via chrono's own arithmetic.
    fn civil_of(secs: f64) -> NaiveDateTime {
        assert_eq!(secs.fract(), 0.0, "tick {secs} is not on a whole second");
        epoch()
            .checked_add_signed(TimeDelta::try_seconds(secs as i64).expect("delta"))
            .expect("in chrono range")
    }

    fn month_len(t: NaiveDateTime) -> u32 {
        (28..=31)
            .rev()
            .find(|&d| NaiveDate::from_ymd_opt(t.year(), t.month(), d).is_some())
            .expect("month length")
    }

    fn yl(y: i32) -> String {
        if y == 1 {
            "1 CE".to_string()
        } else if y > 0 {
            y.to_string()
        } else {
            format!("{} BCE", 1 - y)
        }
    }

    fn labels(ticks: &[Tick]) -> Vec<&str> {
        ticks.iter().map(|t| t.label.as_str()).collect()
    }

    /// Is `secs` a boundary of (unit, step)? Checked through chrono only.
    fn on_boundary(unit: TickUnit, step: i64, secs: f64) -> bool {
        let t = civil_of(secs);
        let k = step as u32;
        let midnight = t.hour() == 0 && t.minute() == 0 && t.second() == 0;
        // Round in the displayed numbering (no year 0), or the era change itself.
        let shown = if t.year() <= 0 {
            i64::from(t.year()) - 1
        } else {
            i64::from(t.year())
        };
        let years =
            |n: i64| midnight && t.ordinal() == 1 && (shown % (n * step) == 0 || shown == 1);
        match unit {
            TickUnit::Second => t.second().is_multiple_of(k),
            TickUnit::Minute => t.second() == 0 && t.minute().is_multiple_of(k),
            TickUnit::Hour => t.second() == 0 && t.minute() == 0 && t.hour().is_multiple_of(k),
            TickUnit::Day => {
                midnight && (t.day() - 1).is_multiple_of(k) && t.day() + k - 1 <= month_len(t)
            }
            TickUnit::Week => midnight && t.weekday() == Weekday::Mon,
            TickUnit::Month => midnight && t.day() == 1 && t.month0().is_multiple_of(k),
            TickUnit::Year => years(1),
            TickUnit::Decade => years(10),
            TickUnit::Century => years(100),
            TickUnit::Millennium => years(1000),
        }
    }

    fn expected_fine_label(unit: TickUnit, secs: f64) -> String {
        let t = civil_of(secs);
        match unit {
            TickUnit::Second => t.format("%H:%M:%S").to_string(),
            TickUnit::Minute | TickUnit::Hour => t.format("%H:%M").to_string(),
            TickUnit::Day => t.day().to_string(),
            TickUnit::Week => format!("{} {}", t.day(), t.format("%b")),
            TickUnit::Month => t.format("%b").to_string(),
            _ => yl(t.year()),
        }
    }

    fn expected_coarse_label(unit: TickUnit, secs: f64) -> String {
        let t = civil_of(secs);
        let (d, b, y) = (t.day(), t.format("%b"), yl(t.year()));
        match unit {
            TickUnit::Minute => format!("{d} {b} {y} {}", t.format("%H:%M")),
            TickUnit::Day => format!("{d} {b} {y}"),
            TickUnit::Month => format!("{b} {y}"),
            TickUnit::Year => y,
            _ => panic!("no coarse row over {unit:?}"),
        }
    }

    /// The next coarse boundary after `secs` (which is one), via chrono.
    fn next_coarse(unit: TickUnit, secs: f64) -> f64 {
        let t = civil_of(secs);
        match unit {
            TickUnit::Minute => secs + 60.0,
            TickUnit::Day => secs + 86_400.0,
            TickUnit::Month if t.month() == 12 => ymd(t.year() + 1, 1, 1),
            TickUnit::Month => ymd(t.year(), t.month() + 1, 1),
            TickUnit::Year => ymd(t.year() + 1, 1, 1),
            _ => panic!("no coarse row over {unit:?}"),
        }
    }

    fn assert_fit(row: &[Tick], measure: &dyn Fn(&str) -> f32, what: &str) {
        for p in row.windows(2) {
            let w = measure(&p[0].label);
            // Extents [x + pad, x + pad + w] are disjoint, with the gap between them.
            assert!(
                p[0].x + LABEL_PAD_PX + w <= p[1].x + LABEL_PAD_PX,
                "{what}: {:?} overlaps {:?}",
                p[0],
                p[1]
            );
            assert!(
                p[1].x - p[0].x >= w + MIN_LABEL_GAP_PX,
                "{what}: gap below minimum between {:?} and {:?}",
                p[0],
                p[1]
            );
        }
    }

    /// Every invariant the module promises, for one call.
    fn check(start: f64, span: f64, width: f32, measure: &dyn Fn(&str) -> f32, a: &AxisTicks) {
        let ctx = format!("view start={start} span={span} width={width}: {a:?}");
        if a.is_empty() {
            assert!(a.fine.is_empty() && a.coarse.is_empty(), "{ctx}");
            return;
        }
        assert!(LADDER.contains(&(a.fine_unit, a.fine_step)), "{ctx}");
        let lo = start.max(MIN_SECS);
        let hi = (start + span).min(MAX_SECS);
        let max = ((width / MIN_LABEL_GAP_PX).floor() as usize).min(MAX_TICKS);
        assert!(a.fine.len() <= max, "too many fine ticks: {ctx}");
        assert!(a.coarse.len() <= max, "too many coarse ticks: {ctx}");

        for p in a.fine.windows(2) {
            assert!(p[0].secs < p[1].secs && p[0].x <= p[1].x, "unsorted: {ctx}");
        }
        let slack = 1e-3 * width.max(1.0);
        for t in &a.fine {
            assert!(
                t.secs >= lo && t.secs <= hi,
                "fine tick outside view: {t:?} {ctx}"
            );
            assert!(
                t.x >= -slack && t.x <= width + slack,
                "fine x off-screen: {t:?} {ctx}"
            );
            let x = ((t.secs - start) / span * f64::from(width)) as f32;
            assert_eq!(t.x, x, "{ctx}");
            assert!(
                on_boundary(a.fine_unit, a.fine_step, t.secs),
                "off boundary: {t:?} {ctx}"
            );
            assert_eq!(t.label, expected_fine_label(a.fine_unit, t.secs), "{ctx}");
        }
        assert_fit(&a.fine, measure, &ctx);

        let Some(cu) = a.fine_unit.coarse() else {
            assert!(a.coarse.is_empty(), "{ctx}");
            return;
        };
        let first = a.coarse.first().expect("coarse context tick");
        assert!(
            first.secs <= lo && next_coarse(cu, first.secs) > lo,
            "bad coarse[0]: {ctx}"
        );
        assert!(first.x <= slack, "{ctx}");
        for p in a.coarse.windows(2) {
            assert!(
                p[0].secs < p[1].secs && p[0].x <= p[1].x,
                "unsorted coarse: {ctx}"
            );
        }
        for t in &a.coarse {
            assert!(t.secs <= hi, "{ctx}");
            assert!(
                on_boundary(cu, 1, t.secs),
                "coarse off boundary: {t:?} {ctx}"
            );
            assert_eq!(t.label, expected_coarse_label(cu, t.secs), "{ctx}");
        }
        assert_fit(&a.coarse[1..], measure, &ctx);
    }

    /// `axis_ticks` with the mono font, checked against every invariant.
    fn ticks(start: f64, span: f64, width: f32) -> AxisTicks {
        let a = axis_ticks(start, span, width, &mono);
        check(start, span, width, &mono, &a);
        a
    }

    fn ticks_between(from: f64, to: f64, width: f32) -> AxisTicks {
        ticks(from, to - from, width)
    }

    #[test]
    fn supported_range_constants_match_chrono() {
        assert_eq!(MIN_SECS, ymd(MIN_YEAR, 1, 1));
        assert_eq!(MAX_SECS, ymd(MAX_YEAR, 1, 1));
    }

    #[test]
    fn year_labels_use_bce_for_astronomical_years_below_one() {
        assert_eq!(year_label(1985), "1985");
        assert_eq!(year_label(1), "1");
        assert_eq!(year_label(0), "1 BCE");
        assert_eq!(year_label(-43), "44 BCE");
        assert_eq!(year_label(-99_999), "100000 BCE");
    }

    #[test]
    fn ce_start_matches_chrono() {
        assert_eq!(CE_START_SECS, ymd(1, 1, 1));
    }

    #[test]
    fn millennia_across_the_era_change() {
        // 3000 BCE is astronomical year -2999.
        let a = ticks_between(ymd(-2999, 1, 1), ymd(2000, 1, 1), 400.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Millennium, 1));
        assert_eq!(
            labels(&a.fine),
            ["3000 BCE", "2000 BCE", "1000 BCE", "1 CE", "1000", "2000"]
        );
        assert_eq!(a.fine[3].secs, ymd(1, 1, 1));
        assert_eq!(a.fine[0].x, 0.0);
        assert_eq!(a.fine[5].x, 400.0);
        assert!(a.coarse.is_empty());
    }

    #[test]
    fn huge_spans_use_multi_millennium_steps() {
        let a = ticks_between(ymd(-60_000, 1, 1), ymd(40_000, 1, 1), 800.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Millennium, 10));
        assert_eq!(a.fine.first().map(|t| t.label.as_str()), Some("60000 BCE"));
        assert_eq!(a.fine.last().map(|t| t.label.as_str()), Some("40000"));
    }

    #[test]
    fn centuries() {
        let a = ticks_between(ymd(-3000, 1, 1), ymd(2000, 1, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Century, 5));
        assert_eq!(a.fine.len(), 11);
        assert_eq!(labels(&a.fine)[..2], ["3000 BCE", "2500 BCE"]);
        assert_eq!(labels(&a.fine)[5..8], ["500 BCE", "1 CE", "500"]);

        let a = ticks_between(ymd(1000, 1, 1), ymd(2000, 1, 1), 300.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Century, 2));
        assert_eq!(
            labels(&a.fine),
            ["1000", "1200", "1400", "1600", "1800", "2000"]
        );
    }

    #[test]
    fn decades() {
        let a = ticks_between(ymd(1800, 1, 1), ymd(2000, 1, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Decade, 1));
        assert_eq!(a.fine.len(), 21);
        assert_eq!(a.fine[1].label, "1810");

        let a = ticks_between(ymd(-100, 1, 1), ymd(0, 1, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Decade, 1));
        assert_eq!(labels(&a.fine)[..2], ["100 BCE", "90 BCE"]);
        assert_eq!(a.fine.last().map(|t| t.label.as_str()), Some("10 BCE"));
    }

    #[test]
    fn years_including_bce() {
        let a = ticks_between(ymd(1980, 1, 1), ymd(2000, 1, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Year, 1));
        let expected: Vec<String> = (1980..=2000).map(|y: i32| y.to_string()).collect();
        assert_eq!(labels(&a.fine), expected);
        assert!(a.coarse.is_empty());

        let a = ticks_between(ymd(-50, 1, 1), ymd(-35, 1, 1), 900.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Year, 1));
        let caesar = a
            .fine
            .iter()
            .find(|t| t.label == "44 BCE")
            .expect("44 BCE tick");
        assert_eq!(caesar.secs, ymd(-43, 1, 1));
        assert_eq!(a.fine[0].label, "51 BCE");
    }

    /// Month ticks over Feb; returns the days between the 1 Feb and 1 Mar ticks.
    fn february_days_at_month_scale(year: i32) -> f64 {
        let a = ticks_between(
            at(year - 1, 11, 15, 0, 0, 0),
            at(year, 5, 20, 0, 0, 0),
            400.0,
        );
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Month, 1));
        assert_eq!(labels(&a.fine), ["Dec", "Jan", "Feb", "Mar", "Apr", "May"]);
        assert_eq!(labels(&a.coarse), [yl(year - 1), yl(year)]);
        assert_eq!(a.coarse[0].secs, ymd(year - 1, 1, 1));
        assert!(a.coarse[0].x < 0.0);
        (a.fine[3].secs - a.fine[2].secs) / 86_400.0
    }

    #[test]
    fn months_with_leap_and_common_februaries() {
        assert_eq!(february_days_at_month_scale(2024), 29.0);
        assert_eq!(february_days_at_month_scale(2023), 28.0);
        assert_eq!(february_days_at_month_scale(1900), 28.0);
        assert_eq!(february_days_at_month_scale(2000), 29.0);
        assert_eq!(february_days_at_month_scale(0), 29.0);
        assert_eq!(february_days_at_month_scale(-100), 28.0);
    }

    #[test]
    fn quarter_and_half_year_months() {
        let a = ticks_between(ymd(2020, 1, 1), ymd(2028, 1, 1), 800.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Month, 6));
        assert_eq!(labels(&a.fine)[..3], ["Jan", "Jul", "Jan"]);
        let a = ticks_between(ymd(2020, 1, 1), ymd(2022, 1, 1), 600.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Month, 3));
        assert_eq!(labels(&a.fine)[..5], ["Jan", "Apr", "Jul", "Oct", "Jan"]);
        assert_eq!(labels(&a.coarse), ["2020", "2021", "2022"]);
    }

    /// Day labels from 26 Feb to 3 Mar of `year`.
    fn end_of_february_days(year: i32) -> Vec<String> {
        let a = ticks_between(ymd(year, 2, 26), ymd(year, 3, 3), 400.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Day, 1));
        assert_eq!(
            labels(&a.coarse),
            [format!("Feb {}", yl(year)), format!("Mar {}", yl(year))]
        );
        a.fine.iter().map(|t| t.label.clone()).collect()
    }

    #[test]
    fn days_follow_gregorian_leap_rules() {
        let leap = ["26", "27", "28", "29", "1", "2", "3"];
        let common = ["26", "27", "28", "1", "2", "3"];
        for year in [2024, 2000, 1600, 0, -4, -400] {
            assert_eq!(end_of_february_days(year), leap, "year {year}");
        }
        for year in [2023, 1900, 2100, -100, -1] {
            assert_eq!(end_of_february_days(year), common, "year {year}");
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        let a = ticks_between(ymd(2024, 1, 1), ymd(2024, 4, 1), 800.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Week, 1));
        assert_eq!(a.fine.len(), 14);
        assert_eq!(
            labels(&a.fine)[..5],
            ["1 Jan", "8 Jan", "15 Jan", "22 Jan", "29 Jan"]
        );
        assert_eq!(a.fine[13].label, "1 Apr");
        assert_eq!(
            labels(&a.coarse),
            ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"]
        );
    }

    #[test]
    fn every_other_day_restarts_each_month() {
        let a = ticks_between(ymd(2024, 1, 1), ymd(2024, 3, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Day, 2));
        let jan: Vec<String> = (1..=29).step_by(2).map(|d: u32| d.to_string()).collect();
        let feb: Vec<String> = (1..=27).step_by(2).map(|d: u32| d.to_string()).collect();
        let expected: Vec<String> = jan
            .into_iter()
            .chain(feb)
            .chain(["1".to_string()])
            .collect();
        assert_eq!(labels(&a.fine), expected);
        for p in a.fine.windows(2) {
            let days = (p[1].secs - p[0].secs) / 86_400.0;
            assert!(days == 2.0 || days == 3.0, "{days}");
        }
    }

    #[test]
    fn hours_with_day_context() {
        let start = at(1985, 2, 7, 0, 0, 0);
        let a = ticks(start, 86_400.0, 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 3));
        assert_eq!(
            labels(&a.fine),
            [
                "00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "00:00"
            ]
        );
        assert_eq!(labels(&a.coarse), ["7 Feb 1985", "8 Feb 1985"]);
        assert_eq!((a.coarse[0].x, a.coarse[1].x), (0.0, 1000.0));
    }

    #[test]
    fn minutes_with_day_context() {
        let a = ticks(at(1985, 2, 7, 9, 0, 0), 3600.0, 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Minute, 5));
        assert_eq!(a.fine.len(), 13);
        assert_eq!(labels(&a.fine)[..3], ["09:00", "09:05", "09:10"]);
        assert_eq!(labels(&a.coarse), ["7 Feb 1985"]);
        assert_eq!(a.coarse[0].x, -9000.0);
    }

    #[test]
    fn seconds_at_one_second_span() {
        let t = at(1985, 2, 7, 9, 30, 15);
        let a = ticks(t, 1.0, 800.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Second, 1));
        assert_eq!(labels(&a.fine), ["09:30:15", "09:30:16"]);
        assert_eq!((a.fine[0].x, a.fine[1].x), (0.0, 800.0));
        assert_eq!(labels(&a.coarse), ["7 Feb 1985 09:30"]);
        assert_eq!(a.coarse[0].x, -15.0 * 800.0);

        let a = ticks(t + 0.25, 1.0, 800.0);
        assert_eq!(labels(&a.fine), ["09:30:16"]);
        assert_eq!(a.fine[0].x, 600.0);

        let a = ticks(t + 0.25, 0.5, 800.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Second, 1));
        assert!(a.fine.is_empty());
        assert_eq!(labels(&a.coarse), ["7 Feb 1985 09:30"]);

        let a = ticks(at(1985, 2, 7, 9, 30, 0), 60.0, 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Second, 5));
        assert_eq!(labels(&a.coarse), ["7 Feb 1985 09:30", "7 Feb 1985 09:31"]);
    }

    #[test]
    fn deep_past_day_keeps_precision() {
        let midnight = ymd(-100_000, 3, 1);
        let a = ticks(midnight, 86_400.0, 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 3));
        assert_eq!(a.fine.len(), 9);
        for (k, t) in a.fine.iter().enumerate() {
            assert_eq!(t.secs, midnight + 10_800.0 * k as f64);
        }
        assert_eq!((a.fine[0].x, a.fine[8].x), (0.0, 1000.0));
        assert_eq!(a.fine[8].label, "00:00");
        assert_eq!(labels(&a.coarse), ["1 Mar 100001 BCE", "2 Mar 100001 BCE"]);

        // Half a second past midnight: the first tick is exactly 03:00.
        let a = ticks(midnight + 0.5, 86_400.0, 1000.0);
        assert_eq!(a.fine[0].secs, midnight + 10_800.0);
        assert_eq!(a.fine[0].label, "03:00");
        assert_eq!(a.coarse[0].secs, midnight);

        // And a one-second span out there still lands on whole seconds.
        let a = ticks(midnight + 7.25, 1.0, 800.0);
        assert_eq!(labels(&a.fine), ["00:00:08"]);
        assert_eq!(a.fine[0].secs, midnight + 8.0);
        assert_eq!(a.fine[0].x, 600.0);
    }

    #[test]
    fn deep_future_day() {
        let midnight = ymd(100_000, 12, 31);
        let a = ticks(midnight, 2.0 * 86_400.0, 1000.0);
        assert_eq!(a.fine_unit, TickUnit::Hour);
        assert_eq!(
            labels(&a.coarse),
            ["31 Dec 100000", "1 Jan 100001", "2 Jan 100001"]
        );
    }

    /// The displayed labels of every tick of one (unit, step) row from astronomical year
    /// `from` to `to` (1 Jan each).
    fn year_row(unit: TickUnit, step: i64, from: i32, to: i32) -> Vec<String> {
        let (lo, hi) = (ymd(from, 1, 1), ymd(to, 1, 1));
        let view = View::new(lo, hi - lo, 1000.0, lo, hi, &DisplayZone::Utc);
        row(unit, step, &view, MAX_TICKS, fine_label)
            .expect("within the tick budget")
            .into_iter()
            .map(|t| t.label)
            .collect()
    }

    #[test]
    fn every_year_scale_is_round_across_the_era_change() {
        for &(unit, step) in LADDER.iter().filter(|(u, _)| u.years().is_some()) {
            let s = unit.years().expect("year unit") * step;
            // Astronomical 1 - n·s is n·s BCE; the view runs to n·s CE (n = 3, or 2 for the
            // 100,000-year step, which would leave the calendar).
            let n = (MAX_YEAR as i64 / s).min(3);
            let from = i32::try_from(1 - n * s).expect("in range");
            let to = i32::try_from(n * s).expect("in range");
            let expected: Vec<String> = if s == 1 {
                ["3 BCE", "2 BCE", "1 BCE", "1 CE", "2", "3"]
                    .map(String::from)
                    .to_vec()
            } else {
                let bce = (1..=n).rev().map(|k| format!("{} BCE", k * s));
                let ce = (1..=n).map(|k| format!("{}", k * s));
                bce.chain(["1 CE".to_string()]).chain(ce).collect()
            };
            assert_eq!(
                year_row(unit, step, from, to),
                expected,
                "{unit:?} × {step}"
            );
        }
    }

    #[test]
    fn historian_axes_read_round() {
        // The deep-history span at two zooms, then decades and single years at the crossing.
        let a = ticks_between(ymd(-2999, 1, 1), ymd(1001, 1, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Century, 5));
        assert_eq!(
            labels(&a.fine),
            [
                "3000 BCE", "2500 BCE", "2000 BCE", "1500 BCE", "1000 BCE", "500 BCE", "1 CE",
                "500", "1000"
            ]
        );
        let a = ticks_between(ymd(-49, 1, 1), ymd(51, 1, 1), 1000.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Decade, 1));
        assert_eq!(
            labels(&a.fine),
            [
                "50 BCE", "40 BCE", "30 BCE", "20 BCE", "10 BCE", "1 CE", "10", "20", "30", "40",
                "50"
            ]
        );
        let a = ticks_between(ymd(-2, 1, 1), ymd(4, 1, 1), 300.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Year, 1));
        assert_eq!(
            labels(&a.fine),
            ["3 BCE", "2 BCE", "1 BCE", "1 CE", "2", "3", "4"]
        );
    }

    #[test]
    fn era_change_keeps_its_label_when_the_next_tick_is_too_close() {
        // Two-year steps: "1 CE" and "2" are one year apart, "2 BCE" and "1 CE" two.
        let (lo, hi) = (ymd(-9, 1, 1), ymd(11, 1, 1));
        let narrow = |s: &str| s.chars().count() as f32 * 4.0;
        let a = axis_ticks(lo, hi - lo, 400.0, &narrow);
        check(lo, hi - lo, 400.0, &narrow, &a);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Year, 2));
        assert_eq!(
            labels(&a.fine),
            [
                "10 BCE", "8 BCE", "6 BCE", "4 BCE", "2 BCE", "1 CE", "4", "6", "8", "10"
            ]
        );
    }

    #[test]
    fn bce_context_labels() {
        let a = ticks(ymd(-43, 3, 15), 86_400.0, 1000.0);
        assert_eq!(a.coarse[0].label, "15 Mar 44 BCE");
        let a = ticks_between(ymd(0, 1, 1), ymd(0, 7, 1), 600.0);
        assert_eq!(a.fine_unit, TickUnit::Month);
        assert_eq!(a.coarse[0].label, "1 BCE");
        let a = ticks_between(ymd(0, 1, 10), ymd(0, 2, 10), 600.0);
        assert_eq!(labels(&a.coarse), ["Jan 1 BCE", "Feb 1 BCE"]);
    }

    #[test]
    fn wide_coarse_labels_are_thinned() {
        // Narrow fine labels, very wide context labels.
        let m = |s: &str| if s.len() > 8 { 500.0 } else { mono(s) };
        let start = at(1985, 2, 7, 0, 0, 0);
        let a = axis_ticks(start, 10.0 * 86_400.0, 1000.0, &m);
        check(start, 10.0 * 86_400.0, 1000.0, &m, &a);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 12));
        // "14 Feb 1985" would run under the axis' zone label ("UTC"), so it gives way.
        assert_eq!(labels(&a.coarse), ["7 Feb 1985", "8 Feb 1985"]);
        assert_eq!(a.zone_label.as_deref(), Some("UTC"));
    }

    #[test]
    fn bad_input_gives_empty_ticks() {
        let t = at(2000, 6, 15, 12, 0, 0) + 0.5;
        let cases = [
            (f64::NAN, 10.0, 800.0),
            (t, f64::NAN, 800.0),
            (t, 10.0, f32::NAN),
            (f64::INFINITY, 10.0, 800.0),
            (f64::NEG_INFINITY, 10.0, 800.0),
            (t, f64::INFINITY, 800.0),
            (t, 10.0, f32::INFINITY),
            (t, 0.0, 800.0),
            (t, -10.0, 800.0),
            (t, 10.0, 0.0),
            (t, 10.0, -800.0),
            (t, 10.0, 5.0),                // narrower than one gap
            (1e15, 10.0, 800.0),           // after the supported range
            (-1e15, 10.0, 800.0),          // before it
            (MAX_SECS + 1.0, 10.0, 800.0), // just after it
        ];
        for (start, span, width) in cases {
            let a = ticks(start, span, width);
            assert!(
                a.is_empty() && a.fine.is_empty() && a.coarse.is_empty(),
                "{start} {span}"
            );
        }
        // A font that answers nonsense, or labels too wide for any step.
        let a = axis_ticks(t, 3600.0, 800.0, &|_| 1e9);
        assert!(a.fine.is_empty() && a.coarse.is_empty());
        let a = axis_ticks(t, 3600.0, 800.0, &|_| f32::NAN);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Minute, 1));
    }

    #[test]
    fn out_of_range_views_clamp() {
        let a = ticks(-1e300, 2e300, 1000.0);
        assert!(a.is_empty()); // the whole range is a dot on this axis
        let a = ticks(MIN_SECS - 1e12, 2e12, 1000.0);
        assert!(!a.fine.is_empty());
        assert!(a.fine[0].secs >= MIN_SECS);
        // Three days of a much longer axis: only a step far bigger than the view fits.
        let a = ticks(MAX_SECS - 86_400.0 * 3.0, 1e13, 1000.0);
        assert!(a.fine.is_empty() && a.coarse.is_empty());
        let a = ticks(MIN_SECS, MAX_SECS - MIN_SECS, 600.0);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Millennium, 100));
        assert_eq!(
            labels(&a.fine),
            ["200000 BCE", "100000 BCE", "1 CE", "100000", "200000"]
        );
        let a = ticks(MAX_SECS - 86_400.0, 10.0 * 86_400.0, 1000.0);
        assert_eq!(a.fine.last().map(|t| t.secs), Some(MAX_SECS));
    }

    #[test]
    fn huge_width_is_capped() {
        let a = ticks(at(2000, 1, 1, 0, 0, 0), 86_400.0 * 365.0, 1e9);
        assert!(!a.fine.is_empty() && a.fine.len() <= MAX_TICKS);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 3));
        let a = ticks(at(2000, 1, 1, 0, 0, 0) + 0.5, 1e-9, 1000.0);
        assert!(a.fine.is_empty() && a.coarse.len() == 1 && a.coarse[0].x.is_finite());
    }

    #[test]
    fn step_depends_on_zoom_not_pan() {
        let mut rng = XorShift(0x5eed_0001);
        for (span, width) in [
            (3.0e7, 900.0),
            (4.0e6, 700.0),
            (2.0e5, 1000.0),
            (5e3, 640.0),
        ] {
            let steps: Vec<(TickUnit, i64)> = (0..40)
                .map(|_| {
                    let start = rng.range(ymd(1000, 1, 1), ymd(9000, 1, 1));
                    let a = ticks(start, span, width);
                    (a.fine_unit, a.fine_step)
                })
                .collect();
            assert!(steps.iter().all(|s| *s == steps[0]), "{span}: {steps:?}");
        }
    }

    #[test]
    fn work_is_bounded_by_the_tick_budget() {
        // Counting `measure` calls stands in for counting work: a too-fine step is rejected
        // arithmetically, before any label is measured or any boundary generated.
        let calls = std::cell::Cell::new(0usize);
        let counting = |s: &str| {
            calls.set(calls.get() + 1);
            mono(s)
        };
        let views = [
            (ymd(-8000, 1, 1), 10_000.0 * 365.25 * 86_400.0),
            (ymd(2000, 1, 1), 365.0 * 86_400.0),
            (ymd(-100_000, 1, 1), 86_400.0),
            (ymd(2000, 1, 1), 1.0),
        ];
        for (start, span) in views {
            calls.set(0);
            let a = axis_ticks(start, span, 1000.0, &counting);
            check(start, span, 1000.0, &mono, &a);
            assert!(!a.is_empty());
            assert!(
                calls.get() <= 150,
                "{} measure calls for span {span}",
                calls.get()
            );
        }
    }

    /// xorshift64: tiny, seeded, good enough to scatter views.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }

        fn range(&mut self, a: f64, b: f64) -> f64 {
            a + (b - a) * self.unit()
        }
    }

    #[test]
    fn random_views_keep_every_invariant() {
        let mut rng = XorShift(0x00c0_ffee_1234_5678);
        let (y_min, y_max) = (ymd(-100_000, 1, 1), ymd(100_000, 1, 1));
        let mut seen = std::collections::HashSet::new();
        for case in 0..10_000 {
            // Spans log-uniform from 1 s to ~10,000 years, sometimes far beyond (clamping).
            let top = if case % 10 == 0 { 14.0 } else { 11.5 };
            let span = 10f64.powf(rng.range(0.0, top));
            let mut start = match case % 7 {
                0 => rng.range(MIN_SECS - 1e12, MIN_SECS + 1e12),
                1 => rng.range(MAX_SECS - 1e12, MAX_SECS + 1e12),
                _ => rng.range(y_min, y_max),
            };
            if case % 5 == 0 {
                start = (start / 86_400.0).floor() * 86_400.0; // exactly midnight
            }
            let width = rng.range(30.0, 2500.0) as f32;
            let char_w = rng.range(4.0, 11.0) as f32;
            let fixed = move |s: &str| s.chars().count() as f32 * char_w;
            let measure: &dyn Fn(&str) -> f32 = if case % 3 == 0 { &proportional } else { &fixed };
            let a = axis_ticks(start, span, width, measure);
            check(start, span, width, measure, &a);
            if !a.fine.is_empty() {
                seen.insert(a.fine_unit);
            }
        }
        assert_eq!(seen.len(), 10, "not every unit was exercised: {seen:?}");
    }

    fn zone(name: &str) -> DisplayZone {
        DisplayZone::parse(name).expect("a tz database zone")
    }

    /// Ticks of `[from, to]` (UTC civil times) on `zone`'s clock, 2000 px wide.
    fn zoned(zone: &DisplayZone, from: f64, to: f64) -> AxisTicks {
        super::axis_ticks(from, to - from, 2000.0, &mono, zone)
    }

    /// Each fine tick is one hour after the one before it (as instants).
    fn assert_hourly(a: &AxisTicks) {
        for w in a.fine.windows(2) {
            assert_eq!(
                w[1].secs - w[0].secs,
                3_600.0,
                "{} → {}",
                w[0].label,
                w[1].label
            );
        }
    }

    #[test]
    fn a_spring_forward_day_has_23_hours_and_no_tick_in_the_skipped_hour() {
        // New York, 10 Mar 2024: 00:00 EST is 05:00 UTC; clocks jump from 02:00 to 03:00; the
        // next midnight (EDT) is 04:00 UTC on the 11th, 23 hours later.
        let ny = zone("America/New_York");
        let (from, to) = (at(2024, 3, 10, 5, 0, 0), at(2024, 3, 11, 4, 0, 0));
        let a = zoned(&ny, from, to);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 1));
        let mut expected: Vec<String> = (0..24)
            .filter(|&h| h != 2)
            .map(|h| format!("{h:02}:00"))
            .collect();
        expected.push("00:00".into());
        assert_eq!(labels(&a.fine), expected);
        assert_eq!(a.fine.first().map(|t| t.secs), Some(from));
        assert_eq!(a.fine.last().map(|t| t.secs), Some(to));
        assert_hourly(&a);
        assert_eq!(labels(&a.coarse), ["10 Mar 2024", "11 Mar 2024"]);
        assert_eq!(a.coarse[1].secs, to, "the day starts at the local midnight");
        assert_eq!(
            a.zone_label.as_deref(),
            Some("America/New_York (UTC\u{2212}04:00)")
        );
    }

    #[test]
    fn a_fall_back_day_has_25_hours_and_ticks_the_repeated_hour_twice() {
        // New York, 3 Nov 2024: 00:00 EDT is 04:00 UTC; 01:00-02:00 is read twice (EDT, then
        // EST); the next midnight (EST) is 05:00 UTC on the 4th, 25 hours later.
        let ny = zone("America/New_York");
        let (from, to) = (at(2024, 11, 3, 4, 0, 0), at(2024, 11, 4, 5, 0, 0));
        let a = zoned(&ny, from, to);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 1));
        let mut expected: Vec<String> = vec!["00:00".into(), "01:00".into()];
        expected.extend((1..24).map(|h| format!("{h:02}:00")));
        expected.push("00:00".into());
        assert_eq!(labels(&a.fine), expected);
        assert_eq!(a.fine[1].secs, at(2024, 11, 3, 5, 0, 0), "01:00 EDT");
        assert_eq!(a.fine[2].secs, at(2024, 11, 3, 6, 0, 0), "01:00 EST");
        assert_hourly(&a);
        assert_eq!(labels(&a.coarse), ["3 Nov 2024", "4 Nov 2024"]);
    }

    #[test]
    fn minute_ticks_across_the_fold_read_the_clock_in_time_order() {
        // 00:30-01:30 EDT then 01:00-01:30 EST again: quarter hours, in instant order.
        let ny = zone("America/New_York");
        let (from, to) = (at(2024, 11, 3, 4, 30, 0), at(2024, 11, 3, 6, 30, 0));
        let a = super::axis_ticks(from, to - from, 1000.0, &mono, &ny);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Minute, 15));
        assert_eq!(
            labels(&a.fine),
            [
                "00:30", "00:45", "01:00", "01:15", "01:30", "01:45", "01:00", "01:15", "01:30"
            ]
        );
        assert!(a.fine.windows(2).all(|w| w[1].secs - w[0].secs == 900.0));
    }

    #[test]
    fn day_ticks_fall_on_local_midnights() {
        // Mexico City kept DST until 2022: a fortnight across its April 2015 change.
        let mx = zone("America/Mexico_City");
        let (from, to) = (at(2015, 3, 28, 0, 0, 0), at(2015, 4, 11, 0, 0, 0));
        let a = super::axis_ticks(from, to - from, 600.0, &mono, &mx);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Day, 1));
        assert!(a.fine.len() >= 13, "{:?}", labels(&a.fine));
        for t in &a.fine {
            let wall = mx.wall_secs(t.secs as i64);
            assert_eq!(
                wall.rem_euclid(86_400),
                0,
                "tick {} is not a local midnight",
                t.label
            );
            assert_eq!(civil_of(wall as f64).day().to_string(), t.label);
        }
        // 5 Apr 2015 had 23 hours there.
        let day = |d: &str| a.fine.iter().find(|t| t.label == d).map(|t| t.secs);
        assert_eq!(
            day("6").zip(day("5")).map(|(b, a)| b - a),
            Some(23.0 * 3_600.0)
        );
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_at_its_first_instant() {
        // Santiago, 8 Sep 2024: clocks go from 00:00 (-04) straight to 01:00 (-03), at 04:00 UTC.
        let cl = zone("America/Santiago");
        let (from, to) = (at(2024, 9, 4, 12, 0, 0), at(2024, 9, 12, 0, 0, 0));
        let a = super::axis_ticks(from, to - from, 600.0, &mono, &cl);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Day, 1));
        let eighth = a
            .fine
            .iter()
            .find(|t| t.label == "8")
            .expect("8 Sep is ticked");
        assert_eq!(eighth.secs, at(2024, 9, 8, 4, 0, 0));
    }

    #[test]
    fn hours_in_a_fixed_offset_zone_sit_on_its_clock() {
        let india = DisplayZone::parse("+05:30").unwrap();
        let (from, to) = (at(2024, 1, 1, 0, 0, 0), at(2024, 1, 1, 12, 0, 0));
        let a = super::axis_ticks(from, to - from, 700.0, &mono, &india);
        assert_eq!(a.fine_unit, TickUnit::Hour);
        // 06:00 in India is 00:30 UTC.
        assert_eq!(a.fine[0].label, "06:00");
        assert_eq!(a.fine[0].secs, at(2024, 1, 1, 0, 30, 0));
        assert_eq!(a.zone_label.as_deref(), Some("UTC+05:30"));
    }

    #[test]
    fn the_zone_label_keeps_the_context_row_clear() {
        let ny = zone("America/New_York");
        // Two days of three-hour ticks; 3 Jul begins (04:00 UTC) right under the zone label.
        let (from, to) = (at(2024, 7, 1, 8, 0, 0), at(2024, 7, 3, 8, 0, 0));
        let a = super::axis_ticks(from, to - from, 900.0, &mono, &ny);
        assert_eq!((a.fine_unit, a.fine_step), (TickUnit::Hour, 3));
        assert_eq!(labels(&a.coarse), ["1 Jul 2024", "2 Jul 2024"]);
        let label = a.zone_label.clone().expect("a zone label over hours");
        let zone_left = 900.0 - mono(&label);
        for t in &a.coarse[1..] {
            assert!(t.x + LABEL_PAD_PX + mono(&t.label) + MIN_LABEL_GAP_PX <= zone_left);
        }
        assert!(a.coarse.iter().all(|t| t.label != "3 Jul 2024"), "gave way");
        // Over years the zone does not matter to what the axis reads.
        let century = ymd(2000, 1, 1) - ymd(1900, 1, 1);
        let years = super::axis_ticks(ymd(1900, 1, 1), century, 900.0, &mono, &ny);
        assert_eq!(years.zone_label, None);
        assert_eq!(
            axis_ticks(from, to - from, 900.0, &mono)
                .zone_label
                .as_deref(),
            Some("UTC")
        );
    }
}
