//! The event model: dates with precision, compact event records and the sorted, columnar
//! [`Timeline`]. No egui, no files.

pub mod date;
pub mod event;
pub mod lane_tally;
pub mod link;
pub mod reach;
pub mod search_index;
pub mod timeline;

pub use date::{Date, DateError, OffsetStyle, Precision, UtcOffset};
pub use event::{Event, EventParts, Source, SourceDetails, Tag, TagInterner, Tags};
pub use timeline::{Era, Extra, Lane, Timeline, TimelineMeta};
