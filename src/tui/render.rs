//! The bytes that turn what the terminal shows into the next frame — as few as we know how.
//!
//! Users sit behind slow SSH links, so every keystroke's reply is paid for in bytes. ratatui's
//! own backend moves the cursor after every double-width character (8 bytes per Chinese
//! character), re-sends colours in 256-colour form, resets every attribute at the end of
//! each frame, and writes blanked areas cell by cell. This renderer diffs two whole buffers
//! itself and, per row:
//! - writes only the characters that changed (and the neighbours a changed double-width
//!   character overwrites or uncovers on a real terminal);
//! - jumps over unchanged cells with the cheapest of: re-sending them, a relative move
//!   (`CUF`), a carriage return and line feeds, or an absolute move (`CUP`);
//! - clears blank runs with `ECH` / `EL` instead of spaces when that is shorter;
//! - changes colours and attributes with the shorter of an incremental or a reset-then-set
//!   `SGR`, using the short codes for the 16 basic colours.
//!
//! Cell widths follow the buffer's own model (`unicode-width`), the one ratatui lays out by.

use ratatui::backend::{Backend as _, TestBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Where frames are laid out, and what the real terminal shows: [`Canvas::frame`] gives the
/// bytes from one to the next.
pub struct Canvas {
    layout: Terminal<TestBackend>,
    /// What the terminal shows now (cells; the cursor if shown).
    shown: Buffer,
    shown_cursor: Option<Position>,
    state: TermState,
    /// Set at start, after a clear or a resize: repaint every cell.
    repaint: bool,
}

impl Canvas {
    pub fn new(width: u16, height: u16) -> Canvas {
        let Ok(layout) = Terminal::new(TestBackend::new(width, height));
        let shown = Buffer::empty(layout.backend().buffer().area);
        Canvas { layout, shown, shown_cursor: None, state: TermState::default(), repaint: true }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        let area = self.layout.backend().buffer().area;
        if (area.width, area.height) != (width, height) {
            self.layout.backend_mut().resize(width, height);
            self.repaint = true;
        }
    }

    /// The terminal's content is unknown (Ctrl-L, back from Ctrl-Z): repaint next time.
    pub fn forget(&mut self) {
        self.repaint = true;
        self.state = TermState::default();
    }

    /// Lays out `view`; returns the bytes that show it (empty when nothing changed).
    pub fn frame(&mut self, view: impl Fn(&mut ratatui::Frame)) -> Vec<u8> {
        // The frame as the view drew it (the test backend's own copy only receives
        // ratatui's diff, which leaves stale cells behind double-width characters).
        let Ok(drawn) = self.layout.draw(|f| view(f));
        let next = drawn.buffer.clone();
        let backend = self.layout.backend_mut();
        let cursor = match backend.cursor_visible() {
            true => backend.get_cursor_position().ok(),
            false => None,
        };
        let mut bytes = Vec::new();
        if !self.repaint && next == self.shown && cursor == self.shown_cursor {
            return bytes;
        }
        if self.repaint || self.shown.area != next.area {
            clear(&mut self.state, &mut bytes);
            self.shown = Buffer::empty(next.area);
            self.repaint = false;
        }
        frame(&self.shown, &next, cursor, &mut self.state, &mut bytes);
        self.shown = next;
        self.shown_cursor = cursor;
        bytes
    }
}

/// Colours and attributes of the terminal's "pen".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const PLAIN: Pen = Pen { fg: Color::Reset, bg: Color::Reset, modifier: Modifier::empty() };

impl Pen {
    fn of(cell: &Cell) -> Pen {
        Pen { fg: cell.fg, bg: cell.bg, modifier: cell.modifier }
    }
}

/// What we know of the real terminal between frames.
#[derive(Debug, Default, Clone)]
pub struct TermState {
    /// The pen's state; `None` right after start or a clear (then it is reset first).
    pen: Option<Pen>,
    /// Where the cursor is, when we know (not after writing into the last column, where
    /// terminals differ on the pending wrap).
    cursor: Option<(u16, u16)>,
    cursor_shown: Option<bool>,
}

/// Appends to `out` the bytes that turn the terminal from `shown` into `next`, and put the
/// hardware cursor at `cursor` (shown) or hide it. Both buffers have the same area.
///
/// When a block of rows moved up or down (a search line opened above a table, a list
/// scrolled by a line), shifting them on the terminal (a scroll region and IL/DL, which
/// the Linux console has too) and repainting what differs is often far cheaper than
/// repainting them: every shift that could help is tried and the shortest bytes win.
pub fn frame(shown: &Buffer, next: &Buffer, cursor: Option<Position>, state: &mut TermState, out: &mut Vec<u8>) {
    let mut best_state = state.clone();
    let mut best = Vec::new();
    diff(shown, next, cursor, &mut best_state, &mut best);
    if let Some((top, bottom)) = changed_band(shown, next) {
        for k in shifts(shown, next, top, bottom) {
            let mut st = state.clone();
            let mut bytes = Vec::new();
            let moved = scroll(shown, top, bottom, k, &mut st, &mut bytes);
            diff(&moved, next, cursor, &mut st, &mut bytes);
            if bytes.len() < best.len() {
                (best, best_state) = (bytes, st);
            }
        }
    }
    out.extend_from_slice(&best);
    *state = best_state;
}

/// The cell diff of `shown` into `next`, row by row.
fn diff(shown: &Buffer, next: &Buffer, cursor: Option<Position>, state: &mut TermState, out: &mut Vec<u8>) {
    let width = next.area.width as usize;
    let mut w = Writer { out, state, width };
    for y in 0..next.area.height.min(shown.area.height) as usize {
        let old = &shown.content[y * width..(y + 1) * width];
        let new = &next.content[y * width..(y + 1) * width];
        if old != new {
            w.row(y as u16, old, new);
        }
    }
    w.place_cursor(cursor);
}

fn row(buf: &Buffer, y: usize) -> &[Cell] {
    let width = buf.area.width as usize;
    buf.content.get(y * width..(y + 1) * width).unwrap_or_default()
}

/// The first and last rows that differ, when at least three do (fewer never pay for a
/// scroll region).
fn changed_band(shown: &Buffer, next: &Buffer) -> Option<(usize, usize)> {
    if shown.area != next.area {
        return None;
    }
    let rows = next.area.height as usize;
    let differs = |y: &usize| row(shown, *y) != row(next, *y);
    let top = (0..rows).find(differs)?;
    let bottom = (0..rows).rev().find(differs)?;
    (bottom >= top + 2).then_some((top, bottom))
}

/// Shifts worth trying in the band: a few lines either way, and those that bring an old row
/// onto the new first or last row. Positive: content moves up.
fn shifts(shown: &Buffer, next: &Buffer, top: usize, bottom: usize) -> Vec<isize> {
    let mut out: Vec<isize> = vec![1, 2, 3, -1, -2, -3];
    for y in [top, bottom] {
        for src in top..=bottom {
            let k = src as isize - y as isize;
            if src != y && row(shown, src) == row(next, y) && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    let band = (bottom - top + 1) as isize;
    out.into_iter().filter(|k| k.abs() < band).take(16).collect()
}

/// Writes the bytes that shift rows `top..=bottom` by `k` (positive: up) inside a scroll
/// region, and returns what the terminal shows after it: the rows moved, blanks let in.
fn scroll(shown: &Buffer, top: usize, bottom: usize, k: isize, state: &mut TermState, out: &mut Vec<u8>) -> Buffer {
    let width = shown.area.width as usize;
    let mut w = Writer { out, state, width };
    // Lines let in take the current background: make it the default first.
    w.set_pen(PLAIN);
    let n = k.unsigned_abs();
    let count = if n == 1 { String::new() } else { n.to_string() };
    let op = if k > 0 { 'M' } else { 'L' };
    // DECSTBM homes the cursor; IL/DL act at the cursor's row, the region's top.
    let goto_top = if top == 0 { String::new() } else { format!("\x1b[{}H", top + 1) };
    let seq = format!("\x1b[{};{}r{goto_top}\x1b[{count}{op}\x1b[r", top + 1, bottom + 1);
    w.out.extend_from_slice(seq.as_bytes());
    w.state.cursor = None;
    let mut moved = shown.clone();
    let blank = Cell::default();
    for y in top..=bottom {
        let src = y as isize + k;
        let from = (src >= top as isize && src <= bottom as isize).then(|| row(shown, src as usize).to_vec());
        let cells = from.unwrap_or_else(|| vec![blank.clone(); width]);
        if let Some(dst) = moved.content.get_mut(y * width..(y + 1) * width) {
            dst.clone_from_slice(&cells);
        }
    }
    moved
}

/// Clears the screen and forgets what the terminal showed: the next [`frame`] must be
/// drawn against a blank buffer.
pub fn clear(state: &mut TermState, out: &mut Vec<u8>) {
    out.extend_from_slice(b"\x1b[0m\x1b[2J");
    state.pen = Some(PLAIN);
    state.cursor = None;
}

/// The width a cell's character takes on the terminal: 1 or 2.
fn cell_width(cell: &Cell) -> usize {
    cell.symbol().width().clamp(1, 2)
}

/// For one row: where each character starts, and its width. A double-width character's
/// second column is not a start.
fn starts(row: &[Cell]) -> Vec<Option<usize>> {
    let mut out = vec![None; row.len()];
    let mut x = 0;
    while x < row.len() {
        let w = cell_width(&row[x]).min(row.len() - x);
        out[x] = Some(w);
        x += w;
    }
    out
}

/// Which characters of `new` must be written: those that changed, and those that now start
/// where no character started before (or the other way round). The second rule also
/// repairs what a write does to an old double-width character it half covers — terminals
/// blank its other half, and that half is then always a column whose start changed.
fn to_write(old: &[Cell], new: &[Cell]) -> (Vec<Option<usize>>, Vec<bool>) {
    let (old_starts, new_starts) = (starts(old), starts(new));
    let write = (0..new.len())
        .map(|x| new_starts[x].is_some() && (old_starts[x] != new_starts[x] || old[x] != new[x]))
        .collect();
    (new_starts, write)
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    state: &'a mut TermState,
    width: usize,
}

impl Writer<'_> {
    fn row(&mut self, y: u16, old: &[Cell], new: &[Cell]) {
        let (starts, write) = to_write(old, new);
        let mut x = 0;
        while x < new.len() {
            if !write[x] {
                x += 1;
                continue;
            }
            self.move_to(x as u16, y, Some(new));
            if let Some(skip) = self.erase(x, old, new, &write) {
                x += skip;
                continue;
            }
            let w = starts[x].unwrap_or(1);
            self.put(&new[x], w, x as u16, y);
            x += w;
        }
    }

    /// Clears a run of plain blanks starting at `x` with `EL` (to the end of the row) or
    /// `ECH`, when shorter than writing spaces. Returns how many columns it cleared.
    fn erase(&mut self, x: usize, old: &[Cell], new: &[Cell], write: &[bool]) -> Option<usize> {
        let plain_blank = |c: &Cell| c.symbol() == " " && Pen::of(c) == PLAIN;
        if new[x..].iter().all(plain_blank) && write[x..].iter().filter(|w| **w).count() > 3 {
            self.set_pen(PLAIN);
            self.out.extend_from_slice(b"\x1b[K");
            return Some(new.len() - x);
        }
        // Blanks already on screen may be erased again: they extend the run.
        let blank_or_kept = |c: usize| plain_blank(&new[c]) && (write[c] || old[c] == new[c]);
        let stretch = (x..new.len()).take_while(|&c| blank_or_kept(c)).count();
        let run = (x..x + stretch).rev().find(|&c| write[c]).map_or(0, |c| c + 1 - x);
        // After ECH the cursor stays put: the next write needs a move (about 4 bytes).
        let ech = format!("\x1b[{run}X");
        if ech.len() + 4 < run {
            self.set_pen(PLAIN);
            self.out.extend_from_slice(ech.as_bytes());
            return Some(run);
        }
        None
    }

    fn put(&mut self, cell: &Cell, w: usize, x: u16, y: u16) {
        self.set_pen(Pen::of(cell));
        let symbol = cell.symbol();
        // A zero-width symbol would leave the cursor behind the grid: send a space.
        self.out.extend_from_slice(if symbol.width() == 0 { b" " } else { symbol.as_bytes() });
        let after = x as usize + w;
        self.state.cursor = (after < self.width).then_some((after as u16, y));
    }

    /// Moves the cursor to (x, y) the cheapest way. `row` (the new row y) allows re-sending
    /// the unchanged characters between the cursor and x instead of a move.
    fn move_to(&mut self, x: u16, y: u16, row: Option<&[Cell]>) {
        let here = self.state.cursor;
        if here == Some((x, y)) {
            return;
        }
        let mut best = cup(x, y);
        if let Some((cx, cy)) = here {
            if cy == y && cx < x {
                let forward = cuf(x - cx);
                if forward.len() < best.len() {
                    best = forward;
                }
                if let Some(row) = row {
                    if self.resend_cost(row, cx as usize, x as usize).is_some_and(|c| c <= best.len()) {
                        self.resend(row, cx as usize, x as usize, y);
                        return;
                    }
                }
            } else if cy < y {
                let mut down = String::from("\r");
                down.extend(std::iter::repeat_n('\n', (y - cy) as usize));
                if x > 0 {
                    down.push_str(&cuf(x));
                }
                if down.len() < best.len() {
                    best = down;
                }
            }
        }
        self.out.extend_from_slice(best.as_bytes());
        self.state.cursor = Some((x, y));
    }

    /// Bytes to re-send the characters of `row` from `from` up to `to`, if they tile it.
    fn resend_cost(&self, row: &[Cell], from: usize, to: usize) -> Option<usize> {
        let starts = starts(row);
        let (mut x, mut pen, mut cost) = (from, self.state.pen?, 0);
        while x < to {
            let w = starts[x]?;
            let p = Pen::of(&row[x]);
            cost += sgr(pen, p).len() + row[x].symbol().len();
            pen = p;
            x += w;
        }
        (x == to).then_some(cost)
    }

    fn resend(&mut self, row: &[Cell], from: usize, to: usize, y: u16) {
        let starts = starts(row);
        let mut x = from;
        while x < to {
            let w = starts[x].unwrap_or(1);
            self.put(&row[x], w, x as u16, y);
            x += w;
        }
    }

    fn set_pen(&mut self, to: Pen) {
        let seq = match self.state.pen {
            Some(p) => sgr(p, to),
            None => format!("\x1b[0m{}", sgr(PLAIN, to)),
        };
        self.out.extend_from_slice(seq.as_bytes());
        self.state.pen = Some(to);
    }

    fn place_cursor(&mut self, cursor: Option<Position>) {
        match cursor {
            Some(p) => {
                self.move_to(p.x, p.y, None);
                if self.state.cursor_shown != Some(true) {
                    self.out.extend_from_slice(b"\x1b[?25h");
                    self.state.cursor_shown = Some(true);
                }
            }
            None => {
                if self.state.cursor_shown != Some(false) {
                    self.out.extend_from_slice(b"\x1b[?25l");
                    self.state.cursor_shown = Some(false);
                }
            }
        }
    }
}

fn cup(x: u16, y: u16) -> String {
    match (x, y) {
        (0, 0) => "\x1b[H".into(),
        (0, y) => format!("\x1b[{}H", y + 1),
        (x, y) => format!("\x1b[{};{}H", y + 1, x + 1),
    }
}

fn cuf(n: u16) -> String {
    if n == 1 {
        "\x1b[C".into()
    } else {
        format!("\x1b[{n}C")
    }
}

/// The shorter SGR sequence turning pen `from` into `to` ("" when equal).
fn sgr(from: Pen, to: Pen) -> String {
    if from == to {
        return String::new();
    }
    let incremental = sgr_params(Some(from), to);
    let reset = sgr_params(None, to);
    let params = if reset.len() + 2 < incremental.len() {
        if reset.is_empty() {
            "0".to_string()
        } else {
            format!("0;{reset}")
        }
    } else {
        incremental
    };
    format!("\x1b[{params}m")
}

/// SGR parameters from `from` (None: from a reset) to `to`.
fn sgr_params(from: Option<Pen>, to: Pen) -> String {
    let base = from.unwrap_or(PLAIN);
    let mut parts: Vec<String> = Vec::new();
    let removed = base.modifier - to.modifier;
    // An "off" code may turn off more than one attribute (22: bold and dim): re-add those
    // that stay.
    let mut on = to.modifier - base.modifier;
    for (group, off) in MODIFIER_OFF {
        if removed.intersects(group) {
            parts.push(off.into());
            on |= to.modifier & group;
        }
    }
    for (m, code) in MODIFIER_ON {
        if on.contains(m) {
            parts.push(code.into());
        }
    }
    if to.fg != base.fg {
        parts.push(colour(to.fg, true));
    }
    if to.bg != base.bg {
        parts.push(colour(to.bg, false));
    }
    parts.join(";")
}

const MODIFIER_ON: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

const MODIFIER_OFF: [(Modifier, &str); 7] = [
    (Modifier::BOLD.union(Modifier::DIM), "22"),
    (Modifier::ITALIC, "23"),
    (Modifier::UNDERLINED, "24"),
    (Modifier::SLOW_BLINK.union(Modifier::RAPID_BLINK), "25"),
    (Modifier::REVERSED, "27"),
    (Modifier::HIDDEN, "28"),
    (Modifier::CROSSED_OUT, "29"),
];

/// A colour's SGR parameter: the short codes for the 16 basic colours.
fn colour(c: Color, fg: bool) -> String {
    let basic = |n: u8| -> String {
        match (n < 8, fg) {
            (true, true) => (30 + n).to_string(),
            (true, false) => (40 + n).to_string(),
            (false, true) => (90 + n - 8).to_string(),
            (false, false) => (100 + n - 8).to_string(),
        }
    };
    let layer = if fg { 38 } else { 48 };
    match c {
        Color::Reset => (if fg { "39" } else { "49" }).to_string(),
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => basic(8),
        Color::LightRed => basic(9),
        Color::LightGreen => basic(10),
        Color::LightYellow => basic(11),
        Color::LightBlue => basic(12),
        Color::LightMagenta => basic(13),
        Color::LightCyan => basic(14),
        Color::White => basic(15),
        Color::Indexed(n) if n < 16 => basic(n),
        Color::Indexed(n) => format!("{layer};5;{n}"),
        Color::Rgb(r, g, b) => {
            let mut s = String::new();
            let _ = write!(s, "{layer};2;{r};{g};{b}");
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn draw(shown: &Buffer, next: &Buffer, state: &mut TermState) -> String {
        let mut out = Vec::new();
        frame(shown, next, None, state, &mut out);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn chinese_text_goes_out_without_cursor_moves_between_characters() {
        let area = Rect::new(0, 0, 20, 2);
        let blank = Buffer::empty(area);
        let mut next = blank.clone();
        next.set_string(2, 1, "逊克县 台账", Style::reset());
        let mut state = TermState { pen: Some(PLAIN), cursor: None, cursor_shown: Some(false) };
        assert_eq!(draw(&blank, &next, &mut state), "\x1b[2;3H逊克县 台账");
    }

    #[test]
    fn blanked_text_is_erased_not_overwritten_with_spaces() {
        let area = Rect::new(0, 0, 40, 1);
        let mut old = Buffer::empty(area);
        old.set_string(0, 0, "│", Style::reset());
        old.set_string(2, 0, "黑龙江省哈尔滨市道里区 123", Style::reset());
        old.set_string(39, 0, "│", Style::reset());
        let mut next = Buffer::empty(area);
        next.set_string(0, 0, "│", Style::reset());
        next.set_string(39, 0, "│", Style::reset());
        let mut state = TermState { pen: Some(PLAIN), cursor: None, cursor_shown: Some(false) };
        // 26 columns become blank: one ECH instead of 26 spaces.
        assert_eq!(draw(&old, &next, &mut state), "\x1b[1;3H\x1b[26X");
        // To the end of the row: EL.
        let mut short = Buffer::empty(area);
        short.set_string(0, 0, "│", Style::reset());
        let mut state = TermState { pen: Some(PLAIN), cursor: None, cursor_shown: Some(false) };
        assert_eq!(draw(&old, &short, &mut state), "\x1b[1;3H\x1b[K");
    }

    #[test]
    fn colours_use_the_short_codes_and_the_shorter_of_reset_or_increment() {
        let pen = |fg, bg, m| Pen { fg, bg, modifier: m };
        assert_eq!(sgr(PLAIN, pen(Color::Yellow, Color::Reset, Modifier::empty())), "\x1b[33m");
        assert_eq!(sgr(PLAIN, pen(Color::Black, Color::LightCyan, Modifier::empty())), "\x1b[30;106m");
        assert_eq!(sgr(pen(Color::Cyan, Color::Black, Modifier::BOLD), PLAIN), "\x1b[0m");
        assert_eq!(
            sgr(pen(Color::Cyan, Color::Reset, Modifier::BOLD), pen(Color::Cyan, Color::Reset, Modifier::DIM)),
            "\x1b[22;2m"
        );
        assert_eq!(sgr(PLAIN, PLAIN), "");
    }

    #[test]
    fn an_unchanged_frame_sends_nothing() {
        let area = Rect::new(0, 0, 10, 3);
        let mut b = Buffer::empty(area);
        b.set_string(0, 0, "台账", Style::reset().fg(Color::Cyan));
        let mut state = TermState { pen: Some(PLAIN), cursor: None, cursor_shown: Some(false) };
        assert_eq!(draw(&b, &b, &mut state), "");
    }

    /// A table of `rows` lines, starting `at` the given screen row, under a header.
    fn table(area: Rect, at: u16, rows: u16) -> Buffer {
        let mut b = Buffer::empty(area);
        b.set_string(0, 0, "台账 · 全部在册", Style::reset().fg(Color::Cyan));
        for i in 0..rows {
            let line = format!("{:>4} 张某伟{i:02} 逊克县第一中学 七年级 辍学", i + 1);
            b.set_string(0, at + i, line, Style::reset());
        }
        b
    }

    #[test]
    fn rows_pushed_down_a_line_are_shifted_not_repainted() {
        let area = Rect::new(0, 0, 60, 12);
        let old = table(area, 1, 10);
        let mut next = table(area, 2, 10);
        next.set_string(0, 1, "搜索: ", Style::reset().fg(Color::Yellow));
        let mut state = TermState { pen: Some(PLAIN), cursor: None, cursor_shown: Some(false) };
        let mut plain = Vec::new();
        diff(&old, &next, None, &mut state.clone(), &mut plain);
        let bytes = draw(&old, &next, &mut state);
        assert!(bytes.starts_with("\x1b[2;12r\x1b[2H\x1b[L\x1b[r"), "{bytes:?}");
        assert!(bytes.len() * 5 < plain.len(), "{} bytes scrolled, {} repainted", bytes.len(), plain.len());
    }
}
