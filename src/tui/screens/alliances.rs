//! The alliances of a county, a prefecture or one school: kind, level, lead school,
//! members, students in members, share of rural members, founded, active or dissolved.
//! Enter opens one alliance.

use super::{Ctx, Effect, Screen};
use crate::db::alliances::{self, AllianceRow};
use crate::db::Db;
use crate::i18n::keys::K;
use crate::i18n::schools::S;
use crate::i18n::T;
use crate::i18n::{fill, Label};
use crate::tui::bindings::{self, bar, commands, Context, COLUMN_KEYS, LIST_MOVES};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::columns::ColumnChoice;
use crate::tui::widgets::loaded::Loaded;
use crate::tui::widgets::paged_table::{self, Column, Cursor, Table};
use crate::tui::widgets::places::Places;
use crate::tui::widgets::text::{fit, thousands};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Region(String),
    School(i64),
}

pub struct AlliancesScreen {
    title: String,
    source: Source,
    include_dissolved: bool,
    rows: Loaded<Vec<AllianceRow>>,
    /// Indexes into `rows` that pass the place filter, in the order shown.
    shown: Vec<usize>,
    cursor: Cursor,
    columns: ColumnChoice,
    /// Above a county: the 县区 column, its filter and whether rows are ordered by it.
    places: Places,
    by_place: bool,
}

impl AlliancesScreen {
    /// Alliances of a county (its own and city-level ones with a member there), or of a
    /// prefecture or the province (every alliance inside it).
    pub fn for_region(db: &Db, code: &str, title: &str) -> AlliancesScreen {
        Self::new(db, Source::Region(code.to_string()), title.to_string(), false)
    }

    /// The alliances a school is or was in (dissolved ones too: its history).
    pub fn for_school(db: &Db, school_id: i64, school_name: &str) -> AlliancesScreen {
        Self::new(db, Source::School(school_id), fill(S::SchoolAlliances.s(), &[&school_name]), true)
    }

    fn new(db: &Db, source: Source, title: String, include_dissolved: bool) -> AlliancesScreen {
        let places = match &source {
            Source::Region(code) => Places::new(db, code, Vec::new()),
            Source::School(_) => Places::default(),
        };
        let mut s = AlliancesScreen {
            title,
            source,
            include_dissolved,
            rows: Loaded::default(),
            shown: Vec::new(),
            cursor: Cursor::default(),
            columns: ColumnChoice::load(db, "alliances"),
            places,
            by_place: false,
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) -> bool {
        let keep = self.selected().map(|r| r.id);
        let result = match &self.source {
            Source::Region(code) => alliances::for_region(db, code, self.include_dissolved),
            Source::School(id) => alliances::for_school(db, *id),
        };
        let changed = self.rows.replace(result.map_err(|e| e.to_string()));
        self.places.set_units(self.rows.data.iter().map(|r| r.region_code.clone()).collect());
        self.apply(keep);
        changed
    }
}

impl AlliancesScreen {
    fn selected(&self) -> Option<&AllianceRow> {
        self.shown.get(self.cursor.index).and_then(|&i| self.rows.data.get(i))
    }

    /// Filters by place, orders (by place when asked; ties keep the list's own order) and
    /// puts the cursor back on `keep` if it is shown.
    fn apply(&mut self, keep: Option<i64>) {
        let mut shown: Vec<usize> =
            (0..self.rows.data.len()).filter(|&i| self.places.matches(&self.rows.data[i].region_code)).collect();
        if self.by_place {
            shown.sort_by_key(|&i| self.places.rank(&self.rows.data[i].region_code));
        }
        self.shown = shown;
        self.cursor.index =
            keep.and_then(|id| self.shown.iter().position(|&i| self.rows.data[i].id == id)).unwrap_or(0);
    }
}

/// The table at `cols` columns with the place columns `places` first (above a county, where
/// the founding date gives them its room): the alliance's name takes what the others leave.
fn table(cols: usize, places: &[String]) -> Table {
    let mut c: Vec<Column> = places.iter().zip(["place1", "place2"]).map(|(h, k)| Column::left(h, 8).key(k)).collect();
    c.extend([
        Column::flex(S::ColAlliance.s(), 8).key("name"),
        Column::left(S::ColKind.s(), 10).key("kind"),
        Column::left(S::ColLevel.s(), 4).key("level"),
        Column::left(S::ColLead.s(), 10).key("lead"),
        Column::right(S::ColMembers.s(), 4).key("members"),
        Column::right(S::ColMemberStudents.s(), 5).key("students"),
        Column::right(S::ColRural.s(), 4).key("rural"),
    ]);
    if places.is_empty() {
        c.push(Column::left(S::ColFounded.s(), 10).key("founded").kept());
    }
    c.push(Column::left(S::ColState.s(), 6).key("state"));
    Table::new(c, cols)
}

/// A row's cells for a table with `places` (its place cells) and, at a county, the
/// founding date.
fn cells(r: &AllianceRow, places: Vec<String>) -> Vec<String> {
    let founded = places.is_empty().then(|| r.founded_on.clone().unwrap_or_default());
    let mut v = places;
    v.extend([
        r.name.clone(),
        r.kind.map(|k| k.label()).unwrap_or("").to_string(),
        r.level.map(|l| l.label()).unwrap_or("").to_string(),
        r.lead_school.clone().unwrap_or_default(),
        r.members.to_string(),
        thousands(r.students),
        r.rural_percent().map(|p| format!("{p}%")).unwrap_or_default(),
    ]);
    v.extend(founded);
    v.push(if r.dissolved_on.is_some() { S::DissolvedState.s() } else { S::Active.s() }.to_string());
    v
}

impl Screen for AlliancesScreen {
    fn crumbs(&self) -> Vec<String> {
        match &self.source {
            Source::Region(_) => vec![fill(S::AllianceListOf.s(), &[&self.title])],
            Source::School(_) => vec![self.title.clone()],
        }
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    fn offers(&self, cmd: Command) -> bool {
        match cmd {
            Command::Place | Command::Sort => self.places.above_county(),
            Command::New | Command::ToggleOpen => matches!(self.source, Source::Region(_)),
            _ => true,
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if let Some(effect) = self.columns.update(action, ctx.db) {
            return effect;
        }
        if self.cursor.update(action, self.shown.len()) {
            return Effect::Changed;
        }
        match action {
            Action::Cmd(Command::ToggleOpen) if matches!(self.source, Source::Region(_)) => {
                self.include_dissolved = !self.include_dissolved;
                self.load(ctx.db);
            }
            Action::Cmd(Command::New) => {
                let Source::Region(code) = &self.source else { return Effect::None };
                let target = crate::domain::access::Target { region_code: code.clone(), school_id: None };
                if let Some(msg) = super::refusal(ctx.db, Some(&target), true) {
                    return Effect::Message(msg);
                }
                return Effect::Open(Route::NewAlliance { list_region: code.clone() });
            }
            Action::Cmd(Command::Place) if self.places.above_county() => {
                self.places.cycle();
                let keep = self.selected().map(|r| r.id);
                self.apply(keep);
            }
            Action::Cmd(Command::Sort) if self.places.above_county() => {
                self.by_place = !self.by_place;
                let keep = self.selected().map(|r| r.id);
                self.apply(keep);
            }
            Action::Cmd(Command::Back) | Action::Backspace if self.places.only.is_some() => {
                self.places.only = None;
                self.apply(None);
            }
            Action::Enter | Action::Right => {
                let Some(r) = self.selected() else { return Effect::None };
                return Effect::Open(Route::Alliance(r.id));
            }
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let mut state = vec![if self.include_dissolved { S::AllAlliances.s() } else { S::ActiveOnly.s() }.to_string()];
        state.extend(self.places.describe());
        if self.by_place {
            state.push(fill(S::SortBy.s(), &[&crate::i18n::rollup::R::ColCounty.s(), &S::Asc.s()]));
        }
        let state = state.join(T::ListSep.s());
        let counter = fill(S::AllianceCount.s(), &[&self.shown.len()]);
        let top = Line::from(vec![
            Span::styled(fit(&state, cols.saturating_sub(crate::tui::widgets::text::width(&counter) + 1)), theme.label),
            Span::raw(" "),
            Span::styled(counter, theme.title),
        ]);
        frame.render_widget(Paragraph::new(top), Rect { height: 1, ..area });
        let table_area = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
        let range = self.cursor.visible(paged_table::body_rows(table_area), self.shown.len());
        let empty = fill(S::NoAlliances.s(), &[&bindings::key_for(&KEYS, Command::ToggleOpen)]);
        let placeholder = paged_table::placeholder(self.rows.error.as_ref(), self.shown.is_empty(), &empty, theme);
        let rows = range
            .filter_map(|i| Some((i, self.rows.data.get(*self.shown.get(i)?)?)))
            .map(|(i, r)| {
                let style = paged_table::row_style(i == self.cursor.index, r.dissolved_on.is_some(), theme);
                (cells(r, self.places.cells(&r.region_code)), style)
            })
            .collect();
        let sort = self.by_place.then_some((0, false));
        let table = self.columns.choose(table(cols, &self.places.headers()));
        self.columns.drawn(table.render(frame, table_area, sort, rows, placeholder, theme));
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`).

pub static KEYS: Context = commands(
    "Alliances",
    || K::CtxAlliances.s(),
    &[
        &[
            bar(&["↑↓"], Command::Move, || T::HintMove.s()),
            bar(&["Enter"], Command::Open, || T::HintOpen.s()),
            bar(&["n"], Command::New, || S::HintNewAlliance.s()),
            bar(&["o"], Command::ToggleOpen, || S::HintActiveToggle.s()),
            crate::tui::bindings::PLACE,
            bar(&["s"], Command::Sort, || S::HintSortPlace.s()),
        ],
        LIST_MOVES,
        COLUMN_KEYS,
    ],
);
