//! A damaged file is never written to, and every exit code is the documented one (issue 12).
//! Every command is run on a database with bytes flipped in an index page, on one cut in
//! half and on an empty file: each refuses with a message in the user's language that says
//! what to do, and the file is left exactly as it was. The UI shows a banner and refuses
//! saves. Then each exit code: 0 done, 1 unexpected (a damaged file), 2 bad input,
//! 3 locked (worded for the command line), 4 newer schema, 5 refused.

mod support;

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TODAY: (&str, &str) = ("TAIZHANG_TODAY", "2026-11-23");

fn s(p: &Path) -> String {
    p.to_str().expect("utf-8 path").to_string()
}

/// A demo database made once per test; copies of it are damaged in different ways.
fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("good.db");
    support::make_demo(&path, &[TODAY]).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// Runs taizhang with `args` (no terminal); exit code and everything it printed.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = support::command(args)
        .env(TODAY.0, TODAY.1)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running taizhang {args:?}: {e}"));
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout))
}

/// (index name, root page) of every index of the cases table, and the page size.
fn index_pages(db: &Path) -> (Vec<(String, i64)>, u64) {
    let conn = Connection::open(db).expect("open");
    let size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).expect("page size");
    let mut stmt = conn
        .prepare("SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' ORDER BY name")
        .expect("prepare");
    let pages = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("query").map(|r| r.expect("row")).collect();
    (pages, size)
}

/// Inverts 16 bytes of `file` at `offset`.
fn flip(file: &Path, offset: u64) {
    let mut bytes = std::fs::read(file).expect("read");
    for b in bytes.iter_mut().skip(offset as usize).take(16) {
        *b ^= 0xff;
    }
    std::fs::write(file, bytes).expect("write");
}

fn check(db: &Path, pragma: &str) -> bool {
    let conn = Connection::open(db).expect("open");
    let first: rusqlite::Result<String> = conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0));
    matches!(first.as_deref(), Ok("ok"))
}

/// A copy of `good` with the header of an index's root page flipped: every check sees it.
fn damaged(good: &Path, dir: &Path) -> PathBuf {
    let path = dir.join("damaged.db");
    std::fs::copy(good, &path).expect("copy");
    let (pages, size) = index_pages(good);
    let (_, root) = pages.first().expect("the cases table has indexes");
    flip(&path, (*root as u64 - 1) * size + 8);
    assert!(!check(&path, "quick_check"), "the flipped page is damage SQLite sees");
    path
}

/// A copy of `good` with bytes flipped inside an index entry: the b-trees are sound, so
/// `quick_check` passes, but the index no longer matches its table. Searched for, since
/// where entries sit depends on the data.
fn subtly_damaged(good: &Path, dir: &Path) -> PathBuf {
    let path = dir.join("subtle.db");
    let (pages, size) = index_pages(good);
    for (_, root) in &pages {
        for from_end in [300, 200, 100, 400, 500] {
            std::fs::copy(good, &path).expect("copy");
            flip(&path, *root as u64 * size - from_end);
            if check(&path, "quick_check") && !check(&path, "integrity_check") {
                return path;
            }
        }
    }
    panic!("no index entry found whose damage only integrity_check sees");
}

/// A copy of `good` cut to half its length (a copy that stopped, a full disk).
fn truncated(good: &Path, dir: &Path) -> PathBuf {
    let path = dir.join("truncated.db");
    let bytes = std::fs::read(good).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("write");
    path
}

/// Every command a user can run on a database, with its arguments (files in `dir`).
fn every_command(dir: &Path) -> Vec<Vec<String>> {
    let csv = dir.join("名单.csv");
    std::fs::write(&csv, "姓名,身份证号,学校,年级\n王某,231123201503011234,实验小学校,5\n").expect("csv");
    let (csv, out, copy) = (s(&csv), s(&dir.join("out.csv")), s(&dir.join("copy.db")));
    let cmds: Vec<Vec<&str>> = vec![
        vec!["user", "list"],
        vec!["user", "add", "zhang", "--role", "filler", "--scope", "231123"],
        vec!["report", "monthly", "--county", "231123", "--month", "2026-10"],
        vec!["report", "indicators", "--county", "231123"],
        vec!["export", "cases", "--county", "231123", "-o", &out],
        vec!["export", "schools", "--county", "231123", "-o", &out],
        vec!["import", "cases", &csv, "--county", "231123"],
        vec!["import", "cases", &csv, "--county", "231123", "--apply"],
        vec!["import", "cases", &csv, "--county", "231123", "--skip-invalid"],
        vec!["backup", &copy],
        vec!["check"],
    ];
    cmds.into_iter().map(|c| c.into_iter().map(str::to_string).collect()).collect()
}

/// The file's bytes, and its write-ahead log's (none or empty: nothing was written).
fn state(db: &Path) -> (Vec<u8>, u64) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).expect("read"), std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0))
}

fn every_command_refuses(db: &Path, dir: &Path, what: &str, code: i32, words: &[&str]) {
    let before = state(db);
    // An earlier export: a refused one leaves it whole (the export writes beside it and
    // renames only once the check has passed).
    let earlier = dir.join("out.csv");
    std::fs::write(&earlier, "earlier export\n").expect("earlier export");
    for cmd in every_command(dir) {
        let mut args = vec!["--db".to_string(), s(db)];
        args.extend(cmd.iter().cloned());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (got, out) = run(&args);
        assert_eq!(got, Some(code), "{what}: taizhang {cmd:?} exited {got:?}: {out}");
        for w in words {
            assert!(out.contains(w), "{what}: taizhang {cmd:?} does not say {w:?}: {out}");
        }
        assert!(!out.contains("malformed") && !out.contains("file is not a database"), "{what}: English: {out}");
        assert!(state(db) == before, "{what}: taizhang {cmd:?} changed the file");
        assert!(!dir.join("copy.db").exists() || code == 0, "{what}: backup wrote a copy of a damaged file");
        let kept = std::fs::read_to_string(&earlier).unwrap_or_default();
        assert_eq!(kept, "earlier export\n", "{what}: taizhang {cmd:?} replaced the earlier export");
    }
    let strays: Vec<_> = std::fs::read_dir(dir).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert!(!strays.iter().any(|n| n.to_string_lossy().starts_with(".taizhang-export")), "{what}: {strays:?}");
}

#[test]
fn damaged_truncated_and_empty_files_are_refused_by_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = demo(dir.path());
    let words = ["已损坏", "taizhang check", "taizhang backup"];
    every_command_refuses(&damaged(&good, dir.path()), dir.path(), "flipped index page", 1, &words);
    every_command_refuses(&truncated(&good, dir.path()), dir.path(), "truncated", 1, &["taizhang check"]);
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("empty file");
    every_command_refuses(&empty, dir.path(), "empty", 2, &["taizhang init"]);

    // In English too.
    let (code, out) = run(&["--lang", "en", "--db", &s(&dir.path().join("damaged.db")), "user", "list"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("is damaged") && out.contains("taizhang check"), "{out}");
}

/// A folder with a subtly damaged database in it, and the state of that file.
fn subtle_fixture() -> (tempfile::TempDir, PathBuf, (Vec<u8>, u64)) {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = demo(dir.path());
    let subtle = subtly_damaged(&good, dir.path());
    let before = state(&subtle);
    (dir, subtle, before)
}

#[test]
fn a_bulk_write_checks_every_index_first() {
    let (dir, subtle, before) = subtle_fixture();
    let csv = dir.path().join("名单.csv");
    std::fs::write(&csv, "姓名,身份证号,学校,年级\n王某,231123201503011234,实验小学校,5\n").expect("csv");
    let (code, out) = run(&["--db", &s(&subtle), "import", "cases", &s(&csv), "--county", "231123", "--apply"]);
    assert_eq!(code, Some(1), "import --apply into a file whose index is damaged: {out}");
    assert!(out.contains("已损坏") && out.contains("taizhang check"), "{out}");
    assert!(state(&subtle) == before, "the import wrote into the damaged file");
    // A read looks only at the b-trees (fast enough for every command); `check` and the
    // UI's background check find the rest.
    let (code, out) = run(&["--db", &s(&subtle), "user", "list"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(&["--db", &s(&subtle), "check"]);
    assert_eq!(code, Some(1), "check finds it: {out}");
}

#[test]
fn the_ui_on_a_damaged_file_shows_a_banner_and_saves_nothing() {
    let (_dir, subtle, before) = subtle_fixture();
    let db = s(&subtle);
    let mut ui = support::Session::spawn_env(&["--db", &db], &[TODAY]).unwrap_or_else(|e| panic!("{e}"));
    // The first screen comes first; the background check then says what it found.
    ui.wait_for_all(&["黑龙江省", "q 退出"], Duration::from_secs(60)).unwrap_or_else(|e| panic!("first screen: {e}"));
    ui.wait_for_all(&["[文件已损坏]", "taizhang check"], Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("banner: {e}"));
    // An edit is refused, saying why.
    for k in ["/", "x", "k", support::keys::ENTER, "e"] {
        ui.key(k).unwrap_or_else(|e| panic!("{e}"));
    }
    ui.wait_for("文件已损坏，不能保存", Duration::from_secs(5)).unwrap_or_else(|e| panic!("the edit is refused: {e}"));
    ui.send("q").unwrap_or_else(|e| panic!("{e}"));
    assert!(ui.wait_exit(Duration::from_secs(5)).is_some(), "quits");
    assert!(state(&subtle) == before, "the session wrote into the damaged file");
}

#[test]
fn each_exit_code_is_the_documented_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = demo(dir.path());
    let db = s(&good);

    // 0 done.
    let (code, out) = run(&["--db", &db, "user", "list"]);
    assert_eq!(code, Some(0), "{out}");

    // 1 unexpected: the damaged file above (every command); here once more, for the table.
    let (code, out) = run(&["--db", &s(&damaged(&good, dir.path())), "report", "indicators", "--county", "231123"]);
    assert_eq!(code, Some(1), "{out}");

    // 2 bad input.
    let (code, out) = run(&["--db", &s(&dir.path().join("nothing.db")), "user", "list"]);
    assert_eq!(code, Some(2), "{out}");
    let (code, out) = run(&["--db", &db, "report", "monthly", "--county", "231123", "--month", "13月"]);
    assert_eq!(code, Some(2), "{out}");

    // 3 locked: a colleague's long write; the wording is for the command line.
    let lock = Connection::open(&good).expect("open");
    lock.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let (code, out) =
        run(&["--db", &db, "--busy-timeout", "0.3", "user", "add", "zhang", "--role", "filler", "--scope", "231123"]);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("--busy-timeout") && !out.contains("F2"), "{out}");
    lock.execute_batch("ROLLBACK").expect("unlock");
    let (code, out) = run(&["--db", &db, "user", "add", "zhang", "--role", "filler", "--scope", "231123"]);
    assert_eq!(code, Some(0), "and once the lock is gone: {out}");

    // 5 refused: the login is demoted to read-only.
    let login = taizhang::os_user::current_login();
    let conn = Connection::open(&good).expect("open");
    conn.execute("UPDATE users SET role = 'readonly' WHERE login = ?1", [&login]).expect("demote");
    let (code, out) = run(&["--db", &db, "user", "add", "li", "--role", "filler", "--scope", "231123"]);
    assert_eq!(code, Some(5), "{out}");

    // 4 newer schema (last: the file is no longer ours to open).
    conn.execute_batch("PRAGMA user_version = 999").expect("version");
    let (code, out) = run(&["--db", &db, "user", "list"]);
    assert_eq!(code, Some(4), "{out}");
}
