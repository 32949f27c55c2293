//! What a key can mean, independent of which key it is. Screens match on these; the
//! tables in [`super::bindings`] say which key gives which command where, so a key is
//! moved by editing one row there.

use super::screens::Dest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    // Global (any screen).
    Help,
    Quit,
    /// Esc: cancel, clear, close or go back, whichever the context means.
    Back,
    Redraw,
    Suspend,
    /// Ctrl-C: quit now (raw mode turns it into a key, not a signal).
    Interrupt,
    // Navigation and editing keys, which the keymap delivers as actions; their rows only
    // say what the context does with them (see `Key::is_navigation`).
    Move,
    Open,
    Apply,
    Choose,
    /// Enter on a field filled from a list: open the list.
    Pick,
    /// ←→ on a field with a few choices: the next or previous one.
    Cycle,
    NextField,
    Complete,
    SwitchTab,
    Column,
    Month,
    Unset,
    // Commands a screen handles.
    Search,
    FilterForm,
    ToggleOpen,
    Sort,
    Reverse,
    /// Above a county: show the next county's rows only (then all again).
    Place,
    New,
    Edit,
    Reveal,
    /// The school-year rollover of a county (asks first, with what it will change).
    Rollover,
    /// Turn a verification round's findings into 疑似辍学 cases (asked twice).
    OpenCases,
    /// Edit the focused note in `$VISUAL` / `$EDITOR` (the app hands the terminal over).
    ExternalEditor,
    Undo,
    Step,
    /// Log the entry the case's status calls for: a 送教 session, a 跟踪回访 check, a visit.
    Log,
    /// Open another screen of what this one shows (its ledger, its schools …).
    Go(Dest),
    AddMember,
    RemoveMember,
    MakeLead,
    Activity,
    /// Schools: show only those holding a designation (标签), chosen in a picker.
    TagFilter,
    /// A school's history (沿革), and recording a dated change of it.
    History,
    Change,
    Dissolve,
    Explain,
    /// Jump to the indicator page `n` (1-based).
    Page(u8),
    Save,
    /// Answers of the question Esc asks on a changed form, and of a draft's offer.
    Discard,
    KeepDraft,
    Restore,
    Later,
    /// Write the report on screen to a file (xlsx or CSV).
    Export,
    ImportMode,
    ImportKind,
    /// The month's cycle (monthly screen): the selected school submits, files a 零报告,
    /// withdraws; the county accepts it, or submits its own month upward.
    Submit,
    ZeroReport,
    Withdraw,
    Accept,
    SubmitUp,
    /// A list's columns (`widgets::columns`): pick the one to the left (-1) or right (1),
    /// narrow or widen the picked one by this many terminal columns, hide it, or put every
    /// column back as the screen draws it.
    PickColumn(i8),
    ColumnWidth(i8),
    HideColumn,
    ResetColumns,
    /// `:`: the command line (`screens::jump`).
    CommandLine,
    /// 退回: the county returns the selected school's submission, with a reason.
    Return,
    /// The yes of a confirm question (`widgets::question::Question::confirm`).
    Confirm,
}
