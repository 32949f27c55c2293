//! Loading many rows at once: a table's secondary indexes dropped while the rows go in and
//! rebuilt once after (sorting the finished table), instead of one insert at a random place
//! per row and index, which for a large load thrashes the page cache.

use rusqlite::Connection;

/// Runs `load` with the indexes of `tables` dropped, except those named in `keep` (the
/// ones `load` itself reads), then recreates every dropped index from its own
/// `CREATE INDEX` text, so whatever the migrations define comes back exactly. Inside the
/// caller's transaction: on error the caller rolls back, and the schema with it.
pub fn without_indexes<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    tables: &[&str],
    keep: &[&str],
    load: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let mut indexes: Vec<(String, String)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (name, table, sql) = row?;
            if tables.contains(&table.as_str()) && !keep.contains(&name.as_str()) {
                indexes.push((name, sql));
            }
        }
    }
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    let out = load()?;
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    Ok(out)
}
