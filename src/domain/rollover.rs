//! The school year turns over (docs/domain.md §11): on a day the county chooses (default
//! 1 September) every child still followed moves up one grade; a 九年级 child attending
//! normally (在校) leaves the ledger as graduated, one whose case is still open stays in
//! 九年级 and is flagged for a decision; a child moving from 六年级 to 七年级 whose school has no
//! 初中 is listed for checking (小升初 is where many are lost). Once per county and school year.

use super::case_status::CaseStatus;
use super::codes::SchoolKind;
use chrono::{Datelike, NaiveDate};

/// The school year a rollover on `on` starts: 1 July of Y to 30 June of Y+1 is year Y.
pub fn school_year(on: NaiveDate) -> i32 {
    if on.month() >= 7 {
        on.year()
    } else {
        on.year() - 1
    }
}

/// The default rollover day of a school year.
pub fn default_day(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, 1)
}

/// What the rollover does to one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Up one grade, to this one.
    Advance(i64),
    /// 九年级 and 在校: leaves the ledger as graduated.
    Graduate,
    /// 九年级 with the case still open: stays, flagged for a decision.
    Flag,
}

/// Whether the rollover still concerns a case in `status`: children attending (在校) and
/// open cases; finished cases are history.
pub fn followed(status: CaseStatus) -> bool {
    status == CaseStatus::Enrolled || status.is_open()
}

/// The change for a case in `status` and `grade` (`None`: not touched).
pub fn change(status: CaseStatus, grade: Option<i64>) -> Option<Change> {
    let grade = grade.filter(|g| (1..=9).contains(g))?;
    if !followed(status) {
        return None;
    }
    Some(match grade {
        9 if status == CaseStatus::Enrolled => Change::Graduate,
        9 => Change::Flag,
        g => Change::Advance(g + 1),
    })
}

/// Moving from 六年级 to 七年级 at a school without 初中 (or with no school): where the child
/// goes next is not known and must be checked.
pub fn junior_unknown(grade_before: Option<i64>, school: Option<SchoolKind>) -> bool {
    grade_before == Some(6) && school.is_none_or(|k| matches!(k, SchoolKind::Primary | SchoolKind::TeachingPoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_move_up_once_and_nine_leaves_or_is_flagged() {
        assert_eq!(change(CaseStatus::Enrolled, Some(1)), Some(Change::Advance(2)));
        assert_eq!(change(CaseStatus::Dropout, Some(8)), Some(Change::Advance(9)));
        assert_eq!(change(CaseStatus::Enrolled, Some(9)), Some(Change::Graduate));
        assert_eq!(change(CaseStatus::Tracking, Some(9)), Some(Change::Flag));
        assert_eq!(change(CaseStatus::Closed, Some(3)), None, "a closed case is history");
        assert_eq!(change(CaseStatus::Graduated, Some(9)), None);
        assert_eq!(change(CaseStatus::Enrolled, None), None);
    }

    #[test]
    fn school_years_and_the_junior_check() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(school_year(d("2026-09-01")), 2026);
        assert_eq!(school_year(d("2026-08-25")), 2026);
        assert_eq!(school_year(d("2026-06-30")), 2025);
        assert!(junior_unknown(Some(6), Some(SchoolKind::Primary)));
        assert!(junior_unknown(Some(6), None));
        assert!(!junior_unknown(Some(6), Some(SchoolKind::NineYear)));
        assert!(!junior_unknown(Some(5), Some(SchoolKind::Primary)));
    }
}
