//! The event model: dates with precision, compact event records, the sorted, columnar
//! [`Timeline`], its story ([`StoryStep`]), the edits that change it ([`Edit`]) and the display
//! time zone naive dates are placed in ([`DisplayZone`]). No egui, no files.

pub mod date;
pub mod edit;
pub mod event;
pub mod lane_tally;
pub mod link;
pub mod reach;
pub mod search_index;
pub mod story;
pub mod text;
pub mod timeline;
pub mod zone;

pub use date::{Date, DateError, OffsetStyle, Precision, UtcOffset};
pub use edit::Edit;
pub use event::{Event, EventParts, Source, SourceDetails, Tag, TagInterner, Tags};
pub use story::{EventStep, StoryStep, ViewStep};
pub use timeline::{Era, Extra, FieldName, FieldNames, Lane, Timeline, TimelineMeta};
pub use zone::{DisplayZone, ZoneError};

/// An id- and file-name-safe form of a label: lowercase letters and digits, every other run
/// becomes one "-" ("Señor Z-40" → "señor-z-40"). Empty when the label has no letter or digit.
pub fn slug(label: &str) -> String {
    let mut s = String::with_capacity(label.len());
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_keep_letters_and_digits_and_join_the_rest() {
        assert_eq!(slug("Señor Z-40"), "señor-z-40");
        assert_eq!(slug("  Money   trail! "), "money-trail");
        assert_eq!(slug("!!"), "");
    }
}
