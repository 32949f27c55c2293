//! Every stored change has its audit row (docs/domain.md §10). Each write path — a case
//! registered, a form save editing every field, each workflow step, undo, reopen, case and
//! school import, school, alliance and county-facts edits — runs between two snapshots of
//! every record table; every column that differs (or is filled in a new row) must have an
//! audit row of that write naming the row and the column, with the stored value as its
//! new value. A field changed without its audit row fails here.

use rusqlite::types::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::Duration;
use taizhang::db::cases::{self, StepInput};
use taizhang::db::{self, alliances, counties, schools, Db, OpenOptions};
use taizhang::domain::alliance::{AllianceFacts, NewAlliance};
use taizhang::domain::case::{self, CaseRecord};
use taizhang::domain::case_status::{next_status, CaseAction, CaseStatus};
use taizhang::domain::codes::{ActivityKind, AllianceKind, AllianceLevel, MemberRole, QualityStatus};
use taizhang::domain::county::CountyFacts;
use taizhang::domain::id_number::check_char;
use taizhang::domain::school_rules::{self, SchoolRecord};
use taizhang::io::import::{self, Kind, Mode, Options};
use taizhang::io::read::Encoding;

const COUNTY: &str = "231123";
const OTHER_COUNTY: &str = "230108";

/// The record tables and their key column.
const TABLES: &[(&str, &str)] = &[
    ("cases", "id"),
    ("schools", "id"),
    ("alliances", "id"),
    ("alliance_members", "id"),
    ("alliance_activities", "id"),
    ("county_facts", "code"),
];

/// Bookkeeping, not content: versions, timestamps and search and sort keys derived from a name.
const BOOKKEEPING: &[&str] =
    &["id", "code", "version", "created_at", "updated_at", "name_initials", "name_key", "id_rev"];

/// Columns of a new row that its `insert` audit row names in its own value.
const IN_INSERT_ROW: &[(&str, &str)] =
    &[("alliance_members", "alliance_id"), ("alliance_members", "school_id"), ("alliance_activities", "alliance_id")];

type Rows = BTreeMap<(&'static str, String), BTreeMap<String, String>>;

fn text(v: Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) if f.fract() == 0.0 => format!("{}", f as i64),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t,
        Value::Blob(_) => "<blob>".into(),
    }
}

/// Every row of every record table, as text per column.
fn snapshot(db: &Db) -> Rows {
    let mut rows = Rows::new();
    for (table, key) in TABLES {
        let mut stmt = db.conn.prepare(&format!("SELECT * FROM {table}")).expect("prepare");
        let names: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
        let mut q = stmt.query([]).expect("query");
        while let Some(r) = q.next().expect("row") {
            let cols: BTreeMap<String, String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), text(r.get::<_, Value>(i).expect("value"))))
                .collect();
            rows.insert((*table, cols[*key].clone()), cols);
        }
    }
    rows
}

/// (table, row key, field) → new value, of the audit rows after `since`; and the rows
/// that have an `insert` row.
/// (table, row key, field) → new value.
type Logged = BTreeMap<(String, String, String), String>;

fn audit_since(db: &Db, since: i64) -> (Logged, BTreeSet<(String, String)>) {
    let mut stmt = db
        .conn
        .prepare("SELECT action, table_name, row_key, field, new_value FROM audit_log WHERE id > ?1 ORDER BY id")
        .expect("prepare");
    let mut fields = BTreeMap::new();
    let mut inserts = BTreeSet::new();
    let rows = stmt
        .query_map([since], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .expect("query");
    for row in rows {
        let (action, table, key, field, new) = row.expect("row");
        if action == "insert" {
            inserts.insert((table.clone(), key.clone()));
            // A spreadsheet import's insert row carries every stored value as a JSON object
            // (one row per case instead of one per column): each counts as that column's row.
            let carried = new.as_deref().and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok());
            if let Some(serde_json::Value::Object(values)) = carried {
                for (f, v) in values {
                    let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                    fields.insert((table.clone(), key.clone(), f), v);
                }
            }
        }
        if let Some(f) = field {
            fields.insert((table, key, f), new.unwrap_or_default());
        }
    }
    (fields, inserts)
}

fn last_audit_id(db: &Db) -> i64 {
    db.conn.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| r.get(0)).expect("max")
}

/// Runs `write` and checks that every column it changed has its audit row. Returns what
/// `write` returned and the (table, key, column) it changed, for the caller's own checks.
fn audited<T>(db: &mut Db, what: &str, write: impl FnOnce(&mut Db) -> T) -> (T, BTreeSet<(String, String, String)>) {
    let before = snapshot(db);
    let since = last_audit_id(db);
    let out = write(db);
    let after = snapshot(db);
    let (fields, inserts) = audit_since(db, since);
    let mut changed = BTreeSet::new();
    let gone: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert!(gone.is_empty(), "{what}: rows disappeared: {gone:?}");
    for ((table, key), cols) in &after {
        let old = before.get(&(*table, key.clone()));
        if old.is_none() {
            assert!(
                inserts.contains(&(table.to_string(), key.clone())),
                "{what}: new {table} #{key} has no insert row"
            );
        }
        for (col, value) in cols {
            let was = old.map(|o| o[col].as_str());
            let differs = match was {
                Some(w) => w != value,
                None => !value.is_empty() && !IN_INSERT_ROW.contains(&(table, col.as_str())),
            };
            if !differs || BOOKKEEPING.contains(&col.as_str()) {
                continue;
            }
            changed.insert((table.to_string(), key.clone(), col.clone()));
            let logged = fields.get(&(table.to_string(), key.clone(), col.clone()));
            assert_eq!(
                logged.map(String::as_str),
                Some(value.as_str()),
                "{what}: {table} #{key} {col} changed {was:?} -> {value:?} without its audit row"
            );
        }
    }
    (out, changed)
}

fn open() -> (tempfile::TempDir, Db) {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let dir = tempfile::tempdir().expect("dir");
    let db = db::open(&OpenOptions {
        path: dir.path().join("a.db"),
        create: db::Create::Demo(50),
        busy_timeout: Duration::from_millis(500),
        login: "tester".into(),
    })
    .expect("open");
    (dir, db)
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

/// A valid ID number: region, birth date (YYYYMMDD), sequence.
fn id(region: &str, birth: &str, seq: &str) -> String {
    let first17 = format!("{region}{birth}{seq}");
    format!("{first17}{}", check_char(first17.as_bytes()))
}

fn open_schools(db: &Db, county: &str) -> Vec<i64> {
    let mut stmt =
        db.conn.prepare("SELECT id FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY id").expect("q");
    stmt.query_map([county], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

fn case_record(values: &[(&str, String)], status: CaseStatus) -> CaseRecord {
    let get = |k: &str| values.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    case::validate(get, status, today(), |_| true).expect("a valid case")
}

/// Every field of a case filled, a dropout at `school`; `alt` gives a second, different
/// value for every field.
fn full_case(school: i64, alt: bool) -> CaseRecord {
    let (child, guardian) = if alt {
        (id(OTHER_COUNTY, "20140715", "124"), id(OTHER_COUNTY, "19860202", "221"))
    } else {
        (id(COUNTY, "20150302", "123"), id(COUNTY, "19850301", "112"))
    };
    let pick = |a: &str, b: &str| if alt { b.to_string() } else { a.to_string() };
    let values = [
        ("name", pick("审计甲", "审计乙")),
        ("id_number", child.clone()),
        ("sex", pick("M", "F")),
        ("birth_date", pick("2015-03-02", "2014-07-15")),
        ("school_id", school.to_string()),
        ("grade", pick("3", "4")),
        ("class_name", pick("1班", "2班")),
        ("student_no", format!("G{child}")),
        ("family_types", pick("left_behind", "dibao,orphan")),
        ("absent_since", pick("2026-09-01", "2026-09-10")),
        ("reason", pick("work", "other")),
        ("reason_text", pick("", "随父母外出")),
        ("gov_person", pick("王某", "李某")),
        ("gov_phone", pick("13800000001", "13900000001")),
        ("edu_person", pick("赵某", "钱某")),
        ("edu_phone", pick("13800000002", "13900000002")),
        ("guardian", pick("孙某", "周某")),
        ("guardian_relation", pick("父亲", "母亲")),
        ("guardian_phone", pick("13800000003", "13900000003")),
        ("guardian_id_number", guardian),
        ("hukou_code", pick(COUNTY, OTHER_COUNTY)),
        ("hukou_text", pick("逊克县某村", "平房区某街")),
        ("address", pick("某村1组", "某街2号")),
        ("registered_on", pick("2026-09-05", "2026-09-12")),
        ("note", pick("", "备注二")),
    ];
    case_record(&values, CaseStatus::Dropout)
}

fn step(db: &mut Db, id: i64, action: CaseAction, school: i64) {
    let version = cases::get(db, id).expect("get").expect("case").version;
    let input = StepInput {
        date: "2026-11-20".into(),
        line: Some("edu".into()),
        who: "李老师".into(),
        method: Some("home".into()),
        text: format!("{action:?} 的依据"),
        school_id: Some(school),
        hours: taizhang::domain::follow_up::Hours::parse("2").ok(),
        attending: Some(true),
        content: "语文".into(),
    };
    let what = format!("step {action:?}");
    audited(db, &what, |db| cases::step(db, id, version, action, &input)).0.expect("step");
}

/// The shortest list of actions from `from` to a status where `action` is legal.
fn path_to(from: CaseStatus, action: CaseAction) -> Option<Vec<CaseAction>> {
    let mut queue = VecDeque::from([(from, Vec::new())]);
    let mut seen = BTreeSet::from([from]);
    while let Some((s, path)) = queue.pop_front() {
        if next_status(s, action).is_ok() {
            return Some(path);
        }
        for a in CaseAction::ALL {
            if let Ok(n) = next_status(s, *a) {
                if seen.insert(n) {
                    let mut p = path.clone();
                    p.push(*a);
                    queue.push_back((n, p));
                }
            }
        }
    }
    None
}

#[test]
fn form_saves_and_undo_audit_every_field() {
    let (_dir, mut db) = open();
    let (here, there) = (open_schools(&db, COUNTY), open_schools(&db, OTHER_COUNTY));
    let (a, b) = (full_case(here[0], false), full_case(there[0], true));
    let (id, _) = audited(&mut db, "register", |db| cases::insert(db, CaseStatus::Dropout, &a));
    let id = id.expect("insert").expect("no duplicate");
    let version = cases::get(&db, id).expect("get").expect("case").version;
    let (saved, changed) = audited(&mut db, "form save", |db| cases::update(db, id, version, &b));
    saved.expect("update").expect("no duplicate");
    // The edit did change every field (and the county, by the school): none escaped the check.
    let key = id.to_string();
    for f in case::FIELDS {
        assert!(changed.contains(&("cases".into(), key.clone(), f.key.into())), "the edit left {} unchanged", f.key);
    }
    assert!(changed.contains(&("cases".into(), key.clone(), "county_code".into())));
    let (undone, changed) = audited(&mut db, "undo of the save", cases::undo);
    assert_eq!(undone.expect("undo"), Some(id));
    assert!(changed.len() > case::FIELDS.len(), "{changed:?}");
}

#[test]
fn every_workflow_step_and_its_undo_audit_every_column() {
    let (_dir, mut db) = open();
    let school = open_schools(&db, COUNTY)[0];
    let mut covered = std::collections::HashSet::new();
    for (n, action) in CaseAction::ALL.iter().enumerate() {
        let path = path_to(CaseStatus::Enrolled, *action).expect("reachable");
        let mut rec = full_case(school, false);
        rec.id_number = None;
        rec.student_no = None;
        rec.sex = None;
        rec.birth_date = None;
        rec.name = format!("步骤{n}");
        let id = cases::insert(&mut db, CaseStatus::Enrolled, &rec).expect("insert").expect("no duplicate");
        for a in path.iter().chain([action]) {
            step(&mut db, id, *a, school);
            covered.insert(*a);
        }
        let (undone, _) = audited(&mut db, &format!("undo of {action:?}"), cases::undo);
        undone.expect("undo");
    }
    assert_eq!(covered.len(), CaseAction::ALL.len());
}

#[test]
fn reopening_clears_and_audits_the_closing_columns() {
    let (_dir, mut db) = open();
    let school = open_schools(&db, COUNTY)[0];
    let mut rec = full_case(school, false);
    rec.id_number = None;
    rec.student_no = None;
    let id = cases::insert(&mut db, CaseStatus::Suspected, &rec).expect("insert").expect("no duplicate");
    for a in [CaseAction::AddVisit, CaseAction::Return, CaseAction::Close] {
        step(&mut db, id, a, school);
    }
    let closed = cases::get(&db, id).expect("get").expect("case");
    assert!(!closed.close_basis.is_empty() && !closed.closed_by.is_empty() && closed.closed_on.is_some());
    step(&mut db, id, CaseAction::Reopen, school);
    let reopened = cases::get(&db, id).expect("get").expect("case");
    assert_eq!((reopened.closed_on, reopened.close_basis.as_str(), reopened.closed_by.as_str()), (None, "", ""));
    // Every column the history names has a label in both languages.
    let mut stmt = db.conn.prepare("SELECT DISTINCT field FROM audit_log WHERE table_name = 'cases'").expect("q");
    let fields: Vec<String> =
        stmt.query_map([], |r| r.get::<_, Option<String>>(0)).expect("q").filter_map(|f| f.expect("row")).collect();
    for lang in [taizhang::i18n::Lang::Zh, taizhang::i18n::Lang::En] {
        taizhang::i18n::set_lang(lang);
        for f in &fields {
            let label = taizhang::i18n::ledger::case_field_label(f);
            assert!(label.is_some_and(|l| !l.is_empty() && l != f), "{lang:?}: no label for {f}");
        }
    }
    taizhang::i18n::set_lang(taizhang::i18n::Lang::Zh);
}

#[test]
fn imports_audit_every_filled_column() {
    let (dir, mut db) = open();
    let cases_csv = dir.path().join("cases.csv");
    let school = taizhang::db::schools::get(&db.conn, open_schools(&db, COUNTY)[0]).expect("get").expect("school");
    std::fs::write(
        &cases_csv,
        format!(
            "姓名,身份证号,学校,年级,辍学原因,辍学日期,包保责任人（政府）,包保责任人（教育）,监护人,监护人电话,现住址,状态\n\
             导入甲,{},{},三年级,外出务工,2026-09-01,王某,赵某,孙某,13800000003,某村,辍学\n",
            id(COUNTY, "20150303", "125"),
            school.record.name
        ),
    )
    .expect("write");
    let opts = Options { mode: Mode::Apply, county: Some(COUNTY.into()), encoding: Encoding::Auto, sheet: None };
    let (out, changed) =
        audited(&mut db, "case import", |db| import::run(db, Kind::Cases, &cases_csv, &opts, &mut |_, _| {}));
    let out = out.expect("import");
    assert_eq!(out.written, 1, "{:?}", out.problems);
    assert!(changed.len() >= 12, "{changed:?}");
    // In the import's form: the case's one audit row, naming the file, carries the values.
    let (rows, note, carried): (i64, String, String) = db
        .conn
        .query_row(
            "SELECT count(*), max(note), max(new_value) FROM audit_log WHERE table_name = 'cases'
              AND row_key = (SELECT max(id) FROM cases)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("audit row");
    assert_eq!(rows, 1, "one audit row per imported case");
    assert!(note.contains("cases.csv"), "{note}");
    assert!(carried.contains("\"name\":\"导入甲\"") && carried.contains("\"status\":\"dropout\""), "{carried}");

    let schools_csv = dir.path().join("schools.csv");
    std::fs::write(
        &schools_csv,
        "学校名称,学校类型,城乡分类,在校生数,班级数,专任教师数\n导入小学,小学,乡村,120,6,12\n",
    )
    .expect("write");
    let (out, changed) =
        audited(&mut db, "school import", |db| import::run(db, Kind::Schools, &schools_csv, &opts, &mut |_, _| {}));
    assert_eq!(out.expect("import").written, 1);
    assert!(changed.len() >= 6, "{changed:?}");
}

/// A 九年一贯制 school's form values, every field filled; `alt` changes every one.
fn school_record(alt: bool, merge_into: i64) -> SchoolRecord {
    let values: Vec<(&str, &str)> = if alt {
        vec![
            ("name", "审计学校二"),
            ("school_code", "3123999002"),
            ("kind", "twelve_year"),
            ("location", "town"),
            ("students", "410"),
            ("primary_students", "245"),
            ("junior_students", "165"),
            ("classes", "14"),
            ("largest_class", "40"),
            ("boarding_students", "60"),
            ("teachers", "40"),
            ("degree_teachers", "30"),
            ("backbone_teachers", "6"),
            ("pe_arts_teachers", "5"),
            ("building_m2", "2600.5"),
            ("sports_m2", "4100"),
            ("equipment_yuan", "910000"),
            ("multimedia_rooms", "12"),
            ("opened_on", "1990-09-01"),
            ("closed_on", "2026-11-01"),
            ("note", "撤并"),
        ]
    } else {
        vec![
            ("name", "审计学校"),
            ("school_code", "3123999001"),
            ("kind", "nine_year"),
            ("location", "rural"),
            ("students", "400"),
            ("primary_students", "240"),
            ("junior_students", "160"),
            ("classes", "13"),
            ("largest_class", "38"),
            ("boarding_students", "50"),
            ("teachers", "38"),
            ("degree_teachers", "28"),
            ("backbone_teachers", "5"),
            ("pe_arts_teachers", "4"),
            ("building_m2", "2500"),
            ("sports_m2", "4000"),
            ("equipment_yuan", "900000"),
            ("multimedia_rooms", "11"),
            ("opened_on", "1989-09-01"),
            ("note", ""),
        ]
    };
    let merged = merge_into.to_string();
    let get = |k: &str| match k {
        "merged_into" if alt => merged.clone(),
        _ => values.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string()).unwrap_or_default(),
    };
    school_rules::validate(get, today(), None, |_| true).expect("a valid school")
}

#[test]
fn school_alliance_and_county_edits_audit_every_column() {
    let (_dir, mut db) = open();
    let here = open_schools(&db, COUNTY);
    let (id, _) = audited(&mut db, "school insert", |db| schools::insert(db, COUNTY, &school_record(false, 0)));
    let id = id.expect("insert");
    let version = schools::get(&db.conn, id).expect("get").expect("school").version;
    let (saved, changed) =
        audited(&mut db, "school edit", |db| schools::update(db, id, version, &school_record(true, here[0])));
    saved.expect("update");
    for f in school_rules::FIELDS {
        assert!(changed.iter().any(|(_, _, c)| c == f.key), "the school edit left {} unchanged", f.key);
    }

    // An alliance: created, its facts edited, members in, lead changed, activity, a member out, dissolved.
    let facts = |name: &str, mode: &str, founded: &str| AllianceFacts {
        name: name.into(),
        kind: AllianceKind::Pairing,
        founded_on: Some(founded.into()),
        mode: mode.into(),
    };
    let free: Vec<i64> = {
        let sql = "SELECT id FROM schools WHERE county_code = ?1 AND closed_on IS NULL
                   AND id NOT IN (SELECT school_id FROM alliance_members WHERE left_on IS NULL) ORDER BY id";
        let mut stmt = db.conn.prepare(sql).expect("q");
        stmt.query_map([COUNTY], |r| r.get(0)).expect("q").collect::<Result<_, _>>().expect("rows")
    };
    assert!(free.len() >= 2, "{free:?}");
    let new = NewAlliance {
        facts: facts("审计联盟", "结对", "2020-09-01"),
        level: AllianceLevel::County,
        lead_school_id: free[0],
    };
    let (aid, _) = audited(&mut db, "alliance insert", |db| alliances::insert(db, COUNTY, &new));
    let aid = aid.expect("insert");
    let v = |db: &Db| alliances::get(&db.conn, aid).expect("get").expect("alliance").version;
    let ver = v(&db);
    let f2 = facts("审计联盟二", "一体两翼", "2020-08-01");
    audited(&mut db, "alliance facts", |db| alliances::update_facts(db, aid, ver, &f2)).0.expect("facts");
    let ver = v(&db);
    audited(&mut db, "add member", |db| alliances::add_member(db, aid, ver, free[1], MemberRole::Member, "2021-01-01"))
        .0
        .expect("add");
    let ver = v(&db);
    audited(&mut db, "change lead", |db| alliances::change_lead(db, aid, ver, free[1])).0.expect("lead");
    let act = alliances::NewActivity {
        held_on: "2026-10-10".into(),
        kind: ActivityKind::Rotation,
        participants: Some(12),
        rotated_teachers: Some(4),
        rotated_backbone: Some(1),
        note: "交流".into(),
    };
    audited(&mut db, "activity", |db| alliances::add_activity(db, aid, &act)).0.expect("activity");
    let ver = v(&db);
    audited(&mut db, "member leaves", |db| alliances::remove_member(db, aid, ver, free[0], "2026-11-01"))
        .0
        .expect("leave");
    let ver = v(&db);
    audited(&mut db, "dissolve", |db| alliances::dissolve(db, aid, ver, "2026-11-20")).0.expect("dissolve");

    // County facts: every field set, then every field changed.
    let county_facts = |db: &Db, alt: bool| CountyFacts {
        code: COUNTY.into(),
        population: Some(if alt { 90_000 } else { 95_000 }),
        area_km2: Some(if alt { 17_344.5 } else { 17_344.0 }),
        basic_balance_year: Some(if alt { 2016 } else { 2015 }),
        quality_status: if alt { QualityStatus::Pilot } else { QualityStatus::Creating },
        quality_since_year: Some(if alt { 2022 } else { 2021 }),
        quality_target_year: Some(if alt { 2028 } else { 2027 }),
        note: if alt { "改" } else { "初" }.into(),
        version: counties::get(&db.conn, COUNTY).expect("facts").version,
    };
    let first = county_facts(&db, false);
    audited(&mut db, "county facts", |db| counties::save(db, &first)).0.expect("save");
    let second = county_facts(&db, true);
    let (saved, changed) = audited(&mut db, "county facts again", |db| counties::save(db, &second));
    saved.expect("save");
    assert_eq!(changed.len(), 7, "{changed:?}");
}
