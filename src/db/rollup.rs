//! What the roll-ups above the county (`domain::rollup`) add up: the units a region holds,
//! and each unit's figures computed by the same code as a single county's report
//! (`db::monthly::load`, `db::indicators::load`). Bounded by the number of units; each
//! unit costs what its own county report costs.

use super::monthly::{self, MonthlyError};
use crate::domain::case_status::CaseStatus;
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::domain::rollup::{self, IndicatorTally, MonthlyTally, OverviewTally, Rollup, Sum};
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

/// Does unit `code` hold records of its own in this database (a school, a case, or an
/// alliance it leads: a 市级 alliance makes its prefecture a unit)?
pub fn holds_records(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    let found = conn
        .prepare_cached(
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM schools WHERE county_code = ?1)
                        OR EXISTS (SELECT 1 FROM cases WHERE county_code = ?1)
                        OR EXISTS (SELECT 1 FROM alliances WHERE region_code = ?1)",
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

/// The units of `region` that hold records (the places a list of it can be narrowed to).
pub fn units_holding(conn: &Connection, region: &str) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    for u in units(conn, region)? {
        if holds_records(conn, &u)? {
            out.push(u);
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
    let counts = monthly::county_report(conn, unit, month, today)?.report.county;
    Ok(if region::level_of(unit) == Ok(Level::County) {
        MonthlyTally::of(counts)
    } else {
        MonthlyTally::direct(counts)
    })
}

/// One unit's 优质均衡 tally: verdicts for a county only.
pub fn indicator_unit(conn: &Connection, unit: &str, today: NaiveDate) -> rusqlite::Result<IndicatorTally> {
    let inputs = super::indicators::inputs(conn, unit, chrono::Datelike::year(&today))?;
    let open = super::indicators::open_by_status(conn, unit, None)?;
    let out: i64 = open.iter().filter(|(s, _)| s.is_out_of_school()).map(|(_, n)| n).sum();
    let evaluated = region::level_of(unit) == Ok(Level::County);
    Ok(rollup::indicator_tally(evaluated, &inputs.schools, inputs.rotation, open.iter().map(|(_, n)| n).sum(), out))
}

/// One unit's overview figures: its schools, the alliances it leads, its open cases (from
/// the trigger-maintained `case_counts`, so bounded by the unit's schools, not its cases).
pub fn overview_unit(conn: &Connection, unit: &str) -> rusqlite::Result<OverviewTally> {
    let (schools_open, schools_closed, students, alliance_schools) = conn
        .prepare_cached(
            "SELECT coalesce(sum(closed_on IS NULL), 0), coalesce(sum(closed_on IS NOT NULL), 0),
                    coalesce(sum(CASE WHEN closed_on IS NULL THEN students END), 0),
                    coalesce(sum(closed_on IS NULL AND EXISTS (
                        SELECT 1 FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
                        WHERE m.school_id = s.id AND m.left_on IS NULL AND a.dissolved_on IS NULL)), 0)
             FROM schools s WHERE county_code = ?1",
        )?
        .query_row([unit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let alliances = conn
        .prepare_cached("SELECT count(*) FROM alliances WHERE region_code = ?1 AND dissolved_on IS NULL")?
        .query_row([unit], |r| r.get(0))?;
    let mut t =
        OverviewTally { schools_open, schools_closed, students, alliances, alliance_schools, ..Default::default() };
    let mut stmt =
        conn.prepare_cached("SELECT status, sum(n) FROM case_counts WHERE county_code = ?1 GROUP BY status")?;
    for row in stmt.query_map([unit], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (status, n) = row?;
        // As the region overview counts them: out of school is a part of open.
        if let Some(s) = CaseStatus::from_code(&status).filter(|s| s.is_open()) {
            t.open_cases += n;
            t.out_of_school += if s.is_out_of_school() { n } else { 0 };
        }
    }
    Ok(t)
}

/// `region`'s roll-up of the figures `unit` gives for each of its units.
fn rolled<T: Sum, E: From<rusqlite::Error>>(
    conn: &Connection,
    region: &str,
    unit: impl Fn(&Connection, &str) -> Result<T, E>,
) -> Result<Rollup<T>, E> {
    let mut parts = Vec::new();
    for u in units(conn, region)? {
        let value = unit(conn, &u)?;
        parts.push((u, value));
    }
    Ok(rollup::roll_up(region, parts))
}

/// The monthly report of `region`, a row per county (per prefecture at the province).
pub fn monthly(
    conn: &Connection,
    region: &str,
    month: Month,
    today: NaiveDate,
) -> Result<Rollup<MonthlyTally>, MonthlyError> {
    rolled(conn, region, |c, u| monthly_unit(c, u, month, today))
}

/// The 优质均衡 tallies of `region`, a row per county (per prefecture at the province).
pub fn indicators(conn: &Connection, region: &str, today: NaiveDate) -> rusqlite::Result<Rollup<IndicatorTally>> {
    rolled(conn, region, |c, u| indicator_unit(c, u, today))
}

/// The overview of `region`, a row per county (per prefecture at the province).
pub fn overview(conn: &Connection, region: &str) -> rusqlite::Result<Rollup<OverviewTally>> {
    rolled(conn, region, overview_unit)
}

/// One county's (or several counties') database read for a combined roll-up: opened
/// read-only, never migrated or written.
pub struct Source {
    pub path: std::path::PathBuf,
    pub conn: Connection,
    pub demo: bool,
    /// When its data last changed: the newest audit row, else the file's modification time.
    pub as_of: Option<String>,
}

/// Why several databases cannot be combined.
#[derive(Debug)]
pub enum CombineError {
    /// The file is missing, not SQLite, or not readable.
    Open(std::path::PathBuf, String),
    /// Made by another schema version (open it once with this taizhang to upgrade it).
    Schema {
        path: std::path::PathBuf,
        found: i64,
        known: i64,
    },
    /// The same unit holds records in two of the databases.
    Overlap {
        unit: String,
        first: std::path::PathBuf,
        second: std::path::PathBuf,
    },
    NoSources,
    Monthly(MonthlyError),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for CombineError {
    fn from(e: rusqlite::Error) -> Self {
        CombineError::Sqlite(e)
    }
}

impl From<MonthlyError> for CombineError {
    fn from(e: MonthlyError) -> Self {
        CombineError::Monthly(e)
    }
}

/// Opens `path` read-only for combining.
pub fn open_source(path: &std::path::Path) -> Result<Source, CombineError> {
    use rusqlite::OpenFlags;
    let failed = |e: &dyn std::fmt::Display| CombineError::Open(path.to_path_buf(), e.to_string());
    if !path.is_file() {
        return Err(failed(&"-"));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| failed(&e))?;
    // The county's queries sort names with it, as on an opened database.
    super::collation::register(&conn).map_err(|e| failed(&e))?;
    let found = super::migrate::user_version(&conn).map_err(|e| failed(&e))?;
    if found != super::migrate::LATEST {
        return Err(CombineError::Schema { path: path.to_path_buf(), found, known: super::migrate::LATEST });
    }
    let demo = super::settings::is_demo(&conn)?;
    let audited: Option<String> = conn.query_row("SELECT max(at) FROM audit_log", [], |r| r.get(0))?;
    let modified = || {
        let t = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
        Some(chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M:%S").to_string())
    };
    Ok(Source { path: path.to_path_buf(), demo, as_of: audited.or_else(modified), conn })
}

/// Which source holds each unit of `region` (`None`: none does; its figures are zero, read
/// from the first source's tables). Refuses a unit held by two sources.
pub fn holders(sources: &[Source], region: &str) -> Result<Vec<(String, Option<usize>)>, CombineError> {
    if sources.is_empty() {
        return Err(CombineError::NoSources);
    }
    let mut all: Vec<String> = Vec::new();
    for s in sources {
        for u in units(&s.conn, region)? {
            if !all.contains(&u) {
                all.push(u);
            }
        }
    }
    all.sort();
    let mut out = Vec::new();
    for unit in all {
        let mut holder: Option<usize> = None;
        for (i, s) in sources.iter().enumerate() {
            if !holds_records(&s.conn, &unit)? {
                continue;
            }
            if let Some(h) = holder {
                let first = sources.get(h).map(|x| x.path.clone()).unwrap_or_default();
                return Err(CombineError::Overlap { unit, first, second: s.path.clone() });
            }
            holder = Some(i);
        }
        out.push((unit, holder));
    }
    Ok(out)
}

/// The connection that answers for a unit: its holder's, else the first source's.
fn conn_of(sources: &[Source], holder: Option<usize>) -> Result<&Connection, CombineError> {
    holder.and_then(|h| sources.get(h)).or_else(|| sources.first()).map(|s| &s.conn).ok_or(CombineError::NoSources)
}

/// `region`'s roll-up over several databases, each unit's figures from the one that holds it.
fn combined<T: Sum, E>(
    sources: &[Source],
    region: &str,
    unit: impl Fn(&Connection, &str) -> Result<T, E>,
) -> Result<Rollup<T>, CombineError>
where
    CombineError: From<E>,
{
    let mut parts = Vec::new();
    for (u, holder) in holders(sources, region)? {
        let value = unit(conn_of(sources, holder)?, &u)?;
        parts.push((u, value));
    }
    Ok(rollup::roll_up(region, parts))
}

/// [`monthly`] over several databases, each unit from the one that holds it.
pub fn monthly_combined(
    sources: &[Source],
    region: &str,
    month: Month,
    today: NaiveDate,
) -> Result<Rollup<MonthlyTally>, CombineError> {
    combined(sources, region, |c, u| monthly_unit(c, u, month, today))
}

/// [`indicators`] over several databases, each unit from the one that holds it.
pub fn indicators_combined(
    sources: &[Source],
    region: &str,
    today: NaiveDate,
) -> Result<Rollup<IndicatorTally>, CombineError> {
    combined(sources, region, |c, u| indicator_unit(c, u, today))
}

/// [`overview`] over several databases, each unit from the one that holds it.
pub fn overview_combined(sources: &[Source], region: &str) -> Result<Rollup<OverviewTally>, CombineError> {
    combined(sources, region, overview_unit)
}
