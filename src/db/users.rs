//! Staff accounts: role and scope per OS login.

use super::audit::{AuditRow, WriteError};
use super::Db;
use crate::domain::access::{Actor, Role, Scope, Target};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub login: String,
    pub role: Role,
    pub scope: Option<Scope>,
}

/// The actor for `login`; unknown logins get no role (read-only, told how to be added).
pub fn actor_for(conn: &Connection, login: &str) -> rusqlite::Result<Actor> {
    let user = get(conn, login)?;
    Ok(match user {
        Some(u) => Actor { login: login.to_string(), role: Some(u.role), scope: u.scope },
        None => Actor { login: login.to_string(), role: None, scope: None },
    })
}

/// The signed-in person as forms name them (经办人, 销号人): the display name kept with
/// `user contact`, else the login.
pub fn signed_in_name(db: &Db) -> String {
    let login = &db.actor.login;
    let name: Option<String> = db
        .conn
        .query_row(
            "SELECT display_name FROM users WHERE login = :login",
            rusqlite::named_params! {":login": login},
            |r| r.get("display_name"),
        )
        .optional()
        .ok()
        .flatten();
    name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).unwrap_or_else(|| login.clone())
}

pub fn get(conn: &Connection, login: &str) -> rusqlite::Result<Option<User>> {
    conn.query_row(
        "SELECT u.login, u.role, u.scope_code, u.scope_school_id, s.county_code
         FROM users u LEFT JOIN schools s ON s.id = u.scope_school_id WHERE u.login = ?1",
        [login],
        |r| {
            let role: String = r.get(1)?;
            let scope_code: Option<String> = r.get(2)?;
            let school: Option<i64> = r.get(3)?;
            let school_county: Option<String> = r.get(4)?;
            let scope = match (school, school_county, scope_code) {
                (Some(id), Some(county_code), _) => Some(Scope::School { id, county_code }),
                (_, _, Some(code)) => Some(Scope::Region(code)),
                _ => None,
            };
            Ok(User { login: r.get(0)?, role: Role::from_code(&role).unwrap_or(Role::ReadOnly), scope })
        },
    )
    .optional()
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<User>> {
    let mut stmt = conn.prepare("SELECT login FROM users ORDER BY login")?;
    let logins: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(logins.len());
    for login in logins {
        if let Some(u) = get(conn, &login)? {
            out.push(u);
        }
    }
    Ok(out)
}

/// The administrators whose scope holds `county`, the county's own first, then wider
/// ones (a prefecture's, the province's), by login.
pub fn admins_of(conn: &Connection, county: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT login, scope_code FROM users WHERE role = 'admin' AND scope_code IS NOT NULL ORDER BY login",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut found: Vec<(usize, String)> = Vec::new();
    for row in rows {
        let (login, scope) = row?;
        use crate::domain::region::{self, Level};
        let rank = match region::level_of(&scope) {
            Ok(Level::County) => 0,
            Ok(Level::Prefecture) => 1,
            _ => 2,
        };
        if region::contains(&scope, county) {
            found.push((rank, login));
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, login)| login).collect())
}

/// The person who creates a database administers all of it.
pub fn insert_first_admin(tx: &Transaction, login: &str) -> rusqlite::Result<()> {
    let now = super::now_text();
    tx.execute(
        "INSERT OR IGNORE INTO users(login, role, scope_code, created_at, created_by)
         VALUES (?1, 'admin', (SELECT code FROM regions WHERE level = 1 ORDER BY code LIMIT 1), ?2, ?1)",
        params![login, now],
    )?;
    AuditRow::insert("users", login).with_note("first administrator (created the database)").write(tx, login, &now)
}

/// A scope as given on the command line: a 6-digit region code or a 10-digit 学校标识码.
pub fn resolve_scope(conn: &Connection, code: &str) -> rusqlite::Result<Option<Scope>> {
    if code.len() == 10 {
        return conn
            .query_row("SELECT id, county_code FROM schools WHERE school_code = ?1", [code], |r| {
                Ok(Scope::School { id: r.get(0)?, county_code: r.get(1)? })
            })
            .optional();
    }
    let exists: bool = conn.query_row("SELECT count(*) > 0 FROM regions WHERE code = ?1", [code], |r| r.get(0))?;
    Ok(exists.then(|| Scope::Region(code.to_string())))
}

/// Adds or changes a user. Only an administrator whose scope covers the new scope may.
pub fn upsert(db: &mut Db, login: &str, role: Role, scope: &Scope) -> Result<(), WriteError> {
    let target = match scope {
        Scope::Region(code) => Target { region_code: code.clone(), school_id: None },
        Scope::School { id, county_code } => Target { region_code: county_code.clone(), school_id: Some(*id) },
    };
    let (scope_code, school_id) = match scope {
        Scope::Region(code) => (Some(code.clone()), None),
        Scope::School { id, .. } => (None, Some(*id)),
    };
    let old = get(&db.conn, login)?;
    let actor_login = db.actor.login.clone();
    db.write(&target, true, |tx| {
        tx.execute(
            "INSERT INTO users(login, role, scope_code, scope_school_id, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(login) DO UPDATE SET role = excluded.role,
                 scope_code = excluded.scope_code, scope_school_id = excluded.scope_school_id",
            params![login, role.code(), scope_code, school_id, super::now_text(), actor_login],
        )?;
        let describe = |role: Role, scope_code: &Option<String>, school: Option<i64>| {
            format!(
                "{} {}",
                role.code(),
                scope_code.clone().or(school.map(|s| format!("school:{s}"))).unwrap_or_default()
            )
        };
        let new_text = describe(role, &scope_code, school_id);
        let row = match old {
            Some(u) => {
                let (c, s) = match &u.scope {
                    Some(Scope::Region(c)) => (Some(c.clone()), None),
                    Some(Scope::School { id, .. }) => (None, Some(*id)),
                    None => (None, None),
                };
                AuditRow::update("users", login, "role_scope", Some(describe(u.role, &c, s)), Some(new_text))
            }
            None => AuditRow::insert("users", login).with_new(new_text),
        };
        Ok(((), vec![row]))
    })
}

/// Sets a user's name and phone as the missing-submissions list shows them (the user's own
/// scope's administrators only). An empty value leaves that one as it was.
pub fn set_contact(db: &mut Db, login: &str, name: &str, phone: &str) -> Result<(), WriteError> {
    let user = get(&db.conn, login)?.ok_or(WriteError::Invalid { field: "login", rule: super::Rule::Field })?;
    let target = match &user.scope {
        Some(Scope::Region(code)) => Target { region_code: code.clone(), school_id: None },
        Some(Scope::School { id, county_code }) => Target { region_code: county_code.clone(), school_id: Some(*id) },
        None => return Err(WriteError::Invalid { field: "scope", rule: super::Rule::Field }),
    };
    db.write(&target, true, |tx| {
        let (old_name, old_phone): (String, String) = tx.query_row(
            "SELECT display_name, phone FROM users WHERE login = :login",
            rusqlite::named_params! { ":login": login },
            |r| Ok((r.get("display_name")?, r.get("phone")?)),
        )?;
        let mut audit = Vec::new();
        for (field, old, new) in [("display_name", old_name, name), ("phone", old_phone, phone)] {
            if new.is_empty() || new == old {
                continue;
            }
            tx.execute(
                &format!("UPDATE users SET {field} = :v WHERE login = :login"),
                rusqlite::named_params! { ":v": new, ":login": login },
            )?;
            audit.push(AuditRow::update("users", login, field, Some(old), Some(new.to_string())));
        }
        Ok(((), audit))
    })
}
