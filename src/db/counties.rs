//! County facts: population, area, 基本均衡 and 优质均衡 status.

use super::audit::{AuditRow, WriteError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::codes::QualityStatus;
pub use crate::domain::county::CountyFacts;
use rusqlite::{params, Connection, OptionalExtension};

pub fn get(conn: &Connection, code: &str) -> rusqlite::Result<CountyFacts> {
    let found = conn
        .prepare_cached(
            "SELECT population, area_km2, basic_balance_year, quality_status, quality_since_year,
                    quality_target_year, note, version FROM county_facts WHERE code = ?1",
        )?
        .query_row([code], |r| {
            let status: String = r.get(3)?;
            Ok(CountyFacts {
                code: code.to_string(),
                population: r.get(0)?,
                area_km2: r.get(1)?,
                basic_balance_year: r.get(2)?,
                quality_status: QualityStatus::from_code(&status).unwrap_or(QualityStatus::None),
                quality_since_year: r.get(4)?,
                quality_target_year: r.get(5)?,
                note: r.get(6)?,
                version: r.get(7)?,
            })
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
            tx.execute("INSERT INTO county_facts(code, version) VALUES (?1, 0)", [&new.code])?;
        }
        tx.execute(
            "UPDATE county_facts SET population = ?2, area_km2 = ?3, basic_balance_year = ?4,
                 quality_status = ?5, quality_since_year = ?6, quality_target_year = ?7, note = ?8,
                 version = version + 1
             WHERE code = ?1",
            params![
                new.code,
                new.population,
                new.area_km2,
                new.basic_balance_year,
                new.quality_status.code(),
                new.quality_since_year,
                new.quality_target_year,
                new.note,
            ],
        )?;
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
