//! Roll-ups above the county on the demo database: each prefecture's row at the province is
//! that prefecture's own roll-up, each county's row at a prefecture is that county's own
//! report, and every total is the sum of its rows; an export at a prefecture is exactly
//! the union of its counties' exports and its own (市直属, 市级) records.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use taizhang::db::{self, monthly, rollup, schools, Db, OpenOptions};
use taizhang::domain::monthly::{Counts, Month};
use taizhang::domain::rollup::{IndicatorTally, MonthlyTally, Rollup, Sum};
use taizhang::domain::school_rules;
use taizhang::io::export::{self, ExportOptions, Format, What};

const TODAY: &str = "2026-11-23";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn open(path: &Path) -> Db {
    std::env::set_var("TAIZHANG_TODAY", TODAY);
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(2000),
        busy_timeout: Duration::from_millis(300),
        login: "admin".into(),
    })
    .expect("open")
}

const PREFECTURES: [&str; 3] = ["230900", "231000", "231100"];

/// The rows add up to the total.
fn sums_to_total<T: Sum + PartialEq + std::fmt::Debug>(r: &Rollup<T>) {
    let mut sum = T::default();
    for row in &r.rows {
        sum.add(&row.value);
    }
    assert_eq!(sum, r.total, "{}: the total is the sum of its rows", r.region);
}

fn month() -> Month {
    Month::parse("2026-10").expect("month")
}

#[test]
fn monthly_totals_are_the_sums_of_their_parts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("r.db"));
    let province = rollup::monthly(&db.conn, "230000", month(), today()).expect("province");
    sums_to_total(&province);
    assert_eq!(province.rows.len(), 13, "one row per prefecture");
    for row in &province.rows {
        let prefecture = rollup::monthly(&db.conn, &row.code, month(), today()).expect("prefecture");
        sums_to_total(&prefecture);
        assert_eq!(prefecture.total, row.value, "{}: its row at the province is its own total", row.code);
        for county in &prefecture.rows {
            let own = monthly::county_report(&db.conn, &county.code, month(), today()).expect("county report");
            // A 市直属 row adds its counts but is no county at zero or not.
            let want = if county.code == row.code { MonthlyTally::direct } else { MonthlyTally::of };
            assert_eq!(county.value, want(own.report.county), "{}", county.code);
        }
    }
    let qth = province.rows.iter().find(|r| r.code == "230900").expect("七台河");
    assert!(qth.value.counts != Counts::default(), "the demo has cases in 七台河");
    assert_eq!(qth.value.units, 4, "新兴区, 桃山区, 茄子河区, 勃利县");
}

#[test]
fn indicator_totals_are_the_sums_of_their_parts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("r.db"));
    let province = rollup::indicators(&db.conn, "230000", today()).expect("province");
    sums_to_total(&province);
    for code in PREFECTURES {
        let prefecture = rollup::indicators(&db.conn, code, today()).expect("prefecture");
        sums_to_total(&prefecture);
        let row = province.rows.iter().find(|r| r.code == code).expect("row");
        assert_eq!(prefecture.total, row.value);
        for county in &prefecture.rows {
            let own: IndicatorTally = rollup::indicator_unit(&db.conn, &county.code, today()).expect("county");
            assert_eq!(county.value, own);
            // A county is evaluated; a prefecture's own (市直属) records are not.
            let evaluated = i64::from(county.code != code);
            assert_eq!(own.counties, evaluated, "{}", county.code);
            assert_eq!(own.resources.total(), evaluated);
        }
        assert!(prefecture.total.schools > 0);
    }
}

#[test]
fn overview_totals_are_the_sums_of_their_parts_and_match_the_region_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("r.db"));
    let province = rollup::overview(&db.conn, "230000").expect("province");
    sums_to_total(&province);
    assert_eq!(province.rows.len(), 13, "one row per prefecture");
    for row in &province.rows {
        let prefecture = rollup::overview(&db.conn, &row.code).expect("prefecture");
        sums_to_total(&prefecture);
        assert_eq!(prefecture.total, row.value, "{}: its row at the province is its own total", row.code);
        for county in &prefecture.rows {
            assert_eq!(county.value, rollup::overview_unit(&db.conn, &county.code).expect("unit"), "{}", county.code);
        }
    }
    // The same figures the region tree's overview counts its own way (LIKE over the region).
    for code in ["230000", "230900", "231000", "231123"] {
        let t = rollup::overview(&db.conn, code).expect("roll-up").total;
        let o = db::overview::load(&db.conn, code).expect("overview");
        let got = (t.schools_open, t.schools_closed, t.students, t.alliances, t.open_cases, t.out_of_school);
        let want = (o.schools_open, o.schools_closed, o.students, o.alliances, o.open_total(), o.out_of_school);
        assert_eq!(got, want, "{code}");
    }
    let mdj = rollup::overview(&db.conn, "231000").expect("牡丹江");
    assert_eq!(mdj.total.alliances, 17, "3 市级 and 14 县级 学校联盟 (seed 003)");
    let direct = mdj.rows.iter().find(|r| r.code == "231000").expect("a 市直属 row: the 市级 alliances");
    assert_eq!(direct.value.alliances, 3);
}

#[test]
fn a_prefecture_s_own_records_are_no_county_at_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("r.db"));
    let mdj = rollup::monthly(&db.conn, "231000", month(), today()).expect("牡丹江");
    assert!(mdj.rows.iter().any(|r| r.code == "231000"), "the 市级 alliances make a 市直属 row");
    assert_eq!(mdj.total.units, 10, "清零 counts the ten counties, not the 市直属 row");
}

#[test]
fn report_overview_writes_the_roll_up_as_json_and_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    drop(open(&path));
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .env("TAIZHANG_TODAY", TODAY)
            .args(["--lang", "zh", "--db"])
            .arg(&path)
            .args(["report", "overview", "--region", "230900"])
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"])).expect("json");
    let rows = json["rows"].as_array().expect("rows");
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["新兴区", "桃山区", "茄子河区", "勃利县", "市直属"]);
    let sum: i64 = rows.iter().filter_map(|r| r["figures"]["schools_open"].as_i64()).sum();
    assert_eq!(json["total"]["schools_open"].as_i64(), Some(sum));
    assert!(sum > 0);
    let csv = dir.path().join("o.csv");
    run(&["--format", "csv", "-o", csv.to_str().expect("path")]);
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.contains("茄子河区,230904,") && text.contains("合计,230900,"), "{text}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["--lang", "zh", "--db"])
        .arg(&path)
        .args(["report", "overview", "--region", "2309"])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2309 不是行政区划代码"));
}

/// The data rows of an exported CSV (header left out).
fn rows_of(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_path(path).expect("csv");
    r.records().map(|x| x.expect("row").iter().map(str::to_string).collect()).collect()
}

fn export_rows(db: &mut Db, what: What, region: &str, dir: &Path) -> Vec<Vec<String>> {
    let path = dir.join(format!("{what:?}-{region}.csv"));
    let o = ExportOptions {
        what,
        region: region.into(),
        school: None,
        statuses: vec![],
        format: Format::Csv,
        unmasked: false,
    };
    export::export(db, &o, &path).expect("export");
    rows_of(&path)
}

/// A 市直属 school of 牡丹江 (the prefecture itself holds it).
fn add_direct_school(db: &mut Db) -> i64 {
    let values = |k: &str| {
        match k {
            "name" => "牡丹江市直属测试学校",
            "kind" => "special",
            "location" => "urban",
            "students" => "120",
            "classes" => "12",
            "largest_class" => "12",
            "teachers" => "40",
            _ => "",
        }
        .to_string()
    };
    let rec = school_rules::validate(values, today(), None, |_| false).expect("valid school");
    schools::insert(db, "231000", &rec).expect("a school filed under the prefecture")
}

#[test]
fn a_prefecture_exports_the_union_of_its_counties_and_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("r.db"));
    add_direct_school(&mut db);
    let counties: Vec<String> =
        rollup::units(&db.conn, "231000").expect("units").into_iter().filter(|u| u != "231000").collect();
    assert_eq!(counties.len(), 10, "牡丹江 has ten county-level units");
    for what in [What::Cases, What::Schools, What::Alliances] {
        let whole = export_rows(&mut db, what, "231000", dir.path());
        // The prefecture's rows, keyed by their place (县区 column) and without it.
        let mut at_prefecture: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for mut row in whole {
            let place = row.remove(0);
            at_prefecture.entry(place).or_default().push(row);
        }
        let direct = at_prefecture.remove("市直属").unwrap_or_default();
        let mut from_counties = Vec::new();
        for c in &counties {
            let rows = export_rows(&mut db, what, c, dir.path());
            let name = db.region_name(c);
            let mut here = at_prefecture.remove(&name).unwrap_or_default();
            let mut mine = rows.clone();
            here.sort();
            mine.sort();
            assert_eq!(here, mine, "{what:?}: {name}'s rows at the prefecture are its own export");
            from_counties.extend(rows);
        }
        assert!(at_prefecture.is_empty(), "{what:?}: no row of another place: {:?}", at_prefecture.keys());
        match what {
            What::Schools => {
                assert!(direct.iter().any(|r| r.contains(&"牡丹江市直属测试学校".to_string())));
                assert!(!from_counties.iter().any(|r| r.contains(&"牡丹江市直属测试学校".to_string())));
            }
            What::Alliances => {
                assert_eq!(direct.len(), 3, "牡丹江's three 市级 alliances belong to the prefecture");
                let level = taizhang::i18n::Label::label(&taizhang::domain::codes::AllianceLevel::City).to_string();
                assert!(direct.iter().all(|r| r.contains(&level)));
                assert!(!from_counties.iter().any(|r| r.contains(&level)), "no 市级 alliance in a county's export");
            }
            What::Cases => assert!(!from_counties.is_empty()),
        }
    }
}

#[test]
fn the_demo_s_city_run_school_and_city_level_alliances_are_the_prefecture_s_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("r.db"));
    let has = |rows: &[Vec<String>], text: &str| rows.iter().any(|r| r.iter().any(|c| c == text));
    let schools = export_rows(&mut db, What::Schools, "230900", dir.path());
    let own: Vec<Vec<String>> = schools.iter().filter(|r| r.first().is_some_and(|p| p == "市直属")).cloned().collect();
    assert!(has(&own, "七台河市特殊教育学校"), "{own:?}");
    let alliances = export_rows(&mut db, What::Alliances, "230900", dir.path());
    let city = taizhang::i18n::Label::label(&taizhang::domain::codes::AllianceLevel::City).to_string();
    let own_alliances = alliances.iter().filter(|r| r.first().is_some_and(|p| p == "市直属")).count();
    assert_eq!(own_alliances, 3, "七台河's 市级 共同体");
    for county in ["230902", "230903", "230904", "230921"] {
        let rows = export_rows(&mut db, What::Schools, county, dir.path());
        assert!(!has(&rows, "七台河市特殊教育学校"), "{county}");
        let rows = export_rows(&mut db, What::Alliances, county, dir.path());
        assert!(!has(&rows, &city), "no 市级 alliance in {county}'s export");
    }
    // The seed's placements (002): 新富小学 and 万龙学校 in 茄子河区, 第十三中学 and 第十五小学
    // in 桃山区; its named closures are closed schools, not deleted ones.
    let place = |name: &str| -> String {
        db.conn
            .query_row("SELECT county_code FROM schools WHERE name = ?1 AND county_code LIKE '2309%'", [name], |r| {
                r.get(0)
            })
            .expect(name)
    };
    for (name, county) in
        [("新富小学", "230904"), ("万龙学校", "230904"), ("第十三中学", "230903"), ("第十五小学", "230903")]
    {
        assert_eq!(place(name), county, "{name}");
    }
    let closed: i64 = db
        .conn
        .query_row(
            "SELECT count(*) FROM schools WHERE county_code LIKE '2309%' AND closed_on IS NOT NULL AND name IN
             ('东风中学','安乐学校','闫家教学点','勃利镇中心小学','小五站希望小学','大四站镇西村小学','永恒乡河口小学')",
            [],
            |r| r.get(0),
        )
        .expect("closed");
    assert_eq!(closed, 7);
}

#[test]
fn a_county_login_cannot_export_its_prefecture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    let mut db = open(&path);
    taizhang::db::users::upsert(
        &mut db,
        "li",
        taizhang::domain::access::Role::Admin,
        &taizhang::domain::access::Scope::Region("231002".into()),
    )
    .expect("user");
    let mut li = db::open(&OpenOptions {
        path: path.clone(),
        create: db::Create::Never,
        busy_timeout: Duration::from_millis(300),
        login: "li".into(),
    })
    .expect("open as li");
    let o = ExportOptions {
        what: What::Cases,
        region: "231000".into(),
        school: None,
        statuses: vec![],
        format: Format::Csv,
        unmasked: false,
    };
    let r = export::export(&mut li, &o, &dir.path().join("x.csv"));
    assert!(matches!(r, Err(export::ExportError::Refused(_))), "{r:?}");
    let o = ExportOptions { region: "231002".into(), ..o };
    assert!(export::export(&mut li, &o, &dir.path().join("y.csv")).is_ok(), "their own county");
}

/// A copy of the demo database at `to` holding only the records of `counties` (as a county
/// that keeps its own database would).
fn keep_only(from: &Path, to: &Path, counties: &[&str]) {
    std::fs::copy(from, to).expect("copy");
    let conn = rusqlite::Connection::open(to).expect("open copy");
    let list = counties.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(",");
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE county_code NOT IN ({list}));
         DELETE FROM cases WHERE county_code NOT IN ({list});
         DELETE FROM alliance_activities WHERE alliance_id IN (SELECT id FROM alliances WHERE region_code NOT IN ({list}));
         DELETE FROM alliance_members WHERE alliance_id IN (SELECT id FROM alliances WHERE region_code NOT IN ({list}))
             OR school_id IN (SELECT id FROM schools WHERE county_code NOT IN ({list}));
         DELETE FROM alliances WHERE region_code NOT IN ({list});
         DELETE FROM schools WHERE county_code NOT IN ({list});"
    ))
    .expect("keep only");
}

#[test]
fn two_county_databases_combine_to_what_one_database_holding_both_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let whole = dir.path().join("whole.db");
    drop(open(&whole));
    let (a, b, both) = (dir.path().join("a.db"), dir.path().join("b.db"), dir.path().join("both.db"));
    keep_only(&whole, &a, &["231002"]);
    keep_only(&whole, &b, &["231003"]);
    keep_only(&whole, &both, &["231002", "231003"]);
    let sources: Vec<rollup::Source> = [&a, &b].iter().map(|p| rollup::open_source(p).expect("source")).collect();
    let one = rollup::open_source(&both).expect("both");
    let combined = rollup::monthly_combined(&sources, "231000", month(), today()).expect("combined");
    let single = rollup::monthly(&one.conn, "231000", month(), today()).expect("single");
    assert_eq!(combined, single, "monthly");
    assert!(combined.total.counts != Counts::default(), "the two counties have cases");
    let combined = rollup::indicators_combined(&sources, "231000", today()).expect("combined");
    assert_eq!(combined, rollup::indicators(&one.conn, "231000", today()).expect("single"), "indicators");
    assert!(combined.total.schools > 0);
    let combined = rollup::overview_combined(&sources, "231000").expect("combined");
    assert_eq!(combined, rollup::overview(&one.conn, "231000").expect("single"), "overview");
    assert!(combined.total.open_cases > 0 && combined.total.alliances > 0);
    // The same county twice is refused, naming it.
    let twice: Vec<rollup::Source> = [&a, &both].iter().map(|p| rollup::open_source(p).expect("source")).collect();
    match rollup::monthly_combined(&twice, "231000", month(), today()) {
        Err(rollup::CombineError::Overlap { unit, .. }) => assert_eq!(unit, "231002"),
        other => panic!("expected an overlap, got {:?}", other.map(|r| r.total)),
    }
    // Read-only: the files are not changed.
    let before = std::fs::read(&a).expect("read");
    drop(sources);
    assert_eq!(std::fs::read(&a).expect("read"), before);
}

#[test]
fn the_combine_command_says_how_old_each_county_s_data_is_and_refuses_overlaps() {
    let dir = tempfile::tempdir().expect("tempdir");
    let whole = dir.path().join("whole.db");
    drop(open(&whole));
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    keep_only(&whole, &a, &["231002"]);
    keep_only(&whole, &b, &["231003"]);
    let run = |files: &[&Path]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"));
        cmd.env("TAIZHANG_TODAY", TODAY).args(["--lang", "zh", "combine", "monthly", "--region", "231000"]);
        cmd.args(["--month", "2026-10"]).args(files);
        cmd.output().expect("run")
    };
    let out = run(&[&a, &b]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("东安区") && text.contains("阳明区") && text.contains("合计"), "{text}");
    assert!(text.contains(&format!("来源 {}：东安区；数据截至 ", a.display())), "{text}");
    assert!(text.contains("以下县区没有任何来源，按零计：爱民区"), "{text}");
    let out = run(&[&a, &a]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("同一县不能合并两次"));
}

#[test]
fn the_bundle_has_a_cover_and_one_sheet_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    // The bundle carries a case list: the login running it reads the region's cases.
    let mut db = open(&path);
    taizhang::db::users::upsert(
        &mut db,
        &taizhang::os_user::current_login(),
        taizhang::domain::access::Role::Admin,
        &taizhang::domain::access::Scope::Region("230000".into()),
    )
    .expect("user");
    drop(db);
    let xlsx = dir.path().join("上报.xlsx");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .env("TAIZHANG_TODAY", TODAY)
        .args(["--lang", "zh", "--db"])
        .arg(&path)
        .args(["report", "bundle", "--region", "230900", "--month", "2026-10", "-o"])
        .arg(&xlsx)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("xlsx");
    use calamine::Reader;
    assert_eq!(book.sheet_names(), ["封面", "月报", "未结案件", "指标汇总"]);
    let cover = book.worksheet_range("封面").expect("cover");
    let cells: Vec<String> = cover.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "七台河市（230900）"));
    assert!(cells.iter().any(|c| c == "2026-10"));
    assert!(cells.iter().any(|c| c.ends_with("r.db")), "{cells:?}");
    let cases = book.worksheet_range("未结案件").expect("cases");
    let ids: Vec<String> = cases.rows().skip(3).filter_map(|r| r.get(3).map(|c| c.to_string())).collect();
    assert!(!ids.is_empty());
    assert!(ids.iter().all(|id| id.is_empty() || id.contains("********")), "masked: {:?}", ids.first());
    let monthly = book.worksheet_range("月报").expect("monthly");
    let names: Vec<String> = monthly.rows().skip(3).filter_map(|r| r.first().map(|c| c.to_string())).collect();
    assert_eq!(names, ["新兴区", "桃山区", "茄子河区", "勃利县", "市直属", "合计"]);
}
