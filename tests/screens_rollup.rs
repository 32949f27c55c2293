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
