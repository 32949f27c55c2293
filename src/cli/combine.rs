//! `taizhang combine monthly|indicators|overview --region CODE [--month YYYY-MM] FILE…`: the roll-ups
//! of a prefecture (or the province) from counties that keep separate databases. Each file
//! is opened read-only and each county's figures come from the one file that holds it,
//! through the same code as a single database (`db::rollup`). A county found in two files
//! is refused; the notes say how old each file's data is and which counties none holds.

use super::region::resolve;
use super::rollup::{self, Written};
use super::{exit, Failure};
use crate::db::regions;
use crate::db::rollup::{self as load, CombineError, Source};
use crate::i18n::fill;
use crate::i18n::rollup::R;
use crate::i18n::T;
use std::path::PathBuf;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CombineWhat {
    Monthly,
    Indicators,
    Overview,
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct CombineArgs {
    #[arg(value_enum)]
    pub what: CombineWhat,
    #[command(flatten)]
    pub region: super::region::RegionArg,
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, default_value = "text")]
    pub format: String,
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

fn failure(e: CombineError) -> Failure {
    match e {
        CombineError::Open(p, why) => Failure::usage(fill(R::CombineOpen.s(), &[&p.display(), &why])),
        CombineError::Schema { path, found, known } => {
            Failure::usage(fill(R::CombineSchema.s(), &[&path.display(), &found, &known]))
        }
        CombineError::Overlap { unit, first, second } => {
            Failure::usage(fill(R::CombineOverlap.s(), &[&unit, &first.display(), &second.display()]))
        }
        CombineError::NoSources => Failure::usage(R::CombineNone.s().to_string()),
        CombineError::Monthly(crate::db::monthly::MonthlyError::FutureMonth) => {
            Failure::usage(R::CombineFuture.s().to_string())
        }
        // The sources are read whole, without a login: nothing is refused, but say so if it were.
        CombineError::Monthly(crate::db::monthly::MonthlyError::Refused(r)) => {
            Failure { message: crate::i18n::errors::refusal_text(&r, "", None), code: exit::REFUSED }
        }
        CombineError::Monthly(crate::db::monthly::MonthlyError::Sqlite(e)) | CombineError::Sqlite(e) => {
            Failure { message: e.to_string(), code: exit::ERROR }
        }
    }
}

pub fn run(args: &CombineArgs) -> Result<String, Failure> {
    let format = rollup::Format::parse_or_fail(&args.format)?;
    let sources: Vec<Source> =
        args.files.iter().map(|p| load::open_source(p)).collect::<Result<_, _>>().map_err(failure)?;
    let first = sources.first().ok_or_else(|| failure(CombineError::NoSources))?;
    let region = resolve(&first.conn, &args.region.region)?;
    let name = |c: &str| regions::name_or_code(&first.conn, c);
    let demo = sources.iter().any(|s| s.demo);
    let today = crate::db::today();
    let mut w: Written = match args.what {
        CombineWhat::Monthly => {
            let text = args.month.as_deref().ok_or_else(|| Failure::usage(R::CombineNeedsMonth.s().to_string()))?;
            let m = rollup::month_of(text)?;
            let r = load::monthly_combined(&sources, &region.code, m, today).map_err(failure)?;
            rollup::monthly_written(demo, &region, m, &r, &name)?
        }
        CombineWhat::Indicators => {
            let r = load::indicators_combined(&sources, &region.code, today).map_err(failure)?;
            rollup::indicators_written(demo, &region, &r, &name)
        }
        CombineWhat::Overview => {
            let r = load::overview_combined(&sources, &region.code).map_err(failure)?;
            rollup::overview_written(demo, &region, &r, &name)
        }
    };
    w.notes.extend(ages(&sources, &region.code, &name).map_err(failure)?);
    rollup::write(&w, format, args.output.as_deref())
}

/// One line per file (its counties and how old its data is), and the counties none holds.
fn ages(sources: &[Source], region: &str, name: &dyn Fn(&str) -> String) -> Result<Vec<String>, CombineError> {
    let held = load::holders(sources, region)?;
    let names_of = |pick: &dyn Fn(Option<usize>) -> bool| -> String {
        let list: Vec<String> = held.iter().filter(|(_, h)| pick(*h)).map(|(u, _)| name(u)).collect();
        list.join(T::ListSep.s())
    };
    let mut out: Vec<String> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let as_of = s.as_of.clone().unwrap_or_else(|| "?".into());
            fill(R::CombineSource.s(), &[&s.path.display(), &names_of(&|h| h == Some(i)), &as_of])
        })
        .collect();
    let missing = names_of(&|h| h.is_none());
    if !missing.is_empty() {
        out.push(fill(R::CombineMissing.s(), &[&missing]));
    }
    Ok(out)
}
