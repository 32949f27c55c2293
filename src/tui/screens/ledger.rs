//! The ledger table (控辍保学台账) of a county, prefecture, school or alliance: a virtual
//! table over keyset pages, with search, filters and sorting from the keyboard.

use super::case_form::CaseForm;
use super::case_view::CaseScreen;
use super::{Ctx, Effect, Screen};
use crate::db::cases::{self, CaseFilter, CaseRow, SortKey};
use crate::db::Db;
use crate::domain::access::{Actor, Scope};
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{FamilyType, Ledger, Reason};
use crate::domain::{id_number, region};
use crate::i18n::ledger::{grade_label, L};
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::list_modes;
use crate::tui::widgets::paged_table::Window;
use crate::tui::widgets::text::{fit, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;
use std::time::Duration;

/// Counting a filtered million rows may take a while; past this the total is left out.
const COUNT_BUDGET: Duration = Duration::from_millis(10);

/// Which cases a ledger covers before any user filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerScope {
    /// Shown in the breadcrumb.
    pub title: String,
    pub region: Option<String>,
    pub schools: Option<Vec<i64>>,
}

/// Narrows `scope` to what `actor` may see: a school's 填报员 sees only that school.
fn restrict(mut filter: CaseFilter, actor: &Actor) -> CaseFilter {
    match &actor.scope {
        Some(Scope::School { id, .. }) => {
            filter.schools = Some(match filter.schools {
                Some(list) => list.into_iter().filter(|s| s == id).collect(),
                None => vec![*id],
            });
        }
        Some(Scope::Region(code)) => match &filter.region {
            Some(r) if region::contains(code, r) => {}
            Some(r) if region::contains(r, code) => filter.region = Some(code.clone()),
            Some(_) => filter.schools = Some(Vec::new()),
            None => filter.region = Some(code.clone()),
        },
        None => {}
    }
    filter
}

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
}

impl LedgerScreen {
    pub fn new(db: &Db, scope: LedgerScope) -> LedgerScreen {
        let base = restrict(
            CaseFilter { region: scope.region.clone(), schools: scope.schools.clone(), ..CaseFilter::default() },
            &db.actor,
        );
        let overdue_days = crate::db::settings::get_i64(&db.conn, "overdue_visit_days").unwrap_or(30);
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
        };
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
            cases::page(&db.conn, filter, sort, desc, from.map(CaseRow::key).as_ref(), backward, limit, today)
        };
        self.error = f(&mut self.window, &mut fetch).err().map(|e| e.to_string());
    }

    /// From the top, with a fresh count.
    fn reload(&mut self, db: &Db) {
        self.window.chunk = self.rows_shown.get().max(10);
        self.total = cases::count(&db.conn, &self.filter, &self.today, COUNT_BUDGET).unwrap_or(None);
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

    fn filter_active(&self) -> bool {
        self.filter != CaseFilter { open: Some(true), ..self.base.clone() }
    }

    fn clear_filters(&mut self, db: &Db) {
        self.filter = CaseFilter { open: Some(true), ..self.base.clone() };
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

    fn cycle_sort(&mut self, db: &Db) {
        let i = SortKey::ALL.iter().position(|k| *k == self.sort).unwrap_or(0);
        self.sort = SortKey::ALL[(i + 1) % SortKey::ALL.len()];
        self.descending = self.sort != SortKey::Name && self.sort != SortKey::LastVisit;
        self.reload(db);
    }

    fn update_search(&mut self, action: Action, db: &Db) -> Effect {
        match action {
            Action::Char(c) => self.search.insert(c),
            Action::Backspace => self.search.backspace(),
            Action::ClearToStart => self.search.clear_to_start(),
            Action::Left => self.search.left(),
            Action::Right => self.search.right(),
            Action::Enter | Action::Down => {
                self.searching = false;
                return Effect::Changed;
            }
            Action::Cmd(Command::Back) => {
                self.searching = false;
                self.search.set("");
            }
            _ => return Effect::None,
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
        self.filter_form = Some(Form::new(vec![
            Field::choice("open", L::FOpen.s(), opens, open_code),
            Field::choice("status", L::FStatus.s(), statuses, f.status.map(|s| s.code()).unwrap_or("")),
            Field::choice("ledger", L::FLedger.s(), ledgers, f.ledger.map(|l| l.code()).unwrap_or("")),
            Field::picked("school", L::FSchool.s(), &school.map(|s| s.to_string()).unwrap_or_default(), &school_name),
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
        ]));
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
        self.filter.schools = match v("school").parse::<i64>() {
            Ok(id) => restrict(CaseFilter { schools: Some(vec![id]), ..self.base.clone() }, &db.actor).schools,
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
            FormEvent::Pick(_) => {
                let region = self.base.region.clone().unwrap_or_else(|| "230000".into());
                return super::case_form::school_picker(ctx.db, &region, |id, name| {
                    Box::new(move |screen: &mut dyn std::any::Any| {
                        if let Some(l) = screen.downcast_mut::<LedgerScreen>() {
                            if let Some(f) = &mut l.filter_form {
                                f.set_value("school", &id.to_string(), &name);
                            }
                        }
                        None
                    })
                });
            }
            FormEvent::Left(_) | FormEvent::Edited => {}
            FormEvent::None => {
                if action == Action::Enter {
                    self.apply_filter_form(ctx.db);
                } else {
                    return Effect::None;
                }
            }
        }
        Effect::Changed
    }

    fn may_register(&self, db: &Db) -> bool {
        db.read_only.is_none() && db.actor.role.is_some_and(|r| r != crate::domain::access::Role::ReadOnly)
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
        if f.schools != self.base.schools {
            parts.push(L::FSchool.s().into());
        }
        if let Some(t) = &f.text {
            parts.push(format!("{} \"{t}\"", L::Search.s()));
        }
        let sort = match self.sort {
            SortKey::Registered => L::SortRegistered.s(),
            SortKey::Name => L::SortName.s(),
            SortKey::LastVisit => L::SortLastVisit.s(),
        };
        parts.push(fill(L::SortBy.s(), &[&sort, &if self.descending { L::Desc.s() } else { L::Asc.s() }]));
        parts.join(T::ListSep.s())
    }

    fn counter(&self) -> String {
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

/// Column headers and widths for the table at `cols` columns.
fn columns(cols: usize) -> Vec<(&'static str, usize)> {
    let mut c = vec![
        (L::ColName.s(), 8),
        (L::ColSchool.s(), 12),
        (L::ColGrade.s(), 6),
        (L::ColStatus.s(), 8),
        (L::ColReason.s(), 10),
        (L::ColRegistered.s(), 10),
        (L::ColLastVisit.s(), 8),
    ];
    let used: usize = c.iter().map(|(_, w)| w + 1).sum();
    if cols >= used + 10 + 19 {
        c.push((L::ColId.s(), 18));
    }
    let used: usize = c.iter().map(|(_, w)| w + 1).sum();
    c.push((L::ColResponsible.s(), cols.saturating_sub(used)));
    c
}

fn days_since(date: &str, today: &str) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").ok()?;
    Some((t - d).num_days())
}

fn cells(row: &CaseRow, today: &str, n: usize) -> Vec<String> {
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
    let mut v = vec![
        row.name.clone(),
        row.school.clone(),
        row.grade.map(|g| grade_label(g).to_string()).unwrap_or_default(),
        row.status.map(|s| s.label().to_string()).unwrap_or_default(),
        row.reason.map(|r| r.label().to_string()).unwrap_or_default(),
        row.registered_on.clone(),
        visit,
    ];
    if n == 9 {
        v.push(row.id_number.as_deref().map(id_number::mask).unwrap_or_default());
    }
    v.push(person);
    v
}

impl Screen for LedgerScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![format!("{}{}", self.scope.title, L::Ledger.s())]
    }

    fn context(&self) -> &'static Context {
        list_modes::context(self.searching, self.filter_form.as_ref(), &bindings::LEDGER)
    }

    fn offers(&self, cmd: Command) -> bool {
        self.filter_form.as_ref().is_none_or(|f| f.offers(cmd))
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.filter_form.is_some() {
            return self.update_filter_form(action, ctx);
        }
        if self.searching {
            return self.update_search(action, ctx.db);
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
            Action::Cmd(Command::Reverse) => {
                self.descending = !self.descending;
                self.reload(ctx.db);
            }
            Action::Cmd(Command::New) if self.may_register(ctx.db) => {
                let region = self.base.region.clone().unwrap_or_else(|| "230000".into());
                let school = self.base.schools.as_ref().filter(|s| s.len() == 1).map(|s| s[0]);
                return match CaseForm::new_case(ctx.db, &region, school) {
                    Ok(f) => Effect::Push(Box::new(f)),
                    Err(e) => Effect::Message(e.to_string()),
                };
            }
            Action::Cmd(Command::New) => return Effect::Message(L::NotAllowedHere.s().into()),
            Action::Cmd(Command::Undo) => return super::case_view::undo_last(ctx),
            Action::Enter => {
                let Some(row) = self.window.selected() else { return Effect::None };
                return match CaseScreen::new(ctx.db, row.id) {
                    Ok(s) => Effect::Push(Box::new(s)),
                    Err(e) => Effect::Message(e.to_string()),
                };
            }
            Action::Cmd(Command::Back) | Action::Backspace if self.filter_active() => self.clear_filters(ctx.db),
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        // Line 1: what is shown, and where we are.
        let counter = self.counter();
        let desc_cols = cols.saturating_sub(width(&counter) + 1);
        let top = Line::from(vec![
            Span::styled(fit(&self.describe(), desc_cols), theme.label),
            Span::raw(" "),
            Span::styled(counter, theme.title),
        ]);
        frame.render_widget(Paragraph::new(top), Rect { height: 1, ..area });
        let mut y = area.y + 1;
        if self.searching || !self.search.text().is_empty() {
            let prompt = format!("{}: ", L::Search.s());
            let (shown, caret) = self.search.window(cols.saturating_sub(width(&prompt) + 1));
            let hint_text = if shown.is_empty() { L::SearchHint.s().to_string() } else { String::new() };
            let line = Line::from(vec![
                Span::styled(prompt.clone(), theme.hint_key),
                Span::raw(shown.clone()),
                Span::styled(hint_text, theme.dim),
            ]);
            frame.render_widget(Paragraph::new(line), Rect { y, height: 1, ..area });
            if self.searching {
                frame.set_cursor_position(Position::new(area.x + (width(&prompt) + caret) as u16, y));
            }
            y += 1;
        }
        let columns = columns(cols);
        let header: Vec<Span> =
            columns.iter().map(|(h, w)| Span::styled(format!("{} ", fit(h, *w)), theme.title)).collect();
        frame.render_widget(Paragraph::new(Line::from(header)), Rect { y, height: 1, ..area });
        y += 1;
        let rows = (area.bottom().saturating_sub(y)) as usize;
        self.rows_shown.set(rows.max(1));
        // The view moves a page at a time (as mutt does): over a slow link one repaint per
        // page beats repainting every row at every step.
        let cursor = self.window.cursor as i64;
        let len = self.window.rows.len() as i64;
        let page = rows.max(1) as i64;
        let mut top = self.offset.get() - self.window.origin;
        if cursor < top {
            top = cursor - page + 1;
        } else if cursor >= top + page {
            top = cursor;
        }
        if self.window.at_end && top + page > len {
            top = len - page;
        }
        let top = top.clamp(0, cursor.max(0));
        self.offset.set(top + self.window.origin);
        let offset = top as usize;
        let mut lines: Vec<Line> = Vec::with_capacity(rows);
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(e.clone(), theme.error)));
        } else if self.window.rows.is_empty() {
            lines.push(Line::from(Span::styled(
                fill(L::Empty.s(), &[&bindings::key_for(&bindings::LEDGER, Command::New)]),
                theme.dim,
            )));
        }
        for (i, row) in self.window.rows.iter().enumerate().skip(offset).take(rows) {
            let text: String = cells(row, &self.today, columns.len())
                .iter()
                .zip(&columns)
                .map(|(c, (_, w))| format!("{} ", fit(c, *w)))
                .collect();
            let style = if i as i64 == cursor { theme.selected } else { theme.hint_text };
            lines.push(Line::from(Span::styled(fit(&text, cols), style)));
        }
        frame.render_widget(Paragraph::new(lines), Rect { y, height: rows as u16, ..area });
        if let Some(form) = &self.filter_form {
            form.view_popup(frame, area, L::FilterTitle.s(), 60, theme);
        }
    }

    fn refresh(&mut self, db: &Db) -> bool {
        // Reload the window in place, from its first row.
        let before: Vec<(i64, Option<CaseStatus>)> = self.window.rows.iter().map(|r| (r.id, r.status)).collect();
        let start = self.window.rows.first().map(CaseRow::key);
        let limit = self.window.rows.len().max(self.window.chunk);
        let rows = cases::page_from(
            &db.conn,
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
                self.total = cases::count(&db.conn, &self.filter, &self.today, COUNT_BUDGET).unwrap_or(None);
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        before != self.window.rows.iter().map(|r| (r.id, r.status)).collect::<Vec<_>>()
    }

    fn as_any(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(self)
    }
}
