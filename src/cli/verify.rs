//! `taizhang verify --county CODE [--school CODE] [--hukou F] [--xueji F] [--present F]
//! [--poverty F] [--purpose TEXT] [--date D] [--json] [--apply]`: a verification round
//! (四查三比对). A dry run prints the count per class and the children (ID numbers masked);
//! `--apply` records the round and each child's result. `report rounds` lists the rounds.

use super::{exit, Failure};
use crate::db::verify::{self as store, NewRound};
use crate::db::Db;
use crate::domain::fields::{mask_value, Mask};
use crate::domain::verify::{classify, match_children, Child, Class, Entry, List};
use crate::i18n::fill;
use crate::i18n::follow_up::{class_label, list_label, F};
use crate::io::verify::{read_list, ListError};
use std::path::PathBuf;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    #[arg(long)]
    pub county: String,
    #[arg(long)]
    pub school: Option<String>,
    #[arg(long)]
    pub hukou: Option<PathBuf>,
    #[arg(long)]
    pub xueji: Option<PathBuf>,
    #[arg(long)]
    pub present: Option<PathBuf>,
    #[arg(long)]
    pub poverty: Option<PathBuf>,
    #[arg(long, default_value = "")]
    pub purpose: String,
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub apply: bool,
}

fn lists(a: &VerifyArgs) -> Vec<(List, &PathBuf)> {
    [(List::Hukou, &a.hukou), (List::Xueji, &a.xueji), (List::Present, &a.present), (List::Poverty, &a.poverty)]
        .into_iter()
        .filter_map(|(l, p)| p.as_ref().map(|p| (l, p)))
        .collect()
}

pub fn run(db: &mut Db, a: &VerifyArgs) -> Result<String, Failure> {
    let county = super::month::county_arg(db, &a.county)?;
    let school = match a.school.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => Some(super::region::school_by_code(db, code)?.0),
        None => None,
    };
    let today = crate::db::today();
    let held_on = super::day_arg(a.date.as_deref(), today, F::VerifyBadDate.s())?;
    let given = lists(a);
    if given.len() < 2 || !given.iter().any(|(l, _)| *l == List::Xueji) {
        return Err(Failure::usage(F::VerifyNoList.s().to_string()));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut notes = Vec::new();
    for (list, path) in &given {
        let (rows, bad) = read_list(path, *list, today).map_err(|e| match e {
            ListError::Read(e) => Failure { message: e.message(), code: exit::ERROR },
            ListError::NoColumns => Failure::usage(fill(F::VerifyNoColumns.s(), &[&path.display()])),
        })?;
        entries.extend(rows);
        notes.extend(bad.into_iter().map(|n| fill(F::VerifyBadId.s(), &[&path.display(), &n.line, &n.header])));
    }
    let children = match_children(&entries);
    let ids: Vec<&str> = children.iter().filter_map(|c| c.id_number.as_deref()).collect();
    let known = store::known(db, &county, school, &ids).map_err(|e| super::sqlite_failure(db, &e))?;
    let compared: Vec<List> = given.iter().map(|(l, _)| *l).collect();
    let findings: Vec<(Child, Class)> = children
        .into_iter()
        .map(|c| {
            let k = c.id_number.as_ref().and_then(|i| known.get(i)).copied().unwrap_or_default();
            let class = classify(&c, &compared, k);
            (c, class)
        })
        .collect();
    let round =
        NewRound { county: county.clone(), school_id: school, held_on, purpose: a.purpose.clone(), lists: compared };
    let applied = if a.apply {
        Some(store::record(db, &round, &findings).map_err(|e| super::write_failure(db, &e))?)
    } else {
        None
    };
    Ok(if a.json { json(&round, &findings, applied) } else { text(db, &round, &findings, &notes, applied) })
}

fn masked(c: &Child) -> String {
    c.id_number.as_deref().map(|i| mask_value(Mask::Id, i)).unwrap_or_default()
}

fn list_names(ls: &[List]) -> String {
    ls.iter().map(|l| list_label(*l)).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s())
}

fn text(db: &Db, r: &NewRound, findings: &[(Child, Class)], notes: &[String], applied: Option<i64>) -> String {
    let title = fill(
        F::VerifyTitle.s(),
        &[&db.region_name(&r.county), &r.held_on, &r.purpose, &list_names(&r.lists), &findings.len()],
    );
    let mut out = vec![super::demo_titled(db, title)];
    out.extend(notes.iter().cloned());
    for class in Class::ALL {
        let of: Vec<&Child> = findings.iter().filter(|(_, c)| *c == class).map(|(ch, _)| ch).collect();
        out.push(fill(F::ClassCount.s(), &[&class_label(class), &of.len()]));
        for c in of.iter().filter(|_| class != Class::InSchool) {
            let weak = if c.weak { F::VerifyWeak.s() } else { "" };
            let lists = list_names(&c.lists);
            let id = masked(c);
            let parts = [id.as_str(), c.name.as_str(), c.birth_date.as_deref().unwrap_or(""), c.school.as_str()];
            let who: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
            out.push(format!("  {} [{lists}]{weak}", who.join(" ")));
        }
    }
    out.push(match applied {
        Some(id) => fill(F::VerifyApplied.s(), &[&id, &findings.len()]),
        None => F::VerifyDry.s().to_string(),
    });
    out.join("\n")
}

fn json(r: &NewRound, findings: &[(Child, Class)], applied: Option<i64>) -> String {
    let counts: serde_json::Map<String, serde_json::Value> = Class::ALL
        .iter()
        .map(|k| (k.code().to_string(), findings.iter().filter(|(_, c)| c == k).count().into()))
        .collect();
    let children: Vec<serde_json::Value> = findings
        .iter()
        .map(|(c, class)| {
            serde_json::json!({
                "class": class.code(), "id_number": masked(c), "name": c.name, "birth_date": c.birth_date,
                "school": c.school, "lists": c.lists.iter().map(|l| l.code()).collect::<Vec<_>>(), "weak": c.weak,
            })
        })
        .collect();
    serde_json::json!({
        "county": r.county, "held_on": r.held_on, "purpose": r.purpose,
        "lists": r.lists.iter().map(|l| l.code()).collect::<Vec<_>>(),
        "checked": findings.len(), "counts": counts, "children": children, "round_id": applied,
    })
    .to_string()
}

/// `taizhang report rounds --county CODE [--json]`.
pub fn rounds(db: &Db, county: &str, json: bool) -> Result<String, Failure> {
    let county = super::month::county_arg(db, county)?;
    let rows = store::rounds(db, &county).map_err(|e| super::report::report_failure(db, e))?;
    if json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let counts: serde_json::Map<String, serde_json::Value> =
                    r.counts.iter().map(|(c, n)| (c.code().to_string(), (*n).into())).collect();
                serde_json::json!({ "id": r.id, "held_on": r.held_on, "purpose": r.purpose, "lists": r.lists,
                    "school_id": r.school_id, "checked": r.checked, "counts": counts })
            })
            .collect();
        return Ok(serde_json::json!({ "county": county, "rounds": out }).to_string());
    }
    let mut out = vec![super::demo_titled(db, fill(F::RoundsTitle.s(), &[&db.region_name(&county), &rows.len()]))];
    if rows.is_empty() {
        out.push(F::RoundsNone.s().to_string());
    }
    for r in &rows {
        let lists: Vec<List> =
            r.lists.split(',').filter_map(|c| List::ALL.into_iter().find(|l| l.code() == c)).collect();
        out.push(fill(F::RoundLine.s(), &[&r.id, &r.held_on, &r.purpose, &list_names(&lists), &r.checked]));
        let counts: Vec<String> =
            r.counts.iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{} {n}", class_label(*c))).collect();
        out.push(format!("  {}", counts.join(crate::i18n::T::ListSep.s())));
    }
    Ok(out.join("\n"))
}
