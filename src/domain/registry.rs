//! The special-group registries (docs/domain.md §14): children in the watched groups kept
//! on the 登记表 whether or not they have a dropout case, their care contacts, a disabled
//! child's 一人一案, and the 统计表 counted from the rows.
//!
//! [`FIELDS`] is the 登记表's table of fields: SQL columns (`db::registry`), import headers,
//! export columns, masking and audit labels come from it. A child links to a dropout case
//! by ID number, so neither record copies the other.

use super::case::{self, parse_family_codes, CaseError};
use super::codes::{FamilyType, Placement};
use super::dates;
use super::fields::{self, Field, Kind, Mask, Required};
use super::id_number;
use super::record::record;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The groups a registry keeps, in the 统计表's column order (the source's 留守 first).
pub const GROUPS: [FamilyType; 6] = [
    FamilyType::LeftBehind,
    FamilyType::Disabled,
    FamilyType::Migrant,
    FamilyType::Orphan,
    FamilyType::Unsupported,
    FamilyType::Hardship,
];

/// The code lists of the registry's choice fields.
pub const GROUP_LIST: &str = "registry_group";
pub const PLACEMENT_LIST: &str = "placement";

record! {
    /// One child of the 登记表, as stored and as checked.
    #[derive(Debug, Clone, PartialEq, Eq, Default)]
    pub struct RegistryRecord, pub const FIELDS;
    name: String = Field {
        kind: Kind::Name(40),
        required: Required::Always,
        synonyms: &["学生姓名", "儿童姓名"],
        ..Field::text("name", "姓名", "Name")
    },
    // Masked as the case's ID is, with the same mask (docs/domain.md §9).
    id_number: Option<String> = Field {
        kind: Kind::IdNumber,
        mask: Mask::Id,
        synonyms: &["身份证号码", "证件号码", "公民身份号码"],
        ..Field::text("id_number", "身份证号", "ID number")
    },
    sex: Option<String> = Field { kind: Kind::Choice("sex"), ..Field::text("sex", "性别", "Sex") },
    birth_date: Option<String> = Field {
        kind: Kind::Date,
        mask: Mask::YearMonth,
        synonyms: &["出生年月日"],
        ..Field::text("birth_date", "出生日期", "Date of birth")
    },
    school_id: Option<i64> = Field {
        kind: Kind::School,
        required: Required::Always,
        synonyms: &["学校名称", "就读学校", "所在学校"],
        ..Field::text("school_id", "学校", "School")
    },
    grade: Option<i64> =
        Field { kind: Kind::Choice("grade"), required: Required::Always, ..Field::text("grade", "年级", "Grade") },
    class_name: String = Field::text("class_name", "班级", "Class"),
    groups: String = Field {
        kind: Kind::Multi(GROUP_LIST),
        required: Required::Always,
        synonyms: &["特殊群体", "群体类别", "儿童类别", "家庭类型", "Group"],
        ..Field::text("groups", "群体类别", "Groups")
    },
    guardian: String = Field {
        kind: Kind::Name(50),
        synonyms: &["监护人姓名", "委托监护人"],
        ..Field::text("guardian", "监护人", "Guardian")
    },
    guardian_relation: String = Field {
        synonyms: &["监护人关系", "关系", "与学生关系"],
        ..Field::text("guardian_relation", "与儿童关系", "Relationship")
    },
    guardian_phone: String = Field {
        kind: Kind::Phone,
        synonyms: &["监护人联系电话", "监护人手机"],
        ..Field::text("guardian_phone", "监护人电话", "Guardian phone")
    },
    parents_work: String = Field {
        kind: Kind::Text(100),
        synonyms: &["父母外出务工地点", "务工地点", "外出务工地", "父母务工地点"],
        ..Field::text("parents_work", "父母务工地", "Parents work in")
    },
    parent_phone: String = Field {
        kind: Kind::Phone,
        synonyms: &["父母电话", "家长电话", "父母联系方式"],
        ..Field::text("parent_phone", "父母联系电话", "Parents' phone")
    },
    carer: String = Field {
        kind: Kind::Name(50),
        synonyms: &["代理家长", "结对教师", "帮扶教师", "结对帮扶教师"],
        ..Field::text("carer", "结对帮扶人", "Paired carer")
    },
    address: String = Field {
        kind: Kind::Text(200),
        synonyms: &["现住址", "住址", "居住地址"],
        ..Field::text("address", "家庭住址", "Address")
    },
    placement: Option<String> = Field {
        kind: Kind::Choice(PLACEMENT_LIST),
        synonyms: &["安置方式", "一人一案安置", "安置形式"],
        ..Field::text("placement", "安置方式", "Placement")
    },
    plan: String = Field {
        kind: Kind::Note(fields::NOTE_MAX),
        synonyms: &["一人一案方案", "教育安置方案", "方案"],
        ..Field::text("plan", "一人一案", "Individual plan")
    },
    registered_on: String = Field {
        kind: Kind::Date,
        required: Required::Always,
        synonyms: &["登记时间"],
        ..Field::text("registered_on", "登记日期", "Registered on")
    },
    note: String = Field { kind: Kind::Note(fields::NOTE_MAX), ..Field::text("note", "备注", "Notes") },
}

impl RegistryRecord {
    /// The groups as codes, in [`GROUPS`] order (unknown codes dropped).
    pub fn group_list(&self) -> Vec<FamilyType> {
        groups_of(&self.groups)
    }

    pub fn placement(&self) -> Option<Placement> {
        self.placement.as_deref().and_then(Placement::from_code)
    }
}

/// Stored group codes as the watched groups they name, in [`GROUPS`] order.
pub fn groups_of(codes: &str) -> Vec<FamilyType> {
    let set = parse_family_codes(codes).unwrap_or_default();
    GROUPS.iter().copied().filter(|g| set.contains(g)).collect()
}

/// The definition of registry field `key`.
pub fn field(key: &str) -> Option<&'static Field> {
    fields::find(FIELDS, key)
}

/// What is wrong with one field of a registry child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// A rule the case's fields share (ID number, name, phone, date, grade, school …).
    Field(CaseError),
    /// A family type that is no registry group (脱贫户, 低保 …), or no code at all.
    Group(String),
    /// Not one of 随班就读 / 特教学校 / 送教上门.
    Placement,
    /// A placement for a child who is not in the 残疾 group.
    PlacementNotDisabled,
}

/// Checks `value(field)` for a registry child as of `today`; `school_exists` answers
/// whether a school id is a real school. Each field by its kind (the case's checkers),
/// then the registry's own rules: the groups, the placement, sex and birth from the ID.
pub fn validate(
    value: impl Fn(&str) -> String,
    today: NaiveDate,
    school_exists: impl Fn(i64) -> bool,
) -> Result<RegistryRecord, Vec<(&'static str, RegistryError)>> {
    let mut errors: Vec<(&'static str, RegistryError)> = Vec::new();
    let mut checked: BTreeMap<&'static str, String> = BTreeMap::new();
    for f in FIELDS {
        let v = value(f.key);
        let raw = if matches!(f.kind, Kind::Note(_)) { v.trim_end() } else { v.trim() };
        let result = match f.kind {
            Kind::Multi(GROUP_LIST) => check_groups(raw),
            Kind::Choice(PLACEMENT_LIST) => check_placement(raw),
            _ => case::check_kind(f, raw, today, &school_exists).map_err(RegistryError::Field),
        };
        match result {
            Ok(text) if text.is_empty() && f.required == Required::Always => {
                errors.push((f.key, RegistryError::Field(CaseError::Required)))
            }
            Ok(text) => {
                checked.insert(f.key, text);
            }
            Err(e) => errors.push((f.key, e)),
        }
    }
    let get = |c: &BTreeMap<&str, String>, k: &str| c.get(k).cloned().unwrap_or_default();
    if !get(&checked, "placement").is_empty() && !groups_of(&get(&checked, "groups")).contains(&FamilyType::Disabled) {
        errors.push(("placement", RegistryError::PlacementNotDisabled));
    }
    if let Ok(id) = id_number::parse(&get(&checked, "id_number"), today) {
        let id_sex = if id.male { "M" } else { "F" };
        match get(&checked, "sex").as_str() {
            "" => {
                checked.insert("sex", id_sex.into());
            }
            s if s != id_sex => errors.push(("sex", RegistryError::Field(CaseError::SexMismatch(id_sex)))),
            _ => {}
        }
        let id_birth = dates::iso(id.birth_date);
        match get(&checked, "birth_date").as_str() {
            "" => {
                checked.insert("birth_date", id_birth);
            }
            b if b != id_birth => errors.push(("birth_date", RegistryError::Field(CaseError::BirthMismatch(id_birth)))),
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(RegistryRecord::from_texts(|k| get(&checked, k)))
    } else {
        Err(errors)
    }
}

fn check_groups(raw: &str) -> Result<String, RegistryError> {
    let types = parse_family_codes(raw).map_err(RegistryError::Group)?;
    match types.iter().find(|t| !GROUPS.contains(t)) {
        Some(t) => Err(RegistryError::Group(t.code().to_string())),
        None => Ok(case::family_codes(&types)),
    }
}

fn check_placement(raw: &str) -> Result<String, RegistryError> {
    if raw.is_empty() {
        return Ok(String::new());
    }
    Placement::from_code(raw).map(|p| p.code().to_string()).ok_or(RegistryError::Placement)
}

// ---------------------------------------------------------------------------------------
// The 统计表.

/// One line of the 统计表: children, and children per group (a child in two groups counts
/// once in `children` and once in each group), boys and girls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub children: i64,
    pub groups: [i64; GROUPS.len()],
    pub male: i64,
    pub female: i64,
    /// Disabled children with a 一人一案 placement.
    pub placed: i64,
}

impl Counts {
    /// Counts one child of `groups` (stored codes), `sex` ('M'/'F') and placement.
    pub fn add(&mut self, groups: &str, sex: &str, placed: bool) {
        self.children += 1;
        for g in groups_of(groups) {
            if let Some(i) = GROUPS.iter().position(|x| *x == g) {
                if let Some(n) = self.groups.get_mut(i) {
                    *n += 1;
                }
            }
        }
        match sex {
            "M" => self.male += 1,
            "F" => self.female += 1,
            _ => {}
        }
        self.placed += i64::from(placed);
    }

    fn plus(&mut self, o: &Counts) {
        self.children += o.children;
        for (a, b) in self.groups.iter_mut().zip(o.groups.iter()) {
            *a += b;
        }
        self.male += o.male;
        self.female += o.female;
        self.placed += o.placed;
    }
}

/// The 统计表: one line per unit (a school of a county, or a county of a prefecture) in the
/// order given, and their total.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    pub lines: Vec<(String, Counts)>,
    pub total: Counts,
}

/// The 统计表 of `units` (every unit, even one without children, so the table lists the
/// whole county) from `children`: (unit, groups, sex, placed) per child.
pub fn tally<'a>(units: &[String], children: impl IntoIterator<Item = (&'a str, &'a str, &'a str, bool)>) -> Tally {
    let mut lines: Vec<(String, Counts)> = units.iter().map(|u| (u.clone(), Counts::default())).collect();
    for (unit, groups, sex, placed) in children {
        let at = match lines.iter().position(|(u, _)| u == unit) {
            Some(i) => i,
            None => {
                lines.push((unit.to_string(), Counts::default()));
                lines.len() - 1
            }
        };
        if let Some((_, c)) = lines.get_mut(at) {
            c.add(groups, sex, placed);
        }
    }
    let mut total = Counts::default();
    for (_, c) in &lines {
        total.plus(c);
    }
    Tally { lines, total }
}

/// The fields of a care contact (or a 一人一案 review), as its command and its form name them.
pub const CONTACT_FIELDS: &[Field] = &[
    Field { kind: Kind::Date, required: Required::Always, ..Field::text("happened_on", "日期", "Date") },
    Field { kind: Kind::Text(20), required: Required::Always, ..Field::text("who", "帮扶人", "Who") },
    Field { kind: Kind::Text(20), required: Required::Always, ..Field::text("kind", "方式", "Kind") },
    Field { kind: Kind::Note(fields::NOTE_MAX), ..Field::text("note", "内容", "Note") },
];

/// What is wrong with one field of a care contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactError {
    Required,
    TooLong(usize),
    Date(dates::DateError),
    /// Dated before the child was registered (the date it was).
    BeforeRegistered(String),
    /// Not one of the contact kinds (家访, 电话联系 … 复核): the text given.
    Kind(String),
}

/// A care contact, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedContact {
    pub on: String,
    pub who: String,
    pub kind: super::codes::ContactKind,
    pub note: String,
}

/// Checks a care contact of a child registered on `registered_on` as of `today`: a date
/// not ahead and not before the registration, who made it, its kind (`kind_of` reads a code
/// or a label), the note's length. Every field's error at once.
pub fn validate_contact(
    value: impl Fn(&str) -> String,
    registered_on: &str,
    today: NaiveDate,
    kind_of: impl Fn(&str) -> Option<super::codes::ContactKind>,
) -> Result<CheckedContact, Vec<(&'static str, ContactError)>> {
    let mut errors = Vec::new();
    let mut texts: BTreeMap<&'static str, String> = BTreeMap::new();
    for f in CONTACT_FIELDS {
        let v = value(f.key).trim().to_string();
        if v.is_empty() && f.required == Required::Always {
            errors.push((f.key, ContactError::Required));
        } else if let Err(n) = f.check_length(&v) {
            errors.push((f.key, ContactError::TooLong(n)));
        } else {
            texts.insert(f.key, v);
        }
    }
    let text = |k: &str| texts.get(k).cloned().unwrap_or_default();
    let on = match dates::parse(&text("happened_on"), today) {
        Ok(Some(d)) => dates::iso(d),
        Ok(None) => String::new(),
        Err(e) => {
            errors.push(("happened_on", ContactError::Date(e)));
            String::new()
        }
    };
    if !on.is_empty() && on.as_str() < registered_on {
        errors.push(("happened_on", ContactError::BeforeRegistered(registered_on.to_string())));
    }
    let kind = kind_of(&text("kind"));
    if kind.is_none() && texts.contains_key("kind") && !text("kind").is_empty() {
        errors.push(("kind", ContactError::Kind(text("kind"))));
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(CheckedContact { on, who: text("who"), kind, note: text("note") }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn id(first17: &str) -> String {
        format!("{first17}{}", id_number::check_char(first17.as_bytes()))
    }

    fn valid() -> BTreeMap<&'static str, String> {
        let mut m = BTreeMap::new();
        m.insert("name", "李某涵".to_string());
        m.insert("id_number", id("23112320150302124"));
        m.insert("school_id", "1".to_string());
        m.insert("grade", "5".to_string());
        m.insert("groups", "left_behind".to_string());
        m.insert("registered_on", "2026-09-01".to_string());
        m
    }

    fn run(m: &BTreeMap<&'static str, String>) -> Result<RegistryRecord, Vec<(&'static str, RegistryError)>> {
        validate(|k| m.get(k).cloned().unwrap_or_default(), today(), |i| i == 1)
    }

    #[test]
    fn the_table_and_the_struct_agree() {
        let r = RegistryRecord::default();
        let keys: Vec<&str> = r.texts().iter().map(|(k, _)| *k).collect();
        let table: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(keys, table);
    }

    #[test]
    fn a_valid_child_takes_sex_and_birth_from_the_id() {
        let r = run(&valid()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.sex.as_deref(), Some("F"));
        assert_eq!(r.birth_date.as_deref(), Some("2015-03-02"));
        assert_eq!(r.group_list(), [FamilyType::LeftBehind]);
    }

    #[test]
    fn each_rule_has_its_error() {
        let cases: Vec<(&str, &str, RegistryError)> = vec![
            ("name", "", RegistryError::Field(CaseError::Required)),
            ("groups", "", RegistryError::Field(CaseError::Required)),
            ("groups", "dibao", RegistryError::Group("dibao".into())),
            ("groups", "nope", RegistryError::Group("nope".into())),
            ("placement", "home", RegistryError::Placement),
            ("placement", "inclusive", RegistryError::PlacementNotDisabled),
            ("grade", "10", RegistryError::Field(CaseError::Grade)),
            ("school_id", "7", RegistryError::Field(CaseError::School)),
            ("sex", "M", RegistryError::Field(CaseError::SexMismatch("F"))),
            ("id_number", "123", RegistryError::Field(CaseError::Id(id_number::IdError::Length(3)))),
        ];
        for (key, value, want) in cases {
            let mut m = valid();
            m.insert(key, value.to_string());
            let errs = run(&m).expect_err(key);
            assert!(errs.contains(&(key, want.clone())), "{key}={value}: {errs:?}");
        }
        let mut m = valid();
        m.insert("groups", "disabled,left_behind".into());
        m.insert("placement", "inclusive".into());
        assert_eq!(run(&m).map(|r| r.placement()), Ok(Some(Placement::Inclusive)));
    }

    #[test]
    fn the_tally_counts_children_once_and_groups_each() {
        let units = vec!["甲校".to_string(), "乙校".to_string(), "丙校".to_string()];
        let kids = [
            ("甲校", "left_behind", "M", false),
            ("甲校", "disabled,left_behind", "F", true),
            ("乙校", "migrant", "F", false),
        ];
        let t = tally(&units, kids);
        assert_eq!(t.lines.len(), 3, "a school without children keeps its line");
        assert_eq!(t.total.children, 3);
        assert_eq!(t.total.groups, [2, 1, 1, 0, 0, 0]);
        assert_eq!((t.total.male, t.total.female, t.total.placed), (1, 2, 1));
        let sum: i64 = t.lines.iter().map(|(_, c)| c.children).sum();
        assert_eq!(sum, t.total.children);
    }
}
