//! A list screen's rows held in memory: what was last loaded (or why not), the cursor and
//! the user's column choices, with the moves, the column keys and the drawing they share.
//! A screen keeps its own keys (Enter, filters) and its cells.

use super::columns::ColumnChoice;
use super::loaded::Loaded;
use super::paged_table::{self, Cursor, Table};
use crate::db::Db;
use crate::tui::keymap::Action;
use crate::tui::screens::Effect;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::Frame;

#[derive(Debug)]
pub struct HeldList<T> {
    pub rows: Loaded<Vec<T>>,
    pub cursor: Cursor,
    pub columns: ColumnChoice,
}

impl<T> Default for HeldList<T> {
    fn default() -> Self {
        HeldList {
            rows: Loaded { data: Vec::new(), error: None },
            cursor: Cursor::default(),
            columns: ColumnChoice::default(),
        }
    }
}

impl<T: PartialEq> HeldList<T> {
    /// An empty list whose column choices are kept under `[columns] name`.
    pub fn new(db: &Db, name: &'static str) -> HeldList<T> {
        HeldList { columns: ColumnChoice::load(db, name), ..HeldList::default() }
    }

    /// Takes a new load; whether the screen must redraw.
    pub fn replace(&mut self, load: Result<Vec<T>, String>) -> bool {
        self.rows.replace(load)
    }

    pub fn selected(&self) -> Option<&T> {
        self.rows.data.get(self.cursor.index)
    }

    /// A move or a column key, handled; `None` for the screen's own keys.
    pub fn update(&mut self, action: Action, db: &mut Db) -> Option<Effect> {
        if self.cursor.update(action, self.rows.data.len()) {
            return Some(Effect::Changed);
        }
        self.columns.update(action, db)
    }

    /// Draws `table` with the rows in view as `cells` gives them (their cells and whether
    /// the row is dimmed), or `empty` / the load error when there are none.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        table: Table,
        empty: &str,
        theme: &Theme,
        cells: impl Fn(&T) -> (Vec<String>, bool),
    ) {
        let data = &self.rows.data;
        let range = self.cursor.visible(paged_table::body_rows(area), data.len());
        let placeholder = paged_table::placeholder(self.rows.error.as_ref(), data.is_empty(), empty, theme);
        let rows = range
            .filter_map(|i| Some((i, data.get(i)?)))
            .map(|(i, r)| {
                let (cells, dimmed) = cells(r);
                (cells, paged_table::row_style(i == self.cursor.index, dimmed, theme))
            })
            .collect();
        let table = self.columns.choose(table);
        self.columns.drawn(table.render(frame, area, None, rows, placeholder, theme));
    }
}
