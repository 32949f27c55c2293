//! The special-group registry (issue 17): a child registered with care contacts, all of
//! it audited; the 统计表 whose totals are the rows; masking in the export; the read
//! scope; the link to a dropout case; the import; and 随班就读 / 特教学校 no longer counted
//! as open cases.

use taizhang::db::cases::{self, StepInput};
use taizhang::db::registry::{self, NewContact};
use taizhang::db::scope::ReportError;
use taizhang::db::{users, Db};
use taizhang::domain::access::{Role, Scope, Target};
use taizhang::domain::case_status::{CaseAction, CaseStatus};
use taizhang::domain::codes::ContactKind;
use taizhang::domain::registry::{validate, RegistryRecord};
use taizhang::io::import::{self, Kind, Mode, Options};

const TODAY: &str = "2026-11-23";
const XUNKE: &str = "231123";

/// The shared demo opener (300 cases, TODAY pinned).
use common::open_demo as open;

fn first_school(db: &Db, county: &str) -> i64 {
    db.conn
        .query_row(
            "SELECT id FROM schools WHERE county_code = ?1 AND kind = 'primary' AND closed_on IS NULL ORDER BY id",
            [county],
            |r| r.get(0),
        )
        .expect("a primary school")
}

fn audit_rows(db: &Db, table: &str) -> i64 {
    db.conn.query_row("SELECT count(*) FROM audit_log WHERE table_name = ?1", [table], |r| r.get(0)).expect("audit")
}

/// A valid 登记表 row at `school`, through the form's rules.
fn child(school: i64) -> RegistryRecord {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let first17 = "23112320160504861";
    let id = format!("{first17}{}", taizhang::domain::id_number::check_char(first17.as_bytes()));
    let values = [
        ("name", "周某涵".to_string()),
        ("id_number", id),
        ("school_id", school.to_string()),
        ("grade", "4".into()),
        ("groups", "left_behind,disabled".into()),
        ("guardian", "周某国".into()),
        ("guardian_relation", "祖父".into()),
        ("parents_work", "浙江杭州".into()),
        ("placement", "inclusive".into()),
        ("plan", "随班就读，资源教师每周辅导".into()),
        ("registered_on", "2026-09-01".into()),
    ];
    let get = |k: &str| values.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    validate(get, today, |id| id == school).expect("valid child")
}

#[test]
fn a_child_with_care_contacts_is_registered_and_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("r.db"), "tester");
    let school = first_school(&db, XUNKE);
    let rec = child(school);
    assert_eq!(rec.sex.as_deref(), Some("M"), "sex from the ID number");
    let target = Target { region_code: XUNKE.into(), school_id: Some(school) };
    let (children_audit, contacts_audit) = (audit_rows(&db, registry::TABLE), audit_rows(&db, registry::CONTACTS));
    let ids = registry::insert_many(&mut db, &target, &[(XUNKE.to_string(), rec.clone())], "test").expect("insert");
    let id = *ids.first().expect("one id");
    let got = registry::get(&db, id).expect("read").expect("the child");
    assert_eq!(got.record, rec, "every field round-trips by name");
    assert!(audit_rows(&db, registry::TABLE) > children_audit + 5, "an insert row and one per filled field");

    for (on, kind) in [("2026-10-09", ContactKind::HomeVisit), ("2026-09-15", ContactKind::Review)] {
        let c = NewContact { on: on.into(), who: "王某华".into(), kind, note: "了解近况".into() };
        registry::add_contact(&mut db, &got, &c).expect("contact");
    }
    let contacts = registry::contacts(&db.conn, id).expect("contacts");
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0].on, "2026-09-15", "oldest first");
    assert_eq!(contacts[0].kind, ContactKind::Review, "the 一人一案's review is a dated contact");
    assert_eq!(registry::get(&db, id).expect("read").expect("child").contacts, 2);
    assert_eq!(audit_rows(&db, registry::CONTACTS), contacts_audit + 2 * 5, "insert + 4 fields per contact");
}

#[test]
fn the_tally_s_totals_are_its_rows_for_a_county_and_a_prefecture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("r.db"), "tester");
    let listed = registry::list(&db, XUNKE).expect("list");
    assert!(listed.len() >= 24, "a few dozen demo children: {}", listed.len());
    let t = registry::tally(&db, XUNKE, None).expect("tally");
    let sum = |f: &dyn Fn(&taizhang::domain::registry::Counts) -> i64| t.lines.iter().map(|(_, c)| f(c)).sum::<i64>();
    assert_eq!(sum(&|c| c.children), t.total.children);
    assert_eq!(t.total.children, listed.len() as i64, "one child counted once");
    for g in 0..6 {
        assert_eq!(sum(&|c| c.groups[g]), t.total.groups[g], "group column {g}");
    }
    assert_eq!(t.total.male + t.total.female, t.total.children, "every demo child has a sex");
    let left: i64 = listed.iter().filter(|c| c.record.groups.split(',').any(|g| g == "left_behind")).count() as i64;
    assert_eq!(t.total.groups[0], left, "留守 is the first group column");
    assert!(t.total.groups[0] * 2 > t.total.children, "mostly 留守");
    let schools: i64 = db
        .conn
        .query_row("SELECT count(*) FROM schools WHERE county_code = ?1 AND closed_on IS NULL", [XUNKE], |r| r.get(0))
        .expect("n");
    assert_eq!(t.lines.len() as i64, schools, "every school has its line, with children or not");

    // The prefecture's lines are its counties, each the county's own total.
    let city = registry::tally(&db, "230900", None).expect("prefecture");
    assert!(city.lines.len() >= 4);
    for (name, c) in &city.lines {
        let code: String = db
            .conn
            .query_row("SELECT code FROM regions WHERE name = ?1 AND code LIKE '2309%'", [name], |r| r.get(0))
            .expect("code");
        assert_eq!(registry::tally(&db, &code, None).expect("county").total, *c, "{name}");
    }
}

#[test]
fn the_export_masks_every_id_and_the_report_has_both_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    let db = open(&path, "tester");
    let ids: Vec<String> =
        registry::list(&db, XUNKE).expect("list").into_iter().filter_map(|c| c.record.id_number).collect();
    assert!(!ids.is_empty());
    drop(db);
    let login = taizhang::os_user::current_login();
    let mut db = open(&path, "tester");
    users::upsert(&mut db, &login, Role::Admin, &Scope::Region(XUNKE.into())).expect("cli login");
    drop(db);
    let out = dir.path().join("registry.csv");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .args(["--db", path.to_str().expect("utf-8"), "--lang", "zh"])
            .args(args)
            .env("TAIZHANG_TODAY", TODAY)
            .output()
            .expect("run")
    };
    let o = run(&["export", "registry", "--region", XUNKE, "-o", out.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).expect("csv");
    for id in &ids {
        assert!(!text.contains(id.as_str()), "a full ID number left the program: {id}");
        assert!(!text.contains(id.get(6..14).unwrap_or("x")), "a birth date (YYYYMMDD) left the program");
    }
    assert!(text.contains("231123************"), "masked like the case ID");
    assert!(text.contains("登记表") && text.contains("统计表"), "both tables");
    let json = run(&["report", "registry", "--region", XUNKE, "--json"]);
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let tables = v["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 2);
    let rows = tables[1]["rows"].as_array().expect("rows");
    let total = rows.last().expect("total row");
    assert_eq!(total[0], "合计");
    assert_eq!(total[1].as_f64(), Some(ids.len() as f64), "the tally's total is the register's rows");
    let xlsx = dir.path().join("registry.xlsx");
    let o = run(&["export", "registry", "--region", XUNKE, "-o", xlsx.to_str().expect("utf-8")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_care_contact_logged_from_the_command_line_is_checked_audited_and_shown_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    let db = open(&path, "tester");
    let c = registry::list(&db, XUNKE)
        .expect("list")
        .into_iter()
        .find(|c| c.record.id_number.is_some())
        .expect("a demo child with an ID number");
    let before = audit_rows(&db, registry::CONTACTS);
    drop(db);
    let mut db = open(&path, "tester");
    let login = taizhang::os_user::current_login();
    users::upsert(&mut db, &login, Role::Admin, &Scope::Region(XUNKE.into())).expect("cli login");
    drop(db);
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .args(["--db", path.to_str().expect("utf-8"), "--lang", "zh"])
            .args(args)
            .env("TAIZHANG_TODAY", TODAY)
            .output()
            .expect("run");
        let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (o.status.code().unwrap_or(-1), s(&o.stdout), s(&o.stderr))
    };
    let child = c.id.to_string();
    // Every wrong field is named, and nothing is written.
    let (rc, _, err) =
        run(&["registry", "contact", "--child", &child, "--date", "2026-12-01", "--who", "", "--kind", "拜访"]);
    assert_eq!(rc, 2, "{err}");
    assert!(err.contains("日期") && err.contains("帮扶人") && err.contains("“拜访”不是关爱方式"), "{err}");
    let db = open(&path, "tester");
    let had = registry::contacts(&db.conn, c.id).expect("contacts").len();
    assert_eq!(had as i64, c.contacts, "the refused contact wrote nothing");
    drop(db);
    let (rc, out, err) = run(&[
        "registry",
        "contact",
        "--child",
        &child,
        "--date",
        TODAY,
        "--who",
        "班主任王某华",
        "--kind",
        "家访",
        "--note",
        "了解近况",
    ]);
    assert_eq!(rc, 0, "{out}{err}");
    let db = open(&path, "tester");
    assert_eq!(registry::contacts(&db.conn, c.id).expect("contacts").len(), had + 1);
    assert!(audit_rows(&db, registry::CONTACTS) > before, "the contact is audited");
    let (rc, out, err) = run(&["registry", "show", "--child", &child]);
    assert_eq!(rc, 0, "{err}");
    assert!(out.contains(TODAY) && out.contains("班主任王某华") && out.contains("了解近况"), "{out}");
    let id = c.record.id_number.clone().unwrap_or_default();
    assert!(!out.contains(&id) && out.contains("231123************"), "the ID number is masked: {out}");
    let (rc, _, err) = run(&["registry", "show", "--child", "999999"]);
    assert_eq!(rc, 2, "{err}");
}

#[test]
fn another_county_s_login_reads_nothing_of_the_registry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    let mut root = open(&path, "tester");
    let own = first_school(&root, XUNKE);
    users::upsert(&mut root, "other", Role::Admin, &Scope::Region("230108".into())).expect("other");
    users::upsert(&mut root, "filler", Role::Filler, &Scope::School { id: own, county_code: XUNKE.into() })
        .expect("filler");
    let any = registry::list(&root, XUNKE).expect("list").into_iter().next().expect("a child");
    drop(root);

    let other = open(&path, "other");
    assert!(registry::list(&other, XUNKE).expect("list").is_empty(), "no child of another county");
    assert!(registry::get(&other, any.id).expect("get").is_none());
    assert!(matches!(registry::tally(&other, XUNKE, None), Err(ReportError::Refused(_))), "nor its counts");
    drop(other);

    let filler = open(&path, "filler");
    let seen = registry::list(&filler, XUNKE).expect("list");
    assert!(seen.iter().all(|c| c.record.school_id == Some(own)), "a 填报员 reads their school's children");
    let t = registry::tally(&filler, XUNKE, None).expect("own school's tally");
    assert_eq!(t.lines.len(), 1);
    assert_eq!(t.total.children, seen.len() as i64);
}

#[test]
fn a_registry_child_and_its_dropout_case_link_by_id_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("r.db"), "tester");
    let linked: Vec<_> = registry::list(&db, XUNKE).expect("list").into_iter().filter(|c| c.case.is_some()).collect();
    assert!(!linked.is_empty(), "the demo puts some ledger children on the registry");
    let c = &linked[0];
    let (case_id, _) = c.case.expect("case");
    let case = cases::get(&db, case_id).expect("case").expect("exists");
    assert_eq!(case.record.id_number, c.record.id_number);
    let back = registry::of_case(&db, XUNKE, case.record.id_number.as_deref().unwrap_or_default()).expect("link");
    assert_eq!(back.map(|(id, _)| id), Some(c.id), "and the case finds the child");
}

#[test]
fn an_import_checks_every_row_and_writes_only_when_all_are_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("r.db"), "tester");
    let school: String = db
        .conn
        .query_row("SELECT name FROM schools WHERE county_code = ?1 ORDER BY id", [XUNKE], |r| r.get(0))
        .expect("n");
    let before = registry::list(&db, XUNKE).expect("list").len();
    let first17 = "23112320170301123";
    let id = format!("{first17}{}", taizhang::domain::id_number::check_char(first17.as_bytes()));
    let file = dir.path().join("登记表.csv");
    let csv = format!(
        "姓名,身份证号,就读学校,年级,群体类别,监护人,与儿童关系,父母外出务工地点\n\
         吴某悦,{id},{school},三年级,留守,吴某国,祖父,北京\n\
         郑某轩,231123************,{school},二年级,低保,郑某华,母亲,\n"
    );
    std::fs::write(&file, csv).expect("write");
    let opts = Options { mode: Mode::Apply, county: Some(XUNKE.into()), ..Options::default() };
    let out = import::run(&mut db, Kind::Registry, &file, &opts, &mut |_, _| {}).expect("import");
    assert_eq!((out.rows, out.invalid_rows, out.written), (2, 1, 0), "one bad row: nothing written");
    let reasons: Vec<&str> = out.problems.iter().map(|p| p.column.as_str()).collect();
    assert!(reasons.contains(&"身份证号") && reasons.contains(&"群体类别"), "{:?}", out.problems);
    assert!(out.problems.iter().all(|p| !p.value.contains(&id)), "problems are listed masked");
    assert_eq!(registry::list(&db, XUNKE).expect("list").len(), before);

    std::fs::write(&file, format!("姓名,身份证号,就读学校,年级,群体类别\n吴某悦,{id},{school},三年级,留守、困境\n"))
        .expect("write");
    let out = import::run(&mut db, Kind::Registry, &file, &opts, &mut |_, _| {}).expect("import");
    assert_eq!(out.written, 1, "{:?}", out.problems);
    let again = import::run(&mut db, Kind::Registry, &file, &opts, &mut |_, _| {}).expect("import");
    assert_eq!((again.written, again.duplicates.len()), (0, 1), "a child already on the registry is not added twice");
    let added = registry::list(&db, XUNKE).expect("list").into_iter().find(|c| c.record.name == "吴某悦").expect("row");
    assert_eq!(added.record.groups, "left_behind,hardship");
}

#[test]
fn inclusive_and_special_school_children_are_not_open_cases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("r.db"), "tester");
    let (id, version): (i64, i64) = db
        .conn
        .query_row(
            "SELECT id, version FROM cases WHERE county_code = ?1 AND status IN ('dropout', 'persuading') ORDER BY id",
            [XUNKE],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an out-of-school case");
    let open_before = taizhang::db::overview::load(&db.conn, XUNKE).expect("overview").open_total();
    let input = StepInput { date: TODAY.into(), ..StepInput::default() };
    let v = cases::step(&mut db, id, version, CaseAction::Inclusive, &input).expect("placed 随班就读");
    let open_after = taizhang::db::overview::load(&db.conn, XUNKE).expect("overview").open_total();
    assert_eq!(open_after, open_before - 1, "随班就读 leaves the open count");
    assert!(!CaseStatus::SpecialSchool.is_open() && CaseStatus::HomeTeaching.is_open());
    // Still a case that can be closed, or die, from its placement.
    let close =
        StepInput {
            date: TODAY.into(), who: "张某".into(), text: "随班就读一学期".into(), ..StepInput::default()
        };
    cases::step(&mut db, id, v, CaseAction::Close, &close).expect("closed from 随班就读");
}

#[path = "common/mod.rs"]
mod common;

/// `r` on the county page opens the 统计表: every school a line, the total last, at 80×24.
#[test]
fn the_tally_screen_at_80x24() {
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    common::press(&mut app, &[KeyCode::Char('/')]);
    common::type_text(&mut app, "逊克");
    common::press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('r')]);
    let lines = common::render(&app, 80, 24);
    assert!(lines[0].contains("特殊群体儿童台账"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("人数") && l.contains("留守") && l.contains("残疾")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("实验小学校")), "{lines:#?}");
    common::check_snapshot("registry_tally", &lines);
}
