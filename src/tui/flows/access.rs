//! Saying no before a form opens: the one sentence naming why this user cannot make a
//! change (read-only database, role, scope), and the county-facts form opened only past it.

use crate::domain::access::{Refusal, Target};
use crate::domain::region::{self, Level};
use crate::tui::nav::Route;
use crate::tui::screens::{Ctx, Effect};

/// The sentence saying why the current user cannot make this change, if they cannot.
pub fn refusal(ctx: &Ctx, target: &Target, admin_only: bool) -> Option<String> {
    let refusal = if ctx.db.read_only.is_some() {
        Refusal::ReadOnlyDatabase
    } else {
        ctx.db.actor.may_write(target, admin_only).err()?
    };
    let region_name = crate::db::regions::name_or_code(&ctx.db.conn, &target.region_code);
    let read_only = crate::i18n::errors::read_only_reason(ctx.db.read_only);
    Some(crate::i18n::refusal(&refusal, &ctx.db.actor.login, &region_name, read_only))
}

/// Opens the county-facts form, or says at once why this user cannot edit them.
pub fn open_facts_form(ctx: &mut Ctx, code: &str, name: &str) -> Effect {
    if region::level_of(code) != Ok(Level::County) {
        return Effect::None;
    }
    let target = Target { region_code: code.to_string(), school_id: None };
    match refusal(ctx, &target, true) {
        Some(message) => Effect::Message(message),
        None => Effect::Open(Route::Facts { code: code.to_string(), name: name.to_string() }),
    }
}
