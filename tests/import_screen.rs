//! The import screen draws the import's typed account: how it ended first, then the
//! mapping and each row, with bad rows (and an import that could not run) in the error
//! colour — taken from the kind of each line, not from its wording.

mod common;

use common::{app, ctrl, press, rows, type_text};
use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::path::Path;
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;

fn draw(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    term.draw(|f| app.view(f)).expect("draw");
    term.backend().buffer().clone()
}

/// The row showing `text`, and the style of its first cell inside the frame.
fn row_style(buffer: &Buffer, text: &str) -> (usize, ratatui::style::Style) {
    let lines = rows(buffer);
    let y = lines.iter().position(|l| l.contains(text)).unwrap_or_else(|| panic!("no {text:?}:\n{}", lines.join("\n")));
    (y, buffer[(1, y as u16)].style())
}

/// The county's import screen with `path` typed and Enter (the check) pressed.
fn check(app: &mut App, path: &str) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "逊克");
    press(app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('I')]);
    ctrl(app, 'u');
    type_text(app, path);
    press(app, &[KeyCode::Enter]);
}

#[test]
fn bad_rows_are_drawn_as_errors_below_the_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::tempdir().expect("folder");
    let file = folder.path().join("bad.csv");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases_one_bad.csv"), &file).expect("copy");
    let mut app = app(&dir, false);
    check(&mut app, file.to_str().expect("utf-8"));
    let theme = Theme::new(false, false);
    let buffer = draw(&app);
    let (summary, summary_style) = row_style(&buffer, "检查完毕（未写入）");
    let (mapping, mapping_style) = row_style(&buffer, "列对应：");
    let (problem, problem_style) = row_style(&buffer, "第 4 行");
    assert!(summary < problem && problem < mapping, "the outcome first, then the rows, then the mapping");
    assert_eq!(problem_style.fg, theme.error.fg, "a bad row in the error colour");
    assert_eq!(summary_style.fg, theme.message.fg);
    assert_ne!(mapping_style.fg, theme.error.fg);
}

#[test]
fn a_file_that_cannot_be_read_is_an_error_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::tempdir().expect("folder");
    let file = folder.path().join("empty.csv");
    std::fs::write(&file, "").expect("write");
    let mut app = app(&dir, false);
    check(&mut app, file.to_str().expect("utf-8"));
    let buffer = draw(&app);
    let lines = rows(&buffer);
    // The first line of the account (row 4, below the path and the mode) says why.
    let style = buffer[(1, 4)].style();
    assert_eq!(style.fg, Theme::new(false, false).error.fg, "{}", lines.join("\n"));
    assert!(!lines[4].trim_matches(['│', ' ']).is_empty(), "{}", lines.join("\n"));
}

/// A ledger of several counties checked on 逊克县's page: the counts first, then the sum of
/// the problems by column and reason (rows of other counties are outside the page's county),
/// then each row.
#[test]
fn a_large_bad_file_shows_its_problems_summed_up_below_the_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::tempdir().expect("folder");
    let file = folder.path().join("省台账.csv");
    // The absence date's column is there, and empty in every row.
    let mut text = String::from("县区,学校,年级,姓名,状态,辍学原因,包保责任人,登记日期,辍学/缺课开始日期\n");
    for i in 0..12 {
        let county = if i % 2 == 0 { "新兴区,第三中学" } else { "逊克县,农场学校" };
        text.push_str(&format!(
            "{county},七年级,王某{},疑似辍学,家庭困难,李国华（班主任）,2026-10-0{},\n",
            "一二三四五六七八九十甲乙".chars().nth(i).unwrap_or('某'),
            1 + i % 9
        ));
    }
    std::fs::write(&file, text).expect("write");
    let mut app = app(&dir, false);
    check(&mut app, file.to_str().expect("utf-8"));
    let lines = rows(&draw(&app));
    let at = |text: &str| {
        lines.iter().position(|l| l.contains(text)).unwrap_or_else(|| panic!("no {text}:\n{}", lines.join("\n")))
    };
    let (summary, groups, outside, absent, first_row) = (
        at("检查完毕（未写入）：0 行有效，12 行有错"),
        at("错误汇总（按列与原因，多的在前）："),
        at("县区：县区「新兴区」不在本次导入的范围 逊克县（231123） 内。（6 处）"),
        at("辍学/缺课开始日期：必填"),
        at("第 2 行"),
    );
    // The commonest first: every row lacks its absence date, half are of another county.
    assert!(summary < groups && groups < absent && absent < outside && outside < first_row, "{}", lines.join("\n"));
}
