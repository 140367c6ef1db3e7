//! PDF from [`VectorPage`]s with krilla: outlines as vector paths, text as real glyphs of the
//! embedded (subset) fonts so it can be searched and copied, a link annotation over every linked
//! event and source line, document metadata, and a tag tree (each page a figure with alt text,
//! then its links) for screen readers. Returns the bytes; the caller writes the file.

use super::vector::{ITALIC_SLANT, Item, PathCmd, Rgba, TextRun, VectorPage};
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect as PdfRect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{ContentTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

/// PDF points per egui point when a page is sized from pixels: CSS pixels are 1/96 inch and
/// PDF points 1/72 inch, so a 1920-pixel-wide export prints 20 inches wide (1440 pt).
pub const POINTS_PER_PIXEL: f32 = 0.75;

/// Where a page's drawing goes on the PDF page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// The PDF page, in PDF points.
    pub page_size: [f32; 2],
    /// PDF points per egui point.
    pub scale: f32,
    /// The drawing's top-left corner on the page, in PDF points (the margins).
    pub offset: [f32; 2],
}

impl Placement {
    fn rect(&self, r: egui::Rect) -> Option<PdfRect> {
        PdfRect::from_xywh(
            self.offset[0] + r.min.x * self.scale,
            self.offset[1] + r.min.y * self.scale,
            r.width() * self.scale,
            r.height() * self.scale,
        )
    }
}

/// One page to write: its drawing, where it goes and what it shows in words.
pub struct PdfPage {
    pub page: VectorPage,
    pub placement: Placement,
    /// Alt text of the page's figure, for screen readers.
    pub alt: String,
}

pub struct PdfMeta<'a> {
    pub title: &'a str,
    /// What the document is (keywords line for readers and search).
    pub subject: &'a str,
    /// UTC creation time.
    pub created: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, thiserror::Error)]
#[error("could not make the PDF: {0}")]
pub struct PdfError(String);

/// Writes the pages as one PDF document.
pub fn write_pdf(pages: &[PdfPage], meta: &PdfMeta<'_>) -> Result<Vec<u8>, PdfError> {
    let settings = SerializeSettings {
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut tree = TagTree::new().with_lang(Some("en".to_owned()));
    for page in pages {
        write_page(&mut document, &mut tree, page)?;
    }
    document.set_tag_tree(tree);
    document.set_metadata(metadata(meta));
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

fn metadata(meta: &PdfMeta<'_>) -> Metadata {
    use chrono::{Datelike, Timelike};
    let c = meta.created;
    let created = DateTime::new(c.year().clamp(0, 9999) as u16)
        .month(c.month() as u8)
        .day(c.day() as u8)
        .hour(c.hour() as u8)
        .minute(c.minute() as u8)
        .second(c.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(meta.title.to_owned())
        .description(meta.subject.to_owned())
        .creator("Chronoscope".to_owned())
        .producer(format!("Chronoscope {}", env!("CARGO_PKG_VERSION")))
        .creation_date(created)
        .language("en".to_owned())
}

fn write_page(document: &mut Document, tree: &mut TagTree, spec: &PdfPage) -> Result<(), PdfError> {
    let [w, h] = spec.placement.page_size;
    let settings = PageSettings::from_wh(w, h)
        .ok_or_else(|| PdfError(format!("page size {w}×{h} pt is not possible")))?;
    let fonts: Vec<Option<Font>> = spec
        .page
        .fonts
        .faces
        .iter()
        .map(|face| Font::new(face.data.clone().into(), face.index))
        .collect();
    let mut page = document.start_page_with(settings);
    let mut figure = TagGroup::new(Tag::Figure(Some(spec.alt.clone())));
    {
        let mut surface = page.surface();
        let id = surface.start_tagged(ContentTag::Other);
        let p = spec.placement;
        surface.push_transform(&Transform::from_row(
            p.scale,
            0.0,
            0.0,
            p.scale,
            p.offset[0],
            p.offset[1],
        ));
        if let Some(background) =
            rect_path(egui::Rect::from_min_size(egui::Pos2::ZERO, spec.page.size))
        {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(spec.page.background)));
            surface.draw_path(&background);
        }
        let mut clip_depth = 0usize;
        for item in &spec.page.items {
            match item {
                Item::Fill { path, color } => {
                    if let Some(path) = pdf_path(path) {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_path(&path);
                    }
                }
                Item::Stroke { path, width, color } => {
                    if let Some(path) = pdf_path(path) {
                        surface.set_fill(None);
                        surface.set_stroke(Some(stroke(*width, *color)));
                        surface.draw_path(&path);
                    }
                }
                Item::Text(run) => {
                    let face = spec.page.fonts.faces.get(run.face);
                    if let (Some(Some(font)), Some(face)) = (fonts.get(run.face), face) {
                        draw_run(&mut surface, run, font, face);
                    }
                }
                Item::BeginClip(rect) => {
                    if let Some(path) = rect_path(*rect) {
                        surface.push_clip_path(&path, &FillRule::NonZero);
                        clip_depth += 1;
                    }
                }
                Item::EndClip => {
                    if clip_depth > 0 {
                        surface.pop();
                        clip_depth -= 1;
                    }
                }
                // Groups carry SVG ids and hover text; in the PDF an event's link is its group.
                Item::BeginGroup(_) | Item::EndGroup => {}
            }
        }
        for _ in 0..clip_depth {
            surface.pop();
        }
        surface.pop();
        surface.end_tagged();
        surface.finish();
        figure.push(id);
    }
    tree.push(figure);
    for link in &spec.page.links {
        let Some(rect) = spec.placement.rect(link.rect) else {
            continue;
        };
        let target = Target::Action(Action::Link(LinkAction::new(link.url.clone())));
        let annotation =
            Annotation::new_link(LinkAnnotation::new(rect, target), Some(link.alt.clone()));
        let id = page.add_tagged_annotation(annotation);
        let mut group = TagGroup::new(Tag::Link);
        group.push(id);
        tree.push(group);
    }
    page.finish();
    Ok(())
}

fn fill(color: Rgba) -> Fill {
    let [r, g, b, _] = color.0;
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::new(color.alpha()).unwrap_or(NormalizedF32::ONE),
        rule: FillRule::NonZero,
    }
}

fn stroke(width: f32, color: Rgba) -> Stroke {
    let [r, g, b, _] = color.0;
    Stroke {
        paint: rgb::Color::new(r, g, b).into(),
        width,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        opacity: NormalizedF32::new(color.alpha()).unwrap_or(NormalizedF32::ONE),
        ..Stroke::default()
    }
}

fn pdf_path(cmds: &[PathCmd]) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    for cmd in cmds {
        match *cmd {
            PathCmd::MoveTo(p) => builder.move_to(p.x, p.y),
            PathCmd::LineTo(p) => builder.line_to(p.x, p.y),
            PathCmd::CubicTo(a, b, c) => builder.cubic_to(a.x, a.y, b.x, b.y, c.x, c.y),
            PathCmd::Close => builder.close(),
        }
    }
    builder.finish()
}

fn rect_path(rect: egui::Rect) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(PdfRect::from_ltrb(
        rect.min.x, rect.min.y, rect.max.x, rect.max.y,
    )?);
    builder.finish()
}

/// Glyphs at egui's positions: each advance is the distance to the next glyph, so the PDF places
/// every glyph exactly where the screen did, and the text maps back to the run's characters.
fn draw_run(surface: &mut Surface<'_>, run: &TextRun, font: &Font, face: &super::vector::Face) {
    let Some(first) = run.glyphs.first() else {
        return;
    };
    let text = run.text();
    let mut glyphs = Vec::with_capacity(run.glyphs.len());
    let mut byte = 0;
    for (k, g) in run.glyphs.iter().enumerate() {
        let next_x = run
            .glyphs
            .get(k + 1)
            .map_or(g.pos.x + g.advance, |n| n.pos.x);
        let len = g.chr.len_utf8();
        glyphs.push(KrillaGlyph {
            glyph_id: GlyphId::new(face.glyph_id(g.chr).unwrap_or(0)),
            text_range: byte..byte + len,
            x_advance: (next_x - g.pos.x) / run.size,
            x_offset: 0.0,
            y_offset: 0.0,
            y_advance: 0.0,
            location: None,
        });
        byte += len;
    }
    surface.set_stroke(None);
    surface.set_fill(Some(fill(run.color)));
    let start = Point::from_xy(first.pos.x, first.pos.y);
    if run.italic {
        // egui shears italic glyphs; do the same about the baseline.
        let y = first.pos.y;
        surface.push_transform(&Transform::from_row(
            1.0,
            0.0,
            -ITALIC_SLANT,
            1.0,
            ITALIC_SLANT * y,
            0.0,
        ));
        surface.draw_glyphs(start, &glyphs, font.clone(), &text, run.size, false);
        surface.pop();
    } else {
        surface.draw_glyphs(start, &glyphs, font.clone(), &text, run.size, false);
    }
}
