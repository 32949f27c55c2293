//! Follow-up logs (docs/domain.md §4 "Follow-up"): the hours of a 送教上门 session as typed,
//! and a month's sessions counted per teacher. The sessions themselves are workflow steps
//! that keep the status (`CaseAction::Session`, `CaseAction::TrackingCheck`).

use std::collections::BTreeMap;

/// The hours of one session, in tenths of an hour (so sums are exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(u32);

/// A session longer than this in one day is a typing error (e.g. 20 for 2.0).
pub const MAX_SESSION_TENTHS: u32 = 120;

/// Why typed hours were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursError {
    /// Not a number of hours (at most one decimal).
    Format,
    /// Zero, or more than [`MAX_SESSION_TENTHS`] / 10 hours.
    Range,
}

impl Hours {
    pub fn from_tenths(t: u32) -> Hours {
        Hours(t)
    }

    pub fn tenths(self) -> u32 {
        self.0
    }

    /// Typed hours: "2", "1.5", full-width digits, an optional unit (小时, 学时, 课时, h).
    pub fn parse(s: &str) -> Result<Hours, HoursError> {
        let ascii: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '．' | '。' => '.',
                _ => c,
            })
            .collect();
        let number = ["小时", "学时", "课时", "hours", "hour", "h"]
            .iter()
            .find_map(|u| ascii.strip_suffix(u))
            .unwrap_or(&ascii)
            .trim();
        let (whole, tenth) = match number.split_once('.') {
            Some((w, f)) if f.len() == 1 => (w, f),
            Some((w, "")) => (w, "0"),
            Some(_) => return Err(HoursError::Format),
            None => (number, "0"),
        };
        let digits = |t: &str| !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(tenth) {
            return Err(HoursError::Format);
        }
        let tenths = whole.parse::<u32>().map_err(|_| HoursError::Format)? * 10
            + tenth.parse::<u32>().map_err(|_| HoursError::Format)?;
        if tenths == 0 || tenths > MAX_SESSION_TENTHS {
            return Err(HoursError::Range);
        }
        Ok(Hours(tenths))
    }

    /// As stored (`case_events.hours`, a REAL).
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// A stored value back (rounded to a tenth; negative or absurd values are none).
    pub fn from_f64(v: f64) -> Option<Hours> {
        let t = (v * 10.0).round();
        (t > 0.0 && t < 1.0e7).then_some(Hours(t as u32))
    }
}

impl std::fmt::Display for Hours {
    /// "2", "1.5".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            t => write!(f, "{}.{t}", self.0 / 10),
        }
    }
}

/// One logged session, as the report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub case_id: i64,
    pub teacher: String,
    pub hours: Option<Hours>,
}

/// A teacher's sessions of a month.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeacherTotal {
    pub teacher: String,
    /// Distinct children taught.
    pub children: usize,
    pub sessions: usize,
    pub hours: Hours,
}

/// The sessions counted per teacher (by the name as typed, trimmed), most sessions first,
/// then by name; and the total over all of them (children counted once each).
pub fn per_teacher(sessions: &[Session]) -> (Vec<TeacherTotal>, TeacherTotal) {
    let mut by: BTreeMap<&str, (std::collections::BTreeSet<i64>, usize, u32)> = BTreeMap::new();
    for s in sessions {
        let e = by.entry(s.teacher.trim()).or_default();
        e.0.insert(s.case_id);
        e.1 += 1;
        e.2 += s.hours.map(Hours::tenths).unwrap_or(0);
    }
    let mut rows: Vec<TeacherTotal> = by
        .into_iter()
        .map(|(t, (children, n, h))| TeacherTotal {
            teacher: t.to_string(),
            children: children.len(),
            sessions: n,
            hours: Hours(h),
        })
        .collect();
    rows.sort_by(|a, b| b.sessions.cmp(&a.sessions).then_with(|| super::pinyin::compare(&a.teacher, &b.teacher)));
    let children: std::collections::BTreeSet<i64> = sessions.iter().map(|s| s.case_id).collect();
    let total = TeacherTotal {
        teacher: String::new(),
        children: children.len(),
        sessions: sessions.len(),
        hours: Hours(rows.iter().map(|r| r.hours.0).sum()),
    };
    (rows, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_as_typed() {
        for (typed, tenths) in [("2", 20), ("1.5", 15), ("１．５", 15), ("2小时", 20), (" 3 学时", 30), ("2.", 20)]
        {
            assert_eq!(Hours::parse(typed), Ok(Hours(tenths)), "{typed}");
        }
        for bad in ["", "两", "1.25", "-1", "1e2", ".5", "1,5"] {
            assert_eq!(Hours::parse(bad), Err(HoursError::Format), "{bad}");
        }
        assert_eq!(Hours::parse("0"), Err(HoursError::Range));
        assert_eq!(Hours::parse("20"), Err(HoursError::Range), "20 hours in one day is a typo");
        assert_eq!(Hours(15).to_string(), "1.5");
        assert_eq!(Hours(20).to_string(), "2");
        assert_eq!(Hours::from_f64(Hours(15).as_f64()), Some(Hours(15)));
    }

    #[test]
    fn per_teacher_counts_children_once() {
        let s = |case_id, teacher: &str, h| Session { case_id, teacher: teacher.into(), hours: Some(Hours(h)) };
        let (rows, total) =
            per_teacher(&[s(1, "王老师", 20), s(1, " 王老师", 15), s(2, "李老师", 20), s(2, "王老师", 10)]);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].teacher.as_str(), rows[0].children, rows[0].sessions), ("王老师", 2, 3));
        assert_eq!(rows[0].hours, Hours(45));
        assert_eq!((total.children, total.sessions, total.hours), (2, 4, Hours(65)));
    }
}
