//! Reading a big CSV file's rows on every core: the rows after the header are cut into parts
//! at line starts, each part is read on its own thread, and a part is kept only when the part
//! before it really ended where the cut was (a newline inside a quoted cell is not a row
//! boundary); otherwise it is read again from where the part before ended. The result is
//! exactly what one reader from the top gives. Knows no CSV format: the importers say what a
//! part is and merge the parts.

use super::Input;
use super::csv_util::{Header, Rows};
use super::error::LoadError;
use rayon::prelude::*;

/// Files smaller than this are read on one thread: below ~4 MB (~30k rows) a load takes
/// tens of milliseconds and more threads buy nothing.
pub(crate) const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Parts per thread: more parts than threads even out parts that are slower to read (long
/// descriptions, bad rows, a core busy elsewhere), and each part's result is freed into the
/// merged one as it goes. With 4, one thread read the last of ten million rows alone for 0.5 s.
const PARTS_PER_THREAD: usize = 16;

/// What the driver needs to know about a part once it has been read.
pub(crate) trait PartEnd {
    /// The byte of the file where the part's reader stopped.
    fn end(&self) -> usize;
    /// True when the reader stopped at an error that ends the file for a single reader too.
    fn stopped(&self) -> bool;
}

/// How many parts to cut a file of `len` bytes into: one below `min_bytes` (or on one core).
pub(crate) fn parts_for(len: usize, min_bytes: Option<usize>) -> usize {
    let threads = rayon::current_num_threads();
    match min_bytes {
        Some(min) if len >= min && threads >= 2 => (threads * PARTS_PER_THREAD)
            .min(len / (min / 4).max(1))
            .max(2),
        _ => 1,
    }
}

/// Reads the rows in `parts` parts with `read(first, rows, capacity)` (`first` for the part
/// that starts after the header), in parallel, and returns the parts in file order. Part 0 starts after the header and numbers rows as the file does; the
/// others number them from 0 at their first line (the importer adds the rows before).
pub(crate) fn read_parts<P, F>(
    input: &Input,
    header: &Header,
    parts: usize,
    read: F,
) -> Result<Vec<P>, LoadError>
where
    P: PartEnd + Send,
    F: Fn(bool, Rows, usize) -> P + Sync,
{
    let first = Rows::new(input, header)?;
    let data_start = first.position();
    let cuts = cut_points(input.text, data_start, parts);
    let reader = |k: usize, from: usize| -> P {
        let rows = if k == 0 {
            first_rows(input, header)
        } else {
            Rows::from_offset(input, header, from)
        };
        let rows = match cuts.get(k) {
            Some(&limit) => rows.with_limit(limit),
            None => rows,
        };
        let capacity = rows.estimated_rows();
        read(k == 0, rows, capacity)
    };
    if cuts.is_empty() {
        let capacity = first.estimated_rows();
        return Ok(vec![read(true, first, capacity)]);
    }
    // Part k reads from starts[k] up to the first row at or after cuts[k].
    let starts: Vec<usize> = std::iter::once(data_start)
        .chain(cuts.iter().copied())
        .collect();
    let mut read_parts: Vec<P> = starts
        .par_iter()
        .enumerate()
        .map(|(k, &from)| reader(k, from))
        .collect();
    // Keep each part whose start the part before really reached; read the others again.
    for k in 1..read_parts.len() {
        let before = &read_parts[k - 1];
        if before.stopped() {
            read_parts.truncate(k);
            break;
        }
        let reached = before.end();
        if reached != starts[k] {
            read_parts[k] = reader(k, reached);
        }
    }
    Ok(read_parts)
}

/// The rows of part 0: after the header. `Rows::new` already succeeded on the same text.
fn first_rows<'a>(input: &Input<'a>, header: &Header) -> Rows<'a> {
    Rows::new(input, header).unwrap_or_else(|_| Rows::from_offset(input, header, input.text.len()))
}

/// Up to `parts - 1` increasing cut points after `data_start`, each the start of a non-blank
/// line after a newline near an even share of the text.
pub(crate) fn cut_points(text: &str, data_start: usize, parts: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    if parts < 2 {
        return cuts;
    }
    let len = text.len().saturating_sub(data_start);
    for k in 1..parts {
        let near = data_start + len / parts * k;
        let after = cuts.last().copied().unwrap_or(data_start).max(near);
        if let Some(cut) = line_start_after(text, after)
            && cuts.last() != Some(&cut)
        {
            cuts.push(cut);
        }
    }
    cuts
}

/// The byte after a newline at or after `at` that starts a non-blank line.
fn line_start_after(text: &str, mut at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    loop {
        let newline = at + bytes.get(at..)?.iter().position(|&b| b == b'\n')?;
        let next = newline + 1;
        match bytes.get(next) {
            None => return None,
            Some(b'\n' | b'\r') => at = next,
            Some(_) => return Some(next),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_on_line_starts_and_increase() {
        let text = "h\na\n\nbb\r\n\r\nccc\ndddd\n";
        let cuts = cut_points(text, 2, 4);
        assert!(cuts.windows(2).all(|w| w[0] < w[1]), "{cuts:?}");
        for &c in &cuts {
            assert_eq!(text.as_bytes()[c - 1], b'\n');
            assert!(!matches!(text.as_bytes()[c], b'\n' | b'\r'));
        }
        assert_eq!(line_start_after("abc", 0), None);
        assert_eq!(line_start_after("a\n", 0), None);
        assert_eq!(line_start_after("a\n\nb", 0), Some(3));
    }

    #[test]
    fn small_files_stay_on_one_thread() {
        assert_eq!(parts_for(1000, Some(PARALLEL_MIN_BYTES)), 1);
        assert_eq!(parts_for(usize::MAX, None), 1);
    }
}
