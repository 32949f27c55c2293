//! Spreadsheets in and out: reading CSV/xlsx (`read`), importing cases and schools with
//! the forms' rules (`import`, `school_rows`), and exporting (`export`).

pub mod export;
pub mod figures;
pub mod import;
pub mod read;
pub mod registry;
pub mod school_rows;
