//! A one-line text prompt drawn over the screen below (a file name, a reason): the typed
//! line with the terminal cursor at its caret (where the input method's window opens), a
//! line saying what it is about, and under it the error or the explanation.

use super::line_input::LineInput;
use super::overlay;
use super::text::width;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub struct Prompt {
    pub input: LineInput,
    /// Why the last Enter was refused; cleared by the next edit.
    pub error: Option<String>,
}

/// What a prompt says: its title, the label before the text, a line on what it is about,
/// and the explanation shown while there is no error.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub title: &'a str,
    pub label: &'a str,
    pub about: &'a str,
    pub explain: &'a str,
}

impl Prompt {
    pub fn new(text: &str) -> Prompt {
        Prompt { input: LineInput::new(text), error: None }
    }

    /// The typed text, trimmed.
    pub fn text(&self) -> &str {
        self.input.text().trim()
    }

    /// An editing key: the text changes and the last error goes; false for any other key
    /// (Enter, Esc, a confirmation: the screen decides).
    pub fn update(&mut self, action: &Action) -> bool {
        let edited = self.input.edit(action);
        if edited {
            self.error = None;
        }
        edited
    }

    /// Draws the prompt centred over `area` with its `words`.
    pub fn view(&self, frame: &mut Frame, area: Rect, words: &Words, theme: &Theme) {
        let Words { title, label, about, explain } = *words;
        let rect = overlay::centered(area, area.width.saturating_sub(4).min(76), 7);
        let inner = overlay::frame(frame, rect, title, None, theme);
        let (shown, caret) = self.input.window((inner.width as usize).saturating_sub(width(label)));
        let line = Line::from(vec![Span::styled(label.to_string(), theme.label), Span::raw(shown)]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        frame.set_cursor_position(Position::new(inner.x + (width(label) + caret) as u16, inner.y));
        let (note, style) = match &self.error {
            Some(e) => (e.as_str(), theme.error),
            None => (explain, theme.dim),
        };
        let below = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
        let text = vec![
            Line::from(Span::styled(about.to_string(), theme.dim)),
            Line::from(Span::styled(note.to_string(), style)),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), below);
    }
}
