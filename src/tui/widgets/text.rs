//! Display-width helpers for drawing: the text ones live in `crate::text` (reports and
//! help pages use them too); what needs a ratatui buffer is here.

pub use crate::text::{fit, fit_right, thousands, truncate, width, wrap};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A `label  value` row of a detail panel `cols` wide, the label padded to `label_cols`:
/// the value wraps onto indented rows (`text::wrap_hard`) instead of being cut, so a phone,
/// a masked ID or a long note is read whole.
pub fn labelled(label: &str, value: &str, label_cols: usize, cols: usize, style: Style) -> Vec<Line<'static>> {
    let pieces = crate::text::wrap_hard(value, cols.saturating_sub(label_cols));
    pieces
        .into_iter()
        .enumerate()
        .map(|(n, piece)| {
            // A long (English) label is cut rather than lose the space before the value.
            let label = if n == 0 { fit(label, label_cols.saturating_sub(1)) + " " } else { " ".repeat(label_cols) };
            Line::from(vec![Span::styled(label, style), Span::raw(piece)])
        })
        .collect()
}

/// Before drawing a pop-up over `rect`: a wide character straddling either edge would be
/// half covered (the terminal would then draw it over the border or leave half of it), so
/// both halves are blanked — never half-overwritten.
pub fn clip_wide_around(buf: &mut ratatui::buffer::Buffer, rect: ratatui::layout::Rect) {
    for y in rect.top()..rect.bottom() {
        // Left edge: a wide character just outside spills its second half inside.
        if rect.x > 0 {
            if let Some(cell) = buf.cell_mut((rect.x - 1, y)) {
                if width(cell.symbol()) > 1 {
                    cell.set_symbol(" ");
                }
            }
        }
        // Right edge: a wide character in the last column inside spills outside.
        let last = rect.right().saturating_sub(1);
        let straddles = buf.cell((last, y)).is_some_and(|c| width(c.symbol()) > 1);
        if straddles {
            if let Some(cell) = buf.cell_mut((last + 1, y)) {
                cell.set_symbol(" ");
            }
        }
    }
}
