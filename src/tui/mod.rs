//! The terminal UI: one synchronous loop. A key becomes an `Action`, the top screen updates
//! its state and returns an `Effect`, and the frame is redrawn only when something changed.
//! While idle the loop sleeps in `poll(2)` on the terminal and a signal pipe, waking once a
//! second to notice other sessions' commits (`PRAGMA data_version`); it writes nothing
//! unless what is on screen changed.

pub mod app;
pub mod bindings;
pub mod commands;
pub mod editor;
pub mod flows;
pub mod input;
pub mod keymap;
pub mod link;
pub mod nav;
pub mod render;
pub mod screens;
pub mod signals;
pub mod terminal;
pub mod theme;
pub mod widgets;

use crate::db::Db;
use app::{App, KeyOutcome};
use crossterm::event::KeyEventKind;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default)]
pub struct UiOptions {
    pub ascii: bool,
    pub no_color: bool,
}

/// How often an idle session looks for other sessions' commits.
const REFRESH_EVERY: Duration = Duration::from_millis(1000);

/// How long one write attempt waits for another session's lock. Short, because the loop
/// must keep reading keys: a write that meets the lock is tried again by the app
/// (`Effect::Waiting`), showing that it waits, instead of blocking here.
pub const LOCK_WAIT: Duration = Duration::from_millis(50);

/// What ended a wait.
enum Wake {
    /// The terminal has bytes.
    Input,
    /// A signal arrived (resize, hang-up, stop/continue).
    Signal,
    Timeout,
    /// The terminal is gone (SSH link dropped): end, never spin.
    HungUp,
}

/// Sleeps until the terminal or the signal pipe is ready. A hang-up is reported before
/// input, so the loop ends instead of reading nothing forever.
fn wait(signal_fd: i32, timeout: Duration) -> Wake {
    let mut fds = [
        libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 },
        libc::pollfd { fd: signal_fd, events: libc::POLLIN, revents: 0 },
    ];
    let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: fds is a valid array of two pollfd for the duration of the call.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n < 0 {
        return Wake::Signal; // EINTR: a signal; the flags say which
    }
    if fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Wake::HungUp;
    }
    if fds[1].revents != 0 {
        return Wake::Signal;
    }
    if fds[0].revents & libc::POLLIN != 0 {
        return Wake::Input;
    }
    Wake::Timeout
}

/// Checks the whole file on a thread of its own: the first screen does not wait for it, and
/// the app stops writing if it finds damage. A check that cannot run says nothing.
fn integrity_check(path: std::path::PathBuf) -> std::sync::mpsc::Receiver<Option<crate::db::damage::Damage>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let found = crate::db::damage::find_in_file(&path, crate::db::damage::Depth::Full);
        let _ = tx.send(found.unwrap_or(None));
    });
    rx
}

pub fn run(db: Db, options: UiOptions) -> anyhow::Result<()> {
    let signals = signals::Signals::install()?;
    db.conn.busy_timeout(LOCK_WAIT)?;
    let path = db.path.clone();
    let mut app = App::new(db, theme::Theme::new(options.ascii, options.no_color))?;
    app.watch_integrity(integrity_check(path));
    let mut tui = terminal::Tui::enter()?;
    let mut reader = input::Reader::default();
    let mut link = link::Link::default();
    let mut dirty = true;
    let mut last_check = Instant::now();
    'session: loop {
        if signals.quit_requested() {
            break;
        }
        if signals.take_continued() {
            tui.resume()?;
            link.forget();
            dirty = true;
        }
        // Draw only what the link can carry now; else keep the state and show its latest
        // version once the terminal has caught up (see `link`).
        if dirty && link.may_send(Instant::now()) {
            // A failed write means the terminal is gone: end instead of spinning.
            let sent = tui.draw(|frame| app.view(frame))?;
            if sent > 0 {
                link.sent(sent, Instant::now());
            }
            dirty = false;
        }
        let mut timeout = REFRESH_EVERY.saturating_sub(last_check.elapsed());
        if let Some(due) = app.next_due() {
            timeout = timeout.min(due.saturating_duration_since(Instant::now()));
        }
        if dirty {
            timeout = timeout.min(link.wait_at_most(Instant::now()).unwrap_or(timeout));
        }
        match wait(signals.pipe_fd(), timeout) {
            Wake::HungUp => break,
            Wake::Signal => {
                signals.drain();
                dirty = true; // a resize; harmless otherwise (only changes are sent)
            }
            Wake::Timeout => {}
            // Everything the terminal sent (an input method commits several characters in
            // one write; a held key queues many), handled before the next frame is drawn.
            Wake::Input => loop {
                let Some(inputs) = reader.read_ready()? else { break 'session };
                for input in inputs {
                    match input {
                        input::Input::Fence => link.acknowledged(),
                        input::Input::Key(key) if key.kind != KeyEventKind::Release => match app.handle_key(key) {
                            KeyOutcome::Quit => break 'session,
                            KeyOutcome::Suspend => {
                                tui.suspend()?;
                                signals.take_continued(); // suspend() already took the terminal back
                                link.forget();
                                dirty = true;
                            }
                            KeyOutcome::ExternalEdit => {
                                let text = app.external_text().unwrap_or_default();
                                let result = tui.hand_over(|| editor::edit(&text))?;
                                app.external_edited(result);
                                link.forget();
                                dirty = true;
                            }
                            KeyOutcome::Redraw => {
                                tui.clear()?;
                                link.forget();
                                dirty = true;
                            }
                            KeyOutcome::Changed => dirty = true,
                            KeyOutcome::Unchanged => {}
                        },
                        input::Input::Key(_) => {}
                    }
                }
                if !matches!(wait(-1, Duration::ZERO), Wake::Input) {
                    break;
                }
            },
        }
        dirty |= app.tick(Instant::now());
        if last_check.elapsed() >= REFRESH_EVERY {
            last_check = Instant::now();
            dirty |= app.refresh_if_changed();
        }
    }
    // Before the terminal is restored: a draft is a file write that no lock can hold up.
    app.save_drafts();
    drop(tui);
    Ok(())
}
