//! `taizhang init --db PATH`: a new, empty working database. No other command creates
//! one (a mistyped `--db` is refused), so a county's real database starts without demo rows.

use super::{open_failure, Failure};
use crate::db::{self, Create, Db};
use crate::i18n::{fill, T};
use std::path::Path;

/// `taizhang init --db PATH`: the schema, the region table and the creator as administrator.
pub fn run(path: &Path, busy_secs: f64) -> Result<String, Failure> {
    let db = create_new(path, Create::Empty, busy_secs, T::InitExists)?;
    let login = db.actor.login.clone();
    Ok(fill(T::InitDone.s(), &[&path.display(), &login, &path.display()]))
}

/// Creates the database at `path`, which must be missing or empty (`exists` words the
/// refusal otherwise): `init` and `demo` never write into an existing file.
pub fn create_new(path: &Path, create: Create, busy_secs: f64, exists: T) -> Result<Db, Failure> {
    if std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false) {
        return Err(Failure::usage(fill(exists.s(), &[&path.display()])));
    }
    let opts = db::OpenOptions {
        path: path.to_path_buf(),
        create,
        busy_timeout: std::time::Duration::from_secs_f64(busy_secs.max(0.0)),
        login: crate::os_user::current_login(),
    };
    db::open(&opts).map_err(|e| open_failure(&e, busy_secs))
}
