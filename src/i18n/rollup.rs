//! Strings of the reports above the county (roll-ups), the region argument, the upward
//! bundle and the combining of county databases.

texts! { R {
    // The region argument.
    RegionBad => "{} 不是行政区划代码：请给出 6 位代码，县（如 231123）、市（如 230900）或省（230000）。", "{} is not a region code: give 6 digits, a county (e.g. 231123), a prefecture (e.g. 230900) or the province (230000).";
    RegionUnknown => "找不到地区 {}。请检查代码（可在地区树中查看）。", "No region {}. Check the code (the region tree shows it).";
    RegionMissing => "请用 --region 代码（或 --county 代码）指定地区。", "Give the region with --region CODE (or --county CODE).";
    // Roll-up tables.
    ColCounty => "县区", "County";
    ColPrefecture => "市", "Prefecture";
    ColCode => "代码", "Code";
    ColAtZero => "清零", "At zero";
    ColSchools => "学校", "Schools";
    ColStudents => "学生", "Pupils";
    ColResources => "资源配置", "Resources";
    ColSchoolSize => "校额", "School size";
    ColClassSize => "班额", "Class size";
    ColRotation => "交流轮岗", "Rotation";
    ColOpen => "未结案件", "Open cases";
    ColOut => "失学辍学", "Out of school";
    Yes => "是", "yes";
    No => "否", "no";
    // passing / counties, e.g. "3/4 达标".
    PassOf => "{}/{} 达标", "{}/{} pass";
    ZeroOf => "{}/{}", "{}/{}";
    NotEvaluated => "不评估", "not evaluated";
    DirectPrefecture => "市直属", "prefecture-run";
    DirectProvince => "省直属", "province-run";
    Total => "合计", "Total";
    MonthlyTitle => "{}（{}）控辍保学月报汇总 {}", "{} ({}) dropout-control monthly report, all counties, {}";
    IndicatorsTitle => "{}（{}）优质均衡指标汇总 {}", "{} ({}) quality-balance indicators, all counties, {}";
    IndicatorsNote => "市、省不单独评估：结论按县评估，合计行为达标县数。", "A prefecture or province is not itself evaluated: verdicts are per county; the total counts the counties that pass.";
    MonthlyNote => "每行为一个县区（省级为一个市）的月报合计；合计行等于各行之和。", "Each row is one county's report (one prefecture's at the province); the total is the sum of the rows.";
    ZeroLine => "清零县区：{}/{}。", "Counties at zero: {}/{}.";
    BadFormat => "未知格式 {}：可用 text、csv、xlsx 或 json。", "Unknown format {}: use text, csv, xlsx or json.";
}}
