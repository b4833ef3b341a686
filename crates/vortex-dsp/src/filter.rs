//! The seams every processing block plugs into.

use crate::planar::PlanarMut;

/// A single-channel processor that works in place on blocks of samples.
///
/// Implementations are built (and validated) up front; `process` must not allocate,
/// lock, block or do I/O, so it can run in the audio callback.
pub trait Filter: Send {
    /// Processes one block of one channel in place. Blocks may have any length,
    /// including zero; state carries over from one block to the next.
    fn process(&mut self, block: &mut [f32]);

    /// Clears the internal state (delay lines, envelopes) as if no sample had been seen.
    fn reset(&mut self);

    /// Delay this filter adds to the signal, in samples (0 for minimum-phase IIR filters).
    fn latency(&self) -> usize {
        0
    }
}

/// A processor that needs several channels at once: linked dynamics, mixers.
///
/// `channels` lists which channels of `buf` the processor works on, in the order the
/// processor was built for; its length equals the channel count given at build time.
pub trait MultiFilter: Send {
    /// Processes `buf.frames()` frames of the listed channels in place.
    fn process(&mut self, buf: &mut PlanarMut<'_>, channels: &[usize]);

    /// Clears the internal state.
    fn reset(&mut self);

    /// Delay this processor adds, in samples.
    fn latency(&self) -> usize {
        0
    }
}

/// A parameter that failed validation when a filter was built.
///
/// `field` is the parameter's name as written in a pipeline file (`freq`, `q`, `gain`),
/// so the caller can prefix it with the filter's config path.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ParamError {
    /// Name of the offending parameter.
    pub field: String,
    /// What was wrong, with the value and the limit.
    pub message: String,
}

impl ParamError {
    /// Makes an error for parameter `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Checks that `freq` (Hz) lies strictly between 0 and the Nyquist frequency of `fs` (Hz).
pub fn check_freq(field: &str, freq: f64, fs: f64) -> Result<(), ParamError> {
    let nyquist = fs / 2.0;
    if !freq.is_finite() || freq <= 0.0 {
        return Err(ParamError::new(
            field,
            format!("{freq} Hz must be above 0 Hz"),
        ));
    }
    if freq >= nyquist {
        return Err(ParamError::new(
            field,
            format!("{freq} Hz is above Nyquist ({nyquist} Hz)"),
        ));
    }
    Ok(())
}

/// Checks that `value` is finite and strictly positive.
pub fn check_positive(field: &str, value: f64) -> Result<(), ParamError> {
    if !value.is_finite() || value <= 0.0 {
        return Err(ParamError::new(
            field,
            format!("{value} must be greater than 0"),
        ));
    }
    Ok(())
}

/// Checks that `value` is finite and lies in `[lo, hi]`; `unit` is appended to the numbers.
pub fn check_range(
    field: &str,
    value: f64,
    lo: f64,
    hi: f64,
    unit: &str,
) -> Result<(), ParamError> {
    if !value.is_finite() || value < lo || value > hi {
        return Err(ParamError::new(
            field,
            format!("{value}{unit} is outside {lo}{unit}..{hi}{unit}"),
        ));
    }
    Ok(())
}

/// Converts decibels to a linear amplitude factor.
pub fn db_to_linear(db: f64) -> f64 {
    10f64.powf(db / 20.0)
}

/// Converts a linear amplitude factor to decibels (-inf for 0).
pub fn linear_to_db(lin: f64) -> f64 {
    20.0 * lin.abs().log10()
}
