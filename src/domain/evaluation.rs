//! The county's self-evaluation sheet (自评表) under the 2017 method (县域义务教育优质均衡发展
//! 督导评估办法, docs/domain.md §8): every item of its four sections, each either computed
//! from the database or confirmed by hand with a value, a verdict, evidence, the date and who
//! confirmed it; and from the sheet one verdict per section and for the county.
//!
//! Pure: the computed states come from `domain::indicators` / `domain::rates`, the entries
//! from `db::evaluation`, the words from `i18n::evaluation`.

use super::indicators::{Check, Guarantees, ResourceReport, Stage, Verdict};
use super::rates::Rate;
use chrono::NaiveDate;

/// The four sections of the 2017 method, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// 资源配置: the seven indicators per school and their CVs.
    Resources,
    /// 政府保障程度: 15 items.
    Guarantee,
    /// 教育质量: 9 items.
    Quality,
    /// 社会认可度: ≥ 85 % satisfied.
    Recognition,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Resources, Section::Guarantee, Section::Quality, Section::Recognition];
}

/// What the database computes an item from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Computed {
    /// Every school of the stage passes (6 of 7, the last at 85 %).
    Schools(Stage),
    /// Every CV of the stage within its limit.
    Cvs(Stage),
    SchoolSize,
    ClassSize,
    Rotation,
    /// 初中三年巩固率 of the year's cohort.
    JuniorRetention,
    DisabledEnrolment,
}

/// How an item gets its verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    Computed(Computed),
    /// Confirmed by hand: the confirmer states the verdict (the value is a note).
    Hand,
    /// Confirmed by hand as a number: met when the value is at least this (a percentage or
    /// 元, as the rule says); the verdict follows from the value.
    AtLeast(f64),
}

/// One item of the sheet. Its code is stored with the entries and never reused; its words
/// are in `i18n::evaluation`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub code: &'static str,
    pub section: Section,
    pub how: How,
}

const fn item(code: &'static str, section: Section, how: How) -> Item {
    Item { code, section, how }
}

use Computed as C;
use How::{AtLeast, Hand};
use Section::{Guarantee as G, Quality as Q, Recognition as R, Resources as Res};

/// Every item, in the order of the 2017 method (item numbers in the codes).
pub const ITEMS: &[Item] = &[
    item("r1", Res, How::Computed(C::Schools(Stage::Primary))),
    item("r2", Res, How::Computed(C::Cvs(Stage::Primary))),
    item("r3", Res, How::Computed(C::Schools(Stage::Junior))),
    item("r4", Res, How::Computed(C::Cvs(Stage::Junior))),
    item("g1", G, Hand),
    item("g2", G, Hand),
    item("g3", G, Hand),
    item("g4", G, How::Computed(C::SchoolSize)),
    item("g5", G, How::Computed(C::ClassSize)),
    item("g6", G, Hand),
    item("g6s", G, AtLeast(6000.0)),
    item("g7", G, Hand),
    item("g8", G, AtLeast(100.0)),
    item("g9", G, Hand),
    item("g10", G, How::Computed(C::Rotation)),
    item("g11", G, AtLeast(100.0)),
    item("g12", G, Hand),
    item("g13", G, AtLeast(50.0)),
    item("g14", G, AtLeast(85.0)),
    item("g15", G, Hand),
    item("q1", Q, How::Computed(C::JuniorRetention)),
    item("q2", Q, How::Computed(C::DisabledEnrolment)),
    item("q3", Q, Hand),
    item("q4", Q, AtLeast(5.0)),
    item("q5", Q, Hand),
    item("q6", Q, Hand),
    item("q7", Q, Hand),
    item("q8", Q, Hand),
    item("q9", Q, Hand),
    item("s1", R, AtLeast(85.0)),
];

pub fn find(code: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.code == code.trim())
}

impl Item {
    pub fn is_hand(&self) -> bool {
        !matches!(self.how, How::Computed(_))
    }
}

/// A hand item as confirmed (one row of `evaluation_entries`).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub item: &'static str,
    /// As entered: a number for [`How::AtLeast`] items, otherwise a short note (may be empty).
    pub value: String,
    pub met: bool,
    /// A document reference or a note: never empty.
    pub evidence: String,
    pub confirmed_on: NaiveDate,
    pub confirmed_by: String,
}

/// Why a confirmation is refused; nothing is stored.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryError {
    UnknownItem(String),
    /// The item is computed from the data: it cannot be confirmed by hand.
    Computed(&'static str),
    /// The item needs a number (e.g. `92.5` or `92.5%`).
    NotANumber(String),
    /// The stated verdict contradicts the value against the rule (value, minimum).
    Contradicts {
        value: f64,
        min: f64,
    },
    /// A verdict (met / not met) is needed.
    NoVerdict,
    /// The verdict word is not one of met / not met.
    BadVerdict(String),
    NoEvidence,
    NoConfirmer,
    BadDate(String),
    FutureDate(String),
}

/// `92.5`, `92.5%` or `92.5％` as a number.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim().trim_end_matches(['%', '％']).trim();
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Met / not met from the words people type (达标/未达标, 是/否, yes/no, met/not met, 1/0).
pub fn parse_verdict(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "达标" | "是" | "符合" | "met" | "yes" | "y" | "pass" | "1" | "true" => Some(true),
        "未达标" | "否" | "不符合" | "not met" | "notmet" | "no" | "n" | "fail" | "0" | "false" => Some(false),
        _ => None,
    }
}

/// The texts a confirmation is made of, as typed (form, CLI or import row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryInput {
    pub item: String,
    pub value: String,
    pub verdict: String,
    pub evidence: String,
    pub confirmed_on: String,
    pub confirmed_by: String,
}

/// Checks a confirmation: the item is a hand item, the value fits its rule, the verdict is
/// stated (or follows from the value), and evidence, date (not after `today`) and confirmer
/// are given.
pub fn confirm(input: &EntryInput, today: NaiveDate) -> Result<Entry, EntryError> {
    let item = find(&input.item).ok_or_else(|| EntryError::UnknownItem(input.item.trim().to_string()))?;
    let stated = match input.verdict.trim() {
        "" => None,
        v => Some(parse_verdict(v).ok_or_else(|| EntryError::BadVerdict(v.to_string()))?),
    };
    let met = match item.how {
        How::Computed(_) => return Err(EntryError::Computed(item.code)),
        How::Hand => stated.ok_or(EntryError::NoVerdict)?,
        How::AtLeast(min) => {
            let value =
                parse_number(&input.value).ok_or_else(|| EntryError::NotANumber(input.value.trim().to_string()))?;
            let met = value >= min - 1e-9;
            if stated.is_some_and(|s| s != met) {
                return Err(EntryError::Contradicts { value, min });
            }
            met
        }
    };
    let evidence = input.evidence.trim();
    if evidence.is_empty() {
        return Err(EntryError::NoEvidence);
    }
    let by = input.confirmed_by.trim();
    if by.is_empty() {
        return Err(EntryError::NoConfirmer);
    }
    let raw = input.confirmed_on.trim();
    let on = match super::dates::parse(raw, today) {
        Ok(Some(d)) => d,
        Err(super::dates::DateError::Future) => return Err(EntryError::FutureDate(raw.to_string())),
        Ok(None) | Err(_) => return Err(EntryError::BadDate(raw.to_string())),
    };
    Ok(Entry {
        item: item.code,
        value: input.value.trim().to_string(),
        met,
        evidence: evidence.to_string(),
        confirmed_on: on,
        confirmed_by: by.to_string(),
    })
}

/// How an item stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Met,
    NotMet,
    /// Not decided: a hand item not yet confirmed, or figures missing.
    Open(Gap),
}

/// What is missing for an open item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// A hand item nobody has confirmed for the year.
    NotConfirmed,
    /// A computed item whose figures are incomplete.
    Figures,
    /// A stage with no school to evaluate.
    NoSchools,
}

impl State {
    fn from_check(c: Check) -> State {
        match c {
            Check::Met => State::Met,
            Check::NotMet => State::NotMet,
            Check::Missing => State::Open(Gap::Figures),
        }
    }

    fn from_met(m: Option<bool>) -> State {
        match m {
            Some(true) => State::Met,
            Some(false) => State::NotMet,
            None => State::Open(Gap::Figures),
        }
    }
}

/// What the computed items are computed from, for one county and year.
pub struct Facts<'a> {
    pub resources: &'a ResourceReport,
    pub guarantees: &'a Guarantees,
    /// The year's 初中三年巩固率 (`None`: no cohort entered for the year).
    pub retention: Option<&'a Rate>,
    pub disabled: &'a Rate,
}

/// A computed item's state.
pub fn computed(c: Computed, f: &Facts) -> State {
    match c {
        C::Schools(stage) => {
            let st = f.resources.stage(stage);
            if st.parts.is_empty() {
                return State::Open(Gap::NoSchools);
            }
            if st.parts.iter().any(|p| p.verdict == Verdict::Fail) {
                State::NotMet
            } else if st.parts.iter().any(|p| p.verdict == Verdict::Incomplete) {
                State::Open(Gap::Figures)
            } else {
                State::Met
            }
        }
        C::Cvs(stage) => {
            let st = f.resources.stage(stage);
            if st.parts.is_empty() {
                return State::Open(Gap::NoSchools);
            }
            let mets: Vec<Option<bool>> = st.cvs.iter().map(|c| c.met()).collect();
            if mets.contains(&Some(false)) {
                State::NotMet
            } else if mets.contains(&None) {
                State::Open(Gap::Figures)
            } else {
                State::Met
            }
        }
        C::SchoolSize => State::from_check(f.guarantees.school_size.check()),
        C::ClassSize => State::from_check(f.guarantees.class_size.check()),
        C::Rotation => State::from_check(f.guarantees.rotation.check()),
        C::JuniorRetention => f.retention.map_or(State::Open(Gap::Figures), |r| State::from_met(r.met())),
        C::DisabledEnrolment => State::from_met(f.disabled.met()),
    }
}

/// One row of the sheet: the item, its state and (for hand items) the confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub item: &'static Item,
    pub state: State,
    pub entry: Option<Entry>,
}

/// The whole sheet of one county and year, in [`ITEMS`] order.
pub fn sheet(facts: &Facts, entries: &[Entry]) -> Vec<Row> {
    ITEMS
        .iter()
        .map(|item| {
            let entry = entries.iter().find(|e| e.item == item.code).cloned();
            let state = match (item.how, &entry) {
                (How::Computed(c), _) => computed(c, facts),
                (_, Some(e)) if e.met => State::Met,
                (_, Some(_)) => State::NotMet,
                (_, None) => State::Open(Gap::NotConfirmed),
            };
            Row { item, state, entry }
        })
        .collect()
}

/// A section's (or the county's) verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionVerdict {
    Pass,
    /// The failing items (any failure fails the section, whatever is still open).
    Fail(Vec<&'static Item>),
    /// Nothing fails, but these items are not decided.
    Open(Vec<(&'static Item, Gap)>),
}

/// Any failure fails; else anything open leaves it open; else it passes.
fn combine(failing: Vec<&'static Item>, open: Vec<(&'static Item, Gap)>) -> SectionVerdict {
    if !failing.is_empty() {
        SectionVerdict::Fail(failing)
    } else if !open.is_empty() {
        SectionVerdict::Open(open)
    } else {
        SectionVerdict::Pass
    }
}

/// The verdict over `rows` (all of them, or one section's).
fn verdict_of<'r>(rows: impl Iterator<Item = &'r Row> + Clone) -> SectionVerdict {
    let failing = rows.clone().filter(|r| r.state == State::NotMet).map(|r| r.item).collect();
    let open = rows
        .filter_map(|r| match r.state {
            State::Open(g) => Some((r.item, g)),
            _ => None,
        })
        .collect();
    combine(failing, open)
}

/// The verdict of `section` over the sheet's rows.
pub fn section_verdict(rows: &[Row], section: Section) -> SectionVerdict {
    verdict_of(rows.iter().filter(|r| r.item.section == section))
}

/// The county passes only when every section passes; it fails when any section fails.
pub fn county_verdict(rows: &[Row]) -> SectionVerdict {
    verdict_of(rows.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn input(item: &str, value: &str, verdict: &str) -> EntryInput {
        EntryInput {
            item: item.into(),
            value: value.into(),
            verdict: verdict.into(),
            evidence: "县政府文件 2026-12".into(),
            confirmed_on: "2026-11-20".into(),
            confirmed_by: "王某".into(),
        }
    }

    #[test]
    fn codes_are_unique_and_sections_complete() {
        let mut codes: Vec<&str> = ITEMS.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ITEMS.len());
        let count = |s| ITEMS.iter().filter(|i| i.section == s).count();
        // 15 guarantee items (item 6 holds two rules), 9 quality items, one survey.
        assert_eq!(count(Section::Guarantee), 16);
        assert_eq!(count(Section::Quality), 9);
        assert_eq!(count(Section::Recognition), 1);
    }

    #[test]
    fn threshold_items_take_their_verdict_from_the_value() {
        let today = day("2026-11-23");
        assert_eq!(confirm(&input("s1", "85%", ""), today).map(|e| e.met), Ok(true));
        assert_eq!(confirm(&input("s1", "84.9", ""), today).map(|e| e.met), Ok(false));
        assert_eq!(confirm(&input("s1", "80", "达标"), today), Err(EntryError::Contradicts { value: 80.0, min: 85.0 }));
        assert_eq!(confirm(&input("g13", "约一半", ""), today), Err(EntryError::NotANumber("约一半".into())));
        assert_eq!(confirm(&input("g1", "", ""), today), Err(EntryError::NoVerdict));
        assert_eq!(confirm(&input("g1", "", "是"), today).map(|e| e.met), Ok(true));
        assert_eq!(confirm(&input("g4", "", "是"), today), Err(EntryError::Computed("g4")));
        let mut late = input("g1", "", "达标");
        late.confirmed_on = "2026-12-01".into();
        assert_eq!(confirm(&late, today), Err(EntryError::FutureDate("2026-12-01".into())));
        let mut bare = input("g1", "", "达标");
        bare.evidence = " ".into();
        assert_eq!(confirm(&bare, today), Err(EntryError::NoEvidence));
    }
}
