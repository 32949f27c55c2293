//! Schools: the queries the ledger needs (pickers, scope), the school table, one school,
//! and saving it through the write path. A school's columns come from its table of fields
//! (`school_rules::FIELDS`): read by name, written with named parameters.

use super::audit::{AuditRow, Rule, WriteError};
use super::record::{self, Params};
use super::record::{assignments, columns, named_params};
use super::Db;
use crate::domain::access::Target;
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::region::{self, Level};
use crate::domain::school::{self, SizeFlag};
use crate::domain::school_rules::{SchoolError, SchoolRecord, FIELDS};
use rusqlite::{named_params, Connection, OptionalExtension};

/// A school as cases refer to it.
#[derive(Debug, Clone)]
pub struct SchoolRef {
    pub id: i64,
    pub county: String,
    pub name: String,
    pub code: Option<String>,
    pub open: bool,
}

/// Every school, open or closed (an import resolves its 学校 / 学校标识码 columns by them).
pub fn load_refs(conn: &Connection) -> rusqlite::Result<Vec<SchoolRef>> {
    let mut stmt = conn.prepare("SELECT id, county_code, name, school_code, closed_on IS NULL AS open FROM schools")?;
    let rows = stmt.query_map([], |r| {
        Ok(SchoolRef {
            id: r.get("id")?,
            county: r.get("county_code")?,
            name: r.get("name")?,
            code: r.get("school_code")?,
            open: r.get("open")?,
        })
    })?;
    rows.collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolChoice {
    pub id: i64,
    pub name: String,
    pub county_code: String,
    pub county_name: String,
    pub school_code: Option<String>,
}

/// `LIKE` pattern for the county codes inside a region (county, prefecture or province).
fn pattern(code: &str) -> String {
    match region::level_of(code) {
        Ok(Level::Province) => format!("{}%", &code[..2]),
        Ok(Level::Prefecture) => format!("{}%", &code[..4]),
        _ => code.to_string(),
    }
}

/// Open schools inside a region (county, prefecture or province) that the session may read,
/// by county then name.
pub fn in_region(db: &Db, code: &str) -> rusqlite::Result<Vec<SchoolChoice>> {
    let (conn, scope) = (&db.conn, db.read_scope().rows("s.county_code", "s.id").named());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id, s.name, s.county_code, r.name AS county_name, s.school_code FROM schools s
         JOIN regions r ON r.code = s.county_code
         WHERE s.county_code LIKE :pattern AND s.closed_on IS NULL AND {} ORDER BY s.county_code, s.name COLLATE pinyin",
        scope.sql
    ))?;
    let pattern = pattern(code);
    let rows = stmt.query_map(&*scope.params(&[(":pattern", &pattern)]), |r| {
        Ok(SchoolChoice {
            id: r.get("id")?,
            name: r.get("name")?,
            county_code: r.get("county_code")?,
            county_name: r.get("county_name")?,
            school_code: r.get("school_code")?,
        })
    })?;
    rows.collect()
}

pub fn name(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT name FROM schools WHERE id = :id")?
        .query_row(named_params! { ":id": id }, |r| r.get("name"))
        .optional()
}

/// One row of the school table.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRow {
    pub id: i64,
    pub county_code: String,
    pub name: String,
    pub school_code: Option<String>,
    pub kind: SchoolKind,
    pub location: Location,
    pub students: Option<i64>,
    pub classes: Option<i64>,
    pub largest_class: Option<i64>,
    pub teachers: Option<i64>,
    pub closed_on: Option<String>,
}

impl SchoolRow {
    pub fn flags(&self) -> Vec<SizeFlag> {
        if self.closed_on.is_some() {
            return Vec::new();
        }
        school::flags(self.kind, self.students, self.largest_class)
    }

    pub fn average_class(&self) -> Option<i64> {
        crate::domain::school_rules::average_class(self.students, self.classes)
    }
}

/// Every school of a region, open and closed, by county then name. A county has tens of
/// schools and the province a few thousand: small enough to sort and filter in memory. Only
/// the schools the session may read.
pub fn list(db: &Db, region_code: &str) -> rusqlite::Result<Vec<SchoolRow>> {
    let (conn, scope) = (&db.conn, db.read_scope().rows("county_code", "id").named());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, county_code, name, school_code, kind, location, students, classes, largest_class,
                teachers, closed_on
         FROM schools WHERE county_code LIKE :pattern AND {} ORDER BY county_code, name COLLATE pinyin, id",
        scope.sql
    ))?;
    let pattern = pattern(region_code);
    let rows = stmt.query_map(&*scope.params(&[(":pattern", &pattern)]), |r| {
        let kind: String = r.get("kind")?;
        let location: String = r.get("location")?;
        Ok(SchoolRow {
            id: r.get("id")?,
            county_code: r.get("county_code")?,
            name: r.get("name")?,
            school_code: r.get("school_code")?,
            kind: SchoolKind::from_code(&kind).unwrap_or(SchoolKind::Primary),
            location: Location::from_code(&location).unwrap_or(Location::Urban),
            students: r.get("students")?,
            classes: r.get("classes")?,
            largest_class: r.get("largest_class")?,
            teachers: r.get("teachers")?,
            closed_on: r.get("closed_on")?,
        })
    })?;
    rows.collect()
}

/// A whole school, as the form needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct School {
    pub id: i64,
    pub county_code: String,
    pub record: SchoolRecord,
    /// The name of the school it merged into, if any.
    pub merged_name: Option<String>,
    pub version: i64,
}

/// School `id` if the session may read it (screens open schools through this).
pub fn get_visible(db: &Db, id: i64) -> rusqlite::Result<Option<School>> {
    let scope = db.read_scope().rows("county_code", "id").named();
    let sql = format!("SELECT count(*) > 0 FROM schools WHERE id = :id AND {}", scope.sql);
    let seen: bool = db.conn.prepare_cached(&sql)?.query_row(&*scope.params(&[(":id", &id)]), |r| r.get(0))?;
    if seen {
        get(&db.conn, id)
    } else {
        Ok(None)
    }
}

/// School `id` whatever the scope: the write path's read (it checks permission itself).
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<School>> {
    let sql = format!(
        "SELECT s.id AS id, s.county_code AS county_code, s.version AS version, m.name AS merged_name, {}
         FROM schools s LEFT JOIN schools m ON m.id = s.merged_into WHERE s.id = :id",
        record::qualified("s", FIELDS)
    );
    conn.prepare_cached(&sql)?
        .query_row(named_params! { ":id": id }, |r| {
            Ok(School {
                id: r.get("id")?,
                county_code: r.get("county_code")?,
                record: record::read(r, FIELDS, |text| SchoolRecord::from_texts(text))?,
                version: r.get("version")?,
                merged_name: r.get("merged_name")?,
            })
        })
        .optional()
}

/// Another school already using `code`, as (id, name).
pub fn code_taken(conn: &Connection, code: &str, except: Option<i64>) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT id, name FROM schools WHERE school_code = :code AND id <> :except")?
        .query_row(named_params! { ":code": code, ":except": except.unwrap_or(-1) }, |r| {
            Ok((r.get("id")?, r.get("name")?))
        })
        .optional()
}

/// The school with 学校标识码 `code`: (id, county code). Says nothing about whether the
/// session may read it: the read scope decides that for what is then asked of the school.
pub fn by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT id, county_code FROM schools WHERE school_code = :code")?
        .query_row(named_params! { ":code": code }, |r| Ok((r.get("id")?, r.get("county_code")?)))
        .optional()
}

/// Refused when the code belongs to another school, which the refusal names.
fn check_code_free(conn: &Connection, rec: &SchoolRecord, except: Option<i64>) -> Result<(), WriteError> {
    if let Some(code) = &rec.school_code {
        if let Some((_, holder)) = code_taken(conn, code, except)? {
            let rule = Rule::School(SchoolError::CodeTaken { code: code.clone(), holder });
            return Err(WriteError::Invalid { field: "school_code", rule });
        }
    }
    Ok(())
}

/// The record's columns as named parameters, with the name's pinyin initials (search).
fn record_params(tx: &Connection, rec: &SchoolRecord) -> rusqlite::Result<Params> {
    let initials = crate::domain::pinyin::initials_index(&rec.name);
    Ok(Params::new(tx, "schools", FIELDS, &rec.texts())?.with("name_initials", initials))
}

fn write_record(tx: &Connection, id: i64, rec: &SchoolRecord) -> rusqlite::Result<()> {
    let sql = format!("UPDATE schools SET {}, name_initials = :name_initials WHERE id = :id", assignments(FIELDS));
    record_params(tx, rec)?.with("id", id).execute(tx, &sql)?;
    Ok(())
}

/// Inserts a school row inside the caller's write transaction (the form's save and the
/// spreadsheet import share it). Returns its id.
pub fn insert_in(tx: &Connection, county_code: &str, rec: &SchoolRecord) -> rusqlite::Result<i64> {
    let sql = format!(
        "INSERT INTO schools(county_code, name_initials, {}) VALUES (:county_code, :name_initials, {})",
        columns(FIELDS),
        named_params(FIELDS)
    );
    record_params(tx, rec)?.with("county_code", county_code.to_string()).execute(tx, &sql)?;
    Ok(tx.last_insert_rowid())
}

/// Creates a school in `county_code` (administrators only). Returns its id.
pub fn insert(db: &mut Db, county_code: &str, rec: &SchoolRecord) -> Result<i64, WriteError> {
    let target = Target { region_code: county_code.to_string(), school_id: None };
    db.write(&target, true, |tx| {
        check_code_free(tx, rec, None)?;
        let id = insert_in(tx, county_code, rec)?;
        Ok((id, insert_audit(id, county_code, rec, "")))
    })
}

/// The audit rows of a new school: the `insert` row (new = its name, note = `note`, e.g.
/// the imported file) and one row per filled column, its county included, noted `insert`.
pub fn insert_audit(id: i64, county_code: &str, rec: &SchoolRecord, note: &str) -> Vec<AuditRow> {
    let mut audit = vec![AuditRow::insert("schools", id).with_new(rec.name.clone()).with_note(note)];
    audit.extend(
        std::iter::once(("county_code", county_code.to_string()))
            .chain(rec.texts())
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| AuditRow::update("schools", id, f, None, Some(v)).with_note("insert")),
    );
    audit
}

/// Saves school `id` read at `version` (else `Conflict`). Figures may be kept by the
/// school's own 填报员; closing or merging is an administrator's change. Returns the new
/// version.
pub fn update(db: &mut Db, id: i64, version: i64, rec: &SchoolRecord) -> Result<i64, WriteError> {
    let old = get(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    let admin_only = rec.structural_change(Some(&old.record));
    let target = Target { region_code: old.county_code.clone(), school_id: Some(id) };
    let login = db.actor.login.clone();
    db.write(&target, admin_only, |tx| {
        check_code_free(tx, rec, Some(id))?;
        let current = get(tx, id)?.ok_or(WriteError::Conflict)?;
        let n = tx.execute(
            "UPDATE schools SET version = version + 1 WHERE id = :id AND version = :version",
            named_params! { ":id": id, ":version": version },
        )?;
        if n == 0 {
            return Err(WriteError::Conflict);
        }
        write_record(tx, id, rec)?;
        let today = crate::domain::dates::iso(crate::db::today());
        let dated = super::history::from_form(tx, id, &current.record, rec, &today, &login)?;
        let mut audit: Vec<AuditRow> = current
            .record
            .texts()
            .into_iter()
            .zip(rec.texts())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((f, a), (_, b))| {
                let row = AuditRow::update("schools", id, f, Some(a), Some(b));
                if f == "closed_on" || f == "merged_into" {
                    row.with_note("close")
                } else {
                    row
                }
            })
            .collect();
        audit.extend(dated);
        Ok((version + 1, audit))
    })
}
