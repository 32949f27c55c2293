//! `taizhang user add|list`: staff accounts.

use super::{write_failure, Failure};
use crate::db::{users, Db};
use crate::domain::access::{Role, Scope};
use crate::i18n::{fill, Label, T};
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    Add {
        login: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        scope: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    List,
}

/// `taizhang user add|list`.
pub fn run(db: &mut Db, action: &UserAction) -> Result<String, Failure> {
    match action {
        UserAction::Add { login, role, scope, name, phone } => {
            let phone = crate::domain::fields::half_width(phone.trim()).into_owned();
            let phone = match phone.as_str() {
                "" => String::new(),
                p => crate::domain::phone::parse(p).map_err(|_| Failure::usage(fill(T::PhoneBad.s(), &[&p])))?,
            };
            let phone = phone.as_str();
            let role = Role::from_code(role).ok_or_else(|| Failure::usage(fill(T::RoleUnknown.s(), &[role])))?;
            let resolved = users::resolve_scope(&db.conn, scope)
                .map_err(|e| super::sqlite_failure(db, &e))?
                .ok_or_else(|| Failure::usage(fill(T::ScopeUnknown.s(), &[scope])))?;
            users::upsert(db, login, role, &resolved).map_err(|e| write_failure(db, &e))?;
            users::set_contact(db, login, name.trim(), phone).map_err(|e| write_failure(db, &e))?;
            Ok(fill(T::UserAdded.s(), &[login, &role.label(), scope]))
        }
        UserAction::List => {
            let list = users::list(&db.conn).map_err(|e| super::sqlite_failure(db, &e))?;
            Ok(list
                .iter()
                .map(|u| {
                    let scope = match &u.scope {
                        Some(Scope::Region(c)) => c.clone(),
                        Some(Scope::School { id, .. }) => format!("school #{id}"),
                        None => "-".into(),
                    };
                    format!("{}\t{}\t{}", u.login, u.role.label(), scope)
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}
