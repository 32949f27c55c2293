//! The rules for entering a school (DOMAIN.md §2): the 学校标识码, counts that agree with
//! each other, the seven resource figures, and closing or merging (never deleting).

use super::codes::{Location, SchoolKind};
use super::county::{parse_amount, parse_count, FieldError};
use super::dates::{self, DateError};
use chrono::NaiveDate;

/// Heilongjiang's province digits inside a 学校标识码.
pub const PROVINCE_DIGITS: &str = "23";

/// Longest school name accepted (characters).
pub const NAME_MAX: usize = 40;

/// Every editable field of a school, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRecord {
    pub name: String,
    pub school_code: Option<String>,
    pub kind: SchoolKind,
    pub location: Location,
    pub students: Option<i64>,
    pub primary_students: Option<i64>,
    pub junior_students: Option<i64>,
    pub classes: Option<i64>,
    pub largest_class: Option<i64>,
    pub boarding_students: Option<i64>,
    pub teachers: Option<i64>,
    pub degree_teachers: Option<i64>,
    pub backbone_teachers: Option<i64>,
    pub pe_arts_teachers: Option<i64>,
    pub building_m2: Option<f64>,
    pub sports_m2: Option<f64>,
    pub equipment_yuan: Option<f64>,
    pub multimedia_rooms: Option<i64>,
    pub opened_on: Option<String>,
    pub closed_on: Option<String>,
    pub merged_into: Option<i64>,
    pub note: String,
}

/// The form's keys, in form order (also the audit field names).
pub const FIELDS: &[&str] = &[
    "name",
    "school_code",
    "kind",
    "location",
    "students",
    "primary_students",
    "junior_students",
    "classes",
    "largest_class",
    "boarding_students",
    "teachers",
    "degree_teachers",
    "backbone_teachers",
    "pe_arts_teachers",
    "building_m2",
    "sports_m2",
    "equipment_yuan",
    "multimedia_rooms",
    "opened_on",
    "closed_on",
    "merged_into",
    "note",
];

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

impl SchoolRecord {
    /// (field key, value as text) for every field: form values, audit rows, conflicts.
    pub fn texts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("school_code", self.school_code.clone().unwrap_or_default()),
            ("kind", self.kind.code().to_string()),
            ("location", self.location.code().to_string()),
            ("students", num(self.students)),
            ("primary_students", num(self.primary_students)),
            ("junior_students", num(self.junior_students)),
            ("classes", num(self.classes)),
            ("largest_class", num(self.largest_class)),
            ("boarding_students", num(self.boarding_students)),
            ("teachers", num(self.teachers)),
            ("degree_teachers", num(self.degree_teachers)),
            ("backbone_teachers", num(self.backbone_teachers)),
            ("pe_arts_teachers", num(self.pe_arts_teachers)),
            ("building_m2", num(self.building_m2)),
            ("sports_m2", num(self.sports_m2)),
            ("equipment_yuan", num(self.equipment_yuan)),
            ("multimedia_rooms", num(self.multimedia_rooms)),
            ("opened_on", self.opened_on.clone().unwrap_or_default()),
            ("closed_on", self.closed_on.clone().unwrap_or_default()),
            ("merged_into", num(self.merged_into)),
            ("note", self.note.clone()),
        ]
    }

    /// Closing or merging changes the structure of the county: administrators only.
    pub fn structural_change(&self, old: Option<&SchoolRecord>) -> bool {
        match old {
            None => true,
            Some(o) => o.closed_on != self.closed_on || o.merged_into != self.merged_into,
        }
    }

    /// Average class size, rounded (None when unknown or no classes).
    pub fn average_class(&self) -> Option<i64> {
        average_class(self.students, self.classes)
    }
}

pub fn average_class(students: Option<i64>, classes: Option<i64>) -> Option<i64> {
    match (students, classes) {
        (Some(s), Some(c)) if c > 0 => Some((s + c / 2) / c),
        _ => None,
    }
}

/// What is wrong with one field of a school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchoolError {
    Required,
    TooLong(usize),
    /// 学校标识码: not 10 characters (the count found).
    CodeLength(usize),
    CodeDigits,
    /// The category (first two digits) does not fit the type; the ones that would.
    CodeCategory {
        found: String,
        expected: Vec<&'static str>,
    },
    /// Digits 3–4 are not the province's.
    CodeProvince(String),
    Number(FieldError),
    ClassesOverStudents,
    LargestClassOverStudents,
    /// Largest class smaller than the average (students / classes).
    LargestBelowAverage(i64),
    BoardingOverStudents,
    TeachersNeeded,
    /// Part of the students (subset figure) exceeds the whole.
    PartOverStudents,
    /// A group of teachers exceeds all teachers.
    PartOverTeachers,
    /// 一贯制: primary + junior students differ from the total.
    SplitSum(i64),
    Date(DateError),
    ClosedBeforeOpened,
    MergedWithoutClosing,
    MergedIntoItself,
    UnknownSchool,
}

impl From<FieldError> for SchoolError {
    fn from(e: FieldError) -> Self {
        SchoolError::Number(e)
    }
}

/// The 学校标识码 categories a type may carry: 21 小学, 31 中学, 51 特殊教育. 一贯制 schools are
/// registered under either of their stages.
pub fn categories(kind: SchoolKind) -> &'static [&'static str] {
    match kind {
        SchoolKind::Primary | SchoolKind::TeachingPoint => &["21"],
        SchoolKind::Junior | SchoolKind::CompleteMiddle => &["31"],
        SchoolKind::NineYear | SchoolKind::TwelveYear => &["31", "21"],
        SchoolKind::Special => &["51"],
    }
}

/// Checks a 学校标识码 (already trimmed) against the school's type.
pub fn check_code(code: &str, kind: SchoolKind) -> Result<(), SchoolError> {
    let n = code.chars().count();
    if n != 10 {
        return Err(SchoolError::CodeLength(n));
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SchoolError::CodeDigits);
    }
    let expected = categories(kind);
    if !expected.contains(&&code[..2]) {
        return Err(SchoolError::CodeCategory { found: code[..2].to_string(), expected: expected.to_vec() });
    }
    if &code[2..4] != PROVINCE_DIGITS {
        return Err(SchoolError::CodeProvince(code[2..4].to_string()));
    }
    Ok(())
}

/// Validates the form's texts; every field's error is reported, not only the first.
/// `self_id` is the school being edited (it cannot merge into itself); `school_exists`
/// tells whether a `merged_into` id names a school.
pub fn validate(
    value: impl Fn(&str) -> String,
    today: NaiveDate,
    self_id: Option<i64>,
    school_exists: impl Fn(i64) -> bool,
) -> Result<SchoolRecord, Vec<(&'static str, SchoolError)>> {
    let mut errors: Vec<(&'static str, SchoolError)> = Vec::new();
    let name = value("name").trim().to_string();
    if name.is_empty() {
        errors.push(("name", SchoolError::Required));
    } else if name.chars().count() > NAME_MAX {
        errors.push(("name", SchoolError::TooLong(NAME_MAX)));
    }
    let kind = SchoolKind::from_code(&value("kind")).unwrap_or(SchoolKind::Primary);
    let location = Location::from_code(&value("location")).unwrap_or(Location::Urban);
    let code = value("school_code").trim().to_string();
    if !code.is_empty() {
        if let Err(e) = check_code(&code, kind) {
            errors.push(("school_code", e));
        }
    }
    let mut count = |key: &'static str| match parse_count(&value(key)) {
        Ok(v) => v,
        Err(e) => {
            errors.push((key, e.into()));
            None
        }
    };
    let students = count("students");
    let primary_students = count("primary_students");
    let junior_students = count("junior_students");
    let classes = count("classes");
    let largest_class = count("largest_class");
    let boarding_students = count("boarding_students");
    let teachers = count("teachers");
    let degree_teachers = count("degree_teachers");
    let backbone_teachers = count("backbone_teachers");
    let pe_arts_teachers = count("pe_arts_teachers");
    let multimedia_rooms = count("multimedia_rooms");
    let mut amount = |key: &'static str| match parse_amount(&value(key)) {
        Ok(v) => v,
        Err(e) => {
            errors.push((key, e.into()));
            None
        }
    };
    let building_m2 = amount("building_m2");
    let sports_m2 = amount("sports_m2");
    let equipment_yuan = amount("equipment_yuan");

    // Counts that must agree with each other.
    if let (Some(s), Some(c)) = (students, classes) {
        if c > s {
            errors.push(("classes", SchoolError::ClassesOverStudents));
        }
    }
    if let (Some(s), Some(l)) = (students, largest_class) {
        if l > s {
            errors.push(("largest_class", SchoolError::LargestClassOverStudents));
        } else if let Some(avg) = average_class(students, classes) {
            // Rounded average: a largest class below ⌊s/c⌋ is impossible.
            let floor = s / classes.unwrap_or(1).max(1);
            if l < floor && classes.is_some_and(|c| c <= s) {
                errors.push(("largest_class", SchoolError::LargestBelowAverage(avg)));
            }
        }
    }
    if let (Some(s), Some(b)) = (students, boarding_students) {
        if b > s {
            errors.push(("boarding_students", SchoolError::BoardingOverStudents));
        }
    }
    if students.is_some_and(|s| s > 0) && teachers.is_none_or(|t| t == 0) {
        errors.push(("teachers", SchoolError::TeachersNeeded));
    }
    for (key, part) in [("primary_students", primary_students), ("junior_students", junior_students)] {
        if let (Some(s), Some(p)) = (students, part) {
            if p > s {
                errors.push((key, SchoolError::PartOverStudents));
            }
        }
    }
    if let (Some(s), Some(p), Some(j)) = (students, primary_students, junior_students) {
        if p <= s && j <= s && p + j != s {
            errors.push(("junior_students", SchoolError::SplitSum(s)));
        }
    }
    if let Some(t) = teachers {
        for (key, part) in [
            ("degree_teachers", degree_teachers),
            ("backbone_teachers", backbone_teachers),
            ("pe_arts_teachers", pe_arts_teachers),
        ] {
            if part.is_some_and(|p| p > t) {
                errors.push((key, SchoolError::PartOverTeachers));
            }
        }
    }

    let mut date = |key: &'static str| match dates::parse(&value(key), today) {
        Ok(d) => d,
        Err(e) => {
            errors.push((key, SchoolError::Date(e)));
            None
        }
    };
    let opened_on = date("opened_on");
    let closed_on = date("closed_on");
    if let (Some(o), Some(c)) = (opened_on, closed_on) {
        if c < o {
            errors.push(("closed_on", SchoolError::ClosedBeforeOpened));
        }
    }
    let merged_text = value("merged_into").trim().to_string();
    let merged_into = if merged_text.is_empty() {
        None
    } else {
        match merged_text.parse::<i64>() {
            Ok(id) if Some(id) == self_id => {
                errors.push(("merged_into", SchoolError::MergedIntoItself));
                None
            }
            Ok(id) if school_exists(id) => Some(id),
            _ => {
                errors.push(("merged_into", SchoolError::UnknownSchool));
                None
            }
        }
    };
    if merged_into.is_some() && closed_on.is_none() && !errors.iter().any(|(k, _)| *k == "closed_on") {
        errors.push(("closed_on", SchoolError::MergedWithoutClosing));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SchoolRecord {
        name,
        school_code: Some(code).filter(|c| !c.is_empty()),
        kind,
        location,
        students,
        primary_students,
        junior_students,
        classes,
        largest_class,
        boarding_students,
        teachers,
        degree_teachers,
        backbone_teachers,
        pe_arts_teachers,
        building_m2,
        sports_m2,
        equipment_yuan,
        multimedia_rooms,
        opened_on: opened_on.map(dates::iso),
        closed_on: closed_on.map(dates::iso),
        merged_into,
        note: value("note").trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_rules() {
        assert_eq!(check_code("2123000001", SchoolKind::Primary), Ok(()));
        assert_eq!(check_code("3123000001", SchoolKind::NineYear), Ok(()));
        assert_eq!(check_code("212300001", SchoolKind::Primary), Err(SchoolError::CodeLength(9)));
        assert_eq!(check_code("21230000a1", SchoolKind::Primary), Err(SchoolError::CodeDigits));
        assert!(matches!(check_code("3123000001", SchoolKind::Primary), Err(SchoolError::CodeCategory { .. })));
        assert_eq!(check_code("2111000001", SchoolKind::Primary), Err(SchoolError::CodeProvince("11".into())));
    }
}
