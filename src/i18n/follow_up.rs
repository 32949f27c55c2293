//! Strings of follow-up logs and verification rounds (docs/domain.md §4 "Follow-up", §9).

texts! { F {
    SessionsTitle => "{} {} 送教上门记录：{} 名教师，{} 名学生，{} 次，{} 学时", "{} {}: home teaching sessions: {} teachers, {} children, {} sessions, {} hours";
    SessionsNone => "本月没有送教记录。", "No sessions logged this month.";
    SessionsHead => "教师\t学生\t次数\t学时", "Teacher\tChildren\tSessions\tHours";
    NoTeacher => "（未填教师）", "(no teacher)";
    // Verification rounds.
    ClassInSchool => "在校", "in school";
    ClassNotEnrolled => "有户籍无学籍", "registered, not enrolled";
    ClassNotPresent => "有学籍不在校", "enrolled, not present";
    ClassPoverty => "脱贫/监测户子女未入学", "poverty list, not enrolled";
    ClassElsewhere => "在外校就读", "enrolled elsewhere";
    ClassOpenCase => "已有在办案件", "already an open case";
    ClassUnmatched => "无法比对", "unmatched";
    VerifyTitle => "{} {} 排查（{}）：比对 {}，共 {} 人次", "{} {}: verification ({}), lists {}, {} children checked";
    VerifyDry => "预览，未写入。加 --apply 记录本轮排查及每名儿童的结果。", "Preview, nothing written. Add --apply to record the round and each child's result.";
    VerifyApplied => "已记录第 {} 轮排查：{} 人次。", "Recorded round {}: {} children checked.";
    VerifyWeak => "（仅按姓名+出生日期+学校匹配）", "(matched by name + birth date + school only)";
    VerifyBadId => "{} 第 {} 行：{} 不是有效的身份证号，按姓名+出生日期+学校比对。", "{} line {}: {} is not a valid ID number; matched by name + birth date + school.";
    VerifyNoList => "请至少给出 --xueji（学籍名单）和另一份名单：各项比对都以学籍为准。", "Give --xueji (the enrolment list) and at least one other list: every comparison is against enrolment.";
    VerifyNoColumns => "{}：找不到身份证号或姓名列，无法比对。", "{}: no ID number or name column, nothing to match by.";
    VerifyBadDate => "--date {} 不是有效日期（YYYY-MM-DD，不晚于今天）。", "--date {} is not a valid date (YYYY-MM-DD, not after today).";
    ListHukou => "户籍", "hukou";
    ListXueji => "学籍", "enrolment";
    ListPresent => "在校", "present";
    ListPoverty => "脱贫监测", "poverty";
    ClassCount => "{}：{}", "{}: {}";
    RoundsTitle => "{} 排查轮次：{} 轮", "{}: verification rounds: {}";
    HintRounds => "排查轮次", "verification rounds";
    RoundsNone => "尚无排查记录。", "No verification rounds recorded.";
    RoundLine => "第 {} 轮 {} {} 比对 {}：{} 人次", "Round {} {} {} lists {}: {} checked";
}}

use crate::domain::verify::{Class, List};

pub fn class_label(c: Class) -> &'static str {
    match c {
        Class::InSchool => F::ClassInSchool.s(),
        Class::RegisteredNotEnrolled => F::ClassNotEnrolled.s(),
        Class::EnrolledNotPresent => F::ClassNotPresent.s(),
        Class::PovertyNotEnrolled => F::ClassPoverty.s(),
        Class::EnrolledElsewhere => F::ClassElsewhere.s(),
        Class::OpenCase => F::ClassOpenCase.s(),
        Class::Unmatched => F::ClassUnmatched.s(),
    }
}

pub fn list_label(l: List) -> &'static str {
    match l {
        List::Hukou => F::ListHukou.s(),
        List::Xueji => F::ListXueji.s(),
        List::Present => F::ListPresent.s(),
        List::Poverty => F::ListPoverty.s(),
    }
}
