//! The 月报 (monthly dropout-control report) as a table: one row per school and the county
//! total, its title and its 清零 line; and as aligned text for the terminal or a file.

use crate::db::monthly::MonthlyReport;
use crate::i18n::io::X;
use crate::i18n::{fill, Label};

/// The report's column headers.
pub fn headers() -> Vec<String> {
    let mut out = vec![X::ColSchool.s().to_string(), X::HeaderSchoolCode.s().to_string()];
    out.extend(count_headers());
    out
}

/// The seven counts' headers, in the order of `MonthlyCounts::values` (the roll-up's too).
pub fn count_headers() -> Vec<String> {
    [X::ColOpenStart, X::ColNewSuspected, X::ColNewDropout, X::ColReturned, X::ColClosed, X::ColOpenEnd, X::ColOutEnd]
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

/// The report as a table of cells (counts as numbers), titled `title`: what the xlsx and
/// CSV files and the upward bundle write.
pub fn table(r: &MonthlyReport, title: String) -> crate::report::indicators::Table {
    use crate::report::indicators::{Cell, Mark, Table};
    let num = |s: &String| match s.parse::<i64>() {
        Ok(n) => Cell::Num { value: n as f64, decimals: 0, flag: Mark::None },
        Err(_) => Cell::Text(s.clone()),
    };
    // The school and its code are text; the counts after them numbers.
    let cells = |row: Vec<String>| -> Vec<Cell> {
        row.iter().enumerate().map(|(i, c)| if i < 2 { Cell::Text(c.clone()) } else { num(c) }).collect()
    };
    Table { title, headers: headers(), rows: rows(r).into_iter().map(cells).collect() }
}

/// The report and its month's cycle as a file: the title (marked on demo data), the table,
/// then the 清零 line and the cycle's rows.
pub fn file(
    r: &MonthlyReport,
    cycle: &crate::report::month_cycle::Cycle,
    demo: bool,
) -> crate::report::files::ReportFile {
    let mut tail = vec![Vec::new(), vec![zero_line(r)]];
    tail.extend(crate::report::month_cycle::rows(cycle));
    let month = r.report.month.map(|m| m.to_string()).unwrap_or_default();
    crate::report::files::ReportFile {
        title: crate::report::files::demo_marked(demo, title(r)),
        tables: vec![table(r, X::SheetMonthly.s().to_string())],
        tail,
        suggested: format!("{}-{}-{month}.xlsx", X::SheetMonthly.s(), r.county_code),
    }
}

pub fn title(r: &MonthlyReport) -> String {
    let month = r.report.month.map(|m| m.to_string()).unwrap_or_default();
    match &r.school {
        Some((name, code)) => fill(X::MonthlyTitleSchool.s(), &[&r.county_name, name, code, &month]),
        None => fill(X::MonthlyTitle.s(), &[&r.county_name, &r.county_code, &month]),
    }
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
    use crate::report::text_table::{render, target_width, Align};
    // The school wraps; its code and the counts stay whole.
    let mut aligns = vec![Align::Text, Align::Code];
    aligns.resize(headers().len(), Align::Number);
    let mut out = vec![title(r)];
    if let (Some(s), Some(e)) = (r.report.start, r.report.end) {
        out.push(fill(X::MonthlyPeriod.s(), &[&s, &e]));
    }
    out.push(String::new());
    out.extend(render(&headers(), &rows(r), &aligns, target_width()));
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
