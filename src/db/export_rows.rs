//! The rows an export writes, read in one pass and handed over one at a time (a county may
//! hold 100,000 cases). Fields come as stored, empty when NULL: labels, masking and the
//! file format are `io::export`'s business.

use super::{case_record, Db};
use crate::domain::case;
use crate::domain::case_status::CaseStatus;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row, Rows};

/// One case as exported: stored codes and dates as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseExport {
    pub id: i64,
    /// Every field of `domain::case::FIELDS` as (key, stored text).
    pub fields: Vec<(&'static str, String)>,
    pub school_name: String,
    pub school_code: String,
    pub status: String,
    pub ledger: String,
    pub last_visit_on: String,
    pub returned_on: String,
    pub closed_on: String,
    pub close_basis: String,
    pub closed_by: String,
}

impl CaseExport {
    /// Field `key` as stored ("" when NULL or not a case field).
    pub fn field(&self, key: &str) -> &str {
        self.fields.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }
}

fn case_sql() -> String {
    format!(
        "SELECT c.id, {}, coalesce(s.name, '') AS school_name, coalesce(s.school_code, '') AS school_code,
                c.status, c.ledger, c.last_visit_on, c.returned_on, c.closed_on, c.close_basis, c.closed_by
         FROM cases c LEFT JOIN schools s ON s.id = c.school_id WHERE c.county_code = ?1",
        case_record::select_list("c")
    )
}

fn read_case(r: &Row) -> rusqlite::Result<CaseExport> {
    let text = |k: &str| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(k)?.unwrap_or_default()) };
    Ok(CaseExport {
        id: r.get("id")?,
        fields: case::FIELDS.iter().map(|f| f.key).zip(case_record::texts_of(r)?).collect(),
        school_name: text("school_name")?,
        school_code: text("school_code")?,
        status: text("status")?,
        ledger: text("ledger")?,
        last_visit_on: text("last_visit_on")?,
        returned_on: text("returned_on")?,
        closed_on: text("closed_on")?,
        close_basis: text("close_basis")?,
        closed_by: text("closed_by")?,
    })
}

/// Hands `each` the county's cases with one of `statuses` (empty: all), in registration
/// order, as far as the session may read them. Returns how many there were; stops at the
/// first error `each` returns.
pub fn cases<E: From<rusqlite::Error>>(
    db: &Db,
    county: &str,
    statuses: &[CaseStatus],
    each: impl FnMut(CaseExport) -> Result<(), E>,
) -> Result<usize, E> {
    let mut sql = case_sql();
    let mut values = vec![Value::Text(county.to_string())];
    if !statuses.is_empty() {
        let marks: Vec<String> = (0..statuses.len()).map(|i| format!("?{}", i + 2)).collect();
        sql.push_str(&format!(" AND c.status IN ({})", marks.join(",")));
        values.extend(statuses.iter().map(|s| Value::Text(s.code().to_string())));
    }
    let scope = db.read_scope().cases();
    sql.push_str(&format!(" AND {}", scope.numbered(values.len() + 1)));
    values.extend(scope.params);
    sql.push_str(" ORDER BY c.registered_on, c.id");
    let mut stmt = db.conn.prepare(&sql)?;
    let rows = stmt.query(params_from_iter(values))?;
    hand_over(rows, read_case, each)
}

/// Reads each of `rows` with `read` and hands it to `each`. Returns how many there were.
fn hand_over<T, E: From<rusqlite::Error>>(
    mut rows: Rows,
    mut read: impl FnMut(&Row) -> rusqlite::Result<T>,
    mut each: impl FnMut(T) -> Result<(), E>,
) -> Result<usize, E> {
    let mut n = 0;
    while let Some(r) = rows.next()? {
        each(read(r)?)?;
        n += 1;
    }
    Ok(n)
}

/// One school as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolExport {
    pub name: String,
    pub school_code: String,
    pub county_code: String,
    pub kind: String,
    pub location: String,
    /// `students` through `multimedia_rooms`, in `io::school_rows::SCHOOL_FIELDS` order.
    pub figures: Vec<String>,
    pub opened_on: String,
    pub note: String,
}

/// A stored number (or text) as a spreadsheet shows it: whole reals without `.0`.
pub fn stored_text(v: &Value) -> String {
    match v {
        Value::Integer(n) => n.to_string(),
        Value::Real(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Null | Value::Blob(_) => String::new(),
    }
}

fn read_school(r: &Row) -> rusqlite::Result<SchoolExport> {
    Ok(SchoolExport {
        name: r.get(0)?,
        school_code: r.get(1)?,
        county_code: r.get(2)?,
        kind: r.get(3)?,
        location: r.get(4)?,
        figures: (5..=18).map(|i| r.get::<_, Value>(i).map(|v| stored_text(&v))).collect::<Result<_, _>>()?,
        opened_on: r.get(19)?,
        note: r.get(20)?,
    })
}

/// Hands `each` the county's schools the session may read, by name. Returns how many
/// there were.
pub fn schools<E: From<rusqlite::Error>>(
    db: &Db,
    county: &str,
    each: impl FnMut(SchoolExport) -> Result<(), E>,
) -> Result<usize, E> {
    let scope = db.read_scope().rows("county_code", "id");
    let mut stmt = db.conn.prepare(&format!(
        "SELECT name, coalesce(school_code, ''), county_code, kind, location, students, primary_students,
                junior_students, classes, largest_class, boarding_students, teachers, degree_teachers,
                backbone_teachers, pe_arts_teachers, building_m2, sports_m2, equipment_yuan, multimedia_rooms,
                coalesce(opened_on, ''), note
         FROM schools WHERE county_code = ?1 AND {} ORDER BY name, id",
        scope.numbered(2)
    ))?;
    let values = std::iter::once(Value::Text(county.to_string())).chain(scope.params);
    let rows = stmt.query(params_from_iter(values))?;
    hand_over(rows, read_school, each)
}

/// One alliance as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllianceExport {
    pub name: String,
    pub kind: String,
    pub level: String,
    pub region_code: String,
    pub lead_school: String,
    pub founded_on: String,
    pub mode: String,
    pub dissolved_on: String,
    /// The current members' school names, the lead first.
    pub members: Vec<String>,
}

/// Hands `each` the alliances of the county or with a member school in it that the session
/// may read, by level and name. Returns how many there were.
pub fn alliances<E: From<rusqlite::Error>>(
    db: &Db,
    county: &str,
    each: impl FnMut(AllianceExport) -> Result<(), E>,
) -> Result<usize, E> {
    let (conn, scope) = (&db.conn, db.read_scope().alliances());
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.name, a.kind, a.level, a.region_code, coalesce((SELECT s.name FROM schools s WHERE s.id = a.lead_school_id), ''),
                coalesce(a.founded_on, ''), a.mode, coalesce(a.dissolved_on, '')
         FROM alliances a
         WHERE (a.region_code = ?1 OR EXISTS (
             SELECT 1 FROM alliance_members m JOIN schools s ON s.id = m.school_id
             WHERE m.alliance_id = a.id AND s.county_code = ?1)) AND {}
         ORDER BY a.level, a.name, a.id",
        scope.numbered(2)
    ))?;
    let mut members = conn.prepare(
        "SELECT s.name FROM alliance_members m JOIN schools s ON s.id = m.school_id
         WHERE m.alliance_id = ?1 AND m.left_on IS NULL ORDER BY m.role = 'lead' DESC, s.name",
    )?;
    let read = |r: &Row| -> rusqlite::Result<AllianceExport> {
        let id: i64 = r.get(0)?;
        Ok(AllianceExport {
            members: members.query_map([id], |m| m.get(0))?.collect::<Result<_, _>>()?,
            name: r.get(1)?,
            kind: r.get(2)?,
            level: r.get(3)?,
            region_code: r.get(4)?,
            lead_school: r.get(5)?,
            founded_on: r.get(6)?,
            mode: r.get(7)?,
            dissolved_on: r.get(8)?,
        })
    };
    let values = std::iter::once(Value::Text(county.to_string())).chain(scope.params);
    let rows = stmt.query(params_from_iter(values))?;
    hand_over(rows, read, each)
}
