//! `taizhang item-kind add|list` and `taizhang items list|add|progress|close|reopen|months|
//! needing`: the item ledgers (销号管理) from the command line. Every change goes through the
//! audited write path, within the login's scope (a 填报员 only their school's items).

use super::region::resolve;
use super::{exit, write_failure, Failure};
use crate::db::items::{self, Filter, ItemKind};
use crate::db::Db;
use crate::domain::items::{self as rules, ItemRecord};
use crate::domain::monthly::Month;
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::items::{field_errors, kind_label, IT};
use crate::report::indicators::{text, Table};
use crate::report::items as rep;
use clap::Subcommand;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum KindAction {
    Add {
        code: String,
        #[arg(long)]
        zh: String,
        #[arg(long, default_value = "")]
        en: String,
    },
    List,
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum ItemsAction {
    List {
        #[arg(long = "region", visible_alias = "county")]
        region: String,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        school: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Add {
        #[arg(long = "region", visible_alias = "county")]
        region: String,
        #[arg(long)]
        school: Option<String>,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        problem: String,
        #[arg(long, default_value = "")]
        measure: String,
        #[arg(long, default_value = "")]
        unit: String,
        #[arg(long, default_value = "")]
        person: String,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        due: Option<String>,
    },
    Progress {
        id: i64,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        note: String,
    },
    Close {
        id: i64,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        evidence: String,
        #[arg(long)]
        by: String,
    },
    Reopen {
        id: i64,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        note: String,
    },
    Months {
        #[arg(long = "region", visible_alias = "county")]
        region: String,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Needing {
        #[arg(long = "region", visible_alias = "county")]
        region: String,
        #[arg(long)]
        json: bool,
    },
}

fn failed(e: rusqlite::Error) -> Failure {
    Failure { message: e.to_string(), code: exit::ERROR }
}

pub fn run_kinds(db: &mut Db, action: &KindAction) -> Result<String, Failure> {
    match action {
        KindAction::Add { code, zh, en } => {
            items::add_kind(db, code, zh, en).map_err(|e| write_failure(db, &e))?;
            Ok(fill(IT::KindAdded.s(), &[&code.trim(), &zh.trim()]))
        }
        KindAction::List => {
            let kinds = items::kinds(&db.conn).map_err(failed)?;
            let table = Table {
                title: IT::KindsTitle.s().to_string(),
                headers: vec![IT::ColCode.s().into(), IT::ColName.s().into(), IT::ColFlag.s().into()],
                rows: kinds
                    .iter()
                    .map(|k| {
                        let flag = match k.flag.as_deref() {
                            Some("large_school") => crate::i18n::schools::S::FlagLargeSchool.s(),
                            Some("large_class") => crate::i18n::schools::S::FlagLargeClass.s(),
                            _ => "",
                        };
                        vec![k.code.clone(), kind_label(k).to_string(), flag.to_string()]
                            .into_iter()
                            .map(crate::report::indicators::Cell::Text)
                            .collect()
                    })
                    .collect(),
            };
            Ok(text(IT::KindsTitle.s(), &[table]).trim_end().to_string())
        }
    }
}

/// The kind named by code or name, as its code.
fn kind_code(kinds: &[ItemKind], s: &str) -> Result<String, Failure> {
    items::find_kind(kinds, s)
        .map(|k| k.code.clone())
        .ok_or_else(|| Failure::usage(crate::i18n::items::item_error(&rules::ItemError::UnknownKind(s.trim().into()))))
}

/// A school of `region` by its 学校标识码 or its exact name: (id, county).
fn school_in(db: &Db, region_code: &str, s: &str) -> Result<(i64, String), Failure> {
    let s = s.trim();
    let found = crate::db::schools::in_region(db, region_code)
        .map_err(failed)?
        .into_iter()
        .find(|c| c.school_code.as_deref() == Some(s) || c.name == s);
    found
        .map(|c| (c.id, c.county_code))
        .ok_or_else(|| Failure::usage(fill(IT::SchoolNotFound.s(), &[&s, &region_code])))
}

fn today_text() -> String {
    crate::domain::dates::iso(crate::db::today())
}

pub fn run(db: &mut Db, action: &ItemsAction) -> Result<String, Failure> {
    let today = crate::db::today();
    match action {
        ItemsAction::List { region, kind, open, overdue, school, json } => {
            let r = resolve(&db.conn, region)?;
            let kinds = items::kinds(&db.conn).map_err(failed)?;
            let filter = Filter {
                kind: kind.as_deref().map(|k| kind_code(&kinds, k)).transpose()?,
                open: *open,
                overdue: *overdue,
                school: school.as_deref().map(|s| school_in(db, &r.code, s).map(|(id, _)| id)).transpose()?,
            };
            let list = items::list(db, &r.code, &filter).map_err(failed)?;
            if *json {
                return Ok(rep::list_json(&list, today));
            }
            let (n, open_n, overdue_n, closed) = rep::counts(&list, today);
            let title = super::demo_titled(db, fill(IT::ListTitle.s(), &[&r.name]));
            let mut out = text(&title, &[rep::list_table(&list, &kinds, today)]);
            out.push_str(&fill(IT::ListCount.s(), &[&n, &open_n, &overdue_n, &closed]));
            Ok(out)
        }
        ItemsAction::Add { region, school, kind, problem, measure, unit, person, on, due } => {
            let r = resolve(&db.conn, region)?;
            let kinds = items::kinds(&db.conn).map_err(failed)?;
            let (school_id, county) = match school {
                Some(s) => school_in(db, &r.code, s).map(|(id, c)| (Some(id), c))?,
                None if region::level_of(&r.code) == Ok(Level::County) => (None, r.code.clone()),
                None => return Err(Failure::usage(crate::i18n::io::X::PlaceNeeded.s().to_string())),
            };
            let kind = kind_code(&kinds, kind)?;
            let opened = on.clone().unwrap_or_else(today_text);
            let value = |k: &str| -> String {
                match k {
                    "kind" => kind.clone(),
                    "school_id" => school_id.map(|i| i.to_string()).unwrap_or_default(),
                    "problem" => problem.clone(),
                    "measure" => measure.clone(),
                    "unit" => unit.clone(),
                    "person" => person.clone(),
                    "opened_on" => opened.clone(),
                    "due_on" => due.clone().unwrap_or_default(),
                    _ => String::new(),
                }
            };
            let codes: Vec<String> = kinds.iter().map(|k| k.code.clone()).collect();
            let rec: ItemRecord =
                rules::validate(&value, &codes, today).map_err(|e| Failure::usage(field_errors(rules::FIELDS, &e)))?;
            let id = items::insert(db, &county, &rec).map_err(|e| write_failure(db, &e))?;
            Ok(fill(IT::Opened.s(), &[&id]))
        }
        ItemsAction::Progress { id, on, note } => {
            let item = visible(db, *id)?;
            let value = entry_value(on, note);
            let e = rules::validate_entry(&value, &item.record.opened_on, today)
                .map_err(|e| Failure::usage(field_errors(rules::ENTRY_FIELDS, &e)))?;
            items::progress(db, *id, item.version, &e).map_err(|e| write_failure(db, &e))?;
            Ok(fill(IT::Progressed.s(), &[id]))
        }
        ItemsAction::Close { id, on, evidence, by } => {
            let item = visible(db, *id)?;
            let on = on.clone().unwrap_or_else(today_text);
            let value = |k: &str| match k {
                "closed_on" => on.clone(),
                "evidence" => evidence.clone(),
                "closed_by" => by.clone(),
                _ => String::new(),
            };
            let c = rules::validate_close(&value, &item.record.opened_on, today)
                .map_err(|e| Failure::usage(field_errors(rules::CLOSE_FIELDS, &e)))?;
            items::close(db, *id, item.version, &c).map_err(|e| write_failure(db, &e))?;
            Ok(fill(IT::Closed.s(), &[id]))
        }
        ItemsAction::Reopen { id, on, note } => {
            let item = visible(db, *id)?;
            let value = entry_value(on, note);
            let e = rules::validate_entry(&value, &item.record.opened_on, today)
                .map_err(|e| Failure::usage(field_errors(rules::ENTRY_FIELDS, &e)))?;
            items::reopen(db, *id, item.version, &e).map_err(|e| write_failure(db, &e))?;
            Ok(fill(IT::Reopened.s(), &[id]))
        }
        ItemsAction::Months { region, kind, from, json } => {
            let r = resolve(&db.conn, region)?;
            let kinds = items::kinds(&db.conn).map_err(failed)?;
            let kind = kind.as_deref().map(|k| kind_code(&kinds, k)).transpose()?;
            let spans = items::spans(db, &r.code, kind.as_deref()).map_err(failed)?;
            let last = Month::of(today);
            let first = match from {
                Some(m) => Month::parse(m)
                    .ok_or_else(|| Failure::usage(fill(crate::i18n::io::X::MonthBad.s(), &[&m.trim()])))?,
                None => rules::first_month(&spans, last, 240),
            };
            let line = rules::open_by_month(&spans, first, last);
            if *json {
                let rows: Vec<serde_json::Value> =
                    line.iter().map(|(m, n)| serde_json::json!({ "month": m.to_string(), "open": n })).collect();
                return Ok(serde_json::to_string_pretty(&rows).unwrap_or_default());
            }
            let name = kind.as_deref().map(|k| crate::i18n::items::kind_name(&kinds, k).to_string());
            let title = super::demo_titled(db, format!("{} {}", r.name, name.unwrap_or_default()));
            Ok(text(title.trim(), &[rep::months_table(&line)]).trim_end().to_string())
        }
        ItemsAction::Needing { region, json } => {
            let r = resolve(&db.conn, region)?;
            let kinds = items::kinds(&db.conn).map_err(failed)?;
            let needing = items::needing(db, &r.code).map_err(failed)?;
            if *json {
                let rows: Vec<serde_json::Value> = needing
                    .iter()
                    .map(|n| {
                        serde_json::json!({ "county_code": n.county_code, "school_id": n.school_id,
                            "school": n.school, "kind": n.kind })
                    })
                    .collect();
                return Ok(serde_json::to_string_pretty(&rows).unwrap_or_default());
            }
            if needing.is_empty() {
                return Ok(IT::NeedingNone.s().to_string());
            }
            let names = |c: &str| db.region_name(c);
            let title = super::demo_titled(db, r.name.clone());
            Ok(text(&title, &[rep::needing_table(&needing, &kinds, &names)]).trim_end().to_string())
        }
    }
}

fn entry_value<'a>(on: &'a Option<String>, note: &'a str) -> impl Fn(&str) -> String + 'a {
    move |k: &str| match k {
        "on_date" => on.clone().unwrap_or_else(today_text),
        "note" => note.to_string(),
        _ => String::new(),
    }
}

/// Item `id` if the session may read it, else the sentence saying there is none.
fn visible(db: &Db, id: i64) -> Result<items::Item, Failure> {
    items::get_visible(db, id).map_err(failed)?.ok_or_else(|| Failure::usage(fill(IT::NotFound.s(), &[&id])))
}
