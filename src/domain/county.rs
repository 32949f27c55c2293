//! County facts and the rules for entering them. [`FIELDS`] is their table of fields: the
//! form, labels, stored columns and audit rows come from it.

use super::codes::QualityStatus;
use super::fields::{Field, Kind};

/// The code list of the 优质均衡 status (labels in `i18n::schools::choices`).
pub const QUALITY_LIST: &str = "quality_status";

/// A year field of the facts.
const fn year(key: &'static str, zh: &'static str, en: &'static str) -> Field {
    Field { kind: Kind::Year, ..Field::text(key, zh, en) }
}

/// The facts of a county, in form order; each key is a column of `county_facts`.
pub const FIELDS: &[Field] = &[
    Field {
        kind: Kind::Int { min: 0, max: i64::MAX }, ..Field::text("population", "常住人口（人）", "Population")
    },
    Field { kind: Kind::Real, ..Field::text("area_km2", "面积（平方公里）", "Area (sq km)") },
    year("basic_balance_year", "基本均衡认定年份", "Basic balance year"),
    Field {
        kind: Kind::Choice(QUALITY_LIST),
        ..Field::text("quality_status", "优质均衡状态", "Quality balance status")
    },
    year("quality_since_year", "优质均衡创建起始年", "Quality balance since"),
    year("quality_target_year", "优质均衡目标年", "Quality balance target"),
    Field { kind: Kind::Note(super::fields::NOTE_MAX), ..Field::text("note", "备注", "Note") },
];

#[derive(Debug, Clone, PartialEq)]
pub struct CountyFacts {
    pub code: String,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
    pub basic_balance_year: Option<i64>,
    pub quality_status: QualityStatus,
    pub quality_since_year: Option<i64>,
    pub quality_target_year: Option<i64>,
    pub note: String,
    /// The row version this was read at; 0 when no row exists yet.
    pub version: i64,
}

impl CountyFacts {
    pub fn empty(code: &str) -> CountyFacts {
        CountyFacts::from_texts(code, 0, |_| String::new())
    }

    /// (field key, value as text) in [`FIELDS`] order — the form's values, the stored
    /// columns, audit rows, conflict display.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        vec![
            ("population", opt(self.population)),
            ("area_km2", self.area_km2.map(|a| a.to_string()).unwrap_or_default()),
            ("basic_balance_year", opt(self.basic_balance_year)),
            ("quality_status", self.quality_status.code().to_string()),
            ("quality_since_year", opt(self.quality_since_year)),
            ("quality_target_year", opt(self.quality_target_year)),
            ("note", self.note.clone()),
        ]
    }

    /// The facts from stored or checked texts (the inverse of [`Self::fields`]); what does
    /// not parse is unknown.
    pub fn from_texts(code: &str, version: i64, value: impl Fn(&str) -> String) -> CountyFacts {
        let int = |k: &str| value(k).trim().parse::<i64>().ok();
        CountyFacts {
            code: code.to_string(),
            population: int("population"),
            area_km2: value("area_km2").trim().parse::<f64>().ok(),
            basic_balance_year: int("basic_balance_year"),
            quality_status: QualityStatus::from_code(&value("quality_status")).unwrap_or(QualityStatus::None),
            quality_since_year: int("quality_since_year"),
            quality_target_year: int("quality_target_year"),
            note: value("note"),
            version,
        }
    }
}

/// What is wrong with one entered value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    NotInteger,
    NotNumber,
    Negative,
    /// Outside [min, max].
    Year {
        min: i64,
        max: i64,
    },
    TargetBeforeStart,
    /// Longer than the field's limit (characters).
    TooLong(usize),
}

/// Years before this are not plausible for these programmes (基本均衡 began in 2013).
pub const FIRST_YEAR: i64 = 2000;

pub fn parse_count(s: &str) -> Result<Option<i64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let n: i64 = s.parse().map_err(|_| {
        if s.starts_with('-') && s[1..].parse::<i64>().is_ok() {
            FieldError::Negative
        } else {
            FieldError::NotInteger
        }
    })?;
    if n < 0 {
        return Err(FieldError::Negative);
    }
    Ok(Some(n))
}

pub fn parse_amount(s: &str) -> Result<Option<f64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let x: f64 = s.parse().map_err(|_| FieldError::NotNumber)?;
    if !x.is_finite() {
        return Err(FieldError::NotNumber);
    }
    if x < 0.0 {
        return Err(FieldError::Negative);
    }
    Ok(Some(x))
}

/// A year from `FIRST_YEAR` up to ten years ahead (targets lie in the future).
pub fn parse_year(s: &str, this_year: i64) -> Result<Option<i64>, FieldError> {
    let range = FieldError::Year { min: FIRST_YEAR, max: this_year + 10 };
    match parse_count(s) {
        Ok(Some(y)) if (FIRST_YEAR..=this_year + 10).contains(&y) => Ok(Some(y)),
        Ok(Some(_)) | Err(FieldError::Negative) => Err(range),
        other => other,
    }
}

/// One fact checked by its kind: the trimmed text, or what is wrong with it.
fn check_field(f: &Field, raw: &str, this_year: i64) -> Result<String, FieldError> {
    let s = raw.trim();
    f.check_length(s).map_err(FieldError::TooLong)?;
    let s: &str = &if f.takes_half_width() { super::fields::half_width(s) } else { s.into() };
    let text = |v: Option<String>| v.unwrap_or_default();
    match f.kind {
        Kind::Int { .. } => parse_count(s).map(|v| text(v.map(|n| n.to_string()))),
        Kind::Real => parse_amount(s).map(|v| text(v.map(|n| n.to_string()))),
        Kind::Year => parse_year(s, this_year).map(|v| text(v.map(|n| n.to_string()))),
        _ => Ok(s.to_string()),
    }
}

/// Validates the form's texts into facts; every field's error is reported, not just the first.
pub fn validate(
    base: &CountyFacts,
    value: impl Fn(&str) -> String,
    this_year: i64,
) -> Result<CountyFacts, Vec<(&'static str, FieldError)>> {
    let mut errors = Vec::new();
    let checked: Vec<(&'static str, String)> = FIELDS
        .iter()
        .map(|f| match check_field(f, &value(f.key), this_year) {
            Ok(text) => (f.key, text),
            Err(e) => {
                errors.push((f.key, e));
                (f.key, String::new())
            }
        })
        .collect();
    let facts = CountyFacts::from_texts(&base.code, base.version, |k| {
        checked.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default()
    });
    if let (Some(a), Some(b)) = (facts.quality_since_year, facts.quality_target_year) {
        if b < a {
            errors.push(("quality_target_year", FieldError::TargetBeforeStart));
        }
    }
    if errors.is_empty() {
        Ok(facts)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_years() {
        assert_eq!(parse_count(" 82000 "), Ok(Some(82000)));
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("8.2万"), Err(FieldError::NotInteger));
        assert_eq!(parse_count("-5"), Err(FieldError::Negative));
        assert_eq!(parse_amount("17344.5"), Ok(Some(17344.5)));
        assert_eq!(parse_amount("abc"), Err(FieldError::NotNumber));
        assert_eq!(parse_year("2017", 2026), Ok(Some(2017)));
        assert_eq!(parse_year("1917", 2026), Err(FieldError::Year { min: 2000, max: 2036 }));
    }

    #[test]
    fn all_errors_reported_and_order_checked() {
        let base = CountyFacts::empty("231123");
        let vals = |k: &str| match k {
            "population" => "x".to_string(),
            "quality_since_year" => "2025".to_string(),
            "quality_target_year" => "2022".to_string(),
            _ => String::new(),
        };
        let errs = validate(&base, vals, 2026).expect_err("invalid");
        assert!(errs.contains(&("population", FieldError::NotInteger)));
        assert!(errs.contains(&("quality_target_year", FieldError::TargetBeforeStart)));
    }
}
