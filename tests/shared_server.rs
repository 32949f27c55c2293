//! The README's shared-server steps, run for real with two OS logins: a setgid `2770`
//! folder, `umask 007`, one member of staff creating the database and another writing to
//! it, and a read-only opener that must not leave `-wal`/`-shm` files that block the
//! others. Needs root (to add the logins) and `runuser`; skipped otherwise.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

const GROUP: &str = "tzt_grp";
const WANG: &str = "tzt_wang";
const LIU: &str = "tzt_liu";

fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program} {args:?}: {e}"))
}

fn is_root() -> bool {
    String::from_utf8_lossy(&run("id", &["-u"]).stdout).trim() == "0"
}

/// The group and two logins in it (kept between runs: adding them is idempotent).
fn set_up_logins() {
    if !run("getent", &["group", GROUP]).status.success() {
        assert!(run("groupadd", &[GROUP]).status.success(), "groupadd");
    }
    for login in [WANG, LIU] {
        if !run("id", &[login]).status.success() {
            assert!(run("useradd", &["-M", "-N", "-s", "/bin/sh", login]).status.success(), "useradd {login}");
        }
        assert!(run("usermod", &["-aG", GROUP, login]).status.success(), "usermod {login}");
    }
}

/// Runs taizhang as `login` with `umask 007`, as the README tells staff to.
fn taizhang_as(login: &str, args: &str) -> (bool, String) {
    let bin = env!("CARGO_BIN_EXE_taizhang");
    let out = run("runuser", &["-u", login, "--", "sh", "-c", &format!("umask 007; {bin} --lang en {args}")]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).map(|m| m.mode() & 0o777).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn two_logins_share_a_database_as_the_readme_says() {
    if !is_root() || !run("sh", &["-c", "command -v runuser"]).status.success() {
        eprintln!("skipped: needs root and runuser to add two OS logins");
        return;
    }
    set_up_logins();
    let top = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let folder = top.path().join("taizhang");
    let folder_s = folder.display().to_string();
    assert!(run("install", &["-d", "-m", "2770", "-g", GROUP, &folder_s]).status.success(), "install -d");
    let db = folder.join("county.db");
    let db_s = db.display().to_string();

    // sudo -u wangli sh -c 'umask 007; taizhang init --db /srv/taizhang/county.db'
    let (ok, out) = taizhang_as(WANG, &format!("init --db {db_s}"));
    assert!(ok, "init: {out}");
    assert_eq!(mode(&db), 0o660, "the database honours umask 007: group-writable");
    assert_eq!(std::fs::metadata(&db).expect("meta").gid(), std::fs::metadata(&folder).expect("meta").gid());
    let (ok, out) = taizhang_as(WANG, &format!("--db {db_s} user list"));
    assert!(ok && out.contains(WANG), "user list: {out}");

    // The second member of staff writes: not [read-only].
    let (ok, out) = taizhang_as(WANG, &format!("--db {db_s} user add {LIU} --role admin --scope 231123"));
    assert!(ok, "user add: {out}");
    let (ok, out) = taizhang_as(LIU, &format!("--db {db_s} user add zhao --role readonly --scope 231123"));
    assert!(ok, "{LIU} writes: {out}");

    // A read-only opener (the file made read-only for the group) leaves -wal/-shm behind,
    // as SQLite does for a reader that cannot checkpoint; they must not block the others.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).expect("chmod 640");
    let (ok, out) = taizhang_as(LIU, &format!("--db {db_s} user list"));
    assert!(ok, "a read-only user reads: {out}");
    for file in taizhang::db::files::companions(&db) {
        if file.exists() {
            assert_eq!(mode(&file) & 0o660, 0o660, "{} is writable by its group", file.display());
        }
    }
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o660)).expect("chmod 660");
    let (ok, out) = taizhang_as(WANG, &format!("--db {db_s} user add qian --role readonly --scope 231123"));
    assert!(ok, "{WANG} still writes after a read-only opener: {out}");
    let (ok, out) = taizhang_as(LIU, &format!("--db {db_s} user add sun --role readonly --scope 231123"));
    assert!(ok, "and so does {LIU}: {out}");
}
