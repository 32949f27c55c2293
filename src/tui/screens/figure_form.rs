//! One row of a county's entered figures (cohorts, disabled children, rotations, enrolment,
//! classes), its fields from the kind's field table (`domain::figures`) and checked as the
//! import checks a row (`io::figures::resolve`). F2 saves — replacing the row of the same
//! key, and removing the old row when its year, school or stage was changed — audited in one
//! transaction; Esc cancels.

use super::{Ctx, Effect, Screen};
use crate::db::figures::{self as store, FigureRow};
use crate::db::record::text_of;
use crate::db::Db;
use crate::domain::access::Target;
use crate::domain::fields::Kind;
use crate::domain::figures::{self as figures, Figures};
use crate::i18n::evaluation::{figure_label, figures_name};
use crate::i18n::{fill, T};
use crate::tui::bindings::{self, Context};
use crate::tui::keymap::Action;
use crate::tui::nav::{self, Picked};
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form, FormEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

crate::i18n::texts! { H {
    New => "新增 {}", "Add {}";
    Edit => "修改 {}", "Edit {}";
}}

pub struct FigureForm {
    county: String,
    what: Figures,
    /// The row as stored before this edit (`None`: a new row).
    old: Option<FigureRow>,
    form: Form,
}

fn this_year() -> i32 {
    chrono::Datelike::year(&crate::db::today())
}

/// A stage choice's options: stored code and label.
fn stage_options(what: Figures) -> Vec<(&'static str, &'static str)> {
    use crate::i18n::indicators as txt;
    match what {
        Figures::Cohorts => [crate::domain::rates::CohortStage::Junior, crate::domain::rates::CohortStage::NineYear]
            .map(|s| (s.code(), txt::cohort_stage_short(s)))
            .to_vec(),
        _ => {
            crate::domain::indicators::Stage::ALL.map(|s| (figures::school_stage_code(s), txt::stage_short(s))).to_vec()
        }
    }
}

impl FigureForm {
    /// The form for a new row of `what` (`texts`: `None`), or for the stored row `texts`.
    pub fn new(db: &Db, county: &str, what: Figures, texts: Option<Vec<(&'static str, String)>>) -> FigureForm {
        let value = |k: &str| texts.as_ref().map(|t| text_of(t, k)).unwrap_or_default();
        let fields = what
            .fields()
            .iter()
            .filter(|f| f.key != figures::COUNTY.key)
            .map(|f| {
                let label = figure_label(what, f.key);
                match (f.key, f.kind) {
                    ("stage", _) => Field::choice(f.key, label, stage_options(what), &value(f.key)),
                    ("school", _) => Field::picked(f.key, label, &value(f.key), &value(f.key)),
                    ("year", _) if texts.is_none() => Field::text(f.key, label, &this_year().to_string()),
                    (_, Kind::Note(_)) => Field::multiline(f.key, label, &value(f.key)),
                    _ => Field::text(f.key, label, &value(f.key)),
                }
            })
            .collect();
        let mut form = FigureForm { county: county.to_string(), what, old: None, form: Form::new(fields) };
        if texts.is_some() {
            form.old = form.resolved(db).ok();
        }
        form
    }

    /// The form's row, checked and resolved, or each bad field marked.
    fn resolved(&self, db: &Db) -> Result<FigureRow, Vec<(&'static str, String)>> {
        let get = |k: &str| {
            if k == figures::COUNTY.key {
                self.county.clone()
            } else {
                self.form.value(k).trim().to_string()
            }
        };
        let schools = crate::db::schools::load_refs(&db.conn).map_err(|e| vec![("year", e.to_string())])?;
        crate::io::figures::resolve(&db.conn, self.what, &get, &schools, this_year())
            .map_err(|e| vec![("year", e.to_string())])?
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        for f in &mut self.form.fields {
            f.error = None;
        }
        let row = match self.resolved(ctx.db) {
            Ok(r) => r,
            Err(bad) => {
                for (k, why) in &bad {
                    self.form.set_error(k, Some(why.clone()));
                }
                return Effect::Message(fill(T::FixErrors.s(), &[&self.form.error_count()]));
            }
        };
        let (what, old) = (self.what, self.old.clone());
        let target = Target { region_code: self.county.clone(), school_id: None };
        let saved = ctx.db.write(&target, true, |tx| {
            let mut audit = store::put(tx, what, &row)?;
            // A changed key makes a new row: the old one goes, in the same transaction.
            if let Some(old) = old.filter(|o| !same_key(o, &row)) {
                audit.extend(store::delete(tx, what, &old)?);
            }
            let n = audit.len();
            Ok((n, audit))
        });
        match saved {
            Ok(0) => Effect::PopWith(T::NothingChanged.s().to_string()),
            Ok(_) => Effect::PopWith(T::Saved.s().to_string()),
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }
}

fn same_key(a: &FigureRow, b: &FigureRow) -> bool {
    (a.year, a.stage, a.school_id) == (b.year, b.stage, b.school_id)
}

impl Screen for FigureForm {
    fn crumbs(&self) -> Vec<String> {
        let t = if self.old.is_some() { H::Edit.s() } else { H::New.s() };
        vec![fill(t, &[&figures_name(self.what)])]
    }

    fn context(&self) -> &'static Context {
        &bindings::FORM
    }

    crate::tui::flows::record_form::form_delegates!();

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match self.form.update(action) {
            FormEvent::None | FormEvent::Locked(_) | FormEvent::Left(_) => Effect::Changed,
            FormEvent::Edited => Effect::Changed,
            FormEvent::Pick(_) => crate::tui::flows::school_picker(ctx.db, &self.county),
            FormEvent::Save => self.save(ctx),
            FormEvent::Cancel => Effect::PopWith(T::Cancelled.s().to_string()),
            FormEvent::AskLeave => crate::tui::flows::record_form::ask_leave(),
            FormEvent::KeepDraft => Effect::None,
        }
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        let Picked::School { name, .. } = picked else { return nav::unexpected(&picked) };
        self.form.set_value("school", &name, &name);
        self.form.set_error("school", None);
        Effect::Changed
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = self.crumbs().concat();
        self.form.view_framed(frame, area, &title, theme);
    }
}
