//! Colours and sizes as data: the light, dark and presentation themes, and the colour-blind-safe
//! lane palette. Paint and UI code take every colour and size from here; nothing else holds a
//! colour literal.

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeKind {
    Light,
    Dark,
    Presentation,
}

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
    /// Labels are cut (with "…") to at most this width.
    pub max_label_width: f32,
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
    pub palette: [Color32; 8],
    pub card_fill: Color32,
    pub card_stroke: Color32,
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
            match_ring: Color32::from_rgb(0xE6, 0x9F, 0x00),
            dim_factor: 0.22,
            vague_factor: 0.28,
            label_halo: Color32::from_rgba_unmultiplied(0xFB, 0xFB, 0xFA, 0xD0),
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
            palette,
            card_fill: Color32::from_rgb(0x24, 0x27, 0x2D),
            card_stroke: Color32::from_rgb(0x44, 0x48, 0x50),
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
        t.label_halo = Color32::from_rgba_unmultiplied(0x0B, 0x0C, 0x0E, 0xE0);
        t.card_fill = Color32::from_rgb(0x1A, 0x1C, 0x21);
        t
    }

    pub fn for_choice(choice: ThemeChoice, system_dark: bool) -> Self {
        match choice {
            ThemeChoice::Light => Theme::light(),
            ThemeChoice::Dark => Theme::dark(),
            ThemeChoice::System if system_dark => Theme::dark(),
            ThemeChoice::System => Theme::light(),
        }
    }

    pub fn is_dark(&self) -> bool {
        self.kind != ThemeKind::Light
    }

    /// egui's own widget visuals matching this theme.
    pub fn visuals(&self) -> egui::Visuals {
        let mut v = if self.is_dark() {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        v.panel_fill = if self.is_dark() {
            self.lane_band[1]
        } else {
            Color32::from_rgb(0xF4, 0xF5, 0xF7)
        };
        v
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
            max_label_width: 260.0,
        }
    }

    pub fn presentation() -> Self {
        Metrics {
            axis_height: 64.0,
            lane_header_height: 30.0,
            row_height: 32.0,
            strip_height: 14.0,
            lane_gap: 4.0,
            marker_radius: 8.0,
            label_font_size: 22.0,
            axis_font_size: 19.0,
            header_font_size: 20.0,
            label_gap: 16.0,
            max_label_width: 420.0,
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

    #[test]
    fn lanes_without_colour_take_the_palette_in_turn() {
        let t = Theme::light();
        assert_eq!(t.lane_color(1, None), OKABE_ITO[1]);
        assert_eq!(t.lane_color(9, None), OKABE_ITO[1]);
        assert_eq!(t.lane_color(0, Some("#000000")), Color32::BLACK);
    }
}
