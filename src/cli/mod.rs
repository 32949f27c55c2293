//! Command-line arguments and the subcommands that run without the terminal UI.

pub mod admin;
pub mod demo;
pub mod export;
pub mod help;
pub mod import;
pub mod init;
pub mod monthly;
pub mod report;
pub mod sheet;
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
    #[command(flatten)]
    Admin(admin::AdminCommand),
    User {
        #[command(subcommand)]
        action: user::UserAction,
    },
    Sheet {
        #[command(subcommand)]
        action: sheet::SheetAction,
    },
}

/// Runs a subcommand that needs an open database; its text goes to stdout.
/// (`init` and `demo` create their database and are run before opening, by `main`.)
pub fn dispatch(db: &mut Db, command: &Command) -> Result<String, Failure> {
    match command {
        Command::User { action } => user::run(db, action),
        Command::Admin(c) => admin::run(db, c),
        Command::Report { kind } => report::run(db, kind),
        Command::Sheet { action } => sheet::run(db, action),
        Command::Init | Command::Demo { .. } => Ok(String::new()),
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
    if db.demo {
        format!("{title}  {}", crate::i18n::io::X::DemoMark.s())
    } else {
        title
    }
}

/// The sentence and exit code for a refused or failed write.
pub fn write_failure(db: &Db, e: &WriteError) -> Failure {
    Failure { message: crate::i18n::errors::session_write_error(db, e), code: exit::REFUSED }
}
