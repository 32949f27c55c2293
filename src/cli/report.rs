//! `taizhang report …`: tables for the evaluation file. `report indicators --region CODE
//! [--school CODE] [--format text|csv|xlsx] [-o FILE]` prints the county's 优质均衡 tables: the per-school
//! indicators of both stages, the CVs, the schools left out, the guarantee items, the rates
//! and the open-case counts — the same numbers the indicator screen shows.
//! Text goes to stdout unless `-o` is given; CSV is UTF-8 with a BOM (Excel/WPS open it
//! correctly); xlsx needs `-o`.

use super::region::Place;
use super::{exit, Failure};
use crate::db::indicators as load;
use crate::db::scope::ReportError;
use crate::db::Db;
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::indicators::I;
use crate::report::indicators::{self as rep, tables, text, Cell, Mark, Table};
use crate::text::width;
use clap::Subcommand;
use std::path::{Path, PathBuf};

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum ReportKind {
    Indicators {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value = "text")]
        format: String,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    Monthly {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        month: String,
        #[arg(long, default_value = "text")]
        format: String,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    Missing {
        #[arg(long)]
        county: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
    Sessions {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
    Bundle {
        #[command(flatten)]
        region: super::region::RegionArg,
        #[arg(long)]
        month: String,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

pub fn run(db: &Db, kind: &ReportKind) -> Result<String, Failure> {
    use super::rollup;
    match kind {
        ReportKind::Indicators { place, year, format, output } => {
            let (r, place) = place.resolve(db)?;
            match r.level {
                // A county's own report (with its verdict) in every format, JSON included;
                // a school's is narrowed to it.
                Level::County => indicators_report(db, &place, *year, format, output.as_deref()),
                Level::Prefecture | Level::Province if place.school.is_some() => {
                    indicators_report(db, &place, *year, format, output.as_deref())
                }
                Level::Prefecture | Level::Province => rollup::write(
                    &rollup::indicators(db, &r)?,
                    rollup::Format::parse_or_fail(format)?,
                    output.as_deref(),
                ),
            }
        }
        ReportKind::Missing { county, month, json } => super::month::missing(db, county, month, *json),
        ReportKind::Monthly { place, month, format, output } => {
            let (r, place) = place.resolve(db)?;
            match (r.level, rollup::Format::parse_or_fail(format)?) {
                // A school's report is the per-school one, narrowed to it.
                (_, _) if place.school.is_some() => super::monthly::run(db, &place, month, format, output.as_deref()),
                (Level::County, rollup::Format::Json) | (Level::Prefecture | Level::Province, _) => {
                    let w = rollup::monthly(db, &r, rollup::month_of(month)?)?;
                    rollup::write(&w, rollup::Format::parse_or_fail(format)?, output.as_deref())
                }
                (Level::County, _) => super::monthly::run(db, &place, month, format, output.as_deref()),
            }
        }
        ReportKind::Bundle { region, month, output } => super::bundle::run(db, region, month, output),
        ReportKind::Sessions { place, month, json } => super::follow_up::sessions(db, place, month, *json),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

fn indicators_report(
    db: &Db,
    place: &Place,
    year: Option<i32>,
    format: &str,
    output: Option<&Path>,
) -> Result<String, Failure> {
    let county = place.region.as_str();
    let format = Format::parse(format).ok_or_else(|| Failure::usage(fill(I::ReportBadFormat.s(), &[&format])))?;
    if format == Format::Xlsx && output.is_none() {
        return Err(Failure::usage(I::ReportXlsxNeedsFile.s().to_string()));
    }
    if region::level_of(county) != Ok(Level::County) {
        return Err(Failure::usage(fill(I::ReportNotCounty.s(), &[&county])));
    }
    let failed = |e: rusqlite::Error| {
        let f = super::sqlite_failure(db, &e);
        Failure { message: fill(I::ReportLoadFailed.s(), &[&f.message]), code: f.code }
    };
    if crate::db::regions::get(&db.conn, county).map_err(failed)?.is_none() {
        return Err(Failure::usage(fill(I::ReportUnknownCounty.s(), &[&county])));
    }
    let today = crate::db::today();
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&today));
    let inputs = load::load(db, county, place.school, year).map_err(|e| report_failure(db, e))?;
    let charts = load::case_charts(db, county, place.school, today).map_err(|e| report_failure(db, e))?;
    let entries = crate::db::evaluation::entries(&db.conn, county, year).map_err(failed)?;
    let years = year_sheets(db, county, place.school, year).map_err(|e| report_failure(db, e))?;
    let tables = tables(&rep::Inputs { county: &inputs, entries: &entries, years: &years, charts: &charts });
    let title =
        super::demo_titled(db, fill(I::ReportTitle.s(), &[&inputs.name, &inputs.code, &today.format("%Y-%m-%d")]));
    let written = |path: &Path| fill(I::ReportWritten.s(), &[&path.display()]);
    let write_failed =
        |path: &Path, e: &dyn std::fmt::Display| Failure::usage(fill(I::ReportWriteFailed.s(), &[&path.display(), e]));
    match (format, output) {
        (Format::Text, None) => Ok(text(&title, &tables)),
        (Format::Text, Some(path)) => {
            std::fs::write(path, text(&title, &tables)).map_err(|e| write_failed(path, &e))?;
            Ok(written(path))
        }
        (Format::Csv, out) => {
            let bytes = csv(&title, &tables).map_err(|e| write_failed(out.unwrap_or(Path::new("-")), &e))?;
            match out {
                None => Ok(String::from_utf8_lossy(&bytes).trim_end().to_string()),
                Some(path) => {
                    std::fs::write(path, bytes).map_err(|e| write_failed(path, &e))?;
                    Ok(written(path))
                }
            }
        }
        (Format::Xlsx, Some(path)) => {
            xlsx(&title, &tables, path).map_err(|e| write_failed(path, &e))?;
            Ok(written(path))
        }
        (Format::Xlsx, None) => Err(Failure::usage(I::ReportXlsxNeedsFile.s().to_string())),
        (Format::Json, out) => {
            let body = json(&title, year, &tables);
            match out {
                None => Ok(body),
                Some(path) => {
                    std::fs::write(path, body).map_err(|e| write_failed(path, &e))?;
                    Ok(written(path))
                }
            }
        }
    }
}

/// A refused report says who may read it (exit code 5); a failed one, why.
pub fn report_failure(db: &Db, e: ReportError) -> Failure {
    match e {
        ReportError::Refused(r) => {
            Failure { message: crate::i18n::errors::session_refusal(db, &r), code: exit::REFUSED }
        }
        ReportError::Sqlite(e) => Failure { message: fill(I::ReportLoadFailed.s(), &[&e]), code: exit::ERROR },
    }
}

/// Each year's sheet up to `year`, oldest first (the progress table), as far as the session
/// may read them (narrowed to `school` as the report is).
pub fn year_sheets(db: &Db, county: &str, school: Option<i64>, year: i32) -> Result<Vec<rep::YearRow>, ReportError> {
    crate::db::evaluation::years(&db.conn, county, year)?
        .into_iter()
        .map(|y| {
            let inputs = load::load(db, county, school, y)?;
            let entries = crate::db::evaluation::entries(&db.conn, county, y)?;
            let sheet = rep::sheet(&inputs, &entries);
            Ok(rep::YearRow { year: y, county: inputs, sheet })
        })
        .collect()
}

/// The tables as JSON: numbers as numbers rounded as the text shows them, `x` marks as
/// `"not_met": true`; the verdict table first, as in every format.
pub fn json(title: &str, year: i32, tables: &[Table]) -> String {
    use serde_json::{json, Value};
    let cell = |c: &Cell| match c {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Num { flag, .. } => {
            let n = c.rounded().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number);
            if *flag == Mark::NotMet {
                json!({ "value": n, "not_met": true })
            } else {
                n
            }
        }
    };
    let tables: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "title": t.title,
                "headers": t.headers,
                "rows": t.rows.iter().map(|r| r.iter().map(cell).collect::<Vec<_>>()).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({ "title": title, "year": year, "tables": tables })).unwrap_or_default()
}

/// UTF-8 with a BOM; each table starts with its title row and ends with a blank row. Text
/// is guarded against formulas (`neutralise`); numbers are written as they are shown.
pub fn csv(title: &str, tables: &[Table]) -> Result<Vec<u8>, csv::Error> {
    csv_with(title, tables, &[])
}

/// `csv`, then `tail`: rows of text after the tables (a report's notes).
pub fn csv_with(title: &str, tables: &[Table], tail: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    use crate::io::export::neutralise;
    let guard = |s: &String| neutralise(s).into_owned();
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record([guard(&title.to_string())])?;
    for t in tables {
        w.write_record([""])?;
        w.write_record([guard(&t.title)])?;
        w.write_record(t.headers.iter().map(guard))?;
        for row in &t.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => guard(s),
                Cell::Num { .. } => c.shown(),
            }))?;
        }
    }
    for row in tail {
        w.write_record(row.iter().map(guard))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String =
        title.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(28).collect::<String>();
    let mut name = clean.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{clean}{n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// One worksheet per table; numbers stay numbers, not-met values in bold red.
pub fn xlsx(title: &str, tables: &[Table], path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let mut used = Vec::new();
    for t in tables {
        table_sheet(&mut book, title, t, &mut used)?;
    }
    book.save(path)
}

/// The row of a table sheet that holds the headers (under the report's and the table's
/// titles): the rows above it and it stay in view while the rows scroll.
pub const HEADER_ROW: u32 = 2;

/// Adds table `t` to `book` as a sheet of its own, under `title`; `used` holds the sheet
/// names taken so far. Returns the sheet, for rows after the table (from
/// `HEADER_ROW + 1 + t.rows.len()`).
pub fn table_sheet<'a>(
    book: &'a mut rust_xlsxwriter::Workbook,
    title: &str,
    t: &Table,
    used: &mut Vec<String>,
) -> Result<&'a mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
    use crate::io::export::{write_cell, Col};
    use rust_xlsxwriter::{Color, Format};
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&t.title, used))?;
    sheet.write_string(0, 0, title)?;
    sheet.write_string_with_format(1, 0, &t.title, &bold)?;
    for (c, h) in t.headers.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, h, &bold)?;
        sheet.set_column_width(c as u16, (width(h) as f64 + 2.0).max(10.0))?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + HEADER_ROW + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                // Text cells as they are (a text cell never runs as a formula); a day as a date.
                Cell::Text(s) => write_cell(sheet, r, c, s, Col::guess(s))?,
                Cell::Num { value, decimals, flag } => {
                    let pattern = if *decimals == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(*decimals)) };
                    let mut f = Format::new().set_num_format(pattern);
                    if *flag == Mark::NotMet {
                        f = f.set_bold().set_font_color(Color::Red);
                    }
                    // The rounded value: the cell holds what the text shows (half up).
                    sheet.write_number_with_format(r, c, cell.rounded().unwrap_or(*value), &f)?;
                }
            }
        }
    }
    Ok(sheet)
}
