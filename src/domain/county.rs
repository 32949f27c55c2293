//! County facts and the rules for entering them.

use super::codes::QualityStatus;

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
        CountyFacts {
            code: code.to_string(),
            population: None,
            area_km2: None,
            basic_balance_year: None,
            quality_status: QualityStatus::None,
            quality_since_year: None,
            quality_target_year: None,
            note: String::new(),
            version: 0,
        }
    }

    /// (field key, value as text) — the form's keys, audit field names, conflict display.
    pub fn fields(&self) -> [(&'static str, String); 7] {
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        [
            ("population", opt(self.population)),
            ("area_km2", self.area_km2.map(|a| a.to_string()).unwrap_or_default()),
            ("basic_balance_year", opt(self.basic_balance_year)),
            ("quality_status", self.quality_status.code().to_string()),
            ("quality_since_year", opt(self.quality_since_year)),
            ("quality_target_year", opt(self.quality_target_year)),
            ("note", self.note.clone()),
        ]
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

/// Validates the form's texts into facts; every field's error is reported, not just the first.
pub fn validate(
    base: &CountyFacts,
    value: impl Fn(&str) -> String,
    this_year: i64,
) -> Result<CountyFacts, Vec<(&'static str, FieldError)>> {
    let mut errors = Vec::new();
    let mut take = |key: &'static str, r: Result<Option<i64>, FieldError>| match r {
        Ok(v) => v,
        Err(e) => {
            errors.push((key, e));
            None
        }
    };
    let population = take("population", parse_count(&value("population")));
    let basic_balance_year = take("basic_balance_year", parse_year(&value("basic_balance_year"), this_year));
    let quality_since_year = take("quality_since_year", parse_year(&value("quality_since_year"), this_year));
    let quality_target_year = take("quality_target_year", parse_year(&value("quality_target_year"), this_year));
    let area_km2 = match parse_amount(&value("area_km2")) {
        Ok(v) => v,
        Err(e) => {
            errors.push(("area_km2", e));
            None
        }
    };
    if let (Some(a), Some(b)) = (quality_since_year, quality_target_year) {
        if b < a {
            errors.push(("quality_target_year", FieldError::TargetBeforeStart));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CountyFacts {
        code: base.code.clone(),
        population,
        area_km2,
        basic_balance_year,
        quality_status: QualityStatus::from_code(&value("quality_status")).unwrap_or(QualityStatus::None),
        quality_since_year,
        quality_target_year,
        note: value("note").trim().to_string(),
        version: base.version,
    })
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
