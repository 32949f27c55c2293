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

    /// The caret as (line, column) for multi-line text.
    pub fn caret_row_col(&self) -> (usize, usize) {
        let before = self.text.get(..self.byte_at(self.caret)).unwrap_or_default();
        let row = before.matches('\n').count();
        let line = before.rsplit('\n').next().unwrap_or_default();
        (row, width(line))
    }

    /// Up to `max_lines` lines of multi-line text fitted to `cols` (the caret's line kept
    /// in view), each with 0 as a placeholder caret column.
    pub fn lines_window(&self, cols: usize, max_lines: usize) -> Vec<(String, usize)> {
        let all: Vec<&str> = self.text.split('\n').collect();
        let (row, _) = self.caret_row_col();
        let first = (row + 1).saturating_sub(max_lines);
        all.iter().skip(first).take(max_lines).map(|l| (super::text::truncate(l, cols).to_string(), 0)).collect()
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
    fn window_scrolls_without_cutting() {
        let f = LineInput::new("黑龙江省黑河市逊克县");
        let (shown, caret) = f.window(7);
        assert!(width(&shown) <= 7);
        assert!(caret < 7);
        assert!(shown.ends_with("县"));
    }
}
