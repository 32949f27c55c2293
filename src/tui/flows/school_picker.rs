//! The school picker: the schools of a region (only the user's own school for a 填报员).
//! The choice comes back as `Picked::School`.

use crate::db::{schools, Db};
use crate::domain::access::Scope;
use crate::i18n::ledger::L;
use crate::tui::nav::{PickKind, Route};
use crate::tui::screens::Effect;
use crate::tui::widgets::picker::{Item, Picker};

/// Opens a school picker over `region`.
pub fn school_picker(db: &Db, region: &str) -> Effect {
    let list = match schools::in_region(&db.conn, region) {
        Ok(l) => l,
        Err(e) => return Effect::Message(e.to_string()),
    };
    let own = match &db.actor.scope {
        Some(Scope::School { id, .. }) => Some(*id),
        _ => None,
    };
    let items: Vec<Item> = list
        .into_iter()
        .filter(|s| own.is_none_or(|id| id == s.id))
        .map(|s| Item::new(s.id.to_string(), s.name, s.county_name))
        .collect();
    Effect::Open(Route::Pick(Box::new(Picker::new(L::ChooseSchool.s(), items)), PickKind::School))
}
