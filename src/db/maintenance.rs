//! Whole-database upkeep for administrators: the online backup, the rows `taizhang check`
//! holds against the domain rules (which, and the sentences, live with the command), and
//! plain row counts.

use super::record;
use super::record::columns;
use crate::domain::fields::Field;
use crate::domain::{case, school_rules};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::Path;

/// How often a busy or locked source is retried before the backup gives up (50 ms apart).
const BACKUP_TRIES: u32 = 200;

/// Copies the database into a new file at `file` with the online backup API: one consistent
/// snapshot even while other sessions write. Returns the number of pages copied.
pub fn backup(conn: &Connection, file: &Path) -> rusqlite::Result<i32> {
    // A copy for colleagues too: the umask decides its mode, as for a new database.
    super::files::create_honouring_umask(file).map_err(|e| {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN), Some(e.to_string()))
    })?;
    let mut dst = Connection::open(file)?;
    copy_pages(conn, &mut dst)?;
    dst.query_row("PRAGMA page_count", [], |r| r.get(0))
}

fn copy_pages(src: &Connection, dst: &mut Connection) -> rusqlite::Result<()> {
    let b = Backup::new(src, dst)?;
    let mut tries = 0;
    loop {
        match b.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked => {
                tries += 1;
                if tries > BACKUP_TRIES {
                    let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
                    return Err(rusqlite::Error::SqliteFailure(busy, None));
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            _ => {}
        }
    }
}

/// The lines of `PRAGMA integrity_check` other than `ok`.
pub fn integrity_errors(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// A row whose foreign key points at nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenKey {
    pub table: String,
    pub rowid: Option<i64>,
    pub parent: String,
}

/// Every row `PRAGMA foreign_key_check` reports.
pub fn broken_keys(conn: &Connection) -> rusqlite::Result<Vec<BrokenKey>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| Ok(BrokenKey { table: r.get(0)?, rowid: r.get(1)?, parent: r.get(2)? }))?;
    rows.collect()
}

/// Every region's code and stored parent code, current or not.
pub fn region_parents(conn: &Connection) -> rusqlite::Result<Vec<(String, Option<String>)>> {
    let mut stmt = conn.prepare("SELECT code, parent_code FROM regions")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Every school's id with its county code.
pub fn school_counties(conn: &Connection) -> rusqlite::Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare("SELECT id, county_code FROM schools")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// A stored row as its form would show it: every field as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub id: i64,
    pub county_code: String,
    /// Cases only: the stored status code.
    pub status: String,
    /// The form's fields, in its field order (`school_rules::FIELDS`, `case::FIELDS`).
    pub values: Vec<String>,
}

/// Hands `each` every school by id, its fields in `school_rules::FIELDS` order.
pub fn each_school(conn: &Connection, each: impl FnMut(StoredRow)) -> rusqlite::Result<()> {
    let sql =
        format!("SELECT id, county_code, '' AS status, {} FROM schools ORDER BY id", columns(school_rules::FIELDS));
    each_row(conn, &sql, school_rules::FIELDS, each)
}

/// Hands `each` every case by id, its fields in `case::FIELDS` order.
pub fn each_case(conn: &Connection, each: impl FnMut(StoredRow)) -> rusqlite::Result<()> {
    let sql = format!("SELECT id, county_code, status, {} FROM cases ORDER BY id", columns(case::FIELDS));
    each_row(conn, &sql, case::FIELDS, each)
}

/// Runs `sql` (id, county code, status, then the `fields` columns) and hands `each` every
/// row, reading each column by its name.
fn each_row(conn: &Connection, sql: &str, fields: &[Field], mut each: impl FnMut(StoredRow)) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(sql)?;
    // Every row of a table: columns found once, not searched for per cell.
    let at = record::ColumnIndex::of(&stmt);
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let values = at.texts(r, fields)?.into_iter().map(|(_, v)| v).collect();
        let (id, county_code, status) = (at.get(r, "id")?, at.get(r, "county_code")?, at.get(r, "status")?);
        each(StoredRow { id, county_code, status, values });
    }
    Ok(())
}

/// A current alliance's lead as the alliance names it and as its members record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllianceLead {
    pub id: i64,
    pub name: String,
    pub lead_school_id: Option<i64>,
    /// How many current members have the lead role (exactly one when all is well).
    pub leads: i64,
    pub member_lead: Option<i64>,
}

/// Every alliance not dissolved, by id.
pub fn alliance_leads(conn: &Connection) -> rusqlite::Result<Vec<AllianceLead>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.name, a.lead_school_id,
                (SELECT count(*) FROM alliance_members m WHERE m.alliance_id = a.id AND m.role = 'lead' AND m.left_on IS NULL),
                (SELECT m.school_id FROM alliance_members m WHERE m.alliance_id = a.id AND m.role = 'lead' AND m.left_on IS NULL)
         FROM alliances a WHERE a.dissolved_on IS NULL ORDER BY a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(AllianceLead {
            id: r.get(0)?,
            name: r.get(1)?,
            lead_school_id: r.get(2)?,
            leads: r.get(3)?,
            member_lead: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// A county's number of cases in one status: as `case_counts` caches it and as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCount {
    pub county_code: String,
    pub status: String,
    pub cached: i64,
    pub actual: i64,
}

/// Every (county, status) that either `case_counts` or the cases themselves have.
pub fn case_counts(conn: &Connection) -> rusqlite::Result<Vec<CaseCount>> {
    let mut stmt = conn.prepare(
        "SELECT k.county_code, k.status, k.n, coalesce(a.n, 0) FROM case_counts k
         LEFT JOIN (SELECT county_code, status, count(*) AS n FROM cases GROUP BY county_code, status) a
           ON a.county_code = k.county_code AND a.status = k.status
         UNION ALL
         SELECT a.county_code, a.status, 0, a.n FROM
           (SELECT county_code, status, count(*) AS n FROM cases GROUP BY county_code, status) a
         WHERE NOT EXISTS (SELECT 1 FROM case_counts k WHERE k.county_code = a.county_code AND k.status = a.status)",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CaseCount { county_code: r.get(0)?, status: r.get(1)?, cached: r.get(2)?, actual: r.get(3)? })
    })?;
    rows.collect()
}

/// A table `count_rows` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Schools,
    Alliances,
    Cases,
}

/// How many rows the table holds.
pub fn count_rows(conn: &Connection, table: Counted) -> rusqlite::Result<i64> {
    let sql = match table {
        Counted::Schools => "SELECT count(*) FROM schools",
        Counted::Alliances => "SELECT count(*) FROM alliances",
        Counted::Cases => "SELECT count(*) FROM cases",
    };
    conn.query_row(sql, [], |r| r.get(0))
}
