//! `taizhang report registry --region CODE [--json]` and `taizhang export registry --region
//! CODE -o FILE`: the special-group registry's 登记表 (personal fields masked) and 统计表,
//! of a county (by school) or a prefecture (by county), narrowed to what the login reads.

use super::region::PlaceArg;
use super::report::{csv, report_failure, tables_json, xlsx};
use super::Failure;
use crate::db::Db;
use crate::i18n::fill;
use crate::i18n::io::X;
use crate::i18n::registry::RG;
use crate::io::export::Format;
use crate::report::indicators::{text, Table};
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
