//! End-to-end: in a pseudo-terminal, from the region tree to a county's schools, to a
//! school's alliance, and a new member added through the school picker (pinyin initials),
//! saved with F2; then the member is in the database with its audit rows.

mod support;

use std::time::Duration;
use support::{keys, ok, Session};

const FIRST_SCREEN: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(5);
const F2: &str = "\x1bOQ";

#[test]
fn add_a_member_by_keyboard_and_find_it_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("a.db").to_str().expect("utf-8 path").to_string();
    ok(support::make_demo(std::path::Path::new(&db), &[("TAIZHANG_TODAY", "2026-11-23")]), "demo database");
    let mut s = ok(Session::spawn_env(&["--db", &db], &[("TAIZHANG_TODAY", "2026-11-23")]), "spawn");
    ok(s.wait_for_all(&["黑龙江省", "q 退出"], FIRST_SCREEN), "first screen");
    // Region tree: filter to 逊克县, open its school list with s.
    for k in ["/", "x", "k", keys::ENTER, "s"] {
        ok(s.key(k), "key");
    }
    ok(s.wait_for("逊克县学校名单", STEP), "school list");
    ok(s.wait_for("小规模", STEP), "flags shown");
    // Search 实验小学校 by pinyin initials, then its alliances with a.
    ok(s.key("/"), "search");
    ok(s.key("syx"), "initials");
    ok(s.wait_for("共 1 所", STEP), "one school found");
    ok(s.key(keys::ENTER), "leave the search line");
    ok(s.key("a"), "its alliances");
    ok(s.wait_for("实验小学校的联盟", STEP), "alliances of the school");
    ok(s.key(keys::ENTER), "open the alliance");
    ok(s.wait_for("加入成员", STEP), "alliance screen");
    ok(s.wait_for("优质校+薄弱校", STEP), "operating mode shown");
    // n: the school picker over the county; bs finds 宝山乡中心小学.
    ok(s.key("n"), "add member");
    ok(s.wait_for("选择学校", STEP), "picker");
    ok(s.key("bs"), "pinyin initials");
    ok(s.wait_for("宝山乡中心小学", STEP), "filtered");
    ok(s.key(keys::ENTER), "choose");
    ok(s.wait_for("加入成员：宝山乡中心小学", STEP), "member form");
    ok(s.wait_for("2026-11-23", STEP), "joined today by default");
    ok(s.key(F2), "save");
    ok(s.wait_for("已加入成员：宝山乡中心小学", STEP), "saved message");
    ok(s.wait_for("宝山乡中心小学       成员校 2026-11-23", STEP), "listed as a member");
    ok(s.key("q"), "quit");
    assert!(s.wait_exit(STEP).is_some_and(|st| st.success()), "exits cleanly\n{}", s.screen_dump());

    let conn = rusqlite::Connection::open(&db).expect("open");
    let (member_id, alliance, role, joined, left): (i64, String, String, String, Option<String>) = conn
        .query_row(
            "SELECT m.id, a.name, m.role, m.joined_on, m.left_on FROM alliance_members m
             JOIN alliances a ON a.id = m.alliance_id JOIN schools s ON s.id = m.school_id
             WHERE s.name = '宝山乡中心小学' AND s.county_code = '231123'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("the new member is in the database");
    assert_eq!(alliance, "实验小学校城乡结对帮扶");
    assert_eq!((role.as_str(), joined.as_str(), left), ("member", "2026-11-23", None));
    let login: String = conn
        .query_row(
            "SELECT login FROM audit_log WHERE table_name = 'alliance_members' AND row_key = ?1 AND action = 'insert'",
            [member_id.to_string()],
            |r| r.get(0),
        )
        .expect("an audit row for the new member");
    let creator: String =
        conn.query_row("SELECT login FROM users WHERE role = 'admin' LIMIT 1", [], |r| r.get(0)).expect("admin");
    assert_eq!(login, creator, "audited as the person who added it");
    let version: i64 = conn
        .query_row("SELECT version FROM alliances WHERE name = '实验小学校城乡结对帮扶'", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 2, "the alliance's version moved on");
}
