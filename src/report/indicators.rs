//! The 优质均衡 indicators report of one county as tables: the per-school indicators of both
//! stages, the CVs, the schools left out, the guarantee items, the rates and the open-case
//! counts — the same numbers the indicator screen shows — and the tables as aligned text.

use crate::db::indicators::{CaseCharts, CountyInputs};
use crate::domain::indicators::{self, Guarantees, HandItem, Indicator, ResourceReport, Stage};
use crate::domain::rates::{self, Rate};
use crate::i18n::indicators::{self as txt, I};
use crate::i18n::{fill, Label, T};
use crate::text::width;

/// A value cell: text, or a number with its decimals and whether it is flagged.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num { value: f64, decimals: usize, flag: Mark },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    NotMet,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn int(n: i64) -> Cell {
        Cell::Num { value: n as f64, decimals: 0, flag: Mark::None }
    }

    /// As printed: not-met values carry an ` x`.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num { value, decimals, flag } => {
                let mut s = format!("{value:.decimals$}");
                if *flag == Mark::NotMet {
                    s.push_str(" x");
                }
                s
            }
        }
    }
}

/// One table of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn pct(r: f64) -> String {
    format!("{:.2}%", r * 100.0)
}

/// Every table of the indicators report, in order.
pub fn tables(inputs: &CountyInputs, charts: &CaseCharts) -> Vec<Table> {
    let report = indicators::evaluate(&inputs.schools);
    let mut out = Vec::new();
    for stage in Stage::ALL {
        out.push(school_table(&report, stage));
        out.push(cv_table(&report, stage));
    }
    out.push(excluded_table(&report));
    let g = indicators::guarantees(&inputs.schools, inputs.rotation.clone());
    out.push(guarantee_table(&g, inputs));
    out.push(rates_table(inputs));
    out.extend(case_tables(charts));
    out
}

fn school_table(report: &ResourceReport, stage: Stage) -> Table {
    let st = report.stage(stage);
    let mut headers = vec![I::ColSchool.s().to_string(), I::ColStudents.s().to_string()];
    for ind in Indicator::ALL {
        headers.push(format!("{} ({})", txt::short(ind), ind.format(ind.standard(stage))));
    }
    headers.push(I::ReportMet.s().to_string());
    headers.push(I::ColVerdict.s().to_string());
    let rows = st
        .parts
        .iter()
        .map(|p| {
            let mut name = p.name.clone();
            if p.split.is_some() {
                name.push('*');
            }
            let mut row = vec![Cell::text(name), Cell::int(p.students)];
            for ind in Indicator::ALL {
                let c = &p.cells[ind.index()];
                row.push(match c.value {
                    None => Cell::text("?"),
                    Some(v) => Cell::Num {
                        value: v,
                        decimals: if ind == Indicator::Equipment { 0 } else { 2 },
                        flag: if c.met() == Some(false) { Mark::NotMet } else { Mark::None },
                    },
                });
            }
            row.push(Cell::text(format!("{}/7", p.met_count())));
            row.push(Cell::text(txt::verdict(p.verdict)));
            row
        })
        .collect();
    let title = format!("{} {}", txt::stage(stage), T::Schools.s());
    Table { title, headers, rows }
}

fn cv_table(report: &ResourceReport, stage: Stage) -> Table {
    let st = report.stage(stage);
    let headers = [
        I::ReportIndicator.s(),
        I::ReportCv.s(),
        I::ReportLimit.s(),
        I::ReportResult.s(),
        I::ReportBasis.s(),
        I::Missing.s(),
        I::ReportTop.s(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = st
        .cvs
        .iter()
        .map(|c| {
            let cv = c.cv.as_ref().and_then(|x| x.cv);
            let top = c
                .contributors()
                .first()
                .filter(|(_, share, _)| *share > 0.0)
                .map(|(i, share, _)| format!("{} ({:.0}%)", st.parts[*i].name, share * 100.0))
                .unwrap_or_default();
            vec![
                Cell::text(txt::long(c.indicator)),
                match cv {
                    Some(v) => Cell::Num {
                        value: v,
                        decimals: 3,
                        flag: if c.met() == Some(false) { Mark::NotMet } else { Mark::None },
                    },
                    None => Cell::text(I::CvNone.s()),
                },
                Cell::Num { value: c.limit, decimals: 2, flag: Mark::None },
                Cell::text(txt::met(c.met())),
                Cell::int(c.based_on.len() as i64),
                Cell::int(c.missing.len() as i64),
                Cell::text(top),
            ]
        })
        .collect();
    Table { title: format!("{} {}", txt::stage(stage), I::ReportCv.s()), headers, rows }
}

fn excluded_table(report: &ResourceReport) -> Table {
    let headers = vec![
        I::ColSchool.s().to_string(),
        I::ColKind.s().to_string(),
        I::ColStudents.s().to_string(),
        I::ReportReason.s().to_string(),
    ];
    let rows = report
        .excluded
        .iter()
        .map(|e| {
            vec![
                Cell::text(e.name.clone()),
                Cell::text(e.kind.map(|k| k.label()).unwrap_or("")),
                e.students.map(Cell::int).unwrap_or_else(|| Cell::text("?")),
                Cell::text(txt::exclusion(&e.reason)),
            ]
        })
        .collect();
    Table { title: I::ReportExcluded.s().to_string(), headers, rows }
}

/// Names with their figures, for the guarantee table's value column.
fn school_list(checks: &[indicators::SchoolCheck]) -> String {
    checks
        .iter()
        .map(|c| match c.value {
            Some(v) => format!("{} {}", c.name, v),
            None => c.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(T::ListSep.s())
}

fn guarantee_table(g: &Guarantees, inputs: &CountyInputs) -> Table {
    let headers = vec![I::ReportItem.s().to_string(), I::ReportValue.s().to_string(), I::ReportResult.s().to_string()];
    let mut rows = Vec::new();
    for (label, item) in [(I::SchoolSize.s(), &g.school_size), (I::ClassSize.s(), &g.class_size)] {
        let mut value = fill(I::ItemCounts.s(), &[&item.failing.len(), &item.missing.len()]);
        if !item.failing.is_empty() {
            value.push_str(&format!("; {}", fill(I::DFailing.s(), &[&school_list(&item.failing)])));
        }
        if !item.missing.is_empty() {
            value.push_str(&format!("; {}", fill(I::DMissingSchools.s(), &[&school_list(&item.missing)])));
        }
        rows.push(vec![Cell::text(label), Cell::text(value), Cell::text(txt::check(item.check()))]);
    }
    let r = &g.rotation;
    let value = if r.rows == 0 {
        I::NoRotation.s().to_string()
    } else {
        let share = r.share().map(|x| format!("{:.2}", x * 100.0)).unwrap_or_else(|| "?".into());
        let backbone = r.backbone_share().map(|x| format!("{:.2}", x * 100.0)).unwrap_or_else(|| "?".into());
        let mut v = fill(I::RotationValue.s(), &[&share, &backbone]);
        v.push_str(&format!(
            " ({} / {}, {} .. {})",
            r.rotated,
            r.teachers.map(|t| t.to_string()).unwrap_or_else(|| "?".into()),
            inputs.rotation_from,
            inputs.rotation_to
        ));
        v
    };
    rows.push(vec![Cell::text(I::RotationItem.s()), Cell::text(value), Cell::text(txt::check(r.check()))]);
    for h in HandItem::ALL {
        rows.push(vec![Cell::text(txt::hand_item(*h)), Cell::text(""), Cell::text(I::HandTitle.s())]);
    }
    Table { title: I::GuaranteeTitle.s().to_string(), headers, rows }
}

/// A rate's shown value, or why there is none.
pub fn rate_text(r: &Rate) -> String {
    match r {
        Rate::Value { rate, .. } => pct(*rate),
        Rate::Missing(figs) => fill(
            I::DMissingFigures.s(),
            &[&figs.iter().map(|f| txt::figure(*f)).collect::<Vec<_>>().join(T::ListSep.s())],
        ),
        Rate::Undefined { .. } => I::Undefined.s().to_string(),
    }
}

fn rates_table(inputs: &CountyInputs) -> Table {
    let headers = vec![
        I::ReportItem.s().to_string(),
        I::ColYear.s().to_string(),
        I::ReportValue.s().to_string(),
        I::ReportResult.s().to_string(),
    ];
    let mut rows = Vec::new();
    for c in &inputs.cohorts {
        let r = rates::retention(c);
        rows.push(vec![
            Cell::text(txt::cohort_stage(c.stage)),
            Cell::text(fill(I::RateYear.s(), &[&c.year])),
            Cell::text(rate_text(&r)),
            Cell::text(txt::met(r.met())),
        ]);
    }
    if inputs.cohorts.is_empty() {
        rows.push(vec![Cell::text(I::NoCohorts.s()), Cell::text(""), Cell::text(""), Cell::text(txt::met(None))]);
    }
    let d = rates::disabled_enrolment(inputs.disabled_placed, inputs.disabled_children);
    rows.push(vec![
        Cell::text(I::DisabledEnrolment.s()),
        Cell::text(""),
        Cell::text(rate_text(&d)),
        Cell::text(txt::met(d.met())),
    ]);
    Table { title: I::RatesTitle.s().to_string(), headers, rows }
}

fn case_tables(charts: &CaseCharts) -> Vec<Table> {
    let count_header = |first: &str| vec![first.to_string(), I::ReportCount.s().to_string()];
    vec![
        Table {
            title: I::ByStatus.s().to_string(),
            headers: count_header(crate::i18n::ledger::L::ColStatus.s()),
            rows: charts.by_status.iter().map(|(s, n)| vec![Cell::text(s.label()), Cell::int(*n)]).collect(),
        },
        Table {
            title: I::ByReason.s().to_string(),
            headers: count_header(crate::i18n::ledger::L::ColReason.s()),
            rows: charts
                .by_reason
                .iter()
                .map(|(r, n)| vec![Cell::text(r.map(|r| r.label()).unwrap_or(I::NoReason.s())), Cell::int(*n)])
                .collect(),
        },
        Table {
            title: I::Monthly.s().to_string(),
            headers: count_header(I::ReportMonth.s()),
            rows: charts
                .monthly
                .iter()
                .map(|(d, n)| vec![Cell::text(d.format("%Y-%m-%d").to_string()), Cell::int(*n)])
                .collect(),
        },
    ]
}

/// Aligned plain text: numbers right, text left, columns two spaces apart.
pub fn text(title: &str, tables: &[Table]) -> String {
    let mut out = String::new();
    out.push_str(title);
    out.push('\n');
    for t in tables {
        out.push('\n');
        out.push_str(&fill(I::ReportSection.s(), &[&t.title]));
        out.push('\n');
        let shown: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(Cell::shown).collect()).collect();
        let mut widths: Vec<usize> = t.headers.iter().map(|h| width(h)).collect();
        for row in &shown {
            for (i, c) in row.iter().enumerate() {
                if i < widths.len() {
                    widths[i] = widths[i].max(width(c));
                }
            }
        }
        let numeric: Vec<bool> = (0..t.headers.len())
            .map(|i| t.rows.iter().all(|r| matches!(r.get(i), Some(Cell::Num { .. }) | None)) && !t.rows.is_empty())
            .collect();
        let line = |cells: &[String], out: &mut String| {
            let mut l = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(c));
                if numeric.get(i).copied().unwrap_or(false) {
                    l.push_str(&" ".repeat(pad));
                    l.push_str(c);
                } else {
                    l.push_str(c);
                    l.push_str(&" ".repeat(pad));
                }
                l.push_str("  ");
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(&t.headers, &mut out);
        line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(), &mut out);
        for row in &shown {
            line(row, &mut out);
        }
        if t.rows.is_empty() {
            out.push_str(I::Missing.s());
            out.push('\n');
        }
    }
    out
}
