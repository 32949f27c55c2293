//! `taizhang report …`: tables for the evaluation file. `report indicators --region CODE
//! [--school CODE] [--format text|csv|xlsx] [-o FILE]` prints the county's 优质均衡 tables: the per-school
//! indicators of both stages, the CVs, the schools left out, the guarantee items, the rates
//! and the open-case counts — the same numbers the indicator screen shows.
//! Text goes to stdout unless `-o` is given; CSV is UTF-8 with a BOM (Excel/WPS open it
//! correctly); xlsx needs `-o`.

use super::region::Place;
use super::{exit, Failure};
use crate::db::scope::ReportError;
use crate::db::Db;
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::indicators::I;
pub use crate::report::files::{csv, csv_with, json, table_sheet, tables_json, xlsx, HEADER_ROW};
use crate::report::indicators::text;
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// Where and how a report is written: `--format text|csv|xlsx|json`, `-o FILE`, and `--json`
/// (the same as `--format json`).
// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportOut {
    #[arg(long, default_value = "text")]
    pub format: String,
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

impl ReportOut {
    /// The format named (`--json` wins).
    pub fn format(&self) -> String {
        json_or(&self.format, self.json)
    }
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum ReportKind {
    Indicators {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        out: ReportOut,
    },
    Monthly {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        month: String,
        #[command(flatten)]
        out: ReportOut,
    },
    Overview {
        #[command(flatten)]
        region: super::region::RegionArg,
        #[command(flatten)]
        out: ReportOut,
    },
    Missing {
        #[arg(long)]
        county: String,
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
    Registry {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        json: bool,
    },
    History(super::school::HistoryArgs),
    Sessions {
        #[command(flatten)]
        place: super::region::PlaceArg,
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
    Rounds {
        #[arg(long)]
        county: String,
        #[arg(long)]
        json: bool,
    },
    Rechecks {
        #[arg(long)]
        county: String,
        #[arg(long)]
        json: bool,
    },
    Bundle {
        #[command(flatten)]
        region: super::region::RegionArg,
        #[arg(long)]
        month: String,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

pub fn run(db: &Db, kind: &ReportKind) -> Result<String, Failure> {
    use super::rollup;
    match kind {
        ReportKind::Indicators { place, year, out } => {
            let (format, output) = (&out.format(), &out.output);
            let (r, place) = place.resolve(db)?;
            match r.level {
                // A county's own report (with its verdict) in every format, JSON included;
                // a school's is narrowed to it.
                Level::County => indicators_report(db, &place, *year, format, output.as_deref()),
                Level::Prefecture | Level::Province if place.school.is_some() => {
                    indicators_report(db, &place, *year, format, output.as_deref())
                }
                Level::Prefecture | Level::Province => rollup::write(
                    &rollup::indicators(db, &r)?,
                    rollup::Format::parse_or_fail(format)?,
                    output.as_deref(),
                ),
            }
        }
        ReportKind::Overview { region, out } => {
            let format = rollup::Format::parse_or_fail(&out.format())?;
            rollup::write(&rollup::overview(db, &region.resolve(&db.conn)?)?, format, out.output.as_deref())
        }
        ReportKind::Missing { county, month, json } => super::month::missing(db, county, month, *json),
        ReportKind::Monthly { place, month, out } => {
            let (format, output) = (&out.format(), &out.output);
            let (r, place) = place.resolve(db)?;
            match (r.level, rollup::Format::parse_or_fail(format)?) {
                // A school's report is the per-school one, narrowed to it.
                (_, _) if place.school.is_some() => super::monthly::run(db, &place, month, format, output.as_deref()),
                (Level::County, rollup::Format::Json) | (Level::Prefecture | Level::Province, _) => {
                    let w = rollup::monthly(db, &r, rollup::month_of(month)?)?;
                    rollup::write(&w, rollup::Format::parse_or_fail(format)?, output.as_deref())
                }
                (Level::County, _) => super::monthly::run(db, &place, month, format, output.as_deref()),
            }
        }
        ReportKind::Bundle { region, month, output } => super::bundle::run(db, region, month, output),
        ReportKind::Registry { place, json } => super::registry::report(db, place, *json),
        ReportKind::History(a) => super::school::report(db, a),
        ReportKind::Sessions { place, month, json } => super::follow_up::sessions(db, place, month, *json),
        ReportKind::Rounds { county, json } => super::verify::rounds(db, county, *json),
        ReportKind::Rechecks { county, json } => super::recheck::rounds(db, county, *json),
    }
}

/// `--json` is `--format json`.
pub fn json_or(format: &str, json: bool) -> String {
    if json {
        "json".to_string()
    } else {
        format.to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

fn indicators_report(
    db: &Db,
    place: &Place,
    year: Option<i32>,
    format: &str,
    output: Option<&Path>,
) -> Result<String, Failure> {
    let county = place.region.as_str();
    let format = Format::parse(format).ok_or_else(|| Failure::usage(fill(I::ReportBadFormat.s(), &[&format])))?;
    if format == Format::Xlsx && output.is_none() {
        return Err(Failure::usage(I::ReportXlsxNeedsFile.s().to_string()));
    }
    if region::level_of(county) != Ok(Level::County) {
        return Err(Failure::usage(fill(I::ReportNotCounty.s(), &[&county])));
    }
    let failed = |e: rusqlite::Error| {
        let f = super::sqlite_failure(db, &e);
        Failure { message: fill(I::ReportLoadFailed.s(), &[&f.message]), code: f.code }
    };
    if crate::db::regions::get(&db.conn, county).map_err(failed)?.is_none() {
        return Err(Failure::usage(fill(I::ReportUnknownCounty.s(), &[&county])));
    }
    let today = crate::db::today();
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&today));
    let loaded =
        crate::report::indicator_file::load(db, county, place.school, year).map_err(|e| report_failure(db, e))?;
    let (title, tables) = (loaded.title, loaded.tables);
    let written = |path: &Path| fill(I::ReportWritten.s(), &[&path.display()]);
    let write_failed =
        |path: &Path, e: &dyn std::fmt::Display| Failure::usage(fill(I::ReportWriteFailed.s(), &[&path.display(), e]));
    match (format, output) {
        (Format::Text, None) => Ok(text(&title, &tables)),
        (Format::Text, Some(path)) => {
            std::fs::write(path, text(&title, &tables)).map_err(|e| write_failed(path, &e))?;
            Ok(written(path))
        }
        (Format::Csv, out) => {
            let bytes = csv(&title, &tables).map_err(|e| write_failed(out.unwrap_or(Path::new("-")), &e))?;
            match out {
                None => Ok(String::from_utf8_lossy(&bytes).trim_end().to_string()),
                Some(path) => {
                    std::fs::write(path, bytes).map_err(|e| write_failed(path, &e))?;
                    Ok(written(path))
                }
            }
        }
        (Format::Xlsx, Some(path)) => {
            xlsx(&title, &tables, path).map_err(|e| write_failed(path, &e))?;
            Ok(written(path))
        }
        (Format::Xlsx, None) => Err(Failure::usage(I::ReportXlsxNeedsFile.s().to_string())),
        (Format::Json, out) => {
            let body = json(&title, year, &tables);
            match out {
                None => Ok(body),
                Some(path) => {
                    std::fs::write(path, body).map_err(|e| write_failed(path, &e))?;
                    Ok(written(path))
                }
            }
        }
    }
}

/// A refused report says who may read it (exit code 5); a failed one, why.
pub fn report_failure(db: &Db, e: ReportError) -> Failure {
    match e {
        ReportError::Refused(r) => {
            Failure { message: crate::i18n::errors::session_refusal(db, &r), code: exit::REFUSED }
        }
        ReportError::Sqlite(e) => Failure { message: fill(I::ReportLoadFailed.s(), &[&e]), code: exit::ERROR },
    }
}
