//! The command line's help and usage errors (`taizhang --help`, `taizhang import --help`,
//! an unknown argument): every text, and which command or argument each one belongs to.
//! `crate::cli::help` puts them on the clap tree and lays out the help page.
//!
//! Commands are named by their path without `taizhang` ("" is taizhang itself,
//! "report monthly"); arguments by their clap id (the field name: `busy_timeout`).

texts! { H {
    // Headings and the words clap would print in English.
    Usage => "用法：", "Usage:";
    Commands => "命令：", "Commands:";
    Arguments => "参数：", "Arguments:";
    Options => "选项：", "Options:";
    GlobalOptions => "全局选项（每个命令都可用）：", "Global options (for every command):";
    UsageOptions => "[选项]", "[OPTIONS]";
    Default => "[默认：{}]", "[default: {}]";
    Env => "[环境变量：{}]", "[env: {}]";
    PossibleValues => "[可选值：{}]", "[possible values: {}]";
    ListSep => "、", ", ";
    ExitCodes => "退出码：", "Exit codes:";
    Exit0 => "完成", "done";
    Exit1 => "意外错误（check：发现问题）", "unexpected error (check: problems found)";
    Exit2 => "输入有误（路径、参数）", "bad input (path, arguments)";
    Exit3 => "数据库被另一个写入者锁住", "database locked by another writer";
    Exit4 => "数据库由更新版本的 taizhang 创建", "database made by a newer taizhang";
    Exit5 => "被拒绝（权限）", "refused (permissions)";

    // What each command does.
    AboutRoot => "台账：控辍保学台账、学校与学校联盟，在终端里只用键盘操作。不带命令时打开界面。",
        "Taizhang: records of children out of school, schools and school alliances, in the terminal and by keyboard only. Without a command it opens the interface.";
    AboutInit => "新建一个空的工作数据库（结构、地区表，运行者为管理员，没有演示数据）；文件已存在且不为空时拒绝。其他命令不会在 --db 处创建数据库（演示库用 demo）。",
        "Create an empty working database (schema, the region table, you as its administrator, no demo data); refused if the file exists and is not empty. No other command creates a database at --db (demo makes demo ones).";
    AboutDemo => "新建一个演示数据库（按种子文章生成的合成数据），只写入新文件，不会混入真实数据。",
        "Write a new demo database (synthetic data shaped by the seed articles); only a new file, never mixed into real data.";
    AboutReport => "评估用的统计表（例如 report indicators --county 231123）。",
        "Tables for the evaluation file (e.g. report indicators --county 231123).";
    AboutIndicators => "某县的优质均衡指标：各校数值、差异系数、保障指标和比率。",
        "Quality-balance indicators of one county: per-school values, coefficients of variation, guarantees and rates.";
    AboutMonthly => "月报：各校和全县的控辍保学情况（月初在册、新增疑似、新增辍学、返校、结案、月末在册、是否清零）。",
        "The monthly dropout-control report per school and for the county (open at the start, new suspected, new dropouts, returned, closed, open at the end, whether the county is at zero).";
    AboutOverview => "概况汇总：市、省按县区（省按市）各一行加合计，县为一行：在办和已撤并学校、学生、联盟、入盟学校、未结案件和失学辍学。",
        "The overview: at a prefecture or the province one row per county (per prefecture) and the total, a county as one row: open and closed schools, pupils, alliances, schools in alliances, open and out-of-school cases.";
    AboutCombine => "合并几个县各自的数据库（只读），给出市或省的月报、指标或概况汇总；同一县出现两次时拒绝，并说明各文件数据截至何时。",
        "Combine the separate databases of several counties (read-only) into a prefecture's or the province's monthly, indicators or overview roll-up; refused when a county appears twice; says how old each file's data is.";
    AboutBundle => "上报文件：一个 xlsx，含封面（地区、月份、来源数据库、生成时间和生成人）、月报、未结案件（身份证号打码）和指标汇总，县报市、市报省用。",
        "The upward report: one xlsx with a cover sheet (region, month, source database, when and by whom), the monthly table, the open cases (ID numbers masked) and the indicators summary, for a county to send to its prefecture and a prefecture to the province.";
    AboutImport => "从 CSV（UTF-8 或 GBK）或 xlsx 导入案件或学校。默认只检查并列出每个有错的行；加 --apply 或 --skip-invalid 才写入。",
        "Import cases or schools from CSV (UTF-8 or GBK) or xlsx. By default only a check that lists every bad row; --apply or --skip-invalid writes.";
    AboutExport => "导出某县的案件、学校或学校联盟到 xlsx 或 CSV（UTF-8 带 BOM），身份证号默认打码。",
        "Export a county's cases, schools or alliances to xlsx or CSV (UTF-8 with BOM). ID numbers are masked unless --unmasked.";
    AboutBackup => "用 SQLite 备份接口把数据库备份到一个新文件（他人正在写入时也安全）。",
        "Back up the database to a new file with the SQLite backup API (safe while others write).";
    AboutCheck => "检查数据库：文件完整性，并按业务规则检查每一行。发现问题时退出码为 1。",
        "Check the database: integrity, and every row against the domain rules. Exit code 1 on problems.";
    AboutUser => "管理工作人员账号。", "Manage staff accounts.";
    AboutSheet => "优质均衡自评表：按 2017 年评估办法逐项列出；人工项目的确认、撤销（记入审计日志）。",
        "The quality-balance self-evaluation sheet: every item of the 2017 method; confirm or withdraw the hand items (audited).";
    AboutSheetShow => "显示某县某年度的自评表（计算项的数值与规则，人工项的确认）。", "Show a county's sheet for a year (computed values and rules, hand confirmations).";
    AboutSheetSet => "确认一个人工项目：数值、结论、依据、日期和确认人。", "Confirm a hand item: value, verdict, evidence, date and who confirmed.";
    AboutSheetClear => "撤销一个人工项目的确认。", "Withdraw a hand item's confirmation.";
    AboutUserAdd => "添加用户，或修改其角色和范围。", "Add a user or change their role and scope.";
    AboutUserList => "列出用户。", "List users.";
    AboutSetting => "查看或修改设置：全库设置（省级管理员），月报截止日与到期天数（全省或 --county 本县）。", "Show or change a setting: database-wide ones (province administrators), the monthly deadline and the due thresholds (province-wide or --county for one county).";
    AboutSettingGet => "显示一项设置。", "Show a setting.";
    AboutSettingSet => "修改一项设置；写入审计日志。", "Change a setting; written to the audit log.";
    AboutSubmit => "上报某月：学校（--school）上报本月数字和在册名单，或加 --zero 报零报告；县（--county）在全部学校上报后向上级上报。上报后该月数字冻结，之后的改动作为更正随下次上报。",
        "Submit a month: a school (--school) submits its figures and open-case list, or a zero report with --zero; a county (--county) submits upward once all its schools are in. The month's figures are then frozen; later changes go into the next submission as corrections.";
    AboutWithdraw => "撤回某月的上报（县受理之前），保留在历史中，之后可重新上报。",
        "Withdraw a month's submission (before the county accepts it); kept in history, and it can be submitted again.";
    AboutAccept => "县受理某校某月的上报（--county：市受理县的上报）；受理后不能撤回。", "The county accepts a school's submission for a month (--county: the prefecture accepts the county's); it can no longer be withdrawn.";
    AboutReturn => "县退回某校某月的上报（--county：市退回县的上报），须写明原因；保留在历史中，退回后重新上报。", "The county returns a school's submission for a month (--county: the prefecture returns the county's) with a reason; kept in history, and it is submitted again.";
    ArgReason => "退回原因：哪项不对、请怎样改。", "Why it is returned: what is wrong and what to change.";
    ArgDecideCounty => "县的 6 位代码：由上级（市）决定县级的上报。", "The county's 6-digit code: the level above (the prefecture) decides on the county's submission.";
    AboutMissing => "列出某县某月尚未上报的学校（未报、逾期），附填报员和电话。",
        "List a county's schools that have not submitted a month (not in, overdue), with their filler and phone.";
    AboutSessions => "某月送教上门记录按教师统计：学生数、次数、学时。", "A month's home teaching sessions per teacher: children, sessions, hours.";
    AboutVerify => "排查（四查三比对）：按身份证号（无证号时按姓名+出生日期+学校，弱匹配）比对户籍、学籍、在校和脱贫监测名单，逐人分类。默认只预览；加 --apply 记录本轮及每人结果。",
        "A verification round (the four checks): match the household-register, enrolment, present and poverty lists by ID number (else name + birth date + school, a weaker match) and classify every child. A preview unless --apply, which records the round and each child's result.";
    AboutRounds => "某县的排查轮次：日期、目的、人次和各类结果数。", "A county's verification rounds: date, purpose, children checked and the count per result.";
    ArgVerifyList => "名单文件（CSV 或 xlsx），表头同案件导入（身份证号、姓名、出生日期、学校）。", "A list file (CSV or xlsx) with the case import's headers (ID number, name, birth date, school).";
    ArgVerifyPurpose => "本轮排查的目的或说明。", "The round's purpose.";
    ArgVerifyDate => "排查日期（默认今天）。", "The round's date (default today).";
    AboutRecheck => "记录县里的一轮复核：复核了哪些学校或案件、何时、由谁、结果（确认、更正、新立案）；写入审计日志。", "Record a county re-check round: which schools or cases, when, by whom, and what was found (confirmed, corrected, new case); written to the audit log.";
    AboutRechecks => "某县的复核轮次：日期、复核人、各项结果及每轮计数。", "A county's re-check rounds: date, who re-checked, each item's finding and the count per round.";
    ArgRecheckBy => "复核人（姓名或小组）。", "Who re-checked (a name or a team).";
    ArgRecheckDate => "复核日期（默认今天）。", "The day of the re-check (default today).";
    ArgRecheckNote => "本轮备注。", "A note on the round.";
    ArgRecheckItems => "复核项：学校标识码=结果 或 #案件编号=结果，结果为 confirmed、corrected 或 new_case，可在后面加 :备注。", "Items: SCHOOLCODE=finding or #CASEID=finding, the finding confirmed, corrected or new_case, optionally followed by :note.";
    ArgVerifyApply => "记录本轮排查及每名儿童的结果（写入审计日志）。", "Record the round and each child's result (audited).";
    ArgVerifySchool => "只排查一所学校：10 位学校标识码。", "One school only: its 10-digit identification code.";
    AboutRollover => "学年升级：年级加一，九年级在校生毕业离开台账（仍在办理的标记待定），六年级升初中而初中不明的列出核实。默认只预览；加 --apply 在一个事务中执行并记入审计。同一学年只执行一次。",
        "School-year rollover: grades go up by one, grade-9 pupils in school graduate and leave the ledger (open cases are flagged for a decision), grade-6 pupils whose junior school is unknown are listed for checking. A preview unless --apply, which does it in one audited transaction. Once per school year.";
    AboutRegistry => "特殊群体儿童台账（留守、残疾、随迁、孤儿、事实无人抚养、困境）：登记表（身份证号打码）和按学校（市：按县）的统计表。",
        "The special-group registry (left-behind, disabled, migrant, orphaned, de facto unsupported, hardship children): the register (ID numbers masked) and the tally by school (prefecture: by county).";
    AboutTag => "学校标签（冰球基点学校、省级绿色学校、特色学校、劳动教育基地等）：定义、授予、统计。",
        "School designations (ice-hockey base schools, green schools, featured schools, labour-education bases …): define, give, count.";
    AboutTagAdd => "为某县（或市）定义一个标签（管理员）；写入审计日志。", "Define a tag for a county (or prefecture) (administrators); audited.";
    AboutTagGive => "给一所学校授予标签，注明级别和日期（管理员）；写入审计日志。", "Give a school a tag with its level and date (administrators); audited.";
    AboutTagList => "列出某地区的标签及各自的学校数。", "List a region's tags and how many schools hold each.";
    AboutRegistryCmd => "特殊群体儿童台账：记录关爱、查看一名儿童。", "The special-group registry: log a care contact, show a child.";
    AboutRegistryContact => "给台账中的一名儿童记录一次关爱（家访、电话联系、谈心谈话、亲情通话、帮扶、复核）；逐项检查，写入审计日志。",
        "Log a care contact with a registry child (home visit, phone, talk, family call, aid, review); checked field by field, audited.";
    AboutRegistryShow => "列出一名儿童的登记表各项（身份证号等打码）和关爱记录。", "Show a registry child's record (ID numbers and the like masked) and care contacts.";
    ArgRegistryChild => "儿童在台账中的编号（见 report registry 或特殊群体屏幕）。", "The child's number in the registry (see report registry or the registry screen).";
    ArgContactDate => "关爱日期（默认今天；不能晚于今天，也不能早于登记日期）。", "The date of the contact (default: today; not ahead, not before the registration).";
    ArgContactWho => "帮扶人，如 班主任王某华。", "Who made it, e.g. the class teacher.";
    ArgContactKind => "方式：家访、电话联系、谈心谈话、亲情通话、帮扶 或 复核（也可写英文代码）。", "Kind: home_visit, phone, talk, family_call, aid or review (or the Chinese names).";
    ArgContactNote => "内容（可选）。", "What was done (optional).";
    ArgRegistryJson => "在标准输出给出机器可读的 JSON。", "Machine-readable JSON on stdout.";
    AboutSchool => "学校沿革：更名、类型、举办者、城乡分类、并入他校、撤销和开办，按日期记录。", "A school's dated history: renamed, its type, operator, place, merged, closed or opened.";
    AboutSchoolChange => "记录一所学校的一次变更（管理员）；检查后与学校信息一同写入并记入审计日志，有误时不做任何更改。", "Record one change of a school (administrators); checked, written with the school's own record and audited; nothing changes when it is refused.";
    AboutSchoolHistory => "列出一所学校已记录的变更。", "List a school's recorded changes.";
    AboutHistoryReport => "学校布局变化：按年份列出年初、新建、撤销、并入、更名、变更类型和年末的学校数，以及撤并去向（县、市、省均可，市、省另列各县区）。", "School changes by year: schools at the start, opened, closed, merged, renamed, retyped and at the end, and which school joined which (county, prefecture or province; above a county also per part).";
    ArgChangeSchool => "学校的 10 位学校标识码。", "The school's 10-digit identification code.";
    ArgChangeDate => "变更日期（默认今天；不能晚于今天）。", "The day of the change (default: today; not after today).";
    ArgChangeKind => "变更类别：rename（更名）、type（类型）、operator（举办者）、location（城乡分类）、merge-into（并入他校）、close（撤销）、open（开办）。", "The change: rename, type, operator, location, merge-into, close or open.";
    ArgChangeTo => "新值：新名称、新类型（如 教学点）、新举办者或新城乡分类（城区、镇区、乡村）。", "The new value: the new name, type (e.g. teaching_point), operator or place (urban, town, rural).";
    ArgChangeInto => "并入的学校的标识码（merge-into）。", "The code of the school it merges into (merge-into).";
    ArgChangeNote => "说明（可选），如 文件号。", "A note (optional), e.g. the decision's number.";
    ArgHistoryJson => "输出 JSON。", "Print JSON.";
    ArgHistoryFrom => "起始年份（默认最早有记录的年份）。", "The first year (default: the first year anything is dated).";
    ArgTagName => "标签名，如 冰球基点学校（至多 20 字）。", "The tag's name, e.g. ice-hockey base school (at most 20 characters).";
    ArgTagNote => "说明（可选）。", "A note (optional).";
    ArgTagSchool => "学校的 10 位学校标识码。", "The school's 10-digit identification code.";
    ArgTagLevel => "级别：国家级、省级、市级 或 县级（也可写英文代码）。", "Level: national, province, city or county (or their Chinese names).";
    ArgTagOn => "授予日期（默认今天）。", "The date it was given (default: today).";
    VLevel => "级别", "LEVEL";
    AboutHelp => "显示本帮助，或给定命令的帮助。", "Print this help, or the help of the given command.";
    AboutConfig => "显示配置文件的位置和其中的设置（语言、边框、颜色、默认数据库、列的选择）；命令行参数优先于它。",
        "Show where the settings file is and what it sets (language, borders, colours, default database, column choices); command-line flags win over it.";
    AboutConfigSet => "在配置文件中设置一项（例如 config set lang en、config set ascii true、config set db 逊克县.db）。",
        "Set one key in the settings file (e.g. config set lang en, config set ascii true, config set db ~/xunke.db).";
    AboutConfigPath => "只显示配置文件的路径。", "Print only the path of the settings file.";
    AboutCompletions => "输出 shell 补全脚本（bash、zsh、fish、elvish、powershell），存到该 shell 读取补全脚本的目录即可。",
        "Print a shell completion script (e.g. taizhang completions bash > ~/.local/share/bash-completion/completions/taizhang).";
    AboutMan => "输出手册页（roff 格式，可用 taizhang man | man -l - 阅读）；加 --dir 为每个命令各写一页。",
        "Print the manual page (roff: taizhang man | man -l -); with --dir, write one page per command.";
    ArgConfigKey => "lang、ascii、color、db，或 columns.列表名。", "lang, ascii, color, db, or columns.LIST.";
    ArgConfigValue => "新的值（lang：zh|en；ascii、color：true|false；db：路径）。", "The new value (lang: zh|en; ascii, color: true|false; db: a path).";
    ArgShell => "哪种 shell。", "Which shell.";
    ArgManDir => "写入各命令手册页的目录（每个命令一个 .1 文件）。", "Folder to write each command's page into (taizhang.1, taizhang-report-monthly.1 …).";
    VShell => "bash|zsh|fish|elvish|powershell", "bash|zsh|fish|elvish|powershell";

    // What each argument means.
    ArgDb => "数据库文件，须已由 init 或 demo 创建（默认：数据目录中的 taizhang.db，首次使用时生成的演示库）。",
        "Database file, made by init or demo (default: taizhang.db in your data directory, a demo database made on first use).";
    ArgLang => "语言：zh（中文）或 en（英文）；不写时按系统语言。",
        "Interface language: zh (Chinese, the default) or en (English); without it, from the locale.";
    ArgAscii => "用 ASCII（+ - |）画边框，适合框线显示为双宽的终端。",
        "Draw borders with ASCII (+ - |), for terminals that show box-drawing glyphs double-width.";
    ArgBusyTimeout => "等待其他会话释放写锁的秒数，超时放弃。", "Seconds to wait for another session's write lock before giving up.";
    ArgHelp => "显示帮助", "Print help";
    ArgVersion => "显示版本", "Print version";
    ArgHelpCommand => "要查看帮助的命令", "The command to show help for";
    ArgDemoCases => "要生成的台账案件数。", "Number of ledger cases to generate.";
    ArgCounty => "县的 6 位代码，例如 231123。", "The county's 6-digit code, e.g. 231123.";
    ArgSettingKey => "设置名：unknown_logins（未登记的登录名可以看什么）；deadline_day（月报截止日）、dropout_after_days（疑似转辍学天数）、overdue_visit_days（劝返回访间隔）、tracking_check_days（跟踪巩固回访天数）。", "The setting: unknown_logins (what logins not in the users table may read); deadline_day (monthly deadline), dropout_after_days (days suspected before dropout), overdue_visit_days (days between visits), tracking_check_days (days between tracking checks).";
    ArgSettingCounty => "县的 6 位代码：只设本县（覆盖全省设置）；不给则设全省。", "The county's 6-digit code: set it for this county only (overriding the province-wide value); without it, province-wide.";
    ArgSettingValue => "天数或日（整数）；unknown_logins：counts（只看统计和图表，默认）、masked（看全部记录，证件号打码）、nothing（什么都不看）。", "Days or a day (a whole number); unknown_logins: counts (counts and charts only, the default), masked (every record, ID numbers masked), nothing (nothing).";
    ArgSchool => "只看一所学校：10 位学校标识码（填报员只能是本校）。", "One school only: its 10-digit identification code (a data-entry login: their own school only).";
    ArgRegion => "地区的 6 位代码：县（如 231123）、市（如 230900，按县汇总）或省（230000）；--county 同义。",
        "The region's 6-digit code: a county (e.g. 231123), a prefecture (e.g. 230900, one row per county) or the province (230000); --county is the same.";
    ArgPlaceRegion => "地区的 6 位代码：县（如 231123）、市（如 230900，按县汇总）或省（230000）；--county 同义。不写时：填报员为本校，管理员为本地区。",
        "The region's 6-digit code: a county (e.g. 231123), a prefecture (e.g. 230900, one row per county) or the province (230000); --county is the same. Without it: a data-entry login's own school, an administrator's own region.";
    ArgReportFormat => "text、csv（UTF-8 带 BOM）、xlsx（需要 -o）或 json。", "text, csv (UTF-8 with BOM), xlsx (needs -o) or json.";
    ArgReportOutput => "写入此文件，而不是标准输出。", "Write to this file instead of stdout.";
    ArgMonth => "月份，格式为 YYYY-MM。", "The month, YYYY-MM.";
    ArgSubmitSchool => "学校的 10 位学校标识码。", "The school's 10-digit identification code.";
    ArgSubmitCounty => "县的 6 位代码：县级的上报。", "The county's 6-digit code: the county's own submission.";
    ArgRolloverOn => "升级日期（通常为 9 月 1 日），格式 YYYY-MM-DD。", "The rollover date (usually 1 September), YYYY-MM-DD.";
    ArgRolloverApply => "执行（否则只预览，不修改）。", "Do it (otherwise only a preview that changes nothing).";
    ArgZero => "零报告：本月无变动、无在册儿童（否则拒绝）。", "A zero report: nothing changed and nobody open this month (refused otherwise).";
    ArgMissingJson => "在标准输出给出机器可读的 JSON。", "Machine-readable JSON on stdout.";
    ArgReportJson => "同 --format json：机器可读的 JSON（有 -o 时写入文件）。", "Same as --format json: machine-readable JSON (to the file with -o).";
    ArgWidth => "文字报表的宽度（列数，默认 80）：表格折行或逐条排列以适应。", "Width of text reports in columns (default 80): tables wrap or stack to fit.";
    VColumns => "列数", "COLUMNS";
    ArgUserName => "姓名（未报名单中显示）。", "Full name (shown in the list of schools not in).";
    ArgUserPhone => "手机号（未报名单中显示）。", "Mobile phone (shown in the list of schools not in).";
    ArgCombineWhat => "合并什么：monthly（月报，需要 --month）、indicators（优质均衡指标）或 overview（概况）。",
        "What to combine: monthly (needs --month), indicators or overview.";
    ArgCombineFiles => "各县的数据库文件（只读打开，不会修改）。", "The counties' database files (opened read-only, never changed).";
    ArgImportWhat => "导入什么：cases（控辍保学案件）、schools（学校）、registry（特殊群体儿童登记表）、items（销号台账项）、cohorts（巩固率：入学、转入转出、死亡、毕业人数）、disabled（适龄残疾儿童数）、rotations（教师交流轮岗）、enrolment（分学段在校生）或 classes（各班额段班数）。",
        "What to import: cases (children out of school), schools, registry (special-group children), items (item ledgers), cohorts (retention figures), disabled (school-age disabled children), rotations (teacher rotation), enrolment (pupils by school and stage) or classes (classes by size band).";
    ArgImportFile => "带表头行的 .csv（UTF-8、带 BOM 的 UTF-8、GBK/GB18030）或 .xlsx 文件。",
        "A .csv (UTF-8, UTF-8 with BOM, GBK/GB18030) or .xlsx file with a header row.";
    ArgApply => "在一个事务中写入全部行；有一行有错就一行也不写。", "Write all rows in one transaction, only if every row is valid.";
    ArgSkipInvalid => "写入无误的行；有错的行写到同一目录的 <文件名>.rejected.csv。",
        "Write the valid rows; put the rejected ones in <name>.rejected.csv beside the file.";
    ArgImportUpdate => "cases：把各行用于已有案件（按案件编号，或按身份证号查找）：更正字段、记劝返、办理复学/销号等步骤（须有各步骤的记录列）。不加 --apply 时只列出每行将做的修改。",
        "cases: apply the rows to existing cases (found by case number, else by ID number): field corrections, visits, and workflow steps such as a return or a closing (with the columns each step records). Without --apply it only lists what each row would change.";
    ArgImportCounty => "县代码：在此县查找文件中的学校；学校导入到此县。",
        "County code: schools named in the file are looked up there; imported schools go into it.";
    ArgEncoding => "CSV 编码：auto（自动识别）、utf-8 或 gbk（即 gb18030）。", "CSV encoding: auto, utf-8 or gbk (= gb18030).";
    ArgSheet => "要读取的 xlsx 工作表（默认第一个）。", "The xlsx sheet to read (default: the first).";
    ArgImportJson => "在标准输出给出机器可读的 JSON，不显示进度条。", "Machine-readable JSON on stdout, no progress bar.";
    ArgExportWhat => "导出什么：cases（案件）、schools（学校）、alliances（学校联盟）、registry（特殊群体登记表和统计表）、items（销号台账项，即其导入模板），或导入模板 cohorts、disabled、rotations、enrolment、classes（含已录入的行）。",
        "What to export: cases, schools, alliances, registry (special-group register and tally), items (the item ledgers, as their import template), or the import templates cohorts, disabled, rotations, enrolment, classes (with the rows entered).";
    ArgStatus => "仅用于案件：要包含的状态（代码或中文名，逗号分隔；open 表示全部未结案件）。",
        "Cases only: statuses to include (codes or Chinese names, comma-separated; open for all open cases).";
    ArgExportFormat => "xlsx 或 csv（默认按文件扩展名）。", "xlsx or csv (default: from the file's extension).";
    ArgExportOutput => "要写入的文件。", "The file to write.";
    ArgUnmasked => "写出完整的身份证号（记入审计日志）。", "Write full ID numbers (recorded in the audit log).";
    ArgBackupFile => "要创建的备份文件（已存在时拒绝，从不覆盖）。", "The backup file to create (never overwritten).";
    ArgCheckJson => "在标准输出给出机器可读的 JSON。", "Machine-readable JSON on stdout.";
    ArgYear => "评估年度（默认今年）。", "The evaluation year (default: this year).";
    ArgItem => "自评项目编号，如 g1、g13、q3、s1（见 sheet show 第一列）。", "The sheet item's code, e.g. g1, g13, q3, s1 (first column of sheet show).";
    ArgValue => "数值：有数值标准的项目（如 s1 社会认可度 92.5）必填。", "The value: required for items with a numeric rule (e.g. s1 satisfaction 92.5).";
    ArgVerdict => "结论：达标 或 未达标（有数值标准的项目可不填，按数值判断）。", "The verdict: met or not met (items with a numeric rule follow their value).";
    ArgEvidence => "依据：文件文号或说明。", "The evidence: a document reference or a note.";
    ArgOn => "确认日期（默认今天）。", "The date it was confirmed (default: today).";
    ArgBy => "确认人（默认当前登录名）。", "Who confirmed it (default: your login).";
    ArgSheetFormat => "text、csv 或 json。", "text, csv or json.";
    ArgLogin => "操作系统登录名。", "The OS login name.";
    ArgRole => "角色：admin（县级管理员）、filler（学校填报员）或 readonly（只读）。",
        "Role: admin (county administrator), filler (school data clerk) or readonly.";
    ArgScope => "6 位地区代码，或 10 位学校标识码。", "A 6-digit region code or a 10-digit school identification code.";

    // Value names: what stands in <...> in the usage line and the help.
    VFile => "文件", "FILE";
    VLang => "zh|en", "zh|en";
    VSeconds => "秒数", "SECONDS";
    VNumber => "数量", "N";
    VCounty => "县代码", "CODE";
    VKey => "设置名", "KEY";
    VValue => "值", "VALUE";
    VRegion => "地区代码", "CODE";
    VFormat => "格式", "FORMAT";
    VMonth => "YYYY-MM", "YYYY-MM";
    VCombineWhat => "monthly|indicators|overview", "monthly|indicators|overview";
    VImportWhat => "导入内容", "WHAT";
    VExportWhat => "导出内容", "WHAT";
    VEncoding => "编码", "ENCODING";
    VSheet => "工作表", "SHEET";
    VStatus => "状态", "STATUS";
    VLogin => "登录名", "LOGIN";
    VRole => "角色", "ROLE";
    VScope => "范围", "SCOPE";
    VCommand => "命令", "COMMAND";
    VDate => "YYYY-MM-DD", "YYYY-MM-DD";
    VSchool => "学校标识码", "SCHOOLCODE";
    VName => "姓名", "NAME";
    VPhone => "电话", "PHONE";
    VYear => "年度", "YEAR";
    VItem => "编号", "ITEM";
    VText => "文字", "TEXT";

    AboutItemKind => "销号台账的类别（大校额化解、大班额化解、创建整改、校舍修复、厕所改造、巡课问题……）。", "The kinds of item ledger (large school, large class, evaluation shortfall, repair, toilet, class patrol …).";
    AboutItemKindAdd => "添加一种台账类别（管理员；记入审计日志）。", "Add a kind of item ledger (administrators; audited).";
    AboutItemKindList => "列出台账类别及其代码。", "List the ledger kinds and their codes.";
    AboutItems => "销号台账：逐项列入、记录进展、销号或重新列入，每一步记入审计日志。", "Item ledgers: items opened one by one, progress, closed or reopened, every step audited.";
    AboutItemsList => "列出某地区的台账项（可按类别、学校、未销号、超期筛选）。", "List a region's items (by kind, school, open, overdue).";
    AboutItemsAdd => "列入一项：学校（或县级）、问题、措施、责任单位和责任人、完成时限。", "Open an item: school (or the county), problem, measure, responsible unit and person, target date.";
    AboutItemsProgress => "记录一项的进展（日期和内容）。", "Record progress on an item (date and what was done).";
    AboutItemsClose => "销号：日期、佐证材料和销号人。", "Close an item: date, evidence and who verified it.";
    AboutItemsReopen => "重新列入已销号的一项（日期和原因）。", "Reopen a closed item (date and why).";
    AboutItemsMonths => "各月末未销号的项数（例如大班额由 53 个减到 15 个的过程）。", "Open items at the end of each month (e.g. large classes from 53 down to 15).";
    AboutItemsNeeding => "有大校额、大班额标记却没有未销号台账项的学校。", "Schools flagged large school or large class with no open item.";
    ArgKindCode => "类别代码：1-20 个小写英文字母、数字或下划线。", "The kind's code: lower-case letters, digits or _, e.g. flood_2026.";
    ArgKindZh => "中文名称。", "Its Chinese name.";
    ArgKindEn => "英文名称（可省略）。", "Its English name (optional).";
    ArgItemsRegion => "县、市或省的代码。", "A county, prefecture or province code.";
    ArgItemsKind => "台账类别：代码或名称（见 item-kind list）。", "The ledger kind: code or name (see item-kind list).";
    ArgItemsOpen => "只列未销号的。", "Open items only.";
    ArgItemsOverdue => "只列已超过完成时限仍未销号的。", "Only open items past their target date.";
    ArgItemsSchool => "学校：学校标识码或名称。", "The school: its code or its name.";
    ArgItemsJson => "以 JSON 输出（供脚本使用）。", "Print JSON (for scripts).";
    ArgItemsProblem => "存在的问题。", "The problem.";
    ArgItemsMeasure => "整改或化解措施。", "The measure taken.";
    ArgItemsUnit => "责任单位。", "The responsible unit.";
    ArgItemsPerson => "责任人姓名。", "The responsible person's name.";
    ArgItemsOn => "日期（默认今天）。", "The date (default: today).";
    ArgItemsDue => "完成时限。", "The target date.";
    ArgItemsId => "台账项编号（见 items list）。", "The item's number (see items list).";
    ArgItemsNote => "内容。", "What happened.";
    ArgItemsEvidence => "佐证材料。", "The evidence.";
    ArgItemsBy => "销号人（验收人）姓名。", "Who verified the close.";
    ArgItemsFrom => "从哪个月开始（YYYY-MM；默认第一项列入的月份）。", "The first month (YYYY-MM; default: when the first item was opened).";

    // Usage errors.
    ErrUnknownArgument => "不认识的参数 '{}'。", "unexpected argument '{}'.";
    ErrTrailing => "若要把 '{}' 当作值，请写成 '-- {}'。", "To pass '{}' as a value, use '-- {}'.";
    ErrDidYouMean => "你是不是要写 '{}'？", "Did you mean '{}'?";
    ErrUnknownCommand => "没有 '{}' 这个命令。", "unrecognized command '{}'.";
    ErrInvalidValue => "{} 的值 '{}' 无效。", "{}: invalid value '{}'.";
    ErrNeedsValue => "{} 需要一个值。", "{} needs a value.";
    ErrValid => "可选值：{}。", "Possible values: {}.";
    ErrConflict => "{} 不能与 {} 同时使用。", "{} cannot be used with {}.";
    ErrMissing => "缺少必需的参数：{}。", "missing required argument: {}.";
    ErrMissingCommand => "缺少命令。", "a command is required.";
    ErrOther => "命令行参数有误：{}", "invalid command line: {}";
    ErrMore => "运行 '{} --help' 查看说明。", "Run '{} --help' for more information.";
}}

/// The text saying what the command at `path` does.
pub fn about(path: &str) -> Option<H> {
    Some(match path {
        "" => H::AboutRoot,
        "init" => H::AboutInit,
        "demo" => H::AboutDemo,
        "report" => H::AboutReport,
        "report indicators" => H::AboutIndicators,
        "report monthly" => H::AboutMonthly,
        "report bundle" => H::AboutBundle,
        "report overview" => H::AboutOverview,
        "import" => H::AboutImport,
        "combine" => H::AboutCombine,
        "export" => H::AboutExport,
        "backup" => H::AboutBackup,
        "check" => H::AboutCheck,
        "user" => H::AboutUser,
        "user add" => H::AboutUserAdd,
        "user list" => H::AboutUserList,
        "setting" => H::AboutSetting,
        "setting get" => H::AboutSettingGet,
        "setting set" => H::AboutSettingSet,
        "submit" => H::AboutSubmit,
        "withdraw" => H::AboutWithdraw,
        "accept" => H::AboutAccept,
        "return" => H::AboutReturn,
        "report missing" => H::AboutMissing,
        "report sessions" => H::AboutSessions,
        "report rounds" => H::AboutRounds,
        "report rechecks" => H::AboutRechecks,
        "recheck" => H::AboutRecheck,
        "verify" => H::AboutVerify,
        "rollover" => H::AboutRollover,
        "sheet" => H::AboutSheet,
        "sheet show" => H::AboutSheetShow,
        "sheet set" => H::AboutSheetSet,
        "sheet clear" => H::AboutSheetClear,
        "item-kind" => H::AboutItemKind,
        "item-kind add" => H::AboutItemKindAdd,
        "item-kind list" => H::AboutItemKindList,
        "items" => H::AboutItems,
        "items list" => H::AboutItemsList,
        "items add" => H::AboutItemsAdd,
        "items progress" => H::AboutItemsProgress,
        "items close" => H::AboutItemsClose,
        "items reopen" => H::AboutItemsReopen,
        "items months" => H::AboutItemsMonths,
        "items needing" => H::AboutItemsNeeding,
        "report registry" => H::AboutRegistry,
        "registry" => H::AboutRegistryCmd,
        "registry contact" => H::AboutRegistryContact,
        "registry show" => H::AboutRegistryShow,
        "school" => H::AboutSchool,
        "school change" => H::AboutSchoolChange,
        "school history" => H::AboutSchoolHistory,
        "report history" => H::AboutHistoryReport,
        "tag" => H::AboutTag,
        "tag add" => H::AboutTagAdd,
        "tag give" => H::AboutTagGive,
        "tag list" => H::AboutTagList,
        "config" => H::AboutConfig,
        "config set" => H::AboutConfigSet,
        "config path" => H::AboutConfigPath,
        "completions" => H::AboutCompletions,
        "man" => H::AboutMan,
        p if p == "help" || p.ends_with(" help") => H::AboutHelp,
        _ => return None,
    })
}

/// The arguments of `items …`: the same word means the same thing in each subcommand.
fn items_arg(id: &str) -> Option<(H, Option<H>)> {
    Some(match id {
        "region" => (H::ArgItemsRegion, Some(H::VRegion)),
        "kind" => (H::ArgItemsKind, Some(H::VText)),
        "open" => (H::ArgItemsOpen, None),
        "overdue" => (H::ArgItemsOverdue, None),
        "school" => (H::ArgItemsSchool, Some(H::VSchool)),
        "json" => (H::ArgItemsJson, None),
        "problem" => (H::ArgItemsProblem, Some(H::VText)),
        "measure" => (H::ArgItemsMeasure, Some(H::VText)),
        "unit" => (H::ArgItemsUnit, Some(H::VText)),
        "person" => (H::ArgItemsPerson, Some(H::VName)),
        "on" => (H::ArgItemsOn, Some(H::VDate)),
        "due" => (H::ArgItemsDue, Some(H::VDate)),
        "id" => (H::ArgItemsId, Some(H::VNumber)),
        "note" => (H::ArgItemsNote, Some(H::VText)),
        "evidence" => (H::ArgItemsEvidence, Some(H::VText)),
        "by" => (H::ArgItemsBy, Some(H::VName)),
        "from" => (H::ArgItemsFrom, Some(H::VMonth)),
        _ => return None,
    })
}

/// The help of argument `id` of the command at `path`, and its value name if it takes a
/// value. Global arguments are looked up with `path` "" whatever command shows them.
pub fn arg(path: &str, id: &str) -> Option<(H, Option<H>)> {
    let help_command = path == "help" || path.ends_with(" help");
    Some(match (path, id) {
        (_, "help") => (H::ArgHelp, None),
        (_, "version") => (H::ArgVersion, None),
        (_, "subcommand") if help_command => (H::ArgHelpCommand, Some(H::VCommand)),
        ("", "db") => (H::ArgDb, Some(H::VFile)),
        ("", "lang") => (H::ArgLang, Some(H::VLang)),
        ("", "ascii") => (H::ArgAscii, None),
        ("", "width") => (H::ArgWidth, Some(H::VColumns)),
        ("report indicators" | "report monthly" | "report overview" | "sheet show", "json") => (H::ArgReportJson, None),
        ("", "busy_timeout") => (H::ArgBusyTimeout, Some(H::VSeconds)),
        ("demo", "cases") => (H::ArgDemoCases, Some(H::VNumber)),
        (
            "report monthly" | "report missing" | "report sessions" | "submit" | "withdraw" | "accept" | "return"
            | "combine" | "report bundle",
            "month",
        ) => (H::ArgMonth, Some(H::VMonth)),
        ("report missing", "county") => (H::ArgCounty, Some(H::VCounty)),
        ("report missing", "json") => (H::ArgMissingJson, None),
        ("report sessions" | "report rounds" | "verify", "json") => (H::ArgMissingJson, None),
        ("report rounds" | "verify" | "recheck" | "report rechecks", "county") => (H::ArgCounty, Some(H::VCounty)),
        ("report rechecks", "json") => (H::ArgMissingJson, None),
        ("recheck", "by") => (H::ArgRecheckBy, Some(H::VName)),
        ("recheck", "date") => (H::ArgRecheckDate, Some(H::VDate)),
        ("recheck", "note") => (H::ArgRecheckNote, Some(H::VText)),
        ("recheck", "items") => (H::ArgRecheckItems, Some(H::VText)),
        ("verify", "hukou" | "xueji" | "present" | "poverty") => (H::ArgVerifyList, Some(H::VFile)),
        ("verify", "purpose") => (H::ArgVerifyPurpose, Some(H::VName)),
        ("verify", "date") => (H::ArgVerifyDate, Some(H::VDate)),
        ("verify", "apply") => (H::ArgVerifyApply, None),
        ("verify", "school") => (H::ArgVerifySchool, Some(H::VSchool)),
        ("submit" | "withdraw" | "accept" | "return", "school") => (H::ArgSubmitSchool, Some(H::VSchool)),
        ("submit" | "withdraw", "county") => (H::ArgSubmitCounty, Some(H::VCounty)),
        ("accept" | "return", "county") => (H::ArgDecideCounty, Some(H::VCounty)),
        ("return", "reason") => (H::ArgReason, Some(H::VText)),
        ("submit", "zero") => (H::ArgZero, None),
        ("rollover", "county") => (H::ArgCounty, Some(H::VCounty)),
        ("rollover", "on") => (H::ArgRolloverOn, Some(H::VDate)),
        ("rollover", "apply") => (H::ArgRolloverApply, None),
        ("user add", "name") => (H::ArgUserName, Some(H::VName)),
        ("user add", "phone") => (H::ArgUserPhone, Some(H::VPhone)),
        ("report indicators" | "report monthly" | "report registry" | "report sessions" | "export", "region") => {
            (H::ArgPlaceRegion, Some(H::VRegion))
        }
        ("report indicators" | "report monthly" | "report registry" | "report sessions" | "export", "school") => {
            (H::ArgSchool, Some(H::VSchool))
        }
        ("report registry", "json") => (H::ArgRegistryJson, None),
        ("registry contact" | "registry show", "child") => (H::ArgRegistryChild, Some(H::VNumber)),
        ("registry contact", "date") => (H::ArgContactDate, Some(H::VDate)),
        ("registry contact", "who") => (H::ArgContactWho, Some(H::VText)),
        ("registry contact", "kind") => (H::ArgContactKind, Some(H::VText)),
        ("registry contact", "note") => (H::ArgContactNote, Some(H::VText)),
        ("school change" | "school history", "school") => (H::ArgChangeSchool, Some(H::VSchool)),
        ("school change", "date") => (H::ArgChangeDate, Some(H::VDate)),
        ("school change", "kind") => (H::ArgChangeKind, Some(H::VText)),
        ("school change", "to") => (H::ArgChangeTo, Some(H::VText)),
        ("school change", "into") => (H::ArgChangeInto, Some(H::VSchool)),
        ("school change", "note") => (H::ArgChangeNote, Some(H::VText)),
        ("school history" | "report history", "json") => (H::ArgHistoryJson, None),
        ("report history", "region") => (H::ArgRegion, Some(H::VRegion)),
        ("report history", "from") => (H::ArgHistoryFrom, Some(H::VYear)),
        ("report history", "format") => (H::ArgReportFormat, Some(H::VFormat)),
        ("report history", "output") => (H::ArgReportOutput, Some(H::VFile)),
        ("tag add" | "tag list", "region") => (H::ArgRegion, Some(H::VRegion)),
        ("tag add" | "tag give", "name") => (H::ArgTagName, Some(H::VText)),
        ("tag add", "note") => (H::ArgTagNote, Some(H::VText)),
        ("tag give", "school") => (H::ArgTagSchool, Some(H::VSchool)),
        ("tag give", "level") => (H::ArgTagLevel, Some(H::VLevel)),
        ("tag give", "on") => (H::ArgTagOn, Some(H::VDate)),
        ("combine", "region") => (H::ArgRegion, Some(H::VRegion)),
        ("report indicators" | "report monthly" | "report overview" | "combine", "format") => {
            (H::ArgReportFormat, Some(H::VFormat))
        }
        ("report indicators" | "report monthly" | "report overview" | "combine", "output") => {
            (H::ArgReportOutput, Some(H::VFile))
        }
        ("report bundle" | "report overview", "region") => (H::ArgRegion, Some(H::VRegion)),
        ("report bundle", "output") => (H::ArgExportOutput, Some(H::VFile)),
        ("combine", "what") => (H::ArgCombineWhat, Some(H::VCombineWhat)),
        ("combine", "files") => (H::ArgCombineFiles, Some(H::VFile)),
        ("sheet show" | "sheet set" | "sheet clear", "county") => (H::ArgCounty, Some(H::VCounty)),
        ("report indicators" | "sheet show" | "sheet set" | "sheet clear", "year") => (H::ArgYear, Some(H::VYear)),
        ("sheet set" | "sheet clear", "item") => (H::ArgItem, Some(H::VItem)),
        ("sheet set", "value") => (H::ArgValue, Some(H::VText)),
        ("sheet set", "verdict") => (H::ArgVerdict, Some(H::VText)),
        ("sheet set", "evidence") => (H::ArgEvidence, Some(H::VText)),
        ("sheet set", "on") => (H::ArgOn, Some(H::VDate)),
        ("sheet set", "by") => (H::ArgBy, Some(H::VText)),
        ("sheet show", "format") => (H::ArgSheetFormat, Some(H::VFormat)),
        ("import", "what") => (H::ArgImportWhat, Some(H::VImportWhat)),
        ("import", "file") => (H::ArgImportFile, Some(H::VFile)),
        ("import", "apply") => (H::ArgApply, None),
        ("import", "skip_invalid") => (H::ArgSkipInvalid, None),
        ("import", "update") => (H::ArgImportUpdate, None),
        ("import", "county") => (H::ArgImportCounty, Some(H::VCounty)),
        ("import", "encoding") => (H::ArgEncoding, Some(H::VEncoding)),
        ("import", "sheet") => (H::ArgSheet, Some(H::VSheet)),
        ("import", "json") => (H::ArgImportJson, None),
        ("export", "what") => (H::ArgExportWhat, Some(H::VExportWhat)),
        ("export", "status") => (H::ArgStatus, Some(H::VStatus)),
        ("export", "format") => (H::ArgExportFormat, Some(H::VFormat)),
        ("export", "output") => (H::ArgExportOutput, Some(H::VFile)),
        ("export", "unmasked") => (H::ArgUnmasked, None),
        ("backup", "file") => (H::ArgBackupFile, Some(H::VFile)),
        ("check", "json") => (H::ArgCheckJson, None),
        ("user add", "login") => (H::ArgLogin, Some(H::VLogin)),
        ("user add", "role") => (H::ArgRole, Some(H::VRole)),
        ("user add", "scope") => (H::ArgScope, Some(H::VScope)),
        ("setting get" | "setting set", "key") => (H::ArgSettingKey, Some(H::VKey)),
        ("setting set", "value") => (H::ArgSettingValue, Some(H::VValue)),
        ("setting get" | "setting set", "county") => (H::ArgSettingCounty, Some(H::VCounty)),
        ("config set", "key") => (H::ArgConfigKey, Some(H::VKey)),
        ("config set", "value") => (H::ArgConfigValue, Some(H::VValue)),
        ("completions", "shell") => (H::ArgShell, Some(H::VShell)),
        ("man", "dir") => (H::ArgManDir, Some(H::VFile)),
        ("item-kind add", "code") => (H::ArgKindCode, Some(H::VText)),
        ("item-kind add", "zh") => (H::ArgKindZh, Some(H::VText)),
        ("item-kind add", "en") => (H::ArgKindEn, Some(H::VText)),
        (p, a) if p.starts_with("items ") => items_arg(a)?,
        _ => return None,
    })
}
