//! `taizhang demo`: a new database full of synthetic data.

use super::{open_failure, Failure};
use crate::db;
use crate::db::maintenance::Counted;
use crate::i18n::{fill, T};

/// `taizhang demo --cases N --db PATH`: a new file only, never mixed into real data.
pub fn run(path: &std::path::Path, cases: u64, busy_secs: f64) -> Result<String, Failure> {
    if std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false) {
        return Err(Failure::usage(fill(T::DemoExists.s(), &[&path.display()])));
    }
    let started = std::time::Instant::now();
    let opts = db::OpenOptions {
        path: path.to_path_buf(),
        demo_cases: cases,
        busy_timeout: std::time::Duration::from_secs_f64(busy_secs),
        login: crate::os_user::current_login(),
    };
    let db = db::open(&opts).map_err(|e| open_failure(&e, busy_secs))?;
    let count = |table: Counted| db::maintenance::count_rows(&db.conn, table).unwrap_or(-1);
    Ok(fill(
        T::DemoDone.s(),
        &[
            &path.display(),
            &count(Counted::Schools),
            &count(Counted::Alliances),
            &count(Counted::Cases),
            &format!("{:.1}", started.elapsed().as_secs_f64()),
        ],
    ))
}
