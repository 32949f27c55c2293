//! The staff who may work inside a region: each login with its role and scope, so a
//! county administrator sees at a glance who enters data for which school. Adding or
//! changing someone stays on the command line (`taizhang user add`), which the empty list
//! says.

use super::{Ctx, Effect, Screen};
use crate::db::users::{self, User};
use crate::db::Db;
use crate::domain::access::Scope;
use crate::domain::region;
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{bar, commands, Context, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::loaded::Loaded;
use crate::tui::widgets::paged_table::{self, Column, Cursor, Table};
use ratatui::layout::Rect;
use ratatui::Frame;

crate::i18n::texts! { U {
    Title => "{}人员", "Staff of {}";
    Context => "人员列表", "Staff list";
    ColLogin => "登录名", "Login";
    ColRole => "角色", "Role";
    ColScope => "范围", "Scope";
    Empty => "尚无人员。添加：taizhang user add 登录名 --role filler --scope 学校码", "Nobody yet. Add: taizhang user add LOGIN --role filler --scope SCHOOL";
}}

/// One login as listed: its scope already named.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    login: String,
    role: &'static str,
    scope: String,
}

#[derive(Default)]
pub struct UsersScreen {
    code: String,
    title: String,
    rows: Loaded<Vec<Row>>,
    cursor: Cursor,
}

impl UsersScreen {
    pub fn new(db: &Db, code: &str, title: &str) -> UsersScreen {
        let mut s = UsersScreen { code: code.to_string(), title: title.to_string(), ..Default::default() };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) -> bool {
        let load = users::list(&db.conn)
            .map(|all| all.iter().filter_map(|u| self.row(db, u)).collect())
            .map_err(|e| e.to_string());
        self.rows.replace(load)
    }

    /// `u` as a row, if their scope lies inside this region.
    fn row(&self, db: &Db, u: &User) -> Option<Row> {
        let scope = match u.scope.as_ref()? {
            Scope::Region(code) if region::contains(&self.code, code) => {
                crate::db::regions::name_or_code(&db.conn, code)
            }
            Scope::School { id, county_code } if region::contains(&self.code, county_code) => {
                crate::db::schools::name(&db.conn, *id).ok().flatten().unwrap_or_else(|| id.to_string())
            }
            _ => return None,
        };
        Some(Row { login: u.login.clone(), role: u.role.label(), scope })
    }
}

fn table(cols: usize) -> Table {
    Table::new(
        vec![Column::left(U::ColLogin.s(), 16), Column::left(U::ColRole.s(), 16), Column::flex(U::ColScope.s(), 10)],
        cols,
    )
}

impl Screen for UsersScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(U::Title.s(), &[&self.title])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        if self.cursor.update(action, self.rows.data.len()) {
            return Effect::Changed;
        }
        match action {
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let range = self.cursor.visible(paged_table::body_rows(area), self.rows.data.len());
        let placeholder =
            paged_table::placeholder(self.rows.error.as_ref(), self.rows.data.is_empty(), U::Empty.s(), theme);
        let rows = range
            .filter_map(|i| Some((i, self.rows.data.get(i)?)))
            .map(|(i, r)| {
                let cells = vec![r.login.clone(), r.role.to_string(), r.scope.clone()];
                (cells, paged_table::row_style(i == self.cursor.index, false, theme))
            })
            .collect();
        table(area.width as usize).render(frame, area, None, rows, placeholder, theme);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

pub static KEYS: Context = commands(
    "Staff list",
    || U::Context.s(),
    &[&[bar(&["Esc"], Command::Back, || T::HintBack.s()), bar(&["↑↓"], Command::Move, || T::HintMove.s())], LIST_MOVES],
);
