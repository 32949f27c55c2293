//! Verification rounds stored and read back (docs/domain.md §9): what the ledger knows about
//! the children of a round, the round and its findings written in one audited transaction,
//! and the rounds of a county with their counts.

use super::audit::{AuditRow, WriteError};
use super::scope::{Coverage, ReportError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::case_status::CaseStatus;
use crate::domain::verify::{Child, Class, Known, List};
use rusqlite::{named_params, OptionalExtension};
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

/// One child a recorded round found, as the findings table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub id: i64,
    pub class: Class,
    /// The child as the lists named it.
    pub child: Child,
    /// The case it became, or the open case it already was.
    pub case_id: Option<i64>,
}

/// The round `round` (its county, school and date), if the session may count it.
fn round_of(db: &Db, round: i64) -> Result<(String, Option<i64>, String), ReportError> {
    let row: Option<(String, Option<i64>, String)> = db
        .conn
        .prepare_cached("SELECT county_code, school_id, held_on FROM verify_rounds WHERE id = :id")?
        .query_row(named_params! { ":id": round }, |r| {
            Ok((r.get("county_code")?, r.get("school_id")?, r.get("held_on")?))
        })
        .optional()?;
    let Some((county, school, held_on)) = row else {
        return Err(ReportError::Sqlite(rusqlite::Error::QueryReturnedNoRows));
    };
    // A 填报员 sees the rounds of their own school only: a county's round lists other schools.
    use crate::db::scope::PlaceRefusal;
    match (db.report_coverage(&county, school).map_err(ReportError::Refused)?, school) {
        (Coverage::School(own), Some(asked)) if asked != own => {
            Err(ReportError::Refused(db.place_refused(PlaceRefusal::OtherSchool { own, asked })))
        }
        (Coverage::School(own), None) => {
            Err(ReportError::Refused(db.place_refused(PlaceRefusal::SchoolElsewhere { own, county: county.clone() })))
        }
        _ => Ok((county, school, held_on)),
    }
}

/// Every finding of `round`, in the order the round found them (`class`: only those).
pub fn findings(db: &Db, round: i64, class: Option<Class>) -> Result<Vec<Finding>, ReportError> {
    round_of(db, round)?;
    Ok(findings_of(&db.conn, round, class)?)
}

/// The findings of `round` once its scope is checked.
fn findings_of(conn: &rusqlite::Connection, round: i64, class: Option<Class>) -> rusqlite::Result<Vec<Finding>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, class, id_number, name, birth_date, school_text, lists, weak, case_id FROM verify_findings
         WHERE round_id = :round AND (:class IS NULL OR class = :class) ORDER BY id",
    )?;
    let rows = stmt.query_map(named_params! { ":round": round, ":class": class.map(Class::code) }, |r| {
        let class: String = r.get("class")?;
        let lists: String = r.get("lists")?;
        let child = Child {
            id_number: r.get("id_number")?,
            name: r.get("name")?,
            birth_date: r.get("birth_date")?,
            school: r.get("school_text")?,
            lists: lists.split(',').filter_map(|c| List::ALL.into_iter().find(|l| l.code() == c)).collect(),
            weak: r.get("weak")?,
        };
        let class = Class::from_code(&class).unwrap_or(Class::Unmatched);
        Ok(Finding { id: r.get("id")?, class, child, case_id: r.get("case_id")? })
    })?;
    rows.collect()
}

/// Why a finding did not become a case (worded by `i18n::follow_up`).
#[derive(Debug, Clone, PartialEq)]
pub enum Skip {
    /// The school the lists name is not an open school of the round's place.
    NoSchool(String),
    /// No birth date to place the child in a grade by age.
    NoGrade,
    /// The values broke the case rules (each field and its error), as in the form.
    Invalid(Vec<(&'static str, crate::domain::case::CaseError)>),
    /// The child already has an open case (linked to the finding when it is visible).
    Duplicate(super::cases::Duplicate),
    /// The session may not register a case at that school.
    Refused(crate::domain::access::Refusal),
}

/// What turning a round's findings into cases did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Opened {
    /// (finding, new case).
    pub created: Vec<(i64, i64)>,
    /// (finding, child's name, why not).
    pub skipped: Vec<(i64, String, Skip)>,
}

/// Turns every finding of `round` that may be out of school ([`Class::is_suspect`]) and is
/// not yet a case into a 疑似辍学 case, each validated like a form's and written with its
/// link to the finding in one audited transaction (its scope checked as any case's). The
/// grade is the child's by age ([`crate::domain::verify::expected_grade`]), the absence
/// starts on the round's date, and the reason is "other" with `note(class)` as its text
/// (worded in the caller's language: found in the round, to be checked). A second run
/// creates nothing twice.
pub fn open_cases(db: &mut Db, round: i64, note: impl Fn(Class) -> String) -> Result<Opened, WriteError> {
    let as_write = |e: ReportError| match e {
        ReportError::Refused(r) => WriteError::Refused(r),
        ReportError::Sqlite(e) => WriteError::Sqlite(e),
    };
    let (county, school, held_on) = round_of(db, round).map_err(as_write)?;
    let open: Vec<Finding> = findings_of(&db.conn, round, None)?
        .into_iter()
        .filter(|f| f.class.is_suspect() && f.case_id.is_none())
        .collect();
    let mut out = Opened::default();
    for f in open {
        match open_one(db, &county, school, (&held_on, &note(f.class)), &f)? {
            Ok(case) => out.created.push((f.id, case)),
            Err(skip) => out.skipped.push((f.id, f.child.name.clone(), skip)),
        }
    }
    Ok(out)
}

fn open_one(
    db: &mut Db,
    county: &str,
    school: Option<i64>,
    (held_on, why): (&str, &str),
    f: &Finding,
) -> Result<Result<i64, Skip>, WriteError> {
    let Some(school_id) = school_named(db, county, school, &f.child.school)? else {
        return Ok(Err(Skip::NoSchool(f.child.school.clone())));
    };
    let today = super::today();
    let birth = f.child.birth_date.as_deref().and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok());
    let Some(grade) = birth.and_then(|b| crate::domain::verify::expected_grade(b, today)) else {
        return Ok(Err(Skip::NoGrade));
    };
    let values = [
        ("name", f.child.name.clone()),
        ("id_number", f.child.id_number.clone().unwrap_or_default()),
        ("birth_date", f.child.birth_date.clone().unwrap_or_default()),
        ("school_id", school_id.to_string()),
        ("grade", grade.to_string()),
        ("registered_on", crate::domain::dates::iso(today)),
        ("absent_since", held_on.to_string()),
        ("reason", crate::domain::codes::Reason::Other.code().to_string()),
        ("reason_text", why.to_string()),
    ];
    let value = |k: &str| values.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let rec = match crate::domain::case::validate(value, CaseStatus::Suspected, today, |id| id == school_id) {
        Ok(rec) => rec,
        Err(errors) => return Ok(Err(Skip::Invalid(errors))),
    };
    let scope = db.read_scope();
    let target = Target { region_code: county.to_string(), school_id: Some(school_id) };
    let written = db.write(&target, false, |tx| {
        let (made, mut audit) = super::cases::insert_in(tx, &scope, county, CaseStatus::Suspected, &rec)?;
        let linked = match &made {
            Ok(id) => Some(*id),
            Err(super::cases::Duplicate::Visible { case_id, .. }) => Some(*case_id),
            Err(_) => None,
        };
        if let Some(case) = linked {
            tx.prepare_cached("UPDATE verify_findings SET case_id = :case WHERE id = :id")?
                .execute(named_params! { ":case": case, ":id": f.id })?;
            audit.push(AuditRow::update("verify_findings", f.id, "case_id", None, Some(case.to_string())));
        }
        Ok((made, audit))
    });
    match written {
        Ok(Ok(id)) => Ok(Ok(id)),
        Ok(Err(dup)) => Ok(Err(Skip::Duplicate(dup))),
        Err(WriteError::Refused(r)) => Ok(Err(Skip::Refused(r))),
        Err(e) => Err(e),
    }
}

/// The open school of `county` (the round's own `school` when it has one) that a list names
/// by name or 学校标识码.
fn school_named(db: &Db, county: &str, school: Option<i64>, named: &str) -> rusqlite::Result<Option<i64>> {
    let named = named.trim();
    if named.is_empty() {
        return Ok(school);
    }
    db.conn
        .prepare_cached(
            "SELECT id FROM schools WHERE county_code = :county AND closed_on IS NULL
               AND (:school IS NULL OR id = :school) AND (name = :named OR school_code = :named)
             ORDER BY id LIMIT 1",
        )?
        .query_row(named_params! { ":county": county, ":school": school, ":named": named }, |r| r.get("id"))
        .optional()
}
