//! The terminal UI: one synchronous loop. A key becomes an `Action`, the top screen updates
//! its state and returns an `Effect`, and the frame is redrawn only when something changed.
//! While idle the loop wakes once a second to notice other sessions' commits
//! (`PRAGMA data_version`) and writes nothing unless what is on screen changed.

pub mod app;
pub mod keymap;
pub mod screens;
pub mod signals;
pub mod terminal;
pub mod theme;
pub mod widgets;

use crate::db::Db;
use app::{App, KeyOutcome};
use crossterm::event::{self, Event, KeyEventKind};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default)]
pub struct UiOptions {
    pub ascii: bool,
    pub no_color: bool,
}

/// How often an idle session looks for other sessions' commits.
const REFRESH_EVERY: Duration = Duration::from_millis(1000);

pub fn run(db: Db, options: UiOptions) -> anyhow::Result<()> {
    let signals = signals::Signals::install()?;
    let mut app = App::new(db, theme::Theme::new(options.ascii, options.no_color))?;
    let mut tui = terminal::Tui::enter()?;
    let mut dirty = true;
    let mut last_check = Instant::now();
    loop {
        if signals.quit_requested() {
            break;
        }
        if signals.take_continued() {
            tui.resume()?;
            dirty = true;
        }
        if dirty {
            // A failed write means the terminal is gone: end instead of spinning.
            tui.terminal.draw(|frame| app.view(frame))?;
            dirty = false;
        }
        // A poll error (EIO) likewise means the terminal vanished.
        if event::poll(REFRESH_EVERY)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => match app.handle_key(key) {
                    KeyOutcome::Quit => break,
                    KeyOutcome::Suspend => {
                        tui.suspend()?;
                        dirty = true;
                    }
                    KeyOutcome::Redraw => {
                        tui.terminal.clear()?;
                        dirty = true;
                    }
                    KeyOutcome::Changed => dirty = true,
                    KeyOutcome::Unchanged => {}
                },
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
        }
        if last_check.elapsed() >= REFRESH_EVERY {
            last_check = Instant::now();
            dirty |= app.refresh_if_changed();
        }
    }
    app.save_drafts();
    drop(tui);
    Ok(())
}
