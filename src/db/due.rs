//! Cases due (`domain::due`): the thresholds from the settings, the clause the ledger's
//! "due" filter and the county page's count use, and the list with the rule each case is
//! due under. The clause and the list's rule must agree (a test compares them).

use super::record::ColumnIndex;
use super::settings;
use crate::domain::case_status::CaseStatus;
use crate::domain::cycle_settings;
use crate::domain::due::{self, Clocks, Cutoffs, DueKind, Thresholds};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{named_params, Connection};

/// The thresholds in force for `region`: a county's own, else the province-wide ones,
/// else the defaults (`domain::cycle_settings`).
pub fn thresholds(conn: &Connection, region: &str) -> Thresholds {
    let get = |key: &str, d: i64| cycle_settings::find(key).map_or(d, |s| settings::cycle_value(conn, region, s));
    Thresholds {
        suspected_days: get(cycle_settings::SUSPECTED, due::DEFAULT_SUSPECTED_DAYS),
        visit_days: get(cycle_settings::VISIT, due::DEFAULT_VISIT_DAYS),
        tracking_days: get(cycle_settings::TRACKING, due::DEFAULT_TRACKING_DAYS),
    }
}

// When each clock of case `c` started (docs/domain.md §11), as SQL over the cases table
// aliased `c`.
const SUSPECTED_SINCE: &str = "coalesce((SELECT max(e.happened_on) FROM case_events e
    WHERE e.case_id = c.id AND e.to_status = 'suspected'), c.registered_on)";
const LAST_VISIT: &str = "coalesce(c.last_visit_on, c.registered_on)";
// A check that found the child attending restarts the tracking clock (a 跟踪回访 logged before
// checks recorded attendance was a 'visit' from 跟踪巩固); the latest check, when it found
// the child not attending, makes the case due from its day.
const TRACKING_SINCE: &str = "max(coalesce((SELECT max(e.happened_on) FROM case_events e
    WHERE e.case_id = c.id AND (e.kind = 'check' AND e.attending = 1 OR e.kind = 'visit' AND e.from_status = 'tracking')), ''),
    coalesce((SELECT max(e.happened_on) FROM case_events e
    WHERE e.case_id = c.id AND e.to_status = 'tracking' AND e.from_status IS NOT 'tracking'), c.registered_on))";
const ABSENT_SINCE: &str = "(SELECT CASE WHEN e.attending = 0 THEN e.happened_on END FROM case_events e
    WHERE e.case_id = c.id AND e.kind = 'check' ORDER BY e.happened_on DESC, e.id DESC LIMIT 1)";

fn iso(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

/// The condition "due" on cases aliased `c`, with its `?` parameters in order.
pub fn clause(cut: &Cutoffs) -> (String, Vec<Value>) {
    let out: Vec<String> =
        CaseStatus::ALL.iter().filter(|s| s.is_out_of_school()).map(|s| format!("'{}'", s.code())).collect();
    let sql = format!(
        "(c.status = 'suspected' AND {SUSPECTED_SINCE} <= ?
          OR c.status IN ({}) AND {LAST_VISIT} <= ?
          OR c.status IN ('tracking', 'inclusive') AND {ABSENT_SINCE} IS NOT NULL
          OR c.status = 'tracking' AND {TRACKING_SINCE} <= ?)",
        out.join(", ")
    );
    (sql, vec![iso(cut.suspected), iso(cut.visit), iso(cut.tracking)])
}

/// One due case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCase {
    pub id: i64,
    pub name: String,
    pub school: String,
    pub status: CaseStatus,
    pub kind: DueKind,
    pub since: NaiveDate,
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

/// The due cases of `county` as of `today`, oldest clock first.
pub fn list(conn: &Connection, county: &str, today: NaiveDate) -> rusqlite::Result<Vec<DueCase>> {
    let cut = thresholds(conn, county).cutoffs(today);
    let sql = format!(
        "SELECT c.id AS id, c.name AS name, coalesce(s.name, '') AS school, c.status AS status,
                {SUSPECTED_SINCE} AS suspected_since, {LAST_VISIT} AS last_visit, {TRACKING_SINCE} AS tracking_since,
                {ABSENT_SINCE} AS absent_since
         FROM cases c LEFT JOIN schools s ON s.id = c.school_id
         WHERE c.county_code = :county
           AND c.status IN ('suspected', 'dropout', 'persuading', 'tracking', 'inclusive')
         ORDER BY c.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let ix = ColumnIndex::of(&stmt);
    let rows = stmt.query_map(named_params! { ":county": county }, |r| {
        let status: String = ix.get(r, "status")?;
        let clocks = Clocks {
            status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Other),
            suspected_since: date(&ix.get::<String>(r, "suspected_since")?),
            last_visit: date(&ix.get::<String>(r, "last_visit")?),
            tracking_since: date(&ix.get::<String>(r, "tracking_since")?),
            absent_since: ix.get::<Option<String>>(r, "absent_since")?.map(|d| date(&d)),
        };
        Ok((ix.get::<i64>(r, "id")?, ix.get::<String>(r, "name")?, ix.get::<String>(r, "school")?, clocks))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, school, clocks) = row?;
        if let Some((kind, since)) = due::due(&clocks, &cut) {
            out.push(DueCase { id, name, school, status: clocks.status, kind, since });
        }
    }
    out.sort_by_key(|c| (c.kind, c.since, c.id));
    Ok(out)
}

/// How many cases of `county` are due as of `today` (the county page's count).
pub fn count(conn: &Connection, county: &str, today: NaiveDate) -> rusqlite::Result<i64> {
    let (cond, mut params) = clause(&thresholds(conn, county).cutoffs(today));
    params.insert(0, Value::Text(county.to_string()));
    conn.prepare_cached(&format!("SELECT count(*) FROM cases c WHERE c.county_code = ? AND {cond}"))?
        .query_row(rusqlite::params_from_iter(params), |r| r.get(0))
}
