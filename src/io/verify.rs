//! The lists of a verification round read from CSV or xlsx with the case import's header
//! mapping (身份证号, 姓名, 出生日期, 学校 and their synonyms), one [`Entry`] per row.

use super::read::{self, Encoding};
use crate::domain::verify::{Entry, List};
use crate::domain::{dates, id_number};
use chrono::NaiveDate;
use std::path::Path;

/// Why a row's ID number was not used (the row is then matched by name + birth date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNote {
    pub list: List,
    pub line: usize,
    pub header: String,
}

/// Why a list could not be used at all.
#[derive(Debug)]
pub enum ListError {
    Read(read::ReadError),
    /// Neither an ID number nor a name column: nothing to match by.
    NoColumns,
}

/// The rows of `path` as entries of `list`, and the rows whose ID number was not valid.
pub fn read_list(path: &Path, list: List, today: NaiveDate) -> Result<(Vec<Entry>, Vec<RowNote>), ListError> {
    let table = read::read_table(path, Encoding::Auto, None).map_err(ListError::Read)?;
    let mapping = super::import::case_mapping(&table.headers);
    let col = |k: &str| mapping.column_of(k);
    if col("id_number").is_none() && col("name").is_none() {
        return Err(ListError::NoColumns);
    }
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    for row in &table.rows {
        let cell = |k: &str| col(k).map(|c| row.cell(c).trim().to_string()).unwrap_or_default();
        let raw_id = cell("id_number");
        let parsed = (!raw_id.is_empty()).then(|| id_number::parse(&raw_id, today));
        if let Some(Err(_)) = parsed {
            let header = col("id_number").and_then(|c| table.headers.get(c).cloned()).unwrap_or_default();
            notes.push(RowNote { list, line: row.line, header });
        }
        let id = parsed.and_then(Result::ok);
        let birth = match dates::parse(&cell("birth_date"), today) {
            Ok(Some(d)) => Some(dates::iso(d)),
            _ => id.as_ref().map(|i| dates::iso(i.birth_date)),
        };
        let school = match cell("school") {
            s if s.is_empty() => cell("school_code"),
            s => s,
        };
        entries.push(Entry {
            list,
            line: row.line,
            id_number: id.map(|i| i.text),
            name: cell("name"),
            birth_date: birth,
            school,
        });
    }
    Ok((entries, notes))
}
