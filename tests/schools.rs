//! Schools and alliances: the school rules (学校标识码, consistent counts, flags), saving a
//! school through the audited write path with its version check, closing without deleting,
//! and every alliance rule (one lead, per-level limit, region, dates, dissolving).

use std::time::Duration;
use taizhang::db::alliances::{self, NewActivity};
use taizhang::db::schools::{self, SchoolRow};
use taizhang::db::{self, users, Db, OpenOptions, Rule, WriteError};
use taizhang::domain::access::{Refusal, Role, Scope};
use taizhang::domain::alliance::{self, AllianceError, AllianceFacts, NewAlliance};
use taizhang::domain::codes::{ActivityKind, AllianceKind, AllianceLevel, Location, MemberRole, SchoolKind};
use taizhang::domain::dates::DateError;
use taizhang::domain::school::SizeFlag;
use taizhang::domain::school_rules::{self, SchoolError, SchoolRecord};

fn open(path: &std::path::Path, login: &str) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(50),
        busy_timeout: Duration::from_millis(300),
        login: login.into(),
    })
    .expect("open")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

/// A valid primary school's form values, with `changes` applied.
fn values(changes: &[(&str, &str)]) -> impl Fn(&str) -> String {
    let mut v: Vec<(String, String)> = [
        ("name", "测试小学"),
        ("school_code", "2123999001"),
        ("kind", "primary"),
        ("location", "rural"),
        ("students", "300"),
        ("classes", "10"),
        ("largest_class", "35"),
        ("teachers", "25"),
        ("degree_teachers", "20"),
        ("building_m2", "1500.5"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, val) in changes {
        v.retain(|(key, _)| key != k);
        v.push((k.to_string(), val.to_string()));
    }
    move |k: &str| v.iter().find(|(key, _)| key == k).map(|(_, val)| val.clone()).unwrap_or_default()
}

fn errors(changes: &[(&str, &str)]) -> Vec<(&'static str, SchoolError)> {
    school_rules::validate(values(changes), today(), Some(1), |id| id == 2).expect_err("should be refused")
}

fn valid(changes: &[(&str, &str)]) -> SchoolRecord {
    school_rules::validate(values(changes), today(), Some(1), |id| id == 2).expect("valid")
}

#[test]
fn school_code_rules() {
    assert_eq!(valid(&[]).school_code.as_deref(), Some("2123999001"));
    assert_eq!(valid(&[("school_code", "")]).school_code, None, "the code may be unknown");
    assert_eq!(errors(&[("school_code", "212399900")]), vec![("school_code", SchoolError::CodeLength(9))]);
    assert_eq!(errors(&[("school_code", "21239990O1")]), vec![("school_code", SchoolError::CodeDigits)]);
    assert_eq!(
        errors(&[("school_code", "3123999001")]),
        vec![("school_code", SchoolError::CodeCategory { found: "31".into(), expected: vec!["21"] })],
        "31 is a secondary school's category, not a 小学's"
    );
    assert!(matches!(errors(&[("kind", "special")])[0], ("school_code", SchoolError::CodeCategory { .. })));
    valid(&[("kind", "special"), ("school_code", "5123999001")]);
    valid(&[("kind", "nine_year"), ("school_code", "3123999001")]);
    valid(&[("kind", "teaching_point")]);
    assert_eq!(errors(&[("school_code", "2111999001")]), vec![("school_code", SchoolError::CodeProvince("11".into()))]);
}

#[test]
fn counts_must_be_non_negative_and_consistent() {
    use taizhang::domain::county::FieldError;
    assert_eq!(errors(&[("students", "-3")]), vec![("students", SchoolError::Number(FieldError::Negative))]);
    assert_eq!(errors(&[("classes", "十")]), vec![("classes", SchoolError::Number(FieldError::NotInteger))]);
    assert_eq!(errors(&[("building_m2", "大")]), vec![("building_m2", SchoolError::Number(FieldError::NotNumber))]);
    assert!(errors(&[("classes", "301")]).contains(&("classes", SchoolError::ClassesOverStudents)));
    assert!(errors(&[("teachers", "0")]).contains(&("teachers", SchoolError::TeachersNeeded)));
    assert!(errors(&[("teachers", "")]).contains(&("teachers", SchoolError::TeachersNeeded)));
    valid(&[("students", "0"), ("classes", "0"), ("largest_class", "0"), ("teachers", "0"), ("degree_teachers", "")]);
    assert!(errors(&[("largest_class", "301")]).contains(&("largest_class", SchoolError::LargestClassOverStudents)));
    assert!(errors(&[("largest_class", "20")]).contains(&("largest_class", SchoolError::LargestBelowAverage(30))));
    assert!(errors(&[("boarding_students", "400")]).contains(&("boarding_students", SchoolError::BoardingOverStudents)));
    assert!(errors(&[("degree_teachers", "26")]).contains(&("degree_teachers", SchoolError::PartOverTeachers)));
    assert!(errors(&[("primary_students", "200"), ("junior_students", "50")])
        .contains(&("junior_students", SchoolError::SplitSum(300))));
    valid(&[
        ("kind", "nine_year"),
        ("school_code", "3123999001"),
        ("primary_students", "200"),
        ("junior_students", "100"),
    ]);
    // Every wrong field is reported at once.
    assert_eq!(errors(&[("name", ""), ("students", "x"), ("opened_on", "2030-01-01")]).len(), 3);
}

#[test]
fn closing_and_merging_rules() {
    assert!(errors(&[("closed_on", "2020-13-01")]).iter().any(|(k, _)| *k == "closed_on"));
    assert!(errors(&[("opened_on", "2021-09-01"), ("closed_on", "2020-09-01")])
        .contains(&("closed_on", SchoolError::ClosedBeforeOpened)));
    assert_eq!(errors(&[("merged_into", "2")]), vec![("closed_on", SchoolError::MergedWithoutClosing)]);
    assert_eq!(
        errors(&[("merged_into", "1"), ("closed_on", "2024-08-31")]),
        vec![("merged_into", SchoolError::MergedIntoItself)]
    );
    assert_eq!(
        errors(&[("merged_into", "99"), ("closed_on", "2024-08-31")]),
        vec![("merged_into", SchoolError::UnknownSchool)]
    );
    let r = valid(&[("merged_into", "2"), ("closed_on", "2024/8/31")]);
    assert_eq!((r.closed_on.as_deref(), r.merged_into), (Some("2024-08-31"), Some(2)));
}

fn row(kind: SchoolKind, students: i64, largest: i64) -> SchoolRow {
    SchoolRow {
        id: 1,
        county_code: "231123".into(),
        name: "x".into(),
        school_code: None,
        kind,
        location: Location::Urban,
        students: Some(students),
        classes: Some(1),
        largest_class: Some(largest),
        teachers: Some(1),
        closed_on: None,
    }
}

#[test]
fn size_flags_in_the_table() {
    assert_eq!(row(SchoolKind::Primary, 2001, 56).flags(), vec![SizeFlag::LargeClass, SizeFlag::LargeSchool]);
    assert_eq!(row(SchoolKind::Primary, 2000, 55).flags(), vec![]);
    assert_eq!(row(SchoolKind::NineYear, 2400, 66).flags(), vec![SizeFlag::HugeClass], "2500 for 一贯制");
    assert_eq!(row(SchoolKind::Primary, 99, 20).flags(), vec![SizeFlag::SmallSchool]);
    let mut closed = row(SchoolKind::Primary, 0, 0);
    closed.closed_on = Some("2020-08-31".into());
    assert!(closed.flags().is_empty(), "a closed school raises no flag");
}

/// (action, field, old, new) of each audit row of one record, oldest first.
type AuditRowText = (String, Option<String>, Option<String>, Option<String>);

fn audit_rows(db: &Db, table: &str, key: &str) -> Vec<AuditRowText> {
    let mut stmt = db
        .conn
        .prepare("SELECT action, field, old_value, new_value FROM audit_log WHERE table_name = ?1 AND row_key = ?2 ORDER BY id")
        .expect("prepare");
    stmt.query_map([table, key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn school_id(db: &Db, county: &str, name: &str) -> i64 {
    db.conn
        .query_row("SELECT id FROM schools WHERE county_code = ?1 AND name = ?2", [county, name], |r| r.get(0))
        .unwrap_or_else(|e| panic!("school {county} {name}: {e}"))
}

#[test]
fn insert_update_close_with_audit_and_version_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut db = open(&path, "admin");
    let rec = valid(&[]);
    let id = schools::insert(&mut db, "231123", &rec).expect("insert");
    let audit = audit_rows(&db, "schools", &id.to_string());
    assert_eq!(audit[0].0, "insert");
    assert!(audit
        .iter()
        .any(|(_, f, _, new)| f.as_deref() == Some("school_code") && new.as_deref() == Some("2123999001")));
    let school = schools::get(&db.conn, id).expect("get").expect("exists");
    assert_eq!(school.record, rec);
    assert!(schools::list(&db, "231100").expect("list").iter().any(|s| s.id == id), "listed in its prefecture");

    // The same code twice is refused, naming the school that has it.
    let dup = schools::insert(&mut db, "231123", &valid(&[("name", "别的小学")]));
    match dup {
        Err(WriteError::Invalid { field: "school_code", rule }) => {
            let taken = SchoolError::CodeTaken { code: "2123999001".into(), holder: "测试小学".into() };
            assert_eq!(rule, Rule::School(taken));
            // The form shows the rule's sentence; a command adds the refusal's frame to it.
            let message = taizhang::i18n::schools::rule_error(&rule, |c| c.to_string());
            assert_eq!(message, "学校标识码 2123999001 已被 测试小学 使用。");
            let e = WriteError::Invalid { field: "school_code", rule };
            let cli = taizhang::i18n::errors::write_error(&e, "admin", None, |c| c.to_string());
            assert!(cli.contains(&message), "{cli}");
        }
        other => panic!("duplicate code accepted: {other:?}"),
    }

    // Two sessions edit the same school: the second save is refused, nothing overwritten.
    let mut other = open(&path, "admin");
    let v1 = schools::update(&mut db, id, school.version, &valid(&[("students", "310")])).expect("first save");
    assert_eq!(v1, school.version + 1);
    let stale = schools::update(&mut other, id, school.version, &valid(&[("students", "999"), ("classes", "30")]));
    assert!(matches!(stale, Err(WriteError::Conflict)), "{stale:?}");
    let now = schools::get(&db.conn, id).expect("get").expect("exists");
    assert_eq!(now.record.students, Some(310));
    let audit = audit_rows(&db, "schools", &id.to_string());
    let last = audit.last().expect("audit");
    assert_eq!(last, &("update".into(), Some("students".into()), Some("300".into()), Some("310".into())));

    // Closing and merging: kept, marked, out of the pickers, still listed as closed.
    let target = school_id(&db, "231123", "实验小学校");
    let closed = valid(&[("students", "310"), ("closed_on", "2026-08-31")]);
    let closed = SchoolRecord { merged_into: Some(target), ..closed };
    schools::update(&mut db, id, v1, &closed).expect("close");
    let after = schools::get(&db.conn, id).expect("get").expect("still there");
    assert_eq!(after.record.closed_on.as_deref(), Some("2026-08-31"));
    assert_eq!(after.merged_name.as_deref(), Some("实验小学校"));
    assert!(!schools::in_region(&db, "231123").expect("in_region").iter().any(|s| s.id == id));
    assert!(schools::list(&db, "231123").expect("list").iter().any(|s| s.id == id && s.closed_on.is_some()));
    let audit = audit_rows(&db, "schools", &id.to_string());
    assert!(audit.iter().any(|(_, f, _, new)| f.as_deref() == Some("merged_into") && new == &Some(target.to_string())));
}

#[test]
fn fillers_keep_their_figures_but_only_admins_close() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut admin = open(&path, "admin");
    let id = school_id(&admin, "231123", "民族小学校");
    let scope = Scope::School { id, county_code: "231123".into() };
    users::upsert(&mut admin, "zhang", Role::Filler, &scope).expect("add filler");
    let mut filler = open(&path, "zhang");
    let s = schools::get(&filler.conn, id).expect("get").expect("exists");
    let mut rec = s.record.clone();
    rec.teachers = rec.teachers.map(|t| t + 1);
    let v = schools::update(&mut filler, id, s.version, &rec).expect("a filler updates their school's figures");
    rec.closed_on = Some("2026-08-31".into());
    let r = schools::update(&mut filler, id, v, &rec);
    assert!(matches!(r, Err(WriteError::Refused(Refusal::AdminOnly))), "{r:?}");
    let other = school_id(&admin, "231123", "实验小学校");
    let o = schools::get(&filler.conn, other).expect("get").expect("exists");
    let r = schools::update(&mut filler, other, o.version, &o.record);
    assert!(matches!(r, Err(WriteError::Refused(Refusal::OutsideSchool { .. }))), "{r:?}");
    let r = schools::insert(&mut filler, "231123", &valid(&[]));
    assert!(matches!(r, Err(WriteError::Refused(Refusal::AdminOnly))), "{r:?}");
}

fn alliance_named(db: &Db, name: &str) -> alliances::Alliance {
    let id: i64 =
        db.conn.query_row("SELECT id FROM alliances WHERE name = ?1", [name], |r| r.get(0)).expect("alliance");
    alliances::get(&db.conn, id).expect("get").expect("exists")
}

fn invalid_field<T: std::fmt::Debug>(r: Result<T, WriteError>) -> &'static str {
    match r {
        Err(WriteError::Invalid { field, rule }) => {
            let message = taizhang::i18n::schools::rule_error(&rule, |c| c.to_string());
            assert!(!message.is_empty(), "a refusal has a message");
            field
        }
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

/// A county-level alliance in 巴彦县 and schools to play with: one in no county-level
/// alliance would be ideal, but every school is in one, so the limit is tested directly.
#[test]
fn member_rules_limit_region_dates_and_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.db");
    let mut db = open(&path, "admin");
    let group = alliance_named(&db, "第一中学教育集团");
    assert_eq!(group.level, AllianceLevel::County);
    // 西关小学 sits in 第二中学教育集团 (county level): the default limit is one.
    let xiguan = school_id(&db, "230126", "西关小学");
    let r = alliances::add_member(&mut db, group.id, group.version, xiguan, MemberRole::Member, "2026-09-01");
    assert_eq!(invalid_field(r), "level_limit");
    // A school of another county is outside a county-level alliance.
    let xunke = school_id(&db, "231123", "宝山乡中心小学");
    let r = alliances::add_member(&mut db, group.id, group.version, xunke, MemberRole::Member, "2026-09-01");
    assert_eq!(invalid_field(r), "region");
    // Raising the setting to two lets 西关小学 join a second county-level alliance; joining
    // before the alliance was founded is refused.
    db.conn.execute("UPDATE settings SET value = '2' WHERE key = 'alliances_per_level'", []).expect("setting");
    let r = alliances::add_member(&mut db, group.id, group.version, xiguan, MemberRole::Member, "2001-01-01");
    assert_eq!(invalid_field(r), "joined_on");
    let r = alliances::add_member(&mut db, group.id, group.version, xiguan, MemberRole::Lead, "2026-09-01");
    assert_eq!(invalid_field(r), "lead", "a second lead is refused");
    let v = alliances::add_member(&mut db, group.id, group.version, xiguan, MemberRole::Member, "2026-09-01")
        .expect("joins");
    assert_eq!(v, group.version + 1);
    let r = alliances::add_member(&mut db, group.id, v, xiguan, MemberRole::Member, "2026-09-01");
    assert_eq!(invalid_field(r), "member", "already a member");
    // A stale version is a conflict, and nothing changes.
    let r = alliances::add_member(&mut db, group.id, group.version, xunke, MemberRole::Member, "2026-09-01");
    assert!(matches!(r, Err(WriteError::Conflict)), "{r:?}");
    let member_id: i64 = db
        .conn
        .query_row(
            "SELECT id FROM alliance_members WHERE alliance_id = ?1 AND school_id = ?2",
            [group.id, xiguan],
            |r| r.get(0),
        )
        .expect("member row");
    let audit = audit_rows(&db, "alliance_members", &member_id.to_string());
    assert_eq!(audit[0].0, "insert");
    assert!(audit
        .iter()
        .any(|(_, f, _, new)| f.as_deref() == Some("joined_on") && new.as_deref() == Some("2026-09-01")));

    // Leaving: not before joining; the lead cannot leave; the row stays.
    let r = alliances::remove_member(&mut db, group.id, v, xiguan, "2026-08-01");
    assert_eq!(invalid_field(r), "left_on");
    let lead = group.lead_school_id.expect("lead");
    let r = alliances::remove_member(&mut db, group.id, v, lead, "2026-11-01");
    assert_eq!(invalid_field(r), "lead");
    let v = alliances::remove_member(&mut db, group.id, v, xiguan, "2026-11-01").expect("leaves");
    let left: Option<String> = db
        .conn
        .query_row("SELECT left_on FROM alliance_members WHERE id = ?1", [member_id], |r| r.get(0))
        .expect("row kept");
    assert_eq!(left.as_deref(), Some("2026-11-01"));
    let r = alliances::remove_member(&mut db, group.id, v, xiguan, "2026-11-02");
    assert_eq!(invalid_field(r), "member", "cannot leave twice");
    let members = alliances::members(&db.conn, group.id).expect("members");
    assert!(members.iter().any(|m| m.school_id == xiguan && m.left_on.is_some()), "history kept");
}

#[test]
fn exactly_one_lead_and_dissolving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("a.db"), "admin");
    let group = alliance_named(&db, "第一中学教育集团");
    let old_lead = group.lead_school_id.expect("lead");
    let members = alliances::members(&db.conn, group.id).expect("members");
    let next = members.iter().find(|m| m.role == MemberRole::Member).expect("a member").school_id;
    let outsider = school_id(&db, "230126", "西关小学");
    let r = alliances::change_lead(&mut db, group.id, group.version, outsider);
    assert_eq!(invalid_field(r), "member", "only a current member can lead");
    let v = alliances::change_lead(&mut db, group.id, group.version, next).expect("lead changed");
    let members = alliances::members(&db.conn, group.id).expect("members");
    let leads: Vec<i64> = members.iter().filter(|m| m.role == MemberRole::Lead).map(|m| m.school_id).collect();
    assert_eq!(leads, vec![next], "exactly one lead");
    assert!(members.iter().any(|m| m.school_id == old_lead && m.role == MemberRole::Member && m.left_on.is_none()));
    let a = alliances::get(&db.conn, group.id).expect("get").expect("exists");
    assert_eq!(a.lead_school_id, Some(next));
    let audit = audit_rows(&db, "alliances", &group.id.to_string());
    assert!(audit.iter().any(|(_, f, old, new)| f.as_deref() == Some("lead_school_id")
        && old == &Some(old_lead.to_string())
        && new == &Some(next.to_string())));

    // Dissolving: not before it was founded; then nothing more changes, nothing is deleted.
    let r = alliances::dissolve(&mut db, group.id, v, "2000-01-01");
    assert_eq!(invalid_field(r), "dissolved_on");
    let v = alliances::dissolve(&mut db, group.id, v, "2026-11-20").expect("dissolve");
    let r = alliances::add_member(&mut db, group.id, v, outsider, MemberRole::Member, "2026-11-21");
    assert_eq!(invalid_field(r), "dissolved_on");
    let act = NewActivity {
        held_on: "2026-11-21".into(),
        kind: ActivityKind::Research,
        participants: Some(10),
        rotated_teachers: None,
        rotated_backbone: None,
        note: String::new(),
    };
    assert_eq!(invalid_field(alliances::add_activity(&mut db, group.id, &act)), "dissolved_on");
    assert!(alliances::for_region(&db, "230126", false).expect("list").iter().all(|a| a.id != group.id));
    let all = alliances::for_region(&db, "230126", true).expect("list");
    assert!(all.iter().any(|a| a.id == group.id && a.dissolved_on.as_deref() == Some("2026-11-20")));
    assert_eq!(alliances::members(&db.conn, group.id).expect("members").len(), 3, "members kept");
    // Once dissolved, its members are free to join another alliance of the level.
    let r = alliances::current_of_level(&db.conn, old_lead, AllianceLevel::County, -1).expect("current");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn city_level_alliances_take_members_from_their_prefecture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("a.db"), "admin");
    let city = alliance_named(&db, "牡丹江市第一学校联盟");
    assert_eq!(city.level, AllianceLevel::City);
    assert_eq!(city.region_code, "231000");
    let elsewhere = school_id(&db, "231123", "宝山乡中心小学");
    let r = alliances::add_member(&mut db, city.id, city.version, elsewhere, MemberRole::Member, "2026-09-01");
    assert_eq!(invalid_field(r), "region");
    // A school of the prefecture in no city-level alliance may join.
    let candidate: i64 = db
        .conn
        .query_row(
            "SELECT s.id FROM schools s WHERE s.county_code LIKE '2310%' AND s.closed_on IS NULL AND NOT EXISTS (
                 SELECT 1 FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
                 WHERE m.school_id = s.id AND a.level = 'city' AND m.left_on IS NULL) ORDER BY s.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a free school in 牡丹江");
    alliances::add_member(&mut db, city.id, city.version, candidate, MemberRole::Member, "2026-09-01")
        .expect("joins the city-level alliance");
    // It is now in one city-level alliance: the next one refuses it.
    let second = alliance_named(&db, "牡丹江市第二学校联盟");
    let r = alliances::add_member(&mut db, second.id, second.version, candidate, MemberRole::Member, "2026-09-01");
    assert_eq!(invalid_field(r), "level_limit");
    let rows = alliances::for_region(&db, "231000", false).expect("prefecture list");
    assert!(rows.iter().any(|r| r.id == city.id && r.members >= 2 && r.students > 0));
    // A county administrator cannot re-shape the city's alliance, even with a school of
    // their own county.
    let county_of_candidate: String =
        db.conn.query_row("SELECT county_code FROM schools WHERE id = ?1", [candidate], |r| r.get(0)).expect("county");
    users::upsert(&mut db, "li", Role::Admin, &Scope::Region(county_of_candidate)).expect("county admin");
    let mut li = open(&dir.path().join("a.db"), "li");
    let c = alliances::get(&li.conn, city.id).expect("get").expect("exists");
    let r = alliances::remove_member(&mut li, city.id, c.version, candidate, "2026-11-01");
    assert!(matches!(r, Err(WriteError::Refused(Refusal::OutOfScope { .. }))), "{r:?}");
}

#[test]
fn demo_data_keeps_the_rules() {
    use taizhang::domain::alliance;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("a.db"), "admin");
    for s in schools::list(&db, "230000").expect("schools") {
        if let Some(code) = &s.school_code {
            assert_eq!(school_rules::check_code(code, s.kind), Ok(()), "{} {code}", s.name);
        }
    }
    let limit = alliances::level_limit(&db.conn);
    for a in alliances::for_region(&db, "230000", false).expect("alliances") {
        let full = alliances::get(&db.conn, a.id).expect("get").expect("exists");
        let members = alliances::members(&db.conn, a.id).expect("members");
        let roles: Vec<MemberRole> = members.iter().filter(|m| m.left_on.is_none()).map(|m| m.role).collect();
        assert_eq!(alliance::check_one_lead(&roles), Ok(()), "{}", a.name);
        let lead = members.iter().find(|m| m.role == MemberRole::Lead).map(|m| m.school_id);
        assert_eq!(lead, full.lead_school_id, "{}: lead column and lead member agree", a.name);
        for m in &members {
            assert_eq!(
                alliance::check_member_region(full.level, &full.region_code, &m.county_code),
                Ok(()),
                "{} in {}",
                m.school,
                a.name
            );
            let others = alliances::current_of_level(&db.conn, m.school_id, full.level, a.id).expect("others");
            assert!((others.len() as i64) < limit, "{} is in {} and {others:?}", m.school, a.name);
        }
    }
}

#[test]
fn every_kind_of_alliance_in_the_demo_with_totals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("a.db"), "admin");
    let all = alliances::for_region(&db, "230000", true).expect("province");
    for kind in taizhang::domain::codes::AllianceKind::ALL {
        assert!(all.iter().any(|a| a.kind == Some(*kind)), "no {kind:?} alliance in the demo");
    }
    let group = alliance_named(&db, "第一中学教育集团");
    let totals = alliances::totals(&db.conn, group.id).expect("totals");
    let logged: i64 = db
        .conn
        .query_row("SELECT count(*) FROM alliance_activities WHERE alliance_id = ?1", [group.id], |r| r.get(0))
        .expect("count");
    assert_eq!(totals.iter().map(|t| t.count).sum::<i64>(), logged);
    assert!(totals.iter().any(|t| t.kind == Some(ActivityKind::Rotation) && t.rotated > 0));
    let rows = alliances::for_school(&db, group.lead_school_id.expect("lead")).expect("for school");
    assert!(rows.iter().any(|r| r.id == group.id));
    let row = rows.iter().find(|r| r.id == group.id).expect("row");
    assert_eq!(row.members, 3);
    assert!(row.rural_percent().is_some());
}

#[test]
fn activities_are_logged_with_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("a.db"), "admin");
    let group = alliance_named(&db, "第二中学教育集团");
    let act = NewActivity {
        held_on: "2001-01-01".into(),
        kind: ActivityKind::Rotation,
        participants: Some(4),
        rotated_teachers: Some(4),
        rotated_backbone: Some(1),
        note: "轮岗".into(),
    };
    assert_eq!(invalid_field(alliances::add_activity(&mut db, group.id, &act)), "held_on", "before founding");
    let act = NewActivity { held_on: "2026-11-02".into(), ..act };
    let id = alliances::add_activity(&mut db, group.id, &act).expect("logged");
    // One audit row per stored field of the activity (docs/domain.md §10: every change has its row).
    assert_eq!(audit_rows(&db, "alliance_activities", &id.to_string()).len(), 7);
    let latest = alliances::activities(&db.conn, group.id, 1).expect("log");
    assert_eq!(latest[0].id, id);
}

fn count(db: &Db, sql: &str) -> i64 {
    db.conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

fn new_alliance(name: &str, level: AllianceLevel, lead: i64, founded: Option<&str>) -> NewAlliance {
    NewAlliance {
        facts: AllianceFacts {
            name: name.into(),
            kind: AllianceKind::League,
            founded_on: founded.map(str::to_string),
            mode: "一体两翼三共享六统一".into(),
        },
        level,
        lead_school_id: lead,
    }
}

/// A school of 牡丹江市 (231000) in no city-level alliance.
fn free_city_school(db: &Db) -> i64 {
    db.conn
        .query_row(
            "SELECT s.id FROM schools s WHERE s.county_code LIKE '2310%' AND s.closed_on IS NULL AND NOT EXISTS (
                 SELECT 1 FROM alliance_members m JOIN alliances a ON a.id = m.alliance_id
                 WHERE m.school_id = s.id AND a.level = 'city' AND m.left_on IS NULL) ORDER BY s.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a free school in 牡丹江")
}

#[test]
fn form_values_of_a_new_alliance_are_checked_field_by_field() {
    let form = |changes: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> =
            [("name", "逊克县城乡学校共同体"), ("kind", "community"), ("level", "county"), ("lead_school_id", "7")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        v.push(("founded_on".into(), "2025/9/1".into()));
        for (k, val) in changes {
            v.retain(|(key, _)| key != k);
            v.push((k.to_string(), val.to_string()));
        }
        move |k: &str| v.iter().find(|(key, _)| key == k).map(|(_, val)| val.clone()).unwrap_or_default()
    };
    let ok = alliance::validate_new(&form(&[]), today()).expect("valid");
    assert_eq!(ok.facts.founded_on.as_deref(), Some("2025-09-01"), "dates are normalised");
    assert_eq!((ok.level, ok.lead_school_id, ok.facts.kind), (AllianceLevel::County, 7, AllianceKind::Community));
    let refused = |changes: &[(&str, &str)]| alliance::validate_new(&form(changes), today()).expect_err("refused");
    assert_eq!(refused(&[("name", "  ")]), vec![("name", AllianceError::Required("name"))]);
    let long = "联".repeat(41);
    assert_eq!(refused(&[("name", &long)]), vec![("name", AllianceError::TooLong("name", 40))]);
    assert_eq!(refused(&[("lead_school_id", "")]), vec![("lead_school_id", AllianceError::Required("lead_school_id"))]);
    assert_eq!(
        refused(&[("founded_on", "2026-11-24")]),
        vec![("founded_on", AllianceError::Date("founded_on", DateError::Future))]
    );
    assert_eq!(
        refused(&[("founded_on", "2026-13-01")]),
        vec![("founded_on", AllianceError::Date("founded_on", DateError::Format))]
    );
    let msg = taizhang::i18n::schools::alliance_error(&AllianceError::Required("lead_school_id"), |c| c.into());
    assert!(msg.contains("牵头校") || msg.contains("Lead school"), "{msg}");
}

#[test]
fn creating_an_alliance_with_its_lead_member_and_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.db");
    let mut db = open(&path, "admin");
    let before = (count(&db, "SELECT count(*) FROM alliances"), count(&db, "SELECT count(*) FROM audit_log"));
    let changed_nothing = |db: &Db, what: &str| {
        let now = (count(db, "SELECT count(*) FROM alliances"), count(db, "SELECT count(*) FROM audit_log"));
        assert_eq!(now, before, "{what} changed something");
    };
    let xiguan = school_id(&db, "230126", "西关小学");
    let xunke = school_id(&db, "231123", "宝山乡中心小学");
    let lead = free_city_school(&db);

    // Each refusal names its field and changes nothing.
    let r = alliances::insert(&mut db, "231000", &new_alliance("", AllianceLevel::City, lead, None));
    assert_eq!(invalid_field(r), "name");
    let r = alliances::insert(&mut db, "231000", &new_alliance(&"联".repeat(41), AllianceLevel::City, lead, None));
    assert_eq!(invalid_field(r), "name");
    let r = alliances::insert(&mut db, "231000", &new_alliance("甲联盟", AllianceLevel::City, -1, None));
    assert_eq!(invalid_field(r), "lead_school_id", "no lead school");
    let r = alliances::insert(&mut db, "230126", &new_alliance("甲联盟", AllianceLevel::County, xunke, None));
    assert_eq!(invalid_field(r), "region", "a lead school of 逊克县 for a 巴彦县 alliance");
    let r = alliances::insert(&mut db, "230126", &new_alliance("甲联盟", AllianceLevel::City, xiguan, None));
    assert_eq!(invalid_field(r), "region", "a county's list makes county-level alliances only");
    let r = alliances::insert(&mut db, "230126", &new_alliance("甲联盟", AllianceLevel::County, xiguan, None));
    assert_eq!(invalid_field(r), "level_limit", "西关小学 already sits in a county-level alliance");
    let r =
        alliances::insert(&mut db, "231000", &new_alliance("甲联盟", AllianceLevel::City, lead, Some("2026-11-24")));
    assert_eq!(invalid_field(r), "founded_on", "founded tomorrow");
    let r = alliances::insert(&mut db, "231000", &new_alliance("甲联盟", AllianceLevel::City, lead, Some("2026-9-1")));
    assert_eq!(invalid_field(r), "founded_on", "not an ISO date");
    changed_nothing(&db, "a refused alliance");

    // Only administrators create alliances.
    let lead_county: String =
        db.conn.query_row("SELECT county_code FROM schools WHERE id = ?1", [lead], |r| r.get(0)).expect("county");
    let scope = Scope::School { id: lead, county_code: lead_county.clone() };
    users::upsert(&mut db, "zhang", Role::Filler, &scope).expect("filler");
    let before = (count(&db, "SELECT count(*) FROM alliances"), count(&db, "SELECT count(*) FROM audit_log"));
    let mut filler = open(&path, "zhang");
    let r = alliances::insert(&mut filler, "231000", &new_alliance("甲联盟", AllianceLevel::City, lead, None));
    assert!(matches!(r, Err(WriteError::Refused(Refusal::AdminOnly))), "{r:?}");
    let now = (count(&db, "SELECT count(*) FROM alliances"), count(&db, "SELECT count(*) FROM audit_log"));
    assert_eq!(now, before, "the filler's refusal changed something");

    // A city-level alliance of the prefecture, with its lead as the first member.
    let new = new_alliance("牡丹江市城乡学校联盟", AllianceLevel::City, lead, Some("2026-09-01"));
    let id = alliances::insert(&mut db, "231000", &new).expect("created");
    let a = alliances::get(&db.conn, id).expect("get").expect("exists");
    assert_eq!((a.level, a.region_code.as_str(), a.lead_school_id), (AllianceLevel::City, "231000", Some(lead)));
    assert_eq!((a.kind, a.mode.as_str()), (Some(AllianceKind::League), "一体两翼三共享六统一"));
    let members = alliances::members(&db.conn, id).expect("members");
    assert_eq!(members.len(), 1);
    assert_eq!((members[0].school_id, members[0].role), (lead, MemberRole::Lead));
    assert_eq!(members[0].joined_on.as_deref(), Some("2026-09-01"), "joined on the founded date");
    let audit = audit_rows(&db, "alliances", &id.to_string());
    assert_eq!(audit[0].0, "insert");
    for (field, value) in [("region_code", "231000".to_string()), ("lead_school_id", lead.to_string())] {
        assert!(audit.iter().any(|(_, f, _, new)| f.as_deref() == Some(field) && new.as_deref() == Some(&value)));
    }
    let member_audit = audit_rows(&db, "alliance_members", &members[0].id.to_string());
    assert!(member_audit.iter().any(|(_, f, _, new)| f.as_deref() == Some("role") && new.as_deref() == Some("lead")));
    assert!(alliances::for_region(&db, "231000", false).expect("list").iter().any(|r| r.id == id));
    // The lead now sits in one city-level alliance: a second one with it is refused.
    let r = alliances::insert(&mut db, "231000", &new_alliance("乙联盟", AllianceLevel::City, lead, None));
    assert_eq!(invalid_field(r), "level_limit");
    // From a prefecture's list a county-level alliance belongs to its lead's county.
    db.conn.execute("UPDATE settings SET value = '2' WHERE key = 'alliances_per_level'", []).expect("setting");
    let id = alliances::insert(&mut db, "231000", &new_alliance("县级联盟", AllianceLevel::County, lead, None))
        .expect("county level");
    let a = alliances::get(&db.conn, id).expect("get").expect("exists");
    assert_eq!(a.region_code, lead_county);
    let members = alliances::members(&db.conn, id).expect("members");
    assert_eq!(members[0].joined_on, None, "no founded date, no joined date");
}

#[test]
fn editing_alliance_facts_checks_the_version_and_audits_each_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.db");
    let mut db = open(&path, "admin");
    let mut other = open(&path, "admin");
    let group = alliance_named(&db, "第一中学教育集团");
    let facts = AllianceFacts {
        name: group.name.clone(),
        kind: group.kind.expect("kind"),
        founded_on: group.founded_on.clone(),
        mode: group.mode.clone(),
    };
    let renamed = AllianceFacts {
        name: "巴彦县第一中学教育集团".into(), mode: "一体两翼".into(), ..facts.clone()
    };
    let audit_before = audit_rows(&db, "alliances", &group.id.to_string()).len();
    let v = alliances::update_facts(&mut db, group.id, group.version, &renamed).expect("saved");
    assert_eq!(v, group.version + 1);
    let audit = audit_rows(&db, "alliances", &group.id.to_string());
    assert_eq!(audit.len(), audit_before + 2, "one row per changed field: {audit:?}");
    assert!(audit.contains(&(
        "update".into(),
        Some("name".into()),
        Some("第一中学教育集团".into()),
        Some("巴彦县第一中学教育集团".into())
    )));
    assert!(audit.iter().any(|(_, f, _, new)| f.as_deref() == Some("mode") && new.as_deref() == Some("一体两翼")));

    // The other session still holds the old version: Conflict, and nothing changes.
    let stale = AllianceFacts { name: "别的名字".into(), ..facts.clone() };
    let r = alliances::update_facts(&mut other, group.id, group.version, &stale);
    assert!(matches!(r, Err(WriteError::Conflict)), "{r:?}");
    let now = alliances::get(&db.conn, group.id).expect("get").expect("exists");
    assert_eq!((now.name.as_str(), now.mode.as_str(), now.version), ("巴彦县第一中学教育集团", "一体两翼", v));
    assert_eq!(audit_rows(&db, "alliances", &group.id.to_string()).len(), audit_before + 2);

    // A founded date after members joined, in the future, or an empty name is refused.
    let later = AllianceFacts { founded_on: Some("2022-01-01".into()), ..renamed.clone() };
    assert_eq!(invalid_field(alliances::update_facts(&mut db, group.id, v, &later)), "joined_on");
    let future = AllianceFacts { founded_on: Some("2026-12-01".into()), ..renamed.clone() };
    assert_eq!(invalid_field(alliances::update_facts(&mut db, group.id, v, &future)), "founded_on");
    let nameless = AllianceFacts { name: String::new(), ..renamed.clone() };
    assert_eq!(invalid_field(alliances::update_facts(&mut db, group.id, v, &nameless)), "name");
    assert_eq!(alliances::get(&db.conn, group.id).expect("get").expect("exists").version, v, "refusals change nothing");
    // Saving unchanged facts writes no audit row.
    alliances::update_facts(&mut db, group.id, v, &renamed).expect("unchanged save");
    assert_eq!(audit_rows(&db, "alliances", &group.id.to_string()).len(), audit_before + 2);
}

/// County facts go through their table's named columns: unknown figures are stored as
/// NULL (never 0), an empty note as '' (the column is NOT NULL), and read back the same.
#[test]
fn county_facts_round_trip_by_column_name() {
    use taizhang::db::counties;
    use taizhang::domain::county;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("c.db"), "admin");
    let base = counties::get(&db.conn, "231123").expect("facts");
    let typed = |k: &str| match k {
        "population" => "82000".to_string(),
        "area_km2" => "17344.5".to_string(),
        "quality_status" => "creating".to_string(),
        _ => String::new(),
    };
    let new = county::validate(&base, typed, 2026).expect("valid");
    let v = counties::save(&mut db, &new).expect("save");
    let back = counties::get(&db.conn, "231123").expect("facts");
    assert_eq!(back.fields(), new.fields());
    assert_eq!(back.version, v);
    let stored: (Option<i64>, Option<i64>, String) = db
        .conn
        .query_row("SELECT population, basic_balance_year, note FROM county_facts WHERE code = '231123'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("row");
    assert_eq!(stored, (Some(82000), None, String::new()));
}
