//! Case statuses and the workflow between them (docs/domain.md §4 "Workflow").

use super::codes::code_enum;

code_enum!(
    /// Where a case stands. `Enrolled` is a child of the 适龄 ledger attending normally.
    CaseStatus {
        Enrolled => "enrolled", Suspected => "suspected", Dropout => "dropout",
        Persuading => "persuading", Returned => "returned", Tracking => "tracking",
        Closed => "closed", Transferred => "transferred", HomeTeaching => "home_teaching",
        Inclusive => "inclusive", SpecialSchool => "special_school", SickLeave => "sick_leave",
        Deceased => "deceased", Other => "other", Voided => "voided", Graduated => "graduated",
    }
);

impl CaseStatus {
    /// Still needs someone's attention: counted as an open case on every overview.
    /// A disabled child placed 随班就读 or in a 特教学校 is in school (the 一人一案 placed
    /// them; docs/domain.md §14): not an open dropout case. 送教上门 stays open: the child is
    /// taught at home and its visits are still logged.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseStatus::Enrolled
                | CaseStatus::Closed
                | CaseStatus::Transferred
                | CaseStatus::Deceased
                | CaseStatus::Voided
                | CaseStatus::Graduated
                | CaseStatus::Inclusive
                | CaseStatus::SpecialSchool
        )
    }

    /// Placed by a disabled child's 一人一案 (随班就读, 特教学校, 送教上门).
    pub fn is_placed(self) -> bool {
        matches!(self, CaseStatus::HomeTeaching | CaseStatus::Inclusive | CaseStatus::SpecialSchool)
    }

    /// Out of school right now: the county is 清零 when none is left.
    pub fn is_out_of_school(self) -> bool {
        matches!(self, CaseStatus::Suspected | CaseStatus::Dropout | CaseStatus::Persuading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_and_out_of_school() {
        assert!(CaseStatus::Persuading.is_open());
        assert!(CaseStatus::Persuading.is_out_of_school());
        assert!(CaseStatus::Tracking.is_open());
        assert!(!CaseStatus::Tracking.is_out_of_school());
        assert!(!CaseStatus::Closed.is_open());
        assert!(!CaseStatus::Voided.is_open());
        // 随班就读 and 特教学校 children are in school; 送教上门 is still followed.
        assert!(!CaseStatus::Inclusive.is_open());
        assert!(!CaseStatus::SpecialSchool.is_open());
        assert!(CaseStatus::HomeTeaching.is_open());
    }
}

/// The workflow's steps. Statuses change only through these, never by free editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseAction {
    /// 适龄 child absent without reason: now suspected.
    MarkSuspected,
    /// Suspected for longer than the setting: registered as dropped out (登记).
    ConfirmDropout,
    /// A 劝返 visit (recorded as an event).
    AddVisit,
    /// Back in school (复学): needs the date and school.
    Return,
    /// Returned children are followed monthly (跟踪巩固).
    StartTracking,
    /// The monthly check of a child in 跟踪巩固 or 随班就读: who checked, whether the child
    /// was attending, a note (a `check` event; the status stays).
    TrackingCheck,
    /// 销号: needs date, basis and who.
    Close,
    Transfer,
    HomeTeaching,
    /// One 送教上门 session: teacher, hours, content, the child's response (a `session`
    /// event; the status stays).
    Session,
    Inclusive,
    SpecialSchool,
    SickLeave,
    Deceased,
    Other,
    /// A closed case opened again, with a reason.
    Reopen,
    /// A mistaken case: voided with a reason, never deleted.
    Void,
}

impl CaseAction {
    pub const ALL: &'static [CaseAction] = &[
        CaseAction::MarkSuspected,
        CaseAction::ConfirmDropout,
        CaseAction::AddVisit,
        CaseAction::Return,
        CaseAction::StartTracking,
        CaseAction::TrackingCheck,
        CaseAction::Close,
        CaseAction::Transfer,
        CaseAction::HomeTeaching,
        CaseAction::Session,
        CaseAction::Inclusive,
        CaseAction::SpecialSchool,
        CaseAction::SickLeave,
        CaseAction::Deceased,
        CaseAction::Other,
        CaseAction::Reopen,
        CaseAction::Void,
    ];

    /// What the action needs from the user besides the date.
    pub fn needs(self) -> Needs {
        match self {
            CaseAction::AddVisit => Needs::Visit,
            CaseAction::TrackingCheck => Needs::Check,
            CaseAction::Session => Needs::Session,
            CaseAction::Return => Needs::School,
            CaseAction::Close => Needs::CloseEvidence,
            CaseAction::Transfer | CaseAction::Other | CaseAction::Reopen | CaseAction::Void => Needs::Reason,
            _ => Needs::DateOnly,
        }
    }
}

/// The extra input each action asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    DateOnly,
    /// line (政府/教育), who, method, outcome.
    Visit,
    /// The school the child returned to.
    School,
    /// 销号依据 and 销号人.
    CloseEvidence,
    /// A written reason (or, for a transfer, where to).
    Reason,
    /// A 送教上门 session: teacher, hours, content, the child's response.
    Session,
    /// A monthly check: who, attending or not, a note.
    Check,
}

impl CaseAction {
    /// The `case_events.kind` the step is recorded as.
    pub fn event_kind(self) -> &'static str {
        match self {
            CaseAction::AddVisit => "visit",
            CaseAction::TrackingCheck => "check",
            CaseAction::Session => "session",
            CaseAction::Reopen => "reopen",
            CaseAction::Void => "void",
            CaseAction::HomeTeaching => "home_teaching",
            _ => "transition",
        }
    }

    /// A log entry that leaves the status where it is (a visit, a session, a check).
    pub fn keeps_status(self) -> bool {
        matches!(self, CaseAction::AddVisit | CaseAction::TrackingCheck | CaseAction::Session)
    }
}

/// Why an action is not allowed from the current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: CaseStatus,
    pub action: CaseAction,
}

use CaseStatus as S;

/// The status after `action`, or why it cannot be taken from `from`.
pub fn next_status(from: CaseStatus, action: CaseAction) -> Result<CaseStatus, IllegalTransition> {
    let out_of_school = from.is_out_of_school();
    let placed = from.is_placed();
    let next = match action {
        CaseAction::MarkSuspected if from == S::Enrolled => Some(S::Suspected),
        CaseAction::ConfirmDropout if from == S::Suspected => Some(S::Dropout),
        CaseAction::AddVisit if out_of_school => Some(S::Persuading),
        CaseAction::Return if out_of_school || from == S::SickLeave => Some(S::Returned),
        CaseAction::StartTracking if from == S::Returned => Some(S::Tracking),
        CaseAction::TrackingCheck if matches!(from, S::Tracking | S::Inclusive) => Some(from),
        CaseAction::Session if from == S::HomeTeaching => Some(S::HomeTeaching),
        CaseAction::Close if matches!(from, S::Returned | S::Tracking | S::Transferred | S::Other) || placed => {
            Some(S::Closed)
        }
        CaseAction::Transfer if out_of_school || matches!(from, S::Returned | S::Tracking) => Some(S::Transferred),
        CaseAction::HomeTeaching if out_of_school || placed => Some(S::HomeTeaching),
        CaseAction::Inclusive if out_of_school || placed => Some(S::Inclusive),
        CaseAction::SpecialSchool if out_of_school || placed => Some(S::SpecialSchool),
        CaseAction::SickLeave if out_of_school || matches!(from, S::Returned | S::Tracking) => Some(S::SickLeave),
        CaseAction::Deceased if from.is_open() || placed => Some(S::Deceased),
        CaseAction::Other if from.is_open() || placed => Some(S::Other),
        CaseAction::Reopen if matches!(from, S::Closed | S::Transferred | S::Other) => Some(S::Suspected),
        CaseAction::Void if from != S::Voided => Some(S::Voided),
        _ => None,
    };
    // Placing a child where it already is is not a step.
    next.filter(|n| *n != from || action.keeps_status()).ok_or(IllegalTransition { from, action })
}

/// The actions offered from `from`, in menu order.
pub fn available(from: CaseStatus) -> Vec<CaseAction> {
    CaseAction::ALL.iter().copied().filter(|a| next_status(from, *a).is_ok()).collect()
}

/// Which ledger a case sits in once it reaches `status` (a dropout stays in the 辍学 ledger).
pub fn ledger_after(current: super::codes::Ledger, status: CaseStatus) -> super::codes::Ledger {
    use super::codes::Ledger;
    match (current, status) {
        (Ledger::Dropout, _) => Ledger::Dropout,
        (_, S::Dropout | S::Persuading) => Ledger::Dropout,
        (Ledger::SchoolAge, S::Suspected) => Ledger::Suspected,
        (l, _) => l,
    }
}

#[cfg(test)]
mod workflow_tests {
    use super::*;

    /// Every (status, action) pair: the legal ones and where they lead; all others refused.
    #[test]
    fn transition_table() {
        use CaseAction as A;
        let legal: &[(S, A, S)] = &[
            (S::Enrolled, A::MarkSuspected, S::Suspected),
            (S::Suspected, A::ConfirmDropout, S::Dropout),
            (S::Suspected, A::AddVisit, S::Persuading),
            (S::Dropout, A::AddVisit, S::Persuading),
            (S::Persuading, A::AddVisit, S::Persuading),
            (S::Suspected, A::Return, S::Returned),
            (S::Dropout, A::Return, S::Returned),
            (S::Persuading, A::Return, S::Returned),
            (S::SickLeave, A::Return, S::Returned),
            (S::Returned, A::StartTracking, S::Tracking),
            (S::Tracking, A::TrackingCheck, S::Tracking),
            (S::Inclusive, A::TrackingCheck, S::Inclusive),
            (S::HomeTeaching, A::Session, S::HomeTeaching),
            (S::Returned, A::Close, S::Closed),
            (S::Tracking, A::Close, S::Closed),
            (S::Transferred, A::Close, S::Closed),
            (S::Other, A::Close, S::Closed),
            (S::HomeTeaching, A::Close, S::Closed),
            (S::Inclusive, A::Close, S::Closed),
            (S::SpecialSchool, A::Close, S::Closed),
            (S::Suspected, A::Transfer, S::Transferred),
            (S::Dropout, A::Transfer, S::Transferred),
            (S::Persuading, A::Transfer, S::Transferred),
            (S::Returned, A::Transfer, S::Transferred),
            (S::Tracking, A::Transfer, S::Transferred),
            (S::Suspected, A::SickLeave, S::SickLeave),
            (S::Dropout, A::SickLeave, S::SickLeave),
            (S::Persuading, A::SickLeave, S::SickLeave),
            (S::Returned, A::SickLeave, S::SickLeave),
            (S::Tracking, A::SickLeave, S::SickLeave),
            (S::Closed, A::Reopen, S::Suspected),
            (S::Transferred, A::Reopen, S::Suspected),
            (S::Other, A::Reopen, S::Suspected),
        ];
        let mut expected = std::collections::HashMap::new();
        for (from, action, to) in legal {
            expected.insert((*from, *action), *to);
        }
        for from in [S::Suspected, S::Dropout, S::Persuading, S::HomeTeaching, S::Inclusive, S::SpecialSchool] {
            for (action, to) in
                [(A::HomeTeaching, S::HomeTeaching), (A::Inclusive, S::Inclusive), (A::SpecialSchool, S::SpecialSchool)]
            {
                if from != to {
                    expected.insert((from, action), to);
                }
            }
        }
        for from in CaseStatus::ALL.iter().filter(|s| s.is_open() || s.is_placed()) {
            expected.insert((*from, A::Deceased), S::Deceased);
            if *from != S::Other {
                expected.insert((*from, A::Other), S::Other);
            }
        }
        for from in CaseStatus::ALL.iter().filter(|s| **s != S::Voided) {
            expected.insert((*from, A::Void), S::Voided);
        }
        for from in CaseStatus::ALL {
            for action in CaseAction::ALL {
                let got = next_status(*from, *action).ok();
                assert_eq!(got, expected.get(&(*from, *action)).copied(), "{from:?} --{action:?}-->");
            }
        }
    }

    #[test]
    fn dropout_ledger_is_sticky() {
        use crate::domain::codes::Ledger;
        assert_eq!(ledger_after(Ledger::SchoolAge, S::Suspected), Ledger::Suspected);
        assert_eq!(ledger_after(Ledger::Suspected, S::Dropout), Ledger::Dropout);
        assert_eq!(ledger_after(Ledger::Dropout, S::Returned), Ledger::Dropout);
        assert_eq!(ledger_after(Ledger::Suspected, S::Returned), Ledger::Suspected);
    }
}
