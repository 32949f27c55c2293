//! Screen snapshots at 80×24 on ratatui's TestBackend, with Chinese text. A snapshot lives
//! in `tests/snapshots/NAME.txt`; `UPDATE_SNAPSHOTS=1 cargo test --test screens` rewrites
//! them after a deliberate change (review the diff before committing).

mod common;

use common::{app, check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use taizhang::tui::app::App;

#[test]
fn first_screen_tree_and_province_overview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, false);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("黑龙江省"), "breadcrumb: {}", lines[0]);
    assert!(lines[0].contains("tester（县级管理员）"));
    assert!(lines.iter().any(|l| l.contains("▾ 黑龙江省")));
    assert!(lines.iter().any(|l| l.contains("▸ 哈尔滨市")));
    assert!(lines.iter().any(|l| l.contains("黑龙江省 230000")));
    assert!(lines.iter().any(|l| l.contains("县级单位") && l.contains("121")));
    assert!(lines[23].contains("q 退出"), "hint bar: {}", lines[23]);
    check_snapshot("first_screen", &lines);
}

#[test]
fn filter_by_pinyin_and_county_overview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("筛选: xk")));
    assert!(lines.iter().any(|l| l.contains("逊克县 231123")));
    assert!(lines.iter().any(|l| l.contains("82,000 人")));
    assert!(lines.iter().any(|l| l.contains("2017 年通过认定")));
    assert!(lines[0].contains("黑河市 > 逊克县"), "breadcrumb: {}", lines[0]);
    check_snapshot("county_overview", &lines);
}

#[test]
fn dive_and_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("▾ 哈尔滨市")), "{lines:#?}");
    assert!(lines[0].contains("哈尔滨市 > 道里区"), "cursor dives to the first child: {}", lines[0]);
    press(&mut app, &[KeyCode::Esc]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("▸ 哈尔滨市")));
    assert!(lines[0].trim_end().ends_with("县级管理员）"));
}

#[test]
fn county_page_and_facts_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "逊克");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("逊克县 > 县情"), "{}", lines[0]);
    check_snapshot("county_page", &lines);
    press(&mut app, &[KeyCode::Char('e')]);
    // Type a bad population, leave the field: the message appears beside it.
    press(&mut app, &[KeyCode::End]);
    type_text(&mut app, "万");
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("82000万")));
    assert!(lines.iter().any(|l| l.contains("请输入整数")), "{lines:#?}");
    check_snapshot("facts_form_error", &lines);
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::F(1)]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("帮助")));
    assert!(lines.iter().any(|l| l.contains("拼音首字母")));
    check_snapshot("help", &lines);
    assert!(lines[22].contains("下面还有"), "the bottom border says more is below: {}", lines[22]);
    // Scrolling stops at the end, where the last lines show and nothing is said below.
    press(&mut app, &[KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown, KeyCode::PageDown]);
    let end = render(&app, 80, 24);
    assert!(end.iter().any(|l| l.contains("taizhang user add")), "{end:#?}");
    assert!(!end.iter().any(|l| l.contains("下面还有")), "{end:#?}");
    press(&mut app, &[KeyCode::Up]);
    let up = render(&app, 80, 24);
    assert!(up[22].contains("下面还有 1 行"), "one line up from the end: {}", up[22]);
}

#[test]
fn too_small() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, false);
    let lines = render(&app, 50, 10);
    let text = lines.join("");
    assert!(text.contains("终端太小"), "{text}");
    assert!(text.contains("60x15"));
    assert!(text.contains("50x10"));
}

#[test]
fn ascii_borders_have_no_box_drawing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, true);
    let lines = render(&app, 80, 24);
    let all = lines.join("\n");
    assert!(all.contains("+-"), "{all}");
    assert!(!all.chars().any(|c| ('\u{2500}'..='\u{259F}').contains(&c) || c == '▾' || c == '▸'), "{all}");
}

fn open_xunke_ledger(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "xk");
    press(app, &[KeyCode::Enter, KeyCode::Char('l')]);
}

#[test]
fn ledger_table_masks_and_aligns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_xunke_ledger(&mut app);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("逊克县台账"), "{}", lines[0]);
    assert!(lines[1].contains("未结案件"));
    assert!(lines[2].starts_with("姓名"), "{}", lines[2]);
    check_snapshot("ledger_table", &lines);
    // Wider terminals also show the masked ID number.
    let wide = render(&app, 120, 30);
    assert!(wide.iter().any(|l| l.contains("********")), "{wide:#?}");
    let longest_digit_run = |l: &str| l.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
    assert!(wide.iter().all(|l| longest_digit_run(l) < 17), "no full ID in the table: {wide:#?}");
}

#[test]
fn ledger_search_by_initials_then_case_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_xunke_ledger(&mut app);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "w");
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("搜索 \"w\""), "{}", lines[1]);
    for l in &lines[4..10] {
        if !l.trim().is_empty() {
            assert!(
                l.starts_with('王')
                    || l.starts_with('吴')
                    || l.starts_with('魏')
                    || l.starts_with('汪')
                    || l.starts_with('万')
                    || l.starts_with('温')
                    || l.starts_with('武')
                    || l.starts_with('文')
                    || l.starts_with('翁')
                    || l.starts_with('韦')
                    || l.starts_with('闻')
                    // 于 also reads wū (search accepts every reading of a character).
                    || l.starts_with('于'),
                "{l}"
            );
        }
    }
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("********")), "ID masked in the case view");
    assert!(lines.iter().any(|l| l.contains("办理记录")));
}

#[test]
fn new_case_form_with_chinese_and_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    open_xunke_ledger(&mut app);
    press(&mut app, &[KeyCode::Char('n')]);
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "张某伟");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "23112320150301123x");
    press(&mut app, &[KeyCode::Tab]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("登记新案件"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("张某伟")));
    assert!(lines.iter().any(|l| l.contains("校验位不对")), "{lines:#?}");
    check_snapshot("case_form_error", &lines);
}

/// The table moves a page at a time: stepping past the last visible row shows the next
/// page with the cursor on top (one repaint per page over a slow link, not one per row).
#[test]
fn ledger_scrolls_a_page_at_a_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('l'), KeyCode::Char('o')]); // the province, all cases
    let before = render(&app, 80, 24);
    let rows: Vec<&String> = before[3..23].iter().collect();
    let visible = rows.len();
    for _ in 0..visible - 1 {
        press(&mut app, &[KeyCode::Down]);
    }
    assert_eq!(render(&app, 80, 24)[3], before[3], "still the first page");
    press(&mut app, &[KeyCode::Down]);
    let after = render(&app, 80, 24);
    assert_ne!(after[3], before[3], "the next page");
    assert!(after[1].contains(&format!("第 {} 行", visible + 1)), "{}", after[1]);
    press(&mut app, &[KeyCode::Up]);
    assert_eq!(render(&app, 80, 24)[3], before[3], "and back a page");
}

/// `NO_COLOR`: not a single coloured cell, yet the selection still shows (reverse video).
#[test]
fn no_color_theme_uses_only_modifiers() {
    use ratatui::style::{Color, Modifier};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app_with_theme(&dir, taizhang::tui::theme::Theme::new(false, true));
    press(&mut app, &[KeyCode::Char('l')]);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    term.draw(|f| app.view(f)).expect("draw");
    let buffer = term.backend().buffer();
    let mut reversed = 0;
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "a coloured cell: {cell:?}");
        if cell.modifier.contains(Modifier::REVERSED) {
            reversed += 1;
        }
    }
    assert!(reversed >= 80, "the selected row (and header) are in reverse video");
}

/// The county page's `U` lists the staff working inside the county (its administrators and
/// the fillers of its schools), and nobody from elsewhere.
#[test]
fn county_staff_list() {
    use taizhang::domain::access::{Role, Scope};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    let opts = taizhang::db::OpenOptions {
        path: dir.path().join("s.db"),
        create: taizhang::db::Create::Never,
        busy_timeout: std::time::Duration::from_millis(500),
        login: "tester".into(),
    };
    let mut db = taizhang::db::open(&opts).expect("second session");
    let (school, county): (i64, String) = db
        .conn
        .query_row("SELECT id, county_code FROM schools WHERE county_code = '231123' ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a 逊克 school");
    let users = taizhang::db::users::upsert;
    users(&mut db, "liming", Role::Filler, &Scope::School { id: school, county_code: county }).expect("filler");
    users(&mut db, "zhaoyun", Role::Admin, &Scope::Region("231123".into())).expect("admin");
    users(&mut db, "elsewhere", Role::Admin, &Scope::Region("230903".into())).expect("other county");
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "逊克");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('U')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("逊克县人员"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("liming") && l.contains("学校填报员")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("zhaoyun") && l.contains("逊克县")), "{lines:#?}");
    let body = lines.get(1..).unwrap_or_default();
    assert!(!body.iter().any(|l| l.contains("elsewhere") || l.contains("tester")), "only this county's staff");
    check_snapshot("county_staff", &lines);
}

/// The indicators screen's `f` opens the county's entered figures; a class-count row added
/// through the form (school from the picker) is listed, audited, and moves the 大班额 count.
#[test]
fn entered_figures_are_added_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "逊克");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('i'), KeyCode::Char('f')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("巩固率") && l.contains("班额")), "{lines:#?}");
    // The fifth kind, a new row: the year is filled in, the school is picked.
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Char('n')]);
    press(&mut app, &[KeyCode::Tab, KeyCode::Enter]);
    type_text(&mut app, "农场");
    press(&mut app, &[KeyCode::Enter, KeyCode::Tab, KeyCode::Right, KeyCode::Tab]);
    for n in ["8", "1", "0", "3", "2"] {
        type_text(&mut app, n);
        press(&mut app, &[KeyCode::Tab]);
    }
    press(&mut app, &[KeyCode::F(2)]);
    let lines = render(&app, 80, 24);
    assert!(
        lines.iter().any(|l| l.contains("农场学校") && l.contains("初中") && l.contains("    3    2 ")),
        "{lines:#?}"
    );
    check_snapshot("figures_classes", &lines);
    let opts = taizhang::db::OpenOptions {
        path: dir.path().join("s.db"),
        create: taizhang::db::Create::Never,
        busy_timeout: std::time::Duration::from_millis(500),
        login: "tester".into(),
    };
    let db = taizhang::db::open(&opts).expect("second session");
    let audited: i64 = db
        .conn
        .query_row("SELECT count(*) FROM audit_log WHERE table_name = 'class_sizes' AND action = 'insert'", [], |r| {
            r.get(0)
        })
        .expect("audit");
    assert_eq!(audited, 1);
    let inputs = taizhang::db::indicators::inputs(&db.conn, "231123", 2026).expect("inputs");
    assert_eq!(taizhang::domain::indicators::large_classes(&inputs.schools), (3, 2, 1));
    // Back on the indicators screen the class-size item names the school.
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('3')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("大班额 3 个，超大班额 2 个")), "{lines:#?}");
}
