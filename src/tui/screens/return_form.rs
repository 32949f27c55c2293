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
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::overlay;
use crate::tui::widgets::question::Question;
use crate::tui::widgets::text::width;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub struct ReturnForm {
    about: ReturnMonth,
    input: LineInput,
    error: Option<String>,
}

impl ReturnForm {
    pub fn new(about: ReturnMonth) -> ReturnForm {
        ReturnForm { about, input: LineInput::new(""), error: None }
    }

    /// Enter: a reason is needed before anything is asked.
    fn ask(&mut self) -> Effect {
        let reason = self.input.text().trim().to_string();
        if reason.is_empty() {
            self.error = Some(M::ErrNoReason.s().to_string());
            return Effect::Changed;
        }
        let a = &self.about;
        Effect::Ask(Question::confirm(fill(M::AskReturn.s(), &[&a.school_name, &a.month, &reason])))
    }

    fn apply(&mut self, ctx: &mut Ctx) -> Effect {
        let a = &self.about;
        let reason = self.input.text().trim().to_string();
        match submissions::return_school(ctx.db, &a.county, a.school_id, a.month, &reason) {
            Ok(_) => Effect::PopWith(fill(M::DoneReturn.s(), &[&a.school_name, &a.month, &reason])),
            Err(e) => {
                self.error = Some(crate::i18n::errors::session_write_error(ctx.db, &e));
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
            Action::Cmd(Command::Back) => return Effect::Pop,
            Action::Cmd(Command::Confirm) => return self.apply(ctx),
            Action::Enter => return self.ask(),
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
        let inner = overlay::frame(frame, rect, M::ReturnTitle.s(), None, theme);
        let prompt = M::ReturnReason.s();
        let (shown, caret) = self.input.window((inner.width as usize).saturating_sub(width(prompt)));
        let line = Line::from(vec![Span::styled(prompt, theme.label), Span::raw(shown)]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        // The terminal cursor at the caret: the input method's window opens there.
        frame.set_cursor_position(Position::new(inner.x + (width(prompt) + caret) as u16, inner.y));
        let (note, style) = match &self.error {
            Some(e) => (e.clone(), theme.error),
            None => (M::ReturnExplain.s().to_string(), theme.dim),
        };
        let whose = fill(M::ReturnWhose.s(), &[&self.about.school_name, &self.about.month]);
        let below = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
        let text = vec![Line::from(Span::styled(whose, theme.dim)), Line::from(Span::styled(note, style))];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), below);
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context =
    text("Return a submission", || K::CtxReturn.s(), &[&[bar(&["Enter"], Command::Apply, || M::HintReturnGo.s())]]);
