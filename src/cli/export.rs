//! `taizhang export cases|schools|alliances [--region CODE] [--school CODE] -o FILE`.

use super::{exit, write_failure, Failure};
use crate::db::Db;
use crate::domain::case_status::CaseStatus;
use crate::i18n::io::X;
use crate::i18n::{fill, Label};
use crate::io::export::{self, ExportError, ExportOptions, Format, What};
use std::path::{Path, PathBuf};

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
    let write = |db: &mut Db, to: &Path| export::export(db, &opts, to).map_err(|e| failure(db, &e));
    let n = if checks_alongside(args) { staged(db, &args.output, write)? } else { write(db, &args.output)? };
    Ok(fill(X::ExportDone.s(), &[&n, &args.output.display()]))
}

/// Whether the export checks the database while it reads instead of before (main checks
/// every other command first): a masked list of cases, schools or alliances writes nothing
/// into the database, and `staged` puts its file in place only once the check has passed.
/// An unmasked one writes its audit row first, so it is checked first.
pub fn checks_alongside(args: &ExportArgs) -> bool {
    !args.unmasked && matches!(args.what, ExportWhat::Cases | ExportWhat::Schools | ExportWhat::Alliances)
}

/// Runs `write` into a temporary file beside `output` while the quick check of the
/// database runs on a thread of its own (a read-only connection: the two cores share the
/// work); the file becomes `output` only when both have succeeded. A damaged database is
/// refused as the check before the command would have refused it, and an earlier file at
/// `output` is kept whole until then. An `output` that is not a plain file (a device, a
/// pipe, a link) is written in place after the check: renaming onto it would replace it.
fn staged<T>(
    db: &mut Db,
    output: &Path,
    write: impl FnOnce(&mut Db, &Path) -> Result<T, Failure>,
) -> Result<T, Failure> {
    if std::fs::symlink_metadata(output).is_ok_and(|m| !m.is_file()) {
        super::refuse_damaged(db, crate::db::damage::Depth::Quick)?;
        return write(db, output);
    }
    let io = |e: &dyn std::fmt::Display| Failure::usage(fill(X::WriteIo.s(), &[&output.display(), &e.to_string()]));
    let dir = output.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new().prefix(".taizhang-export-").tempfile_in(dir).map_err(|e| io(&e))?;
    let path = db.path.clone();
    let (written, found) = std::thread::scope(|s| {
        let check = s.spawn(|| crate::db::damage::find_in_file(&path, crate::db::damage::Depth::Quick));
        let written = write(db, temp.path());
        (written, check.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    super::refuse_found(db, found)?;
    let n = written?;
    temp.persist(output).map_err(|e| io(&e.error))?;
    Ok(n)
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
