//! Roll-ups above the county (docs/domain.md §14). A report at a prefecture or the province
//! is computed per **unit** — a region code that holds records itself: a county, or a
//! prefecture (province) for its 市直属 (省直属) schools — exactly as for one county, and
//! only then added up: one row per county at a prefecture (plus 市直属), one per prefecture
//! at the province (plus 省直属), and a total. Rows and total are sums of whole units, so
//! the total equals the sum of the rows by construction, and no per-county rule is
//! restated here.

use super::indicators::{self, Check, Rotation, SchoolInput};
use super::monthly::Counts;
use super::region::{self, Level};

/// Figures that add up across units.
pub trait Sum: Default + Clone {
    fn add(&mut self, other: &Self);
}

/// The row of a roll-up at `region` that unit `unit` falls in; `None` outside the region.
pub fn row_of(region: &str, unit: &str) -> Option<String> {
    if !region::contains(region, unit) {
        return None;
    }
    match region::level_of(region).ok()? {
        Level::County | Level::Prefecture => Some(unit.to_string()),
        Level::Province => match region::level_of(unit).ok()? {
            Level::County => region::parent_of(unit),
            Level::Prefecture | Level::Province => Some(unit.to_string()),
        },
    }
}

/// Whether a row holds the region's own records (市直属 / 省直属) rather than a part of it.
pub fn is_direct(region: &str, row: &str) -> bool {
    region == row && region::level_of(region) != Ok(Level::County)
}

/// One row: a county (or prefecture, at the province) and the units added into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<T> {
    pub code: String,
    pub units: Vec<String>,
    pub value: T,
}

/// A region's figures: its rows, in code order with the region's own (直属) row last, and
/// their total.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup<T> {
    pub region: String,
    pub rows: Vec<Row<T>>,
    pub total: T,
}

/// Adds `units` (code, figures) up into the rows of `region`. Units outside it are left out.
pub fn roll_up<T: Sum>(region: &str, units: Vec<(String, T)>) -> Rollup<T> {
    let mut rows: Vec<Row<T>> = Vec::new();
    for (unit, value) in units {
        let Some(code) = row_of(region, &unit) else { continue };
        match rows.iter_mut().find(|r| r.code == code) {
            Some(row) => {
                row.value.add(&value);
                row.units.push(unit);
            }
            None => rows.push(Row { code, units: vec![unit], value }),
        }
    }
    rows.sort_by(|a, b| (is_direct(region, &a.code), &a.code).cmp(&(is_direct(region, &b.code), &b.code)));
    let mut total = T::default();
    for r in &rows {
        total.add(&r.value);
    }
    Rollup { region: region.to_string(), rows, total }
}

/// How many units came out which way on one verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Verdicts {
    pub pass: i64,
    pub fail: i64,
    pub undecided: i64,
}

impl Verdicts {
    /// One unit's verdict (`None`: undecided) as a tally.
    pub fn one(v: Option<bool>) -> Verdicts {
        match v {
            Some(true) => Verdicts { pass: 1, ..Verdicts::default() },
            Some(false) => Verdicts { fail: 1, ..Verdicts::default() },
            None => Verdicts { undecided: 1, ..Verdicts::default() },
        }
    }

    pub fn of(c: Check) -> Verdicts {
        Verdicts::one(match c {
            Check::Met => Some(true),
            Check::NotMet => Some(false),
            Check::Missing => None,
        })
    }

    pub fn total(&self) -> i64 {
        self.pass + self.fail + self.undecided
    }

    fn add(&mut self, o: &Verdicts) {
        self.pass += o.pass;
        self.fail += o.fail;
        self.undecided += o.undecided;
    }
}

/// The 优质均衡 figures of a unit or a sum of units. Only counties are evaluated: a
/// 市直属 unit brings its schools and cases but no verdict, and a sum is never evaluated
/// itself: it counts how its counties came out.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IndicatorTally {
    /// Counties evaluated.
    pub counties: i64,
    /// Open schools and their students (every open school, counted or not).
    pub schools: i64,
    pub students: i64,
    pub resources: Verdicts,
    pub school_size: Verdicts,
    pub class_size: Verdicts,
    pub rotation: Verdicts,
    pub open_cases: i64,
    pub out_of_school: i64,
}

impl IndicatorTally {
    /// A county's own verdict on `v` (when this tally is exactly one county).
    pub fn own(&self, v: &Verdicts) -> Option<Option<bool>> {
        (self.counties == 1).then_some(if v.pass == 1 {
            Some(true)
        } else if v.fail == 1 {
            Some(false)
        } else {
            None
        })
    }
}

impl Sum for IndicatorTally {
    fn add(&mut self, o: &IndicatorTally) {
        self.counties += o.counties;
        self.schools += o.schools;
        self.students += o.students;
        self.resources.add(&o.resources);
        self.school_size.add(&o.school_size);
        self.class_size.add(&o.class_size);
        self.rotation.add(&o.rotation);
        self.open_cases += o.open_cases;
        self.out_of_school += o.out_of_school;
    }
}

/// A unit's 优质均衡 tally from its open schools, its rotation rows and its open cases
/// (open, out of school). Only a county (`evaluated`) gets verdicts.
pub fn indicator_tally(
    evaluated: bool,
    schools: &[SchoolInput],
    rotation: Rotation,
    open_cases: i64,
    out_of_school: i64,
) -> IndicatorTally {
    let mut t = IndicatorTally {
        schools: schools.len() as i64,
        students: schools.iter().filter_map(|s| s.students).sum(),
        open_cases,
        out_of_school,
        ..IndicatorTally::default()
    };
    if evaluated {
        let g = indicators::guarantees(schools, rotation);
        t.counties = 1;
        t.resources = Verdicts::one(indicators::evaluate(schools).passes());
        t.school_size = Verdicts::of(g.school_size.check());
        t.class_size = Verdicts::of(g.class_size.check());
        t.rotation = Verdicts::of(g.rotation.check());
    }
    t
}

/// The monthly report of a unit or a sum of units: its counts and how many of its counties
/// are at zero (清零).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MonthlyTally {
    pub counts: Counts,
    pub units: i64,
    pub units_at_zero: i64,
}

impl MonthlyTally {
    /// A county's report: one county, at zero or not.
    pub fn of(counts: Counts) -> MonthlyTally {
        MonthlyTally { counts, units: 1, units_at_zero: (counts.out_of_school_end == 0) as i64 }
    }

    /// A prefecture's (province's) own records: its counts add up, but 清零 counts counties,
    /// so it is no county at zero or not.
    pub fn direct(counts: Counts) -> MonthlyTally {
        MonthlyTally { counts, units: 0, units_at_zero: 0 }
    }
}

impl Sum for MonthlyTally {
    fn add(&mut self, o: &MonthlyTally) {
        self.counts.add(&o.counts);
        self.units += o.units;
        self.units_at_zero += o.units_at_zero;
    }
}

/// A region's overview (as the region tree shows it) in figures that add up across units:
/// each school, alliance and case belongs to exactly one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OverviewTally {
    pub schools_open: i64,
    /// Closed (撤并) schools, kept on record.
    pub schools_closed: i64,
    /// Pupils of the open schools.
    pub students: i64,
    /// Current alliances the unit leads (a 市级 one: its prefecture).
    pub alliances: i64,
    /// The unit's open schools in at least one current alliance (anyone's).
    pub alliance_schools: i64,
    pub open_cases: i64,
    pub out_of_school: i64,
}

impl Sum for OverviewTally {
    fn add(&mut self, o: &OverviewTally) {
        self.schools_open += o.schools_open;
        self.schools_closed += o.schools_closed;
        self.students += o.students;
        self.alliances += o.alliances;
        self.alliance_schools += o.alliance_schools;
        self.open_cases += o.open_cases;
        self.out_of_school += o.out_of_school;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Default, PartialEq)]
    struct N(i64);
    impl Sum for N {
        fn add(&mut self, o: &N) {
            self.0 += o.0;
        }
    }

    fn units() -> Vec<(String, N)> {
        [("230902", 1), ("230900", 10), ("230921", 100), ("231002", 1000), ("231123", 5), ("230000", 7)]
            .into_iter()
            .map(|(c, n)| (c.to_string(), N(n)))
            .collect()
    }

    #[test]
    fn a_prefecture_has_a_row_per_county_and_its_own_last() {
        let r = roll_up("230900", units());
        let codes: Vec<&str> = r.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["230902", "230921", "230900"]);
        assert_eq!(r.total, N(111));
        assert!(is_direct("230900", "230900") && !is_direct("230902", "230902"));
    }

    #[test]
    fn the_province_has_a_row_per_prefecture_and_adds_every_unit() {
        let r = roll_up("230000", units());
        let codes: Vec<&str> = r.rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["230900", "231000", "231100", "230000"]);
        assert_eq!(r.rows[0].value, N(111));
        assert_eq!(r.rows[0].units.len(), 3);
        assert_eq!(r.total, N(1123));
    }

    #[test]
    fn a_county_is_its_own_only_row() {
        let r = roll_up("231123", units());
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.total, N(5));
        assert_eq!(row_of("231123", "231124"), None);
    }
}
