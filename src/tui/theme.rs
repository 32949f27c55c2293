//! Colours and glyphs. Two concerns from the field: many Chinese SSH clients draw box and
//! block glyphs double-width (`--ascii` avoids them), and `NO_COLOR` asks for a theme made
//! of bold / reverse / underline only. Colours are from the 16-colour palette.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone)]
pub struct Theme {
    pub ascii: bool,
    pub border: border::Set<'static>,
    pub expanded: &'static str,
    pub collapsed: &'static str,
    pub leaf: &'static str,
    pub bar: char,
    pub crumb_sep: &'static str,
    pub header: Style,
    pub title: Style,
    pub selected: Style,
    pub hint_key: Style,
    pub hint_text: Style,
    pub label: Style,
    pub error: Style,
    pub message: Style,
    pub banner: Style,
    pub dim: Style,
    pub focus: Style,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn new(ascii: bool, no_color: bool) -> Theme {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reverse = plain.add_modifier(Modifier::REVERSED);
        let (header, selected, hint_key, error, message, banner, label, dim, focus) = if no_color {
            (
                reverse,
                reverse,
                bold,
                bold.add_modifier(Modifier::UNDERLINED),
                bold,
                reverse.add_modifier(Modifier::BOLD),
                plain,
                plain,
                plain.add_modifier(Modifier::UNDERLINED),
            )
        } else {
            (
                plain.fg(Color::Black).bg(Color::Cyan),
                plain.fg(Color::Black).bg(Color::Yellow),
                plain.fg(Color::Yellow).add_modifier(Modifier::BOLD),
                plain.fg(Color::LightRed).add_modifier(Modifier::BOLD),
                plain.fg(Color::LightGreen),
                plain.fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD),
                plain.fg(Color::Cyan),
                plain.fg(Color::DarkGray),
                plain.fg(Color::Black).bg(Color::White),
            )
        };
        Theme {
            ascii,
            border: if ascii { ASCII_BORDER } else { border::PLAIN },
            expanded: if ascii { "- " } else { "▾ " },
            collapsed: if ascii { "+ " } else { "▸ " },
            leaf: "  ",
            bar: if ascii { '#' } else { '█' },
            crumb_sep: " > ",
            header,
            title: bold,
            selected,
            hint_key,
            hint_text: plain,
            label,
            error,
            message,
            banner,
            dim,
            focus,
        }
    }
}
