//! The table by year of a region's schools (`taizhang report history`, the 布局变化 screen):
//! per year the schools open at its start, opened, closed, merged, renamed, retyped and open
//! at its end; above a county the same counted per part (county, or prefecture at the
//! province) and added up (`domain::rollup`); and the consolidations, which school joined
//! which. Built once for the command and the screen.

use super::indicators::{Cell, Table};
use super::rollup::{int, place_cells, place_headers, table as rollup_table};
use crate::db::history::{CountedLife, Merge};
use crate::domain::history::{self as rules, Life, YearRow};
use crate::domain::region::{self, Level};
use crate::domain::rollup::{roll_up, Rollup};
use crate::i18n::fill;
use crate::i18n::history::H;

/// A region's history report, ready to be drawn or written.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryReport {
    pub title: String,
    pub first: i32,
    pub last: i32,
    pub years: Vec<YearRow>,
    /// Above a county: the parts over the whole period, and their total.
    pub parts: Option<Rollup<YearRow>>,
    pub merges: Vec<Merge>,
}

/// The first year a report starts at when none is asked: the first year anything is dated
/// in `lives`, else `last`.
fn default_first(lives: &[CountedLife], last: i32) -> i32 {
    let plain: Vec<&Life> = lives.iter().map(|l| &l.life).collect();
    rules::first_year(&plain).unwrap_or(last).min(last)
}

/// The report of region `code` (named `name`) read from the database, from `from` (else its
/// first dated year) to this year: what the command and the screen show.
pub fn load(db: &crate::db::Db, code: &str, name: &str, from: Option<i32>) -> rusqlite::Result<HistoryReport> {
    let last = chrono::Datelike::year(&crate::db::today());
    let lives = crate::db::history::lives(db, code)?;
    let first = from.unwrap_or_else(|| default_first(&lives, last));
    let merges = crate::db::history::merges(db, code, first)?;
    Ok(build(code, name, &lives, merges, first, last))
}

/// The report of region `code` (named `name`) from `first` to `last` over `lives`; `merges`
/// are the region's consolidations (those before `first` are left out).
pub fn build(
    code: &str,
    name: &str,
    lives: &[CountedLife],
    merges: Vec<Merge>,
    first: i32,
    last: i32,
) -> HistoryReport {
    let plain: Vec<&Life> = lives.iter().map(|l| &l.life).collect();
    let years = rules::by_year(&plain, first, last);
    let parts = (region::level_of(code) != Ok(Level::County)).then(|| {
        let mut units: Vec<String> = lives.iter().map(|l| l.county.clone()).collect();
        units.sort();
        units.dedup();
        let of = |unit: &str| -> YearRow {
            let own: Vec<&Life> = lives.iter().filter(|l| l.county == unit).map(|l| &l.life).collect();
            rules::total(&rules::by_year(&own, first, last))
        };
        roll_up(code, units.iter().map(|u| (u.clone(), of(u))).collect())
    });
    let from = format!("{first:04}-01-01");
    let merges = merges.into_iter().filter(|m| m.on >= from).collect();
    let title = fill(H::ReportTitle.s(), &[&name, &code, &first, &last]);
    HistoryReport { title, first, last, years, parts, merges }
}

fn counts(r: &YearRow) -> Vec<Cell> {
    [r.start, r.opened, r.closed, r.merged, r.renamed, r.retyped, r.end].map(|n| int(n as i64)).to_vec()
}

fn count_headers() -> Vec<String> {
    [H::ColStart, H::ColOpened, H::ColClosed, H::ColMerged, H::ColRenamed, H::ColRetyped, H::ColEnd]
        .map(|h| h.s().to_string())
        .to_vec()
}

impl HistoryReport {
    /// The table by year, then the total over the years.
    pub fn years_table(&self) -> Table {
        let mut headers = vec![H::ColYear.s().to_string()];
        headers.extend(count_headers());
        let mut rows: Vec<Vec<Cell>> = self
            .years
            .iter()
            .map(|r| std::iter::once(Cell::Text(r.year.to_string())).chain(counts(r)).collect())
            .collect();
        let total = rules::total(&self.years);
        rows.push(std::iter::once(Cell::Text(H::Total.s().to_string())).chain(counts(&total)).collect());
        Table { title: H::ScreenTitle.s().to_string(), headers, rows }
    }

    /// Above a county: one row per part over the whole period, then the total.
    pub fn parts_table(&self, name: &dyn Fn(&str) -> String) -> Option<Table> {
        let parts = self.parts.as_ref()?;
        Some(rollup_table(H::PartsTitle.s().to_string(), parts, name, count_headers(), |t, _| counts(t)))
    }

    /// The consolidations: date, (place,) school, the school it joined.
    pub fn merges_table(&self, region: &str, name: &dyn Fn(&str) -> String) -> Table {
        let mut headers = vec![H::ColDate.s().to_string()];
        headers.extend(place_headers(region));
        headers.extend([H::ColSchool.s().to_string(), H::ColInto.s().to_string()]);
        let rows = self
            .merges
            .iter()
            .map(|m| {
                let mut row = vec![Cell::Text(m.on.clone())];
                row.extend(place_cells(region, &m.county, name).into_iter().map(Cell::Text));
                row.extend([Cell::Text(m.school.clone()), Cell::Text(m.into.clone())]);
                row
            })
            .collect();
        Table { title: H::MergesTitle.s().to_string(), headers, rows }
    }

    /// Every table, in the order every format gives them.
    pub fn tables(&self, region: &str, name: &dyn Fn(&str) -> String) -> Vec<Table> {
        let mut out = vec![self.years_table()];
        out.extend(self.parts_table(name));
        out.push(self.merges_table(region, name));
        out
    }

    pub fn json(&self, region: &str, name: &dyn Fn(&str) -> String) -> serde_json::Value {
        let parts = self.parts.as_ref().map(|p| super::rollup::json(&self.title, p, name, serde_json::json!({})));
        serde_json::json!({
            "title": self.title,
            "region": region,
            "from": self.first,
            "to": self.last,
            "years": self.years,
            "total": rules::total(&self.years),
            "parts": parts,
            "merges": self.merges,
            "note": H::Note.s(),
        })
    }
}
