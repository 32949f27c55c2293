//! The sentences for a write that was refused or failed, shared by the commands (which add
//! an exit code, `cli::write_failure`) and the screens (which show them on the message line).

use super::{fill, refusal, T};
use crate::db::open::ReadOnlyReason;
use crate::db::{Db, WriteError};
use crate::domain::access::Refusal;

/// Why the database file cannot be written, as the read-only refusal names it.
pub fn read_only_reason(reason: Option<ReadOnlyReason>) -> &'static str {
    match reason {
        Some(ReadOnlyReason::FolderNotWritable) => T::ReadOnlyFolder.s(),
        _ => T::ReadOnlyFile.s(),
    }
}

/// The sentence for a refused or failed write by `login`. `region_name` names a region
/// code; it is asked only when the record lies outside the user's scope.
pub fn write_error(
    e: &WriteError,
    login: &str,
    read_only: Option<ReadOnlyReason>,
    region_name: impl Fn(&str) -> String,
) -> String {
    let message = match e {
        WriteError::Refused(r) => {
            let region = match r {
                Refusal::OutOfScope { responsible_region } => region_name(responsible_region),
                _ => String::new(),
            };
            refusal(r, login, &region, read_only_reason(read_only))
        }
        WriteError::Conflict => T::Conflict.s().to_string(),
        WriteError::Busy => T::Busy.s().to_string(),
        WriteError::Invalid { rule, .. } => super::schools::rule_error(rule, region_name),
        WriteError::Sqlite(err) => fill(T::SaveFailed.s(), &[err]),
    };
    fill(T::WriteRefused.s(), &[&message])
}

/// [`write_error`] for the session of `db`: its login, its file, its region names.
pub fn session_write_error(db: &Db, e: &WriteError) -> String {
    write_error(e, &db.actor.login, db.read_only, |code| crate::db::regions::name_or_code(&db.conn, code))
}
