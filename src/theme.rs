//! Colours and sizes as data: the light, dark, high-contrast and presentation themes, the
//! colour-blind-safe lane palette, and the WCAG contrast arithmetic that keeps every pair legible
//! (`contrast_ratio`, `legible`, and `Theme::contrast_pairs`, which the tests check). Paint and
//! UI code take every colour and size from here; nothing else holds a colour literal.

use egui::Color32;

/// Okabe–Ito palette: distinguishable under the common colour-vision deficiencies.
pub const OKABE_ITO: [Color32; 8] = [
    Color32::from_rgb(0x00, 0x72, 0xB2), // blue
    Color32::from_rgb(0xD5, 0x5E, 0x00), // vermillion
    Color32::from_rgb(0x00, 0x9E, 0x73), // bluish green
    Color32::from_rgb(0xCC, 0x79, 0xA7), // reddish purple
    Color32::from_rgb(0xE6, 0x9F, 0x00), // orange
    Color32::from_rgb(0x56, 0xB4, 0xE9), // sky blue
    Color32::from_rgb(0xF0, 0xE4, 0x42), // yellow
    Color32::from_rgb(0x00, 0x00, 0x00), // black (swapped for grey on dark themes)
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system's light/dark setting.
    #[default]
    System,
    Light,
    Dark,
    /// Black on white at 7 : 1 or more, with thicker marks: for washed-out projectors.
    HighContrast,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 4] = [
        ThemeChoice::System,
        ThemeChoice::Light,
        ThemeChoice::Dark,
        ThemeChoice::HighContrast,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::HighContrast => "High contrast",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeKind {
    Light,
    Dark,
    HighContrast,
    Presentation,
    /// The high-contrast colours at presentation sizes.
    HighContrastPresentation,
}

/// WCAG AA: normal text needs 4.5 : 1 against its background.
pub const AA_TEXT: f32 = 4.5;
/// WCAG AA for large text, and WCAG 2.1 (1.4.11) for marks and controls: 3 : 1.
pub const AA_GRAPHICS: f32 = 3.0;
/// WCAG AAA for text, which the high-contrast theme meets everywhere: 7 : 1.
pub const AAA_TEXT: f32 = 7.0;

/// Sizes in points that layout needs (pure numbers, shared with `layout`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// Height of the two-row time axis at the top of the canvas.
    pub axis_height: f32,
    /// Height of a lane's header line (its name).
    pub lane_header_height: f32,
    /// Height of one row of labelled events within a lane.
    pub row_height: f32,
    /// Height of the strip at the bottom of a lane where unlabelled events and density show.
    pub strip_height: f32,
    /// Gap between lanes.
    pub lane_gap: f32,
    pub marker_radius: f32,
    pub label_font_size: f32,
    pub axis_font_size: f32,
    pub header_font_size: f32,
    /// Horizontal space kept free after a label before the next one in the row.
    pub label_gap: f32,
    /// Stroke widths (rings, outlines, range bars) are multiplied by this: 1 normally, more in
    /// the high-contrast theme so marks survive a washed-out projector.
    pub line_scale: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub kind: ThemeKind,
    pub metrics: Metrics,
    pub background: Color32,
    pub lane_band: [Color32; 2],
    pub text: Color32,
    pub text_weak: Color32,
    pub axis_line: Color32,
    pub grid_line: Color32,
    pub era_fill: Color32,
    pub era_text: Color32,
    pub today: Color32,
    pub selection: Color32,
    pub match_ring: Color32,
    /// Alpha multiplier for events that do not match the current search.
    pub dim_factor: f32,
    /// Alpha multiplier for the faded span of a year- or month-precision date.
    pub vague_factor: f32,
    pub label_halo: Color32,
    /// Labels of events that do not match the current search: weaker than `text`, still
    /// readable (4.5 : 1 on the halo).
    pub text_dimmed: Color32,
    pub palette: [Color32; 8],
    pub card_fill: Color32,
    pub card_stroke: Color32,
    /// Side panels and bars around the canvas.
    pub panel_fill: Color32,
    /// Links (sources) in panels.
    pub link: Color32,
    /// Edges of checkboxes, radio buttons, text fields and buttons at rest.
    pub control_outline: Color32,
    /// Background of an error banner (its text is `text`).
    pub banner_error_fill: Color32,
    /// Background of a warning or notice banner (its text is `text`).
    pub banner_warn_fill: Color32,
}

impl Theme {
    pub fn light() -> Self {
        Theme {
            kind: ThemeKind::Light,
            metrics: Metrics::standard(),
            background: Color32::from_rgb(0xFB, 0xFB, 0xFA),
            lane_band: [
                Color32::from_rgb(0xFB, 0xFB, 0xFA),
                Color32::from_rgb(0xF1, 0xF2, 0xF4),
            ],
            text: Color32::from_rgb(0x1A, 0x1C, 0x20),
            text_weak: Color32::from_rgb(0x5C, 0x62, 0x6B),
            axis_line: Color32::from_rgb(0x9A, 0xA0, 0xA8),
            grid_line: Color32::from_rgba_unmultiplied(0x40, 0x48, 0x58, 0x22),
            era_fill: Color32::from_rgba_unmultiplied(0x80, 0x88, 0x99, 0x1C),
            era_text: Color32::from_rgb(0x4A, 0x50, 0x5A),
            today: Color32::from_rgb(0xC0, 0x26, 0x26),
            selection: Color32::from_rgb(0x10, 0x10, 0x10),
            // Okabe–Ito orange darkened to 3 : 1 on the lane bands; still apart from the black
            // selection ring.
            match_ring: Color32::from_rgb(0xA8, 0x62, 0x00),
            dim_factor: 0.22,
            vague_factor: 0.28,
            label_halo: Color32::from_rgba_unmultiplied(0xFB, 0xFB, 0xFA, 0xD0),
            text_dimmed: Color32::from_rgb(0x6A, 0x6F, 0x77),
            // Okabe–Ito's yellow is hard to see on a light background: it goes last.
            palette: [
                OKABE_ITO[0],
                OKABE_ITO[1],
                OKABE_ITO[2],
                OKABE_ITO[3],
                OKABE_ITO[4],
                OKABE_ITO[5],
                OKABE_ITO[7],
                OKABE_ITO[6],
            ],
            card_fill: Color32::from_rgb(0xFF, 0xFF, 0xFF),
            card_stroke: Color32::from_rgb(0xC8, 0xCC, 0xD2),
            panel_fill: Color32::from_rgb(0xF4, 0xF5, 0xF7),
            link: Color32::from_rgb(0x00, 0x5A, 0xB5),
            control_outline: Color32::from_rgb(0x80, 0x86, 0x8F),
            banner_error_fill: Color32::from_rgb(0xFB, 0xE0, 0xDE),
            banner_warn_fill: Color32::from_rgb(0xFC, 0xEF, 0xD0),
        }
    }

    pub fn dark() -> Self {
        let mut palette = OKABE_ITO;
        palette[0] = Color32::from_rgb(0x3A, 0x9B, 0xDC); // lifted blue: readable on dark
        palette[7] = Color32::from_rgb(0xBB, 0xBB, 0xBB);
        Theme {
            kind: ThemeKind::Dark,
            metrics: Metrics::standard(),
            background: Color32::from_rgb(0x17, 0x19, 0x1D),
            lane_band: [
                Color32::from_rgb(0x17, 0x19, 0x1D),
                Color32::from_rgb(0x1F, 0x22, 0x27),
            ],
            text: Color32::from_rgb(0xE8, 0xEA, 0xED),
            text_weak: Color32::from_rgb(0xA0, 0xA6, 0xAE),
            axis_line: Color32::from_rgb(0x6A, 0x70, 0x78),
            grid_line: Color32::from_rgba_unmultiplied(0xC0, 0xC8, 0xD8, 0x1C),
            era_fill: Color32::from_rgba_unmultiplied(0xA0, 0xB0, 0xC8, 0x16),
            era_text: Color32::from_rgb(0xB8, 0xBE, 0xC6),
            today: Color32::from_rgb(0xFF, 0x6B, 0x6B),
            selection: Color32::from_rgb(0xFF, 0xFF, 0xFF),
            match_ring: Color32::from_rgb(0xF0, 0xE4, 0x42),
            dim_factor: 0.25,
            vague_factor: 0.32,
            label_halo: Color32::from_rgba_unmultiplied(0x17, 0x19, 0x1D, 0xD0),
            text_dimmed: Color32::from_rgb(0x8E, 0x94, 0x9C),
            palette,
            card_fill: Color32::from_rgb(0x24, 0x27, 0x2D),
            card_stroke: Color32::from_rgb(0x44, 0x48, 0x50),
            panel_fill: Color32::from_rgb(0x1F, 0x22, 0x27),
            link: Color32::from_rgb(0x7C, 0xBD, 0xFF),
            control_outline: Color32::from_rgb(0x7A, 0x80, 0x89),
            banner_error_fill: Color32::from_rgb(0x4A, 0x1E, 0x1E),
            banner_warn_fill: Color32::from_rgb(0x45, 0x36, 0x12),
        }
    }

    /// Black on white, every text pair at 7 : 1 or more and every mark at 4.5 : 1, with larger
    /// markers and thicker strokes: for projectors that wash colours out.
    pub fn high_contrast() -> Self {
        Theme {
            kind: ThemeKind::HighContrast,
            metrics: Metrics::standard().high_contrast(),
            background: Color32::WHITE,
            lane_band: [Color32::WHITE, Color32::from_rgb(0xF0, 0xF0, 0xF0)],
            text: Color32::BLACK,
            text_weak: Color32::from_rgb(0x33, 0x33, 0x33),
            axis_line: Color32::from_rgb(0x33, 0x33, 0x33),
            grid_line: Color32::from_rgba_unmultiplied(0x00, 0x00, 0x00, 0x40),
            era_fill: Color32::from_rgba_unmultiplied(0x00, 0x00, 0x00, 0x14),
            era_text: Color32::BLACK,
            today: Color32::from_rgb(0xA0, 0x00, 0x00),
            selection: Color32::BLACK,
            match_ring: Color32::from_rgb(0x8A, 0x3C, 0x00),
            dim_factor: 0.3,
            vague_factor: 0.35,
            label_halo: Color32::from_rgba_unmultiplied(0xFF, 0xFF, 0xFF, 0xF0),
            text_dimmed: Color32::from_rgb(0x4D, 0x4D, 0x4D),
            // Okabe–Ito hues, each darkened to at least 4.5 : 1 on white.
            palette: [
                Color32::from_rgb(0x00, 0x5A, 0x8C),
                Color32::from_rgb(0xA8, 0x40, 0x00),
                Color32::from_rgb(0x00, 0x6B, 0x4E),
                Color32::from_rgb(0x9E, 0x3A, 0x78),
                Color32::from_rgb(0x85, 0x5A, 0x00),
                Color32::from_rgb(0x1F, 0x5F, 0x99),
                Color32::from_rgb(0x66, 0x5E, 0x00),
                Color32::BLACK,
            ],
            card_fill: Color32::WHITE,
            card_stroke: Color32::BLACK,
            panel_fill: Color32::WHITE,
            link: Color32::from_rgb(0x00, 0x3D, 0x99),
            control_outline: Color32::from_rgb(0x33, 0x33, 0x33),
            banner_error_fill: Color32::from_rgb(0xFF, 0xE5, 0xE5),
            banner_warn_fill: Color32::from_rgb(0xFF, 0xF3, 0xCC),
        }
    }

    /// Large type and high contrast for a projector at the back of a room.
    pub fn presentation() -> Self {
        let mut t = Theme::dark();
        t.kind = ThemeKind::Presentation;
        t.metrics = Metrics::presentation();
        t.background = Color32::from_rgb(0x0B, 0x0C, 0x0E);
        t.lane_band = [
            Color32::from_rgb(0x0B, 0x0C, 0x0E),
            Color32::from_rgb(0x14, 0x16, 0x1A),
        ];
        t.text = Color32::WHITE;
        t.text_weak = Color32::from_rgb(0xC8, 0xCC, 0xD2);
        t.text_dimmed = Color32::from_rgb(0x9A, 0xA0, 0xA8);
        t.label_halo = Color32::from_rgba_unmultiplied(0x0B, 0x0C, 0x0E, 0xE0);
        t.card_fill = Color32::from_rgb(0x1A, 0x1C, 0x21);
        t.panel_fill = t.lane_band[1];
        t
    }

    /// The high-contrast colours at presentation sizes.
    pub fn high_contrast_presentation() -> Self {
        let mut t = Theme::high_contrast();
        t.kind = ThemeKind::HighContrastPresentation;
        t.metrics = Metrics::presentation().high_contrast();
        t
    }

    /// The presentation theme that goes with this one: high contrast stays high contrast.
    pub fn for_presentation(&self) -> Self {
        if self.is_high_contrast() {
            Theme::high_contrast_presentation()
        } else {
            Theme::presentation()
        }
    }

    pub fn for_choice(choice: ThemeChoice, system_dark: bool) -> Self {
        match choice {
            ThemeChoice::Light => Theme::light(),
            ThemeChoice::Dark => Theme::dark(),
            ThemeChoice::HighContrast => Theme::high_contrast(),
            ThemeChoice::System if system_dark => Theme::dark(),
            ThemeChoice::System => Theme::light(),
        }
    }

    pub fn is_dark(&self) -> bool {
        matches!(self.kind, ThemeKind::Dark | ThemeKind::Presentation)
    }

    pub fn is_high_contrast(&self) -> bool {
        matches!(
            self.kind,
            ThemeKind::HighContrast | ThemeKind::HighContrastPresentation
        )
    }

    /// The ratio every text pair of this theme reaches: 7 : 1 in high contrast, else 4.5 : 1.
    pub fn min_text_ratio(&self) -> f32 {
        if self.is_high_contrast() {
            AAA_TEXT
        } else {
            AA_TEXT
        }
    }

    /// The ratio every mark and control edge reaches: 4.5 : 1 in high contrast, else 3 : 1.
    pub fn min_mark_ratio(&self) -> f32 {
        if self.is_high_contrast() {
            AA_TEXT
        } else {
            AA_GRAPHICS
        }
    }

    /// egui's own widget visuals matching this theme: text, muted text, links, hints,
    /// checkboxes and text fields all take the theme's legible colours.
    pub fn visuals(&self) -> egui::Visuals {
        let mut v = if self.is_dark() {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        v.panel_fill = self.panel_fill;
        v.window_fill = self.card_fill;
        v.window_stroke.color = self.card_stroke;
        v.extreme_bg_color = self.card_fill;
        v.faint_bg_color = self.lane_band[1];
        v.weak_text_color = Some(self.text_weak);
        v.hyperlink_color = self.link;
        v.warn_fg_color = self.text;
        v.error_fg_color = self.text;
        let w = &mut v.widgets;
        w.noninteractive.bg_fill = self.panel_fill;
        w.noninteractive.weak_bg_fill = self.panel_fill;
        w.noninteractive.fg_stroke.color = self.text;
        w.inactive.fg_stroke.color = self.text;
        w.inactive.bg_stroke = egui::Stroke::new(self.metrics.line_scale, self.control_outline);
        w.inactive.bg_fill = self.card_fill;
        w.hovered.bg_fill = self.card_fill;
        w.active.bg_fill = self.card_fill;
        if self.is_high_contrast() {
            w.inactive.weak_bg_fill = Color32::WHITE;
            w.hovered.bg_stroke = egui::Stroke::new(2.0, Color32::BLACK);
            w.hovered.weak_bg_fill = Color32::from_rgb(0xE0, 0xE0, 0xE0);
            v.selection.bg_fill = Color32::from_rgb(0xFF, 0xE0, 0x66);
            v.selection.stroke = egui::Stroke::new(2.0, Color32::BLACK);
        }
        v
    }

    /// How a mark of `fill` is drawn so it stands out from the lane bands: the fill itself and
    /// the colour of the thin ring around it. Colours too light for the bands (yellow, pink, sky
    /// blue on white) get a darker shade of their own hue as the ring; the others keep the
    /// background-coloured ring that separates neighbours.
    pub fn mark_outline(&self, fill: Color32) -> Color32 {
        let worst_band = self
            .lane_band
            .iter()
            .copied()
            .min_by(|a, b| contrast_ratio(fill, *a).total_cmp(&contrast_ratio(fill, *b)))
            .unwrap_or(self.background);
        if contrast_ratio(fill, worst_band) >= self.min_mark_ratio() {
            self.background
        } else {
            self.lane_band.iter().fold(fill, |c, band| {
                legible(c, *band, self.min_mark_ratio() + 0.05)
            })
        }
    }

    /// A lane or event colour used as text on `background` (the lane name in a caption), shaded
    /// to this theme's text ratio.
    pub fn readable_color(&self, color: Color32, background: Color32) -> Color32 {
        legible(color, background, self.min_text_ratio() + 0.05)
    }

    /// Every text/background and mark/background pair this theme draws, with the ratio it must
    /// reach: `(what, foreground, background, minimum)`. Translucent colours are composited
    /// over what lies beneath them, as on screen.
    pub fn contrast_pairs(&self) -> Vec<(String, Color32, Color32, f32)> {
        let text = self.min_text_ratio();
        let mark = self.min_mark_ratio();
        let v = self.visuals();
        let mut pairs = Vec::new();
        let mut add = |what: &str, fg: Color32, bg: Color32, min: f32| {
            pairs.push((what.to_owned(), over(fg, bg), bg, min));
        };
        for (k, &band) in self.lane_band.iter().enumerate() {
            let halo = over(self.label_halo, band);
            let era = over(self.era_fill, band);
            add(
                &format!("event label on halo, band {k}"),
                self.text,
                halo,
                text,
            );
            add(
                &format!("dimmed label on halo, band {k}"),
                self.text_dimmed,
                halo,
                text,
            );
            add(
                &format!("lane name on halo, band {k}"),
                self.text,
                halo,
                text,
            );
            add(
                &format!("unlabelled count on halo, band {k}"),
                self.text_weak,
                halo,
                text,
            );
            add(
                &format!("era name on halo, band {k}"),
                self.era_text,
                over(self.label_halo, era),
                text,
            );
            add(&format!("today label, band {k}"), self.today, band, text);
            add(
                &format!("selection ring, band {k}"),
                self.selection,
                band,
                mark,
            );
            add(
                &format!("search-match ring, band {k}"),
                self.match_ring,
                band,
                mark,
            );
            add(&format!("hover ring, band {k}"), self.text_weak, band, mark);
            for (p, &color) in self.palette.iter().enumerate() {
                let edge = self.mark_outline(color);
                let best = if contrast_ratio(color, band) >= contrast_ratio(edge, band) {
                    color
                } else {
                    edge
                };
                add(
                    &format!("palette {p} mark or its outline, band {k}"),
                    best,
                    band,
                    mark,
                );
            }
        }
        let axis = self.lane_band[1];
        add("axis coarse labels", self.text, axis, text);
        add("axis fine labels", self.text_weak, axis, text);
        add("caption title", self.text, self.card_fill, text);
        add("caption description", self.text_weak, self.card_fill, text);
        for (p, &color) in self.palette.iter().enumerate() {
            let shade = self.readable_color(color, self.card_fill);
            add(
                &format!("palette {p} lane name in caption"),
                shade,
                self.card_fill,
                text,
            );
        }
        add("export title and legend", self.text, self.background, text);
        add(
            "export source footer",
            self.text_weak,
            self.background,
            text,
        );
        let panel = v.panel_fill;
        add("panel text", v.text_color(), panel, text);
        add("panel muted text", v.weak_text_color(), panel, text);
        add("panel links", v.hyperlink_color, panel, text);
        add("dialog text", v.text_color(), v.window_fill, text);
        add(
            "dialog muted text (hints)",
            v.weak_text_color(),
            v.window_fill,
            text,
        );
        add("dialog links", v.hyperlink_color, v.window_fill, text);
        add(
            "search placeholder",
            v.weak_text_color(),
            v.text_edit_bg_color(),
            text,
        );
        add(
            "typed text",
            v.widgets.inactive.fg_stroke.color,
            v.text_edit_bg_color(),
            text,
        );
        add(
            "button text",
            v.widgets.inactive.fg_stroke.color,
            v.widgets.inactive.weak_bg_fill,
            text,
        );
        add(
            "checkbox and radio edge",
            v.widgets.inactive.bg_stroke.color,
            panel,
            mark,
        );
        add(
            "text field edge",
            v.widgets.inactive.bg_stroke.color,
            panel,
            mark,
        );
        add("error banner", self.text, self.banner_error_fill, text);
        add("warning banner", self.text, self.banner_warn_fill, text);
        add(
            "banner muted text",
            self.text_weak,
            self.banner_error_fill,
            text,
        );
        add(
            "banner muted text on warning",
            self.text_weak,
            self.banner_warn_fill,
            text,
        );
        pairs
    }

    /// The colour of a lane: its own `#rrggbb` if the file gave one, else the palette.
    pub fn lane_color(&self, lane_index: usize, file_color: Option<&str>) -> Color32 {
        file_color
            .and_then(parse_hex_color)
            .unwrap_or(self.palette[lane_index % self.palette.len()])
    }
}

impl Metrics {
    pub fn standard() -> Self {
        Metrics {
            axis_height: 44.0,
            lane_header_height: 20.0,
            row_height: 20.0,
            strip_height: 10.0,
            lane_gap: 2.0,
            marker_radius: 5.0,
            label_font_size: 13.0,
            axis_font_size: 12.0,
            header_font_size: 13.0,
            label_gap: 10.0,
            line_scale: 1.0,
        }
    }

    pub fn presentation() -> Self {
        Metrics {
            axis_height: 64.0,
            lane_header_height: 26.0,
            row_height: 32.0,
            strip_height: 10.0,
            lane_gap: 2.0,
            marker_radius: 8.0,
            label_font_size: 22.0,
            axis_font_size: 19.0,
            header_font_size: 20.0,
            label_gap: 16.0,
            line_scale: 1.5,
        }
    }

    /// Larger markers and thicker strokes, for the high-contrast themes.
    pub fn high_contrast(self) -> Self {
        Metrics {
            marker_radius: self.marker_radius + 1.5,
            line_scale: self.line_scale * 1.6,
            ..self
        }
    }
}

/// `#rrggbb` or `#rgb` (the `#` optional) to a colour; anything else is `None`.
pub fn parse_hex_color(text: &str) -> Option<Color32> {
    let hex = text.trim().trim_start_matches('#');
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some(Color32::from_rgb(r * 17, g * 17, b * 17)),
        [r1, r2, g1, g2, b1, b2] => {
            Some(Color32::from_rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2))
        }
        _ => None,
    }
}

/// The colour with its alpha scaled by `factor` (premultiplied, as egui stores colours).
pub fn faded(color: Color32, factor: f32) -> Color32 {
    color.gamma_multiply(factor)
}

/// WCAG 2 relative luminance of an opaque sRGB colour.
pub fn relative_luminance(color: Color32) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A (possibly translucent, premultiplied) colour painted over an opaque background, as the
/// screen shows it (blending in sRGB bytes, as egui's painter does).
pub fn over(fg: Color32, bg: Color32) -> Color32 {
    let a = u32::from(fg.a());
    let mix = |f: u8, b: u8| (u32::from(f) + u32::from(b) * (255 - a) / 255).min(255) as u8;
    Color32::from_rgb(
        mix(fg.r(), bg.r()),
        mix(fg.g(), bg.g()),
        mix(fg.b(), bg.b()),
    )
}

/// `color` shaded towards black (on light backgrounds) or white (on dark ones) just enough to
/// reach `min_ratio` against `background`, keeping its hue. Returns `color` if it already does.
pub fn legible(color: Color32, background: Color32, min_ratio: f32) -> Color32 {
    let opaque = over(color, background);
    if contrast_ratio(opaque, background) >= min_ratio {
        return opaque;
    }
    let target = if relative_luminance(background) > 0.18 {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    // 64 small steps: the first that reaches the ratio is the least change of colour.
    (1..=64)
        .map(|k| lerp_color(opaque, target, k as f32 / 64.0))
        .find(|&c| contrast_ratio(c, background) >= min_ratio)
        .unwrap_or(target)
}

fn lerp_color(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse_and_junk_is_refused() {
        assert_eq!(parse_hex_color("#0072B2"), Some(OKABE_ITO[0]));
        assert_eq!(parse_hex_color("fff"), Some(Color32::WHITE));
        assert_eq!(parse_hex_color("#12345"), None);
        assert_eq!(parse_hex_color("red"), None);
    }

    /// Every pair every theme draws reaches its WCAG ratio; the failures are listed together.
    #[test]
    fn every_theme_pair_meets_its_contrast_ratio() {
        let themes = [
            Theme::light(),
            Theme::dark(),
            Theme::presentation(),
            Theme::high_contrast(),
            Theme::high_contrast_presentation(),
        ];
        let mut failures = Vec::new();
        for theme in &themes {
            let pairs = theme.contrast_pairs();
            assert!(pairs.len() > 40, "{:?}: {} pairs", theme.kind, pairs.len());
            for (what, fg, bg, min) in pairs {
                let ratio = contrast_ratio(fg, bg);
                if ratio < min {
                    failures.push(format!(
                        "{:?} {what}: {ratio:.2} < {min} ({fg:?} on {bg:?})",
                        theme.kind
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn wcag_ratios_match_known_values() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        // #777 on white is the classic "just fails AA" grey: 4.48.
        let grey = Color32::from_gray(0x77);
        assert!((contrast_ratio(grey, Color32::WHITE) - 4.48).abs() < 0.01);
        // egui's stock light theme: the muted text the issue measured at 2.85.
        let muted = over(
            Color32::from_gray(80).gamma_multiply(0.6),
            Color32::from_gray(248),
        );
        assert!(contrast_ratio(muted, Color32::from_gray(248)) < 3.0);
    }

    #[test]
    fn light_lane_colours_get_a_darker_outline_of_their_hue() {
        let t = Theme::light();
        let yellow = OKABE_ITO[6];
        let outline = t.mark_outline(yellow);
        assert_ne!(outline, t.background);
        for band in t.lane_band {
            assert!(contrast_ratio(outline, band) >= AA_GRAPHICS);
        }
        // Still yellow-ish: red and green above blue.
        assert!(outline.r() > outline.b() && outline.g() > outline.b());
        // A dark enough colour keeps the background-coloured ring.
        assert_eq!(t.mark_outline(OKABE_ITO[0]), t.background);
        // A file's own pale colour is treated the same way.
        let pale = Color32::from_rgb(0xFF, 0xC0, 0xCB);
        assert!(contrast_ratio(t.mark_outline(pale), t.lane_band[1]) >= AA_GRAPHICS);
    }

    #[test]
    fn legible_keeps_a_colour_that_already_reads() {
        let bg = Color32::WHITE;
        assert_eq!(legible(Color32::BLACK, bg, 4.5), Color32::BLACK);
        let orange = legible(OKABE_ITO[4], bg, 4.5);
        assert!(contrast_ratio(orange, bg) >= 4.5);
        assert!(contrast_ratio(orange, bg) < 5.5, "no darker than needed");
        let on_dark = legible(Color32::from_rgb(0x20, 0x30, 0x80), Color32::BLACK, 4.5);
        assert!(contrast_ratio(on_dark, Color32::BLACK) >= 4.5);
    }

    #[test]
    fn lanes_without_colour_take_the_palette_in_turn() {
        let t = Theme::light();
        assert_eq!(t.lane_color(1, None), OKABE_ITO[1]);
        assert_eq!(t.lane_color(9, None), OKABE_ITO[1]);
        assert_eq!(t.lane_color(0, Some("#000000")), Color32::BLACK);
    }
}
