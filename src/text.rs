//! Text by display width, for screens, reports and help pages alike: Chinese characters
//! take two columns, and nothing may ever be cut in half or pushed past the edge.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `s` takes on screen, measured as ratatui draws it: grapheme by grapheme
/// (an emoji with its variation selector, a letter with its accent are one), control
/// characters dropped. `truncate` cuts by the same measure, so `fit` is exact for any text.
pub fn width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        UnicodeWidthStr::width(g)
    }
}

/// The longest prefix of `s` that fits in `max` columns (never half a wide character,
/// never a letter without its accent).
pub fn truncate(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > max {
            return s.get(..i).unwrap_or_default();
        }
        used += w;
    }
    s
}

/// `s` cut to `max` columns with `..` when cut, then padded with spaces to exactly `max`.
/// (Not `…`: it is ambiguous-width and drawn double-width by many Chinese terminals.)
pub fn fit(s: &str, max: usize) -> String {
    let mut out = if width(s) > max && max > 2 {
        let mut t = truncate(s, max - 2).to_string();
        t.push_str("..");
        t
    } else if width(s) > max {
        truncate(s, max).to_string()
    } else {
        s.to_string()
    };
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', max.saturating_sub(w)));
    out
}

/// `s` right-aligned in `max` columns.
pub fn fit_right(s: &str, max: usize) -> String {
    let s = truncate(s, max);
    format!("{}{}", " ".repeat(max.saturating_sub(width(s))), s)
}

/// A number with thousands separators (the way the bureau's spreadsheets show them).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// Splits `s` into lines of at most `width` columns: at spaces, and between Chinese
/// characters (never before a closing mark such as `，` or `）`, never after an opening one).
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for (word, space_before) in words(para) {
            let sep = usize::from(space_before && !line.is_empty());
            if !line.is_empty() && width(&line) + sep + width(&word) > cols {
                out.push(std::mem::take(&mut line));
            } else if sep == 1 {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push(line);
    }
    out
}

/// [`wrap`], then any piece still wider than `cols` (an ID number, a long code or address)
/// split between characters: a view that wraps with it loses nothing off its right edge.
pub fn wrap_hard(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(2);
    let mut out = Vec::new();
    for line in wrap(s, cols) {
        let mut piece = String::new();
        for ch in line.chars() {
            if width(&piece) + ch.width().unwrap_or(0) > cols {
                out.push(std::mem::take(&mut piece));
            }
            piece.push(ch);
        }
        out.push(piece);
    }
    out
}

/// The pieces a line may break between, each with whether a space came before it.
fn words(s: &str) -> Vec<(String, bool)> {
    const CLOSING: &str = "，。、；：？！）》」』,.;:?!)]>'";
    const OPENING: &str = "（《「『([<";
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut space = false;
    let mut glue = false; // the previous piece ended with an opening mark
    let mut angle = false; // inside <...>, which stays whole
    for ch in s.chars() {
        if ch == ' ' {
            space = true;
            glue = false;
            angle = false;
            continue;
        }
        let join = match out.last() {
            None => false,
            Some((last, _)) => {
                !space
                    && (glue
                        || angle
                        || CLOSING.contains(ch)
                        || (!is_wide(ch) && !last.chars().last().is_some_and(is_wide)))
            }
        };
        angle = (angle || ch == '<') && ch != '>';
        match out.last_mut() {
            Some((last, _)) if join => last.push(ch),
            _ => out.push((ch.to_string(), space)),
        }
        glue = OPENING.contains(ch);
        space = false;
    }
    out
}

fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// `v` rounded half up (away from zero) to `decimals` places: the one rounding rule of
/// every shown number (text, CSV, xlsx and JSON alike; `format!` alone rounds ties to
/// even, 2192.5 → 2192). A value one part in 10^9 below a tie (1.005 stored as
/// 1.00499…) counts as the tie it was written as.
pub fn round_half_up(v: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals.min(12) as i32);
    let x = v * scale;
    let nudged = x + x.signum() * x.abs().max(1.0) * 1e-9;
    nudged.round() / scale
}

/// `v` rounded half up to `decimals` places, as text.
pub fn fixed(v: f64, decimals: usize) -> String {
    let r = round_half_up(v, decimals);
    // -0.00 reads as a negative value that is not there.
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_chinese_between_characters_but_not_before_closing_marks() {
        let text = "在一个事务中写入全部行；只要有一行有错，就一行也不写。";
        let lines = wrap(text, 22);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 22), "{lines:?}");
        assert!(lines.iter().skip(1).all(|l| !l.starts_with(['；', '，', '。'])), "{lines:?}");
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn wrap_breaks_english_at_spaces_and_keeps_words_whole() {
        let lines = wrap("Write the valid rows; put the rejected ones in <name>.rejected.csv beside the file.", 30);
        assert_eq!(
            lines,
            ["Write the valid rows; put the", "rejected ones in", "<name>.rejected.csv beside the", "file."]
        );
    }

    #[test]
    fn wrap_keeps_ascii_words_and_angle_brackets_whole() {
        let lines = wrap("带表头行的 .csv（UTF-8、带 BOM 的 UTF-8、GBK/GB18030）或 .xlsx 文件。", 16);
        assert!(lines.iter().any(|l| l.contains("GBK/GB18030")), "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 16), "{lines:?}");
        let lines = wrap("有错的行写到同一目录的 <文件名>.rejected.csv。", 30);
        assert!(lines.iter().any(|l| l.contains("<文件名>.rejected.csv")), "{lines:?}");
    }

    #[test]
    fn wrap_hard_splits_what_no_space_breaks_and_keeps_every_character() {
        let id = "231123************（已隐藏，按 v 显示）";
        let lines = wrap_hard(id, 12);
        assert!(lines.iter().all(|l| width(l) <= 12), "{lines:?}");
        // Only a space a line breaks at is left out.
        assert_eq!(lines.concat().replace(' ', ""), id.replace(' ', ""));
        assert_eq!(lines.first().map(String::as_str), Some("231123******"));
        assert_eq!(wrap_hard("第一行\n第二行", 20), vec!["第一行", "第二行"]);
    }

    #[test]
    fn never_cuts_a_wide_character() {
        assert_eq!(truncate("逊克县", 5), "逊克");
        assert_eq!(fit("逊克县", 5), "逊.. ");
        assert_eq!(fit("逊克县", 6), "逊克县");
        assert_eq!(width(&fit("梅里斯达斡尔族区", 9)), 9);
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit_right("12", 4), "  12");
    }

    #[test]
    fn separators() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(thousands(-1000), "-1,000");
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(fixed(2192.5, 0), "2193");
        assert_eq!(fixed(0.125, 2), "0.13");
        assert_eq!(fixed(1.005, 2), "1.01");
        assert_eq!(fixed(99.775, 2), "99.78");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(round_half_up(2192.5, 0), 2193.0);
        assert_eq!(fixed(2192.4999, 0), "2192");
    }
}
