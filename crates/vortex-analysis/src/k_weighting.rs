//! The ITU-R BS.1770 K-weighting pre-filter, designed for any sample rate.
//!
//! K-weighting is two biquads in cascade: stage 1, a high shelf of about +4 dB above ~1.7 kHz
//! modelling the acoustic effect of the head, and stage 2, the "RLB" (revised low-frequency
//! B-curve) high-pass at ~38 Hz. BS.1770 publishes the coefficients only for 48 kHz (Tables 1
//! and 2). Here both stages are designed from their analog prototypes with the bilinear
//! transform, using the prototype parameters that libebur128 (`ebur128_init_filter`, Jan
//! Kokemüller) and the `ebur128` crate use; at 48 kHz they reproduce the published tables to
//! about 1e-15 (see the tests), and at other rates they give the same analog response.
//!
//! As in the standard, stage 2's numerator is `1, -2, 1` (not normalised): its high-frequency
//! gain is about +0.04 dB, which the loudness formula's -0.691 dB constant accounts for.
//!
//! State and arithmetic are `f64`. Output values below 1e-30 in magnitude are flushed to zero so
//! that the filter never runs on subnormal numbers after long silences (their energy is
//! ~600 dB below full scale, far below the -70 LUFS gate).

use crate::AnalysisError;

/// Lowest sample rate accepted, Hz. The stage-1 shelf (1.68 kHz) must lie below Nyquist.
pub const MIN_SAMPLE_RATE: f64 = 8_000.0;
/// Highest sample rate accepted, Hz.
pub const MAX_SAMPLE_RATE: f64 = 768_000.0;

/// Stage 1 (high shelf) analog prototype: centre frequency, Hz.
const SHELF_F0: f64 = 1_681.974_450_955_533;
/// Stage 1 gain, dB.
const SHELF_GAIN_DB: f64 = 3.999_843_853_973_347;
/// Stage 1 quality factor.
const SHELF_Q: f64 = 0.707_175_236_955_419_6;
/// Stage 1 exponent of the band gain `Vb = Vh^x`.
const SHELF_VB_EXP: f64 = 0.499_666_774_154_541_6;
/// Stage 2 (RLB high-pass) analog prototype: corner frequency, Hz.
const HIGHPASS_F0: f64 = 38.135_470_876_024_44;
/// Stage 2 quality factor.
const HIGHPASS_Q: f64 = 0.500_327_037_323_877_3;

/// Magnitudes below this are flushed to zero (denormal guard).
const FLUSH: f64 = 1e-30;

/// Coefficients of one biquad section, normalised so that `a0 = 1`:
/// `y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BiquadCoeffs {
    /// Feed-forward coefficient of `x[n]` (dimensionless).
    pub b0: f64,
    /// Feed-forward coefficient of `x[n-1]`.
    pub b1: f64,
    /// Feed-forward coefficient of `x[n-2]`.
    pub b2: f64,
    /// Feedback coefficient of `y[n-1]` (sign as in BS.1770 tables: subtracted).
    pub a1: f64,
    /// Feedback coefficient of `y[n-2]`.
    pub a2: f64,
}

impl BiquadCoeffs {
    /// Magnitude response in dB at `freq_hz` for sample rate `sample_rate` (both Hz).
    pub fn response_db(&self, freq_hz: f64, sample_rate: f64) -> f64 {
        let w = 2.0 * std::f64::consts::PI * freq_hz / sample_rate;
        let (c1, s1) = (w.cos(), -w.sin());
        let (c2, s2) = ((2.0 * w).cos(), -(2.0 * w).sin());
        let num_re = self.b0 + self.b1 * c1 + self.b2 * c2;
        let num_im = self.b1 * s1 + self.b2 * s2;
        let den_re = 1.0 + self.a1 * c1 + self.a2 * c2;
        let den_im = self.a1 * s1 + self.a2 * s2;
        10.0 * ((num_re * num_re + num_im * num_im) / (den_re * den_re + den_im * den_im)).log10()
    }
}

/// Stage 1 (high shelf) designed for `sample_rate` Hz.
pub fn stage1_coeffs(sample_rate: f64) -> BiquadCoeffs {
    let k = (std::f64::consts::PI * SHELF_F0 / sample_rate).tan();
    let vh = 10f64.powf(SHELF_GAIN_DB / 20.0);
    let vb = vh.powf(SHELF_VB_EXP);
    let a0 = 1.0 + k / SHELF_Q + k * k;
    BiquadCoeffs {
        b0: (vh + vb * k / SHELF_Q + k * k) / a0,
        b1: 2.0 * (k * k - vh) / a0,
        b2: (vh - vb * k / SHELF_Q + k * k) / a0,
        a1: 2.0 * (k * k - 1.0) / a0,
        a2: (1.0 - k / SHELF_Q + k * k) / a0,
    }
}

/// Stage 2 (RLB high-pass) designed for `sample_rate` Hz; numerator `1, -2, 1` as published.
pub fn stage2_coeffs(sample_rate: f64) -> BiquadCoeffs {
    let k = (std::f64::consts::PI * HIGHPASS_F0 / sample_rate).tan();
    let a0 = 1.0 + k / HIGHPASS_Q + k * k;
    BiquadCoeffs {
        b0: 1.0,
        b1: -2.0,
        b2: 1.0,
        a1: 2.0 * (k * k - 1.0) / a0,
        a2: (1.0 - k / HIGHPASS_Q + k * k) / a0,
    }
}

/// Checks a sample rate for the K-weighting filter (and hence the loudness meter).
pub fn validate_sample_rate(sample_rate: f64) -> Result<(), AnalysisError> {
    if !sample_rate.is_finite() || !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&sample_rate) {
        return Err(AnalysisError::new(
            "sample_rate",
            format!(
                "must be between {MIN_SAMPLE_RATE} and {MAX_SAMPLE_RATE} Hz, got {sample_rate}"
            ),
        ));
    }
    Ok(())
}

/// One channel of the BS.1770 K-weighting filter (stage 1 then stage 2), `f64` state.
///
/// Built once; [`process`](Self::process) and [`process_block`](Self::process_block) neither
/// allocate nor lock.
#[derive(Debug, Clone)]
pub struct KWeighting {
    sample_rate: f64,
    s1: BiquadCoeffs,
    s2: BiquadCoeffs,
    /// Direct form I state: stage-1 input x[n-1], x[n-2]; stage-1 output (= stage-2 input)
    /// y[n-1], y[n-2]; stage-2 output z[n-1], z[n-2].
    x1: f64,
    x2: f64,
    y1: f64,
    y2: f64,
    z1: f64,
    z2: f64,
}

impl KWeighting {
    /// The filter for `sample_rate` Hz.
    ///
    /// # Panics
    /// If `sample_rate` is not finite or outside [`MIN_SAMPLE_RATE`]..=[`MAX_SAMPLE_RATE`]
    /// (8 kHz..768 kHz); use [`try_new`](Self::try_new) to get an error instead.
    pub fn new(sample_rate: f64) -> Self {
        match Self::try_new(sample_rate) {
            Ok(k) => k,
            Err(e) => panic!("KWeighting::new: {e}"),
        }
    }

    /// The filter for `sample_rate` Hz (8 kHz..768 kHz), or an error naming `sample_rate`.
    pub fn try_new(sample_rate: f64) -> Result<Self, AnalysisError> {
        validate_sample_rate(sample_rate)?;
        Ok(Self {
            sample_rate,
            s1: stage1_coeffs(sample_rate),
            s2: stage2_coeffs(sample_rate),
            x1: 0.0,
            x2: 0.0,
            y1: 0.0,
            y2: 0.0,
            z1: 0.0,
            z2: 0.0,
        })
    }

    /// Sample rate the filter was designed for, Hz.
    pub fn sample_rate(&self) -> f64 {
        self.sample_rate
    }

    /// Stage 1 (high shelf) coefficients.
    pub fn stage1(&self) -> BiquadCoeffs {
        self.s1
    }

    /// Stage 2 (RLB high-pass) coefficients.
    pub fn stage2(&self) -> BiquadCoeffs {
        self.s2
    }

    /// Magnitude response of the whole K-weighting filter at `freq_hz`, dB
    /// (about +0.69 dB at 1 kHz, -inf at DC, +4.0 dB at high frequencies).
    pub fn response_db(&self, freq_hz: f64) -> f64 {
        self.s1.response_db(freq_hz, self.sample_rate)
            + self.s2.response_db(freq_hz, self.sample_rate)
    }

    /// Filters one sample (linear, full scale = 1.0) and returns the K-weighted sample.
    #[inline]
    pub fn process(&mut self, x: f32) -> f64 {
        let x = x as f64;
        let s1 = &self.s1;
        let mut y =
            s1.b0 * x + s1.b1 * self.x1 + s1.b2 * self.x2 - s1.a1 * self.y1 - s1.a2 * self.y2;
        if y.abs() < FLUSH {
            y = 0.0;
        }
        let s2 = &self.s2;
        let mut z =
            s2.b0 * y + s2.b1 * self.y1 + s2.b2 * self.y2 - s2.a1 * self.z1 - s2.a2 * self.z2;
        if z.abs() < FLUSH {
            z = 0.0;
        }
        self.x2 = self.x1;
        self.x1 = x;
        self.y2 = self.y1;
        self.y1 = y;
        self.z2 = self.z1;
        self.z1 = z;
        z
    }

    /// Filters `input` into `output` (K-weighted samples). Processes
    /// `min(input.len(), output.len())` samples.
    pub fn process_block(&mut self, input: &[f32], output: &mut [f64]) {
        for (o, &x) in output.iter_mut().zip(input) {
            *o = self.process(x);
        }
    }

    /// Filters `input` and returns the sum of the squared K-weighted samples (the
    /// numerator of the BS.1770 mean square).
    pub fn sum_squares(&mut self, input: &[f32]) -> f64 {
        let mut acc = 0.0;
        for &x in input {
            let y = self.process(x);
            acc += y * y;
        }
        acc
    }

    /// Clears the filter state (as after silence).
    pub fn reset(&mut self) {
        self.x1 = 0.0;
        self.x2 = 0.0;
        self.y1 = 0.0;
        self.y2 = 0.0;
        self.z1 = 0.0;
        self.z2 = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // ITU-R BS.1770-4, Table 1 (stage 1) and Table 2 (stage 2), 48 kHz.
    const TABLE1: BiquadCoeffs = BiquadCoeffs {
        b0: 1.535_124_859_586_97,
        b1: -2.691_696_189_406_38,
        b2: 1.198_392_810_852_85,
        a1: -1.690_659_293_182_41,
        a2: 0.732_480_774_215_85,
    };
    const TABLE2: BiquadCoeffs = BiquadCoeffs {
        b0: 1.0,
        b1: -2.0,
        b2: 1.0,
        a1: -1.990_047_454_833_98,
        a2: 0.990_072_250_366_21,
    };

    fn max_diff(a: BiquadCoeffs, b: BiquadCoeffs) -> f64 {
        [
            a.b0 - b.b0,
            a.b1 - b.b1,
            a.b2 - b.b2,
            a.a1 - b.a1,
            a.a2 - b.a2,
        ]
        .iter()
        .fold(0.0f64, |m, d| m.max(d.abs()))
    }

    #[test]
    fn matches_bs1770_tables_at_48k() {
        let k = KWeighting::new(48_000.0);
        let d1 = max_diff(k.stage1(), TABLE1);
        let d2 = max_diff(k.stage2(), TABLE2);
        assert!(d1 < 1e-9, "stage 1 off by {d1}");
        assert!(d2 < 1e-9, "stage 2 off by {d2}");
    }

    #[test]
    fn same_analog_response_at_other_rates() {
        let reference = KWeighting::new(48_000.0);
        for &fs in &[44_100.0, 88_200.0, 96_000.0, 192_000.0] {
            let k = KWeighting::new(fs);
            // The bilinear transform warps frequencies towards Nyquist; below 5 kHz the
            // responses agree closely.
            for &f in &[20.0, 50.0, 100.0, 500.0, 1000.0, 2000.0, 5000.0] {
                let d = k.response_db(f) - reference.response_db(f);
                assert!(d.abs() < 0.05, "fs={fs} f={f} diff={d}");
            }
        }
        // Known points of the K curve: +0.69 dB at 1 kHz (hence the -0.691 in BS.1770),
        // about +4 dB at 10 kHz, strongly cut at 20 Hz.
        assert!((reference.response_db(997.0) - 0.691).abs() < 0.01);
        assert!((reference.response_db(10_000.0) - 4.0).abs() < 0.1);
        assert!(reference.response_db(20.0) < -10.0);
    }

    #[test]
    fn filter_matches_its_response_and_resets() {
        let fs = 44_100.0;
        let mut k = KWeighting::new(fs);
        let f = 3000.0;
        let n = 44_100;
        let x: Vec<f32> = (0..n)
            .map(|i| (2.0 * std::f64::consts::PI * f * i as f64 / fs).sin() as f32)
            .collect();
        let mut y = vec![0.0f64; n];
        k.process_block(&x, &mut y);
        let ms: f64 = y[n / 2..].iter().map(|v| v * v).sum::<f64>() / (n / 2) as f64;
        let gain_db = 10.0 * (ms / 0.5).log10();
        assert!((gain_db - k.response_db(f)).abs() < 0.01, "{gain_db}");
        k.reset();
        assert_eq!(k.sum_squares(&[0.0; 16]), 0.0);
        assert!(KWeighting::try_new(1000.0).is_err());
        assert_eq!(
            KWeighting::try_new(f64::NAN).unwrap_err().field,
            "sample_rate"
        );
    }

    #[test]
    fn no_alloc_and_denormal_flush() {
        let mut k = KWeighting::new(48_000.0);
        let mut x = vec![0.0f32; 48_000];
        x[0] = 1.0;
        let s = assert_no_alloc::assert_no_alloc(|| {
            let mut s = 0.0;
            for _ in 0..20 {
                s += k.sum_squares(&x);
                x[0] = 0.0;
            }
            s
        });
        assert!(s > 0.0);
        assert_eq!(k.process(0.0), 0.0);
    }
}
