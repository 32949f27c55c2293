//! A list of cases from the month's cycle (docs/domain.md §11): the county's cases due
//! (suspected too long, no visit, tracking check) or the corrections against a submitted
//! month. Enter opens the case.

use super::{Ctx, Effect, MonthListKind as Kind, Route, Screen};
use crate::db::Db;
use crate::i18n::keys::K;
use crate::i18n::month::M;
use crate::i18n::month::{recheck_item_line, recheck_round_line};
use crate::i18n::{fill, T};
use crate::report::month_cycle;
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

crate::i18n::texts! { W {
    Title => "到期待办、更正与复核", "Cases due, corrections and re-checks";
}}

pub struct MonthListScreen {
    kind: Kind,
    title: String,
    /// (case id, when the line is about a case; line).
    lines: Vec<(Option<i64>, String)>,
    empty: &'static str,
    selected: usize,
}

impl MonthListScreen {
    pub fn new(db: &Db, kind: Kind) -> rusqlite::Result<MonthListScreen> {
        let mut s = MonthListScreen { kind, title: String::new(), lines: Vec::new(), empty: "", selected: 0 };
        s.load(db)?;
        Ok(s)
    }

    fn load(&mut self, db: &Db) -> rusqlite::Result<()> {
        let today = crate::db::today();
        match &self.kind {
            Kind::Due { county } => {
                let due = crate::db::due::list(&db.conn, county, today)?;
                let t = crate::db::due::thresholds(&db.conn, county);
                self.title = month_cycle::due_title(&due);
                self.lines = due.iter().map(|c| (Some(c.id), month_cycle::due_line(c, &t))).collect();
                self.empty = M::DueNone.s();
            }
            Kind::Corrections { county, month } => {
                let found = match crate::db::submissions::corrections(&db.conn, county, *month, today) {
                    Ok(c) => c,
                    Err(crate::db::WriteError::Sqlite(e)) => return Err(e),
                    Err(_) => Vec::new(),
                };
                self.title = format!("{} {month}", M::CorrectionsTitle.s());
                self.lines = found.iter().map(|c| (Some(c.case_id), month_cycle::correction_line(c))).collect();
                self.empty = M::CorrectionsNone.s();
            }
            Kind::Rechecks { county } => {
                let rounds = match crate::db::recheck::rounds(db, county) {
                    Ok(r) => r,
                    Err(crate::db::scope::ReportError::Sqlite(e)) => return Err(e),
                    // Out of scope: the page that opened this list was in scope; show nothing.
                    Err(_) => Vec::new(),
                };
                self.title = fill(M::RechecksTitle.s(), &[&rounds.len()]);
                self.lines = rounds
                    .iter()
                    .flat_map(|r| {
                        let items = r.items.iter().map(|i| (i.case_id, format!("  {}", recheck_item_line(i))));
                        std::iter::once((None, recheck_round_line(r))).chain(items)
                    })
                    .collect();
                self.empty = M::RecheckNone.s();
            }
        }
        self.selected = self.selected.min(self.lines.len().saturating_sub(1));
        Ok(())
    }
}

impl Screen for MonthListScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![match &self.kind {
            Kind::Due { .. } => M::HintDue.s().to_string(),
            Kind::Corrections { .. } => M::HintCorrections.s().to_string(),
            Kind::Rechecks { .. } => M::HintRechecks.s().to_string(),
        }]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        let last = self.lines.len().saturating_sub(1);
        match action {
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            Action::Down => {
                self.selected = (self.selected + 1).min(last);
                Effect::Changed
            }
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                Effect::Changed
            }
            Action::PageDown => {
                self.selected = (self.selected + 10).min(last);
                Effect::Changed
            }
            Action::PageUp => {
                self.selected = self.selected.saturating_sub(10);
                Effect::Changed
            }
            Action::Home => {
                self.selected = 0;
                Effect::Changed
            }
            Action::End => {
                self.selected = last;
                Effect::Changed
            }
            Action::Enter => match self.lines.get(self.selected) {
                Some((Some(id), _)) => Effect::Open(Route::Case(*id)),
                _ => Effect::None,
            },
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", self.title), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let cols = inner.width as usize;
        if self.lines.is_empty() {
            frame.render_widget(Paragraph::new(Span::styled(fit(self.empty, cols), theme.dim)), inner);
            return;
        }
        let visible = inner.height as usize;
        let start = self.selected.saturating_sub(visible.saturating_sub(1));
        let lines: Vec<Line> = self
            .lines
            .iter()
            .enumerate()
            .skip(start)
            .take(visible)
            .map(|(i, (_, text))| {
                let style = if i == self.selected { theme.selected } else { ratatui::style::Style::new() };
                Line::from(Span::styled(fit(text, cols), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let before = self.lines.clone();
        self.load(db).is_ok() && before != self.lines
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Cases due and corrections",
    || W::Title.s(),
    &[&[
        bar(&["Enter"], Command::Open, || T::HintOpen.s()),
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        help(&["PgUp/PgDn"], Command::Move, || K::Page.s()),
        help(&["Home/End"], Command::Move, || K::Ends.s()),
        help(&["Backspace", "←"], Command::Back, || T::HintBack.s()),
    ]],
);
