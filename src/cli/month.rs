//! The month's cycle on the command line (docs/domain.md §11):
//! `taizhang submit --school CODE --month YYYY-MM [--zero]` and
//! `taizhang submit --county CODE --month YYYY-MM` (upward, once the schools are in);
//! `taizhang withdraw` with the same arguments; `taizhang accept --school CODE --month M`
//! and `taizhang return --school CODE --month M --reason …` (the county on a school's
//! month; with `--county CODE` the 市 on the county's);
//! `taizhang report missing --county CODE --month M [--json]`.

use super::{exit, write_failure, Failure};
use crate::db::submissions::{self, MonthView};
use crate::db::{users, Db};
use crate::domain::access::Scope;
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::i18n::io::X;
use crate::i18n::month::M;
use crate::i18n::{fill, Label};
use clap::Subcommand;

/// Whose month: a school (by 学校标识码) or a county.
#[derive(Debug, Clone, clap::Args)]
pub struct Whose {
    #[arg(long)]
    pub school: Option<String>,
    #[arg(long)]
    pub county: Option<String>,
    #[arg(long)]
    pub month: String,
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum MonthCommand {
    Submit {
        #[command(flatten)]
        whose: Whose,
        #[arg(long)]
        zero: bool,
    },
    Withdraw {
        #[command(flatten)]
        whose: Whose,
    },
    Accept {
        #[command(flatten)]
        whose: Whose,
    },
    Return {
        #[command(flatten)]
        whose: Whose,
        #[arg(long)]
        reason: Option<String>,
    },
    Rollover {
        #[arg(long)]
        county: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        apply: bool,
    },
}

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure { message: e.to_string(), code: exit::ERROR }
}

pub fn month_arg(month: &str) -> Result<Month, Failure> {
    Month::parse(month).ok_or_else(|| Failure::usage(fill(X::MonthBad.s(), &[&month])))
}

/// A county code that names a county of the region table.
pub fn county_arg(db: &Db, county: &str) -> Result<String, Failure> {
    let county = county.trim();
    if region::level_of(county) != Ok(Level::County)
        || crate::db::regions::get(&db.conn, county).ok().flatten().is_none()
    {
        return Err(Failure::usage(fill(X::BadCounty.s(), &[&county])));
    }
    Ok(county.to_string())
}

/// A 学校标识码: the school's id and county.
pub fn school_arg(db: &Db, code: &str) -> Result<(i64, String), Failure> {
    let code = code.trim();
    match users::resolve_scope(&db.conn, code).map_err(failed)? {
        Some(Scope::School { id, county_code }) if code.len() == 10 => Ok((id, county_code)),
        _ => Err(Failure::usage(fill(M::SchoolCodeUnknown.s(), &[&code]))),
    }
}

/// The school or the county `whose` names (exactly one of them).
fn target(db: &Db, whose: &Whose) -> Result<(String, Option<(i64, String)>), Failure> {
    match (&whose.school, &whose.county) {
        (Some(s), None) => {
            let (id, county) = school_arg(db, s)?;
            Ok((county, Some((id, s.trim().to_string()))))
        }
        (None, Some(c)) => Ok((county_arg(db, c)?, None)),
        _ => Err(Failure::usage(M::NeedSchoolOrCounty.s().to_string())),
    }
}

pub fn run(db: &mut Db, c: &MonthCommand) -> Result<String, Failure> {
    let today = crate::db::today();
    match c {
        MonthCommand::Submit { whose, zero } => {
            let month = month_arg(&whose.month)?;
            let (county, school) = target(db, whose)?;
            match school {
                Some((id, code)) => {
                    let done =
                        submissions::submit_school(db, id, month, *zero, today).map_err(|e| write_failure(db, &e))?;
                    let kind = if *zero { M::KindZero.s() } else { M::KindFigures.s() };
                    let mut args: Vec<&dyn std::fmt::Display> = vec![&code, &month, &kind];
                    let values = done.figures.values();
                    args.extend(values.iter().map(|v| v as &dyn std::fmt::Display));
                    args.push(&done.open_cases);
                    args.push(&done.corrections);
                    Ok(fill(M::SubmittedSchool.s(), &args))
                }
                None if *zero => Err(Failure::usage(M::ZeroOnlySchool.s().to_string())),
                None => {
                    let done =
                        submissions::submit_county(db, &county, month, today).map_err(|e| write_failure(db, &e))?;
                    Ok(fill(
                        M::SubmittedCounty.s(),
                        &[&county, &month, &done.figures.open_end, &done.figures.out_of_school_end],
                    ))
                }
            }
        }
        MonthCommand::Withdraw { whose } => {
            let month = month_arg(&whose.month)?;
            let (county, school) = target(db, whose)?;
            let school_id = school.as_ref().map(|(id, _)| *id);
            submissions::withdraw(db, &county, school_id, month).map_err(|e| write_failure(db, &e))?;
            let name = school.map(|(_, code)| code).unwrap_or(county);
            Ok(fill(M::Withdrawn.s(), &[&name, &month]))
        }
        MonthCommand::Rollover { county, on, apply } => rollover(db, county, on, *apply),
        MonthCommand::Accept { whose } => decide(db, whose, None),
        MonthCommand::Return { whose, reason } => {
            let reason = reason.as_deref().unwrap_or("");
            if reason.trim().is_empty() {
                return Err(Failure::usage(M::NeedReason.s().to_string()));
            }
            decide(db, whose, Some(reason))
        }
    }
}

/// `taizhang accept` (no reason) or `taizhang return --reason …`: the county decides on a
/// school's submission, the level above on the county's.
fn decide(db: &mut Db, whose: &Whose, reason: Option<&str>) -> Result<String, Failure> {
    let month = month_arg(&whose.month)?;
    let (county, school) = target(db, whose)?;
    let done = match (&school, reason) {
        (Some((id, _)), None) => submissions::accept(db, &county, *id, month),
        (Some((id, _)), Some(why)) => submissions::return_school(db, &county, *id, month, why),
        (None, why) => submissions::decide_county(db, &county, month, why),
    };
    done.map_err(|e| write_failure(db, &e))?;
    let name = school.map(|(_, code)| code).unwrap_or(county);
    Ok(match reason {
        None => fill(M::Accepted.s(), &[&name, &month]),
        Some(why) => fill(M::Returned.s(), &[&name, &month, &why.trim()]),
    })
}

/// `taizhang report missing`: the schools without a live submission, with who fills in
/// for them and their phone; as text or JSON.
pub fn missing(db: &Db, county: &str, month: &str, json: bool) -> Result<String, Failure> {
    let county = county_arg(db, county)?;
    let month = month_arg(month)?;
    let view = submissions::month_view(&db.conn, &county, month, crate::db::today()).map_err(failed)?;
    if json {
        return Ok(missing_json(&county, &view));
    }
    let missing: Vec<_> = view.missing().collect();
    let name = db.region_name(&county);
    let title = fill(M::MissingTitle.s(), &[&name, &county, &month, &missing.len(), &view.deadline]);
    let mut out = vec![super::demo_titled(db, title)];
    if missing.is_empty() {
        out.push(M::MissingNone.s().to_string());
    }
    for s in missing {
        let contacts = if s.fillers.is_empty() {
            M::NoFiller.s().to_string()
        } else {
            s.fillers
                .iter()
                .map(|f| format!("{} {} {}", if f.name.is_empty() { &f.login } else { &f.name }, f.login, f.phone))
                .collect::<Vec<_>>()
                .join("；")
        };
        out.push(format!("{}  {}  {}  {}", s.state.label(), s.code, s.name, contacts.trim_end()));
        // A returned month is chased with what to correct.
        if let Some(r) = &s.returned {
            out.push(format!("  {}", fill(M::MissingReturned.s(), &[&r.decided_by, &r.note])));
        }
    }
    Ok(crate::report::text_table::fit_lines(&out.join("\n"), crate::report::text_table::target_width()))
}

fn missing_json(county: &str, view: &MonthView) -> String {
    let schools: Vec<serde_json::Value> = view
        .missing()
        .map(|s| {
            serde_json::json!({
                "school_code": s.code,
                "name": s.name,
                "state": s.state.code(),
                "returned_reason": s.returned.as_ref().map(|r| r.note.clone()),
                "fillers": s.fillers,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "county": county,
        "month": view.month.to_string(),
        "deadline": view.deadline.format("%Y-%m-%d").to_string(),
        "missing": schools,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// `taizhang rollover --county CODE --on YYYY-MM-DD [--apply]`: what the school-year
/// rollover changes; with `--apply`, done in one audited transaction.
fn rollover(db: &mut Db, county: &str, on: &str, apply: bool) -> Result<String, Failure> {
    let county = county_arg(db, county)?;
    let on = chrono::NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
        .map_err(|_| Failure::usage(fill(M::RolloverDateBad.s(), &[&on])))?;
    let plan = if apply {
        crate::db::rollover::apply(db, &county, on).map_err(|e| write_failure(db, &e))?
    } else {
        crate::db::rollover::plan(&db.conn, &county, on).map_err(failed)?
    };
    let name = db.region_name(&county);
    let mut out = vec![super::demo_titled(db, fill(M::RolloverTitle.s(), &[&name, &county, &on]))];
    if let Some(date) = &plan.already {
        out.push(fill(M::RolloverAlready.s(), &[date]));
        return Ok(out.join("\n"));
    }
    out.push(format!("  {}", fill(M::RolloverAdvance.s(), &[&plan.advanced.len()])));
    out.push(format!("  {}", fill(M::RolloverGraduate.s(), &[&plan.graduated.len()])));
    out.push(format!("  {}", fill(M::RolloverFlag.s(), &[&plan.flagged.len()])));
    out.extend(plan.flagged.iter().map(|c| format!("    #{} {} {}", c.id, c.name, c.school)));
    out.push(format!("  {}", fill(M::RolloverCheck.s(), &[&plan.to_check.len()])));
    out.extend(plan.to_check.iter().map(|c| format!("    #{} {} {}", c.id, c.name, c.school)));
    out.push(if apply { M::RolloverApplied.s() } else { M::RolloverDryRun.s() }.to_string());
    Ok(out.join("\n"))
}
