//! Strings of follow-up logs and verification rounds (docs/domain.md §4 "Follow-up", §9).

texts! { F {
    SessionsTitle => "{} {} 送教上门记录：{} 名教师，{} 名学生，{} 次，{} 学时", "{} {}: home teaching sessions: {} teachers, {} children, {} sessions, {} hours";
    SessionsNone => "本月没有送教记录。", "No sessions logged this month.";
    SessionsHead => "教师\t学生\t次数\t学时", "Teacher\tChildren\tSessions\tHours";
    NoTeacher => "（未填教师）", "(no teacher)";
}}
