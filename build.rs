//! Lists `data/migrations/*.sql` in name order for `db::migrate`, so adding a migration is
//! adding its file: nothing else names it.

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
    std::fs::write(out, format!("&[\n{}]\n", entries.concat())).expect("write migrations.rs");
}
