//! A small harness for driving `taizhang` in a pseudo-terminal, shared by the end-to-end
//! tests (`tests/e2e_pty.rs`) and the first-frame benchmark (`benches/first_frame.rs`,
//! which includes this file with `#[path]`).
//!
//! A reader thread drains the pty master continuously (so the app never blocks on a full
//! pty buffer), feeds every byte into a `vt100::Parser` and keeps a timestamped log of
//! the chunks it read. Tests look at the screen as a terminal would show it.

#![allow(dead_code)]

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use portable_pty::ExitStatus;

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// The binary cargo built for this test or bench target.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_taizhang"))
}

/// Environment that keeps the interface Chinese and the terminal predictable, applied
/// to both pty sessions and plain `std::process::Command`s.
pub const ENV_SET: &[(&str, &str)] = &[("TERM", "xterm-256color"), ("LANG", "C.UTF-8")];
pub const ENV_REMOVE: &[&str] = &["LC_ALL", "LC_MESSAGES", "LANGUAGE", "TAIZHANG_DB", "NO_COLOR"];

/// `std::process::Command` for the binary with the same environment as a pty session.
pub fn command(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(bin());
    cmd.args(args);
    for (k, v) in ENV_SET {
        cmd.env(k, v);
    }
    for k in ENV_REMOVE {
        cmd.env_remove(k);
    }
    cmd
}

/// Writes a demo database (`taizhang demo`, its default size) at `db` with extra
/// environment: a `--db` that names no database is refused, so the end-to-end tests make
/// theirs as a user would.
pub fn make_demo(db: &Path, env: &[(&str, &str)]) -> Result<(), String> {
    let path = db.to_str().ok_or_else(|| format!("path is not UTF-8: {}", db.display()))?;
    let mut cmd = command(&["demo", "--db", path]);
    cmd.envs(env.iter().copied()).stdin(std::process::Stdio::null());
    let out = cmd.output().map_err(|e| format!("running taizhang demo: {e}"))?;
    if !out.status.success() {
        return Err(format!("taizhang demo exited {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
    }
    Ok(())
}

/// What the reader thread shares with the test.
struct State {
    parser: vt100::Parser,
    /// Every byte the app wrote, in order.
    raw: Vec<u8>,
    /// (when read, how many bytes) for each read from the master.
    chunks: Vec<(Instant, usize)>,
    /// The reader reached end of file or an error (EIO once the slave side is closed).
    eof: bool,
    /// The error that ended the reader, if it was not a plain EOF/EIO.
    read_error: Option<String>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic in a test thread while holding the lock must not hide the screen.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One running `taizhang` in a pty.
pub struct Session {
    pid: u32,
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    reader: Option<JoinHandle<()>>,
    /// Tells the reader thread to close its master fd and end.
    stop: Arc<AtomicBool>,
    shared: Arc<Shared>,
    /// Just before the process was spawned.
    pub started: Instant,
    status: Option<ExitStatus>,
}

impl Session {
    /// Spawns the test binary with `args` at 80x24.
    pub fn spawn(args: &[&str]) -> Result<Session, String> {
        Session::spawn_bin(&bin(), args, ROWS, COLS)
    }

    /// Spawns the test binary at 80x24 with extra environment variables.
    pub fn spawn_env(args: &[&str], env: &[(&str, &str)]) -> Result<Session, String> {
        Session::spawn_with(&bin(), args, ROWS, COLS, env)
    }

    pub fn spawn_bin(bin: &Path, args: &[&str], rows: u16, cols: u16) -> Result<Session, String> {
        Session::spawn_with(bin, args, rows, cols, &[])
    }

    pub fn spawn_with(
        bin: &Path,
        args: &[&str],
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
    ) -> Result<Session, String> {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .map_err(|e| format!("openpty failed: {e:#}"))?;
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        for (k, v) in ENV_SET {
            cmd.env(k, v);
        }
        for k in ENV_REMOVE {
            cmd.env_remove(k);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Ok(dir) = std::env::current_dir() {
            cmd.cwd(dir);
        }
        // Our own dup of the master for reading, polled so the thread can be told to stop
        // and close it: the terminal really disappears only when every master fd is closed.
        let master_fd = pair.master.as_raw_fd().ok_or("the pty master has no file descriptor")?;
        // SAFETY: dup(2) of a valid fd we own; the new fd is owned by the File below.
        let dup = unsafe { libc::dup(master_fd) };
        if dup < 0 {
            return Err(format!("dup of the pty master: {}", std::io::Error::last_os_error()));
        }
        // SAFETY: `dup` is a fresh fd that nothing else owns.
        let mut reader = unsafe { std::fs::File::from_raw_fd(dup) };
        let writer = pair.master.take_writer().map_err(|e| format!("pty writer: {e:#}"))?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                parser: vt100::Parser::new(rows, cols, 0),
                raw: Vec::new(),
                chunks: Vec::new(),
                eof: false,
                read_error: None,
            }),
            changed: Condvar::new(),
        });
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).map_err(|e| format!("spawning {}: {e:#}", bin.display()))?;
        // Only the child keeps the slave open, so the reader sees EOF/EIO when it exits.
        drop(pair.slave);
        let pid = child.process_id().ok_or("spawned child has no pid")?;
        let for_thread = Arc::clone(&shared);
        let stop = Arc::new(AtomicBool::new(false));
        let stop_thread = Arc::clone(&stop);
        let reader = std::thread::Builder::new()
            .name(format!("pty-reader-{pid}"))
            .spawn(move || {
                let mut buf = vec![0u8; 1 << 16];
                let fd = reader.as_raw_fd();
                loop {
                    if stop_thread.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
                    // SAFETY: one valid pollfd.
                    let ready = unsafe { libc::poll(&mut pfd, 1, 20) };
                    if ready < 0 {
                        let e = std::io::Error::last_os_error();
                        if e.kind() == std::io::ErrorKind::Interrupted {
                            continue;
                        }
                        for_thread.lock().read_error = Some(format!("poll: {e}"));
                        break;
                    }
                    if ready == 0 {
                        continue;
                    }
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            let now = Instant::now();
                            let mut s = for_thread.lock();
                            s.parser.process(&buf[..n]);
                            s.raw.extend_from_slice(&buf[..n]);
                            s.chunks.push((now, n));
                            drop(s);
                            for_thread.changed.notify_all();
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => {
                            // EIO is how Linux reports "the slave side is closed".
                            if e.raw_os_error() != Some(libc::EIO) {
                                for_thread.lock().read_error = Some(e.to_string());
                            }
                            break;
                        }
                    }
                }
                drop(reader);
                for_thread.lock().eof = true;
                for_thread.changed.notify_all();
            })
            .map_err(|e| format!("starting the reader thread: {e}"))?;
        Ok(Session {
            pid,
            child,
            master: Some(pair.master),
            writer: Some(writer),
            reader: Some(reader),
            stop,
            shared,
            started,
            status: None,
        })
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The screen as text: one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    /// The screen with row numbers, for failure messages.
    pub fn screen_dump(&self) -> String {
        let s = self.shared.lock();
        dump(&s)
    }

    /// Whether the emulated terminal is showing the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.shared.lock().parser.screen().alternate_screen()
    }

    /// Sends bytes to the app as if typed.
    pub fn send(&mut self, bytes: impl AsRef<[u8]>) -> Result<(), String> {
        let w = self.writer.as_mut().ok_or("the pty writer was already closed")?;
        w.write_all(bytes.as_ref()).and_then(|_| w.flush()).map_err(|e| format!("writing to the pty: {e}"))
    }

    /// Sends one key and pauses briefly, so that e.g. a lone Esc is not merged with the
    /// next key into an Alt sequence.
    pub fn key(&mut self, bytes: impl AsRef<[u8]>) -> Result<(), String> {
        self.send(bytes)?;
        std::thread::sleep(Duration::from_millis(60));
        Ok(())
    }

    /// Waits until the screen contains `text`; on timeout the error shows the screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Result<(), String> {
        self.wait_for_all(&[text], timeout).map(|_| ())
    }

    /// Waits until the screen contains every one of `texts`. Returns when the chunk that
    /// completed the screen was read.
    pub fn wait_for_all(&self, texts: &[&str], timeout: Duration) -> Result<Instant, String> {
        self.wait_until(timeout, |screen| texts.iter().all(|t| screen.contains(t)))
            .map_err(|e| format!("waiting for {texts:?}: {e}"))
    }

    /// Waits until the screen no longer contains `text`.
    pub fn wait_for_absent(&self, text: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(timeout, |screen| !screen.contains(text))
            .map(|_| ())
            .map_err(|e| format!("waiting for {text:?} to disappear: {e}"))
    }

    /// Waits until `pred(screen)` holds.
    pub fn wait_until(&self, timeout: Duration, pred: impl Fn(&str) -> bool) -> Result<Instant, String> {
        let deadline = Instant::now() + timeout;
        let mut s = self.shared.lock();
        loop {
            if pred(&s.parser.screen().contents()) {
                return Ok(s.chunks.last().map(|c| c.0).unwrap_or_else(Instant::now));
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(format!("timed out after {timeout:?}\n{}", dump(&s)));
            }
            if s.eof {
                // Nothing more can arrive; give the condition one last look above only.
                return Err(format!("the app closed the terminal (exited?)\n{}", dump(&s)));
            }
            // Wake at least every 50 ms to re-check the deadline.
            let wait = (deadline - now).min(Duration::from_millis(50));
            s = self.shared.changed.wait_timeout(s, wait).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// Total bytes the app has written so far.
    pub fn total_bytes(&self) -> usize {
        self.shared.lock().raw.len()
    }

    /// Bytes read from the app at or after `mark`.
    pub fn bytes_since(&self, mark: Instant) -> usize {
        self.shared.lock().chunks.iter().filter(|(t, _)| *t >= mark).map(|(_, n)| n).sum()
    }

    /// Bytes read strictly before `mark` (e.g. up to the first frame).
    pub fn bytes_before(&self, mark: Instant) -> usize {
        self.shared.lock().chunks.iter().filter(|(t, _)| *t <= mark).map(|(_, n)| n).sum()
    }

    /// When the first chunk at or after `mark` was read.
    pub fn first_byte_after(&self, mark: Instant) -> Option<Instant> {
        self.shared.lock().chunks.iter().find(|(t, _)| *t >= mark).map(|c| c.0)
    }

    /// When the last chunk was read.
    pub fn last_byte_at(&self) -> Option<Instant> {
        self.shared.lock().chunks.last().map(|c| c.0)
    }

    /// Waits until the app has written something after `mark` and then nothing for
    /// `quiet`. Returns (first byte, last byte) times, or None if nothing came in `timeout`.
    pub fn wait_output_settled(&self, mark: Instant, quiet: Duration, timeout: Duration) -> Option<(Instant, Instant)> {
        let deadline = Instant::now() + timeout;
        let mut s = self.shared.lock();
        loop {
            let first = s.chunks.iter().find(|(t, _)| *t >= mark).map(|c| c.0);
            let last = s.chunks.last().map(|c| c.0);
            let now = Instant::now();
            if let (Some(first), Some(last)) = (first, last) {
                if now.duration_since(last) >= quiet {
                    return Some((first, last));
                }
            }
            if now >= deadline || s.eof {
                return match (first, last) {
                    (Some(f), Some(l)) => Some((f, l)),
                    _ => None,
                };
            }
            let wait = match last {
                Some(l) if first.is_some() => (l + quiet).saturating_duration_since(now).max(Duration::from_millis(1)),
                _ => Duration::from_millis(20),
            };
            s = self.shared.changed.wait_timeout(s, wait.min(deadline - now)).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// A copy of every byte written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
    }

    /// Whether the reader has ended: it saw the app's side of the pty close, or was stopped.
    pub fn reader_done(&self) -> bool {
        self.shared.lock().eof
    }

    /// Waits for the reader to reach EOF (after the process exited and all output is in).
    pub fn wait_reader_done(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut s = self.shared.lock();
        while !s.eof {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            s = self.shared.changed.wait_timeout(s, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
        }
        true
    }

    /// Polls (and reaps) the child. Some(status) once it has exited.
    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            if let Ok(Some(st)) = self.child.try_wait() {
                self.status = Some(st);
            }
        }
        self.status.clone()
    }

    /// Waits up to `timeout` for the child to exit.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(st) = self.try_wait() {
                return Some(st);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends `sig` to the child (if it has not been reaped yet).
    pub fn signal(&self, sig: libc::c_int) -> Result<(), String> {
        if self.status.is_some() {
            return Err("the child was already reaped".into());
        }
        // SAFETY: plain kill(2) on our own, not yet reaped, child.
        if unsafe { libc::kill(self.pid as libc::pid_t, sig) } != 0 {
            return Err(format!("kill({}, {sig}): {}", self.pid, std::io::Error::last_os_error()));
        }
        Ok(())
    }

    /// SIGKILL and reap.
    pub fn kill(&mut self) {
        if self.try_wait().is_none() {
            let _ = self.signal(libc::SIGKILL);
            let _ = self.wait_exit(Duration::from_secs(5));
        }
    }

    /// Closes our side of the terminal, as when an SSH connection or terminal window
    /// goes away: the reader thread stops and closes its fd, then the writer and the
    /// master are dropped, so no fd of the master stays open in this process.
    /// Note that portable-pty's writer sends "\n" and VEOF (Ctrl-D) when dropped.
    pub fn close_terminal(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
        self.writer.take();
        self.master.take();
    }

    /// Peak resident set size (VmHWM) in KiB, while the process is alive.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.pid, "VmHWM:")
    }

    /// CPU time used so far (user + system), from /proc/<pid>/stat; works for zombies too.
    pub fn cpu_time(&self) -> Option<Duration> {
        proc_cpu(self.pid).map(|(_, cpu)| cpu)
    }

    /// The process state letter from /proc/<pid>/stat ('S', 'R', 'Z', ...).
    pub fn proc_state(&self) -> Option<char> {
        proc_cpu(self.pid).map(|(state, _)| state)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.kill();
        self.close_terminal();
    }
}

fn dump(s: &State) -> String {
    let contents = s.parser.screen().contents();
    let mut out = String::from("---- screen ----\n");
    for (i, line) in contents.split('\n').enumerate() {
        out.push_str(&format!("{i:2}|{line}\n"));
    }
    out.push_str(&format!("---- {} bytes written in total", s.raw.len()));
    if s.eof {
        out.push_str(", terminal closed");
    }
    if let Some(e) = &s.read_error {
        out.push_str(&format!(", read error: {e}"));
    }
    out.push_str(" ----");
    out
}

/// A field like `VmHWM:   12345 kB` from /proc/<pid>/status, in KiB.
pub fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// (state, utime + stime) from /proc/<pid>/stat.
pub fn proc_cpu(pid: u32) -> Option<(char, Duration)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: split after the last ')'.
    let rest = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = fields.first()?.chars().next()?;
    // After the name: state is field 3, utime 14, stime 15 (1-based) → indexes 0, 11, 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Some((state, Duration::from_millis((utime + stime) * 1000 / hz)))
}

/// Keys as the terminal sends them.
/// A step's result, or the test stops saying which step failed and why.
pub fn ok<T>(r: Result<T, String>, what: &str) -> T {
    r.unwrap_or_else(|e| panic!("{what}: {e}"))
}

pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const DOWN: &str = "\x1b[B";
    pub const UP: &str = "\x1b[A";
    pub const PAGE_DOWN: &str = "\x1b[6~";
    pub const PAGE_UP: &str = "\x1b[5~";
    pub const F1: &str = "\x1bOP";
    pub const CTRL_C: &str = "\x03";
}

/// Filling the new-case form, as the end-to-end tests do it.
pub mod case_form {
    use super::{keys, Session};
    use std::time::Duration;

    const STEP: Duration = Duration::from_secs(5);
    const TAB: &str = "\t";
    const RIGHT: &str = "\x1b[C";

    /// From the first screen to an empty new-case form in 逊克县's ledger.
    pub fn open_new(s: &mut Session) -> Result<(), String> {
        for k in ["/", "x", "k", keys::ENTER, "l"] {
            s.key(k)?;
        }
        s.wait_for("逊克县台账", STEP)?;
        s.key("n")?;
        s.wait_for("登记新案件", STEP)
    }

    /// From the sex field (just filled from the ID number) to the reason, every field a
    /// save needs: 实验小学校 from the picker, grade `grade` (1–9), absent since 2026-11-02,
    /// the first reason.
    pub fn fill_school_to_reason(s: &mut Session, grade: usize) -> Result<(), String> {
        s.key(TAB)?; // birth date (filled from the ID)
        s.key(TAB)?; // school
        s.key(keys::ENTER)?;
        s.wait_for("选择学校", STEP)?;
        s.key("syx")?; // pinyin initials of 实验小学校
        s.wait_for("实验小学校", STEP)?;
        s.key(keys::ENTER)?;
        s.key(TAB)?; // grade
        for _ in 0..grade {
            s.key(RIGHT)?;
        }
        for _ in 0..4 {
            s.key(TAB)?; // class, family types, hukou, absent since
        }
        s.key("2026-11-02")?;
        s.key(TAB)?; // reason
        s.key(RIGHT)
    }
}
