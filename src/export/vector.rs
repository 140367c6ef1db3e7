//! The vector backends' shared half: walks a captured frame's egui shapes (before tessellation)
//! into drawing items — filled and stroked outlines, text runs with every glyph where egui placed
//! it — grouped per event, plus the areas that link to sources. `svg` and `pdf` each write these
//! items; nothing here lays out or paints anything of its own.

use super::offscreen::Capture;
use crate::model::Timeline;
use crate::model::link::check_link;
use crate::paint::{GroupPart, LinkArea, PaintNotes};
use egui::epaint::{
    CircleShape, ClippedShape, ColorMode, CubicBezierShape, EllipseShape, PathShape,
    QuadraticBezierShape, RectShape, TextShape,
};
use egui::{Color32, CornerRadius, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, pos2};
use skrifa::MetadataProvider;
use std::collections::BTreeSet;

/// Control-point distance for a quarter circle drawn as one cubic Bézier, per unit radius.
const KAPPA: f32 = 0.552_284_8;

/// How far egui slants italic glyphs: the top of a glyph moves right by this share of its height.
pub const ITALIC_SLANT: f32 = 0.25;

/// Straight, elliptical and curved segments of an outline, in points.
#[derive(Clone, Debug, PartialEq)]
pub enum PathCmd {
    MoveTo(Pos2),
    LineTo(Pos2),
    CubicTo(Pos2, Pos2, Pos2),
    Close,
}

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    fn from_color(color: Color32) -> Self {
        Rgba(color.to_srgba_unmultiplied())
    }
    pub fn hex(self) -> String {
        let [r, g, b, _] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
    pub fn alpha(self) -> f32 {
        self.0[3] as f32 / 255.0
    }
    pub fn is_opaque(self) -> bool {
        self.0[3] == 255
    }
}

/// One glyph where egui put it: baseline-left corner in points.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    pub chr: char,
    pub pos: Pos2,
    /// Distance to the next glyph's origin (egui's advance).
    pub advance: f32,
}

/// Glyphs of one face, size, colour and slant on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// Index into [`FontSet::faces`].
    pub face: usize,
    /// Font size in points (the face's tweak already applied).
    pub size: f32,
    pub color: Rgba,
    pub italic: bool,
    pub glyphs: Vec<PlacedGlyph>,
}

impl TextRun {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.chr).collect()
    }
}

/// What a group of items draws.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupInfo {
    pub event: usize,
    /// The event's id in the file.
    pub event_id: String,
    pub part: GroupPart,
    /// Hover text: the full title and date.
    pub title: String,
    /// The event's first followable source, normalised as the app opens it.
    pub link: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Fill {
        path: Vec<PathCmd>,
        color: Rgba,
    },
    Stroke {
        path: Vec<PathCmd>,
        width: f32,
        color: Rgba,
    },
    Text(TextRun),
    /// Items up to the matching [`Item::EndClip`] are clipped to this rectangle.
    BeginClip(Rect),
    EndClip,
    BeginGroup(GroupInfo),
    EndGroup,
}

/// A rectangle that links to a URL, with text for screen readers and hover.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub rect: Rect,
    pub url: String,
    pub alt: String,
    /// The event whose marker and label this covers; `None` for footer and caption sources.
    pub event: Option<usize>,
}

/// One font face of the family the text was laid out with, in egui's fallback order.
pub struct Face {
    pub name: String,
    pub data: egui::epaint::text::Blob,
    pub index: u32,
    /// egui draws this face at this share of the requested size.
    pub scale: f32,
    /// Characters drawn with this face.
    pub used: BTreeSet<char>,
}

impl Face {
    pub fn bytes(&self) -> &[u8] {
        (*self.data).as_ref()
    }

    fn font_ref(&self) -> Option<skrifa::FontRef<'_>> {
        skrifa::FontRef::from_index(self.bytes(), self.index).ok()
    }

    /// How far `chr` advances at `size`, by the font's own metrics.
    pub fn advance(&self, chr: char, size: f32) -> Option<f32> {
        let font = self.font_ref()?;
        let gid = font.charmap().map(chr)?;
        font.glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        )
        .advance_width(gid)
    }

    /// The glyph id of `chr` in this face, if it has one.
    pub fn glyph_id(&self, chr: char) -> Option<u32> {
        self.font_ref()?.charmap().map(chr).map(|g| g.to_u32())
    }
}

/// The faces text is drawn with, and which characters each one draws.
pub struct FontSet {
    pub faces: Vec<Face>,
    /// Per face, its character map (cached: looking a character up is the hot path).
    maps: Vec<std::collections::HashMap<char, bool>>,
}

impl FontSet {
    /// The proportional family of `fonts`, in fallback order.
    pub fn proportional(fonts: &egui::FontDefinitions) -> Self {
        let names = fonts
            .families
            .get(&egui::FontFamily::Proportional)
            .cloned()
            .unwrap_or_default();
        let faces: Vec<Face> = names
            .iter()
            .filter_map(|name| {
                let data = fonts.font_data.get(name)?;
                Some(Face {
                    name: name.clone(),
                    data: data.font.clone(),
                    index: data.index,
                    scale: data.tweak.scale,
                    used: BTreeSet::new(),
                })
            })
            .filter(|face| face.font_ref().is_some())
            .collect();
        let maps = faces.iter().map(|_| Default::default()).collect();
        FontSet { faces, maps }
    }

    /// The first face that has `chr` (egui's fallback rule); the first face if none has it.
    fn face_for(&mut self, chr: char) -> usize {
        for k in 0..self.faces.len() {
            let has = *self.maps[k]
                .entry(chr)
                .or_insert_with(|| self.faces[k].glyph_id(chr).is_some());
            if has {
                return k;
            }
        }
        0
    }
}

/// A page's drawing, ready for a vector backend.
pub struct VectorPage {
    /// The page in points (egui's logical pixels).
    pub size: Vec2,
    pub background: Rgba,
    pub items: Vec<Item>,
    pub links: Vec<Link>,
    pub fonts: FontSet,
    /// Pixels per point the frame was laid out at (an SVG's pixel size is `size` × this).
    pub pixels_per_point: f32,
}

/// Walks a captured frame into a page. `notes` are what paint reported about the same frame.
pub fn page_from_capture(capture: &Capture, notes: &PaintNotes, timeline: &Timeline) -> VectorPage {
    let mut fonts = FontSet::proportional(&capture.fonts);
    let ppp = capture.pixels_per_point;
    let groups = event_groups(capture, notes, timeline);
    let mut items = Vec::with_capacity(capture.shapes.len() + 2 * groups.len());
    let mut next_group = groups.iter().peekable();
    let mut open_group_end = None;
    for (index, clipped) in capture.shapes.iter().enumerate() {
        if open_group_end == Some(index) {
            items.push(Item::EndGroup);
            open_group_end = None;
        }
        if open_group_end.is_none()
            && let Some((range, info)) = next_group.next_if(|(range, _)| range.start == index)
        {
            items.push(Item::BeginGroup(info.clone()));
            open_group_end = Some(range.end);
        }
        walk_clipped(clipped, ppp, &mut fonts, &mut items);
    }
    if open_group_end.is_some() {
        items.push(Item::EndGroup);
    }
    let mut links = event_links(capture, &groups);
    links.extend(notes.links.iter().filter_map(|LinkArea { rect, url }| {
        let safe = check_link(url).ok()?;
        Some(Link {
            rect: *rect,
            alt: format!("Source: {}", safe.shown),
            url: safe.url,
            event: None,
        })
    }));
    VectorPage {
        size: capture.size_points,
        background: Rgba::from_color(capture.background),
        items,
        links,
        fonts,
        pixels_per_point: ppp,
    }
}

/// The painted groups as ranges of `capture.shapes`, in order, with what they draw. Groups from
/// another layer than the root one, or overlapping an earlier one, are left out.
fn event_groups(
    capture: &Capture,
    notes: &PaintNotes,
    timeline: &Timeline,
) -> Vec<(std::ops::Range<usize>, GroupInfo)> {
    let (Some(root), Some(count)) = (capture.root_layer, capture.root_layer_shapes) else {
        return Vec::new();
    };
    let mut groups: Vec<_> = notes
        .groups
        .iter()
        .filter(|g| g.layer == root && g.shapes.end <= count && !g.shapes.is_empty())
        .filter_map(|g| {
            let event = timeline.event(g.event)?;
            let link = event
                .sources()
                .iter()
                .find_map(|s| check_link(s.url()).ok())
                .map(|safe| safe.url);
            let info = GroupInfo {
                event: g.event,
                event_id: event.id().to_string(),
                part: g.part,
                title: format!("{} ({})", event.title(), event.date_text()),
                link,
            };
            Some((g.shapes.clone(), info))
        })
        .collect();
    groups.sort_by_key(|(range, _)| range.start);
    let mut end = 0;
    groups.retain(|(range, _)| {
        let keep = range.start >= end;
        if keep {
            end = range.end;
        }
        keep
    });
    groups
}

/// One link per event with a followable source, over its marker and label together (strip
/// marks, a couple of points wide, get none).
fn event_links(capture: &Capture, groups: &[(std::ops::Range<usize>, GroupInfo)]) -> Vec<Link> {
    let mut areas: Vec<(usize, Rect, &GroupInfo)> = Vec::new();
    for (range, info) in groups {
        if info.part == GroupPart::Strip || info.link.is_none() {
            continue;
        }
        let rect = capture.shapes[range.clone()]
            .iter()
            .map(|c| c.shape.visual_bounding_rect())
            .fold(Rect::NOTHING, |a, b| a.union(b));
        if !rect.is_positive() {
            continue;
        }
        match areas.iter_mut().find(|(event, _, _)| *event == info.event) {
            Some((_, area, _)) => *area = area.union(rect),
            None => areas.push((info.event, rect, info)),
        }
    }
    areas
        .into_iter()
        .filter_map(|(event, rect, info)| {
            Some(Link {
                rect,
                url: info.link.clone()?,
                alt: info.title.clone(),
                event: Some(event),
            })
        })
        .collect()
}

fn walk_clipped(clipped: &ClippedShape, ppp: f32, fonts: &mut FontSet, items: &mut Vec<Item>) {
    let clip = clipped.clip_rect;
    let bounds = clipped.shape.visual_bounding_rect();
    if !bounds.is_positive() && !matches!(clipped.shape, Shape::Vec(_)) {
        // Nothing visible (an empty galley, a zero-size rect); lines have positive bounds.
        return;
    }
    if !clip.intersects(bounds) {
        return;
    }
    let needs_clip = !clip.contains_rect(bounds);
    if needs_clip {
        items.push(Item::BeginClip(clip));
    }
    walk_shape(&clipped.shape, ppp, fonts, items);
    if needs_clip {
        items.push(Item::EndClip);
    }
}

fn walk_shape(shape: &Shape, ppp: f32, fonts: &mut FontSet, items: &mut Vec<Item>) {
    match shape {
        Shape::Noop | Shape::Callback(_) | Shape::Band(_) => {}
        // Meshes carry texture coordinates, which vector output has no use for; paint draws none.
        Shape::Mesh(_) => {}
        Shape::Vec(shapes) => {
            for s in shapes {
                walk_shape(s, ppp, fonts, items);
            }
        }
        Shape::Rect(rect) => rect_items(rect, ppp, items),
        Shape::Circle(circle) => circle_items(circle, items),
        Shape::Ellipse(ellipse) => ellipse_items(ellipse, items),
        Shape::LineSegment { points, stroke } => line_items(*points, *stroke, ppp, items),
        Shape::Path(path) => path_items(path, items),
        Shape::QuadraticBezier(curve) => quadratic_items(curve, items),
        Shape::CubicBezier(curve) => cubic_items(curve, items),
        Shape::Text(text) => text_items(text, ppp, fonts, items),
    }
}

fn push_fill(items: &mut Vec<Item>, path: Vec<PathCmd>, color: Color32) {
    if color.a() > 0 {
        items.push(Item::Fill {
            path,
            color: Rgba::from_color(color),
        });
    }
}

fn push_stroke(items: &mut Vec<Item>, path: Vec<PathCmd>, stroke: Stroke) {
    if stroke.width > 0.0 && stroke.color.a() > 0 {
        items.push(Item::Stroke {
            path,
            width: stroke.width,
            color: Rgba::from_color(stroke.color),
        });
    }
}

/// A rectangle with its corners rounded by up to `radius` (nw, ne, se, sw).
pub fn rounded_rect(rect: Rect, radius: [f32; 4]) -> Vec<PathCmd> {
    let max = 0.5 * rect.width().min(rect.height());
    let [nw, ne, se, sw] = radius.map(|r| r.clamp(0.0, max.max(0.0)));
    let (l, t, r, b) = (rect.left(), rect.top(), rect.right(), rect.bottom());
    let k = 1.0 - KAPPA;
    let mut path = vec![
        PathCmd::MoveTo(pos2(l + nw, t)),
        PathCmd::LineTo(pos2(r - ne, t)),
    ];
    if ne > 0.0 {
        path.push(PathCmd::CubicTo(
            pos2(r - ne * k, t),
            pos2(r, t + ne * k),
            pos2(r, t + ne),
        ));
    }
    path.push(PathCmd::LineTo(pos2(r, b - se)));
    if se > 0.0 {
        path.push(PathCmd::CubicTo(
            pos2(r, b - se * k),
            pos2(r - se * k, b),
            pos2(r - se, b),
        ));
    }
    path.push(PathCmd::LineTo(pos2(l + sw, b)));
    if sw > 0.0 {
        path.push(PathCmd::CubicTo(
            pos2(l + sw * k, b),
            pos2(l, b - sw * k),
            pos2(l, b - sw),
        ));
    }
    path.push(PathCmd::LineTo(pos2(l, t + nw)));
    if nw > 0.0 {
        path.push(PathCmd::CubicTo(
            pos2(l, t + nw * k),
            pos2(l + nw * k, t),
            pos2(l + nw, t),
        ));
    }
    path.push(PathCmd::Close);
    path
}

fn radii(c: CornerRadius) -> [f32; 4] {
    [c.nw, c.ne, c.se, c.sw].map(f32::from)
}

/// A rectangle as egui tessellates it: edges on pixel boundaries, the stroke inside, centred on
/// or outside the edge as asked.
fn rect_items(shape: &RectShape, ppp: f32, items: &mut Vec<Item>) {
    let mut rect = shape.rect;
    if !rect.is_finite() {
        return;
    }
    if shape.round_to_pixels.unwrap_or(true) {
        rect = round_rect_to_pixels(rect, ppp);
    }
    let radius = radii(shape.corner_radius);
    push_fill(items, rounded_rect(rect, radius), shape.fill);
    let w = shape.stroke.width;
    if w > 0.0 {
        let offset = match shape.stroke_kind {
            StrokeKind::Inside => -w / 2.0,
            StrokeKind::Middle => 0.0,
            StrokeKind::Outside => w / 2.0,
        };
        let centre = rect.expand(offset);
        let radius = radius.map(|r| if r > 0.0 { (r + offset).max(0.0) } else { 0.0 });
        push_stroke(items, rounded_rect(centre, radius), shape.stroke);
    }
}

fn round_rect_to_pixels(rect: Rect, ppp: f32) -> Rect {
    let round = |v: f32| (v * ppp).round() / ppp;
    Rect::from_min_max(
        pos2(round(rect.min.x), round(rect.min.y)),
        pos2(round(rect.max.x), round(rect.max.y)),
    )
}

fn ellipse_path(center: Pos2, radius: Vec2) -> Vec<PathCmd> {
    let (cx, cy, rx, ry) = (center.x, center.y, radius.x, radius.y);
    let (kx, ky) = (rx * KAPPA, ry * KAPPA);
    vec![
        PathCmd::MoveTo(pos2(cx + rx, cy)),
        PathCmd::CubicTo(
            pos2(cx + rx, cy + ky),
            pos2(cx + kx, cy + ry),
            pos2(cx, cy + ry),
        ),
        PathCmd::CubicTo(
            pos2(cx - kx, cy + ry),
            pos2(cx - rx, cy + ky),
            pos2(cx - rx, cy),
        ),
        PathCmd::CubicTo(
            pos2(cx - rx, cy - ky),
            pos2(cx - kx, cy - ry),
            pos2(cx, cy - ry),
        ),
        PathCmd::CubicTo(
            pos2(cx + kx, cy - ry),
            pos2(cx + rx, cy - ky),
            pos2(cx + rx, cy),
        ),
        PathCmd::Close,
    ]
}

/// egui strokes circles and ellipses outside their edge: the line runs from the radius out.
fn circle_items(c: &CircleShape, items: &mut Vec<Item>) {
    if c.radius <= 0.0 {
        return;
    }
    push_fill(items, ellipse_path(c.center, Vec2::splat(c.radius)), c.fill);
    let outside = Vec2::splat(c.radius + c.stroke.width / 2.0);
    push_stroke(items, ellipse_path(c.center, outside), c.stroke);
}

fn ellipse_items(e: &EllipseShape, items: &mut Vec<Item>) {
    let rot = egui::emath::Rot2::from_angle(e.angle);
    let placed = |radius: Vec2| -> Vec<PathCmd> {
        ellipse_path(Pos2::ZERO, radius)
            .into_iter()
            .map(|cmd| map_points(cmd, |p| e.center + rot * p.to_vec2()))
            .collect()
    };
    push_fill(items, placed(e.radius), e.fill);
    push_stroke(
        items,
        placed(e.radius + Vec2::splat(e.stroke.width / 2.0)),
        e.stroke,
    );
}

fn map_points(cmd: PathCmd, f: impl Fn(Pos2) -> Pos2) -> PathCmd {
    match cmd {
        PathCmd::MoveTo(p) => PathCmd::MoveTo(f(p)),
        PathCmd::LineTo(p) => PathCmd::LineTo(f(p)),
        PathCmd::CubicTo(a, b, c) => PathCmd::CubicTo(f(a), f(b), f(c)),
        PathCmd::Close => PathCmd::Close,
    }
}

/// A line as egui tessellates it: horizontal and vertical ones centred on a pixel, so a 1 px
/// line stays one crisp pixel wide.
fn line_items(mut points: [Pos2; 2], stroke: Stroke, ppp: f32, items: &mut Vec<Item>) {
    if stroke.width <= 0.0 || stroke.color.a() == 0 {
        return;
    }
    let centre = |v: f32| {
        let width_px = (stroke.width * ppp).round() as i64;
        if width_px % 2 == 1 {
            ((v * ppp - 0.5).round() + 0.5) / ppp
        } else {
            (v * ppp).round() / ppp
        }
    };
    let [a, b] = &mut points;
    if a.x == b.x {
        a.x = centre(a.x);
        b.x = a.x;
    } else if a.y == b.y {
        a.y = centre(a.y);
        b.y = a.y;
    }
    push_stroke(
        items,
        vec![PathCmd::MoveTo(points[0]), PathCmd::LineTo(points[1])],
        stroke,
    );
}

fn solid(stroke: &egui::epaint::PathStroke) -> Stroke {
    match stroke.color {
        ColorMode::Solid(color) => Stroke::new(stroke.width, color),
        // A gradient along the path: its average is the closest flat colour.
        ColorMode::UV(_) => Stroke::NONE,
    }
}

fn polyline(points: &[Pos2], closed: bool) -> Vec<PathCmd> {
    let mut path: Vec<PathCmd> = points
        .iter()
        .enumerate()
        .map(|(k, &p)| {
            if k == 0 {
                PathCmd::MoveTo(p)
            } else {
                PathCmd::LineTo(p)
            }
        })
        .collect();
    if closed {
        path.push(PathCmd::Close);
    }
    path
}

fn path_items(p: &PathShape, items: &mut Vec<Item>) {
    if p.points.len() < 2 {
        return;
    }
    let path = polyline(&p.points, p.closed);
    if p.closed {
        push_fill(items, path.clone(), p.fill);
    }
    push_stroke(items, path, solid(&p.stroke));
}

fn curve_items(
    path: Vec<PathCmd>,
    closed: bool,
    fill: Color32,
    stroke: Stroke,
    items: &mut Vec<Item>,
) {
    let mut path = path;
    if closed {
        path.push(PathCmd::Close);
        push_fill(items, path.clone(), fill);
    }
    push_stroke(items, path, stroke);
}

fn cubic_items(c: &CubicBezierShape, items: &mut Vec<Item>) {
    let [p0, p1, p2, p3] = c.points;
    let path = vec![PathCmd::MoveTo(p0), PathCmd::CubicTo(p1, p2, p3)];
    curve_items(path, c.closed, c.fill, solid(&c.stroke), items);
}

fn quadratic_items(q: &QuadraticBezierShape, items: &mut Vec<Item>) {
    let [p0, p1, p2] = q.points;
    // The same curve as a cubic: control points two thirds of the way to the quadratic one.
    let c1 = p0 + (p1 - p0) * (2.0 / 3.0);
    let c2 = p2 + (p1 - p2) * (2.0 / 3.0);
    let path = vec![PathCmd::MoveTo(p0), PathCmd::CubicTo(c1, c2, p2)];
    curve_items(path, q.closed, q.fill, solid(&q.stroke), items);
}

/// Text: each glyph at egui's position, coloured as egui coloured it, split into runs of one
/// face, size, colour and baseline.
fn text_items(text: &TextShape, ppp: f32, fonts: &mut FontSet, items: &mut Vec<Item>) {
    let galley = &text.galley;
    if galley.is_empty() || text.opacity_factor <= 0.0 {
        return;
    }
    // Same rounding as egui's tessellator: the galley starts on a physical pixel.
    let origin = pos2(
        (text.pos.x * ppp).round() / ppp,
        (text.pos.y * ppp).round() / ppp,
    );
    let sections = &galley.job.sections;
    let size = sections.first().map_or(14.0, |s| s.format.font_id.size);
    let italic = sections.first().is_some_and(|s| s.format.italics);
    let rot = egui::emath::Rot2::from_angle(text.angle);
    for placed in &galley.rows {
        let row_pos = origin + rot * placed.pos.to_vec2();
        let row = &placed.row;
        let mut run: Option<TextRun> = None;
        // Where the previous glyph started and how much of its advance is its own, to undo
        // ligatures (see below).
        let mut previous: Option<(f32, f32)> = None;
        for glyph in &row.glyphs {
            if glyph.chr == '\n' || glyph.chr == '\r' {
                continue;
            }
            let mut color = row
                .visuals
                .mesh
                .vertices
                .get(glyph.first_vertex as usize)
                .map_or(text.fallback_color, |v| v.color);
            if color == Color32::PLACEHOLDER {
                color = text.fallback_color;
            }
            if let Some(over) = text.override_text_color {
                color = over;
            }
            if text.opacity_factor < 1.0 {
                color = color.gamma_multiply(text.opacity_factor);
            }
            let face = fonts.face_for(glyph.chr);
            if !glyph.chr.is_whitespace() {
                fonts.faces[face].used.insert(glyph.chr);
            }
            let glyph_size = size * fonts.faces[face].scale;
            let mut local = glyph.pos;
            let mut advance = glyph.advance_width;
            // egui shapes text, so "fi" can be one ligature glyph: 'f' carries the advance of both
            // and 'i' follows with none, at the ligature's end. Writers draw one glyph per
            // character, so put the 'i' where the 'f' ends by the font's own metrics.
            if advance == 0.0
                && !is_mark(glyph.chr)
                && let Some((prev_x, prev_own)) = previous
                && local.x > prev_x
            {
                local.x = prev_x + prev_own;
                advance = (glyph.pos.x - local.x).max(0.0);
                if let Some(r) = run.as_mut()
                    && let Some(last) = r.glyphs.last_mut()
                {
                    last.advance = prev_own;
                }
            }
            let own = fonts.faces[face]
                .advance(glyph.chr, glyph_size)
                .unwrap_or(advance)
                .min(advance.max(0.0));
            previous = Some((local.x, if advance > 0.0 { own } else { 0.0 }));
            let pos = row_pos + rot * local.to_vec2();
            let placed = PlacedGlyph {
                chr: glyph.chr,
                pos,
                advance,
            };
            let rgba = Rgba::from_color(color);
            // Whitespace carries no ink: it joins whatever run it is in.
            let joins = run.as_ref().is_some_and(|r| {
                glyph.chr.is_whitespace()
                    || (r.face == face && r.color == rgba && r.size == glyph_size)
            });
            if joins {
                if let Some(r) = run.as_mut() {
                    r.glyphs.push(placed);
                }
            } else {
                if let Some(done) = run.take() {
                    items.push(Item::Text(done));
                }
                run = Some(TextRun {
                    face,
                    size: glyph_size,
                    color: rgba,
                    italic,
                    glyphs: vec![placed],
                });
            }
        }
        if let Some(done) = run.take()
            && done.glyphs.iter().any(|g| !g.chr.is_whitespace())
        {
            items.push(Item::Text(done));
        }
    }
    if text.underline.width > 0.0 {
        let rect = Rect::from_min_size(origin, galley.size());
        push_stroke(
            items,
            vec![
                PathCmd::MoveTo(rect.left_bottom()),
                PathCmd::LineTo(rect.right_bottom()),
            ],
            text.underline,
        );
    }
}

/// Combining marks legitimately have no advance: they sit on the character before.
fn is_mark(chr: char) -> bool {
    matches!(chr as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The bounding box of a path's points (control points included).
pub fn path_bounds(path: &[PathCmd]) -> Rect {
    let mut rect = Rect::NOTHING;
    for cmd in path {
        match *cmd {
            PathCmd::MoveTo(p) | PathCmd::LineTo(p) => rect.extend_with(p),
            PathCmd::CubicTo(a, b, c) => {
                rect.extend_with(a);
                rect.extend_with(b);
                rect.extend_with(c);
            }
            PathCmd::Close => {}
        }
    }
    rect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_rect_is_four_lines_and_a_rounded_one_has_four_curves() {
        let r = Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 10.0));
        let square = rounded_rect(r, [0.0; 4]);
        assert_eq!(square.len(), 6);
        let round = rounded_rect(r, [3.0; 4]);
        let curves = round
            .iter()
            .filter(|c| matches!(c, PathCmd::CubicTo(..)))
            .count();
        assert_eq!(curves, 4);
        assert_eq!(path_bounds(&round), r);
    }

    #[test]
    fn radii_never_exceed_half_the_short_side() {
        let r = Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 4.0));
        let path = rounded_rect(r, [9.0; 4]);
        assert_eq!(path[0], PathCmd::MoveTo(pos2(2.0, 0.0)));
    }

    #[test]
    fn one_pixel_lines_sit_on_pixel_centres() {
        let mut items = Vec::new();
        let stroke = Stroke::new(1.0, Color32::BLACK);
        line_items([pos2(3.2, 0.0), pos2(3.2, 9.0)], stroke, 1.0, &mut items);
        let Item::Stroke { path, .. } = &items[0] else {
            panic!("a stroke");
        };
        assert_eq!(path[0], PathCmd::MoveTo(pos2(3.5, 0.0)));
    }

    #[test]
    fn colours_are_unpremultiplied() {
        let c = Color32::from_rgba_unmultiplied(200, 100, 50, 128);
        let rgba = Rgba::from_color(c);
        assert_eq!(rgba.0[3], 128);
        assert!((rgba.0[0] as i32 - 200).abs() <= 2, "{rgba:?}");
        assert_eq!(Rgba(rgba.0).hex().len(), 7);
    }
}
