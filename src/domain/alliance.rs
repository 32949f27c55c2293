//! The rules of school alliances (DOMAIN.md §3): exactly one lead school; a school in at
//! most N alliances of the same level at a time (setting `alliances_per_level`); members
//! from the alliance's county, or its prefecture for a city-level alliance; dates in order.
//! Alliances are dissolved and members leave: nothing is deleted.

use super::codes::{AllianceLevel, MemberRole};
use super::region::{self, Level};

/// The setting that limits memberships per level, and its default (DOMAIN.md: one city-level
/// and one county-level alliance).
pub const LIMIT_SETTING: &str = "alliances_per_level";
pub const DEFAULT_LIMIT: i64 = 1;

/// Why a change to an alliance is refused. Each has its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllianceError {
    /// No current lead school, or more than one (the count found).
    LeadCount(usize),
    /// The lead school cannot simply leave: name another lead first.
    LeadLeaving,
    /// The school already sits in `limit` alliances of this level (the first one named).
    LevelLimit {
        limit: i64,
        other: String,
    },
    /// The school is outside the alliance's county (or prefecture for a city level).
    OutsideRegion {
        school_county: String,
        region: String,
    },
    /// A date comes before the one it must follow: (this field, the earlier field).
    DateOrder(&'static str, &'static str),
    AlreadyMember,
    NotMember,
    Dissolved,
    ClosedSchool,
    /// A city-level alliance must belong to a prefecture, a county-level one to a county.
    RegionLevel,
    Required(&'static str),
}

impl AllianceError {
    /// A stable key naming the rule (the `field` of a refused write).
    pub fn key(&self) -> &'static str {
        match self {
            AllianceError::LeadCount(_) | AllianceError::LeadLeaving => "lead",
            AllianceError::LevelLimit { .. } => "level_limit",
            AllianceError::OutsideRegion { .. } | AllianceError::RegionLevel => "region",
            AllianceError::DateOrder(field, _) => field,
            AllianceError::AlreadyMember | AllianceError::NotMember => "member",
            AllianceError::Dissolved => "dissolved_on",
            AllianceError::ClosedSchool => "school",
            AllianceError::Required(field) => field,
        }
    }
}

/// The region an alliance of `level` must belong to: a prefecture or a county.
pub fn check_region_level(level: AllianceLevel, region_code: &str) -> Result<(), AllianceError> {
    match (level, region::level_of(region_code)) {
        (AllianceLevel::City, Ok(Level::Prefecture)) | (AllianceLevel::County, Ok(Level::County)) => Ok(()),
        _ => Err(AllianceError::RegionLevel),
    }
}

/// May a school of `school_county` be a member of an alliance of `level` in `region_code`?
pub fn check_member_region(level: AllianceLevel, region_code: &str, school_county: &str) -> Result<(), AllianceError> {
    let inside = match level {
        AllianceLevel::County => school_county == region_code,
        AllianceLevel::City => {
            region::level_of(region_code) == Ok(Level::Prefecture) && region::contains(region_code, school_county)
        }
    };
    if inside {
        Ok(())
    } else {
        Err(AllianceError::OutsideRegion { school_county: school_county.to_string(), region: region_code.to_string() })
    }
}

/// `other_alliances`: names of the active alliances of the same level the school currently
/// sits in (this one excluded). Refused when it already holds `limit` of them.
pub fn check_level_limit(other_alliances: &[String], limit: i64) -> Result<(), AllianceError> {
    if (other_alliances.len() as i64) < limit.max(0) {
        Ok(())
    } else {
        Err(AllianceError::LevelLimit { limit, other: other_alliances.first().cloned().unwrap_or_default() })
    }
}

/// Exactly one lead among the current members' roles.
pub fn check_one_lead(current_roles: &[MemberRole]) -> Result<(), AllianceError> {
    let n = current_roles.iter().filter(|r| **r == MemberRole::Lead).count();
    if n == 1 {
        Ok(())
    } else {
        Err(AllianceError::LeadCount(n))
    }
}

/// `later` (field `later_key`) must not come before `earlier` (field `earlier_key`). ISO
/// dates compare as text; a missing date orders nothing.
pub fn check_order(
    earlier: Option<&str>,
    earlier_key: &'static str,
    later: Option<&str>,
    later_key: &'static str,
) -> Result<(), AllianceError> {
    match (earlier, later) {
        (Some(a), Some(b)) if b < a => Err(AllianceError::DateOrder(later_key, earlier_key)),
        _ => Ok(()),
    }
}

/// A member as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    pub school_id: i64,
    pub role: MemberRole,
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
}

impl MemberFacts {
    pub fn is_current(&self) -> bool {
        self.left_on.is_none()
    }
}

/// Can `school_id` leave on `left_on`? Not the lead, not before joining, not twice.
pub fn check_leave(members: &[MemberFacts], school_id: i64, left_on: &str) -> Result<(), AllianceError> {
    let m = members.iter().find(|m| m.school_id == school_id && m.is_current()).ok_or(AllianceError::NotMember)?;
    if m.role == MemberRole::Lead {
        return Err(AllianceError::LeadLeaving);
    }
    check_order(m.joined_on.as_deref(), "joined_on", Some(left_on), "left_on")
}

/// After making `new_lead` the lead (the old lead becomes a plain member), exactly one lead.
pub fn roles_after_lead_change(members: &[MemberFacts], new_lead: i64) -> Result<Vec<MemberRole>, AllianceError> {
    if !members.iter().any(|m| m.school_id == new_lead && m.is_current()) {
        return Err(AllianceError::NotMember);
    }
    let roles: Vec<MemberRole> = members
        .iter()
        .filter(|m| m.is_current())
        .map(|m| {
            if m.school_id == new_lead {
                MemberRole::Lead
            } else if m.role == MemberRole::Lead {
                MemberRole::Member
            } else {
                m.role
            }
        })
        .collect();
    check_one_lead(&roles)?;
    Ok(roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        assert!(check_member_region(AllianceLevel::County, "231123", "231123").is_ok());
        assert!(check_member_region(AllianceLevel::County, "231123", "231124").is_err());
        assert!(check_member_region(AllianceLevel::City, "231000", "231083").is_ok());
        assert!(check_member_region(AllianceLevel::City, "231000", "230904").is_err());
        assert!(check_region_level(AllianceLevel::City, "231123").is_err());
    }

    #[test]
    fn leads_and_limits() {
        assert!(check_one_lead(&[MemberRole::Lead, MemberRole::Member]).is_ok());
        assert_eq!(check_one_lead(&[MemberRole::Member]), Err(AllianceError::LeadCount(0)));
        assert!(check_level_limit(&[], 1).is_ok());
        assert!(check_level_limit(&["甲".into()], 1).is_err());
        assert!(check_level_limit(&["甲".into()], 2).is_ok());
        assert!(check_order(Some("2024-09-01"), "founded_on", Some("2024-08-31"), "joined_on").is_err());
    }
}
