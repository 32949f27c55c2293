//! A report written to a file, the same from the command line and from its screen: CSV
//! (UTF-8 with a BOM, text guarded against formulas), xlsx (one sheet per table, numbers as
//! number cells, dates as date cells, the header frozen) and JSON. `write` picks the format
//! by the file's extension, for a screen's "export" key.

use crate::i18n::io::X;
use crate::report::indicators::{Cell, Mark, Table};
use crate::text::width;
use std::path::Path;

/// `title`, marked when `demo` (the figures come from demo data): written figures must never
/// pass for a county's own.
/// The mark comes first: a title wrapped to 80 columns still says so on its first line.
pub fn demo_marked(demo: bool, title: String) -> String {
    if demo {
        format!("{} {title}", X::DemoMark.s())
    } else {
        title
    }
}

/// A report as a screen hands it to be written: its title, its tables, and rows of text
/// after them (notes, a month's cycle).
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub title: String,
    pub tables: Vec<Table>,
    pub tail: Vec<Vec<String>>,
    /// The file name offered (without a folder), e.g. `月报-231123-2026-11.xlsx`.
    pub suggested: String,
}

/// Why a report could not be written.
#[derive(Debug)]
pub enum FileError {
    /// The name ends in neither `.xlsx` nor `.csv`.
    Extension,
    /// A file of that name is there already: it is not overwritten.
    Exists,
    Io(String),
}

/// Writes `r` to `path`: xlsx or CSV by its extension; never over an existing file.
pub fn write(r: &ReportFile, path: &Path) -> Result<(), FileError> {
    let xlsx = match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => return Err(FileError::Extension),
    };
    if path.exists() {
        return Err(FileError::Exists);
    }
    if xlsx {
        xlsx_with(&r.title, &r.tables, &r.tail, path).map_err(|e| FileError::Io(e.to_string()))
    } else {
        let bytes = csv_with(&r.title, &r.tables, &r.tail).map_err(|e| FileError::Io(e.to_string()))?;
        std::fs::write(path, bytes).map_err(|e| FileError::Io(e.to_string()))
    }
}

/// `xlsx`, with `tail` written under the last table.
pub fn xlsx_with(
    title: &str,
    tables: &[Table],
    tail: &[Vec<String>],
    path: &Path,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use crate::io::export::{write_cell, Col};
    let mut book = rust_xlsxwriter::Workbook::new();
    let mut used = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let sheet = table_sheet(&mut book, title, t, &mut used)?;
        if i + 1 < tables.len() {
            continue;
        }
        let first = HEADER_ROW + 1 + t.rows.len() as u32;
        for (r, row) in tail.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                write_cell(sheet, first + r as u32, c as u16, text, Col::guess(text))?;
            }
        }
    }
    book.save(path)
}

/// The tables as JSON: numbers as numbers rounded as the text shows them, `x` marks as
/// `"not_met": true`; the verdict table first, as in every format.
pub fn json(title: &str, year: i32, tables: &[Table]) -> String {
    let v = serde_json::json!({ "title": title, "year": year, "tables": tables_json(tables) });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// Each table as a JSON object (title, headers, rows) for a report's `--json`.
pub fn tables_json(tables: &[Table]) -> Vec<serde_json::Value> {
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
    tables
        .iter()
        .map(|t| {
            json!({
                "title": t.title,
                "headers": t.headers,
                "rows": t.rows.iter().map(|r| r.iter().map(cell).collect::<Vec<_>>()).collect::<Vec<_>>(),
            })
        })
        .collect()
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
    xlsx_with(title, tables, &[], path)
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
