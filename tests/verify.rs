//! Verification rounds (排查, 四查三比对; docs/domain.md §9): four small lists with a known
//! answer for every class, the weaker name + birth date + school match, the dry run that
//! writes nothing, `--apply` with its trail and audit rows, the rounds report, and the
//! refusal outside the login's scope.

mod common;

use std::path::{Path, PathBuf};
use taizhang::cli::verify::{rounds, run, VerifyArgs};
use taizhang::db::{users, Db};
use taizhang::domain::access::{Role, Scope};
use taizhang::domain::id_number;

const COUNTY: &str = "231123";
const SCHOOL: &str = "排查小学";

fn id_for(seq: u32) -> String {
    let first17 = format!("23112320160401{seq:03}");
    format!("{first17}{}", id_number::check_char(first17.as_bytes()))
}

fn write(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let path = dir.join(name);
    let text = format!("序号,姓名,身份证号,出生日期,学校\n{}\n", rows.join("\n"));
    std::fs::write(&path, text).expect("write list");
    path
}

/// A row of a list: line number, name, ID (or none), birth date, school.
fn row(n: usize, name: &str, seq: Option<u32>, birth: &str) -> String {
    format!("{n},{name},{},{birth},{SCHOOL}", seq.map(id_for).unwrap_or_default())
}

/// A case row put straight into the ledger (the round reads what the ledger knows).
fn ledger_row(db: &Db, county: &str, status: &str, seq: u32) {
    let school: i64 = db
        .conn
        .query_row("SELECT id FROM schools WHERE county_code = ?1 ORDER BY id LIMIT 1", [county], |r| r.get(0))
        .expect("a school of the county");
    db.conn
        .execute(
            "INSERT INTO cases(county_code, school_id, ledger, status, name, id_number, registered_on, created_at, updated_at)
             VALUES (?1, ?2, 'school_age', ?3, '台账生', ?4, '2026-09-01', '2026-09-01', '2026-09-01')",
            rusqlite::params![county, school, status, id_for(seq)],
        )
        .expect("ledger row");
}

struct Round {
    _dir: tempfile::TempDir,
    path: PathBuf,
    args: VerifyArgs,
}

/// The four lists:
/// 1 甲 户籍 学籍 在校 → in school (and a second 学籍 row without an ID: a weaker match)
/// 2 乙 户籍 only → registered, not enrolled
/// 3 丙 户籍 学籍, not present → enrolled, not present
/// 4 丁 户籍 脱贫 → poverty list, not enrolled
/// 5 戊 户籍 only, 在校 at a school of another county in the ledger → enrolled elsewhere
/// 6 己 学籍 在校, an open 辍学 case in the ledger → already an open case
/// 7 庚 在校 only, no ID and no birth date → unmatched
fn round() -> Round {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v.db");
    let db = common::open_demo(&path, "admin");
    common::new_school(&db, SCHOOL, "2123009921");
    ledger_row(&db, "230108", "enrolled", 5);
    ledger_row(&db, COUNTY, "dropout", 6);
    drop(db);
    let b = "2016-04-01";
    let hukou = write(
        dir.path(),
        "户籍.csv",
        &[
            row(1, "甲", Some(1), b),
            row(2, "乙", Some(2), b),
            row(3, "丙", Some(3), b),
            row(4, "丁", Some(4), b),
            row(5, "戊", Some(5), b),
        ],
    );
    let xueji = write(
        dir.path(),
        "学籍.csv",
        &[
            row(1, "甲", None, "2016-04-01"),
            row(2, "丙", Some(3), b),
            row(3, "己", Some(6), b),
            row(4, "甲", Some(1), b),
        ],
    );
    let present = write(
        dir.path(),
        "在校.csv",
        &[row(1, "甲", Some(1), b), row(2, "己", Some(6), b), format!("3,庚,,,{SCHOOL}")],
    );
    let poverty = write(dir.path(), "脱贫.csv", &[row(1, "丁", Some(4), b), format!("2,丁,12345,{b},{SCHOOL}")]);
    let args = VerifyArgs {
        county: COUNTY.into(),
        school: None,
        hukou: Some(hukou),
        xueji: Some(xueji),
        present: Some(present),
        poverty: Some(poverty),
        purpose: "秋季学期四查三比对".into(),
        date: Some("2026-11-20".into()),
        json: true,
        apply: false,
    };
    Round { _dir: dir, path, args }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn class_of<'a>(out: &'a serde_json::Value, name: &str) -> Vec<&'a str> {
    out["children"]
        .as_array()
        .expect("children")
        .iter()
        .filter(|c| c["name"] == name)
        .map(|c| c["class"].as_str().expect("class"))
        .collect()
}

fn rows_of(db: &Db, table: &str) -> i64 {
    db.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

#[test]
fn four_lists_give_the_known_class_of_every_child() {
    let r = round();
    let mut db = common::open_demo(&r.path, "admin");
    let out = json(&run(&mut db, &r.args).expect("dry run"));
    for (name, class) in [
        ("甲", "in_school"),
        ("乙", "not_enrolled"),
        ("丙", "not_present"),
        ("丁", "poverty_not_enrolled"),
        ("戊", "elsewhere"),
        ("己", "open_case"),
        ("庚", "unmatched"),
    ] {
        assert_eq!(class_of(&out, name), [class], "{name}: {out}");
    }
    assert_eq!(out["checked"], 7);
    for (class, n) in out["counts"].as_object().expect("counts") {
        assert_eq!(n, 1, "{class}: one child each");
    }
    let jia = out["children"].as_array().expect("children").iter().find(|c| c["name"] == "甲").expect("甲");
    assert_eq!(jia["weak"], true, "甲's second 学籍 row had no ID number");
    assert_eq!(jia["id_number"], "231123************", "IDs are masked");
    assert!(!out.to_string().contains(&id_for(1)), "no full ID anywhere in the output");
    assert_eq!(rows_of(&db, "verify_rounds"), 0, "a dry run writes nothing");

    // Text: the count per class and the children, masked; the row whose ID is not valid.
    let text = run(&mut db, &VerifyArgs { json: false, ..r.args.clone() }).expect("text");
    assert!(text.contains("有户籍无学籍：1") && text.contains("有学籍不在校：1"), "{text}");
    assert!(text.contains("脱贫.csv 第 3 行：身份证号 不是有效的身份证号"), "{text}");
    assert!(text.contains("预览，未写入"), "{text}");
}

#[test]
fn apply_records_the_round_its_trail_and_the_report_counts_it() {
    let r = round();
    let mut db = common::open_demo(&r.path, "admin");
    let audit_before = rows_of(&db, "audit_log");
    let out = json(&run(&mut db, &VerifyArgs { apply: true, ..r.args.clone() }).expect("apply"));
    let id = out["round_id"].as_i64().expect("round id");
    assert_eq!(rows_of(&db, "verify_findings"), 7);
    let trail: Vec<String> = {
        let mut stmt =
            db.conn.prepare("SELECT note FROM audit_log WHERE table_name = 'verify_findings' ORDER BY id").expect("q");
        stmt.query_map([], |r| r.get(0)).expect("q").map(|n| n.expect("row")).collect()
    };
    assert_eq!(trail.len(), 7, "one trail entry per child");
    assert!(trail.contains(&format!("checked on 2026-11-20 in round {id}, result not_present")), "{trail:?}");
    assert_eq!(rows_of(&db, "audit_log") - audit_before, 8, "the round and its seven children");
    let stored: String = db
        .conn
        .query_row("SELECT id_number FROM verify_findings WHERE name = '丙'", [], |r| r.get(0))
        .expect("finding");
    assert_eq!(stored, id_for(3), "the finding keeps the full ID (to register the child)");

    let report = json(&rounds(&db, COUNTY, true).expect("rounds"));
    let first = &report["rounds"][0];
    assert_eq!((first["id"].as_i64(), first["checked"].as_i64()), (Some(id), Some(7)));
    assert_eq!(first["counts"]["open_case"], 1);
    assert_eq!(first["lists"], "hukou,xueji,present,poverty");
    let text = rounds(&db, COUNTY, false).expect("text");
    assert!(text.contains("秋季学期四查三比对") && text.contains("7 人次"), "{text}");
}

#[test]
fn a_round_needs_enrolment_and_a_login_in_scope() {
    let r = round();
    let mut admin = common::open_demo(&r.path, "admin");
    let only_hukou = VerifyArgs { xueji: None, present: None, poverty: None, ..r.args.clone() };
    let refused = run(&mut admin, &only_hukou).expect_err("one list");
    assert_eq!(refused.code, 2);
    assert!(refused.message.contains("--xueji"), "{}", refused.message);
    let other: i64 = admin
        .conn
        .query_row("SELECT id FROM schools WHERE county_code = ?1 AND name != ?2 LIMIT 1", [COUNTY, SCHOOL], |r| {
            r.get(0)
        })
        .expect("school");
    users::upsert(&mut admin, "filler", Role::Filler, &Scope::School { id: other, county_code: COUNTY.into() })
        .expect("filler");
    let mut filler = common::open_demo(&r.path, "filler");
    let refused = run(&mut filler, &VerifyArgs { apply: true, ..r.args.clone() }).expect_err("a county round");
    assert_eq!(refused.code, 5, "{}", refused.message);
    assert_eq!(rows_of(&filler, "verify_rounds"), 0, "nothing recorded");
}

/// The round's screens (issue 15): from the county page `v` lists the rounds, Enter shows
/// the findings, ←→ filters by class, and `c` twice turns the three children who may be
/// out of school into 疑似辍学 cases: grade by age, the school the lists name, each linked
/// to its finding and audited; a second `c` finds nothing left to register.
#[test]
fn findings_are_reviewed_by_class_and_turned_into_cases_in_one_step() {
    use common::{check_snapshot, press, render, type_text};
    use crossterm::event::KeyCode;
    let r = round();
    let mut db = common::open_demo(&r.path, "admin");
    run(&mut db, &VerifyArgs { apply: true, ..r.args.clone() }).expect("apply");
    let cases_before = rows_of(&db, "cases");
    let mut app = taizhang::tui::app::App::new(db, taizhang::tui::theme::Theme::new(false, false)).expect("app");
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('v')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("秋季学期四查三比对")), "{lines:#?}");
    check_snapshot("verify_rounds", &lines);
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("全部结果，共 7 人")), "{lines:#?}");
    // → twice: 在校, then 户籍有学籍无.
    press(&mut app, &[KeyCode::Right, KeyCode::Right]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("，共 1 人")) && lines.iter().any(|l| l.contains("乙")), "{lines:#?}");
    press(&mut app, &[KeyCode::Left, KeyCode::Left, KeyCode::Char('c')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("将把 3 名")), "asks first: {lines:#?}");
    press(&mut app, &[KeyCode::Char('c')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("已登记 3 件疑似辍学案件")), "{lines:#?}");
    check_snapshot("verify_findings", &lines);
    let db = &app.db;
    assert_eq!(rows_of(db, "cases"), cases_before + 3);
    let made: Vec<(String, String, i64, String)> = db
        .conn
        .prepare(
            "SELECT c.name, c.status, c.grade, s.name FROM verify_findings f JOIN cases c ON c.id = f.case_id
             JOIN schools s ON s.id = c.school_id WHERE f.class IN ('not_enrolled', 'not_present', 'poverty_not_enrolled')
             ORDER BY c.name",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let want = |n: &str| (n.to_string(), "suspected".to_string(), 5, SCHOOL.to_string());
    assert_eq!(made, vec![want("丁"), want("丙"), want("乙")], "born 2016-04: 五年级 in 2026-27");
    let linked: i64 = db
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'verify_findings' AND field = 'case_id'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(linked, 3, "each link is audited");
    press(&mut app, &[KeyCode::Char('c')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("没有尚未登记")), "nothing twice: {lines:#?}");
    assert_eq!(rows_of(&app.db, "cases"), cases_before + 3);
}

/// The findings table takes the column keys of every list (issue 19): `[` picks the last
/// column, `H` hides it and its room goes to the cut columns, `=` puts it back.
#[test]
fn a_findings_column_is_hidden_and_put_back_by_keys() {
    use common::{press, render, type_text};
    use crossterm::event::KeyCode;
    let r = round();
    let mut db = common::open_demo(&r.path, "admin");
    run(&mut db, &VerifyArgs { apply: true, ..r.args.clone() }).expect("apply");
    let mut app = taizhang::tui::app::App::new(db, taizhang::tui::theme::Theme::new(false, false)).expect("app");
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('v'), KeyCode::Enter]);
    let header = |lines: &[String]| lines.get(2).cloned().unwrap_or_default();
    assert!(header(&render(&app, 80, 24)).contains("名单"));
    press(&mut app, &[KeyCode::Char('['), KeyCode::Char('H')]);
    let lines = render(&app, 80, 24);
    assert!(!header(&lines).contains("名单"), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("已隐藏列“名单”")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("脱贫/监测户子女未入学")), "a cut finding is whole: {lines:#?}");
    press(&mut app, &[KeyCode::Char('=')]);
    assert!(header(&render(&app, 80, 24)).contains("名单"));
}
