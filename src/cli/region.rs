//! The one region argument of every command that works on a region: `--region CODE` for a
//! county, a prefecture or the province (`--county CODE` is the same argument under its old
//! name), checked once here: a well-formed code that the region table knows.
//!
//! `export` and `report monthly|indicators` take it as [`PlaceArg`]: `--region` optional and
//! `--school CODE` beside it (one school of the region). Without either, the login's own
//! scope decides: a 填报员 gets their school, an administrator their region. What the login
//! may then read is the database's decision (`db::scope`), not this file's.

use super::Failure;
use crate::db::regions::{self, Region};
pub use crate::db::scope::Place;
use crate::db::{schools, Db};
use crate::domain::access::Scope;
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::i18n::rollup::R;
use rusqlite::Connection;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct RegionArg {
    #[arg(long = "region", visible_alias = "county")]
    pub region: String,
}

impl RegionArg {
    /// The region named, from the region table.
    pub fn resolve(&self, conn: &Connection) -> Result<Region, Failure> {
        resolve(conn, &self.region)
    }
}

/// `code` as a region of the table, or the sentence saying what is wrong with it.
pub fn resolve(conn: &Connection, code: &str) -> Result<Region, Failure> {
    let code = code.trim();
    if crate::domain::region::level_of(code).is_err() {
        return Err(Failure::usage(fill(R::RegionBad.s(), &[&code])));
    }
    match regions::get(conn, code) {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(Failure::usage(fill(R::RegionUnknown.s(), &[&code]))),
        Err(e) => Err(Failure { message: e.to_string(), code: super::exit::ERROR }),
    }
}

/// `--region CODE` (or `--county CODE`) and `--school CODE`, both optional: what an export
/// or a report is of.
// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PlaceArg {
    #[arg(long = "region", visible_alias = "county")]
    pub region: Option<String>,
    #[arg(long)]
    pub school: Option<String>,
}

impl PlaceArg {
    /// The region named (checked as [`resolve`] checks it) and the place: that region, or
    /// the one school named in it; the login's own when neither is named.
    pub fn resolve(&self, db: &Db) -> Result<(Region, Place), Failure> {
        let named = self.region.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let school = match self.school.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some((code, school_by_code(db, code)?)),
            None => None,
        };
        let place = match (named, school) {
            (Some(r), Some((code, (_, county)))) if !crate::domain::region::contains(r, &county) => {
                resolve(&db.conn, r)?;
                return Err(Failure::usage(fill(X::SchoolOutsideCounty.s(), &[&code, &r])));
            }
            // A school's report or export is of its county (or of its prefecture, 市直属).
            (_, Some((_, (id, county)))) => Place { region: county, school: Some(id) },
            (Some(r), None) => Place::county(r),
            (None, None) => own_place(db)?,
        };
        Ok((resolve(&db.conn, &place.region)?, place))
    }
}

/// The school with 学校标识码 `code`: (id, county).
pub(crate) fn school_by_code(db: &Db, code: &str) -> Result<(i64, String), Failure> {
    let found =
        schools::by_code(&db.conn, code).map_err(|e| Failure { message: e.to_string(), code: super::exit::ERROR })?;
    found.ok_or_else(|| Failure::usage(fill(X::SchoolUnknownCode.s(), &[&code])))
}

/// The login's own scope as a place: their school, or their region.
fn own_place(db: &Db) -> Result<Place, Failure> {
    match &db.actor.scope {
        Some(Scope::School { id, county_code }) => Ok(Place { region: county_code.clone(), school: Some(*id) }),
        Some(Scope::Region(code)) if crate::domain::region::level_of(code).is_ok() => Ok(Place::county(code)),
        _ => Err(Failure::usage(X::PlaceNeeded.s().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Probe {
        #[command(flatten)]
        region: RegionArg,
    }

    #[test]
    fn county_is_the_same_argument_as_region() {
        let a = Probe::try_parse_from(["t", "--county", "231123"]).map(|p| p.region.region);
        let b = Probe::try_parse_from(["t", "--region", "230900"]).map(|p| p.region.region);
        assert_eq!(a.ok().as_deref(), Some("231123"));
        assert_eq!(b.ok().as_deref(), Some("230900"));
        assert!(Probe::try_parse_from(["t"]).is_err(), "the region is required");
    }

    #[derive(Debug, Parser)]
    struct PlaceProbe {
        #[command(flatten)]
        place: PlaceArg,
    }

    #[test]
    fn a_place_takes_region_or_county_and_school_all_optional() {
        let p = |args: &[&str]| PlaceProbe::try_parse_from(args).map(|p| (p.place.region, p.place.school)).ok();
        assert_eq!(p(&["t"]), Some((None, None)));
        assert_eq!(p(&["t", "--county", "231123"]), Some((Some("231123".into()), None)));
        assert_eq!(
            p(&["t", "--region", "230900", "--school", "2123000001"]),
            Some((Some("230900".into()), Some("2123000001".into())))
        );
    }

    #[test]
    fn codes_are_checked_against_the_table() {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "CREATE TABLE regions (code TEXT, name TEXT, level INT, parent_code TEXT);
                            INSERT INTO regions VALUES ('230900', '七台河市', 2, '230000');",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resolve(&conn, " 230900 ").map(|r| r.name).ok().as_deref(), Some("七台河市"));
        assert_eq!(resolve(&conn, "2309").map(|_| ()).err().map(|f| f.code), Some(2));
        assert_eq!(resolve(&conn, "230901").map(|_| ()).err().map(|f| f.code), Some(2));
    }
}
