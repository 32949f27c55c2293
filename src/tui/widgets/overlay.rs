//! The one way to draw something over the screen below (pickers, help, pop-up forms, the
//! indicator detail): wide characters cut by its edges are blanked, the area cleared, and a
//! bordered block with a title (and an optional footer) drawn.

use super::text::{clip_wide_around, fit};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;

/// A `w` × `h` rectangle centred in `area`, never larger than it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Draws the overlay's frame over `rect` and returns the area inside its border. The title
/// is cut to fit between the corners; `footer` goes on the bottom border, dimmed.
pub fn frame(frame: &mut Frame, rect: Rect, title: &str, footer: Option<&str>, theme: &Theme) -> Rect {
    clip_wide_around(frame.buffer_mut(), rect);
    frame.render_widget(Clear, rect);
    let title = fit(title, (rect.width as usize).saturating_sub(4));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border)
        .title(Span::styled(format!(" {} ", title.trim_end()), theme.title));
    if let Some(f) = footer {
        block = block.title_bottom(Span::styled(format!(" {f} "), theme.dim));
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    #[test]
    fn clears_clips_and_frames() {
        let mut term = Terminal::new(TestBackend::new(12, 5)).expect("terminal");
        let theme = Theme::new(false, false);
        term.draw(|f| {
            f.render_widget(ratatui::widgets::Paragraph::new(vec!["汉字汉字汉字".into(); 5]), f.area());
            let inner = frame(f, Rect { x: 1, y: 1, width: 10, height: 3 }, "一个很长的标题", None, &theme);
            assert_eq!(inner, Rect { x: 2, y: 2, width: 8, height: 1 });
        })
        .expect("draw");
        let buf = term.backend().buffer();
        let row: String = (0..12).map(|x| buf[(x, 1)].symbol().to_string()).collect();
        // The wide character straddling the left edge is blanked, not half drawn; the title
        // is cut to fit between the corners.
        assert!(row.starts_with(" ┌ 一") && row.contains("..") && row.contains('┐'), "{row:?}");
        let inside: String = (2..10).map(|x| buf[(x, 2)].symbol().to_string()).collect();
        assert_eq!(inside.trim(), "", "the area is cleared");
    }
}
