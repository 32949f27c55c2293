//! 优质均衡 indicators and rates (docs/domain.md §5): the worked CV example, school verdicts at
//! and around every threshold, the 九年一贯制 split, 巩固率 on hand-computed fixtures,
//! missing figures reported as missing, the guarantee items, the demo counties, and
//! `taizhang report indicators` in its three formats.

use chrono::NaiveDate;
use std::time::Duration;
use taizhang::db::{self, indicators as load, OpenOptions};
use taizhang::domain::codes::SchoolKind;
use taizhang::domain::indicators::{
    self, class_size, evaluate, evaluate_schools, school_size, weighted_cv, Check, Exclusion, Indicator, Rotation,
    SchoolInput, Stage, Verdict,
};
use taizhang::domain::rates::{self, Cohort, CohortStage, DisabledPlaced, Figure, Rate};

fn close(a: f64, b: f64, eps: f64) -> bool {
    (a - b).abs() < eps
}

// ---------------------------------------------------------------------------------------
// The coefficient of variation.

#[test]
fn worked_cv_example() {
    let items = [(45.0, 279.0), (37.0, 137.0), (89.0, 935.0), (76.0, 160.0), (55.0, 402.0)];
    let cv = weighted_cv(&items, 1.0).expect("students");
    assert_eq!(cv.students, 302.0);
    assert_eq!(cv.total, 1913.0);
    // X̄ is the county total over all students, not the mean of the schools' values.
    assert!(close(cv.mean, 1913.0 / 302.0, 1e-12));
    assert!(close(cv.mean, 6.33, 0.005), "{}", cv.mean);
    let unweighted_mean: f64 = cv.values.iter().sum::<f64>() / 5.0;
    assert!(!close(unweighted_mean, cv.mean, 0.01));
    let value = cv.cv.expect("cv");
    assert!(close(value, 0.515, 0.0005), "{value}");
    // Each school's term adds up to the variance; 89 students at 10.5 pull it up most.
    assert!(close(cv.terms.iter().sum::<f64>(), cv.variance, 1e-12));
    let biggest = cv.terms.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i);
    assert_eq!(biggest, Some(2));
}

#[test]
fn cv_per_hundred_scale_and_degenerate_cases() {
    // Per-100 indicators scale X̄ and every X_i by 100: the CV does not change.
    let items = [(45.0, 279.0), (37.0, 137.0), (89.0, 935.0), (76.0, 160.0), (55.0, 402.0)];
    let a = weighted_cv(&items, 1.0).and_then(|c| c.cv).expect("cv");
    let b = weighted_cv(&items, 100.0).expect("cv");
    assert!(close(a, b.cv.expect("cv"), 1e-12));
    assert!(close(b.mean, 633.44, 0.01));
    // Equal values: no variation.
    let same = weighted_cv(&[(100.0, 420.0), (50.0, 210.0)], 100.0).expect("cv");
    assert!(close(same.cv.expect("cv"), 0.0, 1e-12));
    // No resource anywhere: X̄ = 0 and the CV is undefined, not 0.
    assert_eq!(weighted_cv(&[(100.0, 0.0)], 1.0).expect("students").cv, None);
    // No students: nothing to compute.
    assert!(weighted_cv(&[], 1.0).is_none());
}

// ---------------------------------------------------------------------------------------
// School verdicts.

/// A 小学 with 100 students whose every figure is exactly `share` of its standard.
fn primary(name: &str, shares: [Option<f64>; 7]) -> SchoolInput {
    let mut resources = [None; 7];
    for ind in Indicator::ALL {
        // For 100 students: per-100 indicators need `standard` units, per-student ones 100×.
        let need = ind.standard(Stage::Primary) * 100.0 / ind.scale();
        resources[ind.index()] = shares[ind.index()].map(|s| need * s);
    }
    SchoolInput {
        id: name.len() as i64,
        name: name.to_string(),
        kind: Some(SchoolKind::Primary),
        students: Some(100),
        largest_class: Some(40),
        teachers: Some(8),
        resources,
        ..SchoolInput::default()
    }
}

fn verdict_of(shares: [Option<f64>; 7]) -> Verdict {
    let (parts, excluded) = evaluate_schools(&[primary("x", shares)]);
    assert!(excluded.is_empty());
    parts[0].verdict
}

#[test]
fn verdicts_at_and_around_every_threshold() {
    let all = |s: f64| [Some(s); 7];
    assert_eq!(verdict_of(all(1.0)), Verdict::Pass, "exactly at every standard");
    assert_eq!(verdict_of(all(1.3)), Verdict::Pass);
    // Exactly 6 of 7 met, the 7th at 85 % → pass; at 84.9 % → fail. Tried on each indicator.
    for i in 0..7 {
        let mut s = all(1.0);
        s[i] = Some(0.85);
        assert_eq!(verdict_of(s), Verdict::Pass, "indicator {i} at 85%");
        s[i] = Some(0.849);
        assert_eq!(verdict_of(s), Verdict::Fail, "indicator {i} at 84.9%");
        s[i] = Some(0.999);
        assert_eq!(verdict_of(s), Verdict::Pass, "indicator {i} just below its standard");
    }
    // Only 5 of 7 met, even if both others are close: fail.
    let mut s = all(1.0);
    s[1] = Some(0.99);
    s[6] = Some(0.99);
    assert_eq!(verdict_of(s), Verdict::Fail);
    // The met / not met marks per cell.
    let (parts, _) = evaluate_schools(&[primary("x", {
        let mut s = all(1.0);
        s[3] = Some(0.9);
        s
    })]);
    assert_eq!(parts[0].met_count(), 6);
    assert_eq!(parts[0].cells[3].met(), Some(false));
    assert!(close(parts[0].cells[3].share().expect("share"), 0.9, 1e-9));
    assert!(close(parts[0].cells[0].value.expect("value"), 4.2, 1e-9));
    assert!(close(parts[0].cells[5].value.expect("value"), 2000.0, 1e-9));
}

#[test]
fn missing_figures_are_missing_not_zero() {
    let mut s = [Some(1.0); 7];
    s[4] = None;
    // 6 met and one unknown: cannot be decided.
    assert_eq!(verdict_of(s), Verdict::Incomplete);
    // Known figures that already fail decide it.
    s[0] = Some(0.5);
    assert_eq!(verdict_of(s), Verdict::Fail);
    let (parts, _) = evaluate_schools(&[primary("x", s)]);
    assert_eq!(parts[0].cells[4].value, None);
    assert_eq!(parts[0].cells[4].met(), None);
    assert_eq!(parts[0].missing_count(), 1);

    // The county CV of that indicator leaves the school out and says so.
    let mut other = [Some(1.2); 7];
    other[0] = Some(1.0);
    let schools = [primary("a", s), primary("bb", other), primary("ccc", [Some(1.0); 7])];
    let report = evaluate(&schools);
    let st = report.stage(Stage::Primary);
    let sports = &st.cvs[Indicator::Sports.index()];
    assert_eq!(sports.based_on.len(), 2);
    assert_eq!(sports.missing, vec![0]);
    assert!(sports.cv.is_some());
    let degree = &st.cvs[Indicator::Degree.index()];
    assert_eq!(degree.based_on.len(), 3);
    assert!(degree.missing.is_empty());
    // The one with the lowest value pulls the degree CV up most.
    let top = degree.contributors();
    assert_eq!(st.parts[top[0].0].name, "a");
    assert!(close(top.iter().map(|t| t.1).sum::<f64>(), 1.0, 1e-9));
    // The county cannot pass with a failing school.
    assert_eq!(report.passes(), Some(false));
}

#[test]
fn stage_verdicts() {
    let good = [primary("a", [Some(1.1); 7]), primary("bb", [Some(1.3); 7])];
    assert_eq!(evaluate(&good).passes(), Some(true));
    let mut with_missing = good.to_vec();
    with_missing.push(primary("ccc", [Some(1.2), Some(1.2), None, Some(1.2), Some(1.2), Some(1.2), Some(1.2)]));
    assert_eq!(evaluate(&with_missing).passes(), None, "an undecided school leaves the county undecided");
    // Every school passes but the spread is too wide: the CV fails the county.
    let spread = [primary("a", [Some(1.0); 7]), primary("bb", [Some(4.0); 7])];
    let report = evaluate(&spread);
    assert!(report.stage(Stage::Primary).parts.iter().all(|p| p.verdict == Verdict::Pass));
    assert_eq!(report.stage(Stage::Primary).cvs[0].met(), Some(false));
    assert_eq!(report.passes(), Some(false));
}

#[test]
fn nine_year_split_one_to_one_point_one() {
    let school = SchoolInput {
        id: 9,
        name: "南城九年一贯制学校".into(),
        kind: Some(SchoolKind::NineYear),
        students: Some(1000),
        primary_students: Some(600),
        junior_students: Some(400),
        largest_class: Some(44),
        classes: Vec::new(),
        teachers: Some(80),
        // building 1040 m²: 600 go to 小学 (600 / (600 + 440)), 440 to 初中.
        resources: [Some(52.0), Some(10.4), Some(10.4), Some(1040.0), Some(10400.0), Some(2_600_000.0), Some(26.0)],
    };
    assert!(close(indicators::primary_share(600, 400), 600.0 / 1040.0, 1e-12));
    let (parts, excluded) = evaluate_schools(&[school]);
    assert!(excluded.is_empty());
    assert_eq!(parts.len(), 2);
    let (p, j) = (&parts[0], &parts[1]);
    assert_eq!((p.stage, p.students), (Stage::Primary, 600));
    assert_eq!((j.stage, j.students), (Stage::Junior, 400));
    assert!(close(p.resource_share + j.resource_share, 1.0, 1e-12));
    let b = Indicator::Building.index();
    assert!(close(p.cells[b].amount.expect("amount"), 600.0, 1e-9));
    assert!(close(j.cells[b].amount.expect("amount"), 440.0, 1e-9));
    assert!(close(p.cells[b].value.expect("v"), 1.0, 1e-9));
    assert!(close(j.cells[b].value.expect("v"), 1.1, 1e-9), "a 初中 student gets 1.1 times a 小学 student");
    // Per-100: 52 teachers → 30 and 22 → 5.0 and 5.5 per 100.
    assert!(close(p.cells[0].value.expect("v"), 5.0, 1e-9));
    assert!(close(j.cells[0].value.expect("v"), 5.5, 1e-9));
    // Each part is judged against its own stage's standard.
    assert_eq!(p.cells[0].standard, 4.2);
    assert_eq!(j.cells[0].standard, 5.3);
    assert_eq!(p.split, Some((600, 400)));
}

#[test]
fn exclusions_with_reasons() {
    let mut point49 = primary("point49", [Some(1.0); 7]);
    point49.kind = Some(SchoolKind::TeachingPoint);
    point49.students = Some(49);
    let mut point50 = point49.clone();
    point50.name = "point50".into();
    point50.students = Some(50);
    let mut special = primary("special", [Some(1.0); 7]);
    special.kind = Some(SchoolKind::Special);
    let mut unknown_students = primary("nostudents", [Some(1.0); 7]);
    unknown_students.students = None;
    let mut nine = primary("nine", [Some(1.0); 7]);
    nine.kind = Some(SchoolKind::NineYear);
    let (parts, excluded) = evaluate_schools(&[point49, point50, special, unknown_students, nine]);
    assert_eq!(parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["point50"]);
    let reasons: Vec<(&str, &Exclusion)> = excluded.iter().map(|e| (e.name.as_str(), &e.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            ("point49", &Exclusion::SmallTeachingPoint(49)),
            ("special", &Exclusion::Special),
            ("nostudents", &Exclusion::NoStudents),
            ("nine", &Exclusion::NoSplit),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Government-guarantee items.

#[test]
fn school_and_class_size_limits() {
    let mk = |name: &str, kind: SchoolKind, students: Option<i64>, class: Option<i64>| SchoolInput {
        name: name.into(),
        kind: Some(kind),
        students,
        largest_class: class,
        ..SchoolInput::default()
    };
    let schools = [
        mk("p2000", SchoolKind::Primary, Some(2000), Some(45)),
        mk("p2001", SchoolKind::Primary, Some(2001), Some(46)),
        mk("n2500", SchoolKind::NineYear, Some(2500), Some(45)),
        mk("n2501", SchoolKind::NineYear, Some(2501), Some(48)),
        mk("j", SchoolKind::Junior, Some(900), Some(50)),
        mk("j51", SchoolKind::Junior, Some(900), Some(51)),
        mk("n51", SchoolKind::NineYear, Some(900), Some(51)),
        mk("unknown", SchoolKind::Primary, None, None),
        mk("special", SchoolKind::Special, Some(3000), Some(70)),
    ];
    let size = school_size(&schools);
    assert_eq!(size.checked, 8, "special schools are not counted");
    assert_eq!(size.failing.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["p2001", "n2501"]);
    assert_eq!(size.missing.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["unknown"]);
    assert_eq!(size.check(), Check::NotMet);
    let class = class_size(&schools);
    assert_eq!(class.failing.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["p2001", "j51", "n51"]);
    // A 一贯制 school's one largest class of 48 may be 初中 (allowed) or 小学 (not): by hand.
    assert_eq!(class.missing.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["n2501", "unknown"]);
    let fine = [mk("a", SchoolKind::Primary, Some(100), Some(45)), mk("b", SchoolKind::Junior, Some(100), Some(50))];
    assert_eq!(school_size(&fine).check(), Check::Met);
    assert_eq!(class_size(&fine).check(), Check::Met);
}

#[test]
fn rotation_thresholds() {
    let r = |rotated, backbone, rows, teachers: Option<i64>, missing| Rotation {
        rotated,
        rotated_backbone: backbone,
        rows,
        teachers,
        teachers_missing: missing,
        ..Rotation::default()
    };
    assert_eq!(r(10, 2, 3, Some(100), 0).check(), Check::Met, "10% with 20% backbone");
    assert_eq!(r(9, 2, 3, Some(100), 0).check(), Check::NotMet, "9%");
    assert_eq!(r(10, 1, 3, Some(100), 0).check(), Check::NotMet, "backbone 10%");
    assert_eq!(r(0, 0, 0, Some(100), 0).check(), Check::Missing, "nothing recorded");
    assert_eq!(r(10, 2, 3, Some(100), 2).check(), Check::Missing, "teacher counts incomplete");
    assert_eq!(r(13, 4, 3, Some(100), 0).share(), Some(0.13));
}

// ---------------------------------------------------------------------------------------
// Rates.

fn cohort(
    entry: Option<i64>,
    graduates: Option<i64>,
    tin: Option<i64>,
    tout: Option<i64>,
    deaths: Option<i64>,
) -> Cohort {
    Cohort {
        year: 2026,
        stage: CohortStage::Junior,
        entry_enrolment: entry,
        graduates,
        transfers_in: tin,
        transfers_out: tout,
        deaths,
    }
}

#[test]
fn retention_on_hand_computed_fixtures() {
    // (380 − 12 + 9) / (400 − 1) = 377 / 399 = 94.49 %: below 95 %.
    let r = rates::retention(&cohort(Some(400), Some(380), Some(12), Some(9), Some(1)));
    assert_eq!(r, Rate::Value { numerator: 377, denominator: 399, rate: 377.0 / 399.0 });
    assert_eq!(r.met(), Some(false));
    // (381 − 12 + 10) / (400 − 1) = 379 / 399 = 94.99 %; (382 − 12 + 10) / 399 = 95.24 %.
    assert_eq!(rates::retention(&cohort(Some(400), Some(381), Some(12), Some(10), Some(1))).met(), Some(false));
    assert_eq!(rates::retention(&cohort(Some(400), Some(382), Some(12), Some(10), Some(1))).met(), Some(true));
    // Exactly 95 %: 380 / 400.
    let exact = rates::retention(&cohort(Some(400), Some(380), Some(0), Some(0), Some(0)));
    assert_eq!(exact.value(), Some(0.95));
    assert_eq!(exact.met(), Some(true));
    // Seed 001: (2094 − 40 + 40) / (2100 − 1) = 99.76 %.
    let seed = rates::retention(&Cohort {
        stage: CohortStage::NineYear,
        ..cohort(Some(2100), Some(2094), Some(40), Some(40), Some(1))
    });
    assert!(close(seed.value().expect("rate"), 0.9976, 0.00005));
}

#[test]
fn missing_cohort_figures_give_missing_never_zero() {
    let r = rates::retention(&cohort(Some(400), None, Some(3), None, Some(0)));
    assert_eq!(r, Rate::Missing(vec![Figure::Graduates, Figure::TransfersOut]));
    assert_eq!(r.value(), None);
    assert_eq!(r.met(), None);
    let zero = rates::retention(&cohort(Some(2), Some(0), Some(0), Some(0), Some(2)));
    assert_eq!(zero, Rate::Undefined { numerator: 0, denominator: 0 });
    assert_eq!(zero.met(), None);
}

#[test]
fn disabled_enrolment_formula() {
    let placed = DisabledPlaced { inclusive: 30, special_school: 12, home_teaching: 5 };
    // 47 / 48 = 97.9 %.
    let r = rates::disabled_enrolment(placed, Some(48));
    assert_eq!(r, Rate::Value { numerator: 47, denominator: 48, rate: 47.0 / 48.0 });
    assert_eq!(r.met(), Some(true));
    assert_eq!(rates::disabled_enrolment(placed, Some(50)).met(), Some(false), "47 / 50 = 94 %");
    assert_eq!(rates::disabled_enrolment(placed, None), Rate::Missing(vec![Figure::DisabledChildren]));
}

// ---------------------------------------------------------------------------------------
// The demo counties, loaded from a database.

fn demo_db(dir: &tempfile::TempDir) -> db::Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    db::open(&OpenOptions {
        path: dir.path().join("d.db"),
        create: db::Create::Demo(300),
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    })
    .expect("demo database")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

#[test]
fn demo_pingfang_passes_and_xunke_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(&dir);
    let pingfang = load::load(&db, "230108", None, 2026).expect("load 230108");
    assert_eq!(pingfang.name, "平房区");
    let report = evaluate(&pingfang.schools);
    assert_eq!(report.passes(), Some(true));
    assert!(!report.stage(Stage::Primary).parts.is_empty() && !report.stage(Stage::Junior).parts.is_empty());
    // 南城九年一贯制学校 appears in both stages.
    for stage in Stage::ALL {
        assert!(report.stage(stage).parts.iter().any(|p| p.name == "南城九年一贯制学校" && p.split.is_some()));
    }

    let xunke = load::load(&db, "231123", None, 2026).expect("load 231123");
    let report = evaluate(&xunke.schools);
    assert_eq!(report.passes(), Some(false));
    assert!(report.stages.iter().flat_map(|s| &s.parts).any(|p| p.verdict == Verdict::Fail));
    // 卫东村教学点: figures unknown stay unknown (NULL → None), never 0.
    let weidong = xunke.schools.iter().find(|s| s.name == "卫东村教学点").expect("卫东村教学点");
    assert_eq!(weidong.resources[Indicator::Sports.index()], None);
    assert_eq!(weidong.resources[Indicator::Equipment.index()], None);
    assert_eq!(weidong.resources[Indicator::Multimedia.index()], None);
    assert!(report.excluded.iter().any(|e| e.name == "卫东村教学点" && e.reason == Exclusion::SmallTeachingPoint(22)));
    // Its cohort rates are there and the disabled enrolment comes from the ledger + facts.
    assert!(!xunke.cohorts.is_empty());
    assert_eq!(xunke.disabled_children, Some(38));
    assert!(rates::retention(&xunke.cohorts[0]).value().is_some());
}

#[test]
fn month_ends_and_case_charts() {
    let ends = load::month_ends(today());
    assert_eq!(ends.len(), 12);
    assert_eq!(ends[0], NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"));
    assert_eq!(ends[2], NaiveDate::from_ymd_opt(2026, 2, 28).expect("date"));
    assert_eq!(ends[11], today());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(&dir);
    let charts = load::case_charts(&db, "231123", None, today()).expect("charts");
    let open_now: i64 = charts.by_status.iter().map(|(_, n)| n).sum();
    assert!(open_now > 0);
    assert_eq!(charts.by_reason.iter().map(|(_, n)| n).sum::<i64>(), open_now, "every open case has one reason slot");
    // Today's month-end count is the open cases now (voided ones left out, as they are not open).
    assert_eq!(charts.monthly.last().map(|m| m.1), Some(open_now));
}

// ---------------------------------------------------------------------------------------
// The report command.

fn taizhang(dir: &tempfile::TempDir, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["--db", dir.path().join("d.db").to_str().expect("path"), "--lang", "zh"])
        .args(args)
        .env("TAIZHANG_TODAY", "2026-11-23")
        .output()
        .expect("run taizhang")
}

#[test]
fn report_indicators_text_csv_xlsx() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(demo_db(&dir));
    let out = taizhang(&dir, &["report", "indicators", "--county", "231123"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("逊克县 231123"), "{text}");
    assert!(text.contains("【小学 学校】") && text.contains("【初中 差异系数】"));
    assert!(text.contains("卫东村教学点") && text.contains("教学点不足50人（22人）"));
    assert!(text.contains("初中三年巩固率") && text.contains("残疾儿童入学率"));
    assert!(text.contains("【县域结论】") && text.contains("【自评表（2026年度）】"));

    let csv_path = dir.path().join("r.csv");
    let out = taizhang(
        &dir,
        &["report", "indicators", "--county", "230108", "--format", "csv", "-o", csv_path.to_str().expect("p")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&csv_path).expect("csv written");
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 BOM");
    let csv = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    assert!(csv.contains("南城九年一贯制学校*"), "{csv}");

    let xlsx_path = dir.path().join("r.xlsx");
    let out = taizhang(
        &dir,
        &["report", "indicators", "--county", "230108", "--format", "xlsx", "-o", xlsx_path.to_str().expect("p")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&xlsx_path).expect("xlsx written");
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip file");

    // Bad input: a specific message and exit code 2, nothing written.
    // A prefecture is no longer refused: it gets one row per county and the total.
    let out = taizhang(&dir, &["report", "indicators", "--county", "230100"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("平房区"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("合计"));
    let out = taizhang(&dir, &["report", "indicators", "--region", "2301"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是行政区划代码"));
    let out = taizhang(&dir, &["report", "indicators", "--region", "239900"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到地区 239900"));
    let out = taizhang(&dir, &["report", "indicators", "--county", "231123", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
    let out = taizhang(&dir, &["report", "indicators", "--county", "231123", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pdf"));
}
