//! Spreadsheets at scale: import 100,000 cases from a CSV file and export 100,000 cases to
//! xlsx, each the median of 3 runs (issue 18 targets: import <= 2.5 s and 64 MiB, xlsx export <= 3 s and 48 MiB).
//!
//!     cargo bench --bench io
//!
//! The CSV is generated here (synthetic children of county 231123, spread over its schools,
//! with valid ID numbers); every import runs into a fresh database (schools only), with the
//! same checks and the single transaction as `taizhang import cases FILE --apply`.
//!
//! Then the same work by the release binary as a child process, for its wall time and peak
//! memory (max RSS from `wait4`): `import cases --apply` of the same CSV, `export cases` to
//! xlsx and CSV, `demo --cases` 10,000 and 100,000 (and 1,000,000 with
//! `TAIZHANG_BENCH_DEMO_1M=1`), and `sqlite3 .import` of the CSV when sqlite3 is installed
//! (it checks nothing: a floor, not a target).

use std::time::{Duration, Instant};
use taizhang::db::{self, OpenOptions};
use taizhang::domain::id_number::check_char;
use taizhang::io::export::{self, ExportOptions, Format, What};
use taizhang::io::import::{self, Kind, Mode, Options};

const N: usize = 100_000;
const COUNTY: &str = "231123";

fn open(path: &std::path::Path) -> db::Db {
    db::open(&OpenOptions {
        path: path.into(),
        create: db::Create::Demo(0),
        busy_timeout: Duration::from_secs(5),
        login: "bench".into(),
    })
    .expect("open")
}

fn write_csv(path: &std::path::Path, schools: &[String]) {
    use std::fmt::Write as _;
    const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
    const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军"];
    const STATUS: &[&str] = &["疑似辍学", "辍学", "劝返中"];
    const REASON: &[&str] = &["学习困难/厌学", "外出务工", "家庭经济困难", "身体原因"];
    let mut s = String::with_capacity(N * 160);
    s.push_str("姓名,身份证号,学校,年级,班级,家庭类型,辍学/缺课开始日期,原因,包保责任人（政府）,政府责任人电话,包保责任人（教育）,教育责任人电话,登记日期,状态\n");
    let base = chrono::NaiveDate::from_ymd_opt(2010, 9, 1).expect("date");
    for i in 0..N {
        let birth = base + chrono::Duration::days((i / 900) as i64);
        let first17 = format!("{COUNTY}{}{:03}", birth.format("%Y%m%d"), i % 900 + 10);
        let id = format!("{first17}{}", check_char(first17.as_bytes()));
        let name = format!("{}某{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 10) % GIVEN.len()]);
        let _ = writeln!(
            s,
            "{name},{id},{},{}年级,{}班,{},2026-0{}-01,{},李某,100{:08},王某,100{:08},2026-09-{:02},{}",
            schools[i % schools.len()],
            ["一", "二", "三", "四", "五", "六", "七", "八", "九"][i % 9],
            i % 6 + 1,
            if i % 4 == 0 { "留守" } else { "" },
            i % 8 + 1,
            REASON[i % REASON.len()],
            i,
            i,
            i % 28 + 1,
            STATUS[i % STATUS.len()],
        );
    }
    std::fs::write(path, s).expect("write csv");
}

/// Runs `program args` to its end: wall time and peak RSS in MiB (from `wait4`).
// wait4 reaps the child (std's wait would lose its rusage).
#[allow(clippy::zombie_processes)]
fn child(program: &std::path::Path, args: &[&str], stdin: Option<&std::path::Path>) -> (Duration, f64) {
    let mut cmd = std::process::Command::new(program);
    cmd.args(args).env("TAIZHANG_TODAY", "2026-11-23").env("LANG", "C.UTF-8");
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Some(p) = stdin {
        cmd.stdin(std::fs::File::open(p).expect("stdin file"));
    }
    let t = Instant::now();
    let c = cmd.spawn().expect("spawn");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for the child we just spawned, with valid out-pointers.
    let pid = unsafe { libc::wait4(c.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    assert!(pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{program:?} {args:?} failed");
    (wall, usage.ru_maxrss as f64 / 1024.0)
}

fn report(what: &str, (wall, mib): (Duration, f64)) {
    println!("  {what:<44} {:>7.2} s  peak {:>6.1} MiB", wall.as_secs_f64(), mib);
}

/// The release binary's bulk commands as child processes: wall time and peak memory.
fn children(dir: &std::path::Path, csv: &std::path::Path) {
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_taizhang"));
    let s = |p: &std::path::Path| p.to_string_lossy().to_string();
    let rss_now = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l.to_string()))
        .unwrap_or_default();
    println!("the binary as a child process (wall, peak RSS; floor = this process's {rss_now}):");
    let db = dir.join("child.db");
    child(&bin, &["demo", "--cases", "0", "--db", &s(&db)], None);
    let import = child(&bin, &["import", "cases", &s(csv), "--apply", "--county", COUNTY, "--db", &s(&db)], None);
    report(&format!("import cases --apply ({N} rows)"), import);
    let xlsx = dir.join("child.xlsx");
    report(
        &format!("export cases to xlsx ({N})"),
        child(&bin, &["export", "cases", "--county", COUNTY, "--db", &s(&db), "--output", &s(&xlsx)], None),
    );
    let out_csv = dir.join("child.csv");
    report(
        &format!("export cases to CSV ({N})"),
        child(&bin, &["export", "cases", "--county", COUNTY, "--db", &s(&db), "--output", &s(&out_csv)], None),
    );
    let mut sizes = vec![10_000u64, 100_000];
    if std::env::var_os("TAIZHANG_BENCH_DEMO_1M").is_some() {
        sizes.push(1_000_000);
    }
    for n in sizes {
        let path = dir.join(format!("demo{n}.db"));
        report(
            &format!("demo --cases {n}"),
            child(&bin, &["demo", "--cases", &n.to_string(), "--db", &s(&path)], None),
        );
        let _ = std::fs::remove_file(&path);
    }
    if let Some(sqlite3) = which("sqlite3") {
        let script = dir.join("import.sql");
        std::fs::write(&script, format!(".mode csv\n.import {} cases\n", s(csv))).expect("script");
        let floor = child(&sqlite3, &[&s(&dir.join("plain.db"))], Some(&script));
        report("sqlite3 .import of the same CSV (no checks)", floor);
        println!("  import / sqlite3 .import: {:.1}x the time", import.0.as_secs_f64() / floor.0.as_secs_f64());
    }
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    std::env::set_var("TAIZHANG_TODAY", "2026-11-23");
    let dir = tempfile::tempdir().expect("dir");
    let probe = open(&dir.path().join("probe.db"));
    let schools: Vec<String> = probe
        .conn
        .prepare("SELECT name FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY id")
        .expect("prepare")
        .query_map([COUNTY], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("schools");
    drop(probe);
    let csv = dir.path().join("cases.csv");
    write_csv(&csv, &schools);
    // First, while this process is small: a child's max RSS starts at its parent's RSS at
    // fork (Linux copies the counter with the address space), so it is a floor here.
    children(dir.path(), &csv);
    let dry = Options { mode: Mode::DryRun, county: Some(COUNTY.into()), ..Options::default() };
    let mut db = open(&dir.path().join("dry.db"));
    let t = Instant::now();
    let out = import::run(&mut db, Kind::Cases, &csv, &dry, &mut |_, _| {}).expect("dry run");
    let dry_time = t.elapsed();
    assert_eq!(out.valid_rows, N, "{:?}", out.problems.first());
    drop(db);
    let opts = Options { mode: Mode::Apply, county: Some(COUNTY.into()), ..Options::default() };
    let mut imports = Vec::new();
    let mut last_db = None;
    for run in 0..3 {
        let mut db = open(&dir.path().join(format!("import{run}.db")));
        let t = Instant::now();
        let out = import::run(&mut db, Kind::Cases, &csv, &opts, &mut |_, _| {}).expect("import");
        imports.push(t.elapsed());
        assert_eq!(out.written, N, "{:?}", out.problems.first());
        last_db = Some(db);
    }
    let mut db = last_db.expect("db");
    let mut exports = Vec::new();
    for run in 0..3 {
        let path = dir.path().join(format!("export{run}.xlsx"));
        let o = ExportOptions {
            what: What::Cases,
            region: COUNTY.into(),
            school: None,
            statuses: vec![],
            format: Format::Xlsx,
            unmasked: false,
        };
        let t = Instant::now();
        let n = export::export(&mut db, &o, &path).expect("export");
        exports.push(t.elapsed());
        assert_eq!(n, N);
    }
    let csv_out = dir.path().join("export.csv");
    let o = ExportOptions {
        what: What::Cases,
        region: COUNTY.into(),
        school: None,
        statuses: vec![],
        format: Format::Csv,
        unmasked: false,
    };
    let t = Instant::now();
    export::export(&mut db, &o, &csv_out).expect("csv export");
    let csv_time = t.elapsed();
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "import {N} cases from CSV (--apply, one transaction): median {:.2} s  (runs: {})  target <= 2.5 s, <= 64 MiB",
        secs(median(imports.clone())),
        imports.iter().map(|d| format!("{:.2}", secs(*d))).collect::<Vec<_>>().join(", ")
    );
    println!("  of which reading and checking every row (the dry run): {:.2} s", secs(dry_time));
    println!(
        "export {N} cases to xlsx: median {:.2} s  (runs: {})  target <= 3 s, <= 48 MiB",
        secs(median(exports.clone())),
        exports.iter().map(|d| format!("{:.2}", secs(*d))).collect::<Vec<_>>().join(", ")
    );
    println!("export {N} cases to CSV: {:.2} s", secs(csv_time));
}
