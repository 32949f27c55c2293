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
            let own = monthly::load(&db.conn, &county.code, month(), today()).expect("county report");
            assert_eq!(county.value, MonthlyTally::of(own.report.county), "{}", county.code);
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
            assert_eq!(own.counties, 1, "a county is evaluated");
            assert_eq!(own.resources.total(), 1);
        }
        assert!(prefecture.total.schools > 0);
    }
}

/// The data rows of an exported CSV (header left out).
fn rows_of(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_path(path).expect("csv");
    r.records().map(|x| x.expect("row").iter().map(str::to_string).collect()).collect()
}

fn export_rows(db: &mut Db, what: What, region: &str, dir: &Path) -> Vec<Vec<String>> {
    let path = dir.join(format!("{what:?}-{region}.csv"));
    let o = ExportOptions { what, region: region.into(), statuses: vec![], format: Format::Csv, unmasked: false };
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
        statuses: vec![],
        format: Format::Csv,
        unmasked: false,
    };
    let r = export::export(&mut li, &o, &dir.path().join("x.csv"));
    assert!(matches!(r, Err(export::ExportError::Refused(_))), "{r:?}");
    let o = ExportOptions { region: "231002".into(), ..o };
    assert!(export::export(&mut li, &o, &dir.path().join("y.csv")).is_ok(), "their own county");
}
