//! A list screen (ledger, schools) takes text in two ways: a search line (`/`) and a filter
//! form (`f`). Which one is open decides the key bindings (and so the input mode).

use super::form::Form;
use crate::tui::bindings::{self, Context};

/// The filter form's bindings, the search line's, or else the list's own (`list`).
pub fn context(searching: bool, filter_form: Option<&Form>, list: &'static Context) -> &'static Context {
    match filter_form {
        Some(_) => &bindings::FILTER_FORM,
        None if searching => &bindings::SEARCH,
        None => list,
    }
}
