//! A list screen (ledger, schools) takes text in two ways: a search line (`/`) and a filter
//! form (`f`). Which one is open decides the key bindings (and so the input mode).

use super::form::Form;
use super::line_input::LineInput;
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The filter form's bindings, the search line's, or else the list's own (`list`).
pub fn context(searching: bool, filter_form: Option<&Form>, list: &'static Context) -> &'static Context {
    match filter_form {
        Some(_) => &bindings::FILTER_FORM,
        None if searching => &bindings::SEARCH,
        None => list,
    }
}

/// What a key did to an open search line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKey {
    /// The text changed (typed, deleted, or cleared by Esc): search again.
    Edited,
    /// The line was left (Enter or Down) with its text kept.
    Left,
    /// Not a key of the search line.
    Ignored,
}

/// One key on a list's open search line: editing keys edit, Enter/Down leave it keeping
/// the text, Esc clears it and leaves. `searching` becomes false when the line is left.
pub fn search_key(search: &mut LineInput, searching: &mut bool, action: Action) -> SearchKey {
    match action {
        Action::Char(c) => search.insert(c),
        Action::Backspace => search.backspace(),
        Action::ClearToStart => search.clear_to_start(),
        Action::Left => search.left(),
        Action::Right => search.right(),
        Action::Enter | Action::Down => {
            *searching = false;
            return SearchKey::Left;
        }
        Action::Cmd(Command::Back) => {
            *searching = false;
            search.set("");
        }
        _ => return SearchKey::Ignored,
    }
    SearchKey::Edited
}

/// The two lines above a list: what is shown with its counter on the right, then — while
/// searching or while a search is kept — the search line with the caret placed for the
/// input method. Returns the first row below them.
#[allow(clippy::too_many_arguments)]
pub fn view_head(
    frame: &mut Frame,
    area: Rect,
    describe: &str,
    counter: String,
    search: &LineInput,
    searching: bool,
    (prompt_label, empty_hint): (&str, &str),
    theme: &Theme,
) -> u16 {
    let cols = area.width as usize;
    let desc_cols = cols.saturating_sub(width(&counter) + 1);
    let top = Line::from(vec![
        Span::styled(fit(describe, desc_cols), theme.label),
        Span::raw(" "),
        Span::styled(counter, theme.title),
    ]);
    frame.render_widget(Paragraph::new(top), Rect { height: 1, ..area });
    let mut y = area.y + 1;
    if searching || !search.text().is_empty() {
        let prompt = format!("{prompt_label}: ");
        let (shown, caret) = search.window(cols.saturating_sub(width(&prompt) + 1));
        let hint_text = if shown.is_empty() { empty_hint.to_string() } else { String::new() };
        let line = Line::from(vec![
            Span::styled(prompt.clone(), theme.hint_key),
            Span::raw(shown),
            Span::styled(hint_text, theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { y, height: 1, ..area });
        if searching {
            frame.set_cursor_position(Position::new(area.x + (width(&prompt) + caret) as u16, y));
        }
        y += 1;
    }
    y
}
