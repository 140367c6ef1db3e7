//! The visible time window as a small value type: [`TimeView`] maps seconds to pixels and back,
//! zooms about a point, pans and fits; [`ViewAnimation`] eases from one view to another.
//! Time stays in f64 seconds until the final pixel, so a 1-second span at year −100,000 keeps
//! its precision. [`fit_view`] and [`event_view`] pick the view that shows a whole timeline or
//! one event in context; [`range_view`] shows two dates and [`view_after_zone_change`] keeps what
//! is in view when the display zone changes. Knows nothing of egui.

use crate::model::{Date, DisplayZone, Timeline};

/// Narrowest span the user can zoom to: one second.
pub const MIN_SPAN_SECS: f64 = 1.0;
/// Widest span: 10,000 years either side is plenty for any dataset we have seen, and keeps
/// ticks meaningful (see `layout::ticks`).
pub const MAX_SPAN_SECS: f64 = 20_000.0 * 365.2425 * 86_400.0;
/// Fraction of the span added on each side when fitting, so edge events are not clipped.
pub const FIT_MARGIN: f64 = 0.04;
/// Fraction of the span added on the right when fitting a timeline, so the last labels (drawn
/// to the right of their markers) are not cut off.
const FIT_LABEL_ROOM: f64 = 0.03;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimeView {
    /// Seconds since 1970-01-01 UTC at the left edge.
    pub start_secs: f64,
    /// Seconds between the left and right edges.
    pub span_secs: f64,
}

impl TimeView {
    pub fn new(start_secs: f64, span_secs: f64) -> Self {
        TimeView {
            start_secs,
            span_secs,
        }
        .clamped()
    }

    /// A view showing `[from, to]` with a small margin.
    pub fn fit(from_secs: f64, to_secs: f64) -> Self {
        let (lo, hi) = if from_secs <= to_secs {
            (from_secs, to_secs)
        } else {
            (to_secs, from_secs)
        };
        let raw = (hi - lo).max(MIN_SPAN_SECS * 60.0);
        let span = raw * (1.0 + 2.0 * FIT_MARGIN);
        let centre = (lo + hi) / 2.0;
        Self::new(centre - span / 2.0, span)
    }

    pub fn end_secs(&self) -> f64 {
        self.start_secs + self.span_secs
    }

    pub fn centre_secs(&self) -> f64 {
        self.start_secs + self.span_secs / 2.0
    }

    /// Pixel x (relative to the canvas' left edge) of an instant.
    pub fn x_from_time(&self, secs: f64, width_px: f32) -> f32 {
        ((secs - self.start_secs) / self.span_secs * width_px as f64) as f32
    }

    /// Instant at pixel x (relative to the canvas' left edge).
    pub fn time_from_x(&self, x: f32, width_px: f32) -> f64 {
        self.start_secs + x as f64 / width_px.max(1.0) as f64 * self.span_secs
    }

    /// Zoom by `factor` (> 1 zooms in) keeping the instant under pixel `x` fixed.
    pub fn zoom_at(&self, x: f32, width_px: f32, factor: f64) -> Self {
        if !factor.is_finite() || factor <= 0.0 {
            return *self;
        }
        let anchor = self.time_from_x(x, width_px);
        let span = (self.span_secs / factor).clamp(MIN_SPAN_SECS, MAX_SPAN_SECS);
        let frac = x as f64 / width_px.max(1.0) as f64;
        Self::new(anchor - frac * span, span)
    }

    /// Move by `dx` pixels (positive moves the content right, i.e. shows earlier times).
    pub fn pan(&self, dx: f32, width_px: f32) -> Self {
        let dt = dx as f64 / width_px.max(1.0) as f64 * self.span_secs;
        Self::new(self.start_secs - dt, self.span_secs)
    }

    /// Same span, centred on an instant.
    pub fn centred_on(&self, secs: f64) -> Self {
        Self::new(secs - self.span_secs / 2.0, self.span_secs)
    }

    pub fn contains(&self, secs: f64) -> bool {
        secs >= self.start_secs && secs <= self.end_secs()
    }

    fn clamped(self) -> Self {
        let span = if self.span_secs.is_finite() {
            self.span_secs.clamp(MIN_SPAN_SECS, MAX_SPAN_SECS)
        } else {
            MAX_SPAN_SECS
        };
        // Keep the whole window inside chrono's calendar (±262,143 years) with room to spare.
        const LIMIT: f64 = 200_000.0 * 365.2425 * 86_400.0;
        let start = if self.start_secs.is_finite() {
            self.start_secs.clamp(-LIMIT, LIMIT - span)
        } else {
            0.0
        };
        TimeView {
            start_secs: start,
            span_secs: span,
        }
    }

    /// Interpolates between two views; zoom is interpolated in log-space so that a large zoom
    /// change feels uniform, and the centre follows linearly.
    pub fn lerp(&self, to: &TimeView, t: f64) -> TimeView {
        let t = t.clamp(0.0, 1.0);
        let span = (self.span_secs.ln() * (1.0 - t) + to.span_secs.ln() * t).exp();
        let centre = self.centre_secs() * (1.0 - t) + to.centre_secs() * t;
        TimeView::new(centre - span / 2.0, span)
    }
}

/// A running transition between two views.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewAnimation {
    pub from: TimeView,
    pub to: TimeView,
    pub start_time: f64,
    pub duration: f64,
}

impl ViewAnimation {
    /// The view at `now` (seconds on the UI clock) and whether the animation has finished.
    pub fn sample(&self, now: f64) -> (TimeView, bool) {
        if self.duration <= 0.0 {
            return (self.to, true);
        }
        let t = ((now - self.start_time) / self.duration).clamp(0.0, 1.0);
        if t <= 0.0 {
            (self.from, false)
        } else if t >= 1.0 {
            (self.to, true)
        } else {
            (self.from.lerp(&self.to, ease_in_out(t)), false)
        }
    }
}

/// Cubic ease-in-out: starts and ends gently.
pub fn ease_in_out(t: f64) -> f64 {
    if t < 0.5 {
        4.0 * t * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
    }
}

/// A view showing every event and era.
pub fn fit_view(timeline: &Timeline) -> TimeView {
    match timeline.time_bounds() {
        Some((lo, hi)) => TimeView::fit(lo, hi + (hi - lo) * FIT_LABEL_ROOM),
        None => TimeView::fit(0.0, 365.2425 * 86_400.0 * 30.0),
    }
}

/// A view around one event that keeps its neighbours in context: the event's own extent (at
/// least a day), widened to show the previous and next events when they are near.
pub fn event_view(timeline: &Timeline, index: usize) -> Option<TimeView> {
    let starts = timeline.start_secs();
    let ends = timeline.end_secs();
    let (s, e) = (*starts.get(index)?, *ends.get(index)?);
    let own = (e - s).max(86_400.0 * 3.0);
    let mut lo = s - own * 0.5;
    let mut hi = s.max(e) + own * 0.5;
    // Context: the neighbours, unless they are so far away that the event would shrink to a dot.
    let max_context = own * 40.0;
    if index > 0 && s - starts[index - 1] < max_context {
        lo = lo.min(starts[index - 1]);
    }
    if index + 1 < starts.len() && starts[index + 1] - s < max_context {
        hi = hi.max(starts[index + 1]);
    }
    Some(TimeView::fit(lo, hi))
}

/// A view from the start of `from` to the end of `to` ("2022-07" to "2022-07" is all of July),
/// naive dates read in `zone`; `None` unless it runs forwards.
pub fn range_view(from: &Date, to: &Date, zone: &DisplayZone) -> Option<TimeView> {
    let (lo, hi) = (from.start_secs_in(zone), to.end_of_precision_secs_in(zone));
    (hi > lo).then(|| TimeView::new(lo, hi - lo))
}

/// Events sampled to decide what a view shows: enough for a clear majority, and cheap.
const ZONE_SAMPLE: usize = 10_000;

/// The view after `timeline`'s display zone changes from `old` to `new`, so that what was in view
/// stays in view. Naive dates move with the zone (they keep their wall-clock time) and dates with
/// an offset do not (they are instants), so the view follows the kind most of the events it
/// shows are: it keeps its wall-clock reading for naive ones (the axis reads the same times),
/// its instants for the others (the same events, read in the new zone).
pub fn view_after_zone_change(
    view: TimeView,
    timeline: &Timeline,
    old: &DisplayZone,
    new: &DisplayZone,
) -> TimeView {
    let (mut naive, mut instants) = (0usize, 0usize);
    for i in timeline
        .visible(view.start_secs, view.end_secs())
        .take(ZONE_SAMPLE)
    {
        match timeline.event(i).and_then(|e| e.start.offset()) {
            Some(_) => instants += 1,
            None => naive += 1,
        }
    }
    if instants > naive {
        return view;
    }
    let rewall = |secs: f64| {
        let whole = secs.floor();
        new.place_wall(old.wall_secs(whole as i64)) as f64 + (secs - whole)
    };
    let start = rewall(view.start_secs);
    TimeView::new(start, (rewall(view.end_secs()) - start).max(MIN_SPAN_SECS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline_of(dates: &[&str]) -> Timeline {
        let events = dates
            .iter()
            .enumerate()
            .map(|(k, d)| {
                crate::model::Event::new(format!("e{k}"), "E", Date::parse_iso(d).unwrap())
            })
            .collect();
        Timeline::new(crate::model::TimelineMeta::default(), events)
    }

    #[test]
    fn a_zone_change_keeps_naive_events_and_instants_in_view() {
        let mexico = DisplayZone::parse("America/Mexico_City").unwrap();
        let utc = DisplayZone::Utc;
        // Naive 09:30: the axis keeps reading 09:00-10:00, where the event now sits.
        let mut naive = timeline_of(&["1985-02-07T09:30"]);
        let at = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        let view = TimeView::new(at("1985-02-07T09:00"), 3_600.0);
        let after = view_after_zone_change(view, &naive, &utc, &mexico);
        naive.set_display_zone(mexico);
        assert_eq!(after.start_secs, at("1985-02-07T09:00-06:00"));
        assert_eq!(after.span_secs, 3_600.0);
        assert!(after.contains(naive.start_secs()[0]));
        // An instant: the view stays on the same instants.
        let instant = timeline_of(&["1985-02-07T09:30Z"]);
        assert_eq!(view_after_zone_change(view, &instant, &utc, &mexico), view);
    }

    #[test]
    fn x_and_time_are_inverse() {
        let v = TimeView::new(1.0e9, 3.6e3);
        for x in [0.0_f32, 1.0, 512.5, 1919.0] {
            let t = v.time_from_x(x, 1920.0);
            assert!((v.x_from_time(t, 1920.0) - x).abs() < 1e-3);
        }
    }

    #[test]
    fn zoom_keeps_the_instant_under_the_pointer() {
        let v = TimeView::new(0.0, 1.0e6);
        let anchor = v.time_from_x(300.0, 1000.0);
        let z = v.zoom_at(300.0, 1000.0, 4.0);
        assert!((z.span_secs - 2.5e5).abs() < 1e-6);
        assert!((z.time_from_x(300.0, 1000.0) - anchor).abs() < 1e-6);
    }

    #[test]
    fn one_second_span_keeps_precision_in_the_deep_past() {
        // Year −100,000 is about −3.2e12 s; a 1 s span must still resolve sub-second pixels.
        let start = -3.2e12;
        let v = TimeView::new(start, 1.0);
        assert_eq!(v.span_secs, 1.0);
        let x = v.x_from_time(start + 0.5, 1000.0);
        assert!((x - 500.0).abs() < 0.01, "{x}");
        let z = v.zoom_at(500.0, 1000.0, 1000.0);
        assert_eq!(z.span_secs, MIN_SPAN_SECS, "zoom stops at one second");
    }

    #[test]
    fn span_is_clamped_and_bad_numbers_do_not_escape() {
        assert_eq!(TimeView::new(0.0, 1.0e30).span_secs, MAX_SPAN_SECS);
        let v = TimeView::new(f64::NAN, f64::INFINITY);
        assert!(v.start_secs.is_finite() && v.span_secs.is_finite());
        assert_eq!(
            TimeView::new(0.0, 10.0)
                .zoom_at(0.0, 100.0, f64::NAN)
                .span_secs,
            10.0
        );
    }

    #[test]
    fn fit_adds_a_margin_and_animation_lands_exactly() {
        let v = TimeView::fit(0.0, 100.0 * 86_400.0);
        assert!(v.start_secs < 0.0 && v.end_secs() > 100.0 * 86_400.0);
        let a = ViewAnimation {
            from: TimeView::new(0.0, 10.0),
            to: TimeView::new(1.0e9, 1.0e7),
            start_time: 1.0,
            duration: 0.5,
        };
        assert_eq!(a.sample(1.0).0, a.from);
        let (mid, done) = a.sample(1.25);
        assert!(!done && mid.span_secs > 10.0 && mid.span_secs < 1.0e7);
        assert_eq!(a.sample(2.0), (a.to, true));
    }
}
