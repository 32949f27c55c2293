//! What a read-only screen last loaded: the data, or the sentence saying why it could not.

/// The data a screen shows and the error that replaced it, if the last load failed.
#[derive(Debug, Default)]
pub struct Loaded<T> {
    pub data: T,
    pub error: Option<String>,
}

impl<T: Default + PartialEq> Loaded<T> {
    /// Takes a new load (a failed one empties the data); whether the screen must redraw.
    pub fn replace(&mut self, load: Result<T, String>) -> bool {
        let (data, error) = match load {
            Ok(d) => (d, None),
            Err(e) => (T::default(), Some(e)),
        };
        let changed = data != self.data || error != self.error;
        (self.data, self.error) = (data, error);
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_load_empties_the_data_and_a_same_load_changes_nothing() {
        let mut l: Loaded<Vec<i32>> = Loaded::default();
        assert!(l.replace(Ok(vec![1, 2])));
        assert!(!l.replace(Ok(vec![1, 2])));
        assert!(l.replace(Err("locked".into())));
        assert_eq!((l.data.len(), l.error.as_deref()), (0, Some("locked")));
    }
}
