//! `taizhang import cohorts|disabled|rotations|enrolment|classes FILE` and the matching `taizhang export …`
//! template. Headers are matched by the figures' field tables (`domain::figures`: labels and
//! synonyms) the way the case import matches its own; every row is checked before anything
//! is written; `--apply` writes all rows of the one county in one transaction, only if every
//! row is valid (`--skip-invalid`: the valid ones), each row audited.

use super::export::{write_table, ExportError, Format};
use super::import::{ImportError, Mode, Options, Outcome, Problem};
use super::read::{self, normalise_header, Mapping};
use crate::db::audit::WriteError;
use crate::db::figures::{self as store, FigureRow};
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::fields::{Field, Required};
use crate::domain::figures::{self as figures, FigureError, Figures};
use crate::i18n::evaluation::{figure_error, figure_label};
use crate::i18n::fill;
use crate::i18n::io::X;
use std::path::Path;

fn names(f: &Field) -> impl Iterator<Item = &'static str> {
    [f.zh, f.en].into_iter().chain(f.synonyms.iter().copied())
}

fn map_headers(what: Figures, headers: &[String]) -> Mapping {
    let fields = what.fields();
    read::map_headers_by(headers, |n| {
        fields.iter().find(|f| f.key == n || names(f).any(|h| normalise_header(h) == n)).map(|f| f.key)
    })
}

/// A row's problem against the column that holds it (or the field's name when absent).
fn problem(line: usize, column: String, value: String, reason: String) -> Problem {
    Problem { line, column, value, reason }
}

/// Checks every row of `path` and, unless it is a dry run, writes them.
pub fn run(db: &mut Db, what: Figures, path: &Path, opts: &Options) -> Result<Outcome, ImportError> {
    if let Some(c) = &opts.county {
        let is_county = crate::domain::region::level_of(c) == Ok(crate::domain::region::Level::County)
            && crate::db::regions::get(&db.conn, c)?.is_some();
        if !is_county {
            return Err(ImportError::BadCounty(c.clone()));
        }
    }
    let table = read::read_table(path, opts.encoding, opts.sheet.as_deref()).map_err(ImportError::Read)?;
    let mapping = map_headers(what, &table.headers);
    let missing: Vec<String> = what
        .fields()
        .iter()
        .filter(|f| f.required == Required::Always && !mapping.has(f.key))
        .filter(|f| !(opts.county.is_some() && f.key == figures::COUNTY.key))
        .map(|f| names(f).take(3).collect::<Vec<_>>().join(" / "))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    if !mapping.repeated.is_empty() {
        return Err(ImportError::RepeatedColumns(mapping.repeated));
    }
    let this_year = chrono::Datelike::year(&crate::db::today());
    let schools = crate::db::schools::load_refs(&db.conn)?;
    let mut out = Outcome::of_file(path, &table, &mapping);
    let mut good: Vec<FigureRow> = Vec::new();
    let mut county_of_file: Option<String> = opts.county.clone();
    for row in &table.rows {
        let get = |k: &str| -> String {
            match mapping.column_of(k) {
                Some(c) => row.cell(c).trim().to_string(),
                None if k == figures::COUNTY.key => opts.county.clone().unwrap_or_default(),
                None => String::new(),
            }
        };
        let column = |k: &'static str| match mapping.column_of(k) {
            Some(c) => table.headers.get(c).cloned().unwrap_or_default(),
            None => figure_label(what, k).to_string(),
        };
        let resolved = resolve(&db.conn, what, &get, &schools, this_year)?;
        let mut problems: Vec<Problem> = match &resolved {
            Ok(_) => Vec::new(),
            Err(bad) => bad.iter().map(|(k, why)| problem(row.line, column(k), get(k), why.clone())).collect(),
        };
        let county = get(figures::COUNTY.key);
        let county_ok = !problems.iter().any(|p| p.column == column("county"));
        if county_ok && !county.is_empty() {
            match &county_of_file {
                Some(c) if *c != county => problems.push(problem(
                    row.line,
                    column("county"),
                    county.clone(),
                    fill(crate::i18n::evaluation::E::OneCounty.s(), &[c]),
                )),
                Some(_) => {}
                None => county_of_file = Some(county.clone()),
            }
        }
        match resolved {
            Ok(r) if problems.is_empty() => {
                out.valid_rows += 1;
                good.push(r);
            }
            _ => {
                out.invalid_rows += 1;
                out.problems.extend(problems);
            }
        }
    }
    let write = match opts.mode {
        Mode::DryRun => false,
        Mode::Apply => out.invalid_rows == 0,
        Mode::SkipInvalid => true,
    };
    if write && !good.is_empty() {
        let county = county_of_file.unwrap_or_default();
        let target = Target { region_code: county, school_id: None };
        let note = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        let n = db.write(&target, true, |tx| {
            let mut audit = Vec::new();
            for r in &good {
                audit.extend(
                    store::put(tx, what, r).map_err(WriteError::from)?.into_iter().map(|a| a.with_note(note.clone())),
                );
            }
            Ok((good.len(), audit))
        })?;
        out.written = n;
        out.applied = true;
    }
    Ok(out)
}

/// One row's texts (field key → text) checked and resolved — the county known, the school
/// one of the county's — as the row to store, or each bad field's key with what is wrong.
/// The import and the figures form share it.
pub fn resolve(
    conn: &rusqlite::Connection,
    what: Figures,
    get: &dyn Fn(&str) -> String,
    schools: &[crate::db::schools::SchoolRef],
    this_year: i32,
) -> rusqlite::Result<Result<FigureRow, Vec<(&'static str, String)>>> {
    let mut bad: Vec<(&'static str, String)> =
        figures::check(what.fields(), get, this_year).into_iter().map(|(k, e)| (k, figure_error(what, &e))).collect();
    let county = get(figures::COUNTY.key);
    let known = crate::domain::region::level_of(&county) == Ok(crate::domain::region::Level::County)
        && crate::db::regions::get(conn, &county)?.is_some();
    if !county.is_empty() && !known {
        bad.push((figures::COUNTY.key, fill(X::BadCounty.s(), &[&county])));
    }
    let mut school_id = None;
    let school = get("school");
    if what.per_school() && !school.is_empty() {
        let mine: Vec<_> = schools
            .iter()
            .filter(|s| s.county == county && (s.name == school || s.code.as_deref() == Some(&school)))
            .collect();
        match mine.as_slice() {
            [one] => school_id = Some(one.id),
            _ => bad.push(("school", fill(X::SchoolUnknown.s(), &[&school]))),
        }
    }
    if !bad.is_empty() {
        return Ok(Err(bad));
    }
    let values: Vec<(&'static str, Option<i64>)> = what
        .fields()
        .iter()
        .filter(|f| matches!(f.kind, crate::domain::fields::Kind::Int { .. }))
        .map(|f| (f.key, figures::parse_count(&get(f.key))))
        .collect();
    Ok(Ok(FigureRow {
        county,
        year: figures::parse_year(&get("year"), this_year),
        stage: stage_code(what, &get("stage")),
        school_id,
        values,
        note: get("note"),
    }))
}

/// Writes the template a user fills in: the import's headers, and the county's stored rows
/// (so an export, edited and imported again, changes only what was edited).
pub fn export_template(
    db: &Db,
    what: Figures,
    county: &str,
    path: &Path,
    format: Format,
) -> Result<usize, ExportError> {
    if crate::domain::region::level_of(county) != Ok(crate::domain::region::Level::County)
        || crate::db::regions::get(&db.conn, county)?.is_none()
    {
        return Err(ExportError::NotACounty(county.to_string()));
    }
    // County figures are counts: the same scope as the county's reports.
    db.report_coverage(county, None).map_err(ExportError::Refused)?;
    let fields = what.fields();
    let headers: Vec<String> = fields.iter().map(|f| figure_label(what, f.key).to_string()).collect();
    let rows: Vec<Vec<String>> = store::rows(&db.conn, what, county)?
        .into_iter()
        .map(|texts| {
            fields
                .iter()
                .map(|f| {
                    let t = crate::db::record::text_of(&texts, f.key);
                    if f.key == "stage" {
                        stage_text(what, &t)
                    } else {
                        t
                    }
                })
                .collect()
        })
        .collect();
    let sheet = crate::i18n::evaluation::figures_name(what);
    let kinds: Vec<super::export::Col> = fields.iter().map(|f| super::export::Col::of(f.kind)).collect();
    write_table(path, format, sheet, (&headers, &kinds), &rows)?;
    Ok(rows.len())
}

/// The stored code of a row's stage: a cohort's 初中 / 九年, an enrolment or class row's
/// 小学 / 初中.
fn stage_code(what: Figures, text: &str) -> Option<&'static str> {
    match what {
        Figures::Cohorts => figures::parse_stage(text).map(|s| s.code()),
        Figures::Enrolment | Figures::Classes => figures::parse_school_stage(text).map(figures::school_stage_code),
        Figures::Disabled | Figures::Rotations => None,
    }
}

/// A stored stage code as the file writes it (初中 / 九年, 小学 / 初中).
pub fn stage_text(what: Figures, code: &str) -> String {
    match what {
        Figures::Cohorts => figures::parse_stage(code)
            .map(|s| crate::i18n::indicators::cohort_stage_short(s).to_string())
            .unwrap_or_else(|| code.to_string()),
        _ => figures::parse_school_stage(code)
            .map(|s| crate::i18n::indicators::stage_short(s).to_string())
            .unwrap_or_else(|| code.to_string()),
    }
}

/// The problem text of a figure error (for tests and the screen).
pub fn describe(what: Figures, e: &FigureError) -> String {
    figure_error(what, e)
}
