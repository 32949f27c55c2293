//! End-to-end, in a pseudo-terminal: input is never lost and typing never waits (issue 12).
//! kill -9 and SIGHUP in the middle of a field keep what was typed (at most the last moment
//! is lost); while a colleague holds the database's write lock (another connection in
//! `BEGIN IMMEDIATE`), moving between fields does not wait, a save says that it waits, Esc
//! stops it with the input kept, and it goes through once the lock is released; SIGHUP in
//! that state ends the process within 0.5 s with the draft complete.

mod support;

use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};
use support::{keys, ok, Session};
use taizhang::db::drafts::{Draft, DraftStore};

const FIRST_SCREEN: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(5);
const TAB: &str = "\t";
const F2: &str = "\x1bOQ";
const TODAY: (&str, &str) = ("TAIZHANG_TODAY", "2026-11-23");

fn id_number() -> String {
    let first17 = "23112320150301123";
    format!("{first17}{}", taizhang::domain::id_number::check_char(first17.as_bytes()))
}

/// A demo database in `dir`, opened in the UI.
fn start(dir: &Path) -> (Session, String) {
    let path = dir.join("lock.db");
    ok(support::make_demo(&path, &[TODAY]), "demo database");
    let db = path.to_str().expect("utf-8 path").to_string();
    let s = ok(Session::spawn_env(&["--db", &db], &[TODAY]), "spawn");
    ok(s.wait_for_all(&["黑龙江省", "q 退出"], FIRST_SCREEN), "first screen");
    (s, db)
}

/// From the first screen to an empty new-case form, focus on the name.
fn open_new_case_form(s: &mut Session) {
    ok(support::case_form::open_new(s), "new case form");
    ok(s.key(TAB), "to the name");
}

/// A session in a new-case form with `name` typed into the name field, not yet left; the
/// folder (kept while the test runs) and the database path.
fn typing_a_name(name: &str) -> (tempfile::TempDir, Session, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, db) = start(dir.path());
    open_new_case_form(&mut s);
    ok(s.key(name), "a name, not yet left");
    ok(s.wait_for(name, STEP), "typed");
    (dir, s, db)
}

/// The draft of 逊克县's new-case form kept for this login, if any.
fn new_case_draft(db: &str) -> Option<Draft> {
    DraftStore::for_database(Path::new(db), &taizhang::os_user::current_login()).get("case", "new-231123")
}

fn draft_value(db: &str, key: &str) -> Option<String> {
    new_case_draft(db).and_then(|d| d.values.get(key).cloned())
}

/// Another connection holding the write lock, as a colleague's long import does.
fn hold_write_lock(db: &str) -> Connection {
    let conn = Connection::open(db).expect("open from the test");
    conn.execute_batch("BEGIN IMMEDIATE").expect("taking the write lock");
    conn
}

/// Sends SIGHUP (the SSH link dropped) and returns how long the process took to end.
fn hang_up(s: &mut Session) -> Duration {
    ok(s.signal(libc::SIGHUP), "SIGHUP");
    let since = Instant::now();
    match s.wait_exit(STEP) {
        Some(_) => since.elapsed(),
        None => panic!("alive after SIGHUP\n{}", s.screen_dump()),
    }
}

#[test]
fn kill_9_mid_field_loses_at_most_the_last_moment() {
    let (_dir, mut s, db) = typing_a_name("杀某");
    // Typing that goes on: each key is kept within a second, without leaving the field.
    std::thread::sleep(Duration::from_millis(300));
    ok(s.key("九"), "one more character");
    std::thread::sleep(Duration::from_millis(1000));
    ok(s.signal(libc::SIGKILL), "kill -9");
    assert!(s.wait_exit(STEP).is_some(), "killed");
    assert_eq!(draft_value(&db, "name").as_deref(), Some("杀某九"), "the field being typed is in the draft");

    // The next start names it; the form offers it back there, the half-typed field included.
    let mut again = ok(Session::spawn_env(&["--db", &db], &[TODAY]), "spawn again");
    ok(again.wait_for("有未保存的草稿：逊克县 登记新案件", FIRST_SCREEN), "the draft is named at the start");
    ok(support::case_form::open_new(&mut again), "the new-case form where it was typed");
    ok(again.wait_for("恢复草稿？", STEP), "the draft is offered");
    ok(again.key("r"), "restore");
    ok(again.wait_for_all(&["已恢复", "杀某九"], STEP), "the draft is back");
}

#[test]
fn sighup_mid_field_keeps_the_field() {
    let (_dir, mut s, db) = typing_a_name("挂某断");
    // At once: no timed draft can have been written yet, the one at exit must be.
    let took = hang_up(&mut s);
    assert!(took < Duration::from_millis(500), "took {took:?} to end after SIGHUP");
    assert_eq!(draft_value(&db, "name").as_deref(), Some("挂某断"));
}

#[test]
fn a_colleagues_lock_never_holds_up_typing_and_a_save_waits_visibly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, db) = start(dir.path());
    open_new_case_form(&mut s);
    let lock = hold_write_lock(&db);

    // Field moves and typing with the lock held: each shows at once (the old draft write
    // on leaving a field waited for the full busy timeout, 5 s per Tab).
    let began = Instant::now();
    ok(s.key("锁某等"), "name");
    ok(s.key(TAB), "to the ID (leaving the name keeps a draft)");
    ok(s.key(id_number()), "ID");
    ok(s.wait_for(&id_number(), STEP), "the ID shows while it has focus");
    ok(s.key(TAB), "to sex (filled from the ID)");
    ok(s.wait_for("< 男 >", STEP), "sex derived from the ID");
    let typing = began.elapsed();
    assert!(typing < Duration::from_secs(2), "typing and two field moves took {typing:?} with the lock held");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(draft_value(&db, "name").as_deref(), Some("锁某等"), "the draft was kept despite the lock");

    // Fill in the rest so that F2 passes the checks and reaches the database.
    ok(support::case_form::fill_school_to_reason(&mut s, 1), "school, grade, absence, reason");

    let pressed = Instant::now();
    ok(s.key(F2), "save while locked");
    ok(s.wait_for("正在等待", Duration::from_secs(2)), "the save says that it waits, at once");
    eprintln!("waiting shown after {:?}", pressed.elapsed());
    ok(s.wait_for("已等 1 秒", Duration::from_secs(3)), "and for how long");
    ok(s.key(keys::ESC), "Esc stops waiting");
    ok(s.wait_for("已停止等待", STEP), "stopped");
    ok(s.wait_for("锁某等", STEP), "the form and its input are still there");
    assert!(s.screen().contains("登记新案件"), "Esc closed the form\n{}", s.screen_dump());

    ok(s.key(F2), "save again, still locked");
    ok(s.wait_for("正在等待", STEP), "waits again");
    lock.execute_batch("COMMIT").expect("releasing the lock");
    let released = Instant::now();
    ok(s.wait_for("已保存案件 锁某等", STEP), "saved once the lock is gone");
    eprintln!("saved {:?} after the lock was released", released.elapsed());
    assert!(new_case_draft(&db).is_none(), "the saved draft is forgotten");
    let conn = Connection::open(&db).expect("open");
    let n: i64 = conn.query_row("SELECT count(*) FROM cases WHERE name = '锁某等'", [], |r| r.get(0)).expect("count");
    assert_eq!(n, 1, "saved exactly once");
    ok(s.key("q"), "quit");
    assert!(s.wait_exit(STEP).is_some_and(|st| st.success()), "exits cleanly");
}

#[test]
fn sighup_with_the_database_locked_ends_at_once_with_the_draft_complete() {
    let (_dir, mut s, db) = typing_a_name("锁某挂");
    ok(s.key(TAB), "to the ID");
    let _lock = hold_write_lock(&db);
    ok(s.key("231123"), "half an ID, mid-field");
    ok(s.wait_for("231123", STEP), "typed");
    let took = hang_up(&mut s);
    eprintln!("ended {took:?} after SIGHUP with the database locked");
    assert!(took < Duration::from_millis(500), "took {took:?} to end after SIGHUP with the database locked");
    assert_eq!(draft_value(&db, "name").as_deref(), Some("锁某挂"));
    assert_eq!(draft_value(&db, "id_number").as_deref(), Some("231123"), "the field being typed is complete");
}
