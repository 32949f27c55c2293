//! The ledger's database layer: registering, editing, workflow steps, duplicates, reveal,
//! undo, concurrent saves, scope, search and keyset paging.

use std::time::Duration;
use taizhang::db::cases::{self, CaseFilter, SortKey, StepInput};
use taizhang::db::{self, users, Db, OpenOptions, WriteError};
use taizhang::domain::access::{Refusal, Role, Scope};
use taizhang::domain::case::{self as case_rules, CaseRecord};
use taizhang::domain::case_status::{CaseAction, CaseStatus};
use taizhang::domain::id_number;

const TODAY: &str = "2026-11-23";

fn open(path: &std::path::Path, login: &str) -> Db {
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(300),
        busy_timeout: Duration::from_millis(300),
        login: login.into(),
    })
    .expect("open")
}

fn school_in(db: &Db, county: &str) -> i64 {
    db.conn
        .query_row(
            "SELECT id FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY id LIMIT 1",
            [county],
            |r| r.get(0),
        )
        .expect("a school")
}

fn id_for(seq: &str) -> String {
    let first17 = format!("23112320150301{seq}");
    format!("{first17}{}", id_number::check_char(first17.as_bytes()))
}

fn record(db: &Db, name: &str, id: &str) -> CaseRecord {
    let school = school_in(db, "231123");
    let values = |k: &str| -> String {
        match k {
            "name" => name.into(),
            "id_number" => id.into(),
            "school_id" => school.to_string(),
            "grade" => "5".into(),
            "absent_since" => "2026-10-08".into(),
            "registered_on" => "2026-10-20".into(),
            "reason" => "work".into(),
            "gov_person" => "李某".into(),
            "edu_person" => "王某".into(),
            _ => String::new(),
        }
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    case_rules::validate(values, CaseStatus::Dropout, today, |_| true).expect("valid record")
}

fn audit_count(db: &Db, case_id: i64) -> i64 {
    db.conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'cases' AND row_key = ?1",
            [case_id.to_string()],
            |r| r.get(0),
        )
        .expect("count")
}

#[test]
fn register_edit_step_with_audit_and_no_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("l.db"), "admin");
    let rec = record(&db, "测某试", &id_for("991"));
    let id = cases::insert(&mut db, CaseStatus::Dropout, &rec).expect("insert").expect("not a duplicate");
    assert!(audit_count(&db, id) > 5, "insert writes an audit row per filled field");
    let dup = {
        let rec = record(&db, "别名", &id_for("991"));
        cases::insert(&mut db, CaseStatus::Suspected, &rec)
    }
    .expect("runs");
    let dup = dup.expect_err("duplicate");
    assert!(matches!(dup, cases::Duplicate::Visible { case_id, .. } if case_id == id), "{dup:?}");

    let case = cases::get(&db, id).expect("get").expect("exists");
    assert_eq!(case.status, CaseStatus::Dropout);
    let mut edited = case.record.clone();
    edited.guardian_phone = "13800000000".into();
    let before = audit_count(&db, id);
    let v2 = cases::update(&mut db, id, case.version, &edited).expect("update").expect("ok");
    assert_eq!(v2, case.version + 1);
    let (field, old, new): (String, String, String) = db
        .conn
        .query_row(
            "SELECT field, old_value, new_value FROM audit_log WHERE row_key = ?1 ORDER BY id DESC LIMIT 1",
            [id.to_string()],
            // An empty old value is stored as NULL, like every empty audit value.
            |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default(), r.get(2)?)),
        )
        .expect("audit");
    assert_eq!((field.as_str(), old.as_str(), new.as_str()), ("guardian_phone", "", "13800000000"));
    assert_eq!(audit_count(&db, id), before + 1);

    let visit = StepInput {
        date: TODAY.into(),
        line: Some("edu".into()),
        who: "王老师".into(),
        method: Some("home".into()),
        text: "家长同意返校".into(),
        school_id: None,
        ..StepInput::default()
    };
    let v3 = cases::step(&mut db, id, v2, CaseAction::AddVisit, &visit).expect("visit");
    let after = cases::get(&db, id).expect("get").expect("exists");
    assert_eq!(after.status, CaseStatus::Persuading);
    assert_eq!(after.last_visit_on.as_deref(), Some(TODAY));
    assert_eq!(cases::events(&db, id).expect("events").len(), 1);
    // Closing straight from 劝返中 is not a legal step: refused, nothing changes.
    let close =
        StepInput { date: TODAY.into(), who: "张某".into(), text: "已复学".into(), ..StepInput::default() };
    assert!(matches!(cases::step(&mut db, id, v3, CaseAction::Close, &close), Err(WriteError::Invalid { .. })));
    assert_eq!(cases::get(&db, id).expect("get").expect("exists").version, v3);
}

#[test]
fn undo_puts_back_the_last_change_as_a_new_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("u.db"), "admin");
    let id = {
        let rec = record(&db, "测某撤", &id_for("993"));
        cases::insert(&mut db, CaseStatus::Dropout, &rec)
    }
    .expect("insert")
    .expect("new");
    let case = cases::get(&db, id).expect("get").expect("exists");
    let ret = StepInput { date: TODAY.into(), school_id: case.record.school_id, ..StepInput::default() };
    cases::step(&mut db, id, case.version, CaseAction::Return, &ret).expect("return");
    assert_eq!(cases::get(&db, id).expect("get").expect("e").status, CaseStatus::Returned);
    assert!(cases::undo(&mut db).expect("undo").is_some());
    let undone = cases::get(&db, id).expect("get").expect("e");
    assert_eq!(undone.status, CaseStatus::Dropout);
    assert_eq!(undone.version, case.version + 2, "the undo is itself a change");
    let undo_rows: i64 =
        db.conn.query_row("SELECT count(*) FROM audit_log WHERE note = 'undo'", [], |r| r.get(0)).expect("count");
    assert!(undo_rows >= 1);
    assert!(cases::undo(&mut db).expect("nothing left").is_none());
}

#[test]
fn stale_save_is_refused_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("c.db");
    let mut a = open(&path, "admin");
    let id = {
        let rec = record(&a, "测某并", &id_for("995"));
        cases::insert(&mut a, CaseStatus::Dropout, &rec)
    }
    .expect("insert")
    .expect("new");
    let mut b = open(&path, "admin");
    let seen_by_a = cases::get(&a, id).expect("get").expect("e");
    let seen_by_b = cases::get(&b, id).expect("get").expect("e");
    let mut mine = seen_by_a.record.clone();
    mine.address = "甲的地址".into();
    let mut theirs = seen_by_b.record.clone();
    theirs.address = "乙的地址".into();
    cases::update(&mut b, id, seen_by_b.version, &theirs).expect("b saves first").expect("ok");
    assert!(matches!(cases::update(&mut a, id, seen_by_a.version, &mine), Err(WriteError::Conflict)));
    assert_eq!(cases::get(&a, id).expect("get").expect("e").record.address, "乙的地址");
    // Re-applying on top of the new version works.
    let now = cases::get(&a, id).expect("get").expect("e");
    cases::update(&mut a, id, now.version, &mine).expect("re-apply").expect("ok");
    assert_eq!(cases::get(&b, id).expect("get").expect("e").record.address, "甲的地址");
}

#[test]
fn fillers_write_only_their_school_and_readers_never() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut admin = open(&path, "admin");
    let school = school_in(&admin, "231123");
    let other: i64 = admin
        .conn
        .query_row("SELECT id FROM schools WHERE county_code = '231123' AND id <> ?1 LIMIT 1", [school], |r| r.get(0))
        .expect("another school");
    users::upsert(&mut admin, "filler", Role::Filler, &Scope::School { id: school, county_code: "231123".into() })
        .expect("add");
    users::upsert(&mut admin, "reader", Role::ReadOnly, &Scope::Region("230000".into())).expect("add");
    let mut filler = open(&path, "filler");
    let mut own = record(&filler, "测某校", &id_for("997"));
    own.school_id = Some(school);
    cases::insert(&mut filler, CaseStatus::Dropout, &own).expect("own school").expect("new");
    let mut elsewhere = record(&filler, "测某外", &id_for("999"));
    elsewhere.school_id = Some(other);
    // Refused by the two schools' names, not only the county's.
    match cases::insert(&mut filler, CaseStatus::Dropout, &elsewhere) {
        Err(WriteError::Refused(r @ Refusal::OutsideSchool { .. })) => {
            let sentence = taizhang::i18n::errors::session_refusal(&filler, &r);
            let name = |id: i64| taizhang::db::schools::name(&filler.conn, id).expect("name").expect("school");
            assert!(sentence.contains(&name(school)) && sentence.contains(&name(other)), "{sentence}");
        }
        other => panic!("another school: {other:?}"),
    }
    let mut reader = open(&path, "reader");
    assert!(matches!(
        cases::insert(&mut reader, CaseStatus::Dropout, &elsewhere),
        Err(WriteError::Refused(Refusal::ReadOnlyRole))
    ));
}

#[test]
fn reveal_is_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("r.db"), "admin");
    let id: i64 = db
        .conn
        .query_row("SELECT id FROM cases WHERE id_number IS NOT NULL LIMIT 1", [], |r| r.get(0))
        .expect("a case");
    cases::reveal(&mut db, id).expect("reveal");
    let n: i64 = db
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'reveal' AND row_key = ?1 AND login = 'admin'",
            [id.to_string()],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 1);
}

/// Walks the whole filtered list with keyset pages, forward and backward, and compares
/// with one ORDER BY over everything.
#[test]
fn keyset_pages_match_a_full_sort() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("p.db"), "admin");
    for (sort, col) in [
        (SortKey::Registered, "registered_on"),
        // Pinyin order: the stored key (domain::pinyin::sort_key).
        (SortKey::Name, "name_key"),
        (SortKey::LastVisit, "coalesce(last_visit_on, '')"),
    ] {
        for desc in [true, false] {
            let filter = CaseFilter { region: Some("230000".into()), ..CaseFilter::default() };
            let dir_sql = if desc { "DESC" } else { "ASC" };
            let mut stmt = db
                .conn
                .prepare(&format!("SELECT id FROM cases ORDER BY {col} {dir_sql}, id {dir_sql}"))
                .expect("prepare");
            let expected: Vec<i64> =
                stmt.query_map([], |r| r.get(0)).expect("q").collect::<Result<_, _>>().expect("rows");
            let mut got = Vec::new();
            let mut last = None;
            loop {
                let page = cases::page(&db, &filter, sort, desc, last.as_ref(), false, 37, TODAY).expect("page");
                if page.is_empty() {
                    break;
                }
                last = page.last().map(|r| r.key());
                got.extend(page.iter().map(|r| r.id));
            }
            assert_eq!(got, expected, "{sort:?} desc={desc}");
            // Backward from the end gives the tail in display order.
            let tail = cases::page(&db, &filter, sort, desc, None, true, 10, TODAY).expect("tail");
            assert_eq!(tail.iter().map(|r| r.id).collect::<Vec<_>>(), expected[expected.len() - 10..].to_vec());
        }
    }
}

#[test]
fn search_by_name_initials_and_id_tail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = open(&dir.path().join("q.db"), "admin");
    let id = {
        let rec = record(&db, "单长征", &id_for("981"));
        cases::insert(&mut db, CaseStatus::Dropout, &rec)
    }
    .expect("insert")
    .expect("new");
    let idn = id_for("981");
    let find = |text: &str| -> Vec<i64> {
        let f = CaseFilter { text: Some(text.into()), ..CaseFilter::default() };
        cases::page(&db, &f, SortKey::Registered, true, None, false, 500, TODAY)
            .expect("page")
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert!(find("单长").contains(&id), "name prefix");
    assert!(find("sz").contains(&id), "单 read shàn, 长 read zhǎng");
    assert!(find("dcz").contains(&id), "单 read dān, 长 read cháng");
    assert!(find("scz").contains(&id));
    assert!(find(&idn[14..]).contains(&id), "last four of the ID");
    assert!(find(&idn[12..]).contains(&id), "last six");
    assert!(!find("zzzz").contains(&id));
}

#[test]
fn filters_and_counts_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("f.db"), "admin");
    let all =
        |f: &CaseFilter| cases::page(&db, f, SortKey::Registered, true, None, false, 10_000, TODAY).expect("page");
    let filters = [
        CaseFilter { region: Some("231123".into()), open: Some(true), ..CaseFilter::default() },
        CaseFilter { region: Some("230900".into()), status: Some(CaseStatus::Persuading), ..CaseFilter::default() },
        CaseFilter { grade: Some(7), ..CaseFilter::default() },
        CaseFilter { overdue_days: Some(30), ..CaseFilter::default() },
        CaseFilter { family: Some(taizhang::domain::codes::FamilyType::LeftBehind), ..CaseFilter::default() },
    ];
    for f in filters {
        let rows = all(&f);
        let n = cases::count(&db, &f, TODAY, Duration::from_secs(5)).expect("count").expect("in budget");
        assert_eq!(rows.len() as i64, n, "{f:?}");
        for r in &rows {
            if let Some(s) = f.status {
                assert_eq!(r.status, Some(s));
            }
            if f.open == Some(true) {
                assert!(r.status.is_some_and(|s| s.is_open()));
            }
        }
    }
}

/// The ids a search should give, by brute force over the table: open cases of the province
/// matching `term` (name prefix, ID tail or pinyin initials), newest registration first.
fn matching_open_cases(db: &Db, term: &str) -> Vec<i64> {
    let open: Vec<String> = CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code())).collect();
    let test = if term.bytes().all(|b| b.is_ascii_digit()) {
        "substr(id_number, -length(?1)) = ?1"
    } else if term.bytes().all(|b| b.is_ascii_alphabetic()) {
        "EXISTS (SELECT 1 FROM case_initials i WHERE i.case_id = cases.id AND substr(i.initials, 1, length(?1)) = ?1)"
    } else {
        "substr(name, 1, length(?1)) = ?1"
    };
    let sql = format!(
        "SELECT id FROM cases WHERE status IN ({}) AND {test} ORDER BY registered_on DESC, id DESC",
        open.join(",")
    );
    let mut stmt = db.conn.prepare(&sql).expect("prepare");
    stmt.query_map([term], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
}

#[test]
fn searches_answered_in_their_index_page_and_count_as_the_table_says() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("s.db"), "admin");
    let tail: String = db
        .conn
        .query_row(
            "SELECT substr(id_number, -4) FROM cases WHERE id_number IS NOT NULL AND status = 'dropout' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("an ID");
    for term in ["z", "zm", "w", "王", "张某", "1", "12", tail.as_str()] {
        let expected = matching_open_cases(&db, term);
        assert!(!expected.is_empty(), "{term} finds something in the demo data");
        let f = CaseFilter {
            region: Some("230000".into()),
            open: Some(true),
            text: Some(term.into()),
            ..CaseFilter::default()
        };
        let mut got = Vec::new();
        let mut last = None;
        loop {
            let page = cases::page(&db, &f, SortKey::Registered, true, last.as_ref(), false, 7, TODAY).expect("page");
            if page.is_empty() {
                break;
            }
            last = page.last().map(|r| r.key());
            got.extend(page.iter().map(|r| r.id));
        }
        assert_eq!(got, expected, "pages of {term}");
        let tail = cases::page(&db, &f, SortKey::Registered, true, None, true, 3, TODAY).expect("tail");
        let want_tail = expected[expected.len().saturating_sub(3)..].to_vec();
        assert_eq!(tail.iter().map(|r| r.id).collect::<Vec<_>>(), want_tail, "last page of {term}");
        let n = cases::count(&db, &f, TODAY, Duration::from_secs(5)).expect("count");
        assert_eq!(n, Some(expected.len() as i64), "count of {term}");
    }
}

#[test]
fn a_closed_case_leaves_the_open_search_of_its_initials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = open(&dir.path().join("t.db"), "admin");
    let f = CaseFilter { open: Some(true), text: Some("zm".into()), ..CaseFilter::default() };
    let first = cases::page(&db, &f, SortKey::Registered, true, None, false, 1, TODAY).expect("page");
    let id = first.first().map(|r| r.id).expect("an open zm case");
    db.conn.execute("UPDATE cases SET status = 'closed' WHERE id = ?1", [id]).expect("close");
    let after = cases::page(&db, &f, SortKey::Registered, true, None, false, 1000, TODAY).expect("page");
    assert!(!after.iter().any(|r| r.id == id), "closed cases are not open matches");
    let closed = CaseFilter { open: Some(false), ..f };
    let found = cases::page(&db, &closed, SortKey::Registered, true, None, false, 1000, TODAY).expect("page");
    assert!(found.iter().any(|r| r.id == id), "and are closed ones");
}
