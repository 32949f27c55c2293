//! The special-group registry's and the school designations' words (docs/domain.md §14).

use super::{fill, Label};
use crate::domain::codes::{ContactKind, FamilyType, Placement};
use crate::domain::fields::{Field, Kind};
use crate::domain::registry::{self, ContactError, RegistryError, CONTACT_FIELDS, GROUP_LIST, PLACEMENT_LIST};
use crate::domain::tags::TagError;

texts! { RG {
    Title => "{} 特殊群体儿童台账", "{}: special-group children";
    SheetRegister => "登记表", "Register";
    SheetTally => "统计表", "Tally";
    ColSchool => "学校", "School";
    ColCounty => "县区", "County";
    ColChildren => "人数", "Children";
    ColMale => "男", "Boys";
    ColFemale => "女", "Girls";
    ColPlaced => "一人一案已安置", "Placed (plan)";
    ColCase => "控辍案件", "Dropout case";
    ColContacts => "关爱记录", "Contacts";
    Total => "合计", "Total";
    CaseLink => "#{}（{}）", "#{} ({})";
    ErrGroup => "“{}”不是台账登记的群体：请填 留守、残疾、随迁、孤儿、事实无人抚养 或 困境（可填多个，用、分隔）。",
        "'{}' is not a registry group: use left-behind, disabled, migrant, orphan, de facto unsupported or hardship (several separated by commas).";
    ErrPlacement => "安置方式应为 随班就读、特教学校 或 送教上门。", "The placement must be inclusive class, special school or home teaching.";
    ErrPlacementNotDisabled => "只有残疾儿童有一人一案安置：请在群体类别中加上“残疾”，或清空安置方式。",
        "Only a disabled child has a placement: add 'disabled' to the groups, or clear the placement.";
    DuplicateChild => "该儿童已在台账中（{}，#{}），未重复登记。", "This child is already in the registry ({}, #{}); not registered twice.";
    Exported => "已导出 {} 名儿童（登记表）和统计表到 {}", "Exported {} children (register) and the tally to {}";
    ExportedCsv => "已导出 {} 名儿童（登记表）到 {}，统计表到 {}", "Exported {} children (register) to {} and the tally to {}";
    CsvTallySuffix => "统计表", "tally";
    // Screens.
    ScreenTally => "特殊群体统计表", "Special groups: tally";
    ScreenList => "特殊群体登记表", "Special groups: register";
    ScreenChild => "儿童台账", "Child";
    ContextRegistry => "特殊群体台账", "Special-group registry";
    ContextChild => "特殊群体儿童", "Registry child";
    ContextContact => "关爱记录表单", "Contact form";
    HintSwitch => "登记表/统计表", "register/tally";
    HintContact => "记录关爱", "log contact";
    HintRegistry => "特殊群体", "special groups";
    Empty => "尚无登记的儿童。导入：taizhang import registry 文件 --apply", "No child registered yet. Import: taizhang import registry FILE --apply";
    NoContacts => "尚无关爱记录。按 c 记录一次。", "No contact yet. Press c to log one.";
    Contacts => "关爱记录与复核", "Contacts and reviews";
    PlanHeading => "一人一案", "Individual plan";
    CaseNone => "无", "none";
    ContactSaved => "已记录关爱：{} {}", "Contact logged: {} {}";
    FieldOn => "日期", "Date";
    FieldWho => "帮扶人", "Who";
    FieldKind => "方式", "Kind";
    FieldNote => "内容", "Note";
    ErrWho => "请填写帮扶人。", "Say who made the contact.";
    ErrContactKind => "“{}”不是关爱方式：请填 {}。", "'{}' is not a contact kind: use {}.";
    ErrBeforeRegistered => "日期不能早于登记日期 {}。", "The date cannot come before the registration on {}.";
    ChildNotFound => "台账中没有编号为 {} 的儿童（或不在你的范围内）。", "No registry child numbered {} (or it is outside your scope).";
    ShowTitle => "特殊群体儿童 #{} {}（{}）", "Registry child #{} {} ({})";
    ColField => "项目", "Field";
    ColValue => "内容", "Value";
    // Tags.
    TagDefined => "已定义标签“{}”（{}）。", "Tag '{}' defined ({}).";
    TagExists => "{} 已有标签“{}”，未重复定义。", "{} already has the tag '{}'; nothing changed.";
    TagGiven => "已给 {} 标签“{}”（{}，{}）。", "Gave {} the tag '{}' ({}, {}).";
    TagHeld => "{} 已有标签“{}”（{}），未重复记录。", "{} already holds '{}' ({}); nothing changed.";
    TagUnknown => "{} 没有标签“{}”：先用 taizhang tag add --region {} {} 定义。", "{} has no tag '{}': define it first with taizhang tag add --region {} {}.";
    TagNameEmpty => "标签名不能为空。", "The tag name is empty.";
    TagNameLong => "标签名至多 20 个字、且只占一行。", "A tag name is at most 20 characters on one line.";
    TagLevelBad => "“{}”不是级别：请填 国家级、省级、市级 或 县级。", "'{}' is not a level: use national, provincial, city or county.";
    TagListTitle => "{} 学校标签", "{}: school designations";
    TagColName => "标签", "Tag";
    TagColRegion => "定义于", "Defined by";
    TagColSchools => "学校数", "Schools";
    TagNone => "尚无标签。定义：taizhang tag add --region 县代码 名称", "No tag yet. Define one: taizhang tag add --region CODE NAME";
    TagColumn => "标签", "Tags";
    TagCount => "标签：{}（{} 所）", "Tag: {} ({} schools)";
}}

/// The sentence for a field's error.
pub fn error(e: &RegistryError) -> String {
    match e {
        RegistryError::Field(e) => super::ledger::case_error(e),
        RegistryError::Group(g) => fill(RG::ErrGroup.s(), &[&group_shown(g)]),
        RegistryError::Placement => RG::ErrPlacement.s().to_string(),
        RegistryError::PlacementNotDisabled => RG::ErrPlacementNotDisabled.s().to_string(),
    }
}

/// A stored code that is a family type as its label, anything else as typed.
fn group_shown(code: &str) -> String {
    FamilyType::from_code(code).map_or_else(|| code.to_string(), |t| t.label().to_string())
}

/// Stored group codes as labels, joined by the list separator.
pub fn groups_label(codes: &str) -> String {
    registry::groups_of(codes).iter().map(|g| g.label()).collect::<Vec<_>>().join(super::T::ListSep.s())
}

/// A registry field's stored text as people read it: codes as labels, personal fields
/// masked unless `revealed` (the case fields' one rule, `ledger::field_shown`).
pub fn shown(f: &Field, text: &str, revealed: bool) -> String {
    match f.kind {
        Kind::Multi(GROUP_LIST) => groups_label(text),
        Kind::Choice(PLACEMENT_LIST) => {
            Placement::from_code(text).map_or_else(|| text.to_string(), |p| p.label().into())
        }
        _ => super::ledger::field_shown(f, text, revealed).into_owned(),
    }
}

/// Each wrong field of a care contact as `field: problem`, one a line.
pub fn contact_errors(errors: &[(&'static str, ContactError)]) -> String {
    errors
        .iter()
        .map(|(k, e)| {
            let label = CONTACT_FIELDS.iter().find(|f| f.key == *k).map_or(*k, super::ledger::label_of);
            let why = match e {
                ContactError::Required if *k == "who" => RG::ErrWho.s().to_string(),
                ContactError::Required => super::items::IT::ErrRequired.s().to_string(),
                ContactError::TooLong(n) => fill(super::items::IT::ErrTooLong.s(), &[n]),
                ContactError::Date(d) => super::schools::date_error(d),
                ContactError::BeforeRegistered(d) => fill(RG::ErrBeforeRegistered.s(), &[d]),
                ContactError::Kind(t) => {
                    let all: Vec<&str> = ContactKind::ALL.iter().map(|k| k.label()).collect();
                    fill(RG::ErrContactKind.s(), &[t, &all.join(super::T::ListSep.s())])
                }
            };
            fill(super::items::IT::FieldError.s(), &[&label, &why])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A contact kind by its code or its label in either language.
pub fn contact_kind(s: &str) -> Option<ContactKind> {
    let t = s.trim();
    ContactKind::from_code(t).or_else(|| ContactKind::ALL.iter().copied().find(|k| k.label() == t))
}

/// Group or placement text of a spreadsheet (labels, codes, 、-separated) as stored codes;
/// what is not recognised is kept so that the rules name it.
pub fn placement_code(s: &str) -> String {
    let t = s.trim();
    Placement::from_code(t)
        .or_else(|| Placement::ALL.iter().copied().find(|p| p.label() == t))
        .map_or_else(|| t.to_string(), |p| p.code().to_string())
}

pub fn tag_error(e: &TagError) -> String {
    match e {
        TagError::NameEmpty => RG::TagNameEmpty.s().to_string(),
        TagError::NameTooLong => RG::TagNameLong.s().to_string(),
        TagError::Level(l) => fill(RG::TagLevelBad.s(), &[l]),
    }
}
