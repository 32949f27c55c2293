//! Spreadsheets in and out: reading CSV/xlsx (`read`), importing cases and schools with
//! the forms' rules (`import`, `school_rows`), and exporting (`export`).

pub mod case_update;
pub mod evidence;
pub mod export;
pub mod figures;
pub mod import;
pub mod items;
pub mod places;
pub mod read;
pub mod registry;
pub mod school_rows;
pub mod verify;
