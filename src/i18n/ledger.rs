//! Strings of the ledger screens (控辍保学台账).

texts! { L {
    Ledger => "台账", "Ledger";
    LedgerOf => "{}台账", "{} ledger";
    NewCase => "登记新案件", "New case";
    EditCase => "编辑案件", "Edit case";
    CaseTitle => "案件", "Case";
    ColName => "姓名", "Name";
    ColSchool => "学校", "School";
    ColGrade => "年级", "Grade";
    ColStatus => "状态", "Status";
    ColReason => "原因", "Reason";
    ColRegistered => "登记日期", "Registered";
    ColLastVisit => "最近劝返", "Last visit";
    ColResponsible => "包保责任人", "In charge";
    ColId => "身份证号", "ID number";
    DaysAgo => "{}天前", "{}d ago";
    Never => "未劝返", "none";
    Empty => "没有符合条件的案件。按 Esc 清除筛选，按 {} 登记新案件。", "No case matches. Esc clears the filter, {} registers a new case.";
    Count => "共 {} 件", "{} cases";
    CountUnknown => "数量较多", "many";
    Position => "第 {} 行", "row {}";
    OpenOnly => "未结案件", "open cases";
    ClosedOnly => "已结案件", "closed cases";
    AllCases => "全部案件", "all cases";
    SortBy => "排序：{}{}", "sort: {}{}";
    Desc => "（降序）", " (desc)";
    Asc => "（升序）", " (asc)";
    SortRegistered => "登记日期", "registered";
    SortName => "姓名", "name";
    SortLastVisit => "最近劝返", "last visit";
    Search => "搜索", "Search";
    SearchHint => "姓名开头、拼音首字母（zmw）或身份证号末几位", "start of name, pinyin initials (zmw) or last digits of the ID";
    FilterTitle => "筛选", "Filter";
    Any => "（全部）", "(any)";
    FOpen => "结案情况", "Open/closed";
    FLedger => "台账", "Ledger";
    FStatus => "状态", "Status";
    FGrade => "年级", "Grade";
    FReason => "原因", "Reason";
    FFamily => "家庭类型", "Family type";
    FPerson => "包保责任人", "Responsible person";
    FOverdue => "超过 N 天未劝返", "No visit for N days";
    FSchool => "学校", "School";
    Yes => "是", "yes";
    FilterOverdue => "超{}天未劝返", "no visit {}d+";
    HintSearch => "搜索", "search";
    HintFilterForm => "筛选", "filter";
    HintOpenToggle => "未结/全部", "open/all";
    HintSort => "排序", "sort";
    HintNew => "登记", "new";
    HintAction => "办理", "action";
    HintReveal => "显示证号", "reveal ID";
    HintTimelinePage => "办理记录翻页", "scroll the timeline";
    HintUndo => "撤销", "undo";
    HintLog => "记录", "log";
    HintLedger => "台账", "ledger";
    Revealed => "已显示完整身份证号、学籍号和出生日期（已记入审计日志）。", "Full ID numbers, student number and date of birth shown (written to the audit log).";
    LockedField => "{}已隐藏：按 {} 显示后才能修改（记入审计日志）。", "{} is masked: press {} to show it before editing (written to the audit log).";
    NoUndo => "没有可撤销的修改（只能撤销您本次会话的最后一次修改）。", "Nothing to undo (only your own last change in this session).";
    Undone => "已撤销上一次修改（作为一次新的修改记录）。", "Your last change was undone (recorded as a new change).";
    // Case view.
    Fields => "基本信息", "Details";
    Timeline => "办理记录", "Timeline";
    History => "修改记录", "Change history";
    NoEvents => "暂无记录", "none yet";
    Masked => "（已隐藏，按 {} 显示）", " (masked; {} shows it)";
    // Form fields: their labels are in `domain::case::FIELDS`.
    FieldInitialStatus => "登记为", "Register as";
    Male => "男", "male";
    Female => "女", "female";
    Unknown => "未填", "not given";
    ChooseSchool => "选择学校", "Choose a school";
    ChooseFamily => "家庭类型（空格勾选，Enter 确定）", "Family types (Space ticks, Enter confirms)";
    ChooseAction => "办理", "Action";
    None => "（无）", "(none)";
    // Errors.
    ErrRequired => "必填。", "Required.";
    ErrTooLong => "不能超过 {} 个字。", "At most {} characters.";
    ErrIdLength => "身份证号应为 18 位，现在是 {} 位。", "An ID number has 18 characters; this has {}.";
    ErrIdChar => "第 {} 位不是数字（只有最后一位可以是 X）。", "Character {} is not a digit (only the last may be X).";
    ErrIdDate => "身份证号中的出生日期（第 7-14 位）不是有效日期。", "The birth date in the ID number (characters 7-14) is not a real date.";
    ErrIdFuture => "身份证号中的出生日期在今天之后。", "The birth date in the ID number is in the future.";
    ErrIdCheck => "校验位不对：按前 17 位应为 {}。请核对是否输错。", "Wrong check character: the first 17 give {}. Check for a typo.";
    ErrSexMismatch => "与身份证号不符（身份证号表示{}）。", "Does not match the ID number (which says {}).";
    ErrSex => "请填 男 或 女。", "Enter male or female (M/F).";
    ErrBirthMismatch => "与身份证号不符（身份证号表示 {}）。", "Does not match the ID number ({}).";
    ErrDate => "应为日期，如 2026-11-23、2026/11/23、2026年11月23日。", "Write a date: 2026-11-23, 2026/11/23 or 2026.11.23.";
    ErrFuture => "日期不能晚于今天。", "The date cannot be after today.";
    ErrDateBefore => "不能早于{}。", "Cannot be before {}.";
    ErrPhone => "应为 11 位手机号，或带区号的固话，如 0456-8123456。", "Mobile (11 digits) or landline with area code: 0456-8123456.";
    ErrPhoneArea => "固定电话要带区号，如 0456-8123456。", "A landline needs its area code: 0456-8123456.";
    ErrNameChar => "第 {} 个字「{}」不是姓名用字：只能用汉字、字母和 ·。", "Character {} (“{}”) is not used in names: letters and · only.";
    ErrNameSep => "间隔号 ·、空格、连字符只能夹在两个字之间。", "·, spaces and hyphens go only between two letters.";
    ErrStudentNo => "学籍号应为 G+身份证号，或 J/L 加 18 位字母数字。", "A student number is G + ID number, or J/L + 18 letters/digits.";
    ErrStudentNoId => "G 开头的学籍号应为 G+本人身份证号。", "A G student number must be G + this child's ID number.";
    ErrRegion => "户籍地代码应为 6 位地区代码，如 231123。", "A household registration code is a 6-digit region code, e.g. 231123.";
    ErrGrade => "年级应为 1-9。", "Grade must be 1-9.";
    ErrRange => "应为 {} 到 {} 之间的整数。", "Must be a whole number from {} to {}.";
    ErrSchool => "请按 Enter 从列表中选择学校。", "Press Enter and choose a school from the list.";
    ErrFamily => "未知的家庭类型：{}。", "Unknown family type: {}.";
    ErrReason => "请从列表中选择原因。", "Choose a reason from the list.";
    Duplicate => "此儿童已有未结案件：{}（编号 {}），已为您打开该案件，未新建。", "This child already has an open case: {} (no. {}); it is shown instead of creating a duplicate.";
    SavedCase => "已保存案件 {}。", "Case {} saved.";
    DraftDiscarded => "已放弃未保存的输入。", "Unsaved input discarded.";
    DuplicateElsewhere => "此儿童已在其他学校有未结案件（由{}负责），未新建。可转移该案件的县级管理员：{}。", "This child already has an open case at another school (the responsibility of {}); nothing was created. The administrators who can move that case: {}.";
    DuplicateNoAdmin => "此儿童已在其他学校有未结案件（由{}负责），未新建。该地区尚无管理员，请与教育局联系。", "This child already has an open case at another school (the responsibility of {}); nothing was created. That region has no administrator yet: please contact the bureau.";
    // Workflow.
    StepDate => "日期", "Date";
    StepLine => "责任线", "Line";
    StepWho => "经办人", "Done by";
    StepMethod => "方式", "Method";
    StepOutcome => "结果", "Outcome";
    StepSchool => "复学学校", "School returned to";
    StepBasis => "销号依据", "Basis for closing";
    StepCloser => "销号人", "Closed by";
    StepReason => "原因/说明", "Reason";
    StepDone => "已办理：{}。", "Done: {}.";
    StepIllegal => "当前状态“{}”不能办理“{}”。", "\"{}\" cannot be done from status \"{}\".";
    StepBeforeRegistered => "不能早于登记日期 {}。", "Cannot be before the registration date {}.";
    LineGov => "政府", "government";
    LineEdu => "教育", "education";
    MethodHome => "入户", "home visit";
    MethodPhone => "电话", "phone";
    MethodInterview => "约谈", "interview";
    MethodNotice => "限期返校通知书", "return notice";
    StepTeacher => "送教教师", "Teacher";
    StepHours => "学时", "Hours";
    StepContent => "送教内容", "Content taught";
    StepResponse => "学生反应", "Child's response";
    StepChecker => "回访人", "Checked by";
    StepAttending => "是否在校", "Attending";
    StepNote => "情况说明", "Note";
    AttendingYes => "在校", "attending";
    AttendingNo => "未在校", "not attending";
    ErrHours => "学时应为 0.5 到 12 之间的数字（最多一位小数），如 2 或 1.5。", "Hours: a number from 0.5 to 12 (one decimal at most), e.g. 2 or 1.5.";
    ActSession => "送教记录（记录一次送教）", "Home teaching session";
    EvSession => "送教", "session";
    EvCheck => "跟踪回访", "check";
    EvHours => "{} 学时", "{} h";
    EvContent => "内容：{}", "taught: {}";
    EvResponse => "反应：{}", "response: {}";
    ActMarkSuspected => "标记疑似辍学", "Mark suspected";
    ActConfirmDropout => "确认辍学（登记）", "Confirm dropout";
    ActTrackingCheck => "跟踪回访（每月一次）", "Tracking check (monthly)";
    ActAddVisit => "劝返（记录一次走访）", "Persuasion visit";
    ActReturn => "复学", "Returned to school";
    ActStartTracking => "转入跟踪巩固", "Start tracking";
    ActClose => "销号", "Close (销号)";
    ActTransfer => "转学", "Transferred";
    ActHomeTeaching => "送教上门", "Home teaching";
    ActInclusive => "随班就读", "Inclusive class";
    ActSpecialSchool => "特教学校", "Special school";
    ActSickLeave => "因病休学", "Sick leave";
    ActDeceased => "死亡", "Deceased";
    ActOther => "其他", "Other";
    ActReopen => "重新打开", "Reopen";
    ActVoid => "作废（误登记）", "Void (entered by mistake)";
    EvVisit => "劝返", "visit";
    EvTransition => "状态变更", "status change";
    EvReopen => "重新打开", "reopened";
    EvVoid => "作废", "voided";
    EvHomeTeaching => "送教上门", "home teaching";
    Reveal => "查看证号", "ID revealed";
    Insert => "登记", "created";
    Update => "修改", "changed";
}}

use super::io::X;
use super::{fill, Label, T};
use crate::domain::case::{self, CaseError};
use crate::domain::case_status::CaseAction;
use crate::domain::codes::Reason;
use crate::domain::dates::DateError;
use crate::domain::fields::{self, Field, Kind};
use crate::domain::id_number::IdError;
use crate::domain::person_name::NameError;
use crate::domain::phone::PhoneError;
use crate::domain::workflow;
use std::borrow::Cow;

/// The sentence for a field's error.
pub fn case_error(e: &CaseError) -> String {
    match e {
        CaseError::Required => L::ErrRequired.s().into(),
        CaseError::TooLong(n) => fill(L::ErrTooLong.s(), &[n]),
        CaseError::Id(IdError::Length(n)) => fill(L::ErrIdLength.s(), &[n]),
        CaseError::Id(IdError::BadCharacter(p)) => fill(L::ErrIdChar.s(), &[p]),
        CaseError::Id(IdError::BadDate) => L::ErrIdDate.s().into(),
        CaseError::Id(IdError::FutureDate) => L::ErrIdFuture.s().into(),
        CaseError::Id(IdError::CheckCharacter(c)) => fill(L::ErrIdCheck.s(), &[c]),
        CaseError::SexMismatch(s) => fill(L::ErrSexMismatch.s(), &[&sex_label(s)]),
        CaseError::BadSex => L::ErrSex.s().into(),
        CaseError::BirthMismatch(d) => fill(L::ErrBirthMismatch.s(), &[d]),
        CaseError::Date(DateError::Format) => L::ErrDate.s().into(),
        CaseError::Date(DateError::Future) => L::ErrFuture.s().into(),
        CaseError::DateBefore(field) => fill(L::ErrDateBefore.s(), &[&field_label(field)]),
        CaseError::Phone(PhoneError::Format) => L::ErrPhone.s().into(),
        CaseError::Phone(PhoneError::NoAreaCode) => L::ErrPhoneArea.s().into(),
        CaseError::Name(NameError::Character(c, at)) => fill(L::ErrNameChar.s(), &[at, c]),
        CaseError::Name(NameError::Separator) => L::ErrNameSep.s().into(),
        CaseError::StudentNo => L::ErrStudentNo.s().into(),
        CaseError::StudentNoId => L::ErrStudentNoId.s().into(),
        CaseError::RegionCode => L::ErrRegion.s().into(),
        CaseError::Grade => L::ErrGrade.s().into(),
        CaseError::Range(min, max) => fill(L::ErrRange.s(), &[min, max]),
        CaseError::School => L::ErrSchool.s().into(),
        CaseError::FamilyType(t) => fill(L::ErrFamily.s(), &[t]),
        CaseError::Reason => L::ErrReason.s().into(),
    }
}

pub fn sex_label(code: &str) -> &'static str {
    match code {
        "M" => L::Male.s(),
        "F" => L::Female.s(),
        _ => L::Unknown.s(),
    }
}

/// A field's label in the current language.
pub fn label_of(f: &Field) -> &'static str {
    match super::lang() {
        super::Lang::Zh => f.zh,
        super::Lang::En => f.en,
    }
}

/// A case field's label, by its column name (audit rows, messages); the status too. An
/// unknown key is shown as itself, never as nothing.
pub fn field_label(key: &str) -> &str {
    case_field_label(key).unwrap_or(key)
}

/// The label of a column of a case: a field, a workflow column (status, ledger, the
/// steps' dates …) or its county; `None` for any other key.
pub fn case_field_label(key: &str) -> Option<&'static str> {
    let county = Some(&workflow::COUNTY).filter(|f| f.key == key);
    case::field(key).or_else(|| fields::find(workflow::FIELDS, key)).or(county).map(label_of)
}

/// A case field's stored value as people read it: codes as their labels, personal data
/// masked unless `revealed`. The one place that decides how a case field is shown (the
/// case view, the export). Sex reads 男/女 or M/F, which the import reads back.
pub fn field_shown<'v>(f: &Field, value: &'v str, revealed: bool) -> Cow<'v, str> {
    if f.is_personal() && !revealed {
        return f.masked(value).into();
    }
    let list_sep = T::ListSep.s().trim();
    match f.kind {
        Kind::Choice("sex") => match value {
            "M" => X::SexM.s().into(),
            "F" => X::SexF.s().into(),
            _ => "".into(),
        },
        Kind::Choice("grade") => value.parse().map_or("".into(), |g| grade_label(g).into()),
        Kind::Choice("reason") => Reason::from_code(value).map_or("".into(), |r| r.label().into()),
        Kind::Multi("family") => case::parse_family_codes(value)
            .unwrap_or_default()
            .iter()
            .map(|t| t.label())
            .collect::<Vec<_>>()
            .join(list_sep)
            .into(),
        _ => value.into(),
    }
}

pub fn action_label(a: CaseAction) -> &'static str {
    match a {
        CaseAction::MarkSuspected => L::ActMarkSuspected.s(),
        CaseAction::ConfirmDropout => L::ActConfirmDropout.s(),
        CaseAction::AddVisit => L::ActAddVisit.s(),
        CaseAction::Return => L::ActReturn.s(),
        CaseAction::StartTracking => L::ActStartTracking.s(),
        CaseAction::TrackingCheck => L::ActTrackingCheck.s(),
        CaseAction::Close => L::ActClose.s(),
        CaseAction::Transfer => L::ActTransfer.s(),
        CaseAction::HomeTeaching => L::ActHomeTeaching.s(),
        CaseAction::Session => L::ActSession.s(),
        CaseAction::Inclusive => L::ActInclusive.s(),
        CaseAction::SpecialSchool => L::ActSpecialSchool.s(),
        CaseAction::SickLeave => L::ActSickLeave.s(),
        CaseAction::Deceased => L::ActDeceased.s(),
        CaseAction::Other => L::ActOther.s(),
        CaseAction::Reopen => L::ActReopen.s(),
        CaseAction::Void => L::ActVoid.s(),
    }
}

/// 一年级 … 九年级 (Chinese), grade 1 … 9 (English); "" outside 1–9.
/// A grade in a narrow table cell: 三年级 / "gr. 3" (six columns).
pub fn grade_short(g: i64) -> &'static str {
    const EN: [&str; 9] = ["gr. 1", "gr. 2", "gr. 3", "gr. 4", "gr. 5", "gr. 6", "gr. 7", "gr. 8", "gr. 9"];
    match super::lang() {
        super::Lang::Zh => grade_label(g),
        super::Lang::En => usize::try_from(g - 1).ok().and_then(|i| EN.get(i)).copied().unwrap_or(""),
    }
}

pub fn grade_label(g: i64) -> &'static str {
    const ZH: [&str; 9] = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"];
    const EN: [&str; 9] =
        ["grade 1", "grade 2", "grade 3", "grade 4", "grade 5", "grade 6", "grade 7", "grade 8", "grade 9"];
    let table = match super::lang() {
        super::Lang::Zh => &ZH,
        super::Lang::En => &EN,
    };
    usize::try_from(g - 1).ok().and_then(|i| table.get(i)).copied().unwrap_or("")
}

/// The sentence for a child who already has an open case outside the session's scope: the
/// responsible county and who can move the case, never the case itself.
pub fn duplicate_elsewhere(dup: &crate::db::cases::Duplicate) -> String {
    use crate::db::cases::Duplicate;
    match dup {
        Duplicate::Elsewhere { region_name, admins, .. } if admins.is_empty() => {
            fill(L::DuplicateNoAdmin.s(), &[region_name])
        }
        Duplicate::Elsewhere { region_name, admins, .. } => {
            fill(L::DuplicateElsewhere.s(), &[region_name, &admins.join(crate::i18n::T::ListSep.s())])
        }
        Duplicate::Visible { name, case_id } => fill(L::Duplicate.s(), &[name, case_id]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_field_has_a_label_in_both_languages() {
        for f in case::FIELDS {
            assert!(!f.zh.trim().is_empty() && !f.en.trim().is_empty(), "{}", f.key);
            assert_eq!(case_field_label(f.key), Some(label_of(f)));
        }
        assert_eq!(field_label("no_such_field"), "no_such_field");
    }
}
