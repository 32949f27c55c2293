//! Importing cases and schools from a spreadsheet. Every row is checked with the same rules
//! as the forms (`domain::case::validate`; for schools the checks in `school_rows`).
//!
//! - Dry run (the default): every bad row is listed (line, column, value, reason); nothing
//!   is written.
//! - `Apply`: all rows are written in ONE transaction, and only if every row is valid.
//! - `SkipInvalid`: the valid rows are written (one transaction) and the rejected ones are
//!   written to `<name>.rejected.csv` beside the input, with a reason column, for correction.
//!
//! A row for a child who already has an open case (same ID number, in the database or
//! earlier in the file) changes nothing and is reported. Every imported row gets an audit
//! row naming the importing user (the write path fills in who) and the file.

use super::read::{self, Encoding, FieldSpec, Mapping, ReadError, Repeated, SheetRow, Table};
use super::school_rows::{self, SchoolRow};
use crate::db::audit::WriteError;
use crate::db::case_import::{self, open_case_of, NewCase};
use crate::db::schools::{load_refs, SchoolRef};
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::case::{self, CaseError, CaseRecord};
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{FamilyType, Reason};
use crate::domain::fields::{Field, Kind as FieldKind};
use crate::domain::school_rules;
use crate::i18n::io::X;
use crate::i18n::ledger::{case_error, case_field_label};
use crate::i18n::{fill, Label};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cases,
    Schools,
    /// The special-group registry's 登记表 (`io::registry`).
    Registry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    DryRun,
    Apply,
    SkipInvalid,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub mode: Mode,
    /// Schools named in the file are looked up in this county; schools imported without a
    /// county column go into it.
    pub county: Option<String>,
    pub encoding: Encoding,
    pub sheet: Option<String>,
}

/// One thing wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub line: usize,
    /// The column's header in the file (or the field's name when the file has no such column).
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// A row that was not written because its record already exists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub line: usize,
    pub name: String,
    pub reason: String,
}

/// What an import found and did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Outcome {
    pub file: String,
    pub format: String,
    /// (header in the file, field name) for every recognised column.
    pub mapping: Vec<(String, String)>,
    pub ignored_columns: Vec<String>,
    pub rows: usize,
    pub valid_rows: usize,
    pub invalid_rows: usize,
    pub problems: Vec<Problem>,
    pub duplicates: Vec<Skipped>,
    pub written: usize,
    pub rejected_file: Option<PathBuf>,
    pub applied: bool,
}

impl Outcome {
    /// An import's outcome before any row is checked: the file, its format, which header
    /// went to which field and which were left unused.
    pub fn of_file(path: &Path, table: &Table, mapping: &Mapping) -> Outcome {
        Outcome {
            file: path.display().to_string(),
            format: table.source_format.clone(),
            mapping: mapping
                .columns
                .iter()
                .map(|(i, k)| (table.headers.get(*i).cloned().unwrap_or_default(), k.to_string()))
                .collect(),
            ignored_columns: mapping.ignored.clone(),
            rows: table.rows.len(),
            ..Outcome::default()
        }
    }
}

#[derive(Debug)]
pub enum ImportError {
    Read(ReadError),
    /// Required fields with no column: their names, and the headers we accept for them.
    MissingColumns(Vec<String>),
    /// Two columns name the same field (two 身份证号 columns): which holds the data is not
    /// guessed.
    RepeatedColumns(Vec<Repeated>),
    BadCounty(String),
    Write(WriteError),
    Rejected(PathBuf, std::io::Error),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Sqlite(e)
    }
}

impl From<WriteError> for ImportError {
    fn from(e: WriteError) -> Self {
        ImportError::Write(e)
    }
}

/// The columns of a case file besides the fields of `case::FIELDS` (whose labels and
/// synonyms name them): the school's 学校标识码 and the status.
const CASE_EXTRA: &[FieldSpec] = &[
    FieldSpec { key: "school_code", headers: &["学校标识码", "学校代码", "School code"] },
    FieldSpec { key: "status", headers: &["状态", "当前状态", "登记为", "Status"] },
];

/// The headers that name case field `f`: its Chinese label, its synonyms, its English label.
pub(crate) fn field_headers(f: &Field) -> impl Iterator<Item = &'static str> {
    std::iter::once(f.zh).chain(f.synonyms.iter().copied()).chain(std::iter::once(f.en))
}

/// The import's key for a field: the school is found by name (or 学校标识码), so its column
/// is `school`.
pub(crate) fn import_key(f: &Field) -> &'static str {
    if f.kind == FieldKind::School {
        "school"
    } else {
        f.key
    }
}

/// The column a normalised header names in a case file.
fn case_column_of(n: &str) -> Option<&'static str> {
    let named = |h: &str| read::normalise_header(h) == n;
    case::FIELDS
        .iter()
        .find(|f| f.key == n || field_headers(f).any(named))
        .map(import_key)
        .or_else(|| CASE_EXTRA.iter().find(|s| s.key == n || s.headers.iter().any(|h| named(h))).map(|s| s.key))
}

/// The first headers accepted for case column `key` (for a missing-column message).
fn case_headers_of(key: &str) -> Vec<&'static str> {
    match case::FIELDS.iter().find(|f| import_key(f) == key) {
        Some(f) => field_headers(f).take(3).collect(),
        None => CASE_EXTRA.iter().filter(|s| s.key == key).flat_map(|s| s.headers.iter().copied().take(3)).collect(),
    }
}

/// Statuses a case may be imported in: those a new case can be registered in through the
/// form, and 劝返中 (its visits are then recorded in the ledger). Returned or closed cases
/// need their evidence (dates, basis, who) and are taken there by workflow steps.
pub const IMPORTABLE: &[CaseStatus] =
    &[CaseStatus::Suspected, CaseStatus::Dropout, CaseStatus::Persuading, CaseStatus::Enrolled];

/// Undoes the export's formula neutralisation: `'=…` back to `=…`.
pub fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

/// Grade text: 一年级…九年级, 初一…初三, 7年级, 5.
pub fn parse_grade(s: &str) -> Option<i64> {
    const ZH: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let t = s.trim();
    let core = t.trim_end_matches("年级").trim();
    let core = core.strip_prefix("grade").map(str::trim).unwrap_or(core);
    if let Ok(n) = core.parse::<i64>() {
        return Some(n);
    }
    if let Some(i) = ZH.iter().position(|z| *z == core) {
        return Some(i as i64 + 1);
    }
    match t {
        "初一" => Some(7),
        "初二" => Some(8),
        "初三" => Some(9),
        _ => None,
    }
}

/// A status by its code or label.
pub fn parse_status(s: &str) -> Option<CaseStatus> {
    let t = s.trim();
    CaseStatus::from_code(t).or_else(|| CaseStatus::ALL.iter().copied().find(|c| c.label() == t))
}

/// A reason by its code, its label, or part of a label (厌学, 务工, 路远 …).
pub fn parse_reason(s: &str) -> Option<Reason> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Reason::from_code(t).or_else(|| {
        Reason::ALL.iter().copied().find(|r| {
            let l = r.label();
            l == t || l.split('/').any(|part| part == t) || (t.chars().count() >= 2 && l.contains(t))
        })
    })
}

/// Family types separated by 、 , ， ; ； or /, each a code or label; unknown ones
/// are kept as they are so that the rules report them.
pub fn family_codes(s: &str) -> String {
    s.split(['、', ',', '，', ';', '；', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            FamilyType::from_code(p)
                .or_else(|| FamilyType::ALL.iter().copied().find(|f| f.label() == p))
                .map(|f| f.code().to_string())
                .unwrap_or_else(|| p.to_string())
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Finds schools by 学校标识码 or by name (within a county when one is given).
pub struct SchoolIndex {
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    pub schools: Vec<SchoolRef>,
    county: Option<String>,
}

impl SchoolIndex {
    pub fn new(schools: Vec<SchoolRef>, county: Option<String>) -> SchoolIndex {
        let mut by_code = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, s) in schools.iter().enumerate() {
            if let Some(c) = &s.code {
                by_code.insert(c.clone(), i);
            }
            by_name.entry(s.name.clone()).or_default().push(i);
        }
        SchoolIndex { by_code, by_name, schools, county }
    }

    pub fn get(&self, id: i64) -> Option<&SchoolRef> {
        self.schools.iter().find(|s| s.id == id)
    }

    /// The school for a row's code and name columns, or the reason and which column to blame.
    pub(crate) fn resolve(&self, code: &str, name: &str) -> Result<&SchoolRef, (&'static str, String)> {
        if !code.is_empty() {
            return match self.by_code.get(code) {
                Some(i) => Ok(&self.schools[*i]),
                None => Err(("school_code", fill(X::SchoolCodeUnknown.s(), &[&code]))),
            };
        }
        if name.is_empty() {
            return Err(("school", crate::i18n::ledger::L::ErrRequired.s().to_string()));
        }
        let found: Vec<&SchoolRef> = self
            .by_name
            .get(name)
            .map(|v| v.iter().map(|i| &self.schools[*i]).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| self.county.as_ref().is_none_or(|c| crate::domain::region::contains(c, &s.county)))
            .collect();
        let open: Vec<&SchoolRef> = found.iter().copied().filter(|s| s.open).collect();
        match (open.as_slice(), found.as_slice()) {
            ([one], _) => Ok(one),
            ([], [one]) => Ok(one),
            ([], []) => Err((
                "school",
                match &self.county {
                    Some(c) => fill(X::SchoolNotInCounty.s(), &[c, &name]),
                    None => fill(X::SchoolUnknown.s(), &[&name]),
                },
            )),
            _ => {
                let many = if open.len() > 1 { &open } else { &found };
                let counties: Vec<&str> = many.iter().map(|s| s.county.as_str()).collect();
                Err(("school", fill(X::SchoolAmbiguous.s(), &[&name, &counties.join(", ")])))
            }
        }
    }
}

/// A case row that passed every rule.
struct GoodCase {
    line: usize,
    status: CaseStatus,
    county: String,
    record: CaseRecord,
}

/// A school row that passed every rule.
struct GoodSchool {
    line: usize,
    row: SchoolRow,
}

/// What checking rows produced, before anything is written.
pub(crate) struct Checked<T> {
    pub(crate) good: Vec<T>,
    /// Row index → its problems.
    pub(crate) bad: Vec<(usize, Vec<Problem>)>,
    pub(crate) duplicates: Vec<Skipped>,
}

pub(crate) fn header_of(table: &Table, mapping: &Mapping, key: &str, fallback: &str) -> String {
    mapping.column_of(key).and_then(|i| table.headers.get(i).cloned()).unwrap_or_else(|| fallback.to_string())
}

/// Imports `path` into the database (or only checks it, in a dry run).
/// `progress(done, total)` is called now and then while rows are checked and written.
pub fn run(
    db: &mut Db,
    kind: Kind,
    path: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Outcome, ImportError> {
    if let Some(c) = &opts.county {
        // A county, or a prefecture: its 市直属 schools, and its counties' schools by name.
        use crate::domain::region::{level_of, Level};
        let is_county = matches!(level_of(c), Ok(Level::County | Level::Prefecture))
            && crate::db::regions::get(&db.conn, c)?.is_some();
        if !is_county {
            return Err(ImportError::BadCounty(c.clone()));
        }
    }
    let table = read::read_table(path, opts.encoding, opts.sheet.as_deref()).map_err(ImportError::Read)?;
    let mapping = match kind {
        Kind::Cases => read::map_headers_by(&table.headers, case_column_of),
        Kind::Schools => school_rows::map_headers(&table.headers),
        Kind::Registry => read::map_headers_by(&table.headers, super::registry::column_of),
    };
    if !mapping.repeated.is_empty() {
        return Err(ImportError::RepeatedColumns(mapping.repeated));
    }
    let missing = missing_columns(kind, &mapping, opts.county.is_some());
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let mut out = Outcome::of_file(path, &table, &mapping);
    let result = check_and_write(db, kind, &table, &mapping, opts, &file_name, &mut out, progress);
    let bad_rows = result?;
    out.invalid_rows = bad_rows.len();
    out.problems = bad_rows.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
    if opts.mode == Mode::SkipInvalid && !bad_rows.is_empty() {
        out.rejected_file = Some(write_rejected(path, &table, &bad_rows)?);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn check_and_write(
    db: &mut Db,
    kind: Kind,
    table: &Table,
    mapping: &Mapping,
    opts: &Options,
    file_name: &str,
    out: &mut Outcome,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<(usize, Vec<Problem>)>, ImportError> {
    let bad_rows: Vec<(usize, Vec<Problem>)>;
    match kind {
        Kind::Cases => {
            let checked = check_cases(db, table, mapping, opts, progress)?;
            out.valid_rows = checked.good.len() + checked.duplicates.len();
            out.duplicates = checked.duplicates;
            bad_rows = checked.bad;
            if write_allowed(opts.mode, bad_rows.is_empty()) && !checked.good.is_empty() {
                let (n, dups) = write_cases(db, &checked.good, file_name, progress)?;
                out.written = n;
                out.duplicates.extend(dups);
                out.applied = true;
            }
        }
        Kind::Registry => {
            let checked = super::registry::check(db, table, mapping, opts)?;
            out.valid_rows = checked.good.len() + checked.duplicates.len();
            out.duplicates = checked.duplicates;
            bad_rows = checked.bad;
            if write_allowed(opts.mode, bad_rows.is_empty()) && !checked.good.is_empty() {
                out.written = super::registry::write(db, &checked.good, file_name)?;
                out.applied = true;
            }
        }
        Kind::Schools => {
            let checked = check_schools(db, table, mapping, opts)?;
            out.valid_rows = checked.good.len() + checked.duplicates.len();
            out.duplicates = checked.duplicates;
            bad_rows = checked.bad;
            if write_allowed(opts.mode, bad_rows.is_empty()) && !checked.good.is_empty() {
                out.written = write_schools(db, &checked.good, file_name)?;
                out.applied = true;
            }
        }
    }
    Ok(bad_rows)
}

pub(crate) fn write_allowed(mode: Mode, all_valid: bool) -> bool {
    match mode {
        Mode::DryRun => false,
        Mode::Apply => all_valid,
        Mode::SkipInvalid => true,
    }
}

fn missing_columns(kind: Kind, m: &Mapping, have_county: bool) -> Vec<String> {
    if kind == Kind::Schools {
        return school_rows::missing_columns(m, have_county);
    }
    if kind == Kind::Registry {
        return super::registry::missing_columns(m);
    }
    let mut missing = Vec::new();
    let mut need = |keys: &[&str]| {
        if !keys.iter().any(|k| m.has(k)) {
            let names: Vec<String> = keys.iter().flat_map(|k| case_headers_of(k)).map(str::to_string).collect();
            missing.push(names.join(" / "));
        }
    };
    need(&["name"]);
    need(&["school", "school_code"]);
    need(&["grade"]);
    missing
}

fn check_cases(
    db: &Db,
    table: &Table,
    mapping: &Mapping,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Checked<GoodCase>, ImportError> {
    let today = crate::db::today();
    let today_iso = today.format("%Y-%m-%d").to_string();
    let _snapshot = db.snapshot()?;
    let schools = SchoolIndex::new(load_refs(&db.conn)?, opts.county.clone());
    let school_ids: std::collections::HashSet<i64> = schools.schools.iter().map(|s| s.id).collect();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut checked = Checked { good: Vec::new(), bad: Vec::new(), duplicates: Vec::new() };
    let total = table.rows.len();
    // Column index of each field key (and of the extra columns).
    let col: HashMap<&str, usize> = mapping.columns.iter().map(|(i, k)| (*k, *i)).collect();
    for (index, row) in table.rows.iter().enumerate() {
        if index % 2000 == 0 {
            progress(index, total);
        }
        let raw = |key: &str| col.get(key).map(|i| cell_text(row, *i, is_case_date(key))).unwrap_or_default();
        let mut problems: Vec<Problem> = Vec::new();
        // The listing shows personal values masked, as every other way out of the program.
        let mut problem = |key: &str, value: String, reason: String| {
            problems.push(Problem {
                line: row.line,
                column: header_of(table, mapping, key, field_label_any(key)),
                value: shown_value(case::field(key).map_or_else(|| value.clone(), |f| f.masked(&value))),
                reason,
            })
        };
        // Status.
        let status_text = raw("status");
        let status = if status_text.is_empty() {
            Some(CaseStatus::Suspected)
        } else {
            match parse_status(&status_text) {
                Some(s) if IMPORTABLE.contains(&s) => Some(s),
                Some(_) => {
                    problem("status", status_text.clone(), fill(X::StatusNotImportable.s(), &[&importable_list()]));
                    None
                }
                None => {
                    problem("status", status_text.clone(), fill(X::StatusUnknown.s(), &[&importable_list()]));
                    None
                }
            }
        };
        // School.
        let school = match schools.resolve(&raw("school_code"), &raw("school")) {
            Ok(s) => {
                match db.may_write(Some(&Target { region_code: s.county.clone(), school_id: Some(s.id) }), false) {
                    Ok(()) => Some(s),
                    Err(r) => {
                        let msg = crate::i18n::errors::session_refusal(db, &r);
                        problem("school", s.name.clone(), msg);
                        None
                    }
                }
            }
            Err((key, reason)) => {
                problem(key, raw(key), reason);
                None
            }
        };
        // ID numbers Excel turned into numbers, or personal fields exported masked.
        let id_raw = raw("id_number");
        let mut unreadable: Vec<&str> = Vec::new();
        if col.get("id_number").is_some_and(|c| row.lossy.contains(c)) {
            problem("id_number", id_raw.clone(), X::IdAsNumber.s().to_string());
            unreadable.push("id_number");
        }
        for f in case::FIELDS.iter().filter(|f| f.is_personal()) {
            if !unreadable.contains(&f.key) && raw(f.key).contains('*') {
                problem(f.key, raw(f.key), X::FieldMasked.s().to_string());
                unreadable.push(f.key);
            }
        }
        let grade_raw = raw("grade");
        let grade = parse_grade(&grade_raw).map(|g| g.to_string()).unwrap_or_else(|| grade_raw.clone());
        let reason_raw = raw("reason");
        let reason = parse_reason(&reason_raw).map(|r| r.code().to_string()).unwrap_or_else(|| reason_raw.clone());
        let family_raw = raw("family_types");
        let family = family_codes(&family_raw);
        let registered = match raw("registered_on") {
            r if r.is_empty() => today_iso.clone(),
            r => r,
        };
        let school_id = school.map(|s| s.id.to_string()).unwrap_or_default();
        let value = |key: &str| -> String {
            match key {
                "grade" => grade.clone(),
                "reason" => reason.clone(),
                "family_types" => family.clone(),
                "registered_on" => registered.clone(),
                "school_id" => school_id.clone(),
                k if unreadable.contains(&k) => String::new(),
                k => raw(k),
            }
        };
        let validated =
            case::validate(value, status.unwrap_or(CaseStatus::Enrolled), today, |id| school_ids.contains(&id));
        match validated {
            Err(errors) => {
                for (key, e) in errors {
                    // The school column already carries its own sentence.
                    if key == "school_id" && school.is_none() {
                        continue;
                    }
                    let (shown_key, shown) = match key {
                        "school_id" => ("school", raw("school")),
                        "grade" => ("grade", grade_raw.clone()),
                        "reason" => ("reason", reason_raw.clone()),
                        "family_types" => ("family_types", family_raw.clone()),
                        k => (k, raw(k)),
                    };
                    problem(shown_key, shown, import_error_text(&e));
                }
            }
            Ok(record) => {
                if let (Some(status), Some(school), true) = (status, school, problems.is_empty()) {
                    let key = child_key(&record);
                    let dup = match seen_ids.get(&key) {
                        Some(first) => Some(fill(X::DuplicateInFile.s(), &[first])),
                        None => {
                            seen_ids.insert(key, row.line);
                            open_case_of(&db.conn, &record)?.map(|(id, name)| fill(X::DuplicateOpen.s(), &[&name, &id]))
                        }
                    };
                    match dup {
                        Some(reason) => {
                            checked.duplicates.push(Skipped { line: row.line, name: record.name.clone(), reason })
                        }
                        None => checked.good.push(GoodCase {
                            line: row.line,
                            status,
                            county: school.county.clone(),
                            record,
                        }),
                    }
                }
            }
        }
        if !problems.is_empty() {
            checked.bad.push((index, problems));
        }
    }
    progress(total, total);
    Ok(checked)
}

/// A cell's text as checked: a numeric cell in a date column is Excel's day number (a
/// date cell not formatted as a date); the export's formula guard is undone.
pub(crate) fn cell_text(row: &SheetRow, col: usize, is_date: bool) -> String {
    let text = unneutralise(row.cell(col)).trim();
    if is_date && row.numeric.contains(&col) {
        if let Some(d) = text.parse::<f64>().ok().and_then(crate::domain::dates::from_excel_serial) {
            return crate::domain::dates::iso(d);
        }
    }
    text.to_string()
}

fn is_case_date(key: &str) -> bool {
    case::field(key).is_some_and(|f| f.kind == FieldKind::Date)
}

/// The most characters of a bad cell a report repeats: a 10 MB cell is named, not printed.
const SHOWN_VALUE_MAX: usize = 60;

/// A bad cell's value as the report shows it: cut after [`SHOWN_VALUE_MAX`] characters,
/// saying how long it was.
pub(crate) fn shown_value(value: String) -> String {
    if value.chars().nth(SHOWN_VALUE_MAX).is_none() {
        return value;
    }
    let head: String = value.chars().take(SHOWN_VALUE_MAX).collect();
    fill(X::ValueCut.s(), &[&head, &value.chars().count()])
}

/// Who a row is about: the ID number; for a child without one, the 学籍号; else the name
/// at that school.
fn child_key(r: &CaseRecord) -> String {
    match (&r.id_number, &r.student_no) {
        (Some(idn), _) => format!("id:{idn}"),
        (None, Some(no)) => format!("no:{no}"),
        (None, None) => format!("name:{}:{}", r.name, r.school_id.unwrap_or(0)),
    }
}

fn importable_list() -> String {
    IMPORTABLE.iter().map(|s| s.label()).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s())
}

/// A field's label for case fields, or the import-only columns.
fn field_label_any(key: &str) -> &str {
    match key {
        "school_code" => X::HeaderSchoolCode.s(),
        "status" => X::HeaderStatus.s(),
        "school" => case_field_label("school_id").unwrap_or("school"),
        k => case_field_label(k).unwrap_or_else(|| school_rows::label(k)),
    }
}

/// The form's sentence, or one that fits a spreadsheet where the form's points to a list.
fn import_error_text(e: &CaseError) -> String {
    match e {
        CaseError::Reason => fill(
            X::ReasonUnknown.s(),
            &[&Reason::ALL.iter().map(|r| r.label()).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s())],
        ),
        CaseError::FamilyType(t) => fill(
            X::FamilyUnknown.s(),
            &[t, &FamilyType::ALL.iter().map(|r| r.label()).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s())],
        ),
        CaseError::Grade => X::GradeBad.s().to_string(),
        e => case_error(e),
    }
}

/// Writes the cases in one transaction. Returns how many were written and the rows found
/// to be duplicates only now (another session registered the child meanwhile).
fn write_cases(
    db: &mut Db,
    rows: &[GoodCase],
    file: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(usize, Vec<Skipped>), ImportError> {
    let Some(first) = rows.first() else { return Ok((0, Vec::new())) };
    let target = Target { region_code: first.county.clone(), school_id: first.record.school_id };
    let new: Vec<NewCase> =
        rows.iter().map(|g| NewCase { county: &g.county, status: g.status, record: &g.record }).collect();
    let note = fill(X::AuditNote.s(), &[&file]);
    let (written, late) = case_import::insert_many(db, &target, &new, &note, progress)?;
    let skipped = late
        .into_iter()
        .map(|d| Skipped {
            line: rows[d.index].line,
            name: rows[d.index].record.name.clone(),
            reason: fill(X::DuplicateOpen.s(), &[&d.name, &d.case_id]),
        })
        .collect();
    Ok((written, skipped))
}

fn check_schools(
    db: &Db,
    table: &Table,
    mapping: &Mapping,
    opts: &Options,
) -> Result<Checked<GoodSchool>, ImportError> {
    let existing = load_refs(&db.conn)?;
    let counties = crate::db::regions::unit_codes(&db.conn)?;
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let mut seen_names: HashMap<(String, String), usize> = HashMap::new();
    let mut checked = Checked { good: Vec::new(), bad: Vec::new(), duplicates: Vec::new() };
    let col: HashMap<&str, usize> = mapping.columns.iter().map(|(i, k)| (*k, *i)).collect();
    for (index, row) in table.rows.iter().enumerate() {
        let is_date = |key: &str| school_rules::FIELDS.iter().any(|f| f.key == key && f.kind == FieldKind::Date);
        let raw = |key: &str| col.get(key).map(|i| cell_text(row, *i, is_date(key))).unwrap_or_default();
        let parsed = school_rows::check(&raw, opts.county.as_deref(), |c| counties.contains(c));
        let mut problems: Vec<Problem> = Vec::new();
        match parsed {
            Err(errors) => {
                for (key, reason) in errors {
                    problems.push(Problem {
                        line: row.line,
                        column: header_of(table, mapping, key, school_rows::label(key)),
                        value: shown_value(raw(key)),
                        reason,
                    });
                }
            }
            Ok(s) => {
                let target = Target { region_code: s.county_code.clone(), school_id: None };
                if let Err(r) = db.may_write(Some(&target), true) {
                    problems.push(Problem {
                        line: row.line,
                        column: header_of(table, mapping, "county", school_rows::label("county")),
                        value: s.county_code.clone(),
                        reason: crate::i18n::errors::session_refusal(db, &r),
                    });
                } else {
                    let dup = if let Some(code) = &s.school_code {
                        if let Some(e) = existing.iter().find(|e| e.code.as_deref() == Some(code)) {
                            Some(fill(X::SchoolCodeExists.s(), &[code, &e.name]))
                        } else {
                            seen_codes.get(code).map(|l| fill(X::DuplicateInFile.s(), &[l]))
                        }
                    } else {
                        None
                    };
                    let key = (s.county_code.clone(), s.name.clone());
                    let dup = dup.or_else(|| {
                        if existing.iter().any(|e| e.county == s.county_code && e.name == s.name) {
                            Some(fill(X::SchoolNameExists.s(), &[&s.county_code, &s.name]))
                        } else {
                            seen_names.get(&key).map(|l| fill(X::DuplicateInFile.s(), &[l]))
                        }
                    });
                    match dup {
                        Some(reason) => {
                            checked.duplicates.push(Skipped { line: row.line, name: s.name.clone(), reason })
                        }
                        None => {
                            if let Some(code) = &s.school_code {
                                seen_codes.insert(code.clone(), row.line);
                            }
                            seen_names.insert(key, row.line);
                            checked.good.push(GoodSchool { line: row.line, row: s });
                        }
                    }
                }
            }
        }
        if !problems.is_empty() {
            checked.bad.push((index, problems));
        }
    }
    Ok(checked)
}

fn write_schools(db: &mut Db, rows: &[GoodSchool], file: &str) -> Result<usize, ImportError> {
    let Some(first) = rows.first() else { return Ok(0) };
    let target = Target { region_code: first.row.county_code.clone(), school_id: None };
    let note = fill(X::AuditNote.s(), &[&file]);
    let n = db.write(&target, true, |tx| {
        let mut audit = Vec::new();
        for g in rows {
            let s = &g.row;
            let id = crate::db::schools::insert_in(tx, &s.county_code, &s.rec)?;
            audit.extend(crate::db::schools::insert_audit(id, &s.county_code, &s.rec, &format!("{note} #{}", g.line)));
        }
        Ok((rows.len(), audit))
    })?;
    Ok(n)
}

/// `<name>.rejected.csv` beside the input: the rejected rows as they were, plus a reason column.
pub fn rejected_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "import".into());
    input.with_file_name(format!("{stem}.rejected.csv"))
}

fn write_rejected(input: &Path, table: &Table, bad: &[(usize, Vec<Problem>)]) -> Result<PathBuf, ImportError> {
    let path = rejected_path(input);
    let mut headers = table.headers.clone();
    headers.push(X::RejectReasonHeader.s().to_string());
    let rows = bad.iter().filter_map(|(index, problems)| {
        let row: &SheetRow = table.rows.get(*index)?;
        let mut cells = row.cells.clone();
        cells.resize(table.headers.len(), String::new());
        let reasons: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.column, p.reason)).collect();
        cells.push(reasons.join("; "));
        Some(cells)
    });
    super::export::write_csv(&path, &headers, rows).map_err(|e| ImportError::Rejected(path.clone(), e))?;
    Ok(path)
}
