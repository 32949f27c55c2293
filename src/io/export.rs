//! Writing cases, schools and alliances to `.xlsx` (header row, column widths measured in
//! display columns so Chinese fits, frozen header) or CSV (UTF-8 with BOM, which Excel and
//! WPS open correctly). ID numbers are masked unless asked otherwise, and that request is
//! audited. Each column says what it holds (`Col`): in xlsx numbers are number cells (SUM
//! adds them) and dates date cells, everything else a text cell, which no spreadsheet runs
//! as a formula whatever it starts with. CSV has no cell types: there a cell starting with
//! `=`, `+`, `-` or `@` (or a tab or carriage return) gets a leading `'` instead.

use crate::db::audit::{AuditRow, WriteError};
use crate::db::export_rows::{self, AllianceExport, CaseExport, SchoolExport};
use crate::db::scope::{Coverage, Place};
use crate::db::Db;
use crate::domain::case;
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{AllianceKind, AllianceLevel, Ledger};
use crate::domain::fields::{Field, Kind};
use crate::i18n::io::X;
use crate::i18n::ledger::{field_shown, label_of};
use crate::i18n::{fill, Label};
use crate::report::rollup;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" | "excel" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// By the output file's extension.
    pub fn of_path(p: &Path) -> Option<Format> {
        p.extension().and_then(|e| e.to_str()).and_then(Format::parse)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Cases,
    Schools,
    Alliances,
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub what: What,
    /// A county, a prefecture (its counties and 市直属 records) or the province.
    pub region: String,
    /// One school of the region (a 填报员's own, by default: `cli::region`).
    pub school: Option<i64>,
    /// Cases only: these statuses (empty: all).
    pub statuses: Vec<CaseStatus>,
    pub format: Format,
    pub unmasked: bool,
}

#[derive(Debug)]
pub enum ExportError {
    NotARegion(String),
    /// A county-level record (the evaluation's figures) asked of another level.
    NotACounty(String),
    /// The user may not read this county's (or school's) records.
    Refused(crate::domain::access::Refusal),
    Write(WriteError),
    Io(PathBuf, String),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for ExportError {
    fn from(e: rusqlite::Error) -> Self {
        ExportError::Sqlite(e)
    }
}

/// `s`, made safe to open in a spreadsheet.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    neutralised(Cow::Borrowed(s))
}

/// [`neutralise`] of a cell that may already be owned.
fn neutralised(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// What a column of an export holds: how xlsx stores its cells (CSV writes text alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Col {
    /// A text cell, whatever it looks like (codes, phones and IDs keep their digits).
    #[default]
    Text,
    /// A number cell when the text is a number, so that Excel's SUM counts it.
    Number,
    /// A date cell (shown `yyyy-mm-dd`) when the text is an ISO date, so that it sorts and
    /// filters as a date.
    Date,
}

impl Col {
    /// The column of a field of `kind`.
    pub fn of(kind: Kind) -> Col {
        match kind {
            Kind::Int { .. } | Kind::Real | Kind::Year => Col::Number,
            Kind::Date => Col::Date,
            _ => Col::Text,
        }
    }

    /// A table cell's column when the table says nothing: exactly an ISO date is a date.
    pub fn guess(text: &str) -> Col {
        if iso_date(text).is_some() {
            Col::Date
        } else {
            Col::Text
        }
    }
}

/// `text` as a date when it is exactly `YYYY-MM-DD`.
fn iso_date(text: &str) -> Option<chrono::NaiveDate> {
    crate::domain::dates::from_iso(text)
}

/// `text` as a number when it is one (no `inf`, no `NaN`).
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let plain = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    // Leading zeros are a code's, not a number's: `007` stays text.
    let zero_led = t.len() > 1 && t.starts_with('0') && !t.starts_with("0.");
    t.parse::<f64>().ok().filter(|n| n.is_finite() && plain && !zero_led)
}

/// How a date cell shows: made once, not per cell (an export of 100,000 cases writes
/// half a million dates).
static DATE_FORMAT: std::sync::LazyLock<rust_xlsxwriter::Format> =
    std::sync::LazyLock::new(|| rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"));

/// Writes `text` into an xlsx cell as `col` says: a number or a date cell when it is one,
/// else a text cell as it is (a text cell is never run as a formula: no `'` needed).
pub fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    text: &str,
    kind: Col,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    match kind {
        Col::Number => {
            if let Some(n) = number(text) {
                sheet.write_number(row, col, n)?;
                return Ok(());
            }
        }
        Col::Date => {
            if let Some(d) = iso_date(text) {
                let (y, m, day) = (d.year(), d.month(), d.day());
                if let Ok(when) = rust_xlsxwriter::ExcelDateTime::from_ymd(y as u16, m as u8, day as u8) {
                    sheet.write_datetime_with_format(row, col, when, &DATE_FORMAT)?;
                    return Ok(());
                }
            }
        }
        Col::Text => {}
    }
    sheet.write_string(row, col, text)?;
    Ok(())
}

/// Where rows go.
pub trait Sink {
    /// What each column holds (a column not named is text). Before the first data row.
    fn columns(&mut self, _kinds: &[Col]) {}
    /// One row, cell by cell: a cell borrowed from the record where it can be, so that a
    /// row of 40 cells costs no 40 strings.
    fn cells<'c>(&mut self, cells: &mut dyn Iterator<Item = Cow<'c, str>>) -> Result<(), String>;
    fn row(&mut self, cells: &[String]) -> Result<(), String> {
        self.cells(&mut cells.iter().map(|c| Cow::Borrowed(c.as_str())))
    }
    fn finish(self: Box<Self>) -> Result<(), String>;
}

struct CsvSink {
    writer: csv::Writer<std::io::BufWriter<std::fs::File>>,
}

impl Sink for CsvSink {
    fn cells<'c>(&mut self, cells: &mut dyn Iterator<Item = Cow<'c, str>>) -> Result<(), String> {
        self.writer.write_record(cells.map(|c| Neutralised(neutralised(c)))).map_err(|e| e.to_string())
    }
    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.writer.flush().map_err(|e| e.to_string())
    }
}

/// A cell as CSV writes it, borrowed unless it had to change.
struct Neutralised<'a>(Cow<'a, str>);

impl AsRef<[u8]> for Neutralised<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

fn csv_sink(path: &Path) -> std::io::Result<CsvSink> {
    let mut file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    file.write_all(b"\xEF\xBB\xBF")?;
    // Flexible: a report's title and notes are rows of one cell above and below its table.
    let writer = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(file);
    Ok(CsvSink { writer })
}

/// Writes a CSV file (UTF-8 with BOM, neutralised cells).
pub fn write_csv(path: &Path, headers: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> std::io::Result<()> {
    let mut sink = csv_sink(path)?;
    let err = |e: String| std::io::Error::other(e);
    sink.row(headers).map_err(err)?;
    for r in rows {
        sink.row(&r).map_err(err)?;
    }
    Box::new(sink).finish().map_err(err)
}

struct XlsxSink {
    book: rust_xlsxwriter::Workbook,
    path: PathBuf,
    row: u32,
    widths: Vec<usize>,
    kinds: Vec<Col>,
    header: rust_xlsxwriter::Format,
}

/// Widest a column gets, in display columns (longer text wraps out of view, as usual).
const MAX_WIDTH: usize = 60;

impl Sink for XlsxSink {
    fn columns(&mut self, kinds: &[Col]) {
        self.kinds = kinds.to_vec();
    }

    fn cells<'c>(&mut self, cells: &mut dyn Iterator<Item = Cow<'c, str>>) -> Result<(), String> {
        let sheet = self.book.worksheet_from_index(0).map_err(|e| e.to_string())?;
        for (col, c) in cells.enumerate() {
            if col >= self.widths.len() {
                self.widths.resize(col + 1, 0);
            }
            let c = c.as_ref();
            let w = UnicodeWidthStr::width(c);
            if w > self.widths[col] {
                self.widths[col] = w.min(MAX_WIDTH);
            }
            if c.is_empty() {
                continue;
            }
            let r = if self.row == 0 {
                sheet.write_string_with_format(self.row, col as u16, c, &self.header).map(|_| ())
            } else {
                write_cell(sheet, self.row, col as u16, c, self.kinds.get(col).copied().unwrap_or_default())
            };
            r.map_err(|e| e.to_string())?;
        }
        self.row += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        let sheet = self.book.worksheet_from_index(0).map_err(|e| e.to_string())?;
        for (col, w) in self.widths.iter().enumerate() {
            sheet.set_column_width(col as u16, (*w as f64 + 2.0).max(6.0)).map_err(|e| e.to_string())?;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        self.book.save(&self.path).map_err(|e| e.to_string())
    }
}

fn xlsx_sink(path: &Path, sheet_name: &str) -> Result<XlsxSink, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    // Rows go to a temporary file as they are written: 100,000 cases in flat memory.
    book.add_worksheet_with_constant_memory().set_name(sheet_name).map_err(|e| e.to_string())?;
    Ok(XlsxSink {
        book,
        path: path.to_path_buf(),
        row: 0,
        widths: Vec::new(),
        kinds: Vec::new(),
        header: rust_xlsxwriter::Format::new().set_bold(),
    })
}

/// A sink of `format` writing to `path`.
pub fn sink(path: &Path, format: Format, sheet_name: &str) -> Result<Box<dyn Sink>, ExportError> {
    let io = |e: String| ExportError::Io(path.to_path_buf(), e);
    Ok(match format {
        Format::Csv => Box::new(csv_sink(path).map_err(|e| io(e.to_string()))?),
        Format::Xlsx => Box::new(xlsx_sink(path, sheet_name).map_err(io)?),
    })
}

/// Writes `headers` and `rows` to `path` (a small table: templates, tests); `kinds` says
/// what each column holds.
pub fn write_table(
    path: &Path,
    format: Format,
    sheet: &str,
    (headers, kinds): (&[String], &[Col]),
    rows: &[Vec<String>],
) -> Result<(), ExportError> {
    let mut s = sink(path, format, sheet)?;
    s.columns(kinds);
    let io = |e: String| ExportError::Io(path.to_path_buf(), e);
    s.row(headers).map_err(io)?;
    for r in rows {
        s.row(r).map_err(io)?;
    }
    s.finish().map_err(io)
}

/// Exports what `opts` names to `path`. Returns the number of data rows written.
pub fn export(db: &mut Db, opts: &ExportOptions, path: &Path) -> Result<usize, ExportError> {
    let county = opts.region.as_str();
    if crate::domain::region::level_of(county).is_err() || crate::db::regions::get(&db.conn, county)?.is_none() {
        return Err(ExportError::NotARegion(county.to_string()));
    }
    // What the login may export of the region: a 填报员 their school, by default and at
    // most, a county's login its county but not its prefecture; the rows are narrowed to
    // the read scope by the database all the same.
    let scope = db.read_scope();
    let covered = match opts.what {
        What::Cases => scope.export_cases(county, opts.school),
        What::Schools | What::Alliances => scope.export_places(county, opts.school),
    };
    let place = match covered.map_err(|r| ExportError::Refused(db.place_refused(r)))? {
        Coverage::County => Place::county(county),
        Coverage::School(id) => Place { region: county.to_string(), school: Some(id) },
    };
    if opts.unmasked && opts.what == What::Cases {
        let file = path.display().to_string();
        let county = county.to_string();
        db.audit_only(|| {
            vec![AuditRow { action: "reveal", ..AuditRow::insert("cases", &county) }
                .with_note(fill(X::AuditUnmasked.s(), &[&file]))]
        })
        .map_err(ExportError::Write)?;
    }
    let sheet = match opts.what {
        What::Cases => X::SheetCases.s(),
        What::Schools => X::SheetSchools.s(),
        What::Alliances => X::SheetAlliances.s(),
    };
    let mut out = sink(path, opts.format, sheet)?;
    if db.demo {
        out = Box::new(DemoColumn { inner: out, header_done: false });
    }
    let n = match opts.what {
        What::Cases => cases(db, &place, &opts.statuses, opts.unmasked, out.as_mut()),
        What::Schools => schools(db, &place, out.as_mut()),
        What::Alliances => alliances(db, &place, out.as_mut()),
    };
    let n = n.map_err(|e| match e {
        RowError::Sqlite(e) => ExportError::Sqlite(e),
        RowError::Sink(e) => ExportError::Io(path.to_path_buf(), e),
    })?;
    out.finish().map_err(|e| ExportError::Io(path.to_path_buf(), e))?;
    Ok(n)
}

/// A demo database's export ends each row with one more column, headed 【演示数据…】 and
/// otherwise empty: the file says what it is, and an import reports the column as ignored.
struct DemoColumn {
    inner: Box<dyn Sink>,
    header_done: bool,
}

impl Sink for DemoColumn {
    fn columns(&mut self, kinds: &[Col]) {
        self.inner.columns(kinds);
    }

    fn cells<'c>(&mut self, cells: &mut dyn Iterator<Item = Cow<'c, str>>) -> Result<(), String> {
        let mark = if self.header_done { "" } else { X::DemoMark.s() };
        self.header_done = true;
        self.inner.cells(&mut cells.chain([Cow::Borrowed(mark)]))
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        self.inner.finish()
    }
}

enum RowError {
    Sqlite(rusqlite::Error),
    Sink(String),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Sqlite(e)
    }
}

/// One column of the case export: its header and its cell come from the same entry, so
/// they cannot drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseColumn {
    Id,
    /// A field of the case table; a school field is its name.
    Field(&'static Field),
    SchoolCode,
    Status,
    Ledger,
    LastVisit,
    ReturnedOn,
    ClosedOn,
    CloseBasis,
    ClosedBy,
    /// Why a case was transferred, put in 其他 or voided (an import's steps ask for it).
    ChangeReason,
}

/// The case columns in export order: the id, every exported field of `table` (the import
/// reads them all back) with the school's 学校标识码 after it and the status before the
/// note, then the workflow's columns.
fn case_columns(table: &'static [Field]) -> Vec<CaseColumn> {
    use CaseColumn as C;
    let mut cols = vec![C::Id];
    for f in table.iter().filter(|f| f.export) {
        match f.kind {
            Kind::School => cols.extend([C::Field(f), C::SchoolCode]),
            Kind::Note(_) => cols.extend([C::Status, C::Field(f)]),
            _ => cols.push(C::Field(f)),
        }
    }
    cols.extend([C::Ledger, C::LastVisit, C::ReturnedOn, C::ClosedOn, C::CloseBasis, C::ClosedBy, C::ChangeReason]);
    cols
}

impl CaseColumn {
    fn header(self) -> String {
        match self {
            CaseColumn::Id => X::HeaderCaseId.s(),
            CaseColumn::Field(f) => label_of(f),
            CaseColumn::SchoolCode => X::HeaderSchoolCode.s(),
            CaseColumn::Status => X::HeaderStatus.s(),
            CaseColumn::Ledger => X::HeaderLedger.s(),
            CaseColumn::LastVisit => X::HeaderLastVisit.s(),
            CaseColumn::ReturnedOn => X::HeaderReturnedOn.s(),
            CaseColumn::ClosedOn => X::HeaderClosedOn.s(),
            CaseColumn::CloseBasis => X::HeaderCloseBasis.s(),
            CaseColumn::ClosedBy => X::HeaderClosedBy.s(),
            CaseColumn::ChangeReason => X::HeaderChangeReason.s(),
        }
        .to_string()
    }

    /// What the column holds: the id and counts are numbers, the workflow's days dates.
    fn kind(self) -> Col {
        match self {
            CaseColumn::Id => Col::Number,
            CaseColumn::Field(f) => Col::of(f.kind),
            CaseColumn::LastVisit | CaseColumn::ReturnedOn | CaseColumn::ClosedOn => Col::Date,
            CaseColumn::SchoolCode | CaseColumn::Status | CaseColumn::Ledger => Col::Text,
            CaseColumn::CloseBasis | CaseColumn::ClosedBy | CaseColumn::ChangeReason => Col::Text,
        }
    }

    /// This column's cell of case `c`: codes as labels, personal fields masked unless
    /// `unmasked` (`field_shown` decides). Borrowed from `c` where it is shown as stored.
    fn cell(self, c: &CaseExport, unmasked: bool) -> Cow<'_, str> {
        fn stored(s: &str) -> Cow<'_, str> {
            Cow::Borrowed(s)
        }
        match self {
            CaseColumn::Id => Cow::Owned(c.id.to_string()),
            CaseColumn::Field(f) if f.kind == Kind::School => stored(&c.school_name),
            CaseColumn::Field(f) => field_shown(f, c.field(f.key), unmasked),
            CaseColumn::SchoolCode => stored(&c.school_code),
            CaseColumn::Status => CaseStatus::from_code(&c.status).map_or(stored(&c.status), |s| s.label().into()),
            CaseColumn::Ledger => Ledger::from_code(&c.ledger).map_or(stored(&c.ledger), |l| l.label().into()),
            CaseColumn::LastVisit => stored(&c.last_visit_on),
            CaseColumn::ReturnedOn => stored(&c.returned_on),
            CaseColumn::ClosedOn => stored(&c.closed_on),
            CaseColumn::CloseBasis => stored(&c.close_basis),
            CaseColumn::ClosedBy => stored(&c.closed_by),
            CaseColumn::ChangeReason => match CaseStatus::from_code(&c.status) {
                Some(CaseStatus::Transferred | CaseStatus::Other | CaseStatus::Voided) => stored(&c.change_reason),
                _ => Cow::Borrowed(""),
            },
        }
    }
}

pub fn case_headers() -> Vec<String> {
    case_columns(case::FIELDS).into_iter().map(CaseColumn::header).collect()
}

/// What each case column holds, in `case_headers` order.
pub fn case_kinds() -> Vec<Col> {
    case_columns(case::FIELDS).into_iter().map(CaseColumn::kind).collect()
}

/// `kinds` after the place columns of `region` (text).
fn placed_kinds(region: &str, kinds: Vec<Col>) -> Vec<Col> {
    let mut all = vec![Col::Text; rollup::place_headers(region).len()];
    all.extend(kinds);
    all
}

/// `cells` after the columns saying where a row of `unit` belongs in an export of `region`.
fn placed(db: &Db, region: &str, unit: &str, cells: Vec<String>) -> Vec<String> {
    let mut row = rollup::place_cells(region, unit, &|c| db.region_name(c));
    row.extend(cells);
    row
}

/// The rows of a case export, cell by cell, with the columns worked out once.
struct CaseRows<'d> {
    db: &'d Db,
    region: &'d str,
    columns: Vec<CaseColumn>,
    unmasked: bool,
}

impl<'d> CaseRows<'d> {
    fn new(db: &'d Db, region: &'d str, unmasked: bool) -> CaseRows<'d> {
        CaseRows { db, region, columns: case_columns(case::FIELDS), unmasked }
    }

    /// Writes case `c` as one row of `out`, after its place cells (none in a county's).
    fn write(&self, c: &CaseExport, out: &mut dyn Sink) -> Result<(), String> {
        let place = rollup::place_cells(self.region, &c.county_code, &|code| self.db.region_name(code));
        let cells = self.columns.iter().map(|col| col.cell(c, self.unmasked));
        out.cells(&mut place.iter().map(|p| Cow::Borrowed(p.as_str())).chain(cells))
    }

    /// Case `c`'s row as owned cells (a report that keeps the rows).
    fn owned(&self, c: &CaseExport) -> Vec<String> {
        let cells = self.columns.iter().map(|col| col.cell(c, self.unmasked).into_owned()).collect();
        placed(self.db, self.region, &c.county_code, cells)
    }
}

/// `headers` after the place columns of `region`.
fn placed_headers(region: &str, headers: Vec<String>) -> Vec<String> {
    let mut row = rollup::place_headers(region);
    row.extend(headers);
    row
}

fn cases(
    db: &Db,
    place: &Place,
    statuses: &[CaseStatus],
    unmasked: bool,
    out: &mut dyn Sink,
) -> Result<usize, RowError> {
    let region = place.region.as_str();
    out.columns(&placed_kinds(region, case_kinds()));
    out.row(&placed_headers(region, case_headers())).map_err(RowError::Sink)?;
    let rows = CaseRows::new(db, region, unmasked);
    export_rows::cases(db, place, statuses, |c| rows.write(c, out).map_err(RowError::Sink))
}

/// A case list: its headers, what each column holds, its rows.
pub type CaseList = (Vec<String>, Vec<Col>, Vec<Vec<String>>);

/// The masked case list of `region` with one of `statuses`, as rows (place columns first),
/// for a report that carries it (the upward bundle). The caller checks the read scope.
pub fn masked_cases(db: &Db, region: &str, statuses: &[CaseStatus]) -> rusqlite::Result<CaseList> {
    let (mut rows, case_rows) = (Vec::new(), CaseRows::new(db, region, false));
    export_rows::cases(db, &Place::county(region), statuses, |c| {
        rows.push(case_rows.owned(c));
        Ok::<(), rusqlite::Error>(())
    })?;
    Ok((placed_headers(region, case_headers()), placed_kinds(region, case_kinds()), rows))
}

/// Export headers for schools: each column's label (the import reads them back).
pub fn school_headers() -> Vec<String> {
    super::school_rows::columns().into_iter().map(|f| crate::i18n::schools::label(f).to_string()).collect()
}

/// A school's designations as one cell: each tag with its level and date, 、-separated.
/// The school import ignores the column, so the export stays its template.
fn tags_cell(given: Option<&Vec<crate::db::tags::Given>>) -> String {
    let one = |g: &crate::db::tags::Given| format!("{}（{}，{}）", g.tag, g.level.label(), g.on);
    given.map(|v| v.iter().map(one).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s())).unwrap_or_default()
}

/// A school's cells in `school_headers` order: codes as their labels.
fn school_cells(s: SchoolExport) -> Vec<String> {
    let cells = super::school_rows::columns().into_iter().map(|f| {
        if f.key == super::school_rows::COUNTY.key {
            return s.county_code.clone();
        }
        let text = s.texts.iter().find(|(k, _)| *k == f.key).map(|(_, v)| v.as_str()).unwrap_or_default();
        crate::i18n::schools::shown(f, text)
    });
    cells.collect()
}

fn schools(db: &Db, place: &Place, out: &mut dyn Sink) -> Result<usize, RowError> {
    let region = place.region.as_str();
    let mut kinds: Vec<Col> = super::school_rows::columns().into_iter().map(|f| Col::of(f.kind)).collect();
    kinds.push(Col::Text);
    out.columns(&placed_kinds(region, kinds));
    let mut headers = school_headers();
    headers.push(crate::i18n::registry::RG::TagColumn.s().to_string());
    out.row(&placed_headers(region, headers)).map_err(RowError::Sink)?;
    let tags = crate::db::tags::by_school(&db.conn, region)?;
    export_rows::schools(db, place, |s| {
        let unit = s.county_code.clone();
        let given = tags_cell(tags.get(&s.id));
        let mut cells = school_cells(s);
        cells.push(given);
        out.row(&placed(db, region, &unit, cells)).map_err(RowError::Sink)
    })
}

fn alliance_headers() -> Vec<String> {
    [
        X::HeaderAllianceName,
        X::HeaderAllianceKind,
        X::HeaderAllianceLevel,
        X::HeaderRegionCode,
        X::HeaderLeadSchool,
        X::HeaderFounded,
        X::HeaderMode,
        X::HeaderDissolved,
        X::HeaderMemberCount,
        X::HeaderMembers,
    ]
    .iter()
    .map(|x| x.s().to_string())
    .collect()
}

/// What each alliance column holds, in `alliance_headers` order.
fn alliance_kinds() -> Vec<Col> {
    let (t, d, n) = (Col::Text, Col::Date, Col::Number);
    vec![t, t, t, t, t, d, t, d, n, t]
}

fn alliance_cells(a: AllianceExport) -> Vec<String> {
    let kind = AllianceKind::from_code(&a.kind).map(|k| k.label().to_string()).unwrap_or(a.kind);
    let level = AllianceLevel::from_code(&a.level).map(|k| k.label().to_string()).unwrap_or(a.level);
    let count = a.members.len().to_string();
    let members = a.members.join(crate::i18n::T::ListSep.s().trim());
    vec![a.name, kind, level, a.region_code, a.lead_school, a.founded_on, a.mode, a.dissolved_on, count, members]
}

fn alliances(db: &Db, place: &Place, out: &mut dyn Sink) -> Result<usize, RowError> {
    let region = place.region.as_str();
    out.columns(&placed_kinds(region, alliance_kinds()));
    out.row(&placed_headers(region, alliance_headers())).map_err(RowError::Sink)?;
    export_rows::alliances(db, place, |a| {
        let unit = a.region_code.clone();
        out.row(&placed(db, region, &unit, alliance_cells(a))).map_err(RowError::Sink)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Mask;

    /// The case table with a personal field inserted in the middle.
    static WIDER: std::sync::LazyLock<&'static [Field]> = std::sync::LazyLock::new(|| {
        let mut t = case::FIELDS.to_vec();
        t.insert(5, Field { mask: Mask::Id, ..Field::text("extra_id", "插入证号", "Inserted ID") });
        Vec::leak(t)
    });

    #[test]
    fn headers_and_cells_stay_paired_when_a_field_is_inserted() {
        let table: &'static [Field] = &WIDER;
        // Each field's stored value is its own key: a cell shows which field it came from.
        let c = CaseExport {
            id: 7,
            fields: table.iter().map(|f| (f.key, f.key.to_string())).collect(),
            ..Default::default()
        };
        let cols = case_columns(table);
        assert_eq!(cols.len(), case_columns(case::FIELDS).len() + 1);
        for col in cols {
            if let CaseColumn::Field(f) = col {
                assert_eq!(col.header(), label_of(f));
                if f.kind != Kind::School
                    && !f.is_personal()
                    && matches!(f.kind, Kind::Text(_) | Kind::Name(_) | Kind::Note(_))
                {
                    assert_eq!(col.cell(&c, true), f.key);
                }
            }
        }
        let inserted = CaseColumn::Field(&table[5]);
        assert_eq!(inserted.header(), "插入证号");
        assert_eq!(inserted.cell(&c, false), field_shown(&table[5], "extra_id", false));
        assert_ne!(inserted.cell(&c, false), "extra_id", "masked unless asked");
    }
}
