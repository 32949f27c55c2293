//! The county's entered evaluation figures, from the indicators screen (key `f`): one tab
//! per kind — cohorts (巩固率), school-age disabled children, teacher rotations, enrolment
//! by stage, classes by size band — each a table of the rows entered, the same rows the
//! import writes and the export template holds. `n` adds a row, Enter edits it, `d` twice
//! deletes it; every change is audited and only the county's administrators may make it.

use super::{Ctx, Effect, Route, Screen};
use crate::db::figures::{self as store, FigureRow};
use crate::db::record::text_of;
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::figures::{self as figures, Figures};
use crate::i18n::evaluation::{figure_label, figures_name};
use crate::i18n::keys::K;
use crate::i18n::{fill, T};
use crate::tui::bindings::{bar, commands, help, Context, COLUMN_KEYS};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::columns::ColumnChoice;
use crate::tui::widgets::paged_table::{self, Column, Cursor, Table};
use crate::tui::widgets::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

crate::i18n::texts! { G {
    Title => "录入数据", "Entered figures";
    Context => "录入数据", "Entered figures";
    HintKind => "切换", "kind";
    HintNew => "新增", "add";
    HintEdit => "修改", "edit";
    HintDelete => "删除", "delete";
    Empty => "尚未录入。n 新增一行，或 taizhang import {} 文件 --apply", "Nothing entered. n adds a row, or taizhang import {} FILE --apply";
    ConfirmDelete => "再按 d 删除这一行：{}", "Press d again to delete this row: {}";
    Deleted => "已删除：{}", "Deleted: {}";
    FooterRule => "每一行都记入审计日志；学校、学段、年度相同的行会被替换。", "Every change is audited; a row with the same year, school and stage is replaced.";
}}

/// A column header short enough for 80 columns: the size bands by their bounds.
fn header(what: Figures, key: &str) -> String {
    match key {
        "up_to_45" => "≤45".into(),
        "from_46_to_50" => "46-50".into(),
        "from_51_to_55" => "51-55".into(),
        "from_56_to_65" => "56-65".into(),
        "over_65" => "66+".into(),
        _ => figure_label(what, key).to_string(),
    }
}

pub struct FiguresScreen {
    county: String,
    kind: usize,
    rows: Vec<Vec<(&'static str, String)>>,
    cursor: Cursor,
    error: Option<String>,
    /// The row `d` was pressed on once: a second `d` deletes it.
    armed: Option<usize>,
    columns: ColumnChoice,
}

impl FiguresScreen {
    pub fn new(db: &Db, county: &str) -> FiguresScreen {
        let mut s = FiguresScreen {
            county: county.to_string(),
            kind: 0,
            rows: Vec::new(),
            cursor: Cursor::default(),
            error: None,
            armed: None,
            columns: ColumnChoice::load(db, "figures"),
        };
        s.load(db);
        s
    }

    fn what(&self) -> Figures {
        Figures::ALL.get(self.kind).copied().unwrap_or(Figures::Cohorts)
    }

    fn load(&mut self, db: &Db) -> bool {
        // Figures are county counts: the county's report scope.
        let rows = match db.report_coverage(&self.county, None) {
            Err(r) => Err(crate::i18n::errors::session_refusal(db, &r)),
            Ok(_) => store::rows(&db.conn, self.what(), &self.county).map_err(|e| e.to_string()),
        };
        let (rows, error) = match rows {
            Ok(r) => (r, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let changed = rows != self.rows || error != self.error;
        self.rows = rows;
        self.error = error;
        self.cursor.index = self.cursor.index.min(self.rows.len().saturating_sub(1));
        changed
    }

    /// The fields shown as columns: all but the county (the screen's own).
    fn shown_fields(&self) -> Vec<&'static crate::domain::fields::Field> {
        self.what().fields().iter().filter(|f| f.key != figures::COUNTY.key).collect()
    }

    fn cell(&self, row: &[(&'static str, String)], key: &str) -> String {
        let t = text_of(row, key);
        if key == "stage" {
            crate::io::figures::stage_text(self.what(), &t)
        } else {
            t
        }
    }

    fn switch(&mut self, step: isize, db: &Db) -> Effect {
        let n = Figures::ALL.len() as isize;
        self.kind = (self.kind as isize + step).rem_euclid(n) as usize;
        self.cursor = Cursor::default();
        self.armed = None;
        self.load(db);
        Effect::Changed
    }

    fn open_form(&self, db: &Db, row: Option<usize>) -> Effect {
        let target = Target { region_code: self.county.clone(), school_id: None };
        if let Some(why) = super::refusal(db, Some(&target), true) {
            return Effect::Message(why);
        }
        let texts = row.and_then(|i| self.rows.get(i)).cloned();
        Effect::Open(Route::FigureRow { county: self.county.clone(), what: self.what(), texts })
    }

    /// The selected row as the store keys it (its texts resolved as the import would).
    fn stored(&self, db: &Db, i: usize) -> Option<FigureRow> {
        let texts = self.rows.get(i)?;
        let get = |k: &str| if k == figures::COUNTY.key { self.county.clone() } else { text_of(texts, k) };
        let schools = crate::db::schools::load_refs(&db.conn).ok()?;
        let year = chrono::Datelike::year(&crate::db::today());
        crate::io::figures::resolve(&db.conn, self.what(), &get, &schools, year).ok()?.ok()
    }

    fn describe(&self, i: usize) -> String {
        let Some(row) = self.rows.get(i) else { return String::new() };
        self.shown_fields().iter().take(4).map(|f| self.cell(row, f.key)).collect::<Vec<_>>().join(" ")
    }

    fn delete(&mut self, ctx: &mut Ctx) -> Effect {
        let i = self.cursor.index;
        if self.rows.get(i).is_none() {
            return Effect::None;
        }
        if self.armed != Some(i) {
            self.armed = Some(i);
            return Effect::Message(fill(G::ConfirmDelete.s(), &[&self.describe(i)]));
        }
        self.armed = None;
        let Some(row) = self.stored(ctx.db, i) else { return Effect::None };
        let what = self.what();
        let target = Target { region_code: self.county.clone(), school_id: None };
        let shown = self.describe(i);
        match ctx.db.write(&target, true, |tx| Ok(((), store::delete(tx, what, &row)?))) {
            Ok(()) => {
                self.load(ctx.db);
                Effect::Message(fill(G::Deleted.s(), &[&shown]))
            }
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }

    fn tabs_line(&self, cols: usize, theme: &Theme) -> Line<'static> {
        let mut spans = Vec::new();
        for (i, what) in Figures::ALL.iter().enumerate() {
            let style = if i == self.kind { theme.selected } else { theme.dim };
            spans.push(Span::styled(format!(" {} ", figures_name(*what)), style));
        }
        let used: usize = spans.iter().map(|s| crate::tui::widgets::text::width(&s.content)).sum();
        if used > cols {
            return Line::from(Span::styled(fit(figures_name(self.what()), cols), theme.selected));
        }
        Line::from(spans)
    }

    fn table(&self, cols: usize) -> Table {
        let what = self.what();
        let columns = self
            .shown_fields()
            .iter()
            .map(|f| match f.key {
                "school" => Column::flex(header(what, f.key), 8).key(f.key),
                "note" => Column::flex(header(what, f.key), 4).key(f.key),
                k => {
                    let w = crate::tui::widgets::text::width(&header(what, k)).max(4);
                    if matches!(f.kind, crate::domain::fields::Kind::Int { .. }) {
                        Column::right(header(what, k), w).key(k)
                    } else {
                        Column::left(header(what, k), w).key(k)
                    }
                }
            })
            .collect();
        Table::new(columns, cols)
    }
}

impl Screen for FiguresScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![G::Title.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if let Some(effect) = self.columns.update(action, ctx.db) {
            return effect;
        }
        if self.cursor.update(action, self.rows.len()) {
            self.armed = None;
            return Effect::Changed;
        }
        match action {
            Action::Cmd(Command::Back) | Action::Backspace => Effect::Pop,
            Action::NextField | Action::Right => self.switch(1, ctx.db),
            Action::PrevField | Action::Left => self.switch(-1, ctx.db),
            Action::Cmd(Command::New) => self.open_form(ctx.db, None),
            Action::Enter | Action::Cmd(Command::Edit) if !self.rows.is_empty() => {
                self.open_form(ctx.db, Some(self.cursor.index))
            }
            Action::Cmd(Command::Unset) => self.delete(ctx),
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        if area.height < 3 {
            return;
        }
        let top = Rect { height: 1, ..area };
        frame.render_widget(Paragraph::new(self.tabs_line(cols, theme)), top);
        let foot = Rect { y: area.y + area.height - 1, height: 1, ..area };
        frame.render_widget(Paragraph::new(Span::styled(fit(G::FooterRule.s(), cols), theme.dim)), foot);
        let body = Rect { y: area.y + 1, height: area.height - 2, ..area };
        let range = self.cursor.visible(paged_table::body_rows(body), self.rows.len());
        let empty = fill(G::Empty.s(), &[&self.what().code()]);
        let placeholder = paged_table::placeholder(self.error.as_ref(), self.rows.is_empty(), &empty, theme);
        let fields = self.shown_fields();
        let rows = range
            .filter_map(|i| Some((i, self.rows.get(i)?)))
            .map(|(i, r)| {
                let cells = fields.iter().map(|f| self.cell(r, f.key)).collect();
                (cells, paged_table::row_style(i == self.cursor.index, false, theme))
            })
            .collect();
        let table = self.columns.choose(self.table(cols));
        self.columns.drawn(table.render(frame, body, None, rows, placeholder, theme));
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Entered figures",
    || G::Context.s(),
    &[
        &[
            bar(&["Esc"], Command::Back, || T::HintBack.s()),
            bar(&["Tab", "←→"], Command::SwitchTab, || G::HintKind.s()),
            bar(&["n"], Command::New, || G::HintNew.s()),
            bar(&["Enter", "e"], Command::Edit, || G::HintEdit.s()),
            bar(&["d"], Command::Unset, || G::HintDelete.s()),
            help(&["Shift-Tab"], Command::SwitchTab, || G::HintKind.s()),
            help(&["↑↓"], Command::Move, || T::HintMove.s()),
            help(&["PgUp/PgDn"], Command::Move, || K::Page.s()),
            help(&["Home/End"], Command::Move, || K::Ends.s()),
            help(&["Backspace"], Command::Back, || T::HintBack.s()),
        ],
        COLUMN_KEYS,
    ],
);
