//! Static gain: a level change in dB or as a linear factor, with inversion and mute.

use crate::Filter;
use crate::filter::{ParamError, check_range};

/// Largest accepted gain, dB (the engine clamps above +40 dB with a warning).
pub const MAX_GAIN_DB: f64 = 60.0;
/// Smallest accepted gain, dB.
pub const MIN_GAIN_DB: f64 = -150.0;

/// How a gain value is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GainScale {
    /// Decibels, -150..=60.
    Db,
    /// Linear factor, -1000..=1000 (negative inverts).
    Linear,
}

/// A constant gain applied to one channel.
#[derive(Debug, Clone)]
pub struct Gain {
    factor: f32,
}

impl Gain {
    /// A gain of `value` (in `scale` units), inverted in polarity if `inverted`,
    /// silent if `mute`.
    pub fn new(
        value: f64,
        scale: GainScale,
        inverted: bool,
        mute: bool,
    ) -> Result<Self, ParamError> {
        Ok(Self {
            factor: gain_factor(value, scale, inverted, mute)? as f32,
        })
    }

    /// The linear factor applied to each sample.
    pub fn factor(&self) -> f32 {
        self.factor
    }
}

/// The linear factor for a gain setting, validated.
pub fn gain_factor(
    value: f64,
    scale: GainScale,
    inverted: bool,
    mute: bool,
) -> Result<f64, ParamError> {
    let lin = match scale {
        GainScale::Db => {
            check_range("gain", value, MIN_GAIN_DB, MAX_GAIN_DB, " dB")?;
            10f64.powf(value / 20.0)
        }
        GainScale::Linear => {
            check_range("gain", value, -1000.0, 1000.0, "")?;
            value
        }
    };
    let sign = if inverted { -1.0 } else { 1.0 };
    Ok(if mute { 0.0 } else { sign * lin })
}

impl Filter for Gain {
    fn process(&mut self, block: &mut [f32]) {
        let f = self.factor;
        block.iter_mut().for_each(|s| *s *= f);
    }

    fn reset(&mut self) {}
}
