//! Second- and first-order IIR sections: designs from Robert Bristow-Johnson's
//! "Audio EQ Cookbook" (bilinear transform with frequency pre-warping), a
//! Linkwitz transform, and free coefficients.

use crate::filter::{ParamError, check_freq, check_positive, check_range};
use std::f64::consts::{LN_2, PI};

/// Normalised biquad coefficients (a0 = 1):
/// `H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BiquadCoeffs {
    /// Feed-forward coefficient for x[n].
    pub b0: f64,
    /// Feed-forward coefficient for x[n-1].
    pub b1: f64,
    /// Feed-forward coefficient for x[n-2].
    pub b2: f64,
    /// Feedback coefficient for y[n-1].
    pub a1: f64,
    /// Feedback coefficient for y[n-2].
    pub a2: f64,
}

impl BiquadCoeffs {
    /// The identity section (passes the signal unchanged).
    pub const IDENTITY: Self = Self {
        b0: 1.0,
        b1: 0.0,
        b2: 0.0,
        a1: 0.0,
        a2: 0.0,
    };

    /// Coefficients with `a0` divided out. Fails if `a0` is zero or any value is not finite.
    pub fn normalized(b: [f64; 3], a: [f64; 3]) -> Result<Self, ParamError> {
        if b.iter().chain(a.iter()).any(|v| !v.is_finite()) {
            return Err(ParamError::new(
                "coefficients",
                "must all be finite numbers",
            ));
        }
        if a[0] == 0.0 {
            return Err(ParamError::new("a0", "must not be 0"));
        }
        Ok(Self {
            b0: b[0] / a[0],
            b1: b[1] / a[0],
            b2: b[2] / a[0],
            a1: a[1] / a[0],
            a2: a[2] / a[0],
        })
    }

    /// True when both poles lie strictly inside the unit circle (the stability triangle).
    pub fn is_stable(&self) -> bool {
        self.a2.abs() < 1.0 && self.a1.abs() < 1.0 + self.a2
    }

    /// Complex response at `freq` Hz for sample rate `fs` Hz, as (re, im).
    pub fn response(&self, freq: f64, fs: f64) -> (f64, f64) {
        let w = 2.0 * PI * freq / fs;
        let (s1, c1) = w.sin_cos();
        let (s2, c2) = (2.0 * w).sin_cos();
        let (nr, ni) = (
            self.b0 + self.b1 * c1 + self.b2 * c2,
            -self.b1 * s1 - self.b2 * s2,
        );
        let (dr, di) = (
            1.0 + self.a1 * c1 + self.a2 * c2,
            -self.a1 * s1 - self.a2 * s2,
        );
        let den = dr * dr + di * di;
        ((nr * dr + ni * di) / den, (ni * dr - nr * di) / den)
    }
}

/// How wide a peaking, band or notch filter is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// Quality factor, > 0 (0.707 is a Butterworth section).
    Q(f64),
    /// Bandwidth in octaves between the -3 dB (or half-gain) points, > 0.
    Bandwidth(f64),
}

/// How steep a shelf is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShelfWidth {
    /// Quality factor, > 0 (0.707 gives the steepest shelf without overshoot).
    Q(f64),
    /// Slope in dB per octave at the midpoint, 0 < slope <= 12 (the cookbook's S = slope / 12).
    Slope(f64),
    /// Bandwidth in octaves of the transition (the cookbook's bandwidth alpha), > 0.
    Bandwidth(f64),
}

/// A biquad design: what the user writes in a pipeline file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BiquadSpec {
    /// Second-order lowpass, `freq` Hz, quality `q`.
    Lowpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: f64,
    },
    /// Second-order highpass.
    Highpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Quality factor, > 0 (up to 100).
        q: f64,
    },
    /// First-order lowpass (6 dB/octave).
    LowpassFirstOrder {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
    },
    /// First-order highpass (6 dB/octave).
    HighpassFirstOrder {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
    },
    /// Bandpass with 0 dB gain at `freq`.
    Bandpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Width of the band or steepness of the shelf.
        width: Width,
    },
    /// Notch (band reject) at `freq`.
    Notch {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Width of the band or steepness of the shelf.
        width: Width,
    },
    /// Second-order allpass (phase 180 degrees at `freq`).
    Allpass {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Width of the band or steepness of the shelf.
        width: Width,
    },
    /// First-order allpass (phase 90 degrees at `freq`).
    AllpassFirstOrder {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
    },
    /// Peaking (bell) filter: `gain` dB at `freq`.
    Peaking {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
        /// Width of the band or steepness of the shelf.
        width: Width,
    },
    /// Low shelf: `gain` dB below `freq` (the half-gain point).
    LowShelf {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
        /// Width of the band or steepness of the shelf.
        width: ShelfWidth,
    },
    /// High shelf: `gain` dB above `freq`.
    HighShelf {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
        /// Width of the band or steepness of the shelf.
        width: ShelfWidth,
    },
    /// First-order low shelf: `gain` dB at DC, half of it at `freq`.
    LowShelfFirstOrder {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
    },
    /// First-order high shelf: `gain` dB at Nyquist, half of it at `freq`.
    HighShelfFirstOrder {
        /// Frequency, Hz (above 0, below Nyquist).
        freq: f64,
        /// Gain, dB.
        gain: f64,
    },
    /// Linkwitz transform: moves a sealed speaker's resonance (`freq_act` Hz, `q_act`)
    /// to a target (`freq_target` Hz, `q_target`).
    LinkwitzTransform {
        /// Resonance of the speaker as it is, Hz.
        freq_act: f64,
        /// Q of the speaker as it is.
        q_act: f64,
        /// Resonance wanted, Hz.
        freq_target: f64,
        /// Q wanted.
        q_target: f64,
    },
    /// Free coefficients; normalised by `a0`; must be stable.
    Free {
        /// Numerator coefficients b0, b1, b2.
        b: [f64; 3],
        /// Denominator coefficients a0, a1, a2.
        a: [f64; 3],
    },
}

/// Largest accepted quality factor.
pub const MAX_Q: f64 = 100.0;
/// Largest accepted bandwidth, octaves.
pub const MAX_BANDWIDTH_OCT: f64 = 10.0;

fn check_q(field: &str, q: f64) -> Result<(), ParamError> {
    check_positive(field, q)?;
    check_range(field, q, 0.0, MAX_Q, "")
}

/// The cookbook's `alpha` and the equivalent analog Q for a [`Width`].
fn width_alpha(width: Width, w0: f64) -> Result<f64, ParamError> {
    let sin = w0.sin();
    match width {
        Width::Q(q) => {
            check_q("q", q)?;
            Ok(sin / (2.0 * q))
        }
        Width::Bandwidth(bw) => {
            check_positive("bandwidth", bw)?;
            check_range("bandwidth", bw, 0.0, MAX_BANDWIDTH_OCT, " octaves")?;
            Ok(sin * (LN_2 / 2.0 * bw * w0 / sin).sinh())
        }
    }
}

/// The analog-prototype Q equivalent to `width` at normalised angular frequency `w0`
/// (rad/sample). For a bandwidth this undoes the cookbook's pre-warping.
pub fn equivalent_q(width: Width, w0: f64) -> f64 {
    match width {
        Width::Q(q) => q,
        Width::Bandwidth(bw) => 1.0 / (2.0 * (LN_2 / 2.0 * bw * w0 / w0.sin()).sinh()),
    }
}

/// The analog-prototype Q of a shelf with linear amplitude `a` (= 10^(gain/40)) at
/// normalised angular frequency `w0` (rad/sample; used by the bandwidth form).
pub fn shelf_q(width: ShelfWidth, a: f64, w0: f64) -> f64 {
    match width {
        ShelfWidth::Q(q) => q,
        ShelfWidth::Bandwidth(bw) => equivalent_q(Width::Bandwidth(bw), w0),
        ShelfWidth::Slope(slope) => {
            let s = slope / 12.0;
            1.0 / ((a + 1.0 / a) * (1.0 / s - 1.0) + 2.0).sqrt()
        }
    }
}

fn shelf_alpha(width: ShelfWidth, a: f64, w0: f64) -> Result<f64, ParamError> {
    match width {
        ShelfWidth::Q(q) => check_q("q", q)?,
        ShelfWidth::Bandwidth(bw) => return width_alpha(Width::Bandwidth(bw), w0),
        ShelfWidth::Slope(slope) => {
            check_positive("slope", slope)?;
            check_range("slope", slope, 0.0, 12.0, " dB/octave")?;
        }
    }
    Ok(w0.sin() / (2.0 * shelf_q(width, a, w0)))
}

/// Largest accepted boost or cut of a filter, dB (the engine clamps EQ gains beyond +-24 dB
/// with a warning before this check).
pub const MAX_FILTER_GAIN_DB: f64 = 60.0;

fn check_gain(gain: f64) -> Result<(), ParamError> {
    check_range("gain", gain, -MAX_FILTER_GAIN_DB, MAX_FILTER_GAIN_DB, " dB")
}

impl BiquadSpec {
    /// Designs the coefficients for sample rate `fs` Hz, validating every parameter.
    pub fn design(&self, fs: f64) -> Result<BiquadCoeffs, ParamError> {
        check_positive("samplerate", fs)?;
        let w = |freq: f64| -> Result<(f64, f64, f64), ParamError> {
            check_freq("freq", freq, fs)?;
            let w0 = 2.0 * PI * freq / fs;
            Ok((w0, w0.cos(), w0.sin()))
        };
        let c = match *self {
            Self::Lowpass { freq, q } => {
                let (_, cos, sin) = w(freq)?;
                check_q("q", q)?;
                let alpha = sin / (2.0 * q);
                let b1 = 1.0 - cos;
                norm(
                    [b1 / 2.0, b1, b1 / 2.0],
                    [1.0 + alpha, -2.0 * cos, 1.0 - alpha],
                )
            }
            Self::Highpass { freq, q } => {
                let (_, cos, sin) = w(freq)?;
                check_q("q", q)?;
                let alpha = sin / (2.0 * q);
                let b1 = 1.0 + cos;
                norm(
                    [b1 / 2.0, -b1, b1 / 2.0],
                    [1.0 + alpha, -2.0 * cos, 1.0 - alpha],
                )
            }
            Self::Bandpass { freq, width } => {
                let (w0, cos, _) = w(freq)?;
                let alpha = width_alpha(width, w0)?;
                norm([alpha, 0.0, -alpha], [1.0 + alpha, -2.0 * cos, 1.0 - alpha])
            }
            Self::Notch { freq, width } => {
                let (w0, cos, _) = w(freq)?;
                let alpha = width_alpha(width, w0)?;
                norm(
                    [1.0, -2.0 * cos, 1.0],
                    [1.0 + alpha, -2.0 * cos, 1.0 - alpha],
                )
            }
            Self::Allpass { freq, width } => {
                let (w0, cos, _) = w(freq)?;
                let alpha = width_alpha(width, w0)?;
                let a = [1.0 + alpha, -2.0 * cos, 1.0 - alpha];
                norm([a[2], a[1], a[0]], a)
            }
            Self::Peaking { freq, gain, width } => {
                let (w0, cos, _) = w(freq)?;
                check_gain(gain)?;
                let alpha = width_alpha(width, w0)?;
                let a = 10f64.powf(gain / 40.0);
                norm(
                    [1.0 + alpha * a, -2.0 * cos, 1.0 - alpha * a],
                    [1.0 + alpha / a, -2.0 * cos, 1.0 - alpha / a],
                )
            }
            Self::LowShelf { freq, gain, width } | Self::HighShelf { freq, gain, width } => {
                let (w0, cos, _) = w(freq)?;
                check_gain(gain)?;
                let a = 10f64.powf(gain / 40.0);
                let beta = 2.0 * a.sqrt() * shelf_alpha(width, a, w0)?;
                let (ap, am) = (a + 1.0, a - 1.0);
                if matches!(self, Self::LowShelf { .. }) {
                    norm(
                        [
                            a * (ap - am * cos + beta),
                            2.0 * a * (am - ap * cos),
                            a * (ap - am * cos - beta),
                        ],
                        [
                            ap + am * cos + beta,
                            -2.0 * (am + ap * cos),
                            ap + am * cos - beta,
                        ],
                    )
                } else {
                    norm(
                        [
                            a * (ap + am * cos + beta),
                            -2.0 * a * (am + ap * cos),
                            a * (ap + am * cos - beta),
                        ],
                        [
                            ap - am * cos + beta,
                            2.0 * (am - ap * cos),
                            ap - am * cos - beta,
                        ],
                    )
                }
            }
            Self::LowpassFirstOrder { freq } => {
                let k = prewarp(freq, fs)?;
                norm([k, k, 0.0], [1.0 + k, k - 1.0, 0.0])
            }
            Self::HighpassFirstOrder { freq } => {
                let k = prewarp(freq, fs)?;
                norm([1.0, -1.0, 0.0], [1.0 + k, k - 1.0, 0.0])
            }
            Self::AllpassFirstOrder { freq } => {
                let k = prewarp(freq, fs)?;
                norm([k - 1.0, k + 1.0, 0.0], [k + 1.0, k - 1.0, 0.0])
            }
            Self::LowShelfFirstOrder { freq, gain } => {
                // H(s) = (s + sqrt(G)) / (s + 1/sqrt(G)), s normalised to freq.
                let k = prewarp(freq, fs)?;
                check_gain(gain)?;
                let g = 10f64.powf(gain / 40.0);
                norm(
                    [1.0 + k * g, k * g - 1.0, 0.0],
                    [1.0 + k / g, k / g - 1.0, 0.0],
                )
            }
            Self::HighShelfFirstOrder { freq, gain } => {
                // H(s) = G (s + 1/sqrt(G)) / (s + sqrt(G)).
                let k = prewarp(freq, fs)?;
                check_gain(gain)?;
                let g = 10f64.powf(gain / 40.0);
                let gg = g * g;
                norm(
                    [gg * (1.0 + k / g), gg * (k / g - 1.0), 0.0],
                    [1.0 + k * g, k * g - 1.0, 0.0],
                )
            }
            Self::LinkwitzTransform {
                freq_act,
                q_act,
                freq_target,
                q_target,
            } => {
                check_freq("freq_act", freq_act, fs)?;
                check_freq("freq_target", freq_target, fs)?;
                check_q("q_act", q_act)?;
                check_q("q_target", q_target)?;
                let (d0, d1) = ((2.0 * PI * freq_act).powi(2), 2.0 * PI * freq_act / q_act);
                let (c0, c1) = (
                    (2.0 * PI * freq_target).powi(2),
                    2.0 * PI * freq_target / q_target,
                );
                let gn = linkwitz_gn(freq_act, freq_target, fs);
                let g2 = gn * gn;
                norm(
                    [d0 + gn * d1 + g2, 2.0 * (d0 - g2), d0 - gn * d1 + g2],
                    [c0 + gn * c1 + g2, 2.0 * (c0 - g2), c0 - gn * c1 + g2],
                )
            }
            Self::Free { b, a } => {
                let c = BiquadCoeffs::normalized(b, a)?;
                if !c.is_stable() {
                    return Err(ParamError::new(
                        "a",
                        "poles on or outside the unit circle: the filter would be unstable",
                    ));
                }
                Ok(c)
            }
        }?;
        Ok(c)
    }
}

/// The bilinear-transform constant of the Linkwitz transform: analog angular frequency
/// `gn * tan(pi f / fs)` corresponds to digital frequency `f`; pre-warped at the mean
/// of the two resonances.
pub fn linkwitz_gn(freq_act: f64, freq_target: f64, fs: f64) -> f64 {
    let fc = (freq_act + freq_target) / 2.0;
    2.0 * PI * fc / (PI * fc / fs).tan()
}

fn prewarp(freq: f64, fs: f64) -> Result<f64, ParamError> {
    check_freq("freq", freq, fs)?;
    Ok((PI * freq / fs).tan())
}

fn norm(b: [f64; 3], a: [f64; 3]) -> Result<BiquadCoeffs, ParamError> {
    BiquadCoeffs::normalized(b, a)
}

/// One biquad section with f64 state (transposed direct form II).
#[derive(Debug, Clone)]
pub struct Biquad {
    c: BiquadCoeffs,
    s1: f64,
    s2: f64,
}

impl Biquad {
    /// A section with the given coefficients and zero state.
    pub fn new(c: BiquadCoeffs) -> Self {
        Self {
            c,
            s1: 0.0,
            s2: 0.0,
        }
    }

    /// Replaces the coefficients, keeping the state (for live parameter changes).
    pub fn set_coeffs(&mut self, c: BiquadCoeffs) {
        self.c = c;
    }

    /// The current coefficients.
    pub fn coeffs(&self) -> BiquadCoeffs {
        self.c
    }

    /// Filters one sample.
    #[inline(always)]
    pub fn tick(&mut self, x: f64) -> f64 {
        let c = &self.c;
        let y = c.b0 * x + self.s1;
        self.s1 = c.b1 * x - c.a1 * y + self.s2;
        self.s2 = c.b2 * x - c.a2 * y;
        y
    }

    /// Clears the state.
    pub fn clear(&mut self) {
        self.s1 = 0.0;
        self.s2 = 0.0;
    }
}

impl crate::Filter for Biquad {
    fn process(&mut self, block: &mut [f32]) {
        for s in block {
            *s = self.tick(f64::from(*s)) as f32;
        }
    }

    fn reset(&mut self) {
        self.clear();
    }
}

/// Test helpers shared by the IIR modules' tests: measured and analytic responses.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::Filter;

    /// Complex number helpers as (re, im).
    pub type C = (f64, f64);
    pub fn mul(a: C, b: C) -> C {
        (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
    }
    pub fn div(a: C, b: C) -> C {
        let d = b.0 * b.0 + b.1 * b.1;
        ((a.0 * b.0 + a.1 * b.1) / d, (a.1 * b.0 - a.0 * b.1) / d)
    }
    pub fn mag_db(a: C) -> f64 {
        10.0 * (a.0 * a.0 + a.1 * a.1).log10()
    }

    /// Runs an impulse through `filter` (f32 in and out) and returns the magnitude in dB
    /// of the measured response at each frequency (a direct DTFT of the output).
    pub fn measured_db(filter: &mut dyn Filter, freqs: &[f64], fs: f64, len: usize) -> Vec<f64> {
        let mut h = vec![0.0f32; len];
        h[0] = 1.0;
        filter.process(&mut h);
        let tail: f64 = h[len - len / 16..]
            .iter()
            .map(|v| f64::from(*v).abs())
            .fold(0.0, f64::max);
        assert!(
            tail < 1e-9,
            "impulse response has not decayed (tail {tail}); use a longer run"
        );
        freqs
            .iter()
            .map(|&f| {
                let w = 2.0 * std::f64::consts::PI * f / fs;
                // Rotating phasor instead of sin/cos per sample; renormalised periodically.
                let (mut re, mut im) = (0.0, 0.0);
                let (step_s, step_c) = w.sin_cos();
                let (mut c, mut s) = (1.0f64, 0.0f64);
                for (n, &v) in h.iter().enumerate() {
                    re += f64::from(v) * c;
                    im -= f64::from(v) * s;
                    (c, s) = (c * step_c - s * step_s, s * step_c + c * step_s);
                    if n % 1024 == 1023 {
                        let r = (c * c + s * s).sqrt();
                        (c, s) = (c / r, s / r);
                    }
                }
                mag_db((re, im))
            })
            .collect()
    }

    /// `count` frequencies spaced evenly in log frequency from `lo` to `hi` Hz.
    pub fn log_freqs(lo: f64, hi: f64, count: usize) -> Vec<f64> {
        (0..count)
            .map(|i| lo * (hi / lo).powf(i as f64 / (count - 1) as f64))
            .collect()
    }

    /// Asserts two dB curves agree within `tol` dB where the reference is above `floor` dB.
    pub fn assert_close_db(
        name: &str,
        freqs: &[f64],
        got: &[f64],
        want: &[f64],
        tol: f64,
        floor: f64,
    ) {
        let mut checked = 0;
        for ((f, g), w) in freqs.iter().zip(got).zip(want) {
            if *w < floor {
                continue;
            }
            checked += 1;
            assert!(
                (g - w).abs() <= tol,
                "{name}: at {f:.1} Hz measured {g:.5} dB, analytic {w:.5} dB"
            );
        }
        assert!(
            checked >= 40.min(freqs.len()),
            "{name}: only {checked} points above the floor"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    const FS: f64 = 48000.0;

    /// The cookbook's analog prototype `H(s)`, with `s = j * tan(pi f / fs) / tan(pi f0 / fs)`
    /// (the bilinear transform's frequency warping), computed independently of `design`.
    fn analog(spec: &BiquadSpec, f: f64) -> C {
        let warp = |f0: f64| (0.0, (PI * f / FS).tan() / (PI * f0 / FS).tan());
        let poly2 = |s: C, a: f64, b: f64, c: f64| -> C {
            let s2 = mul(s, s);
            (a * s2.0 + b * s.0 + c, a * s2.1 + b * s.1)
        };
        let w0 = |f0: f64| 2.0 * PI * f0 / FS;
        match *spec {
            BiquadSpec::Lowpass { freq, q } => {
                div((1.0, 0.0), poly2(warp(freq), 1.0, 1.0 / q, 1.0))
            }
            BiquadSpec::Highpass { freq, q } => {
                let s = warp(freq);
                div(mul(s, s), poly2(s, 1.0, 1.0 / q, 1.0))
            }
            BiquadSpec::Bandpass { freq, width } => {
                let (s, q) = (warp(freq), equivalent_q(width, w0(freq)));
                div((s.0 / q, s.1 / q), poly2(s, 1.0, 1.0 / q, 1.0))
            }
            BiquadSpec::Notch { freq, width } => {
                let (s, q) = (warp(freq), equivalent_q(width, w0(freq)));
                div(poly2(s, 1.0, 0.0, 1.0), poly2(s, 1.0, 1.0 / q, 1.0))
            }
            BiquadSpec::Allpass { freq, width } => {
                let (s, q) = (warp(freq), equivalent_q(width, w0(freq)));
                div(poly2(s, 1.0, -1.0 / q, 1.0), poly2(s, 1.0, 1.0 / q, 1.0))
            }
            BiquadSpec::Peaking { freq, gain, width } => {
                let (s, q) = (warp(freq), equivalent_q(width, w0(freq)));
                let a = 10f64.powf(gain / 40.0);
                div(poly2(s, 1.0, a / q, 1.0), poly2(s, 1.0, 1.0 / (a * q), 1.0))
            }
            BiquadSpec::LowShelf { freq, gain, width } => {
                let s = warp(freq);
                let a = 10f64.powf(gain / 40.0);
                let q = shelf_q(width, a, w0(freq));
                let n = poly2(s, 1.0, a.sqrt() / q, a);
                div((a * n.0, a * n.1), poly2(s, a, a.sqrt() / q, 1.0))
            }
            BiquadSpec::HighShelf { freq, gain, width } => {
                let s = warp(freq);
                let a = 10f64.powf(gain / 40.0);
                let q = shelf_q(width, a, w0(freq));
                let n = poly2(s, a, a.sqrt() / q, 1.0);
                div((a * n.0, a * n.1), poly2(s, 1.0, a.sqrt() / q, a))
            }
            BiquadSpec::LowpassFirstOrder { freq } => div((1.0, 0.0), (1.0, warp(freq).1)),
            BiquadSpec::HighpassFirstOrder { freq } => div(warp(freq), (1.0, warp(freq).1)),
            BiquadSpec::AllpassFirstOrder { freq } => {
                div((1.0, -warp(freq).1), (1.0, warp(freq).1))
            }
            BiquadSpec::LowShelfFirstOrder { freq, gain } => {
                let (s, g) = (warp(freq), 10f64.powf(gain / 40.0));
                div((g, s.1), (1.0 / g, s.1))
            }
            BiquadSpec::HighShelfFirstOrder { freq, gain } => {
                let (s, g) = (warp(freq), 10f64.powf(gain / 40.0));
                let r = div((1.0 / g, s.1), (g, s.1));
                (g * g * r.0, g * g * r.1)
            }
            BiquadSpec::LinkwitzTransform {
                freq_act,
                q_act,
                freq_target,
                q_target,
            } => {
                let s = (
                    0.0,
                    linkwitz_gn(freq_act, freq_target, FS) * (PI * f / FS).tan(),
                );
                let (wa, wt) = (2.0 * PI * freq_act, 2.0 * PI * freq_target);
                div(
                    poly2(s, 1.0, wa / q_act, wa * wa),
                    poly2(s, 1.0, wt / q_target, wt * wt),
                )
            }
            BiquadSpec::Free { .. } => unreachable!(),
        }
    }

    fn all_specs() -> Vec<(&'static str, BiquadSpec)> {
        use BiquadSpec::*;
        vec![
            (
                "lowpass",
                Lowpass {
                    freq: 1000.0,
                    q: 0.707,
                },
            ),
            ("lowpass high q", Lowpass { freq: 80.0, q: 4.0 }),
            (
                "highpass",
                Highpass {
                    freq: 2500.0,
                    q: 1.3,
                },
            ),
            (
                "bandpass q",
                Bandpass {
                    freq: 440.0,
                    width: Width::Q(2.0),
                },
            ),
            (
                "bandpass bw",
                Bandpass {
                    freq: 6000.0,
                    width: Width::Bandwidth(1.0),
                },
            ),
            (
                "notch",
                Notch {
                    freq: 1000.0,
                    width: Width::Q(5.0),
                },
            ),
            (
                "allpass",
                Allpass {
                    freq: 300.0,
                    width: Width::Q(0.5),
                },
            ),
            (
                "peaking q",
                Peaking {
                    freq: 105.0,
                    gain: -6.5,
                    width: Width::Q(2.4),
                },
            ),
            (
                "peaking bw",
                Peaking {
                    freq: 12000.0,
                    gain: 9.0,
                    width: Width::Bandwidth(0.5),
                },
            ),
            (
                "low shelf q",
                LowShelf {
                    freq: 200.0,
                    gain: 6.0,
                    width: ShelfWidth::Q(0.707),
                },
            ),
            (
                "low shelf slope",
                LowShelf {
                    freq: 100.0,
                    gain: -4.0,
                    width: ShelfWidth::Slope(6.0),
                },
            ),
            (
                "high shelf q",
                HighShelf {
                    freq: 8000.0,
                    gain: -3.0,
                    width: ShelfWidth::Q(0.9),
                },
            ),
            (
                "high shelf slope",
                HighShelf {
                    freq: 4000.0,
                    gain: 5.0,
                    width: ShelfWidth::Slope(12.0),
                },
            ),
            (
                "low shelf bw",
                LowShelf {
                    freq: 250.0,
                    gain: 4.5,
                    width: ShelfWidth::Bandwidth(1.5),
                },
            ),
            (
                "high shelf bw",
                HighShelf {
                    freq: 6000.0,
                    gain: -6.0,
                    width: ShelfWidth::Bandwidth(0.8),
                },
            ),
            ("lowpass 1st", LowpassFirstOrder { freq: 500.0 }),
            ("highpass 1st", HighpassFirstOrder { freq: 50.0 }),
            ("allpass 1st", AllpassFirstOrder { freq: 700.0 }),
            (
                "low shelf 1st",
                LowShelfFirstOrder {
                    freq: 300.0,
                    gain: 8.0,
                },
            ),
            (
                "high shelf 1st",
                HighShelfFirstOrder {
                    freq: 3000.0,
                    gain: -5.0,
                },
            ),
            (
                "linkwitz",
                LinkwitzTransform {
                    freq_act: 60.0,
                    q_act: 0.9,
                    freq_target: 30.0,
                    q_target: 0.6,
                },
            ),
        ]
    }

    #[test]
    fn every_design_matches_its_analytic_response_within_0_01_db() {
        let freqs = log_freqs(10.0, 22000.0, 100);
        for (name, spec) in all_specs() {
            let mut bq = Biquad::new(spec.design(FS).unwrap());
            let got = measured_db(&mut bq, &freqs, FS, 1 << 17);
            let want: Vec<f64> = freqs.iter().map(|&f| mag_db(analog(&spec, f))).collect();
            // Below -60 dB the f32 output rounding dominates; those points are skipped.
            assert_close_db(name, &freqs, &got, &want, 0.01, -60.0);
        }
    }

    #[test]
    fn peaking_gain_and_bandwidth_land_where_asked() {
        // Independent of the prototype: +9 dB at the centre, half gain (4.5 dB) at the
        // band edges 0.25 octave either side for a 0.5-octave bandwidth.
        let spec = BiquadSpec::Peaking {
            freq: 1000.0,
            gain: 9.0,
            width: Width::Bandwidth(0.5),
        };
        let c = spec.design(FS).unwrap();
        let db = |f: f64| mag_db(c.response(f, FS));
        assert!((db(1000.0) - 9.0).abs() < 1e-9);
        // The cookbook's bandwidth is between midpoint-gain frequencies in dB on the
        // pre-warped axis; at 1 kHz/48 kHz warping is negligible (< 0.05 dB).
        let lo = 1000.0 * 2f64.powf(-0.25);
        let hi = 1000.0 * 2f64.powf(0.25);
        let edge = 9.0 / 2.0; // the cookbook defines bandwidth between the half-gain (dB) points
        assert!((db(lo) - db(hi)).abs() < 0.05);
        assert!((db(lo) - edge).abs() < 0.05, "edge {} vs {edge}", db(lo));
    }

    #[test]
    fn validation_names_the_field() {
        use BiquadSpec::*;
        let e = Lowpass {
            freq: 30000.0,
            q: 0.7,
        }
        .design(44100.0)
        .unwrap_err();
        assert_eq!(e.field, "freq");
        assert_eq!(e.to_string(), "freq: 30000 Hz is above Nyquist (22050 Hz)");
        assert_eq!(
            Lowpass {
                freq: 100.0,
                q: 0.0
            }
            .design(FS)
            .unwrap_err()
            .field,
            "q"
        );
        assert_eq!(
            Peaking {
                freq: 100.0,
                gain: 90.0,
                width: Width::Q(1.0)
            }
            .design(FS)
            .unwrap_err()
            .field,
            "gain"
        );
        assert_eq!(
            LowShelf {
                freq: 100.0,
                gain: 3.0,
                width: ShelfWidth::Slope(13.0)
            }
            .design(FS)
            .unwrap_err()
            .field,
            "slope"
        );
        let unstable = Free {
            b: [1.0, 0.0, 0.0],
            a: [1.0, 0.0, 1.2],
        };
        assert_eq!(unstable.design(FS).unwrap_err().field, "a");
        let free = Free {
            b: [2.0, 1.0, 0.5],
            a: [2.0, -0.5, 0.25],
        }
        .design(FS)
        .unwrap();
        assert_eq!(
            free,
            BiquadCoeffs {
                b0: 1.0,
                b1: 0.5,
                b2: 0.25,
                a1: -0.25,
                a2: 0.125
            }
        );
    }
}
