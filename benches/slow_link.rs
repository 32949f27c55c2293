//! The ledger behind a slow link, with `j` held down.
//!
//!     cargo bench --bench slow_link
//!
//! The release binary runs in a pty (80×24) whose far end is this bench: a relay that reads
//! the pty master no faster than the link's rate (a token bucket with a 20 ms burst), so
//! once the kernel's pty buffer is full the app's writes block, as on an SSH socket whose
//! send buffer is full. What it reads goes to a vt100 screen; Primary Device Attributes
//! queries (`CSI c`) are answered when they come over the link, in order, as a terminal
//! answers them. Keys go the other way at once.
//!
//! One run: start on `target/bench-data/1m.db` (`TAIZHANG_BENCH_DB` for another), wait for
//! the region tree and quiet, `l` (the province ledger), quiet, then `j` 30 times a second
//! for 3 s on a fixed clock (as key auto-repeat), then wait for 1.5 s of quiet. Reported per
//! rate (2,400 and 9,600 B/s; `TAIZHANG_BENCH_RATES=1200,2400` for others), as the median of
//! `TAIZHANG_BENCH_RUNS` runs (default 3): bytes over the link from the first held key until
//! quiet, and the settle time = last byte − last key. The same again with a terminal that
//! never answers (the app cannot pace, and replays what the buffer holds), for comparison.
//! VisiData behind the same link (issue 18, 2026-12-01): 7.74 s at 2,400 B/s.

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const READY: &str = "台账在册";
const QUIET: Duration = Duration::from_millis(1500);
const HZ: f64 = 30.0;
const HOLD: Duration = Duration::from_secs(3);

struct Link {
    fd: i32,
    rate: f64,
    tokens: f64,
    refilled: Instant,
    screen: vt100::Parser,
    answers: bool,
    writer: Box<dyn Write + Send>,
    total: usize,
    /// A query cut at the end of the last read: its first bytes.
    carry: Vec<u8>,
}

impl Link {
    /// Moves bytes over the link until `until`; returns when the last one came, if any did.
    fn pump(&mut self, until: Instant) -> Option<Instant> {
        let burst = (self.rate * 0.02).max(16.0);
        let mut last = None;
        let mut buf = vec![0u8; 4096];
        loop {
            let now = Instant::now();
            if now >= until {
                return last;
            }
            self.tokens = (self.tokens + now.duration_since(self.refilled).as_secs_f64() * self.rate).min(burst);
            self.refilled = now;
            if self.tokens < 1.0 {
                std::thread::sleep(Duration::from_secs_f64((1.0 - self.tokens) / self.rate).min(until - now));
                continue;
            }
            let mut pfd = libc::pollfd { fd: self.fd, events: libc::POLLIN, revents: 0 };
            let wait = (until - now).min(Duration::from_millis(10)).as_millis() as i32;
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(&mut pfd, 1, wait) } <= 0 || pfd.revents & libc::POLLIN == 0 {
                if pfd.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                    return last;
                }
                continue;
            }
            let want = (self.tokens as usize).clamp(1, buf.len());
            // SAFETY: reading at most `want` bytes into a live buffer.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), want) };
            if n <= 0 {
                return last;
            }
            let n = n as usize;
            self.tokens -= n as f64;
            self.total += n;
            last = Some(Instant::now());
            self.feed(&buf[..n]);
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.screen.process(bytes);
        let mut seen = std::mem::take(&mut self.carry);
        seen.extend_from_slice(bytes);
        let queries = seen.windows(3).filter(|w| *w == b"\x1b[c").count();
        if self.answers {
            for _ in 0..queries {
                let _ = self.writer.write_all(b"\x1b[?62;22c");
            }
            let _ = self.writer.flush();
        }
        // Two bytes carried can start a query, never hold a whole one: none counts twice.
        self.carry = seen[seen.len() - seen.len().min(2)..].to_vec();
    }

    fn quiet(&mut self, limit: Duration, ready: impl Fn(&str) -> bool) -> Option<Instant> {
        let start = Instant::now();
        let (mut last, mut last_seen) = (None, start);
        while start.elapsed() < limit {
            if let Some(t) = self.pump(Instant::now() + Duration::from_millis(50)) {
                (last, last_seen) = (Some(t), t);
            } else if last_seen.elapsed() >= QUIET && ready(&self.screen.screen().contents()) {
                break;
            }
        }
        last
    }
}

struct Outcome {
    bytes: usize,
    settle: Duration,
}

fn run(db: &str, rate: f64, answers: bool) -> Result<Outcome, String> {
    let pair = native_pty_system()
        .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
        .map_err(|e| e.to_string())?;
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_taizhang"));
    cmd.args(["--db", db]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TAIZHANG_TODAY", "2026-11-23");
    for k in ["LC_ALL", "LC_MESSAGES", "LANGUAGE", "TAIZHANG_DB", "NO_COLOR"] {
        cmd.env_remove(k);
    }
    let mut child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
    drop(pair.slave);
    let fd = pair.master.as_raw_fd().ok_or("no master fd")?;
    let writer = pair.master.take_writer().map_err(|e| e.to_string())?;
    let mut link = Link {
        fd,
        rate,
        tokens: 0.0,
        refilled: Instant::now(),
        screen: vt100::Parser::new(ROWS, COLS, 0),
        answers,
        writer,
        total: 0,
        carry: Vec::new(),
    };
    let limit = Duration::from_secs(240);
    link.quiet(limit, |s| s.contains(READY));
    if !link.screen.screen().contents().contains(READY) {
        let _ = child.kill();
        return Err(format!("no {READY} on screen:\n{}", link.screen.screen().contents()));
    }
    let _ = link.writer.write_all(b"l");
    link.quiet(limit, |_| true);
    let before = link.total;
    let start = Instant::now();
    let keys = (HZ * HOLD.as_secs_f64()) as u32;
    let mut last_key = start;
    for i in 0..keys {
        link.pump(start + Duration::from_secs_f64(f64::from(i) / HZ));
        let _ = link.writer.write_all(b"j");
        last_key = Instant::now();
    }
    let last_byte = link.quiet(limit, |_| true).unwrap_or(last_key);
    let out = Outcome { bytes: link.total - before, settle: last_byte.saturating_duration_since(last_key) };
    let _ = link.writer.write_all(b"q");
    link.pump(Instant::now() + Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    Ok(out)
}

fn median<T: Copy + Ord>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let db = std::env::var_os("TAIZHANG_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1m.db"));
    if !db.exists() {
        eprintln!("{} is missing: run `cargo bench --bench ledger` once to create it", db.display());
        std::process::exit(2);
    }
    let db = db.to_string_lossy().to_string();
    let rates: Vec<f64> = std::env::var("TAIZHANG_BENCH_RATES")
        .unwrap_or_else(|_| "2400,9600".into())
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("TAIZHANG_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    println!("{db}: ledger, j held {HZ} keys/s for {} s; median of {runs} runs", HOLD.as_secs());
    for answers in [true, false] {
        let terminal = if answers { "terminal answers" } else { "terminal silent" };
        for &rate in &rates {
            let mut bytes = Vec::new();
            let mut settle = Vec::new();
            for _ in 0..runs {
                match run(&db, rate, answers) {
                    Ok(o) => {
                        bytes.push(o.bytes);
                        settle.push(o.settle);
                    }
                    Err(e) => eprintln!("run failed: {e}"),
                }
            }
            if bytes.is_empty() {
                continue;
            }
            println!(
                "{terminal:<17} {rate:>6.0} B/s: {:>7} B over the link, settles {:>6.3} s after the last key",
                median(bytes),
                median(settle).as_secs_f64()
            );
        }
    }
}
