//! The account of an import, shared by `taizhang import` and the import screen: what was
//! read, the column mapping, every bad row and duplicate, the summary; or why it could not run.

use crate::db::Db;
use crate::i18n::io::X;
use crate::i18n::{fill, T};
use crate::io::import::{ImportError, Mode, Outcome};

/// The dry run's summary: rows to write, bad rows, duplicates.
pub fn summary_dry(o: &Outcome) -> String {
    fill(X::SummaryDry.s(), &[&(o.valid_rows - o.duplicates.len()), &o.invalid_rows, &o.duplicates.len()])
}

/// The plain-text account of an import: what was read, the column mapping, every bad row,
/// every duplicate, and the summary.
pub fn report_text(o: &Outcome, mode: Mode) -> String {
    let mut out = Vec::new();
    out.push(fill(X::ReadAs.s(), &[&o.file, &o.format, &o.rows]));
    out.push(X::Mapping.s().to_string());
    for (header, key) in &o.mapping {
        out.push(format!("  {header} = {}", field_name(key)));
    }
    if !o.ignored_columns.is_empty() {
        out.push(fill(X::MappingIgnored.s(), &[&o.ignored_columns.join(", ")]));
    }
    for p in &o.problems {
        out.push(fill(X::ProblemLine.s(), &[&p.line, &p.column, &p.value, &p.reason]));
    }
    for d in &o.duplicates {
        out.push(fill(X::SkippedLine.s(), &[&d.line, &d.name, &d.reason]));
    }
    match mode {
        Mode::DryRun => {
            out.push(summary_dry(o));
            out.push(X::SummaryDryHint.s().to_string());
        }
        Mode::Apply if o.invalid_rows > 0 => out.push(fill(X::SummaryRefused.s(), &[&o.invalid_rows])),
        _ => out.push(fill(X::SummaryWritten.s(), &[&o.written, &o.invalid_rows, &o.duplicates.len()])),
    }
    if let Some(p) = &o.rejected_file {
        out.push(fill(X::RejectedWritten.s(), &[&p.display()]));
    }
    out.join("\n")
}

/// A field key's label (case or school field).
fn field_name(key: &str) -> &str {
    match key {
        "school" => crate::i18n::ledger::field_label("school_id"),
        "school_code" => X::HeaderSchoolCode.s(),
        "status" => X::HeaderStatus.s(),
        "county" => X::HeaderCounty.s(),
        k => {
            let l = crate::i18n::ledger::field_label(k);
            if l.is_empty() {
                crate::i18n::schools::field_label(k)
            } else {
                l
            }
        }
    }
}

/// The sentence for an import that could not run.
pub fn failure_text(db: &Db, e: &ImportError) -> String {
    match e {
        ImportError::Read(r) => r.message(),
        ImportError::MissingColumns(cols) => fill(X::MissingColumns.s(), &[&cols.join("; ")]),
        ImportError::BadCounty(c) => fill(X::BadCounty.s(), &[c]),
        ImportError::Write(w) => crate::i18n::errors::session_write_error(db, w),
        ImportError::Rejected(p, err) => fill(X::RejectedWriteFailed.s(), &[&p.display(), err]),
        ImportError::Sqlite(err) => fill(T::SaveFailed.s(), &[err]),
    }
}
