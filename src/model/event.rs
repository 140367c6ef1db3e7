//! One event record, stored compactly: its three texts (id, title, description) in one
//! allocation, its lane as a `u32`, its tags as one shared interned set, its sources as a boxed
//! slice of 24-byte [`Source`]s, and the fields few events carry (colour, display date, unknown
//! fields) behind one pointer that stays null when unused. Read through accessors; build with
//! [`EventParts`] or [`Event::new`] plus setters. Knows nothing of files, columns or screens.
//!
//! A million events took 545 B each when every field was its own `String`/`Vec`; the layout
//! here is 104 B per event plus one text allocation (see `docs/performance.md`).

use super::date::Date;
use super::timeline::Extra;
use super::zone::DisplayZone;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// An event's id, title and description in one allocation, split at two byte offsets.
/// One allocation instead of three saves two malloc headers and two 16-byte pointers per event.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
struct EventText {
    buf: Box<str>,
    /// `buf[..id_end]` is the id.
    id_end: u32,
    /// `buf[id_end..title_end]` is the title; the rest is the description.
    title_end: u32,
}

impl EventText {
    fn new(id: &str, title: &str, description: &str) -> Self {
        // Per-field and per-file caps in `io` keep each text far below 4 GiB; a longer id or
        // title (only possible from code) is cut at a character boundary rather than wrapped.
        let id = clip_to_u32(id);
        let title = clip_to_u32(title);
        let id_end = id.len();
        let title_end = clip_to_u32_len(id_end + title.len());
        let mut buf = String::with_capacity(id.len() + title.len() + description.len());
        buf.push_str(id);
        buf.push_str(title);
        buf.push_str(description);
        EventText {
            buf: buf.into_boxed_str(),
            id_end: id_end as u32,
            title_end: title_end as u32,
        }
    }

    fn id(&self) -> &str {
        &self.buf[..self.id_end as usize]
    }

    /// Replaces the id in the same allocation: the title and description move by the
    /// difference, and a shorter id gives the spare bytes back without a copy. Readers that
    /// name events only once the rows before them are counted give them a placeholder at
    /// least as long as the id, so naming them costs no new allocation.
    fn set_id(&mut self, id: &str) {
        let id = clip_to_u32(id);
        let old_end = self.id_end as usize;
        if id.len() + (self.buf.len() - old_end) > u32::MAX as usize {
            *self = EventText::new(id, self.title(), self.description());
            return;
        }
        let mut buf = std::mem::take(&mut self.buf).into_string();
        buf.replace_range(..old_end, id);
        let title_len = self.title_end as usize - old_end;
        self.id_end = id.len() as u32;
        self.title_end = (id.len() + title_len) as u32;
        self.buf = buf.into_boxed_str();
    }

    fn title(&self) -> &str {
        &self.buf[self.id_end as usize..self.title_end as usize]
    }

    fn description(&self) -> &str {
        &self.buf[self.title_end as usize..]
    }
}

fn clip_to_u32(s: &str) -> &str {
    let mut end = clip_to_u32_len(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn clip_to_u32_len(len: usize) -> usize {
    len.min(u32::MAX as usize)
}

/// One tag, shared by every event that carries it. Reads as `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(Arc<str>);

impl Tag {
    pub fn new(tag: &str) -> Self {
        Tag(Arc::from(tag))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Tag {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Tag {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Tag {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Tag {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

/// An event's tags: one interned, shared slice (events with the same tags point at the same
/// allocation), or nothing. Reads as `&[Tag]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tags(Option<Arc<[Tag]>>);

impl Tags {
    /// Tags not shared with any other event (for a single event built by hand; loaders use a
    /// [`TagInterner`]).
    pub fn new<S: AsRef<str>>(tags: impl IntoIterator<Item = S>) -> Self {
        let tags: Vec<Tag> = tags.into_iter().map(|t| Tag::new(t.as_ref())).collect();
        Tags((!tags.is_empty()).then(|| tags.into()))
    }
}

impl std::ops::Deref for Tags {
    type Target = [Tag];
    fn deref(&self) -> &[Tag] {
        self.0.as_deref().unwrap_or(&[])
    }
}

/// Makes equal tags and equal tag lists share one allocation. One interner per loader thread is
/// enough: sharing across threads would save only the few sets each thread found.
#[derive(Debug, Default)]
pub struct TagInterner {
    // A fast hash seeded per process: every event of a file asks here.
    tags: HashMap<Tag, (), foldhash::fast::RandomState>,
    sets: HashMap<Arc<[Tag]>, (), foldhash::fast::RandomState>,
    /// The set each short tags text (a CSV cell) gave, for the texts seen first: most files
    /// repeat a few tag cells on every row, and a hit skips splitting and interning.
    by_text: HashMap<Box<str>, Tags, foldhash::fast::RandomState>,
}

/// Tags texts remembered at most per interner (a file of all-different cells stops adding).
const TAG_TEXTS_REMEMBERED: usize = 4096;
/// Longer tags texts are split every time, not remembered.
const TAG_TEXT_REMEMBERED_BYTES: usize = 256;

impl TagInterner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The shared copy of `tag`.
    pub fn tag(&mut self, tag: &str) -> Tag {
        if let Some((t, _)) = self.tags.get_key_value(tag) {
            return t.clone();
        }
        let t = Tag::new(tag);
        self.tags.insert(t.clone(), ());
        t
    }

    /// The shared set of the tags `split` finds in `text`, remembered by text: every caller of
    /// one interner must split the same way (one interner serves one loader's part of a file).
    pub fn tags_of_text(&mut self, text: &str, split: impl Fn(&str) -> Vec<&str>) -> Tags {
        if text.is_empty() {
            return Tags::default();
        }
        if let Some(tags) = self.by_text.get(text) {
            return tags.clone();
        }
        let tags = self.tags(&split(text));
        if self.by_text.len() < TAG_TEXTS_REMEMBERED && text.len() <= TAG_TEXT_REMEMBERED_BYTES {
            self.by_text.insert(text.into(), tags.clone());
        }
        tags
    }

    /// The shared set for these tags, in this order.
    pub fn tags<S: AsRef<str>>(&mut self, tags: &[S]) -> Tags {
        if tags.is_empty() {
            return Tags::default();
        }
        let set: Vec<Tag> = tags.iter().map(|t| self.tag(t.as_ref())).collect();
        if let Some((s, _)) = self.sets.get_key_value(set.as_slice()) {
            return Tags(Some(s.clone()));
        }
        let set: Arc<[Tag]> = set.into();
        self.sets.insert(set.clone(), ());
        Tags(Some(set))
    }
}

/// What few sources carry beyond their URL.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceDetails {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    pub accessed: Option<Date>,
    pub extra: Extra,
}

impl SourceDetails {
    fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.publisher.is_none()
            && self.published.is_none()
            && self.accessed.is_none()
            && self.extra.is_empty()
    }
}

/// A source: a URL, and behind one pointer (null for a bare link) its title, publisher, dates
/// and unknown fields. 24 bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    url: Box<str>,
    details: Option<Box<SourceDetails>>,
}

impl Source {
    pub fn from_url(url: impl Into<String>) -> Self {
        Source {
            url: url.into().into_boxed_str(),
            details: None,
        }
    }

    /// A source with details (kept only when there are some).
    pub fn with_details(url: impl Into<String>, details: SourceDetails) -> Self {
        let mut s = Source::from_url(url);
        s.set_details(details);
        s
    }

    pub fn url(&self) -> &str {
        &self.url
    }
    pub fn title(&self) -> Option<&str> {
        self.details.as_ref()?.title.as_deref()
    }
    pub fn publisher(&self) -> Option<&str> {
        self.details.as_ref()?.publisher.as_deref()
    }
    pub fn published(&self) -> Option<Date> {
        self.details.as_ref()?.published
    }
    pub fn accessed(&self) -> Option<Date> {
        self.details.as_ref()?.accessed
    }
    pub fn extra(&self) -> &Extra {
        static NONE: Extra = Extra::new();
        self.details.as_ref().map_or(&NONE, |d| &d.extra)
    }

    /// True for a source that is only a URL (written back as a bare string).
    pub fn is_bare(&self) -> bool {
        self.details.is_none()
    }

    pub fn set_url(&mut self, url: impl Into<String>) {
        self.url = url.into().into_boxed_str();
    }

    pub fn set_details(&mut self, mut details: SourceDetails) {
        details.extra.compact();
        self.details = (!details.is_empty()).then(|| Box::new(details));
    }

    /// The details, for reading and changing several at once.
    pub fn details(&self) -> SourceDetails {
        self.details.as_deref().cloned().unwrap_or_default()
    }

    /// A plain-text citation: `Publisher, "Title" (7 Feb 1985). URL (accessed 1 Nov 2026)`.
    pub fn citation(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.publisher() {
            parts.push(p.to_string());
        }
        if let Some(t) = self.title() {
            parts.push(format!("\u{201c}{t}\u{201d}"));
        }
        let mut s = parts.join(", ");
        if let Some(d) = self.published() {
            s.push_str(&format!(" ({d})"));
        }
        if !s.is_empty() {
            s.push_str(". ");
        }
        s.push_str(self.url());
        if let Some(d) = self.accessed() {
            s.push_str(&format!(" (accessed {d})"));
        }
        s
    }
}

/// The fields few events set, boxed together so that the rest pay 8 bytes for them.
#[derive(Clone, Debug, Default, PartialEq)]
struct EventRare {
    color: Option<Box<str>>,
    display_date: Option<Box<str>>,
    extra: Extra,
}

impl EventRare {
    fn is_empty(&self) -> bool {
        self.color.is_none() && self.display_date.is_none() && self.extra.is_empty()
    }
}

/// An event (104 bytes plus one text allocation). Dates and `circa` are plain fields; the
/// rest is read through accessors and changed through setters, so the storage can stay compact.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    text: EventText,
    pub start: Date,
    pub end: Option<Date>,
    /// Index into [`Timeline::lanes`](super::Timeline::lanes).
    lane: u32,
    /// The source itself says "about" / "circa".
    pub circa: bool,
    tags: Tags,
    sources: Box<[Source]>,
    rare: Option<Box<EventRare>>,
}

impl std::fmt::Debug for EventText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventText")
            .field("id", &self.id())
            .field("title", &self.title())
            .field("description", &self.description())
            .finish()
    }
}

/// Every field of an event, owned and public: what importers fill in and editors change.
/// `Event::from(parts)` packs it; [`Event::into_parts`] unpacks it.
/// The three texts may borrow (from the file being read) to save a copy.
#[derive(Clone, Debug, PartialEq)]
pub struct EventParts<'a> {
    pub id: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub description: Cow<'a, str>,
    pub start: Date,
    pub end: Option<Date>,
    pub circa: bool,
    pub lane: usize,
    pub tags: Tags,
    pub sources: Vec<Source>,
    pub color: Option<String>,
    pub display_date: Option<String>,
    pub extra: Extra,
}

impl<'a> EventParts<'a> {
    /// An event with only these fields set.
    pub fn new(id: impl Into<Cow<'a, str>>, title: impl Into<Cow<'a, str>>, start: Date) -> Self {
        EventParts {
            id: id.into(),
            title: title.into(),
            description: Cow::Borrowed(""),
            start,
            end: None,
            circa: false,
            lane: 0,
            tags: Tags::default(),
            sources: Vec::new(),
            color: None,
            display_date: None,
            extra: Extra::new(),
        }
    }
}

impl From<EventParts<'_>> for Event {
    fn from(p: EventParts<'_>) -> Self {
        let mut e = Event {
            text: EventText::new(&p.id, &p.title, &p.description),
            start: p.start,
            end: p.end,
            lane: 0,
            circa: p.circa,
            tags: p.tags,
            sources: p.sources.into_boxed_slice(),
            rare: None,
        };
        e.set_lane(p.lane);
        e.set_rare(EventRare {
            color: p.color.map(String::into_boxed_str),
            display_date: p.display_date.map(String::into_boxed_str),
            extra: p.extra,
        });
        e
    }
}

impl Event {
    pub fn new(id: impl AsRef<str>, title: impl AsRef<str>, start: Date) -> Self {
        Event {
            text: EventText::new(id.as_ref(), title.as_ref(), ""),
            start,
            end: None,
            lane: 0,
            circa: false,
            tags: Tags::default(),
            sources: Box::default(),
            rare: None,
        }
    }

    /// Every field, owned (to change several at once, then pack again with `Event::from`).
    pub fn into_parts(self) -> EventParts<'static> {
        let lane = self.lane();
        let rare = self.rare.map(|r| *r).unwrap_or_default();
        EventParts {
            id: Cow::Owned(self.text.id().to_string()),
            title: Cow::Owned(self.text.title().to_string()),
            description: Cow::Owned(self.text.description().to_string()),
            start: self.start,
            end: self.end,
            circa: self.circa,
            lane,
            tags: self.tags,
            sources: self.sources.into_vec(),
            color: rare.color.map(String::from),
            display_date: rare.display_date.map(String::from),
            extra: rare.extra,
        }
    }

    pub fn id(&self) -> &str {
        self.text.id()
    }
    pub fn title(&self) -> &str {
        self.text.title()
    }
    /// Plain text; empty when the event has none.
    pub fn description(&self) -> &str {
        self.text.description()
    }
    /// Index into the timeline's lanes.
    pub fn lane(&self) -> usize {
        if self.lane == u32::MAX {
            usize::MAX
        } else {
            self.lane as usize
        }
    }
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    /// `#rrggbb` as written in the file.
    pub fn color(&self) -> Option<&str> {
        self.rare.as_ref()?.color.as_deref()
    }
    /// Text shown in place of the computed date (TimelineJS `display_date`).
    pub fn display_date(&self) -> Option<&str> {
        self.rare.as_ref()?.display_date.as_deref()
    }
    /// Fields the file carried that Chronoscope does not use; written back unchanged on save.
    pub fn extra(&self) -> &Extra {
        static NONE: Extra = Extra::new();
        self.rare.as_ref().map_or(&NONE, |r| &r.extra)
    }

    pub fn set_id(&mut self, id: &str) {
        self.text.set_id(id);
    }
    pub fn set_title(&mut self, title: &str) {
        self.text = EventText::new(self.id(), title, self.description());
    }
    pub fn set_description(&mut self, description: &str) {
        self.text = EventText::new(self.id(), self.title(), description);
    }
    /// Lane indices beyond `u32` (never a real lane) read back as `usize::MAX`: no lane.
    pub fn set_lane(&mut self, lane: usize) {
        self.lane = u32::try_from(lane).unwrap_or(u32::MAX);
    }
    pub fn set_tags(&mut self, tags: Tags) {
        self.tags = tags;
    }
    pub fn set_sources(&mut self, sources: Vec<Source>) {
        self.sources = sources.into_boxed_slice();
    }
    pub fn set_color(&mut self, color: Option<String>) {
        self.change_rare(|r| r.color = color.map(String::into_boxed_str));
    }
    pub fn set_display_date(&mut self, display_date: Option<String>) {
        self.change_rare(|r| r.display_date = display_date.map(String::into_boxed_str));
    }
    /// Changes the unknown fields (an emptied map is freed).
    pub fn change_extra(&mut self, change: impl FnOnce(&mut Extra)) {
        self.change_rare(|r| change(&mut r.extra));
    }

    fn change_rare(&mut self, change: impl FnOnce(&mut EventRare)) {
        let mut rare = self.rare.take().map(|r| *r).unwrap_or_default();
        change(&mut rare);
        self.set_rare(rare);
    }

    fn set_rare(&mut self, mut rare: EventRare) {
        rare.extra.compact();
        self.rare = (!rare.is_empty()).then(|| Box::new(rare));
    }

    pub fn is_range(&self) -> bool {
        self.end.is_some()
    }

    /// First instant on the axis.
    pub fn start_secs(&self) -> f64 {
        self.start.start_secs()
    }

    /// Last instant the event may cover: the end of its end date's precision for a range, or
    /// the end of the start's precision for a point ("1985" covers all of 1985).
    pub fn end_secs(&self) -> f64 {
        match &self.end {
            Some(end) => end.end_of_precision_secs(),
            None => self.start.end_of_precision_secs(),
        }
    }

    /// First instant on the axis when naive dates read in `zone` (see [`super::zone`]).
    pub fn start_secs_in(&self, zone: &DisplayZone) -> f64 {
        self.start.start_secs_in(zone)
    }

    /// [`Event::end_secs`] when naive dates read in `zone`.
    pub fn end_secs_in(&self, zone: &DisplayZone) -> f64 {
        match &self.end {
            Some(end) => end.end_of_precision_secs_in(zone),
            None => self.start.end_of_precision_secs_in(zone),
        }
    }

    /// "7 Feb 1985", "c. 2020", "Apr 1985 – Aug 2013".
    pub fn date_text(&self) -> String {
        let circa = if self.circa { "c. " } else { "" };
        match &self.end {
            Some(end) => format!("{circa}{} \u{2013} {end}", self.start),
            None => format!("{circa}{}", self.start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn day() -> Date {
        Date::parse_iso("1985-02-07").unwrap()
    }

    #[test]
    fn the_layout_stays_compact() {
        // 72 bytes plus the two dates (16 bytes each today).
        let dates = std::mem::size_of::<Date>() + std::mem::size_of::<Option<Date>>();
        assert!(std::mem::size_of::<Event>() <= 72 + dates);
        assert_eq!(std::mem::size_of::<Source>(), 24);
        assert_eq!(std::mem::size_of::<Tags>(), 16);
    }

    #[test]
    fn parts_round_trip_every_field() {
        let mut extra = Extra::new();
        extra.insert("x-note", Value::from("kept"));
        let parts = EventParts {
            id: "kid-1".into(),
            title: "Kidnapped — Señor".into(),
            description: "Two lines\nof text".into(),
            start: day(),
            end: Some(Date::parse_iso("1985-03").unwrap()),
            circa: true,
            lane: 3,
            tags: Tags::new(["DEA", "Guadalajara"]),
            sources: vec![
                Source::from_url("https://a.org"),
                Source::with_details(
                    "https://b.org",
                    SourceDetails {
                        publisher: Some("DEA".into()),
                        ..Default::default()
                    },
                ),
            ],
            color: Some("#D55E00".into()),
            display_date: Some("Feb 1985".into()),
            extra,
        };
        let e = Event::from(parts.clone());
        assert_eq!(e.id(), "kid-1");
        assert_eq!(e.title(), "Kidnapped — Señor");
        assert_eq!(e.description(), "Two lines\nof text");
        assert_eq!(e.lane(), 3);
        assert!(e.has_tag("DEA") && !e.has_tag("dea"));
        assert_eq!(e.sources()[1].publisher(), Some("DEA"));
        assert!(e.sources()[0].is_bare() && !e.sources()[1].is_bare());
        assert_eq!(e.color(), Some("#D55E00"));
        assert_eq!(e.display_date(), Some("Feb 1985"));
        assert_eq!(e.extra().get("x-note"), Some(&Value::from("kept")));
        assert_eq!(e.into_parts(), parts);
    }

    #[test]
    fn setters_change_one_text_and_keep_the_others() {
        let mut e = Event::new("a", "Title", day());
        e.set_description("desc");
        e.set_title("New title");
        e.set_id("b");
        assert_eq!(
            (e.id(), e.title(), e.description()),
            ("b", "New title", "desc")
        );
        e.set_color(Some("#000000".into()));
        e.set_color(None);
        assert!(e.rare.is_none(), "rare fields cleared free their box");
        e.change_extra(|x| {
            x.insert("k", Value::Null);
        });
        assert_eq!(e.extra().len(), 1);
        e.change_extra(|x| {
            x.remove("k");
        });
        assert!(e.rare.is_none());
        e.set_lane(usize::MAX);
        assert_eq!(e.lane(), usize::MAX, "no lane survives the u32 column");
    }

    proptest::proptest! {
        /// Replacing the id in place, by a shorter, longer or empty one, keeps the title and
        /// the description, multi-byte characters included.
        #[test]
        fn a_new_id_keeps_title_and_description(
            ids in proptest::collection::vec("[a-zé0-9]{0,12}", 1..5),
            title in "[A-Za-zé ]{0,20}",
            description in "[a-zé\n ]{0,30}",
        ) {
            let mut e = Event::new("e0000000", title.clone(), day());
            e.set_description(&description);
            for id in &ids {
                e.set_id(id);
                proptest::prop_assert_eq!(
                    (e.id(), e.title(), e.description()),
                    (id.as_str(), title.as_str(), description.as_str())
                );
            }
        }
    }

    #[test]
    fn tags_texts_are_split_once_and_give_the_same_sets() {
        fn split(text: &str) -> Vec<&str> {
            text.split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect()
        }
        let mut interner = TagInterner::new();
        let first = interner.tags_of_text("cartel; DEA", split);
        let again = interner.tags_of_text("cartel; DEA", split);
        assert_eq!(&*first, ["cartel", "DEA"].map(Tag::new).as_slice());
        let shared = |a: &Tags, b: &Tags| std::ptr::eq(a.as_ptr(), b.as_ptr());
        assert!(shared(&first, &again), "a repeated text gives the same set");
        assert!(interner.tags_of_text("", split).is_empty());
        // Past what is remembered, texts are still split and interned the same way.
        for k in 0..TAG_TEXTS_REMEMBERED + 10 {
            interner.tags_of_text(&format!("t{k}"), split);
        }
        let late = interner.tags_of_text("cartel;DEA", split);
        assert!(
            shared(&first, &late),
            "an equal set from a new text is shared"
        );
        let unremembered = interner.tags_of_text("x; y", split);
        assert_eq!(&*unremembered, ["x", "y"].map(Tag::new).as_slice());
    }

    #[test]
    fn interned_tags_share_one_allocation() {
        let mut interner = TagInterner::new();
        let a = interner.tags(&["DEA", "Mexico"]);
        let b = interner.tags(&["DEA".to_string(), "Mexico".to_string()]);
        let c = interner.tags(&["Mexico", "DEA"]);
        assert_eq!(a, b);
        assert!(Arc::ptr_eq(a.0.as_ref().unwrap(), b.0.as_ref().unwrap()));
        assert!(
            Arc::ptr_eq(&a[0].0, &c[1].0),
            "the same tag in another set is shared too"
        );
        assert_eq!(&*c[0], "Mexico", "order is kept");
        assert!(interner.tags::<&str>(&[]).is_empty());
    }
}
