//! Registering or editing a case: every field of docs/domain.md §4, validated as the user leaves
//! each field and again on save. Unsaved input is kept as a draft; a duplicate child is
//! shown instead of created; a conflicting save overwrites nothing.

use super::{Ctx, Effect, Screen};
use crate::db::cases::{self, Case, Duplicate};
use crate::db::drafts::Draft;
use crate::db::{schools, Db, WriteError};
use crate::domain::access::Scope;
use crate::domain::case::{self, CaseRecord};
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{FamilyType, Reason};
use crate::domain::fields::{Field as FieldDef, Kind};
use crate::domain::id_number;
use crate::i18n::forms::F;
use crate::i18n::keys::K;
use crate::i18n::ledger::{case_error, grade_label, label_of, L};
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{self, bar, text, Context, FORM_ROWS, FORM_SAVE};
use crate::tui::commands::Command;
use crate::tui::flows::record_form::{self, RecordForm};
use crate::tui::flows::school_picker;
use crate::tui::keymap::Action;
use crate::tui::nav::{PickKind, Picked};
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::picker::{Item, Picker};
use crate::tui::widgets::question::Question;
use ratatui::layout::Rect;
use ratatui::Frame;
use std::collections::BTreeMap;

const FORM: &str = "case";

pub struct CaseForm {
    /// The case edited; `None` while registering (nothing stored, nothing to reveal).
    case_id: Option<i64>,
    version: i64,
    status: CaseStatus,
    region: String,
    form: Form,
    /// A draft of an earlier session that differs from what the form shows: offered when
    /// the form opens, and left untouched until restored or discarded.
    offered: Option<Draft>,
}

/// The draft key of a new case: one per region, so a draft comes back only where it was
/// made (a new-case form in another county neither offers nor overwrites it).
pub fn new_case_key(region: &str) -> String {
    format!("new-{region}")
}

/// Whether `d` holds input other than what `form` shows.
fn differs(form: &Form, d: &Draft) -> bool {
    form.fields.iter().any(|f| d.values.get(f.key).map(String::as_str).unwrap_or("") != f.value())
}

fn options<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![("", L::None.s())];
    v.extend(all.iter().map(|x| (code(*x), label(*x))));
    v
}

/// A region code as the form shows it: the code and, when known, its name.
fn region_shown(code: &str) -> String {
    let name = crate::db::regions::shipped_regions().into_iter().find(|r| r.code == code).map(|r| r.name);
    match name {
        Some(n) => format!("{code} {n}"),
        None => code.to_string(),
    }
}

fn family_shown(codes: &str) -> String {
    let labels: Vec<&str> = case::parse_family_codes(codes).unwrap_or_default().iter().map(|f| f.label()).collect();
    if labels.is_empty() {
        L::None.s().to_string()
    } else {
        labels.join(T::ListSep.s())
    }
}

/// The form's input for case field `f` holding `value`: its kind decides how it is
/// entered (typed, chosen from a list, or picked: the school, family types, region).
fn form_field(f: &'static FieldDef, value: &str, school_name: &str, hide: bool) -> Field {
    let label = label_of(f);
    match f.kind {
        Kind::Choice("sex") => {
            Field::choice(f.key, label, vec![("", L::Unknown.s()), ("M", L::Male.s()), ("F", L::Female.s())], value)
        }
        Kind::Choice("grade") => {
            let mut grades = vec![("", L::None.s())];
            grades.extend(GRADES.iter().zip(1..).map(|(g, n)| (*g, grade_label(n))));
            Field::choice(f.key, label, grades, value)
        }
        Kind::Choice(_) => Field::choice(f.key, label, options(Reason::ALL, Reason::code, |r| r.label()), value),
        Kind::School => Field::picked(f.key, label, value, school_name),
        Kind::Multi(_) => Field::picked(f.key, label, value, &family_shown(value)),
        Kind::Region => Field::picked(f.key, label, value, &region_shown(value)),
        Kind::Note(_) => Field::multiline(f.key, label, value),
        // A stored personal value stays masked, and locked, until the audited reveal.
        _ if f.is_personal() => Field { mask: Some(f.mask), hidden: hide, ..Field::text(f.key, label, value) },
        _ => Field::text(f.key, label, value),
    }
}

const GRADES: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

impl CaseForm {
    fn build(values: &BTreeMap<String, String>, school_name: &str, new: bool) -> Form {
        let v = |k: &str| values.get(k).cloned().unwrap_or_default();
        let mut fields = Vec::new();
        if new {
            let initial = [CaseStatus::Suspected, CaseStatus::Dropout, CaseStatus::Enrolled];
            fields.push(Field::choice(
                "status",
                L::FieldInitialStatus.s(),
                initial.iter().map(|s| (s.code(), s.label())).collect(),
                &v("status"),
            ));
        }
        fields.extend(case::FIELDS.iter().map(|f| form_field(f, &v(f.key), school_name, !new && !v(f.key).is_empty())));
        Form::new(fields)
    }

    /// A blank form for a new case in `region` (at `school`, when the ledger is one school's).
    pub fn new_case(db: &Db, region: &str, school: Option<i64>) -> rusqlite::Result<CaseForm> {
        let mut values = BTreeMap::new();
        values.insert("status".to_string(), CaseStatus::Suspected.code().to_string());
        values.insert("registered_on".to_string(), crate::db::today().format("%Y-%m-%d").to_string());
        let own_school = match &db.actor.scope {
            Some(Scope::School { id, .. }) => Some(*id),
            _ => school,
        };
        let school_name = match own_school {
            Some(id) => {
                values.insert("school_id".into(), id.to_string());
                schools::name(&db.conn, id)?.unwrap_or_default()
            }
            None => String::new(),
        };
        let form = CaseForm {
            case_id: None,
            version: 0,
            status: CaseStatus::Suspected,
            region: region.to_string(),
            form: Self::build(&values, &school_name, true),
            offered: None,
        };
        Ok(form.with_draft_offered(db))
    }

    pub fn edit(db: &Db, case: &Case) -> CaseForm {
        let values: BTreeMap<String, String> =
            case.record.texts().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let form = CaseForm {
            case_id: Some(case.id),
            version: case.version,
            status: case.status,
            region: case.county_code.clone(),
            form: Self::build(&values, &case.school_name, false),
            offered: None,
        };
        form.with_draft_offered(db)
    }

    /// The draft kept for this form, if it differs from what the form shows, to be offered
    /// (`question_on_open`); one that does not is only clutter and goes.
    fn with_draft_offered(mut self, db: &Db) -> CaseForm {
        match db.drafts.get(FORM, &self.draft_key()) {
            Some(d) if differs(&self.form, &d) => self.offered = Some(d),
            Some(_) => {
                let _ = db.drafts.delete(FORM, &self.draft_key());
            }
            None => {}
        }
        self
    }

    /// The answer "restore": the draft's input, against the version it was typed on (a
    /// colleague's save since then shows as a conflict on F2, not overwritten).
    fn restore(&mut self, db: &Db) -> Effect {
        let Some(d) = self.offered.take() else { return Effect::None };
        let v = |k: &str| d.values.get(k).cloned().unwrap_or_default();
        let school_name =
            v("school_id").parse().ok().and_then(|id| schools::name(&db.conn, id).ok().flatten()).unwrap_or_default();
        if let Ok(version) = v("_version").parse() {
            self.version = version;
        }
        let restored = Self::build(&d.values, &school_name, self.case_id.is_none());
        self.form = restored.with_baseline_of(&self.form);
        Effect::Message(fill(F::DraftRestored.s(), &[&d.saved_at]))
    }

    /// The reveal command: the stored ID numbers, 学籍号 and birth date in full and
    /// editable, after the audit row is written (as in the case view).
    fn reveal(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(id) = self.case_id.filter(|_| self.form.has_hidden()) else { return Effect::None };
        match cases::reveal(ctx.db, id) {
            Ok(()) => {
                self.form.reveal();
                Effect::Message(L::Revealed.s().into())
            }
            Err(e) => Effect::Message(crate::i18n::errors::session_write_error(ctx.db, &e)),
        }
    }

    fn draft_key(&self) -> String {
        self.case_id.map(|i| i.to_string()).unwrap_or_else(|| new_case_key(&self.region))
    }

    fn status(&self) -> CaseStatus {
        if self.case_id.is_none() {
            CaseStatus::from_code(self.form.value("status")).unwrap_or(CaseStatus::Suspected)
        } else {
            self.status
        }
    }

    fn validate(&self, db: &Db) -> Result<CaseRecord, Vec<(&'static str, case::CaseError)>> {
        case::validate(
            |k| self.form.value(k).to_string(),
            self.status(),
            crate::db::today(),
            |id| cases::school_exists(&db.conn, id),
        )
    }

    /// Checks the field just left; a valid ID number fills in sex and birth date.
    fn check_field(&mut self, index: usize, db: &Db) {
        let key = self.form.fields[index].key;
        if key == "id_number" {
            if let Ok(id) = id_number::parse(self.form.value("id_number"), crate::db::today()) {
                self.form.set_value("id_number", &id.text, "");
                self.form.set_value("sex", if id.male { "M" } else { "F" }, "");
                self.form.set_value("birth_date", &crate::domain::dates::iso(id.birth_date), "");
                for k in ["sex", "birth_date"] {
                    self.form.set_error(k, None);
                }
            }
        }
        let checked = self.validate(db);
        self.form.mark_field(key, checked, case_error);
    }

    fn save_form(&mut self, ctx: &mut Ctx) -> Effect {
        let checked = self.validate(ctx.db);
        let record = match self.form.checked(checked, case_error) {
            Ok(r) => r,
            Err(message) => return Effect::Message(message),
        };
        let result = match self.case_id {
            None => cases::insert(ctx.db, self.status(), &record),
            Some(id) => cases::update(ctx.db, id, self.version, &record),
        };
        match result {
            Ok(Ok(id_or_version)) => {
                // Saved: the draft has done its job (a leftover file would only be offered again).
                let _ = ctx.db.drafts.delete(FORM, &self.draft_key());
                let id = self.case_id.unwrap_or(id_or_version);
                Effect::PopWith(fill(L::SavedCase.s(), &[&record.name]) + &format!(" #{id}"))
            }
            Ok(Err(Duplicate::Visible { case_id, name })) => {
                Effect::Replace(Route::Case(case_id), Some(fill(L::Duplicate.s(), &[&name, &case_id])))
            }
            Ok(Err(dup @ Duplicate::Elsewhere { .. })) => {
                Effect::Message(crate::i18n::ledger::duplicate_elsewhere(&dup))
            }
            Err(WriteError::Conflict) => self.show_conflict(ctx.db),
            Err(e) => crate::tui::flows::write_failed(ctx.db, &e),
        }
    }

    /// Someone else saved first: their values appear beside the fields; F2 again applies
    /// what this user typed on top of their version, Esc discards it.
    fn show_conflict(&mut self, db: &Db) -> Effect {
        let Some(id) = self.case_id else { return Effect::Message(T::Conflict.s().into()) };
        match cases::get(db, id) {
            Ok(Some(theirs)) => {
                self.form.show_theirs(theirs.record.texts());
                self.version = theirs.version;
                self.status = theirs.status;
                Effect::Message(T::Conflict.s().into())
            }
            Ok(None) => Effect::Message(T::Conflict.s().into()),
            Err(e) => Effect::Message(e.to_string()),
        }
    }

    fn pick_for(&mut self, index: usize, db: &Db) -> Effect {
        match self.form.fields[index].key {
            "school_id" => school_picker(db, &self.region),
            "hukou_code" => {
                let items = match crate::db::regions::all(&db.conn) {
                    Ok(list) => list.into_iter().map(|r| Item::new(r.code.clone(), r.name, r.code)).collect(),
                    Err(e) => return Effect::Message(e.to_string()),
                };
                let mut picker = Picker::new(crate::i18n::ledger::field_label("hukou_code"), items);
                picker.select_value(self.form.value("hukou_code"));
                Effect::Open(Route::Pick(Box::new(picker), PickKind::Region))
            }
            "family_types" => {
                let ticked: Vec<String> = self.form.value("family_types").split(',').map(str::to_string).collect();
                let items = FamilyType::ALL.iter().map(|f| Item::new(f.code(), f.label(), "")).collect();
                Effect::Open(Route::Pick(
                    Box::new(Picker::multi(L::ChooseFamily.s(), items, &ticked)),
                    PickKind::Families,
                ))
            }
            _ => Effect::None,
        }
    }

    fn draft_values(&self) -> BTreeMap<String, String> {
        let mut m: BTreeMap<String, String> = self.form.values().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        if let Some(id) = self.case_id {
            m.insert("_case_id".into(), id.to_string());
        }
        m.insert("_version".into(), self.version.to_string());
        m.insert("_status".into(), self.status.code().into());
        m.insert("_region".into(), self.region.clone());
        m
    }
}

impl RecordForm for CaseForm {
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn left_field(&mut self, index: usize, db: &Db) {
        self.check_field(index, db);
        // A failure shows at the next timed save of drafts (`App::flush_drafts`).
        let _ = self.save_draft(db);
    }

    fn pick(&mut self, index: usize, db: &Db) -> Effect {
        self.pick_for(index, db)
    }

    fn locked(&mut self, index: usize) -> Effect {
        let label = self.form.fields.get(index).map(|f| f.label.trim().to_string()).unwrap_or_default();
        Effect::Message(fill(L::LockedField.s(), &[&label, &bindings::key_for(&KEYS, Command::Reveal)]))
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        self.save_form(ctx)
    }

    fn cancel(&mut self, ctx: &mut Ctx) -> Effect {
        let _ = ctx.db.drafts.delete(FORM, &self.draft_key());
        Effect::PopWith(T::Cancelled.s().to_string())
    }

    fn recheck(&mut self, db: &Db) {
        if !self.form.has_errors() {
            return;
        }
        let checked = self.validate(db);
        self.form.clear_fixed(&checked);
    }

    fn keeps_drafts(&self) -> bool {
        true
    }

    fn keep_draft(&mut self, ctx: &mut Ctx) -> Effect {
        match self.save_draft(ctx.db) {
            Ok(()) => Effect::PopWith(F::DraftKept.s().to_string()),
            Err(e) => {
                let dir = ctx.db.drafts.dir().display().to_string();
                Effect::Message(fill(T::DraftFailed.s(), &[&dir, &e]))
            }
        }
    }
}

impl Screen for CaseForm {
    fn crumbs(&self) -> Vec<String> {
        vec![if self.case_id.is_some() { L::EditCase.s() } else { L::NewCase.s() }.to_string()]
    }

    fn context(&self) -> &'static Context {
        &KEYS
    }

    crate::tui::flows::record_form::form_delegates!();

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::Cmd(Command::Reveal) => self.reveal(ctx),
            // The answers to the draft's offer (`question_on_open`).
            Action::Cmd(Command::Restore) => self.restore(ctx.db),
            Action::Cmd(Command::Discard) if self.offered.is_some() => {
                self.offered = None;
                let _ = ctx.db.drafts.delete(FORM, &self.draft_key());
                Effect::Message(F::DraftDropped.s().into())
            }
            Action::Cmd(Command::Later) => Effect::PopWith(F::DraftLater.s().into()),
            _ => record_form::update(self, action, ctx),
        }
    }

    fn view(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = match self.case_id {
            Some(id) => format!("{} #{id}", L::EditCase.s()),
            None => L::NewCase.s().to_string(),
        };
        self.form.view_framed(frame, area, &title, theme);
    }

    fn on_picked(&mut self, picked: Picked, _ctx: &mut Ctx) -> Effect {
        match picked {
            Picked::School { id, name } => {
                self.form.set_value("school_id", &id.to_string(), &name);
                self.form.set_error("school_id", None);
            }
            Picked::Region(code) => {
                self.form.set_value("hukou_code", &code, &region_shown(&code));
                self.form.set_error("hukou_code", None);
            }
            Picked::Families(values) => {
                let codes = values.join(",");
                self.form.set_value("family_types", &codes, &family_shown(&codes));
            }
            other => return crate::tui::nav::unexpected(&other),
        }
        Effect::Changed
    }

    fn save_draft(&self, db: &Db) -> std::io::Result<()> {
        // A read-only file never takes this input, so there is nothing to keep; a damaged
        // one will be replaced by a backup, and then the draft is what is left of it. A
        // draft on offer is the user's to restore or discard: never overwritten meanwhile.
        if db.read_only.is_some_and(|r| r != crate::db::open::ReadOnlyReason::Damaged) || self.offered.is_some() {
            return Ok(());
        }
        // Input back to what is stored is no draft (it would only be offered again).
        if !self.form.changed() {
            return db.drafts.delete(FORM, &self.draft_key());
        }
        db.drafts.save(FORM, &self.draft_key(), &self.draft_values())
    }

    fn question_on_open(&self) -> Option<Question> {
        self.offered.as_ref().map(|d| Question::draft_offer(&d.saved_at))
    }
}

// ---------------------------------------------------------------------------------------
// This screen's keys (see `crate::tui::bindings`): a form's, and the case view's reveal
// command on the key that works while typing.

pub static KEYS: Context = text(
    "Case form",
    || K::CtxCaseForm.s(),
    &[
        FORM_SAVE,
        &[bar(&[crate::tui::bindings::REVEAL_KEY], Command::Reveal, || L::HintReveal.s()).about(|| K::AboutReveal.s())],
        FORM_ROWS,
        bindings::NOTE_EDITOR,
    ],
);
