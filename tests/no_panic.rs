//! No panic on any text (issue 12): arbitrary Unicode — multi-byte, wide, zero-width,
//! combining, emoji sequences, controls, full-width digits — fed into every validator,
//! parser and text-fitting function a user's typing or a file's cell can reach. Each
//! function must return (a value or an error), never panic; the fitting functions must also
//! keep their promise (exactly / at most the columns asked for).

use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::HashMap;
use taizhang::domain::{alliance, case, case_status::CaseStatus, county, dates, fields, id_number, pinyin, region};
use taizhang::domain::{case::FIELDS as CASE_FIELDS, school_rules};
use taizhang::io::{import, read};
use taizhang::text;
use taizhang::tui::widgets::file_list::{self, Entry, EntryKind};
use taizhang::tui::widgets::line_input::LineInput;
use taizhang::tui::widgets::paged_table::{Column, Table};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

/// Characters that break byte-offset code and width arithmetic, mixed with any char.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        3 => prop::sample::select(vec![
            '学', '王', '𠀀', '𪚥', '·', '😀', '\u{FE0F}', '\u{200D}', '\u{0301}', '\u{200B}', '\u{feff}',
            '\r', '\n', '\t', '\0', '\u{7f}', '\u{85}', '１', '０', 'Ｘ', 'X', 'x', 'G', '-', '/', '.', '年',
            '月', '日', '*', '\'', '=', ',', '，', '、', ' ', '\u{3000}', '0', '1', '2', '9', 'é', 'ß', 'İ',
        ]),
        2 => prop::char::range('0', '9'),
    ]
}

fn tricky(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(String::from_iter)
}

/// Field values for a record: each key gets arbitrary text, or a plausible one.
fn values(keys: Vec<&'static str>) -> impl Strategy<Value = HashMap<&'static str, String>> {
    prop::collection::vec(tricky(24), keys.len()).prop_map(move |v| keys.iter().copied().zip(v).collect())
}

fn case_keys() -> Vec<&'static str> {
    CASE_FIELDS.iter().map(|f| f.key).collect()
}

fn school_keys() -> Vec<&'static str> {
    school_rules::FIELDS.iter().map(|f| f.key).collect()
}

fn get<'a>(m: &'a HashMap<&'static str, String>) -> impl Fn(&str) -> String + 'a {
    |k: &str| m.get(k).cloned().unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parsers_of_single_values(s in tricky(40)) {
        let _ = id_number::parse(&s, today());
        for mask in [fields::Mask::Id, fields::Mask::YearMonth, fields::Mask::Phone, fields::Mask::Hidden] {
            let _ = fields::mask_value(mask, &s);
        }
        let _ = dates::parse(&s, today());
        let _ = taizhang::domain::phone::parse(&s);
        let _ = taizhang::domain::person_name::parse(&s);
        let _ = fields::half_width(&s);
        let _ = read::column_letter(s.len());
        let _ = region::level_of(&s);
        let _ = region::parent_of(&s);
        let _ = region::contains(&s, "231123");
        let _ = region::contains("231100", &s);
        let _ = case::parse_family_codes(&s);
        let _ = county::parse_count(&s);
        let _ = county::parse_amount(&s);
        let _ = county::parse_year(&s, 2026);
        let _ = school_rules::check_code(&s, taizhang::domain::codes::SchoolKind::Primary);
        let _ = import::unneutralise(&s);
        let _ = import::parse_grade(&s);
        let _ = import::parse_status(&s);
        let _ = import::parse_reason(&s);
        let _ = import::family_codes(&s);
        let _ = read::normalise_header(&s);
        let _ = read::Encoding::parse(&s);
        let _ = read::decode(s.as_bytes(), read::Encoding::Auto);
        let _ = taizhang::io::export::neutralise(&s);
        let _ = taizhang::domain::monthly::Month::parse(&s);
        for f in CASE_FIELDS {
            let _ = f.matches_header(&s);
            let _ = f.masked(&s);
        }
        for m in [fields::Mask::Open, fields::Mask::Id, fields::Mask::Phone, fields::Mask::Hidden] {
            let _ = fields::mask_value(m, &s);
        }
    }

    #[test]
    fn id_shaped_text(s in prop::collection::vec(tricky_char(), 17..19).prop_map(String::from_iter)) {
        let _ = id_number::parse(&s, today());
        let _ = id_number::parse(&format!("11010120150301{s}"), today());
    }

    #[test]
    fn pinyin_search(name in tricky(20), query in tricky(8)) {
        let _ = pinyin::initials(&name);
        let _ = pinyin::initials_index(&name);
        let _ = pinyin::matches_initials(&name, &query);
        let _ = pinyin::matches_name_code(&name, &query, &query);
    }

    #[test]
    fn case_validation(m in values(case_keys()), status in prop::sample::select(CaseStatus::ALL.to_vec())) {
        let _ = case::validate(get(&m), status, today(), |id| id == 1);
        let _ = case::CaseRecord::from_texts(get(&m)).texts();
    }

    #[test]
    fn school_validation(m in values(school_keys())) {
        let _ = school_rules::validate(get(&m), today(), Some(1), |id| id == 2);
    }

    #[test]
    fn county_and_alliance_validation(m in values(vec![
        "name", "kind", "founded_on", "mode", "level", "lead_school_id", "primary_students",
        "junior_students", "spending", "year", "note",
    ])) {
        let _ = county::validate(&county::CountyFacts::empty("231123"), get(&m), 2026);
        let _ = alliance::validate_facts(&get(&m), today());
        let _ = alliance::validate_new(&get(&m), today());
    }

    #[test]
    fn school_rows_of_a_file(m in values(vec![
        "name", "school_code", "kind", "county", "students", "classes", "largest_class", "note",
    ])) {
        let raw = get(&m);
        let _ = taizhang::io::school_rows::check(&raw, Some("231123"), |c| c == "231123");
        let _ = taizhang::io::school_rows::check(&raw, None, |_| true);
    }

    #[test]
    fn csv_text(text in tricky(200)) {
        if let Ok(t) = read::parse_csv(&text) {
            let _ = read::map_headers_by(&t.headers, |n| (n == "姓名").then_some("name"));
            prop_assert!(t.rows.iter().all(|r| r.line >= 2), "a data row is below the header");
        }
    }

    #[test]
    fn fitting_keeps_to_the_columns(s in tricky(30), max in 0usize..20) {
        let t = text::truncate(&s, max);
        prop_assert!(text::width(t) <= max, "truncate({s:?}, {max}) = {t:?}");
        let f = text::fit(&s, max);
        prop_assert_eq!(text::width(&f), max, "fit({:?}, {})", s, max);
        let r = text::fit_right(&s, max);
        prop_assert_eq!(text::width(&r), max, "fit_right({:?}, {})", s, max);
        for line in text::wrap(&s, max.max(1)) {
            let _ = line;
        }
        let e = Entry { name: s.clone(), kind: EntryKind::File, size: 1234, modified: Some(today()) };
        let _ = file_list::row_text(&e, max * 3);
        let table = Table::new(vec![Column::left("姓名", 4), Column::right("n", 3), Column::flex(s.clone(), 2)], max * 3);
        let _ = table.line(&[s.clone(), s.clone(), s.clone()]);
        let _ = table.header(Some((1, true)));
    }

    #[test]
    fn file_names_typed(typed in tricky(30), name in tricky(12)) {
        let _ = file_list::split_typed(&typed);
        let _ = file_list::expand(&typed, Some(std::path::Path::new("/home/u")));
        let _ = file_list::matches(&name, &typed);
        let _ = file_list::natural_cmp(&name, &typed);
        let _ = file_list::is_spreadsheet(&name);
        for kind in [EntryKind::Parent, EntryKind::Dir, EntryKind::File] {
            let e = Entry { name: name.clone(), kind, size: 0, modified: None };
            let _ = file_list::complete(&typed, &e, Some(std::path::Path::new("/home/u")));
        }
    }

    /// Typing, moving and deleting in a text field, then drawing it at any width.
    #[test]
    fn line_input_editing(start in tricky(20), keys in prop::collection::vec((0u8..8, tricky_char()), 0..30), cols in 0usize..12) {
        let mut input = LineInput::new(&start);
        for (op, c) in keys {
            match op {
                0 => input.insert(c),
                1 => input.backspace(),
                2 => input.delete(),
                3 => input.left(),
                4 => input.right(),
                5 => input.home(),
                6 => input.insert_newline(),
                _ => input.clear_to_start(),
            }
            let (shown, caret) = input.window(cols);
            prop_assert!(text::width(&shown) <= cols.max(1), "{shown:?} in {cols}");
            prop_assert!(caret <= cols, "caret {caret} in {cols}");
            let (rows, (row, col)) = input.wrapped_window(cols, 3);
            prop_assert!(rows.iter().all(|r| text::width(r) <= cols.max(2)), "{rows:?} in {cols}");
            prop_assert!(row < rows.len() && rows.len() <= 3, "caret row {row} of {rows:?}");
            prop_assert!(col <= cols.max(2), "caret column {col} in {cols}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, failure_persistence: None, ..ProptestConfig::default() })]

    /// A form full of arbitrary values drawn at 80×24 and at a cramped 24×6, focused on
    /// each field in turn: drawing never panics, whatever the text.
    #[test]
    fn forms_draw_any_text(vals in prop::collection::vec(tricky(30), 4), label in tricky(10)) {
        use ratatui::{backend::TestBackend, Terminal};
        use taizhang::tui::widgets::form::{Field, Form};
        use taizhang::tui::theme::Theme;
        let theme = Theme::new(false, false);
        let mut form = Form::new(vec![
            Field::text("name", label.clone(), &vals[0]),
            Field::text("id_number", "身份证号", &vals[1]),
            Field::multiline("note", "备注", &vals[2]),
            Field::picked("school_id", label, &vals[3], &vals[3]),
        ]);
        for (w, h) in [(80, 24), (24, 6)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            for _ in 0..4 {
                term.draw(|f| form.view(f, f.area(), &theme)).expect("draws");
                form.update(taizhang::tui::keymap::Action::NextField);
            }
        }
    }
}
