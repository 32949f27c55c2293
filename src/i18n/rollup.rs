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
    ColClosed => "已撤并", "Closed";
    ColAlliances => "联盟", "Alliances";
    ColAllianceSchools => "入盟学校", "In alliances";
    Yes => "是", "yes";
    No => "否", "no";
    // passing / counties, e.g. "3/4 达标".
    PassOf => "{}/{} 达标", "{}/{} pass";
    ZeroOf => "{}/{}", "{}/{}";
    NotEvaluated => "不评估", "not evaluated";
    // 清零 of a prefecture's own (市直属) records: it counts counties only.
    NotCounted => "不计", "n/a";
    DirectPrefecture => "市直属", "prefecture-run";
    DirectProvince => "省直属", "province-run";
    Total => "合计", "Total";
    MonthlyTitle => "{}（{}）控辍保学月报汇总 {}", "{} ({}) dropout-control monthly report, all counties, {}";
    IndicatorsTitle => "{}（{}）优质均衡指标汇总 {}", "{} ({}) quality-balance indicators, all counties, {}";
    IndicatorsNote => "市、省不单独评估：结论按县评估，合计行为达标县数。", "A prefecture or province is not itself evaluated: verdicts are per county; the total counts the counties that pass.";
    MonthlyNote => "每行为一个县区（省级为一个市）的月报合计；合计行等于各行之和。", "Each row is one county's report (one prefecture's at the province); the total is the sum of the rows.";
    OverviewTitle => "{}（{}）概况汇总 {}", "{} ({}) overview, all counties, {}";
    OverviewNote => "每行为一个县区（省级为一个市）；合计行等于各行之和。学校、学生为在办学校；联盟按牵头地区计（市级联盟在市直属行）；入盟学校为加入任一联盟的本县区学校。", "Each row is one county (one prefecture at the province); the total is the sum of the rows. Schools and pupils: open schools; an alliance counts where it is led (a prefecture's own in the prefecture-run row); in alliances: the row's schools in any alliance.";
    SheetOverview => "概况汇总", "Overview";
    HintOverview => "概况汇总（各县区一行）", "overview, a row per county";
    ZeroLine => "清零县区：{}/{}。", "Counties at zero: {}/{}.";
    // Combining county databases.
    CombineOpen => "无法只读打开 {}：{}。请检查文件名。", "Cannot open {} read-only: {}. Check the file name.";
    CombineSchema => "{} 的数据库版本为 {}，本程序为 {}：请先在该县用本版本的 taizhang 打开一次（升级），或换用对应版本。", "{} has schema version {}, this taizhang writes {}: open it once with this version where it is kept (to upgrade it), or use the matching version.";
    CombineOverlap => "地区 {} 的数据同时出现在 {} 和 {} 中：同一县不能合并两次。请只给出其中一个文件。", "Region {} has records in both {} and {}: a county cannot be combined twice. Give only one of the files.";
    CombineNone => "请至少给出一个县的数据库文件。", "Give at least one county database file.";
    CombineFuture => "该月还没有到，不能出月报。", "That month has not begun; there is no report for it yet.";
    CombineNeedsMonth => "月报需要 --month YYYY-MM。", "The monthly report needs --month YYYY-MM.";
    CombineSource => "来源 {}：{}；数据截至 {}。", "Source {}: {}; data as of {}.";
    CombineMissing => "以下县区没有任何来源，按零计：{}。", "No source holds these counties, counted as zero: {}.";
    // The upward bundle.
    BundleTitle => "{} 控辍保学上报 {}", "{} dropout-control report {}";
    BundleWritten => "上报文件已写到 {}（封面、月报、未结案件（身份证号已打码）、指标汇总）。", "The report bundle was written to {} (cover, monthly table, open cases with masked ID numbers, indicators summary).";
    SheetCover => "封面", "Cover";
    SheetMonthly => "月报", "Monthly";
    SheetCases => "未结案件", "Open cases";
    SheetIndicators => "指标汇总", "Indicators";
    CoverItem => "项目", "Item";
    CoverValue => "内容", "Value";
    CoverRegion => "地区", "Region";
    CoverMonth => "月份", "Month";
    CoverSource => "来源数据库", "Source database";
    CoverMadeAt => "生成时间", "Made at";
    CoverMadeBy => "生成人", "Made by";
    CoverMasked => "个人信息", "Personal data";
    CoverMaskedValue => "身份证号已打码（只显示前 6 位和后 4 位）", "ID numbers masked (first 6 and last 4 shown)";
    CoverData => "数据", "Data";
    Written => "报表已写到 {}。", "The report was written to {}.";
    BadFormat => "未知格式 {}：可用 text、csv、xlsx 或 json。", "Unknown format {}: use text, csv, xlsx or json.";
}}
