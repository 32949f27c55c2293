//! A region's schools by year on screen (布局变化): the table `taizhang report history`
//! prints — schools at the start of each year, opened, closed, merged, renamed, retyped, at
//! the end — then above a county the parts, then which school joined which. ↑↓ and
//! PgUp/PgDn scroll, `o` writes it to an xlsx or CSV file.

use super::{Ctx, Effect, Route, Screen};
use crate::db::{regions, Db};
use crate::i18n::history::H;
use crate::i18n::T;
use crate::report::history::{self as report, HistoryReport};
use crate::report::indicators::Table;
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub struct HistoryReportScreen {
    region: String,
    name: String,
    report: Option<HistoryReport>,
    tables: Vec<Table>,
    error: Option<String>,
    scroll: usize,
    /// The body's height and the last top line when last drawn, for paging and clamping.
    page: std::cell::Cell<usize>,
    max_top: std::cell::Cell<usize>,
}

impl HistoryReportScreen {
    pub fn new(db: &Db, region: &str) -> HistoryReportScreen {
        let mut s = HistoryReportScreen {
            region: region.to_string(),
            name: regions::name_or_code(&db.conn, region),
            report: None,
            tables: Vec::new(),
            error: None,
            scroll: 0,
            page: std::cell::Cell::new(10),
            max_top: std::cell::Cell::new(usize::MAX),
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) {
        match report::load(db, &self.region, &self.name, None) {
            Ok(r) => {
                self.tables = r.tables(&self.region, &|c| regions::name_or_code(&db.conn, c));
                self.report = Some(r);
                self.error = None;
            }
            Err(e) => self.error = Some(crate::i18n::errors::sqlite_text(&e)),
        }
    }

    /// The report's lines at `cols` columns: its tables as the command prints them, then the note.
    fn lines(&self, cols: usize) -> Vec<String> {
        let mut out: Vec<String> =
            crate::report::indicators::text_at("", &self.tables, cols).lines().skip(2).map(str::to_string).collect();
        out.push(String::new());
        out.extend(wrap(H::Note.s(), cols));
        out
    }

    /// The report as a file (`Command::Export`).
    fn export(&self, db: &Db) -> Effect {
        let Some(r) = &self.report else { return Effect::None };
        Effect::Open(Route::SaveAs(Box::new(crate::report::files::ReportFile {
            title: crate::report::files::demo_marked(db.demo, r.title.clone()),
            tables: self.tables.clone(),
            tail: vec![Vec::new(), vec![H::Note.s().to_string()]],
            suggested: format!("{}-{}.xlsx", H::ScreenTitle.s(), self.region),
        })))
    }

    fn scroll_by(&mut self, delta: isize) -> Effect {
        self.scroll = self.scroll.saturating_add_signed(delta).min(self.max_top.get());
        Effect::Changed
    }
}

impl Screen for HistoryReportScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![H::ScreenTitle.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let page = self.page.get().max(1) as isize;
        match action {
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            Action::Cmd(Command::Export) => self.export(ctx.db),
            Action::Up => self.scroll_by(-1),
            Action::Down => self.scroll_by(1),
            Action::PageUp => self.scroll_by(-page),
            Action::PageDown => self.scroll_by(page),
            Action::Home => {
                self.scroll = 0;
                Effect::Changed
            }
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = self.report.as_ref().map(|r| r.title.clone()).unwrap_or_else(|| self.name.clone());
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", fit(&title, area.width.saturating_sub(4) as usize)), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let (cols, rows) = (inner.width as usize, inner.height as usize);
        self.page.set(rows.saturating_sub(1));
        let mut lines: Vec<Line> = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(fit(e, cols), theme.error)));
        }
        let all = self.lines(cols);
        self.max_top.set(all.len().saturating_sub(rows));
        let top = self.scroll.min(self.max_top.get());
        for l in all.iter().skip(top).take(rows) {
            let style = if l.starts_with('【') || l.starts_with('[') { theme.title } else { theme.hint_text };
            lines.push(Line::from(Span::styled(fit(l, cols), style)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let before = self.report.clone();
        self.load(db);
        before != self.report
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "School changes by year",
    || H::ScreenTitle.s(),
    &[&[
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        help(&["PgUp/PgDn"], Command::Move, || crate::i18n::keys::K::Page.s()),
        crate::tui::bindings::EXPORT,
        help(&["Backspace", "←"], Command::Back, || T::HintBack.s()),
    ]],
);
