//! The story: the steps a presentation walks through, in order. A step is an event (named by its
//! id, with an optional caption of the story's own that the slide shows instead of the event's
//! description) or a view (a stretch of time with a title and caption, optionally only some
//! lanes). Steps keep fields Chronoscope does not know, and a step this version cannot read is
//! kept as it was written. No files (`io` reads and writes them), no screens (`slide`).

use super::date::{Date, Precision};
use super::timeline::Extra;
use super::zone::DisplayZone;
use serde_json::Value;

/// One step of the story.
#[derive(Clone, Debug, PartialEq)]
pub enum StoryStep {
    Event(EventStep),
    View(ViewStep),
    /// A step this version cannot read (a newer kind, a date that does not parse): written back
    /// exactly, skipped when presenting.
    Unknown(Value),
}

/// A step about one event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventStep {
    /// The event's id.
    pub id: String,
    /// Shown on the slide instead of the event's description; `None`: the description.
    pub caption: Option<String>,
    pub extra: Extra,
}

/// A step that shows a stretch of time: `start` to the end of `end` (both at their precision,
/// as for eras), titled and captioned by the story.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewStep {
    pub start: Date,
    pub end: Date,
    pub title: String,
    pub caption: String,
    /// Ids of the lanes shown; empty: every lane.
    pub lanes: Vec<String>,
    pub extra: Extra,
}

impl StoryStep {
    /// A step about the event with this id, with no caption of its own.
    pub fn event(id: impl Into<String>) -> Self {
        StoryStep::Event(EventStep {
            id: id.into(),
            ..Default::default()
        })
    }

    /// The event this step is about, if it is an event step.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            StoryStep::Event(step) => Some(&step.id),
            _ => None,
        }
    }
}

impl ViewStep {
    /// The first instant shown, naive dates read in `zone` (see [`super::zone`]).
    pub fn start_secs(&self, zone: &DisplayZone) -> f64 {
        self.start.start_secs_in(zone)
    }

    /// The instant the view ends: the end of `end`'s precision ("1986" runs to 1 Jan 1987).
    pub fn end_secs(&self, zone: &DisplayZone) -> f64 {
        self.end
            .end_of_precision_secs_in(zone)
            .max(self.start_secs(zone))
    }

    /// A view step covering `[start_secs, end_secs]`, its dates at the coarsest precision that
    /// still places both ends within 1/30 of the span (a decade to the month, a few weeks to
    /// the day), so the file says "1985-02" rather than "1985-02-01T13:02:51".
    /// `None` for instants outside the calendar. The dates are naive, as `zone`'s clock reads
    /// the instants.
    pub fn covering(
        start_secs: f64,
        end_secs: f64,
        lanes: Vec<String>,
        zone: &DisplayZone,
    ) -> Option<ViewStep> {
        let (lo, hi) = (start_secs.min(end_secs), start_secs.max(end_secs));
        let precision = view_precision(hi - lo);
        let start = Date::from_secs_in(lo, precision, zone)?;
        // The date whose precision span holds the end (a second before it: an end at midnight
        // is the day before, to its end): the step never shows less than asked.
        let end = Date::from_secs_in((hi - 1.0).max(lo), precision, zone)?;
        Some(ViewStep {
            start,
            end,
            title: String::new(),
            caption: String::new(),
            lanes,
            extra: Extra::new(),
        })
    }

    /// "Feb 1985 – Apr 1985", or one date when both ends are the same.
    pub fn dates_text(&self) -> String {
        if self.start == self.end {
            self.start.display()
        } else {
            format!("{} \u{2013} {}", self.start.display(), self.end.display())
        }
    }
}

/// The coarsest precision with at least 30 units in `span_secs`: each end of the view moves by
/// less than one unit, 1/30 of the span, and a view of the spring of 1985 reads "20 Jan 1985 –
/// 15 Apr 1985", not to the minute.
fn view_precision(span_secs: f64) -> Precision {
    const DAY: f64 = 86_400.0;
    const UNITS: f64 = 30.0;
    if span_secs >= UNITS * 365.2425 * DAY {
        Precision::Year
    } else if span_secs >= UNITS * 30.436875 * DAY {
        Precision::Month
    } else if span_secs >= UNITS * DAY {
        Precision::Day
    } else if span_secs >= UNITS * 60.0 {
        Precision::Minute
    } else {
        Precision::Second
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(iso: &str) -> f64 {
        Date::parse_iso(iso).unwrap().start_secs()
    }

    #[test]
    fn a_view_is_written_at_a_precision_its_span_suggests_and_never_shows_less() {
        let decade = ViewStep::covering(
            secs("1985-02-10"),
            secs("1995-06-20"),
            vec![],
            &DisplayZone::Utc,
        )
        .unwrap();
        assert_eq!(
            (decade.start.to_iso(), decade.end.to_iso()),
            ("1985-02".into(), "1995-06".into())
        );
        assert_eq!(decade.dates_text(), "Feb 1985 \u{2013} Jun 1995");
        let weeks = ViewStep::covering(
            secs("1985-02-07T10:00"),
            secs("1985-06-01"),
            vec![],
            &DisplayZone::Utc,
        )
        .unwrap();
        assert_eq!(
            (weeks.start.to_iso(), weeks.end.to_iso()),
            ("1985-02-07".into(), "1985-05-31".into()),
            "an end at midnight is the day before, to its end"
        );
        assert!(weeks.start_secs(&DisplayZone::Utc) <= secs("1985-02-07T10:00"));
        assert!(weeks.end_secs(&DisplayZone::Utc) >= secs("1985-06-01"));
        let cover = |from: &str, to: &str| {
            ViewStep::covering(secs(from), secs(to), vec![], &DisplayZone::Utc).unwrap()
        };
        let hour = cover("2022-07-15T09:30", "2022-07-15T10:30");
        assert_eq!(hour.start.to_iso(), "2022-07-15T09:30");
        let spring = cover("1985-01-20", "1985-04-16");
        assert_eq!(spring.dates_text(), "20 Jan 1985 \u{2013} 15 Apr 1985");
        let minute = cover("2022-07-15T09:30", "2022-07-15T09:45");
        assert_eq!(
            minute.end.to_iso(),
            "2022-07-15T09:44:59",
            "a quarter hour, to the second"
        );
        let ancient = cover("-0800", "-0043");
        assert_eq!(ancient.dates_text(), "801 BCE \u{2013} 45 BCE");
    }

    #[test]
    fn event_steps_name_their_event() {
        let step = StoryStep::event("kidnapping");
        assert_eq!(step.event_id(), Some("kidnapping"));
        assert_eq!(StoryStep::Unknown(Value::Null).event_id(), None);
    }
}
