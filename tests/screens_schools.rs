//! Snapshots at 80x24 of the school table, the school form and the alliance screens, with
//! Chinese text; and the keys that reach them from the region tree and the county page.

mod common;

use common::{app, check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use taizhang::tui::app::App;

/// The region tree with 逊克县 selected (filter `xk`).
fn xunke(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "xk");
    press(app, &[KeyCode::Enter]);
}

#[test]
fn school_table_of_a_county_with_flags_sort_and_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    xunke(&mut app);
    press(&mut app, &[KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("逊克县学校名单"), "breadcrumb: {}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("实验小学校") && l.contains("2123")));
    assert!(lines.iter().any(|l| l.contains("教学点") && l.contains("小规模")));
    assert!(lines[23].contains("a 联盟") && lines[23].contains("l 台账"), "hints: {}", lines[23]);
    check_snapshot("school_table", &lines);

    // Sort by students (second press of s: code, kind, place, students = fifth column).
    press(&mut app, &[KeyCode::Char('s'); 4]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("排序：学生（降序）"), "{}", lines[1]);
    assert!(lines[3].contains("实验小学校"), "largest school first: {}", lines[3]);
    // Search by pinyin initials: 民族 → mz.
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "mz");
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    let body: Vec<&String> = lines[4..22].iter().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(body.len(), 2, "民族中学校 and 民族小学校: {lines:#?}");
    assert!(lines[1].contains("共 2 所"));
    // Esc clears the search, a second Esc leaves.
    press(&mut app, &[KeyCode::Esc]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("共 14 所"), "{}", lines[1]);
}

#[test]
fn filter_by_flag_in_a_prefecture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "qth");
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("七台河市 230900")), "{lines:#?}");
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Char('f')]);
    // Flag is the third field: 大校额 is the third option after (全部), 大班额, 超大班额.
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Right, KeyCode::Right, KeyCode::Right, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("大校额"), "{}", lines[1]);
    let rows: Vec<&String> = lines[3..22].iter().filter(|l| !l.trim().is_empty()).collect();
    assert!(rows.len() >= 5, "the seed names five 大校额 schools: {lines:#?}");
    assert!(rows.iter().all(|l| l.contains("大校额")), "{rows:#?}");
    check_snapshot("school_table_large_schools", &lines);
}

#[test]
fn school_form_with_field_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    xunke(&mut app);
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("编辑学校"), "{}", lines[0]);
    // The code: add a digit, leave the field.
    press(&mut app, &[KeyCode::Tab, KeyCode::End]);
    type_text(&mut app, "7");
    press(&mut app, &[KeyCode::Tab]);
    // Students: a negative number.
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab]);
    press(&mut app, &[KeyCode::End, KeyCode::Backspace, KeyCode::Backspace, KeyCode::Backspace, KeyCode::Backspace]);
    type_text(&mut app, "-5");
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("10 位数字，现在是 11 位")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("不能为负数")), "{lines:#?}");
    check_snapshot("school_form_error", &lines);
    // Saving is refused and names how many fields to correct.
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(lines[22].contains("需要更正"), "{}", lines[22]);
}

#[test]
fn alliances_of_a_county_and_one_alliance() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("巴彦县") && lines[0].contains("县情"), "{}", lines[0]);
    assert!(lines[23].contains("s 学校") && lines[23].contains("a 联盟"), "{}", lines[23]);
    press(&mut app, &[KeyCode::Char('a')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("第一中学教育集团") && l.contains("教育集团") && l.contains("县级")));
    assert!(lines.iter().any(|l| l.contains("一校两区")));
    check_snapshot("alliance_list", &lines);
    let row = lines.iter().position(|l| l.contains("第一中学教育集团")).expect("row") - 3;
    press(&mut app, &vec![KeyCode::Down; row]);
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("一体两翼三共享六统一")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("第一中学") && l.contains("牵头校")));
    assert!(lines.iter().any(|l| l.contains("轮岗")));
    check_snapshot("alliance_screen", &lines);
    // The lead cannot simply leave.
    press(&mut app, &[KeyCode::Char('x')]);
    let lines = render(&app, 80, 24);
    assert!(lines[22].contains("牵头校不能直接退出"), "{}", lines[22]);
}

#[test]
fn ascii_alliance_screen_with_member_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, true);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('a'), KeyCode::Down, KeyCode::Enter]);
    press(&mut app, &[KeyCode::Down, KeyCode::Char('x')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("成员退出：")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("退出日期") && l.contains("2026-11-23")));
    check_snapshot("alliance_member_leaves_ascii", &lines);
}

#[test]
fn new_alliance_form_from_a_county_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('a')]);
    let lines = render(&app, 80, 24);
    assert!(lines[23].contains("n 新建联盟"), "{}", lines[23]);
    press(&mut app, &[KeyCode::Char('n')]);
    type_text(&mut app, "巴彦县城乡学校共同体");
    press(&mut app, &[KeyCode::Tab, KeyCode::Right]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("新建联盟"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("联盟名称") && l.contains("巴彦县城乡学校共同体")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("级别") && l.contains("< 县级 >")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("成立日期") && l.contains("2026-11-23")), "{lines:#?}");
    // Saving without a lead school is refused beside the field.
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(lines[22].contains("需要更正"), "{}", lines[22]);
    assert!(lines.iter().any(|l| l.contains("! ") && l.contains("牵头校")), "{lines:#?}");
    check_snapshot("alliance_new_form", &lines);
    // Esc on the typed form asks; discarding leaves, and the list has no new alliance.
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.context().name, "Leaving a changed form");
    press(&mut app, &[KeyCode::Char('d')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("共 7 个联盟"), "{}", lines[1]);
}

#[test]
fn editing_an_alliance_from_its_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "by");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('a'), KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[23].contains("e 编辑") && lines[23].contains("Esc 返回"), "{}", lines[23]);
    press(&mut app, &[KeyCode::Char('e'), KeyCode::End]);
    type_text(&mut app, "（新）");
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(lines[22].contains("已保存联盟") && lines[22].contains("（新）"), "{}", lines[22]);
    assert!(lines[0].contains("（新）"), "the alliance screen shows the new name: {}", lines[0]);
}

#[test]
fn t_filters_the_school_table_by_a_designation_chosen_in_the_picker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    xunke(&mut app);
    press(&mut app, &[KeyCode::Char('s')]);
    assert!(render(&app, 80, 24)[1].contains("共 14 所"));
    press(&mut app, &[KeyCode::Char('t')]);
    let lines = render(&app, 80, 24);
    let at = lines.iter().position(|l| l.contains("省级绿色学校")).unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(lines[at].contains('5'), "the picker counts each tag's schools: {}", lines[at]);
    // (全部) first, then the tags by pinyin: 劳动教育…, 省级绿色学校.
    let first = lines.iter().position(|l| l.contains("（全部）")).unwrap_or_else(|| panic!("{lines:#?}"));
    press(&mut app, &vec![KeyCode::Down; at - first]);
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("标签：省级绿色学校") && lines[1].contains("共 5 所"), "{lines:#?}");
    // Esc clears the filter, a second Esc leaves.
    press(&mut app, &[KeyCode::Esc]);
    assert!(render(&app, 80, 24)[1].contains("共 14 所"));
}
