//! Flows several screens share, each in one place: choosing a school, opening the
//! county-facts form past the refusal check, undoing the last change, a write that must
//! wait for another session.
//! They return effects (routes, messages); none of them builds a screen.

pub mod access;
pub mod record_form;
pub mod school_change;
pub mod school_picker;
pub mod undo;
pub mod write;

pub use access::{open_facts_form, open_settings_form};
pub use school_change::change_picker;
pub use school_picker::school_picker;
pub use undo::undo_last;
pub use write::write_failed;
