//! Delay line: whole samples plus an optional sub-sample part (first-order Thiran allpass).
//!
//! The delay is the point of this filter, so it reports no processing latency.

use crate::Filter;
use crate::filter::{ParamError, check_range};

/// Speed of sound used for distance-based delays, m/s (air at 20 degrees C).
pub const SPEED_OF_SOUND_M_S: f64 = 343.0;
/// Longest accepted delay, seconds.
pub const MAX_DELAY_S: f64 = 60.0;

/// A delay amount as a user writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DelayAmount {
    /// Milliseconds.
    Ms(f64),
    /// Samples (may be fractional).
    Samples(f64),
    /// Distance in millimetres, at [`SPEED_OF_SOUND_M_S`].
    Millimetres(f64),
}

impl DelayAmount {
    /// The delay in (fractional) samples at `fs` Hz, validated against [`MAX_DELAY_S`].
    pub fn to_samples(self, fs: f64) -> Result<f64, ParamError> {
        let samples = match self {
            Self::Ms(ms) => ms * fs / 1000.0,
            Self::Samples(s) => s,
            Self::Millimetres(mm) => mm / 1000.0 / SPEED_OF_SOUND_M_S * fs,
        };
        check_range("delay", samples / fs, 0.0, MAX_DELAY_S, " s")?;
        Ok(samples)
    }
}

/// A delay on one channel.
#[derive(Debug, Clone)]
pub struct Delay {
    line: Vec<f32>,
    pos: usize,
    /// Thiran allpass coefficient and state, when a fractional part is used.
    frac: Option<(f64, f64, f64)>,
}

impl Delay {
    /// A delay of `samples` (>= 0). With `subsample` the fractional part is kept
    /// (through a first-order Thiran allpass, flat magnitude); otherwise it is rounded.
    pub fn new(samples: f64, subsample: bool) -> Result<Self, ParamError> {
        if !samples.is_finite() || samples < 0.0 {
            return Err(ParamError::new(
                "delay",
                format!("{samples} samples must be 0 or more"),
            ));
        }
        let (whole, frac) = if subsample && samples.fract() > 1e-9 {
            // Thiran works best for a delay of 0.5..1.5 samples: take it from the whole part.
            let d = if samples >= 1.0 {
                1.0 + samples.fract()
            } else {
                samples
            };
            let whole = (samples - d).round() as usize;
            let a = (1.0 - d) / (1.0 + d);
            (whole, Some((a, 0.0, 0.0)))
        } else {
            (samples.round() as usize, None)
        };
        Ok(Self {
            line: vec![0.0; whole],
            pos: 0,
            frac,
        })
    }
}

impl Filter for Delay {
    fn process(&mut self, block: &mut [f32]) {
        if !self.line.is_empty() {
            for s in block.iter_mut() {
                std::mem::swap(&mut self.line[self.pos], s);
                self.pos += 1;
                if self.pos == self.line.len() {
                    self.pos = 0;
                }
            }
        }
        if let Some((a, x1, y1)) = &mut self.frac {
            for s in block.iter_mut() {
                let x = f64::from(*s);
                let y = *a * x + *x1 - *a * *y1;
                *x1 = x;
                *y1 = y;
                *s = y as f32;
            }
        }
    }

    fn reset(&mut self) {
        self.line.iter_mut().for_each(|s| *s = 0.0);
        if let Some((_, x1, y1)) = &mut self.frac {
            *x1 = 0.0;
            *y1 = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_sample_delay_is_exact() {
        let mut d = Delay::new(DelayAmount::Ms(1.0).to_samples(48000.0).unwrap(), false).unwrap();
        let x: Vec<f32> = (0..200).map(|i| (i as f32 * 0.37).sin()).collect();
        let mut y = x.clone();
        // Process in uneven blocks to cross the ring's wrap point.
        let (a, b) = y.split_at_mut(77);
        d.process(a);
        d.process(b);
        assert!(y[..48].iter().all(|&s| s == 0.0));
        assert_eq!(&y[48..], &x[..200 - 48]);
    }

    #[test]
    fn distance_converts_at_speed_of_sound() {
        let s = DelayAmount::Millimetres(343.0).to_samples(48000.0).unwrap();
        assert!((s - 48.0).abs() < 1e-9);
    }

    #[test]
    fn fractional_delay_has_the_right_group_delay_at_low_frequency() {
        // Phase delay of a low-frequency sine through a 10.3-sample delay is 10.3 samples.
        let fs = 48000.0;
        let mut d = Delay::new(10.3, true).unwrap();
        let f = 100.0;
        let w = 2.0 * std::f64::consts::PI * f / fs;
        let mut y: Vec<f32> = (0..9600).map(|n| (w * n as f64).sin() as f32).collect();
        d.process(&mut y);
        // Least-squares fit of sin/cos components over the settled part.
        let (mut s, mut c) = (0.0, 0.0);
        for (n, &v) in y.iter().enumerate().skip(4800) {
            s += f64::from(v) * (w * n as f64).sin();
            c += f64::from(v) * (w * n as f64).cos();
        }
        let phase = (-c).atan2(s); // y = sin(w n - phi): s ~ cos(phi), c ~ -sin(phi), phi = w * delay
        let delay = phase / w;
        assert!((delay - 10.3).abs() < 0.01, "measured {delay}");
    }

    #[test]
    fn rejects_negative_and_huge() {
        assert!(Delay::new(-1.0, false).is_err());
        assert_eq!(
            DelayAmount::Ms(61_000.0)
                .to_samples(48000.0)
                .unwrap_err()
                .field,
            "delay"
        );
    }
}
