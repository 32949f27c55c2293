//! School alliances (学校联盟 / 共同体 / 教育集团 …): queries.

use crate::domain::codes::{AllianceKind, AllianceLevel};
use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllianceSummary {
    pub id: i64,
    pub name: String,
    pub kind: Option<AllianceKind>,
    pub level: Option<AllianceLevel>,
    pub members: i64,
    pub lead_school: Option<String>,
}

/// Active alliances a county takes part in: its own, and city-level ones with a member there.
pub fn for_county(conn: &Connection, county_code: &str) -> rusqlite::Result<Vec<AllianceSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.name, a.kind, a.level,
                (SELECT count(*) FROM alliance_members m WHERE m.alliance_id = a.id AND m.left_on IS NULL),
                (SELECT s.name FROM schools s WHERE s.id = a.lead_school_id)
         FROM alliances a
         WHERE a.dissolved_on IS NULL AND (a.region_code = ?1 OR EXISTS (
             SELECT 1 FROM alliance_members m JOIN schools s ON s.id = m.school_id
             WHERE m.alliance_id = a.id AND s.county_code = ?1))
         ORDER BY a.level, a.name",
    )?;
    let rows = stmt.query_map([county_code], |r| {
        let kind: String = r.get(2)?;
        let level: String = r.get(3)?;
        Ok(AllianceSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: AllianceKind::from_code(&kind),
            level: AllianceLevel::from_code(&level),
            members: r.get(4)?,
            lead_school: r.get(5)?,
        })
    })?;
    rows.collect()
}
