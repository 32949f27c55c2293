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

use super::evidence::{self, parse_ledger, Cells, Start};
use super::places::{self, CountyIndex};
use super::read::{self, Encoding, FieldSpec, Mapping, ReadError, Repeated, SheetRow, Table};
use super::school_rows::{self, SchoolRow};
use crate::db::audit::WriteError;
use crate::db::case_import::{self, NewCase, OpenCases};
use crate::db::schools::{load_refs, SchoolRef};
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::case::{self, CaseError, CaseRecord};
use crate::domain::case_status::{ledger_after, CaseAction, CaseStatus};
use crate::domain::codes::{FamilyType, Ledger, Reason};
use crate::domain::fields::{Field, Kind as FieldKind};
use crate::domain::school_rules;
use crate::domain::wordings;
use crate::domain::workflow;
use crate::domain::workflow::{StepInput, Workflow};
use crate::i18n::io::X;
use crate::i18n::ledger::{case_error, case_field_label};
use crate::i18n::{fill, Label};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// What is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Cases,
    /// Existing cases, matched by 案件编号 or ID number: corrections and workflow steps
    /// (`case_update`).
    CaseUpdates,
    Schools,
    /// The special-group registry's 登记表 (`io::registry`).
    Registry,
    /// Items of the item ledgers, 销号管理 (`io::items`).
    Items,
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
    pub kind: Kind,
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
    /// An update: each row that changes its case, and how many rows change nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<super::case_update::CaseChange>,
    pub unchanged: usize,
    /// Each value read in other words than the file's (家庭困难 → 家庭经济困难), counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values_read: Vec<ValueRead>,
    /// How a column was understood beyond its name (a single 包保责任人 column), or what
    /// of the cells was left out (a role after a name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A value of a column read as another (a status, a reason in other words), in how many rows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValueRead {
    pub column: String,
    pub written: String,
    pub read: String,
    pub rows: usize,
}

/// What an import read differently from how the file wrote it, counted as rows are checked
/// (the checks take `&self`), for the account.
#[derive(Debug, Default)]
pub(super) struct Applied {
    /// (field key, as written, as read) → rows.
    values: RefCell<BTreeMap<(String, String, String), usize>>,
    /// Field key → (rows, an example as written, its name) of a name with a role after it.
    roles: RefCell<BTreeMap<String, (usize, String, String)>>,
}

impl Applied {
    /// `written` in column `key` was read as `read` (nothing to say when they are the same).
    pub(super) fn value(&self, key: &str, written: &str, read: &str) {
        if written.trim() != read {
            *self
                .values
                .borrow_mut()
                .entry((key.to_string(), written.trim().to_string(), read.to_string()))
                .or_default() += 1;
        }
    }

    fn role(&self, key: &str, written: &str, name: &str) {
        let mut roles = self.roles.borrow_mut();
        let e = roles.entry(key.to_string()).or_insert_with(|| (0, written.to_string(), name.to_string()));
        e.0 += 1;
    }

    /// The values read, and a note per column whose names carried a role.
    pub(super) fn finish(self, headers: &[String], mapping: &Mapping) -> (Vec<ValueRead>, Vec<String>) {
        let column = |key: &str| header_of(headers, mapping, key, field_label_any(key));
        let values = self
            .values
            .into_inner()
            .into_iter()
            .map(|((key, written, read), rows)| ValueRead { column: column(&key), written, read, rows })
            .collect();
        let notes = self
            .roles
            .into_inner()
            .into_iter()
            .map(|(key, (n, example, name))| fill(X::NoteRoleDropped.s(), &[&column(&key), &n, &example, &name]))
            .collect();
        (values, notes)
    }
}

impl Outcome {
    /// An import's outcome before any row is checked: the file, its format, which header
    /// went to which field and which were left unused.
    pub fn of_file(path: &Path, table: &Table, mapping: &Mapping) -> Outcome {
        Outcome { rows: table.rows.len(), ..Outcome::of_headers(path, &table.headers, &table.source_format, mapping) }
    }

    /// [`Outcome::of_file`] before the rows are read (they are counted as they come).
    pub fn of_headers(path: &Path, headers: &[String], format: &str, mapping: &Mapping) -> Outcome {
        Outcome {
            file: path.display().to_string(),
            format: format.to_string(),
            mapping: mapping
                .columns
                .iter()
                .map(|(i, k)| (headers.get(*i).cloned().unwrap_or_default(), k.to_string()))
                .collect(),
            ignored_columns: mapping.ignored.clone(),
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

/// The columns of a case file besides the fields of `case::FIELDS` and the workflow's
/// (whose labels and synonyms name them): the school's 学校标识码, the case's number (an
/// update matches it), and what a step records that has no column of its own.
const CASE_EXTRA: &[FieldSpec] = &[
    FieldSpec { key: "school_code", headers: &["学校标识码", "学校代码", "School code"] },
    FieldSpec { key: "case_id", headers: &["案件编号", "案件号", "Case no."] },
    // A row's own county: its school is found there (a file of several counties).
    FieldSpec {
        key: "county",
        headers: &[
            "县区",
            "县(市、区)",
            "县市区",
            "区县",
            "县",
            "所属县",
            "所属县区",
            "县区名称",
            "县区代码",
            "County",
        ],
    },
    FieldSpec { key: "visit_by", headers: &["劝返人", "劝返责任人", "Visited by"] },
    FieldSpec { key: "visit_outcome", headers: &["劝返情况", "劝返结果", "劝返记录", "Visit outcome"] },
    FieldSpec { key: "change_reason", headers: &["变动原因", "转出去向", "变动说明", "Reason for change"] },
];

/// Headers of a single responsible-person column that names no line: read as the
/// education line's (the school's own 包保 person, who keeps the ledger), with a note.
const ONE_LINE_HEADERS: &[&str] = &["包保责任人", "责任人", "包保人", "包保干部", "包保教师", "Responsible"];

/// The notes on how a case file's columns were read: a single 包保责任人 column.
pub fn case_notes(headers: &[String], mapping: &Mapping) -> Vec<String> {
    let header = mapping.column_of("edu_person").and_then(|i| headers.get(i));
    header
        .filter(|h| ONE_LINE_HEADERS.iter().any(|o| read::normalise_header(o) == read::normalise_header(h)))
        .map(|h| fill(X::NoteOneLine.s(), &[h]))
        .into_iter()
        .collect()
}

/// Ledgers kept elsewhere often record when a child was registered and not since when they
/// were absent: then the registration date stands for the absence's start (said in a note;
/// the county corrects it in the case where it knows better).
fn absence_from_registration(mapping: &Mapping) -> bool {
    !mapping.has("absent_since") && mapping.has("registered_on")
}

/// The statuses whose case records since when the child was absent (every one reached
/// through 疑似辍学); a child in school or placed (送教上门, 随班就读, 特教学校) has none.
fn records_absence(status: Option<CaseStatus>) -> bool {
    !status.is_some_and(|s| s == CaseStatus::Enrolled || s.is_placed())
}

/// The workflow's columns an import reads (`workflow::FIELDS` names them), by their import
/// key: the return's school is found by name like the child's, as `returned_school`.
fn workflow_columns() -> impl Iterator<Item = (&'static str, &'static Field)> {
    workflow::FIELDS.iter().filter(|f| f.key != "void_reason").map(|f| match f.key {
        "returned_school_id" => ("returned_school", f),
        k => (k, f),
    })
}

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
        .or_else(|| workflow_columns().find(|(k, f)| *k == n || field_headers(f).any(named)).map(|(k, _)| k))
        .or_else(|| CASE_EXTRA.iter().find(|s| s.key == n || s.headers.iter().any(|h| named(h))).map(|s| s.key))
        .or_else(|| ONE_LINE_HEADERS.iter().any(|h| named(h)).then_some("edu_person"))
}

/// How a case file's header row is understood (case import, and the lists of a
/// verification round).
pub fn case_mapping(headers: &[String]) -> Mapping {
    read::map_headers_by(headers, case_column_of)
}

/// The first headers accepted for case column `key` (for a missing-column message).
fn case_headers_of(key: &str) -> Vec<&'static str> {
    let field = case::FIELDS.iter().find(|f| import_key(f) == key);
    match field.or_else(|| workflow_columns().find(|(k, _)| *k == key).map(|(_, f)| f)) {
        Some(f) => field_headers(f).take(3).collect(),
        None => CASE_EXTRA.iter().filter(|s| s.key == key).flat_map(|s| s.headers.iter().copied().take(3)).collect(),
    }
}

/// Statuses a new case is registered in as the row gives it: those of the form, 劝返中 (its
/// visits are then recorded in the ledger), and a disabled child's 一人一案 placement. A
/// case in any later status is registered as 疑似辍学 and taken there by the workflow's
/// steps, with the evidence of its row (dates, basis, who).
pub const REGISTERED: &[CaseStatus] = &[
    CaseStatus::Suspected,
    CaseStatus::Dropout,
    CaseStatus::Persuading,
    CaseStatus::Enrolled,
    CaseStatus::HomeTeaching,
    CaseStatus::Inclusive,
    CaseStatus::SpecialSchool,
];

/// Undoes the export's formula neutralisation: `'=…` back to `=…`.
/// The personal fields a row cannot give: an ID number a spreadsheet turned into a number,
/// or a value exported masked. Each is reported through `problem` and then read as empty,
/// so that a masked export read back never overwrites the real value.
pub(super) fn unreadable_fields(
    fields: &'static [Field],
    id_lossy: bool,
    raw: &dyn Fn(&str) -> String,
    problem: &mut dyn FnMut(&str, String, String),
) -> Vec<&'static str> {
    let mut unreadable: Vec<&'static str> = Vec::new();
    if id_lossy {
        problem("id_number", raw("id_number"), X::IdAsNumber.s().to_string());
        unreadable.push("id_number");
    }
    for f in fields.iter().filter(|f| f.is_personal()) {
        if !unreadable.contains(&f.key) && raw(f.key).contains('*') {
            problem(f.key, raw(f.key), X::FieldMasked.s().to_string());
            unreadable.push(f.key);
        }
    }
    unreadable
}

/// A field's value as validation reads it: normalised where `read` has it, empty where it
/// was unreadable, else as written in the row.
pub(super) fn overlaid(
    key: &str,
    read: &[(&str, String)],
    unreadable: &[&str],
    raw: &dyn Fn(&str) -> String,
) -> String {
    match read.iter().find(|(k, _)| *k == key) {
        Some((_, v)) => v.clone(),
        None if unreadable.contains(&key) => String::new(),
        None => raw(key),
    }
}

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

/// A status by its code, its label or another ledger's wording (`wordings`).
pub fn parse_status(s: &str) -> Option<CaseStatus> {
    let t = s.trim();
    CaseStatus::from_code(t)
        .or_else(|| CaseStatus::ALL.iter().copied().find(|c| c.label() == t))
        .or_else(|| wordings::lookup(wordings::STATUS_WORDS, t))
}

/// A reason by its code, its label, or part of a label (厌学, 务工, 路远 …).
pub fn parse_reason(s: &str) -> Option<Reason> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    Reason::from_code(t).or_else(|| wordings::lookup(wordings::REASON_WORDS, t)).or_else(|| {
        Reason::ALL.iter().copied().find(|r| {
            let l = r.label();
            l == t || l.split('/').any(|part| part == t) || (t.chars().count() >= 2 && l.contains(t))
        })
    })
}

/// A responsible person written with a role after the name, 李国华（班主任）: the name
/// and the role, when what stands before the brackets is a name.
fn name_and_role(s: &str) -> Option<(&str, &str)> {
    let t = s.trim();
    let (name, rest) = t.split_once(['（', '('])?;
    let role = rest.strip_suffix(['）', ')'])?;
    let name = name.trim();
    (crate::domain::person_name::parse(name).is_ok() && !name.is_empty() && !role.trim().is_empty())
        .then_some((name, role))
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
        self.resolve_in(code, name, self.county.as_deref())
    }

    /// [`SchoolIndex::resolve`] with a name looked up in `county` (a row's own county column).
    pub(crate) fn resolve_in(
        &self,
        code: &str,
        name: &str,
        county: Option<&str>,
    ) -> Result<&SchoolRef, (&'static str, String)> {
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
            .named(name)
            .into_iter()
            .filter(|s| county.is_none_or(|c| crate::domain::region::contains(c, &s.county)))
            .collect();
        self.choose(name, found, county)
    }

    /// Every school named `name`, open or closed.
    pub(crate) fn named(&self, name: &str) -> Vec<&SchoolRef> {
        self.by_name.get(name).map(|v| v.iter().filter_map(|i| self.schools.get(*i)).collect()).unwrap_or_default()
    }

    /// The one school among `found` (the open one, when one is open), or why there is none:
    /// no school of that name (in `county`, when the search was there), or several.
    pub(crate) fn choose<'s>(
        &self,
        name: &str,
        found: Vec<&'s SchoolRef>,
        county: Option<&str>,
    ) -> Result<&'s SchoolRef, (&'static str, String)> {
        let open: Vec<&SchoolRef> = found.iter().copied().filter(|s| s.open).collect();
        match (open.as_slice(), found.as_slice()) {
            ([one], _) => Ok(one),
            ([], [one]) => Ok(one),
            ([], []) => Err((
                "school",
                match county {
                    Some(c) => fill(X::SchoolNotInCounty.s(), &[&c, &name]),
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
    /// The row's 案件编号, to keep.
    id: Option<i64>,
    county: String,
    record: CaseRecord,
    entry: Entry,
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

pub(crate) fn header_of(headers: &[String], mapping: &Mapping, key: &str, fallback: &str) -> String {
    mapping.column_of(key).and_then(|i| headers.get(i).cloned()).unwrap_or_else(|| fallback.to_string())
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
    if kind == Kind::Cases {
        return run_cases(db, path, opts, progress);
    }
    let table = read::read_table(path, opts.encoding, opts.sheet.as_deref()).map_err(ImportError::Read)?;
    let mapping = match kind {
        Kind::Cases | Kind::CaseUpdates => case_mapping(&table.headers),
        Kind::Schools => school_rows::map_headers(&table.headers),
        Kind::Registry => read::map_headers_by(&table.headers, super::registry::column_of),
        Kind::Items => read::map_headers_by(&table.headers, super::items::column_of),
    };
    if !mapping.repeated.is_empty() {
        return Err(ImportError::RepeatedColumns(mapping.repeated));
    }
    let missing = missing_columns(kind, &mapping, opts.county.is_some());
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let mut out = Outcome { kind, ..Outcome::of_file(path, &table, &mapping) };
    let sheet = Sheet { table: &table, mapping: &mapping, opts, file_name: &file_name };
    let result = check_and_write(db, kind, &sheet, &mut out, progress);
    let bad_rows = result?;
    out.invalid_rows = bad_rows.len();
    out.problems = bad_rows.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
    if opts.mode == Mode::SkipInvalid && !bad_rows.is_empty() {
        let rows = bad_rows.iter().filter_map(|(i, p)| Some((table.rows.get(*i)?, p.as_slice())));
        out.rejected_file = Some(write_rejected(path, &table.headers, rows)?);
    }
    Ok(out)
}

/// The file being imported, as read, and how.
#[derive(Clone, Copy)]
pub(super) struct Sheet<'a> {
    pub table: &'a Table,
    pub mapping: &'a Mapping,
    pub opts: &'a Options,
    pub file_name: &'a str,
}

fn check_and_write(
    db: &mut Db,
    kind: Kind,
    sheet: &Sheet,
    out: &mut Outcome,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<(usize, Vec<Problem>)>, ImportError> {
    let Sheet { table, mapping, opts, file_name } = *sheet;
    let bad_rows: Vec<(usize, Vec<Problem>)>;
    match kind {
        // Read row by row by `run_cases`, never as a table.
        Kind::Cases => bad_rows = Vec::new(),
        Kind::CaseUpdates => {
            bad_rows = super::case_update::check_and_write(db, sheet, out, progress)?;
        }
        Kind::Registry => {
            let checked = super::registry::check(db, table, mapping, opts)?;
            bad_rows = write_checked(db, checked, sheet, out, super::registry::write)?;
        }
        Kind::Items => {
            let checked = super::items::check(db, table, mapping, opts)?;
            bad_rows = write_checked(db, checked, sheet, out, super::items::write)?;
        }
        Kind::Schools => {
            let checked = check_schools(db, table, mapping, opts)?;
            out.valid_rows = checked.good.len();
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

/// Counts checked rows (a duplicate is counted as such, not as a valid row, as every import
/// does) and writes the good ones when the mode allows; the bad rows.
fn write_checked<T>(
    db: &mut Db,
    checked: Checked<T>,
    sheet: &Sheet,
    out: &mut Outcome,
    write: fn(&mut Db, &[T], &str) -> Result<usize, ImportError>,
) -> Result<Vec<(usize, Vec<Problem>)>, ImportError> {
    out.valid_rows = checked.good.len();
    out.duplicates = checked.duplicates;
    if write_allowed(sheet.opts.mode, checked.bad.is_empty()) && !checked.good.is_empty() {
        out.written = write(db, &checked.good, sheet.file_name)?;
        out.applied = true;
    }
    Ok(checked.bad)
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
    if kind == Kind::Items {
        return super::items::missing_columns(m);
    }
    let mut missing = Vec::new();
    let update = kind == Kind::CaseUpdates;
    let mut need = |keys: &[&str]| {
        if !keys.iter().any(|k| m.has(k)) {
            let names: Vec<String> = keys.iter().flat_map(|k| case_headers_of(k)).map(str::to_string).collect();
            missing.push(names.join(" / "));
        }
    };
    if update {
        // The case is found by its number or the child's ID; every other column is optional.
        need(&["case_id", "id_number"]);
        return missing;
    }
    need(&["name"]);
    need(&["school", "school_code"]);
    need(&["grade"]);
    missing
}

/// What checking a case row needs, read before the first row: the schools and counties,
/// which schools the session may write to (and the sentence when not), today.
struct CaseCheck<'a> {
    headers: &'a [String],
    mapping: &'a Mapping,
    schools: SchoolIndex,
    counties: CountyIndex,
    /// The `--county` given: a row's own 县区 must lie within it.
    within: Option<String>,
    school_ids: std::collections::HashSet<i64>,
    /// School id → why the session may not write its cases (absent: it may).
    refused: HashMap<i64, String>,
    /// Each mapped key (field or extra column): its column, and whether it holds dates
    /// (looked up once here, not per cell).
    cols: Vec<(&'static str, usize, bool)>,
    today: chrono::NaiveDate,
    today_iso: String,
    applied: Applied,
}

/// One row's cells, by field key.
pub(super) struct RowCells<'r> {
    pub headers: &'r [String],
    pub mapping: &'r Mapping,
    pub row: &'r SheetRow,
    /// Each mapped key, its column and whether it holds dates (`CaseCheck::cols`).
    pub cols: &'r [(&'static str, usize, bool)],
}

impl RowCells<'_> {
    fn column(&self, key: &str) -> Option<usize> {
        self.cols.iter().find(|(k, _, _)| *k == key).map(|(_, i, _)| *i)
    }
}

impl Cells for RowCells<'_> {
    fn raw(&self, key: &str) -> String {
        let found = self.cols.iter().find(|(k, _, _)| *k == key);
        found.map(|(_, i, date)| cell_text(self.row, *i, *date)).unwrap_or_default()
    }

    fn has_column(&self, key: &str) -> bool {
        self.column(key).is_some()
    }

    /// The listing shows personal values masked, as every other way out of the program.
    fn problem(&self, problems: &mut Vec<Problem>, key: &str, value: String, reason: String) {
        problems.push(problem_at(self.headers, self.mapping, self.row.line, key, value, reason))
    }
}

/// A checked row's workflow: the status it is registered in, its ledger and last visit,
/// and the steps to the row's own status.
struct Entry {
    status: CaseStatus,
    ledger: Ledger,
    last_visit_on: Option<String>,
    steps: Vec<(CaseAction, StepInput)>,
}

impl<'a> CaseCheck<'a> {
    fn new(db: &Db, headers: &'a [String], mapping: &'a Mapping, opts: &Options) -> Result<Self, ImportError> {
        let today = crate::db::today();
        let schools = SchoolIndex::new(load_refs(&db.conn)?, opts.county.clone());
        let refused = schools
            .schools
            .iter()
            .filter_map(|s| {
                let target = Target { region_code: s.county.clone(), school_id: Some(s.id) };
                let refusal = db.may_write(Some(&target), false).err()?;
                Some((s.id, crate::i18n::errors::session_refusal(db, &refusal)))
            })
            .collect();
        Ok(CaseCheck {
            headers,
            mapping,
            school_ids: schools.schools.iter().map(|s| s.id).collect(),
            schools,
            counties: CountyIndex::new(crate::db::regions::all(&db.conn)?),
            within: opts.county.clone(),
            refused,
            cols: mapping.columns.iter().map(|(i, k)| (*k, *i, is_case_date(k))).collect(),
            today,
            today_iso: today.format("%Y-%m-%d").to_string(),
            applied: Applied::default(),
        })
    }

    /// Row `row` checked by the rules: the case to write, or every problem it has.
    fn check(&self, row: &SheetRow) -> Result<GoodCase, Vec<Problem>> {
        let cells = RowCells { headers: self.headers, mapping: self.mapping, row, cols: &self.cols };
        let raw = |key: &str| cells.raw(key);
        let mut problems: Vec<Problem> = Vec::new();
        let status = self.status(&cells, &mut problems);
        let school = self.school(&cells, &mut problems);
        let id = case_number(&cells, &mut problems);
        // ID numbers Excel turned into numbers, or personal fields exported masked.
        let id_lossy = cells.column("id_number").is_some_and(|c| row.lossy.contains(&c));
        let unreadable = {
            let mut problem =
                |key: &str, value: String, reason: String| cells.problem(&mut problems, key, value, reason);
            unreadable_fields(case::FIELDS, id_lossy, &raw, &mut problem)
        };
        let noted = |key: &str| normalised(key, &raw(key), &self.applied);
        let registered = match raw("registered_on") {
            r if r.is_empty() => self.today_iso.clone(),
            r => r,
        };
        let school_id = school.map(|s| s.id.to_string()).unwrap_or_default();
        let absent_since = match absence_from_registration(self.mapping) && records_absence(status) {
            true => registered.clone(),
            false => raw("absent_since"),
        };
        let read = [
            ("absent_since", absent_since),
            ("grade", noted("grade")),
            ("reason", noted("reason")),
            ("family_types", noted("family_types")),
            ("gov_person", noted("gov_person")),
            ("edu_person", noted("edu_person")),
            ("registered_on", registered),
            ("school_id", school_id),
        ];
        let value = |key: &str| overlaid(key, &read, &unreadable, &raw);
        let validated = case::validate(value, status.unwrap_or(CaseStatus::Enrolled), self.today, |id| {
            self.school_ids.contains(&id)
        });
        let record = match validated {
            Err(errors) => {
                let mut problem =
                    |key: &str, value: String, reason: String| cells.problem(&mut problems, key, value, reason);
                invalid_fields(errors, school.is_some(), &cells, &mut problem);
                None
            }
            Ok(record) => Some(record),
        };
        let entry = match (status, &record) {
            (Some(status), Some(record)) if problems.is_empty() => self.entry(&cells, status, record, &mut problems),
            _ => None,
        };
        match (entry, school, record) {
            (Some(entry), Some(school), Some(record)) if problems.is_empty() => {
                Ok(GoodCase { line: row.line, id, county: school.county.clone(), record, entry })
            }
            _ => Err(problems),
        }
    }

    /// The row's status: any status (a later one is reached by steps); 疑似辍学 when empty.
    fn status(&self, cells: &RowCells, problems: &mut Vec<Problem>) -> Option<CaseStatus> {
        let text = cells.raw("status");
        if text.is_empty() {
            return Some(CaseStatus::Suspected);
        }
        let status = parse_status(&text);
        match status {
            Some(s) => self.applied.value("status", &text, s.label()),
            None => {
                let all: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.label()).collect();
                let reason = fill(X::StatusUnknownAny.s(), &[&all.join(crate::i18n::T::ListSep.s())]);
                cells.problem(problems, "status", text, reason);
            }
        }
        status
    }

    /// The row's school, found within its own 县区 when the file has that column, and
    /// one the session may write to.
    fn school(&self, cells: &RowCells, problems: &mut Vec<Problem>) -> Option<&SchoolRef> {
        let (code, name, county) = (cells.raw("school_code"), cells.raw("school"), cells.raw("county"));
        let found = if county.is_empty() {
            self.schools.resolve(&code, &name)
        } else {
            places::school_in_county(&self.schools, &self.counties, &county, (&code, &name), self.within.as_deref())
        };
        match found {
            Ok(s) => match self.refused.get(&s.id) {
                None => Some(s),
                Some(msg) => {
                    cells.problem(problems, "school", s.name.clone(), msg.clone());
                    None
                }
            },
            Err((key, reason)) => {
                cells.problem(problems, key, cells.raw(key), reason);
                None
            }
        }
    }

    /// Where the new case starts and the steps to the row's status: registered in it when a
    /// new case may be (`REGISTERED`), else as 疑似辍学 and taken there with the row's
    /// evidence. The row's 台账 is kept when a case in that status can sit in it.
    fn entry(
        &self,
        cells: &RowCells,
        status: CaseStatus,
        record: &CaseRecord,
        problems: &mut Vec<Problem>,
    ) -> Option<Entry> {
        let first = if REGISTERED.contains(&status) { status } else { CaseStatus::Suspected };
        let least = ledger_after(Ledger::SchoolAge, first);
        let cell = cells.raw("ledger");
        let ledger = match parse_ledger(&cell) {
            _ if cell.is_empty() => least,
            Some(l) if l == least || (l > least && status != CaseStatus::Enrolled) => l,
            _ => {
                let reason = fill(X::LedgerNotFor.s(), &[&cell, &status.label(), &least.label()]);
                cells.problem(problems, "ledger", cell, reason);
                return None;
            }
        };
        let last_visit_on = evidence::date(cells, "last_visit_on", problems).ok()?;
        let workflow = Workflow { last_visit_on: last_visit_on.clone(), ..Workflow::fresh(first, ledger) };
        let start = Start { workflow, registered_on: &record.registered_on, visits_after: None };
        let steps = evidence::steps(cells, &self.schools, &start, record, status, problems)?;
        let mut after = start.workflow.clone();
        for (action, input) in &steps {
            after = after.after(*action, input).ok()?;
        }
        evidence::check_workflow_columns(cells, &after, problems);
        Some(Entry { status: first, ledger, last_visit_on, steps })
    }
}

/// The row's 案件编号, kept as the new case's number when it is free.
fn case_number(cells: &RowCells, problems: &mut Vec<Problem>) -> Option<i64> {
    let text = cells.raw("case_id");
    if text.is_empty() {
        return None;
    }
    match text.trim_start_matches('#').parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            cells.problem(problems, "case_id", text, X::CaseIdBad.s().to_string());
            None
        }
    }
}

/// Where an import looks for the open case a row's child already has: the database as it
/// stood (a dry run, or a session that may not write: rows earlier in the file are
/// remembered), or the import's own transaction, the rows written so far included.
enum Lookup<'w, 't, 'l> {
    Read(&'w Db, OpenCases<'w>, Box<crate::db::seen::Seen>),
    Write(&'w mut case_import::CaseWriter<'t, 'l>),
}

/// One pass over a case file: each row checked, and written at once when writing.
struct CasePass<'o> {
    out: &'o mut Outcome,
    /// Rows with problems: the row as read (for the rejected file) and its problems.
    bad: Vec<(SheetRow, Vec<Problem>)>,
    /// The line of each case written, by its number.
    lines: Lines,
}

/// The file line of each case an import wrote, by case number: numbers following each
/// other from the first (as new cases get them) in a list of 4 bytes a case, any other
/// in a map (a file that gives its own numbers). A map for all held 40 MiB at 1,000,000.
#[derive(Default)]
struct Lines {
    first: Option<i64>,
    run: Vec<u32>,
    other: HashMap<i64, usize>,
}

impl Lines {
    fn insert(&mut self, id: i64, line: usize) {
        let first = *self.first.get_or_insert(id);
        match u32::try_from(line) {
            Ok(l) if id - first == self.run.len() as i64 => self.run.push(l),
            _ => {
                self.other.insert(id, line);
            }
        }
    }

    fn get(&self, id: i64) -> Option<usize> {
        let at = self.first.and_then(|f| usize::try_from(id - f).ok());
        at.and_then(|i| self.run.get(i)).map(|l| *l as usize).or_else(|| self.other.get(&id).copied())
    }
}

/// A row as the checking thread hands it on.
enum Verdict {
    /// The row as read (for the rejected file) and its problems.
    Bad(SheetRow, Vec<Problem>),
    /// A valid row, with its writes worked out when the import writes.
    Good(Box<GoodCase>, Option<case_import::Prepared>),
}

/// Rows go to the writing thread in batches of this many (one hand-over per row cost more
/// in waking threads than it saved), at most `BATCHES_AHEAD` batches waiting: memory stays flat.
const BATCH: usize = 128;
const BATCHES_AHEAD: usize = 4;

type Batch = Vec<Result<Verdict, read::ReadError>>;

impl GoodCase {
    fn new_case(&self) -> NewCase<'_> {
        let e = &self.entry;
        NewCase {
            id: self.id,
            county: &self.county,
            status: e.status,
            ledger: e.ledger,
            last_visit_on: e.last_visit_on.as_deref(),
            record: &self.record,
        }
    }
}

/// Reads and checks every row of `rows` (and works out the writes of each valid one when
/// `preparer` is given), handing each on in file order; stops when nobody listens.
fn check_rows(
    rows: &mut read::RowReader,
    checker: &mut CaseCheck,
    preparer: Option<case_import::Preparer>,
    out: std::sync::mpsc::SyncSender<Batch>,
    spent: std::sync::mpsc::Receiver<Spent>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = rows.next_row() {
        batch.push(row.map(|row| match checker.check(&row) {
            Err(problems) => Verdict::Bad(row, problems),
            Ok(good) => {
                let prepared = preparer.as_ref().map(|p| p.prepare(&good.new_case()));
                Verdict::Good(Box::new(good), prepared)
            }
        }));
        if batch.len() == BATCH {
            if out.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                return;
            }
            // Freed here, where they were allocated: glibc frees another thread's memory
            // under its arena's lock, and the two threads contended for it on every row.
            while let Ok(rows) = spent.try_recv() {
                drop(rows);
            }
        }
    }
    let _ = out.send(batch);
}

/// Rows written, sent back to be freed by the thread that allocated them.
type Spent = Vec<(Box<GoodCase>, Option<case_import::Prepared>)>;

impl CasePass<'_> {
    /// Every row of `rows`: read and checked on a thread of its own while this one looks
    /// up duplicates and writes (two cores, and the checks cost as much as SQLite).
    fn run(
        &mut self,
        rows: &mut read::RowReader,
        checker: &mut CaseCheck,
        lookup: &mut Lookup,
        note: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(), ImportError> {
        let total = rows.estimate as usize;
        let preparer = match lookup {
            Lookup::Write(w) => Some(w.preparer()),
            Lookup::Read(..) => None,
        };
        std::thread::scope(|s| {
            let (send, checked) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
            let (give_back, spent) = std::sync::mpsc::channel();
            s.spawn(move || check_rows(rows, checker, preparer, send, spent));
            for batch in checked {
                let mut done: Spent = Vec::with_capacity(batch.len());
                for verdict in batch {
                    if self.out.rows.is_multiple_of(2000) {
                        progress(self.out.rows, total.max(self.out.rows));
                    }
                    self.out.rows += 1;
                    match verdict.map_err(ImportError::Read)? {
                        Verdict::Bad(row, problems) => self.bad.push((row, problems)),
                        Verdict::Good(good, prepared) => {
                            self.take(&good, prepared.as_ref(), lookup, note)?;
                            done.push((good, prepared));
                        }
                    }
                }
                // The reading thread has stopped when this fails: the rows are freed here.
                let _ = give_back.send(done);
            }
            progress(self.out.rows, self.out.rows);
            Ok(())
        })
    }

    /// A valid row: a duplicate when its child has an open case (in the database or
    /// earlier in the file) or its case number is taken, else counted valid and, when
    /// writing, written.
    fn take(
        &mut self,
        good: &GoodCase,
        prepared: Option<&case_import::Prepared>,
        lookup: &mut Lookup,
        note: &str,
    ) -> Result<(), ImportError> {
        let dup = match lookup {
            Lookup::Read(db, open, seen) => {
                let first_seen = |key: String| -> rusqlite::Result<Option<String>> {
                    let first = seen.first(&key, good.line)?;
                    Ok(first.map(|first| fill(X::DuplicateInFile.s(), &[&first])))
                };
                let in_file = match first_seen(child_key(&good.record))? {
                    Some(reason) => Some(reason),
                    None => good.id.map(|id| first_seen(format!("case:{id}"))).transpose()?.flatten(),
                };
                match in_file {
                    Some(reason) => Some(reason),
                    None => match open.of(&good.record)? {
                        Some((id, name)) => Some(fill(X::DuplicateOpen.s(), &[&name, &id])),
                        None => number_in_use(good.id, |id| case_import::number_taken(&db.conn, id))?,
                    },
                }
            }
            Lookup::Write(w) => match w.open_case_of(&good.record)? {
                Some((id, name)) => Some(self.duplicate_of(id, &name, X::DuplicateOpen)),
                None => {
                    let taken = good.id.map(|id| w.number_taken(id).map(|n| n.map(|n| (id, n)))).transpose()?;
                    taken.flatten().map(|(id, name)| self.duplicate_of(id, &name, X::CaseNumberTaken))
                }
            },
        };
        if let Some(reason) = dup {
            self.out.duplicates.push(Skipped { line: good.line, name: good.record.name.clone(), reason });
            return Ok(());
        }
        self.out.valid_rows += 1;
        if let Lookup::Write(w) = lookup {
            let row = good.new_case();
            let id = w.insert(&row, prepared, note)?;
            w.steps(id, &row, &good.entry.steps)?;
            self.lines.insert(id, good.line);
            self.out.written += 1;
        }
        Ok(())
    }

    /// Why a row is skipped whose child has open case `id`, or whose number `id` names: a
    /// row earlier in the file (written by this import), or a case already in the ledger
    /// (`in_ledger` says it).
    fn duplicate_of(&self, id: i64, name: &str, in_ledger: X) -> String {
        match self.lines.get(id) {
            Some(first) => fill(X::DuplicateInFile.s(), &[&first]),
            None if in_ledger == X::CaseNumberTaken => fill(in_ledger.s(), &[&id, &name]),
            None => fill(in_ledger.s(), &[&name, &id]),
        }
    }
}

/// Why a row whose case number is `id` is not imported: the number names a case already.
fn number_in_use(
    id: Option<i64>,
    taken: impl Fn(i64) -> rusqlite::Result<Option<String>>,
) -> rusqlite::Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(taken(id)?.map(|name| fill(X::CaseNumberTaken.s(), &[&id, &name])))
}

/// A case file read, checked and (unless a dry run) written in one pass, row by row: memory
/// does not grow with the file. Writing happens in one transaction, kept only if the mode
/// allows it at the end (`Apply`: no row had a problem).
fn run_cases(
    db: &mut Db,
    path: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Outcome, ImportError> {
    let mut rows = read::open_rows(path, opts.encoding, opts.sheet.as_deref()).map_err(ImportError::Read)?;
    let headers = std::mem::take(&mut rows.headers);
    let mapping = case_mapping(&headers);
    if !mapping.repeated.is_empty() {
        return Err(ImportError::RepeatedColumns(mapping.repeated));
    }
    let missing = missing_columns(Kind::Cases, &mapping, opts.county.is_some());
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let note = fill(X::AuditNote.s(), &[&file_name]);
    let mut out = Outcome { kind: Kind::Cases, ..Outcome::of_headers(path, &headers, &rows.format, &mapping) };
    let mut checker = CaseCheck::new(db, &headers, &mapping, opts)?;
    let mut pass = CasePass { out: &mut out, bad: Vec::new(), lines: Lines::default() };
    if opts.mode != Mode::DryRun && db.may_write(None, false).is_ok() {
        let large = case_import::is_large(&db.conn, rows.estimate)?;
        let mode = opts.mode;
        let kept = case_import::import(db, None, large, |w| {
            pass.run(&mut rows, &mut checker, &mut Lookup::Write(w), &note, progress)?;
            let keep = write_allowed(mode, pass.bad.is_empty()) && pass.out.written > 0;
            Ok::<_, ImportError>((keep, keep))
        })?;
        pass.out.applied = kept;
        if !kept {
            pass.out.written = 0;
        }
    } else {
        let _snapshot = db.snapshot()?;
        pass.run(
            &mut rows,
            &mut checker,
            &mut Lookup::Read(db, OpenCases::new(&db.conn)?, Box::new(crate::db::seen::Seen::new()?)),
            &note,
            progress,
        )?;
        pass.out.written = 0;
    }
    let bad = std::mem::take(&mut pass.bad);
    (out.values_read, out.notes) = checker.applied.finish(&headers, &mapping);
    let absence = absence_from_registration(&mapping).then(|| X::NoteAbsenceFromRegistered.s().to_string());
    out.notes.splice(0..0, case_notes(&headers, &mapping).into_iter().chain(absence));
    out.invalid_rows = bad.len();
    out.problems = bad.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
    if opts.mode == Mode::SkipInvalid && !bad.is_empty() {
        let rows = bad.iter().map(|(row, problems)| (row, problems.as_slice()));
        out.rejected_file = Some(write_rejected(path, &headers, rows)?);
    }
    Ok(out)
}

/// A problem with row `line`'s `key` column, its value masked as every other way out of
/// the program shows personal values.
pub(super) fn problem_at(
    headers: &[String],
    mapping: &Mapping,
    line: usize,
    key: &str,
    value: String,
    reason: String,
) -> Problem {
    Problem {
        line,
        column: header_of(headers, mapping, key, field_label_any(key)),
        value: shown_value(case::field(key).map_or_else(|| value.clone(), |f| f.masked(&value))),
        reason,
    }
}

/// A cell of case field `key` as the rules read it: a grade, reason or family types in
/// their codes when recognised (else as written, for the rules to name); others as they are.
/// A reason in other words, or a role after a responsible person's name, is noted in
/// `applied`.
pub(super) fn normalised(key: &str, raw: &str, applied: &Applied) -> String {
    match key {
        "grade" => parse_grade(raw).map(|g| g.to_string()).unwrap_or_else(|| raw.to_string()),
        "reason" => match parse_reason(raw) {
            Some(r) => {
                applied.value(key, raw, r.label());
                r.code().to_string()
            }
            None => raw.to_string(),
        },
        "family_types" => family_codes(raw),
        "gov_person" | "edu_person" => match name_and_role(raw) {
            Some((name, _)) => {
                applied.role(key, raw, name);
                name.to_string()
            }
            None => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

/// Each field the rules refused, as a problem on its column with the cell as written (the
/// school's column, unless it already carries its own sentence: `school_known` false). A
/// required field the file has no column for says so.
pub(super) fn invalid_fields(
    errors: Vec<(&'static str, CaseError)>,
    school_known: bool,
    cells: &dyn Cells,
    problem: &mut dyn FnMut(&str, String, String),
) {
    for (key, e) in errors {
        if key == "school_id" && !school_known {
            continue;
        }
        let shown_key = if key == "school_id" { "school" } else { key };
        let reason = match e {
            CaseError::Required if !cells.has_column(shown_key) => {
                fill(X::RequiredAbsentColumn.s(), &[&field_label_any(shown_key)])
            }
            e => import_error_text(&e),
        };
        problem(shown_key, cells.raw(shown_key), reason);
    }
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

pub(super) fn is_case_date(key: &str) -> bool {
    case::field(key)
        .or_else(|| workflow_columns().find(|(k, _)| *k == key).map(|(_, f)| f))
        .is_some_and(|f| f.kind == FieldKind::Date)
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

/// A field's label for case fields, or the import-only columns.
pub fn field_label_any(key: &str) -> &str {
    match key {
        "school_code" => X::HeaderSchoolCode.s(),
        "status" => X::HeaderStatus.s(),
        "school" => case_field_label("school_id").unwrap_or("school"),
        "returned_school" => case_field_label("returned_school_id").unwrap_or("returned_school"),
        "case_id" => X::HeaderCaseId.s(),
        "county" => X::HeaderCaseCounty.s(),
        "visit_by" => X::HeaderVisitBy.s(),
        "visit_outcome" => X::HeaderVisitOutcome.s(),
        "change_reason" => X::HeaderChangeReason.s(),
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
                        column: header_of(&table.headers, mapping, key, school_rows::label(key)),
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
                        column: header_of(&table.headers, mapping, "county", school_rows::label("county")),
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

fn write_rejected<'r>(
    input: &Path,
    headers: &[String],
    bad: impl Iterator<Item = (&'r SheetRow, &'r [Problem])>,
) -> Result<PathBuf, ImportError> {
    let path = rejected_path(input);
    let mut all = headers.to_vec();
    all.push(X::RejectReasonHeader.s().to_string());
    let rows = bad.map(|(row, problems)| {
        let mut cells = row.cells.clone();
        cells.resize(headers.len(), String::new());
        let reasons: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.column, p.reason)).collect();
        cells.push(reasons.join("; "));
        cells
    });
    super::export::write_csv(&path, &all, rows).map_err(|e| ImportError::Rejected(path.clone(), e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn lines_are_found_by_case_number_in_the_run_and_out_of_it() {
        let mut lines = Lines::default();
        // New cases 10, 11, 12; a file's own number 5 and 40; then 13 after the gap.
        for (id, line) in [(10, 2), (11, 3), (12, 5), (5, 6), (40, 7), (13, 8)] {
            lines.insert(id, line);
        }
        let found: Vec<Option<usize>> = [10, 11, 12, 13, 5, 40, 14, 9, 41].iter().map(|id| lines.get(*id)).collect();
        assert_eq!(found, [Some(2), Some(3), Some(5), Some(8), Some(6), Some(7), None, None, None]);
        assert_eq!(lines.run.len(), 4, "the numbers that follow each other take no map entry");
    }
}
