//! `--lang en`: every string of the interface in English (region and school names stay
//! Chinese: they are data). A separate test binary, since the language is process-wide.

mod common;

use common::{app, press, render, type_text};
use crossterm::event::KeyCode;
use taizhang::i18n::{set_lang, Lang};

#[test]
fn screens_speak_english() {
    set_lang(Lang::En);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("tester (county administrator)"), "{}", lines[0]);
    assert!(lines.iter().any(|l| l.contains("Regions")));
    assert!(lines.iter().any(|l| l.contains("Counties")));
    assert!(lines[23].contains("q quit"), "{}", lines[23]);
    // Longer English labels keep a space before their value and their bar.
    let overview = |label: &str| lines.iter().find(|l| l.contains(label)).cloned().unwrap_or_default();
    assert!(overview("Quality balance").contains("Quality balance  "), "{}", overview("Quality balance"));
    for status in ["suspected", "dropped out", "persuading"] {
        let row = overview(status);
        assert!(row.contains(&format!("{status} ")), "no space after {status}: {row}");
    }
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xk");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('l')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("open cases"), "{}", lines[1]);
    assert!(lines[0].contains("逊克县 ledger"), "a space between the name and the word: {}", lines[0]);
    assert!(lines[2].starts_with("Name"), "{}", lines[2]);
    // At 80 columns the English grade, status and reason are worded to fit, not cut: the
    // text between the school and the registration date holds no "..".
    assert!(lines[2].contains("In charge"), "{}", lines[2]);
    let (grade, date) = (lines[2].find("Grade").unwrap_or(0), lines[2].find("Registered").unwrap_or(0));
    for row in lines.iter().skip(3).take(15) {
        let middle = columns(row, grade, date);
        assert!(!middle.contains(".."), "cut: {row}");
    }
    assert!(
        lines.iter().any(|l| l.contains("gr. ") && (l.contains("suspect ") || l.contains("in talks"))),
        "{lines:#?}"
    );
    press(&mut app, &[KeyCode::F(1)]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("pinyin initials")), "{lines:#?}");
}

#[test]
fn command_line_errors_in_english() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["--lang", "en", "--db", "/nonexistent-folder/x.db", "user", "list"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("its folder does not exist"), "{err}");
    assert!(err.contains("/nonexistent-folder/x.db"), "{err}");
}

/// The text of `line` from display column `from` up to `to` (a Chinese character is two).
fn columns(line: &str, from: usize, to: usize) -> String {
    let mut at = 0;
    let mut out = String::new();
    for c in line.chars() {
        if at >= from && at < to {
            out.push(c);
        }
        at += if c.is_ascii() { 1 } else { 2 };
    }
    out
}
