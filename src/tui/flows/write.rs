//! A write that did not happen, as the effect a screen returns. Another session holding
//! the database's write lock is not a failure: the app tries the same key again until the
//! write goes through, says that it is waiting, and lets Esc stop (the input stays).
//! Anything else is the one sentence that says why.

use crate::db::{Db, WriteError};
use crate::tui::screens::Effect;

pub fn write_failed(db: &Db, e: &WriteError) -> Effect {
    match e {
        WriteError::Busy => Effect::Waiting,
        e => Effect::Message(crate::i18n::errors::session_write_error(db, e)),
    }
}
