//! Spreadsheets at scale, by the release binary as a child process: its wall time and peak
//! memory (max RSS) for `import cases` (dry run and `--apply`), `export cases` to xlsx and
//! CSV, and `demo --cases`, at 10,000 and 100,000 cases (and 1,000,000 with
//! `TAIZHANG_BENCH_IO_1M=1`), each the median of 3 runs (`TAIZHANG_BENCH_RUNS`), next to
//! `sqlite3 .import` of the same CSV when sqlite3 is installed (it checks nothing: a
//! floor, not a target), and the CSV export next to `sqlite3 -csv` of the same rows and a
//! `cp` of the file it wrote. Issue 18's targets at 100,000: import <= 2.5 s and 64 MiB with
//! memory flat from 10k to 1M, xlsx export <= 3 s and 48 MiB, demo of 1,000,000 <= 30 s
//! and 128 MiB.
//!
//!     cargo bench --bench io
//!
//! The CSV is generated here (synthetic children of county 231123, spread over its
//! schools, valid ID numbers, rows shuffled so that ID numbers do not arrive in order);
//! every import runs into a fresh copy of a database holding only the demo's schools.
//!
//! Peak memory: a child's max RSS also counts the address space it was started from (a
//! forked or vforked child starts as a copy of its parent), so each command is started by
//! a fresh, small copy of this bench (`TAIZHANG_BENCH_LAUNCH`), which reports the
//! command's own wall time and max RSS (`wait4`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use taizhang::domain::id_number::check_char;

const COUNTY: &str = "231123";
const LAUNCH: &str = "TAIZHANG_BENCH_LAUNCH";

/// Writes `n` case rows for `schools`, streamed (the bench stays small), in a shuffled order.
fn write_csv(path: &Path, schools: &[String], n: usize) {
    const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
    const GIVEN: &[&str] = &["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军"];
    const STATUS: &[&str] = &["疑似辍学", "辍学", "劝返中"];
    const REASON: &[&str] = &["学习困难/厌学", "外出务工", "家庭经济困难", "身体原因"];
    const GRADE: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("csv"));
    let _ = writeln!(out, "姓名,身份证号,学校,年级,班级,家庭类型,辍学/缺课开始日期,原因,包保责任人（政府）,政府责任人电话,包保责任人（教育）,教育责任人电话,登记日期,状态");
    let base = chrono::NaiveDate::from_ymd_opt(2010, 9, 1).expect("date");
    // Row k is child (k × step) mod n: every child once, the ID numbers out of order.
    let step = (1..n).rev().find(|s| gcd(*s, n) == 1 && *s < n * 2 / 3).unwrap_or(1);
    for k in 0..n {
        let i = k * step % n;
        let birth = base + chrono::Duration::days((i / 900) as i64);
        let first17 = format!("{COUNTY}{}{:03}", birth.format("%Y%m%d"), i % 900 + 10);
        let id = format!("{first17}{}", check_char(first17.as_bytes()));
        let name = format!("{}某{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / 10) % GIVEN.len()]);
        let _ = writeln!(
            out,
            "{name},{id},{},{}年级,{}班,{},2026-0{}-01,{},李某,100{:08},王某,100{:08},2026-09-{:02},{}",
            schools[i % schools.len()],
            GRADE[i % 9],
            i % 6 + 1,
            if i.is_multiple_of(4) { "留守" } else { "" },
            i % 8 + 1,
            REASON[i % REASON.len()],
            i,
            i,
            i % 28 + 1,
            STATUS[i % STATUS.len()],
        );
    }
    out.flush().expect("csv written");
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The launcher: runs the command in its arguments, prints its wall seconds and max RSS
/// in KiB. Started fresh (small), so the command's max RSS is its own.
// wait4 reaps the child (std's wait would lose its rusage).
#[allow(clippy::zombie_processes)]
fn launch() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((program, rest)) = args.split_first() else { std::process::exit(2) };
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest).env_remove(LAUNCH).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    let t = Instant::now();
    let c = cmd.spawn().expect("spawn");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for the child we just spawned, with valid out-pointers.
    let pid = unsafe { libc::wait4(c.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = t.elapsed().as_secs_f64();
    let ok = pid > 0 && libc::WIFEXITED(status);
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = secs(usage.ru_utime) + secs(usage.ru_stime);
    println!("{wall} {} {} {cpu}", usage.ru_maxrss, if ok { libc::WEXITSTATUS(status) } else { -1 });
}

/// One run of `program args` through the launcher: wall time, peak RSS in MiB, exit code
/// and CPU seconds (user + system).
fn run(program: &Path, args: &[&str]) -> (Duration, f64, i32, f64) {
    let me = std::env::current_exe().expect("bench binary");
    let out = std::process::Command::new(me)
        .env(LAUNCH, "1")
        .env("TAIZHANG_TODAY", "2026-11-23")
        .env("LANG", "C.UTF-8")
        .arg(program)
        .args(args)
        .output()
        .expect("launcher");
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<f64> = text.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    match f.as_slice() {
        [wall, kib, code, cpu] => (Duration::from_secs_f64(*wall), kib / 1024.0, *code as i32, *cpu),
        _ => panic!("launcher said {text:?}"),
    }
}

/// `runs` runs, each after `before` (a fresh database): median wall time and peak. The CPU
/// time is shown too: on a shared machine the wall time waits for the other users.
fn median_of(runs: usize, what: &str, mut before: impl FnMut(), program: &Path, args: &[&str]) -> (Duration, f64) {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..runs {
        before();
        let (wall, mib, code, cpu) = run(program, args);
        assert!(code == 0, "{what}: {program:?} {args:?} exited {code}");
        walls.push(wall);
        peaks.push(mib);
        cpus.push(cpu);
    }
    let shown: Vec<String> = walls.iter().map(|w| format!("{:.2}", w.as_secs_f64())).collect();
    walls.sort();
    peaks.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    let (wall, peak, cpu) = (walls[walls.len() / 2], peaks[peaks.len() / 2], cpus[cpus.len() / 2]);
    println!(
        "  {what:<40} {:>7.2} s  cpu {cpu:>6.2} s  peak {peak:>6.1} MiB  (runs: {})",
        wall.as_secs_f64(),
        shown.join(", ")
    );
    (wall, peak)
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

fn schools_of(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT name FROM schools WHERE county_code = ?1 AND closed_on IS NULL ORDER BY id")
        .expect("prepare");
    let names = stmt.query_map([COUNTY], |r| r.get(0)).expect("query").collect::<Result<_, _>>().expect("schools");
    names
}

/// The same rows as the CSV export reads (its query, less the read scope, which an admin
/// login does not narrow), for `sqlite3 -csv`: no labels, no masking, no check.
const EXPORT_ROWS: &str = "SELECT c.*, coalesce(s.name, '') AS school_name, coalesce(s.school_code, '') AS school_code,
        coalesce(nullif(c.void_reason, ''), (SELECT e.outcome FROM case_events e WHERE e.case_id = c.id
            AND e.to_status = c.status AND e.from_status IS NOT e.to_status ORDER BY e.happened_on DESC, e.id DESC LIMIT 1), '')
    FROM cases c LEFT JOIN schools s ON s.id = c.school_id WHERE c.county_code = '231123' ORDER BY c.registered_on, c.id";

/// "CSV at disk speed" (issue 18), next to two floors: `cp` of the exported file (the disk
/// writing the same bytes) and `sqlite3 -csv` writing the same rows (SQLite reading them).
fn csv_floors(dir: &Path, db: &str, exported_csv: &str, exported: Duration, runs: usize) {
    let copy = dir.join("copy.csv").to_string_lossy().to_string();
    let Some(cp) = which("cp") else { return };
    let (copied, _) = median_of(runs, "cp of the exported CSV (disk floor)", || {}, &cp, &[exported_csv, &copy]);
    let Some(sqlite3) = which("sqlite3") else { return };
    let output = format!(".output {copy}");
    let (dumped, _) = median_of(
        runs,
        "sqlite3 -csv of the same rows (no checks)",
        || {},
        &sqlite3,
        &["-csv", db, &output, EXPORT_ROWS],
    );
    println!(
        "  CSV export / sqlite3 -csv: {:.2}x the time; / cp: {:.1}x",
        exported.as_secs_f64() / dumped.as_secs_f64(),
        exported.as_secs_f64() / copied.as_secs_f64()
    );
}

/// Import, export and demo of `n` cases.
fn size(bin: &Path, dir: &Path, empty: &Path, n: usize, runs: usize) {
    println!("{n} cases:");
    let s = |p: &Path| p.to_string_lossy().to_string();
    let csv = dir.join(format!("cases{n}.csv"));
    write_csv(&csv, &schools_of(empty), n);
    let db = dir.join("import.db");
    let fresh = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", s(&db)));
        }
        std::fs::copy(empty, &db).expect("copy");
    };
    let (csv_s, db_s) = (s(&csv), s(&db));
    let import = ["import", "cases", &csv_s, "--county", COUNTY, "--db", &db_s];
    median_of(runs, "import cases (dry run: read, check)", fresh, bin, &import);
    let apply: Vec<&str> = import.iter().copied().chain(["--apply"]).collect();
    let (imported, peak) = median_of(runs, "import cases --apply", fresh, bin, &apply);
    let (xlsx, out_csv) = (s(&dir.join("out.xlsx")), s(&dir.join("out.csv")));
    let export = |what: &str, out: &str| {
        median_of(runs, what, || {}, bin, &["export", "cases", "--county", COUNTY, "--db", &db_s, "--output", out]).0
    };
    export("export cases to xlsx", &xlsx);
    let exported = export("export cases to CSV", &out_csv);
    csv_floors(dir, &db_s, &out_csv, exported, runs);
    let demo = dir.join("demo.db");
    let remove_demo = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", s(&demo)));
        }
    };
    let (n_text, demo_s) = (n.to_string(), s(&demo));
    median_of(runs, "demo --cases", remove_demo, bin, &["demo", "--cases", &n_text, "--db", &demo_s]);
    if let Some(sqlite3) = which("sqlite3") {
        let plain = dir.join("plain.db");
        let (plain_s, import) = (s(&plain), format!(".import {csv_s} cases"));
        let fresh_plain = || {
            let _ = std::fs::remove_file(&plain);
        };
        let (floor, _) = median_of(
            runs,
            "sqlite3 .import of the same CSV (no checks)",
            fresh_plain,
            &sqlite3,
            &[&plain_s, ".mode csv", &import],
        );
        println!(
            "  import --apply / sqlite3 .import: {:.1}x the time; import peak {peak:.1} MiB",
            imported.as_secs_f64() / floor.as_secs_f64()
        );
    }
}

fn main() {
    if std::env::var_os(LAUNCH).is_some() {
        return launch();
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_taizhang"));
    // TAIZHANG_BENCH_DIR keeps the generated files there (for a profiler); else a temp dir.
    let temp = tempfile::tempdir().expect("dir");
    let kept = std::env::var_os("TAIZHANG_BENCH_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    let _ = std::fs::create_dir_all(dir);
    let empty = dir.join("schools.db");
    // A kept folder holds the last run's: demo refuses to overwrite a database.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", empty.display()));
    }
    let (_, _, code, _) = run(&bin, &["demo", "--cases", "0", "--db", &empty.to_string_lossy()]);
    assert_eq!(code, 0, "demo --cases 0");
    let runs: usize = std::env::var("TAIZHANG_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("TAIZHANG_BENCH_IO_1M").is_some() {
        sizes.push(1_000_000);
    }
    for n in sizes {
        size(&bin, dir, &empty, n, if n >= 1_000_000 { 1 } else { runs });
    }
}
