//! Thresholds and switches (the `settings` table).

use super::audit::{AuditRow, WriteError};
use super::scope::UnknownLogins;
use crate::domain::access::Target;
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

/// Sets the policy for logins not in the users table. Database-wide, so only an
/// administrator whose scope is the whole province may; audited like every change. Takes
/// effect for sessions opened afterwards (and for this one).
pub fn set_unknown_logins(db: &mut super::Db, policy: UnknownLogins) -> Result<(), WriteError> {
    let province: String = db
        .conn
        .query_row("SELECT code FROM regions WHERE level = 1 ORDER BY code LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let old = get(&db.conn, UnknownLogins::KEY)?;
    let target = Target { region_code: province, school_id: None };
    db.write(&target, true, |tx| {
        tx.execute(
            "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [UnknownLogins::KEY, policy.code()],
        )?;
        let row = AuditRow::update("settings", UnknownLogins::KEY, UnknownLogins::KEY, old, Some(policy.code().into()));
        Ok(((), vec![row]))
    })?;
    db.unknown_logins = policy;
    Ok(())
}
