//! The county's evaluation verdict as one line, shown atop the indicators screen and the sheet.

use crate::domain::evaluation::{self as ev, Row as SheetRow, Section, SectionVerdict};
use crate::i18n::evaluation as etxt;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, width};
use ratatui::text::{Line, Span};

/// The county's verdict in one line: each section 达标, 未达标(n) or 待确认(n) (the
/// indicators screen and the sheet open with it).
pub fn verdict_line(rows: &[SheetRow], cols: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, s) in Section::ALL.iter().enumerate() {
        let v = ev::section_verdict(rows, *s);
        let style = match v {
            SectionVerdict::Pass => theme.message,
            SectionVerdict::Fail(_) => theme.error,
            SectionVerdict::Open(_) => theme.dim,
        };
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(format!("{} ", etxt::section_short(*s)), theme.label));
        spans.push(Span::styled(etxt::verdict_short(&v), style));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if used > cols {
        let all: String = spans.iter().map(|s| s.content.to_string()).collect();
        return Line::from(Span::raw(fit(&all, cols)));
    }
    spans.push(Span::raw(" ".repeat(cols - used)));
    Line::from(spans)
}
