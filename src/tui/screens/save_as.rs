//! Writing the report on screen to a file: a one-line path over the report, starting at the
//! current folder with a name made from the report (`月报-231123-2026-11.xlsx`). Enter
//! writes xlsx or CSV by the name's ending — the same file `taizhang report …` writes —
//! and never over an existing file; Esc goes back without writing.

use super::{Ctx, Effect, Screen};
use crate::i18n::fill;
use crate::i18n::keys::K;
use crate::report::files::{self, FileError, ReportFile};
use crate::tui::bindings::{bar, text, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::overlay;
use crate::tui::widgets::text::width;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use std::path::PathBuf;

crate::i18n::texts! { F {
    Title => "导出报表", "Export the report";
    Path => "文件：", "File: ";
    Explain => "以 .xlsx 或 .csv 结尾；Enter 写出，Esc 返回。", "Ends in .xlsx or .csv; Enter writes, Esc goes back.";
    HintWrite => "写出", "Write";
    Written => "已写出 {}。", "Written to {}.";
    BadExtension => "文件名须以 .xlsx 或 .csv 结尾（现为“{}”）：改一下再按 Enter。", "The name must end in .xlsx or .csv (it is “{}”): change it and press Enter.";
    Exists => "已有文件 {}，不会覆盖：换一个名字。", "{} exists and is not overwritten: choose another name.";
    Failed => "无法写入 {}：{}。请检查文件夹是否存在、是否可写。", "Cannot write {}: {}. Check that the folder exists and is writable.";
    Empty => "请输入文件名。", "Type a file name.";
}}

pub struct SaveAsScreen {
    report: Box<ReportFile>,
    input: LineInput,
    error: Option<String>,
}

impl SaveAsScreen {
    pub fn new(report: ReportFile) -> SaveAsScreen {
        let start =
            std::env::current_dir().map(|d| d.join(&report.suggested)).unwrap_or(report.suggested.clone().into());
        SaveAsScreen { input: LineInput::new(&start.display().to_string()), report: Box::new(report), error: None }
    }

    /// The typed path, `~/` as the home folder.
    fn path(&self) -> PathBuf {
        let typed = self.input.text().trim();
        match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => PathBuf::from(typed),
        }
    }

    fn write(&mut self) -> Effect {
        if self.input.text().trim().is_empty() {
            self.error = Some(F::Empty.s().to_string());
            return Effect::Changed;
        }
        let path = self.path();
        let shown = path.display();
        match files::write(&self.report, &path) {
            Ok(()) => Effect::PopWith(fill(F::Written.s(), &[&shown])),
            Err(e) => {
                self.error = Some(match e {
                    FileError::Extension => fill(F::BadExtension.s(), &[&shown]),
                    FileError::Exists => fill(F::Exists.s(), &[&shown]),
                    FileError::Io(why) => fill(F::Failed.s(), &[&shown, &why]),
                });
                Effect::Changed
            }
        }
    }
}

impl Screen for SaveAsScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![F::Title.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Back) => return Effect::Pop,
            Action::Enter => return self.write(),
            other if self.input.edit(&other) => {}
            _ => return Effect::None,
        }
        self.error = None;
        Effect::Changed
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rect = overlay::centered(area, area.width.saturating_sub(4).min(76), 7);
        let inner = overlay::frame(frame, rect, F::Title.s(), None, theme);
        let cols = inner.width as usize;
        let prompt = F::Path.s();
        let (shown, caret) = self.input.window(cols.saturating_sub(width(prompt)));
        let line = Line::from(vec![Span::styled(prompt, theme.label), Span::raw(shown)]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        // The terminal cursor at the caret: the input method's window opens there.
        frame.set_cursor_position(Position::new(inner.x + (width(prompt) + caret) as u16, inner.y));
        let (note, style) = match &self.error {
            Some(e) => (e.as_str(), theme.error),
            None => (F::Explain.s(), theme.dim),
        };
        let below = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
        let text = vec![
            Line::from(Span::styled(self.report.title.as_str(), theme.dim)),
            Line::from(Span::styled(note, style)),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), below);
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context =
    text("Export a report", || K::CtxSaveAs.s(), &[&[bar(&["Enter"], Command::Apply, || F::HintWrite.s())]]);
