//! The playlist: items with stable identifiers, an order the user edits, a current
//! item, and a repeat mode. Shared (behind a mutex) by the control side and the feeder
//! thread; never touched by the audio callback.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Default maximum number of items.
pub const DEFAULT_MAX_ITEMS: usize = 10_000;

/// What happens at the end of a track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Repeat {
    /// Play to the end of the list, then stop.
    #[default]
    Off,
    /// Repeat the current track.
    One,
    /// Start the list again after its last item.
    All,
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaylistItem {
    /// Identifier, unique within this playlist and never reused (starts at 1).
    pub id: u64,
    /// The file.
    pub path: PathBuf,
}

/// What went wrong with a playlist edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaylistError {
    /// Adding would exceed the item limit; nothing was added.
    #[error("the playlist holds at most {max} items; it has {have} and {adding} were added")]
    Full {
        /// The limit.
        max: usize,
        /// Items now.
        have: usize,
        /// Items being added.
        adding: usize,
    },
    /// No item has this identifier.
    #[error("no playlist item has id {0}")]
    NoSuchItem(u64),
}

/// An ordered list of files.
#[derive(Debug, Clone)]
pub struct Playlist {
    items: Vec<PlaylistItem>,
    current: Option<usize>,
    repeat: Repeat,
    max_items: usize,
    next_id: u64,
}

impl Playlist {
    /// An empty playlist of at most `max_items` items (at least 1).
    pub fn new(max_items: usize) -> Self {
        Self {
            items: Vec::new(),
            current: None,
            repeat: Repeat::Off,
            max_items: max_items.max(1),
            next_id: 1,
        }
    }

    /// The items in order.
    pub fn items(&self) -> &[PlaylistItem] {
        &self.items
    }

    /// The current item (the one playing, or next to play).
    pub fn current(&self) -> Option<&PlaylistItem> {
        self.current.and_then(|i| self.items.get(i))
    }

    /// The repeat mode.
    pub fn repeat(&self) -> Repeat {
        self.repeat
    }

    /// Sets the repeat mode.
    pub fn set_repeat(&mut self, r: Repeat) {
        self.repeat = r;
    }

    /// Position of item `id` in the list.
    pub fn index_of(&self, id: u64) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// Appends `paths`; the first added becomes current if there was none.
    ///
    /// # Errors
    /// [`PlaylistError::Full`] if they do not all fit (then none is added).
    pub fn add(&mut self, paths: Vec<PathBuf>) -> Result<Vec<u64>, PlaylistError> {
        if self.items.len() + paths.len() > self.max_items {
            return Err(PlaylistError::Full {
                max: self.max_items,
                have: self.items.len(),
                adding: paths.len(),
            });
        }
        let first_new = self.items.len();
        let ids: Vec<u64> = paths
            .into_iter()
            .map(|path| {
                let id = self.next_id;
                self.next_id += 1;
                self.items.push(PlaylistItem { id, path });
                id
            })
            .collect();
        if self.current.is_none() && !ids.is_empty() {
            self.current = Some(first_new);
        }
        Ok(ids)
    }

    /// Removes item `id`. Removing the current item makes the one after it current.
    ///
    /// # Errors
    /// [`PlaylistError::NoSuchItem`].
    pub fn remove(&mut self, id: u64) -> Result<(), PlaylistError> {
        let i = self.index_of(id).ok_or(PlaylistError::NoSuchItem(id))?;
        self.items.remove(i);
        self.current = match self.current {
            Some(c) if c > i => Some(c - 1),
            Some(c) if c == i && c >= self.items.len() => None,
            c => c,
        };
        Ok(())
    }

    /// Moves item `id` to position `to` (clamped to the end).
    ///
    /// # Errors
    /// [`PlaylistError::NoSuchItem`].
    pub fn move_item(&mut self, id: u64, to: usize) -> Result<(), PlaylistError> {
        let from = self.index_of(id).ok_or(PlaylistError::NoSuchItem(id))?;
        let current_id = self.current().map(|c| c.id);
        let item = self.items.remove(from);
        let to = to.min(self.items.len());
        self.items.insert(to, item);
        self.current = current_id.and_then(|c| self.index_of(c));
        Ok(())
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        self.items.clear();
        self.current = None;
    }

    /// Makes item `id` current.
    ///
    /// # Errors
    /// [`PlaylistError::NoSuchItem`].
    pub fn set_current(&mut self, id: u64) -> Result<(), PlaylistError> {
        self.current = Some(self.index_of(id).ok_or(PlaylistError::NoSuchItem(id))?);
        Ok(())
    }

    /// Moves to the item after the current one and returns it: at a track's natural
    /// end (`auto`) [`Repeat::One`] stays on the same item; at the end of the list
    /// [`Repeat::All`] wraps around and [`Repeat::Off`] leaves no current item.
    pub fn advance(&mut self, auto: bool) -> Option<&PlaylistItem> {
        let c = self.current?;
        if auto && self.repeat == Repeat::One {
            return self.current();
        }
        self.current = if c + 1 < self.items.len() {
            Some(c + 1)
        } else if self.repeat == Repeat::All && !self.items.is_empty() {
            Some(0)
        } else {
            None
        };
        self.current()
    }

    /// Moves to the item before the current one (wrapping with [`Repeat::All`], else
    /// staying on the first) and returns it.
    pub fn previous(&mut self) -> Option<&PlaylistItem> {
        let c = self.current?;
        self.current = Some(if c > 0 {
            c - 1
        } else if self.repeat == Repeat::All {
            self.items.len() - 1
        } else {
            0
        });
        self.current()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> Playlist {
        let mut p = Playlist::new(100);
        p.add((0..n).map(|i| PathBuf::from(format!("{i}.wav"))).collect())
            .unwrap();
        p
    }

    fn names(p: &Playlist) -> Vec<String> {
        p.items()
            .iter()
            .map(|i| i.path.display().to_string())
            .collect()
    }

    #[test]
    fn ids_are_stable_and_never_reused() {
        let mut p = list(3);
        assert_eq!(
            p.items().iter().map(|i| i.id).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        p.remove(3).unwrap();
        assert_eq!(p.add(vec!["x.wav".into()]).unwrap(), [4]);
        assert_eq!(p.remove(3), Err(PlaylistError::NoSuchItem(3)));
    }

    #[test]
    fn limit_is_all_or_nothing() {
        let mut p = Playlist::new(3);
        p.add(vec!["a".into(), "b".into()]).unwrap();
        let e = p.add(vec!["c".into(), "d".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the playlist holds at most 3 items; it has 2 and 2 were added"
        );
        assert_eq!(p.items().len(), 2);
    }

    #[test]
    fn reorder_keeps_the_current_item() {
        let mut p = list(4);
        p.set_current(2).unwrap();
        p.move_item(2, 3).unwrap();
        assert_eq!(names(&p), ["0.wav", "2.wav", "3.wav", "1.wav"]);
        assert_eq!(p.current().unwrap().id, 2);
        p.move_item(4, 0).unwrap();
        assert_eq!(names(&p), ["3.wav", "0.wav", "2.wav", "1.wav"]);
        assert_eq!(p.current().unwrap().id, 2);
    }

    #[test]
    fn removing_items_adjusts_the_current_one() {
        let mut p = list(3);
        p.set_current(2).unwrap();
        p.remove(1).unwrap();
        assert_eq!(p.current().unwrap().id, 2);
        p.remove(2).unwrap(); // current removed: the next one becomes current
        assert_eq!(p.current().unwrap().id, 3);
        p.remove(3).unwrap();
        assert_eq!(p.current(), None);
    }

    #[test]
    fn advance_and_previous_follow_the_repeat_mode() {
        let mut p = list(2);
        assert_eq!(p.advance(true).map(|i| i.id), Some(2));
        assert_eq!(p.advance(true).map(|i| i.id), None);
        p.set_current(1).unwrap();
        p.set_repeat(Repeat::One);
        assert_eq!(p.advance(true).map(|i| i.id), Some(1));
        assert_eq!(
            p.advance(false).map(|i| i.id),
            Some(2),
            "manual next moves on"
        );
        p.set_repeat(Repeat::All);
        assert_eq!(p.advance(true).map(|i| i.id), Some(1), "wraps");
        assert_eq!(p.previous().map(|i| i.id), Some(2), "wraps back");
        p.set_repeat(Repeat::Off);
        p.set_current(1).unwrap();
        assert_eq!(p.previous().map(|i| i.id), Some(1), "stays on the first");
    }
}
