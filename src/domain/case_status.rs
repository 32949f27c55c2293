//! Case statuses and the workflow between them (DOMAIN.md §4 "Workflow").

use super::codes::code_enum;

code_enum!(
    /// Where a case stands. `Enrolled` is a child of the 适龄 ledger attending normally.
    CaseStatus {
        Enrolled => "enrolled", Suspected => "suspected", Dropout => "dropout",
        Persuading => "persuading", Returned => "returned", Tracking => "tracking",
        Closed => "closed", Transferred => "transferred", HomeTeaching => "home_teaching",
        Inclusive => "inclusive", SpecialSchool => "special_school", SickLeave => "sick_leave",
        Deceased => "deceased", Other => "other", Voided => "voided",
    }
);

impl CaseStatus {
    /// Still needs someone's attention: counted as an open case on every overview.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseStatus::Enrolled
                | CaseStatus::Closed
                | CaseStatus::Transferred
                | CaseStatus::Deceased
                | CaseStatus::Voided
        )
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
    }
}
