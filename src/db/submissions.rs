//! Submissions of a month (docs/domain.md §11): writing them (submit, withdraw, accept,
//! the county's upward submission), what each froze per case, the corrections found
//! against a frozen month since, and the month's view per school (已报 / 零报告 / 未报 / 逾期,
//! who fills in for it and their phone). Rules in `domain::submission`.

use super::audit::{AuditRow, Rule, WriteError};
use super::record::{self, columns, named_params, ColumnIndex, Params};
use super::Db;
use crate::domain::access::Target;
use crate::domain::case_status::CaseStatus;
use crate::domain::monthly::{self, Counts, Month, Monthly};
use crate::domain::submission::{
    self as rules, MonthError, ReportState, Standing, Submission, SubmissionKind, SubmissionState, FIELDS, FIGURES,
};
use chrono::NaiveDate;
use rusqlite::{named_params, Connection, Row};
use std::collections::BTreeMap;

/// The refusal of a month rule, as the write path carries it.
fn refused(e: MonthError) -> WriteError {
    WriteError::Invalid { field: "month", rule: Rule::Month(e) }
}

// ---------------------------------------------------------------------------------------
// Reading.

fn select(filter: &str) -> String {
    format!(
        "SELECT id, county_code, school_id, {}, {} FROM submissions WHERE {filter} ORDER BY id",
        columns(FIELDS),
        columns(FIGURES)
    )
}

fn read_row(ix: &ColumnIndex, r: &Row) -> rusqlite::Result<Submission> {
    let texts = ix.texts(r, FIELDS.iter().chain(FIGURES))?;
    Ok(Submission::from_texts(ix.get(r, "id")?, ix.get(r, "county_code")?, ix.get(r, "school_id")?, |k| {
        record::text_of(&texts, k)
    }))
}

fn query(
    conn: &Connection,
    filter: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<Vec<Submission>> {
    let mut stmt = conn.prepare_cached(&select(filter))?;
    let ix = ColumnIndex::of(&stmt);
    let rows = stmt.query_map(params, |r| read_row(&ix, r))?;
    rows.collect()
}

/// Every submission of `county` for `month`, withdrawn ones included, oldest first.
pub fn of_month(conn: &Connection, county: &str, month: Month) -> rusqlite::Result<Vec<Submission>> {
    query(
        conn,
        "county_code = :county AND month = :month",
        named_params! { ":county": county, ":month": month.to_string() },
    )
}

/// The live (submitted or accepted) submission of a school, or of the county with `None`.
pub fn live(
    conn: &Connection,
    county: &str,
    school: Option<i64>,
    month: Month,
) -> rusqlite::Result<Option<Submission>> {
    Ok(of_month(conn, county, month)?.into_iter().rev().find(|s| s.school_id == school && s.state.is_live()))
}

/// What submission `id` froze: each case's share of the figures.
pub fn frozen_cases(conn: &Connection, id: i64) -> rusqlite::Result<BTreeMap<i64, Counts>> {
    let sql = format!("SELECT case_id, {} FROM submission_cases WHERE submission_id = :id", columns(FIGURES));
    let mut stmt = conn.prepare_cached(&sql)?;
    let ix = ColumnIndex::of(&stmt);
    let rows = stmt.query_map(named_params! { ":id": id }, |r| {
        let texts = ix.texts(r, FIGURES)?;
        Ok((ix.get::<i64>(r, "case_id")?, rules::counts_from(|k| record::text_of(&texts, k))))
    })?;
    rows.collect()
}

/// One case's live share of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub school_id: Option<i64>,
    pub counts: Counts,
    /// Its status at the end of the period.
    pub status: Option<CaseStatus>,
}

/// Each case's live share of `month`'s figures as of `today` (cases that add nothing are
/// left out), of one school when given.
pub fn live_cases(
    conn: &Connection,
    county: &str,
    school: Option<i64>,
    month: Month,
    today: NaiveDate,
) -> Result<BTreeMap<i64, Share>, WriteError> {
    let (start, end) = monthly::period(month, today).map_err(|_| refused(MonthError::FutureMonth(month)))?;
    let mut out = BTreeMap::new();
    for (id, case) in super::monthly::histories_by_id(conn, county, school, end)? {
        let counts = monthly::counts_for(&case, start, end);
        if counts != Counts::default() {
            out.insert(id, Share { school_id: case.school_id, counts, status: case.status_on(end) });
        }
    }
    Ok(out)
}

/// Puts the submitted figures in place of the live ones: a submitted school shows what it
/// submitted, the county its own submission once made (else the sum of what it shows).
pub fn freeze(conn: &Connection, county: &str, month: Month, report: &mut Monthly) -> rusqlite::Result<()> {
    let subs: Vec<Submission> = of_month(conn, county, month)?.into_iter().filter(|s| s.state.is_live()).collect();
    if subs.is_empty() {
        return Ok(());
    }
    let mut county_sub = None;
    for s in subs {
        match s.school_id {
            Some(id) => {
                report.schools.insert(Some(id), s.figures);
            }
            None => county_sub = Some(s.figures),
        }
    }
    report.county = county_sub.unwrap_or_else(|| {
        let mut total = Counts::default();
        report.schools.values().for_each(|c| total.add(c));
        total
    });
    Ok(())
}

/// One correction against a frozen month, with the case's name and who changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionRow {
    pub month: Month,
    pub school_id: Option<i64>,
    pub case_id: i64,
    pub case_name: String,
    pub figure: &'static str,
    pub submitted: i64,
    pub now: i64,
    /// The logins that changed the case since the submission.
    pub by: String,
}

/// Who changed case `id` since `since` (from the audit log).
fn changed_by(conn: &Connection, id: i64, since: &str) -> rusqlite::Result<String> {
    conn.prepare_cached(
        "SELECT coalesce(group_concat(login, ','), '') FROM
         (SELECT DISTINCT login FROM audit_log WHERE table_name = 'cases' AND row_key = :id AND at >= :since)",
    )?
    .query_row(named_params! { ":id": id.to_string(), ":since": since }, |r| r.get(0))
}

fn case_name(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT name FROM cases WHERE id = :id")?.query_row(named_params! { ":id": id }, |r| r.get(0))
}

/// The corrections against school submission `sub` as of `today`.
fn corrections_of(conn: &Connection, sub: &Submission, today: NaiveDate) -> Result<Vec<CorrectionRow>, WriteError> {
    let Some(month) = sub.month else { return Ok(Vec::new()) };
    let frozen = frozen_cases(conn, sub.id)?;
    let live: BTreeMap<i64, Counts> = live_cases(conn, &sub.county_code, sub.school_id, month, today)?
        .into_iter()
        .map(|(id, s)| (id, s.counts))
        .collect();
    let mut out = Vec::new();
    for c in rules::corrections(&frozen, &live) {
        out.push(CorrectionRow {
            month,
            school_id: sub.school_id,
            case_id: c.case_id,
            case_name: case_name(conn, c.case_id)?,
            figure: c.figure,
            submitted: c.submitted,
            now: c.now,
            by: changed_by(conn, c.case_id, &sub.submitted_at)?,
        });
    }
    Ok(out)
}

/// The corrections against every live school submission of `county` for `month`.
pub fn corrections(
    conn: &Connection,
    county: &str,
    month: Month,
    today: NaiveDate,
) -> Result<Vec<CorrectionRow>, WriteError> {
    let mut out = Vec::new();
    for sub in of_month(conn, county, month)?.iter().filter(|s| s.state.is_live() && s.school_id.is_some()) {
        out.extend(corrections_of(conn, sub, today)?);
    }
    Ok(out)
}

/// The corrections a later submission already carried.
pub fn carried(conn: &Connection, submission_id: i64) -> rusqlite::Result<Vec<CorrectionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.month, s.school_id, c.case_id, coalesce(k.name, '') AS case_name, c.figure, c.submitted,
                c.corrected, c.changed_by
         FROM submission_corrections c JOIN submissions s ON s.id = c.submission_id
         LEFT JOIN cases k ON k.id = c.case_id WHERE c.submission_id = :id ORDER BY c.id",
    )?;
    let rows = stmt.query_map(named_params! { ":id": submission_id }, |r| {
        let figure: String = r.get("figure")?;
        Ok(CorrectionRow {
            month: Month::parse(&r.get::<_, String>("month")?).unwrap_or(Month { year: 0, month: 1 }),
            school_id: r.get("school_id")?,
            case_id: r.get("case_id")?,
            case_name: r.get("case_name")?,
            figure: FIGURES.iter().find(|f| f.key == figure).map_or("", |f| f.key),
            submitted: r.get("submitted")?,
            now: r.get("corrected")?,
            by: r.get("changed_by")?,
        })
    })?;
    rows.collect()
}

/// Corrections to `school`'s earlier submitted months that no live submission has carried
/// yet: the next submission carries them as 更正.
fn pending(
    conn: &Connection,
    county: &str,
    school: i64,
    month: Month,
    today: NaiveDate,
) -> Result<Vec<CorrectionRow>, WriteError> {
    let earlier = query(
        conn,
        "county_code = :county AND school_id = :school AND month < :month AND state != 'withdrawn'",
        named_params! { ":county": county, ":school": school, ":month": month.to_string() },
    )?;
    let mut already = Vec::new();
    for s in &earlier {
        already.extend(carried(conn, s.id)?);
    }
    let key = |c: &CorrectionRow| (c.month, c.case_id, c.figure, c.now);
    let seen: std::collections::HashSet<_> = already.iter().map(key).collect();
    let mut out = Vec::new();
    for s in &earlier {
        out.extend(corrections_of(conn, s, today)?.into_iter().filter(|c| !seen.contains(&key(c))));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Writing.

/// What a submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: i64,
    pub figures: Counts,
    /// Open cases at the end of the period (the frozen list).
    pub open_cases: usize,
    /// 更正 to earlier months carried.
    pub corrections: usize,
}

/// A submission about to be written.
struct NewSubmission<'a> {
    county: &'a str,
    school: Option<i64>,
    month: Month,
    kind: SubmissionKind,
    figures: Counts,
    /// The per-case shares it freezes.
    cases: &'a BTreeMap<i64, Share>,
    /// The 更正 it carries.
    carried: &'a [CorrectionRow],
}

fn insert(tx: &Connection, new: &NewSubmission, login: &str) -> rusqlite::Result<(i64, Vec<AuditRow>)> {
    let NewSubmission { county, school, month, kind, figures, cases, carried } = *new;
    let mut texts = vec![
        ("month", month.to_string()),
        ("kind", kind.code().to_string()),
        ("state", SubmissionState::Submitted.code().to_string()),
        ("corrections", carried.len().to_string()),
        ("submitted_by", login.to_string()),
        ("submitted_at", super::now_text()),
    ];
    texts.extend(rules::figure_texts(&figures));
    let sql = format!(
        "INSERT INTO submissions(county_code, school_id, {}, {}) VALUES (:county_code, :school_id, {}, {})",
        columns(FIELDS),
        columns(FIGURES),
        named_params(FIELDS),
        named_params(FIGURES)
    );
    Params::new(tx, "submissions", FIELDS.iter().chain(FIGURES), &texts)?
        .with("county_code", county.to_string())
        .with("school_id", school)
        .execute(tx, &sql)?;
    let id = tx.last_insert_rowid();
    let case_sql = format!(
        "INSERT INTO submission_cases(submission_id, case_id, status, {}) VALUES (:sub, :case_id, :status, {})",
        columns(FIGURES),
        named_params(FIGURES)
    );
    for (case_id, share) in cases {
        Params::new(tx, "submission_cases", FIGURES, &rules::figure_texts(&share.counts))?
            .with("sub", id)
            .with("case_id", *case_id)
            .with("status", share.status.map(|s| s.code().to_string()))
            .execute(tx, &case_sql)?;
    }
    for c in carried {
        tx.prepare_cached(
            "INSERT INTO submission_corrections(submission_id, month, case_id, figure, submitted, corrected, changed_by)
             VALUES (:sub, :month, :case_id, :figure, :submitted, :corrected, :by)",
        )?
        .execute(named_params! {
            ":sub": id, ":month": c.month.to_string(), ":case_id": c.case_id, ":figure": c.figure,
            ":submitted": c.submitted, ":corrected": c.now, ":by": c.by,
        })?;
    }
    let mut audit = vec![AuditRow::insert("submissions", id).with_new(format!("{month} {}", kind.code()))];
    audit.extend(
        texts
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| AuditRow::update("submissions", id, f, None, Some(v)).with_note("insert")),
    );
    Ok((id, audit))
}

/// The school's county, or `UnknownSchool`.
fn school_county(conn: &Connection, school: i64) -> Result<String, WriteError> {
    super::cases::school_county(conn, school)?.ok_or_else(|| refused(MonthError::UnknownSchool))
}

/// School `school` submits `month` as of `today`: its figures and open cases as they stand
/// (with `zero`, a 零报告, refused unless nothing changed and nobody is open), plus the
/// corrections to its earlier months not yet carried. Refused while a live submission of
/// the month stands (withdraw it first).
pub fn submit_school(
    db: &mut Db,
    school: i64,
    month: Month,
    zero: bool,
    today: NaiveDate,
) -> Result<Submitted, WriteError> {
    let county = school_county(&db.conn, school)?;
    let login = db.actor.login.clone();
    db.write(&Target { region_code: county.clone(), school_id: Some(school) }, false, |tx| {
        if let Some(s) = live(tx, &county, Some(school), month)? {
            return Err(refused(MonthError::AlreadySubmitted(s.state)));
        }
        let cases = live_cases(tx, &county, Some(school), month, today)?;
        let mut figures = Counts::default();
        cases.values().for_each(|s| figures.add(&s.counts));
        if zero {
            rules::check_zero(&figures).map_err(|e| refused(MonthError::NotZero(e)))?;
        }
        let carried = pending(tx, &county, school, month, today)?;
        let kind = if zero { SubmissionKind::Zero } else { SubmissionKind::Figures };
        let new = NewSubmission {
            county: &county,
            school: Some(school),
            month,
            kind,
            figures,
            cases: &cases,
            carried: &carried,
        };
        let (id, audit) = insert(tx, &new, &login)?;
        let done = Submitted { id, figures, open_cases: figures.open_end as usize, corrections: carried.len() };
        Ok((done, audit))
    })
}

/// The county submits `month` upward once every school of the month has a live
/// submission: the schools' submitted figures plus its cases without a school.
/// Administrators of the county only.
pub fn submit_county(db: &mut Db, county: &str, month: Month, today: NaiveDate) -> Result<Submitted, WriteError> {
    let login = db.actor.login.clone();
    db.write(&Target { region_code: county.to_string(), school_id: None }, true, |tx| {
        if let Some(s) = live(tx, county, None, month)? {
            return Err(refused(MonthError::AlreadySubmitted(s.state)));
        }
        let view = month_view(tx, county, month, today)?;
        let missing: Vec<&SchoolLine> = view.schools.iter().filter(|s| s.live.is_none()).collect();
        if let Some(first) = missing.first() {
            return Err(refused(MonthError::SchoolsMissing { count: missing.len(), first: first.name.clone() }));
        }
        let unassigned: BTreeMap<i64, Share> =
            live_cases(tx, county, None, month, today)?.into_iter().filter(|(_, s)| s.school_id.is_none()).collect();
        let mut figures = Counts::default();
        view.schools.iter().filter_map(|s| s.live.as_ref()).for_each(|s| figures.add(&s.figures));
        unassigned.values().for_each(|s| figures.add(&s.counts));
        let new = NewSubmission {
            county,
            school: None,
            month,
            kind: SubmissionKind::Figures,
            figures,
            cases: &unassigned,
            carried: &[],
        };
        let (id, audit) = insert(tx, &new, &login)?;
        Ok((Submitted { id, figures, open_cases: figures.open_end as usize, corrections: 0 }, audit))
    })
}

/// Withdraws the live submission of a school (or the county's, with `None`) for `month`,
/// kept in history; refused once accepted.
pub fn withdraw(db: &mut Db, county: &str, school: Option<i64>, month: Month) -> Result<i64, WriteError> {
    // Withdrawing the county's own submission is the county administrators' decision.
    let target = Target { region_code: county.to_string(), school_id: school };
    decide(db, target, school.is_none(), (county, school, month), SubmissionState::Withdrawn, "")
}

/// The county accepts a school's live submission (administrators only): it can no longer
/// be withdrawn or returned.
pub fn accept(db: &mut Db, county: &str, school: i64, month: Month) -> Result<i64, WriteError> {
    let target = Target { region_code: county.to_string(), school_id: Some(school) };
    decide(db, target, true, (county, Some(school), month), SubmissionState::Accepted, "")
}

/// The county returns (退回) a school's live submission with `reason` (administrators
/// only): kept in history, and the school submits the month again.
pub fn return_school(db: &mut Db, county: &str, school: i64, month: Month, reason: &str) -> Result<i64, WriteError> {
    let target = Target { region_code: county.to_string(), school_id: Some(school) };
    decide(db, target, true, (county, Some(school), month), SubmissionState::Returned, reason)
}

/// The level above (the 市, or the province for a county directly under it) accepts the
/// county's upward submission, or with `Some(reason)` returns it.
pub fn decide_county(db: &mut Db, county: &str, month: Month, returned: Option<&str>) -> Result<i64, WriteError> {
    // The write names the level above, so a county administrator (whose scope is the
    // county) is refused with the 市 named as the one responsible.
    let above = crate::domain::region::parent_of(county).unwrap_or_else(|| county.to_string());
    let target = Target { region_code: above, school_id: None };
    let to = if returned.is_some() { SubmissionState::Returned } else { SubmissionState::Accepted };
    decide(db, target, true, (county, None, month), to, returned.unwrap_or(""))
}

/// Moves the live submission of (county, school, month) to `to`, with `reason` for a
/// return; `target` and `admin_only` say who may.
fn decide(
    db: &mut Db,
    target: Target,
    admin_only: bool,
    (county, school, month): (&str, Option<i64>, Month),
    to: SubmissionState,
    reason: &str,
) -> Result<i64, WriteError> {
    let reason = reason.trim();
    if to == SubmissionState::Returned && reason.is_empty() {
        return Err(refused(MonthError::NoReason));
    }
    let login = db.actor.login.clone();
    db.write(&target, admin_only, |tx| {
        let sub = live(tx, county, school, month)?.ok_or_else(|| refused(MonthError::NotSubmitted))?;
        if sub.state == SubmissionState::Accepted {
            return Err(refused(MonthError::AlreadyAccepted));
        }
        tx.execute(
            "UPDATE submissions SET state = :state, decided_by = :by, decided_at = :at, note = :note WHERE id = :id",
            named_params! { ":state": to.code(), ":by": login, ":at": super::now_text(), ":note": reason, ":id": sub.id },
        )?;
        let mut rows =
            vec![AuditRow::update("submissions", sub.id, "state", Some(sub.state.code().into()), Some(to.code().into()))];
        if !reason.is_empty() {
            rows.push(AuditRow::update("submissions", sub.id, "note", None, Some(reason.to_string())));
        }
        Ok((sub.id, rows))
    })
}

// ---------------------------------------------------------------------------------------
// The month per school.

/// Who fills in for a school (a 填报员 scoped to it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Filler {
    pub login: String,
    pub name: String,
    pub phone: String,
}

/// One school's month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolLine {
    pub school_id: i64,
    pub name: String,
    pub code: String,
    pub state: ReportState,
    pub live: Option<Submission>,
    /// Its latest submission when that was returned (退回) and nothing live followed: the
    /// reason is in its note.
    pub returned: Option<Submission>,
    pub fillers: Vec<Filler>,
}

/// A county's month: each school's state, the county's own submission, the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthView {
    pub month: Month,
    pub deadline: NaiveDate,
    pub schools: Vec<SchoolLine>,
    pub county: Option<Submission>,
    /// The county's latest upward submission when the level above returned it.
    pub county_returned: Option<Submission>,
}

impl MonthView {
    /// The schools without a live submission (未报, 逾期 and 退回).
    pub fn missing(&self) -> impl Iterator<Item = &SchoolLine> {
        self.schools.iter().filter(|s| s.state.is_missing())
    }

    /// How many schools are in `state`.
    pub fn count(&self, state: ReportState) -> usize {
        self.schools.iter().filter(|s| s.state == state).count()
    }

    pub fn line(&self, school_id: i64) -> Option<&SchoolLine> {
        self.schools.iter().find(|s| s.school_id == school_id)
    }
}

/// The deadline day in force for `county` (its own, else `report_deadline_day`, else 28).
pub fn deadline_day(conn: &Connection, county: &str) -> i64 {
    crate::domain::cycle_settings::find(crate::domain::cycle_settings::DEADLINE)
        .map_or(rules::DEFAULT_DEADLINE_DAY, |s| super::settings::cycle_value(conn, county, s))
}

fn fillers(conn: &Connection, school: i64) -> rusqlite::Result<Vec<Filler>> {
    let mut stmt = conn.prepare_cached(
        "SELECT login, display_name, phone FROM users WHERE role = 'filler' AND scope_school_id = :school ORDER BY login",
    )?;
    let rows = stmt.query_map(named_params! { ":school": school }, |r| {
        Ok(Filler { login: r.get("login")?, name: r.get("display_name")?, phone: r.get("phone")? })
    })?;
    rows.collect()
}

/// The month of `county`: every school open during it, by name, with its state as of `today`.
pub fn month_view(conn: &Connection, county: &str, month: Month, today: NaiveDate) -> rusqlite::Result<MonthView> {
    let day = deadline_day(conn, county);
    let all = of_month(conn, county, month)?;
    let subs: Vec<&Submission> = all.iter().filter(|s| s.state.is_live()).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, coalesce(school_code, '') AS code FROM schools
         WHERE county_code = :county AND (closed_on IS NULL OR closed_on >= :start)
           AND (opened_on IS NULL OR opened_on <= :end)
         ORDER BY name COLLATE pinyin, id",
    )?;
    let first = month.first_day().format("%Y-%m-%d").to_string();
    let last = month.last_day().format("%Y-%m-%d").to_string();
    let rows: Vec<(i64, String, String)> = stmt
        .query_map(named_params! { ":county": county, ":start": first, ":end": last }, |r| {
            Ok((r.get("id")?, r.get("name")?, r.get("code")?))
        })?
        .collect::<Result<_, _>>()?;
    let mut schools = Vec::with_capacity(rows.len());
    for (id, name, code) in rows {
        let live = subs.iter().rev().find(|s| s.school_id == Some(id)).copied().cloned();
        // A withdrawn submission after a return means the school took it back itself.
        let latest = all.iter().rev().find(|s| s.school_id == Some(id));
        let returned = latest.filter(|s| live.is_none() && s.state == SubmissionState::Returned).cloned();
        let has = match (&live, &returned) {
            (Some(l), _) => Standing::Live(l.kind),
            (None, Some(_)) => Standing::Returned,
            (None, None) => Standing::Nothing,
        };
        let state = rules::report_state(has, month, day, today);
        schools.push(SchoolLine { school_id: id, name, code, state, live, returned, fillers: fillers(conn, id)? });
    }
    let county_sub = subs.iter().rev().find(|s| s.school_id.is_none()).copied().cloned();
    let county_returned = all
        .iter()
        .rev()
        .find(|s| s.school_id.is_none())
        .filter(|s| county_sub.is_none() && s.state == SubmissionState::Returned)
        .cloned();
    Ok(MonthView { month, deadline: rules::deadline(month, day), schools, county: county_sub, county_returned })
}
