//! The renderer against the real screens: a walk through the app (tree, county page,
//! ledger, search, a case, its form, indicators, monthly report, schools, alliances, help)
//! with every frame's bytes fed to a terminal emulator (vt100), which must then show
//! exactly what the screen laid out — every character, colour and attribute, and the
//! cursor. Moving between screens full of Chinese text is where a diff renderer goes wrong.

mod common;

use common::{app, press, type_text};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use taizhang::tui::app::App;
use taizhang::tui::keymap::Action;
use taizhang::tui::render::Canvas;
use unicode_width::UnicodeWidthStr;

const W: u16 = 80;
const H: u16 = 24;

/// The screen laid out on a fresh terminal: the reference.
fn laid_out(app: &App) -> (Buffer, Option<(u16, u16)>) {
    let mut term = Terminal::new(TestBackend::new(W, H)).expect("terminal");
    let cursor = std::cell::Cell::new(None);
    term.draw(|f| app.view(f)).expect("draw");
    let backend = term.backend_mut();
    if backend.cursor_visible() {
        use ratatui::backend::Backend as _;
        cursor.set(backend.get_cursor_position().ok().map(|p| (p.y, p.x)));
    }
    (term.backend().buffer().clone(), cursor.get())
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

fn assert_terminal_shows(term: &vt100::Parser, app: &App, step: &str) {
    let (want, cursor) = laid_out(app);
    let screen = term.screen();
    for y in 0..H {
        let mut x = 0;
        while x < W {
            let cell = &want[(x, y)];
            let got = screen.cell(y, x).expect("cell");
            let shown = if got.contents().is_empty() { " " } else { got.contents() };
            let at = format!("after {step}: row {y}, column {x}");
            assert_eq!(shown, cell.symbol(), "{at}\n{}", screen.contents());
            assert_eq!(got.fgcolor(), vt_colour(cell.fg), "{at}: colour");
            assert_eq!(got.bgcolor(), vt_colour(cell.bg), "{at}: background");
            assert_eq!(got.bold(), cell.modifier.contains(Modifier::BOLD), "{at}: bold");
            assert_eq!(got.inverse(), cell.modifier.contains(Modifier::REVERSED), "{at}: reverse");
            assert_eq!(got.underline(), cell.modifier.contains(Modifier::UNDERLINED), "{at}: underline");
            x += cell.symbol().width().max(1) as u16;
        }
    }
    assert_eq!(!screen.hide_cursor(), cursor.is_some(), "after {step}: cursor shown");
    if let Some(p) = cursor {
        assert_eq!(screen.cursor_position(), p, "after {step}: cursor position");
    }
}

#[test]
fn a_walk_through_every_screen_reaches_the_terminal_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    let mut canvas = Canvas::new(W, H);
    let mut term = vt100::Parser::new(H, W, 0);
    let mut total = 0usize;
    let mut step = |app: &mut App, name: &str, keys: &[Action], text: &str| {
        press(app, keys);
        type_text(app, text);
        let bytes = canvas.frame(|f| app.view(f));
        total += bytes.len();
        term.process(&bytes);
        assert_terminal_shows(&term, app, name);
    };
    step(&mut app, "start", &[], "");
    for _ in 0..6 {
        step(&mut app, "tree j", &[Action::Down], "");
    }
    step(&mut app, "tree k", &[Action::Up, Action::Up], "");
    step(&mut app, "filter", &[Action::Filter], "xk");
    step(&mut app, "filter done", &[Action::Enter], "");
    step(&mut app, "county page", &[Action::Enter], "");
    step(&mut app, "indicators", &[Action::Char('i')], "");
    for _ in 0..4 {
        step(&mut app, "indicators tab", &[Action::NextField], "");
    }
    step(&mut app, "back", &[Action::Back], "");
    step(&mut app, "monthly", &[Action::Char('m')], "");
    step(&mut app, "monthly earlier", &[Action::Left, Action::Left], "");
    step(&mut app, "back", &[Action::Back], "");
    step(&mut app, "ledger", &[Action::Char('l')], "");
    for _ in 0..5 {
        step(&mut app, "ledger j", &[Action::Down], "");
    }
    step(&mut app, "ledger page", &[Action::PageDown], "");
    step(&mut app, "ledger end", &[Action::End], "");
    step(&mut app, "search", &[Action::Filter], "");
    step(&mut app, "search typed", &[], "z");
    step(&mut app, "search typed more", &[], "m");
    step(&mut app, "search done", &[Action::Enter], "");
    step(&mut app, "case", &[Action::Enter], "");
    step(&mut app, "case form", &[Action::Edit], "");
    step(&mut app, "form field", &[Action::NextField, Action::NextField], "");
    step(&mut app, "form typing", &[], "某");
    step(&mut app, "form undo", &[Action::Back], "");
    step(&mut app, "form leave", &[Action::Back], "");
    step(&mut app, "case back", &[Action::Back], "");
    step(&mut app, "ledger back", &[Action::Back, Action::Back], "");
    step(&mut app, "schools", &[Action::Char('s')], "");
    step(&mut app, "schools j", &[Action::Down, Action::Down], "");
    step(&mut app, "back", &[Action::Back], "");
    step(&mut app, "alliances", &[Action::Char('a')], "");
    step(&mut app, "alliance", &[Action::Enter], "");
    step(&mut app, "back", &[Action::Back, Action::Back], "");
    step(&mut app, "help", &[Action::Help], "");
    step(&mut app, "help down", &[Action::Down, Action::Down], "");
    step(&mut app, "help closed", &[Action::Back], "");
    assert!(total > 10_000, "the walk drew real screens: {total} bytes");
}
