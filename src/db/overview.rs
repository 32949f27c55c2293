//! The numbers the region overview shows, for a county, a prefecture or the province.
//! Every query is bounded by the number of schools or regions, never by the number of cases
//! (case counts come from the trigger-maintained `case_counts`).

use super::counties::{self, CountyFacts};
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{QualityStatus, SchoolKind};
use crate::domain::region::{self, Level};
use rusqlite::{params, Connection};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overview {
    pub counties: i64,
    pub schools_open: i64,
    pub schools_closed: i64,
    pub schools_by_kind: Vec<(SchoolKind, i64)>,
    pub students: i64,
    pub alliances: i64,
    pub alliance_schools: i64,
    /// Open cases by status, in workflow order; statuses with none are left out.
    pub open_cases: Vec<(CaseStatus, i64)>,
    pub out_of_school: i64,
    /// For a county: its facts. For larger regions: counties per 优质均衡 status.
    pub facts: Option<CountyFacts>,
    pub quality: Vec<(QualityStatus, i64)>,
}

impl Overview {
    pub fn open_total(&self) -> i64 {
        self.open_cases.iter().map(|(_, n)| n).sum()
    }
}

/// `LIKE` pattern matching every county code inside `code`.
fn code_pattern(code: &str) -> String {
    match region::level_of(code) {
        Ok(Level::Province) => format!("{}%", &code[..2]),
        Ok(Level::Prefecture) => format!("{}%", &code[..4]),
        _ => code.to_string(),
    }
}

pub fn load(conn: &Connection, code: &str) -> rusqlite::Result<Overview> {
    let pattern = code_pattern(code);
    let mut o = Overview {
        counties: conn
            .prepare_cached("SELECT count(*) FROM regions WHERE level = 3 AND code LIKE ?1")?
            .query_row([&pattern], |r| r.get(0))?,
        ..Overview::default()
    };
    let mut stmt = conn.prepare_cached(
        "SELECT kind, count(*), coalesce(sum(students), 0) FROM schools
         WHERE county_code LIKE ?1 AND closed_on IS NULL GROUP BY kind",
    )?;
    let mut kinds: Vec<(SchoolKind, i64)> = Vec::new();
    for row in stmt.query_map([&pattern], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))? {
        let (kind, n, students) = row?;
        o.schools_open += n;
        o.students += students;
        if let Some(k) = SchoolKind::from_code(&kind) {
            kinds.push((k, n));
        }
    }
    kinds.sort();
    o.schools_by_kind = kinds;
    o.schools_closed = conn
        .prepare_cached("SELECT count(*) FROM schools WHERE county_code LIKE ?1 AND closed_on IS NOT NULL")?
        .query_row([&pattern], |r| r.get(0))?;
    o.alliances = conn
        .prepare_cached("SELECT count(*) FROM alliances WHERE region_code LIKE ?1 AND dissolved_on IS NULL")?
        .query_row([&pattern], |r| r.get(0))?;
    o.alliance_schools = conn
        .prepare_cached(
            "SELECT count(DISTINCT m.school_id) FROM alliance_members m
             JOIN alliances a ON a.id = m.alliance_id
             WHERE a.region_code LIKE ?1 AND a.dissolved_on IS NULL AND m.left_on IS NULL",
        )?
        .query_row([&pattern], |r| r.get(0))?;
    let by_status = case_counts(conn, &pattern)?;
    o.open_cases = CaseStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .filter_map(|s| by_status.get(s).filter(|n| **n > 0).map(|n| (*s, *n)))
        .collect();
    o.out_of_school = o.open_cases.iter().filter(|(s, _)| s.is_out_of_school()).map(|(_, n)| n).sum();
    if region::level_of(code) == Ok(Level::County) {
        o.facts = Some(counties::get(conn, code)?);
    } else {
        o.quality = quality_counts(conn, &pattern)?;
    }
    Ok(o)
}

fn case_counts(conn: &Connection, pattern: &str) -> rusqlite::Result<HashMap<CaseStatus, i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT status, sum(n) FROM case_counts WHERE county_code LIKE ?1 GROUP BY status")?;
    let mut out = HashMap::new();
    for row in stmt.query_map([pattern], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (status, n) = row?;
        if let Some(s) = CaseStatus::from_code(&status) {
            out.insert(s, n);
        }
    }
    Ok(out)
}

fn quality_counts(conn: &Connection, pattern: &str) -> rusqlite::Result<Vec<(QualityStatus, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT quality_status, count(*) FROM county_facts
         WHERE code LIKE ?1 AND quality_status <> 'none' GROUP BY quality_status",
    )?;
    let mut out: Vec<(QualityStatus, i64)> = stmt
        .query_map(params![pattern], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .filter_map(|row| row.ok().and_then(|(s, n)| QualityStatus::from_code(&s).map(|q| (q, n))))
        .collect();
    out.sort();
    Ok(out)
}

/// Open cases per county (for the numbers beside the tree), from the cached counts.
pub fn open_cases_by_county(conn: &Connection) -> rusqlite::Result<HashMap<String, i64>> {
    let open: Vec<String> = CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code())).collect();
    let sql = format!(
        "SELECT county_code, sum(n) FROM case_counts WHERE status IN ({}) GROUP BY county_code",
        open.join(",")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.collect()
}
