//! The month's cycle beside the 月报 (docs/domain.md §11): each school's submission state,
//! the county's own submission, the corrections against submitted months and the cases due,
//! as rows (for a file) and as text lines (for the terminal). Shared by `report monthly`
//! and the monthly screen.

use crate::db::due::DueCase;
use crate::db::submissions::{CorrectionRow, MonthView, SchoolLine};
use crate::domain::submission::{ReportState, FIGURES};
use crate::i18n::ledger::label_of;
use crate::i18n::month::M;
use crate::i18n::{fill, Label};

/// What the month's cycle adds to a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub view: MonthView,
    pub corrections: Vec<CorrectionRow>,
    pub due: Vec<DueCase>,
    pub thresholds: crate::domain::due::Thresholds,
}

/// The cycle of `county`'s `month` as of `today`.
pub fn load(
    conn: &rusqlite::Connection,
    county: &str,
    month: crate::domain::monthly::Month,
    today: chrono::NaiveDate,
) -> rusqlite::Result<Cycle> {
    let corrections = match crate::db::submissions::corrections(conn, county, month, today) {
        Ok(c) => c,
        Err(crate::db::WriteError::Sqlite(e)) => return Err(e),
        // Only a month not yet begun is refused, and it has nothing submitted.
        Err(_) => Vec::new(),
    };
    Ok(Cycle {
        view: crate::db::submissions::month_view(conn, county, month, today)?,
        corrections,
        due: crate::db::due::list(conn, county, today)?,
        thresholds: crate::db::due::thresholds(conn, county),
    })
}

/// 上报情况（截止日 …）：已报 n，零报告 n，未报 n，逾期 n，退回 n
pub fn states_line(view: &MonthView) -> String {
    let n = |st| view.count(st);
    fill(
        M::StatesTitle.s(),
        &[
            &view.deadline,
            &n(ReportState::Submitted),
            &n(ReportState::Zero),
            &n(ReportState::Missing),
            &n(ReportState::Overdue),
            &n(ReportState::Returned),
        ],
    )
}

pub fn county_line(view: &MonthView) -> String {
    match (&view.county, &view.county_returned) {
        (Some(s), _) => fill(M::CountyIn.s(), &[&s.submitted_at, &s.submitted_by]),
        (None, Some(r)) => fill(M::CountyReturned.s(), &[&r.decided_by, &r.note]),
        (None, None) => M::CountyNotIn.s().to_string(),
    }
}

/// A school's state cell: the state, 已受理 when the county accepted it, the reason when
/// it returned it.
pub fn state_cell(s: &SchoolLine) -> String {
    match (&s.live, &s.returned) {
        (Some(sub), _) if sub.state == crate::domain::submission::SubmissionState::Accepted => {
            format!("{}·{}", s.state.label(), sub.state.label())
        }
        (None, Some(r)) => fill(M::ReturnedCell.s(), &[&s.state.label(), &r.note]),
        _ => s.state.label().to_string(),
    }
}

/// Headers of the per-school state table.
pub fn state_headers() -> Vec<String> {
    [
        crate::i18n::io::X::ColSchool.s(),
        crate::i18n::io::X::HeaderSchoolCode.s(),
        M::ColState.s(),
        M::ColBy.s(),
        M::ColAt.s(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

pub fn state_rows(view: &MonthView) -> Vec<Vec<String>> {
    view.schools
        .iter()
        .map(|s| {
            // A returned month names who returned it, when.
            let (by, at) = match (&s.live, &s.returned) {
                (Some(l), _) => (l.submitted_by.clone(), l.submitted_at.clone()),
                (None, Some(r)) => (r.decided_by.clone(), r.decided_at.clone()),
                (None, None) => Default::default(),
            };
            vec![s.name.clone(), s.code.clone(), state_cell(s), by, at]
        })
        .collect()
}

fn figure_label(key: &str) -> &'static str {
    FIGURES.iter().find(|f| f.key == key).map_or("", label_of)
}

pub fn correction_line(c: &CorrectionRow) -> String {
    let by = if c.by.is_empty() { M::ByNobody.s().to_string() } else { c.by.clone() };
    fill(
        M::CorrectionLine.s(),
        &[&c.month, &c.case_id, &c.case_name, &figure_label(c.figure), &c.submitted, &c.now, &by],
    )
}

pub fn due_kind_text(c: &DueCase, t: &crate::domain::due::Thresholds) -> String {
    use crate::domain::due::DueKind;
    let template = match c.kind {
        DueKind::SuspectedTooLong => M::DueSuspected.s(),
        DueKind::NoVisit => M::DueVisit.s(),
        DueKind::TrackingCheck => M::DueTracking.s(),
        DueKind::NotAttending => M::DueAbsent.s(),
    };
    fill(template, &[&t.days(c.kind)])
}

pub fn due_line(c: &DueCase, t: &crate::domain::due::Thresholds) -> String {
    fill(M::DueLine.s(), &[&c.id, &c.name, &c.school, &c.status.label(), &due_kind_text(c, t), &c.since])
}

/// 到期待办：n 件（…）
pub fn due_title(due: &[DueCase]) -> String {
    use crate::domain::due::DueKind;
    let n = |k: DueKind| due.iter().filter(|c| c.kind == k).count();
    fill(
        M::DueTitle.s(),
        // A check that found the child absent also calls for the next check.
        &[
            &due.len(),
            &n(DueKind::SuspectedTooLong),
            &n(DueKind::NoVisit),
            &(n(DueKind::TrackingCheck) + n(DueKind::NotAttending)),
        ],
    )
}

/// The cycle as text lines, after the 月报's own.
pub fn text(c: &Cycle) -> Vec<String> {
    let mut out = vec![String::new(), states_line(&c.view), county_line(&c.view)];
    for row in state_rows(&c.view) {
        out.push(format!("  {}", row.iter().filter(|x| !x.is_empty()).cloned().collect::<Vec<_>>().join("  ")));
    }
    out.push(String::new());
    out.push(M::CorrectionsTitle.s().to_string());
    if c.corrections.is_empty() {
        out.push(format!("  {}", M::CorrectionsNone.s()));
    }
    out.extend(c.corrections.iter().map(|x| format!("  {}", correction_line(x))));
    out.push(String::new());
    out.push(due_title(&c.due));
    out.extend(c.due.iter().map(|x| format!("  {}", due_line(x, &c.thresholds))));
    out
}

/// The cycle as rows of a file (one value a cell), after the 月报's table.
pub fn rows(c: &Cycle) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(), vec![states_line(&c.view)], vec![county_line(&c.view)], state_headers()];
    out.extend(state_rows(&c.view));
    out.push(Vec::new());
    out.push(vec![M::CorrectionsTitle.s().to_string()]);
    out.extend(c.corrections.iter().map(|x| vec![correction_line(x)]));
    out.push(Vec::new());
    out.push(vec![due_title(&c.due)]);
    out.extend(c.due.iter().map(|x| vec![due_line(x, &c.thresholds)]));
    out
}
