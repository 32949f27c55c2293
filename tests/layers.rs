//! The layers hold as the architecture claims (docs/domain.md, STYLE): `db/` words nothing
//! (sentences come from `i18n/`), SQL is written only under `db/`, and no screen file reaches
//! into another screen file — shared flows live in `tui/flows`, route payloads in
//! `tui/screens/mod.rs`. Read from the project's own sources, so a new file is checked too.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn src(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)
}

/// The file's text without its unit tests (fixtures there may build a table by hand).
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match text.find("#[cfg(test)]") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

#[test]
fn the_database_layer_words_nothing() {
    let files = rust_files(&src("db"));
    assert!(files.len() > 10, "src/db has its modules");
    let offenders: Vec<String> =
        files.iter().filter(|p| code_of(p).contains("crate::i18n")).map(|p| p.display().to_string()).collect();
    assert!(offenders.is_empty(), "db/ files using i18n: {offenders:?}");
}

#[test]
fn sql_is_written_only_in_the_database_layer() {
    let db = src("db");
    let statements = ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE", "ALTER TABLE"];
    let mut offenders = Vec::new();
    for path in rust_files(&src("")).iter().filter(|p| !p.starts_with(&db)) {
        for (n, line) in code_of(path).lines().enumerate() {
            // A statement starts a string literal: `"SELECT …`.
            if statements.iter().any(|s| line.contains(&format!("\"{s}"))) {
                offenders.push(format!("{}:{}", path.display(), n + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "SQL outside src/db: {offenders:?}");
}

#[test]
fn no_screen_file_imports_another() {
    let dir = src("tui/screens");
    let files = rust_files(&dir);
    let screens: Vec<String> = files
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|s| s != "mod")
        .collect();
    assert!(screens.len() > 20, "the screens are found: {screens:?}");
    let mut offenders = Vec::new();
    for path in files.iter().filter(|p| p.file_stem().is_some_and(|s| s != "mod")) {
        let code = code_of(path);
        for other in &screens {
            let paths = [format!("super::{other}::"), format!("screens::{other}::"), format!("screens::{{{other}")];
            let braced = "screens::{";
            let in_braces = code
                .lines()
                .filter(|l| l.contains(braced) || l.trim_start().starts_with("use super::{"))
                .any(|l| l.split(|c: char| !c.is_alphanumeric() && c != '_').any(|word| word == other));
            if paths.iter().any(|p| code.contains(p.as_str())) || in_braces {
                offenders.push(format!("{} → {other}", path.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "screen files importing screen files: {offenders:?}");
}
