//! Opening a database: every way a path can be wrong gets its own error, checked before
//! SQLite touches the file, so a bad `--db` never changes anything. A database is created
//! only when the caller asks for one ([`Create`]): `taizhang init` makes an empty working
//! database, `taizhang demo` and the per-user default make demo ones; everything else
//! refuses a missing or empty file.

use super::{migrate, regions, settings, users};
use crate::domain::access::Actor;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::fs::File;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What the caller wants when opening.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub path: PathBuf,
    /// Whether a missing or empty database may be created, and with what in it.
    pub create: Create,
    /// How long to wait for another session's write lock.
    pub busy_timeout: Duration,
    /// The login the session acts as.
    pub login: String,
}

/// What to do when the file is missing or empty (no file, zero bytes, or our schema
/// without its regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    /// Refuse ([`OpenError::NoDatabase`]) and create nothing: a mistyped path must not
    /// become a new database.
    Never,
    /// A working database: the schema, the region table and the creator as administrator.
    Empty,
    /// A demo database: as `Empty`, plus demo schools, alliances, county facts and this many
    /// ledger cases, marked as demo data.
    Demo(u64),
}

/// Why the database could not be opened. Each carries the path, to name it in the message.
#[derive(Debug)]
pub enum OpenError {
    /// The file does not exist or is empty, and the caller did not ask to create one.
    NoDatabase(PathBuf),
    MissingFolder(PathBuf),
    IsDirectory(PathBuf),
    NotSqlite(PathBuf),
    NoReadPermission(PathBuf),
    /// Another session holds a write lock for longer than the busy timeout.
    Locked(PathBuf),
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// A SQLite file that some other program made: we do not add our tables to it.
    ForeignDatabase(PathBuf),
    /// Read-only, but the schema must be created or upgraded first.
    NeedsUpgradeReadOnly(PathBuf),
    /// A SQLite file (its header is right) that is damaged or cut short.
    Damaged(PathBuf, super::damage::Damage),
    Io(PathBuf, std::io::Error),
    Sqlite(PathBuf, rusqlite::Error),
}

/// Why a database is open read-only (shown in a banner; edits explain it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnlyReason {
    FileNotWritable,
    FolderNotWritable,
    /// A check found the file damaged: nothing more is written to it.
    Damaged,
}

/// An open database and the person using it.
pub struct Db {
    pub conn: Connection,
    pub path: PathBuf,
    pub read_only: Option<ReadOnlyReason>,
    pub actor: Actor,
    /// True when this open created (and seeded) the database.
    pub created: bool,
    /// The database holds generated demo data, not a county's real records.
    pub demo: bool,
    /// The session's last change to a case, for undo.
    pub undo: Option<super::cases::UndoPoint>,
    /// How long a write waits for another session's lock (commands name it when they give up).
    pub busy_timeout: Duration,
    /// Region code → name, read at open (`Db::region_name`).
    pub region_names: std::collections::HashMap<String, String>,
    /// What logins not in the users table may read (the `unknown_logins` setting).
    pub unknown_logins: super::scope::UnknownLogins,
    /// This login's unsaved form input, kept outside the database (no lock can block it).
    pub drafts: super::drafts::DraftStore,
    /// The lists' column choices (the user's settings file, set by the program's start;
    /// else kept for the session only, so tests never write a home directory).
    pub columns: crate::config::ColumnStore,
}

impl Db {
    /// A read transaction: many lookups in a row see one state of the database and take
    /// the file lock once instead of once per statement. Ends (rolls back) when dropped.
    pub fn snapshot(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        let tx = self.conn.unchecked_transaction()?;
        // BEGIN is deferred: the read lock is taken by the first read, so take it now.
        tx.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(tx)
    }
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What we learnt about the path before opening it.
struct Probe {
    read_only: Option<ReadOnlyReason>,
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn probe(path: &Path) -> Result<Probe, OpenError> {
    let folder = folder_of(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !folder.is_dir() {
                return Err(OpenError::MissingFolder(path.to_path_buf()));
            }
            if !writable(&folder) {
                return Err(OpenError::Io(
                    path.to_path_buf(),
                    std::io::Error::from(std::io::ErrorKind::PermissionDenied),
                ));
            }
            return Ok(Probe { read_only: None });
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(OpenError::NoReadPermission(path.to_path_buf()))
        }
        Err(e) => return Err(OpenError::Io(path.to_path_buf(), e)),
    };
    if meta.is_dir() {
        return Err(OpenError::IsDirectory(path.to_path_buf()));
    }
    let mut header = [0u8; 16];
    let read = match File::open(path) {
        Ok(mut f) => read_up_to(&mut f, &mut header).map_err(|e| OpenError::Io(path.to_path_buf(), e))?,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(OpenError::NoReadPermission(path.to_path_buf()))
        }
        Err(e) => return Err(OpenError::Io(path.to_path_buf(), e)),
    };
    if read > 0 && (read < 16 || &header != SQLITE_HEADER) {
        return Err(OpenError::NotSqlite(path.to_path_buf()));
    }
    // Mode bits, not only access(2): a file the administrator made read-only stays
    // read-only even for root.
    let read_only = if meta.permissions().readonly() || !writable(path) {
        Some(ReadOnlyReason::FileNotWritable)
    } else if !writable(&folder) {
        // SQLite keeps its -wal and -shm files beside the database.
        Some(ReadOnlyReason::FolderNotWritable)
    } else {
        None
    };
    Ok(Probe { read_only })
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut total = 0;
    while total < buf.len() {
        match f.read(&mut buf[total..])? {
            0 => break,
            n => total += n,
        }
    }
    Ok(total)
}

fn writable(path: &Path) -> bool {
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    // SAFETY: c is a valid NUL-terminated string for the duration of the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked))
}

fn classify(path: &Path, e: rusqlite::Error) -> OpenError {
    if is_busy(&e) {
        OpenError::Locked(path.to_path_buf())
    } else if let Some(damage) = super::damage::Damage::of(&e) {
        // The header was checked before opening: this file is SQLite's, and broken.
        OpenError::Damaged(path.to_path_buf(), damage)
    } else {
        OpenError::Sqlite(path.to_path_buf(), e)
    }
}

/// Opens (creating, migrating and seeding when needed) the database at `opts.path`.
pub fn open(opts: &OpenOptions) -> Result<Db, OpenError> {
    let path = opts.path.as_path();
    if opts.create == Create::Never && is_missing_or_blank(path) {
        // A folder that is not there is the more precise mistake to name.
        return Err(if folder_of(path).is_dir() {
            OpenError::NoDatabase(path.to_path_buf())
        } else {
            OpenError::MissingFolder(path.to_path_buf())
        });
    }
    let probe = probe(path)?;
    if opts.create != Create::Never && probe.read_only.is_none() {
        // Before SQLite does, so that the new file honours the umask (see `db::files`).
        super::files::create_honouring_umask(path).map_err(|e| OpenError::Io(path.to_path_buf(), e))?;
    }
    let flags = if probe.read_only.is_some() {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else if opts.create == Create::Never {
        // Not even if the file vanished since the check above.
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(opts.busy_timeout).map_err(|e| classify(path, e))?;
    super::collation::register(&conn).map_err(|e| classify(path, e))?;
    // Check the version before any pragma that could write (journal_mode changes the file).
    let found = migrate::user_version(&conn).map_err(|e| classify(path, e))?;
    if found > migrate::LATEST {
        return Err(OpenError::NewerSchema { path: path.to_path_buf(), found, known: migrate::LATEST });
    }
    let tables = has_tables(&conn).map_err(|e| classify(path, e))?;
    if found == 0 && tables {
        return Err(OpenError::ForeignDatabase(path.to_path_buf()));
    }
    // A SQLite file without tables, or our schema left without its regions: nothing in it.
    if opts.create == Create::Never && (!tables || is_unseeded(&conn).map_err(|e| classify(path, e))?) {
        return Err(OpenError::NoDatabase(path.to_path_buf()));
    }
    if probe.read_only.is_some() {
        if found < migrate::LATEST {
            return Err(OpenError::NeedsUpgradeReadOnly(path.to_path_buf()));
        }
        conn.execute_batch("PRAGMA foreign_keys=ON; PRAGMA query_only=ON;").map_err(|e| classify(path, e))?;
    } else {
        // An upgrade writes: not into a damaged file.
        if found > 0 && found < migrate::LATEST {
            if let Some(problem) =
                super::damage::find(&conn, super::damage::Depth::Quick).map_err(|e| classify(path, e))?
            {
                return Err(OpenError::Damaged(path.to_path_buf(), problem));
            }
        }
        if found == 0 && !tables {
            // A new file: its page size can only be chosen before its first table.
            conn.execute_batch(&format!("PRAGMA page_size = {NEW_PAGE_SIZE}")).map_err(|e| classify(path, e))?;
        }
        set_pragmas(&conn).map_err(|e| classify(path, e))?;
        migrate::migrate(&mut conn).map_err(|e| classify(path, e))?;
    }
    let created = probe.read_only.is_none() && is_unseeded(&conn).map_err(|e| classify(path, e))?;
    if created {
        seed_new(&mut conn, opts).map_err(|e| classify(path, e))?;
    }
    let actor = users::actor_for(&conn, &opts.login).map_err(|e| classify(path, e))?;
    let demo = settings::is_demo(&conn).map_err(|e| classify(path, e))?;
    // Region names are fixed data: read once, so that a sentence can name a region without SQL.
    let region_names = regions::names(&conn).map_err(|e| classify(path, e))?;
    let unknown_logins = super::scope::unknown_logins(&conn).map_err(|e| classify(path, e))?;
    // The reads above made SQLite open (or create) -wal and -shm.
    super::files::share_companions(path);
    Ok(Db {
        conn,
        path: path.to_path_buf(),
        read_only: probe.read_only,
        actor,
        created,
        demo,
        undo: None,
        busy_timeout: opts.busy_timeout,
        region_names,
        unknown_logins,
        drafts: super::drafts::DraftStore::for_database(path, &opts.login),
        columns: crate::config::ColumnStore::default(),
    })
}

/// No file at `path`, or a file of zero bytes (what `touch` or a failed copy leaves).
fn is_missing_or_blank(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Ok(m) => m.is_file() && m.len() == 0,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// The page size of a new database file. SQLite's default of 4 KiB made a bulk import
/// write and read every page twice as often: 100,000 cases took 3.2 s at 4 KiB, 2.6 s at
/// 8 KiB and 2.5 s at 16 KiB (`benches/io.rs`, medians of 5). The page cache is sized in
/// KiB, so memory does not change. A file made before keeps its size (VACUUM changes it).
pub const NEW_PAGE_SIZE: u32 = 16384;

/// WAL so readers never wait for writers; FULL so a saved row survives power loss;
/// foreign keys on, because SQLite leaves them off.
fn set_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
}

fn is_unseeded(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) = 0 FROM regions", [], |r| r.get(0))
}

fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |r| r.get(0))
}

/// First run: regions, the demo data if asked for (and its mark), and the creator as first
/// administrator, in one transaction.
fn seed_new(conn: &mut Connection, opts: &OpenOptions) -> rusqlite::Result<()> {
    // A demo is written into its new file straight, with a rollback journal (which holds
    // nothing for pages the file did not have), instead of once into the WAL and again
    // into the file when it is checkpointed (1,000,000 cases: 35 s -> 24 s); WAL again
    // once it is in. Nobody else has the new file open yet.
    let straight = matches!(opts.create, Create::Demo(_));
    if straight {
        conn.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
    }
    seed_in(conn, opts)?;
    if straight {
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
    }
    Ok(())
}

fn seed_in(conn: &mut Connection, opts: &OpenOptions) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if tx.query_row("SELECT count(*) FROM regions", [], |r| r.get::<_, i64>(0))? == 0 {
        regions::load(&tx)?;
        if let Create::Demo(cases) = opts.create {
            super::demo::seed(&tx, &crate::demo::DemoOptions { cases, today: super::today(), seed: 2024 })?;
            settings::mark_demo(&tx)?;
        }
        users::insert_first_admin(&tx, &opts.login)?;
    }
    tx.commit()
}
