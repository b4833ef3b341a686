//! What crosses into the callback (commands) and back out of it (retired objects).
//! Commands take effect at the start of the next block the callback renders.

use crate::pipeline::{Pipeline, RetiredOp};

/// A request to the callback.
pub enum Command {
    /// Start or resume playback (fades in).
    Play,
    /// Pause (fades out, then renders silence without consuming audio).
    Pause,
    /// Fade out what is playing and discard queued audio older than `generation`
    /// (a seek, a jump to another track, a stop).
    Flush {
        /// The generation the feeder tags the audio after the jump with.
        generation: u32,
    },
    /// Ramp the master volume to `db` (dB, -150..=0; at -150 the output is silent).
    Volume {
        /// Target volume, dB.
        db: f64,
    },
    /// Mute or unmute (ramped).
    Mute(bool),
    /// Replace the pipeline without a gap: operations that did not change keep their
    /// state, the rest crossfade over `fade_frames` frames (a pipeline of another shape
    /// crossfades as a whole).
    Pipeline {
        /// The new pipeline, instantiated for the device rate and block size.
        pipeline: Box<Pipeline>,
        /// Crossfade length, frames.
        fade_frames: usize,
    },
}

/// Something the callback no longer needs, sent out to be dropped on another thread.
pub enum Retired {
    /// A replaced pipeline (or the shell left after its state moved on).
    Pipeline(Box<Pipeline>),
    /// An operation whose crossfade finished.
    Op(RetiredOp),
}
