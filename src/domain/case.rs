//! A ledger case as entered in the form, and every rule it must pass (docs/domain.md §4, §6).
//! Input arrives as text per field (from the form or an imported spreadsheet row); out
//! comes either a typed record or every field's error.

use super::case_status::CaseStatus;
use super::codes::{FamilyType, Reason};
use super::dates::{self, DateError};
use super::fields::{self, Field, Kind, Mask, Required};
use super::id_number::{self, IdError};
use super::person_name::{self, NameError};
use super::phone::{self, PhoneError};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Every field of a case, in the form's order: the one place a field is defined. The
/// form, the case view, validation dispatch, SQL (by column name), import headers, export
/// columns, audit labels and masking are all derived from this table.
pub const FIELDS: &[Field] = &[
    Field {
        kind: Kind::Name(40),
        required: Required::Always,
        synonyms: &["学生姓名", "儿童姓名"],
        ..Field::text("name", "姓名", "Name")
    },
    Field {
        kind: Kind::IdNumber,
        mask: Mask::Id,
        synonyms: &["身份证号码", "证件号码", "公民身份号码"],
        ..Field::text("id_number", "身份证号", "ID number")
    },
    Field { kind: Kind::Choice("sex"), ..Field::text("sex", "性别", "Sex") },
    // Masked to its year and month: the day would complete a masked ID number (§9).
    Field {
        kind: Kind::Date,
        mask: Mask::YearMonth,
        synonyms: &["出生年月日"],
        ..Field::text("birth_date", "出生日期", "Date of birth")
    },
    Field {
        kind: Kind::School,
        required: Required::Always,
        synonyms: &["学校名称", "就读学校", "所在学校"],
        ..Field::text("school_id", "学校", "School")
    },
    Field { kind: Kind::Choice("grade"), required: Required::Always, ..Field::text("grade", "年级", "Grade") },
    Field::text("class_name", "班级", "Class"),
    // `G` + the ID number: masked like it.
    Field {
        kind: Kind::Text(19),
        mask: Mask::Id,
        synonyms: &["全国学籍号", "学籍号码"],
        ..Field::text("student_no", "学籍号", "Student number")
    },
    Field {
        kind: Kind::Multi("family"),
        synonyms: &["特殊群体", "困难类型"],
        ..Field::text("family_types", "家庭类型", "Family type")
    },
    Field {
        kind: Kind::Date,
        required: Required::When(OUT_OF_SCHOOL),
        synonyms: &["辍学日期", "缺课开始日期", "辍学时间"],
        ..Field::text("absent_since", "辍学/缺课开始日期", "Absent since")
    },
    Field {
        kind: Kind::Choice("reason"),
        required: Required::When(OUT_OF_SCHOOL),
        synonyms: &["辍学原因"],
        ..Field::text("reason", "原因", "Reason")
    },
    Field {
        kind: Kind::Text(200),
        required: Required::When(REASON_OTHER),
        synonyms: &["具体原因"],
        ..Field::text("reason_text", "原因说明", "Reason details")
    },
    Field {
        kind: Kind::Name(50),
        required: Required::When(RESPONSIBLE),
        synonyms: &["包保责任人(政府)", "政府责任人", "政府包保责任人", "政府包保人"],
        ..Field::text("gov_person", "包保责任人（政府）", "Responsible (gov.)")
    },
    Field {
        kind: Kind::Phone,
        synonyms: &["政府包保人电话"],
        ..Field::text("gov_phone", "政府责任人电话", "Gov. phone")
    },
    Field {
        kind: Kind::Name(50),
        required: Required::When(RESPONSIBLE),
        synonyms: &["包保责任人(教育)", "教育责任人", "教育包保责任人", "教育包保人"],
        ..Field::text("edu_person", "包保责任人（教育）", "Responsible (edu.)")
    },
    Field {
        kind: Kind::Phone,
        synonyms: &["教育包保人电话"],
        ..Field::text("edu_phone", "教育责任人电话", "Edu. phone")
    },
    Field { kind: Kind::Name(50), synonyms: &["监护人姓名"], ..Field::text("guardian", "监护人", "Guardian") },
    Field {
        synonyms: &["监护人关系", "关系", "与学生关系"],
        ..Field::text("guardian_relation", "与儿童关系", "Relationship")
    },
    Field {
        kind: Kind::Phone,
        synonyms: &["联系电话", "监护人联系电话", "监护人手机"],
        ..Field::text("guardian_phone", "监护人电话", "Guardian phone")
    },
    Field {
        kind: Kind::IdNumber,
        mask: Mask::Id,
        synonyms: &["监护人身份证", "监护人证件号码"],
        ..Field::text("guardian_id_number", "监护人身份证号", "Guardian ID number")
    },
    Field {
        kind: Kind::Region,
        synonyms: &["户籍代码", "户籍行政区划代码"],
        ..Field::text("hukou_code", "户籍地代码", "Household reg. code")
    },
    Field {
        kind: Kind::Text(200),
        synonyms: &["户籍所在地", "户籍"],
        ..Field::text("hukou_text", "户籍地", "Household reg.")
    },
    Field {
        kind: Kind::Text(200),
        synonyms: &["家庭住址", "住址", "居住地址"],
        ..Field::text("address", "现住址", "Address")
    },
    Field {
        kind: Kind::Date,
        required: Required::Always,
        synonyms: &["登记时间"],
        ..Field::text("registered_on", "登记日期", "Registered on")
    },
    Field { kind: Kind::Note(fields::NOTE_MAX), ..Field::text("note", "备注", "Notes") },
];

/// `Required::When` rules: an out-of-school child needs the date and a reason; reason
/// "other" needs its text; a registered dropout names both responsible lines (双线).
const OUT_OF_SCHOOL: &str = "out_of_school";
const REASON_OTHER: &str = "reason_other";
const RESPONSIBLE: &str = "responsible";

/// The definition of case field `key`.
pub fn field(key: &str) -> Option<&'static Field> {
    fields::find(FIELDS, key)
}

/// A case's editable content, validated. The fields the app's rules read are typed; any
/// other field of [`FIELDS`] (checked by its kind only) is kept as text in `other`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseRecord {
    pub name: String,
    pub id_number: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub student_no: Option<String>,
    pub hukou_code: Option<String>,
    pub hukou_text: String,
    pub address: String,
    pub guardian: String,
    pub guardian_relation: String,
    pub guardian_phone: String,
    pub school_id: Option<i64>,
    pub grade: Option<i64>,
    pub class_name: String,
    pub family_types: Vec<FamilyType>,
    pub absent_since: Option<String>,
    pub reason: Option<Reason>,
    pub reason_text: String,
    pub gov_person: String,
    pub gov_phone: String,
    pub edu_person: String,
    pub edu_phone: String,
    pub registered_on: String,
    pub note: String,
    /// Fields without a typed member, by key.
    pub other: BTreeMap<&'static str, String>,
}

impl CaseRecord {
    /// Whether any personal field (docs/domain.md §9) holds a value: something to reveal.
    pub fn has_personal(&self) -> bool {
        FIELDS.iter().any(|f| f.is_personal() && !self.text(f.key).is_empty())
    }

    /// Every field as text, in [`FIELDS`] order (form values, audit old/new, export, SQL).
    pub fn texts(&self) -> Vec<(&'static str, String)> {
        FIELDS.iter().map(|f| (f.key, self.text(f.key))).collect()
    }

    /// One field as text ("" when empty or unknown).
    pub fn text(&self, key: &str) -> String {
        self.text_ref(key).into_owned()
    }

    /// [`CaseRecord::text`], borrowed where the record holds the text as it is.
    pub fn text_ref(&self, key: &str) -> Cow<'_, str> {
        self.typed_text(key).unwrap_or_else(|| Cow::Borrowed(self.other.get(key).map_or("", String::as_str)))
    }

    /// The typed members as text; `None` for a field kept in `other`.
    fn typed_text(&self, key: &str) -> Option<Cow<'_, str>> {
        fn s(v: &str) -> Cow<'_, str> {
            Cow::Borrowed(v)
        }
        fn o(v: &Option<String>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_deref().unwrap_or_default())
        }
        let n = |v: Option<i64>| Cow::Owned(v.map(|x| x.to_string()).unwrap_or_default());
        Some(match key {
            "name" => s(&self.name),
            "id_number" => o(&self.id_number),
            "sex" => o(&self.sex),
            "birth_date" => o(&self.birth_date),
            "student_no" => o(&self.student_no),
            "hukou_code" => o(&self.hukou_code),
            "hukou_text" => s(&self.hukou_text),
            "address" => s(&self.address),
            "guardian" => s(&self.guardian),
            "guardian_relation" => s(&self.guardian_relation),
            "guardian_phone" => s(&self.guardian_phone),
            "school_id" => n(self.school_id),
            "grade" => n(self.grade),
            "class_name" => s(&self.class_name),
            "family_types" => Cow::Owned(family_codes(&self.family_types)),
            "absent_since" => o(&self.absent_since),
            "reason" => Cow::Borrowed(self.reason.map(|r| r.code()).unwrap_or_default()),
            "reason_text" => s(&self.reason_text),
            "gov_person" => s(&self.gov_person),
            "gov_phone" => s(&self.gov_phone),
            "edu_person" => s(&self.edu_person),
            "edu_phone" => s(&self.edu_phone),
            "registered_on" => s(&self.registered_on),
            "note" => s(&self.note),
            _ => return None,
        })
    }

    /// The record holding `value(key)` for every field, as stored or as checked: no rule
    /// runs here (that is [`validate`]); what does not parse is left empty.
    pub fn from_texts(value: impl Fn(&str) -> String) -> CaseRecord {
        let opt = |k: &str| Some(value(k)).filter(|v| !v.is_empty());
        let mut rec = CaseRecord {
            name: value("name"),
            id_number: opt("id_number"),
            sex: opt("sex"),
            birth_date: opt("birth_date"),
            student_no: opt("student_no"),
            hukou_code: opt("hukou_code"),
            hukou_text: value("hukou_text"),
            address: value("address"),
            guardian: value("guardian"),
            guardian_relation: value("guardian_relation"),
            guardian_phone: value("guardian_phone"),
            school_id: value("school_id").parse().ok(),
            grade: value("grade").parse().ok(),
            class_name: value("class_name"),
            family_types: parse_family_codes(&value("family_types")).unwrap_or_default(),
            absent_since: opt("absent_since"),
            reason: Reason::from_code(&value("reason")),
            reason_text: value("reason_text"),
            gov_person: value("gov_person"),
            gov_phone: value("gov_phone"),
            edu_person: value("edu_person"),
            edu_phone: value("edu_phone"),
            registered_on: value("registered_on"),
            note: value("note"),
            other: BTreeMap::new(),
        };
        for f in FIELDS {
            if rec.typed_text(f.key).is_none() {
                rec.other.insert(f.key, value(f.key));
            }
        }
        rec
    }
}

/// Family types as stored: comma-separated codes in list order.
pub fn family_codes(types: &[FamilyType]) -> String {
    FamilyType::ALL.iter().filter(|t| types.contains(t)).map(|t| t.code()).collect::<Vec<_>>().join(",")
}

pub fn parse_family_codes(s: &str) -> Result<Vec<FamilyType>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| FamilyType::from_code(c).ok_or_else(|| c.to_string()))
        .collect()
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseError {
    Required,
    TooLong(usize),
    /// Not a person's name (a digit, an emoji, a stray mark).
    Name(NameError),
    Id(IdError),
    /// Sex differs from the ID number's; carries the ID's ('M'/'F').
    SexMismatch(&'static str),
    BadSex,
    /// Birth date differs from the ID number's; carries the ID's.
    BirthMismatch(String),
    Date(DateError),
    /// This date lies before `field`'s date.
    DateBefore(&'static str),
    Phone(PhoneError),
    StudentNo,
    /// The G-number's ID part differs from the ID number.
    StudentNoId,
    RegionCode,
    Grade,
    /// A whole number outside the field's range.
    Range(i64, i64),
    School,
    FamilyType(String),
    Reason,
}

/// The checker of a field's kind: the value as stored (normalised), or what is wrong.
/// An empty value passes here; whether it may be empty is the field's `required`.
pub(crate) fn check_kind(
    f: &Field,
    raw: &str,
    today: NaiveDate,
    school_exists: &dyn Fn(i64) -> bool,
) -> Result<String, CaseError> {
    if raw.is_empty() {
        return Ok(String::new());
    }
    f.check_length(raw).map_err(CaseError::TooLong)?;
    let raw: &str = &if f.takes_half_width() { fields::half_width(raw) } else { raw.into() };
    let date = |s: &str| dates::parse(s, today).map(|d| d.map(dates::iso).unwrap_or_default()).map_err(CaseError::Date);
    match f.kind {
        Kind::Name(_) => person_name::parse(raw).map_err(CaseError::Name),
        Kind::Text(_) | Kind::Note(_) | Kind::Derived | Kind::Real | Kind::Year => Ok(raw.to_string()),
        Kind::Int { min, max } => match raw.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(CaseError::Range(min, max)),
        },
        Kind::Choice("grade") => match raw.parse::<i64>() {
            Ok(g) if (1..=9).contains(&g) => Ok(g.to_string()),
            _ => Err(CaseError::Grade),
        },
        Kind::Date => date(raw),
        Kind::IdNumber => id_number::parse(raw, today).map(|id| id.text).map_err(CaseError::Id),
        Kind::Phone => phone::parse(raw).map_err(CaseError::Phone),
        Kind::Region => super::region::level_of(raw).map(|_| raw.to_string()).map_err(|_| CaseError::RegionCode),
        Kind::School => match raw.parse::<i64>() {
            Ok(id) if school_exists(id) => Ok(id.to_string()),
            _ => Err(CaseError::School),
        },
        Kind::Choice("sex") => match raw.to_uppercase().as_str() {
            "M" | "男" => Ok("M".into()),
            "F" | "女" => Ok("F".into()),
            _ => Err(CaseError::BadSex),
        },
        Kind::Choice("reason") => Reason::from_code(raw).map(|r| r.code().to_string()).ok_or(CaseError::Reason),
        Kind::Multi("family") => parse_family_codes(raw).map(|t| family_codes(&t)).map_err(CaseError::FamilyType),
        // No case field uses another list.
        Kind::Choice(_) | Kind::Multi(_) => Ok(raw.to_string()),
    }
}

/// The fields' texts as checked, in [`FIELDS`] order (a field whose check failed has
/// none). A list, not a map: thirty short keys are found faster by looking along them.
struct Checked(Vec<(&'static str, Option<String>)>);

impl Checked {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == key).and_then(|(_, v)| v.as_deref())
    }

    /// Field `key`'s text, "" when it has none.
    fn text(&self, key: &str) -> &str {
        self.get(key).unwrap_or_default()
    }

    fn set(&mut self, key: &'static str, text: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = Some(text),
            None => self.0.push((key, Some(text))),
        }
    }
}

/// Does a `Required::When` rule hold for a case in `status` with these checked texts?
fn required_when(rule: &str, status: CaseStatus, checked: &Checked) -> bool {
    match rule {
        OUT_OF_SCHOOL => status.is_out_of_school(),
        REASON_OTHER => checked.get("reason").is_some_and(|r| Reason::from_code(r) == Some(Reason::Other)),
        RESPONSIBLE => matches!(status, CaseStatus::Dropout | CaseStatus::Persuading),
        _ => false,
    }
}

/// Validates `value(field)` texts as of `today` for a case in `status`.
/// `school_exists` answers whether a school id refers to a real school.
/// Each field is checked by its kind and `required` (see [`FIELDS`]); the rules between
/// fields follow by hand.
pub fn validate(
    value: impl Fn(&str) -> String,
    status: CaseStatus,
    today: NaiveDate,
    school_exists: impl Fn(i64) -> bool,
) -> Result<CaseRecord, Vec<(&'static str, CaseError)>> {
    let mut errors: Vec<(&'static str, CaseError)> = Vec::new();
    let mut checked = Checked(Vec::with_capacity(FIELDS.len()));
    for f in FIELDS {
        let v = value(f.key);
        let raw = if matches!(f.kind, Kind::Note(_)) { v.trim_end() } else { v.trim() };
        match check_kind(f, raw, today, &school_exists) {
            Ok(text) => checked.0.push((f.key, Some(text))),
            Err(e) => {
                checked.0.push((f.key, None));
                errors.push((f.key, e));
            }
        }
    }
    let failed = |errors: &[(&str, CaseError)], key: &str| errors.iter().any(|(k, _)| *k == key);
    for f in FIELDS {
        let needed = match f.required {
            Required::Never => false,
            Required::Always => true,
            Required::When(rule) => required_when(rule, status, &checked),
        };
        if needed && checked.get(f.key).is_some_and(str::is_empty) && !failed(&errors, f.key) {
            errors.push((f.key, CaseError::Required));
        }
    }
    cross_field_rules(&mut checked, &mut errors, &value, today);
    if errors.is_empty() {
        Ok(CaseRecord::from_texts(|k| checked.text(k).to_string()))
    } else {
        Err(errors)
    }
}

/// The rules between fields: sex and birth date follow from the ID number; a G-student
/// number carries it; dates come in order (birth, absence, registration).
fn cross_field_rules(
    checked: &mut Checked,
    errors: &mut Vec<(&'static str, CaseError)>,
    value: &dyn Fn(&str) -> String,
    today: NaiveDate,
) {
    if let Ok(id) = id_number::parse(checked.text("id_number"), today) {
        let id_sex = if id.male { "M" } else { "F" };
        match checked.text("sex") {
            "" => checked.set("sex", id_sex.into()),
            s if s != id_sex => errors.push(("sex", CaseError::SexMismatch(id_sex))),
            _ => {}
        }
        let id_birth = dates::iso(id.birth_date);
        match checked.text("birth_date") {
            "" if !errors.iter().any(|(k, _)| *k == "birth_date") => checked.set("birth_date", id_birth),
            b if !b.is_empty() && b != id_birth => errors.push(("birth_date", CaseError::BirthMismatch(id_birth))),
            _ => {}
        }
    }

    // 学籍号: G + the ID number, or J/L + 18 letters and digits. Its shape's message
    // replaces the kind's (length) one.
    let student_no = fields::half_width(value("student_no").trim()).to_uppercase();
    if !student_no.is_empty() {
        let mut chars = student_no.chars();
        let letter = chars.next();
        let body = chars.as_str();
        let shape_ok = matches!(letter, Some('G' | 'J' | 'L'))
            && body.len() == 18
            && body.bytes().all(|b| b.is_ascii_alphanumeric());
        let idn = checked.text("id_number");
        if !shape_ok {
            errors.retain(|(k, _)| *k != "student_no");
            errors.push(("student_no", CaseError::StudentNo));
        } else if letter == Some('G') && !idn.is_empty() && body != idn {
            errors.push(("student_no", CaseError::StudentNoId));
        }
        checked.set("student_no", student_no);
    }

    let date = |k: &str| checked.get(k).and_then(dates::from_iso);
    let (birth, absent, registered) = (date("birth_date"), date("absent_since"), date("registered_on"));
    if let (Some(b), Some(a)) = (birth, absent) {
        if a < b {
            errors.push(("absent_since", CaseError::DateBefore("birth_date")));
        }
    }
    if let (Some(a), Some(r)) = (absent, registered) {
        if r < a {
            errors.push(("registered_on", CaseError::DateBefore("absent_since")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    fn valid() -> HashMap<&'static str, String> {
        let mut m = HashMap::new();
        m.insert("name", "张某伟".to_string());
        m.insert("id_number", with_check("11010120150301123"));
        m.insert("school_id", "1".to_string());
        m.insert("grade", "5".to_string());
        m.insert("absent_since", "2026-10-08".to_string());
        m.insert("registered_on", "2026-10-20".to_string());
        m.insert("reason", "learning".to_string());
        m.insert("gov_person", "李某".to_string());
        m.insert("edu_person", "王某".to_string());
        m
    }

    fn run(
        m: &HashMap<&'static str, String>,
        status: CaseStatus,
    ) -> Result<CaseRecord, Vec<(&'static str, CaseError)>> {
        validate(|k| m.get(k).cloned().unwrap_or_default(), status, today(), |id| id == 1)
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", id_number::check_char(first17.as_bytes()))
    }

    #[test]
    fn valid_case_derives_sex_and_birth() {
        let mut m = valid();
        m.insert("id_number", with_check("11010120150301123").to_lowercase());
        let r = run(&m, CaseStatus::Persuading).expect("valid");
        assert_eq!(r.sex.as_deref(), Some("M"));
        assert_eq!(r.birth_date.as_deref(), Some("2015-03-01"));
    }

    #[test]
    fn each_rule_has_its_error() {
        let id = with_check("11010120150301124"); // even sequence: female
        let (long_note, long_address) = ("很长".repeat(fields::NOTE_MAX), "很长".repeat(101));
        let cases: Vec<(&str, &str, CaseError)> = vec![
            ("name", "", CaseError::Required),
            ("id_number", "12345", CaseError::Id(IdError::Length(5))),
            ("sex", "男", CaseError::SexMismatch("F")),
            ("birth_date", "2015-03-02", CaseError::BirthMismatch("2015-03-01".into())),
            ("guardian_phone", "0451-123", CaseError::Phone(PhoneError::Format)),
            ("guardian_phone", "8123456", CaseError::Phone(PhoneError::NoAreaCode)),
            ("name", "赵😀", CaseError::Name(NameError::Character('😀', 2))),
            ("guardian", "王某1", CaseError::Name(NameError::Character('1', 3))),
            ("note", &long_note, CaseError::TooLong(fields::NOTE_MAX)),
            ("address", &long_address, CaseError::TooLong(200)),
            ("student_no", "X123", CaseError::StudentNo),
            ("student_no", "G110101201503011230", CaseError::StudentNoId),
            ("school_id", "99", CaseError::School),
            ("grade", "10", CaseError::Grade),
            ("absent_since", "2027-01-01", CaseError::Date(DateError::Future)),
            ("registered_on", "2026-10-01", CaseError::DateBefore("absent_since")),
            ("family_types", "orphan,nope", CaseError::FamilyType("nope".into())),
            ("reason", "", CaseError::Required),
            ("gov_person", "", CaseError::Required),
            ("hukou_code", "23112", CaseError::RegionCode),
        ];
        for (field, value, expected) in cases {
            let mut m = valid();
            m.insert("id_number", id.clone());
            m.insert(field, value.to_string());
            let errs = run(&m, CaseStatus::Persuading).expect_err(field);
            assert!(errs.contains(&(field, expected.clone())), "{field}={value}: {errs:?}");
        }
    }

    #[test]
    fn enrolled_children_need_no_reason() {
        let mut m = valid();
        m.remove("reason");
        m.remove("absent_since");
        m.remove("gov_person");
        assert!(run(&m, CaseStatus::Enrolled).is_ok());
    }
}
