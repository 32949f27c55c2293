//! Spreadsheets that behave (issue 19): every xlsx the program writes holds numbers as
//! number cells (Excel's SUM counts them), dates as date cells, text as text cells with no
//! visible formula guard, and keeps its header row in view (frozen) on every sheet. Read
//! back with calamine (cell types) and from the sheet XML (the frozen pane).

mod support;

use calamine::{Data, Reader};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TODAY: &str = "2026-11-23";
const COUNTY: &str = "231123";

/// One demo database for every test here (they only read it), in a folder kept for the run.
fn demo_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("demo.db");
        support::make_demo(&path, &[("TAIZHANG_TODAY", TODAY)]).expect("demo");
        (dir, path)
    });
    path
}

/// Runs the program on the demo database; panics with its stderr when it fails.
fn run(args: &[&str]) -> String {
    let db = demo_db().to_str().expect("utf-8 path");
    let mut all = vec!["--lang", "zh", "--db", db];
    all.extend_from_slice(args);
    let out = support::command(&all).env("TAIZHANG_TODAY", TODAY).output().expect("run");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn out_file(name: &str) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("dir")).path().join(name)
}

/// Each sheet's name and its rows of cells, in order.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book = calamine::open_workbook_auto(path).expect("open xlsx");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).expect("sheet");
            // Rows as the sheet numbers them (calamine's range starts at the first used cell).
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut cells = vec![Data::Empty; c0 as usize];
                cells.extend(row.iter().cloned());
                rows.push(cells);
            }
            (n, rows)
        })
        .collect()
}

/// The number of rows frozen at the top of each sheet, in sheet order (0: none).
fn frozen_rows(path: &Path) -> Vec<u32> {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut out = Vec::new();
    for i in 1.. {
        let Ok(mut entry) = zip.by_name(&format!("xl/worksheets/sheet{i}.xml")) else { break };
        let mut xml = String::new();
        entry.read_to_string(&mut xml).expect("xml");
        let frozen = xml.find("<pane ").map(|at| &xml[at..]).filter(|p| p.contains("state=\"frozen\""));
        let split = frozen
            .and_then(|p| p.split("ySplit=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .and_then(|n| n.parse().ok());
        out.push(split.unwrap_or(0));
    }
    out
}

/// The index of the column headed `header` in `rows[at]`.
fn column(rows: &[Vec<Data>], at: usize, header: &str) -> usize {
    rows[at]
        .iter()
        .position(|c| matches!(c, Data::String(h) if h == header))
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[at]))
}

/// The cells of column `col` below the header row `at`, the empty ones left out.
fn cells(rows: &[Vec<Data>], at: usize, col: usize) -> Vec<Data> {
    rows.iter().skip(at + 1).filter_map(|r| r.get(col).cloned()).filter(|c| *c != Data::Empty).collect()
}

fn all_numbers(cells: &[Data]) -> bool {
    !cells.is_empty() && cells.iter().all(|c| matches!(c, Data::Float(_) | Data::Int(_)))
}

fn all_dates(cells: &[Data]) -> bool {
    !cells.is_empty() && cells.iter().all(|c| matches!(c, Data::DateTime(_)))
}

fn all_text(cells: &[Data]) -> bool {
    !cells.is_empty() && cells.iter().all(|c| matches!(c, Data::String(_)))
}

/// Writes the monthly report of `region` for 2026-10 in `format`; the file's path.
fn monthly_file(region: &str, format: &str) -> PathBuf {
    let path = out_file(&format!("monthly-{region}.{format}"));
    let out = path.to_str().expect("path");
    run(&["report", "monthly", "--region", region, "--month", "2026-10", "--format", format, "-o", out]);
    path
}

/// Exports `what` of the demo county to xlsx; its one sheet's rows, checked to freeze the
/// header row.
fn export_sheet(what: &str) -> Vec<Vec<Data>> {
    let path = out_file(&format!("{what}.xlsx"));
    run(&["export", what, "--region", COUNTY, "-o", path.to_str().expect("path")]);
    assert_eq!(frozen_rows(&path), [1], "{what}: the header stays in view");
    sheets(&path).swap_remove(0).1
}

/// Column `header` (header row `at`) holds only cells `is` accepts (`kind` names them).
fn holds(rows: &[Vec<Data>], at: usize, header: &str, kind: &str, is: fn(&[Data]) -> bool) {
    let col = cells(rows, at, column(rows, at, header));
    assert!(is(&col), "{header} holds {kind}: {:?}", &col[..3.min(col.len())]);
}

#[test]
fn the_case_export_has_number_date_and_text_cells_and_a_frozen_header() {
    let rows = export_sheet("cases");
    holds(&rows, 0, "案件编号", "numbers", all_numbers);
    holds(&rows, 0, "辍学/缺课开始日期", "dates", all_dates);
    // Codes, phones and masked IDs keep their digits as text.
    for header in ["学校标识码", "身份证号", "监护人电话", "姓名"] {
        holds(&rows, 0, header, "text", all_text);
    }
}

#[test]
fn the_school_and_alliance_exports_count_in_numbers() {
    let schools = export_sheet("schools");
    holds(&schools, 0, "在校生数", "numbers", all_numbers);
    holds(&schools, 0, "学校标识码", "text", all_text);
    let alliances = export_sheet("alliances");
    holds(&alliances, 0, "成员校数", "numbers", all_numbers);
    holds(&alliances, 0, "成立日期", "dates", all_dates);
}

#[test]
fn the_monthly_xlsx_freezes_its_header_and_counts_are_numbers() {
    let path = monthly_file(COUNTY, "xlsx");
    let (_, rows) = &sheets(&path)[0];
    // Title, the table's title, then the header row (row 3): frozen under it.
    assert_eq!(frozen_rows(&path), [3]);
    let at = 2;
    assert_eq!(rows[at][0].to_string(), "学校");
    let open_end = cells(rows, at, 7);
    let numbers: Vec<&Data> = open_end.iter().take_while(|c| !matches!(c, Data::String(_))).collect();
    assert!(numbers.len() > 3, "one row per school and the total: {open_end:?}");
    assert!(numbers.iter().all(|c| matches!(c, Data::Float(_))), "{numbers:?}");
    let codes = cells(rows, at, 1);
    assert!(matches!(codes[0], Data::String(_)), "{codes:?}");
}

#[test]
fn the_monthly_csv_is_written() {
    let path = monthly_file(COUNTY, "csv");
    let text = std::fs::read_to_string(&path).expect("written");
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("parses");
    let header = rows.iter().position(|r| r.get(0) == Some("学校")).expect("the header row");
    assert!(rows[header].len() >= 9, "{:?}", rows[header]);
    assert!(rows.iter().any(|r| r.get(0) == Some("全县合计") || r.get(0).is_some_and(|c| c.contains("合计"))));
}

#[test]
fn every_indicator_and_bundle_sheet_keeps_its_header_in_view() {
    let path = out_file("indicators.xlsx");
    run(&["report", "indicators", "--region", COUNTY, "--format", "xlsx", "-o", path.to_str().expect("p")]);
    let frozen = frozen_rows(&path);
    assert!(frozen.len() > 3, "{frozen:?}");
    assert!(frozen.iter().all(|&n| n == 3), "{frozen:?}");

    let bundle = out_file("bundle.xlsx");
    run(&["report", "bundle", "--region", COUNTY, "--month", "2026-10", "-o", bundle.to_str().expect("p")]);
    assert!(frozen_rows(&bundle).iter().all(|&n| n == 3), "{:?}", frozen_rows(&bundle));
    let all = sheets(&bundle);
    let (_, cases) = all.iter().find(|(n, _)| n == "未结案件").expect("the case sheet");
    holds(cases, 2, "案件编号", "numbers", all_numbers);
    holds(cases, 2, "辍学/缺课开始日期", "dates", all_dates);
    let (_, monthly) = all.iter().find(|(n, _)| n == "月报").expect("the monthly sheet");
    assert!(all_numbers(&cells(monthly, 2, 2)), "{:?}", monthly.get(3));
}

#[test]
fn the_roll_up_and_figures_xlsx_hold_numbers() {
    let path = monthly_file("231100", "xlsx");
    let (_, rows) = &sheets(&path)[0];
    assert!(all_numbers(&cells(rows, 2, 3)), "{:?}", rows.get(3));
    assert_eq!(frozen_rows(&path), [3]);

    let rows = export_sheet("cohorts");
    let numeric = rows[0].iter().enumerate().filter(|(i, _)| all_numbers(&cells(&rows, 0, *i))).count();
    assert!(numeric >= 2, "the year and the counts: {:?}", rows.get(1));
}

#[test]
fn a_formula_is_a_text_cell_in_xlsx_without_a_visible_guard() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("f.db");
    support::make_demo(&db, &[("TAIZHANG_TODAY", TODAY)]).expect("demo");
    let src = dir.path().join("f.csv");
    std::fs::write(&src, "姓名,学校,年级,状态,现住址,备注\n孙某,实验小学校,3,在校,=1+1,-2 天\n").expect("write");
    let db_s = db.to_str().expect("p");
    let mut import = support::command(&["--db", db_s, "import", "cases", "--region", COUNTY, "--apply"]);
    let out = import.arg(&src).env("TAIZHANG_TODAY", TODAY).output().expect("import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xlsx = dir.path().join("out.xlsx");
    let mut export = support::command(&["--lang", "zh", "--db", db_s, "export", "cases", "--region", COUNTY, "-o"]);
    let out = export.arg(&xlsx).env("TAIZHANG_TODAY", TODAY).output().expect("export");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, rows) = &sheets(&xlsx)[0];
    let address = cells(rows, 0, column(rows, 0, "现住址"));
    assert!(address.contains(&Data::String("=1+1".into())), "{address:?}");
    assert!(!address.iter().any(|c| c.to_string().starts_with('\'')), "{address:?}");
    let notes = cells(rows, 0, column(rows, 0, "备注"));
    assert!(notes.contains(&Data::String("-2 天".into())), "{notes:?}");
}
