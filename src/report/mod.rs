//! The tables and texts of a report, built once for both places that show it: the command
//! (`taizhang report …`, `taizhang import`) prints or writes them, the screen draws them.

pub mod files;
pub mod history;
pub mod import;
pub mod indicator_file;
pub mod indicators;
pub mod items;
pub mod month_cycle;
pub mod monthly;
pub mod rollup;
pub mod text_table;
