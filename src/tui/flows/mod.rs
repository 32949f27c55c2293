//! Flows several screens share, each in one place: choosing a school, refusing a change
//! with the sentence saying why, opening the county-facts form, undoing the last change.
//! They return effects (routes, messages); none of them builds a screen.

pub mod access;
pub mod school_picker;
pub mod undo;

pub use access::{open_facts_form, refusal};
pub use school_picker::school_picker;
pub use undo::undo_last;
