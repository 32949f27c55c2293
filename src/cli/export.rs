//! `taizhang export cases|schools|alliances [--region CODE] [--school CODE] -o FILE`.

use super::{exit, write_failure, Failure};
use crate::db::Db;
use crate::domain::case_status::CaseStatus;
use crate::i18n::io::X;
use crate::i18n::{fill, Label};
use crate::io::export::{self, ExportError, ExportOptions, Format, What};
use std::path::PathBuf;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    Cases,
    Schools,
    Alliances,
    Registry,
    Items,
    Cohorts,
    Disabled,
    Rotations,
    Enrolment,
    Classes,
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub what: ExportWhat,
    #[command(flatten)]
    pub place: super::region::PlaceArg,
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    #[arg(long)]
    pub format: Option<String>,
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    #[arg(long)]
    pub unmasked: bool,
}

pub fn parse_statuses(list: &[String]) -> Result<Vec<CaseStatus>, String> {
    let mut out = Vec::new();
    for s in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if s == "open" || s == "未结" {
            out.extend(CaseStatus::ALL.iter().copied().filter(|c| c.is_open()));
            continue;
        }
        match crate::io::import::parse_status(s) {
            Some(st) => out.push(st),
            None => {
                let all: Vec<String> = CaseStatus::ALL.iter().map(|c| format!("{}({})", c.code(), c.label())).collect();
                return Err(fill(X::StatusFilterUnknown.s(), &[&s, &all.join(", ")]));
            }
        }
    }
    Ok(out)
}

pub fn run(db: &mut Db, args: &ExportArgs) -> Result<String, Failure> {
    let format = match &args.format {
        Some(f) => Format::parse(f),
        None => Format::of_path(&args.output),
    }
    .ok_or_else(|| Failure::usage(fill(X::ExportFormat.s(), &[&args.output.display()])))?;
    let statuses = parse_statuses(&args.status).map_err(Failure::usage)?;
    use crate::domain::figures::Figures;
    let figures = match args.what {
        ExportWhat::Cohorts => Some(Figures::Cohorts),
        ExportWhat::Disabled => Some(Figures::Disabled),
        ExportWhat::Rotations => Some(Figures::Rotations),
        ExportWhat::Enrolment => Some(Figures::Enrolment),
        ExportWhat::Classes => Some(Figures::Classes),
        _ => None,
    };
    if args.what == ExportWhat::Registry {
        return super::registry::export(db, &args.place, format, &args.output);
    }
    if args.what == ExportWhat::Items {
        let (_, place) = args.place.resolve(db)?;
        let n = crate::io::items::export(db, &place.region, &args.output, format).map_err(|e| failure(db, &e))?;
        return Ok(fill(X::ExportDone.s(), &[&n, &args.output.display()]));
    }
    if let Some(f) = figures {
        // The template the matching import accepts, with the county's stored rows.
        let county = args.place.resolve(db)?.0.code;
        let n =
            crate::io::figures::export_template(db, f, &county, &args.output, format).map_err(|e| failure(db, &e))?;
        return Ok(fill(X::ExportDone.s(), &[&n, &args.output.display()]));
    }
    let what = match args.what {
        ExportWhat::Cases => What::Cases,
        ExportWhat::Schools => What::Schools,
        _ => What::Alliances,
    };
    let (_, place) = args.place.resolve(db)?;
    let opts =
        ExportOptions { what, region: place.region, school: place.school, statuses, format, unmasked: args.unmasked };
    let n = export::export(db, &opts, &args.output).map_err(|e| failure(db, &e))?;
    Ok(fill(X::ExportDone.s(), &[&n, &args.output.display()]))
}

pub fn failure(db: &Db, e: &ExportError) -> Failure {
    match e {
        ExportError::NotARegion(c) => Failure::usage(fill(crate::i18n::rollup::R::RegionUnknown.s(), &[c])),
        ExportError::NotACounty(c) => Failure::usage(fill(crate::i18n::indicators::I::ReportNotCounty.s(), &[c])),
        ExportError::Refused(r) => {
            Failure { message: crate::i18n::errors::session_refusal(db, r), code: exit::REFUSED }
        }
        ExportError::Write(w) => write_failure(db, w),
        ExportError::Io(p, err) => Failure::usage(fill(X::WriteIo.s(), &[&p.display(), err])),
        ExportError::Sqlite(err) => Failure { message: err.to_string(), code: exit::ERROR },
    }
}
