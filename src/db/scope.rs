//! Access in one place: what a login may read (`read_scope`, turned into SQL once and added
//! to every query that lists or opens cases, schools or alliances) and whether it may write
//! (`Db::may_write`, called by the write path for every change and by screens that want to
//! say so before a form opens). A record outside the read scope is simply not found.
//!
//! Reports that count (the monthly report, 优质均衡 indicators and charts) follow the same
//! scope ([`ReadScope::report`]): a county's administrators get the county, a 填报员 their
//! school. Only the region tree's totals are shown to every login.

use super::Db;
use crate::domain::access::{Actor, Refusal, SchoolNames, Scope, Target};
use crate::domain::region::{self, Level};
use rusqlite::types::Value;
use rusqlite::ToSql;

/// What a login that is not in the users table may read: the `unknown_logins` setting
/// (`taizhang setting set unknown_logins counts|masked|nothing`), read at open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownLogins {
    /// Counts and charts (reports, indicators, the region tree), schools and alliances;
    /// no case, so no child's name or personal field. The default.
    Counts,
    /// Every record, with personal fields masked and never revealed.
    ReadMasked,
    /// Nothing but the region tree's totals.
    ReadNothing,
}

impl UnknownLogins {
    /// The settings key.
    pub const KEY: &'static str = "unknown_logins";
    pub const ALL: [UnknownLogins; 3] = [UnknownLogins::Counts, UnknownLogins::ReadMasked, UnknownLogins::ReadNothing];

    pub fn code(self) -> &'static str {
        match self {
            UnknownLogins::Counts => "counts",
            UnknownLogins::ReadMasked => "masked",
            UnknownLogins::ReadNothing => "nothing",
        }
    }

    pub fn from_code(code: &str) -> Option<UnknownLogins> {
        UnknownLogins::ALL.into_iter().find(|p| p.code() == code.trim())
    }
}

/// The policy when the setting is missing (or holds something else).
pub const DEFAULT_UNKNOWN_LOGINS: UnknownLogins = UnknownLogins::Counts;

/// The policy stored in `conn`'s settings.
pub fn unknown_logins(conn: &rusqlite::Connection) -> rusqlite::Result<UnknownLogins> {
    Ok(super::settings::get(conn, UnknownLogins::KEY)?
        .as_deref()
        .and_then(UnknownLogins::from_code)
        .unwrap_or(DEFAULT_UNKNOWN_LOGINS))
}

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

/// What one login may read, per kind of record: cases (which name children), schools and
/// alliances (which name none), and counts (reports, indicators, charts). Made only by
/// [`read_scope`], so a query cannot be handed a wider scope than its session's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadScope {
    cases: Reach,
    places: Reach,
    counts: Reach,
    pub personal: Personal,
    /// `Some` for a login not in the users table: what the policy lets it read.
    pub guest: Option<UnknownLogins>,
}

/// What a report (or an export) of a county covers for this login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// The whole county.
    County,
    /// One school of it.
    School(i64),
}

/// A region (a county, or for exports and roll-ups a prefecture or the province) and,
/// optionally, one school of it (by id): what a report or export is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub region: String,
    pub school: Option<i64>,
}

impl Place {
    /// The whole of region `code` (a county, a prefecture or the province).
    pub fn county(code: &str) -> Place {
        Place { region: code.to_string(), school: None }
    }
}

/// Why a report or export of a place is refused, before names are filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceRefusal {
    /// A login whose scope is one school asked for another school.
    OtherSchool { own: i64, asked: i64 },
    /// A login whose scope is one school asked for a county it is not in.
    SchoolElsewhere { own: i64, county: String },
    /// The county is outside the login's region.
    Region { county: String },
    /// An unregistered login under a policy that lets it read nothing.
    Guest,
}

/// Why a report could not be made: refused (with names), or the database failed.
#[derive(Debug)]
pub enum ReportError {
    Refused(Refusal),
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for ReportError {
    fn from(e: rusqlite::Error) -> Self {
        ReportError::Sqlite(e)
    }
}

/// The one decision of what `actor` may read, under the unknown-login `policy`.
pub fn read_scope_under(actor: &Actor, policy: UnknownLogins) -> ReadScope {
    let own = match (&actor.role, &actor.scope) {
        (None, _) => Reach::Nothing,
        (Some(_), Some(Scope::Region(code))) => Reach::Region(code.clone()),
        (Some(_), Some(Scope::School { id, county_code })) => {
            Reach::School { id: *id, county_code: county_code.clone() }
        }
        // A known user without a scope has been set up wrong: they see nothing rather than all.
        (Some(_), None) => Reach::Nothing,
    };
    if actor.role.is_some() {
        return ReadScope {
            cases: own.clone(),
            places: own.clone(),
            counts: own,
            personal: Personal::Revealable,
            guest: None,
        };
    }
    let (cases, places, counts) = match policy {
        UnknownLogins::Counts => (Reach::Nothing, Reach::Everything, Reach::Everything),
        UnknownLogins::ReadMasked => (Reach::Everything, Reach::Everything, Reach::Everything),
        UnknownLogins::ReadNothing => (Reach::Nothing, Reach::Nothing, Reach::Nothing),
    };
    ReadScope { cases, places, counts, personal: Personal::MaskedOnly, guest: Some(policy) }
}

/// [`read_scope_under`] the default policy (for callers without a database: tests).
pub fn read_scope(actor: &Actor) -> ReadScope {
    read_scope_under(actor, DEFAULT_UNKNOWN_LOGINS)
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

/// The rows of a table whose county code is `county` and school id is `school` (both
/// column expressions) that `reach` takes in.
fn rows_of(reach: &Reach, county: &str, school: &str) -> Clause {
    match reach {
        Reach::Everything => Clause::new("1", Vec::new()),
        Reach::Region(code) => county_in(county, code),
        Reach::School { id, .. } => Clause::new(format!("{school} = ?"), vec![Value::Integer(*id)]),
        Reach::Nothing => Clause::new("0", Vec::new()),
    }
}

fn reaches(reach: &Reach, county: &str, school: Option<i64>) -> bool {
    match reach {
        Reach::Everything => true,
        Reach::Region(code) => region::contains(code, county),
        Reach::School { id, .. } => school == Some(*id),
        Reach::Nothing => false,
    }
}

/// Rows that pass both clauses.
pub fn both(a: Clause, b: Clause) -> Clause {
    let mut params = a.params;
    params.extend(b.params);
    Clause { sql: format!("({}) AND ({})", a.sql, b.sql), params }
}

/// The rows whose `column` (a county code, or a prefecture's for its 市直属 records) lies
/// in region `code`: the same ranges as a scope, for a report or export of that region.
pub fn in_region(column: &str, code: &str) -> Clause {
    county_in(column, code)
}

impl ReadScope {
    /// Whether which cases this login may read is decided by county code alone (not by
    /// school).
    pub fn by_county(&self) -> bool {
        !matches!(self.cases, Reach::School { .. })
    }

    /// The rows of a table of places (schools) whose county code is `county` and school id
    /// is `school` (both column expressions) that this login may read.
    pub fn rows(&self, county: &str, school: &str) -> Clause {
        rows_of(&self.places, county, school)
    }

    /// Cases, aliased `c`.
    pub fn cases(&self) -> Clause {
        rows_of(&self.cases, "c.county_code", "c.school_id")
    }

    /// Cases by their county column `county` alone (a search index that has no school id):
    /// only for a scope that is [`ReadScope::by_county`].
    pub fn cases_by_county(&self, county: &str) -> Clause {
        match &self.cases {
            Reach::School { .. } => Clause::new("0", Vec::new()),
            reach => rows_of(reach, county, ""),
        }
    }

    /// Alliances aliased `a`: those of a region in scope, or with a member school (current or
    /// past) in scope: a school sees the alliances it belongs or belonged to.
    pub fn alliances(&self) -> Clause {
        match &self.places {
            Reach::Everything | Reach::Nothing => self.rows("", ""),
            _ => {
                let own = match &self.places {
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

    /// May this login read a case of `county` (and `school`)? The same rule as
    /// [`ReadScope::cases`], for a record already in hand.
    pub fn sees(&self, county: &str, school: Option<i64>) -> bool {
        reaches(&self.cases, county, school)
    }

    /// Does region `code` hold, or lie inside, what this login may read of places? The
    /// regions a jump (`:`) offers: a filler of one school is offered its county and the
    /// regions above it, nothing beside.
    pub fn reaches_region(&self, code: &str) -> bool {
        match &self.places {
            Reach::Everything => true,
            Reach::Region(mine) => region::contains(mine, code) || region::contains(code, mine),
            Reach::School { county_code, .. } => region::contains(code, county_code),
            Reach::Nothing => false,
        }
    }

    /// Does this login read any case at all? (An unregistered login, by default, does not:
    /// the screens then say how to be added instead of showing an empty ledger.)
    pub fn reads_cases(&self) -> bool {
        self.cases != Reach::Nothing
    }

    /// Does this scope hold all cases of region `code` (`None`: everything)? Then a count
    /// over that region needs no scope clause.
    pub fn covers(&self, code: Option<&str>) -> bool {
        match (&self.cases, code) {
            (Reach::Everything, _) => true,
            (Reach::Region(mine), Some(code)) => region::contains(mine, code),
            _ => false,
        }
    }

    /// May personal fields be shown in full (an audited look)?
    pub fn may_reveal(&self) -> bool {
        self.personal == Personal::Revealable
    }

    /// The school a login whose scope is one school works for.
    pub fn own_school(&self) -> Option<i64> {
        match &self.cases {
            Reach::School { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// What a report of `county` (narrowed to `school`, a school of that county, when
    /// given) covers for this login: counts follow the same scope as rows, so a 填报员's
    /// report is their school's, by default and at most.
    pub fn report(&self, county: &str, school: Option<i64>) -> Result<Coverage, PlaceRefusal> {
        coverage(&self.counts, self.guest.is_some(), county, school)
    }

    /// What an export of cases of `county` (narrowed to `school`) covers.
    pub fn export_cases(&self, county: &str, school: Option<i64>) -> Result<Coverage, PlaceRefusal> {
        coverage(&self.cases, self.guest.is_some(), county, school)
    }

    /// What an export of schools or alliances of `county` (narrowed to `school`) covers.
    pub fn export_places(&self, county: &str, school: Option<i64>) -> Result<Coverage, PlaceRefusal> {
        coverage(&self.places, self.guest.is_some(), county, school)
    }
}

/// The coverage of `county` / `school` under `reach`. A login whose scope is one school gets
/// that school when it names none.
fn coverage(reach: &Reach, guest: bool, county: &str, school: Option<i64>) -> Result<Coverage, PlaceRefusal> {
    let asked = || school.map(Coverage::School).unwrap_or(Coverage::County);
    match reach {
        Reach::Everything => Ok(asked()),
        Reach::Region(code) if region::contains(code, county) => Ok(asked()),
        Reach::Region(_) => Err(PlaceRefusal::Region { county: county.to_string() }),
        Reach::School { id, county_code } => match school {
            Some(other) if other != *id => Err(PlaceRefusal::OtherSchool { own: *id, asked: other }),
            _ if county_code != county => Err(PlaceRefusal::SchoolElsewhere { own: *id, county: county.to_string() }),
            _ => Ok(Coverage::School(*id)),
        },
        Reach::Nothing if guest => Err(PlaceRefusal::Guest),
        Reach::Nothing => Err(PlaceRefusal::Region { county: county.to_string() }),
    }
}

impl Db {
    /// What the session's login may read, under the database's unknown-login policy.
    pub fn read_scope(&self) -> ReadScope {
        read_scope_under(&self.actor, self.unknown_logins)
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

    /// `r` with the responsible region's (or the schools') names filled in.
    fn named(&self, r: Refusal) -> Refusal {
        match r {
            Refusal::OutOfScope { responsible_region, region_name: None } => {
                let name = self.region_name(&responsible_region);
                Refusal::OutOfScope { responsible_region, region_name: Some(name) }
            }
            Refusal::OutsideSchool { own_school, record_school, record_county, names: None } => {
                let record = match record_school {
                    Some(id) => self.school_name(id),
                    None => self.region_name(&record_county),
                };
                let names = SchoolNames { own: self.school_name(own_school), record };
                Refusal::OutsideSchool { own_school, record_school, record_county, names: Some(names) }
            }
            r => r,
        }
    }

    /// A school's name (with its 学校标识码), or `#id` when it cannot be read.
    fn school_name(&self, id: i64) -> String {
        super::schools::name(&self.conn, id).ok().flatten().unwrap_or_else(|| format!("#{id}"))
    }

    /// What a report of `county` (narrowed to `school` when given) covers for this session,
    /// or the refusal, with names.
    pub fn report_coverage(&self, county: &str, school: Option<i64>) -> Result<Coverage, Refusal> {
        self.read_scope().report(county, school).map_err(|r| self.place_refused(r))
    }

    /// May this session see a roll-up of `region` (every unit's counts, whole)? Only when its
    /// counts cover all of the region: a county's login not its prefecture, a 填报员 not
    /// their county.
    pub fn rollup_coverage(&self, region: &str) -> Result<(), Refusal> {
        match self.read_scope().report(region, None) {
            Ok(Coverage::County) => Ok(()),
            Ok(Coverage::School(own)) => {
                Err(self.place_refused(PlaceRefusal::SchoolElsewhere { own, county: region.to_string() }))
            }
            Err(r) => Err(self.place_refused(r)),
        }
    }

    /// The refusal, with names, for a report or export of a place outside the read scope.
    pub fn place_refused(&self, r: PlaceRefusal) -> Refusal {
        let unnamed = match r {
            PlaceRefusal::OtherSchool { own, asked } => {
                let county = super::cases::school_county(&self.conn, asked).ok().flatten().unwrap_or_default();
                Refusal::OutsideSchool {
                    own_school: own,
                    record_school: Some(asked),
                    record_county: county,
                    names: None,
                }
            }
            PlaceRefusal::SchoolElsewhere { own, county } => {
                Refusal::OutsideSchool { own_school: own, record_school: None, record_county: county, names: None }
            }
            PlaceRefusal::Region { county } => Refusal::OutOfScope { responsible_region: county, region_name: None },
            PlaceRefusal::Guest => Refusal::UnknownUser,
        };
        self.named(unnamed)
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
        assert!(!read_scope(&unknown).sees("231124", None), "by default a guest reads no case");
        assert_eq!(read_scope(&unknown).report("231124", None), Ok(Coverage::County), "but reads counts");
        assert_eq!(read_scope(&unknown).rows("s.county_code", "s.id").sql, "1", "and schools");
        assert!(read_scope_under(&unknown, UnknownLogins::ReadMasked).sees("231124", None));
        assert!(!read_scope(&unknown).may_reveal());
        let nothing = read_scope_under(&unknown, UnknownLogins::ReadNothing);
        assert!(!nothing.sees("231124", None));
        assert_eq!(nothing.report("231124", None), Err(PlaceRefusal::Guest));
        assert!(!read_scope(&actor(Some(Role::Admin), None)).sees("231123", None));
    }

    #[test]
    fn a_school_s_reports_are_its_own() {
        let school =
            read_scope(&actor(Some(Role::Filler), Some(Scope::School { id: 7, county_code: "231123".into() })));
        assert_eq!(school.report("231123", None), Ok(Coverage::School(7)), "the school by default");
        assert_eq!(school.report("231123", Some(7)), Ok(Coverage::School(7)));
        assert_eq!(school.report("231123", Some(8)), Err(PlaceRefusal::OtherSchool { own: 7, asked: 8 }));
        assert_eq!(
            school.export_cases("231124", None),
            Err(PlaceRefusal::SchoolElsewhere { own: 7, county: "231124".into() })
        );
        let county = read_scope(&actor(Some(Role::Admin), Some(Scope::Region("231123".into()))));
        assert_eq!(county.report("231123", Some(8)), Ok(Coverage::School(8)));
        assert_eq!(county.report("231124", None), Err(PlaceRefusal::Region { county: "231124".into() }));
    }

    #[test]
    fn policies_round_trip_their_codes() {
        for p in UnknownLogins::ALL {
            assert_eq!(UnknownLogins::from_code(p.code()), Some(p));
        }
        assert_eq!(UnknownLogins::from_code("everything"), None);
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
