//! Every user-visible string, Chinese first, English second, in a `texts!` table: the
//! areas' tables are in this folder, a screen's own words may be in its file. Nothing
//! spells out a sentence outside such a table: screens and commands ask for `T::Something.s()`.
//!
//! Messages with values use `{}` placeholders filled in order by [`fill`].

use crate::domain::access::Role;
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::*;
use crate::domain::evaluation::Section;
use crate::domain::indicators::HandItem;
use crate::domain::rates::Figure;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

static LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// `--lang` wins; else an English locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) gives English;
/// everything else (including C/POSIX) gives Chinese.
pub fn detect(flag: Option<&str>) -> Lang {
    if let Some(f) = flag {
        return if f.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh };
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return if v.starts_with("en") { Lang::En } else { Lang::Zh };
            }
        }
    }
    Lang::Zh
}

/// Replaces each `{}` in `template` with the next of `args`.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        if let Some(a) = args.get(i) {
            out.push_str(&a.to_string());
        }
        out.push_str(part);
    }
    out
}

/// Declares an enum of visible strings; `.s()` gives one in the current language.
/// Each area of the app has its own file (and enum) in this folder.
macro_rules! texts {
    ($enum:ident { $($name:ident => $zh:expr, $en:expr;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum { $($name),+ }
        impl $enum {
            pub fn s(self) -> &'static str {
                match (self, $crate::i18n::lang()) {
                    $(($enum::$name, $crate::i18n::Lang::Zh) => $zh, ($enum::$name, $crate::i18n::Lang::En) => $en,)+
                }
            }
        }
    };
}
/// A screen's own words may sit in its file (`crate::i18n::texts! { … }`), zh and en
/// side by side as here, so that a new screen is one file.
#[allow(unused_imports)] // no screen has its own words yet; clippy -D warnings refused main
pub(crate) use texts;

pub mod cli_help;
pub mod config;
pub mod errors;
pub mod evaluation;
pub mod follow_up;
pub mod forms;
pub mod history;
pub mod indicators;
pub mod io;
pub mod items;
pub mod jump;
pub mod keys;
pub mod ledger;
pub mod month;
pub mod registry;
pub mod rollup;
pub mod schools;

texts! { T {
    AppName => "台账", "Taizhang";
    NeedTerminal => "台账需要在终端中运行（标准输入输出不是终端）。命令行用法见 taizhang --help。", "taizhang needs a terminal (stdin/stdout is not a terminal). See taizhang --help for commands.";
    Regions => "地区", "Regions";
    Filter => "筛选", "Filter";
    FilterNone => "没有匹配的地区。按 Esc 清除筛选。", "No region matches. Press Esc to clear the filter.";
    ReadOnlyBanner => "只读", "READ-ONLY";
    DemoBanner => "演示数据", "demo data";
    UnknownUserBanner => "访客（只读）", "guest (read-only)";
    TooSmall => "终端太小：需要至少 {}x{}，当前 {}x{}。请放大窗口。", "Terminal too small: need at least {}x{}, have {}x{}. Please enlarge the window.";
    // Hints: key, then what it does.
    HintMove => "移动", "move";
    HintOpen => "进入", "open";
    HintBack => "返回", "back";
    HintSearch => "搜索", "search";
    HintHelp => "帮助", "help";
    HintQuit => "退出", "quit";
    HintEdit => "编辑", "edit";
    HintSave => "保存", "save";
    HintCancel => "取消", "cancel";
    HintNextField => "下一项", "next field";
    HintApply => "确定", "apply";
    HintClear => "清除", "clear";
    HintClose => "关闭", "close";
    HintChoose => "选择", "choose";
    // Overview.
    Overview => "概况", "Overview";
    Population => "常住人口", "Population";
    PopulationValue => "{} 人", "{}";
    Area => "面积", "Area";
    AreaValue => "{} 平方公里", "{} sq km";
    BasicBalance => "基本均衡", "Basic balance";
    BasicBalanceYear => "{} 年通过认定", "recognised {}";
    QualityBalance => "优质均衡", "Quality balance";
    SinceYear => "（{} 年起）", " (since {})";
    TargetYear => "，目标 {} 年", ", target {}";
    NotRecorded => "未登记", "not recorded";
    Counties => "县级单位", "Counties";
    CountiesValue => "{} 个", "{}";
    Schools => "学校", "Schools";
    SchoolsValue => "{} 所", "{}";
    ClosedSchools => "（另有已撤并 {} 所）", " (plus {} closed)";
    Students => "在校生", "Students";
    StudentsValue => "{} 人", "{}";
    Alliances => "学校联盟", "Alliances";
    AlliancesValue => "{} 个，成员校 {} 所", "{}, {} member schools";
    OpenCases => "台账在册", "Open cases";
    OpenCasesValue => "{} 件（失学辍学 {} 件）", "{} ({} out of school)";
    ZeroOut => "已清零", "at zero";
    NoOpenCases => "无", "none";
    QualityByCounty => "优质均衡进度", "Quality balance progress";
    // Facts form.
    EditFacts => "编辑县情", "Edit county facts";
    Saved => "已保存。", "Saved.";
    NothingChanged => "没有改动。", "Nothing changed.";
    UnexpectedChoice => "收到未预期的选择（{}），未做任何更改。", "An unexpected choice ({}) arrived; nothing was changed.";
    Cancelled => "已取消，未保存任何内容。", "Cancelled; nothing was saved.";
    ErrNotInteger => "请输入整数（不带小数点），或留空。", "Enter a whole number, or leave it empty.";
    ErrNegative => "不能为负数。", "Must not be negative.";
    ErrNotNumber => "请输入数字，例如 17344 或 17344.5，或留空。", "Enter a number such as 17344 or 17344.5, or leave it empty.";
    ErrYear => "年份应在 {} 至 {} 之间。", "The year must be between {} and {}.";
    ErrYearOrder => "目标年不能早于创建起始年。", "The target year cannot be before the start year.";
    FixErrors => "有 {} 项需要更正（见标红的字段），未保存。", "{} field(s) need correcting (marked); nothing saved.";
    Conflict => "他人已先保存了此记录，未覆盖。右侧显示对方的数值；再按 F2 以您的输入覆盖，Esc 放弃。", "Someone else saved this record first; nothing was overwritten. Their values are shown on the right; press F2 again to apply yours, Esc to discard.";
    TheirValue => "对方：", "theirs: ";
    Busy => "数据库正被他人写入，请稍后再按 F2 保存。您的输入仍在。", "The database is busy with another writer; press F2 again shortly. Your input is kept.";
    Waiting => "正在等待同事的写入结束（已等 {} 秒）… Esc 停止等待，输入保留", "Waiting for another session's write ({} s)… Esc stops waiting; input kept";
    WaitCancelled => "已停止等待，未保存；您的输入仍在，稍后再按 F2 保存。", "Stopped waiting; nothing saved. Your input is kept: press F2 again later.";
    DraftFailed => "无法保存草稿到 {}：{}。请尽快按 F2 保存。", "Cannot keep a draft in {}: {}. Save with F2 soon.";
    SaveFailed => "保存失败：{}。您的输入仍在。", "Save failed: {}. Your input is kept.";
    // Refusals.
    RefusedUnknownUser => "您（{}）不在本库的用户名单中，不能修改，也看不到案件。请管理员运行：\n{}\n（填报员：--role filler --scope <学校标识码>）", "You ({}) are not a user of this database: you cannot change anything or see cases. Ask an administrator to run:\n{}\n(for data entry: --role filler --scope <SCHOOL-CODE>)";
    AddUserCommand => "taizhang{} user add {} --role readonly --scope <县代码>", "taizhang{} user add {} --role readonly --scope <COUNTY-CODE>";
    RefusedReadOnlyRole => "您的角色是“只读”，不能修改。需要修改请联系县级管理员。", "Your role is read-only. Ask a county administrator if you need to make changes.";
    SettingBadValue => "{} 不是 {} 的可选值；可选：{}。", "{} is not a value of {}; possible: {}.";
    SettingUnknownKey => "没有可在此修改的设置 {}；可用：{}。", "No setting {} can be changed here; available: {}.";
    SettingDone => "已设置 {} = {}（之后打开的会话生效）。", "Set {} = {} (sessions opened from now on).";
    SettingNotPerCounty => "{} 是全库设置，不能按县设置：去掉 --county。", "{} is database-wide, not set per county: leave out --county.";
    SettingFromCounty => "本县设置", "the county's own";
    SettingFromProvince => "全省设置或默认", "province-wide or default";
    SettingProvinceWide => "全省", "Province-wide";
    SettingCycleDone => "{}：{}（{}）已设为 {}，写入审计日志。", "{}: {} ({}) set to {}, written to the audit log.";
    SettingRefused => "{}（{}）：{}", "{} ({}): {}";
    SettingNotInteger => "“{}”不是整数，请填写数字（如 28）。", "“{}” is not a whole number; type digits (e.g. 28).";
    SettingOutOfRange => "须在 {} 到 {} 之间（填的是 {}）。", "Must be between {} and {} (it is {}).";
    RefusedOutsideSchool => "您负责的是{}；此记录属于{}，不在您的范围内。请该校的填报员或县级管理员办理。", "You work for {}; this record belongs to {}, outside your scope. Ask that school's data-entry staff or the county administrator.";
    RefusedOutOfScope => "此记录属于 {}，不在您的负责范围内；只有该地区的管理员或填报员可以修改。", "This record belongs to {}, outside your scope; only its administrators or data-entry staff may change it.";
    RefusedAdminOnly => "只有县级管理员可以做这项修改。", "Only a county administrator may make this change.";
    RefusedReadOnlyFile => "数据库以只读方式打开（{}），无法保存。", "The database is open read-only ({}); nothing can be saved.";
    ReadOnlyFile => "文件没有写权限", "the file is not writable";
    ReadOnlyFolder => "所在目录没有写权限，SQLite 无法创建 -wal/-shm 文件", "its folder is not writable, so SQLite cannot create its -wal/-shm files";
    GuestCounts => "您（{}）未登记：可看统计和图表，看不到案件和个人信息。", "You ({}) are not registered: counts and charts only, no cases or personal details.";
    GuestMasked => "您（{}）未登记：只能查看，证件号打码。", "You ({}) are not registered: read only, ID numbers masked.";
    GuestNothing => "您（{}）未登记：本库不向未登记的用户显示记录。", "You ({}) are not registered: this database shows no records to unregistered logins.";
    GuestAsk => "{}请管理员运行：\n{}\n（填报员：--role filler --scope <学校标识码>）", "{} Ask an administrator to run:\n{}\n(for data entry: --role filler --scope <SCHOOL-CODE>)";
    SuspendRefused => "这是登录 shell，无法挂起（Ctrl-Z）；请用 q 退出。", "This is a login shell, so Ctrl-Z cannot suspend; use q to quit.";
    // Open errors: each names the path and what to do.
    OpenNoDatabase => "数据库 {} 不存在或为空，未创建任何文件。新建工作数据库请运行 taizhang init --db {}（演示库用 taizhang demo）；若是路径写错，请改正 --db。", "Database {} does not exist or is empty; nothing was created. To make a working database run taizhang init --db {} (for a demo one, taizhang demo); if the path is mistyped, correct --db.";
    OpenMissingFolder => "无法创建数据库 {}：所在目录不存在。请先创建该目录（mkdir -p），或用 --db 指定其他路径。", "Cannot create database {}: its folder does not exist. Create the folder first (mkdir -p) or choose another path with --db.";
    OpenIsDirectory => "{} 是一个目录，不是数据库文件。请在 --db 后给出文件路径，例如 {}/taizhang.db。", "{} is a directory, not a database file. Give a file path after --db, e.g. {}/taizhang.db.";
    OpenNotSqlite => "{} 不是 SQLite 数据库文件（文件头不对）。文件未被改动。请检查路径是否写错。", "{} is not an SQLite database (wrong file header). The file was not changed. Check the path.";
    OpenForeign => "{} 是其他程序的 SQLite 数据库，不是台账数据库。文件未被改动。", "{} is an SQLite database of another program, not a taizhang database. The file was not changed.";
    OpenNoRead => "没有读取 {} 的权限。请联系服务器管理员把您加入数据库所属的用户组（见 README“多人共用”）。", "No permission to read {}. Ask the server administrator to add you to the database's group (see README, \"Sharing\").";
    OpenLocked => "数据库 {} 被其他会话长时间锁定（正在写入），等待 {} 秒后放弃，未做任何更改。请稍后重试，或用 --busy-timeout 秒数 等得更久。", "Database {} has been locked by another session's write for more than {} s; nothing was changed. Try again later, or wait longer with --busy-timeout SECONDS.";
    OpenNewer => "数据库 {} 的结构版本是 {}，本程序只认识到版本 {}：它由更新版本的台账创建。请升级 taizhang。文件未被改动。", "Database {} has schema version {}, but this program knows only up to {}: it was made by a newer taizhang. Please upgrade. The file was not changed.";
    OpenNeedsUpgradeRo => "数据库 {} 需要先建立或升级结构，但它是只读的。请让有写权限的人先打开一次。", "Database {} needs its schema created or upgraded, but it is read-only. Ask someone with write access to open it once.";
    OpenCannotCreate => "无法在 {} 创建或打开数据库：{}。", "Cannot create or open database at {}: {}.";
    OpenDamaged => "数据库 {} 已损坏（{}）。为保护数据，本命令没有读写其中任何内容。请运行 taizhang check --db {} 查看，再用 taizhang backup 做的备份替换它（先把损坏的文件另存一份）。", "Database {} is damaged ({}). To protect the data this command read and wrote nothing in it. Run taizhang check --db {} for details, then replace it with a copy made by taizhang backup (keep the damaged file aside first).";
    DamagedBanner => "文件已损坏", "file damaged";
    DamagedNotice => "文件已损坏，已停止保存，输入留作草稿。请退出并运行 taizhang check", "File damaged: saving stopped, input kept as draft. Quit, run taizhang check.";
    DamageReport => "SQLite 检查报告：{}", "SQLite's check reports: {}";
    DamageCorrupt => "文件结构损坏", "its structure is broken";
    DamageTruncated => "文件被截断，缺少部分内容", "it is cut short, part of it is missing";
    RefusedDamaged => "文件已损坏，不能保存：请运行 taizhang check，并从 taizhang backup 的备份恢复", "The file is damaged; nothing can be saved. Run taizhang check, restore a backup.";
    ReadOnlyDamaged => "文件已损坏：请运行 taizhang check，并从 taizhang backup 的备份恢复", "the file is damaged: run taizhang check and restore from a taizhang backup copy";
    BusyCli => "数据库正被其他会话写入，等待 {} 秒后放弃，未做任何更改。请稍后重试，或用 --busy-timeout 秒数 等得更久。", "Another session is writing to the database; gave up after waiting {} s and changed nothing. Try again later, or wait longer with --busy-timeout SECONDS.";
    SqlCorrupt => "数据库文件已损坏（请运行 taizhang check，并从 taizhang backup 的备份恢复）", "the database file is damaged (run taizhang check and restore from a taizhang backup copy)";
    SqlNotDb => "文件被截断或不是数据库（请运行 taizhang check，并从 taizhang backup 的备份恢复）", "the file is cut short or is not a database (run taizhang check and restore from a taizhang backup copy)";
    SqlBusy => "数据库正被其他会话写入", "another session is writing to the database";
    SqlReadOnly => "数据库文件是只读的", "the database file is read-only";
    SqlFull => "磁盘已满，请清理磁盘空间后重试", "the disk is full; free some space and try again";
    SqlCantOpen => "无法打开数据库文件，请检查路径和权限", "cannot open the database file; check the path and permissions";
    SqlIo => "读写磁盘出错，请检查磁盘", "a disk read or write failed; check the disk";
    SqlOther => "数据库出错：{}", "database error: {}";
    OpenSqlite => "打开数据库 {} 出错：{}。", "Error opening database {}: {}.";
    NoDataDir => "无法确定用户数据目录（没有 HOME？）。请用 --db 指定数据库路径。", "Cannot find the user data directory (no HOME?). Give a database path with --db.";
    Created => "已创建新数据库：{}", "Created a new database: {}";
    // CLI.
    UserAdded => "已设置用户 {}：{}，范围 {}。", "User {} set: {}, scope {}.";
    ScopeUnknown => "找不到范围代码 {}：请给出 6 位地区代码（如 231123）或 10 位学校标识码。", "Unknown scope {}: give a 6-digit region code (e.g. 231123) or a 10-digit school code.";
    PhoneBad => "电话 {} 无效：应为 1 开头的 11 位手机号。", "Invalid phone {}: a mobile number is 11 digits starting with 1.";
    RoleUnknown => "未知角色 {}：可用 admin（县级管理员）、filler（学校填报员）、readonly（只读）。", "Unknown role {}: use admin, filler or readonly.";
    DemoExists => "{} 已存在且不为空；演示库只写入新文件。请换一个路径或先删除它。", "{} already exists and is not empty; demo databases are only written to new files. Choose another path or remove it first.";
    InitExists => "{} 已存在且不为空；init 只创建新的数据库，不会改动已有文件。", "{} already exists and is not empty; init only creates new databases and leaves existing files alone.";
    InitDone => "已创建工作数据库：{}（无演示数据；{} 为管理员）。下一步：taizhang --db {} user add 登录名 --role admin --scope 县代码", "Working database created: {} (no demo data; {} is its administrator). Next: taizhang --db {} user add LOGIN --role admin --scope CODE";
    DemoDone => "演示库已生成：{}（{} 所学校，{} 个联盟，{} 件台账），用时 {} 秒。", "Demo database written: {} ({} schools, {} alliances, {} cases) in {} s.";
    WriteRefused => "未执行：{}", "Not done: {}";
    // Help.
    HelpTitle => "帮助", "Help";
    HelpMore => "下面还有 {} 行：j 或下方向键", "{} more lines below: j or Down";
    CountyPage => "县情", "County";
    SchoolKinds => "学校构成", "Schools by type";
    CasesByStatus => "台账在册（按状态）", "Open cases by status";
    AllianceList => "学校联盟", "Alliances";
    ListSep => "、", ", ";
    // Two words that read as one phrase: 县级结对帮扶, "county pairing".
    Phrase => "{}{}", "{} {}";
    WhoRole => "{}（{}）", "{} ({})";
    PressEnterToChoose => "（按 Enter 选择）", "(Enter to choose)";
    NoneYet => "暂无", "none yet";
    Members => "{} 所成员校", "{} members";
    MoreRows => "（另有 {} 项）", "(+{} more)";
}}

/// The visible name of a domain code.
pub trait Label {
    fn label(&self) -> &'static str;

    /// The name in a narrow table cell: English words chosen to fit where the Chinese
    /// does, instead of being cut (`data/labels.tsv`'s fifth column).
    fn short(&self) -> &'static str {
        self.label()
    }

    /// Both languages' names: what a typed value may be (`--to 教学点` in an English session).
    fn names(&self) -> [&'static str; 2] {
        [self.label(), self.label()]
    }
}

macro_rules! labels {
    ($ty:ty { $($variant:path => $zh:literal, $en:literal, $short:literal;)+ }) => {
        impl Label for $ty {
            fn label(&self) -> &'static str {
                match (self, lang()) {
                    $(($variant, Lang::Zh) => $zh, ($variant, Lang::En) => $en,)+
                }
            }

            fn short(&self) -> &'static str {
                match (self, lang()) {
                    $(($variant, Lang::Zh) => $zh, ($variant, Lang::En) => $short,)+
                }
            }

            fn names(&self) -> [&'static str; 2] {
                match self {
                    $($variant => [$zh, $en],)+
                }
            }
        }
    };
}

// The codes' labels are data: `data/labels.tsv`, one row a variant (see build.rs).
include!(concat!(env!("OUT_DIR"), "/labels.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_in_order() {
        assert_eq!(fill("a {} b {}", &[&1, &"x"]), "a 1 b x");
        assert_eq!(fill("no args", &[]), "no args");
    }
}
