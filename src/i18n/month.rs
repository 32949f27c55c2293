//! Strings of the month's cycle: submissions, deadlines and the missing list, corrections,
//! cases due, 复核 rounds and the school-year rollover (docs/domain.md §11).

use super::{fill, Label};
use crate::domain::submission::{MonthError, ReportState, SubmissionKind, SubmissionState};

texts! { M {
    StateSubmitted => "已报", "submitted";
    StateZero => "零报告", "zero report";
    StateMissing => "未报", "not in";
    StateOverdue => "逾期", "overdue";
    StateReturned => "退回", "returned";
    KindFigures => "报表", "figures";
    KindZero => "零报告", "zero report";
    SubSubmitted => "已上报", "submitted";
    SubWithdrawn => "已撤回", "withdrawn";
    SubAccepted => "已受理", "accepted";
    SubReturned => "已退回", "returned";
    // Refusals.
    ErrFuture => "{} 还没有到，不能上报。", "{} has not begun; it cannot be submitted yet.";
    ErrAlready => "本月已有上报（状态：{}）。如需修改，先撤回再重新上报。", "This month is already in (state: {}). To change it, withdraw it first and submit again.";
    ErrAlreadyAccepted => "本月已上报，并已被县里受理，不能再撤回；以后的变动会作为更正随下月上报。", "This month is in and the county has accepted it; it can no longer be withdrawn. Later changes go into next month's submission as corrections.";
    ErrNotZero => "不能报零报告：本月仍有 {} 名在册儿童、{} 项变动。请按实际数字上报。", "Cannot file a zero report: {} children are still open and there were {} changes this month. Submit the figures instead.";
    ErrNotSubmitted => "本月还没有上报，没有可撤回或受理的报表。", "Nothing has been submitted for this month: there is nothing to withdraw or accept.";
    ErrAccepted => "已受理的报表不能撤回。", "An accepted submission cannot be withdrawn.";
    ErrSchoolsMissing => "还有 {} 所学校未上报（如 {}），县里暂不能上报。可用 taizhang report missing 列出。", "{} schools have not submitted yet (e.g. {}), so the county cannot submit. List them with taizhang report missing.";
    ErrNoReason => "退回须写明原因（哪项数字、哪个案件不对，请怎样改），以便学校重报。", "A return needs a reason (which figure or case is wrong and what to change) so that it can be submitted again.";
    ErrUnknownSchool => "没有这所学校。", "No such school.";
    ErrRolledOver => "本学年已于 {} 升级，不再重复升级。", "This school year was already rolled over on {}; it is not done twice.";
    // Command line.
    SchoolCodeUnknown => "没有学校标识码为 {} 的学校。", "No school has the code {}.";
    NeedSchoolOrCounty => "请给出 --school 学校标识码 或 --county 县代码（二选一）。", "Give either --school CODE or --county CODE.";
    ZeroOnlySchool => "--zero 只用于学校的零报告。", "--zero is for a school's zero report only.";
    SubmittedSchool => "{} {} 已上报（{}）：期初 {}，新增疑似 {}，新增辍学 {}，复学 {}，销号 {}，期末在册 {}，失学辍学 {}；冻结在册名单 {} 人；随报更正 {} 条。", "{} {} submitted ({}): open at start {}, new suspected {}, new dropouts {}, returned {}, closed {}, open at end {}, out of school {}; open-case list of {} frozen; {} corrections carried.";
    SubmittedCounty => "{} {} 已向上级上报：期末在册 {}，失学辍学 {}。", "{} {} submitted upward: open at end {}, out of school {}.";
    Withdrawn => "{} {} 的上报已撤回（保留在历史中），可重新上报。", "The submission of {} for {} was withdrawn (kept in history); it can be submitted again.";
    Accepted => "{} {} 的上报已受理。", "The submission of {} for {} was accepted.";
    Returned => "{} {} 的上报已退回（原因：{}），保留在历史中；请其重新上报。", "The submission of {} for {} was returned (reason: {}), kept in history; it is to be submitted again.";
    NeedReason => "请用 --reason 写明退回原因。", "Give the reason for the return with --reason.";
    // Report.
    StatesTitle => "上报情况（截止日 {}）：已报 {}，零报告 {}，未报 {}，逾期 {}，退回 {}", "Submissions (deadline {}): {} submitted, {} zero reports, {} not in, {} overdue, {} returned";
    CountyIn => "县级已上报：{}（{}）", "County submitted upward: {} ({})";
    CountyReturned => "县级上报已被上级退回（{}：{}），请改后重新上报。", "The county's submission was returned by the level above ({}: {}); correct it and submit again.";
    ReturnedCell => "{}（{}）", "{} ({})";
    CountyNotIn => "县级尚未向上级上报。", "The county has not submitted upward yet.";
    ColState => "上报", "State";
    ColBy => "上报人", "By";
    ColAt => "时间", "At";
    ColFiller => "填报员", "Filler";
    ColPhone => "电话", "Phone";
    NoFiller => "（未设填报员）", "(no filler)";
    MissingTitle => "{}（{}）{} 未上报学校：{} 所（截止日 {}）", "{} ({}) {}: {} schools not in (deadline {})";
    MissingReturned => "退回（{}）：{}", "returned ({}): {}";
    MissingNone => "全部学校已上报。", "Every school has submitted.";
    CorrectionsTitle => "更正（上报后改动的已报月份）", "Corrections (changes to submitted months after they were submitted)";
    CorrectionLine => "{} 案件 #{} {}：{} 已报 {}，现为 {}（{}）", "{} case #{} {}: {} submitted {}, now {} ({})";
    CorrectionsNone => "没有更正。", "No corrections.";
    ByNobody => "改动人不明", "changed by unknown";
    // Cases due.
    DueTitle => "到期待办：{} 件（疑似超期 {}，劝返超期 {}，跟踪巩固待回访 {}）", "Cases due: {} (suspected too long {}, no visit {}, tracking check due {})";
    DueSuspected => "疑似超过 {} 天未确认", "suspected over {} days";
    DueVisit => "超过 {} 天未劝返", "no visit for over {} days";
    DueTracking => "跟踪巩固超过 {} 天未回访", "tracking: no check for over {} days";
    DueAbsent => "最近一次回访未在校", "latest check: not attending";
    DueLine => "#{} {} {} {}：{}（自 {}）", "#{} {} {} {}: {} (since {})";
    DueNone => "没有到期待办。", "Nothing due.";
    DueCount => "到期待办 {} 件", "{} cases due";
    // Screen.
    HintSubmit => "上报", "submit";
    HintZero => "零报", "zero";
    HintWithdraw => "撤回", "withdraw";
    HintAccept => "受理", "accept";
    HintReturn => "退回", "return";
    HintReturnGo => "退回", "return it";
    ReturnTitle => "退回上报", "Return a submission";
    ReturnReason => "退回原因：", "Reason: ";
    ReturnWhose => "退回 {} {} 的上报：写明哪项不对、请怎样改。", "Returning the submission of {} for {}: say what is wrong and what to change.";
    ReturnExplain => "Enter 退回（先确认），Esc 返回、不退回。", "Enter returns it (asked first); Esc goes back without returning.";
    AskReturn => "退回 {} {} 的上报？原因：{}。退回后该校需重新上报。", "Return the submission of {} for {}? Reason: {}. The school then submits it again.";
    AskAccept => "受理 {} {} 的上报？受理后该校不能再撤回。", "Accept the submission of {} for {}? The school can then no longer withdraw it.";
    DoneReturn => "{} {} 的上报已退回（原因：{}），请其重新上报。", "{} {}: submission returned (reason: {}); it is to be submitted again.";
    HintCountySubmit => "县报", "county up";
    HintCorrections => "更正", "corrections";
    HintDue => "到期", "due";
    ShortSubmitted => "已报", "in";
    ShortZero => "零报告", "zero";
    ShortMissing => "未报", "not in";
    ShortOverdue => "逾期", "late";
    ShortReturned => "退回", "returned";
    ColStateShort => "上报", "State";
    DoneSubmit => "{} {} 已上报：期末在册 {}，随报更正 {} 条。", "{} {} submitted: {} open at the end, {} corrections carried.";
    DoneZero => "{} {} 已报零报告。", "{} {}: zero report filed.";
    DoneWithdraw => "{} {} 的上报已撤回，可重新上报。", "{} {}: submission withdrawn; it can be submitted again.";
    DoneAccept => "{} {} 的上报已受理。", "{} {}: submission accepted.";
    DoneUp => "{} {} 已向上级上报。", "{} {} submitted upward.";
    TallyLine => "已报 {} 零报告 {} 未报 {} 逾期 {} 退回 {}（截止 {}） 更正 {} 到期 {}", "in {} zero {} not in {} late {} returned {} (deadline {}) corr. {} due {}";
    CountyUpYes => "县级已上报", "county submitted";
    CountyUpNo => "县级未上报", "county not submitted";
    FilterDue => "到期待办", "Due";
    NeedSchoolRow => "请先用 ↑↓ 选中一所学校。", "Select a school with ↑↓ first.";
    // The county's settings form.
    SettingsTitle => "本县月报与到期设置", "The county's deadline and thresholds";
    SettingsSaved => "{}：已保存 {} 项设置（本县设置，覆盖全省设置）。", "{}: {} settings saved (the county's own, overriding the province-wide ones).";
    HintSettings => "设置", "settings";
    // Rollover.
    RolloverTitle => "{}（{}）学年升级 {}：", "{} ({}) school-year rollover on {}:";
    RolloverAdvance => "升一年级：{} 人", "advance one grade: {}";
    RolloverGraduate => "九年级毕业离开台账：{} 人", "grade 9 graduate and leave the ledger: {}";
    RolloverFlag => "九年级仍在办理、需决定：{} 人", "grade 9 still open, needs a decision: {}";
    RolloverCheck => "六年级升初中、初中学校不明，需核实：{} 人", "grade 6 to junior school with the junior school unknown, to check: {}";
    RolloverDryRun => "（预览，未修改。加 --apply 执行。）", "(Preview, nothing changed. Add --apply to do it.)";
    RolloverApplied => "已执行，记入审计日志。", "Done, written to the audit log.";
    RolloverAlready => "本学年已于 {} 执行过升级，没有改动。", "Already rolled over on {} this school year; nothing changed.";
    HintRollover => "学年升级", "school-year rollover";
    AboutRollover => "本学年（9 月 1 日起）的升级：先列出将升年级、毕业、需决定和需核实的人数，确认后一次执行并记入审计", "this school year's rollover (from 1 September): first what it will change, then done in one audited step once confirmed";
    RolloverNotYet => "本学年的升级日 {} 还没到。", "This school year's rollover day {} has not come yet.";
    RolloverAsk => "{}，确定执行？", "{}. Do it?";
    RolloverDateBad => "日期 {} 无效：请写成 YYYY-MM-DD。", "Invalid date {}: write it as YYYY-MM-DD.";
    // 复核.
    RecheckAdded => "复核轮次 #{} 已记录：{} 项（确认 {}，更正 {}，新立案 {}）。", "Re-check round #{} recorded: {} items ({} confirmed, {} corrected, {} new cases).";
    RecheckBadFinding => "复核结果 {} 无效：可用 confirmed（确认）、corrected（更正）、new_case（新立案）。", "Invalid finding {}: use confirmed, corrected or new_case.";
    RecheckBadItem => "复核项 {} 无效：写成 学校标识码=结果 或 #案件编号=结果。", "Invalid item {}: write SCHOOLCODE=finding or #CASEID=finding.";
    RecheckListTitle => "{}（{}）复核轮次：", "{} ({}) re-check rounds:";
    RecheckLine => "#{} {} {}：{} 项（确认 {}，更正 {}，新立案 {}）", "#{} {} {}: {} items ({} confirmed, {} corrected, {} new cases)";
    RecheckNone => "还没有复核记录。", "No re-checks recorded yet.";
    RecheckNoItems => "请列出复核的学校或案件（如 2123000021=confirmed 或 #12=new_case）。", "List the schools or cases re-checked (e.g. 2123000021=confirmed or #12=new_case).";
    RecheckNoChecker => "请用 --by 写明复核人。", "Name who re-checked with --by.";
    RecheckUnknownSchool => "本县没有学校标识码为 {} 的学校；未记录任何复核。", "No school of this county has the code {}; nothing was recorded.";
    RecheckUnknownCase => "本县没有案件 #{}；未记录任何复核。", "This county has no case #{}; nothing was recorded.";
    RecheckBadDate => "--date {} 不是有效日期（YYYY-MM-DD，不晚于今天）。", "--date {} is not a valid date (YYYY-MM-DD, not after today).";
    RecheckItemSchool => "{}：{}", "{}: {}";
    RecheckItemCase => "#{} {}（{}）：{}", "#{} {} ({}): {}";
    FindingConfirmed => "确认", "confirmed";
    FindingCorrected => "更正", "corrected";
    FindingNewCase => "新立案", "new case opened";
    RechecksTitle => "复核轮次：{} 轮", "Re-check rounds: {}";
    HintRechecks => "复核", "re-checks";
}}

impl Label for ReportState {
    fn label(&self) -> &'static str {
        match self {
            ReportState::Submitted => M::StateSubmitted.s(),
            ReportState::Zero => M::StateZero.s(),
            ReportState::Missing => M::StateMissing.s(),
            ReportState::Overdue => M::StateOverdue.s(),
            ReportState::Returned => M::StateReturned.s(),
        }
    }
}

impl Label for SubmissionKind {
    fn label(&self) -> &'static str {
        match self {
            SubmissionKind::Figures => M::KindFigures.s(),
            SubmissionKind::Zero => M::KindZero.s(),
        }
    }
}

impl Label for SubmissionState {
    fn label(&self) -> &'static str {
        match self {
            SubmissionState::Submitted => M::SubSubmitted.s(),
            SubmissionState::Withdrawn => M::SubWithdrawn.s(),
            SubmissionState::Accepted => M::SubAccepted.s(),
            SubmissionState::Returned => M::SubReturned.s(),
        }
    }
}

/// The sentence for a refused value of a month's cycle setting, as the form shows it
/// under its field (the command line puts the setting's name first).
pub fn setting_error(value: &str, e: crate::domain::cycle_settings::SettingError) -> String {
    use crate::domain::cycle_settings::SettingError;
    match e {
        SettingError::NotInteger => fill(super::T::SettingNotInteger.s(), &[&value.trim()]),
        SettingError::OutOfRange { min, max } => fill(super::T::SettingOutOfRange.s(), &[&min, &max, &value.trim()]),
    }
}

/// The sentence for a refused 复核 round.
pub fn recheck_error(e: &crate::domain::recheck::RecheckError) -> String {
    use crate::domain::recheck::RecheckError as E;
    match e {
        E::BadItem(t) => fill(M::RecheckBadItem.s(), &[t]),
        E::BadFinding(t) => fill(M::RecheckBadFinding.s(), &[t]),
        E::NoItems => M::RecheckNoItems.s().to_string(),
        E::NoChecker => M::RecheckNoChecker.s().to_string(),
        E::UnknownSchool(code) => fill(M::RecheckUnknownSchool.s(), &[code]),
        E::UnknownCase(n) => fill(M::RecheckUnknownCase.s(), &[n]),
    }
}

impl Label for crate::domain::recheck::Finding {
    fn label(&self) -> &'static str {
        use crate::domain::recheck::Finding;
        match self {
            Finding::Confirmed => M::FindingConfirmed.s(),
            Finding::Corrected => M::FindingCorrected.s(),
            Finding::NewCase => M::FindingNewCase.s(),
        }
    }
}

/// #3 2026-10-15 李某：5 项（确认 3，更正 1，新立案 1）
pub fn recheck_round_line(r: &crate::db::recheck::RecheckRow) -> String {
    let t = &r.tally;
    fill(M::RecheckLine.s(), &[&r.id, &r.held_on, &r.checked_by, &t.items, &t.confirmed, &t.corrected, &t.new_case])
}

/// One item: the school and the finding, or the case, its school and the finding; the note after.
pub fn recheck_item_line(i: &crate::db::recheck::RecheckItemRow) -> String {
    let finding =
        if i.note.is_empty() { i.finding.label().to_string() } else { format!("{} {}", i.finding.label(), i.note) };
    match i.case_id {
        Some(id) => fill(M::RecheckItemCase.s(), &[&id, &i.case_name, &i.school, &finding]),
        None => fill(M::RecheckItemSchool.s(), &[&i.school, &finding]),
    }
}

/// The sentence for a refused step of the month's cycle.
pub fn month_error(e: &MonthError) -> String {
    match e {
        MonthError::FutureMonth(m) => fill(M::ErrFuture.s(), &[m]),
        MonthError::AlreadySubmitted(state) => fill(M::ErrAlready.s(), &[&state.label()]),
        MonthError::NotZero(z) => fill(M::ErrNotZero.s(), &[&z.open_end, &z.changes]),
        MonthError::NotSubmitted => M::ErrNotSubmitted.s().to_string(),
        MonthError::AlreadyAccepted => M::ErrAccepted.s().to_string(),
        MonthError::SchoolsMissing { count, first } => fill(M::ErrSchoolsMissing.s(), &[count, first]),
        MonthError::NoReason => M::ErrNoReason.s().to_string(),
        MonthError::UnknownSchool => M::ErrUnknownSchool.s().to_string(),
        MonthError::RolledOverOn(on) => fill(M::ErrRolledOver.s(), &[on]),
    }
}

/// What a rollover plan changes, in one line (the TUI's question and its result).
pub fn rollover_summary(plan: &crate::db::rollover::Plan) -> String {
    [
        fill(M::RolloverAdvance.s(), &[&plan.advanced.len()]),
        fill(M::RolloverGraduate.s(), &[&plan.graduated.len()]),
        fill(M::RolloverFlag.s(), &[&plan.flagged.len()]),
        fill(M::RolloverCheck.s(), &[&plan.to_check.len()]),
    ]
    .join(crate::i18n::T::ListSep.s())
}
