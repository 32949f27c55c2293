//! The terminal as a shared, fragile thing: raw mode and the alternate screen are entered
//! once and always left — on return, on panic, on a signal — and Ctrl-Z suspends properly.

use crossterm::cursor::{Hide, Show};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{execute, ExecutableCommand};
use ratatui::backend::{Backend as _, CrosstermBackend, TestBackend};
use ratatui::Terminal;
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

/// One buffered write per frame: a frame goes out as a single `write(2)`, not dozens.
pub type Backend = CrosstermBackend<FrameWriter>;

pub struct Tui {
    pub terminal: Terminal<Backend>,
    /// The same UI drawn off-screen first: when neither a cell nor the cursor changed, the
    /// real terminal gets nothing at all (ratatui would still send cursor and colour resets).
    shadow: Terminal<TestBackend>,
    /// Set after a clear: draw even if the shadow saw no change.
    force: bool,
}

impl Tui {
    /// What the shadow shows: cells, cursor position and whether the cursor is visible.
    fn shadow_state(&mut self) -> (ratatui::buffer::Buffer, ratatui::layout::Position, bool) {
        let Ok(position) = self.shadow.backend_mut().get_cursor_position();
        let backend = self.shadow.backend();
        (backend.buffer().clone(), position, backend.cursor_visible())
    }
}

/// Collects a frame's bytes and sends them in one write on flush, after
/// [`tighten`] has removed what the terminal does not need.
pub struct FrameWriter {
    frame: Vec<u8>,
    out: BufWriter<Stdout>,
}

impl FrameWriter {
    fn new() -> FrameWriter {
        FrameWriter { frame: Vec::with_capacity(1 << 14), out: BufWriter::with_capacity(1 << 16, io::stdout()) }
    }
}

impl Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let tight = tighten(&self.frame);
        self.frame.clear();
        self.out.write_all(&tight)?;
        self.out.flush()
    }
}

/// Over a slow SSH link every byte of every keystroke counts. ratatui moves the cursor
/// explicitly after every double-width character (8 bytes per Chinese character), and
/// crossterm writes the 16 basic colours in their 256-colour form (`38;5;3` for `33`).
/// This drops cursor moves to where the cursor already is and shortens those colours.
///
/// The cursor is followed only through characters every terminal agrees on — ASCII and
/// East Asian wide characters; after an ambiguous-width character, a control character or
/// an unknown sequence it is "unknown", and the next move is kept.
pub fn tighten(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut pos: Option<(u32, u32)> = None;
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b == 0x1b && input.get(i + 1) == Some(&b'[') {
            let Some(len) = input[i + 2..].iter().position(|c| (0x40..=0x7e).contains(c)) else {
                out.extend_from_slice(&input[i..]);
                break;
            };
            let params = &input[i + 2..i + 2 + len];
            let end = i + 3 + len;
            match input[i + 2 + len] {
                b'H' => {
                    let target = parse_position(params);
                    if target.is_none() || target != pos {
                        out.extend_from_slice(&input[i..end]);
                    }
                    pos = target;
                }
                b'm' => {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(&short_colours(params));
                    out.push(b'm');
                }
                // Cursor show/hide do not move it; anything else might.
                b'h' | b'l' if params.first() == Some(&b'?') => out.extend_from_slice(&input[i..end]),
                _ => {
                    out.extend_from_slice(&input[i..end]);
                    pos = None;
                }
            }
            i = end;
        } else if b < 0x20 || b == 0x7f {
            out.push(b);
            pos = None;
            i += 1;
        } else {
            let n = utf8_len(b);
            let ch = input.get(i..i + n).and_then(|c| std::str::from_utf8(c).ok()).and_then(|c| c.chars().next());
            out.extend_from_slice(&input[i..(i + n).min(input.len())]);
            pos = match (pos, ch.and_then(agreed_width)) {
                (Some((r, c)), Some(w)) => Some((r, c + w)),
                _ => None,
            };
            i += n;
        }
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

/// The width of `c` if every terminal agrees on it (not an ambiguous-width character).
fn agreed_width(c: char) -> Option<u32> {
    use unicode_width::UnicodeWidthChar;
    let (w, cjk) = (c.width()?, c.width_cjk()?);
    (w == cjk && w > 0).then_some(w as u32)
}

/// `row;col` of a cursor position sequence (1-based; empty parts mean 1).
fn parse_position(params: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(params).ok()?;
    let mut parts = text.split(';');
    let num = |p: Option<&str>| -> Option<u32> {
        match p {
            None | Some("") => Some(1),
            Some(v) => v.parse().ok(),
        }
    };
    let row = num(parts.next())?;
    let col = num(parts.next())?;
    parts.next().is_none().then_some((row, col))
}

/// SGR parameters with `38;5;N` / `48;5;N` (N < 16) replaced by 30–37/90–97, 40–47/100–107.
fn short_colours(params: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(params) else { return params.to_vec() };
    let parts: Vec<&str> = text.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut k = 0;
    while k < parts.len() {
        let colour = match (parts[k], parts.get(k + 1), parts.get(k + 2).and_then(|n| n.parse::<u8>().ok())) {
            ("38", Some(&"5"), Some(n)) if n < 16 => Some(if n < 8 { 30 + n } else { 90 + n - 8 }),
            ("48", Some(&"5"), Some(n)) if n < 16 => Some(if n < 8 { 40 + n } else { 100 + n - 8 }),
            _ => None,
        };
        match colour {
            Some(c) => {
                out.push(c.to_string());
                k += 3;
            }
            None => {
                out.push(parts[k].to_string());
                k += 1;
            }
        }
    }
    out.join(";").into_bytes()
}

/// Puts the terminal back as the shell expects it. Safe to call more than once, and
/// errors are ignored: the terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, LeaveAlternateScreen, Show);
    let _ = out.flush();
}

fn enter_modes() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    out.execute(EnterAlternateScreen)?;
    out.execute(Hide)?;
    Ok(())
}

impl Tui {
    pub fn enter() -> io::Result<Tui> {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            return Err(io::Error::other(crate::i18n::T::NeedTerminal.s()));
        }
        install_panic_hook();
        enter_modes()?;
        let terminal = Terminal::new(CrosstermBackend::new(FrameWriter::new()))?;
        let size = terminal.size()?;
        let Ok(shadow) = Terminal::new(TestBackend::new(size.width, size.height));
        Ok(Tui { terminal, shadow, force: true })
    }

    /// Draws `view` if anything visible changed since the last frame. The shadow keeps
    /// ratatui's own diffing for the real write, so a changed frame costs only its changes.
    pub fn draw(&mut self, view: impl Fn(&mut ratatui::Frame)) -> io::Result<()> {
        let size = self.terminal.size()?;
        let Ok(shadow_size) = self.shadow.size();
        if shadow_size != size {
            self.shadow.backend_mut().resize(size.width, size.height);
        }
        let before = self.shadow_state();
        let Ok(_) = self.shadow.draw(|f| view(f));
        let after = self.shadow_state();
        if before == after && !self.force {
            return Ok(());
        }
        self.force = false;
        self.terminal.draw(|f| view(f))?;
        Ok(())
    }

    /// Ctrl-Z: give the terminal back, stop, and on `fg` take it again and redraw fully.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // SAFETY: raising a signal on ourselves; SIGTSTP keeps its default action (stop).
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        self.resume()
    }

    /// After SIGCONT (or a redraw request): raw mode again and repaint every cell.
    pub fn resume(&mut self) -> io::Result<()> {
        enter_modes()?;
        self.clear()
    }

    /// Ctrl-L: forget what is on screen; the next draw repaints everything.
    pub fn clear(&mut self) -> io::Result<()> {
        self.force = true;
        self.terminal.clear()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Suspending makes sense only under a job-control shell: not when we are a login shell
/// (argv[0] starts with '-') or lead our own session (nobody would resume us).
pub fn can_suspend() -> bool {
    let login_shell = std::env::args_os().next().is_some_and(|a| a.to_string_lossy().starts_with('-'));
    // SAFETY: plain libc queries with no arguments that can be invalid.
    let session_leader = unsafe { libc::getsid(0) == libc::getpid() };
    !login_shell && !session_leader
}

#[cfg(test)]
mod tests {
    use super::tighten;

    fn t(input: &str) -> String {
        String::from_utf8(tighten(input.as_bytes())).expect("utf-8")
    }

    #[test]
    fn basic_colours_take_the_short_form() {
        assert_eq!(t("\x1b[38;5;0mA\x1b[48;5;6m"), "\x1b[30mA\x1b[46m");
        assert_eq!(t("\x1b[38;5;0;48;5;6m"), "\x1b[30;46m");
        assert_eq!(t("\x1b[38;5;9m\x1b[48;5;15m"), "\x1b[91m\x1b[107m");
        assert_eq!(t("\x1b[38;5;200m\x1b[1m"), "\x1b[38;5;200m\x1b[1m");
    }

    #[test]
    fn moves_to_where_the_cursor_already_is_are_dropped() {
        // After 哈 (wide) at column 19 the cursor is at 21: the move there is redundant.
        assert_eq!(
            t("\x1b[1;19H哈\x1b[1;21H尔\x1b[1;23Hab\x1b[1;25Hc"),
            "\x1b[1;19H哈尔ab\x1b[1;25Hc".replace("\x1b[1;25H", "")
        );
        // A real jump is kept.
        assert_eq!(t("\x1b[1;1Ha\x1b[1;5Hb"), "\x1b[1;1Ha\x1b[1;5Hb");
        // After an ambiguous-width character (·) the position is unknown: keep the move.
        assert_eq!(t("\x1b[2;1H·\x1b[2;2Hx"), "\x1b[2;1H·\x1b[2;2Hx");
        // Cursor hide/show does not lose the position; other sequences do.
        assert_eq!(t("\x1b[3;1Ha\x1b[?25l\x1b[3;2Hb"), "\x1b[3;1Ha\x1b[?25lb");
        assert_eq!(t("\x1b[3;1Ha\x1b[K\x1b[3;2Hb"), "\x1b[3;1Ha\x1b[K\x1b[3;2Hb");
    }
}
