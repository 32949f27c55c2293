//! The region table (GB/T 2260), loaded from `data/heilongjiang_gb2260_2024.txt`.

use crate::domain::region::{self, Level};
use rusqlite::{params, Connection, Transaction};
use std::collections::HashSet;

const REGION_FILE: &str = include_str!("../../data/heilongjiang_gb2260_2024.txt");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<String>,
}

/// Parses the shipped region list (`CODE NAME` per line).
pub fn shipped_regions() -> Vec<Region> {
    REGION_FILE
        .lines()
        .filter_map(|line| {
            let (code, name) = line.trim().split_once(char::is_whitespace)?;
            let level = region::level_of(code).ok()?;
            Some(Region {
                code: code.to_string(),
                name: name.trim().to_string(),
                level,
                parent_code: region::parent_of(code),
            })
        })
        .collect()
}

/// Inserts the shipped regions that are not there yet.
pub fn load(tx: &Transaction) -> rusqlite::Result<usize> {
    let mut stmt =
        tx.prepare("INSERT OR IGNORE INTO regions(code, name, parent_code, level) VALUES (?1, ?2, ?3, ?4)")?;
    let mut n = 0;
    for r in shipped_regions() {
        n += stmt.execute(params![r.code, r.name, r.parent_code, r.level as i64])?;
    }
    Ok(n)
}

/// Every region, ordered by code (parents before children).
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Region>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, name, level, parent_code FROM regions WHERE valid_to IS NULL ORDER BY code")?;
    let rows = stmt.query_map([], |r| {
        Ok(Region {
            code: r.get(0)?,
            name: r.get(1)?,
            level: Level::from_i64(r.get(2)?).unwrap_or(Level::County),
            parent_code: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// One region by code.
pub fn get(conn: &Connection, code: &str) -> rusqlite::Result<Option<Region>> {
    let mut stmt = conn.prepare_cached("SELECT code, name, level, parent_code FROM regions WHERE code = ?1")?;
    let mut rows = stmt.query([code])?;
    match rows.next()? {
        Some(r) => Ok(Some(Region {
            code: r.get(0)?,
            name: r.get(1)?,
            level: Level::from_i64(r.get(2)?).unwrap_or(Level::County),
            parent_code: r.get(3)?,
        })),
        None => Ok(None),
    }
}

/// A region's name, or its code when the table does not have it.
pub fn name_or_code(conn: &Connection, code: &str) -> String {
    get(conn, code).ok().flatten().map(|r| r.name).unwrap_or_else(|| code.to_string())
}

/// Every region's name by code.
pub fn names(conn: &Connection) -> rusqlite::Result<std::collections::HashMap<String, String>> {
    conn.prepare_cached("SELECT code, name FROM regions")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// The codes (current or not) a school may be filed under: every county, and every prefecture for its
/// 市直属 schools.
pub fn unit_codes(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    conn.prepare_cached("SELECT code FROM regions WHERE level IN (2, 3)")?.query_map([], |r| r.get(0))?.collect()
}
