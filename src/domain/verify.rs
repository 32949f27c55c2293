//! Verification rounds (排查, 四查三比对; docs/domain.md §9): the 户籍, 学籍, present-in-school
//! and poverty / monitored-household lists matched child by child, and each child classified.
//! Pure: the lists are read by `io::verify`, what the ledger knows by `db::verify`.

use std::collections::BTreeMap;

/// The lists a round compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List {
    /// 户籍: children registered in the area.
    Hukou,
    /// 学籍: children enrolled.
    Xueji,
    /// Children actually present in school.
    Present,
    /// 脱贫 / 防返贫监测 households' children.
    Poverty,
}

impl List {
    pub const ALL: [List; 4] = [List::Hukou, List::Xueji, List::Present, List::Poverty];

    pub fn code(self) -> &'static str {
        match self {
            List::Hukou => "hukou",
            List::Xueji => "xueji",
            List::Present => "present",
            List::Poverty => "poverty",
        }
    }
}

/// What a round found about one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    InSchool,
    RegisteredNotEnrolled,
    EnrolledNotPresent,
    PovertyNotEnrolled,
    EnrolledElsewhere,
    OpenCase,
    Unmatched,
}

impl Class {
    pub const ALL: [Class; 7] = [
        Class::InSchool,
        Class::RegisteredNotEnrolled,
        Class::EnrolledNotPresent,
        Class::PovertyNotEnrolled,
        Class::EnrolledElsewhere,
        Class::OpenCase,
        Class::Unmatched,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Class::InSchool => "in_school",
            Class::RegisteredNotEnrolled => "not_enrolled",
            Class::EnrolledNotPresent => "not_present",
            Class::PovertyNotEnrolled => "poverty_not_enrolled",
            Class::EnrolledElsewhere => "elsewhere",
            Class::OpenCase => "open_case",
            Class::Unmatched => "unmatched",
        }
    }

    pub fn from_code(code: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.code() == code)
    }

    /// A finding that may become a 疑似辍学 case (the child may be out of school).
    pub fn is_suspect(self) -> bool {
        matches!(self, Class::RegisteredNotEnrolled | Class::EnrolledNotPresent | Class::PovertyNotEnrolled)
    }
}

/// The grade a child born on `birth` is in on `today` by age, as a round's finding turned
/// into a case assumes it (docs/domain.md §9): school starts in the September after the
/// sixth birthday (by 31 August), one grade a year; `None` outside 一年级 to 九年级.
pub fn expected_grade(birth: chrono::NaiveDate, today: chrono::NaiveDate) -> Option<i64> {
    use chrono::Datelike;
    // The school year `today` is in starts on 1 September of `start`.
    let start = if today.month() >= 9 { today.year() } else { today.year() - 1 };
    let first_year = birth.year() + 6 + i32::from(birth.month() >= 9);
    let grade = i64::from(start - first_year) + 1;
    (1..=9).contains(&grade).then_some(grade)
}

/// One row of one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub list: List,
    /// The row's line in its file.
    pub line: usize,
    /// A valid ID number (normalised), when the row has one.
    pub id_number: Option<String>,
    pub name: String,
    pub birth_date: Option<String>,
    /// The school as the row names it (name or code).
    pub school: String,
}

impl Entry {
    /// Name + birth date + school: the weaker key of a row without an ID number.
    fn person_key(&self) -> Option<(String, String, String)> {
        let birth = self.birth_date.clone()?;
        (!self.name.trim().is_empty()).then(|| (self.name.trim().to_string(), birth, self.school.trim().to_string()))
    }
}

/// One child of the round: the rows that name it, matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub id_number: Option<String>,
    pub name: String,
    pub birth_date: Option<String>,
    pub school: String,
    /// Which lists name the child.
    pub lists: Vec<List>,
    /// Some row joined by name + birth date + school only (no ID number).
    pub weak: bool,
}

/// What the ledger knows about a child with an ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Known {
    /// The child has an open case (any county).
    pub open_case: bool,
    /// The child is enrolled (在校 or back in school) at a school outside the round's place.
    pub enrolled_elsewhere: bool,
}

/// The rows of all lists grouped by child: by ID number; a row without one joins the child
/// with the same name, birth date and school (a weaker match), or stands alone.
pub fn match_children(entries: &[Entry]) -> Vec<Child> {
    let mut children: Vec<Child> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_person: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let add_list = |c: &mut Child, l: List| {
        if !c.lists.contains(&l) {
            c.lists.push(l);
            c.lists.sort();
        }
    };
    let new_child = |e: &Entry| Child {
        id_number: e.id_number.clone(),
        name: e.name.trim().to_string(),
        birth_date: e.birth_date.clone(),
        school: e.school.trim().to_string(),
        lists: vec![e.list],
        weak: false,
    };
    // Rows with an ID number first, so the weaker rows find them whatever the file order.
    for e in entries.iter().filter(|e| e.id_number.is_some()) {
        let id = e.id_number.clone().unwrap_or_default();
        match by_id.get(&id) {
            Some(i) => {
                if let Some(c) = children.get_mut(*i) {
                    add_list(c, e.list);
                }
            }
            None => {
                by_id.insert(id, children.len());
                if let Some(k) = e.person_key() {
                    by_person.entry(k).or_insert(children.len());
                }
                children.push(new_child(e));
            }
        }
    }
    for e in entries.iter().filter(|e| e.id_number.is_none()) {
        match e.person_key().and_then(|k| by_person.get(&k).copied().map(|i| (k, i))) {
            Some((_, i)) => {
                if let Some(c) = children.get_mut(i) {
                    c.weak = true;
                    add_list(c, e.list);
                }
            }
            None => {
                if let Some(k) = e.person_key() {
                    by_person.insert(k, children.len());
                }
                children.push(new_child(e));
            }
        }
    }
    children
}

/// The class of a child, given which lists the round compares and what the ledger knows.
/// An open case comes first (the child is already followed); then enrolment: a child on the
/// 学籍 list is in school or, when a present list is compared and does not name it, not
/// present; a child not on it is enrolled elsewhere when the ledger knows that school, else
/// on the poverty list, else registered; a child named by no list that tells its enrolment
/// (a present-only row, or a row with neither ID number nor birth date) is unmatched.
pub fn classify(c: &Child, compared: &[List], known: Known) -> Class {
    let on = |l: List| c.lists.contains(&l);
    if known.open_case {
        return Class::OpenCase;
    }
    if c.id_number.is_none() && c.birth_date.is_none() {
        return Class::Unmatched;
    }
    if on(List::Xueji) {
        return if compared.contains(&List::Present) && !on(List::Present) {
            Class::EnrolledNotPresent
        } else {
            Class::InSchool
        };
    }
    if known.enrolled_elsewhere {
        return Class::EnrolledElsewhere;
    }
    if on(List::Poverty) {
        return Class::PovertyNotEnrolled;
    }
    if on(List::Hukou) {
        return Class::RegisteredNotEnrolled;
    }
    Class::Unmatched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(list: List, id: Option<&str>, name: &str, birth: Option<&str>) -> Entry {
        Entry {
            list,
            line: 2,
            id_number: id.map(String::from),
            name: name.into(),
            birth_date: birth.map(String::from),
            school: "实验小学".into(),
        }
    }

    #[test]
    fn rows_without_an_id_join_by_name_birth_and_school_as_a_weaker_match() {
        let rows = [
            e(List::Xueji, None, "张三", Some("2015-03-01")),
            e(List::Hukou, Some("X1"), "张三", Some("2015-03-01")),
            e(List::Present, Some("X1"), "张三", Some("2015-03-01")),
            e(List::Hukou, None, "李四", None),
        ];
        let children = match_children(&rows);
        assert_eq!(children.len(), 2);
        assert_eq!(children[0].lists, [List::Hukou, List::Xueji, List::Present]);
        assert!(children[0].weak);
        let all = [List::Hukou, List::Xueji, List::Present];
        assert_eq!(classify(&children[0], &all, Known::default()), Class::InSchool);
        assert_eq!(classify(&children[1], &all, Known::default()), Class::Unmatched);
        let open = Known { open_case: true, ..Known::default() };
        assert_eq!(classify(&children[0], &all, open), Class::OpenCase);
        assert_eq!(Class::from_code("not_present"), Some(Class::EnrolledNotPresent));
    }

    #[test]
    fn expected_grade_counts_school_years_from_the_september_after_the_sixth_birthday() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        // Six by 31 August 2026: 一年级 in 2026-27.
        assert_eq!(expected_grade(d("2020-08-31"), d("2026-11-23")), Some(1));
        assert_eq!(expected_grade(d("2020-09-01"), d("2026-11-23")), None, "not yet at school");
        assert_eq!(expected_grade(d("2017-12-05"), d("2026-11-23")), Some(3));
        assert_eq!(expected_grade(d("2017-12-05"), d("2027-08-31")), Some(3), "the year runs to 31 August");
        assert_eq!(expected_grade(d("2017-12-05"), d("2027-09-01")), Some(4));
        assert_eq!(expected_grade(d("2010-01-01"), d("2026-11-23")), None, "past 九年级");
    }
}
