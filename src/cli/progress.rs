//! Progress on stderr for commands that can take more than a second (indicatif): a bar
//! with rate and time left where the amount of work is known (import, demo), a spinner with
//! the time taken where it is not (export, backup, check, verify, combine). Only when
//! stderr is a terminal: never in a pipe, a log or `--json` output.

use super::admin::AdminCommand;
use super::Command;
use crate::i18n::config::C;
use indicatif::{HumanCount, ProgressBar, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Whether progress may be drawn: stderr is a terminal and the output is not JSON.
pub fn shown(json: bool) -> bool {
    !json && std::io::stderr().is_terminal()
}

/// A spinner that ticks by itself until dropped, then clears its line.
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// Starts a spinner saying `label` when `show`; otherwise nothing is drawn.
    pub fn start(show: bool, label: &str) -> Spinner {
        if !show {
            return Spinner(None);
        }
        let bar = ProgressBar::new_spinner().with_message(label.to_string());
        if let Ok(style) = ProgressStyle::with_template(C::SpinnerTemplate.s()) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        Spinner(Some(bar))
    }

    /// Runs `f` with the spinner's line out of the way (for text printed meanwhile).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A bar of `total` rows saying `label`, with the rate in whole rows a second (indicatif's
/// own `{per_sec}` shows four decimals) and the time left, as wide as the terminal allows.
fn counted(total: u64, label: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(total).with_message(label);
    if let Ok(style) = ProgressStyle::with_template(C::BarTemplate.s()) {
        let style = style
            .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", HumanCount(s.per_sec() as u64));
            })
            .progress_chars("#>-");
        bar.set_style(style);
    }
    bar
}

/// A bar for `done` of `total` rows with rate and time left, as a callback; drawn when
/// `show` and the work is large enough to take a moment (fewer rows finish at once).
pub fn bar(show: bool, label: &'static str) -> impl FnMut(usize, usize) {
    const AT_LEAST: usize = 2000;
    let mut bar: Option<ProgressBar> = None;
    move |done: usize, total: usize| {
        if !show || total < AT_LEAST {
            return;
        }
        let b = bar.get_or_insert_with(|| counted(total as u64, label));
        b.set_length(total as u64);
        b.set_position(done as u64);
        if done >= total {
            b.finish_and_clear();
        }
    }
}

/// A bar with rate and time left for work another part of the program counts (the demo's
/// cases, written inside `db::open`): a thread reads `count` until the bar is dropped.
pub struct Polled {
    bar: Option<ProgressBar>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Polled {
    pub fn start(show: bool, label: &'static str, total: u64, count: fn() -> u64) -> Polled {
        let stop = Arc::new(AtomicBool::new(false));
        if !show {
            return Polled { bar: None, stop, thread: None };
        }
        let bar = counted(total, label);
        let (b, s) = (bar.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let start = count();
            while !s.load(Ordering::Relaxed) {
                b.set_position(count().saturating_sub(start).min(total));
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        Polled { bar: Some(bar), stop, thread: Some(thread) }
    }
}

impl Drop for Polled {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The spinner's words for a command that may take a while, `None` for quick ones (and for
/// `import` and `demo`, which draw their own bars) and for `--json` output.
pub fn slow_label(command: &Command) -> Option<&'static str> {
    let word = match command {
        Command::Admin(AdminCommand::Export(_)) => C::Export,
        Command::Admin(AdminCommand::Backup { .. }) => C::Backup,
        Command::Admin(AdminCommand::Check { json: false }) => C::Check,
        Command::Verify(a) if !a.json => C::Verify,
        Command::Combine(_) => C::Export,
        _ => return None,
    };
    Some(word.s())
}
