//! The school-year rollover of a county (`domain::rollover`): what it would change, and
//! applying it as one audited transaction, once per county and school year (a second run
//! on the same date changes nothing; another date in the same school year is refused).

use super::audit::{AuditRow, Rule, WriteError};
use super::Db;
use crate::domain::access::Target;
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::SchoolKind;
use crate::domain::rollover::{self, Change};
use crate::domain::submission::MonthError;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};

/// One case the rollover names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: i64,
    pub name: String,
    pub school: String,
}

/// What the rollover does (or did) to a county.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// (case, grade before).
    pub advanced: Vec<(i64, i64)>,
    pub graduated: Vec<i64>,
    /// 九年级 cases still open: a decision is needed.
    pub flagged: Vec<Named>,
    /// 六年级 → 七年级 with no 初中 known: to check.
    pub to_check: Vec<Named>,
    /// Set when this school year's rollover was already applied on this very date: the
    /// plan is then what it would do again, and nothing was changed.
    pub already: Option<String>,
}

/// The date this school year's rollover of `county` was applied, if it was.
pub fn applied_on(conn: &Connection, county: &str, on: NaiveDate) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT on_date FROM rollovers WHERE county_code = :county AND school_year = :year")?
        .query_row(named_params! { ":county": county, ":year": rollover::school_year(on) }, |r| r.get(0))
        .optional()
}

/// What a rollover of `county` on `on` would change now.
pub fn plan(conn: &Connection, county: &str, on: NaiveDate) -> rusqlite::Result<Plan> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id AS id, c.name AS name, c.status AS status, c.grade AS grade, s.kind AS kind,
                coalesce(s.name, '') AS school
         FROM cases c LEFT JOIN schools s ON s.id = c.school_id
         WHERE c.county_code = :county AND c.grade IS NOT NULL ORDER BY c.id",
    )?;
    let mut plan = Plan { already: applied_on(conn, county, on)?, ..Plan::default() };
    let rows = stmt.query_map(named_params! { ":county": county }, |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, String>("name")?,
            r.get::<_, String>("status")?,
            r.get::<_, Option<i64>>("grade")?,
            r.get::<_, Option<String>>("kind")?,
            r.get::<_, String>("school")?,
        ))
    })?;
    for row in rows {
        let (id, name, status, grade, kind, school) = row?;
        let Some(status) = CaseStatus::from_code(&status) else { continue };
        let named = || Named { id, name: name.clone(), school: school.clone() };
        match rollover::change(status, grade) {
            Some(Change::Advance(_)) => {
                plan.advanced.push((id, grade.unwrap_or_default()));
                if rollover::junior_unknown(grade, kind.as_deref().and_then(SchoolKind::from_code)) {
                    plan.to_check.push(named());
                }
            }
            Some(Change::Graduate) => plan.graduated.push(id),
            Some(Change::Flag) => plan.flagged.push(named()),
            None => {}
        }
    }
    Ok(plan)
}

/// Applies the rollover of `county` on `on` (administrators of the county only): every
/// change, its audit rows and the record of the rollover in one transaction.
pub fn apply(db: &mut Db, county: &str, on: NaiveDate) -> Result<Plan, WriteError> {
    let login = db.actor.login.clone();
    let on_text = on.format("%Y-%m-%d").to_string();
    db.write(&Target { region_code: county.to_string(), school_id: None }, true, |tx| {
        let plan = plan(tx, county, on)?;
        match &plan.already {
            Some(date) if *date == on_text => return Ok((plan, Vec::new())),
            Some(date) => {
                return Err(WriteError::Invalid { field: "on", rule: Rule::Month(MonthError::RolledOverOn(date.clone())) })
            }
            None => {}
        }
        let now = super::now_text();
        let mut audit = Vec::with_capacity(plan.advanced.len() + plan.graduated.len() + 1);
        let mut advance = tx.prepare_cached(
            "UPDATE cases SET grade = grade + 1, version = version + 1, updated_at = :now WHERE id = :id",
        )?;
        for (id, grade) in &plan.advanced {
            advance.execute(named_params! { ":now": now, ":id": id })?;
            audit.push(
                AuditRow::update("cases", id, "grade", Some(grade.to_string()), Some((grade + 1).to_string()))
                    .with_note("rollover"),
            );
        }
        let mut graduate = tx.prepare_cached(
            "UPDATE cases SET status = 'graduated', version = version + 1, updated_at = :now WHERE id = :id",
        )?;
        let mut event = tx.prepare_cached(
            "INSERT INTO case_events(case_id, kind, happened_on, from_status, to_status, content, created_by, created_at)
             VALUES (:id, 'transition', :on, 'enrolled', 'graduated', 'Rollover', :login, :now)",
        )?;
        for id in &plan.graduated {
            graduate.execute(named_params! { ":now": now, ":id": id })?;
            event.execute(named_params! { ":id": id, ":on": on_text, ":login": login, ":now": now })?;
            audit.push(
                AuditRow::update("cases", id, "status", Some("enrolled".into()), Some("graduated".into()))
                    .with_note("rollover"),
            );
        }
        tx.execute(
            "INSERT INTO rollovers(county_code, school_year, on_date, advanced, graduated, flagged, applied_by, applied_at)
             VALUES (:county, :year, :on, :advanced, :graduated, :flagged, :login, :now)",
            named_params! {
                ":county": county, ":year": rollover::school_year(on), ":on": on_text,
                ":advanced": plan.advanced.len() as i64, ":graduated": plan.graduated.len() as i64,
                ":flagged": plan.flagged.len() as i64, ":login": login, ":now": now,
            },
        )?;
        audit.push(AuditRow::insert("rollovers", format!("{county}:{}", rollover::school_year(on))).with_new(on_text.clone()));
        Ok((plan, audit))
    })
}
