//! `taizhang tag add|give|list`: school designations (冰球基点学校, 省级绿色学校 …). A county's
//! (or a prefecture's) administrators define tags and give them to schools with a level and
//! a date; the list counts the schools holding each.

use super::region::{resolve, RegionArg};
use super::{write_failure, Failure};
use crate::db::tags;
use crate::db::Db;
use crate::domain::tags as rules;
use crate::i18n::registry::{tag_error, RG};
use crate::i18n::{fill, Label};
use crate::text::width;
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum TagAction {
    Add {
        #[command(flatten)]
        region: RegionArg,
        name: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    Give {
        #[arg(long)]
        school: String,
        name: String,
        #[arg(long)]
        level: String,
        #[arg(long)]
        on: Option<String>,
    },
    List {
        #[command(flatten)]
        region: RegionArg,
    },
}

pub fn run(db: &mut Db, action: &TagAction) -> Result<String, Failure> {
    match action {
        TagAction::Add { region, name, note } => {
            let region = region.resolve(&db.conn)?;
            let name = rules::name(name).map_err(|e| Failure::usage(tag_error(&e)))?;
            match tags::define(db, &region.code, &name, note).map_err(|e| write_failure(db, &e))? {
                Some(_) => Ok(fill(RG::TagDefined.s(), &[&name, &region.name])),
                None => Ok(fill(RG::TagExists.s(), &[&region.name, &name])),
            }
        }
        TagAction::Give { school, name, level, on } => give(db, school, name, level, on.as_deref()),
        TagAction::List { region } => {
            let region = region.resolve(&db.conn)?;
            list(db, &region.code, &region.name)
        }
    }
}

fn give(db: &mut Db, school: &str, name: &str, level: &str, on: Option<&str>) -> Result<String, Failure> {
    let (id, county) = crate::db::schools::by_code(&db.conn, school.trim())
        .map_err(|e| super::sqlite_failure(db, &e))?
        .ok_or_else(|| Failure::usage(fill(crate::i18n::io::X::SchoolUnknownCode.s(), &[&school])))?;
    let school_name = crate::db::schools::name(&db.conn, id).ok().flatten().unwrap_or_default();
    let level = rules::level(level, |l| l.label()).map_err(|e| Failure::usage(tag_error(&e)))?;
    let name = rules::name(name).map_err(|e| Failure::usage(tag_error(&e)))?;
    let tag = tags::find(&db.conn, &county, &name).map_err(|e| super::sqlite_failure(db, &e))?.ok_or_else(|| {
        let county_name = resolve(&db.conn, &county).map(|r| r.name).unwrap_or_else(|_| county.clone());
        Failure::usage(fill(RG::TagUnknown.s(), &[&county_name, &name, &county, &name]))
    })?;
    let today = crate::db::today();
    let on = match crate::domain::dates::parse(on.unwrap_or_default(), today) {
        Ok(d) => crate::domain::dates::iso(d.unwrap_or(today)),
        Err(e) => {
            let why = crate::i18n::ledger::case_error(&crate::domain::case::CaseError::Date(e));
            return Err(Failure::usage(why));
        }
    };
    match tags::give(db, &county, id, tag, level, &on).map_err(|e| write_failure(db, &e))? {
        true => Ok(fill(RG::TagGiven.s(), &[&school_name, &name, &level.label(), &on])),
        false => Ok(fill(RG::TagHeld.s(), &[&school_name, &name, &level.label()])),
    }
}

fn list(db: &Db, code: &str, name: &str) -> Result<String, Failure> {
    let all = tags::counts(db, code).map_err(|e| super::sqlite_failure(db, &e))?;
    if all.is_empty() {
        return Ok(RG::TagNone.s().to_string());
    }
    let widest = all.iter().map(|t| width(&t.name)).max().unwrap_or(0).max(width(RG::TagColName.s()));
    let pad = |s: &str| format!("{s}{}", " ".repeat(widest.saturating_sub(width(s))));
    let mut out = vec![
        super::demo_titled(db, fill(RG::TagListTitle.s(), &[&name])),
        format!("{}  {}  {}", pad(RG::TagColName.s()), RG::TagColSchools.s(), RG::TagColRegion.s()),
    ];
    for t in &all {
        out.push(format!("{}  {:>6}  {}", pad(&t.name), t.schools, db.region_name(&t.region_code)));
    }
    Ok(out.join("\n"))
}
