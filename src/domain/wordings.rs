//! How other ledgers word a status or a reason (docs/domain.md §4 "Importing a ledger"): the
//! wordings an import reads besides our codes and labels, whatever the interface language.
//! Chinese files arrive under `--lang en` too, so every Chinese label is listed here as well.

use super::case_status::CaseStatus;
use super::codes::{Ledger, Reason};

/// A cell's wording and the status it means.
pub const STATUS_WORDS: &[(&str, CaseStatus)] = &[
    ("在校", CaseStatus::Enrolled),
    ("在读", CaseStatus::Enrolled),
    ("在籍在校", CaseStatus::Enrolled),
    ("正常在校", CaseStatus::Enrolled),
    ("疑似辍学", CaseStatus::Suspected),
    ("疑似", CaseStatus::Suspected),
    ("辍学", CaseStatus::Dropout),
    ("已辍学", CaseStatus::Dropout),
    ("劝返中", CaseStatus::Persuading),
    ("劝返", CaseStatus::Persuading),
    ("正在劝返", CaseStatus::Persuading),
    ("已复学", CaseStatus::Returned),
    ("复学", CaseStatus::Returned),
    ("已返校", CaseStatus::Returned),
    ("返校", CaseStatus::Returned),
    ("劝返成功", CaseStatus::Returned),
    ("跟踪巩固", CaseStatus::Tracking),
    ("巩固", CaseStatus::Tracking),
    ("跟踪", CaseStatus::Tracking),
    ("已销号", CaseStatus::Closed),
    ("销号", CaseStatus::Closed),
    ("已结案", CaseStatus::Closed),
    ("结案", CaseStatus::Closed),
    ("转学", CaseStatus::Transferred),
    ("已转学", CaseStatus::Transferred),
    ("转出", CaseStatus::Transferred),
    ("已转出", CaseStatus::Transferred),
    ("送教上门", CaseStatus::HomeTeaching),
    ("送教", CaseStatus::HomeTeaching),
    ("随班就读", CaseStatus::Inclusive),
    ("特教学校", CaseStatus::SpecialSchool),
    ("特殊教育学校", CaseStatus::SpecialSchool),
    ("特校就读", CaseStatus::SpecialSchool),
    ("因病休学", CaseStatus::SickLeave),
    ("休学", CaseStatus::SickLeave),
    ("病休", CaseStatus::SickLeave),
    ("死亡", CaseStatus::Deceased),
    ("已死亡", CaseStatus::Deceased),
    ("其他", CaseStatus::Other),
    ("其它", CaseStatus::Other),
    ("已作废", CaseStatus::Voided),
    ("作废", CaseStatus::Voided),
    ("已毕业", CaseStatus::Graduated),
    ("毕业", CaseStatus::Graduated),
];

/// A cell's wording and the reason it means (our labels are matched whole or by a part
/// between their slashes: 厌学, 网络成瘾).
pub const REASON_WORDS: &[(&str, Reason)] = &[
    ("学习困难/厌学", Reason::Learning),
    ("学习困难", Reason::Learning),
    ("厌学", Reason::Learning),
    ("成绩差", Reason::Learning),
    ("外出务工", Reason::Work),
    ("务工", Reason::Work),
    ("打工", Reason::Work),
    ("外出打工", Reason::Work),
    ("家庭经济困难", Reason::Poverty),
    ("家庭困难", Reason::Poverty),
    ("经济困难", Reason::Poverty),
    ("家庭贫困", Reason::Poverty),
    ("贫困", Reason::Poverty),
    ("身体原因", Reason::Health),
    ("疾病", Reason::Health),
    ("生病", Reason::Health),
    ("因病", Reason::Health),
    ("早婚早育", Reason::EarlyMarriage),
    ("早婚", Reason::EarlyMarriage),
    ("监护缺失", Reason::NoGuardian),
    ("无人监护", Reason::NoGuardian),
    ("上学路远", Reason::Distance),
    ("路远", Reason::Distance),
    ("距离远", Reason::Distance),
    ("网络成瘾/不良行为", Reason::Internet),
    ("网络成瘾", Reason::Internet),
    ("沉迷网络", Reason::Internet),
    ("网瘾", Reason::Internet),
    ("不良行为", Reason::Internet),
    ("其他", Reason::Other),
    ("其它", Reason::Other),
];

/// A ledger's wording.
pub const LEDGER_WORDS: &[(&str, Ledger)] = &[
    ("适龄儿童", Ledger::SchoolAge),
    ("适龄", Ledger::SchoolAge),
    ("疑似辍学", Ledger::Suspected),
    ("疑似", Ledger::Suspected),
    ("辍学", Ledger::Dropout),
];

/// The value `text` names in `words` (spaces around it ignored).
pub fn lookup<T: Copy>(words: &[(&str, T)], text: &str) -> Option<T> {
    let t = text.trim();
    words.iter().find(|(w, _)| *w == t).map(|(_, v)| *v)
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
        for words in [STATUS_WORDS.iter().map(|w| w.0).collect::<Vec<_>>(), REASON_WORDS.iter().map(|w| w.0).collect()]
        {
            let mut seen = std::collections::HashSet::new();
            for w in words {
                assert!(seen.insert(w), "{w} is listed twice");
            }
        }
    }
}
