//! Lists `data/migrations/*.sql` in name order for `db::migrate`, so adding a migration is
//! adding its file: nothing else names it.

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
}
