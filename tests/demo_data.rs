//! Demo data: deterministic, shaped by the seed facts (docs/domain.md §7), and internally valid.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use taizhang::db::demo::seed;
use taizhang::demo::{DemoOptions, DemoSummary, DEFAULT_CASES, EVENT_CASES};
use taizhang::domain::id_number;
use taizhang::domain::pinyin::initials_index;

const REGIONS: &str = include_str!("../data/heilongjiang_gb2260_2024.txt");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// The shipped region list: `CODE NAME` per line; level and parent from the code.
fn load_regions(conn: &Connection) {
    let mut stmt = conn
        .prepare("INSERT INTO regions(code, name, parent_code, level) VALUES (?1, ?2, ?3, ?4)")
        .expect("prepare regions");
    for line in REGIONS.lines() {
        let Some((code, name)) = line.trim().split_once(char::is_whitespace) else { continue };
        let (level, parent) = if &code[2..] == "0000" {
            (1, None)
        } else if &code[4..] == "00" {
            (2, Some(format!("{}0000", &code[..2])))
        } else {
            (3, Some(format!("{}00", &code[..4])))
        };
        stmt.execute(rusqlite::params![code, name.trim(), parent, level]).expect("insert region");
    }
}

fn fresh() -> Connection {
    let mut conn = Connection::open_in_memory().expect("in-memory database");
    conn.execute_batch("PRAGMA foreign_keys=ON;").expect("foreign keys");
    // Every migration, as the app applies them (not one file named here).
    taizhang::db::migrate::migrate(&mut conn).expect("schema");
    load_regions(&conn);
    conn
}

fn seeded_with(conn: &mut Connection, cases: u64, seed_value: u64) -> DemoSummary {
    let tx = conn.transaction().expect("transaction");
    let summary = seed(&tx, &DemoOptions { cases, today: today(), seed: seed_value }).expect("demo seed succeeds");
    tx.commit().expect("commit");
    summary
}

fn seeded(cases: u64) -> (Connection, DemoSummary) {
    let mut conn = fresh();
    let summary = seeded_with(&mut conn, cases, 2024);
    (conn, summary)
}

fn dump(conn: &Connection, sql: &str) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).expect("prepare dump");
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>())
        .expect("query dump");
    rows.collect::<Result<_, _>>().expect("rows")
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| panic!("ISO date: {text}"))
}

const TABLES: &[&str] = &[
    "SELECT * FROM county_facts ORDER BY code",
    "SELECT * FROM schools ORDER BY id",
    "SELECT * FROM alliances ORDER BY id",
    "SELECT * FROM alliance_members ORDER BY id",
    "SELECT * FROM alliance_activities ORDER BY id",
    "SELECT * FROM cohorts ORDER BY county_code, year, stage",
    "SELECT * FROM cases ORDER BY id",
    "SELECT * FROM case_events ORDER BY id",
    "SELECT * FROM case_counts ORDER BY county_code, status",
];

#[test]
fn same_options_give_identical_rows() {
    let (a, sa) = seeded(500);
    let (b, sb) = seeded(500);
    assert_eq!(sa, sb);
    for sql in TABLES {
        assert_eq!(dump(&a, sql), dump(&b, sql), "{sql}");
    }
    // Another seed gives other cases.
    let mut c = fresh();
    seeded_with(&mut c, 500, 7);
    assert_ne!(dump(&a, "SELECT * FROM cases ORDER BY id"), dump(&c, "SELECT * FROM cases ORDER BY id"));
}

#[test]
fn a_small_seed_is_a_prefix_of_a_larger_one() {
    let (small, _) = seeded(300);
    let (large, _) = seeded(700);
    assert_eq!(
        dump(&small, "SELECT * FROM cases ORDER BY id"),
        dump(&large, "SELECT * FROM cases WHERE id <= 300 ORDER BY id")
    );
}

#[test]
fn summary_matches_the_tables() {
    let (conn, s) = seeded(DEFAULT_CASES);
    assert_eq!(s.schools as i64, count(&conn, "SELECT count(*) FROM schools"));
    assert_eq!(s.alliances as i64, count(&conn, "SELECT count(*) FROM alliances"));
    assert_eq!(s.members as i64, count(&conn, "SELECT count(*) FROM alliance_members"));
    assert_eq!(s.cases, DEFAULT_CASES);
    assert_eq!(s.cases as i64, count(&conn, "SELECT count(*) FROM cases"));
    assert!(dump(&conn, "PRAGMA foreign_key_check").is_empty(), "no dangling references");
    // Events only for the first cases, a few each.
    let events = count(&conn, "SELECT count(*) FROM case_events");
    assert!(events > DEFAULT_CASES as i64 && events < 10 * DEFAULT_CASES as i64, "{events} events");
    assert_eq!(count(&conn, &format!("SELECT count(*) FROM case_events WHERE case_id > {EVENT_CASES}")), 0);
}

#[test]
fn no_cases_still_gives_schools_and_alliances() {
    let (conn, s) = seeded(0);
    assert_eq!(s.cases, 0);
    assert!(s.schools > 150 && s.alliances > 40, "{s:?}");
    assert_eq!(count(&conn, "SELECT count(*) FROM cases"), 0);
}

#[test]
fn xunke_facts_and_schools() {
    let (conn, _) = seeded(50);
    let row: (i64, f64, i64, String, i64) = conn
        .query_row(
            "SELECT population, area_km2, basic_balance_year, quality_status, quality_since_year
             FROM county_facts WHERE code = '231123'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("逊克县 facts");
    assert_eq!(row, (82000, 17344.0, 2017, "creating".to_string(), 2020));
    for name in ["实验小学校", "民族中学校", "民族小学校", "农场学校"] {
        assert_eq!(
            count(&conn, &format!("SELECT count(*) FROM schools WHERE county_code='231123' AND name='{name}'")),
            1,
            "{name}"
        );
    }
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM schools WHERE county_code='231123' AND name='农场学校' AND kind='nine_year'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM schools WHERE county_code='231123' AND kind='teaching_point'
             AND location='rural' AND students < 50 AND note LIKE '%2020%'"
        ),
        4
    );
    // Pairing agreements: a city school with one or more village schools.
    let pairs = dump(
        &conn,
        "SELECT a.id, count(m.id), s.location FROM alliances a JOIN alliance_members m ON m.alliance_id = a.id
         JOIN schools s ON s.id = a.lead_school_id
         WHERE a.kind = 'pairing' AND a.region_code = '231123' GROUP BY a.id",
    );
    assert!(pairs.len() >= 3);
    assert!(
        pairs.iter().any(|p| matches!(p[1], Value::Integer(n) if n >= 3)),
        "one city school with several village schools"
    );
    // One school with unknown resource figures.
    assert_eq!(count(&conn, "SELECT count(*) FROM schools WHERE closed_on IS NULL AND equipment_yuan IS NULL"), 1);
}

#[test]
fn pingfang_facts_and_schools() {
    let (conn, _) = seeded(50);
    let row: (i64, String, i64) = conn
        .query_row(
            "SELECT basic_balance_year, quality_status, quality_since_year FROM county_facts WHERE code = '230108'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("平房区 facts");
    assert_eq!(row, (2012, "pilot".to_string(), 2022));
    for name in [
        "第二十四中学",
        "南城九年一贯制学校",
        "第一〇〇中学",
        "平房小学",
        "新疆第一学校",
        "友协第二学校",
        "保国第四学校",
    ] {
        assert_eq!(
            count(&conn, &format!("SELECT count(*) FROM schools WHERE county_code='230108' AND name='{name}'")),
            1,
            "{name}"
        );
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM schools WHERE name='南城九年一贯制学校' AND kind='nine_year'"), 1);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM alliances a JOIN alliance_members m ON m.alliance_id = a.id JOIN schools s ON s.id = m.school_id
             WHERE a.kind='group' AND a.mode='一体化办学' AND s.name IN ('第一〇〇中学', '平房小学')"
        ),
        2
    );
}

#[test]
fn bayan_stands_in_for_the_seed_001_county() {
    let (conn, _) = seeded(50);
    let (status, note, disabled): (String, String, Option<i64>) = conn
        .query_row("SELECT quality_status, note, disabled_children FROM county_facts WHERE code='230126'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("巴彦县 facts");
    assert_eq!(status, "pilot");
    assert!(note.contains("演示：仿照 seed 001 某县"), "{note}");
    assert!(disabled.is_some_and(|n| n > 0));
    // 19 schools after the merges: 3 初中 and 16 小学.
    assert_eq!(count(&conn, "SELECT count(*) FROM schools WHERE county_code='230126' AND closed_on IS NULL"), 19);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM schools WHERE county_code='230126' AND closed_on IS NULL AND kind='junior'"),
        3
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM schools WHERE county_code='230126' AND closed_on IS NULL AND kind='primary'"
        ),
        16
    );
    // Six 教育集团 run as 一体两翼三共享六统一.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM alliances WHERE kind='group' AND level='county' AND mode='一体两翼三共享六统一' AND region_code='230126'"),
        6
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM alliances WHERE mode='一体两翼三共享六统一'"), 6);
    // 东大街小学 closed into 南关小学, now its campus.
    let merged: (Option<String>, i64, String) = conn
        .query_row(
            "SELECT d.closed_on, d.merged_into, n.name FROM schools d JOIN schools n ON n.id = d.merged_into
             WHERE d.name = '东大街小学'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("东大街小学 merged");
    assert!(merged.0.is_some());
    assert_eq!(merged.2, "南关小学");
    let campus: (String, String) = conn
        .query_row(
            "SELECT a.kind, m.role FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
             JOIN schools s ON s.id = m.school_id WHERE s.name = '东大街小学'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("campus membership");
    assert_eq!(campus, ("two_campuses".to_string(), "campus".to_string()));
    // 巩固率 of the latest cohorts: 九年 99.76 %, 初中三年 100 %.
    let rate = |stage: &str| -> f64 {
        conn.query_row(
            "SELECT (graduates - transfers_in + transfers_out) * 1.0 / (entry_enrolment - deaths) FROM cohorts
             WHERE county_code = '230126' AND stage = ?1 ORDER BY year DESC LIMIT 1",
            [stage],
            |r| r.get(0),
        )
        .expect("cohort")
    };
    assert_eq!(format!("{:.2}", rate("nine_year") * 100.0), "99.76");
    assert_eq!(format!("{:.2}", rate("junior") * 100.0), "100.00");
}

#[test]
fn qitaihe_communities_and_school_sizes() {
    let (conn, _) = seeded(50);
    let communities = dump(
        &conn,
        "SELECT a.id, a.level, a.region_code, count(m.id) FROM alliances a JOIN alliance_members m ON m.alliance_id = a.id
         WHERE a.kind = 'community' GROUP BY a.id",
    );
    assert_eq!(communities.len(), 13);
    for c in &communities {
        let Value::Integer(n) = c[3] else { panic!("count") };
        assert!((3..=5).contains(&n), "{c:?}");
        let Value::Text(region) = &c[2] else { panic!("region") };
        assert!(["230900", "230902", "230903", "230904", "230921"].contains(&region.as_str()), "{c:?}");
        if c[1] == Value::Text("city".into()) {
            assert_eq!(region, "230900");
        }
    }
    let city = communities.iter().filter(|c| c[1] == Value::Text("city".into())).count();
    assert!((1..=4).contains(&city), "a few city-level ones: {city}");
    let activities = count(
        &conn,
        "SELECT count(*) FROM alliance_activities v JOIN alliances a ON a.id = v.alliance_id WHERE a.kind = 'community'",
    );
    assert!(activities > 1000, "{activities}");
    for kind in ["research", "teaching_visit", "rotation", "training", "monitoring"] {
        assert!(count(&conn, &format!("SELECT count(*) FROM alliance_activities WHERE kind='{kind}'")) > 0, "{kind}");
    }
    assert_eq!(
        count(&conn, "SELECT count(*) FROM alliance_activities WHERE kind='rotation' AND (rotated_teachers IS NULL OR rotated_backbone IS NULL)"),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM alliance_activities WHERE kind<>'rotation' AND rotated_teachers IS NOT NULL"
        ),
        0
    );
    let names = [
        "第五小学",
        "第九小学",
        "第十小学",
        "第九中学",
        "第十中学",
        "新富小学",
        "万龙学校",
        "第三中学",
        "第一小学",
        "育红小学",
        "越秀中学",
        "第十六中学",
        "第十三中学",
        "第十五小学",
        "铁山学校",
        "双鹤中学",
        "双鹤小学",
        "长兴学校",
        "宏伟学校",
        "岚峰学校",
    ];
    for name in names {
        assert_eq!(
            count(&conn, &format!("SELECT count(*) FROM schools WHERE county_code LIKE '2309%' AND name='{name}'")),
            1,
            "{name}"
        );
    }
    // 大校额 over 2000, 小规模 under 100.
    for name in ["第五小学", "第九小学", "第十小学", "第九中学", "第十中学"] {
        assert_eq!(
            count(
                &conn,
                &format!(
                    "SELECT count(*) FROM schools WHERE county_code LIKE '2309%' AND name='{name}' AND students > 2000"
                )
            ),
            1,
            "{name}"
        );
    }
    for name in ["新富小学", "万龙学校"] {
        assert_eq!(
            count(
                &conn,
                &format!(
                    "SELECT count(*) FROM schools WHERE county_code LIKE '2309%' AND name='{name}' AND students < 100"
                )
            ),
            1,
            "{name}"
        );
    }
    // Seed 002: 超大班额 gone; the 15 大班额 classes left are in 5 central schools and 4 of 勃利's.
    let large = |county: &str| {
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM schools WHERE county_code LIKE '{county}%' AND largest_class BETWEEN 56 AND 65"
            ),
        )
    };
    assert_eq!((large("230902") + large("230903"), large("230921")), (5, 4));
    assert_eq!(count(&conn, "SELECT count(*) FROM schools WHERE largest_class >= 66"), 0);
}

#[test]
fn mudanjiang_leagues() {
    let (conn, _) = seeded(50);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM alliances WHERE kind='league' AND level='city' AND region_code='231000'"),
        3
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM alliances WHERE kind='league' AND level='county' AND region_code BETWEEN '231001' AND '231099'"),
        14
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(DISTINCT region_code) FROM alliances WHERE kind='league' AND level='county' AND region_code LIKE '2310%'"
        ),
        10
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(DISTINCT m.school_id) FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
             WHERE a.kind = 'league' AND a.region_code LIKE '2310%'"
        ),
        93
    );
}

#[test]
fn every_alliance_has_exactly_one_lead_member() {
    let (conn, _) = seeded(50);
    let bad = dump(
        &conn,
        "SELECT a.id, a.name FROM alliances a
         WHERE (SELECT count(*) FROM alliance_members m WHERE m.alliance_id = a.id AND m.role = 'lead') <> 1
            OR NOT EXISTS (SELECT 1 FROM alliance_members m WHERE m.alliance_id = a.id AND m.role = 'lead'
                           AND m.school_id = a.lead_school_id)",
    );
    assert!(bad.is_empty(), "{bad:?}");
    // A school sits in at most one alliance per level (setting alliances_per_level = 1).
    let twice = dump(
        &conn,
        "SELECT m.school_id, a.level FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
         GROUP BY 1, 2 HAVING count(*) > 1",
    );
    assert!(twice.is_empty(), "{twice:?}");
    // Members and leads are schools of the alliance's region.
    let outside = dump(
        &conn,
        "SELECT a.name, s.name FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id JOIN schools s ON s.id = m.school_id
         WHERE NOT (s.county_code = a.region_code OR (a.level = 'city' AND substr(s.county_code, 1, 4) = substr(a.region_code, 1, 4)))",
    );
    assert!(outside.is_empty(), "{outside:?}");
}

#[test]
fn schools_are_complete_and_coded() {
    let (conn, _) = seeded(0);
    let rows = dump(
        &conn,
        "SELECT name, kind, location, school_code, name_initials, students, classes, largest_class, teachers,
                primary_students, junior_students, boarding_students FROM schools WHERE closed_on IS NULL",
    );
    let mut codes = HashSet::new();
    for r in &rows {
        let (Value::Text(name), Value::Text(kind), Value::Text(code), Value::Text(initials)) =
            (&r[0], &r[1], &r[3], &r[4])
        else {
            panic!("{r:?}")
        };
        assert!(["urban", "town", "rural"].contains(&match &r[2] {
            Value::Text(t) => t.as_str(),
            _ => "",
        }));
        assert_eq!(code.len(), 10, "{name}");
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(&code[2..4], "23");
        let category = match kind.as_str() {
            "primary" | "teaching_point" => "21",
            "special" => "51",
            _ => "31",
        };
        assert_eq!(&code[..2], category, "{name} {kind}");
        assert!(codes.insert(code.clone()));
        assert_eq!(initials, &initials_index(name));
        for i in [5, 6, 7, 8, 11] {
            assert!(matches!(r[i], Value::Integer(_)), "{name} column {i}");
        }
        let nine = kind == "nine_year";
        assert_eq!(matches!(r[9], Value::Integer(_)), nine, "{name} primary_students");
        assert_eq!(matches!(r[10], Value::Integer(_)), nine, "{name} junior_students");
    }
    // Every county with demo schools has facts (a prefecture's own 市直属 schools have none:
    // it is not evaluated).
    assert_eq!(
        count(
            &conn,
            "SELECT count(DISTINCT county_code) FROM schools
             WHERE county_code NOT LIKE '%00' AND county_code NOT IN (SELECT code FROM county_facts)"
        ),
        0
    );
    let initials: String =
        conn.query_row("SELECT name_initials FROM schools WHERE name='长兴学校'", [], |r| r.get(0)).expect("长兴学校");
    assert!(initials.split(' ').any(|s| s == "cxxx") && initials.split(' ').any(|s| s == "zxxx"), "{initials}");
}

/// The seven 优质均衡 resource indicators of one school, split 小学:初中 as 1 : 1.1 for
/// 一贯制 schools. Returns, per stage present, the seven values per student (or per 100).
struct Resources {
    students: f64,
    primary: f64,
    junior: f64,
    values: [Option<f64>; 7],
}

const STANDARDS: [(f64, f64, f64); 7] = [
    (4.2, 5.3, 100.0),
    (1.0, 1.0, 100.0),
    (0.9, 0.9, 100.0),
    (4.5, 5.8, 1.0),
    (7.5, 10.2, 1.0),
    (2000.0, 2500.0, 1.0),
    (2.3, 2.4, 100.0),
];

fn resources(conn: &Connection, county: &str) -> Vec<Resources> {
    let mut stmt = conn
        .prepare(
            "SELECT kind, students, primary_students, junior_students, degree_teachers, backbone_teachers, pe_arts_teachers,
                    building_m2, sports_m2, equipment_yuan, multimedia_rooms
             FROM schools WHERE county_code = ?1 AND closed_on IS NULL AND kind <> 'special'",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([county], |r| {
            let kind: String = r.get(0)?;
            let students: f64 = r.get(1)?;
            let (primary, junior) = match kind.as_str() {
                "nine_year" => (r.get::<_, f64>(2)?, r.get::<_, f64>(3)?),
                "junior" | "complete_middle" => (0.0, students),
                _ => (students, 0.0),
            };
            let mut values = [None; 7];
            for (i, v) in values.iter_mut().enumerate() {
                *v = r.get::<_, Option<f64>>(4 + i)?;
            }
            Ok(Resources { students, primary, junior, values })
        })
        .expect("query");
    rows.collect::<Result<_, _>>().expect("rows")
}

/// Per-student (or per-100) values of each stage the school teaches: (stage, students, values).
fn stage_values(r: &Resources) -> Vec<(usize, f64, [Option<f64>; 7])> {
    let weight = r.primary + 1.1 * r.junior;
    let mut out = Vec::new();
    for (stage, n, share) in [(0, r.primary, r.primary / weight), (1, r.junior, 1.1 * r.junior / weight)] {
        if n <= 0.0 {
            continue;
        }
        let mut v = [None; 7];
        for i in 0..7 {
            v[i] = r.values[i].map(|x| x * share / n * STANDARDS[i].2);
        }
        out.push((stage, n, v));
    }
    let _ = r.students;
    out
}

/// docs/domain.md §5: at least 6 of 7 meet the standard and the last reaches 85 % of it.
fn school_passes(stage: usize, v: &[Option<f64>; 7]) -> bool {
    let mut met = 0;
    let mut worst = f64::INFINITY;
    for i in 0..7 {
        let standard = if stage == 0 { STANDARDS[i].0 } else { STANDARDS[i].1 };
        let Some(x) = v[i] else { return false };
        if x >= standard {
            met += 1;
        }
        worst = worst.min(x / standard);
    }
    met >= 6 && worst >= 0.85
}

#[test]
fn pingfang_passes_the_resource_indicators_and_xunke_does_not() {
    let (conn, _) = seeded(0);
    let pingfang = resources(&conn, "230108");
    assert!(pingfang.len() >= 7);
    for r in &pingfang {
        for (stage, _, v) in stage_values(r) {
            assert!(school_passes(stage, &v), "平房区 school fails: stage {stage} {v:?}");
        }
    }
    // Student-weighted coefficient of variation per indicator and stage.
    for stage in 0..2 {
        let parts: Vec<(f64, [Option<f64>; 7])> =
            pingfang.iter().flat_map(stage_values).filter(|(s, _, _)| *s == stage).map(|(_, n, v)| (n, v)).collect();
        let total: f64 = parts.iter().map(|(n, _)| n).sum();
        for i in 0..7 {
            let mean = parts.iter().map(|(n, v)| n * v[i].unwrap_or(0.0)).sum::<f64>() / total;
            let var = parts.iter().map(|(n, v)| n / total * (v[i].unwrap_or(0.0) - mean).powi(2)).sum::<f64>();
            let cv = var.sqrt() / mean;
            assert!(cv <= if stage == 0 { 0.50 } else { 0.45 }, "stage {stage} indicator {i}: CV {cv}");
        }
    }
    // Every 平房 class within 45 (小学) / 50 (初中).
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM schools WHERE county_code='230108' AND largest_class > 45 AND kind='primary'"
        ),
        0
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM schools WHERE county_code='230108' AND largest_class > 50"), 0);

    let xunke = resources(&conn, "231123");
    let failing = xunke.iter().flat_map(stage_values).filter(|(s, _, v)| !school_passes(*s, v)).count();
    assert!(failing >= 1, "逊克县 must miss at least one indicator");
}

#[test]
fn cases_are_valid() {
    let cases = 3000;
    let (conn, _) = seeded(cases);
    let t = today();
    let s0 = if t.month() >= 9 { t.year() } else { t.year() - 1 };
    let schools: HashMap<i64, String> = dump(&conn, "SELECT id, county_code FROM schools")
        .into_iter()
        .map(|r| match (&r[0], &r[1]) {
            (Value::Integer(id), Value::Text(c)) => (*id, c.clone()),
            _ => panic!("{r:?}"),
        })
        .collect();
    let demo_counties: HashSet<String> = schools.values().cloned().collect();
    let mut stmt = conn
        .prepare(
            "SELECT id, county_code, school_id, ledger, status, name, name_initials, id_number, id_rev, sex, birth_date,
                    grade, registered_on, last_visit_on, closed_on, close_basis, closed_by, created_at, updated_at,
                    guardian_phone, gov_person, gov_phone, edu_person, edu_phone, returned_on, returned_school_id,
                    family_types, reason, student_no
             FROM cases ORDER BY id",
        )
        .expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    let mut ids = HashSet::new();
    let mut names = HashSet::new();
    let mut in_demo = 0;
    let mut statuses: HashMap<String, u64> = HashMap::new();
    let phone_ok = |p: &str| p.len() == 11 && p.starts_with('1') && p.bytes().all(|b| b.is_ascii_digit());
    while let Some(r) = rows.next().expect("row") {
        let id: i64 = r.get(0).expect("id");
        let county: String = r.get(1).expect("county");
        let school: Option<i64> = r.get(2).expect("school");
        let ledger: String = r.get(3).expect("ledger");
        let status: String = r.get(4).expect("status");
        let name: String = r.get(5).expect("name");
        let initials: String = r.get(6).expect("initials");
        let id_number: String = r.get(7).expect("id_number");
        let id_rev: String = r.get(8).expect("id_rev");
        let sex: String = r.get(9).expect("sex");
        let birth: String = r.get(10).expect("birth");
        let grade: i64 = r.get(11).expect("grade");
        let registered = date(&r.get::<_, String>(12).expect("registered"));
        let last_visit: Option<String> = r.get(13).expect("last visit");
        let closed_on: Option<String> = r.get(14).expect("closed_on");
        let close_basis: String = r.get(15).expect("basis");
        let closed_by: String = r.get(16).expect("closed_by");
        let created_at: String = r.get(17).expect("created_at");
        let updated_at: String = r.get(18).expect("updated_at");
        let returned_on: Option<String> = r.get(24).expect("returned_on");
        let returned_school: Option<i64> = r.get(25).expect("returned school");
        let family: String = r.get(26).expect("family");
        let reason: Option<String> = r.get(27).expect("reason");
        let student_no: Option<String> = r.get(28).expect("student_no");

        // Name: surname + 某 + one character.
        let chars: Vec<char> = name.chars().collect();
        assert_eq!(chars.len(), 3, "{name}");
        assert_eq!(chars[1], '某', "{name}");
        assert_eq!(initials, initials_index(&name), "{name}");
        names.insert(name.clone());

        // ID number: valid, from this county, agrees with sex and birth date.
        let parsed = id_number::parse(&id_number, t).unwrap_or_else(|e| panic!("case {id}: {id_number}: {e:?}"));
        assert_eq!(&id_number[..6], county);
        assert_eq!(parsed.male, sex == "M", "case {id}");
        assert!(sex == "M" || sex == "F");
        assert_eq!(parsed.birth_date, date(&birth));
        assert_eq!(id_rev, id_number.chars().rev().collect::<String>());
        assert!(ids.insert(id_number.clone()), "duplicate ID number {id_number}");

        // Age 6–15 today, grade fitting the birth date (school year starts 1 September).
        let b = parsed.birth_date;
        let age = t.years_since(b).expect("born before today");
        assert!((6..=15).contains(&age), "case {id}: age {age}");
        let born_school_year = if b.month() >= 9 { b.year() } else { b.year() - 1 };
        assert_eq!(grade, i64::from(s0 - 6 - born_school_year), "case {id}: grade");

        // School of the same county; most cases are in counties with demo schools.
        if let Some(s) = school {
            assert_eq!(schools.get(&s), Some(&county), "case {id}: school of another county");
            assert_eq!(student_no.as_deref(), Some(format!("G{id_number}").as_str()));
        }
        assert!(school.is_some(), "case {id} without school");
        if demo_counties.contains(&county) {
            in_demo += 1;
        }

        // Dates: within the last three years, never after today.
        assert!(registered <= t && registered >= t - chrono::Days::new(3 * 366), "case {id}: {registered}");
        assert!(created_at.starts_with(&registered.to_string()) && created_at.len() == 19);
        assert!(updated_at >= created_at, "case {id}");
        for d in [&last_visit, &closed_on, &returned_on].into_iter().flatten() {
            let d = date(d);
            assert!(d >= registered && d <= t, "case {id}: {d}");
        }

        // Status, ledger and what each status requires.
        assert!(taizhang::domain::case_status::CaseStatus::from_code(&status).is_some(), "{status}");
        assert!(["school_age", "suspected", "dropout"].contains(&ledger.as_str()));
        *statuses.entry(status.clone()).or_default() += 1;
        match status.as_str() {
            "enrolled" => assert_eq!(ledger, "school_age"),
            "persuading" => {
                assert_eq!(ledger, "dropout");
                assert!(last_visit.is_some(), "case {id}: persuading without a visit");
            }
            "returned" | "tracking" => {
                assert!(returned_on.is_some() && returned_school == school, "case {id}");
            }
            "closed" => {
                assert!(closed_on.is_some() && !close_basis.is_empty() && !closed_by.is_empty(), "case {id}");
                assert!(returned_on.is_some() && returned_school == school, "case {id}");
            }
            "home_teaching" | "inclusive" | "special_school" => {
                assert!(family.split(',').any(|f| f == "disabled"), "case {id}")
            }
            _ => {}
        }
        if ledger != "school_age" {
            assert!(reason.is_some(), "case {id}: no reason");
        }
        for f in family.split(',').filter(|f| !f.is_empty()) {
            assert!(taizhang::domain::codes::FamilyType::from_code(f).is_some(), "{f}");
        }
        if let Some(reason) = &reason {
            assert!(taizhang::domain::codes::Reason::from_code(reason).is_some(), "{reason}");
        }
        let guardian_phone: String = r.get(19).expect("phone");
        let gov_phone: String = r.get(21).expect("phone");
        let edu_phone: String = r.get(23).expect("phone");
        assert!(phone_ok(&guardian_phone) && phone_ok(&gov_phone) && phone_ok(&edu_phone));
        let gov: String = r.get(20).expect("gov");
        let edu: String = r.get(22).expect("edu");
        assert!(gov.contains('某') && edu.contains('某'));
    }
    assert_eq!(in_demo, cases, "cases only in counties with demo schools");
    assert!(names.len() < 2500, "a small pool of names: {}", names.len());
    // At or near 零辍学 (issue 13): a few children out of school, most cases followed or closed.
    let share =
        |of: &[&str]| of.iter().map(|s| statuses.get(*s).copied().unwrap_or(0)).sum::<u64>() as f64 / cases as f64;
    assert!(share(&["suspected", "dropout", "persuading"]) < 0.03, "few out of school: {statuses:?}");
    assert!(share(&["tracking", "closed"]) > 0.5, "mostly followed or closed: {statuses:?}");
    // 初中 holds most of the risk; reasons fit the age.
    let junior = count(&conn, "SELECT count(*) FROM cases WHERE grade >= 7") as f64 / cases as f64;
    assert!(junior > 0.6, "初中: {junior}");
    let misfit = "SELECT count(*) FROM cases WHERE (reason IN ('work', 'early_marriage') AND grade < 8)
                  OR (reason = 'internet' AND grade < 5)";
    assert_eq!(count(&conn, misfit), 0, "a reason that does not fit the child's age");
    for s in ["enrolled", "closed", "suspected", "dropout", "persuading", "returned", "tracking", "home_teaching"] {
        assert!(statuses.get(s).copied().unwrap_or(0) > 0, "{s}: {statuses:?}");
    }
    // 牡丹江 has dynamically cleared its ledger: nobody out of school there.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM cases WHERE county_code LIKE '2310%' AND status IN ('suspected','dropout','persuading')"),
        0
    );
}

/// kind, from_status, to_status, happened_on, line, method.
type EventRow = (String, Option<String>, Option<String>, String, Option<String>, Option<String>);

#[test]
fn case_events_follow_the_workflow() {
    use taizhang::domain::case_status::{ledger_after, next_status, CaseAction, CaseStatus};
    use taizhang::domain::codes::Ledger;
    let (conn, _) = seeded(DEFAULT_CASES);
    let cases = dump(&conn, "SELECT id, status, ledger, last_visit_on, registered_on FROM cases ORDER BY id");
    let mut stmt = conn
        .prepare("SELECT kind, from_status, to_status, happened_on, line, method FROM case_events WHERE case_id = ?1 ORDER BY id")
        .expect("prepare");
    let text = |v: &Value| match v {
        Value::Text(t) => Some(t.clone()),
        _ => None,
    };
    for c in cases {
        let Value::Integer(id) = c[0] else { panic!("id") };
        let status = CaseStatus::from_code(&text(&c[1]).expect("status")).expect("known status");
        let ledger = text(&c[2]).expect("ledger");
        let last_visit = text(&c[3]);
        let registered = text(&c[4]).expect("registered");
        let events: Vec<EventRow> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .expect("events")
            .collect::<Result<_, _>>()
            .expect("rows");
        let steps: Vec<_> = events.iter().filter(|e| e.1.is_some()).collect();
        // The status it was registered with, then every step legal and chained.
        let initial = match steps.first() {
            Some(e) => CaseStatus::from_code(e.1.as_deref().unwrap_or("")).expect("from status"),
            None => status,
        };
        let mut current = initial;
        let mut l = ledger_after(Ledger::SchoolAge, initial);
        let mut previous_day = registered.clone();
        for e in &steps {
            let from = CaseStatus::from_code(e.1.as_deref().unwrap_or("")).expect("from");
            let to = CaseStatus::from_code(e.2.as_deref().unwrap_or("")).expect("to");
            assert_eq!(from, current, "case {id}: chain broken");
            assert!(
                CaseAction::ALL.iter().any(|a| next_status(from, *a) == Ok(to)),
                "case {id}: {from:?} -> {to:?} is not a workflow step"
            );
            assert!(e.3 >= previous_day, "case {id}: steps out of order");
            previous_day = e.3.clone();
            current = to;
            l = ledger_after(l, to);
        }
        if id <= EVENT_CASES as i64 {
            assert_eq!(current, status, "case {id}: last step does not reach the status");
            assert_eq!(l.code(), ledger, "case {id}: ledger");
        } else {
            assert!(events.is_empty());
        }
        // The last visit is last_visit_on; visits name a line and a method.
        let visits: Vec<_> = events.iter().filter(|e| e.0 == "visit").collect();
        if id <= EVENT_CASES as i64 {
            assert_eq!(visits.iter().map(|e| e.3.clone()).max(), last_visit, "case {id}");
        }
        for v in visits {
            assert!(matches!(v.4.as_deref(), Some("gov" | "edu")), "case {id}");
            assert!(matches!(v.5.as_deref(), Some("home" | "phone" | "interview" | "notice")), "case {id}");
        }
        for e in &events {
            assert!(e.3.as_str() <= "2026-11-23" && e.3 >= registered, "case {id}: event on {}", e.3);
        }
    }
    assert!(count(&conn, "SELECT count(*) FROM case_events WHERE kind='session' AND hours > 0 AND who != ''") > 0);
}

#[test]
fn every_case_passes_the_form_rules() {
    use taizhang::domain::case::{validate, FIELDS};
    let text_fields: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    use taizhang::domain::case_status::CaseStatus;
    let (conn, _) = seeded(1000);
    let schools: HashSet<i64> = dump(&conn, "SELECT id FROM schools WHERE closed_on IS NULL")
        .into_iter()
        .map(|r| match r[0] {
            Value::Integer(id) => id,
            _ => panic!("id"),
        })
        .collect();
    let columns: Vec<String> = text_fields.iter().map(|f| format!("coalesce(CAST({f} AS TEXT), '')")).collect();
    let sql = format!("SELECT id, status, {} FROM cases ORDER BY id", columns.join(", "));
    let mut stmt = conn.prepare(&sql).expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    while let Some(r) = rows.next().expect("row") {
        let id: i64 = r.get(0).expect("id");
        let status = CaseStatus::from_code(&r.get::<_, String>(1).expect("status")).expect("known status");
        let values: HashMap<&str, String> =
            text_fields.iter().enumerate().map(|(i, f)| (*f, r.get::<_, String>(i + 2).expect("text"))).collect();
        let result =
            validate(|k| values.get(k).cloned().unwrap_or_default(), status, today(), |s| schools.contains(&s));
        assert!(result.is_ok(), "case {id} ({status:?}): {:?}", result.err());
    }
}

#[test]
fn dates_hold_at_the_edges_of_the_school_year() {
    use taizhang::domain::case::{validate, FIELDS};
    let text_fields: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    use taizhang::domain::case_status::CaseStatus;
    for (y, m, d) in [(2026, 9, 1), (2027, 8, 31), (2028, 2, 29), (2026, 1, 1)] {
        let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let mut conn = fresh();
        let tx = conn.transaction().expect("tx");
        seed(&tx, &DemoOptions { cases: 1500, today: day, seed: 9 }).expect("seed");
        tx.commit().expect("commit");
        let columns: Vec<String> = text_fields.iter().map(|f| format!("coalesce(CAST({f} AS TEXT), '')")).collect();
        let sql = format!(
            "SELECT id, status, max(registered_on, coalesce(last_visit_on, ''), coalesce(returned_on, ''), coalesce(closed_on, '')), {}
             FROM cases ORDER BY id",
            columns.join(", ")
        );
        let mut stmt = conn.prepare(&sql).expect("prepare");
        let mut rows = stmt.query([]).expect("query");
        while let Some(r) = rows.next().expect("row") {
            let id: i64 = r.get(0).expect("id");
            let status = CaseStatus::from_code(&r.get::<_, String>(1).expect("status")).expect("status");
            assert!(r.get::<_, String>(2).expect("latest") <= day.to_string(), "{day}: case {id} dated after today");
            let values: HashMap<&str, String> =
                text_fields.iter().enumerate().map(|(i, f)| (*f, r.get::<_, String>(i + 3).expect("text"))).collect();
            let result = validate(|k| values.get(k).cloned().unwrap_or_default(), status, day, |_| true);
            assert!(result.is_ok(), "{day}: case {id} ({status:?}): {:?}", result.err());
            let birth = date(&values["birth_date"]);
            let age = day.years_since(birth).expect("born before today");
            assert!((6..=15).contains(&age), "{day}: case {id}: age {age}");
        }
        assert_eq!(count(&conn, &format!("SELECT count(*) FROM case_events WHERE happened_on > '{day}'")), 0);
        assert_eq!(count(&conn, &format!("SELECT count(*) FROM alliance_activities WHERE held_on > '{day}'")), 0);
    }
}

#[test]
fn case_initials_index_every_spelling() {
    let (conn, _) = seeded(800);
    let missing = dump(
        &conn,
        "SELECT c.id, c.name_initials FROM cases c
         WHERE (SELECT count(*) FROM case_initials i WHERE i.case_id = c.id)
               <> length(c.name_initials) - length(replace(c.name_initials, ' ', '')) + 1",
    );
    assert!(missing.is_empty(), "{missing:?}");
    // 单 and 曾 have two readings: their names are found both ways.
    assert!(count(&conn, "SELECT count(*) FROM cases WHERE name LIKE '单%' OR name LIKE '曾%'") > 0);
    assert!(count(&conn, "SELECT count(*) FROM case_initials WHERE initials LIKE 's%' AND case_id IN (SELECT id FROM cases WHERE name LIKE '单%')") > 0);
    assert!(count(&conn, "SELECT count(*) FROM case_initials WHERE initials LIKE 'd%' AND case_id IN (SELECT id FROM cases WHERE name LIKE '单%')") > 0);
}

#[test]
fn case_counts_match_the_cases() {
    let (conn, _) = seeded(1500);
    let counted = dump(&conn, "SELECT county_code, status, count(*) FROM cases GROUP BY 1, 2 ORDER BY 1, 2");
    let cached = dump(&conn, "SELECT county_code, status, n FROM case_counts WHERE n > 0 ORDER BY 1, 2");
    assert_eq!(counted, cached);
}

#[test]
fn a_large_seed_rebuilds_the_ledger_indexes_exactly() {
    let schema = |conn: &Connection| {
        dump(conn, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
    };
    let mut conn = fresh();
    conn.execute_batch("PRAGMA cache_size = -4000").expect("cache size");
    let before = schema(&conn);
    seeded_with(&mut conn, 25_000, 2024);
    assert_eq!(schema(&conn), before);
    assert_eq!(count(&conn, "PRAGMA cache_size"), -4000, "cache size restored");
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(ok, "ok");
    // The indexes are used and complete.
    let by_index = count(&conn, "SELECT count(*) FROM cases INDEXED BY cases_id_number WHERE id_number > ''");
    assert_eq!(by_index, 25_000);
    let counted = dump(&conn, "SELECT county_code, status, count(*) FROM cases GROUP BY 1, 2 ORDER BY 1, 2");
    let cached = dump(&conn, "SELECT county_code, status, n FROM case_counts WHERE n > 0 ORDER BY 1, 2");
    assert_eq!(counted, cached);
}

/// `cargo test --release --test demo_data -- --ignored --nocapture`
#[test]
#[ignore = "a million cases: run in release mode"]
fn a_million_cases_in_well_under_a_minute() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.db");
    let mut conn = Connection::open(&path).expect("open");
    conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(())).expect("wal");
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;").expect("pragmas");
    taizhang::db::migrate::migrate(&mut conn).expect("schema");
    load_regions(&conn);
    let start = std::time::Instant::now();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).expect("tx");
    let summary = seed(&tx, &DemoOptions { cases: 1_000_000, today: today(), seed: 2024 }).expect("seed");
    tx.commit().expect("commit");
    let elapsed = start.elapsed();
    eprintln!("1M demo cases: {elapsed:?} ({summary:?})");
    assert_eq!(count(&conn, "SELECT count(*) FROM cases"), 1_000_000);
    assert_eq!(count(&conn, "SELECT sum(n) FROM case_counts"), 1_000_000);
    assert_eq!(count(&conn, "SELECT count(DISTINCT id_number) FROM cases"), 1_000_000);
    assert!(count(&conn, "SELECT count(*) FROM case_initials") >= 1_000_000);
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
}
