//! Creating or editing a school: every field of docs/domain.md §2 with the seven resource
//! figures, checked as the user leaves each field and again on save. Closing or merging a
//! school is done here too (a closing date and the school it merged into): nothing is ever
//! deleted. A conflicting save overwrites nothing and shows the other person's values.

use super::{Ctx, Effect, Screen};
use crate::db::schools::{self, School};
use crate::db::{Db, WriteError};
use crate::domain::codes::SchoolKind;
use crate::domain::fields::Kind;
use crate::domain::school_rules::{self, SchoolRecord};
use crate::i18n::keys::K;
use crate::i18n::schools::{choices, label, rule_error, school_error, S};
use crate::i18n::{fill, T};
use crate::tui::bindings::{bar, text, Context, FORM_ROWS, FORM_SAVE, NOTE_EDITOR};
use crate::tui::commands::Command;
use crate::tui::flows::school_picker;
use crate::tui::keymap::Action;
use crate::tui::nav::{self, Picked};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct SchoolForm {
    school_id: Option<i64>,
    county: String,
    version: i64,
    form: Form,
}

impl SchoolForm {
    fn build(values: &[(&'static str, String)], merged_name: &str) -> Form {
        let v = |k: &str| values.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let shown = if v("merged_into").is_empty() { S::NotMerged.s() } else { merged_name };
        let fields = school_rules::FIELDS
            .iter()
            .map(|f| match f.kind {
                Kind::Choice(list) => Field::choice(f.key, label(f), choices(list), &v(f.key)),
                Kind::School => Field::picked(f.key, label(f), &v(f.key), shown),
                Kind::Note(_) => Field::multiline(f.key, label(f), &v(f.key)),
                _ => Field::text(f.key, label(f), &v(f.key)),
            })
            .collect();
        Form::new(fields)
    }

    pub fn new_school(county: &str) -> SchoolForm {
        let values = vec![("kind", SchoolKind::Primary.code().to_string()), ("location", "urban".to_string())];
        SchoolForm { school_id: None, county: county.to_string(), version: 0, form: Self::build(&values, "") }
    }

    pub fn edit(school: &School) -> SchoolForm {
        let values = school.record.texts();
        SchoolForm {
            school_id: Some(school.id),
            county: school.county_code.clone(),
            version: school.version,
            form: Self::build(&values, school.merged_name.as_deref().unwrap_or("")),
        }
    }

    fn validate(&self, db: &Db) -> Result<SchoolRecord, Vec<(&'static str, school_rules::SchoolError)>> {
        school_rules::validate(
            |k| self.form.value(k).to_string(),
            crate::db::today(),
            self.school_id,
            |id| crate::db::cases::school_exists(&db.conn, id),
        )
    }

    fn validate_field(&mut self, index: usize, db: &Db) {
        let key = self.form.fields[index].key;
        let checked = self.validate(db);
        self.form.mark_field(key, checked, school_error);
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        let checked = self.validate(ctx.db);
        let record = match self.form.checked(checked, school_error) {
            Ok(r) => r,
            Err(message) => return Effect::Message(message),
        };
        let result = match self.school_id {
            None => schools::insert(ctx.db, &self.county, &record),
            Some(id) => schools::update(ctx.db, id, self.version, &record),
        };
        match result {
            Ok(_) => Effect::PopWith(fill(S::SavedSchool.s(), &[&record.name])),
            Err(WriteError::Conflict) => self.show_conflict(ctx.db),
            Err(WriteError::Invalid { field, rule }) => {
                let message = rule_error(&rule, |code| ctx.db.region_name(code));
                self.form.set_error(field, Some(message.clone()));
                Effect::Message(message)
            }
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }

    /// Someone saved first: their values appear beside the fields; F2 again saves what this
    /// user typed on top of their version, Esc discards it.
    fn show_conflict(&mut self, db: &Db) -> Effect {
        let Some(id) = self.school_id else { return Effect::Message(T::Conflict.s().into()) };
        match schools::get_visible(db, id) {
            Ok(Some(theirs)) => {
                self.form.show_theirs(theirs.record.texts());
                self.version = theirs.version;
                Effect::Message(T::Conflict.s().into())
            }
            Ok(None) => Effect::Message(T::Conflict.s().into()),
            Err(e) => Effect::Message(e.to_string()),
        }
    }

    fn pick(&mut self, db: &Db) -> Effect {
        school_picker(db, &self.county)
    }
}

impl Screen for SchoolForm {
    fn crumbs(&self) -> Vec<String> {
        vec![if self.school_id.is_some() { S::EditSchool.s() } else { S::NewSchool.s() }.to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    crate::tui::flows::record_form::form_delegates!();

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        // Delete on the merged-into field un-merges (the picker only chooses).
        if self.form.focused_key() == "merged_into" && matches!(action, Action::Delete | Action::Backspace) {
            self.form.set_value("merged_into", "", S::NotMerged.s());
            self.form.set_error("merged_into", None);
            return Effect::Changed;
        }
        match self.form.update(action) {
            FormEvent::None | FormEvent::Locked(_) => Effect::None,
            FormEvent::Edited => {
                if self.form.has_errors() {
                    let checked = self.validate(ctx.db);
                    self.form.clear_fixed(&checked);
                }
                Effect::Changed
            }
            FormEvent::Left(i) => {
                self.validate_field(i, ctx.db);
                Effect::Changed
            }
            FormEvent::Pick(_) => self.pick(ctx.db),
            FormEvent::Save => self.save(ctx),
            FormEvent::Cancel => Effect::PopWith(T::Cancelled.s().to_string()),
            FormEvent::AskLeave => crate::tui::flows::record_form::ask_leave(),
            FormEvent::KeepDraft => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = match self.school_id {
            Some(id) => format!("{} #{id}", S::EditSchool.s()),
            None => S::NewSchool.s().to_string(),
        };
        self.form.view_framed(frame, area, &title, theme);
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        let Picked::School { id, name } = picked else { return nav::unexpected(&picked) };
        self.form.set_value("merged_into", &id.to_string(), &name);
        self.form.set_error("merged_into", None);
        Effect::Changed
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = text(
    "School form",
    || K::CtxSchoolForm.s(),
    &[
        FORM_SAVE,
        FORM_ROWS,
        &[bar(&["Del"], Command::Unset, || T::HintClear.s()).about(|| K::AboutUnmerge.s())],
        NOTE_EDITOR,
    ],
);
