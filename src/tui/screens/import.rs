//! Importing a spreadsheet from the TUI. The path line starts at the current folder; below
//! it the folder's folders and spreadsheets, filtered by the name being typed (a file
//! browser, as a shell completes: Up/Down or Ctrl-P/Ctrl-N select, Tab completes, Enter
//! opens a folder or checks a file). Enter on a file is the dry run (nothing is written);
//! F2 imports in the chosen mode (all rows or none / skip the bad rows, F3), as cases or
//! schools (F4). The result is the same account `taizhang import` prints (its typed lines:
//! how it ended first, then the mapping and each row, problems in the error colour),
//! scrollable; Esc or typing returns to the list, a second Esc leaves.

use super::{Ctx, Effect, Screen};
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::i18n::keys::K;
use crate::i18n::T;
use crate::io::import::{self, Kind, Mode, Options};
use crate::report::import::{failure_lines, report_lines, Audience, LineKind, ReportLine};
use crate::tui::bindings::{bar, help, text, Binding, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::file_list::{self, EntryKind, FileList};
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::text::{fit, truncate, width};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::cell::Cell;

pub struct ImportScreen {
    county: String,
    path: LineInput,
    files: FileList,
    kind: Kind,
    skip_invalid: bool,
    /// The account of the last check or import; while shown it takes the list's place.
    result: Option<Vec<ReportLine>>,
    scroll: usize,
    /// The furthest the account can scroll, as last drawn (lines wrap to the width).
    max_scroll: Cell<usize>,
}

/// The current folder as the path line's first text, ending with `/`.
fn start_text() -> String {
    match std::env::current_dir() {
        Ok(d) => {
            let s = d.display().to_string();
            if s.ends_with('/') {
                s
            } else {
                s + "/"
            }
        }
        Err(_) => "~/".to_string(),
    }
}

impl ImportScreen {
    pub fn new(county: &str) -> ImportScreen {
        ImportScreen::at(county, &start_text())
    }

    /// The screen with `text` already typed on the path line.
    pub fn at(county: &str, text: &str) -> ImportScreen {
        ImportScreen {
            county: county.to_string(),
            path: LineInput::new(text),
            files: FileList::new(text),
            kind: Kind::Cases,
            skip_invalid: false,
            result: None,
            scroll: 0,
            max_scroll: Cell::new(usize::MAX),
        }
    }

    /// The path line changed: list again, and leave a result for the list.
    fn edited(&mut self) {
        self.result = None;
        self.files.load(self.path.text());
    }

    fn show(&mut self, lines: Vec<ReportLine>) {
        self.result = Some(lines);
        self.scroll = 0;
    }

    /// A one-line account: why nothing could be checked.
    fn show_failure(&mut self, text: String) {
        self.show(vec![ReportLine::new(LineKind::Failure, text)]);
    }

    /// Puts the selected entry on the path line (Tab); for a folder, lists inside it.
    fn complete(&mut self) -> Option<EntryKind> {
        let entry = self.files.selected()?.clone();
        let text = file_list::complete(self.path.text(), &entry, file_list::home().as_deref());
        self.path.set(&text);
        self.edited();
        Some(entry.kind)
    }

    /// Enter (check) or F2 (import): the typed path if it is a file, else the selected entry
    /// (a folder is opened instead).
    fn act(&mut self, ctx: &mut Ctx, mode: Mode) {
        let typed = file_list::expand(self.path.text().trim(), file_list::home().as_deref());
        if !typed.is_file() {
            match self.files.selected().map(|e| e.kind) {
                Some(EntryKind::File) => {
                    self.complete();
                }
                Some(_) => {
                    self.complete();
                    return;
                }
                None => {
                    self.show_failure(fill(X::FileMissing.s(), &[&typed.display()]));
                    return;
                }
            }
        }
        self.run(ctx, mode);
    }

    fn run(&mut self, ctx: &mut Ctx, mode: Mode) {
        let raw = self.path.text().trim();
        let path = file_list::expand(raw, file_list::home().as_deref());
        if !path.is_file() {
            return self.show_failure(fill(X::FileMissing.s(), &[&path.display()]));
        }
        if !file_list::is_spreadsheet(raw) {
            return self.show_failure(fill(X::FileNotSheet.s(), &[&path.display()]));
        }
        let opts = Options { mode, county: Some(self.county.clone()), ..Options::default() };
        let lines = match import::run(ctx.db, self.kind, &path, &opts, &mut |_, _| {}) {
            Ok(out) => report_lines(&out, mode, Audience::Screen),
            Err(e) => failure_lines(ctx.db, &e),
        };
        // How it ended first, then each row's account (problems, updates, duplicates, in
        // the file's order), then what was read and the column mapping.
        let (mut first, rest): (Vec<ReportLine>, Vec<ReportLine>) =
            lines.into_iter().partition(|l| l.kind.is_outcome());
        // The counts and what to do before the sum of the problems (the command prints
        // the sum first, just above its last lines).
        first.sort_by_key(|l| l.kind == LineKind::Groups);
        let (rows, read): (Vec<ReportLine>, Vec<ReportLine>) = rest.into_iter().partition(|l| l.kind.is_row());
        first.extend(rows);
        first.extend(read);
        self.show(first);
    }

    fn scroll_by(&mut self, delta: isize) {
        self.scroll = self.scroll.saturating_add_signed(delta).min(self.max_scroll.get());
    }

    fn mode_text(&self) -> String {
        let kind = match self.kind {
            Kind::Cases => X::SheetCases.s(),
            Kind::CaseUpdates => X::KindCaseUpdates.s(),
            Kind::Schools => X::SheetSchools.s(),
            Kind::Registry => crate::i18n::registry::RG::SheetRegister.s(),
            Kind::Items => crate::i18n::items::IT::SheetItems.s(),
        };
        let mode = if self.skip_invalid { X::ModeSkip.s() } else { X::ModeAll.s() };
        fill(X::ImportMode.s(), &[&kind, &mode])
    }
}

/// `line` cut into pieces of at most `cols` columns, never splitting a wide character.
fn wrap(line: &str, cols: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        let head = truncate(rest, cols);
        if head.is_empty() || head.len() == rest.len() {
            out.push(rest);
            return out;
        }
        out.push(head);
        rest = &rest[head.len()..];
    }
}

/// How a line of the account is drawn: what went wrong stands out.
fn line_style(kind: LineKind, theme: &Theme) -> Style {
    match kind {
        LineKind::Problem | LineKind::Failure => theme.error,
        LineKind::Summary | LineKind::Groups => theme.message,
        LineKind::Heading => theme.label,
        LineKind::Mapping | LineKind::Duplicate | LineKind::Update | LineKind::Advice | LineKind::Rejected => {
            Style::new()
        }
    }
}

impl Screen for ImportScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![X::ImportTitle.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        match self.result {
            Some(_) => &RESULT_KEYS,
            None => &KEYS,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let showing = self.result.is_some();
        match action {
            Action::Cmd(Command::Back) if showing => self.result = None,
            Action::Cmd(Command::Back) => return Effect::Pop,
            Action::Enter if showing => self.result = None,
            Action::Enter => self.act(ctx, Mode::DryRun),
            Action::Cmd(Command::Save) => {
                self.act(ctx, if self.skip_invalid { Mode::SkipInvalid } else { Mode::Apply })
            }
            Action::NextField => {
                self.result = None;
                self.complete();
            }
            Action::Cmd(Command::ImportMode) => self.skip_invalid = !self.skip_invalid,
            Action::Cmd(Command::ImportKind) => {
                self.kind = match self.kind {
                    Kind::Cases => Kind::CaseUpdates,
                    Kind::CaseUpdates => Kind::Schools,
                    Kind::Schools => Kind::Registry,
                    Kind::Registry => Kind::Items,
                    Kind::Items => Kind::Cases,
                }
            }
            Action::Char(c) => {
                self.path.insert(c);
                self.edited();
            }
            Action::Backspace => {
                self.path.backspace();
                self.edited();
            }
            Action::ClearToStart => {
                self.path.clear_to_start();
                self.edited();
            }
            Action::Delete => {
                self.path.delete();
                self.edited();
            }
            Action::Left => self.path.left(),
            Action::Right => self.path.right(),
            Action::Home => self.path.home(),
            Action::End => self.path.end(),
            Action::Down if showing => self.scroll_by(1),
            Action::Up if showing => self.scroll_by(-1),
            Action::PageDown if showing => self.scroll_by(10),
            Action::PageUp if showing => self.scroll_by(-10),
            Action::Down => self.files.down(),
            Action::Up => self.files.up(),
            Action::PageDown => self.files.page_down(),
            Action::PageUp => self.files.page_up(),
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", X::ImportTitle.s()), theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 3 || inner.width < 10 {
            return;
        }
        let cols = inner.width as usize;
        let prompt = X::ImportPath.s();
        let (shown, caret) = self.path.window(cols.saturating_sub(width(prompt) + 1));
        frame.render_widget(
            Paragraph::new(Line::from(vec![Span::styled(prompt, theme.label), Span::raw(shown)])),
            Rect { height: 1, ..inner },
        );
        frame.set_cursor_position(Position::new(inner.x + (width(prompt) + caret) as u16, inner.y));
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(fit(&self.mode_text(), cols), theme.dim))),
            Rect { y: inner.y + 1, height: 1, ..inner },
        );
        let below = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
        let Some(result) = &self.result else {
            self.files.view(frame, below, theme);
            return;
        };
        // The account (long lines wrapped), and on the last row how to get back to the list.
        let room = (below.height as usize).saturating_sub(1);
        let wrapped: Vec<(&str, Style)> = result
            .iter()
            .flat_map(|l| wrap(&l.text, cols).into_iter().map(move |piece| (piece, line_style(l.kind, theme))))
            .collect();
        self.max_scroll.set(wrapped.len().saturating_sub(room));
        let first = self.scroll.min(self.max_scroll.get());
        let mut lines: Vec<Line> = wrapped
            .iter()
            .skip(first)
            .take(room)
            .map(|(piece, style)| Line::from(Span::styled(fit(piece, cols), *style)))
            .collect();
        lines.resize(room, Line::from(""));
        lines.push(Line::from(Span::styled(fit(X::BrowseBack.s(), cols), theme.dim)));
        frame.render_widget(Paragraph::new(lines), below);
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

/// The import's commands, which work while the path is typed and while a result shows.
const IMPORT_KEYS: &[Binding] = &[
    bar(&["F2", "Ctrl-S"], Command::Save, || X::HintImport.s()),
    bar(&["F3"], Command::ImportMode, || X::HintMode.s()),
    bar(&["F4"], Command::ImportKind, || X::HintKind.s()),
];

pub static KEYS: Context = text(
    "Import",
    || K::CtxImport.s(),
    &[
        &[
            bar(&["Enter"], Command::Open, || X::HintOpen.s()).about(|| K::AboutImportEnter.s()),
            bar(&["Tab"], Command::Complete, || X::HintComplete.s()),
        ],
        IMPORT_KEYS,
        &[help(&["↑↓"], Command::Move, || T::HintMove.s()), help(&["PgUp/PgDn"], Command::Move, || K::Page.s())],
    ],
);

pub static RESULT_KEYS: Context = text(
    "Import result",
    || K::CtxImportResult.s(),
    &[
        &[bar(&["Esc", "Enter"], Command::Back, || T::HintBack.s()), bar(&["↑↓"], Command::Move, || T::HintMove.s())],
        IMPORT_KEYS,
        &[help(&["PgUp/PgDn"], Command::Move, || K::Page.s())],
    ],
);
