//! `chronoscope [FILE] [--from DATE --to DATE --select ID --theme … --tz ZONE --present
//! --read-only]`: the window's start-up options, checked and turned into plain values (a date
//! range, a theme, a zone) that `main` hands to the window. Knows nothing of the window itself.

use crate::model::{Date, DisplayZone};
use crate::theme::ThemeChoice;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WindowTheme {
    System,
    Light,
    Dark,
    /// Black on white at 7 : 1, thicker marks: for washed-out projectors.
    HighContrast,
}

#[derive(Debug, Default, clap::Args)]
pub struct WindowArgs {
    /// Timeline to open (Chronoscope JSON, TimelineJS JSON or CSV). None: the built-in sample.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Show the range from this date (ISO, any precision).
    #[arg(long, value_name = "DATE", requires = "to", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// … to this date (inclusive: "2022-07" shows all of July 2022).
    #[arg(
        long,
        value_name = "DATE",
        requires = "from",
        allow_hyphen_values = true
    )]
    pub to: Option<String>,
    /// Select the event with this id and show its details.
    #[arg(long, value_name = "EVENT_ID")]
    pub select: Option<String>,
    /// Colour theme (default: follow the system; remembered between runs).
    #[arg(long, value_enum)]
    pub theme: Option<WindowTheme>,
    /// Read times in this zone: UTC, local, an offset (+05:30, -06:00) or a tz database name
    /// (America/Mexico_City). Naive dates keep their written time in it. Remembered between
    /// runs, like View ▸ Time zone.
    #[arg(long, value_name = "ZONE", value_parser = parse_zone, allow_hyphen_values = true)]
    pub tz: Option<DisplayZone>,
    /// Start in full-screen presentation mode.
    #[arg(long)]
    pub present: bool,
    /// Open for reading only: editing and saving over the file are off.
    #[arg(long)]
    pub read_only: bool,
    /// Window size in points, e.g. 1400x860.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window_size: Option<[f32; 2]>,
}

impl WindowArgs {
    /// The range asked for with `--from`/`--to` (the window reads naive dates in its zone), or
    /// a message naming the bad argument.
    pub fn date_range(&self) -> Result<Option<(Date, Date)>, String> {
        let (Some(from), Some(to)) = (&self.from, &self.to) else {
            return Ok(None);
        };
        let parse =
            |flag: &str, s: &str| Date::parse_iso(s).map_err(|e| format!("{flag} \"{s}\": {e}"));
        let (lo, hi) = (parse("--from", from)?, parse("--to", to)?);
        if hi.end_of_precision_secs() <= lo.start_secs() {
            return Err(format!("--from {from} is not before --to {to}"));
        }
        Ok(Some((lo, hi)))
    }

    /// The theme asked for with `--theme`.
    pub fn theme_choice(&self) -> Option<ThemeChoice> {
        self.theme.map(|t| match t {
            WindowTheme::System => ThemeChoice::System,
            WindowTheme::Light => ThemeChoice::Light,
            WindowTheme::Dark => ThemeChoice::Dark,
            WindowTheme::HighContrast => ThemeChoice::HighContrast,
        })
    }
}

/// `--tz` as clap reads it, for `export` too: the zone, or why it does not read.
pub fn parse_zone(text: &str) -> Result<DisplayZone, String> {
    DisplayZone::parse(text).map_err(|e| e.to_string())
}

fn parse_size(text: &str) -> Result<[f32; 2], String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("\"{text}\": expected WIDTHxHEIGHT, e.g. 1400x860"))?;
    let num = |s: &str| {
        s.trim()
            .parse::<f32>()
            .ok()
            .filter(|v| (200.0..=16_384.0).contains(v))
            .ok_or_else(|| format!("\"{text}\": expected sizes from 200 to 16384"))
    };
    Ok([num(w)?, num(h)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_sizes_and_themes_parse() {
        let args = WindowArgs {
            from: Some("2022-07".into()),
            to: Some("2022-07".into()),
            theme: Some(WindowTheme::Dark),
            ..Default::default()
        };
        let (from, to) = args.date_range().unwrap().unwrap();
        let v = crate::view::range_view(&from, &to, &DisplayZone::Utc).unwrap();
        assert_eq!(v.span_secs, 31.0 * 86_400.0);
        assert_eq!(args.theme_choice(), Some(ThemeChoice::Dark));
        assert_eq!(parse_size("1400x860"), Ok([1400.0, 860.0]));
        assert!(parse_size("big").is_err());
        let bad = WindowArgs {
            from: Some("2022-13".into()),
            to: Some("2023".into()),
            ..Default::default()
        };
        assert!(bad.date_range().unwrap_err().contains("--from \"2022-13\""));
    }
}
