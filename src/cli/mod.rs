//! Command-line arguments and the subcommands that run without the terminal UI.

pub mod admin;
pub mod bundle;
pub mod combine;
pub mod config;
pub mod demo;
pub mod export;
pub mod follow_up;
pub mod help;
pub mod import;
pub mod init;
pub mod items;
pub mod month;
pub mod monthly;
pub mod progress;
pub mod recheck;
pub mod region;
pub mod registry;
pub mod report;
pub mod rollup;
pub mod school;
pub mod setting;
pub mod sheet;
pub mod shell;
pub mod tag;
pub mod user;
pub mod verify;

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
    #[arg(long, global = true)]
    pub width: Option<usize>,
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
    #[command(flatten)]
    Month(month::MonthCommand),
    User {
        #[command(subcommand)]
        action: user::UserAction,
    },
    Setting {
        #[command(subcommand)]
        action: setting::SettingAction,
    },
    Sheet {
        #[command(subcommand)]
        action: sheet::SheetAction,
    },
    ItemKind {
        #[command(subcommand)]
        action: items::KindAction,
    },
    Items {
        #[command(subcommand)]
        action: items::ItemsAction,
    },
    Tag {
        #[command(subcommand)]
        action: tag::TagAction,
    },
    School {
        #[command(subcommand)]
        action: school::SchoolAction,
    },
    Registry {
        #[command(subcommand)]
        action: registry::RegistryAction,
    },
    Verify(verify::VerifyArgs),
    Recheck(recheck::RecheckArgs),
    Config {
        #[command(subcommand)]
        action: Option<config::ConfigAction>,
    },
    Completions(shell::CompletionsArgs),
    Man(shell::ManArgs),
}

/// Runs a subcommand that needs an open database; its text goes to stdout.
/// (`init` and `demo` create their database, `combine` reads its own files, and `config`,
/// `completions` and `man` need none: `main` runs them before opening.)
pub fn dispatch(db: &mut Db, command: &Command) -> Result<String, Failure> {
    match command {
        Command::User { action } => user::run(db, action),
        Command::Setting { action } => setting::run(db, action),
        Command::Admin(c) => admin::run(db, c),
        Command::Month(c) => month::run(db, c),
        Command::Report { kind } => report::run(db, kind),
        Command::Sheet { action } => sheet::run(db, action),
        Command::ItemKind { action } => items::run_kinds(db, action),
        Command::Items { action } => items::run(db, action),
        Command::Tag { action } => tag::run(db, action),
        Command::School { action } => school::run(db, action),
        Command::Registry { action } => registry::run(db, action),
        Command::Verify(a) => verify::run(db, a),
        Command::Recheck(a) => recheck::run(db, a),
        Command::Init
        | Command::Demo { .. }
        | Command::Combine(_)
        | Command::Config { .. }
        | Command::Completions(_)
        | Command::Man(_) => Ok(String::new()),
    }
}

/// Prints `text` and a newline on stdout (before a failure's message on stderr); a pipe
/// closed early (`| head -1`) is not an error and must not panic as `println!` would.
pub fn print_line(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|_| out.flush());
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
        OpenError::Damaged(p, problem) => (damaged_text(p, problem), exit::ERROR),
        OpenError::Sqlite(p, err) => {
            (fill(T::OpenSqlite.s(), &[&p.display(), &crate::i18n::errors::sqlite_text(err)]), exit::ERROR)
        }
    };
    Failure { message, code }
}

/// A report's title, marked when the database holds demo data: printed or written
/// figures must never pass for a county's own.
/// A `--date` as `YYYY-MM-DD` (today when not given); `bad` (with the date typed) when it
/// is not a date, or after today.
pub fn day_arg(given: Option<&str>, today: chrono::NaiveDate, bad: &str) -> Result<String, Failure> {
    match given {
        None => Ok(crate::domain::dates::iso(today)),
        Some(d) => match crate::domain::dates::parse(d, today) {
            Ok(Some(day)) => Ok(crate::domain::dates::iso(day)),
            _ => Err(Failure::usage(fill(bad, &[&d]))),
        },
    }
}

pub fn demo_titled(db: &Db, title: String) -> String {
    demo_marked(db.demo, title)
}

/// `title`, marked when `demo` (the figures come from demo data).
pub fn demo_marked(demo: bool, title: String) -> String {
    crate::report::files::demo_marked(demo, title)
}

/// The sentence and exit code for a refused or failed write: 3 when another session held
/// the lock past `--busy-timeout` (worded for the command line, not the form's "press F2
/// again"), 5 when refused, 2 when the input broke a rule, 1 otherwise.
pub fn write_failure(db: &Db, e: &WriteError) -> Failure {
    match e {
        WriteError::Busy => busy_failure(db),
        WriteError::Sqlite(err) => sqlite_failure(db, err),
        WriteError::Refused(_) => {
            Failure { message: crate::i18n::errors::session_write_error(db, e), code: exit::REFUSED }
        }
        WriteError::Invalid { .. } => {
            Failure { message: crate::i18n::errors::session_write_error(db, e), code: exit::BAD_INPUT }
        }
        WriteError::Conflict => Failure { message: crate::i18n::errors::session_write_error(db, e), code: exit::ERROR },
    }
}

fn busy_failure(db: &Db) -> Failure {
    Failure { message: fill(T::BusyCli.s(), &[&db.busy_timeout.as_secs_f64()]), code: exit::LOCKED }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as C;
    matches!(e.sqlite_error_code(), Some(C::DatabaseBusy) | Some(C::DatabaseLocked))
}

/// A SQLite error of a command, in the user's language, with its exit code: a lock is 3,
/// a read-only file 5, a damaged file 1 with what to do.
pub fn sqlite_failure(db: &Db, e: &rusqlite::Error) -> Failure {
    use rusqlite::ErrorCode as C;
    if is_busy(e) {
        return busy_failure(db);
    }
    if let Some(damage) = crate::db::damage::Damage::of(e) {
        return Failure { message: damaged_text(&db.path, &damage), code: exit::ERROR };
    }
    let code = if e.sqlite_error_code() == Some(C::ReadOnly) { exit::REFUSED } else { exit::ERROR };
    Failure { message: crate::i18n::errors::sqlite_text(e), code }
}

fn damaged_text(path: &std::path::Path, damage: &crate::db::damage::Damage) -> String {
    let what = crate::i18n::errors::damage_text(damage);
    fill(T::OpenDamaged.s(), &[&path.display(), &what, &path.display()])
}

/// How closely a command checks the file before it runs: every command but `check` (which
/// is the check) looks; one that writes many rows looks at every index too.
pub fn damage_check(command: &Command) -> Option<crate::db::damage::Depth> {
    use crate::db::damage::Depth;
    match command {
        Command::Admin(admin::AdminCommand::Check { .. }) | Command::Init | Command::Demo { .. } => None,
        Command::Admin(admin::AdminCommand::Import(a)) if a.apply || a.skip_invalid => Some(Depth::Full),
        // Checks while it reads, and hands its file over only once the check passed.
        Command::Admin(admin::AdminCommand::Export(a)) if export::checks_alongside(a) => None,
        _ => Some(Depth::Quick),
    }
}

/// Refuses (exit 1, saying what to do) to run on a damaged file: nothing is read from it
/// as if it were right, nothing is written into it.
pub fn refuse_damaged(db: &Db, depth: crate::db::damage::Depth) -> Result<(), Failure> {
    refuse_found(db, crate::db::damage::find(&db.conn, depth))
}

/// What a check's outcome `found` means for the command: go on, or refuse saying why.
pub fn refuse_found(db: &Db, found: rusqlite::Result<Option<crate::db::damage::Damage>>) -> Result<(), Failure> {
    match found {
        Ok(None) => Ok(()),
        Ok(Some(problem)) => Err(Failure { message: damaged_text(&db.path, &problem), code: exit::ERROR }),
        Err(e) => Err(sqlite_failure(db, &e)),
    }
}
