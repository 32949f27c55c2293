//! One case: its fields (ID number masked until `v`, which is audited), its timeline of
//! visits and status changes, and its change history. From here: edit, workflow steps, undo.

use super::{Ctx, Effect, Screen};
use crate::db::audit::AuditEntry;
use crate::db::cases::{self, Case, Event};
use crate::db::Db;
use crate::domain::case;
use crate::domain::case_status;
use crate::domain::fields::{Field, Kind};
use crate::domain::region;
use crate::i18n::keys::K;
use crate::i18n::ledger::{action_label, field_label, field_shown, label_of, L};
use crate::i18n::{Label, T};
use crate::text::wrap_hard;
use crate::tui::bindings::{self, bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::flows::undo_last;
use crate::tui::keymap::Action;
use crate::tui::nav::{self, PickKind, Picked};
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::picker::{Item, Picker};
use crate::tui::widgets::text::{fit, labelled, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub struct CaseScreen {
    case: Case,
    events: Vec<Event>,
    history: Vec<AuditEntry>,
    revealed: bool,
    /// Lines scrolled off the top: the fields (↑↓) and the timeline (PgUp/PgDn).
    scroll: u16,
    scroll_log: u16,
}

impl CaseScreen {
    pub fn new(db: &Db, id: i64) -> rusqlite::Result<CaseScreen> {
        // Outside the session's read scope a case is not found, like a missing one.
        let case = cases::get(db, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        Ok(CaseScreen {
            events: cases::events(db, id)?,
            history: cases::history(db, id, 30)?,
            case,
            revealed: false,
            scroll: 0,
            scroll_log: 0,
        })
    }

    fn reload(&mut self, db: &Db) -> bool {
        match CaseScreen::new(db, self.case.id) {
            Ok(fresh) => {
                let changed = fresh.case != self.case || fresh.events != self.events || fresh.history != self.history;
                self.case = fresh.case;
                self.events = fresh.events;
                self.history = fresh.history;
                changed
            }
            Err(_) => false,
        }
    }

    fn action_menu(&self) -> Effect {
        let items: Vec<Item> = case_status::available(self.case.status)
            .into_iter()
            .map(|a| Item::new(nav::action_value(a), action_label(a), ""))
            .collect();
        Effect::Open(Route::Pick(Box::new(Picker::new(L::ChooseAction.s(), items)), PickKind::Action))
    }

    /// The log entry the status calls for (`r`): the one status-keeping step it offers.
    fn log_action(&self) -> Option<case_status::CaseAction> {
        case_status::available(self.case.status).into_iter().find(|a| a.keeps_status())
    }

    fn step_route(&self, action: case_status::CaseAction) -> Effect {
        let c = &self.case;
        Effect::Open(Route::Step {
            case_id: c.id,
            version: c.version,
            action,
            region: c.county_code.clone(),
            registered_on: c.record.registered_on.clone(),
        })
    }

    fn detail_lines(&self, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
        let c = &self.case;
        let mut rows: Vec<(&str, String)> =
            vec![(L::ColStatus.s(), format!("{}{}{}", c.status.label(), T::ListSep.s(), c.ledger.label()))];
        rows.extend(case::FIELDS.iter().map(|f| (label_of(f), self.field_text(f))));
        rows.push((L::ColLastVisit.s(), c.last_visit_on.clone().unwrap_or_default()));
        rows.push((
            L::StepBasis.s(),
            [c.closed_on.clone().unwrap_or_default(), c.close_basis.clone(), c.closed_by.clone()]
                .join(" ")
                .trim()
                .to_string(),
        ));
        let label_cols = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(8) + 1;
        // Values wrap under their label (and scroll with ↑↓) instead of being cut.
        rows.into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .flat_map(|(l, v)| labelled(l, &v, label_cols, cols, theme.label))
            .collect()
    }

    /// One field as the detail shows it: personal data masked until `v` (and saying so).
    fn field_text(&self, f: &Field) -> String {
        let value = self.case.record.text(f.key);
        match f.kind {
            Kind::School => self.case.school_name.clone(),
            _ if f.is_personal() && !self.revealed && !value.is_empty() => {
                let key = bindings::key_for(&KEYS, Command::Reveal);
                format!("{}{}", field_shown(f, &value, false), crate::i18n::fill(L::Masked.s(), &[&key]))
            }
            _ => field_shown(f, &value, self.revealed).into_owned(),
        }
    }

    fn timeline_lines(&self, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = vec![Line::from(Span::styled(L::Timeline.s(), theme.title))];
        if self.events.is_empty() {
            out.push(Line::from(Span::styled(L::NoEvents.s(), theme.dim)));
        }
        for e in &self.events {
            let (head, details) = event_text(e);
            out.extend(wrap_hard(&format!("{} {head}", e.happened_on), cols).into_iter().map(Line::raw));
            // Details wrap indented under their event, in full.
            for d in details.into_iter().filter(|d| !d.trim().is_empty()) {
                let lines = wrap_hard(&d, cols.saturating_sub(2));
                out.extend(lines.into_iter().map(|l| Line::from(Span::styled(format!("  {l}"), theme.dim))));
            }
        }
        out.push(Line::from(Span::styled(L::History.s(), theme.title)));
        for h in &self.history {
            let action = match h.action.as_str() {
                "reveal" => L::Reveal.s().to_string(),
                "insert" => L::Insert.s().to_string(),
                _ => format!("{} {}", L::Update.s(), h.field.as_deref().map(field_label).unwrap_or("")),
            };
            let at = h.at.get(..16).unwrap_or(&h.at);
            out.push(Line::from(Span::styled(fit(&format!("{at} {} {action}", h.login), cols), theme.dim)));
        }
        out
    }
}

/// An event's first line (after its date) and its detail lines: a session names its hours,
/// teacher, content and the child's response; a check whether the child was attending.
fn event_text(e: &Event) -> (String, Vec<String>) {
    let to = e.to_status.map(|s| s.label()).unwrap_or("");
    match e.kind.as_str() {
        "session" => {
            let hours = e.hours.map(|h| crate::i18n::fill(L::EvHours.s(), &[&h])).unwrap_or_default();
            let lines = vec![
                crate::i18n::fill(L::EvContent.s(), &[&e.content]),
                crate::i18n::fill(L::EvResponse.s(), &[&e.outcome]),
            ];
            (format!("{} {hours} {}", L::EvSession.s(), e.who), lines)
        }
        "check" => {
            let seen = match e.attending {
                Some(true) => L::AttendingYes.s(),
                Some(false) => L::AttendingNo.s(),
                None => "",
            };
            (format!("{} {seen} {}", L::EvCheck.s(), e.who), vec![e.outcome.clone()])
        }
        kind => {
            let what = match kind {
                "visit" => L::EvVisit.s(),
                "reopen" => L::EvReopen.s(),
                "void" => L::EvVoid.s(),
                "home_teaching" => L::EvHomeTeaching.s(),
                _ => L::EvTransition.s(),
            };
            (format!("{what} {to}"), vec![format!("{} {}", e.who, e.outcome)])
        }
    }
}

impl Screen for CaseScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![format!("{} #{}", self.case.record.name, self.case.id)]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn offers(&self, cmd: Command) -> bool {
        match cmd {
            Command::Reveal => !self.revealed && self.case.record.has_personal(),
            Command::Log => self.log_action().is_some(),
            _ => true,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Edit) => {
                let target = crate::domain::access::Target {
                    region_code: self.case.county_code.clone(),
                    school_id: self.case.record.school_id,
                };
                if let Some(message) = super::refusal(ctx.db, Some(&target), false) {
                    return Effect::Message(message);
                }
                Effect::Open(Route::EditCase(Box::new(self.case.clone())))
            }
            Action::Cmd(Command::Step) => self.action_menu(),
            Action::Cmd(Command::Log) => match self.log_action() {
                Some(a) => self.step_route(a),
                None => Effect::None,
            },
            Action::Cmd(Command::Reveal) if !self.revealed && self.case.record.has_personal() => {
                match cases::reveal(ctx.db, self.case.id) {
                    Ok(()) => {
                        self.revealed = true;
                        self.reload(ctx.db);
                        Effect::Message(L::Revealed.s().into())
                    }
                    Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
                }
            }
            Action::Cmd(Command::Undo) => {
                let effect = undo_last(ctx);
                self.reload(ctx.db);
                effect
            }
            Action::Down => {
                self.scroll = self.scroll.saturating_add(1);
                Effect::Changed
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Effect::Changed
            }
            Action::PageDown => {
                self.scroll_log = self.scroll_log.saturating_add(10);
                Effect::Changed
            }
            Action::PageUp => {
                self.scroll_log = self.scroll_log.saturating_sub(10);
                Effect::Changed
            }
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let left_w = area.width * 11 / 20;
        let left = Rect { width: left_w, ..area };
        let right = Rect { x: area.x + left_w, width: area.width - left_w, ..area };
        let county =
            region::level_of(&self.case.county_code).map(|_| self.case.county_code.clone()).unwrap_or_default();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} #{} {} ", self.case.record.name, self.case.id, county), theme.title));
        let inner = block.inner(left);
        frame.render_widget(block, left);
        let details = self.detail_lines(inner.width as usize, theme);
        let scroll = self.scroll.min(details.len().saturating_sub(inner.height as usize) as u16);
        frame.render_widget(Paragraph::new(details).scroll((scroll, 0)), inner);
        let block = Block::default().borders(Borders::ALL).border_set(theme.border);
        let inner = block.inner(right);
        frame.render_widget(block, right);
        let log = self.timeline_lines(inner.width as usize, theme);
        let log_scroll = self.scroll_log.min(log.len().saturating_sub(inner.height as usize) as u16);
        frame.render_widget(Paragraph::new(log).scroll((log_scroll, 0)), inner);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.reload(db)
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        let Picked::Action(action) = picked else { return nav::unexpected(&picked) };
        self.step_route(action)
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Case",
    || K::CtxCase.s(),
    &[&[
        bar(&["e"], Command::Edit, || T::HintEdit.s()),
        bar(&["a"], Command::Step, || L::HintAction.s()).about(|| K::AboutStep.s()),
        bar(&["r"], Command::Log, || L::HintLog.s()).about(|| K::AboutLog.s()),
        bar(&["v", crate::tui::bindings::REVEAL_KEY], Command::Reveal, || L::HintReveal.s())
            .about(|| K::AboutReveal.s()),
        bar(&["u"], Command::Undo, || L::HintUndo.s()).about(|| K::AboutUndo.s()),
        help(&["↑↓"], Command::Move, || T::HintMove.s()),
        help(&["PgUp/PgDn"], Command::Move, || L::HintTimelinePage.s()),
        help(&["Backspace", "←"], Command::Back, || T::HintBack.s()),
    ]],
);
