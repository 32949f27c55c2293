//! Turns two data folders into code: `data/migrations/*.sql` in name order for
//! `db::migrate` (adding a migration is adding its file), and `data/labels.tsv` into the
//! codes' `Label` impls for `i18n` (a label is a row there).

use std::path::Path;

fn main() {
    // The manifest directory of this build, read at run time: `env!` would keep the one the
    // build script was compiled in (a target/ copied from another checkout reads its files).
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
    // A new file renamed into place, never written through: a target/ hard-linked from
    // another checkout shares this file's inode, and writing it would change theirs too.
    let tmp = out.with_extension("rs.tmp");
    std::fs::write(&tmp, format!("&[\n{}]\n", entries.concat())).expect("write migrations.rs");
    std::fs::rename(&tmp, &out).expect("rename migrations.rs");
    labels();
}

/// One `labels!(Type { Type::Variant => "zh", "en"; … });` per type, in the file's order.
fn labels() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let path = Path::new(&manifest).join("data/labels.tsv");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).expect("data/labels.tsv");
    let mut types: Vec<(String, Vec<String>)> = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [ty, variant, zh, en] = cols[..] else { panic!("data/labels.tsv line {}: want 4 columns", n + 1) };
        let row = format!("    {ty}::{variant} => {zh:?}, {en:?};\n");
        match types.iter_mut().find(|(t, _)| t == ty) {
            Some((_, rows)) => rows.push(row),
            None => types.push((ty.to_string(), vec![row])),
        }
    }
    let code: String = types.iter().map(|(ty, rows)| format!("labels!({ty} {{\n{}}});\n", rows.concat())).collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("labels.rs");
    // Renamed into place, as migrations.rs.
    let tmp = out.with_extension("rs.tmp");
    std::fs::write(&tmp, code).expect("write labels.rs");
    std::fs::rename(&tmp, &out).expect("rename labels.rs");
}
