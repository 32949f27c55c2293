//! taizhang (台账): keyboard-only records for county education bureaus.
//!
//! Layers, from the inside out: `domain` (pure rules) ← `db` (all SQL) ← `tui` (terminal),
//! with `cli` parsing commands, `report` building the tables both commands and screens
//! show, and `i18n` holding every visible string.

pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod io;
pub mod os_user;
pub mod report;
pub mod text;
pub mod tui;
