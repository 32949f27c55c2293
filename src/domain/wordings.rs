//! How other ledgers word a status or a reason (docs/domain.md §4 "Importing a ledger"): the
//! wordings an import reads besides our codes and labels, whatever the interface language.
//! Chinese files arrive under `--lang en` too, so every Chinese label is listed here as well.

use super::case_status::CaseStatus;
use super::codes::{Ledger, Reason};

/// Each status and the wordings that mean it.
pub const STATUS_WORDS: &[(CaseStatus, &[&str])] = &[
    (CaseStatus::Enrolled, &["在校", "在读", "在籍在校", "正常在校"]),
    (CaseStatus::Suspected, &["疑似辍学", "疑似"]),
    (CaseStatus::Dropout, &["辍学", "已辍学"]),
    (CaseStatus::Persuading, &["劝返中", "劝返", "正在劝返"]),
    (CaseStatus::Returned, &["已复学", "复学", "已返校", "返校", "劝返成功"]),
    (CaseStatus::Tracking, &["跟踪巩固", "巩固", "跟踪"]),
    (CaseStatus::Closed, &["已销号", "销号", "已结案", "结案"]),
    (CaseStatus::Transferred, &["转学", "已转学", "转出", "已转出"]),
    (CaseStatus::HomeTeaching, &["送教上门", "送教"]),
    (CaseStatus::Inclusive, &["随班就读"]),
    (CaseStatus::SpecialSchool, &["特教学校", "特殊教育学校", "特校就读"]),
    (CaseStatus::SickLeave, &["因病休学", "休学", "病休"]),
    (CaseStatus::Deceased, &["死亡", "已死亡"]),
    (CaseStatus::Other, &["其他", "其它"]),
    (CaseStatus::Voided, &["已作废", "作废"]),
    (CaseStatus::Graduated, &["已毕业", "毕业"]),
];

/// Each reason and the wordings that mean it (our labels are matched whole or by a part
/// between their slashes: 厌学, 网络成瘾).
pub const REASON_WORDS: &[(Reason, &[&str])] = &[
    (Reason::Learning, &["学习困难/厌学", "学习困难", "厌学", "成绩差"]),
    (Reason::Work, &["外出务工", "务工", "打工", "外出打工"]),
    (Reason::Poverty, &["家庭经济困难", "家庭困难", "经济困难", "家庭贫困", "贫困"]),
    (Reason::Health, &["身体原因", "疾病", "生病", "因病"]),
    (Reason::EarlyMarriage, &["早婚早育", "早婚"]),
    (Reason::NoGuardian, &["监护缺失", "无人监护"]),
    (Reason::Distance, &["上学路远", "路远", "距离远"]),
    (Reason::Internet, &["网络成瘾/不良行为", "网络成瘾", "沉迷网络", "网瘾", "不良行为"]),
    (Reason::Other, &["其他", "其它"]),
];

/// Each ledger and its wordings.
pub const LEDGER_WORDS: &[(Ledger, &[&str])] = &[
    (Ledger::SchoolAge, &["适龄儿童", "适龄"]),
    (Ledger::Suspected, &["疑似辍学", "疑似"]),
    (Ledger::Dropout, &["辍学"]),
];

/// The value `text` names in `words` (spaces around it ignored).
pub fn lookup<T: Copy>(words: &[(T, &[&str])], text: &str) -> Option<T> {
    let t = text.trim();
    words.iter().find(|(_, ws)| ws.contains(&t)).map(|(v, _)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_wordings_are_read() {
        assert_eq!(lookup(REASON_WORDS, "家庭困难"), Some(Reason::Poverty));
        assert_eq!(lookup(STATUS_WORDS, " 已复学 "), Some(CaseStatus::Returned));
        assert_eq!(lookup(STATUS_WORDS, "转学"), Some(CaseStatus::Transferred));
        assert_eq!(lookup(STATUS_WORDS, "送教上门"), Some(CaseStatus::HomeTeaching));
        assert_eq!(lookup(STATUS_WORDS, "上学"), None);
    }

    #[test]
    fn no_wording_means_two_things() {
        let statuses = STATUS_WORDS.iter().flat_map(|w| w.1.iter().copied());
        let reasons = REASON_WORDS.iter().flat_map(|w| w.1.iter().copied());
        for words in [statuses.collect::<Vec<_>>(), reasons.collect()] {
            let mut seen = std::collections::HashSet::new();
            for w in words {
                assert!(seen.insert(w), "{w} is listed twice");
            }
        }
    }
}
