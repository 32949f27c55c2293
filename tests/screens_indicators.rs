//! The 优质均衡 indicator screen at 80×24: the 小学 tab with its CV bars, a value's inputs
//! and formula, the rates tab and the ledger charts; in ASCII mode and under NO_COLOR.
//! Snapshots in `tests/snapshots/indicators_*.txt` (`UPDATE_SNAPSHOTS=1` rewrites them).

mod common;

use common::{app, check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use std::time::Duration;
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;

/// From the region tree to a county's indicator screen (county page, key `i`).
fn open_indicators(app: &mut App, initials: &str) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, initials);
    press(app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('i')]);
}

#[test]
fn primary_tab_with_cv_bars() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("逊克县 > 县情 > 优质均衡指标"), "{}", lines[0]);
    assert!(lines[1].contains("1 小学") && lines[1].contains("2026年度"), "{}", lines[1]);
    // The county's verdict first, one word per section (逊克县 fails an item of each).
    assert!(lines[2].starts_with("资源配置 未达标(2)  政府保障 未达标(2)"), "{}", lines[2]);
    assert!(lines[2].contains("教育质量 未达标(2)  社会认可 未达标(1)"), "{}", lines[2]);
    assert!(lines[3].starts_with("学校") && lines[3].contains("多媒体"), "{}", lines[3]);
    assert!(lines.iter().any(|l| l.contains("未达标") && l.contains('x')), "a failing school is marked");
    assert!(lines.iter().any(|l| l.contains("不计入") && l.contains("教学点不足50人")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("差异系数（标准 <= 0.50）")));
    let bars: Vec<&String> = lines.iter().filter(|l| l.contains(" [") && l.contains('|')).collect();
    assert_eq!(bars.len(), 7, "one CV bar per indicator, the limit marked: {lines:#?}");
    assert!(lines[23].contains("Enter 明细"), "{}", lines[23]);
    check_snapshot("indicators_primary", &lines);
}

#[test]
fn pingfang_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "pfq");
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("平房区"), "{}", lines[0]);
    let verdict = "资源配置 达标  政府保障 达标  教育质量 达标  社会认可 达标";
    assert!(lines[2].starts_with(verdict), "{}", lines[2]);
    assert!(lines[4..9].iter().all(|l| l.contains("达标") && !l.contains("未达标")), "{lines:#?}");
    // The junior tab: 一贯制 schools split, marked with *.
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("南城九年一贯制..*")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("差异系数（标准 <= 0.45）")));
    check_snapshot("indicators_junior_pingfang", &lines);
}

#[test]
fn value_detail_shows_inputs_and_formula() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    // The sixth school in pinyin order (农场学校, a 九年一贯制 school), 骨干 column.
    for _ in 0..5 {
        press(&mut app, &[KeyCode::Down]);
    }
    press(&mut app, &[KeyCode::Right, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    let text = lines.join("\n");
    assert!(text.contains("数值来源"), "{text}");
    assert!(text.contains("县级以上骨干教师数"), "{text}");
    assert!(text.contains("一贯制拆分") && text.contains("* 1.1"), "{text}");
    assert!(text.contains("名学生 * 100 ="), "{text}");
    assert!(text.contains("至少 6 项达标"), "{text}");
    check_snapshot("indicators_value_detail", &lines);
    // Esc closes the detail, a second Esc goes back to the county page.
    press(&mut app, &[KeyCode::Esc]);
    assert!(!render(&app, 80, 24).join("\n").contains("数值来源"));
    press(&mut app, &[KeyCode::Esc]);
    assert!(render(&app, 80, 24)[0].trim_end().ends_with("县级管理员）"));
}

#[test]
fn cv_detail_lists_the_schools_that_pull_it_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    // End: the last CV row (多媒体); x opens it like Enter.
    press(&mut app, &[KeyCode::End, KeyCode::Char('x')]);
    let lines = render(&app, 80, 24);
    let text = lines.join("\n");
    assert!(text.contains("CV = sqrt(sum(Pi/P * (Xi - Xm)^2)) / Xm"), "{text}");
    assert!(text.contains("基于 9 所学校"), "{text}");
    assert!(text.contains("Xi ="), "{text}");
    check_snapshot("indicators_cv_detail", &lines);
}

#[test]
fn rates_tab_and_cases_charts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    press(&mut app, &[KeyCode::Char('3')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("初中三年巩固率") && l.contains('%')), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("九年巩固率")));
    assert!(lines.iter().any(|l| l.contains("残疾儿童入学率")));
    assert!(lines.iter().any(|l| l.contains("交流轮岗")));
    assert!(lines.iter().any(|l| l.contains("需人工确认")));
    assert!(lines.iter().any(|l| l.contains("自评表人工项已确认 21/21")), "{lines:#?}");
    check_snapshot("indicators_rates", &lines);

    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("在册案件（按状态）") && l.contains("在册案件（按原因）")));
    assert!(lines.iter().any(|l| l.contains("近12个月月末在册数")));
    assert!(lines.iter().any(|l| l.contains('█')), "bars drawn");
    check_snapshot("indicators_cases", &lines);
    // A month's value explained.
    press(&mut app, &[KeyCode::End, KeyCode::Enter]);
    let text = render(&app, 80, 24).join("\n");
    assert!(text.contains("截至 2026-11-23"), "{text}");
}

#[test]
fn ascii_mode_has_no_block_or_box_glyphs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, true);
    open_indicators(&mut app, "xk");
    for tab in ['1', '4'] {
        press(&mut app, &[KeyCode::Char(tab)]);
        let lines = render(&app, 80, 24);
        let all = lines.join("\n");
        assert!(all.contains('#'), "ASCII bars: {all}");
        assert!(!all.chars().any(|c| ('\u{2500}'..='\u{259F}').contains(&c)), "{all}");
        if tab == '4' {
            check_snapshot("indicators_cases_ascii", &lines);
        }
    }
}

#[test]
fn no_color_uses_only_modifiers() {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = taizhang::db::OpenOptions {
        path: dir.path().join("n.db"),
        create: taizhang::db::Create::Demo(300),
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    };
    let mut app = App::new(taizhang::db::open(&opts).expect("open"), Theme::new(false, true)).expect("app");
    open_indicators(&mut app, "xk");
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    term.draw(|f| app.view(f)).expect("draw");
    let buf = term.backend().buffer();
    for y in 0..24 {
        for x in 0..80 {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, Color::Reset, "no colour at {x},{y}");
            assert_eq!(cell.bg, Color::Reset, "no colour at {x},{y}");
        }
    }
    // The selected row (first school) is reversed; a not-met value is bold.
    assert!(buf[(0, 3)].modifier.contains(Modifier::REVERSED));
    let bold_x =
        (0..24).any(|y| (0..80).any(|x| buf[(x, y)].symbol() == "x" && buf[(x, y)].modifier.contains(Modifier::BOLD)));
    assert!(bold_x, "not-met marks stand out without colour");
}

#[test]
fn a_missing_figure_shows_as_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    app.db.conn.execute("UPDATE schools SET sports_m2 = NULL WHERE name = '实验小学校'", []).expect("blank a figure");
    open_indicators(&mut app, "xk");
    let lines = render(&app, 80, 24);
    let row = lines.iter().find(|l| l.starts_with("实验小学校")).expect("row");
    assert!(row.contains('?'), "{row}");
    assert!(!row.contains(" 0.00"), "never a zero: {row}");
    let sports = lines.iter().find(|l| l.starts_with("运动场")).expect("CV line");
    assert!(sports.contains("8所缺1"), "the CV says what it rests on: {sports}");
    // Its detail (实验小学校 is seventh in pinyin order) says the figure is not recorded.
    for _ in 0..6 {
        press(&mut app, &[KeyCode::Down]);
    }
    for _ in 0..4 {
        press(&mut app, &[KeyCode::Right]);
    }
    press(&mut app, &[KeyCode::Enter]);
    let text = render(&app, 80, 24).join("\n");
    assert!(text.contains("未登记，不按 0 计"), "{text}");
}

#[test]
fn smallest_terminal_still_aligned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    // `render` asserts every row is exactly as wide as the terminal (no half characters).
    for tab in ['1', '2', '3', '4'] {
        press(&mut app, &[KeyCode::Char(tab)]);
        let lines = render(&app, 60, 15);
        assert!(lines[1].contains("1 小学"), "{lines:#?}");
        let wide = render(&app, 120, 40);
        assert!(wide[1].contains("4 台账图表"));
    }
    press(&mut app, &[KeyCode::Char('1'), KeyCode::Enter]);
    render(&app, 60, 15);
}

#[test]
fn another_sessions_change_is_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    assert!(!render(&app, 80, 24).iter().any(|l| l.starts_with("实验小学校") && l.contains('?')));
    let other = rusqlite::Connection::open(dir.path().join("s.db")).expect("second connection");
    other.execute("UPDATE schools SET equipment_yuan = NULL WHERE name = '实验小学校'", []).expect("update");
    assert!(app.refresh_if_changed(), "the screen reloads after another session's commit");
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.starts_with("实验小学校") && l.contains('?')), "{lines:#?}");
}

#[test]
fn the_sheet_opens_from_the_indicators_and_confirms_a_hand_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_indicators(&mut app, "xk");
    press(&mut app, &[KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("自评表（2026年度）"), "{}", lines[0]);
    assert!(lines[1].contains("社会认可 未达标(1)"), "{}", lines[1]);
    assert!(lines.iter().any(|l| l.starts_with("r1") && l.contains("未达标")), "{lines:#?}");
    // A computed item cannot be confirmed by hand: it says where its value comes from.
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("由数据计算")), "{lines:#?}");
    // s1 is the last item: 88 % satisfied, with its evidence, passes the section.
    press(&mut app, &[KeyCode::End, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("确认 s1 社会认可度"), "{lines:#?}");
    let ctrl_u = crossterm::event::KeyEvent::new(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    app.handle_key(ctrl_u);
    type_text(&mut app, "88");
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("社会认可 达标"), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("s1") && l.contains("88") && l.contains("达标")), "{lines:#?}");
    check_snapshot("sheet_after_confirm", &lines);
}
