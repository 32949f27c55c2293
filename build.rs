//! Lists `data/migrations/*.sql` in name order for `db::migrate`, so adding a migration is
//! adding its file: nothing else names it.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/migrations");
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
