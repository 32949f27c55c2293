//! `taizhang report monthly --county CODE --month YYYY-MM --format text|xlsx|csv [-o FILE]`:
//! the 月报 per school and for the county (definitions in `domain::monthly`).

use super::{exit, Failure};
use crate::db::monthly::{self, MonthlyError, MonthlyReport};
use crate::db::Db;
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::i18n::io::X;
use crate::i18n::{fill, Label};
use crate::io::export::{self, Format};
use crate::tui::widgets::text::{fit, fit_right, width};
use std::path::Path;

/// The report's column headers.
pub fn headers() -> Vec<String> {
    [
        X::ColSchool,
        X::HeaderSchoolCode,
        X::ColOpenStart,
        X::ColNewSuspected,
        X::ColNewDropout,
        X::ColReturned,
        X::ColClosed,
        X::ColOpenEnd,
        X::ColOutEnd,
    ]
    .iter()
    .map(|x| x.s().to_string())
    .collect()
}

/// The report's rows: one per school, then the county total.
pub fn rows(r: &MonthlyReport) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = r
        .schools
        .iter()
        .map(|(name, code, c)| {
            let name = if name.is_empty() { X::NoSchool.s().to_string() } else { name.clone() };
            let mut row = vec![name, code.clone()];
            row.extend(c.values().iter().map(|v| v.to_string()));
            row
        })
        .collect();
    let mut total = vec![X::CountyTotal.s().to_string(), r.county_code.clone()];
    total.extend(r.report.county.values().iter().map(|v| v.to_string()));
    out.push(total);
    out
}

pub fn title(r: &MonthlyReport) -> String {
    let month = r.report.month.map(|m| m.to_string()).unwrap_or_default();
    fill(X::MonthlyTitle.s(), &[&r.county_name, &r.county_code, &month])
}

pub fn zero_line(r: &MonthlyReport) -> String {
    if r.report.at_zero() {
        X::ZeroYes.s().to_string()
    } else {
        fill(X::ZeroNo.s(), &[&r.report.county.out_of_school_end])
    }
}

/// The report as aligned text (display widths, so Chinese lines up).
pub fn text(r: &MonthlyReport) -> String {
    let head = headers();
    let body = rows(r);
    let widths: Vec<usize> = (0..head.len())
        .map(|i| std::iter::once(&head).chain(body.iter()).map(|row| width(&row[i])).max().unwrap_or(0).min(30))
        .collect();
    let line = |row: &Vec<String>| -> String {
        row.iter()
            .enumerate()
            .map(|(i, c)| if i < 2 { fit(c, widths[i]) } else { fit_right(c, widths[i]) })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![title(r)];
    if let (Some(s), Some(e)) = (r.report.start, r.report.end) {
        out.push(fill(X::MonthlyPeriod.s(), &[&s, &e]));
    }
    out.push(String::new());
    out.push(line(&head));
    for row in &body {
        out.push(line(row));
    }
    out.push(String::new());
    out.push(zero_line(r));
    out.push(String::new());
    out.push(X::ByStatus.s().to_string());
    for (s, n) in r.report.by_status.iter().filter(|(_, n)| *n > 0) {
        out.push(format!("  {}  {n}", s.label()));
    }
    out.push(X::ByReason.s().to_string());
    for (reason, n) in &r.report.by_reason {
        out.push(format!("  {}  {n}", reason.map(|x| x.label()).unwrap_or(X::NoReason.s())));
    }
    out.join("\n")
}

pub fn load(db: &Db, county: &str, month: &str) -> Result<MonthlyReport, Failure> {
    let county = county.trim();
    if region::level_of(county) != Ok(Level::County)
        || crate::db::regions::get(&db.conn, county).ok().flatten().is_none()
    {
        return Err(Failure::usage(fill(X::BadCounty.s(), &[&county])));
    }
    let m = Month::parse(month).ok_or_else(|| Failure::usage(fill(X::MonthBad.s(), &[&month])))?;
    monthly::load(&db.conn, county, m, crate::db::today()).map_err(|e| match e {
        MonthlyError::FutureMonth => Failure::usage(fill(X::MonthFuture.s(), &[&m])),
        MonthlyError::Sqlite(e) => Failure { message: e.to_string(), code: exit::ERROR },
    })
}

pub fn run(db: &Db, county: &str, month: &str, format: &str, output: Option<&Path>) -> Result<String, Failure> {
    let fmt = match format.trim().to_ascii_lowercase().as_str() {
        "text" | "txt" => None,
        f => Some(Format::parse(f).ok_or_else(|| Failure::usage(fill(X::ExportFormat.s(), &[&format])))?),
    };
    let report = load(db, county, month)?;
    match (fmt, output) {
        (None, None) => Ok(text(&report)),
        (None, Some(path)) => {
            std::fs::write(path, text(&report) + "\n")
                .map_err(|e| Failure::usage(fill(X::WriteIo.s(), &[&path.display(), &e])))?;
            Ok(fill(X::ReportWritten.s(), &[&path.display()]))
        }
        (Some(f), Some(path)) => {
            let mut body = vec![vec![title(&report)], vec![zero_line(&report)], Vec::new()];
            body.push(headers());
            body.extend(rows(&report));
            let head = body.remove(0);
            export::write_table(path, f, X::SheetMonthly.s(), &head, &body)
                .map_err(|_| Failure::usage(fill(X::WriteIo.s(), &[&path.display(), &"-"])))?;
            Ok(fill(X::ReportWritten.s(), &[&path.display()]))
        }
        (Some(_), None) => Err(Failure::usage(fill(X::NeedOutput.s(), &[&format]))),
    }
}
