//! Event label placement within one lane: which label row each event takes and how much of its
//! title shows. A label runs as far as the free space allows — up to the next occupied interval
//! in its row, or the canvas edge — and is only then wrapped onto a second line (where the row
//! below is free) or cut with "…". Pure: text is measured by the caller's `measure`.
//!
//! ```text
//!  row 0   ● Mexico sends 29 cartel figures to U.S. custody     ● Next event
//!  row 1        ● A long title that meets the next mark is    ● Other
//!  row 2          wrapped onto the row below when it is free
//! ```
//!
//! Events come in start order. Each takes the first row whose occupied interval ends before its
//! own starts (first fit). A lane's header row (its name on the left, its notes on the right) is
//! row 0 when the caller offers it: a label takes the free stretch between them rather than open
//! a new row, so a lane with few events needs no row of its own below its name. When every row the lane can show is busy, the row whose last label
//! can give up the most room is chosen and that label is shortened to end a gap before the new
//! mark — never below `min_width`. Otherwise the event goes to the lane's strip, unlabelled.

/// One event that may get a label, in canvas points.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Left end of what the mark covers (marker, precision span or range bar).
    pub mark_left: f32,
    /// Right end of what the mark covers.
    pub mark_right: f32,
    /// Where a label to the right of the mark starts: after the marker and any precision span.
    pub label_left: f32,
    /// Where a label flipped to the left of the mark must end, if flipping is allowed.
    pub flip_right: Option<f32>,
    /// The full label text and its width on one line.
    pub text: String,
    pub text_w: f32,
    /// False past the label budget: the event goes to the strip.
    pub wants_label: bool,
}

/// The limits of one lane's placement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    pub canvas_left: f32,
    pub canvas_right: f32,
    /// Free space kept after a label (or mark) before the next one in its row.
    pub gap: f32,
    /// A label is never cut narrower than this (or its own width, if smaller).
    pub min_width: f32,
    /// Rows the lane can show (the header row included, when offered); `usize::MAX` to ask how
    /// many it would need.
    pub capacity: usize,
    /// The free stretch `(from, to)` of the lane's header row between its name and its notes:
    /// row 0 then is that row, tried only after every other row. `None`: no header row.
    pub header: Option<(f32, f32)>,
}

/// Where one label went: its row (a wrapped label also covers the row below), its box and the
/// lines it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub row: usize,
    pub left: f32,
    /// Width of the box the text was fitted into.
    pub width: f32,
    /// One or two lines; the last ends in "…" when the title did not fit.
    pub lines: Vec<String>,
    pub truncated: bool,
    /// Width of the widest shown line.
    pub text_width: f32,
}

#[derive(Default)]
struct Row {
    /// Occupied up to here (gap included).
    right: f32,
    /// Nothing may reach past this (the header row's notes); infinite for other rows.
    limit: f32,
    /// The labelled event ending the row, whose label may still be shortened.
    last: Option<usize>,
    /// Every occupied interval (gap included), so a wrapped line can find a free stretch.
    spans: Vec<(f32, f32)>,
}

impl Row {
    fn new() -> Row {
        Row {
            right: f32::NEG_INFINITY,
            limit: f32::INFINITY,
            ..Row::default()
        }
    }

    /// The header row: free only from `from` to `to`.
    fn header((from, to): (f32, f32)) -> Row {
        Row {
            right: from,
            limit: to,
            ..Row::default()
        }
    }

    /// Whether an occupied interval (its trailing gap included) fits at the row's end.
    fn takes(&self, occupied_left: f32, occupied_right: f32, gap: f32) -> bool {
        self.right < occupied_left && occupied_right - gap <= self.limit
    }

    fn occupy(&mut self, left: f32, right: f32, last: Option<usize>) {
        self.spans.push((left, right));
        self.right = self.right.max(right);
        self.last = last;
    }

    fn is_free(&self, left: f32, right: f32) -> bool {
        self.spans.iter().all(|&(a, b)| b < left || a > right)
    }
}

#[derive(Clone, Copy)]
struct Slot {
    row: usize,
    /// Index of the slot's interval in its row's `spans`.
    span: usize,
    left: f32,
    width: f32,
    flipped: bool,
    wrapped: bool,
}

/// Places the labels of one lane's events (in start order). Returns each event's placement
/// (`None`: in the strip) and the number of rows used.
pub fn place_labels(
    candidates: &[Candidate],
    rules: Rules,
    measure: &dyn Fn(&str) -> f32,
) -> (Vec<Option<Placement>>, usize) {
    let mut rows: Vec<Row> = rules.header.map(Row::header).into_iter().collect();
    // Rows in the order they are tried: the header row (if any) last.
    let header_rows = usize::from(rules.header.is_some());
    let order = |n: usize| (header_rows..n).chain(0..header_rows.min(n));
    let mut slots: Vec<Option<Slot>> = vec![None; candidates.len()];
    for (i, c) in candidates.iter().enumerate() {
        if !c.wants_label {
            continue;
        }
        let min_w = rules.min_width.min(c.text_w);
        // Where the label may go, best first: whole to the right; whole flipped left (near the
        // right edge); cut at the canvas edge. The first that finds a free row wins.
        let right_room = rules.canvas_right - c.label_left;
        // At most two options, kept on the stack: this runs for every label of every frame.
        let mut slots_of_options = [(0.0, 0.0, false); 2];
        let mut count = 0;
        let mut offer = |option: (f32, f32, bool)| {
            slots_of_options[count] = option;
            count += 1;
        };
        if c.text_w <= right_room {
            offer((c.label_left, c.text_w, false));
        } else {
            if let Some(end) = c
                .flip_right
                .filter(|&end| end - c.text_w >= rules.canvas_left)
            {
                offer((end - c.text_w, c.text_w, true));
            }
            if right_room >= min_w {
                offer((c.label_left, right_room, false));
            }
        }
        let options = &slots_of_options[..count];
        let extent = |&(left, width, _): &(f32, f32, bool)| {
            (
                c.mark_left.min(left),
                (left + width).max(c.mark_right) + rules.gap,
            )
        };
        let free_row = |whole: bool| {
            options
                .iter()
                .filter(|o| (o.1 >= c.text_w) == whole)
                .find_map(|o| {
                    let (occ_left, occ_right) = extent(o);
                    order(rows.len())
                        .find(|&r| rows[r].takes(occ_left, occ_right, rules.gap))
                        .map(|r| (*o, r))
                })
        };
        // A whole label in a free row; else a whole label in a new row; else a cut one.
        let whole_row = free_row(true);
        let cut_row = free_row(false);
        let (option, row) = match (whole_row, options.first()) {
            (Some((o, r)), _) => (o, Some(r)),
            (None, None) => continue,
            (None, Some(&first)) if rows.len() < rules.capacity => {
                rows.push(Row::new());
                (first, Some(rows.len() - 1))
            }
            (None, Some(_)) if cut_row.is_some() => {
                let (o, r) = cut_row.unwrap_or_default();
                (o, Some(r))
            }
            (None, Some(&first)) => {
                // Shortening a row's last label only helps a label that goes right.
                let o = options.iter().copied().find(|o| !o.2).unwrap_or(first);
                (o, make_room(candidates, &rows, &slots, extent(&o), rules))
            }
        };
        let (left, width, flipped) = option;
        let (occupied_left, occupied_right) = extent(&option);
        let Some(row) = row else {
            continue;
        };
        if let Some(j) = rows[row].last
            && let Some(slot) = slots[j]
            && slot.left + slot.width + rules.gap >= occupied_left
            && !slot.flipped
        {
            // The previous label in this row gave up room: it may wrap below.
            let shortened = occupied_left - rules.gap - slot.left;
            slots[j] = Some(Slot {
                width: shortened,
                ..slot
            });
            if let Some(span) = rows[row].spans.get_mut(slot.span) {
                span.1 = span.1.min(occupied_left - 0.5);
            }
            try_wrap(&mut rows, &mut slots, j, candidates[j].text_w, rules);
        }
        let span = rows[row].spans.len();
        rows[row].occupy(occupied_left, occupied_right, Some(i));
        slots[i] = Some(Slot {
            row,
            span,
            left,
            width,
            flipped,
            wrapped: false,
        });
        if width < c.text_w {
            // Cut at the canvas edge: wrap if the row below is free.
            try_wrap(&mut rows, &mut slots, i, c.text_w, rules);
        }
    }
    let used = rows.len();
    let placements = candidates
        .iter()
        .zip(slots)
        .map(|(c, slot)| {
            let slot = slot?;
            let (lines, truncated) = if slot.width >= c.text_w {
                (vec![c.text.clone()], false)
            } else if slot.wrapped {
                wrap_two_lines(&c.text, slot.width, measure)
            } else {
                let (line, cut) = fit_line(&c.text, slot.width, measure);
                (vec![line], cut)
            };
            let text_width = if truncated || lines.len() > 1 {
                lines.iter().map(|l| measure(l)).fold(0.0, f32::max)
            } else {
                c.text_w
            };
            Some(Placement {
                row: slot.row,
                left: slot.left,
                width: slot.width,
                lines,
                truncated,
                text_width,
            })
        })
        .collect();
    (placements, used)
}

/// Every row is busy at `occupied_left`: the row whose last label can give up the most room
/// while keeping `min_width` and clearing its own mark. `None` if none can.
fn make_room(
    candidates: &[Candidate],
    rows: &[Row],
    slots: &[Option<Slot>],
    (occupied_left, occupied_right): (f32, f32),
    rules: Rules,
) -> Option<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, row)| occupied_right - rules.gap <= row.limit)
        .filter_map(|(r, row)| {
            let j = row.last?;
            let slot = slots[j]?;
            let prev = &candidates[j];
            let room = occupied_left - rules.gap - slot.left;
            let keeps = rules.min_width.min(prev.text_w);
            (!slot.flipped && prev.mark_right + rules.gap < occupied_left && room >= keeps)
                .then_some((r, room))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(r, _)| r)
}

/// Lets the label of `j`, now narrower than its text, continue on the row below when that row
/// exists (or can) and is free from the label's start on.
fn try_wrap(rows: &mut Vec<Row>, slots: &mut [Option<Slot>], j: usize, text_w: f32, rules: Rules) {
    let Some(slot) = slots[j] else { return };
    if slot.wrapped || slot.width >= text_w {
        return;
    }
    let below = slot.row + 1;
    if below >= rules.capacity {
        return;
    }
    if below == rows.len() {
        rows.push(Row::new());
    }
    let end = slot.left + slot.width + rules.gap;
    if !rows[below].is_free(slot.left, end) {
        return;
    }
    // The row's last label stays shortenable only if the second line is left of it.
    let last = rows[below].last.filter(|_| rows[below].right > end);
    rows[below].occupy(slot.left, end, last);
    slots[j] = Some(Slot {
        wrapped: true,
        ..slot
    });
}

/// `text` on one line of at most `max_w`: whole, or cut with "…" (at a word end when one is
/// close). Returns the line and whether it was cut.
pub fn fit_line(text: &str, max_w: f32, measure: &dyn Fn(&str) -> f32) -> (String, bool) {
    if measure(text) <= max_w {
        return (text.to_owned(), false);
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // The longest prefix that fits with the ellipsis: binary search on the character count.
    let fits = |n: usize| {
        let end = chars.get(n).map_or(text.len(), |&(b, _)| b);
        measure(&format!("{}…", text[..end].trim_end())) <= max_w
    };
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let end = chars.get(lo).map_or(text.len(), |&(b, _)| b);
    let mut cut = text[..end].trim_end();
    // Prefer ending at a word when that loses at most a third of what fits.
    if let Some(space) = cut.rfind(' ')
        && space * 3 >= cut.len() * 2
    {
        cut = cut[..space].trim_end();
    }
    (format!("{cut}…"), true)
}

/// `text` in at most two lines of `max_w`: the first breaks after the last whole word that
/// fits, the second is cut with "…" if needed. A first word wider than a line gives one cut line.
pub fn wrap_two_lines(
    text: &str,
    max_w: f32,
    measure: &dyn Fn(&str) -> f32,
) -> (Vec<String>, bool) {
    let mut first_end = None;
    for (b, _) in text.match_indices(' ') {
        if measure(text[..b].trim_end()) <= max_w {
            first_end = Some(b);
        } else {
            break;
        }
    }
    let Some(b) = first_end else {
        let (line, cut) = fit_line(text, max_w, measure);
        return (vec![line], cut);
    };
    let first = text[..b].trim_end().to_owned();
    let (second, cut) = fit_line(text[b..].trim_start(), max_w, measure);
    (vec![first, second], cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mono(s: &str) -> f32 {
        s.chars().count() as f32 * 7.0
    }

    fn point(x: f32, text: &str) -> Candidate {
        Candidate {
            mark_left: x - 5.0,
            mark_right: x + 5.0,
            label_left: x + 9.0,
            flip_right: Some(x - 9.0),
            text: text.to_owned(),
            text_w: mono(text),
            wants_label: true,
        }
    }

    fn rules(capacity: usize) -> Rules {
        Rules {
            canvas_left: 0.0,
            canvas_right: 1000.0,
            gap: 10.0,
            min_width: 50.0,
            capacity,
            header: None,
        }
    }

    #[test]
    fn a_label_uses_all_the_room_up_to_the_next_mark() {
        let long = "Mexico sends 29 cartel figures to U.S. custody"; // 46 chars = 322 px
        let cands = [point(100.0, long), point(600.0, "Next")];
        let (p, rows) = place_labels(&cands, rules(1), &mono);
        assert_eq!(rows, 1);
        let first = p[0].as_ref().expect("labelled");
        assert_eq!(first.lines, [long]);
        assert!(!first.truncated);
        assert_eq!(p[1].as_ref().map(|p| p.row), Some(0));
    }

    #[test]
    fn with_one_row_the_label_is_cut_a_gap_before_the_next_mark() {
        let long = "Mexico sends 29 cartel figures to U.S. custody";
        let cands = [point(100.0, long), point(300.0, "Next")];
        let (p, _) = place_labels(&cands, rules(1), &mono);
        let first = p[0].as_ref().expect("labelled");
        assert!(first.truncated);
        // Ends a gap before the next mark's left edge (295).
        assert_eq!(first.left + first.width, 295.0 - 10.0);
        assert!(mono(&first.lines[0]) <= first.width);
        assert!(first.lines[0].ends_with('…'));
        assert!(p[1].is_some());
    }

    #[test]
    fn with_a_free_row_below_a_cut_label_wraps_onto_it() {
        let long = "Mexico sends 29 cartel figures to U.S. custody";
        let cands = [point(100.0, long), point(300.0, "Next")];
        // Two rows: the second event first-fits into row 1? No: row 0 is busy, row 1 is new.
        let (p, rows) = place_labels(&cands, rules(2), &mono);
        assert_eq!(rows, 2);
        assert_eq!(p[1].as_ref().map(|p| p.row), Some(1));
        assert_eq!(p[0].as_ref().map(|p| p.lines.len()), Some(1));
        // Three events, two rows: the third shortens the first, which wraps into… row 1 is taken
        // from x = 295 on, but the first label starts at 109: row 1 is not free there.
        let cands = [point(100.0, long), point(120.0, "B"), point(300.0, "C")];
        let (p, _) = place_labels(&cands, rules(2), &mono);
        assert!(p.iter().all(Option::is_some));
    }

    #[test]
    fn a_label_wraps_where_the_row_below_is_free() {
        let long = "Mexico sends 29 cartel figures to U.S. custody";
        // Row 0: the long label, then a mark at 300 that must share row 0 (capacity 2, but the
        // wrapped line claims row 1 first).
        let cands = [point(100.0, long), point(300.0, "Next")];
        let r = Rules {
            capacity: 2,
            ..rules(2)
        };
        let (p, _) = place_labels(&cands, r, &mono);
        // Second event opened row 1: no wrap was needed for the first.
        assert!(p[0].as_ref().is_some_and(|p| !p.truncated));
        // At the canvas edge with no flip room, a label wraps onto the free row below.
        let mut edge = point(800.0, long);
        edge.flip_right = None;
        let (p, rows) = place_labels(&[edge], rules(3), &mono);
        let label = p[0].as_ref().expect("labelled");
        assert_eq!(rows, 2);
        assert_eq!(label.lines.len(), 2);
        assert!(label.lines.iter().all(|l| mono(l) <= label.width));
    }

    #[test]
    fn near_the_right_edge_a_label_flips_left() {
        let cands = [point(950.0, "Released")];
        let (p, _) = place_labels(&cands, rules(1), &mono);
        let label = p[0].as_ref().expect("labelled");
        assert_eq!(label.left + label.width, 941.0);
        assert!(!label.truncated);
    }

    #[test]
    fn without_room_for_even_a_short_label_the_event_goes_to_the_strip() {
        let cands = [point(100.0, "First label"), point(110.0, "Second")];
        let (p, rows) = place_labels(&cands, rules(1), &mono);
        assert_eq!(rows, 1);
        assert!(p[0].is_some());
        assert!(p[1].is_none());
    }

    #[test]
    fn labels_share_the_header_row_only_in_its_free_stretch_and_after_other_rows() {
        // The header row is free from 150 (after the lane's name) to 900 (before its note).
        let r = Rules {
            header: Some((150.0, 900.0)),
            ..rules(usize::MAX)
        };
        // A mark left of the name's end cannot take the header row: it opens row 1.
        let (p, rows) = place_labels(&[point(100.0, "Early")], r, &mono);
        assert_eq!((p[0].as_ref().map(|p| p.row), rows), (Some(1), 2));
        // One right of it takes the header row: the lane needs no other row.
        let (p, rows) = place_labels(&[point(300.0, "Later")], r, &mono);
        assert_eq!((p[0].as_ref().map(|p| p.row), rows), (Some(0), 1));
        // Row 1 is tried before the header row.
        let cands = [point(100.0, "Early"), point(300.0, "Later")];
        let (p, rows) = place_labels(&cands, r, &mono);
        assert_eq!(
            p.iter()
                .map(|p| p.as_ref().map(|p| p.row))
                .collect::<Vec<_>>(),
            [Some(1), Some(1)]
        );
        assert_eq!(rows, 2);
        // Nothing reaches past the stretch's end: a label ending at 930 needs a row of its own.
        let (p, _) = place_labels(&[point(850.0, "Near the note")], r, &mono);
        let label = p[0].as_ref().expect("labelled");
        assert_ne!(label.row, 0, "{label:?}");
        // With a single row (the header) and no free stretch, the event goes to the strip.
        let closed = Rules {
            header: Some((500.0, 500.0)),
            ..rules(1)
        };
        let (p, rows) = place_labels(&[point(300.0, "Later")], closed, &mono);
        assert_eq!((p[0].clone(), rows), (None, 1));
    }

    #[test]
    fn fit_line_cuts_with_an_ellipsis_that_fits() {
        assert_eq!(fit_line("Short", 100.0, &mono), ("Short".to_owned(), false));
        let (line, cut) = fit_line("Mexico sends 29 cartel figures", 100.0, &mono);
        assert!(cut && line.ends_with('…') && mono(&line) <= 100.0, "{line}");
        assert_eq!(line, "Mexico sends…");
        let (two, _) = wrap_two_lines("Mexico sends 29 cartel figures", 100.0, &mono);
        assert_eq!(two[0], "Mexico sends");
        assert!(mono(&two[1]) <= 100.0);
    }
}
