//! A person's name as a ledger records it: the child's, a guardian's, a responsible
//! official's. Names are written in 汉字 (any extension: rare characters in names are
//! common), in the letters of minority scripts, or in Latin letters for foreign names,
//! with the 间隔号 `·` between the parts of a transcribed name (阿卜杜拉·买买提).

/// Why a text is not a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// A character that does not occur in names (a digit, an emoji, a symbol); carries it
    /// and its 1-based position.
    Character(char, usize),
    /// A separator (`·`, space, hyphen, apostrophe) at the start or end, or two together.
    Separator,
}

/// The ways people type the 间隔号: all stored as U+00B7.
const DOTS: [char; 6] = ['·', '・', '•', '‧', '∙', '．'];
const SEPARATORS: [char; 4] = ['·', ' ', '-', '\''];

/// The name normalised (every kind of middle dot as `·`, runs of spaces as one), or what
/// is wrong with it. The input is already trimmed.
pub fn parse(raw: &str) -> Result<String, NameError> {
    let mut out = String::with_capacity(raw.len());
    let mut previous_separator = true; // no separator may start a name
    for (i, c) in raw.chars().enumerate() {
        let c = match c {
            c if DOTS.contains(&c) => '·',
            '\u{3000}' | '\t' => ' ',
            '’' | '‘' => '\'',
            c => c,
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if SEPARATORS.contains(&c) {
            if previous_separator {
                return Err(NameError::Separator);
            }
            previous_separator = true;
        } else if is_name_letter(c) {
            previous_separator = false;
        } else {
            return Err(NameError::Character(c, i + 1));
        }
        out.push(c);
    }
    if previous_separator && !out.is_empty() {
        return Err(NameError::Separator);
    }
    Ok(out)
}

/// A letter of some script, or a 汉字 of any extension (including `〇`). `is_alphabetic`
/// covers the CJK blocks and every alphabet, and leaves out digits, emoji and symbols;
/// combining accents are kept for names typed in decomposed form.
fn is_name_letter(c: char) -> bool {
    c.is_alphabetic() || c == '〇' || matches!(c, '\u{0300}'..='\u{036f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_every_kind_are_accepted() {
        for name in
            ["张某伟", "王𠀀", "𪚥某", "阿卜杜拉·买买提", "Maria José", "Jean-Luc", "O'Neil", "Иван", "ئەخمەت", "李〇"]
        {
            assert_eq!(parse(name).as_deref(), Ok(name), "{name}");
        }
        assert_eq!(parse("阿卜杜拉・买买提").as_deref(), Ok("阿卜杜拉·买买提"), "katakana dot");
        assert_eq!(parse("阿卜杜拉•买买提").as_deref(), Ok("阿卜杜拉·买买提"), "bullet");
        assert_eq!(parse("Maria   José").as_deref(), Ok("Maria José"));
    }

    #[test]
    fn what_is_not_a_name_says_which_character() {
        assert_eq!(parse("赵😀"), Err(NameError::Character('😀', 2)));
        assert_eq!(parse("王某1"), Err(NameError::Character('1', 3)));
        assert_eq!(parse("王某（父）"), Err(NameError::Character('（', 3)));
        assert_eq!(parse("·王某"), Err(NameError::Separator));
        assert_eq!(parse("王某·"), Err(NameError::Separator));
        assert_eq!(parse("王··某"), Err(NameError::Separator));
        assert_eq!(parse(""), Ok(String::new()));
    }
}
