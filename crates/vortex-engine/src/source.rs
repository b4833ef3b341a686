//! Inputs: what the feeder thread reads audio from, off the real-time thread.
//!
//! One file per implementation:
//! - [`playlist`]: decoded files, in playlist order, with transport;
//! - [`generator`]: a test-signal generator (sine, square, saw, sweep, noise);
//! - [`capture`]: an audio capture device through cpal;
//! - [`demo`]: the built-in demo programme (tones, sweep, pink noise, melody), looping.

pub mod capture;
pub mod demo;
pub mod generator;
pub mod playlist;

use vortex_dsp::PlanarBuf;

/// Sample rate and channel count of what a source produces now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceFormat {
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: usize,
}

/// What one [`Source::read`] produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// This many frames (at least 1) were written at the start of every channel.
    Frames(usize),
    /// Nothing was read; a new track begins (its format may differ: ask
    /// [`Source::format`] again). Position counters restart at 0.
    TrackStart(TrackInfo),
    /// Nothing is available yet (a capture device between periods); try again shortly.
    Pending,
    /// The source has nothing more to give.
    End,
}

/// A new track's identity and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackInfo {
    /// Stable identifier of the playlist item (0 for sources without items).
    pub item: u64,
    /// Format of the track.
    pub format: SourceFormat,
    /// Length in frames, when known.
    pub total_frames: Option<u64>,
}

/// A source of audio for the feeder thread. Reads may block briefly (file I/O,
/// waiting for a capture period); they never run on the real-time thread.
pub trait Source: Send {
    /// What this source is, for the user.
    fn describe(&self) -> String;

    /// Format of the frames the next [`Source::read`] returns. Only changes after
    /// [`Read::TrackStart`].
    fn format(&self) -> SourceFormat;

    /// Reads up to `out.frames()` frames into `out`, which has [`Source::format`]'s
    /// channel count.
    ///
    /// # Errors
    /// A problem the source cannot skip past (a capture device that disappeared).
    /// Sources that can go on (a playlist skipping a corrupt file) report the problem
    /// through [`Source::take_error`] and keep reading.
    fn read(&mut self, out: &mut PlanarBuf) -> Result<Read, SourceError>;

    /// Errors the source skipped past since the last call (a corrupt track), oldest
    /// first, one at a time.
    fn take_error(&mut self) -> Option<SourceError> {
        None
    }

    /// Moves to another track: the next [`Source::read`] starts it with
    /// [`Read::TrackStart`].
    ///
    /// # Errors
    /// [`SourceError::Unsupported`] for sources without tracks.
    fn jump(&mut self, to: Jump) -> Result<(), SourceError> {
        let _ = to;
        Err(SourceError::Unsupported {
            source_name: self.describe(),
            what: "changing tracks",
        })
    }

    /// Moves to `frame` (at the source's rate) within the current track.
    ///
    /// # Errors
    /// [`SourceError::Unsupported`] for sources without a position.
    fn seek(&mut self, frame: u64) -> Result<(), SourceError> {
        let _ = frame;
        Err(SourceError::Unsupported {
            source_name: self.describe(),
            what: "seeking",
        })
    }
}

/// Where [`Source::jump`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// The playlist's current item, from its start (after the playlist was edited or
    /// the user picked an item).
    Current,
    /// The item after the current one.
    Next,
    /// The item before the current one.
    Previous,
}

/// Why a source failed or skipped something.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A playlist item could not be played; playback goes on with the next.
    #[error("{message}")]
    Track {
        /// The item's identifier.
        item: u64,
        /// What went wrong, starting with the file name.
        message: String,
    },
    /// The source cannot do this.
    #[error("{source_name}: {what} is not supported")]
    Unsupported {
        /// Which source.
        source_name: String,
        /// The operation.
        what: &'static str,
    },
    /// The source failed and cannot go on.
    #[error("{source_name}: {message}")]
    Failed {
        /// Which source.
        source_name: String,
        /// What went wrong.
        message: String,
    },
}
