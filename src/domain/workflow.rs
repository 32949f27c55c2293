//! A case's workflow columns (status, ledger and what each step records) as one value, and
//! what a step makes of them (docs/domain.md §4 "Workflow"). A step, an undo and a reopen
//! all write a whole [`Workflow`] and audit every column that differs (§10), so no derived
//! column (the ledger moving at the first visit, a date cleared on reopen) changes unseen.

use super::case_status::{self, CaseAction, CaseStatus, IllegalTransition};
use super::codes::Ledger;
use super::fields::{Field, Kind};

/// The workflow's columns of a case, labelled for the history (修改记录) and in the order
/// [`Workflow::texts`] gives them. Set by steps, never typed in the case form.
pub const FIELDS: &[Field] = &[
    Field { kind: Kind::Derived, export: false, ..Field::text("status", "状态", "Status") },
    Field { kind: Kind::Derived, export: false, ..Field::text("ledger", "台账", "Ledger") },
    Field { kind: Kind::Date, export: false, ..Field::text("last_visit_on", "最近劝返日期", "Last visit") },
    Field { kind: Kind::Date, export: false, ..Field::text("returned_on", "复学日期", "Returned on") },
    Field { kind: Kind::School, export: false, ..Field::text("returned_school_id", "复学学校", "Returned to") },
    Field { kind: Kind::Date, export: false, ..Field::text("closed_on", "销号日期", "Closed on") },
    Field { export: false, ..Field::text("close_basis", "销号依据", "Closing basis") },
    Field { export: false, ..Field::text("closed_by", "销号人", "Closed by") },
    Field { export: false, ..Field::text("void_reason", "作废原因", "Reason voided") },
];

/// The county a case belongs to: derived from its school, audited when a move changes it.
pub const COUNTY: Field =
    Field { kind: Kind::Region, export: false, ..Field::text("county_code", "所属县", "County") };

/// The details a workflow step records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepInput {
    pub date: String,
    /// Visit: "gov" | "edu".
    pub line: Option<String>,
    pub who: String,
    /// Visit: home | phone | interview | notice.
    pub method: Option<String>,
    /// Visit outcome, close basis, reason for transfer/reopen/void/other.
    pub text: String,
    /// Return: the school the child went back to.
    pub school_id: Option<i64>,
    /// Session: its hours.
    pub hours: Option<super::follow_up::Hours>,
    /// Check: was the child attending?
    pub attending: Option<bool>,
    /// Session: what was taught (`text` is then the child's response).
    pub content: String,
}

/// The workflow's columns of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub status: CaseStatus,
    pub ledger: Ledger,
    pub last_visit_on: Option<String>,
    pub returned_on: Option<String>,
    pub returned_school_id: Option<i64>,
    pub closed_on: Option<String>,
    pub close_basis: String,
    pub closed_by: String,
    pub void_reason: String,
}

impl Workflow {
    /// Every column as text, in [`FIELDS`] order (SQL parameters, audit old/new).
    pub fn texts(&self) -> Vec<(&'static str, String)> {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            ("status", self.status.code().to_string()),
            ("ledger", self.ledger.code().to_string()),
            ("last_visit_on", o(&self.last_visit_on)),
            ("returned_on", o(&self.returned_on)),
            ("returned_school_id", self.returned_school_id.map(|s| s.to_string()).unwrap_or_default()),
            ("closed_on", o(&self.closed_on)),
            ("close_basis", self.close_basis.clone()),
            ("closed_by", self.closed_by.clone()),
            ("void_reason", self.void_reason.clone()),
        ]
    }

    /// The columns after `action` with `input`: the next status and ledger, and the step's
    /// own columns. A visit keeps the latest visit date; a reopened case is no longer
    /// closed, so its closing date, basis and closer are cleared (they stay in the history).
    pub fn after(&self, action: CaseAction, input: &StepInput) -> Result<Workflow, IllegalTransition> {
        let status = case_status::next_status(self.status, action)?;
        let mut next = Workflow { status, ledger: case_status::ledger_after(self.ledger, status), ..self.clone() };
        match action {
            // Only a 劝返 visit is the latest visit; a check or a session is logged as itself.
            CaseAction::AddVisit => {
                next.last_visit_on = self.last_visit_on.clone().max(Some(input.date.clone()));
            }
            CaseAction::Return => {
                next.returned_on = Some(input.date.clone());
                next.returned_school_id = input.school_id;
            }
            CaseAction::Close => {
                next.closed_on = Some(input.date.clone());
                next.close_basis = input.text.clone();
                next.closed_by = input.who.clone();
            }
            CaseAction::Void => next.void_reason = input.text.clone(),
            CaseAction::Reopen => {
                next.closed_on = None;
                next.close_basis.clear();
                next.closed_by.clear();
            }
            _ => {}
        }
        Ok(next)
    }
}

/// (key, old, new) for every column of `texts` that differs between `old` and `new` (both
/// in the same order, as records and [`Workflow::texts`] give them).
pub fn changes(old: &[(&'static str, String)], new: &[(&'static str, String)]) -> Vec<(&'static str, String, String)> {
    old.iter().zip(new).filter(|((_, a), (_, b))| a != b).map(|((k, a), (_, b))| (*k, a.clone(), b.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suspected() -> Workflow {
        Workflow {
            status: CaseStatus::Suspected,
            ledger: Ledger::Suspected,
            last_visit_on: None,
            returned_on: None,
            returned_school_id: None,
            closed_on: None,
            close_basis: String::new(),
            closed_by: String::new(),
            void_reason: String::new(),
        }
    }

    fn input(date: &str) -> StepInput {
        StepInput {
            date: date.into(), who: "李老师".into(), text: "复学满一学期".into(), ..Default::default()
        }
    }

    #[test]
    fn texts_follow_the_table() {
        let keys: Vec<&str> = suspected().texts().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, FIELDS.iter().map(|f| f.key).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_visit_moves_the_ledger_and_a_later_one_keeps_the_latest_date() {
        let visited = suspected().after(CaseAction::AddVisit, &input("2026-10-05")).expect("legal");
        assert_eq!((visited.status, visited.ledger), (CaseStatus::Persuading, Ledger::Dropout));
        let again = visited.after(CaseAction::AddVisit, &input("2026-09-01")).expect("legal");
        assert_eq!(again.last_visit_on.as_deref(), Some("2026-10-05"));
        let keys: Vec<_> = changes(&suspected().texts(), &visited.texts()).into_iter().map(|c| c.0).collect();
        assert_eq!(keys, ["status", "ledger", "last_visit_on"]);
    }

    #[test]
    fn reopening_clears_the_closing_columns() {
        let returned = suspected().after(CaseAction::Return, &input("2026-10-01")).expect("legal");
        let closed = returned.after(CaseAction::Close, &input("2026-11-01")).expect("legal");
        assert_eq!((closed.close_basis.as_str(), closed.closed_by.as_str()), ("复学满一学期", "李老师"));
        let reopened = closed.after(CaseAction::Reopen, &input("2026-11-10")).expect("legal");
        assert_eq!((reopened.closed_on, reopened.close_basis.as_str(), reopened.closed_by.as_str()), (None, "", ""));
        assert_eq!(reopened.returned_on.as_deref(), Some("2026-10-01"), "the return stays on record");
        assert!(suspected().after(CaseAction::Reopen, &input("2026-11-10")).is_err());
    }
}
