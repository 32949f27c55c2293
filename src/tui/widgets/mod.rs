//! Reusable pieces shared by screens.

pub mod columns;
pub mod file_list;
pub mod form;
pub mod hint_bar;
pub mod line_input;
pub mod list;
pub mod list_modes;
pub mod loaded;
pub mod overlay;
pub mod overview;
pub mod paged_table;
pub mod picker;
pub mod places;
pub mod prompt;
pub mod question;
pub mod text;
pub mod verdict;
