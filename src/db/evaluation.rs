//! The self-evaluation sheet's confirmations (`evaluation_entries`) and the teacher rotations
//! (`rotations`) of a county and year. Confirmations are written through `Db::write`: the
//! county's administrators only, every changed field audited.

use super::audit::{AuditRow, WriteError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::dates::iso;
use crate::domain::evaluation::{self, Entry};
use crate::domain::indicators::Rotation;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const ENTRY_COLUMNS: &str = "item, value, met, evidence, confirmed_on, confirmed_by";

fn entry_of(r: &Row) -> rusqlite::Result<Option<Entry>> {
    let code: String = r.get("item")?;
    let on: String = r.get("confirmed_on")?;
    // An item code this version does not know, or a date it cannot read, is not ours to show.
    let (Some(item), Ok(confirmed_on)) = (evaluation::find(&code), NaiveDate::parse_from_str(&on, "%Y-%m-%d")) else {
        return Ok(None);
    };
    Ok(Some(Entry {
        item: item.code,
        value: r.get("value")?,
        met: r.get::<_, i64>("met")? == 1,
        evidence: r.get("evidence")?,
        confirmed_on,
        confirmed_by: r.get("confirmed_by")?,
    }))
}

/// The year's confirmations of a county.
pub fn entries(conn: &Connection, county: &str, year: i32) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM evaluation_entries WHERE county_code = :county AND year = :year ORDER BY item"
    ))?;
    let rows = stmt.query_map(named_params! { ":county": county, ":year": year }, entry_of)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.into_iter().flatten().collect())
}

fn entry(conn: &Connection, county: &str, year: i32, item: &str) -> rusqlite::Result<Option<Entry>> {
    conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM evaluation_entries WHERE county_code = :county AND year = :year AND item = :item"
    ))?
    .query_row(named_params! { ":county": county, ":year": year, ":item": item }, entry_of)
    .optional()
    .map(Option::flatten)
}

/// (field, text) of an entry, as audited.
fn texts(e: &Entry) -> [(&'static str, String); 5] {
    [
        ("value", e.value.clone()),
        ("met", if e.met { "1" } else { "0" }.to_string()),
        ("evidence", e.evidence.clone()),
        ("confirmed_on", iso(e.confirmed_on)),
        ("confirmed_by", e.confirmed_by.clone()),
    ]
}

/// The audit key of one item of one county's sheet for a year.
pub fn row_key(county: &str, year: i32, item: &str) -> String {
    format!("{county}/{year}/{item}")
}

/// Stores (or replaces) a confirmation. Administrators of the county only; every changed
/// field is audited with its old and new value.
pub fn confirm(db: &mut Db, county: &str, year: i32, new: &Entry) -> Result<(), WriteError> {
    let target = Target { region_code: county.to_string(), school_id: None };
    db.write(&target, true, |tx| {
        let old = entry(tx, county, year, new.item)?;
        tx.prepare_cached(
            "INSERT INTO evaluation_entries(county_code, year, item, value, met, evidence, confirmed_on, confirmed_by)
             VALUES (:county, :year, :item, :value, :met, :evidence, :confirmed_on, :confirmed_by)
             ON CONFLICT(county_code, year, item) DO UPDATE SET value = excluded.value, met = excluded.met,
                evidence = excluded.evidence, confirmed_on = excluded.confirmed_on,
                confirmed_by = excluded.confirmed_by",
        )?
        .execute(named_params! {
            ":county": county, ":year": year, ":item": new.item, ":value": new.value,
            ":met": i64::from(new.met), ":evidence": new.evidence, ":confirmed_on": iso(new.confirmed_on),
            ":confirmed_by": new.confirmed_by,
        })?;
        let key = row_key(county, year, new.item);
        let audit = match &old {
            None => texts(new)
                .into_iter()
                .map(|(f, v)| AuditRow::update("evaluation_entries", &key, f, None, Some(v)))
                .collect(),
            Some(old) => texts(old)
                .into_iter()
                .zip(texts(new))
                .filter(|((_, a), (_, b))| a != b)
                .map(|((f, a), (_, b))| AuditRow::update("evaluation_entries", &key, f, Some(a), Some(b)))
                .collect(),
        };
        Ok(((), audit))
    })
}

/// Withdraws a confirmation (the item is open again); audited. `false` if there was none.
pub fn withdraw(db: &mut Db, county: &str, year: i32, item: &'static str) -> Result<bool, WriteError> {
    let target = Target { region_code: county.to_string(), school_id: None };
    db.write(&target, true, |tx| {
        let Some(old) = entry(tx, county, year, item)? else { return Ok((false, Vec::new())) };
        tx.execute(
            "DELETE FROM evaluation_entries WHERE county_code = :county AND year = :year AND item = :item",
            named_params! { ":county": county, ":year": year, ":item": item },
        )?;
        let key = row_key(county, year, item);
        let audit = texts(&old)
            .into_iter()
            .map(|(f, v)| AuditRow::update("evaluation_entries", &key, f, Some(v), None).with_note("withdrawn"))
            .collect();
        Ok((true, audit))
    })
}

/// The year's rotation item from the entered rotations: rotated teachers and 骨干 summed,
/// eligible teachers summed over the rows that give them.
pub fn rotation(conn: &Connection, county: &str, year: i32) -> rusqlite::Result<Rotation> {
    conn.prepare_cached(
        "SELECT count(*) AS n_rows,
                coalesce(sum(rotated_teachers), 0) AS rotated,
                coalesce(sum(rotated_backbone), 0) AS backbone,
                sum(eligible_teachers) AS eligible,
                sum(eligible_teachers IS NULL) AS eligible_missing,
                sum(eligible_cadres) AS cadres_eligible,
                coalesce(sum(rotated_cadres), 0) AS cadres_rotated
         FROM rotations WHERE county_code = :county AND year = :year",
    )?
    .query_row(named_params! { ":county": county, ":year": year }, |r| {
        let cadres: Option<i64> = r.get("cadres_eligible")?;
        Ok(Rotation {
            rows: r.get("n_rows")?,
            rotated: r.get("rotated")?,
            rotated_backbone: r.get("backbone")?,
            teachers: r.get("eligible")?,
            teachers_missing: r.get::<_, Option<i64>>("eligible_missing")?.unwrap_or(0) as usize,
            cadres: cadres.map(|e| Ok::<_, rusqlite::Error>((e, r.get("cadres_rotated")?))).transpose()?,
        })
    })
}

/// The years a county has any evaluation input for (cohorts, rotations, confirmations,
/// enrolment, class counts),
/// oldest first, always including `this_year`.
pub fn years(conn: &Connection, county: &str, this_year: i32) -> rusqlite::Result<Vec<i32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT year FROM cohorts WHERE county_code = :county
         UNION SELECT year FROM rotations WHERE county_code = :county
         UNION SELECT year FROM evaluation_entries WHERE county_code = :county
         UNION SELECT year FROM enrolment WHERE county_code = :county
         UNION SELECT year FROM class_sizes WHERE county_code = :county",
    )?;
    let mut years: Vec<i32> =
        stmt.query_map(named_params! { ":county": county }, |r| r.get::<_, i32>(0))?.collect::<Result<_, _>>()?;
    if !years.contains(&this_year) {
        years.push(this_year);
    }
    years.retain(|y| *y <= this_year);
    years.sort_unstable();
    Ok(years)
}
