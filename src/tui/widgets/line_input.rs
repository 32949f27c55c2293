//! A one-line text field whose caret is measured in display columns, so the real terminal
//! cursor — and with it the user's input-method candidate window — sits where the next
//! character will appear, Chinese or not.

use super::text::width;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Caret position in characters (not bytes, not columns).
    caret: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput { text: text.to_string(), caret: text.chars().count() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// One editing key (typing, deleting, moving the caret); false for any other action,
    /// which the screen handles itself.
    pub fn edit(&mut self, action: &crate::tui::keymap::Action) -> bool {
        use crate::tui::keymap::Action;
        match action {
            Action::Char(c) => self.insert(*c),
            Action::Backspace => self.backspace(),
            Action::Delete => self.delete(),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::Home => self.home(),
            Action::End => self.end(),
            Action::ClearToStart => self.clear_to_start(),
            _ => return false,
        }
        true
    }

    pub fn set(&mut self, text: &str) {
        *self = LineInput::new(text);
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map(|(i, _)| i).unwrap_or(self.text.len())
    }

    pub fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let at = self.byte_at(self.caret);
        self.text.insert(at, c);
        self.caret += 1;
    }

    /// For multi-line fields.
    pub fn insert_newline(&mut self) {
        let at = self.byte_at(self.caret);
        self.text.insert(at, '\n');
        self.caret += 1;
    }

    /// Multi-line text soft-wrapped into rows at most `cols` wide (between characters, so a
    /// line of Chinese fills the field), the caret's row kept among the `max_rows` shown.
    /// Returns those rows and the caret's (row among them, column): the terminal cursor, and
    /// with it the input method's window, goes exactly there.
    pub fn wrapped_window(&self, cols: usize, max_rows: usize) -> (Vec<String>, (usize, usize)) {
        let (rows, (row, col)) = self.wrapped(cols.max(2));
        let first = (row + 1).saturating_sub(max_rows.max(1));
        (rows.into_iter().skip(first).take(max_rows.max(1)).collect(), (row - first, col))
    }

    /// Every soft-wrapped row and the caret's (row, column) among them.
    fn wrapped(&self, cols: usize) -> (Vec<String>, (usize, usize)) {
        let mut rows = vec![String::new()];
        let mut caret = (0, 0);
        for (i, ch) in self.text.chars().enumerate() {
            // Measured as the row would be with `ch`, as `text::width` measures (a variation
            // selector can widen the character before it).
            let full = rows.last().is_some_and(|r| !r.is_empty() && width(&format!("{r}{ch}")) > cols);
            if full && ch != '\n' {
                rows.push(String::new());
            }
            if i == self.caret {
                caret = (rows.len() - 1, rows.last().map_or(0, |r| width(r)));
            }
            match (ch, rows.last_mut()) {
                ('\n', _) => rows.push(String::new()),
                (_, Some(r)) => r.push(ch),
                (_, None) => {}
            }
        }
        if self.caret >= self.text.chars().count() {
            let end = rows.last().map_or(0, |r| width(r));
            // A full last row puts the caret at the start of the next one, as typing will.
            if end >= cols {
                rows.push(String::new());
            }
            caret = (rows.len() - 1, if end >= cols { 0 } else { end });
        }
        (rows, caret)
    }

    /// Deletes the whole character before the caret.
    pub fn backspace(&mut self) {
        if self.caret > 0 {
            let at = self.byte_at(self.caret - 1);
            self.text.remove(at);
            self.caret -= 1;
        }
    }

    /// Ctrl-U, as in a shell: removes everything before the caret.
    pub fn clear_to_start(&mut self) {
        let at = self.byte_at(self.caret);
        self.text.replace_range(..at, "");
        self.caret = 0;
    }

    pub fn delete(&mut self) {
        if self.caret < self.text.chars().count() {
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.chars().count();
    }

    /// The caret's column from the start of the text.
    pub fn caret_column(&self) -> usize {
        width(self.text.get(..self.byte_at(self.caret)).unwrap_or_default())
    }

    /// What to show in a field `cols` wide, and the caret's column within it: the text
    /// scrolls so the caret stays visible, never splitting a wide character.
    pub fn window(&self, cols: usize) -> (String, usize) {
        use unicode_segmentation::UnicodeSegmentation;
        if cols == 0 {
            return (String::new(), 0);
        }
        // Keep as many whole graphemes left of the caret as fit in `cols - 1` columns (one
        // is kept for the caret), measured as `text::width` measures: the caret column and
        // the shown text then agree for any input.
        let caret_byte = self.byte_at(self.caret);
        let before = self.text.get(..caret_byte).unwrap_or_default();
        let mut start = caret_byte;
        let mut used = 0;
        for (i, g) in before.grapheme_indices(true).rev() {
            used += width(g);
            if used >= cols {
                break;
            }
            start = i;
        }
        let rest = self.text.get(start..).unwrap_or_default();
        let visible = super::text::truncate(rest, cols);
        (visible.to_string(), width(before.get(start..).unwrap_or_default()).min(cols))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_in_columns_and_whole_character_backspace() {
        let mut f = LineInput::new("");
        for c in "张某伟a".chars() {
            f.insert(c);
        }
        assert_eq!(f.caret_column(), 7);
        f.backspace();
        f.backspace();
        assert_eq!(f.text(), "张某");
        assert_eq!(f.caret_column(), 4);
        let mut g = LineInput::new("");
        "~/下载/名单.csv".chars().for_each(|c| g.insert(c));
        (0..4).for_each(|_| g.left());
        g.clear_to_start();
        assert_eq!((g.text(), g.caret_column()), (".csv", 0));
        f.left();
        f.insert('x');
        assert_eq!(f.text(), "张x某");
        assert_eq!(f.caret_column(), 3);
    }

    #[test]
    fn multi_line_text_wraps_and_the_caret_follows_it() {
        let mut f = LineInput::new("");
        "家长表示孩子在外地打工".chars().for_each(|c| f.insert(c));
        // 11 characters, 22 columns, in rows of 10 columns: 5 + 5 + 1.
        let (rows, caret) = f.wrapped_window(10, 6);
        assert_eq!(rows, vec!["家长表示孩", "子在外地打", "工"]);
        assert_eq!(caret, (2, 2));
        f.insert_newline();
        f.insert('x');
        let (rows, caret) = f.wrapped_window(10, 2);
        assert_eq!(rows, vec!["工", "x"], "the caret's row stays in view");
        assert_eq!(caret, (1, 1));
        f.home();
        assert_eq!(f.wrapped_window(10, 2).1, (0, 0));
        let g = LineInput::new("一二三四五");
        assert_eq!(g.wrapped_window(10, 6), (vec!["一二三四五".to_string(), String::new()], (1, 0)));
    }

    #[test]
    fn window_scrolls_without_cutting() {
        let f = LineInput::new("黑龙江省黑河市逊克县");
        let (shown, caret) = f.window(7);
        assert!(width(&shown) <= 7);
        assert!(caret < 7);
        assert!(shown.ends_with("县"));
    }
}
