//! A school's dated history (issue 17): changes recorded from the command line and from the
//! schools screen's form, refused with the stored data unchanged, and the table by year of
//! the demo's consolidations (巴彦县's 116 → 19, 七台河's closures) at county, prefecture and
//! province.

mod common;

use common::{check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use taizhang::db::history;
use taizhang::db::Db;
use taizhang::domain::history::YearRow;
use taizhang::report::history::build;

const BAYAN: &str = "230126";

fn row(rows: &[YearRow], year: i32) -> YearRow {
    rows.iter().find(|r| r.year == year).copied().unwrap_or_else(|| panic!("no row {year}"))
}

fn report_of(db: &Db, code: &str, first: i32) -> taizhang::report::history::HistoryReport {
    let lives = history::lives(db, code).expect("lives");
    let merges = history::merges(db, code, first).expect("merges");
    build(code, code, &lives, merges, first, 2026)
}

/// Everything a refused change must leave as it was: the schools, their history, the audit.
fn stored(db: &Db) -> (String, i64, i64) {
    let schools: String = db
        .conn
        .query_row(
            "SELECT group_concat(id || name || kind || location || ifnull(closed_on, '') || ifnull(merged_into, '') || version, ';')
             FROM (SELECT * FROM schools ORDER BY id)",
            [],
            |r| r.get(0),
        )
        .expect("schools");
    let count = |sql: &str| db.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect("count");
    (schools, count("SELECT count(*) FROM school_history"), count("SELECT count(*) FROM audit_log"))
}

fn code_of(db: &Db, county: &str, name: &str) -> String {
    db.conn
        .query_row("SELECT school_code FROM schools WHERE county_code = ?1 AND name = ?2", [county, name], |r| r.get(0))
        .expect("code")
}

#[test]
fn the_demo_consolidation_by_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::open_demo(&dir.path().join("h.db"), &taizhang::os_user::current_login());
    let r = report_of(&db, BAYAN, 2007);
    let y = &r.years;
    // Seed 001: 116 schools (9 初中, 107 小学) consolidated into 19 from 2007.
    assert_eq!(row(y, 2007).start, 116, "116 at the start");
    let merged: usize = (2007..=2011).map(|yr| row(y, yr).merged).sum();
    assert_eq!(merged, 97, "97 merged away");
    assert_eq!((row(y, 2007).merged, row(y, 2007).end), (24, 92));
    assert_eq!(row(y, 2011).end, 19, "19 when the consolidation ends");
    assert_eq!((row(y, 2012).opened, row(y, 2012).end), (1, 20), "东大街小学 opens");
    assert_eq!((row(y, 2022).merged, row(y, 2022).end), (1, 19), "and merges into 南关小学");
    assert_eq!(row(y, 2026).end, 19);
    assert!(r.merges.iter().any(|m| m.school == "东大街小学" && m.into == "南关小学" && m.on == "2022-08-31"));
    assert_eq!(r.merges.len(), 98);
    for w in y.windows(2) {
        assert_eq!(w[0].end, w[1].start, "{} ends where {} starts", w[0].year, w[1].year);
    }
    // 逊克县: four village schools became 教学点 in 2020 (the source), 农场学校's operator in 2019.
    let xunke = report_of(&db, "231123", 2019);
    assert_eq!(row(&xunke.years, 2020).retyped, 4);
    let farm = code_of(&db, "231123", "农场学校");
    let out = common_cli(&dir, &["school", "history", "--school", &farm]);
    assert!(out.contains("举办者变更 农场（农垦系统） → 逊克县人民政府"), "{out}");

    // 七台河市: the seed's seven closures (2020), and the prefecture adds up its counties.
    let qth = report_of(&db, "230900", 2007);
    assert_eq!(row(&qth.years, 2020).merged, 7, "{:?}", row(&qth.years, 2020));
    for (code, first) in [("230900", 2007), ("230100", 2007), ("230000", 2007)] {
        let r = report_of(&db, code, first);
        let parts = r.parts.as_ref().expect("parts above a county");
        let total = taizhang::domain::history::total(&r.years);
        assert_eq!(parts.total, total, "{code}: the parts add up to the table");
        let sum_end: usize = parts.rows.iter().map(|p| p.value.end).sum();
        let sum_merged: usize = parts.rows.iter().map(|p| p.value.merged).sum();
        assert_eq!((sum_end, sum_merged), (total.end, total.merged), "{code}");
    }
    let harbin = report_of(&db, "230100", 2007);
    let bayan_part = harbin.parts.as_ref().and_then(|p| p.rows.iter().find(|r| r.code == BAYAN)).map(|r| r.value);
    assert_eq!(bayan_part.map(|v| (v.start, v.merged, v.end)), Some((116, 98, 19)));
    let province = report_of(&db, "230000", 2007);
    assert!(row(&province.years, 2007).merged >= 24 && row(&province.years, 2020).merged >= 7);

    // The command prints the same numbers, as JSON and to a file by its ending.
    let json = common_cli(&dir, &["report", "history", "--region", BAYAN, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["from"], 2007);
    assert_eq!(v["years"][0]["start"], 116);
    assert_eq!(v["total"]["end"], 19);
    assert_eq!(v["merges"].as_array().map(Vec::len), Some(98));
    let csv = dir.path().join("h.csv");
    let said = common_cli(&dir, &["report", "history", "--region", "230100", "-o", csv.to_str().expect("path")]);
    assert!(said.contains("h.csv"), "{said}");
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.contains("巴彦县") && text.contains("东大街小学"), "parts and consolidations in the file");
    let text = common_cli(&dir, &["report", "history", "--region", BAYAN, "--from", "2020"]);
    assert!(text.contains("2020–2026") && !text.contains("2011-08-31"), "{text}");
}

/// Runs the binary on the test's database; its stdout (stderr appended when it failed).
fn common_cli(dir: &tempfile::TempDir, args: &[&str]) -> String {
    let db = dir.path().join("h.db");
    let mut all = vec!["--db", db.to_str().expect("path")];
    all.extend_from_slice(args);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(&all)
        .env("TAIZHANG_TODAY", "2026-11-23")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("TAIZHANG_DB")
        .output()
        .expect("run");
    let mut text = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        text.push_str(&format!("\n[exit {:?}] {}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
    }
    text
}

#[test]
fn bad_changes_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::open_demo(&dir.path().join("h.db"), &taizhang::os_user::current_login());
    let nanguan = code_of(&db, BAYAN, "南关小学");
    let beiguan = code_of(&db, BAYAN, "北关小学");
    let closed = code_of(&db, BAYAN, "东大街小学");
    let before = stored(&db);
    drop(db);
    let cases: &[(&[&str], &str)] = &[
        (&["--school", "2123999999", "--kind", "close"], "找不到标识码为 2123999999 的学校"),
        (&["--school", &nanguan, "--kind", "rename", "--to", "新南关小学", "--date", "2027-01-01"], "日期不能晚于今天"),
        (&["--school", &nanguan, "--kind", "merge-into", "--into", &nanguan], "不能并入自己"),
        (
            &["--school", &beiguan, "--kind", "merge-into", "--into", &closed],
            "东大街小学 已于 2022-08-31 撤并，不能并入",
        ),
        (&["--school", &closed, "--kind", "rename", "--to", "新名"], "已于 2022-08-31 撤并，不再记录变更"),
        (&["--school", &nanguan, "--kind", "demolish"], "不认识的变更类别“demolish”"),
        (&["--school", &nanguan, "--kind", "type", "--to", "初中"], "学校标识码"),
        (&["--school", &nanguan, "--kind", "rename", "--to", "南关小学"], "与现在的相同"),
        (&["--school", &nanguan, "--kind", "rename"], "rename 需要 --to"),
    ];
    for (args, said) in cases {
        let mut all = vec!["school", "change"];
        all.extend_from_slice(args);
        let out = common_cli(&dir, &all);
        assert!(out.contains("[exit Some(2)]") && out.contains(said), "{args:?}: {out}");
    }
    let db = common::open_demo(&dir.path().join("h.db"), &taizhang::os_user::current_login());
    assert_eq!(stored(&db), before, "nothing stored changed");

    // A good one: written with the school's own columns and audited.
    drop(db);
    let out = common_cli(
        &dir,
        &["school", "change", "--school", &beiguan, "--kind", "merge-into", "--into", &nanguan, "--date", "2026-08-31"],
    );
    assert!(out.contains("已记录：2026-08-31 北关小学 并入他校 南关小学"), "{out}");
    let db = common::open_demo(&dir.path().join("h.db"), &taizhang::os_user::current_login());
    let (closed_on, into): (String, String) = db
        .conn
        .query_row(
            "SELECT s.closed_on, m.name FROM schools s JOIN schools m ON m.id = s.merged_into WHERE s.school_code = ?1",
            [&beiguan],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("merged");
    assert_eq!((closed_on.as_str(), into.as_str()), ("2026-08-31", "南关小学"));
    let (_, rows, audit) = stored(&db);
    assert_eq!(
        (rows, audit),
        (before.1 + 1, before.2 + 3),
        "a history row; its row, closed_on and merged_into audited"
    );
    let r = report_of(&db, BAYAN, 2026);
    assert_eq!((row(&r.years, 2026).merged, row(&r.years, 2026).end), (1, 18));
}

#[test]
fn a_change_recorded_through_the_schools_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("巴彦县学校名单"), "{}", lines[0]);
    // The first school by name: 巴彦港镇中心小学. b, then 类型变更 (the second kind).
    press(&mut app, &[KeyCode::Char('b')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("选择变更类别")), "{lines:#?}");
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("巴彦港镇中心小学：类型变更"), "{lines:#?}");
    // A date in the future is refused beside its field and nothing is written.
    let count = |app: &taizhang::tui::app::App| -> i64 {
        app.db.conn.query_row("SELECT count(*) FROM school_history", [], |r| r.get(0)).expect("count")
    };
    let before = count(&app);
    common::ctrl(&mut app, 'u');
    type_text(&mut app, "2030-09-01");
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("日期不能晚于今天")), "{lines:#?}");
    assert_eq!(count(&app), before);
    common::ctrl(&mut app, 'u');
    type_text(&mut app, "2020-08-31");
    // The type: ←→ through the list, from 小学 to 教学点 (the last).
    press(&mut app, &[KeyCode::Tab, KeyCode::Left]);
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "县政府〔2020〕5号");
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(
        lines.iter().any(|l| l.contains("已记录：2020-08-31 巴彦港镇中心小学 类型变更 小学 → 教学点")),
        "{lines:#?}"
    );
    let (kind, version): (String, i64) = app
        .db
        .conn
        .query_row(
            "SELECT kind, version FROM schools WHERE county_code = ?1 AND name = '巴彦港镇中心小学'",
            [BAYAN],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("school");
    assert_eq!((kind.as_str(), version), ("teaching_point", 2));
    let audited: i64 = app
        .db
        .conn
        .query_row("SELECT count(*) FROM audit_log WHERE table_name = 'school_history' OR note = 'history'", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!(audited, 2, "the history row and the type");
    // h: the school's history lists it, with the note.
    press(&mut app, &[KeyCode::Char('h')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("2020-08-31  类型变更 小学 → 教学点  县政府〔2020〕5号")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("并入本校：8 所：巴彦港镇")), "the village schools it took in: {lines:#?}");
    check_snapshot("school_history", &lines);
}

#[test]
fn the_school_form_records_a_rename() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('s'), KeyCode::Enter]);
    common::ctrl(&mut app, 'u');
    type_text(&mut app, "巴彦港镇第一小学");
    press(&mut app, &[KeyCode::F(2)]);
    let rows = history::of_school(
        &app.db.conn,
        app.db.conn.query_row("SELECT id FROM schools WHERE name = '巴彦港镇第一小学'", [], |r| r.get(0)).expect("id"),
    )
    .expect("history");
    let got: Vec<(String, String, String)> =
        rows.iter().map(|e| (e.on_date.clone(), e.old.clone(), e.new.clone())).collect();
    assert_eq!(got, vec![("2026-11-23".into(), "巴彦港镇中心小学".into(), "巴彦港镇第一小学".into())]);
}

#[test]
fn the_history_report_screen_at_80x24() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('h')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("学校布局变化"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("2007") && l.contains("116") && l.contains("92")), "{lines:#?}");
    assert!(lines[23].contains("o 导出"), "{}", lines[23]);
    check_snapshot("history_report", &lines);
    // Scrolled to its end: the consolidations and the note.
    press(&mut app, &[KeyCode::PageDown; 12]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("东大街小学") && l.contains("南关小学")), "{lines:#?}");
    // o: the file name offered.
    press(&mut app, &[KeyCode::Char('o')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("学校布局变化-230126.xlsx")), "{lines:#?}");
}
