//! Confirming one hand item of the self-evaluation sheet: value, verdict, evidence, date and
//! who confirmed (`domain::evaluation::confirm` checks them, as the CLI's `sheet set` does).
//! F2 saves (audited; the county's administrators only), Esc cancels. A threshold item takes
//! its verdict from the value: its verdict may stay empty.

use super::{Ctx, Effect, Screen};
use crate::db::evaluation;
use crate::db::Db;
use crate::domain::evaluation::{self as ev, EntryError, EntryInput, How};
use crate::i18n::evaluation::{entry_error, item_name, item_rule, E};
use crate::i18n::{fill, T};
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

crate::i18n::texts! { F {
    Value => "数值", "Value";
    Verdict => "结论", "Verdict";
    Evidence => "依据（文号或说明）", "Evidence (document or note)";
    On => "确认日期", "Confirmed on";
    By => "确认人", "Confirmed by";
    FromValue => "按数值判断", "from the value";
    NotStated => "（未选）", "(not given)";
    Title => "确认 {} {}（{}年度）  标准：{}", "Confirm {} {} ({})  rule: {}";
}}

pub struct SheetForm {
    county: String,
    year: i32,
    item: &'static ev::Item,
    form: Form,
}

impl SheetForm {
    /// The form for `item` of `county`'s sheet of `year`, filled with its confirmation if any.
    pub fn new(db: &Db, county: &str, year: i32, item: &'static str) -> rusqlite::Result<Option<SheetForm>> {
        let Some(item) = ev::find(item).filter(|i| i.is_hand()) else { return Ok(None) };
        let old = evaluation::entries(&db.conn, county, year)?.into_iter().find(|e| e.item == item.code);
        let today = crate::db::today().format("%Y-%m-%d").to_string();
        let (value, verdict, evidence, on, by) = match &old {
            Some(e) => (
                e.value.clone(),
                if e.met { "met" } else { "not_met" },
                e.evidence.clone(),
                e.confirmed_on.format("%Y-%m-%d").to_string(),
                e.confirmed_by.clone(),
            ),
            None => (String::new(), "", String::new(), today, db.actor.login.clone()),
        };
        // A threshold item's verdict follows its value: the form starts at "from the value".
        let verdict = if matches!(item.how, How::AtLeast(_)) { "" } else { verdict };
        let first = match item.how {
            How::AtLeast(_) => ("", F::FromValue.s()),
            _ => ("", F::NotStated.s()),
        };
        let choices = vec![first, ("met", E::StateMet.s()), ("not_met", E::StateNotMet.s())];
        let form = Form::new(vec![
            Field::text("value", F::Value.s(), &value),
            Field::choice("verdict", F::Verdict.s(), choices, verdict),
            Field::text("evidence", F::Evidence.s(), &evidence),
            Field::text("confirmed_on", F::On.s(), &on),
            Field::text("confirmed_by", F::By.s(), &by),
        ]);
        Ok(Some(SheetForm { county: county.to_string(), year, item, form }))
    }

    fn input(&self) -> EntryInput {
        let verdict = match self.form.value("verdict") {
            "met" => "met",
            "not_met" => "not met",
            _ => "",
        };
        EntryInput {
            item: self.item.code.to_string(),
            value: self.form.value("value").to_string(),
            verdict: verdict.to_string(),
            evidence: self.form.value("evidence").to_string(),
            confirmed_on: self.form.value("confirmed_on").to_string(),
            confirmed_by: self.form.value("confirmed_by").to_string(),
        }
    }

    /// The field a refusal concerns.
    fn field_of(e: &EntryError) -> &'static str {
        match e {
            EntryError::NotANumber(_) | EntryError::Contradicts { .. } => "value",
            EntryError::NoVerdict | EntryError::BadVerdict(_) => "verdict",
            EntryError::NoEvidence => "evidence",
            EntryError::NoConfirmer => "confirmed_by",
            EntryError::BadDate(_) | EntryError::FutureDate(_) => "confirmed_on",
            EntryError::UnknownItem(_) | EntryError::Computed(_) => "value",
        }
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        for f in &mut self.form.fields {
            f.error = None;
        }
        let entry = match ev::confirm(&self.input(), crate::db::today()) {
            Ok(e) => e,
            Err(e) => {
                self.form.set_error(Self::field_of(&e), Some(entry_error(&e)));
                return Effect::Message(entry_error(&e));
            }
        };
        match evaluation::confirm(ctx.db, &self.county, self.year, &entry) {
            Ok(()) => Effect::PopWith(T::Saved.s().to_string()),
            Err(e) => Effect::Message(crate::i18n::errors::session_write_error(ctx.db, &e)),
        }
    }
}

impl Screen for SheetForm {
    fn crumbs(&self) -> Vec<String> {
        vec![self.item.code.to_string()]
    }

    fn context(&self) -> &'static Context {
        &bindings::FORM
    }

    fn offers(&self, cmd: Command) -> bool {
        self.form.offers(cmd)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match self.form.update(action) {
            FormEvent::None | FormEvent::Pick(_) | FormEvent::Left(_) | FormEvent::Locked(_) => Effect::Changed,
            FormEvent::Edited => Effect::Changed,
            FormEvent::Save => self.save(ctx),
            FormEvent::Cancel => Effect::PopWith(T::Cancelled.s().to_string()),
            FormEvent::AskLeave => crate::tui::flows::record_form::ask_leave(),
            FormEvent::KeepDraft => Effect::None,
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let code = self.item.code;
        let title = fill(F::Title.s(), &[&code, &item_name(code), &self.year, &item_rule(code)]);
        self.form.view_framed(frame, area, &title, theme);
    }
}
