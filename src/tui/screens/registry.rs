//! The special-group registry's 统计表 of a county (one line per school) or a prefecture
//! (one line per county): children, each watched group, boys, girls, placed, and the total.
//! The counts follow the session's report scope (a 填报员 sees their school's line).

use super::{Ctx, Effect, Screen};
use crate::db::registry;
use crate::db::Db;
use crate::domain::registry::{Counts, Tally};
use crate::i18n::fill;
use crate::i18n::registry::RG;
use crate::i18n::T;
use crate::tui::bindings::{bar, commands, Context, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::loaded::Loaded;
use crate::tui::widgets::paged_table::{self, Column, Cursor, Table};
use ratatui::layout::Rect;
use ratatui::Frame;

#[derive(Default)]
pub struct RegistryScreen {
    code: String,
    title: String,
    tally: Loaded<Tally>,
    cursor: Cursor,
}

impl RegistryScreen {
    pub fn new(db: &Db, code: &str, title: &str) -> RegistryScreen {
        let mut s = RegistryScreen { code: code.to_string(), title: title.to_string(), ..Default::default() };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) -> bool {
        let load = registry::tally(db, &self.code, None).map_err(|e| crate::i18n::errors::report_error(db, &e));
        self.tally.replace(load)
    }

    /// The lines and the total, as the table shows them.
    fn lines(&self) -> Vec<(&str, &Counts)> {
        let mut v: Vec<(&str, &Counts)> = self.tally.data.lines.iter().map(|(u, c)| (u.as_str(), c)).collect();
        if self.tally.error.is_none() {
            v.push((RG::Total.s(), &self.tally.data.total));
        }
        v
    }
}

fn table(cols: usize, by_county: bool) -> Table {
    let headers = crate::io::registry::tally_headers(by_county);
    let columns = headers
        .into_iter()
        .enumerate()
        .map(
            |(i, h)| if i == 0 { Column::flex(h, 10) } else { Column::right(h.clone(), crate::text::width(&h).max(3)) },
        )
        .collect();
    Table::new(columns, cols)
}

fn cells(unit: &str, c: &Counts) -> Vec<String> {
    let mut v = vec![unit.to_string(), c.children.to_string()];
    v.extend(c.groups.iter().map(|n| n.to_string()));
    v.extend([c.male, c.female, c.placed].map(|n| n.to_string()));
    v
}

impl Screen for RegistryScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(RG::Title.s(), &[&self.title])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        if self.cursor.update(action, self.lines().len()) {
            return Effect::Changed;
        }
        match action {
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let lines = self.lines();
        let range = self.cursor.visible(paged_table::body_rows(area), lines.len());
        let placeholder = paged_table::placeholder(self.tally.error.as_ref(), lines.is_empty(), RG::Empty.s(), theme);
        let rows = range
            .filter_map(|i| Some((i, lines.get(i)?)))
            .map(|(i, (u, c))| (cells(u, c), paged_table::row_style(i == self.cursor.index, false, theme)))
            .collect();
        let by_county = crate::domain::region::level_of(&self.code) != Ok(crate::domain::region::Level::County);
        table(area.width as usize, by_county).render(frame, area, None, rows, placeholder, theme);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

pub static KEYS: Context = commands(
    "Special-group registry",
    || RG::ContextRegistry.s(),
    &[&[bar(&["Esc"], Command::Back, || T::HintBack.s()), bar(&["↑↓"], Command::Move, || T::HintMove.s())], LIST_MOVES],
);
