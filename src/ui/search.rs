//! Text search over titles, descriptions, tags and source titles: which events match, and which
//! match is current ("3 of 12"). Pure; the UI decides how matches look.

use crate::model::{Event, Timeline};

#[derive(Default)]
pub struct Search {
    pub query: String,
    /// Per event: matches the query. Empty while the query is empty.
    pub matches: Vec<bool>,
    /// Matching event indices in time order.
    pub hits: Vec<usize>,
    /// Position in `hits` of the current match.
    pub current: Option<usize>,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// Recomputes the matches for a query (case-insensitive; every word must occur).
    pub fn set_query(&mut self, timeline: &Timeline, query: &str, shown: impl Fn(usize) -> bool) {
        self.query = query.to_owned();
        self.current = None;
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            self.matches.clear();
            self.hits.clear();
            return;
        }
        self.matches = timeline
            .events()
            .iter()
            .enumerate()
            .map(|(i, e)| shown(i) && words.iter().all(|w| event_contains(e, w)))
            .collect();
        self.hits = (0..self.matches.len())
            .filter(|&i| self.matches[i])
            .collect();
    }

    /// Moves to the next (+1) or previous (−1) match, wrapping; returns the event.
    pub fn step(&mut self, delta: i32) -> Option<usize> {
        if self.hits.is_empty() {
            return None;
        }
        let n = self.hits.len() as i64;
        let next = match self.current {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(c) => (c as i64 + delta as i64).rem_euclid(n),
        };
        self.current = Some(next as usize);
        self.hits.get(next as usize).copied()
    }

    /// "3 of 12", "no matches", or empty when no search is active.
    pub fn status(&self) -> String {
        if !self.is_active() {
            String::new()
        } else if self.hits.is_empty() {
            "no matches".to_owned()
        } else {
            match self.current {
                Some(c) => format!("{} of {}", c + 1, self.hits.len()),
                None => format!("{} matches", self.hits.len()),
            }
        }
    }

    pub fn clear(&mut self) {
        *self = Search::default();
    }
}

fn event_contains(e: &Event, word_lower: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(word_lower);
    has(e.title())
        || has(e.description())
        || e.tags().iter().any(|t| has(t))
        || e.sources()
            .iter()
            .any(|s| s.title().is_some_and(has) || s.publisher().is_some_and(has))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Source, SourceDetails, Tags, TimelineMeta};

    fn timeline() -> Timeline {
        let mut a = Event::new(
            "a",
            "Camarena kidnapped",
            Date::parse_iso("1985-02-07").unwrap(),
        );
        a.set_tags(Tags::new(["DEA"]));
        let mut b = Event::new("b", "Capture", Date::parse_iso("2022-07-15").unwrap());
        b.set_sources(vec![Source::with_details(
            "https://example.org",
            SourceDetails {
                title: Some("Statement by the Ambassador".into()),
                ..Default::default()
            },
        )]);
        let c = Event::new("c", "Transfer", Date::parse_iso("2025-02-27").unwrap());
        Timeline::new(TimelineMeta::default(), vec![a, b, c])
    }

    #[test]
    fn matches_titles_tags_and_source_titles_and_steps_round() {
        let t = timeline();
        let mut s = Search::default();
        s.set_query(&t, "dea", |_| true);
        assert_eq!(s.hits, [0]);
        s.set_query(&t, "AMBASSADOR", |_| true);
        assert_eq!(s.hits, [1]);
        s.set_query(&t, "t", |_| true);
        assert_eq!(s.hits, [1, 2]);
        assert_eq!(s.status(), "2 matches");
        assert_eq!(s.step(1), Some(1));
        assert_eq!(s.status(), "1 of 2");
        assert_eq!(s.step(1), Some(2));
        assert_eq!(s.step(1), Some(1), "wraps");
        assert_eq!(s.step(-1), Some(2));
        s.set_query(&t, "t", |i| i != 2);
        assert_eq!(s.hits, [1], "hidden events do not match");
        s.set_query(&t, "zzz", |_| true);
        assert_eq!(s.status(), "no matches");
    }
}
