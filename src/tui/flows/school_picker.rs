//! The school picker: the schools of a region the session may see (the database offers a
//! 填报员 only their own school).
//! The choice comes back as `Picked::School`.

use crate::db::{schools, Db};
use crate::i18n::ledger::L;
use crate::tui::nav::PickKind;
use crate::tui::screens::Effect;
use crate::tui::screens::Route;
use crate::tui::widgets::picker::{Item, Picker};

/// Opens a school picker over `region`.
pub fn school_picker(db: &Db, region: &str) -> Effect {
    let list = match schools::in_region(db, region) {
        Ok(l) => l,
        Err(e) => return Effect::Message(e.to_string()),
    };
    let items: Vec<Item> = list.into_iter().map(|s| Item::new(s.id.to_string(), s.name, s.county_name)).collect();
    Effect::Open(Route::Pick(Box::new(Picker::new(L::ChooseSchool.s(), items)), PickKind::School))
}
