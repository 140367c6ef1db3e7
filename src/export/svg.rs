//! SVG from a [`VectorPage`]: outlines as `<path>`, text as `<text>` with every glyph at egui's
//! position and the fonts embedded, each event a `<g id>` with a `<title>` (hover text), and
//! source links as `<a href>` (http, https and mailto only — the page's links are already
//! filtered). Writes a string; the caller writes the file.

use super::vector::{Face, GroupInfo, Item, Link, PathCmd, Rgba, TextRun, VectorPage};
use crate::paint::GroupPart;
use base64::Engine;
use skrifa::MetadataProvider;
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write};

/// What the SVG says about itself.
pub struct SvgMeta<'a> {
    pub title: &'a str,
    /// "Made by Chronoscope from case.json".
    pub description: &'a str,
    pub width_px: u32,
    pub height_px: u32,
}

/// A number with at most two decimals and no trailing zeros: 12, 12.5, 12.25.
struct Num(f32);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 100.0).round() / 100.0;
        if v == v.trunc() {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v}")
        }
    }
}

/// Text with `&`, `<`, `>` and quotes escaped, and characters XML does not allow dropped.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' | '\n' | '\r' => f.write_char(c)?,
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The `font-family` list for face `k`: the embedded copy first, then the face's own names so
/// that renderers which do not read embedded fonts find it installed.
fn family_list(k: usize, face: &Face) -> String {
    let mut list = format!("cs-font-{k}");
    if let Ok(font) = skrifa::FontRef::from_index(face.bytes(), face.index) {
        let mut seen = HashSet::new();
        for id in [
            skrifa::string::StringId::TYPOGRAPHIC_FAMILY_NAME,
            skrifa::string::StringId::FAMILY_NAME,
        ] {
            if let Some(name) = font.localized_strings(id).english_or_first() {
                let name = name
                    .to_string()
                    .replace(['\'', '"', ';', '<', '>', '&'], "");
                if !name.is_empty() && seen.insert(name.clone()) {
                    let _ = write!(list, ", '{name}'");
                }
            }
        }
    }
    list
}

fn font_weight(face: &Face) -> u16 {
    skrifa::FontRef::from_index(face.bytes(), face.index)
        .map(|f| f.attributes().weight.value().round() as u16)
        .unwrap_or(400)
}

/// Turns an event id into a valid, unique XML id: `event-` and the id with anything but
/// letters, digits, `-`, `_` and `.` replaced by `_`.
struct Ids(HashSet<String>);

impl Ids {
    fn make(&mut self, event_id: &str, part: GroupPart) -> String {
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
        let suffix = match part {
            GroupPart::Mark | GroupPart::Strip => "",
            GroupPart::Label => "-label",
        };
        let base = format!("event-{clean}{suffix}");
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// Writes the page as an SVG document.
pub fn write_svg(page: &VectorPage, meta: &SvgMeta<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024 + page.items.len() * 96);
    let (w, h) = (page.size.x, page.size.y);
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="{}" height="{}" viewBox="0 0 {} {}">"#,
        meta.width_px,
        meta.height_px,
        Num(w),
        Num(h)
    );
    let _ = writeln!(out, "<title>{}</title>", Escaped(meta.title));
    let _ = writeln!(out, "<desc>{}</desc>", Escaped(meta.description));
    write_fonts(&mut out, page);
    let _ = writeln!(
        out,
        r#"<rect width="{}" height="{}"{}/>"#,
        Num(w),
        Num(h),
        Paint("fill", page.background)
    );
    let families: Vec<(String, u16)> = page
        .fonts
        .faces
        .iter()
        .enumerate()
        .map(|(k, face)| (family_list(k, face), font_weight(face)))
        .collect();
    let mut writer = ItemWriter {
        out: &mut out,
        families: &families,
        clips: HashMap::new(),
        ids: Ids(HashSet::new()),
        open: Vec::new(),
    };
    for item in &page.items {
        writer.item(item);
    }
    writer.close_all();
    write_links(&mut out, &page.links);
    out.push_str("</svg>\n");
    out
}

/// Each face that draws text, embedded as a data URL with the outlines of the characters the
/// page uses (whole when it cannot be subset), so the file shows the same text everywhere.
fn write_fonts(out: &mut String, page: &VectorPage) {
    let used: Vec<(usize, &Face)> = page
        .fonts
        .faces
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.used.is_empty())
        .collect();
    out.push_str("<defs><style>\n");
    for (k, face) in used {
        let subset = super::font_subset::subset_truetype(face.bytes(), face.index, &face.used);
        let bytes = subset.as_deref().unwrap_or(face.bytes());
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        let _ = writeln!(
            out,
            "@font-face {{ font-family: \"cs-font-{k}\"; font-weight: {}; src: url(data:font/ttf;base64,{data}) format(\"truetype\"); }}",
            font_weight(face)
        );
    }
    out.push_str("text { white-space: pre; }\n</style></defs>\n");
}

/// ` fill="#rrggbb"` plus an opacity when not opaque.
struct Paint(&'static str, Rgba);

impl fmt::Display for Paint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Paint(attr, color) = self;
        write!(f, r#" {attr}="{}""#, color.hex())?;
        if !color.is_opaque() {
            write!(f, r#" {attr}-opacity="{}""#, Num(color.alpha()))?;
        }
        Ok(())
    }
}

struct PathData<'a>(&'a [PathCmd]);

impl fmt::Display for PathData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for cmd in self.0 {
            match *cmd {
                PathCmd::MoveTo(p) => write!(f, "M{} {}", Num(p.x), Num(p.y))?,
                PathCmd::LineTo(p) => write!(f, "L{} {}", Num(p.x), Num(p.y))?,
                PathCmd::CubicTo(a, b, c) => write!(
                    f,
                    "C{} {} {} {} {} {}",
                    Num(a.x),
                    Num(a.y),
                    Num(b.x),
                    Num(b.y),
                    Num(c.x),
                    Num(c.y)
                )?,
                PathCmd::Close => f.write_str("Z")?,
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Clip,
    Group { linked: bool },
}

struct ItemWriter<'a> {
    out: &'a mut String,
    families: &'a [(String, u16)],
    clips: HashMap<[u32; 4], String>,
    ids: Ids,
    open: Vec<Open>,
}

impl ItemWriter<'_> {
    fn item(&mut self, item: &Item) {
        match item {
            Item::Fill { path, color } => {
                let _ = writeln!(
                    self.out,
                    r#"<path d="{}"{}/>"#,
                    PathData(path),
                    Paint("fill", *color)
                );
            }
            Item::Stroke { path, width, color } => {
                let _ = writeln!(
                    self.out,
                    r#"<path d="{}" fill="none" stroke-width="{}"{}/>"#,
                    PathData(path),
                    Num(*width),
                    Paint("stroke", *color)
                );
            }
            Item::Text(run) => self.text(run),
            Item::BeginClip(rect) => {
                let key = [rect.min.x, rect.min.y, rect.max.x, rect.max.y].map(f32::to_bits);
                let next = self.clips.len();
                let id = self
                    .clips
                    .entry(key)
                    .or_insert_with(|| format!("clip-{next}"))
                    .clone();
                if next < self.clips.len() {
                    let _ = writeln!(
                        self.out,
                        r#"<clipPath id="{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
                        Num(rect.min.x),
                        Num(rect.min.y),
                        Num(rect.width()),
                        Num(rect.height())
                    );
                }
                let _ = writeln!(self.out, r#"<g clip-path="url(#{id})">"#);
                self.open.push(Open::Clip);
            }
            Item::EndClip => self.close(Open::Clip),
            Item::BeginGroup(info) => self.begin_group(info),
            Item::EndGroup => {
                let linked = matches!(self.open.last(), Some(Open::Group { linked: true }));
                self.close(Open::Group { linked });
            }
        }
    }

    fn begin_group(&mut self, info: &GroupInfo) {
        let linked = info.link.is_some();
        if let Some(url) = &info.link {
            let _ = writeln!(
                self.out,
                r#"<a href="{0}" xlink:href="{0}" target="_blank" rel="noopener noreferrer">"#,
                Escaped(url)
            );
        }
        let id = self.ids.make(&info.event_id, info.part);
        let class = match info.part {
            GroupPart::Mark => "event",
            GroupPart::Label => "event-label",
            GroupPart::Strip => "event strip",
        };
        let _ = writeln!(
            self.out,
            r#"<g id="{id}" class="{class}"><title>{}</title>"#,
            Escaped(&info.title)
        );
        self.open.push(Open::Group { linked });
    }

    fn close(&mut self, expected: Open) {
        if let Some(open) = self.open.pop() {
            debug_assert!(
                matches!(
                    (open, expected),
                    (Open::Clip, Open::Clip) | (Open::Group { .. }, Open::Group { .. })
                ),
                "unbalanced vector items"
            );
            self.close_one(open);
        }
    }

    fn close_one(&mut self, open: Open) {
        match open {
            Open::Clip => self.out.push_str("</g>\n"),
            Open::Group { linked } => {
                self.out.push_str("</g>\n");
                if linked {
                    self.out.push_str("</a>\n");
                }
            }
        }
    }

    fn close_all(&mut self) {
        while let Some(open) = self.open.pop() {
            self.close_one(open);
        }
    }

    /// `<text>` with one x per character, so each glyph lands where egui put it.
    fn text(&mut self, run: &TextRun) {
        let Some(first) = run.glyphs.first() else {
            return;
        };
        let baseline = first.pos.y;
        let (family, weight) = self
            .families
            .get(run.face)
            .map_or(("sans-serif", 400), |(f, w)| (f.as_str(), *w));
        let _ = write!(
            self.out,
            r#"<text font-family="{}" font-weight="{weight}" font-size="{}"{} y="{}" x=""#,
            Escaped(family),
            Num(run.size),
            Paint("fill", run.color),
            Num(baseline)
        );
        for (k, glyph) in run.glyphs.iter().enumerate() {
            if k > 0 {
                self.out.push(' ');
            }
            let _ = write!(self.out, "{}", Num(glyph.pos.x));
        }
        self.out.push('"');
        if run.italic {
            // egui slants italics by shearing each glyph about its foot; shear about the baseline.
            let _ = write!(
                self.out,
                r#" transform="matrix(1 0 {} 1 {} 0)""#,
                Num(-super::vector::ITALIC_SLANT),
                Num(super::vector::ITALIC_SLANT * baseline)
            );
        }
        let _ = writeln!(self.out, ">{}</text>", Escaped(&run.text()));
    }
}

/// Links that are not an event's (footer and caption sources): a transparent box under `<a>`.
fn write_links(out: &mut String, links: &[Link]) {
    for link in links
        .iter()
        .filter(|l| l.event.is_none() && l.rect.is_positive())
    {
        let _ = writeln!(
            out,
            r##"<a href="{0}" xlink:href="{0}" target="_blank" rel="noopener noreferrer"><title>{1}</title><rect x="{2}" y="{3}" width="{4}" height="{5}" fill="#000" fill-opacity="0"/></a>"##,
            Escaped(&link.url),
            Escaped(&link.alt),
            Num(link.rect.min.x),
            Num(link.rect.min.y),
            Num(link.rect.width()),
            Num(link.rect.height())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(Num(12.0).to_string(), "12");
        assert_eq!(Num(12.5).to_string(), "12.5");
        assert_eq!(Num(1.0 / 3.0).to_string(), "0.33");
        assert_eq!(Num(-0.004).to_string(), "0");
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            Escaped("a<b & \"c\"\u{1}").to_string(),
            "a&lt;b &amp; &quot;c&quot;"
        );
    }

    #[test]
    fn ids_are_valid_and_unique() {
        let mut ids = Ids(HashSet::new());
        assert_eq!(
            ids.make("caro captured", GroupPart::Mark),
            "event-caro_captured"
        );
        assert_eq!(
            ids.make("caro?captured", GroupPart::Mark),
            "event-caro_captured-2"
        );
        assert_eq!(ids.make("x", GroupPart::Label), "event-x-label");
    }
}
