//! Entry point: parse arguments, open the database, then (and only then) take over the
//! terminal. Errors before the UI starts are printed plainly with a non-zero exit code.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use taizhang::cli::{self, exit, Args, Command, Failure};
use taizhang::config::Config;
use taizhang::db;
use taizhang::i18n::{fill, T};

fn main() -> ExitCode {
    // The settings file first: its language words help and errors too.
    let settings = cli::config::settings();
    let lang = settings.as_ref().ok().and_then(|c| c.lang.clone());
    // Sets the language from `--lang`, the settings or the locale; prints help and usage errors itself.
    let args = match cli::help::parse_with(std::env::args_os(), lang.as_deref()) {
        Ok(args) => args,
        Err(code) => return ExitCode::from(code as u8),
    };
    let settings = match settings {
        Ok(s) => s,
        // `taizhang config` shows the mistake itself; every other command stops here.
        Err(_) if matches!(args.command, Some(Command::Config { .. })) => Config::default(),
        Err(_) => {
            // Worded again now that the language is settled.
            let message = cli::config::settings().err().map(|f| f.message).unwrap_or_default();
            eprintln!("taizhang: {message}");
            return ExitCode::from(exit::BAD_INPUT as u8);
        }
    };
    if let Some(cols) = args.width {
        taizhang::report::text_table::set_target_width(cols);
    }
    match run(&args, &settings) {
        Ok(Some(text)) => {
            // `taizhang report … | head` closes the pipe early: that is not an error.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{text}").and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("taizhang: {e}");
                    ExitCode::from(exit::ERROR as u8)
                }
                _ => ExitCode::from(exit::OK as u8),
            }
        }
        Ok(None) => ExitCode::from(exit::OK as u8),
        Err(f) => {
            eprintln!("taizhang: {}", f.message);
            ExitCode::from(f.code as u8)
        }
    }
}

/// The database path: `--db`/`TAIZHANG_DB`, else the settings' `db`, else `taizhang.db` in
/// the user's data directory. The second value says whether it is that per-user default,
/// which is a demo database.
fn database_path(args: &Args, settings: &Config) -> Result<(PathBuf, bool), Failure> {
    if let Some(p) = args.db.as_ref().or(settings.db.as_ref()) {
        return Ok((p.clone(), false));
    }
    let dirs = directories::ProjectDirs::from("cn", "taizhang", "taizhang")
        .ok_or_else(|| Failure::usage(T::NoDataDir.s().to_string()))?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).map_err(|e| Failure::usage(fill(T::OpenCannotCreate.s(), &[&dir.display(), &e])))?;
    Ok((dir.join("taizhang.db"), true))
}

fn run(args: &Args, settings: &Config) -> Result<Option<String>, Failure> {
    match &args.command {
        Some(Command::Config { action }) => return cli::config::run(action.as_ref()).map(Some),
        Some(Command::Completions(a)) => return cli::shell::completions(a).map(Some),
        Some(Command::Man(a)) => return cli::shell::man(a).map(Some),
        _ => {}
    }
    let (path, default) = database_path(args, settings)?;
    let _spinner = args
        .command
        .as_ref()
        .and_then(cli::progress::slow_label)
        .map(|label| cli::progress::Spinner::start(cli::progress::shown(false), label));
    match &args.command {
        Some(Command::Init) => return cli::init::run(&path, args.busy_timeout).map(Some),
        Some(Command::Demo { cases }) => return cli::demo::run(&path, *cases, args.busy_timeout).map(Some),
        Some(Command::Combine(c)) => return cli::combine::run(c).map(Some),
        _ => {}
    }
    let opts = db::OpenOptions {
        path: path.clone(),
        // Only the per-user default is made on first use (as a demo, to try the program);
        // a `--db` that names nothing is a mistake, not a request for a new database.
        create: if default { db::Create::Demo(taizhang::demo::DEFAULT_CASES) } else { db::Create::Never },
        busy_timeout: Duration::from_secs_f64(args.busy_timeout.max(0.0)),
        login: taizhang::os_user::current_login(),
    };
    let mut database = db::open(&opts).map_err(|e| cli::open_failure(&e, args.busy_timeout))?;
    match &args.command {
        Some(command) => {
            if let Some(depth) = cli::damage_check(command) {
                cli::refuse_damaged(&database, depth)?;
            }
            cli::dispatch(&mut database, command).map(Some)
        }
        None => {
            // Flags and NO_COLOR win; the settings file fills in.
            let ui = taizhang::tui::UiOptions {
                ascii: args.ascii || settings.ascii == Some(true),
                no_color: no_color() || settings.color == Some(false),
            };
            // Column choices live in the settings file, written back as they change.
            if let Some(file) = taizhang::config::path() {
                database.columns = taizhang::config::ColumnStore::at(file, settings.columns.clone());
            }
            taizhang::tui::run(database, ui).map_err(|e| Failure { message: e.to_string(), code: exit::ERROR })?;
            Ok(None)
        }
    }
}

/// <https://no-color.org>: present and not empty.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
