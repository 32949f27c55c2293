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
use crate::tui::bindings::{bar, commands, Context, COLUMN_KEYS, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::list::HeldList;
use crate::tui::widgets::paged_table::{Column, Table};
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
    list: HeldList<Row>,
}

impl UsersScreen {
    pub fn new(db: &Db, code: &str, title: &str) -> UsersScreen {
        let mut list = HeldList::new(db, "users");
        list.replace(staff_of(db, code));
        UsersScreen { code: code.to_string(), title: title.to_string(), list }
    }
}

/// The staff whose scope lies inside region `code`.
fn staff_of(db: &Db, code: &str) -> Result<Vec<Row>, String> {
    let all = users::list(&db.conn).map_err(|e| e.to_string())?;
    Ok(all.iter().filter_map(|u| row(db, code, u)).collect())
}

/// `u` as a row, if their scope lies inside region `code`.
fn row(db: &Db, code: &str, u: &User) -> Option<Row> {
    let scope = match u.scope.as_ref()? {
        Scope::Region(c) if region::contains(code, c) => crate::db::regions::name_or_code(&db.conn, c),
        Scope::School { id, county_code } if region::contains(code, county_code) => {
            crate::db::schools::name(&db.conn, *id).ok().flatten().unwrap_or_else(|| id.to_string())
        }
        _ => return None,
    };
    Some(Row { login: u.login.clone(), role: u.role.label(), scope })
}

impl Screen for UsersScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(U::Title.s(), &[&self.title])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            _ => self.list.update(action, ctx.db).unwrap_or(Effect::None),
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let table = table(area.width as usize);
        self.list.render(frame, area, table, U::Empty.s(), theme, |r| {
            (vec![r.login.clone(), r.role.to_string(), r.scope.clone()], false)
        });
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.list.replace(staff_of(db, &self.code))
    }
}

/// The staff table: the login and its role are never cut.
fn table(cols: usize) -> Table {
    Table::new(
        vec![
            Column::left(U::ColLogin.s(), 16).key("login").kept(),
            Column::left(U::ColRole.s(), 16).key("role"),
            Column::flex(U::ColScope.s(), 10).key("scope"),
        ],
        cols,
    )
}

pub static KEYS: Context = commands(
    "Staff list",
    || U::Context.s(),
    &[
        &[bar(&["Esc"], Command::Back, || T::HintBack.s()), bar(&["↑↓"], Command::Move, || T::HintMove.s())],
        LIST_MOVES,
        COLUMN_KEYS,
    ],
);
