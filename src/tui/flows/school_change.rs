//! Recording a dated change of a school (`b` on the schools list and on a school's history):
//! the kinds of change in a picker, or why none can be recorded.

use crate::db::Db;
use crate::domain::history::Change;
use crate::i18n::fill;
use crate::i18n::history::{change_label, H};
use crate::tui::nav::PickKind;
use crate::tui::screens::{Effect, Route};
use crate::tui::widgets::picker::{Item, Picker};

/// The picker of the kinds of change for a school of `target` (closed on `closed_on`), or
/// why no change can be recorded: the session may not, or the school is closed.
pub fn change_picker(db: &Db, target: &crate::domain::access::Target, closed_on: Option<&str>) -> Effect {
    if let Some(message) = crate::tui::screens::refusal(db, Some(target), true) {
        return Effect::Message(message);
    }
    if let Some(on) = closed_on {
        return Effect::Message(fill(H::ErrSchoolClosed.s(), &[&on]));
    }
    let items = Change::ALL.iter().map(|c| Item::new(c.code(), change_label(*c), c.word())).collect();
    Effect::Open(Route::Pick(Box::new(Picker::new(H::ChooseChange.s(), items)), PickKind::Change))
}
