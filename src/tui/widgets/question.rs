//! A question over the screen below, answered by one key: Esc on a form with changes
//! (keep editing / discard / save as draft), or a draft's offer where a form opens
//! (restore / discard / later). Its answers are the rows of its key context, so the hint
//! bar, the help and the question itself name the same keys; the app hands the chosen
//! command to the screen (see `App::answer`).

use super::overlay;
use super::text::wrap;
use crate::i18n::fill;
use crate::i18n::forms::F;
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone)]
pub struct Question {
    title: &'static str,
    text: String,
    context: &'static Context,
    /// The answers offered (a form without drafts cannot keep one).
    offered: Vec<Command>,
}

impl Question {
    /// Esc on a form with changes; `drafts`: the form can keep its input as a draft.
    pub fn leave(drafts: bool) -> Question {
        let mut offered = vec![Command::Back, Command::Discard];
        if drafts {
            offered.push(Command::KeepDraft);
        }
        Question { title: F::LeaveTitle.s(), text: F::LeaveText.s().into(), context: &bindings::LEAVE, offered }
    }

    /// A draft kept at `saved_at` differs from what the form shows.
    pub fn draft_offer(saved_at: &str) -> Question {
        Question {
            title: F::OfferTitle.s(),
            text: fill(F::OfferText.s(), &[&saved_at]),
            context: &bindings::DRAFT_OFFER,
            offered: vec![Command::Restore, Command::Discard, Command::Later],
        }
    }

    /// Asks before a step (受理, 退回): `text` says what will be done; y does it, Esc or n
    /// does nothing. The yes comes back to the screen as [`Command::Confirm`].
    pub fn confirm(text: String) -> Question {
        Question {
            title: F::ConfirmTitle.s(),
            text,
            context: &bindings::CONFIRM,
            offered: vec![Command::Confirm, Command::Back],
        }
    }

    pub fn context(&self) -> &'static Context {
        self.context
    }

    pub fn offers(&self, cmd: Command) -> bool {
        self.offered.contains(&cmd) || !self.context.rows().any(|b| b.cmd == cmd)
    }

    /// Whether `cmd` is one of its answers (anything else leaves it open).
    pub fn answered_by(&self, cmd: Command) -> bool {
        self.offered.contains(&cmd)
    }

    /// Its lines: the sentence, a blank line, then one line per answer (key, label).
    pub fn lines(&self, cols: usize) -> Vec<String> {
        let mut out = wrap(&self.text, cols);
        out.push(String::new());
        for b in self.context.rows().filter(|b| self.offered.contains(&b.cmd)) {
            let keys: Vec<&str> = bindings::active_keys(b, self.context.mode).collect();
            out.push(format!("  {:<6}{}", keys.join("/"), (b.label)()));
        }
        out
    }

    /// Drawn centred over `area`, on top of the form it is about.
    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width.saturating_sub(4).min(52) as usize;
        let lines = self.lines(cols);
        let rect = overlay::centered(area, cols as u16 + 4, lines.len() as u16 + 2);
        let inner = overlay::frame(frame, rect, self.title, None, theme);
        let text: Vec<Line> = lines.into_iter().map(|l| Line::from(Span::styled(l, theme.hint_text))).collect();
        frame.render_widget(
            Paragraph::new(text),
            Rect { x: inner.x + 1, width: inner.width.saturating_sub(1), ..inner },
        );
    }
}
