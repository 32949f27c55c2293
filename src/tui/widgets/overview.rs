//! A region's overview (its facts, schools, students, alliances and open cases by status)
//! as lines: the region tree's right pane and the county page draw it.

use crate::db::overview::Overview;
use crate::i18n::{fill, Label, T};
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, labelled, thousands, width};
use ratatui::text::{Line, Span};

/// The overview as lines of `label  value`, fitted to `cols`.
pub fn lines(o: &Overview, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    // Rows are collected first so the label column fits the longest label (English ones
    // are longer than Chinese).
    let mut rows: Vec<(&'static str, String)> = Vec::new();
    let mut row = |label: &'static str, value: String| rows.push((label, value));
    if let Some(f) = &o.facts {
        let none = || T::NotRecorded.s().to_string();
        row(
            T::Population.s(),
            f.population.map(|p| fill(T::PopulationValue.s(), &[&thousands(p)])).unwrap_or_else(none),
        );
        row(
            T::Area.s(),
            f.area_km2.map(|a| fill(T::AreaValue.s(), &[&thousands(a.round() as i64)])).unwrap_or_else(none),
        );
        row(
            T::BasicBalance.s(),
            f.basic_balance_year.map(|y| fill(T::BasicBalanceYear.s(), &[&y])).unwrap_or_else(none),
        );
        let mut q = f.quality_status.label().to_string();
        if let Some(y) = f.quality_since_year {
            q.push_str(&fill(T::SinceYear.s(), &[&y]));
        }
        if let Some(y) = f.quality_target_year {
            q.push_str(&fill(T::TargetYear.s(), &[&y]));
        }
        row(T::QualityBalance.s(), q);
    } else {
        row(T::Counties.s(), fill(T::CountiesValue.s(), &[&o.counties]));
        let q: Vec<String> = o.quality.iter().map(|(s, n)| format!("{} {}", s.label(), n)).collect();
        row(T::QualityBalance.s(), if q.is_empty() { T::NotRecorded.s().to_string() } else { q.join(T::ListSep.s()) });
    }
    let mut schools = fill(T::SchoolsValue.s(), &[&thousands(o.schools_open)]);
    if o.schools_closed > 0 {
        schools.push_str(&fill(T::ClosedSchools.s(), &[&o.schools_closed]));
    }
    row(T::Schools.s(), schools);
    if !o.schools_by_kind.is_empty() {
        let kinds: Vec<String> = o.schools_by_kind.iter().map(|(k, n)| format!("{} {}", k.label(), n)).collect();
        row("", kinds.join(T::ListSep.s()));
    }
    row(T::Students.s(), fill(T::StudentsValue.s(), &[&thousands(o.students)]));
    row(T::Alliances.s(), fill(T::AlliancesValue.s(), &[&o.alliances, &o.alliance_schools]));
    let total = o.open_total();
    let cases = if total == 0 {
        T::NoOpenCases.s().to_string()
    } else if o.out_of_school == 0 {
        format!("{}{}{}", fill(T::OpenCasesValue.s(), &[&thousands(total), &0]), T::ListSep.s(), T::ZeroOut.s())
    } else {
        fill(T::OpenCasesValue.s(), &[&thousands(total), &thousands(o.out_of_school)])
    };
    row(T::OpenCases.s(), cases);
    let label_cols = (rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 2).min(cols * 2 / 5);
    let mut lines: Vec<Line<'static>> =
        rows.into_iter().flat_map(|(label, value)| labelled(label, &value, label_cols, cols, theme.label)).collect();
    lines.extend(status_bars(&o.open_cases, cols, theme));
    lines
}

/// One bar per status, scaled to the largest; labels and numbers aligned by display width.
pub fn status_bars(
    counts: &[(crate::domain::case_status::CaseStatus, i64)],
    cols: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let label = (counts.iter().map(|(s, _)| width(s.label())).max().unwrap_or(0) + 2).min(cols * 2 / 5);
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bar_cols = cols.saturating_sub(2 + label + 8);
    counts
        .iter()
        .map(|(status, n)| {
            let len = ((*n as f64 / max as f64) * bar_cols as f64).ceil() as usize;
            Line::from(vec![
                Span::raw("  "),
                Span::styled(fit(status.label(), label.saturating_sub(1)) + " ", theme.dim),
                Span::styled(theme.bar.to_string().repeat(len.min(bar_cols)), theme.label),
                Span::raw(format!(" {}", thousands(*n))),
            ])
        })
        .collect()
}
