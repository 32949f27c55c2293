//! The sentences for a write that was refused or failed, shared by the commands (which add
//! an exit code, `cli::write_failure`) and the screens (which show them on the message line).
//! Every refusal is worded here, from typed values only: the database layer has already put
//! the responsible region's name into the refusal.

use super::{fill, T};
use crate::db::open::ReadOnlyReason;
use crate::db::{Db, WriteError};
use crate::domain::access::Refusal;

/// Why the database file cannot be written, as the read-only refusal names it.
pub fn read_only_reason(reason: Option<ReadOnlyReason>) -> &'static str {
    match reason {
        Some(ReadOnlyReason::FolderNotWritable) => T::ReadOnlyFolder.s(),
        Some(ReadOnlyReason::Damaged) => T::ReadOnlyDamaged.s(),
        _ => T::ReadOnlyFile.s(),
    }
}

/// The one sentence explaining a refused write by `login`: who may do it instead.
pub fn refusal_text(r: &Refusal, login: &str, read_only: Option<ReadOnlyReason>) -> String {
    match r {
        Refusal::UnknownUser => fill(T::RefusedUnknownUser.s(), &[&login, &add_user_command(None, login)]),
        Refusal::ReadOnlyRole => T::RefusedReadOnlyRole.s().to_string(),
        Refusal::OutOfScope { responsible_region, region_name } => {
            fill(T::RefusedOutOfScope.s(), &[&region_name.as_deref().unwrap_or(responsible_region)])
        }
        Refusal::OutsideSchool { names: Some(n), .. } => fill(T::RefusedOutsideSchool.s(), &[&n.own, &n.record]),
        Refusal::OutsideSchool { record_county, .. } => fill(T::RefusedOutOfScope.s(), &[record_county]),
        Refusal::AdminOnly => T::RefusedAdminOnly.s().to_string(),
        // Short enough for the message line of an 80-column terminal, what to do included.
        Refusal::ReadOnlyDatabase if read_only == Some(ReadOnlyReason::Damaged) => T::RefusedDamaged.s().to_string(),
        Refusal::ReadOnlyDatabase => fill(T::RefusedReadOnlyFile.s(), &[&read_only_reason(read_only)]),
    }
}

/// [`refusal_text`] for the session of `db` (its login, its file).
pub fn session_refusal(db: &Db, r: &Refusal) -> String {
    match r {
        Refusal::UnknownUser => {
            let login = &db.actor.login;
            fill(T::RefusedUnknownUser.s(), &[login, &add_user_command(Some(&db.path), login)])
        }
        r => refusal_text(r, &db.actor.login, db.read_only),
    }
}

/// The exact command an administrator runs to add `login` (naming the database when given).
pub fn add_user_command(db: Option<&std::path::Path>, login: &str) -> String {
    let quoted = |s: String| if s.contains(char::is_whitespace) { format!("'{s}'") } else { s };
    let db = db.map(|p| format!(" --db {}", quoted(p.display().to_string()))).unwrap_or_default();
    fill(T::AddUserCommand.s(), &[&db, &quoted(login.to_string())])
}

/// What an unregistered login is told: what the policy lets it see, and the command that
/// adds it. `None` for a registered login.
pub fn guest_notice(db: &Db) -> Option<String> {
    use crate::db::scope::UnknownLogins;
    let policy = db.read_scope().guest?;
    let login = &db.actor.login;
    let what = match policy {
        UnknownLogins::Counts => fill(T::GuestCounts.s(), &[login]),
        UnknownLogins::ReadMasked => fill(T::GuestMasked.s(), &[login]),
        UnknownLogins::ReadNothing => fill(T::GuestNothing.s(), &[login]),
    };
    Some(fill(T::GuestAsk.s(), &[&what, &add_user_command(Some(&db.path), login)]))
}

/// The sentence for a report that was refused (who may read it) or failed.
pub fn report_error(db: &Db, e: &crate::db::scope::ReportError) -> String {
    match e {
        crate::db::scope::ReportError::Refused(r) => session_refusal(db, r),
        crate::db::scope::ReportError::Sqlite(err) => fill(super::indicators::I::ReportLoadFailed.s(), &[err]),
    }
}

/// The sentence for a refused or failed write by `login`. `region_name` names the region
/// codes a broken rule mentions (a lookup in memory, not a query).
pub fn write_error(
    e: &WriteError,
    login: &str,
    read_only: Option<ReadOnlyReason>,
    region_name: impl Fn(&str) -> String,
) -> String {
    let message = match e {
        WriteError::Refused(r) => refusal_text(r, login, read_only),
        WriteError::Conflict => T::Conflict.s().to_string(),
        WriteError::Busy => T::Busy.s().to_string(),
        WriteError::Invalid { rule, .. } => super::schools::rule_error(rule, region_name),
        WriteError::Sqlite(err) => fill(T::SaveFailed.s(), &[&sqlite_text(err)]),
    };
    fill(T::WriteRefused.s(), &[&message])
}

/// [`write_error`] for the session of `db`: its login, its file, its region names.
pub fn session_write_error(db: &Db, e: &WriteError) -> String {
    if let WriteError::Refused(r) = e {
        return fill(T::WriteRefused.s(), &[&session_refusal(db, r)]);
    }
    write_error(e, &db.actor.login, db.read_only, |code| db.region_name(code))
}

/// A SQLite error as a sentence in the user's language: the ones users meet (a damaged or
/// truncated file, a lock, a read-only file, a full disk) say what happened and what to do;
/// anything else keeps SQLite's own words after a translated lead.
pub fn sqlite_text(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt) => T::SqlCorrupt.s().to_string(),
        Some(C::NotADatabase) => T::SqlNotDb.s().to_string(),
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => T::SqlBusy.s().to_string(),
        Some(C::ReadOnly) => T::SqlReadOnly.s().to_string(),
        Some(C::DiskFull) => T::SqlFull.s().to_string(),
        Some(C::CannotOpen) => T::SqlCantOpen.s().to_string(),
        Some(C::SystemIoFailure) => T::SqlIo.s().to_string(),
        _ => fill(T::SqlOther.s(), &[e]),
    }
}

/// What is wrong with a damaged file, in a few words.
pub fn damage_text(d: &crate::db::damage::Damage) -> String {
    use crate::db::damage::Damage;
    match d {
        Damage::Report(line) => fill(T::DamageReport.s(), &[line]),
        Damage::Corrupt => T::DamageCorrupt.s().to_string(),
        Damage::Truncated => T::DamageTruncated.s().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::ffi;

    fn err(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
    }

    #[test]
    fn out_of_scope_names_the_region_it_was_given() {
        let named = Refusal::OutOfScope { responsible_region: "231124".into(), region_name: Some("逊克县".into()) };
        assert!(refusal_text(&named, "li", None).contains("逊克县"));
        let bare = Refusal::OutOfScope { responsible_region: "231124".into(), region_name: None };
        assert!(refusal_text(&bare, "li", None).contains("231124"));
    }

    #[test]
    fn the_errors_users_meet_are_worded_not_passed_through() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        for (code, expected) in [
            (ffi::SQLITE_CORRUPT, T::SqlCorrupt),
            (ffi::SQLITE_NOTADB, T::SqlNotDb),
            (ffi::SQLITE_BUSY, T::SqlBusy),
            (ffi::SQLITE_READONLY, T::SqlReadOnly),
            (ffi::SQLITE_FULL, T::SqlFull),
            (ffi::SQLITE_CANTOPEN, T::SqlCantOpen),
            (ffi::SQLITE_IOERR, T::SqlIo),
        ] {
            let text = sqlite_text(&err(code));
            assert_eq!(text, expected.s(), "code {code}");
            assert!(!text.contains("malformed") && !text.contains("database is locked"), "{text}");
        }
        assert!(sqlite_text(&err(ffi::SQLITE_MISMATCH)).starts_with("数据库出错"));
    }
}
