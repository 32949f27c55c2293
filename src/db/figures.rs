//! Writes and reads the evaluation's entered figures (`domain::figures`): cohorts, the
//! county's school-age disabled children and teacher rotations. Each write replaces the row
//! with the same key and returns its audit rows (old → new per changed field); the import
//! runs them inside one `Db::write`.

use super::audit::AuditRow;
use super::record::stored_text;
use crate::domain::figures::Figures;
use rusqlite::types::Value;
use rusqlite::{named_params, Connection, OptionalExtension, ToSql};

/// One figures row as the database stores it: its key columns and its value columns, each
/// (column, value), values `None` when empty.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub county: String,
    pub year: Option<i32>,
    /// Cohorts: the stage code; rotations: the school id (`None`: county-wide).
    pub stage: Option<&'static str>,
    pub school_id: Option<i64>,
    pub values: Vec<(&'static str, Option<i64>)>,
    pub note: String,
}

fn audit_key(what: Figures, r: &FigureRow) -> String {
    match what {
        Figures::Cohorts => format!("{}/{}/{}", r.county, r.year.unwrap_or(0), r.stage.unwrap_or("")),
        Figures::Disabled => r.county.clone(),
        Figures::Rotations => format!("{}/{}/{}", r.county, r.year.unwrap_or(0), r.school_id.unwrap_or(0)),
    }
}

fn table(what: Figures) -> &'static str {
    match what {
        Figures::Cohorts => "cohorts",
        Figures::Disabled => "county_facts",
        Figures::Rotations => "rotations",
    }
}

/// The row's `WHERE` clause and its key parameters.
fn key_sql(what: Figures) -> &'static str {
    match what {
        Figures::Cohorts => "county_code = :county AND year = :year AND stage = :stage",
        Figures::Disabled => "code = :county",
        Figures::Rotations => {
            "county_code = :county AND year = :year AND coalesce(school_id, 0) = coalesce(:school, 0)"
        }
    }
}

fn key_params(what: Figures, r: &FigureRow) -> Vec<(&'static str, Value)> {
    let mut p = vec![(":county", Value::Text(r.county.clone()))];
    match what {
        Figures::Cohorts => {
            p.push((":year", r.year.map_or(Value::Null, |y| Value::Integer(y.into()))));
            p.push((":stage", r.stage.map_or(Value::Null, |s| Value::Text(s.into()))));
        }
        Figures::Disabled => {}
        Figures::Rotations => {
            p.push((":year", r.year.map_or(Value::Null, |y| Value::Integer(y.into()))));
            p.push((":school", r.school_id.map_or(Value::Null, Value::Integer)));
        }
    }
    p
}

fn bind<'a>(p: &'a [(&'static str, Value)]) -> Vec<(&'static str, &'a dyn ToSql)> {
    p.iter().map(|(k, v)| (*k, v as &dyn ToSql)).collect()
}

/// The stored values of the row with `r`'s key, if there is one.
fn existing(conn: &Connection, what: Figures, r: &FigureRow) -> rusqlite::Result<Option<Vec<String>>> {
    let cols: Vec<&str> = r.values.iter().map(|(c, _)| *c).collect();
    let sql = format!("SELECT {} FROM {} WHERE {}", cols.join(", "), table(what), key_sql(what));
    let params = key_params(what, r);
    conn.prepare_cached(&sql)?
        .query_row(bind(&params).as_slice(), |row| {
            (0..cols.len()).map(|i| Ok(stored_text(&row.get::<_, Value>(i)?))).collect::<rusqlite::Result<Vec<_>>>()
        })
        .optional()
}

/// Inserts or replaces `r`; returns its audit rows (nothing when nothing changed).
pub fn put(conn: &Connection, what: Figures, r: &FigureRow) -> rusqlite::Result<Vec<AuditRow>> {
    let old = existing(conn, what, r)?;
    let key = audit_key(what, r);
    let new_texts: Vec<String> = r.values.iter().map(|(_, v)| v.map(|n| n.to_string()).unwrap_or_default()).collect();
    let mut params = key_params(what, r);
    for (c, v) in &r.values {
        params.push((column_param(c), v.map_or(Value::Null, Value::Integer)));
    }
    let sets: Vec<String> = r.values.iter().map(|(c, _)| format!("{c} = :{c}")).collect();
    match (&old, what) {
        (Some(_), _) => {
            // The facts form checks the version: an import must move it on like a save.
            let bump = if what == Figures::Disabled { ", version = version + 1" } else { "" };
            let sql = format!("UPDATE {} SET {}{bump} WHERE {}", table(what), sets.join(", "), key_sql(what));
            conn.prepare_cached(&sql)?.execute(bind(&params).as_slice())?;
        }
        (None, Figures::Cohorts) => {
            conn.prepare_cached(
                "INSERT INTO cohorts(county_code, year, stage, entry_enrolment, transfers_in, transfers_out, deaths, graduates)
                 VALUES (:county, :year, :stage, :entry_enrolment, :transfers_in, :transfers_out, :deaths, :graduates)",
            )?
            .execute(bind(&params).as_slice())?;
        }
        (None, Figures::Disabled) => {
            conn.prepare_cached(
                "INSERT INTO county_facts(code, disabled_children, disabled_inclusive, disabled_special_school,
                                          disabled_home_teaching, version)
                 VALUES (:county, :disabled_children, :disabled_inclusive, :disabled_special_school,
                         :disabled_home_teaching, 1)",
            )?
            .execute(bind(&params).as_slice())?;
        }
        (None, Figures::Rotations) => {
            conn.prepare_cached(
                "INSERT INTO rotations(county_code, year, school_id, eligible_teachers, rotated_teachers, rotated_backbone,
                                       eligible_cadres, rotated_cadres)
                 VALUES (:county, :year, :school, :eligible_teachers, :rotated_teachers, :rotated_backbone,
                         :eligible_cadres, :rotated_cadres)",
            )?
            .execute(bind(&params).as_slice())?;
        }
    }
    if what == Figures::Rotations {
        let sql = format!("UPDATE rotations SET note = :note WHERE {}", key_sql(what));
        let mut p = key_params(what, r);
        p.push((":note", Value::Text(r.note.clone())));
        conn.prepare_cached(&sql)?.execute(bind(&p).as_slice())?;
    }
    let audit = match old {
        None => vec![AuditRow::insert(table(what), &key)],
        Some(old) => r
            .values
            .iter()
            .zip(old.into_iter().zip(new_texts))
            .filter(|(_, (a, b))| a != b)
            .map(|((c, _), (a, b))| AuditRow::update(table(what), &key, c, Some(a), Some(b)))
            .collect(),
    };
    Ok(audit)
}

/// `:column` for a value column (the columns are the figures' field keys, all static).
fn column_param(c: &'static str) -> &'static str {
    match c {
        "entry_enrolment" => ":entry_enrolment",
        "transfers_in" => ":transfers_in",
        "transfers_out" => ":transfers_out",
        "deaths" => ":deaths",
        "graduates" => ":graduates",
        "disabled_children" => ":disabled_children",
        "disabled_inclusive" => ":disabled_inclusive",
        "disabled_special_school" => ":disabled_special_school",
        "disabled_home_teaching" => ":disabled_home_teaching",
        "eligible_teachers" => ":eligible_teachers",
        "rotated_teachers" => ":rotated_teachers",
        "rotated_backbone" => ":rotated_backbone",
        "eligible_cadres" => ":eligible_cadres",
        _ => ":rotated_cadres",
    }
}

/// The county's stored rows of `what`, as (field key, text) per row, for the template export.
pub fn rows(conn: &Connection, what: Figures, county: &str) -> rusqlite::Result<Vec<Vec<(&'static str, String)>>> {
    let sql = match what {
        Figures::Cohorts => {
            "SELECT county_code AS county, year, stage, entry_enrolment, transfers_in, transfers_out, deaths, graduates
             FROM cohorts WHERE county_code = :county ORDER BY year, stage"
        }
        Figures::Disabled => {
            "SELECT code AS county, disabled_children, disabled_inclusive, disabled_special_school, disabled_home_teaching
             FROM county_facts WHERE code = :county"
        }
        Figures::Rotations => {
            "SELECT r.county_code AS county, r.year, coalesce(s.name, '') AS school, r.eligible_teachers,
                    r.rotated_teachers, r.rotated_backbone, r.eligible_cadres, r.rotated_cadres, r.note
             FROM rotations r LEFT JOIN schools s ON s.id = r.school_id
             WHERE r.county_code = :county ORDER BY r.year, s.name"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let index = super::record::ColumnIndex::of(&stmt);
    let fields = what.fields();
    let rows = stmt.query_map(named_params! { ":county": county }, |r| index.texts(r, fields))?;
    rows.collect()
}
