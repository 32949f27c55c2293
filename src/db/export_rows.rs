//! The rows an export writes, read in one pass and handed over one at a time (a county may
//! hold 100,000 cases). Fields come as stored, empty when NULL: labels, masking and the
//! file format are `io::export`'s business.

use super::record;
use super::scope::Place;
use super::Db;
use crate::domain::case;
use crate::domain::case_status::CaseStatus;
use crate::domain::school_rules;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row, Rows};

/// One case as exported: stored codes and dates as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseExport {
    pub id: i64,
    /// The county (or prefecture, for a 市直属 school's case) the case belongs to.
    pub county_code: String,
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
    /// The reason the case reached its status (a transfer's destination, a void's reason):
    /// the latest step into it, or the stored void reason.
    pub change_reason: String,
}

impl CaseExport {
    /// Field `key` as stored ("" when NULL or not a case field).
    pub fn field(&self, key: &str) -> &str {
        self.fields.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }
}

fn case_sql() -> String {
    format!(
        "SELECT c.id, c.county_code AS county_code, {}, coalesce(s.name, '') AS school_name, coalesce(s.school_code, '') AS school_code,
                c.status, c.ledger, c.last_visit_on, c.returned_on, c.closed_on, c.close_basis, c.closed_by,
                coalesce(nullif(c.void_reason, ''),
                    (SELECT e.outcome FROM case_events e WHERE e.case_id = c.id AND e.to_status = c.status
                        AND e.from_status IS NOT e.to_status ORDER BY e.happened_on DESC, e.id DESC LIMIT 1),
                    '') AS change_reason
         FROM cases c LEFT JOIN schools s ON s.id = c.school_id WHERE 1",
        record::qualified("c", case::FIELDS)
    )
}

impl CaseExport {
    /// The text columns besides the fields, each with the query's name for it.
    fn texts_mut(&mut self) -> [(&'static str, &mut String); 11] {
        [
            ("county_code", &mut self.county_code),
            ("school_name", &mut self.school_name),
            ("school_code", &mut self.school_code),
            ("status", &mut self.status),
            ("ledger", &mut self.ledger),
            ("last_visit_on", &mut self.last_visit_on),
            ("returned_on", &mut self.returned_on),
            ("closed_on", &mut self.closed_on),
            ("close_basis", &mut self.close_basis),
            ("closed_by", &mut self.closed_by),
            ("change_reason", &mut self.change_reason),
        ]
    }
}

/// Where each column of the case query stands, found once per export.
struct CaseAt {
    id: usize,
    /// Of each field of `case::FIELDS`, in order.
    fields: Vec<usize>,
    /// Of each of `CaseExport::texts_mut`, in order.
    texts: Vec<usize>,
}

impl CaseAt {
    fn of(stmt: &rusqlite::Statement) -> rusqlite::Result<CaseAt> {
        let at = record::ColumnIndex::of(stmt);
        Ok(CaseAt {
            id: at.position("id")?,
            fields: case::FIELDS.iter().map(|f| at.position(f.key)).collect::<rusqlite::Result<_>>()?,
            texts: CaseExport::default()
                .texts_mut()
                .iter()
                .map(|(k, _)| at.position(k))
                .collect::<rusqlite::Result<_>>()?,
        })
    }
}

/// Reads row `r` into `c` (whose fields are `case::FIELDS`'), reusing its strings: an
/// export of 100,000 cases would otherwise make and free some four million of them.
fn read_case(r: &Row, at: &CaseAt, c: &mut CaseExport) -> rusqlite::Result<()> {
    c.id = r.get(at.id)?;
    for ((_, value), i) in c.fields.iter_mut().zip(&at.fields) {
        record::stored_text_into(r.get_ref(*i)?, value);
    }
    for ((_, text), i) in c.texts_mut().into_iter().zip(&at.texts) {
        record::stored_text_into(r.get_ref(*i)?, text);
    }
    Ok(())
}

/// Hands `each` the cases of `place` (a county, prefecture or the province, or one school
/// of it) with one of `statuses` (empty: all), in registration order, as far as the session may read them.
/// Each case is lent, not given: its strings are reused for the next one.
/// Returns how many there were; stops at the first error `each` returns.
pub fn cases<E: From<rusqlite::Error>>(
    db: &Db,
    place: &Place,
    statuses: &[CaseStatus],
    mut each: impl FnMut(&CaseExport) -> Result<(), E>,
) -> Result<usize, E> {
    let mut sql = case_sql();
    let within = super::scope::in_region("c.county_code", &place.region);
    sql.push_str(&format!(" AND {}", within.numbered(1)));
    let mut values = within.params;
    if let Some(school) = place.school {
        values.push(Value::Integer(school));
        sql.push_str(&format!(" AND c.school_id = ?{}", values.len()));
    }
    if !statuses.is_empty() {
        let first = values.len() + 1;
        let marks: Vec<String> = (0..statuses.len()).map(|i| format!("?{}", i + first)).collect();
        sql.push_str(&format!(" AND c.status IN ({})", marks.join(",")));
        values.extend(statuses.iter().map(|s| Value::Text(s.code().to_string())));
    }
    let scope = db.read_scope().cases();
    sql.push_str(&format!(" AND {}", scope.numbered(values.len() + 1)));
    values.extend(scope.params);
    sql.push_str(" ORDER BY c.registered_on, c.id");
    let mut stmt = db.conn.prepare(&sql)?;
    let at = CaseAt::of(&stmt)?;
    let mut rows = stmt.query(params_from_iter(values))?;
    let fields = case::FIELDS.iter().map(|f| (f.key, String::new())).collect();
    let (mut kept, mut n) = (CaseExport { fields, ..Default::default() }, 0);
    while let Some(r) = rows.next()? {
        read_case(r, &at, &mut kept)?;
        each(&kept)?;
        n += 1;
    }
    Ok(n)
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

/// One school as exported: (column, stored text) for every field of the school's table
/// and its `county_code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolExport {
    pub id: i64,
    pub county_code: String,
    pub texts: Vec<(&'static str, String)>,
}

fn read_school(r: &Row, at: &record::ColumnIndex) -> rusqlite::Result<SchoolExport> {
    Ok(SchoolExport {
        id: at.get(r, "id")?,
        county_code: at.get(r, "county_code")?,
        texts: at.texts(r, school_rules::FIELDS)?,
    })
}

/// Hands `each` the schools of `place` the session may read (a prefecture's include its
/// 市直属 schools), by county and name. Returns how many there were.
pub fn schools<E: From<rusqlite::Error>>(
    db: &Db,
    place: &Place,
    each: impl FnMut(SchoolExport) -> Result<(), E>,
) -> Result<usize, E> {
    let mut within = super::scope::in_region("county_code", &place.region);
    let scope = db.read_scope().rows("county_code", "id");
    within.sql = format!("{} AND {}", within.sql, scope.sql);
    within.params.extend(scope.params);
    let within = within.named();
    let sql = format!(
        "SELECT id, county_code, {} FROM schools WHERE {} AND (:school IS NULL OR id = :school)
         ORDER BY county_code, name COLLATE pinyin, id",
        super::record::columns(school_rules::FIELDS),
        within.sql
    );
    let mut stmt = db.conn.prepare(&sql)?;
    let at = record::ColumnIndex::of(&stmt);
    let rows = stmt.query(&*within.params(&[(":school", &place.school)]))?;
    hand_over(rows, |r| read_school(r, &at), each)
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

/// Hands `each` the alliances that belong to `place` (a 县级 one to its county, a 市级 one
/// to its prefecture, whichever counties its members come from) that the session may
/// read, by level and name. Returns how many there were.
pub fn alliances<E: From<rusqlite::Error>>(
    db: &Db,
    place: &Place,
    each: impl FnMut(AllianceExport) -> Result<(), E>,
) -> Result<usize, E> {
    let mut within = super::scope::in_region("a.region_code", &place.region);
    let scope = db.read_scope().alliances();
    within.sql = format!("{} AND {}", within.sql, scope.sql);
    within.params.extend(scope.params);
    let (conn, scope) = (&db.conn, within.named());
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.name, a.kind, a.level, a.region_code,
                coalesce((SELECT s.name FROM schools s WHERE s.id = a.lead_school_id), '') AS lead_school,
                coalesce(a.founded_on, '') AS founded_on, a.mode, coalesce(a.dissolved_on, '') AS dissolved_on
         FROM alliances a
         WHERE {}
           AND (:school IS NULL OR EXISTS (
             SELECT 1 FROM alliance_members m WHERE m.alliance_id = a.id AND m.school_id = :school))
         ORDER BY a.level, a.region_code, a.name COLLATE pinyin, a.id",
        scope.sql
    ))?;
    let mut members = conn.prepare(
        "SELECT s.name FROM alliance_members m JOIN schools s ON s.id = m.school_id
         WHERE m.alliance_id = :alliance AND m.left_on IS NULL ORDER BY m.role = 'lead' DESC, s.name COLLATE pinyin",
    )?;
    let read = |r: &Row| -> rusqlite::Result<AllianceExport> {
        let id: i64 = r.get("id")?;
        Ok(AllianceExport {
            members: members
                .query_map(rusqlite::named_params! { ":alliance": id }, |m| m.get("name"))?
                .collect::<Result<_, _>>()?,
            name: r.get("name")?,
            kind: r.get("kind")?,
            level: r.get("level")?,
            region_code: r.get("region_code")?,
            lead_school: r.get("lead_school")?,
            founded_on: r.get("founded_on")?,
            mode: r.get("mode")?,
            dissolved_on: r.get("dissolved_on")?,
        })
    };
    let rows = stmt.query(&*scope.params(&[(":school", &place.school)]))?;
    hand_over(rows, read, each)
}
