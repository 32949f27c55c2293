//! A ledger kept elsewhere, in its own layout (序号,县区,学校,年级,姓名,性别,身份证号,出生日期,
//! 状态,辍学原因,包保责任人,登记日期,销号日期,备注), imports: each row's county is its own
//! 县区, its school is found there, its wordings (家庭困难, 已复学 …) are read and the reading
//! is printed, and every row that cannot be imported says which column it lacks.
//!
//! The file is generated here, of the shape of a 100,000-row provincial ledger, from the demo
//! database's counties and schools. The normal run takes 3,000 rows; the 100,000-row run is
//! `#[ignore]`d (`cargo test --release --test import_foreign -- --ignored`).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};
use taizhang::db::{self, Db, OpenOptions};
use taizhang::io::import::{self, Kind, Mode, Options, Outcome};

const HEADER: &str = "序号,县区,学校,年级,姓名,性别,身份证号,出生日期,状态,辍学原因,包保责任人,登记日期,销号日期,备注";
const STATUSES: &[(&str, u32)] =
    &[("在校", 30), ("疑似辍学", 10), ("劝返中", 12), ("已复学", 20), ("送教上门", 8), ("转学", 8), ("已销号", 12)];
const REASONS: &[(&str, u32)] = &[("厌学", 40), ("家庭困难", 20), ("外出务工", 18), ("身体原因", 14), ("其他", 8)];
const GRADES: [&str; 9] = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "强", "磊", "静", "子轩", "梓涵", "浩然", "雨萱", "佳怡", "一"];
const ROLES: &[&str] = &["班主任", "校长", "村支书", "驻村干部"];
const NOTES: &[&str] = &["", "", "多次家访，学生情绪稳定", "\"重点关注\"，每月回访", "残疾证二级，送教上门每周两次"];

/// A small deterministic generator (the file must be the same on every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn weighted<'a>(&mut self, items: &'a [(&'a str, u32)]) -> &'a str {
        let total: u32 = items.iter().map(|i| i.1).sum();
        let mut at = (self.next() % u64::from(total)) as u32;
        for (item, w) in items {
            if at < *w {
                return item;
            }
            at -= w;
        }
        items[0].0
    }
}

fn id_number(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    format!("{first17}{}", C[(sum % 11) as usize] as char)
}

/// A school of the database: its county's code and name, its own name.
#[derive(Clone)]
struct School {
    county: String,
    county_name: String,
    name: String,
}

fn schools(db: &Db) -> Vec<School> {
    // Names the database holds once across the province (a row naming its 县区 finds them
    // all the same; names held twice are the disagreement rows' business).
    let mut stmt = db
        .conn
        .prepare(
            "SELECT s.county_code, r.name, s.name FROM schools s JOIN regions r ON r.code = s.county_code
             WHERE r.level = 3 AND s.closed_on IS NULL ORDER BY s.id",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok(School { county: r.get(0)?, county_name: r.get(1)?, name: r.get(2)? }))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("schools")
}

/// What the generated file should give: rows the rules accept, by county, and the rows
/// refused for each reason.
#[derive(Default, Debug)]
struct Expected {
    valid_by_county: BTreeMap<String, usize>,
    refused: usize,
    /// Lines of a 已复学 row, of a 劝返中 row, of a row whose 县区 and school disagree.
    returned_line: usize,
    persuading_line: usize,
    closed_line: usize,
    disagree_line: usize,
    duplicates: usize,
}

/// Writes a ledger of `rows` rows in the foreign layout and says what importing it gives.
/// The last rows are made by hand: one whose 县区 and school disagree, one repeating an
/// earlier child.
fn generate(path: &Path, rows: usize, schools: &[School]) -> Expected {
    let mut rng = Rng(20240601);
    let mut w = csv::WriterBuilder::new().from_path(path).expect("create");
    w.write_record(HEADER.split(',')).expect("header");
    let mut exp = Expected::default();
    let mut first_valid: Option<Vec<String>> = None;
    let mut ids = std::collections::HashSet::new();
    for i in 1..=rows {
        let s = &schools[rng.below(schools.len())];
        let male = rng.below(100) < 53;
        let name = format!("{}{}", SURNAMES[rng.below(SURNAMES.len())], GIVEN[rng.below(GIVEN.len())]);
        let grade = rng.below(9);
        let reg = format!("{}-{:02}-{:02}", 2022 + rng.below(4), 1 + rng.below(12), 1 + rng.below(28));
        let birth_year = 2022 + rng.below(4) - 8 - grade;
        let birth = format!("{birth_year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        // One child per ID number: the sequence digits (their parity the sex) moved on
        // until the number is new.
        let mut seq = (i * 2) % 1000 + usize::from(male);
        let mut idn = id_number(&format!("{}{}{:03}", s.county, birth.replace('-', ""), seq));
        while !ids.insert(idn.clone()) {
            seq = (seq + 2) % 1000;
            idn = id_number(&format!("{}{}{:03}", s.county, birth.replace('-', ""), seq));
        }
        let status = rng.weighted(STATUSES);
        let reason = if status == "在校" && rng.below(100) >= 5 { "" } else { rng.weighted(REASONS) };
        let mut owner = format!("{}{}", SURNAMES[rng.below(SURNAMES.len())], GIVEN[rng.below(GIVEN.len())]);
        if rng.below(10) < 3 {
            owner = format!("{owner}（{}）", ROLES[rng.below(ROLES.len())]);
        }
        let closed = if status == "已销号" { format!("{}-11-0{}", 2026, 1 + rng.below(9)) } else { String::new() };
        let note = NOTES[rng.below(NOTES.len())];
        // 县区 as the ledger writes it: mostly the name, sometimes the code.
        let county = if rng.below(10) == 0 { s.county.clone() } else { s.county_name.clone() };
        let sex = if male { "男" } else { "女" };
        let row = vec![
            i.to_string(),
            county,
            s.name.clone(),
            GRADES[grade].to_string(),
            name,
            sex.to_string(),
            idn,
            birth,
            status.to_string(),
            reason.to_string(),
            owner,
            reg,
            closed,
            note.to_string(),
        ];
        // Only 在校, 送教上门 and 疑似辍学 rows carry all their rules need (其他 needs its
        // 原因说明; a 疑似辍学 row's absence starts on its 登记日期, as the file has no column
        // for it); the others lack the government line's 包保责任人, 复学日期, 变动原因 or the
        // 销号 evidence.
        let valid = matches!(status, "在校" | "送教上门" | "疑似辍学") && reason != "其他";
        let line = i + 1;
        if valid {
            *exp.valid_by_county.entry(s.county.clone()).or_default() += 1;
            first_valid.get_or_insert_with(|| row.clone());
        } else {
            exp.refused += 1;
            match status {
                "已复学" if exp.returned_line == 0 => exp.returned_line = line,
                "劝返中" if exp.persuading_line == 0 => exp.persuading_line = line,
                "已销号" if exp.closed_line == 0 && reason != "其他" => exp.closed_line = line,
                _ => {}
            }
        }
        w.write_record(&row).expect("row");
    }
    // 桃山区 has no 第三中学: the school of that name is in 新兴区 (and 巴彦县).
    let birth = "2013-05-01";
    let idn = id_number(&format!("230903{}{:03}", birth.replace('-', ""), 991));
    let disagree = [
        &(rows + 1).to_string(),
        "桃山区",
        "第三中学",
        "七年级",
        "刘某",
        "男",
        &idn,
        birth,
        "在校",
        "",
        "赵德成",
        "2026-03-08",
        "",
        "",
    ];
    w.write_record(disagree).expect("row");
    exp.disagree_line = rows + 2;
    exp.refused += 1;
    if let Some(mut again) = first_valid {
        again[0] = (rows + 2).to_string();
        w.write_record(&again).expect("row");
        exp.duplicates += 1;
    }
    w.flush().expect("flush");
    exp
}

fn open(path: &Path) -> Db {
    open_as(path, "tester")
}

/// A demo database (schools, no cases) created by `login`, its administrator.
fn open_as(path: &Path, login: &str) -> Db {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(0),
        busy_timeout: Duration::from_millis(500),
        login: login.into(),
    })
    .expect("open")
}

fn import(db: &mut Db, path: &Path, mode: Mode) -> Outcome {
    // No --county: each row names its own.
    let opts = Options { mode, ..Options::default() };
    import::run(db, Kind::Cases, path, &opts, &mut |_, _| {}).expect("import runs")
}

fn cases_by_county(db: &Db) -> BTreeMap<String, usize> {
    let mut stmt = db.conn.prepare("SELECT county_code, count(*) FROM cases GROUP BY 1").expect("prepare");
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("counts")
}

/// The whole test, for a file of `rows` generated rows.
fn foreign_ledger_imports_with_per_row_counties(rows: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("f.db"));
    let file = dir.path().join("省台账.csv");
    let exp = generate(&file, rows, &schools(&db));
    let valid: usize = exp.valid_by_county.values().sum();
    assert!(exp.valid_by_county.len() > 10, "rows of many counties: {:?}", exp.valid_by_county);

    let started = Instant::now();
    let dry = import(&mut db, &file, Mode::DryRun);
    eprintln!("{rows} rows checked in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!((dry.rows, dry.valid_rows, dry.invalid_rows), (rows + 2, valid, exp.refused));
    assert_eq!(dry.duplicates.len(), exp.duplicates, "{:?}", dry.duplicates);
    // In --json too, a duplicate is not a valid row.
    let json = serde_json::to_value(&dry).expect("json");
    assert_eq!(json["valid_rows"].as_u64(), Some(valid as u64));
    assert_eq!(json["duplicates"].as_array().map(Vec::len), Some(exp.duplicates));

    // Each mapping printed: headers, the single 包保责任人, the wordings read.
    let text = taizhang::report::import::report_text(&dry, Mode::DryRun);
    for line in
        ["  县区 = 县区（名称或代码）", "  包保责任人 = 包保责任人（教育）", "  辍学原因 = 原因", "未使用的列：序号"]
    {
        assert!(text.contains(line), "{line} in\n{}", &text[..text.len().min(3000)]);
    }
    assert!(text.contains("注意：「包保责任人」只有一列，读作 包保责任人（教育）"), "{}", &text[..2000]);
    assert!(text.contains("只导入了姓名"), "a role after the name is noted");
    for (written, read) in [("家庭困难", "家庭经济困难"), ("厌学", "学习困难/厌学")] {
        let v = dry.values_read.iter().find(|v| v.written == written).unwrap_or_else(|| panic!("{written} read"));
        assert_eq!((v.column.as_str(), v.read.as_str()), ("辍学原因", read));
        assert!(text.contains(&format!("  辍学原因「{written}」→ {read}（{} 行）", v.rows)), "{written}");
    }

    // Each refused row says what it lacks, by column.
    let at = |line: usize| dry.problems.iter().filter(|p| p.line == line).collect::<Vec<_>>();
    let returned = at(exp.returned_line);
    assert!(returned.iter().any(|p| p.column == "复学日期" && p.reason.contains("表中没有这一列")), "{returned:?}");
    // A 已销号 row learns at once all its steps lack: the return's date, the closing's
    // basis and who closed it (its 销号日期 is there).
    let mut closed: Vec<&str> = at(exp.closed_line).iter().map(|p| p.column.as_str()).collect();
    closed.sort();
    assert_eq!(closed, ["复学日期", "销号人", "销号依据"]);
    assert!(text.contains("错误汇总（按列与原因，多的在前）："));
    let group = "  销号依据：办理「销号」（到「已销号」）需要「销号依据」：表中没有这一列，请加上并填写。（";
    assert!(text.contains(group), "the groups sum up the rows");
    // A 劝返中 row lacks the government line; its absence starts on its 登记日期, as noted.
    let persuading = at(exp.persuading_line);
    assert!(
        persuading.iter().any(|p| p.column == "包保责任人（政府）" && p.reason.contains("表中没有")),
        "{persuading:?}"
    );
    assert!(persuading.iter().all(|p| p.column != "辍学/缺课开始日期"), "{persuading:?}");
    assert!(text.contains("按其「登记日期」读作开始日期"), "the reading is noted");
    let disagree = at(exp.disagree_line);
    assert_eq!(disagree.len(), 1, "{disagree:?}");
    assert_eq!(disagree[0].column, "县区");
    assert!(disagree[0].reason.contains("新兴区（230902）"), "{}", disagree[0].reason);

    // Written: each case in its own row's county, nothing in the school-name county of the
    // disagreeing row.
    let started = Instant::now();
    let out = import(&mut db, &file, Mode::SkipInvalid);
    eprintln!("{rows} rows imported in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!((out.written, out.invalid_rows), (valid, exp.refused));
    assert_eq!(cases_by_county(&db), exp.valid_by_county);
    let statuses: Vec<String> = db
        .conn
        .prepare("SELECT DISTINCT status FROM cases ORDER BY 1")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("statuses");
    assert_eq!(statuses, ["enrolled", "home_teaching", "suspected"]);
    let from_registration: i64 = db
        .conn
        .query_row("SELECT count(*) FROM cases WHERE status = 'suspected' AND absent_since = registered_on", [], |r| {
            r.get(0)
        })
        .expect("count");
    let suspected: i64 =
        db.conn.query_row("SELECT count(*) FROM cases WHERE status = 'suspected'", [], |r| r.get(0)).expect("count");
    assert_eq!(from_registration, suspected, "each absence starts on its registration");
    let enrolled_absent: i64 = db
        .conn
        .query_row("SELECT count(*) FROM cases WHERE status = 'enrolled' AND absent_since IS NOT NULL", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(enrolled_absent, 0, "a child in school has no absence");
    let role_kept: i64 = db
        .conn
        .query_row("SELECT count(*) FROM cases WHERE edu_person LIKE '%（%' OR gov_person <> ''", [], |r| r.get(0))
        .expect("count");
    assert_eq!(role_kept, 0, "the single column is the education line, names without their role");
}

#[test]
fn a_foreign_ledger_imports_with_per_row_counties() {
    foreign_ledger_imports_with_per_row_counties(3_000);
}

/// The same at 100,000 rows: `cargo test --release --test import_foreign -- --ignored`.
#[test]
#[ignore]
fn a_foreign_ledger_of_100000_rows_imports_with_per_row_counties() {
    foreign_ledger_imports_with_per_row_counties(100_000);
}

/// A row in a later status imports with the evidence its steps need, through the same
/// steps (timeline events) as the step form.
#[test]
fn later_statuses_import_with_their_evidence() {
    let dir = tempfile::tempdir().expect("dir");
    let mut db = open(&dir.path().join("e.db"));
    let file = dir.path().join("evidence.csv");
    let idn = |seq: u32| id_number(&format!("23112320130501{seq:03}"));
    let text = format!(
        "县区,学校,年级,姓名,身份证号,状态,辍学原因,包保责任人（政府）,包保责任人（教育）,复学日期,销号日期,销号依据,销号人,变动原因,登记日期\n\
         逊克县,农场学校,七年级,王某一,{},已复学,厌学,李某,赵某,2026-10-01,,,,,2026-09-01\n\
         逊克县,农场学校,七年级,王某二,{},跟踪巩固,厌学,李某,赵某,2026-10-01,,,,,2026-09-01\n\
         231123,农场学校,七年级,王某三,{},已销号,厌学,李某,赵某,2026-10-01,2026-11-01,复学满一学期,赵某,,2026-09-01\n\
         逊克,农场学校,七年级,王某四,{},转学,厌学,李某,赵某,,,,,转入哈尔滨市,2026-09-01\n\
         逊克县,农场学校,七年级,王某五,{},随班就读,,,,,,,,,2026-09-01\n\
         逊克县,农场学校,七年级,王某六,{},已销号,厌学,李某,赵某,2026-10-01,2026-11-01,,,,2026-09-01\n",
        idn(11),
        idn(21),
        idn(31),
        idn(41),
        idn(52),
        idn(61)
    );
    std::fs::write(&file, text).expect("write");
    let dry = import(&mut db, &file, Mode::DryRun);
    // The last row lacks its 销号 evidence: 依据 and 人, by column.
    let last: Vec<(&str, &str)> =
        dry.problems.iter().filter(|p| p.line == 7).map(|p| (p.column.as_str(), p.reason.as_str())).collect();
    assert_eq!(last.len(), 2, "{last:?}");
    assert!(last.iter().any(|(c, r)| *c == "销号依据" && r.contains("需要填写此列")), "{last:?}");
    assert!(last.iter().any(|(c, _)| *c == "销号人"), "{last:?}");
    assert_eq!((dry.valid_rows, dry.invalid_rows), (5, 1), "{:?}", dry.problems);
    let out = import(&mut db, &file, Mode::SkipInvalid);
    assert_eq!(out.written, 5);
    let rows: Vec<(String, String, String)> = db
        .conn
        .prepare(
            "SELECT c.name, c.status || ' ' || c.ledger || ' ' || coalesce(c.returned_on, '-') || ' '
                    || coalesce(c.closed_on, '-') || ' ' || c.close_basis,
                    coalesce((SELECT group_concat(e.to_status || '@' || e.happened_on, ' ') FROM case_events e
                              WHERE e.case_id = c.id), '')
             FROM cases c ORDER BY c.name",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let want = [
        ("王某一", "returned suspected 2026-10-01 - ", "returned@2026-10-01"),
        ("王某三", "closed suspected 2026-10-01 2026-11-01 复学满一学期", "returned@2026-10-01 closed@2026-11-01"),
        ("王某二", "tracking suspected 2026-10-01 - ", "returned@2026-10-01 tracking@2026-11-23"),
        ("王某五", "inclusive school_age - - ", ""),
        ("王某四", "transferred suspected - - ", "transferred@2026-11-23"),
    ];
    let got: Vec<(&str, &str, &str)> = rows.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    assert_eq!(got, want);
    // Counts kept exact through the steps: the entry status is not left counted.
    let rows = |sql: &str| -> Vec<(String, String, i64)> {
        let mut stmt = db.conn.prepare(sql).expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let cached = rows("SELECT county_code, status, n FROM case_counts WHERE n <> 0 ORDER BY 1, 2");
    assert_eq!(cached, rows("SELECT county_code, status, count(*) FROM cases GROUP BY 1, 2 ORDER BY 1, 2"));
}

/// `--lang en`: the account of a foreign ledger in English (the file's own words stay).
#[test]
fn the_account_is_complete_in_english() {
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("en.db");
    // The command runs as the OS login: the database is theirs.
    drop(open_as(&db_path, &taizhang::os_user::current_login()));
    let file = dir.path().join("foreign.csv");
    let idn = id_number("23112320120315001");
    let text = format!(
        "{HEADER}\n1,逊克县,农场学校,八年级,王某伟,男,{idn},2012-03-15,在校,家庭困难,李国华（班主任）,2026-09-10,,\n\
         2,桃山区,第三中学,七年级,刘某,男,{idn},2012-03-15,已复学,厌学,赵德成,2026-03-08,,\n"
    );
    std::fs::write(&file, text).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["--lang", "en", "--db"])
        .arg(&db_path)
        .args(["import", "cases"])
        .arg(&file)
        .env("TAIZHANG_TODAY", "2026-11-23")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for line in [
        "  县区 = County (name or code)",
        "  包保责任人 = Responsible (edu.)",
        "Note: 包保责任人 is a single column, read as the education line's",
        "Note: in 包保责任人, 1 cells give a role after the name (e.g. 李国华（班主任）)",
        "Values read as:",
        "  辍学原因 \"家庭困难\" → family hardship (1 rows)",
        "  状态 \"已复学\" → returned (1 rows)",
        "line 3  县区  \"桃山区\": County 桃山区 does not match school 第三中学: that school is in",
        "Checked (nothing written): 1 valid, 1 with errors, 0 duplicates.",
    ] {
        assert!(stdout.contains(line), "{line} in\n{stdout}");
    }
}
