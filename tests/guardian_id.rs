//! The guardian's ID number (监护人身份证号), a field added as one row of the case table
//! and a migration: imported, stored, audited, masked in the export and the form, and
//! checked as an ID number with its own message.

mod common;

use common::{app, press, render, type_text};
use crossterm::event::KeyCode;
use std::path::Path;
use std::time::Duration;
use taizhang::db::{self, cases, Db, OpenOptions};
use taizhang::domain::id_number;
use taizhang::i18n::ledger::field_label;
use taizhang::io::export::{self, ExportOptions, Format, What};
use taizhang::io::import::{self, Kind, Mode, Options};
use taizhang::io::read::Encoding;

const COUNTY: &str = "231123";

fn open(path: &Path) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let opts = OpenOptions {
        path: path.into(),
        create: db::Create::Demo(50),
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    };
    db::open(&opts).expect("open")
}

fn id(first17: &str) -> String {
    format!("{first17}{}", id_number::check_char(first17.as_bytes()))
}

/// A one-row case file naming a school of the county by its 学校标识码.
fn case_file(db: &Db, dir: &Path, guardian_id: &str) -> std::path::PathBuf {
    let code: String = db
        .conn
        .query_row(
            "SELECT school_code FROM schools WHERE county_code = ?1 AND school_code IS NOT NULL
             AND closed_on IS NULL LIMIT 1",
            [COUNTY],
            |r| r.get(0),
        )
        .expect("a school with a code");
    let path = dir.join("cases.csv");
    let csv = format!(
        "姓名,身份证号,学校标识码,年级,状态,监护人身份证\n赵某某,{},{code},3,enrolled,{guardian_id}\n",
        id("23112320170301123")
    );
    std::fs::write(&path, csv).expect("write");
    path
}

fn import(db: &mut Db, path: &Path, mode: Mode) -> import::Outcome {
    let opts = Options { mode, county: Some(COUNTY.into()), encoding: Encoding::Auto, sheet: None };
    import::run(db, Kind::Cases, path, &opts, &mut |_, _| {}).expect("import runs")
}

#[test]
fn imported_stored_audited_and_masked_in_the_export() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("g.db"));
    let guardian = id("23112319850301123");
    let file = case_file(&db, dir.path(), &guardian);
    let out = import(&mut db, &file, Mode::Apply);
    assert!(out.mapping.iter().any(|(h, k)| h == "监护人身份证" && k == "guardian_id_number"), "{:?}", out.mapping);
    assert_eq!(out.written, 1, "{:?}", out.problems);
    let (case_id, stored): (i64, String) = db
        .conn
        .query_row("SELECT id, guardian_id_number FROM cases WHERE name = '赵某某'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("stored");
    assert_eq!(stored, guardian);
    let case = cases::get(&db, case_id).expect("get").expect("case");
    assert_eq!(case.record.text("guardian_id_number"), guardian);

    // An edit is audited under the field's key, and the audit label is the field's.
    let mut edited = case.record.clone();
    let other = id("23112319860301123");
    edited.other.insert("guardian_id_number", other.clone());
    cases::update(&mut db, case_id, case.version, &edited).expect("update").expect("no duplicate");
    let audited: (String, String) = db
        .conn
        .query_row(
            "SELECT old_value, new_value FROM audit_log WHERE table_name = 'cases' AND row_key = ?1
             AND field = 'guardian_id_number' ORDER BY id DESC LIMIT 1",
            [case_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("audited");
    assert_eq!(audited, (guardian.clone(), other.clone()));
    assert_eq!(field_label("guardian_id_number"), "监护人身份证号");

    // The export masks it unless asked not to.
    let mut export = |unmasked: bool| -> String {
        let path = dir.path().join(format!("out-{unmasked}.csv"));
        let opts = ExportOptions {
            what: What::Cases,
            region: COUNTY.into(),
            school: None,
            statuses: vec![],
            format: Format::Csv,
            unmasked,
        };
        export::export(&mut db, &opts, &path).expect("export");
        std::fs::read_to_string(&path).expect("read")
    };
    let masked = export(false);
    assert!(masked.lines().next().is_some_and(|h| h.contains("监护人身份证号")));
    assert!(!masked.contains(&other) && masked.contains(&format!("{}************", &other[..6])));
    assert!(export(true).contains(&other));
}

#[test]
fn a_bad_guardian_id_gives_the_fields_own_message() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("g.db"));
    let first17 = "23112319850301123";
    let wrong = if id(first17).ends_with('0') { '1' } else { '0' };
    let bad = format!("{first17}{wrong}");
    let file = case_file(&db, dir.path(), &bad);
    let out = import(&mut db, &file, Mode::DryRun);
    let p = out.problems.iter().find(|p| p.column == "监护人身份证").expect("a problem on the guardian ID column");
    assert!(p.reason.contains("校验位"), "{p:?}");
    assert_eq!(out.invalid_rows, 1);
}

#[test]
fn the_form_shows_it_masked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('l'), KeyCode::Char('n')]);
    // Initial status, then the fields up to the guardian's phone.
    for _ in 0..20 {
        press(&mut app, &[KeyCode::Tab]);
    }
    let guardian = id("23112319850301123");
    type_text(&mut app, &guardian);
    assert!(render(&app, 80, 40).iter().any(|l| l.contains(&guardian)), "shown in full while typed");
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 40);
    let row = lines.iter().find(|l| l.contains("监护人身份证号")).expect("the field's row");
    assert!(row.contains("231123************") && !row.contains(&guardian), "{row}");
}
