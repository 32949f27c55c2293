//! `taizhang recheck --county CODE --by NAME [--date D] [--note TEXT] ITEM…`: the county
//! records a 复核 round (`domain::recheck`), each ITEM `学校标识码=结果` or `#案件编号=结果`
//! (`:备注` after it optional), the result confirmed, corrected or new_case; one audited
//! transaction. `taizhang report rechecks --county CODE [--json]` lists the rounds.

use super::Failure;
use crate::db::recheck::{self as store, NewRecheck};
use crate::db::Db;
use crate::domain::recheck::{self, RecheckError};
use crate::i18n::fill;
use crate::i18n::month::{recheck_error, recheck_item_line, recheck_round_line, M};

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct RecheckArgs {
    #[arg(long)]
    pub county: String,
    #[arg(long)]
    pub by: String,
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long, default_value = "")]
    pub note: String,
    pub items: Vec<String>,
}

pub fn run(db: &mut Db, a: &RecheckArgs) -> Result<String, Failure> {
    let county = super::month::county_arg(db, &a.county)?;
    let held_on = super::day_arg(a.date.as_deref(), crate::db::today(), M::RecheckBadDate.s())?;
    let items = a
        .items
        .iter()
        .map(|i| recheck::parse_item(i))
        .collect::<Result<Vec<_>, RecheckError>>()
        .map_err(|e| Failure::usage(recheck_error(&e)))?;
    let round = NewRecheck { county, held_on, checked_by: a.by.clone(), note: a.note.clone(), items };
    let (id, t) = store::record(db, &round).map_err(|e| super::write_failure(db, &e))?;
    Ok(fill(M::RecheckAdded.s(), &[&id, &t.items, &t.confirmed, &t.corrected, &t.new_case]))
}

/// `taizhang report rechecks`: each round with its count per finding, then its items.
pub fn rounds(db: &Db, county: &str, json: bool) -> Result<String, Failure> {
    let county = super::month::county_arg(db, county)?;
    let rows = store::rounds(db, &county).map_err(|e| super::report::report_failure(db, e))?;
    if json {
        return Ok(serde_json::json!({ "county": county, "rounds": rows }).to_string());
    }
    let name = db.region_name(&county);
    let mut out = vec![super::demo_titled(db, fill(M::RecheckListTitle.s(), &[&name, &county]))];
    if rows.is_empty() {
        out.push(M::RecheckNone.s().to_string());
    }
    for r in &rows {
        out.push(recheck_round_line(r));
        out.extend(r.items.iter().map(|i| format!("  {}", recheck_item_line(i))));
    }
    Ok(out.join("\n"))
}
