//! `taizhang demo`: a new database full of synthetic data.

use super::{open_failure, Failure};
use crate::db;
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
    let count = |sql: &str| db.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or(-1);
    Ok(fill(
        T::DemoDone.s(),
        &[
            &path.display(),
            &count("SELECT count(*) FROM schools"),
            &count("SELECT count(*) FROM alliances"),
            &count("SELECT count(*) FROM cases"),
            &format!("{:.1}", started.elapsed().as_secs_f64()),
        ],
    ))
}
