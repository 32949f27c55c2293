//! The application: a stack of screens (Enter pushes, Esc pops), the header with the
//! breadcrumb and who is signed in, a message line, the help overlay and the hint bar.

use super::bindings::{self, Context};
use super::commands::Command;
use super::keymap::{self, Action};
use super::screens::{self, help, Ctx, Effect, Route, Screen};
use super::theme::Theme;
use super::widgets::hint_bar::{self, Hint};
use super::widgets::question::Question;
use super::widgets::text::{fit, truncate, width};
use crate::db::damage::Damage;
use crate::db::open::ReadOnlyReason;
use crate::db::Db;
use crate::i18n::forms::F;
use crate::i18n::keys::K;
use crate::i18n::{fill, Label, T};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::time::{Duration, Instant};

/// Below this the layout cannot show a tree and an overview side by side.
pub const MIN_COLS: u16 = 60;
pub const MIN_ROWS: u16 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutcome {
    Quit,
    Suspend,
    /// F4 on a note: the loop hands the terminal to `$EDITOR` with [`App::external_text`]
    /// and gives the result back through [`App::external_edited`].
    ExternalEdit,
    Redraw,
    Changed,
    Unchanged,
}

/// The most lines a message takes above the hint bar.
const MESSAGE_ROWS: usize = 4;

pub struct App {
    pub db: Db,
    theme: Theme,
    stack: Vec<Box<dyn Screen>>,
    message: Option<String>,
    help: Option<help::HelpState>,
    /// A question over the top screen (leave a changed form? restore a draft?).
    question: Option<Question>,
    data_version: i64,
    /// A write waiting for another session's lock (see [`Effect::Waiting`]).
    waiting: Option<Waiting>,
    /// When the input typed since the last draft was kept is due to be kept.
    draft_due: Option<Instant>,
    /// The answer of the integrity check running in the background since the start:
    /// `Some(problem)` when the file is damaged.
    integrity: Option<std::sync::mpsc::Receiver<Option<Damage>>>,
}

/// Where a draft was typed, as the start-up message names it ("逊克县 登记新案件").
fn draft_place(d: &crate::db::drafts::Draft) -> Option<String> {
    if d.form != "case" {
        return None;
    }
    let region = d.values.get("_region").map(String::as_str).unwrap_or("");
    if d.row_key.starts_with("new") {
        let name = crate::db::regions::shipped_regions().into_iter().find(|r| r.code == region).map(|r| r.name);
        return Some(fill(F::DraftNewCase.s(), &[&name.unwrap_or_else(|| region.to_string())]));
    }
    Some(fill(F::DraftEditCase.s(), &[&d.row_key]))
}

/// How soon typed input is kept as a draft: a kill or a hang-up loses at most this much.
pub const DRAFT_DELAY: Duration = Duration::from_millis(500);
/// How often a waiting write is tried again.
pub const RETRY_EVERY: Duration = Duration::from_millis(100);

/// The action whose write met another session's lock, tried again until it goes through.
struct Waiting {
    action: Action,
    since: Instant,
    next_try: Instant,
    /// The stack depth it was asked at: if its screen goes, so does the wait.
    depth: usize,
}

impl App {
    pub fn new(db: Db, theme: Theme) -> rusqlite::Result<App> {
        let root = super::screens::regions::RegionsScreen::new(&db)?;
        let data_version = crate::db::data_version(&db.conn)?;
        let message = crate::i18n::errors::guest_notice(&db);
        let mut app = App {
            db,
            theme,
            stack: vec![Box::new(root)],
            message,
            help: None,
            question: None,
            data_version,
            waiting: None,
            draft_due: None,
            integrity: None,
        };
        app.offer_draft();
        Ok(app)
    }

    /// Input left unsaved when the last session ended (a dropped link, a kill) is named
    /// with where it was typed; it is offered when that form opens there again, never
    /// opened by itself (keys meant for the tree would go into its fields).
    fn offer_draft(&mut self) {
        let mut drafts = self.db.drafts.all();
        drafts.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
        let places: Vec<String> = drafts.iter().filter_map(draft_place).collect();
        if !places.is_empty() {
            self.message = Some(fill(F::DraftsWaiting.s(), &[&places.join(T::ListSep.s())]));
        }
    }

    /// Pushes the screen `route` names, or shows why it cannot open; a screen with a
    /// question on opening (a draft to offer) asks it at once.
    fn open(&mut self, route: Route) {
        match screens::build(route, &self.db) {
            Ok(screen) => {
                self.question = screen.question_on_open();
                self.stack.push(screen);
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// A key while a question is open: one of its answers closes it and goes to the screen
    /// as that command (Esc on the leave question: back to the form); others do nothing.
    fn answer(&mut self, action: Action) -> KeyOutcome {
        let Some(q) = &self.question else { return KeyOutcome::Unchanged };
        let cmd = match action {
            Action::Cmd(cmd) if q.answered_by(cmd) => cmd,
            _ => return KeyOutcome::Unchanged,
        };
        self.question = None;
        if cmd == Command::Back {
            return KeyOutcome::Changed;
        }
        let Some(top) = self.stack.last_mut() else { return KeyOutcome::Changed };
        let effect = top.update(Action::Cmd(cmd), &mut Ctx { db: &mut self.db });
        self.apply(effect)
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
        match (&self.help, &self.question, self.stack.last()) {
            (None, Some(q), _) => q.context(),
            (None, None, Some(s)) => s.context(),
            _ => &bindings::HELP,
        }
    }

    /// The note F4 hands to `$EDITOR`: the top screen's focused note, if it is a form on one.
    pub fn external_text(&mut self) -> Option<String> {
        self.stack.last_mut()?.form_mut()?.external_text().map(str::to_string)
    }

    /// What the editor gave back: the new note (`Ok(None)`: it did not save or failed), or
    /// why it could not start. Said in the message line; the note changes only on success.
    pub fn external_edited(&mut self, result: Result<Option<String>, (String, String)>) {
        let message = match result {
            Ok(Some(text)) => match self.stack.last_mut().and_then(|s| s.form_mut()) {
                Some(form) => {
                    form.set_external_text(&text);
                    K::EditorDone.s().to_string()
                }
                None => K::EditorUnchanged.s().to_string(),
            },
            Ok(None) => K::EditorUnchanged.s().to_string(),
            Err((editor, why)) => fill(K::EditorFailed.s(), &[&editor, &why]),
        };
        self.message = Some(message);
        self.draft_due.get_or_insert(Instant::now() + DRAFT_DELAY);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        // Esc stops a waiting write before any screen sees it (the form would close).
        if self.waiting.is_some() && key.code == KeyCode::Esc {
            self.waiting = None;
            self.message = Some(T::WaitCancelled.s().to_string());
            return KeyOutcome::Changed;
        }
        let outcome = match keymap::map(key, self.context()) {
            Some(action) => self.handle_action(action),
            None => KeyOutcome::Unchanged,
        };
        if outcome == KeyOutcome::Changed && self.draft_due.is_none() {
            // Coalesced: one draft write for all the keys of the next moment.
            self.draft_due = Some(Instant::now() + DRAFT_DELAY);
        }
        outcome
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
            Action::Cmd(Command::ExternalEditor) if self.help.is_none() => {
                if self.external_text().is_some() {
                    return KeyOutcome::ExternalEdit;
                }
                self.message = Some(K::EditorOnlyNotes.s().to_string());
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
        if self.question.is_some() {
            self.message = None;
            return self.answer(action);
        }
        let had_message = self.message.take().is_some();
        let Some(top) = self.stack.last_mut() else { return KeyOutcome::Unchanged };
        let effect = top.update(action, &mut Ctx { db: &mut self.db });
        match effect {
            Effect::None if !had_message => KeyOutcome::Unchanged,
            Effect::Waiting => {
                if self.waiting.is_none() {
                    let now = Instant::now();
                    self.waiting =
                        Some(Waiting { action, since: now, next_try: now + RETRY_EVERY, depth: self.stack.len() });
                }
                KeyOutcome::Changed
            }
            effect => self.apply(effect),
        }
    }

    /// Hands the app the answer of a background integrity check (`db::damage`), looked at
    /// on every tick until it arrives.
    pub fn watch_integrity(&mut self, answer: std::sync::mpsc::Receiver<Option<Damage>>) {
        self.integrity = Some(answer);
    }

    /// A damaged file is never written to: from now on every write is refused (as for a
    /// read-only file, with its own reason), the header says so, and the message says what
    /// to do. Typed input still goes into drafts, which live outside the database.
    pub fn mark_damaged(&mut self) {
        self.db.read_only = Some(ReadOnlyReason::Damaged);
        self.waiting = None;
        self.message = Some(T::DamagedNotice.s().to_string());
    }

    fn check_integrity(&mut self) -> bool {
        let Some(rx) = &self.integrity else { return false };
        match rx.try_recv() {
            Ok(Some(_)) => {
                self.integrity = None;
                self.mark_damaged();
                true
            }
            Ok(None) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.integrity = None;
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
        }
    }

    /// Timed work, called by the event loop: tries a waiting write again and keeps typed
    /// input as a draft when due. True if the screen changed.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut changed = self.check_integrity();
        if self.draft_due.is_some_and(|due| due <= now) {
            changed |= self.flush_drafts();
        }
        if let Some(w) = &self.waiting {
            if w.depth != self.stack.len() || self.help.is_some() {
                self.waiting = None;
                return true;
            }
            if w.next_try <= now {
                changed = true;
                let action = w.action;
                match self.stack.last_mut().map(|top| top.update(action, &mut Ctx { db: &mut self.db })) {
                    Some(Effect::Waiting) => {
                        if let Some(w) = &mut self.waiting {
                            w.next_try = now + RETRY_EVERY;
                        }
                    }
                    Some(effect) => {
                        self.waiting = None;
                        self.apply(effect);
                    }
                    None => self.waiting = None,
                }
            }
        }
        changed
    }

    /// When [`App::tick`] next has something to do.
    pub fn next_due(&self) -> Option<Instant> {
        let retry = self.waiting.as_ref().map(|w| w.next_try);
        // Until the background check answers, look for its answer a few times a second.
        let integrity = self.integrity.as_ref().map(|_| Instant::now() + RETRY_EVERY);
        [retry, self.draft_due, integrity].into_iter().flatten().min()
    }

    /// Keeps every form's unsaved input as a draft now; a failure is said on screen
    /// (input that cannot be kept must not look kept). True if a message was shown.
    fn flush_drafts(&mut self) -> bool {
        self.draft_due = None;
        let failed = self.stack.iter().find_map(|s| s.save_draft(&self.db).err());
        match failed {
            Some(e) => {
                let dir = self.db.drafts.dir().display().to_string();
                self.message = Some(fill(T::DraftFailed.s(), &[&dir, &e]));
                true
            }
            None => false,
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
            Effect::Ask(q) => self.question = Some(q),
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
            // From a picker's answer: there is no key to send again, so say to press it again.
            Effect::Waiting => self.message = Some(T::Busy.s().to_string()),
            Effect::Quit => return KeyOutcome::Quit,
        }
        KeyOutcome::Changed
    }

    /// The session is ending (quit, SIGHUP, SIGTERM): keep every unsaved form as a draft.
    pub fn save_drafts(&self) {
        for s in &self.stack {
            // Nobody is left to tell of a failure.
            let _ = s.save_draft(&self.db);
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
        // A message wraps (up to MESSAGE_ROWS lines) rather than being cut: it may carry a
        // command to copy.
        let message: Vec<String> = match self.message_text() {
            Some(m) => crate::text::wrap(&m, cols).into_iter().take(MESSAGE_ROWS).collect(),
            None => Vec::new(),
        };
        let message_rows = message.len() as u16;
        let body = Rect { y: area.y + 1, height: area.height - 2 - message_rows, ..area };
        if let Some(top) = self.stack.last() {
            if top.is_overlay() && self.stack.len() > 1 {
                self.stack[self.stack.len() - 2].view(frame, body, &self.theme);
            }
            top.view(frame, body, &self.theme);
        }
        if !message.is_empty() {
            let lines: Vec<Line> =
                message.iter().map(|l| Line::from(Span::styled(fit(l, cols), self.theme.message))).collect();
            let y = area.bottom() - 1 - message_rows;
            frame.render_widget(Paragraph::new(lines), Rect { y, height: message_rows, ..area });
        }
        let hints = self.hints();
        frame.render_widget(
            Paragraph::new(hint_bar::line(&hints, cols, &self.theme)),
            Rect { y: area.bottom() - 1, height: 1, ..area },
        );
        if let Some(q) = &self.question {
            q.view(frame, body, &self.theme);
        }
        if let Some(h) = &self.help {
            h.view(frame, body, &self.theme);
        }
    }

    /// The message line: a waiting write says so, with how long it has waited.
    fn message_text(&self) -> Option<String> {
        match &self.waiting {
            Some(w) => Some(fill(T::Waiting.s(), &[&w.since.elapsed().as_secs()])),
            None => self.message.clone(),
        }
    }

    /// What the hint bar offers now.
    pub fn hints(&self) -> Vec<Hint> {
        match (&self.help, &self.question, self.stack.last()) {
            (None, Some(q), _) => hint_bar::hints(q.context(), |cmd| q.offers(cmd)),
            (None, None, Some(top)) => hint_bar::hints(top.context(), |cmd| top.offers(cmd)),
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
        match self.db.read_only {
            Some(ReadOnlyReason::Damaged) => right.push_str(&format!("[{}] ", T::DamagedBanner.s())),
            Some(_) => right.push_str(&format!("[{}] ", T::ReadOnlyBanner.s())),
            None => {}
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
