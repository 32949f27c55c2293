//! The demo's evaluation inputs: teacher rotations per county and year, and the hand items
//! of the self-evaluation sheet. Shaped by the seeds: 逊克县 rotates 13 % of its eligible
//! teachers, 平房区 45 % of its principals and cadres. 平房区 (先行创建) has every hand
//! item confirmed as met; 逊克县 (创建中) misses one item of each section besides its
//! resources: 优质高中指标到校 40 %, quality monitoring below level III and 82 % satisfied.
//! Synthetic, and says so in every evidence text.

use crate::domain::evaluation::{How, ITEMS};

/// One county-wide row of `rotations`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoRotation {
    pub county_code: &'static str,
    pub year: i32,
    pub eligible_teachers: i64,
    pub rotated_teachers: i64,
    pub rotated_backbone: i64,
    pub eligible_cadres: Option<i64>,
    pub rotated_cadres: Option<i64>,
}

/// One row of `evaluation_entries`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DemoEntry {
    pub county_code: &'static str,
    pub year: i32,
    pub item: &'static str,
    pub value: String,
    pub met: bool,
    pub evidence: String,
    pub confirmed_on: String,
    pub confirmed_by: &'static str,
}

const XUNKE: &str = "231123";
const PINGFANG: &str = "230108";

/// Rotations for the three school years up to `year`, from each county's pupils (about one
/// teacher per 14 pupils, 40 % of them due to rotate).
pub fn rotations(pupils: &[(&'static str, i64)], year: i32) -> Vec<DemoRotation> {
    let mut out = Vec::new();
    for (county, n) in pupils {
        let eligible = (n / 14 * 40 / 100).max(20);
        // (share rotated in ‰, share of 骨干 among them in %, cadres).
        let (permille, backbone, cadres) = match *county {
            XUNKE => (130, 25, None),
            PINGFANG => (150, 30, Some((40, 18))),
            _ => (110, 22, None),
        };
        for back in 0..3 {
            let rotated = eligible * (permille - back * 5) / 1000;
            out.push(DemoRotation {
                county_code: county,
                year: year - back as i32,
                eligible_teachers: eligible,
                rotated_teachers: rotated,
                rotated_backbone: (rotated * backbone + 99) / 100,
                eligible_cadres: cadres.map(|c| c.0),
                rotated_cadres: cadres.map(|c| c.1),
            });
        }
    }
    out
}

/// 平房区 enters its placed disabled children (98 % of `n`: 随班就读, 特教学校, 送教上门);
/// the other counties leave the rate to the ledger.
pub fn placed(county: &str, n: i64) -> Option<(i64, i64, i64)> {
    (county == PINGFANG).then(|| (n * 70 / 100, n * 22 / 100, n * 98 / 100 - n * 70 / 100 - n * 22 / 100))
}

/// The value a met threshold item gets in the demo.
fn met_value(min: f64) -> String {
    match min as i64 {
        6000 => "6800".into(),
        100 => "100".into(),
        50 => "55".into(),
        85 => "92.4".into(),
        5 => "6.1".into(),
        _ => format!("{min}"),
    }
}

/// The hand items of 平房区 (all met, this year; the guarantee items also last year) and
/// 逊克县 (this year; three of them not met). `on`: the confirmation date.
pub fn entries(year: i32, on: &str) -> Vec<DemoEntry> {
    let mut out = Vec::new();
    let mut put = |county: &'static str, y: i32, item: &'static str, value: String, met: bool| {
        out.push(DemoEntry {
            county_code: county,
            year: y,
            item,
            value,
            met,
            evidence: format!("演示数据：{item} 自评材料（合成）"),
            confirmed_on: on.to_string(),
            confirmed_by: "督导室李某（演示）",
        });
    };
    for i in ITEMS.iter().filter(|i| i.is_hand()) {
        let value = match i.how {
            How::AtLeast(min) => met_value(min),
            _ => String::new(),
        };
        put(PINGFANG, year, i.code, value.clone(), true);
        if i.code.starts_with('g') {
            put(PINGFANG, year - 1, i.code, value.clone(), true);
        }
        match i.code {
            "g13" => put(XUNKE, year, i.code, "40".into(), false),
            "q9" => put(XUNKE, year, i.code, "II级".into(), false),
            "s1" => put(XUNKE, year, i.code, "82".into(), false),
            _ => put(XUNKE, year, i.code, value, true),
        }
    }
    out
}
