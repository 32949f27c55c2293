//! Saying no before a form opens: the county-facts form is opened only past the one
//! refusal sentence (`screens::refusal`: read-only database, role, scope).

use crate::domain::access::Target;
use crate::domain::region::{self, Level};
use crate::tui::screens::Route;
use crate::tui::screens::{refusal, Ctx, Effect};

/// Opens the county-facts form, or says at once why this user cannot edit them.
pub fn open_facts_form(ctx: &mut Ctx, code: &str, name: &str) -> Effect {
    open_county_form(ctx, code, Route::Facts { code: code.to_string(), name: name.to_string() })
}

/// The county's own deadline and thresholds (`S` on the county page), administrators only.
pub fn open_settings_form(ctx: &mut Ctx, code: &str, name: &str) -> Effect {
    open_county_form(ctx, code, Route::CountySettings { code: code.to_string(), name: name.to_string() })
}

/// Opens `route`, a form of county `code` that only its administrators may save; anyone
/// else is told at once rather than on save.
fn open_county_form(ctx: &mut Ctx, code: &str, route: Route) -> Effect {
    if region::level_of(code) != Ok(Level::County) {
        return Effect::None;
    }
    let target = Target { region_code: code.to_string(), school_id: None };
    match refusal(ctx.db, Some(&target), true) {
        Some(message) => Effect::Message(message),
        None => Effect::Open(route),
    }
}
