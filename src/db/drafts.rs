//! Unsaved form input, kept per login so a dropped SSH link loses nothing: saved as the user
//! leaves each field and when the session ends, offered back at the next start.

use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub form: String,
    pub row_key: String,
    pub values: BTreeMap<String, String>,
    pub saved_at: String,
}

/// Drafts are the user's own scratch space, not records: they skip the audited write path,
/// and a read-only database simply keeps none.
pub fn save(
    conn: &Connection,
    login: &str,
    form: &str,
    row_key: &str,
    values: &BTreeMap<String, String>,
) -> rusqlite::Result<()> {
    let payload = serde_json::to_string(values).unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO drafts(login, form, row_key, payload, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(login, form, row_key) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at",
    )?
    .execute(params![login, form, row_key, payload, super::now_text()])?;
    Ok(())
}

pub fn delete(conn: &Connection, login: &str, form: &str, row_key: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM drafts WHERE login = ?1 AND form = ?2 AND row_key = ?3")?
        .execute(params![login, form, row_key])?;
    Ok(())
}

/// The newest draft of `login`, if any.
pub fn latest(conn: &Connection, login: &str) -> rusqlite::Result<Option<Draft>> {
    conn.prepare_cached(
        "SELECT form, row_key, payload, saved_at FROM drafts WHERE login = ?1 ORDER BY saved_at DESC LIMIT 1",
    )?
    .query_row([login], |r| {
        let payload: String = r.get(2)?;
        Ok(Draft {
            form: r.get(0)?,
            row_key: r.get(1)?,
            values: serde_json::from_str(&payload).unwrap_or_default(),
            saved_at: r.get(3)?,
        })
    })
    .optional()
}

pub fn get(conn: &Connection, login: &str, form: &str, row_key: &str) -> rusqlite::Result<Option<Draft>> {
    conn.prepare_cached("SELECT payload, saved_at FROM drafts WHERE login = ?1 AND form = ?2 AND row_key = ?3")?
        .query_row(params![login, form, row_key], |r| {
            let payload: String = r.get(0)?;
            Ok(Draft {
                form: form.to_string(),
                row_key: row_key.to_string(),
                values: serde_json::from_str(&payload).unwrap_or_default(),
                saved_at: r.get(1)?,
            })
        })
        .optional()
}
