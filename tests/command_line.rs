//! The command line (`:`, issue 19), driven through the keymap: jump to a region, school or
//! case by name, pinyin initials, code or case number, run a screen's command by name,
//! Tab completion and the list of matches, Esc leaving it, and only what the login may
//! read offered.

mod common;

use common::{app, check_snapshot, open_demo, press, render, type_text};
use crossterm::event::KeyCode;
use taizhang::db::users;
use taizhang::domain::access::{Role, Scope};
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;

fn colon(app: &mut App, text: &str) {
    press(app, &[KeyCode::Char(':')]);
    type_text(app, text);
}

#[test]
fn a_county_by_its_initials_with_completion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    // One character: the regions and schools it names, those it starts first.
    colon(&mut app, "克");
    assert_eq!(app.context().name, "Command line");
    let lines = render(&app, 80, 24);
    check_snapshot("command_line_matches", &lines);
    let all = lines.join("\n");
    for shown in ["地区 克山县", "地区 克东县", "学校 克林镇中心学校", "地区 逊克县", ":克"] {
        assert!(all.contains(shown), "{shown}: {all}");
    }
    assert!(all.find("克山县") < all.find("逊克县"), "a name that starts so comes first: {all}");
    check_snapshot("command_line_matches_wide", &render(&app, 200, 50));
    press(&mut app, &[KeyCode::Backspace]);
    type_text(&mut app, "xk");
    let all = render(&app, 80, 24).join("\n");
    assert!(all.contains("地区 逊克县") && all.contains("231123"), "{all}");
    assert!(all.contains(":xk"), "the line as typed: {all}");
    // Tab puts the selected match's name in the line; Enter goes there.
    press(&mut app, &[KeyCode::Tab]);
    assert!(render(&app, 80, 24).join("\n").contains(":逊克县"));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.context().name, "County page");
    assert!(render(&app, 80, 24)[0].contains("黑河市 > 逊克县 > 县情"), "{}", render(&app, 80, 24)[0]);
    // Esc goes to the tree, on the county.
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.context().name, "Region tree");
    assert!(render(&app, 80, 24)[0].contains("黑河市 > 逊克县"));
}

#[test]
fn a_prefecture_opens_the_tree_on_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    colon(&mut app, "黑河");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.context().name, "Region tree");
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("黑龙江省 > 黑河市 ") && !lines[0].contains("逊克县"), "on 黑河市: {}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("▾ 黑河市")), "expanded: {lines:#?}");
    assert!(lines.iter().any(|l| l.contains("逊克县")), "its counties are shown: {lines:#?}");
}

#[test]
fn a_school_by_initials_and_a_case_by_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    // 克林镇中心学校: k l z z x x x.
    colon(&mut app, "klzzx");
    let all = render(&app, 80, 24).join("\n");
    assert!(all.contains("学校 克林镇中心学校"), "{all}");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.context().name, "Ledger");
    assert!(render(&app, 80, 24)[0].contains("逊克县 > 克林镇中心学校台账"), "{}", render(&app, 80, 24)[0]);
    colon(&mut app, "#1");
    assert!(render(&app, 80, 24).join("\n").contains("案件 #1 "));
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.context().name, "Case");
    assert!(render(&app, 80, 24)[0].contains("#1"));
}

#[test]
fn a_case_by_name_through_the_ledgers_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    colon(&mut app, "于某轩");
    let all = render(&app, 80, 24).join("\n");
    assert!(all.contains("案件 #") && all.contains("于某轩"), "{all}");
    // ↓ to the first case, Enter opens it.
    let lines = render(&app, 80, 24);
    let before = lines
        .iter()
        .take_while(|l| !l.contains("案件 #"))
        .filter(|l| l.contains("│地区") || l.contains("│学校"))
        .count();
    press(&mut app, &vec![KeyCode::Down; before]);
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.context().name, "Case");
    assert!(render(&app, 80, 24)[0].contains("于某轩"));
}

#[test]
fn a_command_of_the_screen_by_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('l')]);
    assert!(render(&app, 80, 24)[1].contains("排序：登记日期"));
    // Empty, the line lists the screen's commands.
    press(&mut app, &[KeyCode::Char(':')]);
    let all = render(&app, 80, 24).join("\n");
    assert!(all.contains("命令 排序") && all.contains("命令 搜索"), "{all}");
    // By its pinyin initials (pai xu) it is in the list; by its name it comes first.
    type_text(&mut app, "px");
    assert!(render(&app, 80, 24).join("\n").contains("命令 排序"));
    press(&mut app, &[KeyCode::Backspace, KeyCode::Backspace]);
    type_text(&mut app, "排序");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.context().name, "Ledger");
    assert!(render(&app, 80, 24)[1].contains("排序：姓名"), "{:?}", render(&app, 80, 24)[1]);
}

#[test]
fn esc_leaves_and_nothing_matching_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    colon(&mut app, "zzzzqqq");
    press(&mut app, &[KeyCode::Enter]);
    let all = render(&app, 80, 24).join("\n");
    assert!(all.contains("没有匹配“zzzzqqq”"), "{all}");
    assert_eq!(app.context().name, "Command line", "the line stays open to correct");
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.context().name, "Region tree");
    // Full-width ： from an input method in Chinese mode opens it too.
    press(&mut app, &[KeyCode::Char('：')]);
    assert_eq!(app.context().name, "Command line");
}

/// A school's 填报员 is offered their school, its county and the regions above, and only
/// their school's cases: nothing of another school or county.
#[test]
fn a_filler_is_offered_only_what_they_may_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut root = open_demo(&path, "tester");
    let schools = taizhang::db::schools::in_region(&root, "231123").expect("schools");
    let mine = schools.iter().find(|s| s.name == "实验小学校").expect("实验小学校");
    let other = schools.iter().find(|s| s.name == "农场学校").expect("农场学校");
    users::upsert(&mut root, "filler", Role::Filler, &Scope::School { id: mine.id, county_code: "231123".into() })
        .expect("filler");
    drop(root);
    let mut app = App::new(open_demo(&path, "filler"), Theme::new(false, false)).expect("app");
    colon(&mut app, "xk");
    assert!(render(&app, 80, 24).join("\n").contains("地区 逊克县"));
    press(&mut app, &[KeyCode::Esc]);
    colon(&mut app, "bl");
    let all = render(&app, 80, 24).join("\n");
    assert!(!all.contains("勃利县"), "another county is not offered: {all}");
    press(&mut app, &[KeyCode::Esc]);
    colon(&mut app, &other.name);
    let all = render(&app, 80, 24).join("\n");
    assert!(!all.contains("学校 农场学校"), "another school is not offered: {all}");
    press(&mut app, &[KeyCode::Esc]);
    colon(&mut app, "王某");
    let all = render(&app, 80, 24).join("\n");
    assert!(all.contains("案件 #"), "{all}");
    let case_lines: Vec<&str> = all.lines().filter(|l| l.contains("案件 #")).collect();
    assert!(case_lines.iter().all(|l| l.contains("实验小学校")), "only their school's cases: {case_lines:#?}");
}
