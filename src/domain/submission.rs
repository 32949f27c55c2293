//! The month's cycle (docs/domain.md §11): a school submits its month (its figures and its
//! open cases as they stand, or a 零报告), the county accepts it or the school withdraws and
//! resubmits it, and the county submits upward once its schools are in. A submitted month is
//! frozen: what it showed stays, and a later back-dated change is a correction (更正) against
//! it. Pure rules here; the rows are in `db::submissions`.

use super::codes::code_enum;
use super::fields::{Field, Kind};
use super::monthly::{Counts, Month};
use chrono::NaiveDate;
use std::collections::BTreeMap;

code_enum!(
    /// 已报 with figures, or 零报告 (nothing changed, nobody open).
    SubmissionKind { Figures => "figures", Zero => "zero" }
);

code_enum!(
    /// A submission is live until withdrawn by its maker or returned (退回, with a reason)
    /// by the level above; accepted ones can no longer be withdrawn or returned.
    SubmissionState {
        Submitted => "submitted",
        Withdrawn => "withdrawn",
        Accepted => "accepted",
        Returned => "returned",
    }
);

impl SubmissionState {
    /// Still stands for its month (neither withdrawn nor returned).
    pub fn is_live(self) -> bool {
        !matches!(self, SubmissionState::Withdrawn | SubmissionState::Returned)
    }
}

/// The setting naming the day of the month by which schools submit, and its default
/// (one county's rule, docs/domain.md §9).
pub const DEADLINE_SETTING: &str = "report_deadline_day";
pub const DEFAULT_DEADLINE_DAY: i64 = 28;

const fn figure(key: &'static str, zh: &'static str, en: &'static str) -> Field {
    Field { kind: Kind::Int { min: 0, max: i64::MAX }, ..Field::text(key, zh, en) }
}

/// The frozen figures, in `Counts::values` order; each key is a column of `submissions`
/// and of `submission_cases`.
pub const FIGURES: &[Field] = &[
    figure("open_start", "期初在册", "Open at start"),
    figure("new_suspected", "新增疑似", "New suspected"),
    figure("new_dropouts", "新增辍学", "New dropouts"),
    figure("returned", "复学", "Returned"),
    figure("closed", "销号", "Closed"),
    figure("open_end", "期末在册", "Open at end"),
    figure("out_of_school_end", "期末失学辍学", "Out of school at end"),
];

/// A submission's other columns.
pub const FIELDS: &[Field] = &[
    Field { kind: Kind::Text(7), ..Field::text("month", "月份", "Month") },
    Field { kind: Kind::Choice("submission_kind"), ..Field::text("kind", "类型", "Kind") },
    Field { kind: Kind::Choice("submission_state"), ..Field::text("state", "状态", "State") },
    figure("corrections", "更正条数", "Corrections"),
    Field::text("submitted_by", "上报人", "Submitted by"),
    Field::text("submitted_at", "上报时间", "Submitted at"),
    Field::text("decided_by", "撤回/受理/退回人", "Withdrawn/accepted/returned by"),
    Field::text("decided_at", "撤回/受理/退回时间", "Withdrawn/accepted/returned at"),
    // A returned submission's reason (退回原因).
    Field { kind: Kind::Note(super::fields::NOTE_MAX), ..Field::text("note", "备注", "Note") },
];

/// Counts from the texts of [`FIGURES`] (what does not parse is 0).
pub fn counts_from(value: impl Fn(&str) -> String) -> Counts {
    let n = |k: &str| value(k).trim().parse::<i64>().unwrap_or(0);
    Counts {
        open_start: n("open_start"),
        new_suspected: n("new_suspected"),
        new_dropouts: n("new_dropouts"),
        returned: n("returned"),
        closed: n("closed"),
        open_end: n("open_end"),
        out_of_school_end: n("out_of_school_end"),
    }
}

/// (figure key, value) of `c` in [`FIGURES`] order.
pub fn figure_texts(c: &Counts) -> Vec<(&'static str, String)> {
    FIGURES.iter().zip(c.values()).map(|(f, v)| (f.key, v.to_string())).collect()
}

/// One stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: i64,
    pub county_code: String,
    /// `None`: the county's upward submission.
    pub school_id: Option<i64>,
    pub month: Option<Month>,
    pub kind: SubmissionKind,
    pub state: SubmissionState,
    pub figures: Counts,
    pub corrections: i64,
    pub submitted_by: String,
    pub submitted_at: String,
    pub decided_by: String,
    pub decided_at: String,
    /// Why it was returned (empty unless returned).
    pub note: String,
}

impl Submission {
    pub fn from_texts(id: i64, county_code: String, school_id: Option<i64>, value: impl Fn(&str) -> String) -> Self {
        Submission {
            id,
            county_code,
            school_id,
            month: Month::parse(&value("month")),
            kind: SubmissionKind::from_code(&value("kind")).unwrap_or(SubmissionKind::Figures),
            state: SubmissionState::from_code(&value("state")).unwrap_or(SubmissionState::Withdrawn),
            figures: counts_from(&value),
            corrections: value("corrections").parse().unwrap_or(0),
            submitted_by: value("submitted_by"),
            submitted_at: value("submitted_at"),
            decided_by: value("decided_by"),
            decided_at: value("decided_at"),
            note: value("note"),
        }
    }
}

super::codes::code_enum!(
    /// Where a school stands for a month: 已报 / 零报告 / 未报 / 逾期, or 退回 (its last
    /// submission was returned and it has not submitted again). The code is the state's name in `--json` output; `ALL` is the order the tally
    /// counts them.
    ReportState {
        Submitted => "submitted", Zero => "zero", Missing => "missing", Overdue => "overdue", Returned => "returned",
    }
);

impl ReportState {
    /// Without a live submission: the school still owes the month.
    pub fn is_missing(self) -> bool {
        matches!(self, ReportState::Missing | ReportState::Overdue | ReportState::Returned)
    }
}

/// The deadline of `month`: its `day` (the month's last day when shorter).
pub fn deadline(month: Month, day: i64) -> NaiveDate {
    let last = month.last_day();
    let day = u32::try_from(day.clamp(1, 31)).unwrap_or(28);
    month.first_day().with_day_clamped(day).min(last)
}

trait WithDayClamped {
    fn with_day_clamped(self, day: u32) -> NaiveDate;
}

impl WithDayClamped for NaiveDate {
    fn with_day_clamped(self, day: u32) -> NaiveDate {
        use chrono::Datelike;
        (1..=day).rev().find_map(|d| self.with_day(d)).unwrap_or(self)
    }
}

/// What a school has for a month: its live submission's kind, else whether its latest
/// submission was returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Live(SubmissionKind),
    Returned,
    Nothing,
}

/// A school's state for `month` given what it has: without a live submission it is 退回 when
/// its last one was returned, else 未报 until the end of the deadline day, then 逾期.
pub fn report_state(has: Standing, month: Month, deadline_day: i64, today: NaiveDate) -> ReportState {
    match has {
        Standing::Live(SubmissionKind::Figures) => ReportState::Submitted,
        Standing::Live(SubmissionKind::Zero) => ReportState::Zero,
        // Returned means the level above is waiting for it again, whatever the date.
        Standing::Returned => ReportState::Returned,
        Standing::Nothing if today > deadline(month, deadline_day) => ReportState::Overdue,
        Standing::Nothing => ReportState::Missing,
    }
}

/// Why a 零报告 is not true: the school has open cases or changes in the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotZero {
    pub open_end: i64,
    pub changes: i64,
}

/// A 零报告 says nothing changed and nobody is open; refused when the figures say otherwise.
pub fn check_zero(c: &Counts) -> Result<(), NotZero> {
    let changes = c.new_suspected + c.new_dropouts + c.returned + c.closed;
    if c.open_end == 0 && c.open_start == 0 && changes == 0 {
        Ok(())
    } else {
        Err(NotZero { open_end: c.open_end.max(c.open_start), changes })
    }
}

/// Why a step of the month's cycle is refused. Each has its own message (`i18n::month`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthError {
    /// The month has not begun.
    FutureMonth(Month),
    /// A live submission of the month stands (withdraw it first); its state.
    AlreadySubmitted(SubmissionState),
    /// A 零报告 that the figures contradict.
    NotZero(NotZero),
    /// Nothing live to withdraw or accept.
    NotSubmitted,
    /// Accepted by the county: no longer withdrawn or returned.
    AlreadyAccepted,
    /// A return (退回) without a reason.
    NoReason,
    /// The county cannot submit before all its schools have: how many are missing, the first.
    SchoolsMissing {
        count: usize,
        first: String,
    },
    UnknownSchool,
    /// This school year's rollover was applied on another date.
    RolledOverOn(String),
}

/// One figure of one case that differs from what was submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub case_id: i64,
    /// A key of [`FIGURES`].
    pub figure: &'static str,
    pub submitted: i64,
    pub now: i64,
}

/// The corrections of a frozen month: per case, every figure whose live value differs from
/// the frozen one (a case missing on either side counts as all zeros there).
pub fn corrections(frozen: &BTreeMap<i64, Counts>, live: &BTreeMap<i64, Counts>) -> Vec<Correction> {
    let zero = Counts::default();
    let ids: std::collections::BTreeSet<i64> = frozen.keys().chain(live.keys()).copied().collect();
    let mut out = Vec::new();
    for id in ids {
        let (was, now) = (frozen.get(&id).unwrap_or(&zero), live.get(&id).unwrap_or(&zero));
        for ((f, a), b) in FIGURES.iter().zip(was.values()).zip(now.values()) {
            if a != b {
                out.push(Correction { case_id: id, figure: f.key, submitted: a, now: b });
            }
        }
    }
    out
}

/// The figures with `corrections` applied on top of the submitted ones (each correction
/// replaces that case's share of its figure).
pub fn corrected(submitted: &Counts, corrections: &[Correction]) -> Counts {
    let mut v = submitted.values();
    for c in corrections {
        if let Some(i) = FIGURES.iter().position(|f| f.key == c.figure) {
            if let Some(x) = v.get_mut(i) {
                *x += c.now - c.submitted;
            }
        }
    }
    Counts {
        open_start: v[0],
        new_suspected: v[1],
        new_dropouts: v[2],
        returned: v[3],
        closed: v[4],
        open_end: v[5],
        out_of_school_end: v[6],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }
    fn m(s: &str) -> Month {
        Month::parse(s).expect("month")
    }

    #[test]
    fn deadline_day_and_short_months() {
        assert_eq!(deadline(m("2026-11"), 28), d("2026-11-28"));
        assert_eq!(deadline(m("2026-02"), 30), d("2026-02-28"));
        assert_eq!(deadline(m("2026-04"), 31), d("2026-04-30"));
        assert_eq!(deadline(m("2026-04"), 0), d("2026-04-01"));
    }

    #[test]
    fn zero_report_and_missing_are_distinct() {
        let nov = m("2026-11");
        let zero = Standing::Live(SubmissionKind::Zero);
        assert_eq!(report_state(zero, nov, 28, d("2026-11-30")), ReportState::Zero);
        let figures = Standing::Live(SubmissionKind::Figures);
        assert_eq!(report_state(figures, nov, 28, d("2026-11-30")), ReportState::Submitted);
        let none = Standing::Nothing;
        assert_eq!(report_state(none, nov, 28, d("2026-11-28")), ReportState::Missing, "the deadline day is in time");
        assert_eq!(report_state(none, nov, 28, d("2026-11-29")), ReportState::Overdue);
        assert_eq!(report_state(Standing::Returned, nov, 28, d("2026-11-03")), ReportState::Returned);
        assert_eq!(report_state(Standing::Returned, nov, 28, d("2026-11-30")), ReportState::Returned);
    }

    #[test]
    fn a_zero_report_needs_nothing_open_or_changed() {
        assert_eq!(check_zero(&Counts::default()), Ok(()));
        let open = Counts { open_start: 1, open_end: 1, ..Counts::default() };
        assert_eq!(check_zero(&open), Err(NotZero { open_end: 1, changes: 0 }));
        let closed = Counts { open_start: 1, closed: 1, ..Counts::default() };
        assert_eq!(check_zero(&closed), Err(NotZero { open_end: 1, changes: 1 }));
    }

    #[test]
    fn corrections_name_case_and_figure_and_add_up() {
        let frozen = BTreeMap::from([(1, Counts { open_start: 1, open_end: 1, ..Counts::default() })]);
        let live = BTreeMap::from([
            (1, Counts { open_start: 1, closed: 1, ..Counts::default() }),
            (2, Counts { new_suspected: 1, open_end: 1, ..Counts::default() }),
        ]);
        let got = corrections(&frozen, &live);
        let keys: Vec<(i64, &str, i64, i64)> = got.iter().map(|c| (c.case_id, c.figure, c.submitted, c.now)).collect();
        assert_eq!(
            keys,
            [(1, "closed", 0, 1), (1, "open_end", 1, 0), (2, "new_suspected", 0, 1), (2, "open_end", 0, 1)]
        );
        let total = Counts { open_start: 1, open_end: 1, ..Counts::default() };
        let fixed = corrected(&total, &got);
        assert_eq!(fixed.values(), [1, 1, 0, 0, 1, 1, 0]);
        assert!(corrections(&live, &live).is_empty());
    }
}
