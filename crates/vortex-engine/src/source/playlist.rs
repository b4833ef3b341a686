//! The playlist as a source: decodes its items in order, one after the other with no
//! gap, skipping (and reporting) any item that cannot be decoded.

use super::{Jump, Read, Source, SourceError, SourceFormat, TrackInfo};
use crate::decode::{DecodeOptions, Decoder};
use crate::playlist::Playlist;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use vortex_dsp::PlanarBuf;

/// Reads the files of a shared [`Playlist`].
pub struct PlaylistSource {
    playlist: Arc<Mutex<Playlist>>,
    options: DecodeOptions,
    decoder: Option<Decoder>,
    /// Item whose decoder is open.
    item: u64,
    format: SourceFormat,
    /// Open the playlist's current item at the next read.
    open_next: bool,
    errors: VecDeque<SourceError>,
}

impl PlaylistSource {
    /// A source that starts at the playlist's current item. `fallback` is the format
    /// reported before any file is open.
    pub fn new(
        playlist: Arc<Mutex<Playlist>>,
        options: DecodeOptions,
        fallback: SourceFormat,
    ) -> Self {
        Self {
            playlist,
            options,
            decoder: None,
            item: 0,
            format: fallback,
            open_next: true,
            errors: VecDeque::new(),
        }
    }

    fn list(&self) -> MutexGuard<'_, Playlist> {
        // A panic while editing the list leaves it consistent enough to play on.
        self.playlist.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Closes the current file and moves the playlist on (`auto`: at a track's end).
    fn finish_track(&mut self, auto: bool) {
        self.decoder = None;
        let mut list = self.list();
        let has_next = list.advance(auto).is_some();
        drop(list);
        self.open_next = has_next;
    }

    /// Opens the current item, skipping items that fail (each reported once). Returns
    /// the track's description, or `None` at the end of the list.
    fn open_current(&mut self) -> Option<TrackInfo> {
        let mut failures = 0;
        loop {
            let (item, path, len) = {
                let list = self.list();
                let cur = list.current()?;
                (cur.id, cur.path.clone(), list.items().len())
            };
            match Decoder::open(&path, &self.options) {
                Ok(d) => {
                    let info = d.info();
                    self.format = SourceFormat {
                        sample_rate: info.sample_rate,
                        channels: info.channels,
                    };
                    let total_frames = info.total_frames;
                    self.decoder = Some(d);
                    self.item = item;
                    return Some(TrackInfo {
                        item,
                        format: self.format,
                        total_frames,
                    });
                }
                Err(e) => {
                    self.errors.push_back(SourceError::Track {
                        item,
                        message: e.to_string(),
                    });
                    failures += 1;
                    // With repeat, a list of nothing but bad files would go round forever.
                    if failures >= len || self.list().advance(false).is_none() {
                        return None;
                    }
                }
            }
        }
    }
}

impl Source for PlaylistSource {
    fn describe(&self) -> String {
        "playlist".into()
    }

    fn format(&self) -> SourceFormat {
        self.format
    }

    fn read(&mut self, out: &mut PlanarBuf) -> Result<Read, SourceError> {
        loop {
            let Some(dec) = self.decoder.as_mut() else {
                if !self.open_next {
                    return Ok(Read::End);
                }
                self.open_next = false;
                match self.open_current() {
                    Some(t) => return Ok(Read::TrackStart(t)),
                    None => return Ok(Read::End),
                }
            };
            match dec.read(out) {
                Ok(0) => self.finish_track(true),
                Ok(n) => return Ok(Read::Frames(n)),
                Err(e) => {
                    // Frames before the problem were returned by earlier reads.
                    self.errors.push_back(SourceError::Track {
                        item: self.item,
                        message: e.to_string(),
                    });
                    self.finish_track(false);
                }
            }
        }
    }

    fn take_error(&mut self) -> Option<SourceError> {
        self.errors.pop_front()
    }

    fn jump(&mut self, to: Jump) -> Result<(), SourceError> {
        self.decoder = None;
        let mut list = self.list();
        let has = match to {
            Jump::Current => list.current().is_some(),
            Jump::Next => list.advance(false).is_some(),
            Jump::Previous => list.previous().is_some(),
        };
        drop(list);
        self.open_next = has;
        Ok(())
    }

    fn seek(&mut self, frame: u64) -> Result<(), SourceError> {
        let item = self.item;
        let Some(dec) = self.decoder.as_mut() else {
            return Err(SourceError::Track {
                item,
                message: "nothing is playing to seek in".into(),
            });
        };
        dec.seek(frame).map(|_| ()).map_err(|e| SourceError::Track {
            item,
            message: e.to_string(),
        })
    }
}
