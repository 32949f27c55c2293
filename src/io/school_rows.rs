//! Schools from a spreadsheet: the columns we recognise, and each row checked with the
//! school form's rules (`domain::school_rules::validate`) plus what only a file can get
//! wrong (an unknown type or location label, a county code that is not a county).

use super::read::FieldSpec;
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::school_rules::{self, SchoolRecord};
use crate::i18n::io::X;
use crate::i18n::schools::school_error;
use crate::i18n::{fill, Label};

/// The columns of a school file. The first header of each is the one exports write.
pub const SCHOOL_FIELDS: &[FieldSpec] = &[
    FieldSpec { key: "name", headers: &["学校名称", "学校", "校名", "School"] },
    FieldSpec { key: "school_code", headers: &["学校标识码", "学校代码", "标识码", "School code"] },
    FieldSpec {
        key: "county", headers: &["所属县代码", "县区代码", "区县代码", "行政区划代码", "County code"]
    },
    FieldSpec { key: "kind", headers: &["办学类型", "学校类型", "类型", "Type"] },
    FieldSpec { key: "location", headers: &["城乡类型", "城乡", "城乡分类", "所在地类型", "Location"] },
    FieldSpec { key: "students", headers: &["在校生数", "学生数", "在校生", "Students"] },
    FieldSpec { key: "primary_students", headers: &["小学段学生数", "小学学生数", "Primary students"] },
    FieldSpec { key: "junior_students", headers: &["初中段学生数", "初中学生数", "Junior students"] },
    FieldSpec { key: "classes", headers: &["班级数", "班数", "Classes"] },
    FieldSpec { key: "largest_class", headers: &["最大班额", "Largest class"] },
    FieldSpec { key: "boarding_students", headers: &["寄宿生数", "住校生数", "Boarding students"] },
    FieldSpec { key: "teachers", headers: &["教师数", "专任教师数", "Teachers"] },
    FieldSpec { key: "degree_teachers", headers: &["高于规定学历教师数", "Teachers above required degree"] },
    FieldSpec {
        key: "backbone_teachers", headers: &["县级以上骨干教师数", "骨干教师数", "Backbone teachers"]
    },
    FieldSpec {
        key: "pe_arts_teachers", headers: &["体育艺术教师数", "音体美教师数", "PE and arts teachers"]
    },
    FieldSpec { key: "building_m2", headers: &["教学及辅助用房面积", "校舍面积", "Building m2"] },
    FieldSpec { key: "sports_m2", headers: &["体育运动场馆面积", "运动场地面积", "Sports m2"] },
    FieldSpec { key: "equipment_yuan", headers: &["教学仪器设备值", "仪器设备值", "Equipment yuan"] },
    FieldSpec {
        key: "multimedia_rooms", headers: &["网络多媒体教室数", "多媒体教室数", "Multimedia rooms"]
    },
    FieldSpec { key: "opened_on", headers: &["建校日期", "开办日期", "Opened on"] },
    FieldSpec { key: "note", headers: &["备注", "Note"] },
];

/// A school row that passed every rule, and the county it goes into.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRow {
    pub county_code: String,
    pub rec: SchoolRecord,
}

impl std::ops::Deref for SchoolRow {
    type Target = SchoolRecord;
    fn deref(&self) -> &SchoolRecord {
        &self.rec
    }
}

/// A column's label when the file has no such column.
pub fn label(key: &str) -> &'static str {
    match key {
        "county" => X::HeaderCounty.s(),
        k => crate::i18n::schools::field_label(k),
    }
}

fn parse_kind(s: &str) -> Option<SchoolKind> {
    SchoolKind::from_code(s).or_else(|| SchoolKind::ALL.iter().copied().find(|k| k.label() == s))
}

fn parse_location(s: &str) -> Option<Location> {
    Location::from_code(s)
        .or_else(|| Location::ALL.iter().copied().find(|k| k.label() == s || k.label().trim_end_matches('区') == s))
}

fn list<T: Label + Copy>(all: &[T]) -> String {
    all.iter().map(|k| k.label()).collect::<Vec<_>>().join(crate::i18n::T::ListSep.s())
}

/// Checks one row given `raw(field)` texts. `county` is `--county`, used when the file has
/// no county column (or leaves it empty).
pub fn check(
    raw: &dyn Fn(&str) -> String,
    county: Option<&str>,
    county_exists: impl Fn(&str) -> bool,
) -> Result<SchoolRow, Vec<(&'static str, String)>> {
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let required = crate::i18n::schools::S::ErrRequired.s().to_string();
    let kind = match raw("kind") {
        k if k.is_empty() => {
            errors.push(("kind", required.clone()));
            None
        }
        k => parse_kind(&k).or_else(|| {
            errors.push(("kind", fill(X::UnknownChoice.s(), &[&list(SchoolKind::ALL)])));
            None
        }),
    };
    let location = match raw("location") {
        l if l.is_empty() => {
            errors.push(("location", required.clone()));
            None
        }
        l => parse_location(&l).or_else(|| {
            errors.push(("location", fill(X::UnknownChoice.s(), &[&list(Location::ALL)])));
            None
        }),
    };
    let county_code = match (raw("county"), county) {
        (c, _) if !c.is_empty() => c,
        (_, Some(c)) => c.to_string(),
        _ => String::new(),
    };
    if county_code.is_empty() {
        errors.push(("county", required));
    } else if !county_exists(&county_code) {
        errors.push(("county", fill(X::CountyUnknown.s(), &[&county_code])));
    }
    let today = crate::db::today();
    let value = |key: &str| -> String {
        match key {
            "kind" => kind.map(|k| k.code().to_string()).unwrap_or_default(),
            "location" => location.map(|l| l.code().to_string()).unwrap_or_default(),
            "closed_on" | "merged_into" => String::new(),
            k => raw(k),
        }
    };
    match school_rules::validate(value, today, None, |_| false) {
        Ok(rec) if errors.is_empty() => Ok(SchoolRow { county_code, rec }),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more.into_iter().map(|(k, e)| (k, school_error(&e))));
            Err(errors)
        }
    }
}
