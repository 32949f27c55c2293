//! Strings of the 优质均衡 indicator screen and `taizhang report indicators`.
//! Formulas are spelt in ASCII (`*`, `/`, `^2`, `<=`): `×`, `²` and `≤` are drawn
//! double-width by many Chinese terminals.

use crate::domain::indicators::{Check, Exclusion, HandItem, Indicator, Stage, Verdict, N_INDICATORS};
use crate::domain::rates::{CohortStage, Figure};

texts! { I {
    Title => "优质均衡指标", "Quality-balance indicators";
    TabPrimary => "小学", "Primary";
    TabJunior => "初中", "Junior";
    TabRates => "保障与比率", "Guarantees & rates";
    TabCases => "台账图表", "Ledger charts";
    ColSchool => "学校", "School";
    ColStudents => "学生", "Pupils";
    ColVerdict => "结论", "Verdict";
    ColKind => "类型", "Type";
    ColYear => "届别", "Year";
    Pass => "达标", "pass";
    Fail => "未达标", "fail";
    Incomplete => "缺数据", "missing";
    Excluded => "不计入", "excluded";
    Met => "达标", "met";
    NotMet => "未达标", "not met";
    Missing => "缺数据", "missing";
    Legend => "x 未达标  ? 缺数据  * 一贯制按学生数拆分", "x not met  ? missing  * split 9-year school";
    NoSchools => "本县没有参与评估的{}学校。", "No {} school of this county is evaluated.";
    ExclSpecial => "特殊教育学校另行评估", "special schools are evaluated separately";
    ExclSmallPoint => "教学点不足50人（{}人）", "teaching point under 50 pupils ({})";
    ExclNoStudents => "在校生人数未登记", "number of pupils not recorded";
    ExclNoSplit => "一贯制学校未登记小学、初中学生数，无法拆分", "9-year school without primary/junior pupil numbers: cannot split";
    ExclUnknownKind => "学校类型未知", "unknown school type";
    CvTitle => "差异系数（标准 <= {}）", "Coefficient of variation (limit <= {})";
    CvSchools => "{}所", "{} sch";
    CvMissing => "缺{}", "{} missing";
    CvNone => "无法计算", "n/a";
    PullsUp => "拉高最多：{}", "pulls up most: {}";
    StageVerdict => "{}学校 {} 所，达标 {} 所；差异系数达标 {}/7。", "{} schools: {}, passing {}; CVs within limit {}/7.";
    CountyPass => "资源配置：达标", "Resources: pass";
    CountyFail => "资源配置：未达标", "Resources: fail";
    CountyOpen => "资源配置：缺数据，暂无法判定", "Resources: figures missing, undecided";
    // Detail pop-ups.
    DetailTitle => "数值来源", "Where this comes from";
    DetailClose => "Esc 或 Enter 关闭", "Esc or Enter closes";
    DSchool => "学校：{}（{}）", "School: {} ({})";
    DStage => "按{}标准评估，在校生 {} 人", "Evaluated as {}, {} pupils";
    DSplit => "一贯制拆分：小学 {} 人、初中 {} 人，本部分份额 = {} / ({} + {} * 1.1) = {}", "9-year split: primary {}, junior {}; this part's share = {} / ({} + {} * 1.1) = {}";
    DSplitJunior => "一贯制拆分：小学 {} 人、初中 {} 人，本部分份额 = {} * 1.1 / ({} + {} * 1.1) = {}", "9-year split: primary {}, junior {}; this part's share = {} * 1.1 / ({} + {} * 1.1) = {}";
    DResource => "登记数：{} = {}", "Recorded: {} = {}";
    DResourceShared => "登记数：{} = {}，本部分 {} * {} = {}", "Recorded: {} = {}; this part {} * {} = {}";
    DResourceMissing => "登记数：{} 未登记，不按 0 计", "Recorded: {} not recorded (not counted as 0)";
    DFormula100 => "数值 = {} / {} 名学生 * 100 = {}", "Value = {} / {} pupils * 100 = {}";
    DFormula1 => "数值 = {} / {} 名学生 = {}", "Value = {} / {} pupils = {}";
    DStandard => "标准 {}，达到标准的 {}%：{}", "Standard {}, {}% of it: {}";
    DVerdictRule => "学校结论：7 项中至少 6 项达标，且未达标的一项不低于标准的 85%。", "School verdict: at least 6 of 7 met, and the other at 85% of its standard or more.";
    DVerdict => "本校：达标 {} 项、缺数据 {} 项，结论：{}", "This school: {} met, {} missing; verdict: {}";
    DCvFormula => "CV = sqrt(sum(Pi/P * (Xi - Xm)^2)) / Xm，Xm = 全县合计 / P", "CV = sqrt(sum(Pi/P * (Xi - Xm)^2)) / Xm, Xm = county total / P";
    DCvInputs => "P = {} 名学生，全县合计 = {}，Xm = {}", "P = {} pupils, county total = {}, Xm = {}";
    DCvValue => "CV = sqrt({}) / {} = {}，标准 <= {}：{}", "CV = sqrt({}) / {} = {}, limit <= {}: {}";
    DCvBasis => "基于 {} 所学校；缺数据未计入 {} 所{}", "Based on {} schools; {} left out for missing figures{}";
    DCvTop => "各校对方差的贡献（Pi/P * (Xi - Xm)^2 占合计的比例）：", "Each school's part of the variance (Pi/P * (Xi - Xm)^2 over the sum):";
    DCvRow => "{}  Xi = {}  {}%", "{}  Xi = {}  {}%";
    DCvEmpty => "没有学生数和该项数据齐全的学校，无法计算。", "No school has both pupils and this figure: cannot compute.";
    DRetention => "巩固率 = (毕业 - 转入 + 转出) / (入学 - 死亡)", "Retention = (graduates - transfers in + transfers out) / (entry - deaths)";
    DRetentionValue => "= ({} - {} + {}) / ({} - {}) = {} / {} = {}%", "= ({} - {} + {}) / ({} - {}) = {} / {} = {}%";
    DRetentionEntry => "入学：{}（{} 年入学）", "Entry: {} (entered {})";
    DDisabled => "入学率 = (随班就读 + 特教学校 + 送教上门) / 适龄残疾儿童", "Enrolment = (inclusive + special school + home teaching) / school-age disabled children";
    DDisabledValue => "= ({} + {} + {}) / {} = {}%", "= ({} + {} + {}) / {} = {}%";
    DDisabledSource => "前三项：台账中家庭类型含「残疾」且处于该状态的案件；适龄残疾儿童数：县情。", "The first three: ledger cases with family type disabled in that status; school-age disabled children: county facts.";
    DThreshold => "标准 >= 95%：{}", "Threshold >= 95%: {}";
    DMissingFigures => "缺数据：{}（不按 0 计）", "Missing: {} (not counted as 0)";
    DUndefined => "分母为 {}，无法计算。", "The denominator is {}: cannot compute.";
    DSizeRule => "每所学校在校生 <= 2000 人，一贯制 <= 2500 人（特殊教育学校除外）。", "Every school at most 2000 pupils, 2500 for 9-year schools (special schools excepted).";
    DClassRule => "每个班 小学 <= 45 人、初中 <= 50 人；一贯制只登记一个最大班额，46-50 人需人工确认属哪一学段。", "Every class at most 45 (primary) / 50 (junior); 9-year schools record one largest class, so 46-50 must be checked by hand.";
    DChecked => "检查 {} 所学校。", "{} schools checked.";
    DFailing => "超标：{}", "Over the limit: {}";
    DMissingSchools => "缺数据：{}", "Missing figures: {}";
    DSchoolValue => "{}（{}，上限 {}）", "{} ({}, limit {})";
    DRotationRule => "交流轮岗人数 >= 应交流教师的 10%，其中骨干 >= 20%。", "Rotated teachers >= 10% of eligible teachers, of whom backbone >= 20%.";
    DRotationPeriod => "{}年度：交流轮岗录入 {} 行（按学校或全县录入）", "{}: {} rotation rows entered (per school or county-wide)";
    DRotationValue => "轮岗 {} 人 / 教师 {} 人 = {}%；骨干 {} 人 / {} 人 = {}%", "Rotated {} / teachers {} = {}%; backbone {} / {} = {}%";
    DRotationTeachersMissing => "{} 行未填应交流教师数。", "{} rows lack the eligible teachers.";
    DStatus => "{}：{} 件，当前处于该状态的未结案件。", "{}: {} open cases now in this status.";
    DReason => "{}：{} 件，原因为此的未结案件。", "{}: {} open cases with this reason.";
    DMonth => "截至 {}：在册 {} 件。", "At {}: {} open cases.";
    DMonthRule => "登记日期不晚于当日，且当日尚未结束（已结束的以销号日期、否则以最后修改日期为结束日；已作废的不计）。", "Registered by that day and not ended by it (an ended case ends on its closing date, else its last change; voided cases are left out).";
    // Rates and guarantees tab.
    RatesTitle => "比率（标准 >= 95%）", "Rates (threshold >= 95%)";
    RateYear => "{}届", "{}";
    NoCohorts => "未录入巩固率数据（各县各年的入学、毕业、转入转出、死亡人数）。", "No cohort figures entered (entry, graduates, transfers, deaths per year).";
    DisabledEnrolment => "残疾儿童入学率", "Disabled enrolment";
    DropoutRate => "{}辍学率", "{} dropout rate";
    SchoolYear => "{}学年", "SY {}";
    NotJudged => "仅统计", "reported only";
    LargeClasses => "大班额（56—65人）/ 超大班额（66人及以上）", "Large classes (56-65) / very large (66+)";
    LargeClassCounts => "大班额 {} 个，超大班额 {} 个（{} 所学校填报班额）", "{} large, {} very large ({} schools entered classes)";
    NoClassCounts => "未填报各班额段班数（taizhang import classes）", "No class counts entered (taizhang import classes)";
    ColRetention => "初中巩固率", "Junior retention";
    HintFigures => "录入数据", "figures";
    DLargeRule => "来自各校本学年各班额段班数：56—65人为大班额，66人及以上为超大班额。", "From each school's classes by size band this school year: 56-65 is large, 66 and more very large.";
    DDropoutRule => "辍学率 = 本学年内转为辍学的儿童数 ÷ 学年初该学段在校生数（2017年办法不设标准，仅统计）。", "Dropout rate = children who dropped out in the school year / pupils of the stage enrolled at its start (no threshold in the 2017 method; reported only).";
    DDropoutSource => "分子：台账中 {}-09-01 至 {}-08-31 转为辍学的案件（按年级分学段，每人一次）；分母：taizhang import enrolment。", "Numerator: ledger cases that moved to dropped out between 1 Sep {} and 31 Aug {} (stage by grade, each child once); denominator: taizhang import enrolment.";
    ColRotationShare => "交流轮岗", "Rotation";
    ColLargeClasses => "大班额", "Large classes";
    ColJuniorDropout => "初中辍学率", "Junior dropout";
    Undefined => "无法计算", "n/a";
    GuaranteeTitle => "政府保障（由数据判断）", "Government guarantees (from the data)";
    SchoolSize => "学校规模 <= 2000（一贯制 2500）", "School size <= 2000 (9-year 2500)";
    ClassSize => "班额 小学 <= 45、初中 <= 50", "Classes <= 45 primary, <= 50 junior";
    RotationItem => "交流轮岗 >= 10%、骨干 >= 20%", "Rotation >= 10%, backbone >= 20%";
    ItemCounts => "超标 {} 所，缺数据 {} 所", "{} over, {} missing";
    RotationValue => "{}%，骨干 {}%", "{}%, backbone {}%";
    NoRotation => "本年度未录入交流轮岗", "no rotation entered for the year";
    RotationCadres => "；校长、中层 {}%", "; principals and cadres {}%";
    SheetSchools => "{}/{} 所达标", "{} of {} pass";
    SheetSourceSchools => "{} 所学校的登记数", "figures of {} schools";
    SheetCvs => "7 项中 {} 项在上限内，最大 {}", "{} of 7 within the limit, largest {}";
    SheetSourceRotations => "交流轮岗录入 {} 行（{}年度）", "{} rotation rows ({})";
    SheetSourceCohort => "巩固率录入：{}届初中", "cohort figures: junior, {}";
    SheetNoCohort => "未录入{}届初中巩固率数据", "no junior cohort entered for {}";
    SheetSourceDisabledEntered => "县录入：安置 {} 人 / 适龄残疾儿童数", "entered by the county: {} placed / school-age disabled children";
    SheetSourceDisabled => "台账 {} 件 / 县情适龄残疾儿童数", "{} ledger cases / county facts";
    HandTitle => "需人工确认", "To be confirmed by hand";
    HandSummary => "自评表人工项已确认 {}/{}：按 s 打开自评表逐项确认", "Hand items of the sheet confirmed: {}/{}; s opens the sheet to confirm them";
    SheetYear => "{}年度", "year {}";
    // Charts tab.
    ByStatus => "在册案件（按状态）", "Open cases by status";
    ByReason => "在册案件（按原因）", "Open cases by reason";
    Monthly => "近12个月月末在册数", "Open cases at each month end";
    NoReason => "未填原因", "no reason";
    NoOpenCases => "没有在册案件。", "No open cases.";
    // Hints.
    HintTab => "切换", "switch";
    HintDetail => "明细", "details";
    HintColumn => "指标", "indicator";
    HintIndicators => "优质均衡", "indicators";
    HintSheet => "自评表", "sheet";
    // Report (CLI).
    ReportTitle => "优质均衡指标：{} {}（{} 计算，数据来自本库）", "Quality-balance indicators: {} {} (computed {} from this database)";
    ReportSection => "【{}】", "[{}]";
    ReportIndicator => "指标", "Indicator";
    ReportStandard => "标准", "Standard";
    ReportCv => "差异系数", "CV";
    ReportLimit => "上限", "Limit";
    ReportBasis => "学校数", "Schools";
    ReportTop => "拉高最多", "Pulls up most";
    ReportItem => "项目", "Item";
    ReportValue => "数值", "Value";
    ReportResult => "结论", "Result";
    ReportReason => "不计入原因", "Reason left out";
    ReportExcluded => "不计入的学校", "Schools left out";
    ReportCount => "件数", "Cases";
    ReportMonth => "日期", "Date";
    ReportMet => "达标项", "Met";
    ReportWritten => "已写入 {}", "Written to {}";
    ReportWriteFailed => "无法写入 {}：{}。请检查目录是否存在、是否有写权限。", "Cannot write {}: {}. Check that the folder exists and is writable.";
    ReportBadFormat => "未知格式 {}：可用 text、csv、xlsx 或 json。", "Unknown format {}: use text, csv, xlsx or json.";
    ReportXlsxNeedsFile => "xlsx 是二进制文件，请用 -o 文件名.xlsx 指定输出文件。", "xlsx is a binary file: give an output file with -o NAME.xlsx.";
    ReportNotCounty => "{} 不是县级地区代码：请给出 6 位县级代码，例如 231123（逊克县）。", "{} is not a county-level code: give a 6-digit county code such as 231123.";
    ReportUnknownCounty => "找不到县级地区 {}。请检查代码（可在地区树中查看）。", "No county-level region {}. Check the code (the region tree shows it).";
    ReportLoadFailed => "读取数据库出错：{}", "Error reading the database: {}";
}}

/// An indicator's names, zh and en: its short column heading (fits 6 columns), its full
/// name with the unit, and the recorded figure behind it with its unit. One row each.
/// Per indicator, in the order of `Indicator::ALL` (`Indicator::index`): the short name
/// (a table heading of 6 columns), the long name with its unit, and the recorded figure
/// behind it, each zh and en. One row an indicator, so it reads as the table it is.
#[rustfmt::skip]
const NAMES: [[(&str, &str); 3]; N_INDICATORS] = [
    [("学历", "Degree"), ("高于规定学历教师数（每百名学生）", "Teachers above the required degree per 100 pupils"), ("高于规定学历教师（人）", "teachers above the required degree")],
    [("骨干", "Backbn"), ("县级以上骨干教师数（每百名学生）", "County-level backbone teachers per 100 pupils"), ("骨干教师（人）", "backbone teachers")],
    [("体艺", "PE/Art"), ("体育、艺术专任教师数（每百名学生）", "PE and arts teachers per 100 pupils"), ("体艺教师（人）", "PE and arts teachers")],
    [("校舍", "Bldg"), ("生均教学及辅助用房面积（平方米）", "Teaching and auxiliary building sq m per pupil"), ("教学及辅助用房（平方米）", "building sq m")],
    [("运动场", "Sports"), ("生均体育运动场馆面积（平方米）", "Sports ground sq m per pupil"), ("体育运动场馆（平方米）", "sports ground sq m")],
    [("设备", "Equip"), ("生均教学仪器设备值（元）", "Equipment value yuan per pupil"), ("教学仪器设备值（元）", "equipment yuan")],
    [("多媒体", "Media"), ("网络多媒体教室数（每百名学生）", "Network multimedia classrooms per 100 pupils"), ("网络多媒体教室（间）", "multimedia classrooms")],
];

fn name(ind: Indicator, which: usize) -> &'static str {
    let (zh, en) = NAMES[ind.index()][which];
    pick(zh, en)
}

/// Short column heading of an indicator (fits 6 columns).
pub fn short(ind: Indicator) -> &'static str {
    name(ind, 0)
}

/// The indicator's full name with its unit.
pub fn long(ind: Indicator) -> &'static str {
    name(ind, 1)
}

/// The recorded figure behind an indicator, with its unit.
pub fn resource(ind: Indicator) -> &'static str {
    name(ind, 2)
}

pub fn stage(s: Stage) -> &'static str {
    match s {
        Stage::Primary => I::TabPrimary.s(),
        Stage::Junior => I::TabJunior.s(),
    }
}

pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => I::Pass.s(),
        Verdict::Fail => I::Fail.s(),
        Verdict::Incomplete => I::Incomplete.s(),
    }
}

/// Met / not met / missing.
pub fn met(m: Option<bool>) -> &'static str {
    match m {
        Some(true) => I::Met.s(),
        Some(false) => I::NotMet.s(),
        None => I::Missing.s(),
    }
}

pub fn check(c: Check) -> &'static str {
    match c {
        Check::Met => I::Met.s(),
        Check::NotMet => I::NotMet.s(),
        Check::Missing => I::Missing.s(),
    }
}

pub fn exclusion(e: &Exclusion) -> String {
    match e {
        Exclusion::Special => I::ExclSpecial.s().to_string(),
        Exclusion::SmallTeachingPoint(n) => super::fill(I::ExclSmallPoint.s(), &[n]),
        Exclusion::NoStudents => I::ExclNoStudents.s().to_string(),
        Exclusion::NoSplit => I::ExclNoSplit.s().to_string(),
        Exclusion::UnknownKind => I::ExclUnknownKind.s().to_string(),
    }
}

pub fn cohort_stage(s: CohortStage) -> &'static str {
    pick(
        match s {
            CohortStage::Junior => "初中三年巩固率",
            CohortStage::NineYear => "九年巩固率",
        },
        match s {
            CohortStage::Junior => "Junior 3-year retention",
            CohortStage::NineYear => "9-year retention",
        },
    )
}

/// 初中 / 九年: a cohort's stage as files write it.
pub fn cohort_stage_short(s: CohortStage) -> &'static str {
    match (s, super::lang()) {
        (CohortStage::Junior, super::Lang::Zh) => "初中",
        (CohortStage::NineYear, super::Lang::Zh) => "九年",
        (CohortStage::Junior, super::Lang::En) => "junior",
        (CohortStage::NineYear, super::Lang::En) => "nine_year",
    }
}

/// A school stage as files write it: 小学 / 初中 (primary / junior), read back by the import.
pub fn stage_short(s: Stage) -> &'static str {
    match (s, super::lang()) {
        (Stage::Primary, super::Lang::Zh) => "小学",
        (Stage::Junior, super::Lang::Zh) => "初中",
        (Stage::Primary, super::Lang::En) => "primary",
        (Stage::Junior, super::Lang::En) => "junior",
    }
}

pub fn figure(f: Figure) -> &'static str {
    let (zh, en) = match f {
        Figure::EntryEnrolment => ("入学人数", "entry enrolment"),
        Figure::Graduates => ("毕业人数", "graduates"),
        Figure::TransfersIn => ("转入人数", "transfers in"),
        Figure::TransfersOut => ("转出人数", "transfers out"),
        Figure::Deaths => ("死亡人数", "deaths"),
        Figure::DisabledChildren => ("适龄残疾儿童数（县情）", "school-age disabled children (county facts)"),
        Figure::Enrolment => ("在校生数", "enrolment"),
    };
    pick(zh, en)
}

pub fn hand_item(h: HandItem) -> &'static str {
    let (zh, en) = match h {
        HandItem::Planning => ("学校布局规划", "school layout plan"),
        HandItem::BuildingStandard => ("城乡学校统一建设标准", "one building standard in town and country"),
        HandItem::SpecialRooms => ("音乐、美术专用教室", "music and art rooms"),
        HandItem::PublicFunds => ("生均公用经费", "public funds per pupil"),
        HandItem::SpecialFunds => ("特教生均公用经费不低于6000元", "special education funds >= 6000 yuan"),
        HandItem::TeacherPay => ("教师工资不低于当地公务员", "teacher pay >= local civil servants"),
        HandItem::Staffing => ("教职工编制", "staffing quotas"),
        HandItem::TrainingFunds => ("培训经费占公用经费5%", "training funds 5% of public funds"),
        HandItem::TrainingHours => ("教师5年360学时培训", "360 training hours in 5 years"),
        HandItem::Certified => ("专任教师持证上岗", "certified teachers"),
        HandItem::NearbySchool => ("就近入学比例", "nearby enrolment"),
        HandItem::Migrant => ("随迁子女在公办学校就读", "migrant children in public schools"),
        HandItem::LeftBehind => ("留守儿童关爱体系", "care for left-behind children"),
    };
    pick(zh, en)
}

fn pick(zh: &'static str, en: &'static str) -> &'static str {
    match super::lang() {
        super::Lang::Zh => zh,
        super::Lang::En => en,
    }
}
