//! Read scope and write permission, decided in the database layer: every role (county
//! administrator A, county administrator B, a school's 填报员, a read-only login, an
//! unregistered login) against every read path (ledger, search, duplicate lookup, case view,
//! export, monthly report, indicators, schools, alliances), on a small demo database. What
//! each login should see is written here from the rules themselves (a county's
//! administrators see the county, a 填报员 their school, unregistered logins counts, schools
//! and alliances but no case), and compared with what the database hands out.

use std::collections::BTreeSet;
use std::time::Duration;
use taizhang::db::cases::{self, CaseFilter, Duplicate, SortKey};
use taizhang::db::scope::{Place, ReportError, UnknownLogins};
use taizhang::db::{
    self, alliances, export_rows, indicators, monthly, schools, settings, users, Db, OpenOptions, WriteError,
};
use taizhang::domain::access::{Refusal, Role, Scope, Target};
use taizhang::domain::case::{self as case_rules, CaseRecord};
use taizhang::domain::case_status::CaseStatus;
use taizhang::domain::monthly::Month;

const TODAY: &str = "2026-11-23";
const COUNTY_A: &str = "231123";

fn open(path: &std::path::Path, login: &str) -> Db {
    std::env::set_var("TAIZHANG_TODAY", TODAY);
    let wait = Duration::from_millis(300);
    let opts =
        OpenOptions { path: path.into(), create: db::Create::Demo(300), busy_timeout: wait, login: login.into() };
    db::open(&opts).expect("open")
}

/// Who a login is, and what the rules say they may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    AdminA,
    AdminB,
    Filler,
    Reader,
    Stranger,
}

const EVERYONE: [Who; 5] = [Who::AdminA, Who::AdminB, Who::Filler, Who::Reader, Who::Stranger];

impl Who {
    fn login(self) -> &'static str {
        match self {
            Who::AdminA => "admin_a",
            Who::AdminB => "admin_b",
            Who::Filler => "filler",
            Who::Reader => "reader",
            Who::Stranger => "stranger",
        }
    }
}

/// The fixture: two counties with cases, a school in A with cases, and the logins.
struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    county_b: String,
    school: i64,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("access.db");
        let mut root = open(&path, "root");
        let county_b: String = root
            .conn
            .query_row(
                "SELECT county_code FROM cases WHERE county_code <> ?1 GROUP BY county_code ORDER BY count(*) DESC LIMIT 1",
                [COUNTY_A],
                |r| r.get(0),
            )
            .expect("a second county with cases");
        let school: i64 = root
            .conn
            .query_row(
                "SELECT school_id FROM cases WHERE county_code = ?1 AND school_id IS NOT NULL
                 GROUP BY school_id ORDER BY count(*) DESC LIMIT 1",
                [COUNTY_A],
                |r| r.get(0),
            )
            .expect("a school with cases");
        let a = Scope::Region(COUNTY_A.into());
        users::upsert(&mut root, "admin_a", Role::Admin, &a).expect("admin a");
        users::upsert(&mut root, "admin_b", Role::Admin, &Scope::Region(county_b.clone())).expect("admin b");
        let own = Scope::School { id: school, county_code: COUNTY_A.into() };
        users::upsert(&mut root, "filler", Role::Filler, &own).expect("filler");
        users::upsert(&mut root, "reader", Role::ReadOnly, &a).expect("reader");
        Fixture { _dir: dir, path, county_b, school }
    }

    fn db(&self, who: Who) -> Db {
        open(&self.path, who.login())
    }

    /// The rule, restated: may `who` read a case of `county` and `school`?
    fn sees(&self, who: Who, county: &str, school: Option<i64>) -> bool {
        who != Who::Stranger && self.sees_place(who, county, school)
    }

    /// May `who` read a school (or an alliance member) of `county`? Schools name no child:
    /// an unregistered login reads them all.
    fn sees_place(&self, who: Who, county: &str, school: Option<i64>) -> bool {
        match who {
            Who::AdminA | Who::Reader => county == COUNTY_A,
            Who::AdminB => county == self.county_b,
            Who::Filler => school == Some(self.school),
            Who::Stranger => true,
        }
    }

    /// What a report of county A is for `who`: the county, one school, or refused.
    fn report_a(&self, who: Who) -> Report {
        match who {
            Who::AdminA | Who::Reader | Who::Stranger => Report::County,
            Who::Filler => Report::School(self.school),
            Who::AdminB => Report::Refused,
        }
    }

    /// Every case id with its county and school, read past the scope.
    fn all_cases(&self) -> Vec<(i64, String, Option<i64>)> {
        let db = self.db(Who::Stranger);
        let mut stmt = db.conn.prepare("SELECT id, county_code, school_id FROM cases").expect("prepare");
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("query");
        rows.collect::<Result<_, _>>().expect("rows")
    }

    /// The ids of the cases `who` should see among those `keep` selects.
    fn expected(&self, who: Who, keep: impl Fn(&(i64, String, Option<i64>)) -> bool) -> BTreeSet<i64> {
        self.all_cases().into_iter().filter(|c| keep(c) && self.sees(who, &c.1, c.2)).map(|c| c.0).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    County,
    School(i64),
    Refused,
}

fn ledger_ids(db: &Db, filter: &CaseFilter) -> BTreeSet<i64> {
    let rows = cases::page(db, filter, SortKey::Registered, true, None, false, 100_000, TODAY).expect("page");
    rows.iter().map(|r| r.id).collect()
}

fn ledger_count(db: &Db, filter: &CaseFilter) -> i64 {
    cases::count(db, filter, TODAY, Duration::from_secs(30)).expect("count").expect("within budget")
}

fn province() -> CaseFilter {
    CaseFilter { region: Some("230000".into()), ..CaseFilter::default() }
}

#[test]
fn a_filler_s_ledger_holds_only_their_school_rows_and_count() {
    let f = Fixture::new();
    let db = f.db(Who::Filler);
    // The screen asks for the whole county, as it would when opened from the region tree.
    let filter = CaseFilter { region: Some(COUNTY_A.into()), ..CaseFilter::default() };
    let rows = cases::page(&db, &filter, SortKey::Registered, true, None, false, 100_000, TODAY).expect("page");
    assert!(!rows.is_empty(), "the school has cases");
    for row in &rows {
        let school: Option<i64> =
            db.conn.query_row("SELECT school_id FROM cases WHERE id = ?1", [row.id], |r| r.get(0)).expect("school");
        assert_eq!(school, Some(f.school), "case {} belongs to another school", row.id);
    }
    assert_eq!(ledger_count(&db, &filter), rows.len() as i64, "the count is the school's, not the county's");
    let county_total: i64 = db
        .conn
        .query_row("SELECT count(*) FROM cases WHERE county_code = ?1", [COUNTY_A], |r| r.get(0))
        .expect("county total");
    assert!(county_total > rows.len() as i64, "the county holds other schools' cases too");
}

#[test]
fn ledger_pages_and_counts_by_role() {
    let f = Fixture::new();
    for who in EVERYONE {
        let db = f.db(who);
        let want = f.expected(who, |_| true);
        assert_eq!(ledger_ids(&db, &province()), want, "{who:?}: province ledger");
        assert_eq!(ledger_count(&db, &province()), want.len() as i64, "{who:?}: province count");
        // A county of someone else's: empty, not refused, and its count agrees.
        let b = CaseFilter { region: Some(f.county_b.clone()), ..CaseFilter::default() };
        let want_b = f.expected(who, |c| c.1 == f.county_b);
        assert_eq!(ledger_ids(&db, &b), want_b, "{who:?}: county B ledger");
        assert_eq!(ledger_count(&db, &b), want_b.len() as i64, "{who:?}: county B count");
    }
}

#[test]
fn search_by_role() {
    let f = Fixture::new();
    let root = open(&f.path, "root");
    // A name from county B and an ID tail common to both counties.
    let name_b: String = root
        .conn
        .query_row("SELECT name FROM cases WHERE county_code = ?1 ORDER BY id LIMIT 1", [&f.county_b], |r| r.get(0))
        .expect("a name in B");
    for who in EVERYONE {
        let db = f.db(who);
        for text in [name_b.as_str(), "1"] {
            let filter = CaseFilter { text: Some(text.into()), ..province() };
            let found = ledger_ids(&db, &filter);
            let all = ledger_ids(&root, &filter);
            let want: BTreeSet<i64> = f.expected(who, |c| all.contains(&c.0));
            assert_eq!(found, want, "{who:?}: search {text:?}");
        }
    }
}

#[test]
fn get_case_by_role() {
    let f = Fixture::new();
    let pick = |sql: &str| -> i64 {
        f.db(Who::Stranger)
            .conn
            .query_row(sql, rusqlite::params![COUNTY_A, f.school, f.county_b], |r| r.get(0))
            .expect(sql)
    };
    // Cases with a timeline, so that an empty one means "not shown".
    let with_events = "id IN (SELECT case_id FROM case_events)";
    let own =
        pick(&format!("SELECT id FROM cases WHERE ?1 <> '' AND school_id = ?2 AND ?3 <> '' AND {with_events} LIMIT 1"));
    let neighbour = pick(&format!(
        "SELECT id FROM cases WHERE county_code = ?1 AND school_id <> ?2 AND ?3 <> '' AND {with_events} LIMIT 1"
    ));
    let far = pick(&format!(
        "SELECT id FROM cases WHERE ?1 <> '' AND ?2 <> 0 AND county_code = ?3 AND {with_events} LIMIT 1"
    ));
    for who in EVERYONE {
        let db = f.db(who);
        for (id, county, school) in
            [(own, COUNTY_A, Some(f.school)), (neighbour, COUNTY_A, None), (far, f.county_b.as_str(), None)]
        {
            let got = cases::get(&db, id).expect("get");
            let sees = f.sees(who, county, school);
            assert_eq!(got.is_some(), sees, "{who:?}: case {id}");
            let events = cases::events(&db, id).expect("events");
            let history = cases::history(&db, id, 30).expect("history");
            assert_eq!(!events.is_empty() || !history.is_empty(), sees, "{who:?}: timeline and history of {id}");
        }
    }
}

#[test]
fn export_rows_by_role() {
    let f = Fixture::new();
    for who in EVERYONE {
        let db = f.db(who);
        for county in [COUNTY_A, f.county_b.as_str()] {
            let mut got = BTreeSet::new();
            export_rows::cases::<rusqlite::Error>(&db, &Place::county(county), &[], |c| {
                got.insert(c.id);
                Ok(())
            })
            .expect("export");
            assert_eq!(got, f.expected(who, |c| c.1 == county), "{who:?}: export of {county}");
        }
        let mut schools_out = 0;
        export_rows::schools::<rusqlite::Error>(&db, &Place::county(COUNTY_A), |_| {
            schools_out += 1;
            Ok(())
        })
        .expect("school export");
        let listed = schools::list(&db, COUNTY_A).expect("list").len();
        assert_eq!(schools_out, listed, "{who:?}: the school export is the school list");
    }
}

#[test]
fn schools_and_alliances_lists_by_role() {
    let f = Fixture::new();
    let root = open(&f.path, "root");
    let every_school = schools::list(&root, "230000").expect("all schools");
    let every_alliance = alliances::for_region(&root, "230000", true).expect("all alliances");
    let member_schools = |alliance: i64| -> Vec<(String, i64)> {
        let mut stmt = root
            .conn
            .prepare("SELECT s.county_code, s.id FROM alliance_members m JOIN schools s ON s.id = m.school_id WHERE m.alliance_id = ?1")
            .expect("prepare");
        let rows = stmt.query_map([alliance], |r| Ok((r.get(0)?, r.get(1)?))).expect("members");
        rows.collect::<Result<_, _>>().expect("rows")
    };
    for who in EVERYONE {
        let db = f.db(who);
        let got: BTreeSet<i64> = schools::list(&db, "230000").expect("list").iter().map(|s| s.id).collect();
        let want: BTreeSet<i64> =
            every_school.iter().filter(|s| f.sees_place(who, &s.county_code, Some(s.id))).map(|s| s.id).collect();
        assert_eq!(got, want, "{who:?}: schools");
        for s in &every_school {
            let opened = schools::get_visible(&db, s.id).expect("get").is_some();
            assert_eq!(opened, want.contains(&s.id), "{who:?}: opening school {}", s.id);
        }
        assert!(!got.is_empty() || who == Who::AdminB, "{who:?} sees some schools");
        let got: BTreeSet<i64> =
            alliances::for_region(&db, "230000", true).expect("list").iter().map(|a| a.id).collect();
        let want: BTreeSet<i64> = every_alliance
            .iter()
            .filter(|a| {
                let own_region = who != Who::Filler && f.sees_place(who, &a.region_code, None);
                own_region || member_schools(a.id).iter().any(|(county, id)| f.sees_place(who, county, Some(*id)))
            })
            .map(|a| a.id)
            .collect();
        assert_eq!(got, want, "{who:?}: alliances");
        for a in &every_alliance {
            let opened = alliances::get_visible(&db, a.id).expect("get").is_some();
            assert_eq!(opened, want.contains(&a.id), "{who:?}: opening alliance {}", a.id);
        }
    }
}

fn record_like(id_number: &str, school: i64) -> CaseRecord {
    let school = school.to_string();
    let given = [
        ("name", "测某重"),
        ("id_number", id_number),
        ("school_id", school.as_str()),
        ("grade", "5"),
        ("absent_since", "2026-10-08"),
        ("registered_on", "2026-10-20"),
        ("reason", "work"),
        ("gov_person", "李某"),
        ("edu_person", "王某"),
    ];
    let values = |k: &str| given.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string()).unwrap_or_default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    case_rules::validate(values, CaseStatus::Dropout, today, |_| true).expect("valid record")
}

#[test]
fn the_duplicate_check_never_opens_a_case_out_of_scope() {
    let f = Fixture::new();
    let root = open(&f.path, "root");
    let open: Vec<String> = CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code())).collect();
    let open_case = |clause: &str| -> (i64, String) {
        root.conn
            .query_row(
                &format!(
                    "SELECT id, id_number FROM cases WHERE id_number IS NOT NULL AND status IN ({}) AND {clause}
                     ORDER BY id LIMIT 1",
                    open.join(",")
                ),
                rusqlite::params![COUNTY_A, f.school, f.county_b],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect(clause)
    };
    let (own_id, own_idn) = open_case("?1 <> '' AND school_id = ?2 AND ?3 <> ''");
    let (_, neighbour_idn) = open_case("county_code = ?1 AND school_id <> ?2 AND ?3 <> ''");
    let (_, far_idn) = open_case("?1 <> '' AND ?2 <> 0 AND county_code = ?3");
    let name_a = taizhang::db::regions::name_or_code(&root.conn, COUNTY_A);
    let name_b = taizhang::db::regions::name_or_code(&root.conn, &f.county_b);
    // Who can move the case: the county's administrator first, then the province's (root,
    // who made the database).
    let elsewhere = |code: &str, name: &str| {
        let county_admin = if code == COUNTY_A { "admin_a" } else { "admin_b" };
        Duplicate::Elsewhere {
            region_code: code.into(),
            region_name: name.into(),
            admins: vec![county_admin.to_string(), "root".to_string()],
        }
    };

    // A 填报员 registering a child of their own school is shown that case; a child with an
    // open case at a neighbouring school gets the county's name only.
    let mut filler = f.db(Who::Filler);
    let dup = |db: &mut Db, idn: &str| cases::insert(db, CaseStatus::Dropout, &record_like(idn, f.school));
    let got = dup(&mut filler, &own_idn).expect("runs").expect_err("duplicate");
    assert!(matches!(got, Duplicate::Visible { case_id, .. } if case_id == own_id), "{got:?}");
    assert_eq!(dup(&mut filler, &neighbour_idn).expect("runs"), Err(elsewhere(COUNTY_A, &name_a)));
    assert_eq!(dup(&mut filler, &far_idn).expect("runs"), Err(elsewhere(&f.county_b, &name_b)));

    // County A's administrator sees the whole county, not county B.
    let mut admin = f.db(Who::AdminA);
    let got = dup(&mut admin, &neighbour_idn).expect("runs").expect_err("duplicate");
    assert!(matches!(got, Duplicate::Visible { .. }), "{got:?}");
    assert_eq!(dup(&mut admin, &far_idn).expect("runs"), Err(elsewhere(&f.county_b, &name_b)));

    // County B's administrator may not register at a school of A at all: refused by name.
    let mut admin_b = f.db(Who::AdminB);
    match dup(&mut admin_b, &own_idn) {
        Err(WriteError::Refused(Refusal::OutOfScope { responsible_region, region_name })) => {
            assert_eq!((responsible_region.as_str(), region_name.as_deref()), (COUNTY_A, Some(name_a.as_str())));
        }
        other => panic!("admin B: {other:?}"),
    }
    // Readers and strangers never reach the check.
    let mut reader = f.db(Who::Reader);
    assert!(matches!(dup(&mut reader, &far_idn), Err(WriteError::Refused(Refusal::ReadOnlyRole))));
    let mut stranger = f.db(Who::Stranger);
    assert!(matches!(dup(&mut stranger, &far_idn), Err(WriteError::Refused(Refusal::UnknownUser))));
}

#[test]
fn one_permission_check_and_one_sentence() {
    let f = Fixture::new();
    let a = f.db(Who::AdminA);
    let school_b = target(&f.county_b, None);
    let refused = a.may_write(Some(&school_b), false).expect_err("outside A");
    let sentence = taizhang::i18n::errors::session_refusal(&a, &refused);
    let name_b = taizhang::db::regions::name_or_code(&a.conn, &f.county_b);
    assert!(sentence.contains(&name_b), "{sentence}");
    assert_eq!(a.may_write(None, false), Ok(()));
    assert_eq!(f.db(Who::Reader).may_write(None, false), Err(Refusal::ReadOnlyRole));
    assert_eq!(f.db(Who::Stranger).may_write(None, false), Err(Refusal::UnknownUser));
    assert_eq!(f.db(Who::Filler).may_write(Some(&target(COUNTY_A, Some(f.school))), true), Err(Refusal::AdminOnly));
    // Personal fields: strangers may never reveal them.
    assert!(!f.db(Who::Stranger).read_scope().may_reveal());
    assert!(f.db(Who::Reader).read_scope().may_reveal());
}

fn target(county: &str, school: Option<i64>) -> Target {
    Target { region_code: county.into(), school_id: school }
}

#[test]
fn monthly_report_by_role() {
    let f = Fixture::new();
    let month = Month::parse("2026-10").expect("month");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let full = monthly::load(&f.db(Who::AdminA), COUNTY_A, None, month, today).expect("county report");
    assert!(full.schools.len() > 1, "the county report has several schools");
    let own_code: String = f
        .db(Who::AdminA)
        .conn
        .query_row("SELECT coalesce(school_code, '') FROM schools WHERE id = ?1", [f.school], |r| r.get(0))
        .expect("code");
    for who in EVERYONE {
        let db = f.db(who);
        let got = monthly::load(&db, COUNTY_A, None, month, today);
        match (f.report_a(who), got) {
            (Report::County, Ok(r)) => assert_eq!(r.schools, full.schools, "{who:?}: the county's report"),
            (Report::School(_), Ok(r)) => {
                let codes: Vec<&str> = r.schools.iter().map(|s| s.1.as_str()).collect();
                assert_eq!(codes, [own_code.as_str()], "{who:?}: only their school's row");
                let theirs = full.schools.iter().find(|s| s.1 == own_code).expect("in the county report");
                assert_eq!(r.schools[0].2, theirs.2, "{who:?}: the school's counts are the county report's");
                assert_eq!(r.report.county, theirs.2, "{who:?}: the total is the school's");
                assert!(r.school.is_some(), "{who:?}: the title names the school");
            }
            (Report::Refused, Err(monthly::MonthlyError::Refused(_))) => {}
            (want, got) => panic!("{who:?}: want {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn indicators_and_charts_by_role() {
    let f = Fixture::new();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let admin = f.db(Who::AdminA);
    let all = indicators::load(&admin, COUNTY_A, None, chrono::Datelike::year(&today)).expect("county");
    let open_in_school = |school: Option<i64>| -> i64 {
        let open: Vec<String> =
            CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.code())).collect();
        admin
            .conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM cases WHERE county_code = ?1 AND (?2 IS NULL OR school_id = ?2)
                     AND status IN ({})",
                    open.join(",")
                ),
                rusqlite::params![COUNTY_A, school],
                |r| r.get(0),
            )
            .expect("open count")
    };
    for who in EVERYONE {
        let db = f.db(who);
        let inputs = indicators::load(&db, COUNTY_A, None, chrono::Datelike::year(&today));
        let charts = indicators::case_charts(&db, COUNTY_A, None, today);
        match (f.report_a(who), inputs, charts) {
            (Report::County, Ok(i), Ok(c)) => {
                assert_eq!(i.schools, all.schools, "{who:?}: every school's figures");
                assert_eq!(c.by_status.iter().map(|s| s.1).sum::<i64>(), open_in_school(None), "{who:?}: charts");
            }
            (Report::School(id), Ok(i), Ok(c)) => {
                let ids: Vec<i64> = i.schools.iter().map(|s| s.id).collect();
                assert_eq!(ids, [id], "{who:?}: only their school's figures");
                assert_eq!(c.by_status.iter().map(|s| s.1).sum::<i64>(), open_in_school(Some(id)), "{who:?}: charts");
                assert!(open_in_school(Some(id)) < open_in_school(None), "the county has other open cases");
            }
            (Report::Refused, Err(ReportError::Refused(_)), Err(ReportError::Refused(_))) => {}
            (want, i, c) => panic!("{who:?}: want {want:?}, got {:?} / {:?}", i.map(|_| ()), c.map(|_| ())),
        }
    }
}

#[test]
fn whole_exports_by_role_name_the_schools_when_refused() {
    use taizhang::io::export::{self, ExportError, ExportOptions, Format, What};
    let f = Fixture::new();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("out.csv");
    for who in EVERYONE {
        let mut db = f.db(who);
        for what in [What::Cases, What::Schools] {
            let opts = ExportOptions {
                what,
                region: COUNTY_A.into(),
                school: None,
                statuses: vec![],
                format: Format::Csv,
                unmasked: false,
            };
            let got = export::export(&mut db, &opts, &path);
            match (who, what, got) {
                (Who::AdminB, _, Err(ExportError::Refused(r))) => {
                    let sentence = taizhang::i18n::errors::session_refusal(&db, &r);
                    assert!(sentence.contains(&db.region_name(COUNTY_A)), "{sentence}");
                }
                (Who::Stranger, What::Cases, Err(ExportError::Refused(Refusal::UnknownUser))) => {}
                (Who::Filler, What::Cases, Ok(n)) => {
                    assert_eq!(n, f.expected(who, |c| c.1 == COUNTY_A).len(), "the filler's school, by default");
                }
                (Who::AdminA | Who::Reader, What::Cases, Ok(n)) => {
                    assert_eq!(n, f.expected(who, |c| c.1 == COUNTY_A).len(), "{who:?}: the county");
                }
                (_, What::Schools, Ok(n)) => {
                    assert_eq!(n, schools::list(&db, COUNTY_A).expect("list").len(), "{who:?}: schools");
                }
                (who, what, got) => panic!("{who:?} {what:?}: {:?}", got.map_err(|e| format!("{e:?}"))),
            }
        }
    }
    // A filler naming another school of the county is refused by both schools' names.
    let mut filler = f.db(Who::Filler);
    let other: i64 = filler
        .conn
        .query_row(
            "SELECT id FROM schools WHERE county_code = ?1 AND id <> ?2 LIMIT 1",
            rusqlite::params![COUNTY_A, f.school],
            |r| r.get(0),
        )
        .expect("another school");
    let opts = ExportOptions {
        what: What::Cases,
        region: COUNTY_A.into(),
        school: Some(other),
        statuses: vec![],
        format: Format::Csv,
        unmasked: false,
    };
    match export::export(&mut filler, &opts, &path) {
        Err(ExportError::Refused(r)) => {
            let sentence = taizhang::i18n::errors::session_refusal(&filler, &r);
            let name = |id: i64| schools::name(&filler.conn, id).expect("name").expect("a school");
            assert!(sentence.contains(&name(f.school)) && sentence.contains(&name(other)), "{sentence}");
        }
        other => panic!("filler, another school: {:?}", other.map_err(|e| format!("{e:?}"))),
    }
}

#[test]
fn the_unknown_login_policy_is_a_setting_only_a_province_administrator_changes() {
    let f = Fixture::new();
    let all = f.all_cases().len() as i64;
    assert_eq!(ledger_count(&f.db(Who::Stranger), &province()), 0, "by default a guest reads no case");
    let mut admin_a = f.db(Who::AdminA);
    assert!(matches!(
        settings::set_unknown_logins(&mut admin_a, UnknownLogins::ReadMasked),
        Err(WriteError::Refused(Refusal::OutOfScope { .. }))
    ));
    let mut root = open(&f.path, "root");
    settings::set_unknown_logins(&mut root, UnknownLogins::ReadMasked).expect("root sets it");
    let guest = f.db(Who::Stranger);
    assert_eq!(ledger_count(&guest, &province()), all, "masked: every case");
    assert!(!guest.read_scope().may_reveal(), "never revealed");
    settings::set_unknown_logins(&mut root, UnknownLogins::ReadNothing).expect("root sets it");
    let guest = f.db(Who::Stranger);
    assert_eq!(ledger_count(&guest, &province()), 0);
    assert!(schools::list(&guest, "230000").expect("list").is_empty(), "nothing: not even schools");
    assert!(matches!(indicators::load(&guest, COUNTY_A, None, 2026), Err(ReportError::Refused(Refusal::UnknownUser))));
    let audit: i64 = root
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE table_name = 'settings' AND field = 'unknown_logins'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audit, 2, "each change is audited");
}
