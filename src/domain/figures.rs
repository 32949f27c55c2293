//! The evaluation's entered figures as records: cohorts (巩固率), school-age disabled
//! children, teacher rotations (交流轮岗), enrolment by school and stage (辍学率) and classes
//! by size band (班额, 大班额). Each is a table of fields (labels, synonyms:
//! the import's header mapping and the export template come from it) and a check of one
//! row's texts. Pure: the county and school look-ups are the caller's.

use super::fields::{Field, Kind, Required};
use super::rates::CohortStage;

super::codes::code_enum!(
    /// What kind of figures a file holds; the code is its command-line name
    /// (`taizhang import cohorts`).
    Figures {
        Cohorts => "cohorts", Disabled => "disabled", Rotations => "rotations", Enrolment => "enrolment",
        Classes => "classes",
    }
);

impl Figures {
    /// Whether a row names one school (the rest are the county's).
    pub fn per_school(self) -> bool {
        matches!(self, Figures::Rotations | Figures::Enrolment | Figures::Classes)
    }
}

const fn int(key: &'static str, zh: &'static str, en: &'static str, synonyms: &'static [&'static str]) -> Field {
    Field { kind: Kind::Int { min: 0, max: 10_000_000 }, synonyms, ..Field::text(key, zh, en) }
}

const fn required(f: Field) -> Field {
    Field { required: Required::Always, ..f }
}

pub const COUNTY: Field = Field {
    kind: Kind::Region,
    required: Required::Always,
    synonyms: &["县区代码", "区县代码", "行政区划代码", "县代码"],
    ..Field::text("county", "所属县代码", "County code")
};
pub const YEAR: Field = Field {
    kind: Kind::Year,
    required: Required::Always,
    synonyms: &["届别", "年份", "届"],
    ..Field::text("year", "年度", "Year")
};

pub const COHORT_FIELDS: &[Field] = &[
    COUNTY,
    YEAR,
    Field {
        kind: Kind::Choice("cohort_stage"),
        required: Required::Always,
        synonyms: &["类别", "巩固率类别"],
        ..Field::text("stage", "学段", "Stage")
    },
    required(int("entry_enrolment", "入学时在校生", "Entry enrolment", &["入学人数", "起始年级人数"])),
    required(int("transfers_in", "转入", "Transfers in", &["转入人数"])),
    required(int("transfers_out", "转出", "Transfers out", &["转出人数"])),
    required(int("deaths", "死亡", "Deaths", &["死亡人数"])),
    required(int("graduates", "毕业生", "Graduates", &["毕业人数", "毕业生数"])),
];

pub const DISABLED_FIELDS: &[Field] = &[
    COUNTY,
    required(int(
        "disabled_children",
        "适龄残疾儿童数",
        "School-age disabled children",
        &["适龄残疾儿童少年数", "残疾儿童数"],
    )),
    int("disabled_inclusive", "随班就读", "Inclusive classes", &["随班就读人数"]),
    int("disabled_special_school", "特教学校就读", "In special schools", &["特教学校", "特殊教育学校就读"]),
    int("disabled_home_teaching", "送教上门", "Home teaching", &["送教上门人数"]),
];

pub const ROTATION_FIELDS: &[Field] = &[
    COUNTY,
    YEAR,
    Field {
        synonyms: &["学校名称", "学校标识码"],
        ..Field::text("school", "学校（空：全县）", "School (empty: county-wide)")
    },
    required(int("eligible_teachers", "应交流教师", "Eligible teachers", &["应交流人数", "符合条件教师"])),
    required(int("rotated_teachers", "交流教师", "Rotated teachers", &["交流人数", "轮岗人数", "实际交流"])),
    int("rotated_backbone", "其中骨干", "Of whom backbone", &["骨干教师交流", "交流骨干"]),
    int("eligible_cadres", "应交流校长中层", "Eligible principals and cadres", &["应交流校长"]),
    int("rotated_cadres", "交流校长中层", "Rotated principals and cadres", &["交流校长"]),
    Field { kind: Kind::Note(super::fields::NOTE_MAX), ..Field::text("note", "备注", "Note") },
];

const SCHOOL: Field = Field {
    required: Required::Always,
    synonyms: &["学校名称", "学校标识码", "学校代码"],
    ..Field::text("school", "学校", "School")
};
const SCHOOL_STAGE: Field = Field {
    kind: Kind::Choice("school_stage"),
    required: Required::Always,
    synonyms: &["学段", "小学/初中"],
    ..Field::text("stage", "学段", "Stage")
};

pub const ENROLMENT_FIELDS: &[Field] = &[
    COUNTY,
    YEAR,
    SCHOOL,
    SCHOOL_STAGE,
    required(int("students", "在校生数", "Pupils enrolled", &["在校生", "学生数", "在校学生数"])),
];

/// The size bands of [`CLASS_FIELDS`], in order: the band's field key and its largest size
/// (`None`: no upper bound).
pub const CLASS_BANDS: [(&str, Option<i64>); 5] = [
    ("up_to_45", Some(45)),
    ("from_46_to_50", Some(50)),
    ("from_51_to_55", Some(55)),
    ("from_56_to_65", Some(65)),
    ("over_65", None),
];

pub const CLASS_FIELDS: &[Field] = &[
    COUNTY,
    YEAR,
    SCHOOL,
    SCHOOL_STAGE,
    required(int("up_to_45", "45人及以下班数", "Classes of 45 or fewer", &["45人以下", "≤45人"])),
    required(int("from_46_to_50", "46-50人班数", "Classes of 46-50", &["46-50人", "46至50人"])),
    required(int("from_51_to_55", "51-55人班数", "Classes of 51-55", &["51-55人", "51至55人"])),
    required(int(
        "from_56_to_65",
        "56-65人班数（大班额）",
        "Classes of 56-65 (large)",
        &["56-65人班数", "56-65人", "大班额"],
    )),
    required(int(
        "over_65",
        "66人及以上班数（超大班额）",
        "Classes of 66+ (very large)",
        &["66人及以上班数", "66人以上班数", "66人以上", "超大班额"],
    )),
];

impl Figures {
    pub fn fields(self) -> &'static [Field] {
        match self {
            Figures::Cohorts => COHORT_FIELDS,
            Figures::Disabled => DISABLED_FIELDS,
            Figures::Rotations => ROTATION_FIELDS,
            Figures::Enrolment => ENROLMENT_FIELDS,
            Figures::Classes => CLASS_FIELDS,
        }
    }
}

/// `初中` / `junior` / `初中三年`, `九年` / `nine_year`.
pub fn parse_stage(s: &str) -> Option<CohortStage> {
    match s.trim().to_lowercase().as_str() {
        "初中" | "初中三年" | "初中三年巩固率" | "junior" => Some(CohortStage::Junior),
        "九年" | "九年巩固率" | "义务教育" | "nine_year" | "nine-year" | "9" => Some(CohortStage::NineYear),
        _ => CohortStage::from_code(s.trim()),
    }
}

/// `小学` / `primary`, `初中` / `junior`: the stage of an enrolment or class row.
pub fn parse_school_stage(s: &str) -> Option<super::indicators::Stage> {
    use super::indicators::Stage;
    match s.trim().to_lowercase().as_str() {
        "小学" | "primary" => Some(Stage::Primary),
        "初中" | "junior" => Some(Stage::Junior),
        _ => None,
    }
}

/// The stored code of a school stage.
pub fn school_stage_code(s: super::indicators::Stage) -> &'static str {
    match s {
        super::indicators::Stage::Primary => "primary",
        super::indicators::Stage::Junior => "junior",
    }
}

/// What is wrong with one value of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureError {
    Required,
    NotACount,
    BadYear,
    BadStage,
    /// Not 小学 / 初中.
    BadSchoolStage,
    /// More than the figure it is part of (rotated > eligible, 骨干 > rotated …): that field's key.
    MoreThan(&'static str),
}

/// A whole number ≥ 0 from a cell (`1,234` and `1234.0` as spreadsheets write them).
pub fn parse_count(s: &str) -> Option<i64> {
    let t: String = s.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
    let t = t.strip_suffix(".0").unwrap_or(&t);
    t.parse::<i64>().ok().filter(|n| *n >= 0)
}

/// A year between 1990 and `this_year + 1` (a plan may name next year).
pub fn parse_year(s: &str, this_year: i32) -> Option<i32> {
    let t = s.trim().trim_end_matches(['届', '年']);
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse::<i32>().ok().filter(|y| (1990..=this_year + 1).contains(y))
}

/// Checks a row's texts (field key → text) against `fields`: required ones present, counts
/// whole and ≥ 0, years plausible, stages known, parts not above their whole. Returns the
/// problems as (field key, what is wrong).
pub fn check(fields: &[Field], get: &dyn Fn(&str) -> String, this_year: i32) -> Vec<(&'static str, FigureError)> {
    let mut out = Vec::new();
    for f in fields {
        let v = get(f.key);
        if v.trim().is_empty() {
            if f.required == Required::Always {
                out.push((f.key, FigureError::Required));
            }
            continue;
        }
        let bad = match f.kind {
            Kind::Int { .. } => parse_count(&v).is_none().then_some(FigureError::NotACount),
            Kind::Year => parse_year(&v, this_year).is_none().then_some(FigureError::BadYear),
            Kind::Choice("cohort_stage") => parse_stage(&v).is_none().then_some(FigureError::BadStage),
            Kind::Choice("school_stage") => parse_school_stage(&v).is_none().then_some(FigureError::BadSchoolStage),
            _ => None,
        };
        if let Some(e) = bad {
            out.push((f.key, e));
        }
    }
    // A part may not exceed its whole.
    for (part, whole) in [
        ("rotated_teachers", "eligible_teachers"),
        ("rotated_backbone", "rotated_teachers"),
        ("rotated_cadres", "eligible_cadres"),
    ] {
        if !fields.iter().any(|f| f.key == part) {
            continue;
        }
        if let (Some(p), Some(w)) = (parse_count(&get(part)), parse_count(&get(whole))) {
            if p > w {
                out.push((part, FigureError::MoreThan(whole)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> String {
        move |k| pairs.iter().find(|(a, _)| *a == k).map(|(_, v)| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn rotation_rows_are_checked() {
        let ok = row(&[
            ("county", "231123"),
            ("year", "2026"),
            ("eligible_teachers", "200"),
            ("rotated_teachers", "26"),
            ("rotated_backbone", "6"),
        ]);
        assert!(check(ROTATION_FIELDS, &ok, 2026).is_empty());
        let bad = row(&[
            ("county", "231123"),
            ("year", "2026"),
            ("eligible_teachers", "20"),
            ("rotated_teachers", "26"),
            ("rotated_backbone", "x"),
        ]);
        assert_eq!(
            check(ROTATION_FIELDS, &bad, 2026),
            vec![
                ("rotated_backbone", FigureError::NotACount),
                ("rotated_teachers", FigureError::MoreThan("eligible_teachers"))
            ]
        );
    }

    #[test]
    fn cohort_rows_are_checked() {
        let bad = row(&[("county", "231123"), ("year", "2031"), ("stage", "高中"), ("entry_enrolment", "-1")]);
        let keys: Vec<&str> = check(COHORT_FIELDS, &bad, 2026).iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            vec!["year", "stage", "entry_enrolment", "transfers_in", "transfers_out", "deaths", "graduates"]
        );
        assert_eq!(parse_year("2026届", 2026), Some(2026));
        assert_eq!(parse_count("1,234"), Some(1234));
    }
}
