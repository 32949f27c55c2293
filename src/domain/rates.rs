//! The quality rates of docs/domain.md §5: 初中三年巩固率, 九年巩固率 and disabled children's
//! enrolment, each against 95 %. A missing figure gives a missing rate, never a 0.

/// Every rate here must reach this.
pub const THRESHOLD: f64 = 0.95;

/// 初中 (three years) or 九年 (nine years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CohortStage {
    Junior,
    NineYear,
}

impl CohortStage {
    pub fn code(self) -> &'static str {
        match self {
            CohortStage::Junior => "junior",
            CohortStage::NineYear => "nine_year",
        }
    }

    pub fn from_code(code: &str) -> Option<CohortStage> {
        match code {
            "junior" => Some(CohortStage::Junior),
            "nine_year" => Some(CohortStage::NineYear),
            _ => None,
        }
    }
}

/// One graduating cohort's figures as entered for a county and year (`None`: not entered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    pub year: i64,
    pub stage: CohortStage,
    /// Enrolment at entry (grade 7 three years earlier, or grade 1 nine years earlier).
    pub entry_enrolment: Option<i64>,
    pub graduates: Option<i64>,
    pub transfers_in: Option<i64>,
    pub transfers_out: Option<i64>,
    pub deaths: Option<i64>,
}

/// Which figure a rate could not be computed without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    EntryEnrolment,
    Graduates,
    TransfersIn,
    TransfersOut,
    Deaths,
    /// School-age disabled children (county facts).
    DisabledChildren,
    /// Pupils enrolled in the stage at the start of the school year (`enrolment`).
    Enrolment,
}

/// A rate, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum Rate {
    Value {
        numerator: i64,
        denominator: i64,
        rate: f64,
    },
    /// These figures are not recorded.
    Missing(Vec<Figure>),
    /// The denominator is zero or negative.
    Undefined {
        numerator: i64,
        denominator: i64,
    },
}

impl Rate {
    pub fn value(&self) -> Option<f64> {
        match self {
            Rate::Value { rate, .. } => Some(*rate),
            _ => None,
        }
    }

    /// `None` when there is no rate to compare.
    pub fn met(&self) -> Option<bool> {
        self.value().map(|r| r >= THRESHOLD - 1e-12)
    }
}

fn ratio(numerator: i64, denominator: i64) -> Rate {
    if denominator <= 0 {
        Rate::Undefined { numerator, denominator }
    } else {
        Rate::Value { numerator, denominator, rate: numerator as f64 / denominator as f64 }
    }
}

/// 巩固率 = (graduates − transfers in + transfers out) ÷ (entry enrolment − deaths).
pub fn retention(c: &Cohort) -> Rate {
    let figures = [
        (c.entry_enrolment, Figure::EntryEnrolment),
        (c.graduates, Figure::Graduates),
        (c.transfers_in, Figure::TransfersIn),
        (c.transfers_out, Figure::TransfersOut),
        (c.deaths, Figure::Deaths),
    ];
    let missing: Vec<Figure> = figures.iter().filter(|(v, _)| v.is_none()).map(|(_, f)| *f).collect();
    if !missing.is_empty() {
        return Rate::Missing(missing);
    }
    let v = |x: Option<i64>| x.unwrap_or_default();
    ratio(v(c.graduates) - v(c.transfers_in) + v(c.transfers_out), v(c.entry_enrolment) - v(c.deaths))
}

/// Disabled children placed, from the ledger: 随班就读, 特教学校, 送教上门.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DisabledPlaced {
    pub inclusive: i64,
    pub special_school: i64,
    pub home_teaching: i64,
}

impl DisabledPlaced {
    pub fn total(&self) -> i64 {
        self.inclusive + self.special_school + self.home_teaching
    }
}

/// Disabled enrolment = (随班就读 + 特教学校 + 送教上门) ÷ school-age disabled children.
pub fn disabled_enrolment(placed: DisabledPlaced, school_age: Option<i64>) -> Rate {
    match school_age {
        None => Rate::Missing(vec![Figure::DisabledChildren]),
        Some(n) => ratio(placed.total(), n),
    }
}

/// 辍学率 of a stage for a school year = children who dropped out in it ÷ the stage's pupils
/// enrolled at its start (docs/domain.md §8; the 2017 method judges 巩固率, the sources
/// quote this). It has no threshold: [`Rate::met`] is not asked of it.
pub fn dropout_rate(dropped: i64, enrolled: Option<i64>) -> Rate {
    match enrolled {
        None => Rate::Missing(vec![Figure::Enrolment]),
        Some(n) => ratio(dropped, n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropout_rate_by_hand() {
        // 七台河 quotes 初中 1.81 %: 38 of 2,100 pupils.
        assert_eq!(dropout_rate(38, Some(2100)).value().map(|v| (v * 10000.0).round()), Some(181.0));
        assert_eq!(dropout_rate(3, None), Rate::Missing(vec![Figure::Enrolment]));
        assert_eq!(dropout_rate(0, Some(0)), Rate::Undefined { numerator: 0, denominator: 0 });
    }

    #[test]
    fn retention_by_hand() {
        let c = Cohort {
            year: 2026,
            stage: CohortStage::Junior,
            entry_enrolment: Some(400),
            graduates: Some(390),
            transfers_in: Some(10),
            transfers_out: Some(8),
            deaths: Some(2),
        };
        // (390 − 10 + 8) / (400 − 2) = 388 / 398.
        assert_eq!(retention(&c), Rate::Value { numerator: 388, denominator: 398, rate: 388.0 / 398.0 });
    }
}
