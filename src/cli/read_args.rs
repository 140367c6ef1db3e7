//! The reading choices every command that opens a file shares (`--day-first`,
//! `--month-first`, `--sheet`, `--lane-by`), as one clap group turned into
//! [`LoadOptions`](crate::io::LoadOptions).

use crate::io::{LoadOptions, SlashOrder};

#[derive(Clone, Debug, Default, clap::Args)]
pub struct ReadArgs {
    /// Read slashed dates such as 05/08/2022 day first (5 August 2022). By default each file
    /// settles it: day first when some date can only be day first, else month first with a
    /// warning.
    #[arg(long, conflicts_with = "month_first")]
    pub day_first: bool,
    /// Read slashed dates such as 05/08/2022 month first (8 May 2022).
    #[arg(long)]
    pub month_first: bool,
    /// In a spreadsheet (.xlsx, .xlsm, .ods), read this sheet (by default the first with a
    /// header row).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// In a Timesketch or plaso file, take lanes from this column (by default data_type,
    /// parser, source_short, then hostname).
    #[arg(long, value_name = "COLUMN")]
    pub lane_by: Option<String>,
}

impl ReadArgs {
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            slash_order: if self.day_first {
                SlashOrder::DayFirst
            } else if self.month_first {
                SlashOrder::MonthFirst
            } else {
                SlashOrder::Detect
            },
            sheet: self.sheet.clone(),
            lane_by: self.lane_by.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_options() {
        let args = ReadArgs {
            day_first: true,
            sheet: Some("Zetas".into()),
            ..Default::default()
        };
        let options = args.options();
        assert_eq!(options.slash_order, SlashOrder::DayFirst);
        assert_eq!(options.sheet.as_deref(), Some("Zetas"));
        assert_eq!(ReadArgs::default().options(), LoadOptions::default());
    }
}
