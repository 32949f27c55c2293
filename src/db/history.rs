//! A school's dated history (`domain::history`, table `school_history`): a change checked
//! against the school as stored and written with the school's own columns in one
//! transaction, audited; the changes the school form makes; and what the table by year and
//! the list of consolidations are counted from.

use super::audit::{AuditRow, Rule, WriteError};
use super::scope::{both, in_region};
use super::Db;
use crate::domain::access::Target;
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::history::{self as rules, Change, Checked, Event, Life, Receiver, Standing};
use crate::domain::school_rules::SchoolRecord;
use rusqlite::{named_params, Connection, OptionalExtension};

/// School `id` as a change is checked against it (`None`: no such school).
pub fn standing(conn: &Connection, id: i64) -> rusqlite::Result<Option<Standing>> {
    conn.prepare_cached(
        "SELECT s.id, s.county_code, s.name, s.kind, s.location, s.school_code, s.opened_on, s.closed_on,
                (SELECT h.new_value FROM school_history h WHERE h.school_id = s.id AND h.change = 'operator'
                  ORDER BY h.on_date DESC, h.id DESC LIMIT 1) AS operator,
                (SELECT max(h.on_date) FROM school_history h WHERE h.school_id = s.id) AS last_change
         FROM schools s WHERE s.id = :id",
    )?
    .query_row(named_params! { ":id": id }, |r| {
        let kind: String = r.get("kind")?;
        let location: String = r.get("location")?;
        Ok(Standing {
            id: r.get("id")?,
            county: r.get("county_code")?,
            name: r.get("name")?,
            kind: SchoolKind::from_code(&kind).unwrap_or(SchoolKind::Primary),
            location: Location::from_code(&location).unwrap_or(Location::Urban),
            school_code: r.get("school_code")?,
            operator: r.get::<_, Option<String>>("operator")?.unwrap_or_default(),
            opened_on: r.get("opened_on")?,
            closed_on: r.get("closed_on")?,
            last_change: r.get("last_change")?,
        })
    })
    .optional()
}

/// The school a merge would name.
pub fn receiver(conn: &Connection, id: i64) -> rusqlite::Result<Option<Receiver>> {
    conn.prepare_cached("SELECT id, county_code, name, closed_on FROM schools WHERE id = :id")?
        .query_row(named_params! { ":id": id }, |r| {
            Ok(Receiver { id: r.get(0)?, county: r.get(1)?, name: r.get(2)?, closed_on: r.get(3)? })
        })
        .optional()
}

/// Checks `change` of school `id` from `value` against the school as stored: every failing
/// field, or the change ready to be written. `Ok(None)`: no such school.
pub fn check(
    conn: &Connection,
    id: i64,
    change: Change,
    value: &dyn Fn(&str) -> String,
) -> rusqlite::Result<Option<Result<Checked, rules::Errors>>> {
    let Some(s) = standing(conn, id)? else { return Ok(None) };
    let receiver = |other: i64| receiver(conn, other).ok().flatten();
    Ok(Some(rules::validate(change, value, &s, &receiver, crate::db::today())))
}

/// Records `change` of school `id` (administrators of its county: it changes the county's
/// layout), checked again inside the transaction against the school as it is then. Returns
/// the change written.
pub fn record(db: &mut Db, id: i64, change: Change, value: &dyn Fn(&str) -> String) -> Result<Checked, WriteError> {
    let county = standing(&db.conn, id)?.map(|s| s.county).ok_or(WriteError::Conflict)?;
    let target = Target { region_code: county, school_id: Some(id) };
    let login = db.actor.login.clone();
    db.write(&target, true, |tx| {
        let checked = match check(tx, id, change, value)? {
            None => return Err(WriteError::Conflict),
            Some(Err(errors)) => {
                let (field, e) = errors.into_iter().next().unwrap_or(("on_date", rules::HistoryError::Required));
                return Err(WriteError::Invalid { field, rule: Rule::History(e) });
            }
            Some(Ok(c)) => c,
        };
        let mut audit = apply(tx, id, &checked)?;
        audit.extend(insert_row(tx, id, &checked, &login)?);
        Ok((checked, audit))
    })
}

/// The school's own column a change sets, with its old and new value.
fn column_of(c: &Checked) -> Option<(&'static str, Option<String>, Option<String>)> {
    let new = Some(c.new.clone());
    match c.change {
        Change::Rename => Some(("name", Some(c.old.clone()), new)),
        Change::Retype => Some(("kind", Some(c.old.clone()), new)),
        Change::Location => Some(("location", Some(c.old.clone()), new)),
        Change::Close | Change::Merge => Some(("closed_on", None, Some(c.on_date.clone()))),
        Change::Open => Some(("opened_on", None, Some(c.on_date.clone()))),
        Change::Operator => None,
    }
}

/// Sets the school's columns the change stands for (and its version); their audit rows.
fn apply(tx: &Connection, id: i64, c: &Checked) -> Result<Vec<AuditRow>, WriteError> {
    tx.execute("UPDATE schools SET version = version + 1 WHERE id = :id", named_params! { ":id": id })?;
    let Some((column, old, new)) = column_of(c) else { return Ok(Vec::new()) };
    // `column` comes from the match above, never from input.
    let sql = format!("UPDATE schools SET {column} = :v WHERE id = :id");
    tx.execute(&sql, named_params! { ":v": new, ":id": id })?;
    let mut audit = vec![AuditRow::update("schools", id, column, old, new).with_note("history")];
    if c.change == Change::Rename {
        let initials = crate::domain::pinyin::initials_index(&c.new);
        tx.execute(
            "UPDATE schools SET name_initials = :i WHERE id = :id",
            named_params! { ":i": initials, ":id": id },
        )?;
    }
    if let (Change::Merge, Some(other)) = (c.change, c.other) {
        tx.execute("UPDATE schools SET merged_into = :o WHERE id = :id", named_params! { ":o": other, ":id": id })?;
        audit.push(AuditRow::update("schools", id, "merged_into", None, Some(other.to_string())).with_note("history"));
    }
    Ok(audit)
}

/// Appends the change to the school's history; its audit rows.
fn insert_row(tx: &Connection, id: i64, c: &Checked, login: &str) -> rusqlite::Result<Vec<AuditRow>> {
    tx.prepare_cached(
        "INSERT INTO school_history(school_id, on_date, change, old_value, new_value, other_id, note, login)
         VALUES (:s, :on, :change, :old, :new, :other, :note, :login)",
    )?
    .execute(named_params! {
        ":s": id, ":on": c.on_date, ":change": c.change.code(), ":old": c.old, ":new": c.new,
        ":other": c.other, ":note": c.note, ":login": login,
    })?;
    let row = tx.last_insert_rowid();
    let text = if c.new.is_empty() { c.on_date.clone() } else { format!("{} {}", c.on_date, c.new) };
    Ok(vec![AuditRow::insert("school_history", row)
        .with_new(c.change.code())
        .with_note(format!("school {id}: {text}"))])
}

/// The dated changes a save of the school form makes (inside its transaction): a new name,
/// type or place as of `today` (the form asks no date), a close or a merge as of its
/// closing date. Opening dates and figures are facts, not changes.
pub(crate) fn from_form(
    tx: &Connection,
    id: i64,
    old: &SchoolRecord,
    new: &SchoolRecord,
    today: &str,
    login: &str,
) -> rusqlite::Result<Vec<AuditRow>> {
    let mut changes: Vec<Checked> = Vec::new();
    let mut push = |change: Change, on: &str, old: String, new: String, other: Option<i64>| {
        let note = "school form".to_string();
        changes.push(Checked { change, on_date: on.to_string(), old, new, other, note });
    };
    if old.name != new.name {
        push(Change::Rename, today, old.name.clone(), new.name.clone(), None);
    }
    if old.kind != new.kind {
        push(Change::Retype, today, old.kind.code().into(), new.kind.code().into(), None);
    }
    if old.location != new.location {
        push(Change::Location, today, old.location.code().into(), new.location.code().into(), None);
    }
    if let (None, Some(on)) = (&old.closed_on, &new.closed_on) {
        let into = match new.merged_into {
            Some(other) => super::schools::name(tx, other)?,
            None => None,
        };
        match (new.merged_into, into) {
            (Some(other), Some(name)) => push(Change::Merge, on, String::new(), name, Some(other)),
            _ => push(Change::Close, on, String::new(), String::new(), None),
        }
    }
    let mut audit = Vec::new();
    for c in &changes {
        audit.extend(insert_row(tx, id, c, login)?);
    }
    Ok(audit)
}

/// School `id`'s recorded changes, oldest first.
pub fn of_school(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT on_date, change, old_value, new_value, note, login FROM school_history
         WHERE school_id = :id ORDER BY on_date, id",
    )?;
    let rows = stmt.query_map(named_params! { ":id": id }, |r| {
        let change: String = r.get(1)?;
        Ok((r.get(0)?, change, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (on_date, change, old, new, note, login) = row?;
        // The table's CHECK allows only known codes.
        if let Some(change) = Change::from_code(&change) {
            out.push(Event { on_date, change, old, new, note, login, recorded: true });
        }
    }
    Ok(out)
}

/// The schools merged into school `id`: (closing day, name), oldest first.
pub fn absorbed(conn: &Connection, id: i64) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT closed_on, name FROM schools WHERE merged_into = :id ORDER BY closed_on, name COLLATE pinyin",
    )?;
    let rows = stmt.query_map(named_params! { ":id": id }, |r| {
        Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?))
    })?;
    rows.collect()
}

/// A school's life in a region, with its county.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedLife {
    pub county: String,
    pub life: Life,
}

/// One consolidation: a school merged into another.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Merge {
    pub on: String,
    pub county: String,
    pub school: String,
    pub into: String,
}

/// Every school of region `code` the session may read, as the table by year counts it.
pub fn lives(db: &Db, code: &str) -> rusqlite::Result<Vec<CountedLife>> {
    let scope = both(in_region("s.county_code", code), db.read_scope().rows("s.county_code", "s.id")).named();
    let sql = format!(
        "SELECT s.id AS id, s.county_code AS county, s.opened_on AS opened_on, s.closed_on AS closed_on,
                s.merged_into IS NOT NULL AS merged, h.change AS change, h.on_date AS on_date
         FROM schools s LEFT JOIN school_history h ON h.school_id = s.id AND h.change IN ('name', 'kind')
         WHERE {} ORDER BY s.id, h.on_date",
        scope.sql
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(&*scope.params(&[]))?;
    let mut out: Vec<(i64, CountedLife)> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get("id")?;
        if out.last().map(|(last, _)| *last) != Some(id) {
            let life = Life {
                opened_on: r.get("opened_on")?,
                closed_on: r.get("closed_on")?,
                merged: r.get("merged")?,
                renamed: Vec::new(),
                retyped: Vec::new(),
            };
            out.push((id, CountedLife { county: r.get("county")?, life }));
        }
        let (change, on): (Option<String>, Option<String>) = (r.get("change")?, r.get("on_date")?);
        if let (Some(change), Some(on), Some((_, l))) = (change, on, out.last_mut()) {
            if change == "name" {
                l.life.renamed.push(on);
            } else {
                l.life.retyped.push(on);
            }
        }
    }
    Ok(out.into_iter().map(|(_, l)| l).collect())
}

/// The consolidations of region `code` from `first_year` on, by date.
pub fn merges(db: &Db, code: &str, first_year: i32) -> rusqlite::Result<Vec<Merge>> {
    let scope = both(in_region("s.county_code", code), db.read_scope().rows("s.county_code", "s.id")).named();
    let sql = format!(
        "SELECT s.closed_on, s.county_code, s.name, m.name FROM schools s JOIN schools m ON m.id = s.merged_into
         WHERE s.closed_on >= :from AND {} ORDER BY s.closed_on, s.county_code, s.name COLLATE pinyin",
        scope.sql
    );
    let from = format!("{first_year:04}-01-01");
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&*scope.params(&[(":from", &from)]), |r| {
        Ok(Merge { on: r.get(0)?, county: r.get(1)?, school: r.get(2)?, into: r.get(3)? })
    })?;
    rows.collect()
}

/// The demo's dated changes (`demo::history`), by county and school name.
pub fn write_demo(conn: &Connection, rows: &[crate::demo::history::DemoChange]) -> rusqlite::Result<()> {
    for d in rows {
        // A demo change names a demo school: a missing one is the demo's own error.
        let id: i64 = conn
            .prepare_cached("SELECT id FROM schools WHERE county_code = :c AND name = :n")?
            .query_row(named_params! { ":c": d.county, ":n": d.school }, |r| r.get(0))?;
        let c = Checked {
            change: d.change,
            on_date: d.on.to_string(),
            old: d.old.to_string(),
            new: d.new.to_string(),
            other: None,
            note: d.note.to_string(),
        };
        insert_row(conn, id, &c, "demo")?;
    }
    Ok(())
}
