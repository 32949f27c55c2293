//! Schools from a spreadsheet: the columns we recognise, and each row checked with the
//! school form's rules (`domain::school_rules::validate`) plus what only a file can get
//! wrong (an unknown type or location label, a county code that is not a county).

use super::read::{self, normalise_header, Mapping};
use crate::domain::codes::{Location, SchoolKind};
use crate::domain::fields::{Field, Kind, Required};
use crate::domain::school_rules::{self, SchoolRecord, FIELDS};
use crate::i18n::io::X;
use crate::i18n::schools::school_error;
use crate::i18n::{fill, Label};

/// The county column of a school file. Not a field of the school's form: a school is
/// created inside its county (or `--county` names it for a file without the column).
pub const COUNTY: Field = Field {
    kind: Kind::Region,
    required: Required::Always,
    synonyms: &["县区代码", "区县代码", "行政区划代码"],
    ..Field::text("county", "所属县代码", "County code")
};

/// The columns of a school file, in export order: the school's exported fields, with the
/// county after the 学校标识码.
pub fn columns() -> Vec<&'static Field> {
    let mut cols: Vec<&'static Field> = FIELDS.iter().filter(|f| f.export).collect();
    let at = cols.iter().position(|f| f.key == "school_code").map_or(cols.len(), |i| i + 1);
    cols.insert(at, &COUNTY);
    cols
}

/// Every header that names `f`: its labels, then its synonyms.
fn names(f: &Field) -> impl Iterator<Item = &'static str> {
    [f.zh, f.en].into_iter().chain(f.synonyms.iter().copied())
}

/// Which school column each header of a file is (by label, synonym or key).
pub fn map_headers(headers: &[String]) -> Mapping {
    let cols = columns();
    read::map_headers_by(headers, |n| {
        cols.iter().find(|f| f.key == n || names(f).any(|h| normalise_header(h) == n)).map(|f| f.key)
    })
}

/// The required columns a file lacks, each as a few of the headers that would name it.
/// The county is not needed when `--county` gives it.
pub fn missing_columns(m: &Mapping, have_county: bool) -> Vec<String> {
    // The school's own fields first, then where it lies.
    FIELDS
        .iter()
        .filter(|f| f.export)
        .chain([&COUNTY])
        .filter(|f| f.required == Required::Always && !m.has(f.key))
        .filter(|f| !(have_county && f.key == COUNTY.key))
        .map(|f| [f.zh].into_iter().chain(f.synonyms.iter().copied()).take(3).collect::<Vec<_>>().join(" / "))
        .collect()
}

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
pub fn label(key: &str) -> &str {
    if key == COUNTY.key {
        crate::i18n::schools::label(&COUNTY)
    } else {
        crate::i18n::schools::field_label(key)
    }
}

pub fn parse_kind(s: &str) -> Option<SchoolKind> {
    SchoolKind::from_code(s).or_else(|| SchoolKind::ALL.iter().copied().find(|k| k.names().contains(&s)))
}

pub fn parse_location(s: &str) -> Option<Location> {
    Location::from_code(s).or_else(|| {
        Location::ALL.iter().copied().find(|k| k.names().iter().any(|n| *n == s || n.trim_end_matches('区') == s))
    })
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
            // A type or location this file got wrong is said once, in the file's terms.
            let more: Vec<_> = more.into_iter().filter(|(k, _)| !errors.iter().any(|(e, _)| e == k)).collect();
            errors.extend(more.into_iter().map(|(k, e)| (k, school_error(&e))));
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(headers: &[&str]) -> Vec<&'static str> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        map_headers(&headers).columns.into_iter().map(|(_, k)| k).collect()
    }

    /// Other spreadsheets' headers (and this program's older exports) still find their
    /// columns: the synonyms of the table.
    #[test]
    fn synonyms_and_labels_map_to_fields() {
        let keys = mapped(&[
            "校名",
            "学校代码",
            "行政区划代码",
            "办学类型",
            "城乡类型",
            "学生数",
            "小学段学生数",
            "教学及辅助用房面积",
            "Multimedia rooms",
            " 备注* ",
        ]);
        let expected = [
            "name",
            "school_code",
            "county",
            "kind",
            "location",
            "students",
            "primary_students",
            "building_m2",
            "multimedia_rooms",
            "note",
        ];
        assert_eq!(keys, expected);
        // The form's own labels, in either language, and the keys themselves.
        assert_eq!(
            mapped(&["其中初中段", "Largest class", "opened_on"]),
            ["junior_students", "largest_class", "opened_on"]
        );
        // Closing and merging are not columns of a file.
        assert!(mapped(&["撤并日期", "并入学校"]).is_empty());
    }

    /// The headers an export writes are read back as the same columns, in order.
    #[test]
    fn export_headers_read_back() {
        let cols = columns();
        for lang in [|f: &Field| f.zh, |f: &Field| f.en] {
            let headers: Vec<&str> = cols.iter().map(|f| lang(f)).collect();
            assert_eq!(mapped(&headers), cols.iter().map(|f| f.key).collect::<Vec<_>>());
        }
        assert_eq!(cols.get(2).map(|f| f.key), Some("county"), "the county follows the 学校标识码");
    }

    #[test]
    fn required_columns_are_named_when_missing() {
        let m = map_headers(&["学校名称".to_string()]);
        assert_eq!(
            missing_columns(&m, false),
            ["学校类型 / 办学类型 / 类型", "城乡分类 / 城乡类型 / 城乡", "所属县代码 / 县区代码 / 区县代码"]
        );
        assert_eq!(missing_columns(&m, true).len(), 2, "--county stands for the county column");
    }
}
