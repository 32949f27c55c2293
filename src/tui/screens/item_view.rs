//! One item of a ledger: its facts, where it stands, its close (销号) and its dated entries
//! (progress, close, reopen), newest first. From here: edit it, record progress, close it
//! with date, evidence and who verified it, or reopen it.

use super::{Ctx, Effect, Screen};
use crate::db::items::{self, EntryRow, Item, ItemKind};
use crate::db::Db;
use crate::domain::items::{CLOSE_FIELDS, FIELDS};
use crate::i18n::items::{action_label, kind_name, status_label, IT};
use crate::i18n::ledger::label_of;
use crate::i18n::T;
use crate::tui::bindings::{bar, commands, help, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::screens::{ItemStep as Step, Route};
use crate::tui::theme::Theme;
use crate::tui::widgets::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

crate::i18n::texts! { W {
    Title => "台账项 {}", "Item {}";
    Context => "台账项", "Item";
    Entries => "进展与销号记录", "Progress and closes";
    NoEntries => "尚无进展记录。按 p 记录进展。", "No entries yet. Press p to record progress.";
    HintProgress => "进展", "progress";
    HintClose => "销号", "close";
    HintReopen => "重新列入", "reopen";
    Gone => "这一项已不在你的范围内。", "This item is no longer within your scope.";
}}

pub struct ItemScreen {
    item: Item,
    kinds: Vec<ItemKind>,
    entries: Vec<EntryRow>,
    scroll: usize,
}

impl ItemScreen {
    pub fn new(db: &Db, id: i64) -> Result<ItemScreen, String> {
        let item = items::get_visible(db, id).map_err(|e| e.to_string())?.ok_or_else(|| W::Gone.s().to_string())?;
        Ok(ItemScreen {
            entries: items::entries(&db.conn, id).map_err(|e| e.to_string())?,
            kinds: items::kinds(&db.conn).map_err(|e| e.to_string())?,
            item,
            scroll: 0,
        })
    }

    fn step(&self, step: Step, db: &Db) -> Effect {
        if let Some(msg) = super::refusal(db, Some(&self.item.target()), false) {
            return Effect::Message(msg);
        }
        let closed = self.item.closed_on.is_some();
        let refused = match step {
            Step::Progress | Step::Close if closed => Some(IT::ErrAlreadyClosed.s()),
            Step::Reopen if !closed => Some(IT::ErrNotClosed.s()),
            _ => None,
        };
        match refused {
            Some(msg) => Effect::Message(msg.to_string()),
            None => Effect::Open(Route::ItemStep(Box::new(self.item.clone()), step)),
        }
    }

    /// (label, value) of every fact shown, the close included when closed.
    fn facts(&self) -> Vec<(String, String)> {
        let today = crate::db::today();
        let r = &self.item.record;
        let label = |key: &str| {
            crate::domain::fields::find(FIELDS, key)
                .or_else(|| crate::domain::fields::find(CLOSE_FIELDS, key))
                .map(|f| label_of(f).to_string())
                .unwrap_or_default()
        };
        let mut out = vec![
            (label("kind"), kind_name(&self.kinds, &r.kind).to_string()),
            (label("school_id"), self.item.school.clone().unwrap_or_else(|| IT::CountyLevel.s().to_string())),
            (label("problem"), r.problem.clone()),
            (label("measure"), r.measure.clone()),
            (label("unit"), format!("{}  {}：{}", r.unit, label("person"), r.person)),
            (
                label("opened_on"),
                format!("{}  {}：{}", r.opened_on, label("due_on"), r.due_on.clone().unwrap_or_default()),
            ),
            (IT::ColStatus.s().to_string(), status_label(self.item.status(today)).to_string()),
        ];
        if let Some(on) = &self.item.closed_on {
            out.push((label("closed_on"), format!("{on}  {}：{}", label("closed_by"), self.item.closed_by)));
            out.push((label("evidence"), self.item.evidence.clone()));
        }
        if !r.note.is_empty() {
            out.push((label("note"), r.note.clone()));
        }
        out
    }
}

impl Screen for ItemScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![crate::i18n::fill(W::Title.s(), &[&self.item.id])]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn offers(&self, cmd: Command) -> bool {
        let closed = self.item.closed_on.is_some();
        match cmd {
            Command::Step | Command::Activity => !closed,
            Command::Undo => closed,
            _ => true,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(self.entries.len().saturating_sub(1)),
            Action::Cmd(Command::Edit) => return self.step(Step::Edit, ctx.db),
            Action::Cmd(Command::Activity) => return self.step(Step::Progress, ctx.db),
            Action::Cmd(Command::Step) => return self.step(Step::Close, ctx.db),
            Action::Cmd(Command::Undo) => return self.step(Step::Reopen, ctx.db),
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let mut lines: Vec<Line> = self
            .facts()
            .into_iter()
            .map(|(k, v)| {
                let head = format!("{k}：");
                let rest = cols.saturating_sub(crate::tui::widgets::text::width(&head));
                Line::from(vec![Span::styled(head, theme.label), Span::raw(fit(&v, rest))])
            })
            .collect();
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(fit(W::Entries.s(), cols), theme.title)));
        if self.entries.is_empty() {
            lines.push(Line::from(Span::styled(fit(W::NoEntries.s(), cols), theme.dim)));
        }
        for e in self.entries.iter().skip(self.scroll) {
            let who = if e.by_name.is_empty() { e.login.clone() } else { e.by_name.clone() };
            let text = format!("{}  {}  {}  {}", e.on_date, action_label(&e.action), e.note, who);
            let style = if e.action == "progress" { theme.dim } else { ratatui::style::Style::default() };
            lines.push(Line::from(Span::styled(fit(&text, cols), style)));
        }
        lines.truncate(area.height as usize);
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn refresh(&mut self, db: &Db) -> bool {
        let Ok(Some(item)) = items::get_visible(db, self.item.id) else { return false };
        let entries = items::entries(&db.conn, item.id).unwrap_or_default();
        let changed = item != self.item || entries != self.entries;
        self.item = item;
        self.entries = entries;
        changed
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Item",
    || W::Context.s(),
    &[&[
        bar(&["p"], Command::Activity, || W::HintProgress.s()),
        bar(&["x"], Command::Step, || W::HintClose.s()),
        bar(&["r"], Command::Undo, || W::HintReopen.s()),
        bar(&["e"], Command::Edit, || T::HintEdit.s()),
        bar(&["↑↓"], Command::Move, || T::HintMove.s()),
        help(&["Backspace", "←"], Command::Back, || T::HintBack.s()),
    ]],
);
