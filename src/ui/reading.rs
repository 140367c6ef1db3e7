//! The "read this file as" strip: for a file whose reading involves a choice — which sheet of
//! a workbook, which order slashed dates such as 05/08/2022 take, which Timesketch column gives
//! the lanes — the choices the command line offers as `--sheet`, `--day-first`/`--month-first`
//! and `--lane-by`. Picking one reads the file again with it. Reading files is `io`'s job.

use super::commands::Command;
use crate::io::{Format, LoadOptions, SlashOrder};

/// What the open file can be read as, besides how it was read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// How the file on screen was read.
    pub options: LoadOptions,
    /// A workbook's sheets, in order (empty for other files).
    pub sheets: Vec<String>,
    /// The sheet that was read.
    pub sheet_read: Option<String>,
    /// Columns that can give lanes (Timesketch), the one in use first.
    pub lane_columns: Vec<String>,
    /// Slashed dates appear in the file (a warning named them, or an order was chosen).
    pub slashed_dates: bool,
}

impl Reading {
    /// True when there is anything to choose.
    pub fn has_choices(&self) -> bool {
        self.sheets.len() > 1 || !self.lane_columns.is_empty() || self.slashed_dates
    }

    /// What the worker found about a loaded file (`bytes` when it is a workbook): `warnings`
    /// are its problem lines.
    pub fn of_file(
        loaded: &crate::io::Loaded,
        options: &LoadOptions,
        bytes: Option<&[u8]>,
        warnings: &[String],
    ) -> Reading {
        let (format, timeline) = (loaded.format, &loaded.timeline);
        let sheets = match (format, bytes) {
            (Format::Xlsx | Format::Ods, Some(bytes)) => crate::io::sheet::sheet_names("", bytes),
            _ => Vec::new(),
        };
        let lane_columns = match format {
            Format::TimesketchCsv | Format::TimesketchJsonl => lane_columns(timeline, options),
            _ => Vec::new(),
        };
        let slashed_dates = options.slash_order != SlashOrder::Detect
            || warnings.iter().any(|w| w.contains("slashed dates"));
        let sheet_read = loaded.sheet.clone();
        Reading {
            options: options.clone(),
            sheets,
            sheet_read,
            lane_columns,
            slashed_dates,
        }
    }
}

/// Columns of a Timesketch file that hold text (the lane candidates), the chosen one first.
fn lane_columns(timeline: &crate::model::Timeline, options: &LoadOptions) -> Vec<String> {
    let mut columns: Vec<String> = options.lane_by.iter().cloned().collect();
    for e in timeline.events().iter().take(1000) {
        for (key, value) in e.extra().iter() {
            if value.is_string() && key != "timestamp" && !columns.iter().any(|c| c == key) {
                columns.push(key.to_string());
            }
        }
    }
    for default in crate::io::timesketch::DEFAULT_LANE_COLUMNS {
        if options.lane_by.is_none()
            && let Some(at) = columns.iter().position(|c| c == default)
        {
            // The column in use (the first default the file has) comes first.
            let c = columns.remove(at);
            columns.insert(0, c);
            break;
        }
    }
    columns
}

const ORDERS: [(SlashOrder, &str); 3] = [
    (SlashOrder::Detect, "As the file settles"),
    (SlashOrder::DayFirst, "Day first (05/08 = 5 Aug)"),
    (SlashOrder::MonthFirst, "Month first (05/08 = 8 May)"),
];

/// The strip under the toolbar, shown when the open file offers a choice.
pub fn reading_ui(ui: &mut egui::Ui, reading: &Reading) -> Vec<Command> {
    let mut out = Vec::new();
    if !reading.has_choices() {
        return out;
    }
    egui::Panel::top("reading").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label("Read the file as:");
            let again = |out: &mut Vec<Command>, options: LoadOptions| {
                if options != reading.options {
                    out.push(Command::Reread(options));
                }
            };
            if reading.sheets.len() > 1 {
                let current = reading.sheet_read.as_deref().unwrap_or("");
                egui::ComboBox::from_label("Sheet")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for name in &reading.sheets {
                            if ui.selectable_label(name == current, name).clicked() {
                                let options = LoadOptions {
                                    sheet: Some(name.clone()),
                                    ..reading.options.clone()
                                };
                                again(&mut out, options);
                            }
                        }
                    });
            }
            if reading.slashed_dates {
                let current = ORDERS
                    .iter()
                    .find(|(o, _)| *o == reading.options.slash_order)
                    .map_or("", |(_, l)| *l);
                egui::ComboBox::from_label("Slashed dates")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for (order, label) in ORDERS {
                            if ui.selectable_label(label == current, label).clicked() {
                                let options = LoadOptions {
                                    slash_order: order,
                                    ..reading.options.clone()
                                };
                                again(&mut out, options);
                            }
                        }
                    });
            }
            if !reading.lane_columns.is_empty() {
                let current = reading.lane_columns[0].as_str();
                egui::ComboBox::from_label("Lanes from")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for column in &reading.lane_columns {
                            if ui.selectable_label(column == current, column).clicked() {
                                let options = LoadOptions {
                                    lane_by: Some(column.clone()),
                                    ..reading.options.clone()
                                };
                                again(&mut out, options);
                            }
                        }
                    });
            }
        });
    });
    out
}
