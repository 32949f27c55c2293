//! Pinyin initials for search: `xk` finds 逊克县.
//!
//! Polyphonic characters are common in names and place names (长, 重, 单), and the first
//! reading of the `pinyin` crate is often the wrong one there, so every reading's initial is
//! kept and a query matches if *any* choice of readings spells it.

use pinyin::ToPinyinMulti;

/// Readings the `pinyin` crate gets wrong or misses for names; checked before the crate.
/// Each entry: (character, initials it may have).
const OVERRIDES: &[(char, &str)] =
    &[('仇', "qc"), ('单', "sdc"), ('解', "xj"), ('区', "oq"), ('朴', "p"), ('曾', "zc")];

/// The possible initials of one character, lower-case; ASCII letters and digits stand for
/// themselves; other characters have none.
pub fn char_initials(c: char) -> Vec<char> {
    if let Some((_, v)) = OVERRIDES.iter().find(|(k, _)| *k == c) {
        return v.chars().collect();
    }
    if c.is_ascii_alphanumeric() {
        return vec![c.to_ascii_lowercase()];
    }
    let mut out: Vec<char> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            if let Some(first) = p.plain().chars().next() {
                if !out.contains(&first) {
                    out.push(first);
                }
            }
        }
    }
    out
}

/// Initials per character of `text`, one set per character that has any.
pub fn initials(text: &str) -> Vec<Vec<char>> {
    text.chars().map(char_initials).filter(|v| !v.is_empty()).collect()
}

/// Every spelling of the initials of `text` (capped, so a pathological name cannot explode),
/// joined with spaces: what the database stores for `LIKE '%xk%'` style search.
pub fn initials_index(text: &str) -> String {
    const CAP: usize = 16;
    let mut spellings = vec![String::new()];
    for set in initials(text) {
        let mut next = Vec::with_capacity(spellings.len() * set.len());
        for s in &spellings {
            for c in &set {
                if next.len() < CAP {
                    let mut t = s.clone();
                    t.push(*c);
                    next.push(t);
                }
            }
        }
        spellings = next;
    }
    spellings.join(" ")
}

/// Does `query` (ASCII letters) appear as a run of consecutive initials in `text`?
pub fn matches_initials(text: &str, query: &str) -> bool {
    let q: Vec<char> = query.chars().map(|c| c.to_ascii_lowercase()).collect();
    if q.is_empty() || !q.iter().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let sets = initials(text);
    if q.len() > sets.len() {
        return false;
    }
    (0..=sets.len() - q.len()).any(|start| q.iter().enumerate().all(|(i, c)| sets[start + i].contains(c)))
}

/// The filter every list uses: a substring of the name, a prefix of the code, or pinyin initials.
pub fn matches_name_code(name: &str, code: &str, query: &str) -> bool {
    let query = query.trim();
    query.is_empty() || name.contains(query) || code.starts_with(query) || matches_initials(name, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_xunke_by_initials() {
        assert!(matches_initials("逊克县", "xk"));
        assert!(matches_initials("逊克县", "XKX"));
        assert!(matches_initials("逊克县", "kx"), "克县");
        assert!(!matches_initials("逊克县", "xx"));
        assert!(!matches_initials("逊克县", ""));
    }

    #[test]
    fn polyphonic_readings_all_count() {
        // 长: cháng / zhǎng — 长兴学校 must be found by both.
        assert!(matches_initials("长兴学校", "cx"));
        assert!(matches_initials("长兴学校", "zx"));
        // 单 as a surname is shàn: the override adds s.
        assert!(matches_initials("单伟", "sw"));
    }

    #[test]
    fn index_lists_every_spelling() {
        let idx = initials_index("长兴");
        assert!(idx.split(' ').any(|s| s == "cx"));
        assert!(idx.split(' ').any(|s| s == "zx"));
    }

    #[test]
    fn name_code_filter() {
        assert!(matches_name_code("逊克县", "231123", "2311"));
        assert!(matches_name_code("逊克县", "231123", "逊克"));
        assert!(matches_name_code("逊克县", "231123", "xk"));
        assert!(!matches_name_code("逊克县", "231123", "哈"));
    }
}
