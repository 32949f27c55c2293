//! Where a row of a case file belongs: its own 县区 (a name such as 逊克县, or a code such as
//! 231123) and its school, found within that county. A file of several counties thus
//! imports without `--county`; a row whose 县区 and school do not agree is reported by row,
//! never filed under the school's county unseen.

use super::import::SchoolIndex;
use crate::db::regions::Region;
use crate::db::schools::SchoolRef;
use crate::domain::region::{contains, level_of, Level};
use crate::i18n::fill;
use crate::i18n::io::X;
use std::collections::HashMap;

/// The counties (and prefectures, for their 市直属 schools) a 县区 cell may name.
pub struct CountyIndex {
    names: HashMap<String, String>,
    by_name: HashMap<String, Vec<String>>,
    /// By the name without its 县/区/市 (逊克 for 逊克县), when that is what the file writes.
    by_short: HashMap<String, Vec<String>>,
}

impl CountyIndex {
    pub fn new(regions: Vec<Region>) -> CountyIndex {
        let mut index = CountyIndex { names: HashMap::new(), by_name: HashMap::new(), by_short: HashMap::new() };
        for r in regions.into_iter().filter(|r| matches!(r.level, Level::County | Level::Prefecture)) {
            index.by_name.entry(r.name.clone()).or_default().push(r.code.clone());
            if let Some(short) = short_name(&r.name) {
                index.by_short.entry(short.to_string()).or_default().push(r.code.clone());
            }
            index.names.insert(r.code, r.name);
        }
        index
    }

    /// The codes a cell may mean (several when two counties share the name), or why none.
    pub fn find(&self, cell: &str) -> Result<Vec<String>, String> {
        let t = cell.trim();
        if level_of(t).is_ok() {
            return match self.names.contains_key(t) {
                true => Ok(vec![t.to_string()]),
                false => Err(fill(X::CountyCodeUnknown.s(), &[&t])),
            };
        }
        match self.by_name.get(t).or_else(|| self.by_short.get(t)) {
            Some(codes) => Ok(codes.clone()),
            None => Err(fill(X::CountyNameUnknown.s(), &[&t])),
        }
    }

    /// "逊克县（231123）".
    pub fn shown(&self, code: &str) -> String {
        match self.names.get(code) {
            Some(name) => fill(X::CountyShown.s(), &[name, &code]),
            None => code.to_string(),
        }
    }
}

/// A region's name without its last character when that is 县, 区 or 市 and two remain.
fn short_name(name: &str) -> Option<&str> {
    let short = name.strip_suffix(['县', '区', '市'])?;
    (short.chars().count() >= 2).then_some(short)
}

/// The school of a row that names its 县区 (`county_cell`, not empty): by 学校标识码 or by
/// name within that county (and within `within`, the `--county` given). The error names
/// the column to blame and says what is wrong.
pub fn school_in_county<'s>(
    schools: &'s SchoolIndex,
    counties: &CountyIndex,
    county_cell: &str,
    (code, name): (&str, &str),
    within: Option<&str>,
) -> Result<&'s SchoolRef, (&'static str, String)> {
    let mut codes = counties.find(county_cell).map_err(|e| ("county", e))?;
    if let Some(w) = within {
        codes.retain(|c| contains(w, c));
        if codes.is_empty() {
            return Err(("county", fill(X::CountyOutside.s(), &[&county_cell, &counties.shown(w)])));
        }
    }
    let inside = |s: &SchoolRef| codes.iter().any(|c| contains(c, &s.county));
    let shown_codes = || codes.iter().map(|c| counties.shown(c)).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s());
    if !code.is_empty() {
        let school = schools.resolve_in(code, "", None)?;
        return match inside(school) {
            true => Ok(school),
            false => Err(("county", disagree(counties, county_cell, &school.name, &[school]))),
        };
    }
    if name.is_empty() {
        return schools.resolve_in("", "", None);
    }
    let all = schools.named(name);
    let here: Vec<&SchoolRef> = all.iter().copied().filter(|s| inside(s)).collect();
    if here.is_empty() {
        let elsewhere: Vec<&SchoolRef> =
            all.into_iter().filter(|s| within.is_none_or(|w| contains(w, &s.county))).collect();
        return Err(match elsewhere.is_empty() {
            true => ("school", fill(X::SchoolNotInCounty.s(), &[&shown_codes(), &name])),
            false => ("county", disagree(counties, county_cell, name, &elsewhere)),
        });
    }
    schools.choose(name, here, Some(&shown_codes()))
}

/// "县区「桃山区」与学校「第三中学」不符：该校在 新兴区（230902）".
fn disagree(counties: &CountyIndex, cell: &str, school: &str, found: &[&SchoolRef]) -> String {
    let mut at: Vec<String> = found.iter().map(|s| counties.shown(&s.county)).collect();
    at.dedup();
    fill(X::CountySchoolDisagree.s(), &[&cell, &school, &at.join(crate::i18n::T::ListSep.s())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str, name: &str) -> Region {
        Region { code: code.into(), name: name.into(), level: level_of(code).expect("code"), parent_code: None }
    }

    fn school(id: i64, county: &str, name: &str) -> SchoolRef {
        SchoolRef { id, county: county.into(), name: name.into(), code: None, open: true }
    }

    #[test]
    fn a_row_finds_its_school_in_its_own_county_and_a_disagreement_is_named() {
        let counties = CountyIndex::new(vec![
            region("230902", "新兴区"),
            region("230903", "桃山区"),
            region("230402", "向阳区"),
            region("230803", "向阳区"),
            region("231123", "逊克县"),
        ]);
        let schools = SchoolIndex::new(
            vec![school(1, "230902", "第三中学"), school(2, "230126", "第三中学"), school(3, "230803", "红星小学")],
            None,
        );
        let at = |cell: &str, name: &str| school_in_county(&schools, &counties, cell, ("", name), None).map(|s| s.id);
        assert_eq!(at("新兴区", "第三中学"), Ok(1));
        assert_eq!(at("230902", "第三中学"), Ok(1));
        // Two 向阳区: the one that has the school.
        assert_eq!(at("向阳区", "红星小学"), Ok(3));
        assert_eq!(at("逊克", "第三中学").map_err(|e| e.0), Err("county"), "short name found, school elsewhere");
        let (column, text) = at("桃山区", "第三中学").expect_err("disagrees");
        assert_eq!(column, "county");
        assert!(text.contains("230902"), "{text}");
        assert_eq!(at("某某县", "第三中学").map_err(|e| e.0), Err("county"));
        assert_eq!(at("逊克县", "无名小学").map_err(|e| e.0), Err("school"));
        let outside = school_in_county(&schools, &counties, "新兴区", ("", "第三中学"), Some("231123"));
        assert_eq!(outside.map(|s| s.id).map_err(|e| e.0), Err("county"));
    }
}
