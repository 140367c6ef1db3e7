//! How far a load has got (bytes read, events parsed) and a way to stop it, shared between the
//! thread that loads and the one that shows a progress bar. Plain atomics: the loader adds to
//! them in batches, readers poll them once a frame.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Events parsed between two updates of the shared count (and two looks at the cancel flag):
/// often enough for a smooth bar, rarely enough that threads do not contend.
pub(crate) const PROGRESS_EVERY: usize = 4096;

/// Shared progress of one load.
#[derive(Debug, Default)]
pub struct LoadProgress {
    total_bytes: AtomicU64,
    read_bytes: AtomicU64,
    events: AtomicU64,
    cancelled: AtomicBool,
}

/// Progress nobody watches (loads from tests and the command line).
pub(crate) static UNWATCHED: LoadProgress = LoadProgress::new();

impl LoadProgress {
    pub const fn new() -> Self {
        LoadProgress {
            total_bytes: AtomicU64::new(0),
            read_bytes: AtomicU64::new(0),
            events: AtomicU64::new(0),
            cancelled: AtomicBool::new(false),
        }
    }

    /// Asks the load to stop; it returns a "cancelled" error soon after.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Bytes read so far and the file's size (0 until known).
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.read_bytes.load(Ordering::Relaxed),
            self.total_bytes.load(Ordering::Relaxed),
        )
    }

    /// Events parsed so far.
    pub fn events(&self) -> u64 {
        self.events.load(Ordering::Relaxed)
    }

    pub(crate) fn set_total_bytes(&self, total: u64) {
        self.total_bytes.store(total, Ordering::Relaxed);
    }

    pub(crate) fn add_read_bytes(&self, n: u64) {
        self.read_bytes.fetch_add(n, Ordering::Relaxed);
    }

    pub(crate) fn add_events(&self, n: usize) {
        self.events.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// For a reader about to read its `k`th item (from 0): every [`PROGRESS_EVERY`] items,
    /// counts them and looks at the cancel flag. False when the load was cancelled.
    pub(crate) fn go_on_at(&self, k: usize) -> bool {
        if k % PROGRESS_EVERY != PROGRESS_EVERY - 1 {
            return true;
        }
        self.add_events(PROGRESS_EVERY);
        !self.is_cancelled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_count_items_in_batches_and_stop_once_cancelled() {
        let p = LoadProgress::new();
        assert!((0..2 * PROGRESS_EVERY).all(|k| p.go_on_at(k)));
        assert_eq!(p.events(), 2 * PROGRESS_EVERY as u64);
        p.cancel();
        // Seen only at the next batch's end.
        assert!(p.go_on_at(0));
        assert!(!p.go_on_at(PROGRESS_EVERY - 1));
    }

    #[test]
    fn counts_add_up_and_cancel_sticks() {
        let p = LoadProgress::new();
        p.set_total_bytes(100);
        p.add_read_bytes(40);
        p.add_read_bytes(60);
        p.add_events(3);
        assert_eq!(p.bytes(), (100, 100));
        assert_eq!(p.events(), 3);
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
