//! The permanent bottom line: what can be pressed now, from the active context's rows in
//! `tui::bindings` (as gitui builds its bar from each component's commands).

use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// A key and what it does, both already in the UI language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: &'static str,
    pub label: &'static str,
    /// Esc, help or quit: shown however narrow the bar.
    pub essential: bool,
}

/// The hints `ctx` offers now, most important first: its hinted rows (those `offers`
/// accepts, for commands that depend on the state) with the first key that works in its
/// mode, then the essential ones last.
pub fn hints(ctx: &Context, offers: impl Fn(Command) -> bool) -> Vec<Hint> {
    let (mut essential, mut rest): (Vec<Hint>, Vec<Hint>) = bindings::effective_keys(ctx)
        .into_iter()
        .filter(|(b, _)| b.hint && offers(b.cmd))
        .filter_map(|(b, keys)| {
            let key = keys.first().copied()?;
            // Whatever Esc does there (a draft offer: "later"), it stays in the bar.
            Some(Hint { key, label: (b.label)(), essential: bindings::essential(b.cmd) || key == "Esc" })
        })
        .partition(|h| h.essential);
    rest.append(&mut essential);
    rest
}

/// Arrow glyphs are ambiguous-width: with `--ascii` they are spelt out.
pub fn key_text(key: &'static str, theme: &Theme) -> &'static str {
    match (theme.ascii, key) {
        (true, "↑↓") => "Up/Dn",
        (true, "←→") => "Lt/Rt",
        (true, "↑") => "Up",
        (true, "↓") => "Down",
        (true, "←") => "Left",
        (true, "→") => "Right",
        _ => key,
    }
}

/// How each hint is drawn: with its label, as its key alone, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Full,
    KeyOnly,
    Hidden,
}

/// The hints fitted into `cols`. When they do not all fit, labels go first (key only), then
/// the least important hints; the essential ones (Esc, ?, q) always stay. Widths are counted as a CJK terminal would
/// (ambiguous characters wide), so the bar never wraps in either setting.
pub fn line(hints: &[Hint], cols: usize, theme: &Theme) -> Line<'static> {
    let key_w = |h: &Hint| key_text(h.key, theme).width_cjk() + 2;
    let need = |h: &Hint, s: Shown| match s {
        Shown::Full => key_w(h) + 1 + h.label.width_cjk(),
        Shown::KeyOnly => key_w(h),
        Shown::Hidden => 0,
    };
    let mut shown = vec![Shown::Full; hints.len()];
    let total = |shown: &[Shown]| hints.iter().zip(shown).map(|(h, s)| need(h, *s)).sum::<usize>();
    // Shortened first: `?`, since pressing it explains every key; then the others from
    // the least important (last); Esc and q keep their labels longest.
    let is_help = |i: &usize| hints[*i].essential && hints[*i].key == "?";
    let rest = |essential: bool| (0..hints.len()).rev().filter(move |&i| hints[i].essential == essential);
    let order: Vec<usize> =
        rest(true).filter(is_help).chain(rest(false)).chain(rest(true).filter(|i| !is_help(i))).collect();
    for step in [Shown::KeyOnly, Shown::Hidden] {
        for &i in &order {
            if total(&shown) <= cols {
                break;
            }
            if step == Shown::KeyOnly || !hints[i].essential {
                shown[i] = step;
            }
        }
    }
    let mut spans = Vec::new();
    for (h, s) in hints.iter().zip(&shown) {
        match s {
            Shown::Hidden => continue,
            Shown::Full => {
                spans.push(Span::styled(key_text(h.key, theme), theme.hint_key));
                spans.push(Span::styled(format!(" {}  ", h.label), theme.hint_text));
            }
            Shown::KeyOnly => {
                spans.push(Span::styled(key_text(h.key, theme), theme.hint_key));
                spans.push(Span::styled("  ", theme.hint_text));
            }
        }
    }
    Line::from(spans)
}
