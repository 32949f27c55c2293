//! Telephone numbers as families and officials give them: a mobile number, or a landline
//! with its area code (rural households often have only a landline: `0456-8123456`).

/// Why a text is not a phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// A landline's local number without the area code.
    NoAreaCode,
    /// Neither a mobile number nor a landline with an area code.
    Format,
}

/// The number as stored — a mobile as its 11 digits, a landline as `区号-号码` — or what
/// is wrong with it. Spaces, hyphens, brackets around the area code and a leading `+86`
/// are accepted; full-width digits are expected to be made ASCII before (`fields::half_width`).
pub fn parse(raw: &str) -> Result<String, PhoneError> {
    let s = raw.trim();
    let s = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")).map(str::trim_start).unwrap_or(s);
    if !s.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')')) {
        return Err(PhoneError::Format);
    }
    // The area code is what comes before the first separator, when the number has one.
    let split = s.find([' ', '-', ')']).filter(|_| s.starts_with(['0', '(']));
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && digits.starts_with('1') {
        return Ok(digits);
    }
    let area_len = match split {
        // `0456-…`, `(0456)…`: the part before is the area code, digits only.
        Some(at) => s
            .get(..at)
            .map(|a| a.strip_prefix('(').unwrap_or(a))
            .filter(|a| a.bytes().all(|b| b.is_ascii_digit()))
            .map(str::len),
        None => area_code_len(&digits),
    };
    match area_len {
        Some(n @ 3..=4) if digits.starts_with('0') && (7..=8).contains(&digits.len().saturating_sub(n)) => {
            // `digits` is ASCII: any index is a character boundary.
            let (area, local) = (digits.get(..n).unwrap_or_default(), digits.get(n..).unwrap_or_default());
            Ok(format!("{area}-{local}"))
        }
        _ if (7..=8).contains(&digits.len()) && !digits.starts_with('0') => Err(PhoneError::NoAreaCode),
        _ => Err(PhoneError::Format),
    }
}

/// The length of the area code at the start of an unseparated landline: `010` and
/// `020`–`029` have three digits, all others four.
fn area_code_len(digits: &str) -> Option<usize> {
    match digits.as_bytes() {
        [b'0', b'1', b'0', ..] | [b'0', b'2', ..] => Some(3),
        [b'0', b'1'..=b'9', ..] => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobiles_and_landlines_with_area_codes() {
        for (typed, stored) in [
            ("13812345678", "13812345678"),
            ("138 1234 5678", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("+86 138 1234 5678", "13812345678"),
            ("0456-8123456", "0456-8123456"),
            ("0456 8123456", "0456-8123456"),
            ("(0456)8123456", "0456-8123456"),
            ("04568123456", "0456-8123456"),
            ("010-12345678", "010-12345678"),
            ("01012345678", "010-12345678"),
            ("0451-86123456", "0451-86123456"),
        ] {
            assert_eq!(parse(typed).as_deref(), Ok(stored), "{typed}");
        }
    }

    #[test]
    fn what_is_not_a_phone() {
        assert_eq!(parse("8123456"), Err(PhoneError::NoAreaCode));
        assert_eq!(parse("86123456"), Err(PhoneError::NoAreaCode));
        assert_eq!(parse("0451-123"), Err(PhoneError::Format));
        assert_eq!(parse("1381234567"), Err(PhoneError::Format), "ten digits");
        assert_eq!(parse("138123456789"), Err(PhoneError::Format));
        assert_eq!(parse("电话13812345678"), Err(PhoneError::Format));
        assert_eq!(parse("0456-8123456-12345"), Err(PhoneError::Format));
        assert_eq!(parse("0(45)6-8123456"), Err(PhoneError::Format), "brackets inside the area code");
    }
}
