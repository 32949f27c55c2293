//! A form: labelled fields, one focused; Tab/Shift-Tab or ↑/↓ move, typing edits the focused
//! text field, ←/→ (or Enter) change a choice, F2/Ctrl-S asks to save, Esc to cancel.
//! The screen owning the form validates; the form shows each error beside its field and,
//! after a conflicting save, the other person's value too.

use super::line_input::LineInput;
use super::text::{fit, labelled, width};
use crate::domain::fields::{mask_value, Mask};
use crate::i18n::T;
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// (stored code, visible label) pairs.
    Choice(Vec<(&'static str, &'static str)>),
    /// Chosen from a picker the screen opens on Enter; the input holds the value, `shown`
    /// what the user sees (a school's name for its id).
    Picked {
        shown: String,
    },
    /// Several lines (notes): Enter starts a new line, Tab leaves the field.
    Multiline,
}

/// How many rows a note shows while it is edited (it scrolls to keep the caret in view).
const NOTE_ROWS: usize = 6;

#[derive(Debug, Clone)]
pub struct Field {
    pub key: &'static str,
    pub label: Cow<'static, str>,
    pub kind: FieldKind,
    pub input: LineInput,
    pub choice: usize,
    pub error: Option<String>,
    /// Another session's saved value, shown after a conflict.
    pub theirs: Option<String>,
    /// Personal data: shown masked while the field is not being edited.
    pub mask: Option<Mask>,
    /// A stored personal value not yet revealed: masked even while focused, and not
    /// editable until the screen's reveal command (which is audited) unlocks it.
    pub hidden: bool,
}

impl Field {
    pub fn text(key: &'static str, label: impl Into<Cow<'static, str>>, value: &str) -> Field {
        Field {
            key,
            label: label.into(),
            kind: FieldKind::Text,
            input: LineInput::new(value),
            choice: 0,
            error: None,
            theirs: None,
            mask: None,
            hidden: false,
        }
    }

    pub fn picked(key: &'static str, label: impl Into<Cow<'static, str>>, value: &str, shown: &str) -> Field {
        Field { kind: FieldKind::Picked { shown: shown.to_string() }, ..Field::text(key, label, value) }
    }

    pub fn multiline(key: &'static str, label: impl Into<Cow<'static, str>>, value: &str) -> Field {
        Field { kind: FieldKind::Multiline, ..Field::text(key, label, value) }
    }

    pub fn choice(
        key: &'static str,
        label: impl Into<Cow<'static, str>>,
        options: Vec<(&'static str, &'static str)>,
        code: &str,
    ) -> Field {
        let choice = options.iter().position(|(c, _)| *c == code).unwrap_or(0);
        Field {
            key,
            label: label.into(),
            kind: FieldKind::Choice(options),
            input: LineInput::default(),
            choice,
            error: None,
            theirs: None,
            mask: None,
            hidden: false,
        }
    }

    /// The text, or the chosen option's code.
    pub fn value(&self) -> &str {
        match &self.kind {
            FieldKind::Text | FieldKind::Picked { .. } | FieldKind::Multiline => self.input.text(),
            FieldKind::Choice(options) => options.get(self.choice).map(|(c, _)| *c).unwrap_or(""),
        }
    }

    fn shown(&self) -> String {
        match &self.kind {
            FieldKind::Text | FieldKind::Multiline => self.input.text().to_string(),
            FieldKind::Picked { shown } if shown.is_empty() => format!("{} >", crate::i18n::T::PressEnterToChoose.s()),
            FieldKind::Picked { shown } => format!("{shown} >"),
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
    /// Leave the form: it is unchanged, or the user chose to discard the changes.
    Cancel,
    /// Esc on a form with changes: the screen asks what to do with them
    /// (`flows::record_form::ask_leave`).
    AskLeave,
    /// The answer "save as draft" to that question.
    KeepDraft,
    /// Enter on a picked field: the screen opens its picker.
    Pick(usize),
    /// An edit of a hidden field: it must be revealed first.
    Locked(usize),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The focused field's value when focus arrived: Esc puts it back.
    entered_with: Option<String>,
    /// The values as stored (or blank) when the form opened: Esc asks before leaving a
    /// form whose values differ from these.
    baseline: Vec<String>,
    /// Whether Esc on a changed form asks (a filter form just closes).
    asks: bool,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Form {
        let baseline = fields.iter().map(|f| f.value().to_string()).collect();
        Form { fields, focus: 0, entered_with: None, baseline, asks: true }
    }

    /// A form that closes on Esc without asking (its input is only a filter).
    pub fn without_leave_question(self) -> Form {
        Form { asks: false, ..self }
    }

    /// The form with `stored`'s values as what counts as unchanged: a restored draft is a
    /// change from what is stored.
    pub fn with_baseline_of(self, stored: &Form) -> Form {
        Form { baseline: stored.fields.iter().map(|f| f.value().to_string()).collect(), ..self }
    }

    /// Whether some value differs from what the form opened with.
    pub fn changed(&self) -> bool {
        self.fields.len() != self.baseline.len() || self.fields.iter().zip(&self.baseline).any(|(f, b)| f.value() != b)
    }

    /// The first field with a message, focused (after a save with errors).
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            if i != self.focus {
                self.focus = i;
                self.entered_with = None;
            }
        }
    }

    pub fn value(&self, key: &str) -> &str {
        self.fields.iter().find(|f| f.key == key).map(|f| f.value()).unwrap_or("")
    }

    /// Sets a field's value (and for picked fields what is shown).
    pub fn set_value(&mut self, key: &str, value: &str, shown: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            match &mut f.kind {
                FieldKind::Choice(options) => f.choice = options.iter().position(|(c, _)| *c == value).unwrap_or(0),
                FieldKind::Picked { shown: s } => {
                    *s = shown.to_string();
                    f.input.set(value);
                }
                _ => f.input.set(value),
            }
        }
    }

    pub fn focused_key(&self) -> &'static str {
        self.fields.get(self.focus).map(|f| f.key).unwrap_or("")
    }

    /// Every field's key and value.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        self.fields.iter().map(|f| (f.key, f.value().to_string())).collect()
    }

    pub fn set_error(&mut self, key: &str, error: Option<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = error;
        }
    }

    /// Someone else saved first: their value appears beside each field that differs.
    pub fn show_theirs<'k>(&mut self, theirs: impl IntoIterator<Item = (&'k str, String)>) {
        for (key, value) in theirs {
            if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
                f.theirs = (f.value() != value).then_some(value);
            }
        }
    }

    /// After leaving field `key`: its message from a whole-record check (the other
    /// fields keep theirs until they are left).
    pub fn mark_field<R, E>(
        &mut self,
        key: &'static str,
        checked: Result<R, Vec<(&str, E)>>,
        text: impl Fn(&E) -> String,
    ) {
        let error = checked.err().and_then(|errs| errs.into_iter().find(|(k, _)| *k == key)).map(|(_, e)| text(&e));
        self.set_error(key, error);
    }

    /// Before saving: the checked record, or (every bad field marked) the message to show.
    pub fn checked<R, E>(
        &mut self,
        checked: Result<R, Vec<(&str, E)>>,
        text: impl Fn(&E) -> String,
    ) -> Result<R, String> {
        checked.map_err(|errors| self.show_errors(errors.iter().map(|(k, e)| (*k, text(e))).collect()))
    }

    /// Shows every error beside its field (clearing the others), moves the focus to the
    /// first bad field, and returns the line for the status bar: how many fields need
    /// correcting, naming the one focused.
    pub fn show_errors(&mut self, errors: Vec<(&str, String)>) -> String {
        for f in &mut self.fields {
            f.error = None;
        }
        let count = errors.len();
        for (key, message) in errors {
            self.set_error(key, Some(message));
        }
        self.focus_first_error();
        let first_label = self
            .fields
            .get(self.focus)
            .filter(|f| f.error.is_some())
            .map(|f| f.label.trim().to_string())
            .unwrap_or_default();
        format!("{} {}", crate::i18n::fill(T::FixErrors.s(), &[&count]), first_label).trim_end().to_string()
    }

    /// While typing: the message of every field the whole-record check no longer finds
    /// wrong goes (`! 必填。` disappears once the field is filled); new messages wait until
    /// the field is left, so half-typed input is not scolded.
    pub fn clear_fixed<R, E>(&mut self, checked: &Result<R, Vec<(&str, E)>>) {
        let bad: Vec<&str> = match checked {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|(k, _)| *k).collect(),
        };
        for f in &mut self.fields {
            if f.error.is_some() && !bad.contains(&f.key) {
                f.error = None;
            }
        }
    }

    /// Whether some field shows a message.
    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    pub fn error_count(&self) -> usize {
        self.fields.iter().filter(|f| f.error.is_some()).count()
    }

    fn move_focus(&mut self, forward: bool) -> FormEvent {
        let left = self.focus;
        let n = self.fields.len();
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
        self.entered_with = None;
        FormEvent::Left(left)
    }

    /// Esc: undo the edit of the focused field if there is one, else leave the form.
    fn escape(&mut self) -> FormEvent {
        let field = &mut self.fields[self.focus];
        match self.entered_with.take() {
            Some(before) if before != field.value() => {
                match &field.kind {
                    FieldKind::Choice(options) => {
                        field.choice = options.iter().position(|(c, _)| *c == before).unwrap_or(0)
                    }
                    _ => field.input.set(&before),
                }
                FormEvent::Edited
            }
            _ if self.asks && self.changed() => FormEvent::AskLeave,
            _ => FormEvent::Cancel,
        }
    }

    pub fn update(&mut self, action: Action) -> FormEvent {
        if self.fields.is_empty() {
            return FormEvent::None;
        }
        match action {
            Action::Cmd(Command::Save) => return FormEvent::Save,
            Action::Cmd(Command::Back) => return self.escape(),
            Action::Cmd(Command::Discard) => return FormEvent::Cancel,
            Action::Cmd(Command::KeepDraft) => return FormEvent::KeepDraft,
            Action::NextField => return self.move_focus(true),
            Action::PrevField => return self.move_focus(false),
            Action::Down if !matches!(self.fields[self.focus].kind, FieldKind::Multiline) => {
                return self.move_focus(true)
            }
            Action::Up if !matches!(self.fields[self.focus].kind, FieldKind::Multiline) => {
                return self.move_focus(false)
            }
            _ => {}
        }
        if self.entered_with.is_none() {
            self.entered_with = Some(self.fields[self.focus].value().to_string());
        }
        let focus = self.focus;
        let field = &mut self.fields[self.focus];
        if field.hidden {
            return FormEvent::Locked(focus);
        }
        match (&field.kind, action) {
            (FieldKind::Picked { .. }, Action::Enter | Action::Char(' ')) => return FormEvent::Pick(focus),
            (FieldKind::Picked { .. }, Action::Backspace | Action::Delete) => {
                field.input.set("");
                field.kind = FieldKind::Picked { shown: String::new() };
            }
            (FieldKind::Picked { .. }, _) => return FormEvent::None,
            (FieldKind::Multiline, Action::Enter) => field.input.insert_newline(),
            (FieldKind::Multiline, Action::Down) => field.input.end(),
            (FieldKind::Multiline, Action::Up) => field.input.home(),
            (FieldKind::Multiline, Action::Char(c)) => field.input.insert(c),
            (FieldKind::Multiline, Action::Backspace) => field.input.backspace(),
            (FieldKind::Multiline | FieldKind::Text, Action::ClearToStart) => field.input.clear_to_start(),
            (FieldKind::Multiline, Action::Delete) => field.input.delete(),
            (FieldKind::Multiline, Action::Left) => field.input.left(),
            (FieldKind::Multiline, Action::Right) => field.input.right(),
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

    /// Whether some field is still hidden (see [`Field::hidden`]).
    /// The focused note's text, for `$EDITOR`; `None` where the focus is not on a note.
    pub fn external_text(&self) -> Option<&str> {
        let f = self.fields.get(self.focus)?;
        (matches!(f.kind, FieldKind::Multiline) && !f.hidden).then(|| f.input.text())
    }

    /// The focused note as the editor left it (less the final newline editors add); the
    /// form is then changed, and a later Esc asks as for typed text.
    pub fn set_external_text(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus).filter(|f| matches!(f.kind, FieldKind::Multiline)) {
            let text = text.strip_suffix('\n').unwrap_or(text);
            f.input.set(text.strip_suffix('\r').unwrap_or(text));
        }
    }

    pub fn has_hidden(&self) -> bool {
        self.fields.iter().any(|f| f.hidden)
    }

    /// Shows every hidden field in full and lets it be edited (after an audited reveal).
    pub fn reveal(&mut self) {
        for f in &mut self.fields {
            f.hidden = false;
        }
    }

    /// Whether the hint bar offers `cmd`: Enter (pick) and ←→ (cycle) only on a field
    /// picked from a list or a choice, F4 only on a note; reveal while a field is hidden.
    pub fn offers(&self, cmd: Command) -> bool {
        match cmd {
            Command::Reveal => self.has_hidden(),
            Command::ExternalEditor => self.external_text().is_some(),
            Command::Pick => self.fields.get(self.focus).is_some_and(|f| matches!(f.kind, FieldKind::Picked { .. })),
            Command::Cycle => self.fields.get(self.focus).is_some_and(|f| matches!(f.kind, FieldKind::Choice(_))),
            _ => true,
        }
    }

    /// Draws the form as a pop-up centred over `area` (at most `max_width` wide).
    pub fn view_popup(&self, frame: &mut Frame, area: Rect, title: &str, max_width: u16, theme: &Theme) {
        let rect = super::overlay::centered(area, max_width, self.fields.len() as u16 + 4);
        let inner = super::overlay::frame(frame, rect, title, None, theme);
        self.view(frame, inner, theme);
    }

    /// Draws the fields in `area`, scrolled so the focused one is visible, and puts the
    /// terminal cursor at the focused caret (display columns, for the input method).
    /// The form filling `area` inside a border titled `title` (a form screen's whole view).
    pub fn view_framed(&self, frame: &mut Frame, area: Rect, title: &str, theme: &Theme) {
        let block = ratatui::widgets::Block::default()
            .borders(ratatui::widgets::Borders::ALL)
            .border_set(theme.border)
            .title(ratatui::text::Span::styled(format!(" {title} "), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        self.view(frame, inner, theme);
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let label_cols = self.fields.iter().map(|f| width(&f.label)).max().unwrap_or(0) + 2;
        let input_cols = (area.width as usize).saturating_sub(label_cols + 1).min(44);
        // Lay out every field's lines first, remembering where the focused one starts.
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor: Option<(usize, usize)> = None; // (line, column)
        let mut focus_span = (0, 0);
        for (i, f) in self.fields.iter().enumerate() {
            let start = lines.len();
            let focused = i == self.focus;
            let label_style = if f.error.is_some() { theme.error } else { theme.label };
            let input_style = if focused { theme.focus } else { theme.hint_text };
            let texts: Vec<(String, usize)> = match f.kind {
                FieldKind::Text => match f.mask {
                    Some(mask) if !focused || f.hidden => vec![(mask_value(mask, f.input.text()), 0)],
                    _ => vec![f.input.window(input_cols)],
                },
                FieldKind::Multiline => {
                    f.input.wrapped_window(input_cols, NOTE_ROWS).0.into_iter().map(|r| (r, 0)).collect()
                }
                _ => vec![(f.shown(), 0)],
            };
            for (n, (shown, _)) in texts.iter().enumerate() {
                let label = if n == 0 { fit(&f.label, label_cols) } else { " ".repeat(label_cols) };
                let spans = vec![Span::styled(label, label_style), Span::styled(fit(shown, input_cols), input_style)];
                lines.push(Line::from(spans));
            }
            // The other session's value under the field, wrapped: read whole to choose.
            if let Some(theirs) = &f.theirs {
                let theirs = match f.mask {
                    Some(mask) if f.hidden || !focused => mask_value(mask, theirs),
                    _ => theirs.clone(),
                };
                let text = format!("{}{}", crate::i18n::T::TheirValue.s(), theirs);
                let rows = labelled("", &text, label_cols, label_cols + input_cols, theme.dim);
                lines.extend(rows.into_iter().map(|l| l.style(theme.dim)));
            }
            if focused && !f.hidden {
                match f.kind {
                    FieldKind::Text => cursor = Some((start, label_cols + texts[0].1)),
                    FieldKind::Multiline => {
                        let (row, col) = f.input.wrapped_window(input_cols, NOTE_ROWS).1;
                        cursor = Some((start + row, label_cols + col));
                    }
                    _ => {}
                }
            }
            if let Some(e) = &f.error {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(label_cols)),
                    Span::styled(format!("! {e}"), theme.error),
                ]));
            }
            if focused {
                focus_span = (start, lines.len());
            }
        }
        let rows = area.height as usize;
        let scroll = focus_span.1.saturating_sub(rows).min(focus_span.0);
        let visible: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
        frame.render_widget(Paragraph::new(visible), area);
        if let Some((line, col)) = cursor {
            let p = Position::new(area.x + col as u16, area.y + (line.saturating_sub(scroll)) as u16);
            if area.contains(p) && line >= scroll {
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
        assert_eq!(form.update(Action::Cmd(Command::Save)), FormEvent::Save);
    }

    #[test]
    fn a_hidden_field_is_masked_and_locked_until_revealed() {
        let id = "231123201503021234";
        let mut form = Form::new(vec![Field { mask: Some(Mask::Id), hidden: true, ..Field::text("id", "ID", id) }]);
        assert!(form.offers(Command::Reveal));
        assert_eq!(form.update(Action::Char('9')), FormEvent::Locked(0));
        assert_eq!(form.update(Action::Backspace), FormEvent::Locked(0));
        assert_eq!(form.value("id"), id, "nothing typed into it");
        form.reveal();
        assert!(!form.offers(Command::Reveal));
        assert_eq!(form.update(Action::Backspace), FormEvent::Edited);
        assert_eq!(form.value("id"), &id[..17]);
    }

    #[test]
    fn esc_undoes_the_field_then_leaves() {
        let mut form = Form::new(vec![Field::text("a", "A", "逊克"), Field::text("b", "B", "")]);
        form.update(Action::Char('县'));
        assert_eq!(form.value("a"), "逊克县");
        assert_eq!(form.update(Action::Cmd(Command::Back)), FormEvent::Edited, "first Esc restores the field");
        assert_eq!(form.value("a"), "逊克");
        assert_eq!(form.update(Action::Cmd(Command::Back)), FormEvent::Cancel, "second Esc leaves the form");
    }

    #[test]
    fn the_other_sessions_value_is_shown_whole_under_its_field() {
        let mut form = Form::new(vec![Field::text("address", "现住址", "逊克县新华村1组")]);
        let theirs = "黑龙江省黑河市逊克县奇克镇新华村一组十七号（随父母租住，房东姓王，电话 10087874618）";
        form.show_theirs([("address", theirs.to_string())]);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 6)).expect("terminal");
        let theme = Theme::new(false, true);
        term.draw(|f| form.view(f, f.area(), &theme)).expect("draw");
        let buf = term.backend().buffer();
        let text: String = (0..buf.area.height)
            .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
            .filter_map(|(x, y)| buf.cell((x, y)).map(|c| c.symbol().to_string()))
            .collect::<String>()
            .replace(' ', "");
        assert!(text.contains(&format!("对方：{}", theirs.replace(' ', ""))), "whole, over several rows: {text}");
    }
}
