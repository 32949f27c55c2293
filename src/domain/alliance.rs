//! The rules of school alliances (docs/domain.md §3): exactly one lead school; a school in at
//! most N alliances of the same level at a time (setting `alliances_per_level`); members
//! from the alliance's county, or its prefecture for a city-level alliance; dates in order.
//! Alliances are dissolved and members leave: nothing is deleted.

use super::codes::{AllianceKind, AllianceLevel, MemberRole};
use super::dates::{self, DateError};
use super::fields::{Field, Kind, Required};
use super::region::{self, Level};
use chrono::NaiveDate;

/// The setting that limits memberships per level, and its default (docs/domain.md §3: one city-level
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
    /// The field holds more than this many characters.
    TooLong(&'static str, usize),
    /// The field is not a date, or a date after today.
    Date(&'static str, DateError),
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
            AllianceError::Required(field) | AllianceError::TooLong(field, _) | AllianceError::Date(field, _) => field,
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

/// The longest alliance name, in characters.
pub const NAME_MAX: usize = 40;

/// The code lists of an alliance's choice fields (labels in `i18n::schools::choices`).
pub const KIND_LIST: &str = "alliance_kind";
pub const LEVEL_LIST: &str = "alliance_level";

/// The fields of an alliance, in the order of the form that creates one. Each key is a
/// column of `alliances`, the form's key and the audit row's field.
pub const FIELDS: &[Field] = &[
    Field { kind: Kind::Text(NAME_MAX), required: Required::Always, ..Field::text("name", "联盟名称", "Name") },
    Field { kind: Kind::Choice(KIND_LIST), required: Required::Always, ..Field::text("kind", "联盟类型", "Kind") },
    Field { kind: Kind::Choice(LEVEL_LIST), required: Required::Always, ..Field::text("level", "级别", "Level") },
    Field {
        kind: Kind::School, required: Required::Always, ..Field::text("lead_school_id", "牵头校", "Lead school")
    },
    Field { kind: Kind::Date, ..Field::text("founded_on", "成立日期", "Founded on") },
    Field { kind: Kind::Text(200), ..Field::text("mode", "运行模式", "Operating mode") },
];

/// Fields set when an alliance is created and changed later only by their own actions
/// (another lead school; the level never): not part of the facts.
pub const SET_AT_CREATION: &[&str] = &["level", "lead_school_id"];

/// The facts' fields (those of [`FIELDS`] not [`SET_AT_CREATION`]), in form order.
pub fn fact_fields() -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(|f| !SET_AT_CREATION.contains(&f.key))
}

/// The dated events of an alliance's life, as its other forms and its refusals name them.
pub const EVENT_FIELDS: &[Field] = &[
    Field { kind: Kind::Date, ..Field::text("joined_on", "加入日期", "Joined on") },
    Field { kind: Kind::Date, ..Field::text("left_on", "退出日期", "Left on") },
    Field { kind: Kind::Date, ..Field::text("held_on", "日期", "Date") },
    Field { kind: Kind::Date, ..Field::text("dissolved_on", "撤销日期", "Dissolved on") },
];

/// The facts of an alliance its administrators may edit: name, kind, founded date and the
/// free-text operating mode (一体两翼三共享六统一 …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllianceFacts {
    pub name: String,
    pub kind: AllianceKind,
    /// ISO date, or None when unknown.
    pub founded_on: Option<String>,
    pub mode: String,
}

impl AllianceFacts {
    /// (field, stored text) pairs in [`fact_fields`] order: stored columns, audit rows.
    pub fn texts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("kind", self.kind.code().to_string()),
            ("founded_on", self.founded_on.clone().unwrap_or_default()),
            ("mode", self.mode.clone()),
        ]
    }
}

/// A new alliance as its form gives it: the facts, the level and the lead school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlliance {
    pub facts: AllianceFacts,
    pub level: AllianceLevel,
    pub lead_school_id: i64,
}

fn check_name(name: &str) -> Result<(), AllianceError> {
    let n = name.chars().count();
    if n == 0 {
        Err(AllianceError::Required("name"))
    } else if n > NAME_MAX {
        Err(AllianceError::TooLong("name", NAME_MAX))
    } else {
        Ok(())
    }
}

/// Checks facts however they were built: a name of 1 to `NAME_MAX` characters, a founded
/// date that is an ISO date not after `today`.
pub fn check_facts(facts: &AllianceFacts, today: NaiveDate) -> Result<(), AllianceError> {
    check_name(&facts.name)?;
    if let Some(d) = &facts.founded_on {
        match dates::parse(d, today) {
            Ok(Some(parsed)) if dates::iso(parsed) == *d => {}
            Ok(_) => return Err(AllianceError::Date("founded_on", DateError::Format)),
            Err(e) => return Err(AllianceError::Date("founded_on", e)),
        }
    }
    Ok(())
}

/// Is `code` on the code list `list`?
fn known(list: &str, code: &str) -> bool {
    match list {
        KIND_LIST => AllianceKind::from_code(code).is_some(),
        LEVEL_LIST => AllianceLevel::from_code(code).is_some(),
        _ => false,
    }
}

/// One field checked by its kind: the trimmed text (dates as ISO), or what is wrong.
fn check_field(f: &Field, raw: &str, today: NaiveDate) -> Result<String, AllianceError> {
    let s = raw.trim();
    if s.is_empty() {
        return if f.required == Required::Always { Err(AllianceError::Required(f.key)) } else { Ok(String::new()) };
    }
    if let Err(max) = f.check_length(s) {
        return Err(AllianceError::TooLong(f.key, max));
    }
    match f.kind {
        Kind::Choice(list) if !known(list, s) => Err(AllianceError::Required(f.key)),
        Kind::Date => dates::parse(s, today)
            .map(|d| d.map(dates::iso).unwrap_or_default())
            .map_err(|e| AllianceError::Date(f.key, e)),
        Kind::School => {
            s.parse::<i64>().ok().filter(|id| *id > 0).map(|id| id.to_string()).ok_or(AllianceError::Required(f.key))
        }
        _ => Ok(s.to_string()),
    }
}

/// The checked texts of `fields` from form values, and every field's error.
type Checked = (Vec<(&'static str, String)>, Vec<(&'static str, AllianceError)>);

fn check_fields<'f>(
    fields: impl Iterator<Item = &'f Field>,
    value: &impl Fn(&str) -> String,
    today: NaiveDate,
) -> Checked {
    let mut errors = Vec::new();
    let texts = fields
        .map(|f| match check_field(f, &value(f.key), today) {
            Ok(text) => (f.key, text),
            Err(e) => {
                errors.push((f.key, e));
                (f.key, String::new())
            }
        })
        .collect();
    (texts, errors)
}

fn text_of(texts: &[(&'static str, String)], key: &str) -> String {
    texts.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// The facts from form values (`name`, `kind`, `founded_on`, `mode`), or every field's error.
pub fn validate_facts(
    value: &impl Fn(&str) -> String,
    today: NaiveDate,
) -> Result<AllianceFacts, Vec<(&'static str, AllianceError)>> {
    let (texts, errors) = check_fields(fact_fields(), value, today);
    let v = |k: &str| text_of(&texts, k);
    match AllianceKind::from_code(&v("kind")) {
        Some(kind) if errors.is_empty() => Ok(AllianceFacts {
            name: v("name"),
            kind,
            founded_on: Some(v("founded_on")).filter(|d| !d.is_empty()),
            mode: v("mode"),
        }),
        _ => Err(errors),
    }
}

/// A new alliance from form values: the facts plus `level` and `lead_school_id` (required).
pub fn validate_new(
    value: &impl Fn(&str) -> String,
    today: NaiveDate,
) -> Result<NewAlliance, Vec<(&'static str, AllianceError)>> {
    let facts = validate_facts(value, today);
    let once = FIELDS.iter().filter(|f| SET_AT_CREATION.contains(&f.key));
    let (texts, more) = check_fields(once, value, today);
    let mut errors = facts.as_ref().err().cloned().unwrap_or_default();
    errors.extend(more);
    let level = AllianceLevel::from_code(&text_of(&texts, "level"));
    let lead = text_of(&texts, "lead_school_id").parse::<i64>().ok();
    match (facts, level, lead) {
        (Ok(facts), Some(level), Some(lead_school_id)) if errors.is_empty() => {
            Ok(NewAlliance { facts, level, lead_school_id })
        }
        _ => Err(errors),
    }
}

/// The region a new alliance belongs to. From a county's list: a county-level alliance of
/// that county. From a prefecture's list: a city-level one belongs to the prefecture, a
/// county-level one to its lead school's county. The lead school must lie inside.
pub fn new_region(list_region: &str, level: AllianceLevel, lead_county: &str) -> Result<String, AllianceError> {
    let region = match (region::level_of(list_region), level) {
        (Ok(Level::County), AllianceLevel::County) | (Ok(Level::Prefecture), AllianceLevel::City) => {
            list_region.to_string()
        }
        (Ok(Level::Prefecture), AllianceLevel::County) => {
            if !region::contains(list_region, lead_county) {
                return Err(AllianceError::OutsideRegion {
                    school_county: lead_county.to_string(),
                    region: list_region.to_string(),
                });
            }
            lead_county.to_string()
        }
        _ => return Err(AllianceError::RegionLevel),
    };
    check_region_level(level, &region)?;
    check_member_region(level, &region, lead_county)?;
    Ok(region)
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

    #[test]
    fn new_alliance_regions() {
        use AllianceLevel::{City, County};
        assert_eq!(new_region("231123", County, "231123"), Ok("231123".into()));
        assert!(matches!(new_region("231123", County, "231124"), Err(AllianceError::OutsideRegion { .. })));
        assert_eq!(new_region("231123", City, "231123"), Err(AllianceError::RegionLevel));
        assert_eq!(new_region("231000", City, "231083"), Ok("231000".into()));
        assert_eq!(new_region("231000", County, "231083"), Ok("231083".into()));
        assert!(matches!(new_region("231000", County, "230126"), Err(AllianceError::OutsideRegion { .. })));
        assert_eq!(new_region("230000", City, "231083"), Err(AllianceError::RegionLevel));
    }

    #[test]
    fn facts_from_form_values() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let form = |name: &'static str, date: &'static str| {
            move |k: &str| {
                match k {
                    "name" => name,
                    "kind" => "group",
                    "founded_on" => date,
                    "level" => "county",
                    _ => "",
                }
                .to_string()
            }
        };
        let f = validate_facts(&form(" 甲 ", "2024/9/1"), today).map_err(|e| format!("{e:?}"));
        assert_eq!(f.as_ref().map(|f| (f.name.as_str(), f.founded_on.as_deref())), Ok(("甲", Some("2024-09-01"))));
        let e = validate_new(&form("", "2027-01-01"), today).err().unwrap_or_default();
        let keys: Vec<&str> = e.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec!["name", "founded_on", "lead_school_id"]);
        let long: String = "联".repeat(NAME_MAX + 1);
        let facts = AllianceFacts { name: long, kind: AllianceKind::Group, founded_on: None, mode: String::new() };
        assert_eq!(check_facts(&facts, today), Err(AllianceError::TooLong("name", NAME_MAX)));
    }
}
