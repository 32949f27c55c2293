//! `taizhang config [set KEY VALUE | path]`: where the settings file is and what it sets.

use super::{exit, Failure};
use crate::config::{self, Config, LoadError};
use crate::i18n::config::{self as words, C};
use crate::i18n::fill;
use clap::Subcommand;
use std::path::{Path, PathBuf};

// Help texts (zh and en): crate::i18n::cli_help.
#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    Set { key: String, value: String },
    Path,
}

/// The settings in force for this run: the file's, or a sentence saying what is wrong
/// with it (a bad file stops every command but `config`, which shows the mistake).
pub fn settings() -> Result<Config, Failure> {
    let Some(path) = config::path() else { return Ok(Config::default()) };
    config::load(&path).map_err(|e| Failure::usage(words::load_error_text(&path, &e)))
}

pub fn run(action: Option<&ConfigAction>) -> Result<String, Failure> {
    let path = config::path().ok_or_else(|| Failure::usage(C::NoConfigDir.s().to_string()))?;
    match action {
        None => show(&path),
        Some(ConfigAction::Path) => Ok(path.display().to_string()),
        Some(ConfigAction::Set { key, value }) => set(&path, key, value),
    }
}

fn show(path: &Path) -> Result<String, Failure> {
    let head = if path.exists() { C::File } else { C::FileAbsent };
    let mut out = vec![fill(head.s(), &[&path.display()])];
    match config::load(path) {
        Ok(c) if c.entries().is_empty() => out.push(C::NothingSet.s().to_string()),
        Ok(c) => out.extend(c.entries().into_iter().map(|(k, v)| format!("  {k} = {v}"))),
        // The mistake is shown, and the command fails so that scripts see it.
        Err(e) => return Err(Failure { message: words::load_error_text(path, &e), code: exit::BAD_INPUT }),
    }
    out.push(C::Keys.s().to_string());
    Ok(out.join("\n"))
}

fn set(path: &Path, key: &str, value: &str) -> Result<String, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Failure::usage(words::load_error_text(path, &LoadError::Unreadable(e)))),
    };
    let new = config::with_set(&text, key, value)
        .map_err(|e| Failure::usage(fill(C::BadSet.s(), &[&key, &words::problem_text(&e.problem)])))?;
    // The other lines must still read: a file broken elsewhere is not made worse silently.
    config::parse(&new).map_err(|e| Failure::usage(words::error_text(path, &e)))?;
    let io = |e: std::io::Error| Failure::usage(fill(crate::i18n::io::X::WriteIo.s(), &[&path.display(), &e]));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    write_replacing(path, &new).map_err(io)?;
    Ok(fill(C::Set.s(), &[&key, &value, &path.display()]))
}

/// Writes `text` to a file beside `path` and renames it over: a crash leaves the old file.
fn write_replacing(path: &Path, text: &str) -> std::io::Result<()> {
    let mut tmp = PathBuf::from(path);
    tmp.set_extension("toml.new");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
