//! 优质均衡 at a glance for one county (key `i` on the county page): 小学 and 初中 tabs with
//! the per-school indicators, verdicts and the CV bar chart; a tab of guarantee items and
//! rates; a tab of ledger charts. Enter (or `x`) on any value shows its inputs and formula.
//! Everything is drawn with the theme's styles and glyphs, so it reads in 16 colours, under
//! NO_COLOR (marks `x` / `?` carry the meaning, not colour) and with `--ascii`.

use super::{Ctx, Dest, Effect, Screen};
use crate::db::evaluation;
use crate::db::indicators::{self as load, CaseCharts, CountyInputs};
use crate::db::scope::ReportError;
use crate::db::Db;
use crate::domain::codes::SchoolKind;
use crate::domain::evaluation::Row as SheetRow;
use crate::domain::indicators::{
    self, Check, Excluded, Guarantees, Indicator, IndicatorCv, ResourceReport, SchoolItem, SchoolPart, Stage, Verdict,
    N_INDICATORS,
};
use crate::domain::rates::{self, Cohort, Rate};
use crate::i18n::indicators::{self as txt, I};
use crate::i18n::keys::K;
use crate::i18n::{fill, Label, T};
use crate::report::indicators::{rate_text, sheet as sheet_of};
use crate::text::fixed;
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::overlay;
use crate::tui::widgets::text::{fit, fit_right, thousands, truncate, width};
use crate::tui::widgets::verdict::verdict_line;
use chrono::Datelike;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use std::cell::Cell as Shared;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Primary,
    Junior,
    Rates,
    Cases,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Primary, Tab::Junior, Tab::Rates, Tab::Cases];

    fn label(self) -> &'static str {
        match self {
            Tab::Primary => I::TabPrimary.s(),
            Tab::Junior => I::TabJunior.s(),
            Tab::Rates => I::TabRates.s(),
            Tab::Cases => I::TabCases.s(),
        }
    }

    fn stage(self) -> Option<Stage> {
        match self {
            Tab::Primary => Some(Stage::Primary),
            Tab::Junior => Some(Stage::Junior),
            _ => None,
        }
    }
}

/// Columns of the school table: name, pupils, seven indicators, verdict.
const STUDENTS_W: usize = 6;
const IND_W: usize = 7;
const VERDICT_W: usize = 7;
/// Lines of the stage tab besides the school rows: tabs, verdict, header, CV title, 7 CVs,
/// summary.
const STAGE_FIXED: usize = 5 + N_INDICATORS;
/// Cohort years shown on the rates tab (the report lists all).
const YEARS_SHOWN: usize = 3;

pub struct IndicatorsScreen {
    code: String,
    inputs: CountyInputs,
    charts: CaseCharts,
    report: ResourceReport,
    guarantees: Guarantees,
    /// The year's self-evaluation sheet: the verdict line on every tab.
    sheet: Vec<SheetRow>,
    tab: Tab,
    /// Selected row per tab.
    rows: [usize; 4],
    /// Selected indicator column on the stage tabs.
    col: usize,
    /// First school row shown (stage tabs); kept so the selection stays in view.
    offset: Shared<usize>,
    /// School rows that fitted when last drawn (PageUp/PageDown).
    page: Shared<usize>,
    /// The open "where this comes from" pop-up and its scroll.
    detail: Option<Vec<String>>,
    detail_scroll: usize,
}

impl IndicatorsScreen {
    /// The whole report as `report indicators` writes it, as a file (`Command::Export`).
    fn export(&self, db: &Db) -> Effect {
        let year = crate::db::today().year();
        match crate::report::indicator_file::load(db, &self.code, None, year) {
            Ok(l) => Effect::Open(super::Route::SaveAs(Box::new(crate::report::files::ReportFile {
                title: l.title,
                tables: l.tables,
                tail: Vec::new(),
                suggested: format!("{}-{}-{year}.xlsx", K::CtxIndicators.s(), self.code),
            }))),
            Err(e) => Effect::Message(crate::i18n::errors::report_error(db, &e)),
        }
    }

    pub fn new(db: &Db, code: &str) -> Result<IndicatorsScreen, ReportError> {
        let today = crate::db::today();
        let inputs = load::load(db, code, None, today.year())?;
        let charts = load::case_charts(db, code, None, today)?;
        let report = indicators::evaluate(&inputs.schools);
        let guarantees = indicators::guarantees(&inputs.schools, inputs.rotation.clone());
        let sheet = sheet_of(&inputs, &evaluation::entries(&db.conn, code, today.year())?);
        Ok(IndicatorsScreen {
            code: code.to_string(),
            inputs,
            charts,
            report,
            guarantees,
            sheet,
            tab: Tab::Primary,
            rows: [0; 4],
            col: 0,
            offset: Shared::new(0),
            page: Shared::new(10),
            detail: None,
            detail_scroll: 0,
        })
    }

    /// Opens the screen on another tab (tests and the report's "see also").
    pub fn with_tab(mut self, tab: Tab) -> Self {
        self.tab = tab;
        self
    }

    fn tab_index(&self) -> usize {
        Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0)
    }

    fn excluded_in(&self, stage: Stage) -> Vec<&Excluded> {
        self.report
            .excluded
            .iter()
            .filter(|e| match (stage, e.kind) {
                (_, None | Some(SchoolKind::Special | SchoolKind::NineYear | SchoolKind::TwelveYear)) => true,
                (Stage::Primary, Some(k)) => matches!(k, SchoolKind::Primary | SchoolKind::TeachingPoint),
                (Stage::Junior, Some(k)) => matches!(k, SchoolKind::Junior | SchoolKind::CompleteMiddle),
            })
            .collect()
    }

    fn cohorts_shown(&self) -> Vec<&Cohort> {
        let newest = self.inputs.cohorts.first().map(|c| c.year).unwrap_or(0);
        self.inputs.cohorts.iter().filter(|c| c.year > newest - YEARS_SHOWN as i64).collect()
    }

    /// How many selectable rows the current tab has.
    fn row_count(&self) -> usize {
        match self.tab {
            Tab::Primary | Tab::Junior => {
                let stage = self.tab.stage().unwrap_or(Stage::Primary);
                self.report.stage(stage).parts.len() + self.excluded_in(stage).len() + N_INDICATORS
            }
            // Cohorts, disabled enrolment, school size, class size, rotation, large classes,
            // the two dropout rates.
            Tab::Rates => self.cohorts_shown().len() + 1 + 3 + 3,
            Tab::Cases => self.charts.by_status.len() + self.charts.by_reason.len() + self.charts.monthly.len(),
        }
    }

    fn move_row(&mut self, delta: isize) {
        let n = self.row_count();
        if n == 0 {
            return;
        }
        let i = self.tab_index();
        let cur = self.rows[i] as isize;
        self.rows[i] = (cur + delta).clamp(0, n as isize - 1) as usize;
    }

    fn switch(&mut self, forward: bool) {
        let i = self.tab_index();
        let next = if forward { (i + 1) % Tab::ALL.len() } else { (i + Tab::ALL.len() - 1) % Tab::ALL.len() };
        self.tab = Tab::ALL[next];
        self.offset.set(0);
    }

    fn reload(&mut self, db: &Db) -> Result<bool, ReportError> {
        let today = crate::db::today();
        let inputs = load::load(db, &self.code, None, today.year())?;
        let sheet = sheet_of(&inputs, &evaluation::entries(&db.conn, &self.code, today.year())?);
        // The charts scan the county's cases: only when its open cases changed.
        let charts = if load::open_counts(db, &self.code, None)? != self.charts.by_status {
            load::case_charts(db, &self.code, None, today)?
        } else {
            self.charts.clone()
        };
        let changed = inputs != self.inputs || charts != self.charts || sheet != self.sheet;
        if changed {
            self.sheet = sheet;
            self.report = indicators::evaluate(&inputs.schools);
            self.guarantees = indicators::guarantees(&inputs.schools, inputs.rotation.clone());
            self.inputs = inputs;
            self.charts = charts;
            for i in 0..Tab::ALL.len() {
                let tab = self.tab;
                self.tab = Tab::ALL[i];
                let n = self.row_count();
                self.rows[i] = self.rows[i].min(n.saturating_sub(1));
                self.tab = tab;
            }
        }
        Ok(changed)
    }

    // ---------------------------------------------------------------------------------
    // Details: the inputs and formula behind the selected value.

    fn detail_lines(&self) -> Vec<String> {
        let row = self.rows[self.tab_index()];
        match self.tab {
            Tab::Primary | Tab::Junior => {
                let stage = self.tab.stage().unwrap_or(Stage::Primary);
                let st = self.report.stage(stage);
                let excluded = self.excluded_in(stage);
                if let Some(p) = st.parts.get(row) {
                    part_detail(p, Indicator::ALL[self.col.min(N_INDICATORS - 1)])
                } else if let Some(e) = excluded.get(row - st.parts.len()) {
                    let kind = e.kind.map(|k| k.label()).unwrap_or("");
                    vec![
                        fill(I::DSchool.s(), &[&e.name, &kind]),
                        format!("{}: {}", I::Excluded.s(), txt::exclusion(&e.reason)),
                    ]
                } else {
                    let i = row - st.parts.len() - excluded.len();
                    st.cvs.get(i).map(|c| cv_detail(c, &st.parts)).unwrap_or_default()
                }
            }
            Tab::Rates => {
                let cohorts = self.cohorts_shown();
                if let Some(c) = cohorts.get(row) {
                    return cohort_detail(c);
                }
                match row - cohorts.len() {
                    0 => disabled_detail(&self.inputs),
                    1 => item_detail(I::SchoolSize.s(), I::DSizeRule.s(), &self.guarantees.school_size),
                    2 => item_detail(I::ClassSize.s(), I::DClassRule.s(), &self.guarantees.class_size),
                    3 => rotation_detail(&self.inputs),
                    4 => vec![
                        I::LargeClasses.s().to_string(),
                        large_classes_text(&self.inputs),
                        I::DLargeRule.s().to_string(),
                    ],
                    n => Stage::ALL.get(n - 5).map(|st| dropout_detail(&self.inputs, *st)).unwrap_or_default(),
                }
            }
            Tab::Cases => {
                let c = &self.charts;
                if let Some((s, n)) = c.by_status.get(row) {
                    vec![fill(I::DStatus.s(), &[&s.label(), &thousands(*n)])]
                } else if let Some((r, n)) = c.by_reason.get(row - c.by_status.len()) {
                    let label = r.map(|r| r.label()).unwrap_or(I::NoReason.s());
                    vec![fill(I::DReason.s(), &[&label, &thousands(*n)])]
                } else if let Some((d, n)) = c.monthly.get(row - c.by_status.len() - c.by_reason.len()) {
                    vec![fill(I::DMonth.s(), &[&d.format("%Y-%m-%d"), &thousands(*n)]), I::DMonthRule.s().to_string()]
                } else {
                    Vec::new()
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------
    // Drawing.

    fn tabs_line(&self, cols: usize, theme: &Theme) -> Line<'static> {
        let mut spans = Vec::new();
        let mut used = 0;
        for (i, t) in Tab::ALL.iter().enumerate() {
            let text = format!(" {} {} ", i + 1, t.label());
            used += width(&text) + 1;
            spans.push(Span::styled(text, if *t == self.tab { theme.selected } else { theme.label }));
            spans.push(Span::raw(" "));
        }
        let room = cols.saturating_sub(used);
        let year = fill(I::SheetYear.s(), &[&self.inputs.year]);
        spans.push(Span::styled(fit_right(truncate(&year, room), room), theme.dim));
        Line::from(spans)
    }

    fn view_stage(&self, stage: Stage, area: Rect, theme: &Theme) -> Vec<Line<'static>> {
        let cols = area.width as usize;
        let height = area.height as usize;
        let st = self.report.stage(stage);
        let excluded = self.excluded_in(stage);
        let selected = self.rows[self.tab_index()];
        let name_w = cols.saturating_sub(STUDENTS_W + IND_W * N_INDICATORS + VERDICT_W).max(4);
        let mut lines = vec![self.tabs_line(cols, theme), verdict_line(&self.sheet, cols, theme)];

        // Header.
        let mut header = fit(I::ColSchool.s(), name_w);
        header.push_str(&fit_right(I::ColStudents.s(), STUDENTS_W - 1));
        header.push(' ');
        for ind in Indicator::ALL {
            header.push_str(&fit_right(txt::short(ind), IND_W - 1));
            header.push(' ');
        }
        header.push_str(&fit(I::ColVerdict.s(), VERDICT_W));
        lines.push(Line::from(Span::styled(fit(&header, cols), theme.header)));

        // School rows, scrolled so the selection stays in view.
        let table_rows = st.parts.len() + excluded.len();
        let room = height.saturating_sub(STAGE_FIXED).max(1);
        let shown = table_rows.min(room);
        self.page.set(shown.max(1));
        let mut offset = self.offset.get().min(table_rows.saturating_sub(shown));
        if selected < table_rows {
            if selected < offset {
                offset = selected;
            } else if selected >= offset + shown {
                offset = selected + 1 - shown;
            }
        }
        self.offset.set(offset);
        if table_rows == 0 {
            lines.push(Line::from(Span::styled(fit(&fill(I::NoSchools.s(), &[&txt::stage(stage)]), cols), theme.dim)));
        }
        for r in offset..offset + shown {
            let is_sel = r == selected;
            let row_style = if is_sel { theme.selected } else { Style::new() };
            let mut spans = Vec::new();
            if let Some(p) = st.parts.get(r) {
                // A long name is cut before the split mark, never the mark itself.
                let name = match p.split {
                    Some(_) if width(&p.name) < name_w => fit(&format!("{}*", p.name), name_w),
                    Some(_) => fit(&format!("{}*", fit(&p.name, name_w - 1).trim_end()), name_w),
                    None => fit(&p.name, name_w),
                };
                spans.push(Span::styled(name, row_style));
                spans.push(Span::styled(format!("{} ", fit_right(&p.students.to_string(), STUDENTS_W - 1)), row_style));
                for ind in Indicator::ALL {
                    let c = &p.cells[ind.index()];
                    let (text, mark, style) = match (c.value, c.met()) {
                        (Some(v), Some(true)) => (ind.format(v), ' ', Style::new()),
                        (Some(v), _) => (ind.format(v), 'x', theme.error),
                        (None, _) => (String::new(), '?', theme.dim),
                    };
                    let cell = format!("{}{mark} ", fit_right(&text, IND_W - 2));
                    let style = if is_sel && ind.index() == self.col {
                        theme.focus
                    } else if is_sel {
                        theme.selected
                    } else {
                        style
                    };
                    spans.push(Span::styled(cell, style));
                }
                let vstyle = match p.verdict {
                    _ if is_sel => theme.selected,
                    Verdict::Pass => theme.message,
                    Verdict::Fail => theme.error,
                    Verdict::Incomplete => theme.dim,
                };
                spans.push(Span::styled(fit(txt::verdict(p.verdict), VERDICT_W), vstyle));
            } else if let Some(e) = excluded.get(r - st.parts.len()) {
                spans.push(Span::styled(fit(&e.name, name_w), row_style));
                let students = e.students.map(|n| n.to_string()).unwrap_or_else(|| "?".into());
                spans.push(Span::styled(format!("{} ", fit_right(&students, STUDENTS_W - 1)), row_style));
                let reason = format!("{}: {}", I::Excluded.s(), txt::exclusion(&e.reason));
                let rest = cols.saturating_sub(name_w + STUDENTS_W);
                spans.push(Span::styled(fit(&reason, rest), if is_sel { theme.selected } else { theme.dim }));
            }
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            if used < cols {
                spans.push(Span::raw(" ".repeat(cols - used)));
            }
            lines.push(Line::from(spans));
        }

        // CV chart.
        let limit = format!("{:.2}", stage.cv_limit());
        let title = fill(I::CvTitle.s(), &[&limit]);
        let legend_room = cols.saturating_sub(width(&title) + 2);
        lines.push(Line::from(vec![
            Span::styled(title, theme.title),
            Span::raw("  "),
            Span::styled(fit_right(truncate(I::Legend.s(), legend_room), legend_room), theme.dim),
        ]));
        let first_cv = table_rows;
        for (i, c) in st.cvs.iter().enumerate() {
            lines.push(cv_line(c, &st.parts, cols, selected == first_cv + i, theme));
        }
        let cv_met = st.cvs.iter().filter(|c| c.met() == Some(true)).count();
        let summary = fill(I::StageVerdict.s(), &[&txt::stage(stage), &st.parts.len(), &st.schools_passing(), &cv_met]);
        lines.push(Line::from(Span::styled(fit(&summary, cols), theme.dim)));
        lines
    }

    fn view_rates(&self, area: Rect, theme: &Theme) -> Vec<Line<'static>> {
        let cols = area.width as usize;
        let selected = self.rows[self.tab_index()];
        let mut lines = vec![self.tabs_line(cols, theme), verdict_line(&self.sheet, cols, theme)];
        const LABEL: usize = 34;
        const YEAR: usize = 8;
        let value_w = cols.saturating_sub(LABEL + YEAR + 2 + 8);
        let row = |i: usize, label: &str, year: &str, value: String, result: &'static str, met: Option<bool>| {
            let sel = i == selected;
            let base = if sel { theme.selected } else { Style::new() };
            let rstyle = match met {
                _ if sel => theme.selected,
                Some(true) => theme.message,
                Some(false) => theme.error,
                None => theme.dim,
            };
            Line::from(vec![
                Span::styled(format!("  {}", fit(label, LABEL)), base),
                Span::styled(fit(year, YEAR), base),
                Span::styled(fit(&value, value_w), base),
                Span::styled(fit(result, 8), rstyle),
            ])
        };
        lines.push(Line::from(Span::styled(fit(I::RatesTitle.s(), cols), theme.title)));
        let cohorts = self.cohorts_shown();
        if cohorts.is_empty() {
            lines.push(Line::from(Span::styled(fit(&format!("  {}", I::NoCohorts.s()), cols), theme.dim)));
        }
        for (i, c) in cohorts.iter().enumerate() {
            let r = rates::retention(c);
            let year = fill(I::RateYear.s(), &[&c.year]);
            lines.push(row(i, txt::cohort_stage(c.stage), &year, rate_text(&r), txt::met(r.met()), r.met()));
        }
        let mut i = cohorts.len();
        let d = rates::disabled_enrolment(self.inputs.disabled_placed, self.inputs.disabled_children);
        lines.push(row(i, I::DisabledEnrolment.s(), "", rate_text(&d), txt::met(d.met()), d.met()));
        i += 1;
        lines.push(Line::from(Span::styled(fit(I::GuaranteeTitle.s(), cols), theme.title)));
        let met_of = |c: Check| match c {
            Check::Met => Some(true),
            Check::NotMet => Some(false),
            Check::Missing => None,
        };
        for (label, item) in
            [(I::SchoolSize.s(), &self.guarantees.school_size), (I::ClassSize.s(), &self.guarantees.class_size)]
        {
            let value = fill(I::ItemCounts.s(), &[&item.failing.len(), &item.missing.len()]);
            lines.push(row(i, label, "", value, txt::check(item.check()), met_of(item.check())));
            i += 1;
        }
        let r = &self.guarantees.rotation;
        let value = if r.rows == 0 {
            I::NoRotation.s().to_string()
        } else {
            let share = r.share().map(|s| fixed(s * 100.0, 1)).unwrap_or_else(|| "?".into());
            let backbone = r.backbone_share().map(|s| fixed(s * 100.0, 1)).unwrap_or_else(|| "?".into());
            fill(I::RotationValue.s(), &[&share, &backbone])
        };
        lines.push(row(i, I::RotationItem.s(), "", value, txt::check(r.check()), met_of(r.check())));
        i += 1;
        lines.push(row(i, I::ColLargeClasses.s(), "", large_classes_text(&self.inputs), "", None));
        for stage in Stage::ALL {
            i += 1;
            let r = self.inputs.dropout_rate(stage);
            let label = fill(I::DropoutRate.s(), &[&txt::stage(stage)]);
            let year = fill(I::SchoolYear.s(), &[&self.inputs.year, &(self.inputs.year + 1)]);
            lines.push(row(i, &label, &year, rate_text(&r), I::NotJudged.s(), None));
        }
        // The hand items: how many of the sheet's are confirmed, and where to confirm them.
        let hand: Vec<&SheetRow> = self.sheet.iter().filter(|r| r.item.is_hand()).collect();
        let confirmed = hand.iter().filter(|r| r.entry.is_some()).count();
        lines.push(Line::from(Span::styled(fit(I::HandTitle.s(), cols), theme.title)));
        let summary = fill(I::HandSummary.s(), &[&confirmed, &hand.len()]);
        lines.push(Line::from(Span::styled(fit(&format!("  {summary}"), cols), theme.dim)));
        lines
    }

    fn view_cases(&self, area: Rect, theme: &Theme) -> Vec<Line<'static>> {
        let cols = area.width as usize;
        let height = area.height as usize;
        let selected = self.rows[self.tab_index()];
        let c = &self.charts;
        let mut lines = vec![self.tabs_line(cols, theme), verdict_line(&self.sheet, cols, theme)];
        let left_w = cols / 2;
        let right_w = cols - left_w;
        // Month chart: title, values, bars, month labels.
        const BAR_ROWS: usize = 5;
        let month_lines = 3 + BAR_ROWS;
        let side_room = height.saturating_sub(1 + month_lines + 1).max(2);
        let statuses: Vec<(String, i64)> = c.by_status.iter().map(|(s, n)| (s.label().to_string(), *n)).collect();
        let reasons: Vec<(String, i64)> = c
            .by_reason
            .iter()
            .map(|(r, n)| (r.map(|r| r.label()).unwrap_or(I::NoReason.s()).to_string(), *n))
            .collect();
        let sel_status = (selected < statuses.len()).then_some(selected);
        let sel_reason = selected.checked_sub(statuses.len()).filter(|i| *i < reasons.len());
        let left = bars(I::ByStatus.s(), &statuses, left_w, side_room, sel_status, theme);
        let right = bars(I::ByReason.s(), &reasons, right_w, side_room, sel_reason, theme);
        for k in 0..left.len().max(right.len()) {
            let mut spans = left.get(k).cloned().unwrap_or_else(|| vec![Span::raw(" ".repeat(left_w))]);
            spans.extend(right.get(k).cloned().unwrap_or_else(|| vec![Span::raw(" ".repeat(right_w))]));
            lines.push(Line::from(spans));
        }
        let sel_month = selected.checked_sub(statuses.len() + reasons.len());
        lines.extend(month_chart(&c.monthly, cols, BAR_ROWS, sel_month, theme));
        lines
    }
}

/// A titled list of horizontal bars scaled to the largest, at most `rows` lines in all.
fn bars(
    title: &str,
    items: &[(String, i64)],
    cols: usize,
    rows: usize,
    selected: Option<usize>,
    theme: &Theme,
) -> Vec<Vec<Span<'static>>> {
    const LABEL: usize = 12;
    let mut out = vec![vec![Span::styled(fit(title, cols), theme.title)]];
    if items.is_empty() {
        out.push(vec![Span::styled(fit(&format!("  {}", I::NoOpenCases.s()), cols), theme.dim)]);
        return out;
    }
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let num_w = items.iter().map(|(_, n)| thousands(*n).len()).max().unwrap_or(1);
    let bar_cols = cols.saturating_sub(2 + LABEL + 2 + num_w + 1).max(1);
    // Keep the selected bar in view when there are more bars than rows.
    let room = rows.saturating_sub(1).max(1);
    let first = match selected {
        Some(s) if s >= room => s + 1 - room,
        _ => 0,
    };
    for (i, (label, n)) in items.iter().enumerate().skip(first).take(room) {
        let len = ((*n as f64 / max as f64) * bar_cols as f64).ceil() as usize;
        let len = len.clamp(usize::from(*n > 0), bar_cols);
        let sel = selected == Some(i);
        out.push(vec![
            Span::raw("  "),
            Span::styled(fit(label, LABEL), if sel { theme.selected } else { theme.dim }),
            Span::raw(" "),
            Span::styled(theme.bar.to_string().repeat(len), theme.label),
            Span::raw(" ".repeat(bar_cols - len + 1)),
            Span::styled(fit_right(&thousands(*n), num_w), if sel { theme.selected } else { Style::new() }),
            Span::raw(" "),
        ]);
    }
    out
}

/// Vertical bars, one per month: title, the counts, `bar_rows` of bars, the month numbers.
fn month_chart(
    months: &[(chrono::NaiveDate, i64)],
    cols: usize,
    bar_rows: usize,
    selected: Option<usize>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut title = I::Monthly.s().to_string();
    if let (Some((a, _)), Some((b, _))) = (months.first(), months.last()) {
        title.push_str(&format!(" ({} .. {})", a.format("%Y-%m"), b.format("%Y-%m")));
    }
    out.push(Line::from(Span::styled(fit(&title, cols), theme.title)));
    if months.is_empty() {
        return out;
    }
    let slot = (cols.saturating_sub(2) / months.len()).clamp(3, 6);
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let heights: Vec<usize> =
        months.iter().map(|(_, n)| ((*n as f64 / max as f64) * bar_rows as f64).ceil() as usize).collect();
    let used = 2 + slot * months.len();
    let pad = " ".repeat(cols.saturating_sub(used));
    let style_of = |i: usize| if selected == Some(i) { theme.selected } else { Style::new() };
    let mut values = vec![Span::raw("  ")];
    for (i, (_, n)) in months.iter().enumerate() {
        values.push(Span::styled(fit_right(&n.to_string(), slot - 1), style_of(i)));
        values.push(Span::raw(" "));
    }
    values.push(Span::raw(pad.clone()));
    out.push(Line::from(values));
    for level in (1..=bar_rows).rev() {
        let mut spans = vec![Span::raw("  ")];
        for (i, h) in heights.iter().enumerate() {
            let glyph = if *h >= level { theme.bar.to_string().repeat(slot - 2) } else { " ".repeat(slot - 2) };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(glyph, if selected == Some(i) { theme.selected } else { theme.label }));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(pad.clone()));
        out.push(Line::from(spans));
    }
    let mut labels = vec![Span::raw("  ")];
    for (i, (d, _)) in months.iter().enumerate() {
        labels.push(Span::styled(fit_right(&d.format("%m").to_string(), slot - 1), style_of(i)));
        labels.push(Span::raw(" "));
    }
    labels.push(Span::raw(pad));
    out.push(Line::from(labels));
    out
}

/// One CV bar: label, value and mark, a bar scaled to twice the limit with the limit marked
/// `|`, the number of schools it rests on and the school that pulls it up most.
fn cv_line(c: &IndicatorCv, parts: &[SchoolPart], cols: usize, selected: bool, theme: &Theme) -> Line<'static> {
    const LABEL: usize = 7;
    const VALUE: usize = 7;
    let bar_w = (cols.saturating_sub(LABEL + VALUE + 2) * 2 / 5).clamp(10, 30);
    let rest = cols.saturating_sub(LABEL + VALUE + bar_w + 3);
    let label_style = if selected { theme.selected } else { theme.label };
    let mut spans = vec![Span::styled(fit(txt::short(c.indicator), LABEL), label_style)];
    let cv = c.cv.as_ref().and_then(|x| x.cv);
    let (value, style) = match (cv, c.met()) {
        (Some(v), Some(true)) => (format!("{v:.3} "), Style::new()),
        (Some(v), _) => (format!("{v:.3}x"), theme.error),
        (None, _) => (format!("{}?", I::CvNone.s()), theme.dim),
    };
    spans.push(Span::styled(fit_right(&value, VALUE - 1), if selected { theme.selected } else { style }));
    spans.push(Span::raw(" ["));
    // Scale: the limit sits at the middle of the bar.
    let scale = c.limit * 2.0;
    let mark = ((c.limit / scale) * bar_w as f64).round() as usize;
    // Any variation at all shows at least one cell.
    let filled =
        cv.map(|v| (((v / scale).min(1.0) * bar_w as f64).round() as usize).max(usize::from(v > 0.0))).unwrap_or(0);
    let mut inside = String::new();
    let mut over = String::new();
    for k in 0..bar_w {
        if k == mark {
            // Flush what came before the limit marker.
            spans.push(Span::styled(std::mem::take(&mut inside), theme.label));
            spans.push(Span::styled("|", theme.title));
            continue;
        }
        let ch = if k < filled { theme.bar } else { ' ' };
        if k < mark {
            inside.push(ch);
        } else {
            over.push(ch);
        }
    }
    spans.push(Span::styled(inside, theme.label));
    spans.push(Span::styled(over, theme.error));
    spans.push(Span::raw("] "));
    let basis = if c.missing.is_empty() {
        fill(I::CvSchools.s(), &[&c.based_on.len()])
    } else {
        format!("{}{}", fill(I::CvSchools.s(), &[&c.based_on.len()]), fill(I::CvMissing.s(), &[&c.missing.len()]))
    };
    let top = c
        .contributors()
        .first()
        .filter(|(_, share, _)| *share > 0.0)
        .map(|(i, _, _)| fill(I::PullsUp.s(), &[&parts[*i].name]))
        .unwrap_or_default();
    spans.push(Span::styled(fit(&format!("{basis} {top}"), rest), theme.dim));
    Line::from(spans)
}

fn pct1(x: f64) -> String {
    format!("{:.1}", x * 100.0)
}

fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn part_detail(p: &SchoolPart, ind: Indicator) -> Vec<String> {
    let c = &p.cells[ind.index()];
    let kind = p.kind.map(|k| k.label()).unwrap_or("");
    let mut out = vec![
        txt::long(ind).to_string(),
        fill(I::DSchool.s(), &[&p.name, &kind]),
        fill(I::DStage.s(), &[&txt::stage(p.stage), &p.students]),
    ];
    if let Some((pr, ju)) = p.split {
        let share = format!("{:.4}", p.resource_share);
        let template = if p.stage == Stage::Primary { I::DSplit.s() } else { I::DSplitJunior.s() };
        let mine = if p.stage == Stage::Primary { pr } else { ju };
        out.push(fill(template, &[&pr, &ju, &mine, &pr, &ju, &share]));
    }
    match c.amount {
        None => out.push(fill(I::DResourceMissing.s(), &[&txt::resource(ind)])),
        Some(a) => {
            if p.split.is_some() {
                let whole = a / p.resource_share.max(f64::MIN_POSITIVE);
                out.push(fill(
                    I::DResourceShared.s(),
                    &[&txt::resource(ind), &num(whole), &num(whole), &format!("{:.4}", p.resource_share), &num(a)],
                ));
            } else {
                out.push(fill(I::DResource.s(), &[&txt::resource(ind), &num(a)]));
            }
            let v = c.value.unwrap_or_default();
            let template = if ind.per_hundred() { I::DFormula100.s() } else { I::DFormula1.s() };
            out.push(fill(template, &[&num(a), &p.students, &ind.format(v)]));
            let share = c.share().map(pct1).unwrap_or_default();
            out.push(fill(I::DStandard.s(), &[&ind.format(c.standard), &share, &txt::met(c.met())]));
        }
    }
    out.push(String::new());
    out.push(I::DVerdictRule.s().to_string());
    out.push(fill(I::DVerdict.s(), &[&p.met_count(), &p.missing_count(), &txt::verdict(p.verdict)]));
    out
}

fn cv_detail(c: &IndicatorCv, parts: &[SchoolPart]) -> Vec<String> {
    let mut out = vec![
        format!("{} - {} {}", txt::long(c.indicator), txt::stage(c.stage), I::ReportCv.s()),
        I::DCvFormula.s().to_string(),
    ];
    let missing: Vec<&str> = c.missing.iter().map(|i| parts[*i].name.as_str()).collect();
    let missing_names = if missing.is_empty() { String::new() } else { format!(": {}", missing.join(T::ListSep.s())) };
    let Some(cv) = &c.cv else {
        out.push(I::DCvEmpty.s().to_string());
        out.push(fill(I::DCvBasis.s(), &[&c.based_on.len(), &c.missing.len(), &missing_names]));
        return out;
    };
    out.push(fill(I::DCvInputs.s(), &[&num(cv.students), &num(cv.total), &format!("{:.4}", cv.mean)]));
    let value = cv.cv.map(|v| format!("{v:.4}")).unwrap_or_else(|| I::CvNone.s().to_string());
    out.push(fill(
        I::DCvValue.s(),
        &[
            &format!("{:.4}", cv.variance),
            &format!("{:.4}", cv.mean),
            &value,
            &format!("{:.2}", c.limit),
            &txt::met(c.met()),
        ],
    ));
    out.push(fill(I::DCvBasis.s(), &[&c.based_on.len(), &c.missing.len(), &missing_names]));
    out.push(I::DCvTop.s().to_string());
    for (i, share, x) in c.contributors() {
        out.push(format!("  {}", fill(I::DCvRow.s(), &[&parts[i].name, &c.indicator.format(x), &pct1(share)])));
    }
    out
}

fn rate_lines(r: &Rate, out: &mut Vec<String>) {
    match r {
        Rate::Missing(figs) => {
            let names: Vec<&str> = figs.iter().map(|f| txt::figure(*f)).collect();
            out.push(fill(I::DMissingFigures.s(), &[&names.join(T::ListSep.s())]));
        }
        Rate::Undefined { denominator, .. } => out.push(fill(I::DUndefined.s(), &[denominator])),
        Rate::Value { .. } => {}
    }
    out.push(fill(I::DThreshold.s(), &[&txt::met(r.met())]));
}

fn cohort_detail(c: &Cohort) -> Vec<String> {
    let r = rates::retention(c);
    let span = match c.stage {
        rates::CohortStage::Junior => 3,
        rates::CohortStage::NineYear => 9,
    };
    let mut out = vec![
        format!("{} {}", txt::cohort_stage(c.stage), fill(I::RateYear.s(), &[&c.year])),
        I::DRetention.s().to_string(),
    ];
    let show = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_else(|| "?".into());
    out.push(fill(I::DRetentionEntry.s(), &[&show(c.entry_enrolment), &(c.year - span)]));
    if let Rate::Value { numerator, denominator, rate } = &r {
        out.push(fill(
            I::DRetentionValue.s(),
            &[
                &show(c.graduates),
                &show(c.transfers_in),
                &show(c.transfers_out),
                &show(c.entry_enrolment),
                &show(c.deaths),
                numerator,
                denominator,
                &format!("{:.2}", rate * 100.0),
            ],
        ));
    }
    rate_lines(&r, &mut out);
    out
}

/// 大班额 / 超大班额 counts of the year, or that no class counts were entered.
fn large_classes_text(inputs: &CountyInputs) -> String {
    match indicators::large_classes(&inputs.schools) {
        (_, _, 0) => I::NoClassCounts.s().to_string(),
        (large, very, counted) => fill(I::LargeClassCounts.s(), &[&large, &very, &counted]),
    }
}

fn dropout_detail(inputs: &CountyInputs, stage: Stage) -> Vec<String> {
    let r = inputs.dropout_rate(stage);
    let mut out = vec![fill(I::DropoutRate.s(), &[&txt::stage(stage)]), I::DDropoutRule.s().to_string()];
    out.push(fill(I::DDropoutSource.s(), &[&inputs.year, &(inputs.year + 1)]));
    rate_lines(&r, &mut out);
    out
}

fn disabled_detail(inputs: &CountyInputs) -> Vec<String> {
    let p = inputs.disabled_placed;
    let r = rates::disabled_enrolment(p, inputs.disabled_children);
    let mut out = vec![I::DisabledEnrolment.s().to_string(), I::DDisabled.s().to_string()];
    let children = inputs.disabled_children.map(|n| n.to_string()).unwrap_or_else(|| "?".into());
    let value = r.value().map(|v| format!("{:.2}", v * 100.0)).unwrap_or_else(|| "?".into());
    out.push(fill(I::DDisabledValue.s(), &[&p.inclusive, &p.special_school, &p.home_teaching, &children, &value]));
    out.push(I::DDisabledSource.s().to_string());
    rate_lines(&r, &mut out);
    out
}

fn item_detail(title: &str, rule: &str, item: &SchoolItem) -> Vec<String> {
    let list = |checks: &[indicators::SchoolCheck]| {
        checks
            .iter()
            .map(|c| {
                let v = c.value.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
                fill(I::DSchoolValue.s(), &[&c.name, &v, &c.limit])
            })
            .collect::<Vec<_>>()
            .join(T::ListSep.s())
    };
    let mut out = vec![title.to_string(), rule.to_string(), fill(I::DChecked.s(), &[&item.checked])];
    if !item.failing.is_empty() {
        out.push(fill(I::DFailing.s(), &[&list(&item.failing)]));
    }
    if !item.missing.is_empty() {
        out.push(fill(I::DMissingSchools.s(), &[&list(&item.missing)]));
    }
    out.push(format!("{}: {}", I::ReportResult.s(), txt::check(item.check())));
    out
}

fn rotation_detail(inputs: &CountyInputs) -> Vec<String> {
    let r = &inputs.rotation;
    let mut out = vec![I::RotationItem.s().to_string(), I::DRotationRule.s().to_string()];
    out.push(fill(I::DRotationPeriod.s(), &[&inputs.year, &r.rows]));
    if let Some(c) = r.cadre_share() {
        out.push(fill(I::RotationCadres.s(), &[&fixed(c * 100.0, 2)]).trim_start_matches(['；', ';', ' ']).to_string());
    }
    let teachers = r.teachers.map(|t| t.to_string()).unwrap_or_else(|| "?".into());
    let share = r.share().map(pct1).unwrap_or_else(|| "?".into());
    let backbone = r.backbone_share().map(pct1).unwrap_or_else(|| "?".into());
    out.push(fill(I::DRotationValue.s(), &[&r.rotated, &teachers, &share, &r.rotated_backbone, &r.rotated, &backbone]));
    if r.teachers_missing > 0 {
        out.push(fill(I::DRotationTeachersMissing.s(), &[&r.teachers_missing]));
    }
    out.push(format!("{}: {}", I::ReportResult.s(), txt::check(r.check())));
    out
}

impl Screen for IndicatorsScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![I::Title.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        if self.detail.is_some() {
            &DETAIL_KEYS
        } else {
            &KEYS
        }
    }

    fn offers(&self, cmd: Command) -> bool {
        cmd != Command::Column || self.tab.stage().is_some()
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.detail.is_some() {
            return match action {
                Action::Cmd(Command::Back) | Action::Enter | Action::Backspace => {
                    self.detail = None;
                    Effect::Changed
                }
                Action::Down | Action::PageDown => {
                    self.detail_scroll += 1;
                    Effect::Changed
                }
                Action::Up | Action::PageUp => {
                    self.detail_scroll = self.detail_scroll.saturating_sub(1);
                    Effect::Changed
                }
                _ => Effect::None,
            };
        }
        match action {
            Action::Cmd(Command::Back) | Action::Backspace => Effect::Pop,
            Action::Cmd(Command::Export) => self.export(ctx.db),
            Action::NextField => {
                self.switch(true);
                Effect::Changed
            }
            Action::PrevField => {
                self.switch(false);
                Effect::Changed
            }
            Action::Cmd(Command::Page(n)) => {
                let Some(tab) = Tab::ALL.get(usize::from(n).wrapping_sub(1)) else { return Effect::None };
                self.tab = *tab;
                self.offset.set(0);
                Effect::Changed
            }
            Action::Up => {
                self.move_row(-1);
                Effect::Changed
            }
            Action::Down => {
                self.move_row(1);
                Effect::Changed
            }
            Action::PageUp => {
                self.move_row(-(self.page.get() as isize));
                Effect::Changed
            }
            Action::PageDown => {
                self.move_row(self.page.get() as isize);
                Effect::Changed
            }
            Action::Home => {
                self.rows[self.tab_index()] = 0;
                Effect::Changed
            }
            Action::End => {
                self.rows[self.tab_index()] = self.row_count().saturating_sub(1);
                Effect::Changed
            }
            Action::Left if self.tab.stage().is_some() => {
                self.col = self.col.saturating_sub(1);
                Effect::Changed
            }
            Action::Right if self.tab.stage().is_some() => {
                self.col = (self.col + 1).min(N_INDICATORS - 1);
                Effect::Changed
            }
            Action::Left | Action::Right => {
                self.switch(action == Action::Right);
                Effect::Changed
            }
            Action::Cmd(Command::Go(Dest::Sheet)) => {
                Effect::Open(super::Route::Sheet { county: self.code.clone(), year: self.inputs.year })
            }
            Action::Cmd(Command::Go(Dest::Figures)) => {
                Effect::Open(super::Route::Figures { county: self.code.clone() })
            }
            Action::Enter | Action::Cmd(Command::Explain) => {
                let lines = self.detail_lines();
                if lines.is_empty() {
                    return Effect::None;
                }
                self.detail = Some(lines);
                self.detail_scroll = 0;
                Effect::Changed
            }
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let lines = match self.tab {
            Tab::Primary => self.view_stage(Stage::Primary, area, theme),
            Tab::Junior => self.view_stage(Stage::Junior, area, theme),
            Tab::Rates => self.view_rates(area, theme),
            Tab::Cases => self.view_cases(area, theme),
        };
        frame.render_widget(Paragraph::new(lines), area);
        if let Some(detail) = &self.detail {
            let w = area.width.saturating_sub(4).max(10);
            let inner_w = w.saturating_sub(2).max(1) as usize;
            let needed: usize = detail.iter().map(|l| width(l).max(1).div_ceil(inner_w)).sum();
            let h = (needed as u16 + 2).min(area.height.saturating_sub(2)).max(3);
            let rect = Rect { x: area.x + 2, y: area.y + (area.height - h) / 2, width: w, height: h };
            let inner = overlay::frame(frame, rect, I::DetailTitle.s(), Some(I::DetailClose.s()), theme);
            let max_scroll = needed.saturating_sub(h.saturating_sub(2) as usize);
            let text: Vec<Line> = detail.iter().map(|l| Line::from(l.clone())).collect();
            frame.render_widget(
                Paragraph::new(text).wrap(Wrap { trim: false }).scroll((self.detail_scroll.min(max_scroll) as u16, 0)),
                inner,
            );
        }
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.reload(db).unwrap_or(false)
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Indicators",
    || K::CtxIndicators.s(),
    &[&[
        bar(&["Tab"], Command::SwitchTab, || I::HintTab.s()),
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        bar(&["←→"], Command::Column, || I::HintColumn.s()),
        bar(&["Enter", "x"], Command::Explain, || I::HintDetail.s()).about(|| K::AboutExplain.s()),
        bar(&["s"], Command::Go(Dest::Sheet), || I::HintSheet.s()),
        bar(&["f"], Command::Go(Dest::Figures), || I::HintFigures.s()),
        crate::tui::bindings::EXPORT,
        help(&["1"], Command::Page(1), || I::TabPrimary.s()),
        help(&["2"], Command::Page(2), || I::TabJunior.s()),
        help(&["3"], Command::Page(3), || I::TabRates.s()),
        help(&["4"], Command::Page(4), || I::TabCases.s()),
        help(&["Shift-Tab"], Command::SwitchTab, || I::HintTab.s()),
        help(&["PgUp/PgDn"], Command::Move, || K::Page.s()),
        help(&["Home/End"], Command::Move, || K::Ends.s()),
        help(&["Backspace"], Command::Back, || T::HintBack.s()),
    ]],
);

pub static DETAIL_KEYS: Context = commands(
    "Indicator details",
    || K::CtxIndicatorDetail.s(),
    &[&[
        bar(&["Esc", "Enter", "x"], Command::Back, || T::HintClose.s()),
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
    ]],
);
