//! School designations (`domain::tags`): the tags a county (or a prefecture) defines and
//! the schools they are given to, with a date and a level. Defining a tag is an
//! administrator's; every write is audited.

use super::audit::{AuditRow, WriteError};
use super::scope::in_region;
use super::Db;
use crate::domain::access::Target;
use crate::domain::codes::TagLevel;
use rusqlite::types::Value;
use rusqlite::{named_params, Connection, OptionalExtension, ToSql};
use std::collections::HashMap;

/// One tag of a region and how many open schools of the region hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub id: i64,
    pub region_code: String,
    pub name: String,
    pub schools: i64,
}

/// One designation of a school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub tag: String,
    pub level: TagLevel,
    pub on: String,
}

/// Defines tag `name` for `region` (administrators only). Its id; `Ok(None)` when the
/// region already has a tag of that name.
pub fn define(db: &mut Db, region: &str, name: &str, note: &str) -> Result<Option<i64>, WriteError> {
    let target = Target { region_code: region.to_string(), school_id: None };
    db.write(&target, true, |tx| {
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM tags WHERE region_code = :r AND name = :n")?
            .query_row(named_params! { ":r": region, ":n": name }, |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok((None, Vec::new()));
        }
        tx.prepare_cached("INSERT INTO tags(region_code, name, note) VALUES (:r, :n, :note)")?
            .execute(named_params! { ":r": region, ":n": name, ":note": note })?;
        let id = tx.last_insert_rowid();
        Ok((Some(id), vec![AuditRow::insert("tags", id).with_new(name).with_note(region)]))
    })
}

/// The tag named `name` that applies to a school of `county`: the county's own, else its
/// prefecture's (a 市 may define designations for all its counties).
pub fn find(conn: &Connection, county: &str, name: &str) -> rusqlite::Result<Option<i64>> {
    let prefecture = format!("{}00", county.get(..4).unwrap_or_default());
    conn.prepare_cached(
        "SELECT id FROM tags WHERE name = :n AND region_code IN (:c, :p) ORDER BY length(region_code) DESC,
         region_code = :c DESC LIMIT 1",
    )?
    .query_row(named_params! { ":n": name, ":c": county, ":p": prefecture }, |r| r.get(0))
    .optional()
}

/// Gives tag `tag` to school `school` of `county` at `level` on `on` (the county's
/// administrators). Giving it again at the same level changes nothing (`Ok(false)`).
pub fn give(db: &mut Db, county: &str, school: i64, tag: i64, level: TagLevel, on: &str) -> Result<bool, WriteError> {
    let target = Target { region_code: county.to_string(), school_id: Some(school) };
    db.write(&target, true, |tx| {
        let held: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM school_tags WHERE school_id = :s AND tag_id = :t AND level = :l AND revoked_on IS NULL",
            )?
            .query_row(named_params! { ":s": school, ":t": tag, ":l": level.code() }, |r| r.get(0))
            .optional()?;
        if held.is_some() {
            return Ok((false, Vec::new()));
        }
        tx.prepare_cached("INSERT INTO school_tags(school_id, tag_id, level, given_on) VALUES (:s, :t, :l, :on)")?
            .execute(named_params! { ":s": school, ":t": tag, ":l": level.code(), ":on": on })?;
        let id = tx.last_insert_rowid();
        let key = format!("{school}/{tag}");
        let audit = vec![
            AuditRow::insert("school_tags", id).with_new(key.clone()),
            AuditRow::update("school_tags", &key, "level", None, Some(level.code().to_string())),
            AuditRow::update("school_tags", &key, "given_on", None, Some(on.to_string())),
        ];
        Ok((true, audit))
    })
}

/// The tags defined for region `code` or inside it (or for its prefecture and province), each
/// with the number of open schools of `code` holding it, by name.
pub fn counts(db: &Db, code: &str) -> rusqlite::Result<Vec<TagCount>> {
    let scope = db.read_scope().rows("s.county_code", "s.id");
    let region = in_region("s.county_code", code);
    let mut params: Vec<Value> = vec![Value::Text(code.to_string())];
    params.extend(region.params.iter().cloned());
    params.extend(scope.params.iter().cloned());
    let sql = format!(
        "SELECT t.id, t.region_code, t.name,
                (SELECT count(DISTINCT st.school_id) FROM school_tags st JOIN schools s ON s.id = st.school_id
                  WHERE st.tag_id = t.id AND st.revoked_on IS NULL AND s.closed_on IS NULL AND {} AND {}) AS n
         FROM tags t
         WHERE t.region_code LIKE substr(?1, 1, 2) || '%'
         ORDER BY t.name COLLATE pinyin, t.region_code",
        region.numbered(2),
        scope.numbered(2 + region.params.len()),
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn ToSql> = params.iter().map(|v| v as &dyn ToSql).collect();
    let rows = stmt.query_map(refs.as_slice(), |r| {
        Ok(TagCount { id: r.get(0)?, region_code: r.get(1)?, name: r.get(2)?, schools: r.get(3)? })
    })?;
    let all: Vec<TagCount> = rows.collect::<Result<_, _>>()?;
    // A tag of another county of the province does not belong to this region's list.
    Ok(all
        .into_iter()
        .filter(|t| {
            crate::domain::region::contains(&t.region_code, code)
                || crate::domain::region::contains(code, &t.region_code)
        })
        .collect())
}

/// Every current designation of every school of region `code`, by school id.
pub fn by_school(conn: &Connection, code: &str) -> rusqlite::Result<HashMap<i64, Vec<Given>>> {
    let region = in_region("s.county_code", code);
    let sql = format!(
        "SELECT st.school_id, t.name, st.level, st.given_on FROM school_tags st
         JOIN tags t ON t.id = st.tag_id JOIN schools s ON s.id = st.school_id
         WHERE st.revoked_on IS NULL AND {} ORDER BY st.school_id, t.name COLLATE pinyin, st.given_on",
        region.numbered(1)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let refs: Vec<&dyn ToSql> = region.params.iter().map(|v| v as &dyn ToSql).collect();
    let mut out: HashMap<i64, Vec<Given>> = HashMap::new();
    let rows = stmt.query_map(refs.as_slice(), |r| {
        let level: String = r.get(2)?;
        Ok((
            r.get::<_, i64>(0)?,
            Given { tag: r.get(1)?, level: TagLevel::from_code(&level).unwrap_or(TagLevel::County), on: r.get(3)? },
        ))
    })?;
    for row in rows {
        let (school, g) = row?;
        out.entry(school).or_default().push(g);
    }
    Ok(out)
}
