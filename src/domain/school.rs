//! School facts the seeds care about: class and school size flags.

use super::codes::SchoolKind;

/// 大班额: a class of 56–65; 超大班额: 66 or more.
pub const LARGE_CLASS: i64 = 56;
pub const HUGE_CLASS: i64 = 66;
/// 小规模学校: under 100 students (funded as if 100).
pub const SMALL_SCHOOL: i64 = 100;

/// 大校额 threshold: 2000 students, 2500 for 一贯制 schools.
pub fn large_school_limit(kind: SchoolKind) -> i64 {
    match kind {
        SchoolKind::NineYear | SchoolKind::TwelveYear => 2500,
        _ => 2000,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeFlag {
    LargeClass,
    HugeClass,
    LargeSchool,
    SmallSchool,
}

/// The flags that apply to a school with these figures (unknown figures raise no flag).
pub fn flags(kind: SchoolKind, students: Option<i64>, largest_class: Option<i64>) -> Vec<SizeFlag> {
    let mut out = Vec::new();
    match largest_class {
        Some(n) if n >= HUGE_CLASS => out.push(SizeFlag::HugeClass),
        Some(n) if n >= LARGE_CLASS => out.push(SizeFlag::LargeClass),
        _ => {}
    }
    if let Some(n) = students {
        if n > large_school_limit(kind) {
            out.push(SizeFlag::LargeSchool);
        }
        if n < SMALL_SCHOOL && kind != SchoolKind::Special {
            out.push(SizeFlag::SmallSchool);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds() {
        assert_eq!(flags(SchoolKind::Primary, Some(2001), Some(56)), vec![SizeFlag::LargeClass, SizeFlag::LargeSchool]);
        assert_eq!(flags(SchoolKind::NineYear, Some(2400), Some(66)), vec![SizeFlag::HugeClass]);
        assert_eq!(flags(SchoolKind::Primary, Some(99), Some(55)), vec![SizeFlag::SmallSchool]);
        assert!(flags(SchoolKind::Primary, None, None).is_empty());
    }
}
