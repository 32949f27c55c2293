//! Schema migrations: an append-only list indexed by `PRAGMA user_version` (as cargo does).
//! Never edit or remove an entry; add one.

use rusqlite::{Connection, TransactionBehavior};

/// Each entry upgrades the schema from version `index` to `index + 1`: every
/// `data/migrations/*.sql`, in name order (listed by `build.rs`).
const MIGRATIONS: &[&str] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this binary writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings the schema up to date in one exclusive transaction. Returns the version found
/// before. The caller has already refused a schema newer than `LATEST`.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<i64> {
    // Migrations may fill sort keys with `pinyin_key()`.
    super::collation::register(conn)?;
    let before = user_version(conn)?;
    if before >= LATEST {
        return Ok(before);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    // Re-read inside the lock: another session may have migrated meanwhile.
    let found = user_version(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.commit()?;
    Ok(before)
}
