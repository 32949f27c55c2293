//! Whether the database file is damaged (bytes flipped by a disk or a copy, a file cut
//! short), asked before anything is written to it: a damaged file is never written to.
//! SQLite's own checks do the work; this says which one and turns "the check could not even
//! run" (SQLITE_CORRUPT, SQLITE_NOTADB from a file whose header was fine) into damage too.

use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::Path;

/// How hard to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// `PRAGMA quick_check`: every page and b-tree, in about the time of reading the file.
    /// Before every command.
    Quick,
    /// `PRAGMA integrity_check`: also that every index matches its table (a flipped byte
    /// inside an index entry). Before bulk writes, and in the background of the UI.
    Full,
}

/// Lines SQLite's report holds at most; the first says what to look at.
const REPORT_LINES: u32 = 20;

/// What is wrong with the file (worded in `i18n::errors::damage_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The first line of SQLite's check report (its own words: for whoever repairs it).
    Report(String),
    /// SQLite stopped reading: the structure is broken (SQLITE_CORRUPT).
    Corrupt,
    /// SQLite stopped reading: pages are missing, the file is cut short (SQLITE_NOTADB).
    Truncated,
}

impl Damage {
    /// The damage an error means, if it means one.
    pub fn of(e: &rusqlite::Error) -> Option<Damage> {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => Some(Damage::Corrupt),
            Some(ErrorCode::NotADatabase) => Some(Damage::Truncated),
            _ => None,
        }
    }
}

/// `Some(damage)` when the file is damaged, `None` when the check passed.
pub fn find(conn: &Connection, depth: Depth) -> rusqlite::Result<Option<Damage>> {
    let pragma = match depth {
        Depth::Quick => "quick_check",
        Depth::Full => "integrity_check",
    };
    let lines = conn.prepare(&format!("PRAGMA {pragma}({REPORT_LINES})")).and_then(|mut stmt| {
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<String>>>()
    });
    match lines {
        Ok(lines) => Ok(lines.into_iter().find(|l| l != "ok").map(|l| Damage::Report(first_problem(&l)))),
        Err(e) => Damage::of(&e).map(Some).ok_or(e),
    }
}

/// [`find`] on a connection of its own, read-only: the UI runs it on a thread while the
/// first screen is already up.
pub fn find_in_file(path: &Path, depth: Depth) -> rusqlite::Result<Option<Damage>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    find(&conn, depth)
}

/// An error that means the file itself is broken (not a lock, not a full disk).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    Damage::of(e).is_some()
}

/// A report's first real line (SQLite starts with "*** in database main ***").
fn first_problem(report: &str) -> String {
    report.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("***")).unwrap_or(report).to_string()
}
