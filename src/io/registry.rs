//! The special-group registry in and out of spreadsheets: the import of a 登记表 (the case
//! import's header mapping, school look-up, dry run / apply / skip-invalid and rejected
//! file, `io::import`), and the two tables of `report registry` and `export registry`: the
//! 登记表 (personal fields masked) and the 统计表.

use super::import::{
    cell_text, field_headers, header_of, import_key, shown_value, Checked, ImportError, Options, Problem, SchoolIndex,
    Skipped,
};
use super::read::{self, Mapping, Table};
use crate::db::registry::{self as store, Child};
use crate::db::schools::load_refs;
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::fields::Kind as FieldKind;
use crate::domain::registry::{self, RegistryRecord, Tally, FIELDS, GROUPS};
use crate::i18n::io::X;
use crate::i18n::registry::{self as words, RG};
use crate::i18n::{fill, Label};
use crate::report::indicators::{Cell, Table as ReportTable};
use std::collections::{HashMap, HashSet};

/// The import's extra column besides the fields: the school's 学校标识码.
const SCHOOL_CODE: read::FieldSpec =
    read::FieldSpec { key: "school_code", headers: &["学校标识码", "学校代码", "School code"] };

/// The column a normalised header names in a 登记表.
pub fn column_of(n: &str) -> Option<&'static str> {
    let named = |h: &str| read::normalise_header(h) == n;
    FIELDS
        .iter()
        .find(|f| f.key == n || field_headers(f).any(named))
        .map(import_key)
        .or_else(|| (SCHOOL_CODE.key == n || SCHOOL_CODE.headers.iter().any(|h| named(h))).then_some(SCHOOL_CODE.key))
}

/// The required columns the file lacks, each as the headers accepted for it.
pub fn missing_columns(m: &Mapping) -> Vec<String> {
    let mut missing = Vec::new();
    for keys in [&["name"][..], &["school", "school_code"], &["grade"], &["groups"]] {
        if !keys.iter().any(|k| m.has(k)) {
            let names: Vec<&str> = keys
                .iter()
                .flat_map(|k| match FIELDS.iter().find(|f| import_key(f) == *k) {
                    Some(f) => field_headers(f).take(3).collect::<Vec<_>>(),
                    None => SCHOOL_CODE.headers.iter().copied().take(2).collect(),
                })
                .collect();
            missing.push(names.join(" / "));
        }
    }
    missing
}

/// A 登记表 row that passed every rule.
pub struct GoodChild {
    pub line: usize,
    pub county: String,
    pub record: RegistryRecord,
}

/// Groups as typed in a sheet (labels or codes, separated by 、 , ; /) as stored codes.
fn group_codes(s: &str) -> String {
    super::import::family_codes(s)
}

/// Checks every row of a 登记表 with the form's rules; nothing is written.
pub(crate) fn check(
    db: &Db,
    table: &Table,
    mapping: &Mapping,
    opts: &Options,
) -> Result<Checked<GoodChild>, ImportError> {
    let today = crate::db::today();
    let today_iso = crate::domain::dates::iso(today);
    let schools = SchoolIndex::new(load_refs(&db.conn)?, opts.county.clone());
    let school_ids: HashSet<i64> = schools.schools.iter().map(|s| s.id).collect();
    let col: HashMap<&str, usize> = mapping.columns.iter().map(|(i, k)| (*k, *i)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut checked = Checked { good: Vec::new(), bad: Vec::new(), duplicates: Vec::new() };
    for (index, row) in table.rows.iter().enumerate() {
        let is_date = |key: &str| registry::field(key).is_some_and(|f| f.kind == FieldKind::Date);
        let raw = |key: &str| col.get(key).map(|i| cell_text(row, *i, is_date(key))).unwrap_or_default();
        let mut problems: Vec<Problem> = Vec::new();
        // Personal values are listed masked, as on every other way out of the program.
        let mut problem = |key: &str, value: String, reason: String| {
            let label = registry::field(if key == "school" { "school_id" } else { key })
                .map_or_else(|| key.to_string(), |f| crate::i18n::ledger::label_of(f).to_string());
            problems.push(Problem {
                line: row.line,
                column: header_of(&table.headers, mapping, key, &label),
                value: shown_value(registry::field(key).map_or_else(|| value.clone(), |f| f.masked(&value))),
                reason,
            })
        };
        let school = match schools.resolve(&raw("school_code"), &raw("school")) {
            Ok(s) => {
                match db.may_write(Some(&Target { region_code: s.county.clone(), school_id: Some(s.id) }), false) {
                    Ok(()) => Some(s),
                    Err(r) => {
                        problem("school", s.name.clone(), crate::i18n::errors::session_refusal(db, &r));
                        None
                    }
                }
            }
            Err((key, reason)) => {
                problem(key, raw(key), reason);
                None
            }
        };
        let id_lossy = col.get("id_number").is_some_and(|c| row.lossy.contains(c));
        let unreadable = super::import::unreadable_fields(FIELDS, id_lossy, &raw, &mut problem);
        let grade_raw = raw("grade");
        let grade = super::import::parse_grade(&grade_raw).map_or_else(|| grade_raw.clone(), |g| g.to_string());
        let groups = group_codes(&raw("groups"));
        let placement = words::placement_code(&raw("placement"));
        let registered = Some(raw("registered_on")).filter(|r| !r.is_empty()).unwrap_or_else(|| today_iso.clone());
        let school_id = school.map(|s| s.id.to_string()).unwrap_or_default();
        let read = [
            ("grade", grade),
            ("groups", groups),
            ("placement", placement),
            ("registered_on", registered),
            ("school_id", school_id),
        ];
        let value = |key: &str| super::import::overlaid(key, &read, &unreadable, &raw);
        match registry::validate(value, today, |id| school_ids.contains(&id)) {
            Err(errors) => {
                for (key, e) in errors {
                    if key == "school_id" && school.is_none() {
                        continue; // the school column already has its sentence
                    }
                    let shown_key = if key == "school_id" { "school" } else { key };
                    problem(shown_key, raw(shown_key), words::error(&e));
                }
            }
            Ok(record) => {
                if let (Some(school), true) = (school, problems.is_empty()) {
                    let key = record.id_number.clone().unwrap_or_else(|| format!("{}@{}", record.name, school.id));
                    let dup = match seen.get(&key) {
                        Some(first) => Some(fill(X::DuplicateInFile.s(), &[first])),
                        None => {
                            seen.insert(key, row.line);
                            store::existing(&db.conn, &school.county, &record)?
                                .map(|(id, name)| fill(RG::DuplicateChild.s(), &[&name, &id]))
                        }
                    };
                    match dup {
                        Some(reason) => {
                            checked.duplicates.push(Skipped { line: row.line, name: record.name.clone(), reason })
                        }
                        None => checked.good.push(GoodChild { line: row.line, county: school.county.clone(), record }),
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

/// Writes the checked children in one transaction, audited with the file's name.
pub(crate) fn write(db: &mut Db, rows: &[GoodChild], file: &str) -> Result<usize, ImportError> {
    let Some(first) = rows.first() else { return Ok(0) };
    let target = Target { region_code: first.county.clone(), school_id: first.record.school_id };
    let new: Vec<(String, RegistryRecord)> = rows.iter().map(|g| (g.county.clone(), g.record.clone())).collect();
    let note = fill(X::AuditNote.s(), &[&file]);
    let ids = store::insert_many(db, &target, &new, &note).map_err(ImportError::Write)?;
    Ok(ids.len())
}

// ---------------------------------------------------------------------------------------
// The two tables.

/// The 登记表's columns: every exported field (the school by name), then the linked case
/// and the number of contacts.
pub fn register_headers(by_county: bool) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if by_county {
        h.push(RG::ColCounty.s().to_string());
    }
    h.extend(FIELDS.iter().filter(|f| f.export).map(|f| crate::i18n::ledger::label_of(f).to_string()));
    h.push(RG::ColCase.s().to_string());
    h.push(RG::ColContacts.s().to_string());
    h
}

/// One child's 登记表 row, personal fields masked: nothing of the registry leaves unmasked.
pub fn register_cells(db: &Db, c: &Child, by_county: bool) -> Vec<String> {
    let texts = c.record.texts();
    let mut cells: Vec<String> = Vec::new();
    if by_county {
        cells.push(db.region_name(&c.county_code));
    }
    for f in FIELDS.iter().filter(|f| f.export) {
        let text = texts.iter().find(|(k, _)| *k == f.key).map(|(_, v)| v.as_str()).unwrap_or_default();
        cells.push(if f.kind == FieldKind::School { c.school_name.clone() } else { words::shown(f, text, false) });
    }
    cells.push(c.case.map(|(id, s)| fill(RG::CaseLink.s(), &[&id, &s.label()])).unwrap_or_default());
    cells.push(c.contacts.to_string());
    cells
}

/// The 统计表's columns: the unit, children, each group, boys, girls, placed.
pub fn tally_headers(by_county: bool) -> Vec<String> {
    let unit = if by_county { RG::ColCounty } else { RG::ColSchool };
    let mut h = vec![unit.s().to_string(), RG::ColChildren.s().to_string()];
    h.extend(GROUPS.iter().map(|g| g.label().to_string()));
    h.extend([RG::ColMale, RG::ColFemale, RG::ColPlaced].map(|t| t.s().to_string()));
    h
}

/// The 统计表's rows, the total last.
pub fn tally_rows(t: &Tally) -> Vec<Vec<Cell>> {
    let num = |n: i64| Cell::Num { value: n as f64, decimals: 0, flag: crate::report::indicators::Mark::None };
    let line = |name: &str, c: &registry::Counts| {
        let mut row = vec![Cell::Text(name.to_string()), num(c.children)];
        row.extend(c.groups.iter().map(|n| num(*n)));
        row.extend([num(c.male), num(c.female), num(c.placed)]);
        row
    };
    let mut rows: Vec<Vec<Cell>> = t.lines.iter().map(|(u, c)| line(u, c)).collect();
    rows.push(line(RG::Total.s(), &t.total));
    rows
}

/// Both tables of region `code` (narrowed to `school`) for this session: the 登记表 only
/// when it may read the children, the 统计表 whenever it may read counts.
pub fn tables(db: &Db, code: &str, school: Option<i64>) -> Result<Vec<ReportTable>, crate::db::scope::ReportError> {
    let by_county = crate::domain::region::level_of(code) != Ok(crate::domain::region::Level::County);
    let tally = store::tally(db, code, school)?;
    let mut out = Vec::new();
    if db.read_scope().reads_cases() {
        let children: Vec<Child> = store::list(db, code)?
            .into_iter()
            .filter(|c| school.is_none_or(|s| c.record.school_id == Some(s)))
            .collect();
        out.push(ReportTable {
            title: RG::SheetRegister.s().to_string(),
            headers: register_headers(by_county),
            rows: children
                .iter()
                .map(|c| register_cells(db, c, by_county).into_iter().map(Cell::Text).collect())
                .collect(),
        });
    }
    out.push(ReportTable {
        title: RG::SheetTally.s().to_string(),
        headers: tally_headers(by_county),
        rows: tally_rows(&tally),
    });
    Ok(out)
}
