//! The demo's item ledgers (销号管理), shaped by the seeds and illustrative in every number
//! but the two the source gives: 七台河's 5 大校额 schools, each an open item with its
//! measures, and its 大班额 classes cut from 53 to 15 (中心区 5, 勃利县 10), closed one by
//! one over the last two years so that the open-items line ends where the source says; and
//! a few 创建整改 items for 逊克县, the county's shortfalls as a task list.

use crate::domain::monthly::Month;
use chrono::NaiveDate;

/// One demo item: its county and school (by name; `None`: the county's own), what it is,
/// when it was opened, its progress notes (date, note) and its close (date, evidence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoItem {
    pub county: &'static str,
    pub school: Option<&'static str>,
    pub kind: &'static str,
    pub problem: String,
    pub measure: &'static str,
    pub unit: &'static str,
    pub person: &'static str,
    pub opened_on: String,
    pub due_on: Option<String>,
    pub progress: Vec<(String, &'static str)>,
    pub closed: Option<(String, &'static str)>,
}

const XX: &str = "230902";
const TS: &str = "230903";
const BL: &str = "230921";
const XUNKE: &str = "231123";

/// The first day of the month `back` months before `today`'s, as ISO text.
fn month_start(today: NaiveDate, back: usize, day: u32) -> String {
    let mut m = Month::of(today);
    for _ in 0..back {
        m = m.prev();
    }
    let d = NaiveDate::from_ymd_opt(m.year, m.month, day).unwrap_or(m.first_day());
    crate::domain::dates::iso(d.min(today))
}

/// Every demo item, dated back from `today`.
pub fn items(today: NaiveDate) -> Vec<DemoItem> {
    let mut out = large_schools(today);
    out.extend(large_classes(today));
    out.extend(xunke(today));
    out
}

fn large_schools(today: NaiveDate) -> Vec<DemoItem> {
    const SCHOOLS: &[(&str, &str, &str)] = &[
        (XX, "第五小学", "新建第二十小学分流生源，划片招生"),
        (XX, "第九小学", "九小南校区扩建，两年内分流 300 人"),
        (XX, "第十中学", "初一年级控制招生规模，与第十三中学统筹学区"),
        (TS, "第十小学", "调整学区，新生分流至第八小学"),
        (TS, "第九中学", "九中新校区建设，完成后分校区办学"),
    ];
    let opened = month_start(today, 23, 1);
    SCHOOLS
        .iter()
        .map(|(county, school, measure)| DemoItem {
            county,
            school: Some(school),
            kind: "large_school",
            problem: "在校生超过 2000 人（大校额）".to_string(),
            measure,
            unit: "基础教育科",
            person: "赵某刚",
            opened_on: opened.clone(),
            due_on: Some(format!("{}-08-31", Month::of(today).year + 1)),
            progress: vec![
                (month_start(today, 12, 15), "演示：完成选址和规划"),
                (month_start(today, 3, 10), "演示：按周调度，工程过半"),
            ],
            closed: None,
        })
        .collect()
}

/// 53 large classes opened 23 months ago; 38 closed one or two a month since, 15 left:
/// 5 in the central districts, 10 in 勃利县.
fn large_classes(today: NaiveDate) -> Vec<DemoItem> {
    const CENTRAL: &[(&str, &str)] =
        &[(XX, "第五小学"), (XX, "第九小学"), (XX, "第十中学"), (XX, "第三中学"), (TS, "第十小学"), (TS, "第九中学")];
    const BOLI: &[&str] = &["勃利镇第一小学", "勃利镇第二小学", "勃利镇实验中学", "勃利镇第二中学"];
    let opened = month_start(today, 23, 1);
    let mut out = Vec::new();
    // 38 central classes, 33 of them closed; 15 in 勃利县, 5 closed.
    for i in 0..53usize {
        let (county, school) = if i < 38 {
            let (c, s) = CENTRAL[i % CENTRAL.len()];
            (c, s)
        } else {
            (BL, BOLI[(i - 38) % BOLI.len()])
        };
        let grade = 1 + i % 6;
        // The close order interleaves both places; the last months leave the 15 open.
        let closed_rank = if i < 33 {
            Some(i)
        } else if (38..43).contains(&i) {
            Some(33 + (i - 38))
        } else {
            None
        };
        let closed = closed_rank.map(|rank| {
            // 38 closes over 20 months, two a month at first: month 1 after opening … 20.
            let back = 22 - (rank * 20 / 38).min(21);
            (month_start(today, back, 20), "演示：分班后每班不超过 55 人，名单已核")
        });
        out.push(DemoItem {
            county,
            school: Some(school),
            kind: "large_class",
            problem: format!("{grade}年级一个班超过 55 人（大班额，演示）"),
            measure: "分班、增设教室，控制插班",
            unit: "学校",
            person: "孙某丽",
            opened_on: opened.clone(),
            due_on: Some(format!("{}-08-31", Month::of(today).year)),
            progress: Vec::new(),
            closed,
        });
    }
    out
}

fn xunke(today: NaiveDate) -> Vec<DemoItem> {
    let opened = month_start(today, 10, 5);
    let item = |school: Option<&'static str>, problem: &str, measure: &'static str| DemoItem {
        county: XUNKE,
        school,
        kind: "creation",
        problem: problem.to_string(),
        measure,
        unit: "县教育局",
        person: "钱某华",
        opened_on: opened.clone(),
        due_on: Some(format!("{}-12-31", Month::of(today).year)),
        progress: vec![(month_start(today, 2, 12), "演示：挂图作战，周调度")],
        closed: None,
    };
    let mut done = item(Some("干岔子乡中心小学"), "网络多媒体教室不足（演示）", "购置设备两套");
    done.closed = Some((month_start(today, 1, 18), "演示：设备验收单"));
    vec![
        item(None, "县级以上骨干教师每百名学生不足 1 人（演示）", "骨干教师评选，城乡交流"),
        item(Some("车陆乡中心小学"), "音体美专任教师缺额（演示）", "走教、特岗招聘"),
        item(Some("松树沟乡中心小学"), "生均体育运动场馆面积不达标（演示）", "改扩建操场"),
        done,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_classes_end_where_the_source_says() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let all = items(today);
        let classes: Vec<&DemoItem> = all.iter().filter(|i| i.kind == "large_class").collect();
        assert_eq!(classes.len(), 53);
        let open: Vec<&&DemoItem> = classes.iter().filter(|i| i.closed.is_none()).collect();
        assert_eq!(open.len(), 15);
        assert_eq!(open.iter().filter(|i| i.county == BL).count(), 10, "勃利县 10");
        assert_eq!(all.iter().filter(|i| i.kind == "large_school").count(), 5);
        let today_text = crate::domain::dates::iso(today);
        for i in &all {
            assert!(i.opened_on <= today_text, "{i:?}");
            if let Some((c, _)) = &i.closed {
                assert!(c.as_str() >= i.opened_on.as_str() && c.as_str() <= today_text.as_str(), "{i:?}");
            }
        }
    }
}
