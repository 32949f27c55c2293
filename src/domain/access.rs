//! Who may change what. Staff have a role and a scope; a write names the region (and school)
//! it touches, and this decides — before any SQL runs — whether it is allowed.

use super::codes::code_enum;
use super::region;

code_enum!(
    /// 县级管理员 / 学校填报员 / 只读.
    Role { Admin => "admin", Filler => "filler", ReadOnly => "readonly" }
);

/// What a user is responsible for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A province, prefecture or county, by code.
    Region(String),
    /// One school (id), inside its county.
    School { id: i64, county_code: String },
}

/// The signed-in person as the write path sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub login: String,
    /// `None`: not in the users table — read-only, and told how to be added.
    pub role: Option<Role>,
    pub scope: Option<Scope>,
}

/// The thing a write touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The region the record belongs to (a county for cases and schools).
    pub region_code: String,
    pub school_id: Option<i64>,
}

/// Why a write is refused; the UI turns it into a sentence naming who may do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnknownUser,
    ReadOnlyRole,
    /// Outside the user's scope; carries the region that is responsible, by code and (filled
    /// in by the database layer, which knows the names) by name.
    OutOfScope {
        responsible_region: String,
        region_name: Option<String>,
    },
    /// A login whose scope is one school, and a record (or a report, an export) of another
    /// school or of a whole county: the database layer fills in both names.
    OutsideSchool {
        own_school: i64,
        /// The record's school, or `None` for a county's records as a whole.
        record_school: Option<i64>,
        record_county: String,
        names: Option<SchoolNames>,
    },
    /// Only administrators may do this (e.g. manage users, edit county facts).
    AdminOnly,
    /// The database file itself cannot be written.
    ReadOnlyDatabase,
}

/// The names an [`Refusal::OutsideSchool`] is said with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolNames {
    pub own: String,
    /// The record's school (or the county, for a county's records as a whole).
    pub record: String,
}

impl Actor {
    /// May this actor write record `target`? `admin_only` for structural edits.
    pub fn may_write(&self, target: &Target, admin_only: bool) -> Result<(), Refusal> {
        self.may_write_somewhere(admin_only)?;
        match &self.scope {
            Some(Scope::Region(code)) if region::contains(code, &target.region_code) => Ok(()),
            Some(Scope::School { id, .. }) if target.school_id == Some(*id) => Ok(()),
            Some(Scope::School { id, .. }) => Err(Refusal::OutsideSchool {
                own_school: *id,
                record_school: target.school_id,
                record_county: target.region_code.clone(),
                names: None,
            }),
            _ => Err(Refusal::OutOfScope { responsible_region: target.region_code.clone(), region_name: None }),
        }
    }

    /// Does the role allow writing at all (somewhere inside the scope)? What may be read is
    /// `db::scope`'s decision.
    pub fn may_write_somewhere(&self, admin_only: bool) -> Result<(), Refusal> {
        match self.role.ok_or(Refusal::UnknownUser)? {
            Role::ReadOnly => Err(Refusal::ReadOnlyRole),
            Role::Filler if admin_only => Err(Refusal::AdminOnly),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor { login: "wang".into(), role: Some(role), scope: Some(scope) }
    }
    fn county(code: &str) -> Target {
        Target { region_code: code.into(), school_id: None }
    }

    #[test]
    fn admin_within_and_outside_scope() {
        let a = actor(Role::Admin, Scope::Region("231123".into()));
        assert_eq!(a.may_write(&county("231123"), true), Ok(()));
        assert_eq!(
            a.may_write(&county("231124"), false),
            Err(Refusal::OutOfScope { responsible_region: "231124".into(), region_name: None })
        );
        let province = actor(Role::Admin, Scope::Region("230000".into()));
        assert_eq!(province.may_write(&county("231124"), true), Ok(()));
    }

    #[test]
    fn filler_only_their_school_and_never_admin_work() {
        let f = actor(Role::Filler, Scope::School { id: 7, county_code: "231123".into() });
        let own = Target { region_code: "231123".into(), school_id: Some(7) };
        let other = Target { region_code: "231123".into(), school_id: Some(8) };
        assert_eq!(f.may_write(&own, false), Ok(()));
        assert!(matches!(
            f.may_write(&other, false),
            Err(Refusal::OutsideSchool { own_school: 7, record_school: Some(8), .. })
        ));
        assert_eq!(f.may_write(&own, true), Err(Refusal::AdminOnly));
        assert_eq!(f.may_write_somewhere(false), Ok(()));
    }

    #[test]
    fn readonly_and_unknown_never_write() {
        let r = actor(Role::ReadOnly, Scope::Region("230000".into()));
        assert_eq!(r.may_write(&county("231123"), false), Err(Refusal::ReadOnlyRole));
        let u = Actor { login: "x".into(), role: None, scope: None };
        assert_eq!(u.may_write(&county("231123"), false), Err(Refusal::UnknownUser));
    }
}
