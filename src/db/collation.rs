//! Pinyin order in SQL: the `pinyin` collation (`ORDER BY name COLLATE pinyin`) for the
//! short lists (schools, alliances, regions, tags), and `pinyin_key(text)` with which a
//! migration fills a stored key (`cases.name_key`: the ledger's million rows sort by an
//! index, never by a collation).

use crate::domain::pinyin;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

/// Registers the collation and the function on `conn` (each connection needs its own).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_collation("pinyin", pinyin::compare)?;
    conn.create_scalar_function(
        "pinyin_key",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|t| pinyin::sort_key(&t))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_collate_pinyin_sorts_surnames() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        register(&conn).expect("register");
        conn.execute_batch(
            "CREATE TABLE t(n TEXT); INSERT INTO t VALUES ('于'),('刘'),('单'),('吴'),('周'),('孙'),('崔');",
        )
        .expect("table");
        let mut stmt = conn.prepare("SELECT n FROM t ORDER BY n COLLATE pinyin").expect("prepare");
        let names: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("query").map(|r| r.expect("row")).collect();
        assert_eq!(names, ["崔", "刘", "单", "孙", "吴", "于", "周"]);
        let key: String = conn.query_row("SELECT pinyin_key('单伟')", [], |r| r.get(0)).expect("key");
        assert_eq!(key, pinyin::sort_key("单伟"));
    }
}
