//! Commands for scripts and administrators: `import`, `export`, `backup FILE` (the SQLite
//! backup API, safe while others write) and `check` (integrity plus the domain rules over
//! every row, non-zero exit when anything is wrong).

use super::export::{self as export_cmd, ExportArgs};
use super::import::{self as import_cmd, ImportArgs};
use super::{exit, Failure};
use crate::db::Db;
use crate::domain::case::{self, TEXT_FIELDS};
use crate::domain::case_status::CaseStatus;
use crate::domain::region;
use crate::domain::school_rules;
use crate::i18n::fill;
use crate::i18n::io::X;
use clap::Subcommand;
use rusqlite::types::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// 导入 cases or schools from CSV (UTF-8/GBK) or xlsx; a dry run unless --apply / --skip-invalid.
    Import(ImportArgs),
    /// 导出 cases, schools or alliances of a county to xlsx or CSV.
    Export(ExportArgs),
    /// 备份 the database to a new file with the SQLite backup API (safe while others write).
    Backup {
        /// The backup file to create (never overwritten).
        file: PathBuf,
    },
    /// 检查 the database: integrity, and every row against the domain rules. Exit 1 on problems.
    Check {
        /// Machine-readable JSON on stdout.
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
            let problems = check(db).map_err(|e| Failure { message: e.to_string(), code: exit::ERROR })?;
            let text = if *json {
                serde_json::to_string_pretty(&serde_json::json!({ "problems": problems.list, "total": problems.total }))
                    .unwrap_or_default()
            } else {
                problems_text(&problems)
            };
            if problems.total == 0 {
                Ok(text)
            } else {
                println!("{text}");
                Err(Failure { message: fill(X::CheckProblems.s(), &[&problems.total]), code: exit::ERROR })
            }
        }
    }
}

/// Copies the database to `file` (which must not exist) with the online backup API: the
/// copy is one consistent snapshot even while other sessions write (WAL readers never block
/// writers). Returns the number of pages copied.
pub fn backup(db: &Db, file: &Path) -> Result<i32, String> {
    use rusqlite::backup::{Backup, StepResult};
    if file.exists() {
        return Err(fill(X::BackupExists.s(), &[&file.display()]));
    }
    let failed = |e: &dyn std::fmt::Display| fill(X::BackupFailed.s(), &[&file.display(), e]);
    let result = (|| -> rusqlite::Result<i32> {
        let mut dst = rusqlite::Connection::open(file)?;
        {
            let b = Backup::new(&db.conn, &mut dst)?;
            let mut tries = 0;
            loop {
                match b.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked => {
                        tries += 1;
                        if tries > 200 {
                            return Err(rusqlite::Error::SqliteFailure(
                                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                                None,
                            ));
                        }
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                    _ => {}
                }
            }
        }
        let pages: i32 = dst.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        Ok(pages)
    })();
    match result {
        Ok(p) => Ok(p),
        Err(e) => {
            let _ = std::fs::remove_file(file);
            Err(failed(&e))
        }
    }
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

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) => String::new(),
    }
}

/// Runs every check over the whole database.
pub fn check(db: &Db) -> rusqlite::Result<Problems> {
    let conn = &db.conn;
    let mut p = Problems::default();
    let today = crate::db::today();
    // 1. The file itself.
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = row?;
        if line != "ok" {
            p.add(fill(X::CheckIntegrity.s(), &[&line]));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    for row in
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?
    {
        let (table, rowid, parent) = row?;
        p.add(fill(X::CheckIntegrity.s(), &[&format!("{table} #{} -> {parent}", rowid.unwrap_or(0))]));
    }
    // 2. Regions.
    let mut stmt = conn.prepare("SELECT code, parent_code FROM regions")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))? {
        let (code, parent) = row?;
        if region::level_of(&code).is_err() {
            p.add(fill(X::CheckRegion.s(), &[&code, &X::CheckRegionCode.s()]));
        } else if parent != region::parent_of(&code) {
            p.add(fill(X::CheckRegion.s(), &[&code, &fill(X::CheckRegionParent.s(), &[&parent.unwrap_or_default()])]));
        }
    }
    // 3. Schools, through the school form's rules.
    let counties: HashSet<String> = conn
        .prepare("SELECT code FROM regions WHERE level = 3")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let school_ids: HashMap<i64, String> = conn
        .prepare("SELECT id, county_code FROM schools")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let cols = school_rules::FIELDS.join(", ");
    let mut stmt = conn.prepare(&format!("SELECT id, county_code, {cols} FROM schools ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        p.schools += 1;
        let id: i64 = r.get(0)?;
        let county: String = r.get(1)?;
        let values: Vec<String> = (0..school_rules::FIELDS.len())
            .map(|i| r.get::<_, Value>(i + 2).map(|v| text_of(&v)))
            .collect::<Result<_, _>>()?;
        let name = values.first().cloned().unwrap_or_default();
        if !counties.contains(&county) {
            p.add(fill(X::CheckSchoolCounty.s(), &[&id, &name, &county]));
        }
        let value = |k: &str| {
            school_rules::FIELDS.iter().position(|f| *f == k).and_then(|i| values.get(i).cloned()).unwrap_or_default()
        };
        if let Err(errors) = school_rules::validate(value, today, Some(id), |s| school_ids.contains_key(&s)) {
            for (field, e) in errors {
                p.add(fill(
                    X::CheckSchool.s(),
                    &[&id, &name, &crate::i18n::schools::field_label(field), &crate::i18n::schools::school_error(&e)],
                ));
            }
        }
    }
    // 4. Cases, through the case form's rules.
    let cols = TEXT_FIELDS.join(", ");
    let mut stmt = conn.prepare(&format!("SELECT id, status, county_code, {cols} FROM cases ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        p.cases += 1;
        let id: i64 = r.get(0)?;
        let status_code: String = r.get(1)?;
        let county: String = r.get(2)?;
        let values: Vec<String> =
            (0..TEXT_FIELDS.len()).map(|i| r.get::<_, Value>(i + 3).map(|v| text_of(&v))).collect::<Result<_, _>>()?;
        let name = values.first().cloned().unwrap_or_default();
        let Some(status) = CaseStatus::from_code(&status_code) else {
            p.add(fill(X::CheckCaseStatus.s(), &[&id, &status_code]));
            continue;
        };
        let value =
            |k: &str| TEXT_FIELDS.iter().position(|f| *f == k).and_then(|i| values.get(i).cloned()).unwrap_or_default();
        if let Err(errors) = case::validate(value, status, today, |s| school_ids.contains_key(&s)) {
            for (field, e) in errors {
                p.add(fill(
                    X::CheckCase.s(),
                    &[&id, &name, &crate::i18n::ledger::field_label(field), &crate::i18n::ledger::case_error(&e)],
                ));
            }
        }
        if let Some(school_county) = value("school_id").parse::<i64>().ok().and_then(|s| school_ids.get(&s)) {
            if *school_county != county {
                p.add(fill(X::CheckCaseCounty.s(), &[&id, &county, school_county]));
            }
        }
    }
    // 5. Alliances: exactly one current lead, and it is the one the alliance names.
    let mut stmt = conn.prepare(
        "SELECT a.id, a.name, a.lead_school_id,
                (SELECT count(*) FROM alliance_members m WHERE m.alliance_id = a.id AND m.role = 'lead' AND m.left_on IS NULL),
                (SELECT m.school_id FROM alliance_members m WHERE m.alliance_id = a.id AND m.role = 'lead' AND m.left_on IS NULL)
         FROM alliances a WHERE a.dissolved_on IS NULL ORDER BY a.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        p.alliances += 1;
        let (id, name, lead, n, member_lead): (i64, String, Option<i64>, i64, Option<i64>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        if n != 1 {
            p.add(fill(X::CheckAllianceLead.s(), &[&id, &name, &n]));
        } else if lead != member_lead {
            p.add(fill(X::CheckAllianceLeadColumn.s(), &[&id, &name]));
        }
    }
    // 6. The cached counts the overviews show.
    let mut stmt = conn.prepare(
        "SELECT k.county_code, k.status, k.n, coalesce(a.n, 0) FROM case_counts k
         LEFT JOIN (SELECT county_code, status, count(*) AS n FROM cases GROUP BY county_code, status) a
           ON a.county_code = k.county_code AND a.status = k.status
         UNION ALL
         SELECT a.county_code, a.status, 0, a.n FROM
           (SELECT county_code, status, count(*) AS n FROM cases GROUP BY county_code, status) a
         WHERE NOT EXISTS (SELECT 1 FROM case_counts k WHERE k.county_code = a.county_code AND k.status = a.status)",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
    })? {
        let (county, status, cached, actual) = row?;
        if cached != actual {
            p.add(fill(X::CheckCounts.s(), &[&county, &status, &cached, &actual]));
        }
    }
    Ok(p)
}
