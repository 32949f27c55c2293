//! What a masked export gives away about one child: for every row of a masked export of
//! the demo database, the valid ID numbers consistent with everything the row shows (the
//! masked ID, the masked 学籍号, the birth date as shown, the sex) are counted by
//! enumeration. At least 1,000 must remain (docs/domain.md §9), so a column that leaks
//! (a full birth date, the last digits of the ID, an unmasked 学籍号) fails the test.

use chrono::NaiveDate;
use std::path::Path;
use std::time::Duration;
use taizhang::db::{self, Db, OpenOptions};
use taizhang::domain::id_number::check_char;
use taizhang::io::export::{self, ExportOptions, Format, What};
use taizhang::io::read::{read_table, Encoding};

/// The measure of docs/domain.md §9.
const ENOUGH: usize = 1000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn open(path: &Path) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(taizhang::demo::DEFAULT_CASES),
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    })
    .expect("open")
}

/// Does `shown` (with `*` for hidden characters) fit `candidate`, character by character?
fn fits(shown: &str, candidate: &str) -> bool {
    shown.chars().count() == candidate.chars().count()
        && shown.chars().zip(candidate.chars()).all(|(s, c)| s == '*' || s == c)
}

/// What one row shows about one ID number: the masked number itself, and the columns
/// derived from it (empty when the row has none).
struct Shown<'a> {
    id: &'a str,
    /// `G` + the ID number, masked.
    student_no: &'a str,
    birth_date: &'a str,
    sex: &'a str,
}

/// The valid ID numbers (GB 11643: a real birth date not after today, the check character)
/// consistent with everything in `s`, counted up to `limit`.
fn possible_ids(s: &Shown, limit: usize) -> usize {
    let Some(region) = s.id.get(0..6) else { return 0 };
    if s.id.chars().count() != 18 {
        return 0;
    }
    let male = match s.sex {
        "男" | "M" => Some(true),
        "女" | "F" => Some(false),
        _ => None,
    };
    let g_number = s.student_no.starts_with('G');
    // Birth dates from 1900 to today, or within the year the birth date column shows.
    let shown_year = s.birth_date.get(0..4).and_then(|y| y.parse::<i32>().ok());
    let first = NaiveDate::from_ymd_opt(shown_year.unwrap_or(1900), 1, 1).unwrap_or(today());
    let last = shown_year.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)).unwrap_or(today()).min(today());
    let mut n = 0;
    // Region digits the mask hides could be anything: enumerate them too.
    let regions: Vec<String> = if region.contains('*') {
        (0..1_000_000).map(|r| format!("{r:06}")).filter(|r| fits(region, r)).collect()
    } else {
        vec![region.to_string()]
    };
    for region in regions {
        let mut day = first;
        while day <= last {
            let iso = day.format("%Y-%m-%d").to_string();
            let compact = day.format("%Y%m%d").to_string();
            let date_fits = (s.birth_date.is_empty() || fits(s.birth_date, &iso))
                && s.id.get(6..14).is_some_and(|part| fits(part, &compact));
            if date_fits {
                for seq in 0..1000u32 {
                    if male.is_some_and(|m| (seq % 2 == 1) != m) {
                        continue;
                    }
                    let first17 = format!("{region}{compact}{seq:03}");
                    let id = format!("{first17}{}", check_char(first17.as_bytes()));
                    if fits(s.id, &id) && (!g_number || fits(s.student_no, &format!("G{id}"))) {
                        n += 1;
                        if n >= limit {
                            return n;
                        }
                    }
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
    }
    n
}

/// The column of `header` in `headers`.
fn column(headers: &[String], header: &str) -> usize {
    headers.iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header} in {headers:?}"))
}

/// Every county that has cases.
fn counties(db: &Db) -> Vec<String> {
    let mut stmt = db.conn.prepare("SELECT DISTINCT county_code FROM cases ORDER BY 1").expect("prepare");
    stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

/// Gives a few demo cases a guardian ID number (the demo has none), so that column is
/// measured too.
fn add_guardian_ids(db: &Db) {
    let ids: Vec<(i64, String)> = {
        let mut stmt = db.conn.prepare("SELECT id, county_code FROM cases ORDER BY id LIMIT 20").expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("query").collect::<Result<_, _>>().expect("rows")
    };
    for (i, (id, county)) in ids.into_iter().enumerate() {
        let first17 = format!("{county}1985{:02}{:02}12{}", 1 + i % 12, 1 + i % 28, i % 10);
        let gid = format!("{first17}{}", check_char(first17.as_bytes()));
        db.conn.execute("UPDATE cases SET guardian_id_number = ?2 WHERE id = ?1", (id, gid)).expect("update");
    }
}

#[test]
fn every_row_of_a_masked_export_leaves_a_thousand_possible_ids() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("demo.db"));
    add_guardian_ids(&db);
    let mut measured = (0, 0);
    for (county, format) in counties(&db).into_iter().zip([Format::Csv, Format::Xlsx].into_iter().cycle()) {
        let ext = if format == Format::Csv { "csv" } else { "xlsx" };
        let path = dir.path().join(format!("{county}.{ext}"));
        let opts = ExportOptions {
            what: What::Cases,
            region: county.clone(),
            school: None,
            statuses: vec![],
            format,
            unmasked: false,
        };
        export::export(&mut db, &opts, &path).expect("export");
        let table = read_table(&path, Encoding::Auto, None).expect("read back");
        let h = &table.headers;
        let (id, no, birth, sex, gid) = (
            column(h, "身份证号"),
            column(h, "学籍号"),
            column(h, "出生日期"),
            column(h, "性别"),
            column(h, "监护人身份证号"),
        );
        for row in &table.rows {
            let child =
                Shown { id: row.cell(id), student_no: row.cell(no), birth_date: row.cell(birth), sex: row.cell(sex) };
            if !child.id.is_empty() {
                let n = possible_ids(&child, ENOUGH);
                assert!(n >= ENOUGH, "{county} line {}: only {n} ID numbers fit {:?}", row.line, row.cells);
                measured.0 += 1;
            }
            let guardian = Shown { id: row.cell(gid), student_no: "", birth_date: "", sex: "" };
            if !guardian.id.is_empty() {
                let n = possible_ids(&guardian, ENOUGH);
                assert!(n >= ENOUGH, "{county} line {}: only {n} guardian ID numbers fit", row.line);
                measured.1 += 1;
            }
        }
    }
    assert!(measured.0 >= 1000 && measured.1 == 20, "rows measured: {measured:?}");
}

/// The count is a real measure: it falls below 1,000 as soon as a row shows a little more.
#[test]
fn the_count_catches_a_column_that_leaks() {
    let first17 = "23112320150302123";
    let id = format!("{first17}{}", check_char(first17.as_bytes()));
    let count = |id: &str, no: &str, birth: &str| {
        possible_ids(&Shown { id, student_no: no, birth_date: birth, sex: "男" }, 100_000)
    };
    assert_eq!(count("231123************", "G231123************", "2015-03-**"), 31 * 500, "the rule: day × sequence");
    assert_eq!(count("231123************", "", "2015-02-**"), 28 * 500);
    assert_eq!(count("231123************", "", "2015-03-02"), 500, "a full birth date leaks");
    assert_eq!(count("231123************", &format!("G{id}"), "2015-03-**"), 1, "an unmasked 学籍号 leaks");
    let old_mask = format!("231123********{}", &id[14..]);
    assert!(count(&old_mask, "", "2015-03-**") < 10, "the old mask beside the birth month");
    assert_eq!(count(&old_mask, "", "2015-03-02"), 1, "the old mask beside the birth date: the whole number");
}
