//! Item ledgers (销号管理): an item opened, progressed, closed and reopened with its audit
//! rows; the open items by month; the scope (a 填报员 only their school's items, another
//! county's administrator nothing); kinds an administrator adds; flagged schools without an
//! open item; and the command line over the same database.

use std::process::Command;
use taizhang::db::items::{self, Filter};
use taizhang::db::{self, users, Db, WriteError};
use taizhang::domain::access::{Refusal, Role, Scope};
use taizhang::domain::items::{self as rules, Closing, Entry, ItemRecord, Status};
use taizhang::domain::monthly::Month;

const TODAY: &str = "2026-11-23";
const COUNTY: &str = "231123";

/// The shared demo opener (300 cases, TODAY pinned).
use common::open_demo as open;

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    /// Two open schools of the county.
    school: i64,
    other: i64,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("items.db");
        let mut root = open(&path, "root");
        let ids: Vec<i64> = root
            .conn
            .prepare("SELECT id FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY id LIMIT 2")
            .and_then(|mut s| s.query_map([COUNTY], |r| r.get(0))?.collect())
            .expect("schools");
        let (school, other) = (ids[0], ids[1]);
        users::upsert(&mut root, "admin", Role::Admin, &Scope::Region(COUNTY.into())).expect("admin");
        users::upsert(&mut root, "elsewhere", Role::Admin, &Scope::Region("230902".into())).expect("admin b");
        let own = Scope::School { id: school, county_code: COUNTY.into() };
        users::upsert(&mut root, "filler", Role::Filler, &own).expect("filler");
        Fixture { _dir: dir, path, school, other }
    }

    fn db(&self, login: &str) -> Db {
        open(&self.path, login)
    }
}

fn record(kind: &str, school: Option<i64>, opened: &str, due: Option<&str>) -> ItemRecord {
    ItemRecord {
        kind: kind.into(),
        school_id: school,
        problem: "三年级二班 62 人".into(),
        measure: "分班，新建教室两间".into(),
        unit: "基础教育股".into(),
        person: "王某".into(),
        opened_on: opened.into(),
        due_on: due.map(str::to_string),
        note: String::new(),
    }
}

fn entry(on: &str, note: &str) -> Entry {
    Entry { on_date: on.into(), note: note.into() }
}

/// (action, field, old, new) of the audit rows of item `id`, oldest first.
/// One audit row: action, field, old, new.
type AuditLine = (String, Option<String>, Option<String>, Option<String>);

fn audit(db: &Db, table: &str, id: i64) -> Vec<AuditLine> {
    let mut stmt = db
        .conn
        .prepare(
            "SELECT action, field, old_value, new_value FROM audit_log WHERE table_name = ?1 AND row_key = ?2 ORDER BY id",
        )
        .expect("prepare");
    let rows =
        stmt.query_map(rusqlite::params![table, id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)));
    rows.expect("query").collect::<Result<_, _>>().expect("rows")
}

#[test]
fn an_item_is_opened_progressed_closed_and_reopened_with_its_audit() {
    let f = Fixture::new();
    let mut db = f.db("admin");
    let id = items::insert(&mut db, COUNTY, &record("large_class", Some(f.school), "2026-09-01", Some("2026-10-31")))
        .expect("open");
    let item = items::get_visible(&db, id).expect("read").expect("visible");
    assert_eq!(item.status(db::today()), Status::Overdue, "open past its target date");
    let v = items::progress(&mut db, id, item.version, &entry("2026-10-08", "新教室开工")).expect("progress");
    // A stale version is a conflict: nothing is written.
    assert!(matches!(items::progress(&mut db, id, item.version, &entry("2026-10-09", "x")), Err(WriteError::Conflict)));
    let early = Closing { closed_on: "2026-08-01".into(), evidence: "分班名单".into(), closed_by: "李某".into() };
    assert!(matches!(items::close(&mut db, id, v, &early), Err(WriteError::Invalid { field: "closed_on", .. })));
    let c = Closing { closed_on: "2026-11-02".into(), ..early };
    let v = items::close(&mut db, id, v, &c).expect("close");
    assert!(matches!(items::close(&mut db, id, v, &c), Err(WriteError::Invalid { field: "closed_on", .. })), "twice");
    let closed = items::get_visible(&db, id).expect("read").expect("visible");
    assert_eq!((closed.status(db::today()), closed.evidence.as_str()), (Status::Closed, "分班名单"));
    assert!(matches!(
        items::progress(&mut db, id, v, &entry("2026-11-03", "x")),
        Err(WriteError::Invalid { field: "on_date", .. })
    ));
    let v = items::reopen(&mut db, id, v, &entry("2026-11-20", "转入学生又超 56 人")).expect("reopen");
    let again = items::get_visible(&db, id).expect("read").expect("visible");
    assert_eq!((again.closed_on.as_deref(), again.evidence.as_str(), again.version), (None, "", v));

    let actions: Vec<String> = items::entries(&db.conn, id).expect("entries").into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["reopen", "close", "progress"], "newest first, the close kept after reopening");

    let rows = audit(&db, "items", id);
    let first = rows.first().expect("an insert row");
    assert_eq!((first.0.as_str(), first.3.as_deref()), ("insert", Some("三年级二班 62 人")));
    let field_rows = |field: &str| rows.iter().filter(|r| r.1.as_deref() == Some(field)).cloned().collect::<Vec<_>>();
    let evidence = field_rows("evidence");
    assert_eq!(evidence.len(), 2, "closed, then cleared: {evidence:?}");
    assert_eq!((evidence[0].2.as_deref(), evidence[0].3.as_deref()), (None, Some("分班名单")));
    assert_eq!((evidence[1].2.as_deref(), evidence[1].3.as_deref()), (Some("分班名单"), None));
    assert_eq!(field_rows("closed_by")[0].3.as_deref(), Some("李某"));
    assert!(rows.iter().any(|r| r.1.as_deref() == Some("school_id") && r.3 == Some(f.school.to_string())));
    let logins: Vec<String> = db
        .conn
        .prepare("SELECT DISTINCT login FROM audit_log WHERE table_name IN ('items', 'item_entries')")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("logins");
    assert_eq!(logins, ["admin"], "every row says who");
    let first_entry: i64 =
        db.conn.query_row("SELECT min(id) FROM item_entries WHERE item_id = ?1", [id], |r| r.get(0)).expect("entry");
    assert_eq!(audit(&db, "item_entries", first_entry).len(), 2, "the first entry's insert and note");
}

#[test]
fn open_items_are_counted_by_month_from_opens_closes_and_reopenings() {
    let f = Fixture::new();
    let mut db = f.db("admin");
    let mut open_one =
        |opened: &str| items::insert(&mut db, COUNTY, &record("patrol", Some(f.school), opened, None)).expect("open");
    let a = open_one("2026-01-10");
    let b = open_one("2026-02-01");
    let _c = open_one("2026-03-15");
    let closing =
        |on: &str| Closing { closed_on: on.into(), evidence: "整改照片".into(), closed_by: "李某".into() };
    let version = |db: &Db, id: i64| items::get(&db.conn, id).expect("read").expect("item").version;
    let v = version(&db, a);
    let v = items::close(&mut db, a, v, &closing("2026-03-05")).expect("close a");
    items::reopen(&mut db, a, v, &entry("2026-04-02", "复查未通过")).expect("reopen a");
    let v = version(&db, b);
    items::close(&mut db, b, v, &closing("2026-02-28")).expect("close b");
    // Another kind in the same county is a line of its own.
    items::insert(&mut db, COUNTY, &record("toilet", Some(f.school), "2026-01-05", None)).expect("other kind");

    let spans = items::spans(&db, COUNTY, Some("patrol")).expect("spans");
    let m = |s: &str| Month::parse(s).expect("month");
    let line: Vec<usize> =
        rules::open_by_month(&spans, m("2025-12"), m("2026-05")).into_iter().map(|(_, n)| n).collect();
    assert_eq!(line, [0, 1, 1, 1, 2, 2]);
    let toilets = items::spans(&db, COUNTY, Some("toilet")).expect("spans");
    assert_eq!(rules::open_by_month(&toilets, m("2026-01"), m("2026-01")), [(m("2026-01"), 1)]);
    // The prefecture above the county counts the same items.
    assert_eq!(items::spans(&db, "231100", Some("patrol")).expect("spans").len(), 3);
}

#[test]
fn a_filler_works_only_on_their_school_and_other_counties_see_nothing() {
    let f = Fixture::new();
    let mut admin = f.db("admin");
    let theirs =
        items::insert(&mut admin, COUNTY, &record("repair", Some(f.other), "2026-06-01", None)).expect("other");
    let county = items::insert(&mut admin, COUNTY, &record("creation", None, "2026-06-01", None)).expect("county");

    let mut filler = f.db("filler");
    let own = items::insert(&mut filler, COUNTY, &record("repair", Some(f.school), "2026-06-02", None)).expect("own");
    let refused = items::insert(&mut filler, COUNTY, &record("repair", Some(f.other), "2026-06-02", None));
    assert!(
        matches!(refused, Err(WriteError::Refused(Refusal::OutsideSchool { record_school: Some(s), .. })) if s == f.other),
        "{refused:?}"
    );
    let county_level = items::insert(&mut filler, COUNTY, &record("creation", None, "2026-06-02", None));
    assert!(matches!(county_level, Err(WriteError::Refused(Refusal::OutsideSchool { record_school: None, .. }))));
    let seen: Vec<i64> = items::list(&filler, COUNTY, &Filter::default()).expect("list").iter().map(|i| i.id).collect();
    assert_eq!(seen, [own], "only their school's");
    assert!(items::get_visible(&filler, theirs).expect("read").is_none());
    let version = items::get(&filler.conn, theirs).expect("read").expect("item").version;
    let close = Closing { closed_on: "2026-07-01".into(), evidence: "照片".into(), closed_by: "张某".into() };
    assert!(matches!(items::close(&mut filler, theirs, version, &close), Err(WriteError::Refused(_))));
    assert!(items::get(&filler.conn, theirs).expect("read").expect("item").closed_on.is_none(), "unchanged");

    let mut elsewhere = f.db("elsewhere");
    assert!(items::list(&elsewhere, COUNTY, &Filter::default()).expect("list").is_empty());
    let refused = items::insert(&mut elsewhere, COUNTY, &record("repair", Some(f.school), "2026-06-02", None));
    assert!(matches!(refused, Err(WriteError::Refused(Refusal::OutOfScope { .. }))), "{refused:?}");
    // The prefecture's list is scoped the same way: the county's administrator sees all three.
    let mut ids: Vec<i64> =
        items::list(&admin, "231100", &Filter::default()).expect("list").iter().map(|i| i.id).collect();
    ids.retain(|i| *i >= theirs); // the demo's own items come first
    ids.sort();
    assert_eq!(ids, [theirs, county, own]);
    let audits: i64 = admin
        .conn
        .query_row("SELECT count(*) FROM audit_log WHERE table_name = 'items' AND login = 'filler'", [], |r| r.get(0))
        .expect("count");
    assert!(audits > 0, "the filler's own item is audited under their login");
}

#[test]
fn lists_filter_by_kind_status_school_and_overdue() {
    let f = Fixture::new();
    let mut db = f.db("admin");
    let late = items::insert(&mut db, COUNTY, &record("toilet", Some(f.school), "2026-01-01", Some("2026-06-30")))
        .expect("late");
    let fine = items::insert(&mut db, COUNTY, &record("toilet", Some(f.other), "2026-01-01", Some("2027-06-30")))
        .expect("fine");
    let done = items::insert(&mut db, COUNTY, &record("patrol", Some(f.other), "2026-01-01", Some("2026-02-01")))
        .expect("done");
    let v = items::get(&db.conn, done).expect("read").expect("item").version;
    let c = Closing { closed_on: "2026-01-20".into(), evidence: "巡课记录".into(), closed_by: "李某".into() };
    items::close(&mut db, done, v, &c).expect("close");
    // The demo's own items of the county come first: only these three are compared.
    let ids = |filter: Filter| -> Vec<i64> {
        items::list(&db, COUNTY, &filter).expect("list").iter().map(|i| i.id).filter(|i| *i >= late).collect()
    };
    assert_eq!(ids(Filter { kind: Some("toilet".into()), ..Filter::default() }), [late, fine], "due first");
    assert_eq!(ids(Filter { open: true, ..Filter::default() }), [late, fine]);
    assert_eq!(ids(Filter { overdue: true, ..Filter::default() }), [late], "a closed item is never overdue");
    assert_eq!(ids(Filter { school: Some(f.other), ..Filter::default() }), [fine, done], "open before closed");
}

#[test]
fn kinds_are_added_by_administrators_only() {
    let f = Fixture::new();
    let mut admin = f.db("admin");
    items::add_kind(&mut admin, "flood_2026", "2026 洪灾校舍", "2026 flood damage").expect("add");
    let kinds = items::kinds(&admin.conn).expect("kinds");
    let codes: Vec<&str> = kinds.iter().map(|k| k.code.as_str()).collect();
    assert_eq!(codes, ["large_school", "large_class", "creation", "repair", "toilet", "patrol", "flood_2026"]);
    assert_eq!(items::find_kind(&kinds, "大班额化解").map(|k| k.code.as_str()), Some("large_class"), "by name");
    assert!(matches!(items::add_kind(&mut admin, "flood_2026", "另一个", ""), Err(WriteError::Invalid { .. })));
    assert!(matches!(items::add_kind(&mut admin, "Flood", "洪灾", ""), Err(WriteError::Invalid { .. })));
    let mut filler = f.db("filler");
    assert!(matches!(items::add_kind(&mut filler, "x", "某类", ""), Err(WriteError::Refused(Refusal::AdminOnly))));
    // An item of a kind that does not exist is refused by the database too.
    let bad = items::insert(&mut admin, COUNTY, &record("nonsense", Some(f.school), "2026-01-01", None));
    assert!(matches!(bad, Err(WriteError::Invalid { field: "kind", .. })));
}

#[test]
fn a_flagged_school_without_an_open_item_is_listed_as_needing_one() {
    let f = Fixture::new();
    let mut db = f.db("admin");
    // A school made 大班额 (largest class 60) and 大校额 (3,000 students).
    db.conn
        .execute(
            "UPDATE schools SET students = 3000, classes = 60, largest_class = 60, kind = 'primary' WHERE id = ?1",
            [f.school],
        )
        .expect("flag");
    let needs = |db: &Db| -> Vec<String> {
        items::needing(db, COUNTY)
            .expect("needing")
            .into_iter()
            .filter(|n| n.school_id == f.school)
            .map(|n| n.kind)
            .collect()
    };
    assert_eq!(needs(&db), ["large_class", "large_school"]);
    let id = items::insert(&mut db, COUNTY, &record("large_class", Some(f.school), "2026-09-01", None)).expect("open");
    assert_eq!(needs(&db), ["large_school"], "the open 大班额 item answers its flag");
    let v = items::get(&db.conn, id).expect("read").expect("item").version;
    let c = Closing { closed_on: "2026-11-01".into(), evidence: "分班".into(), closed_by: "李某".into() };
    items::close(&mut db, id, v, &c).expect("close");
    assert_eq!(needs(&db), ["large_class", "large_school"], "a closed item no longer answers a flag still raised");
    // An item of another kind does not answer it.
    items::insert(&mut db, COUNTY, &record("toilet", Some(f.school), "2026-09-01", None)).expect("toilet");
    assert_eq!(needs(&db).len(), 2);
}

fn cli(path: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .env("TAIZHANG_TODAY", TODAY)
        .args(["--db", &path.display().to_string(), "--lang", "en"])
        .args(args)
        .output()
        .expect("run taizhang");
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), s(&out.stdout), s(&out.stderr))
}

#[test]
fn the_command_line_opens_closes_and_lists_items() {
    let f = Fixture::new();
    let code: String = f
        .db("admin")
        .conn
        .query_row("SELECT school_code FROM schools WHERE id = ?1", [f.school], |r| r.get(0))
        .expect("school code");
    // The command runs as the OS login: make it a county administrator.
    let me = taizhang::os_user::current_login();
    users::upsert(&mut f.db("root"), &me, Role::Admin, &Scope::Region(COUNTY.into())).expect("os login");
    let run = |args: &[&str]| cli(&f.path, args);
    let (rc, out, err) = run(&[
        "items",
        "add",
        "--region",
        COUNTY,
        "--school",
        &code,
        "--kind",
        "大班额化解",
        "--problem",
        "五年级一班 58 人",
        "--on",
        "2026-09-01",
        "--due",
        "2026-12-31",
    ]);
    assert_eq!(rc, 0, "{out}{err}");
    let id = out.trim().trim_start_matches("Item ").trim_end_matches(" opened.").to_string();
    assert!(id.parse::<i64>().is_ok(), "{out}");
    let (rc, out, _) = run(&["items", "close", &id, "--on", "2026-08-01", "--evidence", "名单", "--by", "李某"]);
    assert_eq!(rc, 2, "closed before it was opened: {out}");
    let (rc, _, err) = run(&["items", "close", &id, "--evidence", "分班名单", "--by", "李某"]);
    assert_eq!(rc, 0, "{err}");
    let (rc, out, _) = run(&["items", "list", "--region", COUNTY, "--kind", "large_class", "--json"]);
    assert_eq!(rc, 0);
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    let row = rows
        .as_array()
        .and_then(|a| a.iter().find(|r| r["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id.as_str())))
        .expect("the item");
    assert_eq!((row["status"].as_str(), row["evidence"].as_str()), (Some("closed"), Some("分班名单")));
    let (rc, out, _) = run(&["items", "list", "--region", COUNTY, "--open"]);
    assert_eq!(rc, 0);
    assert!(!out.contains("五年级一班"), "closed items are not listed with --open: {out}");
    let (rc, _, err) = run(&["items", "add", "--region", COUNTY, "--kind", "nonsense", "--problem", "x"]);
    assert_eq!(rc, 2);
    assert!(err.contains("nonsense") && err.contains("item-kind list"), "{err}");
}

/// The items of the county, counted straight from the table.
fn item_count(f: &Fixture) -> i64 {
    f.db("root").conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0)).expect("count")
}

#[test]
fn items_export_re_imports_unchanged_and_an_import_with_a_bad_row_writes_nothing() {
    let f = Fixture::new();
    let me = taizhang::os_user::current_login();
    users::upsert(&mut f.db("root"), &me, Role::Admin, &Scope::Region(COUNTY.into())).expect("os login");
    let run = |args: &[&str]| cli(&f.path, args);
    let dir = f.path.parent().expect("dir").to_path_buf();
    let before = item_count(&f);
    for name in ["items.csv", "items.xlsx"] {
        let file = dir.join(name).display().to_string();
        let (rc, out, err) = run(&["export", "items", "--region", COUNTY, "-o", &file]);
        assert_eq!(rc, 0, "{out}{err}");
        // The export is the template: every row is an item the ledger holds (its 编号).
        let (rc, out, err) = run(&["import", "items", &file, "--apply", "--json"]);
        assert_eq!(rc, 0, "{out}{err}");
        let o: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(o["invalid_rows"].as_i64(), Some(0), "{out}");
        assert!(o["duplicates"].as_array().is_some_and(|d| !d.is_empty()), "{out}");
        assert_eq!(o["written"].as_i64(), Some(0), "{out}");
    }
    assert_eq!(item_count(&f), before, "a re-imported export changes nothing");
    // The same rows without their numbers are new items; one bad row refuses them all.
    let mut rows = csv::Reader::from_path(dir.join("items.csv")).expect("read export");
    let headers = rows.headers().expect("headers").clone();
    let mut new = csv::Writer::from_path(dir.join("new.csv")).expect("write");
    new.write_record(&headers).expect("headers");
    let mut n = 0;
    for r in rows.records() {
        let r = r.expect("row");
        let cells: Vec<&str> = r.iter().enumerate().map(|(i, c)| if i == 0 { "" } else { c }).collect();
        new.write_record(&cells).expect("row");
        n += 1;
    }
    let mut bad: Vec<&str> = vec![""; headers.len()];
    let at = |h: &str| headers.iter().position(|x| x == h).expect(h);
    bad[at("Kind")] = "大班额化解";
    bad[at("County code")] = COUNTY;
    bad[at("Problem")] = "七年级二班 61 人";
    bad[at("Opened on")] = "2026-13-01";
    new.write_record(&bad).expect("bad row");
    new.flush().expect("flush");
    let file = dir.join("new.csv").display().to_string();
    let (rc, out, err) = run(&["import", "items", &file, "--apply"]);
    assert_eq!(rc, 2, "{out}{err}");
    let line = n + 2;
    assert!(out.contains(&format!("line {line}  Opened on  \"2026-13-01\"")), "the bad row by line and column: {out}");
    assert_eq!(item_count(&f), before, "all or nothing");
    // Without the bad row every item is written, in one audited transaction.
    let text = std::fs::read_to_string(dir.join("new.csv")).expect("read");
    let good: String = text.lines().take(n + 1).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("good.csv"), good).expect("write");
    let file = dir.join("good.csv").display().to_string();
    let (rc, out, err) = run(&["import", "items", &file, "--apply"]);
    assert_eq!(rc, 0, "{out}{err}");
    assert_eq!(item_count(&f), before + n as i64);
    let noted: i64 = f
        .db("root")
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'items' AND action = 'insert' AND note = 'import good.csv'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(noted, n as i64, "each imported item is audited with the file's name");
}

mod common;

#[test]
fn the_large_class_ledger_of_qitaihe_at_80x24() {
    use crossterm::event::KeyCode::{Backspace, Char, Enter, Right};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    common::press(&mut app, &[Char('/'), Char('q'), Char('t'), Char('h'), Enter, Char('x'), Right, Right]);
    let screen = common::render(&app, 80, 24);
    let text = screen.join("\n");
    assert!(text.contains("大班额化解"), "{text}");
    assert!(text.contains("53 → ") && text.contains(" 15"), "the line ends where the source says: {text}");
    common::check_snapshot("items_qitaihe_large_class", &screen);
    // Enter opens the item with its entries; Backspace comes back to the same ledger.
    common::press(&mut app, &[Enter]);
    let item = common::render(&app, 80, 24).join("\n");
    assert!(item.contains("孙某丽") && item.contains("进展与销号记录"), "{item}");
    common::press(&mut app, &[Backspace]);
    assert!(common::render(&app, 80, 24).join("\n").contains("大班额化解"));
}
