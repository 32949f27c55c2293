//! The rows an export writes, read in one pass and handed over one at a time (a county may
//! hold 100,000 cases). Fields come as stored, empty when NULL: labels, masking and the
//! file format are `io::export`'s business.

use super::Db;
use crate::domain::case_status::CaseStatus;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row, Rows};

/// One case as exported: stored codes and dates as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseExport {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub sex: String,
    pub birth_date: String,
    pub student_no: String,
    pub hukou_code: String,
    pub hukou_text: String,
    pub address: String,
    pub guardian: String,
    pub guardian_relation: String,
    pub guardian_phone: String,
    pub school_name: String,
    pub school_code: String,
    pub grade: Option<i64>,
    pub class_name: String,
    /// Comma-separated family-type codes.
    pub family_types: String,
    pub absent_since: String,
    pub reason: String,
    pub reason_text: String,
    pub gov_person: String,
    pub gov_phone: String,
    pub edu_person: String,
    pub edu_phone: String,
    pub registered_on: String,
    pub status: String,
    pub note: String,
    pub ledger: String,
    pub last_visit_on: String,
    pub returned_on: String,
    pub closed_on: String,
    pub close_basis: String,
    pub closed_by: String,
}

const CASE_SQL: &str = "SELECT c.id, c.name, c.id_number, c.sex, c.birth_date, c.student_no, c.hukou_code,
        c.hukou_text, c.address, c.guardian, c.guardian_relation, c.guardian_phone, coalesce(s.name, ''),
        coalesce(s.school_code, ''), c.grade, c.class_name, c.family_types, c.absent_since, c.reason,
        c.reason_text, c.gov_person, c.gov_phone, c.edu_person, c.edu_phone, c.registered_on, c.status,
        c.note, c.ledger, c.last_visit_on, c.returned_on, c.closed_on, c.close_basis, c.closed_by
 FROM cases c LEFT JOIN schools s ON s.id = c.school_id WHERE c.county_code = ?1";

fn read_case(r: &Row) -> rusqlite::Result<CaseExport> {
    let text = |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
    Ok(CaseExport {
        id: r.get(0)?,
        name: text(1)?,
        id_number: text(2)?,
        sex: text(3)?,
        birth_date: text(4)?,
        student_no: text(5)?,
        hukou_code: text(6)?,
        hukou_text: text(7)?,
        address: text(8)?,
        guardian: text(9)?,
        guardian_relation: text(10)?,
        guardian_phone: text(11)?,
        school_name: text(12)?,
        school_code: text(13)?,
        grade: r.get(14)?,
        class_name: text(15)?,
        family_types: text(16)?,
        absent_since: text(17)?,
        reason: text(18)?,
        reason_text: text(19)?,
        gov_person: text(20)?,
        gov_phone: text(21)?,
        edu_person: text(22)?,
        edu_phone: text(23)?,
        registered_on: text(24)?,
        status: text(25)?,
        note: text(26)?,
        ledger: text(27)?,
        last_visit_on: text(28)?,
        returned_on: text(29)?,
        closed_on: text(30)?,
        close_basis: text(31)?,
        closed_by: text(32)?,
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
    let mut sql = String::from(CASE_SQL);
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
