//! End-to-end tests: the real binary in a pseudo-terminal (80x24), driven by keys and
//! read back through a VT100 emulator. Each test uses its own temporary database.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};
use support::{keys, Session};

/// First start creates, migrates and seeds the database; allow for a slow debug build.
const FIRST_SCREEN: Duration = Duration::from_secs(60);
const STEP: Duration = Duration::from_secs(5);

fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("taizhang-e2e-").tempdir().expect("creating a temporary directory")
}

fn db_arg(path: &Path) -> String {
    path.to_str().expect("temporary paths are UTF-8").to_string()
}

/// Starts the UI on a new database in `dir` and waits for the whole first frame.
fn start(dir: &Path) -> Session {
    let path = dir.join("taizhang.db");
    support::make_demo(&path, &[]).unwrap_or_else(|e| panic!("demo database: {e}"));
    let db = db_arg(&path);
    let s = Session::spawn(&["--db", &db]).unwrap_or_else(|e| panic!("spawning taizhang: {e}"));
    s.wait_for_all(&["黑龙江省", "地区", "q 退出"], FIRST_SCREEN).unwrap_or_else(|e| panic!("first screen: {e}"));
    s
}

fn ok(r: Result<(), String>, what: &str) {
    if let Err(e) = r {
        panic!("{what}: {e}");
    }
}

/// The header line (row 0) of the screen.
fn header(s: &Session) -> String {
    s.screen().lines().next().unwrap_or_default().to_string()
}

#[test]
fn navigate_filter_county_help_and_quit() {
    let dir = tempdir();
    let mut s = start(dir.path());
    ok(s.wait_for("黑龙江省 230000", STEP), "overview title of the province");
    let header_before = header(&s);

    // j: to the first prefecture; Enter: expand it and move into its first child.
    ok(s.key("j"), "send j");
    ok(s.wait_for("哈尔滨市 230100", STEP), "after j the overview shows 哈尔滨市");
    ok(s.key(keys::ENTER), "send Enter");
    ok(
        s.wait_until(STEP, |screen| {
            let head = screen.lines().next().unwrap_or_default();
            head.contains("哈尔滨市") && screen.contains("▾ 哈尔滨市") && !screen.contains("哈尔滨市 230100")
        })
        .map(|_| ()),
        "after Enter on 哈尔滨市: expanded (▾), breadcrumb includes it, a child is selected",
    );
    let header_after = header(&s);
    assert_ne!(header_before, header_after, "the breadcrumb did not change\n{}", s.screen_dump());

    // Filter by pinyin initials.
    ok(s.key("/"), "send /");
    ok(s.key("xk"), "type xk");
    ok(s.wait_for("逊克县", STEP), "filter xk shows 逊克县");
    ok(s.wait_for("逊克县 231123", STEP), "filter xk selects 逊克县");
    ok(s.key(keys::ENTER), "Enter keeps the filter");
    ok(s.key(keys::ENTER), "Enter opens the county");
    ok(
        s.wait_until(STEP, |screen| screen.lines().next().unwrap_or_default().contains("县情")).map(|_| ()),
        "county page (breadcrumb ends in 县情)",
    );
    let head = header(&s);
    let after = head.split_once("县情").map(|(_, rest)| rest.to_string()).unwrap_or_default();
    assert!(
        head.contains("逊克县") && !after.trim_start().starts_with('>'),
        "the breadcrumb should end in 逊克县 > 县情: {head:?}\n{}",
        s.screen_dump()
    );
    ok(s.key(keys::ESC), "Esc leaves the county page");
    ok(
        s.wait_until(STEP, |screen| !screen.lines().next().unwrap_or_default().contains("县情")).map(|_| ()),
        "back from 县情",
    );

    ok(s.key("?"), "send ?");
    // The overlay's title sits in its top border ("┌ 帮助 ──"); the hint bar also says "? 帮助".
    ok(s.wait_for("┌ 帮助 ", STEP), "help overlay");
    ok(s.key(keys::ESC), "Esc closes help");
    ok(s.wait_for_absent("┌ 帮助 ", STEP), "help closed");

    ok(s.send("q"), "send q");
    let status = s.wait_exit(STEP).unwrap_or_else(|| panic!("q did not quit within 5 s\n{}", s.screen_dump()));
    assert!(status.success(), "q exited with {status:?}\n{}", s.screen_dump());
}

#[test]
fn idle_writes_nothing() {
    let dir = tempdir();
    let mut s = start(dir.path());
    ok(s.wait_for("黑龙江省 230000", STEP), "overview title");
    // Let the first frame (and anything right after it) finish arriving.
    std::thread::sleep(Duration::from_millis(500));
    let mark = Instant::now();
    std::thread::sleep(Duration::from_secs(3));
    let written = s.bytes_since(mark);
    let raw = s.raw();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(written)..]).into_owned();
    assert_eq!(written, 0, "the app wrote {written} bytes while idle for 3 s: {tail:?}");
    s.kill();
}

#[test]
fn closing_the_terminal_ends_the_process() {
    let dir = tempdir();
    let mut s = start(dir.path());
    let pid = s.pid();
    let cpu_before = s.cpu_time().expect("reading /proc/<pid>/stat");
    let closed = Instant::now();
    s.close_terminal();

    // Watch /proc until the process is a zombie (it exited) or gone, sampling its CPU use.
    let mut cpu_at_end = cpu_before;
    let mut exited = false;
    while closed.elapsed() < Duration::from_secs(5) {
        match support::proc_cpu(pid) {
            Some((state, cpu)) => {
                cpu_at_end = cpu;
                if state == 'Z' || state == 'X' {
                    exited = true;
                    break;
                }
            }
            None => {
                exited = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = closed.elapsed();
    let cpu_used = cpu_at_end.saturating_sub(cpu_before);
    assert!(
        exited,
        "pid {pid} still running {elapsed:?} after the pty master was closed; it used {cpu_used:?} of CPU since \
         (state {:?}: {})",
        support::proc_cpu(pid).map(|p| p.0),
        if cpu_used > elapsed / 2 { "spinning" } else { "sleeping, not spinning" }
    );
    // It must not have burnt the CPU on the way out either (e.g. retrying a dead terminal).
    assert!(
        cpu_used < Duration::from_millis(1500),
        "pid {pid} used {cpu_used:?} of CPU in the {elapsed:?} before exiting"
    );
    let status = s.wait_exit(Duration::from_secs(2)).expect("reaping the exited child");
    // kill(pid, 0) fails once the child is reaped.
    // SAFETY: signal 0 only checks that the pid exists.
    assert_ne!(unsafe { libc::kill(pid as libc::pid_t, 0) }, 0, "pid {pid} still exists after reaping");
    eprintln!("closed terminal: exited after {elapsed:?} with {status:?}, CPU used {cpu_used:?}");
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempdir();
    let mut s = start(dir.path());
    ok(s.signal(libc::SIGTERM), "sending SIGTERM");
    let status = s
        .wait_exit(Duration::from_secs(3))
        .unwrap_or_else(|| panic!("no exit within 3 s of SIGTERM\n{}", s.screen_dump()));
    assert!(s.wait_reader_done(Duration::from_secs(2)), "the pty did not close after exit");
    let raw = s.raw();
    let leave = b"\x1b[?1049l";
    let enter = b"\x1b[?1049h";
    let find_last = |needle: &[u8]| raw.windows(needle.len()).rposition(|w| w == needle);
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(64)..]).into_owned();
    let left = find_last(leave);
    assert!(left.is_some(), "never left the alternate screen (exit {status:?}); last bytes: {tail:?}");
    assert!(left > find_last(enter), "re-entered the alternate screen after leaving it; last bytes: {tail:?}");
    assert!(
        raw.len() - left.unwrap_or(0) <= 64,
        "leaving the alternate screen was not among the last bytes written; last bytes: {tail:?}"
    );
    assert!(!s.alternate_screen(), "the emulated terminal is still on the alternate screen\n{}", s.screen_dump());
    eprintln!("SIGTERM: exit {status:?}, last bytes {tail:?}");
}

/// Runs the binary without a terminal and returns (exit code, stderr).
fn run_plain(args: &[&str]) -> (Option<i32>, String) {
    let out = support::command(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running taizhang {args:?}: {e}"));
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout))
}

#[test]
fn bad_db_paths_fail_with_the_path_named() {
    let dir = tempdir();

    let folder = db_arg(dir.path());
    let (code, msg) = run_plain(&["--db", &folder]);
    assert!(code.is_some_and(|c| c != 0), "--db <directory> exited {code:?}: {msg}");
    assert!(msg.contains(&folder), "--db <directory>: message does not name {folder}: {msg}");

    let missing = db_arg(&dir.path().join("no-such-folder").join("t.db"));
    let (code, msg) = run_plain(&["--db", &missing]);
    assert!(code.is_some_and(|c| c != 0), "--db <missing folder> exited {code:?}: {msg}");
    assert!(msg.contains(&missing), "--db <missing folder>: message does not name {missing}: {msg}");
    assert!(!dir.path().join("no-such-folder").exists(), "the missing folder was created");

    let text_path = dir.path().join("notes.txt");
    let text = "这不是数据库。\nnot a database either\n".repeat(20);
    std::fs::write(&text_path, &text).expect("writing the text file");
    let text_arg = db_arg(&text_path);
    let (code, msg) = run_plain(&["--db", &text_arg]);
    assert!(code.is_some_and(|c| c != 0), "--db <text file> exited {code:?}: {msg}");
    assert!(msg.contains(&text_arg), "--db <text file>: message does not name {text_arg}: {msg}");
    assert_eq!(std::fs::read_to_string(&text_path).ok().as_deref(), Some(text.as_str()), "the text file was changed");
}

#[test]
fn another_sessions_commit_shows_up() {
    let dir = tempdir();
    let db_path = dir.path().join("taizhang.db");
    let mut s = start(dir.path());
    ok(s.key("/"), "send /");
    ok(s.key("xk"), "type xk");
    ok(s.key(keys::ENTER), "Enter keeps the filter");
    ok(s.wait_for_all(&["逊克县 231123", "常住人口"], STEP).map(|_| ()), "overview of 逊克县");
    assert!(!s.screen().contains("123,456"), "123,456 already on screen before the update\n{}", s.screen_dump());

    let conn = rusqlite::Connection::open(&db_path).expect("opening the database from the test");
    conn.busy_timeout(Duration::from_secs(5)).expect("busy_timeout");
    let changed = conn
        .execute("UPDATE county_facts SET population = 123456 WHERE code = '231123'", [])
        .expect("updating county_facts");
    assert_eq!(changed, 1, "no county_facts row for 231123");
    let committed = Instant::now();
    ok(s.wait_for("123,456", Duration::from_secs(3)), "the other session's commit within 3 s");
    eprintln!("commit shown after {:?}", committed.elapsed());
    ok(s.send("q"), "send q");
    let status = s.wait_exit(STEP).unwrap_or_else(|| panic!("q did not quit\n{}", s.screen_dump()));
    assert!(status.success(), "exit {status:?}");
}

#[test]
fn ctrl_c_quits() {
    let dir = tempdir();
    let mut s = start(dir.path());
    ok(s.send(keys::CTRL_C), "send Ctrl-C");
    let status = s.wait_exit(STEP).unwrap_or_else(|| panic!("Ctrl-C did not quit within 5 s\n{}", s.screen_dump()));
    assert!(status.success(), "Ctrl-C exited with {status:?}");
    assert!(s.wait_reader_done(Duration::from_secs(2)), "the pty did not close after exit");
    assert!(!s.alternate_screen(), "still on the alternate screen after Ctrl-C\n{}", s.screen_dump());
}

#[test]
fn sighup_quits_cleanly() {
    let dir = tempdir();
    let mut s = start(dir.path());
    ok(s.signal(libc::SIGHUP), "sending SIGHUP");
    let status = s
        .wait_exit(Duration::from_secs(3))
        .unwrap_or_else(|| panic!("no exit within 3 s of SIGHUP\n{}", s.screen_dump()));
    assert!(s.wait_reader_done(Duration::from_secs(2)), "the pty did not close after exit");
    assert!(!s.alternate_screen(), "still on the alternate screen after SIGHUP (exit {status:?})\n{}", s.screen_dump());
}

/// The harness itself: closing the terminal really hangs it up (a plain `sleep` dies of
/// SIGHUP), so a failure of `closing_the_terminal_ends_the_process` is the app's.
#[test]
fn harness_close_terminal_hangs_up() {
    let mut s = Session::spawn_bin(Path::new("/bin/sh"), &["-c", "printf ready; exec sleep 100"], 24, 80)
        .unwrap_or_else(|e| panic!("spawning sh: {e}"));
    ok(s.wait_for("ready", STEP), "sh started");
    s.close_terminal();
    let status = s.wait_exit(STEP).expect("sleep did not die after the terminal was closed");
    assert!(!status.success(), "sleep should have been killed by SIGHUP: {status:?}");
}
