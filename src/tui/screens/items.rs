//! An item ledger (销号管理) of a county or a prefecture: its items of one kind (←→ change
//! the kind, or all kinds), open ones or all, with their school, problem, responsible
//! person, target date and status; below, the open items at the end of each month as a
//! small bar chart (七台河's 大班额 53 → 15), and how many flagged schools still need an item.
//! Enter opens an item; `n` opens a new one.

use super::{Ctx, Effect, Screen};
use crate::db::items::{self, Filter, Item, ItemKind};
use crate::db::Db;
use crate::domain::items::{self as rules, Status};
use crate::domain::monthly::Month;
use crate::i18n::items::{kind_label, status_label, IT};
use crate::i18n::{fill, T};
use crate::tui::bindings::{bar, commands, Context, COLUMN_KEYS, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::list::HeldList;
use crate::tui::widgets::paged_table::{Column, Cursor, Table};
use crate::tui::widgets::text::{fit, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

crate::i18n::texts! { W {
    Title => "{}销号台账", "Item ledger of {}";
    Context => "销号台账", "Item ledger";
    AllKinds => "全部类别", "all kinds";
    OpenOnly => "未销号", "open only";
    All => "全部", "all";
    Counts => "{} 项 · 未销号 {} · 超期 {}", "{} items · {} open · {} overdue";
    Empty => "没有这样的台账项。←→ 换类别，o 显示全部，n 列入一项。", "No such item. ←→ another kind, o all items, n a new one.";
    Needing => "需列入台账：{} 所学校有大校额、大班额标记但没有未销号项（taizhang items needing）", "Needing an item: {} flagged schools have no open item (taizhang items needing)";
    Chart => "各月末未销号：{} {} → {} {}", "Open at month end: {} {} → {} {}";
    ColSchool => "学校", "School";
    ColProblem => "问题", "Problem";
    ColPerson => "责任人", "Person";
    ColDue => "时限", "Due";
    HintKind => "类别", "kind";
    HintOpenAll => "未销号/全部", "open/all";
    HintNew => "列入", "new item";
}}

/// How many months the chart shows at most.
const CHART_MONTHS: usize = 24;
/// Rows of bars under the chart's title line.
const BAR_ROWS: usize = 3;

pub struct ItemsScreen {
    region: String,
    title: String,
    kinds: Vec<ItemKind>,
    /// 0: every kind; `i`: `kinds[i - 1]`.
    kind: usize,
    open_only: bool,
    items: HeldList<Item>,
    line: Vec<(Month, usize)>,
    needing: usize,
}

impl ItemsScreen {
    /// The ledger of region `code`, on its first kind with open items (else every kind).
    pub fn new(db: &Db, code: &str, title: &str) -> ItemsScreen {
        let mut s = ItemsScreen {
            region: code.to_string(),
            title: title.to_string(),
            kinds: items::kinds(&db.conn).unwrap_or_default(),
            kind: 0,
            open_only: true,
            items: HeldList::new(db, "items"),
            line: Vec::new(),
            needing: 0,
        };
        s.load(db);
        s
    }

    fn kind_code(&self) -> Option<String> {
        self.kind.checked_sub(1).and_then(|i| self.kinds.get(i)).map(|k| k.code.clone())
    }

    fn kind_name(&self) -> String {
        match self.kind.checked_sub(1).and_then(|i| self.kinds.get(i)) {
            Some(k) => kind_label(k).to_string(),
            None => W::AllKinds.s().to_string(),
        }
    }

    fn load(&mut self, db: &Db) -> bool {
        let keep = self.items.selected().map(|r| r.id);
        let filter = Filter { kind: self.kind_code(), open: self.open_only, ..Filter::default() };
        let result = (|| -> rusqlite::Result<(Vec<Item>, Vec<rules::Span>, usize)> {
            let rows = items::list(db, &self.region, &filter)?;
            let spans = items::spans(db, &self.region, filter.kind.as_deref())?;
            Ok((rows, spans, items::needing(db, &self.region)?.len()))
        })();
        match result {
            Ok((rows, spans, needing)) => {
                let last = Month::of(crate::db::today());
                let line = rules::open_by_month(&spans, rules::first_month(&spans, last, CHART_MONTHS), last);
                let at = keep.and_then(|id| rows.iter().position(|r| r.id == id)).unwrap_or(0);
                let changed = self.items.replace(Ok(rows)) | (line != self.line) | (needing != self.needing);
                self.line = line;
                self.needing = needing;
                self.items.cursor.index = at;
                changed
            }
            Err(e) => {
                // The last rows stay under the error.
                self.items.rows.error = Some(e.to_string());
                true
            }
        }
    }

    fn cycle_kind(&mut self, forward: bool, db: &Db) {
        let n = self.kinds.len() + 1;
        self.kind = if forward { (self.kind + 1) % n } else { (self.kind + n - 1) % n };
        self.items.cursor = Cursor::default();
        self.load(db);
    }
}

fn table(cols: usize) -> Table {
    Table::new(
        vec![
            Column::right(IT::ColId.s(), 4).key("id"),
            Column::left(W::ColSchool.s(), 14).key("school"),
            Column::flex(W::ColProblem.s(), 10).key("problem"),
            Column::left(W::ColPerson.s(), 8).key("person"),
            Column::left(W::ColDue.s(), 10).key("due").kept(),
            Column::left(IT::ColStatus.s(), 6).key("status"),
        ],
        cols,
    )
}

fn cells(i: &Item, status: Status) -> Vec<String> {
    vec![
        i.id.to_string(),
        i.school.clone().unwrap_or_else(|| IT::CountyLevel.s().to_string()),
        i.record.problem.clone(),
        i.record.person.clone(),
        i.record.due_on.clone().unwrap_or_default(),
        status_label(status).to_string(),
    ]
}

/// Eighths of a cell, for bars drawn with block glyphs.
const EIGHTHS: [char; 8] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇'];

/// The bar chart's rows: one column pair per month (the last months when they do not all
/// fit), bars `BAR_ROWS` high at the largest. Block glyphs draw eighths of a cell; ASCII
/// (`ascii`) whole cells, rounded, with `glyph`.
fn bars(line: &[(Month, usize)], cols: usize, glyph: char, ascii: bool) -> Vec<String> {
    let shown = line.len().min(cols / 2);
    let line = line.get(line.len() - shown..).unwrap_or_default();
    let max = line.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    // Rounded up: a month with any open item shows at least an eighth.
    let eighths = |n: usize| (n * BAR_ROWS * 8).div_ceil(max);
    (0..BAR_ROWS)
        .map(|row| {
            let floor = (BAR_ROWS - 1 - row) * 8;
            line.iter()
                .map(|(_, n)| {
                    let in_cell = eighths(*n).saturating_sub(floor).min(8);
                    let c = match in_cell {
                        8 => glyph,
                        k if ascii => {
                            if k >= 4 || (floor == 0 && k > 0) {
                                glyph
                            } else {
                                ' '
                            }
                        }
                        k => EIGHTHS.get(k).copied().unwrap_or(' '),
                    };
                    format!("{c} ")
                })
                .collect()
        })
        .collect()
}

impl Screen for ItemsScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(W::Title.s(), &[&self.title])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if let Some(effect) = self.items.update(action, ctx.db) {
            return effect;
        }
        match action {
            Action::Left => self.cycle_kind(false, ctx.db),
            Action::Right => self.cycle_kind(true, ctx.db),
            Action::Cmd(Command::ToggleOpen) => {
                self.open_only = !self.open_only;
                self.load(ctx.db);
            }
            Action::Enter => {
                let Some(r) = self.items.selected() else { return Effect::None };
                return Effect::Open(Route::Item(r.id));
            }
            Action::Cmd(Command::New) => {
                // A 填报员 may open items of their own school: only a refusal of any write stops here.
                if let Some(msg) = super::refusal(ctx.db, None, false) {
                    return Effect::Message(msg);
                }
                return Effect::Open(Route::NewItem { region: self.region.clone(), kind: self.kind_code() });
            }
            Action::Cmd(Command::Back) | Action::Backspace => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let today = crate::db::today();
        let (n, open, overdue, _) = crate::report::items::counts(&self.items.rows.data, today);
        let state = if self.open_only { W::OpenOnly.s() } else { W::All.s() };
        let head = format!("{} ←→ · {state}", self.kind_name());
        let counter = fill(W::Counts.s(), &[&n, &open, &overdue]);
        let top = Line::from(vec![
            Span::styled(fit(&head, cols.saturating_sub(width(&counter) + 1)), theme.label),
            Span::raw(" "),
            Span::styled(counter, theme.title),
        ]);
        frame.render_widget(Paragraph::new(top), Rect { height: 1, ..area });

        let chart_rows = (BAR_ROWS + 2) as u16;
        let table_area = Rect { y: area.y + 1, height: area.height.saturating_sub(1 + chart_rows), ..area };
        self.items.render(frame, table_area, table(cols), W::Empty.s(), theme, |r| {
            let status = r.status(today);
            (cells(r, status), status == Status::Closed)
        });

        let chart = Rect { y: table_area.bottom(), height: chart_rows.min(area.height), ..area };
        let mut lines = Vec::new();
        if let (Some((m0, n0)), Some((m1, n1))) = (self.line.first(), self.line.last()) {
            let title = fill(W::Chart.s(), &[m0, n0, m1, n1]);
            lines.push(Line::from(Span::styled(fit(&title, cols), theme.label)));
            lines.extend(bars(&self.line, cols, theme.bar, theme.ascii).into_iter().map(|b| Line::from(Span::raw(b))));
        }
        let needing = fill(W::Needing.s(), &[&self.needing]);
        let style = if self.needing > 0 { theme.error } else { theme.dim };
        lines.resize(BAR_ROWS + 1, Line::default());
        lines.push(Line::from(Span::styled(fit(&needing, cols), style)));
        frame.render_widget(Paragraph::new(lines), chart);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Item ledger",
    || W::Context.s(),
    &[
        &[
            bar(&["↑↓"], Command::Move, || T::HintMove.s()),
            bar(&["←→"], Command::Cycle, || W::HintKind.s()),
            bar(&["Enter"], Command::Open, || T::HintOpen.s()),
            bar(&["o"], Command::ToggleOpen, || W::HintOpenAll.s()),
            bar(&["n"], Command::New, || W::HintNew.s()),
        ],
        LIST_MOVES,
        COLUMN_KEYS,
    ],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_month_and_keep_the_last_months() {
        let m = |s: &str| Month::parse(s).unwrap_or(Month { year: 2026, month: 1 });
        let line = vec![(m("2026-01"), 53), (m("2026-02"), 30), (m("2026-03"), 1), (m("2026-04"), 0)];
        // 30 of 53 is 13.6 eighths of 24, rounded up to 14: a full cell and six eighths above it.
        assert_eq!(bars(&line, 80, '#', true), ["#       ", "# #     ", "# # #   "]);
        assert_eq!(bars(&line, 80, '█', false), ["█       ", "█ ▆     ", "█ █ ▁   "]);
        assert_eq!(bars(&line, 4, '#', true), ["#   ", "#   ", "#   "], "the last two months (1 and 0), rescaled");
    }
}
