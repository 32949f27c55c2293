//! Frames paced to what the link carries.
//!
//! Between us and the user sit the kernel's pty buffer and an SSH socket: some 20 KB that
//! accept our writes long before the terminal shows them. At 2,400 B/s that is 8 s of
//! stale frames replayed after the user let go of a key. So every frame ends with a fence
//! (Primary Device Attributes, `CSI c`, which every terminal answers in order) and we send
//! the next frame only while little is unacknowledged; meanwhile keys keep updating the
//! state and the next frame shows the latest one. On a fast link the answer is back before
//! the next key, so nothing waits.
//!
//! A terminal that never answers is never paced: until a first answer arrives, and again
//! after one is overdue, frames go out as they are drawn (writes block when the link is
//! full, and all input pending then is read before the next frame).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The query whose answer acknowledges a frame.
pub const FENCE: &[u8] = b"\x1b[c";

/// How many unacknowledged bytes may be on the way before the next frame waits: about
/// two cursor moves, a quarter of a second at 2,400 B/s.
const IN_FLIGHT: usize = 600;

/// An answer this late means the terminal stopped answering (or never will): stop pacing.
const OVERDUE: Duration = Duration::from_secs(3);

#[derive(Debug, Default)]
pub struct Link {
    /// The terminal has answered a fence: it can be paced.
    answers: bool,
    /// Frames sent and not yet acknowledged: their bytes and when they went.
    pending: VecDeque<(usize, Instant)>,
}

impl Link {
    /// May a frame be sent now?
    pub fn may_send(&mut self, now: Instant) -> bool {
        if self.pending.front().is_some_and(|(_, at)| now.duration_since(*at) > OVERDUE) {
            self.answers = false;
            self.pending.clear();
        }
        !self.answers || self.pending.iter().map(|(n, _)| n).sum::<usize>() < IN_FLIGHT
    }

    /// How long until [`Link::may_send`] changes on its own (a fence becomes overdue).
    pub fn wait_at_most(&self, now: Instant) -> Option<Duration> {
        let (_, at) = self.pending.front()?;
        Some((*at + OVERDUE).saturating_duration_since(now))
    }

    /// A frame of `bytes` (its fence included) went out.
    pub fn sent(&mut self, bytes: usize, now: Instant) {
        self.pending.push_back((bytes, now));
    }

    /// The terminal answered a fence: the oldest frame is on screen.
    pub fn acknowledged(&mut self) {
        self.answers = true;
        self.pending.pop_front();
    }

    /// The terminal was reset (Ctrl-Z, redraw): answers to old fences may never come.
    pub fn forget(&mut self) {
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_terminal_is_never_held_back() {
        let mut link = Link::default();
        let t = Instant::now();
        for _ in 0..100 {
            assert!(link.may_send(t));
            link.sent(5_000, t);
        }
    }

    #[test]
    fn an_answering_terminal_waits_for_its_backlog() {
        let mut link = Link::default();
        let t = Instant::now();
        link.sent(300, t);
        link.acknowledged();
        link.sent(300, t);
        assert!(link.may_send(t), "one move in flight");
        link.sent(300, t);
        assert!(!link.may_send(t), "two moves in flight");
        link.acknowledged();
        assert!(link.may_send(t));
    }

    #[test]
    fn an_overdue_answer_ends_the_pacing() {
        let mut link = Link::default();
        let t = Instant::now();
        link.sent(300, t);
        link.acknowledged();
        link.sent(3_000, t);
        assert!(!link.may_send(t + Duration::from_secs(1)));
        assert!(link.wait_at_most(t + Duration::from_secs(1)).is_some_and(|d| d <= OVERDUE));
        assert!(link.may_send(t + OVERDUE + Duration::from_millis(1)));
        assert!(link.may_send(t + OVERDUE * 2), "until it answers again");
    }
}
