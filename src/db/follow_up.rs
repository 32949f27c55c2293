//! Follow-up logs read back (docs/domain.md §4 "Follow-up"): a month's 送教上门 sessions of
//! a region or one school, for the sessions report. Counts only (teachers, children,
//! hours), so they follow the session's report scope, like the monthly report.

use super::scope::{in_region, Coverage, Place, ReportError};
use super::Db;
use crate::domain::follow_up::{Hours, Session};
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};

/// The sessions logged in `month` on cases of `place`, as far as the session may count them:
/// a county's (or one school's), or a whole prefecture's or the province's for a login whose
/// counts cover it.
pub fn sessions(db: &Db, place: &Place, month: Month) -> Result<Vec<Session>, ReportError> {
    let county = region::level_of(&place.region) == Ok(Level::County);
    let school = if county || place.school.is_some() {
        match db.report_coverage(&place.region, place.school).map_err(ReportError::Refused)? {
            Coverage::County => None,
            Coverage::School(id) => Some(id),
        }
    } else {
        db.rollup_coverage(&place.region).map_err(ReportError::Refused)?;
        None
    };
    let within = in_region("c.county_code", &place.region).named();
    let first = month.first_day().format("%Y-%m-%d").to_string();
    let next = month.next().first_day().format("%Y-%m-%d").to_string();
    let sql = format!(
        "SELECT e.case_id AS case_id, e.who AS who, e.hours AS hours
         FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE e.kind = 'session' AND e.happened_on >= :first AND e.happened_on < :next
           AND (:school IS NULL OR c.school_id = :school) AND {}
         ORDER BY e.happened_on, e.id",
        within.sql
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let params = within.params(&[(":first", &first), (":next", &next), (":school", &school)]);
    let rows = stmt.query_map(params.as_slice(), |r| {
        Ok(Session {
            case_id: r.get("case_id")?,
            teacher: r.get("who")?,
            hours: r.get::<_, Option<f64>>("hours")?.and_then(Hours::from_f64),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
