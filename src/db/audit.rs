//! The one write path. Every change goes through `Db::write`, which checks that the file is
//! writable and that the current user's role and scope allow it, runs the change in an
//! IMMEDIATE transaction, and writes the audit rows in that same transaction.

use super::Db;
use crate::domain::access::{Refusal, Target};
use crate::domain::alliance::AllianceError;
use crate::domain::items::ItemError;
use crate::domain::school_rules::SchoolError;
use crate::domain::submission::MonthError;
use rusqlite::{params, ErrorCode, Transaction, TransactionBehavior};

/// One audit entry: who (filled in by the write path), what, and old → new per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub action: &'static str,
    pub table: &'static str,
    pub row_key: String,
    pub field: Option<&'static str>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub note: String,
}

impl AuditRow {
    pub fn insert(table: &'static str, row_key: impl ToString) -> AuditRow {
        AuditRow {
            action: "insert",
            table,
            row_key: row_key.to_string(),
            field: None,
            old: None,
            new: None,
            note: String::new(),
        }
    }

    /// A whole row removed; `old` says what it held.
    pub fn delete(table: &'static str, row_key: impl ToString, old: String) -> AuditRow {
        AuditRow { action: "delete", old: Some(old), ..AuditRow::insert(table, row_key) }
    }

    pub fn update(
        table: &'static str,
        row_key: impl ToString,
        field: &'static str,
        old: Option<String>,
        new: Option<String>,
    ) -> AuditRow {
        AuditRow {
            action: "update",
            table,
            row_key: row_key.to_string(),
            field: Some(field),
            old,
            new,
            note: String::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> AuditRow {
        self.note = note.into();
        self
    }

    pub fn with_new(mut self, new: impl Into<String>) -> AuditRow {
        self.new = Some(new.into());
        self
    }

    /// Appends this row as `login` at `at`.
    pub fn write(&self, tx: &Transaction, login: &str, at: &str) -> rusqlite::Result<()> {
        let (action, table, row_key, field) = (self.action, self.table, &self.row_key, self.field);
        append(tx, params![at, login, action, table, row_key, field, self.old, self.new, self.note])
    }
}

/// Appends one audit row: `values` in the order of the columns below.
fn append(tx: &Transaction, values: &[&dyn rusqlite::ToSql]) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log(at, login, action, table_name, row_key, field, old_value, new_value, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(values)?;
    Ok(())
}

/// Why a write did not happen. Nothing was changed in every case.
#[derive(Debug)]
pub enum WriteError {
    Refused(Refusal),
    /// Someone else saved the same record first (its version moved on).
    Conflict,
    /// Another session held the write lock past the busy timeout.
    Busy,
    /// The input broke a rule that only the stored data can check: the field it concerns
    /// and the rule, typed (worded where it is shown).
    Invalid {
        field: &'static str,
        rule: Rule,
    },
    Sqlite(rusqlite::Error),
}

/// The rule a refused write broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A school rule (a 学校标识码 another school holds).
    School(SchoolError),
    /// An alliance rule (one lead, the per-level limit, the region, dates in order …).
    Alliance(AllianceError),
    /// A rule of the month's cycle (submissions, rollover).
    Month(MonthError),
    /// A rule of an item ledger (销号管理: the kind, closing, reopening).
    Item(ItemError),
    /// A rule of a school's dated history (a change out of order, a merge into a closed school …).
    History(crate::domain::history::HistoryError),
    /// A rule of a 复核 round (its items, who re-checked).
    Recheck(crate::domain::recheck::RecheckError),
    /// The field's value is missing or no longer fits; the field says which.
    Field,
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => WriteError::Busy,
            Some(ErrorCode::ReadOnly) => WriteError::Refused(Refusal::ReadOnlyDatabase),
            _ => WriteError::Sqlite(e),
        }
    }
}

impl Db {
    /// Runs `change` as the current user on `target`. `admin_only` for structural edits.
    /// `change` returns its result and the audit rows; both commit together or not at all.
    pub fn write<T>(
        &mut self,
        target: &Target,
        admin_only: bool,
        change: impl FnOnce(&Transaction) -> Result<(T, Vec<AuditRow>), WriteError>,
    ) -> Result<T, WriteError> {
        self.write_logged(target, admin_only, |tx, log| {
            let (value, rows) = change(tx)?;
            for row in &rows {
                log.push(row)?;
            }
            Ok(value)
        })
    }

    /// [`Db::write`] for a change that writes many rows (an import): `change` hands each
    /// audit row to the log as it goes, in the same transaction, instead of returning
    /// them all at the end (100,000 imported cases make some 1.7 million audit rows).
    pub fn write_logged<T>(
        &mut self,
        target: &Target,
        admin_only: bool,
        change: impl FnOnce(&Transaction, &mut AuditLog) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        self.write_logged_if(Some(target), admin_only, |tx, log| change(tx, log).map(|v| (v, true)))
    }

    /// [`Db::write_logged`] for a change that decides at its end whether to keep what it
    /// wrote (`(value, true)` commits; `false` rolls back, rows and audit alike): an import
    /// that checks and writes each row as it reads it, all or nothing. `target` `None`: the
    /// user must be able to write somewhere, and `change` checks each row's own target.
    pub fn write_logged_if<T, E: From<WriteError>>(
        &mut self,
        target: Option<&Target>,
        admin_only: bool,
        change: impl FnOnce(&Transaction, &mut AuditLog) -> Result<(T, bool), E>,
    ) -> Result<T, E> {
        self.may_write(target, admin_only).map_err(WriteError::Refused)?;
        let login = self.actor.login.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(WriteError::from)?;
        let mut log = AuditLog { tx: &tx, login, at: super::now_text() };
        let (value, keep) = change(&tx, &mut log)?;
        if keep {
            tx.commit().map_err(WriteError::from)?;
        }
        Ok(value)
    }
}

/// Where a write puts its audit rows: into its own transaction as they come, as the login
/// who writes, with one time for the whole change.
pub struct AuditLog<'t> {
    tx: &'t Transaction<'t>,
    login: String,
    at: String,
}

impl AuditLog<'_> {
    pub fn push(&mut self, row: &AuditRow) -> rusqlite::Result<()> {
        row.write(self.tx, &self.login, &self.at)
    }

    /// [`AuditRow::insert`] of row `key` of `table` with `new` and `note`, from borrowed
    /// text: an import writes one per case and builds no row for it. The key is bound as a
    /// number; the column's TEXT affinity stores it as the same text.
    pub fn push_insert(&mut self, table: &str, key: i64, new: &str, note: &str) -> rusqlite::Result<()> {
        let none: Option<&str> = None;
        append(self.tx, params![self.at, self.login, "insert", table, key, none, none, new, note])
    }

    /// Who the rows are written as.
    pub fn login(&self) -> &str {
        &self.login
    }
}

/// One line of a record's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub login: String,
    pub action: String,
    pub field: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The latest audit rows for one record, newest first.
pub fn history(
    conn: &rusqlite::Connection,
    table: &str,
    row_key: &str,
    limit: usize,
) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, login, action, field, old_value, new_value FROM audit_log
         WHERE table_name = ?1 AND row_key = ?2 ORDER BY id DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![table, row_key, limit as i64], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            login: r.get(1)?,
            action: r.get(2)?,
            field: r.get(3)?,
            old: r.get(4)?,
            new: r.get(5)?,
        })
    })?;
    rows.collect()
}

impl Db {
    /// Writes audit rows that record a look, not a change (revealing an ID number). Whether
    /// this login may see personal fields in full is the read scope's decision; the caller
    /// checked that the record is inside it.
    pub fn audit_only(&mut self, rows: impl FnOnce() -> Vec<AuditRow>) -> Result<(), WriteError> {
        if self.read_only.is_some() {
            return Err(WriteError::Refused(Refusal::ReadOnlyDatabase));
        }
        if !self.read_scope().may_reveal() {
            // Only unregistered logins read masked-only; they are told how to be added.
            return Err(WriteError::Refused(Refusal::UnknownUser));
        }
        let login = self.actor.login.clone();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = super::now_text();
        for row in rows() {
            row.write(&tx, &login, &at)?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audit_rows(db: &Db) -> i64 {
        db.conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).expect("count")
    }

    /// Rows handed to the log as they come commit with the change, as its login, or not
    /// at all when the change fails partway.
    #[test]
    fn logged_rows_commit_with_the_change_or_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = super::super::OpenOptions {
            path: dir.path().join("a.db"),
            create: super::super::Create::Demo(0),
            busy_timeout: std::time::Duration::from_millis(300),
            login: "admin".into(),
        };
        let mut db = super::super::open(&opts).expect("open");
        let target = Target { region_code: "231123".into(), school_id: None };
        let before = audit_rows(&db);
        let failed: Result<(), WriteError> = db.write_logged(&target, false, |_, log| {
            log.push(&AuditRow::insert("cases", 1))?;
            Err(WriteError::Conflict)
        });
        assert!(matches!(failed, Err(WriteError::Conflict)));
        assert_eq!(audit_rows(&db), before, "a failed change leaves no audit row");
        db.write_logged(&target, false, |_, log| {
            for key in 1..=3 {
                log.push(&AuditRow::insert("cases", key))?;
            }
            Ok(())
        })
        .expect("write");
        assert_eq!(audit_rows(&db), before + 3);
        let login: String =
            db.conn.query_row("SELECT login FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).expect("login");
        assert_eq!(login, "admin");
    }
}
