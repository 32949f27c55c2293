//! A school's dated history (docs/domain.md §18): renamed, its type changed (a village
//! school becoming a 教学点), handed to another operator (举办者: 逊克's 农场学校 to the
//! county), its place (城区/镇区/乡村), merged into another school, closed, or its opening.
//! Each is one dated change; the table by year (the 116 → 19 of seed 001) is counted from
//! them and from the schools' own opening and closing dates.
//!
//! Pure rules: the changes, their fields, their checks, a school's timeline and the
//! counts by year. No SQL, no terminal.

use super::codes::{Location, SchoolKind};
use super::dates::{self, DateError};
use super::fields::{Field, Kind, Required};
use super::school_rules::{self, KIND_LIST, LOCATION_LIST, NAME_MAX};
use chrono::NaiveDate;
use std::borrow::Borrow;

/// The longest operator (举办者) or note, in characters.
pub const TEXT_MAX: usize = 200;

/// What changed on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    Rename,
    Retype,
    Operator,
    Location,
    /// Merged into another school: closed, and the other school named.
    Merge,
    Close,
    /// The school's opening (its 建校日期), when it was not recorded.
    Open,
}

impl Change {
    /// In the order the change picker offers them.
    pub const ALL: [Change; 7] = [
        Change::Rename,
        Change::Retype,
        Change::Operator,
        Change::Location,
        Change::Merge,
        Change::Close,
        Change::Open,
    ];

    /// The stored value (`school_history.change`).
    pub fn code(self) -> &'static str {
        match self {
            Change::Rename => "name",
            Change::Retype => "kind",
            Change::Operator => "operator",
            Change::Location => "location",
            Change::Merge => "merged",
            Change::Close => "closed",
            Change::Open => "opened",
        }
    }

    /// The word of `taizhang school change --kind`.
    pub fn word(self) -> &'static str {
        match self {
            Change::Rename => "rename",
            Change::Retype => "type",
            Change::Operator => "operator",
            Change::Location => "location",
            Change::Merge => "merge-into",
            Change::Close => "close",
            Change::Open => "open",
        }
    }

    pub fn from_code(s: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.code() == s)
    }

    /// A command line's `--kind`: its word or the stored code.
    pub fn from_word(s: &str) -> Option<Change> {
        let s = s.trim().to_ascii_lowercase();
        Change::ALL.into_iter().find(|c| c.word() == s || c.code() == s)
    }

    /// The field that holds the new value (none for a close or an opening).
    pub fn value_key(self) -> Option<&'static str> {
        match self {
            Change::Rename => Some("name"),
            Change::Retype => Some("kind"),
            Change::Operator => Some("operator"),
            Change::Location => Some("location"),
            Change::Merge => Some("into"),
            Change::Close | Change::Open => None,
        }
    }

    /// The fields its form asks for, in order: the date, the new value, a note.
    pub fn fields(self) -> Vec<&'static Field> {
        let keys = std::iter::once("on_date").chain(self.value_key()).chain(std::iter::once("note"));
        keys.filter_map(field).collect()
    }

    /// Ends the school (it no longer counts as open after the day).
    pub fn ends(self) -> bool {
        matches!(self, Change::Merge | Change::Close)
    }
}

/// Every field a change may ask for; [`Change::fields`] picks the ones of a change.
pub const FIELDS: &[Field] = &[
    Field { kind: Kind::Date, required: Required::Always, ..Field::text("on_date", "变更日期", "Date") },
    Field { kind: Kind::Text(NAME_MAX), required: Required::Always, ..Field::text("name", "新名称", "New name") },
    Field { kind: Kind::Choice(KIND_LIST), required: Required::Always, ..Field::text("kind", "新类型", "New type") },
    Field {
        kind: Kind::Choice(LOCATION_LIST),
        required: Required::Always,
        ..Field::text("location", "新城乡分类", "New place")
    },
    Field {
        kind: Kind::Text(TEXT_MAX),
        required: Required::Always,
        ..Field::text("operator", "新举办者", "New operator")
    },
    Field { kind: Kind::School, required: Required::Always, ..Field::text("into", "并入学校", "Merged into") },
    Field { kind: Kind::Text(TEXT_MAX), ..Field::text("note", "说明", "Note") },
];

/// The field of `key` in [`FIELDS`].
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The school as it stands: what a change is checked against and what it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub id: i64,
    pub county: String,
    pub name: String,
    pub kind: SchoolKind,
    pub location: Location,
    pub school_code: Option<String>,
    /// The operator its last operator change named ('' when none was recorded).
    pub operator: String,
    pub opened_on: Option<String>,
    pub closed_on: Option<String>,
    /// The day of its latest recorded change.
    pub last_change: Option<String>,
}

/// The school a merge names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receiver {
    pub id: i64,
    pub county: String,
    pub name: String,
    pub closed_on: Option<String>,
}

/// A change, checked: ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub change: Change,
    pub on_date: String,
    /// The value before and after, as stored (codes for a type or a place; names for a
    /// merge, whose school is `other`).
    pub old: String,
    pub new: String,
    pub other: Option<i64>,
    pub note: String,
}

/// What is wrong with a change (the field says where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryError {
    Required,
    TooLong(usize),
    Date(DateError),
    /// `--kind` names no change (what was typed).
    UnknownChange(String),
    /// A type or place that is not one of its list (what was typed, the list's name).
    UnknownChoice(String, &'static str),
    /// The school was closed (or merged) on this day: it changes no more.
    SchoolClosed(String),
    /// Before the school opened (its opening day).
    BeforeOpened(String),
    /// Before its latest recorded change (that day): changes are recorded in order.
    BeforeLast(String),
    /// The new value is the one it has.
    Unchanged,
    /// The new type does not fit the school's 学校标识码 (its category, the ones that fit).
    CodeCategory {
        code: String,
        expected: Vec<&'static str>,
    },
    IntoItself,
    UnknownSchool,
    /// The receiving school was closed (its name, the day).
    IntoClosed {
        name: String,
        on: String,
    },
    /// The receiving school is in another county (its name).
    IntoOtherCounty(String),
    /// Its opening is recorded already (that day).
    AlreadyOpened(String),
    /// An opening after a change already recorded (that day's).
    OpenAfterChange(String),
}

/// `Err` per failing field, keyed by the field.
pub type Errors = Vec<(&'static str, HistoryError)>;

/// Checks `change` of school `s` from the texts `value` gives (the form's, or the command
/// line's); `receiver` looks up the school a merge names. Every failing field is reported.
pub fn validate(
    change: Change,
    value: &dyn Fn(&str) -> String,
    s: &Standing,
    receiver: &dyn Fn(i64) -> Option<Receiver>,
    today: NaiveDate,
) -> Result<Checked, Errors> {
    let mut errors: Errors = Vec::new();
    let on_date = match check_date(&value("on_date"), today) {
        Ok(d) => d,
        Err(e) => {
            errors.push(("on_date", e));
            String::new()
        }
    };
    if !on_date.is_empty() {
        if let Some(e) = date_fits(change, &on_date, s) {
            errors.push(("on_date", e));
        }
    }
    let note = value("note").trim().to_string();
    if let Some(Err(n)) = field("note").map(|f| f.check_length(&note)) {
        errors.push(("note", HistoryError::TooLong(n)));
    }
    let (old, new, other) = match new_value(change, value, s, receiver) {
        Ok(v) => v,
        Err(e) => {
            errors.push((change.value_key().unwrap_or("on_date"), e));
            Default::default()
        }
    };
    if errors.is_empty() {
        Ok(Checked { change, on_date, old, new, other, note })
    } else {
        Err(errors)
    }
}

fn check_date(raw: &str, today: NaiveDate) -> Result<String, HistoryError> {
    match dates::parse(raw, today) {
        Ok(Some(d)) => Ok(dates::iso(d)),
        Ok(None) => Err(HistoryError::Required),
        Err(e) => Err(HistoryError::Date(e)),
    }
}

/// Whether `on` fits the school's life: after its opening and its latest change, and the
/// school still open. An opening is checked against what it would precede instead.
fn date_fits(change: Change, on: &str, s: &Standing) -> Option<HistoryError> {
    if let Some(c) = &s.closed_on {
        return Some(HistoryError::SchoolClosed(c.clone()));
    }
    if change == Change::Open {
        return match (&s.opened_on, &s.last_change) {
            (Some(o), _) => Some(HistoryError::AlreadyOpened(o.clone())),
            // An opening after a change already recorded would contradict it.
            (None, Some(last)) if on > last.as_str() => Some(HistoryError::OpenAfterChange(last.clone())),
            _ => None,
        };
    }
    if let Some(o) = s.opened_on.as_deref().filter(|o| on < *o) {
        return Some(HistoryError::BeforeOpened(o.to_string()));
    }
    s.last_change.as_deref().filter(|l| on < *l).map(|l| HistoryError::BeforeLast(l.to_string()))
}

/// (old, new, other school) of the change, or what is wrong with its value.
fn new_value(
    change: Change,
    value: &dyn Fn(&str) -> String,
    s: &Standing,
    receiver: &dyn Fn(i64) -> Option<Receiver>,
) -> Result<(String, String, Option<i64>), HistoryError> {
    let Some(key) = change.value_key() else {
        return Ok((String::new(), String::new(), None));
    };
    let raw = value(key).trim().to_string();
    if raw.is_empty() {
        return Err(HistoryError::Required);
    }
    if let Some(Err(n)) = field(key).map(|f| f.check_length(&raw)) {
        return Err(HistoryError::TooLong(n));
    }
    let differs = |old: &str, new: &str| if old == new { Err(HistoryError::Unchanged) } else { Ok(()) };
    match change {
        Change::Rename | Change::Operator => {
            let old = if change == Change::Rename { s.name.clone() } else { s.operator.clone() };
            differs(&old, &raw)?;
            Ok((old, raw, None))
        }
        Change::Retype => {
            let kind = SchoolKind::from_code(&raw).ok_or(HistoryError::UnknownChoice(raw.clone(), KIND_LIST))?;
            differs(s.kind.code(), kind.code())?;
            if let Some(code) = &s.school_code {
                if school_rules::check_code(code, kind).is_err() {
                    let expected = school_rules::categories(kind).to_vec();
                    return Err(HistoryError::CodeCategory { code: code.clone(), expected });
                }
            }
            Ok((s.kind.code().to_string(), kind.code().to_string(), None))
        }
        Change::Location => {
            let place = Location::from_code(&raw).ok_or(HistoryError::UnknownChoice(raw.clone(), LOCATION_LIST))?;
            differs(s.location.code(), place.code())?;
            Ok((s.location.code().to_string(), place.code().to_string(), None))
        }
        Change::Merge => {
            let id: i64 = raw.parse().map_err(|_| HistoryError::UnknownSchool)?;
            if id == s.id {
                return Err(HistoryError::IntoItself);
            }
            let r = receiver(id).ok_or(HistoryError::UnknownSchool)?;
            if let Some(on) = r.closed_on {
                return Err(HistoryError::IntoClosed { name: r.name, on });
            }
            if r.county != s.county {
                return Err(HistoryError::IntoOtherCounty(r.name));
            }
            Ok((String::new(), r.name, Some(id)))
        }
        Change::Close | Change::Open => Ok((String::new(), String::new(), None)),
    }
}

/// One dated change in a school's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub on_date: String,
    pub change: Change,
    pub old: String,
    pub new: String,
    pub note: String,
    pub login: String,
    /// False for an opening or a close read from the school's own dates (entered before
    /// changes were recorded, or by an import): it has no row of its own.
    pub recorded: bool,
}

/// The school's timeline, oldest first: its recorded changes, and its opening and its close
/// (into `merged_name` when it merged) from its own dates where no change records them.
pub fn timeline(
    recorded: Vec<Event>,
    opened_on: Option<&str>,
    closed_on: Option<&str>,
    merged_name: Option<&str>,
) -> Vec<Event> {
    let has = |c: &[Change]| recorded.iter().any(|e| c.contains(&e.change));
    let from_dates = |on: &str, change: Change, new: &str| Event {
        on_date: on.to_string(),
        change,
        old: String::new(),
        new: new.to_string(),
        note: String::new(),
        login: String::new(),
        recorded: false,
    };
    let mut out = Vec::new();
    if let Some(on) = opened_on.filter(|_| !has(&[Change::Open])) {
        out.push(from_dates(on, Change::Open, ""));
    }
    if let Some(on) = closed_on.filter(|_| !has(&[Change::Merge, Change::Close])) {
        let ended = match merged_name {
            Some(name) => from_dates(on, Change::Merge, name),
            None => from_dates(on, Change::Close, ""),
        };
        out.push(ended);
    }
    out.extend(recorded);
    out.sort_by(|a, b| a.on_date.cmp(&b.on_date));
    out
}

// ---------------------------------------------------------------------------------------
// Counting by year.

/// One school's life as the table by year counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Life {
    /// Unknown: the school counts as open from before the first year.
    pub opened_on: Option<String>,
    pub closed_on: Option<String>,
    pub merged: bool,
    /// The days it was renamed, and the days its type changed.
    pub renamed: Vec<String>,
    pub retyped: Vec<String>,
}

/// One year of the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct YearRow {
    pub year: i32,
    /// Open on 1 January.
    pub start: usize,
    pub opened: usize,
    /// Closed without being merged, and merged into another school.
    pub closed: usize,
    pub merged: usize,
    pub renamed: usize,
    pub retyped: usize,
    /// Open on 31 December: start + opened − closed − merged.
    pub end: usize,
}

fn year_of(day: &str) -> Option<i32> {
    day.get(..4)?.parse().ok()
}

/// The table by year from `first` to `last` (both included) over `lives` (owned or borrowed:
/// a report counts a region's lives and each part's without copying them).
pub fn by_year<L: Borrow<Life>>(lives: &[L], first: i32, last: i32) -> Vec<YearRow> {
    (first..=last.max(first)).map(|y| year_row(lives, y)).collect()
}

fn year_row<L: Borrow<Life>>(lives: &[L], year: i32) -> YearRow {
    let y = |d: &Option<String>| d.as_deref().and_then(year_of);
    let mut r = YearRow { year, ..YearRow::default() };
    for l in lives.iter().map(Borrow::borrow) {
        let (opened, closed) = (y(&l.opened_on), y(&l.closed_on));
        if opened.is_none_or(|o| o < year) && closed.is_none_or(|c| c >= year) {
            r.start += 1;
        }
        r.opened += usize::from(opened == Some(year));
        if closed == Some(year) {
            if l.merged {
                r.merged += 1;
            } else {
                r.closed += 1;
            }
        }
        r.renamed += l.renamed.iter().filter(|d| year_of(d) == Some(year)).count();
        r.retyped += l.retyped.iter().filter(|d| year_of(d) == Some(year)).count();
    }
    r.end = (r.start + r.opened).saturating_sub(r.closed + r.merged);
    r
}

/// The first year anything happened to `lives` (`None`: nothing dated).
pub fn first_year<L: Borrow<Life>>(lives: &[L]) -> Option<i32> {
    lives
        .iter()
        .map(Borrow::borrow)
        .flat_map(|l| l.opened_on.iter().chain(&l.closed_on).chain(&l.renamed).chain(&l.retyped))
        .filter_map(|d| year_of(d))
        .min()
}

/// Parts add up into a region: their starts, their counts and their ends.
impl super::rollup::Sum for YearRow {
    fn add(&mut self, o: &Self) {
        self.start += o.start;
        self.opened += o.opened;
        self.closed += o.closed;
        self.merged += o.merged;
        self.renamed += o.renamed;
        self.retyped += o.retyped;
        self.end += o.end;
    }
}

/// The rows' totals over the years: the first year's start, the sums, the last year's end.
pub fn total(rows: &[YearRow]) -> YearRow {
    let mut t = YearRow { start: rows.first().map_or(0, |r| r.start), ..YearRow::default() };
    for r in rows {
        t.opened += r.opened;
        t.closed += r.closed;
        t.merged += r.merged;
        t.renamed += r.renamed;
        t.retyped += r.retyped;
    }
    t.end = rows.last().map_or(0, |r| r.end);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    fn life(opened: Option<&str>, closed: Option<&str>, merged: bool) -> Life {
        Life {
            opened_on: opened.map(str::to_string),
            closed_on: closed.map(str::to_string),
            merged,
            renamed: vec![],
            retyped: vec![],
        }
    }

    fn standing() -> Standing {
        Standing {
            id: 1,
            county: "230126".into(),
            name: "东村小学".into(),
            kind: SchoolKind::Primary,
            location: Location::Rural,
            school_code: Some("2123000001".into()),
            operator: String::new(),
            opened_on: day("1990-09-01"),
            closed_on: None,
            last_change: day("2010-09-01"),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn receiver(id: i64) -> Option<Receiver> {
        match id {
            2 => Some(Receiver { id, county: "230126".into(), name: "中心小学".into(), closed_on: None }),
            3 => Some(Receiver {
                id, county: "230126".into(), name: "西村小学".into(), closed_on: day("2008-08-31")
            }),
            4 => Some(Receiver { id, county: "231123".into(), name: "实验小学校".into(), closed_on: None }),
            _ => None,
        }
    }

    fn check(change: Change, texts: &[(&str, &str)]) -> Result<Checked, Errors> {
        let v = |k: &str| texts.iter().find(|(key, _)| *key == k).map(|(_, t)| t.to_string()).unwrap_or_default();
        validate(change, &v, &standing(), &receiver, today())
    }

    fn first_error(change: Change, texts: &[(&str, &str)]) -> Option<HistoryError> {
        check(change, texts).err().and_then(|e| e.into_iter().next().map(|(_, e)| e))
    }

    #[test]
    fn a_merge_names_an_open_school_of_the_county() {
        let ok = check(Change::Merge, &[("on_date", "2012/8/31"), ("into", "2")]);
        let ok = ok.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((ok.on_date.as_str(), ok.new.as_str(), ok.other), ("2012-08-31", "中心小学", Some(2)));
        let on = ("on_date", "2012-08-31");
        assert_eq!(first_error(Change::Merge, &[on, ("into", "1")]), Some(HistoryError::IntoItself));
        assert_eq!(first_error(Change::Merge, &[on, ("into", "9")]), Some(HistoryError::UnknownSchool));
        assert!(matches!(first_error(Change::Merge, &[on, ("into", "3")]), Some(HistoryError::IntoClosed { .. })));
        assert!(matches!(first_error(Change::Merge, &[on, ("into", "4")]), Some(HistoryError::IntoOtherCounty(_))));
        assert_eq!(first_error(Change::Merge, &[on]), Some(HistoryError::Required));
    }

    #[test]
    fn dates_follow_the_school_s_life() {
        let future = first_error(Change::Close, &[("on_date", "2027-01-01")]);
        assert_eq!(future, Some(HistoryError::Date(DateError::Future)));
        let early = first_error(Change::Close, &[("on_date", "2009-01-01")]);
        assert_eq!(early, Some(HistoryError::BeforeLast("2010-09-01".into())));
        assert_eq!(
            first_error(Change::Open, &[("on_date", "1980-01-01")]),
            Some(HistoryError::AlreadyOpened("1990-09-01".into()))
        );
        let mut closed = standing();
        closed.closed_on = day("2015-08-31");
        let v = |k: &str| if k == "on_date" { "2020-01-01".to_string() } else { "新名".to_string() };
        let e = validate(Change::Rename, &v, &closed, &receiver, today()).err().unwrap_or_default();
        assert_eq!(
            e.first().map(|(k, e)| (*k, e.clone())),
            Some(("on_date", HistoryError::SchoolClosed("2015-08-31".into())))
        );
    }

    #[test]
    fn a_new_value_must_differ_and_fit_the_code() {
        let on = ("on_date", "2020-09-01");
        assert_eq!(first_error(Change::Rename, &[on, ("name", "东村小学")]), Some(HistoryError::Unchanged));
        let point = check(Change::Retype, &[on, ("kind", "teaching_point")]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((point.old.as_str(), point.new.as_str()), ("primary", "teaching_point"));
        assert!(matches!(
            first_error(Change::Retype, &[on, ("kind", "junior")]),
            Some(HistoryError::CodeCategory { .. })
        ));
        assert_eq!(
            first_error(Change::Retype, &[on, ("kind", "x")]),
            Some(HistoryError::UnknownChoice("x".into(), KIND_LIST))
        );
        let op = check(Change::Operator, &[on, ("operator", "逊克县人民政府")]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((op.old.as_str(), op.new.as_str()), ("", "逊克县人民政府"));
    }

    #[test]
    fn the_timeline_takes_the_school_s_own_dates_where_nothing_records_them() {
        let renamed = Event {
            on_date: "2015-01-01".into(),
            change: Change::Rename,
            old: "甲".into(),
            new: "乙".into(),
            note: String::new(),
            login: "a".into(),
            recorded: true,
        };
        let t = timeline(vec![renamed.clone()], Some("1990-09-01"), Some("2020-08-31"), Some("中心小学"));
        let kinds: Vec<(Change, bool)> = t.iter().map(|e| (e.change, e.recorded)).collect();
        assert_eq!(kinds, vec![(Change::Open, false), (Change::Rename, true), (Change::Merge, false)]);
        let merged = Event { change: Change::Merge, on_date: "2020-08-31".into(), ..renamed };
        let t = timeline(vec![merged], None, Some("2020-08-31"), Some("中心小学"));
        assert_eq!(t.len(), 1, "a recorded merge is not shown twice");
    }

    #[test]
    fn the_table_by_year_adds_up() {
        let mut renamed = life(None, None, false);
        renamed.renamed = vec!["2008-03-01".into()];
        let lives = vec![
            life(None, None, false),
            renamed,
            life(None, Some("2007-08-31"), true),
            life(None, Some("2008-08-31"), true),
            life(None, Some("2008-12-31"), false),
            life(Some("2008-09-01"), None, false),
        ];
        let rows = by_year(&lives, 2007, 2009);
        let row = |y: i32| rows.iter().find(|r| r.year == y).copied().unwrap_or_default();
        assert_eq!((row(2007).start, row(2007).merged, row(2007).end), (5, 1, 4));
        let r = row(2008);
        assert_eq!((r.start, r.opened, r.closed, r.merged, r.renamed, r.end), (4, 1, 1, 1, 1, 3));
        assert_eq!((row(2009).start, row(2009).end), (3, 3));
        for w in rows.windows(2) {
            assert_eq!(w[0].end, w[1].start, "a year ends where the next starts");
        }
        let t = total(&rows);
        assert_eq!((t.start, t.opened, t.closed, t.merged, t.end), (5, 1, 1, 2, 3));
        assert_eq!(first_year(&lives), Some(2007));
    }
}
