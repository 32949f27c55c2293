//! `u` on the ledger and on a case: undoes this session's last change to a case, if
//! nobody changed it since.

use crate::db::cases;
use crate::i18n::ledger::L;
use crate::tui::screens::{Ctx, Effect};

pub fn undo_last(ctx: &mut Ctx) -> Effect {
    match cases::undo(ctx.db) {
        Ok(Some(_)) => Effect::Message(L::Undone.s().into()),
        Ok(None) => Effect::Message(L::NoUndo.s().into()),
        Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
    }
}
