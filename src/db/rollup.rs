//! What the roll-ups above the county (`domain::rollup`) add up: the units a region holds,
//! and each unit's figures computed by the same code as a single county's report
//! (`db::monthly::load`, `db::indicators::load`). Bounded by the number of units; each
//! unit costs what its own county report costs.

use super::monthly::{self, MonthlyError};
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::domain::rollup::{self, IndicatorTally, MonthlyTally, Rollup};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

/// `LIKE` pattern for every code inside `code`.
fn pattern(code: &str) -> String {
    match region::level_of(code) {
        Ok(Level::Province) => format!("{}%", code.get(..2).unwrap_or_default()),
        Ok(Level::Prefecture) => format!("{}%", code.get(..4).unwrap_or_default()),
        _ => code.to_string(),
    }
}

/// Does unit `code` hold records of its own in this database (a school or a case)?
pub fn holds_records(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    let found = conn
        .prepare_cached(
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM schools WHERE county_code = ?1)
                        OR EXISTS (SELECT 1 FROM cases WHERE county_code = ?1)",
        )?
        .query_row([code], |_| Ok(()))
        .optional()?;
    Ok(found.is_some())
}

/// The units of `region`: every current county-level region in it, and the prefecture
/// (province) codes in it that hold records themselves (市直属 schools), by code.
pub fn units(conn: &Connection, region: &str) -> rusqlite::Result<Vec<String>> {
    if region::level_of(region) == Ok(Level::County) {
        return Ok(vec![region.to_string()]);
    }
    let mut stmt =
        conn.prepare_cached("SELECT code, level FROM regions WHERE valid_to IS NULL AND code LIKE ?1 ORDER BY code")?;
    let rows: Vec<(String, i64)> =
        stmt.query_map([pattern(region)], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (code, level) in rows {
        if level == Level::County as i64 || holds_records(conn, &code)? {
            out.push(code);
        }
    }
    Ok(out)
}

/// One unit's monthly tally.
pub fn monthly_unit(
    conn: &Connection,
    unit: &str,
    month: Month,
    today: NaiveDate,
) -> Result<MonthlyTally, MonthlyError> {
    Ok(MonthlyTally::of(monthly::load(conn, unit, month, today)?.report.county))
}

/// One unit's 优质均衡 tally: verdicts for a county only.
pub fn indicator_unit(conn: &Connection, unit: &str, today: NaiveDate) -> rusqlite::Result<IndicatorTally> {
    let inputs = super::indicators::load(conn, unit, today)?;
    let open = super::indicators::open_by_status(conn, unit)?;
    let out: i64 = open.iter().filter(|(s, _)| s.is_out_of_school()).map(|(_, n)| n).sum();
    let evaluated = region::level_of(unit) == Ok(Level::County);
    Ok(rollup::indicator_tally(evaluated, &inputs.schools, inputs.rotation, open.iter().map(|(_, n)| n).sum(), out))
}

/// The monthly report of `region`, a row per county (per prefecture at the province).
pub fn monthly(
    conn: &Connection,
    region: &str,
    month: Month,
    today: NaiveDate,
) -> Result<Rollup<MonthlyTally>, MonthlyError> {
    let mut parts = Vec::new();
    for unit in units(conn, region)? {
        parts.push((unit.clone(), monthly_unit(conn, &unit, month, today)?));
    }
    Ok(rollup::roll_up(region, parts))
}

/// The 优质均衡 tallies of `region`, a row per county (per prefecture at the province).
pub fn indicators(conn: &Connection, region: &str, today: NaiveDate) -> rusqlite::Result<Rollup<IndicatorTally>> {
    let mut parts = Vec::new();
    for unit in units(conn, region)? {
        parts.push((unit.clone(), indicator_unit(conn, &unit, today)?));
    }
    Ok(rollup::roll_up(region, parts))
}
