//! Text search over titles, descriptions, tags and source titles: which events match, and which
//! match is current ("3 of 12"). Queries run on a worker thread against the document's
//! [`SearchIndex`] (built once per load), in slices: counts grow as results arrive and a new
//! query cancels the one still running. The UI polls once a frame and decides how matches look.

use crate::model::Timeline;
use crate::model::search_index::{QUERY_SLICE, SearchIndex};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, OnceLock};

/// A timeline with its search index (filled in the background after a load).
#[derive(Clone)]
pub struct Searchable {
    pub timeline: Arc<Timeline>,
    pub index: Arc<OnceLock<SearchIndex>>,
}

impl Searchable {
    /// Starts building the index on a worker thread.
    pub fn index_in_background(timeline: Arc<Timeline>) -> Self {
        let index = Arc::new(OnceLock::new());
        let (t, cell) = (timeline.clone(), index.clone());
        std::thread::spawn(move || {
            let _ = cell.set(SearchIndex::build(&t));
        });
        Searchable { timeline, index }
    }

    /// Nothing to search (no handle on any timeline), while the document's timeline changes.
    pub fn none() -> Self {
        Searchable {
            timeline: Arc::new(Timeline::default()),
            index: Arc::new(OnceLock::new()),
        }
    }
}

#[derive(Default)]
pub struct Search {
    pub query: String,
    /// Per event: matches the query. Empty while the query is empty.
    pub matches: Vec<bool>,
    /// Matching event indices in time order (as found so far while a query runs).
    pub hits: Vec<usize>,
    /// Position in `hits` of the current match.
    pub current: Option<usize>,
    running: Option<Running>,
}

/// A query running on a worker: its results, and the flag that stops it.
struct Running {
    results: Receiver<Vec<usize>>,
    cancel: Arc<AtomicBool>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// True while matches are still being looked for.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts a query (case-insensitive; every word must occur) on a worker thread, cancelling
    /// the one before. `notify` is called from the worker when results arrive (a repaint).
    pub fn set_query(
        &mut self,
        source: &Searchable,
        query: &str,
        notify: impl Fn() + Send + 'static,
    ) {
        self.query = query.to_owned();
        self.current = None;
        self.running = None;
        self.hits.clear();
        let words = SearchIndex::words(query);
        if words.is_empty() {
            self.matches.clear();
            return;
        }
        // Zeroed memory from the allocator: no pass over the events on the UI thread.
        self.matches = vec![false; source.timeline.len()];
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let source = source.clone();
        std::thread::spawn(move || {
            let index = source.index.wait();
            let mut start = 0;
            while start < index.len() && !stop.load(Ordering::Relaxed) {
                let found = index.matches_in(&source.timeline, &words, start..start + QUERY_SLICE);
                if !found.is_empty() {
                    if tx.send(found).is_err() {
                        return;
                    }
                    notify();
                }
                start += QUERY_SLICE;
            }
            drop(tx);
            notify();
        });
        self.running = Some(Running {
            results: rx,
            cancel,
        });
    }

    /// Takes the results that arrived (keeping only shown events); true when any did or the
    /// query finished.
    pub fn poll(&mut self, shown: impl Fn(usize) -> bool) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        let mut changed = false;
        loop {
            match running.results.try_recv() {
                Ok(found) => {
                    changed = true;
                    for i in found.into_iter().filter(|&i| shown(i)) {
                        if let Some(m) = self.matches.get_mut(i) {
                            *m = true;
                            self.hits.push(i);
                        }
                    }
                }
                Err(TryRecvError::Empty) => return changed,
                Err(TryRecvError::Disconnected) => {
                    self.running = None;
                    return true;
                }
            }
        }
    }

    /// Waits for the running query to finish (tests, and callers that need every match).
    pub fn finish(&mut self, shown: impl Fn(usize) -> bool) {
        while self.running.is_some() {
            self.poll(&shown);
            std::thread::yield_now();
        }
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
        } else if self.hits.is_empty() && self.is_running() {
            "searching\u{2026}".to_owned()
        } else if self.hits.is_empty() {
            "no matches".to_owned()
        } else {
            let more = if self.is_running() { "\u{2026}" } else { "" };
            match self.current {
                Some(c) => format!("{} of {}{more}", c + 1, self.hits.len()),
                None => format!("{} matches{more}", self.hits.len()),
            }
        }
    }

    pub fn clear(&mut self) {
        *self = Search::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Source, SourceDetails, Tags, TimelineMeta};
    use std::sync::Arc;

    fn timeline() -> Searchable {
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
        Searchable::index_in_background(Arc::new(Timeline::new(
            TimelineMeta::default(),
            vec![a, b, c],
        )))
    }

    fn query(s: &mut Search, t: &Searchable, q: &str, shown: impl Fn(usize) -> bool) {
        s.set_query(t, q, || {});
        s.finish(shown);
    }

    #[test]
    fn matches_titles_tags_and_source_titles_and_steps_round() {
        let t = timeline();
        let mut s = Search::default();
        query(&mut s, &t, "dea", |_| true);
        assert_eq!(s.hits, [0]);
        query(&mut s, &t, "AMBASSADOR", |_| true);
        assert_eq!(s.hits, [1]);
        query(&mut s, &t, "t", |_| true);
        assert_eq!(s.hits, [1, 2]);
        assert_eq!(s.status(), "2 matches");
        assert_eq!(s.step(1), Some(1));
        assert_eq!(s.status(), "1 of 2");
        assert_eq!(s.step(1), Some(2));
        assert_eq!(s.step(1), Some(1), "wraps");
        assert_eq!(s.step(-1), Some(2));
        query(&mut s, &t, "t", |i| i != 2);
        assert_eq!(s.hits, [1], "hidden events do not match");
        query(&mut s, &t, "zzz", |_| true);
        assert_eq!(s.status(), "no matches");
    }

    #[test]
    fn a_new_query_cancels_the_running_one_and_results_equal_brute_force() {
        let t = Searchable::index_in_background(Arc::new(crate::generate::generate(
            &crate::generate::GenerateOptions {
                events: 60_000,
                ..Default::default()
            },
        )));
        let mut s = Search::default();
        s.set_query(&t, "raid", || {});
        let first = s.running.as_ref().map(|r| r.cancel.clone()).unwrap();
        query(&mut s, &t, "COURT filings", |_| true);
        assert!(
            first.load(Ordering::Relaxed),
            "the stale query was told to stop"
        );
        // What the old UI-thread search found: every word in a lowercased field.
        let words = SearchIndex::words("COURT filings");
        let brute: Vec<usize> = (0..t.timeline.len())
            .filter(|&i| {
                let e = &t.timeline.events()[i];
                words.iter().all(|w| {
                    let has = |x: &str| x.to_lowercase().contains(w.as_str());
                    has(e.title())
                        || has(e.description())
                        || e.tags().iter().any(|tag| has(tag))
                        || e.sources().iter().any(|src| {
                            src.title().is_some_and(has) || src.publisher().is_some_and(has)
                        })
                })
            })
            .collect();
        assert!(!brute.is_empty());
        assert_eq!(s.hits, brute);
        assert_eq!(s.matches.iter().filter(|&&m| m).count(), brute.len());
    }
}
