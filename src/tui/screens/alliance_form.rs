//! Creating an alliance from an alliance list (name, kind, level, lead school, founded
//! date, operating mode) or editing an alliance's facts (name, kind, founded date, mode).
//! Fields are checked as the user leaves them and again on save; a conflicting save shows
//! the other person's values beside the fields and overwrites nothing.

use super::{Ctx, Effect, Screen};
use crate::db::alliances::{self, Alliance};
use crate::db::{Db, WriteError};
use crate::domain::alliance::{self as rules, AllianceError};
use crate::domain::codes::{AllianceKind, AllianceLevel};
use crate::domain::fields::{Field as TableField, Kind};
use crate::domain::region::{self, Level};
use crate::i18n::schools::{alliance_error, choices, label, rule_error, shown, S};
use crate::i18n::{fill, Label, T};
use crate::tui::flows::record_form::{self, RecordForm};
use crate::tui::flows::school_picker;
use crate::tui::nav::{self, Picked};
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// What saving does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// A new alliance from the list of this county or prefecture.
    New { list_region: String },
    /// The facts of an existing alliance, read at `version`.
    Edit { id: i64, version: i64 },
}

pub struct AllianceForm {
    mode: Mode,
    form: Form,
    /// The chosen lead school's name (a new alliance).
    lead_name: String,
}

/// The form field a refused rule belongs to: membership rules concern the lead school,
/// later dates the founded date.
fn form_key(field: &str) -> &str {
    match field {
        "region" | "level_limit" | "school" | "lead" | "member" => "lead_school_id",
        "joined_on" | "held_on" | "dissolved_on" => "founded_on",
        other => other,
    }
}

fn region_name(db: &Db, code: &str) -> String {
    crate::db::regions::get(&db.conn, code).ok().flatten().map(|r| r.name).unwrap_or_else(|| code.to_string())
}

/// The form field of one alliance field; `options` gives a choice's (code, label) pairs.
fn form_field(f: &TableField, value: &str, options: &dyn Fn(&str) -> Vec<(&'static str, &'static str)>) -> Field {
    match f.kind {
        Kind::Choice(list) => Field::choice(f.key, label(f), options(list), value),
        Kind::School => Field::picked(f.key, label(f), value, ""),
        _ => Field::text(f.key, label(f), value),
    }
}

impl AllianceForm {
    /// A blank form for a new alliance in the list of `list_region`, or None when that is
    /// neither a county nor a prefecture. A county's list makes county-level alliances; a
    /// prefecture's may make either level.
    pub fn new_alliance(list_region: &str) -> Option<AllianceForm> {
        let levels = match region::level_of(list_region) {
            Ok(Level::County) => vec![AllianceLevel::County],
            Ok(Level::Prefecture) => vec![AllianceLevel::City, AllianceLevel::County],
            _ => return None,
        };
        let levels: Vec<(&'static str, &'static str)> = levels.iter().map(|l| (l.code(), l.label())).collect();
        let first_level = levels.first().map(|(code, _)| *code).unwrap_or_default();
        let initial = |key: &str| match key {
            "kind" => AllianceKind::Group.code().to_string(),
            "level" => first_level.to_string(),
            "founded_on" => crate::domain::dates::iso(crate::db::today()),
            _ => String::new(),
        };
        // A level the list's region cannot hold is not offered.
        let options = |list: &str| if list == rules::LEVEL_LIST { levels.clone() } else { choices(list) };
        let form = Form::new(rules::FIELDS.iter().map(|f| form_field(f, &initial(f.key), &options)).collect());
        Some(AllianceForm { mode: Mode::New { list_region: list_region.to_string() }, form, lead_name: String::new() })
    }

    /// The facts of `a` to edit (level, region and lead have their own ways).
    pub fn edit(a: &Alliance) -> AllianceForm {
        let values = a.fact_texts();
        let value = |key: &str| values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        let form = Form::new(rules::fact_fields().map(|f| form_field(f, &value(f.key), &choices)).collect());
        AllianceForm { mode: Mode::Edit { id: a.id, version: a.version }, form, lead_name: String::new() }
    }

    fn value(&self) -> impl Fn(&str) -> String + '_ {
        |k: &str| self.form.value(k).to_string()
    }

    /// Every field's error, from the pure rules.
    fn errors(&self) -> Vec<(&'static str, AllianceError)> {
        let today = crate::db::today();
        match &self.mode {
            Mode::New { .. } => rules::validate_new(&self.value(), today).err().unwrap_or_default(),
            Mode::Edit { .. } => rules::validate_facts(&self.value(), today).err().unwrap_or_default(),
        }
    }

    fn check_field(&mut self, index: usize, db: &Db) {
        let key = self.form.fields[index].key;
        if key == "lead_school_id" && self.form.value(key).is_empty() {
            return; // not chosen yet: said on save, not while moving past
        }
        let err = self.errors().into_iter().find(|(k, _)| *k == key).map(|(_, e)| self.message(db, &e));
        self.form.set_error(key, err);
    }

    fn message(&self, db: &Db, e: &AllianceError) -> String {
        alliance_error(e, |code| region_name(db, code))
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Effect {
        let errors = self.errors();
        let shown: Vec<(&str, String)> = errors.iter().map(|(k, e)| (*k, self.message(ctx.db, e))).collect();
        let summary = self.form.show_errors(shown);
        if !errors.is_empty() {
            return Effect::Message(summary);
        }
        let today = crate::db::today();
        let result = match &self.mode {
            Mode::New { list_region } => match rules::validate_new(&self.value(), today) {
                Ok(new) => alliances::insert(ctx.db, list_region, &new).map(|id| (id, new.facts.name)),
                Err(_) => return Effect::None,
            },
            Mode::Edit { id, version } => match rules::validate_facts(&self.value(), today) {
                Ok(facts) => alliances::update_facts(ctx.db, *id, *version, &facts).map(|_| (*id, facts.name)),
                Err(_) => return Effect::None,
            },
        };
        match (result, &self.mode) {
            (Ok((id, name)), Mode::New { .. }) => {
                Effect::Replace(Route::Alliance(id), Some(fill(S::AllianceCreated.s(), &[&name, &self.lead_name])))
            }
            (Ok((_, name)), Mode::Edit { .. }) => Effect::PopWith(fill(S::AllianceSaved.s(), &[&name])),
            (Err(WriteError::Conflict), _) => self.show_conflict(ctx.db),
            (Err(e), _) => {
                if let WriteError::Invalid { field, rule } = &e {
                    let message = rule_error(rule, |code| region_name(ctx.db, code));
                    self.form.set_error(form_key(field), Some(message));
                }
                crate::tui::flows::write_failed(ctx.db, &e)
            }
        }
    }

    /// Someone else saved first: their values appear beside the fields; F2 again saves what
    /// this user typed on top of their version, Esc discards it.
    fn show_conflict(&mut self, db: &Db) -> Effect {
        let Mode::Edit { id, .. } = self.mode else { return Effect::Message(T::Conflict.s().into()) };
        match alliances::get_visible(db, id) {
            Ok(Some(theirs)) => {
                for (key, value) in theirs.fact_texts() {
                    let table_field = rules::FIELDS.iter().find(|f| f.key == key);
                    if let (Some(f), Some(t)) = (self.form.fields.iter_mut().find(|f| f.key == key), table_field) {
                        f.theirs = (f.value() != value).then(|| shown(t, &value));
                    }
                }
                self.mode = Mode::Edit { id, version: theirs.version };
                Effect::Message(T::Conflict.s().into())
            }
            Ok(None) => Effect::Message(T::Conflict.s().into()),
            Err(e) => Effect::Message(e.to_string()),
        }
    }

    fn title(&self) -> &'static str {
        match self.mode {
            Mode::New { .. } => S::NewAlliance.s(),
            Mode::Edit { .. } => S::EditAlliance.s(),
        }
    }
}

impl RecordForm for AllianceForm {
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn left_field(&mut self, index: usize, db: &Db) {
        self.check_field(index, db);
    }

    /// Only a new alliance picks its lead school; an existing one keeps it.
    fn pick(&mut self, index: usize, db: &Db) -> Effect {
        let Mode::New { list_region } = &self.mode else { return Effect::None };
        if self.form.fields.get(index).map(|f| f.key) != Some("lead_school_id") {
            return Effect::None;
        }
        school_picker(db, list_region)
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        self.save_form(ctx)
    }
}

impl Screen for AllianceForm {
    record_form::form_screen_basics!();

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = match self.mode {
            Mode::Edit { id, .. } => format!(" {} #{id} ", self.title()),
            Mode::New { .. } => format!(" {} ", self.title()),
        };
        let block =
            Block::default().borders(Borders::ALL).border_set(theme.border).title(Span::styled(title, theme.title));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let note_rows = u16::from(matches!(self.mode, Mode::New { .. }) && inner.height > 2);
        let fields = Rect { height: inner.height.saturating_sub(note_rows * 2), ..inner };
        self.form.view(frame, fields, theme);
        if note_rows > 0 {
            let note = Line::from(Span::styled(fit(S::FormNote.s(), inner.width as usize), theme.dim));
            frame.render_widget(Paragraph::new(note), Rect { y: inner.bottom() - 1, height: 1, ..inner });
        }
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        let Picked::School { id, name } = picked else { return nav::unexpected(&picked) };
        self.form.set_value("lead_school_id", &id.to_string(), &name);
        self.form.set_error("lead_school_id", None);
        self.lead_name = name;
        Effect::Changed
    }
}
