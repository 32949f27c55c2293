//! Signals that end or resume the session: SIGHUP (SSH link dropped), SIGTERM, SIGINT and
//! SIGQUIT quit cleanly; SIGCONT (resumed after an outside SIGTSTP) forces a full redraw.
//! Every one of them, and SIGWINCH, also writes a byte to a pipe the event loop sleeps on,
//! so the loop wakes at once instead of at its next timeout.

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Signals {
    quit: Arc<AtomicBool>,
    continued: Arc<AtomicBool>,
    pipe: UnixStream,
}

impl Signals {
    pub fn install() -> std::io::Result<Signals> {
        let quit = Arc::new(AtomicBool::new(false));
        let continued = Arc::new(AtomicBool::new(false));
        let (pipe, writer) = UnixStream::pair()?;
        pipe.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        for sig in [SIGHUP, SIGTERM, SIGINT, SIGQUIT] {
            signal_hook::flag::register(sig, Arc::clone(&quit))?;
        }
        signal_hook::flag::register(SIGCONT, Arc::clone(&continued))?;
        for sig in [SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGCONT, SIGWINCH] {
            signal_hook::low_level::pipe::register(sig, writer.try_clone()?)?;
        }
        Ok(Signals { quit, continued, pipe })
    }

    pub fn quit_requested(&self) -> bool {
        self.quit.load(Ordering::Relaxed)
    }

    /// True once after each SIGCONT.
    pub fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::Relaxed)
    }

    /// The read end the event loop polls.
    pub fn pipe_fd(&self) -> i32 {
        self.pipe.as_raw_fd()
    }

    /// Empties the pipe after a wake-up.
    pub fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.pipe).read(&mut buf), Ok(n) if n > 0) {}
    }
}
