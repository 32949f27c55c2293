//! The alliances of a county, a prefecture or one school: kind, level, lead school,
//! members, students in members, share of rural members, founded, active or dissolved.
//! Enter opens one alliance.

use super::alliance_form::AllianceForm;
use super::alliance_view::AllianceScreen;
use super::{Ctx, Effect, Screen};
use crate::db::alliances::{self, AllianceRow};
use crate::db::Db;
use crate::i18n::schools::S;
use crate::i18n::{fill, Label};
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::text::{fit, fit_right, thousands};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::cell::Cell;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Region(String),
    School(i64),
}

pub struct AlliancesScreen {
    title: String,
    source: Source,
    include_dissolved: bool,
    rows: Vec<AllianceRow>,
    cursor: usize,
    offset: Cell<usize>,
    page: Cell<usize>,
    error: Option<String>,
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
        let mut s = AlliancesScreen {
            title,
            source,
            include_dissolved,
            rows: Vec::new(),
            cursor: 0,
            offset: Cell::new(0),
            page: Cell::new(15),
            error: None,
        };
        s.load(db);
        s
    }

    fn load(&mut self, db: &Db) -> bool {
        let keep = self.rows.get(self.cursor).map(|r| r.id);
        let result = match &self.source {
            Source::Region(code) => alliances::for_region(&db.conn, code, self.include_dissolved),
            Source::School(id) => alliances::for_school(&db.conn, *id),
        };
        match result {
            Ok(rows) => {
                let changed = rows != self.rows;
                self.rows = rows;
                self.cursor = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)).unwrap_or(0);
                self.error = None;
                changed
            }
            Err(e) => {
                self.error = Some(e.to_string());
                true
            }
        }
    }
}

fn columns(cols: usize) -> Vec<(&'static str, usize, bool)> {
    let fixed = [
        (S::ColKind.s(), 10, false),
        (S::ColLevel.s(), 4, false),
        (S::ColLead.s(), 10, false),
        (S::ColMembers.s(), 4, true),
        (S::ColMemberStudents.s(), 5, true),
        (S::ColRural.s(), 4, true),
        (S::ColFounded.s(), 10, false),
        (S::ColState.s(), 6, false),
    ];
    let used: usize = fixed.iter().map(|(_, w, _)| w + 1).sum();
    let mut out = vec![(S::ColAlliance.s(), cols.saturating_sub(used + 1).max(8), false)];
    out.extend(fixed);
    out
}

fn cells(r: &AllianceRow) -> Vec<String> {
    vec![
        r.name.clone(),
        r.kind.map(|k| k.label()).unwrap_or("").to_string(),
        r.level.map(|l| l.label()).unwrap_or("").to_string(),
        r.lead_school.clone().unwrap_or_default(),
        r.members.to_string(),
        thousands(r.students),
        r.rural_percent().map(|p| format!("{p}%")).unwrap_or_default(),
        r.founded_on.clone().unwrap_or_default(),
        if r.dissolved_on.is_some() { S::DissolvedState.s() } else { S::Active.s() }.to_string(),
    ]
}

impl Screen for AlliancesScreen {
    fn crumbs(&self) -> Vec<String> {
        match &self.source {
            Source::Region(_) => vec![format!("{}{}", self.title, S::AllianceList.s())],
            Source::School(_) => vec![self.title.clone()],
        }
    }

    fn context(&self) -> &'static Context {
        &bindings::ALLIANCES
    }

    fn offers(&self, cmd: Command) -> bool {
        !matches!(cmd, Command::New | Command::ToggleOpen) || matches!(self.source, Source::Region(_))
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let last = self.rows.len().saturating_sub(1);
        let page = self.page.get().max(1);
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(page),
            Action::PageDown => self.cursor = (self.cursor + page).min(last),
            Action::Home => self.cursor = 0,
            Action::End => self.cursor = last,
            Action::Cmd(Command::ToggleOpen) if matches!(self.source, Source::Region(_)) => {
                self.include_dissolved = !self.include_dissolved;
                self.load(ctx.db);
            }
            Action::Cmd(Command::New) => {
                let Source::Region(code) = &self.source else { return Effect::None };
                let target = crate::domain::access::Target { region_code: code.clone(), school_id: None };
                if let Some(msg) = super::school_form::refusal(ctx, &target, true) {
                    return Effect::Message(msg);
                }
                return match AllianceForm::new_alliance(code) {
                    Some(form) => Effect::Push(Box::new(form)),
                    None => Effect::Message(S::NewAllianceWhere.s().into()),
                };
            }
            Action::Enter | Action::Right => {
                let Some(r) = self.rows.get(self.cursor) else { return Effect::None };
                return match AllianceScreen::new(ctx.db, r.id) {
                    Ok(s) => Effect::Push(Box::new(s)),
                    Err(e) => Effect::Message(e.to_string()),
                };
            }
            Action::Cmd(Command::Back) | Action::Backspace | Action::Left => return Effect::Pop,
            _ => return Effect::None,
        }
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let cols = area.width as usize;
        let state = if self.include_dissolved { S::AllAlliances.s() } else { S::ActiveOnly.s() };
        let counter = fill(S::AllianceCount.s(), &[&self.rows.len()]);
        let top = Line::from(vec![
            Span::styled(fit(state, cols.saturating_sub(crate::tui::widgets::text::width(&counter) + 1)), theme.label),
            Span::raw(" "),
            Span::styled(counter, theme.title),
        ]);
        frame.render_widget(Paragraph::new(top), Rect { height: 1, ..area });
        let columns = columns(cols);
        let header: String = columns
            .iter()
            .map(|(h, w, right)| if *right { format!("{} ", fit_right(h, *w)) } else { format!("{} ", fit(h, *w)) })
            .collect();
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(fit(&header, cols), theme.title))),
            Rect { y: area.y + 1, height: 1, ..area },
        );
        let y = area.y + 2;
        let rows = area.bottom().saturating_sub(y) as usize;
        self.page.set(rows.max(1));
        let mut offset = self.offset.get();
        if self.cursor < offset {
            offset = self.cursor;
        } else if rows > 0 && self.cursor >= offset + rows {
            offset = self.cursor + 1 - rows;
        }
        self.offset.set(offset);
        let mut lines: Vec<Line> = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::from(Span::styled(e.clone(), theme.error)));
        } else if self.rows.is_empty() {
            lines.push(Line::from(Span::styled(
                fill(S::NoAlliances.s(), &[&bindings::key_for(&bindings::ALLIANCES, Command::ToggleOpen)]),
                theme.dim,
            )));
        }
        for (i, r) in self.rows.iter().enumerate().skip(offset).take(rows) {
            let text: String = cells(r)
                .iter()
                .zip(&columns)
                .map(
                    |(c, (_, w, right))| {
                        if *right {
                            format!("{} ", fit_right(c, *w))
                        } else {
                            format!("{} ", fit(c, *w))
                        }
                    },
                )
                .collect();
            let style = if i == self.cursor {
                theme.selected
            } else if r.dissolved_on.is_some() {
                theme.dim
            } else {
                theme.hint_text
            };
            lines.push(Line::from(Span::styled(fit(&text, cols), style)));
        }
        frame.render_widget(Paragraph::new(lines), Rect { y, height: rows as u16, ..area });
    }

    fn refresh(&mut self, db: &Db) -> bool {
        self.load(db)
    }
}
