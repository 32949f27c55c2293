//! Strings of a school's dated history: the changes, their refusals, the school's history
//! screen, `taizhang school change` and the table by year (`report history`).

use super::{fill, Label, Lang};
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::history::{Change, HistoryError};

texts! { H {
    // The changes.
    Rename => "更名", "Renamed";
    Retype => "类型变更", "Type changed";
    Operator => "举办者变更", "Operator changed";
    Location => "城乡分类变更", "Place changed";
    Merge => "并入他校", "Merged into";
    Close => "撤销", "Closed";
    Open => "开办", "Opened";
    // Refusals.
    ErrRequired => "必填。", "Required.";
    ErrTooLong => "最多 {} 个字。", "At most {} characters.";
    ErrUnknownChange => "不认识的变更类别“{}”。可用：{}。", "Unknown change “{}”. Use one of: {}.";
    ErrUnknownChoice => "不认识的取值“{}”。可用：{}。", "Unknown value “{}”. Use one of: {}.";
    ErrSchoolClosed => "这所学校已于 {} 撤并，不再记录变更。", "This school closed on {}; it takes no further change.";
    ErrBeforeOpened => "不能早于建校日期 {}。", "Cannot be before the school opened ({}).";
    ErrBeforeLast => "变更须按时间顺序记录：这所学校最近一次变更在 {}，日期不能早于它。", "Changes are recorded in order: this school's latest change is on {}; the date cannot be earlier.";
    ErrUnchanged => "与现在的相同，无需记录。", "Same as now: nothing to record.";
    ErrCodeCategory => "学校标识码 {} 的类别与新类型不符（应为 {}）：先在学校表单中改正标识码。", "School code {} does not fit the new type (expected {}): correct the code in the school form first.";
    ErrIntoItself => "不能并入自己。", "A school cannot merge into itself.";
    ErrUnknownSchool => "找不到并入的学校。", "The school to merge into does not exist.";
    ErrIntoClosed => "{} 已于 {} 撤并，不能并入：选一所在办学校。", "{} closed on {}; choose an open school to merge into.";
    ErrIntoOtherCounty => "{} 不在本县区：只能并入同一县区的学校。", "{} is in another county: merge into a school of the same county.";
    ErrAlreadyOpened => "建校日期已记录为 {}；如需更正，请在学校表单中修改。", "The opening is recorded as {}; correct it in the school form if it is wrong.";
    ErrOpenAfterChange => "开办日期不能晚于已记录的变更（{}）。", "The opening cannot be after a change already recorded ({}).";
    // The school's history screen.
    Title => "{} 沿革", "{}: history";
    Context => "学校沿革", "School history";
    Now => "现状", "Now";
    OperatorNow => "举办者", "Operator";
    Absorbed => "并入本校", "Merged into it";
    AbsorbedList => "{} 所：{}", "{}: {}";
    OperatorUnknown => "（未记录）", "(not recorded)";
    Empty => "尚无记录的变更。按 b 记录一次变更（更名、类型、举办者、城乡、并入、撤销）。", "No change recorded yet. Press b to record one (name, type, operator, place, merge, close).";
    FromColumns => "（据学校信息）", "(from the school's record)";
    HintChange => "记录变更", "record a change";
    HintHistory => "沿革", "history";
    ChooseChange => "选择变更类别", "Choose the kind of change";
    FormTitle => "{}：{}", "{}: {}";
    Saved => "已记录：{} {} {}", "Recorded: {} {} {}";
    Gone => "这所学校已不在你的范围内。", "This school is no longer within your scope.";
    // `taizhang school change`.
    CliUnknownSchool => "找不到标识码为 {} 的学校。用 taizhang export schools 查看标识码。", "No school has the code {}. See the codes with taizhang export schools.";
    CliNeedValue => "{} 需要 {}。", "{} needs {}.";
    CliNoValue => "{} 不接受 --to 或 --into。", "{} takes neither --to nor --into.";
    CliRefused => "未记录（{}）：{}", "Not recorded ({}): {}";
    CliNoChanges => "{} 尚无记录的变更。", "{} has no recorded change.";
    // The table by year.
    ReportTitle => "{}（{}）学校布局变化 {}–{} 年", "{} ({}): school changes by year, {}–{}";
    ScreenTitle => "学校布局变化", "School changes by year";
    ColYear => "年份", "Year";
    ColStart => "年初", "Start";
    ColOpened => "新建", "Opened";
    ColClosed => "撤销", "Closed";
    ColMerged => "并入", "Merged";
    ColRenamed => "更名", "Renamed";
    ColRetyped => "变更类型", "Retyped";
    ColEnd => "年末", "End";
    Total => "合计", "Total";
    MergesTitle => "撤并去向", "Consolidations";
    ColDate => "日期", "Date";
    ColSchool => "学校", "School";
    ColInto => "并入", "Into";
    NoMerges => "期间没有学校并入他校。", "No school merged into another in these years.";
    Note => "年初、年末为当时在办的学校数；建校日期未填的学校按一直存在计；撤销不含并入。", "Start and end are the schools open then; a school without an opening date counts as always open; closed excludes merged.";
    PartsTitle => "各县区", "By part";
    BadFrom => "--from {} 不是可用的年份（{}–{}）。", "--from {} is not a usable year ({}–{}).";
    HintReport => "布局变化", "school changes";
    HintYears => "起始年", "first year";
    Written => "已写出 {}。", "Written to {}.";
}}

/// A change as a person reads it.
pub fn change_label(c: Change) -> &'static str {
    match c {
        Change::Rename => H::Rename.s(),
        Change::Retype => H::Retype.s(),
        Change::Operator => H::Operator.s(),
        Change::Location => H::Location.s(),
        Change::Merge => H::Merge.s(),
        Change::Close => H::Close.s(),
        Change::Open => H::Open.s(),
    }
}

/// The `--kind` words, for a message that lists them.
pub fn change_words() -> String {
    Change::ALL.iter().map(|c| format!("{} ({})", c.word(), change_label(*c))).collect::<Vec<_>>().join(", ")
}

/// A stored value of `change` as a person reads it: a type's or a place's label.
pub fn value_shown(change: Change, value: &str) -> String {
    match change {
        Change::Retype => SchoolKind::from_code(value).map(|k| k.label().to_string()),
        Change::Location => Location::from_code(value).map(|l| l.label().to_string()),
        _ => None,
    }
    .unwrap_or_else(|| value.to_string())
}

/// The sentence for what is wrong with a change.
pub fn history_error(e: &HistoryError) -> String {
    match e {
        HistoryError::Required => H::ErrRequired.s().into(),
        HistoryError::TooLong(n) => fill(H::ErrTooLong.s(), &[n]),
        HistoryError::Date(d) => super::schools::date_error(d),
        HistoryError::UnknownChange(s) => fill(H::ErrUnknownChange.s(), &[s, &change_words()]),
        HistoryError::UnknownChoice(s, list) => {
            let labels: Vec<&str> = super::schools::choices(list).into_iter().map(|(_, l)| l).collect();
            fill(H::ErrUnknownChoice.s(), &[s, &labels.join(super::T::ListSep.s())])
        }
        HistoryError::SchoolClosed(on) => fill(H::ErrSchoolClosed.s(), &[on]),
        HistoryError::BeforeOpened(on) => fill(H::ErrBeforeOpened.s(), &[on]),
        HistoryError::BeforeLast(on) => fill(H::ErrBeforeLast.s(), &[on]),
        HistoryError::Unchanged => H::ErrUnchanged.s().into(),
        HistoryError::CodeCategory { code, expected } => {
            let sep = if super::lang() == Lang::Zh { "或" } else { " or " };
            fill(H::ErrCodeCategory.s(), &[code, &expected.join(sep)])
        }
        HistoryError::IntoItself => H::ErrIntoItself.s().into(),
        HistoryError::UnknownSchool => H::ErrUnknownSchool.s().into(),
        HistoryError::IntoClosed { name, on } => fill(H::ErrIntoClosed.s(), &[name, on]),
        HistoryError::IntoOtherCounty(name) => fill(H::ErrIntoOtherCounty.s(), &[name]),
        HistoryError::AlreadyOpened(on) => fill(H::ErrAlreadyOpened.s(), &[on]),
        HistoryError::OpenAfterChange(on) => fill(H::ErrOpenAfterChange.s(), &[on]),
    }
}

/// A history field's label, by its key.
pub fn field_label(key: &str) -> &'static str {
    crate::domain::history::field(key).map(super::ledger::label_of).unwrap_or("")
}

/// What a change did, in a few words: "更名 旧 → 新", "并入他校 南关小学", "撤销".
pub fn describe(change: Change, old: &str, new: &str) -> String {
    let (old, new) = (value_shown(change, old), value_shown(change, new));
    match (old.is_empty(), new.is_empty()) {
        (_, true) => change_label(change).to_string(),
        (true, false) => format!("{} {new}", change_label(change)),
        (false, false) => format!("{} {old} → {new}", change_label(change)),
    }
}
