//! A virtual table's window: a few screens of rows around the cursor, fetched a page at a
//! time by keyset queries as the cursor moves. Memory stays flat however many rows match;
//! Home and End fetch from either end directly.

/// Fetches up to `limit` rows strictly after (`backward == false`) or before `from`, or
/// from the very start/end when `from` is `None`. Rows come back in display order.
pub trait Fetch<R> {
    fn fetch(&mut self, from: Option<&R>, backward: bool, limit: usize) -> rusqlite::Result<Vec<R>>;
}

impl<R, F: FnMut(Option<&R>, bool, usize) -> rusqlite::Result<Vec<R>> + ?Sized> Fetch<R> for F {
    fn fetch(&mut self, from: Option<&R>, backward: bool, limit: usize) -> rusqlite::Result<Vec<R>> {
        self(from, backward, limit)
    }
}

#[derive(Debug, Clone)]
pub struct Window<R> {
    pub rows: Vec<R>,
    /// Index into `rows`.
    pub cursor: usize,
    /// Index of `rows[0]` in the whole list, when known (counting from the start).
    pub first_index: Option<i64>,
    pub at_start: bool,
    pub at_end: bool,
    /// How many rows one fetch brings (about a screen).
    pub chunk: usize,
    /// The running number of `rows[0]`: it moves as rows are dropped from or added at the
    /// front, so a screen can keep its scroll position across fetches.
    pub origin: i64,
}

impl<R> Default for Window<R> {
    fn default() -> Self {
        Window { rows: Vec::new(), cursor: 0, first_index: Some(0), at_start: true, at_end: true, chunk: 20, origin: 0 }
    }
}

impl<R> Window<R> {
    /// Rows kept at most: three chunks.
    fn cap(&self) -> usize {
        self.chunk * 3
    }

    pub fn selected(&self) -> Option<&R> {
        self.rows.get(self.cursor)
    }

    /// The cursor's index in the whole list, when known.
    pub fn position(&self) -> Option<i64> {
        self.first_index.map(|f| f + self.cursor as i64)
    }

    pub fn home(&mut self, source: &mut (impl Fetch<R> + ?Sized)) -> rusqlite::Result<()> {
        let rows = source.fetch(None, false, self.cap())?;
        self.at_end = rows.len() < self.cap();
        self.rows = rows;
        self.cursor = 0;
        self.first_index = Some(0);
        self.at_start = true;
        self.origin = 0;
        Ok(())
    }

    /// Jumps to the last row; `total` (if known) gives the position.
    pub fn end(&mut self, source: &mut (impl Fetch<R> + ?Sized), total: Option<i64>) -> rusqlite::Result<()> {
        let rows = source.fetch(None, true, self.cap())?;
        self.at_start = rows.len() < self.cap();
        self.first_index = if self.at_start { Some(0) } else { total.map(|t| t - rows.len() as i64) };
        self.cursor = rows.len().saturating_sub(1);
        self.rows = rows;
        self.at_end = true;
        self.origin = 0;
        Ok(())
    }

    /// Makes sure `n` rows after the cursor are loaded (so a page can be drawn full).
    pub fn prefetch(&mut self, n: usize, source: &mut (impl Fetch<R> + ?Sized)) -> rusqlite::Result<()> {
        if self.rows.len() < self.cursor + 1 + n && !self.at_end {
            let more = source.fetch(self.rows.last(), false, self.chunk)?;
            self.at_end = more.len() < self.chunk;
            self.rows.extend(more);
            let mut target = self.cursor as i64;
            self.trim_front(&mut target);
            self.cursor = target as usize;
        }
        Ok(())
    }

    /// Moves the cursor by `delta` rows, fetching and trimming as it goes.
    pub fn move_by(&mut self, delta: i64, source: &mut (impl Fetch<R> + ?Sized)) -> rusqlite::Result<()> {
        let mut target = self.cursor as i64 + delta;
        while target >= self.rows.len() as i64 && !self.at_end {
            let more = source.fetch(self.rows.last(), false, self.chunk)?;
            self.at_end = more.len() < self.chunk;
            self.rows.extend(more);
            self.trim_front(&mut target);
        }
        while target < 0 && !self.at_start {
            let more = source.fetch(self.rows.first(), true, self.chunk)?;
            self.at_start = more.len() < self.chunk;
            let n = more.len();
            self.rows.splice(0..0, more);
            target += n as i64;
            self.origin -= n as i64;
            self.first_index = self.first_index.map(|f| f - n as i64);
            if self.at_start {
                self.first_index = Some(0);
            }
            self.trim_back(target);
        }
        self.cursor = target.clamp(0, self.rows.len().saturating_sub(1) as i64) as usize;
        Ok(())
    }

    fn trim_front(&mut self, target: &mut i64) {
        let excess = self.rows.len().saturating_sub(self.cap());
        let removable = excess.min((*target as usize).saturating_sub(self.chunk));
        if removable > 0 {
            self.rows.drain(..removable);
            *target -= removable as i64;
            self.origin += removable as i64;
            self.first_index = self.first_index.map(|f| f + removable as i64);
            self.at_start = false;
        }
    }

    fn trim_back(&mut self, target: i64) {
        let cap = self.cap();
        if self.rows.len() > cap && (target as usize) < cap - self.chunk {
            self.rows.truncate(cap);
            self.at_end = false;
        }
    }

    /// Replaces the rows (after another session's commit), keeping the cursor's place.
    pub fn reload(&mut self, rows: Vec<R>, at_end: bool) {
        self.cursor = self.cursor.min(rows.len().saturating_sub(1));
        self.rows = rows;
        self.at_end = at_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source of the numbers 0..n, counting how many rows it handed out.
    struct Numbers {
        n: i64,
        fetched: usize,
    }

    impl Fetch<i64> for Numbers {
        fn fetch(&mut self, from: Option<&i64>, backward: bool, limit: usize) -> rusqlite::Result<Vec<i64>> {
            let rows: Vec<i64> = match (from, backward) {
                (None, false) => (0..self.n).take(limit).collect(),
                (None, true) => ((self.n - limit as i64).max(0)..self.n).collect(),
                (Some(&k), false) => (k + 1..self.n).take(limit).collect(),
                (Some(&k), true) => ((k - limit as i64).max(0)..k).collect(),
            };
            self.fetched += rows.len();
            Ok(rows)
        }
    }

    #[test]
    fn scrolling_a_million_rows_keeps_a_small_window() {
        let mut src = Numbers { n: 1_000_000, fetched: 0 };
        let mut w: Window<i64> = Window { chunk: 20, ..Window::default() };
        w.home(&mut src).expect("home");
        for _ in 0..500 {
            w.move_by(1, &mut src).expect("down");
        }
        assert_eq!(w.selected(), Some(&500));
        assert_eq!(w.position(), Some(500));
        assert!(w.rows.len() <= 60, "window holds {} rows", w.rows.len());
        for _ in 0..50 {
            w.move_by(20, &mut src).expect("page down");
        }
        assert_eq!(w.selected(), Some(&1500));
        for _ in 0..100 {
            w.move_by(-20, &mut src).expect("page up");
        }
        assert_eq!(w.selected(), Some(&0));
        assert!(w.rows.len() <= 60);
        w.end(&mut src, Some(1_000_000)).expect("end");
        assert_eq!(w.selected(), Some(&999_999));
        assert_eq!(w.position(), Some(999_999));
        w.move_by(-25, &mut src).expect("up");
        assert_eq!(w.selected(), Some(&999_974));
        assert!(src.fetched < 10_000, "fetched {} rows in all", src.fetched);
    }

    #[test]
    fn short_lists() {
        let mut src = Numbers { n: 3, fetched: 0 };
        let mut w: Window<i64> = Window::default();
        w.home(&mut src).expect("home");
        w.move_by(10, &mut src).expect("down");
        assert_eq!(w.selected(), Some(&2));
        w.move_by(-10, &mut src).expect("up");
        assert_eq!(w.selected(), Some(&0));
        let mut empty = Numbers { n: 0, fetched: 0 };
        w.home(&mut empty).expect("home");
        assert_eq!(w.selected(), None);
    }
}
