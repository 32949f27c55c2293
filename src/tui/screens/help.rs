//! The help overlay (`?` or F1): every key, and how to be added as a user.

use crate::i18n::T;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

#[derive(Debug, Default)]
pub struct HelpState {
    scroll: u16,
}

impl HelpState {
    /// False when the action closes the help.
    pub fn update(&mut self, action: Action) -> bool {
        match action {
            Action::Down | Action::PageDown => self.scroll = self.scroll.saturating_add(1),
            Action::Up | Action::PageUp => self.scroll = self.scroll.saturating_sub(1),
            Action::Home => self.scroll = 0,
            _ => return false,
        }
        true
    }

    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let body = T::HelpBody.s();
        // Full width (no stray borders of the screen below at the edges); long lines wrap
        // and the body scrolls with the arrow keys.
        let h = (body.lines().count() as u16 + 2).min(area.height);
        let w = area.width;
        let rect = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
        crate::tui::widgets::text::clip_wide_around(frame.buffer_mut(), rect);
        frame.render_widget(Clear, rect);
        let block =
            Block::default().borders(Borders::ALL).border_set(theme.border).title(format!(" {} ", T::HelpTitle.s()));
        frame.render_widget(
            Paragraph::new(body).block(block).wrap(ratatui::widgets::Wrap { trim: false }).scroll((self.scroll, 0)),
            rect,
        );
    }
}
