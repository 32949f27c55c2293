//! The special-group registry (`domain::registry`): children read by column name through
//! its table of fields and written with named parameters, every read narrowed to the
//! session's read scope of cases (the rows name children), every write audited. The
//! 统计表's counts follow the report scope, as the other counts do.

use super::audit::{AuditRow, WriteError};
use super::record::{self, columns, named_params, Params};
use super::scope::{in_region, Clause, Coverage};
use super::Db;
use crate::domain::access::Target;
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::ContactKind;
use crate::domain::region::{self, Level};
use crate::domain::registry::{self, RegistryRecord, Tally, FIELDS};
use rusqlite::types::Value;
use rusqlite::{named_params, Connection, OptionalExtension, ToSql};

/// The audit log's name for the registry tables.
pub const TABLE: &str = "registry_children";
pub const CONTACTS: &str = "registry_contacts";

/// One child of the registry as listed and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub id: i64,
    pub county_code: String,
    pub school_name: String,
    pub record: RegistryRecord,
    /// The child's latest dropout case in the same county (found by ID number), with its status.
    pub case: Option<(i64, CaseStatus)>,
    pub contacts: i64,
    pub version: i64,
}

/// One care contact (or 一人一案 review).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub on: String,
    pub who: String,
    pub kind: ContactKind,
    pub note: String,
}

/// The SELECT of children aliased `c`, their school's name and linked case, under `filter`.
fn select(filter: &str) -> String {
    format!(
        "SELECT c.id AS id, c.county_code AS county_code, c.version AS version, {fields},
                coalesce(s.name, '') AS school_name,
                (SELECT count(*) FROM registry_contacts rc WHERE rc.child_id = c.id) AS contacts,
                k.id AS case_id, k.status AS case_status
         FROM registry_children c
         LEFT JOIN schools s ON s.id = c.school_id
         LEFT JOIN cases k ON k.id = (SELECT max(id) FROM cases x
                                      WHERE x.id_number = c.id_number AND x.county_code = c.county_code)
         WHERE {filter}",
        fields = record::qualified("c", FIELDS)
    )
}

fn child_of(r: &rusqlite::Row) -> rusqlite::Result<Child> {
    let texts = record::texts(r, FIELDS)?;
    let case_id: Option<i64> = r.get("case_id")?;
    let status: Option<String> = r.get("case_status")?;
    Ok(Child {
        id: r.get("id")?,
        county_code: r.get("county_code")?,
        school_name: r.get("school_name")?,
        record: RegistryRecord::from_texts(|k| record::text_of(&texts, k)),
        case: case_id.zip(status.as_deref().and_then(CaseStatus::from_code)),
        contacts: r.get("contacts")?,
        version: r.get("version")?,
    })
}

fn bind(p: &[(String, Value)]) -> Vec<(&str, &dyn ToSql)> {
    p.iter().map(|(k, v)| (k.as_str(), v as &dyn ToSql)).collect()
}

/// Named parameters of a clause whose placeholders are `:scope1…` (from [`Clause::named`]).
fn clause_params(c: &Clause, first: usize) -> (String, Vec<(String, Value)>) {
    let mut sql = String::new();
    let mut params = Vec::new();
    for (i, part) in c.sql.split('?').enumerate() {
        if i > 0 {
            let name = format!(":p{}", first + i - 1);
            sql.push_str(&name);
            params.push((name, c.params.get(i - 1).cloned().unwrap_or(Value::Null)));
        }
        sql.push_str(part);
    }
    (sql, params)
}

/// The children of region `code` (a county, a prefecture or the province) still in a
/// watched group, that the session may read, by county, school, grade and name.
pub fn list(db: &Db, code: &str) -> rusqlite::Result<Vec<Child>> {
    let (scope_sql, mut params) = clause_params(&db.read_scope().cases(), 1);
    let (region_sql, more) = clause_params(&in_region("c.county_code", code), 100);
    params.extend(more);
    let sql = format!(
        "{} AND c.left_on IS NULL ORDER BY c.county_code, s.name COLLATE pinyin, c.grade, c.name COLLATE pinyin, c.id",
        select(&format!("{scope_sql} AND {region_sql}"))
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(bind(&params).as_slice(), child_of)?;
    rows.collect()
}

/// One child, if the session may read it.
pub fn get(db: &Db, id: i64) -> rusqlite::Result<Option<Child>> {
    let (scope_sql, mut params) = clause_params(&db.read_scope().cases(), 1);
    params.push((":id".to_string(), Value::Integer(id)));
    let sql = select(&format!("c.id = :id AND {scope_sql}"));
    db.conn.prepare_cached(&sql)?.query_row(bind(&params).as_slice(), child_of).optional()
}

/// A child's contacts and reviews, oldest first.
pub fn contacts(conn: &Connection, child_id: i64) -> rusqlite::Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT happened_on, who, kind, note FROM registry_contacts WHERE child_id = :child ORDER BY happened_on, id",
    )?;
    let rows = stmt.query_map(named_params! { ":child": child_id }, |r| {
        let kind: String = r.get("kind")?;
        Ok(Contact {
            on: r.get("happened_on")?,
            who: r.get("who")?,
            kind: ContactKind::from_code(&kind).unwrap_or(ContactKind::HomeVisit),
            note: r.get("note")?,
        })
    })?;
    rows.collect()
}

/// The registry child of `county` with ID number `id_number` (the link shown on a case):
/// its id and groups. Only when the session may read registry rows of the county.
pub fn of_case(db: &Db, county: &str, id_number: &str) -> rusqlite::Result<Option<(i64, String)>> {
    if id_number.is_empty() {
        return Ok(None);
    }
    let (scope_sql, mut params) = clause_params(&db.read_scope().cases(), 1);
    params.push((":county".into(), Value::Text(county.into())));
    params.push((":idn".into(), Value::Text(id_number.into())));
    let sql = format!(
        "SELECT c.id, c.groups FROM registry_children c
         WHERE c.county_code = :county AND c.id_number = :idn AND {scope_sql} ORDER BY c.id DESC LIMIT 1"
    );
    db.conn.prepare_cached(&sql)?.query_row(bind(&params).as_slice(), |r| Ok((r.get(0)?, r.get(1)?))).optional()
}

/// The child of `county` already in the registry that `rec` would register again (same ID
/// number, or without one the same name at the same school): its id and name.
pub fn existing(conn: &Connection, county: &str, rec: &RegistryRecord) -> rusqlite::Result<Option<(i64, String)>> {
    let sql = "SELECT id, name FROM registry_children WHERE county_code = :county AND left_on IS NULL AND
               CASE WHEN :idn IS NOT NULL THEN id_number = :idn ELSE id_number IS NULL AND name = :name AND school_id IS :school END
               LIMIT 1";
    conn.prepare_cached(sql)?
        .query_row(
            named_params! { ":county": county, ":idn": rec.id_number, ":name": rec.name, ":school": rec.school_id },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
}

/// Inserts a child of `county` inside the caller's transaction; its id and audit rows (the
/// `insert` row noted `note`, one row per filled field).
pub fn insert_in(
    tx: &Connection,
    county: &str,
    rec: &RegistryRecord,
    note: &str,
) -> rusqlite::Result<(i64, Vec<AuditRow>)> {
    let sql = format!(
        "INSERT INTO registry_children(county_code, {}) VALUES (:county_code, {})",
        columns(FIELDS),
        named_params(FIELDS)
    );
    Params::new(tx, TABLE, FIELDS, &rec.texts())?.with("county_code", county.to_string()).execute(tx, &sql)?;
    let id = tx.last_insert_rowid();
    let mut audit = vec![AuditRow::insert(TABLE, id).with_new(rec.name.clone()).with_note(note)];
    audit.extend(
        std::iter::once(("county_code", county.to_string()))
            .chain(rec.texts())
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| AuditRow::update(TABLE, id, f, None, Some(v)).with_note("insert")),
    );
    Ok((id, audit))
}

/// Registers children (all of one import, or one from a form) in one transaction.
/// `target` is the first child's place: each row's own place was checked before.
pub fn insert_many(
    db: &mut Db,
    target: &Target,
    rows: &[(String, RegistryRecord)],
    note: &str,
) -> Result<Vec<i64>, WriteError> {
    db.write(target, false, |tx| {
        let mut ids = Vec::with_capacity(rows.len());
        let mut audit = Vec::new();
        for (county, rec) in rows {
            let (id, rows) = insert_in(tx, county, rec, note)?;
            ids.push(id);
            audit.extend(rows);
        }
        Ok((ids, audit))
    })
}

/// A new care contact (or review) of `child`, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub on: String,
    pub who: String,
    pub kind: ContactKind,
    pub note: String,
}

/// Appends a contact to `child` (which the session read); audited with its values.
pub fn add_contact(db: &mut Db, child: &Child, c: &NewContact) -> Result<i64, WriteError> {
    let target = Target { region_code: child.county_code.clone(), school_id: child.record.school_id };
    let login = db.actor.login.clone();
    db.write(&target, false, |tx| {
        tx.prepare_cached(
            "INSERT INTO registry_contacts(child_id, happened_on, who, kind, note, created_by, created_at)
             VALUES (:child, :on, :who, :kind, :note, :by, :at)",
        )?
        .execute(named_params! {
            ":child": child.id, ":on": c.on, ":who": c.who, ":kind": c.kind.code(), ":note": c.note,
            ":by": login, ":at": super::now_text(),
        })?;
        let id = tx.last_insert_rowid();
        let key = format!("{}/{id}", child.id);
        let kind = c.kind.code().to_string();
        let audit = [("happened_on", &c.on), ("who", &c.who), ("kind", &kind), ("note", &c.note)]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| AuditRow::update(CONTACTS, &key, f, None, Some(v.clone())).with_note("insert"));
        Ok((id, std::iter::once(AuditRow::insert(CONTACTS, &key)).chain(audit).collect()))
    })
}

/// The 统计表 of region `code` narrowed to what the session's counts cover: per school of a
/// county (every open school listed), per county of a prefecture or the province.
pub fn tally(db: &Db, code: &str, school: Option<i64>) -> Result<Tally, super::scope::ReportError> {
    let coverage = match db.read_scope().report(code, school) {
        Ok(c) => c,
        Err(r) => return Err(super::scope::ReportError::Refused(db.place_refused(r))),
    };
    let by_county = region::level_of(code) != Ok(Level::County);
    let (filter, params) = match coverage {
        Coverage::County => clause_params(&in_region("c.county_code", code), 1),
        Coverage::School(id) => ("c.school_id = :school".to_string(), vec![(":school".into(), Value::Integer(id))]),
    };
    let unit = if by_county { "coalesce(r.name, c.county_code)" } else { "coalesce(s.name, '')" };
    let sql = format!(
        "SELECT {unit} AS unit, c.groups AS groups, coalesce(c.sex, '') AS sex, c.placement IS NOT NULL AS placed
         FROM registry_children c LEFT JOIN schools s ON s.id = c.school_id
         LEFT JOIN regions r ON r.code = c.county_code
         WHERE c.left_on IS NULL AND {filter} ORDER BY c.county_code, s.name COLLATE pinyin"
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let kids: Vec<(String, String, String, bool)> = stmt
        .query_map(bind(&params).as_slice(), |r| {
            Ok((r.get("unit")?, r.get("groups")?, r.get("sex")?, r.get("placed")?))
        })?
        .collect::<Result<_, _>>()?;
    // Every unit is listed, a school with no registered child too: the 统计表 is complete.
    let units: Vec<String> = match (coverage, by_county) {
        (Coverage::School(id), _) => super::schools::name(&db.conn, id)?.into_iter().collect(),
        (Coverage::County, false) => {
            let mut stmt = db.conn.prepare_cached(
                "SELECT name FROM schools WHERE county_code = :county AND closed_on IS NULL ORDER BY name COLLATE pinyin, id",
            )?;
            let names = stmt.query_map(named_params! { ":county": code }, |r| r.get(0))?;
            names.collect::<Result<_, _>>()?
        }
        (Coverage::County, true) => {
            let mut seen: Vec<String> = Vec::new();
            for (u, ..) in &kids {
                if !seen.contains(u) {
                    seen.push(u.clone());
                }
            }
            seen
        }
    };
    Ok(registry::tally(&units, kids.iter().map(|(u, g, s, p)| (u.as_str(), g.as_str(), s.as_str(), *p))))
}
