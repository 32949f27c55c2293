//! `--county CODE` and `--school CODE`, shared by `export` and `report …`: which county
//! (and which one school of it) a command is about. Without either, the login's own scope
//! decides: a 填报员 gets their school, a county's administrator their county. What the
//! login may then read is the database's decision (`db::scope`), not this file's.

use super::Failure;
pub use crate::db::scope::Place;
use crate::db::{schools, Db};
use crate::domain::access::Scope;
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::io::X;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PlaceArgs {
    #[arg(long)]
    pub county: Option<String>,
    #[arg(long)]
    pub school: Option<String>,
}

/// The place `args` name, or the login's own when they name none.
pub fn resolve(db: &Db, args: &PlaceArgs) -> Result<Place, Failure> {
    let county = args.county.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let school = match args.school.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Some(school_by_code(db, code)?),
        None => None,
    };
    // Whether the county exists is each command's check, in its own words.
    Ok(match (county, school) {
        (Some(c), Some((_, school_county))) if c != school_county => {
            return Err(Failure::usage(fill(X::SchoolOutsideCounty.s(), &[&args.school.as_deref().unwrap_or(""), &c])))
        }
        (_, Some((id, school_county))) => Place { county: school_county, school: Some(id) },
        (Some(c), None) => Place { county: c.to_string(), school: None },
        (None, None) => own_place(db)?,
    })
}

/// The school with 学校标识码 `code`: (id, county).
fn school_by_code(db: &Db, code: &str) -> Result<(i64, String), Failure> {
    let found =
        schools::by_code(&db.conn, code).map_err(|e| Failure { message: e.to_string(), code: super::exit::ERROR })?;
    found.ok_or_else(|| Failure::usage(fill(X::SchoolUnknownCode.s(), &[&code])))
}

/// The login's own scope as a place: their school, or their county.
fn own_place(db: &Db) -> Result<Place, Failure> {
    match &db.actor.scope {
        Some(Scope::School { id, county_code }) => Ok(Place { county: county_code.clone(), school: Some(*id) }),
        Some(Scope::Region(code)) if region::level_of(code) == Ok(Level::County) => {
            Ok(Place { county: code.clone(), school: None })
        }
        _ => Err(Failure::usage(X::PlaceNeeded.s().to_string())),
    }
}
