//! A workflow step on a case (劝返, 复学, 销号 …): the date and whatever the step needs,
//! checked before anything is written.

use super::{Ctx, Effect, Screen};
use crate::db::cases::{self, StepInput};
use crate::db::WriteError;
use crate::domain::case_status::{CaseAction, Needs};
use crate::domain::dates::{self, DateError};
use crate::domain::follow_up::Hours;
use crate::i18n::ledger::{action_label, L};
use crate::i18n::{fill, T};
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::flows::school_picker;
use crate::tui::keymap::Action;
use crate::tui::nav::{self, Picked};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct StepForm {
    case_id: i64,
    version: i64,
    action: CaseAction,
    region: String,
    registered_on: String,
    form: Form,
}

impl StepForm {
    pub fn new(case_id: i64, version: i64, action: CaseAction, region: &str, registered_on: String) -> StepForm {
        let today = crate::db::today().format("%Y-%m-%d").to_string();
        let mut fields = vec![Field::text("date", L::StepDate.s(), &today)];
        match action.needs() {
            Needs::Visit => fields.extend([
                Field::choice("line", L::StepLine.s(), vec![("edu", L::LineEdu.s()), ("gov", L::LineGov.s())], "edu"),
                Field::text("who", L::StepWho.s(), ""),
                Field::choice(
                    "method",
                    L::StepMethod.s(),
                    vec![
                        ("home", L::MethodHome.s()),
                        ("phone", L::MethodPhone.s()),
                        ("interview", L::MethodInterview.s()),
                        ("notice", L::MethodNotice.s()),
                    ],
                    "home",
                ),
                Field::text("text", L::StepOutcome.s(), ""),
            ]),
            Needs::School => fields.push(Field::picked("school", L::StepSchool.s(), "", "")),
            Needs::CloseEvidence => {
                fields.extend([Field::text("text", L::StepBasis.s(), ""), Field::text("who", L::StepCloser.s(), "")])
            }
            Needs::Reason => fields.push(Field::text("text", L::StepReason.s(), "")),
            Needs::Session => fields.extend([
                Field::text("who", L::StepTeacher.s(), ""),
                Field::text("hours", L::StepHours.s(), ""),
                Field::text("content", L::StepContent.s(), ""),
                Field::text("text", L::StepResponse.s(), ""),
            ]),
            Needs::Check => fields.extend([
                Field::text("who", L::StepChecker.s(), ""),
                Field::choice(
                    "attending",
                    L::StepAttending.s(),
                    vec![("1", L::AttendingYes.s()), ("0", L::AttendingNo.s())],
                    "1",
                ),
                Field::text("text", L::StepNote.s(), ""),
            ]),
            Needs::DateOnly => {}
        }
        StepForm { case_id, version, action, region: region.to_string(), registered_on, form: Form::new(fields) }
    }

    fn has(&self, key: &str) -> bool {
        self.form.fields.iter().any(|f| f.key == key)
    }

    /// Every rule of the step; marks the fields; the input when all pass.
    fn validate(&mut self) -> Option<StepInput> {
        for f in &mut self.form.fields {
            f.error = None;
        }
        let date = match dates::parse(self.form.value("date"), crate::db::today()) {
            Ok(Some(d)) => {
                let iso = dates::iso(d);
                if iso < self.registered_on {
                    self.form.set_error("date", Some(fill(L::StepBeforeRegistered.s(), &[&self.registered_on])));
                }
                iso
            }
            Ok(None) => {
                self.form.set_error("date", Some(L::ErrRequired.s().into()));
                String::new()
            }
            Err(DateError::Format) => {
                self.form.set_error("date", Some(L::ErrDate.s().into()));
                String::new()
            }
            Err(DateError::Future) => {
                self.form.set_error("date", Some(L::ErrFuture.s().into()));
                String::new()
            }
        };
        // A check's note may be empty (nothing to add); everything else asked for is required.
        let optional = |key: &str| key == "text" && self.action.needs() == Needs::Check;
        for key in ["who", "text", "content"] {
            if self.has(key) && !optional(key) && self.form.value(key).trim().is_empty() {
                self.form.set_error(key, Some(L::ErrRequired.s().into()));
            }
        }
        let hours = self.has("hours").then(|| Hours::parse(self.form.value("hours")));
        if let Some(Err(_)) = hours {
            self.form.set_error("hours", Some(L::ErrHours.s().into()));
        }
        let school_id = self.form.value("school").parse::<i64>().ok();
        if self.has("school") && school_id.is_none() {
            self.form.set_error("school", Some(L::ErrSchool.s().into()));
        }
        if self.form.error_count() > 0 {
            return None;
        }
        let opt = |k: &str| Some(self.form.value(k).to_string()).filter(|v| !v.is_empty() && self.has(k));
        Some(StepInput {
            date,
            line: opt("line"),
            who: self.form.value("who").trim().to_string(),
            method: opt("method"),
            text: self.form.value("text").trim().to_string(),
            school_id,
            hours: hours.and_then(Result::ok),
            attending: self.has("attending").then(|| self.form.value("attending") == "1"),
            content: self.form.value("content").trim().to_string(),
        })
    }

    /// Hours are checked as the field is left (the rest on save): a typo shows at once.
    fn check_hours(&mut self, left: usize) {
        if self.form.fields.get(left).is_some_and(|f| f.key == "hours") {
            let bad = Hours::parse(self.form.value("hours")).is_err();
            self.form.set_error("hours", bad.then(|| L::ErrHours.s().to_string()));
        }
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(input) = self.validate() else {
            return Effect::Message(fill(T::FixErrors.s(), &[&self.form.error_count()]));
        };
        match cases::step(ctx.db, self.case_id, self.version, self.action, &input) {
            Ok(_) => Effect::PopWith(fill(L::StepDone.s(), &[&action_label(self.action)])),
            Err(WriteError::Invalid { field: "status", .. }) => {
                Effect::Message(fill(L::StepIllegal.s(), &[&"", &action_label(self.action)]))
            }
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }
}

impl Screen for StepForm {
    fn crumbs(&self) -> Vec<String> {
        vec![action_label(self.action).to_string()]
    }

    fn context(&self) -> &'static Context {
        &bindings::FORM
    }

    fn offers(&self, cmd: Command) -> bool {
        self.form.offers(cmd)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match self.form.update(action) {
            FormEvent::None | FormEvent::Locked(_) => Effect::None,
            FormEvent::Edited => Effect::Changed,
            FormEvent::Left(i) => {
                self.check_hours(i);
                Effect::Changed
            }
            FormEvent::Save => self.save(ctx),
            FormEvent::Cancel => Effect::PopWith(T::Cancelled.s().into()),
            FormEvent::Pick(_) => school_picker(ctx.db, &self.region),
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.form.view_framed(frame, area, &format!("{} #{}", action_label(self.action), self.case_id), theme);
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        let Picked::School { id, name } = picked else { return nav::unexpected(&picked) };
        self.form.set_value("school", &id.to_string(), &name);
        Effect::Changed
    }
}
