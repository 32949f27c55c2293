//! `import cases FILE --update`: a school's spreadsheet applied to existing cases. A masked
//! export read back changes nothing; a sheet of corrections, visits, returns and closings
//! is listed row by row in the dry run, refused whole when one row is bad (nothing
//! changes), and written with the same audit rows and timeline events as the forms.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use taizhang::db::{self, Db, OpenOptions};
use taizhang::io::export::{self, ExportOptions, Format, What};
use taizhang::io::import::{self, Kind, Mode, Options, Outcome};

const COUNTY: &str = "231123";

/// A demo database of 300 cases in a temporary folder, its masked case export, and the
/// export read back.
fn exported() -> (tempfile::TempDir, Db, PathBuf, Sheet) {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let dir = tempfile::tempdir().expect("tempdir");
    let create = db::Create::Demo(300);
    let at = OpenOptions {
        path: dir.path().join("u.db"),
        create,
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    };
    let mut db = db::open(&at).expect("open");
    let file = dir.path().join("台账.csv");
    export_cases(&mut db, &file);
    let sheet = Sheet::of(&file);
    (dir, db, file, sheet)
}

fn update(db: &mut Db, path: &Path, mode: Mode) -> Outcome {
    let opts = Options { mode, county: Some(COUNTY.into()), ..Options::default() };
    import::run(db, Kind::CaseUpdates, path, &opts, &mut |_, _| {}).expect("import runs")
}

fn export_cases(db: &mut Db, path: &Path) {
    let o = ExportOptions {
        what: What::Cases,
        region: COUNTY.into(),
        school: None,
        statuses: Vec::new(),
        format: Format::Csv,
        unmasked: false,
    };
    export::export(db, &o, path).expect("export");
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("read");
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    r.records().map(|x| x.expect("record").iter().map(str::to_string).collect()).collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).expect("create");
    for r in rows {
        w.write_record(r).expect("write");
    }
    w.flush().expect("flush");
}

/// Every row of every table that records a case, as text: what "nothing changed" compares.
fn dump(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for table in ["cases", "case_events", "audit_log"] {
        let mut stmt = db.conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get_ref(i) {
                        Ok(v) => format!("{v:?}"),
                        Err(_) => String::new(),
                    })
                    .collect();
                Ok(format!("{table}|{}", cells.join("|")))
            })
            .expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

fn status_of(db: &Db, id: &str) -> String {
    db.conn.query_row("SELECT status FROM cases WHERE id = ?1", [id], |r| r.get(0)).expect("status")
}

/// The export, and column index by header.
struct Sheet {
    rows: Vec<Vec<String>>,
    at: HashMap<String, usize>,
}

impl Sheet {
    fn of(path: &Path) -> Sheet {
        let rows = read_csv(path);
        let at = rows[0].iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
        Sheet { rows, at }
    }

    fn col(&self, h: &str) -> usize {
        *self.at.get(h).unwrap_or_else(|| panic!("no column {h}"))
    }

    /// The first data row with `status`, not yet taken.
    fn row_with(&self, status: &str, skip: &[usize]) -> usize {
        let c = self.col("状态");
        (1..self.rows.len()).find(|i| self.rows[*i][c] == status && !skip.contains(i)).expect("a row with the status")
    }

    fn set(&mut self, row: usize, h: &str, v: &str) {
        let c = self.col(h);
        self.rows[row][c] = v.to_string();
    }

    fn get(&self, row: usize, h: &str) -> String {
        self.rows[row][self.col(h)].clone()
    }

    /// The header, a visit-outcome column added, and `rows`.
    fn file(&self, dir: &Path, name: &str, rows: &[usize], outcome: &HashMap<usize, &str>) -> PathBuf {
        let mut out = vec![self.rows[0].clone()];
        out[0].push("劝返情况".into());
        for r in rows {
            let mut row = self.rows[*r].clone();
            row.push(outcome.get(r).copied().unwrap_or_default().to_string());
            out.push(row);
        }
        let path = dir.join(name);
        write_csv(&path, &out);
        path
    }
}

#[test]
fn a_masked_export_read_back_as_an_update_changes_nothing() {
    let (_dir, mut db, file, sheet) = exported();
    let before = dump(&db);
    let out = update(&mut db, &file, Mode::Apply);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    assert!(out.updates.is_empty(), "{:?}", out.updates);
    assert_eq!(out.unchanged, sheet.rows.len() - 1, "every row matched and unchanged");
    assert_eq!(dump(&db), before, "nothing written");
}

#[test]
fn an_update_sheet_is_listed_refused_whole_for_one_bad_row_then_applied_with_its_audit() {
    let (dir, mut db, _, mut sheet) = exported();
    // Row a: being persuaded, the school reports a return and the closing, and a grade fix.
    let a = sheet.row_with("劝返中", &[]);
    for (h, v) in [("状态", "已销号"), ("复学日期", "2026-11-02"), ("销号日期", "2026-11-20")] {
        sheet.set(a, h, v);
    }
    sheet.set(a, "销号依据", "复学满一学期");
    sheet.set(a, "销号人", "李老师");
    // The grade corrected to one it is not.
    let (fixed, fixed_n) = if sheet.get(a, "年级") == "九年级" { ("八年级", "8") } else { ("九年级", "9") };
    sheet.set(a, "年级", fixed);
    // Row b: a new visit.
    let b = sheet.row_with("劝返中", &[a]);
    sheet.set(b, "最近劝返", "2026-11-15");
    // Row c: 已复学 without the date the return records.
    let c = sheet.row_with("辍学", &[]);
    sheet.set(c, "状态", "已复学");
    let outcome: HashMap<usize, &str> = [(b, "家长同意下周返校")].into();
    let (id_a, id_b, id_c) = (sheet.get(a, "案件编号"), sheet.get(b, "案件编号"), sheet.get(c, "案件编号"));

    let with_bad = sheet.file(dir.path(), "更新.csv", &[a, b, c], &outcome);
    let before = dump(&db);
    let dry = update(&mut db, &with_bad, Mode::DryRun);
    assert_eq!(dump(&db), before, "a dry run writes nothing");
    // Each changed row names its case and every change; the bad row its column and why.
    let of = |id: &str| dry.updates.iter().find(|u| u.case_id.to_string() == id).expect("listed").clone();
    let ua = of(&id_a);
    assert_eq!(ua.changes.iter().map(|c| (c.0.as_str(), c.2.as_str())).collect::<Vec<_>>(), [("年级", fixed)]);
    let steps: Vec<(&str, &str)> = ua.steps.iter().map(|(s, d)| (s.as_str(), d.as_str())).collect();
    assert_eq!(steps, [("复学", "2026-11-02"), ("销号", "2026-11-20")]);
    assert_eq!(of(&id_b).steps.len(), 1, "one visit");
    assert_eq!(dry.invalid_rows, 1);
    let p = &dry.problems[0];
    assert_eq!((p.line, p.column.as_str()), (4, "复学日期"), "{p:?}");
    assert!(p.reason.contains("复学"), "{}", p.reason);

    // All or nothing: the bad row stops the whole file.
    let refused = update(&mut db, &with_bad, Mode::Apply);
    assert!(!refused.applied);
    assert_eq!(dump(&db), before, "refused: nothing changed");

    // Without the bad row it is written, through the steps.
    let good = sheet.file(dir.path(), "更新2.csv", &[a, b], &outcome);
    let done = update(&mut db, &good, Mode::Apply);
    assert!(done.applied && done.problems.is_empty(), "{:?}", done.problems);
    assert_eq!(done.written, 2);
    assert_eq!(status_of(&db, &id_a), "closed");
    assert_eq!(status_of(&db, &id_b), "persuading");
    assert_eq!(status_of(&db, &id_c), "dropout", "the refused row's case is untouched");
    let audit: Vec<(String, String, String)> = db
        .conn
        .prepare("SELECT coalesce(field, ''), coalesce(new_value, ''), note FROM audit_log WHERE table_name = 'cases' AND row_key = ?1 AND login = 'tester' ORDER BY id")
        .expect("prepare")
        .query_map([&id_a], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let has = |f: &str, v: &str, note: &str| audit.iter().any(|(a, b, n)| a == f && b == v && n.contains(note));
    assert!(has("grade", fixed_n, "更新2.csv"), "the correction, noted with the file: {audit:?}");
    assert!(has("returned_on", "2026-11-02", "Return") && has("status", "returned", "Return"), "{audit:?}");
    for (f, v) in
        [("status", "closed"), ("closed_on", "2026-11-20"), ("close_basis", "复学满一学期"), ("closed_by", "李老师")]
    {
        assert!(has(f, v, "Close"), "{f}: {audit:?}");
    }
    let events: Vec<(String, String)> = db
        .conn
        .prepare("SELECT kind, happened_on FROM case_events WHERE case_id = ?1 ORDER BY id")
        .expect("prepare")
        .query_map([&id_b], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(events.last(), Some(&("visit".to_string(), "2026-11-15".to_string())), "the visit on the timeline");

    // The same file again: the cases already say so.
    let again = update(&mut db, &good, Mode::DryRun);
    assert!(again.updates.is_empty() && again.problems.is_empty(), "{:?} {:?}", again.updates, again.problems);
}

#[test]
fn rows_that_match_no_case_or_contradict_a_recorded_step_are_refused_by_row() {
    let (dir, mut db, _, mut sheet) = exported();
    let closed = sheet.row_with("已销号", &[]);
    sheet.set(closed, "销号人", "别人");
    let missing = sheet.row_with("劝返中", &[]);
    sheet.set(missing, "案件编号", "999999");
    let twice = closed;
    let file = sheet.file(dir.path(), "错.csv", &[closed, missing, twice], &HashMap::new());
    let before = dump(&db);
    let out = update(&mut db, &file, Mode::Apply);
    assert_eq!(dump(&db), before);
    let cols: Vec<(usize, &str)> = out.problems.iter().map(|p| (p.line, p.column.as_str())).collect();
    assert_eq!(cols, [(2, "销号人"), (3, "案件编号"), (4, "案件编号")], "{:?}", out.problems);
    assert!(out.problems[0].reason.contains("撤销"), "says how to fix a recorded step");
    assert!(out.problems[1].reason.contains("#999999"));
}
