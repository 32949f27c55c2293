//! `taizhang school change|history`: a school's dated history (docs/domain.md §18). A change
//! (renamed, its type, its operator, its place, merged into another school, closed, its
//! opening) is checked against the school as stored, written with the school's own columns
//! and audited; a refused one says which value is wrong and changes nothing. `report history`
//! (in `cli::report`) counts them by year.

use super::region::RegionArg;
use super::{exit, sqlite_failure, write_failure, Failure};
use crate::db::history;
use crate::db::{Db, Rule, WriteError};
use crate::domain::history::Event;
use crate::domain::history::{Change, HistoryError};
use crate::i18n::fill;
use crate::i18n::history::{change_label, describe, field_label, history_error, H};
use crate::io::school_rows::{parse_kind, parse_location};
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum SchoolAction {
    Change {
        #[arg(long)]
        school: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        into: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    History {
        #[arg(long)]
        school: String,
        #[arg(long)]
        json: bool,
    },
}

/// What `report history` is asked.
#[derive(Debug, Clone, clap::Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub region: RegionArg,
    #[arg(long)]
    pub from: Option<i32>,
    #[command(flatten)]
    pub out: super::report::ReportOut,
}

pub fn run(db: &mut Db, action: &SchoolAction) -> Result<String, Failure> {
    match action {
        SchoolAction::Change { school, date, kind, to, into, note } => {
            let change = Change::from_word(kind)
                .ok_or_else(|| Failure::usage(history_error(&HistoryError::UnknownChange(kind.clone()))))?;
            let id = school_id(db, school)?;
            let value = change_texts(db, change, date.as_deref(), to.as_deref(), into.as_deref(), note)?;
            let get = |k: &str| value.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
            // Every wrong value at once, before the write (which checks again).
            match history::check(&db.conn, id, change, &get).map_err(|e| sqlite_failure(db, &e))? {
                Some(Err(errors)) => return Err(refused(change, &errors)),
                None => return Err(Failure::usage(fill(H::CliUnknownSchool.s(), &[&school]))),
                Some(Ok(_)) => {}
            }
            let done = history::record(db, id, change, &get).map_err(|e| match &e {
                WriteError::Invalid { field, rule: Rule::History(h) } => refused(change, &[(field, h.clone())]),
                _ => write_failure(db, &e),
            })?;
            let name = crate::db::schools::name(&db.conn, id).ok().flatten().unwrap_or_default();
            Ok(fill(H::Saved.s(), &[&done.on_date, &name, &describe(change, &done.old, &done.new)]))
        }
        SchoolAction::History { school, json } => {
            let id = school_id(db, school)?;
            let rows = history::of_school(&db.conn, id).map_err(|e| sqlite_failure(db, &e))?;
            let name = crate::db::schools::name(&db.conn, id).ok().flatten().unwrap_or_default();
            Ok(if *json { history_json(&name, &rows) } else { history_text(&name, &rows) })
        }
    }
}

/// The school with 学校标识码 `code` that the session may read.
fn school_id(db: &Db, code: &str) -> Result<i64, Failure> {
    let unknown = || Failure::usage(fill(H::CliUnknownSchool.s(), &[&code]));
    let (id, _) =
        crate::db::schools::by_code(&db.conn, code.trim()).map_err(|e| sqlite_failure(db, &e))?.ok_or_else(unknown)?;
    match crate::db::schools::get_visible(db, id).map_err(|e| sqlite_failure(db, &e))? {
        Some(_) => Ok(id),
        None => Err(unknown()),
    }
}

/// The change's texts as its form would hold them: `--to` as the new value (a type or
/// place by its label or code), `--into` the receiving school by its 标识码.
fn change_texts(
    db: &Db,
    change: Change,
    date: Option<&str>,
    to: Option<&str>,
    into: Option<&str>,
    note: &str,
) -> Result<Vec<(&'static str, String)>, Failure> {
    let today = crate::domain::dates::iso(crate::db::today());
    let mut out = vec![("on_date", date.map(str::to_string).unwrap_or(today)), ("note", note.to_string())];
    let Some(key) = change.value_key() else {
        if to.is_some() || into.is_some() {
            return Err(Failure::usage(fill(H::CliNoValue.s(), &[&change.word()])));
        }
        return Ok(out);
    };
    let need = |flag: &str| Failure::usage(fill(H::CliNeedValue.s(), &[&change.word(), &flag]));
    let value = match change {
        Change::Merge => {
            let code = into.or(to).ok_or_else(|| need("--into"))?;
            match crate::db::schools::by_code(&db.conn, code.trim()).map_err(|e| sqlite_failure(db, &e))? {
                Some((id, _)) => id.to_string(),
                None => return Err(Failure::usage(fill(H::CliUnknownSchool.s(), &[&code]))),
            }
        }
        Change::Retype => {
            let t = to.ok_or_else(|| need("--to"))?;
            parse_kind(t.trim()).map(|k| k.code().to_string()).unwrap_or_else(|| t.to_string())
        }
        Change::Location => {
            let t = to.ok_or_else(|| need("--to"))?;
            parse_location(t.trim()).map(|l| l.code().to_string()).unwrap_or_else(|| t.to_string())
        }
        _ => to.ok_or_else(|| need("--to"))?.to_string(),
    };
    out.push((key, value));
    Ok(out)
}

/// A refused change: each wrong value with its field, exit code 2.
fn refused(change: Change, errors: &[(&'static str, HistoryError)]) -> Failure {
    let lines: Vec<String> =
        errors.iter().map(|(k, e)| fill(H::CliRefused.s(), &[&field_label(k), &history_error(e)])).collect();
    Failure { message: format!("{}\n{}", change_label(change), lines.join("\n")), code: exit::BAD_INPUT }
}

fn history_text(name: &str, rows: &[Event]) -> String {
    if rows.is_empty() {
        return fill(H::CliNoChanges.s(), &[&name]);
    }
    let mut out = vec![fill(H::Title.s(), &[&name])];
    for r in rows {
        let who = if r.login.is_empty() { String::new() } else { format!("  ({})", r.login) };
        let note = if r.note.is_empty() { String::new() } else { format!("  {}", r.note) };
        out.push(format!("{}  {}{note}{who}", r.on_date, describe(r.change, &r.old, &r.new)));
    }
    out.join("\n")
}

fn history_json(name: &str, rows: &[Event]) -> String {
    let list: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "on": r.on_date, "change": r.change.code(), "old": r.old, "new": r.new,
                "note": r.note, "login": r.login,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "school": name, "changes": list })).unwrap_or_default()
}

/// `taizhang report history --region CODE [--from YEAR]`: the table by year, the parts
/// above a county, the consolidations. `-o F.xlsx` / `-o F.csv` alone picks the format by
/// the ending.
pub fn report(db: &Db, a: &HistoryArgs) -> Result<String, Failure> {
    use super::rollup::Format;
    let region = a.region.resolve(&db.conn)?;
    let ending =
        a.out.output.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match (Format::parse_or_fail(&a.out.format())?, ending.as_deref()) {
        (Format::Text, Some("xlsx")) => Format::Xlsx,
        (Format::Text, Some("csv")) => Format::Csv,
        (f, _) => f,
    };
    let last = chrono::Datelike::year(&crate::db::today());
    if let Some(y) = a.from.filter(|y| !(1949..=last).contains(y)) {
        return Err(Failure::usage(fill(H::BadFrom.s(), &[&y, &1949, &last])));
    }
    let r = crate::report::history::load(db, &region.code, &region.name, a.from).map_err(|e| sqlite_failure(db, &e))?;
    let name = |c: &str| crate::db::regions::name_or_code(&db.conn, c);
    let mut tables = r.tables(&region.code, &name).into_iter();
    let written = super::rollup::Written {
        title: super::demo_titled(db, r.title.clone()),
        table: tables.next().unwrap_or_else(|| r.years_table()),
        more: tables.collect(),
        notes: vec![H::Note.s().to_string()],
        json: r.json(&region.code, &name),
    };
    super::rollup::write(&written, format, a.out.output.as_deref())
}
