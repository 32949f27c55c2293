//! `taizhang report registry --region CODE [--json]` and `taizhang export registry --region
//! CODE -o FILE`: the special-group registry's 登记表 (personal fields masked) and 统计表,
//! of a county (by school) or a prefecture (by county), narrowed to what the login reads;
//! `taizhang registry contact --child ID …` logs a care contact (checked, audited) and
//! `taizhang registry show --child ID` lists a child's record (masked) and contacts.

use super::region::PlaceArg;
use super::report::{csv, report_failure, tables_json, xlsx};
use super::Failure;
use crate::db::registry::{self as store, Child, Contact, NewContact};
use crate::db::Db;
use crate::i18n::io::X;
use crate::i18n::registry::{self as words, RG};
use crate::i18n::{fill, Label};
use crate::io::export::Format;
use crate::report::indicators::{text, Cell, Table};
use std::path::Path;

/// The title and tables of the place `place` names.
fn load(db: &Db, place: &PlaceArg) -> Result<(String, Vec<Table>), Failure> {
    let (region, place) = place.resolve(db)?;
    let tables = crate::io::registry::tables(db, &place.region, place.school).map_err(|e| report_failure(db, e))?;
    let title = super::demo_titled(db, fill(RG::Title.s(), &[&format!("{}（{}）", region.name, region.code)]));
    Ok((title, tables))
}

/// `report registry`: both tables as text, or as JSON.
pub fn report(db: &Db, place: &PlaceArg, json: bool) -> Result<String, Failure> {
    let (title, tables) = load(db, place)?;
    if json {
        let v = serde_json::json!({ "title": title, "tables": tables_json(&tables) });
        return Ok(serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    Ok(text(&title, &tables))
}

/// `export registry`: an xlsx with one sheet per table, or a CSV with both tables one
/// after the other (each under its title).
pub fn export(db: &Db, place: &PlaceArg, format: Format, output: &Path) -> Result<String, Failure> {
    let (title, tables) = load(db, place)?;
    let io = |e: &dyn std::fmt::Display| Failure::usage(fill(X::WriteIo.s(), &[&output.display(), e]));
    match format {
        Format::Xlsx => xlsx(&title, &tables, output).map_err(|e| io(&e))?,
        Format::Csv => {
            let bytes = csv(&title, &tables).map_err(|e| io(&e))?;
            std::fs::write(output, bytes).map_err(|e| io(&e))?;
        }
    }
    let children = tables.iter().find(|t| t.title == RG::SheetRegister.s()).map_or(0, |t| t.rows.len());
    Ok(fill(RG::Exported.s(), &[&children, &output.display()]))
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, clap::Subcommand)]
pub enum RegistryAction {
    Contact {
        #[arg(long)]
        child: i64,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        who: String,
        #[arg(long)]
        kind: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    Show {
        #[arg(long)]
        child: i64,
    },
}

pub fn run(db: &mut Db, action: &RegistryAction) -> Result<String, Failure> {
    match action {
        RegistryAction::Contact { child, date, who, kind, note } => {
            let c = child_of(db, *child)?;
            let today = crate::db::today();
            let on = date.clone().unwrap_or_else(|| crate::domain::dates::iso(today));
            let value = |k: &str| match k {
                "happened_on" => on.clone(),
                "who" => who.clone(),
                "kind" => kind.clone(),
                _ => note.clone(),
            };
            let checked =
                crate::domain::registry::validate_contact(value, &c.record.registered_on, today, words::contact_kind)
                    .map_err(|e| Failure::usage(words::contact_errors(&e)))?;
            let new = NewContact { on: checked.on, who: checked.who, kind: checked.kind, note: checked.note };
            store::add_contact(db, &c, &new).map_err(|e| super::write_failure(db, &e))?;
            Ok(fill(RG::ContactSaved.s(), &[&new.on, &new.kind.label()]))
        }
        RegistryAction::Show { child } => {
            let c = child_of(db, *child)?;
            let contacts = store::contacts(&db.conn, c.id).map_err(|e| report_failure(db, e.into()))?;
            Ok(show(db, &c, &contacts))
        }
    }
}

/// The child numbered `id`, if the session reads it.
fn child_of(db: &Db, id: i64) -> Result<Child, Failure> {
    store::get(db, id)
        .map_err(|e| report_failure(db, e.into()))?
        .ok_or_else(|| Failure::usage(fill(RG::ChildNotFound.s(), &[&id])))
}

/// A child's 登记表 fields (personal ones masked) and its contacts, oldest first.
fn show(db: &Db, c: &Child, contacts: &[Contact]) -> String {
    let fields = Table {
        title: RG::SheetRegister.s().to_string(),
        headers: vec![RG::ColField.s().to_string(), RG::ColValue.s().to_string()],
        rows: crate::io::registry::register_headers(false)
            .into_iter()
            .zip(crate::io::registry::register_cells(db, c, false))
            .map(|(h, v)| vec![Cell::Text(h), Cell::Text(v)])
            .collect(),
    };
    let headers = [RG::FieldOn, RG::FieldWho, RG::FieldKind, RG::FieldNote].map(|t| t.s().to_string());
    let care = Table {
        title: RG::Contacts.s().to_string(),
        headers: headers.to_vec(),
        rows: contacts
            .iter()
            .map(|k| [&k.on, &k.who, &k.kind.label().to_string(), &k.note].map(|t| Cell::Text(t.clone())).to_vec())
            .collect(),
    };
    let title = super::demo_titled(db, fill(RG::ShowTitle.s(), &[&c.id, &c.record.name, &c.school_name]));
    text(&title, &[fields, care])
}
