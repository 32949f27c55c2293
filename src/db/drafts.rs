//! Unsaved form input, kept per login so that a dropped SSH link, a kill or a hang loses at
//! most the last moment of typing. Drafts live in small files of their own, one per form
//! and record, beside the database (`<db>.drafts/<login>/`), never in the database: a
//! colleague's long write holds the database's lock, and a draft must be writable while
//! it does (issue 12). Each file is written whole to a temporary name and renamed over
//! the old one, so a draft is either the previous or the new one, never half.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub form: String,
    pub row_key: String,
    pub values: BTreeMap<String, String>,
    pub saved_at: String,
}

/// Where one login's drafts for one database are kept.
#[derive(Debug, Clone)]
pub struct DraftStore {
    dir: PathBuf,
}

impl DraftStore {
    /// The store of `login` for the database at `db_path`: a folder beside the database
    /// (whose folder every user may write, as SQLite's `-wal` file already needs).
    pub fn for_database(db_path: &Path, login: &str) -> DraftStore {
        let name = db_path.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "taizhang.db".into());
        let mut folder = name;
        folder.push(".drafts");
        let parent = match db_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        DraftStore { dir: parent.join(folder).join(safe_name(login)) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, form: &str, row_key: &str) -> PathBuf {
        self.dir.join(format!("{}-{}.json", safe_name(form), safe_name(row_key)))
    }

    /// Keeps `values` as the draft of (`form`, `row_key`), replacing the previous one.
    pub fn save(&self, form: &str, row_key: &str, values: &BTreeMap<String, String>) -> std::io::Result<()> {
        let draft = Draft {
            form: form.to_string(),
            row_key: row_key.to_string(),
            values: values.clone(),
            saved_at: super::now_text(),
        };
        let text = serde_json::to_vec(&draft).map_err(std::io::Error::other)?;
        // The folder of all logins is shared (sticky: nobody removes another's folder; the
        // umask decides who else may enter, as for the database); each login's is private:
        // drafts hold ID numbers as typed.
        if let Some(shared) = self.dir.parent() {
            make_dir(shared, 0o1777)?;
        }
        make_dir(&self.dir, 0o700)?;
        let target = self.file(form, row_key);
        let temporary = self.dir.join(format!(".{}.{}.tmp", std::process::id(), safe_name(row_key)));
        let written = (|| {
            let mut f =
                std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&temporary)?;
            f.write_all(&text)?;
            // No fsync: it runs on the UI thread (and on the way out after a hang-up), and
            // a busy disk can hold an fsync for longer than typing may wait. The rename is
            // what keeps a draft whole when the process dies; the kernel keeps the data.
            std::fs::rename(&temporary, &target)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }

    /// Forgets the draft of (`form`, `row_key`); none is not an error.
    pub fn delete(&self, form: &str, row_key: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.file(form, row_key)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn get(&self, form: &str, row_key: &str) -> Option<Draft> {
        read(&self.file(form, row_key))
    }

    /// The newest draft, if any.
    pub fn latest(&self) -> Option<Draft> {
        self.all().into_iter().max_by(|a, b| a.saved_at.cmp(&b.saved_at))
    }

    /// Every readable draft (a damaged file is skipped, never a reason to fail).
    pub fn all(&self) -> Vec<Draft> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| read(&p))
            .collect()
    }
}

fn make_dir(path: &Path, mode: u32) -> std::io::Result<()> {
    match std::fs::DirBuilder::new().mode(mode).create(path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

fn read(path: &Path) -> Option<Draft> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A login, form name or row key as part of a file name: letters, digits, `-` and `_`
/// kept, anything else (a `/`, a dot) as its code point, so two names never share a file.
fn safe_name(s: &str) -> String {
    s.chars()
        .map(
            |c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c.to_string()
                } else {
                    format!("%{:x}", c as u32)
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn saved_drafts_come_back_and_go_when_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = DraftStore::for_database(&dir.path().join("county.db"), "wang.li");
        assert!(store.latest().is_none());
        store.save("case", "new", &values(&[("name", "王某")])).expect("save");
        store.save("case", "12", &values(&[("name", "李某")])).expect("save");
        assert_eq!(store.get("case", "new").map(|d| d.values), Some(values(&[("name", "王某")])));
        store.save("case", "new", &values(&[("name", "王某某")])).expect("replace");
        assert_eq!(store.all().len(), 2);
        store.delete("case", "new").expect("delete");
        store.delete("case", "new").expect("deleting twice is fine");
        assert_eq!(store.latest().map(|d| d.row_key), Some("12".to_string()));
        assert!(store.dir().ends_with("county.db.drafts/wang%2eli"), "{}", store.dir().display());
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o7777).unwrap_or(0);
        assert_eq!(mode(store.dir()), 0o700, "one login's drafts are its own");
        let shared = mode(&dir.path().join("county.db.drafts"));
        assert!(shared & 0o1000 != 0 && shared & 0o700 == 0o700, "shared and sticky: {shared:o}");
        // A second login of the same database keeps its drafts beside the first's.
        let other = DraftStore::for_database(&dir.path().join("county.db"), "zhang");
        other.save("case", "new", &values(&[("name", "张某")])).expect("second login");
        assert_eq!(other.all().len(), 1);
        assert!(store.all().iter().all(|d| d.values.get("name").map(String::as_str) != Some("张某")), "own only");
    }

    #[test]
    fn a_damaged_draft_file_is_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = DraftStore::for_database(&dir.path().join("c.db"), "a");
        store.save("case", "new", &values(&[("name", "王某")])).expect("save");
        std::fs::write(store.dir().join("case-9.json"), b"{not json").expect("write");
        assert_eq!(store.all().len(), 1);
    }
}
