//! The case view reads whole (issue 19): values wrap under their label instead of being
//! cut, at 80×24 and at 200×50; a note typed in the form wraps while it is edited, with the
//! cursor where the next character goes; F4 hands the note to `$EDITOR` and back.

mod common;

use common::{check_snapshot, press, render, type_text, without_clock};
use crossterm::event::KeyCode;
use taizhang::tui::app::KeyOutcome;

const NOTE: &str =
    "家长表示孩子在外地打工的亲戚家暂住，开学后已两次电话联系，班主任和包保责任人约定下周一再次上门劝返。";

/// The demo app on the first open case of 逊克县's ledger (newest first), its form open.
fn case_form(dir: &tempfile::TempDir) -> taizhang::tui::app::App {
    let mut app = common::app(dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('l'), KeyCode::Enter, KeyCode::Char('e')]);
    // Shift-Tab from the first field: the last one, the note.
    press(&mut app, &[KeyCode::BackTab]);
    app
}

#[test]
fn a_long_note_wraps_while_typed_and_in_the_view_at_80_and_200_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = case_form(&dir);
    // Ctrl-U clears what was there; then the long note.
    common::ctrl(&mut app, 'u');
    type_text(&mut app, NOTE);
    let lines = render(&app, 80, 24);
    let rows: Vec<&String> = lines.iter().filter(|l| l.contains("家长表示") || l.contains("约定下周")).collect();
    assert_eq!(rows.len(), 2, "the note wraps onto a second row while typed:\n{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("F4 编辑器")), "F4 offered on the note: {:?}", lines.last());
    press(&mut app, &[KeyCode::F(2)]);
    let stored: String =
        app.db.conn.query_row("SELECT note FROM cases WHERE note LIKE '家长表示%'", [], |r| r.get(0)).expect("saved");
    assert_eq!(stored, NOTE);
    // The view: nothing cut; scrolled to the end, the whole note and every phone are there.
    for _ in 0..40 {
        press(&mut app, &[KeyCode::Down]);
    }
    let lines = render(&app, 80, 24);
    let text: String =
        lines.iter().map(|l| l.chars().skip(20).take(22).collect::<String>().trim().to_string()).collect();
    assert!(text.contains("上门劝返。"), "the note's end is on screen:\n{lines:#?}");
    // Below the breadcrumb (which elides the path on the left by design).
    assert!(!lines.iter().skip(1).any(|l| l.contains("..")), "nothing is cut:\n{lines:#?}");
    let unclocked = |lines: Vec<String>| lines.iter().map(|l| without_clock(l)).collect::<Vec<_>>();
    check_snapshot("case_view_long_note_80x24", &unclocked(lines));
    let wide = render(&app, 200, 50);
    let note_rows = |lines: &[String]| {
        let start = lines.iter().position(|l| l.contains("家长表示")).unwrap_or(lines.len());
        let end = lines.iter().position(|l| l.contains("上门劝返。")).unwrap_or(0);
        end.saturating_sub(start) + 1
    };
    assert_eq!(note_rows(&wide), 2, "at 200 columns the note takes two rows:\n{wide:#?}");
    assert_eq!(note_rows(&render(&app, 80, 24)), 5, "at 80 columns, five");
    check_snapshot("case_view_long_note_200x50", &unclocked(wide));
}

#[test]
fn f4_hands_the_note_to_the_editor_and_takes_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = case_form(&dir);
    let before = app.external_text().expect("the note is focused");
    // F4 asks the loop to run the editor; the loop gives back what it saved.
    let outcome = app.handle_key(crossterm::event::KeyEvent::from(KeyCode::F(4)));
    assert_eq!(outcome, KeyOutcome::ExternalEdit);
    app.external_edited(Ok(Some(format!("{before}\n用编辑器补充：周一上门。\n"))));
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("已取回编辑器中的备注")), "{lines:#?}");
    assert_eq!(app.external_text().as_deref(), Some(format!("{before}\n用编辑器补充：周一上门。").as_str()));
    // An editor that fails leaves the note; one that cannot start is named with the fix.
    app.external_edited(Ok(None));
    assert_eq!(app.external_text().as_deref(), Some(format!("{before}\n用编辑器补充：周一上门。").as_str()));
    app.external_edited(Err(("nosuch".into(), "No such file or directory".into())));
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("无法启动编辑器「nosuch」")), "{lines:#?}");
    // On another field F4 is not offered and says what it is for.
    press(&mut app, &[KeyCode::Tab]);
    assert_eq!(app.external_text(), None);
    assert_eq!(app.handle_key(crossterm::event::KeyEvent::from(KeyCode::F(4))), KeyOutcome::Changed);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("F4 用于备注栏")), "{lines:#?}");
}
