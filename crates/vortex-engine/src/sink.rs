//! Outputs: where rendered audio goes.
//!
//! A [`Sink`] owns the clock. Once started it calls the engine's [`Render`] from its own
//! thread, once per period, asking for the next frames. One file per implementation:
//! - [`null`]: discards audio, paced at real time (used when no device exists);
//! - [`wav`]: writes a WAV (or FLAC) file, as fast as the engine renders;
//! - [`stdout`]: raw interleaved PCM to standard output, for piping;
//! - [`cpal_device`]: an audio device through cpal (ALSA, JACK, PipeWire via ALSA/JACK).

pub mod cpal_device;
pub mod null;
pub mod stdout;
pub mod unclocked;
pub mod wav;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The shape of the stream a sink consumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamSpec {
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Interleaved channels per frame.
    pub channels: usize,
    /// Frames the sink asks for per call when it has a fixed period (the usual case);
    /// calls may ask for fewer or more.
    pub period_frames: usize,
}

/// The engine side of an output stream, called by the sink's thread.
///
/// [`Render::render`] runs on the real-time thread: it must not allocate, free, lock,
/// block, log or do I/O (and the engine's implementation does none of these).
pub trait Render: Send + 'static {
    /// Fills all of `out` (interleaved samples, `out.len() / channels` frames).
    fn render(&mut self, out: &mut [f32]);

    /// Whether a period's worth of audio is ready, or nothing more will come. Sinks that
    /// are not clocked in real time (files, pipes) wait for this before each call, so
    /// they never render silence because they ran ahead of the decoder.
    fn ready(&self) -> bool;

    /// Applies pending commands without rendering (sinks not clocked in real time call
    /// this while they wait for [`Render::ready`], so a paused stream still hears
    /// "play"). Real-time safe, like `render`.
    fn poll(&mut self) {}

    /// Whether the stream has ended (the playlist ran out); file sinks stop then.
    fn finished(&self) -> bool;
}

/// Why a sink could not be opened, started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// The device or file could not be opened with the requested format.
    #[error("{sink}: cannot open: {message}")]
    Open {
        /// Which sink (device name or file path).
        sink: String,
        /// What went wrong.
        message: String,
    },
    /// The stream failed while running or could not be started or stopped.
    #[error("{sink}: {message}")]
    Stream {
        /// Which sink.
        sink: String,
        /// What went wrong.
        message: String,
    },
}

/// An output stream.
pub trait Sink: Send {
    /// What this sink is, for the user (`null (real-time paced, no device)`,
    /// `alsa: default`, `wav: out.wav`).
    fn describe(&self) -> String;

    /// The stream format the sink consumes (negotiated when it was opened).
    fn spec(&self) -> StreamSpec;

    /// Frames buffered between the render call and the listener (the device buffer);
    /// part of the reported output latency.
    fn buffer_frames(&self) -> usize;

    /// Starts calling `render` from the sink's own thread.
    ///
    /// # Errors
    /// [`SinkError::Stream`] if the stream cannot start.
    fn start(&mut self, render: Box<dyn Render>) -> Result<(), SinkError>;

    /// Stops the stream; when it returns, `render` is not called again. File sinks
    /// finish their file here.
    ///
    /// # Errors
    /// [`SinkError::Stream`] if flushing or closing failed.
    fn stop(&mut self) -> Result<(), SinkError>;

    /// Counters the sink shares with the engine's metrics.
    fn counters(&self) -> Arc<SinkCounters>;

    /// Things worth telling the user that happened when the sink started (real-time
    /// priority refused, a period size the device changed).
    fn notices(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Events only the sink can see, counted without locks.
#[derive(Debug, Default)]
pub struct SinkCounters {
    /// Periods delivered late to the device (device underruns/xruns).
    pub xruns: AtomicU64,
    /// Stream errors reported by the device (disconnects and the like).
    pub errors: AtomicU64,
    /// How late the latest-finished period was past its deadline, worst so far, ns
    /// (sinks that keep their own clock).
    pub max_late_ns: AtomicU64,
}

impl SinkCounters {
    /// Adds one xrun.
    pub fn add_xrun(&self) {
        self.xruns.fetch_add(1, Ordering::Relaxed);
    }

    /// Xruns so far.
    pub fn xruns(&self) -> u64 {
        self.xruns.load(Ordering::Relaxed)
    }
}
