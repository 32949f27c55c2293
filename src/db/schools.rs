//! Schools: the queries the ledger needs (pickers, scope). The schools screens build on it.

use crate::domain::region::{self, Level};
use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolChoice {
    pub id: i64,
    pub name: String,
    pub county_code: String,
    pub county_name: String,
    pub school_code: Option<String>,
}

/// Open schools inside a region (county, prefecture or province), by county then name.
pub fn in_region(conn: &Connection, code: &str) -> rusqlite::Result<Vec<SchoolChoice>> {
    let pattern = match region::level_of(code) {
        Ok(Level::Province) => format!("{}%", &code[..2]),
        Ok(Level::Prefecture) => format!("{}%", &code[..4]),
        _ => code.to_string(),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, s.county_code, r.name, s.school_code FROM schools s
         JOIN regions r ON r.code = s.county_code
         WHERE s.county_code LIKE ?1 AND s.closed_on IS NULL ORDER BY s.county_code, s.name",
    )?;
    let rows = stmt.query_map([pattern], |r| {
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
