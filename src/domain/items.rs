//! Ledgers of items closed one by one (销号管理, docs/domain.md §17): an item names its
//! school (or the county), the problem, the measure, who answers for it and by when; it
//! takes dated progress entries and is closed (销号) with a date, evidence and who verified
//! it, or reopened. The kinds of ledger are data (`item_kinds`): 大校额化解, 大班额化解,
//! 创建整改 … and whatever an administrator adds.
//!
//! Pure rules: the fields, their checks, an item's status on a day and the open items by
//! month (the 七台河 大班额 line). No SQL, no terminal.

use super::dates::{self, DateError};
use super::fields::{self, Field, Kind, Required};
use super::monthly::Month;
use super::record::record;
use chrono::NaiveDate;

/// The longest problem, measure or evidence, in characters.
pub const TEXT_MAX: usize = 200;

record! {
    /// The facts of one item, as its form and its spreadsheet columns hold them.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ItemRecord, pub const FIELDS;
    kind: String = Field {
        kind: Kind::Text(20),
        required: Required::Always,
        synonyms: &["台账", "类别", "Ledger"],
        ..Field::text("kind", "台账类别", "Kind")
    },
    school_id: Option<i64> = Field {
        kind: Kind::School,
        synonyms: &["学校名称", "学校标识码", "School name"],
        ..Field::text("school_id", "学校", "School")
    },
    problem: String = Field {
        kind: Kind::Text(TEXT_MAX),
        required: Required::Always,
        synonyms: &["存在问题", "问题描述", "整改问题"],
        ..Field::text("problem", "问题", "Problem")
    },
    measure: String = Field {
        kind: Kind::Text(TEXT_MAX),
        synonyms: &["整改措施", "化解措施"],
        ..Field::text("measure", "措施", "Measure")
    },
    unit: String = Field {
        kind: Kind::Text(50),
        synonyms: &["责任单位", "负责单位"],
        ..Field::text("unit", "责任单位", "Responsible unit")
    },
    person: String = Field {
        kind: Kind::Name(20),
        synonyms: &["负责人", "包保人"],
        ..Field::text("person", "责任人", "Responsible person")
    },
    opened_on: String = Field {
        kind: Kind::Date,
        required: Required::Always,
        synonyms: &["登记日期", "建账日期"],
        ..Field::text("opened_on", "列入日期", "Opened on")
    },
    due_on: Option<String> = Field {
        kind: Kind::Date,
        synonyms: &["整改时限", "完成时限", "Due on"],
        ..Field::text("due_on", "完成时限", "Target date")
    },
    note: String = Field { kind: Kind::Note(fields::NOTE_MAX), ..Field::text("note", "备注", "Note") },
}

/// The fields of closing an item (销号), as its form, its export columns and its audit rows
/// name them.
pub const CLOSE_FIELDS: &[Field] = &[
    Field { kind: Kind::Date, required: Required::Always, ..Field::text("closed_on", "销号日期", "Closed on") },
    Field {
        kind: Kind::Text(TEXT_MAX),
        required: Required::Always,
        synonyms: &["佐证材料", "销号依据"],
        ..Field::text("evidence", "销号佐证", "Evidence")
    },
    Field {
        kind: Kind::Name(20),
        required: Required::Always,
        synonyms: &["验收人"],
        ..Field::text("closed_by", "销号人", "Closed by")
    },
];

/// The fields of a progress entry (and of a reopening: its date and why).
pub const ENTRY_FIELDS: &[Field] = &[
    Field { kind: Kind::Date, required: Required::Always, ..Field::text("on_date", "日期", "Date") },
    Field { kind: Kind::Text(TEXT_MAX), required: Required::Always, ..Field::text("note", "进展", "Progress") },
];

/// What is wrong with one field of an item, or with a step taken on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemError {
    Required,
    TooLong(usize),
    Date(DateError),
    /// A person's name with digits or signs in it.
    Name,
    /// The kind is not one of the ledger's kinds (the code or label given).
    UnknownKind(String),
    /// The target date comes before the item was opened.
    DueBeforeOpened,
    /// A close, an entry or a reopening dated before the day it must follow (the item's
    /// opening, or its close).
    TooEarly(String),
    AlreadyClosed,
    NotClosed,
    /// A kind's code: 1–20 lower-case letters, digits or `_`.
    KindCode,
    /// A kind with this code already exists.
    KindTaken(String),
}

/// `Err` per failing field, keyed by the field.
pub type Errors = Vec<(&'static str, ItemError)>;

/// Checks one text of `field` by its kind; `Ok` holds the stored text (dates normalised).
/// Dates may lie in the future only for the target date.
pub fn check_field(field: &Field, raw: &str, today: NaiveDate) -> Result<String, ItemError> {
    let value = raw.trim();
    if value.is_empty() {
        return if field.required == Required::Always { Err(ItemError::Required) } else { Ok(String::new()) };
    }
    field.check_length(value).map_err(ItemError::TooLong)?;
    match field.kind {
        Kind::Date => {
            let latest = if field.key == "due_on" { NaiveDate::MAX } else { today };
            let d = dates::parse(value, latest).map_err(ItemError::Date)?;
            Ok(d.map(dates::iso).unwrap_or_default())
        }
        Kind::Name(_) => super::person_name::parse(value).map_err(|_| ItemError::Name),
        Kind::School => value.parse::<i64>().map(|n| n.to_string()).map_err(|_| ItemError::Required),
        _ => Ok(value.to_string()),
    }
}

/// The text of `key` among checked `texts` (empty when absent).
fn text_in(texts: &[(&'static str, String)], key: &str) -> String {
    texts.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Every field of `table` checked; the texts in table order, or every error.
fn check_all(
    table: &'static [Field],
    value: &dyn Fn(&str) -> String,
    today: NaiveDate,
) -> Result<Vec<(&'static str, String)>, Errors> {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for f in table {
        match check_field(f, &value(f.key), today) {
            Ok(v) => ok.push((f.key, v)),
            Err(e) => errors.push((f.key, e)),
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(errors)
    }
}

/// An item's facts from a form or a spreadsheet row, every field checked; `kinds` are the
/// ledger's kind codes (the kind must be one of them).
pub fn validate(value: &dyn Fn(&str) -> String, kinds: &[String], today: NaiveDate) -> Result<ItemRecord, Errors> {
    let mut errors = Vec::new();
    let texts = check_all(FIELDS, value, today).unwrap_or_else(|e| {
        errors = e;
        Vec::new()
    });
    if errors.is_empty() {
        let rec = ItemRecord::from_texts(|k| text_in(&texts, k));
        if !kinds.contains(&rec.kind) {
            errors.push(("kind", ItemError::UnknownKind(rec.kind.clone())));
        }
        if rec.due_on.as_deref().is_some_and(|d| d < rec.opened_on.as_str()) {
            errors.push(("due_on", ItemError::DueBeforeOpened));
        }
        if errors.is_empty() {
            return Ok(rec);
        }
    }
    Err(errors)
}

/// A close (销号), checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub closed_on: String,
    pub evidence: String,
    pub closed_by: String,
}

/// The close of an item opened on `opened_on`, every field checked.
pub fn validate_close(value: &dyn Fn(&str) -> String, opened_on: &str, today: NaiveDate) -> Result<Closing, Errors> {
    let t = check_all(CLOSE_FIELDS, value, today)?;
    let get = |k: &str| text_in(&t, k);
    let c = Closing { closed_on: get("closed_on"), evidence: get("evidence"), closed_by: get("closed_by") };
    if c.closed_on.as_str() < opened_on {
        return Err(vec![("closed_on", ItemError::TooEarly(opened_on.to_string()))]);
    }
    Ok(c)
}

/// A dated entry (progress, or why it is reopened), checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub on_date: String,
    pub note: String,
}

pub fn validate_entry(value: &dyn Fn(&str) -> String, opened_on: &str, today: NaiveDate) -> Result<Entry, Errors> {
    let t = check_all(ENTRY_FIELDS, value, today)?;
    let get = |k: &str| text_in(&t, k);
    let e = Entry { on_date: get("on_date"), note: get("note") };
    if e.on_date.as_str() < opened_on {
        return Err(vec![("on_date", ItemError::TooEarly(opened_on.to_string()))]);
    }
    Ok(e)
}

/// A new kind's code, checked.
pub fn check_kind_code(code: &str) -> Result<String, ItemError> {
    let c = code.trim();
    let ok =
        (1..=20).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(c.to_string())
    } else {
        Err(ItemError::KindCode)
    }
}

/// Where an item stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    /// Open past its target date.
    Overdue,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Overdue, Status::Closed];

    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Overdue => "overdue",
            Status::Closed => "closed",
        }
    }

    pub fn of(due_on: Option<&str>, closed_on: Option<&str>, today: NaiveDate) -> Status {
        match (closed_on, due_on) {
            (Some(_), _) => Status::Closed,
            (None, Some(due)) if due < dates::iso(today).as_str() => Status::Overdue,
            _ => Status::Open,
        }
    }
}

/// An item's life as the counts over time need it: when it was opened, and its closes and
/// reopenings in date order (`true`: closed that day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub opened_on: String,
    pub changes: Vec<(String, bool)>,
}

impl Span {
    /// Whether the item was open at the end of day `day` (an ISO date).
    pub fn open_on(&self, day: &str) -> bool {
        if self.opened_on.as_str() > day {
            return false;
        }
        // The last close or reopening on or before the day decides; none: still open.
        !self.changes.iter().rfind(|(d, _)| d.as_str() <= day).is_some_and(|(_, closed)| *closed)
    }
}

/// Open items at the end of each month from `first` to `last` (both included): the line of
/// a ledger over time (七台河's 大班额 53 → 15 is one such line).
pub fn open_by_month(spans: &[Span], first: Month, last: Month) -> Vec<(Month, usize)> {
    let mut out = Vec::new();
    let mut m = first;
    while m <= last {
        let end = dates::iso(m.last_day());
        out.push((m, spans.iter().filter(|s| s.open_on(&end)).count()));
        m = m.next();
    }
    out
}

/// The month an item ledger's line starts from: the first opening, at most `max` months
/// back from `last` (a screen has room for about two years).
pub fn first_month(spans: &[Span], last: Month, max: usize) -> Month {
    let earliest = spans
        .iter()
        .filter_map(|s| NaiveDate::parse_from_str(&s.opened_on, "%Y-%m-%d").ok())
        .min()
        .map(Month::of)
        .unwrap_or(last);
    let mut floor = last;
    for _ in 1..max {
        floor = floor.prev();
    }
    if earliest < floor {
        floor
    } else {
        earliest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn an_item_is_checked_field_by_field() {
        let kinds = vec!["large_class".to_string()];
        let ok = |k: &str| match k {
            "kind" => "large_class".into(),
            "problem" => "三年级二班 62 人".into(),
            "opened_on" => "2020/9/1".into(),
            "due_on" => "2027-08-31".into(),
            "person" => "王某".into(),
            _ => String::new(),
        };
        let rec = validate(&ok, &kinds, day("2026-11-23")).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(rec.opened_on, "2020-09-01", "dates are normalised");
        assert_eq!(rec.due_on.as_deref(), Some("2027-08-31"), "a target date may lie ahead");
        let bad = |k: &str| match k {
            "kind" => "nonsense".into(),
            "opened_on" => "2027-01-01".into(),
            "person" => "王2".into(),
            _ => String::new(),
        };
        let errors = validate(&bad, &kinds, day("2026-11-23")).err().unwrap_or_default();
        let keys: Vec<&str> = errors.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["problem", "person", "opened_on"], "{errors:?}");
        let early = |k: &str| match k {
            "due_on" => "2019-01-01".into(),
            k => ok(k),
        };
        assert_eq!(
            validate(&early, &kinds, day("2026-11-23")).err(),
            Some(vec![("due_on", ItemError::DueBeforeOpened)])
        );
        let other = |k: &str| if k == "kind" { "toilet".into() } else { ok(k) };
        assert_eq!(
            validate(&other, &kinds, day("2026-11-23")).err(),
            Some(vec![("kind", ItemError::UnknownKind("toilet".into()))])
        );
    }

    #[test]
    fn a_close_needs_date_evidence_and_who() {
        let today = day("2026-11-23");
        let none = |_: &str| String::new();
        let keys: Vec<&str> =
            validate_close(&none, "2020-09-01", today).err().unwrap_or_default().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["closed_on", "evidence", "closed_by"]);
        let early = |k: &str| match k {
            "closed_on" => "2020-08-31".into(),
            "evidence" => "分班名单".into(),
            _ => "李某".into(),
        };
        assert_eq!(
            validate_close(&early, "2020-09-01", today).err(),
            Some(vec![("closed_on", ItemError::TooEarly("2020-09-01".into()))])
        );
    }

    #[test]
    fn status_and_counts_follow_closes_and_reopenings() {
        let today = day("2026-11-23");
        assert_eq!(Status::of(Some("2026-11-22"), None, today), Status::Overdue);
        assert_eq!(Status::of(Some("2026-11-23"), None, today), Status::Open);
        assert_eq!(Status::of(Some("2020-01-01"), Some("2021-01-01"), today), Status::Closed);
        let span = |opened: &str, changes: &[(&str, bool)]| Span {
            opened_on: opened.into(),
            changes: changes.iter().map(|(d, c)| (d.to_string(), *c)).collect(),
        };
        let spans = vec![
            span("2026-01-10", &[("2026-03-05", true), ("2026-04-02", false)]),
            span("2026-02-01", &[("2026-02-28", true)]),
            span("2026-03-15", &[]),
        ];
        let m = |s: &str| Month::parse(s).unwrap_or(Month::of(today));
        let line: Vec<usize> = open_by_month(&spans, m("2026-01"), m("2026-05")).into_iter().map(|(_, n)| n).collect();
        // Jan: 1; Feb: the second closed on the 28th: 1; Mar: first closed, third opened: 1;
        // Apr: first reopened: 2; May: 2.
        assert_eq!(line, [1, 1, 1, 2, 2]);
        assert_eq!(first_month(&spans, m("2026-05"), 24), m("2026-01"));
        assert_eq!(first_month(&spans, m("2026-05"), 3), m("2026-03"), "at most three months");
    }

    #[test]
    fn kind_codes_are_plain() {
        assert_eq!(check_kind_code(" flood_2026 "), Ok("flood_2026".into()));
        for bad in ["", "Flood", "校舍", "a-b", &"x".repeat(21)] {
            assert_eq!(check_kind_code(bad), Err(ItemError::KindCode), "{bad}");
        }
    }

    #[test]
    fn the_record_keys_match_its_table() {
        let keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        let rec = ItemRecord::from_texts(|_| String::new());
        let texts: Vec<&str> = rec.texts().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, texts);
    }
}
