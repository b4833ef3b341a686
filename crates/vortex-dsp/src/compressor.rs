//! Feed-forward, stereo-linked dynamic range compressor.
//!
//! The design follows D. Giannoulis, M. Massberg, J. D. Reiss, "Digital Dynamic Range
//! Compressor Design — A Tutorial and Analysis", JAES 60(6), 2012:
//!
//! 1. the detector takes the peak `max |x|` over all listed channels of a frame (linked
//!    stereo: every channel gets the same gain, so the stereo image does not shift);
//! 2. a log-domain gain computer with the quadratic soft knee (their eq. 4) turns the
//!    detector level into a gain reduction in dB;
//! 3. the gain reduction is smoothed by a one-pole "smooth branching" peak detector in
//!    the dB domain (their eq. 17, detector placed after the gain computer, Fig. 7):
//!    the attack coefficient applies while the reduction grows, the release coefficient
//!    while it shrinks;
//! 4. makeup gain is added and the result applied to every listed channel.
//!
//! All state is `f64`. [`Envelope`] and [`one_pole_coeff`] are shared with the gate.

use crate::filter::{MultiFilter, ParamError, check_positive, check_range, db_to_linear};
use crate::planar::PlanarMut;

/// Smoothing coefficient of a one-pole filter with time constant `time_ms` (ms) at
/// `sample_rate` (Hz): `exp(-1 / (time_ms / 1000 * sample_rate))`.
///
/// A one-pole filter `y += (1 - a) * (x - y)` with this coefficient covers 1 - 1/e
/// (about 63.2 %) of a step after `time_ms`. Returns 0 (no smoothing) for a
/// non-positive time.
pub fn one_pole_coeff(time_ms: f64, sample_rate: f64) -> f64 {
    let samples = time_ms * 1e-3 * sample_rate;
    if samples > 0.0 {
        (-1.0 / samples).exp()
    } else {
        0.0
    }
}

/// One-pole attack/release follower ("smooth branching" detector).
///
/// While the input is above the current value it moves toward it with the attack time
/// constant, otherwise with the release time constant. It works in whatever unit it is
/// fed: the compressor feeds gain reduction in dB, the gate a linear gain factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    attack: f64,
    release: f64,
    state: f64,
}

impl Envelope {
    /// A follower with attack and release time constants in ms (each reaches about
    /// 63 % of a step after its time constant) at `sample_rate` Hz, starting at `initial`.
    pub fn new(attack_ms: f64, release_ms: f64, sample_rate: f64, initial: f64) -> Self {
        Self {
            attack: one_pole_coeff(attack_ms, sample_rate),
            release: one_pole_coeff(release_ms, sample_rate),
            state: initial,
        }
    }

    /// Feeds one input value and returns the new smoothed value.
    #[inline]
    pub fn next(&mut self, x: f64) -> f64 {
        let a = if x > self.state {
            self.attack
        } else {
            self.release
        };
        self.state = x + a * (self.state - x);
        self.state
    }

    /// The current smoothed value.
    pub fn value(&self) -> f64 {
        self.state
    }

    /// Sets the smoothed value (for `reset`).
    pub fn set(&mut self, value: f64) {
        self.state = value;
    }
}

/// Parameters of a [`Compressor`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompressorParams {
    /// Threshold in dBFS, -100..=0 (field name `threshold`).
    pub threshold_db: f64,
    /// Compression ratio above the threshold, 1..=100 (1 = no compression; `ratio`).
    pub ratio: f64,
    /// Width of the soft knee in dB, 0..=24, centred on the threshold (0 = hard knee;
    /// `knee`).
    pub knee_db: f64,
    /// Attack time constant in ms, 0.01..=1000 (`attack`).
    pub attack_ms: f64,
    /// Release time constant in ms, 1..=5000 (`release`).
    pub release_ms: f64,
    /// Makeup gain in dB, -40..=40, applied after compression (`makeup`).
    pub makeup_db: f64,
}

impl Default for CompressorParams {
    /// -20 dBFS, 4:1, 6 dB knee, 10 ms attack, 100 ms release, no makeup.
    fn default() -> Self {
        Self {
            threshold_db: -20.0,
            ratio: 4.0,
            knee_db: 6.0,
            attack_ms: 10.0,
            release_ms: 100.0,
            makeup_db: 0.0,
        }
    }
}

impl CompressorParams {
    /// Checks every field against its range; the error names the field as in a
    /// pipeline file (`threshold`, `ratio`, `knee`, `attack`, `release`, `makeup`).
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("threshold", self.threshold_db, -100.0, 0.0, " dBFS")?;
        check_range("ratio", self.ratio, 1.0, 100.0, "")?;
        check_range("knee", self.knee_db, 0.0, 24.0, " dB")?;
        check_range("attack", self.attack_ms, 0.01, 1000.0, " ms")?;
        check_range("release", self.release_ms, 1.0, 5000.0, " ms")?;
        check_range("makeup", self.makeup_db, -40.0, 40.0, " dB")?;
        Ok(())
    }

    /// Static curve: the output level in dB (before makeup) for a steady input level
    /// `input_db` (dB), with the quadratic soft knee of Giannoulis et al. (2012), eq. 4.
    pub fn static_curve_db(&self, input_db: f64) -> f64 {
        static_curve(input_db, self.threshold_db, 1.0 / self.ratio, self.knee_db)
    }
}

/// Gain computer: output level (dB) for input level `x` (dB), threshold `t` (dB),
/// slope `inv_ratio` = 1/R and knee width `w` (dB).
#[inline]
fn static_curve(x: f64, t: f64, inv_ratio: f64, w: f64) -> f64 {
    let over = x - t;
    if 2.0 * over < -w {
        x
    } else if 2.0 * over.abs() <= w && w > 0.0 {
        let d = over + 0.5 * w;
        x + (inv_ratio - 1.0) * d * d / (2.0 * w)
    } else {
        t + over * inv_ratio
    }
}

/// Feed-forward, linked compressor over any number of channels (see the module docs).
#[derive(Debug, Clone)]
pub struct Compressor {
    threshold_db: f64,
    inv_ratio: f64,
    knee_db: f64,
    makeup_db: f64,
    /// Linear level below which the gain computer certainly returns 0 dB of reduction.
    quiet_lin: f64,
    channels: usize,
    /// Smoothed gain reduction in dB (>= 0).
    env: Envelope,
}

/// Frames handled per inner pass (the per-frame gains live on the stack).
const CHUNK: usize = 256;

impl Compressor {
    /// Builds a compressor for `channels` linked channels at `sample_rate` Hz.
    ///
    /// Fails with the offending field named (`threshold`, `ratio`, `knee`, `attack`,
    /// `release`, `makeup`, `sample_rate`, `channels`).
    pub fn new(
        p: &CompressorParams,
        sample_rate: f64,
        channels: usize,
    ) -> Result<Self, ParamError> {
        p.validate()?;
        check_positive("sample_rate", sample_rate)?;
        if channels == 0 {
            return Err(ParamError::new("channels", "0 channels; need at least 1"));
        }
        Ok(Self {
            threshold_db: p.threshold_db,
            inv_ratio: 1.0 / p.ratio,
            knee_db: p.knee_db,
            makeup_db: p.makeup_db,
            quiet_lin: db_to_linear(p.threshold_db - 0.5 * p.knee_db),
            channels,
            env: Envelope::new(p.attack_ms, p.release_ms, sample_rate, 0.0),
        })
    }

    /// Current (smoothed) gain reduction in dB, >= 0, for metering.
    pub fn gain_reduction_db(&self) -> f64 {
        self.env.value()
    }

    /// Number of channels the compressor was built for.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// Gain reduction (dB, >= 0) the static curve asks for at detector peak `peak` (linear).
    #[inline]
    fn target_reduction(&self, peak: f64) -> f64 {
        if peak <= self.quiet_lin {
            return 0.0;
        }
        let x = 20.0 * peak.log10();
        x - static_curve(x, self.threshold_db, self.inv_ratio, self.knee_db)
    }
}

impl MultiFilter for Compressor {
    fn process(&mut self, buf: &mut PlanarMut<'_>, channels: &[usize]) {
        debug_assert_eq!(channels.len(), self.channels, "channel list length");
        let frames = buf.frames();
        let mut gains = [0.0f32; CHUNK];
        let mut start = 0;
        while start < frames {
            let n = CHUNK.min(frames - start);
            let mut peaks = [0.0f32; CHUNK];
            for &ch in channels {
                let x = &buf.channel(ch)[start..start + n];
                for (p, &s) in peaks[..n].iter_mut().zip(x) {
                    *p = p.max(s.abs());
                }
            }
            for (g, &p) in gains[..n].iter_mut().zip(&peaks[..n]) {
                let target = self.target_reduction(f64::from(p));
                let reduction = self.env.next(target);
                *g = db_to_linear(self.makeup_db - reduction) as f32;
            }
            for &ch in channels {
                let x = &mut buf.channel_mut(ch)[start..start + n];
                for (s, &g) in x.iter_mut().zip(&gains[..n]) {
                    *s *= g;
                }
            }
            start += n;
        }
    }

    fn reset(&mut self) {
        self.env.set(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planar::PlanarBuf;
    use std::f64::consts::PI;

    const FS: f64 = 48_000.0;

    fn params() -> CompressorParams {
        CompressorParams {
            threshold_db: -20.0,
            ratio: 4.0,
            knee_db: 0.0,
            attack_ms: 0.05,
            release_ms: 500.0,
            makeup_db: 0.0,
        }
    }

    /// Runs `chans` through `c` in blocks of `block` frames; returns the output channels.
    fn run(c: &mut Compressor, chans: &[Vec<f32>], block: usize) -> Vec<Vec<f32>> {
        crate::test_support::run_in_blocks(c, chans, block)
    }

    /// Peak of a slice in dBFS.
    fn peak_db(x: &[f32]) -> f64 {
        20.0 * f64::from(x.iter().fold(0.0f32, |m, &s| m.max(s.abs()))).log10()
    }

    /// Sine of peak level `level_db` dBFS at 1 kHz, phased so a sample hits every crest.
    fn sine(level_db: f64, secs: f64) -> Vec<f32> {
        let a = db_to_linear(level_db);
        let n = (secs * FS) as usize;
        (0..n)
            .map(|i| (a * (2.0 * PI * 1000.0 * i as f64 / FS).sin()) as f32)
            .collect()
    }

    /// Analytic static curve written out independently of the implementation.
    fn expected_out_db(l: f64, t: f64, r: f64, w: f64) -> f64 {
        if l - t < -w / 2.0 {
            l
        } else if w > 0.0 && (l - t).abs() <= w / 2.0 {
            l + (1.0 / r - 1.0) * (l - t + w / 2.0).powi(2) / (2.0 * w)
        } else {
            t + (l - t) / r
        }
    }

    #[test]
    fn static_curve_hard_knee_matches_analytic_level() {
        let p = params();
        for level in [-40.0, -25.0, -20.0, -15.0, -10.0, -3.0, 0.0] {
            let mut c = Compressor::new(&p, FS, 1).unwrap();
            let out = run(&mut c, &[sine(level, 2.0)], 512);
            let settled = &out[0][out[0].len() - 4800..];
            let want = expected_out_db(level, -20.0, 4.0, 0.0);
            let got = peak_db(settled);
            assert!(
                (got - want).abs() < 0.1,
                "level {level} dB: got {got:.3} dB, want {want:.3} dB"
            );
        }
    }

    #[test]
    fn static_curve_soft_knee_and_makeup_match_analytic_level() {
        let p = CompressorParams {
            threshold_db: -24.0,
            ratio: 8.0,
            knee_db: 12.0,
            makeup_db: 6.0,
            ..params()
        };
        // Below, inside (both halves) and above the knee.
        for level in [-36.0, -29.0, -26.0, -24.0, -21.0, -19.0, -12.0, -2.0] {
            let mut c = Compressor::new(&p, FS, 2).unwrap();
            let x = sine(level, 2.0);
            let out = run(&mut c, &[x.clone(), x], 1000);
            let want = expected_out_db(level, -24.0, 8.0, 12.0) + 6.0;
            for ch in &out {
                let got = peak_db(&ch[ch.len() - 4800..]);
                assert!(
                    (got - want).abs() < 0.1,
                    "level {level} dB: got {got:.3} dB, want {want:.3} dB"
                );
            }
            assert!(
                (p.static_curve_db(level) + 6.0 - want).abs() < 1e-9,
                "static_curve_db disagrees at {level} dB"
            );
        }
    }

    #[test]
    fn soft_knee_is_continuous_at_its_edges() {
        let p = CompressorParams {
            knee_db: 10.0,
            ..params()
        };
        for edge in [-25.0, -15.0] {
            let lo = p.static_curve_db(edge - 1e-9);
            let hi = p.static_curve_db(edge + 1e-9);
            assert!((lo - hi).abs() < 1e-6, "jump at {edge}: {lo} vs {hi}");
        }
    }

    /// Gain (dB) applied to each sample of a DC input.
    fn gain_db_trace(c: &mut Compressor, x: &[f32]) -> Vec<f64> {
        let out = run(c, &[x.to_vec()], 333);
        out[0]
            .iter()
            .zip(x)
            .map(|(&y, &x)| 20.0 * (f64::from(y) / f64::from(x)).log10())
            .collect()
    }

    #[test]
    fn attack_time_constant() {
        // DC step from -40 dBFS (no reduction) to 0 dBFS (15 dB of reduction).
        let attack_ms = 20.0;
        let p = CompressorParams {
            attack_ms,
            release_ms: 1000.0,
            ..params()
        };
        let mut c = Compressor::new(&p, FS, 1).unwrap();
        let step = 4800;
        let mut x = vec![0.01f32; step];
        x.extend(std::iter::repeat_n(1.0f32, 48_000));
        let g = gain_db_trace(&mut c, &x);
        assert!(g[step - 1].abs() < 1e-9, "no reduction before the step");
        let final_db = -15.0;
        assert!(
            (g[g.len() - 1] - final_db).abs() < 0.01,
            "settles to -15 dB"
        );
        let n63 = g[step..]
            .iter()
            .position(|&d| d <= final_db * (1.0 - (-1.0f64).exp()))
            .unwrap();
        let t_ms = (n63 + 1) as f64 / FS * 1000.0;
        assert!(
            (t_ms - attack_ms).abs() < 0.2 * attack_ms,
            "63 % of the attack after {t_ms} ms, want about {attack_ms} ms"
        );
    }

    #[test]
    fn release_time_constant() {
        let release_ms = 150.0;
        let p = CompressorParams {
            attack_ms: 1.0,
            release_ms,
            ..params()
        };
        let mut c = Compressor::new(&p, FS, 1).unwrap();
        let step = 48_000;
        let mut x = vec![1.0f32; step];
        x.extend(std::iter::repeat_n(0.01f32, 96_000));
        let g = gain_db_trace(&mut c, &x);
        assert!(
            (g[step - 1] + 15.0).abs() < 0.01,
            "fully compressed before the step"
        );
        let n63 = g[step..]
            .iter()
            .position(|&d| d >= -15.0 * (-1.0f64).exp())
            .unwrap();
        let t_ms = (n63 + 1) as f64 / FS * 1000.0;
        assert!(
            (t_ms - release_ms).abs() < 0.2 * release_ms,
            "63 % of the release after {t_ms} ms, want about {release_ms} ms"
        );
        assert!(g[g.len() - 1].abs() < 0.01, "released completely");
    }

    #[test]
    fn linked_stereo_applies_the_same_gain_to_both_channels() {
        let p = params();
        let mut c = Compressor::new(&p, FS, 2).unwrap();
        let left = sine(-4.0, 1.0);
        let right = vec![0.001f32; left.len()];
        let out = run(&mut c, &[left, right.clone()], 480);
        let want = expected_out_db(-4.0, -20.0, 4.0, 0.0) - (-4.0);
        // The quiet right channel is turned down by the left channel's gain reduction.
        let got = 20.0 * (f64::from(out[1][out[1].len() - 1]) / 0.001).log10();
        assert!(
            (got - want).abs() < 0.1,
            "right channel gain {got} dB, want {want} dB"
        );
        let left_out = peak_db(&out[0][out[0].len() - 4800..]);
        assert!((left_out - (-4.0 + want)).abs() < 0.1);
    }

    #[test]
    fn channel_list_selects_and_orders_channels() {
        // Channels 2 and 0 of a 3-channel buffer; channel 1 must stay untouched.
        let p = params();
        let mut c = Compressor::new(&p, FS, 2).unwrap();
        let loud = vec![1.0f32; 48_000];
        let mut buf = PlanarBuf::from_channels(&[vec![0.5; 48_000], loud.clone(), loud]);
        let mut view = buf.view_mut(48_000);
        c.process(&mut view, &[2, 0]);
        assert!(buf.channel(1).iter().all(|&s| s == 1.0));
        let g = f64::from(buf.channel(0)[47_999] / 0.5);
        assert!((20.0 * g.log10() + 15.0).abs() < 0.01);
        assert!((c.gain_reduction_db() - 15.0).abs() < 0.01);
    }

    #[test]
    fn reset_clears_the_envelope_and_blocks_do_not_matter() {
        let p = CompressorParams {
            attack_ms: 5.0,
            release_ms: 50.0,
            knee_db: 6.0,
            ..params()
        };
        let x = sine(-6.0, 0.5);
        let mut a = Compressor::new(&p, FS, 1).unwrap();
        let whole = run(&mut a, std::slice::from_ref(&x), x.len());
        a.reset();
        assert_eq!(a.gain_reduction_db(), 0.0);
        let again = run(&mut a, std::slice::from_ref(&x), 17);
        assert_eq!(whole, again);
    }

    #[test]
    fn process_does_not_allocate() {
        let p = params();
        let mut c = Compressor::new(&p, FS, 2).unwrap();
        let mut buf = PlanarBuf::new(2, 1000);
        buf.channel_mut(0).fill(0.9);
        assert_no_alloc::assert_no_alloc(|| {
            let mut view = buf.view_mut(1000);
            c.process(&mut view, &[0, 1]);
            let mut empty = buf.view_mut(0);
            c.process(&mut empty, &[0, 1]);
        });
    }

    #[test]
    fn validation_names_the_bad_field() {
        let cases: Vec<(CompressorParams, &str)> = vec![
            (
                CompressorParams {
                    ratio: 0.5,
                    ..params()
                },
                "ratio",
            ),
            (
                CompressorParams {
                    ratio: 101.0,
                    ..params()
                },
                "ratio",
            ),
            (
                CompressorParams {
                    attack_ms: -1.0,
                    ..params()
                },
                "attack",
            ),
            (
                CompressorParams {
                    attack_ms: 0.0,
                    ..params()
                },
                "attack",
            ),
            (
                CompressorParams {
                    threshold_db: 3.0,
                    ..params()
                },
                "threshold",
            ),
            (
                CompressorParams {
                    threshold_db: -101.0,
                    ..params()
                },
                "threshold",
            ),
            (
                CompressorParams {
                    knee_db: 25.0,
                    ..params()
                },
                "knee",
            ),
            (
                CompressorParams {
                    knee_db: -1.0,
                    ..params()
                },
                "knee",
            ),
            (
                CompressorParams {
                    release_ms: 0.5,
                    ..params()
                },
                "release",
            ),
            (
                CompressorParams {
                    release_ms: 6000.0,
                    ..params()
                },
                "release",
            ),
            (
                CompressorParams {
                    makeup_db: 41.0,
                    ..params()
                },
                "makeup",
            ),
            (
                CompressorParams {
                    makeup_db: f64::NAN,
                    ..params()
                },
                "makeup",
            ),
        ];
        for (p, field) in cases {
            let err = Compressor::new(&p, FS, 2).unwrap_err();
            assert_eq!(err.field, field, "{p:?}: {err}");
        }
        assert_eq!(
            Compressor::new(&params(), 0.0, 2).unwrap_err().field,
            "sample_rate"
        );
        assert_eq!(
            Compressor::new(&params(), FS, 0).unwrap_err().field,
            "channels"
        );
        assert!(Compressor::new(&CompressorParams::default(), FS, 2).is_ok());
    }
}
