//! Every key binding as data: per context (a screen or one of its modes) rows of keys →
//! command → label, as gitui's key list, atuin's default keybindings or yazi's keymap rows.
//! The key handler resolves keys here, and the hint bar, the `?` help page and the README's
//! key list are all produced from these rows, so moving a key is one edit below.
//!
//! A row's keys are written as they are shown: `"v"`, `"?"`, `"F2"`, `"Ctrl-S"`, `"Esc"`.
//! Navigation and editing keys (`"Enter"`, `"Tab"`, `"↑↓"` …) stay with the keymap, which
//! delivers them as actions so lists and text fields work alike everywhere; their rows say
//! what this context does with them and are checked against the keymap by the tests.

use super::commands::Command;
use super::keymap::InputMode;
use super::screens::Dest;
use crate::i18n::config::C;
use crate::i18n::forms::F;
use crate::i18n::jump::J;
use crate::i18n::keys::K;
use crate::i18n::ledger::L;
use crate::i18n::schools::S;
use crate::i18n::T;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use Command::*;

/// One row: any of `keys` gives `cmd`; `label` names it in the hint bar and the help.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [&'static str],
    pub cmd: Command,
    pub label: fn() -> &'static str,
    /// Offered in the hint bar (rows are in order of importance); else only in the help.
    pub hint: bool,
    /// More than the label says, for the help page.
    pub about: Option<fn() -> &'static str>,
}

pub const fn bar(keys: &'static [&'static str], cmd: Command, label: fn() -> &'static str) -> Binding {
    Binding { keys, cmd, label, hint: true, about: None }
}

pub const fn help(keys: &'static [&'static str], cmd: Command, label: fn() -> &'static str) -> Binding {
    Binding { keys, cmd, label, hint: false, about: None }
}

impl Binding {
    pub const fn about(self, about: fn() -> &'static str) -> Binding {
        Binding { about: Some(about), ..self }
    }
}

/// A screen or a mode of one: its rows (in groups, so forms can share theirs), looked up
/// before the global rows.
#[derive(Debug)]
pub struct Context {
    /// For the README's headings and the tests.
    pub name: &'static str,
    pub title: fn() -> &'static str,
    /// Text: printable keys are typed into a field, so only F-keys, Ctrl-keys and Esc
    /// are commands.
    pub mode: InputMode,
    pub groups: Groups,
}

type Groups = &'static [&'static [Binding]];

/// A context whose letters are commands.
pub const fn commands(name: &'static str, title: fn() -> &'static str, groups: Groups) -> Context {
    Context { name, title, mode: InputMode::Command, groups }
}

/// A context where a field has focus, so letters are text.
pub const fn text(name: &'static str, title: fn() -> &'static str, groups: Groups) -> Context {
    Context { name, title, mode: InputMode::Text, groups }
}

impl Context {
    pub fn rows(&self) -> impl Iterator<Item = &'static Binding> {
        self.groups.iter().flat_map(|g| g.iter())
    }
}

/// How a row's key text is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    F(u8),
    Esc,
    /// Delivered by the keymap as a navigation or editing action.
    Navigation,
}

const NAVIGATION: &[&str] = &[
    "Enter",
    "Tab",
    "Shift-Tab",
    "Del",
    "Backspace",
    "Space",
    "↑↓",
    "←→",
    "↑",
    "↓",
    "←",
    "→",
    "PgUp/PgDn",
    "Home/End",
];

pub fn parse(desc: &str) -> Option<Key> {
    if NAVIGATION.contains(&desc) {
        return Some(Key::Navigation);
    }
    if desc == "Esc" {
        return Some(Key::Esc);
    }
    if let Some(c) = desc.strip_prefix("Ctrl-") {
        let mut chars = c.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => Some(Key::Ctrl(c.to_ascii_lowercase())),
            _ => None,
        };
    }
    if let Some(n) = desc.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=10).contains(&n).then_some(Key::F(n));
    }
    let mut chars = desc.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_graphic() => Some(Key::Char(c)),
        _ => None,
    }
}

impl Key {
    /// Whether the key is a command in `mode` (in text mode a letter is text).
    pub fn active(self, mode: InputMode) -> bool {
        match self {
            Key::Char(_) => mode == InputMode::Command,
            Key::Navigation => true,
            Key::Ctrl(_) | Key::F(_) | Key::Esc => true,
        }
    }

    fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match (self, key.code) {
            (Key::Char(c), KeyCode::Char(k)) => !ctrl && c == k,
            (Key::Ctrl(c), KeyCode::Char(k)) => ctrl && c == k.to_ascii_lowercase(),
            (Key::F(n), KeyCode::F(k)) => n == k,
            (Key::Esc, KeyCode::Esc) => true,
            _ => false,
        }
    }
}

/// The keys of a row that work in `mode`, as written.
pub fn active_keys(b: &Binding, mode: InputMode) -> impl Iterator<Item = &'static str> + '_ {
    b.keys.iter().copied().filter(move |k| parse(k).is_some_and(|k| k.active(mode)))
}

/// The command `key` gives in `ctx` (its rows first, then the global ones), if any.
pub fn resolve(ctx: &Context, key: &KeyEvent) -> Option<Command> {
    ctx.rows().chain(GLOBAL.rows()).find_map(|b| {
        let hit = b.keys.iter().filter_map(|k| parse(k)).any(|k| k.active(ctx.mode) && k.matches(key));
        hit.then_some(b.cmd)
    })
}

/// The rows in effect in `ctx`, its own then the global ones, without those whose every
/// key an earlier row takes (a form's Esc "cancel" hides the global Esc "back") or that
/// have no key working in its mode (`q` while typing).
pub fn effective(ctx: &Context) -> Vec<&'static Binding> {
    effective_keys(ctx).into_iter().map(|(b, _)| b).collect()
}

/// [`effective`] with each row's [`shown_keys`], in one pass (the hint bar draws every frame).
pub fn effective_keys(ctx: &Context) -> Vec<(&'static Binding, Vec<&'static str>)> {
    let mut rows: Vec<&'static Binding> = Vec::new();
    let mut out = Vec::new();
    for b in ctx.rows().chain(GLOBAL.rows()) {
        let keys: Vec<&'static str> = active_keys(b, ctx.mode).filter(|k| !taken(k, &rows, ctx.mode)).collect();
        if !keys.is_empty() {
            rows.push(b);
            out.push((b, keys));
        }
    }
    out
}

/// The keys of `b` that give its command in `ctx`: those no earlier row takes. A list's
/// shared "Backspace / ← back" shows only Backspace where ← already turns the month.
pub fn shown_keys(ctx: &Context, b: &Binding) -> Vec<&'static str> {
    match effective_keys(ctx).into_iter().find(|(r, _)| std::ptr::eq(*r, b)) {
        Some((_, keys)) => keys,
        // A row from elsewhere (line editing on a form's help) keeps all its keys.
        None => active_keys(b, ctx.mode).collect(),
    }
}

/// Whether every key `key` names is already one of `rows`' keys.
fn taken(key: &str, rows: &[&Binding], mode: InputMode) -> bool {
    single_keys(key).iter().all(|p| rows.iter().any(|o| active_keys(o, mode).any(|t| single_keys(t).contains(p))))
}

/// The single keys a row's key text names: "←→" is two keys.
fn single_keys(key: &str) -> Vec<&str> {
    match key {
        "↑↓" => vec!["↑", "↓"],
        "←→" => vec!["←", "→"],
        _ => vec![key],
    }
}

/// The key that gives `cmd` in `ctx`, for sentences that name it ("press v to show").
pub fn key_for(ctx: &Context, cmd: Command) -> &'static str {
    effective_keys(ctx).into_iter().filter(|(b, _)| b.cmd == cmd).find_map(|(_, k)| k.first().copied()).unwrap_or("")
}

/// Whether `b` is one of the global rows (the help lists those apart).
pub fn is_global(b: &Binding) -> bool {
    GLOBAL.rows().any(|g| std::ptr::eq(g, b))
}

/// Esc, help and quit: the hint bar never drops these.
pub fn essential(cmd: Command) -> bool {
    matches!(cmd, Back | Help | Quit)
}

// ---------------------------------------------------------------------------------------
// The tables.

/// Every report screen's export key: the report to an xlsx or CSV file (`screens::save_as`).
/// A list above a county: its rows of one county at a time (`c` again: the next, then all).
pub const PLACE: Binding = bar(&["c"], Place, || K::HintPlace.s()).about(|| K::AboutPlace.s());

pub const EXPORT: Binding = bar(&["o"], Export, || K::HintExport.s()).about(|| K::AboutExport.s());

pub static GLOBAL: Context = commands(
    "Anywhere",
    || K::CtxGlobal.s(),
    &[&[
        bar(&["Esc"], Back, || T::HintBack.s()),
        bar(&["?", "F1"], Help, || T::HintHelp.s()),
        bar(&["q"], Quit, || T::HintQuit.s()),
        help(&[":"], CommandLine, || J::HintOpenLine.s()).about(|| J::AboutLine.s()),
        help(&["Ctrl-L"], Redraw, || K::Redraw.s()),
        help(&["Ctrl-Z"], Suspend, || K::Suspend.s()),
        help(&["Ctrl-C"], Interrupt, || K::Interrupt.s()),
    ]],
);

/// Line editing in any text field: the keymap gives these as actions (documented here).
pub static EDITING: Context = text(
    "Typing text",
    || K::CtxEditing.s(),
    &[&[
        help(&["Ctrl-U"], Unset, || K::ClearToStart.s()),
        help(&["Ctrl-A"], Move, || K::LineStart.s()),
        help(&["Ctrl-E"], Move, || K::LineEnd.s()),
    ]],
);

/// The reveal key that works while typing too: the case view and the case form offer it.
pub const REVEAL_KEY: &str = "F5";

pub const LIST_MOVES: &[Binding] = &[
    help(&["↑↓"], Move, || T::HintMove.s()),
    help(&["PgUp/PgDn"], Move, || K::Page.s()),
    help(&["Home/End"], Move, || K::Ends.s()),
    help(&["Backspace", "←"], Back, || T::HintBack.s()),
];

/// Every list drawn with the shared table (`widgets::paged_table`): its columns picked,
/// narrowed, widened, hidden and restored (`widgets::columns`), kept per list.
pub const COLUMN_KEYS: &[Binding] = &[
    help(&["["], PickColumn(-1), || C::PickLeft.s()).about(|| C::AboutPick.s()),
    help(&["]"], PickColumn(1), || C::PickRight.s()).about(|| C::AboutPick.s()),
    help(&["<"], ColumnWidth(-2), || C::Narrower.s()),
    help(&[">"], ColumnWidth(2), || C::Wider.s()),
    help(&["H"], HideColumn, || C::HideColumn.s()).about(|| C::AboutHide.s()),
    help(&["="], ResetColumns, || C::ResetColumns.s()),
];

/// The key of `cmd` in `group`, for sentences that name it.
pub fn group_key(group: &[Binding], cmd: Command) -> &'static str {
    group.iter().find(|b| b.cmd == cmd).and_then(|b| b.keys.first().copied()).unwrap_or("")
}

/// A region's lists, from the tree and from a county's page alike.
pub const REGION_LISTS: &[Binding] = &[
    bar(&["l"], Go(Dest::Ledger), || L::HintLedger.s()),
    bar(&["s"], Go(Dest::Schools), || S::HintSchools.s()),
    bar(&["a"], Go(Dest::Alliances), || S::HintAlliances.s()),
    help(&["x"], Go(Dest::Items), || crate::i18n::items::IT::HintItems.s()),
];

/// A one-line filter or search as it is typed.
pub const TYPED_FILTER: &[Binding] = &[
    bar(&["Enter"], Apply, || T::HintApply.s()),
    bar(&["Esc"], Back, || T::HintClear.s()),
    bar(&["↑↓"], Move, || T::HintMove.s()),
];

pub static SEARCH: Context =
    Context { name: "Searching a list", title: || K::CtxSearch.s(), mode: InputMode::Text, groups: &[TYPED_FILTER] };

pub const FORM_SAVE: &[Binding] = &[bar(&["F2", "Ctrl-S"], Save, || T::HintSave.s())];

/// Every form: leave, move between fields, pick or cycle a value.
pub const FORM_ROWS: &[Binding] = &[
    bar(&["Esc"], Back, || T::HintCancel.s()).about(|| K::AboutFormEsc.s()),
    bar(&["Tab", "↓"], NextField, || T::HintNextField.s()),
    bar(&["Enter"], Pick, || T::HintChoose.s()),
    bar(&["←→"], Cycle, || T::HintChoose.s()),
    help(&["Shift-Tab", "↑"], NextField, || K::PrevField.s()),
];

/// A form with a note: the note in the user's own editor.
pub const NOTE_EDITOR: &[Binding] = &[bar(&["F4"], ExternalEditor, || K::HintEditor.s()).about(|| K::AboutEditor.s())];

pub static FORM: Context = text("Form", || K::CtxForm.s(), &[FORM_SAVE, FORM_ROWS, NOTE_EDITOR]);

/// A list's filter form: a form whose F2 applies the filter.
pub static FILTER_FORM: Context =
    text("Filter form", || K::CtxFilterForm.s(), &[&[bar(&["F2", "Ctrl-S"], Save, || T::HintApply.s())], FORM_ROWS]);

pub static PICKER: Context = text(
    "Pick list",
    || K::CtxPicker.s(),
    &[&[
        bar(&["Enter"], Choose, || T::HintChoose.s()),
        bar(&["Esc"], Back, || T::HintCancel.s()),
        bar(&["↑↓"], Move, || T::HintMove.s()),
        help(&["Space"], Choose, || K::Mark.s()),
        help(&["PgUp/PgDn"], Move, || K::Page.s()),
    ]],
);

/// Esc on a form with changes: the question (`widgets::question`) and its answers.
pub const LEAVE_ANSWERS: &[Binding] = &[
    bar(&["Esc"], Back, || F::KeepEditing.s()),
    bar(&["d"], Discard, || F::Discard.s()),
    bar(&["s"], KeepDraft, || F::KeepDraft.s()),
];
pub static LEAVE: Context = commands("Leaving a changed form", || F::CtxLeave.s(), &[LEAVE_ANSWERS]);

/// A form opened where a draft of an earlier session differs from what is stored.
pub const DRAFT_ANSWERS: &[Binding] = &[
    bar(&["r"], Restore, || F::Restore.s()),
    bar(&["d"], Discard, || F::DropDraft.s()),
    bar(&["Esc"], Later, || F::Later.s()),
];
pub static DRAFT_OFFER: Context = commands("Form with a draft", || F::CtxDraftOffer.s(), &[DRAFT_ANSWERS]);

/// A step that cannot be taken back by the one who takes it (受理, 退回): asked first.
pub const CONFIRM_ANSWERS: &[Binding] =
    &[bar(&["y"], Confirm, || F::ConfirmYes.s()), bar(&["Esc", "n"], Back, || F::ConfirmNo.s())];
pub static CONFIRM: Context = commands("Confirm a step", || F::CtxConfirm.s(), &[CONFIRM_ANSWERS]);

/// Any other key closes it too; these are the ones said.
pub static HELP: Context = commands(
    "Help",
    || K::CtxHelp.s(),
    &[&[
        bar(&["Esc", "?", "F1", "q"], Back, || T::HintClose.s()),
        bar(&["↑↓"], Move, || T::HintMove.s()),
        help(&["PgUp/PgDn"], Move, || K::Page.s()),
    ]],
);

/// The README's key list: every context (then line editing and the global keys), one
/// line each, in the current language; `tests/keys.rs` keeps README.md equal to it.
pub fn markdown() -> String {
    let line = |ctx: &Context, rows: Vec<&Binding>| {
        let keys: Vec<String> = rows
            .iter()
            .map(|b| {
                let k: Vec<String> = shown_keys(ctx, b).iter().map(|k| format!("`{k}`")).collect();
                format!("{} {}", k.join("/"), (b.label)())
            })
            .collect();
        format!("- **{}**: {}\n", ctx.name, keys.join(" · "))
    };
    let mut out = String::new();
    for ctx in crate::tui::screens::CONTEXTS {
        let own = effective(ctx).into_iter().filter(|b| !is_global(b)).collect();
        out.push_str(&line(ctx, own));
    }
    out.push_str(&line(&EDITING, EDITING.rows().collect()));
    out.push_str(&line(&GLOBAL, GLOBAL.rows().collect()));
    out
}
