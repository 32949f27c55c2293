//! One file per screen. Each keeps its own state, turns actions into state changes and
//! effects (`update`), and draws itself from its state (`view`).

pub mod alliance_form;
pub mod alliance_view;
pub mod alliances;
pub mod case_form;
pub mod case_view;
pub mod county;
pub mod facts_form;
pub mod help;
pub mod import;
pub mod indicators;
pub mod ledger;
pub mod monthly;
pub mod picker;
pub mod regions;
pub mod school_form;
pub mod schools;
pub mod step_form;

use crate::db::Db;
use crate::tui::bindings::Context;
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::nav::{Picked, Route};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::Frame;

/// What the app should do after a screen handled an action. Screens name what to open
/// as a [`Route`]; only `crate::tui::nav` builds screens.
pub enum Effect {
    None,
    /// The screen changed its own state: redraw.
    Changed,
    Open(Route),
    Pop,
    /// Pop and show a message on the screen below.
    PopWith(String),
    Message(String),
    /// Replace the top screen (a duplicate case: show the existing one instead), with a
    /// message. The top goes even if the new screen cannot open (its error is shown).
    Replace(Route, Option<String>),
    /// Pop a picker and hand its choice to the screen below (`Screen::on_picked`).
    PopPicked(Picked),
    /// A write met another session's write lock; nothing changed. The app shows that it is
    /// waiting and sends the same action again until the write is done or Esc is pressed.
    Waiting,
    Quit,
}

/// What screens may use while updating: the database (reads, and writes through its one
/// write path) and nothing of the terminal.
pub struct Ctx<'a> {
    pub db: &'a mut Db,
}

/// Why the session may not make this change (`target`; `None`: any change of its kind), as
/// the one refusal sentence; `None` when it may. Screens ask before opening a form, so
/// that the user is told at once rather than on save.
pub fn refusal(db: &Db, target: Option<&crate::domain::access::Target>, admin_only: bool) -> Option<String> {
    let r = db.may_write(target, admin_only).err()?;
    Some(crate::i18n::errors::session_refusal(db, &r))
}

pub trait Screen {
    /// Breadcrumb segments this screen adds after the screens below it.
    fn crumbs(&self) -> Vec<String>;
    /// The key bindings in force now (which also say whether keys are text or commands).
    fn context(&self) -> &'static Context;
    /// Whether the hint bar offers `cmd` now, for commands that depend on the state.
    fn offers(&self, _cmd: Command) -> bool {
        true
    }
    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect;
    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme);
    /// Another session committed: reload. True if anything visible changed.
    fn refresh(&mut self, _db: &Db) -> bool {
        false
    }
    /// A picker this screen opened was answered. A screen that did not ask for `picked`
    /// says so (`nav::unexpected`), never drops it silently.
    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        crate::tui::nav::unexpected(&picked)
    }
    /// Drawn over the screen below (pickers), which stays visible around it.
    fn is_overlay(&self) -> bool {
        false
    }
    /// Keeps unsaved input as a draft: shortly after typing, and when the session ends
    /// (SIGHUP, quit). Screens without unsaved input keep nothing.
    fn save_draft(&self, _db: &Db) -> std::io::Result<()> {
        Ok(())
    }
}
