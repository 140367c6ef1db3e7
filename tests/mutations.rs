//! Property tests: every importer's fixtures, mutated the ways files break (truncated, two
//! files spliced, bytes flipped, rows duplicated, nesting deepened), never panic and give
//! either a timeline or located errors with short messages. And load → write → load gives the
//! same timeline, over the fixtures and over generated sheets whose column names collide with
//! native fields.
//!
//! Case counts keep the whole file to a few seconds in a debug build; the fuzz targets in
//! `fuzz/` run the same checks millions of times.

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

use chronoscope::io;
use fuzz_checks::{HINTS, assert_same_after_round_trip, check_load};
use proptest::prelude::*;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fixtures per importer.
const NATIVE: &[&str] = &["native-full.json"];
const TIMELINEJS: &[&str] = &["timelinejs.json"];
const SHEET: &[&str] = &["timelinejs-sheet.csv", "timelinejs-v1-sheet.csv"];
const PLAIN: &[&str] = &["excel-plain.csv", "libreoffice-semicolon.csv"];
const ALL: [&[&str]; 4] = [NATIVE, TIMELINEJS, SHEET, PLAIN];

/// How a file breaks.
#[derive(Clone, Debug)]
enum Mutation {
    /// Cut at this fraction of the length (a download that stopped).
    Truncate(f64),
    /// The head of this file up to one fraction, then another file from another fraction.
    Splice(usize, f64, f64),
    /// XOR these bytes at these fractions of the length.
    Flip(Vec<(f64, u8)>),
    /// Repeat the line at this fraction this many times (rows pasted twice).
    DuplicateLine(f64, usize),
    /// Wrap the value at this fraction in this many arrays (or brackets in CSV).
    Deepen(f64, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0..6usize, 0.0..1.0f64, 0.0..1.0f64).prop_map(|(f, a, b)| Mutation::Splice(f, a, b)),
        proptest::collection::vec((0.0..1.0f64, 1..=255u8), 1..8).prop_map(Mutation::Flip),
        (0.0..1.0f64, 1..50usize).prop_map(|(at, n)| Mutation::DuplicateLine(at, n)),
        (0.0..1.0f64, 1..300usize).prop_map(|(at, n)| Mutation::Deepen(at, n)),
    ]
}

fn at(len: usize, fraction: f64) -> usize {
    ((len as f64 * fraction) as usize).min(len)
}

fn apply(original: &[u8], m: &Mutation) -> Vec<u8> {
    let mut bytes = original.to_vec();
    match m {
        Mutation::Truncate(f) => bytes.truncate(at(bytes.len(), *f)),
        Mutation::Splice(other, a, b) => {
            let all: Vec<&str> = ALL.iter().flat_map(|f| f.iter().copied()).collect();
            let other = fixture(all[other % all.len()]);
            bytes.truncate(at(bytes.len(), *a));
            bytes.extend_from_slice(&other[at(other.len(), *b)..]);
        }
        Mutation::Flip(flips) => {
            for (f, x) in flips {
                let i = at(bytes.len(), *f);
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= x;
                }
            }
        }
        Mutation::DuplicateLine(f, n) => {
            let i = at(bytes.len(), *f);
            let start = bytes[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| i + p + 1);
            let line = bytes[start..end].to_vec();
            for _ in 0..*n {
                bytes.splice(end..end, line.iter().copied());
            }
        }
        Mutation::Deepen(f, n) => {
            // Before a value: after a `:` or `,` or `[` near the point, or anywhere in CSV.
            let i = at(bytes.len(), *f);
            let i = bytes[i..]
                .iter()
                .position(|b| matches!(b, b':' | b',' | b'['))
                .map_or(i, |p| i + p + 1);
            let end = bytes[i..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b'\n'))
                .map_or(bytes.len(), |p| i + p);
            bytes.splice(end..end, std::iter::repeat_n(b']', *n));
            bytes.splice(i..i, std::iter::repeat_n(b'[', *n));
        }
    }
    bytes
}

fn load_every_way(bytes: &[u8]) {
    for hint in HINTS {
        let name = hint.map_or("mutated".to_string(), |e| format!("mutated.{e}"));
        check_load(&name, io::load_bytes(&name, bytes, hint));
    }
}

fn mutated(files: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    (0..files.len(), proptest::collection::vec(mutation(), 1..4)).prop_map(move |(k, ms)| {
        let mut bytes = fixture(files[k]);
        for m in &ms {
            bytes = apply(&bytes, m);
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 700, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_native_json_never_panics(bytes in mutated(NATIVE)) {
        load_every_way(&bytes);
    }

    #[test]
    fn mutated_timelinejs_json_never_panics(bytes in mutated(TIMELINEJS)) {
        load_every_way(&bytes);
    }

    #[test]
    fn mutated_timelinejs_sheets_never_panic(bytes in mutated(SHEET)) {
        load_every_way(&bytes);
    }

    #[test]
    fn mutated_plain_csv_never_panics(bytes in mutated(PLAIN)) {
        load_every_way(&bytes);
    }

    #[test]
    fn whatever_loads_survives_the_round_trip(bytes in mutated(&[
        "native-full.json", "timelinejs.json", "timelinejs-sheet.csv",
        "timelinejs-v1-sheet.csv", "excel-plain.csv", "libreoffice-semicolon.csv",
    ])) {
        if let Ok(loaded) = io::load_bytes("mutated", &bytes, None) {
            assert_same_after_round_trip(&loaded);
        }
    }
}

/// Column names for generated sheets: native field names, the synonyms importers read, case
/// variants, and unknown names, so that columns collide with native fields and each other.
const COLUMN_NAMES: &[&str] = &[
    "date",
    "title",
    "end",
    "tags",
    "Tags",
    "sources",
    "source",
    "url",
    "id",
    "lane",
    "color",
    "circa",
    "description",
    "display_date",
    "x-title",
    "x-end",
    "notes",
    "notes",
    "media",
    "background",
    "Year",
    "Headline",
    "Group",
    "Text",
    "Media",
    "start",
    "label",
    "order",
];

const CELLS: &[&str] = &[
    "1985",
    "1985-02-07",
    "2013-08",
    "A title",
    "Washington Post",
    "https://a.org/x",
    "https://a.org mailto:b@c.org",
    "a; b | c",
    "",
    "yes",
    "#D55E00",
    "<b>bold</b> &amp;",
    "x-title",
    "c. 1990",
];

/// A cell that suits its column, so that every generated sheet loads: dates under date
/// headers, a flag under "circa", a headline under "Headline"; any text elsewhere.
fn cell_for(column: &str, pick: usize) -> &'static str {
    const STARTS: &[&str] = &["1985", "1985-02-07", "c. 1985-02"];
    const ENDS: &[&str] = &["2013-08", "", "1990"];
    const FLAGS: &[&str] = &["yes", "", "x"];
    match column.to_ascii_lowercase().as_str() {
        "date" | "start" => STARTS[pick % STARTS.len()],
        "year" => "1985",
        "end" => ENDS[pick % ENDS.len()],
        "circa" => FLAGS[pick % FLAGS.len()],
        "headline" | "title" => "A title",
        _ => CELLS[pick % CELLS.len()],
    }
}

fn sheet() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(proptest::sample::select(COLUMN_NAMES), 2..9),
        proptest::collection::vec(proptest::collection::vec(0..64usize, 11), 1..6),
    )
        .prop_map(|(mut header, rows)| {
            // A start and a title column come first.
            header.splice(0..0, ["date", "title"]);
            let mut text = header.join(",");
            text.push('\n');
            for row in rows {
                let mut cells: Vec<String> = header
                    .iter()
                    .zip(&row)
                    .map(|(column, &pick)| format!("\"{}\"", cell_for(column, pick)))
                    .collect();
                cells[0] = "1985-02".into();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn colliding_column_names_survive_the_round_trip(text in sheet()) {
        let loaded = io::load_bytes("sheet.csv", text.as_bytes(), Some("csv"))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_same_after_round_trip(&loaded);
    }

    #[test]
    fn timelinejs_slides_with_native_keys_survive_the_round_trip(
        keys in proptest::collection::vec(proptest::sample::select(COLUMN_NAMES), 0..6)
    ) {
        let extra: Vec<String> = keys.iter().map(|k| format!("\"{k}\": \"v-{k}\"")).collect();
        let comma = if extra.is_empty() { "" } else { "," };
        let text = format!(
            "{{\"events\": [{{\"start_date\": {{\"year\": 1985}}, \"text\": {{\"headline\": \"A\"}}{comma} {}}}], {}}}",
            extra.join(", "),
            extra.iter().map(|e| format!("{e},")).collect::<String>() + "\"scale\": \"human\""
        );
        let loaded = io::load_bytes("s.json", text.as_bytes(), Some("json"))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_same_after_round_trip(&loaded);
    }
}

#[test]
fn fixtures_survive_the_round_trip() {
    for files in ALL {
        for file in files {
            let bytes = fixture(file);
            let loaded = io::load_bytes(file, &bytes, None).unwrap_or_else(|e| panic!("{e}"));
            assert_same_after_round_trip(&loaded);
        }
    }
}
