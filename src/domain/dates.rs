//! Dates as staff type them and spreadsheets hold them: 2026-11-23, 2026/11/23, 2026.11.23,
//! 2026年11月23日, 20261123 (full-width digits too), and Excel's day numbers.

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
    let s = super::fields::half_width(s.trim());
    if s.is_empty() {
        return Ok(None);
    }
    let date = if let Some(parts) = chinese_parts(&s) {
        ymd(&parts)
    } else if s.chars().any(|c| matches!(c, '-' | '/' | '.')) {
        ymd(&s.split(['-', '/', '.']).collect::<Vec<_>>())
    } else if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        from_digits(&s)
    } else {
        None
    };
    let date = date.ok_or(DateError::Format)?;
    if date > today {
        return Err(DateError::Future);
    }
    Ok(Some(date))
}

/// `2023年12月5日` (the 日 may be left off) as its three numbers.
fn chinese_parts(s: &str) -> Option<[&str; 3]> {
    let (y, rest) = s.split_once('年')?;
    let (m, d) = rest.split_once('月')?;
    let d = d.strip_suffix('日').or_else(|| d.strip_suffix('号')).unwrap_or(d);
    Some([y.trim(), m.trim(), d.trim()])
}

/// Year, month and day; a year before 1900 is a typo (`23/12/5`), not a date of these records.
fn ymd(parts: &[&str]) -> Option<NaiveDate> {
    match parts {
        [y, m, d] => NaiveDate::from_ymd_opt(y.parse().ok().filter(|y| *y >= 1900)?, m.parse().ok()?, d.parse().ok()?),
        _ => None,
    }
}

/// An Excel date serial (days since 1899-12-30, the time of day ignored), as a date
/// spreadsheet cell holds it: `45265` is 2023-12-05. `None` outside Excel's years 1900-9999.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    let days = serial.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days as i64))
}

/// The stored form, `YYYY-MM-DD`. Written digit by digit: chrono's `format` parses its
/// pattern on every call, and an import of 100,000 rows formats half a million dates.
pub fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return d.format("%Y-%m-%d").to_string();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let y = y as u32;
    let mut s = String::with_capacity(10);
    s.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), '-']);
    s.extend([digit(m / 10), digit(m), '-', digit(day / 10), digit(day)]);
    s
}

/// A date in its stored form, exactly `YYYY-MM-DD` (what [`iso`] writes); `None` for
/// anything else.
pub fn from_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0..4)? as i32, digits(b, 5..7)?, digits(b, 8..10)?)
}

/// Eight digits `YYYYMMDD` (an ID number's birth date) as a date.
pub fn from_digits(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 8 {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(b, 0..4)? as i32, digits(b, 4..6)?, digits(b, 6..8)?)
}

/// The number the ASCII digits `b[r]` spell; `None` if one is not a digit.
fn digits(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b.get(r)?.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
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
        for s in [
            "2026-03-01",
            "2026/3/1",
            "2026.03.01",
            "20260301",
            " 2026-3-01 ",
            "2026年3月1日",
            "2026年03月01日",
            "2026 年 3 月 1 日",
            "２０２６年３月１日",
            "２０２６－０３－０１",
        ] {
            assert_eq!(parse(s, today()), Ok(Some(d)), "{s}");
        }
        assert_eq!(parse("", today()), Ok(None));
        assert_eq!(parse("2026-02-30", today()), Err(DateError::Format));
        assert_eq!(parse("三月一日", today()), Err(DateError::Format));
        assert_eq!(parse("2026-11-24", today()), Err(DateError::Future));
        assert_eq!(parse("2026年2月30日", today()), Err(DateError::Format));
        assert_eq!(parse("2026年3月", today()), Err(DateError::Format));
        assert_eq!(parse("年月日", today()), Err(DateError::Format));
        assert_eq!(parse("23/12/5", today()), Err(DateError::Format), "a two-digit year");
    }

    #[test]
    fn stored_form_both_ways() {
        for (y, m, d) in [(2026, 3, 1), (1900, 12, 31), (9999, 1, 9), (33, 7, 4)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            assert_eq!(iso(day), day.format("%Y-%m-%d").to_string());
            assert_eq!(from_iso(&iso(day)), Some(day));
        }
        for bad in ["2026-3-01", "2026-02-30", "2026/03/01", "2026-03-01 ", "２０２６-03-01", "", "+202-01-01"] {
            assert_eq!(from_iso(bad), None, "{bad}");
        }
        assert_eq!(from_digits("20231101"), NaiveDate::from_ymd_opt(2023, 11, 1));
        assert_eq!(from_digits("20230231"), None);
        assert_eq!(from_digits("2023110"), None);
        assert_eq!(from_digits("2023-101"), None);
    }

    #[test]
    fn excel_serials() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(from_excel_serial(45265.0), d(2023, 12, 5));
        assert_eq!(from_excel_serial(45265.75), d(2023, 12, 5), "a time of day is dropped");
        assert_eq!(from_excel_serial(46349.0), d(2026, 11, 23));
        assert_eq!(from_excel_serial(61.0), d(1900, 3, 1));
        assert_eq!(from_excel_serial(0.0), None);
        assert_eq!(from_excel_serial(f64::NAN), None);
        assert_eq!(from_excel_serial(1e12), None);
    }
}
