//! The command line (`:`, from any screen where letters are commands): jump to a region,
//! school or case by name, pinyin initials, code or case number, or run one of the
//! screen's commands by its name in the key tables. Tab completes, ↑↓ choose, Enter goes,
//! Esc leaves. Drawn over the bottom of the screen, as vim's and mutt's are.
//!
//! What it offers is what the login may read: regions its places reach
//! (`ReadScope::reaches_region`), the schools `db::schools::in_region` returns for it, and
//! cases from the ledger's own indexed search (`db::cases::page`, scoped by the database
//! layer) — a few rows per keystroke, never a scan of all cases.

use super::{LedgerScope, Route};
use crate::db::cases::{self, CaseFilter, SortKey};
use crate::db::schools::SchoolChoice;
use crate::db::Db;
use crate::domain::pinyin::{matches_initials, matches_name_code};
use crate::domain::region::{self, Level};
use crate::i18n::fill;
use crate::i18n::jump::J;
use crate::tui::bindings::{self, Context, Key};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::overlay;
use crate::tui::widgets::text::{fit, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The most matches of one kind: more is a sign to type more, and keeps each keystroke's
/// work small (a handful of index rows for cases).
const PER_KIND: usize = 8;
const CASES: usize = 5;

/// Where a match leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Region {
        code: String,
        name: String,
    },
    School {
        id: i64,
        name: String,
        county: String,
    },
    /// A case and its county (the tree is put there under it).
    Case {
        id: i64,
        county: String,
    },
    /// One of the screen's commands, given to it as if its key were pressed.
    Run(Command),
}

impl Target {
    /// The region the tree is put on before the jump's screen opens over it, so that the
    /// breadcrumb says where the jump went.
    pub fn region(&self) -> Option<&str> {
        match self {
            Target::Region { code, .. } => Some(code),
            Target::School { county, .. } | Target::Case { county, .. } => Some(county),
            Target::Run(_) => None,
        }
    }

    /// The screen a jump opens over the tree; `None` for a prefecture or the province (the
    /// tree on it is the place) and for a command.
    pub fn route(&self) -> Option<Route> {
        Some(match self {
            Target::Region { code, name } if region::level_of(code) == Ok(Level::County) => {
                Route::County { code: code.clone(), name: name.clone() }
            }
            Target::Region { .. } => return None,
            Target::School { id, name, county } => Route::Ledger(LedgerScope {
                title: name.clone(),
                region: Some(county.clone()),
                schools: Some(vec![*id]),
            }),
            Target::Case { id, .. } => Route::Case(*id),
            Target::Run(_) => return None,
        })
    }
}

/// One line of the list: what kind, what it is, a detail, and what Tab puts in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub kind: &'static str,
    pub text: String,
    pub detail: String,
    pub completion: String,
    pub target: Target,
}

/// What a key did on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKey {
    Changed,
    Close,
    /// Enter on a match.
    Go(Target),
    /// Enter with nothing matching: the sentence that says so.
    Nothing(String),
    Ignored,
}

/// A command of the screen the line was opened on: its label, its key, the command.
#[derive(Debug, Clone)]
struct Offered {
    label: &'static str,
    key: &'static str,
    cmd: Command,
}

pub struct CommandLine {
    input: LineInput,
    /// Read once when the line opens (regions are few; schools a few thousand at most).
    regions: Vec<(String, String)>,
    schools: Vec<SchoolChoice>,
    commands: Vec<Offered>,
    pub matches: Vec<Match>,
    selected: usize,
    today: String,
}

impl CommandLine {
    /// The line over a screen whose keys are `ctx`; `offers` says which of its commands
    /// it offers now.
    pub fn new(db: &Db, ctx: &'static Context, offers: impl Fn(Command) -> bool) -> CommandLine {
        let scope = db.read_scope();
        let mut regions: Vec<(String, String)> = db
            .region_names
            .iter()
            .filter(|(c, _)| scope.reaches_region(c))
            .map(|(c, n)| (c.clone(), n.clone()))
            .collect();
        regions.sort();
        let mut line = CommandLine {
            input: LineInput::default(),
            regions,
            schools: crate::db::schools::in_region(db, "230000").unwrap_or_default(),
            commands: commands_of(ctx, offers),
            matches: Vec::new(),
            selected: 0,
            today: crate::db::today().format("%Y-%m-%d").to_string(),
        };
        line.search(db);
        line
    }

    pub fn text(&self) -> &str {
        self.input.text()
    }

    pub fn update(&mut self, action: Action, db: &Db) -> LineKey {
        match action {
            Action::Cmd(Command::Back) => return LineKey::Close,
            Action::Enter => {
                return match self.matches.get(self.selected) {
                    Some(m) => LineKey::Go(m.target.clone()),
                    None => LineKey::Nothing(fill(J::NoMatch.s(), &[&self.input.text().trim()])),
                }
            }
            Action::NextField => self.complete(1),
            Action::PrevField => self.complete(-1),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1)),
            Action::Char(c) => self.edit(db, |i| i.insert(c)),
            Action::Backspace => self.edit(db, LineInput::backspace),
            Action::Delete => self.edit(db, LineInput::delete),
            Action::ClearToStart => self.edit(db, LineInput::clear_to_start),
            Action::Left => self.input.left(),
            Action::Right => self.input.right(),
            Action::Home => self.input.home(),
            Action::End => self.input.end(),
            _ => return LineKey::Ignored,
        }
        LineKey::Changed
    }

    fn edit(&mut self, db: &Db, f: impl FnOnce(&mut LineInput)) {
        f(&mut self.input);
        self.search(db);
    }

    /// Tab: the selected match's name into the line; again, the next match's (the list
    /// stays as it was for the text typed).
    fn complete(&mut self, step: i64) {
        if self.matches.is_empty() {
            return;
        }
        let at_completion = self.matches.get(self.selected).is_some_and(|m| m.completion == self.input.text());
        if at_completion {
            let n = self.matches.len() as i64;
            self.selected = (self.selected as i64 + step).rem_euclid(n) as usize;
        }
        if let Some(m) = self.matches.get(self.selected) {
            self.input.set(&m.completion);
            self.input.end();
        }
    }

    /// The matches of the text typed, in the order: regions, schools, cases, commands.
    fn search(&mut self, db: &Db) {
        let q = self.input.text().trim().to_string();
        self.selected = 0;
        self.matches = Vec::new();
        if q.is_empty() {
            self.matches = self.command_matches("");
            return;
        }
        let regions = self.regions.iter().filter(|(code, name)| matches_name_code(name, code, &q));
        self.matches.extend(regions.take(PER_KIND).map(|(code, name)| Match {
            kind: J::KindRegion.s(),
            text: name.clone(),
            detail: code.clone(),
            completion: name.clone(),
            target: Target::Region { code: code.clone(), name: name.clone() },
        }));
        let schools =
            self.schools.iter().filter(|s| matches_name_code(&s.name, s.school_code.as_deref().unwrap_or(""), &q));
        self.matches.extend(schools.take(PER_KIND).map(|s| Match {
            kind: J::KindSchool.s(),
            text: s.name.clone(),
            detail: s.county_name.clone(),
            completion: s.name.clone(),
            target: Target::School { id: s.id, name: s.name.clone(), county: s.county_code.clone() },
        }));
        self.matches.extend(self.case_matches(db, &q));
        self.matches.extend(self.command_matches(&q));
        // Stable: within a rank, regions, schools, cases, commands.
        // A case's line is its number and name: the search found it by a start already.
        self.matches.sort_by_key(|m| {
            if matches!(m.target, Target::Case { .. }) {
                1
            } else {
                rank(&m.text, &m.detail, &q)
            }
        });
    }

    /// Cases: `#12` or `12` by number, and the ledger's search (name prefix, pinyin
    /// initials, ID tail) over open and closed cases, both through the scoped reads.
    fn case_matches(&self, db: &Db, q: &str) -> Vec<Match> {
        let mut out = Vec::new();
        let number = q.strip_prefix('#').unwrap_or(q);
        if let Ok(id) = number.parse::<i64>() {
            if let Ok(Some(c)) = cases::get(db, id) {
                out.push(case_match(id, &c.county_code, &c.record.name, &school_name(db, c.record.school_id)));
            }
        }
        if q.starts_with('#') {
            return out;
        }
        let filter = CaseFilter { text: Some(q.to_string()), ..CaseFilter::default() };
        let rows = cases::page(db, &filter, SortKey::Registered, true, None, false, CASES, &self.today);
        for r in rows.unwrap_or_default() {
            if !out.iter().any(|m| matches!(m.target, Target::Case { id, .. } if id == r.id)) {
                out.push(case_match(r.id, &r.county_code, &r.name, &r.school));
            }
        }
        out
    }

    /// The screen's commands whose label holds `q` (or its pinyin initials), or whose key is `q`.
    fn command_matches(&self, q: &str) -> Vec<Match> {
        let hit = |o: &Offered| q.is_empty() || o.label.contains(q) || o.key == q || matches_initials(o.label, q);
        self.commands
            .iter()
            .filter(|o| hit(o))
            .map(|o| Match {
                kind: J::KindCommand.s(),
                text: o.label.to_string(),
                detail: o.key.to_string(),
                completion: o.label.to_string(),
                target: Target::Run(o.cmd),
            })
            .collect()
    }

    /// Over the bottom of `area`: the matches, then the line with the caret (where the
    /// input method draws its candidates).
    pub fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rows = self.matches.len().clamp(1, 10) as u16;
        let h = (rows + 3).min(area.height);
        let rect = Rect { y: area.bottom().saturating_sub(h), height: h, ..area };
        let inner = overlay::frame(frame, rect, J::Title.s(), None, theme);
        let list_rows = inner.height.saturating_sub(1) as usize;
        let top = self.selected.saturating_sub(list_rows.saturating_sub(1));
        let cols = inner.width as usize;
        let kind_w = self.matches.iter().map(|m| width(m.kind)).max().unwrap_or(0);
        let text_w = self.matches.iter().map(|m| width(&m.text)).max().unwrap_or(0).min(cols / 2);
        let lines: Vec<Line> = self
            .matches
            .iter()
            .enumerate()
            .skip(top)
            .take(list_rows)
            .map(|(i, m)| {
                let text = format!("{} {} {}", fit(m.kind, kind_w), fit(&m.text, text_w), m.detail);
                let style = if i == self.selected { theme.selected } else { theme.hint_text };
                Line::from(Span::styled(fit(&text, cols), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), Rect { height: list_rows as u16, ..inner });
        let y = inner.bottom().saturating_sub(1);
        let (shown, caret) = self.input.window(cols.saturating_sub(2));
        let hint = if shown.is_empty() { J::Prompt.s() } else { "" };
        let line = Line::from(vec![
            Span::styled(":", theme.hint_key),
            Span::raw(shown),
            Span::styled(fit(hint, cols.saturating_sub(1)), theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { y, height: 1, ..inner });
        frame.set_cursor_position(Position::new(inner.x + 1 + caret as u16, y));
    }
}

fn case_match(id: i64, county: &str, name: &str, school: &str) -> Match {
    Match {
        kind: J::KindCase.s(),
        text: format!("#{id} {name}"),
        detail: school.to_string(),
        completion: format!("#{id}"),
        target: Target::Case { id, county: county.to_string() },
    }
}

/// How well `q` names `name` (or `code`): 0 the same, 1 its start (or the initials of its
/// start), 2 somewhere inside. The list is in this order, kinds in theirs within it.
fn rank(name: &str, code: &str, q: &str) -> u8 {
    let start: String = name.chars().take(q.chars().count()).collect();
    if name == q || code == q {
        0
    } else if name.starts_with(q) || (!code.is_empty() && code.starts_with(q)) || matches_initials(&start, q) {
        1
    } else {
        2
    }
}

fn school_name(db: &Db, id: Option<i64>) -> String {
    id.and_then(|id| crate::db::schools::name(&db.conn, id).ok().flatten()).unwrap_or_default()
}

/// The commands `ctx` gives by a key of its own (not the navigation keys, which only say
/// what the keymap does), the global ones too, as their rows name them.
fn commands_of(ctx: &'static Context, offers: impl Fn(Command) -> bool) -> Vec<Offered> {
    let mut out: Vec<Offered> = Vec::new();
    for b in bindings::effective(ctx) {
        let key = bindings::shown_keys(ctx, b).into_iter().find(|k| bindings::parse(k) != Some(Key::Navigation));
        let Some(key) = key else { continue };
        // The line itself, and leaving it, are no commands to run from it.
        if matches!(b.cmd, Command::CommandLine | Command::Back) || !offers(b.cmd) {
            continue;
        }
        if !out.iter().any(|o| o.cmd == b.cmd) {
            out.push(Offered { label: (b.label)(), key, cmd: b.cmd });
        }
    }
    out
}

/// The command line's keys (the line takes text; these are what it does with the rest).
pub static KEYS: Context = bindings::text(
    "Command line",
    || J::CtxLine.s(),
    &[&[
        bindings::bar(&["Enter"], Command::Apply, || J::HintGo.s()),
        bindings::bar(&["Tab"], Command::Complete, || crate::i18n::io::X::HintComplete.s()),
        bindings::bar(&["↑↓"], Command::Move, || crate::i18n::T::HintMove.s()),
        bindings::bar(&["Esc"], Command::Back, || crate::i18n::T::HintClose.s()),
        bindings::help(&["Shift-Tab"], Command::Complete, || crate::i18n::io::X::HintComplete.s()),
    ]],
);
