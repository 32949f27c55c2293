//! Thresholds that act (docs/domain.md §11): a case is **due** when
//! - it has been 疑似辍学 for more than `dropout_after_days` (confirm it, or bring the child
//!   back): counted from its last step into 疑似辍学, or its registration;
//! - it is out of school (疑似辍学, 辍学, 劝返中) with no visit for more than
//!   `overdue_visit_days`: counted from its last visit, or its registration;
//! - it is in 跟踪巩固 or 随班就读 and its latest check (跟踪回访) found the child not
//!   attending: since that check, until a check finds the child in school (or a step);
//! - it is in 跟踪巩固 with no check that found the child attending for more than
//!   `tracking_check_days`: counted from that check, or the day tracking began.
//!
//! A case due for several reasons is listed once, under the first of these.

use super::case_status::CaseStatus;
use chrono::{Duration, NaiveDate};

/// The settings that name the thresholds, and their defaults.
pub const SUSPECTED_SETTING: &str = "dropout_after_days";
pub const VISIT_SETTING: &str = "overdue_visit_days";
pub const TRACKING_SETTING: &str = "tracking_check_days";
pub const DEFAULT_SUSPECTED_DAYS: i64 = 30;
pub const DEFAULT_VISIT_DAYS: i64 = 30;
pub const DEFAULT_TRACKING_DAYS: i64 = 31;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueKind {
    SuspectedTooLong,
    NoVisit,
    TrackingCheck,
    /// The latest check found the child not attending.
    NotAttending,
}

/// The thresholds in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub suspected_days: i64,
    pub visit_days: i64,
    pub tracking_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            suspected_days: DEFAULT_SUSPECTED_DAYS,
            visit_days: DEFAULT_VISIT_DAYS,
            tracking_days: DEFAULT_TRACKING_DAYS,
        }
    }
}

/// The last day each clock may have started on for the case to be due as of a day: a clock
/// started on or before it has run for more than the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    pub suspected: NaiveDate,
    pub visit: NaiveDate,
    pub tracking: NaiveDate,
}

impl Thresholds {
    pub fn cutoffs(&self, today: NaiveDate) -> Cutoffs {
        let before = |days: i64| today - Duration::days(days.max(0) + 1);
        Cutoffs {
            suspected: before(self.suspected_days),
            visit: before(self.visit_days),
            tracking: before(self.tracking_days),
        }
    }

    pub fn days(&self, kind: DueKind) -> i64 {
        match kind {
            DueKind::SuspectedTooLong => self.suspected_days,
            DueKind::NoVisit => self.visit_days,
            DueKind::TrackingCheck => self.tracking_days,
            // Due from the day of the check itself.
            DueKind::NotAttending => 0,
        }
    }
}

/// When each clock of a case started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocks {
    pub status: CaseStatus,
    /// Its last step into 疑似辍学, else its registration.
    pub suspected_since: NaiveDate,
    /// Its last visit, else its registration.
    pub last_visit: NaiveDate,
    /// Its last check that found the child attending, or the start of tracking, whichever
    /// is later.
    pub tracking_since: NaiveDate,
    /// The day of its latest check, when that check found the child not attending.
    pub absent_since: Option<NaiveDate>,
}

/// Whether the case is due, under which rule, and since when.
pub fn due(c: &Clocks, cut: &Cutoffs) -> Option<(DueKind, NaiveDate)> {
    if c.status == CaseStatus::Suspected && c.suspected_since <= cut.suspected {
        return Some((DueKind::SuspectedTooLong, c.suspected_since));
    }
    if c.status.is_out_of_school() && c.last_visit <= cut.visit {
        return Some((DueKind::NoVisit, c.last_visit));
    }
    if let (CaseStatus::Tracking | CaseStatus::Inclusive, Some(on)) = (c.status, c.absent_since) {
        return Some((DueKind::NotAttending, on));
    }
    if c.status == CaseStatus::Tracking && c.tracking_since <= cut.tracking {
        return Some((DueKind::TrackingCheck, c.tracking_since));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn each_rule_starts_the_day_after_its_threshold() {
        let t = Thresholds { suspected_days: 30, visit_days: 30, tracking_days: 31 };
        let cut = t.cutoffs(d("2026-11-23"));
        let suspected = |since: &str| Clocks {
            status: CaseStatus::Suspected,
            suspected_since: d(since),
            last_visit: d("2026-11-20"),
            tracking_since: d(since),
            absent_since: None,
        };
        // 30 days suspected on the 23rd is not yet more than 30; 31 is.
        assert_eq!(due(&suspected("2026-10-24"), &cut), None);
        assert_eq!(due(&suspected("2026-10-23"), &cut), Some((DueKind::SuspectedTooLong, d("2026-10-23"))));
        let dropout = Clocks { status: CaseStatus::Dropout, ..suspected("2026-01-01") };
        assert_eq!(due(&dropout, &cut), None, "a dropout visited three days ago is not due");
        let unvisited = Clocks { last_visit: d("2026-10-01"), ..dropout };
        assert_eq!(due(&unvisited, &cut), Some((DueKind::NoVisit, d("2026-10-01"))));
        let tracking = Clocks { status: CaseStatus::Tracking, tracking_since: d("2026-10-23"), ..dropout };
        assert_eq!(due(&tracking, &cut), None, "31 days of tracking is not more than 31");
        let late = Clocks { tracking_since: d("2026-10-22"), ..tracking };
        assert_eq!(due(&late, &cut), Some((DueKind::TrackingCheck, d("2026-10-22"))));
        let absent = Clocks { absent_since: Some(d("2026-11-20")), ..tracking };
        assert_eq!(due(&absent, &cut), Some((DueKind::NotAttending, d("2026-11-20"))), "not attending: due at once");
        let inclusive = Clocks { status: CaseStatus::Inclusive, tracking_since: d("2020-01-01"), ..tracking };
        assert_eq!(due(&inclusive, &cut), None, "随班就读 has no monthly clock");
        assert_eq!(
            due(&Clocks { absent_since: Some(d("2026-11-20")), ..inclusive }, &cut).map(|d| d.0),
            Some(DueKind::NotAttending)
        );
        let closed = Clocks { status: CaseStatus::Closed, ..unvisited };
        assert_eq!(due(&closed, &cut), None);
    }
}
