//! Loading what the monthly report (月报, `domain::monthly`) counts: a county's cases and
//! their recorded steps, read in one pass each, merged by case id.

use crate::domain::case_status::CaseStatus;
use crate::domain::codes::Reason;
use crate::domain::monthly::{self, CaseHistory, FutureMonth, Month, Monthly, Step};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;

/// The report with names: the county's and each school's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyReport {
    pub county_code: String,
    pub county_name: String,
    /// The one school reported on (name, 学校标识码), when the report is a school's.
    pub school: Option<(String, String)>,
    pub report: Monthly,
    /// (school name, 学校标识码, counts), by name; cases without a school last.
    pub schools: Vec<(String, String, monthly::Counts)>,
}

#[derive(Debug)]
pub enum MonthlyError {
    FutureMonth,
    /// The county (or school) is outside the session's read scope.
    Refused(crate::domain::access::Refusal),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MonthlyError {
    fn from(e: rusqlite::Error) -> Self {
        MonthlyError::Sqlite(e)
    }
}

impl From<FutureMonth> for MonthlyError {
    fn from(_: FutureMonth) -> Self {
        MonthlyError::FutureMonth
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Every case of `county` registered by the end of `month`, with its steps.
pub fn histories(conn: &Connection, county: &str, last_day: NaiveDate) -> rusqlite::Result<Vec<CaseHistory>> {
    Ok(histories_by_id(conn, county, None, last_day)?.into_iter().map(|(_, h)| h).collect())
}

/// [`histories`] with each case's id, of one school only when `school` is given (the
/// month's submissions freeze and compare cases one by one).
pub fn histories_by_id(
    conn: &Connection,
    county: &str,
    school: Option<i64>,
    last_day: NaiveDate,
) -> rusqlite::Result<Vec<(i64, CaseHistory)>> {
    let end = last_day.format("%Y-%m-%d").to_string();
    let mut cases = conn.prepare_cached(
        "SELECT id, school_id, registered_on, status, reason FROM cases
         WHERE county_code = :county AND registered_on <= :end AND (:school IS NULL OR school_id = :school)
         ORDER BY id",
    )?;
    let mut steps = conn.prepare_cached(
        "SELECT e.case_id, e.happened_on, e.from_status, e.to_status FROM case_events e
         JOIN cases c ON c.id = e.case_id
         WHERE c.county_code = :county AND c.registered_on <= :end AND (:school IS NULL OR c.school_id = :school)
           AND e.to_status IS NOT NULL
         ORDER BY e.case_id, e.happened_on, e.id",
    )?;
    let params = rusqlite::named_params! { ":county": county, ":end": end, ":school": school };
    let mut by_case: HashMap<i64, Vec<Step>> = HashMap::new();
    let rows = steps.query_map(params, |r| {
        Ok((
            r.get::<_, i64>("case_id")?,
            r.get::<_, String>("happened_on")?,
            r.get::<_, Option<String>>("from_status")?,
            r.get::<_, String>("to_status")?,
        ))
    })?;
    for row in rows {
        let (id, on, from, to) = row?;
        let (Some(on), Some(to)) = (date(&on), CaseStatus::from_code(&to)) else { continue };
        by_case.entry(id).or_default().push(Step { on, from: from.as_deref().and_then(CaseStatus::from_code), to });
    }
    let rows = cases.query_map(params, |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, Option<i64>>("school_id")?,
            r.get::<_, String>("registered_on")?,
            r.get::<_, String>("status")?,
            r.get::<_, Option<String>>("reason")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, school_id, registered, status, reason) = row?;
        let Some(registered_on) = date(&registered) else { continue };
        let history = CaseHistory {
            school_id,
            registered_on,
            current: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Other),
            reason: reason.as_deref().and_then(Reason::from_code),
            steps: by_case.remove(&id).unwrap_or_default(),
        };
        out.push((id, history));
    }
    Ok(out)
}

/// The monthly report of `county` for `month`, as of `today`, as far as the session may
/// read it: a 填报员's is their school's (and `school` narrows an administrator's to one
/// school of the county).
pub fn load(
    db: &super::Db,
    county: &str,
    school: Option<i64>,
    month: Month,
    today: NaiveDate,
) -> Result<MonthlyReport, MonthlyError> {
    let school = match db.report_coverage(county, school).map_err(MonthlyError::Refused)? {
        super::scope::Coverage::County => None,
        super::scope::Coverage::School(id) => Some(id),
    };
    report_of(&db.conn, county, school, month, today)
}

/// The whole monthly report of `county`, unscoped: for callers that have checked the
/// session's coverage already (roll-ups) or read another database (combine).
pub fn county_report(
    conn: &Connection,
    county: &str,
    month: Month,
    today: NaiveDate,
) -> Result<MonthlyReport, MonthlyError> {
    report_of(conn, county, None, month, today)
}

fn report_of(
    conn: &Connection,
    county: &str,
    school: Option<i64>,
    month: Month,
    today: NaiveDate,
) -> Result<MonthlyReport, MonthlyError> {
    let (_, end) = monthly::period(month, today)?;
    let cases: Vec<CaseHistory> = histories_by_id(conn, county, school, end)?.into_iter().map(|(_, h)| h).collect();
    let mut report = monthly::compute(cases, month, today)?;
    // A submitted month shows what was submitted (docs/domain.md §11).
    super::submissions::freeze(conn, county, month, &mut report)?;
    if let Some(id) = school {
        // A school's report holds its own submission only, and its own total.
        report.schools.retain(|k, _| *k == Some(id));
        let mut total = monthly::Counts::default();
        report.schools.values().for_each(|c| total.add(c));
        report.county = total;
    }
    let county_name = super::regions::get(conn, county)?.map(|r| r.name).unwrap_or_default();
    let mut names: HashMap<i64, (String, String)> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT name, coalesce(school_code, '') FROM schools WHERE id = ?1")?;
    for id in report.schools.keys().flatten() {
        if let Ok(n) = stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))) {
            names.insert(*id, n);
        }
    }
    let mut schools: Vec<(String, String, monthly::Counts)> = report
        .schools
        .iter()
        .map(|(id, c)| {
            let (name, code) = id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
            (name, code, *c)
        })
        .collect();
    // In pinyin order; the cases of no school last.
    schools
        .sort_by(|a, b| a.0.is_empty().cmp(&b.0.is_empty()).then_with(|| crate::domain::pinyin::compare(&a.0, &b.0)));
    let school = match school {
        Some(id) => stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).ok(),
        None => None,
    };
    Ok(MonthlyReport { county_code: county.to_string(), county_name, school, report, schools })
}
