//! The user's column choices on a list drawn with the shared table (`paged_table`): pick a
//! column (`[` `]`), narrow or widen it (`<` `>`), hide it (`H`), put every column back
//! (`=`). Kept per list in the settings file (`config::ColumnStore`), so the next start
//! draws the list the same way. The keys act on the columns as they were last drawn.

use super::paged_table::Table;
use crate::config::Columns;
use crate::db::Db;
use crate::i18n::config::{save_error_text, C};
use crate::i18n::fill;
use crate::tui::bindings::{group_key, COLUMN_KEYS};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::screens::Effect;
use std::cell::RefCell;

/// The widest a column may be made (wider than any terminal it is used on).
const MAX_WIDTH: usize = 200;
/// Narrower than this a column shows nothing readable.
const MIN_WIDTH: usize = 2;

/// One column as drawn: its key, header, width, whether it is shown.
#[derive(Debug, Clone)]
struct Drawn {
    key: String,
    header: String,
    width: usize,
    hidden: bool,
}

/// One list's choices and the column the user picked.
#[derive(Debug, Default)]
pub struct ColumnChoice {
    /// The list's name under `[columns]` (`ledger`, `schools` …).
    list: &'static str,
    choice: Columns,
    /// Index into the table's columns.
    picked: Option<usize>,
    drawn: RefCell<Vec<Drawn>>,
}

impl ColumnChoice {
    pub fn load(db: &Db, list: &'static str) -> ColumnChoice {
        ColumnChoice { list, choice: db.columns.get(list), picked: None, drawn: RefCell::new(Vec::new()) }
    }

    /// `table` as the user chose it: hidden columns, set widths, the picked column.
    pub fn choose(&self, table: Table) -> Table {
        table.choose(&self.choice, self.picked)
    }

    /// Notes the columns as `Table::render` fitted and drew them: the keys act on those.
    pub fn drawn(&self, fitted: Table) {
        *self.drawn.borrow_mut() = fitted
            .columns
            .iter()
            .map(|c| Drawn { key: c.key.clone(), header: c.header.clone(), width: c.width, hidden: c.is_hidden() })
            .collect();
    }

    /// A column key: the new choice is drawn at once and kept; `None` for other actions.
    pub fn update(&mut self, action: Action, db: &mut Db) -> Option<Effect> {
        let Action::Cmd(cmd) = action else { return None };
        if !matches!(
            cmd,
            Command::PickColumn(_) | Command::ColumnWidth(_) | Command::HideColumn | Command::ResetColumns
        ) {
            return None;
        }
        let drawn = self.drawn.borrow().clone();
        let shown: Vec<usize> = (0..drawn.len()).filter(|i| drawn.get(*i).is_some_and(|d| !d.hidden)).collect();
        if shown.is_empty() {
            return Some(Effect::Message(C::NoColumns.s().to_string()));
        }
        let key = |c| group_key(COLUMN_KEYS, c);
        let current = self.picked.filter(|p| shown.contains(p)).or(shown.first().copied());
        let (Some(at), Some(col)) = (current, current.and_then(|p| drawn.get(p))) else { return None };
        let said = match cmd {
            Command::PickColumn(step) => {
                let pos = shown.iter().position(|i| *i == at).unwrap_or(0);
                let next = match self.picked {
                    // The first press picks the first (or last) column itself.
                    None if step > 0 => shown.first(),
                    None => shown.last(),
                    Some(_) if step > 0 => shown.get((pos + 1).min(shown.len() - 1)),
                    Some(_) => shown.get(pos.saturating_sub(1)),
                };
                self.picked = next.copied();
                let d = self.picked.and_then(|p| drawn.get(p)).unwrap_or(col);
                let keys =
                    [Command::ColumnWidth(-2), Command::ColumnWidth(2), Command::HideColumn, Command::ResetColumns]
                        .map(key);
                return Some(Effect::Message(fill(
                    C::ColumnPicked.s(),
                    &[&d.header, &d.width, &keys[0], &keys[1], &keys[2], &keys[3]],
                )));
            }
            Command::ColumnWidth(delta) => {
                // Keys typed faster than frames are drawn add up: the width set counts.
                let now = self.choice.width(&col.key).unwrap_or(col.width);
                let width = now as i64 + i64::from(delta);
                if width < MIN_WIDTH as i64 || width > MAX_WIDTH as i64 {
                    let way = if delta < 0 { C::Narrower1.s() } else { C::Wider1.s() };
                    return Some(Effect::Message(fill(C::ColumnLimit.s(), &[&col.header, &now, &way])));
                }
                self.picked = Some(at);
                self.choice.set_width(&col.key, width as usize);
                fill(C::ColumnWidth.s(), &[&col.header, &width, &key(Command::ResetColumns)])
            }
            Command::HideColumn if shown.len() == 1 => {
                return Some(Effect::Message(fill(C::LastColumn.s(), &[&col.header])));
            }
            Command::HideColumn => {
                self.choice.hide(&col.key);
                // The pick moves on to the next column shown, as a deleted row's cursor does.
                self.picked = shown.iter().copied().find(|i| *i > at).or(shown.iter().copied().rev().find(|i| *i < at));
                fill(C::ColumnHidden.s(), &[&col.header, &key(Command::ResetColumns)])
            }
            _ => {
                self.choice = Columns::default();
                self.picked = None;
                C::ColumnsReset.s().to_string()
            }
        };
        Some(Effect::Message(match db.columns.set(self.list, &self.choice) {
            Ok(()) => said,
            Err(e) => format!("{said} {}", save_error_text(&e)),
        }))
    }
}
