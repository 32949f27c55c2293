//! Databases are created on purpose: `taizhang init` makes an empty working database,
//! every other command refuses a `--db` that names nothing (exit 2, naming `init`, creating
//! nothing), and demo databases — `taizhang demo` and the per-user default — say so in the
//! interface's header, in reports and in exports.

mod common;
mod support;

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut cmd = support::command(args);
    cmd.env("TAIZHANG_TODAY", "2026-11-23").envs(env.iter().copied()).stdin(std::process::Stdio::null());
    let out = cmd.output().unwrap_or_else(|e| panic!("running taizhang {args:?}: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path).expect("open").query_row(sql, [], |r| r.get(0)).expect("count")
}

/// Every file in `dir`, to show that a refused command left nothing behind.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").path()).collect();
    out.sort();
    out
}

/// Each command that needs a database, as the user would type it after `--db PATH`.
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let sheet = dir.join("in.csv");
    std::fs::write(&sheet, "姓名,身份证号\n张三,231123201503011234\n").expect("write sheet");
    let out = dir.join("out.csv");
    let to = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        to(&["check"]),
        to(&["report", "indicators", "--county", "231123"]),
        to(&["report", "monthly", "--county", "231123", "--month", "2026-10"]),
        to(&["import", "cases", arg(&sheet)]),
        to(&["export", "cases", "--county", "231123", "-o", arg(&out)]),
        to(&["backup", arg(&dir.join("copy.db"))]),
        to(&["user", "list"]),
        // No command: the interface, which opens the database before taking the terminal.
        Vec::new(),
    ]
}

#[test]
fn a_mistyped_db_is_refused_by_every_command_and_nothing_is_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let commands = commands(dir.path());
    let before = files(dir.path());
    let blank = dir.path().join("blank.db");
    std::fs::write(&blank, b"").expect("touch");
    for (lang, init) in [("zh", "taizhang init --db"), ("en", "taizhang init --db")] {
        for command in &commands {
            for db in [dir.path().join("coutny.db"), blank.clone()] {
                let mut args = vec!["--lang", lang, "--db", arg(&db)];
                args.extend(command.iter().map(String::as_str));
                let (code, out, err) = run(&args, &[]);
                assert_eq!(code, Some(2), "{args:?}: exit {code:?}\n{out}{err}");
                assert!(err.contains(init) && err.contains(arg(&db)), "{args:?}: the message names init: {err}");
                assert!(out.is_empty(), "{args:?}: no figures on stdout: {out}");
                let mut want = before.clone();
                want.push(blank.clone());
                want.sort();
                assert_eq!(files(dir.path()), want, "{args:?}: no file (nor -wal/-shm) was created");
                assert_eq!(std::fs::metadata(&blank).expect("blank").len(), 0, "the empty file stays empty");
            }
        }
    }
    // TAIZHANG_DB is a --db like any other.
    let (code, _, err) = run(&["check"], &[("TAIZHANG_DB", arg(&dir.path().join("env.db")))]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("taizhang init"), "{err}");
    assert!(!dir.path().join("env.db").exists());
}

#[test]
fn init_makes_an_empty_working_database_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    let (code, out, err) = run(&["--db", arg(&db), "init"], &[]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains(arg(&db)) && out.contains("无演示数据"), "{out}");
    assert_eq!(count(&db, "SELECT count(*) FROM regions"), 135, "the region table");
    for table in ["cases", "schools", "alliances", "county_facts"] {
        assert_eq!(count(&db, &format!("SELECT count(*) FROM {table}")), 0, "no demo rows in {table}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM settings WHERE key = 'demo_data'"), 0, "not marked as a demo");
    let login = taizhang::os_user::current_login();
    let (code, out, err) = run(&["--db", arg(&db), "user", "list"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(&login) && out.contains("县级管理员"), "the creator is its administrator: {out}");
    // Every command now works on it, and says nothing of demo data.
    let (code, out, err) = run(&["--db", arg(&db), "check"], &[]);
    assert_eq!(code, Some(0), "an empty database is consistent: {out}{err}");
    let (code, out, err) = run(&["--db", arg(&db), "report", "indicators", "--county", "231123"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!out.contains("演示数据"), "{out}");
    // A second init leaves the database alone.
    let before = std::fs::read(&db).expect("read");
    let (code, _, err) = run(&["--db", arg(&db), "init"], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("已存在"), "{err}");
    assert_eq!(std::fs::read(&db).expect("read"), before);
    // English too, and an existing empty file may be initialised.
    let blank = dir.path().join("blank.db");
    std::fs::write(&blank, b"").expect("touch");
    let (code, out, err) = run(&["--lang", "en", "--db", arg(&blank), "init"], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("no demo data"), "{out}");
}

#[test]
fn a_demo_database_says_so_in_reports_and_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let (code, _, err) = run(&["--db", arg(&db), "demo", "--cases", "50"], &[]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, err) = run(&["--db", arg(&db), "report", "indicators", "--county", "231123"], &[]);
    assert!(out.lines().next().is_some_and(|l| l.contains("【演示数据，非真实记录】")), "{out}{err}");
    let (_, out, err) = run(&["--db", arg(&db), "report", "monthly", "--county", "231123", "--month", "2026-10"], &[]);
    assert!(out.lines().next().is_some_and(|l| l.contains("【演示数据，非真实记录】")), "{out}{err}");
    let (_, out, _) =
        run(&["--lang", "en", "--db", arg(&db), "report", "monthly", "--county", "231123", "--month", "2026-10"], &[]);
    assert!(out.contains("[demo data, not real records]"), "{out}");
    let file = dir.path().join("cases.csv");
    let (code, _, err) = run(&["--db", arg(&db), "export", "cases", "--county", "231123", "-o", arg(&file)], &[]);
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&file).expect("read export");
    let header = text.lines().next().unwrap_or_default();
    assert!(header.ends_with(",【演示数据，非真实记录】"), "the header's last cell: {header}");
    assert!(text.lines().skip(1).all(|l| l.ends_with(',')), "one more, empty, cell on every row");
    // The same export from a working database has no such column.
    let real = dir.path().join("real.db");
    assert_eq!(run(&["--db", arg(&real), "init"], &[]).0, Some(0));
    let file = dir.path().join("real.csv");
    let (code, _, err) = run(&["--db", arg(&real), "export", "cases", "--county", "231123", "-o", arg(&file)], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!std::fs::read_to_string(&file).expect("read").contains("演示数据"));
    // Over an earlier file: replaced whole once written, nothing left beside it.
    std::fs::write(&file, "stale").expect("stale file");
    let (code, _, err) = run(&["--db", arg(&real), "export", "cases", "--county", "231123", "-o", arg(&file)], &[]);
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.starts_with('\u{feff}') && !text.contains("stale"), "{text}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().starts_with(".taizhang-export")), "{names:?}");
}

#[test]
fn the_default_database_is_a_demo_and_the_header_says_so() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let env = [("HOME", arg(home.path())), ("XDG_DATA_HOME", arg(&data))];
    let mut s = support::Session::spawn_env(&["--lang", "zh"], &env).expect("spawn");
    s.wait_for_all(&["黑龙江省", "演示数据"], Duration::from_secs(120)).unwrap_or_else(|e| panic!("header: {e}"));
    s.send("q").expect("quit");
    assert!(s.wait_exit(Duration::from_secs(10)).is_some_and(|st| st.success()));
    let db = data.join("taizhang").join("taizhang.db");
    assert_eq!(count(&db, "SELECT count(*) FROM settings WHERE key = 'demo_data' AND value = '1'"), 1);
    assert!(count(&db, "SELECT count(*) FROM cases") > 0, "seeded on first run");
}

#[test]
fn every_screen_of_a_demo_database_shows_it_in_the_header() {
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = common::app(&dir, false);
    let mut seen = Vec::new();
    // The region tree, a county's ledger, a case, and the help page over it.
    for step in [vec![], vec![KeyCode::Char('l')], vec![KeyCode::Enter], vec![KeyCode::F(1)]] {
        common::press(&mut app, &step);
        let screen = common::render(&app, 100, 30);
        let header = screen.first().cloned().unwrap_or_default();
        assert!(header.contains("演示数据"), "header: {header}\n{}", screen.join("\n"));
        seen.push(header);
    }
    assert!(seen[1] != seen[0] && seen[2] != seen[1], "the keys moved to other screens: {seen:?}");
}

#[test]
fn a_working_database_opens_in_the_interface_without_the_demo_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("county.db");
    assert_eq!(run(&["--db", arg(&db), "init"], &[]).0, Some(0));
    let mut s = support::Session::spawn(&["--db", arg(&db)]).expect("spawn");
    s.wait_for_all(&["黑龙江省", "q 退出"], Duration::from_secs(60)).unwrap_or_else(|e| panic!("first screen: {e}"));
    assert!(!s.screen().contains("演示数据"), "{}", s.screen_dump());
    // A county of the empty database opens too (no facts, no schools yet).
    for k in ["/", "x", "k", support::keys::ENTER, support::keys::ENTER] {
        s.key(k).expect("key");
    }
    s.wait_for("县情", Duration::from_secs(10)).unwrap_or_else(|e| panic!("county: {e}"));
    s.send("q").expect("quit");
    let status = s.wait_exit(Duration::from_secs(10));
    assert!(status.as_ref().is_some_and(|st| st.success()), "{status:?}\n{}", s.screen_dump());
}
