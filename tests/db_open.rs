//! Opening databases: creation and migration, the shipped regions, the seed facts, every
//! bad `--db`, the write path's permission checks and its audit rows.

use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use taizhang::db::{self, counties, migrate, users, OpenError, OpenOptions, WriteError};
use taizhang::domain::access::{Refusal, Role, Scope};

fn options(path: &Path, login: &str) -> OpenOptions {
    OpenOptions {
        path: path.to_path_buf(),
        create: db::Create::Demo(200),
        busy_timeout: Duration::from_millis(200),
        login: login.into(),
    }
}

fn fresh(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("t.db")
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect("count query")
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn creates_migrates_and_seeds_then_reopens_without_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    let db = db::open(&options(&path, "admin1")).expect("create");
    assert!(db.created);
    assert_eq!(migrate::user_version(&db.conn).expect("version"), migrate::LATEST);
    let cases = count(&db.conn, "SELECT count(*) FROM cases");
    assert_eq!(cases, 200);
    assert_eq!(db.actor.role, Some(Role::Admin), "the creator administers the database");
    let journal: String = db.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("pragma");
    assert_eq!(journal, "wal");
    let fk: i64 = db.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("pragma");
    assert_eq!(fk, 1);
    let sync: i64 = db.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).expect("pragma");
    assert_eq!(sync, 2, "synchronous=FULL");
    drop(db);
    // Re-running the migrations and the seeding changes nothing.
    let again = db::open(&options(&path, "admin1")).expect("reopen");
    assert!(!again.created);
    assert_eq!(count(&again.conn, "SELECT count(*) FROM cases"), 200);
    assert_eq!(count(&again.conn, "SELECT count(*) FROM users"), 1);
    assert_eq!(migrate::migrate(&mut Connection::open(&path).expect("open")).expect("migrate"), migrate::LATEST);
}

#[test]
fn region_table_is_complete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db::open(&options(&fresh(&dir), "a")).expect("create");
    assert_eq!(count(&db.conn, "SELECT count(*) FROM regions WHERE level = 1"), 1);
    assert_eq!(count(&db.conn, "SELECT count(*) FROM regions WHERE level = 2"), 13);
    assert_eq!(count(&db.conn, "SELECT count(*) FROM regions WHERE level = 3"), 121);
    // Every county's parent is a prefecture that exists, and codes are 6 digits of Heilongjiang.
    assert_eq!(
        count(
            &db.conn,
            "SELECT count(*) FROM regions c JOIN regions p ON p.code = c.parent_code
             WHERE c.level = 3 AND p.level = 2 AND c.code GLOB '23[0-9][0-9][0-9][0-9]'"
        ),
        121
    );
    let xunke: String =
        db.conn.query_row("SELECT name FROM regions WHERE code = '231123'", [], |r| r.get(0)).expect("逊克县");
    assert_eq!(xunke, "逊克县");
}

#[test]
fn seed_facts_are_present() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db::open(&options(&fresh(&dir), "a")).expect("create");
    let xunke = counties::get(&db.conn, "231123").expect("facts");
    assert_eq!(xunke.population, Some(82_000));
    assert_eq!(xunke.area_km2, Some(17_344.0));
    assert_eq!(xunke.basic_balance_year, Some(2017));
    assert_eq!(xunke.quality_since_year, Some(2020));
    let pingfang = counties::get(&db.conn, "230108").expect("facts");
    assert_eq!(pingfang.quality_status.code(), "pilot");
    assert_eq!(pingfang.quality_since_year, Some(2022));
    assert_eq!(count(&db.conn, "SELECT count(*) FROM alliances WHERE region_code = '231000' AND level = 'city'"), 3);
    assert_eq!(count(&db.conn, "SELECT count(*) FROM alliances WHERE mode = '一体两翼三共享六统一'"), 6);
}

#[test]
fn bad_paths_each_get_their_own_error_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A folder that does not exist.
    let missing = dir.path().join("nope").join("t.db");
    assert!(matches!(db::open(&options(&missing, "a")), Err(OpenError::MissingFolder(_))));
    assert!(!missing.parent().expect("parent").exists());
    // A directory.
    assert!(matches!(db::open(&options(dir.path(), "a")), Err(OpenError::IsDirectory(_))));
    // A text file.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "姓名,身份证号\n").expect("write");
    assert!(matches!(db::open(&options(&text, "a")), Err(OpenError::NotSqlite(_))));
    assert_eq!(file_bytes(&text), "姓名,身份证号\n".as_bytes());
    // Another program's SQLite database.
    let foreign = dir.path().join("other.sqlite");
    Connection::open(&foreign)
        .expect("open")
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .expect("create");
    let before = file_bytes(&foreign);
    assert!(matches!(db::open(&options(&foreign, "a")), Err(OpenError::ForeignDatabase(_))));
    assert_eq!(file_bytes(&foreign), before);
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    drop(db::open(&options(&path, "a")).expect("create"));
    {
        let c = Connection::open(&path).expect("open");
        c.pragma_update(None, "user_version", migrate::LATEST + 5).expect("bump");
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").expect("checkpoint");
    }
    let before = file_bytes(&path);
    match db::open(&options(&path, "a")) {
        Err(OpenError::NewerSchema { found, known, .. }) => {
            assert_eq!(found, migrate::LATEST + 5);
            assert_eq!(known, migrate::LATEST);
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
    assert_eq!(file_bytes(&path), before, "a newer database is not touched");
    assert!(!Path::new(&format!("{}-wal", path.display())).exists(), "not switched to WAL either");
}

#[test]
fn read_only_file_opens_read_only_and_refuses_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    {
        let c = db::open(&options(&path, "a")).expect("create");
        c.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint");
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = file_bytes(&path);
    let mut ro = db::open(&options(&path, "a")).expect("opens read-only");
    assert!(ro.read_only.is_some());
    let mut facts = counties::get(&ro.conn, "231123").expect("facts");
    facts.population = Some(1);
    assert!(matches!(counties::save(&mut ro, &facts), Err(WriteError::Refused(Refusal::ReadOnlyDatabase))));
    drop(ro);
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn unreadable_file_is_reported() {
    // Root reads anything, so this can only be shown as another user.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: running as root, which bypasses read permission");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    drop(db::open(&options(&path, "a")).expect("create"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    assert!(matches!(db::open(&options(&path, "a")), Err(OpenError::NoReadPermission(_))));
}

#[test]
fn a_long_writer_on_a_new_database_gives_locked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    let holder = Connection::open(&path).expect("open");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    assert!(matches!(db::open(&options(&path, "a")), Err(OpenError::Locked(_))));
    holder.execute_batch("ROLLBACK").expect("unlock");
}

#[test]
fn users_roles_scopes_and_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    let mut admin = db::open(&options(&path, "root_admin")).expect("create");
    // The administrator makes a county administrator for 逊克县 and a read-only user.
    users::upsert(&mut admin, "xk_admin", Role::Admin, &Scope::Region("231123".into())).expect("add");
    users::upsert(&mut admin, "viewer", Role::ReadOnly, &Scope::Region("230000".into())).expect("add");
    let audited =
        count(&admin.conn, "SELECT count(*) FROM audit_log WHERE table_name = 'users' AND login = 'root_admin'");
    assert_eq!(audited, 3, "first admin + two additions");

    let mut xk = db::open(&options(&path, "xk_admin")).expect("open");
    let mut facts = counties::get(&xk.conn, "231123").expect("facts");
    facts.population = Some(81_000);
    counties::save(&mut xk, &facts).expect("own county");
    let row: (String, String, String) = xk
        .conn
        .query_row(
            "SELECT login, old_value, new_value FROM audit_log WHERE table_name = 'county_facts' AND field = 'population'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("audit row");
    assert_eq!(row, ("xk_admin".into(), "82000".into(), "81000".into()));
    // Outside the scope: refused, nothing written.
    let mut other = counties::get(&xk.conn, "231124").expect("facts");
    other.population = Some(5);
    assert!(matches!(counties::save(&mut xk, &other), Err(WriteError::Refused(Refusal::OutOfScope { .. }))));
    assert_eq!(
        counties::get(&xk.conn, "231124").expect("facts").population,
        counties::get(&admin.conn, "231124").expect("f").population
    );
    // A county administrator cannot make a province-wide user.
    assert!(matches!(
        users::upsert(&mut xk, "someone", Role::Admin, &Scope::Region("230000".into())),
        Err(WriteError::Refused(Refusal::OutOfScope { .. }))
    ));
    // Read-only and unknown users are refused.
    let mut viewer = db::open(&options(&path, "viewer")).expect("open");
    assert!(matches!(counties::save(&mut viewer, &facts), Err(WriteError::Refused(Refusal::ReadOnlyRole))));
    let mut stranger = db::open(&options(&path, "stranger")).expect("open");
    assert_eq!(stranger.actor.role, None);
    assert!(matches!(counties::save(&mut stranger, &facts), Err(WriteError::Refused(Refusal::UnknownUser))));
}

#[test]
fn stale_save_is_refused_and_keeps_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    let mut a = db::open(&options(&path, "admin")).expect("create");
    let mut b = db::open(&options(&path, "admin")).expect("second session");
    let mut fa = counties::get(&a.conn, "231123").expect("facts");
    let mut fb = counties::get(&b.conn, "231123").expect("facts");
    fa.population = Some(1000);
    fb.population = Some(2000);
    counties::save(&mut a, &fa).expect("first save");
    assert!(matches!(counties::save(&mut b, &fb), Err(WriteError::Conflict)));
    assert_eq!(counties::get(&b.conn, "231123").expect("facts").population, Some(1000));
}

/// The SQLite side files a failed open must not leave behind.
fn side_files(path: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"].iter().map(|s| PathBuf::from(format!("{}{s}", path.display()))).collect()
}

#[test]
fn without_create_a_missing_or_empty_file_is_refused_and_nothing_is_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let never = |path: &Path| OpenOptions { create: db::Create::Never, ..options(path, "a") };
    let missing = fresh(&dir);
    assert!(matches!(db::open(&never(&missing)), Err(OpenError::NoDatabase(p)) if p == missing));
    assert!(!missing.exists(), "no database file was created");
    assert!(side_files(&missing).iter().all(|p| !p.exists()), "no -wal/-shm either");
    let blank = dir.path().join("blank.db");
    std::fs::write(&blank, b"").expect("touch");
    assert!(matches!(db::open(&never(&blank)), Err(OpenError::NoDatabase(_))));
    assert_eq!(file_bytes(&blank).len(), 0, "the empty file stays empty");
    assert!(side_files(&blank).iter().all(|p| !p.exists()));
    // Our schema without its regions (a creation that stopped halfway) is empty too.
    let half = dir.path().join("half.db");
    migrate::migrate(&mut Connection::open(&half).expect("open")).expect("schema only");
    assert!(matches!(db::open(&never(&half)), Err(OpenError::NoDatabase(_))));
    // An existing database opens as before, and keeps what it is.
    let demo = dir.path().join("demo.db");
    drop(db::open(&options(&demo, "a")).expect("create demo"));
    let again = db::open(&never(&demo)).expect("opens an existing database");
    assert!(again.demo && !again.created);
    assert_eq!(count(&again.conn, "SELECT count(*) FROM cases"), 200);
}

#[test]
fn an_empty_working_database_has_the_regions_and_its_creator_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = fresh(&dir);
    let db = db::open(&OpenOptions { create: db::Create::Empty, ..options(&path, "county_admin") }).expect("init");
    assert!(db.created && !db.demo);
    assert_eq!(count(&db.conn, "SELECT count(*) FROM regions"), 135);
    for table in ["cases", "schools", "alliances", "county_facts"] {
        assert_eq!(count(&db.conn, &format!("SELECT count(*) FROM {table}")), 0, "no demo rows in {table}");
    }
    assert_eq!(count(&db.conn, "SELECT count(*) FROM settings WHERE key = 'demo_data'"), 0);
    assert_eq!(db.actor.role, Some(Role::Admin), "the creator administers it");
    assert_eq!(count(&db.conn, "SELECT count(*) FROM users"), 1);
}

#[test]
fn a_demo_database_is_marked_as_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = db::open(&options(&fresh(&dir), "a")).expect("create");
    assert!(db.demo);
    assert_eq!(count(&db.conn, "SELECT count(*) FROM settings WHERE key = 'demo_data' AND value = '1'"), 1);
}
