//! The words of the item ledgers (销号管理) and of a school's dated history: statuses, entry
//! actions, refusals, and what the commands print.

use super::{fill, lang, Lang};
use crate::db::items::ItemKind;
use crate::domain::items::{ItemError, Status};
use crate::domain::school::SizeFlag;

texts! { IT {
    HintItems => "销号台账", "item ledgers";
    StatusOpen => "未销号", "open";
    StatusOverdue => "已超期", "overdue";
    StatusClosed => "已销号", "closed";
    ActionProgress => "进展", "progress";
    ActionClose => "销号", "closed";
    ActionReopen => "重新列入", "reopened";
    CountyLevel => "（县级）", "(county)";
    ErrRequired => "必填。", "Required.";
    ErrTooLong => "最多 {} 个字。", "At most {} characters.";
    ErrName => "姓名只能有文字、间隔号·和空格，不能有数字或符号。", "A name holds letters, the dot · and spaces only, no digits or signs.";
    ErrUnknownKind => "没有“{}”这种台账。可用：taizhang item-kind list；管理员可用 item-kind add 添加。", "There is no ledger kind \"{}\". See taizhang item-kind list; an administrator adds one with item-kind add.";
    ErrDueBeforeOpened => "完成时限不能早于列入日期。", "The target date cannot come before the opening date.";
    ErrTooEarly => "日期不能早于 {}。", "The date cannot come before {}.";
    ErrAlreadyClosed => "这一项已经销号；如问题反复，请先重新列入。", "This item is already closed; reopen it first if the problem came back.";
    ErrNotClosed => "这一项还没有销号，不需要重新列入。", "This item is not closed; there is nothing to reopen.";
    ErrKindCode => "台账代码只能用 1-20 个小写英文字母、数字或下划线，如 flood_2026。", "A kind's code is 1-20 lower-case letters, digits or _, e.g. flood_2026.";
    ErrKindTaken => "已有代码或名称为“{}”的台账。", "A ledger kind with code or name \"{}\" exists already.";
    // The command line.
    KindAdded => "已添加台账类别 {}（{}）。", "Ledger kind {} ({}) added.";
    KindsTitle => "台账类别", "Ledger kinds";
    ColCode => "代码", "Code";
    ColName => "名称", "Name";
    ColFlag => "对应标记", "Answers flag";
    ColCounty => "县区", "County";
    ColId => "编号", "No.";
    ColStatus => "状态", "Status";
    ColLastProgress => "最近进展", "Last progress";
    ListTitle => "{} 销号台账", "{} item ledger";
    ListCount => "共 {} 项：未销号 {}（其中超期 {}），已销号 {}。", "{} items: {} open ({} overdue), {} closed.";
    NeedingTitle => "有大校额、大班额标记但没有未销号台账项的学校", "Schools flagged large but with no open item";
    NeedingNone => "没有：每个有大校额、大班额标记的学校都有未销号的台账项。", "None: every school flagged large has an open item.";
    ByMonthTitle => "各月末未销号项数", "Open items at the end of each month";
    ColMonth => "月份", "Month";
    ColOpen => "未销号", "Open";
    BadFormat => "不认识的格式“{}”：请用 text 或 json。", "Unknown format \"{}\": use text or json.";
    NotFound => "没有编号为 {} 的台账项（或不在你的范围内）。", "No item numbered {} (or it is outside your scope).";
    Opened => "已列入台账：编号 {}。", "Item {} opened.";
    Progressed => "已记录第 {} 项的进展。", "Progress recorded on item {}.";
    Closed => "第 {} 项已销号。", "Item {} closed.";
    Reopened => "第 {} 项已重新列入。", "Item {} reopened.";
    FieldError => "{}：{}", "{}: {}";
    // Import and export (`io::items`).
    ColItemNo => "编号", "Item no.";
    ColCountyCode => "县区代码", "County code";
    SheetItems => "销号台账", "Item ledger";
    DuplicateItem => "台账中已有这一项（编号 {}），本行未导入。", "The ledger has this item already (no. {}); this row was not imported.";
    DuplicateInFile => "与第 {} 行的编号相同，本行未导入。", "Same item number as line {}; this row was not imported.";
    ErrItemUnknown => "台账中没有编号为 {} 的项（或属于另一个县区）：新的项请把“编号”列留空。", "The ledger has no item numbered {} (or it is another county's): leave the \"No.\" column empty for a new item.";
    ErrCountyNeeded => "没有学校的是县级台账项：请在“县区代码”列填县区代码，或导入时用 --county 指明县区。", "An item without a school belongs to a county: fill the \"County code\" column, or give --county to the import.";
    ErrCountyUnknown => "没有代码为 {} 的县区。", "No county has the code {}.";
    ErrSchoolElsewhere => "学校“{}”属于县区 {}，不是 {}：请改正县区代码或学校。", "School \"{}\" is in county {}, not {}: correct the county code or the school.";
    SchoolNotFound => "没有学校标识码或名称为“{}”的学校（在 {} 内）。", "No school with code or name \"{}\" in {}.";
}}

/// A kind's name in the current language (its Chinese name when it has no English one).
pub fn kind_label(k: &ItemKind) -> &str {
    match lang() {
        Lang::En if !k.en.is_empty() => &k.en,
        _ => &k.zh,
    }
}

/// The name of kind `code` among `kinds`, or the code itself.
pub fn kind_name<'k>(kinds: &'k [ItemKind], code: &'k str) -> &'k str {
    kinds.iter().find(|k| k.code == code).map(kind_label).unwrap_or(code)
}

pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Open => IT::StatusOpen.s(),
        Status::Overdue => IT::StatusOverdue.s(),
        Status::Closed => IT::StatusClosed.s(),
    }
}

/// An entry's action (`progress`, `close`, `reopen`) as shown.
pub fn action_label(action: &str) -> &'static str {
    match action {
        "close" => IT::ActionClose.s(),
        "reopen" => IT::ActionReopen.s(),
        _ => IT::ActionProgress.s(),
    }
}

/// A size flag's name, as the school table shows it.
pub fn flag_label(f: SizeFlag) -> &'static str {
    use super::schools::S;
    match f {
        SizeFlag::LargeClass => S::FlagLargeClass.s(),
        SizeFlag::HugeClass => S::FlagHugeClass.s(),
        SizeFlag::LargeSchool => S::FlagLargeSchool.s(),
        SizeFlag::SmallSchool => S::FlagSmallSchool.s(),
    }
}

pub fn item_error(e: &ItemError) -> String {
    match e {
        ItemError::Required => IT::ErrRequired.s().into(),
        ItemError::TooLong(n) => fill(IT::ErrTooLong.s(), &[n]),
        ItemError::Date(d) => super::schools::date_error(d),
        ItemError::Name => IT::ErrName.s().into(),
        ItemError::UnknownKind(k) => fill(IT::ErrUnknownKind.s(), &[k]),
        ItemError::DueBeforeOpened => IT::ErrDueBeforeOpened.s().into(),
        ItemError::TooEarly(d) => fill(IT::ErrTooEarly.s(), &[d]),
        ItemError::AlreadyClosed => IT::ErrAlreadyClosed.s().into(),
        ItemError::NotClosed => IT::ErrNotClosed.s().into(),
        ItemError::KindCode => IT::ErrKindCode.s().into(),
        ItemError::KindTaken(c) => fill(IT::ErrKindTaken.s(), &[c]),
    }
}

/// `field: problem` for each error, labelled from `table`.
pub fn field_errors(table: &[crate::domain::fields::Field], errors: &[(&'static str, ItemError)]) -> String {
    errors
        .iter()
        .map(|(k, e)| {
            let label = table.iter().find(|f| f.key == *k).map(super::ledger::label_of).unwrap_or(k);
            fill(IT::FieldError.s(), &[&label, &item_error(e)])
        })
        .collect::<Vec<_>>()
        .join("\n")
}
