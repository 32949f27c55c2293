//! Reading a spreadsheet into rows of text: CSV (UTF-8 with or without BOM, UTF-16 with
//! BOM, GBK/GB18030 detected or named) and `.xlsx`/`.xls`/`.ods` through calamine; then
//! matching its header row to our fields by their Chinese (or English) names and synonyms.

use crate::i18n::fill;
use crate::i18n::io::X;
use std::path::{Path, PathBuf};

/// How the bytes of a CSV file are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (BOM or not) when the bytes are valid UTF-8, UTF-16 by its BOM, else GB18030.
    #[default]
    Auto,
    Utf8,
    /// GBK and its superset GB18030 (what Excel and WPS write on Chinese Windows).
    Gbk,
}

impl Encoding {
    /// `--encoding` values: auto, utf-8 / utf8, gbk / gb2312 / gb18030 / cp936.
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Some(Encoding::Gbk),
            _ => None,
        }
    }
}

/// One data row and the line (CSV) or row number (spreadsheet) it came from, 1-based as
/// the user's editor or Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: Vec<String>,
    /// Columns whose cell was a number of 16 or more digits: Excel keeps only 15, so an ID
    /// number stored as a number has lost its end.
    pub lossy: Vec<usize>,
    /// Columns whose cell was a number (a workbook's numeric cell): in a date column it is
    /// Excel's day number (`45265` is 2023-12-05) of a cell not formatted as a date.
    pub numeric: Vec<usize>,
}

impl SheetRow {
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map(String::as_str).unwrap_or("")
    }
}

/// A sheet: its header row and the non-empty rows below it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    /// What was read: "UTF-8", "GB18030", "xlsx" …
    pub source_format: String,
}

/// Why a file could not be read at all (nothing was imported).
#[derive(Debug)]
pub enum ReadError {
    Io(PathBuf, std::io::Error),
    /// Neither UTF-8 nor GB18030 (or not the encoding named).
    Undecodable(PathBuf, &'static str),
    Csv(PathBuf, String),
    /// The workbook library could not open the file or read its sheet.
    Workbook(PathBuf, WorkbookProblem),
    NoSheet(PathBuf, String),
    Empty(PathBuf),
    UnknownType(PathBuf),
}

/// What the workbook library's error means to someone importing a file (its own texts are
/// English and name zip entries: `File not found 'xl/_rels/workbook.xml.rels'`).
#[derive(Debug)]
pub enum WorkbookProblem {
    Io(std::io::Error),
    /// Not a workbook of its kind at all: not a zip, or parts missing (a renamed file, a
    /// download cut short).
    NotWorkbook,
    Password,
    /// The workbook opened but its sheet could not be read.
    DamagedSheet(String),
}

impl WorkbookProblem {
    fn of(e: calamine::Error) -> WorkbookProblem {
        use calamine::{Error, XlsError, XlsxError};
        match e {
            Error::Io(e) | Error::Xlsx(XlsxError::Io(e)) | Error::Xls(XlsError::Io(e)) => WorkbookProblem::Io(e),
            Error::Xlsx(XlsxError::Password) | Error::Xls(XlsError::Password) => WorkbookProblem::Password,
            _ => WorkbookProblem::NotWorkbook,
        }
    }
}

/// The reason of an I/O error in the user's language, for the kinds a user can meet.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => X::IoNotFound.s().to_string(),
        K::PermissionDenied => X::IoDenied.s().to_string(),
        K::IsADirectory => X::IoIsDir.s().to_string(),
        K::InvalidData | K::UnexpectedEof => X::IoDamaged.s().to_string(),
        _ => e.to_string(),
    }
}

impl ReadError {
    pub fn message(&self) -> String {
        match self {
            ReadError::Io(p, e) => fill(X::ReadIo.s(), &[&p.display(), &io_reason(e)]),
            ReadError::Undecodable(p, enc) => fill(X::ReadUndecodable.s(), &[&p.display(), enc]),
            ReadError::Csv(p, e) => fill(X::ReadCsv.s(), &[&p.display(), e]),
            ReadError::Workbook(p, problem) => match problem {
                WorkbookProblem::Io(e) => fill(X::ReadIo.s(), &[&p.display(), &io_reason(e)]),
                WorkbookProblem::NotWorkbook => fill(X::ReadNotWorkbook.s(), &[&p.display(), &ext_name(p)]),
                WorkbookProblem::Password => fill(X::ReadPassword.s(), &[&p.display()]),
                WorkbookProblem::DamagedSheet(sheet) => fill(X::ReadDamagedSheet.s(), &[&p.display(), sheet]),
            },
            ReadError::NoSheet(p, s) => fill(X::ReadNoSheet.s(), &[&p.display(), s]),
            ReadError::Empty(p) => fill(X::ReadEmpty.s(), &[&p.display()]),
            ReadError::UnknownType(p) => fill(X::ReadUnknownType.s(), &[&p.display()]),
        }
    }
}

/// Reads `path` by its extension: `.csv`/`.txt` as text, `.xlsx`/`.xlsm`/`.xls`/`.ods` as
/// a workbook (`sheet` names the sheet; default the first).
pub fn read_table(path: &Path, encoding: Encoding, sheet: Option<&str>) -> Result<Table, ReadError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet),
        "csv" | "txt" | "tsv" | "" => {
            let bytes = std::fs::read(path).map_err(|e| ReadError::Io(path.to_path_buf(), e))?;
            let (text, name) = decode(&bytes, encoding).ok_or(ReadError::Undecodable(
                path.to_path_buf(),
                match encoding {
                    Encoding::Gbk => "GB18030",
                    Encoding::Utf8 => "UTF-8",
                    Encoding::Auto => "UTF-8 / GB18030",
                },
            ))?;
            let mut table = parse_csv(&text).map_err(|e| ReadError::Csv(path.to_path_buf(), e))?;
            if table.headers.iter().all(|h| h.trim().is_empty()) {
                return Err(ReadError::Empty(path.to_path_buf()));
            }
            table.source_format = name.to_string();
            Ok(table)
        }
        _ => Err(ReadError::UnknownType(path.to_path_buf())),
    }
}

/// Text of a CSV file, and the encoding it was read as; `None` if it is not valid in it.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Option<(String, &'static str)> {
    if encoding != Encoding::Gbk {
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            return std::str::from_utf8(rest).ok().map(|s| (s.to_string(), "UTF-8 (BOM)"));
        }
        if encoding == Encoding::Auto && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
            let (enc, _) = encoding_rs::Encoding::for_bom(bytes)?;
            let (text, had_errors) = enc.decode_with_bom_removal(bytes);
            return (!had_errors).then(|| (text.into_owned(), enc.name()));
        }
        if let Ok(s) = std::str::from_utf8(bytes) {
            return Some((s.to_string(), "UTF-8"));
        }
        if encoding == Encoding::Utf8 {
            return None;
        }
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| (text.into_owned(), "GB18030"))
}

/// The delimiter of a CSV text: the most frequent of comma, tab and semicolon on its first line.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    [(b',', count(',')), (b'\t', count('\t')), (b';', count(';'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| d)
        .unwrap_or(b',')
}

pub fn parse_csv(text: &str) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    let mut rows = SpreadsheetRows::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = rows.row_at(record.position().map_or(0, |p| p.byte() as usize));
                let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
                if first {
                    table.headers = cells;
                    first = false;
                } else if cells.iter().any(|c| !c.is_empty()) {
                    table.rows.push(SheetRow { line, cells, lossy: Vec::new(), numeric: Vec::new() });
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(fill(X::CsvLine.s(), &[&line, &e]));
            }
        }
    }
    Ok(table)
}

/// Row numbers as a spreadsheet program shows a CSV file: one row per line ending, CR LF,
/// LF or a lone CR alike, blank lines included, a quoted cell's line breaks not (the csv
/// reader's own line count sees only LF, and counts the breaks inside cells).
struct SpreadsheetRows<'a> {
    text: &'a str,
    /// Start of the previous record and its row.
    last: Option<(usize, usize)>,
}

impl<'a> SpreadsheetRows<'a> {
    fn new(text: &'a str) -> Self {
        SpreadsheetRows { text, last: None }
    }

    /// The row of the record the reader says starts at byte `start` (records come in
    /// order). The reader's start lies before the blank lines it skipped; from the real
    /// start of one record to the next lie the record, its line ending and those blank
    /// lines: the line endings closing that stretch are the rows advanced.
    fn row_at(&mut self, start: usize) -> usize {
        let rest = self.text.get(start..).unwrap_or_default();
        let start = start + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        let row = match self.last {
            None => 1 + line_endings(self.text.get(..start).unwrap_or_default()),
            Some((from, row)) => row + trailing_line_endings(self.text.get(from..start).unwrap_or_default()),
        };
        self.last = Some((start, row));
        row
    }
}

/// How many line endings `s` holds (CR LF counted once).
fn line_endings(s: &str) -> usize {
    s.matches('\n').count() + s.matches('\r').count() - s.matches("\r\n").count()
}

/// How many line endings close `s` in a row (CR LF counted once): `"a\r\n\n"` has 2.
fn trailing_line_endings(s: &str) -> usize {
    let tail = s.trim_end_matches(['\r', '\n']);
    line_endings(s.get(tail.len()..).unwrap_or_default())
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, ReadError> {
    use calamine::{open_workbook_auto, Data, Reader};
    let bad = |p: WorkbookProblem| ReadError::Workbook(path.to_path_buf(), p);
    if let Err(e) = std::fs::metadata(path) {
        return Err(ReadError::Io(path.to_path_buf(), e));
    }
    let mut book = open_workbook_auto(path).map_err(|e| bad(WorkbookProblem::of(e)))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| ReadError::NoSheet(path.to_path_buf(), format!("{s} ({})", names.join(", "))))?,
        None => names.first().cloned().ok_or_else(|| ReadError::Empty(path.to_path_buf()))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| match WorkbookProblem::of(e) {
        WorkbookProblem::NotWorkbook => bad(WorkbookProblem::DamagedSheet(name.clone())),
        other => bad(other),
    })?;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let start_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut table = Table { source_format: format!("{} [{name}]", ext_name(path)), ..Table::default() };
    let mut first = true;
    for (i, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); start_col];
        let mut lossy = Vec::new();
        let mut numeric = Vec::new();
        for (j, cell) in row.iter().enumerate() {
            if matches!(cell, Data::Int(_) | Data::Float(_)) {
                numeric.push(start_col + j);
            }
            let text = match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.trim().to_string(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) => {
                    if f.fract() == 0.0 && f.abs() < 1e18 {
                        if f.abs() >= 1e15 {
                            lossy.push(start_col + j);
                        }
                        format!("{}", *f as i64)
                    } else {
                        f.to_string()
                    }
                }
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => serial_date(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
                Data::DateTimeIso(s) => s.chars().take(10).collect(),
                Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#{e:?}"),
            };
            cells.push(text);
        }
        if first {
            table.headers = cells;
            first = false;
        } else if cells.iter().any(|c| !c.is_empty()) {
            table.rows.push(SheetRow { line: start_row + i + 1, cells, lossy, numeric });
        }
    }
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(ReadError::Empty(path.to_path_buf()));
    }
    Ok(table)
}

fn ext_name(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// An Excel date serial as `YYYY-MM-DD`.
pub fn serial_date(serial: f64) -> Option<String> {
    crate::domain::dates::from_excel_serial(serial).map(crate::domain::dates::iso)
}

/// One field we can import, and the headers that name it (the first is the one we export).
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub headers: &'static [&'static str],
}

/// How a file's header row was understood.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// (column index, field key), in column order.
    pub columns: Vec<(usize, &'static str)>,
    /// Headers we did not recognise (their columns are ignored).
    pub ignored: Vec<String>,
    /// Columns naming a field an earlier column already names: the import refuses the
    /// file (which of the two holds the data is a guess it does not make).
    pub repeated: Vec<Repeated>,
}

/// Two columns of a file that name the same field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeated {
    pub key: &'static str,
    /// The earlier column's index and header.
    pub first: (usize, String),
    /// The later one's.
    pub again: (usize, String),
}

impl Mapping {
    pub fn column_of(&self, key: &str) -> Option<usize> {
        self.columns.iter().find(|(_, k)| *k == key).map(|(i, _)| *i)
    }
    pub fn has(&self, key: &str) -> bool {
        self.column_of(key).is_some()
    }
}

/// A header as compared: no spaces or required-marks, ASCII brackets, lower case.
pub fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A column as a spreadsheet names it: A … Z, AA … (0-based index in).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + d as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Matches `headers` against `specs` (by any synonym, or the field's own key).
pub fn map_headers(headers: &[String], specs: &[FieldSpec]) -> Mapping {
    map_headers_by(headers, |n| {
        specs.iter().find(|s| s.key == n || s.headers.iter().any(|syn| normalise_header(syn) == n)).map(|s| s.key)
    })
}

/// Matches `headers` by `field_of(normalised header)`: the field key a header names.
pub fn map_headers_by(headers: &[String], field_of: impl Fn(&str) -> Option<&'static str>) -> Mapping {
    let mut m = Mapping::default();
    for (i, h) in headers.iter().enumerate() {
        let n = normalise_header(h);
        if n.is_empty() {
            continue;
        }
        match field_of(&n) {
            Some(k) if m.has(k) => {
                let first =
                    m.column_of(k).map(|c| (c, headers.get(c).cloned().unwrap_or_default())).unwrap_or_default();
                m.repeated.push(Repeated { key: k, first, again: (i, h.clone()) })
            }
            Some(k) => m.columns.push((i, k)),
            None => m.ignored.push(h.clone()),
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_are_told_apart() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,学校\n张某伟,实验小学\n");
        let (text, name) = decode(&gbk, Encoding::Auto).expect("decodes");
        assert_eq!(name, "GB18030");
        assert!(text.starts_with("姓名"));
        let (text, name) = decode("\u{feff}姓名".as_bytes(), Encoding::Auto).expect("bom");
        assert_eq!((text.as_str(), name), ("姓名", "UTF-8 (BOM)"));
        assert!(decode(&gbk, Encoding::Utf8).is_none());
    }

    #[test]
    fn headers_match_synonyms() {
        let specs = [
            FieldSpec { key: "id_number", headers: &["身份证号", "身份证号码", "证件号码"] },
            FieldSpec { key: "name", headers: &["姓名", "学生姓名"] },
        ];
        let m = map_headers(&["证件号码".into(), " 学生姓名* ".into(), "备用".into(), "姓名".into()], &specs);
        assert_eq!(m.columns, vec![(0, "id_number"), (1, "name")]);
        assert_eq!(m.ignored, vec!["备用".to_string()]);
        let again = Repeated { key: "name", first: (1, " 学生姓名* ".into()), again: (3, "姓名".into()) };
        assert_eq!(m.repeated, vec![again]);
        assert_eq!(
            [column_letter(0), column_letter(25), column_letter(26), column_letter(701)],
            ["A", "Z", "AA", "ZZ"]
        );
    }

    fn lines_of(text: &str) -> Vec<usize> {
        parse_csv(text).expect("parses").rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn rows_are_numbered_as_the_spreadsheet_shows_them_whatever_the_line_ends() {
        // Header row 1, first data row 2; a blank line is a row; a quoted cell's line
        // break is not.
        let lf = "姓名,备注\n张某,a\n\n李某,\"两\n行\"\n王某,b\n";
        assert_eq!(lines_of(lf), [2, 4, 5]);
        assert_eq!(lines_of(&lf.replace('\n', "\r\n")), [2, 4, 5], "CR LF (Excel, WPS, Python)");
        assert_eq!(lines_of(&lf.replace('\n', "\r")), [2, 4, 5], "CR (old Mac)");
        assert_eq!(lines_of("\r\n\r\n姓名\r\n张某"), [4], "blank lines above the header");
        assert_eq!(lines_of("姓名\r\n张某"), [2], "no line end after the last row");
    }

    #[test]
    fn serials_are_dates() {
        assert_eq!(serial_date(46349.0).as_deref(), Some("2026-11-23"));
    }
}
