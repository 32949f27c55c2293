//! Signals that end or resume the session: SIGHUP (SSH link dropped), SIGTERM, SIGINT and
//! SIGQUIT quit cleanly; SIGCONT (resumed after an outside SIGTSTP) forces a full redraw.

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Signals {
    quit: Arc<AtomicBool>,
    continued: Arc<AtomicBool>,
}

impl Signals {
    pub fn install() -> std::io::Result<Signals> {
        let quit = Arc::new(AtomicBool::new(false));
        let continued = Arc::new(AtomicBool::new(false));
        for sig in [SIGHUP, SIGTERM, SIGINT, SIGQUIT] {
            signal_hook::flag::register(sig, Arc::clone(&quit))?;
        }
        signal_hook::flag::register(SIGCONT, Arc::clone(&continued))?;
        Ok(Signals { quit, continued })
    }

    pub fn quit_requested(&self) -> bool {
        self.quit.load(Ordering::Relaxed)
    }

    /// True once after each SIGCONT.
    pub fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::Relaxed)
    }
}
