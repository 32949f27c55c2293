//! The monthly report (月报) of the dropout-control ledger, per school and for the county,
//! derived from each case's registration and its recorded workflow steps (`case_events`).
//!
//! **The period** runs from the first day of the month to its last day — or to today, for
//! the current month (the report is then "as of" today). A month after today is refused.
//!
//! **A case's status on a day** is the `to_status` of its last recorded step dated on or
//! before that day (ties broken by the order the steps were recorded); before its first
//! step it is the status it was registered in (the first step's `from_status`). A case with
//! no recorded step (imported, or demo data beyond its first cases) is taken to have had
//! its current status since it was registered. A case does not exist before its
//! `registered_on` date.
//!
//! The numbers, each counting cases (a case counts at most once per number):
//! - **open at the start** (`open_start`): registered before the first day, and open
//!   (`CaseStatus::is_open`: anything but 在校, 已销号, 转学, 死亡, 已作废, 随班就读, 特教学校) at the end of the
//!   day before it.
//! - **new suspected** (`new_suspected`): came into 疑似辍学 during the period — registered
//!   in the period in that status, or a step into it (标记疑似, 重新打开) dated in the period.
//! - **new dropouts** (`new_dropouts`): came into 辍学 during the period the same way
//!   (registered as 辍学, or the 确认辍学 step).
//! - **returned** (`returned`): a step into 已复学 dated in the period.
//! - **closed** (`closed`): a step from an open status to one that is not open (销号, 转学,
//!   死亡, 作废) dated in the period.
//! - **open at the end** (`open_end`): registered on or before the last day of the period
//!   and open at its end.
//! - **out of school at the end** (`out_of_school_end`): at the end of the period in 疑似辍学,
//!   辍学 or 劝返中. The county is **at zero (清零)** when this is 0 for the whole county.
//!
//! The same cases at the end of the period, open ones only, are also grouped by status and
//! by reason (the screen's bar charts).

use super::case_status::CaseStatus;
use super::codes::Reason;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `YYYY-MM` (also `YYYY/MM`, `YYYYMM`).
    pub fn parse(s: &str) -> Option<Month> {
        let t = s.trim();
        let (y, m) = if let Some((y, m)) = t.split_once(['-', '/', '.']) {
            (y, m)
        } else if t.len() == 6 && t.is_ascii() {
            t.split_at(4)
        } else {
            return None;
        };
        let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Month { year, month })
    }

    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One recorded step of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub on: NaiveDate,
    pub from: Option<CaseStatus>,
    pub to: CaseStatus,
}

/// What the report needs of one case. `steps` in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory {
    pub school_id: Option<i64>,
    pub registered_on: NaiveDate,
    pub current: CaseStatus,
    pub reason: Option<Reason>,
    pub steps: Vec<Step>,
}

impl CaseHistory {
    /// The status the case was registered in.
    pub fn initial(&self) -> CaseStatus {
        match self.steps.first() {
            Some(s) => s.from.unwrap_or(self.current),
            None => self.current,
        }
    }

    /// The status at the end of day `d`; `None` before the case was registered.
    pub fn status_on(&self, d: NaiveDate) -> Option<CaseStatus> {
        if self.registered_on > d {
            return None;
        }
        Some(self.steps.iter().rev().find(|s| s.on <= d).map(|s| s.to).unwrap_or_else(|| self.initial()))
    }

    fn entered_in(&self, status: CaseStatus, start: NaiveDate, end: NaiveDate) -> bool {
        let registered_in = self.registered_on >= start && self.registered_on <= end && self.initial() == status;
        registered_in
            || self.steps.iter().any(|s| s.on >= start && s.on <= end && s.to == status && s.from != Some(status))
    }
}

/// The report's numbers for one school or the county.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub open_start: i64,
    pub new_suspected: i64,
    pub new_dropouts: i64,
    pub returned: i64,
    pub closed: i64,
    pub open_end: i64,
    pub out_of_school_end: i64,
}

impl Counts {
    /// Adds `o` figure by figure.
    pub fn add(&mut self, o: &Counts) {
        self.open_start += o.open_start;
        self.new_suspected += o.new_suspected;
        self.new_dropouts += o.new_dropouts;
        self.returned += o.returned;
        self.closed += o.closed;
        self.open_end += o.open_end;
        self.out_of_school_end += o.out_of_school_end;
    }

    /// The numbers in report column order.
    pub fn values(&self) -> [i64; 7] {
        [
            self.open_start,
            self.new_suspected,
            self.new_dropouts,
            self.returned,
            self.closed,
            self.open_end,
            self.out_of_school_end,
        ]
    }
}

/// One case's contribution.
pub fn counts_for(case: &CaseHistory, start: NaiveDate, end: NaiveDate) -> Counts {
    let before = start.pred_opt().unwrap_or(start);
    let at_start = case.status_on(before);
    let at_end = case.status_on(end);
    let in_period = |s: &Step| s.on >= start && s.on <= end;
    Counts {
        open_start: at_start.is_some_and(|s| s.is_open()) as i64,
        new_suspected: case.entered_in(CaseStatus::Suspected, start, end) as i64,
        new_dropouts: case.entered_in(CaseStatus::Dropout, start, end) as i64,
        returned: case.steps.iter().any(|s| in_period(s) && s.to == CaseStatus::Returned) as i64,
        closed: case.steps.iter().any(|s| in_period(s) && s.from.is_some_and(|f| f.is_open()) && !s.to.is_open())
            as i64,
        open_end: at_end.is_some_and(|s| s.is_open()) as i64,
        out_of_school_end: at_end.is_some_and(|s| s.is_out_of_school()) as i64,
    }
}

/// The whole report, before names are attached.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Monthly {
    pub month: Option<Month>,
    pub start: Option<NaiveDate>,
    /// The last day counted: the month's last day, or today for the current month.
    pub end: Option<NaiveDate>,
    pub county: Counts,
    /// Per school (cases without a school under `None`), by school id.
    pub schools: BTreeMap<Option<i64>, Counts>,
    /// Open cases at the end, by status (every open status, zeros included).
    pub by_status: Vec<(CaseStatus, i64)>,
    /// Open cases at the end, by reason (`None`: no reason recorded).
    pub by_reason: Vec<(Option<Reason>, i64)>,
}

impl Monthly {
    /// 清零: no child of the county out of school at the end of the period.
    pub fn at_zero(&self) -> bool {
        self.county.out_of_school_end == 0
    }
}

/// Why a month cannot be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FutureMonth;

/// The period of `month` as of `today`.
pub fn period(month: Month, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), FutureMonth> {
    let start = month.first_day();
    if start > today {
        return Err(FutureMonth);
    }
    Ok((start, month.last_day().min(today)))
}

/// Adds up the report over `cases`.
pub fn compute(
    cases: impl IntoIterator<Item = CaseHistory>,
    month: Month,
    today: NaiveDate,
) -> Result<Monthly, FutureMonth> {
    let (start, end) = period(month, today)?;
    let mut report = Monthly { month: Some(month), start: Some(start), end: Some(end), ..Monthly::default() };
    let mut by_status: BTreeMap<CaseStatus, i64> =
        CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| (*s, 0)).collect();
    let mut by_reason: BTreeMap<Option<Reason>, i64> = BTreeMap::new();
    for case in cases {
        if case.registered_on > end {
            continue;
        }
        let c = counts_for(&case, start, end);
        report.county.add(&c);
        report.schools.entry(case.school_id).or_default().add(&c);
        if let Some(s) = case.status_on(end).filter(|s| s.is_open()) {
            *by_status.entry(s).or_default() += 1;
            *by_reason.entry(case.reason).or_default() += 1;
        }
    }
    report.by_status = by_status.into_iter().collect();
    report.by_reason = by_reason.into_iter().collect();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2026-02").expect("month");
        assert_eq!(m.last_day(), d("2026-02-28"));
        assert_eq!(m.prev().to_string(), "2026-01");
        assert_eq!(Month::parse("2025-12").map(Month::next), Month::parse("202601"));
        assert_eq!(Month::parse("2026-13"), None);
    }

    #[test]
    fn status_follows_steps() {
        let c = CaseHistory {
            school_id: Some(1),
            registered_on: d("2026-09-10"),
            current: CaseStatus::Returned,
            reason: None,
            steps: vec![
                Step { on: d("2026-10-01"), from: Some(CaseStatus::Suspected), to: CaseStatus::Dropout },
                Step { on: d("2026-10-20"), from: Some(CaseStatus::Dropout), to: CaseStatus::Returned },
            ],
        };
        assert_eq!(c.status_on(d("2026-09-09")), None);
        assert_eq!(c.status_on(d("2026-09-30")), Some(CaseStatus::Suspected));
        assert_eq!(c.status_on(d("2026-10-19")), Some(CaseStatus::Dropout));
        let n = counts_for(&c, d("2026-10-01"), d("2026-10-31"));
        assert_eq!(n.values(), [1, 0, 1, 1, 0, 1, 0]);
    }

    #[test]
    fn future_months_are_refused() {
        assert_eq!(period(Month { year: 2026, month: 12 }, d("2026-11-23")), Err(FutureMonth));
        assert_eq!(period(Month { year: 2026, month: 11 }, d("2026-11-23")), Ok((d("2026-11-01"), d("2026-11-23"))));
    }
}
