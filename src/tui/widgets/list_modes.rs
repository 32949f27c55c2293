//! A list screen (ledger, schools) takes text in two ways: a search line (`/`) and a filter
//! form (`f`). Which one is open decides the input mode and the keys the hint bar offers.

use super::form::Form;
use super::hint_bar::{hint, Hint};
use crate::i18n::T;
use crate::tui::keymap::InputMode;

/// Text while searching or filling the filter form; commands otherwise.
pub fn input_mode(searching: bool, filter_form: Option<&Form>) -> InputMode {
    if searching || filter_form.is_some() {
        InputMode::Text
    } else {
        InputMode::Command
    }
}

/// The filter form's keys, the search line's, or else the list's own (`list`).
pub fn hints(searching: bool, filter_form: Option<&Form>, list: impl FnOnce() -> Vec<Hint>) -> Vec<Hint> {
    match filter_form {
        Some(form) => form.hints(T::HintApply.s()),
        None if searching => vec![hint("Enter", T::HintApply.s()), hint("Esc", T::HintClear.s())],
        None => list(),
    }
}
