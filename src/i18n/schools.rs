//! Strings of the school and alliance screens.

use super::{fill, Label, Lang};
use crate::db::Rule;
use crate::domain::alliance::{self, AllianceError};
use crate::domain::codes::{ActivityKind, AllianceKind, AllianceLevel, Location, QualityStatus, SchoolKind};
use crate::domain::county::FieldError;
use crate::domain::dates::DateError;
use crate::domain::fields::Field;
use crate::domain::school::SizeFlag;
use crate::domain::school_rules::SchoolError;
use crate::domain::{county, school_rules};

texts! { S {
    Schools => "学校", "Schools";
    SchoolList => "学校名单", "Schools";
    SchoolListOf => "{}学校名单", "{} schools";
    NewSchool => "新建学校", "New school";
    EditSchool => "编辑学校", "Edit school";
    ColName => "学校名称", "Name";
    ColCode => "标识码", "Code";
    ColKind => "类型", "Type";
    ColLocation => "城乡", "Place";
    ColStudents => "学生", "Pupils";
    ColClasses => "班数", "Cls";
    ColAvg => "均班", "Avg";
    ColLargest => "最大", "Max";
    ColTeachers => "教师", "Tchr";
    ColFlags => "标记", "Flags";
    Closed => "已撤并", "closed";
    Count => "共 {} 所", "{} schools";
    CountClosed => "（含已撤并 {} 所）", " (incl. {} closed)";
    Empty => "没有符合条件的学校。按 Esc 清除筛选。", "No school matches. Esc clears the filter.";
    SearchHint => "名称、拼音首字母（sy）或标识码开头", "name, pinyin initials (sy) or start of the code";
    Search => "搜索", "Search";
    FilterTitle => "筛选学校", "Filter schools";
    FKind => "类型", "Type";
    FLocation => "城乡", "Place";
    FFlag => "标记", "Flag";
    FClosed => "撤并", "Closed";
    Any => "（全部）", "(any)";
    OpenOnly => "在办学校", "open schools";
    WithClosed => "含已撤并", "with closed";
    ClosedOnly => "仅已撤并", "closed only";
    SortBy => "排序：{}{}", "sort: {}{}";
    Desc => "（降序）", " (desc)";
    Asc => "（升序）", " (asc)";
    HintSearch => "搜索", "search";
    HintFilter => "筛选", "filter";
    HintTag => "按标签筛选", "filter by tag";
    ChooseTag => "选择学校标签", "Choose a school designation";
    NoTags => "本地区尚无学校标签。定义：taizhang tag add --region 代码 名称", "No designation in this region yet. Define one: taizhang tag add --region CODE NAME";
    TagShown => "标签：{}", "tag: {}";
    HintSort => "排序", "sort";
    HintSortPlace => "按县区排序", "sort by county";
    HintReverse => "反向", "reverse";
    HintNew => "新建", "new";
    HintAlliances => "联盟", "alliances";
    HintSchools => "学校", "schools";
    HintLedger => "台账", "ledger";
    NotACounty => "新建学校请在县的学校名单中进行。", "Create a school from a county's school list.";
    // Form.
    NotMerged => "（未并入他校）", "(not merged)";
    SavedSchool => "已保存学校：{}", "School saved: {}";
    ChooseSchool => "选择学校", "Choose a school";
    // School errors.
    ErrRequired => "必填。", "Required.";
    ErrTooLong => "最多 {} 个字。", "At most {} characters.";
    ErrCodeLength => "学校标识码应为 10 位数字，现在是 {} 位。", "A school code has 10 digits; this has {}.";
    ErrCodeDigits => "学校标识码只能是数字。", "A school code has digits only.";
    ErrCodeCategory => "标识码前两位 {} 与学校类型不符：应为 {}（21 小学、31 中学、51 特殊教育）。", "The first two digits {} do not fit the type: expected {} (21 primary, 31 secondary, 51 special).";
    ErrCodeProvince => "标识码第 3-4 位是省份代码，黑龙江为 23，现在是 {}。", "Digits 3-4 are the province, 23 for Heilongjiang; found {}.";
    ErrCodeTaken => "学校标识码 {} 已被 {} 使用。", "School code {} is already used by {}.";
    ErrClassesOver => "班级数不能多于在校生数。", "Classes cannot outnumber students.";
    ErrLargestOver => "最大班额不能多于在校生数。", "The largest class cannot exceed the students.";
    ErrLargestBelow => "最大班额不能小于平均班额（约 {} 人）。", "The largest class cannot be below the average (about {}).";
    ErrBoardingOver => "寄宿生不能多于在校生。", "Boarding students cannot exceed students.";
    ErrTeachersNeeded => "有在校生的学校须填写专任教师数（大于 0）。", "A school with students needs its number of teachers (above 0).";
    ErrPartOver => "不能多于在校生数。", "Cannot exceed the number of students.";
    ErrPartOverTeachers => "不能多于专任教师数。", "Cannot exceed the number of teachers.";
    ErrSplitSum => "小学段与初中段之和应等于在校生数 {}。", "Primary plus junior students must equal the {} students.";
    ErrDate => "日期格式不对，请写成 2024-09-01。", "Not a date; write it as 2024-09-01.";
    ErrFuture => "日期不能晚于今天。", "The date cannot be after today.";
    ErrClosedBeforeOpened => "撤并日期不能早于建校日期。", "Closing cannot come before opening.";
    ErrMergedWithoutClosing => "并入他校时须填写撤并日期。", "A merged school needs its closing date.";
    ErrMergedItself => "不能并入本校自己。", "A school cannot merge into itself.";
    ErrUnknownSchool => "找不到这所学校，请按 Enter 从列表选择。", "No such school; press Enter to choose one.";
    KindPrimary => "小学", "prim";
    KindJunior => "初中", "junior";
    KindNine => "九年制", "9-yr";
    KindTwelve => "十二年", "12-yr";
    KindComplete => "完中", "compl";
    KindSpecial => "特教", "spec";
    KindPoint => "教学点", "point";
    ActResearch => "教研", "Res";
    ActVisit => "送教", "Vis";
    ActRotation => "轮岗", "Rot";
    ActTraining => "培训", "Trn";
    ActMonitoring => "监测", "Mon";
    ActOther => "其他", "Oth";
    TotalsLine => "合计 {} 次、{} 人次、轮岗 {} 人", "{} in all, {} participants, {} teachers rotated";
    ActivityLine => "{} 人", "{} ppl";
    // Flags.
    FlagLargeClass => "大班额", "large class";
    FlagHugeClass => "超大班额", "huge class";
    FlagLargeSchool => "大校额", "large school";
    FlagSmallSchool => "小规模", "small school";
    // Alliances list.
    AllianceList => "学校联盟", "Alliances";
    AllianceListOf => "{}学校联盟", "{} alliances";
    SchoolAlliances => "{}的联盟", "Alliances of {}";
    ColAlliance => "联盟名称", "Alliance";
    ColLevel => "级别", "Lvl";
    ColLead => "牵头校", "Lead";
    ColMembers => "成员", "Mem";
    ColMemberStudents => "学生", "Pupils";
    ColRural => "乡村", "Rural";
    ColFounded => "成立", "Founded";
    ColState => "状态", "State";
    Active => "运行", "active";
    DissolvedState => "已撤销", "dissolved";
    AllianceCount => "共 {} 个联盟", "{} alliances";
    ActiveOnly => "运行中", "active only";
    AllAlliances => "含已撤销", "with dissolved";
    NoAlliances => "没有联盟。按 {} 显示已撤销的联盟。", "No alliance. Press {} to show dissolved ones.";
    HintActiveToggle => "运行/全部", "active/all";
    // Alliance screen.
    Facts => "联盟概况", "Facts";
    FactKind => "类型", "Kind";
    FactLevel => "级别", "Level";
    FactRegion => "所属地区", "Region";
    FactLead => "牵头校", "Lead school";
    FactFounded => "成立日期", "Founded";
    FactMode => "运行模式", "Operating mode";
    FactState => "状态", "State";
    FactMembers => "成员校", "Members";
    MembersValue => "{} 所，学生 {} 人，乡村 {}", "{} schools, {} students, {} rural";
    DissolvedOn => "已于 {} 撤销", "dissolved on {}";
    MemberList => "成员校（角色、加入、退出）", "Members (role, joined, left)";
    Left => "退出 {}", "left {}";
    Activities => "活动记录", "Activities";
    Totals => "按类型和年度合计（次数）", "Totals by kind and year (count)";
    NoActivities => "暂无活动记录", "No activity recorded";
    Year => "年度", "Year";
    Total => "合计", "Total";
    HintAddMember => "加入成员", "add member";
    HintRemoveMember => "移出", "member leaves";
    HintMakeLead => "改牵头", "make lead";
    HintDissolve => "解散", "dissolve";
    HintActivity => "记活动", "log activity";
    HintMembersLedger => "成员台账", "members' ledger";
    AddMemberTitle => "加入成员：{}", "Add member: {}";
    RemoveMemberTitle => "成员退出：{}", "Member leaves: {}";
    MakeLeadTitle => "改由 {} 牵头", "Make {} the lead";
    DissolveTitle => "解散联盟：{}", "Dissolve: {}";
    ActivityTitle => "记录活动", "Log an activity";
    FRole => "角色", "Role";
    FActivityKind => "活动类型", "Kind";
    FParticipants => "参与人次", "Participants";
    FRotated => "轮岗教师数", "Teachers rotated";
    FRotatedBackbone => "其中骨干", "of them backbone";
    FActivityNote => "内容", "Note";
    MemberAdded => "已加入成员：{}", "Member added: {}";
    MemberRemoved => "已登记退出：{}（记录保留）", "Recorded as left: {} (history kept)";
    LeadChanged => "牵头校已改为：{}", "Lead school is now {}";
    Dissolved => "联盟已撤销（记录保留）。", "Alliance dissolved (records kept).";
    ActivityAdded => "已记录活动。", "Activity logged.";
    NoMemberSelected => "请先用上下键选中一所在册成员校。", "Select a current member first (Up/Down).";
    AlreadyDissolved => "联盟已撤销，不能再修改成员或活动。", "The alliance is dissolved; members and activities can no longer change.";
    // Alliance rule messages.
    ErrLeadCount => "联盟必须有且只有一所牵头校（现在会有 {} 所）。", "An alliance needs exactly one lead school (this would make {}).";
    ErrLeadLeaving => "牵头校不能直接退出：请先把另一所成员校设为牵头校（m）。", "The lead school cannot leave: make another member the lead first (m).";
    ErrLevelLimit => "该校已在 {} 个同级联盟中（{}），按设置每级最多 {} 个。请先让它退出那个联盟，或由管理员调整设置 alliances_per_level。", "The school already sits in {} alliance(s) of this level ({}); the setting allows {}. Let it leave that one first, or ask an administrator to change alliances_per_level.";
    ErrOutsideRegion => "该校属于 {}，不在本联盟的范围 {} 内（县级联盟限本县，市级联盟限本市）。", "The school belongs to {}, outside this alliance's area {} (county alliances: the county; city alliances: the prefecture).";
    ErrDateOrder => "{}不能早于{}。", "{} cannot come before {}.";
    ErrAlreadyMember => "该校已是本联盟的在册成员。", "The school is already a current member.";
    ErrNotMember => "该校不是本联盟的在册成员。", "The school is not a current member.";
    ErrDissolved => "联盟已撤销，不能再修改。", "The alliance is dissolved and cannot change.";
    ErrClosedSchool => "该校已撤并，不能加入联盟。", "The school is closed and cannot join.";
    ErrRegionLevel => "市级联盟属于地级市，县级联盟属于县。", "A city-level alliance belongs to a prefecture, a county-level one to a county.";
    ErrOfField => "{}：{}", "{}: {}";
    // New alliance and editing its facts.
    NewAlliance => "新建联盟", "New alliance";
    EditAlliance => "编辑联盟", "Edit alliance";
    FormNote => "新建后牵头校自动成为成员（加入日期为成立日期）。", "The lead school becomes a member on the founded date.";
    HintNewAlliance => "新建联盟", "new alliance";
    HintEditAlliance => "编辑", "edit";
    AllianceCreated => "已新建联盟：{}（牵头校 {}）", "Alliance created: {} (lead school {})";
    AllianceSaved => "已保存联盟：{}", "Alliance saved: {}";
    NewAllianceWhere => "新建联盟请在县或地级市的联盟名单中进行。", "Create an alliance from a county's or a prefecture's alliance list.";
}}

impl Label for SizeFlag {
    fn label(&self) -> &'static str {
        match self {
            SizeFlag::LargeClass => S::FlagLargeClass.s(),
            SizeFlag::HugeClass => S::FlagHugeClass.s(),
            SizeFlag::LargeSchool => S::FlagLargeSchool.s(),
            SizeFlag::SmallSchool => S::FlagSmallSchool.s(),
        }
    }
}

/// A short label of a school type for narrow table columns (at most 6 columns wide).
pub fn kind_short(k: SchoolKind) -> &'static str {
    match k {
        SchoolKind::Primary => S::KindPrimary.s(),
        SchoolKind::Junior => S::KindJunior.s(),
        SchoolKind::NineYear => S::KindNine.s(),
        SchoolKind::TwelveYear => S::KindTwelve.s(),
        SchoolKind::CompleteMiddle => S::KindComplete.s(),
        SchoolKind::Special => S::KindSpecial.s(),
        SchoolKind::TeachingPoint => S::KindPoint.s(),
    }
}

/// A two-character label of an activity kind, for the totals table.
pub fn activity_short(k: ActivityKind) -> &'static str {
    match k {
        ActivityKind::Research => S::ActResearch.s(),
        ActivityKind::TeachingVisit => S::ActVisit.s(),
        ActivityKind::Rotation => S::ActRotation.s(),
        ActivityKind::Training => S::ActTraining.s(),
        ActivityKind::Monitoring => S::ActMonitoring.s(),
        ActivityKind::Other => S::ActOther.s(),
    }
}

/// A field's label in the current language (one function for every record's table).
pub use super::ledger::label_of as label;

/// The label of `key` in the first of `tables` that has it; the key itself when none does
/// (a field missing from its table shows up, it does not go blank).
fn label_in<'k>(tables: &[&'static [Field]], key: &'k str) -> &'k str {
    tables.iter().flat_map(|t| t.iter()).find(|f| f.key == key).map(label).unwrap_or(key)
}

/// The label of a school field key (messages, audit history).
pub fn field_label(key: &str) -> &str {
    label_in(&[school_rules::FIELDS], key)
}

/// The label of a county-facts field key.
pub fn facts_label(key: &str) -> &str {
    label_in(&[county::FIELDS], key)
}

/// The label of an alliance field key (its forms, refusals); a refusal's `lead` is the lead
/// school, its `school` a school's name.
pub fn alliance_field_label(key: &str) -> &str {
    match key {
        "lead" => label_in(&[alliance::FIELDS], "lead_school_id"),
        "school" => field_label("name"),
        _ => label_in(&[alliance::FIELDS, alliance::EVENT_FIELDS], key),
    }
}

fn pairs<T: Label + Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&v| (code(v), v.label())).collect()
}

/// The (code, label) options of a named code list (`Kind::Choice`), in list order.
pub fn choices(list: &str) -> Vec<(&'static str, &'static str)> {
    match list {
        school_rules::KIND_LIST => pairs(SchoolKind::ALL, SchoolKind::code),
        school_rules::LOCATION_LIST => pairs(Location::ALL, Location::code),
        county::QUALITY_LIST => pairs(QualityStatus::ALL, QualityStatus::code),
        alliance::KIND_LIST => pairs(AllianceKind::ALL, AllianceKind::code),
        alliance::LEVEL_LIST => pairs(AllianceLevel::ALL, AllianceLevel::code),
        _ => Vec::new(),
    }
}

/// A stored value as a person reads it: a choice's label, anything else as it is.
pub fn shown(f: &Field, value: &str) -> String {
    match f.kind {
        crate::domain::fields::Kind::Choice(list) => {
            choices(list).into_iter().find(|(c, _)| *c == value).map(|(_, l)| l.to_string()).unwrap_or(value.into())
        }
        _ => value.to_string(),
    }
}

/// The sentence for a number or year that does not parse or fit.
pub fn number_error(e: &FieldError) -> String {
    use super::T;
    match e {
        FieldError::NotInteger => T::ErrNotInteger.s().to_string(),
        FieldError::NotNumber => T::ErrNotNumber.s().to_string(),
        FieldError::Negative => T::ErrNegative.s().to_string(),
        FieldError::Year { min, max } => fill(T::ErrYear.s(), &[min, max]),
        FieldError::TargetBeforeStart => T::ErrYearOrder.s().to_string(),
        FieldError::TooLong(n) => fill(S::ErrTooLong.s(), &[n]),
    }
}

pub fn date_error(e: &DateError) -> String {
    match e {
        DateError::Format => S::ErrDate.s().into(),
        DateError::Future => S::ErrFuture.s().into(),
    }
}

pub fn school_error(e: &SchoolError) -> String {
    match e {
        SchoolError::Required => S::ErrRequired.s().into(),
        SchoolError::TooLong(n) => fill(S::ErrTooLong.s(), &[n]),
        SchoolError::CodeLength(n) => fill(S::ErrCodeLength.s(), &[n]),
        SchoolError::CodeDigits => S::ErrCodeDigits.s().into(),
        SchoolError::CodeCategory { found, expected } => {
            let sep = if super::lang() == Lang::Zh { "或" } else { " or " };
            fill(S::ErrCodeCategory.s(), &[found, &expected.join(sep)])
        }
        SchoolError::CodeProvince(p) => fill(S::ErrCodeProvince.s(), &[p]),
        SchoolError::CodeTaken { code, holder } => fill(S::ErrCodeTaken.s(), &[code, holder]),
        SchoolError::Number(f) => number_error(f),
        SchoolError::ClassesOverStudents => S::ErrClassesOver.s().into(),
        SchoolError::LargestClassOverStudents => S::ErrLargestOver.s().into(),
        SchoolError::LargestBelowAverage(a) => fill(S::ErrLargestBelow.s(), &[a]),
        SchoolError::BoardingOverStudents => S::ErrBoardingOver.s().into(),
        SchoolError::TeachersNeeded => S::ErrTeachersNeeded.s().into(),
        SchoolError::PartOverStudents => S::ErrPartOver.s().into(),
        SchoolError::PartOverTeachers => S::ErrPartOverTeachers.s().into(),
        SchoolError::SplitSum(n) => fill(S::ErrSplitSum.s(), &[n]),
        SchoolError::Date(d) => date_error(d),
        SchoolError::ClosedBeforeOpened => S::ErrClosedBeforeOpened.s().into(),
        SchoolError::MergedWithoutClosing => S::ErrMergedWithoutClosing.s().into(),
        SchoolError::MergedIntoItself => S::ErrMergedItself.s().into(),
        SchoolError::UnknownSchool => S::ErrUnknownSchool.s().into(),
    }
}

/// The sentence for a refused alliance change; `region_name` turns codes into names.
pub fn alliance_error(e: &AllianceError, region_name: impl Fn(&str) -> String) -> String {
    match e {
        AllianceError::LeadCount(n) => fill(S::ErrLeadCount.s(), &[n]),
        AllianceError::LeadLeaving => S::ErrLeadLeaving.s().into(),
        AllianceError::LevelLimit { limit, other } => fill(S::ErrLevelLimit.s(), &[limit, other, limit]),
        AllianceError::OutsideRegion { school_county, region } => {
            fill(S::ErrOutsideRegion.s(), &[&region_name(school_county), &region_name(region)])
        }
        AllianceError::DateOrder(later, earlier) => {
            fill(S::ErrDateOrder.s(), &[&alliance_field_label(later), &alliance_field_label(earlier)])
        }
        AllianceError::AlreadyMember => S::ErrAlreadyMember.s().into(),
        AllianceError::NotMember => S::ErrNotMember.s().into(),
        AllianceError::Dissolved => S::ErrDissolved.s().into(),
        AllianceError::ClosedSchool => S::ErrClosedSchool.s().into(),
        AllianceError::RegionLevel => S::ErrRegionLevel.s().into(),
        AllianceError::Required(field) => fill(S::ErrOfField.s(), &[&alliance_field_label(field), &S::ErrRequired.s()]),
        AllianceError::TooLong(field, n) => {
            fill(S::ErrOfField.s(), &[&alliance_field_label(field), &fill(S::ErrTooLong.s(), &[n])])
        }
        AllianceError::Date(field, d) => fill(S::ErrOfField.s(), &[&alliance_field_label(field), &date_error(d)]),
    }
}

/// The sentence for a rule a refused write broke (`WriteError::Invalid`); `region_name`
/// names region codes. `Rule::Field` says nothing more than the field it marks.
pub fn rule_error(rule: &Rule, region_name: impl Fn(&str) -> String) -> String {
    match rule {
        Rule::School(e) => school_error(e),
        Rule::Alliance(e) => alliance_error(e, region_name),
        Rule::Month(e) => super::month::month_error(e),
        Rule::Item(e) => super::items::item_error(e),
        Rule::Recheck(e) => super::month::recheck_error(e),
        Rule::History(e) => super::history::history_error(e),
        Rule::Field => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of every table of this module has a label in both languages, and a
    /// field's label is looked up, never left blank. (The language is process-wide, so
    /// only the current one is looked up here; both are read from the tables directly.)
    #[test]
    fn every_field_has_both_labels() {
        let tables = [school_rules::FIELDS, county::FIELDS, alliance::FIELDS, alliance::EVENT_FIELDS];
        for f in tables.iter().flat_map(|t| t.iter()) {
            assert!(!f.zh.trim().is_empty() && !f.en.trim().is_empty(), "{}", f.key);
            if let crate::domain::fields::Kind::Choice(list) = f.kind {
                assert!(!choices(list).is_empty(), "{}: no options for {list}", f.key);
            }
        }
        for f in school_rules::FIELDS {
            assert_eq!(field_label(f.key), label(f));
        }
        for f in county::FIELDS {
            assert_eq!(facts_label(f.key), label(f));
        }
        assert_eq!(field_label("no_such_field"), "no_such_field");
        assert_eq!(alliance_field_label("lead"), alliance_field_label("lead_school_id"));
        assert_eq!(alliance_field_label("joined_on"), label(&alliance::EVENT_FIELDS[0]));
    }
}
