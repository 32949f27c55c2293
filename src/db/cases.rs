//! The ledger's SQL: keyset paging with filters, one case with its timeline, and every
//! change (create, edit, workflow step, reveal, undo) through the audited write path.

use super::audit::{AuditRow, WriteError};
use super::record::{self, Columns, Named};
use super::scope::ReadScope;
use super::Db;
use crate::domain::access::Target;
use crate::domain::case::{self, CaseRecord};
use crate::domain::case_status::{self, CaseAction, CaseStatus};
use crate::domain::codes::{FamilyType, Ledger, Reason};
use crate::domain::follow_up::Hours;
use crate::domain::pinyin;
use crate::domain::region::{self, Level};
pub use crate::domain::workflow::StepInput;
use crate::domain::workflow::{self, Workflow};
use rusqlite::types::Value;
use rusqlite::{named_params, params, params_from_iter, Connection, OptionalExtension, ToSql, Transaction};
use std::sync::LazyLock;

/// What the ledger table shows. Empty fields mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// A county, prefecture or province code.
    pub region: Option<String>,
    /// Only these schools (one school, or an alliance's members).
    pub schools: Option<Vec<i64>>,
    pub ledger: Option<Ledger>,
    pub status: Option<CaseStatus>,
    /// Some(true): open cases only; Some(false): closed only.
    pub open: Option<bool>,
    pub grade: Option<i64>,
    pub reason: Option<Reason>,
    pub family: Option<FamilyType>,
    /// A responsible person's name (either line), prefix.
    pub person: Option<String>,
    /// No visit for at least this many days (open out-of-school cases).
    pub overdue_days: Option<i64>,
    /// Name prefix (Chinese), pinyin initials (letters) or ID number tail (digits/X).
    pub text: Option<String>,
    /// Only cases due as of these cut-off days (`db::due`).
    pub due: Option<crate::domain::due::Cutoffs>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Registered,
    Name,
    LastVisit,
    /// Where the case belongs (a list above a county): code order, the official order.
    County,
}

impl SortKey {
    pub const ALL: &'static [SortKey] = &[SortKey::Registered, SortKey::Name, SortKey::LastVisit, SortKey::County];

    fn column(self) -> &'static str {
        match self {
            SortKey::Registered => "c.registered_on",
            // In pinyin order, as Excel and WPS sort names (indexed: cases_name_key).
            SortKey::Name => "c.name_key",
            // Never-visited sorts first among oldest visits: they are the most overdue.
            // (Indexed as this very expression: cases_visit.)
            SortKey::LastVisit => "coalesce(c.last_visit_on, '')",
            SortKey::County => "c.county_code",
        }
    }
}

/// One row of the ledger table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub name: String,
    pub school: String,
    pub grade: Option<i64>,
    pub status: Option<CaseStatus>,
    pub reason: Option<Reason>,
    pub registered_on: String,
    pub last_visit_on: Option<String>,
    pub id_number: Option<String>,
    pub gov_person: String,
    pub edu_person: String,
    /// The case's county (its prefecture's code for a 市直属 school): the 县区 column.
    pub county_code: String,
    /// The value of the sort column, for keyset paging.
    pub sort_value: String,
}

/// Where a page starts: strictly after (or before) this row in the sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageKey {
    pub sort_value: String,
    pub id: i64,
}

impl CaseRow {
    pub fn key(&self) -> PageKey {
        PageKey { sort_value: self.sort_value.clone(), id: self.id }
    }
}

/// The derived search keys of a case: every pinyin-initials spelling of the name, and the
/// reversed ID number. Demo data and imports use this too, so search finds everything.
pub fn search_keys(name: &str, id_number: Option<&str>) -> (Vec<String>, Option<String>) {
    let spellings: Vec<String> =
        pinyin::initials_index(name).split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
    (spellings, id_number.map(|id| id.chars().rev().collect()))
}

/// One initials row of a case, with the case's status, county and registration date (what
/// a search filters and orders by in that table): written after the case row.
pub const INSERT_INITIALS: &str =
    "INSERT OR IGNORE INTO case_initials(initials, case_id, status, county_code, registered_on)
     SELECT :initials, id, status, county_code, registered_on FROM cases WHERE id = :case_id";

/// [`INSERT_INITIALS`] with the case's status, county and registration date given: a bulk
/// writer that has them saves the look-up of the row it just wrote.
pub const INSERT_INITIALS_OF: &str =
    "INSERT OR IGNORE INTO case_initials(initials, case_id, status, county_code, registered_on)
     VALUES (?1, ?2, ?3, ?4, ?5)";

/// Writes the initials rows for a case (after removing old ones).
pub fn write_initials(tx: &Connection, case_id: i64, spellings: &[String]) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM case_initials WHERE case_id = ?1")?.execute([case_id])?;
    let mut ins = tx.prepare_cached(INSERT_INITIALS)?;
    for s in spellings {
        ins.execute(named_params! {":initials": s, ":case_id": case_id})?;
    }
    Ok(())
}

/// The smallest string greater than every string starting with `prefix`.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

struct Sql {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Sql {
    /// Appends `clause`, numbering its `?` placeholders after those already added.
    fn add(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        let mut out = String::with_capacity(clause.len() + 8);
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                if let Some(v) = values.next() {
                    self.params.push(v);
                }
                out.push_str(&format!("?{}", self.params.len()));
            }
            out.push_str(part);
        }
        self.clauses.push(out);
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// How a text search is best run. A rare term (a full name, an ID tail) is looked up in its
/// own index and the few matches sorted; a common one (a surname, one initial) is found by
/// walking the sort order and testing each row, which meets a page of matches quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SearchPlan {
    Sparse,
    Dense,
}

/// Matches up to which a search counts as rare (sorting this many rows takes a few ms).
const SPARSE_LIMIT: i64 = 2000;

/// What a text search looks like to the indexes.
enum Term {
    IdTail(String),
    Initials(String),
    NamePrefix(String),
}

/// Digits (and X): the end of an ID number. Letters: pinyin initials. Anything else: the
/// start of a name.
fn classify_term(t: &str) -> Term {
    let upper = t.to_ascii_uppercase();
    if upper.bytes().all(|b| b.is_ascii_digit() || b == b'X') && upper.bytes().any(|b| b.is_ascii_digit()) {
        Term::IdTail(upper.chars().rev().collect())
    } else if t.bytes().all(|b| b.is_ascii_alphabetic()) {
        Term::Initials(t.to_ascii_lowercase())
    } else {
        Term::NamePrefix(t.to_string())
    }
}

/// Counts the term's matches in its own index, stopping past `SPARSE_LIMIT`.
fn plan_search(conn: &Connection, t: &str) -> rusqlite::Result<(SearchPlan, i64)> {
    let (sql, key) = match classify_term(t) {
        Term::IdTail(k) => ("SELECT count(*) FROM (SELECT 1 FROM cases WHERE id_rev >= ?1 AND id_rev < ?2 LIMIT ?3)", k),
        Term::Initials(k) => ("SELECT count(*) FROM (SELECT DISTINCT case_id FROM case_initials WHERE initials >= ?1 AND initials < ?2 LIMIT ?3)", k),
        Term::NamePrefix(k) => ("SELECT count(*) FROM (SELECT 1 FROM cases WHERE name >= ?1 AND name < ?2 LIMIT ?3)", k),
    };
    let n: i64 = conn.prepare_cached(sql)?.query_row(params![key, prefix_end(&key), SPARSE_LIMIT + 1], |r| r.get(0))?;
    Ok((if n > SPARSE_LIMIT { SearchPlan::Dense } else { SearchPlan::Sparse }, n))
}

/// `alias.county_code` inside region `code`.
fn add_region(sql: &mut Sql, alias: &str, code: &str) {
    let prefix = |n: usize| code.get(..n).unwrap_or_default();
    match region::level_of(code) {
        Ok(Level::County) => sql.add(&format!("{alias}.county_code = ?"), [text(code)]),
        // '+' keeps SQLite on the sort index: a range over counties would force a sort.
        Ok(Level::Prefecture) => sql.add(
            &format!("+{alias}.county_code BETWEEN ? AND ?"),
            [text(prefix(4)), text(&format!("{}99", prefix(4)))],
        ),
        Ok(Level::Province) => sql.add(
            &format!("+{alias}.county_code BETWEEN ? AND ?"),
            [text(prefix(2)), text(&format!("{}9999", prefix(2)))],
        ),
        Err(_) => sql.add("0", []),
    }
}

/// Open cases only (`open`) or closed only.
fn add_open(sql: &mut Sql, alias: &str, open: bool) {
    let codes: Vec<Value> = CaseStatus::ALL.iter().filter(|s| s.is_open() == open).map(|s| text(s.code())).collect();
    let marks = vec!["?"; codes.len()].join(",");
    sql.add(&format!("{alias}.status IN ({marks})"), codes);
}

/// The WHERE clause for `filter` as of `today` (ISO date), inside what `scope` may read.
fn where_clause(scope: &ReadScope, filter: &CaseFilter, today: &str, plan: SearchPlan) -> Sql {
    let mut sql = Sql { clauses: Vec::new(), params: Vec::new() };
    let visible = scope.cases();
    sql.add(&visible.sql, visible.params);
    if let Some(code) = &filter.region {
        add_region(&mut sql, "c", code);
    }
    if let Some(ids) = &filter.schools {
        let marks = vec!["?"; ids.len().max(1)].join(",");
        let values: Vec<Value> =
            if ids.is_empty() { vec![Value::Integer(-1)] } else { ids.iter().map(|i| Value::Integer(*i)).collect() };
        sql.add(&format!("c.school_id IN ({marks})"), values);
    }
    if let Some(l) = filter.ledger {
        sql.add("c.ledger = ?", [text(l.code())]);
    }
    if let Some(s) = filter.status {
        sql.add("c.status = ?", [text(s.code())]);
    }
    if let Some(open) = filter.open {
        add_open(&mut sql, "c", open);
    }
    if let Some(g) = filter.grade {
        sql.add("c.grade = ?", [Value::Integer(g)]);
    }
    if let Some(r) = filter.reason {
        sql.add("c.reason = ?", [text(r.code())]);
    }
    if let Some(f) = filter.family {
        sql.add("(',' || c.family_types || ',') LIKE ?", [text(&format!("%,{},%", f.code()))]);
    }
    if let Some(p) = filter.person.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        sql.add(
            "(c.gov_person >= ? AND c.gov_person < ? OR c.edu_person >= ? AND c.edu_person < ?)",
            [text(p), text(&prefix_end(p)), text(p), text(&prefix_end(p))],
        );
    }
    if let Some(days) = filter.overdue_days {
        let cutoff = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
            .map(|d| (d - chrono::Duration::days(days)).format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let codes: Vec<Value> =
            CaseStatus::ALL.iter().filter(|s| s.is_out_of_school()).map(|s| text(s.code())).collect();
        let marks = vec!["?"; codes.len()].join(",");
        sql.add(&format!("c.status IN ({marks})"), codes);
        sql.add("coalesce(c.last_visit_on, c.registered_on) <= ?", [text(&cutoff)]);
    }
    if let Some(cut) = &filter.due {
        let (cond, values) = super::due::clause(cut);
        sql.add(&cond, values);
    }
    if let Some(t) = search_text(filter) {
        add_text_search(&mut sql, t, plan);
    }
    sql
}

fn search_text(filter: &CaseFilter) -> Option<&str> {
    filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// For a rare search term, the index the query must be driven from (SQLite has no
/// statistics here and would rather walk the sort index past a million rows).
fn index_hint(filter: &CaseFilter, plan: SearchPlan) -> &'static str {
    match (search_text(filter).map(classify_term), plan) {
        (Some(Term::IdTail(_)), SearchPlan::Sparse) => "INDEXED BY cases_id_rev_cover",
        (Some(Term::NamePrefix(_)), SearchPlan::Sparse) => "INDEXED BY cases_name",
        // Only the rowid: the ids come from the initials index through `IN (…)`.
        (Some(Term::Initials(_)), SearchPlan::Sparse) => "NOT INDEXED",
        _ => "",
    }
}

/// A sparse search names its index; a dense one hides the column from the planner (unary
/// `+`, a correlated EXISTS) so that SQLite walks the sort index instead.
fn add_text_search(sql: &mut Sql, t: &str, plan: SearchPlan) {
    let sparse = plan == SearchPlan::Sparse;
    match classify_term(t) {
        Term::IdTail(rev) => {
            let clause = if sparse { "c.id_rev >= ? AND c.id_rev < ?" } else { "+c.id_rev >= ? AND +c.id_rev < ?" };
            sql.add(clause, [text(&rev), text(&prefix_end(&rev))]);
        }
        Term::Initials(q) => {
            let clause = if sparse {
                "c.id IN (SELECT case_id FROM case_initials WHERE initials >= ? AND initials < ?)"
            } else {
                "EXISTS (SELECT 1 FROM case_initials ci WHERE ci.case_id = c.id AND ci.initials >= ? AND ci.initials < ?)"
            };
            sql.add(clause, [text(&q), text(&prefix_end(&q))]);
        }
        Term::NamePrefix(n) => {
            let clause = if sparse { "c.name >= ? AND c.name < ?" } else { "+c.name >= ? AND +c.name < ?" };
            sql.add(clause, [text(&n), text(&prefix_end(&n))]);
        }
    }
}

/// Matches counted at most while typing: beyond this the table says "many" (数量较多)
/// rather than read every match of a common term on each keystroke.
const COUNT_LIMIT: i64 = 1_000;

/// Matches up to which a term is read from its own index straight away (a full name, an
/// ID tail of four digits or more): counting them costs less than starting a walk.
const OWN_FIRST: i64 = 300;

/// How much of the registration order a search walks (in SQLite VM steps, about 15 a
/// tested index entry: some 7,000 entries, about 4 ms) before it takes the term's own index
/// instead. A common term fills its page well within this; a term that does not is rare
/// where it is looked for, and its own index holds few entries. Steps, not time: the same
/// query takes the same path on a busy machine.
const WALK_STEPS: u64 = 100_000;

/// How many VM steps pass between two looks at the walk's budget.
const WALK_TICK: i32 = 1_000;

/// A search answered inside one index, aliased `k`, with no case row read but the page's:
/// the registration order walked with the term tested in each entry (`cases_reg_search`,
/// or `cases_county_search` inside one county), which meets a page of a common term's
/// matches quickly; or, when that walk runs out of budget, the term's own index (its
/// matches filtered by region, status and scope there and sorted by registration).
/// Possible when nothing else filters or sorts.
struct Covered {
    /// The term's own index (or `case_initials`).
    from: &'static str,
    /// The case id in it.
    id: &'static str,
    /// The WHERE clauses on `k`: the term, scope, region and status.
    sql: Sql,
    /// The same for the walk.
    walk: Sql,
    /// The index walked: by county first when the ledger is one county's.
    walk_from: &'static str,
}

/// Which index a page of a covered search is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    /// The term's own index, all its matches sorted.
    Own,
    /// The registration order, the term tested in each entry.
    Walk,
}

impl Covered {
    fn of(scope: &ReadScope, filter: &CaseFilter, sort: SortKey) -> Option<Covered> {
        let t = search_text(filter)?;
        let plain = CaseFilter { region: None, status: None, open: None, text: None, ..filter.clone() };
        if sort != SortKey::Registered || plain != CaseFilter::default() || !scope.by_county() {
            return None;
        }
        let (from, id, own, walked, key) = match classify_term(t) {
            Term::IdTail(k) => ("cases k INDEXED BY cases_id_rev_cover", "k.id", "k.id_rev", None, k),
            Term::Initials(k) => ("case_initials k", "k.case_id", "k.initials", Some("k.name_initials"), k),
            Term::NamePrefix(k) => ("cases k INDEXED BY cases_name_cover", "k.id", "k.name", None, k),
        };
        let mut sql = Sql { clauses: Vec::new(), params: Vec::new() };
        let mut walk = Sql { clauses: Vec::new(), params: Vec::new() };
        sql.add(&format!("{own} >= ? AND {own} < ?"), [text(&key), text(&prefix_end(&key))]);
        match walked {
            // Any spelling starting with the letters (they are letters only: no GLOB syntax).
            Some(all) => walk.add(&format!("(' ' || {all}) GLOB ?"), [text(&format!("* {key}*"))]),
            None => walk.add(&format!("{own} >= ? AND {own} < ?"), [text(&key), text(&prefix_end(&key))]),
        }
        for sql in [&mut sql, &mut walk] {
            // The cases' reach, not the places': a guest may list schools but no case.
            let visible = scope.cases_by_county("k.county_code");
            sql.add(&visible.sql, visible.params);
            if let Some(code) = &filter.region {
                add_region(sql, "k", code);
            }
            if let Some(s) = filter.status {
                sql.add("k.status = ?", [text(s.code())]);
            }
            if let Some(open) = filter.open {
                add_open(sql, "k", open);
            }
        }
        // One county's ledger walks that county's registration order only (the county's
        // cases are a few per cent of the province's: walking them all would test 50 times
        // as many entries for a page).
        let one_county = filter.region.as_deref().map(region::level_of) == Some(Ok(Level::County));
        let walk_from =
            if one_county { "cases k INDEXED BY cases_county_search" } else { "cases k INDEXED BY cases_reg_search" };
        Some(Covered { from, id, sql, walk, walk_from })
    }

    /// How many cases match, reading no more than `limit` index entries (`None` past it).
    fn count(&self, conn: &Connection, limit: i64) -> rusqlite::Result<Option<i64>> {
        // A name with two readings has two initials entries: the cases are the distinct ids.
        let query = format!(
            "SELECT count(*), count(DISTINCT id) FROM (SELECT {} AS id FROM {} WHERE {} LIMIT {})",
            self.id,
            self.from,
            self.sql.clauses.join(" AND "),
            limit + 1
        );
        let (entries, cases): (i64, i64) = conn
            .prepare_cached(&query)?
            .query_row(params_from_iter(self.sql.params.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((entries <= limit).then_some(cases))
    }

    /// Up to `limit` rows in registration order (`dir`), strictly beyond `key` (or from it,
    /// `inclusive`): a term with at most [`OWN_FIRST`] matches from its own index, else by
    /// the walk while it stays within [`WALK_STEPS`], else from its own index after all.
    /// Every path gives the same rows; only the cost differs.
    fn page(
        &self,
        conn: &Connection,
        dir: &str,
        key: Option<(&PageKey, bool)>,
        limit: usize,
    ) -> rusqlite::Result<Vec<CaseRow>> {
        if self.count(conn, OWN_FIRST)?.is_some() {
            return self.page_in(conn, Path::Own, dir, key, limit);
        }
        self.page_within(conn, dir, key, limit, WALK_STEPS)
    }

    /// [`Covered::page`] with a walk of at most `steps` VM steps.
    fn page_within(
        &self,
        conn: &Connection,
        dir: &str,
        key: Option<(&PageKey, bool)>,
        limit: usize,
        steps: u64,
    ) -> rusqlite::Result<Vec<CaseRow>> {
        let ticks = std::cell::Cell::new(0u64);
        let tick = steps.clamp(1, WALK_TICK as u64);
        let budget = steps / tick;
        conn.progress_handler(
            tick as i32,
            Some(move || {
                ticks.set(ticks.get() + 1);
                ticks.get() > budget
            }),
        );
        let walked = self.page_in(conn, Path::Walk, dir, key, limit);
        conn.progress_handler(0, None::<fn() -> bool>);
        match walked {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => {
                self.page_in(conn, Path::Own, dir, key, limit)
            }
            other => other,
        }
    }

    /// [`Covered::page`] read by `path`.
    fn page_in(
        &self,
        conn: &Connection,
        path: Path,
        dir: &str,
        key: Option<(&PageKey, bool)>,
        limit: usize,
    ) -> rusqlite::Result<Vec<CaseRow>> {
        let (base, from, id, distinct) = match path {
            Path::Own => (&self.sql, self.from, self.id, "DISTINCT"),
            Path::Walk => (&self.walk, self.walk_from, "k.id", ""),
        };
        let mut sql = Sql { clauses: base.clauses.clone(), params: base.params.clone() };
        if let Some((k, inclusive)) = key {
            let (lt, le) = if dir == "DESC" { ("<", "<=") } else { (">", ">=") };
            let id_op = if inclusive { le } else { lt };
            // The first condition alone is a range the index can seek to (the OR is not).
            sql.add(
                &format!(
                    "k.registered_on {le} ? AND (k.registered_on = ? AND {id} {id_op} ? OR k.registered_on {lt} ?)"
                ),
                [text(&k.sort_value), text(&k.sort_value), Value::Integer(k.id), text(&k.sort_value)],
            );
        }
        let query = format!(
            "SELECT {ROW_COLUMNS}, c.registered_on AS sort_value FROM cases c LEFT JOIN schools s ON s.id = c.school_id
             WHERE c.id IN (SELECT id FROM (SELECT {distinct} {id} AS id, k.registered_on AS reg FROM {from} WHERE {w}
                                            ORDER BY reg {dir}, id {dir} LIMIT {limit}))
             ORDER BY c.registered_on {dir}, c.id {dir}",
            w = sql.clauses.join(" AND "),
        );
        let mut stmt = conn.prepare_cached(&query)?;
        let at = super::record::ColumnIndex::of(&stmt);
        let rows = stmt.query_map(params_from_iter(sql.params.iter()), |r| read_row(r, &at))?;
        rows.collect()
    }
}

/// The list row's columns, each under the name `read_row` asks for (never by position).
const ROW_COLUMNS: &str = "c.id AS id, c.name AS name, coalesce(s.name, '') AS school, c.grade AS grade,
    c.status AS status, c.reason AS reason, c.registered_on AS registered_on, c.last_visit_on AS last_visit_on,
    c.id_number AS id_number, c.gov_person AS gov_person, c.edu_person AS edu_person, c.county_code AS county_code";

fn read_row(r: &rusqlite::Row, at: &super::record::ColumnIndex) -> rusqlite::Result<CaseRow> {
    let status: String = at.get(r, "status")?;
    let reason: Option<String> = at.get(r, "reason")?;
    Ok(CaseRow {
        id: at.get(r, "id")?,
        name: at.get(r, "name")?,
        school: at.get(r, "school")?,
        grade: at.get(r, "grade")?,
        status: CaseStatus::from_code(&status),
        reason: reason.as_deref().and_then(Reason::from_code),
        registered_on: at.get(r, "registered_on")?,
        last_visit_on: at.get(r, "last_visit_on")?,
        id_number: at.get(r, "id_number")?,
        gov_person: at.get(r, "gov_person")?,
        edu_person: at.get(r, "edu_person")?,
        county_code: at.get(r, "county_code")?,
        sort_value: at.get(r, "sort_value")?,
    })
}

/// Up to `limit` rows in sort order (`descending` reverses it), strictly after `after` in
/// the direction of travel. `backward` walks towards the start and returns rows in display
/// order. No OFFSET anywhere: every page costs the same wherever it is.
/// Only cases the session may read are ever returned.
#[allow(clippy::too_many_arguments)]
pub fn page(
    db: &Db,
    filter: &CaseFilter,
    sort: SortKey,
    descending: bool,
    after: Option<&PageKey>,
    backward: bool,
    limit: usize,
    today: &str,
) -> rusqlite::Result<Vec<CaseRow>> {
    page_from(db, filter, sort, descending, after.map(|k| (k, false)), backward, limit, today)
}

/// Like [`page`], but the start row itself may be included (`(key, true)`): used to reload
/// a window in place after another session's commit.
///
/// A key is (sort value, id). Many cases share a sort value (45,000 registered on the first
/// day of term), and SQLite ranges an index on the first column only for a row-value
/// comparison, so the page is fetched in two exact index ranges: the rest of the current
/// value by id, then the values beyond it.
#[allow(clippy::too_many_arguments)]
pub fn page_from(
    db: &Db,
    filter: &CaseFilter,
    sort: SortKey,
    descending: bool,
    start: Option<(&PageKey, bool)>,
    backward: bool,
    limit: usize,
    today: &str,
) -> rusqlite::Result<Vec<CaseRow>> {
    let (conn, scope) = (&db.conn, db.read_scope());
    // Travelling towards the end of a descending list means going to smaller values.
    let toward_smaller = descending != backward;
    let dir = if toward_smaller { "DESC" } else { "ASC" };
    if let Some(covered) = Covered::of(&scope, filter, sort) {
        let mut rows = covered.page(conn, dir, start, limit)?;
        if backward {
            rows.reverse();
        }
        return Ok(rows);
    }
    let plan = match search_text(filter) {
        Some(t) => plan_search(conn, t)?.0,
        None => SearchPlan::Dense,
    };
    let col = sort.column();
    let (lt, le) = if toward_smaller { ("<", "<=") } else { (">", ">=") };
    let run = |extra: Option<(String, Vec<Value>)>, order: &str, limit: usize| -> rusqlite::Result<Vec<CaseRow>> {
        let mut sql = where_clause(&scope, filter, today, plan);
        if let Some((clause, values)) = extra {
            sql.add(&clause, values);
        }
        let where_sql =
            format!("WHERE {}", if sql.clauses.is_empty() { "1".to_string() } else { sql.clauses.join(" AND ") });
        let hint = index_hint(filter, plan);
        let query = format!(
            "SELECT {ROW_COLUMNS}, {col} AS sort_value FROM cases c {hint} LEFT JOIN schools s ON s.id = c.school_id
             {where_sql} ORDER BY {order} LIMIT {limit}"
        );
        let mut stmt = conn.prepare_cached(&query)?;
        let at = super::record::ColumnIndex::of(&stmt);
        let rows = stmt.query_map(params_from_iter(sql.params.iter()), |r| read_row(r, &at))?;
        rows.collect()
    };
    let full_order = format!("{col} {dir}, c.id {dir}");
    let mut rows = match start {
        None => run(None, &full_order, limit)?,
        Some((k, inclusive)) => {
            let id_op = if inclusive { le } else { lt };
            let same = (format!("{col} = ? AND c.id {id_op} ?"), vec![text(&k.sort_value), Value::Integer(k.id)]);
            let mut rows = run(Some(same), &format!("c.id {dir}"), limit)?;
            if rows.len() < limit {
                let beyond = (format!("{col} {lt} ?"), vec![text(&k.sort_value)]);
                rows.extend(run(Some(beyond), &full_order, limit - rows.len())?);
            }
            rows
        }
    };
    if backward {
        rows.reverse();
    }
    Ok(rows)
}

/// How many cases match, or `None` if counting would take longer than `budget` (a large
/// filtered scan): the table then shows its position without a total. Counts only cases
/// the session may read.
pub fn count(db: &Db, filter: &CaseFilter, today: &str, budget: std::time::Duration) -> rusqlite::Result<Option<i64>> {
    let (conn, scope) = (&db.conn, db.read_scope());
    // The cached counts are per county: right only when the scope holds the whole filter.
    if scope.covers(filter.region.as_deref()) {
        if let Some(n) = count_from_cache(conn, filter)? {
            return Ok(Some(n));
        }
    }
    if let Some(covered) = Covered::of(&scope, filter, SortKey::Registered) {
        // A common term is not counted while typing (the table shows its position only).
        return covered.count(conn, COUNT_LIMIT);
    }
    let plan = match search_text(filter) {
        Some(t) => match plan_search(conn, t)? {
            // A common search term: too many to count while typing.
            (SearchPlan::Dense, _) => return Ok(None),
            (plan, _) => plan,
        },
        None => SearchPlan::Dense,
    };
    let sql = where_clause(&scope, filter, today, plan);
    let where_sql = if sql.clauses.is_empty() { String::new() } else { format!("WHERE {}", sql.clauses.join(" AND ")) };
    let started = std::time::Instant::now();
    conn.progress_handler(2000, Some(move || started.elapsed() > budget));
    let result = conn
        .prepare(&format!("SELECT count(*) FROM cases c {} {where_sql}", index_hint(filter, plan)))
        .and_then(|mut s| s.query_row(params_from_iter(sql.params.iter()), |r| r.get::<_, i64>(0)));
    conn.progress_handler(0, None::<fn() -> bool>);
    match result {
        Ok(n) => Ok(Some(n)),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Region + status/open filters are answered from the trigger-kept counts.
fn count_from_cache(conn: &Connection, f: &CaseFilter) -> rusqlite::Result<Option<i64>> {
    let only_cached = f.schools.is_none()
        && f.ledger.is_none()
        && f.grade.is_none()
        && f.reason.is_none()
        && f.family.is_none()
        && f.person.is_none()
        && f.overdue_days.is_none()
        && f.due.is_none()
        && f.text.as_deref().is_none_or(|t| t.trim().is_empty());
    if !only_cached {
        return Ok(None);
    }
    let pattern = match f.region.as_deref().map(region::level_of) {
        Some(Ok(Level::Province)) => format!("{}%", &f.region.as_deref().unwrap_or_default()[..2]),
        Some(Ok(Level::Prefecture)) => format!("{}%", &f.region.as_deref().unwrap_or_default()[..4]),
        Some(Ok(Level::County)) => f.region.clone().unwrap_or_default(),
        Some(Err(_)) => return Ok(Some(0)),
        None => "%".to_string(),
    };
    let mut stmt =
        conn.prepare_cached("SELECT status, sum(n) FROM case_counts WHERE county_code LIKE ?1 GROUP BY status")?;
    let mut total = 0;
    for row in stmt.query_map([pattern], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (code, n) = row?;
        let Some(s) = CaseStatus::from_code(&code) else { continue };
        if f.status.is_some_and(|want| want != s) || f.open.is_some_and(|open| open != s.is_open()) {
            continue;
        }
        total += n;
    }
    Ok(Some(total))
}

/// A whole case, as the case screen and form need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: i64,
    pub county_code: String,
    pub ledger: Ledger,
    pub status: CaseStatus,
    pub record: CaseRecord,
    pub school_name: String,
    pub last_visit_on: Option<String>,
    pub returned_on: Option<String>,
    pub returned_school_id: Option<i64>,
    pub closed_on: Option<String>,
    pub close_basis: String,
    pub closed_by: String,
    pub void_reason: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl Case {
    /// The workflow's columns of this case.
    pub fn workflow(&self) -> Workflow {
        Workflow {
            status: self.status,
            ledger: self.ledger,
            last_visit_on: self.last_visit_on.clone(),
            returned_on: self.returned_on.clone(),
            returned_school_id: self.returned_school_id,
            closed_on: self.closed_on.clone(),
            close_basis: self.close_basis.clone(),
            closed_by: self.closed_by.clone(),
            void_reason: self.void_reason.clone(),
        }
    }
}

/// `get`'s query: the case's own columns, every field by name, and its school's name.
static GET_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT c.id, c.county_code, c.ledger, c.status, {}, coalesce(s.name, '') AS school_name,
                c.last_visit_on, c.returned_on, c.returned_school_id, c.closed_on, c.close_basis, c.closed_by,
                c.void_reason, c.version, c.created_at, c.updated_at
         FROM cases c LEFT JOIN schools s ON s.id = c.school_id WHERE c.id = :id",
        record::qualified("c", case::FIELDS)
    )
});

/// Case `id` whatever the session's scope: the write path's own read (it checks the
/// permission itself). Screens, commands and tests read through [`get`].
pub(crate) fn read(conn: &Connection, id: i64) -> rusqlite::Result<Option<Case>> {
    conn.prepare_cached(&GET_SQL)?
        .query_row(named_params! {":id": id}, |r| {
            let ledger: String = r.get("ledger")?;
            let status: String = r.get("status")?;
            Ok(Case {
                id: r.get("id")?,
                county_code: r.get("county_code")?,
                ledger: Ledger::from_code(&ledger).unwrap_or(Ledger::Suspected),
                status: CaseStatus::from_code(&status).unwrap_or(CaseStatus::Other),
                record: record::read(r, case::FIELDS, |text| CaseRecord::from_texts(text))?,
                school_name: r.get("school_name")?,
                last_visit_on: r.get("last_visit_on")?,
                returned_on: r.get("returned_on")?,
                returned_school_id: r.get("returned_school_id")?,
                closed_on: r.get("closed_on")?,
                close_basis: r.get("close_basis")?,
                closed_by: r.get("closed_by")?,
                void_reason: r.get("void_reason")?,
                version: r.get("version")?,
                created_at: r.get("created_at")?,
                updated_at: r.get("updated_at")?,
            })
        })
        .optional()
}

/// Case `id` if the session may read it: a case outside the read scope is not found.
pub fn get(db: &Db, id: i64) -> rusqlite::Result<Option<Case>> {
    let scope = db.read_scope();
    Ok(read(&db.conn, id)?.filter(|c| scope.sees(&c.county_code, c.record.school_id)))
}

/// Another open case of the same child (same ID number), if any, in any school: a child
/// has one open case in the whole province. Said as the session may hear it.
pub(super) fn open_duplicate(
    tx: &Connection,
    scope: &ReadScope,
    id_number: &str,
    except: Option<i64>,
) -> rusqlite::Result<Option<Duplicate>> {
    let mut stmt = tx.prepare_cached(
        "SELECT c.id, c.name, c.status, c.county_code, c.school_id, coalesce(r.name, c.county_code) AS region_name
         FROM cases c LEFT JOIN regions r ON r.code = c.county_code WHERE c.id_number = ?1 AND c.id <> ?2",
    )?;
    let mut rows = stmt.query(params![id_number, except.unwrap_or(-1)])?;
    while let Some(r) = rows.next()? {
        let status: String = r.get("status")?;
        if !CaseStatus::from_code(&status).is_some_and(|s| s.is_open()) {
            continue;
        }
        let (county, school): (String, Option<i64>) = (r.get("county_code")?, r.get("school_id")?);
        return Ok(Some(if scope.sees(&county, school) {
            Duplicate::Visible { case_id: r.get("id")?, name: r.get("name")? }
        } else {
            let admins = super::users::admins_of(tx, &county)?;
            Duplicate::Elsewhere { region_code: county, region_name: r.get("region_name")?, admins }
        }));
    }
    Ok(None)
}

/// The county a school belongs to (cases take their county from their school).
pub fn school_county(conn: &Connection, school_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT county_code FROM schools WHERE id = ?1")?
        .query_row([school_id], |r| r.get(0))
        .optional()
}

pub fn school_exists(conn: &Connection, school_id: i64) -> bool {
    school_county(conn, school_id).ok().flatten().is_some()
}

fn target(county_code: &str, school_id: Option<i64>) -> Target {
    Target { region_code: county_code.to_string(), school_id }
}

/// What undo needs: the case as it was before this session's last change to it, and the
/// version that change produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoPoint {
    pub before: Case,
    pub version_after: i64,
}

/// A case that would duplicate an open one is refused, naming the open case only when the
/// session may read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duplicate {
    /// The open case, shown instead.
    Visible { case_id: i64, name: String },
    /// The child has an open case at a school outside the session's scope: only the county
    /// responsible for it is named, with the logins of the administrators who can move it
    /// (narrowest scope first), never the case.
    Elsewhere { region_code: String, region_name: String, admins: Vec<String> },
}

/// Registers a new case. Returns its id, or the open case the child already has.
pub fn insert(db: &mut Db, status: CaseStatus, rec: &CaseRecord) -> Result<Result<i64, Duplicate>, WriteError> {
    let school_id = rec.school_id.ok_or(WriteError::Invalid { field: "school_id", rule: super::Rule::Field })?;
    let county = school_county(&db.conn, school_id)?
        .ok_or(WriteError::Invalid { field: "school_id", rule: super::Rule::Field })?;
    let scope = db.read_scope();
    db.write(&target(&county, Some(school_id)), false, |tx| insert_in(tx, &scope, &county, status, rec))
}

/// [`insert`] inside the caller's transaction (a round's finding becomes a case and is
/// linked to it in one write): the new case's id, or the open case the child already has.
pub(super) fn insert_in(
    tx: &Transaction,
    scope: &ReadScope,
    county: &str,
    status: CaseStatus,
    rec: &CaseRecord,
) -> Result<(Result<i64, Duplicate>, Vec<AuditRow>), WriteError> {
    if let Some(idn) = &rec.id_number {
        if let Some(dup) = open_duplicate(tx, scope, idn, None)? {
            return Ok((Err(dup), Vec::new()));
        }
    }
    let today = super::today().format("%Y-%m-%d").to_string();
    let now = super::now_text();
    let ledger = case_status::ledger_after(Ledger::SchoolAge, status);
    tx.execute(
        "INSERT INTO cases(county_code, school_id, ledger, status, name, registered_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![county, rec.school_id, ledger.code(), status.code(), rec.name, today, now],
    )?;
    let id = tx.last_insert_rowid();
    write_record(tx, id, rec)?;
    Ok((Ok(id), insert_audit(id, status, county, rec, "")))
}

/// The audit rows of a new case: the `insert` row (new = the status; note = `note`, e.g.
/// the imported file) and one row per filled column, the derived ones included (status,
/// ledger, county), each noted `insert`.
pub(super) fn insert_audit(id: i64, status: CaseStatus, county: &str, rec: &CaseRecord, note: &str) -> Vec<AuditRow> {
    let mut audit = vec![AuditRow::insert("cases", id).with_new(status.code()).with_note(note)];
    audit.extend(
        stored_values(status, county, rec)
            .map(|(f, v)| AuditRow::update("cases", id, f, None, Some(v)).with_note("insert")),
    );
    audit
}

/// What a new case stores besides its bookkeeping: status, ledger, county, filled fields.
fn stored_values(status: CaseStatus, county: &str, rec: &CaseRecord) -> impl Iterator<Item = (&'static str, String)> {
    let ledger = case_status::ledger_after(Ledger::SchoolAge, status);
    let derived = [
        ("status", status.code().to_string()),
        ("ledger", ledger.code().to_string()),
        (workflow::COUNTY.key, county.to_string()),
    ];
    derived.into_iter().chain(rec.texts()).filter(|(_, v)| !v.is_empty())
}

/// The new value of the one audit row (`insert`) of a case written by a spreadsheet
/// import: a JSON object of every value the row stored (the same status, ledger, county
/// and filled fields `insert_audit` writes one row each for), so 100,000 imported cases
/// make 100,000 audit rows rather than 1.8 million, each value still traceable.
pub(super) fn import_audit_new(row: &super::case_import::NewCase) -> String {
    let derived = [
        ("status", row.status.code().into()),
        ("ledger", row.ledger.code().into()),
        (workflow::COUNTY.key, row.county.into()),
        ("last_visit_on", row.last_visit_on.unwrap_or_default().into()),
    ];
    let rec = row.record;
    let mut values: Vec<(&str, std::borrow::Cow<str>)> =
        derived.into_iter().chain(case::FIELDS.iter().map(|f| (f.key, rec.text_ref(f.key)))).collect();
    values.retain(|(_, v)| !v.is_empty());
    json_object(values)
}

/// A JSON object of text values, keys in order as serde_json writes a map: built straight
/// into one string, not through a `Value` tree (an import writes one per case).
fn json_object(mut values: Vec<(&str, std::borrow::Cow<str>)>) -> String {
    values.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(64 * values.len() + 2);
    out.push(b'{');
    for (i, (key, value)) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, key);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, value.as_ref());
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_default()
}

/// Audit rows for `changes` (key, old, new) of case `id`, each noted `note`.
pub(super) fn change_rows(id: i64, changes: Vec<(&'static str, String, String)>, note: &str) -> Vec<AuditRow> {
    let opt = |v: String| Some(v).filter(|v| !v.is_empty());
    changes.into_iter().map(|(k, a, b)| AuditRow::update("cases", id, k, opt(a), opt(b)).with_note(note)).collect()
}

/// `write_record`'s statement: every field by name, the search keys and the county.
static WRITE_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE cases SET {}, name_initials = :name_initials, name_key = :name_key, id_rev = :id_rev,
             county_code = coalesce(:county, county_code)
         WHERE id = :id",
        super::record::assignments(case::FIELDS)
    )
});

/// Writes every editable column and the search keys of case `id`.
pub(super) fn write_record(tx: &Transaction, id: i64, rec: &CaseRecord) -> rusqlite::Result<()> {
    let (spellings, id_rev) = search_keys(&rec.name, rec.id_number.as_deref());
    let county = match rec.school_id {
        Some(s) => school_county(tx, s)?,
        None => None,
    };
    let columns = Columns::of(tx, "cases", case::FIELDS)?;
    let values = columns.values(&rec.texts());
    let initials = spellings.join(" ");
    let name_key = crate::domain::pinyin::sort_key(&rec.name);
    let extra: [(&str, &dyn ToSql); 5] = [
        (":name_initials", &initials),
        (":name_key", &name_key),
        (":id_rev", &id_rev),
        (":county", &county),
        (":id", &id),
    ];
    Named::new(tx, &WRITE_SQL)?.execute(&columns.params(&values, &extra))?;
    write_initials(tx, id, &spellings)
}

/// Bumps the version if it is still `version`; `Conflict` when someone saved first.
pub(super) fn claim(tx: &Transaction, id: i64, version: i64) -> Result<(), WriteError> {
    let n = tx.execute(
        "UPDATE cases SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2",
        params![id, version, super::now_text()],
    )?;
    if n == 0 {
        Err(WriteError::Conflict)
    } else {
        Ok(())
    }
}

/// Saves edited fields of case `id` read at `version`. Returns the new version.
pub fn update(db: &mut Db, id: i64, version: i64, rec: &CaseRecord) -> Result<Result<i64, Duplicate>, WriteError> {
    let old = read(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    let school_id = rec.school_id.unwrap_or(-1);
    let new_county = school_county(&db.conn, school_id)?.unwrap_or_else(|| old.county_code.clone());
    // Moving a case to another school needs rights over both.
    db.may_write(Some(&target(&old.county_code, old.record.school_id)), false).map_err(WriteError::Refused)?;
    let scope = db.read_scope();
    db.write(&target(&new_county, Some(school_id)), false, |tx| {
        if let Some(idn) = &rec.id_number {
            if let Some(dup) = open_duplicate(tx, &scope, idn, Some(id))? {
                return Ok((Err(dup), Vec::new()));
            }
        }
        let current = read(tx, id)?.ok_or(WriteError::Conflict)?;
        claim(tx, id, version)?;
        write_record(tx, id, rec)?;
        let audit = record_changes(tx, &current, rec)?;
        Ok((Ok((version + 1, current)), audit))
    })
    .map(|r| {
        r.map(|(v, before)| {
            db.undo = Some(UndoPoint { before, version_after: v });
            v
        })
    })
}

/// The (key, old, new) of every field `new` changes in case `old`, and of its county when
/// the school moved it (read back after [`write_record`]).
pub(super) fn field_changes(
    tx: &Connection,
    old: &Case,
    new: &CaseRecord,
) -> rusqlite::Result<Vec<(&'static str, String, String)>> {
    let mut changes = workflow::changes(&old.record.texts(), &new.texts());
    let county: String = tx.query_row("SELECT county_code FROM cases WHERE id = ?1", [old.id], |r| r.get(0))?;
    if county != old.county_code {
        changes.push((workflow::COUNTY.key, old.county_code.clone(), county));
    }
    Ok(changes)
}

/// The audit rows of a form save.
fn record_changes(tx: &Connection, old: &Case, new: &CaseRecord) -> rusqlite::Result<Vec<AuditRow>> {
    Ok(change_rows(old.id, field_changes(tx, old, new)?, ""))
}

/// `write_workflow`'s statement: every workflow column by name.
static WORKFLOW_SQL: LazyLock<String> =
    LazyLock::new(|| format!("UPDATE cases SET {} WHERE id = :id", super::record::assignments(workflow::FIELDS)));

/// Writes every workflow column of case `id`.
fn write_workflow(tx: &Transaction, id: i64, w: &Workflow) -> rusqlite::Result<()> {
    record::Params::new(tx, "cases", workflow::FIELDS, &w.texts())?.with("id", id).execute(tx, &WORKFLOW_SQL)?;
    Ok(())
}

/// Takes a workflow step on case `id` read at `version`: status, ledger, the step's
/// columns, an event on the timeline and the audit rows, all in one transaction.
pub fn step(db: &mut Db, id: i64, version: i64, action: CaseAction, input: &StepInput) -> Result<i64, WriteError> {
    let before = read(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    let v = step_inner(db, id, version, action, input)?;
    db.undo = Some(UndoPoint { before, version_after: v });
    Ok(v)
}

fn step_inner(db: &mut Db, id: i64, version: i64, action: CaseAction, input: &StepInput) -> Result<i64, WriteError> {
    let old = read(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    let login = db.actor.login.clone();
    check_log(action, input)?;
    db.write(&target(&old.county_code, old.record.school_id), false, |tx| {
        let current = read(tx, id)?.ok_or(WriteError::Conflict)?;
        claim(tx, id, version)?;
        let (_, audit) = step_in(tx, id, &current.workflow(), action, input, &login)?;
        Ok((version + 1, audit))
    })
}

/// A step on case `id` whose workflow is `current`, inside the caller's transaction (which
/// claimed the case's version): the workflow columns, the timeline event; returns the new
/// workflow and the audit rows. The one place a step is written (forms and imports).
pub(super) fn step_in(
    tx: &Transaction,
    id: i64,
    current: &Workflow,
    action: CaseAction,
    input: &StepInput,
    login: &str,
) -> Result<(Workflow, Vec<AuditRow>), WriteError> {
    check_log(action, input)?;
    let next =
        current.after(action, input).map_err(|_| WriteError::Invalid { field: "status", rule: super::Rule::Field })?;
    write_workflow(tx, id, &next)?;
    // The status row marks the step even when the status stays (a further visit).
    let note = format!("{action:?}");
    let (old_status, new_status) = (current.status.code().to_string(), next.status.code().to_string());
    let mut audit = vec![AuditRow::update("cases", id, "status", Some(old_status), Some(new_status)).with_note(&note)];
    let changes = workflow::changes(&current.texts(), &next.texts());
    audit.extend(change_rows(id, changes.into_iter().filter(|c| c.0 != "status").collect(), &note));
    // A session's content is what was taught; other steps keep their action's name.
    let content = if action == CaseAction::Session { input.content.clone() } else { format!("{action:?}") };
    tx.prepare_cached(
        "INSERT INTO case_events(case_id, kind, happened_on, line, who, method, outcome, from_status, to_status,
             hours, attending, content, created_by, created_at)
         VALUES (:case_id, :kind, :happened_on, :line, :who, :method, :outcome, :from_status, :to_status,
             :hours, :attending, :content, :created_by, :created_at)",
    )?
    .execute(named_params! {
        ":case_id": id,
        ":kind": action.event_kind(),
        ":happened_on": input.date,
        ":line": input.line,
        ":who": input.who,
        ":method": input.method,
        ":outcome": input.text,
        ":from_status": current.status.code(),
        ":to_status": next.status.code(),
        ":hours": input.hours.map(Hours::as_f64),
        ":attending": input.attending,
        ":content": content,
        ":created_by": login,
        ":created_at": super::now_text(),
    })?;
    audit.extend(log_audit(id, tx.last_insert_rowid(), action, input, &note));
    Ok((next, audit))
}

/// What a session or a check must carry, checked here as well as in the form (an import or
/// a script goes through this function too).
fn check_log(action: CaseAction, input: &StepInput) -> Result<(), WriteError> {
    let missing = |field| Err(WriteError::Invalid { field, rule: super::Rule::Field });
    match action {
        CaseAction::Session if input.who.trim().is_empty() => missing("who"),
        CaseAction::Session if input.hours.is_none() => missing("hours"),
        CaseAction::Session if input.content.trim().is_empty() => missing("content"),
        CaseAction::TrackingCheck if input.who.trim().is_empty() => missing("who"),
        CaseAction::TrackingCheck if input.attending.is_none() => missing("attending"),
        _ => Ok(()),
    }
}

/// The audit rows of a session's or a check's event: its insert row and what it logged
/// (the status row already marks other steps).
fn log_audit(case_id: i64, event_id: i64, action: CaseAction, input: &StepInput, note: &str) -> Vec<AuditRow> {
    let logged: Vec<(&'static str, String)> = match action {
        CaseAction::Session => vec![
            ("happened_on", input.date.clone()),
            ("who", input.who.clone()),
            ("hours", input.hours.map(|h| h.to_string()).unwrap_or_default()),
            ("content", input.content.clone()),
            ("outcome", input.text.clone()),
        ],
        CaseAction::TrackingCheck => vec![
            ("happened_on", input.date.clone()),
            ("who", input.who.clone()),
            ("attending", input.attending.map(|a| i64::from(a).to_string()).unwrap_or_default()),
            ("outcome", input.text.clone()),
        ],
        _ => return Vec::new(),
    };
    let mut rows =
        vec![AuditRow { note: format!("case {case_id} {note}"), ..AuditRow::insert("case_events", event_id) }];
    rows.extend(
        logged
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| AuditRow::update("case_events", event_id, k, None, Some(v)).with_note(note)),
    );
    rows
}

/// Records that `login` looked at a case's full ID number.
pub fn reveal(db: &mut Db, id: i64) -> Result<(), WriteError> {
    let case = read(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    if !db.read_scope().sees(&case.county_code, case.record.school_id) {
        return Err(WriteError::Refused(db.out_of_scope(&case.county_code)));
    }
    db.audit_only(|| vec![AuditRow { action: "reveal", ..AuditRow::insert("cases", id) }])
}

/// Puts a case's fields and status back as they were before the current user's last
/// change, as a new change (audited as an undo); `Conflict` if someone changed it since.
pub fn undo(db: &mut Db) -> Result<Option<i64>, WriteError> {
    let Some(point) = db.undo.clone() else { return Ok(None) };
    let v = undo_to(db, &point.before, point.version_after)?;
    db.undo = None;
    Ok(Some(point.before.id).filter(|_| v > 0))
}

fn undo_to(db: &mut Db, before: &Case, version_after: i64) -> Result<i64, WriteError> {
    let id = before.id;
    db.write(&target(&before.county_code, before.record.school_id), false, |tx| {
        claim(tx, id, version_after)?;
        let current = read(tx, id)?.ok_or(WriteError::Conflict)?;
        write_record(tx, id, &before.record)?;
        write_workflow(tx, id, &before.workflow())?;
        let mut changes = field_changes(tx, &current, &before.record)?;
        changes.extend(workflow::changes(&current.workflow().texts(), &before.workflow().texts()));
        let audit = change_rows(id, changes, "undo");
        Ok((version_after + 1, audit))
    })
}

/// One entry on a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: String,
    pub happened_on: String,
    pub line: Option<String>,
    pub who: String,
    pub method: Option<String>,
    pub outcome: String,
    pub from_status: Option<CaseStatus>,
    pub to_status: Option<CaseStatus>,
    /// A session's hours.
    pub hours: Option<Hours>,
    /// A check: was the child attending?
    pub attending: Option<bool>,
    /// A session's content (other steps: the action's name).
    pub content: String,
    pub created_by: String,
}

/// Case `case_id`'s timeline, newest first; empty for a case outside the read scope.
pub fn events(db: &Db, case_id: i64) -> rusqlite::Result<Vec<Event>> {
    if get(db, case_id)?.is_none() {
        return Ok(Vec::new());
    }
    let mut stmt = db.conn.prepare_cached(
        "SELECT kind, happened_on, line, who, method, outcome, from_status, to_status, hours, attending, content,
                created_by
         FROM case_events WHERE case_id = ?1 ORDER BY happened_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        let from: Option<String> = r.get("from_status")?;
        let to: Option<String> = r.get("to_status")?;
        Ok(Event {
            kind: r.get("kind")?,
            happened_on: r.get("happened_on")?,
            line: r.get("line")?,
            who: r.get("who")?,
            method: r.get("method")?,
            outcome: r.get("outcome")?,
            from_status: from.as_deref().and_then(CaseStatus::from_code),
            to_status: to.as_deref().and_then(CaseStatus::from_code),
            hours: r.get::<_, Option<f64>>("hours")?.and_then(Hours::from_f64),
            attending: r.get("attending")?,
            content: r.get("content")?,
            created_by: r.get("created_by")?,
        })
    })?;
    rows.collect()
}

/// Case `case_id`'s latest `limit` audit rows, newest first; empty for a case outside the
/// read scope (its history names its fields' old values).
pub fn history(db: &Db, case_id: i64, limit: usize) -> rusqlite::Result<Vec<super::audit::AuditEntry>> {
    if get(db, case_id)?.is_none() {
        return Ok(Vec::new());
    }
    super::audit::history(&db.conn, "cases", &case_id.to_string(), limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page of `covered`, from its own index (`own`) or by the walk, as ids.
    fn all_pages(conn: &Connection, covered: &Covered, path: Path, dir: &str) -> Vec<i64> {
        let (mut ids, mut last) = (Vec::new(), None::<PageKey>);
        loop {
            let page = covered.page_in(conn, path, dir, last.as_ref().map(|k| (k, false)), 9).expect("page");
            let Some(end) = page.last() else { return ids };
            last = Some(end.key());
            ids.extend(page.iter().map(|r| r.id));
        }
    }

    #[test]
    fn the_walk_and_the_term_index_give_the_same_pages() {
        std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = super::super::OpenOptions {
            path: dir.path().join("w.db"),
            create: super::super::Create::Demo(400),
            busy_timeout: std::time::Duration::from_millis(300),
            login: "admin".into(),
        };
        let db = super::super::open(&opts).expect("open");
        let scope = db.read_scope();
        // The province (the registration order) and one county (its own walk index).
        for (region, term) in ["230000", "231123"]
            .iter()
            .flat_map(|r| ["z", "zm", "wmj", "王", "李某", "1", "23", "X"].into_iter().map(move |t| (*r, t)))
        {
            for open in [Some(true), None] {
                let f =
                    CaseFilter { region: Some(region.into()), open, text: Some(term.into()), ..CaseFilter::default() };
                let covered = Covered::of(&scope, &f, SortKey::Registered).expect("coverable");
                assert_eq!(covered.walk_from.contains("county"), region == "231123", "{region}");
                for dir in ["DESC", "ASC"] {
                    // No budget: the walk gives up at once and the own index answers.
                    let first = |steps| covered.page_within(&db.conn, dir, None, 9, steps).expect("page");
                    let ids = |rows: Vec<CaseRow>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
                    assert_eq!(ids(first(0)), ids(first(u64::MAX)), "{region} {term} {open:?} {dir}: fallback");
                    let own = all_pages(&db.conn, &covered, Path::Own, dir);
                    // Every term but X matches some case of the province; fewer are open.
                    assert!(!own.is_empty() || term == "X" || region != "230000" || open.is_some(), "{term} matches");
                    assert_eq!(own, all_pages(&db.conn, &covered, Path::Walk, dir), "{region} {term} {open:?} {dir}");
                }
            }
        }
    }
}
