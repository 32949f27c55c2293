//! A file list under a typed path, as a shell completes one: the text up to the last `/`
//! names a folder, the rest filters its entries by prefix. `..` first, then folders, then
//! only the spreadsheets that can be imported, each with its size and date. The listing
//! and filtering are plain functions (testable without a terminal); `FileList` keeps the
//! selection and draws it.

use crate::i18n::fill;
use crate::i18n::io::X;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, fit_right};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;
use std::path::{Path, PathBuf};

/// File extensions the import reads (lower case, without the dot).
pub const SPREADSHEET_EXTENSIONS: [&str; 3] = ["csv", "xlsx", "xls"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    Parent,
    Dir,
    File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: EntryKind,
    pub size: u64,
    pub modified: Option<NaiveDate>,
}

impl Entry {
    /// The name as listed: folders end with `/`.
    pub fn shown_name(&self) -> String {
        match self.kind {
            EntryKind::Parent => "../".to_string(),
            EntryKind::Dir => format!("{}/", self.name),
            EntryKind::File => self.name.clone(),
        }
    }
}

/// One folder's entries, filtered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The folder listed (with `~` expanded).
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    /// Files left out because they are not spreadsheets (hidden ones not counted).
    pub other_files: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListError {
    Missing(PathBuf),
    NotDir(PathBuf),
    Unreadable(PathBuf, String),
}

impl ListError {
    pub fn message(&self) -> String {
        match self {
            ListError::Missing(p) => fill(X::BrowseMissing.s(), &[&p.display()]),
            ListError::NotDir(p) => fill(X::BrowseNotDir.s(), &[&p.display()]),
            ListError::Unreadable(p, why) => fill(X::BrowseUnreadable.s(), &[&p.display(), why]),
        }
    }
}

/// Whether `name` is a file the import reads (by extension, any case).
pub fn is_spreadsheet(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The typed text split at its last `/`: (folder part including the `/`, name prefix).
pub fn split_typed(text: &str) -> (&str, &str) {
    match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    }
}

/// A typed path as a path: `~` and `~/…` are the home folder; an empty folder part is the
/// current folder.
pub fn expand(text: &str, home: Option<&Path>) -> PathBuf {
    match (text, home) {
        ("~", Some(h)) => h.to_path_buf(),
        (t, Some(h)) if t.starts_with("~/") => h.join(&t[2..]),
        ("", _) => PathBuf::from("."),
        (t, _) => PathBuf::from(t),
    }
}

/// The user's home folder, for `~`.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// Whether an entry named `name` is listed under the typed `prefix`: a case-insensitive
/// (ASCII) prefix match; hidden names only when the prefix itself starts with `.`.
pub fn matches(name: &str, prefix: &str) -> bool {
    if name.starts_with('.') && !prefix.starts_with('.') {
        return false;
    }
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Filters and orders raw entries (folders and files of any kind, no `..`): `..` first
/// (when `has_parent` and nothing but dots is typed), then matching folders, then matching
/// spreadsheets, each group by name. Also returns how many matching files were left out
/// because they are not spreadsheets.
pub fn select(raw: Vec<Entry>, prefix: &str, has_parent: bool) -> (Vec<Entry>, usize) {
    let mut out = Vec::new();
    if has_parent && "..".starts_with(prefix) {
        out.push(Entry { name: "..".into(), kind: EntryKind::Parent, size: 0, modified: None });
    }
    let mut others = 0;
    let mut rest: Vec<Entry> = raw
        .into_iter()
        .filter(|e| matches(&e.name, prefix))
        .filter(|e| {
            let keep = e.kind == EntryKind::Dir || is_spreadsheet(&e.name);
            if !keep {
                others += 1;
            }
            keep
        })
        .collect();
    rest.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| natural_cmp(&a.name, &b.name)));
    out.extend(rest);
    (out, others)
}

/// Names in the order people expect: case ignored (ASCII), runs of digits by their value
/// (名单2 before 名单10).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a, b);
    loop {
        let (Some(cx), Some(cy)) = (x.chars().next(), y.chars().next()) else {
            return x.len().cmp(&y.len()).then_with(|| a.cmp(b));
        };
        if cx.is_ascii_digit() && cy.is_ascii_digit() {
            let dx = x.find(|c: char| !c.is_ascii_digit()).unwrap_or(x.len());
            let dy = y.find(|c: char| !c.is_ascii_digit()).unwrap_or(y.len());
            let (nx, ny) = (x[..dx].trim_start_matches('0'), y[..dy].trim_start_matches('0'));
            let ord = nx.len().cmp(&ny.len()).then_with(|| nx.cmp(ny));
            if ord != Ordering::Equal {
                return ord;
            }
            x = &x[dx..];
            y = &y[dy..];
            continue;
        }
        let ord = cx.to_ascii_lowercase().cmp(&cy.to_ascii_lowercase());
        if ord != Ordering::Equal {
            return ord;
        }
        x = &x[cx.len_utf8()..];
        y = &y[cy.len_utf8()..];
    }
}

/// Reads the folder the typed text points into and filters it by the typed name.
pub fn list(text: &str, home: Option<&Path>) -> Result<Listing, ListError> {
    let (dir_text, prefix) = split_typed(text);
    let dir = expand(dir_text, home);
    let read = std::fs::read_dir(&dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ListError::Missing(dir.clone()),
        std::io::ErrorKind::NotADirectory => ListError::NotDir(dir.clone()),
        std::io::ErrorKind::PermissionDenied => ListError::Unreadable(dir.clone(), X::BrowseDenied.s().to_string()),
        _ => ListError::Unreadable(dir.clone(), e.to_string()),
    })?;
    let mut raw = Vec::new();
    for item in read.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        // Follow symbolic links; a broken one is left out.
        let Ok(meta) = std::fs::metadata(item.path()) else { continue };
        let modified = meta.modified().ok().map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive());
        let kind = if meta.is_dir() { EntryKind::Dir } else { EntryKind::File };
        raw.push(Entry { name, kind, size: meta.len(), modified });
    }
    let has_parent = std::fs::canonicalize(&dir).map(|d| d.parent().is_some()).unwrap_or(false);
    let (entries, other_files) = select(raw, prefix, has_parent);
    Ok(Listing { dir, entries, other_files })
}

/// The text that completes `typed` to `entry`: the folder part kept as typed, then the
/// name (a folder with a trailing `/`). `..` goes up by removing the last folder typed
/// when it is a plain name, else to the absolute parent.
pub fn complete(typed: &str, entry: &Entry, home: Option<&Path>) -> String {
    let (dir_text, _) = split_typed(typed);
    match entry.kind {
        EntryKind::File => format!("{dir_text}{}", entry.name),
        EntryKind::Dir => format!("{dir_text}{}/", entry.name),
        EntryKind::Parent => {
            let trimmed = dir_text.trim_end_matches('/');
            let (head, last) = match trimmed.rfind('/') {
                Some(i) => (&trimmed[..=i], &trimmed[i + 1..]),
                None => ("", trimmed),
            };
            if !last.is_empty() && last != "." && last != ".." && last != "~" && !head.is_empty() {
                return head.to_string();
            }
            let dir = expand(dir_text, home);
            match std::fs::canonicalize(&dir).ok().and_then(|d| d.parent().map(Path::to_path_buf)) {
                Some(p) if p.parent().is_none() => "/".to_string(),
                Some(p) => format!("{}/", p.display()),
                None => dir_text.to_string(),
            }
        }
    }
}

/// A size as people read it: 823 B, 12.4 KB, 3.1 MB.
pub fn human_size(n: u64) -> String {
    const KB: f64 = 1024.0;
    let f = n as f64;
    if n < 1024 {
        format!("{n} B")
    } else if f < KB * KB {
        format!("{:.1} KB", f / KB)
    } else if f < KB * KB * KB {
        format!("{:.1} MB", f / KB / KB)
    } else {
        format!("{:.1} GB", f / KB / KB / KB)
    }
}

/// One listed row in `cols` columns: name, size, date (folders have no size, `..` neither).
pub fn row_text(e: &Entry, cols: usize) -> String {
    const SIZE_W: usize = 9;
    const DATE_W: usize = 10;
    let tail = SIZE_W + 2 + DATE_W;
    if cols < tail + 8 {
        return fit(&e.shown_name(), cols);
    }
    let size = if e.kind == EntryKind::File { human_size(e.size) } else { String::new() };
    let date = match (e.kind, e.modified) {
        (EntryKind::Parent, _) | (_, None) => String::new(),
        (_, Some(d)) => d.format("%Y-%m-%d").to_string(),
    };
    format!("{}{}  {}", fit(&e.shown_name(), cols - tail), fit_right(&size, SIZE_W), fit(&date, DATE_W))
}

/// The listing of the typed path, the selected row and the scroll position.
#[derive(Debug)]
pub struct FileList {
    listing: Result<Listing, ListError>,
    prefix: String,
    selected: usize,
    /// First row shown; adjusted while drawing so that the selection stays in view.
    offset: Cell<usize>,
    /// Rows shown at the last draw (for PgUp/PgDn).
    page: Cell<usize>,
}

impl FileList {
    pub fn new(typed: &str) -> FileList {
        let mut f = FileList {
            listing: Ok(Listing { dir: PathBuf::new(), entries: Vec::new(), other_files: 0 }),
            prefix: String::new(),
            selected: 0,
            offset: Cell::new(0),
            page: Cell::new(10),
        };
        f.load(typed);
        f
    }

    /// Lists again for the text now typed. The selection goes to the first entry that is
    /// not `..` (Enter then takes the first match, not the way up).
    pub fn load(&mut self, typed: &str) {
        self.listing = list(typed, home().as_deref());
        self.prefix = split_typed(typed).1.to_string();
        let entries = self.entries();
        self.selected = entries.iter().position(|e| e.kind != EntryKind::Parent).unwrap_or(0);
        self.offset.set(0);
    }

    pub fn entries(&self) -> &[Entry] {
        self.listing.as_ref().map(|l| l.entries.as_slice()).unwrap_or(&[])
    }

    pub fn error(&self) -> Option<&ListError> {
        self.listing.as_ref().err()
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.entries().get(self.selected)
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        self.selected = (self.selected + 1).min(self.entries().len().saturating_sub(1));
    }

    pub fn page_up(&mut self) {
        self.selected = self.selected.saturating_sub(self.page.get().max(1));
    }

    pub fn page_down(&mut self) {
        self.selected = (self.selected + self.page.get().max(1)).min(self.entries().len().saturating_sub(1));
    }

    /// A summary line (or the error) and then the rows, drawn in `area`.
    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        let cols = area.width as usize;
        let listing = match &self.listing {
            Ok(l) => l,
            Err(e) => {
                let text = e.message();
                frame.render_widget(
                    Paragraph::new(Line::from(Span::styled(fit(&text, cols), theme.error))),
                    Rect { height: 1, ..area },
                );
                return;
            }
        };
        let sheets = listing.entries.iter().filter(|e| e.kind == EntryKind::File).count();
        let dirs = listing.entries.iter().filter(|e| e.kind == EntryKind::Dir).count();
        let mut summary = fill(X::BrowseSummary.s(), &[&sheets, &dirs]);
        if listing.other_files > 0 {
            summary.push_str(&fill(X::BrowseOthers.s(), &[&listing.other_files]));
        }
        let mut lines = vec![Line::from(Span::styled(fit(&summary, cols), theme.dim))];
        let rows = (area.height as usize).saturating_sub(1);
        self.page.set(rows.max(1));
        let only_parent = listing.entries.iter().all(|e| e.kind == EntryKind::Parent);
        // Keep the selection in view.
        let offset = super::paged_table::follow_line(self.offset.get(), self.selected, rows);
        self.offset.set(offset);
        for (i, e) in listing.entries.iter().enumerate().skip(offset).take(rows) {
            let marker = if i == self.selected { "> " } else { "  " };
            let text = format!("{marker}{}", row_text(e, cols.saturating_sub(2)));
            let style = if i == self.selected { theme.selected } else { Style::default() };
            lines.push(Line::from(Span::styled(text, style)));
        }
        if only_parent && lines.len() < area.height as usize {
            let note = if self.prefix.is_empty() {
                X::BrowseNoSheets.s().to_string()
            } else {
                fill(X::BrowseEmpty.s(), &[&self.prefix])
            };
            lines.push(Line::from(Span::styled(fit(&note, cols), theme.dim)));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> Entry {
        Entry { name: name.into(), kind: EntryKind::File, size: 10, modified: None }
    }

    fn dir(name: &str) -> Entry {
        Entry { name: name.into(), kind: EntryKind::Dir, size: 0, modified: None }
    }

    #[test]
    fn prefix_is_case_insensitive_and_never_splits_a_character() {
        assert!(matches("Cases.CSV", "cas"));
        assert!(matches("逊克县辍学名单.xlsx", "逊克"));
        assert!(!matches("逊克县辍学名单.xlsx", "克"));
        // A prefix ending inside a multi-byte character must not panic.
        assert!(!matches("逊克县", "a"));
        assert!(!matches(".bashrc", ""));
        assert!(matches(".hidden.csv", ".h"));
    }

    #[test]
    fn order_is_parent_dirs_then_spreadsheets() {
        let raw = vec![file("b.xlsx"), file("notes.txt"), dir("Zeta"), file("A.csv"), dir("alpha"), file("old.XLS")];
        let (out, others) = select(raw, "", true);
        let names: Vec<String> = out.iter().map(Entry::shown_name).collect();
        assert_eq!(names, ["../", "alpha/", "Zeta/", "A.csv", "b.xlsx", "old.XLS"]);
        assert_eq!(others, 1);
        let (out, _) = select(vec![file("a.csv")], "a", true);
        assert_eq!(out.len(), 1, "no .. once a name is typed");
    }

    #[test]
    fn numbers_in_names_sort_by_value() {
        let mut names = vec!["名单10.csv", "名单2.csv", "b.csv", "A.csv", "名单1.csv"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["A.csv", "b.csv", "名单1.csv", "名单2.csv", "名单10.csv"]);
    }

    #[test]
    fn split_and_complete_keep_what_was_typed() {
        assert_eq!(split_typed("~/下载/逊"), ("~/下载/", "逊"));
        assert_eq!(split_typed("abc"), ("", "abc"));
        assert_eq!(complete("~/下载/逊", &file("逊克县.xlsx"), None), "~/下载/逊克县.xlsx");
        assert_eq!(complete("/home/a/x", &dir("新建文件夹"), None), "/home/a/新建文件夹/");
        let up = Entry { name: "..".into(), kind: EntryKind::Parent, size: 0, modified: None };
        assert_eq!(complete("/home/a/b/", &up, None), "/home/a/");
        assert_eq!(expand("~/x", Some(Path::new("/home/u"))), PathBuf::from("/home/u/x"));
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(823), "823 B");
        assert_eq!(human_size(12_700), "12.4 KB");
        assert_eq!(human_size(3 * 1024 * 1024 + 200_000), "3.2 MB");
    }
}
