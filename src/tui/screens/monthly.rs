//! The monthly report (月报) of a county on screen: the county's numbers, whether it is at
//! zero (清零), bar charts of the open cases at the end of the month by status and by
//! reason, and the per-school table with each school's submission state (已报 / 零报告 /
//! 未报 / 逾期, docs/domain.md §11). ←/→ change the month; ↑↓ select a school, which
//! submits, files a 零报告 or withdraws; the county accepts it or submits upward.

use super::{Ctx, Effect, Screen};
use crate::db::monthly::{self, MonthlyReport};
use crate::db::submissions::{self, SchoolLine};
use crate::db::Db;
use crate::domain::monthly::Month;
use crate::domain::submission::{ReportState, SubmissionState};
use crate::i18n::io::X;
use crate::i18n::keys::K;
use crate::i18n::month::M;
use crate::i18n::{fill, Label, T};
use crate::report::month_cycle::{self, Cycle};
use crate::report::monthly::{headers, title, zero_line};
use crate::tui::bindings::{bar, commands, Context, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::screens::{Dest, MonthListKind, ReturnMonth, Route};
use crate::tui::theme::Theme;
use crate::tui::widgets::question::Question;
use crate::tui::widgets::text::{fit, fit_right, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub struct MonthlyScreen {
    code: String,
    month: Month,
    report: Option<MonthlyReport>,
    /// Submission states, corrections and cases due of the month.
    cycle: Option<Cycle>,
    error: Option<String>,
    /// The selected school (index into the cycle's schools).
    selected: usize,
    /// The school whose acceptance the confirm question is about (its answer comes back
    /// as `Command::Confirm`).
    asked: Option<i64>,
}

impl MonthlyScreen {
    /// The report of `code` for the current month.
    pub fn new(db: &Db, code: &str) -> MonthlyScreen {
        let mut s = MonthlyScreen {
            code: code.to_string(),
            month: Month::of(crate::db::today()),
            report: None,
            cycle: None,
            error: None,
            selected: 0,
            asked: None,
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) {
        let today = crate::db::today();
        match monthly::load(db, &self.code, None, self.month, today) {
            Ok(r) => {
                self.report = Some(r);
                self.error = None;
            }
            Err(monthly::MonthlyError::FutureMonth) => self.error = Some(fill(X::MonthFuture.s(), &[&self.month])),
            Err(monthly::MonthlyError::Sqlite(e)) => self.error = Some(e.to_string()),
            Err(monthly::MonthlyError::Refused(r)) => self.error = Some(crate::i18n::errors::session_refusal(db, &r)),
        }
        match month_cycle::load(&db.conn, &self.code, self.month, today) {
            Ok(c) => {
                self.selected = self.selected.min(c.view.schools.len().saturating_sub(1));
                self.cycle = Some(c);
            }
            Err(e) => {
                self.cycle = None;
                self.error = Some(e.to_string());
            }
        }
    }

    fn selected_school(&self) -> Option<&SchoolLine> {
        self.cycle.as_ref().and_then(|c| c.view.schools.get(self.selected))
    }

    /// Runs one step of the month's cycle on the selected school (or the county), then
    /// reloads; the message says what was done or why not.
    fn cycle_step(&mut self, cmd: Command, ctx: &mut Ctx) -> Effect {
        let (month, today) = (self.month, crate::db::today());
        let school = self.selected_school().map(|s| (s.school_id, s.name.clone()));
        let result = match (cmd, &school) {
            (Command::SubmitUp, _) => submissions::submit_county(ctx.db, &self.code, month, today)
                .map(|_| fill(M::DoneUp.s(), &[&ctx.db.region_name(&self.code), &month])),
            (_, None) => return Effect::Message(M::NeedSchoolRow.s().to_string()),
            (Command::Submit, Some((id, name))) => submissions::submit_school(ctx.db, *id, month, false, today)
                .map(|d| fill(M::DoneSubmit.s(), &[name, &month, &d.figures.open_end, &d.corrections])),
            (Command::ZeroReport, Some((id, name))) => submissions::submit_school(ctx.db, *id, month, true, today)
                .map(|_| fill(M::DoneZero.s(), &[name, &month])),
            (Command::Withdraw, Some((id, name))) => submissions::withdraw(ctx.db, &self.code, Some(*id), month)
                .map(|_| fill(M::DoneWithdraw.s(), &[name, &month])),
            // 受理 cannot be undone by the school: asked first, done on the yes.
            (Command::Accept, Some((id, name))) => {
                self.asked = Some(*id);
                return Effect::Ask(Question::confirm(fill(M::AskAccept.s(), &[name, &month])));
            }
            (Command::Confirm, Some((id, name))) if self.asked.take() == Some(*id) => {
                submissions::accept(ctx.db, &self.code, *id, month).map(|_| fill(M::DoneAccept.s(), &[name, &month]))
            }
            (Command::Return, Some((id, name))) => {
                return Effect::Open(Route::ReturnMonth(ReturnMonth {
                    county: self.code.clone(),
                    school_id: *id,
                    school_name: name.clone(),
                    month,
                }))
            }
            _ => return Effect::None,
        };
        let message = result.unwrap_or_else(|e| crate::i18n::errors::session_write_error(ctx.db, &e));
        self.load(ctx.db);
        Effect::Message(message)
    }

    fn move_by(&mut self, delta: isize) -> Effect {
        let n = self.cycle.as_ref().map_or(0, |c| c.view.schools.len());
        self.selected = self.selected.saturating_add_signed(delta).min(n.saturating_sub(1));
        Effect::Changed
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

/// 已报 n 零报告 n 未报 n 逾期 n（截止 …） 更正 n 到期 n, and whether the county is in.
fn tally_line(c: &Cycle) -> String {
    let n = |st| c.view.count(st);
    let up = if c.view.county.is_some() { M::CountyUpYes.s() } else { M::CountyUpNo.s() };
    let line = fill(
        M::TallyLine.s(),
        &[
            &n(ReportState::Submitted),
            &n(ReportState::Zero),
            &n(ReportState::Missing),
            &n(ReportState::Overdue),
            &n(ReportState::Returned),
            &c.view.deadline.format("%m-%d"),
            &c.corrections.len(),
            &c.due.len(),
        ],
    );
    format!("{line} {up}")
}

/// A school's state in a narrow column; ✓ once the county accepted it.
fn state_short(s: &SchoolLine) -> String {
    let label = match s.state {
        ReportState::Submitted => M::ShortSubmitted.s(),
        ReportState::Zero => M::ShortZero.s(),
        ReportState::Missing => M::ShortMissing.s(),
        ReportState::Overdue => M::ShortOverdue.s(),
        ReportState::Returned => M::ShortReturned.s(),
    };
    let accepted = s.live.as_ref().is_some_and(|l| l.state == SubmissionState::Accepted);
    if accepted {
        format!("{label}✓")
    } else {
        label.to_string()
    }
}

impl MonthlyScreen {
    /// Every school of the month (its frozen figures once submitted) with its state, the
    /// selected one highlighted, and the county's total last.
    fn school_table(&self, frame: &mut Frame, area: Rect, r: &MonthlyReport, c: &Cycle, theme: &Theme) {
        let cols = area.width as usize;
        let head = headers();
        let num_w: Vec<usize> = (2..head.len()).map(|i| head.get(i).map_or(4, |h| width(h).max(4))).collect();
        let state_w = 7;
        let name_w = cols.saturating_sub(num_w.iter().map(|w| w + 1).sum::<usize>() + state_w + 1).max(4);
        let fmt_row = |name: &str, state: &str, values: &[String]| -> String {
            let mut s = fit(name, name_w);
            s.push(' ');
            s.push_str(&fit(state, state_w));
            for (w, v) in num_w.iter().zip(values) {
                s.push(' ');
                s.push_str(&fit_right(v, *w));
            }
            fit(&s, cols)
        };
        let numbers = |c: &crate::domain::monthly::Counts| c.values().iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let head_values: Vec<String> = head.iter().skip(2).cloned().collect();
        let mut lines = vec![Line::from(Span::styled(
            fmt_row(head.first().map_or("", String::as_str), M::ColStateShort.s(), &head_values),
            theme.header,
        ))];
        // One line for the county's total.
        let visible = (area.height as usize).saturating_sub(2);
        let start = self.selected.saturating_sub(visible.saturating_sub(1));
        for (i, s) in c.view.schools.iter().enumerate().skip(start).take(visible) {
            let counts = r.report.schools.get(&Some(s.school_id)).copied().unwrap_or_default();
            let style = if i == self.selected { theme.selected } else { ratatui::style::Style::new() };
            lines.push(Line::from(Span::styled(fmt_row(&s.name, &state_short(s), &numbers(&counts)), style)));
        }
        let up = if c.view.county.is_some() { M::ShortSubmitted.s() } else { "" };
        lines.push(Line::from(Span::styled(fmt_row(X::CountyTotal.s(), up, &numbers(&r.report.county)), theme.label)));
        frame.render_widget(Paragraph::new(lines), area);
    }
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
                self.load(ctx.db);
                Effect::Changed
            }
            Action::Right => {
                if self.month.next().first_day() > crate::db::today() {
                    return Effect::Message(fill(X::MonthFuture.s(), &[&self.month.next()]));
                }
                self.month = self.month.next();
                self.load(ctx.db);
                Effect::Changed
            }
            Action::Cmd(Command::Export) => match (&self.report, &self.cycle) {
                (Some(r), Some(c)) => {
                    Effect::Open(Route::SaveAs(Box::new(crate::report::monthly::file(r, c, ctx.db.demo))))
                }
                _ => Effect::None,
            },
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(10),
            Action::PageUp => self.move_by(-10),
            Action::Home => self.move_by(isize::MIN / 2),
            Action::End => self.move_by(isize::MAX / 2),
            Action::Cmd(
                cmd @ (Command::Submit
                | Command::ZeroReport
                | Command::Withdraw
                | Command::Accept
                | Command::Confirm
                | Command::Return
                | Command::SubmitUp),
            ) => self.cycle_step(cmd, ctx),
            Action::Cmd(Command::Go(Dest::Due)) => {
                Effect::Open(Route::MonthList(MonthListKind::Due { county: self.code.clone() }))
            }
            Action::Cmd(Command::Go(Dest::Corrections)) => Effect::Open(Route::MonthList(MonthListKind::Corrections {
                county: self.code.clone(),
                month: self.month,
            })),
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
        if let Some(c) = &self.cycle {
            lines.push(Line::from(Span::styled(fit(&tally_line(c), cols), theme.label)));
        }
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
            // A third of the room at most: the schools' table below is what the user acts on.
            .min(inner.height.saturating_sub(top + 3) / 3 + 1)
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
        let area = Rect { y: table_y, height: table_h, ..inner };
        if let Some(c) = &self.cycle {
            self.school_table(frame, area, r, c, theme);
        }
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
    &[
        &[
            bar(&["←→"], Command::Month, || X::HintMonth.s()),
            bar(&["s"], Command::Submit, || M::HintSubmit.s()),
            bar(&["z"], Command::ZeroReport, || M::HintZero.s()),
            bar(&["w"], Command::Withdraw, || M::HintWithdraw.s()),
            bar(&["a"], Command::Accept, || M::HintAccept.s()),
            bar(&["r"], Command::Return, || M::HintReturn.s()),
            bar(&["U"], Command::SubmitUp, || M::HintCountySubmit.s()),
            bar(&["d"], Command::Go(Dest::Due), || M::HintDue.s()),
            bar(&["c"], Command::Go(Dest::Corrections), || M::HintCorrections.s()),
            crate::tui::bindings::EXPORT,
        ],
        LIST_MOVES,
    ],
);
