//! Headless PNG export: runs with no display and no GPU (as on CI), checks the image is the
//! requested size, not blank, with lane colours where the layout put events, and compares two
//! exports with committed golden images (small per-pixel tolerance). Regenerate the goldens with
//! `UPDATE_GOLDEN=1 cargo test --test export_png` after an intended change, and look at them.

use chronoscope::export::raster::RgbaImage;
use chronoscope::export::{ExportOptions, render_timeline, render_timeline_with_scene, save_png};
use chronoscope::layout::MarkKind;
use chronoscope::model::{Date, Timeline};
use chronoscope::paint::event_color;
use chronoscope::theme::Theme;
use chronoscope::ui::app::SAMPLE_JSON;
use chronoscope::view::TimeView;
use chronoscope::view::event_view;
use std::path::PathBuf;

fn sample() -> Timeline {
    chronoscope::io::load_bytes("cartel-transfer.json", SAMPLE_JSON, Some("json"))
        .expect("the sample loads")
        .timeline
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn read_png(path: &PathBuf) -> RgbaImage {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png data");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    RgbaImage {
        width: info.width,
        height: info.height,
        pixels: buf,
    }
}

/// Pixels differing by more than `TOLERANCE` in any channel may make up at most `MAX_FRACTION`
/// of the image: rounding differences between machines pass, a moved line or label does not.
const TOLERANCE: u8 = 6;
const MAX_FRACTION: f64 = 0.001;

fn assert_matches_golden(image: &RgbaImage, name: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        save_png(image, &path, "golden", "tests/export_png.rs").expect("write golden");
        return;
    }
    let golden = read_png(&path);
    assert_eq!(
        (image.width, image.height),
        (golden.width, golden.height),
        "{name}: size"
    );
    let differing = image
        .pixels
        .chunks_exact(4)
        .zip(golden.pixels.chunks_exact(4))
        .filter(|(a, b)| {
            a.iter()
                .zip(b.iter())
                .any(|(x, y)| x.abs_diff(*y) > TOLERANCE)
        })
        .count();
    let fraction = differing as f64 / (image.width * image.height) as f64;
    if fraction > MAX_FRACTION {
        let out = std::env::temp_dir().join(format!("chronoscope-failed-{name}"));
        let _ = save_png(image, &out, "failed", "tests/export_png.rs");
        panic!(
            "{name}: {differing} pixels ({:.3}%) differ from the golden image; this run's image is at {}",
            fraction * 100.0,
            out.display()
        );
    }
}

#[test]
fn sample_fit_all_matches_the_golden_image() {
    let t = sample();
    let mut options = ExportOptions::new(1280, 720, Theme::light());
    options.show_sources = true;
    let image = render_timeline(&t, &options).expect("export");
    assert_matches_golden(&image, "sample-fit-all.png");
}

#[test]
fn zoomed_view_with_a_selected_event_matches_the_golden_image() {
    let t = sample();
    let capture = t.index_of("caro-quintero-captured").expect("capture event");
    let mut options = ExportOptions::new(1280, 720, Theme::dark());
    options.scale = 1.5;
    options.view = event_view(&t, capture);
    options.selected = Some(capture);
    options.show_sources = true;
    let image = render_timeline(&t, &options).expect("export");
    assert_eq!((image.width, image.height), (1280, 720));
    assert_matches_golden(&image, "sample-zoomed-selected-dark.png");
}

#[test]
fn export_is_the_requested_size_not_blank_and_lane_colours_sit_on_the_events() {
    let t = sample();
    for (scale, theme) in [(1.0, Theme::light()), (2.0, Theme::dark())] {
        let mut options = ExportOptions::new(
            (900.0 * scale) as u32,
            (560.0 * scale) as u32,
            theme.clone(),
        );
        options.scale = scale;
        let (image, scene) = render_timeline_with_scene(&t, &options).expect("export");
        assert_eq!(
            (image.width, image.height),
            (options.width_px, options.height_px)
        );
        // Not blank: many distinct colours.
        let distinct: std::collections::HashSet<[u8; 4]> = image
            .pixels
            .chunks_exact(4)
            .map(|p| [p[0], p[1], p[2], p[3]])
            .collect();
        assert!(distinct.len() > 200, "only {} colours", distinct.len());
        // Each labelled point marker is drawn in its event's colour at the marker centre.
        let mut checked = 0;
        for m in scene
            .marks
            .iter()
            .filter(|m| m.kind == MarkKind::Point && !m.in_strip)
        {
            let e = &t.events()[m.event];
            if e.circa {
                continue; // hollow marker: its centre is background
            }
            let want = event_color(&t, &theme, m.event);
            let px = image
                .pixel((m.x * scale).round() as u32, (m.y * scale).round() as u32)
                .expect("inside the image");
            let close = px[..3]
                .iter()
                .zip(want.to_array()[..3].iter())
                .all(|(a, b)| a.abs_diff(*b) <= 12);
            assert!(
                close,
                "event {} at ({}, {}): {:?} is not its lane colour {:?}",
                e.id(),
                m.x,
                m.y,
                px,
                want
            );
            checked += 1;
        }
        assert!(checked >= 8, "checked {checked} markers");
    }
}

#[test]
fn export_writes_a_png_with_metadata_atomically() {
    let t = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.png");
    let mut options = ExportOptions::new(640, 360, Theme::light());
    options.view = Some(TimeView::fit(
        Date::parse_iso("2013").unwrap().start_secs(),
        Date::parse_iso("2014").unwrap().start_secs(),
    ));
    let image = render_timeline(&t, &options).expect("export");
    save_png(&image, &path, t.title(), "assets/cartel-transfer.json").expect("saved");
    let bytes = std::fs::read(&path).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let reader = decoder.read_info().expect("a valid png");
    let info = reader.info();
    let texts: Vec<(String, String)> = info
        .utf8_text
        .iter()
        .map(|c| (c.keyword.clone(), c.get_text().unwrap_or_default()))
        .collect();
    assert!(
        texts.iter().any(|(k, v)| k == "Title" && v == t.title()),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|(k, v)| k == "Software" && v.starts_with("Chronoscope"))
    );
    assert!(
        texts
            .iter()
            .any(|(k, v)| k == "Source" && v.ends_with("cartel-transfer.json"))
    );
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn exports_never_overwrite_the_timeline_or_write_non_png_names() {
    use chronoscope::export::check_destination;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("case.json");
    std::fs::write(&input, "{}").unwrap();
    let err = check_destination(&input, Some(&input)).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a file name ending in .png"),
        "{err}"
    );
    let png_input = dir.path().join("odd.png");
    std::fs::write(&png_input, "{}").unwrap();
    let err = check_destination(&png_input, Some(&png_input)).unwrap_err();
    assert!(err.to_string().contains("refusing to overwrite"), "{err}");
    assert!(check_destination(&dir.path().join("out.PNG"), Some(&input)).is_ok());
}

#[test]
fn impossible_sizes_are_refused_with_a_clear_message() {
    let t = sample();
    let err = render_timeline(&t, &ExportOptions::new(0, 100, Theme::light())).unwrap_err();
    assert!(err.to_string().contains("0×100"), "{err}");
    let mut options = ExportOptions::new(100, 100, Theme::light());
    options.scale = 50.0;
    assert!(
        render_timeline(&t, &options)
            .unwrap_err()
            .to_string()
            .contains("scale")
    );
}

#[test]
fn slide_series_has_one_png_per_step_in_story_order() {
    let t = sample();
    let steps = chronoscope::slide::story_steps(&t, |_| true, None);
    assert_eq!(steps.len(), t.meta.story.len());
    let dir = tempfile::tempdir().unwrap();
    let theme = Theme::presentation();
    let series = chronoscope::export::SlideSeries {
        theme: &theme,
        width_px: 640,
        height_px: 360,
        scale: 1.0,
        layout_dir: None,
    };
    let files = chronoscope::export::export_steps(&t, &steps, &series, dir.path(), "sample")
        .expect("slides written");
    assert_eq!(
        files.len(),
        steps.len() + 1,
        "a title slide plus one per step"
    );
    assert!(files[0].ends_with("01.png"));
    assert!(
        files
            .last()
            .unwrap()
            .ends_with(format!("{:02}.png", steps.len() + 1))
    );
    // Each slide differs from the one before: the view and the caption move on.
    let images: Vec<RgbaImage> = files.iter().map(read_png).collect();
    for pair in images.windows(2) {
        assert_eq!((pair[0].width, pair[0].height), (640, 360));
        assert_ne!(pair[0].pixels, pair[1].pixels);
    }
}

#[test]
fn a_view_step_is_exported_as_framed_with_its_lanes_and_an_event_step_with_its_caption() {
    // The hand-edited fixture's story: an event, an event with a caption of its own, and a view
    // of 1999 to July 2022 showing only the "press" lane.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/native-hand-edited.json"
    );
    let t = chronoscope::io::load_path(std::path::Path::new(path))
        .expect("fixture loads")
        .timeline;
    let steps = chronoscope::slide::story_steps(&t, |_| true, None);
    assert_eq!(steps.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let theme = Theme::presentation();
    let series = chronoscope::export::SlideSeries {
        theme: &theme,
        width_px: 1280,
        height_px: 720,
        scale: 1.0,
        layout_dir: Some(dir.path()),
    };
    chronoscope::export::export_steps(&t, &steps, &series, dir.path(), "fixture")
        .expect("slides written");
    let report = |n: usize| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.path().join(format!("{n:02}.json"))).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let labelled = |r: &serde_json::Value| -> Vec<String> {
        r["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["event"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(report(3)["focus"], "z-ms", "the captioned event's step");
    let view = report(4);
    assert_eq!(
        view["focus"],
        serde_json::Value::Null,
        "a view is about no one event"
    );
    let shown = labelled(&view);
    assert!(shown.contains(&"z-ms".to_owned()), "{shown:?}");
    assert!(
        !shown.contains(&"later".to_owned()),
        "\"later\" (1999–2000, not in the press lane) is hidden: {shown:?}"
    );
    // 1999 to July 2022 with room for labels on the right: ticks from the late 1990s on.
    let years: Vec<i32> = view["ticks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["label"].as_str()?.parse().ok())
        .collect();
    let (first, last) = (years[0], years[years.len() - 1]);
    assert!(
        (1996..=2000).contains(&first) && (2022..=2032).contains(&last),
        "{years:?}"
    );
}
