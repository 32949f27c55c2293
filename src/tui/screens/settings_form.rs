//! A county's own month's cycle settings (`S` on the county page, administrators): the
//! deadline day and the three due thresholds, one line each from the field table in
//! `domain::cycle_settings`. Each shows the value in force; saving writes the county's own
//! value for each one changed (audited), which then overrides the province-wide one.

use super::{Ctx, Effect, Screen};
use crate::db::{settings, Db};
use crate::domain::cycle_settings::{self, SETTINGS};
use crate::i18n::ledger::label_of;
use crate::i18n::month::{setting_error, M};
use crate::i18n::{fill, T};
use crate::tui::flows::record_form::{self, RecordForm};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form};
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct SettingsForm {
    code: String,
    name: String,
    /// The values in force when the form opened, in [`SETTINGS`] order.
    base: Vec<i64>,
    form: Form,
}

impl SettingsForm {
    pub fn new(db: &Db, code: &str, name: &str) -> SettingsForm {
        let base: Vec<i64> = SETTINGS.iter().map(|s| settings::cycle_value(&db.conn, code, s)).collect();
        let fields = SETTINGS
            .iter()
            .zip(&base)
            .map(|(s, v)| Field::text(s.field.key, label_of(&s.field), &v.to_string()))
            .collect();
        SettingsForm { code: code.to_string(), name: name.to_string(), base, form: Form::new(fields) }
    }

    /// Checks every line and marks the bad ones; the values when all are good.
    fn validate_all(&mut self) -> Option<Vec<i64>> {
        let mut out = Vec::with_capacity(SETTINGS.len());
        let mut ok = true;
        for s in SETTINGS {
            let typed = self.form.value(s.field.key).to_string();
            match cycle_settings::parse(s, &typed) {
                Ok(n) => {
                    self.form.set_error(s.field.key, None);
                    out.push(n);
                }
                Err(e) => {
                    self.form.set_error(s.field.key, Some(setting_error(&typed, e)));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn validate_field(&mut self, index: usize) {
        let Some(s) = SETTINGS.get(index) else { return };
        let typed = self.form.value(s.field.key).to_string();
        let err = cycle_settings::parse(s, &typed).err().map(|e| setting_error(&typed, e));
        self.form.set_error(s.field.key, err);
    }

    /// Writes the county's own value of each setting changed; nothing when a line is bad.
    fn write(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(values) = self.validate_all() else {
            self.form.focus_first_error();
            return Effect::Message(fill(T::FixErrors.s(), &[&self.form.error_count()]));
        };
        let changed: Vec<_> = SETTINGS.iter().zip(values).zip(&self.base).filter(|((_, v), b)| v != *b).collect();
        if changed.is_empty() {
            return Effect::PopWith(T::NothingChanged.s().to_string());
        }
        for ((s, v), _) in &changed {
            if let Err(e) = settings::set_cycle(ctx.db, Some(&self.code), s, *v) {
                return crate::tui::flows::write_failed(ctx.db, &e);
            }
        }
        Effect::PopWith(fill(M::SettingsSaved.s(), &[&self.name, &changed.len()]))
    }
}

impl SettingsForm {
    fn title(&self) -> &'static str {
        M::SettingsTitle.s()
    }
}

impl RecordForm for SettingsForm {
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn left_field(&mut self, index: usize, _db: &Db) {
        self.validate_field(index);
    }

    fn pick(&mut self, _index: usize, _db: &Db) -> Effect {
        Effect::None
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        self.write(ctx)
    }
}

impl Screen for SettingsForm {
    record_form::form_screen_basics!();

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.form.view_framed(frame, area, &format!("{} - {}", self.title(), self.name), theme);
    }
}
