//! Display-width helpers for drawing: the text ones live in `crate::text` (reports and
//! help pages use them too); what needs a ratatui buffer is here.

pub use crate::text::{fit, fit_right, thousands, truncate, width, wrap};

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
