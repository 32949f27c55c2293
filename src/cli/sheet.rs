//! `taizhang sheet show|set|clear`: the self-evaluation sheet of one county and year. `show`
//! prints every item (computed ones with their value and rule, hand ones with their
//! confirmation) after the four section verdicts; `set` confirms a hand item, `clear`
//! withdraws a confirmation — the county's administrators only, audited.

use super::report::{csv, json};
use super::{exit, write_failure, Failure};
use crate::db::indicators as load;
use crate::db::{evaluation, Db};
use crate::domain::evaluation::{self as ev, EntryInput};
use crate::domain::region::{self, Level};
use crate::i18n::evaluation::{entry_error, E};
use crate::i18n::fill;
use crate::i18n::indicators::I;
use crate::report::indicators::{self as rep, text};
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum SheetAction {
    Show {
        #[arg(long)]
        county: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value = "text")]
        format: String,
        #[arg(long)]
        json: bool,
    },
    Set {
        #[arg(long)]
        county: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        item: String,
        #[arg(long, default_value = "")]
        value: String,
        #[arg(long, default_value = "")]
        verdict: String,
        #[arg(long, default_value = "")]
        evidence: String,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
    Clear {
        #[arg(long)]
        county: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        item: String,
    },
}

fn failed(e: rusqlite::Error) -> Failure {
    Failure { message: fill(I::ReportLoadFailed.s(), &[&e]), code: exit::ERROR }
}

/// The county code, checked: a county the database knows.
fn county_of(db: &Db, county: &str) -> Result<String, Failure> {
    let county = county.trim();
    if region::level_of(county) != Ok(Level::County) {
        return Err(Failure::usage(fill(I::ReportNotCounty.s(), &[&county])));
    }
    if crate::db::regions::get(&db.conn, county).map_err(failed)?.is_none() {
        return Err(Failure::usage(fill(I::ReportUnknownCounty.s(), &[&county])));
    }
    Ok(county.to_string())
}

pub fn run(db: &mut Db, action: &SheetAction) -> Result<String, Failure> {
    let today = crate::db::today();
    let this_year = chrono::Datelike::year(&today);
    match action {
        SheetAction::Show { county, year, format, json: as_json } => {
            let format = &super::report::json_or(format, *as_json);
            let county = county_of(db, county)?;
            let year = year.unwrap_or(this_year);
            let inputs = load::load(db, &county, None, year).map_err(|e| super::report::report_failure(db, e))?;
            let entries = evaluation::entries(&db.conn, &county, year).map_err(failed)?;
            let rows = rep::sheet(&inputs, &entries);
            let tables = vec![rep::verdict_table(&rows), rep::sheet_only(&rows, &inputs)];
            let title =
                super::demo_titled(db, format!("{} {} {}", inputs.name, county, fill(E::SheetTitle.s(), &[&year])));
            match format.trim() {
                "text" => Ok(text(&title, &tables)),
                "csv" => csv(&title, &tables)
                    .map(|b| String::from_utf8_lossy(&b).trim_end().to_string())
                    .map_err(|e| Failure { message: e.to_string(), code: exit::ERROR }),
                "json" => Ok(json(&title, year, &tables)),
                f => Err(Failure::usage(fill(I::ReportBadFormat.s(), &[&f]))),
            }
        }
        SheetAction::Set { county, year, item, value, verdict, evidence, on, by } => {
            let county = county_of(db, county)?;
            let year = year.unwrap_or(this_year);
            let input = EntryInput {
                item: item.clone(),
                value: value.clone(),
                verdict: verdict.clone(),
                evidence: evidence.clone(),
                confirmed_on: on.clone().unwrap_or_else(|| today.format("%Y-%m-%d").to_string()),
                confirmed_by: by.clone().unwrap_or_else(|| db.actor.login.clone()),
            };
            let entry = ev::confirm(&input, today).map_err(|e| Failure::usage(entry_error(&e)))?;
            evaluation::confirm(db, &county, year, &entry).map_err(|e| write_failure(db, &e))?;
            let state = if entry.met { E::StateMet.s() } else { E::StateNotMet.s() };
            Ok(fill(E::SetDone.s(), &[&entry.item, &crate::i18n::evaluation::item_name(entry.item), &year, &state]))
        }
        SheetAction::Clear { county, year, item } => {
            let county = county_of(db, county)?;
            let year = year.unwrap_or(this_year);
            let found = ev::find(item).filter(|i| i.is_hand()).ok_or_else(|| {
                Failure::usage(entry_error(&match ev::find(item) {
                    Some(i) => ev::EntryError::Computed(i.code),
                    None => ev::EntryError::UnknownItem(item.trim().to_string()),
                }))
            })?;
            let withdrawn = evaluation::withdraw(db, &county, year, found.code).map_err(|e| write_failure(db, &e))?;
            let text = if withdrawn { E::ClearDone.s() } else { E::ClearNone.s() };
            Ok(fill(text, &[&found.code, &year]))
        }
    }
}
