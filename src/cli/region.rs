//! The one region argument of every command that works on a region: `--region CODE` for a
//! county, a prefecture or the province (`--county CODE` is the same argument under its old
//! name), checked once here: a well-formed code that the region table knows.

use super::Failure;
use crate::db::regions::{self, Region};
use crate::i18n::fill;
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
