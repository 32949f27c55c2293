//! Navigation as data. A screen never builds another screen: it returns a [`Route`]
//! (`Effect::Open`, `Effect::Replace`) and [`build`] — the one place that knows every
//! screen — turns it into one. A picker's choice comes back to the screen below as a typed
//! [`Picked`] message (`Screen::on_picked`), never as a closure over `dyn Any`.

use crate::db::alliances::Alliance;
use crate::db::cases::Case;
use crate::db::drafts::Draft;
use crate::db::schools::School;
use crate::db::Db;
use crate::domain::case_status::CaseAction;
use crate::i18n::{fill, T};
use crate::tui::screens::{self as s, Effect, Screen};
use crate::tui::widgets::picker::Picker;

/// Which cases a ledger covers before any user filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerScope {
    /// Shown in the breadcrumb.
    pub title: String,
    pub region: Option<String>,
    pub schools: Option<Vec<i64>>,
}

/// Every screen the app can open, with what it needs to open.
pub enum Route {
    Regions,
    County {
        code: String,
        name: String,
    },
    Ledger(LedgerScope),
    Case(i64),
    NewCase {
        region: String,
        school: Option<i64>,
    },
    EditCase(Box<Case>),
    /// A case form left unsaved when the last session ended.
    CaseDraft(Box<Draft>),
    Step {
        case_id: i64,
        version: i64,
        action: CaseAction,
        region: String,
        registered_on: String,
    },
    Schools {
        region: String,
        title: String,
    },
    NewSchool {
        county: String,
    },
    EditSchool(Box<School>),
    Alliances {
        region: String,
        title: String,
    },
    SchoolAlliances {
        school_id: i64,
        name: String,
    },
    Alliance(i64),
    /// Refused (with a message) where alliances cannot be founded at this region's level.
    NewAlliance {
        list_region: String,
    },
    EditAlliance(Box<Alliance>),
    Facts {
        code: String,
        name: String,
    },
    Indicators {
        county: String,
    },
    Monthly {
        county: String,
    },
    Import {
        county: String,
    },
    /// A picker over the screen that asked; its choice comes back as `kind` says.
    Pick(Box<Picker>, PickKind),
}

/// What a picker is choosing, so its values come back as the right [`Picked`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    School,
    Region,
    Families,
    Action,
}

/// A picker's choice as the screen below receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    School {
        id: i64,
        name: String,
    },
    Region(String),
    /// Every ticked family-type code (none ticked is a choice too).
    Families(Vec<String>),
    Action(CaseAction),
}

impl PickKind {
    /// The chosen `values` as a message; `None` when they name nothing of this kind.
    pub fn picked(self, values: Vec<String>, picker: &Picker) -> Option<Picked> {
        let first = values.first();
        match self {
            PickKind::School => {
                let value = first?;
                Some(Picked::School { id: value.parse().ok()?, name: picker.label_of(value)?.to_string() })
            }
            PickKind::Region => first.map(|code| Picked::Region(code.clone())),
            PickKind::Families => Some(Picked::Families(values)),
            PickKind::Action => {
                let value = first?;
                CaseAction::ALL.iter().copied().find(|a| action_value(*a) == *value).map(Picked::Action)
            }
        }
    }
}

/// An action's value in the action picker.
pub fn action_value(a: CaseAction) -> String {
    format!("{a:?}")
}

/// What a screen answers to a choice it did not ask for: it says so, never drops it.
pub fn unexpected(p: &Picked) -> Effect {
    Effect::Message(fill(T::UnexpectedChoice.s(), &[&format!("{p:?}")]))
}

/// Builds the screen `route` names, or the sentence saying why it cannot open.
pub fn build(route: Route, db: &Db) -> Result<Box<dyn Screen>, String> {
    let err = |e: rusqlite::Error| e.to_string();
    Ok(match route {
        Route::Regions => Box::new(s::regions::RegionsScreen::new(db).map_err(err)?),
        Route::County { code, name } => Box::new(s::county::CountyScreen::new(db, &code, &name).map_err(err)?),
        Route::Ledger(scope) => Box::new(s::ledger::LedgerScreen::new(db, scope)),
        Route::Case(id) => Box::new(s::case_view::CaseScreen::new(db, id).map_err(err)?),
        Route::NewCase { region, school } => {
            Box::new(s::case_form::CaseForm::new_case(db, &region, school).map_err(err)?)
        }
        Route::EditCase(case) => Box::new(s::case_form::CaseForm::edit(db, &case)),
        Route::CaseDraft(draft) => Box::new(s::case_form::CaseForm::from_draft(db, &draft)),
        Route::Step { case_id, version, action, region, registered_on } => {
            Box::new(s::step_form::StepForm::new(case_id, version, action, &region, registered_on))
        }
        Route::Schools { region, title } => Box::new(s::schools::SchoolsScreen::new(db, &region, &title)),
        Route::NewSchool { county } => Box::new(s::school_form::SchoolForm::new_school(&county)),
        Route::EditSchool(school) => Box::new(s::school_form::SchoolForm::edit(&school)),
        Route::Alliances { region, title } => Box::new(s::alliances::AlliancesScreen::for_region(db, &region, &title)),
        Route::SchoolAlliances { school_id, name } => {
            Box::new(s::alliances::AlliancesScreen::for_school(db, school_id, &name))
        }
        Route::Alliance(id) => Box::new(s::alliance_view::AllianceScreen::new(db, id).map_err(err)?),
        Route::NewAlliance { list_region } => match s::alliance_form::AllianceForm::new_alliance(&list_region) {
            Some(form) => Box::new(form),
            None => return Err(crate::i18n::schools::S::NewAllianceWhere.s().into()),
        },
        Route::EditAlliance(a) => Box::new(s::alliance_form::AllianceForm::edit(&a)),
        Route::Facts { code, name } => Box::new(s::facts_form::FactsForm::new(db, &code, &name).map_err(err)?),
        Route::Indicators { county } => Box::new(
            s::indicators::IndicatorsScreen::new(db, &county).map_err(|e| crate::i18n::errors::report_error(db, &e))?,
        ),
        Route::Monthly { county } => Box::new(s::monthly::MonthlyScreen::new(db, &county)),
        Route::Import { county } => Box::new(s::import::ImportScreen::new(&county)),
        Route::Pick(picker, kind) => Box::new(s::picker::PickerScreen::new(*picker, kind)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::picker::Item;

    #[test]
    fn a_school_choice_carries_its_id_and_name() {
        let p = Picker::new("学校", vec![Item::new("7", "实验小学", "231123")]);
        assert_eq!(
            PickKind::School.picked(vec!["7".into()], &p),
            Some(Picked::School { id: 7, name: "实验小学".into() })
        );
        assert_eq!(PickKind::School.picked(vec!["x".into()], &p), None, "not an id: no choice");
        assert_eq!(PickKind::Families.picked(vec![], &p), Some(Picked::Families(vec![])));
    }

    #[test]
    fn an_action_choice_is_typed() {
        let a = CaseAction::ALL[0];
        let p = Picker::new("", vec![Item::new(action_value(a), "x", "")]);
        assert_eq!(PickKind::Action.picked(vec![action_value(a)], &p), Some(Picked::Action(a)));
        assert_eq!(PickKind::Action.picked(vec!["Nonsense".into()], &p), None);
    }

    fn demo_db(dir: &tempfile::TempDir) -> Db {
        let opts = crate::db::OpenOptions {
            path: dir.path().join("nav.db"),
            create: crate::db::Create::Demo(0),
            busy_timeout: std::time::Duration::from_millis(500),
            login: "tester".into(),
        };
        crate::db::open(&opts).expect("open")
    }

    /// A choice reaches the screen that asked as a typed message; a screen handed a choice
    /// it did not ask for says so instead of dropping it.
    #[test]
    fn an_unexpected_choice_is_reported_not_dropped() {
        let dir = tempfile::tempdir().expect("dir");
        let mut db = demo_db(&dir);
        let step = Route::Step {
            case_id: 1,
            version: 1,
            action: CaseAction::ALL[0],
            region: "230000".into(),
            registered_on: "2026-01-01".into(),
        };
        let mut form = build(step, &db).unwrap_or_else(|e| panic!("{e}"));
        let mut ctx = crate::tui::screens::Ctx { db: &mut db };
        let school = Picked::School { id: 3, name: "实验小学".into() };
        assert!(matches!(form.on_picked(school, &mut ctx), Effect::Changed));
        match form.on_picked(Picked::Region("230000".into()), &mut ctx) {
            Effect::Message(m) => assert!(m.contains("Region"), "the message names the choice: {m}"),
            _ => panic!("an unexpected choice must be reported"),
        }
        let mut regions = build(Route::Regions, ctx.db).unwrap_or_else(|e| panic!("{e}"));
        let effect = regions.on_picked(Picked::Families(vec![]), &mut ctx);
        assert!(matches!(effect, Effect::Message(_)), "the default answer reports too");
    }
}
