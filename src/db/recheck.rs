//! 复核 rounds stored and read back (`domain::recheck`): a round and its items written in
//! one audited transaction (the county's administrators), and a county's rounds with
//! their count per finding and each item named.

use super::audit::{AuditRow, Rule, WriteError};
use super::scope::{Coverage, ReportError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::recheck::{Finding, Item, RecheckError, Subject, Tally};
use rusqlite::{named_params, Connection, OptionalExtension};

fn refused(e: RecheckError) -> WriteError {
    WriteError::Invalid { field: "items", rule: Rule::Recheck(e) }
}

/// A round to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecheck {
    pub county: String,
    pub held_on: String,
    /// Who re-checked (a name, or a team).
    pub checked_by: String,
    pub note: String,
    pub items: Vec<Item>,
}

/// The school of `county` with code `code`, or the case of `county` numbered `id`.
fn subject_ids(conn: &Connection, county: &str, s: &Subject) -> Result<(Option<i64>, Option<i64>), WriteError> {
    match s {
        Subject::School(code) => {
            let id: Option<i64> = conn
                .prepare_cached("SELECT id FROM schools WHERE county_code = :county AND school_code = :code")?
                .query_row(named_params! { ":county": county, ":code": code }, |r| r.get(0))
                .optional()?;
            id.map(|id| (Some(id), None)).ok_or_else(|| refused(RecheckError::UnknownSchool(code.clone())))
        }
        Subject::Case(n) => {
            let found: Option<Option<i64>> = conn
                .prepare_cached("SELECT school_id FROM cases WHERE county_code = :county AND id = :id")?
                .query_row(named_params! { ":county": county, ":id": n }, |r| r.get(0))
                .optional()?;
            found.map(|school| (school, Some(*n))).ok_or_else(|| refused(RecheckError::UnknownCase(*n)))
        }
    }
}

/// Records `round` (refused, with nothing written, if an item names a school or case not of
/// the county); its id and tally.
pub fn record(db: &mut Db, round: &NewRecheck) -> Result<(i64, Tally), WriteError> {
    if round.items.is_empty() {
        return Err(refused(RecheckError::NoItems));
    }
    if round.checked_by.trim().is_empty() {
        return Err(WriteError::Invalid { field: "by", rule: Rule::Recheck(RecheckError::NoChecker) });
    }
    let target = Target { region_code: round.county.clone(), school_id: None };
    let login = db.actor.login.clone();
    db.write(&target, true, |tx| {
        tx.prepare_cached(
            "INSERT INTO recheck_rounds(county_code, held_on, checked_by, note, created_by, created_at)
             VALUES (:county, :held_on, :by, :note, :login, :at)",
        )?
        .execute(named_params! {
            ":county": round.county, ":held_on": round.held_on, ":by": round.checked_by.trim(),
            ":note": round.note.trim(), ":login": login, ":at": super::now_text(),
        })?;
        let id = tx.last_insert_rowid();
        let mut audit = vec![AuditRow {
            note: format!("recheck round {id} {} by {}", round.held_on, round.checked_by.trim()),
            ..AuditRow::insert("recheck_rounds", id)
        }];
        for item in &round.items {
            let (school, case) = subject_ids(tx, &round.county, &item.subject)?;
            tx.prepare_cached(
                "INSERT INTO recheck_items(round_id, school_id, case_id, finding, note)
                 VALUES (:round, :school, :case, :finding, :note)",
            )?
            .execute(named_params! {
                ":round": id, ":school": school, ":case": case, ":finding": item.finding.code(), ":note": item.note,
            })?;
            audit.push(AuditRow {
                new: Some(item.finding.code().to_string()),
                note: format!("recheck round {id}"),
                ..AuditRow::insert("recheck_items", tx.last_insert_rowid())
            });
        }
        Ok(((id, Tally::of(round.items.iter().map(|i| i.finding))), audit))
    })
}

/// One item of a recorded round, named.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecheckItemRow {
    pub school: String,
    pub case_id: Option<i64>,
    /// The case's name (a child's name: shown inside the session's scope only).
    pub case_name: String,
    #[serde(serialize_with = "finding_code")]
    pub finding: Finding,
    pub note: String,
}

fn finding_code<S: serde::Serializer>(f: &Finding, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(f.code())
}

/// One recorded round with its tally and items.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecheckRow {
    pub id: i64,
    pub held_on: String,
    pub checked_by: String,
    pub note: String,
    pub tally: Tally,
    pub items: Vec<RecheckItemRow>,
}

/// The 复核 rounds of `county`, newest first, for a session that may read the whole county.
pub fn rounds(db: &Db, county: &str) -> Result<Vec<RecheckRow>, ReportError> {
    if let Coverage::School(_) = db.report_coverage(county, None).map_err(ReportError::Refused)? {
        // A round is the county's: a school's filler sees none of it.
        return Ok(Vec::new());
    }
    let mut stmt = db.conn.prepare_cached(
        "SELECT id, held_on, checked_by, note FROM recheck_rounds WHERE county_code = :county
         ORDER BY held_on DESC, id DESC",
    )?;
    let rows = stmt.query_map(named_params! { ":county": county }, |r| {
        Ok(RecheckRow {
            id: r.get("id")?,
            held_on: r.get("held_on")?,
            checked_by: r.get("checked_by")?,
            note: r.get("note")?,
            tally: Tally::default(),
            items: Vec::new(),
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut items = db.conn.prepare_cached(
        "SELECT coalesce(s.name, '') AS school, i.case_id AS case_id, coalesce(c.name, '') AS case_name,
                i.finding AS finding, i.note AS note
         FROM recheck_items i LEFT JOIN schools s ON s.id = i.school_id LEFT JOIN cases c ON c.id = i.case_id
         WHERE i.round_id = :id ORDER BY i.id",
    )?;
    for round in &mut out {
        let rows = items.query_map(named_params! { ":id": round.id }, |r| {
            Ok(RecheckItemRow {
                school: r.get("school")?,
                case_id: r.get("case_id")?,
                case_name: r.get("case_name")?,
                finding: Finding::from_code(&r.get::<_, String>("finding")?).unwrap_or(Finding::Confirmed),
                note: r.get("note")?,
            })
        })?;
        round.items = rows.collect::<rusqlite::Result<_>>()?;
        round.tally = Tally::of(round.items.iter().map(|i| i.finding));
    }
    Ok(out)
}
