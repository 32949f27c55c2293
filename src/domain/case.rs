//! A ledger case as entered in the form, and every rule it must pass (DOMAIN.md §4, §6).
//! Input arrives as text per field (from the form or an imported spreadsheet row); out
//! comes either a typed record or every field's error.

use super::case_status::CaseStatus;
use super::codes::{FamilyType, Reason};
use super::dates::{self, DateError};
use super::id_number::{self, IdError};
use chrono::NaiveDate;

/// The fields of a case that people type, by their stored column names.
pub const TEXT_FIELDS: &[&str] = &[
    "name",
    "id_number",
    "sex",
    "birth_date",
    "student_no",
    "hukou_code",
    "hukou_text",
    "address",
    "guardian",
    "guardian_relation",
    "guardian_phone",
    "school_id",
    "grade",
    "class_name",
    "family_types",
    "absent_since",
    "reason",
    "reason_text",
    "gov_person",
    "gov_phone",
    "edu_person",
    "edu_phone",
    "registered_on",
    "note",
];

/// A case's editable content, validated.
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
}

impl CaseRecord {
    /// Every field as text, in `TEXT_FIELDS` order (form values, audit old/new, export).
    pub fn texts(&self) -> Vec<(&'static str, String)> {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        vec![
            ("name", self.name.clone()),
            ("id_number", o(&self.id_number)),
            ("sex", o(&self.sex)),
            ("birth_date", o(&self.birth_date)),
            ("student_no", o(&self.student_no)),
            ("hukou_code", o(&self.hukou_code)),
            ("hukou_text", self.hukou_text.clone()),
            ("address", self.address.clone()),
            ("guardian", self.guardian.clone()),
            ("guardian_relation", self.guardian_relation.clone()),
            ("guardian_phone", self.guardian_phone.clone()),
            ("school_id", n(self.school_id)),
            ("grade", n(self.grade)),
            ("class_name", self.class_name.clone()),
            ("family_types", family_codes(&self.family_types)),
            ("absent_since", o(&self.absent_since)),
            ("reason", self.reason.map(|r| r.code().to_string()).unwrap_or_default()),
            ("reason_text", self.reason_text.clone()),
            ("gov_person", self.gov_person.clone()),
            ("gov_phone", self.gov_phone.clone()),
            ("edu_person", self.edu_person.clone()),
            ("edu_phone", self.edu_phone.clone()),
            ("registered_on", self.registered_on.clone()),
            ("note", self.note.clone()),
        ]
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
    Id(IdError),
    /// Sex differs from the ID number's; carries the ID's ('M'/'F').
    SexMismatch(&'static str),
    BadSex,
    /// Birth date differs from the ID number's; carries the ID's.
    BirthMismatch(String),
    Date(DateError),
    /// This date lies before `field`'s date.
    DateBefore(&'static str),
    Phone,
    StudentNo,
    /// The G-number's ID part differs from the ID number.
    StudentNoId,
    RegionCode,
    Grade,
    School,
    FamilyType(String),
    Reason,
}

fn mobile_ok(s: &str) -> bool {
    s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit())
}

/// Validates `value(field)` texts as of `today` for a case in `status`.
/// `school_exists` answers whether a school id refers to a real school.
pub fn validate(
    value: impl Fn(&str) -> String,
    status: CaseStatus,
    today: NaiveDate,
    school_exists: impl Fn(i64) -> bool,
) -> Result<CaseRecord, Vec<(&'static str, CaseError)>> {
    let mut errors: Vec<(&'static str, CaseError)> = Vec::new();
    let v = |k: &str| value(k).trim().to_string();
    let mut rec = CaseRecord {
        name: v("name"),
        hukou_text: v("hukou_text"),
        address: v("address"),
        guardian: v("guardian"),
        guardian_relation: v("guardian_relation"),
        guardian_phone: v("guardian_phone"),
        class_name: v("class_name"),
        reason_text: v("reason_text"),
        gov_person: v("gov_person"),
        gov_phone: v("gov_phone"),
        edu_person: v("edu_person"),
        edu_phone: v("edu_phone"),
        note: value("note").trim_end().to_string(),
        ..CaseRecord::default()
    };
    if rec.name.is_empty() {
        errors.push(("name", CaseError::Required));
    } else if rec.name.chars().count() > 20 {
        errors.push(("name", CaseError::TooLong(20)));
    }

    // ID number first: sex and birth date follow from it.
    let id = match v("id_number").as_str() {
        "" => None,
        raw => match id_number::parse(raw, today) {
            Ok(id) => Some(id),
            Err(e) => {
                errors.push(("id_number", CaseError::Id(e)));
                None
            }
        },
    };
    let sex_in = v("sex").to_uppercase();
    let sex_in = match sex_in.as_str() {
        "" => None,
        "M" | "男" => Some("M"),
        "F" | "女" => Some("F"),
        _ => {
            errors.push(("sex", CaseError::BadSex));
            None
        }
    };
    let birth_in = match dates::parse(&v("birth_date"), today) {
        Ok(d) => d,
        Err(e) => {
            errors.push(("birth_date", CaseError::Date(e)));
            None
        }
    };
    let mut birth = birth_in;
    if let Some(id) = &id {
        let id_sex = if id.male { "M" } else { "F" };
        match sex_in {
            Some(s) if s != id_sex => errors.push(("sex", CaseError::SexMismatch(id_sex))),
            _ => rec.sex = Some(id_sex.to_string()),
        }
        match birth_in {
            Some(b) if b != id.birth_date => {
                errors.push(("birth_date", CaseError::BirthMismatch(dates::iso(id.birth_date))))
            }
            _ => birth = Some(id.birth_date),
        }
        rec.id_number = Some(id.text.clone());
    } else {
        rec.sex = sex_in.map(str::to_string);
    }
    rec.birth_date = birth.map(dates::iso);

    let student_no = v("student_no").to_uppercase();
    if !student_no.is_empty() {
        let body = &student_no[1..];
        let ok_shape = body.len() == 18 && body.bytes().all(|b| b.is_ascii_alphanumeric());
        match student_no.chars().next() {
            Some('G') if ok_shape => {
                if let Some(idn) = &rec.id_number {
                    if body != idn {
                        errors.push(("student_no", CaseError::StudentNoId));
                    }
                }
            }
            Some('J' | 'L') if ok_shape => {}
            _ => errors.push(("student_no", CaseError::StudentNo)),
        }
        rec.student_no = Some(student_no);
    }

    let hukou = v("hukou_code");
    if !hukou.is_empty() {
        if super::region::level_of(&hukou).is_err() {
            errors.push(("hukou_code", CaseError::RegionCode));
        }
        rec.hukou_code = Some(hukou);
    }
    for key in ["guardian_phone", "gov_phone", "edu_phone"] {
        let p = v(key);
        if !p.is_empty() && !mobile_ok(&p) {
            errors.push((key, CaseError::Phone));
        }
    }

    match v("school_id").parse::<i64>() {
        Ok(id) if school_exists(id) => rec.school_id = Some(id),
        Ok(_) => errors.push(("school_id", CaseError::School)),
        Err(_) if v("school_id").is_empty() => errors.push(("school_id", CaseError::Required)),
        Err(_) => errors.push(("school_id", CaseError::School)),
    }
    match v("grade").parse::<i64>() {
        Ok(g) if (1..=9).contains(&g) => rec.grade = Some(g),
        _ if v("grade").is_empty() => errors.push(("grade", CaseError::Required)),
        _ => errors.push(("grade", CaseError::Grade)),
    }
    match parse_family_codes(&v("family_types")) {
        Ok(t) => rec.family_types = t,
        Err(bad) => errors.push(("family_types", CaseError::FamilyType(bad))),
    }

    let date_field = |key: &'static str, errors: &mut Vec<(&'static str, CaseError)>| match dates::parse(&v(key), today)
    {
        Ok(d) => d,
        Err(e) => {
            errors.push((key, CaseError::Date(e)));
            None
        }
    };
    let absent = date_field("absent_since", &mut errors);
    let registered = date_field("registered_on", &mut errors);
    if registered.is_none() && !errors.iter().any(|(k, _)| *k == "registered_on") {
        errors.push(("registered_on", CaseError::Required));
    }
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
    rec.absent_since = absent.map(dates::iso);
    rec.registered_on = registered.map(dates::iso).unwrap_or_default();

    match v("reason").as_str() {
        "" => {}
        code => match Reason::from_code(code) {
            Some(r) => rec.reason = Some(r),
            None => errors.push(("reason", CaseError::Reason)),
        },
    }
    // Required per status: an out-of-school child needs the date and a reason; a registered
    // dropout also names both responsible lines (双线).
    if status.is_out_of_school() {
        if absent.is_none() && !errors.iter().any(|(k, _)| *k == "absent_since") {
            errors.push(("absent_since", CaseError::Required));
        }
        if rec.reason.is_none() && !errors.iter().any(|(k, _)| *k == "reason") {
            errors.push(("reason", CaseError::Required));
        }
    }
    if rec.reason == Some(Reason::Other) && rec.reason_text.is_empty() {
        errors.push(("reason_text", CaseError::Required));
    }
    if matches!(status, CaseStatus::Dropout | CaseStatus::Persuading) {
        for key in ["gov_person", "edu_person"] {
            if v(key).is_empty() {
                errors.push((key, CaseError::Required));
            }
        }
    }
    if errors.is_empty() {
        Ok(rec)
    } else {
        Err(errors)
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
        let cases: Vec<(&str, &str, CaseError)> = vec![
            ("name", "", CaseError::Required),
            ("id_number", "12345", CaseError::Id(IdError::Length(5))),
            ("sex", "男", CaseError::SexMismatch("F")),
            ("birth_date", "2015-03-02", CaseError::BirthMismatch("2015-03-01".into())),
            ("guardian_phone", "0451-1234567", CaseError::Phone),
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
