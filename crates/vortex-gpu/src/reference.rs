//! Test references: float64 direct convolution (with filters that change at block
//! boundaries), random signals, and the relative RMS error between two signals.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// `n` uniform samples in [-1, 1) from `seed`.
pub fn noise(seed: u64, n: usize) -> Vec<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| rng.random_range(-1.0..1.0)).collect()
}

/// Direct convolution in float64 of `x` where output block `k` (of `block` samples)
/// uses `filter_at(k)`: `y[n] = sum_j h_k[j] x[n - j]`.
pub fn convolve<'a>(x: &[f32], block: usize, filter_at: impl Fn(usize) -> &'a [f32]) -> Vec<f32> {
    (0..x.len())
        .map(|n| {
            let h = filter_at(n / block);
            let mut acc = 0.0f64;
            for (j, &hj) in h.iter().enumerate().take(n + 1) {
                acc += f64::from(hj) * f64::from(x[n - j]);
            }
            acc as f32
        })
        .collect()
}

/// RMS of `got - want` over RMS of `want`.
pub fn relative_rms(got: &[f32], want: &[f32]) -> f64 {
    let err: f64 = got
        .iter()
        .zip(want)
        .map(|(&g, &w)| (f64::from(g) - f64::from(w)).powi(2))
        .sum();
    let power: f64 = want.iter().map(|&w| f64::from(w).powi(2)).sum();
    (err / power.max(1e-300)).sqrt()
}
