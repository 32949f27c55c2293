//! Display-width helpers: Chinese characters take two columns, and nothing may ever be cut
//! in half or pushed past the edge.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The longest prefix of `s` that fits in `max` columns (never half a wide character).
pub fn truncate(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            return &s[..i];
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
    format!("{}{}", " ".repeat(max - width(s)), s)
}

/// Before drawing a pop-up over `rect`: a wide character straddling either edge would be
/// half covered (the terminal would then draw it over the border or leave half of it), so
/// both halves are blanked — never half-overwritten.
pub fn clip_wide_around(buf: &mut ratatui::buffer::Buffer, rect: ratatui::layout::Rect) {
    for y in rect.top()..rect.bottom() {
        // Left edge: a wide character just outside spills its second half inside.
        if rect.x > 0 {
            if let Some(cell) = buf.cell_mut((rect.x - 1, y)) {
                if width(cell.symbol()) > 1 {
                    cell.set_symbol(" ");
                }
            }
        }
        // Right edge: a wide character in the last column inside spills outside.
        let last = rect.right().saturating_sub(1);
        let straddles = buf.cell((last, y)).is_some_and(|c| width(c.symbol()) > 1);
        if straddles {
            if let Some(cell) = buf.cell_mut((last + 1, y)) {
                cell.set_symbol(" ");
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
