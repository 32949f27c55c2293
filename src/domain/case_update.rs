//! What a spreadsheet row asks of an existing case, as workflow steps (docs/domain.md §4
//! "Updating by spreadsheet"): the steps that take the case from where it stands to the
//! status the row gives, each with the evidence the row carries and checked by the same
//! rule as the step form ([`workflow::check_step`]). A status is never set directly: a row
//! saying 已销号 for a case in 劝返中 becomes 复学 then 销号, and is refused when the row
//! lacks what those steps record.

use super::case_status::{next_status, CaseAction, CaseStatus};
use super::workflow::{self, StepError, StepInput, Workflow};
use std::collections::{HashMap, VecDeque};

/// Why a row's status cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// No sequence of steps leads from the case's status to the row's.
    Unreachable { from: CaseStatus, to: CaseStatus },
    /// The steps exist but lack what they record: each step that does, with (input key,
    /// what is wrong) — every one on the way, so that a row learns all it lacks at once.
    Steps(Vec<(CaseAction, Vec<(&'static str, StepError)>)>),
    /// The row gives a newer 劝返 date, but at the row's status no visit can be logged.
    Visit(CaseStatus),
}

/// Steps that may lie on the way to the row's status: they carry their own evidence (a
/// return, a closing, a reopening) or are bookkeeping (登记, 跟踪巩固). A placement, a
/// transfer or a void is taken only when it is the row's own status, never guessed as a
/// stop on the way.
fn may_pass_through(a: CaseAction) -> bool {
    matches!(
        a,
        CaseAction::ConfirmDropout
            | CaseAction::Return
            | CaseAction::StartTracking
            | CaseAction::Close
            | CaseAction::Reopen
            | CaseAction::AddVisit
    )
}

/// The steps from `current` to `target`. `input_for(action)` is the row's evidence for that
/// step; `visit` is the row's 劝返 when it is newer than the ledger's (logged while the
/// child is out of school).
pub fn plan(
    current: &Workflow,
    target: CaseStatus,
    visit: Option<&StepInput>,
    input_for: &dyn Fn(CaseAction) -> StepInput,
    registered_on: &str,
) -> Result<Vec<(CaseAction, StepInput)>, PlanError> {
    let mut steps = Vec::new();
    let mut from = current.status;
    let mut visit = visit.cloned();
    if let Some(v) = visit.as_ref().filter(|_| from.is_out_of_school()) {
        check(CaseAction::AddVisit, v, registered_on)?;
        steps.push((CaseAction::AddVisit, v.clone()));
        from = CaseStatus::Persuading;
        visit = None;
    }
    let usable = |a: CaseAction| match a {
        CaseAction::AddVisit => visit.as_ref().is_some_and(|v| workflow::check_step(a, v, registered_on).is_empty()),
        _ => workflow::check_step(a, &input_for(a), registered_on).is_empty(),
    };
    match path(from, target, &usable) {
        Some(actions) => {
            for a in actions {
                let input = match (a, &visit) {
                    (CaseAction::AddVisit, Some(v)) => v.clone(),
                    _ => input_for(a),
                };
                if a == CaseAction::AddVisit {
                    visit = None;
                }
                steps.push((a, input));
            }
        }
        // Say which step lacks what: the path there when evidence is not asked for.
        None => {
            let Some(actions) = path(from, target, &|_| true) else {
                return Err(PlanError::Unreachable { from, to: target });
            };
            let gaps: Vec<_> = actions
                .into_iter()
                .map(|a| {
                    let input = match (a, &visit) {
                        (CaseAction::AddVisit, Some(v)) => v.clone(),
                        _ => input_for(a),
                    };
                    (a, workflow::check_step(a, &input, registered_on))
                })
                .filter(|(_, errors)| !errors.is_empty())
                .collect();
            return Err(if gaps.is_empty() {
                PlanError::Unreachable { from, to: target }
            } else {
                PlanError::Steps(gaps)
            });
        }
    }
    // A 跟踪巩固 check is not a 劝返 visit (it has its own log): a newer visit date for a
    // child no longer out of school is not guessed to be one.
    if visit.is_some() {
        return Err(PlanError::Visit(target));
    }
    Ok(steps)
}

fn check(action: CaseAction, input: &StepInput, registered_on: &str) -> Result<(), PlanError> {
    let errors = workflow::check_step(action, input, registered_on);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(PlanError::Steps(vec![(action, errors)]))
    }
}

/// The shortest sequence of actions from `from` to `to` (none when equal), in
/// `CaseAction::ALL` order among equals; every step but the last must pass through.
fn path(from: CaseStatus, to: CaseStatus, usable: &dyn Fn(CaseAction) -> bool) -> Option<Vec<CaseAction>> {
    if from == to {
        return Some(Vec::new());
    }
    let mut came: HashMap<CaseStatus, (CaseStatus, CaseAction)> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(s) = queue.pop_front() {
        for a in CaseAction::ALL.iter().copied().filter(|a| usable(*a)) {
            let Ok(next) = next_status(s, a) else { continue };
            if next == from || came.contains_key(&next) || (next != to && !may_pass_through(a)) {
                continue;
            }
            came.insert(next, (s, a));
            if next == to {
                let mut actions = vec![a];
                let mut at = s;
                while at != from {
                    let (prev, act) = came.get(&at).copied()?;
                    actions.push(act);
                    at = prev;
                }
                actions.reverse();
                return Some(actions);
            }
            queue.push_back(next);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Ledger;

    fn at(status: CaseStatus) -> Workflow {
        Workflow::fresh(status, Ledger::Dropout)
    }

    /// Evidence for every step.
    fn full(a: CaseAction) -> StepInput {
        StepInput {
            date: "2026-11-01".into(),
            who: "李老师".into(),
            text: "复学满一学期".into(),
            school_id: (a == CaseAction::Return).then_some(7),
            ..Default::default()
        }
    }

    fn actions(steps: &[(CaseAction, StepInput)]) -> Vec<CaseAction> {
        steps.iter().map(|s| s.0).collect()
    }

    #[test]
    fn a_closed_row_for_a_case_being_persuaded_returns_then_closes() {
        use CaseAction as A;
        let steps = plan(&at(CaseStatus::Persuading), CaseStatus::Closed, None, &full, "2026-09-01").expect("plan");
        assert_eq!(actions(&steps), [A::Return, A::Close]);
        let steps = plan(&at(CaseStatus::Suspected), CaseStatus::Tracking, None, &full, "2026-09-01").expect("plan");
        assert_eq!(actions(&steps), [A::Return, A::StartTracking]);
        let visit = full(A::AddVisit);
        let steps =
            plan(&at(CaseStatus::Dropout), CaseStatus::Returned, Some(&visit), &full, "2026-09-01").expect("plan");
        assert_eq!(actions(&steps), [A::AddVisit, A::Return], "the visit comes first, while out of school");
        assert!(plan(&at(CaseStatus::Closed), CaseStatus::Closed, None, &full, "2026-09-01").expect("plan").is_empty());
    }

    #[test]
    fn a_missing_piece_of_evidence_is_named_and_no_placement_is_guessed() {
        use CaseAction as A;
        // No return date: the way through 送教上门 also reaches 销号, but is never taken.
        let no_return =
            |a: A| StepInput { date: if a == A::Return { String::new() } else { "2026-11-01".into() }, ..full(a) };
        let got = plan(&at(CaseStatus::Persuading), CaseStatus::Closed, None, &no_return, "2026-09-01");
        assert_eq!(got, Err(PlanError::Steps(vec![(A::Return, vec![("date", StepError::Required)])])));
        // Every step on the way that lacks something, at once.
        let bare = |a: A| StepInput { date: String::new(), ..full(a) };
        let got = plan(&at(CaseStatus::Persuading), CaseStatus::Closed, None, &bare, "2026-09-01");
        let steps: Vec<A> = match got {
            Err(PlanError::Steps(gaps)) => gaps.into_iter().map(|g| g.0).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(steps, [A::Return, A::Close]);
        let got = plan(&at(CaseStatus::Voided), CaseStatus::Persuading, None, &full, "2026-09-01");
        assert_eq!(got, Err(PlanError::Unreachable { from: CaseStatus::Voided, to: CaseStatus::Persuading }));
        let visit = full(A::AddVisit);
        let got = plan(&at(CaseStatus::Returned), CaseStatus::Returned, Some(&visit), &full, "2026-09-01");
        assert_eq!(got, Err(PlanError::Visit(CaseStatus::Returned)));
        let early = StepInput { date: "2026-08-01".into(), ..full(A::AddVisit) };
        let got = plan(&at(CaseStatus::Dropout), CaseStatus::Persuading, Some(&early), &full, "2026-09-01");
        assert_eq!(got, Err(PlanError::Steps(vec![(A::AddVisit, vec![("date", StepError::BeforeRegistered)])])));
    }
}
