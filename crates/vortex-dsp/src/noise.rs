//! Deterministic white noise (xorshift64), for test signals and signal generators.

/// A white-noise generator with uniform samples in [-1, 1); the same seed gives the
/// same sequence on every platform.
#[derive(Debug, Clone)]
pub struct WhiteNoise {
    state: u64,
}

impl WhiteNoise {
    /// A generator seeded with `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }
    }

    /// The next sample, uniform in [-1, 1), with 24 bits of resolution.
    #[inline]
    pub fn next_sample(&mut self) -> f32 {
        let s = &mut self.state;
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        (*s >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }

    /// `n` samples scaled by `amplitude` (linear).
    pub fn take(&mut self, n: usize, amplitude: f32) -> Vec<f32> {
        (0..n).map(|_| self.next_sample() * amplitude).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_zero_mean_and_repeatable() {
        let x = WhiteNoise::new(3).take(200_000, 1.0);
        assert_eq!(x, WhiteNoise::new(3).take(200_000, 1.0));
        assert!(x.iter().all(|v| (-1.0..1.0).contains(v)));
        let mean = x.iter().map(|&v| f64::from(v)).sum::<f64>() / x.len() as f64;
        let var = x.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / x.len() as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0 / 3.0).abs() < 0.01, "variance {var}");
    }
}
