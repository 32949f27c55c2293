//! The monthly report and the import screen at 80x24: the report of 逊克县 for the pinned
//! month, and the import screen's file browser over a folder of Chinese-named files (a
//! folder, spreadsheets, a .txt and a hidden file that must not be listed), then the check
//! of a file with one bad row. `UPDATE_SNAPSHOTS=1 cargo test --test screens_io` rewrites
//! the snapshots.

mod common;

use common::{app, check_snapshot, press, render, type_text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use std::time::{Duration, SystemTime};
use taizhang::tui::app::App;
use taizhang::tui::commands::Command;
use taizhang::tui::keymap::{map, Action};
use taizhang::tui::screens::import::KEYS as IMPORT;

fn open_county(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "逊克");
    press(app, &[KeyCode::Enter, KeyCode::Enter]);
}

#[test]
fn monthly_report_on_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_county(&mut app);
    press(&mut app, &[KeyCode::Char('m')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("月报 2026-11"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("统计期：2026-11-01 至 2026-11-23")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("月末在册（按状态）")));
    check_snapshot("monthly_report", &lines);
    // The previous month is a whole month.
    press(&mut app, &[KeyCode::Left]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("2026-10-01 至 2026-10-31")), "{lines:#?}");
}

#[test]
fn monthly_screen_submits_files_zero_reports_and_lists_cases_due() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_county(&mut app);
    let county = render(&app, 80, 24);
    assert!(county.iter().any(|l| l.contains("到期待办") && l.contains("件")), "{county:#?}");
    press(&mut app, &[KeyCode::Char('m')]);
    // The first school submits its figures; a school without cases files a 零报告; one with
    // cases cannot, and says why.
    press(&mut app, &[KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("已上报")), "{lines:#?}");
    // Schools in pinyin order: 宝山 first, then 边疆 (no cases), …, 克林 (one case).
    let first_row = lines.iter().position(|l| l.contains("│宝山乡中..  已报")).expect("the submitted school");
    let zero_row = lines.iter().position(|l| l.contains("│边疆村教..  未报")).expect("a school without cases");
    let cases_row = lines.iter().position(|l| l.contains("│克林镇中..  未报")).expect("a school with cases");
    press(&mut app, &vec![KeyCode::Down; zero_row - first_row]);
    press(&mut app, &[KeyCode::Char('z'), KeyCode::Home]);
    press(&mut app, &vec![KeyCode::Down; cases_row - first_row]);
    press(&mut app, &[KeyCode::Char('z')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("不能报零报告")), "{lines:#?}");
    check_snapshot("monthly_submissions", &lines);
    // The cases due, from the monthly screen.
    press(&mut app, &[KeyCode::Char('d')]);
    let due = render(&app, 80, 24);
    assert!(due[1].contains("到期待办"), "{}", due[1]);
    check_snapshot("due_list", &due);
}

#[test]
fn monthly_screen_returns_and_accepts_after_asking_and_shows_every_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_county(&mut app);
    // October is past its deadline: schools without a submission are 逾期.
    press(&mut app, &[KeyCode::Char('m'), KeyCode::Left]);
    let row = |lines: &[String], start: &str| lines.iter().any(|l| l.starts_with(&format!("│{start}")));
    assert!(row(&render(&app, 80, 24), "宝山乡中..  逾期"));
    // 宝山 submits; the county returns it with a reason, asked first.
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Char('r')]);
    press(&mut app, &[KeyCode::Enter]);
    let empty = render(&app, 80, 24);
    assert!(empty.iter().any(|l| l.contains("退回须写明原因")), "{empty:#?}");
    type_text(&mut app, "漏报转学生");
    press(&mut app, &[KeyCode::Enter]);
    let asked = render(&app, 80, 24);
    assert!(asked.iter().any(|l| l.contains("y     确定执行")), "{asked:#?}");
    assert!(asked.iter().any(|l| l.contains("原因：漏报转学")), "{asked:#?}");
    press(&mut app, &[KeyCode::Char('y')]);
    let lines = render(&app, 80, 24);
    assert!(row(&lines, "宝山乡中..  退回"), "{lines:#?}");
    // 边疆 files a 零报告; 车陆 submits and the county accepts it — Esc first does nothing.
    press(&mut app, &[KeyCode::Down, KeyCode::Char('z'), KeyCode::Down, KeyCode::Char('s')]);
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Esc]);
    assert!(row(&render(&app, 80, 24), "车陆乡中..  已报 "), "Esc on the question accepts nothing");
    press(&mut app, &[KeyCode::Char('a'), KeyCode::Char('y')]);
    let lines = render(&app, 80, 24);
    assert!(row(&lines, "车陆乡中..  已报✓"), "{lines:#?}");
    assert!(row(&lines, "边疆村教..  零报告"), "{lines:#?}");
    assert!(row(&lines, "干岔子乡..  逾期"), "{lines:#?}");
    check_snapshot("monthly_states", &lines);
}

#[test]
fn the_county_settings_form_moves_the_deadline_and_refuses_a_bad_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_county(&mut app);
    press(&mut app, &[KeyCode::Char('S')]);
    let form = render(&app, 80, 24);
    assert!(form.iter().any(|l| l.contains("月报截止日") && l.contains("28")), "{form:#?}");
    // A day no month has: refused on save, the field says why, nothing stored.
    common::ctrl(&mut app, 'u');
    type_text(&mut app, "40");
    press(&mut app, &[KeyCode::F(2)]);
    let refused = render(&app, 80, 24);
    assert!(refused.iter().any(|l| l.contains("须在 1 到 31 之间")), "{refused:#?}");
    check_snapshot("county_settings_error", &refused);
    common::ctrl(&mut app, 'u');
    type_text(&mut app, "２０");
    press(&mut app, &[KeyCode::F(2)]);
    let saved = render(&app, 80, 24);
    assert!(saved.iter().any(|l| l.contains("已保存 1 项设置")), "{saved:#?}");
    // The monthly screen now counts from the 20th: November's schools are 逾期.
    press(&mut app, &[KeyCode::Char('m')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("（截止 11-20）")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("│宝山乡中..  逾期")), "{lines:#?}");
}

/// A folder under /tmp whose path always has the same length (so that the snapshots can
/// show it as `/tmp/tzXXXXXX`), filled with what a member of staff might have saved.
fn staff_folder() -> tempfile::TempDir {
    let d = tempfile::Builder::new().prefix("tz").tempdir_in("/tmp").expect("tempdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases_one_bad.csv");
    std::fs::copy(&fixture, d.path().join("cases_one_bad.csv")).expect("copy fixture");
    for (name, size) in [
        ("逊克县辍学名单.xlsx", 12_700),
        ("2026年10月月报.XLS", 823),
        ("学校名单.csv", 2_048),
        ("说明.txt", 10),
        (".隐藏.csv", 10),
    ] {
        std::fs::write(d.path().join(name), vec![b'x'; size]).expect("write");
    }
    std::fs::create_dir(d.path().join("新建文件夹")).expect("mkdir");
    // Fixed dates (noon UTC: the same day in any Chinese or European time zone).
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_176_000); // 2026-11-20 12:00 UTC
    for entry in std::fs::read_dir(d.path()).expect("read_dir").flatten() {
        let f = std::fs::File::open(entry.path()).expect("open");
        f.set_modified(when).expect("set mtime");
    }
    d
}

fn masked(lines: &[String], folder: &Path) -> Vec<String> {
    let p = folder.display().to_string();
    assert_eq!(p.len(), "/tmp/tzXXXXXX".len(), "the folder's path has a fixed length: {p}");
    lines.iter().map(|l| l.replace(&p, "/tmp/tzXXXXXX")).collect()
}

/// From a county page, `I`, then the path line cleared and `text` typed.
fn open_import_at(app: &mut App, text: &str) {
    open_county(app);
    press(app, &[KeyCode::Char('I')]);
    let start = format!("{}/", std::env::current_dir().expect("cwd").display());
    let lines = render(app, 80, 24);
    let shown: String = start.chars().take(30).collect();
    assert!(lines[2].contains(&shown), "the path line starts at the current folder: {}", lines[2]);
    for _ in 0..start.chars().count() {
        press(app, &[KeyCode::Backspace]);
    }
    type_text(app, text);
}

fn find(lines: &[String], text: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no {text:?} on screen:\n{}", lines.join("\n")))
}

#[test]
fn import_browser_lists_folders_and_spreadsheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = staff_folder();
    let mut app = app(&dir, false);
    open_import_at(&mut app, &format!("{}/", folder.path().display()));
    let lines = masked(&render(&app, 80, 24), folder.path());
    assert!(lines[2].contains("文件：/tmp/tzXXXXXX/"), "{}", lines[2]);
    let parent = find(&lines, "  ../");
    let sub = find(&lines, "新建文件夹/");
    let xls = find(&lines, "2026年10月月报.XLS");
    let csv = find(&lines, "cases_one_bad.csv");
    let xlsx = find(&lines, "逊克县辍学名单.xlsx");
    assert!(parent < sub && sub < xls && xls < csv && csv < xlsx, "../, folders, then files by name");
    assert!(!lines.iter().any(|l| l.contains("说明.txt") || l.contains("隐藏")), "{lines:#?}");
    assert!(lines[xlsx].contains("12.4 KB  2026-11-20"), "{}", lines[xlsx]);
    assert!(lines[sub].starts_with("│> "), "the first entry after ../ is selected: {}", lines[sub]);
    assert!(lines.iter().any(|l| l.contains("4 个表格、1 个目录") && l.contains("另有 1 个其他文件")));
    check_snapshot("import_browser", &lines);

    // The name typed filters the list (any case), Tab completes it.
    type_text(&mut app, "CASES");
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("> cases_one_bad.csv")), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("学校名单.csv")));
    for _ in 0.."CASES".len() {
        press(&mut app, &[KeyCode::Backspace]);
    }
    type_text(&mut app, "逊");
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines[2].trim_end_matches(['│', ' ']).ends_with("/逊克县辍学名单.xlsx"), "completed: {}", lines[2]);
    // Down then Up moves the selection; Enter on a folder opens it.
    for _ in 0.."逊克县辍学名单.xlsx".chars().count() {
        press(&mut app, &[KeyCode::Backspace]);
    }
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Up, KeyCode::Up, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[2].contains("/新建文件夹/"), "{}", lines[2]);
    assert!(lines.iter().any(|l| l.contains("此目录中没有表格文件")), "{lines:#?}");
    // Enter on `..` goes back up.
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[2].trim_end_matches(['│', ' ']).ends_with(&format!("{}/", folder.path().display())), "{}", lines[2]);
    // Esc leaves the screen.
    press(&mut app, &[KeyCode::Esc]);
    assert!(!render(&app, 80, 24)[0].contains("导入表格"));
}

#[test]
fn import_check_shows_the_bad_row_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = staff_folder();
    let mut app = app(&dir, false);
    open_import_at(&mut app, &format!("{}/cas", folder.path().display()));
    press(&mut app, &[KeyCode::Enter]);
    let lines = masked(&render(&app, 80, 24), folder.path());
    find(&lines, "检查完毕（未写入）：2 行有效，1 行有错");
    find(&lines, "第 4 行");
    find(&lines, "十年级");
    find(&lines, "按 Esc 或继续输入回到文件列表");
    check_snapshot("import_check_result", &lines);
    // All or nothing: F2 refuses the file with a bad row.
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    let refused = find(&lines, "有 1 行有错，按「全部无误才写入」什么也没有导入");
    assert_eq!(refused, 4, "the summary comes first");
    assert!(lines[5].contains("过有错的行。"), "a long line wraps: {}", lines[5]);
    let conn = rusqlite::Connection::open(dir.path().join("s.db")).expect("open");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM cases WHERE name IN ('赵某一', '钱某二', '孙某三')", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0, "a check and a refused import write nothing");
    // Esc returns to the list, a second Esc leaves.
    press(&mut app, &[KeyCode::Esc]);
    let lines = render(&app, 80, 24);
    find(&lines, "> cases_one_bad.csv");
    press(&mut app, &[KeyCode::Esc]);
    assert!(!render(&app, 80, 24)[0].contains("导入表格"));
}

#[test]
fn import_modes_and_mistakes_are_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = staff_folder();
    let mut app = app(&dir, false);
    open_import_at(&mut app, "/no-such-folder-here/x");
    let lines = render(&app, 80, 24);
    find(&lines, "目录 /no-such-folder-here/ 不存在");
    press(&mut app, &[KeyCode::Enter]);
    find(&render(&app, 80, 24), "找不到文件 /no-such-folder-here/x");
    // Typing leaves the result for the list.
    for _ in 0.."/no-such-folder-here/x".len() {
        press(&mut app, &[KeyCode::Backspace]);
    }
    type_text(&mut app, &format!("{}/说明.txt", folder.path().display()));
    press(&mut app, &[KeyCode::Enter]);
    find(&render(&app, 80, 24), "说明.txt 不是表格文件：只能导入 .csv、.xlsx、.xls");
    type_text(&mut app, "/");
    find(&render(&app, 80, 24), "说明.txt/ 不是目录");
    // F3 and F4 change what F2 will do; the line says so.
    find(&render(&app, 80, 24), "导入台账，全部无误才写入（F3 换方式，F4 换种类）");
    press(&mut app, &[KeyCode::F(3), KeyCode::F(4)]);
    find(&render(&app, 80, 24), "导入台账更新（已有案件），跳过有错的行");
    press(&mut app, &[KeyCode::F(4)]);
    find(&render(&app, 80, 24), "导入学校，跳过有错的行");
    press(&mut app, &[KeyCode::F(4), KeyCode::F(4)]);
    find(&render(&app, 80, 24), "导入销号台账，跳过有错的行");
    press(&mut app, &[KeyCode::F(4)]);
    find(&render(&app, 80, 24), "导入台账，跳过有错的行");
    let hints = render(&app, 80, 24)[23].clone();
    assert!(hints.contains("Tab 补全") && hints.contains("F3 方式") && hints.contains("F4 种类"), "{hints}");
}

#[test]
fn text_fields_get_f3_f4_and_emacs_arrows() {
    let key = |code, m| map(KeyEvent::new(code, m), &IMPORT);
    assert_eq!(key(KeyCode::F(3), KeyModifiers::NONE), Some(Action::Cmd(Command::ImportMode)));
    assert_eq!(key(KeyCode::F(4), KeyModifiers::NONE), Some(Action::Cmd(Command::ImportKind)));
    assert_eq!(key(KeyCode::Char('n'), KeyModifiers::CONTROL), Some(Action::Down));
    assert_eq!(key(KeyCode::Char('p'), KeyModifiers::CONTROL), Some(Action::Up));
    assert_eq!(key(KeyCode::Char('n'), KeyModifiers::NONE), Some(Action::Char('n')));
}
