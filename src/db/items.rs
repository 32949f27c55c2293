//! Item ledgers (销号管理): kinds, items, their dated entries, and every change through the
//! audited write path. An item's facts are read by column name and written with named
//! parameters from its table of fields (`domain::items::FIELDS`). Items are read within the
//! session's scope like schools: a 填报员 sees and changes only their school's.

use super::audit::{AuditRow, Rule, WriteError};
use super::record::{self, assignments, columns, named_params as params_of, Params};
use super::scope::{both, in_region};
use super::Db;
use crate::domain::access::{Scope, Target};
use crate::domain::items::{self as rules, Closing, Entry, ItemError, ItemRecord, Span, Status, FIELDS};
use crate::domain::school::SizeFlag;
use rusqlite::{named_params, Connection, OptionalExtension, Transaction};

/// One kind of item ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemKind {
    pub code: String,
    pub zh: String,
    pub en: String,
    /// The school size flag whose schools need an open item of this kind.
    pub flag: Option<String>,
}

impl ItemKind {
    /// Whether a school with `flag` needs an item of this kind.
    pub fn covers(&self, flag: SizeFlag) -> bool {
        match self.flag.as_deref() {
            Some("large_school") => flag == SizeFlag::LargeSchool,
            Some("large_class") => matches!(flag, SizeFlag::LargeClass | SizeFlag::HugeClass),
            _ => false,
        }
    }
}

/// Every kind, in the order they were defined (the sources' six first).
pub fn kinds(conn: &Connection) -> rusqlite::Result<Vec<ItemKind>> {
    let mut stmt = conn.prepare_cached("SELECT code, zh, en, flag FROM item_kinds ORDER BY position, code")?;
    let rows = stmt.query_map([], |r| {
        Ok(ItemKind { code: r.get("code")?, zh: r.get("zh")?, en: r.get("en")?, flag: r.get("flag")? })
    })?;
    rows.collect()
}

/// The kind whose code, Chinese or English name is `s` (how a file or a command names it).
pub fn find_kind<'k>(kinds: &'k [ItemKind], s: &str) -> Option<&'k ItemKind> {
    let s = s.trim();
    kinds.iter().find(|k| k.code == s || k.zh == s || (!k.en.is_empty() && k.en.eq_ignore_ascii_case(s)))
}

fn refuse(field: &'static str, e: ItemError) -> WriteError {
    WriteError::Invalid { field, rule: Rule::Item(e) }
}

/// Adds a kind of ledger (administrators). Its code is checked; a taken code is refused.
pub fn add_kind(db: &mut Db, code: &str, zh: &str, en: &str) -> Result<(), WriteError> {
    let code = rules::check_kind_code(code).map_err(|e| refuse("code", e))?;
    let zh = zh.trim().to_string();
    if zh.is_empty() {
        return Err(refuse("zh", ItemError::Required));
    }
    // Kinds serve every county: any administrator may add one, within their own region.
    let region = match &db.actor.scope {
        Some(Scope::Region(c)) => c.clone(),
        Some(Scope::School { county_code, .. }) => county_code.clone(),
        None => String::new(),
    };
    let en = en.trim().to_string();
    db.write(&Target { region_code: region, school_id: None }, true, |tx| {
        let taken: bool = tx.query_row(
            "SELECT count(*) > 0 FROM item_kinds WHERE code = :code OR zh = :zh",
            named_params! { ":code": code, ":zh": zh },
            |r| r.get(0),
        )?;
        if taken {
            return Err(refuse("code", ItemError::KindTaken(code.clone())));
        }
        tx.execute(
            "INSERT INTO item_kinds(code, zh, en, position)
             VALUES (:code, :zh, :en, (SELECT coalesce(max(position), 0) + 1 FROM item_kinds))",
            named_params! { ":code": code, ":zh": zh, ":en": en },
        )?;
        let audit = vec![
            AuditRow::insert("item_kinds", &code).with_new(zh.clone()),
            AuditRow::update("item_kinds", &code, "en", None, Some(en.clone())).with_note("insert"),
        ];
        Ok(((), audit))
    })
}

/// One item as lists and its page show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: i64,
    pub county_code: String,
    pub county_name: String,
    pub school: Option<String>,
    pub record: ItemRecord,
    pub closed_on: Option<String>,
    pub evidence: String,
    pub closed_by: String,
    /// The latest progress entry's date.
    pub last_progress: Option<String>,
    pub version: i64,
}

impl Item {
    pub fn status(&self, today: chrono::NaiveDate) -> Status {
        Status::of(self.record.due_on.as_deref(), self.closed_on.as_deref(), today)
    }

    pub fn target(&self) -> Target {
        Target { region_code: self.county_code.clone(), school_id: self.record.school_id }
    }

    /// The closing fields as (key, text), in `CLOSE_FIELDS` order.
    pub fn close_texts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("closed_on", self.closed_on.clone().unwrap_or_default()),
            ("evidence", self.evidence.clone()),
            ("closed_by", self.closed_by.clone()),
        ]
    }
}

/// Which items a list shows, besides its region and the session's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<String>,
    /// Open items only (overdue ones included).
    pub open: bool,
    /// Open items past their target date only.
    pub overdue: bool,
    pub school: Option<i64>,
}

fn select_sql() -> String {
    format!(
        "SELECT i.id AS id, i.county_code AS county_code, coalesce(r.name, i.county_code) AS county_name,
                s.name AS school, i.closed_on AS closed_on, i.evidence AS evidence, i.closed_by AS closed_by,
                i.version AS version,
                (SELECT max(e.on_date) FROM item_entries e WHERE e.item_id = i.id AND e.action = 'progress')
                    AS last_progress,
                {}
         FROM items i LEFT JOIN schools s ON s.id = i.school_id LEFT JOIN regions r ON r.code = i.county_code",
        record::qualified("i", FIELDS)
    )
}

fn read_item(r: &rusqlite::Row) -> rusqlite::Result<Item> {
    Ok(Item {
        id: r.get("id")?,
        county_code: r.get("county_code")?,
        county_name: r.get("county_name")?,
        school: r.get("school")?,
        record: record::read(r, FIELDS, |text| ItemRecord::from_texts(text))?,
        closed_on: r.get("closed_on")?,
        evidence: r.get("evidence")?,
        closed_by: r.get("closed_by")?,
        last_progress: r.get("last_progress")?,
        version: r.get("version")?,
    })
}

/// `a AND b` of two clauses, their values in order.
/// The items of region `code` (a county, a prefecture or the province) that pass `filter`
/// and that the session may read: by county, open ones first, then by target date.
pub fn list(db: &Db, code: &str, filter: &Filter) -> rusqlite::Result<Vec<Item>> {
    let scope = both(in_region("i.county_code", code), db.read_scope().rows("i.county_code", "i.school_id")).named();
    let today = crate::domain::dates::iso(crate::db::today());
    let mut sql = format!("{} WHERE {}", select_sql(), scope.sql);
    if filter.kind.is_some() {
        sql.push_str(" AND i.kind = :kind");
    }
    if filter.open || filter.overdue {
        sql.push_str(" AND i.closed_on IS NULL");
    }
    if filter.overdue {
        sql.push_str(" AND i.due_on < :today");
    }
    if filter.school.is_some() {
        sql.push_str(" AND i.school_id = :school");
    }
    sql.push_str(" ORDER BY i.county_code, i.closed_on IS NOT NULL, i.due_on IS NULL, i.due_on, i.id");
    let mut own: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    if let Some(k) = &filter.kind {
        own.push((":kind", k));
    }
    if filter.overdue {
        own.push((":today", &today));
    }
    if let Some(s) = &filter.school {
        own.push((":school", s));
    }
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&*scope.params(&own), read_item)?;
    rows.collect()
}

/// Item `id` if the session may read it.
pub fn get_visible(db: &Db, id: i64) -> rusqlite::Result<Option<Item>> {
    let scope = db.read_scope().rows("i.county_code", "i.school_id").named();
    let sql = format!("{} WHERE i.id = :id AND {}", select_sql(), scope.sql);
    db.conn.prepare_cached(&sql)?.query_row(&*scope.params(&[(":id", &id)]), read_item).optional()
}

/// Item `id` whatever the scope: the write path's read (it checks permission itself).
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Item>> {
    let sql = format!("{} WHERE i.id = :id", select_sql());
    conn.prepare_cached(&sql)?.query_row(named_params! { ":id": id }, read_item).optional()
}

/// One dated entry of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    pub on_date: String,
    /// `progress`, `close` or `reopen`.
    pub action: String,
    pub note: String,
    pub by_name: String,
    pub login: String,
}

/// An item's entries, newest first.
pub fn entries(conn: &Connection, item_id: i64) -> rusqlite::Result<Vec<EntryRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT on_date, action, note, by_name, login FROM item_entries WHERE item_id = :item
         ORDER BY on_date DESC, id DESC",
    )?;
    let rows = stmt.query_map(named_params! { ":item": item_id }, |r| {
        Ok(EntryRow {
            on_date: r.get("on_date")?,
            action: r.get("action")?,
            note: r.get("note")?,
            by_name: r.get("by_name")?,
            login: r.get("login")?,
        })
    })?;
    rows.collect()
}

/// The school's county, if the school exists.
fn school_county(conn: &Connection, school_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT county_code FROM schools WHERE id = :id", named_params! { ":id": school_id }, |r| {
        r.get("county_code")
    })
    .optional()
}

/// The checks only stored data can make: the kind exists, the school is of the county.
fn check_stored(tx: &Connection, county: &str, rec: &ItemRecord) -> Result<(), WriteError> {
    let kind_known: bool = tx.query_row(
        "SELECT count(*) > 0 FROM item_kinds WHERE code = :kind",
        named_params! { ":kind": rec.kind },
        |r| r.get(0),
    )?;
    if !kind_known {
        return Err(refuse("kind", ItemError::UnknownKind(rec.kind.clone())));
    }
    if let Some(school) = rec.school_id {
        if school_county(tx, school)?.as_deref() != Some(county) {
            return Err(WriteError::Invalid { field: "school_id", rule: Rule::Field });
        }
    }
    Ok(())
}

/// The audit rows of a new item: the insert (new = its problem, note = `note`) and one row
/// per filled field.
fn insert_audit(id: i64, county: &str, rec: &ItemRecord, note: &str) -> Vec<AuditRow> {
    let mut audit = vec![AuditRow::insert("items", id).with_new(rec.problem.clone()).with_note(note)];
    audit.extend(
        std::iter::once(("county_code", county.to_string()))
            .chain(rec.texts())
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| AuditRow::update("items", id, f, None, Some(v)).with_note("insert")),
    );
    audit
}

/// Inserts an item inside the caller's transaction (the form and the import share it).
pub fn insert_in(tx: &Connection, county: &str, rec: &ItemRecord) -> rusqlite::Result<i64> {
    let sql =
        format!("INSERT INTO items(county_code, {}) VALUES (:county_code, {})", columns(FIELDS), params_of(FIELDS));
    Params::new(tx, "items", FIELDS, &rec.texts())?.with("county_code", county.to_string()).execute(tx, &sql)?;
    Ok(tx.last_insert_rowid())
}

/// Opens an item in `county` (for one of its schools, or the county's own). Staff of the
/// county, or the school's 填报员 for their school. Returns its id.
pub fn insert(db: &mut Db, county: &str, rec: &ItemRecord) -> Result<i64, WriteError> {
    let target = Target { region_code: county.to_string(), school_id: rec.school_id };
    db.write(&target, false, |tx| {
        check_stored(tx, county, rec)?;
        let id = insert_in(tx, county, rec)?;
        Ok((id, insert_audit(id, county, rec, "")))
    })
}

/// Claims version `version` of item `id` (else `Conflict`); the item as it was.
fn claim(tx: &Transaction, id: i64, version: i64) -> Result<Item, WriteError> {
    let current = get(tx, id)?.ok_or(WriteError::Conflict)?;
    let n = tx.execute(
        "UPDATE items SET version = version + 1 WHERE id = :id AND version = :version",
        named_params! { ":id": id, ":version": version },
    )?;
    if n == 0 {
        return Err(WriteError::Conflict);
    }
    Ok(current)
}

/// The item and the target a write on it needs (both as stored now).
fn target_of(db: &Db, id: i64) -> Result<Target, WriteError> {
    Ok(get(&db.conn, id)?.ok_or(WriteError::Conflict)?.target())
}

/// Saves the facts of item `id` read at `version`: one audit row per changed field. Moving
/// it to another school needs the right to both. Returns the new version.
pub fn update(db: &mut Db, id: i64, version: i64, rec: &ItemRecord) -> Result<i64, WriteError> {
    let old = target_of(db, id)?;
    db.may_write(Some(&Target { school_id: rec.school_id, ..old.clone() }), false).map_err(WriteError::Refused)?;
    db.write(&old, false, |tx| {
        let current = claim(tx, id, version)?;
        check_stored(tx, &current.county_code, rec)?;
        let sql = format!("UPDATE items SET {} WHERE id = :id", assignments(FIELDS));
        Params::new(tx, "items", FIELDS, &rec.texts())?.with("id", id).execute(tx, &sql)?;
        let audit = current
            .record
            .texts()
            .into_iter()
            .zip(rec.texts())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((f, a), (_, b))| {
                AuditRow::update("items", id, f, Some(a).filter(|s| !s.is_empty()), Some(b).filter(|s| !s.is_empty()))
            })
            .collect();
        Ok((version + 1, audit))
    })
}

fn add_entry(
    tx: &Connection,
    id: i64,
    action: &str,
    on: &str,
    note: &str,
    by: &str,
    login: &str,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO item_entries(item_id, on_date, action, note, by_name, login)
         VALUES (:item, :on, :action, :note, :by, :login)",
        named_params! { ":item": id, ":on": on, ":action": action, ":note": note, ":by": by, ":login": login },
    )?;
    Ok(tx.last_insert_rowid())
}

/// The audit rows of a new entry.
fn entry_audit(entry_id: i64, item_id: i64, action: &str, on: &str, note: &str) -> Vec<AuditRow> {
    vec![
        AuditRow::insert("item_entries", entry_id)
            .with_new(format!("{on} {action}"))
            .with_note(format!("item {item_id}")),
        AuditRow::update("item_entries", entry_id, "note", None, Some(note.to_string())).with_note("insert"),
    ]
}

/// Records progress on an open item (the flood ledger's 日报告: one a day). Returns the new
/// version.
pub fn progress(db: &mut Db, id: i64, version: i64, entry: &Entry) -> Result<i64, WriteError> {
    let target = target_of(db, id)?;
    let login = db.actor.login.clone();
    db.write(&target, false, |tx| {
        let current = claim(tx, id, version)?;
        if current.closed_on.is_some() {
            return Err(refuse("on_date", ItemError::AlreadyClosed));
        }
        if entry.on_date < current.record.opened_on {
            return Err(refuse("on_date", ItemError::TooEarly(current.record.opened_on)));
        }
        let e = add_entry(tx, id, "progress", &entry.on_date, &entry.note, "", &login)?;
        Ok((version + 1, entry_audit(e, id, "progress", &entry.on_date, &entry.note)))
    })
}

/// Closes (销号) an open item with its date, evidence and who verified it. Returns the new
/// version.
pub fn close(db: &mut Db, id: i64, version: i64, c: &Closing) -> Result<i64, WriteError> {
    let target = target_of(db, id)?;
    let login = db.actor.login.clone();
    db.write(&target, false, |tx| {
        let current = claim(tx, id, version)?;
        if current.closed_on.is_some() {
            return Err(refuse("closed_on", ItemError::AlreadyClosed));
        }
        if c.closed_on < current.record.opened_on {
            return Err(refuse("closed_on", ItemError::TooEarly(current.record.opened_on)));
        }
        Ok((version + 1, close_in(tx, id, c, &login)?))
    })
}

/// Writes the close of item `id` and its entry inside the caller's transaction (a close
/// from the form and a closed row of an import); its audit rows.
fn close_in(tx: &Connection, id: i64, c: &Closing, login: &str) -> rusqlite::Result<Vec<AuditRow>> {
    tx.execute(
        "UPDATE items SET closed_on = :on, evidence = :evidence, closed_by = :by WHERE id = :id",
        named_params! { ":id": id, ":on": c.closed_on, ":evidence": c.evidence, ":by": c.closed_by },
    )?;
    let e = add_entry(tx, id, "close", &c.closed_on, &c.evidence, &c.closed_by, login)?;
    let mut audit = vec![
        AuditRow::update("items", id, "closed_on", None, Some(c.closed_on.clone())).with_note("close"),
        AuditRow::update("items", id, "evidence", None, Some(c.evidence.clone())).with_note("close"),
        AuditRow::update("items", id, "closed_by", None, Some(c.closed_by.clone())).with_note("close"),
    ];
    audit.extend(entry_audit(e, id, "close", &c.closed_on, &c.evidence));
    Ok(audit)
}

/// One row of an item import: its county, its facts, and its close when the row is closed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub county: String,
    pub record: ItemRecord,
    pub closing: Option<Closing>,
}

/// Opens (and, for closed rows, closes) every item of one import in one transaction: all
/// or nothing, each audited with `note` (the file's name). `target` is the first row's
/// place: each row's own place was checked before.
pub fn insert_many(db: &mut Db, target: &Target, rows: &[NewItem], note: &str) -> Result<Vec<i64>, WriteError> {
    let login = db.actor.login.clone();
    db.write(target, false, |tx| {
        let mut ids = Vec::with_capacity(rows.len());
        let mut audit = Vec::new();
        for row in rows {
            check_stored(tx, &row.county, &row.record)?;
            let id = insert_in(tx, &row.county, &row.record)?;
            audit.extend(insert_audit(id, &row.county, &row.record, note));
            if let Some(c) = &row.closing {
                audit.extend(close_in(tx, id, c, &login)?);
            }
            ids.push(id);
        }
        Ok((ids, audit))
    })
}

/// The county of item `id`, if there is such an item (an import's row names it by its
/// 编号 when the file came from an export).
pub fn county_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT county_code FROM items WHERE id = :id")?
        .query_row(named_params! { ":id": id }, |r| r.get(0))
        .optional()
}

/// Reopens a closed item (the problem came back, or the close was wrong), dated and with
/// the reason; its close stays in its entries. Returns the new version.
pub fn reopen(db: &mut Db, id: i64, version: i64, entry: &Entry) -> Result<i64, WriteError> {
    let target = target_of(db, id)?;
    let login = db.actor.login.clone();
    db.write(&target, false, |tx| {
        let current = claim(tx, id, version)?;
        let Some(closed_on) = current.closed_on.clone() else {
            return Err(refuse("on_date", ItemError::NotClosed));
        };
        if entry.on_date < closed_on {
            return Err(refuse("on_date", ItemError::TooEarly(closed_on)));
        }
        tx.execute(
            "UPDATE items SET closed_on = NULL, evidence = '', closed_by = '' WHERE id = :id",
            named_params! { ":id": id },
        )?;
        let e = add_entry(tx, id, "reopen", &entry.on_date, &entry.note, "", &login)?;
        let mut audit: Vec<AuditRow> = current
            .close_texts()
            .into_iter()
            .map(|(f, old)| AuditRow::update("items", id, f, Some(old), None).with_note("reopen"))
            .collect();
        audit.extend(entry_audit(e, id, "reopen", &entry.on_date, &entry.note));
        Ok((version + 1, audit))
    })
}

/// Every item's life in region `code` (of `kind`, when given) that the session may read:
/// what the open-items-by-month line is counted from.
pub fn spans(db: &Db, code: &str, kind: Option<&str>) -> rusqlite::Result<Vec<Span>> {
    let scope = both(in_region("i.county_code", code), db.read_scope().rows("i.county_code", "i.school_id")).named();
    let kind_sql = if kind.is_some() { "AND i.kind = :kind" } else { "" };
    let sql = format!(
        "SELECT i.id AS id, i.opened_on AS opened_on, e.on_date AS on_date, e.action AS action
         FROM items i LEFT JOIN item_entries e ON e.item_id = i.id AND e.action IN ('close', 'reopen')
         WHERE {} {kind_sql} ORDER BY i.id, e.on_date, e.id",
        scope.sql
    );
    let mut own: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    if let Some(k) = &kind {
        own.push((":kind", k));
    }
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(&*scope.params(&own))?;
    let mut out: Vec<(i64, Span)> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get("id")?;
        if out.last().map(|(last, _)| *last) != Some(id) {
            out.push((id, Span { opened_on: r.get("opened_on")?, changes: Vec::new() }));
        }
        let (on, action): (Option<String>, Option<String>) = (r.get("on_date")?, r.get("action")?);
        if let (Some(on), Some(action), Some((_, span))) = (on, action, out.last_mut()) {
            span.changes.push((on, action == "close"));
        }
    }
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// A school flagged 大校额 or 大班额 with no open item of the kind that answers the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needing {
    pub school_id: i64,
    pub school: String,
    pub county_code: String,
    pub flag: SizeFlag,
    /// The kind the item would be of.
    pub kind: String,
}

/// The open schools of region `code` the session may read whose size flags call for an item
/// that is not there (an open one of the kind that answers the flag).
pub fn needing(db: &Db, code: &str) -> rusqlite::Result<Vec<Needing>> {
    let kinds = kinds(&db.conn)?;
    let open = list(db, code, &Filter { open: true, ..Filter::default() })?;
    let mut out = Vec::new();
    for s in super::schools::list(db, code)? {
        for flag in s.flags() {
            let Some(kind) = kinds.iter().find(|k| k.covers(flag)) else { continue };
            let has = open.iter().any(|i| i.record.school_id == Some(s.id) && i.record.kind == kind.code);
            if !has {
                out.push(Needing {
                    school_id: s.id,
                    school: s.name.clone(),
                    county_code: s.county_code.clone(),
                    flag,
                    kind: kind.code.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// Writes the demo's items (`demo::items`) inside the demo's transaction: no audit rows, as
/// for the rest of the demo data. A school the demo does not have is skipped.
pub fn write_demo(conn: &Connection, demo: &[crate::demo::items::DemoItem]) -> rusqlite::Result<()> {
    for d in demo {
        let school_id: Option<i64> = match d.school {
            Some(name) => {
                let found = conn
                    .query_row(
                        "SELECT id FROM schools WHERE county_code = :county AND name = :name",
                        named_params! { ":county": d.county, ":name": name },
                        |r| r.get("id"),
                    )
                    .optional()?;
                match found {
                    Some(id) => Some(id),
                    None => continue,
                }
            }
            None => None,
        };
        let rec = ItemRecord {
            kind: d.kind.to_string(),
            school_id,
            problem: d.problem.clone(),
            measure: d.measure.to_string(),
            unit: d.unit.to_string(),
            person: d.person.to_string(),
            opened_on: d.opened_on.clone(),
            due_on: d.due_on.clone(),
            note: String::new(),
        };
        let id = insert_in(conn, d.county, &rec)?;
        for (on, note) in &d.progress {
            add_entry(conn, id, "progress", on, note, "", "demo")?;
        }
        if let Some((on, evidence)) = &d.closed {
            // A name the close's own rule accepts, so that an exported ledger imports again.
            conn.execute(
                "UPDATE items SET closed_on = :on, evidence = :evidence, closed_by = '李某明' WHERE id = :id",
                named_params! { ":id": id, ":on": on, ":evidence": evidence },
            )?;
            add_entry(conn, id, "close", on, evidence, "李某明", "demo")?;
        }
    }
    Ok(())
}
