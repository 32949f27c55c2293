//! What a record's form screen does with each event of its `Form`, in one place: check a
//! field on leaving it, open a picker, save, cancel. Screens say only what differs.

use crate::db::Db;
use crate::i18n::T;
use crate::tui::keymap::Action;
use crate::tui::screens::{Ctx, Effect};
use crate::tui::widgets::form::{Form, FormEvent};

pub trait RecordForm {
    fn form_mut(&mut self) -> &mut Form;
    /// Checks field `index` as the user leaves it (and keeps a draft, where the form has one).
    fn left_field(&mut self, index: usize, db: &Db);
    fn pick(&mut self, index: usize, db: &Db) -> Effect;
    fn save(&mut self, ctx: &mut Ctx) -> Effect;
    /// An edit of a field still hidden: say how to reveal it.
    fn locked(&mut self, _index: usize) -> Effect {
        Effect::None
    }
    /// Esc on an unchanged field: leave the form (a form with a draft discards it first).
    fn cancel(&mut self, _ctx: &mut Ctx) -> Effect {
        Effect::PopWith(T::Cancelled.s().to_string())
    }
}

/// The one dispatch from a form's events to the screen's effects.
pub fn update(screen: &mut impl RecordForm, action: Action, ctx: &mut Ctx) -> Effect {
    match screen.form_mut().update(action) {
        FormEvent::None => Effect::None,
        FormEvent::Edited => Effect::Changed,
        FormEvent::Left(i) => {
            screen.left_field(i, ctx.db);
            Effect::Changed
        }
        FormEvent::Pick(i) => screen.pick(i, ctx.db),
        FormEvent::Locked(i) => screen.locked(i),
        FormEvent::Save => screen.save(ctx),
        FormEvent::Cancel => screen.cancel(ctx),
    }
}
