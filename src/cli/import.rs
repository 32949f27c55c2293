//! `taizhang import cases|schools FILE`: a dry run by default; `--apply` writes every row in
//! one transaction only if all are valid; `--skip-invalid` writes the valid rows and puts
//! the rejected ones in `<name>.rejected.csv` beside the file.

use super::{exit, Failure};
use crate::db::Db;
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::io::import::{self, ImportError, Kind, Mode, Options};
use crate::io::read::Encoding;
use crate::report::import::{self as report, summary_dry, Audience};
use std::path::PathBuf;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportWhat {
    Cases,
    Schools,
    Registry,
    Items,
    Cohorts,
    Disabled,
    Rotations,
    Enrolment,
    Classes,
}

impl ImportWhat {
    /// The evaluation figures (`io::figures`), or `None` for cases and schools.
    pub fn figures(self) -> Option<crate::domain::figures::Figures> {
        use crate::domain::figures::Figures;
        match self {
            ImportWhat::Cohorts => Some(Figures::Cohorts),
            ImportWhat::Disabled => Some(Figures::Disabled),
            ImportWhat::Rotations => Some(Figures::Rotations),
            ImportWhat::Enrolment => Some(Figures::Enrolment),
            ImportWhat::Classes => Some(Figures::Classes),
            ImportWhat::Cases | ImportWhat::Schools | ImportWhat::Registry | ImportWhat::Items => None,
        }
    }
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    #[arg(value_enum)]
    pub what: ImportWhat,
    pub file: PathBuf,
    #[arg(long, conflicts_with = "skip_invalid")]
    pub apply: bool,
    #[arg(long)]
    pub skip_invalid: bool,
    #[arg(long)]
    pub update: bool,
    #[arg(long, visible_alias = "region")]
    pub county: Option<String>,
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    #[arg(long)]
    pub sheet: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(db: &mut Db, args: &ImportArgs) -> Result<String, Failure> {
    let encoding = Encoding::parse(&args.encoding)
        .ok_or_else(|| Failure::usage(fill(X::EncodingUnknown.s(), &[&args.encoding])))?;
    let mode = if args.apply {
        Mode::Apply
    } else if args.skip_invalid {
        Mode::SkipInvalid
    } else {
        Mode::DryRun
    };
    let opts = Options { mode, county: args.county.clone(), encoding, sheet: args.sheet.clone() };
    let outcome = match args.what.figures() {
        Some(what) => crate::io::figures::run(db, what, &args.file, &opts).map_err(|e| failure(db, &e))?,
        None => {
            let kind = match args.what {
                ImportWhat::Cases if args.update => Kind::CaseUpdates,
                ImportWhat::Cases => Kind::Cases,
                ImportWhat::Registry => Kind::Registry,
                ImportWhat::Items => Kind::Items,
                _ => Kind::Schools,
            };
            let mut bar = super::progress::bar(super::progress::shown(args.json), X::ProgressCheck.s());
            import::run(db, kind, &args.file, &opts, &mut bar).map_err(|e| failure(db, &e))?
        }
    };
    let text = if args.json {
        serde_json::to_string_pretty(&outcome).unwrap_or_default()
    } else {
        report::report_text(&outcome, mode)
    };
    let bad = outcome.invalid_rows > 0;
    match mode {
        Mode::DryRun | Mode::Apply if bad => {
            super::print_line(&text);
            Err(Failure {
                message: if mode == Mode::Apply {
                    report::refused(&outcome, Audience::Cli)
                } else {
                    summary_dry(&outcome)
                },
                code: exit::BAD_INPUT,
            })
        }
        _ => Ok(text),
    }
}

/// The sentence and exit code for an import that could not run.
pub fn failure(db: &Db, e: &ImportError) -> Failure {
    if let ImportError::Write(w) = e {
        return super::write_failure(db, w);
    }
    if let ImportError::Sqlite(err) = e {
        return super::sqlite_failure(db, err);
    }
    let code = match e {
        ImportError::Read(_)
        | ImportError::MissingColumns(_)
        | ImportError::RepeatedColumns(_)
        | ImportError::BadCounty(_) => exit::BAD_INPUT,
        ImportError::Write(_) => exit::REFUSED,
        ImportError::Rejected(..) | ImportError::Sqlite(_) => exit::ERROR,
    };
    Failure { message: report::failure_text(db, e), code }
}
