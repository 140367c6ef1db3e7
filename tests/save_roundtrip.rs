//! Saving is lossless: the sample and every native fixture load and save back byte for byte;
//! a file Chronoscope wrote re-saves byte-identical; an edit that is undone saves the original
//! again; an edit changes only what it touched; and a file in another format saves as a new
//! native file with its events in the file's order.

use chronoscope::io::{self, DiskVersion, FileStamp, SaveTarget, save_timeline};
use chronoscope::model::{Date, Edit, Event, Timeline};
use std::path::{Path, PathBuf};

/// Files with unknown fields at every level, odd key orders, dates with offsets and precisions.
fn native_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("assets/cartel-transfer.json")];
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let p = entry.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        if p.extension().is_some_and(|e| e == "json") && text.contains("\"chronoscope\"") {
            files.push(p);
        }
    }
    assert!(
        files.len() >= 3,
        "the sample and the native fixtures: {files:?}"
    );
    files
}

fn copy_to(dir: &Path, file: &Path) -> PathBuf {
    let path = dir.join(file.file_name().unwrap());
    std::fs::copy(file, &path).unwrap();
    path
}

fn loaded_version(path: &Path) -> DiskVersion {
    DiskVersion::loaded(FileStamp::of(path).unwrap())
}

fn load(path: &Path) -> Timeline {
    let loaded = io::load_path(path).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.skipped.is_empty(),
        "{}: {:?}",
        path.display(),
        loaded.problems
    );
    loaded.timeline
}

#[test]
fn unchanged_files_save_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for file in native_files() {
        let path = copy_to(dir.path(), &file);
        let before = std::fs::read(&path).unwrap();
        let t = load(&path);
        let version = loaded_version(&path);
        save_timeline(&t, &path, SaveTarget::InPlace(&version)).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{} came back changed",
            file.display()
        );
    }
}

#[test]
fn a_file_chronoscope_wrote_resaves_identically_in_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    for file in native_files() {
        let t = load(&file);
        let path = dir.path().join("written.json");
        save_timeline(&t, &path, SaveTarget::Fresh).unwrap();
        let written = std::fs::read(&path).unwrap();
        let again = load(&path);
        // Written whole again, and merged in place: the same bytes.
        assert_eq!(
            io::to_native_string(&again).into_bytes(),
            written,
            "{}",
            file.display()
        );
        let version = loaded_version(&path);
        save_timeline(&again, &path, SaveTarget::InPlace(&version)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), written, "{}", file.display());
        // The file's event order, not the date order.
        let ids = |t: &Timeline| -> Vec<String> {
            t.indices_in_file_order()
                .into_iter()
                .map(|i| t.events()[i].id().to_owned())
                .collect()
        };
        assert_eq!(ids(&again), ids(&t), "{}", file.display());
    }
}

#[test]
fn changed_then_reverted_saves_the_original_and_an_edit_touches_only_its_event() {
    let dir = tempfile::tempdir().unwrap();
    for file in native_files() {
        let path = copy_to(dir.path(), &file);
        let before = std::fs::read_to_string(&path).unwrap();
        let original = load(&path);
        let version = loaded_version(&path);
        let last = original.indices_in_file_order().pop().expect("events");
        let key = original.file_order()[last];
        let mut e = original.events()[last].clone();
        let old_title = e.title().to_owned();
        e.set_title(&format!("{old_title} (checked)"));

        // Changed, then changed back: saves the original bytes.
        let mut t = original.clone();
        let undo = Edit::change_event(key, e.clone()).apply(&mut t);
        undo.apply(&mut t);
        let version = save_timeline(&t, &path, SaveTarget::InPlace(&version)).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            before,
            "{}",
            file.display()
        );

        // Changed and saved: only that event's text differs; everything before it is the same.
        let mut t = original.clone();
        Edit::change_event(key, e).apply(&mut t);
        save_timeline(&t, &path, SaveTarget::InPlace(&version)).unwrap();
        let edited = std::fs::read_to_string(&path).unwrap();
        assert!(edited.contains("(checked)"), "{}", file.display());
        let first_diff = before
            .bytes()
            .zip(edited.bytes())
            .position(|(a, b)| a != b)
            .unwrap();
        let id_json = serde_json::to_string(original.events()[last].id()).unwrap();
        let title_json = serde_json::to_string(&old_title).unwrap();
        let at = before
            .rfind(&id_json)
            .or_else(|| before.rfind(&title_json))
            .expect("the event's id or title is in the file");
        let event_at = before[..at].rfind('{').unwrap();
        assert!(
            first_diff > event_at,
            "{}: the first difference is inside the edited event",
            file.display()
        );
        let back = load(&path);
        assert_eq!(back.len(), original.len(), "{}", file.display());
    }
}

#[test]
fn deleting_then_undoing_after_a_save_brings_the_event_back_in_place_with_its_unknown_fields() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native-full.json");
    let path = copy_to(dir.path(), &file);
    let original = load(&path);
    let mut t = original.clone();
    let k = t.index_of("kidnapping").unwrap();
    let key = t.file_order()[k];
    let undo = Edit::Events {
        remove: vec![key],
        add: vec![],
    }
    .apply(&mut t);
    let version = save_timeline(&t, &path, SaveTarget::InPlace(&loaded_version(&path))).unwrap();
    let deleted = std::fs::read_to_string(&path).unwrap();
    assert!(!deleted.contains("\"reviewer\""));
    assert!(
        deleted.contains(
            r#"{ "id": "ides", "title": "Ides of March", "start": "-0043-03-15", "lane": "rome" }"#
        ),
        "the others are untouched:\n{deleted}"
    );
    assert_eq!(load(&path).len(), original.len() - 1);
    undo.apply(&mut t);
    save_timeline(&t, &path, SaveTarget::InPlace(&version)).unwrap();
    let back = load(&path);
    assert_eq!(
        back.events(),
        original.events(),
        "every field, unknown ones too"
    );
    let ids: Vec<String> = back
        .indices_in_file_order()
        .into_iter()
        .map(|i| back.events()[i].id().to_owned())
        .collect();
    assert_eq!(
        ids.first().map(String::as_str),
        Some("kidnapping"),
        "back in its place"
    );
    let restored = std::fs::read_to_string(&path).unwrap();
    assert!(restored.contains(
        r#"{ "id": "ides", "title": "Ides of March", "start": "-0043-03-15", "lane": "rome" }"#
    ));
}

#[test]
fn other_formats_save_as_native_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/excel-plain.csv");
    let source = std::fs::read(&csv).unwrap();
    let mut t = load(&csv);
    let next = t.next_key();
    t.replace_events(
        &[],
        vec![(
            next,
            Event::new("added", "Added", Date::parse_iso("1900").unwrap()),
        )],
    );
    let out = dir.path().join("excel-plain.json");
    save_timeline(&t, &out, SaveTarget::Fresh).unwrap();
    assert_eq!(std::fs::read(&csv).unwrap(), source, "the CSV is untouched");
    let back = load(&out);
    let ids: Vec<String> = back
        .indices_in_file_order()
        .into_iter()
        .map(|i| back.events()[i].id().to_owned())
        .collect();
    assert_eq!(
        ids.last().map(String::as_str),
        Some("added"),
        "new events come last"
    );
}

#[test]
fn a_story_edit_rewrites_only_the_steps_it_touched_and_undoing_it_saves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native-hand-edited.json");
    let path = copy_to(dir.path(), &file);
    let before = std::fs::read_to_string(&path).unwrap();
    let original = load(&path);
    assert_eq!(
        original.meta.story.len(),
        3,
        "an id, an event with a caption, a view"
    );
    let version = loaded_version(&path);

    // Reordered and undone: the original bytes.
    let mut t = original.clone();
    let mut meta = t.meta.clone();
    meta.story.rotate_left(1);
    let undo = Edit::Meta(Box::new(meta.clone())).apply(&mut t);
    undo.apply(&mut t);
    let version = save_timeline(&t, &path, SaveTarget::InPlace(&version)).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);

    // Reordered, with a new view at the end: the steps as hand-written, in the new order.
    let mut t = original.clone();
    let mut view = chronoscope::model::ViewStep::covering(
        Date::parse_iso("2022-07-15").unwrap().start_secs(),
        Date::parse_iso("2022-07-16").unwrap().start_secs(),
        Vec::new(),
        &chronoscope::model::DisplayZone::Utc,
    )
    .unwrap();
    view.title = "The day".into();
    meta.story.push(chronoscope::model::StoryStep::View(view));
    Edit::Meta(Box::new(meta)).apply(&mut t);
    save_timeline(&t, &path, SaveTarget::InPlace(&version)).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    let captioned =
        r#"{"caption": "Written by hand, \"quoted\".", "event": "z-ms", "x-reviewed": true}"#;
    let view_text = r#"{"end": "2022-07", "start": "1999", "x-slide": 3, "title": "Two decades", "lanes": ["press"]}"#;
    let (a, b) = (saved.find(captioned), saved.find(view_text));
    let later = saved.find("        \"later\"");
    assert!(
        matches!((a, b, later), (Some(a), Some(b), Some(l)) if a < b && b < l),
        "the steps' own text, reordered:\n{saved}"
    );
    assert!(saved.contains("\"title\": \"The day\""), "{saved}");
    assert!(
        saved.starts_with(&before[..before.find("\"story\"").unwrap()]),
        "nothing before the story changed"
    );
    assert_eq!(load(&path).meta.story, t.meta.story);
}
