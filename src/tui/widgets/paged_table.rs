//! The one scrolling table every list draws with (ledger, schools, alliances, an
//! alliance's members): column fitting by display width (a wide character is never cut),
//! the header with its sort mark, the cursor row, and how the shown rows follow the cursor
//! ([`Cursor`] for lists held in memory, [`follow_page`] for the ledger's virtual window).
//!
//! A virtual table's window ([`Window`]): a few screens of rows around the cursor, fetched
//! a page at a time by keyset queries as the cursor moves. Memory stays flat however many
//! rows match; Home and End fetch from either end directly.

use super::text::{fit, fit_right, width};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;

/// One column: its header, its width in display columns, and whether it holds figures
/// (right-aligned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub width: usize,
    pub right: bool,
    /// Takes the room the other columns leave (at least `width`).
    flex: bool,
    /// The width the screen asked for (a flexible column's least).
    min: usize,
    /// Never cut (phones, IDs, dates, codes, figures): as wide as its widest value shown.
    keep: bool,
    /// The name the user's choices are kept under (`config::Columns`): the same in every
    /// language. The header, unless the screen names it.
    pub key: String,
    hidden: bool,
    /// The width the user set: neither given spare room nor narrowed for others.
    fixed: bool,
}

impl Column {
    fn new(header: impl Into<String>, width: usize, right: bool, flex: bool) -> Column {
        let header = header.into();
        let keep = right;
        Column { key: header.clone(), header, width, right, flex, min: width, keep, hidden: false, fixed: false }
    }

    pub fn left(header: impl Into<String>, width: usize) -> Column {
        Column::new(header, width, false, false)
    }

    /// Figures, right-aligned and never cut (a cut number is a wrong number).
    pub fn right(header: impl Into<String>, width: usize) -> Column {
        Column::new(header, width, true, false)
    }

    /// The column that takes what the others leave, never narrower than `min`.
    pub fn flex(header: impl Into<String>, min: usize) -> Column {
        Column::new(header, min, false, true)
    }

    /// A value whose every character matters (a date, a code, a phone, a masked ID): never
    /// cut; other columns are narrowed or dropped first.
    pub fn kept(self) -> Column {
        Column { keep: true, ..self }
    }

    /// Names the column for the user's choices.
    pub fn key(self, key: &str) -> Column {
        Column { key: key.to_string(), ..self }
    }

    pub fn is_hidden(&self) -> bool {
        self.hidden
    }
}

/// Columns fitted to a width, each followed by a gap of one blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Terminal columns the table is drawn in.
    cols: usize,
    /// Whether the last column is followed by a gap too (a list flush with the right edge
    /// has none).
    trailing_gap: bool,
    /// The column the user picked to narrow, widen or hide (its header is marked).
    picked: Option<usize>,
}

impl Table {
    /// Fits `columns` to `cols`: the flexible column (if any) takes the room left after the
    /// others and their gaps (and its own gap, unless it is last: the line is cut there).
    pub fn new(columns: Vec<Column>, cols: usize) -> Table {
        Self::fitted(columns, cols, true)
    }

    /// Like [`Table::new`], the last column ending flush with the right edge (no gap after it).
    pub fn flush(columns: Vec<Column>, cols: usize) -> Table {
        Self::fitted(columns, cols, false)
    }

    fn fitted(columns: Vec<Column>, cols: usize, trailing_gap: bool) -> Table {
        let mut t = Table { columns, cols, trailing_gap, picked: None };
        t.fill_flex();
        t
    }

    /// The shown columns' indexes.
    fn shown(&self) -> Vec<usize> {
        (0..self.columns.len()).filter(|i| self.columns.get(*i).is_some_and(|c| !c.hidden)).collect()
    }

    /// The blank after shown column `i`: none after the last one of a flush table.
    fn gap(&self, i: usize) -> usize {
        usize::from(self.shown().last() != Some(&i) || self.trailing_gap)
    }

    /// Gives the flexible column what the shown others and their gaps leave.
    fn fill_flex(&mut self) {
        let shown = self.shown();
        let last = shown.last().copied();
        let fixed: usize =
            shown.iter().filter(|i| !self.columns[**i].flex).map(|i| self.columns[*i].width + self.gap(*i)).sum();
        for i in shown {
            let c = &mut self.columns[i];
            if c.flex && !c.fixed {
                let own_gap = usize::from(Some(i) != last);
                c.width = self.cols.saturating_sub(fixed + own_gap).max(c.width);
            }
        }
    }

    /// The user's choices for this list: hidden columns, set widths, the picked column.
    pub fn choose(mut self, choice: &crate::config::Columns, picked: Option<usize>) -> Table {
        for c in &mut self.columns {
            c.hidden = choice.is_hidden(&c.key);
            if let Some(w) = choice.width(&c.key) {
                (c.width, c.min, c.fixed) = (w, w, true);
            } else if c.flex {
                c.width = c.min;
            }
        }
        // Never every column hidden: the first stays (a file edited by hand may ask it).
        if self.columns.iter().all(|c| c.hidden) {
            if let Some(c) = self.columns.first_mut() {
                c.hidden = false;
            }
        }
        self.picked = picked.filter(|p| self.columns.get(*p).is_some_and(|c| !c.hidden));
        self.fill_flex();
        self
    }

    /// The table fitted to what it shows: columns that must not be cut are as wide as their
    /// widest value (others narrowed for them, widest first); then the spare room goes to
    /// the columns whose values are cut, least needed first, so that as many as can be are
    /// shown whole; what is left to the flexible column. `sort` adds its mark to its
    /// header's width.
    pub fn fit_to(&self, rows: &[Vec<String>], sort: Option<(usize, bool)>) -> Table {
        let mut t = self.clone();
        let shown = t.shown();
        let demand: Vec<usize> = (0..t.columns.len())
            .map(|i| {
                let header = self.columns.get(i).map(|c| width(&c.header)).unwrap_or(0);
                let mark = usize::from(sort.is_some_and(|(s, _)| s == i));
                let cells = rows.iter().filter_map(|r| r.get(i)).map(|v| width(v)).max().unwrap_or(0);
                (header + mark).max(cells)
            })
            .collect();
        for &i in &shown {
            let c = &mut t.columns[i];
            if !c.fixed {
                c.width = if c.keep { c.min.max(demand[i]) } else { c.min };
            }
        }
        // A last flexible column's gap is not room taken: the line is cut there.
        let last_flex = shown.last().filter(|&&i| t.columns[i].flex);
        let gap = |i: usize| if Some(&i) == last_flex { 0 } else { t.gap(i) };
        let mut used: usize = shown.iter().map(|&i| t.columns[i].width + gap(i)).sum();
        // Too wide: the flexible column gives way first (it takes what is left, so it may
        // have nothing), then the widest of those that may be cut, down to a few columns.
        while used > t.cols {
            let shrinks = |i: usize, floor: usize| {
                let c = &t.columns[i];
                !c.keep && !c.fixed && c.width > floor
            };
            let flex = shown.iter().copied().find(|&i| t.columns[i].flex && shrinks(i, 0));
            let widest = || shown.iter().copied().filter(|&i| shrinks(i, 4)).max_by_key(|&i| t.columns[i].width);
            let Some(i) = flex.or_else(widest) else {
                break;
            };
            t.columns[i].width -= 1;
            used -= 1;
        }
        let mut spare = t.cols.saturating_sub(used);
        // Whole values first: the cut columns that need least are widened to show theirs
        // in full (a column made one wider and still cut shows nothing more).
        let mut cut: Vec<usize> =
            shown.iter().copied().filter(|&i| !t.columns[i].fixed && t.columns[i].width < demand[i]).collect();
        cut.sort_by_key(|&i| demand[i] - t.columns[i].width);
        for &i in &cut {
            let need = demand[i] - t.columns[i].width;
            if need > spare {
                break;
            }
            t.columns[i].width += need;
            spare -= need;
        }
        let flex = shown.iter().copied().find(|&i| t.columns[i].flex && !t.columns[i].fixed);
        // The rest to the flexible column; without one, to the first column still cut.
        let rest = flex.or(cut.iter().copied().find(|&i| t.columns[i].width < demand[i]));
        if let Some(i) = rest {
            t.columns[i].width += spare;
        }
        t
    }

    /// One line of `cells`, each fitted to its column (figures right-aligned), cut to the
    /// table's width. Missing cells are blank; extra ones and hidden columns' are dropped.
    pub fn line(&self, cells: &[String]) -> String {
        let text: String = self.shown().into_iter().map(|i| self.cell(i, cells.get(i).map(String::as_str))).collect();
        // The last column's gap is not worth cutting the line (and marking it cut) for.
        fit(text.strip_suffix(' ').filter(|t| super::text::width(t) == self.cols).unwrap_or(&text), self.cols)
    }

    /// Column `i`'s text `v` fitted to it, with its gap.
    fn cell(&self, i: usize, v: Option<&str>) -> String {
        let Some(c) = self.columns.get(i) else { return String::new() };
        let v = v.unwrap_or("");
        let gap = if self.gap(i) == 1 { " " } else { "" };
        if c.right {
            format!("{}{gap}", fit_right(v, c.width))
        } else {
            format!("{}{gap}", fit(v, c.width))
        }
    }

    fn header_cells(&self, sort: Option<(usize, bool)>) -> Vec<String> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| match sort {
                Some((s, desc)) if s == i => format!("{}{}", c.header, if desc { "-" } else { "+" }),
                _ => c.header.clone(),
            })
            .collect()
    }

    /// The header line; `sort` = (column index, descending) marks that column `+` or `-`.
    pub fn header(&self, sort: Option<(usize, bool)>) -> String {
        self.line(&self.header_cells(sort))
    }

    /// The header with the picked column's in `picked` style.
    fn header_line(&self, sort: Option<(usize, bool)>, theme: &Theme) -> Line<'static> {
        let Some(p) = self.picked else { return Line::from(Span::styled(self.header(sort), theme.title)) };
        let cells = self.header_cells(sort);
        let text = |range: &mut dyn Iterator<Item = usize>| -> String {
            range.map(|i| self.cell(i, cells.get(i).map(String::as_str))).collect()
        };
        let shown = self.shown();
        let before = text(&mut shown.iter().copied().filter(|i| *i < p));
        let mut own = text(&mut std::iter::once(p));
        let mut after = text(&mut shown.iter().copied().filter(|i| *i > p));
        // As in `line`: the last gap is dropped rather than cut the line for it.
        let over = width(&before) + width(&own) + width(&after) == self.cols + 1;
        let last = if after.is_empty() { &mut own } else { &mut after };
        if over && last.ends_with(' ') {
            last.pop();
        }
        let room = self.cols.saturating_sub(width(&before));
        let own = fit(&own, room.min(width(&own)));
        let after = fit(&after, room.saturating_sub(width(&own)).min(width(&after)));
        Line::from(vec![
            Span::styled(before, theme.title),
            Span::styled(own, theme.selected),
            Span::styled(after, theme.title),
        ])
    }

    /// Draws the header on `area`'s first line and `rows` (cells and style) below it, the
    /// columns fitted to them (the table as drawn is returned). When there are no rows,
    /// `placeholder` (an error, "nothing here") is shown instead.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        sort: Option<(usize, bool)>,
        rows: Vec<(Vec<String>, Style)>,
        placeholder: Option<Line<'static>>,
        theme: &Theme,
    ) -> Table {
        let cells: Vec<Vec<String>> = rows.iter().map(|(c, _)| c.clone()).collect();
        let table = self.fit_to(&cells, sort);
        frame
            .render_widget(Paragraph::new(table.header_line(sort, theme)), Rect { height: 1.min(area.height), ..area });
        let body = Rect { y: area.y.saturating_add(1), height: area.height.saturating_sub(1), ..area };
        table.draw_rows(frame, body, rows, placeholder);
        table
    }

    /// Draws `rows` (or `placeholder` when there are none) without a header, the columns
    /// fitted to them.
    pub fn render_rows(
        &self,
        frame: &mut Frame,
        area: Rect,
        rows: Vec<(Vec<String>, Style)>,
        placeholder: Option<Line<'static>>,
    ) {
        let cells: Vec<Vec<String>> = rows.iter().map(|(c, _)| c.clone()).collect();
        self.fit_to(&cells, None).draw_rows(frame, area, rows, placeholder);
    }

    fn draw_rows(
        &self,
        frame: &mut Frame,
        area: Rect,
        rows: Vec<(Vec<String>, Style)>,
        placeholder: Option<Line<'static>>,
    ) {
        let mut lines: Vec<Line> = placeholder.into_iter().collect();
        lines.extend(rows.into_iter().map(|(cells, style)| Line::from(Span::styled(self.line(&cells), style))));
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// What a table shows instead of rows: the error that stopped it loading, or `empty`
/// when nothing matches.
pub fn placeholder(error: Option<&String>, is_empty: bool, empty: &str, theme: &Theme) -> Option<Line<'static>> {
    match error {
        Some(e) => Some(Line::from(Span::styled(e.clone(), theme.error))),
        None if is_empty => Some(Line::from(Span::styled(empty.to_string(), theme.dim))),
        None => None,
    }
}

/// A row's style: the cursor's, dimmed (closed, dissolved, left), or plain.
pub fn row_style(at_cursor: bool, dimmed: bool, theme: &Theme) -> Style {
    if at_cursor {
        theme.selected
    } else if dimmed {
        theme.dim
    } else {
        theme.hint_text
    }
}

/// Rows a table has below its header in `area`.
pub fn body_rows(area: Rect) -> usize {
    area.height.saturating_sub(1) as usize
}

/// The first shown row so that `cursor` stays in view, scrolling a line at a time.
pub fn follow_line(offset: usize, cursor: usize, rows: usize) -> usize {
    if cursor < offset {
        cursor
    } else if rows > 0 && cursor >= offset + rows {
        cursor + 1 - rows
    } else {
        offset
    }
}

/// The first shown row, moving a page at a time (as mutt does): over a slow link one
/// repaint per page beats repainting every row at every step. `top` is the last first row;
/// at the end of the list the last page is shown full.
pub fn follow_page(top: i64, cursor: i64, len: i64, page: i64, at_end: bool) -> i64 {
    let mut top = top;
    if cursor < top {
        top = cursor - page + 1;
    } else if cursor >= top + page {
        top = cursor;
    }
    if at_end && top + page > len {
        top = len - page;
    }
    top.clamp(0, cursor.max(0))
}

/// The cursor of a list held in memory, with the scroll position drawing keeps.
#[derive(Debug, Default)]
pub struct Cursor {
    pub index: usize,
    offset: Cell<usize>,
    /// Rows shown when last drawn (PageUp/PageDown move by this).
    page: Cell<usize>,
}

impl Cursor {
    /// Moves for ↑↓, PgUp PgDn, Home End over `len` rows; false if `action` is none of them.
    pub fn update(&mut self, action: Action, len: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = self.page.get().max(1);
        self.index = match action {
            Action::Up => self.index.saturating_sub(1),
            Action::Down => (self.index + 1).min(last),
            Action::PageUp => self.index.saturating_sub(page),
            Action::PageDown => (self.index + page).min(last),
            Action::Home => 0,
            Action::End => last,
            _ => return false,
        };
        true
    }

    /// The range of rows to show in `rows` lines, keeping the cursor in view.
    pub fn visible(&self, rows: usize, len: usize) -> std::ops::Range<usize> {
        self.page.set(rows.max(1));
        let offset = follow_line(self.offset.get(), self.index, rows);
        self.offset.set(offset);
        offset.min(len)..(offset + rows).min(len)
    }
}

/// Fetches up to `limit` rows strictly after (`backward == false`) or before `from`, or
/// from the very start/end when `from` is `None`. Rows come back in display order.
pub trait Fetch<R> {
    fn fetch(&mut self, from: Option<&R>, backward: bool, limit: usize) -> rusqlite::Result<Vec<R>>;
}

impl<R, F: FnMut(Option<&R>, bool, usize) -> rusqlite::Result<Vec<R>> + ?Sized> Fetch<R> for F {
    fn fetch(&mut self, from: Option<&R>, backward: bool, limit: usize) -> rusqlite::Result<Vec<R>> {
        self(from, backward, limit)
    }
}

#[derive(Debug, Clone)]
pub struct Window<R> {
    pub rows: Vec<R>,
    /// Index into `rows`.
    pub cursor: usize,
    /// Index of `rows[0]` in the whole list, when known (counting from the start).
    pub first_index: Option<i64>,
    pub at_start: bool,
    pub at_end: bool,
    /// How many rows one fetch brings (about a screen).
    pub chunk: usize,
    /// The running number of `rows[0]`: it moves as rows are dropped from or added at the
    /// front, so a screen can keep its scroll position across fetches.
    pub origin: i64,
}

impl<R> Default for Window<R> {
    fn default() -> Self {
        Window { rows: Vec::new(), cursor: 0, first_index: Some(0), at_start: true, at_end: true, chunk: 20, origin: 0 }
    }
}

impl<R> Window<R> {
    /// Rows kept at most: three chunks.
    fn cap(&self) -> usize {
        self.chunk * 3
    }

    pub fn selected(&self) -> Option<&R> {
        self.rows.get(self.cursor)
    }

    /// The cursor's index in the whole list, when known.
    pub fn position(&self) -> Option<i64> {
        self.first_index.map(|f| f + self.cursor as i64)
    }

    pub fn home(&mut self, source: &mut (impl Fetch<R> + ?Sized)) -> rusqlite::Result<()> {
        let rows = source.fetch(None, false, self.cap())?;
        self.at_end = rows.len() < self.cap();
        self.rows = rows;
        self.cursor = 0;
        self.first_index = Some(0);
        self.at_start = true;
        self.origin = 0;
        Ok(())
    }

    /// Jumps to the last row; `total` (if known) gives the position.
    pub fn end(&mut self, source: &mut (impl Fetch<R> + ?Sized), total: Option<i64>) -> rusqlite::Result<()> {
        let rows = source.fetch(None, true, self.cap())?;
        self.at_start = rows.len() < self.cap();
        self.first_index = if self.at_start { Some(0) } else { total.map(|t| t - rows.len() as i64) };
        self.cursor = rows.len().saturating_sub(1);
        self.rows = rows;
        self.at_end = true;
        self.origin = 0;
        Ok(())
    }

    /// Makes sure `n` rows after the cursor are loaded (so a page can be drawn full).
    pub fn prefetch(&mut self, n: usize, source: &mut (impl Fetch<R> + ?Sized)) -> rusqlite::Result<()> {
        if self.rows.len() < self.cursor + 1 + n && !self.at_end {
            let more = source.fetch(self.rows.last(), false, self.chunk)?;
            self.at_end = more.len() < self.chunk;
            self.rows.extend(more);
            let mut target = self.cursor as i64;
            self.trim_front(&mut target);
            self.cursor = target as usize;
        }
        Ok(())
    }

    /// Moves the cursor by `delta` rows, fetching and trimming as it goes.
    pub fn move_by(&mut self, delta: i64, source: &mut (impl Fetch<R> + ?Sized)) -> rusqlite::Result<()> {
        let mut target = self.cursor as i64 + delta;
        while target >= self.rows.len() as i64 && !self.at_end {
            let more = source.fetch(self.rows.last(), false, self.chunk)?;
            self.at_end = more.len() < self.chunk;
            self.rows.extend(more);
            self.trim_front(&mut target);
        }
        while target < 0 && !self.at_start {
            let more = source.fetch(self.rows.first(), true, self.chunk)?;
            self.at_start = more.len() < self.chunk;
            let n = more.len();
            self.rows.splice(0..0, more);
            target += n as i64;
            self.origin -= n as i64;
            self.first_index = self.first_index.map(|f| f - n as i64);
            if self.at_start {
                self.first_index = Some(0);
            }
            self.trim_back(target);
        }
        self.cursor = target.clamp(0, self.rows.len().saturating_sub(1) as i64) as usize;
        Ok(())
    }

    fn trim_front(&mut self, target: &mut i64) {
        let excess = self.rows.len().saturating_sub(self.cap());
        let removable = excess.min((*target as usize).saturating_sub(self.chunk));
        if removable > 0 {
            self.rows.drain(..removable);
            *target -= removable as i64;
            self.origin += removable as i64;
            self.first_index = self.first_index.map(|f| f + removable as i64);
            self.at_start = false;
        }
    }

    fn trim_back(&mut self, target: i64) {
        let cap = self.cap();
        if self.rows.len() > cap && (target as usize) < cap - self.chunk {
            self.rows.truncate(cap);
            self.at_end = false;
        }
    }

    /// Replaces the rows (after another session's commit), keeping the cursor's place.
    pub fn reload(&mut self, rows: Vec<R>, at_end: bool) {
        self.cursor = self.cursor.min(rows.len().saturating_sub(1));
        self.rows = rows;
        self.at_end = at_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_by_display_width() {
        let t = Table::new(vec![Column::flex("学校", 4), Column::right("人数", 4), Column::left("类型", 4)], 20);
        assert_eq!(t.columns[0].width, 9, "the flexible column takes what is left");
        let line = t.line(&["实验小学校长兴".into(), "1200".into(), "小学".into()]);
        assert_eq!(crate::text::width(&line), 20);
        assert_eq!(line, "实验小..  1200 小学 ", "an odd width pads rather than cut a wide character in half");
        assert_eq!(t.header(Some((0, true))), "学校-     人数 类型 ");
        let last = Table::new(vec![Column::left("a", 3), Column::flex("b", 0)], 10);
        assert_eq!(last.columns[1].width, 6, "a last flexible column needs no gap of its own");
        let flush = Table::flush(vec![Column::flex("", 0), Column::left("", 4)], 10);
        assert_eq!(flush.line(&["学校".into(), "成员".into()]), "学校  成员", "flush right: no gap at the end");
    }

    #[test]
    fn the_cursor_stays_in_view() {
        let mut c = Cursor::default();
        assert_eq!(c.visible(5, 3), 0..3);
        for _ in 0..7 {
            c.update(Action::Down, 20);
        }
        assert_eq!(c.visible(5, 20), 3..8);
        assert!(c.update(Action::PageDown, 20));
        assert_eq!(c.index, 12);
        assert!(c.update(Action::End, 20) && c.index == 19);
        assert!(!c.update(Action::Enter, 20));
        assert_eq!(follow_page(0, 7, 50, 5, false), 7, "the page turns when the cursor leaves it");
        assert_eq!(follow_page(7, 6, 50, 5, false), 2);
        assert_eq!(follow_page(45, 49, 50, 10, true), 40, "the last page is shown full");
    }

    /// A source of the numbers 0..n, counting how many rows it handed out.
    struct Numbers {
        n: i64,
        fetched: usize,
    }

    impl Fetch<i64> for Numbers {
        fn fetch(&mut self, from: Option<&i64>, backward: bool, limit: usize) -> rusqlite::Result<Vec<i64>> {
            let rows: Vec<i64> = match (from, backward) {
                (None, false) => (0..self.n).take(limit).collect(),
                (None, true) => ((self.n - limit as i64).max(0)..self.n).collect(),
                (Some(&k), false) => (k + 1..self.n).take(limit).collect(),
                (Some(&k), true) => ((k - limit as i64).max(0)..k).collect(),
            };
            self.fetched += rows.len();
            Ok(rows)
        }
    }

    #[test]
    fn scrolling_a_million_rows_keeps_a_small_window() {
        let mut src = Numbers { n: 1_000_000, fetched: 0 };
        let mut w: Window<i64> = Window { chunk: 20, ..Window::default() };
        w.home(&mut src).expect("home");
        for _ in 0..500 {
            w.move_by(1, &mut src).expect("down");
        }
        assert_eq!(w.selected(), Some(&500));
        assert_eq!(w.position(), Some(500));
        assert!(w.rows.len() <= 60, "window holds {} rows", w.rows.len());
        for _ in 0..50 {
            w.move_by(20, &mut src).expect("page down");
        }
        assert_eq!(w.selected(), Some(&1500));
        for _ in 0..100 {
            w.move_by(-20, &mut src).expect("page up");
        }
        assert_eq!(w.selected(), Some(&0));
        assert!(w.rows.len() <= 60);
        w.end(&mut src, Some(1_000_000)).expect("end");
        assert_eq!(w.selected(), Some(&999_999));
        assert_eq!(w.position(), Some(999_999));
        w.move_by(-25, &mut src).expect("up");
        assert_eq!(w.selected(), Some(&999_974));
        assert!(src.fetched < 10_000, "fetched {} rows in all", src.fetched);
    }

    #[test]
    fn short_lists() {
        let mut src = Numbers { n: 3, fetched: 0 };
        let mut w: Window<i64> = Window::default();
        w.home(&mut src).expect("home");
        w.move_by(10, &mut src).expect("down");
        assert_eq!(w.selected(), Some(&2));
        w.move_by(-10, &mut src).expect("up");
        assert_eq!(w.selected(), Some(&0));
        let mut empty = Numbers { n: 0, fetched: 0 };
        w.home(&mut empty).expect("home");
        assert_eq!(w.selected(), None);
    }
}
