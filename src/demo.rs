//! Demo data for a freshly created database: county facts, schools, school alliances with
//! their activity logs, cohort figures and a dropout-control ledger (控辍保学台账), shaped by
//! the facts of the seed articles (docs/domain.md §7).
//!
//! 演示数据 — synthetic. Every person is invented and named surname + 某 + one character
//! (张某伟); every phone number starts with 100, which no Chinese mobile number does; ID
//! numbers are well-formed but generated. School names and counts come from the public
//! articles; all figures are made up around them.
//!
//! Deterministic: the same [`DemoOptions`] give identical rows (a splitmix64 generator in
//! this module, no clock, no hash-order dependence). Case `n` does not depend on how many
//! cases follow it, so a small seed is a prefix of a large one.
//!
//! Pure: no SQL here. [`generate`] returns the schools, alliances, facts and cohorts as
//! plain rows that name each other by list index; [`DemoData::cases`] hands the cases to a
//! sink one at a time. `db::demo` writes both (cached statements, named parameters, and
//! for a large ledger its indexes rebuilt once).
//!
//! Fast: a million cases — names and their pinyin initials computed once, date texts
//! looked up in a table, each case built in reused buffers, case events only for the first
//! [`EVENT_CASES`] cases.
//!
//! Every case's history is a chain of steps `case_status::next_status` allows, and every
//! case passes `domain::case::validate` (the tests check both).

// 演示数据 — synthetic: no real person, phone number or ID number is in this file.

pub mod evaluation;
pub mod history;
pub mod items;
pub mod registry;

use crate::domain::case_status::{ledger_after, next_status, CaseAction, CaseStatus};
use crate::domain::codes::{ActivityKind, AllianceKind, AllianceLevel, Ledger, Location, MemberRole, SchoolKind};
use crate::domain::id_number::check_char;
use crate::domain::pinyin::initials_index;
use crate::domain::school_rules::SchoolRecord;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// How many cases (children) the ledger gets.
    pub cases: u64,
    /// The day the data is "as of": every generated date is on or before it.
    pub today: chrono::NaiveDate,
    /// Seed of the generator; the same seed gives the same rows.
    pub seed: u64,
}

/// How many rows were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub schools: u64,
    pub alliances: u64,
    /// Rows of `alliance_members` (a school in a city-level and a county-level alliance
    /// counts twice).
    pub members: u64,
    pub cases: u64,
}

/// The number of cases a first-run default database gets.
pub const DEFAULT_CASES: u64 = 2000;

/// Only the first this many cases get a timeline (`case_events`), so a million stays fast.
pub const EVENT_CASES: u64 = 2000;

/// The generator found its own tables inconsistent (a school or county it names is not
/// there): a defect of this module, never of the user's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoError(pub String);

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "演示数据内部错误：{}", self.0)
    }
}

impl std::error::Error for DemoError {}

fn internal(what: &str) -> DemoError {
    DemoError(what.to_string())
}

/// Region names by code, with the parent's code: what the 户籍 texts are made of.
pub type Regions = HashMap<String, (String, Option<String>)>;

/// Everything but the ledger, in the order it is written. Schools and alliances refer to
/// each other by their index in these lists; the writer maps an index to the row id the
/// database gave it.
pub struct DemoData {
    pub counties: &'static [CountyFacts],
    pub schools: Vec<DemoSchool>,
    /// Each alliance with its members, lead first.
    pub alliances: Vec<DemoAlliance>,
    /// In the order they were made (not grouped by alliance).
    pub activities: Vec<DemoActivity>,
    pub cohorts: Vec<DemoCohort>,
    pub rotations: Vec<evaluation::DemoRotation>,
    pub entries: Vec<evaluation::DemoEntry>,
    seed: u64,
    today_n: i32,
    s0: i32,
    dates: Dates,
    infos: Vec<SchoolInfo>,
}

/// One row of `schools`: the school as the school form would save it, in its county;
/// `merged_into` is the index of a school earlier in the list (the record's own
/// `merged_into` is left empty until the writer knows that school's row id).
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSchool {
    pub county_code: &'static str,
    pub record: SchoolRecord,
    pub merged_into: Option<usize>,
}

/// One row of `alliances`, with its `alliance_members` (school indexes), lead first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAlliance {
    pub name: String,
    pub kind: AllianceKind,
    pub level: AllianceLevel,
    pub region_code: &'static str,
    pub lead: usize,
    pub founded_on: String,
    pub mode: &'static str,
    pub members: Vec<(usize, MemberRole)>,
}

/// One row of `alliance_activities`; `alliance` is an index into [`DemoData::alliances`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoActivity {
    pub alliance: usize,
    pub held_on: String,
    pub kind: ActivityKind,
    pub participants: i64,
    pub rotated_teachers: Option<i64>,
    pub rotated_backbone: Option<i64>,
    pub note: &'static str,
}

/// One row of `cohorts` (巩固率 figures).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoCohort {
    pub county_code: &'static str,
    pub year: i32,
    pub stage: &'static str,
    pub entry_enrolment: i64,
    pub graduates: i64,
    pub transfers_in: i64,
    pub transfers_out: i64,
    pub deaths: i64,
}

/// One row of `cases` with its `case_initials` spellings and its timeline. Borrowed from
/// the generator's reused buffers: valid only while the sink runs. `school` and
/// `returned_school` are indexes into [`DemoData::schools`].
#[derive(Debug)]
pub struct DemoCase<'a> {
    pub county_code: &'a str,
    pub school: Option<usize>,
    pub ledger: &'static str,
    pub status: &'static str,
    pub name: &'a str,
    /// Every spelling, ' '-separated (`cases.name_initials`).
    pub name_initials: &'a str,
    /// The same, one per row of `case_initials`.
    pub spellings: &'a [String],
    /// The pinyin order key (`cases.name_key`).
    pub name_key: &'a str,
    pub id_number: &'a str,
    pub id_rev: &'a str,
    pub sex: &'static str,
    pub birth_date: &'a str,
    pub student_no: Option<&'a str>,
    pub hukou_code: &'a str,
    pub hukou_text: &'a str,
    pub address: &'a str,
    pub guardian: &'a str,
    pub guardian_relation: &'a str,
    pub guardian_phone: &'a str,
    pub grade: i64,
    pub class_name: &'a str,
    pub family_types: &'a str,
    pub absent_since: Option<&'a str>,
    pub reason: Option<&'static str>,
    pub reason_text: &'a str,
    pub gov_person: &'a str,
    pub gov_phone: &'a str,
    pub edu_person: &'a str,
    pub edu_phone: &'a str,
    pub registered_on: &'a str,
    pub last_visit_on: Option<&'a str>,
    pub returned_on: Option<&'a str>,
    pub returned_school: Option<usize>,
    pub closed_on: Option<&'a str>,
    pub close_basis: &'a str,
    pub closed_by: &'a str,
    pub void_reason: &'a str,
    pub note: &'a str,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    /// Only the first [`EVENT_CASES`] cases have any.
    pub events: &'a [DemoEvent],
}

/// One row of `case_events` (its case is the [`DemoCase`] it came with).
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEvent {
    pub kind: &'static str,
    pub happened_on: String,
    pub line: Option<&'static str>,
    pub who: String,
    pub method: Option<&'static str>,
    pub outcome: String,
    pub from_status: Option<&'static str>,
    pub to_status: Option<&'static str>,
    pub hours: Option<f64>,
    pub content: String,
    pub created_at: String,
}

/// Schools, alliances, county facts and cohorts: made whatever `opts.cases` is.
pub fn generate(opts: &DemoOptions) -> Result<DemoData, DemoError> {
    let mut s = Seeder::new(opts);
    s.bayan()?;
    s.xunke()?;
    s.pingfang()?;
    s.qitaihe()?;
    s.mudanjiang()?;
    s.bayan_consolidation()?;
    s.cohorts();
    let pupils: Vec<(&'static str, i64)> = COUNTIES
        .iter()
        .map(|f| (f.code, s.infos.iter().filter(|i| i.county == f.code && i.open).map(|i| i.students).sum()))
        .collect();
    let rotations = evaluation::rotations(&pupils, s.s0);
    let entries = evaluation::entries(s.s0, &opts.today.format("%Y-%m-%d").to_string());
    Ok(DemoData {
        counties: COUNTIES,
        schools: s.schools,
        alliances: s.alliances,
        activities: s.activities,
        cohorts: s.cohorts,
        rotations,
        entries,
        seed: opts.seed,
        today_n: s.today_n,
        s0: s.s0,
        dates: s.dates,
        infos: s.infos,
    })
}

impl DemoData {
    /// How many rows of `alliance_members` the alliances make.
    pub fn members(&self) -> u64 {
        self.alliances.iter().map(|a| a.members.len() as u64).sum()
    }
}

// ---------------------------------------------------------------------------------------
// The generator.

/// splitmix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[lo, hi)`.
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * unit
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// One element of a non-empty constant list (an empty one gives its default).
    fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        items.get(self.below(items.len() as u64) as usize).copied().unwrap_or_default()
    }
}

/// Cumulative weights: picks an index with probability proportional to its weight.
struct Weighted {
    cum: Vec<u64>,
}

impl Weighted {
    fn new(weights: impl IntoIterator<Item = u64>) -> Weighted {
        let mut total = 0;
        let cum = weights
            .into_iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Weighted { cum }
    }

    fn total(&self) -> u64 {
        self.cum.last().copied().unwrap_or(0)
    }

    /// An index, or 0 for an empty table (callers only build non-empty ones).
    fn pick(&self, rng: &mut Rng) -> usize {
        let x = rng.below(self.total());
        self.cum.partition_point(|&c| c <= x).min(self.cum.len().saturating_sub(1))
    }
}

// ---------------------------------------------------------------------------------------
// Dates, as day numbers (days from the common era) with their ISO texts precomputed.

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn sep1(year: i32) -> i32 {
    day_number(NaiveDate::from_ymd_opt(year, 9, 1).expect("1 September exists in every year near `today`"))
}

/// The year the school year containing `today` started (it starts on 1 September).
fn school_year_start(today: NaiveDate) -> i32 {
    if today.month() >= 9 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// ISO texts (`YYYY-MM-DD`) for every day of the last 30 years up to `today` (巴彦县's
/// consolidation of seed 001 began in 2007).
struct Dates {
    first: i32,
    texts: Vec<String>,
}

impl Dates {
    const SPAN_DAYS: i32 = 30 * 366;

    fn new(today: NaiveDate) -> Dates {
        let last = day_number(today);
        let first = last - Self::SPAN_DAYS;
        let texts = (first..=last)
            .map(|d| match NaiveDate::from_num_days_from_ce_opt(d) {
                Some(date) => format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
                None => String::from("0001-01-01"),
            })
            .collect();
        Dates { first, texts }
    }

    /// The text of day `d`; every date this module makes lies within the table (clamped
    /// otherwise, which the tests would notice).
    fn text(&self, d: i32) -> &str {
        let i = (d - self.first).clamp(0, self.texts.len() as i32 - 1) as usize;
        self.texts.get(i).map(String::as_str).unwrap_or("0001-01-01")
    }
}

// ---------------------------------------------------------------------------------------
// Schools.

/// How a county's schools stand against the 优质均衡 resource standards (docs/domain.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    /// Every school 20–38 % above every standard: the county passes (平房区).
    Pass,
    /// Village schools short of 骨干 teachers and multimedia rooms: the county fails (逊克县).
    Weak,
    /// Anything from 25 % below to 35 % above.
    Mixed,
}

/// 小学 / 初中 standards: per 100 students for counts and rooms, per student for areas and money.
const STANDARDS: [(f64, f64, bool); 7] = [
    (4.2, 5.3, true),        // teachers above the required degree, per 100
    (1.0, 1.0, true),        // 骨干 teachers, per 100
    (0.9, 0.9, true),        // PE and arts teachers, per 100
    (4.5, 5.8, false),       // building m² per student
    (7.5, 10.2, false),      // sports ground m² per student
    (2000.0, 2500.0, false), // equipment 元 per student
    (2.3, 2.4, true),        // multimedia classrooms, per 100
];

struct SchoolSpec<'s> {
    county: &'static str,
    name: &'s str,
    kind: SchoolKind,
    location: Location,
    /// Before a ±4 % jitter; thresholds in the tables keep a margin for it.
    students: i64,
    /// `None`: a usual class size for the place.
    largest_class: Option<i64>,
    note: &'s str,
    opened_on: Option<i32>,
    closed: Option<(i32, usize)>,
    /// Leave three resource figures unknown (NULL).
    missing: bool,
    profile: Profile,
}

impl<'s> SchoolSpec<'s> {
    fn new(county: &'static str, name: &'s str, kind: SchoolKind, location: Location, students: i64) -> Self {
        SchoolSpec {
            county,
            name,
            kind,
            location,
            students,
            largest_class: None,
            note: "",
            opened_on: None,
            closed: None,
            missing: false,
            profile: Profile::Mixed,
        }
    }
}

/// What the case generator needs to know about a school.
struct SchoolInfo {
    /// Its index in [`DemoData::schools`].
    id: usize,
    county: &'static str,
    name: String,
    kind: SchoolKind,
    students: i64,
    open: bool,
}

impl SchoolInfo {
    fn teaches_primary(&self) -> bool {
        matches!(
            self.kind,
            SchoolKind::Primary | SchoolKind::TeachingPoint | SchoolKind::NineYear | SchoolKind::TwelveYear
        )
    }

    fn teaches_junior(&self) -> bool {
        matches!(
            self.kind,
            SchoolKind::Junior | SchoolKind::NineYear | SchoolKind::TwelveYear | SchoolKind::CompleteMiddle
        )
    }
}

// ---------------------------------------------------------------------------------------
// Facts per county.

/// One row of `county_facts`.
pub struct CountyFacts {
    pub code: &'static str,
    pub population: i64,
    pub area_km2: f64,
    pub basic_balance_year: Option<i64>,
    pub quality_status: &'static str,
    pub quality_since_year: Option<i64>,
    pub quality_target_year: Option<i64>,
    pub disabled_children: i64,
    pub note: &'static str,
    /// Share of the demo cases, relative to the other counties.
    case_weight: u64,
}

#[allow(clippy::too_many_arguments)]
const fn facts(
    code: &'static str,
    population: i64,
    area_km2: f64,
    basic: Option<i64>,
    quality: (&'static str, Option<i64>, Option<i64>),
    disabled_children: i64,
    note: &'static str,
    case_weight: u64,
) -> CountyFacts {
    CountyFacts {
        code,
        population,
        area_km2,
        basic_balance_year: basic,
        quality_status: quality.0,
        quality_since_year: quality.1,
        quality_target_year: quality.2,
        disabled_children,
        note,
        case_weight,
    }
}

const NOTE_PLAUSIBLE: &str = "演示数据：人口、面积为近似值";

/// Every county that gets demo schools. Seed facts first (docs/domain.md §7), then plausible ones.
const COUNTIES: &[CountyFacts] = &[
    facts(
        "231123",
        82000,
        17344.0,
        Some(2017),
        ("creating", Some(2020), Some(2027)),
        38,
        "演示数据：面积、人口、基本均衡2017年、2020年起创建优质均衡取自 seed 000",
        8,
    ),
    facts(
        "230108",
        210000,
        97.0,
        Some(2012),
        ("pilot", Some(2022), Some(2025)),
        52,
        "演示数据：基本均衡约2012年、2022年起先行创建取自 seed 004；人口、面积为近似值",
        6,
    ),
    facts("230126", 480000, 3137.0, Some(2016), ("pilot", Some(2022), Some(2025)), 146, "演示：仿照 seed 001 某县", 14),
    facts("230902", 260000, 880.0, Some(2016), ("creating", Some(2021), Some(2028)), 96, NOTE_PLAUSIBLE, 7),
    facts("230903", 130000, 400.0, Some(2016), ("creating", Some(2021), Some(2028)), 72, NOTE_PLAUSIBLE, 6),
    facts("230904", 90000, 2020.0, Some(2017), ("none", None, None), 58, NOTE_PLAUSIBLE, 5),
    facts("230921", 210000, 2920.0, Some(2017), ("none", None, None), 75, NOTE_PLAUSIBLE, 8),
    facts("231002", 200000, 566.0, Some(2015), ("creating", Some(2022), Some(2030)), 41, NOTE_PLAUSIBLE, 3),
    facts("231003", 210000, 358.0, Some(2015), ("none", None, None), 37, NOTE_PLAUSIBLE, 3),
    facts("231004", 230000, 360.0, Some(2015), ("creating", Some(2022), Some(2030)), 44, NOTE_PLAUSIBLE, 3),
    facts("231005", 210000, 326.0, Some(2015), ("none", None, None), 35, NOTE_PLAUSIBLE, 3),
    facts("231025", 290000, 7191.0, Some(2017), ("none", None, None), 63, NOTE_PLAUSIBLE, 5),
    facts("231081", 70000, 427.0, Some(2016), ("none", None, None), 18, NOTE_PLAUSIBLE, 2),
    facts("231083", 330000, 9877.0, Some(2017), ("none", None, None), 66, NOTE_PLAUSIBLE, 4),
    facts("231084", 380000, 7870.0, Some(2017), ("none", None, None), 71, NOTE_PLAUSIBLE, 5),
    facts("231085", 240000, 6094.0, Some(2017), ("none", None, None), 49, NOTE_PLAUSIBLE, 4),
    facts("231086", 200000, 7368.0, Some(2017), ("none", None, None), 40, NOTE_PLAUSIBLE, 3),
];

/// The plainer counties' school lists, as data (see the file's header).
const LISTED_SCHOOLS: &str = include_str!("../data/demo_schools.tsv");

/// The rows of `LISTED_SCHOOLS` for `county`: name, kind, location, students.
fn listed(county: &str) -> Result<Vec<(&'static str, SchoolKind, Location, i64)>, DemoError> {
    let rows = LISTED_SCHOOLS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let mut out = Vec::new();
    for line in rows {
        let cells: Vec<&'static str> = line.split('\t').collect();
        let [code, name, kind, location, students] = cells[..] else {
            return Err(internal(&format!("demo_schools.tsv: {line}")));
        };
        let kind = SchoolKind::from_code(kind).ok_or_else(|| internal(&format!("demo_schools.tsv kind: {line}")))?;
        let location =
            Location::from_code(location).ok_or_else(|| internal(&format!("demo_schools.tsv location: {line}")))?;
        let students = students.parse().map_err(|_| internal(&format!("demo_schools.tsv students: {line}")))?;
        if code == county {
            out.push((name, kind, location, students));
        }
    }
    Ok(out)
}

const BAYAN: &str = "230126";

/// The year 东大街小学 opened (the demo's: after the consolidation, before its merge).
const BAYAN_REOPENED: i32 = 2012;

/// How many of 巴彦县's 97 consolidated schools closed each year (the demo's spread; the
/// source gives 2007 as the start and 97 in all).
const BAYAN_CLOSED_BY_YEAR: &[(i32, usize)] = &[(2007, 24), (2008, 28), (2009, 22), (2010, 14), (2011, 9)];

/// 巴彦县's schools merged away in the consolidation: name, type, place, the school it joined.
/// Village schools join their town's 中心小学; the township schools without a listed school
/// and the small town-centre ones join a neighbour; the six 初中 join the three left.
fn consolidated() -> Vec<(String, SchoolKind, Location, &'static str)> {
    use Location::*;
    use SchoolKind::*;
    const TOWNS: [&str; 10] =
        ["兴隆镇", "西集镇", "洼兴镇", "龙泉镇", "巴彦港镇", "天增镇", "黑山镇", "松花江乡", "富江乡", "华山乡"];
    const VILLAGES: [&str; 8] = ["前进村", "永安村", "东升村", "红旗村", "新民村", "太平村", "长胜村", "民主村"];
    let mut out = Vec::new();
    for town in TOWNS {
        for village in VILLAGES {
            out.push((format!("{town}{village}小学"), Primary, Rural, center(town)));
        }
    }
    const TOWNSHIPS: [(&str, &str); 7] = [
        ("龙庙镇", "兴隆镇"),
        ("万发镇", "西集镇"),
        ("丰乐乡", "洼兴镇"),
        ("德祥乡", "龙泉镇"),
        ("红光乡", "天增镇"),
        ("山后乡", "黑山镇"),
        ("镇东乡", "华山乡"),
    ];
    for (town, joins) in TOWNSHIPS {
        out.push((format!("{town}中心小学"), Primary, Town, center(joins)));
    }
    for (name, into) in
        [("北街小学", "北关小学"), ("南街小学", "南关小学"), ("西街小学", "西关小学"), ("新华小学", "实验小学")]
    {
        out.push((name.to_string(), Primary, Urban, into));
    }
    for (i, (town, _)) in TOWNSHIPS.iter().take(6).enumerate() {
        let into = ["第三中学", "第一中学", "第二中学"].get(i % 3).copied().unwrap_or("第一中学");
        out.push((format!("{town}中学"), Junior, Town, into));
    }
    out
}

/// The listed 中心小学 of `town`.
fn center(town: &str) -> &'static str {
    match town {
        "兴隆镇" => "兴隆镇中心小学",
        "西集镇" => "西集镇中心小学",
        "洼兴镇" => "洼兴镇中心小学",
        "龙泉镇" => "龙泉镇中心小学",
        "巴彦港镇" => "巴彦港镇中心小学",
        "天增镇" => "天增镇中心小学",
        "黑山镇" => "黑山镇中心小学",
        "松花江乡" => "松花江乡中心小学",
        "富江乡" => "富江乡中心小学",
        _ => "华山乡中心小学",
    }
}
const XUNKE: &str = "231123";
const PINGFANG: &str = "230108";
const QITAIHE: &str = "230900";
const MUDANJIANG: &str = "231000";

// ---------------------------------------------------------------------------------------
// Seeder: the schools and alliances.

struct Seeder {
    rng: Rng,
    seed: u64,
    today_n: i32,
    /// The school year that contains `today` started on 1 September of this year.
    s0: i32,
    dates: Dates,
    school_seq: u32,
    infos: Vec<SchoolInfo>,
    schools: Vec<DemoSchool>,
    alliances: Vec<DemoAlliance>,
    activities: Vec<DemoActivity>,
    cohorts: Vec<DemoCohort>,
}

/// Weights of activity kinds: research, teaching visit, rotation, training, monitoring.
const ACTIVITY_MIX: [(ActivityKind, u64); 5] = [
    (ActivityKind::Research, 30),
    (ActivityKind::TeachingVisit, 25),
    (ActivityKind::Rotation, 15),
    (ActivityKind::Training, 18),
    (ActivityKind::Monitoring, 12),
];

fn activity_note(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Research => "联合教研（演示）",
        ActivityKind::TeachingVisit => "送教下乡（演示）",
        ActivityKind::Rotation => "教师交流轮岗（演示）",
        ActivityKind::Training => "统一培训（演示）",
        ActivityKind::Monitoring => "统一质量监测（演示）",
        ActivityKind::Other => "其他（演示）",
    }
}

fn school_category(kind: SchoolKind) -> &'static str {
    match kind {
        SchoolKind::Primary | SchoolKind::TeachingPoint => "21",
        SchoolKind::Special => "51",
        _ => "31",
    }
}

impl Seeder {
    fn new(opts: &DemoOptions) -> Self {
        Seeder {
            rng: Rng::new(opts.seed, 1),
            seed: opts.seed,
            today_n: day_number(opts.today),
            s0: school_year_start(opts.today),
            dates: Dates::new(opts.today),
            school_seq: 0,
            infos: Vec::new(),
            schools: Vec::new(),
            alliances: Vec::new(),
            activities: Vec::new(),
            cohorts: Vec::new(),
        }
    }

    fn iso(&self, d: i32) -> String {
        self.dates.text(d).to_string()
    }

    /// Adds one school with figures derived from its size, place and profile; returns its index.
    fn school(&mut self, spec: &SchoolSpec) -> Result<usize, DemoError> {
        let rng = &mut self.rng;
        let closed = spec.closed.is_some();
        let students = if closed { 0 } else { (spec.students as f64 * rng.between(0.96, 1.04)).round() as i64 };
        let (primary, junior) = match spec.kind {
            SchoolKind::Junior | SchoolKind::CompleteMiddle => (0, students),
            SchoolKind::NineYear | SchoolKind::TwelveYear => {
                let p = (students as f64 * rng.between(0.58, 0.66)).round() as i64;
                (p, students - p)
            }
            _ => (students, 0),
        };
        let avg_class = match (spec.kind, spec.location) {
            (SchoolKind::TeachingPoint, _) => 12,
            (SchoolKind::Special, _) => 10,
            (_, Location::Urban) if spec.profile == Profile::Pass => 38,
            (_, Location::Urban) => 42,
            (_, Location::Town) => 34,
            (_, Location::Rural) => 24,
        };
        let classes = if closed { 0 } else { ((students + avg_class - 1) / avg_class).max(1) };
        let largest = if closed {
            0
        } else {
            match spec.largest_class {
                Some(n) => n,
                None => (avg_class + rng.range(0, 4)).min(students.max(1)),
            }
        };
        let boarding = match (spec.kind, spec.location) {
            (_, _) if closed => 0,
            (SchoolKind::TeachingPoint | SchoolKind::Special, _) | (_, Location::Urban) => 0,
            (_, Location::Town) => (students as f64 * rng.between(0.05, 0.25)).round() as i64,
            (_, Location::Rural) => (students as f64 * rng.between(0.15, 0.45)).round() as i64,
        };

        // The seven resource figures: what the standards require for these students, times
        // a factor per indicator.
        let mut figures = [0f64; 7];
        for (i, (std_p, std_j, per100)) in STANDARDS.iter().enumerate() {
            let need = (primary as f64 * std_p + junior as f64 * std_j) / if *per100 { 100.0 } else { 1.0 };
            let factor = match spec.profile {
                Profile::Pass => rng.between(1.2, 1.38),
                Profile::Mixed => rng.between(0.75, 1.35),
                Profile::Weak if (i == 1 || i == 6) && spec.location != Location::Urban => rng.between(0.45, 0.8),
                Profile::Weak if i == 3 && spec.location == Location::Urban => rng.between(0.7, 0.84),
                Profile::Weak => rng.between(0.85, 1.2),
            };
            figures[i] = need * factor;
        }
        let count = |x: f64| x.ceil() as i64;
        let degree = count(figures[0]);
        let backbone = count(figures[1]);
        let pe_arts = count(figures[2]);
        let ratio = match spec.kind {
            SchoolKind::Junior | SchoolKind::CompleteMiddle => 12,
            SchoolKind::NineYear | SchoolKind::TwelveYear => 14,
            SchoolKind::Special => 3,
            SchoolKind::TeachingPoint => 10,
            SchoolKind::Primary => 16,
        };
        let teachers =
            if closed { 0 } else { ((students + ratio - 1) / ratio).max(degree + 1).max(backbone + pe_arts).max(2) };
        let known = !closed;
        let detail = known && !spec.missing;
        let building = known.then(|| figures[3].ceil());
        let sports = detail.then(|| figures[4].ceil());
        let equipment = detail.then(|| (figures[5] / 100.0).ceil() * 100.0);
        let multimedia = detail.then(|| count(figures[6]));

        self.school_seq += 1;
        let code = format!("{}23{:06}", school_category(spec.kind), self.school_seq);
        let nine = matches!(spec.kind, SchoolKind::NineYear | SchoolKind::TwelveYear);
        let opened = spec.opened_on.map(|d| self.iso(d));
        let closed_on = spec.closed.map(|(d, _)| self.iso(d));
        let merged_into = spec.closed.map(|(_, id)| id);
        let id = self.schools.len();
        let record = SchoolRecord {
            name: spec.name.to_string(),
            school_code: Some(code),
            kind: spec.kind,
            location: spec.location,
            students: Some(students),
            primary_students: nine.then_some(primary),
            junior_students: nine.then_some(junior),
            classes: Some(classes),
            largest_class: Some(largest),
            boarding_students: Some(boarding),
            teachers: Some(teachers),
            degree_teachers: known.then_some(degree),
            backbone_teachers: known.then_some(backbone),
            pe_arts_teachers: known.then_some(pe_arts),
            building_m2: building,
            sports_m2: sports,
            equipment_yuan: equipment,
            multimedia_rooms: multimedia,
            opened_on: opened,
            closed_on,
            merged_into: None,
            note: spec.note.to_string(),
        };
        self.schools.push(DemoSchool { county_code: spec.county, record, merged_into });
        self.infos.push(SchoolInfo {
            id,
            county: spec.county,
            name: spec.name.to_string(),
            kind: spec.kind,
            students,
            open: !closed,
        });
        Ok(id)
    }

    /// A school made earlier in this run, by county and name.
    fn school_id(&self, county: &str, name: &str) -> Result<usize, DemoError> {
        self.infos
            .iter()
            .find(|s| s.county == county && s.name == name)
            .map(|s| s.id)
            .ok_or_else(|| DemoError(format!("找不到学校 {county} {name}")))
    }

    /// An alliance with its lead school (role lead) and the other members.
    #[allow(clippy::too_many_arguments)]
    fn alliance(
        &mut self,
        name: &str,
        kind: AllianceKind,
        region: &'static str,
        founded: i32,
        mode: &'static str,
        lead: usize,
        members: &[(usize, MemberRole)],
    ) -> usize {
        // An alliance a prefecture holds is 市级; a county's is 县级.
        let level = match crate::domain::region::level_of(region) {
            Ok(crate::domain::region::Level::Prefecture) => AllianceLevel::City,
            _ => AllianceLevel::County,
        };
        let mut all = Vec::with_capacity(members.len() + 1);
        all.push((lead, MemberRole::Lead));
        all.extend_from_slice(members);
        self.alliances.push(DemoAlliance {
            name: name.to_string(),
            kind,
            level,
            region_code: region,
            lead,
            founded_on: self.iso(founded),
            mode,
            members: all,
        });
        self.alliances.len() - 1
    }

    /// The schools `data/demo_schools.tsv` lists for `county`, each adjusted by `adjust`.
    fn listed_schools(&mut self, county: &'static str, adjust: impl Fn(&mut SchoolSpec)) -> Result<(), DemoError> {
        for (name, kind, location, students) in listed(county)? {
            let mut spec = SchoolSpec::new(county, name, kind, location, students);
            adjust(&mut spec);
            self.school(&spec)?;
        }
        Ok(())
    }

    /// Between `count.0` and `count.1` activities on random days from `from` to today,
    /// mixed per [`ACTIVITY_MIX`].
    fn activities(&mut self, alliance: usize, count: (i64, i64), from: i32) {
        let count = self.rng.range(count.0, count.1);
        let mix = Weighted::new(ACTIVITY_MIX.iter().map(|(_, w)| *w));
        for _ in 0..count {
            let kind = ACTIVITY_MIX[mix.pick(&mut self.rng)].0;
            let day = self.rng.range(i64::from(from), i64::from(self.today_n)) as i32;
            let (participants, rotated, backbone) = if kind == ActivityKind::Rotation {
                let t = self.rng.range(1, 6);
                let b = ((t + 3) / 4).max(1);
                (t, Some(t), Some(b))
            } else {
                (self.rng.range(6, 120), None, None)
            };
            self.activities.push(DemoActivity {
                alliance,
                held_on: self.iso(day),
                kind,
                participants,
                rotated_teachers: rotated,
                rotated_backbone: backbone,
                note: activity_note(kind),
            });
        }
    }

    // --- 巴彦县 stands in for the unnamed county of seed 001 -------------------------------

    fn bayan(&mut self) -> Result<(), DemoError> {
        use Location::*;
        use SchoolKind::*;
        self.listed_schools(BAYAN, |spec| spec.note = "演示：布局调整后保留的19所学校之一")?;
        // 东大街小学 merged into 南关小学 as 一校两区: closed, never deleted.
        let nanguan = self.school_id(BAYAN, "南关小学")?;
        let merged = sep1(self.s0 - 4) - 1;
        let mut spec = SchoolSpec::new(BAYAN, "东大街小学", Primary, Urban, 0);
        spec.closed = Some((merged, nanguan));
        // Opened after the 116 → 19 consolidation (the year is the demo's), so that the
        // consolidation ends at the source's 19 and this merge takes the county back to 19.
        spec.opened_on = Some(sep1(BAYAN_REOPENED));
        spec.note = "演示：并入南关小学，一校两区统一管理";
        let dongdajie = self.school(&spec)?;
        self.alliance(
            "南关小学（一校两区）",
            AllianceKind::TwoCampuses,
            BAYAN,
            merged + 1,
            "一校两区，统一管理",
            nanguan,
            &[(dongdajie, MemberRole::Campus)],
        );

        // Six 教育集团 "一体两翼": a core school and two wings each.
        const GROUPS: &[(&str, [&str; 2])] = &[
            ("第一中学", ["北关小学", "松花江乡中心小学"]),
            ("第二中学", ["西关小学", "富江乡中心小学"]),
            ("第三中学", ["兴隆镇中心小学", "华山乡中心小学"]),
            ("实验小学", ["西集镇中心小学", "洼兴镇中心小学"]),
            ("第二小学", ["龙泉镇中心小学", "巴彦港镇中心小学"]),
            ("第三小学", ["天增镇中心小学", "黑山镇中心小学"]),
        ];
        let founded = sep1(self.s0 - 5);
        let mut groups = Vec::new();
        for (lead, wings) in GROUPS {
            let lead_id = self.school_id(BAYAN, lead)?;
            let members = [
                (self.school_id(BAYAN, wings[0])?, MemberRole::Member),
                (self.school_id(BAYAN, wings[1])?, MemberRole::Member),
            ];
            let name = format!("{lead}教育集团");
            let id =
                self.alliance(&name, AllianceKind::Group, BAYAN, founded, "一体两翼三共享六统一", lead_id, &members);
            groups.push(id);
        }
        // 524 teacher rotations in 5 years: two rounds a year per group, 60 rounds in all.
        let rounds = groups.len() as i64 * 10;
        let mut round = 0i64;
        for year in 0..5 {
            for term in 0..2 {
                let day = if term == 0 { sep1(self.s0 - year) } else { sep1(self.s0 - year) - 200 };
                for &group in &groups {
                    let teachers = 524 / rounds + i64::from(round < 524 % rounds);
                    let backbone = (teachers + 3) / 4;
                    self.activities.push(DemoActivity {
                        alliance: group,
                        held_on: self.iso(day.min(self.today_n)),
                        kind: ActivityKind::Rotation,
                        participants: teachers,
                        rotated_teachers: Some(teachers),
                        rotated_backbone: Some(backbone),
                        note: activity_note(ActivityKind::Rotation),
                    });
                    round += 1;
                }
            }
        }
        for group in groups {
            self.activities(group, (12, 24), founded);
        }
        Ok(())
    }

    /// Seed 001: "2007年开始…全县义务教育学校由原来的116所归集合并为19所(其中,初级中学由原来9所合并为3所,
    /// 小学由原来107所合并为16所)". The 19 are the listed schools; the 97 others (6 初中, 91 小学)
    /// are closed here, each merged into a listed school of its town, over 2007–2011. The
    /// names, the years after 2007 and the receiving schools are the demo's (said in the
    /// note). Made last, from a random stream of their own, so every other row stays as it was.
    fn bayan_consolidation(&mut self) -> Result<(), DemoError> {
        let own = Rng::new(self.seed, 11);
        let before = std::mem::replace(&mut self.rng, own);
        let merged = consolidated();
        let mut done = 0usize;
        for (year, count) in BAYAN_CLOSED_BY_YEAR {
            for (name, kind, location, into) in merged.iter().skip(done).take(*count) {
                let into_id = self.school_id(BAYAN, into)?;
                let mut spec = SchoolSpec::new(BAYAN, name, *kind, *location, 0);
                spec.closed = Some((sep1(*year) - 1, into_id));
                spec.note = "演示：来源所述2007年起116所归集合并为19所（校名、年份和并入学校为演示）";
                self.school(&spec)?;
            }
            done += count;
        }
        self.rng = before;
        if done != merged.len() {
            return Err(internal("巴彦县撤并学校数与年份表不符"));
        }
        Ok(())
    }

    // --- 逊克县 (seed 000) ------------------------------------------------------------------

    fn xunke(&mut self) -> Result<(), DemoError> {
        use Location::*;
        use SchoolKind::*;
        self.listed_schools(XUNKE, |spec| spec.profile = Profile::Weak)?;
        // Four small village schools became 教学点 in 2020.
        const POINTS: &[(&str, i64)] =
            &[("边疆村教学点", 28), ("靠山村教学点", 35), ("卫东村教学点", 22), ("双河村教学点", 41)];
        for (i, (name, students)) in POINTS.iter().enumerate() {
            let mut spec = SchoolSpec::new(XUNKE, name, TeachingPoint, Rural, *students);
            spec.profile = Profile::Weak;
            spec.note = "演示：2020年由村小学调整为教学点";
            // One school whose resource survey is incomplete: figures stay unknown.
            spec.missing = i == 2;
            self.school(&spec)?;
        }
        // 优质校 + 薄弱校: city schools sign agreements with one or more village schools.
        const PAIRS: &[(&str, &[&str])] = &[
            ("实验小学校", &["干岔子乡中心小学", "边疆村教学点", "卫东村教学点"]),
            ("民族小学校", &["车陆乡中心小学", "松树沟乡中心小学", "靠山村教学点"]),
            ("民族中学校", &["克林镇中心学校"]),
            ("农场学校", &["新鄂乡中心小学"]),
        ];
        let founded = sep1(self.s0 - 5);
        for (lead, partners) in PAIRS {
            let lead_id = self.school_id(XUNKE, lead)?;
            let members = partners
                .iter()
                .map(|p| Ok((self.school_id(XUNKE, p)?, MemberRole::Member)))
                .collect::<Result<Vec<_>, DemoError>>()?;
            let name = format!("{lead}城乡结对帮扶");
            let id =
                self.alliance(&name, AllianceKind::Pairing, XUNKE, founded, "优质校+薄弱校结对协议", lead_id, &members);
            self.activities(id, (15, 30), founded);
        }
        Ok(())
    }

    // --- 平房区 (seed 004): passes every 优质均衡 resource indicator ----------------------------

    fn pingfang(&mut self) -> Result<(), DemoError> {
        use SchoolKind::*;
        const SCHOOLS: &[(&str, SchoolKind, i64, &str)] = &[
            ("第二十四中学", Junior, 1600, "演示：新校区"),
            ("南城九年一贯制学校", NineYear, 1800, ""),
            ("第一〇〇中学", Junior, 1400, "演示：与平房小学一体化办学"),
            ("平房小学", Primary, 1300, "演示：与第一〇〇中学一体化办学"),
            ("新疆第一学校", Primary, 1000, ""),
            ("友协第二学校", NineYear, 900, ""),
            ("保国第四学校", Primary, 700, ""),
        ];
        for (name, kind, students, note) in SCHOOLS {
            let mut spec = SchoolSpec::new(PINGFANG, name, *kind, Location::Urban, *students);
            spec.profile = Profile::Pass;
            spec.note = note;
            if *name == "第二十四中学" {
                spec.opened_on = Some(sep1(self.s0 - 3));
            }
            self.school(&spec)?;
        }
        let lead = self.school_id(PINGFANG, "第一〇〇中学")?;
        let member = self.school_id(PINGFANG, "平房小学")?;
        let founded = sep1(self.s0 - 3);
        let id = self.alliance(
            "第一〇〇中学·平房小学一体化办学",
            AllianceKind::Group,
            PINGFANG,
            founded,
            "一体化办学",
            lead,
            &[(member, MemberRole::Member)],
        );
        self.activities(id, (20, 30), founded);
        Ok(())
    }

    // --- 七台河市 (seed 002): 13 共同体 ------------------------------------------------------

    fn qitaihe(&mut self) -> Result<(), DemoError> {
        use Location::*;
        use SchoolKind::*;
        const XX: &str = "230902";
        const TS: &str = "230903";
        const QZH: &str = "230904";
        const BL: &str = "230921";
        // (county, name, kind, location, students, largest class or 0 for usual). The source
        // (seed 002): 超大班额 (66+) gone, 15 大班额 classes left, 5 in the central districts and
        // 10 in 勃利县: the schools holding them (demo::items) have a largest class of 56–65.
        const SCHOOLS: &[(&str, &str, SchoolKind, Location, i64, i64)] = &[
            (XX, "第五小学", Primary, Urban, 2350, 59),
            (XX, "第九小学", Primary, Urban, 2180, 58),
            (XX, "第十中学", Junior, Urban, 2200, 0),
            (XX, "第三中学", Junior, Urban, 1500, 56),
            (XX, "育红小学", Primary, Urban, 1200, 0),
            (XX, "第三小学", Primary, Urban, 860, 0),
            (XX, "长兴学校", NineYear, Town, 520, 0),
            (XX, "第二小学", Primary, Urban, 1000, 0),
            (XX, "第四小学", Primary, Urban, 950, 0),
            (XX, "北山小学", Primary, Urban, 640, 0),
            (XX, "红旗小学", Primary, Town, 380, 0),
            (XX, "新兴学校", NineYear, Town, 420, 0),
            (XX, "东风小学", Primary, Town, 300, 0),
            (TS, "第十小学", Primary, Urban, 2160, 60),
            (TS, "第九中学", Junior, Urban, 2260, 62),
            (TS, "第一小学", Primary, Urban, 1350, 0),
            (TS, "越秀中学", Junior, Urban, 1000, 0),
            (TS, "第十六中学", Junior, Urban, 880, 0),
            // 桃山区's shanty-town renewal merged 3 中学 into 第十三中学, 2 小学 into 第十五小学.
            (TS, "第十三中学", Junior, Urban, 1100, 0),
            (TS, "第十五小学", Primary, Urban, 900, 0),
            (TS, "第六小学", Primary, Urban, 800, 0),
            (TS, "第七小学", Primary, Urban, 760, 0),
            (TS, "桃山学校", NineYear, Town, 480, 0),
            (TS, "第十二中学", Junior, Urban, 820, 0),
            (TS, "第八小学", Primary, Urban, 690, 0),
            (TS, "红星小学", Primary, Rural, 120, 0),
            (QZH, "铁山学校", NineYear, Rural, 300, 0),
            (QZH, "宏伟学校", NineYear, Town, 450, 0),
            (QZH, "岚峰学校", NineYear, Rural, 190, 0),
            (QZH, "中心河学校", NineYear, Rural, 170, 0),
            (QZH, "茄子河学校", NineYear, Town, 360, 0),
            (QZH, "双鹤中学", Junior, Town, 650, 0),
            (QZH, "双鹤小学", Primary, Town, 580, 0),
            // The source's two small schools (under 100 pupils, funded as 100).
            (QZH, "新富小学", Primary, Rural, 78, 0),
            (QZH, "万龙学校", NineYear, Rural, 86, 0),
            (BL, "勃利镇第一小学", Primary, Urban, 1500, 58),
            (BL, "勃利镇第二小学", Primary, Urban, 1250, 57),
            (BL, "勃利镇实验中学", Junior, Urban, 1400, 60),
            (BL, "勃利镇第二中学", Junior, Urban, 1100, 57),
            (BL, "小五站镇中心学校", NineYear, Town, 420, 0),
            (BL, "大四站镇中心学校", NineYear, Town, 380, 0),
            (BL, "双河镇中心学校", NineYear, Rural, 260, 0),
            (BL, "倭肯镇中心学校", NineYear, Town, 340, 0),
            (BL, "青山乡中心学校", NineYear, Rural, 210, 0),
            (BL, "永恒乡中心学校", NineYear, Rural, 180, 0),
            (BL, "抢垦乡中心学校", NineYear, Rural, 150, 0),
            (BL, "杏树乡中心学校", NineYear, Rural, 160, 0),
            (BL, "吉兴乡中心学校", NineYear, Rural, 140, 0),
            // 市直属: filed under the prefecture itself, in no county.
            (QITAIHE, "七台河市特殊教育学校", Special, Urban, 160, 0),
        ];
        for (county, name, kind, location, students, largest) in SCHOOLS {
            let mut spec = SchoolSpec::new(county, name, *kind, *location, *students);
            spec.largest_class = (*largest > 0).then_some(*largest);
            if *students > 2100 {
                spec.note = "演示：大校额，列入台账逐项销号";
            } else if *students < 100 {
                spec.note = "演示：小规模学校，按100人核定公用经费";
            }
            self.school(&spec)?;
        }
        // Strong schools paired with weak ones: (city level?, county, lead, members as
        // (county, name)).
        type Community = (bool, &'static str, &'static str, &'static [(&'static str, &'static str)]);
        const COMMUNITIES: &[Community] = &[
            (true, TS, "第九中学", &[(QZH, "铁山学校"), (QZH, "岚峰学校"), (BL, "吉兴乡中心学校")]),
            (true, XX, "第三中学", &[(QZH, "宏伟学校"), (BL, "抢垦乡中心学校"), (BL, "杏树乡中心学校")]),
            (true, TS, "第一小学", &[(QZH, "双鹤小学"), (BL, "永恒乡中心学校")]),
            (false, XX, "第五小学", &[(XX, "北山小学"), (XX, "红旗小学")]),
            (false, XX, "第十中学", &[(XX, "新兴学校"), (XX, "东风小学")]),
            (false, XX, "第九小学", &[(XX, "第二小学"), (XX, "长兴学校")]),
            (false, XX, "育红小学", &[(XX, "第四小学"), (XX, "第三小学")]),
            (false, TS, "第十小学", &[(TS, "第八小学"), (TS, "桃山学校")]),
            (false, TS, "越秀中学", &[(TS, "第十六中学"), (TS, "第十二中学"), (TS, "第十三中学")]),
            (false, TS, "第六小学", &[(TS, "第七小学"), (TS, "红星小学"), (TS, "第十五小学")]),
            (false, QZH, "双鹤中学", &[(QZH, "茄子河学校"), (QZH, "中心河学校"), (QZH, "新富小学"), (QZH, "万龙学校")]),
            (
                false,
                BL,
                "勃利镇实验中学",
                &[(BL, "勃利镇第二中学"), (BL, "小五站镇中心学校"), (BL, "大四站镇中心学校"), (BL, "倭肯镇中心学校")],
            ),
            (false, BL, "勃利镇第一小学", &[(BL, "勃利镇第二小学"), (BL, "双河镇中心学校"), (BL, "青山乡中心学校")]),
        ];
        let founded = sep1(self.s0 - 4);
        for (city, county, lead, members) in COMMUNITIES {
            let lead_id = self.school_id(county, lead)?;
            let members = members
                .iter()
                .map(|(c, n)| Ok((self.school_id(c, n)?, MemberRole::Member)))
                .collect::<Result<Vec<_>, DemoError>>()?;
            let (name, region) = if *city {
                (format!("七台河市{lead}学校共同体"), QITAIHE)
            } else {
                (format!("{lead}学校共同体"), *county)
            };
            let id = self.alliance(
                &name,
                AllianceKind::Community,
                region,
                founded,
                "强校带弱校，城乡一体",
                lead_id,
                &members,
            );
            // 13 × at least 80: "1000余次" joint activities.
            self.activities(id, (80, 95), founded);
        }
        self.qitaihe_closures()
    }

    /// The schools seed 002 names as 撤并 (layout plan 2016–2020): closed, never deleted,
    /// each merged into a school of its place. Which county holds 东风中学, 安乐学校 and
    /// 闫家教学点, the date and the receiving schools are the demo's (marked in the note).
    /// Drawn from a random stream of their own, so that every other demo row stays as it was.
    fn qitaihe_closures(&mut self) -> Result<(), DemoError> {
        use Location::*;
        use SchoolKind::*;
        const CLOSED: &[(&str, &str, SchoolKind, Location, &str)] = &[
            ("230902", "东风中学", Junior, Urban, "第十中学"),
            ("230904", "安乐学校", NineYear, Rural, "茄子河学校"),
            ("230904", "闫家教学点", TeachingPoint, Rural, "中心河学校"),
            ("230921", "勃利镇中心小学", Primary, Urban, "勃利镇第一小学"),
            ("230921", "小五站希望小学", Primary, Rural, "小五站镇中心学校"),
            ("230921", "大四站镇西村小学", Primary, Rural, "大四站镇中心学校"),
            ("230921", "永恒乡河口小学", TeachingPoint, Rural, "永恒乡中心学校"),
        ];
        let own = Rng::new(self.seed, 7);
        let before = std::mem::replace(&mut self.rng, own);
        let day = sep1(self.s0 - 6) - 1;
        for (county, name, kind, location, into) in CLOSED {
            let into_id = self.school_id(county, into)?;
            let mut spec = SchoolSpec::new(county, name, *kind, *location, 0);
            spec.closed = Some((day, into_id));
            spec.note = "演示：来源所列撤并学校（所在县区、日期和并入学校为演示）";
            self.school(&spec)?;
        }
        self.rng = before;
        Ok(())
    }

    // --- 牡丹江市 (seed 003): 3 city-level + 14 county-level 学校联盟, 93 member schools ------

    fn mudanjiang(&mut self) -> Result<(), DemoError> {
        // (county, name, district?, league sizes, towns)
        type County = (&'static str, &'static str, bool, &'static [usize], &'static [&'static str]);
        const MDJ: &[County] = &[
            ("231002", "东安区", true, &[7], &[]),
            ("231003", "阳明区", true, &[6], &[]),
            ("231004", "爱民区", true, &[7], &[]),
            ("231005", "西安区", true, &[6], &[]),
            (
                "231025",
                "林口县",
                false,
                &[6, 6],
                &["刁翎镇", "柳树镇", "三道通镇", "建堂镇", "古城镇", "奎山镇", "龙爪镇", "朱家镇", "莲花镇"],
            ),
            ("231081", "绥芬河市", false, &[5], &["阜宁镇", "绥芬河镇"]),
            (
                "231083",
                "海林市",
                false,
                &[7, 6],
                &["长汀镇", "柴河镇", "山市镇", "新安镇", "二道河镇", "横道河子镇", "三道关镇", "海南乡"],
            ),
            (
                "231084",
                "宁安市",
                false,
                &[8, 8],
                &[
                    "镜泊镇",
                    "渤海镇",
                    "东京城镇",
                    "石岩镇",
                    "沙兰镇",
                    "海浪镇",
                    "兰岗镇",
                    "江南乡",
                    "卧龙乡",
                    "三陵乡",
                    "马河乡",
                ],
            ),
            (
                "231085",
                "穆棱市",
                false,
                &[6, 6],
                &["马桥河镇", "下城子镇", "八面通镇", "兴源镇", "河西镇", "福禄乡", "共和乡"],
            ),
            ("231086", "东宁市", false, &[9], &["三岔口镇", "大肚川镇", "老黑山镇", "道河镇", "绥阳镇", "东宁镇"]),
        ];
        use SchoolKind::*;
        const URBAN: &[(&str, SchoolKind, i64)] = &[
            ("第一中学", Junior, 1500),
            ("第一小学", Primary, 1400),
            ("第二中学", Junior, 1200),
            ("第二小学", Primary, 1100),
            ("实验小学", Primary, 1300),
            ("第三小学", Primary, 900),
            ("第三中学", Junior, 950),
            ("第四小学", Primary, 800),
            ("第五小学", Primary, 700),
        ];
        const CHINESE_ORDINALS: [&str; 3] = ["第一", "第二", "第三"];
        let founded = sep1(self.s0 - 3);
        // Per county: the non-lead league members, for the city-level leagues to draw on.
        let mut spare: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut lead_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for &(code, county_name, district, sizes, towns) in MDJ {
            let in_leagues: usize = sizes.iter().sum();
            let total = in_leagues + usize::from(!district);
            let urban = if district { total } else { 4 };
            let mut ids = Vec::with_capacity(total);
            let mut numbered = 0;
            for i in 0..total {
                let last_unaffiliated = !district && i == total - 1;
                let (name, kind, location, students) = if last_unaffiliated {
                    let town = towns.last().copied().unwrap_or("");
                    (format!("{town}教学点"), TeachingPoint, Location::Rural, 30 + self.rng.range(0, 14))
                } else if i < urban {
                    let (n, k, s) = URBAN[i % URBAN.len()];
                    (format!("{county_name}{n}"), k, Location::Urban, s)
                } else {
                    let t = i - urban;
                    let location = if t % 3 == 2 { Location::Rural } else { Location::Town };
                    let students = if location == Location::Rural { 150 } else { 380 } + self.rng.range(0, 120);
                    match towns.get(t).filter(|_| t + 1 < towns.len()) {
                        Some(town) => (format!("{town}中心学校"), NineYear, location, students),
                        None => {
                            numbered += 1;
                            (
                                format!("{county_name}{}学校", CHINESE_ORDINALS[(numbered - 1) % 3]),
                                NineYear,
                                location,
                                students,
                            )
                        }
                    }
                };
                let spec = SchoolSpec::new(code, &name, kind, location, students);
                ids.push(self.school(&spec)?);
            }
            // Leads are the first (urban) schools; the rest fill the leagues in turn.
            let leads: Vec<usize> = ids[..sizes.len()].to_vec();
            let mut members: Vec<Vec<(usize, MemberRole)>> = vec![Vec::new(); sizes.len()];
            let mut k = 0;
            for id in &ids[sizes.len()..in_leagues] {
                while members[k].len() + 1 >= sizes[k] {
                    k = (k + 1) % sizes.len();
                }
                members[k].push((*id, MemberRole::Member));
                k = (k + 1) % sizes.len();
            }
            for (j, lead) in leads.iter().enumerate() {
                let name = if sizes.len() == 1 {
                    format!("{county_name}学校联盟")
                } else {
                    format!("{county_name}{}学校联盟", CHINESE_ORDINALS[j])
                };
                let id = self.alliance(&name, AllianceKind::League, code, founded, "县域学校联盟", *lead, &members[j]);
                self.activities(id, (15, 30), founded);
            }
            spare.insert(code, ids[sizes.len()..in_leagues].to_vec());
            lead_of.insert(code, leads);
        }
        // City level: an urban lead with rural members from several counties (a school may
        // sit in one city-level and one county-level alliance).
        const CITY: &[(&str, &[(&str, usize)])] = &[
            ("231002", &[("231025", 2), ("231085", 2)]),
            ("231004", &[("231083", 2), ("231086", 2)]),
            ("231003", &[("231084", 2), ("231081", 1), ("231005", 1)]),
        ];
        for (j, (lead_county, draws)) in CITY.iter().enumerate() {
            let lead = lead_of
                .get(lead_county)
                .and_then(|l| l.first())
                .copied()
                .ok_or_else(|| DemoError(format!("{lead_county} 无牵头校")))?;
            let mut members = Vec::new();
            for (county, n) in *draws {
                let pool = spare.get_mut(county).ok_or_else(|| DemoError(format!("{county} 无成员校")))?;
                for _ in 0..*n {
                    if let Some(id) = pool.pop() {
                        members.push((id, MemberRole::Member));
                    }
                }
            }
            let name = format!("牡丹江市{}学校联盟", CHINESE_ORDINALS[j]);
            let id = self.alliance(&name, AllianceKind::League, MUDANJIANG, founded, "市级学校联盟", lead, &members);
            self.activities(id, (20, 35), founded);
        }
        // The city's special school, in no league.
        let spec = SchoolSpec::new("231004", "牡丹江市特殊教育学校", SchoolKind::Special, Location::Urban, 180);
        self.school(&spec)?;
        Ok(())
    }

    // --- Cohorts for 巩固率 ------------------------------------------------------------------

    fn cohorts(&mut self) {
        // graduates chosen so that (graduates − in + out) / (entry − deaths) ≈ rate.
        let mut rows = Vec::new();
        let mut put = |county: &'static str,
                       year: i32,
                       stage: &'static str,
                       entry: i64,
                       rate: f64,
                       tin: i64,
                       tout: i64,
                       deaths: i64| {
            let kept = (rate * (entry - deaths) as f64).round() as i64;
            rows.push(DemoCohort {
                county_code: county,
                year,
                stage,
                entry_enrolment: entry,
                graduates: kept + tin - tout,
                transfers_in: tin,
                transfers_out: tout,
                deaths,
            });
        };
        for f in COUNTIES {
            let (mut primary, mut junior) = (0i64, 0i64);
            for s in self.infos.iter().filter(|s| s.county == f.code && s.open) {
                match s.kind {
                    SchoolKind::Junior | SchoolKind::CompleteMiddle => junior += s.students,
                    SchoolKind::NineYear | SchoolKind::TwelveYear => {
                        primary += s.students * 62 / 100;
                        junior += s.students * 38 / 100;
                    }
                    _ => primary += s.students,
                }
            }
            let junior_entry = (junior / 3).max(30);
            let nine_entry = ((primary + junior) / 9).max(30);
            let (junior_rate, nine_rate) = match f.code {
                // Seed 001: 九年巩固率 99.76 %, 初中三年巩固率 100 %.
                BAYAN => (1.0, 0.0),
                XUNKE => (0.992, 0.986),
                PINGFANG => (0.998, 0.996),
                c if c.starts_with("2309") => (0.9819, 0.985),
                // 牡丹江: 巩固率 100 %.
                _ => (1.0, 1.0),
            };
            for back in 0..3 {
                let year = self.s0 - back;
                let drift = back as f64 * 0.001;
                let tin = self.rng.range(5, 25);
                let tout = self.rng.range(8, 30);
                let deaths = self.rng.range(0, 2);
                put(f.code, year, "junior", junior_entry, (junior_rate - drift).min(1.0), tin, tout, deaths);
                if f.code == BAYAN {
                    // (2094 − 40 + 40) / (2100 − 1) = 99.76 %.
                    let rate = if back == 0 { 0.9976 } else { 0.9960 - drift };
                    put(f.code, year, "nine_year", 2100, rate, 40, 40, 1);
                } else {
                    put(f.code, year, "nine_year", nine_entry, nine_rate - drift, tin, tout, deaths);
                }
            }
        }
        self.cohorts = rows;
    }
}

// ---------------------------------------------------------------------------------------
// The ledger.

/// Surnames, most common first (weights fall off with rank). 单 and 曾 have two readings.
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "于", "董", "姜", "崔", "关", "单", "曾", "白",
    "付", "孟",
];
const MALE_CHARS: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "浩", "宇", "博", "鑫", "轩", "睿", "泽", "航", "铭",
    "凯",
];
const FEMALE_CHARS: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "婷", "雪", "慧", "颖", "琳", "欣", "悦", "怡", "涵", "萱", "琪", "瑶", "彤", "妍",
    "佳",
];
const ADULT_CHARS: &[&str] = &[
    "国", "建", "华", "平", "志", "文", "海", "春", "红", "英", "秀", "玉", "凤", "兰", "桂", "立", "新", "学", "德",
    "庆",
];

/// One person's name and its pinyin initials (computed once per distinct name).
struct Person {
    name: String,
    /// Every spelling, ' '-separated (`cases.name_initials`).
    initials: String,
    /// The same, one per row of `case_initials`.
    spellings: Vec<String>,
    /// The pinyin order key (`cases.name_key`).
    sort_key: String,
}

/// Every name the ledger uses: surname × given character, for boys, girls and adults.
struct Names {
    surname: Weighted,
    boys: Vec<Person>,
    girls: Vec<Person>,
    adults: Vec<Person>,
}

impl Names {
    fn new() -> Names {
        let pool = |given: &[&str]| {
            let mut out = Vec::with_capacity(SURNAMES.len() * given.len());
            for s in SURNAMES {
                for g in given {
                    let name = format!("{s}某{g}");
                    let initials = initials_index(&name);
                    let spellings = initials.split(' ').filter(|x| !x.is_empty()).map(str::to_string).collect();
                    let sort_key = crate::domain::pinyin::sort_key(&name);
                    out.push(Person { name, initials, spellings, sort_key });
                }
            }
            out
        };
        Names {
            surname: Weighted::new((0..SURNAMES.len() as u64).map(|i| 1000 / (i + 3))),
            boys: pool(MALE_CHARS),
            girls: pool(FEMALE_CHARS),
            adults: pool(ADULT_CHARS),
        }
    }

    fn child(&self, rng: &mut Rng, male: bool) -> (usize, &Person) {
        let s = self.surname.pick(rng);
        let (pool, n) = if male { (&self.boys, MALE_CHARS.len()) } else { (&self.girls, FEMALE_CHARS.len()) };
        let i = s * n + rng.below(n as u64) as usize;
        (s, &pool[i.min(pool.len() - 1)])
    }

    /// An adult, with the given surname index or a random one.
    fn adult(&self, rng: &mut Rng, surname: Option<usize>) -> &Person {
        let s = surname.unwrap_or_else(|| self.surname.pick(rng));
        let n = ADULT_CHARS.len();
        let i = s * n + rng.below(n as u64) as usize;
        &self.adults[i.min(self.adults.len() - 1)]
    }
}

/// Where the demo's cases stand. The sources' counties are at or near 零辍学 (docs/domain.md
/// §4): each county's first cases are children still out of school ([`OPEN_CYCLE`]); of
/// the rest, most are returned and followed (跟踪巩固) or closed (销号).
/// Illustrative shares, not figures from a source.
const STATUS_MIX: &[(CaseStatus, u64)] = &[
    (CaseStatus::Enrolled, 125),
    (CaseStatus::Suspected, 3),
    (CaseStatus::Dropout, 1),
    (CaseStatus::Persuading, 2),
    (CaseStatus::Returned, 60),
    (CaseStatus::Tracking, 260),
    (CaseStatus::HomeTeaching, 50),
    (CaseStatus::Inclusive, 25),
    (CaseStatus::SpecialSchool, 15),
    (CaseStatus::SickLeave, 15),
    (CaseStatus::Other, 5),
    (CaseStatus::Closed, 330),
    (CaseStatus::Transferred, 40),
    (CaseStatus::Deceased, 2),
    (CaseStatus::Voided, 13),
];

/// A few children out of school in every county: the first cases, one county after another,
/// each county's in this order (牡丹江's are returned or closed: see `cleared`).
const OPEN_CYCLE: [CaseStatus; 4] =
    [CaseStatus::Persuading, CaseStatus::Dropout, CaseStatus::Suspected, CaseStatus::Persuading];

/// Grades 1–9 of the demo's children: the sources find the risk in 初中 (grades 7–9).
const GRADE_MIX: [u64; 9] = [3, 3, 4, 4, 5, 6, 20, 25, 30];

/// Why a child left, by age: no first-grader leaves to work or marry; screens and games
/// come with the middle grades; work and early marriage only in 初中.
const REASON_MIX: [&[(&str, u64)]; 3] = [
    // Grades 1–4.
    &[("learning", 30), ("poverty", 22), ("health", 22), ("no_guardian", 12), ("distance", 10), ("other", 4)],
    // Grades 5–7.
    &[
        ("learning", 35),
        ("poverty", 14),
        ("health", 14),
        ("no_guardian", 10),
        ("distance", 7),
        ("internet", 16),
        ("other", 4),
    ],
    // Grades 8–9.
    &[
        ("learning", 35),
        ("work", 16),
        ("poverty", 10),
        ("health", 10),
        ("early_marriage", 2),
        ("no_guardian", 7),
        ("distance", 4),
        ("internet", 13),
        ("other", 3),
    ],
];

/// Which of [`REASON_MIX`] fits a child in `grade`.
fn reason_band(grade: i64) -> usize {
    match grade {
        ..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

const FAMILY_MIX: &[(&str, u64)] = &[
    ("left_behind", 30),
    ("poverty_exit", 15),
    ("monitored", 10),
    ("dibao", 12),
    ("migrant", 10),
    ("hardship", 8),
    ("unsupported", 4),
    ("orphan", 3),
    ("tekun", 3),
    ("disabled", 5),
];

const RELATIONS: &[&str] = &["父亲", "母亲", "父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母"];
const VILLAGES: &[&str] = &["向阳", "红旗", "前进", "新华", "胜利", "和平", "东升", "太平", "永安", "兴隆"];
const CLASS_NAMES: &[&str] = &["1班", "2班", "3班", "4班", "5班", "6班"];
const VISIT_METHODS: &[&str] = &["home", "home", "home", "phone", "phone", "interview", "notice"];
const VISIT_OUTCOMES: &[&str] = &[
    "监护人同意送孩子返校",
    "学生有返校意愿，约定下周到校",
    "监护人外出务工，电话沟通",
    "未见到学生，已留联系方式",
    "已下达限期返校通知书",
];

/// Schools of one county a child can attend, weighted by size.
struct CountyPick {
    code: &'static str,
    /// 户籍 text: province + prefecture + county.
    hukou_text: String,
    short_name: String,
    /// Schools teaching grades 1–6 with their weights; then grades 7–9.
    primary: (Vec<usize>, Weighted),
    junior: (Vec<usize>, Weighted),
    special: Option<usize>,
    /// 牡丹江: dropout rate 0, so no child is out of school there right now (动态清零).
    cleared: bool,
}

impl CountyPick {
    fn school(&self, rng: &mut Rng, grade: i64) -> Option<usize> {
        let (ids, w) = if grade >= 7 && !self.junior.0.is_empty() { &self.junior } else { &self.primary };
        if ids.is_empty() {
            return None;
        }
        ids.get(w.pick(rng)).copied()
    }
}

/// Reused text buffers, so a row allocates almost nothing.
#[derive(Default)]
struct Scratch {
    id_number: String,
    id_rev: String,
    guardian_phone: String,
    gov_phone: String,
    edu_phone: String,
    family: String,
    address: String,
    student_no: String,
    created_at: String,
    updated_at: String,
}

/// `1` + 10 digits, starting 100 so it can never be a real mobile number.
fn phone(rng: &mut Rng, out: &mut String) {
    out.clear();
    out.push_str("100");
    let _ = write!(out, "{:08}", rng.below(100_000_000));
}

/// `date` + a working-hours time, as `YYYY-MM-DD HH:MM:SS` (what `db::now_text` writes).
fn timestamp(rng: &mut Rng, date: &str, out: &mut String) {
    out.clear();
    out.push_str(date);
    let _ = write!(out, " {:02}:{:02}:{:02}", rng.range(8, 17), rng.below(60), rng.below(60));
}

fn note_for(status: CaseStatus, rng: &mut Rng) -> &'static str {
    match status {
        CaseStatus::Persuading => {
            rng.pick(&["", "家长同意下周返校", "随父母外出务工，已联系务工地学校", "厌学情绪明显，班主任每周家访"])
        }
        CaseStatus::Tracking => rng.pick(&["", "复学后每月跟踪", "学习困难，安排结对辅导"]),
        CaseStatus::HomeTeaching => "送教上门：每月不少于2次",
        CaseStatus::Inclusive => "随班就读",
        CaseStatus::SpecialSchool => "特殊教育学校就读",
        CaseStatus::SickLeave => "因病休学（医院证明）",
        CaseStatus::Transferred => "转入外县学校（演示）",
        CaseStatus::Other => "随父母出国（演示）",
        _ => "",
    }
}

/// How a case reached `target`: the status it was registered with, and the workflow
/// steps after that (`AddVisit` stands for one or more visits). Every step is checked
/// against `case_status::next_status`, so the demo timeline is one the app could record.
fn plan(target: CaseStatus, quick_close: bool) -> (CaseStatus, &'static [CaseAction]) {
    use CaseAction as A;
    use CaseStatus as S;
    const TO_PERSUADING: &[A] = &[A::ConfirmDropout, A::AddVisit];
    const TO_RETURNED: &[A] = &[A::ConfirmDropout, A::AddVisit, A::Return];
    const TO_TRACKING: &[A] = &[A::ConfirmDropout, A::AddVisit, A::Return, A::StartTracking];
    const TO_CLOSED: &[A] = &[A::ConfirmDropout, A::AddVisit, A::Return, A::StartTracking, A::Close];
    match target {
        S::Enrolled | S::HomeTeaching | S::Inclusive | S::SpecialSchool => (target, &[]),
        S::Suspected => (S::Suspected, &[]),
        S::Dropout => (S::Suspected, &[A::ConfirmDropout]),
        S::Persuading => (S::Suspected, TO_PERSUADING),
        S::Returned => (S::Suspected, TO_RETURNED),
        S::Tracking => (S::Suspected, TO_TRACKING),
        S::Closed if quick_close => (S::Suspected, &[A::Return, A::Close]),
        S::Closed => (S::Suspected, TO_CLOSED),
        S::Transferred => (S::Suspected, &[A::Transfer]),
        S::SickLeave => (S::Suspected, &[A::SickLeave]),
        S::Deceased => (S::Suspected, &[A::Deceased]),
        S::Other => (S::Suspected, &[A::Other]),
        S::Voided => (S::Suspected, &[A::Void]),
        // Made by the school-year rollover only, never generated.
        S::Graduated => (S::Enrolled, &[]),
    }
}

/// One step taken, kept for the timeline of the first cases.
struct Step {
    day: i32,
    action: CaseAction,
    from: CaseStatus,
    to: CaseStatus,
    /// The n-th visit (1-based) for `AddVisit`.
    visit: usize,
}

impl DemoData {
    /// Per-county school tables for the counties with demo schools, in [`COUNTIES`] order.
    fn county_picks(&self, regions: &Regions) -> Result<Vec<CountyPick>, DemoError> {
        // "黑龙江省黑河市逊克县" and "逊克县".
        let names_of = |code: &str| -> (String, String) {
            let mut parts = Vec::new();
            let mut at = Some(code.to_string());
            while let Some(c) = at {
                match regions.get(&c) {
                    Some((n, p)) if parts.len() < 3 => {
                        parts.push(n.clone());
                        at = p.clone();
                    }
                    _ => break,
                }
            }
            let short = parts.first().cloned().unwrap_or_default();
            parts.reverse();
            (parts.concat(), short)
        };
        let table = |county: &str, teaches: fn(&SchoolInfo) -> bool| {
            let list: Vec<&SchoolInfo> = self
                .infos
                .iter()
                .filter(|s| s.county == county && s.open && s.kind != SchoolKind::Special && teaches(s))
                .collect();
            let weights = Weighted::new(list.iter().map(|s| s.students.max(1) as u64));
            (list.iter().map(|s| s.id).collect::<Vec<_>>(), weights)
        };
        let mut out = Vec::new();
        for f in COUNTIES {
            let (hukou_text, short_name) = names_of(f.code);
            let pick = CountyPick {
                code: f.code,
                hukou_text,
                short_name,
                primary: table(f.code, SchoolInfo::teaches_primary),
                junior: table(f.code, SchoolInfo::teaches_junior),
                special: self.infos.iter().find(|s| s.county == f.code && s.kind == SchoolKind::Special).map(|s| s.id),
                cleared: f.code.starts_with("2310"),
            };
            if pick.primary.0.is_empty() {
                return Err(internal(&format!("{} 没有小学", f.code)));
            }
            out.push(pick);
        }
        Ok(out)
    }

    /// The ledger: `n` cases, each handed to `sink` as it is made (a million would not fit
    /// in memory at once). Case `i` is the same whatever `n` is.
    pub fn cases<E: From<DemoError>>(
        &self,
        n: u64,
        regions: &Regions,
        mut sink: impl FnMut(&DemoCase) -> Result<(), E>,
    ) -> Result<u64, E> {
        use CaseAction as A;
        use CaseStatus as S;
        if n == 0 {
            return Ok(0);
        }
        let picks = self.county_picks(regions)?;
        let county_w = Weighted::new(COUNTIES.iter().map(|f| f.case_weight));
        let status_w = Weighted::new(STATUS_MIX.iter().map(|(_, w)| *w));
        let grade_w = Weighted::new(GRADE_MIX);
        let reason_w = REASON_MIX.map(|mix| Weighted::new(mix.iter().map(|(_, w)| *w)));
        let family_w = Weighted::new(FAMILY_MIX.iter().map(|(_, w)| *w));
        let names = Names::new();
        let dates = &self.dates;
        let today = self.today_n;
        let three_years_ago = today - 3 * 365;
        let s0 = self.s0;

        let mut events: Vec<DemoEvent> = Vec::new();
        let mut rng = Rng::new(self.seed, 2);
        // Sequence numbers taken per (county, birth day, sex), so ID numbers never repeat.
        let mut seqs: HashMap<u64, u16> = HashMap::new();
        let mut b = Scratch::default();
        let mut steps: Vec<Step> = Vec::new();

        for index in 0..n {
            // Where.
            // The first cases: each county's children out of school, county after county.
            let cycled = OPEN_CYCLE.get(index as usize / COUNTIES.len()).copied();
            let county_index = match cycled {
                Some(_) => index as usize % COUNTIES.len(),
                None => county_w.pick(&mut rng),
            };
            let pick = picks.get(county_index).ok_or_else(|| internal("县序号越界"))?;

            // Who: a grade, and a birth date that fits it (age 6–15 on `today`).
            let male = rng.below(2) == 1;
            let grade = grade_w.pick(&mut rng) as i64 + 1;
            let g = grade as i32;
            let birth = sep1(s0 - g - 6) + rng.below(365) as i32;
            let entered = sep1(s0 - g + 1);
            let (surname, child) = names.child(&mut rng, male);

            // Where the case stands, shaped by the place.
            let mut target = match cycled {
                Some(s) => s,
                None => STATUS_MIX[status_w.pick(&mut rng)].0,
            };
            if pick.cleared {
                target = match target {
                    S::Suspected => S::Closed,
                    S::Dropout | S::Persuading => S::Tracking,
                    s => s,
                };
            }
            let quick_close = target == S::Closed && rng.chance(300);
            let (initial, actions) = plan(target, quick_close);
            let school_id = match target {
                S::SpecialSchool if pick.special.is_some() => pick.special,
                _ => pick.school(&mut rng, grade),
            };

            // When: registered within the last three years, after the child started school,
            // early enough for the steps that follow (clamped to today for the youngest).
            let room = match (target, quick_close) {
                (S::Dropout, _) => 35,
                (S::Persuading, _) => 45,
                (S::Returned, _) => 80,
                (S::Tracking, _) => 100,
                (S::Closed, false) => 200,
                (S::Closed, true) => 60,
                _ => 30,
            };
            let earliest = three_years_ago.max(entered);
            let latest = (today - room).max(earliest).min(today);
            let registered = earliest + rng.below((latest - earliest + 1) as u64) as i32;
            let after = |rng: &mut Rng, from: i32, min: i32, spread: i32| -> i32 {
                (from + min + rng.below(spread.max(1) as u64) as i32).min(today)
            };

            // The steps, checked against the workflow.
            let mut status = initial;
            let mut ledger = ledger_after(Ledger::SchoolAge, initial);
            let mut day = registered;
            let (mut last_visit, mut returned, mut closed) = (None, None, None);
            let keep_steps = index < EVENT_CASES;
            steps.clear();
            for &action in actions {
                let repeats = if action == A::AddVisit { rng.range(1, 4) as usize } else { 1 };
                // Open cases: visits spread up to a last one anywhere before today, so some
                // are overdue.
                let final_visits = action == A::AddVisit && target == S::Persuading;
                let start = day;
                let last = if final_visits { after(&mut rng, day, 1, today - day) } else { day };
                for visit in 1..=repeats {
                    day = match action {
                        A::ConfirmDropout => after(&mut rng, day, 30, 15),
                        A::AddVisit if final_visits => start + ((last - start) as usize * visit / repeats) as i32,
                        A::AddVisit => after(&mut rng, day, 1, 40),
                        A::Return if quick_close => after(&mut rng, day, 1, 10),
                        A::Return => after(&mut rng, day, 1, 30),
                        A::StartTracking => after(&mut rng, day, 0, 20),
                        A::Close if quick_close => after(&mut rng, day, 7, 40),
                        A::Close => after(&mut rng, day, 30, 120),
                        _ => after(&mut rng, day, 3, 30),
                    };
                    let next = next_status(status, action).map_err(|e| internal(&format!("{e:?}")))?;
                    match action {
                        A::AddVisit => last_visit = Some(day),
                        A::Return => returned = Some(day),
                        A::Close => closed = Some(day),
                        _ => {}
                    }
                    if keep_steps {
                        steps.push(Step { day, action, from: status, to: next, visit });
                    }
                    ledger = ledger_after(ledger, next);
                    status = next;
                }
            }
            if status != target {
                return Err(internal(&format!("{target:?} 流程不完整")).into());
            }
            // Why, and the family.
            let absent = match initial {
                S::Suspected => Some((registered - rng.range(8, 17) as i32).max(entered)),
                _ => None,
            };
            let reason = match (absent, status) {
                (None, _) => None,
                (Some(_), S::SickLeave | S::Deceased) => Some("health"),
                (Some(_), _) => {
                    let band = reason_band(grade);
                    let (mix, w) = (REASON_MIX.get(band), reason_w.get(band));
                    mix.zip(w).and_then(|(mix, w)| mix.get(w.pick(&mut rng))).map(|(code, _)| *code)
                }
            };
            let reason_text = if reason == Some("other") { "家庭变故（演示）" } else { "" };
            b.family.clear();
            if status.is_placed() {
                b.family.push_str("disabled");
            }
            let extra = match rng.below(100) {
                0..=44 => 0,
                45..=84 => 1,
                _ => 2,
            };
            for _ in 0..extra {
                let code = FAMILY_MIX[family_w.pick(&mut rng)].0;
                if !b.family.split(',').any(|c| c == code) {
                    if !b.family.is_empty() {
                        b.family.push(',');
                    }
                    b.family.push_str(code);
                }
            }
            // Stored in the list's order, as the form and an import store them.
            if b.family.contains(',') {
                use crate::domain::case::{family_codes, parse_family_codes};
                b.family = family_codes(&parse_family_codes(&b.family).unwrap_or_default());
            }

            // ID number: county, birth date, sequence (odd = boy), check character.
            let birth_text = dates.text(birth);
            let key = ((county_index as u64) << 40) | ((birth as u64 & 0xFF_FFFF) << 1) | u64::from(male);
            let taken = seqs.entry(key).or_insert(0);
            let offset = Rng::new(key, 3).below(60) as u16;
            let seq = ((offset + *taken) % 500) * 2 + u16::from(male);
            *taken = taken.saturating_add(1);
            let mut id = [b'0'; 18];
            id[..6].copy_from_slice(&pick.code.as_bytes()[..6]);
            let bt = birth_text.as_bytes();
            id[6..10].copy_from_slice(&bt[0..4]);
            id[10..12].copy_from_slice(&bt[5..7]);
            id[12..14].copy_from_slice(&bt[8..10]);
            id[14] = b'0' + (seq / 100) as u8;
            id[15] = b'0' + (seq / 10 % 10) as u8;
            id[16] = b'0' + (seq % 10) as u8;
            id[17] = check_char(&id[..17]) as u8;
            b.id_number.clear();
            b.id_number.extend(id.iter().map(|&c| char::from(c)));
            b.id_rev.clear();
            b.id_rev.extend(id.iter().rev().map(|&c| char::from(c)));
            b.student_no.clear();
            if school_id.is_some() {
                b.student_no.push('G');
                b.student_no.push_str(&b.id_number);
            }

            // The people around the child.
            let relation = rng.pick(RELATIONS);
            let same_surname = matches!(relation, "父亲" | "祖父");
            let guardian = names.adult(&mut rng, same_surname.then_some(surname));
            phone(&mut rng, &mut b.guardian_phone);
            let gov = names.adult(&mut rng, None);
            phone(&mut rng, &mut b.gov_phone);
            let edu = names.adult(&mut rng, None);
            phone(&mut rng, &mut b.edu_phone);
            b.address.clear();
            let _ = write!(b.address, "{}{}村{}组", pick.short_name, rng.pick(VILLAGES), rng.range(1, 12));

            let close_basis = match (status, quick_close) {
                (S::Closed, false) => "复学满一学期，学籍系统核实在校",
                (S::Closed, true) => "核实为病假，已返校上课",
                _ => "",
            };
            let closed_by = if closed.is_some() { edu.name.as_str() } else { "" };
            let void_reason =
                if status == S::Voided { "重复登记（与另一条记录为同一儿童）" } else { "" };
            let note = note_for(status, &mut rng);
            let class_name = rng.pick(CLASS_NAMES);

            let registered_text = dates.text(registered);
            timestamp(&mut rng, registered_text, &mut b.created_at);
            if day == registered {
                b.updated_at.clear();
                b.updated_at.push_str(&b.created_at);
            } else {
                timestamp(&mut rng, dates.text(day), &mut b.updated_at);
            }

            events.clear();
            if keep_steps {
                let people = (gov.name.as_str(), edu.name.as_str());
                self.events(&mut events, index, status, registered, &steps, people, close_basis, void_reason);
            }
            sink(&DemoCase {
                county_code: pick.code,
                school: school_id,
                ledger: ledger.code(),
                status: status.code(),
                name: &child.name,
                name_initials: &child.initials,
                spellings: &child.spellings,
                name_key: &child.sort_key,
                id_number: &b.id_number,
                id_rev: &b.id_rev,
                sex: if male { "M" } else { "F" },
                birth_date: birth_text,
                student_no: (!b.student_no.is_empty()).then_some(b.student_no.as_str()),
                hukou_code: pick.code,
                hukou_text: &pick.hukou_text,
                address: &b.address,
                guardian: &guardian.name,
                guardian_relation: relation,
                guardian_phone: &b.guardian_phone,
                grade,
                class_name,
                family_types: &b.family,
                absent_since: absent.map(|d| dates.text(d)),
                reason,
                reason_text,
                gov_person: &gov.name,
                gov_phone: &b.gov_phone,
                edu_person: &edu.name,
                edu_phone: &b.edu_phone,
                registered_on: registered_text,
                last_visit_on: last_visit.map(|d| dates.text(d)),
                returned_on: returned.map(|d| dates.text(d)),
                returned_school: returned.and(school_id),
                closed_on: closed.map(|d| dates.text(d)),
                close_basis,
                closed_by,
                void_reason,
                note,
                created_at: &b.created_at,
                updated_at: &b.updated_at,
                events: &events,
            })?;
        }
        Ok(n)
    }

    /// The timeline of one case: its workflow steps (visits alternating the two lines) and,
    /// for 送教上门, the sessions since registration.
    #[allow(clippy::too_many_arguments)]
    fn events(
        &self,
        out: &mut Vec<DemoEvent>,
        index: u64,
        status: CaseStatus,
        registered: i32,
        steps: &[Step],
        (gov, edu): (&str, &str),
        close_basis: &str,
        void_reason: &str,
    ) {
        use CaseAction as A;
        // Its own stream, so events never shift the rows of later cases.
        let mut rng = Rng::new(self.seed ^ index.wrapping_mul(0x2545_F491_4F6C_DD1D), 4);
        let mut ts = String::new();
        let mut gov_line = rng.below(2) == 0;
        for s in steps {
            let date = self.dates.text(s.day);
            timestamp(&mut rng, date, &mut ts);
            let (line, who, method, outcome, content) = match s.action {
                A::AddVisit => {
                    let line = if gov_line { "gov" } else { "edu" };
                    let who = if gov_line { gov } else { edu };
                    gov_line = !gov_line;
                    let content = format!("第{}次劝返", s.visit);
                    (Some(line), who, Some(rng.pick(VISIT_METHODS)), rng.pick(VISIT_OUTCOMES), content)
                }
                A::Return => (None, edu, None, "返回原校就读", format!("{:?}", s.action)),
                A::Close => (None, edu, None, close_basis, format!("{:?}", s.action)),
                A::Void => (None, edu, None, void_reason, format!("{:?}", s.action)),
                A::Transfer => (None, edu, None, "转入外县学校（演示）", format!("{:?}", s.action)),
                // The step form asks 其他 for its reason, as it does a transfer.
                A::Other => (None, edu, None, "随父母出国（演示）", format!("{:?}", s.action)),
                _ => (None, edu, None, "", format!("{:?}", s.action)),
            };
            out.push(DemoEvent {
                kind: s.action.event_kind(),
                happened_on: date.to_string(),
                line,
                who: who.to_string(),
                method,
                outcome: outcome.to_string(),
                from_status: Some(s.from.code()),
                to_status: Some(s.to.code()),
                hours: None,
                content,
                created_at: ts.clone(),
            });
        }
        // 送教上门 sessions: date, teacher, hours, content, the child's response.
        if status == CaseStatus::HomeTeaching {
            for _ in 0..rng.range(1, 4) {
                let day = registered + rng.below((self.today_n - registered + 1) as u64) as i32;
                let date = self.dates.text(day);
                timestamp(&mut rng, date, &mut ts);
                out.push(DemoEvent {
                    kind: CaseAction::Session.event_kind(),
                    happened_on: date.to_string(),
                    line: Some("edu"),
                    who: edu.to_string(),
                    method: None,
                    outcome: "能配合完成练习（演示）".to_string(),
                    from_status: None,
                    to_status: None,
                    hours: Some(2.0),
                    content: "语文、数学、生活适应（演示）".to_string(),
                    created_at: ts.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> DemoOptions {
        DemoOptions { cases: 0, today: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"), seed: 2024 }
    }

    #[test]
    fn generation_needs_no_database_and_repeats_itself() {
        let (a, b) = (generate(&opts()).expect("demo"), generate(&opts()).expect("demo"));
        assert_eq!(a.schools, b.schools);
        assert_eq!(a.alliances, b.alliances);
        assert_eq!(a.activities, b.activities);
        assert_eq!(a.cohorts, b.cohorts);
    }

    #[test]
    fn references_point_at_rows_made_before_them() {
        let d = generate(&opts()).expect("demo");
        for (i, s) in d.schools.iter().enumerate() {
            assert!(s.merged_into.is_none_or(|m| m < i), "{} merged into a later school", s.record.name);
        }
        for a in &d.alliances {
            assert_eq!(a.members.first(), Some(&(a.lead, MemberRole::Lead)), "{}: lead first", a.name);
            assert!(a.members.iter().all(|(s, _)| *s < d.schools.len()), "{}", a.name);
        }
        assert!(d.activities.iter().all(|x| x.alliance < d.alliances.len()));
    }

    #[test]
    fn cases_stream_to_the_sink_and_stop_at_its_error() {
        let d = generate(&opts()).expect("demo");
        let regions = Regions::new();
        let mut seen = 0;
        let made = d.cases(5, &regions, |c| {
            seen += 1;
            assert!(c.school.is_none_or(|s| s < d.schools.len()));
            Ok::<(), DemoError>(())
        });
        assert_eq!((made, seen), (Ok(5), 5));
        let stopped = d.cases(5, &regions, |_| Err(DemoError("stop".into())));
        assert_eq!(stopped, Err(DemoError("stop".into())));
    }
}
