//! The event model: dates with precision and the sorted, columnar [`Timeline`]. No egui, no files.

pub mod date;
pub mod timeline;

pub use date::{Date, DateError, OffsetStyle, Precision, UtcOffset};
pub use timeline::{Era, Event, Extra, Lane, Source, Timeline, TimelineMeta};
