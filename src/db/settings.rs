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
    let province = province(&db.conn)?;
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

// ---------------------------------------------------------------------------------------
// The month's cycle settings (`domain::cycle_settings`): a county's own value, else the
// province-wide one, else the default.

use crate::domain::cycle_settings::CycleSetting;

/// The county's own value of `s`, if it set one.
pub fn county_own(conn: &Connection, county: &str, s: &CycleSetting) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT value FROM county_settings WHERE county_code = ?1 AND key = ?2")?
        .query_row([county, s.field.key], |r| r.get(0))
        .optional()
}

/// The value of `s` in force for `region` (a county's own; for any other region, or a
/// county without its own, the province-wide one; else the default).
pub fn cycle_value(conn: &Connection, region: &str, s: &CycleSetting) -> i64 {
    county_own(conn, region, s).ok().flatten().or_else(|| get_i64(conn, s.province_key)).unwrap_or(s.default)
}

/// Sets `s` to `value` for `county`, or with `None` province-wide (administrators whose
/// scope holds it); audited. The value is checked by `domain::cycle_settings::parse`.
pub fn set_cycle(db: &mut super::Db, county: Option<&str>, s: &CycleSetting, value: i64) -> Result<(), WriteError> {
    let region = match county {
        Some(c) => c.to_string(),
        None => province(&db.conn)?,
    };
    let old = match county {
        Some(c) => county_own(&db.conn, c, s)?.map(|v| v.to_string()),
        None => get(&db.conn, s.province_key)?,
    };
    let target = Target { region_code: region.clone(), school_id: None };
    db.write(&target, true, |tx| {
        let row = match county {
            Some(c) => {
                tx.execute(
                    "INSERT INTO county_settings(county_code, key, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT(county_code, key) DO UPDATE SET value = excluded.value",
                    rusqlite::params![c, s.field.key, value],
                )?;
                AuditRow::update("county_settings", format!("{c}:{}", s.field.key), s.field.key, old, Some(value.to_string()))
            }
            None => {
                tx.execute(
                    "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    rusqlite::params![s.province_key, value.to_string()],
                )?;
                AuditRow::update("settings", s.province_key, s.province_key, old, Some(value.to_string()))
            }
        };
        Ok(((), vec![row]))
    })
}

/// The province's code (the first level-1 region).
fn province(conn: &Connection) -> rusqlite::Result<String> {
    Ok(conn
        .query_row("SELECT code FROM regions WHERE level = 1 ORDER BY code LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}
