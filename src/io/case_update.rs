//! `import cases FILE --update`: a spreadsheet applied to existing cases. Each row is matched
//! to a case by its 案件编号, else by the child's ID number, within the session's scope;
//! what it asks is checked with the form's rules (fields: `case::validate`) and the step
//! form's (workflow: `domain::case_update::plan`), and written through the same writes
//! (`db::case_import::update_many`), all rows in one transaction.
//!
//! A cell left empty, or masked (a masked export imported back), changes nothing. A status
//! is reached through workflow steps with the evidence of the row (复学日期 and school,
//! 销号日期/依据/人 …); a workflow column the steps do not set to the row's value is
//! reported, not overwritten.

use super::evidence::{self, Cells, Start};
use super::import::{
    cell_text, invalid_fields, is_case_date, normalised, parse_status, problem_at, Applied, ImportError, Outcome,
    Problem, SchoolIndex, Sheet,
};
use super::read::{Mapping, SheetRow, Table};
use crate::db::case_import::{self, CaseUpdate};
use crate::db::cases::{self, Case};
use crate::db::schools::load_refs;
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::case::{self, CaseRecord};
use crate::domain::case_status::CaseStatus;
use crate::domain::workflow;
use crate::i18n::io::X;
use crate::i18n::ledger::{action_label, field_shown, label_of};
use crate::i18n::{fill, Label};
use std::collections::{HashMap, HashSet};

/// What an update row changes, as the report shows it (personal values masked).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseChange {
    pub line: usize,
    pub case_id: i64,
    pub name: String,
    /// (column, old, new) of each corrected field.
    pub changes: Vec<(String, String, String)>,
    /// Each step: its label and date.
    pub steps: Vec<(String, String)>,
}

/// A checked row, ready to write.
struct Planned {
    update: CaseUpdate,
    shown: CaseChange,
}

/// Checks every row and, unless a dry run (or, under all-or-nothing, any row is bad),
/// writes the updates in one transaction. Returns the rows with problems.
pub(super) fn check_and_write(
    db: &mut Db,
    sheet: &Sheet,
    out: &mut Outcome,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<(usize, Vec<Problem>)>, ImportError> {
    let Sheet { table, mapping, opts, .. } = *sheet;
    let applied = Applied::default();
    let (planned, bad, unchanged) = check(db, sheet, &applied, progress)?;
    (out.values_read, out.notes) = applied.finish(&table.headers, mapping);
    out.notes.splice(0..0, super::import::case_notes(&table.headers, mapping));
    out.valid_rows = planned.len() + unchanged;
    out.unchanged = unchanged;
    out.updates = planned.iter().map(|p| p.shown.clone()).collect();
    if super::import::write_allowed(opts.mode, bad.is_empty()) && !planned.is_empty() {
        let updates: Vec<CaseUpdate> = planned.into_iter().map(|p| p.update).collect();
        out.written = case_import::update_many(db, &updates)?;
        out.applied = true;
    }
    Ok(bad)
}

type Checked = (Vec<Planned>, Vec<(usize, Vec<Problem>)>, usize);

fn check(
    db: &Db,
    sheet: &Sheet,
    applied: &Applied,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Checked, ImportError> {
    let Sheet { table, mapping, opts, file_name } = *sheet;
    let _snapshot = db.snapshot()?;
    let schools = SchoolIndex::new(load_refs(&db.conn)?, opts.county.clone());
    let school_ids: HashSet<i64> = schools.schools.iter().map(|s| s.id).collect();
    let col: HashMap<&str, usize> = mapping.columns.iter().map(|(i, k)| (*k, *i)).collect();
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let (mut planned, mut bad, mut unchanged) = (Vec::new(), Vec::new(), 0);
    let total = table.rows.len();
    for (index, row) in table.rows.iter().enumerate() {
        if index % 2000 == 0 {
            progress(index, total);
        }
        let rows = RowCtx { db, table, mapping, row, col: &col, schools: &schools, school_ids: &school_ids, applied };
        let mut problems = Vec::new();
        match rows.check(&mut problems, &mut seen, file_name)? {
            Some(p) if p.shown.changes.is_empty() && p.shown.steps.is_empty() => unchanged += 1,
            Some(p) => planned.push(p),
            None => {}
        }
        if !problems.is_empty() {
            bad.push((index, problems));
        }
    }
    progress(total, total);
    Ok((planned, bad, unchanged))
}

/// One row being checked, and what it is checked against.
struct RowCtx<'a> {
    db: &'a Db,
    table: &'a Table,
    mapping: &'a Mapping,
    row: &'a SheetRow,
    col: &'a HashMap<&'a str, usize>,
    schools: &'a SchoolIndex,
    school_ids: &'a HashSet<i64>,
    applied: &'a Applied,
}

impl RowCtx<'_> {
    fn raw(&self, key: &str) -> String {
        self.col.get(key).map(|i| cell_text(self.row, *i, is_case_date(key))).unwrap_or_default()
    }

    fn problem(&self, problems: &mut Vec<Problem>, key: &str, value: String, reason: String) {
        problems.push(problem_at(&self.table.headers, self.mapping, self.row.line, key, value, reason));
    }

    /// The row's plan, or `None` with its problems pushed.
    fn check(
        &self,
        problems: &mut Vec<Problem>,
        seen: &mut HashMap<i64, usize>,
        file_name: &str,
    ) -> Result<Option<Planned>, ImportError> {
        let Some(case) = self.find_case(problems)? else { return Ok(None) };
        if let Some(first) = seen.insert(case.id, self.row.line) {
            let reason = fill(X::CaseTwice.s(), &[&case.id, &first]);
            self.problem(problems, "case_id", self.raw("case_id"), reason);
            return Ok(None);
        }
        let target = self.target_status(&case, problems);
        let record = self.record(&case, target.unwrap_or(case.status), problems);
        let (Some(target), Some(record)) = (target, record) else { return Ok(None) };
        let start = Start {
            workflow: case.workflow(),
            registered_on: &case.record.registered_on,
            visits_after: Some(case.last_visit_on.as_deref()),
        };
        let Some(steps) = evidence::steps(self, self.schools, &start, &record, target, problems) else {
            return Ok(None);
        };
        let mut after = case.workflow();
        for (action, input) in &steps {
            match after.after(*action, input) {
                Ok(next) => after = next,
                Err(_) => return Ok(None),
            }
        }
        evidence::check_workflow_columns(self, &after, problems);
        if !problems.is_empty() {
            return Ok(None);
        }
        let changes = workflow::changes(&case.record.texts(), &record.texts());
        let shown = CaseChange {
            line: self.row.line,
            case_id: case.id,
            name: record.name.clone(),
            changes: changes.iter().map(|(k, a, b)| shown_change(self.db, k, a, b)).collect(),
            steps: steps.iter().map(|(a, i)| (action_label(*a).to_string(), i.date.clone())).collect(),
        };
        let note = fill(X::AuditUpdateNote.s(), &[&file_name, &self.row.line]);
        let record = (!changes.is_empty()).then_some(record);
        let update = CaseUpdate { case_id: case.id, version: case.version, record, steps, note };
        Ok(Some(Planned { update, shown }))
    }

    /// The case the row is about: by 案件编号, else by the full ID number; only a case the
    /// session may read.
    fn find_case(&self, problems: &mut Vec<Problem>) -> Result<Option<Case>, ImportError> {
        let number = self.raw("case_id");
        if !number.is_empty() {
            let Ok(id) = number.trim_start_matches('#').parse::<i64>() else {
                self.problem(problems, "case_id", number, X::CaseIdBad.s().to_string());
                return Ok(None);
            };
            let found = cases::get(self.db, id)?;
            if found.is_none() {
                self.problem(problems, "case_id", number, fill(X::CaseNotFound.s(), &[&id]));
            }
            return Ok(found);
        }
        let idn = self.raw("id_number");
        let parsed = crate::domain::id_number::parse(&idn, crate::db::today());
        let Ok(parsed) = parsed.map_err(|_| ()).and_then(|p| if idn.contains('*') { Err(()) } else { Ok(p) }) else {
            self.problem(problems, "id_number", idn, X::UpdateNeedsKey.s().to_string());
            return Ok(None);
        };
        let found = match case_import::case_of_id_number(self.db, &parsed.text)? {
            Some(id) => cases::get(self.db, id)?,
            None => None,
        };
        if found.is_none() {
            self.problem(problems, "id_number", idn, X::NoCaseForId.s().to_string());
        }
        Ok(found)
    }

    /// The status the row asks for (any status: the steps decide whether it is reachable);
    /// the case's own when the cell is empty.
    fn target_status(&self, case: &Case, problems: &mut Vec<Problem>) -> Option<CaseStatus> {
        let text = self.raw("status");
        if text.is_empty() {
            return Some(case.status);
        }
        let status = parse_status(&text);
        if let Some(s) = status {
            self.applied.value("status", &text, s.label());
        } else {
            let all: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.label()).collect();
            self.problem(
                problems,
                "status",
                text,
                fill(X::StatusUnknownAny.s(), &[&all.join(crate::i18n::T::ListSep.s())]),
            );
        }
        status
    }

    /// The case's fields with the row's corrections, checked by the form's rules. An
    /// empty or masked cell keeps the stored value.
    fn record(&self, case: &Case, status: CaseStatus, problems: &mut Vec<Problem>) -> Option<CaseRecord> {
        let school_id = self.school(case, problems)?;
        if self.col.get("id_number").is_some_and(|c| self.row.lossy.contains(c)) {
            self.problem(problems, "id_number", self.raw("id_number"), X::IdAsNumber.s().to_string());
            return None;
        }
        let value = |key: &str| -> String {
            if key == "school_id" {
                return school_id.to_string();
            }
            let cell = self.raw(key);
            if cell.is_empty() || (cell.contains('*') && case::field(key).is_some_and(|f| f.is_personal())) {
                return case.record.text(key);
            }
            normalised(key, &cell, self.applied)
        };
        match case::validate(value, status, crate::db::today(), |id| self.school_ids.contains(&id)) {
            Ok(r) => Some(r),
            Err(errors) => {
                invalid_fields(errors, true, self, &mut |k, v, r| self.problem(problems, k, v, r));
                None
            }
        }
    }

    /// The school the row names (by 学校标识码 or name), checked against the session's
    /// rights; the case's own when the row names none.
    fn school(&self, case: &Case, problems: &mut Vec<Problem>) -> Option<i64> {
        let (code, name) = (self.raw("school_code"), self.raw("school"));
        if code.is_empty() && name.is_empty() {
            return case.record.school_id;
        }
        match self.schools.resolve(&code, &name) {
            Ok(s) if Some(s.id) == case.record.school_id => Some(s.id),
            Ok(s) => {
                let target = Target { region_code: s.county.clone(), school_id: Some(s.id) };
                match self.db.may_write(Some(&target), false) {
                    Ok(()) => Some(s.id),
                    Err(r) => {
                        let msg = crate::i18n::errors::session_refusal(self.db, &r);
                        self.problem(problems, "school", s.name.clone(), msg);
                        None
                    }
                }
            }
            Err((key, reason)) => {
                self.problem(problems, key, self.raw(key), reason);
                None
            }
        }
    }
}

impl Cells for RowCtx<'_> {
    fn raw(&self, key: &str) -> String {
        RowCtx::raw(self, key)
    }

    fn has_column(&self, key: &str) -> bool {
        self.col.contains_key(key)
    }

    fn problem(&self, problems: &mut Vec<Problem>, key: &str, value: String, reason: String) {
        RowCtx::problem(self, problems, key, value, reason)
    }
}

/// A corrected field as the report shows it: its label, old and new as people read them,
/// personal values masked.
fn shown_change(db: &Db, key: &str, old: &str, new: &str) -> (String, String, String) {
    let Some(f) = case::field(key) else { return (key.to_string(), old.to_string(), new.to_string()) };
    let shown = |v: &str| {
        if f.kind == crate::domain::fields::Kind::School {
            v.parse::<i64>()
                .ok()
                .and_then(|id| crate::db::schools::name(&db.conn, id).ok().flatten())
                .unwrap_or_default()
        } else {
            field_shown(f, v, false).into_owned()
        }
    };
    (label_of(f).to_string(), shown(old), shown(new))
}
