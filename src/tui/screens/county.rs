//! A county's own page: its facts, schools, alliances and open cases. Later screens (the
//! ledger, schools, indicators) open from here.

use super::{Ctx, Effect, Screen};
use crate::db::alliances::{self, AllianceRow};
use crate::db::overview::{self, Overview};
use crate::db::Db;
use crate::i18n::indicators::I;
use crate::i18n::io::X;
use crate::i18n::keys::K;
use crate::i18n::month::{rollover_summary, M};
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{bar, commands, help, Context, REGION_LISTS};
use crate::tui::commands::Command;
use crate::tui::flows::{open_facts_form, open_settings_form};
use crate::tui::keymap::Action;
use crate::tui::screens::Dest;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

crate::i18n::texts! { C {
    HintStaff => "人员", "staff";
}}

pub struct CountyScreen {
    code: String,
    name: String,
    overview: Overview,
    alliances: Vec<AllianceRow>,
    /// Cases due now (docs/domain.md §11).
    due: i64,
    /// The rollover day `Y` asked about: the confirmation applies it.
    asked_rollover: Option<chrono::NaiveDate>,
}

impl CountyScreen {
    pub fn new(db: &Db, code: &str, name: &str) -> rusqlite::Result<CountyScreen> {
        Ok(CountyScreen {
            code: code.to_string(),
            name: name.to_string(),
            overview: overview::load(&db.conn, code)?,
            alliances: alliances::for_county(db, code)?,
            due: crate::db::due::count(&db.conn, code, crate::db::today())?,
            asked_rollover: None,
        })
    }

    /// `Y`: this school year's rollover, previewed in the question that asks to do it.
    fn ask_rollover(&mut self, ctx: &mut Ctx) -> Effect {
        use crate::domain::rollover::{default_day, school_year};
        let today = crate::db::today();
        let Some(on) = default_day(school_year(today)) else { return Effect::None };
        if on > today {
            return Effect::Message(fill(M::RolloverNotYet.s(), &[&on]));
        }
        let target = crate::domain::access::Target { region_code: self.code.clone(), school_id: None };
        if let Some(msg) = super::refusal(ctx.db, Some(&target), false) {
            return Effect::Message(msg);
        }
        match crate::db::rollover::plan(&ctx.db.conn, &self.code, on) {
            Ok(plan) if plan.already.is_some() => {
                Effect::Message(fill(M::RolloverAlready.s(), &[&plan.already.unwrap_or_default()]))
            }
            Ok(plan) => {
                self.asked_rollover = Some(on);
                let title = fill(M::RolloverTitle.s(), &[&self.name, &self.code, &on]);
                let text = fill(M::RolloverAsk.s(), &[&format!("{title}{}", rollover_summary(&plan))]);
                Effect::Ask(crate::tui::widgets::question::Question::confirm(text))
            }
            Err(e) => Effect::Message(crate::i18n::errors::sqlite_text(&e)),
        }
    }

    fn do_rollover(&mut self, ctx: &mut Ctx, on: chrono::NaiveDate) -> Effect {
        match crate::db::rollover::apply(ctx.db, &self.code, on) {
            Ok(plan) => {
                self.refresh(ctx.db);
                Effect::Message(format!("{}{}{}", rollover_summary(&plan), T::ListSep.s(), M::RolloverApplied.s()))
            }
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }
}

impl Screen for CountyScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![T::CountyPage.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            Action::Cmd(Command::Edit) => open_facts_form(ctx, &self.code, &self.name),
            Action::Cmd(Command::Go(Dest::Settings)) => open_settings_form(ctx, &self.code, &self.name),
            Action::Cmd(Command::Rollover) => self.ask_rollover(ctx),
            Action::Cmd(Command::Confirm) => match self.asked_rollover.take() {
                Some(on) => self.do_rollover(ctx, on),
                None => Effect::None,
            },
            Action::Cmd(Command::Go(dest)) => Effect::Open(dest.route(&self.code, &self.name)),
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let left_width = area.width.saturating_mul(11) / 20;
        let left = Rect { width: left_width, ..area };
        let right = Rect { x: area.x + left_width, width: area.width - left_width, ..area };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} {} ", self.name, self.code), theme.title));
        let inner = block.inner(left);
        frame.render_widget(block, left);
        let mut lines = crate::tui::widgets::overview::lines(&self.overview, inner.width as usize, theme);
        // The thresholds that act: how many cases are due, on the page the officer starts from.
        let due = fill(crate::i18n::month::M::DueCount.s(), &[&self.due]);
        lines.push(Line::from(Span::styled(
            fit(&due, inner.width as usize),
            if self.due > 0 { theme.error } else { theme.dim },
        )));
        frame.render_widget(Paragraph::new(lines), inner);

        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", T::AllianceList.s()), theme.title));
        let inner = block.inner(right);
        frame.render_widget(block, right);
        let cols = inner.width as usize;
        let rows = inner.height as usize;
        let mut lines: Vec<Line> = Vec::new();
        if self.alliances.is_empty() {
            lines.push(Line::from(Span::styled(T::NoneYet.s(), theme.dim)));
        }
        for (i, a) in self.alliances.iter().enumerate() {
            if lines.len() + 2 > rows && i < self.alliances.len() {
                lines.push(Line::from(Span::styled(fill(T::MoreRows.s(), &[&(self.alliances.len() - i)]), theme.dim)));
                break;
            }
            lines.push(Line::from(Span::raw(fit(&a.name, cols))));
            let kind = a.kind.map(|k| k.label()).unwrap_or("");
            let level = a.level.map(|l| l.label()).unwrap_or("");
            let detail = format!(
                "  {}{}{}",
                fill(T::Phrase.s(), &[&level, &kind]),
                T::ListSep.s(),
                fill(T::Members.s(), &[&a.members])
            );
            lines.push(Line::from(Span::styled(fit(&detail, cols), theme.dim)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let Ok(o) = overview::load(&db.conn, &self.code) else { return false };
        let a = alliances::for_county(db, &self.code).unwrap_or_default();
        let due = crate::db::due::count(&db.conn, &self.code, crate::db::today()).unwrap_or(self.due);
        let changed = o != self.overview || a != self.alliances || due != self.due;
        self.overview = o;
        self.alliances = a;
        self.due = due;
        changed
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "County page",
    || K::CtxCounty.s(),
    &[
        REGION_LISTS,
        &[
            bar(&["i"], Command::Go(Dest::Indicators), || I::HintIndicators.s()),
            bar(&["m"], Command::Go(Dest::Monthly), || X::HintMonthly.s()),
            bar(&["d"], Command::Go(Dest::Due), || crate::i18n::month::M::HintDue.s()),
            bar(&["I"], Command::Go(Dest::Import), || X::HintImportKey.s()),
            bar(&["e"], Command::Edit, || T::HintEdit.s()),
            help(&["S"], Command::Go(Dest::Settings), || crate::i18n::month::M::HintSettings.s()),
            help(&["Y"], Command::Rollover, || M::HintRollover.s()).about(|| M::AboutRollover.s()),
            help(&["R"], Command::Go(Dest::Rechecks), || crate::i18n::month::M::HintRechecks.s()),
            help(&["U"], Command::Go(Dest::Users), || C::HintStaff.s()),
            help(&["r"], Command::Go(Dest::Registry), || crate::i18n::registry::RG::HintRegistry.s()),
            help(&["v"], Command::Go(Dest::Rounds), || crate::i18n::follow_up::F::HintRounds.s()),
            help(&["h"], Command::Go(Dest::History), || crate::i18n::history::H::HintReport.s()),
        ],
    ],
);
