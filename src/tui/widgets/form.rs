//! A form: labelled fields, one focused; Tab/Shift-Tab or ↑/↓ move, typing edits the focused
//! text field, ←/→ (or Enter) change a choice, F2/Ctrl-S asks to save, Esc to cancel.
//! The screen owning the form validates; the form shows each error beside its field and,
//! after a conflicting save, the other person's value too.

use super::line_input::LineInput;
use super::text::{fit, width};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// (stored code, visible label) pairs.
    Choice(Vec<(&'static str, &'static str)>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: LineInput,
    pub choice: usize,
    pub error: Option<String>,
    /// Another session's saved value, shown after a conflict.
    pub theirs: Option<String>,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        Field { key, label, kind: FieldKind::Text, input: LineInput::new(value), choice: 0, error: None, theirs: None }
    }

    pub fn choice(
        key: &'static str,
        label: &'static str,
        options: Vec<(&'static str, &'static str)>,
        code: &str,
    ) -> Field {
        let choice = options.iter().position(|(c, _)| *c == code).unwrap_or(0);
        Field {
            key,
            label,
            kind: FieldKind::Choice(options),
            input: LineInput::default(),
            choice,
            error: None,
            theirs: None,
        }
    }

    /// The text, or the chosen option's code.
    pub fn value(&self) -> &str {
        match &self.kind {
            FieldKind::Text => self.input.text(),
            FieldKind::Choice(options) => options.get(self.choice).map(|(c, _)| *c).unwrap_or(""),
        }
    }

    fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Text => self.input.text().to_string(),
            FieldKind::Choice(options) => options.get(self.choice).map(|(_, l)| format!("< {l} >")).unwrap_or_default(),
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    None,
    Edited,
    /// Focus moved away from this field: validate it.
    Left(usize),
    Save,
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        Form { fields, focus: 0 }
    }

    pub fn value(&self, key: &str) -> &str {
        self.fields.iter().find(|f| f.key == key).map(|f| f.value()).unwrap_or("")
    }

    pub fn set_error(&mut self, key: &str, error: Option<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = error;
        }
    }

    pub fn error_count(&self) -> usize {
        self.fields.iter().filter(|f| f.error.is_some()).count()
    }

    fn move_focus(&mut self, forward: bool) -> FormEvent {
        let left = self.focus;
        let n = self.fields.len();
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
        FormEvent::Left(left)
    }

    pub fn update(&mut self, action: Action) -> FormEvent {
        if self.fields.is_empty() {
            return FormEvent::None;
        }
        match action {
            Action::Save => return FormEvent::Save,
            Action::Back => return FormEvent::Cancel,
            Action::NextField | Action::Down => return self.move_focus(true),
            Action::PrevField | Action::Up => return self.move_focus(false),
            _ => {}
        }
        let field = &mut self.fields[self.focus];
        match (&field.kind, action) {
            (FieldKind::Choice(options), Action::Left) => {
                field.choice = (field.choice + options.len() - 1) % options.len()
            }
            (FieldKind::Choice(options), Action::Right | Action::Enter | Action::Char(' ')) => {
                field.choice = (field.choice + 1) % options.len()
            }
            (FieldKind::Text, Action::Enter) => return self.move_focus(true),
            (FieldKind::Text, Action::Char(c)) => field.input.insert(c),
            (FieldKind::Text, Action::Backspace) => field.input.backspace(),
            (FieldKind::Text, Action::Delete) => field.input.delete(),
            (FieldKind::Text, Action::Left) => field.input.left(),
            (FieldKind::Text, Action::Right) => field.input.right(),
            (FieldKind::Text, Action::Home) => field.input.home(),
            (FieldKind::Text, Action::End) => field.input.end(),
            _ => return FormEvent::None,
        }
        FormEvent::Edited
    }

    /// Draws the fields in `area` and puts the terminal cursor at the focused caret.
    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let label_cols = self.fields.iter().map(|f| width(f.label)).max().unwrap_or(0) + 2;
        let input_cols = (area.width as usize).saturating_sub(label_cols + 1).min(40);
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let label_style = if f.error.is_some() { theme.error } else { theme.label };
            let (shown, caret) = match f.kind {
                FieldKind::Text => f.input.window(input_cols),
                FieldKind::Choice(_) => (f.shown(), 0),
            };
            if focused && matches!(f.kind, FieldKind::Text) {
                cursor = Some(Position::new(area.x + (label_cols + caret) as u16, area.y + lines.len() as u16));
            }
            let input_style = if focused { theme.focus } else { theme.hint_text };
            let mut spans = vec![
                Span::styled(fit(f.label, label_cols), label_style),
                Span::styled(fit(&shown, input_cols), input_style),
            ];
            if let Some(theirs) = &f.theirs {
                spans.push(Span::styled(format!(" {}{}", crate::i18n::T::TheirValue.s(), theirs), theme.dim));
            }
            lines.push(Line::from(spans));
            if let Some(e) = &f.error {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(label_cols)),
                    Span::styled(format!("! {e}"), theme.error),
                ]));
            }
        }
        frame.render_widget(Paragraph::new(lines), area);
        if let Some(p) = cursor {
            if area.contains(p) {
                frame.set_cursor_position(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_moves_and_reports_the_field_left() {
        let mut form =
            Form::new(vec![Field::text("a", "A", ""), Field::choice("b", "B", vec![("x", "X"), ("y", "Y")], "y")]);
        assert_eq!(form.update(Action::Char('7')), FormEvent::Edited);
        assert_eq!(form.value("a"), "7");
        assert_eq!(form.update(Action::NextField), FormEvent::Left(0));
        assert_eq!(form.value("b"), "y");
        form.update(Action::Right);
        assert_eq!(form.value("b"), "x");
        assert_eq!(form.update(Action::Save), FormEvent::Save);
    }
}
