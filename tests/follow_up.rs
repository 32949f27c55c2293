//! Follow-up logs (docs/domain.md §4 "Follow-up"): 送教上门 sessions in the timeline and in
//! the per-teacher count (database, CLI and screen), and the 跟踪巩固 monthly check that
//! clears or sets the due flag.

mod common;

use common::{check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use std::time::Duration;
use taizhang::db::cases::{self, CaseFilter, StepInput};
use taizhang::db::scope::Place;
use taizhang::db::{due, follow_up, users, Db, Rule, WriteError};
use taizhang::domain::access::{Refusal, Role, Scope};
use taizhang::domain::case::{self as case_rules};
use taizhang::domain::case_status::{CaseAction, CaseStatus};
use taizhang::domain::due::DueKind;
use taizhang::domain::follow_up::{per_teacher, Hours};
use taizhang::domain::monthly::Month;
use taizhang::tui::app::App;

const COUNTY: &str = "231123";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn open(path: &std::path::Path, login: &str) -> Db {
    common::open_demo(path, login)
}

fn new_school(db: &Db, name: &str, code: &str) -> i64 {
    common::new_school(db, name, code)
}

/// A 辍学 case of `school` registered on 2026-09-01, taken through `path`; returns its id.
fn case_through(db: &mut Db, school: i64, name: &str, path: &[CaseAction]) -> i64 {
    let values = |k: &str| -> String {
        match k {
            "name" => name.into(),
            "school_id" => school.to_string(),
            "grade" => "4".into(),
            "absent_since" | "registered_on" => "2026-09-01".into(),
            "reason" => "health".into(),
            "gov_person" => "李某".into(),
            "edu_person" => "王某".into(),
            _ => String::new(),
        }
    };
    let rec = case_rules::validate(values, CaseStatus::Dropout, today(), |_| true).expect("valid record");
    let id = cases::insert(db, CaseStatus::Dropout, &rec).expect("insert").expect("not a duplicate");
    for a in path {
        let input = StepInput { date: "2026-09-10".into(), school_id: Some(school), ..StepInput::default() };
        step(db, id, *a, &input).expect("path step");
    }
    id
}

fn step(db: &mut Db, id: i64, action: CaseAction, input: &StepInput) -> Result<i64, WriteError> {
    let version = cases::get(db, id).expect("get").expect("case").version;
    cases::step(db, id, version, action, input)
}

fn session(date: &str, teacher: &str, hours: &str, content: &str) -> StepInput {
    StepInput {
        date: date.into(),
        who: teacher.into(),
        hours: Hours::parse(hours).ok(),
        content: content.into(),
        text: "能跟读课文".into(),
        ..StepInput::default()
    }
}

fn check(date: &str, attending: bool) -> StepInput {
    StepInput { date: date.into(), who: "班主任刘某".into(), attending: Some(attending), ..StepInput::default() }
}

#[test]
fn three_sessions_show_in_the_timeline_and_the_per_teacher_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut db = open(&path, "admin");
    let school = new_school(&db, "送教小学", "2123009911");
    let a = case_through(&mut db, school, "送教甲", &[CaseAction::HomeTeaching]);
    let b = case_through(&mut db, school, "送教乙", &[CaseAction::HomeTeaching]);
    step(&mut db, a, CaseAction::Session, &session("2026-11-03", "张老师", "2", "语文识字")).expect("1");
    step(&mut db, a, CaseAction::Session, &session("2026-11-10", "张老师", "1.5", "数学计数")).expect("2");
    step(&mut db, b, CaseAction::Session, &session("2026-11-12", "李老师", "2", "生活适应")).expect("3");
    // October's session is another month's.
    step(&mut db, a, CaseAction::Session, &session("2026-10-20", "张老师", "2", "康复训练")).expect("4");

    let after = cases::get(&db, a).expect("get").expect("case");
    assert_eq!(after.status, CaseStatus::HomeTeaching, "a session keeps the status");
    let events = cases::events(&db, a).expect("events");
    let sessions: Vec<_> = events.iter().filter(|e| e.kind == "session").collect();
    assert_eq!(sessions.len(), 3, "{events:#?}");
    let newest = sessions[0];
    assert_eq!((newest.happened_on.as_str(), newest.who.as_str()), ("2026-11-10", "张老师"));
    assert_eq!(
        (newest.hours, newest.content.as_str(), newest.outcome.as_str()),
        (Hours::parse("1.5").ok(), "数学计数", "能跟读课文")
    );

    let logged = follow_up::sessions(&db, &Place::county(COUNTY), Month::parse("2026-11").expect("m")).expect("read");
    let (teachers, total) = per_teacher(&logged);
    let mine: Vec<_> = teachers.iter().filter(|t| t.teacher == "张老师" || t.teacher == "李老师").collect();
    assert_eq!(mine.len(), 2, "{teachers:#?}");
    assert_eq!((mine[0].teacher.as_str(), mine[0].children, mine[0].sessions), ("张老师", 1, 2));
    assert_eq!(mine[0].hours, Hours::from_tenths(35));
    assert_eq!((mine[1].teacher.as_str(), mine[1].sessions), ("李老师", 1));
    assert!(total.sessions >= 3);

    // One school only: exactly these three.
    let place = Place { region: COUNTY.into(), school: Some(school) };
    let (_, total) = per_teacher(&follow_up::sessions(&db, &place, Month::parse("2026-11").expect("m")).expect("read"));
    assert_eq!((total.children, total.sessions, total.hours), (2, 3, Hours::from_tenths(55)));

    // Each session is audited: its event row and what it logged.
    let audited: i64 = db
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'case_events' AND field IN ('who', 'hours', 'content')",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 4 * 3);
    drop(db);

    // The CLI gives the same count, as JSON and as text.
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .env("TAIZHANG_TODAY", "2026-11-23")
            .env("USER", "admin")
            .args(["--lang", "zh", "--db"])
            .arg(&path)
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let json: serde_json::Value =
        serde_json::from_str(&run(&["report", "sessions", "--school", "2123009911", "--month", "2026-11", "--json"]))
            .expect("json");
    assert_eq!(json["total"]["sessions"], 3);
    assert_eq!(json["total"]["hours"], 5.5);
    assert_eq!(json["teachers"][0]["teacher"], "张老师");
    assert_eq!(json["teachers"][0]["hours"], 3.5);
    let text = run(&["report", "sessions", "--school", "2123009911", "--month", "2026-10"]);
    assert!(text.contains("1 名教师，1 名学生，1 次，2 学时"), "{text}");
}

#[test]
fn a_session_needs_teacher_hours_and_content_and_the_case_in_scope() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v.db");
    let mut admin = open(&path, "admin");
    let own = new_school(&admin, "本校", "2123009912");
    let other = new_school(&admin, "别校", "2123009913");
    let theirs = case_through(&mut admin, other, "别校生", &[CaseAction::HomeTeaching]);
    let mine = case_through(&mut admin, own, "本校生", &[CaseAction::HomeTeaching]);
    for (input, field) in [
        (session("2026-11-03", "", "2", "语文"), "who"),
        (session("2026-11-03", "张老师", "20", "语文"), "hours"),
        (session("2026-11-03", "张老师", "2", " "), "content"),
    ] {
        let got = step(&mut admin, mine, CaseAction::Session, &input);
        assert!(
            matches!(got, Err(WriteError::Invalid { field: f, rule: Rule::Field }) if f == field),
            "{field}: {got:?}"
        );
    }
    assert!(cases::events(&admin, mine).expect("events").iter().all(|e| e.kind != "session"), "nothing written");
    // A session is only for 送教上门; a check only for 跟踪巩固 / 随班就读.
    let tracking = case_through(&mut admin, own, "跟踪生", &[CaseAction::Return, CaseAction::StartTracking]);
    assert!(step(&mut admin, tracking, CaseAction::Session, &session("2026-11-03", "张老师", "2", "语文")).is_err());
    assert!(step(&mut admin, mine, CaseAction::TrackingCheck, &check("2026-11-03", true)).is_err());

    users::upsert(&mut admin, "filler", Role::Filler, &Scope::School { id: own, county_code: COUNTY.into() })
        .expect("filler");
    let mut filler = open(&path, "filler");
    step(&mut filler, mine, CaseAction::Session, &session("2026-11-03", "张老师", "2", "语文")).expect("own school");
    let version = cases::get(&admin, theirs).expect("get").expect("case").version;
    let refused =
        cases::step(&mut filler, theirs, version, CaseAction::Session, &session("2026-11-03", "张老师", "2", "语文"));
    assert!(matches!(refused, Err(WriteError::Refused(Refusal::OutsideSchool { .. }))), "{refused:?}");
    let logged =
        follow_up::sessions(&filler, &Place::county(COUNTY), Month::parse("2026-11").expect("m")).expect("own");
    assert_eq!(logged.len(), 1, "a filler counts their own school's sessions only");
}

/// (due kind, since) of case `id`, and whether the ledger's due filter and the county count
/// agree with the list.
fn due_of(db: &Db, id: i64) -> Option<(DueKind, String)> {
    let list = due::list(&db.conn, COUNTY, today()).expect("due");
    assert_eq!(due::count(&db.conn, COUNTY, today()).expect("count"), list.len() as i64);
    let cut = due::thresholds(&db.conn, COUNTY).cutoffs(today());
    let filter = CaseFilter { region: Some(COUNTY.into()), due: Some(cut), ..CaseFilter::default() };
    let listed = list.iter().any(|c| c.id == id);
    let in_filter = cases::count(db, &filter, "2026-11-23", Duration::from_secs(30)).expect("count").expect("exact");
    assert_eq!(in_filter, list.len() as i64, "the ledger filter agrees");
    list.into_iter().find(|c| c.id == id).filter(|_| listed).map(|c| (c.kind, c.since.to_string()))
}

#[test]
fn a_monthly_check_clears_the_due_flag_and_a_missed_one_sets_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("d.db"), "admin");
    let school = new_school(&db, "跟踪小学", "2123009914");
    let id = case_through(&mut db, school, "跟踪丙", &[CaseAction::Return, CaseAction::StartTracking]);
    // Tracking since 2026-09-10, no check: more than 31 days.
    assert_eq!(due_of(&db, id), Some((DueKind::TrackingCheck, "2026-09-10".into())));
    // A check in October, then none in November: the missed check makes it due again.
    step(&mut db, id, CaseAction::TrackingCheck, &check("2026-10-15", true)).expect("october");
    assert_eq!(due_of(&db, id), Some((DueKind::TrackingCheck, "2026-10-15".into())), "November's check is missed");
    step(&mut db, id, CaseAction::TrackingCheck, &check("2026-11-16", true)).expect("november");
    assert_eq!(due_of(&db, id), None, "checked this month: not due");
    let case = cases::get(&db, id).expect("get").expect("case");
    assert_eq!(case.status, CaseStatus::Tracking);
    assert_eq!(case.last_visit_on, None, "a check is not a 劝返 visit");
    // A check that finds the child absent makes it due at once, until a check finds it back.
    step(&mut db, id, CaseAction::TrackingCheck, &check("2026-11-20", false)).expect("absent");
    assert_eq!(due_of(&db, id), Some((DueKind::NotAttending, "2026-11-20".into())));
    step(&mut db, id, CaseAction::TrackingCheck, &check("2026-11-22", true)).expect("back");
    assert_eq!(due_of(&db, id), None);
    // A check needs who and whether the child was attending.
    let no_answer = StepInput { attending: None, ..check("2026-11-22", true) };
    assert!(matches!(
        step(&mut db, id, CaseAction::TrackingCheck, &no_answer),
        Err(WriteError::Invalid { field: "attending", .. })
    ));
    // 随班就读 children are checked too; an absent one is due.
    let inclusive = case_through(&mut db, school, "随班丁", &[CaseAction::Inclusive]);
    assert_eq!(due_of(&db, inclusive), None);
    step(&mut db, inclusive, CaseAction::TrackingCheck, &check("2026-11-18", false)).expect("inclusive check");
    assert_eq!(due_of(&db, inclusive), Some((DueKind::NotAttending, "2026-11-18".into())));
    let events = cases::events(&db, inclusive).expect("events");
    assert_eq!((events[0].kind.as_str(), events[0].attending), ("check", Some(false)));
}

/// 勃利县, where the demo has a 送教上门 child.
const HOME_COUNTY: &str = "230921";

/// The demo app and the name of its first 送教上门 case of 勃利县.
fn home_teaching_case(dir: &tempfile::TempDir) -> (App, String) {
    let app = common::app(dir, false);
    let name: String = app
        .db
        .conn
        .query_row(
            "SELECT name FROM cases WHERE county_code = ?1 AND status = 'home_teaching' ORDER BY id LIMIT 1",
            [HOME_COUNTY],
            |r| r.get(0),
        )
        .expect("a 送教上门 case in the demo");
    (app, name)
}

#[test]
fn logging_a_session_from_the_case_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut app, name) = home_teaching_case(&dir);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "blx");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('l'), KeyCode::Char('/')]);
    type_text(&mut app, &name);
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[23].contains("r 记录"), "the hint bar offers the log: {}", lines[23]);
    press(&mut app, &[KeyCode::Char('r')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("送教记录")), "{lines:#?}");
    // Date (today), teacher, hours, content, response.
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "赵老师");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "二");
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("学时应为")), "a bad number of hours is named: {lines:#?}");
    press(&mut app, &[KeyCode::BackTab, KeyCode::Backspace]);
    type_text(&mut app, "1.5");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "认识钟表");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "注意力集中");
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("2026-11-23 送教 1.5 学时 赵老师")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("内容：认识钟表")), "{lines:#?}");
    check_snapshot("case_session_logged", &lines.iter().map(|l| common::without_clock(l)).collect::<Vec<_>>());
}
