//! The 优质均衡 indicators report of one county as tables. It opens with the county's
//! verdict (each section 达标 / 未达标 / 待确认) and the legend and rules, then the
//! per-school indicators of both stages, the CVs, the schools left out, the guarantee items
//! the data answers, the rates, the self-evaluation sheet, the progress over the years and
//! the open-case counts — the same numbers the indicator screen shows — and the tables as
//! aligned text. Every number is rounded half up (`text::fixed`), in every format.

use crate::db::indicators::{CaseCharts, CountyInputs};
use crate::domain::evaluation::{self as ev, Computed, Entry, Row as SheetRow, Section, SectionVerdict};
use crate::domain::indicators::{self, Guarantees, Indicator, ResourceReport, Stage};
use crate::domain::rates::{self, Rate};
use crate::i18n::evaluation::{self as etxt, E};
use crate::i18n::indicators::{self as txt, I};
use crate::i18n::{fill, Label, T};
use crate::text::{fixed, round_half_up};

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

    /// The number as every format gives it: rounded half up to its decimals.
    pub fn rounded(&self) -> Option<f64> {
        match self {
            Cell::Text(_) => None,
            Cell::Num { value, decimals, .. } => Some(round_half_up(*value, *decimals)),
        }
    }

    /// As printed: not-met values carry an ` x`.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num { value, decimals, flag } => {
                let mut s = fixed(*value, *decimals);
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
    format!("{}%", fixed(r * 100.0, 2))
}

/// The sheet of one county and year: every item with its state, from the inputs and the
/// year's confirmations.
pub fn sheet(inputs: &CountyInputs, entries: &[Entry]) -> Vec<SheetRow> {
    let resources = indicators::evaluate(&inputs.schools);
    let guarantees = indicators::guarantees(&inputs.schools, inputs.rotation.clone());
    let retention = inputs.junior_cohort().map(rates::retention);
    let disabled = rates::disabled_enrolment(inputs.disabled_placed, inputs.disabled_children);
    let facts = ev::Facts {
        resources: &resources,
        guarantees: &guarantees,
        retention: retention.as_ref(),
        disabled: &disabled,
    };
    ev::sheet(&facts, entries)
}

/// One year of the progress table: that year's inputs and its sheet.
pub struct YearRow {
    pub year: i32,
    pub county: CountyInputs,
    pub sheet: Vec<SheetRow>,
}

/// What the report is made of: the year's sheet, the sheets of the years before (for the
/// progress table) and the case charts.
pub struct Inputs<'a> {
    pub county: &'a CountyInputs,
    pub entries: &'a [Entry],
    /// (year, that year's sheet), oldest first, the report's own year included.
    pub years: &'a [YearRow],
    pub charts: &'a CaseCharts,
}

/// Every table of the indicators report, in order: the verdict first.
pub fn tables(input: &Inputs) -> Vec<Table> {
    let inputs = input.county;
    let rows = sheet(inputs, input.entries);
    let report = indicators::evaluate(&inputs.schools);
    let mut out = vec![verdict_table(&rows), legend_table(inputs.year)];
    for stage in Stage::ALL {
        out.push(school_table(&report, stage));
        out.push(cv_table(&report, stage));
    }
    out.push(excluded_table(&report));
    let g = indicators::guarantees(&inputs.schools, inputs.rotation.clone());
    out.push(guarantee_table(&g, &inputs.schools));
    out.push(rates_table(inputs));
    out.push(sheet_table(&rows, inputs, &report, &g));
    out.push(progress_table(input.years));
    out.extend(case_tables(input.charts));
    out
}

/// The four sections and the county, each 达标 / 未达标（n项） / 待确认（n项） with why.
pub fn verdict_table(rows: &[SheetRow]) -> Table {
    let mut out = Vec::new();
    for s in Section::ALL {
        let v = ev::section_verdict(rows, s);
        out.push(vec![
            Cell::text(etxt::section(s)),
            Cell::text(etxt::verdict_word(&v)),
            Cell::text(etxt::verdict_why(&v)),
        ]);
    }
    let county = ev::county_verdict(rows);
    let why = match &county {
        SectionVerdict::Pass => E::AllMet.s().to_string(),
        _ => String::new(),
    };
    out.push(vec![Cell::text(E::County.s()), Cell::text(etxt::verdict_word(&county)), Cell::text(why)]);
    Table {
        title: E::VerdictTitle.s().to_string(),
        headers: vec![E::ColSection.s().into(), E::ColVerdict.s().into(), E::ColWhy.s().into()],
        rows: out,
    }
}

/// Every mark the tables use, the weighting, the exclusions, the school and CV rules, the
/// rounding rule and which year's figures are used.
pub fn legend_table(year: i32) -> Table {
    let lines = [
        E::MarkX.s().to_string(),
        E::MarkQ.s().to_string(),
        E::MarkStar.s().to_string(),
        E::RuleWeight.s().to_string(),
        E::RuleExclude.s().to_string(),
        E::RuleSchool.s().to_string(),
        E::RuleCv.s().to_string(),
        E::RuleRound.s().to_string(),
        fill(E::RuleYear.s(), &[&year, &year, &year]),
    ];
    Table {
        title: E::LegendTitle.s().to_string(),
        headers: vec![E::ColMeaning.s().to_string()],
        rows: lines.into_iter().map(|l| vec![Cell::Text(l)]).collect(),
    }
}

/// A computed item's value and the rows it comes from.
fn computed_value(c: Computed, inputs: &CountyInputs, report: &ResourceReport, g: &Guarantees) -> (String, String) {
    let source = E::ComputedSource.s().to_string();
    match c {
        Computed::Schools(stage) => {
            let st = report.stage(stage);
            (
                fill(I::SheetSchools.s(), &[&st.schools_passing(), &st.parts.len()]),
                fill(I::SheetSourceSchools.s(), &[&st.parts.len()]),
            )
        }
        Computed::Cvs(stage) => {
            let st = report.stage(stage);
            let within = st.cvs.iter().filter(|c| c.met() == Some(true)).count();
            let worst = st
                .cvs
                .iter()
                .filter_map(|c| c.cv.as_ref().and_then(|x| x.cv))
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
            let worst = worst.map(|w| fixed(w, 3)).unwrap_or_else(|| "?".into());
            (fill(I::SheetCvs.s(), &[&within, &worst]), source)
        }
        Computed::SchoolSize | Computed::ClassSize => {
            let item = if c == Computed::SchoolSize { &g.school_size } else { &g.class_size };
            (
                fill(I::ItemCounts.s(), &[&item.failing.len(), &item.missing.len()]),
                fill(I::SheetSourceSchools.s(), &[&item.checked]),
            )
        }
        Computed::Rotation => {
            (rotation_value(&g.rotation), fill(I::SheetSourceRotations.s(), &[&g.rotation.rows, &inputs.year]))
        }
        Computed::JuniorRetention => match inputs.junior_cohort() {
            Some(c) => (rate_text(&rates::retention(c)), fill(I::SheetSourceCohort.s(), &[&c.year])),
            None => (fill(I::SheetNoCohort.s(), &[&inputs.year]), source),
        },
        Computed::DisabledEnrolment => {
            let d = rates::disabled_enrolment(inputs.disabled_placed, inputs.disabled_children);
            let source = if inputs.disabled_entered { I::SheetSourceDisabledEntered } else { I::SheetSourceDisabled };
            (rate_text(&d), fill(source.s(), &[&inputs.disabled_placed.total()]))
        }
    }
}

/// Every item of the 2017 method for the year: computed ones with their value and source,
/// hand ones with the confirmation (value, evidence, date and who).
fn sheet_table(rows: &[SheetRow], inputs: &CountyInputs, report: &ResourceReport, g: &Guarantees) -> Table {
    let headers = [E::ColCode, E::ColItem, E::ColRule, E::ColValue, E::ColResult, E::ColEvidence, E::ColConfirmed]
        .iter()
        .map(|h| h.s().to_string())
        .collect();
    let out = rows
        .iter()
        .map(|r| {
            let (value, evidence, confirmed) = match (r.item.how, &r.entry) {
                (ev::How::Computed(c), _) => {
                    let (v, src) = computed_value(c, inputs, report, g);
                    (v, src, String::new())
                }
                (_, Some(e)) => (
                    e.value.clone(),
                    e.evidence.clone(),
                    fill(E::Confirmed.s(), &[&e.confirmed_on.format("%Y-%m-%d"), &e.confirmed_by]),
                ),
                (_, None) => (String::new(), String::new(), String::new()),
            };
            vec![
                Cell::text(r.item.code),
                Cell::text(etxt::item_name(r.item.code)),
                Cell::text(etxt::item_rule(r.item.code)),
                Cell::Text(value),
                Cell::text(etxt::state(&r.state)),
                Cell::Text(evidence),
                Cell::Text(confirmed),
            ]
        })
        .collect();
    Table { title: fill(E::SheetTitle.s(), &[&inputs.year]), headers, rows: out }
}

/// The sheet alone (for `taizhang sheet show`).
pub fn sheet_only(rows: &[SheetRow], inputs: &CountyInputs) -> Table {
    let report = indicators::evaluate(&inputs.schools);
    let g = indicators::guarantees(&inputs.schools, inputs.rotation.clone());
    sheet_table(rows, inputs, &report, &g)
}

/// Each year's section verdicts and the figures a county in 创建 follows (巩固率, 轮岗,
/// 大班额, 初中辍学率), oldest first (resources from today's figures only).
fn progress_table(years: &[YearRow]) -> Table {
    let mut headers = vec![E::ColYear.s().to_string()];
    headers.extend(Section::ALL.iter().map(|s| etxt::section(*s).to_string()));
    headers.push(E::County.s().to_string());
    headers.extend(
        [I::ColRetention, I::ColRotationShare, I::ColLargeClasses, I::ColJuniorDropout].map(|h| h.s().to_string()),
    );
    let rows = years
        .iter()
        .map(|y| {
            let (year, rows) = (y.year, &y.sheet);
            let mut r = vec![Cell::text(year.to_string())];
            for s in Section::ALL {
                let mut w = etxt::verdict_word(&ev::section_verdict(rows, s));
                if s == Section::Resources {
                    w.push_str(E::ResourcesNow.s());
                }
                r.push(Cell::Text(w));
            }
            r.push(Cell::Text(etxt::verdict_word(&ev::county_verdict(rows))));
            r.extend(year_figures(&y.county));
            r
        })
        .collect();
    Table { title: E::ProgressTitle.s().to_string(), headers, rows }
}

/// The progress table's figures of one year: 巩固率, rotation share, 大班额 + 超大班额
/// classes, 初中辍学率; `—` where nothing was entered.
fn year_figures(c: &CountyInputs) -> Vec<Cell> {
    let dash = || Cell::text("—");
    let rate = |r: &Rate| r.value().map_or_else(dash, |v| Cell::text(pct(v)));
    let retention = c.junior_cohort().map_or_else(dash, |k| rate(&rates::retention(k)));
    let rotation = c.rotation.share().map_or_else(dash, |v| Cell::text(pct(v)));
    let (large, very, counted) = indicators::large_classes(&c.schools);
    let classes = if counted == 0 { dash() } else { Cell::text((large + very).to_string()) };
    vec![retention, rotation, classes, rate(&c.dropout_rate(Stage::Junior))]
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
                .map(|(i, share, _)| format!("{} ({}%)", st.parts[*i].name, fixed(share * 100.0, 0)))
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

/// The rotation item's value: shares of eligible teachers, of 骨干, and of cadres.
fn rotation_value(r: &indicators::Rotation) -> String {
    if r.rows == 0 {
        return I::NoRotation.s().to_string();
    }
    let share = r.share().map(|x| fixed(x * 100.0, 2)).unwrap_or_else(|| "?".into());
    let backbone = r.backbone_share().map(|x| fixed(x * 100.0, 2)).unwrap_or_else(|| "?".into());
    let mut v = fill(I::RotationValue.s(), &[&share, &backbone]);
    v.push_str(&format!(" ({} / {})", r.rotated, r.teachers.map(|t| t.to_string()).unwrap_or_else(|| "?".into())));
    if let Some(c) = r.cadre_share() {
        v.push_str(&fill(I::RotationCadres.s(), &[&fixed(c * 100.0, 2)]));
    }
    v
}

fn guarantee_table(g: &Guarantees, schools: &[indicators::SchoolInput]) -> Table {
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
    rows.push(vec![Cell::text(I::LargeClasses.s()), Cell::text(large_classes_value(schools)), Cell::text("")]);
    let r = &g.rotation;
    rows.push(vec![Cell::text(I::RotationItem.s()), Cell::text(rotation_value(r)), Cell::text(txt::check(r.check()))]);
    Table { title: I::GuaranteeTitle.s().to_string(), headers, rows }
}

/// 大班额 and 超大班额 classes from the year's class counts, or that none were entered.
fn large_classes_value(schools: &[indicators::SchoolInput]) -> String {
    match indicators::large_classes(schools) {
        (_, _, 0) => I::NoClassCounts.s().to_string(),
        (large, very, counted) => fill(I::LargeClassCounts.s(), &[&large, &very, &counted]),
    }
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
    // 辍学率 has no threshold in the 2017 method: shown for the record, not judged.
    for stage in Stage::ALL {
        let r = inputs.dropout_rate(stage);
        let value = match &r {
            Rate::Value { numerator, denominator, rate } => format!("{} ({numerator} / {denominator})", pct(*rate)),
            _ => rate_text(&r),
        };
        rows.push(vec![
            Cell::text(fill(I::DropoutRate.s(), &[&txt::stage(stage)])),
            Cell::text(fill(I::SchoolYear.s(), &[&inputs.year, &(inputs.year + 1)])),
            Cell::text(value),
            Cell::text(I::NotJudged.s()),
        ]);
    }
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

/// Aligned plain text: numbers right, text left, columns two spaces apart, each table fitted
/// to the report width (`text_table`: text wraps, numbers and codes stay whole).
pub fn text(title: &str, tables: &[Table]) -> String {
    text_at(title, tables, crate::report::text_table::target_width())
}

/// [`text`] at `cols` columns (a screen's width).
pub fn text_at(title: &str, tables: &[Table], cols: usize) -> String {
    use crate::report::text_table::{guess, render, Align};
    let mut out = String::new();
    out.push_str(title);
    out.push('\n');
    for t in tables {
        out.push('\n');
        out.push_str(&fill(I::ReportSection.s(), &[&t.title]));
        out.push('\n');
        let shown: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(Cell::shown).collect()).collect();
        let aligns: Vec<Align> = (0..t.headers.len())
            .map(|i| {
                let numeric = t.rows.iter().all(|r| matches!(r.get(i), Some(Cell::Num { .. }) | None));
                match (numeric && !t.rows.is_empty(), guess(shown.iter().filter_map(|r| r.get(i)).map(String::as_str)))
                {
                    (true, _) => Align::Number,
                    (false, Align::Number) => Align::Code,
                    (false, a) => a,
                }
            })
            .collect();
        for line in render(&t.headers, &shown, &aligns, cols) {
            out.push_str(&line);
            out.push('\n');
        }
        if t.rows.is_empty() {
            out.push_str(E::None.s());
            out.push('\n');
        }
    }
    crate::report::text_table::fit_lines(&out, cols) + "\n"
}
