//! Where a row of a list above a county belongs: the 县区 column (and 市 at the province)
//! that the ledger, school and alliance lists of a prefecture or the province carry, the
//! one-key filter that cycles through the units shown (a county, or 市直属), and the order
//! by place. At a county there is nothing to say: no column, no filter.

use crate::db::Db;
use crate::domain::region::{self, Level};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Places {
    region: String,
    names: HashMap<String, String>,
    /// The units the filter cycles through, in code order.
    units: Vec<String>,
    /// Only rows of this unit (`None`: every row).
    pub only: Option<String>,
}

impl Places {
    /// The places of a list of `region`, cycling through `units` (the units its rows hold).
    pub fn new(db: &Db, region: &str, units: Vec<String>) -> Places {
        Places {
            region: region.to_string(),
            names: crate::db::regions::names(&db.conn).unwrap_or_default(),
            units: ordered(region, units),
            only: None,
        }
    }

    /// Whether the list lies above a county (and so shows where each row belongs).
    pub fn above_county(&self) -> bool {
        matches!(region::level_of(&self.region), Ok(Level::Prefecture | Level::Province))
    }

    /// Units to cycle through, kept to the ones still holding rows (after a reload).
    pub fn set_units(&mut self, units: Vec<String>) {
        self.units = ordered(&self.region, units);
    }

    /// The place columns' headers: none at a county, 县区 at a prefecture, 市 and 县区 at
    /// the province.
    pub fn headers(&self) -> Vec<String> {
        crate::report::rollup::place_headers(&self.region)
    }

    /// The place cells of a row of unit `unit`.
    pub fn cells(&self, unit: &str) -> Vec<String> {
        crate::report::rollup::place_cells(&self.region, unit, &|c| self.name(c))
    }

    fn name(&self, code: &str) -> String {
        self.names.get(code).cloned().unwrap_or_else(|| code.to_string())
    }

    /// The next unit of the filter: every row, then each unit in code order, then every
    /// row again. Does nothing at a county.
    pub fn cycle(&mut self) {
        if !self.above_county() {
            return;
        }
        let next = match &self.only {
            None => 0,
            Some(u) => self.units.iter().position(|x| x == u).map_or(self.units.len(), |i| i + 1),
        };
        self.only = self.units.get(next).cloned();
    }

    /// Where rows of unit `unit` go when ordered by place: counties in code order, then the
    /// region's own records.
    pub fn rank(&self, unit: &str) -> usize {
        self.units.iter().position(|u| u == unit).unwrap_or(self.units.len())
    }

    /// Whether a row of unit `unit` passes the filter.
    pub fn matches(&self, unit: &str) -> bool {
        self.only.as_deref().is_none_or(|u| u == unit)
    }

    /// The filter in words, for the line above the table (`None`: no filter).
    pub fn describe(&self) -> Option<String> {
        let unit = self.only.as_deref()?;
        Some(self.cells(unit).join(" ").trim().to_string())
    }
}

/// Counties in code order, then the region's own (直属) records, as the roll-ups order them.
fn ordered(region: &str, mut units: Vec<String>) -> Vec<String> {
    units.sort_by(|a, b| {
        let direct =
            |u: &String| crate::domain::rollup::is_direct(region, u) || region::level_of(u) != Ok(Level::County);
        (direct(a), a).cmp(&(direct(b), b))
    });
    units.dedup();
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(region: &str, units: &[&str]) -> Places {
        Places {
            region: region.into(),
            names: [("230902", "新兴区"), ("230921", "勃利县"), ("230900", "七台河市")]
                .into_iter()
                .map(|(c, n)| (c.to_string(), n.to_string()))
                .collect(),
            units: ordered(region, units.iter().map(|u| u.to_string()).collect()),
            only: None,
        }
    }

    #[test]
    fn the_filter_cycles_through_the_units_and_back_to_all() {
        let mut p = places("230900", &["230921", "230900", "230902", "230921"]);
        let mut seen = Vec::new();
        for _ in 0..4 {
            p.cycle();
            seen.push(p.only.clone());
        }
        assert_eq!(seen, [Some("230902".to_string()), Some("230921".to_string()), Some("230900".to_string()), None]);
        p.cycle();
        assert!(p.matches("230902") && !p.matches("230921"));
        assert_eq!(p.describe().as_deref(), Some("新兴区"));
    }

    #[test]
    fn a_county_has_no_places() {
        let mut p = places("230902", &["230902"]);
        p.cycle();
        assert_eq!(p.only, None);
        assert!(p.headers().is_empty() && p.cells("230902").is_empty());
    }
}
