//! Registering or editing a case: every field of docs/domain.md §4, validated as the user leaves
//! each field and again on save. Unsaved input is kept as a draft; a duplicate child is
//! shown instead of created; a conflicting save overwrites nothing.

use super::{Ctx, Effect, Screen};
use crate::db::cases::{self, Case, Duplicate};
use crate::db::drafts::{self, Draft};
use crate::db::{schools, Db, WriteError};
use crate::domain::access::Scope;
use crate::domain::case::{self, CaseRecord};
use crate::domain::case_status::CaseStatus;
use crate::domain::codes::{FamilyType, Reason};
use crate::domain::fields::{Field as FieldDef, Kind};
use crate::domain::id_number;
use crate::i18n::ledger::{case_error, grade_label, label_of, L};
use crate::i18n::{fill, Label, T};
use crate::tui::bindings::{self, Context};
use crate::tui::commands::Command;
use crate::tui::flows::record_form::{self, RecordForm};
use crate::tui::flows::school_picker;
use crate::tui::keymap::Action;
use crate::tui::nav::{PickKind, Picked};
use crate::tui::screens::Route;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::picker::{Item, Picker};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::collections::BTreeMap;

const FORM: &str = "case";

pub struct CaseForm {
    case_id: Option<i64>,
    version: i64,
    status: CaseStatus,
    region: String,
    form: Form,
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
fn form_field(f: &'static FieldDef, value: &str, school_name: &str) -> Field {
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
        Kind::Note => Field::multiline(f.key, label, value),
        _ if f.is_personal() => Field { mask: Some(f.mask), ..Field::text(f.key, label, value) },
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
        fields.extend(case::FIELDS.iter().map(|f| form_field(f, &v(f.key), school_name)));
        Form::new(fields)
    }

    /// A blank form for a new case in `region` (at `school`, when the ledger is one school's).
    pub fn new_case(db: &Db, region: &str, school: Option<i64>) -> rusqlite::Result<CaseForm> {
        if let Some(d) = drafts::get(&db.conn, &db.actor.login, FORM, "new")? {
            return Ok(Self::from_draft(db, &d));
        }
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
        Ok(CaseForm {
            case_id: None,
            version: 0,
            status: CaseStatus::Suspected,
            region: region.to_string(),
            form: Self::build(&values, &school_name, true),
        })
    }

    pub fn edit(db: &Db, case: &Case) -> CaseForm {
        if let Ok(Some(d)) = drafts::get(&db.conn, &db.actor.login, FORM, &case.id.to_string()) {
            return Self::from_draft(db, &d);
        }
        let values: BTreeMap<String, String> =
            case.record.texts().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        CaseForm {
            case_id: Some(case.id),
            version: case.version,
            status: case.status,
            region: case.county_code.clone(),
            form: Self::build(&values, &case.school_name, false),
        }
    }

    /// Rebuilds a form from a draft kept when a session ended unexpectedly.
    pub fn from_draft(db: &Db, d: &Draft) -> CaseForm {
        let v = |k: &str| d.values.get(k).cloned().unwrap_or_default();
        let school_name =
            v("school_id").parse().ok().and_then(|id| schools::name(&db.conn, id).ok().flatten()).unwrap_or_default();
        let case_id: Option<i64> = v("_case_id").parse().ok();
        CaseForm {
            case_id,
            version: v("_version").parse().unwrap_or(0),
            status: CaseStatus::from_code(&v("_status")).unwrap_or(CaseStatus::Suspected),
            region: Some(v("_region")).filter(|r| !r.is_empty()).unwrap_or_else(|| "230000".into()),
            form: Self::build(&d.values, &school_name, case_id.is_none()),
        }
    }

    fn draft_key(&self) -> String {
        self.case_id.map(|i| i.to_string()).unwrap_or_else(|| "new".into())
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
                let _ = drafts::delete(&ctx.db.conn, &ctx.db.actor.login, FORM, &self.draft_key());
                let id = self.case_id.unwrap_or(id_or_version);
                Effect::PopWith(fill(L::SavedCase.s(), &[&record.name]) + &format!(" #{id}"))
            }
            Ok(Err(Duplicate::Visible { case_id, name })) => {
                Effect::Replace(Route::Case(case_id), Some(fill(L::Duplicate.s(), &[&name, &case_id])))
            }
            Ok(Err(Duplicate::Elsewhere { region_name, .. })) => {
                Effect::Message(fill(L::DuplicateElsewhere.s(), &[&region_name]))
            }
            Err(WriteError::Conflict) => self.show_conflict(ctx.db),
            Err(e) => Effect::Message(crate::i18n::errors::session_write_error(ctx.db, &e)),
        }
    }

    /// Someone else saved first: their values appear beside the fields; F2 again applies
    /// what this user typed on top of their version, Esc discards it.
    fn show_conflict(&mut self, db: &Db) -> Effect {
        let Some(id) = self.case_id else { return Effect::Message(T::Conflict.s().into()) };
        match cases::get_scoped(db, id) {
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
        self.save_draft(db);
    }

    fn pick(&mut self, index: usize, db: &Db) -> Effect {
        self.pick_for(index, db)
    }

    fn save(&mut self, ctx: &mut Ctx) -> Effect {
        self.save_form(ctx)
    }

    fn cancel(&mut self, ctx: &mut Ctx) -> Effect {
        let _ = drafts::delete(&ctx.db.conn, &ctx.db.actor.login, FORM, &self.draft_key());
        Effect::PopWith(T::Cancelled.s().to_string())
    }
}

impl Screen for CaseForm {
    fn crumbs(&self) -> Vec<String> {
        vec![if self.case_id.is_some() { L::EditCase.s() } else { L::NewCase.s() }.to_string()]
    }

    fn context(&self) -> &'static Context {
        &bindings::FORM
    }

    fn offers(&self, cmd: Command) -> bool {
        self.form.offers(cmd)
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        record_form::update(self, action, ctx)
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

    fn save_draft(&self, db: &Db) {
        if db.read_only.is_none() {
            let _ = drafts::save(&db.conn, &db.actor.login, FORM, &self.draft_key(), &self.draft_values());
        }
    }
}
