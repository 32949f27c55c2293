//! Everything SQL lives under `db`: opening and pragmas, migrations, one file per table
//! family, and the single write path that checks permissions and writes the audit log.

pub mod alliances;
pub mod audit;
pub mod bulk;
pub mod case_import;
pub mod cases;
pub mod collation;
pub mod counties;
pub mod damage;
pub mod demo;
pub mod drafts;
pub mod due;
pub mod evaluation;
pub mod export_rows;
pub mod figures;
pub mod files;
pub mod follow_up;
pub mod history;
pub mod indicators;
pub mod items;
pub mod maintenance;
pub mod migrate;
pub mod monthly;
pub mod open;
pub mod overview;
pub mod recheck;
pub mod record;
pub mod regions;
pub mod registry;
pub mod rollover;
pub mod rollup;
pub mod schools;
pub mod scope;
pub mod seen;
pub mod settings;
pub mod submissions;
pub mod tags;
pub mod users;
pub mod verify;

pub use audit::{AuditRow, Rule, WriteError};
pub use open::{open, Create, Db, OpenError, OpenOptions};

/// Current local time as stored in the database (`YYYY-MM-DD HH:MM:SS`).
pub fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Today's date. `TAIZHANG_TODAY=YYYY-MM-DD` pins it, so that demo data, snapshot tests
/// and benchmarks give the same screens on any day.
pub fn today() -> chrono::NaiveDate {
    static PINNED: std::sync::OnceLock<Option<chrono::NaiveDate>> = std::sync::OnceLock::new();
    PINNED
        .get_or_init(|| {
            std::env::var("TAIZHANG_TODAY")
                .ok()
                .and_then(|s| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        })
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Changes whenever *another* connection commits (our own commits leave it alone).
pub fn data_version(conn: &rusqlite::Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}
