//! Keys → actions. Only keys that survive SSH, tmux, screen and PuTTY are bound: letters,
//! Enter, Esc, Tab, arrows, PageUp/Down, Home/End, F1–F10 and Ctrl+letter.
//!
//! A key the context's table (`tui::bindings`) binds becomes that command; the others are
//! navigation and line editing, the same on every screen.

use super::bindings::{self, Context};
use super::commands::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Backspace,
    Delete,
    NextField,
    PrevField,
    /// A character typed (text mode) or a letter no row binds (command mode).
    Char(char),
    /// Ctrl-U in a text field: remove what is before the caret.
    ClearToStart,
    /// A key the context's bindings give a command.
    Cmd(Command),
}

/// Whether printable keys are text (a field has focus) or commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Command,
    Text,
}

pub fn map(key: KeyEvent, ctx: &Context) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let key = ascii_of_full_width(key, ctx.mode);
    if let Some(cmd) = bindings::resolve(ctx, &key) {
        return Some(Action::Cmd(cmd));
    }
    navigation(key, ctx.mode)
}

/// An input method in Chinese mode types `？ ／ ｑ ：` (full-width forms, U+FF01–U+FF5E)
/// for the keys `? / q :`. Where letters are commands they mean those keys; in a text
/// field they stay what was typed (Chinese punctuation is text too).
fn ascii_of_full_width(key: KeyEvent, mode: InputMode) -> KeyEvent {
    let KeyCode::Char(c) = key.code else { return key };
    let ascii = match c {
        '\u{FF01}'..='\u{FF5E}' if mode == InputMode::Command => char::from_u32(c as u32 - 0xFEE0),
        // The ideographic space is typed for Space.
        '\u{3000}' if mode == InputMode::Command => Some(' '),
        // Chinese-mode brackets of the column keys: 【 】 《 》 for [ ] < >.
        '【' if mode == InputMode::Command => Some('['),
        '】' if mode == InputMode::Command => Some(']'),
        '《' if mode == InputMode::Command => Some('<'),
        '》' if mode == InputMode::Command => Some('>'),
        _ => None,
    };
    match ascii {
        Some(a) => KeyEvent { code: KeyCode::Char(a), ..key },
        None => key,
    }
}

/// The keys every context shares: moving, and editing a line of text.
fn navigation(key: KeyEvent, mode: InputMode) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            // As in a shell (readline): Ctrl-U clears to the start, Ctrl-A / Ctrl-E go there.
            KeyCode::Char('u') if mode == InputMode::Text => Some(Action::ClearToStart),
            KeyCode::Char('a') if mode == InputMode::Text => Some(Action::Home),
            KeyCode::Char('e') if mode == InputMode::Text => Some(Action::End),
            KeyCode::Char('p') => Some(Action::Up),
            KeyCode::Char('n') => Some(Action::Down),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Left => Action::Left,
        KeyCode::Right => Action::Right,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home => Action::Home,
        KeyCode::End => Action::End,
        KeyCode::Enter => Action::Enter,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Tab => Action::NextField,
        KeyCode::BackTab => Action::PrevField,
        KeyCode::Char(c) if mode == InputMode::Text => Action::Char(c),
        KeyCode::Char(c) => match c {
            'j' => Action::Down,
            'k' => Action::Up,
            'g' => Action::Home,
            'G' => Action::End,
            other => Action::Char(other),
        },
        _ => return None,
    })
}

/// The key a navigation row's key text stands for, to check it against [`map`].
pub fn navigation_key(desc: &str) -> Vec<KeyCode> {
    match desc {
        "Enter" => vec![KeyCode::Enter],
        "Tab" => vec![KeyCode::Tab],
        "Shift-Tab" => vec![KeyCode::BackTab],
        "Del" => vec![KeyCode::Delete],
        "Backspace" => vec![KeyCode::Backspace],
        "Space" => vec![KeyCode::Char(' ')],
        "↑↓" => vec![KeyCode::Up, KeyCode::Down],
        "←→" => vec![KeyCode::Left, KeyCode::Right],
        "↑" => vec![KeyCode::Up],
        "↓" => vec![KeyCode::Down],
        "←" => vec![KeyCode::Left],
        "→" => vec![KeyCode::Right],
        "PgUp/PgDn" => vec![KeyCode::PageUp, KeyCode::PageDown],
        "Home/End" => vec![KeyCode::Home, KeyCode::End],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::bindings::FORM;
    use crate::tui::screens::regions::KEYS as REGIONS;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_are_commands_or_text_by_mode() {
        assert_eq!(map(key(KeyCode::Char('q')), &REGIONS), Some(Action::Cmd(Command::Quit)));
        assert_eq!(map(key(KeyCode::Char('q')), &FORM), Some(Action::Char('q')));
        assert_eq!(map(key(KeyCode::Char('逊')), &FORM), Some(Action::Char('逊')));
        assert_eq!(map(key(KeyCode::Char('j')), &REGIONS), Some(Action::Down));
        assert_eq!(
            map(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), &FORM),
            Some(Action::Cmd(Command::Suspend))
        );
        assert_eq!(map(key(KeyCode::F(1)), &FORM), Some(Action::Cmd(Command::Help)));
        assert_eq!(map(key(KeyCode::Esc), &FORM), Some(Action::Cmd(Command::Back)));
        assert_eq!(map(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL), &FORM), Some(Action::ClearToStart));
    }

    #[test]
    fn full_width_keys_of_an_input_method_act_as_ascii_where_letters_are_commands() {
        assert_eq!(map(key(KeyCode::Char('ｑ')), &REGIONS), Some(Action::Cmd(Command::Quit)));
        assert_eq!(map(key(KeyCode::Char('？')), &REGIONS), Some(Action::Cmd(Command::Help)));
        assert_eq!(map(key(KeyCode::Char('／')), &REGIONS), Some(Action::Cmd(Command::Search)));
        assert_eq!(map(key(KeyCode::Char('ｊ')), &REGIONS), Some(Action::Down));
        let ledger = &crate::tui::screens::ledger::KEYS;
        assert_eq!(map(key(KeyCode::Char('【')), ledger), Some(Action::Cmd(Command::PickColumn(-1))));
        assert_eq!(map(key(KeyCode::Char('》')), ledger), Some(Action::Cmd(Command::ColumnWidth(2))));
        // In a field they are text, as typed.
        assert_eq!(map(key(KeyCode::Char('？')), &FORM), Some(Action::Char('？')));
        assert_eq!(map(key(KeyCode::Char('ｑ')), &FORM), Some(Action::Char('ｑ')));
    }

    /// What the editing rows of the help say is what the keymap does.
    #[test]
    fn editing_rows_are_the_keymaps() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(map(ctrl('u'), &FORM), Some(Action::ClearToStart));
        assert_eq!(map(ctrl('a'), &FORM), Some(Action::Home));
        assert_eq!(map(ctrl('e'), &FORM), Some(Action::End));
        let keys: Vec<&str> = bindings::EDITING.rows().flat_map(|b| b.keys.iter().copied()).collect();
        assert_eq!(keys, ["Ctrl-U", "Ctrl-A", "Ctrl-E"]);
    }
}
