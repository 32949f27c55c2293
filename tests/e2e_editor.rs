//! End-to-end: F4 in a real pseudo-terminal runs `$EDITOR` on the note (here a script that
//! appends a line), the app takes the terminal back, and F2 stores the edited note.

mod support;

use std::time::Duration;
use support::{keys, ok, Session};

const FIRST_SCREEN: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(5);
const F2: &str = "\x1bOQ";
const F4: &str = "\x1bOS";
const SHIFT_TAB: &str = "\x1b[Z";

#[test]
fn f4_edits_the_note_in_the_editor_and_f2_saves_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e.db").to_str().expect("utf-8 path").to_string();
    let env = [("TAIZHANG_TODAY", "2026-11-23")];
    ok(support::make_demo(std::path::Path::new(&db), &env), "demo database");
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nprintf '用编辑器补充：周一上门。\\n' >> \"$1\"\n").expect("editor script");
    std::process::Command::new("chmod").arg("+x").arg(&editor).status().expect("chmod");
    let editor = editor.to_str().expect("utf-8 path").to_string();
    let mut s = ok(
        Session::spawn_env(&["--db", &db], &[("TAIZHANG_TODAY", "2026-11-23"), ("VISUAL", ""), ("EDITOR", &editor)]),
        "spawn",
    );
    ok(s.wait_for_all(&["黑龙江省", "q 退出"], FIRST_SCREEN), "first screen");
    for k in ["/", "x", "k", keys::ENTER, "l"] {
        ok(s.key(k), "key");
    }
    ok(s.wait_for("逊克县台账", STEP), "ledger");
    ok(s.key(keys::ENTER), "open the first case");
    ok(s.wait_for("e 编辑", STEP), "case view");
    ok(s.key("e"), "edit");
    ok(s.wait_for("编辑案件", STEP), "case form");
    ok(s.key(SHIFT_TAB), "to the note");
    ok(s.wait_for("F4 编辑器", STEP), "F4 offered on the note");
    ok(s.key(F4), "editor");
    ok(s.wait_for("已取回编辑器中的备注", STEP), "back from the editor");
    ok(s.wait_for("用编辑器补充：周一上门。", STEP), "the edited note in the form");
    ok(s.key(F2), "save");
    ok(s.wait_for("已保存案件", STEP), "saved");
    ok(s.key("q"), "quit");
    assert!(s.wait_exit(STEP).is_some_and(|st| st.success()), "exits cleanly\n{}", s.screen_dump());
    let conn = rusqlite::Connection::open(&db).expect("open");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM cases WHERE note LIKE '%用编辑器补充：周一上门。'", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(n, 1, "the note as the editor left it, stored once");
    let audited: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE field = 'note' AND new_value LIKE '%周一上门。'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1, "the change is audited");
}
