//! The rules for entering a school (docs/domain.md §2): the 学校标识码, counts that agree
//! with each other, the seven resource figures, and closing or merging (never deleting).
//!
//! [`FIELDS`] is the school's table of fields: the form, labels, the SQL column lists, the
//! import's header synonyms, the export's columns and the audit rows all come from it, and
//! [`validate`] checks each field by its kind before the rules that span fields.

use super::codes::{Location, SchoolKind};
use super::county::{parse_amount, parse_count, FieldError};
use super::dates::{self, DateError};
use super::fields::{self, Field, Kind, Required};
use super::record::record;
use chrono::NaiveDate;

/// Heilongjiang's province digits inside a 学校标识码.
pub const PROVINCE_DIGITS: &str = "23";

/// Longest school name accepted (characters).
pub const NAME_MAX: usize = 40;

/// The code lists of a school's choice fields (labels in `i18n::schools::choices`).
pub const KIND_LIST: &str = "school_kind";
pub const LOCATION_LIST: &str = "location";

record! {
    /// Every editable field of a school, parsed: one row per field, its definition beside
    /// it. Each key is the stored column, the form's key and the audit row's field;
    /// synonyms are the headers other spreadsheets use.
    #[derive(Debug, Clone, PartialEq)]
    pub struct SchoolRecord, pub const FIELDS;
    name: String = Field {
        kind: Kind::Text(NAME_MAX),
        required: Required::Always,
        synonyms: &["学校", "校名", "School"],
        ..Field::text("name", "学校名称", "Name")
    },
    school_code: Option<String> =
        Field { kind: Kind::Text(10), synonyms: &["学校代码", "标识码"], ..Field::text("school_code", "学校标识码", "School code") },
    kind: SchoolKind = Field {
        kind: Kind::Choice(KIND_LIST),
        required: Required::Always,
        synonyms: &["办学类型", "类型", "School type"],
        ..Field::text("kind", "学校类型", "Type")
    },
    location: Location = Field {
        kind: Kind::Choice(LOCATION_LIST),
        required: Required::Always,
        synonyms: &["城乡类型", "城乡", "所在地类型", "Location"],
        ..Field::text("location", "城乡分类", "Place")
    },
    students: Option<i64> = count("students", "在校生数", "Students", &["学生数", "在校生"]),
    primary_students: Option<i64> =
        count("primary_students", "其中小学段", "of which primary", &["小学段学生数", "小学学生数", "Primary students"]),
    junior_students: Option<i64> =
        count("junior_students", "其中初中段", "of which junior", &["初中段学生数", "初中学生数", "Junior students"]),
    classes: Option<i64> = count("classes", "班级数", "Classes", &["班数"]),
    largest_class: Option<i64> = count("largest_class", "最大班额", "Largest class", &[]),
    boarding_students: Option<i64> = count("boarding_students", "寄宿生数", "Boarding students", &["住校生数"]),
    teachers: Option<i64> = count("teachers", "专任教师数", "Teachers", &["教师数"]),
    degree_teachers: Option<i64> =
        count("degree_teachers", "高于规定学历教师", "Teachers above required degree", &["高于规定学历教师数"]),
    backbone_teachers: Option<i64> = count(
        "backbone_teachers",
        "县级以上骨干教师",
        "Backbone teachers (county+)",
        &["县级以上骨干教师数", "骨干教师数", "Backbone teachers"],
    ),
    pe_arts_teachers: Option<i64> =
        count("pe_arts_teachers", "体育艺术教师", "PE and arts teachers", &["体育艺术教师数", "音体美教师数"]),
    building_m2: Option<f64> =
        amount("building_m2", "教学及辅助用房 m2", "Teaching building (m2)", &["教学及辅助用房面积", "校舍面积", "Building m2"]),
    sports_m2: Option<f64> =
        amount("sports_m2", "体育运动场馆 m2", "Sports ground (m2)", &["体育运动场馆面积", "运动场地面积", "Sports m2"]),
    equipment_yuan: Option<f64> = amount(
        "equipment_yuan",
        "教学仪器设备值 元",
        "Equipment value (yuan)",
        &["教学仪器设备值", "仪器设备值", "Equipment yuan"],
    ),
    multimedia_rooms: Option<i64> = count(
        "multimedia_rooms",
        "网络多媒体教室",
        "Multimedia classrooms",
        &["网络多媒体教室数", "多媒体教室数", "Multimedia rooms"],
    ),
    opened_on: Option<String> = Field { kind: Kind::Date, synonyms: &["开办日期"], ..Field::text("opened_on", "建校日期", "Opened on") },
    // Closing and merging are the administrator's, through the form: not columns of a file.
    closed_on: Option<String> = Field { kind: Kind::Date, export: false, ..Field::text("closed_on", "撤并日期", "Closed on") },
    merged_into: Option<i64> = Field { kind: Kind::School, export: false, ..Field::text("merged_into", "并入学校", "Merged into") },
    note: String = Field { kind: Kind::Note(crate::domain::fields::NOTE_MAX), ..Field::text("note", "备注", "Note") },
}

/// A head count (never negative).
const fn count(key: &'static str, zh: &'static str, en: &'static str, synonyms: &'static [&'static str]) -> Field {
    Field { kind: Kind::Int { min: 0, max: i64::MAX }, synonyms, ..Field::text(key, zh, en) }
}

/// An area or an amount of money (never negative).
const fn amount(key: &'static str, zh: &'static str, en: &'static str, synonyms: &'static [&'static str]) -> Field {
    Field { kind: Kind::Real, synonyms, ..Field::text(key, zh, en) }
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

impl SchoolRecord {
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
    /// Another school already holds this 学校标识码 (checked where the schools are stored).
    CodeTaken {
        code: String,
        holder: String,
    },
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

/// One field checked by its kind: the trimmed text, normalised (numbers re-spelled, dates
/// as ISO), or what is wrong with it.
fn check_field(f: &Field, raw: &str, kind: SchoolKind, today: NaiveDate) -> Result<String, SchoolError> {
    let s = raw.trim();
    if s.is_empty() {
        return if f.required == Required::Always { Err(SchoolError::Required) } else { Ok(String::new()) };
    }
    let s: &str = &if f.takes_half_width() || f.key == "school_code" { fields::half_width(s) } else { s.into() };
    if f.key == "school_code" {
        // Its own format says more than a length: digits, category, province.
        return check_code(s, kind).map(|()| s.to_string());
    }
    f.check_length(s).map_err(SchoolError::TooLong)?;
    match f.kind {
        Kind::Int { .. } => Ok(num(parse_count(s)?)),
        Kind::Real => Ok(num(parse_amount(s)?)),
        Kind::Date => dates::parse(s, today).map(|d| d.map(dates::iso).unwrap_or_default()).map_err(SchoolError::Date),
        Kind::School => s.parse::<i64>().map(|id| id.to_string()).map_err(|_| SchoolError::UnknownSchool),
        _ => Ok(s.to_string()),
    }
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
    let kind = SchoolKind::from_code(&value("kind")).unwrap_or(SchoolKind::Primary);
    let checked: Vec<(&'static str, String)> = FIELDS
        .iter()
        .map(|f| match check_field(f, &value(f.key), kind, today) {
            Ok(text) => (f.key, text),
            Err(e) => {
                errors.push((f.key, e));
                (f.key, String::new())
            }
        })
        .collect();
    let mut rec = SchoolRecord::from_texts(|k| {
        checked.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default()
    });
    counts_agree(&rec, &mut errors);
    if let (Some(o), Some(c)) = (&rec.opened_on, &rec.closed_on) {
        if c < o {
            errors.push(("closed_on", SchoolError::ClosedBeforeOpened));
        }
    }
    match rec.merged_into {
        Some(id) if Some(id) == self_id => errors.push(("merged_into", SchoolError::MergedIntoItself)),
        Some(id) if !school_exists(id) => errors.push(("merged_into", SchoolError::UnknownSchool)),
        _ => {}
    }
    if errors.iter().any(|(k, _)| *k == "merged_into") {
        rec.merged_into = None;
    }
    if rec.merged_into.is_some() && rec.closed_on.is_none() && !errors.iter().any(|(k, _)| *k == "closed_on") {
        errors.push(("closed_on", SchoolError::MergedWithoutClosing));
    }
    if errors.is_empty() {
        Ok(rec)
    } else {
        Err(errors)
    }
}

/// The counts that must agree with each other (unknown counts agree with anything).
fn counts_agree(rec: &SchoolRecord, errors: &mut Vec<(&'static str, SchoolError)>) {
    let students = rec.students;
    if let (Some(s), Some(c)) = (students, rec.classes) {
        if c > s {
            errors.push(("classes", SchoolError::ClassesOverStudents));
        }
    }
    if let (Some(s), Some(l)) = (students, rec.largest_class) {
        if l > s {
            errors.push(("largest_class", SchoolError::LargestClassOverStudents));
        } else if let Some(avg) = rec.average_class() {
            // Rounded average: a largest class below ⌊s/c⌋ is impossible.
            let floor = s / rec.classes.unwrap_or(1).max(1);
            if l < floor && rec.classes.is_some_and(|c| c <= s) {
                errors.push(("largest_class", SchoolError::LargestBelowAverage(avg)));
            }
        }
    }
    if let (Some(s), Some(b)) = (students, rec.boarding_students) {
        if b > s {
            errors.push(("boarding_students", SchoolError::BoardingOverStudents));
        }
    }
    if students.is_some_and(|s| s > 0) && rec.teachers.is_none_or(|t| t == 0) {
        errors.push(("teachers", SchoolError::TeachersNeeded));
    }
    for (key, part) in [("primary_students", rec.primary_students), ("junior_students", rec.junior_students)] {
        if let (Some(s), Some(p)) = (students, part) {
            if p > s {
                errors.push((key, SchoolError::PartOverStudents));
            }
        }
    }
    if let (Some(s), Some(p), Some(j)) = (students, rec.primary_students, rec.junior_students) {
        if p <= s && j <= s && p + j != s {
            errors.push(("junior_students", SchoolError::SplitSum(s)));
        }
    }
    if let Some(t) = rec.teachers {
        for (key, part) in [
            ("degree_teachers", rec.degree_teachers),
            ("backbone_teachers", rec.backbone_teachers),
            ("pe_arts_teachers", rec.pe_arts_teachers),
        ] {
            if part.is_some_and(|p| p > t) {
                errors.push((key, SchoolError::PartOverTeachers));
            }
        }
    }
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

    /// The record's texts and the table list the same keys in the same order, and the
    /// texts read back into the same record: a field added to one and not the others fails.
    #[test]
    fn texts_follow_the_table_and_round_trip() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let form = |k: &str| {
            match k {
                "name" => "测试小学",
                "kind" => "nine_year",
                "location" => "rural",
                "students" => "300",
                "primary_students" => "200",
                "junior_students" => "100",
                "teachers" => "25",
                "building_m2" => "1500.5",
                "opened_on" => "2001/9/1",
                "closed_on" => "2024-08-31",
                "merged_into" => "2",
                "note" => "备注",
                _ => "",
            }
            .to_string()
        };
        let rec = validate(form, today, Some(1), |id| id == 2).map_err(|e| format!("{e:?}"));
        let rec = rec.unwrap_or_else(|e| panic!("{e}"));
        let texts = rec.texts();
        let keys: Vec<&str> = texts.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, FIELDS.iter().map(|f| f.key).collect::<Vec<_>>());
        let back = SchoolRecord::from_texts(|k| {
            texts.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default()
        });
        assert_eq!(back, rec);
        assert_eq!(rec.opened_on.as_deref(), Some("2001-09-01"));
    }
}
