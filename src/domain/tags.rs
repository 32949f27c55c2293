//! School designations (docs/domain.md §14): tags a county defines (冰球基点学校, 省级绿色学校,
//! 特色学校, 劳动教育基地 …) and gives to its schools with a date and a level.

use super::codes::TagLevel;

/// Longest tag name (characters).
pub const NAME_MAX: usize = 20;

/// What is wrong with a tag or a designation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagError {
    /// The name is empty.
    NameEmpty,
    /// The name is longer than [`NAME_MAX`].
    NameTooLong,
    /// Not a level: what was given.
    Level(String),
}

/// A tag name as stored: trimmed, one line, at most [`NAME_MAX`] characters.
pub fn name(raw: &str) -> Result<String, TagError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(TagError::NameEmpty);
    }
    if t.chars().nth(NAME_MAX).is_some() || t.contains(['\n', '\r', '\t']) {
        return Err(TagError::NameTooLong);
    }
    Ok(t.to_string())
}

/// A level by its code (`province`) or its label (`label`: 省级, provincial).
pub fn level(raw: &str, label: impl Fn(TagLevel) -> &'static str) -> Result<TagLevel, TagError> {
    let t = raw.trim();
    TagLevel::from_code(t)
        .or_else(|| TagLevel::ALL.iter().copied().find(|l| label(*l).eq_ignore_ascii_case(t)))
        .ok_or_else(|| TagError::Level(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(l: TagLevel) -> &'static str {
        match l {
            TagLevel::National => "国家级",
            TagLevel::Province => "省级",
            TagLevel::City => "市级",
            TagLevel::County => "县级",
        }
    }

    #[test]
    fn names_and_levels() {
        assert_eq!(name(" 冰球基点学校 "), Ok("冰球基点学校".to_string()));
        assert_eq!(name("  "), Err(TagError::NameEmpty));
        assert_eq!(name(&"字".repeat(21)), Err(TagError::NameTooLong));
        assert_eq!(level("省级", labels), Ok(TagLevel::Province));
        assert_eq!(level("county", labels), Ok(TagLevel::County));
        assert_eq!(level("乡级", labels), Err(TagError::Level("乡级".into())));
    }
}
