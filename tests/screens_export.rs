//! Every report screen writes its report to a file with one key (`o`, issue 19): the path
//! line over the report, Enter writes xlsx or CSV by the name's ending, never over an
//! existing file, and a name with another ending is refused with what to do.

mod common;

use calamine::{Data, Reader};
use common::{app, ctrl, press, render, type_text};
use crossterm::event::KeyCode;
use std::path::Path;
use taizhang::tui::app::App;

fn open_county(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "xk");
    press(app, &[KeyCode::Enter, KeyCode::Enter]);
}

/// Presses `o`, replaces the offered path with `path` and presses Enter; the screen after.
fn export_to(app: &mut App, path: &Path) -> Vec<String> {
    press(app, &[KeyCode::Char('o')]);
    let lines = render(app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("导出报表")), "the path line opens: {lines:#?}");
    ctrl(app, 'u');
    press(app, &[KeyCode::End]);
    ctrl(app, 'u');
    type_text(app, &path.display().to_string());
    press(app, &[KeyCode::Enter]);
    render(app, 80, 24)
}

fn first_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).expect("a workbook");
    let name = book.sheet_names().first().cloned().expect("a sheet");
    book.worksheet_range(&name).expect("sheet").rows().map(|r| r.to_vec()).collect()
}

#[test]
fn the_monthly_screen_writes_its_report_and_keeps_an_existing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_county(&mut app);
    press(&mut app, &[KeyCode::Char('m')]);
    let lines = render(&app, 80, 24);
    assert!(lines[23].contains('o'), "the hint bar offers the key: {}", lines[23]);
    let path = dir.path().join("月报.xlsx");
    let lines = export_to(&mut app, &path);
    assert!(lines.iter().any(|l| l.contains("已写出")), "{lines:#?}");
    let rows = first_sheet(&path);
    assert!(rows.iter().any(|r| r.first() == Some(&Data::String("全县合计".into()))), "{rows:?}");
    let total = rows.iter().find(|r| r.first() == Some(&Data::String("全县合计".into()))).expect("total");
    assert!(matches!(total.get(2), Some(Data::Float(_))), "counts are numbers: {total:?}");
    // The same name again: refused, the file left as it was, the path line still open.
    let before = std::fs::read(&path).expect("read");
    let lines = export_to(&mut app, &path);
    assert!(lines.iter().any(|l| l.contains("已有文件")), "{lines:#?}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // Another ending: refused with what to do; Esc goes back to the report.
    ctrl(&mut app, 'u');
    type_text(&mut app, &dir.path().join("月报.txt").display().to_string());
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains(".xlsx 或 .csv")), "{lines:#?}");
    assert!(!dir.path().join("月报.txt").exists());
    press(&mut app, &[KeyCode::Esc]);
    assert!(!render(&app, 80, 24)[0].contains("导出报表"));
}

#[test]
fn the_indicator_and_sheet_screens_write_csv_and_xlsx() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_county(&mut app);
    press(&mut app, &[KeyCode::Char('i')]);
    let csv = dir.path().join("指标.csv");
    let lines = export_to(&mut app, &csv);
    assert!(lines.iter().any(|l| l.contains("已写出")), "{lines:#?}");
    let text = std::fs::read_to_string(&csv).expect("written");
    assert!(text.starts_with('\u{feff}') && text.contains("逊克县"), "{}", &text[..text.len().min(200)]);
    press(&mut app, &[KeyCode::Char('s')]);
    let xlsx = dir.path().join("自评表.xlsx");
    let lines = export_to(&mut app, &xlsx);
    assert!(lines.iter().any(|l| l.contains("已写出")), "{lines:#?}");
    let mut book = calamine::open_workbook_auto(&xlsx).expect("a workbook");
    assert_eq!(book.sheet_names().len(), 2, "the verdicts, then every item");
    let items = book.worksheet_range(&book.sheet_names()[1].clone()).expect("items");
    assert!(items.rows().count() > 20, "every item of the sheet");
}
