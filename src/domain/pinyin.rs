//! Pinyin initials for search: `xk` finds 逊克县.
//!
//! Polyphonic characters are common in names and place names (长, 重, 单), and the first
//! reading of the `pinyin` crate is often the wrong one there, so every reading's initial is
//! kept and a query matches if *any* choice of readings spells it.
//!
//! Sorting needs one reading per character: [`sort_key`] orders names as Excel and WPS do
//! (by pinyin, then tone, then the character), with the name readings below.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::cmp::Ordering;

/// Readings the `pinyin` crate gets wrong or misses for names; checked before the crate.
/// Each entry: (character, initials it may have).
const OVERRIDES: &[(char, &str)] =
    &[('仇', "qc"), ('单', "sdc"), ('解', "xj"), ('区', "oq"), ('朴', "p"), ('曾', "zc")];

/// The reading a name sorts by where the crate's first reading is not the name's (单 as a
/// surname is shàn, 长 in 长兴 is cháng). Each is one of the readings search accepts.
const SORT_READINGS: &[(char, &str)] = &[
    ('仇', "qiu2"),
    ('单', "shan4"),
    ('解', "xie4"),
    ('区', "ou1"),
    ('朴', "piao2"),
    ('曾', "zeng1"),
    ('长', "chang2"),
    ('重', "chong2"),
    ('翟', "zhai2"),
    ('缪', "miao4"),
    ('查', "zha1"),
    ('覃', "qin2"),
];

/// The reading `c` sorts by (`liu2`: letters then the tone digit), if it is a Han character.
fn sort_reading(c: char) -> Option<String> {
    if let Some((_, r)) = SORT_READINGS.iter().find(|(k, _)| *k == c) {
        return Some((*r).to_string());
    }
    let p = c.to_pinyin()?;
    let mut r = p.with_tone_num_end().to_string();
    // The neutral tone has no digit: it sorts after the four tones.
    if !r.ends_with(|d: char| d.is_ascii_digit()) {
        r.push('5');
    }
    Some(r)
}

/// A key whose byte order is the pinyin order of `text`, character by character: each Han
/// character is its reading, tone digit and itself (`liu2刘`: the digit ends the syllable, so
/// `li` sorts before `liu`); anything else is a space and itself, lower-cased, so digits and
/// Latin letters come before Chinese, as in Excel. Stored for the ledger's sort by name.
pub fn sort_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        match sort_reading(c) {
            Some(r) => key.push_str(&r),
            None => {
                key.push(' ');
                key.extend(c.to_lowercase());
                continue;
            }
        }
        key.push(c);
    }
    key
}

/// Compares two names in pinyin order (ties: code-point order, so the order is total).
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b))
}

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
    fn surnames_sort_by_pinyin() {
        let mut names = vec!["于", "刘", "单", "吴", "周", "孙", "崔"];
        names.sort_by(|a, b| compare(a, b));
        // 单 as a surname is shàn: after 刘 (liú), before 孙 (sūn).
        assert_eq!(names, ["崔", "刘", "单", "孙", "吴", "于", "周"]);
    }

    #[test]
    fn sort_orders_syllables_tones_and_latin() {
        // li before liu whatever follows; tones in order; digits and letters before Han.
        assert_eq!(compare("李四", "刘一"), Ordering::Less);
        assert_eq!(compare("妈", "马"), Ordering::Less);
        assert_eq!(compare("1班", "一班"), Ordering::Less);
        assert_eq!(compare("A校", "阿校"), Ordering::Less);
        assert_eq!(compare("长兴学校", "大兴学校"), Ordering::Less, "长 is cháng here");
        assert_eq!(compare("张", "张三"), Ordering::Less);
    }

    #[test]
    fn sort_readings_are_readings_search_accepts() {
        for (c, r) in SORT_READINGS {
            let first = r.chars().next().unwrap_or(' ');
            assert!(char_initials(*c).contains(&first), "{c} sorts as {r} but search does not know {first}");
        }
    }

    #[test]
    fn name_code_filter() {
        assert!(matches_name_code("逊克县", "231123", "2311"));
        assert!(matches_name_code("逊克县", "231123", "逊克"));
        assert!(matches_name_code("逊克县", "231123", "xk"));
        assert!(!matches_name_code("逊克县", "231123", "哈"));
    }
}
