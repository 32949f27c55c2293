//! Keys → actions. Only keys that survive SSH, tmux, screen and PuTTY are bound: letters,
//! Enter, Esc, Tab, arrows, PageUp/Down, Home/End, F1–F10 and Ctrl+letter.

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
    /// Esc: cancel or go back.
    Back,
    Backspace,
    Delete,
    NextField,
    PrevField,
    Char(char),
    Filter,
    Help,
    Quit,
    Edit,
    Save,
    Redraw,
    Suspend,
    /// Ctrl-C: quit now (raw mode turns it into a key, not a signal).
    Interrupt,
    /// Ctrl-U in a text field: remove what is before the caret.
    ClearToStart,
    /// F3–F10: screen-specific commands that also work while a field has focus.
    Function(u8),
}

/// Whether printable keys are text (a field has focus) or commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Command,
    Text,
}

pub fn map(key: KeyEvent, mode: InputMode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            KeyCode::Char('c') => Some(Action::Interrupt),
            KeyCode::Char('z') => Some(Action::Suspend),
            KeyCode::Char('l') => Some(Action::Redraw),
            KeyCode::Char('s') => Some(Action::Save),
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
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Tab => Action::NextField,
        KeyCode::BackTab => Action::PrevField,
        KeyCode::F(1) => Action::Help,
        KeyCode::F(2) => Action::Save,
        KeyCode::F(n @ 3..=10) => Action::Function(n),
        KeyCode::Char(c) if mode == InputMode::Text => Action::Char(c),
        KeyCode::Char(c) => match c {
            'j' => Action::Down,
            'k' => Action::Up,
            'g' => Action::Home,
            'G' => Action::End,
            '/' => Action::Filter,
            '?' => Action::Help,
            'q' => Action::Quit,
            'e' => Action::Edit,
            other => Action::Char(other),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_are_commands_or_text_by_mode() {
        assert_eq!(map(key(KeyCode::Char('q')), InputMode::Command), Some(Action::Quit));
        assert_eq!(map(key(KeyCode::Char('q')), InputMode::Text), Some(Action::Char('q')));
        assert_eq!(map(key(KeyCode::Char('逊')), InputMode::Text), Some(Action::Char('逊')));
        assert_eq!(
            map(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL), InputMode::Text),
            Some(Action::Suspend)
        );
    }
}
