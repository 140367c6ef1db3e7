//! Tests of the pure layout: label placement never overlaps, culling feeds exactly the visible
//! events, density takes over when events outnumber pixels, and the selected event stays a mark.

use super::*;
use crate::model::{Date, Event, Lane, TimelineMeta};
use egui::Rect;

/// Fixed-width "font": 7 px per character, like a 13 px proportional font on average.
fn measure(s: &str) -> f32 {
    s.chars().count() as f32 * 7.0
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn random_timeline(rng: &mut Rng, n: usize, lanes: usize) -> Timeline {
    let meta = TimelineMeta {
        lanes: (0..lanes)
            .map(|k| Lane {
                id: format!("l{k}"),
                label: format!("Lane {k}"),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let events = (0..n)
        .map(|k| {
            let year = 1900 + rng.below(120) as i32;
            let start = match rng.below(4) {
                0 => Date::year(year),
                1 => Date::month(year, 1 + rng.below(12) as u32),
                _ => Date::day(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32),
            }
            .unwrap();
            // Titles of one to six words, as real ones are.
            let words = 1 + rng.below(6) as usize;
            let title = (0..words)
                .map(|_| "x".repeat(1 + rng.below(9) as usize))
                .collect::<Vec<_>>()
                .join(" ");
            let mut e = Event::new(format!("e{k}"), title, start);
            if rng.below(5) == 0 {
                e.end = Some(Date::year(year + 1 + rng.below(10) as i32).unwrap());
            }
            e.set_lane(rng.below(lanes as u64) as usize);
            e
        })
        .collect();
    Timeline::new(meta, events)
}

fn run(timeline: &Timeline, view: TimeView, canvas: Rect, hidden_lanes: &[bool]) -> Scene {
    run_pinned(timeline, view, canvas, hidden_lanes, None)
}

/// [`run`] with a selected event, which stays a mark whatever its lane shows.
fn run_pinned(
    timeline: &Timeline,
    view: TimeView,
    canvas: Rect,
    hidden_lanes: &[bool],
    pinned: Option<usize>,
) -> Scene {
    layout(&LayoutInput {
        timeline,
        view,
        canvas,
        metrics: Metrics::standard(),
        now_secs: None,
        lane_hidden: hidden_lanes,
        event_hidden: None,
        pinned,
        label_only: None,
        measure_label: &measure,
        measure_axis: &measure,
        measure_header: &measure,
    })
}

#[test]
fn labels_never_overlap_over_random_data_and_views() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut wrapped, mut truncated, mut in_header) = (0, 0, 0);
    for round in 0..120 {
        let (n, lanes) = (50 + rng.below(400) as usize, 1 + rng.below(5) as usize);
        let t = random_timeline(&mut rng, n, lanes);
        let (lo, hi) = t.time_bounds().unwrap();
        let span = (hi - lo) * (0.01 + (rng.below(1000) as f64) / 1000.0);
        let start = lo + (hi - lo - span) * (rng.below(1000) as f64 / 1000.0);
        let canvas = Rect::from_min_size(
            pos2(10.0, 20.0),
            egui::vec2(
                600.0 + rng.below(1400) as f32,
                300.0 + rng.below(700) as f32,
            ),
        );
        let scene = run(&t, TimeView::new(start, span), canvas, &[]);
        // Each label's box: one row high, or two for a wrapped label, as wide as its text.
        let labelled: Vec<(Rect, usize)> = scene
            .marks
            .iter()
            .filter_map(|m| {
                m.label.as_ref().map(|l| {
                    let r = l.rect();
                    (
                        Rect::from_min_max(
                            pos2(r.left(), r.top() + 4.0),
                            pos2(r.left() + l.text_width.min(l.max_width), r.bottom() - 4.0),
                        ),
                        m.event,
                    )
                })
            })
            .collect();
        wrapped += scene
            .marks
            .iter()
            .filter(|m| m.label.as_ref().is_some_and(|l| l.lines.len() == 2))
            .count();
        truncated += scene
            .marks
            .iter()
            .filter(|m| m.label.as_ref().is_some_and(|l| l.truncated))
            .count();
        for m in &scene.marks {
            if let Some(l) = &m.label {
                assert!(l.lines.len() <= 2, "round {round}: {l:?}");
                assert!(
                    l.text_width <= l.max_width + 0.01,
                    "round {round}: text wider than its box: {l:?}"
                );
                assert!(
                    l.pos.x >= canvas.left() - 0.01
                        && l.pos.x + l.max_width <= canvas.right() + 0.01,
                    "round {round}: label off the canvas: {l:?}"
                );
            }
        }
        for (a, (ra, ea)) in labelled.iter().enumerate() {
            for (rb, eb) in &labelled[a + 1..] {
                assert!(
                    !ra.intersects(*rb),
                    "round {round}: labels of events {ea} and {eb} overlap: {ra:?} {rb:?}"
                );
            }
            // A label never covers another event's marker in the same row.
            for m in scene
                .marks
                .iter()
                .filter(|m| !m.in_strip && m.event != *ea && m.kind == MarkKind::Point)
            {
                let marker = Rect::from_center_size(pos2(m.x, m.y), egui::vec2(8.0, 8.0));
                assert!(
                    !ra.intersects(marker),
                    "round {round}: label of {ea} covers the marker of {}",
                    m.event
                );
            }
        }
        // Labels sharing a lane's header row keep clear of its name, its note and its hints.
        for band in &scene.lanes {
            let header = |x0: f32, x1: f32| {
                Rect::from_min_max(
                    pos2(x0, band.rect.top() + 1.0),
                    pos2(x1, band.rect.top() + band.header_height - 1.0),
                )
            };
            let hint = |side| {
                scene
                    .offscreen
                    .iter()
                    .find(|h| h.lane == band.lane && h.side == side)
            };
            let name_x =
                hint(Side::Before).map_or(band.rect.left(), |h| h.rect.right()) + NAME_INSET;
            let name = &t.lanes()[band.lane].label;
            let mut taken = vec![header(name_x, name_x + measure(name))];
            if band.hidden_labels > 0 {
                let right =
                    hint(Side::After).map_or(band.rect.right(), |h| h.rect.left()) - NOTE_INSET;
                let note = unlabelled_note(band.hidden_labels);
                taken.push(header(right - measure(&note), right));
            }
            taken.extend(
                scene
                    .offscreen
                    .iter()
                    .filter(|h| h.lane == band.lane)
                    .map(|h| h.rect),
            );
            in_header += scene
                .marks
                .iter()
                .filter(|m| m.lane == band.lane && m.label.is_some())
                .filter(|m| (m.y - band.rect.top() - band.header_height / 2.0).abs() < 0.01)
                .count();
            for (label, event) in &labelled {
                for busy in &taken {
                    assert!(
                        !label.intersects(*busy),
                        "round {round}: label of {event} covers the header of lane {}: {label:?} {busy:?}",
                        band.lane
                    );
                }
            }
        }
        // Every visible event appears exactly once as a mark (no lane is dense at this size),
        // but for the ranges over the whole view of a lane that bundles them.
        let visible: Vec<usize> = t.visible(start, start + span).collect();
        if scene.lanes.iter().all(|l| !l.dense) {
            let mut marked: Vec<usize> = scene.marks.iter().map(|m| m.event).collect();
            marked.sort_unstable();
            let bundling = |i: usize| {
                scene
                    .lanes
                    .iter()
                    .any(|l| l.lane == t.lane_of()[i] as usize && l.spanning > 0)
            };
            let unmarked: Vec<usize> = visible
                .iter()
                .copied()
                .filter(|i| marked.binary_search(i).is_err())
                .collect();
            for &i in &unmarked {
                assert!(
                    bundling(i) && t.start_secs()[i] < start && t.end_secs()[i] >= start + span,
                    "round {round}: event {i} has no mark and is not a bundled range"
                );
            }
            let bundled: usize = scene.lanes.iter().map(|l| l.spanning).sum();
            assert_eq!(unmarked.len(), bundled, "round {round}");
            assert_eq!(marked.len() + bundled, visible.len(), "round {round}");
            let hidden: usize = scene.lanes.iter().map(|l| l.hidden_labels).sum();
            assert_eq!(
                hidden,
                scene.marks.iter().filter(|m| m.label.is_none()).count() + bundled
            );
        }
    }
    // The property covered wrapped and cut labels and labels in header rows, not only whole
    // ones in rows of their own.
    assert!(
        wrapped > 0 && truncated > 0 && in_header > 0,
        "{wrapped} wrapped, {truncated} cut, {in_header} in a header row"
    );
}

#[test]
fn labels_start_after_the_precision_span_at_every_zoom() {
    let mut rng = Rng(0xABCD_0000_5EED_0002);
    let mut checked = 0;
    for round in 0..80 {
        let (n, lanes) = (20 + rng.below(60) as usize, 1 + rng.below(3) as usize);
        let t = random_timeline(&mut rng, n, lanes);
        let (lo, hi) = t.time_bounds().unwrap();
        // From fit-all down to a few days.
        let span = (hi - lo) * 10f64.powf(-(rng.below(4000) as f64) / 1000.0);
        let start = lo + (hi - lo - span).max(0.0) * (rng.below(1000) as f64 / 1000.0);
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1400.0, 860.0));
        let scene = run(&t, TimeView::new(start, span), canvas, &[]);
        for m in &scene.marks {
            let Some(l) = &m.label else { continue };
            let end = l.pos.x + l.max_width;
            match (m.kind, m.vague) {
                (MarkKind::Point, Some((v0, v1))) => {
                    let wide = v1 - v0 > canvas.width() - l.max_width;
                    assert!(
                        l.pos.x >= v1 || end <= v0 || wide,
                        "round {round}: label {l:?} covers the span {v0}..{v1}"
                    );
                    checked += 1;
                }
                (MarkKind::Range, _) => {
                    let event = t.event(m.event).unwrap();
                    let span_px = if event.start.precision() < crate::model::Precision::Day {
                        (event.start.precision_span_secs() / span * 1400.0) as f32
                    } else {
                        0.0
                    };
                    assert!(
                        l.pos.x >= (m.x + span_px).max(canvas.left()) || end <= m.x,
                        "round {round}: label {l:?} covers the start of range {m:?}"
                    );
                }
                _ => {}
            }
        }
    }
    assert!(checked > 50, "only {checked} vague labels checked");
}

#[test]
fn density_takes_over_when_events_outnumber_pixels_and_counts_add_up() {
    let mut rng = Rng(42);
    let t = random_timeline(&mut rng, 20_000, 2);
    let view = TimeView::new(
        Date::year(1900).unwrap().start_secs(),
        Date::year(2030).unwrap().start_secs() - Date::year(1900).unwrap().start_secs(),
    );
    let canvas = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(800.0, 600.0));
    let scene = run(&t, view, canvas, &[]);
    assert!(scene.lanes.iter().all(|l| l.dense));
    assert_eq!(scene.marks.len(), 0);
    assert_eq!(scene.density.len(), 2);
    let total_visible: usize = scene.lanes.iter().map(|l| l.visible_count).sum();
    assert_eq!(total_visible, 20_000);
    // Points count once; ranges count in every bin they cover, so the sum is at least n.
    let sum: u64 = scene
        .density
        .iter()
        .flat_map(|d| d.counts.iter())
        .map(|&c| c as u64)
        .sum();
    assert!(sum >= 20_000);
}

/// A day inside a lane crossed by `long` ranges of several years, with three events that day,
/// minutes apart.
fn day_under_long_ranges(long: usize) -> (Timeline, TimeView, usize) {
    let meta = TimelineMeta {
        lanes: vec![Lane {
            id: "case".into(),
            label: "Case".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut events: Vec<Event> = (0..long)
        .map(|k| {
            let mut e = Event::new(
                format!("r{k}"),
                format!("Investigation {k}"),
                Date::year(1980 + (k % 5) as i32).unwrap(),
            );
            e.end = Some(Date::year(1990 + (k % 7) as i32).unwrap());
            e
        })
        .collect();
    // Minutes apart: their labels need a row each.
    for k in 0..3 {
        events.push(Event::new(
            format!("d{k}"),
            format!("Hearing {k}"),
            Date::time(1985, 2, 7, 9, 30 + k as u32, None).unwrap(),
        ));
    }
    let t = Timeline::new(meta, events);
    let day = Date::day(1985, 2, 7).unwrap().start_secs();
    let pinned = (0..t.len())
        .find(|&i| t.event(i).unwrap().id() == "r3")
        .unwrap();
    (t, TimeView::new(day, 86_400.0), pinned)
}

#[test]
fn many_ranges_over_the_whole_view_are_bundled_and_the_days_events_keep_their_labels() {
    let canvas = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1000.0, 400.0));
    // A few long ranges: each is a mark of its own.
    let (t, day, _) = day_under_long_ranges(SPANNING_MARKS_MAX);
    let scene = run(&t, day, canvas, &[]);
    assert_eq!(scene.lanes[0].spanning, 0);
    assert_eq!(scene.marks.len(), SPANNING_MARKS_MAX + 3);

    // Thousands: one bar, counted in the lane, and the day's three events still labelled.
    let (t, day, pinned) = day_under_long_ranges(5_000);
    let scene = run(&t, day, canvas, &[]);
    let lane = &scene.lanes[0];
    assert_eq!(lane.spanning, 5_000);
    assert_eq!(lane.visible_count, 5_003);
    assert!(lane.hidden_labels >= 5_000 && !lane.dense);
    let titles: Vec<&str> = scene
        .marks
        .iter()
        .filter(|m| m.label.is_some())
        .map(|m| t.event(m.event).unwrap().title())
        .collect();
    assert_eq!(titles, ["Hearing 0", "Hearing 1", "Hearing 2"]);
    assert_eq!(scene.marks.len(), 3);

    // Squeezed to fewer rows than its labels want, the lane keeps them clear of the bar.
    for height in [90.0, 100.0, 110.0, 120.0] {
        let tight = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1000.0, height));
        let scene = run(&t, day, tight, &[]);
        let band = &scene.lanes[0];
        let strip_top = band.rect.bottom() - Metrics::standard().strip_height;
        for label in scene.marks.iter().filter_map(|m| m.label.as_ref()) {
            assert!(
                label.rect().bottom() <= strip_top + 0.5,
                "height {height}: {:?} reaches into the strip below {strip_top}",
                label.rect()
            );
        }
    }

    // The selected range keeps its mark among the bundled ones.
    let scene = run_pinned(&t, day, canvas, &[], Some(pinned));
    assert!(scene.mark_of(pinned).is_some());
    assert_eq!(scene.marks.len(), 4);
}

#[test]
fn hidden_lanes_take_no_space_and_the_pinned_event_stays_a_mark() {
    let mut rng = Rng(7);
    let t = random_timeline(&mut rng, 5_000, 3);
    let (lo, hi) = t.time_bounds().unwrap();
    let canvas = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(500.0, 600.0));
    let hidden = [false, true, false];
    let pinned = t.lane_of().iter().position(|&l| l == 0).unwrap();
    let scene = run_pinned(&t, TimeView::fit(lo, hi), canvas, &hidden, Some(pinned));
    assert_eq!(
        scene.lanes.iter().map(|l| l.lane).collect::<Vec<_>>(),
        [0, 2]
    );
    assert!(scene.marks.iter().all(|m| m.lane != 1));
    assert!(scene.lanes[0].dense);
    assert!(
        scene.mark_of(pinned).is_some(),
        "the selected event is drawn even in a dense lane"
    );
}

#[test]
fn vague_dates_show_their_span_when_wide_enough() {
    let meta = TimelineMeta::default();
    let t = Timeline::new(
        meta,
        vec![Event::new(
            "y",
            "Sentenced",
            Date::parse_iso("1989-12").unwrap(),
        )],
    );
    let canvas = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1000.0, 400.0));
    let start = Date::parse_iso("1989-11").unwrap().start_secs();
    let end = Date::parse_iso("1990-02").unwrap().start_secs();
    let scene = run(&t, TimeView::new(start, end - start), canvas, &[]);
    let m = &scene.marks[0];
    let (v0, v1) = m.vague.expect("a month shown over a quarter is wide");
    assert!(v1 - v0 > 250.0);
    assert!(
        (m.x - (v0 + v1) / 2.0).abs() < 0.01,
        "the marker sits mid-span"
    );
    // Zoomed out to decades the month is a dot.
    let wide = run(&t, TimeView::new(start - 3.0e9, 6.0e9), canvas, &[]);
    assert_eq!(wide.marks[0].vague, None);
}

#[test]
fn visible_and_density_counts_match_a_brute_force_count() {
    let mut rng = Rng(0xC0FF_EE00_1234_5678);
    let (mut dense_rows, mut sparse_lanes) = (0, 0);
    for round in 0..40 {
        let lanes = 1 + rng.below(4) as usize;
        let n = 2_000 + rng.below(6_000) as usize;
        let t = random_timeline(&mut rng, n, lanes);
        let (lo, hi) = t.time_bounds().unwrap();
        let span = (hi - lo) * (0.002 + rng.below(1000) as f64 / 900.0);
        let start = lo - span * 0.1 + (hi - lo) * (rng.below(1000) as f64 / 1000.0);
        let view = TimeView::new(start, span);
        let width = 200.0 + rng.below(1700) as f32;
        let canvas = Rect::from_min_size(pos2(5.0, 0.0), egui::vec2(width, 700.0));
        let lane_hidden: Vec<bool> = (0..lanes).map(|_| rng.below(5) == 0).collect();
        let event_hidden: Vec<bool> = (0..t.len()).map(|_| rng.below(4) == 0).collect();
        let scene = layout(&LayoutInput {
            timeline: &t,
            view,
            canvas,
            metrics: Metrics::standard(),
            now_secs: None,
            lane_hidden: &lane_hidden,
            event_hidden: Some(&event_hidden),
            pinned: None,
            label_only: None,
            measure_label: &measure,
            measure_axis: &measure,
            measure_header: &measure,
        });
        let (from, to) = (view.start_secs, view.end_secs());
        let bins = (width / DENSITY_BIN_PX).ceil() as usize;
        for band in &scene.lanes {
            let shown = |i: usize| t.lane_of()[i] as usize == band.lane && !event_hidden[i];
            let visible = (0..t.len())
                .filter(|&i| shown(i) && t.start_secs()[i] <= to && t.end_secs()[i] >= from)
                .count();
            assert_eq!(band.visible_count, visible, "round {round}");
            let Some(row) = scene.density.iter().find(|d| d.lane == band.lane) else {
                assert!(!band.dense, "round {round}");
                sparse_lanes += 1;
                continue;
            };
            let mut counts = vec![0u32; bins];
            for i in (0..t.len()).filter(|&i| shown(i)) {
                let s = t.start_secs()[i];
                if s >= from && s <= to {
                    let bin = ((s - from) * bins as f64 / view.span_secs) as usize;
                    counts[bin.min(bins - 1)] += 1;
                }
            }
            assert_eq!(row.counts, counts, "round {round}");
            dense_rows += 1;
        }
    }
    assert!(
        dense_rows > 0 && sparse_lanes > 0,
        "{dense_rows} dense, {sparse_lanes} sparse"
    );
}
