//! `taizhang report monthly --region CODE [--school CODE] --month YYYY-MM --format text|xlsx|csv [-o FILE]`:
//! the 月报 per school and for the county (definitions in `domain::monthly`).

use super::region::Place;
use super::{exit, Failure};
use crate::db::monthly::{self, MonthlyError, MonthlyReport};
use crate::db::Db;
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::io::export::Format;
use crate::report::month_cycle;
use crate::report::monthly::text;
use std::path::Path;

pub fn load(db: &Db, place: &Place, month: &str) -> Result<MonthlyReport, Failure> {
    let county = place.region.as_str();
    if region::level_of(county) != Ok(Level::County)
        || crate::db::regions::get(&db.conn, county).ok().flatten().is_none()
    {
        return Err(Failure::usage(fill(X::BadCounty.s(), &[&county])));
    }
    let m = Month::parse(month).ok_or_else(|| Failure::usage(fill(X::MonthBad.s(), &[&month])))?;
    monthly::load(db, county, place.school, m, crate::db::today()).map_err(|e| match e {
        MonthlyError::FutureMonth => Failure::usage(fill(X::MonthFuture.s(), &[&m])),
        MonthlyError::Refused(r) => {
            Failure { message: crate::i18n::errors::session_refusal(db, &r), code: exit::REFUSED }
        }
        MonthlyError::Sqlite(e) => super::sqlite_failure(db, &e),
    })
}

/// The month's cycle beside the report: submission states, corrections, cases due.
fn cycle(db: &Db, report: &MonthlyReport) -> Result<month_cycle::Cycle, Failure> {
    let month = report.report.month.ok_or_else(|| Failure::usage(String::new()))?;
    month_cycle::load(&db.conn, &report.county_code, month, crate::db::today())
        .map_err(|e| Failure { message: e.to_string(), code: exit::ERROR })
}

pub fn run(db: &Db, place: &Place, month: &str, format: &str, output: Option<&Path>) -> Result<String, Failure> {
    let fmt = match format.trim().to_ascii_lowercase().as_str() {
        "text" | "txt" => None,
        f => Some(Format::parse(f).ok_or_else(|| Failure::usage(fill(X::ExportFormat.s(), &[&format])))?),
    };
    let report = load(db, place, month)?;
    let cycle = cycle(db, &report)?;
    // The text starts with its title line: a demo database's is marked.
    let text = || {
        let body = text(&report) + "\n" + &month_cycle::text(&cycle).join("\n");
        let body = crate::report::text_table::fit_lines(&body, crate::report::text_table::target_width());
        match body.split_once('\n') {
            Some((head, rest)) => format!("{}\n{rest}", super::demo_titled(db, head.to_string())),
            None => super::demo_titled(db, body),
        }
    };
    match (fmt, output) {
        (None, None) => Ok(text()),
        (None, Some(path)) => {
            std::fs::write(path, text() + "\n")
                .map_err(|e| Failure::usage(fill(X::WriteIo.s(), &[&path.display(), &e])))?;
            Ok(fill(X::ReportWritten.s(), &[&path.display()]))
        }
        (Some(f), Some(path)) => {
            write_file(db, &report, &cycle, f, path)?;
            Ok(fill(X::ReportWritten.s(), &[&path.display()]))
        }
        (Some(_), None) => Err(Failure::usage(fill(X::NeedOutput.s(), &[&format]))),
    }
}

/// Writes the report and its cycle to `path` as xlsx or CSV (`report::monthly::file`).
fn write_file(
    db: &Db,
    report: &MonthlyReport,
    cycle: &month_cycle::Cycle,
    format: Format,
    path: &Path,
) -> Result<(), Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure::usage(fill(X::WriteIo.s(), &[&path.display(), e]));
    let f = crate::report::monthly::file(report, cycle, db.demo);
    match format {
        Format::Csv => {
            let bytes = crate::report::files::csv_with(&f.title, &f.tables, &f.tail).map_err(|e| failed(&e))?;
            std::fs::write(path, bytes).map_err(|e| failed(&e))
        }
        Format::Xlsx => crate::report::files::xlsx_with(&f.title, &f.tables, &f.tail, path).map_err(|e| failed(&e)),
    }
}
