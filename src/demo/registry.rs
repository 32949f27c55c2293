//! The demo's special-group registry and school designations (issue 17). Shaped by the
//! seeds: 留守 children are most of a registry (seed 002: 1,694 of them beside 301 disabled
//! children, each with a 一人一案), 平房区 has 10 冰球基点学校 (seed 004) and 逊克县 5 省级绿色学校
//! (seed 000). Names and numbers are synthetic, and the notes say so.

use super::{Rng, SURNAMES};
use crate::domain::codes::{ContactKind, Placement, TagLevel};
use crate::domain::id_number::check_char;
use crate::domain::registry::RegistryRecord;

/// A school the registry may place a child in: county, row id, grades it teaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrySchool {
    pub county: String,
    pub id: i64,
    pub grades: (i64, i64),
}

/// One registry child and its contacts (date, who, kind, note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoChild {
    pub county: String,
    pub record: RegistryRecord,
    pub contacts: Vec<(String, String, ContactKind, String)>,
}

/// One designation: the region that defines the tag, its name, note, and the schools (by
/// name) that hold it at `level` since `on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoTag {
    pub region: &'static str,
    pub name: &'static str,
    pub note: &'static str,
    pub level: TagLevel,
    pub on: &'static str,
    /// `None`: every open school of the region (up to `max`).
    pub schools: Option<&'static [&'static str]>,
    pub max: usize,
}

/// 平房区's 冰球基点学校 and 逊克县's 省级绿色学校.
pub const TAGS: &[DemoTag] = &[
    DemoTag {
        region: "230108",
        name: "冰球基点学校",
        note: "演示：seed 004 称全区有10所冰球基点学校；演示库学校较少，名单为示意",
        level: TagLevel::City,
        on: "2021-09-01",
        schools: None,
        max: 10,
    },
    DemoTag {
        region: "231123",
        name: "省级绿色学校",
        note: "演示：seed 000 称有5所省级绿色学校，名单为示意",
        level: TagLevel::Province,
        on: "2019-06-01",
        schools: Some(&["实验小学校", "民族中学校", "民族小学校", "农场学校", "克林镇中心学校"]),
        max: 5,
    },
    DemoTag {
        region: "231123",
        name: "劳动教育基地",
        note: "演示：seed 000 称有13个劳动教育/社会实践基地，名单为示意",
        level: TagLevel::County,
        on: "2022-03-01",
        schools: Some(&["农场学校", "克林镇中心学校", "干岔子乡中心小学"]),
        max: 3,
    },
];

const WORK_PLACES: &[&str] = &["浙江杭州", "北京", "广东深圳", "江苏苏州", "哈尔滨", "山东青岛", "大连", "天津"];
const GIVEN_CHILD: &[&str] = &["涵", "轩", "悦", "睿", "欣", "浩", "琪", "航", "彤", "宇"];
const GIVEN_ADULT: &[&str] = &["国", "华", "英", "兰", "平", "秀"];
const CARERS: &[&str] = &["王某华", "李某平", "张某英", "刘某兰", "陈某文", "赵某春"];
const PLANS: &[(Placement, &str)] = &[
    (Placement::Inclusive, "演示：随班就读，资源教师每周个别辅导两次，每学期评估一次"),
    (Placement::Inclusive, "演示：随班就读，配备助学伙伴，调整作业与考试方式"),
    (Placement::SpecialSchool, "演示：转入特殊教育学校寄宿就读，每月与家长沟通"),
    (Placement::HomeTeaching, "演示：重度残疾，每周送教上门两次，每次两课时"),
];

/// How many registry children each demo county gets (a few dozen).
const PER_COUNTY: (i64, i64) = (24, 40);

/// The registry of every county that has `schools`, plus the `linked` cases' children (each
/// as read from its case: who the child is and its groups, no contacts yet).
pub fn children(schools: &[RegistrySchool], linked: &[DemoChild]) -> Vec<DemoChild> {
    let mut rng = Rng::new(0x5E61_5751, 17);
    let mut counties: Vec<&str> = schools.iter().map(|s| s.county.as_str()).collect();
    counties.dedup();
    let mut out = Vec::new();
    for county in counties {
        let mine: Vec<&RegistrySchool> = schools.iter().filter(|s| s.county == county).collect();
        let n = rng.range(PER_COUNTY.0, PER_COUNTY.1);
        for i in 0..n {
            let Some(school) = mine.get(rng.below(mine.len() as u64) as usize) else { continue };
            out.push(child(&mut rng, school, i));
        }
        for l in linked.iter().filter(|l| l.county == county) {
            out.push(linked_child(&mut rng, l));
        }
    }
    out
}

fn name(rng: &mut Rng, given: &[&str]) -> String {
    format!("{}某{}", rng.pick(SURNAMES), rng.pick(given))
}

fn date(rng: &mut Rng, month_lo: i64, month_hi: i64) -> String {
    format!("2026-{:02}-{:02}", rng.range(month_lo, month_hi), rng.range(1, 28))
}

/// A synthetic ID number of `county`, born in `year`; sequence numbers from 800 up keep
/// clear of most demo cases' (which count up from 0 per birth date).
fn id_number(rng: &mut Rng, county: &str, year: i64, male: bool) -> String {
    let seq = rng.range(400, 499) * 2 + i64::from(male);
    let first17 =
        format!("{}{year}{:02}{:02}{seq:03}", county.get(..6).unwrap_or("230000"), rng.range(1, 12), rng.range(1, 28));
    format!("{first17}{}", check_char(first17.as_bytes()))
}

fn child(rng: &mut Rng, school: &RegistrySchool, index: i64) -> DemoChild {
    let roll = rng.below(100);
    let groups = match roll {
        0..=71 => "left_behind",
        72..=79 => "disabled",
        80..=85 => "migrant",
        86..=89 => "left_behind,hardship",
        90..=92 => "orphan",
        93..=95 => "unsupported",
        _ => "hardship",
    };
    let grade = rng.range(school.grades.0, school.grades.1);
    let male = rng.chance(520);
    let year = 2026 - 6 - grade;
    let carer = rng.pick(CARERS).to_string();
    let left_behind = groups.contains("left_behind") || groups == "migrant";
    let mut record = RegistryRecord {
        name: name(rng, GIVEN_CHILD),
        id_number: Some(id_number(rng, &school.county, year, male)),
        school_id: Some(school.id),
        grade: Some(grade),
        class_name: format!("{}班", rng.range(1, 4)),
        groups: groups.to_string(),
        guardian: name(rng, GIVEN_ADULT),
        guardian_relation: if left_behind {
            rng.pick(&["祖父", "祖母", "外祖母"])
        } else {
            rng.pick(&["父亲", "母亲"])
        }
        .to_string(),
        guardian_phone: format!("139{:08}", rng.range(10_000_000, 99_999_999)),
        parents_work: if left_behind { rng.pick(WORK_PLACES).to_string() } else { String::new() },
        carer: carer.clone(),
        address: format!("演示村{}组", rng.range(1, 9)),
        registered_on: date(rng, 9, 9),
        note: "演示数据".to_string(),
        ..RegistryRecord::default()
    };
    record.sex = Some(if male { "M" } else { "F" }.to_string());
    record.birth_date =
        record.id_number.as_ref().and_then(|i| i.get(6..14)).map(|d| {
            format!("{}-{}-{}", d.get(..4).unwrap_or(""), d.get(4..6).unwrap_or(""), d.get(6..8).unwrap_or(""))
        });
    let mut contacts = Vec::new();
    for _ in 0..rng.range(0, 3) {
        const KINDS: [ContactKind; 4] =
            [ContactKind::HomeVisit, ContactKind::Phone, ContactKind::Talk, ContactKind::FamilyCall];
        let kind = KINDS.get(rng.below(4) as usize).copied().unwrap_or(ContactKind::HomeVisit);
        contacts.push((date(rng, 9, 11), carer.clone(), kind, "演示：了解学习和生活情况".to_string()));
    }
    if groups == "disabled" {
        let (placement, plan) = PLANS.get((index as usize) % PLANS.len()).copied().unwrap_or(PLANS[0]);
        record.placement = Some(placement.code().to_string());
        record.plan = plan.to_string();
        contacts.push((date(rng, 10, 11), carer, ContactKind::Review, "演示：一人一案复核，维持安置".to_string()));
    }
    contacts.sort();
    DemoChild { county: school.county.clone(), record, contacts }
}

/// A child already in the ledger, registered in its groups: the two records link.
fn linked_child(rng: &mut Rng, l: &DemoChild) -> DemoChild {
    let carer = rng.pick(CARERS).to_string();
    let record = RegistryRecord {
        carer: carer.clone(),
        parents_work: rng.pick(WORK_PLACES).to_string(),
        registered_on: date(rng, 9, 9),
        note: "演示数据：该儿童同时在控辍台账中".to_string(),
        ..l.record.clone()
    };
    let contacts = vec![(date(rng, 10, 11), carer, ContactKind::HomeVisit, "演示：配合劝返家访".to_string())];
    DemoChild { county: l.county.clone(), record, contacts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_dozen_per_county_mostly_left_behind_and_valid_ids() {
        let schools: Vec<RegistrySchool> = ["231123", "230108"]
            .iter()
            .enumerate()
            .map(|(i, c)| RegistrySchool { county: c.to_string(), id: i as i64 + 1, grades: (1, 6) })
            .collect();
        let kids = children(&schools, &[]);
        for c in ["231123", "230108"] {
            let n = kids.iter().filter(|k| k.county == c).count() as i64;
            assert!((PER_COUNTY.0..=PER_COUNTY.1).contains(&n), "{c}: {n}");
        }
        let left = kids.iter().filter(|k| k.record.groups.contains("left_behind")).count();
        assert!(left * 2 > kids.len(), "留守 mostly");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        for k in &kids {
            let idn = k.record.id_number.clone().unwrap_or_default();
            assert!(crate::domain::id_number::parse(&idn, today).is_ok(), "{idn}");
            assert_eq!(k.record.placement.is_some(), k.record.groups == "disabled");
        }
    }
}
