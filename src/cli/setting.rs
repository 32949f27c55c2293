//! `taizhang setting get|set KEY [VALUE] [--county CODE]`: the settings an administrator
//! may change here: `unknown_logins` (database-wide: what logins not in the users table
//! may read), and the month's cycle settings (`domain::cycle_settings`: deadline_day,
//! dropout_after_days, overdue_visit_days, tracking_check_days), province-wide or, with
//! `--county`, the county's own, which overrides it.

use super::{exit, write_failure, Failure};
use crate::db::scope::UnknownLogins;
use crate::db::{settings, Db};
use crate::domain::cycle_settings::{self, CycleSetting, SETTINGS};
use crate::i18n::fill;
use crate::i18n::T;
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum SettingAction {
    Get {
        key: String,
        #[arg(long)]
        county: Option<String>,
    },
    Set {
        key: String,
        value: String,
        #[arg(long)]
        county: Option<String>,
    },
}

pub fn run(db: &mut Db, action: &SettingAction) -> Result<String, Failure> {
    let (key, county) = match action {
        SettingAction::Get { key, county } | SettingAction::Set { key, county, .. } => (key.trim(), county),
    };
    let county = county.as_deref().map(|c| super::month::county_arg(db, c)).transpose()?;
    if let Some(s) = cycle_settings::find(key) {
        return cycle(db, s, county.as_deref(), action);
    }
    if key != UnknownLogins::KEY {
        return Err(Failure { message: fill(T::SettingUnknownKey.s(), &[&key, &known_keys()]), code: exit::BAD_INPUT });
    }
    if county.is_some() {
        return Err(Failure::usage(fill(T::SettingNotPerCounty.s(), &[&key])));
    }
    match action {
        SettingAction::Get { .. } => Ok(format!("{}\t{}", UnknownLogins::KEY, db.unknown_logins.code())),
        SettingAction::Set { value, .. } => {
            let policy = UnknownLogins::from_code(value)
                .ok_or_else(|| Failure::usage(fill(T::SettingBadValue.s(), &[&value, &key, &policy_codes()])))?;
            settings::set_unknown_logins(db, policy).map_err(|e| write_failure(db, &e))?;
            Ok(fill(T::SettingDone.s(), &[&key, &policy.code()]))
        }
    }
}

/// A month's cycle setting: shown with where its value comes from, or set.
fn cycle(db: &mut Db, s: &CycleSetting, county: Option<&str>, action: &SettingAction) -> Result<String, Failure> {
    let key = s.field.key;
    match action {
        SettingAction::Get { .. } => {
            let own = match county {
                Some(c) => settings::county_own(&db.conn, c, s).map_err(|e| Failure::usage(e.to_string()))?,
                None => None,
            };
            let value = settings::cycle_value(&db.conn, county.unwrap_or_default(), s);
            let from = if own.is_some() { T::SettingFromCounty.s() } else { T::SettingFromProvince.s() };
            Ok(format!("{key}\t{value}\t{from}"))
        }
        SettingAction::Set { value, .. } => {
            let n = cycle_settings::parse(s, value).map_err(|e| {
                let why = crate::i18n::month::setting_error(value, e);
                Failure::usage(fill(T::SettingRefused.s(), &[&crate::i18n::ledger::label_of(&s.field), &key, &why]))
            })?;
            settings::set_cycle(db, county, s, n).map_err(|e| write_failure(db, &e))?;
            let whose = county.map_or_else(|| T::SettingProvinceWide.s().to_string(), |c| db.region_name(c));
            Ok(fill(T::SettingCycleDone.s(), &[&whose, &crate::i18n::ledger::label_of(&s.field), &key, &n]))
        }
    }
}

fn known_keys() -> String {
    std::iter::once(UnknownLogins::KEY).chain(SETTINGS.iter().map(|s| s.field.key)).collect::<Vec<_>>().join("、")
}

fn policy_codes() -> String {
    UnknownLogins::ALL.iter().map(|p| p.code()).collect::<Vec<_>>().join("|")
}
