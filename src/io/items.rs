//! Item ledgers (销号管理) in and out of spreadsheets: `taizhang import items FILE` (the
//! shared dry run / apply / skip-invalid of `io::import`, every row checked with the item
//! form's rules) and `taizhang export items --region CODE -o FILE`, whose file is the
//! import's template: exported and imported again, it changes nothing (each row's 编号
//! names an item the ledger holds). Rows without a 编号 are new items: two alike are two
//! items (two classes of one grade can both be too large), so no row is matched by its text.

use super::export::{self, Col, ExportError, Format};
use super::import::{
    cell_text, field_headers, header_of, import_key, shown_value, Checked, ImportError, Options, Problem, SchoolIndex,
    Skipped,
};
use super::read::{self, Mapping, Table};
use crate::db::items::{self as store, Filter, ItemKind, NewItem};
use crate::db::scope::Coverage;
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::fields::{Field, Kind as FieldKind};
use crate::domain::items::{self as rules, CLOSE_FIELDS, FIELDS};
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::i18n::items::{item_error, kind_name, IT};
use crate::i18n::ledger::label_of;
use std::collections::HashMap;
use std::path::Path;

/// The columns besides the item's fields: the county's code (a county-level item has no
/// school to name it) and the school's 学校标识码.
const COUNTY_CODE: read::FieldSpec =
    read::FieldSpec { key: "county_code", headers: &["县区代码", "县区编码", "County code"] };
const SCHOOL_CODE: read::FieldSpec =
    read::FieldSpec { key: "school_code", headers: &["学校标识码", "学校代码", "School code"] };
/// The item's number, as exported: a row with one is an item the ledger holds already.
const ITEM_ID: read::FieldSpec = read::FieldSpec { key: "item_id", headers: &["编号", "台账编号", "Item no."] };
/// The extra columns, in the export's order.
const EXTRA: [read::FieldSpec; 3] = [ITEM_ID, COUNTY_CODE, SCHOOL_CODE];

/// Every field a row may hold: the item's, then its close.
fn all_fields() -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().chain(CLOSE_FIELDS.iter())
}

fn field(key: &str) -> Option<&'static Field> {
    all_fields().find(|f| f.key == key)
}

/// The extra columns' headers in the current language, in [`EXTRA`] order (the import
/// reads either language's).
fn extra_labels() -> [&'static str; 3] {
    [IT::ColItemNo.s(), IT::ColCountyCode.s(), X::HeaderSchoolCode.s()]
}

/// How a problem names a column the file lacks: the field's label, or the extra column's
/// first header.
pub fn column_label(key: &str) -> String {
    let extra = EXTRA.iter().position(|s| s.key == key).and_then(|i| extra_labels().get(i).copied());
    let field = field(if key == "school" { "school_id" } else { key }).map(label_of);
    field.or(extra).unwrap_or(key).to_string()
}

/// The column a normalised header names in an item file.
pub fn column_of(n: &str) -> Option<&'static str> {
    let named = |h: &str| read::normalise_header(h) == n;
    // The codes first: the school field lists 学校标识码 among its synonyms (the form's
    // school picker finds by either), but here the code has its own column.
    EXTRA
        .into_iter()
        .find(|s| s.key == n || s.headers.iter().any(|h| named(h)))
        .map(|s| s.key)
        .or_else(|| all_fields().find(|f| f.key == n || field_headers(f).any(named)).map(import_key))
}

/// The required columns the file lacks, each as the headers accepted for it.
pub fn missing_columns(m: &Mapping) -> Vec<String> {
    ["kind", "problem", "opened_on"]
        .into_iter()
        .filter(|k| !m.has(k))
        .filter_map(field)
        .map(|f| field_headers(f).take(3).collect::<Vec<_>>().join(" / "))
        .collect()
}

/// An item row that passed every rule.
pub struct GoodItem {
    pub line: usize,
    pub item: NewItem,
}

/// What checking the rows of one file needs, read once.
struct Context {
    kinds: Vec<ItemKind>,
    kind_codes: Vec<String>,
    schools: SchoolIndex,
    today: chrono::NaiveDate,
}

/// Checks every row of an item file with the form's rules; nothing is written.
pub(crate) fn check(
    db: &Db,
    table: &Table,
    mapping: &Mapping,
    opts: &Options,
) -> Result<Checked<GoodItem>, ImportError> {
    let kinds = store::kinds(&db.conn)?;
    let ctx = Context {
        kind_codes: kinds.iter().map(|k| k.code.clone()).collect(),
        kinds,
        schools: SchoolIndex::new(crate::db::schools::load_refs(&db.conn)?, opts.county.clone()),
        today: crate::db::today(),
    };
    let col: HashMap<&str, usize> = mapping.columns.iter().map(|(i, k)| (*k, *i)).collect();
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut checked = Checked { good: Vec::new(), bad: Vec::new(), duplicates: Vec::new() };
    for (index, row) in table.rows.iter().enumerate() {
        let is_date = |key: &str| field(key).is_some_and(|f| f.kind == FieldKind::Date);
        let raw = |key: &str| col.get(key).map(|i| cell_text(row, *i, is_date(key))).unwrap_or_default();
        let mut problems: Vec<Problem> = Vec::new();
        let mut problem = |key: &str, value: String, reason: String| {
            let label = column_label(key);
            problems.push(Problem {
                line: row.line,
                column: header_of(&table.headers, mapping, key, &label),
                value: shown_value(value),
                reason,
            })
        };
        let checked_row = check_row(db, &ctx, &raw, opts, &mut problem)?;
        let known = known_item(db, &raw, checked_row.as_ref(), &mut problem)?;
        if let Some(item) = checked_row.filter(|_| problems.is_empty()) {
            let dup = match known {
                Some(id) => match seen.insert(id, row.line) {
                    Some(first) => Some(fill(IT::DuplicateInFile.s(), &[&first])),
                    None => Some(fill(IT::DuplicateItem.s(), &[&id])),
                },
                None => None,
            };
            match dup {
                Some(reason) => {
                    checked.duplicates.push(Skipped { line: row.line, name: item.record.problem.clone(), reason })
                }
                None => checked.good.push(GoodItem { line: row.line, item }),
            }
        }
        if !problems.is_empty() {
            checked.bad.push((index, problems));
        }
    }
    Ok(checked)
}

/// The item a row's 编号 names (`None`: a new item). A 编号 the ledger does not hold, or
/// holds in another county, is a problem: the row may have been edited into another item.
fn known_item(
    db: &Db,
    raw: &dyn Fn(&str) -> String,
    item: Option<&NewItem>,
    problem: &mut dyn FnMut(&str, String, String),
) -> rusqlite::Result<Option<i64>> {
    let text = raw(ITEM_ID.key);
    if text.is_empty() {
        return Ok(None);
    }
    let id = text.parse::<i64>().ok();
    let county = match id {
        Some(id) => store::county_of(&db.conn, id)?,
        None => None,
    };
    match (id, county, item) {
        (Some(id), Some(c), Some(item)) if c == item.county => Ok(Some(id)),
        (Some(id), Some(_), None) => Ok(Some(id)),
        _ => {
            problem(ITEM_ID.key, text.clone(), fill(IT::ErrItemUnknown.s(), &[&text]));
            Ok(None)
        }
    }
}

/// One row checked: its item, or `None` with every problem told to `problem`.
fn check_row(
    db: &Db,
    ctx: &Context,
    raw: &dyn Fn(&str) -> String,
    opts: &Options,
    problem: &mut dyn FnMut(&str, String, String),
) -> rusqlite::Result<Option<NewItem>> {
    // A row with a wrong place still has its other fields checked: every problem at once.
    let mut county = row_county(db, ctx, raw, opts, problem)?;
    if let Some((code, school)) = &county {
        if let Err(r) = db.may_write(Some(&Target { region_code: code.clone(), school_id: *school }), false) {
            problem("school", raw("school"), crate::i18n::errors::session_refusal(db, &r));
            county = None;
        }
    }
    // The kind may be typed as its code or its name; the form's rule checks the code.
    let kind_raw = raw("kind");
    let kind = store::find_kind(&ctx.kinds, &kind_raw).map_or_else(|| kind_raw.clone(), |k| k.code.clone());
    let school_id = county.as_ref().and_then(|c| c.1).map(|id| id.to_string()).unwrap_or_default();
    let value = |key: &str| match key {
        "kind" => kind.clone(),
        "school_id" => school_id.clone(),
        k => raw(k),
    };
    let record = told(rules::validate(&value, &ctx.kind_codes, ctx.today), raw, problem);
    let closing = row_closing(ctx, raw, record.as_ref().map(|r| r.opened_on.as_str()), problem);
    let place = county.map(|c| c.0);
    Ok(record.zip(closing).zip(place).map(|((record, closing), county)| NewItem { county, record, closing }))
}

/// A row's county and school: the school's (by 学校标识码 or name), else the 县区代码 column
/// or `--county` for a county-level item.
fn row_county(
    db: &Db,
    ctx: &Context,
    raw: &dyn Fn(&str) -> String,
    opts: &Options,
    problem: &mut dyn FnMut(&str, String, String),
) -> rusqlite::Result<Option<(String, Option<i64>)>> {
    let given = raw("county_code");
    if !raw("school").is_empty() || !raw("school_code").is_empty() {
        let within = Some(given.as_str()).filter(|g| !g.is_empty()).or(opts.county.as_deref());
        return Ok(match ctx.schools.resolve_in(&raw("school_code"), &raw("school"), within) {
            Ok(s) if !given.is_empty() && given != s.county => {
                problem("county_code", given.clone(), fill(IT::ErrSchoolElsewhere.s(), &[&s.name, &s.county, &given]));
                None
            }
            Ok(s) => Some((s.county.clone(), Some(s.id))),
            Err((key, reason)) => {
                problem(key, raw(key), reason);
                None
            }
        });
    }
    let code = Some(given).filter(|g| !g.is_empty()).or_else(|| opts.county.clone()).unwrap_or_default();
    if code.is_empty() {
        problem("county_code", code, IT::ErrCountyNeeded.s().to_string());
        return Ok(None);
    }
    let known = region::level_of(&code) == Ok(Level::County) && crate::db::regions::get(&db.conn, &code)?.is_some();
    if !known {
        problem("county_code", code.clone(), fill(IT::ErrCountyUnknown.s(), &[&code]));
        return Ok(None);
    }
    Ok(Some((code, None)))
}

/// A row's close: `Ok(None)` for an open item (no close column filled), `None` when the
/// close is wrong (told to `problem`). `opened_on` is `None` when the opening is wrong.
fn row_closing(
    ctx: &Context,
    raw: &dyn Fn(&str) -> String,
    opened_on: Option<&str>,
    problem: &mut dyn FnMut(&str, String, String),
) -> Option<Option<rules::Closing>> {
    if CLOSE_FIELDS.iter().all(|f| raw(f.key).is_empty()) {
        return Some(None);
    }
    // Without a good opening day there is nothing to check the close's date against.
    told(rules::validate_close(raw, opened_on.unwrap_or_default(), ctx.today), raw, problem).map(Some)
}

/// The checked value, or `None` with each field's error told to `problem`.
fn told<T>(
    checked: Result<T, rules::Errors>,
    raw: &dyn Fn(&str) -> String,
    problem: &mut dyn FnMut(&str, String, String),
) -> Option<T> {
    checked
        .map_err(|errors| {
            for (key, e) in errors {
                problem(key, raw(key), item_error(&e));
            }
        })
        .ok()
}

/// Writes the checked items in one transaction, audited with the file's name.
pub(crate) fn write(db: &mut Db, rows: &[GoodItem], file: &str) -> Result<usize, ImportError> {
    let Some(first) = rows.first() else { return Ok(0) };
    let target = Target { region_code: first.item.county.clone(), school_id: first.item.record.school_id };
    let items: Vec<NewItem> = rows.iter().map(|g| g.item.clone()).collect();
    let note = fill(X::AuditNote.s(), &[&file]);
    let ids = store::insert_many(db, &target, &items, &note).map_err(ImportError::Write)?;
    Ok(ids.len())
}

// ---------------------------------------------------------------------------------------
// The export.

/// The export's headers: the item's number, the county's code, the school's code, each
/// field, the close.
pub fn headers() -> Vec<String> {
    let codes = extra_labels();
    let labels = all_fields().map(label_of);
    codes.into_iter().chain(labels).map(str::to_string).collect()
}

fn kinds_of_columns() -> Vec<Col> {
    let codes = [Col::Number, Col::Text, Col::Text];
    codes.into_iter().chain(all_fields().map(|f| Col::of(f.kind))).collect()
}

/// One item's cells in [`headers`] order: the kind by its name, the school by its name.
fn cells(item: &store::Item, kinds: &[ItemKind], school_codes: &HashMap<i64, String>) -> Vec<String> {
    let texts = item.record.texts();
    let close = item.close_texts();
    let school_code = item.record.school_id.and_then(|id| school_codes.get(&id).cloned()).unwrap_or_default();
    let mut out = vec![item.id.to_string(), item.county_code.clone(), school_code];
    for f in all_fields() {
        let text = texts.iter().chain(close.iter()).find(|(k, _)| *k == f.key).map(|(_, v)| v.clone());
        out.push(match f.key {
            "kind" => kind_name(kinds, &item.record.kind).to_string(),
            "school_id" => item.school.clone().unwrap_or_default(),
            _ => text.unwrap_or_default(),
        });
    }
    out
}

/// Exports the items of region `code` the session reads to `path`; the number of rows.
pub fn export(db: &Db, code: &str, path: &Path, format: Format) -> Result<usize, ExportError> {
    if region::level_of(code).is_err() || crate::db::regions::get(&db.conn, code)?.is_none() {
        return Err(ExportError::NotARegion(code.to_string()));
    }
    let coverage = db.read_scope().export_places(code, None).map_err(|r| ExportError::Refused(db.place_refused(r)))?;
    let school = match coverage {
        Coverage::County => None,
        Coverage::School(id) => Some(id),
    };
    let items = store::list(db, code, &Filter { school, ..Filter::default() })?;
    let kinds = store::kinds(&db.conn)?;
    let school_codes: HashMap<i64, String> =
        crate::db::schools::load_refs(&db.conn)?.into_iter().filter_map(|s| Some((s.id, s.code?))).collect();
    let rows: Vec<Vec<String>> = items.iter().map(|i| cells(i, &kinds, &school_codes)).collect();
    let headers = headers();
    export::write_table(path, format, IT::SheetItems.s(), (&headers, &kinds_of_columns()), &rows)?;
    Ok(rows.len())
}
