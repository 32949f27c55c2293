//! Thresholds and switches (the `settings` table).

use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()
}

/// A numeric setting; `None` when missing or not a number.
pub fn get_i64(conn: &Connection, key: &str) -> Option<i64> {
    get(conn, key).ok().flatten().and_then(|v| v.trim().parse().ok())
}

/// The key whose row marks a database of generated demo data.
const DEMO: &str = "demo_data";

/// Marks the database as demo data (done once, when `taizhang demo` or the per-user default
/// database is seeded).
pub fn mark_demo(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?1, '1')", [DEMO]).map(|_| ())
}

/// Whether the database holds demo data.
pub fn is_demo(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(get(conn, DEMO)?.is_some_and(|v| v == "1"))
}
