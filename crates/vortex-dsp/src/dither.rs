//! Requantisation of float samples to a `bits`-bit integer grid, with optional
//! TPDF dither and noise shaping.
//!
//! The grid of a signed `bits`-bit integer scaled to [-1, 1) is `k / 2^(bits-1)`,
//! `k` in `-2^(bits-1) ..= 2^(bits-1) - 1`; one step is `Δ = 2^-(bits-1)` ("LSB").
//!
//! - [`DitherKind::None`] rounds to the nearest grid value. The error is a deterministic
//!   function of the signal (distortion; signals below half an LSB vanish).
//! - [`DitherKind::Tpdf`] adds triangular-PDF noise of ±1 LSB (the difference of two
//!   independent uniform variables) before rounding. The total error then has mean 0
//!   and variance `Δ²/4` whatever the signal (its first two moments are independent of
//!   the input): the signal's low-level detail survives as signal plus benign noise.
//! - [`DitherKind::Shaped`] adds the same TPDF dither inside an error-feedback loop:
//!   `w = x - Σ c[i]·e[n-1-i]`, `y = Q(w + d)`, `e[n] = y - w`, so the output error is
//!   `e` filtered by `NTF(z) = 1 - Σ c[i]·z^-(i+1)`. The coefficients are the 9-tap
//!   "F-weighted" filter of R. A. Wannamaker, "Psychoacoustically Optimal Noise
//!   Shaping", JAES 40(7/8), 1992 (as also listed in SoX's `dither` effect, `fwe44`):
//!   `2.412, -3.370, 3.937, -4.174, 3.353, -2.205, 1.281, -0.569, 0.0847`.
//!   It was designed for 44.1 kHz: it lowers the noise where the ear is most sensitive
//!   (about 1–6 kHz, by up to ~15 dB) and raises it above ~12 kHz. [`Dither::new`] takes
//!   no sample rate, so the same curve is used at every rate; the features then scale
//!   with the sample rate (at 48 kHz they sit 9 % higher, which is still close to the
//!   design; at 88.2 kHz and above the raised noise lands mostly above 20 kHz, which is
//!   harmless; at rates well below 44.1 kHz prefer `Tpdf`). Clipping errors are not fed
//!   back (the loop sees the unclamped rounding), so the loop cannot run away. The shaped
//!   noise has about 20 dB more total power than plain TPDF, with peaks of up to ~40 LSB,
//!   so signals within that distance of full scale clip more often.
//!
//! For `bits >= 25` the grid is finer than the resolution of `f32` near full scale
//! (24-bit mantissa), so dither cannot do anything useful there: every kind just rounds
//! to the grid (exactly representable, see [`Dither::process`]). The upper clamp for
//! those widths is `1 - 2^-24`, the largest `f32` below 1 (which lies on the grid).
//!
//! Randomness comes from a per-channel PCG32 generator (O'Neill, 2014) seeded from the
//! user seed through SplitMix64, with a distinct stream per channel: deterministic
//! for a given seed and independent between channels.

use crate::filter::ParamError;

/// Wannamaker's 9-tap F-weighted error-feedback coefficients (44.1 kHz design).
pub const F_WEIGHTED_44K: [f64; 9] = [
    2.412, -3.370, 3.937, -4.174, 3.353, -2.205, 1.281, -0.569, 0.0847,
];

/// Which requantisation to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DitherKind {
    /// Plain rounding to the nearest grid value, no dither.
    None,
    /// Flat triangular-PDF dither of ±1 LSB (error variance `Δ²/4`).
    #[default]
    Tpdf,
    /// TPDF dither with Wannamaker's 9-tap F-weighted noise shaping.
    Shaped,
}

/// PCG32 (XSH-RR) random number generator: 64-bit state, 32-bit output.
#[derive(Debug, Clone)]
struct Pcg32 {
    state: u64,
    inc: u64,
}

impl Pcg32 {
    const MUL: u64 = 6_364_136_223_846_793_005;

    fn new(seed: u64, stream: u64) -> Self {
        let mut rng = Self {
            state: 0,
            inc: (stream << 1) | 1,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    #[inline]
    fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(Self::MUL).wrapping_add(self.inc);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// Uniform in [0, 1).
    #[inline]
    fn uniform(&mut self) -> f64 {
        f64::from(self.next_u32()) * (1.0 / 4_294_967_296.0)
    }

    /// Triangular PDF on (-1, 1), mean 0, variance 1/6.
    #[inline]
    fn tpdf(&mut self) -> f64 {
        self.uniform() - self.uniform()
    }
}

/// SplitMix64 step (Steele, Lea, Flood 2014), used to spread the user seed.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Per-channel state: generator and error-feedback history.
#[derive(Debug, Clone)]
struct ChannelState {
    rng: Pcg32,
    /// Past total errors `e[n-1], e[n-2], ...` in LSB, newest first.
    err: [f64; 9],
}

/// Requantiser for `channels` independent channels (see the module docs).
#[derive(Debug, Clone)]
pub struct Dither {
    kind: DitherKind,
    bits: u32,
    seed: u64,
    /// Grid values per unit: `2^(bits-1)`.
    scale: f64,
    /// Lowest grid value, in LSB (`-2^(bits-1)`).
    min_k: f64,
    /// Highest grid value, in LSB.
    max_k: f64,
    state: Vec<ChannelState>,
    clipped: u64,
}

impl Dither {
    /// Builds a requantiser to `bits` bits (8..=32) for `channels` channels (at least 1).
    /// The generators are seeded from `seed`, so the output is reproducible.
    ///
    /// Fails with field `bits` or `channels`.
    pub fn new(
        kind: DitherKind,
        bits: u32,
        channels: usize,
        seed: u64,
    ) -> Result<Self, ParamError> {
        if !(8..=32).contains(&bits) {
            return Err(ParamError::new(
                "bits",
                format!("{bits} bits is outside 8..32"),
            ));
        }
        if channels == 0 {
            return Err(ParamError::new("channels", "0 channels; need at least 1"));
        }
        let scale = (bits as f64 - 1.0).exp2();
        // For bits >= 25, 1 - 2^-(bits-1) is not an f32; the largest f32 below 1 is.
        let max_k = if bits <= 24 {
            scale - 1.0
        } else {
            scale * (1.0 - (-24f64).exp2())
        };
        let mut d = Self {
            kind,
            bits,
            seed,
            scale,
            min_k: -scale,
            max_k,
            state: Vec::with_capacity(channels),
            clipped: 0,
        };
        d.state = (0..channels).map(|ch| d.channel_state(ch)).collect();
        Ok(d)
    }

    fn channel_state(&self, ch: usize) -> ChannelState {
        let s = splitmix64(self.seed ^ splitmix64(ch as u64));
        ChannelState {
            rng: Pcg32::new(s, ch as u64),
            err: [0.0; 9],
        }
    }

    /// The dither kind.
    pub fn kind(&self) -> DitherKind {
        self.kind
    }

    /// Target word length in bits (8..=32).
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Number of channels.
    pub fn channels(&self) -> usize {
        self.state.len()
    }

    /// Number of samples clamped to the grid's range since construction (or
    /// [`Dither::reset`]), over all channels.
    pub fn clipped(&self) -> u64 {
        self.clipped
    }

    /// Restarts every generator from the seed, clears the noise-shaping history and the
    /// clip count.
    pub fn reset(&mut self) {
        for ch in 0..self.state.len() {
            self.state[ch] = self.channel_state(ch);
        }
        self.clipped = 0;
    }

    /// Requantises `block` of channel `channel` in place. Every output sample is
    /// exactly `k / 2^(bits-1)` with `k` in `-2^(bits-1) ..= 2^(bits-1) - 1` (for
    /// `bits >= 25`, the top is `1 - 2^-24`); samples that would fall outside are
    /// clamped and counted in [`Dither::clipped`]. NaN becomes 0 (and counts as clipped).
    ///
    /// # Panics
    /// If `channel` is not below the channel count given to [`Dither::new`].
    pub fn process(&mut self, channel: usize, block: &mut [f32]) {
        let st = &mut self.state[channel];
        let (scale, min_k, max_k) = (self.scale, self.min_k, self.max_k);
        let mut clipped = 0u64;
        let kind = if self.bits >= 25 {
            DitherKind::None
        } else {
            self.kind
        };
        for s in block.iter_mut() {
            let x = f64::from(*s) * scale;
            let k = match kind {
                DitherKind::None => x.round_ties_even(),
                DitherKind::Tpdf => (x + st.rng.tpdf()).round_ties_even(),
                DitherKind::Shaped => {
                    let fb: f64 = F_WEIGHTED_44K.iter().zip(&st.err).map(|(c, e)| c * e).sum();
                    let w = x - fb;
                    let k = (w + st.rng.tpdf()).round_ties_even();
                    st.err.copy_within(0..8, 1);
                    // Finite even when `w` is not, so a NaN cannot poison the loop.
                    st.err[0] = if (k - w).is_finite() { k - w } else { 0.0 };
                    k
                }
            };
            let q = if k > max_k {
                clipped += 1;
                max_k
            } else if k < min_k {
                clipped += 1;
                min_k
            } else if k.is_nan() {
                clipped += 1;
                0.0
            } else {
                k
            };
            *s = (q / scale) as f32;
        }
        self.clipped += clipped;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use realfft::RealFftPlanner;
    use std::f64::consts::PI;

    fn on_grid(x: f32, bits: u32) -> bool {
        let k = f64::from(x) * (bits as f64 - 1.0).exp2();
        let top = if bits <= 24 {
            (bits as f64 - 1.0).exp2() - 1.0
        } else {
            (bits as f64 - 1.0).exp2() * (1.0 - (-24f64).exp2())
        };
        k == k.round() && k >= -(bits as f64 - 1.0).exp2() && k <= top
    }

    fn noise(n: usize, amp: f64, seed: u64) -> Vec<f32> {
        let mut r = Pcg32::new(seed, 99);
        (0..n)
            .map(|_| ((r.uniform() * 2.0 - 1.0) * amp) as f32)
            .collect()
    }

    fn sine(n: usize, amp: f64, freq: f64, fs: f64) -> Vec<f32> {
        (0..n)
            .map(|i| (amp * (2.0 * PI * freq * i as f64 / fs).sin()) as f32)
            .collect()
    }

    /// Mean and variance of `out - x`, in LSB units.
    fn error_stats(out: &[f32], x: &[f32], bits: u32) -> (f64, f64) {
        let scale = (bits as f64 - 1.0).exp2();
        let e: Vec<f64> = out
            .iter()
            .zip(x)
            .map(|(&y, &x)| (f64::from(y) - f64::from(x)) * scale)
            .collect();
        let mean = e.iter().sum::<f64>() / e.len() as f64;
        let var = e.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / e.len() as f64;
        (mean, var)
    }

    fn quantise(kind: DitherKind, bits: u32, x: &[f32], seed: u64) -> Vec<f32> {
        let mut d = Dither::new(kind, bits, 1, seed).unwrap();
        let mut y = x.to_vec();
        for chunk in y.chunks_mut(1000) {
            d.process(0, chunk);
        }
        y
    }

    #[test]
    fn output_is_on_the_grid() {
        let x: Vec<f32> = noise(50_000, 1.2, 1)
            .into_iter()
            .chain(sine(20_000, 1e-4, 997.0, 44_100.0))
            .chain([1.0, -1.0, 0.999_999, -0.999_999, 0.0, f32::MIN_POSITIVE])
            .collect();
        for bits in [8, 16, 20, 24, 25, 28, 32] {
            for kind in [DitherKind::None, DitherKind::Tpdf, DitherKind::Shaped] {
                let y = quantise(kind, bits, &x, 7);
                for (i, &v) in y.iter().enumerate() {
                    assert!(
                        on_grid(v, bits),
                        "{kind:?} {bits} bits: sample {i} = {v} off grid"
                    );
                }
            }
        }
    }

    #[test]
    fn clipping_is_clamped_and_counted() {
        let mut d = Dither::new(DitherKind::None, 16, 2, 0).unwrap();
        let mut x = [1.5f32, 1.0, 0.5, -1.0, -1.0001, f32::NAN];
        d.process(1, &mut x);
        assert_eq!(
            x,
            [32767.0 / 32768.0, 32767.0 / 32768.0, 0.5, -1.0, -1.0, 0.0]
        );
        assert_eq!(d.clipped(), 4); // 1.5, 1.0 (rounds to 32768), -1.0001, NaN
        d.reset();
        assert_eq!(d.clipped(), 0);
    }

    #[test]
    fn plain_rounding_error_is_at_most_half_an_lsb() {
        let x = noise(100_000, 0.9, 3);
        for bits in [8, 16, 24] {
            let y = quantise(DitherKind::None, bits, &x, 0);
            let half = 0.5 * (-(bits as f64 - 1.0)).exp2();
            for (&y, &x) in y.iter().zip(&x) {
                assert!((f64::from(y) - f64::from(x)).abs() <= half);
            }
        }
    }

    #[test]
    fn tpdf_error_has_zero_mean_and_quarter_lsb_squared_variance_whatever_the_signal() {
        let n = 400_000;
        for bits in [16, 24] {
            let silent = vec![0.0f32; n];
            let loud = sine(n, 0.9, 1000.0, 44_100.0);
            let (m0, v0) = error_stats(
                &quantise(DitherKind::Tpdf, bits, &silent, 11),
                &silent,
                bits,
            );
            let (m1, v1) = error_stats(&quantise(DitherKind::Tpdf, bits, &loud, 12), &loud, bits);
            for (m, v) in [(m0, v0), (m1, v1)] {
                assert!(m.abs() < 0.01, "{bits} bits: mean {m} LSB");
                assert!(
                    (v - 0.25).abs() < 0.0125,
                    "{bits} bits: variance {v} LSB², want 0.25"
                );
            }
            assert!(
                (v1 / v0 - 1.0).abs() < 0.1,
                "variance depends on the signal"
            );
            // The error is uncorrelated with the signal.
            let scale = (bits as f64 - 1.0).exp2();
            let y = quantise(DitherKind::Tpdf, bits, &loud, 13);
            let corr: f64 = y
                .iter()
                .zip(&loud)
                .map(|(&y, &x)| (f64::from(y) - f64::from(x)) * scale * f64::from(x))
                .sum::<f64>()
                / n as f64;
            assert!(
                corr.abs() < 0.005,
                "{bits} bits: error/signal correlation {corr}"
            );
        }
    }

    #[test]
    fn tpdf_error_moments_do_not_depend_on_the_input_value() {
        // Constant inputs at various fractions of an LSB: plain rounding gives a
        // value-dependent error, TPDF always mean 0 and variance 1/4 LSB².
        let lsb = (-15f64).exp2();
        for frac in [0.0, 0.1, 0.25, 0.5, 0.8] {
            let x = vec![((100.0 + frac) * lsb) as f32; 200_000];
            let (m, v) = error_stats(&quantise(DitherKind::Tpdf, 16, &x, 5), &x, 16);
            assert!(m.abs() < 0.01, "frac {frac}: mean {m}");
            assert!((v - 0.25).abs() < 0.0125, "frac {frac}: variance {v}");
            let (m_plain, v_plain) = error_stats(&quantise(DitherKind::None, 16, &x, 5), &x, 16);
            assert_eq!(v_plain, 0.0);
            assert!((m_plain - if frac > 0.5 { 1.0 - frac } else { -frac }).abs() < 1e-4);
        }
    }

    /// Power spectrum (|X|², one-sided, bins 0..=n/2) of `x` with a Hann window.
    fn power_spectrum(x: &[f64]) -> Vec<f64> {
        let n = x.len();
        let mut planner = RealFftPlanner::<f64>::new();
        let fft = planner.plan_fft_forward(n);
        let mut input: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(i, &v)| v * (0.5 - 0.5 * (2.0 * PI * i as f64 / n as f64).cos()))
            .collect();
        let mut spec = fft.make_output_vec();
        fft.process(&mut input, &mut spec).unwrap();
        spec.iter().map(|c| c.norm_sqr()).collect()
    }

    #[test]
    fn tpdf_keeps_a_sine_below_one_lsb_audible() {
        // -110 dBFS, 1 kHz at 44.1 kHz: about 0.1 LSB at 16 bits.
        let fs = 44_100.0;
        let n = 44_100 * 4;
        let x = sine(n, 10f64.powf(-110.0 / 20.0), 1000.0, fs);
        let bin = 4000; // 1 kHz * 4 s
        let detect = |y: &[f32]| {
            let spec = power_spectrum(&y.iter().map(|&v| f64::from(v)).collect::<Vec<_>>());
            let tone = spec[bin - 1..=bin + 1].iter().sum::<f64>();
            // Median power of the bins away from the tone and its harmonics.
            let mut floor: Vec<f64> = spec
                .iter()
                .enumerate()
                .filter(|(i, _)| *i > 10 && i % 4000 > 5 && i % 4000 < 3995)
                .map(|(_, &p)| p)
                .collect();
            floor.sort_by(f64::total_cmp);
            (tone, floor[floor.len() / 2])
        };
        let (tone, floor) = detect(&quantise(DitherKind::Tpdf, 16, &x, 21));
        let snr_db = 10.0 * (tone / (3.0 * floor)).log10();
        assert!(
            snr_db > 20.0,
            "dithered tone only {snr_db:.1} dB above the noise floor"
        );

        // Without dither the tone is below half an LSB and vanishes completely.
        let plain = quantise(DitherKind::None, 16, &x, 21);
        assert!(plain.iter().all(|&v| v == 0.0));

        // A slightly louder tone (0.7 LSB) survives plain rounding only as a square-ish
        // wave: strong odd harmonics, which dither removes.
        let x = sine(n, 0.7 * (-15f64).exp2(), 1000.0, fs);
        let third = |y: &[f32]| {
            let spec = power_spectrum(&y.iter().map(|&v| f64::from(v)).collect::<Vec<_>>());
            let h1: f64 = spec[bin - 1..=bin + 1].iter().sum();
            let h3: f64 = spec[3 * bin - 1..=3 * bin + 1].iter().sum();
            10.0 * (h3 / h1).log10()
        };
        let plain_h3 = third(&quantise(DitherKind::None, 16, &x, 0));
        let tpdf_h3 = third(&quantise(DitherKind::Tpdf, 16, &x, 0));
        assert!(
            plain_h3 > -15.0,
            "plain rounding third harmonic {plain_h3:.1} dB"
        );
        assert!(tpdf_h3 < -30.0, "dithered third harmonic {tpdf_h3:.1} dB");
    }

    /// Mean error power per bin in [lo, hi) Hz, 44.1 kHz, averaged over segments.
    fn band_power(kind: DitherKind, bands: &[(f64, f64)]) -> Vec<f64> {
        let fs = 44_100.0;
        let seg = 8192;
        let segs = 32;
        let x = noise(seg * segs, 0.01, 77);
        let y = quantise(kind, 16, &x, 31);
        let e: Vec<f64> = y
            .iter()
            .zip(&x)
            .map(|(&y, &x)| f64::from(y) - f64::from(x))
            .collect();
        let mut acc = vec![0.0; seg / 2 + 1];
        for s in e.chunks_exact(seg) {
            for (a, p) in acc.iter_mut().zip(power_spectrum(s)) {
                *a += p;
            }
        }
        bands
            .iter()
            .map(|&(lo, hi)| {
                let a = (lo / fs * seg as f64).ceil() as usize;
                let b = (hi / fs * seg as f64).floor() as usize;
                acc[a..b].iter().sum::<f64>() / (b - a) as f64
            })
            .collect()
    }

    #[test]
    fn shaped_noise_moves_power_out_of_the_sensitive_band() {
        let bands = [(1000.0, 5000.0), (15_000.0, 22_000.0)];
        let flat = band_power(DitherKind::Tpdf, &bands);
        let shaped = band_power(DitherKind::Shaped, &bands);
        let mid = 10.0 * (shaped[0] / flat[0]).log10();
        let high = 10.0 * (shaped[1] / flat[1]).log10();
        assert!(mid < -6.0, "1-5 kHz: shaped is only {mid:.1} dB below TPDF");
        assert!(
            high > 6.0,
            "15-22 kHz: shaped is only {high:.1} dB above TPDF"
        );
    }

    #[test]
    fn shaped_noise_matches_the_designed_transfer_function() {
        // The shaped error is the total loop error (white, Δ²/4) through
        // NTF(z) = 1 - Σ c[i] z^-(i+1): check the band averages against |NTF|².
        let fs = 44_100.0;
        let ntf2 = |f: f64| {
            let w = 2.0 * PI * f / fs;
            let (mut re, mut im) = (1.0, 0.0);
            for (i, c) in F_WEIGHTED_44K.iter().enumerate() {
                re -= c * (w * (i + 1) as f64).cos();
                im += c * (w * (i + 1) as f64).sin();
            }
            re * re + im * im
        };
        let bands: Vec<(f64, f64)> = (0..11)
            .map(|i| (i as f64 * 2000.0 + 200.0, i as f64 * 2000.0 + 1800.0))
            .collect();
        let flat = band_power(DitherKind::Tpdf, &bands);
        let shaped = band_power(DitherKind::Shaped, &bands);
        for (i, &(lo, hi)) in bands.iter().enumerate() {
            let want: f64 = (0..50)
                .map(|k| ntf2(lo + (hi - lo) * (k as f64 + 0.5) / 50.0))
                .sum::<f64>()
                / 50.0;
            let got = shaped[i] / flat[i];
            let err_db = 10.0 * (got / want).log10();
            assert!(
                err_db.abs() < 0.5,
                "{lo}-{hi} Hz: {got:.3} vs |NTF|² {want:.3}"
            );
        }
    }

    #[test]
    fn deterministic_per_seed_and_independent_per_channel() {
        let x = noise(10_000, 0.5, 9);
        let a = quantise(DitherKind::Tpdf, 16, &x, 42);
        let b = quantise(DitherKind::Tpdf, 16, &x, 42);
        let c = quantise(DitherKind::Tpdf, 16, &x, 43);
        assert_eq!(a, b);
        assert_ne!(a, c);

        let mut d = Dither::new(DitherKind::Tpdf, 16, 2, 42).unwrap();
        let (mut l, mut r) = (vec![0.0f32; 100_000], vec![0.0f32; 100_000]);
        d.process(0, &mut l);
        d.process(1, &mut r);
        assert_ne!(l, r);
        let scale = 32768.0;
        let corr: f64 = l
            .iter()
            .zip(&r)
            .map(|(&a, &b)| f64::from(a) * scale * f64::from(b) * scale)
            .sum::<f64>()
            / 100_000.0;
        assert!(corr.abs() < 0.01, "channels correlated: {corr}");
        // Reset restarts the sequence.
        d.reset();
        let mut l2 = vec![0.0f32; 100_000];
        d.process(0, &mut l2);
        assert_eq!(l, l2);
    }

    #[test]
    fn high_bit_depths_just_round() {
        let x = noise(10_000, 0.9, 4);
        for bits in [25, 32] {
            let a = quantise(DitherKind::Shaped, bits, &x, 1);
            let b = quantise(DitherKind::None, bits, &x, 1);
            assert_eq!(a, b);
            let half = 0.5 * (-(bits as f64 - 1.0)).exp2();
            for (&y, &x) in a.iter().zip(&x) {
                assert!((f64::from(y) - f64::from(x)).abs() <= half);
            }
        }
    }

    #[test]
    fn process_does_not_allocate() {
        let mut d = Dither::new(DitherKind::Shaped, 16, 2, 1).unwrap();
        let mut x = vec![0.25f32; 4096];
        assert_no_alloc::assert_no_alloc(|| {
            d.process(1, &mut x);
            d.process(0, &mut []);
        });
    }

    #[test]
    fn validation_names_the_bad_field() {
        assert_eq!(
            Dither::new(DitherKind::Tpdf, 7, 1, 0).unwrap_err().field,
            "bits"
        );
        assert_eq!(
            Dither::new(DitherKind::Tpdf, 33, 1, 0).unwrap_err().field,
            "bits"
        );
        assert_eq!(
            Dither::new(DitherKind::Tpdf, 16, 0, 0).unwrap_err().field,
            "channels"
        );
        assert!(Dither::new(DitherKind::Shaped, 8, 1, 0).is_ok());
        assert!(Dither::new(DitherKind::None, 32, 8, 0).is_ok());
    }
}
