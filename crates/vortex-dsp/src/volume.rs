//! Volume control: a gain that moves to a new target along a linear ramp, so a change never clicks.

use crate::Filter;
use crate::filter::{ParamError, check_range};

/// Lowest volume setting, dB; at or below it the output is silent.
pub const MIN_VOLUME_DB: f64 = -150.0;
/// Highest volume setting, dB.
pub const MAX_VOLUME_DB: f64 = 20.0;

/// A ramped gain on one channel.
#[derive(Debug, Clone)]
pub struct Volume {
    current: f64,
    target: f64,
    step: f64,
    remaining: usize,
    ramp_samples: usize,
}

fn db_to_gain(db: f64) -> f64 {
    if db <= MIN_VOLUME_DB {
        0.0
    } else {
        10f64.powf(db / 20.0)
    }
}

impl Volume {
    /// Starts at `db` (-150..=20 dB); later changes take `ramp_ms` (0..=10000 ms) at `fs` Hz.
    pub fn new(db: f64, ramp_ms: f64, fs: f64) -> Result<Self, ParamError> {
        check_range("volume", db, MIN_VOLUME_DB, MAX_VOLUME_DB, " dB")?;
        check_range("ramp_time", ramp_ms, 0.0, 10_000.0, " ms")?;
        let g = db_to_gain(db);
        Ok(Self {
            current: g,
            target: g,
            step: 0.0,
            remaining: 0,
            ramp_samples: (ramp_ms * fs / 1000.0).round() as usize,
        })
    }

    /// Starts a ramp towards `db` (clamped to -150..=20 dB); an unfinished ramp continues from where it is.
    pub fn set_target_db(&mut self, db: f64) {
        self.target = db_to_gain(db.clamp(MIN_VOLUME_DB, MAX_VOLUME_DB));
        if self.ramp_samples == 0 || self.target == self.current {
            self.current = self.target;
            self.remaining = 0;
        } else {
            self.remaining = self.ramp_samples;
            self.step = (self.target - self.current) / self.ramp_samples as f64;
        }
    }

    /// Jumps to `db` (clamped to -150..=20 dB) at once, without a ramp; for moments
    /// when the signal is silent anyway (a stream that starts).
    pub fn set_db_now(&mut self, db: f64) {
        self.target = db_to_gain(db.clamp(MIN_VOLUME_DB, MAX_VOLUME_DB));
        self.current = self.target;
        self.remaining = 0;
    }

    /// The gain (linear) the next sample will get.
    pub fn current_gain(&self) -> f64 {
        self.current
    }

    /// True while a ramp is in progress.
    pub fn is_ramping(&self) -> bool {
        self.remaining > 0
    }
}

impl Filter for Volume {
    fn process(&mut self, block: &mut [f32]) {
        let mut i = 0;
        while self.remaining > 0 && i < block.len() {
            self.current += self.step;
            self.remaining -= 1;
            if self.remaining == 0 {
                self.current = self.target;
            }
            block[i] = (f64::from(block[i]) * self.current) as f32;
            i += 1;
        }
        let g = self.current as f32;
        block[i..].iter_mut().for_each(|s| *s *= g);
    }

    fn reset(&mut self) {
        self.current = self.target;
        self.remaining = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_is_linear_and_lands_on_target() {
        let mut v = Volume::new(0.0, 10.0, 1000.0).unwrap(); // 10 samples
        v.set_target_db(-6.0206);
        let mut block = vec![1.0f32; 20];
        v.process(&mut block);
        let target = 10f64.powf(-6.0206 / 20.0);
        for (i, s) in block.iter().enumerate().take(10) {
            let expect = 1.0 + (target - 1.0) * (i + 1) as f64 / 10.0;
            assert!(
                (f64::from(*s) - expect).abs() < 1e-6,
                "sample {i}: {s} vs {expect}"
            );
        }
        assert!(
            block[10..]
                .iter()
                .all(|&s| (f64::from(s) - target).abs() < 1e-7)
        );
        assert!(!v.is_ramping());
    }

    #[test]
    fn rejects_out_of_range() {
        assert_eq!(Volume::new(30.0, 1.0, 48000.0).unwrap_err().field, "volume");
        assert_eq!(
            Volume::new(0.0, -1.0, 48000.0).unwrap_err().field,
            "ramp_time"
        );
    }
}
