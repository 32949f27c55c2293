//! The self-evaluation sheet (自评表) of one county and year, from the indicators screen (key
//! `s`): the four section verdicts, then every item of the 2017 method — code, name, value,
//! result, who confirmed — and under the list the selected item's rule and evidence. Enter
//! (or `e`) on a hand item opens its confirmation form; `d` withdraws a confirmation; ←→
//! change the year. Computed items show where their value comes from and cannot be edited.

use super::{Ctx, Effect, Route, Screen};
use crate::db::evaluation;
use crate::db::indicators as load;
use crate::db::Db;
use crate::domain::evaluation::{Row as SheetRow, State};
use crate::i18n::evaluation::{self as etxt, E};
use crate::i18n::keys::K;
use crate::i18n::{fill, T};
use crate::report::indicators::{sheet, sheet_only, Cell, Table};
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use crate::tui::widgets::verdict::verdict_line;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell as Shared;

crate::i18n::texts! { W {
    Title => "自评表", "Self-evaluation sheet";
    Ctx => "自评表", "Self-evaluation sheet";
    HintConfirm => "确认", "confirm";
    HintWithdraw => "撤销确认", "unconfirm";
    HintYear => "年度", "year";
    Computed => "此项由数据计算，不能人工确认：{}", "This item is computed from the data and cannot be confirmed by hand: {}";
    NotConfirmed => "此项尚未确认。", "This item is not confirmed.";
    Withdrawn => "已撤销 {} 的确认。", "Withdrew the confirmation of {}.";
    RuleLine => "标准：{}", "Rule: {}";
    EvidenceLine => "依据：{}", "Evidence: {}";
}}

pub struct SheetScreen {
    code: String,
    year: i32,
    rows: Vec<SheetRow>,
    /// The sheet as the report shows it: value, evidence and confirmation per item.
    table: Table,
    selected: usize,
    offset: Shared<usize>,
    page: Shared<usize>,
}

impl SheetScreen {
    pub fn new(db: &Db, code: &str, year: i32) -> rusqlite::Result<SheetScreen> {
        let mut s = SheetScreen {
            code: code.to_string(),
            year,
            rows: Vec::new(),
            table: Table { title: String::new(), headers: Vec::new(), rows: Vec::new() },
            selected: 0,
            offset: Shared::new(0),
            page: Shared::new(10),
        };
        s.load(db)?;
        Ok(s)
    }

    fn load(&mut self, db: &Db) -> rusqlite::Result<bool> {
        let inputs = load::inputs(&db.conn, &self.code, self.year)?;
        let entries = evaluation::entries(&db.conn, &self.code, self.year)?;
        let rows = sheet(&inputs, &entries);
        let table = sheet_only(&rows, &inputs);
        let changed = rows != self.rows || table != self.table;
        self.rows = rows;
        self.table = table;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(changed)
    }

    /// A cell of the selected item's row in the report's sheet table.
    fn cell(&self, row: usize, col: usize) -> String {
        match self.table.rows.get(row).and_then(|r| r.get(col)) {
            Some(Cell::Text(s)) => s.clone(),
            Some(c) => c.shown(),
            None => String::new(),
        }
    }

    fn move_to(&mut self, to: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = to.clamp(0, last) as usize;
    }

    fn change_year(&mut self, delta: i32, db: &Db) -> Effect {
        let this_year = chrono::Datelike::year(&crate::db::today());
        let year = (self.year + delta).min(this_year + 1);
        if year == self.year {
            return Effect::None;
        }
        self.year = year;
        match self.load(db) {
            Ok(_) => Effect::Changed,
            Err(e) => Effect::Message(e.to_string()),
        }
    }

    /// The sheet as `sheet show` gives it (verdicts, then every item), as a file.
    fn export(&self, db: &Db) -> Effect {
        let name = crate::db::regions::name_or_code(&db.conn, &self.code);
        let title = format!("{name} {} {}", self.code, fill(crate::i18n::evaluation::E::SheetTitle.s(), &[&self.year]));
        let tables = vec![crate::report::indicators::verdict_table(&self.rows), self.table.clone()];
        Effect::Open(Route::SaveAs(Box::new(crate::report::files::ReportFile {
            title: crate::report::files::demo_marked(db.demo, title),
            tables,
            tail: Vec::new(),
            suggested: format!("{}-{}-{}.xlsx", W::Ctx.s(), self.code, self.year),
        })))
    }

    fn confirm(&self) -> Effect {
        let Some(row) = self.rows.get(self.selected) else { return Effect::None };
        if !row.item.is_hand() {
            return Effect::Message(fill(W::Computed.s(), &[&self.cell(self.selected, 5)]));
        }
        Effect::Open(Route::SheetEntry { county: self.code.clone(), year: self.year, item: row.item.code })
    }

    fn withdraw(&mut self, db: &mut Db) -> Effect {
        let Some(row) = self.rows.get(self.selected) else { return Effect::None };
        if !row.item.is_hand() {
            return Effect::Message(fill(W::Computed.s(), &[&self.cell(self.selected, 5)]));
        }
        let code = row.item.code;
        match evaluation::withdraw(db, &self.code, self.year, code) {
            Ok(false) => Effect::Message(W::NotConfirmed.s().to_string()),
            Ok(true) => {
                let _ = self.load(db);
                Effect::Message(fill(W::Withdrawn.s(), &[&format!("{code} {}", etxt::item_name(code))]))
            }
            Err(e) => Effect::Message(crate::i18n::errors::session_write_error(db, &e)),
        }
    }
}

const CODE_W: usize = 5;
const RESULT_W: usize = 9;
const NAME_W: usize = 30;

impl Screen for SheetScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(E::SheetTitle.s(), &[&self.year])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let page = self.page.get().max(1) as isize;
        let at = self.selected as isize;
        match action {
            Action::Cmd(Command::Back) | Action::Backspace => return Effect::Pop,
            Action::Up => self.move_to(at - 1),
            Action::Down => self.move_to(at + 1),
            Action::PageUp => self.move_to(at - page),
            Action::PageDown => self.move_to(at + page),
            Action::Home => self.move_to(0),
            Action::End => self.move_to(isize::MAX / 2),
            Action::Left => return self.change_year(-1, ctx.db),
            Action::Right => return self.change_year(1, ctx.db),
            Action::Enter | Action::Cmd(Command::Edit) => return self.confirm(),
            Action::Cmd(Command::Unset) => return self.withdraw(ctx.db),
            Action::Cmd(Command::Export) => return self.export(ctx.db),
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let height = area.height as usize;
        let mut lines = vec![verdict_line(&self.rows, cols, theme)];
        let name_w = NAME_W.min(cols / 2);
        let value_w = cols.saturating_sub(CODE_W + name_w + RESULT_W + 1);
        let header = format!(
            "{}{}{} {}",
            fit(E::ColCode.s(), CODE_W),
            fit(E::ColItem.s(), name_w),
            fit(E::ColValue.s(), value_w),
            fit(E::ColResult.s(), RESULT_W)
        );
        lines.push(Line::from(Span::styled(fit(&header, cols), theme.header)));
        // Two lines under the list: the selected item's rule and evidence.
        let room = height.saturating_sub(4).max(1);
        self.page.set(room);
        let mut offset = self.offset.get().min(self.rows.len().saturating_sub(room));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + room {
            offset = self.selected + 1 - room;
        }
        self.offset.set(offset);
        for (i, row) in self.rows.iter().enumerate().skip(offset).take(room) {
            let sel = i == self.selected;
            let base = if sel { theme.selected } else { Style::new() };
            let rstyle = match row.state {
                _ if sel => theme.selected,
                State::Met => theme.message,
                State::NotMet => theme.error,
                State::Open(_) => theme.dim,
            };
            lines.push(Line::from(vec![
                Span::styled(fit(row.item.code, CODE_W), base),
                Span::styled(fit(etxt::item_name(row.item.code), name_w), base),
                Span::styled(fit(&self.cell(i, 3), value_w), base),
                Span::styled(" ", base),
                Span::styled(fit(etxt::state(&row.state), RESULT_W), rstyle),
            ]));
        }
        while lines.len() < height.saturating_sub(2) {
            lines.push(Line::from(""));
        }
        let rule = fill(W::RuleLine.s(), &[&self.cell(self.selected, 2)]);
        let mut evidence = self.cell(self.selected, 5);
        let confirmed = self.cell(self.selected, 6);
        if !confirmed.is_empty() {
            evidence = format!("{evidence}  ({confirmed})");
        }
        lines.push(Line::from(Span::styled(fit(&rule, cols), theme.dim)));
        lines.push(Line::from(Span::styled(fit(&fill(W::EvidenceLine.s(), &[&evidence]), cols), theme.dim)));
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db).unwrap_or(false)
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Self-evaluation sheet",
    || W::Ctx.s(),
    &[&[
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        bar(&["Enter", "e"], Command::Edit, || W::HintConfirm.s()),
        bar(&["d"], Command::Unset, || W::HintWithdraw.s()),
        bar(&["←→"], Command::Month, || W::HintYear.s()),
        crate::tui::bindings::EXPORT,
        help(&["PgUp/PgDn"], Command::Move, || K::Page.s()),
        help(&["Home/End"], Command::Move, || K::Ends.s()),
        help(&["Backspace"], Command::Back, || T::HintBack.s()),
    ]],
);
