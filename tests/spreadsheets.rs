//! Spreadsheets as users make them (issue 12): row numbers as the spreadsheet shows them
//! whatever the line ends, duplicated headers, length limits, names, full-width digits,
//! landlines, Chinese and Excel dates, library errors in the user's language, an import
//! the database refuses partway, and the ID number's check character.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;
use taizhang::db::{self, Db, OpenOptions};
use taizhang::domain::id_number::{self, IdError};
use taizhang::io::import::{self, ImportError, Kind, Mode, Options};
use taizhang::io::read::{Encoding, ReadError};

const COUNTY: &str = "231123";
const HEAD: &str = "姓名,学校,年级,状态,身份证号,监护人电话,辍学/缺课开始日期,备注";

fn open(path: &Path) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(0),
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    })
    .expect("open")
}

fn opts(mode: Mode) -> Options {
    Options { mode, county: Some(COUNTY.into()), encoding: Encoding::Auto, sheet: None }
}

fn import(db: &mut Db, path: &Path, mode: Mode) -> Result<import::Outcome, ImportError> {
    import::run(db, Kind::Cases, path, &opts(mode), &mut |_, _| {})
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn count(db: &Db, sql: &str) -> i64 {
    db.conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// The ID number with its check character, computed here from the standard's definition
/// (weight of position i is 2^(17-i) mod 11), not from the app's table.
fn with_check(first17: &str) -> String {
    let sum: u64 = first17.bytes().enumerate().map(|(i, b)| u64::from(b - b'0') * ((1u64 << (17 - i)) % 11)).sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Rows 2 and 4 of the spreadsheet are bad (row 3 is good, row 5 blank, row 6 bad).
fn sheet_with_bad_rows(eol: &str) -> String {
    let id = with_check("23112320150301123");
    [
        HEAD.to_string(),
        "王某,实验小学校,5,在校,12345,,,".to_string(),
        format!("李某,实验小学校,5,在校,{id},,,"),
        "赵某,实验小学校,5,在校,,12,,".to_string(),
        String::new(),
        "钱某,实验小学校,十年级,在校,,,,".to_string(),
    ]
    .join(eol)
}

#[test]
fn rows_are_numbered_as_the_spreadsheet_shows_them_for_lf_crlf_and_cr_files() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    for eol in ["\n", "\r\n", "\r"] {
        let path = write(dir.path(), "名单.csv", &sheet_with_bad_rows(eol));
        let out = import(&mut db, &path, Mode::DryRun).expect("runs");
        let mut lines: Vec<usize> = out.problems.iter().map(|p| p.line).collect();
        lines.dedup();
        assert_eq!(lines, [2, 4, 6], "line ends {eol:?}: {:?}", out.problems);
    }
}

#[test]
fn json_lines_count_the_header_as_row_one() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("a.db");
    support::make_demo(&db, &[]).expect("demo");
    let path = write(dir.path(), "名单.csv", &sheet_with_bad_rows("\r\n"));
    let out = support::command(&[
        "--db",
        db.to_str().expect("utf-8"),
        "import",
        "cases",
        path.to_str().expect("utf-8"),
        "--county",
        COUNTY,
        "--json",
    ])
    .output()
    .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let lines: Vec<u64> =
        json["problems"].as_array().expect("problems").iter().filter_map(|p| p["line"].as_u64()).collect();
    assert_eq!(lines.first(), Some(&2), "{json}");
    assert!(lines.contains(&4) && lines.contains(&6) && !lines.contains(&1), "{lines:?}");
}

#[test]
fn a_duplicated_header_is_refused_naming_both_columns() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    let path = write(dir.path(), "两列.csv", "姓名,身份证号,学校,年级,身份证号码\n王某,,实验小学校,5,\n");
    let before = count(&db, "SELECT count(*) FROM cases");
    let err = import(&mut db, &path, Mode::Apply).expect_err("refused");
    let text = taizhang::report::import::failure_text(&db, &err);
    assert!(matches!(err, ImportError::RepeatedColumns(_)), "{err:?}");
    assert!(text.contains("B 列「身份证号」") && text.contains("E 列「身份证号码」"), "{text}");
    assert!(text.contains("没有导入任何内容"), "{text}");
    assert_eq!(count(&db, "SELECT count(*) FROM cases"), before);
    // Two unknown columns of the same name are only ignored.
    let path = write(dir.path(), "备用.csv", "姓名,学校,年级,状态,备用,备用\n王某,实验小学校,5,在校,,\n");
    assert!(import(&mut db, &path, Mode::DryRun).is_ok());
}

#[test]
fn a_ten_megabyte_note_is_refused_and_the_report_stays_short() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    let note = "长".repeat(10 * 1024 * 1024 / 3);
    let path = write(dir.path(), "长.csv", &format!("{HEAD}\n王某,实验小学校,5,在校,,,,{note}\n"));
    let out = import(&mut db, &path, Mode::Apply).expect("runs");
    assert_eq!(out.written, 0);
    let p = out.problems.iter().find(|p| p.column == "备注").expect("note refused");
    assert!(p.reason.contains("2000"), "{p:?}");
    assert!(p.value.chars().count() < 100 && p.value.contains(&note.chars().count().to_string()), "{}", p.value);
    assert_eq!(count(&db, "SELECT count(*) FROM cases"), 0);
}

#[test]
fn names_phones_ids_and_dates_as_people_type_them() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    let id = with_check("23112320150301123");
    let wide_id: String = id.chars().map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c)).collect();
    let rows = [
        HEAD.to_string(),
        format!("阿依古丽・买买提,实验小学校,5,在校,{wide_id},0456-8123456,2023年12月5日,"),
        "赵😀,实验小学校,5,在校,,,,".to_string(),
        "孙某,实验小学校,5,在校,,8123456,,".to_string(),
    ];
    let path = write(dir.path(), "人.csv", &rows.join("\r\n"));
    let out = import(&mut db, &path, Mode::SkipInvalid).expect("runs");
    let reasons: Vec<(usize, &str, &str)> =
        out.problems.iter().map(|p| (p.line, p.column.as_str(), p.reason.as_str())).collect();
    assert!(reasons.iter().any(|(l, c, r)| *l == 3 && *c == "姓名" && r.contains("😀")), "{reasons:?}");
    assert!(reasons.iter().any(|(l, c, r)| *l == 4 && *c == "监护人电话" && r.contains("区号")), "{reasons:?}");
    assert!(!reasons.iter().any(|(l, _, _)| *l == 2), "row 2 is valid: {reasons:?}");
    assert_eq!(out.written, 1);
    let stored: (String, String, String, String) = db
        .conn
        .query_row("SELECT name, id_number, guardian_phone, absent_since FROM cases", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .expect("row");
    assert_eq!(stored, ("阿依古丽·买买提".into(), id, "0456-8123456".into(), "2023-12-05".into()));
}

#[test]
fn excel_day_numbers_in_a_date_column_are_dates() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    let path = dir.path().join("日期.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in
        ["姓名", "学校", "年级", "状态", "辍学/缺课开始日期", "原因", "包保责任人（政府）", "包保责任人（教育）"]
            .iter()
            .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (c, v) in ["周某", "实验小学校", "5", "辍学"].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).expect("cell");
    }
    sheet.write_number(1, 4, 45265.0).expect("serial"); // a number, not formatted as a date
    for (c, v) in [(5, "厌学"), (6, "李某"), (7, "王某")] {
        sheet.write_string(1, c, v).expect("cell");
    }
    book.save(&path).expect("save");
    let out = import(&mut db, &path, Mode::Apply).expect("runs");
    assert_eq!(out.written, 1, "{:?}", out.problems);
    let absent: String = db.conn.query_row("SELECT absent_since FROM cases", [], |r| r.get(0)).expect("row");
    assert_eq!(absent, "2023-12-05");
}

#[test]
fn library_errors_come_in_the_users_language() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    // A CSV renamed .xlsx, and a zip that is no workbook: calamine says
    // "Xlsx error: File not found 'xl/_rels/workbook.xml.rels'" or a zip error.
    let renamed = write(dir.path(), "名单.xlsx", "姓名,学校\n王某,实验小学校\n");
    let err = import(&mut db, &renamed, Mode::DryRun).expect_err("not a workbook");
    let text = taizhang::report::import::failure_text(&db, &err);
    assert!(matches!(err, ImportError::Read(ReadError::Workbook(..))), "{err:?}");
    assert!(text.contains("不是有效的 xlsx 文件") && text.contains("另存为"), "{text}");
    assert!(!text.contains("error") && !text.contains("xl/_rels"), "{text}");
    let missing = dir.path().join("没有.xlsx");
    let err = import(&mut db, &missing, Mode::DryRun).expect_err("missing");
    let text = taizhang::report::import::failure_text(&db, &err);
    assert!(text.contains("文件不存在") && !text.contains("os error"), "{text}");
}

/// A row that passes every check but the database refuses (a trigger stands in for any
/// constraint) aborts the import's one transaction: nothing of the file is written — no
/// case, no audit row, no count — and the count trigger the bulk write suspends is back.
#[test]
fn an_import_the_database_refuses_partway_leaves_nothing_written() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("a.db"));
    db.conn
        .execute_batch(
            "CREATE TRIGGER refuse_third BEFORE INSERT ON cases WHEN NEW.name = '钱某'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .expect("trigger");
    let rows = [
        HEAD,
        "王某,实验小学校,5,在校,,,,",
        "李某,实验小学校,5,在校,,,,",
        "钱某,实验小学校,5,在校,,,,",
        "孙某,实验小学校,5,在校,,,,",
    ];
    let path = write(dir.path(), "四行.csv", &rows.join("\r\n"));
    let checked = import(&mut db, &path, Mode::DryRun).expect("dry run");
    assert_eq!((checked.valid_rows, checked.invalid_rows), (4, 0), "every row passes the checks");
    let before = |db: &Db| {
        (
            count(db, "SELECT count(*) FROM cases"),
            count(db, "SELECT count(*) FROM audit_log"),
            count(db, "SELECT coalesce(sum(n), 0) FROM case_counts"),
        )
    };
    let was = before(&db);
    let err = import(&mut db, &path, Mode::Apply).expect_err("the database refuses row 4");
    assert!(matches!(err, ImportError::Write(_) | ImportError::Sqlite(_)), "{err:?}");
    assert_eq!(before(&db), was, "nothing written");
    let trigger = count(&db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'case_counts_ins'");
    assert_eq!(trigger, 1, "the count trigger is back");
}

#[test]
fn the_check_character_uses_every_weight() {
    // Every one of the first 17 digits is non-zero: a wrong weight at any position moves
    // the sum by digit × (difference) ≠ 0 mod 11 and changes the check character.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    for first17 in [
        "23112319991231123",
        "44152219881111567",
        "13112119771229999",
        "65432119861125158",
        "21345619991111111",
        "23112319991231119",
    ] {
        assert!(!first17.contains('0'));
        let id = with_check(first17);
        assert_eq!(id_number::check_char(first17.as_bytes()).to_string(), &id[17..], "{first17}");
        assert_eq!(id_number::parse(&id, today).map(|i| i.text), Ok(id.clone()));
        // Any single digit changed is caught by the check character.
        for pos in 0..17 {
            let mut bytes = id.clone().into_bytes();
            bytes[pos] = if bytes[pos] == b'9' { b'8' } else { bytes[pos] + 1 };
            let changed = String::from_utf8(bytes).expect("ascii");
            let err = id_number::parse(&changed, today);
            assert!(
                matches!(err, Err(IdError::CheckCharacter(_)) | Err(IdError::BadDate) | Err(IdError::FutureDate)),
                "{changed}: {err:?}"
            );
        }
    }
    // Worked by hand from the standard's weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
    assert_eq!(with_check("23112319991231123"), "231123199912311237");
    assert_eq!(with_check("23112319991231119"), "23112319991231119X");
}
