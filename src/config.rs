//! The user's settings file, `config.toml` in the user's config directory (or
//! `TAIZHANG_CONFIG`): language, borders, colours, the default database and, under
//! `[columns]`, a list's column choices. Flags and environment variables override it.
//!
//! The file is a small subset of TOML (`key = value`, `[columns]`, `#` comments), read
//! line by line so that a mistake is named by its line and key; `i18n::config` words it.

use std::path::{Path, PathBuf};

/// The keys of the top section, as written in the file.
pub const KEYS: &[&str] = &["lang", "ascii", "color", "db"];

/// The section of column choices: `ledger = "school=20,reason=hide"` (one key per list,
/// see [`Columns`]).
pub const COLUMNS: &str = "columns";

/// What the file sets; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// Plain ASCII borders (`--ascii`).
    pub ascii: Option<bool>,
    /// `false`: no colours (as `NO_COLOR`).
    pub color: Option<bool>,
    /// The database used without `--db` / `TAIZHANG_DB`.
    pub db: Option<PathBuf>,
    /// Column choices per list, in file order.
    pub columns: Vec<(String, String)>,
}

impl Config {
    /// The column choice saved for `list`, if any.
    pub fn columns_for(&self, list: &str) -> Option<&str> {
        self.columns.iter().find(|(k, _)| k == list).map(|(_, v)| v.as_str())
    }

    /// Every setting as (key, value) in the file's spelling, for `taizhang config`.
    pub fn entries(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(v) = &self.lang {
            out.push(("lang".to_string(), v.clone()));
        }
        if let Some(v) = self.ascii {
            out.push(("ascii".to_string(), v.to_string()));
        }
        if let Some(v) = self.color {
            out.push(("color".to_string(), v.to_string()));
        }
        if let Some(v) = &self.db {
            out.push(("db".to_string(), v.display().to_string()));
        }
        out.extend(self.columns.iter().map(|(k, v)| (format!("{COLUMNS}.{k}"), v.clone())));
        out
    }
}

/// What is wrong with one line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Neither `key = value`, `[section]`, a comment nor blank.
    NotKeyValue,
    UnknownSection(String),
    UnknownKey,
    /// `true` or `false` expected.
    NotBool(String),
    /// `zh` or `en` expected.
    NotLang(String),
    /// A string opened with `"` and not closed, or text after it.
    BadString,
    Empty,
    /// The key was already set on that line.
    Repeated(usize),
}

/// A mistake in the file: where, which key, what. `line` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub key: String,
    pub problem: Problem,
}

/// Why the file could not be read (it may be absent: that is no error).
#[derive(Debug)]
pub enum LoadError {
    Unreadable(std::io::Error),
    NotUtf8,
    Bad(ConfigError),
}

/// Where the file is: `TAIZHANG_CONFIG`, else `config.toml` in the user's config directory.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TAIZHANG_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("cn", "taizhang", "taizhang")?;
    Some(dirs.config_dir().join("config.toml"))
}

/// Reads the file at `path`; an absent file sets nothing.
pub fn load(path: &Path) -> Result<Config, LoadError> {
    match std::fs::read(path) {
        Ok(bytes) => parse(&String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8)?).map_err(LoadError::Bad),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(LoadError::Unreadable(e)),
    }
}

/// Parses the text of a config file; the first mistake is returned.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    let mut section = String::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = name.trim().to_string();
            if section != COLUMNS {
                return Err(ConfigError { line, key: String::new(), problem: Problem::UnknownSection(section) });
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(ConfigError { line, key: trimmed.to_string(), problem: Problem::NotKeyValue });
        };
        let key = key.trim().to_string();
        let err = |problem| ConfigError { line, key: key.clone(), problem };
        let full = if section.is_empty() { key.clone() } else { format!("{section}.{key}") };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == full) {
            return Err(err(Problem::Repeated(*first)));
        }
        seen.push((full, line));
        let value = value_of(value).ok_or_else(|| err(Problem::BadString))?;
        set(&mut config, &section, &key, value).map_err(err)?;
    }
    Ok(config)
}

/// The value after `=`: a `"…"` string (with `\"` and `\\`) or a bare word, a trailing
/// `# comment` allowed. `None` when a quoted string is broken.
fn value_of(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let Some(rest) = raw.strip_prefix('"') else {
        let bare = raw.split_once(" #").map_or(raw, |(v, _)| v);
        return Some(bare.trim().to_string());
    };
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => {
                let tail = chars.as_str().trim();
                return (tail.is_empty() || tail.starts_with('#')).then_some(out);
            }
            c => out.push(c),
        }
    }
    None
}

/// Sets `key` of `section` (`""` is the top) to `value`, checked.
fn set(config: &mut Config, section: &str, key: &str, value: String) -> Result<(), Problem> {
    if section == COLUMNS {
        if key.is_empty() {
            return Err(Problem::UnknownKey);
        }
        config.columns.push((key.to_string(), value));
        return Ok(());
    }
    let boolean = |v: &str| match v {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(Problem::NotBool(other.to_string())),
    };
    match key {
        "lang" => match value.as_str() {
            "zh" | "en" => config.lang = Some(value),
            _ => return Err(Problem::NotLang(value)),
        },
        "ascii" => config.ascii = Some(boolean(&value)?),
        "color" => config.color = Some(boolean(&value)?),
        "db" if value.is_empty() => return Err(Problem::Empty),
        "db" => config.db = Some(expand_home(&value)),
        _ => return Err(Problem::UnknownKey),
    }
    Ok(())
}

/// `~/x` is `x` in the home directory, as a shell would read it.
fn expand_home(value: &str) -> PathBuf {
    match (value.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(value),
    }
}

/// The file's text with `key` (`lang`, `columns.ledger`) set to `value`: the key's line is
/// replaced where it is, else the line is added to its section. The value is checked first.
pub fn with_set(text: &str, key: &str, value: &str) -> Result<String, ConfigError> {
    let (section, name) = match key.split_once('.') {
        Some((s, n)) => (s, n),
        None => ("", key),
    };
    if section != COLUMNS && !section.is_empty() {
        return Err(ConfigError { line: 0, key: key.to_string(), problem: Problem::UnknownSection(section.into()) });
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    let is_bool = section.is_empty() && (name == "ascii" || name == "color");
    let line = if is_bool { format!("{name} = {value}") } else { format!("{name} = \"{escaped}\"") };
    set(&mut Config::default(), section, name, value.to_string()).map_err(|problem| ConfigError {
        line: 0,
        key: key.to_string(),
        problem,
    })?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut current = String::new();
    let mut section_end = None;
    for (i, l) in lines.iter_mut().enumerate() {
        let t = l.trim();
        if let Some(s) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            current = s.trim().to_string();
            continue;
        }
        if current == section {
            section_end = Some(i + 1);
            if t.split_once('=').is_some_and(|(k, _)| k.trim() == name) && !t.starts_with('#') {
                *l = line;
                return Ok(join(lines));
            }
        }
    }
    match (section.is_empty(), section_end) {
        (_, Some(at)) => lines.insert(at, line),
        // The top section ends where the first section starts.
        (true, None) => {
            let at = lines.iter().position(|l| l.trim().starts_with('[')).unwrap_or(lines.len());
            lines.insert(at, line);
        }
        (false, None) => {
            lines.push(format!("[{section}]"));
            lines.push(line);
        }
    }
    Ok(join(lines))
}

fn join(lines: Vec<String>) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// One list's column choices, as written under `[columns]`: `school=20,reason=hide` (a
/// column's width in terminal columns, or hidden), by the column's stable key, so that a
/// change of language keeps them. Keys a list no longer has are ignored: columns come and
/// go between versions, and an old choice must not stop the program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub hidden: Vec<String>,
    /// Widths the user set, in display columns.
    pub widths: Vec<(String, usize)>,
}

impl Columns {
    /// Reads the value of a `[columns]` key; items it cannot read are left out.
    pub fn parse(text: &str) -> Columns {
        let mut c = Columns::default();
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match item.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
                Some((k, "hide")) => c.hidden.push(k.to_string()),
                Some((k, v)) => {
                    if let Ok(w) = v.parse::<usize>() {
                        c.widths.push((k.to_string(), w));
                    }
                }
                None => {}
            }
        }
        c
    }

    pub fn text(&self) -> String {
        let hidden = self.hidden.iter().map(|k| format!("{k}=hide"));
        let widths = self.widths.iter().map(|(k, w)| format!("{k}={w}"));
        hidden.chain(widths).collect::<Vec<_>>().join(",")
    }

    pub fn is_hidden(&self, key: &str) -> bool {
        self.hidden.iter().any(|k| k == key)
    }

    pub fn width(&self, key: &str) -> Option<usize> {
        self.widths.iter().find(|(k, _)| k == key).map(|(_, w)| *w)
    }

    pub fn set_width(&mut self, key: &str, width: usize) {
        self.widths.retain(|(k, _)| k != key);
        self.widths.push((key.to_string(), width));
    }

    pub fn hide(&mut self, key: &str) {
        if !self.is_hidden(key) {
            self.hidden.push(key.to_string());
        }
    }
}

/// Why a column choice could not be written to the settings file.
#[derive(Debug)]
pub enum SaveError {
    Io(PathBuf, std::io::Error),
    /// The file has a mistake (made by hand since the start): it is left as it is.
    Bad(PathBuf, ConfigError),
}

/// The lists' column choices of this session: read from the settings file at the start
/// and written back to its `[columns]` section when the user changes one. Without a file
/// (tests, a machine with no config directory) they last as long as the session.
#[derive(Debug, Clone, Default)]
pub struct ColumnStore {
    path: Option<PathBuf>,
    lists: Vec<(String, String)>,
}

impl ColumnStore {
    /// Choices kept in `path` (`config.toml`), starting from `lists` as read from it.
    pub fn at(path: PathBuf, lists: Vec<(String, String)>) -> ColumnStore {
        ColumnStore { path: Some(path), lists }
    }

    /// Reads the choices in the file at `path` (an absent file has none).
    pub fn load(path: PathBuf) -> Result<ColumnStore, LoadError> {
        let lists = load(&path)?.columns;
        Ok(ColumnStore::at(path, lists))
    }

    pub fn get(&self, list: &str) -> Columns {
        self.lists.iter().find(|(k, _)| k == list).map(|(_, v)| Columns::parse(v)).unwrap_or_default()
    }

    /// Keeps `columns` for `list`, in the file too when there is one: the key's line is
    /// replaced in place (the rest of the file as the user wrote it), then written whole to
    /// a temporary name and renamed, so the file is never half written.
    pub fn set(&mut self, list: &str, columns: &Columns) -> Result<(), SaveError> {
        let value = columns.text();
        self.lists.retain(|(k, _)| k != list);
        self.lists.push((list.to_string(), value.clone()));
        let Some(path) = &self.path else { return Ok(()) };
        let io = |e| SaveError::Io(path.clone(), e);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(io(e)),
        };
        parse(&text).map_err(|e| SaveError::Bad(path.clone(), e))?;
        let new = with_set(&text, &format!("{COLUMNS}.{list}"), &value).map_err(|e| SaveError::Bad(path.clone(), e))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut tmp = path.clone().into_os_string();
        tmp.push(".new");
        std::fs::write(&tmp, new).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let c = parse(
            "# mine\nlang = \"en\"\nascii = true\ncolor = false # plain\ndb = \"/srv/逊克.db\"\n\n[columns]\nledger = \"name,status\"\n",
        )
        .expect("parses");
        assert_eq!(c.lang.as_deref(), Some("en"));
        assert_eq!((c.ascii, c.color), (Some(true), Some(false)));
        assert_eq!(c.db, Some(PathBuf::from("/srv/逊克.db")));
        assert_eq!(c.columns_for("ledger"), Some("name,status"));
    }

    #[test]
    fn mistakes_name_line_and_key() {
        let e = parse("lang = \"en\"\nascii = yes\n").expect_err("bad bool");
        assert_eq!((e.line, e.key.as_str(), e.problem), (2, "ascii", Problem::NotBool("yes".into())));
        let e = parse("colour = true").expect_err("unknown");
        assert_eq!((e.line, e.problem), (1, Problem::UnknownKey));
        let e = parse("lang = \"fr\"").expect_err("lang");
        assert_eq!(e.problem, Problem::NotLang("fr".into()));
        let e = parse("\n\nlang = \"en").expect_err("open string");
        assert_eq!((e.line, e.problem), (3, Problem::BadString));
        let e = parse("[colors]\n").expect_err("section");
        assert_eq!(e.problem, Problem::UnknownSection("colors".into()));
        let e = parse("ascii = true\nascii = false").expect_err("twice");
        assert_eq!((e.line, e.problem), (2, Problem::Repeated(1)));
        let e = parse("just words").expect_err("no =");
        assert_eq!(e.problem, Problem::NotKeyValue);
    }

    #[test]
    fn set_replaces_or_adds_and_checks() {
        let text = "lang = \"zh\"\n[columns]\nledger = \"name\"\n";
        let t = with_set(text, "lang", "en").expect("set");
        assert_eq!(t, "lang = \"en\"\n[columns]\nledger = \"name\"\n");
        let t = with_set(&t, "ascii", "true").expect("add");
        assert_eq!(parse(&t).expect("still parses").ascii, Some(true));
        assert!(t.find("ascii").unwrap_or(usize::MAX) < t.find("[columns]").unwrap_or(0), "added to the top section");
        let t = with_set(&t, "columns.schools", "name,code").expect("add column");
        assert_eq!(parse(&t).expect("parses").columns_for("schools"), Some("name,code"));
        let t = with_set("", "columns.ledger", "a\"b").expect("new section");
        assert_eq!(parse(&t).expect("parses").columns_for("ledger"), Some("a\"b"));
        assert_eq!(with_set(text, "ascii", "yes").expect_err("bad").problem, Problem::NotBool("yes".into()));
        assert_eq!(with_set(text, "font", "x").expect_err("unknown").problem, Problem::UnknownKey);
    }

    #[test]
    fn column_choices_round_trip_through_the_file() {
        let c = Columns::parse(" school=20, reason=hide,bad, id=x ,name=6");
        assert_eq!(c.hidden, ["reason"]);
        assert_eq!(c.widths, [("school".to_string(), 20), ("name".to_string(), 6)]);
        assert_eq!(Columns::parse(&c.text()), c);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("config.toml");
        let mut store = ColumnStore::load(path.clone()).expect("absent is empty");
        store.set("ledger", &c).expect("written");
        store.set("schools", &Columns::default()).expect("written");
        let again = ColumnStore::load(path.clone()).expect("reads");
        assert_eq!(again.get("ledger"), c);
        std::fs::write(&path, "lang = \"fr\"\n").expect("spoil");
        assert!(matches!(store.set("ledger", &c), Err(SaveError::Bad(_, _))), "a spoiled file is left alone");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "lang = \"fr\"\n");
    }
}
