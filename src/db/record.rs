//! Every record (cases, schools, county facts, alliances) read and written through its
//! table of fields (`domain::fields`): rows are read by column name and written with named
//! parameters, so the SQL of a record follows its table and no column is ever found by its
//! position.
//!
//! How a column stores a field (a number or text, NULL or `''` when empty) is read from the
//! schema once per statement ([`Columns::of`]), so a new column needs no list here; a bulk
//! write then converts and binds each row without looking anything up again ([`Named`]).

use crate::domain::fields::Field;
use rusqlite::types::FromSql;
use rusqlite::types::Value;
use rusqlite::{CachedStatement, Connection, Row, Statement, ToSql};
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------
// Reading.

/// `a.k1 AS k1, a.k2 AS k2` — the table's columns of the row aliased `alias`, named as
/// themselves (for joins).
pub fn qualified<'f>(alias: &str, fields: impl IntoIterator<Item = &'f Field>) -> String {
    fields.into_iter().map(|f| format!("{alias}.{k} AS {k}", k = f.key)).collect::<Vec<_>>().join(", ")
}

/// Every field of `fields` from `row`, by column name, as text (numbers as a form shows
/// them, NULL as empty).
pub fn texts<'f>(
    row: &Row,
    fields: impl IntoIterator<Item = &'f Field>,
) -> rusqlite::Result<Vec<(&'static str, String)>> {
    fields.into_iter().map(|f| Ok((f.key, stored_text(&row.get::<_, Value>(f.key)?)))).collect()
}

/// Where each column of a statement's result stands, found once per statement. Reading by
/// name through rusqlite searches every column's name for every cell, which made reading a
/// 100,000-case export about three times slower; this keeps the name and drops the search.
pub struct ColumnIndex(HashMap<String, usize>);

impl ColumnIndex {
    pub fn of(stmt: &Statement) -> ColumnIndex {
        ColumnIndex(stmt.column_names().into_iter().enumerate().map(|(i, n)| (n.to_string(), i)).collect())
    }

    /// The column `name` of `row`, as `row.get(name)` would read it.
    pub fn get<T: FromSql>(&self, row: &Row, name: &str) -> rusqlite::Result<T> {
        match self.0.get(name) {
            Some(&i) => row.get(i),
            None => Err(rusqlite::Error::InvalidColumnName(name.to_string())),
        }
    }

    /// Where column `name` is, for a reader of many rows that looks it up once.
    pub fn position(&self, name: &str) -> rusqlite::Result<usize> {
        self.0.get(name).copied().ok_or_else(|| rusqlite::Error::InvalidColumnName(name.to_string()))
    }

    /// [`texts`], with the columns found through the index.
    pub fn texts<'f>(
        &self,
        row: &Row,
        fields: impl IntoIterator<Item = &'f Field>,
    ) -> rusqlite::Result<Vec<(&'static str, String)>> {
        fields.into_iter().map(|f| Ok((f.key, stored_text(&self.get::<Value>(row, f.key)?)))).collect()
    }
}

/// A record built by `build` from the texts of `fields` in `row` (its `from_texts`).
pub fn read<'f, T>(
    row: &Row,
    fields: impl IntoIterator<Item = &'f Field>,
    build: impl FnOnce(&dyn Fn(&str) -> String) -> T,
) -> rusqlite::Result<T> {
    let texts = texts(row, fields)?;
    Ok(build(&|k| text_of(&texts, k)))
}

/// The closed-list value stored as a code in `column` (`None` for NULL or an unknown code),
/// so a row mapper reads `kind: coded(r, "kind", Kind::from_code)?` in one step.
pub fn coded<T>(row: &Row, column: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    Ok(row.get::<_, Option<String>>(column)?.as_deref().and_then(parse))
}

/// The text of `key` among `texts` (empty when absent).
pub fn text_of(texts: &[(&'static str, String)], key: &str) -> String {
    texts.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// A stored number (or text) as a form and a spreadsheet show it: whole reals without `.0`.
pub fn stored_text(v: &Value) -> String {
    stored_text_ref(v.into())
}

/// [`stored_text`] of a value as the row holds it.
pub fn stored_text_ref(v: rusqlite::types::ValueRef) -> String {
    let mut text = String::new();
    stored_text_into(v, &mut text);
    text
}

/// [`stored_text_ref`] into `out` (cleared first): a reader of many rows keeps one
/// string per column instead of making one per cell.
pub fn stored_text_into(v: rusqlite::types::ValueRef, out: &mut String) {
    use rusqlite::types::ValueRef as V;
    use std::fmt::Write as _;
    out.clear();
    // Writing to a String cannot fail: the results are dropped.
    match v {
        V::Integer(n) => drop(write!(out, "{n}")),
        V::Real(f) if f.fract() == 0.0 => drop(write!(out, "{}", f as i64)),
        V::Real(f) => drop(write!(out, "{f}")),
        V::Text(t) => out.push_str(&String::from_utf8_lossy(t)),
        V::Null | V::Blob(_) => {}
    }
}

// ---------------------------------------------------------------------------------------
// Writing.

/// What a column holds, by its declared type (SQLite's affinity rules, simplified to the
/// types the schema uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Affinity {
    Integer,
    Real,
    Text,
}

impl Affinity {
    fn of(declared: &str) -> Affinity {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            Affinity::Integer
        } else if ["REAL", "FLOA", "DOUB"].iter().any(|r| t.contains(r)) {
            Affinity::Real
        } else {
            Affinity::Text
        }
    }
}

/// One field's column: its `:key` parameter and how it stores a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    key: &'static str,
    param: String,
    affinity: Affinity,
    nullable: bool,
}

impl Column {
    /// A field's text as the column stores it: numbers as numbers, an empty text as NULL —
    /// or as `''` where a text column is NOT NULL (notes, names).
    fn value(&self, text: &str) -> Value {
        if text.is_empty() {
            return if self.nullable || self.affinity != Affinity::Text {
                Value::Null
            } else {
                Value::Text(String::new())
            };
        }
        let number = match self.affinity {
            Affinity::Integer => text.parse::<i64>().ok().map(Value::Integer),
            Affinity::Real => text.parse::<f64>().ok().map(Value::Real),
            Affinity::Text => None,
        };
        number.unwrap_or_else(|| Value::Text(text.to_string()))
    }
}

/// The columns of some fields of one table, with their parameter names: built once per
/// statement (one schema query), then used for every row written with it.
#[derive(Debug, Clone)]
pub struct Columns {
    columns: Vec<Column>,
}

impl Columns {
    /// The columns of `fields` in `table`, as the schema declares them.
    pub fn of(
        conn: &Connection,
        table: &str,
        fields: impl IntoIterator<Item = &'static Field>,
    ) -> rusqlite::Result<Columns> {
        let mut stmt = conn.prepare_cached("SELECT name, type, \"notnull\" FROM pragma_table_info(:table)")?;
        let declared: Vec<(String, String, bool)> = stmt
            .query_map(&[(":table", &table as &dyn ToSql)], |r| {
                Ok((r.get("name")?, r.get("type")?, r.get("notnull")?))
            })?
            .collect::<Result<_, _>>()?;
        let columns = fields
            .into_iter()
            .map(|f| {
                let found = declared.iter().find(|(name, _, _)| name == f.key);
                Column {
                    key: f.key,
                    param: format!(":{}", f.key),
                    // A column the schema lacks makes the statement fail anyway; text is as good as any.
                    affinity: found.map_or(Affinity::Text, |(_, ty, _)| Affinity::of(ty)),
                    nullable: found.is_none_or(|(_, _, not_null)| !not_null),
                }
            })
            .collect();
        Ok(Columns { columns })
    }

    /// The values of a record's `texts` (field key, text), one per column in order; a
    /// column whose key is not among `texts` gets its empty value. `texts` in the same
    /// order as the fields (as records give them) cost no search.
    pub fn values(&self, texts: &[(&str, String)]) -> Vec<Value> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let text = match texts.get(i) {
                    Some((k, v)) if *k == c.key => Some(v),
                    _ => texts.iter().find(|(k, _)| *k == c.key).map(|(_, v)| v),
                };
                c.value(text.map_or("", String::as_str))
            })
            .collect()
    }

    /// `values` (from [`Columns::values`]) under their `:key` names, followed by `extra`
    /// (the statement's other named parameters).
    pub fn params<'a>(
        &'a self,
        values: &'a [Value],
        extra: &[(&'a str, &'a dyn ToSql)],
    ) -> Vec<(&'a str, &'a dyn ToSql)> {
        let mut p: Vec<(&str, &dyn ToSql)> = Vec::with_capacity(self.columns.len() + extra.len());
        p.extend(self.columns.iter().map(|c| c.param.as_str()).zip(values.iter().map(|v| v as &dyn ToSql)));
        p.extend_from_slice(extra);
        p
    }

    /// Each column's `:key` and its stored empty value (for a writer that fills only some).
    pub fn empty(&self) -> impl Iterator<Item = (&'static str, Value)> + '_ {
        self.columns.iter().map(|c| (c.key, c.value("")))
    }
}

/// A cached statement whose `:name` parameters SQLite resolves once: later rows given in
/// the same order bind by the index found for each name, so many rows cost no name look-ups.
pub struct Named<'c> {
    conn: &'c Connection,
    stmt: CachedStatement<'c>,
    /// Per position of the parameter list: the name seen there and its index.
    slots: Vec<(String, usize)>,
}

impl<'c> Named<'c> {
    pub fn new(conn: &'c Connection, sql: &str) -> rusqlite::Result<Self> {
        Ok(Named { conn, stmt: conn.prepare_cached(sql)?, slots: Vec::new() })
    }

    /// Binds every named parameter of the statement and runs it; returns the rows changed.
    /// A missing or unknown name is refused.
    pub fn execute(&mut self, params: &[(&str, &dyn ToSql)]) -> rusqlite::Result<usize> {
        let expected = self.stmt.parameter_count();
        if params.len() != expected {
            return Err(rusqlite::Error::InvalidParameterCount(params.len(), expected));
        }
        for (at, (name, value)) in params.iter().enumerate() {
            let index = match self.slots.get(at) {
                Some((seen, index)) if seen == name => *index,
                _ => self.resolve(at, name)?,
            };
            self.stmt.raw_bind_parameter(index, *value)?;
        }
        self.stmt.raw_execute()
    }

    /// [`Named::execute`] for an INSERT: the new row id.
    pub fn insert(&mut self, params: &[(&str, &dyn ToSql)]) -> rusqlite::Result<i64> {
        self.execute(params)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn resolve(&mut self, at: usize, name: &str) -> rusqlite::Result<usize> {
        let index =
            self.stmt.parameter_index(name)?.ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_string()))?;
        self.slots.truncate(at);
        self.slots.push((name.to_string(), index));
        Ok(index)
    }
}

/// Named parameters (`:key` → value) for one write of a record: its fields' values plus
/// `extra` ones (ids, versions) as they are.
pub struct Params {
    columns: Columns,
    values: Vec<Value>,
    extra: Vec<(String, Value)>,
}

impl Params {
    /// `texts` are (field key, text) of `fields`, columns of `table`; keys without a field
    /// are skipped, fields without a text stored empty.
    pub fn new(
        conn: &Connection,
        table: &str,
        fields: impl IntoIterator<Item = &'static Field>,
        texts: &[(&'static str, String)],
    ) -> rusqlite::Result<Params> {
        let columns = Columns::of(conn, table, fields)?;
        let values = columns.values(texts);
        Ok(Params { columns, values, extra: Vec::new() })
    }

    /// Adds `:name` = `v`.
    pub fn with(mut self, name: &str, v: impl Into<Value>) -> Params {
        self.extra.push((format!(":{name}"), v.into()));
        self
    }

    /// Runs `sql` with these parameters; returns the rows changed.
    pub fn execute(&self, conn: &Connection, sql: &str) -> rusqlite::Result<usize> {
        let extra: Vec<(&str, &dyn ToSql)> = self.extra.iter().map(|(k, v)| (k.as_str(), v as &dyn ToSql)).collect();
        Named::new(conn, sql)?.execute(&self.columns.params(&self.values, &extra))
    }
}

/// `a, b, c` — the stored columns, for SELECT and INSERT lists.
pub fn columns(table: &[Field]) -> String {
    table.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
}

/// `:a, :b, :c` — the named parameters matching [`columns`].
pub fn named_params(table: &[Field]) -> String {
    table.iter().map(|f| format!(":{}", f.key)).collect::<Vec<_>>().join(", ")
}

/// `a = :a, b = :b` — an UPDATE's SET list.
pub fn assignments(table: &[Field]) -> String {
    table.iter().map(|f| format!("{k} = :{k}", k = f.key)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Kind;

    const T: &[Field] = &[
        Field::text("note", "备注", "Note"),
        Field::text("code", "代码", "Code"),
        Field { kind: Kind::Int { min: 0, max: 9 }, ..Field::text("n", "数", "N") },
        Field { kind: Kind::Real, ..Field::text("area", "面积", "Area") },
        Field { kind: Kind::Choice("grade"), ..Field::text("grade", "年级", "Grade") },
    ];

    fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, note TEXT NOT NULL DEFAULT '', code TEXT, n INTEGER,
             area REAL, grade INTEGER)",
        )
        .expect("table");
        conn
    }

    fn pairs(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn sql_lists_are_named() {
        let two = &T[..2];
        assert_eq!(columns(two), "note, code");
        assert_eq!(named_params(two), ":note, :code");
        assert_eq!(assignments(two), "note = :note, code = :code");
    }

    #[test]
    fn the_schema_decides_numbers_and_empty_values() {
        let conn = db();
        let cols = Columns::of(&conn, "t", T).expect("columns");
        let got = cols.values(&pairs(&[("note", ""), ("code", "0123"), ("n", "7"), ("area", "2.5"), ("grade", "3")]));
        // Digits in a text column stay text (a leading zero survives); a choice stored as an
        // integer becomes one whatever the field's kind.
        let want = [
            Value::Text(String::new()),
            Value::Text("0123".into()),
            Value::Integer(7),
            Value::Real(2.5),
            Value::Integer(3),
        ];
        assert_eq!(got, want);
        let empty = cols.values(&[]);
        assert_eq!(empty, [Value::Text(String::new()), Value::Null, Value::Null, Value::Null, Value::Null]);
        assert_eq!(
            cols.values(&pairs(&[("n", "x")]))[2],
            Value::Text("x".into()),
            "a bad number is left to the schema"
        );
    }

    #[test]
    fn texts_are_found_by_key_in_any_order_and_unknown_keys_are_skipped() {
        let conn = db();
        let cols = Columns::of(&conn, "t", T).expect("columns");
        let shuffled = cols.values(&pairs(&[("grade", "2"), ("other", "9"), ("code", "A")]));
        assert_eq!(shuffled[1], Value::Text("A".into()));
        assert_eq!(shuffled[4], Value::Integer(2));
        assert_eq!(shuffled[2], Value::Null);
    }

    #[test]
    fn a_record_round_trips_by_name() {
        let conn = db();
        let written = pairs(&[("note", "备注"), ("code", ""), ("n", "4"), ("area", "3"), ("grade", "1")]);
        let sql = format!("INSERT INTO t(id, {}) VALUES (:id, {})", columns(T), named_params(T));
        Params::new(&conn, "t", T, &written).expect("params").with("id", 5).execute(&conn, &sql).expect("insert");
        let sql = format!("SELECT {} FROM t x WHERE id = 5", qualified("x", T));
        let read = conn.query_row(&sql, [], |r| texts(r, T)).expect("row");
        assert_eq!(read, written, "whole reals read back without .0, NULL as empty");
        assert_eq!(text_of(&read, "n"), "4");
        assert_eq!(text_of(&read, "missing"), "");
        let built =
            conn.query_row(&sql, [], |r| super::read(r, T, |text| (text("note"), text("missing")))).expect("row");
        assert_eq!(built, ("备注".to_string(), String::new()), "a record is built from its texts by key");
    }

    #[test]
    fn named_checks_names_and_count() {
        let conn = db();
        let mut insert = Named::new(&conn, "INSERT INTO t(n, code) VALUES (:n, :code)").expect("prepare");
        assert_eq!(insert.insert(&[(":n", &1), (":code", &"a")]).expect("row"), 1);
        // The same positions under other names are looked up again, not bound blindly.
        assert_eq!(insert.insert(&[(":code", &"b"), (":n", &3)]).expect("row"), 2);
        let got: (i64, String) =
            conn.query_row("SELECT n, code FROM t WHERE id = 2", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("row 2");
        assert_eq!(got, (3, "b".to_string()));
        assert!(insert.execute(&[(":n", &1)]).is_err(), "a missing parameter is refused");
        assert!(insert.execute(&[(":n", &1), (":c", &2)]).is_err(), "an unknown name is refused");
    }
}
