//! Thresholds and switches (the `settings` table).

use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()
}

/// A numeric setting; `None` when missing or not a number.
pub fn get_i64(conn: &Connection, key: &str) -> Option<i64> {
    get(conn, key).ok().flatten().and_then(|v| v.trim().parse().ok())
}
