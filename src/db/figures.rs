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
    let year = r.year.unwrap_or(0);
    match what {
        Figures::Cohorts => format!("{}/{year}/{}", r.county, r.stage.unwrap_or("")),
        Figures::Disabled => r.county.clone(),
        Figures::Rotations => format!("{}/{year}/{}", r.county, r.school_id.unwrap_or(0)),
        Figures::Enrolment | Figures::Classes => {
            format!("{}/{year}/{}/{}", r.county, r.school_id.unwrap_or(0), r.stage.unwrap_or(""))
        }
    }
}

fn table(what: Figures) -> &'static str {
    match what {
        Figures::Cohorts => "cohorts",
        Figures::Disabled => "county_facts",
        Figures::Rotations => "rotations",
        Figures::Enrolment => "enrolment",
        Figures::Classes => "class_sizes",
    }
}

/// The row's key: (column, parameter) pairs. Rotations compare the school with
/// `coalesce(…, 0)`: a county-wide row has none.
fn key_columns(what: Figures) -> &'static [(&'static str, &'static str)] {
    match what {
        Figures::Cohorts => &[("county_code", ":county"), ("year", ":year"), ("stage", ":stage")],
        Figures::Disabled => &[("code", ":county")],
        Figures::Rotations => &[("county_code", ":county"), ("year", ":year"), ("school_id", ":school")],
        Figures::Enrolment | Figures::Classes => {
            &[("county_code", ":county"), ("year", ":year"), ("school_id", ":school"), ("stage", ":stage")]
        }
    }
}

/// The row's `WHERE` clause.
fn key_sql(what: Figures) -> String {
    let terms: Vec<String> = key_columns(what)
        .iter()
        .map(|(c, p)| match (what, *c) {
            (Figures::Rotations, "school_id") => format!("coalesce({c}, 0) = coalesce({p}, 0)"),
            _ => format!("{c} = {p}"),
        })
        .collect();
    terms.join(" AND ")
}

fn key_params(what: Figures, r: &FigureRow) -> Vec<(String, Value)> {
    key_columns(what)
        .iter()
        .map(|(_, p)| {
            let v = match *p {
                ":county" => Value::Text(r.county.clone()),
                ":year" => r.year.map_or(Value::Null, |y| Value::Integer(y.into())),
                ":stage" => r.stage.map_or(Value::Null, |s| Value::Text(s.into())),
                _ => r.school_id.map_or(Value::Null, Value::Integer),
            };
            (p.to_string(), v)
        })
        .collect()
}

fn bind(p: &[(String, Value)]) -> Vec<(&str, &dyn ToSql)> {
    p.iter().map(|(k, v)| (k.as_str(), v as &dyn ToSql)).collect()
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
        params.push((format!(":{c}"), v.map_or(Value::Null, Value::Integer)));
    }
    let value_cols: Vec<&str> = r.values.iter().map(|(c, _)| *c).collect();
    let sql = match &old {
        Some(_) => {
            // The facts form checks the version: an import must move it on like a save.
            let bump = if what == Figures::Disabled { ", version = version + 1" } else { "" };
            let sets: Vec<String> = value_cols.iter().map(|c| format!("{c} = :{c}")).collect();
            format!("UPDATE {} SET {}{bump} WHERE {}", table(what), sets.join(", "), key_sql(what))
        }
        None => {
            let keys = key_columns(what);
            let mut cols: Vec<String> = keys.iter().map(|(c, _)| c.to_string()).collect();
            let mut vals: Vec<String> = keys.iter().map(|(_, p)| p.to_string()).collect();
            cols.extend(value_cols.iter().map(|c| c.to_string()));
            vals.extend(value_cols.iter().map(|c| format!(":{c}")));
            if what == Figures::Disabled {
                cols.push("version".into());
                vals.push("1".into());
            }
            format!("INSERT INTO {}({}) VALUES ({})", table(what), cols.join(", "), vals.join(", "))
        }
    };
    conn.prepare_cached(&sql)?.execute(bind(&params).as_slice())?;
    if what == Figures::Rotations {
        let sql = format!("UPDATE rotations SET note = :note WHERE {}", key_sql(what));
        let mut p = key_params(what, r);
        p.push((":note".into(), Value::Text(r.note.clone())));
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

/// Deletes the row with `r`'s key; returns its audit row (nothing when there was none).
pub fn delete(conn: &Connection, what: Figures, r: &FigureRow) -> rusqlite::Result<Vec<AuditRow>> {
    if what == Figures::Disabled {
        // The county's facts row holds more than these figures: clear them instead.
        let cleared = FigureRow { values: r.values.iter().map(|(c, _)| (*c, None)).collect(), ..r.clone() };
        return put(conn, what, &cleared);
    }
    let Some(old) = existing(conn, what, r)? else { return Ok(Vec::new()) };
    let sql = format!("DELETE FROM {} WHERE {}", table(what), key_sql(what));
    let params = key_params(what, r);
    conn.prepare_cached(&sql)?.execute(bind(&params).as_slice())?;
    let held: Vec<String> = r.values.iter().zip(old).map(|((c, _), v)| format!("{c}={v}")).collect();
    Ok(vec![AuditRow::delete(table(what), audit_key(what, r), held.join(", "))])
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
             WHERE r.county_code = :county ORDER BY r.year, s.name COLLATE pinyin"
        }
        Figures::Enrolment => {
            "SELECT e.county_code AS county, e.year, s.name AS school, e.stage, e.students
             FROM enrolment e JOIN schools s ON s.id = e.school_id
             WHERE e.county_code = :county ORDER BY e.year, s.name COLLATE pinyin, e.stage DESC"
        }
        Figures::Classes => {
            "SELECT c.county_code AS county, c.year, s.name AS school, c.stage, c.up_to_45, c.from_46_to_50,
                    c.from_51_to_55, c.from_56_to_65, c.over_65
             FROM class_sizes c JOIN schools s ON s.id = c.school_id
             WHERE c.county_code = :county ORDER BY c.year, s.name COLLATE pinyin, c.stage DESC"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let index = super::record::ColumnIndex::of(&stmt);
    let fields = what.fields();
    let rows = stmt.query_map(named_params! { ":county": county }, |r| index.texts(r, fields))?;
    rows.collect()
}
