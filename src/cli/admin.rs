//! Commands for scripts and administrators: `import`, `export`, `backup FILE` (the SQLite
//! backup API, safe while others write) and `check` (integrity plus the domain rules over
//! every row, non-zero exit when anything is wrong).

use super::export::{self as export_cmd, ExportArgs};
use super::import::{self as import_cmd, ImportArgs};
use super::{exit, Failure};
use crate::db::maintenance;
use crate::db::Db;
use crate::domain::case;
use crate::domain::case_status::CaseStatus;
use crate::domain::region;
use crate::domain::school_rules;
use crate::i18n::io::X;
use crate::i18n::{fill, ledger as ledger_text, schools as schools_text};
use clap::Subcommand;
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    Import(ImportArgs),
    Export(ExportArgs),
    Backup {
        file: PathBuf,
    },
    Check {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &mut Db, c: &AdminCommand) -> Result<String, Failure> {
    match c {
        AdminCommand::Import(a) => import_cmd::run(db, a),
        AdminCommand::Export(a) => export_cmd::run(db, a),
        AdminCommand::Backup { file } => backup(db, file)
            .map(|pages| fill(X::BackupDone.s(), &[&file.display(), &pages]))
            .map_err(|m| Failure { message: m, code: exit::ERROR }),
        AdminCommand::Check { json } => {
            let problems = check(db).map_err(|e| super::sqlite_failure(db, &e))?;
            let text = if *json {
                serde_json::to_string_pretty(&serde_json::json!({ "problems": problems.list, "total": problems.total }))
                    .unwrap_or_default()
            } else {
                problems_text(&problems)
            };
            if problems.total == 0 {
                Ok(text)
            } else {
                super::print_line(&text);
                Err(Failure { message: fill(X::CheckProblems.s(), &[&problems.total]), code: exit::ERROR })
            }
        }
    }
}

/// Copies the database to `file` (which must not exist) with the online backup API: the
/// copy is one consistent snapshot even while other sessions write (WAL readers never block
/// writers). Returns the number of pages copied; a failed copy leaves no file behind.
pub fn backup(db: &Db, file: &Path) -> Result<i32, String> {
    if file.exists() {
        return Err(fill(X::BackupExists.s(), &[&file.display()]));
    }
    maintenance::backup(&db.conn, file).map_err(|e| {
        let _ = std::fs::remove_file(file);
        fill(X::BackupFailed.s(), &[&file.display(), &e])
    })
}

/// What `check` found: the first problems as sentences, and how many there were in all.
#[derive(Debug, Default)]
pub struct Problems {
    pub list: Vec<String>,
    pub total: usize,
    pub cases: usize,
    pub schools: usize,
    pub alliances: usize,
}

/// Problems listed in full; beyond this they are only counted.
const LIST_LIMIT: usize = 500;

impl Problems {
    fn add(&mut self, s: String) {
        self.total += 1;
        if self.list.len() < LIST_LIMIT {
            self.list.push(s);
        }
    }
}

pub fn problems_text(p: &Problems) -> String {
    if p.total == 0 {
        return fill(X::CheckOk.s(), &[&p.cases, &p.schools, &p.alliances]);
    }
    let mut out = p.list.clone();
    if p.total > p.list.len() {
        out.push(fill(X::CheckMore.s(), &[&(p.total - p.list.len())]));
    }
    out.push(fill(X::CheckProblems.s(), &[&p.total]));
    out.join("\n")
}

/// Runs every check over the whole database.
pub fn check(db: &Db) -> rusqlite::Result<Problems> {
    let conn = &db.conn;
    let mut p = Problems::default();
    check_file(conn, &mut p)?;
    check_regions(conn, &mut p)?;
    let school_counties = maintenance::school_counties(conn)?;
    check_schools(conn, &school_counties, &mut p)?;
    check_cases(conn, &school_counties, &mut p)?;
    check_alliances(conn, &mut p)?;
    check_case_counts(conn, &mut p)?;
    Ok(p)
}

/// The file itself: SQLite's integrity check and foreign keys.
fn check_file(conn: &Connection, p: &mut Problems) -> rusqlite::Result<()> {
    for line in maintenance::integrity_errors(conn)? {
        p.add(fill(X::CheckIntegrity.s(), &[&line]));
    }
    for k in maintenance::broken_keys(conn)? {
        p.add(fill(X::CheckIntegrity.s(), &[&format!("{} #{} -> {}", k.table, k.rowid.unwrap_or(0), k.parent)]));
    }
    Ok(())
}

fn check_regions(conn: &Connection, p: &mut Problems) -> rusqlite::Result<()> {
    for (code, parent) in maintenance::region_parents(conn)? {
        if region::level_of(&code).is_err() {
            p.add(fill(X::CheckRegion.s(), &[&code, &X::CheckRegionCode.s()]));
        } else if parent != region::parent_of(&code) {
            p.add(fill(X::CheckRegion.s(), &[&code, &fill(X::CheckRegionParent.s(), &[&parent.unwrap_or_default()])]));
        }
    }
    Ok(())
}

/// The value of field `key` in a row whose `values` follow `fields`.
fn field_value(fields: &[&str], values: &[String], key: &str) -> String {
    fields.iter().position(|f| *f == key).and_then(|i| values.get(i).cloned()).unwrap_or_default()
}

/// Schools, through the school form's rules.
fn check_schools(conn: &Connection, school_counties: &HashMap<i64, String>, p: &mut Problems) -> rusqlite::Result<()> {
    let counties = crate::db::regions::unit_codes(conn)?;
    let today = crate::db::today();
    maintenance::each_school(conn, |row| {
        p.schools += 1;
        let name = row.values.first().cloned().unwrap_or_default();
        if !counties.contains(&row.county_code) {
            p.add(fill(X::CheckSchoolCounty.s(), &[&row.id, &name, &row.county_code]));
        }
        let keys: Vec<&str> = school_rules::FIELDS.iter().map(|f| f.key).collect();
        let value = |k: &str| field_value(&keys, &row.values, k);
        if let Err(errors) = school_rules::validate(value, today, Some(row.id), |s| school_counties.contains_key(&s)) {
            for (field, e) in errors {
                let (field, e) = (schools_text::field_label(field), schools_text::school_error(&e));
                p.add(fill(X::CheckSchool.s(), &[&row.id, &name, &field, &e]));
            }
        }
    })
}

/// Cases, through the case form's rules; and each case in its school's county.
fn check_cases(conn: &Connection, school_counties: &HashMap<i64, String>, p: &mut Problems) -> rusqlite::Result<()> {
    let today = crate::db::today();
    maintenance::each_case(conn, |row| {
        p.cases += 1;
        let name = row.values.first().cloned().unwrap_or_default();
        let Some(status) = CaseStatus::from_code(&row.status) else {
            p.add(fill(X::CheckCaseStatus.s(), &[&row.id, &row.status]));
            return;
        };
        let value = |k: &str| {
            case::FIELDS.iter().position(|f| f.key == k).and_then(|i| row.values.get(i).cloned()).unwrap_or_default()
        };
        if let Err(errors) = case::validate(value, status, today, |s| school_counties.contains_key(&s)) {
            for (field, e) in errors {
                let (field, e) = (ledger_text::field_label(field), ledger_text::case_error(&e));
                p.add(fill(X::CheckCase.s(), &[&row.id, &name, &field, &e]));
            }
        }
        if let Some(school_county) = value("school_id").parse::<i64>().ok().and_then(|s| school_counties.get(&s)) {
            if *school_county != row.county_code {
                p.add(fill(X::CheckCaseCounty.s(), &[&row.id, &row.county_code, school_county]));
            }
        }
    })
}

/// Alliances: exactly one current lead, and it is the one the alliance names.
fn check_alliances(conn: &Connection, p: &mut Problems) -> rusqlite::Result<()> {
    for a in maintenance::alliance_leads(conn)? {
        p.alliances += 1;
        if a.leads != 1 {
            p.add(fill(X::CheckAllianceLead.s(), &[&a.id, &a.name, &a.leads]));
        } else if a.lead_school_id != a.member_lead {
            p.add(fill(X::CheckAllianceLeadColumn.s(), &[&a.id, &a.name]));
        }
    }
    Ok(())
}

/// The cached counts the overviews show.
fn check_case_counts(conn: &Connection, p: &mut Problems) -> rusqlite::Result<()> {
    for c in maintenance::case_counts(conn)?.into_iter().filter(|c| c.cached != c.actual) {
        p.add(fill(X::CheckCounts.s(), &[&c.county_code, &c.status, &c.cached, &c.actual]));
    }
    Ok(())
}
