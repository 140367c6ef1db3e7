//! The display time zone ([`DisplayZone`]): UTC, the machine's local zone, a fixed offset or a
//! named IANA zone (tz database, e.g. `America/Mexico_City`). Owns parsing a zone as a person
//! types it (`--tz`, View ▸ Time zone), its name and labels, and the two conversions every
//! other part needs: an instant to the wall-clock time it reads in the zone, and a wall-clock
//! time back to the instant(s) it names — none in a spring-forward gap, two in a fall-back
//! fold. Does not own dates (see [`super::date`]) or drawing.
//!
//! What the zone means for a timeline:
//! - A date with an explicit UTC offset (`12:58:03Z`, `09:30-05:00`) is an **instant**. It is
//!   drawn at that instant whatever the zone; the zone only changes how the axis and the details
//!   read it.
//! - A date without one (`7 Feb 1985 09:30`) is a **wall-clock time as written**. It is never
//!   shifted: it is placed where the display zone's clock reads that time, so it still reads
//!   09:30 on the axis in every zone. A naive day, month or year runs from the zone's midnight
//!   to its next midnight (23 or 25 hours across a DST change).
//! - A naive time that the zone skips (02:30 on a spring-forward night) is placed as if the
//!   clock had not yet changed, i.e. later by the length of the gap (03:30); one the zone reads
//!   twice (01:30 on a fall-back night) at its first occurrence.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};

/// Offsets beyond ±18:00 do not exist (ISO 8601 and every tz database stop there).
const MAX_OFFSET_MINUTES: i32 = 18 * 60;
/// No real zone changes its offset twice within this long, so the offset this long before a
/// skipped wall-clock time is the one in force just before the skip.
const BEFORE_ANY_GAP_SECS: i64 = 18 * 3_600 + 1;

/// The zone the window, the details and the exports read times in, and naive dates are placed
/// in (see the module documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DisplayZone {
    #[default]
    Utc,
    /// The machine's zone (the `TZ` variable, else `/etc/localtime`), DST included.
    Local,
    /// A fixed offset in minutes east of UTC, non-zero, within ±18:00.
    Fixed(i32),
    /// A zone of the tz database, with its whole history of offsets and DST rules.
    Named(chrono_tz::Tz),
}

/// The instants a wall-clock time names in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WallInstants {
    /// The usual case.
    One(i64),
    /// A fall-back fold: the clock reads this time twice (earlier, later).
    Two(i64, i64),
    /// A spring-forward gap: the clock skips this time. `shifted` is where it lands when read
    /// with the offset in force before the gap (later by the gap's length).
    Skipped { shifted: i64 },
}

impl WallInstants {
    /// The one instant a date written this way is placed at: the only one, the first of a
    /// fold, or the shifted one of a gap.
    pub fn placed(self) -> i64 {
        match self {
            WallInstants::One(t) | WallInstants::Two(t, _) => t,
            WallInstants::Skipped { shifted } => shifted,
        }
    }
}

/// A zone that could not be read; the message says what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "time zone \"{text}\" is not known; expected UTC, local, an offset such as +05:30 or -06:00, or a tz database name such as America/Mexico_City{hint}"
)]
pub struct ZoneError {
    text: String,
    /// " (did you mean …?)" or empty.
    hint: String,
}

impl DisplayZone {
    /// Reads a zone as typed: `UTC` (or `Z`, `GMT`), `local`, an offset (`+05:30`, `-0600`,
    /// `-6`, `UTC-6`, `UTC−06:00`), or a tz database name in any letter case, with spaces for
    /// underscores (`america/mexico city`). A zero offset is UTC.
    pub fn parse(text: &str) -> Result<DisplayZone, ZoneError> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        match lower.as_str() {
            "utc" | "z" | "gmt" | "etc/utc" | "zulu" => return Ok(DisplayZone::Utc),
            "local" | "local time" => return Ok(DisplayZone::Local),
            _ => {}
        }
        if let Some(minutes) = parse_offset_minutes(t) {
            return Ok(if minutes == 0 {
                DisplayZone::Utc
            } else {
                DisplayZone::Fixed(minutes)
            });
        }
        let wanted = t.replace(' ', "_");
        if let Some(tz) = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(&wanted))
        {
            return Ok(DisplayZone::Named(*tz));
        }
        let hint = match zone_names_containing(&wanted, 3).as_slice() {
            [] => String::new(),
            names => format!(" (did you mean {}?)", names.join(", ")),
        };
        Err(ZoneError {
            text: t.to_owned(),
            hint,
        })
    }

    /// The zone as `--tz` and the settings write it, read back by [`DisplayZone::parse`]:
    /// "UTC", "local", "+05:30", "-06:00", "America/Mexico_City".
    pub fn name(&self) -> String {
        match self {
            DisplayZone::Utc => "UTC".to_owned(),
            DisplayZone::Local => "local".to_owned(),
            DisplayZone::Fixed(m) => offset_text(m * 60, ':'),
            DisplayZone::Named(tz) => tz.name().to_owned(),
        }
    }

    /// How the window and exports name the zone at an instant: "UTC", "UTC−06:00",
    /// "America/Mexico_City (UTC−06:00)", "Local time (UTC+01:00)".
    pub fn label_at(&self, instant_secs: i64) -> String {
        let offset = offset_label(self.offset_secs_at(instant_secs));
        match self {
            DisplayZone::Utc | DisplayZone::Fixed(_) => offset,
            DisplayZone::Local => format!("Local time ({offset})"),
            DisplayZone::Named(tz) => format!("{} ({offset})", tz.name()),
        }
    }

    /// The zone in a sentence: "UTC", "UTC−06:00", "local time", "America/Mexico_City".
    pub fn name_for_people(&self) -> String {
        match self {
            DisplayZone::Utc => "UTC".to_owned(),
            DisplayZone::Local => "local time".to_owned(),
            DisplayZone::Fixed(m) => offset_label(m * 60),
            DisplayZone::Named(tz) => tz.name().to_owned(),
        }
    }

    /// Seconds east of UTC in force at an instant.
    pub fn offset_secs_at(&self, instant_secs: i64) -> i32 {
        let Some(utc) = DateTime::from_timestamp(instant_secs, 0).map(|d| d.naive_utc()) else {
            return 0;
        };
        match self {
            DisplayZone::Utc => 0,
            DisplayZone::Fixed(m) => m * 60,
            DisplayZone::Local => chrono::Local
                .offset_from_utc_datetime(&utc)
                .fix()
                .local_minus_utc(),
            DisplayZone::Named(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
        }
    }

    /// The wall-clock time an instant reads in the zone, as seconds of a UTC-like calendar
    /// (the same numbering naive dates use).
    pub fn wall_secs(&self, instant_secs: i64) -> i64 {
        instant_secs.saturating_add(i64::from(self.offset_secs_at(instant_secs)))
    }

    /// The instants at which the zone's clock reads `wall_secs`.
    pub fn instants_of_wall(&self, wall_secs: i64) -> WallInstants {
        let naive = DateTime::from_timestamp(wall_secs, 0).map(|d| d.naive_utc());
        let (DisplayZone::Local | DisplayZone::Named(_), Some(naive)) = (self, naive) else {
            let offset = match self {
                DisplayZone::Fixed(m) => i64::from(*m) * 60,
                _ => 0,
            };
            return WallInstants::One(wall_secs.saturating_sub(offset));
        };
        let resolved = match self {
            DisplayZone::Named(tz) => resolve(tz, &naive),
            _ => resolve(&chrono::Local, &naive),
        };
        // chrono's local zone answers a skipped time with the instant after the gap instead of
        // none: a time whose instant does not read it back was skipped.
        let resolved = resolved.filter(|r| match *r {
            WallInstants::One(t) => self.wall_secs(t) == wall_secs,
            _ => true,
        });
        resolved.unwrap_or_else(|| {
            let before = self.offset_secs_at(wall_secs.saturating_sub(BEFORE_ANY_GAP_SECS));
            WallInstants::Skipped {
                shifted: wall_secs.saturating_sub(i64::from(before)),
            }
        })
    }

    /// The instant a naive date written as `wall_secs` is placed at (see the module docs).
    pub fn place_wall(&self, wall_secs: i64) -> i64 {
        match self {
            DisplayZone::Utc => wall_secs,
            DisplayZone::Fixed(m) => wall_secs.saturating_sub(i64::from(*m) * 60),
            _ => self.instants_of_wall(wall_secs).placed(),
        }
    }

    /// Whether every instant reads the same wall-clock time as in UTC.
    pub fn is_utc(&self) -> bool {
        *self == DisplayZone::Utc
    }

    /// Whether the offset never changes (UTC or a fixed offset).
    pub fn is_fixed(&self) -> bool {
        matches!(self, DisplayZone::Utc | DisplayZone::Fixed(_))
    }
}

/// The tz database's own regions; other names (`US/Eastern`, `Mexico/General`) are old aliases.
const REGIONS: [&str; 9] = [
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
];

/// Up to `limit` tz database names that contain `part` (any letter case): names in the
/// database's own regions first (America/Mexico_City before its alias Mexico/General), then
/// shortest first.
pub fn zone_names_containing(part: &str, limit: usize) -> Vec<&'static str> {
    let part = part.trim().replace(' ', "_").to_ascii_lowercase();
    if part.len() < 2 {
        return Vec::new();
    }
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|n| n.to_ascii_lowercase().contains(&part))
        .collect();
    let alias = |n: &str| !REGIONS.iter().any(|r| n.starts_with(r));
    names.sort_by_key(|n| (alias(n), n.len(), *n));
    names.truncate(limit);
    names
}

/// "UTC", "UTC+05:30", "UTC−06:00" (a true minus sign, as printed).
pub fn offset_label(offset_secs: i32) -> String {
    if offset_secs == 0 {
        "UTC".to_owned()
    } else {
        format!("UTC{}", offset_text(offset_secs, ':')).replace('-', "\u{2212}")
    }
}

/// "+05:30", "-06:00" (ASCII sign); `sep` between hours and minutes.
fn offset_text(offset_secs: i32, sep: char) -> String {
    let sign = if offset_secs < 0 { '-' } else { '+' };
    let minutes = offset_secs.unsigned_abs() / 60;
    format!("{sign}{:02}{sep}{:02}", minutes / 60, minutes % 60)
}

fn resolve<Z: TimeZone>(zone: &Z, naive: &NaiveDateTime) -> Option<WallInstants> {
    match zone.from_local_datetime(naive) {
        chrono::LocalResult::Single(t) => Some(WallInstants::One(t.timestamp())),
        chrono::LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.timestamp(), b.timestamp());
            Some(WallInstants::Two(a.min(b), a.max(b)))
        }
        chrono::LocalResult::None => None,
    }
}

/// Minutes east of UTC of an offset as typed: `+05:30`, `+0530`, `-6`, `-06`, `UTC-6`,
/// `GMT+1`, `UTC−06:00` (Unicode minus); `None` when it is not an offset or beyond ±18:00.
fn parse_offset_minutes(text: &str) -> Option<i32> {
    let t = text.trim().replace('\u{2212}', "-");
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("utc")
        .or_else(|| lower.strip_prefix("gmt"))
        .unwrap_or(lower.as_str())
        .trim_start();
    let (negative, digits) = match rest.as_bytes().first()? {
        b'+' => (false, &rest[1..]),
        b'-' => (true, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let (h, m): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    let total = h * 60 + m;
    if m >= 60 || total > MAX_OFFSET_MINUTES {
        return None;
    }
    Some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .expect("valid")
            .and_utc()
            .timestamp()
    }

    fn new_york() -> DisplayZone {
        DisplayZone::parse("America/New_York").unwrap()
    }

    #[test]
    fn zones_parse_as_typed_and_name_themselves_back() {
        for (typed, name) in [
            ("UTC", "UTC"),
            ("z", "UTC"),
            ("+00:00", "UTC"),
            ("Local", "local"),
            ("+05:30", "+05:30"),
            ("+0530", "+05:30"),
            ("-6", "-06:00"),
            ("UTC-6", "-06:00"),
            ("UTC\u{2212}06:00", "-06:00"),
            ("GMT+1", "+01:00"),
            ("america/mexico city", "America/Mexico_City"),
            ("Europe/Berlin", "Europe/Berlin"),
        ] {
            let zone = DisplayZone::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(zone.name(), name, "{typed}");
            assert_eq!(DisplayZone::parse(&zone.name()), Ok(zone), "{typed}");
        }
    }

    #[test]
    fn bad_zones_say_what_was_expected_and_suggest_names() {
        let e = DisplayZone::parse("Mexico_City").unwrap_err().to_string();
        assert_eq!(
            e,
            "time zone \"Mexico_City\" is not known; expected UTC, local, an offset such as \
             +05:30 or -06:00, or a tz database name such as America/Mexico_City \
             (did you mean America/Mexico_City?)"
        );
        for bad in ["+19:00", "+05:60", "+5:3x", "Mars/Olympus", "", "+"] {
            assert!(DisplayZone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn suggestions_put_the_database_regions_before_old_aliases() {
        let names = zone_names_containing("mexico", 3);
        assert_eq!(names[0], "America/Mexico_City");
        assert!(
            names[1..].iter().all(|n| n.starts_with("Mexico/")),
            "{names:?}"
        );
        assert!(
            zone_names_containing("x", 3).is_empty(),
            "one letter is too little"
        );
    }

    #[test]
    fn labels_show_the_offset_in_force() {
        let summer = wall(2024, 7, 1, 12, 0);
        assert_eq!(
            new_york().label_at(summer),
            "America/New_York (UTC\u{2212}04:00)"
        );
        assert_eq!(
            new_york().label_at(wall(2024, 1, 1, 12, 0)),
            "America/New_York (UTC\u{2212}05:00)"
        );
        assert_eq!(DisplayZone::Fixed(330).label_at(summer), "UTC+05:30");
        assert_eq!(DisplayZone::Utc.label_at(summer), "UTC");
    }

    #[test]
    fn a_spring_forward_gap_has_no_instant_and_places_later() {
        // 10 Mar 2024: New York clocks jump from 02:00 EST to 03:00 EDT (07:00 UTC).
        let z = new_york();
        assert_eq!(
            z.instants_of_wall(wall(2024, 3, 10, 1, 30)),
            WallInstants::One(wall(2024, 3, 10, 6, 30))
        );
        assert_eq!(
            z.instants_of_wall(wall(2024, 3, 10, 2, 30)),
            WallInstants::Skipped {
                shifted: wall(2024, 3, 10, 7, 30)
            }
        );
        assert_eq!(
            z.place_wall(wall(2024, 3, 10, 2, 30)),
            wall(2024, 3, 10, 7, 30)
        );
        assert_eq!(
            z.wall_secs(wall(2024, 3, 10, 7, 30)),
            wall(2024, 3, 10, 3, 30)
        );
    }

    #[test]
    fn a_fall_back_fold_has_two_instants_and_places_the_first() {
        // 3 Nov 2024: New York reads 01:00–02:00 twice (EDT, then EST).
        let z = new_york();
        let (first, second) = (wall(2024, 11, 3, 5, 30), wall(2024, 11, 3, 6, 30));
        assert_eq!(
            z.instants_of_wall(wall(2024, 11, 3, 1, 30)),
            WallInstants::Two(first, second)
        );
        assert_eq!(z.place_wall(wall(2024, 11, 3, 1, 30)), first);
        assert_eq!(z.wall_secs(first), z.wall_secs(second));
    }

    #[test]
    fn fixed_offsets_shift_every_time_alike() {
        let z = DisplayZone::parse("-06:00").unwrap();
        let noon = wall(1985, 2, 7, 12, 0);
        assert_eq!(z.place_wall(noon), noon + 6 * 3_600);
        assert_eq!(z.wall_secs(noon + 6 * 3_600), noon);
        assert_eq!(
            z.instants_of_wall(noon),
            WallInstants::One(noon + 6 * 3_600)
        );
    }
}
