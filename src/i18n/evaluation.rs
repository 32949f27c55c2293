//! Words of the self-evaluation sheet and the county verdict: each item's name and rule
//! (one row per item code), the section names, the verdict words, the legend and the rules
//! the report states, and the refusals of a confirmation.

use super::fill;
use crate::domain::evaluation::{EntryError, Gap, Section, SectionVerdict, State};
use crate::domain::figures::{FigureError, Figures};

texts! { E {
    VerdictTitle => "县域结论", "County verdict";
    ColSection => "部分", "Section";
    ColVerdict => "结论", "Verdict";
    ColWhy => "说明", "Why";
    County => "县域（四部分均达标方可通过）", "County (passes only if all four pass)";
    Pass => "达标", "pass";
    Fail => "未达标（{}项）", "fail ({} items)";
    Open => "待确认（{}项）", "to confirm ({} items)";
    FailShort => "未达标({})", "fail({})";
    OpenShort => "待确认({})", "open({})";
    AllMet => "各项均达标", "every item met";
    Failing => "未达标：{}", "not met: {}";
    OpenList => "待确认：{}", "to confirm: {}";
    More => "等{}项", " and {} more";
    SeeSheet => "（见自评表）", " (see the sheet)";
    GapNotConfirmed => "未人工确认", "not confirmed";
    GapFigures => "缺数据", "figures missing";
    GapNoSchools => "无参评学校", "no school evaluated";
    StateMet => "达标", "met";
    StateNotMet => "未达标", "not met";
    LegendTitle => "说明：标记与规则", "Notes: marks and rules";
    ColMark => "标记", "Mark";
    ColMeaning => "含义", "Meaning";
    MarkX => "x：数值未达到标准（差异系数：超过上限）", "x: the value misses its standard (a CV: above its limit)";
    MarkQ => "?：该数据未登记，不按 0 计", "?: the figure is not recorded (never counted as 0)";
    MarkStar => "*：九年一贯制学校，资源按小学、初中学生数拆分", "*: a 9-year school whose resources are split by its primary and junior pupils";
    RuleWeight => "拆分权重：初中学生按 1.1 计，小学份额 = 小学生 / (小学生 + 1.1 * 初中生)", "Split weight: a junior pupil counts 1.1; primary share = primary / (primary + 1.1 * junior)";
    RuleExclude => "不计入：特殊教育学校（另行评估）、不足50人的教学点、未登记学生数或一贯制未拆分的学校、类型未知的学校", "Left out: special schools (evaluated separately), teaching points under 50 pupils, schools without pupil numbers or (9-year) without the split, unknown types";
    RuleSchool => "学校达标：7 项中至少 6 项达标，且未达标的一项不低于标准的 85%", "A school passes: at least 6 of 7 met, the other at 85% of its standard or more";
    RuleCv => "差异系数：小学 <= 0.50，初中 <= 0.45（按学生数加权）", "CV: primary <= 0.50, junior <= 0.45 (weighted by pupils)";
    RuleRound => "数值一律四舍五入（.5 进位）", "Every value is rounded half up (.5 goes up)";
    RuleYear => "评估年度：{}（巩固率取{}届，交流轮岗与人工确认取{}年度）", "Evaluation year: {} (retention of the {} cohort; rotations and confirmations of {})";
    SheetTitle => "自评表（{}年度）", "Self-evaluation sheet ({})";
    ColCode => "编号", "No.";
    ColItem => "项目", "Item";
    ColRule => "标准", "Rule";
    ColValue => "数值", "Value";
    ColResult => "结论", "Result";
    ColEvidence => "依据", "Evidence";
    ColConfirmed => "确认", "Confirmed";
    Confirmed => "{} {}", "{} {}";
    ComputedSource => "由数据计算", "computed";
    ProgressTitle => "历年进展", "Progress over the years";
    ColYear => "年度", "Year";
    ResourcesNow => "（仅当前数据）", "(current figures only)";
    None => "（无）", "(none)";
    SetDone => "已确认 {} {}（{}年度）：{}。", "Confirmed {} {} ({}): {}.";
    ClearDone => "已撤销 {}（{}年度）的确认。", "Withdrew the confirmation of {} ({}).";
    ClearNone => "{}（{}年度）尚未确认，无需撤销。", "{} ({}) was not confirmed: nothing to withdraw.";
    OneCounty => "一个文件只能导入一个县：本文件的县为 {}。请按县分开文件。", "One county per file: this file's county is {}. Split the file by county.";
    ErrCount => "应为不小于 0 的整数。", "Should be a whole number, 0 or more.";
    ErrYear => "年度无法识别：请写 4 位年份，如 2026。", "Year not understood: write 4 digits, e.g. 2026.";
    ErrStage => "学段应为「初中」（初中三年巩固率）或「九年」（九年巩固率）。", "Stage should be 初中 (junior, 3 years) or 九年 (nine years).";
    ErrSchoolStage => "学段应为「小学」或「初中」。", "Stage should be 小学 (primary) or 初中 (junior).";
    ErrMoreThan => "不能大于「{}」。", "Cannot be more than \"{}\".";
    // Refusals of a confirmation.
    ErrUnknownItem => "没有编号为 {} 的自评项目：编号见 taizhang sheet show 的第一列（如 g1、q3、s1）。", "No sheet item {}: the codes are the first column of taizhang sheet show (g1, q3, s1 …).";
    ErrComputed => "{} 由数据计算，不能人工确认：请录入或导入其来源数据。", "{} is computed from the data and cannot be confirmed by hand: enter or import its figures.";
    ErrNotANumber => "该项需要填写数值（如 92.5 或 92.5%），不是「{}」。", "This item needs a number (such as 92.5 or 92.5%), not \"{}\".";
    ErrContradicts => "数值 {} 与结论矛盾：标准为不低于 {}。请改正数值或结论（结论可留空，按数值判断）。", "The value {} contradicts the verdict: the rule is at least {}. Correct one (or leave the verdict empty to follow the value).";
    ErrNoVerdict => "请填写结论：达标 或 未达标。", "Give the verdict: met or not met.";
    ErrBadVerdict => "结论「{}」无法识别：请填 达标 或 未达标（也可 是/否、met/not met）。", "Verdict \"{}\" not understood: use met or not met (or 达标 / 未达标, yes / no).";
    ErrNoEvidence => "请填写依据：文件文号或说明。", "Give the evidence: a document reference or a note.";
    ErrNoConfirmer => "请填写确认人。", "Give who confirmed it.";
    ErrBadDate => "确认日期「{}」无法识别：请写成 2026-11-23。", "Confirmation date \"{}\" not understood: write it as 2026-11-23.";
    ErrFutureDate => "确认日期 {} 晚于今天。", "Confirmation date {} is after today.";
}}

/// An item's name and rule, zh and en: one row per item code.
fn words(code: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    match code {
        "r1" => (
            "小学：每所学校7项指标达标",
            "Primary: every school meets the 7 indicators",
            "至少6项达标，余项 >= 85%",
            ">= 6 of 7 met, the other >= 85%",
        ),
        "r2" => ("小学：7项指标差异系数", "Primary: CVs of the 7 indicators", "均 <= 0.50", "each <= 0.50"),
        "r3" => (
            "初中：每所学校7项指标达标",
            "Junior: every school meets the 7 indicators",
            "至少6项达标，余项 >= 85%",
            ">= 6 of 7 met, the other >= 85%",
        ),
        "r4" => ("初中：7项指标差异系数", "Junior: CVs of the 7 indicators", "均 <= 0.45", "each <= 0.45"),
        "g1" => ("学校布局规划", "School layout plan", "按国家规定编制并落实", "planned to national rules"),
        "g2" => {
            ("城乡学校统一建设标准", "One school standard in town and country", "县域内统一", "the same county-wide")
        }
        "g3" => (
            "音乐、美术专用教室",
            "Music and art rooms",
            "每12班各1间，音乐 >= 96、美术 >= 90 平方米",
            "per 12 classes one each, music >= 96, art >= 90 sq m",
        ),
        "g4" => ("学校规模", "School size", "<= 2000人，一贯制 <= 2500人", "<= 2000, 9-year <= 2500"),
        "g5" => ("班额", "Class size", "小学 <= 45人，初中 <= 50人", "primary <= 45, junior <= 50"),
        "g6" => (
            "生均公用经费",
            "Public funds per pupil",
            "不足100人的学校按100人核定",
            "schools under 100 pupils funded as 100",
        ),
        "g6s" => ("特教学校生均公用经费（元）", "Special-school funds per pupil (yuan)", ">= 6000元", ">= 6000 yuan"),
        "g7" => ("教师平均工资", "Teachers' average pay", "不低于当地公务员", ">= local civil servants'"),
        "g8" => ("教师5年360学时培训完成率（%）", "360 training hours in 5 years (%)", "100%", "100%"),
        "g9" => ("教职工编制", "Staffing", "县域内统筹、核定编制内", "allocated by the county within its quota"),
        "g10" => (
            "教师交流轮岗",
            "Teacher rotation",
            "应交流教师的 >= 10%，其中骨干 >= 20%",
            ">= 10% of eligible teachers, backbone >= 20% of them",
        ),
        "g11" => ("专任教师持证上岗率（%）", "Certified teachers (%)", "100%", "100%"),
        "g12" => (
            "就近划片入学",
            "Nearby enrolment",
            "城区、镇区公办 小学100%、初中 >= 95%",
            "town public schools: primary 100%, junior >= 95%",
        ),
        "g13" => (
            "优质高中招生指标分配到校（%）",
            "Quality senior-high places allocated to schools (%)",
            ">= 50%，向农村学校倾斜",
            ">= 50%, favouring rural schools",
        ),
        "g14" => ("随迁子女在公办学校就读（%）", "Migrant children in public schools (%)", ">= 85%", ">= 85%"),
        "g15" => ("留守儿童关爱体系", "Care for left-behind children", "建立健全", "in place"),
        "q1" => ("初中三年巩固率", "Junior 3-year retention", ">= 95%", ">= 95%"),
        "q2" => ("残疾儿童少年入学率", "Disabled children's enrolment", ">= 95%", ">= 95%"),
        "q3" => ("学校章程与信息化管理", "School charters and IT management", "所有学校", "every school"),
        "q4" => ("教师培训经费占公用经费（%）", "Training funds in public funds (%)", ">= 5%", ">= 5%"),
        "q5" => (
            "信息技术教学应用",
            "IT in teaching",
            "教师普遍应用，设备充分使用",
            "used by teachers, equipment well used",
        ),
        "q6" => ("德育与校园文化", "Moral education and school culture", "良好及以上", "good or better"),
        "q7" => {
            ("课程开齐开足", "Full curriculum", "教学秩序规范，综合实践活动", "orderly teaching, practical activities")
        }
        "q8" => ("学生课业负担", "Homework load", "不超标", "not excessive"),
        "q9" => (
            "国家义务教育质量监测",
            "National quality monitoring",
            "达到III级以上，校际差异率 < 0.15",
            "level III or above, school difference < 0.15",
        ),
        "s1" => ("社会认可度（%）", "Public satisfaction (%)", ">= 85%", ">= 85%"),
        _ => ("", "", "", ""),
    }
}

fn pick(zh: &'static str, en: &'static str) -> &'static str {
    match super::lang() {
        super::Lang::Zh => zh,
        super::Lang::En => en,
    }
}

pub fn item_name(code: &str) -> &'static str {
    let (zh, en, _, _) = words(code);
    pick(zh, en)
}

pub fn item_rule(code: &str) -> &'static str {
    let (_, _, zh, en) = words(code);
    pick(zh, en)
}

pub fn section(s: Section) -> &'static str {
    let (zh, en) = match s {
        Section::Resources => ("资源配置", "Resources"),
        Section::Guarantee => ("政府保障", "Government guarantee"),
        Section::Quality => ("教育质量", "Education quality"),
        Section::Recognition => ("社会认可", "Public recognition"),
    };
    pick(zh, en)
}

/// The section's name in the verdict line (at most 4 Chinese characters or 11 letters).
pub fn section_short(s: Section) -> &'static str {
    let (zh, en) = match s {
        Section::Resources => ("资源配置", "Resources"),
        Section::Guarantee => ("政府保障", "Guarantee"),
        Section::Quality => ("教育质量", "Quality"),
        Section::Recognition => ("社会认可", "Recognition"),
    };
    pick(zh, en)
}

/// 达标 / 未达标(n) / 待确认(n), for the verdict line.
pub fn verdict_short(v: &SectionVerdict) -> String {
    match v {
        SectionVerdict::Pass => E::Pass.s().to_string(),
        SectionVerdict::Fail(items) => fill(E::FailShort.s(), &[&items.len()]),
        SectionVerdict::Open(items) => fill(E::OpenShort.s(), &[&items.len()]),
    }
}

pub fn gap(g: Gap) -> &'static str {
    match g {
        Gap::NotConfirmed => E::GapNotConfirmed.s(),
        Gap::Figures => E::GapFigures.s(),
        Gap::NoSchools => E::GapNoSchools.s(),
    }
}

pub fn state(s: &State) -> &'static str {
    match s {
        State::Met => E::StateMet.s(),
        State::NotMet => E::StateNotMet.s(),
        State::Open(g) => gap(*g),
    }
}

/// 达标 / 未达标（n项） / 待确认（n项）.
pub fn verdict_word(v: &SectionVerdict) -> String {
    match v {
        SectionVerdict::Pass => E::Pass.s().to_string(),
        SectionVerdict::Fail(items) => fill(E::Fail.s(), &[&items.len()]),
        SectionVerdict::Open(items) => fill(E::Open.s(), &[&items.len()]),
    }
}

/// At most three names, then how many more.
fn some_names(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let mut s = shown.join(super::T::ListSep.s());
    if names.len() > shown.len() {
        s.push_str(&fill(E::More.s(), &[&names.len()]));
    }
    s
}

/// What fails, or what is missing: the first names and a pointer to the sheet.
pub fn verdict_why(v: &SectionVerdict) -> String {
    match v {
        SectionVerdict::Pass => E::AllMet.s().to_string(),
        SectionVerdict::Fail(items) => {
            let names: Vec<String> = items.iter().map(|i| item_name(i.code).to_string()).collect();
            fill(E::Failing.s(), &[&some_names(&names)]) + E::SeeSheet.s()
        }
        SectionVerdict::Open(items) => {
            let names: Vec<String> =
                items.iter().map(|(i, g)| format!("{}（{}）", item_name(i.code), gap(*g))).collect();
            fill(E::OpenList.s(), &[&some_names(&names)]) + E::SeeSheet.s()
        }
    }
}

/// A figures field's label in the current language (export header, problem column).
pub fn figure_label(what: Figures, key: &str) -> &'static str {
    what.fields().iter().find(|f| f.key == key).map(|f| pick(f.zh, f.en)).unwrap_or("")
}

/// The sheet name of a figures template.
pub fn figures_name(what: Figures) -> &'static str {
    match what {
        Figures::Cohorts => pick("巩固率", "cohorts"),
        Figures::Disabled => pick("适龄残疾儿童", "disabled"),
        Figures::Rotations => pick("交流轮岗", "rotations"),
        Figures::Enrolment => pick("在校生", "enrolment"),
        Figures::Classes => pick("班额", "classes"),
    }
}

pub fn figure_error(what: Figures, e: &FigureError) -> String {
    match e {
        FigureError::Required => crate::i18n::ledger::L::ErrRequired.s().to_string(),
        FigureError::NotACount => E::ErrCount.s().to_string(),
        FigureError::BadYear => E::ErrYear.s().to_string(),
        FigureError::BadStage => E::ErrStage.s().to_string(),
        FigureError::BadSchoolStage => E::ErrSchoolStage.s().to_string(),
        FigureError::MoreThan(k) => fill(E::ErrMoreThan.s(), &[&figure_label(what, k)]),
    }
}

pub fn entry_error(e: &EntryError) -> String {
    match e {
        EntryError::UnknownItem(c) => fill(E::ErrUnknownItem.s(), &[c]),
        EntryError::Computed(c) => fill(E::ErrComputed.s(), &[&format!("{c} {}", item_name(c))]),
        EntryError::NotANumber(v) => fill(E::ErrNotANumber.s(), &[v]),
        EntryError::Contradicts { value, min } => fill(E::ErrContradicts.s(), &[value, min]),
        EntryError::NoVerdict => E::ErrNoVerdict.s().to_string(),
        EntryError::BadVerdict(v) => fill(E::ErrBadVerdict.s(), &[v]),
        EntryError::NoEvidence => E::ErrNoEvidence.s().to_string(),
        EntryError::NoConfirmer => E::ErrNoConfirmer.s().to_string(),
        EntryError::BadDate(v) => fill(E::ErrBadDate.s(), &[v]),
        EntryError::FutureDate(v) => fill(E::ErrFutureDate.s(), &[v]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::evaluation::ITEMS;

    #[test]
    fn every_item_has_both_names_and_rules() {
        for i in ITEMS {
            let (zh, en, rz, re) = words(i.code);
            assert!(![zh, en, rz, re].contains(&""), "{}", i.code);
        }
    }
}
