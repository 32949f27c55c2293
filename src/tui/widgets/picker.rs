//! A pop-up list to choose from (schools, reasons, actions…): type to narrow it by name or
//! pinyin initials, ↑↓ to move, Enter to choose, Esc to close. With `multi`, Space ticks
//! items and Enter confirms them all (family types).

use super::line_input::LineInput;
use super::overlay;
use super::text::{fit, width};
use crate::domain::pinyin::matches_name_code;
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What the caller gets back (a code or an id as text).
    pub value: String,
    pub label: String,
    /// Shown dimmed after the label (a code, a county…); also searched.
    pub detail: String,
}

impl Item {
    pub fn new(value: impl Into<String>, label: impl Into<String>, detail: impl Into<String>) -> Item {
        Item { value: value.into(), label: label.into(), detail: detail.into() }
    }
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    items: Vec<Item>,
    /// Indexes into `items` that pass the query.
    shown: Vec<usize>,
    cursor: usize,
    offset: std::cell::Cell<usize>,
    query: LineInput,
    multi: bool,
    ticked: Vec<bool>,
}

/// What a key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerEvent {
    Pending,
    /// Single choice: one value. Multi: every ticked value.
    Chosen(Vec<String>),
    Cancelled,
}

impl Picker {
    pub fn new(title: impl Into<String>, items: Vec<Item>) -> Picker {
        let shown = (0..items.len()).collect();
        let ticked = vec![false; items.len()];
        Picker {
            title: title.into(),
            items,
            shown,
            cursor: 0,
            offset: Default::default(),
            query: LineInput::default(),
            multi: false,
            ticked,
        }
    }

    /// A picker where several items can be ticked; `ticked` are the values ticked at first.
    pub fn multi(title: impl Into<String>, items: Vec<Item>, ticked: &[String]) -> Picker {
        let mut p = Picker::new(title, items);
        p.multi = true;
        p.ticked = p.items.iter().map(|i| ticked.contains(&i.value)).collect();
        p
    }

    /// Puts the cursor on the item with this value, if present.
    pub fn select_value(&mut self, value: &str) {
        if let Some(pos) = self.shown.iter().position(|&i| self.items[i].value == value) {
            self.cursor = pos;
        }
    }

    /// The label of the item with this value.
    pub fn label_of(&self, value: &str) -> Option<&str> {
        self.items.iter().find(|i| i.value == value).map(|i| i.label.as_str())
    }

    fn refilter(&mut self) {
        let q = self.query.text().trim().to_string();
        self.shown = (0..self.items.len())
            .filter(|&i| {
                matches_name_code(&self.items[i].label, &self.items[i].detail, &q) || self.items[i].detail.contains(&q)
            })
            .collect();
        self.cursor = 0;
    }

    pub fn update(&mut self, action: Action) -> PickerEvent {
        match action {
            Action::Cmd(Command::Back) => return PickerEvent::Cancelled,
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.shown.len().saturating_sub(1)),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(self.shown.len().saturating_sub(1)),
            Action::Char(' ') if self.multi => {
                if let Some(&i) = self.shown.get(self.cursor) {
                    self.ticked[i] = !self.ticked[i];
                }
            }
            Action::Enter if self.multi => {
                let values =
                    self.items.iter().zip(&self.ticked).filter(|(_, t)| **t).map(|(i, _)| i.value.clone()).collect();
                return PickerEvent::Chosen(values);
            }
            Action::Enter => {
                if let Some(&i) = self.shown.get(self.cursor) {
                    return PickerEvent::Chosen(vec![self.items[i].value.clone()]);
                }
            }
            Action::Char(c) => {
                self.query.insert(c);
                self.refilter();
            }
            Action::Backspace => {
                self.query.backspace();
                self.refilter();
            }
            Action::ClearToStart => {
                self.query.clear_to_start();
                self.refilter();
            }
            _ => {}
        }
        PickerEvent::Pending
    }

    /// Draws the picker centred in `area`, with the cursor in its search line.
    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rect = overlay::centered(area, area.width.clamp(20, 60), area.height.clamp(5, 18));
        let inner = overlay::frame(frame, rect, &self.title, None, theme);
        let cols = inner.width as usize;
        let prompt = "/ ";
        let (q, caret) = self.query.window(cols.saturating_sub(width(prompt)));
        frame.render_widget(Paragraph::new(format!("{prompt}{q}")), Rect { height: 1, ..inner });
        frame.set_cursor_position(Position::new(inner.x + (width(prompt) + caret) as u16, inner.y));
        let rows = inner.height.saturating_sub(1) as usize;
        let offset = super::paged_table::follow_line(self.offset.get(), self.cursor, rows);
        self.offset.set(offset);
        let lines: Vec<Line> = self
            .shown
            .iter()
            .enumerate()
            .skip(offset)
            .take(rows)
            .map(|(row, &i)| {
                let item = &self.items[i];
                let tick = if !self.multi {
                    ""
                } else if self.ticked[i] {
                    "[x] "
                } else {
                    "[ ] "
                };
                let label_cols = cols.saturating_sub(width(tick) + width(&item.detail).min(cols / 3) + 1);
                let text = format!(
                    "{tick}{}{}",
                    fit(&item.label, label_cols),
                    fit(&item.detail, cols.saturating_sub(width(tick) + label_cols))
                );
                let style = if row == self.cursor { theme.selected } else { theme.hint_text };
                Line::from(Span::styled(fit(&text, cols), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), Rect { y: inner.y + 1, height: rows as u16, ..inner });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schools() -> Vec<Item> {
        vec![
            Item::new("1", "实验小学校", "231123"),
            Item::new("2", "民族中学校", "231123"),
            Item::new("3", "长兴学校", "230904"),
        ]
    }

    #[test]
    fn narrows_by_pinyin_and_picks() {
        let mut p = Picker::new("学校", schools());
        for c in "mz".chars() {
            p.update(Action::Char(c));
        }
        assert_eq!(p.update(Action::Enter), PickerEvent::Chosen(vec!["2".into()]));
        let mut p = Picker::new("学校", schools());
        for c in "zxxx".chars() {
            p.update(Action::Char(c));
        }
        assert_eq!(p.update(Action::Enter), PickerEvent::Chosen(vec!["3".into()]), "长 read zhang");
    }

    #[test]
    fn multi_ticks() {
        let mut p = Picker::multi("家庭类型", schools(), &["3".to_string()]);
        p.update(Action::Char(' '));
        assert_eq!(p.update(Action::Enter), PickerEvent::Chosen(vec!["1".into(), "3".into()]));
        assert_eq!(p.update(Action::Cmd(Command::Back)), PickerEvent::Cancelled);
    }
}
