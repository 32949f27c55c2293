//! The application: a stack of screens (Enter pushes, Esc pops), the header with the
//! breadcrumb and who is signed in, a message line, the help overlay and the hint bar.

use super::bindings::{self, Context};
use super::commands::Command;
use super::keymap::{self, Action};
use super::screens::{self, help, Ctx, Effect, Route, Screen};
use super::theme::Theme;
use super::widgets::hint_bar::{self, Hint};
use super::widgets::text::{fit, truncate, width};
use crate::db::Db;
use crate::i18n::{fill, Label, T};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Below this the layout cannot show a tree and an overview side by side.
pub const MIN_COLS: u16 = 60;
pub const MIN_ROWS: u16 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    Quit,
    Suspend,
    Redraw,
    Changed,
    Unchanged,
}

pub struct App {
    pub db: Db,
    theme: Theme,
    stack: Vec<Box<dyn Screen>>,
    message: Option<String>,
    help: Option<help::HelpState>,
    data_version: i64,
}

impl App {
    pub fn new(db: Db, theme: Theme) -> rusqlite::Result<App> {
        let root = super::screens::regions::RegionsScreen::new(&db)?;
        let data_version = crate::db::data_version(&db.conn)?;
        let message = if db.actor.role.is_none() {
            Some(fill(T::UnknownUserNotice.s(), &[&db.actor.login, &db.actor.login]))
        } else {
            None
        };
        let mut app = App { db, theme, stack: vec![Box::new(root)], message, help: None, data_version };
        app.offer_draft();
        Ok(app)
    }

    /// Input left unsaved when the last session ended (a dropped link, a kill) comes back
    /// in its form, with a message saying so; Esc there discards it.
    fn offer_draft(&mut self) {
        let Ok(Some(draft)) = crate::db::drafts::latest(&self.db.conn, &self.db.actor.login) else { return };
        if draft.form == "case" {
            let saved_at = draft.saved_at.clone();
            self.open(Route::CaseDraft(Box::new(draft)));
            self.message = Some(fill(crate::i18n::ledger::L::DraftRestored.s(), &[&saved_at]));
        }
    }

    /// Pushes the screen `route` names, or shows why it cannot open.
    fn open(&mut self, route: Route) {
        match screens::build(route, &self.db) {
            Ok(screen) => self.stack.push(screen),
            Err(message) => self.message = Some(message),
        }
    }

    /// Leaves the top screen; the one below reloads, since the top may have saved.
    fn pop(&mut self) {
        self.stack.pop();
        if let Some(below) = self.stack.last_mut() {
            below.refresh(&self.db);
        }
    }

    /// The bindings in force: the help's while it is open, else the top screen's.
    pub fn context(&self) -> &'static Context {
        match (&self.help, self.stack.last()) {
            (None, Some(s)) => s.context(),
            _ => &bindings::HELP,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        match keymap::map(key, self.context()) {
            Some(action) => self.handle_action(action),
            None => KeyOutcome::Unchanged,
        }
    }

    pub fn handle_action(&mut self, action: Action) -> KeyOutcome {
        match action {
            Action::Cmd(Command::Interrupt) => return KeyOutcome::Quit,
            Action::Cmd(Command::Redraw) => return KeyOutcome::Redraw,
            Action::Cmd(Command::Suspend) if super::terminal::can_suspend() => return KeyOutcome::Suspend,
            Action::Cmd(Command::Suspend) => {
                self.message = Some(T::SuspendRefused.s().to_string());
                return KeyOutcome::Changed;
            }
            _ => {}
        }
        if let Some(h) = &mut self.help {
            if !h.update(action) {
                self.help = None;
            }
            return KeyOutcome::Changed;
        }
        match action {
            Action::Cmd(Command::Help) => {
                self.help = Some(help::HelpState::new(self.context()));
                return KeyOutcome::Changed;
            }
            Action::Cmd(Command::Quit) => return KeyOutcome::Quit,
            _ => {}
        }
        let had_message = self.message.take().is_some();
        let Some(top) = self.stack.last_mut() else { return KeyOutcome::Unchanged };
        let effect = top.update(action, &mut Ctx { db: &mut self.db });
        match effect {
            Effect::None if !had_message => KeyOutcome::Unchanged,
            effect => self.apply(effect),
        }
    }

    /// Carries out what a screen asked for.
    fn apply(&mut self, effect: Effect) -> KeyOutcome {
        match effect {
            Effect::None | Effect::Changed => {}
            Effect::Open(route) => self.open(route),
            Effect::Pop | Effect::PopWith(_) if self.stack.len() == 1 => {}
            Effect::Pop => self.pop(),
            Effect::PopWith(message) => {
                self.pop();
                self.message = Some(message);
            }
            Effect::Message(m) => self.message = Some(m),
            Effect::Replace(route, message) => {
                self.stack.pop();
                self.message = message;
                self.open(route);
            }
            Effect::PopPicked(picked) => {
                self.stack.pop();
                let Some(below) = self.stack.last_mut() else { return KeyOutcome::Changed };
                let next = below.on_picked(picked, &mut Ctx { db: &mut self.db });
                return self.apply(next);
            }
            Effect::Quit => return KeyOutcome::Quit,
        }
        KeyOutcome::Changed
    }

    /// The session is ending (quit, SIGHUP, SIGTERM): keep every unsaved form as a draft.
    pub fn save_drafts(&self) {
        for s in &self.stack {
            s.save_draft(&self.db);
        }
    }

    /// Another session committed since we last looked: let every screen reload.
    pub fn refresh_if_changed(&mut self) -> bool {
        let Ok(v) = crate::db::data_version(&self.db.conn) else { return false };
        if v == self.data_version {
            return false;
        }
        self.data_version = v;
        let db = &self.db;
        self.stack.iter_mut().fold(false, |changed, s| s.refresh(db) | changed)
    }

    pub fn view(&self, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_COLS || area.height < MIN_ROWS {
            let text = fill(T::TooSmall.s(), &[&MIN_COLS, &MIN_ROWS, &area.width, &area.height]);
            frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }), area);
            return;
        }
        let cols = area.width as usize;
        frame.render_widget(Paragraph::new(self.header_line(cols)), Rect { height: 1, ..area });
        let message_rows = u16::from(self.message.is_some());
        let body = Rect { y: area.y + 1, height: area.height - 2 - message_rows, ..area };
        if let Some(top) = self.stack.last() {
            if top.is_overlay() && self.stack.len() > 1 {
                self.stack[self.stack.len() - 2].view(frame, body, &self.theme);
            }
            top.view(frame, body, &self.theme);
        }
        if let Some(m) = &self.message {
            let line = Line::from(Span::styled(fit(m, cols), self.theme.message));
            frame.render_widget(Paragraph::new(line), Rect { y: area.bottom() - 2, height: 1, ..area });
        }
        let hints = self.hints();
        frame.render_widget(
            Paragraph::new(hint_bar::line(&hints, cols, &self.theme)),
            Rect { y: area.bottom() - 1, height: 1, ..area },
        );
        if let Some(h) = &self.help {
            h.view(frame, body, &self.theme);
        }
    }

    /// What the hint bar offers now.
    pub fn hints(&self) -> Vec<Hint> {
        match (&self.help, self.stack.last()) {
            (None, Some(top)) => hint_bar::hints(top.context(), |cmd| top.offers(cmd)),
            _ => hint_bar::hints(&bindings::HELP, |_| true),
        }
    }

    fn header_line(&self, cols: usize) -> Line<'static> {
        let crumbs: Vec<String> = self.stack.iter().flat_map(|s| s.crumbs()).collect();
        let mut right = String::new();
        // Generated data must never pass for a county's records: said on every screen.
        if self.db.demo {
            right.push_str(&format!("[{}] ", T::DemoBanner.s()));
        }
        if self.db.read_only.is_some() {
            right.push_str(&format!("[{}] ", T::ReadOnlyBanner.s()));
        }
        let who = match self.db.actor.role {
            Some(role) => fill(T::WhoRole.s(), &[&self.db.actor.login, &role.label()]),
            None => fill(T::WhoRole.s(), &[&self.db.actor.login, &T::UnknownUserBanner.s()]),
        };
        right.push_str(&who);
        let title = format!(" {} ", T::AppName.s());
        let room = cols.saturating_sub(width(&title) + width(&right) + 2);
        // Keep the end of the path (where the user is): drop whole leading segments.
        let mut first = 0;
        let mut path = crumbs.join(self.theme.crumb_sep);
        while width(&path) > room && first + 1 < crumbs.len() {
            first += 1;
            path = format!("..{}{}", self.theme.crumb_sep, crumbs[first..].join(self.theme.crumb_sep));
        }
        let path = truncate(&path, room).to_string();
        let pad = cols.saturating_sub(width(&title) + width(&path) + width(&right) + 1);
        let banner = self.db.read_only.is_some() || self.db.demo;
        let banner_style = if banner { self.theme.banner } else { self.theme.header };
        Line::from(vec![
            Span::styled(title, self.theme.header.add_modifier(ratatui::style::Modifier::BOLD)),
            Span::styled(format!(" {path}{}", " ".repeat(pad)), self.theme.header),
            Span::styled(right, banner_style),
        ])
    }
}
