//! County facts: population, area, 基本均衡 and 优质均衡 status. The columns come from the
//! facts' table of fields (`domain::county::FIELDS`): read by name, written by name.

use super::audit::{AuditRow, WriteError};
use super::record::{self, Params};
use super::record::{assignments, columns};
use super::Db;
use crate::domain::access::Target;
pub use crate::domain::county::CountyFacts;
use crate::domain::county::FIELDS;
use rusqlite::{named_params, Connection, OptionalExtension};

pub fn get(conn: &Connection, code: &str) -> rusqlite::Result<CountyFacts> {
    let sql = format!("SELECT {}, version FROM county_facts WHERE code = :code", columns(FIELDS));
    let found = conn
        .prepare_cached(&sql)?
        .query_row(named_params! { ":code": code }, |r| {
            let version = r.get("version")?;
            record::read(r, FIELDS, |text| CountyFacts::from_texts(code, version, text))
        })
        .optional()?;
    Ok(found.unwrap_or_else(|| CountyFacts::empty(code)))
}

/// Saves `new` if nobody changed the row since `new.version` was read (else `Conflict`).
/// Administrators of the county only. Returns the new version.
pub fn save(db: &mut Db, new: &CountyFacts) -> Result<i64, WriteError> {
    let target = Target { region_code: new.code.clone(), school_id: None };
    db.write(&target, true, |tx| {
        // Read inside the IMMEDIATE transaction: nobody can slip in between check and write.
        let old = get(tx, &new.code)?;
        if old.version != new.version {
            return Err(WriteError::Conflict);
        }
        if old.version == 0 {
            tx.execute(
                "INSERT INTO county_facts(code, version) VALUES (:code, 0)",
                named_params! { ":code": new.code },
            )?;
        }
        let sql = format!("UPDATE county_facts SET {}, version = version + 1 WHERE code = :code", assignments(FIELDS));
        Params::new(tx, "county_facts", FIELDS, &new.fields())?.with("code", new.code.clone()).execute(tx, &sql)?;
        let audit = old
            .fields()
            .into_iter()
            .zip(new.fields())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((field, a), (_, b))| AuditRow::update("county_facts", &new.code, field, Some(a), Some(b)))
            .collect();
        Ok((old.version + 1, audit))
    })
}
