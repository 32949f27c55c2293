//! Schools: the queries the ledger needs (pickers, scope). The schools screens build on it.

use crate::domain::region::{self, Level};
use rusqlite::{params_from_iter, Connection};

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
    let mut stmt = conn.prepare("SELECT id, county_code, name, school_code, closed_on IS NULL FROM schools")?;
    let rows = stmt.query_map([], |r| {
        Ok(SchoolRef { id: r.get(0)?, county: r.get(1)?, name: r.get(2)?, code: r.get(3)?, open: r.get(4)? })
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

/// Open schools inside a region (county, prefecture or province) that the session may read,
/// by county then name.
pub fn in_region(db: &Db, code: &str) -> rusqlite::Result<Vec<SchoolChoice>> {
    let (conn, scope) = (&db.conn, db.read_scope().rows("s.county_code", "s.id"));
    let pattern = match region::level_of(code) {
        Ok(Level::Province) => format!("{}%", &code[..2]),
        Ok(Level::Prefecture) => format!("{}%", &code[..4]),
        _ => code.to_string(),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.id, s.name, s.county_code, r.name, s.school_code FROM schools s
         JOIN regions r ON r.code = s.county_code
         WHERE s.county_code LIKE ?1 AND s.closed_on IS NULL AND {} ORDER BY s.county_code, s.name",
        scope.numbered(2)
    ))?;
    let values = std::iter::once(rusqlite::types::Value::Text(pattern)).chain(scope.params);
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok(SchoolChoice {
            id: r.get(0)?,
            name: r.get(1)?,
            county_code: r.get(2)?,
            county_name: r.get(3)?,
            school_code: r.get(4)?,
        })
    })?;
    rows.collect()
}

pub fn name(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT name FROM schools WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()
}

// --- The schools screens: the table, one school, and saving it through the write path. ----

use super::audit::{AuditRow, WriteError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::school::{self, SizeFlag};
use crate::domain::school_rules::SchoolRecord;
use rusqlite::{params, OptionalExtension};

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

/// `LIKE` pattern for the county codes inside a region.
fn pattern(code: &str) -> String {
    match region::level_of(code) {
        Ok(Level::Province) => format!("{}%", &code[..2]),
        Ok(Level::Prefecture) => format!("{}%", &code[..4]),
        _ => code.to_string(),
    }
}

/// Every school of a region, open and closed, by county then name. A county has tens of
/// schools and the province a few thousand: small enough to sort and filter in memory. Only
/// the schools the session may read.
pub fn list(db: &Db, region_code: &str) -> rusqlite::Result<Vec<SchoolRow>> {
    let (conn, scope) = (&db.conn, db.read_scope().rows("county_code", "id"));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, county_code, name, school_code, kind, location, students, classes, largest_class,
                teachers, closed_on
         FROM schools WHERE county_code LIKE ?1 AND {} ORDER BY county_code, name, id",
        scope.numbered(2)
    ))?;
    let values = std::iter::once(rusqlite::types::Value::Text(pattern(region_code))).chain(scope.params);
    let rows = stmt.query_map(params_from_iter(values), |r| {
        let kind: String = r.get(4)?;
        let location: String = r.get(5)?;
        Ok(SchoolRow {
            id: r.get(0)?,
            county_code: r.get(1)?,
            name: r.get(2)?,
            school_code: r.get(3)?,
            kind: SchoolKind::from_code(&kind).unwrap_or(SchoolKind::Primary),
            location: Location::from_code(&location).unwrap_or(Location::Urban),
            students: r.get(6)?,
            classes: r.get(7)?,
            largest_class: r.get(8)?,
            teachers: r.get(9)?,
            closed_on: r.get(10)?,
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

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<School>> {
    conn.prepare_cached(
        "SELECT s.id, s.county_code, s.name, s.school_code, s.kind, s.location, s.students, s.primary_students,
                s.junior_students, s.classes, s.largest_class, s.boarding_students, s.teachers, s.degree_teachers,
                s.backbone_teachers, s.pe_arts_teachers, s.building_m2, s.sports_m2, s.equipment_yuan,
                s.multimedia_rooms, s.opened_on, s.closed_on, s.merged_into, s.note, s.version, m.name
         FROM schools s LEFT JOIN schools m ON m.id = s.merged_into WHERE s.id = ?1",
    )?
    .query_row([id], |r| {
        let kind: String = r.get(4)?;
        let location: String = r.get(5)?;
        Ok(School {
            id: r.get(0)?,
            county_code: r.get(1)?,
            record: SchoolRecord {
                name: r.get(2)?,
                school_code: r.get(3)?,
                kind: SchoolKind::from_code(&kind).unwrap_or(SchoolKind::Primary),
                location: Location::from_code(&location).unwrap_or(Location::Urban),
                students: r.get(6)?,
                primary_students: r.get(7)?,
                junior_students: r.get(8)?,
                classes: r.get(9)?,
                largest_class: r.get(10)?,
                boarding_students: r.get(11)?,
                teachers: r.get(12)?,
                degree_teachers: r.get(13)?,
                backbone_teachers: r.get(14)?,
                pe_arts_teachers: r.get(15)?,
                building_m2: r.get(16)?,
                sports_m2: r.get(17)?,
                equipment_yuan: r.get(18)?,
                multimedia_rooms: r.get(19)?,
                opened_on: r.get(20)?,
                closed_on: r.get(21)?,
                merged_into: r.get(22)?,
                note: r.get(23)?,
            },
            version: r.get(24)?,
            merged_name: r.get(25)?,
        })
    })
    .optional()
}

/// Another school already using `code`, as (id, name).
pub fn code_taken(conn: &Connection, code: &str, except: Option<i64>) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT id, name FROM schools WHERE school_code = ?1 AND id <> ?2")?
        .query_row(params![code, except.unwrap_or(-1)], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// Refused when the code belongs to another school: the message names it.
fn check_code_free(conn: &Connection, rec: &SchoolRecord, except: Option<i64>) -> Result<(), WriteError> {
    if let Some(code) = &rec.school_code {
        if let Some((_, name)) = code_taken(conn, code, except)? {
            return Err(WriteError::Invalid {
                field: "school_code",
                message: crate::i18n::fill(crate::i18n::schools::S::ErrCodeTaken.s(), &[code, &name]),
            });
        }
    }
    Ok(())
}

fn write_record(tx: &Connection, id: i64, rec: &SchoolRecord) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE schools SET name = ?2, school_code = ?3, kind = ?4, location = ?5, students = ?6,
             primary_students = ?7, junior_students = ?8, classes = ?9, largest_class = ?10,
             boarding_students = ?11, teachers = ?12, degree_teachers = ?13, backbone_teachers = ?14,
             pe_arts_teachers = ?15, building_m2 = ?16, sports_m2 = ?17, equipment_yuan = ?18,
             multimedia_rooms = ?19, opened_on = ?20, closed_on = ?21, merged_into = ?22, note = ?23,
             name_initials = ?24
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        rec.name,
        rec.school_code,
        rec.kind.code(),
        rec.location.code(),
        rec.students,
        rec.primary_students,
        rec.junior_students,
        rec.classes,
        rec.largest_class,
        rec.boarding_students,
        rec.teachers,
        rec.degree_teachers,
        rec.backbone_teachers,
        rec.pe_arts_teachers,
        rec.building_m2,
        rec.sports_m2,
        rec.equipment_yuan,
        rec.multimedia_rooms,
        rec.opened_on,
        rec.closed_on,
        rec.merged_into,
        rec.note,
        crate::domain::pinyin::initials_index(&rec.name),
    ])?;
    Ok(())
}

/// Inserts a school row inside the caller's write transaction (the form's save and the
/// spreadsheet import share it). Returns its id.
pub fn insert_in(tx: &Connection, county_code: &str, rec: &SchoolRecord) -> rusqlite::Result<i64> {
    tx.prepare_cached("INSERT INTO schools(county_code, name, kind, location) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![county_code, rec.name, rec.kind.code(), rec.location.code()])?;
    let id = tx.last_insert_rowid();
    write_record(tx, id, rec)?;
    Ok(id)
}

/// Creates a school in `county_code` (administrators only). Returns its id.
pub fn insert(db: &mut Db, county_code: &str, rec: &SchoolRecord) -> Result<i64, WriteError> {
    let target = Target { region_code: county_code.to_string(), school_id: None };
    db.write(&target, true, |tx| {
        check_code_free(tx, rec, None)?;
        let id = insert_in(tx, county_code, rec)?;
        let mut audit = vec![AuditRow::insert("schools", id).with_new(rec.name.clone())];
        audit.extend(
            rec.texts()
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(f, v)| AuditRow::update("schools", id, f, None, Some(v)).with_note("insert")),
        );
        Ok((id, audit))
    })
}

/// Saves school `id` read at `version` (else `Conflict`). Figures may be kept by the
/// school's own 填报员; closing or merging is an administrator's change. Returns the new
/// version.
pub fn update(db: &mut Db, id: i64, version: i64, rec: &SchoolRecord) -> Result<i64, WriteError> {
    let old = get(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    let admin_only = rec.structural_change(Some(&old.record));
    let target = Target { region_code: old.county_code.clone(), school_id: Some(id) };
    db.write(&target, admin_only, |tx| {
        check_code_free(tx, rec, Some(id))?;
        let current = get(tx, id)?.ok_or(WriteError::Conflict)?;
        let n = tx
            .execute("UPDATE schools SET version = version + 1 WHERE id = ?1 AND version = ?2", params![id, version])?;
        if n == 0 {
            return Err(WriteError::Conflict);
        }
        write_record(tx, id, rec)?;
        let audit: Vec<AuditRow> = current
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
        Ok((version + 1, audit))
    })
}
