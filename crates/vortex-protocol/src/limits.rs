//! Ranges and sizes the protocol accepts; validation and the JSON Schema both use these.
//!
//! Ranges are inclusive at both ends.

use std::ops::RangeInclusive;

use crate::envelope::MAX_MESSAGE_ID;

/// Message ids of client requests (server pushes use 0).
pub const MESSAGE_ID: RangeInclusive<u64> = 1..=MAX_MESSAGE_ID;

/// Ids of playlist items and clients, 1 ..= 2^53 - 1 (exact in JavaScript).
pub const ITEM_ID: RangeInclusive<u64> = 1..=MAX_MESSAGE_ID;

/// Client names in `hello`, in characters (Unicode scalar values).
pub const CLIENT_NAME_CHARS: RangeInclusive<usize> = 1..=64;

/// Seek targets, seconds from the start of the current item: 0 to one week.
pub const SEEK_POSITION_S: RangeInclusive<f64> = 0.0..=604_800.0;

/// Number of paths in one `playlist_add`.
pub const PLAYLIST_ADD_PATHS: RangeInclusive<usize> = 1..=1000;

/// Length of one file path, in UTF-8 bytes.
pub const PATH_BYTES: RangeInclusive<usize> = 1..=4096;

/// Target index (0-based) of `playlist_move`.
pub const PLAYLIST_INDEX: RangeInclusive<u32> = 0..=100_000;

/// Master volume, dB (0 dB = unity gain).
pub const VOLUME_DB: RangeInclusive<f64> = -150.0..=0.0;

/// Length of a filter name, in characters (each one of `A-Z a-z 0-9 _ . -`).
pub const FILTER_NAME_CHARS: RangeInclusive<usize> = 1..=64;

/// Characters of a filter name, as a JSON Schema pattern (see [`is_filter_name_char`]).
pub const FILTER_NAME_PATTERN: &str = "^[A-Za-z0-9_.-]*$";

/// Whether `c` may appear in a filter name: `A-Z a-z 0-9 _ . -`.
pub fn is_filter_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Length of a filter parameter name, in characters (each one of `a-z 0-9 _`).
pub const PARAMETER_NAME_CHARS: RangeInclusive<usize> = 1..=64;

/// Characters of a parameter name, as a JSON Schema pattern (see [`is_parameter_name_char`]).
pub const PARAMETER_NAME_PATTERN: &str = "^[a-z0-9_]*$";

/// Whether `c` may appear in a filter parameter name: `a-z 0-9 _`.
pub fn is_parameter_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// A numeric filter parameter value (in the parameter's own unit).
pub const PARAMETER_NUMBER: RangeInclusive<f64> = -1e9..=1e9;

/// A string filter parameter value, in characters.
pub const PARAMETER_STRING_CHARS: RangeInclusive<usize> = 0..=256;

/// Deepest nesting of a pipeline: the pipeline object itself is depth 1, an object or
/// array inside it depth 2, and so on (scalars add no depth).
pub const PIPELINE_MAX_DEPTH: usize = 16;

/// Most JSON values in one pipeline, counting every object, array and scalar (the
/// pipeline object included).
pub const PIPELINE_MAX_VALUES: usize = 100_000;

/// Monitoring frames per second.
pub const MONITOR_RATE_HZ: RangeInclusive<u32> = 1..=60;

/// Fill of the output buffer, fraction (0 = empty, 1 = full).
pub const BUFFER_FILL: RangeInclusive<f64> = 0.0..=1.0;

/// Pitch confidence, fraction (0 = aperiodic, 1 = perfectly periodic).
pub const PITCH_CONFIDENCE: RangeInclusive<f64> = 0.0..=1.0;

/// Default largest accepted client message, bytes.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 65_536;

/// Characters of an offending value echoed in an error context; longer values are cut.
pub const ERROR_VALUE_CHARS: usize = 128;

/// Characters of an error message; longer messages (e.g. serde's, quoting the input) are cut.
pub const ERROR_MESSAGE_CHARS: usize = 512;

/// Frames in one render quantum of Web Audio (an AudioWorklet's `process()` call).
pub const RENDER_QUANTUM_FRAMES: u32 = 128;

/// Frames in one capture batch of the browser's AudioWorklet: a multiple of
/// [`RENDER_QUANTUM_FRAMES`] (default 1024).
pub const WORKLET_BATCH_FRAMES: RangeInclusive<u32> = 128..=8192;

/// How long a partly filled capture batch may wait before it is sent, milliseconds of
/// audio time (default 50).
pub const WORKLET_TIMEOUT_MS: RangeInclusive<f64> = 1.0..=1000.0;

/// Buffers in the capture worklet's pool, fixed when the worklet starts (default 16).
pub const WORKLET_POOL_BUFFERS: RangeInclusive<u32> = 2..=256;

/// Frequency of the worklet's test signal, Hz (also below half the sample rate).
pub const TEST_SIGNAL_HZ: RangeInclusive<f64> = 1.0..=24_000.0;

/// Peak amplitude of the worklet's test signal, full scale = 1.
pub const TEST_SIGNAL_AMPLITUDE: RangeInclusive<f64> = 0.0..=1.0;

/// RMS level of the worklet's background noise, dBFS.
pub const NOISE_LEVEL_DB: RangeInclusive<f64> = -120.0..=0.0;

/// Sample rates of an AudioContext, Hz (what browsers accept).
pub const CONTEXT_SAMPLE_RATE_HZ: RangeInclusive<f64> = 3000.0..=768_000.0;
