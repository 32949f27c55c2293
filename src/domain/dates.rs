//! Dates as staff type them: 2026-11-23, 2026/11/23, 2026.11.23 or 20261123.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any accepted form.
    Format,
    /// After today.
    Future,
}

/// Parses and normalises; `Ok(None)` for empty input.
pub fn parse(s: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let separated = s.chars().any(|c| matches!(c, '-' | '/' | '.'));
    let date = if separated {
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        match parts.as_slice() {
            [y, m, d] => {
                let (y, m, d) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>());
                match (y, m, d) {
                    (Ok(y), Ok(m), Ok(d)) => NaiveDate::from_ymd_opt(y, m, d),
                    _ => None,
                }
            }
            _ => None,
        }
    } else if digits.len() == 8 && digits.len() == s.len() {
        NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()
    } else {
        None
    };
    let date = date.ok_or(DateError::Format)?;
    if date > today {
        return Err(DateError::Future);
    }
    Ok(Some(date))
}

/// The stored form.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    #[test]
    fn accepted_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        for s in ["2026-03-01", "2026/3/1", "2026.03.01", "20260301", " 2026-3-01 "] {
            assert_eq!(parse(s, today()), Ok(Some(d)), "{s}");
        }
        assert_eq!(parse("", today()), Ok(None));
        assert_eq!(parse("2026-02-30", today()), Err(DateError::Format));
        assert_eq!(parse("三月一日", today()), Err(DateError::Format));
        assert_eq!(parse("2026-11-24", today()), Err(DateError::Future));
    }
}
