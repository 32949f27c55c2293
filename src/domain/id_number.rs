//! Resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
//! sequence (odd = male), and an ISO 7064 MOD 11-2 check character.

use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Each way an ID number can be wrong; the UI gives every one its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Not 18 characters; carries how many there were.
    Length(usize),
    /// A character other than a digit (or a final X); carries its 1-based position.
    BadCharacter(usize),
    /// The birth date part is not a real date.
    BadDate,
    /// The birth date is after `today`.
    FutureDate,
    /// The check character does not match; carries the expected one.
    CheckCharacter(char),
}

/// A validated ID number and what it says about the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// Normalised: upper-case X.
    pub text: String,
    pub birth_date: NaiveDate,
    pub male: bool,
}

/// The check character for the first 17 digits (which must be ASCII digits).
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize] as char
}

/// Validates `raw` (surrounding spaces ignored, full-width digits and lower-case x
/// normalised) as of `today`.
pub fn parse(raw: &str, today: NaiveDate) -> Result<IdNumber, IdError> {
    let text = super::fields::half_width(raw.trim()).to_ascii_uppercase();
    let count = text.chars().count();
    if count != 18 {
        return Err(IdError::Length(count));
    }
    let bytes = text.as_bytes();
    if let Some(pos) = bytes[..17].iter().position(|b| !b.is_ascii_digit()) {
        return Err(IdError::BadCharacter(pos + 1));
    }
    if !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Err(IdError::BadCharacter(18));
    }
    let birth_date = super::dates::from_digits(&text[6..14]).ok_or(IdError::BadDate)?;
    if birth_date > today {
        return Err(IdError::FutureDate);
    }
    let expected = check_char(&bytes[..17]);
    if bytes[17] as char != expected {
        return Err(IdError::CheckCharacter(expected));
    }
    let male = (bytes[16] - b'0') % 2 == 1;
    Ok(IdNumber { text, birth_date, male })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
    }

    #[test]
    fn valid_examples_from_the_standard() {
        let a = parse("110101202311012176", today()).expect("valid");
        assert!(a.male);
        assert_eq!(a.birth_date, NaiveDate::from_ymd_opt(2023, 11, 1).expect("date"));
        let b = parse("11010519491231002x", today()).expect("lower-case x accepted");
        assert_eq!(b.text, "11010519491231002X");
        assert!(!b.male);
        let c = parse("１１０１０５１９４９１２３１００２ｘ", today()).expect("full width");
        assert_eq!(c.text, "11010519491231002X");
    }

    #[test]
    fn each_kind_of_invalid() {
        assert_eq!(parse("1101012023110121", today()), Err(IdError::Length(16)));
        assert_eq!(parse("11010120231101217A", today()), Err(IdError::BadCharacter(18)));
        assert_eq!(parse("1101012023X1012176", today()), Err(IdError::BadCharacter(11)));
        assert_eq!(parse("110101202302302176", today()), Err(IdError::BadDate));
        assert_eq!(parse("110101202712012176", today()), Err(IdError::FutureDate));
        assert_eq!(parse("110101202311012177", today()), Err(IdError::CheckCharacter('6')));
    }
}
