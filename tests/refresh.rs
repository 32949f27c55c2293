//! Other sessions' saves show on an open screen at the next refresh (the event loop runs
//! it once a second when `PRAGMA data_version` moved), every column of them: an edited
//! name, not only a new id or status; and a case that sorts to the top appears.

mod common;

use common::{app, press, render, type_text};
use crossterm::event::KeyCode;

#[test]
fn the_ledger_shows_a_colleagues_edit_of_any_column_and_a_new_top_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('l')]);
    let lines = render(&app, 80, 24);
    assert!(lines[2].starts_with("姓名"), "{lines:#?}");
    let first = lines[3].split_whitespace().next().expect("a first row").to_string();
    let second = lines[4].split_whitespace().next().expect("a second row").to_string();
    assert!(!app.refresh_if_changed(), "nothing changed yet");

    // A colleague renames the case in the second row (status and id unchanged) and
    // registers one today, which sorts above every row shown.
    let conn = rusqlite::Connection::open(dir.path().join("s.db")).expect("open");
    let renamed = conn
        .execute(
            "UPDATE cases SET name = '改某名', version = version + 1
             WHERE id = (SELECT id FROM cases WHERE county_code = '231123' AND name = ?1 LIMIT 1)",
            [&second],
        )
        .expect("rename");
    assert_eq!(renamed, 1, "the row named {second}");
    conn.execute(
        "INSERT INTO cases(county_code, school_id, ledger, status, name, registered_on, created_at, updated_at)
         SELECT county_code, school_id, ledger, 'suspected', '新某登', '2026-11-23', created_at, updated_at
         FROM cases WHERE county_code = '231123' LIMIT 1",
        [],
    )
    .expect("insert");

    assert!(app.refresh_if_changed(), "the refresh saw the change");
    let lines = render(&app, 80, 24);
    let all = lines.join("\n");
    assert!(all.contains("改某名"), "the edited name shows\n{all}");
    assert!(!all.contains(&format!("\n{second} ")), "the old name is gone\n{all}");
    assert!(lines[3].starts_with("新某登"), "the case registered today is on top\n{all}");
    assert!(lines.iter().any(|l| l.starts_with(&first)), "the old first row is still shown\n{all}");
    assert!(!app.refresh_if_changed(), "and nothing more to do");

    // Only a name changes: the screen must still be redrawn (the loop redraws only when
    // `refresh` says something visible changed).
    conn.execute("UPDATE cases SET name = '再改名' WHERE name = '改某名'", []).expect("rename again");
    assert!(app.refresh_if_changed(), "a changed name alone is a change to draw");
    assert!(render(&app, 80, 24).join("\n").contains("再改名"));
}
