//! What a spreadsheet row records of a case's workflow, read as steps: the 劝返 visit, the
//! return (复学日期, 复学学校), the closing (销号日期, 依据, 人), the reason of a transfer or
//! a void (变动原因). Shared by an update of existing cases (`case_update`) and by new cases
//! imported in a later status (`import`): both take the case from where it stands to the
//! row's status by `domain::case_update::plan`, and say per row which column a step lacks.

use super::import::{field_label_any, is_case_date, Problem, SchoolIndex};
use crate::domain::case::{self, CaseRecord};
use crate::domain::case_status::{CaseAction, CaseStatus, Needs};
use crate::domain::case_update::{plan, PlanError};
use crate::domain::codes::Ledger;
use crate::domain::dates;
use crate::domain::wordings;
use crate::domain::workflow::{StepError, StepInput, Workflow};
use crate::i18n::io::X;
use crate::i18n::ledger::action_label;
use crate::i18n::{fill, Label};

/// A row's cells as the evidence is read from them.
pub(super) trait Cells {
    /// The row's cell of column `key` ("" when the file has no such column).
    fn raw(&self, key: &str) -> String;
    fn has_column(&self, key: &str) -> bool;
    fn problem(&self, problems: &mut Vec<Problem>, key: &str, value: String, reason: String);
}

/// Where a case stands before the row's steps, and what the row may add there.
pub(super) struct Start<'a> {
    pub workflow: Workflow,
    pub registered_on: &'a str,
    /// A 最近劝返 later than this one is a new visit (`None`: the row's visit date is not
    /// read as a visit, as for a new case, whose last visit is kept as it is).
    pub visits_after: Option<Option<&'a str>>,
}

/// A date cell of the row: `None` when empty; a bad date is a problem.
pub(super) fn date(cells: &dyn Cells, key: &str, problems: &mut Vec<Problem>) -> Result<Option<String>, ()> {
    let text = cells.raw(key);
    match dates::parse(&text, crate::db::today()) {
        Ok(d) => Ok(d.map(dates::iso)),
        Err(e) => {
            let reason = crate::i18n::ledger::case_error(&case::CaseError::Date(e));
            cells.problem(problems, key, text, reason);
            Err(())
        }
    }
}

/// The workflow steps from `start` to `target`, with the row's evidence.
pub(super) fn steps(
    cells: &dyn Cells,
    schools: &SchoolIndex,
    start: &Start,
    record: &CaseRecord,
    target: CaseStatus,
    problems: &mut Vec<Problem>,
) -> Option<Vec<(CaseAction, StepInput)>> {
    let visit_on = date(cells, "last_visit_on", problems);
    let returned_on = date(cells, "returned_on", problems);
    let closed_on = date(cells, "closed_on", problems);
    let (Ok(visit_on), Ok(returned_on), Ok(closed_on)) = (visit_on, returned_on, closed_on) else {
        return None;
    };
    let returned_school = returned_school(cells, schools, record, problems)?;
    let today = dates::iso(crate::db::today());
    let visit_by = Some(cells.raw("visit_by")).filter(|v| !v.is_empty()).unwrap_or_else(|| record.edu_person.clone());
    let visit = StepInput {
        date: visit_on.clone().unwrap_or_default(),
        line: Some("edu".into()),
        who: visit_by,
        text: cells.raw("visit_outcome"),
        ..StepInput::default()
    };
    let input_for = |action: CaseAction| -> StepInput {
        match action {
            CaseAction::AddVisit => visit.clone(),
            CaseAction::Return => StepInput {
                date: returned_on.clone().unwrap_or_default(),
                school_id: returned_school,
                ..StepInput::default()
            },
            CaseAction::Close => StepInput {
                date: closed_on.clone().unwrap_or_default(),
                text: cells.raw("close_basis"),
                who: cells.raw("closed_by"),
                ..StepInput::default()
            },
            a if a.needs() == Needs::Reason => {
                StepInput { date: today.clone(), text: cells.raw("change_reason"), ..StepInput::default() }
            }
            _ => StepInput { date: today.clone(), ..StepInput::default() },
        }
    };
    // Only a visit newer than the ledger's is a new one.
    let newer =
        start.visits_after.and_then(|last| visit_on.as_ref().filter(|d| last.is_none_or(|last| d.as_str() > last)));
    let visit_step = newer.map(|_| visit.clone());
    match plan(&start.workflow, target, visit_step.as_ref(), &input_for, start.registered_on) {
        Ok(steps) => Some(steps),
        Err(e) => {
            plan_problems(cells, start.workflow.status, target, e, problems);
            None
        }
    }
}

/// The school a return goes to: the row's 复学学校, else the child's school.
fn returned_school(
    cells: &dyn Cells,
    schools: &SchoolIndex,
    record: &CaseRecord,
    problems: &mut Vec<Problem>,
) -> Option<Option<i64>> {
    let name = cells.raw("returned_school");
    if name.is_empty() {
        return Some(record.school_id);
    }
    match schools.resolve("", &name) {
        Ok(s) => Some(Some(s.id)),
        Err((_, reason)) => {
            cells.problem(problems, "returned_school", name, reason);
            None
        }
    }
}

fn plan_problems(cells: &dyn Cells, from: CaseStatus, to: CaseStatus, e: PlanError, problems: &mut Vec<Problem>) {
    match e {
        PlanError::Unreachable { from: at, to } => {
            let reason = fill(X::StatusUnreachable.s(), &[&from.label(), &to.label()]);
            let reason = if at == from { reason } else { format!("{reason} ({})", at.label()) };
            cells.problem(problems, "status", cells.raw("status"), reason);
        }
        PlanError::Visit(status) => {
            let reason = fill(X::VisitNotPossible.s(), &[&status.label()]);
            cells.problem(problems, "last_visit_on", cells.raw("last_visit_on"), reason);
        }
        PlanError::Steps(gaps) => {
            for (action, errors) in gaps {
                for (input_key, err) in errors {
                    let key = evidence_column(action, input_key);
                    let reason = match err {
                        StepError::Required if !cells.has_column(key) => fill(
                            X::StepNeedsAbsentColumn.s(),
                            &[&action_label(action), &to.label(), &field_label_any(key)],
                        ),
                        StepError::Required => fill(X::StepNeedsColumn.s(), &[&action_label(action), &to.label()]),
                        StepError::BeforeRegistered => {
                            fill(crate::i18n::ledger::L::StepBeforeRegistered.s(), &[&cells.raw("registered_on")])
                        }
                    };
                    cells.problem(problems, key, cells.raw(key), reason);
                }
            }
        }
    }
}

/// A workflow column the row fills in must hold what the steps leave there: a stored
/// step's record is changed by undoing it in the case, not by a spreadsheet.
pub(super) fn check_workflow_columns(cells: &dyn Cells, after: &Workflow, problems: &mut Vec<Problem>) {
    let ledger = cells.raw("ledger");
    if !ledger.is_empty() && parse_ledger(&ledger) != Some(after.ledger) {
        let reason = fill(X::WorkflowMismatch.s(), &[&ledger, &after.ledger.label()]);
        cells.problem(problems, "ledger", ledger, reason);
    }
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let stored = [
        ("returned_on", o(&after.returned_on)),
        ("closed_on", o(&after.closed_on)),
        ("close_basis", after.close_basis.clone()),
        ("closed_by", after.closed_by.clone()),
    ];
    for (key, value) in stored {
        let cell = cells.raw(key);
        let cell =
            if is_case_date(key) { date(cells, key, &mut Vec::new()).ok().flatten().unwrap_or(cell) } else { cell };
        if !cell.is_empty() && cell != value {
            let reason = fill(X::WorkflowMismatch.s(), &[&cell, &value]);
            cells.problem(problems, key, cell, reason);
        }
    }
}

/// A ledger by its code, its label or another ledger's wording.
pub fn parse_ledger(s: &str) -> Option<Ledger> {
    let t = s.trim();
    Ledger::from_code(t)
        .or_else(|| Ledger::ALL.iter().copied().find(|l| l.label() == t))
        .or_else(|| wordings::lookup(wordings::LEDGER_WORDS, t))
}

/// The row's column that holds step input `input_key` of `action`.
fn evidence_column(action: CaseAction, input_key: &str) -> &'static str {
    match (action.needs(), input_key) {
        (Needs::Visit, "date") => "last_visit_on",
        (Needs::Visit, "who") => "visit_by",
        (Needs::Visit, _) => "visit_outcome",
        (Needs::School, "date") => "returned_on",
        (Needs::School, _) => "returned_school",
        (Needs::CloseEvidence, "date") => "closed_on",
        (Needs::CloseEvidence, "who") => "closed_by",
        (Needs::CloseEvidence, _) => "close_basis",
        (Needs::Reason, "text") => "change_reason",
        _ => "status",
    }
}
