//! Importing a spreadsheet from the TUI: type the file's path, Enter checks it (the dry
//! run: nothing is written), F2 imports in the chosen mode (all rows or none / skip the
//! bad rows), Tab switches the mode, Shift-Tab switches between cases and schools. The
//! result is the same account `taizhang import` prints, scrollable.

use super::{Ctx, Effect, Screen};
use crate::cli::import::report_text;
use crate::i18n::io::X;
use crate::i18n::{fill, T};
use crate::io::import::{self, Kind, Mode, Options};
use crate::tui::keymap::{Action, InputMode};
use crate::tui::theme::Theme;
use crate::tui::widgets::hint_bar::{hint, Hint};
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::text::{fit, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::path::PathBuf;

pub struct ImportScreen {
    county: String,
    path: LineInput,
    kind: Kind,
    skip_invalid: bool,
    result: Vec<String>,
    scroll: usize,
}

impl ImportScreen {
    pub fn new(county: &str) -> ImportScreen {
        ImportScreen {
            county: county.to_string(),
            path: LineInput::new(""),
            kind: Kind::Cases,
            skip_invalid: false,
            result: vec![X::ImportIntro.s().to_string()],
            scroll: 0,
        }
    }

    fn run(&mut self, ctx: &mut Ctx, mode: Mode) {
        let raw = self.path.text().trim();
        let path = match raw.strip_prefix("~/") {
            Some(rest) => {
                std::env::var_os("HOME").map(|h| PathBuf::from(h).join(rest)).unwrap_or_else(|| PathBuf::from(raw))
            }
            None => PathBuf::from(raw),
        };
        let opts = Options { mode, county: Some(self.county.clone()), ..Options::default() };
        let text = match import::run(ctx.db, self.kind, &path, &opts, &mut |_, _| {}) {
            Ok(out) => report_text(&out, mode),
            Err(e) => crate::cli::import::failure(ctx.db, &e).message,
        };
        // The summary (the last lines) first: the column mapping and each row follow.
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let tail = lines.len().saturating_sub(2).max(1).min(lines.len());
        let summary = lines.split_off(tail);
        self.result = summary.into_iter().chain(lines).collect();
        self.scroll = 0;
    }

    fn mode_text(&self) -> String {
        let kind = match self.kind {
            Kind::Cases => X::SheetCases.s(),
            Kind::Schools => X::SheetSchools.s(),
        };
        let mode = if self.skip_invalid { X::ModeSkip.s() } else { X::ModeAll.s() };
        fill(X::ImportMode.s(), &[&kind, &mode])
    }
}

impl Screen for ImportScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![X::ImportTitle.s().to_string()]
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Text
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            hint("Enter", X::HintCheck.s()),
            hint("F2", X::HintImport.s()),
            hint("Tab", X::HintMode.s()),
            hint("Esc", T::HintBack.s()),
        ]
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Back => Effect::Pop,
            Action::Enter => {
                self.run(ctx, Mode::DryRun);
                Effect::Changed
            }
            Action::Save => {
                self.run(ctx, if self.skip_invalid { Mode::SkipInvalid } else { Mode::Apply });
                Effect::Changed
            }
            Action::NextField => {
                self.skip_invalid = !self.skip_invalid;
                Effect::Changed
            }
            Action::PrevField => {
                self.kind = if self.kind == Kind::Cases { Kind::Schools } else { Kind::Cases };
                Effect::Changed
            }
            Action::Char(c) => {
                self.path.insert(c);
                Effect::Changed
            }
            Action::Backspace => {
                self.path.backspace();
                Effect::Changed
            }
            Action::Delete => {
                self.path.delete();
                Effect::Changed
            }
            Action::Left => {
                self.path.left();
                Effect::Changed
            }
            Action::Right => {
                self.path.right();
                Effect::Changed
            }
            Action::Home => {
                self.path.home();
                Effect::Changed
            }
            Action::End => {
                self.path.end();
                Effect::Changed
            }
            Action::Down => {
                self.scroll = (self.scroll + 1).min(self.result.len().saturating_sub(1));
                Effect::Changed
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                Effect::Changed
            }
            Action::PageDown => {
                self.scroll = (self.scroll + 10).min(self.result.len().saturating_sub(1));
                Effect::Changed
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                Effect::Changed
            }
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", X::ImportTitle.s()), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 3 || inner.width < 10 {
            return;
        }
        let cols = inner.width as usize;
        let prompt = X::ImportPath.s();
        let (shown, caret) = self.path.window(cols.saturating_sub(width(prompt) + 1));
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(prompt, theme.label), Span::raw(shown)])),
            Rect { height: 1, ..inner },
        );
        frame.set_cursor_position(Position::new(inner.x + (width(prompt) + caret) as u16, inner.y));
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(fit(&self.mode_text(), cols), theme.dim))),
            Rect { y: inner.y + 1, height: 1, ..inner },
        );
        let lines: Vec<Line> = self
            .result
            .iter()
            .skip(self.scroll)
            .take(inner.height as usize - 2)
            .map(|l| Line::from(fit(l, cols)))
            .collect();
        frame.render_widget(Paragraph::new(lines), Rect { y: inner.y + 2, height: inner.height - 2, ..inner });
    }
}
