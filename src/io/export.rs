//! Writing cases, schools and alliances to `.xlsx` (header row, column widths measured in
//! display columns so Chinese fits, frozen header) or CSV (UTF-8 with BOM, which Excel and
//! WPS open correctly). ID numbers are masked unless asked otherwise, and that request is
//! audited. A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) gets a
//! leading `'` so that no spreadsheet ever runs it as a formula.

use crate::db::audit::{AuditRow, WriteError};
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{AllianceKind, AllianceLevel, FamilyType, Location, Reason, SchoolKind};
use crate::domain::id_number;
use crate::i18n::io::X;
use crate::i18n::ledger::{field_label, grade_label};
use crate::i18n::{fill, Label};
use rusqlite::types::Value;
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
    pub county: String,
    /// Cases only: these statuses (empty: all).
    pub statuses: Vec<CaseStatus>,
    pub format: Format,
    pub unmasked: bool,
}

#[derive(Debug)]
pub enum ExportError {
    NotACounty(String),
    /// The user may not read this county's records.
    Refused(String),
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
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Where rows go.
pub trait Sink {
    fn row(&mut self, cells: &[String]) -> Result<(), String>;
    fn finish(self: Box<Self>) -> Result<(), String>;
}

struct CsvSink {
    writer: csv::Writer<std::io::BufWriter<std::fs::File>>,
}

impl Sink for CsvSink {
    fn row(&mut self, cells: &[String]) -> Result<(), String> {
        self.writer.write_record(cells.iter().map(|c| neutralise(c).into_owned())).map_err(|e| e.to_string())
    }
    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.writer.flush().map_err(|e| e.to_string())
    }
}

fn csv_sink(path: &Path) -> std::io::Result<CsvSink> {
    let mut file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
    file.write_all(b"\xEF\xBB\xBF")?;
    Ok(CsvSink { writer: csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(file) })
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
    header: rust_xlsxwriter::Format,
}

/// Widest a column gets, in display columns (longer text wraps out of view, as usual).
const MAX_WIDTH: usize = 60;

impl Sink for XlsxSink {
    fn row(&mut self, cells: &[String]) -> Result<(), String> {
        let sheet = self.book.worksheet_from_index(0).map_err(|e| e.to_string())?;
        for (col, c) in cells.iter().enumerate() {
            if col >= self.widths.len() {
                self.widths.resize(col + 1, 0);
            }
            let w = UnicodeWidthStr::width(c.as_str());
            if w > self.widths[col] {
                self.widths[col] = w.min(MAX_WIDTH);
            }
            if c.is_empty() {
                continue;
            }
            let text = neutralise(c);
            let r = if self.row == 0 {
                sheet.write_string_with_format(self.row, col as u16, text.as_ref(), &self.header)
            } else {
                sheet.write_string(self.row, col as u16, text.as_ref())
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
    book.add_worksheet().set_name(sheet_name).map_err(|e| e.to_string())?;
    Ok(XlsxSink {
        book,
        path: path.to_path_buf(),
        row: 0,
        widths: Vec::new(),
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

/// Writes `headers` and `rows` to `path` (a small table: reports, tests).
pub fn write_table(
    path: &Path,
    format: Format,
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<(), ExportError> {
    let mut s = sink(path, format, sheet)?;
    let io = |e: String| ExportError::Io(path.to_path_buf(), e);
    s.row(headers).map_err(io)?;
    for r in rows {
        s.row(r).map_err(io)?;
    }
    s.finish().map_err(io)
}

/// Exports what `opts` names to `path`. Returns the number of data rows written.
pub fn export(db: &mut Db, opts: &ExportOptions, path: &Path) -> Result<usize, ExportError> {
    let county = opts.county.as_str();
    if crate::domain::region::level_of(county) != Ok(crate::domain::region::Level::County)
        || crate::db::regions::get(&db.conn, county)?.is_none()
    {
        return Err(ExportError::NotACounty(county.to_string()));
    }
    if !db.actor.may_read(&Target { region_code: county.to_string(), school_id: None }) {
        return Err(ExportError::Refused(fill(X::ExportRefused.s(), &[&db.actor.login, &county])));
    }
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
    let n = match opts.what {
        What::Cases => cases(&db.conn, county, &opts.statuses, opts.unmasked, out.as_mut()),
        What::Schools => schools(&db.conn, county, out.as_mut()),
        What::Alliances => alliances(&db.conn, county, out.as_mut()),
    };
    let n = n.map_err(|e| match e {
        RowError::Sqlite(e) => ExportError::Sqlite(e),
        RowError::Sink(e) => ExportError::Io(path.to_path_buf(), e),
    })?;
    out.finish().map_err(|e| ExportError::Io(path.to_path_buf(), e))?;
    Ok(n)
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

/// The case columns, in export order: the import reads back every field of the form.
const CASE_COLUMNS: &[&str] = &[
    "name",
    "id_number",
    "sex",
    "birth_date",
    "student_no",
    "hukou_code",
    "hukou_text",
    "address",
    "guardian",
    "guardian_relation",
    "guardian_phone",
    "school",
    "school_code",
    "grade",
    "class_name",
    "family_types",
    "absent_since",
    "reason",
    "reason_text",
    "gov_person",
    "gov_phone",
    "edu_person",
    "edu_phone",
    "registered_on",
    "status",
    "note",
];

pub fn case_headers() -> Vec<String> {
    let mut h: Vec<String> = vec![X::HeaderCaseId.s().into()];
    h.extend(CASE_COLUMNS.iter().map(|k| {
        match *k {
            "school" => field_label("school_id"),
            "school_code" => X::HeaderSchoolCode.s(),
            "status" => X::HeaderStatus.s(),
            k => field_label(k),
        }
        .to_string()
    }));
    h.extend(
        [
            X::HeaderLedger,
            X::HeaderLastVisit,
            X::HeaderReturnedOn,
            X::HeaderClosedOn,
            X::HeaderCloseBasis,
            X::HeaderClosedBy,
        ]
        .iter()
        .map(|x| x.s().to_string()),
    );
    h
}

fn family_labels(codes: &str) -> String {
    codes
        .split(',')
        .filter_map(FamilyType::from_code)
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(crate::i18n::T::ListSep.s().trim())
}

fn cases(
    conn: &rusqlite::Connection,
    county: &str,
    statuses: &[CaseStatus],
    unmasked: bool,
    out: &mut dyn Sink,
) -> Result<usize, RowError> {
    out.row(&case_headers()).map_err(RowError::Sink)?;
    let mut sql = String::from(
        "SELECT c.id, c.name, c.id_number, c.sex, c.birth_date, c.student_no, c.hukou_code, c.hukou_text,
                c.address, c.guardian, c.guardian_relation, c.guardian_phone, coalesce(s.name, ''),
                coalesce(s.school_code, ''), c.grade, c.class_name, c.family_types, c.absent_since, c.reason,
                c.reason_text, c.gov_person, c.gov_phone, c.edu_person, c.edu_phone, c.registered_on, c.status,
                c.note, c.ledger, c.last_visit_on, c.returned_on, c.closed_on, c.close_basis, c.closed_by
         FROM cases c LEFT JOIN schools s ON s.id = c.school_id WHERE c.county_code = ?1",
    );
    let mut values = vec![Value::Text(county.to_string())];
    if !statuses.is_empty() {
        let marks: Vec<String> = (0..statuses.len()).map(|i| format!("?{}", i + 2)).collect();
        sql.push_str(&format!(" AND c.status IN ({})", marks.join(",")));
        values.extend(statuses.iter().map(|s| Value::Text(s.code().to_string())));
    }
    sql.push_str(" ORDER BY c.registered_on, c.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
    let mut n = 0;
    let mut cells: Vec<String> = Vec::with_capacity(34);
    let text = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    while let Some(r) = rows.next()? {
        cells.clear();
        cells.push(r.get::<_, i64>(0)?.to_string());
        cells.push(text(r, 1)?);
        let idn = text(r, 2)?;
        cells.push(if unmasked || idn.is_empty() { idn } else { id_number::mask(&idn) });
        cells.push(match text(r, 3)?.as_str() {
            "M" => X::SexM.s().to_string(),
            "F" => X::SexF.s().to_string(),
            _ => String::new(),
        });
        for i in 4..=13 {
            cells.push(text(r, i)?);
        }
        cells.push(r.get::<_, Option<i64>>(14)?.map(|g| grade_label(g).to_string()).unwrap_or_default());
        cells.push(text(r, 15)?);
        cells.push(family_labels(&text(r, 16)?));
        cells.push(text(r, 17)?);
        cells.push(Reason::from_code(&text(r, 18)?).map(|x| x.label().to_string()).unwrap_or_default());
        for i in 19..=24 {
            cells.push(text(r, i)?);
        }
        let status = text(r, 25)?;
        cells.push(CaseStatus::from_code(&status).map(|s| s.label().to_string()).unwrap_or(status));
        cells.push(text(r, 26)?);
        let ledger = text(r, 27)?;
        cells.push(crate::domain::codes::Ledger::from_code(&ledger).map(|l| l.label().to_string()).unwrap_or(ledger));
        for i in 28..=32 {
            cells.push(text(r, i)?);
        }
        out.row(&cells).map_err(RowError::Sink)?;
        n += 1;
    }
    Ok(n)
}

/// Export headers for schools: the first (Chinese) or last (English) header of each field.
pub fn school_headers() -> Vec<String> {
    super::school_rows::SCHOOL_FIELDS
        .iter()
        .map(|f| match crate::i18n::lang() {
            crate::i18n::Lang::Zh => f.headers[0],
            crate::i18n::Lang::En => f.headers[f.headers.len() - 1],
        })
        .map(str::to_string)
        .collect()
}

fn schools(conn: &rusqlite::Connection, county: &str, out: &mut dyn Sink) -> Result<usize, RowError> {
    out.row(&school_headers()).map_err(RowError::Sink)?;
    let mut stmt = conn.prepare(
        "SELECT name, coalesce(school_code, ''), county_code, kind, location, students, primary_students,
                junior_students, classes, largest_class, boarding_students, teachers, degree_teachers,
                backbone_teachers, pe_arts_teachers, building_m2, sports_m2, equipment_yuan, multimedia_rooms,
                coalesce(opened_on, ''), note
         FROM schools WHERE county_code = ?1 ORDER BY name, id",
    )?;
    let mut rows = stmt.query([county])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let mut cells: Vec<String> = vec![r.get(0)?, r.get(1)?, r.get(2)?];
        let kind: String = r.get(3)?;
        cells.push(SchoolKind::from_code(&kind).map(|k| k.label().to_string()).unwrap_or(kind));
        let loc: String = r.get(4)?;
        cells.push(Location::from_code(&loc).map(|k| k.label().to_string()).unwrap_or(loc));
        for i in 5..=18 {
            let v: Value = r.get(i)?;
            cells.push(match v {
                Value::Integer(n) => n.to_string(),
                Value::Real(f) if f.fract() == 0.0 => format!("{}", f as i64),
                Value::Real(f) => f.to_string(),
                Value::Text(t) => t,
                _ => String::new(),
            });
        }
        cells.push(r.get(19)?);
        cells.push(r.get(20)?);
        out.row(&cells).map_err(RowError::Sink)?;
        n += 1;
    }
    Ok(n)
}

fn alliances(conn: &rusqlite::Connection, county: &str, out: &mut dyn Sink) -> Result<usize, RowError> {
    let headers: Vec<String> = [
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
    .collect();
    out.row(&headers).map_err(RowError::Sink)?;
    let mut stmt = conn.prepare(
        "SELECT a.id, a.name, a.kind, a.level, a.region_code, coalesce((SELECT s.name FROM schools s WHERE s.id = a.lead_school_id), ''),
                coalesce(a.founded_on, ''), a.mode, coalesce(a.dissolved_on, '')
         FROM alliances a
         WHERE a.region_code = ?1 OR EXISTS (
             SELECT 1 FROM alliance_members m JOIN schools s ON s.id = m.school_id
             WHERE m.alliance_id = a.id AND s.county_code = ?1)
         ORDER BY a.level, a.name, a.id",
    )?;
    let mut members = conn.prepare(
        "SELECT s.name FROM alliance_members m JOIN schools s ON s.id = m.school_id
         WHERE m.alliance_id = ?1 AND m.left_on IS NULL ORDER BY m.role = 'lead' DESC, s.name",
    )?;
    let mut rows = stmt.query([county])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let names: Vec<String> = members.query_map([id], |m| m.get(0))?.collect::<Result<_, _>>()?;
        let kind: String = r.get(2)?;
        let level: String = r.get(3)?;
        let cells = vec![
            r.get(1)?,
            AllianceKind::from_code(&kind).map(|k| k.label().to_string()).unwrap_or(kind),
            AllianceLevel::from_code(&level).map(|k| k.label().to_string()).unwrap_or(level),
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            names.len().to_string(),
            names.join(crate::i18n::T::ListSep.s().trim()),
        ];
        out.row(&cells).map_err(RowError::Sink)?;
        n += 1;
    }
    Ok(n)
}
