//! The ledger table (控辍保学台账) of a county, prefecture, school or alliance: a virtual
//! table over keyset pages, with search, filters and sorting from the keyboard.

use super::{Ctx, Effect, Screen};
use crate::db::cases::{self, CaseFilter, CaseRow, SortKey};
use crate::db::Db;
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{FamilyType, Ledger, Reason};
use crate::i18n::keys::K;
use crate::i18n::ledger::{grade_label, grade_short, L};
use crate::i18n::schools::S;
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{self, bar, commands, Context, COLUMN_KEYS, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::flows::{school_picker, undo_last};
use crate::tui::keymap::Action;
use crate::tui::nav::{self, Picked};
use crate::tui::screens::{LedgerScope, Route};
use crate::tui::theme::Theme;
use crate::tui::widgets::columns::ColumnChoice;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::list_modes::{self, SearchKey};
use crate::tui::widgets::paged_table::{self, Column, Table, Window};
use crate::tui::widgets::places::Places;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;
use std::collections::HashMap;
use std::time::Duration;

/// Counting a filtered million rows may take a while; past this the total is left out.
const COUNT_BUDGET: Duration = Duration::from_millis(10);

pub struct LedgerScreen {
    scope: LedgerScope,
    base: CaseFilter,
    filter: CaseFilter,
    sort: SortKey,
    descending: bool,
    window: Window<CaseRow>,
    total: Option<i64>,
    search: LineInput,
    searching: bool,
    filter_form: Option<Form>,
    today: String,
    overdue_days: i64,
    /// First shown row, in the window's running numbering (`Window::origin`).
    offset: Cell<i64>,
    rows_shown: Cell<usize>,
    error: Option<String>,
    /// For a login that reads no case (unregistered, by default): what it may see instead
    /// and the command that adds it, shown in place of the table.
    guest: Option<String>,
    /// Region names for the 县区 / 市 columns (read once: there are about 135).
    names: HashMap<String, String>,
    columns: ColumnChoice,
    /// Above a county: the county the `c` key narrows the ledger to.
    places: Places,
}

impl LedgerScreen {
    pub fn new(db: &Db, scope: LedgerScope) -> LedgerScreen {
        // What the login may see is the database's business (`db::scope`): the screen asks
        // for its region or schools and is given only what is in scope.
        let base = CaseFilter { region: scope.region.clone(), schools: scope.schools.clone(), ..CaseFilter::default() };
        // The visit interval of the ledger's county (the province-wide one above a county).
        let region = scope.region.clone().unwrap_or_default();
        let overdue_days = crate::db::due::thresholds(&db.conn, &region).visit_days;
        let mut s = LedgerScreen {
            scope,
            filter: CaseFilter { open: Some(true), ..base.clone() },
            base,
            sort: SortKey::Registered,
            descending: true,
            window: Window::default(),
            total: None,
            search: LineInput::default(),
            searching: false,
            filter_form: None,
            today: crate::db::today().format("%Y-%m-%d").to_string(),
            overdue_days,
            offset: Cell::new(0),
            rows_shown: Cell::new(18),
            error: None,
            guest: if db.read_scope().reads_cases() { None } else { crate::i18n::errors::guest_notice(db) },
            names: crate::db::regions::names(&db.conn).unwrap_or_default(),
            columns: ColumnChoice::load(db, "ledger"),
            places: Places::default(),
        };
        if let Some(region) = s.place_region().map(str::to_string) {
            s.places =
                Places::new(db, &region, crate::db::rollup::units_holding(&db.conn, &region).unwrap_or_default());
        }
        s.reload(db);
        s
    }

    /// Runs `f` with the window and a fetcher bound to the current filter and sort.
    fn with_source(
        &mut self,
        db: &Db,
        f: impl FnOnce(
            &mut Window<CaseRow>,
            &mut dyn FnMut(Option<&CaseRow>, bool, usize) -> rusqlite::Result<Vec<CaseRow>>,
        ) -> rusqlite::Result<()>,
    ) {
        let (filter, sort, desc, today) = (&self.filter, self.sort, self.descending, self.today.as_str());
        let mut fetch = |from: Option<&CaseRow>, backward: bool, limit: usize| {
            cases::page(db, filter, sort, desc, from.map(CaseRow::key).as_ref(), backward, limit, today)
        };
        self.error = f(&mut self.window, &mut fetch).err().map(|e| e.to_string());
    }

    /// From the top, with a fresh count.
    fn reload(&mut self, db: &Db) {
        self.window.chunk = self.rows_shown.get().max(10);
        self.total = cases::count(db, &self.filter, &self.today, COUNT_BUDGET).unwrap_or(None);
        self.with_source(db, |w, fetch| w.home(fetch));
        self.offset.set(0);
    }

    fn move_by(&mut self, db: &Db, delta: i64) {
        let page = self.rows_shown.get();
        self.with_source(db, |w, fetch| {
            w.move_by(delta, fetch)?;
            w.prefetch(page, fetch)
        });
    }

    fn end(&mut self, db: &Db) {
        let total = self.total;
        self.with_source(db, |w, fetch| w.end(fetch, total));
    }

    /// The region whose ledger this is, when it lies above a county: its rows then say
    /// where each case belongs.
    fn place_region(&self) -> Option<&str> {
        let region = self.base.region.as_deref().filter(|_| self.base.schools.is_none())?;
        (crate::domain::region::level_of(region) != Ok(crate::domain::region::Level::County)).then_some(region)
    }

    fn filter_active(&self) -> bool {
        self.filter != CaseFilter { open: Some(true), ..self.base.clone() }
    }

    fn clear_filters(&mut self, db: &Db) {
        self.filter = CaseFilter { open: Some(true), ..self.base.clone() };
        self.places.only = None;
        self.search.set("");
        self.reload(db);
    }

    fn cycle_open(&mut self, db: &Db) {
        self.filter.open = match self.filter.open {
            Some(true) => None,
            None => Some(false),
            Some(false) => Some(true),
        };
        self.reload(db);
    }

    /// The next county's cases only (then every county's again): the region filter narrowed.
    fn cycle_place(&mut self, db: &Db) {
        self.places.cycle();
        self.filter.region = self.places.only.clone().or_else(|| self.base.region.clone());
        self.reload(db);
    }

    fn cycle_sort(&mut self, db: &Db) {
        // By place only where rows have one.
        let keys: Vec<SortKey> =
            SortKey::ALL.iter().copied().filter(|k| *k != SortKey::County || self.places.above_county()).collect();
        let i = keys.iter().position(|k| *k == self.sort).unwrap_or(0);
        self.sort = keys.get((i + 1) % keys.len().max(1)).copied().unwrap_or_default();
        self.descending = !matches!(self.sort, SortKey::Name | SortKey::LastVisit | SortKey::County);
        self.reload(db);
    }

    fn update_search(&mut self, action: Action, db: &Db) -> Effect {
        match list_modes::search_key(&mut self.search, &mut self.searching, action) {
            SearchKey::Ignored => return Effect::None,
            SearchKey::Left => return Effect::Changed,
            SearchKey::Edited => {}
        }
        let text = self.search.text().trim().to_string();
        self.filter.text = (!text.is_empty()).then_some(text);
        self.reload(db);
        Effect::Changed
    }

    fn open_filter_form(&mut self, db: &Db) {
        let any = || vec![("", L::Any.s())];
        let mut ledgers = any();
        ledgers.extend(Ledger::ALL.iter().map(|l| (l.code(), l.label())));
        let mut statuses = any();
        statuses.extend(CaseStatus::ALL.iter().map(|s| (s.code(), s.label())));
        let mut reasons = any();
        reasons.extend(Reason::ALL.iter().map(|r| (r.code(), r.label())));
        let mut families = any();
        families.extend(FamilyType::ALL.iter().map(|f| (f.code(), f.label())));
        const GRADES: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
        let mut grades = any();
        grades.extend(GRADES.iter().map(|g| (*g, *g)));
        let opens = vec![("open", L::OpenOnly.s()), ("all", L::AllCases.s()), ("closed", L::ClosedOnly.s())];
        let f = &self.filter;
        let open_code = match f.open {
            Some(true) => "open",
            Some(false) => "closed",
            None => "all",
        };
        let school = f.schools.as_ref().filter(|_| self.base.schools.is_none()).and_then(|s| s.first().copied());
        let school_name = school
            .and_then(|id| crate::db::schools::name(&db.conn, id).ok().flatten())
            .unwrap_or_else(|| L::Any.s().to_string());
        self.filter_form = Some(
            Form::new(vec![
                Field::choice("open", L::FOpen.s(), opens, open_code),
                Field::choice("status", L::FStatus.s(), statuses, f.status.map(|s| s.code()).unwrap_or("")),
                Field::choice("ledger", L::FLedger.s(), ledgers, f.ledger.map(|l| l.code()).unwrap_or("")),
                Field::picked(
                    "school",
                    L::FSchool.s(),
                    &school.map(|s| s.to_string()).unwrap_or_default(),
                    &school_name,
                ),
                Field::choice("grade", L::FGrade.s(), grades, &f.grade.map(|g| g.to_string()).unwrap_or_default()),
                Field::choice("reason", L::FReason.s(), reasons, f.reason.map(|r| r.code()).unwrap_or("")),
                Field::choice("family", L::FFamily.s(), families, f.family.map(|x| x.code()).unwrap_or("")),
                Field::text("person", L::FPerson.s(), f.person.as_deref().unwrap_or("")),
                Field::choice(
                    "overdue",
                    L::FOverdue.s().replace('N', &self.overdue_days.to_string()),
                    vec![("", L::Any.s()), ("yes", L::Yes.s())],
                    if f.overdue_days.is_some() { "yes" } else { "" },
                ),
                Field::choice(
                    "due",
                    crate::i18n::month::M::FilterDue.s(),
                    vec![("", L::Any.s()), ("yes", L::Yes.s())],
                    if f.due.is_some() { "yes" } else { "" },
                ),
            ])
            .without_leave_question(),
        );
    }

    fn apply_filter_form(&mut self, db: &Db) {
        let Some(form) = &self.filter_form else { return };
        let v = |k: &str| form.value(k).to_string();
        self.filter.open = match v("open").as_str() {
            "open" => Some(true),
            "closed" => Some(false),
            _ => None,
        };
        self.filter.status = CaseStatus::from_code(&v("status"));
        self.filter.ledger = Ledger::from_code(&v("ledger"));
        self.filter.grade = v("grade").parse().ok();
        self.filter.reason = Reason::from_code(&v("reason"));
        self.filter.family = FamilyType::from_code(&v("family"));
        self.filter.person = Some(v("person")).filter(|p| !p.trim().is_empty());
        self.filter.overdue_days = (v("overdue") == "yes").then_some(self.overdue_days);
        // Cases due as of now (docs/domain.md §11): the thresholds that act.
        let region = self.base.region.clone().unwrap_or_default();
        let due = crate::db::due::thresholds(&db.conn, &region).cutoffs(crate::db::today());
        self.filter.due = (v("due") == "yes").then_some(due);
        self.filter.schools = match v("school").parse::<i64>() {
            Ok(id) => Some(vec![id]),
            Err(_) => self.base.schools.clone(),
        };
        self.filter_form = None;
        self.reload(db);
    }

    fn update_filter_form(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(form) = &mut self.filter_form else { return Effect::None };
        match form.update(action) {
            FormEvent::Save => self.apply_filter_form(ctx.db),
            FormEvent::Cancel => self.filter_form = None,
            FormEvent::AskLeave | FormEvent::KeepDraft => {}
            FormEvent::Pick(_) => {
                let region = self.base.region.clone().unwrap_or_else(|| "230000".into());
                return school_picker(ctx.db, &region);
            }
            FormEvent::Left(_) | FormEvent::Edited => {}
            FormEvent::None | FormEvent::Locked(_) => {
                if action == Action::Enter {
                    self.apply_filter_form(ctx.db);
                } else {
                    return Effect::None;
                }
            }
        }
        Effect::Changed
    }

    /// One line saying what is shown: open/closed, filters, search, sort, count, position.
    fn describe(&self) -> String {
        let f = &self.filter;
        let mut parts: Vec<String> = vec![match f.open {
            Some(true) => L::OpenOnly.s().into(),
            Some(false) => L::ClosedOnly.s().into(),
            None => L::AllCases.s().into(),
        }];
        if let Some(s) = f.status {
            parts.push(s.label().into());
        }
        if let Some(l) = f.ledger {
            parts.push(l.label().into());
        }
        if let Some(g) = f.grade {
            parts.push(grade_label(g).to_string());
        }
        if let Some(r) = f.reason {
            parts.push(r.label().into());
        }
        if let Some(x) = f.family {
            parts.push(x.label().into());
        }
        if let Some(p) = &f.person {
            parts.push(p.clone());
        }
        if let Some(d) = f.overdue_days {
            parts.push(fill(L::FilterOverdue.s(), &[&d]));
        }
        if f.due.is_some() {
            parts.push(crate::i18n::month::M::HintDue.s().into());
        }
        if f.schools != self.base.schools {
            parts.push(L::FSchool.s().into());
        }
        parts.extend(self.places.describe());
        if let Some(t) = &f.text {
            parts.push(format!("{} \"{t}\"", L::Search.s()));
        }
        let sort = match self.sort {
            SortKey::Registered => L::SortRegistered.s(),
            SortKey::Name => L::SortName.s(),
            SortKey::LastVisit => L::SortLastVisit.s(),
            SortKey::County => crate::i18n::rollup::R::ColCounty.s(),
        };
        parts.push(fill(L::SortBy.s(), &[&sort, &if self.descending { L::Desc.s() } else { L::Asc.s() }]));
        parts.join(T::ListSep.s())
    }

    fn counter(&self) -> String {
        // A login that reads no case is not told "0 cases": it is told why it sees none.
        if self.guest.is_some() {
            return String::new();
        }
        let total = match self.total {
            Some(n) => fill(L::Count.s(), &[&crate::tui::widgets::text::thousands(n)]),
            None => L::CountUnknown.s().to_string(),
        };
        match self.window.position() {
            Some(p) if !self.window.rows.is_empty() => {
                format!("{}{}{}", fill(L::Position.s(), &[&(p + 1)]), T::ListSep.s(), total)
            }
            _ => total,
        }
    }
}

/// The table at `cols` columns for a ledger of `region`: the place columns above a county
/// (县区; 市 and 县区 at the province, without the reason when the screen is narrow), the
/// ID column only where there is room.
fn table(cols: usize, region: Option<&str>) -> Table {
    let places = place_headers(region);
    let keys = ["place1", "place2"];
    let mut c: Vec<Column> = places.iter().zip(keys).map(|(h, k)| Column::left(h, 8).key(k)).collect();
    c.extend([
        Column::left(L::ColName.s(), 8).key("name"),
        Column::left(L::ColSchool.s(), 12).key("school"),
        Column::left(L::ColGrade.s(), 6).key("grade"),
        Column::left(L::ColStatus.s(), 8).key("status"),
    ]);
    if places.len() < 2 || cols >= 100 {
        c.push(Column::left(L::ColReason.s(), 10).key("reason"));
    }
    c.extend([
        Column::left(L::ColRegistered.s(), 10).key("registered").kept(),
        Column::left(L::ColLastVisit.s(), 8).key("visit").kept(),
    ]);
    let used: usize = c.iter().map(|c| c.width + 1).sum();
    if cols >= used + 10 + 19 {
        c.push(Column::left(L::ColId.s(), 18).key("id").kept());
    }
    c.push(Column::flex(L::ColResponsible.s(), 10).key("responsible"));
    Table::new(c, cols)
}

/// The place columns' headers of a ledger of `region` (none for a school's or alliance's).
fn place_headers(region: Option<&str>) -> Vec<String> {
    region.map(crate::report::rollup::place_headers).unwrap_or_default()
}

fn days_since(date: &str, today: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok()?;
    Some((t - d).num_days())
}

/// A row's cells for `table`, whose headers say which optional columns it has.
fn cells(
    row: &CaseRow,
    today: &str,
    table: &Table,
    names: &HashMap<String, String>,
    region: Option<&str>,
) -> Vec<String> {
    let visit = match &row.last_visit_on {
        Some(d) => days_since(d, today).map(|n| fill(L::DaysAgo.s(), &[&n])).unwrap_or_default(),
        None => L::Never.s().to_string(),
    };
    let person = [row.edu_person.as_str(), row.gov_person.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    let has = |h: L| table.columns.iter().any(|c| c.header == h.s());
    let mut v = match region {
        Some(r) => crate::report::rollup::place_cells(r, &row.county_code, &|c| {
            names.get(c).cloned().unwrap_or_else(|| c.to_string())
        }),
        None => Vec::new(),
    };
    v.extend([
        row.name.clone(),
        row.school.clone(),
        row.grade.map(|g| grade_short(g).to_string()).unwrap_or_default(),
        row.status.map(|s| s.short().to_string()).unwrap_or_default(),
    ]);
    if has(L::ColReason) {
        v.push(row.reason.map(|r| r.short().to_string()).unwrap_or_default());
    }
    v.extend([row.registered_on.clone(), visit]);
    if has(L::ColId) {
        let shown = |f: &crate::domain::fields::Field| f.masked(row.id_number.as_deref().unwrap_or_default());
        v.push(crate::domain::case::field("id_number").map(shown).unwrap_or_default());
    }
    v.push(person);
    v
}

impl Screen for LedgerScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![fill(L::LedgerOf.s(), &[&self.scope.title])]
    }

    fn context(&self) -> &'static Context {
        list_modes::context(self.searching, self.filter_form.as_ref(), &KEYS)
    }

    fn offers(&self, cmd: Command) -> bool {
        (cmd != Command::Place || self.places.above_county()) && self.filter_form.as_ref().is_none_or(|f| f.offers(cmd))
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.filter_form.is_some() {
            return self.update_filter_form(action, ctx);
        }
        if self.searching {
            return self.update_search(action, ctx.db);
        }
        if let Some(effect) = self.columns.update(action, ctx.db) {
            return effect;
        }
        let page = self.rows_shown.get().max(1) as i64;
        match action {
            Action::Up => self.move_by(ctx.db, -1),
            Action::Down => self.move_by(ctx.db, 1),
            Action::PageUp => self.move_by(ctx.db, -page),
            Action::PageDown => self.move_by(ctx.db, page),
            Action::Home => self.reload(ctx.db),
            Action::End => self.end(ctx.db),
            Action::Cmd(Command::Search) => self.searching = true,
            Action::Cmd(Command::FilterForm) => self.open_filter_form(ctx.db),
            Action::Cmd(Command::ToggleOpen) => self.cycle_open(ctx.db),
            Action::Cmd(Command::Sort) => self.cycle_sort(ctx.db),
            Action::Cmd(Command::Place) => self.cycle_place(ctx.db),
            Action::Cmd(Command::Reverse) => {
                self.descending = !self.descending;
                self.reload(ctx.db);
            }
            Action::Cmd(Command::New) => {
                // Which school is checked on save; here only whether this login registers at all.
                if let Some(message) = super::refusal(ctx.db, None, false) {
                    return Effect::Message(message);
                }
                let region = self.base.region.clone().unwrap_or_else(|| "230000".into());
                let school = self.base.schools.as_ref().filter(|s| s.len() == 1).map(|s| s[0]);
                return Effect::Open(Route::NewCase { region, school });
            }
            Action::Cmd(Command::Undo) => return undo_last(ctx),
            Action::Enter => {
                let Some(row) = self.window.selected() else { return Effect::None };
                return Effect::Open(Route::Case(row.id));
            }
            Action::Cmd(Command::Back) | Action::Backspace if self.filter_active() => self.clear_filters(ctx.db),
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        // What is shown, and where we are; the search line below it.
        let counter = self.counter();
        let head = (L::Search.s(), L::SearchHint.s());
        let y =
            list_modes::view_head(frame, area, &self.describe(), counter, &self.search, self.searching, head, theme);
        let region = self.place_region();
        let table = table(cols, region);
        let table_area = Rect { y, height: area.bottom().saturating_sub(y), ..area };
        if let Some(notice) = &self.guest {
            let lines: Vec<Line> =
                crate::text::wrap(notice, cols).into_iter().map(|l| Line::from(Span::styled(l, theme.dim))).collect();
            frame.render_widget(Paragraph::new(lines), table_area);
            return;
        }
        let rows = paged_table::body_rows(table_area);
        self.rows_shown.set(rows.max(1));
        let cursor = self.window.cursor as i64;
        let (len, page) = (self.window.rows.len() as i64, rows.max(1) as i64);
        let top =
            paged_table::follow_page(self.offset.get() - self.window.origin, cursor, len, page, self.window.at_end);
        self.offset.set(top + self.window.origin);
        let empty = fill(L::Empty.s(), &[&bindings::key_for(&KEYS, Command::New)]);
        let placeholder = paged_table::placeholder(self.error.as_ref(), self.window.rows.is_empty(), &empty, theme);
        let shown = self.window.rows.iter().enumerate().skip(top as usize).take(rows);
        let lines = shown
            .map(|(i, row)| {
                let style = paged_table::row_style(i as i64 == cursor, false, theme);
                (cells(row, &self.today, &table, &self.names, region), style)
            })
            .collect();
        self.columns.drawn(self.columns.choose(table).render(frame, table_area, None, lines, placeholder, theme));
        if let Some(form) = &self.filter_form {
            form.view_popup(frame, area, L::FilterTitle.s(), 60, theme);
        }
    }

    fn refresh(&mut self, db: &Db) -> bool {
        // Every column counts: a colleague's edit of a name or a note must show, not only a
        // new id or status.
        let before = (self.window.rows.clone(), self.total);
        let selected = self.window.rows.get(self.window.cursor).map(|r| r.id);
        // A window at the top reloads from the top, so that a row which now sorts first (a
        // case just registered) appears; elsewhere, in place from its first row.
        let start = if self.window.at_start { None } else { self.window.rows.first().map(CaseRow::key) };
        let limit = self.window.rows.len().max(self.window.chunk);
        let rows = cases::page_from(
            db,
            &self.filter,
            self.sort,
            self.descending,
            start.as_ref().map(|k| (k, true)),
            false,
            limit,
            &self.today,
        );
        match rows {
            Ok(rows) => {
                let at_end = rows.len() < limit;
                self.window.reload(rows, at_end);
                // The cursor stays on its case when rows arrive above it.
                if let Some(i) = selected.and_then(|id| self.window.rows.iter().position(|r| r.id == id)) {
                    self.window.cursor = i;
                }
                self.total = cases::count(db, &self.filter, &self.today, COUNT_BUDGET).unwrap_or(None);
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        before != (self.window.rows.clone(), self.total)
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        match (picked, &mut self.filter_form) {
            (Picked::School { id, name }, Some(f)) => {
                f.set_value("school", &id.to_string(), &name);
                Effect::Changed
            }
            (other, _) => nav::unexpected(&other),
        }
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Ledger",
    || K::CtxLedger.s(),
    &[
        &[
            bar(&["Enter"], Command::Open, || T::HintOpen.s()),
            bar(&["/"], Command::Search, || L::HintSearch.s()).about(|| L::SearchHint.s()),
            bar(&["f"], Command::FilterForm, || L::HintFilterForm.s()),
            bar(&["n"], Command::New, || L::HintNew.s()),
            bar(&["o"], Command::ToggleOpen, || L::HintOpenToggle.s()),
            bar(&["s"], Command::Sort, || L::HintSort.s()),
            crate::tui::bindings::PLACE,
            bar(&["r"], Command::Reverse, || S::HintReverse.s()),
            bar(&["u"], Command::Undo, || L::HintUndo.s()).about(|| K::AboutUndo.s()),
        ],
        LIST_MOVES,
        COLUMN_KEYS,
    ],
);
