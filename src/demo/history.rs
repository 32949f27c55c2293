//! The demo's dated school changes the sources name (docs/domain.md §7, §18): 逊克县's
//! 农场学校 handed to local management in 2019 and its four village schools turned into
//! 教学点 in 2020 (seed 000; which schools and the days are the demo's). 巴彦县's 116 → 19
//! consolidation (seed 001) is made of closed schools in `crate::demo` itself.

use crate::domain::history::Change;

/// One change written into `school_history` as it stands (the school's columns already
/// hold its result).
pub struct DemoChange {
    pub county: &'static str,
    pub school: &'static str,
    pub change: Change,
    pub on: &'static str,
    pub old: &'static str,
    pub new: &'static str,
    pub note: &'static str,
}

const XUNKE: &str = "231123";
const POINT_NOTE: &str = "演示：来源称2020年4所乡镇小规模学校变更为教学点（学校与日期为演示）";

/// Every change, oldest first.
pub fn changes() -> Vec<DemoChange> {
    let mut out = vec![DemoChange {
        county: XUNKE,
        school: "农场学校",
        change: Change::Operator,
        on: "2019-09-01",
        old: "农场（农垦系统）",
        new: "逊克县人民政府",
        note: "演示：来源称2019年农场学校划归地方管理（日期为演示）",
    }];
    for school in ["边疆村教学点", "靠山村教学点", "卫东村教学点", "双河村教学点"] {
        out.push(DemoChange {
            county: XUNKE,
            school,
            change: Change::Retype,
            on: "2020-08-31",
            old: "primary",
            new: "teaching_point",
            note: POINT_NOTE,
        });
    }
    out
}
