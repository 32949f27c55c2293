//! The permanent bottom line: what can be pressed now, from the active screen's hints
//! (as gitui builds its bar from each component's commands).

use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// A key and what it does, both already in the UI language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: &'static str,
    pub label: &'static str,
}

pub fn hint(key: &'static str, label: &'static str) -> Hint {
    Hint { key, label }
}

/// Arrow glyphs are ambiguous-width: with `--ascii` they are spelt out.
fn key_text(key: &'static str, theme: &Theme) -> &'static str {
    match (theme.ascii, key) {
        (true, "↑↓") => "Up/Dn",
        (true, "←→") => "Lt/Rt",
        _ => key,
    }
}

/// As many hints as fit in `cols`, in order of importance. Widths are counted as a CJK
/// terminal would (ambiguous characters wide), so the bar never wraps in either setting.
pub fn line(hints: &[Hint], cols: usize, theme: &Theme) -> Line<'static> {
    let need = |h: &Hint| key_text(h.key, theme).width_cjk() + 1 + h.label.width_cjk() + 2;
    // Help and quit are always shown, last; the others fill the room before them in order.
    let is_tail = |h: &Hint| matches!(h.key, "?" | "q");
    let tail_cols: usize = hints.iter().filter(|h| is_tail(h)).map(need).sum();
    let mut shown: Vec<&Hint> = Vec::new();
    let mut used = tail_cols;
    for h in hints.iter().filter(|h| !is_tail(h)) {
        if used + need(h) > cols {
            break;
        }
        used += need(h);
        shown.push(h);
    }
    shown.extend(hints.iter().filter(|h| is_tail(h)));
    let mut spans = Vec::new();
    let mut total = 0;
    for h in shown {
        if total + need(h) > cols {
            break;
        }
        total += need(h);
        spans.push(Span::styled(key_text(h.key, theme), theme.hint_key));
        spans.push(Span::styled(format!(" {}  ", h.label), theme.hint_text));
    }
    Line::from(spans)
}
