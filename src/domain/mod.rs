//! Pure rules of the domain: no SQL, no terminal. Everything here is testable with plain
//! values, and the database and UI layers both call into it.

pub mod access;
pub mod alliance;
pub mod case;
pub mod case_status;
pub mod case_update;
pub mod codes;
pub mod county;
pub mod cycle_settings;
pub mod dates;
pub mod due;
pub mod evaluation;
pub mod fields;
pub mod figures;
pub mod follow_up;
pub mod history;
pub mod id_number;
pub mod indicators;
pub mod items;
pub mod monthly;
pub mod person_name;
pub mod phone;
pub mod pinyin;
pub mod rates;
pub mod recheck;
pub mod record;
pub mod region;
pub mod registry;
pub mod rollover;
pub mod rollup;
pub mod school;
pub mod school_rules;
pub mod submission;
pub mod tags;
pub mod verify;
pub mod workflow;
