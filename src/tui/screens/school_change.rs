//! The form of one dated change of a school (docs/domain.md §18): its fields come from the
//! change (`Change::fields`: the date, the new name / type / operator / place or the school
//! it merges into, a note), each checked as the user leaves it and again on F2 against the
//! school as stored. A refused save changes nothing and says why beside the field.

use super::{Ctx, Effect, Screen};
use crate::db::{Db, Rule, WriteError};
use crate::domain::fields::Kind;
use crate::domain::history::{Change, HistoryError};
use crate::i18n::fill;
use crate::i18n::history::{change_label, describe, history_error, H};
use crate::i18n::ledger::label_of;
use crate::i18n::schools::choices;
use crate::tui::flows::record_form::{self, RecordForm};
use crate::tui::flows::school_picker;
use crate::tui::nav::{self, Picked};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form};
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct SchoolChangeForm {
    school_id: i64,
    county: String,
    name: String,
    change: Change,
    form: Form,
    title: String,
}

impl SchoolChangeForm {
    /// The form of `change` for school `school_id`, its value fields starting at what the
    /// school has now (a new name starts empty; a type or a place at the current one).
    pub fn new(db: &Db, school_id: i64, change: Change) -> Result<SchoolChangeForm, String> {
        let s = crate::db::history::standing(&db.conn, school_id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| H::Gone.s().to_string())?;
        let today = crate::domain::dates::iso(crate::db::today());
        let fields = change
            .fields()
            .into_iter()
            .map(|f| match (f.key, f.kind) {
                ("on_date", _) => Field::text(f.key, label_of(f), &today),
                ("kind", Kind::Choice(list)) => Field::choice(f.key, label_of(f), choices(list), s.kind.code()),
                ("location", Kind::Choice(list)) => Field::choice(f.key, label_of(f), choices(list), s.location.code()),
                ("into", _) => Field::picked(f.key, label_of(f), "", ""),
                _ => Field::text(f.key, label_of(f), ""),
            })
            .collect();
        let title = fill(H::FormTitle.s(), &[&s.name, &change_label(change)]);
        Ok(SchoolChangeForm { school_id, county: s.county, name: s.name, change, form: Form::new(fields), title })
    }

    fn title(&self) -> &str {
        &self.title
    }

    /// Every field's error against the school as stored.
    fn errors(&self, db: &Db) -> Vec<(&'static str, HistoryError)> {
        let v = |k: &str| self.form.value(k).to_string();
        match crate::db::history::check(&db.conn, self.school_id, self.change, &v) {
            Ok(Some(Err(errors))) => errors,
            _ => Vec::new(),
        }
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Effect {
        let errors: Vec<(&str, String)> = self.errors(ctx.db).iter().map(|(k, e)| (*k, history_error(e))).collect();
        let failed = !errors.is_empty();
        let summary = self.form.show_errors(errors);
        if failed {
            return Effect::Message(summary);
        }
        let texts = self.form.values();
        let v = move |k: &str| texts.iter().find(|(key, _)| *key == k).map(|(_, t)| t.clone()).unwrap_or_default();
        match crate::db::history::record(ctx.db, self.school_id, self.change, &v) {
            Ok(done) => {
                let what = describe(self.change, &done.old, &done.new);
                Effect::PopWith(fill(H::Saved.s(), &[&done.on_date, &self.name, &what]))
            }
            Err(e) => {
                if let WriteError::Invalid { field, rule: Rule::History(r) } = &e {
                    self.form.set_error(field, Some(history_error(r)));
                }
                crate::tui::flows::write_failed(ctx.db, &e)
            }
        }
    }
}

impl RecordForm for SchoolChangeForm {
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn left_field(&mut self, index: usize, db: &Db) {
        let Some(key) = self.form.fields.get(index).map(|f| f.key) else { return };
        let err = self.errors(db).into_iter().find(|(k, _)| *k == key).map(|(_, e)| history_error(&e));
        self.form.set_error(key, err);
    }

    fn pick(&mut self, index: usize, db: &Db) -> Effect {
        match self.form.fields.get(index).map(|f| f.key) {
            Some("into") => school_picker(db, &self.county),
            _ => Effect::None,
        }
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        self.save_form(ctx)
    }
}

impl Screen for SchoolChangeForm {
    record_form::form_screen_basics!();

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.form.view_framed(frame, area, self.title(), theme);
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        match picked {
            Picked::School { id, name } => {
                self.form.set_value("into", &id.to_string(), &name);
                self.form.set_error("into", None);
                Effect::Changed
            }
            other => nav::unexpected(&other),
        }
    }
}
