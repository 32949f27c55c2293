//! The month's cycle settings a county may set for itself (docs/domain.md §11): the
//! deadline day of the monthly submission and the three thresholds of `domain::due`. A
//! county's own value overrides the province-wide one (the `settings` table), which
//! overrides the default. One field table: the command line, the county page's form and
//! the checks all read it.

use super::due;
use super::fields::{Field, Kind};
use super::submission;

/// One setting: its field (key, label, range), the province-wide `settings` key it
/// overrides, and its default.
#[derive(Debug)]
pub struct CycleSetting {
    pub field: Field,
    pub province_key: &'static str,
    pub default: i64,
}

const fn setting(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    max: i64,
    province_key: &'static str,
    default: i64,
) -> CycleSetting {
    CycleSetting { field: Field { kind: Kind::Int { min: 1, max }, ..Field::text(key, zh, en) }, province_key, default }
}

pub const DEADLINE: &str = "deadline_day";
pub const SUSPECTED: &str = "dropout_after_days";
pub const VISIT: &str = "overdue_visit_days";
pub const TRACKING: &str = "tracking_check_days";

/// Every setting, in the order the form shows them.
pub const SETTINGS: &[CycleSetting] = &[
    setting(
        DEADLINE,
        "月报截止日（每月几号）",
        "Monthly deadline (day of month)",
        31,
        submission::DEADLINE_SETTING,
        28,
    ),
    setting(SUSPECTED, "疑似转辍学天数", "Days suspected before dropout", 365, due::SUSPECTED_SETTING, 30),
    setting(VISIT, "劝返回访间隔天数", "Days between visits", 365, due::VISIT_SETTING, 30),
    setting(TRACKING, "跟踪巩固回访天数", "Days between tracking checks", 365, due::TRACKING_SETTING, 31),
];

pub fn find(key: &str) -> Option<&'static CycleSetting> {
    SETTINGS.iter().find(|s| s.field.key == key.trim())
}

/// Why a value is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingError {
    NotInteger,
    OutOfRange { min: i64, max: i64 },
}

/// The value typed for `s`, half-width digits or full-width from an IME.
pub fn parse(s: &CycleSetting, value: &str) -> Result<i64, SettingError> {
    let n: i64 = super::fields::half_width(value.trim()).parse().map_err(|_| SettingError::NotInteger)?;
    let Kind::Int { min, max } = s.field.kind else { return Ok(n) };
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(SettingError::OutOfRange { min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_whole_numbers_in_range() {
        let deadline = find("deadline_day").expect("deadline");
        assert_eq!(parse(deadline, " 25 "), Ok(25));
        assert_eq!(parse(deadline, "２０"), Ok(20), "full-width digits from an IME");
        assert_eq!(parse(deadline, "32"), Err(SettingError::OutOfRange { min: 1, max: 31 }));
        assert_eq!(parse(deadline, "0"), Err(SettingError::OutOfRange { min: 1, max: 31 }));
        assert_eq!(parse(deadline, "二十"), Err(SettingError::NotInteger));
        assert!(find("unknown").is_none());
        assert_eq!(SETTINGS.iter().map(|s| s.default).collect::<Vec<_>>(), [28, 30, 30, 31]);
    }
}
