//! Shared by the screen tests: a demo app on a temporary database, rendering into
//! ratatui's TestBackend, snapshots in `tests/snapshots/NAME.txt` (rewrite them with
//! `UPDATE_SNAPSHOTS=1` after a deliberate change, and review the diff), and key helpers.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::time::Duration;
use taizhang::db::{self, OpenOptions};
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// A demo database (300 cases, pinned date) opened by login `tester`, its creator.
pub fn app(dir: &tempfile::TempDir, ascii: bool) -> App {
    app_with_theme(dir, Theme::new(ascii, false))
}

/// The same app with a chosen theme (e.g. `NO_COLOR`).
pub fn app_with_theme(dir: &tempfile::TempDir, theme: Theme) -> App {
    // Demo data and "days since" depend on the date: pinned so snapshots hold on any day.
    App::new(open_demo(&dir.path().join("s.db"), "tester"), theme).expect("app")
}

/// The screen as text, one line per row; a wide character's second cell is skipped, so each
/// line is exactly as wide as the terminal when nothing is cut or misaligned.
pub fn rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += UnicodeWidthStr::width(symbol).max(1) as u16;
            }
            line
        })
        .collect()
}

pub fn render(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| app.view(f)).expect("draw");
    let lines = rows(term.backend().buffer());
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(UnicodeWidthStr::width(l.as_str()), w as usize, "row {i} is misaligned: {l:?}");
    }
    lines
}

pub fn check_snapshot(name: &str, lines: &[String]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(format!("{name}.txt"));
    let text = lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n") + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &text).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {}; run with UPDATE_SNAPSHOTS=1 and review it", path.display()));
    assert_eq!(text, expected, "screen differs from snapshot {name}:\n{text}");
}

/// Presses keys through the keymap and the top screen's bindings, as a user would.
pub fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(KeyEvent::new(*k, KeyModifiers::NONE));
    }
}

/// Ctrl and a letter.
pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// A demo database (300 cases, pinned date) at `path`, opened by `login`.
pub fn open_demo(path: &std::path::Path, login: &str) -> taizhang::db::Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(300),
        busy_timeout: Duration::from_millis(500),
        login: login.into(),
    })
    .expect("open")
}

/// A new, empty primary school of 逊克县 (no cases, no submissions); its id.
pub fn new_school(db: &taizhang::db::Db, name: &str, code: &str) -> i64 {
    db.conn
        .execute(
            "INSERT INTO schools(county_code, name, school_code, kind, location) VALUES ('231123', ?1, ?2, 'primary', 'rural')",
            [name, code],
        )
        .expect("school");
    db.conn.last_insert_rowid()
}

/// `l` with each "YYYY-MM-DD HH:MM" (the history's wall-clock time) as "…-…-… …:…", so the
/// snapshot holds on any day.
pub fn without_clock(l: &str) -> String {
    let shape = "0000-00-00 00:00";
    let chars: Vec<char> = l.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let window: String = chars.iter().skip(i).take(shape.len()).collect();
        let fits = window.len() == shape.len()
            && window.chars().zip(shape.chars()).all(|(c, s)| if s == '0' { c.is_ascii_digit() } else { c == s });
        if fits {
            out.push_str("YYYY-MM-DD hh:mm");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}
