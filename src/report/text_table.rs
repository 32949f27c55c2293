//! A report's table as text that fits a terminal (80 columns unless `--width` says
//! otherwise): numbers and codes are never cut; text columns share the room left and wrap
//! onto more lines inside their column; when even that does not fit, each row is stacked as
//! `header: value` lines. Widths are display columns (Chinese characters take two).

use crate::text::{width, wrap};
use std::sync::atomic::{AtomicUsize, Ordering};

static WIDTH: AtomicUsize = AtomicUsize::new(80);

/// The width text reports fit (`--width`; 80 by default, the old terminals' width).
pub fn target_width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// Sets the width text reports fit, from `--width` (at least 20).
pub fn set_target_width(cols: usize) {
    WIDTH.store(cols.max(20), Ordering::Relaxed);
}

/// `text` with every line wider than `cols` wrapped, the rest of it indented under its
/// start (lists of cases, notes): a report's free lines fit as its tables do.
pub fn fit_lines(text: &str, cols: usize) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if width(line) <= cols {
            out.push(line.to_string());
            continue;
        }
        let indent = line.len() - line.trim_start().len() + 2;
        let (start, under) = (" ".repeat(indent - 2), " ".repeat(indent));
        let parts = wrapped(line.trim_start(), cols.saturating_sub(indent).max(MIN_TEXT));
        for (k, part) in parts.into_iter().enumerate() {
            out.push(format!("{}{part}", if k == 0 { &start } else { &under }));
        }
    }
    out.join("\n")
}

/// How a column is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: left-aligned, wrapped when the room is short.
    Text,
    /// A number or a code: right-aligned (numbers) and never cut.
    Number,
    /// A code, a date, a phone: left-aligned and never cut.
    Code,
}

/// A column's layout from its cells: numbers (with `%`, `,`, a not-met ` x`) right, short
/// ASCII words (codes, dates, phones) whole, anything else text.
pub fn guess<'a>(cells: impl Iterator<Item = &'a str>) -> Align {
    let mut all_number = true;
    let mut all_code = true;
    let mut any = false;
    for c in cells.map(str::trim).filter(|c| !c.is_empty()) {
        any = true;
        let bare = c.trim_end_matches(" x").trim_end_matches('%');
        all_number &=
            bare.bytes().all(|b| b.is_ascii_digit() || b".,-".contains(&b)) && bare.bytes().any(|b| b.is_ascii_digit());
        all_code &= c.is_ascii() && !c.contains(' ') && c.len() <= 20;
    }
    match (any, all_number, all_code) {
        (true, true, _) => Align::Number,
        (true, _, true) => Align::Code,
        _ => Align::Text,
    }
}

/// Narrowest a wrapped text column gets: three Chinese characters.
const MIN_TEXT: usize = 6;
const GAP: &str = "  ";

/// The table's lines in at most `cols` columns.
pub fn render(headers: &[String], rows: &[Vec<String>], aligns: &[Align], cols: usize) -> Vec<String> {
    let n = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let align = |i: usize| aligns.get(i).copied().unwrap_or(Align::Text);
    let cell = |r: &[String], i: usize| r.get(i).cloned().unwrap_or_default();
    let body: Vec<usize> = (0..n).map(|i| rows.iter().map(|r| width(&cell(r, i))).max().unwrap_or(0)).collect();
    let natural: Vec<usize> = (0..n).map(|i| body[i].max(headers.get(i).map_or(0, |h| width(h)))).collect();
    // A header may wrap at its spaces: a number column is as wide as its numbers and the
    // longest word of its header.
    let word = |i: usize| headers.get(i).map_or(0, |h| longest_word(h));
    let tight: Vec<usize> =
        (0..n).map(|i| if align(i) == Align::Text { word(i) } else { body[i].max(word(i)) }).collect();
    match widths(&natural, &tight, &(0..n).map(align).collect::<Vec<_>>(), cols) {
        Some(w) => {
            let mut out = block(&(0..n).map(|i| cell(headers, i)).collect::<Vec<_>>(), &w, &align, true);
            out.push(w.iter().map(|&cw| "-".repeat(cw)).collect::<Vec<_>>().join(GAP));
            for r in rows {
                out.extend(block(&(0..n).map(|i| cell(r, i)).collect::<Vec<_>>(), &w, &align, false));
            }
            out
        }
        None => stacked(headers, rows, cols),
    }
}

/// The widest word of a header (it wraps at spaces, a long word at most at 12 columns).
fn longest_word(h: &str) -> usize {
    h.split(' ').map(width).max().unwrap_or(0).min(12)
}

/// Each column's width so that the row fits `cols`, or `None` when it cannot: all at their
/// natural width when that fits; else fixed columns at their `tight` width and text columns
/// sharing the rest (the narrow ones keep theirs, the wide ones split what is left).
fn widths(natural: &[usize], tight: &[usize], aligns: &[Align], cols: usize) -> Option<Vec<usize>> {
    let gaps = width(GAP) * natural.len().saturating_sub(1);
    if natural.iter().sum::<usize>() + gaps <= cols {
        return Some(natural.to_vec());
    }
    let mut out: Vec<usize> =
        (0..natural.len()).map(|i| if aligns[i] == Align::Text { natural[i] } else { tight[i] }).collect();
    let fixed: usize = (0..out.len()).filter(|&i| aligns[i] != Align::Text).map(|i| out[i]).sum();
    let mut room = cols.checked_sub(fixed + gaps)?;
    let mut text: Vec<usize> = (0..natural.len()).filter(|&i| aligns[i] == Align::Text).collect();
    text.sort_by_key(|&i| natural[i]);
    let mut left = text.len();
    for i in text {
        let share = room / left.max(1);
        let w = natural[i].min(share.max(MIN_TEXT).max(tight[i]));
        if w > room {
            return None;
        }
        out[i] = w;
        room -= w;
        left -= 1;
    }
    Some(out)
}

/// One row as lines: each cell wrapped to its column, the lines side by side.
fn block(cells: &[String], w: &[usize], align: &dyn Fn(usize) -> Align, header: bool) -> Vec<String> {
    let parts: Vec<Vec<String>> =
        cells.iter().zip(w).map(|(c, &cw)| if width(c) <= cw { vec![c.clone()] } else { wrapped(c, cw) }).collect();
    let height = parts.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (0..height)
        .map(|k| {
            let line: Vec<String> = parts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let s = p.get(k).map(String::as_str).unwrap_or_default();
                    let pad = " ".repeat(w[i].saturating_sub(width(s)));
                    if align(i) == Align::Number && !header {
                        format!("{pad}{s}")
                    } else {
                        format!("{s}{pad}")
                    }
                })
                .collect();
            line.join(GAP).trim_end().to_string()
        })
        .collect()
}

/// `s` in lines of at most `cols` columns: wrapped at spaces and between Chinese characters,
/// a word longer than the column split where it must.
fn wrapped(s: &str, cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in wrap(s, cols) {
        let mut rest = line.as_str();
        while width(rest) > cols && cols > 0 {
            let head = crate::text::truncate(rest, cols);
            if head.is_empty() {
                break;
            }
            out.push(head.to_string());
            rest = rest.get(head.len()..).unwrap_or_default();
        }
        out.push(rest.to_string());
    }
    out
}

/// Every row as `header: value` lines (a value wrapped under itself), rows apart by a blank.
fn stacked(headers: &[String], rows: &[Vec<String>], cols: usize) -> Vec<String> {
    let label = headers.iter().map(|h| width(h)).max().unwrap_or(0).min(cols / 3);
    let mut out = Vec::new();
    for r in rows {
        if !out.is_empty() {
            out.push(String::new());
        }
        for (i, v) in r.iter().enumerate() {
            let h = headers.get(i).cloned().unwrap_or_default();
            let h = if width(&h) > label { wrap(&h, label).join("") } else { h };
            let head = format!("{h}{}  ", " ".repeat(label.saturating_sub(width(&h))));
            let room = cols.saturating_sub(width(&head)).max(MIN_TEXT);
            for (k, part) in wrapped(v, room).into_iter().enumerate() {
                let lead = if k == 0 { head.clone() } else { " ".repeat(width(&head)) };
                out.push(format!("{lead}{part}").trim_end().to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_narrow_table_is_left_as_it_is() {
        let lines = render(&s(&["学校", "人数"]), &[s(&["实验小学校", "36"])], &[Align::Text, Align::Number], 80);
        assert_eq!(lines, ["学校        人数", "----------  ----", "实验小学校    36"]);
    }

    #[test]
    fn a_wide_table_wraps_its_text_and_keeps_numbers_whole() {
        let long = "松树沟乡中心学校附属幼儿园与教学点联合体";
        let rows = vec![s(&[long, "2311230001", "123456", "7"])];
        let aligns = [Align::Text, Align::Code, Align::Number, Align::Number];
        let lines = render(&s(&["学校", "学校标识码", "在校生数", "班数"]), &rows, &aligns, 40);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:#?}");
        let all = lines.join("\n");
        assert!(all.contains("2311230001") && all.contains("123456"), "{all}");
        // Every character of the name is there, in order, over several lines.
        let joined: String = lines.iter().skip(2).map(|l| l.split("  ").next().unwrap_or("").trim()).collect();
        assert_eq!(joined, long, "{lines:#?}");
    }

    #[test]
    fn a_table_that_cannot_fit_is_stacked() {
        let heads: Vec<String> = (0..12).map(|i| format!("列{i}")).collect();
        let row: Vec<String> = (0..12).map(|i| format!("{}", 1_000_000 + i)).collect();
        let lines = render(&heads, &[row], &[Align::Number; 12], 40);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:#?}");
        assert!(lines.iter().any(|l| l.starts_with("列11") && l.ends_with("1000011")), "{lines:#?}");
    }
}
