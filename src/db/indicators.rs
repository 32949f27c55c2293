//! Loads what the 优质均衡 indicators are computed from, for one county: its open schools'
//! figures, cohort figures, the disabled children placed (from the ledger), the year's
//! teacher rotations (`rotations`) and the open-case counts the charts show.
//! Bounded by the county's schools and alliances; case counts are single aggregate scans.

use super::scope::{Coverage, ReportError};
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{Reason, SchoolKind};
use crate::domain::figures::parse_school_stage;
use crate::domain::indicators::{self, ClassCount, Rotation, SchoolInput, Stage};
use crate::domain::rates::{self, Cohort, CohortStage, DisabledPlaced, Rate};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, params_from_iter, Connection};

/// Everything the indicator screen and report compute from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountyInputs {
    pub code: String,
    pub name: String,
    pub schools: Vec<SchoolInput>,
    /// Newest year first, 初中 before 九年 within a year.
    pub cohorts: Vec<Cohort>,
    pub disabled_children: Option<i64>,
    pub disabled_placed: DisabledPlaced,
    /// Whether the placed numbers were entered by the county (else counted in the ledger).
    pub disabled_entered: bool,
    /// The year's entered rotations (`rotations`).
    pub rotation: Rotation,
    /// The evaluation year: cohorts graduating in it, rotations and confirmations of it,
    /// enrolment and class counts of the school year starting in it.
    pub year: i32,
    /// The year's pupils enrolled per stage ([`Stage::ALL`] order), summed over the schools
    /// that entered them (`None`: no school did).
    pub enrolment: [Option<i64>; 2],
    /// Children who dropped out (a step to 辍学) in the school year starting in `year`, per
    /// stage by their grade (1–6 小学, 7–9 初中).
    pub dropouts: [i64; 2],
}

impl CountyInputs {
    /// The stage's 辍学率 for the school year.
    pub fn dropout_rate(&self, stage: Stage) -> Rate {
        let i = stage_index(stage);
        rates::dropout_rate(self.dropouts[i], self.enrolment[i])
    }

    /// The year's 初中三年巩固率 cohort, if entered.
    pub fn junior_cohort(&self) -> Option<&Cohort> {
        self.cohorts.iter().find(|c| c.year == i64::from(self.year) && c.stage == CohortStage::Junior)
    }
}

/// Numbers for the ledger charts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseCharts {
    /// Open cases by status, in workflow order, statuses with none left out.
    pub by_status: Vec<(CaseStatus, i64)>,
    /// Open cases by reason (`None`: no reason recorded), largest first.
    pub by_reason: Vec<(Option<Reason>, i64)>,
    /// Cases open at the end of each of the last 12 months (the current month: today),
    /// oldest first, as (last day counted, count).
    pub monthly: Vec<(NaiveDate, i64)>,
}

fn open_codes() -> Vec<&'static str> {
    CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect()
}

fn sql_list(codes: &[&str]) -> String {
    codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(",")
}

/// What the indicators of county `code` for evaluation year `year` are computed from, as far
/// as the session may read them: a 填报员's are their school's (`school` narrows an
/// administrator's to one school).
pub fn load(db: &super::Db, code: &str, school: Option<i64>, year: i32) -> Result<CountyInputs, ReportError> {
    let only = covered_school(db, code, school)?;
    Ok(load_inputs(&db.conn, code, only, year)?)
}

/// The county's inputs for evaluation year `year`, whole and unscoped: for callers that
/// have checked the session's coverage of the region already (roll-ups, the sheet).
pub fn inputs(conn: &Connection, code: &str, year: i32) -> rusqlite::Result<CountyInputs> {
    load_inputs(conn, code, None, year)
}

/// The school a report of `code` is narrowed to (`None`: the whole county), or the refusal.
fn covered_school(db: &super::Db, code: &str, school: Option<i64>) -> Result<Option<i64>, ReportError> {
    match db.report_coverage(code, school).map_err(ReportError::Refused)? {
        Coverage::County => Ok(None),
        Coverage::School(id) => Ok(Some(id)),
    }
}

fn load_inputs(conn: &Connection, code: &str, only: Option<i64>, year: i32) -> rusqlite::Result<CountyInputs> {
    let name = super::regions::get(conn, code)?.map(|r| r.name).unwrap_or_else(|| code.to_string());
    let mut schools = schools(conn, code)?;
    schools.retain(|s| only.is_none_or(|id| s.id == id));
    let cohorts = cohorts(conn, code)?;
    let (disabled_children, entered) = disabled(conn, code)?;
    let placed = match entered {
        Some(p) => p,
        None => placed_in_ledger(conn, code, only)?,
    };
    let rotation = super::evaluation::rotation(conn, code, year)?;
    attach_classes(conn, code, year, &mut schools)?;
    let enrolment = enrolment(conn, code, only, year)?;
    let dropouts = dropouts(conn, code, only, year)?;
    Ok(CountyInputs {
        code: code.to_string(),
        name,
        schools,
        cohorts,
        disabled_children,
        disabled_placed: placed,
        disabled_entered: entered.is_some(),
        rotation,
        year,
        enrolment,
        dropouts,
    })
}

fn stage_index(stage: Stage) -> usize {
    match stage {
        Stage::Primary => 0,
        Stage::Junior => 1,
    }
}

/// The year's class counts (`class_sizes`) onto the schools that entered them.
fn attach_classes(conn: &Connection, code: &str, year: i32, schools: &mut [SchoolInput]) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT school_id, stage, up_to_45, from_46_to_50, from_51_to_55, from_56_to_65, over_65
         FROM class_sizes WHERE county_code = :code AND year = :year ORDER BY school_id, stage DESC",
    )?;
    let mut rows = stmt.query(rusqlite::named_params! { ":code": code, ":year": year })?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get("school_id")?;
        let Some(stage) = parse_school_stage(&r.get::<_, String>("stage")?) else { continue };
        let mut bands = [0; 5];
        for (slot, key) in bands.iter_mut().zip(crate::domain::figures::CLASS_BANDS.map(|(k, _)| k)) {
            *slot = r.get::<_, Option<i64>>(key)?.unwrap_or(0);
        }
        if let Some(s) = schools.iter_mut().find(|s| s.id == id) {
            s.classes.push(ClassCount { stage, bands });
        }
    }
    Ok(())
}

/// The year's enrolment per stage over the county's (or one school's) rows.
fn enrolment(conn: &Connection, code: &str, only: Option<i64>, year: i32) -> rusqlite::Result<[Option<i64>; 2]> {
    let mut out = [None; 2];
    let mut stmt = conn.prepare_cached(
        "SELECT stage, sum(students) AS n FROM enrolment
         WHERE county_code = :code AND year = :year AND (:only IS NULL OR school_id = :only) GROUP BY stage",
    )?;
    let mut rows = stmt.query(rusqlite::named_params! { ":code": code, ":year": year, ":only": only })?;
    while let Some(r) = rows.next()? {
        if let Some(stage) = parse_school_stage(&r.get::<_, String>("stage")?) {
            out[stage_index(stage)] = r.get("n")?;
        }
    }
    Ok(out)
}

/// Children whose case took a step to 辍学 between 1 September of `year` and 31 August of
/// the next, per stage of their grade; each child once.
fn dropouts(conn: &Connection, code: &str, only: Option<i64>, year: i32) -> rusqlite::Result<[i64; 2]> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.grade <= 6 AS primary_grade, count(DISTINCT c.id) AS n
         FROM case_events e JOIN cases c ON c.id = e.case_id
         WHERE c.county_code = :code AND (:only IS NULL OR c.school_id = :only) AND c.status <> 'voided'
           AND e.to_status = 'dropout' AND e.happened_on BETWEEN :from AND :to AND c.grade IS NOT NULL
         GROUP BY primary_grade",
    )?;
    let (from, to) = (format!("{year}-09-01"), format!("{}-08-31", year + 1));
    let mut rows = stmt.query(rusqlite::named_params! { ":code": code, ":only": only, ":from": from, ":to": to })?;
    let mut out = [0; 2];
    while let Some(r) = rows.next()? {
        let primary: bool = r.get("primary_grade")?;
        out[if primary { 0 } else { 1 }] = r.get("n")?;
    }
    Ok(out)
}

/// The county's school-age disabled children, and the placed numbers if all three are entered.
fn disabled(conn: &Connection, code: &str) -> rusqlite::Result<(Option<i64>, Option<DisabledPlaced>)> {
    use rusqlite::OptionalExtension;
    let row = conn
        .prepare_cached(
            "SELECT disabled_children, disabled_inclusive, disabled_special_school, disabled_home_teaching
             FROM county_facts WHERE code = :code",
        )?
        .query_row(rusqlite::named_params! { ":code": code }, |r| {
            let n: Option<i64> = r.get("disabled_children")?;
            let parts: [Option<i64>; 3] =
                [r.get("disabled_inclusive")?, r.get("disabled_special_school")?, r.get("disabled_home_teaching")?];
            Ok((n, parts))
        })
        .optional()?;
    Ok(match row {
        None => (None, None),
        Some((n, [Some(inclusive), Some(special_school), Some(home_teaching)])) => {
            (n, Some(DisabledPlaced { inclusive, special_school, home_teaching }))
        }
        Some((n, _)) => (n, None),
    })
}

/// Disabled children placed, counted in the ledger: cases with family type 残疾 in 随班就读,
/// 特教学校 or 送教上门 (of one school only, when `only` is given).
fn placed_in_ledger(conn: &Connection, code: &str, only: Option<i64>) -> rusqlite::Result<DisabledPlaced> {
    let mut placed = DisabledPlaced::default();
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM cases
         WHERE county_code = ?1 AND status IN ('inclusive', 'special_school', 'home_teaching')
           AND (',' || family_types || ',') LIKE '%,disabled,%' AND (?2 IS NULL OR school_id = ?2)
         GROUP BY status",
    )?;
    for row in stmt.query_map(params![code, only], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (status, n) = row?;
        match status.as_str() {
            "inclusive" => placed.inclusive = n,
            "special_school" => placed.special_school = n,
            _ => placed.home_teaching = n,
        }
    }
    Ok(placed)
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The county's open (not closed or merged) schools, by name.
pub fn schools(conn: &Connection, code: &str) -> rusqlite::Result<Vec<SchoolInput>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, students, primary_students, junior_students, largest_class, teachers,
                degree_teachers, backbone_teachers, pe_arts_teachers, building_m2, sports_m2,
                equipment_yuan, multimedia_rooms
         FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY name COLLATE pinyin, id",
    )?;
    let rows = stmt.query_map([code], |r| {
        let kind: String = r.get(2)?;
        let mut resources = [None; indicators::N_INDICATORS];
        for (i, slot) in resources.iter_mut().enumerate() {
            *slot = r.get::<_, Option<f64>>(8 + i)?;
        }
        Ok(SchoolInput {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: SchoolKind::from_code(&kind),
            students: r.get(3)?,
            primary_students: r.get(4)?,
            junior_students: r.get(5)?,
            largest_class: r.get(6)?,
            classes: Vec::new(),
            teachers: r.get(7)?,
            resources,
        })
    })?;
    rows.collect()
}

/// The county's cohort rows, newest year first.
pub fn cohorts(conn: &Connection, code: &str) -> rusqlite::Result<Vec<Cohort>> {
    let mut stmt = conn.prepare_cached(
        "SELECT year, stage, entry_enrolment, graduates, transfers_in, transfers_out, deaths
         FROM cohorts WHERE county_code = ?1 ORDER BY year DESC, stage",
    )?;
    let rows = stmt.query_map([code], |r| {
        let stage: String = r.get(1)?;
        Ok((stage, r.get::<_, i64>(0)?, [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get::<_, Option<i64>>(6)?]))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (stage, year, f) = row?;
        // Unknown stages are someone else's data: they are not a cohort of ours.
        if let Some(stage) = CohortStage::from_code(&stage) {
            out.push(Cohort {
                year,
                stage,
                entry_enrolment: f[0],
                graduates: f[1],
                transfers_in: f[2],
                transfers_out: f[3],
                deaths: f[4],
            });
        }
    }
    out.sort_by(|a, b| b.year.cmp(&a.year).then(a.stage.cmp(&b.stage)));
    Ok(out)
}

/// The last day of each of the 12 months up to `today` (the current month ends today).
pub fn month_ends(today: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(12);
    let mut end = today;
    for _ in 0..12 {
        out.push(end);
        // The day before the first of this month.
        end = end.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(end);
    }
    out.reverse();
    out
}

/// Open cases by status, from the trigger-kept counts for a county (cheap, so screens can
/// tell whether the costlier charts need recomputing after another session's commit), or
/// counted for one school.
pub fn open_by_status(conn: &Connection, code: &str, only: Option<i64>) -> rusqlite::Result<Vec<(CaseStatus, i64)>> {
    let mut counts = std::collections::HashMap::new();
    let mut stmt = match only {
        None => {
            conn.prepare_cached("SELECT status, n FROM case_counts WHERE county_code = ?1 AND n > 0 AND ?2 IS NULL")?
        }
        Some(_) => conn.prepare_cached(
            "SELECT status, count(*) FROM cases WHERE county_code = ?1 AND school_id = ?2 GROUP BY status",
        )?,
    };
    for row in stmt.query_map(params![code, only], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (status, n) = row?;
        if let Some(s) = CaseStatus::from_code(&status) {
            counts.insert(s, n);
        }
    }
    Ok(CaseStatus::ALL.iter().filter(|s| s.is_open()).filter_map(|s| counts.get(s).map(|n| (*s, *n))).collect())
}

/// [`open_by_status`] for the session: what the charts of county `code` (narrowed to
/// `school`) would count.
pub fn open_counts(db: &super::Db, code: &str, school: Option<i64>) -> Result<Vec<(CaseStatus, i64)>, ReportError> {
    let only = covered_school(db, code, school)?;
    Ok(open_by_status(&db.conn, code, only)?)
}

/// The open-case charts of county `code` as far as the session may read them (a 填报员's:
/// their school's): by status, by reason, and open at each of the last 12 month ends.
/// The last is one scan over the county's cases (about 0.5 s for 47,000 cases).
pub fn case_charts(
    db: &super::Db,
    code: &str,
    school: Option<i64>,
    today: NaiveDate,
) -> Result<CaseCharts, ReportError> {
    let only = covered_school(db, code, school)?;
    Ok(charts_of(&db.conn, code, only, today)?)
}

fn charts_of(conn: &Connection, code: &str, only: Option<i64>, today: NaiveDate) -> rusqlite::Result<CaseCharts> {
    let list = sql_list(&open_codes());
    let by_status = open_by_status(conn, code, only)?;

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT reason, count(*) FROM cases WHERE county_code = ?1 AND (?2 IS NULL OR school_id = ?2)
           AND status IN ({list}) GROUP BY reason"
    ))?;
    let mut by_reason: Vec<(Option<Reason>, i64)> = Vec::new();
    for row in stmt.query_map(params![code, only], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?)))? {
        let (reason, n) = row?;
        let reason = reason.as_deref().and_then(Reason::from_code);
        match by_reason.iter_mut().find(|(r, _)| *r == reason) {
            Some(slot) => slot.1 += n,
            None => by_reason.push((reason, n)),
        }
    }
    by_reason.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.is_none().cmp(&b.0.is_none())).then(a.0.cmp(&b.0)));

    // Open at the end of a month: registered by then, and not ended by then. A case that
    // has ended (closed, transferred, deceased) ended on its 销号 date, else on its last
    // change. Voided cases were never real and are left out.
    let ends = month_ends(today);
    let sums: Vec<String> = (1..=ends.len())
        .map(|i| format!("coalesce(sum(registered_on <= ?{i} AND (is_open OR ended > ?{i})), 0)"))
        .collect();
    let sql = format!(
        "SELECT {} FROM (SELECT registered_on, status IN ({list}) AS is_open,
                coalesce(closed_on, substr(updated_at, 1, 10)) AS ended
         FROM cases WHERE county_code = ?{n} AND (?{m} IS NULL OR school_id = ?{m}) AND status <> 'voided')",
        sums.join(", "),
        n = ends.len() + 1,
        m = ends.len() + 2
    );
    let mut args: Vec<rusqlite::types::Value> = ends.iter().map(|d| rusqlite::types::Value::Text(iso(*d))).collect();
    args.push(rusqlite::types::Value::Text(code.to_string()));
    args.push(only.map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Integer));
    let monthly = conn.prepare_cached(&sql)?.query_row(params_from_iter(args.iter()), |r| {
        (0..ends.len()).map(|i| Ok((ends[i], r.get::<_, i64>(i)?))).collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(CaseCharts { by_status, by_reason, monthly })
}
