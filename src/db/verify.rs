//! Verification rounds stored and read back (docs/domain.md §9): what the ledger knows about
//! the children of a round, the round and its findings written in one audited transaction,
//! and the rounds of a county with their counts.

use super::audit::{AuditRow, WriteError};
use super::scope::{Coverage, ReportError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::case_status::CaseStatus;
use crate::domain::verify::{Child, Class, Known, List};
use rusqlite::named_params;
use std::collections::HashMap;

/// What the ledger knows about each ID number of `ids`, for a round of `county` (narrowed
/// to `school`). Read across the session's scope on purpose: it yields a class only, never
/// the other case (as the duplicate check does).
pub fn known(db: &Db, county: &str, school: Option<i64>, ids: &[&str]) -> rusqlite::Result<HashMap<String, Known>> {
    let mut stmt = db.conn.prepare_cached(
        "SELECT status, county_code, school_id FROM cases WHERE id_number = :id AND status != 'voided'",
    )?;
    let mut out = HashMap::new();
    for id in ids {
        let mut k = Known::default();
        let rows = stmt.query_map(named_params! { ":id": id }, |r| {
            Ok((
                r.get::<_, String>("status")?,
                r.get::<_, String>("county_code")?,
                r.get::<_, Option<i64>>("school_id")?,
            ))
        })?;
        for row in rows {
            let (status, c, s) = row?;
            let status = CaseStatus::from_code(&status).unwrap_or(CaseStatus::Other);
            let here = c == county && school.is_none_or(|own| s == Some(own));
            let attending = matches!(status, CaseStatus::Enrolled | CaseStatus::Returned | CaseStatus::Tracking);
            k.open_case |= status.is_open() && !attending;
            k.enrolled_elsewhere |= attending && !here;
        }
        out.insert(id.to_string(), k);
    }
    Ok(out)
}

/// A round to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRound {
    pub county: String,
    pub school_id: Option<i64>,
    pub held_on: String,
    pub purpose: String,
    pub lists: Vec<List>,
}

fn list_codes(lists: &[List]) -> String {
    lists.iter().map(|l| l.code()).collect::<Vec<_>>().join(",")
}

/// Records `round` and one finding per child (its trail: checked on the round's date, in
/// the round, with its class), in one audited transaction; the round's id.
pub fn record(db: &mut Db, round: &NewRound, findings: &[(Child, Class)]) -> Result<i64, WriteError> {
    let target = Target { region_code: round.county.clone(), school_id: round.school_id };
    let login = db.actor.login.clone();
    db.write(&target, false, |tx| {
        tx.prepare_cached(
            "INSERT INTO verify_rounds(county_code, school_id, held_on, purpose, lists, checked, created_by, created_at)
             VALUES (:county, :school, :held_on, :purpose, :lists, :checked, :by, :at)",
        )?
        .execute(named_params! {
            ":county": round.county, ":school": round.school_id, ":held_on": round.held_on,
            ":purpose": round.purpose, ":lists": list_codes(&round.lists), ":checked": findings.len() as i64,
            ":by": login, ":at": super::now_text(),
        })?;
        let id = tx.last_insert_rowid();
        let note = format!("verify round {id} {}", round.held_on);
        let mut audit = vec![AuditRow { note: note.clone(), ..AuditRow::insert("verify_rounds", id) }];
        let mut insert = tx.prepare_cached(
            "INSERT INTO verify_findings(round_id, class, id_number, name, birth_date, school_text, lists, weak)
             VALUES (:round, :class, :id_number, :name, :birth_date, :school, :lists, :weak)",
        )?;
        for (c, class) in findings {
            insert.execute(named_params! {
                ":round": id, ":class": class.code(), ":id_number": c.id_number, ":name": c.name,
                ":birth_date": c.birth_date, ":school": c.school, ":lists": list_codes(&c.lists), ":weak": c.weak,
            })?;
            let finding = tx.last_insert_rowid();
            audit.push(AuditRow {
                new: Some(class.code().to_string()),
                note: format!("checked on {} in round {id}, result {}", round.held_on, class.code()),
                ..AuditRow::insert("verify_findings", finding)
            });
        }
        Ok((id, audit))
    })
}

/// One recorded round and its counts per class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRow {
    pub id: i64,
    pub held_on: String,
    pub purpose: String,
    pub lists: String,
    pub school_id: Option<i64>,
    /// 人次.
    pub checked: i64,
    pub counts: Vec<(Class, i64)>,
}

/// The rounds of `county`, newest first, as far as the session may count them (a 填报员:
/// their own school's rounds).
pub fn rounds(db: &Db, county: &str) -> Result<Vec<RoundRow>, ReportError> {
    let school = match db.report_coverage(county, None).map_err(ReportError::Refused)? {
        Coverage::County => None,
        Coverage::School(id) => Some(id),
    };
    let mut stmt = db.conn.prepare_cached(
        "SELECT id, held_on, purpose, lists, school_id, checked FROM verify_rounds
         WHERE county_code = :county AND (:school IS NULL OR school_id = :school)
         ORDER BY held_on DESC, id DESC",
    )?;
    let rows = stmt.query_map(named_params! { ":county": county, ":school": school }, |r| {
        Ok(RoundRow {
            id: r.get("id")?,
            held_on: r.get("held_on")?,
            purpose: r.get("purpose")?,
            lists: r.get("lists")?,
            school_id: r.get("school_id")?,
            checked: r.get("checked")?,
            counts: Vec::new(),
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut count = db
        .conn
        .prepare_cached("SELECT class, count(*) AS n FROM verify_findings WHERE round_id = :id GROUP BY class")?;
    for round in &mut out {
        let by: HashMap<String, i64> = count
            .query_map(named_params! { ":id": round.id }, |r| Ok((r.get("class")?, r.get("n")?)))?
            .collect::<rusqlite::Result<_>>()?;
        round.counts = Class::ALL.iter().map(|c| (*c, by.get(c.code()).copied().unwrap_or(0))).collect();
    }
    Ok(out)
}
