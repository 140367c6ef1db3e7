//! SVG and PDF export of the sample: the SVG is well-formed XML with every labelled event as a
//! group holding its full title, and rendered with resvg it matches the PNG export of the same
//! options pixel for pixel within a small tolerance (one paint path, light and dark); the PDF
//! parses, has the labels as text, a link annotation per linked event and per listed source, and
//! metadata; the handout has the overview plus one page per story step; bad names are refused.
//! Rendered SVGs and PDFs are left in the temp folder (`chronoscope-vector-tests`) to look at.

use chronoscope::export::raster::RgbaImage;
use chronoscope::export::vector::Item;
use chronoscope::export::{
    ExportOptions, Format, HandoutOptions, Paper, PaperSize, check_destination, export_handout,
    export_to_file, render_pdf, render_svg, render_timeline_with_scene,
};
use chronoscope::layout::label_text;
use chronoscope::model::Timeline;
use chronoscope::model::link::{check_link, is_openable};

/// A source URL as exports write it (normalised as the app opens it), if it may be linked.
fn link_of(url: &str) -> Option<String> {
    check_link(url).ok().map(|safe| safe.url)
}
use chronoscope::theme::Theme;
use chronoscope::ui::app::SAMPLE_JSON;
use quick_xml::events::Event as XmlEvent;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

fn sample() -> Timeline {
    chronoscope::io::load_bytes("cartel-transfer.json", SAMPLE_JSON, Some("json"))
        .expect("the sample loads")
        .timeline
}

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("chronoscope-vector-tests");
    std::fs::create_dir_all(&dir).expect("out dir");
    dir
}

fn options(theme: Theme) -> ExportOptions {
    let mut options = ExportOptions::new(1280, 720, theme);
    options.show_sources = true;
    options
}

/// What the SVG holds, read with an XML parser (which fails on malformed XML).
#[derive(Default)]
struct SvgContent {
    /// `<title>` text of each `<g id>`.
    group_titles: HashMap<String, String>,
    /// Concatenated `<text>` content per enclosing group id.
    group_text: HashMap<String, String>,
    all_text: Vec<String>,
    hrefs: BTreeSet<String>,
}

fn read_svg(svg: &str) -> SvgContent {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut content = SvgContent::default();
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut in_text = false;
    let mut in_title = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            XmlEvent::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let mut id = None;
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    let value = a.unescape_value().expect("value").into_owned();
                    match a.key.as_ref() {
                        b"id" if name == "g" => id = Some(value),
                        b"href" => {
                            content.hrefs.insert(value);
                        }
                        _ => {}
                    }
                }
                in_text = name == "text";
                in_title = name == "title";
                if in_text {
                    content.all_text.push(String::new());
                }
                stack.push((name, id));
            }
            XmlEvent::End(_) => {
                stack.pop();
                in_text = false;
                in_title = false;
            }
            XmlEvent::Text(t) => {
                let text = t.xml10_content().expect("text").into_owned();
                let group = stack.iter().rev().find_map(|(_, id)| id.clone());
                if in_text {
                    if let Some(last) = content.all_text.last_mut() {
                        last.push_str(&text);
                    }
                    if let Some(g) = &group {
                        content
                            .group_text
                            .entry(g.clone())
                            .or_default()
                            .push_str(&text);
                    }
                } else if in_title && let Some(g) = group {
                    content.group_titles.entry(g).or_default().push_str(&text);
                }
            }
            XmlEvent::GeneralRef(r) => {
                // Entities inside text (&amp; …): resolve the five XML ones.
                let name: &[u8] = &r;
                let resolved = match name {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    other => panic!("unexpected entity {other:?}"),
                };
                let group = stack.iter().rev().find_map(|(_, id)| id.clone());
                if in_text {
                    if let Some(last) = content.all_text.last_mut() {
                        last.push_str(resolved);
                    }
                    if let Some(g) = &group {
                        content
                            .group_text
                            .entry(g.clone())
                            .or_default()
                            .push_str(resolved);
                    }
                } else if in_title && let Some(g) = group {
                    content
                        .group_titles
                        .entry(g)
                        .or_default()
                        .push_str(resolved);
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    content
}

fn svg_id(event_id: &str) -> String {
    let clean: String = event_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("event-{clean}")
}

#[test]
fn svg_is_xml_with_every_labelled_event_as_a_titled_group() {
    let t = sample();
    let options = options(Theme::light());
    let svg = render_svg(&t, &options, "cartel-transfer.json").expect("svg");
    std::fs::write(out_dir().join("sample-light.svg"), &svg).unwrap();
    let content = read_svg(&svg);
    let (_, scene) = render_timeline_with_scene(&t, &options).expect("png");
    let labelled: Vec<usize> = scene
        .marks
        .iter()
        .filter(|m| m.label.is_some())
        .map(|m| m.event)
        .collect();
    assert!(labelled.len() >= 8, "only {} labels", labelled.len());
    for &i in &labelled {
        let e = t.event(i).unwrap();
        let id = svg_id(e.id());
        let title = content
            .group_titles
            .get(&id)
            .unwrap_or_else(|| panic!("no group {id}"));
        assert!(title.contains(e.title()), "{id}: {title:?}");
        // The label is real text; when it fits it is the whole title. A label may wrap to two
        // lines (one group, one text run per line), so spaces are not compared.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let label = squash(
            content
                .group_text
                .get(&format!("{id}-label"))
                .unwrap_or_else(|| panic!("no label text for {id}")),
        );
        let full = squash(&label_text(e));
        assert!(
            label == full
                || (label.ends_with('…') && full.starts_with(label.trim_end_matches('…'))),
            "{id}: label {label:?} vs {full:?}"
        );
    }
    // Links: only followable schemes, and every listed source and linked event has one.
    assert!(!content.hrefs.is_empty());
    assert!(
        content.hrefs.iter().all(|h| is_openable(h)),
        "{:?}",
        content.hrefs
    );
    for &i in &labelled {
        let e = t.event(i).unwrap();
        if let Some(url) = e.sources().iter().find_map(|s| link_of(s.url())) {
            assert!(content.hrefs.contains(&url), "{}: {url}", e.id());
        }
    }
    // The font travels with the file.
    assert!(svg.contains("@font-face") && svg.contains("base64,"));
    assert!(content.all_text.iter().any(|text| text.contains(t.title())));
}

/// Renders an SVG with resvg, the fonts it embeds made available as installed fonts (resvg does
/// not read `@font-face`).
fn render_svg_with_resvg(svg: &str, width: u32, height: u32) -> RgbaImage {
    let mut db = resvg::usvg::fontdb::Database::new();
    let fonts = egui::FontDefinitions::default();
    for data in fonts.font_data.values() {
        db.load_font_data((*data.font).as_ref().to_vec());
    }
    let opt = resvg::usvg::Options {
        fontdb: std::sync::Arc::new(db),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &opt).expect("resvg parses the SVG");
    let size = tree.size();
    assert_eq!(
        (size.width().round() as u32, size.height().round() as u32),
        (width, height)
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    RgbaImage {
        width,
        height,
        pixels: pixmap.data().to_vec(),
    }
}

/// Per-pixel comparison: the share of pixels whose largest channel difference exceeds
/// `tolerance`.
fn share_differing(a: &RgbaImage, b: &RgbaImage, tolerance: u8) -> f64 {
    assert_eq!((a.width, a.height), (b.width, b.height));
    let differing = a
        .pixels
        .chunks_exact(4)
        .zip(b.pixels.chunks_exact(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .any(|(x, y)| x.abs_diff(*y) > tolerance)
        })
        .count();
    differing as f64 / (a.width * a.height) as f64
}

/// Where the page draws text (points), a little generous: glyph ink around each run's baseline.
fn text_boxes(t: &Timeline, options: &ExportOptions) -> Vec<egui::Rect> {
    let page = chronoscope::export::vector_timeline(t, options).expect("vector page");
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text(run) => {
                let first = run.glyphs.first()?;
                let last = run.glyphs.last()?;
                Some(egui::Rect::from_min_max(
                    egui::pos2(first.pos.x - 2.0, first.pos.y - run.size - 2.0),
                    egui::pos2(
                        last.pos.x + last.advance + 2.0,
                        first.pos.y + 0.4 * run.size + 2.0,
                    ),
                ))
            }
            _ => None,
        })
        .collect()
}

/// Compares two renders of one page: outside text, the share of pixels differing by more than
/// `tolerance`; inside text, the share with no pixel within `text_tolerance` in the 3×3
/// neighbourhood of the other image (both ways). Glyph edges anti-aliased and hinted by two
/// different rasterisers pass; a shape or label that moved, grew or went missing does not.
fn compare(
    a: &RgbaImage,
    b: &RgbaImage,
    text: &[egui::Rect],
    tolerance: u8,
    text_tolerance: u8,
) -> (f64, f64) {
    let (w, h) = (a.width as i64, a.height as i64);
    let px = |img: &RgbaImage, x: i64, y: i64| {
        let i = ((y * w + x) * 4) as usize;
        [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]]
    };
    let close = |p: [u8; 3], q: [u8; 3], tol: u8| {
        p.iter().zip(q.iter()).all(|(u, v)| u.abs_diff(*v) <= tol)
    };
    let matched_nearby = |a: &RgbaImage, b: &RgbaImage, x: i64, y: i64| {
        (-1..=1).any(|dy| {
            (-1..=1).any(|dx| {
                let (nx, ny) = (x + dx, y + dy);
                (0..w).contains(&nx)
                    && (0..h).contains(&ny)
                    && close(px(a, x, y), px(b, nx, ny), text_tolerance)
            })
        })
    };
    let (mut outside, mut outside_bad, mut inside, mut inside_bad) =
        (0usize, 0usize, 0usize, 0usize);
    for y in 0..h {
        for x in 0..w {
            let at = egui::pos2(x as f32 + 0.5, y as f32 + 0.5);
            if text.iter().any(|r| r.contains(at)) {
                inside += 1;
                if !matched_nearby(a, b, x, y) || !matched_nearby(b, a, x, y) {
                    inside_bad += 1;
                }
            } else {
                outside += 1;
                if !close(px(a, x, y), px(b, x, y), tolerance) {
                    outside_bad += 1;
                }
            }
        }
    }
    (
        outside_bad as f64 / outside.max(1) as f64,
        inside_bad as f64 / inside.max(1) as f64,
    )
}

#[test]
fn svg_rendered_by_resvg_matches_the_png_export_light_and_dark() {
    let t = sample();
    for (name, theme) in [("light", Theme::light()), ("dark", Theme::dark())] {
        let options = options(theme);
        let (png, _) = render_timeline_with_scene(&t, &options).expect("png");
        let svg = render_svg(&t, &options, "sample").expect("svg");
        let rendered = render_svg_with_resvg(&svg, 1280, 720);
        png.save_png(&out_dir().join(format!("sample-{name}-png.png")))
            .unwrap();
        rendered
            .save_png(&out_dir().join(format!("sample-{name}-svg.png")))
            .unwrap();
        let all = share_differing(&png, &rendered, 16);
        let (shapes, text) = compare(&png, &rendered, &text_boxes(&t, &options), 16, 96);
        println!(
            "{name}: {:.3}% of all pixels differ by > 16; outside text {:.4}%; text pixels unmatched nearby {:.4}%",
            all * 100.0,
            shapes * 100.0,
            text * 100.0
        );
        assert!(
            shapes < 0.001,
            "{name}: {:.4}% of pixels outside text differ",
            shapes * 100.0
        );
        assert!(
            text < 0.01,
            "{name}: {:.4}% of text pixels unmatched",
            text * 100.0
        );
    }
}

/// Link annotations of a page: (URI, /Contents).
fn page_links(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<(String, String)> {
    let mut links = Vec::new();
    let Ok(annots) = doc.get_page_annotations(page) else {
        return links;
    };
    for annot in annots {
        let subtype = annot
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .unwrap_or(b"");
        if subtype != b"Link" {
            continue;
        }
        let action = match annot.get(b"A") {
            Ok(lopdf::Object::Reference(id)) => doc.get_dictionary(*id).ok(),
            Ok(lopdf::Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let uri = action
            .and_then(|a| a.get(b"URI").ok())
            .and_then(|u| u.as_str().ok())
            .map(|u| String::from_utf8_lossy(u).into_owned())
            .unwrap_or_default();
        let contents = annot
            .get(b"Contents")
            .ok()
            .and_then(|c| lopdf::decode_text_string(c).ok())
            .unwrap_or_default();
        links.push((uri, contents));
    }
    links
}

fn info_string(doc: &lopdf::Document, key: &[u8]) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        lopdf::Object::Dictionary(d) => d,
        _ => return None,
    };
    lopdf::decode_text_string(info.get(key).ok()?).ok()
}

#[test]
fn pdf_has_text_links_and_metadata() {
    let t = sample();
    let options = options(Theme::light());
    let bytes = render_pdf(&t, &options, "cartel-transfer.json").expect("pdf");
    std::fs::write(out_dir().join("sample.pdf"), &bytes).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf parses it");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let text = doc.extract_text(&[1]).expect("text extracts");
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let text = squash(&text);
    let (_, scene) = render_timeline_with_scene(&t, &options).expect("png");
    let page_id = pages[&1];
    let links = page_links(&doc, page_id);
    let uris: BTreeSet<&str> = links.iter().map(|(u, _)| u.as_str()).collect();
    assert!(uris.iter().all(|u| is_openable(u)), "{uris:?}");
    let mut labelled = 0;
    for m in scene.marks.iter().filter(|m| m.label.is_some()) {
        let e = t.event(m.event).unwrap();
        labelled += 1;
        // Each label is extractable text (the start of it when cut with "…").
        let head: String = label_text(e).chars().take(12).collect();
        assert!(
            text.contains(&squash(&head)),
            "{}: {head:?} not in the text",
            e.id()
        );
        // Each event with a followable source links to it, its full title as the link's text.
        if let Some(url) = e.sources().iter().find_map(|s| link_of(s.url())) {
            assert!(
                links
                    .iter()
                    .any(|(u, c)| *u == url && c.contains(e.title())),
                "{}: no link to {url}",
                e.id()
            );
        }
    }
    assert!(labelled >= 8);
    // Every source in the footer is a link too.
    let view = chronoscope::export::export_view(&t, &options);
    let footer = chronoscope::export::footer_lines(&t, view, &options);
    let listed = footer.iter().filter(|l| !l.starts_with('+')).count();
    let footer_links = links
        .iter()
        .filter(|(_, c)| c.starts_with("Source: "))
        .count();
    assert_eq!(footer_links, listed, "{footer:?}");
    assert_eq!(info_string(&doc, b"Title").as_deref(), Some(t.title()));
    assert_eq!(
        info_string(&doc, b"Creator").as_deref(),
        Some("Chronoscope")
    );
    let created = info_string(&doc, b"CreationDate").expect("a creation date");
    assert!(created.starts_with("D:20"), "{created}");
}

#[test]
fn pdf_on_paper_has_the_paper_size() {
    let t = sample();
    let mut options = options(Theme::light());
    options.paper = Some(Paper {
        size: PaperSize::A4,
        landscape: true,
    });
    let bytes = render_pdf(&t, &options, "sample").expect("pdf");
    std::fs::write(out_dir().join("sample-a4.pdf"), &bytes).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("parses");
    let page = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let media: Vec<f32> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert!(
        (media[2] - 841.89).abs() < 0.5 && (media[3] - 595.28).abs() < 0.5,
        "{media:?}"
    );
}

#[test]
fn handout_has_the_overview_and_one_page_per_step_with_caption_links() {
    let t = sample();
    let steps = chronoscope::slide::story_steps(&t, |_| true, None);
    assert!(steps.len() >= 5);
    let path = out_dir().join("handout.pdf");
    let options = HandoutOptions {
        width_px: 1280,
        height_px: 720,
        scale: 1.0,
        paper: None,
    };
    let pages = export_handout(&t, &steps, &path, &options, "sample").expect("handout");
    assert_eq!(pages, steps.len() + 1);
    let doc = lopdf::Document::load(&path).expect("parses");
    let page_ids = doc.get_pages();
    assert_eq!(page_ids.len(), steps.len() + 1);
    for (k, step) in steps.iter().enumerate() {
        let page = (k + 2) as u32;
        let e = t
            .event(step.event().expect("the sample's steps are events"))
            .unwrap();
        let text = doc.extract_text(&[page]).expect("text");
        assert!(
            text.split_whitespace()
                .collect::<String>()
                .contains(&e.title().split_whitespace().collect::<String>()),
            "page {page}: caption {:?} not in {text:?}",
            e.title()
        );
        let links = page_links(&doc, page_ids[&page]);
        for s in e.sources().iter() {
            let Some(url) = link_of(s.url()) else {
                continue;
            };
            assert!(
                links
                    .iter()
                    .any(|(u, c)| *u == url && c.starts_with("Source: ")),
                "page {page}: caption source {} is not a link",
                s.url()
            );
        }
    }
    assert!(info_string(&doc, b"Title").unwrap().contains(t.title()));
}

#[test]
fn unknown_extensions_and_the_input_itself_are_refused() {
    let t = sample();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("case.json");
    std::fs::write(&input, SAMPLE_JSON).unwrap();
    for name in ["out.txt", "out.jpeg", "out"] {
        let err = check_destination(&dir.path().join(name), Some(&input)).unwrap_err();
        assert!(
            err.to_string().contains(".png, .svg or .pdf"),
            "{name}: {err}"
        );
    }
    let same = dir.path().join("case.svg");
    std::fs::write(&same, SAMPLE_JSON).unwrap();
    let err = check_destination(&same, Some(&same)).unwrap_err();
    assert!(err.to_string().contains("refusing to overwrite"), "{err}");
    assert_eq!(
        check_destination(&dir.path().join("OUT.PDF"), Some(&input)).unwrap(),
        Format::Pdf
    );
    let err = export_handout(
        &t,
        &[],
        &dir.path().join("handout.svg"),
        &HandoutOptions {
            width_px: 640,
            height_px: 360,
            scale: 1.0,
            paper: None,
        },
        "sample",
    )
    .unwrap_err();
    assert!(err.to_string().contains(".pdf"), "{err}");
    // A refused export writes nothing.
    let options = options(Theme::light());
    assert!(export_to_file(&t, &options, &dir.path().join("x.doc"), "s").is_err());
    let written = export_to_file(&t, &options, &dir.path().join("x.svg"), "s").unwrap();
    assert_eq!(written, Format::Svg);
    let names: BTreeSet<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["case.json", "case.svg", "x.svg"].map(String::from).into()
    );
}
