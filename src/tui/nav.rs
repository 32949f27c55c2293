//! What a picker answers. A picker's choice comes back to the screen below as a typed
//! [`Picked`] message (`Screen::on_picked`), never as a closure over `dyn Any`; the screens
//! themselves and how they open are listed in `crate::tui::screens`.

use crate::domain::case_status::CaseAction;
use crate::i18n::{fill, T};
use crate::tui::screens::Effect;
use crate::tui::widgets::picker::Picker;

/// What a picker is choosing, so its values come back as the right [`Picked`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    School,
    Region,
    Families,
    Action,
    /// A kind of item ledger (销号台账), by its code.
    ItemKind,
    /// A school designation (标签), by its name; the empty value is "any".
    Tag,
    /// A kind of dated school change, by its code.
    Change,
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
    ItemKind {
        code: String,
        label: String,
    },
    /// A designation's name, or `None` for every school.
    Tag(Option<String>),
    Change(crate::domain::history::Change),
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
            PickKind::Tag => first.map(|name| Picked::Tag(Some(name.clone()).filter(|n| !n.is_empty()))),
            PickKind::Change => {
                first.and_then(|code| crate::domain::history::Change::from_code(code)).map(Picked::Change)
            }
            PickKind::ItemKind => {
                let value = first?;
                Some(Picked::ItemKind { code: value.clone(), label: picker.label_of(value)?.to_string() })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::tui::screens::{build, Route};
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
