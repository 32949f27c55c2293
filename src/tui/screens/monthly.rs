//! The monthly report (月报) of a county on screen: the county's numbers, whether it is at
//! zero (清零), bar charts of the open cases at the end of the month by status and by
//! reason, and the per-school table. ←/→ change the month; j/k scroll the schools.

use super::{Ctx, Effect, Screen};
use crate::db::monthly::{self, MonthlyReport};
use crate::db::Db;
use crate::domain::monthly::Month;
use crate::i18n::io::X;
use crate::i18n::keys::K;
use crate::i18n::{fill, Label, T};
use crate::report::monthly::{headers, rows, title, zero_line};
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, fit_right, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub struct MonthlyScreen {
    code: String,
    month: Month,
    report: Option<MonthlyReport>,
    error: Option<String>,
    scroll: usize,
}

impl MonthlyScreen {
    /// The report of `code` for the current month.
    pub fn new(db: &Db, code: &str) -> MonthlyScreen {
        let mut s = MonthlyScreen {
            code: code.to_string(),
            month: Month::of(crate::db::today()),
            report: None,
            error: None,
            scroll: 0,
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) {
        match monthly::load(&db.conn, &self.code, self.month, crate::db::today()) {
            Ok(r) => {
                self.report = Some(r);
                self.error = None;
            }
            Err(monthly::MonthlyError::FutureMonth) => self.error = Some(fill(X::MonthFuture.s(), &[&self.month])),
            Err(monthly::MonthlyError::Sqlite(e)) => self.error = Some(e.to_string()),
        }
    }

    pub fn month(&self) -> Month {
        self.month
    }
}

/// A bar chart: one line per (label, n), bars scaled to the largest.
fn bars(items: &[(String, i64)], cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let label_w = items.iter().map(|(l, _)| width(l)).max().unwrap_or(0).min(cols / 2);
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let num_w = items.iter().map(|(_, n)| n.to_string().len()).max().unwrap_or(1);
    let bar_room = cols.saturating_sub(label_w + num_w + 2);
    items
        .iter()
        .map(|(label, n)| {
            let len = if *n > 0 { ((*n as usize * bar_room) / max as usize).max(1) } else { 0 };
            Line::from(vec![
                Span::raw(fit(label, label_w)),
                Span::raw(" "),
                Span::styled(theme.bar.to_string().repeat(len), theme.title),
                Span::raw(" ".repeat(bar_room - len)),
                Span::raw(" "),
                Span::raw(fit_right(&n.to_string(), num_w)),
            ])
        })
        .collect()
}

impl Screen for MonthlyScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![format!("{} {}", X::SheetMonthly.s(), self.month)]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Back) | Action::Backspace => Effect::Pop,
            Action::Left => {
                self.month = self.month.prev();
                self.scroll = 0;
                self.load(ctx.db);
                Effect::Changed
            }
            Action::Right => {
                if self.month.next().first_day() > crate::db::today() {
                    return Effect::Message(fill(X::MonthFuture.s(), &[&self.month.next()]));
                }
                self.month = self.month.next();
                self.scroll = 0;
                self.load(ctx.db);
                Effect::Changed
            }
            Action::Down => {
                let n = self.report.as_ref().map(|r| r.schools.len()).unwrap_or(0);
                self.scroll = (self.scroll + 1).min(n.saturating_sub(1));
                Effect::Changed
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Effect::Changed
            }
            Action::PageDown => {
                let n = self.report.as_ref().map(|r| r.schools.len()).unwrap_or(0);
                self.scroll = (self.scroll + 10).min(n.saturating_sub(1));
                Effect::Changed
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                Effect::Changed
            }
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = Block::default().borders(Borders::ALL).border_set(theme.border);
        let Some(r) = &self.report else {
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(Paragraph::new(self.error.clone().unwrap_or_default()), inner);
            return;
        };
        let block = block.title(Span::styled(format!(" {} ", title(r)), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let cols = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        if let (Some(s), Some(e)) = (r.report.start, r.report.end) {
            lines.push(Line::from(Span::styled(fit(&fill(X::MonthlyPeriod.s(), &[&s, &e]), cols), theme.dim)));
        }
        // The county's numbers, as many to a line as fit.
        let head = headers();
        let values = r.report.county.values();
        let mut line = String::new();
        for (label, v) in head.iter().skip(2).zip(values.iter()) {
            let item = format!("{label} {v}");
            if !line.is_empty() && width(&line) + 2 + width(&item) > cols {
                lines.push(Line::from(fit(&line, cols)));
                line.clear();
            }
            if !line.is_empty() {
                line.push_str("  ");
            }
            line.push_str(&item);
        }
        lines.push(Line::from(fit(&line, cols)));
        let zero_style = if r.report.at_zero() { theme.title } else { theme.error };
        lines.push(Line::from(Span::styled(fit(&zero_line(r), cols), zero_style)));
        let top = lines.len() as u16;
        frame.render_widget(Paragraph::new(lines), Rect { height: top.min(inner.height), ..inner });

        // Bar charts side by side.
        let status_items: Vec<(String, i64)> =
            r.report.by_status.iter().filter(|(_, n)| *n > 0).map(|(s, n)| (s.label().to_string(), *n)).collect();
        let reason_items: Vec<(String, i64)> = r
            .report
            .by_reason
            .iter()
            .map(|(reason, n)| (reason.map(|x| x.label()).unwrap_or(X::NoReason.s()).to_string(), *n))
            .collect();
        let chart_h = (status_items.len().max(reason_items.len()) as u16 + 1)
            .min(inner.height.saturating_sub(top + 3) / 2 + 1)
            .max(1);
        let y = inner.y + top;
        if inner.height > top + 2 {
            let half = inner.width / 2;
            let left = Rect { x: inner.x, y, width: half.saturating_sub(1), height: chart_h };
            let right = Rect { x: inner.x + half + 1, y, width: inner.width - half - 1, height: chart_h };
            for (rect, title, items) in
                [(left, X::ByStatus.s(), &status_items), (right, X::ByReason.s(), &reason_items)]
            {
                let w = rect.width as usize;
                let mut l = vec![Line::from(Span::styled(fit(title, w), theme.label))];
                if items.is_empty() {
                    l.push(Line::from(Span::styled(fit(T::NoOpenCases.s(), w), theme.dim)));
                }
                l.extend(bars(items, w, theme));
                frame.render_widget(Paragraph::new(l), rect);
            }
        }
        // The per-school table.
        let table_y = y + chart_h + 1;
        if table_y + 1 >= inner.y + inner.height {
            return;
        }
        let table_h = inner.y + inner.height - table_y;
        let body = rows(r);
        let num_w: Vec<usize> = (2..head.len()).map(|i| width(&head[i]).max(4)).collect();
        let name_w = cols.saturating_sub(num_w.iter().map(|w| w + 1).sum::<usize>()).max(4);
        let fmt_row = |row: &Vec<String>| -> String {
            let mut s = fit(&row[0], name_w);
            for (i, w) in num_w.iter().enumerate() {
                s.push(' ');
                s.push_str(&fit_right(&row[i + 2], *w));
            }
            fit(&s, cols)
        };
        let mut l = vec![Line::from(Span::styled(fmt_row(&head), theme.header))];
        let visible = (table_h as usize).saturating_sub(1);
        let start = self.scroll.min(body.len().saturating_sub(visible));
        for row in body.iter().skip(start).take(visible) {
            l.push(Line::from(fmt_row(row)));
        }
        frame.render_widget(Paragraph::new(l), Rect { y: table_y, height: table_h, ..inner });
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
    "Monthly report",
    || K::CtxMonthly.s(),
    &[&[
        bar(&["←→"], Command::Month, || X::HintMonth.s()),
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        help(&["PgUp/PgDn"], Command::Move, || K::Page.s()),
        help(&["Backspace"], Command::Back, || T::HintBack.s()),
    ]],
);
