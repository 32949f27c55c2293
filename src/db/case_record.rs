//! A case record's columns, by name, derived from `domain::case::FIELDS`: the SELECT list,
//! reading a row into a record, and the record as named parameters (`:key`) typed as the
//! columns store them. No column of a case field is ever addressed by position.

use super::export_rows::stored_text;
use crate::domain::case::{CaseRecord, FIELDS};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, ToSql};
use std::sync::LazyLock;

/// `:name`, `:id_number`, … in `FIELDS` order, built once.
static PARAM_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| FIELDS.iter().map(|f| format!(":{}", f.key)).collect());

/// `c.name, c.id_number, …`: every field's column of table alias `alias`.
pub fn select_list(alias: &str) -> String {
    FIELDS.iter().map(|f| format!("{alias}.{}", f.key)).collect::<Vec<_>>().join(", ")
}

/// The record in a row that selected [`select_list`] (or every column of `cases`).
pub fn read(r: &Row) -> rusqlite::Result<CaseRecord> {
    let texts = texts_of(r)?;
    Ok(CaseRecord::from_texts(|k| {
        FIELDS.iter().position(|f| f.key == k).and_then(|i| texts.get(i).cloned()).unwrap_or_default()
    }))
}

/// Every field of the row as stored text ("" for NULL), in `FIELDS` order.
pub fn texts_of(r: &Row) -> rusqlite::Result<Vec<String>> {
    FIELDS.iter().map(|f| r.get::<_, Value>(f.key).map(|v| stored_text(&v))).collect()
}

/// How a field's column stores it: as an integer, and NULL (rather than '') when empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Column {
    integer: bool,
    nullable: bool,
}

/// The storage of every field's column, in `FIELDS` order. The schema says (declared type,
/// `NOT NULL DEFAULT ''`), so a new column needs no list here.
pub fn columns(conn: &Connection) -> rusqlite::Result<Vec<Column>> {
    let mut stmt = conn.prepare_cached("SELECT name, type, \"notnull\" FROM pragma_table_info('cases')")?;
    let cols: Vec<(String, String, bool)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    Ok(FIELDS
        .iter()
        .map(|f| match cols.iter().find(|(n, _, _)| n == f.key) {
            Some((_, ty, not_null)) => Column { integer: ty.eq_ignore_ascii_case("INTEGER"), nullable: !not_null },
            None => Column::default(),
        })
        .collect())
}

/// The record's fields as values for the named parameters of [`bind`].
pub fn values(rec: &CaseRecord, columns: &[Column]) -> Vec<Value> {
    rec.texts()
        .into_iter()
        .enumerate()
        .map(|(i, (_, text))| {
            let col = columns.get(i).copied().unwrap_or_default();
            match text.parse::<i64>() {
                _ if text.is_empty() && (col.nullable || col.integer) => Value::Null,
                Ok(n) if col.integer => Value::Integer(n),
                _ => Value::Text(text),
            }
        })
        .collect()
}

/// `values` paired with their `:key` names, followed by `extra` (the statement's other
/// named parameters), ready for `Statement::execute`.
pub fn bind<'a>(values: &'a [Value], extra: &[(&'a str, &'a dyn ToSql)]) -> Vec<(&'a str, &'a dyn ToSql)> {
    let mut p: Vec<(&str, &dyn ToSql)> =
        PARAM_NAMES.iter().map(String::as_str).zip(values.iter().map(|v| v as &dyn ToSql)).collect();
    p.extend_from_slice(extra);
    p
}
