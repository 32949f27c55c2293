//! The terminal as a shared, fragile thing: raw mode and the alternate screen are entered
//! once and always left — on return, on panic, on a signal — and Ctrl-Z suspends properly.

use super::render::Canvas;
use crossterm::cursor::{Hide, Show};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{execute, ExecutableCommand};
use std::io::{self, IsTerminal, Write};

pub struct Tui {
    canvas: Canvas,
}

/// Puts the terminal back as the shell expects it. Safe to call more than once, and
/// errors are ignored: the terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = out.write_all(b"\x1b[0m");
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
        let (width, height) = terminal::size()?;
        Ok(Tui { canvas: Canvas::new(width, height) })
    }

    /// Lays out `view` and sends what changed since the last frame, in one write ending in
    /// the link's fence — nothing at all when no cell and not the cursor changed. Returns
    /// how many bytes it wrote.
    pub fn draw(&mut self, view: impl Fn(&mut ratatui::Frame)) -> io::Result<usize> {
        let (width, height) = terminal::size()?;
        self.canvas.resize(width, height);
        let mut bytes = self.canvas.frame(view);
        if bytes.is_empty() {
            return Ok(0);
        }
        bytes.extend_from_slice(super::link::FENCE);
        let mut out = io::stdout().lock();
        out.write_all(&bytes)?;
        out.flush()?;
        Ok(bytes.len())
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

    /// Gives the terminal to another program (`$EDITOR`) while `run` runs, then takes it
    /// back and repaints every cell.
    pub fn hand_over<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let out = run();
        self.resume()?;
        Ok(out)
    }

    /// After SIGCONT (or a redraw request): raw mode again and repaint every cell.
    pub fn resume(&mut self) -> io::Result<()> {
        enter_modes()?;
        self.clear()
    }

    /// Ctrl-L: forget what is on screen; the next draw repaints everything.
    pub fn clear(&mut self) -> io::Result<()> {
        self.canvas.forget();
        Ok(())
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
