//! A prefecture's or the province's monthly report or 优质均衡 indicators on screen: one
//! row per county (per prefecture at the province) and the total, from `db::rollup` — the
//! same tables `report monthly|indicators --region` print. Enter opens a row's own report
//! (a county's per-school report, a prefecture's roll-up); ←/→ change the month.

use super::{Ctx, Effect, Route, Screen};
use crate::db::monthly::MonthlyError;
use crate::db::{regions, rollup as load, Db};
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::domain::rollup::is_direct;
use crate::i18n::io::X;
use crate::i18n::keys::K;
use crate::i18n::rollup::R;
use crate::i18n::{fill, T};
use crate::report::indicators::{Cell, Table};
use crate::report::rollup as table;
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, fit_right, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Which roll-up the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Monthly(Month),
    Indicators,
    /// The region tree's overview, one row per part.
    Overview,
}

pub struct RollupScreen {
    region: String,
    name: String,
    kind: Kind,
    table: Option<Table>,
    notes: Vec<String>,
    error: Option<String>,
    cursor: usize,
}

impl RollupScreen {
    /// The monthly roll-up of `region` for the current month.
    pub fn monthly(db: &Db, region: &str) -> RollupScreen {
        RollupScreen::new(db, region, Kind::Monthly(Month::of(crate::db::today())))
    }

    pub fn indicators(db: &Db, region: &str) -> RollupScreen {
        RollupScreen::new(db, region, Kind::Indicators)
    }

    pub fn overview(db: &Db, region: &str) -> RollupScreen {
        RollupScreen::new(db, region, Kind::Overview)
    }

    fn new(db: &Db, region: &str, kind: Kind) -> RollupScreen {
        let name = regions::name_or_code(&db.conn, region);
        let mut s = RollupScreen {
            region: region.to_string(),
            name,
            kind,
            table: None,
            notes: Vec::new(),
            error: None,
            cursor: 0,
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) {
        // The same scope as `report … --region`: a county's login sees no prefecture's roll-up.
        if let Err(r) = db.rollup_coverage(&self.region) {
            self.table = None;
            self.error = Some(crate::i18n::errors::session_refusal(db, &r));
            return;
        }
        let names = |c: &str| regions::name_or_code(&db.conn, c);
        let today = crate::db::today();
        let loaded = match self.kind {
            Kind::Monthly(m) => load::monthly(&db.conn, &self.region, m, today).map(|r| {
                (table::monthly_table(String::new(), &r, &names), vec![table::zero_line(&r), R::MonthlyNote.s().into()])
            }),
            Kind::Indicators => load::indicators(&db.conn, &self.region, today)
                .map(|r| (table::indicators_table(String::new(), &r, &names), vec![R::IndicatorsNote.s().into()]))
                .map_err(MonthlyError::Sqlite),
            Kind::Overview => load::overview(&db.conn, &self.region)
                .map(|r| (table::overview_table(String::new(), &r, &names), vec![R::OverviewNote.s().into()]))
                .map_err(MonthlyError::Sqlite),
        };
        match loaded {
            Ok((t, notes)) => {
                self.table = Some(t);
                self.notes = notes;
                self.error = None;
            }
            Err(MonthlyError::FutureMonth) => self.error = Some(fill(X::MonthFuture.s(), &[&self.month_text()])),
            Err(MonthlyError::Sqlite(e)) => self.error = Some(e.to_string()),
            Err(MonthlyError::Refused(r)) => self.error = Some(crate::i18n::errors::session_refusal(db, &r)),
        }
    }

    fn month_text(&self) -> String {
        match self.kind {
            Kind::Monthly(m) => m.to_string(),
            Kind::Indicators | Kind::Overview => String::new(),
        }
    }

    fn rows(&self) -> usize {
        self.table.as_ref().map_or(0, |t| t.rows.len())
    }

    /// The selected row's code, when it is a part with a report of its own.
    fn selected_part(&self) -> Option<String> {
        let row = self.table.as_ref()?.rows.get(self.cursor)?;
        let last = self.cursor + 1 == self.rows();
        match row.get(1) {
            Some(Cell::Text(code)) if !last && !is_direct(&self.region, code) => Some(code.clone()),
            _ => None,
        }
    }

    /// The roll-up on screen as a file (`Command::Export`): the table, the notes under it.
    fn export(&self, db: &Db) -> Effect {
        let Some(t) = &self.table else { return Effect::None };
        let (title, stem) = match self.kind {
            Kind::Monthly(m) => {
                (fill(R::MonthlyTitle.s(), &[&self.name, &self.region, &m]), format!("{}-{m}", X::SheetMonthly.s()))
            }
            Kind::Indicators => {
                let today = crate::db::today();
                (fill(R::IndicatorsTitle.s(), &[&self.name, &self.region, &today]), R::SheetIndicators.s().to_string())
            }
            Kind::Overview => {
                let today = crate::db::today();
                (fill(R::OverviewTitle.s(), &[&self.name, &self.region, &today]), R::SheetOverview.s().to_string())
            }
        };
        let table = Table { title: crumb_title(self.kind), ..t.clone() };
        Effect::Open(Route::SaveAs(Box::new(crate::report::files::ReportFile {
            title: crate::report::files::demo_marked(db.demo, title),
            tables: vec![table],
            tail: std::iter::once(Vec::new()).chain(self.notes.iter().map(|n| vec![n.clone()])).collect(),
            suggested: format!("{stem}-{}.xlsx", self.region),
        })))
    }

    fn change_month(&mut self, db: &Db, forward: bool) -> Effect {
        let Kind::Monthly(m) = self.kind else { return Effect::None };
        let next = if forward { m.next() } else { m.prev() };
        if next.first_day() > crate::db::today() {
            return Effect::Message(fill(X::MonthFuture.s(), &[&next]));
        }
        self.kind = Kind::Monthly(next);
        self.load(db);
        Effect::Changed
    }
}

/// The table's lines at `cols` columns: the code column left out, the first column taking
/// the room the others leave, the rest right-aligned.
fn table_lines(t: &Table, cols: usize, cursor: usize, theme: &Theme) -> Vec<Line<'static>> {
    let shown: Vec<usize> = (0..t.headers.len()).filter(|i| *i != 1).collect();
    let cell = |row: &[Cell], i: usize| row.get(i).map(Cell::shown).unwrap_or_default();
    let widths: Vec<usize> = shown
        .iter()
        .map(|&i| t.rows.iter().map(|r| width(&cell(r, i))).chain([t.headers.get(i).map_or(0, |h| width(h))]).max())
        .map(|w| w.unwrap_or(0))
        .collect();
    let rest: usize = widths.iter().skip(1).map(|w| w + 1).sum();
    let first = cols.saturating_sub(rest).max(4);
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (k, c) in cells.iter().enumerate() {
            if k == 0 {
                s.push_str(&fit(c, first));
            } else {
                s.push(' ');
                s.push_str(&fit_right(c, widths.get(k).copied().unwrap_or(0)));
            }
        }
        fit(&s, cols)
    };
    let mut out = vec![Line::from(Span::styled(
        line(shown.iter().map(|&i| t.headers.get(i).cloned().unwrap_or_default()).collect()),
        theme.header,
    ))];
    for (n, row) in t.rows.iter().enumerate() {
        let style = if n == cursor {
            theme.selected
        } else if n + 1 == t.rows.len() {
            theme.title
        } else {
            theme.hint_text
        };
        out.push(Line::from(Span::styled(line(shown.iter().map(|&i| cell(row, i)).collect()), style)));
    }
    out
}

/// The screen's name: the breadcrumb, and the table's title in a file.
fn crumb_title(kind: Kind) -> String {
    match kind {
        Kind::Monthly(m) => format!("{} {m}", X::SheetMonthly.s()),
        Kind::Indicators => K::CtxIndicators.s().to_string(),
        Kind::Overview => R::SheetOverview.s().to_string(),
    }
}

impl Screen for RollupScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![crumb_title(self.kind)]
    }

    fn context(&self) -> &'static Context {
        match self.kind {
            Kind::Monthly(_) => &MONTHLY_KEYS,
            Kind::Indicators => &INDICATOR_KEYS,
            Kind::Overview => &OVERVIEW_KEYS,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Back) | Action::Backspace => Effect::Pop,
            Action::Cmd(Command::Export) => self.export(ctx.db),
            Action::Left => self.change_month(ctx.db, false),
            Action::Right => self.change_month(ctx.db, true),
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                Effect::Changed
            }
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.rows().saturating_sub(1));
                Effect::Changed
            }
            Action::Enter => match (self.selected_part(), self.kind) {
                (Some(code), Kind::Monthly(_)) => Effect::Open(Route::Monthly { county: code }),
                (Some(code), Kind::Indicators) => Effect::Open(Route::Indicators { county: code }),
                // A county's row opens its page; a prefecture's (at the province) its overview.
                (Some(code), Kind::Overview) if region::level_of(&code) == Ok(Level::County) => {
                    Effect::Open(Route::County { name: regions::name_or_code(&ctx.db.conn, &code), code })
                }
                (Some(code), Kind::Overview) => Effect::Open(Route::Overview { region: code }),
                (None, _) => Effect::None,
            },
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = match self.kind {
            Kind::Monthly(m) => fill(R::MonthlyTitle.s(), &[&self.name, &self.region, &m]),
            Kind::Indicators => fill(R::IndicatorsTitle.s(), &[&self.name, &self.region, &crate::db::today()]),
            Kind::Overview => fill(R::OverviewTitle.s(), &[&self.name, &self.region, &crate::db::today()]),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {title} "), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let cols = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(fit(e, cols), theme.error)));
        }
        if let Some(t) = &self.table {
            lines.extend(table_lines(t, cols, self.cursor, theme));
            lines.push(Line::from(""));
            for n in &self.notes {
                for part in crate::tui::widgets::text::wrap(n, cols) {
                    lines.push(Line::from(Span::styled(part, theme.dim)));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let before = self.table.clone();
        self.load(db);
        before != self.table
    }
}

// ---------------------------------------------------------------------------------------
// This screen's words and keys (see `crate::tui::bindings`).

crate::i18n::texts! { W {
    CtxMonthly => "月报汇总（各县区）", "Monthly report, all counties";
    CtxIndicators => "指标汇总（各县区）", "Indicators, all counties";
    CtxOverview => "概况汇总（各县区）", "Overview, all counties";
}}

/// Every roll-up table's keys: rows, a row's own report, export, back.
const TABLE_KEYS: &[crate::tui::bindings::Binding] = &[
    bar(&["↑↓"], Command::Move, || T::HintMove.s()),
    bar(&["Enter"], Command::Open, || T::HintOpen.s()),
    crate::tui::bindings::EXPORT,
    help(&["Backspace"], Command::Back, || T::HintBack.s()),
];

pub static MONTHLY_KEYS: Context = commands(
    "Monthly report, all counties",
    || W::CtxMonthly.s(),
    &[&[bar(&["←→"], Command::Month, || X::HintMonth.s())], TABLE_KEYS],
);

pub static INDICATOR_KEYS: Context = commands("Indicators, all counties", || W::CtxIndicators.s(), &[TABLE_KEYS]);

pub static OVERVIEW_KEYS: Context = commands("Overview, all counties", || W::CtxOverview.s(), &[TABLE_KEYS]);
