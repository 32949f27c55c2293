//! End-to-end in a pseudo-terminal: from 逊克县's county page a member of staff presses `I`,
//! clears the path line, types the start of a folder's path and completes a CSV's name
//! with Tab, checks it (Enter: nothing written), imports it (F2), and the cases are in the
//! database with audit rows naming the file.

mod support;

use std::time::Duration;
use support::{keys, ok, Session};

const FIRST_SCREEN: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(10);
const TAB: &str = "\t";
const F2: &str = "\x1bOQ";

const CSV: &str = "姓名,身份证号,学校,年级,状态,原因,包保责任人（政府）,包保责任人（教育）,辍学/缺课开始日期,登记日期
导某甲,,实验小学校,一年级,疑似辍学,上学路远,李某,王某,2026-10-01,2026-10-02
导某乙,,实验小学校,二年级,辍学,厌学,李某,王某,2026-10-03,2026-10-04
";

#[test]
fn complete_check_and_import_a_csv_by_keyboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = tempfile::Builder::new().prefix("tz").tempdir_in("/tmp").expect("tempdir");
    std::fs::write(folder.path().join("十一月新增名单.csv"), CSV).expect("write csv");
    std::fs::write(folder.path().join("十一月说明.txt"), "not a spreadsheet").expect("write txt");
    let db = dir.path().join("t.db").to_str().expect("utf-8 path").to_string();
    ok(support::make_demo(std::path::Path::new(&db), &[("TAIZHANG_TODAY", "2026-11-23")]), "demo database");

    let mut s = ok(Session::spawn_env(&["--db", &db], &[("TAIZHANG_TODAY", "2026-11-23")]), "spawn");
    ok(s.wait_for_all(&["黑龙江省", "q 退出"], FIRST_SCREEN), "first screen");
    for k in ["/", "x", "k", keys::ENTER, keys::ENTER] {
        ok(s.key(k), "key");
    }
    ok(s.wait_for("县情", STEP), "county page");
    ok(s.key("I"), "I");
    ok(s.wait_for("文件：", STEP), "import screen");
    // The path line starts at the current folder; clear it and type the folder.
    let cwd = format!("文件：{}/", std::env::current_dir().expect("cwd").display());
    ok(s.wait_for(&cwd, STEP), "the path line starts at the current folder");
    ok(s.send("\x15"), "Ctrl-U clears the path line");
    ok(s.key(format!("{}/十一", folder.path().display())), "folder and the start of the name");
    ok(s.wait_for("> 十一月新增名单.csv", STEP), "the CSV is listed and selected");
    assert!(!s.screen().contains("十一月说明.txt"), "a .txt is not listed:\n{}", s.screen_dump());
    ok(s.key(TAB), "complete");
    let completed = format!("文件：{}/十一月新增名单.csv", folder.path().display());
    ok(s.wait_for(&completed, STEP), "Tab completed the path line");
    ok(s.key(keys::ENTER), "check");
    ok(s.wait_for("检查完毕（未写入）：2 行有效，0 行有错", STEP), "the check");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let count = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM cases WHERE name IN ('导某甲', '导某乙')", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(count(&conn), 0, "a check writes nothing");
    ok(s.key(F2), "import");
    ok(s.wait_for("已导入 2 行", STEP), "imported");
    ok(s.key(keys::ESC), "back to the list");
    ok(s.wait_for("> 十一月新增名单.csv", STEP), "the list again");
    ok(s.key(keys::ESC), "leave the import screen");
    ok(s.wait_for_absent("文件：", STEP), "left");
    ok(s.key("q"), "quit");
    assert!(s.wait_exit(STEP).is_some_and(|st| st.success()), "exits cleanly");

    assert_eq!(count(&conn), 2, "both rows are cases now");
    let (school, status): (String, String) = conn
        .query_row(
            "SELECT s.name, c.status FROM cases c JOIN schools s ON s.id = c.school_id WHERE c.name = '导某乙'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the case");
    assert_eq!((school.as_str(), status.as_str()), ("实验小学校", "dropout"));
    let login = taizhang::os_user::current_login();
    let audited: i64 = conn
        .query_row(
            "SELECT count(DISTINCT a.row_key) FROM audit_log a JOIN cases c ON a.row_key = CAST(c.id AS TEXT)
             WHERE a.table_name = 'cases' AND c.name IN ('导某甲', '导某乙') AND a.login = ?1
               AND a.note LIKE '%十一月新增名单.csv%'",
            [login.as_str()],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 2, "each imported case has audit rows by {login} naming the file");
}
