//! The closed lists of the domain, each an enum with the stable ASCII code the database
//! stores. Their Chinese/English labels live in `i18n`, with every other visible string.

/// Declares an enum whose variants map one-to-one onto database codes.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a stored code; `None` for anything unknown.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use code_enum;

code_enum!(
    /// Which of the county's three ledgers a case sits in.
    Ledger { SchoolAge => "school_age", Suspected => "suspected", Dropout => "dropout" }
);

code_enum!(
    /// Why a child left or stopped attending (docs/domain.md §4, an editable list in spirit).
    Reason {
        Learning => "learning", Work => "work", Poverty => "poverty", Health => "health",
        EarlyMarriage => "early_marriage", NoGuardian => "no_guardian", Distance => "distance",
        Internet => "internet", Other => "other",
    }
);

code_enum!(
    /// Family situations; a case may have several.
    FamilyType {
        PovertyExit => "poverty_exit", Monitored => "monitored", Dibao => "dibao",
        Tekun => "tekun", Orphan => "orphan", Unsupported => "unsupported",
        Disabled => "disabled", LeftBehind => "left_behind", Migrant => "migrant",
        Hardship => "hardship",
    }
);

code_enum!(
    SchoolKind {
        Primary => "primary", Junior => "junior", NineYear => "nine_year",
        TwelveYear => "twelve_year", CompleteMiddle => "complete_middle",
        Special => "special", TeachingPoint => "teaching_point",
    }
);

code_enum!(
    /// 城区 / 镇区 / 乡村.
    Location { Urban => "urban", Town => "town", Rural => "rural" }
);

code_enum!(
    AllianceKind {
        League => "league", Community => "community", Group => "group",
        TwoCampuses => "two_campuses", Pairing => "pairing",
    }
);

code_enum!(AllianceLevel { City => "city", County => "county" });

code_enum!(MemberRole { Lead => "lead", Member => "member", Campus => "campus" });

code_enum!(
    ActivityKind {
        Research => "research", TeachingVisit => "teaching_visit", Rotation => "rotation",
        Training => "training", Monitoring => "monitoring", Other => "other",
    }
);

code_enum!(
    /// 优质均衡 status of a county.
    QualityStatus {
        None => "none", Creating => "creating", Pilot => "pilot",
        Provincial => "provincial", National => "national",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in SchoolKind::ALL {
            assert_eq!(SchoolKind::from_code(s.code()), Some(*s));
        }
        assert_eq!(Reason::from_code("nonsense"), None);
    }
}

code_enum!(
    /// A disabled child's placement in the 一人一案 (docs/domain.md §4: the placed ends).
    Placement { Inclusive => "inclusive", SpecialSchool => "special_school", HomeTeaching => "home_teaching" }
);

code_enum!(
    /// A care contact with a registry child; `Review` is the 一人一案's dated review.
    ContactKind {
        HomeVisit => "home_visit", Phone => "phone", Talk => "talk", FamilyCall => "family_call",
        Aid => "aid", Review => "review",
    }
);

code_enum!(
    /// The level of a school designation (国家级 / 省级 / 市级 / 县级).
    TagLevel { National => "national", Province => "province", City => "city", County => "county" }
);
