//! The files SQLite keeps for a database — the database itself, `-wal` and `-shm` —
//! honour the creating user's umask, so that a shared folder (setgid, `umask 007`) stays
//! usable by every member of its group.
//!
//! SQLite creates a new database with mode 0644 before the umask (so 0640 under `umask
//! 007`: colleagues then open it read-only), and gives `-wal` and `-shm` the database's own
//! mode whoever creates them. So a new database is created here first, with 0666 before the
//! umask, as any program's new file is; and after opening, the `-wal`/`-shm` files this
//! login owns get the write bits its umask allows. That matters for a read-only opener:
//! it cannot remove the files when it closes, and files left with a read-only database's
//! mode, owned by that login, would stop everyone else from writing.

use std::fs::OpenOptions;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Creates an empty file at `path` with mode 0666 less the umask; `Ok` if it already exists.
pub fn create_honouring_umask(path: &Path) -> std::io::Result<()> {
    match OpenOptions::new().write(true).create_new(true).mode(0o666).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The `-wal` and `-shm` files beside `db`.
pub fn companions(db: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    [with("-wal"), with("-shm")]
}

/// The process's umask, read without changing it (Linux: /proc/self/status).
pub fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .unwrap_or(0o022)
}

/// Gives the `-wal`/`-shm` files beside `db` that this login owns the permission bits its
/// umask allows (never fewer than they have). Files of other logins are left alone.
pub fn share_companions(db: &Path) {
    let allowed = 0o666 & !umask();
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    for file in companions(db) {
        let Ok(meta) = std::fs::metadata(&file) else { continue };
        let mode = meta.mode() & 0o7777;
        if meta.uid() == me && mode | allowed != mode {
            // Best effort: a file we cannot change is one we could not have fixed anyway.
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode | allowed));
        }
    }
}
