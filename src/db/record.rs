//! A record read and written through its table of fields (`domain::fields`): rows are read
//! by column name and written with named parameters, so the SQL of a record follows its
//! table and no column is ever found by its position.

use super::export_rows::stored_text;
use crate::domain::fields::{Field, Kind};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, ToSql};

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

/// The text of `key` among `texts` (empty when absent).
pub fn text_of(texts: &[(&'static str, String)], key: &str) -> String {
    texts.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// A field's text as the value its column stores: numbers as numbers, an empty text as
/// NULL — or as `''` where the column is NOT NULL (notes).
fn value(f: &Field, text: &str, not_null: bool) -> Value {
    if text.is_empty() {
        return if not_null { Value::Text(String::new()) } else { Value::Null };
    }
    let number = match f.kind {
        Kind::Int { .. } | Kind::Year | Kind::School => text.parse::<i64>().ok().map(Value::Integer),
        Kind::Real => text.parse::<f64>().ok().map(Value::Real),
        _ => None,
    };
    number.unwrap_or_else(|| Value::Text(text.to_string()))
}

/// The NOT NULL columns of `table`, from the schema itself.
fn not_null_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(:table) WHERE \"notnull\"")?;
    let rows = stmt.query_map(&[(":table", &table as &dyn ToSql)], |r| r.get("name"))?;
    rows.collect()
}

/// Named parameters (`:key` → value) for the fields of `table`'s record whose texts are
/// given, plus `extra` ones (ids, versions) as they are.
pub struct Params {
    values: Vec<(String, Value)>,
}

impl Params {
    /// `texts` are (field key, text) of fields in `fields`; keys without a field are skipped.
    pub fn new(
        conn: &Connection,
        table: &str,
        fields: &[Field],
        texts: &[(&'static str, String)],
    ) -> rusqlite::Result<Params> {
        let not_null = not_null_columns(conn, table)?;
        let values = fields
            .iter()
            .map(|f| {
                let nn = not_null.iter().any(|c| c == f.key);
                (format!(":{}", f.key), value(f, &text_of(texts, f.key), nn))
            })
            .collect();
        Ok(Params { values })
    }

    /// Adds `:name` = `v`.
    pub fn with(mut self, name: &str, v: impl Into<Value>) -> Params {
        self.values.push((format!(":{name}"), v.into()));
        self
    }

    /// Runs `sql` with these parameters; returns the rows changed.
    pub fn execute(&self, conn: &Connection, sql: &str) -> rusqlite::Result<usize> {
        let named: Vec<(&str, &dyn ToSql)> = self.values.iter().map(|(k, v)| (k.as_str(), v as &dyn ToSql)).collect();
        conn.prepare_cached(sql)?.execute(named.as_slice())
    }
}
