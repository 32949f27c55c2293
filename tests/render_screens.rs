//! The diff renderer (`tui::render`) against a terminal emulator (vt100): after every
//! frame's bytes the emulator must show exactly the frame — every character, colour and
//! attribute, and the cursor. Two kinds of frames: random sequences (CJK, colours, blanks,
//! cursor) and a walk through the real screens, where moving between screens full of
//! Chinese text is where a diff renderer goes wrong.

mod common;

use common::{app, press, type_text};
use crossterm::event::KeyCode;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::Terminal;
use taizhang::tui::app::App;
use taizhang::tui::render::{self, Canvas, TermState};
use unicode_width::UnicodeWidthStr;

const W: u16 = 80;
const H: u16 = 24;

/// The screen laid out on a fresh terminal: the reference.
fn laid_out(app: &App) -> (Buffer, Option<Position>) {
    use ratatui::backend::Backend as _;
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    term.draw(|f| app.view(f)).expect("draw");
    let backend = term.backend_mut();
    let cursor = if backend.cursor_visible() { backend.get_cursor_position().ok() } else { None };
    (term.backend().buffer().clone(), cursor)
}

fn vt_colour(c: Color) -> vt100::Color {
    let basic = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(n) => vt100::Color::Idx(n),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        c => vt100::Color::Idx(basic.iter().position(|b| *b == c).expect("a basic colour") as u8),
    }
}

/// The emulator shows `want`: characters, colours, attributes, and the cursor.
fn assert_shows(term: &vt100::Parser, want: &Buffer, cursor: Option<Position>, step: &str) {
    let screen = term.screen();
    for y in 0..want.area.height {
        let mut x = 0;
        while x < want.area.width {
            let cell = &want[(x, y)];
            let got = screen.cell(y, x).expect("cell");
            let shown = if got.contents().is_empty() { " " } else { got.contents() };
            let at = format!("after {step}: row {y}, column {x}");
            assert_eq!(shown, cell.symbol(), "{at}\n{}", screen.contents());
            assert_eq!(got.fgcolor(), vt_colour(cell.fg), "{at}: colour");
            assert_eq!(got.bgcolor(), vt_colour(cell.bg), "{at}: background");
            assert_eq!(got.bold(), cell.modifier.contains(Modifier::BOLD), "{at}: bold");
            assert_eq!(got.dim(), cell.modifier.contains(Modifier::DIM), "{at}: dim");
            assert_eq!(got.inverse(), cell.modifier.contains(Modifier::REVERSED), "{at}: reverse");
            assert_eq!(got.underline(), cell.modifier.contains(Modifier::UNDERLINED), "{at}: underline");
            x += cell.symbol().width().max(1) as u16;
        }
    }
    assert_eq!(!screen.hide_cursor(), cursor.is_some(), "after {step}: cursor shown");
    if let Some(p) = cursor {
        assert_eq!(screen.cursor_position(), (p.y, p.x), "after {step}: cursor position");
    }
}

#[test]
fn a_walk_through_every_screen_reaches_the_terminal_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    let mut canvas = Canvas::new(W, H);
    let mut term = vt100::Parser::new(H, W, 0);
    let mut total = 0usize;
    let mut step = |app: &mut App, name: &str, keys: &[KeyCode], text: &str| {
        press(app, keys);
        type_text(app, text);
        let bytes = canvas.frame(|f| app.view(f));
        total += bytes.len();
        term.process(&bytes);
        let (want, cursor) = laid_out(app);
        assert_shows(&term, &want, cursor, name);
    };
    step(&mut app, "start", &[], "");
    for _ in 0..6 {
        step(&mut app, "tree j", &[KeyCode::Down], "");
    }
    step(&mut app, "tree k", &[KeyCode::Up, KeyCode::Up], "");
    step(&mut app, "filter", &[KeyCode::Char('/')], "xk");
    step(&mut app, "filter done", &[KeyCode::Enter], "");
    step(&mut app, "county page", &[KeyCode::Enter], "");
    step(&mut app, "indicators", &[KeyCode::Char('i')], "");
    for _ in 0..4 {
        step(&mut app, "indicators tab", &[KeyCode::Tab], "");
    }
    step(&mut app, "back", &[KeyCode::Esc], "");
    step(&mut app, "monthly", &[KeyCode::Char('m')], "");
    step(&mut app, "monthly earlier", &[KeyCode::Left, KeyCode::Left], "");
    step(&mut app, "back", &[KeyCode::Esc], "");
    step(&mut app, "ledger", &[KeyCode::Char('l')], "");
    for _ in 0..5 {
        step(&mut app, "ledger j", &[KeyCode::Down], "");
    }
    step(&mut app, "ledger page", &[KeyCode::PageDown], "");
    step(&mut app, "ledger end", &[KeyCode::End], "");
    step(&mut app, "search", &[KeyCode::Char('/')], "");
    step(&mut app, "search typed", &[], "z");
    step(&mut app, "search typed more", &[], "m");
    step(&mut app, "search done", &[KeyCode::Enter], "");
    step(&mut app, "case", &[KeyCode::Enter], "");
    step(&mut app, "case form", &[KeyCode::Char('e')], "");
    step(&mut app, "form field", &[KeyCode::Tab, KeyCode::Tab], "");
    step(&mut app, "form typing", &[], "某");
    step(&mut app, "form undo", &[KeyCode::Esc], "");
    step(&mut app, "form leave", &[KeyCode::Esc], "");
    step(&mut app, "case back", &[KeyCode::Esc], "");
    step(&mut app, "ledger back", &[KeyCode::Esc, KeyCode::Esc], "");
    step(&mut app, "schools", &[KeyCode::Char('s')], "");
    step(&mut app, "schools j", &[KeyCode::Down, KeyCode::Down], "");
    step(&mut app, "back", &[KeyCode::Esc], "");
    step(&mut app, "alliances", &[KeyCode::Char('a')], "");
    step(&mut app, "alliance", &[KeyCode::Enter], "");
    step(&mut app, "back", &[KeyCode::Esc, KeyCode::Esc], "");
    step(&mut app, "help", &[KeyCode::F(1)], "");
    step(&mut app, "help down", &[KeyCode::Down, KeyCode::Down], "");
    step(&mut app, "help closed", &[KeyCode::Esc], "");
    assert!(total > 10_000, "the walk drew real screens: {total} bytes");
}

/// A small deterministic generator (xorshift), so failures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const GLYPHS: [&str; 10] = [" ", " ", "a", "7", "学", "校", "│", "█", "，", "─"];
const COLOURS: [Color; 6] =
    [Color::Reset, Color::Cyan, Color::Black, Color::LightRed, Color::Indexed(200), Color::Rgb(1, 2, 3)];
// Not bold and dim together: vt100 (like some terminals) keeps only one intensity.
const MODIFIERS: [Modifier; 5] =
    [Modifier::empty(), Modifier::BOLD, Modifier::DIM, Modifier::REVERSED, Modifier::BOLD.union(Modifier::REVERSED)];

fn random_style(rng: &mut Rng) -> Style {
    if rng.next(3) == 0 {
        return Style::reset();
    }
    Style::reset()
        .fg(COLOURS[rng.next(COLOURS.len())])
        .bg(COLOURS[rng.next(3)])
        .add_modifier(MODIFIERS[rng.next(MODIFIERS.len())])
}

/// `prev` with a few strings written over it, as widgets do.
/// `prev` with rows `top..=bottom` moved by `k` (positive: up), blank rows let in.
fn shifted(prev: &Buffer, top: usize, bottom: usize, k: isize) -> Buffer {
    let w = prev.area.width as usize;
    let mut b = prev.clone();
    for y in top..=bottom {
        let src = y as isize + k;
        for x in 0..w {
            let cell = match src >= top as isize && src <= bottom as isize {
                true => prev.content[src as usize * w + x].clone(),
                false => ratatui::buffer::Cell::default(),
            };
            b.content[y * w + x] = cell;
        }
    }
    b
}

fn edit(prev: &Buffer, rng: &mut Rng) -> Buffer {
    let mut b = prev.clone();
    // Now and then a band of rows moves, as a list does under a new search line.
    if rng.next(4) == 0 {
        let h = b.area.height as usize;
        let top = rng.next(h - 2);
        let bottom = top + 2 + rng.next(h - top - 2);
        let k = [1isize, 2, -1, -2][rng.next(4)];
        b = shifted(&b, top, bottom, k);
    }
    for _ in 0..1 + rng.next(6) {
        let text: String = (0..1 + rng.next(12)).map(|_| GLYPHS[rng.next(GLYPHS.len())]).collect();
        let (x, y) = (rng.next(b.area.width as usize) as u16, rng.next(b.area.height as usize) as u16);
        let style = random_style(rng);
        b.set_stringn(x, y, &text, (b.area.width - x) as usize, style);
    }
    b
}

#[test]
fn every_frame_of_a_random_sequence_reaches_the_terminal_exactly() {
    // How often each shortcut was taken: the test must exercise them all.
    let (mut ech, mut el, mut cuf, mut crlf, mut scrolls) = (0, 0, 0, 0, 0);
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let area = Rect::new(0, 0, 40, 6);
        let mut term = vt100::Parser::new(area.height, area.width, 0);
        let mut state = TermState::default();
        let mut shown = Buffer::empty(area);
        let mut out = Vec::new();
        render::clear(&mut state, &mut out);
        for step in 0..60 {
            // Now and then a new screen (most of the old one blanked), else a few edits.
            let base = if rng.next(6) == 0 { Buffer::empty(area) } else { shown.clone() };
            let next = edit(&base, &mut rng);
            let cursor = (rng.next(2) == 0)
                .then(|| Position::new(rng.next(area.width as usize) as u16, rng.next(area.height as usize) as u16));
            render::frame(&shown, &next, cursor, &mut state, &mut out);
            let text = String::from_utf8_lossy(&out);
            ech += text.matches('X').count();
            el += text.matches("\x1b[K").count();
            cuf += text.matches('C').count();
            crlf += text.matches("\r\n").count();
            scrolls += text.matches("\x1b[r").count();
            term.process(&out);
            out.clear();
            assert_shows(&term, &next, cursor, &format!("seed {seed}, step {step}"));
            shown = next;
        }
    }
    assert!(
        ech > 20 && el > 20 && cuf > 100 && crlf > 20 && scrolls > 20,
        "ECH {ech}, EL {el}, CUF {cuf}, CRLF {crlf}, scrolls {scrolls}"
    );
}
