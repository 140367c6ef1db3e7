//! Seeded synthetic timelines for benchmarks, scale tests and demos: [`generate`] builds a
//! realistic-looking [`Timeline`] (clustered dates, mixed precision, ranges, lanes, titles, tags,
//! sources) that is identical for the same [`GenerateOptions`], and [`write_file`] /
//! [`write_csv`] save it as native JSON (through `io`'s writer) or plain CSV. Owns no parsing,
//! no native JSON writing and no CLI argument handling beyond [`parse_span`].

use crate::io::{self, SaveError};
use crate::model::date::MAX_ABS_YEAR;
use crate::model::{
    Date, Event, EventParts, Lane, Precision, Source, TagInterner, Timeline, TimelineMeta,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to generate. Out-of-range values are clamped, never refused: `lanes` to at least 1, the
/// years into the supported range with `from_year ≤ to_year`, `range_fraction` into 0–1.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateOptions {
    pub events: usize,
    pub lanes: usize,
    pub seed: u64,
    /// First year events may start in (astronomical numbering: 0 is 1 BCE).
    pub from_year: i32,
    /// Last year events may start in, inclusive (ranges may end up to five years later).
    pub to_year: i32,
    /// Share of events that are ranges (a day to five years long); the rest are points.
    pub range_fraction: f64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            events: 1_000,
            lanes: 8,
            seed: 1,
            from_year: 1900,
            to_year: 2030,
            range_fraction: 0.2,
        }
    }
}

/// Share of events (percent) placed in short bursts ("episodes") around a centre date; the rest
/// are spread evenly. Real case files cluster: a raid, a trial, a news cycle.
const EPISODE_PERCENT: u64 = 40;
/// Events per episode on average; sets how many episodes a timeline has.
const EVENTS_PER_EPISODE: usize = 200;
/// Share (percent) of an episode's events that sit in the episode's own lane.
const EPISODE_HOME_LANE_PERCENT: u64 = 70;
/// Share (percent) of events carrying a source URL.
const SOURCE_PERCENT: u64 = 30;
/// Share (percent) of sourced events with a second source.
const SECOND_SOURCE_PERCENT: u64 = 10;
/// Share (percent) of events with a short description.
const DESCRIPTION_PERCENT: u64 = 35;
/// Share (percent) of year- or month-precision events marked "circa".
const CIRCA_PERCENT: u64 = 20;
/// Ranges may end this many years after `to_year`; keeps every end inside the supported range.
const MAX_RANGE_YEARS: i32 = 5;

const SECS_PER_DAY: i64 = 86_400;

/// Builds a timeline from `options`; the same options always give the same timeline.
pub fn generate(options: &GenerateOptions) -> Timeline {
    let o = sanitized(options);
    let mut rng = SplitMix64::new(o.seed);
    let t0 = year_start_secs(o.from_year);
    let t1 = year_start_secs(o.to_year + 1);
    let span = (t1 - t0).max(1) as u64;

    let lanes: Vec<Lane> = (0..o.lanes).map(lane).collect();
    let lane_weights = LaneWeights::new(o.lanes);
    let episodes: Vec<Episode> = (0..o.events.div_ceil(EVENTS_PER_EPISODE).max(1))
        .map(|_| Episode::random(&mut rng, t0, span, &lane_weights))
        .collect();
    // Ranges are chosen by a threshold on a 2^32 draw, so the fraction is exact to 1e-9.
    let range_threshold = (o.range_fraction * (1u64 << 32) as f64) as u64;

    let mut events = Vec::with_capacity(o.events);
    let mut interner = TagInterner::new();
    for k in 0..o.events {
        let (secs, lane) = if rng.percent(EPISODE_PERCENT) {
            let ep = &episodes[rng.below(episodes.len() as u64) as usize];
            let lane = if rng.percent(EPISODE_HOME_LANE_PERCENT) {
                ep.lane
            } else {
                lane_weights.pick(&mut rng)
            };
            (ep.sample(&mut rng).clamp(t0, t1 - 1), lane)
        } else {
            (t0 + rng.below(span) as i64, lane_weights.pick(&mut rng))
        };
        let precision = match rng.below(100) {
            0..5 => Precision::Minute,
            5..80 => Precision::Day,
            80..92 => Precision::Month,
            _ => Precision::Year,
        };
        // Every instant inside the clamped span is a valid calendar date, so this always holds.
        let Some(start) = Date::from_secs(secs as f64, precision) else {
            continue;
        };
        let mut event = EventParts::new(format!("ev-{:06}", k + 1), title(&mut rng), start);
        event.lane = lane;
        if (rng.next() >> 32) < range_threshold {
            event.end = range_end(&mut rng, &start);
        }
        event.circa = precision <= Precision::Month && rng.percent(CIRCA_PERCENT);
        event.tags = interner.tags(&tags(&mut rng));
        if rng.percent(SOURCE_PERCENT) {
            event.sources.push(source(&mut rng));
            if rng.percent(SECOND_SOURCE_PERCENT) {
                event.sources.push(source(&mut rng));
            }
        }
        if rng.percent(DESCRIPTION_PERCENT) {
            event.description = description(&mut rng).into();
        }
        events.push(Event::from(event));
    }

    let meta = TimelineMeta {
        title: format!("Generated timeline: {} events, seed {}", o.events, o.seed),
        description: format!(
            "Synthetic data from `chronoscope generate` ({}–{}, {} lanes, {:.0}% ranges). Names, \
             places and case numbers are invented.",
            o.from_year,
            o.to_year,
            o.lanes,
            o.range_fraction * 100.0
        ),
        lanes,
        ..Default::default()
    };
    Timeline::new(meta, events)
}

fn sanitized(options: &GenerateOptions) -> GenerateOptions {
    let limit = MAX_ABS_YEAR - MAX_RANGE_YEARS - 1;
    let from = options.from_year.clamp(-limit, limit);
    let to = options.to_year.clamp(-limit, limit).max(from);
    let range_fraction = if options.range_fraction.is_finite() {
        options.range_fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    GenerateOptions {
        lanes: options.lanes.max(1),
        from_year: from,
        to_year: to,
        range_fraction,
        ..options.clone()
    }
}

fn year_start_secs(year: i32) -> i64 {
    // `sanitized` keeps years well inside the supported range.
    Date::year(year).map_or(0, |d| d.start_secs() as i64)
}

/// The end of a range starting at `start`: a day to five years later, at the start's precision,
/// and always after the start's own precision span ("1985 – 1987", never "1985 – 1985").
fn range_end(rng: &mut SplitMix64, start: &Date) -> Option<Date> {
    let days = match rng.below(100) {
        0..35 => 1 + rng.below(13),
        35..65 => 14 + rng.below(77),
        65..90 => 91 + rng.below(640),
        _ => 731 + rng.below(1096),
    } as i64;
    let precision = start.precision();
    let end_secs = start.start_secs() as i64 + days * SECS_PER_DAY;
    let end = Date::from_secs(end_secs as f64, precision)?;
    if end.start_secs() >= start.end_of_precision_secs() {
        Some(end)
    } else {
        Date::from_secs(start.end_of_precision_secs(), precision)
    }
}

/// A burst of events around a centre date, mostly in one lane.
struct Episode {
    centre: i64,
    /// Half-width of the burst in seconds.
    spread: i64,
    lane: usize,
}

impl Episode {
    fn random(rng: &mut SplitMix64, t0: i64, span: u64, lanes: &LaneWeights) -> Self {
        let spread_days = match rng.below(3) {
            0 => 3 + rng.below(25),
            1 => 30 + rng.below(300),
            _ => 365 + rng.below(1500),
        } as i64;
        Episode {
            centre: t0 + rng.below(span) as i64,
            spread: spread_days * SECS_PER_DAY,
            lane: lanes.pick(rng),
        }
    }

    /// A date near the centre: the mean of three uniform draws, so dates thin out towards the
    /// edges of the burst.
    fn sample(&self, rng: &mut SplitMix64) -> i64 {
        let width = 2 * self.spread.max(1) as u64;
        let sum: i64 = (0..3).map(|_| rng.below(width) as i64).sum();
        self.centre - self.spread + sum / 3
    }
}

/// Lanes are not equally busy: lane k is picked with weight 1/(k+1), like most case files where
/// one strand dominates.
struct LaneWeights {
    cumulative: Vec<u64>,
}

impl LaneWeights {
    fn new(lanes: usize) -> Self {
        let mut total = 0;
        let cumulative = (0..lanes)
            .map(|k| {
                total += 1_000_000 / (k as u64 + 1);
                total
            })
            .collect();
        LaneWeights { cumulative }
    }

    fn pick(&self, rng: &mut SplitMix64) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let r = rng.below(total);
        self.cumulative.partition_point(|&c| c <= r)
    }
}

// ---------------------------------------------------------------------------------------------
// Words

const LANE_LABELS: [&str; 12] = [
    "Customs & ports",
    "Courts",
    "Arrests",
    "Finance",
    "Communications",
    "Intelligence",
    "Media",
    "Diplomacy",
    "Logistics",
    "Witnesses",
    "Politics",
    "Prisons",
];
const PORTS: [&str; 10] = [
    "Manzanillo",
    "Lázaro Cárdenas",
    "Veracruz",
    "Rotterdam",
    "Antwerp",
    "Algeciras",
    "Santos",
    "Buenaventura",
    "Long Beach",
    "Valencia",
];
const CITIES: [&str; 12] = [
    "Culiacán",
    "Guadalajara",
    "Tijuana",
    "Medellín",
    "Marseille",
    "Hamburg",
    "Miami",
    "Houston",
    "Lagos",
    "Istanbul",
    "San Diego",
    "Ciudad Juárez",
];
const PEOPLE: [&str; 14] = [
    "R. Castillo",
    "M. Okafor",
    "J. Lindqvist",
    "A. Moreau",
    "L. Haddad",
    "T. Nakamura",
    "S. Petrov",
    "D. Ferreira",
    "K. Mensah",
    "E. Varga",
    "P. Quiñones",
    "H. Brandt",
    "C. Aguirre",
    "N. O'Donnell",
];
const AGENCIES: [&str; 8] = [
    "DEA",
    "FBI",
    "Europol",
    "Customs",
    "Navy",
    "Federal Police",
    "Interpol",
    "Coast Guard",
];
const COUNTRIES: [&str; 6] = [
    "the United States",
    "Spain",
    "Mexico",
    "Colombia",
    "the Netherlands",
    "Guatemala",
];
const BANKS: [&str; 6] = [
    "Banco Atlántico",
    "Meridian Trust",
    "First Coastal",
    "Hanse Privatbank",
    "Pacifica Savings",
    "Union Fiduciaire",
];
const CARGO: [&str; 8] = [
    "bananas",
    "frozen fish",
    "ceramic tiles",
    "auto parts",
    "coffee",
    "scrap metal",
    "avocados",
    "textiles",
];
const TOPICS: [&str; 6] = [
    "trafficking routes",
    "money laundering",
    "corruption",
    "arms smuggling",
    "port security",
    "extradition requests",
];
const TAGS: [&str; 12] = [
    "DEA",
    "Mexico",
    "Colombia",
    "Europe",
    "cocaine",
    "money laundering",
    "extradition",
    "trial",
    "seizure",
    "informant",
    "corruption",
    "violence",
];
const RECORD_KINDS: [&str; 5] = [
    "court filings",
    "a customs manifest",
    "wiretap transcripts",
    "press reports",
    "a declassified cable",
];

fn lane(k: usize) -> Lane {
    let base = LANE_LABELS[k % LANE_LABELS.len()];
    let label = match k / LANE_LABELS.len() {
        0 => base.to_string(),
        n => format!("{base} {}", n + 1),
    };
    Lane {
        id: lane_id(&label),
        label,
        ..Default::default()
    }
}

/// "Customs & ports 2" → "customs-ports-2".
fn lane_id(label: &str) -> String {
    let mut id = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

fn title(rng: &mut SplitMix64) -> String {
    match rng.below(12) {
        0 => format!("Shipment seized at {}", rng.pick(&PORTS)),
        1 => format!(
            "Hearing in case {:02}-CR-{:05}",
            rng.below(100),
            rng.below(100_000)
        ),
        2 => format!("{} arrested in {}", rng.pick(&PEOPLE), rng.pick(&CITIES)),
        3 => format!("{} raid in {}", rng.pick(&AGENCIES), rng.pick(&CITIES)),
        4 => format!(
            "Meeting between {} and {}",
            rng.pick(&PEOPLE),
            rng.pick(&PEOPLE)
        ),
        5 => format!(
            "{} extradited to {}",
            rng.pick(&PEOPLE),
            rng.pick(&COUNTRIES)
        ),
        6 => format!("Indictment unsealed against {}", rng.pick(&PEOPLE)),
        7 => format!(
            "Wire transfer of ${}.{}M to {}",
            1 + rng.below(40),
            rng.below(10),
            rng.pick(&BANKS)
        ),
        8 => format!("Witness statement by {}", rng.pick(&PEOPLE)),
        9 => format!("{} report on {}", rng.pick(&AGENCIES), rng.pick(&TOPICS)),
        10 => format!(
            "{} t of {} leave {} for {}",
            1 + rng.below(60),
            rng.pick(&CARGO),
            rng.pick(&PORTS),
            rng.pick(&PORTS)
        ),
        _ => format!(
            "Call intercepted: {} to {}",
            rng.pick(&PEOPLE),
            rng.pick(&PEOPLE)
        ),
    }
}

fn description(rng: &mut SplitMix64) -> String {
    let first = match rng.below(4) {
        0 => format!(
            "According to {}, {} was present.",
            rng.pick(&RECORD_KINDS),
            rng.pick(&PEOPLE)
        ),
        1 => format!(
            "The {} office in {} confirmed the date.",
            rng.pick(&AGENCIES),
            rng.pick(&CITIES)
        ),
        2 => format!(
            "Known only from {}; the exact day is uncertain.",
            rng.pick(&RECORD_KINDS)
        ),
        _ => format!(
            "Linked to the {} inquiry, file {}-{:04}.",
            rng.pick(&TOPICS),
            rng.pick(&AGENCIES),
            rng.below(10_000)
        ),
    };
    if rng.percent(40) {
        format!(
            "{first} {} later disputed this, \"in writing\".",
            rng.pick(&PEOPLE)
        )
    } else {
        first
    }
}

/// Zero to three distinct tags, in vocabulary order.
fn tags(rng: &mut SplitMix64) -> Vec<&'static str> {
    let count = match rng.below(10) {
        0..3 => 0,
        3..7 => 1,
        7..9 => 2,
        _ => 3,
    };
    let mut chosen = [false; TAGS.len()];
    for _ in 0..count {
        chosen[rng.below(TAGS.len() as u64) as usize] = true;
    }
    TAGS.iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|(t, _)| *t)
        .collect()
}

fn source(rng: &mut SplitMix64) -> Source {
    Source::from_url(format!(
        "https://example.org/records/{}",
        100_000 + rng.below(900_000)
    ))
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and every seed, zero included, gives a
/// full-quality stream. Not for cryptography.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias for n ≪ 2^64 is negligible here).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n.max(1) as u128) >> 64) as u64
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The plain-CSV header [`write_csv`] writes; every name is one `io::plain_csv` recognises.
pub const CSV_HEADER: [&str; 9] = [
    "id",
    "start",
    "end",
    "title",
    "lane",
    "tags",
    "url",
    "description",
    "circa",
];

/// Writes the events as plain CSV (the shape `io::plain_csv` reads): ISO dates at their
/// precision, the lane by label, tags joined with "; ", source URLs joined with a space.
/// Lane colours, eras, story and extra fields are not written — use native JSON for those.
pub fn write_csv(timeline: &Timeline, out: impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    let lanes = timeline.lanes();
    let mut tags = String::new();
    let mut urls = String::new();
    for e in timeline.events() {
        tags.clear();
        for (k, t) in e.tags().iter().enumerate() {
            if k > 0 {
                tags.push_str("; ");
            }
            tags.push_str(t);
        }
        urls.clear();
        for (k, s) in e.sources().iter().enumerate() {
            if k > 0 {
                urls.push(' ');
            }
            urls.push_str(s.url());
        }
        let end = e.end.map(|d| d.to_iso()).unwrap_or_default();
        let lane = lanes.get(e.lane()).map_or("", |l| l.label.as_str());
        w.write_record([
            e.id(),
            &e.start.to_iso(),
            &end,
            e.title(),
            lane,
            &tags,
            &urls,
            e.description(),
            if e.circa { "yes" } else { "" },
        ])?;
    }
    w.flush()
}

/// Why [`write_file`] failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{}: cannot tell the output format; expected a file name ending in .json or .csv",
        .0.display()
    )]
    Format(PathBuf),
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// Saves `timeline` atomically (temporary file in the same folder, then rename) as native JSON
/// for `.json` or plain CSV for `.csv` (any case).
pub fn write_file(timeline: &Timeline, path: &Path) -> Result<(), WriteError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => Ok(io::save_native(timeline, path)?),
        Some("csv") => Ok(save_csv(timeline, path)?),
        _ => Err(WriteError::Format(path.to_path_buf())),
    }
}

fn save_csv(timeline: &Timeline, path: &Path) -> Result<(), SaveError> {
    io::write_atomically(path, |w| write_csv(timeline, w))
}

/// Parses a span of years such as "1900..2030" or "-500..1500" (both ends inclusive).
pub fn parse_span(text: &str) -> Result<(i32, i32), String> {
    const EXPECTED: &str = "expected a span of years such as 1900..2030";
    let Some((from, to)) = text.trim().split_once("..") else {
        return Err(format!("\"{text}\" is not a span; {EXPECTED}"));
    };
    let year = |s: &str| -> Result<i32, String> {
        let s = s.trim();
        s.parse::<i32>()
            .map_err(|_| format!("\"{s}\" is not a year; {EXPECTED}"))
    };
    let (from, to) = (year(from)?, year(to)?);
    let limit = MAX_ABS_YEAR - MAX_RANGE_YEARS - 1;
    if from.abs() > limit || to.abs() > limit {
        return Err(format!(
            "years must be within ±{limit}; {EXPECTED}, found \"{text}\""
        ));
    }
    if from > to {
        return Err(format!(
            "the span {from}..{to} ends before it starts; {EXPECTED}"
        ));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(events: usize, seed: u64) -> GenerateOptions {
        GenerateOptions {
            events,
            lanes: 6,
            seed,
            ..Default::default()
        }
    }

    fn csv_bytes(t: &Timeline) -> Vec<u8> {
        let mut buf = Vec::new();
        write_csv(t, &mut buf).unwrap();
        buf
    }

    #[test]
    fn the_same_seed_gives_byte_identical_files() {
        let a = generate(&options(2_000, 42));
        let b = generate(&options(2_000, 42));
        assert_eq!(io::to_native_string(&a), io::to_native_string(&b));
        assert_eq!(csv_bytes(&a), csv_bytes(&b));
        let c = generate(&options(2_000, 43));
        assert_ne!(io::to_native_string(&a), io::to_native_string(&c));
    }

    #[test]
    fn counts_and_ratios_are_as_asked() {
        let t = generate(&GenerateOptions {
            events: 20_000,
            lanes: 5,
            seed: 7,
            from_year: 1950,
            to_year: 2000,
            range_fraction: 0.2,
        });
        assert_eq!(t.len(), 20_000);
        assert_eq!(t.lanes().len(), 5);
        let share = |f: &dyn Fn(&Event) -> bool| {
            t.events().iter().filter(|e| f(e)).count() as f64 / t.len() as f64
        };
        let ranges = share(&|e| e.is_range());
        assert!((0.19..0.21).contains(&ranges), "ranges {ranges}");
        let sourced = share(&|e| !e.sources().is_empty());
        assert!((0.28..0.32).contains(&sourced), "sources {sourced}");
        let described = share(&|e| !e.description().is_empty());
        assert!(
            (0.32..0.38).contains(&described),
            "descriptions {described}"
        );
        let day = share(&|e| e.start.precision() == Precision::Day);
        assert!((0.72..0.78).contains(&day), "day precision {day}");
        for p in [Precision::Minute, Precision::Month, Precision::Year] {
            assert!(share(&|e| e.start.precision() == p) > 0.02, "{p:?}");
        }
        // Every lane is used, every start is inside the span, every range ends after it starts
        // and within five years.
        let mut per_lane = vec![0; 5];
        let (lo, hi) = (year_start_secs(1950), year_start_secs(2001));
        for e in t.events() {
            per_lane[e.lane()] += 1;
            let s = e.start_secs() as i64;
            assert!((lo..hi).contains(&s), "{}", e.start);
            if let Some(end) = e.end {
                assert!(end.end_of_precision_secs() > e.start_secs());
                assert!(end.start_secs() - e.start_secs() <= 6.0 * 366.0 * 86_400.0);
                assert_eq!(end.precision(), e.start.precision());
            }
            assert!(
                e.sources()
                    .iter()
                    .all(|s| s.url().starts_with("https://example.org/records/"))
            );
        }
        assert!(per_lane.iter().all(|&n| n > 0), "{per_lane:?}");
        assert!(
            per_lane[0] > per_lane[4],
            "lanes are unevenly busy: {per_lane:?}"
        );
        // Clamped options still generate.
        let odd = generate(&GenerateOptions {
            events: 10,
            lanes: 0,
            seed: 0,
            from_year: 2000,
            to_year: 1990,
            range_fraction: f64::NAN,
        });
        assert_eq!(odd.len(), 10);
        assert!(odd.events().iter().all(|e| !e.is_range()));
    }

    #[test]
    fn every_event_loads_back_through_the_real_loaders() {
        let t = generate(&options(3_000, 5));
        let native = io::to_native_string(&t);
        let csv = csv_bytes(&t);
        for (name, bytes, format) in [
            ("gen.json", native.as_bytes(), io::Format::Native),
            ("gen.csv", csv.as_slice(), io::Format::PlainCsv),
        ] {
            let ext = Path::new(name).extension().and_then(|e| e.to_str());
            let loaded = io::load_bytes(name, bytes, ext).unwrap();
            assert_eq!(loaded.format, format);
            assert!(loaded.is_clean(), "{name}: {:?}", loaded.problems);
            assert_eq!(loaded.problems.len(), 0, "{name}: {:?}", loaded.problems);
            let back = &loaded.timeline;
            assert_eq!(back.len(), t.len(), "{name}");
            assert_eq!(back.lanes().len(), t.lanes().len(), "{name}");
            for (a, b) in t.events().iter().zip(back.events()) {
                assert_eq!(a.id(), b.id(), "{name}");
                assert_eq!(a.title(), b.title(), "{name}");
                assert_eq!(a.start, b.start, "{name}");
                assert_eq!(a.end, b.end, "{name}");
                assert_eq!(a.circa, b.circa, "{name}");
                assert_eq!(a.tags(), b.tags(), "{name}");
                assert_eq!(a.sources(), b.sources(), "{name}");
                assert_eq!(a.description(), b.description(), "{name}");
                assert_eq!(
                    t.lanes()[a.lane()].label,
                    back.lanes()[b.lane()].label,
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn write_file_picks_the_format_by_extension_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let t = generate(&options(50, 9));
        for name in ["a.json", "b.CSV"] {
            let path = dir.path().join(name);
            std::fs::write(&path, "old").unwrap();
            write_file(&t, &path).unwrap();
            let loaded = io::load_path(&path).unwrap();
            assert_eq!(loaded.timeline.len(), 50);
        }
        let e = write_file(&t, &dir.path().join("c.txt")).unwrap_err();
        assert!(
            e.to_string()
                .contains("expected a file name ending in .json or .csv")
        );
        // Only the two files: no temporary file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn spans_parse_with_clear_errors() {
        assert_eq!(parse_span("1900..2030"), Ok((1900, 2030)));
        assert_eq!(parse_span(" -500 .. 1500 "), Ok((-500, 1500)));
        assert_eq!(parse_span("1985..1985"), Ok((1985, 1985)));
        assert!(
            parse_span("1900-2030")
                .unwrap_err()
                .contains("such as 1900..2030")
        );
        assert!(
            parse_span("1900..x")
                .unwrap_err()
                .contains("\"x\" is not a year")
        );
        assert!(
            parse_span("2030..1900")
                .unwrap_err()
                .contains("ends before it starts")
        );
        assert!(parse_span("0..999999").unwrap_err().contains("within ±"));
    }
}
