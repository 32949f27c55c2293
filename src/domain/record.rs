//! A record declared once: [`record!`] writes the struct, its table of fields
//! (`domain::fields`) and the conversions to and from the texts that forms, stored
//! columns and audit rows use, from one row per field. Adding a field is adding a row.

use super::codes::{Location, SchoolKind};

/// A value as a record holds it, to and from its text (what a form shows, what a column
/// stores as text). Reading is lenient: what does not parse is unknown, or the first code.
pub trait FieldValue: Sized {
    fn to_text(&self) -> String;
    fn from_text(s: &str) -> Self;
}

impl FieldValue for String {
    fn to_text(&self) -> String {
        self.clone()
    }
    fn from_text(s: &str) -> Self {
        s.to_string()
    }
}

impl FieldValue for Option<String> {
    fn to_text(&self) -> String {
        self.clone().unwrap_or_default()
    }
    fn from_text(s: &str) -> Self {
        Some(s.to_string()).filter(|s| !s.is_empty())
    }
}

impl FieldValue for Option<i64> {
    fn to_text(&self) -> String {
        self.map(|n| n.to_string()).unwrap_or_default()
    }
    fn from_text(s: &str) -> Self {
        s.trim().parse().ok()
    }
}

impl FieldValue for Option<f64> {
    fn to_text(&self) -> String {
        self.map(|n| n.to_string()).unwrap_or_default()
    }
    fn from_text(s: &str) -> Self {
        s.trim().parse().ok()
    }
}

/// A code list's value: stored as its code, unknown codes read as the list's first.
macro_rules! code_value {
    ($($ty:ty),+) => {$(
        impl FieldValue for $ty {
            fn to_text(&self) -> String {
                self.code().to_string()
            }
            fn from_text(s: &str) -> Self {
                <$ty>::from_code(s).unwrap_or(<$ty>::ALL[0])
            }
        }
    )+};
}
code_value!(SchoolKind, Location);

/// `record! { #[doc] pub struct Name, pub const TABLE; field: Type = Field { .. }, … }`:
/// the struct with one public member per row, `TABLE: &[Field]` in row order, and
/// `texts()` / `from_texts()` in the same order. Each row's `Field` key must be the
/// member's name (the record's tests compare them).
macro_rules! record {
    (
        $(#[$meta:meta])* pub struct $name:ident, pub const $table:ident;
        $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $def:expr ),+ $(,)?
    ) => {
        $(#[$meta])*
        pub struct $name { $( $(#[$fmeta])* pub $field: $ty ),+ }

        /// The record's fields, in form (and export) order.
        pub const $table: &[$crate::domain::fields::Field] = &[ $( $def ),+ ];

        impl $name {
            /// (field key, value as text) for every field, in table order: form values,
            /// stored columns, audit rows, conflicts.
            pub fn texts(&self) -> Vec<(&'static str, String)> {
                use $crate::domain::record::FieldValue;
                vec![ $( (stringify!($field), self.$field.to_text()) ),+ ]
            }

            /// The record from stored or already checked texts (the inverse of `texts`).
            pub fn from_texts(value: impl Fn(&str) -> String) -> $name {
                use $crate::domain::record::FieldValue;
                $name { $( $field: FieldValue::from_text(&value(stringify!($field))) ),+ }
            }
        }
    };
}
pub(crate) use record;
