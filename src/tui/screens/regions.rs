//! The first screen: the region tree (province → prefectures → counties) on the left and
//! an overview of the selected region on the right. Enter dives, Esc goes back up, `/`
//! filters by name, code or pinyin initials.

use super::{Ctx, Effect, Screen};
use crate::db::overview::{self, Overview};
use crate::db::{regions, Db};
use crate::domain::pinyin::matches_name_code;
use crate::domain::region::Level;
use crate::i18n::keys::K;
use crate::i18n::T;
use crate::tui::bindings::{bar, commands, help, text, Context, LIST_MOVES, REGION_LISTS, TYPED_FILTER};
use crate::tui::commands::Command;
use crate::tui::flows::open_facts_form;
use crate::tui::keymap::Action;
use crate::tui::screens::{Dest, Route};
use crate::tui::theme::Theme;
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::text::{fit, fit_right, thousands, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::cell::Cell;

#[derive(Debug, Clone)]
struct Node {
    code: String,
    name: String,
    level: Level,
    parent: Option<usize>,
    children: Vec<usize>,
    open_cases: i64,
}

pub struct RegionsScreen {
    nodes: Vec<Node>,
    expanded: Vec<bool>,
    /// Indexes into `nodes` of the rows currently shown, in order.
    visible: Vec<usize>,
    /// Index into `visible`.
    cursor: usize,
    /// First shown row; adjusted while drawing so the cursor stays in view.
    offset: Cell<usize>,
    /// Rows the list had when last drawn (PageUp/PageDown move by this).
    page: Cell<usize>,
    filter: LineInput,
    filtering: bool,
    overview: Overview,
}

impl RegionsScreen {
    pub fn new(db: &Db) -> rusqlite::Result<RegionsScreen> {
        let all = regions::all(&db.conn)?;
        let mut nodes: Vec<Node> = Vec::with_capacity(all.len());
        for r in all {
            let parent = r.parent_code.as_ref().and_then(|p| nodes.iter().position(|n| &n.code == p));
            nodes.push(Node {
                code: r.code,
                name: r.name,
                level: r.level,
                parent,
                children: Vec::new(),
                open_cases: 0,
            });
            let me = nodes.len() - 1;
            if let Some(p) = parent {
                nodes[p].children.push(me);
            }
        }
        let mut expanded = vec![false; nodes.len()];
        if let Some(root) = expanded.first_mut() {
            *root = true;
        }
        let mut screen = RegionsScreen {
            nodes,
            expanded,
            visible: Vec::new(),
            cursor: 0,
            offset: Cell::new(0),
            page: Cell::new(10),
            filter: LineInput::default(),
            filtering: false,
            overview: Overview::default(),
        };
        screen.load_counts(db)?;
        screen.rebuild_visible();
        screen.load_overview(db);
        Ok(screen)
    }

    /// The tree on region `code` (a jump from the command line): the filter cleared, its
    /// ancestors and itself expanded, the cursor on it.
    fn go_to(&mut self, code: &str, db: &Db) {
        let Some(found) = self.nodes.iter().position(|n| n.code == code) else { return };
        self.filter.set("");
        self.filtering = false;
        let mut at = Some(found);
        while let Some(i) = at {
            self.expanded[i] = true;
            at = self.nodes[i].parent;
        }
        self.rebuild_visible();
        self.cursor = self.visible.iter().position(|&i| i == found).unwrap_or(0);
        self.load_overview(db);
    }

    fn load_counts(&mut self, db: &Db) -> rusqlite::Result<()> {
        let by_county = overview::open_cases_by_county(&db.conn)?;
        for n in &mut self.nodes {
            n.open_cases = 0;
        }
        for i in (0..self.nodes.len()).rev() {
            if self.nodes[i].level == Level::County {
                self.nodes[i].open_cases = by_county.get(&self.nodes[i].code).copied().unwrap_or(0);
            }
            if let Some(p) = self.nodes[i].parent {
                let n = self.nodes[i].open_cases;
                self.nodes[p].open_cases += n;
            }
        }
        Ok(())
    }

    fn selected(&self) -> Option<&Node> {
        self.visible.get(self.cursor).map(|&i| &self.nodes[i])
    }

    fn load_overview(&mut self, db: &Db) {
        if let Some(code) = self.selected().map(|n| n.code.clone()) {
            self.overview = overview::load(&db.conn, &code).unwrap_or_default();
        }
    }

    fn rebuild_visible(&mut self) {
        let keep = self.selected().map(|n| n.code.clone());
        self.visible.clear();
        let query = self.filter.text().trim().to_string();
        if query.is_empty() {
            let roots: Vec<usize> = (0..self.nodes.len()).filter(|&i| self.nodes[i].parent.is_none()).collect();
            for r in roots {
                self.push_expanded(r);
            }
        } else {
            let mut show = vec![false; self.nodes.len()];
            for (i, n) in self.nodes.iter().enumerate() {
                if matches_name_code(&n.name, &n.code, &query) {
                    let mut at = Some(i);
                    while let Some(j) = at {
                        show[j] = true;
                        at = self.nodes[j].parent;
                    }
                }
            }
            self.visible = (0..self.nodes.len()).filter(|&i| show[i]).collect();
        }
        self.cursor = keep.and_then(|c| self.visible.iter().position(|&i| self.nodes[i].code == c)).unwrap_or(0);
    }

    fn push_expanded(&mut self, i: usize) {
        self.visible.push(i);
        if self.expanded[i] {
            for c in self.nodes[i].children.clone() {
                self.push_expanded(c);
            }
        }
    }

    /// After typing in the filter: put the cursor on the best match (a county if any).
    fn jump_to_first_match(&mut self) {
        let query = self.filter.text().trim().to_string();
        let matches = |n: &Node| matches_name_code(&n.name, &n.code, &query);
        let best = self
            .visible
            .iter()
            .position(|&i| self.nodes[i].level == Level::County && matches(&self.nodes[i]))
            .or_else(|| self.visible.iter().position(|&i| matches(&self.nodes[i])));
        self.cursor = best.unwrap_or(0);
    }

    fn move_cursor(&mut self, to: usize) {
        self.cursor = to.min(self.visible.len().saturating_sub(1));
    }

    fn dive(&mut self) -> Effect {
        let Some(&i) = self.visible.get(self.cursor) else { return Effect::None };
        if self.nodes[i].level == Level::County {
            let node = &self.nodes[i];
            return Effect::Open(Route::County { code: node.code.clone(), name: node.name.clone() });
        }
        if !self.filter.text().is_empty() {
            return Effect::None;
        }
        self.expanded[i] = true;
        self.rebuild_visible();
        self.cursor = (self.cursor + 1).min(self.visible.len() - 1);
        Effect::Changed
    }

    fn go_up(&mut self) -> Effect {
        let Some(&i) = self.visible.get(self.cursor) else { return Effect::None };
        if self.expanded[i] && self.nodes[i].parent.is_some() && self.filter.text().is_empty() {
            self.expanded[i] = false;
            self.rebuild_visible();
            return Effect::Changed;
        }
        let Some(p) = self.nodes[i].parent else { return Effect::None };
        if self.filter.text().is_empty() && self.nodes[p].parent.is_some() {
            self.expanded[p] = false;
        }
        let code = self.nodes[p].code.clone();
        self.rebuild_visible();
        self.cursor = self.visible.iter().position(|&j| self.nodes[j].code == code).unwrap_or(0);
        Effect::Changed
    }

    fn update_filter(&mut self, action: Action) -> Effect {
        match action {
            Action::Char(c) => self.filter.insert(c),
            Action::Backspace => self.filter.backspace(),
            Action::ClearToStart => self.filter.clear_to_start(),
            Action::Delete => self.filter.delete(),
            Action::Left => self.filter.left(),
            Action::Right => self.filter.right(),
            Action::Enter => {
                self.filtering = false;
                return Effect::Changed;
            }
            Action::Cmd(Command::Back) => {
                self.filtering = false;
                self.filter.set("");
                self.rebuild_visible();
                return Effect::Changed;
            }
            Action::Up => self.move_cursor(self.cursor.saturating_sub(1)),
            Action::Down => self.move_cursor(self.cursor + 1),
            _ => return Effect::None,
        }
        if matches!(action, Action::Char(_) | Action::Backspace | Action::Delete) {
            self.rebuild_visible();
            self.jump_to_first_match();
        }
        Effect::Changed
    }

    fn edit_facts(&self, ctx: &mut Ctx) -> Effect {
        let Some(node) = self.selected() else { return Effect::None };
        open_facts_form(ctx, &node.code, &node.name)
    }
}

impl Screen for RegionsScreen {
    fn show_region(&mut self, code: &str, db: &Db) {
        self.go_to(code, db);
    }

    fn crumbs(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = self.visible.get(self.cursor).copied();
        while let Some(i) = at {
            out.push(self.nodes[i].name.clone());
            at = self.nodes[i].parent;
        }
        out.reverse();
        out
    }

    fn context(&self) -> &'static Context {
        if self.filtering {
            &FILTER_KEYS
        } else {
            &KEYS
        }
    }

    fn offers(&self, cmd: Command) -> bool {
        cmd != Command::Edit || self.selected().is_some_and(|n| n.level == Level::County)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let before = self.selected().map(|n| n.code.clone());
        let effect = if self.filtering {
            self.update_filter(action)
        } else {
            match action {
                Action::Up => {
                    self.move_cursor(self.cursor.saturating_sub(1));
                    Effect::Changed
                }
                Action::Down => {
                    self.move_cursor(self.cursor + 1);
                    Effect::Changed
                }
                Action::PageUp => {
                    self.move_cursor(self.cursor.saturating_sub(self.page.get()));
                    Effect::Changed
                }
                Action::PageDown => {
                    self.move_cursor(self.cursor + self.page.get());
                    Effect::Changed
                }
                Action::Home => {
                    self.move_cursor(0);
                    Effect::Changed
                }
                Action::End => {
                    self.move_cursor(usize::MAX);
                    Effect::Changed
                }
                Action::Enter | Action::Right => self.dive(),
                Action::Cmd(Command::Back) | Action::Backspace if !self.filter.text().is_empty() => {
                    self.filter.set("");
                    self.rebuild_visible();
                    Effect::Changed
                }
                Action::Cmd(Command::Back) | Action::Backspace | Action::Left => self.go_up(),
                Action::Cmd(Command::Search) => {
                    self.filtering = true;
                    Effect::Changed
                }
                Action::Cmd(Command::Edit) => self.edit_facts(ctx),
                Action::Cmd(Command::Go(dest)) => match self.selected() {
                    // A spreadsheet is imported into one county's ledger.
                    Some(n) if dest == Dest::Import && n.level != Level::County => {
                        Effect::Message(crate::i18n::io::X::ImportAtCounty.s().to_string())
                    }
                    Some(n) => Effect::Open(dest.route(&n.code, &n.name)),
                    None => Effect::None,
                },
                _ => Effect::None,
            }
        };
        if self.selected().map(|n| n.code.clone()) != before {
            self.load_overview(ctx.db);
        }
        effect
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let tree_width = (area.width * 2 / 5).clamp(24, 34);
        let tree_area = Rect { width: tree_width, ..area };
        let right = Rect { x: area.x + tree_width, width: area.width - tree_width, ..area };
        self.view_tree(frame, tree_area, theme);
        if let Some(node) = self.selected() {
            let title = format!(" {} {} ", node.name, node.code);
            let block =
                Block::default().borders(Borders::ALL).border_set(theme.border).title(Span::styled(title, theme.title));
            let inner = block.inner(right);
            frame.render_widget(block, right);
            let lines = crate::tui::widgets::overview::lines(&self.overview, inner.width as usize, theme);
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let before = (self.overview.clone(), self.nodes.iter().map(|n| n.open_cases).collect::<Vec<_>>());
        if self.load_counts(db).is_err() {
            return false;
        }
        self.load_overview(db);
        before != (self.overview.clone(), self.nodes.iter().map(|n| n.open_cases).collect::<Vec<_>>())
    }
}

impl RegionsScreen {
    fn view_tree(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = if self.filtering || !self.filter.text().is_empty() {
            format!(" {}: {} ", T::Filter.s(), self.filter.text())
        } else {
            format!(" {} ", T::Regions.s())
        };
        let block =
            Block::default().borders(Borders::ALL).border_set(theme.border).title(Span::styled(title, theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut rows = inner.height as usize;
        let mut top = inner.y;
        if self.filtering {
            // The filter being typed, with the real cursor at its caret for the input method.
            let prompt = "/ ";
            let (shown, caret) = self.filter.window(inner.width as usize - width(prompt));
            frame.render_widget(Paragraph::new(format!("{prompt}{shown}")), Rect { height: 1, ..inner });
            frame.set_cursor_position(Position::new(inner.x + (width(prompt) + caret) as u16, inner.y));
            rows = rows.saturating_sub(1);
            top += 1;
        }
        self.page.set(rows.max(1));
        let offset = crate::tui::widgets::paged_table::follow_line(self.offset.get(), self.cursor, rows);
        self.offset.set(offset);
        let cols = inner.width as usize;
        let mut lines = Vec::with_capacity(rows);
        if self.visible.is_empty() {
            lines.push(Line::from(Span::styled(T::FilterNone.s(), theme.dim)));
        }
        for (row, &i) in self.visible.iter().enumerate().skip(offset).take(rows) {
            let n = &self.nodes[i];
            let indent = "  ".repeat(n.level as usize - 1);
            let marker = match (n.children.is_empty(), self.expanded[i] || !self.filter.text().is_empty()) {
                (true, _) => theme.leaf,
                (false, true) => theme.expanded,
                (false, false) => theme.collapsed,
            };
            let count = if n.open_cases > 0 { thousands(n.open_cases) } else { String::new() };
            let name_cols = cols.saturating_sub(width(&indent) + width(marker) + 7);
            let text = format!("{indent}{marker}{}{}", fit(&n.name, name_cols), fit_right(&count, 7));
            let style = if row == self.cursor { theme.selected } else { theme.hint_text };
            lines.push(Line::from(Span::styled(fit(&text, cols), style)));
        }
        frame.render_widget(Paragraph::new(lines), Rect { y: top, height: rows as u16, ..inner });
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Region tree",
    || K::CtxRegions.s(),
    &[
        &[
            bar(&["Enter"], Command::Open, || T::HintOpen.s()),
            bar(&["/"], Command::Search, || T::HintSearch.s()).about(|| K::AboutRegionFilter.s()),
        ],
        REGION_LISTS,
        &[
            // Any region: a county's own report, one row per county above it. In the help
            // page only: the hint bar has no room left at 80 columns.
            help(&["i"], Command::Go(Dest::Indicators), || crate::i18n::indicators::I::HintIndicators.s()),
            help(&["m"], Command::Go(Dest::Monthly), || crate::i18n::io::X::HintMonthly.s()),
            help(&["v"], Command::Go(Dest::Overview), || crate::i18n::rollup::R::HintOverview.s()),
            help(&["h"], Command::Go(Dest::History), || crate::i18n::history::H::HintReport.s()),
            help(&["I"], Command::Go(Dest::Import), || crate::i18n::io::X::HintImportKey.s()),
            bar(&["e"], Command::Edit, || T::HintEdit.s()).about(|| K::AboutFacts.s()),
        ],
        LIST_MOVES,
    ],
);

pub static FILTER_KEYS: Context = text("Filtering regions", || K::CtxRegionsFilter.s(), &[TYPED_FILTER]);
