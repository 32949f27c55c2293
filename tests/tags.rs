//! School designations (issue 17): a county defines a tag, gives it to schools with a level
//! and a date, and the schools are counted, filtered and exported with it.

use std::time::Duration;
use taizhang::db::tags;
use taizhang::db::{self, users, Db, OpenOptions};
use taizhang::domain::access::{Role, Scope};
use taizhang::domain::codes::TagLevel;

const XUNKE: &str = "231123";

fn open(path: &std::path::Path, login: &str) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let opts = OpenOptions {
        path: path.into(),
        create: db::Create::Demo(300),
        busy_timeout: Duration::from_millis(300),
        login: login.into(),
    };
    db::open(&opts).expect("open")
}

fn schools_of(db: &Db, county: &str) -> Vec<i64> {
    let mut stmt = db
        .conn
        .prepare("SELECT id FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY id")
        .expect("sql");
    let rows = stmt.query_map([county], |r| r.get(0)).expect("query");
    rows.collect::<Result<_, _>>().expect("ids")
}

fn count_of(db: &Db, region: &str, name: &str) -> Option<i64> {
    tags::counts(db, region).expect("counts").into_iter().find(|t| t.name == name).map(|t| t.schools)
}

#[test]
fn a_tag_is_defined_given_and_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("t.db"), "tester");
    let tag = tags::define(&mut db, XUNKE, "特色学校", "").expect("define").expect("new");
    assert_eq!(tags::define(&mut db, XUNKE, "特色学校", "").expect("again"), None, "one tag per name and county");
    let ids = schools_of(&db, XUNKE);
    for id in ids.iter().take(3) {
        assert!(tags::give(&mut db, XUNKE, *id, tag, TagLevel::County, "2024-09-01").expect("give"));
    }
    assert!(!tags::give(&mut db, XUNKE, ids[0], tag, TagLevel::County, "2025-01-01").expect("again"), "held already");
    assert!(
        tags::give(&mut db, XUNKE, ids[0], tag, TagLevel::City, "2025-01-01").expect("city"),
        "a higher level is a second row"
    );
    assert_eq!(count_of(&db, XUNKE, "特色学校"), Some(3), "three schools, whatever their levels");
    assert_eq!(count_of(&db, "231100", "特色学校"), Some(3), "counted at the prefecture too");
    let held = tags::by_school(&db.conn, XUNKE).expect("by school");
    let mine = held.get(&ids[0]).map(|g| g.iter().filter(|g| g.tag == "特色学校").count());
    assert_eq!(mine, Some(2), "at two levels");
    let audited: i64 = db
        .conn
        .query_row("SELECT count(*) FROM audit_log WHERE table_name IN ('tags', 'school_tags')", [], |r| r.get(0))
        .expect("audit");
    assert_eq!(audited, 1 + 4 * 3, "the tag, and each designation with its level and date");
}

#[test]
fn the_demo_has_the_sources_designations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("t.db"), "tester");
    let pingfang = schools_of(&db, "230108").len().min(10) as i64;
    assert_eq!(count_of(&db, "230108", "冰球基点学校"), Some(pingfang), "平房区's 冰球基点学校 (up to 10)");
    assert_eq!(count_of(&db, XUNKE, "省级绿色学校"), Some(5), "逊克's 5 省级绿色学校");
    assert_eq!(count_of(&db, XUNKE, "冰球基点学校"), None, "another county's tag is not listed");
}

#[test]
fn only_administrators_define_and_give_tags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.db");
    let mut root = open(&path, "tester");
    let own = schools_of(&root, XUNKE)[0];
    users::upsert(&mut root, "filler", Role::Filler, &Scope::School { id: own, county_code: XUNKE.into() })
        .expect("filler");
    users::upsert(&mut root, "other", Role::Admin, &Scope::Region("230108".into())).expect("other");
    let tag = tags::define(&mut root, XUNKE, "劳动基地", "").expect("define").expect("new");
    drop(root);
    let mut filler = open(&path, "filler");
    assert!(tags::define(&mut filler, XUNKE, "x", "").is_err(), "a 填报员 defines no tag");
    assert!(tags::give(&mut filler, XUNKE, own, tag, TagLevel::County, "2025-01-01").is_err());
    drop(filler);
    let mut other = open(&path, "other");
    assert!(tags::give(&mut other, XUNKE, own, tag, TagLevel::County, "2025-01-01").is_err(), "nor another county");
}

#[test]
fn export_schools_has_a_tags_column_and_still_re_imports() {
    use taizhang::io::export::{export, ExportOptions, Format, What};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("t.db"), "tester");
    let tag = tags::define(&mut db, XUNKE, "冰雪特色学校", "").expect("define").expect("new");
    let ids = schools_of(&db, XUNKE);
    let given: String =
        db.conn.query_row("SELECT name FROM schools WHERE id = ?1", [ids[0]], |r| r.get(0)).expect("name");
    assert!(tags::give(&mut db, XUNKE, ids[0], tag, TagLevel::Province, "2023-06-01").expect("give"));
    let out = dir.path().join("schools.csv");
    let opts = ExportOptions {
        what: What::Schools,
        region: XUNKE.into(),
        school: None,
        statuses: Vec::new(),
        format: Format::Csv,
        unmasked: false,
    };
    export(&mut db, &opts, &out).expect("export");
    let mut r = csv::Reader::from_path(&out).expect("read");
    let headers = r.headers().expect("headers").clone();
    let col = headers.iter().position(|h| h == "标签").expect("a 标签 column");
    let name_col = headers.iter().position(|h| h == "学校名称").expect("name column");
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    let row = rows.iter().find(|r| r.get(name_col) == Some(given.as_str())).expect("the tagged school");
    let cell = row.get(col).unwrap_or_default();
    assert!(cell.split('、').any(|t| t == "冰雪特色学校（省级，2023-06-01）"), "each tag with level and date: {cell}");
    let untagged = rows.iter().filter(|r| r.get(col) == Some("")).count();
    assert!(untagged > 0, "a school without designations has an empty cell");
    // The template re-imports: every row is a school the county has, none is refused.
    let o = taizhang::io::import::run(
        &mut db,
        taizhang::io::import::Kind::Schools,
        &out,
        &taizhang::io::import::Options::default(),
        &mut |_, _| {},
    )
    .expect("import");
    assert_eq!((o.invalid_rows, o.duplicates.len()), (0, rows.len()), "{:?}", o.problems);
}
