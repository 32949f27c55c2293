//! Command-line arguments and the subcommands that run without the terminal UI.

pub mod admin;
pub mod bundle;
pub mod combine;
pub mod demo;
pub mod export;
pub mod help;
pub mod import;
pub mod init;
pub mod monthly;
pub mod region;
pub mod report;
pub mod rollup;
pub mod user;

use crate::db::{Db, OpenError, WriteError};
use crate::i18n::{fill, T};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Parser)]
#[command(name = "taizhang", version)]
pub struct Args {
    #[arg(long, global = true, env = "TAIZHANG_DB")]
    pub db: Option<PathBuf>,
    #[arg(long, global = true)]
    pub lang: Option<String>,
    #[arg(long, global = true)]
    pub ascii: bool,
    #[arg(long, global = true, default_value_t = 5.0)]
    pub busy_timeout: f64,
    #[command(subcommand)]
    pub command: Option<Command>,
}

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init,
    Demo {
        #[arg(long, default_value_t = crate::demo::DEFAULT_CASES)]
        cases: u64,
    },
    Report {
        #[command(subcommand)]
        kind: report::ReportKind,
    },
    Combine(combine::CombineArgs),
    #[command(flatten)]
    Admin(admin::AdminCommand),
    User {
        #[command(subcommand)]
        action: user::UserAction,
    },
}

/// Runs a subcommand that needs an open database; its text goes to stdout.
/// (`init` and `demo` create their database, and `combine` reads its own files: `main` runs
/// them before opening.)
pub fn dispatch(db: &mut Db, command: &Command) -> Result<String, Failure> {
    match command {
        Command::User { action } => user::run(db, action),
        Command::Admin(c) => admin::run(db, c),
        Command::Report { kind } => report::run(db, kind),
        Command::Init | Command::Demo { .. } | Command::Combine(_) => Ok(String::new()),
    }
}

/// A failure of a command: the message to print and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: i32,
}

impl Failure {
    pub fn usage(message: String) -> Failure {
        Failure { message, code: 2 }
    }
}

/// Exit codes scripts can rely on.
pub mod exit {
    pub const OK: i32 = 0;
    pub const ERROR: i32 = 1;
    pub const BAD_INPUT: i32 = 2;
    pub const LOCKED: i32 = 3;
    pub const NEWER_SCHEMA: i32 = 4;
    pub const REFUSED: i32 = 5;
}

/// The sentence and exit code for an open error.
pub fn open_failure(e: &OpenError, busy_secs: f64) -> Failure {
    let (message, code) = match e {
        OpenError::NoDatabase(p) => (fill(T::OpenNoDatabase.s(), &[&p.display(), &p.display()]), exit::BAD_INPUT),
        OpenError::MissingFolder(p) => (fill(T::OpenMissingFolder.s(), &[&p.display()]), exit::BAD_INPUT),
        OpenError::IsDirectory(p) => (fill(T::OpenIsDirectory.s(), &[&p.display(), &p.display()]), exit::BAD_INPUT),
        OpenError::NotSqlite(p) => (fill(T::OpenNotSqlite.s(), &[&p.display()]), exit::BAD_INPUT),
        OpenError::ForeignDatabase(p) => (fill(T::OpenForeign.s(), &[&p.display()]), exit::BAD_INPUT),
        OpenError::NoReadPermission(p) => (fill(T::OpenNoRead.s(), &[&p.display()]), exit::BAD_INPUT),
        OpenError::Locked(p) => (fill(T::OpenLocked.s(), &[&p.display(), &busy_secs]), exit::LOCKED),
        OpenError::NewerSchema { path, found, known } => {
            (fill(T::OpenNewer.s(), &[&path.display(), found, known]), exit::NEWER_SCHEMA)
        }
        OpenError::NeedsUpgradeReadOnly(p) => (fill(T::OpenNeedsUpgradeRo.s(), &[&p.display()]), exit::BAD_INPUT),
        OpenError::Io(p, err) => (fill(T::OpenCannotCreate.s(), &[&p.display(), err]), exit::BAD_INPUT),
        OpenError::Sqlite(p, err) => (fill(T::OpenSqlite.s(), &[&p.display(), err]), exit::ERROR),
    };
    Failure { message, code }
}

/// A report's title, marked when the database holds demo data: printed or written
/// figures must never pass for a county's own.
pub fn demo_titled(db: &Db, title: String) -> String {
    demo_marked(db.demo, title)
}

/// `title`, marked when `demo` (the figures come from demo data).
pub fn demo_marked(demo: bool, title: String) -> String {
    if demo {
        format!("{title}  {}", crate::i18n::io::X::DemoMark.s())
    } else {
        title
    }
}

/// The sentence and exit code for a refused or failed write.
pub fn write_failure(db: &Db, e: &WriteError) -> Failure {
    Failure { message: crate::i18n::errors::session_write_error(db, e), code: exit::REFUSED }
}
