//! One alliance: its facts (with the free-text operating mode), its members with role,
//! joined and left dates, and its activity log with totals per kind and year. From here:
//! add a member (school picker), a member leaves (left date; history kept), make another
//! member the lead, dissolve the alliance (never deleted), log an activity.

use super::{Ctx, Effect, Screen};
use crate::db::alliances::{self, Activity, Alliance, Member, NewActivity, Total};
use crate::db::{Db, WriteError};
use crate::domain::access::Target;
use crate::domain::codes::{ActivityKind, Location, MemberRole};
use crate::domain::county::parse_count;
use crate::domain::dates;
use crate::i18n::keys::K;
use crate::i18n::schools::{activity_short, alliance_field_label, date_error, rule_error, S};
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{self, bar, commands, Binding, Context, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::flows::school_picker;
use crate::tui::keymap::Action;
use crate::tui::nav::{self, Picked};
use crate::tui::screens::Dest;
use crate::tui::screens::{LedgerScope, Route};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::paged_table::{self, Column, Cursor, Table};
use crate::tui::widgets::text::{fit, fit_right, thousands, width};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// What the pop-up form will do when saved.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    Add { school_id: i64, name: String },
    Leave { school_id: i64, name: String },
    Dissolve,
    Activity,
}

struct Overlay {
    what: Pending,
    title: String,
    form: Form,
}

pub struct AllianceScreen {
    alliance: Alliance,
    members: Vec<Member>,
    activities: Vec<Activity>,
    totals: Vec<Total>,
    /// Index into `members`.
    cursor: Cursor,
    overlay: Option<Overlay>,
}

/// Activities shown in the log (the totals cover all of them).
const LOG_ROWS: usize = 30;

fn today() -> String {
    dates::iso(crate::db::today())
}

impl AllianceScreen {
    pub fn new(db: &Db, id: i64) -> rusqlite::Result<AllianceScreen> {
        let alliance = alliances::get_visible(db, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        Ok(AllianceScreen {
            members: alliances::members(&db.conn, id)?,
            activities: alliances::activities(&db.conn, id, LOG_ROWS)?,
            totals: alliances::totals(&db.conn, id)?,
            alliance,
            cursor: Cursor::default(),
            overlay: None,
        })
    }

    fn reload(&mut self, db: &Db) -> bool {
        let keep = self.members.get(self.cursor.index).map(|m| m.id);
        match AllianceScreen::new(db, self.alliance.id) {
            Ok(fresh) => {
                let changed = fresh.alliance != self.alliance
                    || fresh.members != self.members
                    || fresh.activities != self.activities;
                self.alliance = fresh.alliance;
                self.members = fresh.members;
                self.activities = fresh.activities;
                self.totals = fresh.totals;
                self.cursor.index = keep.and_then(|id| self.members.iter().position(|m| m.id == id)).unwrap_or(0);
                changed
            }
            Err(_) => false,
        }
    }

    fn current(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.left_on.is_none())
    }

    /// The region whose schools may join: the county, or the prefecture at city level.
    fn picker_region(&self) -> String {
        self.alliance.region_code.clone()
    }

    fn check(&self, ctx: &Ctx, school_id: Option<i64>, admin_only: bool) -> Option<String> {
        if self.alliance.dissolved_on.is_some() {
            return Some(S::AlreadyDissolved.s().into());
        }
        let target = Target { region_code: self.alliance.region_code.clone(), school_id };
        super::refusal(ctx.db, Some(&target), admin_only)
    }

    fn date_form(key: &'static str, label: &'static str) -> Form {
        Form::new(vec![Field::text(key, label, &today())])
    }

    fn start_add(&mut self, ctx: &mut Ctx) -> Effect {
        if let Some(m) = self.check(ctx, None, true) {
            return Effect::Message(m);
        }
        school_picker(ctx.db, &self.picker_region())
    }

    fn selected_current(&self) -> Option<&Member> {
        self.members.get(self.cursor.index).filter(|m| m.left_on.is_none())
    }

    fn start_leave(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(m) = self.selected_current() else { return Effect::Message(S::NoMemberSelected.s().into()) };
        if let Some(msg) = self.check(ctx, Some(m.school_id), true) {
            return Effect::Message(msg);
        }
        if m.role == MemberRole::Lead {
            let e = crate::domain::alliance::AllianceError::LeadLeaving;
            return Effect::Message(crate::i18n::schools::alliance_error(&e, |c| c.to_string()));
        }
        self.overlay = Some(Overlay {
            title: fill(S::RemoveMemberTitle.s(), &[&m.school]),
            what: Pending::Leave { school_id: m.school_id, name: m.school.clone() },
            form: Self::date_form("left_on", alliance_field_label("left_on")),
        });
        Effect::Changed
    }

    fn make_lead(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(m) = self.selected_current() else { return Effect::Message(S::NoMemberSelected.s().into()) };
        let (school_id, name) = (m.school_id, m.school.clone());
        if let Some(msg) = self.check(ctx, Some(school_id), true) {
            return Effect::Message(msg);
        }
        let result = alliances::change_lead(ctx.db, self.alliance.id, self.alliance.version, school_id);
        self.reload(ctx.db);
        match result {
            Ok(_) => Effect::Message(fill(S::LeadChanged.s(), &[&name])),
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }

    fn start_dissolve(&mut self, ctx: &mut Ctx) -> Effect {
        if let Some(msg) = self.check(ctx, None, true) {
            return Effect::Message(msg);
        }
        self.overlay = Some(Overlay {
            title: fill(S::DissolveTitle.s(), &[&self.alliance.name]),
            what: Pending::Dissolve,
            form: Self::date_form("dissolved_on", alliance_field_label("dissolved_on")),
        });
        Effect::Changed
    }

    fn start_activity(&mut self, ctx: &mut Ctx) -> Effect {
        if let Some(msg) = self.check(ctx, self.alliance.lead_school_id, false) {
            return Effect::Message(msg);
        }
        let kinds = ActivityKind::ALL.iter().map(|k| (k.code(), k.label())).collect();
        self.overlay = Some(Overlay {
            title: S::ActivityTitle.s().into(),
            what: Pending::Activity,
            form: Form::new(vec![
                Field::text("held_on", alliance_field_label("held_on"), &today()),
                Field::choice("kind", S::FActivityKind.s(), kinds, ActivityKind::Research.code()),
                Field::text("participants", S::FParticipants.s(), ""),
                Field::text("rotated_teachers", S::FRotated.s(), ""),
                Field::text("rotated_backbone", S::FRotatedBackbone.s(), ""),
                Field::text("note", S::FActivityNote.s(), ""),
            ]),
        });
        Effect::Changed
    }

    fn members_ledger(&self) -> Effect {
        let ids: Vec<i64> = self.current().map(|m| m.school_id).collect();
        let region = Some(self.alliance.region_code.clone());
        let scope = LedgerScope { title: self.alliance.name.clone(), region, schools: Some(ids) };
        Effect::Open(Route::Ledger(scope))
    }

    /// Checks the overlay's date and number fields; marks them; the values when all pass.
    fn overlay_values(form: &mut Form) -> Option<Vec<(&'static str, String)>> {
        let mut ok = true;
        let keys: Vec<&'static str> = form.fields.iter().map(|f| f.key).collect();
        for key in keys {
            let value = form.value(key).to_string();
            let err = match key {
                "joined_on" | "left_on" | "dissolved_on" | "held_on" => {
                    match dates::parse(&value, crate::db::today()) {
                        Ok(Some(_)) => None,
                        Ok(None) => Some(S::ErrRequired.s().to_string()),
                        Err(e) => Some(date_error(&e)),
                    }
                }
                "participants" | "rotated_teachers" | "rotated_backbone" => parse_count(&value)
                    .err()
                    .map(|e| crate::i18n::schools::school_error(&crate::domain::school_rules::SchoolError::Number(e))),
                _ => None,
            };
            ok &= err.is_none();
            form.set_error(key, err);
        }
        if !ok {
            return None;
        }
        Some(
            form.values()
                .into_iter()
                .map(|(k, v)| match k {
                    "joined_on" | "left_on" | "dissolved_on" | "held_on" => {
                        (k, dates::parse(&v, crate::db::today()).ok().flatten().map(dates::iso).unwrap_or_default())
                    }
                    _ => (k, v.trim().to_string()),
                })
                .collect(),
        )
    }

    fn save_overlay(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(overlay) = &mut self.overlay else { return Effect::None };
        let Some(values) = Self::overlay_values(&mut overlay.form) else {
            overlay.form.focus_first_error();
            return Effect::Message(fill(T::FixErrors.s(), &[&overlay.form.error_count()]));
        };
        let v = |k: &str| values.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let (id, version) = (self.alliance.id, self.alliance.version);
        let (result, done) = match &overlay.what {
            Pending::Add { school_id, name } => {
                let role = MemberRole::from_code(&v("role")).unwrap_or(MemberRole::Member);
                (
                    alliances::add_member(ctx.db, id, version, *school_id, role, &v("joined_on")).map(|_| ()),
                    fill(S::MemberAdded.s(), &[name]),
                )
            }
            Pending::Leave { school_id, name } => (
                alliances::remove_member(ctx.db, id, version, *school_id, &v("left_on")).map(|_| ()),
                fill(S::MemberRemoved.s(), &[name]),
            ),
            Pending::Dissolve => {
                (alliances::dissolve(ctx.db, id, version, &v("dissolved_on")).map(|_| ()), S::Dissolved.s().into())
            }
            Pending::Activity => {
                let n = |k: &str| v(k).parse::<i64>().ok();
                let act = NewActivity {
                    held_on: v("held_on"),
                    kind: ActivityKind::from_code(&v("kind")).unwrap_or(ActivityKind::Other),
                    participants: n("participants"),
                    rotated_teachers: n("rotated_teachers"),
                    rotated_backbone: n("rotated_backbone"),
                    note: v("note"),
                };
                (alliances::add_activity(ctx.db, id, &act).map(|_| ()), S::ActivityAdded.s().into())
            }
        };
        match result {
            Ok(()) => {
                self.overlay = None;
                self.reload(ctx.db);
                Effect::Message(done)
            }
            Err(e) => {
                if let WriteError::Invalid { field, rule } = &e {
                    let message = rule_error(rule, |code| ctx.db.region_name(code));
                    overlay.form.set_error(field, Some(message));
                }
                if matches!(e, WriteError::Conflict) {
                    // Someone changed the alliance meanwhile: show their state; the form stays.
                    self.reload(ctx.db);
                }
                crate::tui::flows::write_failed(ctx.db, &e)
            }
        }
    }

    fn update_overlay(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(overlay) = &mut self.overlay else { return Effect::None };
        match overlay.form.update(action) {
            FormEvent::Save => self.save_overlay(ctx),
            FormEvent::Cancel => {
                self.overlay = None;
                Effect::Message(T::Cancelled.s().into())
            }
            FormEvent::AskLeave => crate::tui::flows::record_form::ask_leave(),
            FormEvent::None | FormEvent::Locked(_) => Effect::None,
            _ => Effect::Changed,
        }
    }

    fn facts_lines(&self, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
        let a = &self.alliance;
        let current: Vec<&Member> = self.current().collect();
        let students: i64 = current.iter().filter_map(|m| m.students).sum();
        let rural = current.iter().filter(|m| m.location == Some(Location::Rural)).count();
        let share = if current.is_empty() { 0 } else { (rural * 100 + current.len() / 2) / current.len() };
        let state = match &a.dissolved_on {
            Some(d) => fill(S::DissolvedOn.s(), &[d]),
            None => S::Active.s().to_string(),
        };
        let rows: Vec<(&str, String)> = vec![
            (
                S::FactKind.s(),
                format!("{}{}{}", a.level.label(), T::ListSep.s(), a.kind.map(|k| k.label()).unwrap_or("")),
            ),
            (S::FactRegion.s(), format!("{} {}", a.region_name, a.region_code)),
            (S::FactLead.s(), a.lead_school.clone().unwrap_or_default()),
            (S::FactFounded.s(), a.founded_on.clone().unwrap_or_default()),
            (S::FactMode.s(), a.mode.clone()),
            (
                S::FactMembers.s(),
                fill(S::MembersValue.s(), &[&current.len(), &thousands(students), &format!("{share}%")]),
            ),
            (S::FactState.s(), state),
        ];
        let label_cols = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(8) + 1;
        rows.into_iter()
            .map(|(l, v)| {
                Line::from(vec![
                    Span::styled(fit(l, label_cols), theme.label),
                    Span::raw(fit(&v, cols.saturating_sub(label_cols))),
                ])
            })
            .collect()
    }

    fn member_when(m: &Member) -> String {
        match &m.left_on {
            Some(left) => fill(S::Left.s(), &[left]),
            None => m.joined_on.clone().unwrap_or_default(),
        }
    }

    /// The member list: school, role, joined (or left) date, the dates aligned.
    fn member_table(&self, cols: usize) -> Table {
        let when = self.members.iter().map(|m| width(&Self::member_when(m))).max().unwrap_or(0);
        Table::flush(vec![Column::flex("", 0), Column::left("", 6), Column::left("", when)], cols)
    }

    fn activity_lines(&self, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = vec![Line::from(Span::styled(fit(S::Totals.s(), cols), theme.title))];
        if self.totals.is_empty() {
            out.push(Line::from(Span::styled(S::NoActivities.s(), theme.dim)));
            return out;
        }
        let mut kinds: Vec<ActivityKind> = ActivityKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != ActivityKind::Other || self.totals.iter().any(|t| t.kind == Some(*k)))
            .collect();
        kinds.sort();
        let mut header = fit(S::Year.s(), 5);
        for k in &kinds {
            header.push_str(&fit_right(activity_short(*k), 5));
        }
        header.push_str(&fit_right(S::Total.s(), 6));
        out.push(Line::from(Span::styled(fit(&header, cols), theme.label)));
        let mut years: Vec<&str> = self.totals.iter().map(|t| t.year.as_str()).collect();
        years.dedup();
        let (mut all, mut people, mut rotated) = (0, 0, 0);
        for y in years {
            let mut line = fit(y, 5);
            let mut sum = 0;
            for k in &kinds {
                let n: i64 = self.totals.iter().filter(|t| t.year == y && t.kind == Some(*k)).map(|t| t.count).sum();
                sum += n;
                line.push_str(&fit_right(&if n > 0 { n.to_string() } else { "-".into() }, 5));
            }
            line.push_str(&fit_right(&sum.to_string(), 6));
            out.push(Line::from(Span::raw(fit(&line, cols))));
        }
        for t in &self.totals {
            all += t.count;
            people += t.participants;
            rotated += t.rotated;
        }
        out.push(Line::from(Span::styled(
            fit(&fill(S::TotalsLine.s(), &[&thousands(all), &thousands(people), &thousands(rotated)]), cols),
            theme.dim,
        )));
        out.push(Line::from(Span::styled(fit(S::Activities.s(), cols), theme.title)));
        for a in &self.activities {
            let kind = a.kind.map(activity_short).unwrap_or("");
            let people = a.participants.map(|p| fill(S::ActivityLine.s(), &[&p])).unwrap_or_default();
            out.push(Line::from(Span::raw(fit(&format!("{} {kind} {people} {}", a.held_on, a.note), cols))));
        }
        out
    }
}

impl Screen for AllianceScreen {
    fn crumbs(&self) -> Vec<String> {
        vec![self.alliance.name.clone()]
    }

    fn context(&self) -> &'static Context {
        if self.overlay.is_some() {
            &bindings::FORM
        } else {
            &KEYS
        }
    }

    fn offers(&self, cmd: Command) -> bool {
        self.overlay.as_ref().is_none_or(|o| o.form.offers(cmd))
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.overlay.is_some() {
            return self.update_overlay(action, ctx);
        }
        if self.cursor.update(action, self.members.len()) {
            return Effect::Changed;
        }
        match action {
            Action::Cmd(Command::AddMember) => self.start_add(ctx),
            Action::Cmd(Command::RemoveMember) => self.start_leave(ctx),
            Action::Cmd(Command::MakeLead) => self.make_lead(ctx),
            Action::Cmd(Command::Dissolve) => self.start_dissolve(ctx),
            Action::Cmd(Command::Activity) => self.start_activity(ctx),
            Action::Cmd(Command::Go(Dest::Ledger)) => self.members_ledger(),
            Action::Cmd(Command::Edit) => {
                if let Some(msg) = self.check(ctx, None, true) {
                    return Effect::Message(msg);
                }
                Effect::Open(Route::EditAlliance(Box::new(self.alliance.clone())))
            }
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => Effect::Pop,
            _ => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let left_w = area.width / 2;
        let left = Rect { width: left_w, ..area };
        let right = Rect { x: area.x + left_w, width: area.width - left_w, ..area };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", self.alliance.name), theme.title));
        let inner = block.inner(left);
        frame.render_widget(block, left);
        let cols = inner.width as usize;
        let mut lines = self.facts_lines(cols, theme);
        lines.push(Line::from(Span::styled(fit(S::MemberList.s(), cols), theme.title)));
        let top = (lines.len() as u16).min(inner.height);
        frame.render_widget(Paragraph::new(lines), inner);
        let list = Rect { y: inner.y + top, height: inner.height - top, ..inner };
        let range = self.cursor.visible(list.height as usize, self.members.len());
        let rows = range
            .filter_map(|i| Some((i, self.members.get(i)?)))
            .map(|(i, m)| {
                let at_cursor = i == self.cursor.index && self.overlay.is_none();
                let style = paged_table::row_style(at_cursor, m.left_on.is_some(), theme);
                (vec![m.school.clone(), m.role.label().to_string(), Self::member_when(m)], style)
            })
            .collect();
        self.member_table(cols).render_rows(frame, list, rows, None);

        let block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border)
            .title(Span::styled(format!(" {} ", S::Activities.s()), theme.title));
        let inner = block.inner(right);
        frame.render_widget(block, right);
        frame.render_widget(Paragraph::new(self.activity_lines(inner.width as usize, theme)), inner);

        if let Some(o) = &self.overlay {
            o.form.view_popup(frame, area, &o.title, 56, theme);
        }
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.reload(db)
    }

    /// The school picker of `n` answered: ask for the new member's role and joining date.
    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        let Picked::School { id, name } = picked else { return nav::unexpected(&picked) };
        let roles = vec![
            (MemberRole::Member.code(), MemberRole::Member.label()),
            (MemberRole::Campus.code(), MemberRole::Campus.label()),
        ];
        self.overlay = Some(Overlay {
            title: fill(S::AddMemberTitle.s(), &[&name]),
            what: Pending::Add { school_id: id, name },
            form: Form::new(vec![
                Field::choice("role", S::FRole.s(), roles, MemberRole::Member.code()),
                Field::text("joined_on", alliance_field_label("joined_on"), &today()),
            ]),
        });
        Effect::Changed
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

/// What changes the member list (the row under the cursor, for `x` and `m`).
const MEMBER_KEYS: &[Binding] = &[
    bar(&["n"], Command::AddMember, || S::HintAddMember.s()),
    bar(&["x"], Command::RemoveMember, || S::HintRemoveMember.s()),
    bar(&["m"], Command::MakeLead, || S::HintMakeLead.s()),
];

pub static KEYS: Context = commands(
    "Alliance",
    || K::CtxAlliance.s(),
    &[
        MEMBER_KEYS,
        &[
            bar(&["t"], Command::Activity, || S::HintActivity.s()),
            bar(&["e"], Command::Edit, || S::HintEditAlliance.s()),
            bar(&["d"], Command::Dissolve, || S::HintDissolve.s()),
            bar(&["l"], Command::Go(Dest::Ledger), || S::HintMembersLedger.s()),
        ],
        LIST_MOVES,
    ],
);
