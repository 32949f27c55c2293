//! `report monthly|indicators --region CODE` at a prefecture or the province: the roll-up
//! (`db::rollup`) as text, CSV, xlsx or JSON. A county keeps its own per-school report.

use super::report::{csv, xlsx};
use super::{exit, Failure};
use crate::db::monthly::MonthlyError;
use crate::db::regions::{self, Region};
use crate::db::Db;
use crate::domain::monthly::{self as month_rules, Month};
use crate::domain::rollup::{IndicatorTally, MonthlyTally, OverviewTally, Rollup};
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::i18n::rollup::R;
use crate::report::indicators::{text, Table};
use crate::report::rollup as table;
use std::path::Path;

pub use super::report::Format;

impl Format {
    /// The report format `s` names, or the usage message that says which ones exist.
    pub fn parse_or_fail(s: &str) -> Result<Format, Failure> {
        Format::parse(s).ok_or_else(|| Failure::usage(fill(R::BadFormat.s(), &[&s])))
    }
}

/// A roll-up ready to be written: its title, its table, lines under it, and its JSON.
pub struct Written {
    pub title: String,
    pub table: Table,
    /// Tables after the first (a report of several, such as `report history`).
    pub more: Vec<Table>,
    pub notes: Vec<String>,
    pub json: serde_json::Value,
}

impl Written {
    /// Every table, the first one first.
    pub fn tables(&self) -> Vec<Table> {
        std::iter::once(self.table.clone()).chain(self.more.iter().cloned()).collect()
    }
}

fn sqlite(e: rusqlite::Error) -> Failure {
    Failure { message: e.to_string(), code: exit::ERROR }
}

pub fn month_of(month: &str) -> Result<Month, Failure> {
    Month::parse(month).ok_or_else(|| Failure::usage(fill(X::MonthBad.s(), &[&month])))
}

fn monthly_error(db: &Db, m: Month) -> impl Fn(MonthlyError) -> Failure + '_ {
    move |e| match e {
        MonthlyError::FutureMonth => Failure::usage(fill(X::MonthFuture.s(), &[&m])),
        MonthlyError::Refused(r) => {
            Failure { message: crate::i18n::errors::session_refusal(db, &r), code: exit::REFUSED }
        }
        MonthlyError::Sqlite(e) => sqlite(e),
    }
}

/// A roll-up counts the whole region: only a login whose counts cover all of it gets one
/// (`Db::rollup_coverage`).
pub fn covered(db: &Db, region: &Region) -> Result<(), Failure> {
    db.rollup_coverage(&region.code)
        .map_err(|r| Failure { message: crate::i18n::errors::session_refusal(db, &r), code: exit::REFUSED })
}

/// The monthly roll-up of `region` for `month`.
pub fn monthly(db: &Db, region: &Region, m: Month) -> Result<Written, Failure> {
    covered(db, region)?;
    let r = crate::db::rollup::monthly(&db.conn, &region.code, m, crate::db::today()).map_err(monthly_error(db, m))?;
    monthly_written(db.demo, region, m, &r, &|c| regions::name_or_code(&db.conn, c))
}

/// The monthly roll-up `r`, titled (and marked when it holds demo data).
pub fn monthly_written(
    demo: bool,
    region: &Region,
    m: Month,
    r: &Rollup<MonthlyTally>,
    name: &dyn Fn(&str) -> String,
) -> Result<Written, Failure> {
    let (start, end) =
        month_rules::period(m, crate::db::today()).map_err(|_| Failure::usage(fill(X::MonthFuture.s(), &[&m])))?;
    let title = super::demo_marked(demo, fill(R::MonthlyTitle.s(), &[&region.name, &region.code, &m]));
    let period = fill(X::MonthlyPeriod.s(), &[&start, &end]);
    let meta = serde_json::json!({ "month": m.to_string(), "start": start.to_string(), "end": end.to_string() });
    Ok(Written {
        more: Vec::new(),
        json: table::json(&title, r, name, meta),
        table: table::monthly_table(period, r, name),
        notes: vec![table::zero_line(r), R::MonthlyNote.s().to_string()],
        title,
    })
}

/// The 优质均衡 roll-up of `region` as of today.
pub fn indicators(db: &Db, region: &Region) -> Result<Written, Failure> {
    covered(db, region)?;
    let r = crate::db::rollup::indicators(&db.conn, &region.code, crate::db::today()).map_err(sqlite)?;
    Ok(indicators_written(db.demo, region, &r, &|c| regions::name_or_code(&db.conn, c)))
}

/// The 优质均衡 roll-up `r`, titled.
pub fn indicators_written(
    demo: bool,
    region: &Region,
    r: &Rollup<IndicatorTally>,
    name: &dyn Fn(&str) -> String,
) -> Written {
    let table = table::indicators_table(R::ColResources.s().to_string(), r, name);
    as_of_today(demo, region, r, name, (R::IndicatorsTitle, R::IndicatorsNote), table)
}

/// A roll-up `r` as of today, shown as `table`: titled by `texts.0` (region name, code,
/// date), with the note `texts.1` under it.
fn as_of_today<T: serde::Serialize>(
    demo: bool,
    region: &Region,
    r: &Rollup<T>,
    name: &dyn Fn(&str) -> String,
    texts: (R, R),
    table: Table,
) -> Written {
    let today = crate::db::today();
    let title = super::demo_marked(demo, fill(texts.0.s(), &[&region.name, &region.code, &today]));
    Written {
        more: Vec::new(),
        json: table::json(&title, r, name, serde_json::json!({ "as_of": today.to_string() })),
        table,
        notes: vec![texts.1.s().to_string()],
        title,
    }
}

/// The overview roll-up of `region` as of today.
pub fn overview(db: &Db, region: &Region) -> Result<Written, Failure> {
    covered(db, region)?;
    let r = crate::db::rollup::overview(&db.conn, &region.code).map_err(sqlite)?;
    Ok(overview_written(db.demo, region, &r, &|c| regions::name_or_code(&db.conn, c)))
}

/// The overview roll-up `r`, titled.
pub fn overview_written(
    demo: bool,
    region: &Region,
    r: &Rollup<OverviewTally>,
    name: &dyn Fn(&str) -> String,
) -> Written {
    let table = table::overview_table(R::SheetOverview.s().to_string(), r, name);
    as_of_today(demo, region, r, name, (R::OverviewTitle, R::OverviewNote), table)
}

/// As aligned text: the title, the table, the notes.
pub fn as_text(w: &Written) -> String {
    let mut out = text(&w.title, &w.tables());
    for n in &w.notes {
        out.push('\n');
        out.push_str(n);
    }
    crate::report::text_table::fit_lines(&out, crate::report::text_table::target_width())
}

/// Writes `w` in `format` to `output` (or returns it, for stdout).
pub fn write(w: &Written, format: Format, output: Option<&Path>) -> Result<String, Failure> {
    let failed = |p: &Path, e: &dyn std::fmt::Display| Failure::usage(fill(X::WriteIo.s(), &[&p.display(), e]));
    // Said of any roll-up (monthly, indicators, overview): not "the monthly report".
    let done = |p: &Path| fill(R::Written.s(), &[&p.display()]);
    let mut tables = w.tables();
    tables.extend(w.notes.iter().map(|n| Table { title: n.clone(), headers: Vec::new(), rows: Vec::new() }));
    let bytes: Vec<u8> = match format {
        Format::Text => as_text(w).into_bytes(),
        Format::Json => serde_json::to_string_pretty(&w.json).map_err(|e| sqlite_like(&e))?.into_bytes(),
        Format::Csv => csv(&w.title, &tables).map_err(|e| failed(output.unwrap_or(Path::new("-")), &e))?,
        Format::Xlsx => {
            let path = output.ok_or_else(|| Failure::usage(fill(X::NeedOutput.s(), &[&"xlsx"])))?;
            xlsx(&w.title, &w.tables(), path).map_err(|e| failed(path, &e))?;
            return Ok(done(path));
        }
    };
    match output {
        None => Ok(String::from_utf8_lossy(&bytes).trim_end().to_string()),
        Some(path) => {
            std::fs::write(path, &bytes).map_err(|e| failed(path, &e))?;
            Ok(done(path))
        }
    }
}

fn sqlite_like(e: &dyn std::fmt::Display) -> Failure {
    Failure { message: e.to_string(), code: exit::ERROR }
}
