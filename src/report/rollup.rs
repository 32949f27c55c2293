//! The roll-ups above the county as tables (one row per county, or per prefecture at the
//! province, then the total) for the screen and for text, CSV, xlsx and JSON; built from
//! `domain::rollup` sums, never recomputed here.

use super::indicators::{Cell, Table};
use crate::domain::region::{self, Level};
use crate::domain::rollup::{self, IndicatorTally, MonthlyTally, OverviewTally, Rollup, Verdicts};
use crate::i18n::rollup::R;
use crate::i18n::{fill, indicators as txt};

/// The first column's heading: what a row is at `region`.
pub fn part_header(region: &str) -> &'static str {
    match region::level_of(region) {
        Ok(Level::Province) => R::ColPrefecture.s(),
        _ => R::ColCounty.s(),
    }
}

/// A row's name: the region's, or 市直属 / 省直属 for the region's own records.
pub fn row_name(region: &str, code: &str, name: &dyn Fn(&str) -> String) -> String {
    if rollup::is_direct(region, code) {
        match region::level_of(region) {
            Ok(Level::Province) => R::DirectProvince.s().to_string(),
            _ => R::DirectPrefecture.s().to_string(),
        }
    } else {
        name(code)
    }
}

pub fn int(n: i64) -> Cell {
    Cell::Num { value: n as f64, decimals: 0, flag: super::indicators::Mark::None }
}

/// A table of `rollup`: a row per part, then the total, each as `cells(value)`.
pub fn table<T>(
    title: String,
    rollup: &Rollup<T>,
    name: &dyn Fn(&str) -> String,
    headers: Vec<String>,
    cells: impl Fn(&T, bool) -> Vec<Cell>,
) -> Table {
    let mut head = vec![part_header(&rollup.region).to_string(), R::ColCode.s().to_string()];
    head.extend(headers);
    let mut rows: Vec<Vec<Cell>> = rollup
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![Cell::Text(row_name(&rollup.region, &r.code, name)), Cell::Text(r.code.clone())];
            row.extend(cells(&r.value, rollup::is_direct(&rollup.region, &r.code)));
            row
        })
        .collect();
    let mut total = vec![Cell::Text(R::Total.s().to_string()), Cell::Text(rollup.region.clone())];
    total.extend(cells(&rollup.total, false));
    rows.push(total);
    Table { title, headers: head, rows }
}

/// The monthly roll-up: the seven counts of the county report and how many are at zero.
pub fn monthly_table(title: String, r: &Rollup<MonthlyTally>, name: &dyn Fn(&str) -> String) -> Table {
    let mut headers = super::monthly::count_headers();
    headers.push(R::ColAtZero.s().to_string());
    table(title, r, name, headers, |t, _| {
        let mut cells: Vec<Cell> = t.counts.values().iter().map(|v| int(*v)).collect();
        cells.push(Cell::Text(zero_cell(t)));
        cells
    })
}

/// 是 / 否 for one county, "at zero / counties" for a sum, 不计 for 直属 records.
fn zero_cell(t: &MonthlyTally) -> String {
    if t.units == 0 {
        R::NotCounted.s().to_string()
    } else if t.units == 1 {
        if t.units_at_zero == 1 { R::Yes.s() } else { R::No.s() }.to_string()
    } else {
        fill(R::ZeroOf.s(), &[&t.units_at_zero, &t.units])
    }
}

/// The 清零 line under the monthly roll-up.
pub fn zero_line(r: &Rollup<MonthlyTally>) -> String {
    fill(R::ZeroLine.s(), &[&r.total.units_at_zero, &r.total.units])
}

/// A verdict cell: the county's own, "n/m pass" for a sum, 不评估 for 直属 records.
fn verdict_cell(t: &IndicatorTally, v: &Verdicts, direct: bool) -> Cell {
    Cell::Text(if direct || t.counties == 0 {
        R::NotEvaluated.s().to_string()
    } else {
        match t.own(v) {
            Some(own) => txt::met(own).to_string(),
            None => fill(R::PassOf.s(), &[&v.pass, &v.total()]),
        }
    })
}

/// The indicators roll-up's figures after the region: the four items are county verdicts.
const INDICATOR_COLUMNS: &[R] = &[
    R::ColSchools,
    R::ColStudents,
    R::ColResources,
    R::ColSchoolSize,
    R::ColClassSize,
    R::ColRotation,
    R::ColOpen,
    R::ColOut,
];

/// The overview roll-up's figures after the region.
const OVERVIEW_COLUMNS: &[R] =
    &[R::ColSchools, R::ColClosed, R::ColStudents, R::ColAlliances, R::ColAllianceSchools, R::ColOpen, R::ColOut];

fn headers(columns: &[R]) -> Vec<String> {
    columns.iter().map(|c| c.s().to_string()).collect()
}

/// The indicators roll-up: schools, pupils, the county verdicts and the open cases.
pub fn indicators_table(title: String, r: &Rollup<IndicatorTally>, name: &dyn Fn(&str) -> String) -> Table {
    table(title, r, name, headers(INDICATOR_COLUMNS), |t, direct| {
        vec![
            int(t.schools),
            int(t.students),
            verdict_cell(t, &t.resources, direct),
            verdict_cell(t, &t.school_size, direct),
            verdict_cell(t, &t.class_size, direct),
            verdict_cell(t, &t.rotation, direct),
            int(t.open_cases),
            int(t.out_of_school),
        ]
    })
}

/// The overview roll-up: schools open and closed, pupils, alliances and open cases.
pub fn overview_table(title: String, r: &Rollup<OverviewTally>, name: &dyn Fn(&str) -> String) -> Table {
    table(title, r, name, headers(OVERVIEW_COLUMNS), |t, _| {
        [t.schools_open, t.schools_closed, t.students, t.alliances, t.alliance_schools, t.open_cases, t.out_of_school]
            .map(int)
            .to_vec()
    })
}

/// A roll-up as JSON: the region, each row (code, name, units added, figures) and the total.
pub fn json<T: serde::Serialize>(
    title: &str,
    r: &Rollup<T>,
    name: &dyn Fn(&str) -> String,
    extra: serde_json::Value,
) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = r
        .rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "code": row.code,
                "name": row_name(&r.region, &row.code, name),
                "direct": rollup::is_direct(&r.region, &row.code),
                "units": row.units,
                "figures": row.value,
            })
        })
        .collect();
    serde_json::json!({
        "title": title,
        "region": r.region,
        "region_name": name(&r.region),
        "meta": extra,
        "rows": rows,
        "total": r.total,
    })
}

/// The columns a list or export at `region` carries before its own to say where each row
/// belongs: none at a county, 县区 at a prefecture, 市 and 县区 at the province.
pub fn place_headers(region: &str) -> Vec<String> {
    match region::level_of(region) {
        Ok(Level::Province) => vec![R::ColPrefecture.s().to_string(), R::ColCounty.s().to_string()],
        Ok(Level::Prefecture) => vec![R::ColCounty.s().to_string()],
        _ => Vec::new(),
    }
}

/// The cells of [`place_headers`] for a row of unit `unit` (a county, or a prefecture for
/// its 市直属 records).
pub fn place_cells(region: &str, unit: &str, name: &dyn Fn(&str) -> String) -> Vec<String> {
    let county = || match region::level_of(unit) {
        Ok(Level::County) => name(unit),
        Ok(Level::Prefecture) => R::DirectPrefecture.s().to_string(),
        _ => R::DirectProvince.s().to_string(),
    };
    match region::level_of(region) {
        Ok(Level::Province) => {
            let prefecture = match region::level_of(unit) {
                Ok(Level::County) => region::parent_of(unit).map(|p| name(&p)).unwrap_or_default(),
                Ok(Level::Prefecture) => name(unit),
                _ => String::new(),
            };
            vec![prefecture, county()]
        }
        Ok(Level::Prefecture) => vec![county()],
        _ => Vec::new(),
    }
}
