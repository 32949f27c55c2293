//! 退回: the county returns a school's submission of a month, with a reason, over the
//! monthly screen. One line of text (typed through the IME like any field); Enter asks the
//! shared confirm question, y returns it (kept in history; the school submits again), Esc
//! goes back with nothing changed.

use super::{Ctx, Effect, ReturnMonth, Screen};
use crate::db::submissions;
use crate::i18n::fill;
use crate::i18n::keys::K;
use crate::i18n::month::M;
use crate::tui::bindings::{bar, text, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::prompt::{Prompt, Words};
use crate::tui::widgets::question::Question;
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct ReturnForm {
    about: ReturnMonth,
    prompt: Prompt,
}

impl ReturnForm {
    pub fn new(about: ReturnMonth) -> ReturnForm {
        ReturnForm { about, prompt: Prompt::new("") }
    }

    /// Enter: a reason is needed before anything is asked.
    fn ask(&mut self) -> Effect {
        let reason = self.prompt.text().to_string();
        if reason.is_empty() {
            self.prompt.error = Some(M::ErrNoReason.s().to_string());
            return Effect::Changed;
        }
        let a = &self.about;
        Effect::Ask(Question::confirm(fill(M::AskReturn.s(), &[&a.school_name, &a.month, &reason])))
    }

    fn apply(&mut self, ctx: &mut Ctx) -> Effect {
        let a = &self.about;
        let reason = self.prompt.text().to_string();
        match submissions::return_school(ctx.db, &a.county, a.school_id, a.month, &reason) {
            Ok(_) => Effect::PopWith(fill(M::DoneReturn.s(), &[&a.school_name, &a.month, &reason])),
            Err(e) => {
                self.prompt.error = Some(crate::i18n::errors::session_write_error(ctx.db, &e));
                Effect::Changed
            }
        }
    }
}

impl Screen for ReturnForm {
    fn crumbs(&self) -> Vec<String> {
        vec![M::ReturnTitle.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Back) => Effect::Pop,
            Action::Cmd(Command::Confirm) => self.apply(ctx),
            Action::Enter => self.ask(),
            other if self.prompt.update(&other) => Effect::Changed,
            _ => Effect::None,
        }
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let whose = fill(M::ReturnWhose.s(), &[&self.about.school_name, &self.about.month]);
        let words = Words {
            title: M::ReturnTitle.s(),
            label: M::ReturnReason.s(),
            about: &whose,
            explain: M::ReturnExplain.s(),
        };
        self.prompt.view(frame, area, &words, theme);
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context =
    text("Return a submission", || K::CtxReturn.s(), &[&[bar(&["Enter"], Command::Apply, || M::HintReturnGo.s())]]);
