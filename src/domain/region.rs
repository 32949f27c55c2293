//! GB/T 2260 region codes: `XX0000` province, `XXXX00` prefecture, otherwise county-level.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province = 1,
    Prefecture = 2,
    County = 3,
}

impl Level {
    pub fn from_i64(n: i64) -> Option<Level> {
        match n {
            1 => Some(Level::Province),
            2 => Some(Level::Prefecture),
            3 => Some(Level::County),
            _ => None,
        }
    }
}

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Length,
    NotDigits,
}

/// The level a well-formed code denotes.
pub fn level_of(code: &str) -> Result<Level, CodeError> {
    if code.chars().count() != 6 {
        return Err(CodeError::Length);
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeError::NotDigits);
    }
    Ok(if &code[2..] == "0000" {
        Level::Province
    } else if &code[4..] == "00" {
        Level::Prefecture
    } else {
        Level::County
    })
}

/// The code of the enclosing region (`None` for a province).
pub fn parent_of(code: &str) -> Option<String> {
    match level_of(code).ok()? {
        Level::Province => None,
        Level::Prefecture => Some(format!("{}0000", &code[..2])),
        Level::County => Some(format!("{}00", &code[..4])),
    }
}

/// Does region `outer` contain region `inner` (or equal it)? Decided from the codes alone.
pub fn contains(outer: &str, inner: &str) -> bool {
    match level_of(outer) {
        Ok(Level::Province) => inner.get(..2) == outer.get(..2),
        Ok(Level::Prefecture) => inner.get(..4) == outer.get(..4),
        Ok(Level::County) => inner == outer,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_parents() {
        assert_eq!(level_of("230000"), Ok(Level::Province));
        assert_eq!(level_of("231100"), Ok(Level::Prefecture));
        assert_eq!(level_of("231123"), Ok(Level::County));
        assert_eq!(level_of("23112"), Err(CodeError::Length));
        assert_eq!(level_of("23112x"), Err(CodeError::NotDigits));
        assert_eq!(parent_of("231123").as_deref(), Some("231100"));
        assert_eq!(parent_of("231100").as_deref(), Some("230000"));
        assert_eq!(parent_of("230000"), None);
    }

    #[test]
    fn containment() {
        assert!(contains("230000", "231123"));
        assert!(contains("231100", "231123"));
        assert!(contains("231123", "231123"));
        assert!(!contains("230900", "231123"));
        assert!(!contains("231124", "231123"));
    }
}
