//! `taizhang demo`: a new database full of synthetic data.

use super::init::create_new;
use super::Failure;
use crate::db::maintenance::Counted;
use crate::db::{self, Create};
use crate::i18n::{fill, T};

/// `taizhang demo --cases N --db PATH`: a new file only, never mixed into real data.
pub fn run(path: &std::path::Path, cases: u64, busy_secs: f64) -> Result<String, Failure> {
    let started = std::time::Instant::now();
    let bar = super::progress::Polled::start(
        super::progress::shown(false),
        crate::i18n::config::C::Demo.s(),
        cases,
        db::demo::cases_written,
    );
    let db = create_new(path, Create::Demo(cases), busy_secs, T::DemoExists)?;
    drop(bar);
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
