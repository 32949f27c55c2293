//! Quarterly re-checks (复核, docs/domain.md §11): the county re-checks schools or cases,
//! on a day, by someone, and records what it found for each: confirmed (确认), corrected
//! (更正), or a new case opened (新立案). A round is counted per finding. Pure rules here;
//! the rows are in `db::recheck` (tables of migration 0007).

use super::codes::code_enum;

code_enum!(
    /// What a re-check found for a school or a case.
    Finding { Confirmed => "confirmed", Corrected => "corrected", NewCase => "new_case" }
);

/// What was re-checked: a school by its 10-digit 学校标识码, or a case by its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    School(String),
    Case(i64),
}

/// One item of a round, as typed: `2123000021=confirmed` or `#12=corrected:年级有误`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub subject: Subject,
    pub finding: Finding,
    pub note: String,
}

/// Why a round is refused. Each has its own message (`i18n::month`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecheckError {
    /// Not `SUBJECT=FINDING`; the item as typed.
    BadItem(String),
    /// Not one of the findings; as typed.
    BadFinding(String),
    /// A round re-checks something.
    NoItems,
    /// Who re-checked is named.
    NoChecker,
    /// No school of the county has this code.
    UnknownSchool(String),
    /// No case of the county has this number.
    UnknownCase(i64),
}

/// The longest note of an item (characters).
pub const NOTE_MAX: usize = 200;

/// Reads one item. A full-width `＃`, `＝` or `：` from an input method counts as ASCII.
pub fn parse_item(text: &str) -> Result<Item, RecheckError> {
    let norm = super::fields::half_width(text.trim()).into_owned();
    let bad = || RecheckError::BadItem(text.trim().to_string());
    let (subject, rest) = norm.split_once('=').ok_or_else(bad)?;
    let (finding, note) = rest.split_once(':').unwrap_or((rest, ""));
    let subject = subject.trim();
    let subject = match subject.strip_prefix('#') {
        Some(n) => Subject::Case(n.trim().parse().map_err(|_| bad())?),
        None if subject.len() == 10 && subject.bytes().all(|b| b.is_ascii_digit()) => {
            Subject::School(subject.to_string())
        }
        None => return Err(bad()),
    };
    let finding =
        Finding::from_code(finding.trim()).ok_or_else(|| RecheckError::BadFinding(finding.trim().to_string()))?;
    let note: String = note.trim().chars().take(NOTE_MAX).collect();
    Ok(Item { subject, finding, note })
}

/// How many items a round has, and of each finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub items: usize,
    pub confirmed: usize,
    pub corrected: usize,
    pub new_case: usize,
}

impl Tally {
    pub fn of(findings: impl IntoIterator<Item = Finding>) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            t.items += 1;
            match f {
                Finding::Confirmed => t.confirmed += 1,
                Finding::Corrected => t.corrected += 1,
                Finding::NewCase => t.new_case += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_name_a_school_or_a_case_and_a_finding() {
        let school = parse_item("2123000021=confirmed").expect("school");
        assert_eq!((school.subject, school.finding), (Subject::School("2123000021".into()), Finding::Confirmed));
        let case = parse_item(" ＃12＝corrected：年级有误 ").expect("case, typed full-width");
        assert_eq!(case, Item { subject: Subject::Case(12), finding: Finding::Corrected, note: "年级有误".into() });
        assert_eq!(parse_item("#x=confirmed"), Err(RecheckError::BadItem("#x=confirmed".into())));
        assert_eq!(parse_item("212300=confirmed"), Err(RecheckError::BadItem("212300=confirmed".into())));
        assert_eq!(parse_item("#3"), Err(RecheckError::BadItem("#3".into())));
        assert_eq!(parse_item("#3=ok"), Err(RecheckError::BadFinding("ok".into())));
        let t = Tally::of([Finding::Confirmed, Finding::NewCase, Finding::Confirmed]);
        assert_eq!(t, Tally { items: 3, confirmed: 2, corrected: 0, new_case: 1 });
    }
}
