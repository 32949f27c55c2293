//! The read scope as the screens show it, driven through the keymap at 80×24: a school's
//! 填报员 opening the county ledger sees their school's cases and count only; an
//! unregistered login is told what it may see and the exact command that adds it,
//! wrapped, never cut; a read-only login sees its county.

mod common;

use common::{check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use std::collections::BTreeSet;
use std::time::Duration;
use taizhang::db::{self, users, Db, OpenOptions};
use taizhang::domain::access::{Role, Scope};
use taizhang::domain::case_status::CaseStatus;
use taizhang::tui::app::App;
use taizhang::tui::theme::Theme;

const COUNTY: &str = "231123";

fn open(path: &std::path::Path, login: &str, create: db::Create) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let opts = OpenOptions { path: path.into(), create, busy_timeout: Duration::from_millis(500), login: login.into() };
    db::open(&opts).expect("open")
}

/// The demo database, a filler for the school of 逊克县 with the most open cases, and a
/// read-only login for the county. Returns the school's id and name.
fn set_up(path: &std::path::Path) -> (i64, String) {
    let mut root = open(path, "tester", db::Create::Demo(300));
    let open_list: Vec<String> =
        CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code())).collect();
    let (school, name): (i64, String) = root
        .conn
        .query_row(
            &format!(
                "SELECT s.id, s.name FROM cases c JOIN schools s ON s.id = c.school_id
                 WHERE c.county_code = ?1 AND c.status IN ({}) GROUP BY s.id ORDER BY count(*) DESC LIMIT 1",
                open_list.join(",")
            ),
            [COUNTY],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a school with open cases");
    users::upsert(&mut root, "filler", Role::Filler, &Scope::School { id: school, county_code: COUNTY.into() })
        .expect("filler");
    users::upsert(&mut root, "reader", Role::ReadOnly, &Scope::Region(COUNTY.into())).expect("reader");
    (school, name)
}

/// (name, school) of the open cases `clause` selects, read past every scope.
fn open_cases(path: &std::path::Path, clause: &str) -> Vec<(String, String)> {
    let db = open(path, "tester", db::Create::Never);
    let open_list: Vec<String> =
        CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code())).collect();
    let sql = format!(
        "SELECT c.name, s.name FROM cases c JOIN schools s ON s.id = c.school_id
         WHERE c.status IN ({}) AND {clause}",
        open_list.join(",")
    );
    let mut stmt = db.conn.prepare(&sql).expect("prepare");
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("query");
    rows.collect::<Result<_, _>>().expect("rows")
}

/// `lines` with the temporary folder's random part fixed, for a snapshot.
fn steady(lines: &[String], path: &std::path::Path) -> Vec<String> {
    let dir = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
    let fixed: String = dir.chars().map(|c| if c.is_ascii_alphanumeric() { 'X' } else { c }).collect();
    lines.iter().map(|l| l.replace(&dir, &fixed)).collect()
}

fn app_as(path: &std::path::Path, login: &str) -> App {
    App::new(open(path, login, db::Create::Never), Theme::new(false, false)).expect("app")
}

/// From the region tree to 逊克县's ledger, by keys: filter `xk`, open the county, `l`.
fn to_county_ledger(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "xk");
    press(app, &[KeyCode::Enter, KeyCode::Enter, KeyCode::Char('l')]);
}

/// The table rows on screen: lines below the header row that hold a case name of `names`.
fn shown_names(lines: &[String], names: &BTreeSet<String>) -> BTreeSet<String> {
    lines.iter().flat_map(|l| names.iter().filter(|n| l.contains(n.as_str())).cloned()).collect()
}

#[test]
fn a_filler_opening_the_county_ledger_sees_their_school_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let (school, school_name) = set_up(&path);
    let own = open_cases(&path, &format!("c.school_id = {school}"));
    let others = open_cases(&path, &format!("c.county_code = '{COUNTY}' AND c.school_id <> {school}"));
    assert!(!own.is_empty() && !others.is_empty(), "the county has cases at other schools too");
    assert!(own.len() <= 15, "the school's cases fit on one screen: {}", own.len());
    let mut app = app_as(&path, "filler");
    to_county_ledger(&mut app);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("逊克县"), "{}", lines[0]);
    let own_names: BTreeSet<String> = own.iter().map(|c| c.0.clone()).collect();
    // Every one of the school's open cases is on screen, each row names the school, and the
    // count is the school's.
    assert_eq!(shown_names(&lines, &own_names), own_names, "{lines:#?}");
    let short: String = school_name.chars().take(4).collect();
    let case_rows: Vec<&String> = lines.iter().filter(|l| own_names.iter().any(|n| l.contains(n.as_str()))).collect();
    for row in &case_rows {
        assert!(row.contains(&short), "a row of another school: {row}");
    }
    assert!(lines.iter().any(|l| l.contains(&format!("共 {} 件", own.len()))), "the count: {lines:#?}");
    // No other school's child, unless they share a name with one of the school's.
    let other_names: BTreeSet<String> = others.iter().map(|c| c.0.clone()).filter(|n| !own_names.contains(n)).collect();
    assert!(shown_names(&lines, &other_names).is_empty(), "{lines:#?}");
    check_snapshot("scope_filler_ledger", &lines);
}

#[test]
fn an_unregistered_login_sees_counts_and_the_command_that_adds_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    set_up(&path);
    let mut app = app_as(&path, "guest");
    let lines = render(&app, 80, 24);
    let text = lines.join("\n");
    let command = format!("--db {} user add guest --role readonly", path.display());
    // The command is whole once the lines are joined back (it wraps at spaces, never cut).
    let joined: String = lines[17..23].iter().map(|l| l.trim_end()).collect::<Vec<_>>().join(" ");
    assert!(joined.contains(&command), "{text}");
    assert!(joined.contains("--scope <县代码>") && joined.contains("--role filler --scope <学校标识码>"), "{text}");
    check_snapshot("scope_guest_start", &steady(&lines, &path));
    to_county_ledger(&mut app);
    let lines = render(&app, 80, 24);
    let county = open_cases(&path, &format!("c.county_code = '{COUNTY}'"));
    let names: BTreeSet<String> = county.iter().map(|c| c.0.clone()).collect();
    assert!(shown_names(&lines, &names).is_empty(), "no child's name: {lines:#?}");
    let joined: String = lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>().join(" ");
    assert!(joined.contains("看不到案件") && joined.contains("user add guest"), "{lines:#?}");
    assert!(!joined.contains("共 0 件"), "a guest is not told the county has no case: {lines:#?}");
    check_snapshot("scope_guest_ledger", &steady(&lines, &path));
    // Counts and charts: the monthly report opens (Backspace back to the county page, m).
    press(&mut app, &[KeyCode::Backspace, KeyCode::Char('m')]);
    let lines = render(&app, 80, 24);
    assert!(lines.iter().any(|l| l.contains("月报")), "{lines:#?}");
    check_snapshot("scope_guest_monthly", &lines);
}

#[test]
fn a_reader_sees_the_county() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    set_up(&path);
    let mut app = app_as(&path, "reader");
    to_county_ledger(&mut app);
    let lines = render(&app, 80, 24);
    let county = open_cases(&path, &format!("c.county_code = '{COUNTY}'"));
    assert!(lines.iter().any(|l| l.contains(&format!("共 {} 件", county.len()))), "{lines:#?}");
    assert!(lines[0].contains("reader（只读）"), "{}", lines[0]);
    check_snapshot("scope_reader_ledger", &lines);
}
