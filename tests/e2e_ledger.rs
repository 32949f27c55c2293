//! End-to-end: a member of staff registers a case through keystrokes in a pseudo-terminal
//! (Chinese name committed by an input method in one write, ID number, school picker,
//! choices), saves with F2, and the case is in the database with its audit rows. Then a
//! dropped link keeps unsaved input as a draft that the next start names and its form offers back.

mod support;

use std::time::Duration;
use support::{keys, ok, Session};

const FIRST_SCREEN: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(5);
const TAB: &str = "\t";
const F2: &str = "\x1bOQ";

fn id_number() -> String {
    let first17 = "23112320150301123";
    format!("{first17}{}", taizhang::domain::id_number::check_char(first17.as_bytes()))
}

/// A new demo database at `db`, opened in the UI.
fn start(db: &str) -> Session {
    ok(support::make_demo(std::path::Path::new(db), &[("TAIZHANG_TODAY", "2026-11-23")]), "demo database");
    let s = ok(Session::spawn_env(&["--db", db], &[("TAIZHANG_TODAY", "2026-11-23")]), "spawn");
    ok(s.wait_for_all(&["黑龙江省", "q 退出"], FIRST_SCREEN), "first screen");
    s
}

#[test]
fn register_a_case_by_keyboard_and_find_it_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db").to_str().expect("utf-8 path").to_string();
    let mut s = start(&db);
    ok(support::case_form::open_new(&mut s), "new case form");
    ok(s.key(TAB), "to name");
    ok(s.key("测某新"), "name, as an input method commits it");
    ok(s.key(TAB), "to ID");
    ok(s.key(id_number()), "ID");
    ok(s.key(TAB), "to sex (filled from the ID)");
    ok(s.wait_for("< 男 >", STEP), "sex derived from the ID number");
    ok(support::case_form::fill_school_to_reason(&mut s, 5), "school, grade, absence, reason");
    ok(s.wait_for("五年级", STEP), "grade 5");
    ok(s.key(F2), "save");
    ok(s.wait_for("已保存案件 测某新", STEP), "saved message");
    // Registered today, it sorts to the top of the ledger the form returns to: there, in a
    // row of its own as well as in the message.
    ok(
        s.wait_until(STEP, |screen| screen.lines().any(|l| l.trim_start().starts_with("测某新"))).map(|_| ()),
        "the new case is in the list returned to",
    );
    ok(s.key("q"), "quit");
    assert!(s.wait_exit(STEP).is_some_and(|st| st.success()), "exits cleanly");

    let conn = rusqlite::Connection::open(&db).expect("open");
    let (id, school, grade, sex, reason): (i64, String, i64, String, String) = conn
        .query_row(
            "SELECT c.id, s.name, c.grade, c.sex, c.reason FROM cases c JOIN schools s ON s.id = c.school_id
             WHERE c.name = '测某新' AND c.id_number = ?1",
            [id_number()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("the case is in the database");
    assert_eq!((school.as_str(), grade, sex.as_str(), reason.as_str()), ("实验小学校", 5, "M", "learning"));
    let login = taizhang::os_user::current_login();
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'cases' AND row_key = ?1 AND login = ?2",
            rusqlite::params![id.to_string(), login],
            |r| r.get(0),
        )
        .expect("count");
    assert!(audited >= 5, "insert + one row per filled field, by {login}: {audited}");
}

#[test]
fn a_dropped_link_keeps_the_draft_for_next_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.db").to_str().expect("utf-8 path").to_string();
    let mut s = start(&db);
    ok(support::case_form::open_new(&mut s), "new case form");
    ok(s.key(TAB), "to name");
    ok(s.key("草某稿"), "name");
    ok(s.key(TAB), "leave the field (kept as a draft)");
    ok(s.key("2311"), "half an ID number, not yet left");
    s.close_terminal();
    assert!(s.wait_exit(STEP).is_some(), "ends when the terminal goes away");

    let mut again = ok(Session::spawn_env(&["--db", &db], &[("TAIZHANG_TODAY", "2026-11-23")]), "spawn");
    ok(again.wait_for("有未保存的草稿：逊克县 登记新案件", FIRST_SCREEN), "the draft is named at the start");
    ok(support::case_form::open_new(&mut again), "the new-case form where it was typed");
    ok(again.wait_for("恢复草稿？", STEP), "the draft is offered, not opened");
    ok(again.key("r"), "restore");
    ok(again.wait_for_all(&["已恢复", "草某稿"], STEP), "with the name typed before");
    // A personal field is masked while another field has focus; in focus it shows what was typed.
    ok(again.wait_for("身份证号            ****", STEP), "the half-typed ID, masked");
    ok(again.key(TAB), "to the name");
    ok(again.key(TAB), "into the ID field");
    ok(again.wait_for("身份证号            2311", STEP), "and the field left half-typed when the link dropped");
    ok(again.key(keys::ESC), "leave: the form has changes, so it asks");
    ok(again.wait_for("离开表单？", STEP), "the question");
    ok(again.key("d"), "discard");
    ok(again.wait_for_absent("登记新案件", STEP), "back to the ledger");
    ok(again.key("q"), "quit");
    assert!(again.wait_exit(STEP).is_some());
    let store =
        taizhang::db::drafts::DraftStore::for_database(std::path::Path::new(&db), &taizhang::os_user::current_login());
    assert!(store.all().is_empty(), "Esc discarded it: {:?}", store.all());
    let conn = rusqlite::Connection::open(&db).expect("open");
    let cases: i64 =
        conn.query_row("SELECT count(*) FROM cases WHERE name = '草某稿'", [], |r| r.get(0)).expect("count");
    assert_eq!(cases, 0, "a draft is never a saved case");
}
