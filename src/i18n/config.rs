//! Words of the settings file (`taizhang config`, a mistake in `config.toml`), of shell
//! completions and the man page, and of progress bars.

use crate::config::{ConfigError, LoadError, Problem};
use std::path::Path;

texts! { C {
    File => "配置文件：{}", "Settings file: {}";
    FileAbsent => "配置文件：{}（还没有，用 taizhang config set 键 值 创建）",
        "Settings file: {} (none yet: taizhang config set KEY VALUE makes it)";
    NothingSet => "未设置任何项：全部用默认值。", "Nothing is set: every default applies.";
    Keys => "可设置的键：lang（zh|en）、ascii（true|false，ASCII 边框）、color（true|false，false 即无颜色）、db（默认数据库路径）、columns.列表名（列的选择）。命令行参数和环境变量优先于配置文件。",
        "Keys: lang (zh|en), ascii (true|false: ASCII borders), color (true|false: false means no colours), db (the default database), columns.LIST (column choices). Command-line flags and environment variables win over the file.";
    Set => "已设置 {} = {}（{}）。", "Set {} = {} ({}).";
    Bad => "配置文件 {} 第 {} 行{}：{}。请改正该行，或用 taizhang config set 重写该键。",
        "Settings file {} line {}{}: {}. Correct that line, or rewrite the key with taizhang config set.";
    BadSet => "不能设置 {}：{}。", "Cannot set {}: {}.";
    KeyPart => "（{}）", " ({})";
    NotKeyValue => "应为“键 = 值”、“[columns]”或以 # 开头的注释", "expected 'key = value', '[columns]' or a # comment";
    UnknownSection => "没有 [{}] 这一节，只有 [columns]", "there is no section [{}], only [columns]";
    UnknownKey => "不认识这个键；可用的键：lang、ascii、color、db，以及 [columns] 下的列表名",
        "unknown key; the keys are lang, ascii, color, db, and list names under [columns]";
    NotBool => "“{}”不是 true 或 false", "'{}' is not true or false";
    NotLang => "语言“{}”不可用，可选 zh 或 en", "language '{}' is not available: zh or en";
    BadString => "引号没有闭合，或引号后还有别的文字", "a quote is not closed, or text follows it";
    Empty => "值不能为空", "the value cannot be empty";
    Repeated => "第 {} 行已设置过这个键", "this key is already set on line {}";
    Unreadable => "无法读取配置文件 {}：{}。", "Cannot read the settings file {}: {}.";
    NotUtf8 => "配置文件 {} 不是 UTF-8 文本。请用 UTF-8 保存。", "The settings file {} is not UTF-8 text. Save it as UTF-8.";
    NoConfigDir => "找不到用户配置目录（HOME 未设置？）。可用 TAIZHANG_CONFIG 指定文件。",
        "No user config directory (is HOME set?). Name a file with TAIZHANG_CONFIG.";
    // A list's column choices (`[columns]`), from the table keys.
    PickLeft => "选左列", "column left";
    PickRight => "选右列", "column right";
    Narrower => "列变窄", "narrower";
    Wider => "列变宽", "wider";
    HideColumn => "隐藏列", "hide column";
    ResetColumns => "恢复全部列", "all columns";
    AboutHide => "隐藏的列按 = 恢复（同时恢复原来的列宽）；每个列表的选择记在配置文件的 [columns] 里",
        "= brings hidden columns back (and the usual widths); each list's choice is kept under [columns] in the settings file";
    AboutPick => "所选列的标题反显；然后用 < > 调宽度，H 隐藏", "the picked column's header is shown reversed; then < > set its width, H hides it";
    ColumnPicked => "列“{}”，宽 {}：{} 变窄，{} 变宽，{} 隐藏，{} 恢复全部列。",
        "Column '{}', {} wide: {} narrower, {} wider, {} hides, {} shows every column again.";
    ColumnWidth => "列“{}”宽 {}。按 {} 恢复原来的列宽。", "Column '{}' is {} wide. {} restores the usual widths.";
    ColumnHidden => "已隐藏列“{}”。按 {} 恢复全部列。", "Column '{}' hidden. {} shows every column again.";
    ColumnsReset => "已恢复全部列和原来的列宽。", "Every column is shown again, at its usual width.";
    LastColumn => "“{}”是最后一列，不能隐藏。", "'{}' is the last column shown: it cannot be hidden.";
    ColumnLimit => "列“{}”宽 {}，不能再{}。", "Column '{}' is {} wide and can go no {}.";
    Narrower1 => "窄", "narrower";
    Wider1 => "宽", "wider";
    NoColumns => "这张表没有可选的列。", "This table has no columns to pick.";
    ColumnsNotSaved => "列的选择只在本次有效：{}", "The column choice lasts for this session only: {}";
    CannotWrite => "无法写入配置文件 {}：{}。", "Cannot write the settings file {}: {}.";
    ManWritten => "已写入 {} 个手册页到 {}。", "Wrote {} manual pages to {}.";
    // The man page's headings (clap_mangen writes them in English).
    ManName => "名称", "NAME";
    ManSynopsis => "用法", "SYNOPSIS";
    ManDescription => "说明", "DESCRIPTION";
    ManOptions => "选项", "OPTIONS";
    ManSubcommands => "命令", "SUBCOMMANDS";
    ManVersion => "版本", "VERSION";
    ManExit => "退出码", "EXIT STATUS";
    ManFiles => "文件", "FILES";
    ManFilesText => "配置文件：{}（见 taizhang config）。", "Settings: {} (see taizhang config).";
    // Progress bars: the template's words around indicatif's fields.
    // {wide_bar} takes what the terminal's width leaves; {rate} is rows a second.
    BarTemplate => "{msg} [{wide_bar}] {percent:>3}% {human_pos}/{human_len} {rate}/秒 剩余 {eta}",
        "{msg} [{wide_bar}] {percent:>3}% {human_pos}/{human_len} {rate}/s {eta} left";
    SpinnerTemplate => "{spinner} {msg}… 已用 {elapsed}", "{spinner} {msg}… {elapsed}";
    Demo => "生成演示数据", "writing demo data";
    Backup => "备份", "backing up";
    Check => "检查", "checking";
    Export => "导出", "exporting";
    Verify => "比对", "comparing";
}}

/// What is wrong with a line, in words: each problem's sentence and the value it names.
pub fn problem_text(p: &Problem) -> String {
    let (words, value) = match p {
        Problem::UnknownSection(v) | Problem::NotBool(v) | Problem::NotLang(v) => (section_or_value(p), v.clone()),
        Problem::Repeated(line) => (C::Repeated, line.to_string()),
        Problem::NotKeyValue => (C::NotKeyValue, String::new()),
        Problem::UnknownKey => (C::UnknownKey, String::new()),
        Problem::BadString => (C::BadString, String::new()),
        Problem::Empty => (C::Empty, String::new()),
    };
    crate::i18n::fill(words.s(), &[&value])
}

/// The sentence of a problem that names what was written.
fn section_or_value(p: &Problem) -> C {
    match p {
        Problem::UnknownSection(_) => C::UnknownSection,
        Problem::NotBool(_) => C::NotBool,
        _ => C::NotLang,
    }
}

/// The sentence for a mistake in the file at `path`.
pub fn error_text(path: &Path, e: &ConfigError) -> String {
    use crate::i18n::fill;
    let key = if e.key.is_empty() { String::new() } else { fill(C::KeyPart.s(), &[&e.key]) };
    fill(C::Bad.s(), &[&path.display(), &e.line, &key, &problem_text(&e.problem)])
}

/// The sentence for a file that could not be read.
pub fn load_error_text(path: &Path, e: &LoadError) -> String {
    use crate::i18n::fill;
    match e {
        LoadError::Unreadable(err) => fill(C::Unreadable.s(), &[&path.display(), err]),
        LoadError::NotUtf8 => fill(C::NotUtf8.s(), &[&path.display()]),
        LoadError::Bad(b) => error_text(path, b),
    }
}

/// Why a column choice was not kept in the settings file.
pub fn save_error_text(e: &crate::config::SaveError) -> String {
    use crate::i18n::fill;
    let why = match e {
        crate::config::SaveError::Io(path, err) => fill(C::CannotWrite.s(), &[&path.display(), err]),
        crate::config::SaveError::Bad(path, bad) => error_text(path, bad),
    };
    fill(C::ColumnsNotSaved.s(), &[&why])
}
