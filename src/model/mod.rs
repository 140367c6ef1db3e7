//! The event model: dates with precision, compact event records, the sorted, columnar
//! [`Timeline`] and the edits that change it ([`Edit`]). No egui, no files.

pub mod date;
pub mod edit;
pub mod event;
pub mod lane_tally;
pub mod link;
pub mod reach;
pub mod search_index;
pub mod timeline;

pub use date::{Date, DateError, OffsetStyle, Precision, UtcOffset};
pub use edit::Edit;
pub use event::{Event, EventParts, Source, SourceDetails, Tag, TagInterner, Tags};
pub use timeline::{Era, Extra, Lane, Timeline, TimelineMeta};
