//! What a record's form screen does with each event of its `Form`, in one place: check a
//! field on leaving it, open a picker, save, and on Esc leave (asking first when there are
//! changes). Screens say only what differs.

use crate::db::Db;
use crate::i18n::T;
use crate::tui::keymap::Action;
use crate::tui::screens::{Ctx, Effect};
use crate::tui::widgets::form::{Form, FormEvent};
use crate::tui::widgets::question::Question;

pub trait RecordForm {
    fn form_mut(&mut self) -> &mut Form;
    /// Checks field `index` as the user leaves it (and keeps a draft, where the form has one).
    fn left_field(&mut self, index: usize, db: &Db);
    /// After an edit: messages of fields now right go (`Form::clear_fixed`).
    fn recheck(&mut self, _db: &Db) {}
    fn pick(&mut self, index: usize, db: &Db) -> Effect;
    fn save(&mut self, ctx: &mut Ctx) -> Effect;
    /// An edit of a field still hidden: say how to reveal it.
    fn locked(&mut self, _index: usize) -> Effect {
        Effect::None
    }
    /// Leave the form, its input discarded (a form with a draft discards it first).
    fn cancel(&mut self, _ctx: &mut Ctx) -> Effect {
        Effect::PopWith(T::Cancelled.s().to_string())
    }
    /// Whether the form can keep its input as a draft, to be offered when it opens again.
    fn keeps_drafts(&self) -> bool {
        false
    }
    /// The answer "save as draft": keep the input and leave.
    fn keep_draft(&mut self, _ctx: &mut Ctx) -> Effect {
        Effect::None
    }
}

/// The one dispatch from a form's events to the screen's effects.
pub fn update(screen: &mut impl RecordForm, action: Action, ctx: &mut Ctx) -> Effect {
    match screen.form_mut().update(action) {
        FormEvent::None => Effect::None,
        FormEvent::Edited => {
            screen.recheck(ctx.db);
            Effect::Changed
        }
        FormEvent::Left(i) => {
            screen.left_field(i, ctx.db);
            Effect::Changed
        }
        FormEvent::Pick(i) => screen.pick(i, ctx.db),
        FormEvent::Locked(i) => screen.locked(i),
        FormEvent::Save => screen.save(ctx),
        FormEvent::Cancel => screen.cancel(ctx),
        FormEvent::AskLeave => Effect::Ask(Question::leave(screen.keeps_drafts())),
        FormEvent::KeepDraft => screen.keep_draft(ctx),
    }
}

/// For a form screen without the trait: Esc on a changed form asks (without drafts).
pub fn ask_leave() -> Effect {
    Effect::Ask(Question::leave(false))
}

/// The `Screen` methods a plain record form shares (its crumb is its title, its keys are the
/// form's, every event goes through [`update`]), written once; use it inside
/// `impl Screen for X { … }` of a type with a `form: Form` field and a `title()` method.
macro_rules! form_screen_basics {
    () => {
        fn crumbs(&self) -> Vec<String> {
            vec![self.title().to_string()]
        }

        fn context(&self) -> &'static crate::tui::bindings::Context {
            &crate::tui::bindings::FORM
        }

        fn update(&mut self, action: crate::tui::keymap::Action, ctx: &mut Ctx) -> Effect {
            crate::tui::flows::record_form::update(self, action, ctx)
        }

        crate::tui::flows::record_form::form_delegates!();
    };
}
pub(crate) use form_screen_basics;

/// The `Screen` methods every form screen hands to its `form`: what the hint bar offers
/// (Enter, ←→, F4 by the focused field) and the form itself (F4 hands its note to `$EDITOR`).
macro_rules! form_delegates {
    () => {
        fn offers(&self, cmd: crate::tui::commands::Command) -> bool {
            self.form.offers(cmd)
        }

        fn form_mut(&mut self) -> Option<&mut crate::tui::widgets::form::Form> {
            Some(&mut self.form)
        }
    };
}
pub(crate) use form_delegates;
