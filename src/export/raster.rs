//! CPU rasteriser for tessellated egui output: owns [`RgbaImage`], the [`TextureStore`] that
//! mirrors egui's texture deltas, and [`rasterize`], which draws `ClippedPrimitive` meshes
//! without a GPU.
//!
//! It follows egui's reference renderers: vertex colours and texels are premultiplied sRGB, they
//! are multiplied and interpolated in gamma space, and blended "over" in gamma space
//! (`src + dst * (1 - src_a)`). Antialiasing comes from egui's feathered meshes, so each pixel is
//! sampled once at its centre, with a top-left fill rule on fixed-point edge functions so that
//! triangles sharing an edge never leave a gap or blend a pixel twice.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::Path;

use egui::epaint::{ImageDelta, Primitive, Vertex};
use egui::{
    ClippedPrimitive, Color32, ImageData, Mesh, Rect, TextureFilter, TextureId, TextureOptions,
    TextureWrapMode, TexturesDelta,
};

/// Vertex positions are snapped to 1/256 px, the sub-pixel precision Direct3D requires of GPUs:
/// exact integer edge functions give a watertight fill rule, and products stay inside `i64`.
const SUBPIXEL_BITS: u32 = 8;
const SUBPIXEL_ONE: i64 = 1 << SUBPIXEL_BITS;
const SUBPIXEL_HALF: i64 = SUBPIXEL_ONE / 2;
const SUBPIXEL_SCALE: f32 = SUBPIXEL_ONE as f32;

/// Margin of the guard band around each clip rect. A triangle reaching beyond it is first clipped
/// to the band, so that a far-away vertex (a timeline bar zoomed to millions of pixels) cannot
/// overflow the fixed-point edge functions or lose precision. egui's feathering reaches only 1 px
/// past a shape, so ordinary meshes never take this path.
const GUARD_BAND_PX: f32 = 64.0;

/// Largest image side that is drawn into. With the guard band, fixed-point coordinates stay below
/// 2^29, so edge functions (two products plus a constant) stay below 2^61, inside `i64`.
/// Pixels beyond this side stay at the clear colour.
const MAX_DRAW_SIDE_PX: u32 = 1 << 20;

/// Full intensity of an 8-bit channel, as used by the blend arithmetic.
const CHANNEL_MAX: f32 = 255.0;

/// Source alpha at or above this rounds to 255, so the source simply replaces the destination.
const OPAQUE_ALPHA: f32 = 254.5;

/// Source channels all below this round to 0, so blending leaves the destination unchanged.
const INVISIBLE_CHANNEL: f32 = 0.5;

// ----------------------------------------------------------------------------

/// An image ready for encoding: straight (non-premultiplied) sRGB RGBA8, row by row from the top.
#[derive(Clone, PartialEq, Eq)]
pub struct RgbaImage {
    pub width: u32,
    pub height: u32,
    /// `width * height * 4` bytes.
    pub pixels: Vec<u8>,
}

impl fmt::Debug for RgbaImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RgbaImage")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("bytes", &self.pixels.len())
            .finish()
    }
}

impl RgbaImage {
    /// The pixel at `(x, y)`, or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let start = (y as usize * self.width as usize + x as usize) * 4;
        let bytes = self.pixels.get(start..start + 4)?;
        Some([bytes[0], bytes[1], bytes[2], bytes[3]])
    }

    /// Encodes the image as an sRGB RGBA8 PNG.
    pub fn write_png(&self, out: impl Write) -> Result<(), png::EncodingError> {
        self.write_png_with_text(out, &[])
    }

    /// Writes the image as a PNG with UTF-8 text metadata (`iTXt` chunks: "Title", "Source",
    /// "Software", …).
    pub fn write_png_with_text(
        &self,
        out: impl Write,
        text: &[(&str, &str)],
    ) -> Result<(), png::EncodingError> {
        let mut encoder = png::Encoder::new(out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
        for (key, value) in text {
            encoder.add_itxt_chunk((*key).to_owned(), (*value).to_owned())?;
        }
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&self.pixels)?;
        writer.finish()
    }

    /// Writes the image to `path` as a PNG.
    pub fn save_png(&self, path: &Path) -> Result<(), png::EncodingError> {
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        self.write_png(file)
    }
}

// ----------------------------------------------------------------------------

/// Why a texture update could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextureError {
    /// A partial update names a texture that was never set, or was already freed.
    PatchWithoutTexture { id: TextureId },
    /// A partial update does not fit inside its texture.
    PatchOutOfBounds {
        id: TextureId,
        pos: [usize; 2],
        patch: [usize; 2],
        texture: [usize; 2],
    },
    /// An image's pixel count does not match its stated size.
    MalformedImage {
        id: TextureId,
        size: [usize; 2],
        pixels: usize,
    },
}

impl fmt::Display for TextureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PatchWithoutTexture { id } => {
                write!(f, "partial update of texture {id:?}, which does not exist")
            }
            Self::PatchOutOfBounds {
                id,
                pos,
                patch,
                texture,
            } => write!(
                f,
                "partial update of texture {id:?} at {pos:?} with size {patch:?} \
                 does not fit its size {texture:?}"
            ),
            Self::MalformedImage { id, size, pixels } => write!(
                f,
                "image for texture {id:?} has size {size:?} but {pixels} pixels"
            ),
        }
    }
}

impl std::error::Error for TextureError {}

/// One texture: premultiplied sRGB RGBA texels, row by row.
#[derive(Clone, Debug)]
struct Texture {
    size: [usize; 2],
    texels: Vec<[u8; 4]>,
    options: TextureOptions,
}

/// The textures egui has asked the painter to keep, built up from [`TexturesDelta`]s.
#[derive(Clone, Debug, Default)]
pub struct TextureStore {
    textures: HashMap<TextureId, Texture>,
}

impl TextureStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies the whole-texture sets and partial patches of `delta`, draining `delta.set`.
    /// Do this before painting the frame the delta came with.
    ///
    /// Every update that can be applied is; the first one that cannot is reported.
    pub fn apply_set(&mut self, delta: &mut TexturesDelta) -> Result<(), TextureError> {
        let mut first_error = None;
        for (id, image_deltas) in delta.set.drain() {
            for image_delta in image_deltas {
                if let Err(error) = self.set_one(id, &image_delta) {
                    first_error.get_or_insert(error);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Drops the textures listed in `delta.free`, draining it.
    /// Do this after painting the frame the delta came with.
    pub fn apply_free(&mut self, delta: &mut TexturesDelta) {
        for id in delta.free.drain() {
            self.textures.remove(&id);
        }
    }

    /// Applies all of `delta`, sets first and then frees: right for a frame that is not painted.
    pub fn apply(&mut self, mut delta: TexturesDelta) -> Result<(), TextureError> {
        let result = self.apply_set(&mut delta);
        self.apply_free(&mut delta);
        result
    }

    /// Width and height of a stored texture.
    pub fn size(&self, id: TextureId) -> Option<[usize; 2]> {
        self.textures.get(&id).map(|texture| texture.size)
    }

    /// The premultiplied RGBA texel at `(x, y)` of a stored texture.
    pub fn texel(&self, id: TextureId, x: usize, y: usize) -> Option<[u8; 4]> {
        let texture = self.textures.get(&id)?;
        if x >= texture.size[0] || y >= texture.size[1] {
            return None;
        }
        texture.texels.get(y * texture.size[0] + x).copied()
    }

    /// Number of stored textures.
    pub fn len(&self) -> usize {
        self.textures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.textures.is_empty()
    }

    fn set_one(&mut self, id: TextureId, delta: &ImageDelta) -> Result<(), TextureError> {
        let ImageData::Color(image) = &delta.image;
        let [width, height] = image.size;
        if width.checked_mul(height) != Some(image.pixels.len()) {
            return Err(TextureError::MalformedImage {
                id,
                size: image.size,
                pixels: image.pixels.len(),
            });
        }
        let Some(pos) = delta.pos else {
            self.textures.insert(
                id,
                Texture {
                    size: image.size,
                    texels: image.pixels.iter().map(|c| c.to_array()).collect(),
                    options: delta.options,
                },
            );
            return Ok(());
        };
        let Some(texture) = self.textures.get_mut(&id) else {
            return Err(TextureError::PatchWithoutTexture { id });
        };
        let fits = |start: usize, len: usize, limit: usize| {
            start.checked_add(len).is_some_and(|end| end <= limit)
        };
        if !fits(pos[0], width, texture.size[0]) || !fits(pos[1], height, texture.size[1]) {
            return Err(TextureError::PatchOutOfBounds {
                id,
                pos,
                patch: image.size,
                texture: texture.size,
            });
        }
        if width > 0 {
            for (row, source) in image.pixels.chunks_exact(width).enumerate() {
                let start = (pos[1] + row) * texture.size[0] + pos[0];
                for (texel, colour) in texture.texels[start..start + width].iter_mut().zip(source) {
                    *texel = colour.to_array();
                }
            }
        }
        texture.options = delta.options;
        Ok(())
    }
}

// ----------------------------------------------------------------------------

/// Draws `primitives` (as made by `egui::Context::tessellate`) over `clear` into a
/// `width_px` × `height_px` image. Positions and clip rects are in points and are scaled by
/// `pixels_per_point`. Meshes whose texture is not in `textures` and paint callbacks are skipped.
#[must_use]
pub fn rasterize(
    primitives: &[ClippedPrimitive],
    textures: &TextureStore,
    width_px: u32,
    height_px: u32,
    pixels_per_point: f32,
    clear: Color32,
) -> RgbaImage {
    let mut canvas = Canvas::new(width_px, height_px, clear);
    for primitive in primitives {
        let Primitive::Mesh(mesh) = &primitive.primitive else {
            continue;
        };
        let Some(texture) = textures.textures.get(&mesh.texture_id) else {
            continue;
        };
        let Some(scissor) = canvas.scissor(primitive.clip_rect, pixels_per_point) else {
            continue;
        };
        canvas.draw_mesh(mesh, texture, scissor, pixels_per_point);
    }
    canvas.into_image()
}

/// The framebuffer: premultiplied sRGB RGBA, like a GPU's gamma-space render target.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<[u8; 4]>,
}

/// Pixel rectangle that may be drawn into, min inclusive, max exclusive.
#[derive(Clone, Copy, Debug)]
struct Scissor {
    min_x: i64,
    min_y: i64,
    max_x: i64,
    max_y: i64,
}

impl Scissor {
    fn contains_with_guard(&self, vertex: &PixelVertex) -> bool {
        let (min_x, min_y, max_x, max_y) = self.guard_band();
        (min_x..=max_x).contains(&vertex.x) && (min_y..=max_y).contains(&vertex.y)
    }

    fn guard_band(&self) -> (f32, f32, f32, f32) {
        (
            self.min_x as f32 - GUARD_BAND_PX,
            self.min_y as f32 - GUARD_BAND_PX,
            self.max_x as f32 + GUARD_BAND_PX,
            self.max_y as f32 + GUARD_BAND_PX,
        )
    }
}

/// A vertex in pixel space: colour is premultiplied sRGB in 0..=255, `u`/`v` are in texels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct PixelVertex {
    x: f32,
    y: f32,
    colour: [f32; 4],
    u: f32,
    v: f32,
}

impl PixelVertex {
    fn new(vertex: &Vertex, pixels_per_point: f32, texture_size: [f32; 2]) -> Self {
        Self {
            x: vertex.pos.x * pixels_per_point,
            y: vertex.pos.y * pixels_per_point,
            colour: vertex.color.to_array().map(f32::from),
            u: vertex.uv.x * texture_size[0],
            v: vertex.uv.y * texture_size[1],
        }
    }

    fn lerp(a: &Self, b: &Self, t: f32) -> Self {
        let mix = |p: f32, q: f32| p + (q - p) * t;
        Self {
            x: mix(a.x, b.x),
            y: mix(a.y, b.y),
            colour: std::array::from_fn(|i| mix(a.colour[i], b.colour[i])),
            u: mix(a.u, b.u),
            v: mix(a.v, b.v),
        }
    }
}

/// One side of the guard band, for polygon clipping.
#[derive(Clone, Copy)]
enum ClipPlane {
    MinX(f32),
    MaxX(f32),
    MinY(f32),
    MaxY(f32),
}

impl ClipPlane {
    fn keeps(self, vertex: &PixelVertex) -> bool {
        match self {
            Self::MinX(limit) => vertex.x >= limit,
            Self::MaxX(limit) => vertex.x <= limit,
            Self::MinY(limit) => vertex.y >= limit,
            Self::MaxY(limit) => vertex.y <= limit,
        }
    }

    /// Where the segment `p`–`q` crosses the plane. The endpoints are put in a canonical order
    /// first, so two triangles sharing the edge get bit-identical intersection points.
    fn intersect(self, p: &PixelVertex, q: &PixelVertex) -> PixelVertex {
        let (a, b) = if (p.x, p.y) <= (q.x, q.y) {
            (p, q)
        } else {
            (q, p)
        };
        let (limit, a_coord, b_coord) = match self {
            Self::MinX(limit) | Self::MaxX(limit) => (limit, a.x, b.x),
            Self::MinY(limit) | Self::MaxY(limit) => (limit, a.y, b.y),
        };
        let mut vertex = PixelVertex::lerp(a, b, (limit - a_coord) / (b_coord - a_coord));
        match self {
            Self::MinX(_) | Self::MaxX(_) => vertex.x = limit,
            Self::MinY(_) | Self::MaxY(_) => vertex.y = limit,
        }
        vertex
    }
}

/// Sutherland–Hodgman clipping of a convex polygon against one plane.
fn clip_polygon(polygon: &[PixelVertex], plane: ClipPlane) -> Vec<PixelVertex> {
    let mut out = Vec::with_capacity(polygon.len() + 1);
    for (i, current) in polygon.iter().enumerate() {
        let next = &polygon[(i + 1) % polygon.len()];
        let current_kept = plane.keeps(current);
        if current_kept {
            out.push(*current);
        }
        if current_kept != plane.keeps(next) {
            out.push(plane.intersect(current, next));
        }
    }
    out
}

/// A triangle edge as an exact integer edge function `E(p) = a*x + b*y + c` over fixed-point
/// positions, positive inside. `bias` is 0 for top and left edges and -1 otherwise, so
/// `E + bias >= 0` implements the top-left rule.
struct Edge {
    a: i64,
    b: i64,
    c: i64,
    bias: i64,
}

impl Edge {
    /// The edge from `from` to `to` of a triangle whose interior lies to the left of it in
    /// y-down screen space (positive fixed-point area).
    fn new(from: [i64; 2], to: [i64; 2]) -> Self {
        let a = from[1] - to[1];
        let b = to[0] - from[0];
        let c = -(a * from[0] + b * from[1]);
        // The inward normal is (a, b): a left edge has it pointing right (a > 0), a top edge
        // is horizontal with it pointing down (a == 0, b > 0).
        let is_top_left = a > 0 || (a == 0 && b > 0);
        Self {
            a,
            b,
            c,
            bias: if is_top_left { 0 } else { -1 },
        }
    }
}

/// Steps one edge function down the rows of a triangle's bounding box and finds, per row, the
/// run of pixels (as offsets `k` from the box's left column) on its inner side.
struct EdgeWalker {
    /// Edge function plus bias at the left pixel centre of the current row.
    value: i64,
    /// Change per pixel to the right and per row down.
    step_x: i64,
    step_y: i64,
    /// `1 / step_x`, so each row needs a multiply instead of a 64-bit division.
    inverse_step_x: f64,
}

impl EdgeWalker {
    fn new(edge: &Edge, first_centre: [i64; 2]) -> Self {
        let step_x = edge.a * SUBPIXEL_ONE;
        Self {
            value: edge.a * first_centre[0] + edge.b * first_centre[1] + edge.c + edge.bias,
            step_x,
            step_y: edge.b * SUBPIXEL_ONE,
            inverse_step_x: if step_x == 0 {
                0.0
            } else {
                1.0 / step_x as f64
            },
        }
    }

    fn next_row(&mut self) {
        self.value += self.step_y;
    }

    /// Offsets `k` in `lo..hi` where `value + k * step_x >= 0`; `hi` is `i64::MAX` when the
    /// edge does not bound the run on the right.
    ///
    /// The quotient is estimated in `f64` (within one of the truth for these magnitudes) and
    /// corrected with exact integer arithmetic, so the result is exact.
    #[inline]
    fn inside_range(&self) -> (i64, i64) {
        let (value, step) = (self.value, self.step_x);
        let inside = |k: i64| value + k * step >= 0;
        if step == 0 {
            return if value >= 0 { (0, i64::MAX) } else { (0, 0) };
        }
        if step > 0 {
            if value >= 0 {
                return (0, i64::MAX);
            }
            // Smallest k inside: ceil(-value / step).
            let mut k = (-value as f64 * self.inverse_step_x) as i64;
            while !inside(k) {
                k += 1;
            }
            while k > 0 && inside(k - 1) {
                k -= 1;
            }
            return (k, i64::MAX);
        }
        if value < 0 {
            return (0, 0);
        }
        // Smallest k outside: floor(value / -step) + 1.
        let mut k = (value as f64 * -self.inverse_step_x) as i64 + 1;
        while !inside(k - 1) {
            k -= 1;
        }
        while inside(k) {
            k += 1;
        }
        (0, k)
    }
}

/// The last texel sampled for a triangle with one texture coordinate on all corners. Untextured
/// egui shapes all point at the same white texel, so this saves a filtered lookup per triangle.
#[derive(Default)]
struct TexelCache {
    last: Option<([f32; 2], [f32; 4])>,
}

impl TexelCache {
    fn sample(&mut self, texture: &Texture, u: f32, v: f32) -> [f32; 4] {
        match self.last {
            Some((uv, texel)) if uv == [u, v] => texel,
            _ => {
                let texel = sample(texture, u, v, texture.options.magnification);
                self.last = Some(([u, v], texel));
                texel
            }
        }
    }
}

/// An attribute that varies linearly over a triangle: `value + dx * Δx + dy * Δy` from the
/// triangle's first vertex.
#[derive(Clone, Copy, Debug, Default)]
struct Plane {
    value: f32,
    dx: f32,
    dy: f32,
}

impl Plane {
    fn at(&self, dx: f32, dy: f32) -> f32 {
        self.value + self.dx * dx + self.dy * dy
    }
}

/// How the pixels of one triangle get their source colour.
enum Shading<'a> {
    /// One premultiplied colour for the whole triangle.
    Solid([f32; 4]),
    /// Interpolated vertex colour times a single texel (untextured feathering, gradients).
    Smooth { texel: [f32; 4], colour: [Plane; 4] },
    /// Interpolated vertex colour times a texture mapped one texel per pixel with texel centres on
    /// pixel centres, as egui lays out glyphs: texel = pixel + offset. Nearest and bilinear
    /// filtering both return exactly that texel there, so no filtering is done.
    Blit {
        texture: &'a Texture,
        offset: [i64; 2],
        colour: [Plane; 4],
    },
    /// Interpolated vertex colour times a filtered texture lookup (scaled images).
    Textured {
        texture: &'a Texture,
        filter: TextureFilter,
        colour: [Plane; 4],
        u: Plane,
        v: Plane,
    },
}

impl Canvas {
    fn new(width: u32, height: u32, clear: Color32) -> Self {
        Self {
            width,
            height,
            pixels: vec![clear.to_array(); width as usize * height as usize],
        }
    }

    /// The clip rect in pixels, rounded to whole pixels as egui's GPU painters do.
    fn scissor(&self, clip_rect: Rect, pixels_per_point: f32) -> Option<Scissor> {
        let limit_x = self.width.min(MAX_DRAW_SIDE_PX) as f32;
        let limit_y = self.height.min(MAX_DRAW_SIDE_PX) as f32;
        // A NaN coordinate survives `clamp` and then casts to 0, which is still in range.
        let to_pixels =
            |points: f32, limit: f32| (points * pixels_per_point).round().clamp(0.0, limit) as i64;
        let scissor = Scissor {
            min_x: to_pixels(clip_rect.min.x, limit_x),
            min_y: to_pixels(clip_rect.min.y, limit_y),
            max_x: to_pixels(clip_rect.max.x, limit_x),
            max_y: to_pixels(clip_rect.max.y, limit_y),
        };
        (scissor.min_x < scissor.max_x && scissor.min_y < scissor.max_y).then_some(scissor)
    }

    fn draw_mesh(&mut self, mesh: &Mesh, texture: &Texture, scissor: Scissor, ppp: f32) {
        let texture_size = texture.size.map(|side| side as f32);
        let mut texel_cache = TexelCache::default();
        for triangle in mesh.indices.chunks_exact(3) {
            let corner = |index: u32| {
                mesh.vertices
                    .get(index as usize)
                    .map(|vertex| PixelVertex::new(vertex, ppp, texture_size))
            };
            let (Some(a), Some(b), Some(c)) = (
                corner(triangle[0]),
                corner(triangle[1]),
                corner(triangle[2]),
            ) else {
                continue;
            };
            self.draw_triangle([a, b, c], texture, scissor, &mut texel_cache);
        }
    }

    fn draw_triangle(
        &mut self,
        corners: [PixelVertex; 3],
        texture: &Texture,
        scissor: Scissor,
        texel_cache: &mut TexelCache,
    ) {
        if !corners.iter().all(|v| v.x.is_finite() && v.y.is_finite()) {
            return;
        }
        let (min_x, max_x, min_y, max_y) = corners.iter().fold(
            (f32::MAX, f32::MIN, f32::MAX, f32::MIN),
            |(x0, x1, y0, y1), v| (x0.min(v.x), x1.max(v.x), y0.min(v.y), y1.max(v.y)),
        );
        if max_x < scissor.min_x as f32
            || min_x > scissor.max_x as f32
            || max_y < scissor.min_y as f32
            || min_y > scissor.max_y as f32
        {
            return;
        }
        if corners.iter().all(|v| scissor.contains_with_guard(v)) {
            self.fill_triangle(corners, texture, scissor, texel_cache);
            return;
        }
        let (guard_min_x, guard_min_y, guard_max_x, guard_max_y) = scissor.guard_band();
        let mut polygon = corners.to_vec();
        for plane in [
            ClipPlane::MinX(guard_min_x),
            ClipPlane::MaxX(guard_max_x),
            ClipPlane::MinY(guard_min_y),
            ClipPlane::MaxY(guard_max_y),
        ] {
            polygon = clip_polygon(&polygon, plane);
            if polygon.len() < 3 {
                return;
            }
        }
        for i in 1..polygon.len() - 1 {
            let triangle = [polygon[0], polygon[i], polygon[i + 1]];
            self.fill_triangle(triangle, texture, scissor, texel_cache);
        }
    }

    /// Fills the pixels whose centres lie inside the triangle (top-left rule on ties).
    fn fill_triangle(
        &mut self,
        corners: [PixelVertex; 3],
        texture: &Texture,
        scissor: Scissor,
        texel_cache: &mut TexelCache,
    ) {
        let snap = |coordinate: f32| round_to_i64(coordinate * SUBPIXEL_SCALE);
        let mut fixed = corners.map(|v| [snap(v.x), snap(v.y)]);
        let mut corners = corners;
        let area = (fixed[1][0] - fixed[0][0]) * (fixed[2][1] - fixed[0][1])
            - (fixed[1][1] - fixed[0][1]) * (fixed[2][0] - fixed[0][0]);
        if area == 0 {
            return;
        }
        if area < 0 {
            // egui does not keep a consistent winding order; make the interior positive.
            fixed.swap(1, 2);
            corners.swap(1, 2);
        }
        let edges = [
            Edge::new(fixed[1], fixed[2]),
            Edge::new(fixed[2], fixed[0]),
            Edge::new(fixed[0], fixed[1]),
        ];

        // Pixels whose centres (`x * ONE + HALF` in fixed point) lie within the bounding box.
        let first_pixel = |min: i64| ceil_div(min - SUBPIXEL_HALF, SUBPIXEL_ONE);
        let end_pixel = |max: i64| (max - SUBPIXEL_HALF).div_euclid(SUBPIXEL_ONE) + 1;
        let [xs, ys] = [0, 1].map(|axis| fixed.map(|p| p[axis]));
        let min3 = |v: [i64; 3]| v[0].min(v[1]).min(v[2]);
        let max3 = |v: [i64; 3]| v[0].max(v[1]).max(v[2]);
        let x_lo = first_pixel(min3(xs)).max(scissor.min_x);
        let x_hi = end_pixel(max3(xs)).min(scissor.max_x);
        let y_lo = first_pixel(min3(ys)).max(scissor.min_y);
        let y_hi = end_pixel(max3(ys)).min(scissor.max_y);
        if x_lo >= x_hi || y_lo >= y_hi {
            return;
        }

        // Snapped positions back in float pixels, so shading matches coverage.
        let positions = fixed.map(|p| [p[0] as f32 / SUBPIXEL_SCALE, p[1] as f32 / SUBPIXEL_SCALE]);
        let shading = Shading::new(&corners, positions, texture, texel_cache);
        if let Shading::Solid(colour) = shading
            && colour.iter().all(|&channel| channel < INVISIBLE_CHANNEL)
        {
            return;
        }

        let width = self.width as usize;
        let span_len = x_hi - x_lo;
        let first_centre = [
            x_lo * SUBPIXEL_ONE + SUBPIXEL_HALF,
            y_lo * SUBPIXEL_ONE + SUBPIXEL_HALF,
        ];
        let mut walkers = edges.map(|edge| EdgeWalker::new(&edge, first_centre));
        for y in y_lo..y_hi {
            let mut k_lo = 0;
            let mut k_hi = span_len;
            for walker in &mut walkers {
                let (lo, hi) = walker.inside_range();
                k_lo = k_lo.max(lo);
                k_hi = k_hi.min(hi);
                walker.next_row();
            }
            if k_lo >= k_hi {
                continue;
            }
            let (start_x, end_x) = (x_lo + k_lo, x_lo + k_hi);
            let row_start = y as usize * width;
            let span = &mut self.pixels[row_start + start_x as usize..row_start + end_x as usize];
            let dx0 = start_x as f32 + 0.5 - positions[0][0];
            let dy = y as f32 + 0.5 - positions[0][1];
            shading.shade_span(span, [start_x, y], dx0, dy);
        }
    }

    /// Converts the premultiplied framebuffer to straight alpha.
    fn into_image(self) -> RgbaImage {
        let mut pixels = self.pixels;
        for pixel in &mut pixels {
            let alpha = pixel[3];
            if alpha == u8::MAX {
                continue;
            }
            if alpha == 0 {
                *pixel = [0; 4];
                continue;
            }
            let scale = CHANNEL_MAX / f32::from(alpha);
            for channel in &mut pixel[..3] {
                // Saturating cast: premultiplied channels never exceed alpha, but clamp anyway.
                *channel = (f32::from(*channel) * scale + 0.5) as u8;
            }
        }
        RgbaImage {
            width: self.width,
            height: self.height,
            pixels: pixels.into_flattened(),
        }
    }
}

impl<'a> Shading<'a> {
    fn new(
        corners: &[PixelVertex; 3],
        positions: [[f32; 2]; 3],
        texture: &'a Texture,
        texel_cache: &mut TexelCache,
    ) -> Self {
        let [first, second, third] = corners;
        let (d1x, d1y) = (
            positions[1][0] - positions[0][0],
            positions[1][1] - positions[0][1],
        );
        let (d2x, d2y) = (
            positions[2][0] - positions[0][0],
            positions[2][1] - positions[0][1],
        );
        let inverse_area = 1.0 / (d1x * d2y - d1y * d2x);
        let plane = |a0: f32, a1: f32, a2: f32| {
            let (da1, da2) = (a1 - a0, a2 - a0);
            Plane {
                value: a0,
                dx: (da1 * d2y - da2 * d1y) * inverse_area,
                dy: (da2 * d1x - da1 * d2x) * inverse_area,
            }
        };
        let uniform_colour = first.colour == second.colour && first.colour == third.colour;
        let colour = if uniform_colour {
            first.colour.map(|value| Plane {
                value,
                ..Plane::default()
            })
        } else {
            std::array::from_fn(|i| plane(first.colour[i], second.colour[i], third.colour[i]))
        };

        if first.u == second.u && first.u == third.u && first.v == second.v && first.v == third.v {
            let texel = texel_cache.sample(texture, first.u, first.v);
            return if uniform_colour {
                Self::Solid(modulate(first.colour, texel))
            } else {
                Self::Smooth { texel, colour }
            };
        }
        if let Some(offset) = texel_offset(corners, positions) {
            return Self::Blit {
                texture,
                offset,
                colour,
            };
        }
        let u = plane(first.u, second.u, third.u);
        let v = plane(first.v, second.v, third.v);
        // Texels per pixel: above one the texture is shrunk, otherwise enlarged.
        let footprint = u.dx.abs().max(u.dy.abs()).max(v.dx.abs()).max(v.dy.abs());
        let filter = if footprint > 1.0 {
            texture.options.minification
        } else {
            texture.options.magnification
        };
        Self::Textured {
            texture,
            filter,
            colour,
            u,
            v,
        }
    }

    /// Blends one horizontal run of pixels starting at pixel `(x, y)`; `dx0`/`dy` locate that
    /// pixel's centre relative to the triangle's first vertex.
    fn shade_span(&self, span: &mut [[u8; 4]], [x, y]: [i64; 2], dx0: f32, dy: f32) {
        match self {
            Self::Solid(colour) => {
                if colour[3] >= OPAQUE_ALPHA {
                    span.fill(colour.map(|channel| (channel + 0.5) as u8));
                } else {
                    for pixel in span {
                        blend(pixel, *colour);
                    }
                }
            }
            Self::Smooth { texel, colour } => {
                let row = colour.map(|plane| plane.at(dx0, dy));
                for (k, pixel) in span.iter_mut().enumerate() {
                    let k = k as f32;
                    let vertex_colour = std::array::from_fn(|i| row[i] + colour[i].dx * k);
                    blend(pixel, modulate(vertex_colour, *texel));
                }
            }
            Self::Blit {
                texture,
                offset,
                colour,
            } => {
                let row = colour.map(|plane| plane.at(dx0, dy));
                let [width, height] = texture.size;
                let mode = texture.options.wrap_mode;
                let row_start = wrap(y + offset[1], height, mode) * width;
                for (k, pixel) in span.iter_mut().enumerate() {
                    let column = wrap(x + offset[0] + k as i64, width, mode);
                    let texel = texture
                        .texels
                        .get(row_start + column)
                        .map_or([0.0; 4], |t| t.map(f32::from));
                    let kf = k as f32;
                    let vertex_colour = std::array::from_fn(|i| row[i] + colour[i].dx * kf);
                    blend(pixel, modulate(vertex_colour, texel));
                }
            }
            Self::Textured {
                texture,
                filter,
                colour,
                u,
                v,
            } => {
                let row = colour.map(|plane| plane.at(dx0, dy));
                let (row_u, row_v) = (u.at(dx0, dy), v.at(dx0, dy));
                for (k, pixel) in span.iter_mut().enumerate() {
                    let k = k as f32;
                    let texel = sample(texture, row_u + u.dx * k, row_v + v.dx * k, *filter);
                    let vertex_colour = std::array::from_fn(|i| row[i] + colour[i].dx * k);
                    blend(pixel, modulate(vertex_colour, texel));
                }
            }
        }
    }
}

/// If texture coordinates are pixel positions shifted by one whole number of texels for all three
/// corners, that shift: the texture is then drawn 1:1 with texel centres on pixel centres.
fn texel_offset(corners: &[PixelVertex; 3], positions: [[f32; 2]; 3]) -> Option<[i64; 2]> {
    /// Below 2^24 every integer is exact in `f32`, so the shift test is exact.
    const EXACT_INTEGER_LIMIT: f32 = 16_777_216.0;
    let shift_u = corners[0].u - positions[0][0];
    let shift_v = corners[0].v - positions[0][1];
    let is_whole = |shift: f32| shift.abs() < EXACT_INTEGER_LIMIT && shift == (shift as i64) as f32;
    let same_shift = corners
        .iter()
        .zip(positions)
        .all(|(corner, [x, y])| corner.u - x == shift_u && corner.v - y == shift_v);
    (same_shift && is_whole(shift_u) && is_whole(shift_v))
        .then_some([shift_u as i64, shift_v as i64])
}

/// `ceil(numerator / denominator)` for a positive denominator.
fn ceil_div(numerator: i64, denominator: i64) -> i64 {
    (numerator + denominator - 1).div_euclid(denominator)
}

/// Premultiplied colour times premultiplied texel, both in 0..=255.
#[inline]
fn modulate(colour: [f32; 4], texel: [f32; 4]) -> [f32; 4] {
    std::array::from_fn(|i| colour[i] * texel[i] * (1.0 / CHANNEL_MAX))
}

/// Premultiplied "over": `dst = src + dst * (1 - src_alpha)`, rounded to nearest.
#[inline]
fn blend(pixel: &mut [u8; 4], source: [f32; 4]) {
    let keep = 1.0 - source[3].clamp(0.0, CHANNEL_MAX) * (1.0 / CHANNEL_MAX);
    for (channel, source) in pixel.iter_mut().zip(source) {
        // `as u8` saturates, which also clamps interpolation overshoot.
        *channel = (source + f32::from(*channel) * keep + 0.5) as u8;
    }
}

/// `x.floor() as i64` without a libm call (baseline x86-64 has no rounding instruction).
/// Saturates like `as` for values outside `i64`; NaN gives 0.
#[inline]
fn floor_to_i64(x: f32) -> i64 {
    let truncated = x as i64;
    truncated - i64::from((truncated as f32) > x)
}

/// `x.round() as i64` (halves away from zero) without a libm call.
#[inline]
fn round_to_i64(x: f32) -> i64 {
    (x + 0.5f32.copysign(x)) as i64
}

/// Samples `texture` at texel-space coordinates (`u * width`, `v * height`), returning a
/// premultiplied colour in 0..=255. Bilinear filtering weighs the four nearest texel centres.
#[inline]
fn sample(texture: &Texture, u: f32, v: f32, filter: TextureFilter) -> [f32; 4] {
    let [width, height] = texture.size;
    if width == 0 || height == 0 {
        return [0.0; 4];
    }
    let mode = texture.options.wrap_mode;
    let fetch = |x: i64, y: i64| {
        let index = wrap(y, height, mode) * width + wrap(x, width, mode);
        texture
            .texels
            .get(index)
            .map_or([0.0; 4], |t| t.map(f32::from))
    };
    match filter {
        TextureFilter::Nearest => fetch(floor_to_i64(u), floor_to_i64(v)),
        TextureFilter::Linear => {
            let (x, y) = (u - 0.5, v - 0.5);
            let (x0, y0) = (floor_to_i64(x), floor_to_i64(y));
            let (fx, fy) = (x - x0 as f32, y - y0 as f32);
            let top_left = fetch(x0, y0);
            let top_right = fetch(x0 + 1, y0);
            let bottom_left = fetch(x0, y0 + 1);
            let bottom_right = fetch(x0 + 1, y0 + 1);
            std::array::from_fn(|i| {
                let top = top_left[i] + (top_right[i] - top_left[i]) * fx;
                let bottom = bottom_left[i] + (bottom_right[i] - bottom_left[i]) * fx;
                top + (bottom - top) * fy
            })
        }
    }
}

/// Maps a texel index onto `0..len` according to the wrap mode.
#[inline]
fn wrap(index: i64, len: usize, mode: TextureWrapMode) -> usize {
    let len = len as i64;
    let wrapped = match mode {
        TextureWrapMode::ClampToEdge => index.clamp(0, len - 1),
        TextureWrapMode::Repeat => index.rem_euclid(len),
        TextureWrapMode::MirroredRepeat => {
            let phase = index.rem_euclid(2 * len);
            if phase < len {
                phase
            } else {
                2 * len - 1 - phase
            }
        }
    };
    wrapped as usize
}

// ----------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{ColorImage, PaintCallback, WHITE_UV};
    use egui::{Pos2, pos2};
    use std::sync::Arc;

    const WHITE_TEXTURE: TextureId = TextureId::Managed(0);
    const IMAGE_TEXTURE: TextureId = TextureId::User(7);
    /// Allowed difference from a reference value: one 8-bit step.
    const TOLERANCE: i32 = 1;

    fn white_store() -> TextureStore {
        let mut store = TextureStore::new();
        let mut delta = TexturesDelta::default();
        delta.push(
            WHITE_TEXTURE,
            ImageDelta::full(
                ColorImage::filled([1, 1], Color32::WHITE),
                TextureOptions::LINEAR,
            ),
        );
        store.apply(delta).expect("valid delta");
        store
    }

    fn full_clip() -> Rect {
        Rect::EVERYTHING
    }

    fn mesh_prim(mesh: Mesh, clip_rect: Rect) -> ClippedPrimitive {
        ClippedPrimitive {
            clip_rect,
            primitive: Primitive::Mesh(mesh),
        }
    }

    fn rect_mesh(rect: Rect, colour: Color32) -> Mesh {
        let mut mesh = Mesh::with_texture(WHITE_TEXTURE);
        mesh.add_colored_rect(rect, colour);
        mesh
    }

    fn near(actual: [u8; 4], expected: [u8; 4]) -> bool {
        actual
            .iter()
            .zip(expected)
            .all(|(&a, e)| (i32::from(a) - i32::from(e)).abs() <= TOLERANCE)
    }

    /// Pixels of `image` that equal `colour`, as a list of coordinates.
    fn pixels_equal(image: &RgbaImage, colour: [u8; 4]) -> Vec<(u32, u32)> {
        let mut found = Vec::new();
        for y in 0..image.height {
            for x in 0..image.width {
                if image.pixel(x, y) == Some(colour) {
                    found.push((x, y));
                }
            }
        }
        found
    }

    fn expected_block(x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> Vec<(u32, u32)> {
        y.flat_map(|y| x.clone().map(move |x| (x, y))).collect()
    }

    #[test]
    fn solid_rect_covers_exactly_its_pixels() {
        let store = white_store();
        let red = Color32::from_rgb(200, 10, 20);
        let rect = Rect::from_min_max(pos2(2.0, 3.0), pos2(7.0, 9.0));
        let prims = [mesh_prim(rect_mesh(rect, red), full_clip())];

        let image = rasterize(&prims, &store, 16, 16, 1.0, Color32::BLACK);
        assert_eq!(
            pixels_equal(&image, red.to_array()),
            expected_block(2..7, 3..9)
        );

        let image = rasterize(&prims, &store, 32, 32, 2.0, Color32::BLACK);
        assert_eq!(
            pixels_equal(&image, red.to_array()),
            expected_block(4..14, 6..18)
        );

        // Pixel centres decide: x 2.4..7.6 holds centres 2.5..=7.5, y 3.6..9.4 holds 4.5..=8.5.
        let rect = Rect::from_min_max(pos2(2.4, 3.6), pos2(7.6, 9.4));
        let prims = [mesh_prim(rect_mesh(rect, red), full_clip())];
        let image = rasterize(&prims, &store, 16, 16, 1.0, Color32::BLACK);
        assert_eq!(
            pixels_equal(&image, red.to_array()),
            expected_block(2..8, 4..9)
        );
    }

    /// Deterministic pseudo-random numbers in 0..1 for jittering test meshes.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 40) as f32 / (1u64 << 24) as f32
        }
    }

    /// A mesh tiling exactly `[0, size]²` with triangles, interior vertices jittered (or placed on
    /// pixel centres), alternating winding and diagonal direction.
    fn tiled_mesh(size: f32, cells: usize, colour: Color32, jitter: Option<&mut Lcg>) -> Mesh {
        let step = size / cells as f32;
        let mut mesh = Mesh::with_texture(WHITE_TEXTURE);
        let mut jitter = jitter;
        for row in 0..=cells {
            for col in 0..=cells {
                let mut x = col as f32 * step;
                let mut y = row as f32 * step;
                let interior = |i: usize| i > 0 && i < cells;
                if let Some(rng) = jitter.as_deref_mut() {
                    if interior(col) {
                        x += (rng.next() - 0.5) * step * 0.8;
                    }
                    if interior(row) {
                        y += (rng.next() - 0.5) * step * 0.8;
                    }
                }
                mesh.vertices.push(Vertex {
                    pos: pos2(x, y),
                    uv: WHITE_UV,
                    color: colour,
                });
            }
        }
        let index = |row: usize, col: usize| (row * (cells + 1) + col) as u32;
        for row in 0..cells {
            for col in 0..cells {
                let (a, b) = (index(row, col), index(row, col + 1));
                let (c, d) = (index(row + 1, col), index(row + 1, col + 1));
                let triangles = if (row + col) % 2 == 0 {
                    [[a, b, d], [a, c, d]]
                } else {
                    [[a, b, c], [b, d, c]]
                };
                for triangle in triangles {
                    mesh.indices.extend(triangle);
                }
            }
        }
        mesh
    }

    #[test]
    fn adjacent_triangles_have_no_seam_or_double_blend() {
        let store = white_store();
        let translucent = Color32::from_rgba_premultiplied(100, 0, 0, 128);
        let background = Color32::WHITE;
        // One blend: 100 + 255 * 127/255 = 227, 0 + 127 = 127. Two blends would give g = 63.
        let once = [227, 127, 127, 255];

        let size = 48.0;
        let mut rng = Lcg(1985);
        let meshes = [
            // Grid lines at 6 px and 4.5 px: edges run exactly through pixel centres.
            tiled_mesh(size, 8, translucent, None),
            tiled_mesh(size, 10, translucent, None),
            tiled_mesh(size, 13, translucent, Some(&mut rng)),
            tiled_mesh(size, 31, translucent, Some(&mut rng)),
        ];
        for (n, mesh) in meshes.into_iter().enumerate() {
            let prims = [mesh_prim(mesh, full_clip())];
            let image = rasterize(&prims, &store, 48, 48, 1.0, background);
            for y in 0..48 {
                for x in 0..48 {
                    let pixel = image.pixel(x, y).expect("inside image");
                    assert!(
                        near(pixel, once),
                        "mesh {n}: pixel ({x}, {y}) = {pixel:?}, expected {once:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn fan_around_pixel_centre_blends_each_pixel_once() {
        // Many triangles meeting at a vertex that sits exactly on a pixel centre.
        let store = white_store();
        let translucent = Color32::from_rgba_premultiplied(0, 0, 100, 128);
        let centre = pos2(10.5, 10.5);
        let rim: Vec<Pos2> = (0..12)
            .map(|i| {
                let angle = i as f32 * std::f32::consts::TAU / 12.0;
                centre + 9.0 * egui::vec2(angle.cos(), angle.sin())
            })
            .collect();
        let mut mesh = Mesh::with_texture(WHITE_TEXTURE);
        mesh.colored_vertex(centre, translucent);
        for point in &rim {
            mesh.colored_vertex(*point, translucent);
        }
        for i in 0..12u32 {
            mesh.add_triangle(0, 1 + i, 1 + (i + 1) % 12);
        }
        let prims = [mesh_prim(mesh, full_clip())];
        let image = rasterize(&prims, &store, 21, 21, 1.0, Color32::WHITE);
        let once = [127, 127, 227, 255];
        for (x, y) in [(10, 10), (10, 5), (15, 10), (6, 14), (10, 11), (11, 10)] {
            let pixel = image.pixel(x, y).expect("inside image");
            assert!(near(pixel, once), "({x}, {y}) = {pixel:?}");
        }
    }

    #[test]
    fn clip_rect_is_respected() {
        let store = white_store();
        let green = Color32::from_rgb(0, 180, 0);
        let everything = Rect::from_min_max(pos2(-100.0, -100.0), pos2(100.0, 100.0));
        // At 2 px per point the clip rect spans pixels 3.4→3 .. 10.6→11 and 5.0 .. 14.0.
        let clip = Rect::from_min_max(pos2(1.7, 2.5), pos2(5.3, 7.0));
        let prims = [mesh_prim(rect_mesh(everything, green), clip)];
        let image = rasterize(&prims, &store, 20, 20, 2.0, Color32::BLACK);
        assert_eq!(
            pixels_equal(&image, green.to_array()),
            expected_block(3..11, 5..14)
        );
    }

    #[test]
    fn huge_triangles_are_clipped_without_losing_coverage() {
        let store = white_store();
        let blue = Color32::from_rgb(10, 20, 250);
        // A timeline bar zoomed in so far that its ends are millions of pixels away.
        let rect = Rect::from_min_max(pos2(-3.0e6, 4.0), pos2(5.0e6, 8.0));
        let prims = [mesh_prim(rect_mesh(rect, blue), full_clip())];
        let image = rasterize(&prims, &store, 32, 16, 1.0, Color32::BLACK);
        assert_eq!(
            pixels_equal(&image, blue.to_array()),
            expected_block(0..32, 4..8)
        );

        // Translucent: the diagonal shared by the two clipped triangles crosses the whole image
        // and must neither double-blend nor leave a gap.
        let rect = Rect::from_center_size(pos2(16.5, 8.5), egui::vec2(8.0e6, 6.0e6));
        let translucent = Color32::from_rgba_premultiplied(100, 0, 0, 128);
        let prims = [mesh_prim(rect_mesh(rect, translucent), full_clip())];
        let image = rasterize(&prims, &store, 32, 16, 1.0, Color32::WHITE);
        assert_eq!(
            pixels_equal(&image, [227, 127, 127, 255]),
            expected_block(0..32, 0..16)
        );
    }

    #[test]
    fn malformed_geometry_and_callbacks_are_skipped() {
        let store = white_store();
        let mut mesh = rect_mesh(
            Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 4.0)),
            Color32::RED,
        );
        mesh.indices.extend([0, 1, 99]); // index out of range
        mesh.colored_vertex(pos2(f32::NAN, 1.0), Color32::RED);
        let nan = (mesh.vertices.len() - 1) as u32;
        mesh.indices.extend([0, 1, nan]);
        let callback = ClippedPrimitive {
            clip_rect: full_clip(),
            primitive: Primitive::Callback(PaintCallback {
                rect: full_clip(),
                callback: Arc::new(()),
            }),
        };
        let missing_texture = Mesh::with_texture(TextureId::User(404));
        let prims = [
            mesh_prim(mesh, full_clip()),
            callback,
            mesh_prim(missing_texture, full_clip()),
        ];
        let image = rasterize(&prims, &store, 8, 8, 1.0, Color32::BLACK);
        assert_eq!(
            pixels_equal(&image, [255, 0, 0, 255]),
            expected_block(0..4, 0..4)
        );
    }

    fn quad_with_texture(rect: Rect, texture: TextureId) -> Mesh {
        let mut mesh = Mesh::with_texture(texture);
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        mesh.add_rect_with_uv(rect, uv, Color32::WHITE);
        mesh
    }

    fn checker_store(options: TextureOptions) -> TextureStore {
        let texels = vec![
            Color32::from_rgb(255, 0, 0),
            Color32::from_rgb(0, 255, 0),
            Color32::from_rgb(0, 0, 255),
            Color32::from_rgb(255, 255, 255),
        ];
        let mut store = TextureStore::new();
        let mut delta = TexturesDelta::default();
        delta.push(
            IMAGE_TEXTURE,
            ImageDelta::full(ColorImage::new([2, 2], texels), options),
        );
        store.apply(delta).expect("valid delta");
        store
    }

    #[test]
    fn samples_small_texture_nearest_and_bilinear() {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(8.0, 8.0));
        let prims = [mesh_prim(
            quad_with_texture(rect, IMAGE_TEXTURE),
            full_clip(),
        )];

        let store = checker_store(TextureOptions::NEAREST);
        let image = rasterize(&prims, &store, 8, 8, 1.0, Color32::BLACK);
        for (x, y, expected) in [
            (0, 0, [255, 0, 0, 255]),
            (3, 3, [255, 0, 0, 255]),
            (4, 0, [0, 255, 0, 255]),
            (7, 3, [0, 255, 0, 255]),
            (0, 4, [0, 0, 255, 255]),
            (7, 7, [255, 255, 255, 255]),
        ] {
            assert_eq!(image.pixel(x, y), Some(expected), "nearest ({x}, {y})");
        }

        // Bilinear: pixel centre x + 0.5 maps to texel coordinate (x + 0.5) / 4 - 0.5.
        let store = checker_store(TextureOptions::LINEAR);
        let image = rasterize(&prims, &store, 8, 8, 1.0, Color32::BLACK);
        let lerp = |a: f32, b: f32, t: f32| a + (b - a) * t;
        for x in 0..8u32 {
            let t = ((x as f32 + 0.5) / 4.0 - 0.5).clamp(0.0, 1.0);
            // Row 0 sits at texel y -0.375, clamped to the top row: red → green.
            let expected = [
                lerp(255.0, 0.0, t).round() as u8,
                lerp(0.0, 255.0, t).round() as u8,
                0,
                255,
            ];
            let pixel = image.pixel(x, 0).expect("inside image");
            assert!(
                near(pixel, expected),
                "bilinear x {x}: {pixel:?} vs {expected:?}"
            );
        }
        // Centre pixel (3, 3): texel (0.375, 0.375) mixes all four.
        let (fx, fy) = (0.375, 0.375);
        let mix = |tl: f32, tr: f32, bl: f32, br: f32| {
            lerp(lerp(tl, tr, fx), lerp(bl, br, fx), fy).round() as u8
        };
        let expected = [
            mix(255.0, 0.0, 0.0, 255.0),
            mix(0.0, 255.0, 0.0, 255.0),
            mix(0.0, 0.0, 255.0, 255.0),
            255,
        ];
        let pixel = image.pixel(3, 3).expect("inside image");
        assert!(near(pixel, expected), "{pixel:?} vs {expected:?}");
    }

    #[test]
    fn pixel_aligned_texture_copies_texels_and_half_pixel_shift_filters() {
        // Glyph-like use: a 4×4 texture drawn 1:1 with texel centres on pixel centres.
        let texel = |x: usize, y: usize| Color32::from_rgb(x as u8 * 60, y as u8 * 60, 100);
        let texels = (0..16).map(|i| texel(i % 4, i / 4)).collect();
        let mut store = TextureStore::new();
        let mut delta = TexturesDelta::default();
        delta.push(
            IMAGE_TEXTURE,
            ImageDelta::full(ColorImage::new([4, 4], texels), TextureOptions::LINEAR),
        );
        store.apply(delta).expect("valid delta");

        let aligned = Rect::from_min_size(pos2(2.0, 3.0), egui::vec2(4.0, 4.0));
        let prims = [mesh_prim(
            quad_with_texture(aligned, IMAGE_TEXTURE),
            full_clip(),
        )];
        let image = rasterize(&prims, &store, 10, 10, 1.0, Color32::BLACK);
        for y in 0..4 {
            for x in 0..4 {
                let pixel = image.pixel(2 + x as u32, 3 + y as u32);
                assert_eq!(pixel, Some(texel(x, y).to_array()), "texel ({x}, {y})");
            }
        }

        // Shifted half a pixel right: each pixel centre falls halfway between two texels.
        let shifted = aligned.translate(egui::vec2(0.5, 0.0));
        let prims = [mesh_prim(
            quad_with_texture(shifted, IMAGE_TEXTURE),
            full_clip(),
        )];
        let image = rasterize(&prims, &store, 10, 10, 1.0, Color32::BLACK);
        for x in 1..4u32 {
            let pixel = image.pixel(2 + x, 4).expect("inside image");
            let red = (f32::from(x as u8 * 60) - 30.0).round() as u8;
            assert!(near(pixel, [red, 60, 100, 255]), "x {x}: {pixel:?}");
        }
    }

    #[test]
    fn alpha_blending_matches_premultiplied_over() {
        let store = white_store();
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 4.0));
        let half_red = Color32::from_rgba_unmultiplied(255, 0, 0, 128);
        let quarter_green = Color32::from_rgba_unmultiplied(0, 255, 0, 64);

        // Over opaque blue: (128, 0, 0, 128) + (0, 0, 255, 255) * 127/255.
        let prims = [mesh_prim(rect_mesh(rect, half_red), full_clip())];
        let image = rasterize(&prims, &store, 4, 4, 1.0, Color32::BLUE);
        let pixel = image.pixel(1, 1).expect("inside image");
        assert!(near(pixel, [128, 0, 127, 255]), "{pixel:?}");

        // Two layers: green (0, 64, 0, 64) over the previous result.
        let prims = [
            mesh_prim(rect_mesh(rect, half_red), full_clip()),
            mesh_prim(rect_mesh(rect, quarter_green), full_clip()),
        ];
        let image = rasterize(&prims, &store, 4, 4, 1.0, Color32::BLUE);
        let keep: f32 = 1.0 - 64.0 / 255.0;
        let expected = [
            (128.0 * keep).round() as u8,
            64,
            (127.0 * keep).round() as u8,
            255,
        ];
        let pixel = image.pixel(2, 2).expect("inside image");
        assert!(near(pixel, expected), "{pixel:?} vs {expected:?}");

        // Over transparent: the output is straight alpha again.
        let prims = [mesh_prim(rect_mesh(rect, half_red), full_clip())];
        let image = rasterize(&prims, &store, 4, 4, 1.0, Color32::TRANSPARENT);
        let pixel = image.pixel(0, 3).expect("inside image");
        assert!(near(pixel, [255, 0, 0, 128]), "{pixel:?}");
        assert_eq!(image.pixels.len(), 4 * 4 * 4);
    }

    #[test]
    fn vertex_colours_interpolate_across_triangle() {
        let store = white_store();
        let mut mesh = Mesh::with_texture(WHITE_TEXTURE);
        mesh.colored_vertex(pos2(0.0, 0.0), Color32::BLACK);
        mesh.colored_vertex(pos2(10.0, 0.0), Color32::WHITE);
        mesh.colored_vertex(pos2(10.0, 10.0), Color32::WHITE);
        mesh.colored_vertex(pos2(0.0, 10.0), Color32::BLACK);
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(0, 2, 3);
        let prims = [mesh_prim(mesh, full_clip())];
        let image = rasterize(&prims, &store, 10, 10, 1.0, Color32::RED);
        for x in 0..10u32 {
            let grey = ((x as f32 + 0.5) / 10.0 * 255.0).round() as u8;
            let pixel = image.pixel(x, 5).expect("inside image");
            assert!(near(pixel, [grey, grey, grey, 255]), "x {x}: {pixel:?}");
        }
    }

    #[test]
    fn partial_texture_updates_patch_the_texture() {
        let mut store = checker_store(TextureOptions::NEAREST);
        let id = IMAGE_TEXTURE;

        let mut delta = TexturesDelta::default();
        delta.push(
            id,
            ImageDelta::full(
                ColorImage::filled([4, 3], Color32::RED),
                TextureOptions::NEAREST,
            ),
        );
        delta.push(
            id,
            ImageDelta::partial(
                [1, 2],
                ColorImage::filled([2, 1], Color32::GREEN),
                TextureOptions::NEAREST,
            ),
        );
        store.apply(delta).expect("valid delta");
        assert_eq!(store.size(id), Some([4, 3]));
        assert_eq!(store.texel(id, 0, 2), Some(Color32::RED.to_array()));
        assert_eq!(store.texel(id, 1, 2), Some(Color32::GREEN.to_array()));
        assert_eq!(store.texel(id, 2, 2), Some(Color32::GREEN.to_array()));
        assert_eq!(store.texel(id, 3, 2), Some(Color32::RED.to_array()));
        assert_eq!(store.texel(id, 1, 1), Some(Color32::RED.to_array()));

        // A later frame patches again; premultiplied texels are kept as given.
        let translucent = Color32::from_rgba_unmultiplied(0, 0, 255, 128);
        let mut delta = TexturesDelta::default();
        delta.push(
            id,
            ImageDelta::partial(
                [3, 0],
                ColorImage::filled([1, 1], translucent),
                TextureOptions::NEAREST,
            ),
        );
        store.apply(delta).expect("valid delta");
        assert_eq!(store.texel(id, 3, 0), Some(translucent.to_array()));

        // The patched texel shows up when drawn: the texture's right column, top row.
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(4.0, 3.0));
        let prims = [mesh_prim(quad_with_texture(rect, id), full_clip())];
        let image = rasterize(&prims, &store, 4, 3, 1.0, Color32::BLACK);
        assert_eq!(image.pixel(3, 0), Some([0, 0, 128, 255]));
        assert_eq!(image.pixel(1, 2), Some([0, 255, 0, 255]));

        // Bad patches are reported and leave the store as it was.
        let mut delta = TexturesDelta::default();
        delta.push(
            id,
            ImageDelta::partial(
                [3, 2],
                ColorImage::filled([2, 1], Color32::BLUE),
                TextureOptions::NEAREST,
            ),
        );
        delta.push(
            TextureId::User(99),
            ImageDelta::partial(
                [0, 0],
                ColorImage::filled([1, 1], Color32::BLUE),
                TextureOptions::NEAREST,
            ),
        );
        assert!(store.apply(delta).is_err());
        assert_eq!(store.texel(id, 3, 2), Some(Color32::RED.to_array()));
        assert_eq!(store.size(TextureId::User(99)), None);

        // Freeing removes the texture.
        let mut delta = TexturesDelta::default();
        delta.free(id);
        store.apply(delta).expect("valid delta");
        assert_eq!(store.size(id), None);
        assert!(store.is_empty());
    }

    #[test]
    fn png_round_trip_header() {
        let image = RgbaImage {
            width: 3,
            height: 2,
            pixels: vec![200; 3 * 2 * 4],
        };
        let mut bytes = Vec::new();
        image.write_png(&mut bytes).expect("encodes");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");

        let short = RgbaImage {
            width: 3,
            height: 2,
            pixels: vec![0; 5],
        };
        assert!(short.write_png(Vec::new()).is_err());
    }
}
