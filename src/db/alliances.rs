//! School alliances (学校联盟 / 共同体 / 教育集团 …): queries.

use crate::domain::codes::{AllianceKind, AllianceLevel};
use rusqlite::{named_params, Connection};

/// Active alliances a county takes part in: its own, and city-level ones with a member there;
/// those the session may read.
pub fn for_county(db: &Db, county_code: &str) -> rusqlite::Result<Vec<AllianceRow>> {
    let (conn, scope) = (&db.conn, db.read_scope().alliances().named());
    let mut stmt = conn.prepare_cached(&format!(
        "{ROW_SQL}
         WHERE a.dissolved_on IS NULL AND (a.region_code = :county OR EXISTS (
             SELECT 1 FROM alliance_members m JOIN schools s ON s.id = m.school_id
             WHERE m.alliance_id = a.id AND s.county_code = :county)) AND {}
         ORDER BY a.level, a.name COLLATE pinyin",
        scope.sql
    ))?;
    let rows = stmt.query_map(&*scope.params(&[(":county", &county_code)]), read_row)?;
    rows.collect()
}

// --- The alliance screens: lists per region and school, one alliance with its members and
// activities, and every change through the audited write path. ---------------------------

use super::audit::{AuditRow, Rule, WriteError};
use super::record::Params;
use super::record::{assignments, coded, columns, named_params as params_of};
use super::Db;
use crate::domain::access::Target;
use crate::domain::alliance::{self as rules, AllianceError, AllianceFacts, MemberFacts, NewAlliance};
use crate::domain::codes::{ActivityKind, Location, MemberRole};
use crate::domain::fields::Field;
use crate::domain::region::{self, Level};
use rusqlite::{OptionalExtension, Transaction};

/// One row of the alliance table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllianceRow {
    pub id: i64,
    pub name: String,
    pub kind: Option<AllianceKind>,
    pub level: Option<AllianceLevel>,
    pub region_code: String,
    pub lead_school: Option<String>,
    /// Current members (left_on empty).
    pub members: i64,
    pub students: i64,
    pub rural_members: i64,
    pub founded_on: Option<String>,
    pub dissolved_on: Option<String>,
}

impl AllianceRow {
    /// Share of rural members in per cent (None without members).
    pub fn rural_percent(&self) -> Option<i64> {
        (self.members > 0).then(|| (self.rural_members * 100 + self.members / 2) / self.members)
    }
}

const ROW_SQL: &str = "SELECT a.id, a.name, a.kind, a.level, a.region_code,
        (SELECT s.name FROM schools s WHERE s.id = a.lead_school_id) AS lead_school,
        (SELECT count(*) FROM alliance_members m WHERE m.alliance_id = a.id AND m.left_on IS NULL) AS members,
        (SELECT coalesce(sum(s.students), 0) FROM alliance_members m JOIN schools s ON s.id = m.school_id
           WHERE m.alliance_id = a.id AND m.left_on IS NULL) AS students,
        (SELECT count(*) FROM alliance_members m JOIN schools s ON s.id = m.school_id
           WHERE m.alliance_id = a.id AND m.left_on IS NULL AND s.location = 'rural') AS rural_members,
        a.founded_on, a.dissolved_on
    FROM alliances a";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<AllianceRow> {
    Ok(AllianceRow {
        id: r.get("id")?,
        name: r.get("name")?,
        kind: coded(r, "kind", AllianceKind::from_code)?,
        level: coded(r, "level", AllianceLevel::from_code)?,
        region_code: r.get("region_code")?,
        lead_school: r.get("lead_school")?,
        members: r.get("members")?,
        students: r.get("students")?,
        rural_members: r.get("rural_members")?,
        founded_on: r.get("founded_on")?,
        dissolved_on: r.get("dissolved_on")?,
    })
}

/// Alliances that belong to a region: for a county its 县级 ones (a 市级 alliance belongs to
/// its prefecture, whichever counties its members come from: the county page's `for_county`
/// still shows the ones its schools take part in); for a prefecture or province every
/// alliance inside it. City level first, then by name. Only those the session may read.
pub fn for_region(db: &Db, code: &str, include_dissolved: bool) -> rusqlite::Result<Vec<AllianceRow>> {
    let dissolved = if include_dissolved { "1" } else { "a.dissolved_on IS NULL" };
    let (where_sql, key) = match region::level_of(code) {
        Ok(Level::County) => ("a.region_code = :key", code.to_string()),
        Ok(Level::Prefecture) => ("a.region_code LIKE :key", format!("{}%", &code[..4])),
        Ok(Level::Province) => ("a.region_code LIKE :key", format!("{}%", &code[..2])),
        Err(_) => ("0 AND :key", String::new()),
    };
    let scope = db.read_scope().alliances().named();
    let sql = format!(
        "{ROW_SQL} WHERE {dissolved} AND {where_sql} AND {} ORDER BY a.level, a.name COLLATE pinyin, a.id",
        scope.sql
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&*scope.params(&[(":key", &key)]), read_row)?;
    rows.collect()
}

/// The alliances a school is or was a member of, as far as the session may read them.
pub fn for_school(db: &Db, school_id: i64) -> rusqlite::Result<Vec<AllianceRow>> {
    let scope = db.read_scope().alliances().named();
    let sql = format!(
        "{ROW_SQL} WHERE a.id IN (SELECT alliance_id FROM alliance_members WHERE school_id = :school) AND {}
         ORDER BY a.level, a.name COLLATE pinyin, a.id",
        scope.sql
    );
    let mut stmt = db.conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(&*scope.params(&[(":school", &school_id)]), read_row)?;
    rows.collect()
}

/// One alliance's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alliance {
    pub id: i64,
    pub name: String,
    pub kind: Option<AllianceKind>,
    pub level: AllianceLevel,
    pub region_code: String,
    pub region_name: String,
    pub lead_school_id: Option<i64>,
    pub lead_school: Option<String>,
    pub founded_on: Option<String>,
    pub mode: String,
    pub dissolved_on: Option<String>,
    pub version: i64,
}

/// Alliance `id` if the session may read it (screens open alliances through this).
pub fn get_visible(db: &Db, id: i64) -> rusqlite::Result<Option<Alliance>> {
    let scope = db.read_scope().alliances().named();
    let sql = format!("SELECT count(*) > 0 FROM alliances a WHERE a.id = :id AND {}", scope.sql);
    let seen: bool = db.conn.prepare_cached(&sql)?.query_row(&*scope.params(&[(":id", &id)]), |r| r.get(0))?;
    if seen {
        get(&db.conn, id)
    } else {
        Ok(None)
    }
}

/// Alliance `id` whatever the scope: the write path's read (it checks permission itself).
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Alliance>> {
    conn.prepare_cached(
        "SELECT a.id, a.name, a.kind, a.level, a.region_code, coalesce(r.name, a.region_code) AS region_name,
                a.lead_school_id, s.name AS lead_school, a.founded_on, a.mode, a.dissolved_on, a.version
         FROM alliances a LEFT JOIN regions r ON r.code = a.region_code
         LEFT JOIN schools s ON s.id = a.lead_school_id WHERE a.id = :id",
    )?
    .query_row(named_params! { ":id": id }, |r| {
        Ok(Alliance {
            id: r.get("id")?,
            name: r.get("name")?,
            kind: coded(r, "kind", AllianceKind::from_code)?,
            level: coded(r, "level", AllianceLevel::from_code)?.unwrap_or(AllianceLevel::County),
            region_code: r.get("region_code")?,
            region_name: r.get("region_name")?,
            lead_school_id: r.get("lead_school_id")?,
            lead_school: r.get("lead_school")?,
            founded_on: r.get("founded_on")?,
            mode: r.get("mode")?,
            dissolved_on: r.get("dissolved_on")?,
            version: r.get("version")?,
        })
    })
    .optional()
}

/// A member row with its school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub school_id: i64,
    pub school: String,
    pub county_code: String,
    pub location: Option<Location>,
    pub students: Option<i64>,
    pub role: MemberRole,
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
}

impl Member {
    pub fn facts(&self) -> MemberFacts {
        MemberFacts {
            school_id: self.school_id,
            role: self.role,
            joined_on: self.joined_on.clone(),
            left_on: self.left_on.clone(),
        }
    }
}

/// Current members first (lead, then by name), then those who left (latest first).
pub fn members(conn: &Connection, alliance_id: i64) -> rusqlite::Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.school_id, s.name AS school, s.county_code, s.location, s.students, m.role, m.joined_on,
                m.left_on
         FROM alliance_members m JOIN schools s ON s.id = m.school_id WHERE m.alliance_id = :alliance
         ORDER BY m.left_on IS NOT NULL, m.role <> 'lead', m.left_on DESC, s.name COLLATE pinyin, m.id",
    )?;
    let rows = stmt.query_map(named_params! { ":alliance": alliance_id }, |r| {
        Ok(Member {
            id: r.get("id")?,
            school_id: r.get("school_id")?,
            school: r.get("school")?,
            county_code: r.get("county_code")?,
            location: coded(r, "location", Location::from_code)?,
            students: r.get("students")?,
            role: coded(r, "role", MemberRole::from_code)?.unwrap_or(MemberRole::Member),
            joined_on: r.get("joined_on")?,
            left_on: r.get("left_on")?,
        })
    })?;
    rows.collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: i64,
    pub held_on: String,
    pub kind: Option<ActivityKind>,
    pub participants: Option<i64>,
    pub rotated_teachers: Option<i64>,
    pub rotated_backbone: Option<i64>,
    pub note: String,
}

/// The latest `limit` activities, newest first.
pub fn activities(conn: &Connection, alliance_id: i64, limit: usize) -> rusqlite::Result<Vec<Activity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, held_on, kind, participants, rotated_teachers, rotated_backbone, note
         FROM alliance_activities WHERE alliance_id = :alliance ORDER BY held_on DESC, id DESC LIMIT :limit",
    )?;
    let rows = stmt.query_map(named_params! { ":alliance": alliance_id, ":limit": limit as i64 }, |r| {
        Ok(Activity {
            id: r.get("id")?,
            held_on: r.get("held_on")?,
            kind: coded(r, "kind", ActivityKind::from_code)?,
            participants: r.get("participants")?,
            rotated_teachers: r.get("rotated_teachers")?,
            rotated_backbone: r.get("rotated_backbone")?,
            note: r.get("note")?,
        })
    })?;
    rows.collect()
}

/// Activities per (year, kind): how many, and participants summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    pub year: String,
    pub kind: Option<ActivityKind>,
    pub count: i64,
    pub participants: i64,
    /// Teachers rotated (交流轮岗 only).
    pub rotated: i64,
}

pub fn totals(conn: &Connection, alliance_id: i64) -> rusqlite::Result<Vec<Total>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(held_on, 1, 4) AS y, kind, count(*) AS n, coalesce(sum(participants), 0) AS participants,
                coalesce(sum(rotated_teachers), 0) AS rotated
         FROM alliance_activities WHERE alliance_id = :alliance GROUP BY y, kind ORDER BY y DESC, kind",
    )?;
    let rows = stmt.query_map(named_params! { ":alliance": alliance_id }, |r| {
        Ok(Total {
            year: r.get("y")?,
            kind: coded(r, "kind", ActivityKind::from_code)?,
            count: r.get("n")?,
            participants: r.get("participants")?,
            rotated: r.get("rotated")?,
        })
    })?;
    rows.collect()
}

/// The active alliances of `level` (other than `except`) in which a school currently sits.
pub fn current_of_level(
    conn: &Connection,
    school_id: i64,
    level: AllianceLevel,
    except: i64,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.name FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
         WHERE m.school_id = :school AND m.left_on IS NULL AND a.dissolved_on IS NULL AND a.level = :level
           AND a.id <> :except
         ORDER BY a.name COLLATE pinyin",
    )?;
    let rows = stmt
        .query_map(named_params! { ":school": school_id, ":level": level.code(), ":except": except }, |r| {
            r.get("name")
        })?;
    rows.collect()
}

/// A refused rule as the write path's `Invalid`, named by the rule's key.
fn refuse(e: AllianceError) -> WriteError {
    WriteError::Invalid { field: e.key(), rule: Rule::Alliance(e) }
}

/// Structural edits of an alliance belong to its own region's administrators.
fn target(a: &Alliance, school_id: Option<i64>) -> Target {
    Target { region_code: a.region_code.clone(), school_id }
}

/// Claims version `version` of alliance `id` inside the transaction (else `Conflict`), and
/// refuses changes to a dissolved alliance.
fn claim(tx: &Transaction, id: i64, version: i64) -> Result<Alliance, WriteError> {
    let current = get(tx, id)?.ok_or(WriteError::Conflict)?;
    let n = tx.execute(
        "UPDATE alliances SET version = version + 1 WHERE id = :id AND version = :version",
        named_params! { ":id": id, ":version": version },
    )?;
    if n == 0 {
        return Err(WriteError::Conflict);
    }
    if current.dissolved_on.is_some() {
        return Err(refuse(AllianceError::Dissolved));
    }
    Ok(current)
}

/// A school's county and closing date, if the school exists.
fn school_place(conn: &Connection, school_id: i64) -> rusqlite::Result<Option<(String, Option<String>)>> {
    conn.query_row(
        "SELECT county_code, closed_on FROM schools WHERE id = :id",
        named_params! { ":id": school_id },
        |r| Ok((r.get("county_code")?, r.get("closed_on")?)),
    )
    .optional()
}

/// The membership limit per level (setting `alliances_per_level`).
pub fn level_limit(conn: &Connection) -> i64 {
    super::settings::get_i64(conn, rules::LIMIT_SETTING).unwrap_or(rules::DEFAULT_LIMIT)
}

/// Adds `school_id` as a member (or campus) from `joined_on`. Every rule is checked inside
/// the transaction. Returns the alliance's new version.
pub fn add_member(
    db: &mut Db,
    alliance_id: i64,
    version: i64,
    school_id: i64,
    role: MemberRole,
    joined_on: &str,
) -> Result<i64, WriteError> {
    let a = get(&db.conn, alliance_id)?.ok_or(WriteError::Conflict)?;
    let limit = level_limit(&db.conn);
    db.write(&target(&a, Some(school_id)), true, |tx| {
        let a = claim(tx, alliance_id, version)?;
        let (county, closed) = school_place(tx, school_id)?.ok_or_else(|| refuse(AllianceError::Required("school")))?;
        let check = || -> Result<(), AllianceError> {
            if closed.is_some() {
                return Err(AllianceError::ClosedSchool);
            }
            if role == MemberRole::Lead {
                return Err(AllianceError::LeadCount(2));
            }
            rules::check_member_region(a.level, &a.region_code, &county)?;
            rules::check_order(a.founded_on.as_deref(), "founded_on", Some(joined_on), "joined_on")?;
            Ok(())
        };
        check().map_err(refuse)?;
        let current = members(tx, alliance_id)?;
        if current.iter().any(|m| m.school_id == school_id && m.left_on.is_none()) {
            return Err(refuse(AllianceError::AlreadyMember));
        }
        let others = current_of_level(tx, school_id, a.level, alliance_id)?;
        rules::check_level_limit(&others, limit).map_err(refuse)?;
        tx.execute(
            "INSERT INTO alliance_members(alliance_id, school_id, role, joined_on)
             VALUES (:alliance, :school, :role, :joined_on)",
            named_params! { ":alliance": alliance_id, ":school": school_id, ":role": role.code(), ":joined_on": joined_on },
        )?;
        let member_id = tx.last_insert_rowid();
        let audit = vec![
            AuditRow::insert("alliance_members", member_id).with_new(format!("{alliance_id}:{school_id}")),
            AuditRow::update("alliance_members", member_id, "role", None, Some(role.code().into())),
            AuditRow::update("alliance_members", member_id, "joined_on", None, Some(joined_on.into())),
            AuditRow::update("alliances", alliance_id, "member", None, Some(school_id.to_string())).with_note("add"),
        ];
        Ok((version + 1, audit))
    })
}

/// Records that member `school_id` left on `left_on` (the row stays: history is kept).
pub fn remove_member(
    db: &mut Db,
    alliance_id: i64,
    version: i64,
    school_id: i64,
    left_on: &str,
) -> Result<i64, WriteError> {
    let a = get(&db.conn, alliance_id)?.ok_or(WriteError::Conflict)?;
    db.write(&target(&a, Some(school_id)), true, |tx| {
        claim(tx, alliance_id, version)?;
        let current = members(tx, alliance_id)?;
        let facts: Vec<MemberFacts> = current.iter().map(Member::facts).collect();
        rules::check_leave(&facts, school_id, left_on).map_err(refuse)?;
        let Some(m) = current.iter().find(|m| m.school_id == school_id && m.left_on.is_none()) else {
            return Err(refuse(AllianceError::NotMember));
        };
        tx.execute(
            "UPDATE alliance_members SET left_on = :left_on WHERE id = :id",
            named_params! { ":id": m.id, ":left_on": left_on },
        )?;
        let audit = vec![
            AuditRow::update("alliance_members", m.id, "left_on", None, Some(left_on.into())),
            AuditRow::update("alliances", alliance_id, "member", Some(school_id.to_string()), None).with_note("leave"),
        ];
        Ok((version + 1, audit))
    })
}

/// Makes current member `school_id` the lead; the old lead stays as a plain member.
pub fn change_lead(db: &mut Db, alliance_id: i64, version: i64, school_id: i64) -> Result<i64, WriteError> {
    let a = get(&db.conn, alliance_id)?.ok_or(WriteError::Conflict)?;
    db.write(&target(&a, Some(school_id)), true, |tx| {
        let a = claim(tx, alliance_id, version)?;
        let current = members(tx, alliance_id)?;
        let facts: Vec<MemberFacts> = current.iter().map(Member::facts).collect();
        rules::roles_after_lead_change(&facts, school_id).map_err(refuse)?;
        tx.execute(
            "UPDATE alliance_members SET role = 'member'
             WHERE alliance_id = :alliance AND left_on IS NULL AND role = 'lead'",
            named_params! { ":alliance": alliance_id },
        )?;
        tx.execute(
            "UPDATE alliance_members SET role = 'lead'
             WHERE alliance_id = :alliance AND left_on IS NULL AND school_id = :school",
            named_params! { ":alliance": alliance_id, ":school": school_id },
        )?;
        tx.execute(
            "UPDATE alliances SET lead_school_id = :school WHERE id = :id",
            named_params! { ":id": alliance_id, ":school": school_id },
        )?;
        let mut audit = vec![AuditRow::update(
            "alliances",
            alliance_id,
            "lead_school_id",
            a.lead_school_id.map(|i| i.to_string()),
            Some(school_id.to_string()),
        )];
        // Both member rows change role: the old lead becomes a member, the new one leads.
        let role = |m: &Member, new: MemberRole| {
            AuditRow::update("alliance_members", m.id, "role", Some(m.role.code().into()), Some(new.code().into()))
        };
        for m in current.iter().filter(|m| m.left_on.is_none()) {
            if m.role == MemberRole::Lead && m.school_id != school_id {
                audit.push(role(m, MemberRole::Member));
            } else if m.school_id == school_id && m.role != MemberRole::Lead {
                audit.push(role(m, MemberRole::Lead));
            }
        }
        Ok((version + 1, audit))
    })
}

/// Dissolves the alliance on `on` (never deletes it; members keep their rows).
pub fn dissolve(db: &mut Db, alliance_id: i64, version: i64, on: &str) -> Result<i64, WriteError> {
    let a = get(&db.conn, alliance_id)?.ok_or(WriteError::Conflict)?;
    db.write(&target(&a, None), true, |tx| {
        let a = claim(tx, alliance_id, version)?;
        rules::check_order(a.founded_on.as_deref(), "founded_on", Some(on), "dissolved_on").map_err(refuse)?;
        let latest_join: Option<String> = tx.query_row(
            "SELECT max(joined_on) AS latest FROM alliance_members WHERE alliance_id = :alliance",
            named_params! { ":alliance": alliance_id },
            |r| r.get("latest"),
        )?;
        rules::check_order(latest_join.as_deref(), "joined_on", Some(on), "dissolved_on").map_err(refuse)?;
        tx.execute(
            "UPDATE alliances SET dissolved_on = :on WHERE id = :id",
            named_params! { ":id": alliance_id, ":on": on },
        )?;
        Ok((version + 1, vec![AuditRow::update("alliances", alliance_id, "dissolved_on", None, Some(on.into()))]))
    })
}

impl Alliance {
    /// The editable facts as (field, stored text), in `AllianceFacts::texts` order.
    pub fn fact_texts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("kind", self.kind.map(|k| k.code()).unwrap_or("").to_string()),
            ("founded_on", self.founded_on.clone().unwrap_or_default()),
            ("mode", self.mode.clone()),
        ]
    }
}

/// Creates an alliance from the alliance list of `list_region` (a county or a prefecture)
/// with its lead school as the first member (role lead, joined on the founded date), all in
/// one transaction with its audit rows. Administrators of the alliance's region only.
/// Returns the new alliance's id.
pub fn insert(db: &mut Db, list_region: &str, new: &NewAlliance) -> Result<i64, WriteError> {
    let lead = new.lead_school_id;
    // The target needs the alliance's region, which may be the lead's county; a bad lead
    // is refused inside the transaction, after the permission check on the list's region.
    let lead_county: Option<String> = school_place(&db.conn, lead)?.map(|(county, _)| county);
    let region = lead_county
        .and_then(|c| rules::new_region(list_region, new.level, &c).ok())
        .unwrap_or_else(|| list_region.to_string());
    let limit = level_limit(&db.conn);
    let today = crate::db::today();
    db.write(&Target { region_code: region, school_id: None }, true, |tx| {
        rules::check_facts(&new.facts, today).map_err(refuse)?;
        let (county, closed) =
            school_place(tx, lead)?.ok_or_else(|| refuse(AllianceError::Required("lead_school_id")))?;
        if closed.is_some() {
            return Err(refuse(AllianceError::ClosedSchool));
        }
        let region = rules::new_region(list_region, new.level, &county).map_err(refuse)?;
        let others = current_of_level(tx, lead, new.level, -1)?;
        rules::check_level_limit(&others, limit).map_err(refuse)?;
        let f = &new.facts;
        let mut texts = f.texts();
        texts.extend([("level", new.level.code().to_string()), ("lead_school_id", lead.to_string())]);
        let sql = format!(
            "INSERT INTO alliances(region_code, {}) VALUES (:region_code, {})",
            columns(rules::FIELDS),
            params_of(rules::FIELDS)
        );
        Params::new(tx, "alliances", rules::FIELDS, &texts)?.with("region_code", region.clone()).execute(tx, &sql)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO alliance_members(alliance_id, school_id, role, joined_on) VALUES (:id, :lead, 'lead', :on)",
            named_params! { ":id": id, ":lead": lead, ":on": f.founded_on },
        )?;
        let member_id = tx.last_insert_rowid();
        let mut audit = vec![AuditRow::insert("alliances", id).with_new(f.name.clone())];
        // Audited in the order the alliance is described: facts, level, region, lead.
        texts.insert(texts.len() - 1, ("region_code", region.clone()));
        audit.extend(
            texts
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(field, v)| AuditRow::update("alliances", id, field, None, Some(v)).with_note("insert")),
        );
        audit.push(AuditRow::insert("alliance_members", member_id).with_new(format!("{id}:{lead}")));
        audit.push(AuditRow::update("alliance_members", member_id, "role", None, Some(MemberRole::Lead.code().into())));
        if let Some(d) = &f.founded_on {
            audit.push(AuditRow::update("alliance_members", member_id, "joined_on", None, Some(d.clone())));
        }
        Ok((id, audit))
    })
}

/// Saves the facts of alliance `id` read at `version` (else `Conflict`, nothing changed):
/// one audit row per changed field. The founded date may not come after a member joined,
/// an activity was held, or the alliance was dissolved. Returns the new version.
pub fn update_facts(db: &mut Db, id: i64, version: i64, facts: &AllianceFacts) -> Result<i64, WriteError> {
    let a = get(&db.conn, id)?.ok_or(WriteError::Conflict)?;
    let today = crate::db::today();
    db.write(&target(&a, None), true, |tx| {
        let current = claim(tx, id, version)?;
        rules::check_facts(facts, today).map_err(refuse)?;
        let (joined, held): (Option<String>, Option<String>) = tx.query_row(
            "SELECT (SELECT min(joined_on) FROM alliance_members WHERE alliance_id = :id) AS joined,
                    (SELECT min(held_on) FROM alliance_activities WHERE alliance_id = :id) AS held",
            named_params! { ":id": id },
            |r| Ok((r.get("joined")?, r.get("held")?)),
        )?;
        let founded = facts.founded_on.as_deref();
        rules::check_order(founded, "founded_on", joined.as_deref(), "joined_on")
            .and_then(|_| rules::check_order(founded, "founded_on", held.as_deref(), "held_on"))
            .map_err(refuse)?;
        let fields: Vec<Field> = rules::fact_fields().copied().collect();
        let sql = format!("UPDATE alliances SET {} WHERE id = :id", assignments(&fields));
        Params::new(tx, "alliances", rules::fact_fields(), &facts.texts())?.with("id", id).execute(tx, &sql)?;
        let audit = current
            .fact_texts()
            .into_iter()
            .zip(facts.texts())
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, old), (_, new))| {
                AuditRow::update(
                    "alliances",
                    id,
                    field,
                    Some(old).filter(|o| !o.is_empty()),
                    Some(new).filter(|n| !n.is_empty()),
                )
            })
            .collect();
        Ok((version + 1, audit))
    })
}

/// A new activity for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub held_on: String,
    pub kind: ActivityKind,
    pub participants: Option<i64>,
    pub rotated_teachers: Option<i64>,
    pub rotated_backbone: Option<i64>,
    pub note: String,
}

/// Logs an activity (any staff of the alliance's region may). Returns the activity's id.
pub fn add_activity(db: &mut Db, alliance_id: i64, act: &NewActivity) -> Result<i64, WriteError> {
    let a = get(&db.conn, alliance_id)?.ok_or(WriteError::Conflict)?;
    db.write(&target(&a, a.lead_school_id), false, |tx| {
        let a = get(tx, alliance_id)?.ok_or(WriteError::Conflict)?;
        if a.dissolved_on.is_some() {
            return Err(refuse(AllianceError::Dissolved));
        }
        rules::check_order(a.founded_on.as_deref(), "founded_on", Some(&act.held_on), "held_on").map_err(refuse)?;
        tx.execute(
            "INSERT INTO alliance_activities(alliance_id, held_on, kind, participants, rotated_teachers,
                 rotated_backbone, note)
             VALUES (:alliance, :held_on, :kind, :participants, :rotated_teachers, :rotated_backbone, :note)",
            named_params! {
                ":alliance": alliance_id,
                ":held_on": act.held_on,
                ":kind": act.kind.code(),
                ":participants": act.participants,
                ":rotated_teachers": act.rotated_teachers,
                ":rotated_backbone": act.rotated_backbone,
                ":note": act.note,
            },
        )?;
        let id = tx.last_insert_rowid();
        let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let fields = [
            ("held_on", act.held_on.clone()),
            ("kind", act.kind.code().to_string()),
            ("participants", n(act.participants)),
            ("rotated_teachers", n(act.rotated_teachers)),
            ("rotated_backbone", n(act.rotated_backbone)),
            ("note", act.note.clone()),
        ];
        let mut audit = vec![AuditRow::insert("alliance_activities", id)
            .with_new(format!("{} {}", act.held_on, act.kind.code()))
            .with_note(format!("alliance {alliance_id}"))];
        audit.extend(
            fields
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(f, v)| AuditRow::update("alliance_activities", id, f, None, Some(v)).with_note("insert")),
        );
        Ok((id, audit))
    })
}
