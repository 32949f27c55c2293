//! Records as data: one table of field definitions per record (cases, schools, county
//! facts, alliances). Forms, detail views, validation dispatch, SQL column lists, import
//! header mapping, export columns, audit labels and masking are all derived from a
//! record's table, so adding a field is one row here and a migration.
//!
//! The table is pure data: no SQL, no terminal. `db::record` builds its column lists and
//! named parameters from it; `i18n` picks a field's label by language.

/// How a field is entered, checked and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text, at most this many characters.
    Text(usize),
    /// A person's name, at most this many characters: letters of any script (汉字 with
    /// every extension, Latin, Cyrillic …), the 间隔号 `·` of minority and foreign names,
    /// spaces, hyphens and apostrophes between them; no digits, no emoji (`person_name`).
    Name(usize),
    /// Several lines (notes), at most this many characters: well under the 32,767 of an
    /// Excel cell, so that every record can always be exported.
    Note(usize),
    /// A whole number within a range.
    Int { min: i64, max: i64 },
    /// A non-negative decimal (areas, money).
    Real,
    /// An ISO date `YYYY-MM-DD` (shorter spellings are accepted and normalised).
    Date,
    /// A year such as 2017.
    Year,
    /// An 18-character GB 11643 ID number.
    IdNumber,
    /// A mobile number (`1` + 10 digits) or a landline with its area code
    /// (`0456-8123456`); see `domain::phone`.
    Phone,
    /// A GB/T 2260 region code, picked from the region tree.
    Region,
    /// A school, picked from the county's schools (stored as its id).
    School,
    /// One code from a named code list (see `domain::codes`): stored as the code.
    Choice(&'static str),
    /// Several codes from a named code list, stored comma-separated.
    Multi(&'static str),
    /// Derived from other fields (e.g. sex from the ID number); shown, not typed.
    Derived,
}

/// How a personal field is shown to someone who has not asked to reveal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    /// Not personal data: shown as it is.
    Open,
    /// ID-shaped (ID numbers, guardian ID numbers, 学籍号): a leading letter (the `G` of a
    /// 学籍号) and the 6-digit region code stay, everything after is `*`: the birth date,
    /// the sequence number and the check character (docs/domain.md §9).
    Id,
    /// A date shown as its year and month only (`2015-03-**`): the day of birth, with the
    /// region code and the sex, would leave too few possible ID numbers (docs/domain.md §9).
    YearMonth,
    /// A phone: the first 3 and last 4 digits.
    Phone,
    /// The whole value hidden.
    Hidden,
}

/// When a field must be filled in. Conditional rules are named; the record's own
/// validation knows what each name means (e.g. "out_of_school": a dropout case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Never,
    Always,
    When(&'static str),
}

/// One field of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The stored column name; also the SQL named parameter `:key`, the form's field key,
    /// the audit row's field and the draft's key.
    pub key: &'static str,
    pub kind: Kind,
    /// Label in Chinese and in English (forms, views, export headers, audit, messages).
    pub zh: &'static str,
    pub en: &'static str,
    pub mask: Mask,
    pub required: Required,
    /// Import headers that also mean this field, besides both labels (身份证号码, 证件号码 …).
    pub synonyms: &'static [&'static str],
    /// Whether the field is a column of the record's spreadsheet export.
    pub export: bool,
}

/// The longest note of any record (characters).
pub const NOTE_MAX: usize = 2000;

impl Field {
    /// A plain, optional, exported, non-personal text field: the common case, so tables
    /// only spell out what differs (`Field { mask: Mask::Id, ..Field::text("k", …) }`).
    pub const fn text(key: &'static str, zh: &'static str, en: &'static str) -> Field {
        Field {
            key,
            kind: Kind::Text(50),
            zh,
            en,
            mask: Mask::Open,
            required: Required::Never,
            synonyms: &[],
            export: true,
        }
    }

    /// The most characters the field may hold, for the kinds that are free text; the other
    /// kinds are bounded by their own format.
    pub fn max_chars(&self) -> Option<usize> {
        match self.kind {
            Kind::Text(n) | Kind::Name(n) | Kind::Note(n) => Some(n),
            _ => None,
        }
    }

    /// `Err(max)` when `value` is longer than the field allows.
    pub fn check_length(&self, value: &str) -> Result<(), usize> {
        match self.max_chars() {
            // Counting stops just past the limit: a 10 MB cell costs no more than a short one.
            Some(max) if value.chars().nth(max).is_some() => Err(max),
            _ => Ok(()),
        }
    }

    /// Whether the field is typed as identifiers are (digits and letters that may come
    /// in full width from a Chinese input method: ID numbers, phones, codes, dates, numbers).
    pub fn takes_half_width(&self) -> bool {
        !matches!(self.kind, Kind::Text(_) | Kind::Name(_) | Kind::Note(_) | Kind::Derived)
    }

    pub fn is_personal(&self) -> bool {
        self.mask != Mask::Open
    }

    /// Does an import header name this field? Compares without spaces and case.
    pub fn matches_header(&self, header: &str) -> bool {
        let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
        let h = norm(header);
        !h.is_empty()
            && (h == norm(self.zh)
                || h == norm(self.en)
                || h == norm(self.key)
                || self.synonyms.iter().any(|s| norm(s) == h))
    }

    /// The value as someone who has not revealed it sees it.
    pub fn masked(&self, value: &str) -> String {
        mask_value(self.mask, value)
    }
}

/// `value` masked by `mask`: the one masking rule (docs/domain.md §9). Counts characters,
/// never bytes: a value a file controls may hold anything.
pub fn mask_value(mask: Mask, value: &str) -> String {
    let n = value.chars().count();
    // The first `head` and last `tail` characters kept, each one between them a `*`; all
    // hidden when nothing would be left to hide. One string, made once: an export masks
    // half a million values.
    let keep = |head: usize, tail: usize| -> String {
        if n <= head + tail {
            return "*".repeat(n);
        }
        let mut s = String::with_capacity(value.len());
        s.extend(value.chars().enumerate().map(|(i, c)| if i < head || i >= n - tail { c } else { '*' }));
        s
    };
    match mask {
        Mask::Open => value.to_string(),
        _ if value.is_empty() => String::new(),
        Mask::Id => keep(ID_KEPT + usize::from(value.starts_with(|c: char| c.is_ascii_alphabetic())), 0),
        // `YYYY-MM-DD` keeps `YYYY-MM-`; anything else that is not a date is hidden whole.
        Mask::YearMonth if n == 10 && value.chars().nth(7) == Some('-') => keep(8, 0),
        Mask::YearMonth => "*".repeat(n),
        Mask::Phone => keep(3, 4),
        Mask::Hidden => "*".repeat(n.min(8)),
    }
}

/// Full-width ASCII forms (`１２３`, `Ｘ`, `－`, the ideographic space) as their ASCII
/// selves: what a Chinese input method in full-width mode types into an ID or a phone.
pub fn half_width(s: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{ff01}'..='\u{ff5e}' | '\u{3000}');
    if !s.chars().any(wide) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// How many leading characters of an ID number a mask keeps: the region code (GB/T 2260),
/// which the 户籍地 column says anyway. With the birth year and month and the sex shown
/// beside it, about 14,000 valid numbers remain (docs/domain.md §9).
pub const ID_KEPT: usize = 6;

/// The definition of `key` in `table`.
pub fn find(table: &'static [Field], key: &str) -> Option<&'static Field> {
    table.iter().find(|f| f.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &[Field] = &[
        Field {
            mask: Mask::Id,
            synonyms: &["身份证号码", "证件号码"],
            ..Field::text("id_number", "身份证号", "ID number")
        },
        Field::text("name", "姓名", "Name"),
    ];

    #[test]
    fn headers_match_labels_keys_and_synonyms() {
        let f = &T[0];
        for h in ["身份证号", " 身份证号码 ", "证件号码", "ID Number", "id_number"] {
            assert!(f.matches_header(h), "{h}");
        }
        assert!(!f.matches_header("姓名"));
        assert!(!f.matches_header(""));
    }

    #[test]
    fn full_width_forms_become_ascii() {
        assert_eq!(half_width("１１０１０１２０１５０３０１１２３Ｘ"), "11010120150301123X");
        assert_eq!(half_width("０４５６－８１２３４５６"), "0456-8123456");
        assert_eq!(half_width("王　某"), "王 某");
        assert!(matches!(half_width("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn lengths_are_limited_by_the_table() {
        let note = Field { kind: Kind::Note(NOTE_MAX), ..Field::text("note", "备注", "Note") };
        assert_eq!(note.check_length(&"字".repeat(NOTE_MAX)), Ok(()));
        assert_eq!(note.check_length(&"字".repeat(NOTE_MAX + 1)), Err(NOTE_MAX));
        assert_eq!(note.check_length(&"x".repeat(10 * 1024 * 1024)), Err(NOTE_MAX), "a 10 MB note");
        assert_eq!(T[1].check_length(&"王".repeat(50)), Ok(()));
        assert_eq!(T[1].check_length(&"王".repeat(51)), Err(50));
        let id = Field { kind: Kind::IdNumber, ..T[0] };
        assert_eq!(id.max_chars(), None);
        assert!(id.takes_half_width() && !note.takes_half_width());
    }

    #[test]
    fn masks_count_characters() {
        assert_eq!(mask_value(Mask::Id, "231123201503021234"), "231123************");
        assert_eq!(mask_value(Mask::Id, "G231123201503021234"), "G231123************", "学籍号 keeps its letter");
        assert_eq!(mask_value(Mask::Id, "123"), "***");
        assert_eq!(mask_value(Mask::Phone, "13812345678"), "138****5678");
        assert_eq!(mask_value(Mask::Id, "一二三四五六七八九十甲乙"), "一二三四五六******");
        assert_eq!(mask_value(Mask::Id, "123456七八九"), "123456***");
        assert_eq!(mask_value(Mask::YearMonth, "2015-03-02"), "2015-03-**");
        assert_eq!(mask_value(Mask::YearMonth, "2015年3月2日"), "*********");
        assert_eq!(mask_value(Mask::Open, "王某"), "王某");
        assert_eq!(mask_value(Mask::Hidden, ""), "");
        assert!(T[0].is_personal() && !T[1].is_personal());
    }
}
