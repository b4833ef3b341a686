//! Vortex analyzers: what the audio does, measured.
//!
//! Levels (RMS, sample peak, true peak, clips, a level class), loudness per EBU R128 /
//! ITU-R BS.1770 (momentary, short-term, integrated, loudness range), spectrum
//! (windowed FFT mapped to bars or fractional-octave bands) and pitch (YIN with note
//! mapping). Nothing here knows about threads, files or sockets, so the same code runs
//! in the engine and, compiled to WebAssembly, in the browser. Analyzers are built once
//! (validated, buffers allocated) and then process batches of f32 samples without
//! allocating. Units: dBFS, LUFS, LU, Hz, seconds, cents.

#![warn(missing_docs)]

pub mod error;

// Levels.
pub mod levels;
pub mod true_peak;

// Loudness.
pub mod k_weighting;
pub mod loudness;

// Spectrum.
pub mod bands;
pub mod spectrum;
pub mod window;

// Pitch.
pub mod note;
pub mod pitch;
pub mod pitch_smoothing;

pub use error::AnalysisError;

#[cfg(test)]
#[global_allocator]
static ALLOC: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;
