//! `taizhang setting get|set KEY [VALUE]`: the database-wide switches an administrator may
//! change. Today one: `unknown_logins` (what logins not in the users table may read).

use super::{exit, write_failure, Failure};
use crate::db::scope::UnknownLogins;
use crate::db::{settings, Db};
use crate::i18n::fill;
use crate::i18n::T;
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum SettingAction {
    Get { key: String },
    Set { key: String, value: String },
}

pub fn run(db: &mut Db, action: &SettingAction) -> Result<String, Failure> {
    match action {
        SettingAction::Get { key } => {
            known(key)?;
            Ok(format!("{}\t{}", UnknownLogins::KEY, db.unknown_logins.code()))
        }
        SettingAction::Set { key, value } => {
            known(key)?;
            let policy = UnknownLogins::from_code(value)
                .ok_or_else(|| Failure::usage(fill(T::SettingBadValue.s(), &[&value, &key, &policy_codes()])))?;
            settings::set_unknown_logins(db, policy).map_err(|e| write_failure(db, &e))?;
            Ok(fill(T::SettingDone.s(), &[&key, &policy.code()]))
        }
    }
}

/// Only the keys this command knows may be read or set here (thresholds have their own
/// forms and checks).
fn known(key: &str) -> Result<(), Failure> {
    if key.trim() == UnknownLogins::KEY {
        Ok(())
    } else {
        Err(Failure { message: fill(T::SettingUnknownKey.s(), &[&key, &UnknownLogins::KEY]), code: exit::BAD_INPUT })
    }
}

fn policy_codes() -> String {
    UnknownLogins::ALL.iter().map(|p| p.code()).collect::<Vec<_>>().join("|")
}
