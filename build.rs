//! Turns data files into code: `data/migrations/*.sql` in name order for `db::migrate`
//! (adding a migration is adding its file), `data/labels.tsv` into the codes' `Label` impls
//! for `i18n` (a label is a row there), and `data/evaluation_items.tsv` into the evaluation
//! items' names and rules.

use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a build script compiled in one
    // checkout and reused by another (a shared target directory) must list the migrations
    // of the checkout being built.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("data/migrations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/migrations")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    let entries: Vec<String> =
        files.iter().map(|p| format!("    include_str!({:?}),\n", p.display().to_string())).collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("migrations.rs");
    write_fresh(&out, &format!("&[\n{}]\n", entries.concat()));
    labels(&manifest);
    evaluation_words(&manifest);
}

/// `fn words(code) -> (name zh, name en, rule zh, rule en)`, one arm per row.
fn evaluation_words(manifest: &str) {
    let path = Path::new(manifest).join("data/evaluation_items.tsv");
    println!("cargo:rerun-if-changed={}", path.display());
    // A checkout without the file (a build script shared by hard-linked target directories
    // of older checkouts) gets an empty table, which i18n::evaluation's test rejects.
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut arms = String::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [code, zh, en, rule_zh, rule_en] = cols[..] else {
            panic!("data/evaluation_items.tsv line {}: want 5 columns", n + 1)
        };
        arms.push_str(&format!("        {code:?} => ({zh:?}, {en:?}, {rule_zh:?}, {rule_en:?}),\n"));
    }
    let code = format!(
        "fn words(code: &str) -> (&'static str, &'static str, &'static str, &'static str) {{\n    match code {{\n{arms}        _ => (\"\", \"\", \"\", \"\"),\n    }}\n}}\n"
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("evaluation_words.rs");
    write_fresh(&out, &code);
}

/// One `labels!(Type { Type::Variant => "zh", "en", "en short"; … });` per type, in the file's order.
fn labels(manifest: &str) {
    let path = Path::new(manifest).join("data/labels.tsv");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).expect("data/labels.tsv");
    let mut types: Vec<(String, Vec<String>)> = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (ty, variant, zh, en, short) = match cols[..] {
            [ty, variant, zh, en] => (ty, variant, zh, en, en),
            [ty, variant, zh, en, short] => (ty, variant, zh, en, short),
            _ => panic!("data/labels.tsv line {}: want 4 or 5 columns", n + 1),
        };
        let row = format!("    {ty}::{variant} => {zh:?}, {en:?}, {short:?};\n");
        match types.iter_mut().find(|(t, _)| t == ty) {
            Some((_, rows)) => rows.push(row),
            None => types.push((ty.to_string(), vec![row])),
        }
    }
    let code: String = types.iter().map(|(ty, rows)| format!("labels!({ty} {{\n{}}});\n", rows.concat())).collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("labels.rs");
    write_fresh(&out, &code);
}

/// Writes `path` as a new file: a target directory copied with hard links (worktrees sharing
/// one build) must not see one checkout's list written into another's.
fn write_fresh(path: &Path, text: &str) {
    let _ = std::fs::remove_file(path);
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
