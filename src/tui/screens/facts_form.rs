//! Editing a county's facts: the first form, and the pattern the ledger forms follow —
//! validate as you leave a field and again on save; a conflicting save overwrites nothing,
//! shows the other person's values and keeps what you typed.

use super::{Ctx, Effect, Screen};
use crate::db::counties::{self, CountyFacts};
use crate::db::{Db, WriteError};
use crate::domain::county::{self, FieldError};
use crate::domain::fields::Kind;
use crate::i18n::schools::{choices, label, number_error, shown};
use crate::i18n::{fill, T};
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use chrono::Datelike;
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct FactsForm {
    name: String,
    base: CountyFacts,
    form: Form,
}

fn message(e: &FieldError) -> String {
    number_error(e)
}

fn this_year() -> i64 {
    i64::from(crate::db::today().year())
}

impl FactsForm {
    pub fn new(db: &Db, code: &str, name: &str) -> rusqlite::Result<FactsForm> {
        let base = counties::get(&db.conn, code)?;
        let values = base.fields();
        let value = |key: &str| values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        // One line per fact (the note too: a remark, not a report).
        let form = Form::new(
            county::FIELDS
                .iter()
                .map(|f| match f.kind {
                    Kind::Choice(list) => Field::choice(f.key, label(f), choices(list), &value(f.key)),
                    _ => Field::text(f.key, label(f), &value(f.key)),
                })
                .collect(),
        );
        Ok(FactsForm { name: name.to_string(), base, form })
    }

    /// Runs every rule; marks each field; the facts when all pass.
    fn validate_all(&mut self) -> Option<CountyFacts> {
        let result = county::validate(&self.base, |k| self.form.value(k).to_string(), this_year());
        for f in &mut self.form.fields {
            f.error = None;
        }
        match result {
            Ok(facts) => Some(facts),
            Err(errors) => {
                for (key, e) in errors {
                    self.form.set_error(key, Some(message(&e)));
                }
                None
            }
        }
    }

    /// Validates just the field the user left (plus the year order, which spans two).
    fn validate_field(&mut self, index: usize) {
        let key = self.form.fields[index].key;
        let result = county::validate(&self.base, |k| self.form.value(k).to_string(), this_year());
        let err = match &result {
            Err(errors) => errors.iter().find(|(k, _)| *k == key).map(|(_, e)| message(e)),
            Ok(_) => None,
        };
        self.form.set_error(key, err);
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(facts) = self.validate_all() else {
            self.form.focus_first_error();
            return Effect::Message(fill(T::FixErrors.s(), &[&self.form.error_count()]));
        };
        if facts.fields() == self.base.fields() && facts.version > 0 {
            return Effect::PopWith(T::NothingChanged.s().to_string());
        }
        match counties::save(ctx.db, &facts) {
            Ok(_) => Effect::PopWith(T::Saved.s().to_string()),
            Err(WriteError::Conflict) => self.show_conflict(ctx.db),
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }

    /// Someone saved first: show their values beside ours; the next F2 re-applies ours on
    /// top of their version, Esc discards ours.
    fn show_conflict(&mut self, db: &Db) -> Effect {
        match counties::get(&db.conn, &self.base.code) {
            Ok(theirs) => {
                let fields = county::FIELDS.iter().zip(theirs.fields());
                self.form.show_theirs(fields.map(|(f, (key, value))| (key, shown(f, &value))));
                self.base = theirs;
                Effect::Message(T::Conflict.s().to_string())
            }
            Err(e) => Effect::Message(e.to_string()),
        }
    }
}

impl Screen for FactsForm {
    fn crumbs(&self) -> Vec<String> {
        vec![T::EditFacts.s().to_string()]
    }

    fn context(&self) -> &'static Context {
        &bindings::FORM
    }

    fn offers(&self, cmd: Command) -> bool {
        self.form.offers(cmd)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match self.form.update(action) {
            FormEvent::None | FormEvent::Pick(_) | FormEvent::Locked(_) => Effect::None,
            FormEvent::Edited => Effect::Changed,
            FormEvent::Left(i) => {
                self.validate_field(i);
                Effect::Changed
            }
            FormEvent::Save => self.save(ctx),
            FormEvent::Cancel => Effect::PopWith(T::Cancelled.s().to_string()),
            FormEvent::AskLeave => crate::tui::flows::record_form::ask_leave(),
            FormEvent::KeepDraft => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.form.view_framed(frame, area, &format!("{} - {}", T::EditFacts.s(), self.name), theme);
    }
}
