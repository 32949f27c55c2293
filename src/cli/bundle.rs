//! `taizhang report bundle --region CODE --month YYYY-MM -o 上报.xlsx`: the one workbook a
//! county sends to its 市, and a 市 to the 省. A cover sheet (region, month, the database it
//! came from, when and by whom it was made), then the monthly table, the open cases with ID
//! numbers masked, and the indicators summary, each on its own sheet. The tables are the
//! ones `report monthly` and `report indicators` print (roll-ups above a county).

use super::report::table_sheet;
use super::rollup::{self, month_of};
use super::{exit, Failure};
use crate::db::Db;
use crate::domain::case_status::CaseStatus;
use crate::domain::region::Level;
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::i18n::rollup::R;
use crate::io::export::Col;
use crate::report::indicators::{Cell, Mark, Table};
use std::path::Path;

/// Writes the bundle of `region` for `month` to `output`.
pub fn run(db: &Db, region: &super::region::RegionArg, month: &str, output: &Path) -> Result<String, Failure> {
    let region = region.resolve(&db.conn)?;
    // It carries a case list: only a login that may read the whole region makes it.
    if !db.read_scope().sees(&region.code, None) {
        return Err(Failure {
            message: fill(X::ExportRefused.s(), &[&db.actor.login, &region.code]),
            code: exit::REFUSED,
        });
    }
    let m = month_of(month)?;
    let monthly = match region.level {
        Level::County => county_monthly(db, &region.code, month)?,
        _ => rollup::monthly(db, &region, m)?.table,
    };
    let indicators = rollup::indicators(db, &region)?;
    let open: Vec<CaseStatus> = CaseStatus::ALL.iter().copied().filter(|s| s.is_open()).collect();
    let (headers, kinds, rows) = crate::io::export::masked_cases(db, &region.code, &open)
        .map_err(|e| Failure { message: e.to_string(), code: exit::ERROR })?;
    let cases = Table {
        title: R::SheetCases.s().to_string(),
        headers,
        rows: rows.into_iter().map(|r| case_cells(&kinds, r)).collect(),
    };
    let place = format!("{}（{}）", region.name, region.code);
    let title = super::demo_titled(db, fill(R::BundleTitle.s(), &[&place, &m]));
    let cover = cover(db, &place, &m.to_string());
    let sheets = [
        cover,
        Table { title: R::SheetMonthly.s().to_string(), ..monthly },
        cases,
        Table { title: R::SheetIndicators.s().to_string(), ..indicators.table },
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let mut used = Vec::new();
    let failed = |e: rust_xlsxwriter::XlsxError| Failure::usage(fill(X::WriteIo.s(), &[&output.display(), &e]));
    for t in &sheets {
        table_sheet(&mut book, &title, t, &mut used).map_err(failed)?;
    }
    book.save(output).map_err(failed)?;
    Ok(fill(R::BundleWritten.s(), &[&output.display()]))
}

/// The cover sheet: what the workbook is, where it came from, when and by whom.
fn cover(db: &Db, place: &str, month: &str) -> Table {
    let text = |s: &str| Cell::Text(s.to_string());
    let mut rows = vec![
        vec![text(R::CoverRegion.s()), text(place)],
        vec![text(R::CoverMonth.s()), text(month)],
        vec![
            text(R::CoverSource.s()),
            text(&std::fs::canonicalize(&db.path).unwrap_or(db.path.clone()).display().to_string()),
        ],
        vec![text(R::CoverMadeAt.s()), text(&crate::db::now_text())],
        vec![text(R::CoverMadeBy.s()), text(&db.actor.login)],
        vec![text(R::CoverMasked.s()), text(R::CoverMaskedValue.s())],
    ];
    if db.demo {
        rows.push(vec![text(R::CoverData.s()), text(X::DemoMark.s())]);
    }
    Table {
        title: R::SheetCover.s().to_string(),
        headers: vec![R::CoverItem.s().into(), R::CoverValue.s().into()],
        rows,
    }
}

/// A county's own monthly report (per school), as a table.
fn county_monthly(db: &Db, county: &str, month: &str) -> Result<Table, Failure> {
    let report = super::monthly::load(db, &super::region::Place::county(county), month)?;
    Ok(crate::report::monthly::table(&report, crate::report::monthly::title(&report)))
}

/// The case list as cells: ids and counts as numbers (the dates `table_sheet` finds).
fn case_cells(kinds: &[Col], row: Vec<String>) -> Vec<Cell> {
    row.into_iter()
        .enumerate()
        .map(|(i, c)| match (kinds.get(i), c.parse::<i64>()) {
            (Some(Col::Number), Ok(n)) => Cell::Num { value: n as f64, decimals: 0, flag: Mark::None },
            _ => Cell::Text(c),
        })
        .collect()
}
