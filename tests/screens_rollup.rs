//! Screens above the county at 80×24: the prefecture ledger with its 县区 column, the
//! prefecture's monthly table, its indicators table and its overview (one row per county and
//! the total).

mod common;

use common::{app, check_snapshot, press, render, type_text};
use crossterm::event::KeyCode;
use taizhang::tui::app::App;

/// The region tree's cursor on 七台河市 (filtered by its pinyin initials).
fn on_qitaihe(app: &mut App) {
    press(app, &[KeyCode::Char('/')]);
    type_text(app, "qth");
    press(app, &[KeyCode::Enter]);
}

/// The numbers of the screen's 合计 row, and the sums of the first seven numbers of the rows
/// that start with `rows`.
fn total_and_sum(lines: &[String], rows: &[&str]) -> (Vec<i64>, Vec<i64>) {
    let numbers =
        |l: &str| -> Vec<i64> { l.split_whitespace().filter_map(|w| w.trim_matches('│').parse().ok()).collect() };
    let mut sum = vec![0; 7];
    for c in rows {
        let row = lines.iter().find(|l| l.contains(c)).unwrap_or_else(|| panic!("{c}"));
        for (s, n) in sum.iter_mut().zip(numbers(row)) {
            *s += n;
        }
    }
    let total = lines.iter().find(|l| l.contains("合计")).expect("a total row");
    (numbers(total), sum)
}

#[test]
fn prefecture_ledger_has_a_county_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('l')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("七台河市台账"), "{}", lines[0]);
    assert!(lines[2].starts_with("县区"), "{}", lines[2]);
    let counties = ["新兴区", "桃山区", "茄子河区", "勃利县"];
    let rows = &lines[3..lines.len() - 1];
    assert!(
        rows.iter().filter(|l| !l.trim().is_empty()).all(|l| counties.iter().any(|c| l.starts_with(c))),
        "{rows:#?}"
    );
    check_snapshot("prefecture_ledger", &lines);
}

#[test]
fn prefecture_monthly_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('m'), KeyCode::Left]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("七台河市（230900）控辍保学月报汇总 2026-10"), "{}", lines[1]);
    let (total, sum) = total_and_sum(&lines, &["新兴区", "桃山区", "茄子河区", "勃利县"]);
    assert_eq!(total[..7], sum[..], "the total row is the sum of the counties");
    check_snapshot("prefecture_monthly", &lines);
}

#[test]
fn prefecture_indicators_table_says_it_is_not_evaluated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('i')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("七台河市（230900）优质均衡指标汇总"), "{}", lines[1]);
    assert!(lines.iter().any(|l| l.contains("市、省不单独评估")));
    assert!(lines.iter().any(|l| l.contains("合计") && l.contains("/4 达标")));
    check_snapshot("prefecture_indicators", &lines);
    // Enter on a county opens that county's own indicator screen.
    press(&mut app, &[KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("优质均衡指标"), "{}", lines[0]);
    assert!(!lines[1].contains("汇总"), "{}", lines[1]);
}

#[test]
fn prefecture_overview_from_the_region_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('v')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("七台河市（230900）概况汇总"), "{}", lines[1]);
    let (total, sum) = total_and_sum(&lines, &["新兴区", "桃山区", "茄子河区", "勃利县", "市直属"]);
    assert_eq!(total, sum, "the total row is the sum of the rows");
    assert!(sum[0] > 0 && sum[3] > 0, "schools and alliances: {sum:?}");
    check_snapshot("prefecture_overview", &lines);
    // Enter on a county opens its page.
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("茄子河区 230904"), "{}", lines[1]);
}

/// The table rows of a list screen (below its two head lines, above the hint bar).
fn table_rows(lines: &[String]) -> Vec<String> {
    lines.get(3..lines.len() - 1).unwrap_or_default().iter().filter(|l| !l.trim().is_empty()).cloned().collect()
}

#[test]
fn prefecture_schools_carry_a_county_column_and_c_narrows_them_to_one_county() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines[2].starts_with("县区"), "{}", lines[2]);
    assert!(!lines[2].contains("标识码"), "the place takes the code's room: {}", lines[2]);
    // c: 新兴区, 桃山区, 茄子河区 — the source's two small schools are there.
    press(&mut app, &[KeyCode::Char('c'), KeyCode::Char('c'), KeyCode::Char('c')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("茄子河区"), "the filter is shown: {}", lines[1]);
    let rows = table_rows(&lines);
    assert!(rows.iter().all(|r| r.starts_with("茄子河区")), "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains("新富小学")) && rows.iter().any(|r| r.contains("万龙学校")));
    // Then 勃利县, then the prefecture's own (市直属) schools.
    press(&mut app, &[KeyCode::Char('c'), KeyCode::Char('c')]);
    let rows = table_rows(&render(&app, 80, 24));
    assert!(!rows.is_empty() && rows.iter().all(|r| r.starts_with("市直属")), "{rows:#?}");
    assert!(rows.iter().any(|r| r.contains("七台河市特殊")), "{rows:#?}");
    // Esc clears the filter: every county again.
    press(&mut app, &[KeyCode::Esc]);
    let lines = render(&app, 80, 24);
    assert!(!lines[1].contains("市直属"), "{}", lines[1]);
    assert!(table_rows(&lines).iter().any(|r| r.starts_with("新兴区")));
}

#[test]
fn a_county_s_school_list_has_no_county_column_and_no_city_run_school() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "xxq");
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines[0].contains("新兴区学校名单"), "{}", lines[0]);
    assert!(lines[2].starts_with("学校名称"), "{}", lines[2]);
    assert!(!lines.iter().any(|l| l.contains("特殊教育学校")));
    // c does nothing at a county (and is not offered).
    press(&mut app, &[KeyCode::Char('c')]);
    assert_eq!(render(&app, 80, 24), lines);
    assert!(!lines[lines.len() - 1].contains("c 县区"));
}

#[test]
fn the_prefecture_ledger_sorts_and_filters_by_county() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('l')]);
    // s: registered → name → last visit → county.
    press(&mut app, &[KeyCode::Char('s'), KeyCode::Char('s'), KeyCode::Char('s')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("排序：县区（升序）"), "{}", lines[1]);
    let order = ["新兴区", "桃山区", "茄子河区", "勃利县"];
    let ranks: Vec<usize> = table_rows(&lines)
        .iter()
        .map(|r| order.iter().position(|c| r.starts_with(c)).unwrap_or_else(|| panic!("{r}")))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // c twice: 桃山区's cases only, and the count is theirs.
    press(&mut app, &[KeyCode::Char('c'), KeyCode::Char('c')]);
    let lines = render(&app, 80, 24);
    assert!(lines[1].contains("桃山区"), "{}", lines[1]);
    let rows = table_rows(&lines);
    assert!(!rows.is_empty() && rows.iter().all(|r| r.starts_with("桃山区")), "{rows:#?}");
}

#[test]
fn prefecture_alliances_by_county_with_the_city_level_ones_as_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = app(&dir, false);
    on_qitaihe(&mut app);
    press(&mut app, &[KeyCode::Char('a')]);
    let lines = render(&app, 80, 24);
    assert!(lines[2].starts_with("县区"), "{}", lines[2]);
    assert_eq!(table_rows(&lines).len(), 13, "七台河's 13 共同体");
    // s orders by place: counties in code order, the prefecture's own last.
    press(&mut app, &[KeyCode::Char('s')]);
    let rows = table_rows(&render(&app, 80, 24));
    assert!(rows.first().is_some_and(|r| r.starts_with("新兴区")), "{rows:#?}");
    assert!(rows.last().is_some_and(|r| r.starts_with("市直属") && r.contains("市级")), "{rows:#?}");
    // c five times: the 市级 ones only.
    for _ in 0..5 {
        press(&mut app, &[KeyCode::Char('c')]);
    }
    let rows = table_rows(&render(&app, 80, 24));
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert!(rows.iter().all(|r| r.starts_with("市直属") && r.contains("市级")));
}
