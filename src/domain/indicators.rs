//! 优质均衡 resource indicators (docs/domain.md §5, 县域义务教育优质均衡发展督导评估办法 2017):
//! per-school values against the 小学 / 初中 standards, each school's verdict, the county's
//! student-weighted coefficients of variation and the government-guarantee items the data
//! can answer. Pure: the inputs come from `db::indicators`, the words from `i18n`.
//!
//! A missing figure is never a zero: it makes a value `None`, the school's verdict
//! "incomplete" unless the known figures already fail it, and the school drops out of that
//! indicator's CV (which says how many schools it is based on).

use super::codes::SchoolKind;

/// 小学 or 初中: the two sets of standards and thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Primary,
    Junior,
}

impl Stage {
    pub const ALL: [Stage; 2] = [Stage::Primary, Stage::Junior];

    /// The CV a county may not exceed for this stage.
    pub fn cv_limit(self) -> f64 {
        match self {
            Stage::Primary => 0.50,
            Stage::Junior => 0.45,
        }
    }

    /// Every class at most this many students.
    pub fn class_limit(self) -> i64 {
        match self {
            Stage::Primary => 45,
            Stage::Junior => 50,
        }
    }
}

/// The seven resource indicators, in the order of the 2017 办法.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Indicator {
    /// Teachers above the required degree, per 100 students.
    Degree,
    /// 骨干 teachers (county level or above), per 100 students.
    Backbone,
    /// PE and arts teachers, per 100 students.
    PeArts,
    /// Teaching and auxiliary building m² per student.
    Building,
    /// Sports ground m² per student.
    Sports,
    /// Equipment value 元 per student.
    Equipment,
    /// Network multimedia classrooms per 100 students.
    Multimedia,
}

pub const N_INDICATORS: usize = 7;

impl Indicator {
    pub const ALL: [Indicator; N_INDICATORS] = [
        Indicator::Degree,
        Indicator::Backbone,
        Indicator::PeArts,
        Indicator::Building,
        Indicator::Sports,
        Indicator::Equipment,
        Indicator::Multimedia,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn standard(self, stage: Stage) -> f64 {
        let (p, j) = match self {
            Indicator::Degree => (4.2, 5.3),
            Indicator::Backbone => (1.0, 1.0),
            Indicator::PeArts => (0.9, 0.9),
            Indicator::Building => (4.5, 5.8),
            Indicator::Sports => (7.5, 10.2),
            Indicator::Equipment => (2000.0, 2500.0),
            Indicator::Multimedia => (2.3, 2.4),
        };
        match stage {
            Stage::Primary => p,
            Stage::Junior => j,
        }
    }

    /// Counted per 100 students (teachers, rooms) rather than per student (areas, money).
    pub fn per_hundred(self) -> bool {
        matches!(self, Indicator::Degree | Indicator::Backbone | Indicator::PeArts | Indicator::Multimedia)
    }

    /// 100 for per-100-student indicators, 1 otherwise.
    pub fn scale(self) -> f64 {
        if self.per_hundred() {
            100.0
        } else {
            1.0
        }
    }

    /// A value the way the evaluation tables print it.
    pub fn format(self, v: f64) -> String {
        match self {
            Indicator::Equipment => crate::text::fixed(v, 0),
            _ => crate::text::fixed(v, 2),
        }
    }
}

/// At least this share of its standard for the one indicator a passing school may miss.
pub const LAST_SHARE: f64 = 0.85;
/// At least this many of the seven indicators met for a school to pass.
pub const MIN_MET: usize = 6;
/// 九年一贯制: a 初中 student weighs this much against a 小学 student when resources are shared.
pub const JUNIOR_WEIGHT: f64 = 1.1;
/// 教学点 with fewer students than this are left out of the evaluation.
pub const SMALL_POINT: i64 = 50;

/// One school's figures as recorded (`None`: not recorded).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchoolInput {
    pub id: i64,
    pub name: String,
    pub kind: Option<SchoolKind>,
    pub students: Option<i64>,
    pub primary_students: Option<i64>,
    pub junior_students: Option<i64>,
    pub largest_class: Option<i64>,
    /// The evaluation year's classes by size band, per stage (empty: not entered; then the
    /// largest class decides).
    pub classes: Vec<ClassCount>,
    pub teachers: Option<i64>,
    /// The seven resource figures in [`Indicator::ALL`] order.
    pub resources: [Option<f64>; N_INDICATORS],
}

/// Why the rules leave a school out.
#[derive(Debug, Clone, PartialEq)]
pub enum Exclusion {
    /// 特殊教育学校 are evaluated separately.
    Special,
    /// A 教学点 with fewer than [`SMALL_POINT`] students.
    SmallTeachingPoint(i64),
    /// The number of students is not recorded (or is zero): no value can be computed.
    NoStudents,
    /// An 一贯制 school without its 小学 / 初中 student numbers: its resources cannot be split.
    NoSplit,
    /// A kind the database does not know.
    UnknownKind,
}

/// A school the rules leave out, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    pub id: i64,
    pub name: String,
    pub kind: Option<SchoolKind>,
    pub students: Option<i64>,
    pub reason: Exclusion,
}

/// How a school stands on one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// The resource attributed to this part of the school (all of it unless split).
    pub amount: Option<f64>,
    /// Per student, or per 100 students.
    pub value: Option<f64>,
    pub standard: f64,
}

impl Cell {
    /// Value ÷ standard.
    pub fn share(&self) -> Option<f64> {
        self.value.map(|v| v / self.standard)
    }

    /// `None` when the figure is missing.
    pub fn met(&self) -> Option<bool> {
        self.value.map(|v| v >= self.standard - 1e-9)
    }
}

/// A school's verdict on the seven indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// Figures are missing and the known ones do not decide it.
    Incomplete,
}

/// The school (or its 小学 / 初中 part) evaluated against one stage's standards.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolPart {
    pub id: i64,
    pub name: String,
    pub kind: Option<SchoolKind>,
    pub stage: Stage,
    /// Students of this part.
    pub students: i64,
    /// Share of the school's resources given to this part (1 unless split).
    pub resource_share: f64,
    /// The split's inputs for 一贯制 schools: (小学 students, 初中 students).
    pub split: Option<(i64, i64)>,
    pub cells: [Cell; N_INDICATORS],
    pub verdict: Verdict,
}

impl SchoolPart {
    pub fn met_count(&self) -> usize {
        self.cells.iter().filter(|c| c.met() == Some(true)).count()
    }

    pub fn missing_count(&self) -> usize {
        self.cells.iter().filter(|c| c.value.is_none()).count()
    }
}

/// The verdict from the seven cells: at least [`MIN_MET`] met and the rest at ≥ 85 %.
pub fn verdict(cells: &[Cell; N_INDICATORS]) -> Verdict {
    let missing = cells.iter().filter(|c| c.value.is_none()).count();
    let unmet: Vec<f64> = cells.iter().filter(|c| c.met() == Some(false)).filter_map(|c| c.share()).collect();
    let allowed = N_INDICATORS - MIN_MET;
    let too_many = unmet.len() > allowed;
    let too_low = unmet.iter().any(|s| *s < LAST_SHARE - 1e-9);
    if too_many || too_low {
        Verdict::Fail
    } else if missing > 0 {
        Verdict::Incomplete
    } else {
        Verdict::Pass
    }
}

/// Which stage(s) a school kind teaches: `None` for the kinds that are split.
fn single_stage(kind: SchoolKind) -> Option<Stage> {
    match kind {
        SchoolKind::Primary | SchoolKind::TeachingPoint => Some(Stage::Primary),
        SchoolKind::Junior | SchoolKind::CompleteMiddle => Some(Stage::Junior),
        _ => None,
    }
}

/// 一贯制 split: the 小学 part's share of the resources, 小学 : 初中 × 1.1.
pub fn primary_share(primary: i64, junior: i64) -> f64 {
    let p = primary as f64;
    let j = junior as f64 * JUNIOR_WEIGHT;
    if p + j <= 0.0 {
        0.0
    } else {
        p / (p + j)
    }
}

fn part(s: &SchoolInput, stage: Stage, students: i64, share: f64, split: Option<(i64, i64)>) -> SchoolPart {
    let mut cells = [Cell { amount: None, value: None, standard: 0.0 }; N_INDICATORS];
    for ind in Indicator::ALL {
        let amount = s.resources[ind.index()].map(|r| r * share);
        cells[ind.index()] =
            Cell { amount, value: amount.map(|a| a / students as f64 * ind.scale()), standard: ind.standard(stage) };
    }
    SchoolPart {
        id: s.id,
        name: s.name.clone(),
        kind: s.kind,
        stage,
        students,
        resource_share: share,
        split,
        verdict: verdict(&cells),
        cells,
    }
}

/// Every school's parts (one per stage it teaches) and the schools left out.
pub fn evaluate_schools(schools: &[SchoolInput]) -> (Vec<SchoolPart>, Vec<Excluded>) {
    let mut parts = Vec::new();
    let mut excluded = Vec::new();
    for s in schools {
        let exclude = |reason| Excluded { id: s.id, name: s.name.clone(), kind: s.kind, students: s.students, reason };
        let Some(kind) = s.kind else {
            excluded.push(exclude(Exclusion::UnknownKind));
            continue;
        };
        if kind == SchoolKind::Special {
            excluded.push(exclude(Exclusion::Special));
            continue;
        }
        let students = match s.students {
            Some(n) if n > 0 => n,
            _ => {
                excluded.push(exclude(Exclusion::NoStudents));
                continue;
            }
        };
        if kind == SchoolKind::TeachingPoint && students < SMALL_POINT {
            excluded.push(exclude(Exclusion::SmallTeachingPoint(students)));
            continue;
        }
        match single_stage(kind) {
            Some(stage) => parts.push(part(s, stage, students, 1.0, None)),
            None => {
                let (Some(p), Some(j)) = (s.primary_students, s.junior_students) else {
                    excluded.push(exclude(Exclusion::NoSplit));
                    continue;
                };
                if p + j <= 0 {
                    excluded.push(exclude(Exclusion::NoSplit));
                    continue;
                }
                let share = primary_share(p, j);
                if p > 0 {
                    parts.push(part(s, Stage::Primary, p, share, Some((p, j))));
                }
                if j > 0 {
                    parts.push(part(s, Stage::Junior, j, 1.0 - share, Some((p, j))));
                }
            }
        }
    }
    (parts, excluded)
}

/// A student-weighted coefficient of variation and what each school adds to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cv {
    /// Σ P_i.
    pub students: f64,
    /// Σ of the resource (the county total).
    pub total: f64,
    /// X̄ = total ÷ P (× 100 for per-100 indicators).
    pub mean: f64,
    /// Σ (P_i/P)(X_i − X̄)².
    pub variance: f64,
    /// `None` when X̄ is 0 (no resource anywhere).
    pub cv: Option<f64>,
    /// Per school, in input order: (P_i/P)(X_i − X̄)², its part of the variance.
    pub terms: Vec<f64>,
    /// Per school, X_i.
    pub values: Vec<f64>,
}

/// `CV = sqrt(Σ (P_i/P)(X_i − X̄)²) / X̄` with X̄ = total ÷ P, over (students, amount) pairs.
/// `scale` is 100 for per-100-student indicators. `None` for no students at all.
pub fn weighted_cv(items: &[(f64, f64)], scale: f64) -> Option<Cv> {
    let students: f64 = items.iter().map(|(p, _)| p).sum();
    if students <= 0.0 || items.iter().any(|(p, _)| *p <= 0.0) {
        return None;
    }
    let total: f64 = items.iter().map(|(_, r)| r).sum();
    let mean = total / students * scale;
    let values: Vec<f64> = items.iter().map(|(p, r)| r / p * scale).collect();
    let terms: Vec<f64> =
        items.iter().zip(&values).map(|((p, _), x)| (p / students) * (x - mean) * (x - mean)).collect();
    let variance: f64 = terms.iter().sum();
    let cv = (mean > 0.0).then(|| variance.sqrt() / mean);
    Some(Cv { students, total, mean, variance, cv, terms, values })
}

/// One indicator's CV across a stage's schools.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorCv {
    pub indicator: Indicator,
    pub stage: Stage,
    pub limit: f64,
    /// The parts it is based on (indexes into the stage's parts).
    pub based_on: Vec<usize>,
    /// Parts left out for a missing figure.
    pub missing: Vec<usize>,
    pub cv: Option<Cv>,
}

impl IndicatorCv {
    /// `None` when it cannot be computed.
    pub fn met(&self) -> Option<bool> {
        self.cv.as_ref().and_then(|c| c.cv).map(|v| v <= self.limit + 1e-12)
    }

    /// The parts that pull the CV up most: (part index, share of the variance, X_i), largest
    /// first.
    pub fn contributors(&self) -> Vec<(usize, f64, f64)> {
        let Some(cv) = &self.cv else { return Vec::new() };
        let mut out: Vec<(usize, f64, f64)> = self
            .based_on
            .iter()
            .zip(cv.terms.iter().zip(&cv.values))
            .map(|(i, (t, x))| (*i, if cv.variance > 0.0 { t / cv.variance } else { 0.0 }, *x))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// The stage's CV for each indicator over `parts` (all of the same stage).
pub fn stage_cvs(stage: Stage, parts: &[&SchoolPart]) -> Vec<IndicatorCv> {
    Indicator::ALL
        .iter()
        .map(|ind| {
            let mut based_on = Vec::new();
            let mut missing = Vec::new();
            let mut items = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                match p.cells[ind.index()].amount {
                    Some(a) => {
                        based_on.push(i);
                        items.push((p.students as f64, a));
                    }
                    None => missing.push(i),
                }
            }
            IndicatorCv {
                indicator: *ind,
                stage,
                limit: stage.cv_limit(),
                based_on,
                missing,
                cv: weighted_cv(&items, ind.scale()),
            }
        })
        .collect()
}

/// Everything a stage tab shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StageReport {
    pub stage: Stage,
    pub parts: Vec<SchoolPart>,
    pub cvs: Vec<IndicatorCv>,
}

impl StageReport {
    /// The stage passes the resource indicators when every school passes and every CV is
    /// within its limit; `None` when missing figures leave it open (or there are no schools).
    pub fn passes(&self) -> Option<bool> {
        if self.parts.is_empty() {
            return None;
        }
        let fail =
            self.parts.iter().any(|p| p.verdict == Verdict::Fail) || self.cvs.iter().any(|c| c.met() == Some(false));
        let open =
            self.parts.iter().any(|p| p.verdict == Verdict::Incomplete) || self.cvs.iter().any(|c| c.met().is_none());
        if fail {
            Some(false)
        } else if open {
            None
        } else {
            Some(true)
        }
    }

    pub fn schools_passing(&self) -> usize {
        self.parts.iter().filter(|p| p.verdict == Verdict::Pass).count()
    }
}

/// Both stages and the schools left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceReport {
    pub stages: Vec<StageReport>,
    pub excluded: Vec<Excluded>,
}

impl ResourceReport {
    pub fn stage(&self, stage: Stage) -> &StageReport {
        &self.stages[stage as usize]
    }

    /// The county's resource verdict over both stages (stages without schools don't count).
    pub fn passes(&self) -> Option<bool> {
        let verdicts: Vec<Option<bool>> =
            self.stages.iter().filter(|s| !s.parts.is_empty()).map(|s| s.passes()).collect();
        if verdicts.is_empty() {
            None
        } else if verdicts.contains(&Some(false)) {
            Some(false)
        } else if verdicts.contains(&None) {
            None
        } else {
            Some(true)
        }
    }
}

pub fn evaluate(schools: &[SchoolInput]) -> ResourceReport {
    let (parts, excluded) = evaluate_schools(schools);
    let stages = Stage::ALL
        .iter()
        .map(|stage| {
            let mine: Vec<SchoolPart> = parts.iter().filter(|p| p.stage == *stage).cloned().collect();
            let refs: Vec<&SchoolPart> = mine.iter().collect();
            let cvs = stage_cvs(*stage, &refs);
            StageReport { stage: *stage, parts: mine, cvs }
        })
        .collect();
    ResourceReport { stages, excluded }
}

// ---------------------------------------------------------------------------------------
// Government-guarantee items the data can answer.

/// Met, not met, or not answerable from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Met,
    NotMet,
    Missing,
}

/// A per-school check (school size or largest class).
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolCheck {
    pub id: i64,
    pub name: String,
    pub value: Option<i64>,
    pub limit: i64,
    pub check: Check,
}

/// A county-wide per-school item: which schools break it and which lack the figure.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolItem {
    pub checked: usize,
    pub failing: Vec<SchoolCheck>,
    pub missing: Vec<SchoolCheck>,
}

impl SchoolItem {
    pub fn check(&self) -> Check {
        if !self.failing.is_empty() {
            Check::NotMet
        } else if !self.missing.is_empty() || self.checked == 0 {
            Check::Missing
        } else {
            Check::Met
        }
    }
}

fn school_item(checks: Vec<SchoolCheck>) -> SchoolItem {
    SchoolItem {
        checked: checks.len(),
        failing: checks.iter().filter(|c| c.check == Check::NotMet).cloned().collect(),
        missing: checks.iter().filter(|c| c.check == Check::Missing).cloned().collect(),
    }
}

/// Schools the guarantee items look at: every open school except 特殊教育学校.
fn counted(s: &SchoolInput) -> bool {
    s.kind.is_some_and(|k| k != SchoolKind::Special)
}

/// School size ≤ 2000 students (≤ 2500 for 一贯制).
pub fn school_size(schools: &[SchoolInput]) -> SchoolItem {
    school_item(
        schools
            .iter()
            .filter(|s| counted(s))
            .map(|s| {
                let limit = s.kind.map(super::school::large_school_limit).unwrap_or(2000);
                let check = match s.students {
                    Some(n) if n <= limit => Check::Met,
                    Some(_) => Check::NotMet,
                    None => Check::Missing,
                };
                SchoolCheck { id: s.id, name: s.name.clone(), value: s.students, limit, check }
            })
            .collect(),
    )
}

/// The smallest size of each band of [`ClassCount::bands`]: ≤ 45, 46–50, 51–55, 56–65
/// (大班额), 66 and more (超大班额).
pub const BAND_FLOORS: [i64; 5] = [1, 46, 51, 56, 66];

/// One stage's classes of a school, counted by size band (see [`BAND_FLOORS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCount {
    pub stage: Stage,
    pub bands: [i64; 5],
}

impl ClassCount {
    /// Classes above the stage's limit (45 小学, 50 初中).
    pub fn over_limit(&self) -> i64 {
        let limit = self.stage.class_limit();
        BAND_FLOORS.iter().zip(self.bands).filter(|(floor, _)| **floor > limit).map(|(_, n)| n).sum()
    }

    /// The smallest size of the largest band that holds a class (`None`: no class).
    pub fn largest_at_least(&self) -> Option<i64> {
        BAND_FLOORS.iter().zip(self.bands).rev().find(|(_, n)| *n > 0).map(|(floor, _)| *floor)
    }

    /// 大班额 (56–65) classes.
    pub fn large(&self) -> i64 {
        self.bands[3]
    }

    /// 超大班额 (66 and more) classes.
    pub fn very_large(&self) -> i64 {
        self.bands[4]
    }
}

/// The county's 大班额 and 超大班额 classes in the entered class counts, and how many open
/// schools have counts: (large, very large, schools counted).
pub fn large_classes(schools: &[SchoolInput]) -> (i64, i64, usize) {
    let with: Vec<&SchoolInput> = schools.iter().filter(|s| !s.classes.is_empty()).collect();
    let large = with.iter().flat_map(|s| &s.classes).map(ClassCount::large).sum();
    let very = with.iter().flat_map(|s| &s.classes).map(ClassCount::very_large).sum();
    (large, very, with.len())
}

/// A school's class check from its counts by band: every class of each stage within limit.
fn class_check_of_counts(s: &SchoolInput, limit: i64) -> SchoolCheck {
    let check = if s.classes.iter().any(|c| c.over_limit() > 0) { Check::NotMet } else { Check::Met };
    let value = s.classes.iter().filter_map(ClassCount::largest_at_least).max();
    SchoolCheck { id: s.id, name: s.name.clone(), value, limit, check }
}

/// Every class ≤ 45 (小学) / ≤ 50 (初中), from the year's class counts where entered.
/// Otherwise from the largest class: an 一贯制 school records one for both stages, so above
/// 50 it fails, between 46 and 50 it cannot be told from the data.
pub fn class_size(schools: &[SchoolInput]) -> SchoolItem {
    school_item(
        schools
            .iter()
            .filter(|s| counted(s))
            .map(|s| {
                let stage = s.kind.and_then(single_stage);
                let limit = stage.unwrap_or(Stage::Primary).class_limit();
                if !s.classes.is_empty() {
                    return class_check_of_counts(s, limit);
                }
                let check = match (s.largest_class, stage) {
                    (None, _) => Check::Missing,
                    (Some(n), Some(st)) if n <= st.class_limit() => Check::Met,
                    (Some(_), Some(_)) => Check::NotMet,
                    (Some(n), None) if n <= Stage::Primary.class_limit() => Check::Met,
                    (Some(n), None) if n > Stage::Junior.class_limit() => Check::NotMet,
                    (Some(_), None) => Check::Missing,
                };
                SchoolCheck { id: s.id, name: s.name.clone(), value: s.largest_class, limit, check }
            })
            .collect(),
    )
}

/// 交流轮岗: at least 10 % of eligible teachers rotated, and 骨干 at least 20 % of them.
pub const ROTATION_SHARE: f64 = 0.10;
pub const ROTATION_BACKBONE_SHARE: f64 = 0.20;

/// The rotation item's inputs and outcome, from the year's entered rotations (`rotations`:
/// per school or for the county as a whole).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rotation {
    /// Teachers rotated in the year.
    pub rotated: i64,
    pub rotated_backbone: i64,
    /// Rotation rows entered for the year.
    pub rows: i64,
    /// Eligible teachers (应交流教师) over the rows that give the figure.
    pub teachers: Option<i64>,
    /// Rows without the number of eligible teachers.
    pub teachers_missing: usize,
    /// Principals and cadres: (eligible, rotated), when any row gives them.
    pub cadres: Option<(i64, i64)>,
}

impl Rotation {
    pub fn share(&self) -> Option<f64> {
        match self.teachers {
            Some(t) if t > 0 => Some(self.rotated as f64 / t as f64),
            _ => None,
        }
    }

    pub fn backbone_share(&self) -> Option<f64> {
        (self.rotated > 0).then(|| self.rotated_backbone as f64 / self.rotated as f64)
    }

    /// Principals and cadres rotated ÷ eligible (reported; the 2017 item does not set a limit).
    pub fn cadre_share(&self) -> Option<f64> {
        self.cadres.and_then(|(e, r)| (e > 0).then(|| r as f64 / e as f64))
    }

    /// Missing when no rotation is recorded at all or eligible counts are incomplete.
    pub fn check(&self) -> Check {
        if self.rows == 0 || self.teachers_missing > 0 {
            return Check::Missing;
        }
        match (self.share(), self.backbone_share()) {
            (Some(s), Some(b)) if s >= ROTATION_SHARE - 1e-12 && b >= ROTATION_BACKBONE_SHARE - 1e-12 => Check::Met,
            (Some(_), _) => Check::NotMet,
            _ => Check::Missing,
        }
    }
}

/// The three guarantee items the data answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Guarantees {
    pub school_size: SchoolItem,
    pub class_size: SchoolItem,
    pub rotation: Rotation,
}

pub fn guarantees(schools: &[SchoolInput], rotation: Rotation) -> Guarantees {
    Guarantees { school_size: school_size(schools), class_size: class_size(schools), rotation }
}

/// The government-guarantee items the data cannot answer (labels in `i18n::indicators`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandItem {
    Planning,
    BuildingStandard,
    SpecialRooms,
    PublicFunds,
    SpecialFunds,
    TeacherPay,
    Staffing,
    TrainingFunds,
    TrainingHours,
    Certified,
    NearbySchool,
    Migrant,
    LeftBehind,
}

impl HandItem {
    pub const ALL: &'static [HandItem] = &[
        HandItem::Planning,
        HandItem::BuildingStandard,
        HandItem::SpecialRooms,
        HandItem::PublicFunds,
        HandItem::SpecialFunds,
        HandItem::TeacherPay,
        HandItem::Staffing,
        HandItem::TrainingFunds,
        HandItem::TrainingHours,
        HandItem::Certified,
        HandItem::NearbySchool,
        HandItem::Migrant,
        HandItem::LeftBehind,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        let items: Vec<(f64, f64)> =
            [(45.0, 279.0), (37.0, 137.0), (89.0, 935.0), (76.0, 160.0), (55.0, 402.0)].to_vec();
        let cv = weighted_cv(&items, 1.0).unwrap_or_else(|| panic!("cv"));
        assert!((cv.mean - 6.334).abs() < 0.001, "{}", cv.mean);
        assert!((cv.cv.unwrap_or(0.0) - 0.515).abs() < 0.001, "{:?}", cv.cv);
    }
}
