//! The tables of the item ledgers (销号管理), for the command line and the export: the items
//! of a region, the open items at each month's end, the flagged schools without an item.

use super::indicators::{Cell, Table};
use crate::db::items::{Item, ItemKind, Needing};
use crate::domain::items::Status;
use crate::domain::monthly::Month;
use crate::i18n::items::{flag_label, kind_name, status_label, IT};
use crate::i18n::ledger::label_of;
use chrono::NaiveDate;

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn label(key: &str) -> String {
    crate::domain::fields::find(crate::domain::items::FIELDS, key)
        .or_else(|| crate::domain::fields::find(crate::domain::items::CLOSE_FIELDS, key))
        .map(|f| label_of(f).to_string())
        .unwrap_or_else(|| key.to_string())
}

/// The items, one row each: county, number, kind, school, problem, measure, who, dates,
/// status and the close.
pub fn list_table(items: &[Item], kinds: &[ItemKind], today: NaiveDate) -> Table {
    let mut headers = vec![IT::ColCounty.s().to_string(), IT::ColId.s().to_string()];
    headers.extend(
        ["kind", "school_id", "problem", "measure", "unit", "person", "opened_on", "due_on"].iter().map(|k| label(k)),
    );
    headers.push(IT::ColStatus.s().to_string());
    headers.push(IT::ColLastProgress.s().to_string());
    headers.extend(["closed_on", "evidence", "closed_by"].iter().map(|k| label(k)));
    let rows = items
        .iter()
        .map(|i| {
            let r = &i.record;
            vec![
                text(i.county_name.clone()),
                text(i.id.to_string()),
                text(kind_name(kinds, &r.kind)),
                text(i.school.clone().unwrap_or_else(|| IT::CountyLevel.s().to_string())),
                text(r.problem.clone()),
                text(r.measure.clone()),
                text(r.unit.clone()),
                text(r.person.clone()),
                text(r.opened_on.clone()),
                text(r.due_on.clone().unwrap_or_default()),
                text(status_label(i.status(today))),
                text(i.last_progress.clone().unwrap_or_default()),
                text(i.closed_on.clone().unwrap_or_default()),
                text(i.evidence.clone()),
                text(i.closed_by.clone()),
            ]
        })
        .collect();
    Table { title: IT::KindsTitle.s().to_string(), headers, rows }
}

/// (items, open, overdue, closed) among `items` on `today`.
pub fn counts(items: &[Item], today: NaiveDate) -> (usize, usize, usize, usize) {
    let st: Vec<Status> = items.iter().map(|i| i.status(today)).collect();
    let overdue = st.iter().filter(|s| **s == Status::Overdue).count();
    let closed = st.iter().filter(|s| **s == Status::Closed).count();
    (items.len(), items.len() - closed, overdue, closed)
}

/// The open items at the end of each month.
pub fn months_table(line: &[(Month, usize)]) -> Table {
    Table {
        title: IT::ByMonthTitle.s().to_string(),
        headers: vec![IT::ColMonth.s().to_string(), IT::ColOpen.s().to_string()],
        rows: line.iter().map(|(m, n)| vec![text(m.to_string()), text(n.to_string())]).collect(),
    }
}

/// The flagged schools without an open item of the kind that answers their flag.
pub fn needing_table(needing: &[Needing], kinds: &[ItemKind], county_name: &dyn Fn(&str) -> String) -> Table {
    Table {
        title: IT::NeedingTitle.s().to_string(),
        headers: vec![IT::ColCounty.s().to_string(), label("school_id"), IT::ColFlag.s().to_string(), label("kind")],
        rows: needing
            .iter()
            .map(|n| {
                vec![
                    text(county_name(&n.county_code)),
                    text(n.school.clone()),
                    text(flag_label(n.flag)),
                    text(kind_name(kinds, &n.kind)),
                ]
            })
            .collect(),
    }
}

/// The items as JSON objects with stable keys (for scripts), the kind as its code.
pub fn list_json(items: &[Item], today: NaiveDate) -> String {
    use serde_json::{json, Value};
    let rows: Vec<Value> = items
        .iter()
        .map(|i| {
            let r = &i.record;
            json!({
                "id": i.id,
                "county_code": i.county_code,
                "county": i.county_name,
                "kind": r.kind,
                "school_id": r.school_id,
                "school": i.school,
                "problem": r.problem,
                "measure": r.measure,
                "unit": r.unit,
                "person": r.person,
                "opened_on": r.opened_on,
                "due_on": r.due_on,
                "status": i.status(today).code(),
                "last_progress": i.last_progress,
                "closed_on": i.closed_on,
                "evidence": i.evidence,
                "closed_by": i.closed_by,
            })
        })
        .collect();
    serde_json::to_string_pretty(&Value::Array(rows)).unwrap_or_default()
}
