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
use crate::tui::widgets::prompt::{Prompt, Words};
use ratatui::layout::Rect;
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
    prompt: Prompt,
}

impl SaveAsScreen {
    pub fn new(report: ReportFile) -> SaveAsScreen {
        let start =
            std::env::current_dir().map(|d| d.join(&report.suggested)).unwrap_or(report.suggested.clone().into());
        SaveAsScreen { prompt: Prompt::new(&start.display().to_string()), report: Box::new(report) }
    }

    /// The typed path, `~/` as the home folder.
    fn path(&self) -> PathBuf {
        let typed = self.prompt.text();
        match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => PathBuf::from(typed),
        }
    }

    fn write(&mut self) -> Effect {
        if self.prompt.text().is_empty() {
            self.prompt.error = Some(F::Empty.s().to_string());
            return Effect::Changed;
        }
        let path = self.path();
        let shown = path.display();
        match files::write(&self.report, &path) {
            Ok(()) => Effect::PopWith(fill(F::Written.s(), &[&shown])),
            Err(e) => {
                self.prompt.error = Some(match e {
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
            Action::Cmd(Command::Back) => Effect::Pop,
            Action::Enter => self.write(),
            other if self.prompt.update(&other) => Effect::Changed,
            _ => Effect::None,
        }
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let words =
            Words { title: F::Title.s(), label: F::Path.s(), about: &self.report.title, explain: F::Explain.s() };
        self.prompt.view(frame, area, &words, theme);
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context =
    text("Export a report", || K::CtxSaveAs.s(), &[&[bar(&["Enter"], Command::Apply, || F::HintWrite.s())]]);
