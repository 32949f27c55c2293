//! The SQL of a spreadsheet import: looking up the open case a child already has, and
//! writing many checked cases in one audited transaction, fast.
//!
//! Speed: an INSERT into `cases` fires the `case_counts_ins` trigger, and any statement
//! with a trigger makes SQLite keep a statement journal (a copy of every page the row
//! touches, ~12 pages), which was most of the import's time. For a bulk write the trigger
//! is dropped inside the transaction, the counts are added once at the end, and the
//! trigger is re-created from its own stored SQL — all in the same transaction, so a
//! crash or an error rolls the schema back with the rows.

use super::audit::{AuditLog, WriteError};
use super::cases::search_keys;
use super::record::{Columns, Named};
use super::Db;
use crate::domain::access::Target;
use crate::domain::case::{self, CaseRecord};
use crate::domain::case_status::{ledger_after, CaseAction, CaseStatus};
use crate::domain::codes::Ledger;
use crate::domain::workflow::{StepInput, Workflow};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, ToSql, Transaction};
use std::sync::LazyLock;

/// A checked row to be written.
pub struct NewCase<'a> {
    /// The case number the file gives, when it is to be kept (`None`: the next free one).
    pub id: Option<i64>,
    pub county: &'a str,
    pub status: CaseStatus,
    pub ledger: Ledger,
    /// The ledger's latest 劝返 as the file gives it (no visit is made up for it).
    pub last_visit_on: Option<&'a str>,
    pub record: &'a CaseRecord,
}

impl<'a> NewCase<'a> {
    /// A new case in `status`, in the ledger a case registered so sits in.
    pub fn at(county: &'a str, status: CaseStatus, record: &'a CaseRecord) -> NewCase<'a> {
        let ledger = ledger_after(Ledger::SchoolAge, status);
        NewCase { id: None, county, status, ledger, last_visit_on: None, record }
    }
}

/// A row not written because the child got an open case meanwhile (another session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateDuplicate {
    /// Index into the rows given to [`insert_many`].
    pub index: usize,
    pub case_id: i64,
    pub name: String,
}

/// The open (or 在校) case this child already has: by ID number; for a child without one,
/// by 学籍号; else by name at the same school.
pub fn open_case_of(conn: &Connection, r: &CaseRecord) -> rusqlite::Result<Option<(i64, String)>> {
    OpenCases::new(conn)?.of(r)
}

/// [`open_case_of`] for many rows: its statements prepared once (a file of 100,000 rows
/// asks 100,000 times).
pub struct OpenCases<'c> {
    by_id: rusqlite::Statement<'c>,
    /// A child without an ID number: by 学籍号, else by name at the school.
    by_other: rusqlite::Statement<'c>,
}

impl<'c> OpenCases<'c> {
    pub fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        Ok(OpenCases {
            by_id: conn.prepare("SELECT id, name, status FROM cases WHERE id_number = ?1")?,
            by_other: conn.prepare(
                "SELECT id, name, status FROM cases
                 WHERE (?1 IS NOT NULL AND student_no = ?1)
                    OR (?1 IS NULL AND id_number IS NULL AND name = ?2 AND school_id = ?3)",
            )?,
        })
    }

    /// The open (or 在校) case of `r`'s child, as [`open_case_of`].
    pub fn of(&mut self, r: &CaseRecord) -> rusqlite::Result<Option<(i64, String)>> {
        let read = |x: &rusqlite::Row| Ok((x.get::<_, i64>(0)?, x.get::<_, String>(1)?, x.get::<_, String>(2)?));
        let rows = match &r.id_number {
            Some(id) => self.by_id.query_map(params![id], read)?,
            None => self.by_other.query_map(params![r.student_no, r.name, r.school_id], read)?,
        };
        for row in rows {
            let (id, name, status) = row?;
            // 在校 children sit in the 适龄 ledger: a second row for them is a duplicate too.
            if CaseStatus::from_code(&status).is_some_and(|s| s.is_open() || s == CaseStatus::Enrolled) {
                return Ok(Some((id, name)));
            }
        }
        Ok(None)
    }
}

/// The bulk insert: the case's own columns and every field, by name (built once).
static SQL_INSERT_CASE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO cases(id, county_code, ledger, status, last_visit_on, name_initials, name_key, id_rev,
             created_at, updated_at, {})
         VALUES (:id, :county_code, :ledger, :status, :last_visit_on, :name_initials, :name_key, :id_rev,
             :now, :now, {})",
        super::record::columns(case::FIELDS),
        super::record::named_params(case::FIELDS)
    )
});

/// The indexes of `cases` an import's own checks read (the open case of an ID number, of a
/// name at a school): kept while the others are rebuilt after a large import.
const KEPT_INDEXES: &[&str] = &["cases_id_number", "cases_school_reg"];

/// Writes checked cases one at a time, inside the import's one transaction: the row, its
/// search spellings and its one audit row (`cases::import_audit_new`); the counts once at the end.
pub struct CaseWriter<'t, 'l> {
    tx: &'t Transaction<'t>,
    log: &'t mut AuditLog<'l>,
    open: OpenCases<'t>,
    insert: Named<'t>,
    initials: rusqlite::Statement<'t>,
    preparer: Preparer,
    now: String,
    /// Cases written per (county, status): a few, searched in turn (no key built per row).
    added: Vec<(String, &'static str, i64)>,
}

/// What writing a case costs apart from SQLite: its search spellings, sort key, column
/// values and audit text. An import works them out on its reading thread, so that the
/// thread holding the transaction only binds and steps.
pub struct Prepared {
    spellings: Vec<String>,
    /// The spellings as one text, for the case row.
    initials: String,
    id_rev: Option<String>,
    name_key: String,
    values: Vec<Value>,
    audit_new: String,
}

/// Works out [`Prepared`] for any row: it holds no connection, so another thread can.
#[derive(Debug, Clone)]
pub struct Preparer {
    columns: Columns,
}

impl Preparer {
    pub fn prepare(&self, row: &NewCase) -> Prepared {
        let r = row.record;
        let (spellings, id_rev) = search_keys(&r.name, r.id_number.as_deref());
        Prepared {
            initials: spellings.join(" "),
            spellings,
            id_rev,
            name_key: crate::domain::pinyin::sort_key(&r.name),
            values: self.columns.values(&r.texts()),
            audit_new: super::cases::import_audit_new(row),
        }
    }
}

impl<'t, 'l> CaseWriter<'t, 'l> {
    fn new(tx: &'t Transaction<'t>, log: &'t mut AuditLog<'l>) -> rusqlite::Result<Self> {
        Ok(CaseWriter {
            tx,
            log,
            open: OpenCases::new(tx)?,
            insert: Named::new(tx, &SQL_INSERT_CASE)?,
            initials: tx.prepare(super::cases::INSERT_INITIALS_OF)?,
            preparer: Preparer { columns: Columns::of(tx, "cases", case::FIELDS)? },
            now: super::now_text(),
            added: Vec::new(),
        })
    }

    /// The open case this child already has, rows written by this import included.
    pub fn open_case_of(&mut self, r: &CaseRecord) -> rusqlite::Result<Option<(i64, String)>> {
        self.open.of(r)
    }

    /// Who works out the rows' [`Prepared`] parts, for another thread.
    pub fn preparer(&self) -> Preparer {
        self.preparer.clone()
    }

    /// Writes `row` (noted `note` in its audit row), with its other parts as `prepared`
    /// when another thread worked them out; returns the new case's id.
    pub fn insert(&mut self, row: &NewCase, prepared: Option<&Prepared>, note: &str) -> Result<i64, WriteError> {
        let own;
        let p = match prepared {
            Some(p) => p,
            None => {
                own = self.preparer.prepare(row);
                &own
            }
        };
        let (ledger, status) = (row.ledger.code(), row.status.code());
        let extra: [(&str, &dyn ToSql); 9] = [
            (":id", &row.id),
            (":last_visit_on", &row.last_visit_on),
            (":county_code", &row.county),
            (":ledger", &ledger),
            (":status", &status),
            (":name_initials", &p.initials),
            (":name_key", &p.name_key),
            (":id_rev", &p.id_rev),
            (":now", &self.now),
        ];
        let id = self.insert.insert(&self.preparer.columns.params(&p.values, &extra))?;
        for s in &p.spellings {
            self.initials.execute(params![s, id, status, row.county, row.record.registered_on])?;
        }
        self.count(row.county, row.status.code());
        self.log.push_insert("cases", id, &p.audit_new, note)?;
        Ok(id)
    }

    /// Whether case number `id` is taken (by a case written by this import, too): the name
    /// of its child.
    pub fn number_taken(&self, id: i64) -> rusqlite::Result<Option<String>> {
        number_taken(self.tx, id)
    }

    /// Takes case `id`, just written as `row`, through `steps` (the row's later status):
    /// the same writes, timeline events and audit rows as the step form.
    pub fn steps(&mut self, id: i64, row: &NewCase, steps: &[(CaseAction, StepInput)]) -> Result<(), WriteError> {
        if steps.is_empty() {
            return Ok(());
        }
        // The status trigger takes one off the entry status's count, which this import
        // adds only at its end: the row must be there to take it from.
        self.tx.execute(
            "INSERT INTO case_counts(county_code, status, n) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING",
            params![row.county, row.status.code()],
        )?;
        let login = self.log.login().to_string();
        let mut workflow = Workflow {
            last_visit_on: row.last_visit_on.map(str::to_string),
            ..Workflow::fresh(row.status, row.ledger)
        };
        for (action, input) in steps {
            let (next, rows) = super::cases::step_in(self.tx, id, &workflow, *action, input, &login)?;
            for r in &rows {
                self.log.push(r)?;
            }
            workflow = next;
        }
        Ok(())
    }

    /// One more case of `county` in `status`, for the counts written at the end.
    fn count(&mut self, county: &str, status: &'static str) {
        match self.added.iter_mut().find(|(c, s, _)| c == county && *s == status) {
            Some((_, _, n)) => *n += 1,
            None => self.added.push((county.to_string(), status, 1)),
        }
    }

    fn counts(self) -> Vec<(String, String, i64)> {
        self.added.into_iter().map(|(c, s, n)| (c, s.to_string(), n)).collect()
    }
}

/// Runs `write` with a [`CaseWriter`] in one audited transaction, kept only if `write`
/// returns `(value, true)`. `target` is checked once (`None`: the caller checks every
/// row's school). `large`: the import is expected to hold at least as many rows as the
/// ledger, so the indexes its checks do not read are dropped and rebuilt once at the end
/// (a sort, instead of a random-place insert per row and index).
pub fn import<T, E: From<WriteError> + From<rusqlite::Error>>(
    db: &mut Db,
    target: Option<&Target>,
    large: bool,
    write: impl FnOnce(&mut CaseWriter) -> Result<(T, bool), E>,
) -> Result<T, E> {
    let saved = BulkPragmas::set(&db.conn)?;
    let result = db.write_logged_if(target, false, |tx, log| {
        let load = || {
            with_counts_trigger_suspended(tx, |tx| {
                let mut writer = CaseWriter::new(tx, log)?;
                let value = write(&mut writer)?;
                Ok((value, writer.counts()))
            })
        };
        if large {
            super::bulk::without_indexes(tx, &["cases", "case_initials"], KEPT_INDEXES, load)
        } else {
            load()
        }
    });
    saved.restore(&db.conn)?;
    result
}

/// Whether an import of `rows` cases is large for this ledger: 5,000 or more, and at least
/// as many as the ledger holds (then rebuilding its indexes costs less than updating them).
pub fn is_large(conn: &Connection, rows: u64) -> rusqlite::Result<bool> {
    let held: i64 = conn.query_row("SELECT coalesce(sum(n), 0) FROM case_counts", [], |r| r.get(0))?;
    Ok(rows >= 5000 && rows >= held.max(0) as u64)
}

/// How many rows were written, and those skipped for an open case found only then.
type Written = (usize, Vec<LateDuplicate>);

/// Writes `rows` in one transaction, with one audit row each carrying `note`. A row whose
/// child has an open case by now is skipped and returned. `target` is checked once for
/// the whole batch (the caller checked every row's school). `progress(done, total)` is
/// called now and then.
pub fn insert_many(
    db: &mut Db,
    target: &Target,
    rows: &[NewCase],
    note: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Written, WriteError> {
    insert_rows(db, target, rows, note, false, progress)
}

/// [`insert_many`], `large` as [`import`] takes it.
pub fn insert_rows(
    db: &mut Db,
    target: &Target,
    rows: &[NewCase],
    note: &str,
    large: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Written, WriteError> {
    let total = rows.len();
    import(db, Some(target), large, |w| {
        let (mut written, mut late) = (0, Vec::new());
        for (index, row) in rows.iter().enumerate() {
            if index.is_multiple_of(2000) {
                progress(index, total);
            }
            if let Some((case_id, name)) = w.open_case_of(row.record)? {
                late.push(LateDuplicate { index, case_id, name });
                continue;
            }
            w.insert(row, None, note)?;
            written += 1;
        }
        progress(total, total);
        Ok(((written, late), true))
    })
}

/// Connection settings for a large write, and the values to put back afterwards.
struct BulkPragmas {
    cache_size: i64,
}

impl BulkPragmas {
    /// A page cache of 8 MiB for the import (this connection only): 8, 16 and 32 MiB took
    /// the same time for 100,000 rows, in order or shuffled (`benches/io.rs`), and 32 MiB
    /// held 27 MiB more. The temporary store stays on file: an index rebuilt after a large
    /// import sorts every row, and in memory that sort grew with the file (1,000,000 rows
    /// peaked at 189 MiB; on file, 39 MiB).
    fn set(conn: &Connection) -> rusqlite::Result<BulkPragmas> {
        let saved = BulkPragmas { cache_size: conn.query_row("PRAGMA cache_size", [], |r| r.get(0))? };
        conn.execute_batch("PRAGMA cache_size = -8192")?;
        Ok(saved)
    }

    fn restore(self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch(&format!("PRAGMA cache_size = {}", self.cache_size))
    }
}

/// Runs `insert` (which only inserts into `cases`) without the per-row `case_counts_ins`
/// trigger, then adds the (county, status, count) triples `insert` returns to
/// `case_counts`, and restores the trigger exactly as it was stored.
fn with_counts_trigger_suspended<T, E: From<rusqlite::Error>>(
    tx: &Transaction,
    insert: impl FnOnce(&Transaction) -> Result<(T, Vec<(String, String, i64)>), E>,
) -> Result<T, E> {
    let sql = || -> rusqlite::Result<Option<String>> {
        let trigger: Option<String> = tx
            .query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'case_counts_ins'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if trigger.is_some() {
            tx.execute_batch("DROP TRIGGER case_counts_ins")?;
        }
        Ok(trigger)
    };
    let trigger = sql()?;
    let (value, counts) = insert(tx)?;
    let Some(sql) = trigger else { return Ok(value) };
    let restore = || -> rusqlite::Result<()> {
        let mut add = tx.prepare_cached(
            "INSERT INTO case_counts(county_code, status, n) VALUES (?1, ?2, ?3)
             ON CONFLICT(county_code, status) DO UPDATE SET n = n + excluded.n",
        )?;
        for (county, status, n) in counts {
            add.execute(params![county, status, n])?;
        }
        tx.execute_batch(&sql)
    };
    restore()?;
    Ok(value)
}

/// A checked update of one existing case: the fields as the row corrects them (`None`: no
/// field changes) and the workflow steps the row asks for, in order.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    pub case_id: i64,
    /// The version the dry run read: a case changed since is not overwritten.
    pub version: i64,
    pub record: Option<CaseRecord>,
    pub steps: Vec<(CaseAction, StepInput)>,
    /// Noted on the corrections' audit rows (the file and its row).
    pub note: String,
}

/// The child's name on case number `id`, when there is such a case.
pub fn number_taken(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT name FROM cases WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()
}

/// The case of this ID number the session may read: its open case, else its latest one.
pub fn case_of_id_number(db: &Db, id_number: &str) -> rusqlite::Result<Option<i64>> {
    let mut stmt = db.conn.prepare_cached("SELECT id, status FROM cases WHERE id_number = ?1 ORDER BY id DESC")?;
    let rows: Vec<(i64, String)> =
        stmt.query_map([id_number], |r| Ok((r.get("id")?, r.get("status")?)))?.collect::<rusqlite::Result<_>>()?;
    let mut latest = None;
    for (id, status) in rows {
        if super::cases::get(db, id)?.is_none() {
            continue;
        }
        if CaseStatus::from_code(&status).is_some_and(CaseStatus::is_open) {
            return Ok(Some(id));
        }
        latest = latest.or(Some(id));
    }
    Ok(latest)
}

/// Applies `updates` in ONE transaction, through the same writes as the case form (fields)
/// and the step form (workflow steps, timeline events), with their audit rows. Every case
/// is checked against the session's rights first (its school, and the new one when a
/// correction moves it); a case changed since it was read fails the whole import with
/// `Conflict`, a correction that would give a child a second open case with `Invalid`.
pub fn update_many(db: &mut Db, updates: &[CaseUpdate]) -> Result<usize, WriteError> {
    let Some(first) = updates.first() else { return Ok(0) };
    let mut first_target = None;
    for u in updates {
        let old = super::cases::read(&db.conn, u.case_id)?.ok_or(WriteError::Conflict)?;
        let old_target = Target { region_code: old.county_code.clone(), school_id: old.record.school_id };
        db.may_write(Some(&old_target), false).map_err(WriteError::Refused)?;
        if let Some(school) = u.record.as_ref().and_then(|r| r.school_id).filter(|s| Some(*s) != old.record.school_id) {
            let county = super::cases::school_county(&db.conn, school)?
                .ok_or(WriteError::Invalid { field: "school_id", rule: super::Rule::Field })?;
            db.may_write(Some(&Target { region_code: county, school_id: Some(school) }), false)
                .map_err(WriteError::Refused)?;
        }
        if u.case_id == first.case_id {
            first_target = Some(old_target);
        }
    }
    let Some(target) = first_target else { return Ok(0) };
    let login = db.actor.login.clone();
    let scope = db.read_scope();
    let n = db.write(&target, false, |tx| {
        let mut audit = Vec::new();
        for u in updates {
            let current = super::cases::read(tx, u.case_id)?.ok_or(WriteError::Conflict)?;
            super::cases::claim(tx, u.case_id, u.version)?;
            if let Some(rec) = &u.record {
                if let Some(idn) = &rec.id_number {
                    if super::cases::open_duplicate(tx, &scope, idn, Some(u.case_id))?.is_some() {
                        return Err(WriteError::Invalid { field: "id_number", rule: super::Rule::Field });
                    }
                }
                super::cases::write_record(tx, u.case_id, rec)?;
                let changes = super::cases::field_changes(tx, &current, rec)?;
                audit.extend(super::cases::change_rows(u.case_id, changes, &u.note));
            }
            let mut workflow = current.workflow();
            for (action, input) in &u.steps {
                let (next, rows) = super::cases::step_in(tx, u.case_id, &workflow, *action, input, &login)?;
                audit.extend(rows);
                workflow = next;
            }
        }
        Ok((updates.len(), audit))
    })?;
    // An import is not the session's last change to undo with `u`.
    db.undo = None;
    Ok(n)
}
