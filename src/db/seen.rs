//! The keys a dry run has met earlier in its file (a child, a case number), kept in a
//! private temporary database on disk instead of in memory: a check of 1,000,000 rows held
//! one key per row and peaked at 138 MiB; this keeps a page cache of `CACHE_KIB`, whatever
//! the file's size. (An import that writes finds earlier rows in its own transaction.)

use rusqlite::{params, Connection, OptionalExtension};

/// The page cache of the temporary file, in KiB: enough for 100,000 keys, the rest on disk.
const CACHE_KIB: i64 = 4096;

pub struct Seen {
    conn: Connection,
}

impl Seen {
    /// An empty set, in a file SQLite makes and removes itself (its name is empty).
    pub fn new() -> rusqlite::Result<Seen> {
        let conn = Connection::open("")?;
        // Nothing here must survive a crash: no journal, no syncing, and one transaction
        // left open (never committed: the file goes with the connection) so that no row
        // costs a commit.
        conn.execute_batch(&format!(
            "PRAGMA cache_size = -{CACHE_KIB}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             CREATE TABLE seen(key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID; BEGIN;"
        ))?;
        Ok(Seen { conn })
    }

    /// The line `key` was first met on; `None` (and `key` noted as met on `line`) the
    /// first time.
    pub fn first(&self, key: &str, line: usize) -> rusqlite::Result<Option<usize>> {
        let added = self
            .conn
            .prepare_cached("INSERT INTO seen(key, line) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING")?
            .execute(params![key, line as i64])?;
        if added == 1 {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached("SELECT line FROM seen WHERE key = ?1")?;
        let line: Option<i64> = stmt.query_row([key], |r| r.get(0)).optional()?;
        Ok(line.map(|l| l as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_met_again_gives_the_line_it_was_first_met_on() {
        let seen = Seen::new().expect("seen");
        assert_eq!(seen.first("id:1", 2).expect("first"), None);
        assert_eq!(seen.first("id:2", 3).expect("first"), None);
        assert_eq!(seen.first("id:1", 7).expect("again"), Some(2));
        assert_eq!(seen.first("id:1", 9).expect("again"), Some(2), "the first line stays");
    }
}
