//! The terminal's input, read by us: keys, and the terminal's answers to our frame fences.
//!
//! crossterm's reader swallows every terminal reply (it keeps them for its own queries), so
//! the loop could not tell when the terminal has shown a frame. termina's parser (helix's,
//! adapted from crossterm's own) turns the same bytes into the same keys and also hands
//! over the Primary Device Attributes reply that [`super::link`] uses as an acknowledgement.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use termina::escape::csi::{Csi, Device};
use termina::event::{KeyCode as TKey, KeyEventKind as TKind, Modifiers};

/// One thing the terminal sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// The terminal has processed everything we wrote before one fence.
    Fence,
}

#[derive(Debug, Default)]
pub struct Reader {
    parser: termina::Parser,
}

impl Reader {
    /// Reads what the terminal has sent (stdin must be ready, or the read blocks) and
    /// returns it as keys and fences. An empty result with `Ok` means end of input.
    pub fn read_ready(&mut self) -> std::io::Result<Option<Vec<Input>>> {
        let mut buf = [0u8; 4096];
        // SAFETY: reading into a live buffer of the given length.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            return match e.kind() {
                std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock => Ok(Some(Vec::new())),
                _ => Err(e),
            };
        }
        let n = n as usize;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(self.feed(buf.get(..n).unwrap_or_default(), n == buf.len())))
    }

    /// Parses `bytes`; `more` when the read filled the buffer (a sequence may be cut there,
    /// so a trailing Esc is not yet the Esc key).
    pub fn feed(&mut self, bytes: &[u8], more: bool) -> Vec<Input> {
        self.parser.parse(bytes, more);
        std::iter::from_fn(|| self.parser.pop()).filter_map(convert).collect()
    }
}

fn convert(event: termina::Event) -> Option<Input> {
    match event {
        termina::Event::Key(k) => key(k).map(Input::Key),
        termina::Event::Csi(Csi::Device(Device::DeviceAttributes(()))) => Some(Input::Fence),
        _ => None,
    }
}

/// termina's key as the crossterm key the key tables are written in.
fn key(k: termina::event::KeyEvent) -> Option<KeyEvent> {
    let code = match k.code {
        TKey::Char(c) => KeyCode::Char(c),
        TKey::Enter => KeyCode::Enter,
        TKey::Backspace => KeyCode::Backspace,
        TKey::Tab => KeyCode::Tab,
        TKey::BackTab => KeyCode::BackTab,
        TKey::Escape => KeyCode::Esc,
        TKey::Left => KeyCode::Left,
        TKey::Right => KeyCode::Right,
        TKey::Up => KeyCode::Up,
        TKey::Down => KeyCode::Down,
        TKey::Home => KeyCode::Home,
        TKey::End => KeyCode::End,
        TKey::PageUp => KeyCode::PageUp,
        TKey::PageDown => KeyCode::PageDown,
        TKey::Insert => KeyCode::Insert,
        TKey::Delete => KeyCode::Delete,
        TKey::Function(n) => KeyCode::F(n),
        TKey::Null => KeyCode::Null,
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (t, c) in [
        (Modifiers::SHIFT, KeyModifiers::SHIFT),
        (Modifiers::CONTROL, KeyModifiers::CONTROL),
        (Modifiers::ALT, KeyModifiers::ALT),
    ] {
        if k.modifiers.contains(t) {
            modifiers |= c;
        }
    }
    let kind = match k.kind {
        TKind::Release => KeyEventKind::Release,
        TKind::Repeat => KeyEventKind::Repeat,
        TKind::Press => KeyEventKind::Press,
    };
    Some(KeyEvent::new_with_kind(code, modifiers, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Input> {
        Reader::default().feed(bytes, false)
    }

    #[test]
    fn keys_read_as_crossterm_reads_them() {
        let press = |code, m| Input::Key(KeyEvent::new(code, m));
        assert_eq!(keys(b"j"), vec![press(KeyCode::Char('j'), KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b"), vec![press(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b[6~"), vec![press(KeyCode::PageDown, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1bOQ"), vec![press(KeyCode::F(2), KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x13"), vec![press(KeyCode::Char('s'), KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"\r"), vec![press(KeyCode::Enter, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b[Z"), vec![press(KeyCode::BackTab, KeyModifiers::SHIFT)]);
        assert_eq!(keys("王".as_bytes()), vec![press(KeyCode::Char('王'), KeyModifiers::NONE)]);
    }

    #[test]
    fn a_device_attributes_reply_is_a_fence_between_keys() {
        let got = keys(b"j\x1b[?62;22cj");
        assert_eq!(got.len(), 3);
        assert_eq!(got[1], Input::Fence);
    }

    #[test]
    fn a_sequence_cut_by_a_full_read_waits_for_its_end() {
        let mut r = Reader::default();
        assert!(r.feed(b"\x1b[?6", true).is_empty());
        assert_eq!(r.feed(b"c", false), vec![Input::Fence]);
    }
}
