//! Access in one place: what a login may read (`read_scope`, turned into SQL once and added
//! to every query that lists or opens cases, schools or alliances) and whether it may write
//! (`Db::may_write`, called by the write path for every change and by screens that want to
//! say so before a form opens). A record outside the read scope is simply not found.
//!
//! Reports that only count (the monthly report, 优质均衡 indicators, region overviews) stay
//! region-scoped: they name no child, so they take no clause here.

use super::Db;
use crate::domain::access::{Actor, Refusal, Scope, Target};
use crate::domain::region::{self, Level};
use rusqlite::types::Value;
use rusqlite::ToSql;

/// What a login that is not in the users table may read. Issue 11 tightens this; until then
/// it keeps today's behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownLogins {
    /// Everything, with personal fields masked and never revealed.
    ReadMasked,
    /// Nothing.
    ReadNothing,
}

/// The policy in force for unknown logins.
pub const UNKNOWN_LOGINS: UnknownLogins = UnknownLogins::ReadMasked;

/// Which records a login reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    Everything,
    /// A province, prefecture or county and all inside it.
    Region(String),
    /// One school (and its cases).
    School {
        id: i64,
        county_code: String,
    },
    Nothing,
}

/// Whether personal fields (ID numbers) may be shown in full after an audited reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    Revealable,
    MaskedOnly,
}

/// What one login may read. Made only by [`read_scope`], so a query cannot be handed a
/// wider scope than its session's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadScope {
    reach: Reach,
    pub personal: Personal,
}

/// The one decision of what `actor` may read, under the unknown-login `policy`.
pub fn read_scope_under(actor: &Actor, policy: UnknownLogins) -> ReadScope {
    let reach = match (&actor.role, &actor.scope) {
        (None, _) => match policy {
            UnknownLogins::ReadMasked => Reach::Everything,
            UnknownLogins::ReadNothing => Reach::Nothing,
        },
        (Some(_), Some(Scope::Region(code))) => Reach::Region(code.clone()),
        (Some(_), Some(Scope::School { id, county_code })) => {
            Reach::School { id: *id, county_code: county_code.clone() }
        }
        // A known user without a scope has been set up wrong: they see nothing rather than all.
        (Some(_), None) => Reach::Nothing,
    };
    let personal = if actor.role.is_some() { Personal::Revealable } else { Personal::MaskedOnly };
    ReadScope { reach, personal }
}

/// [`read_scope_under`] the policy in force.
pub fn read_scope(actor: &Actor) -> ReadScope {
    read_scope_under(actor, UNKNOWN_LOGINS)
}

/// A piece of WHERE clause with anonymous `?` placeholders and their values, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub sql: String,
    pub params: Vec<Value>,
}

impl Clause {
    fn new(sql: impl Into<String>, params: Vec<Value>) -> Clause {
        Clause { sql: sql.into(), params }
    }

    /// The clause with its placeholders numbered from `first` (for queries that number theirs).
    pub fn numbered(&self, first: usize) -> String {
        let mut out = String::with_capacity(self.sql.len() + 8);
        for (i, part) in self.sql.split('?').enumerate() {
            if i > 0 {
                out.push_str(&format!("?{}", first + i - 1));
            }
            out.push_str(part);
        }
        out
    }
}

/// A [`Clause`] for queries that name their parameters: placeholders `:scope1`, `:scope2` …
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub sql: String,
    names: Vec<String>,
    values: Vec<Value>,
}

impl Clause {
    pub fn named(self) -> Named {
        let names: Vec<String> = (1..=self.params.len()).map(|i| format!(":scope{i}")).collect();
        let mut sql = String::with_capacity(self.sql.len() + 16);
        for (i, part) in self.sql.split('?').enumerate() {
            if let Some(name) = i.checked_sub(1).and_then(|k| names.get(k)) {
                sql.push_str(name);
            }
            sql.push_str(part);
        }
        Named { sql, names, values: self.params }
    }
}

impl Named {
    /// The query's own named parameters followed by the clause's.
    pub fn params<'a>(&'a self, own: &[(&'a str, &'a dyn ToSql)]) -> Vec<(&'a str, &'a dyn ToSql)> {
        let mine = self.names.iter().map(String::as_str).zip(self.values.iter().map(|v| v as &dyn ToSql));
        own.iter().copied().chain(mine).collect()
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// `column` (a county code) inside region `code`. Ranges hide the column from the planner
/// (unary `+`) so that the ledger keeps walking its sort index.
fn county_in(column: &str, code: &str) -> Clause {
    let prefix = |n: usize| code.get(..n).unwrap_or_default();
    match region::level_of(code) {
        Ok(Level::County) => Clause::new(format!("{column} = ?"), vec![text(code)]),
        Ok(Level::Prefecture) => {
            Clause::new(format!("+{column} BETWEEN ? AND ?"), vec![text(prefix(4)), text(&format!("{}99", prefix(4)))])
        }
        Ok(Level::Province) => Clause::new(
            format!("+{column} BETWEEN ? AND ?"),
            vec![text(prefix(2)), text(&format!("{}9999", prefix(2)))],
        ),
        Err(_) => Clause::new("0", Vec::new()),
    }
}

/// The rows whose `column` (a county code, or a prefecture's for its 市直属 records) lies
/// in region `code`: the same ranges as a scope, for a report or export of that region.
pub fn in_region(column: &str, code: &str) -> Clause {
    county_in(column, code)
}

impl ReadScope {
    /// Whether what this login may read is decided by county code alone (not by school).
    pub fn by_county(&self) -> bool {
        !matches!(self.reach, Reach::School { .. })
    }

    /// The rows of a table whose county code is `county` and school id is `school` (both
    /// column expressions) that this login may read.
    pub fn rows(&self, county: &str, school: &str) -> Clause {
        match &self.reach {
            Reach::Everything => Clause::new("1", Vec::new()),
            Reach::Region(code) => county_in(county, code),
            Reach::School { id, .. } => Clause::new(format!("{school} = ?"), vec![Value::Integer(*id)]),
            Reach::Nothing => Clause::new("0", Vec::new()),
        }
    }

    /// Cases, aliased `c`.
    pub fn cases(&self) -> Clause {
        self.rows("c.county_code", "c.school_id")
    }

    /// Alliances aliased `a`: those of a region in scope, or with a member school (current or
    /// past) in scope: a school sees the alliances it belongs or belonged to.
    pub fn alliances(&self) -> Clause {
        match &self.reach {
            Reach::Everything | Reach::Nothing => self.rows("", ""),
            _ => {
                let own = match &self.reach {
                    Reach::Region(code) => county_in("a.region_code", code),
                    _ => Clause::new("0", Vec::new()),
                };
                let member = self.rows("ms.county_code", "ms.id");
                let mut params = own.params;
                params.extend(member.params);
                Clause::new(
                    format!(
                        "({} OR EXISTS (SELECT 1 FROM alliance_members am JOIN schools ms ON ms.id = am.school_id
                         WHERE am.alliance_id = a.id AND {}))",
                        own.sql, member.sql
                    ),
                    params,
                )
            }
        }
    }

    /// May this login read a record of `county` (and `school`)? The same rule as
    /// [`ReadScope::rows`], for a record already in hand.
    pub fn sees(&self, county: &str, school: Option<i64>) -> bool {
        match &self.reach {
            Reach::Everything => true,
            Reach::Region(code) => region::contains(code, county),
            Reach::School { id, .. } => school == Some(*id),
            Reach::Nothing => false,
        }
    }

    /// Does this scope hold all of region `code` (`None`: everything)? Then a count over
    /// that region needs no scope clause.
    pub fn covers(&self, code: Option<&str>) -> bool {
        match (&self.reach, code) {
            (Reach::Everything, _) => true,
            (Reach::Region(mine), Some(code)) => region::contains(mine, code),
            _ => false,
        }
    }

    /// May personal fields be shown in full (an audited look)?
    pub fn may_reveal(&self) -> bool {
        self.personal == Personal::Revealable
    }
}

impl Db {
    /// What the session's login may read.
    pub fn read_scope(&self) -> ReadScope {
        read_scope(&self.actor)
    }

    /// The one permission check: may the session write `target` (`None`: anywhere in its
    /// scope, e.g. may it register cases at all)? The file first, then role and scope; a
    /// refusal for another region carries that region's name, so its sentence needs no SQL.
    pub fn may_write(&self, target: Option<&Target>, admin_only: bool) -> Result<(), Refusal> {
        if self.read_only.is_some() {
            return Err(Refusal::ReadOnlyDatabase);
        }
        let checked = match target {
            Some(t) => self.actor.may_write(t, admin_only),
            None => self.actor.may_write_somewhere(admin_only),
        };
        checked.map_err(|r| self.named(r))
    }

    /// A region's name, or its code when the table does not have it. No SQL: the names are
    /// read at open, so sentences (`i18n`) may ask.
    pub fn region_name(&self, code: &str) -> String {
        self.region_names.get(code).cloned().unwrap_or_else(|| code.to_string())
    }

    /// `r` with the responsible region's name filled in.
    fn named(&self, r: Refusal) -> Refusal {
        match r {
            Refusal::OutOfScope { responsible_region, region_name: None } => {
                let name = self.region_name(&responsible_region);
                Refusal::OutOfScope { responsible_region, region_name: Some(name) }
            }
            r => r,
        }
    }

    /// The refusal for reading a record of `county` that lies outside the read scope.
    pub fn out_of_scope(&self, county: &str) -> Refusal {
        self.named(Refusal::OutOfScope { responsible_region: county.to_string(), region_name: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;

    fn actor(role: Option<Role>, scope: Option<Scope>) -> Actor {
        Actor { login: "li".into(), role, scope }
    }

    #[test]
    fn scopes_by_role_and_policy() {
        let county = read_scope(&actor(Some(Role::Admin), Some(Scope::Region("231123".into()))));
        assert!(county.sees("231123", Some(1)) && !county.sees("231124", Some(1)));
        let school =
            read_scope(&actor(Some(Role::Filler), Some(Scope::School { id: 7, county_code: "231123".into() })));
        assert!(school.sees("231123", Some(7)) && !school.sees("231123", Some(8)));
        assert!(!school.sees("231123", None), "a school's login does not read the whole county");
        let unknown = actor(None, None);
        assert!(read_scope(&unknown).sees("231124", None));
        assert!(!read_scope(&unknown).may_reveal());
        assert!(!read_scope_under(&unknown, UnknownLogins::ReadNothing).sees("231124", None));
        assert!(!read_scope(&actor(Some(Role::Admin), None)).sees("231123", None));
    }

    #[test]
    fn clauses_number_after_the_query_s_own() {
        let s = read_scope(&actor(Some(Role::Admin), Some(Scope::Region("231100".into()))));
        let c = s.cases();
        assert_eq!(c.numbered(3), "+c.county_code BETWEEN ?3 AND ?4");
        assert_eq!(c.params, vec![text("2311"), text("231199")]);
        let f = read_scope(&actor(Some(Role::Filler), Some(Scope::School { id: 7, county_code: "231123".into() })));
        assert_eq!(f.cases().sql, "c.school_id = ?");
        assert!(f.alliances().sql.contains("ms.id = ?"));
        let named = c.named();
        assert_eq!(named.sql, "+c.county_code BETWEEN :scope1 AND :scope2");
        let county = "231123";
        let names: Vec<&str> = named.params(&[(":county", &county)]).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, [":county", ":scope1", ":scope2"]);
    }
}
