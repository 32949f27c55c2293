//! A list's columns (issue 19): spare width goes to the columns whose values are cut,
//! dates and IDs are never cut, and the user hides, narrows and widens columns with keys
//! (`[` `]` `<` `>` `H` `=` through the keymap), remembered per list in the settings file.

mod common;

use common::{check_snapshot, open_demo, press, render, type_text};
use crossterm::event::KeyCode;
use std::path::Path;
use taizhang::config::ColumnStore;
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;

/// The demo app with its column choices kept in `config` (a settings file in a temp dir).
fn app_at(dir: &Path, config: &Path) -> App {
    let mut db = open_demo(&dir.join("s.db"), "tester");
    db.columns = ColumnStore::load(config.to_path_buf()).expect("settings file");
    App::new(db, Theme::new(false, false)).expect("app")
}

fn open_xunke_ledger(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "xk");
    press(app, &[KeyCode::Enter, KeyCode::Char('l')]);
}

/// The header line of a table drawn under the two lines of the list's head.
fn header(lines: &[String]) -> &str {
    lines.get(2).map(String::as_str).unwrap_or("")
}

/// The table's rows (below the header, above the message and the hint bar).
fn body(lines: &[String]) -> Vec<&str> {
    lines.iter().skip(3).take_while(|l| !l.trim().is_empty()).map(String::as_str).collect()
}

#[test]
fn a_wide_terminal_shows_whole_names_and_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_at(dir.path(), &dir.path().join("config.toml"));
    open_xunke_ledger(&mut app);
    let narrow = render(&app, 80, 24);
    assert!(body(&narrow).iter().any(|l| l.contains("克林镇中心..")), "80 columns cut a school: {narrow:#?}");
    let wide = render(&app, 200, 50);
    check_snapshot("ledger_wide", &wide);
    let rows = body(&wide);
    assert!(rows.len() >= 10, "{wide:#?}");
    assert!(rows.iter().all(|l| !l.contains("..")), "nothing is cut at 200 columns: {wide:#?}");
    assert!(rows.iter().any(|l| l.contains("克林镇中心学校")), "the school's whole name: {wide:#?}");
    assert!(rows.iter().all(|l| l.contains("231123************")), "the masked ID, whole: {wide:#?}");
    assert!(header(&wide).contains("身份证号"), "{}", header(&wide));
}

#[test]
fn hiding_a_column_gives_its_room_to_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_at(dir.path(), &dir.path().join("config.toml"));
    open_xunke_ledger(&mut app);
    assert!(header(&render(&app, 80, 24)).contains("原因"));
    // The first ] picks 姓名; four more reach 原因.
    press(&mut app, &[KeyCode::Char(']'); 5]);
    let picked = render(&app, 80, 24);
    assert!(picked.iter().any(|l| l.contains("列“原因”")), "the pick is said: {picked:#?}");
    press(&mut app, &[KeyCode::Char('H')]);
    let lines = render(&app, 80, 24);
    check_snapshot("ledger_hidden_reason", &lines);
    assert!(!header(&lines).contains("原因"), "{}", header(&lines));
    assert!(lines.iter().any(|l| l.contains("已隐藏列“原因”") && l.contains("按 = 恢复")), "{lines:#?}");
    assert!(body(&lines).iter().all(|l| !l.contains("身体原因")), "its cells went too: {lines:#?}");
    // The room it had shows whole names of people and schools.
    assert!(body(&lines).iter().any(|l| l.contains("崔某兰/林某兰")), "{lines:#?}");
    let wide = render(&app, 200, 50);
    check_snapshot("ledger_hidden_reason_wide", &wide);
    assert!(!header(&wide).contains("原因") && header(&wide).contains("身份证号"), "{}", header(&wide));
    // = puts it back.
    press(&mut app, &[KeyCode::Char('=')]);
    assert!(header(&render(&app, 80, 24)).contains("原因"));
}

#[test]
fn column_choices_are_remembered_across_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("settings").join("config.toml");
    let school_width = |lines: &[String]| {
        let h = header(lines);
        let start = h.find("学校").expect("a school column");
        let end = h.find("年级").expect("a grade column");
        taizhang::text::width(&h[start..end])
    };
    {
        let mut app = app_at(dir.path(), &config);
        open_xunke_ledger(&mut app);
        let before = school_width(&render(&app, 80, 24));
        // 学校, widened twice (two columns a step); 年级 hidden.
        press(&mut app, &[KeyCode::Char(']'), KeyCode::Char(']'), KeyCode::Char('>'), KeyCode::Char('>')]);
        press(&mut app, &[KeyCode::Char(']'), KeyCode::Char('H')]);
        let lines = render(&app, 80, 24);
        assert!(!header(&lines).contains("年级"), "{}", header(&lines));
        let h = header(&lines);
        let start = h.find("学校").expect("school");
        let end = h.find("状态").expect("status");
        assert_eq!(taizhang::text::width(&h[start..end]), before + 4, "{h}");
    }
    let text = std::fs::read_to_string(&config).expect("the settings file was written");
    assert!(text.contains("[columns]") && text.contains("ledger = \"grade=hide,school=16\""), "{text}");
    // A new session on the same settings: the ledger is drawn as it was left.
    let mut app = app_at(dir.path(), &config);
    open_xunke_ledger(&mut app);
    let lines = render(&app, 80, 24);
    assert!(!header(&lines).contains("年级"), "hidden after the restart: {}", header(&lines));
    assert!(header(&lines).contains("学校"), "{}", header(&lines));
    // Narrowing is kept too; = forgets the choice in the file as well.
    press(&mut app, &[KeyCode::Char(']'), KeyCode::Char(']'), KeyCode::Char('<')]);
    let text = std::fs::read_to_string(&config).expect("settings");
    assert!(text.contains("school=14"), "{text}");
    press(&mut app, &[KeyCode::Char('=')]);
    let text = std::fs::read_to_string(&config).expect("settings");
    assert!(text.contains("ledger = \"\""), "{text}");
    assert!(school_width(&render(&app, 80, 24)) > 0);
}

#[test]
fn the_last_column_cannot_be_hidden_and_a_column_cannot_vanish_by_narrowing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[columns]\nledger = \"name=hide,school=hide,grade=hide,status=hide,reason=hide,registered=hide,visit=hide\"\n",
    )
    .expect("settings");
    let mut app = app_at(dir.path(), &config);
    open_xunke_ledger(&mut app);
    let lines = render(&app, 80, 24);
    assert_eq!(header(&lines).trim(), "包保责任人", "{lines:#?}");
    press(&mut app, &[KeyCode::Char(']'), KeyCode::Char('H')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("最后一列，不能隐藏")), "{lines:#?}");
    press(&mut app, &[KeyCode::Char('<'); 40]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("不能再窄")), "{lines:#?}");
    assert!(header(&lines).starts_with("包 "), "two columns wide: {}", header(&lines));
}

/// Every list on the shared table takes the same keys: on the schools and the users lists
/// `H` hides the picked column, `=` brings it back.
#[test]
fn other_lists_hide_and_restore_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app_at(dir.path(), &dir.path().join("config.toml"));
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('s')]);
    let lines = render(&app, 100, 30);
    assert!(header(&lines).contains("标识码"), "{lines:#?}");
    press(&mut app, &[KeyCode::Char(']'), KeyCode::Char(']'), KeyCode::Char('H')]);
    let lines = render(&app, 100, 30);
    assert!(!header(&lines).contains("标识码"), "{}", header(&lines));
    press(&mut app, &[KeyCode::Char('=')]);
    assert!(header(&render(&app, 100, 30)).contains("标识码"));
}
