//! A county's 优质均衡 report as its tables, loaded once for the command line
//! (`report indicators`) and the indicator screen's export key alike.

use crate::db::indicators as load;
use crate::db::scope::ReportError;
use crate::db::Db;
use crate::i18n::fill;
use crate::i18n::indicators::I;
use crate::report::indicators::{self as rep, Table};

/// The report's title (marked on a demo database) and its tables, the verdict first.
pub struct Loaded {
    pub title: String,
    pub tables: Vec<Table>,
}

/// The report of `county` (narrowed to `school`) for `year`, as far as the session may read.
pub fn load(db: &Db, county: &str, school: Option<i64>, year: i32) -> Result<Loaded, ReportError> {
    let today = crate::db::today();
    let inputs = load::load(db, county, school, year)?;
    let charts = load::case_charts(db, county, school, today)?;
    let entries = crate::db::evaluation::entries(&db.conn, county, year)?;
    let years = year_sheets(db, county, school, year)?;
    let tables = rep::tables(&rep::Inputs { county: &inputs, entries: &entries, years: &years, charts: &charts });
    let title = fill(I::ReportTitle.s(), &[&inputs.name, &inputs.code, &today.format("%Y-%m-%d")]);
    Ok(Loaded { title: super::files::demo_marked(db.demo, title), tables })
}

/// Each year's sheet up to `year`, oldest first (the progress table), as far as the session
/// may read them (narrowed to `school` as the report is).
pub fn year_sheets(db: &Db, county: &str, school: Option<i64>, year: i32) -> Result<Vec<rep::YearRow>, ReportError> {
    crate::db::evaluation::years(&db.conn, county, year)?
        .into_iter()
        .map(|y| {
            let inputs = load::load(db, county, school, y)?;
            let entries = crate::db::evaluation::entries(&db.conn, county, y)?;
            let sheet = rep::sheet(&inputs, &entries);
            Ok(rep::YearRow { year: y, county: inputs, sheet })
        })
        .collect()
}
