//! Writes the demo data `crate::demo` generates, inside the caller's transaction: cached
//! statements with named parameters, the case columns named by `domain::case::FIELDS`, and
//! for a large ledger its indexes rebuilt once after loading (see [`bulk`]).

use super::record::{columns, named_params};
use super::record::{Columns, Named, Params};
use crate::demo::{self, DemoCase, DemoData, DemoError, DemoOptions, DemoSummary, Regions};
use crate::domain::case::FIELDS;
use crate::domain::{alliance, county};
use rusqlite::types::Value;
use rusqlite::{Connection, ToSql, Transaction};

impl From<DemoError> for rusqlite::Error {
    fn from(e: DemoError) -> Self {
        rusqlite::Error::ToSqlConversionFailure(Box::new(e))
    }
}

/// Fills a freshly migrated database (inside the caller's transaction) with deterministic,
/// obviously synthetic demo data. The regions must already be loaded. Schools, alliances
/// and county facts are made whatever `opts.cases` is; the ledger gets exactly `opts.cases`
/// rows.
/// Cases written by the demo now being seeded in this process: what `taizhang demo`'s
/// progress bar reads from its own thread (seeding runs inside `db::open`).
static CASES_WRITTEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many cases the demo being seeded has written so far.
pub fn cases_written() -> u64 {
    CASES_WRITTEN.load(std::sync::atomic::Ordering::Relaxed)
}

pub fn seed(tx: &Transaction, opts: &DemoOptions) -> rusqlite::Result<DemoSummary> {
    let conn: &Connection = tx;
    let data = demo::generate(opts)?;
    write_counties(conn, &data)?;
    let schools = write_schools(conn, &data)?;
    write_alliances(conn, &data, &schools)?;
    write_cohorts(conn, &data)?;
    write_evaluation(conn, &data)?;
    super::items::write_demo(conn, &crate::demo::items::items(opts.today))?;
    let regions = regions(conn)?;
    let load = || write_cases(conn, &data, opts.cases, &regions, &schools);
    let cases = if opts.cases >= BULK_CASES { bulk(conn, load)? } else { load()? };
    write_registry(conn)?;
    write_tags(conn)?;
    super::history::write_demo(conn, &crate::demo::history::changes())?;
    Ok(DemoSummary {
        schools: data.schools.len() as u64,
        alliances: data.alliances.len() as u64,
        members: data.members(),
        cases,
    })
}

/// The special-group registry (`demo::registry`): a few dozen children per county with demo
/// schools, and two children per county taken from its open cases in a watched group, so the
/// ledger and the registry link. Written through the registry's own insert.
fn write_registry(conn: &Connection) -> rusqlite::Result<()> {
    use crate::demo::registry::{children, DemoChild, RegistrySchool};
    use crate::domain::registry::RegistryRecord;
    let grades = |kind: &str| match kind {
        "primary" => Some((1, 6)),
        "junior" | "complete_middle" => Some((7, 9)),
        "teaching_point" => Some((1, 3)),
        "special" => None,
        _ => Some((1, 9)),
    };
    let mut stmt =
        conn.prepare("SELECT id, county_code, kind FROM schools WHERE closed_on IS NULL ORDER BY county_code, id")?;
    let schools: Vec<RegistrySchool> = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>("id")?, r.get::<_, String>("county_code")?, r.get::<_, String>("kind")?))
        })?
        .filter_map(|row| match row {
            Ok((id, county, kind)) => grades(&kind).map(|g| Ok(RegistrySchool { county, id, grades: g })),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT county_code, school_id, name, id_number, grade, family_types, sex, birth_date FROM (
           SELECT c.*, row_number() OVER (PARTITION BY county_code ORDER BY id) AS n FROM cases c
            WHERE id_number IS NOT NULL AND school_id IS NOT NULL AND grade IS NOT NULL
              AND (',' || family_types || ',' LIKE '%,left_behind,%' OR ',' || family_types || ',' LIKE '%,disabled,%'))
         WHERE n <= 2",
    )?;
    let linked: Vec<DemoChild> = stmt
        .query_map([], |r| {
            let family: String = r.get("family_types")?;
            let record = RegistryRecord {
                school_id: r.get("school_id")?,
                name: r.get("name")?,
                id_number: r.get("id_number")?,
                grade: r.get("grade")?,
                groups: crate::domain::case::family_codes(&crate::domain::registry::groups_of(&family)),
                sex: r.get("sex")?,
                birth_date: r.get("birth_date")?,
                ..RegistryRecord::default()
            };
            Ok(DemoChild { county: r.get("county_code")?, record, contacts: Vec::new() })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for child in children(&schools, &linked) {
        let (id, _) = super::registry::insert_in(conn, &child.county, &child.record, "")?;
        for (on, who, kind, note) in &child.contacts {
            conn.prepare_cached(
                "INSERT INTO registry_contacts(child_id, happened_on, who, kind, note, created_by, created_at)
                 VALUES (:child, :on, :who, :kind, :note, 'demo', :on)",
            )?
            .execute(
                rusqlite::named_params! { ":child": id, ":on": on, ":who": who, ":kind": kind.code(), ":note": note },
            )?;
        }
    }
    Ok(())
}

/// The demo's school designations (`demo::registry::TAGS`).
fn write_tags(conn: &Connection) -> rusqlite::Result<()> {
    for t in crate::demo::registry::TAGS {
        conn.prepare_cached("INSERT INTO tags(region_code, name, note) VALUES (:r, :n, :note)")?
            .execute(rusqlite::named_params! { ":r": t.region, ":n": t.name, ":note": t.note })?;
        let tag = conn.last_insert_rowid();
        let mut stmt = conn
            .prepare_cached("SELECT id, name FROM schools WHERE county_code = :r AND closed_on IS NULL ORDER BY id")?;
        let schools: Vec<(i64, String)> = stmt
            .query_map(rusqlite::named_params! { ":r": t.region }, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let chosen =
            schools.iter().filter(|(_, n)| t.schools.is_none_or(|list| list.contains(&n.as_str()))).take(t.max);
        for (id, _) in chosen {
            conn.prepare_cached(
                "INSERT INTO school_tags(school_id, tag_id, level, given_on) VALUES (:s, :t, :l, :on)",
            )?
            .execute(rusqlite::named_params! { ":s": id, ":t": tag, ":l": t.level.code(), ":on": t.on })?;
        }
    }
    Ok(())
}

/// The county facts through their field table (`domain::county::FIELDS`), plus the
/// count the facts form does not edit.
fn write_counties(conn: &Connection, data: &DemoData) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO county_facts(code, disabled_children, {}) VALUES (:code, :disabled_children, {})",
        columns(county::FIELDS),
        named_params(county::FIELDS)
    );
    let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    for f in data.counties {
        let texts = [
            ("population", f.population.to_string()),
            ("area_km2", f.area_km2.to_string()),
            ("basic_balance_year", text(f.basic_balance_year)),
            ("quality_status", f.quality_status.to_string()),
            ("quality_since_year", text(f.quality_since_year)),
            ("quality_target_year", text(f.quality_target_year)),
            ("note", f.note.to_string()),
        ];
        Params::new(conn, "county_facts", county::FIELDS, &texts)?
            .with("code", f.code.to_string())
            .with("disabled_children", f.disabled_children)
            .execute(conn, &sql)?;
    }
    Ok(())
}

/// Every school, in order, through the school form's own insert; the row id of each, by
/// its index.
fn write_schools(conn: &Connection, data: &DemoData) -> rusqlite::Result<Vec<i64>> {
    let mut ids: Vec<i64> = Vec::with_capacity(data.schools.len());
    for s in &data.schools {
        let mut record = s.record.clone();
        record.merged_into = s.merged_into.map(|i| row_id(&ids, i)).transpose()?;
        ids.push(super::schools::insert_in(conn, s.county_code, &record)?);
    }
    Ok(ids)
}

/// The row id written for the school (or alliance) at `index`.
fn row_id(ids: &[i64], index: usize) -> rusqlite::Result<i64> {
    ids.get(index).copied().ok_or_else(|| DemoError(format!("序号 {index} 尚未写入")).into())
}

/// Every alliance with its members, then every activity (in the order they were made).
fn write_alliances(conn: &Connection, data: &DemoData, schools: &[i64]) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO alliances(region_code, {}) VALUES (:region_code, {})",
        columns(alliance::FIELDS),
        named_params(alliance::FIELDS)
    );
    let mut member = Named::new(
        conn,
        "INSERT INTO alliance_members(alliance_id, school_id, role, joined_on)
         VALUES (:alliance_id, :school_id, :role, :joined_on)",
    )?;
    let mut ids = Vec::with_capacity(data.alliances.len());
    for a in &data.alliances {
        let lead = row_id(schools, a.lead)?;
        let texts = [
            ("name", a.name.clone()),
            ("kind", a.kind.code().to_string()),
            ("level", a.level.code().to_string()),
            ("lead_school_id", lead.to_string()),
            ("founded_on", a.founded_on.clone()),
            ("mode", a.mode.to_string()),
        ];
        Params::new(conn, "alliances", alliance::FIELDS, &texts)?
            .with("region_code", a.region_code.to_string())
            .execute(conn, &sql)?;
        let id = conn.last_insert_rowid();
        for (school, role) in &a.members {
            let school = row_id(schools, *school)?;
            member.insert(&[
                (":alliance_id", &id),
                (":school_id", &school),
                (":role", &role.code()),
                (":joined_on", &a.founded_on),
            ])?;
        }
        ids.push(id);
    }
    let mut activity = Named::new(
        conn,
        "INSERT INTO alliance_activities(alliance_id, held_on, kind, participants, rotated_teachers,
         rotated_backbone, note)
         VALUES (:alliance_id, :held_on, :kind, :participants, :rotated_teachers, :rotated_backbone, :note)",
    )?;
    for a in &data.activities {
        activity.insert(&[
            (":alliance_id", &row_id(&ids, a.alliance)?),
            (":held_on", &a.held_on),
            (":kind", &a.kind.code()),
            (":participants", &a.participants),
            (":rotated_teachers", &a.rotated_teachers),
            (":rotated_backbone", &a.rotated_backbone),
            (":note", &a.note),
        ])?;
    }
    Ok(())
}

/// The demo's rotations (county-wide rows) and the sheet's hand confirmations.
fn write_evaluation(conn: &Connection, data: &DemoData) -> rusqlite::Result<()> {
    insert_each(
        conn,
        "INSERT INTO rotations(county_code, year, eligible_teachers, rotated_teachers, rotated_backbone,
                               eligible_cadres, rotated_cadres, note)
         VALUES (:county_code, :year, :eligible_teachers, :rotated_teachers, :rotated_backbone,
                 :eligible_cadres, :rotated_cadres, '演示')",
        &data.rotations,
    )?;
    for f in data.counties {
        if let Some((inclusive, special, home)) = crate::demo::evaluation::placed(f.code, f.disabled_children) {
            conn.execute(
                "UPDATE county_facts SET disabled_inclusive = :a, disabled_special_school = :b,
                        disabled_home_teaching = :c WHERE code = :code",
                rusqlite::named_params! { ":a": inclusive, ":b": special, ":c": home, ":code": f.code },
            )?;
        }
    }
    insert_each(
        conn,
        "INSERT INTO evaluation_entries(county_code, year, item, value, met, evidence, confirmed_on, confirmed_by)
         VALUES (:county_code, :year, :item, :value, :met, :evidence, :confirmed_on, :confirmed_by)",
        &data.entries,
    )
}

fn write_cohorts(conn: &Connection, data: &DemoData) -> rusqlite::Result<()> {
    insert_each(
        conn,
        "INSERT INTO cohorts(county_code, year, stage, entry_enrolment, graduates, transfers_in,
         transfers_out, deaths)
         VALUES (:county_code, :year, :stage, :entry_enrolment, :graduates, :transfers_in,
         :transfers_out, :deaths)",
        &data.cohorts,
    )
}

/// Inserts `rows` through `sql`, each field of a row bound to the parameter of its name
/// (`county_code` to `:county_code`): the demo's row struct is the parameter list, so a
/// field and its column cannot be paired wrongly. A `bool` is stored as 0 or 1.
fn insert_each<T: serde::Serialize>(conn: &Connection, sql: &str, rows: &[T]) -> rusqlite::Result<()> {
    let mut insert = Named::new(conn, sql)?;
    for row in rows {
        let fields = match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => return Err(rusqlite::Error::ToSqlConversionFailure("demo row is not a struct".into())),
        };
        let values: Vec<(String, Value)> =
            fields.into_iter().map(|(k, v)| Ok((format!(":{k}"), sql_value(v)?))).collect::<rusqlite::Result<_>>()?;
        let params: Vec<(&str, &dyn ToSql)> = values.iter().map(|(k, v)| (k.as_str(), v as &dyn ToSql)).collect();
        insert.insert(&params)?;
    }
    Ok(())
}

fn sql_value(v: serde_json::Value) -> rusqlite::Result<Value> {
    use serde_json::Value as J;
    Ok(match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Integer(i64::from(b)),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        J::String(s) => Value::Text(s),
        J::Array(_) | J::Object(_) => {
            return Err(rusqlite::Error::ToSqlConversionFailure("nested demo field".into()));
        }
    })
}

/// Every region's name and parent, for the 户籍 texts of the cases.
fn regions(conn: &Connection) -> rusqlite::Result<Regions> {
    let mut stmt = conn.prepare_cached("SELECT code, name, parent_code FROM regions")?;
    let rows = stmt.query_map([], |r| Ok((r.get("code")?, (r.get("name")?, r.get("parent_code")?))))?;
    rows.collect()
}

// ---------------------------------------------------------------------------------------
// The ledger.

/// A generated case with the row ids its school indexes were written as.
struct CaseRow<'r> {
    case: &'r DemoCase<'r>,
    school_id: Option<i64>,
    returned_school_id: Option<i64>,
}

type Get = for<'r> fn(&'r CaseRow<'r>) -> &'r dyn ToSql;

/// Where each column of `cases` comes from in a generated case, by column name. The case
/// fields among them are written under their `domain::case::FIELDS` key; a field of that
/// table missing here is stored empty, as the case form would store it.
const CASE_COLUMNS: &[(&str, Get)] = &[
    ("county_code", |r| &r.case.county_code),
    ("school_id", |r| &r.school_id),
    ("ledger", |r| &r.case.ledger),
    ("status", |r| &r.case.status),
    ("name", |r| &r.case.name),
    ("name_initials", |r| &r.case.name_initials),
    ("name_key", |r| &r.case.name_key),
    ("id_number", |r| &r.case.id_number),
    ("id_rev", |r| &r.case.id_rev),
    ("sex", |r| &r.case.sex),
    ("birth_date", |r| &r.case.birth_date),
    ("student_no", |r| &r.case.student_no),
    ("hukou_code", |r| &r.case.hukou_code),
    ("hukou_text", |r| &r.case.hukou_text),
    ("address", |r| &r.case.address),
    ("guardian", |r| &r.case.guardian),
    ("guardian_relation", |r| &r.case.guardian_relation),
    ("guardian_phone", |r| &r.case.guardian_phone),
    ("grade", |r| &r.case.grade),
    ("class_name", |r| &r.case.class_name),
    ("family_types", |r| &r.case.family_types),
    ("absent_since", |r| &r.case.absent_since),
    ("reason", |r| &r.case.reason),
    ("reason_text", |r| &r.case.reason_text),
    ("gov_person", |r| &r.case.gov_person),
    ("gov_phone", |r| &r.case.gov_phone),
    ("edu_person", |r| &r.case.edu_person),
    ("edu_phone", |r| &r.case.edu_phone),
    ("registered_on", |r| &r.case.registered_on),
    ("last_visit_on", |r| &r.case.last_visit_on),
    ("returned_on", |r| &r.case.returned_on),
    ("returned_school_id", |r| &r.returned_school_id),
    ("closed_on", |r| &r.case.closed_on),
    ("close_basis", |r| &r.case.close_basis),
    ("closed_by", |r| &r.case.closed_by),
    ("void_reason", |r| &r.case.void_reason),
    ("note", |r| &r.case.note),
    ("created_at", |r| &r.case.created_at),
    ("updated_at", |r| &r.case.updated_at),
];

/// One column of the case INSERT: its `:name` and where its value comes from.
enum Source {
    Case(Get),
    /// A case field the generator leaves empty: its stored empty value.
    Empty(Value),
}

/// The case INSERT, built once per seed from [`FIELDS`] and [`CASE_COLUMNS`].
struct CasePlan {
    sql: String,
    columns: Vec<(String, Source)>,
}

fn case_plan(conn: &Connection) -> rusqlite::Result<CasePlan> {
    let get = |key: &str| CASE_COLUMNS.iter().find(|(k, _)| *k == key).map(|(_, g)| *g);
    let mut columns: Vec<(&str, Source)> = Columns::of(conn, "cases", FIELDS)?
        .empty()
        .map(|(key, value)| (key, get(key).map_or(Source::Empty(value), Source::Case)))
        .collect();
    let extra = CASE_COLUMNS.iter().filter(|(k, _)| !FIELDS.iter().any(|f| f.key == *k));
    columns.extend(extra.map(|(k, g)| (*k, Source::Case(*g))));
    let names: Vec<&str> = columns.iter().map(|(k, _)| *k).collect();
    let sql = format!("INSERT INTO cases({}) VALUES (:{})", names.join(", "), names.join(", :"));
    Ok(CasePlan { sql, columns: columns.into_iter().map(|(k, s)| (format!(":{k}"), s)).collect() })
}

/// The ledger, its search spellings and the first cases' timelines; how many cases.
fn write_cases(
    conn: &Connection,
    data: &DemoData,
    n: u64,
    regions: &Regions,
    schools: &[i64],
) -> rusqlite::Result<u64> {
    let plan = case_plan(conn)?;
    let mut insert = Named::new(conn, &plan.sql)?;
    let mut initials = Named::new(conn, super::cases::INSERT_INITIALS)?;
    let mut event = Named::new(conn, SQL_EVENT)?;
    data.cases(n, regions, |case| {
        let school_id = case.school.map(|i| row_id(schools, i)).transpose()?;
        let returned_school_id = case.returned_school.map(|i| row_id(schools, i)).transpose()?;
        let row = CaseRow { case, school_id, returned_school_id };
        // One small allocation a row: the borrowed values cannot outlive it.
        let params: Vec<(&str, &dyn ToSql)> = plan
            .columns
            .iter()
            .map(|(name, source)| -> (&str, &dyn ToSql) {
                match source {
                    Source::Case(get) => (name, get(&row)),
                    Source::Empty(value) => (name, value),
                }
            })
            .collect();
        let case_id = insert.insert(&params)?;
        CASES_WRITTEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for s in case.spellings {
            initials.insert(&[(":initials", s), (":case_id", &case_id)])?;
        }
        for e in case.events {
            event.insert(&[
                (":case_id", &case_id),
                (":kind", &e.kind),
                (":happened_on", &e.happened_on),
                (":line", &e.line),
                (":who", &e.who),
                (":method", &e.method),
                (":outcome", &e.outcome),
                (":from_status", &e.from_status),
                (":to_status", &e.to_status),
                (":hours", &e.hours),
                (":content", &e.content),
                (":created_at", &e.created_at),
            ])?;
        }
        Ok::<(), rusqlite::Error>(())
    })
}

const SQL_EVENT: &str = "INSERT INTO case_events(case_id, kind, happened_on, line, who, method, outcome,
    from_status, to_status, hours, content, created_by, created_at)
    VALUES (:case_id, :kind, :happened_on, :line, :who, :method, :outcome, :from_status, :to_status,
    :hours, :content, 'demo', :created_at)";

// ---------------------------------------------------------------------------------------
// Bulk loading.

/// From this many cases on, the ledger's indexes are built once after the rows are in
/// rather than row by row (a million random-order index inserts thrash the page cache).
const BULK_CASES: u64 = 20_000;

/// The tables whose secondary indexes [`bulk`] rebuilds.
const BULK_TABLES: &[&str] = &["cases", "case_initials", "case_events"];

/// Runs `load` with the ledger's secondary indexes dropped and a larger page cache, then
/// recreates them (`bulk::without_indexes`) and restores the cache size.
fn bulk<T>(conn: &Connection, load: impl FnOnce() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let threads: i64 = conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
    // 16 MiB, only while loading (a negative size is in KiB): the rows are appended and
    // the indexes sorted, which spills to temporary files beyond it. For a million cases
    // (`benches/io.rs`): 64 MiB with two sorter threads peaked at 178 MiB (each thread
    // sorts in a buffer of the cache's size), 16 MiB on one thread at 51 MiB in the same
    // time, 8 MiB was no faster and 32 MiB slower.
    conn.execute_batch("PRAGMA cache_size = -16384; PRAGMA threads = 0;")?;
    let result = super::bulk::without_indexes(conn, BULK_TABLES, &[], load);
    let restored = conn.execute_batch(&format!("PRAGMA cache_size = {cache}; PRAGMA threads = {threads};"));
    let out = result?;
    restored?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Connection {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        super::super::migrate::migrate(&mut conn).expect("schema");
        conn
    }

    fn table_columns(conn: &Connection) -> Vec<String> {
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('cases')").expect("prepare");
        stmt.query_map([], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
    }

    #[test]
    fn the_case_insert_names_every_field_and_every_sourced_column_once() {
        let conn = schema();
        let plan = case_plan(&conn).expect("plan");
        let names: Vec<&str> = plan.columns.iter().map(|(n, _)| n.trim_start_matches(':')).collect();
        for f in FIELDS {
            assert_eq!(names.iter().filter(|n| **n == f.key).count(), 1, "field {}", f.key);
        }
        for (k, _) in CASE_COLUMNS {
            assert_eq!(names.iter().filter(|n| *n == k).count(), 1, "column {k}");
        }
        let stored = table_columns(&conn);
        for n in &names {
            assert!(stored.iter().any(|c| c == n), "cases has no column {n}");
        }
        assert!(!plan.sql.contains('?'), "no positional parameter: {}", plan.sql);
    }

    #[test]
    fn a_field_the_generator_does_not_fill_is_stored_empty_as_the_form_would() {
        let conn = schema();
        let plan = case_plan(&conn).expect("plan");
        let empty: Vec<&str> =
            plan.columns.iter().filter(|(_, s)| matches!(s, Source::Empty(_))).map(|(n, _)| n.as_str()).collect();
        assert_eq!(empty, [":guardian_id_number"], "demo cases carry no guardian ID number");
    }
}
