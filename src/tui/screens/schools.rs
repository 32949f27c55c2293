//! The school table of a county or prefecture: size flags (大班额 / 超大班额 / 大校额 /
//! 小规模), filters by type, place and flag, sorting by any column, search by name, pinyin
//! initials or code. From a school: its form, its alliances and its open ledger cases.

use super::{Ctx, Effect, Screen};
use crate::db::schools::{self, SchoolRow};
use crate::db::Db;
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::pinyin::{self, matches_name_code};
use crate::domain::region::{self, Level};
use crate::domain::school::SizeFlag;
use crate::i18n::keys::K;
use crate::i18n::schools::{kind_short, S};
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{bar, commands, help, Context, COLUMN_KEYS, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::nav::{PickKind, Picked};
use crate::tui::screens::Dest;
use crate::tui::screens::{LedgerScope, Route};
use crate::tui::theme::Theme;
use crate::tui::widgets::columns::ColumnChoice;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::list_modes::{self, SearchKey};
use crate::tui::widgets::loaded::Loaded;
use crate::tui::widgets::paged_table::{self, Cursor, Table};
use crate::tui::widgets::picker::{Item, Picker};
use crate::tui::widgets::places::Places;
use ratatui::layout::Rect;
use ratatui::Frame;
use std::cmp::Ordering;

/// The table's columns, each sortable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Above a county: where the school belongs (市 at the province, then 县区).
    Prefecture,
    County,
    Name,
    Code,
    Kind,
    Location,
    Students,
    Classes,
    Average,
    Largest,
    Teachers,
    Flags,
}

impl Column {
    /// The column's name in the settings file (`[columns] schools = "…"`).
    fn key(self) -> &'static str {
        match self {
            Column::Prefecture => "prefecture",
            Column::County => "county",
            Column::Name => "name",
            Column::Code => "code",
            Column::Kind => "kind",
            Column::Location => "location",
            Column::Students => "students",
            Column::Classes => "classes",
            Column::Average => "average",
            Column::Largest => "largest",
            Column::Teachers => "teachers",
            Column::Flags => "flags",
        }
    }

    pub const ALL: &'static [Column] = &[
        Column::Prefecture,
        Column::County,
        Column::Name,
        Column::Code,
        Column::Kind,
        Column::Location,
        Column::Students,
        Column::Classes,
        Column::Average,
        Column::Largest,
        Column::Teachers,
        Column::Flags,
    ];

    fn header(self) -> &'static str {
        match self {
            Column::Prefecture => crate::i18n::rollup::R::ColPrefecture.s(),
            Column::County => crate::i18n::rollup::R::ColCounty.s(),
            Column::Name => S::ColName.s(),
            Column::Code => S::ColCode.s(),
            Column::Kind => S::ColKind.s(),
            Column::Location => S::ColLocation.s(),
            Column::Students => S::ColStudents.s(),
            Column::Classes => S::ColClasses.s(),
            Column::Average => S::ColAvg.s(),
            Column::Largest => S::ColLargest.s(),
            Column::Teachers => S::ColTeachers.s(),
            Column::Flags => S::ColFlags.s(),
        }
    }

    fn numeric(self) -> bool {
        matches!(self, Column::Students | Column::Classes | Column::Average | Column::Largest | Column::Teachers)
    }

    /// Columns of figures start with the largest first.
    fn descending_first(self) -> bool {
        self.numeric() || self == Column::Flags
    }
}

/// Which schools by closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedMode {
    Open,
    All,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolFilter {
    pub kind: Option<SchoolKind>,
    pub location: Option<Location>,
    pub flag: Option<SizeFlag>,
    pub closed: ClosedMode,
    pub text: String,
}

impl Default for SchoolFilter {
    fn default() -> Self {
        SchoolFilter { kind: None, location: None, flag: None, closed: ClosedMode::Open, text: String::new() }
    }
}

impl SchoolFilter {
    pub fn matches(&self, s: &SchoolRow) -> bool {
        let closed_ok = match self.closed {
            ClosedMode::Open => s.closed_on.is_none(),
            ClosedMode::Closed => s.closed_on.is_some(),
            ClosedMode::All => true,
        };
        closed_ok
            && self.kind.is_none_or(|k| k == s.kind)
            && self.location.is_none_or(|l| l == s.location)
            && self.flag.is_none_or(|f| s.flags().contains(&f))
            && matches_name_code(&s.name, s.school_code.as_deref().unwrap_or(""), &self.text)
    }
}

fn flag_code(f: SizeFlag) -> &'static str {
    match f {
        SizeFlag::LargeClass => "large_class",
        SizeFlag::HugeClass => "huge_class",
        SizeFlag::LargeSchool => "large_school",
        SizeFlag::SmallSchool => "small_school",
    }
}

const FLAGS: [SizeFlag; 4] = [SizeFlag::LargeClass, SizeFlag::HugeClass, SizeFlag::LargeSchool, SizeFlag::SmallSchool];

/// Severity of a school's flags, for sorting by the flag column.
fn flag_rank(s: &SchoolRow) -> i64 {
    s.flags()
        .iter()
        .map(|f| match f {
            SizeFlag::HugeClass => 8,
            SizeFlag::LargeSchool => 4,
            SizeFlag::LargeClass => 2,
            SizeFlag::SmallSchool => 1,
        })
        .sum()
}

fn compare(a: &SchoolRow, b: &SchoolRow, col: Column) -> Ordering {
    let n = |v: Option<i64>| v.unwrap_or(-1);
    match col {
        // Code order is the official order of places (and a prefecture's code leads its counties').
        Column::Prefecture | Column::County => a.county_code.cmp(&b.county_code),
        Column::Name => pinyin::compare(&a.name, &b.name),
        Column::Code => a.school_code.cmp(&b.school_code),
        Column::Kind => a.kind.cmp(&b.kind),
        Column::Location => a.location.cmp(&b.location),
        Column::Students => n(a.students).cmp(&n(b.students)),
        Column::Classes => n(a.classes).cmp(&n(b.classes)),
        Column::Average => n(a.average_class()).cmp(&n(b.average_class())),
        Column::Largest => n(a.largest_class).cmp(&n(b.largest_class)),
        Column::Teachers => n(a.teachers).cmp(&n(b.teachers)),
        Column::Flags => flag_rank(a).cmp(&flag_rank(b)),
    }
}

/// Sorts `rows` by `col` (ties by name, then id, always ascending).
pub fn sort_rows(rows: &mut [SchoolRow], col: Column, descending: bool) {
    rows.sort_by(|a, b| {
        let o = compare(a, b, col);
        let o = if descending { o.reverse() } else { o };
        o.then_with(|| pinyin::compare(&a.name, &b.name)).then_with(|| a.id.cmp(&b.id))
    });
}

pub struct SchoolsScreen {
    title: String,
    region: String,
    all: Loaded<Vec<SchoolRow>>,
    /// Indexes into `all` that pass the filter, in sort order.
    shown: Vec<usize>,
    cursor: Cursor,
    filter: SchoolFilter,
    /// The designation a school must hold to be shown (`t`), and who holds which.
    tag: Option<String>,
    tags: std::collections::HashMap<i64, Vec<String>>,
    search: LineInput,
    searching: bool,
    filter_form: Option<Form>,
    sort: Column,
    descending: bool,
    choice: ColumnChoice,
    /// The 县区 (市) columns and filter above a county.
    places: Places,
}

impl SchoolsScreen {
    /// The schools of `region` (a county, prefecture or the province), titled `title`.
    pub fn new(db: &Db, region: &str, title: &str) -> SchoolsScreen {
        let mut s = SchoolsScreen {
            title: title.to_string(),
            region: region.to_string(),
            all: Loaded::default(),
            shown: Vec::new(),
            cursor: Cursor::default(),
            filter: SchoolFilter::default(),
            tag: None,
            tags: Default::default(),
            search: LineInput::default(),
            searching: false,
            filter_form: None,
            sort: Column::Name,
            descending: false,
            choice: ColumnChoice::load(db, "schools"),
            places: Places::new(db, region, Vec::new()),
        };
        s.load(db);
        s
    }

    /// The columns shown: above a county the place columns take the code's room (the
    /// search still finds a school by its code).
    fn columns(&self) -> Vec<Column> {
        let places = self.places.headers().len();
        let shown = |c: &Column| match c {
            Column::Prefecture => places == 2,
            Column::County => places >= 1,
            Column::Code => places == 0,
            _ => true,
        };
        Column::ALL.iter().copied().filter(shown).collect()
    }

    /// Reloads from the database, keeping the selected school when it is still shown.
    fn load(&mut self, db: &Db) -> bool {
        let keep = self.selected().map(|s| s.id);
        // The designations only narrow the list: a failed read leaves the last ones.
        if let Ok(held) = crate::db::tags::by_school(&db.conn, &self.region) {
            self.tags = held.into_iter().map(|(id, g)| (id, g.into_iter().map(|g| g.tag).collect())).collect();
        }
        let changed = self.all.replace(schools::list(db, &self.region).map_err(|e| e.to_string()));
        self.places.set_units(self.all.data.iter().map(|r| r.county_code.clone()).collect());
        self.apply(keep);
        changed
    }

    /// Sorts, filters and puts the cursor back on `keep` if it is shown.
    fn apply(&mut self, keep: Option<i64>) {
        sort_rows(&mut self.all.data, self.sort, self.descending);
        let holds = |id: i64| self.tag.as_ref().is_none_or(|t| self.tags.get(&id).is_some_and(|h| h.contains(t)));
        let passes = |s: &SchoolRow| self.filter.matches(s) && self.places.matches(&s.county_code) && holds(s.id);
        self.shown = (0..self.all.data.len()).filter(|&i| passes(&self.all.data[i])).collect();
        self.cursor.index = keep.and_then(|id| self.shown.iter().position(|&i| self.all.data[i].id == id)).unwrap_or(0);
    }

    pub fn selected(&self) -> Option<&SchoolRow> {
        self.shown.get(self.cursor.index).and_then(|&i| self.all.data.get(i))
    }

    fn filter_active(&self) -> bool {
        self.filter != SchoolFilter::default() || self.places.only.is_some() || self.tag.is_some()
    }

    /// A picker of the region's designations (and "any"), on the one in force.
    fn pick_tag(&self, ctx: &mut Ctx) -> Effect {
        let names = match crate::db::tags::counts(ctx.db, &self.region) {
            Ok(t) => t.into_iter().map(|t| (t.name, t.schools)).collect::<Vec<_>>(),
            Err(e) => return Effect::Message(e.to_string()),
        };
        if names.is_empty() {
            return Effect::Message(S::NoTags.s().into());
        }
        let mut items = vec![Item::new("", S::Any.s(), "")];
        items.extend(names.into_iter().map(|(n, count)| Item::new(n.clone(), n, count.to_string())));
        let mut picker = Picker::new(S::ChooseTag.s(), items);
        picker.select_value(self.tag.as_deref().unwrap_or(""));
        Effect::Open(Route::Pick(Box::new(picker), PickKind::Tag))
    }

    fn cycle_sort(&mut self) {
        let keep = self.selected().map(|s| s.id);
        let columns = self.columns();
        let i = columns.iter().position(|c| *c == self.sort).unwrap_or(0);
        self.sort = columns.get((i + 1) % columns.len().max(1)).copied().unwrap_or(Column::Name);
        self.descending = self.sort.descending_first();
        self.apply(keep);
    }

    fn open_filter_form(&mut self) {
        let any = || vec![("", S::Any.s())];
        let mut kinds = any();
        kinds.extend(SchoolKind::ALL.iter().map(|k| (k.code(), k.label())));
        let mut places = any();
        places.extend(Location::ALL.iter().map(|l| (l.code(), l.label())));
        let mut flags = any();
        flags.extend(FLAGS.iter().map(|f| (flag_code(*f), f.label())));
        let closed = vec![("open", S::OpenOnly.s()), ("all", S::WithClosed.s()), ("closed", S::ClosedOnly.s())];
        let f = &self.filter;
        let closed_code = match f.closed {
            ClosedMode::Open => "open",
            ClosedMode::All => "all",
            ClosedMode::Closed => "closed",
        };
        self.filter_form = Some(
            Form::new(vec![
                Field::choice("kind", S::FKind.s(), kinds, f.kind.map(|k| k.code()).unwrap_or("")),
                Field::choice("location", S::FLocation.s(), places, f.location.map(|l| l.code()).unwrap_or("")),
                Field::choice("flag", S::FFlag.s(), flags, f.flag.map(flag_code).unwrap_or("")),
                Field::choice("closed", S::FClosed.s(), closed, closed_code),
            ])
            .without_leave_question(),
        );
    }

    fn apply_filter_form(&mut self) {
        let Some(form) = self.filter_form.take() else { return };
        self.filter.kind = SchoolKind::from_code(form.value("kind"));
        self.filter.location = Location::from_code(form.value("location"));
        self.filter.flag = FLAGS.iter().copied().find(|f| flag_code(*f) == form.value("flag"));
        self.filter.closed = match form.value("closed") {
            "all" => ClosedMode::All,
            "closed" => ClosedMode::Closed,
            _ => ClosedMode::Open,
        };
        let keep = self.selected().map(|s| s.id);
        self.apply(keep);
    }

    fn update_filter_form(&mut self, action: Action) -> Effect {
        if action == Action::Enter {
            // Enter applies the filter at once (←→ change a choice).
            self.apply_filter_form();
            return Effect::Changed;
        }
        let Some(form) = &mut self.filter_form else { return Effect::None };
        match form.update(action) {
            FormEvent::Save => self.apply_filter_form(),
            FormEvent::Cancel => self.filter_form = None,
            FormEvent::None => return Effect::None,
            _ => {}
        }
        Effect::Changed
    }

    fn update_search(&mut self, action: Action) -> Effect {
        match list_modes::search_key(&mut self.search, &mut self.searching, action) {
            SearchKey::Ignored => return Effect::None,
            SearchKey::Left => return Effect::Changed,
            SearchKey::Edited => {}
        }
        self.filter.text = self.search.text().trim().to_string();
        self.apply(None);
        Effect::Changed
    }

    fn open_form(&self, ctx: &mut Ctx) -> Effect {
        let Some(row) = self.selected() else { return Effect::None };
        match schools::get_visible(ctx.db, row.id) {
            Ok(Some(school)) => Effect::Open(Route::EditSchool(Box::new(school))),
            Ok(None) => Effect::None,
            Err(e) => Effect::Message(e.to_string()),
        }
    }

    fn new_school(&self, ctx: &mut Ctx) -> Effect {
        if region::level_of(&self.region) != Ok(Level::County) {
            return Effect::Message(S::NotACounty.s().into());
        }
        let target = crate::domain::access::Target { region_code: self.region.clone(), school_id: None };
        if let Some(message) = super::refusal(ctx.db, Some(&target), true) {
            return Effect::Message(message);
        }
        Effect::Open(Route::NewSchool { county: self.region.clone() })
    }

    /// The selected school's open cases.
    fn open_ledger(&self) -> Effect {
        let Some(row) = self.selected() else { return Effect::None };
        let scope =
            LedgerScope { title: row.name.clone(), region: Some(row.county_code.clone()), schools: Some(vec![row.id]) };
        Effect::Open(Route::Ledger(scope))
    }

    /// The selected school's history (沿革).
    fn open_history(&self) -> Effect {
        let Some(row) = self.selected() else { return Effect::None };
        Effect::Open(Route::SchoolHistory { school_id: row.id })
    }

    /// `b`: a dated change of the selected school (its kind picked first).
    fn pick_change(&self, ctx: &mut Ctx) -> Effect {
        let Some(row) = self.selected() else { return Effect::None };
        let target = crate::domain::access::Target { region_code: row.county_code.clone(), school_id: Some(row.id) };
        crate::tui::flows::change_picker(ctx.db, &target, row.closed_on.as_deref())
    }

    fn open_alliances(&self) -> Effect {
        let Some(row) = self.selected() else { return Effect::None };
        Effect::Open(Route::SchoolAlliances { school_id: row.id, name: row.name.clone() })
    }

    fn describe(&self) -> String {
        let f = &self.filter;
        let mut parts: Vec<String> = vec![match f.closed {
            ClosedMode::Open => S::OpenOnly.s().into(),
            ClosedMode::All => S::WithClosed.s().into(),
            ClosedMode::Closed => S::ClosedOnly.s().into(),
        }];
        parts.extend(self.places.describe());
        if let Some(k) = f.kind {
            parts.push(k.label().into());
        }
        if let Some(l) = f.location {
            parts.push(l.label().into());
        }
        if let Some(x) = f.flag {
            parts.push(x.label().into());
        }
        if let Some(t) = &self.tag {
            parts.push(fill(S::TagShown.s(), &[t]));
        }
        if !f.text.is_empty() {
            parts.push(format!("{} \"{}\"", S::Search.s(), f.text));
        }
        let dir = if self.descending { S::Desc.s() } else { S::Asc.s() };
        parts.push(fill(S::SortBy.s(), &[&self.sort.header(), &dir]));
        parts.join(T::ListSep.s())
    }
}

/// The table of `columns` at `cols` terminal columns: the name takes what the others leave.
fn table(cols: usize, columns: &[Column]) -> Table {
    let width = |c: Column| match c {
        Column::Prefecture => 6,
        Column::County => 8,
        Column::Name => 8,
        Column::Code => 10,
        Column::Kind => 6,
        Column::Flags => 16,
        _ => 4,
    };
    let columns = columns.iter().map(|&c| {
        let column = match c {
            Column::Name => paged_table::Column::flex(c.header(), width(c)),
            _ if c.numeric() => paged_table::Column::right(c.header(), width(c)),
            // A school code (标识码) is read digit by digit: never cut.
            Column::Code => paged_table::Column::left(c.header(), width(c)).kept(),
            _ => paged_table::Column::left(c.header(), width(c)),
        };
        column.key(c.key())
    });
    Table::new(columns.collect(), cols)
}

/// The cell of `col` for school `s`; `places` are its place cells (市 first, 县区 last).
fn cell(s: &SchoolRow, col: Column, places: &[String]) -> String {
    let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    match col {
        Column::Prefecture => places.first().cloned().unwrap_or_default(),
        Column::County => places.last().cloned().unwrap_or_default(),
        Column::Name => s.name.clone(),
        Column::Code => s.school_code.clone().unwrap_or_default(),
        Column::Kind => kind_short(s.kind).to_string(),
        Column::Location => s.location.label().to_string(),
        Column::Students => n(s.students),
        Column::Classes => n(s.classes),
        Column::Average => n(s.average_class()),
        Column::Largest => n(s.largest_class),
        Column::Teachers => n(s.teachers),
        Column::Flags if s.closed_on.is_some() => S::Closed.s().to_string(),
        Column::Flags => s.flags().iter().map(|f| f.label()).collect::<Vec<_>>().join(T::ListSep.s()),
    }
}

impl Screen for SchoolsScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(S::SchoolListOf.s(), &[&self.title])]
    }

    fn context(&self) -> &'static Context {
        list_modes::context(self.searching, self.filter_form.as_ref(), &KEYS)
    }

    fn offers(&self, cmd: Command) -> bool {
        (cmd != Command::Place || self.places.above_county()) && self.filter_form.as_ref().is_none_or(|f| f.offers(cmd))
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.filter_form.is_some() {
            return self.update_filter_form(action);
        }
        if self.searching {
            return self.update_search(action);
        }
        if let Some(effect) = self.choice.update(action, ctx.db) {
            return effect;
        }
        if self.cursor.update(action, self.shown.len()) {
            return Effect::Changed;
        }
        match action {
            Action::Cmd(Command::Search) => self.searching = true,
            Action::Cmd(Command::FilterForm) => self.open_filter_form(),
            Action::Cmd(Command::TagFilter) => return self.pick_tag(ctx),
            Action::Cmd(Command::Sort) => self.cycle_sort(),
            Action::Cmd(Command::Place) => {
                self.places.cycle();
                let keep = self.selected().map(|s| s.id);
                self.apply(keep);
            }
            Action::Cmd(Command::Reverse) => {
                self.descending = !self.descending;
                let keep = self.selected().map(|s| s.id);
                self.apply(keep);
            }
            Action::Enter | Action::Cmd(Command::Edit) => return self.open_form(ctx),
            Action::Cmd(Command::New) => return self.new_school(ctx),
            Action::Cmd(Command::Go(Dest::Alliances)) => return self.open_alliances(),
            Action::Cmd(Command::Go(Dest::Ledger)) => return self.open_ledger(),
            Action::Cmd(Command::History) => return self.open_history(),
            Action::Cmd(Command::Change) => return self.pick_change(ctx),
            Action::Cmd(Command::Back) | Action::Backspace if self.filter_active() => {
                self.filter = SchoolFilter::default();
                self.places.only = None;
                self.tag = None;
                self.search.set("");
                self.apply(None);
            }
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let closed = self.shown.iter().filter(|&&i| self.all.data[i].closed_on.is_some()).count();
        let mut counter = fill(S::Count.s(), &[&self.shown.len()]);
        if closed > 0 && self.filter.closed == ClosedMode::All {
            counter.push_str(&fill(S::CountClosed.s(), &[&closed]));
        }
        let head = (S::Search.s(), S::SearchHint.s());
        let y =
            list_modes::view_head(frame, area, &self.describe(), counter, &self.search, self.searching, head, theme);
        let columns = self.columns();
        let table = table(cols, &columns);
        let sort = columns.iter().position(|c| *c == self.sort).map(|i| (i, self.descending));
        let table_area = Rect { y, height: area.bottom().saturating_sub(y), ..area };
        let range = self.cursor.visible(paged_table::body_rows(table_area), self.shown.len());
        let placeholder = paged_table::placeholder(self.all.error.as_ref(), self.shown.is_empty(), S::Empty.s(), theme);
        let rows = range
            .filter_map(|row| Some((row, self.all.data.get(*self.shown.get(row)?)?)))
            .map(|(row, s)| {
                let style = paged_table::row_style(row == self.cursor.index, s.closed_on.is_some(), theme);
                let places = self.places.cells(&s.county_code);
                (columns.iter().map(|c| cell(s, *c, &places)).collect(), style)
            })
            .collect();
        self.choice.drawn(self.choice.choose(table).render(frame, table_area, sort, rows, placeholder, theme));
        if let Some(form) = &self.filter_form {
            form.view_popup(frame, area, S::FilterTitle.s(), 50, theme);
        }
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        match picked {
            Picked::Tag(tag) => {
                self.tag = tag;
                let keep = self.selected().map(|s| s.id);
                self.apply(keep);
            }
            Picked::Change(change) => {
                let Some(row) = self.selected() else { return Effect::None };
                return Effect::Open(Route::SchoolChange { school_id: row.id, change });
            }
            other => return crate::tui::nav::unexpected(&other),
        }
        Effect::Changed
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Schools",
    || K::CtxSchools.s(),
    &[
        &[
            bar(&["Enter", "e"], Command::Edit, || T::HintEdit.s()),
            bar(&["/"], Command::Search, || S::HintSearch.s()).about(|| S::SearchHint.s()),
            bar(&["f"], Command::FilterForm, || S::HintFilter.s()),
            help(&["t"], Command::TagFilter, || S::HintTag.s()),
            bar(&["s"], Command::Sort, || S::HintSort.s()),
            crate::tui::bindings::PLACE,
            bar(&["a"], Command::Go(Dest::Alliances), || S::HintAlliances.s()),
            bar(&["l"], Command::Go(Dest::Ledger), || S::HintLedger.s()),
            bar(&["r"], Command::Reverse, || S::HintReverse.s()),
            bar(&["n"], Command::New, || S::HintNew.s()),
            help(&["h"], Command::History, || crate::i18n::history::H::HintHistory.s()),
            help(&["b"], Command::Change, || crate::i18n::history::H::HintChange.s()),
        ],
        LIST_MOVES,
        COLUMN_KEYS,
    ],
);
