//! One school's history (沿革): how it stands now (name, type, place, operator, opened,
//! closed or merged) and its dated changes, oldest first, with who recorded each. From here
//! `b` records a change: the kind is picked from a list, then its form opens.

use super::{Ctx, Effect, Route, Screen};
use crate::db::schools::{self, School};
use crate::db::Db;
use crate::domain::history::{self as rules, Event};
use crate::i18n::history::{describe, H};
use crate::i18n::schools::field_label;
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::nav::Picked;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub struct SchoolHistoryScreen {
    school: School,
    operator: String,
    events: Vec<Event>,
    /// The schools merged into this one (closing day, name).
    absorbed: Vec<(String, String)>,
    scroll: usize,
}

impl SchoolHistoryScreen {
    pub fn new(db: &Db, id: i64) -> Result<SchoolHistoryScreen, String> {
        let school = schools::get_visible(db, id).map_err(|e| e.to_string())?.ok_or_else(|| H::Gone.s().to_string())?;
        let mut s = SchoolHistoryScreen {
            school,
            operator: String::new(),
            events: Vec::new(),
            absorbed: Vec::new(),
            scroll: 0,
        };
        s.load_events(db).map_err(|e| e.to_string())?;
        Ok(s)
    }

    fn load_events(&mut self, db: &Db) -> rusqlite::Result<()> {
        let r = &self.school.record;
        let recorded = crate::db::history::of_school(&db.conn, self.school.id)?;
        self.absorbed = crate::db::history::absorbed(&db.conn, self.school.id)?;
        self.operator = crate::db::history::standing(&db.conn, self.school.id)?.map(|s| s.operator).unwrap_or_default();
        self.events = rules::timeline(
            recorded,
            r.opened_on.as_deref(),
            r.closed_on.as_deref(),
            self.school.merged_name.as_deref(),
        );
        Ok(())
    }

    /// (label, value) of how the school stands now.
    fn facts(&self) -> Vec<(String, String)> {
        let r = &self.school.record;
        let operator =
            if self.operator.is_empty() { H::OperatorUnknown.s().to_string() } else { self.operator.clone() };
        let mut out = vec![
            (
                field_label("kind").to_string(),
                format!("{}  {}：{}", r.kind.label(), field_label("location"), r.location.label()),
            ),
            (H::OperatorNow.s().to_string(), operator),
            (field_label("opened_on").to_string(), r.opened_on.clone().unwrap_or_default()),
        ];
        if !self.absorbed.is_empty() {
            let names: Vec<&str> = self.absorbed.iter().map(|(_, n)| n.as_str()).collect();
            let list = fill(H::AbsorbedList.s(), &[&self.absorbed.len(), &names.join(T::ListSep.s())]);
            out.push((H::Absorbed.s().to_string(), list));
        }
        if let Some(on) = &r.closed_on {
            let into = self.school.merged_name.clone().unwrap_or_default();
            out.push((field_label("closed_on").to_string(), format!("{on}  {into}")));
        }
        out
    }

    /// `b`: the kinds of change, in a picker (a closed school takes none, so it is refused
    /// at once).
    fn pick_change(&self, db: &Db) -> Effect {
        let target = crate::domain::access::Target {
            region_code: self.school.county_code.clone(),
            school_id: Some(self.school.id),
        };
        crate::tui::flows::change_picker(db, &target, self.school.record.closed_on.as_deref())
    }
}

/// One line of the timeline: the day, what changed, the note and who.
fn event_line(e: &Event) -> String {
    let what = describe(e.change, &e.old, &e.new);
    let tail = if e.recorded { [e.note.as_str(), e.login.as_str()].join("  ") } else { H::FromColumns.s().to_string() };
    format!("{}  {what}  {}", e.on_date, tail.trim())
}

impl Screen for SchoolHistoryScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(H::Title.s(), &[&self.school.record.name])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn offers(&self, cmd: Command) -> bool {
        cmd != Command::Change || self.school.record.closed_on.is_none()
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(self.events.len().saturating_sub(1)),
            Action::Cmd(Command::Change) => return self.pick_change(ctx.db),
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(fit(&self.school.record.name, cols), theme.title))];
        for (k, v) in self.facts() {
            let head = format!("{k}：");
            let rest = cols.saturating_sub(width(&head));
            lines.push(Line::from(vec![Span::styled(head, theme.label), Span::raw(fit(&v, rest))]));
        }
        lines.push(Line::default());
        if self.events.is_empty() {
            lines.push(Line::from(Span::styled(fit(H::Empty.s(), cols), theme.dim)));
        }
        for e in self.events.iter().skip(self.scroll) {
            let style = if e.recorded { ratatui::style::Style::default() } else { theme.dim };
            lines.push(Line::from(Span::styled(fit(&event_line(e), cols), style)));
        }
        lines.truncate(area.height as usize);
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let Ok(Some(school)) = schools::get_visible(db, self.school.id) else { return false };
        let before = (self.school.clone(), self.events.clone(), self.operator.clone(), self.absorbed.clone());
        self.school = school;
        if self.load_events(db).is_err() {
            return false;
        }
        before != (self.school.clone(), self.events.clone(), self.operator.clone(), self.absorbed.clone())
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        match picked {
            Picked::Change(change) => Effect::Open(Route::SchoolChange { school_id: self.school.id, change }),
            other => crate::tui::nav::unexpected(&other),
        }
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "School history",
    || H::Context.s(),
    &[&[
        bar(&["b"], Command::Change, || H::HintChange.s()),
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        help(&["Backspace", "←"], Command::Back, || T::HintBack.s()),
    ]],
);
