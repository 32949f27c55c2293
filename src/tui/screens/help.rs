//! The help overlay (`?` or F1): what the screen below offers, then the keys of any text
//! field and the global keys, all from `tui::bindings`, and how to be added as a user.
//! Longer than an 80x24 screen, so it scrolls, and says how much is left below.

use crate::i18n::keys::K;
use crate::i18n::{fill, T};
use crate::tui::bindings::{self, Binding, Context};
use crate::tui::keymap::{Action, InputMode};
use crate::tui::theme::Theme;
use crate::tui::widgets::hint_bar::key_text;
use crate::tui::widgets::overlay;
use crate::tui::widgets::text::{width, wrap};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug)]
pub struct HelpState {
    /// The context of the screen the help was opened over.
    context: &'static Context,
    scroll: usize,
    /// The largest useful scroll, as the last drawing found it (it depends on the height).
    max_scroll: std::cell::Cell<usize>,
}

impl HelpState {
    pub fn new(context: &'static Context) -> HelpState {
        HelpState { context, scroll: 0, max_scroll: Default::default() }
    }

    /// False when the action closes the help.
    pub fn update(&mut self, action: Action) -> bool {
        self.scroll = self.scroll.min(self.max_scroll.get());
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Home => self.scroll = 0,
            _ => return false,
        }
        self.scroll = self.scroll.min(self.max_scroll.get());
        true
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        // Full width, so no stray borders of the screen below show at the edges.
        let lines = wrapped(&body(self.context, theme), area.width.saturating_sub(2) as usize);
        let h = (lines.len() as u16 + 2).min(area.height);
        let rect = Rect { y: area.y + (area.height - h) / 2, height: h, ..area };
        let shown = h.saturating_sub(2) as usize;
        self.max_scroll.set(lines.len().saturating_sub(shown));
        let top = self.scroll.min(self.max_scroll.get());
        let below = lines.len().saturating_sub(top + shown);
        let more = (below > 0).then(|| fill(T::HelpMore.s(), &[&below]));
        let inner = overlay::frame(frame, rect, T::HelpTitle.s(), more.as_deref(), theme);
        let text: Vec<ratatui::text::Line> = lines.iter().skip(top).take(shown).map(|l| l.as_str().into()).collect();
        frame.render_widget(Paragraph::new(text), inner);
    }
}

/// The help page for `ctx`: a section for its own rows, one for line editing when it takes
/// text, one for the global keys, then how users are added. Each row is its keys, then
/// two or more spaces, then its label.
pub fn body(ctx: &Context, theme: &Theme) -> String {
    let rows = bindings::effective(ctx);
    let (global, own): (Vec<&Binding>, Vec<&Binding>) = rows.into_iter().partition(|b| bindings::is_global(b));
    let mut sections = vec![(fill(K::HelpThisScreen.s(), &[&(ctx.title)()]), own)];
    if ctx.mode == InputMode::Text {
        sections.push(((bindings::EDITING.title)().to_string(), bindings::EDITING.rows().collect()));
    }
    sections.push(((bindings::GLOBAL.title)().to_string(), global));
    let keys =
        |b: &Binding| bindings::shown_keys(ctx, b).iter().map(|k| key_text(k, theme)).collect::<Vec<_>>().join(" / ");
    let pad = sections.iter().flat_map(|(_, rows)| rows.iter().map(|b| width(&keys(b)))).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for (title, rows) in &sections {
        out.push_str(title);
        out.push('\n');
        for b in rows {
            let k = keys(b);
            let what = match b.about {
                Some(about) => fill(K::HelpAbout.s(), &[&(b.label)(), &about()]),
                None => (b.label)().to_string(),
            };
            out.push_str(&format!("{k}{}{what}\n", " ".repeat(pad - width(&k))));
        }
        out.push('\n');
    }
    out.push_str(K::HelpUsers.s());
    out
}

/// The help's lines wrapped to `cols`, continuation lines indented to where the line's
/// description starts (after its key column), so keys stay readable down the left.
fn wrapped(body: &str, cols: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in body.lines() {
        let (key, description) = split_key(line);
        let indent = width(key);
        if indent * 2 > cols {
            out.extend(wrap(line, cols));
            continue;
        }
        for (i, part) in wrap(description, cols - indent).into_iter().enumerate() {
            let lead = if i == 0 { key.to_string() } else { " ".repeat(indent) };
            out.push(format!("{lead}{part}"));
        }
    }
    out
}

/// A help line's key column (with the spaces after it) and its description: the key ends
/// at the first run of two or more spaces; a line starting with spaces continues the
/// description above.
fn split_key(line: &str) -> (&str, &str) {
    let start = match line.find("  ") {
        Some(i) if !line.starts_with(' ') => i,
        _ => 0,
    };
    let rest = &line[start..];
    let at = start + rest.len() - rest.trim_start().len();
    line.split_at(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_their_description() {
        let body = "台账中       / 搜索（姓名开头、拼音首字母、身份证号末几位），f 筛选，o 未结/全部，s 排序\nq            退出";
        let lines = wrapped(body, 40);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:#?}");
        assert!(lines[0].starts_with("台账中       / 搜索"), "{lines:#?}");
        assert!(lines[1].starts_with("             ") && !lines[1].trim().is_empty(), "{lines:#?}");
        assert_eq!(lines.last().map(String::as_str), Some("q            退出"));
    }
}
