//! The month's cycle on the database (docs/domain.md §11): month boundaries, submissions
//! that freeze a month, corrections after a back-dated step, 零报告 vs 未报, the missing list,
//! the county's upward submission, withdraw/accept, who may do what, and cases due.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;
use taizhang::db::cases::{self, CaseFilter, StepInput};
use taizhang::db::{due, monthly, submissions, users, Db, Rule, WriteError};
use taizhang::domain::access::{Refusal, Role, Scope};
use taizhang::domain::case::{self as case_rules};
use taizhang::domain::case_status::{CaseAction, CaseStatus};
use taizhang::domain::due::DueKind;
use taizhang::domain::id_number;
use taizhang::domain::monthly::Month;
use taizhang::domain::submission::{MonthError, ReportState, SubmissionState};

const COUNTY: &str = "231123";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn month(s: &str) -> Month {
    Month::parse(s).expect("month")
}

fn open(path: &std::path::Path, login: &str) -> Db {
    common::open_demo(path, login)
}

/// A new, empty school of the county (no cases, no submissions).
fn new_school(db: &Db, name: &str, code: &str) -> i64 {
    common::new_school(db, name, code)
}

fn id_for(seq: u32) -> String {
    let first17 = format!("23112320150301{seq:03}");
    format!("{first17}{}", id_number::check_char(first17.as_bytes()))
}

/// Registers a 辍学 case of `school` on `registered_on`; returns (id, version).
fn dropout(db: &mut Db, school: i64, seq: u32, registered_on: &str) -> (i64, i64) {
    // A name holds no digits: the seq as a letter of the name instead.
    let name = format!("测某{}", char::from_u32(0x4e00 + seq).unwrap_or('一'));
    let values = |k: &str| -> String {
        match k {
            "name" => name.clone(),
            "id_number" => id_for(seq),
            "school_id" => school.to_string(),
            "grade" => "5".into(),
            "absent_since" => registered_on.into(),
            "registered_on" => registered_on.into(),
            "reason" => "work".into(),
            "gov_person" => "李某".into(),
            "edu_person" => "王某".into(),
            _ => String::new(),
        }
    };
    let rec = case_rules::validate(values, CaseStatus::Dropout, today(), |_| true).expect("valid record");
    let id = cases::insert(db, CaseStatus::Dropout, &rec).expect("insert").expect("not a duplicate");
    (id, cases::get(db, id).expect("get").expect("case").version)
}

fn step_return(db: &mut Db, id: i64, version: i64, on: &str, school: i64) -> i64 {
    let input = StepInput { date: on.into(), school_id: Some(school), ..StepInput::default() };
    cases::step(db, id, version, CaseAction::Return, &input).expect("return")
}

/// The school's row of the (frozen) monthly report, by school id.
fn school_counts(db: &Db, school: i64, m: &str) -> [i64; 7] {
    let r = monthly::county_report(&db.conn, COUNTY, month(m), today()).expect("report");
    r.report.schools.get(&Some(school)).map(|c| c.values()).unwrap_or_default()
}

/// The states of every submission of `school` for `m`, oldest first.
fn history(db: &Db, school: i64, m: Month) -> Vec<SubmissionState> {
    let all = submissions::of_month(&db.conn, COUNTY, m).expect("history");
    all.into_iter().filter(|s| s.school_id == Some(school)).map(|s| s.state).collect()
}

const RETURNED: usize = 3;
const OUT_END: usize = 6;

#[test]
fn steps_on_the_first_and_last_day_land_in_their_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("b.db"), "admin");
    let school = new_school(&db, "边界小学", "2123009901");
    // 复学 on the last day of September, the first and last of October, the first of November.
    for (seq, on) in [(1, "2026-09-30"), (2, "2026-10-01"), (3, "2026-10-31"), (4, "2026-11-01")] {
        let (id, v) = dropout(&mut db, school, seq, "2026-09-01");
        step_return(&mut db, id, v, on, school);
    }
    let returned = |m: &str| school_counts(&db, school, m)[RETURNED];
    assert_eq!(returned("2026-09"), 1, "the 30th of September is September's");
    assert_eq!(returned("2026-10"), 2, "the 1st and the 31st of October are October's");
    assert_eq!(returned("2026-11"), 1, "the 1st of November is November's");
    // Out of school at the end of each month: those not yet back by its last day.
    assert_eq!(school_counts(&db, school, "2026-09")[OUT_END], 3);
    assert_eq!(school_counts(&db, school, "2026-10")[OUT_END], 1);
}

#[test]
fn a_submission_freezes_the_month_and_a_back_dated_step_is_a_correction() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("f.db"), "admin");
    let school = new_school(&db, "冻结小学", "2123009902");
    let (id, v) = dropout(&mut db, school, 11, "2026-10-05");
    let oct = month("2026-10");
    let done = submissions::submit_school(&mut db, school, oct, false, today()).expect("submit");
    assert_eq!(done.figures.values()[OUT_END], 1);
    let frozen = school_counts(&db, school, "2026-10");

    // A 复学 back-dated into October after the submission.
    step_return(&mut db, id, v, "2026-10-20", school);
    assert_eq!(school_counts(&db, school, "2026-10"), frozen, "the submitted figures stay");
    let found = submissions::corrections(&db.conn, COUNTY, oct, today()).expect("corrections");
    let figures: Vec<(&str, i64, i64)> = found.iter().map(|c| (c.figure, c.submitted, c.now)).collect();
    assert_eq!(figures, [("returned", 0, 1), ("out_of_school_end", 1, 0)]);
    assert!(found.iter().all(|c| c.case_id == id && c.by == "admin"), "which case, by whom: {found:?}");

    // November's submission carries them as 更正, once.
    let nov = submissions::submit_school(&mut db, school, month("2026-11"), false, today()).expect("november");
    assert_eq!(nov.corrections, 2);
    let carried = submissions::carried(&db.conn, nov.id).expect("carried");
    assert!(carried.iter().all(|c| c.month == oct && c.case_id == id));
    submissions::withdraw(&mut db, COUNTY, Some(school), month("2026-11")).expect("withdraw");
    let again = submissions::submit_school(&mut db, school, month("2026-11"), false, today()).expect("resubmit");
    assert_eq!(again.corrections, 2, "a withdrawn submission's corrections are carried again");
}

#[test]
fn zero_reports_missing_and_overdue_are_distinct() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("z.db"), "admin");
    let empty = new_school(&db, "零报小学", "2123009903");
    let busy = new_school(&db, "有案小学", "2123009904");
    let silent = new_school(&db, "未报小学", "2123009905");
    dropout(&mut db, busy, 21, "2026-11-02");
    let nov = month("2026-11");
    let refused = submissions::submit_school(&mut db, busy, nov, true, today()).expect_err("not a zero month");
    assert!(
        matches!(&refused, WriteError::Invalid { rule: Rule::Month(MonthError::NotZero(z)), .. } if z.open_end == 1),
        "{refused:?}"
    );
    submissions::submit_school(&mut db, empty, nov, true, today()).expect("zero report");
    submissions::submit_school(&mut db, busy, nov, false, today()).expect("figures");
    let view = submissions::month_view(&db.conn, COUNTY, nov, today()).expect("view");
    let state = |id: i64| view.line(id).map(|l| l.state);
    assert_eq!(state(empty), Some(ReportState::Zero));
    assert_eq!(state(busy), Some(ReportState::Submitted));
    assert_eq!(state(silent), Some(ReportState::Missing));
    let late = submissions::month_view(&db.conn, COUNTY, nov, day("2026-11-29")).expect("view");
    assert_eq!(late.line(silent).map(|l| l.state), Some(ReportState::Overdue));
    assert_eq!(late.line(empty).map(|l| l.state), Some(ReportState::Zero), "a zero report is never overdue");
}

#[test]
fn the_missing_list_is_exactly_the_schools_without_a_live_submission() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("m.db"), "admin");
    let nov = month("2026-11");
    let all: Vec<(i64, String)> = {
        let mut stmt =
            db.conn.prepare("SELECT id, name FROM schools WHERE county_code = ?1 AND closed_on IS NULL").expect("sql");
        stmt.query_map([COUNTY], |r| Ok((r.get(0)?, r.get(1)?))).expect("rows").map(|r| r.expect("row")).collect()
    };
    assert!(all.len() > 3);
    let (first, second, third) = (all[0].0, all[1].0, all[2].0);
    for s in [first, second, third] {
        submissions::submit_school(&mut db, s, nov, false, today()).expect("submit");
    }
    submissions::withdraw(&mut db, COUNTY, Some(third), nov).expect("withdraw");
    let view = submissions::month_view(&db.conn, COUNTY, nov, today()).expect("view");
    let missing: BTreeSet<i64> = view.missing().map(|s| s.school_id).collect();
    let expected: BTreeSet<i64> = all.iter().map(|(id, _)| *id).filter(|id| *id != first && *id != second).collect();
    assert_eq!(missing, expected);
    // The county cannot submit upward until all are in; then it can, once.
    let refused = submissions::submit_county(&mut db, COUNTY, nov, today()).expect_err("schools missing");
    assert!(matches!(
        refused,
        WriteError::Invalid { rule: Rule::Month(MonthError::SchoolsMissing { count, .. }), .. } if count == expected.len()
    ));
    for s in &expected {
        submissions::submit_school(&mut db, *s, nov, false, today()).expect("submit");
    }
    let county = submissions::submit_county(&mut db, COUNTY, nov, today()).expect("county");
    let report = monthly::county_report(&db.conn, COUNTY, nov, today()).expect("report");
    assert_eq!(report.report.county, county.figures, "the county shows what it submitted");
    assert!(submissions::submit_county(&mut db, COUNTY, nov, today()).is_err(), "only once");
}

#[test]
fn withdraw_resubmit_accept_keep_history_and_respect_roles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    let mut admin = open(&path, "admin");
    let own = new_school(&admin, "填报小学", "2123009906");
    let other = new_school(&admin, "别校小学", "2123009907");
    users::upsert(&mut admin, "filler", Role::Filler, &Scope::School { id: own, county_code: COUNTY.into() })
        .expect("filler");
    users::set_contact(&mut admin, "filler", "赵某", "10012345678").expect("contact");
    let nov = month("2026-11");
    let mut filler = open(&path, "filler");
    let view = submissions::month_view(&filler.conn, COUNTY, nov, today()).expect("view");
    let line = view.line(own).expect("own school");
    assert_eq!((line.fillers[0].name.as_str(), line.fillers[0].phone.as_str()), ("赵某", "10012345678"));

    assert!(matches!(
        submissions::submit_school(&mut filler, other, nov, true, today()),
        Err(WriteError::Refused(Refusal::OutsideSchool { .. }))
    ));
    submissions::submit_school(&mut filler, own, nov, true, today()).expect("own school");
    submissions::withdraw(&mut filler, COUNTY, Some(own), nov).expect("withdraw");
    submissions::submit_school(&mut filler, own, nov, true, today()).expect("resubmit");
    assert!(matches!(submissions::accept(&mut filler, COUNTY, own, nov), Err(WriteError::Refused(Refusal::AdminOnly))));
    submissions::accept(&mut admin, COUNTY, own, nov).expect("accept");
    assert!(matches!(
        submissions::withdraw(&mut filler, COUNTY, Some(own), nov),
        Err(WriteError::Invalid { rule: Rule::Month(MonthError::AlreadyAccepted), .. })
    ));
    let history = history(&admin, own, nov);
    assert_eq!(history, [SubmissionState::Withdrawn, SubmissionState::Accepted]);
    let audited: i64 = admin
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'submissions' AND field = 'state' AND note != 'insert'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 2, "the withdrawal and the acceptance are audited");
}

#[test]
fn the_due_list_the_ledger_filter_and_the_county_count_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("d.db"), "admin");
    let list = due::list(&db.conn, COUNTY, today()).expect("due");
    assert!(!list.is_empty(), "the demo has cases due");
    assert_eq!(due::count(&db.conn, COUNTY, today()).expect("count"), list.len() as i64);
    let cut = due::thresholds(&db.conn, COUNTY).cutoffs(today());
    let filter = CaseFilter { region: Some(COUNTY.into()), due: Some(cut), ..CaseFilter::default() };
    let shown = cases::count(&db, &filter, "2026-11-23", Duration::from_secs(5)).expect("count");
    assert_eq!(shown, Some(list.len() as i64));

    // A visit takes a case off the no-visit list.
    let visited = list.iter().find(|c| c.kind == taizhang::domain::due::DueKind::NoVisit).expect("a no-visit case");
    let case = cases::get(&db, visited.id).expect("get").expect("case");
    let input = StepInput {
        date: "2026-11-23".into(),
        line: Some("edu".into()),
        who: "王老师".into(),
        method: Some("home".into()),
        text: "已家访".into(),
        school_id: None,
        ..StepInput::default()
    };
    cases::step(&mut db, visited.id, case.version, CaseAction::AddVisit, &input).expect("visit");
    let after = due::list(&db.conn, COUNTY, today()).expect("due");
    assert!(after.iter().all(|c| c.id != visited.id));
    assert_eq!(after.len(), list.len() - 1);
}

fn grades(db: &Db) -> std::collections::BTreeMap<i64, (Option<i64>, String)> {
    let mut stmt = db.conn.prepare("SELECT id, grade, status FROM cases WHERE county_code = ?1").expect("sql");
    stmt.query_map([COUNTY], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

fn audit_rows(db: &Db) -> i64 {
    db.conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).expect("count")
}

#[test]
fn the_rollover_advances_every_grade_once_and_a_second_run_changes_nothing() {
    use taizhang::domain::rollover::{change, Change};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("y.db"), "admin");
    // One 九年级 child attending normally, to graduate (the small demo may have none).
    db.conn
        .execute(
            "UPDATE cases SET grade = 9, status = 'enrolled' WHERE id = (SELECT min(id) FROM cases WHERE county_code = ?1)",
            [COUNTY],
        )
        .expect("a grade-9 pupil");
    let before = grades(&db);
    let on = day("2026-09-01");
    let plan = taizhang::db::rollover::apply(&mut db, COUNTY, on).expect("rollover");
    let after = grades(&db);
    let (mut advanced, mut graduated) = (0, 0);
    for (id, (grade, status)) in &before {
        let now = &after[id];
        match change(CaseStatus::from_code(status).expect("status"), *grade) {
            Some(Change::Advance(g)) => {
                advanced += 1;
                assert_eq!(now, &(Some(g), status.clone()), "case {id} moves up exactly one grade");
            }
            Some(Change::Graduate) => {
                graduated += 1;
                assert_eq!(now, &(Some(9), "graduated".to_string()), "case {id} graduates");
            }
            Some(Change::Flag) | None => assert_eq!(now, &(*grade, status.clone()), "case {id} is left as it was"),
        }
    }
    assert!(advanced > 0 && graduated > 0, "the demo has children to move up and to graduate");
    assert_eq!((plan.advanced.len(), plan.graduated.len()), (advanced, graduated));

    let audit = audit_rows(&db);
    let again = taizhang::db::rollover::apply(&mut db, COUNTY, on).expect("same date");
    assert_eq!(again.already.as_deref(), Some("2026-09-01"));
    assert_eq!(grades(&db), after, "a second run on the same date changes nothing");
    assert_eq!(audit_rows(&db), audit);
    let other = taizhang::db::rollover::apply(&mut db, COUNTY, day("2026-09-08")).expect_err("same school year");
    assert!(matches!(other, WriteError::Invalid { rule: Rule::Month(MonthError::RolledOverOn(_)), .. }));
    assert_eq!(grades(&db), after);
}

#[test]
fn a_returned_month_has_its_reason_is_missing_again_and_may_be_resubmitted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ret.db");
    let mut admin = open(&path, "admin");
    let own = new_school(&admin, "退回小学", "2123009908");
    users::upsert(&mut admin, "filler", Role::Filler, &Scope::School { id: own, county_code: COUNTY.into() })
        .expect("filler");
    let nov = month("2026-11");
    let mut filler = open(&path, "filler");
    submissions::submit_school(&mut filler, own, nov, true, today()).expect("submit");

    // Only the county returns, and only with a reason; a refusal changes nothing.
    assert!(matches!(
        submissions::return_school(&mut filler, COUNTY, own, nov, "数字不对"),
        Err(WriteError::Refused(Refusal::AdminOnly))
    ));
    assert!(matches!(
        submissions::return_school(&mut admin, COUNTY, own, nov, "  "),
        Err(WriteError::Invalid { rule: Rule::Month(MonthError::NoReason), .. })
    ));
    let line = |db: &Db| submissions::month_view(&db.conn, COUNTY, nov, today()).expect("view").line(own).cloned();
    assert_eq!(line(&admin).map(|l| l.state), Some(ReportState::Zero), "refused returns leave it submitted");

    submissions::return_school(&mut admin, COUNTY, own, nov, "漏报一名转学生").expect("return");
    let returned = line(&admin).expect("line");
    assert_eq!(returned.state, ReportState::Returned);
    assert_eq!(returned.returned.as_ref().map(|r| r.note.as_str()), Some("漏报一名转学生"));
    let view = submissions::month_view(&admin.conn, COUNTY, nov, today()).expect("view");
    assert!(view.missing().any(|s| s.school_id == own), "a returned school is chased like a missing one");
    assert_eq!(view.count(ReportState::Returned), 1);
    // The missing list says what to correct, as text and as JSON.
    let text = taizhang::cli::month::missing(&admin, COUNTY, "2026-11", false).expect("missing");
    assert!(text.contains("退回  2123009908  退回小学") && text.contains("退回（admin）：漏报一名转学生"), "{text}");
    let json = taizhang::cli::month::missing(&admin, COUNTY, "2026-11", true).expect("json");
    assert!(json.contains("\"returned_reason\": \"漏报一名转学生\""), "{json}");

    // The school submits again; the returned one stays in history.
    submissions::submit_school(&mut filler, own, nov, true, today()).expect("resubmit");
    assert_eq!(line(&admin).map(|l| l.state), Some(ReportState::Zero));
    let history = history(&admin, own, nov);
    assert_eq!(history, [SubmissionState::Returned, SubmissionState::Submitted]);
    submissions::accept(&mut admin, COUNTY, own, nov).expect("accept");
    assert!(matches!(
        submissions::return_school(&mut admin, COUNTY, own, nov, "晚了"),
        Err(WriteError::Invalid { rule: Rule::Month(MonthError::AlreadyAccepted), .. })
    ));
}

#[test]
fn the_level_above_accepts_or_returns_the_county_month_and_the_county_cannot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("up.db");
    let mut admin = open(&path, "admin");
    users::upsert(&mut admin, "xian", Role::Admin, &Scope::Region(COUNTY.into())).expect("county admin");
    users::upsert(&mut admin, "shi", Role::Admin, &Scope::Region("231100".into())).expect("市 admin");
    let nov = month("2026-11");
    let mut county = open(&path, "xian");
    let schools = submissions::month_view(&county.conn, COUNTY, nov, today()).expect("view").schools;
    for s in &schools {
        submissions::submit_school(&mut county, s.school_id, nov, false, today()).expect("submit");
    }
    submissions::submit_county(&mut county, COUNTY, nov, today()).expect("up");
    assert!(
        matches!(
            submissions::decide_county(&mut county, COUNTY, nov, None),
            Err(WriteError::Refused(Refusal::OutOfScope { .. }))
        ),
        "a county does not accept its own month"
    );
    let mut shi = open(&path, "shi");
    submissions::decide_county(&mut shi, COUNTY, nov, Some("辍学人数与上月不衔接")).expect("return");
    let view = submissions::month_view(&shi.conn, COUNTY, nov, today()).expect("view");
    assert!(view.county.is_none());
    assert_eq!(view.county_returned.map(|r| r.note), Some("辍学人数与上月不衔接".to_string()));
    submissions::submit_county(&mut county, COUNTY, nov, today()).expect("the county submits again");
    submissions::decide_county(&mut shi, COUNTY, nov, None).expect("accept");
    let up = submissions::month_view(&shi.conn, COUNTY, nov, today()).expect("view").county;
    assert_eq!(up.map(|s| s.state), Some(SubmissionState::Accepted));
    assert!(submissions::withdraw(&mut county, COUNTY, None, nov).is_err(), "accepted: no longer withdrawn");
}

#[test]
fn a_county_deadline_and_thresholds_override_the_province_and_only_its_own() {
    use taizhang::db::settings;
    use taizhang::domain::cycle_settings::{find, DEADLINE, SUSPECTED, VISIT};
    const OTHER: &str = "230108";
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("set.db");
    let mut admin = open(&path, "admin");
    users::upsert(&mut admin, "xian", Role::Admin, &Scope::Region(COUNTY.into())).expect("county admin");
    let nov = month("2026-11");
    let state = |db: &Db, county: &str| {
        let view = submissions::month_view(&db.conn, county, nov, today()).expect("view");
        (view.deadline, view.schools.first().map(|s| s.state))
    };
    assert_eq!(state(&admin, COUNTY), (day("2026-11-28"), Some(ReportState::Missing)));

    let deadline = find(DEADLINE).expect("deadline");
    let mut county = open(&path, "xian");
    assert!(
        matches!(settings::set_cycle(&mut county, Some(OTHER), deadline, 20), Err(WriteError::Refused(_))),
        "a county sets only its own"
    );
    assert!(settings::set_cycle(&mut county, None, deadline, 20).is_err(), "nor the province's");
    settings::set_cycle(&mut county, Some(COUNTY), deadline, 20).expect("own county");
    assert_eq!(state(&county, COUNTY), (day("2026-11-20"), Some(ReportState::Overdue)), "past the 20th: 逾期");
    assert_eq!(state(&county, OTHER), (day("2026-11-28"), Some(ReportState::Missing)), "the other keeps the 28th");
    // A province-wide change does not move a county that set its own.
    settings::set_cycle(&mut admin, None, deadline, 25).expect("province");
    assert_eq!(state(&admin, COUNTY).0, day("2026-11-20"));
    assert_eq!(state(&admin, OTHER).0, day("2026-11-25"));

    // Longer thresholds for the county (疑似 → 辍学, the visit interval) list fewer cases due.
    let before = due::list(&admin.conn, COUNTY, today()).expect("due").len();
    let other_before = due::list(&admin.conn, OTHER, today()).expect("due").len();
    settings::set_cycle(&mut county, Some(COUNTY), find(SUSPECTED).expect("suspected"), 200).expect("threshold");
    settings::set_cycle(&mut county, Some(COUNTY), find(VISIT).expect("visit"), 365).expect("threshold");
    let after = due::list(&admin.conn, COUNTY, today()).expect("due");
    assert!(after.len() < before, "{before} → {}", after.len());
    assert_eq!(due::count(&admin.conn, COUNTY, today()).expect("count"), after.len() as i64, "count and list agree");
    assert_eq!(due::list(&admin.conn, OTHER, today()).expect("due").len(), other_before);
    assert_eq!(due::thresholds(&admin.conn, COUNTY).suspected_days, 200);
    // The two thresholds set govern 疑似 and visits; a 跟踪巩固 check keeps its own clock.
    let governed = |c: &&due::DueCase| matches!(c.kind, DueKind::SuspectedTooLong | DueKind::NoVisit);
    assert!(
        after.iter().filter(governed).all(|c| c.since < day("2025-11-23")),
        "only clocks over 200/365 days: {after:?}"
    );
    let audited: i64 = admin
        .conn
        .query_row("SELECT count(*) FROM audit_log WHERE table_name IN ('county_settings', 'settings')", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert!(audited >= 3, "every change is audited ({audited})");
}

#[test]
fn a_recheck_round_is_counted_per_finding_audited_and_refused_whole() {
    use taizhang::db::recheck::{self, NewRecheck};
    use taizhang::domain::recheck::{parse_item, Finding, RecheckError};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rc.db");
    let mut admin = open(&path, "admin");
    let school = new_school(&admin, "复核小学", "2123009909");
    let (case, _) = dropout(&mut admin, school, 21, "2026-10-05");
    let items = |texts: &[&str]| texts.iter().map(|t| parse_item(t).expect("item")).collect::<Vec<_>>();
    let round = |texts: &[&str]| NewRecheck {
        county: COUNTY.into(),
        held_on: "2026-10-15".into(),
        checked_by: "县复核组".into(),
        note: String::new(),
        items: items(texts),
    };
    let audit = |db: &Db| -> i64 {
        db.conn
            .query_row("SELECT count(*) FROM audit_log WHERE table_name LIKE 'recheck_%'", [], |r| r.get(0))
            .expect("audit")
    };
    // An item naming a school of another county (or none) refuses the whole round.
    let bad = recheck::record(&mut admin, &round(&["2123009909=confirmed", "2301080001=confirmed"]));
    assert!(matches!(
        bad,
        Err(WriteError::Invalid { rule: Rule::Recheck(RecheckError::UnknownSchool(ref c)), .. }) if c == "2301080001"
    ));
    assert_eq!(audit(&admin), 0, "nothing written");
    assert!(recheck::rounds(&admin, COUNTY).expect("rounds").is_empty());

    let good = round(&["2123009909=confirmed", &format!("#{case}=corrected:年级有误"), &format!("#{case}=new_case")]);
    let (id, tally) = recheck::record(&mut admin, &good).expect("record");
    assert_eq!((tally.items, tally.confirmed, tally.corrected, tally.new_case), (3, 1, 1, 1));
    assert_eq!(audit(&admin), 4, "the round and each item");
    let rounds = recheck::rounds(&admin, COUNTY).expect("rounds");
    assert_eq!(rounds.len(), 1);
    let r = &rounds[0];
    assert_eq!((r.id, r.held_on.as_str(), r.checked_by.as_str()), (id, "2026-10-15", "县复核组"));
    assert_eq!(r.items[1].case_id, Some(case));
    assert_eq!((r.items[1].finding, r.items[1].note.as_str()), (Finding::Corrected, "年级有误"));
    assert_eq!(r.items[0].school, "复核小学");

    // A school's filler neither records nor reads the county's rounds.
    users::upsert(&mut admin, "filler", Role::Filler, &Scope::School { id: school, county_code: COUNTY.into() })
        .expect("filler");
    let mut filler = open(&path, "filler");
    assert!(matches!(recheck::record(&mut filler, &good), Err(WriteError::Refused(Refusal::AdminOnly))));
    assert!(recheck::rounds(&filler, COUNTY).expect("rounds").is_empty());
}

#[test]
fn the_county_page_lists_its_recheck_rounds_with_each_item() {
    use crossterm::event::KeyCode;
    use taizhang::db::recheck::{self, NewRecheck};
    use taizhang::domain::recheck::parse_item;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("rl.db"), "admin");
    let school = new_school(&db, "复核小学", "2123009909");
    let (case, _) = dropout(&mut db, school, 22, "2026-10-05");
    let items = ["2123009909=confirmed".to_string(), format!("#{case}=new_case:户籍核对后立案")];
    let round = NewRecheck {
        county: COUNTY.into(),
        held_on: "2026-10-15".into(),
        checked_by: "县复核组".into(),
        note: String::new(),
        items: items.iter().map(|t| parse_item(t).expect("item")).collect(),
    };
    recheck::record(&mut db, &round).expect("record");
    let mut app = taizhang::tui::app::App::new(db, taizhang::tui::theme::Theme::new(false, false)).expect("app");
    common::press(&mut app, &[KeyCode::Char('/')]);
    common::type_text(&mut app, "逊克");
    common::press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('R')]);
    let lines = common::render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("复核轮次：1 轮")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("2026-10-15 县复核组：2 项（确认 1，更正 0，新立案 1）")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("复核小学：确认")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("新立案 户籍核对后立案")), "{lines:#?}");
    // Enter on the case's line opens the case.
    common::press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    let case_view = common::render(&app, 80, 24);
    assert!(
        case_view[0].contains(&format!("#{case}")) || case_view.iter().any(|l| l.contains("测某")),
        "{case_view:#?}"
    );
}

/// `Y` on the county page: this school year's rollover, previewed in the question that asks
/// to do it; `y` does it once (audited), a second `Y` says it was done and changes nothing.
#[test]
fn the_county_page_rolls_the_school_year_over_after_asking() {
    use common::{press, render, type_text};
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    let grades = |app: &taizhang::tui::app::App| -> i64 {
        app.db
            .conn
            .query_row("SELECT coalesce(sum(grade), 0) FROM cases WHERE county_code = '231123'", [], |r| r.get(0))
            .expect("sum")
    };
    let before = grades(&app);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('Y')]);
    let lines = render(&app, 80, 24);
    let text = lines.concat();
    assert!(text.contains("学年升级") && text.contains("升一年级"), "the question says what it will do: {lines:#?}");
    assert_eq!(grades(&app), before, "asking changes nothing");
    press(&mut app, &[KeyCode::Char('y')]);
    let lines = render(&app, 80, 24);
    assert!(lines.concat().contains("已执行，记入审计日志"), "{lines:#?}");
    assert!(grades(&app) > before, "grades advanced");
    let rolled: i64 = app
        .db
        .conn
        .query_row("SELECT count(*) FROM rollovers WHERE county_code = '231123'", [], |r| r.get(0))
        .expect("rollovers");
    assert_eq!(rolled, 1);
    let after = grades(&app);
    press(&mut app, &[KeyCode::Char('Y')]);
    let lines = render(&app, 80, 24);
    assert!(lines.concat().contains("本学年已于"), "once a school year: {lines:#?}");
    assert_eq!(grades(&app), after);
}
