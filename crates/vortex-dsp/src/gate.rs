//! Linked noise gate with attack, hold and release.
//!
//! The key is the peak `max |x|` over all listed channels of a frame. A frame whose key
//! reaches the threshold opens the gate and (re)starts the hold timer; the gate stays
//! open for `hold_ms` after the last such frame, then closes. The gain follows the
//! open/closed target (1 or `-attenuation_db`) through a one-pole [`Envelope`] in the
//! linear domain: the attack time constant while opening, the release time constant
//! while closing. The gain therefore never jumps (no clicks); it moves by at most
//! `1 - exp(-1 / (attack_ms / 1000 * fs))` of the open/closed distance per sample.
//!
//! The key is instantaneous, so with a very short hold a low tone that sits near the
//! threshold can let the gate close inside its zero crossings: set `hold_ms` to at
//! least half a period of the lowest frequency expected (10 ms for 50 Hz).

use crate::compressor::Envelope;
use crate::filter::{MultiFilter, ParamError, check_positive, check_range, db_to_linear};
use crate::planar::PlanarMut;

/// Parameters of a [`NoiseGate`].
#[derive(Debug, Clone, PartialEq)]
pub struct GateParams {
    /// Opening threshold in dBFS, -120..=0 (field name `threshold`).
    pub threshold_db: f64,
    /// How far the closed gate turns the signal down, in dB, 0..=120 (`attenuation`).
    pub attenuation_db: f64,
    /// Opening time constant in ms, 0.01..=1000 (`attack`).
    pub attack_ms: f64,
    /// Time in ms, 0..=5000, the gate stays fully open after the key last reached the
    /// threshold (`hold`).
    pub hold_ms: f64,
    /// Closing time constant in ms, 1..=5000 (`release`).
    pub release_ms: f64,
}

impl Default for GateParams {
    /// -60 dBFS, 80 dB attenuation, 1 ms attack, 50 ms hold, 100 ms release.
    fn default() -> Self {
        Self {
            threshold_db: -60.0,
            attenuation_db: 80.0,
            attack_ms: 1.0,
            hold_ms: 50.0,
            release_ms: 100.0,
        }
    }
}

impl GateParams {
    /// Checks every field against its range; the error names the field (`threshold`,
    /// `attenuation`, `attack`, `hold`, `release`).
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("threshold", self.threshold_db, -120.0, 0.0, " dBFS")?;
        check_range("attenuation", self.attenuation_db, 0.0, 120.0, " dB")?;
        check_range("attack", self.attack_ms, 0.01, 1000.0, " ms")?;
        check_range("hold", self.hold_ms, 0.0, 5000.0, " ms")?;
        check_range("release", self.release_ms, 1.0, 5000.0, " ms")?;
        Ok(())
    }
}

/// Linked noise gate over any number of channels (see the module docs).
#[derive(Debug, Clone)]
pub struct NoiseGate {
    threshold_lin: f32,
    /// Linear gain of the closed gate.
    floor: f64,
    hold_samples: u64,
    /// Frames of hold left (0 = the key has not reached the threshold recently).
    hold_left: u64,
    channels: usize,
    /// Linear gain.
    env: Envelope,
}

/// Frames handled per inner pass (the per-frame gains live on the stack).
const CHUNK: usize = 256;

impl NoiseGate {
    /// Builds a gate for `channels` linked channels at `sample_rate` Hz. It starts closed.
    ///
    /// Fails with the offending field named (`threshold`, `attenuation`, `attack`,
    /// `hold`, `release`, `sample_rate`, `channels`).
    pub fn new(p: &GateParams, sample_rate: f64, channels: usize) -> Result<Self, ParamError> {
        p.validate()?;
        check_positive("sample_rate", sample_rate)?;
        if channels == 0 {
            return Err(ParamError::new("channels", "0 channels; need at least 1"));
        }
        let floor = db_to_linear(-p.attenuation_db);
        Ok(Self {
            threshold_lin: db_to_linear(p.threshold_db) as f32,
            floor,
            hold_samples: (p.hold_ms * 1e-3 * sample_rate).round() as u64,
            hold_left: 0,
            channels,
            env: Envelope::new(p.attack_ms, p.release_ms, sample_rate, floor),
        })
    }

    /// Current linear gain, between `-attenuation_db` (closed) and 1 (open).
    pub fn gain(&self) -> f64 {
        self.env.value()
    }

    /// Whether the gate is open now (the key reached the threshold within the hold time).
    pub fn is_open(&self) -> bool {
        self.hold_left > 0
    }

    /// Number of channels the gate was built for.
    pub fn channels(&self) -> usize {
        self.channels
    }
}

impl MultiFilter for NoiseGate {
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
                // `hold_left` counts this frame too, so the gate stays open for exactly
                // `hold_samples` frames after the last frame at or above the threshold.
                if p >= self.threshold_lin {
                    self.hold_left = self.hold_samples + 1;
                } else {
                    self.hold_left = self.hold_left.saturating_sub(1);
                }
                let target = if self.hold_left > 0 { 1.0 } else { self.floor };
                *g = self.env.next(target) as f32;
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
        self.hold_left = 0;
        self.env.set(self.floor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planar::PlanarBuf;
    use std::f64::consts::PI;

    const FS: f64 = 48_000.0;

    fn params() -> GateParams {
        GateParams {
            threshold_db: -40.0,
            attenuation_db: 60.0,
            attack_ms: 0.5,
            hold_ms: 20.0,
            release_ms: 10.0,
        }
    }

    fn run(g: &mut NoiseGate, chans: &[Vec<f32>], block: usize) -> Vec<Vec<f32>> {
        crate::test_support::run_in_blocks(g, chans, block)
    }

    fn sine(level_db: f64, freq: f64, n: usize) -> Vec<f32> {
        let a = db_to_linear(level_db);
        (0..n)
            .map(|i| (a * (2.0 * PI * freq * i as f64 / FS).sin()) as f32)
            .collect()
    }

    /// Per-sample gain in dB where the input is not (nearly) zero.
    fn gain_db(out: &[f32], x: &[f32]) -> Vec<Option<f64>> {
        out.iter()
            .zip(x)
            .map(|(&y, &x)| (x.abs() > 1e-6).then(|| 20.0 * (f64::from(y) / f64::from(x)).log10()))
            .collect()
    }

    #[test]
    fn signal_above_threshold_passes_at_unity() {
        let mut g = NoiseGate::new(&params(), FS, 1).unwrap();
        let x = sine(-20.0, 440.0, 48_000);
        let out = run(&mut g, std::slice::from_ref(&x), 256);
        // After a few attack time constants the gain is exactly 1.
        for (i, (&y, &x)) in out[0].iter().zip(&x).enumerate().skip(4800) {
            assert!((y - x).abs() <= 1e-6 * x.abs(), "sample {i}: {y} vs {x}");
        }
        assert!(g.is_open());
        assert!((g.gain() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn signal_below_threshold_is_attenuated() {
        for att in [20.0, 60.0, 120.0] {
            let p = GateParams {
                attenuation_db: att,
                ..params()
            };
            let mut g = NoiseGate::new(&p, FS, 1).unwrap();
            // Open the gate first, then drop below the threshold.
            let mut x = sine(-10.0, 440.0, 9600);
            x.extend(sine(-50.0, 440.0, 48_000));
            let out = run(&mut g, std::slice::from_ref(&x), 100);
            // Hold 20 ms + 25 release time constants (10 ms each) later the linear gain
            // is within 1e-11 of the floor: fully closed even for 120 dB.
            let closed_from = 9600 + 960 + 25 * 480;
            for (i, gain) in gain_db(&out[0], &x).iter().enumerate().skip(closed_from) {
                if let Some(gain) = gain {
                    assert!(
                        (gain + att).abs() < 0.05,
                        "att {att}: sample {i} gain {gain} dB"
                    );
                }
            }
        }
    }

    #[test]
    fn hold_time_is_honoured_then_release_follows_its_time_constant() {
        let p = GateParams {
            hold_ms: 100.0,
            release_ms: 20.0,
            ..params()
        };
        let mut g = NoiseGate::new(&p, FS, 1).unwrap();
        // Loud DC for 0.1 s, then quiet DC (below the threshold).
        let loud = 4800;
        let mut x = vec![0.5f32; loud];
        x.extend(std::iter::repeat_n(0.001f32, 48_000));
        let out = run(&mut g, std::slice::from_ref(&x), 64);
        let gain: Vec<f64> = out[0]
            .iter()
            .zip(&x)
            .map(|(&y, &x)| f64::from(y / x))
            .collect();
        let hold = 4800; // 100 ms
        // Fully open through the hold time...
        for (i, &v) in gain.iter().enumerate().take(loud + hold).skip(loud - 1) {
            assert!((v - 1.0).abs() < 1e-6, "sample {i}: gain {v} during hold");
        }
        // ...then closing with the release time constant (63 % of the way after 20 ms).
        assert!(gain[loud + hold] < 1.0, "still open after the hold");
        let floor = db_to_linear(-60.0);
        let target = 1.0 - (1.0 - floor) * (1.0 - (-1.0f64).exp());
        let n63 = gain[loud + hold..]
            .iter()
            .position(|&v| v <= target)
            .unwrap();
        let t_ms = (n63 + 1) as f64 / FS * 1000.0;
        assert!((t_ms - 20.0).abs() < 4.0, "63 % closed after {t_ms} ms");
    }

    #[test]
    fn zero_hold_closes_immediately() {
        let p = GateParams {
            hold_ms: 0.0,
            ..params()
        };
        let mut g = NoiseGate::new(&p, FS, 1).unwrap();
        let mut x = vec![0.5f32; 480];
        x.extend(std::iter::repeat_n(0.001f32, 480));
        let out = run(&mut g, std::slice::from_ref(&x), 480);
        assert!((out[0][479] / x[479] - 1.0).abs() < 1e-6);
        assert!(out[0][480] / x[480] < 1.0);
    }

    #[test]
    fn attack_time_constant() {
        let p = GateParams {
            attack_ms: 5.0,
            ..params()
        };
        let mut g = NoiseGate::new(&p, FS, 1).unwrap();
        let x = vec![0.5f32; 4800];
        let out = run(&mut g, std::slice::from_ref(&x), 4800);
        let floor = db_to_linear(-60.0);
        let target = floor + (1.0 - floor) * (1.0 - (-1.0f64).exp());
        let n63 = out[0]
            .iter()
            .position(|&y| f64::from(y / 0.5) >= target)
            .unwrap();
        let t_ms = (n63 + 1) as f64 / FS * 1000.0;
        assert!((t_ms - 5.0).abs() < 1.0, "63 % open after {t_ms} ms");
    }

    #[test]
    fn gain_never_jumps() {
        // Bursts on and off: the per-sample gain change is bounded by the one-pole step.
        let p = GateParams {
            attack_ms: 2.0,
            hold_ms: 5.0,
            release_ms: 5.0,
            ..params()
        };
        let mut g = NoiseGate::new(&p, FS, 1).unwrap();
        let x: Vec<f32> = (0..48_000)
            .map(|i| if (i / 3000) % 2 == 0 { 0.5 } else { 0.002 })
            .collect();
        let out = run(&mut g, std::slice::from_ref(&x), 128);
        let gain: Vec<f64> = out[0]
            .iter()
            .zip(&x)
            .map(|(&y, &x)| f64::from(y / x))
            .collect();
        let max_step = 1.0 - (-1.0 / (2e-3 * FS)).exp();
        for w in gain.windows(2) {
            assert!(
                (w[1] - w[0]).abs() <= max_step + 1e-6,
                "gain jumped {} -> {}",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn linked_channels_share_the_gain() {
        let mut g = NoiseGate::new(&params(), FS, 2).unwrap();
        let left = sine(-20.0, 440.0, 24_000);
        let right = vec![0.0001f32; 24_000]; // -80 dBFS, far below the threshold
        let out = run(&mut g, &[left, right], 500);
        // The right channel is open because the left one keys the gate.
        assert!((out[1][23_999] - 0.0001).abs() < 1e-9);
    }

    #[test]
    fn reset_closes_the_gate() {
        let mut g = NoiseGate::new(&params(), FS, 1).unwrap();
        run(&mut g, &[vec![0.5; 4800]], 4800);
        assert!(g.is_open());
        g.reset();
        assert!(!g.is_open());
        assert!((g.gain() - db_to_linear(-60.0)).abs() < 1e-15);
        let out = run(&mut g, &[vec![0.001; 10]], 10);
        assert!((out[0][9] / 0.001 - 0.001).abs() < 1e-6);
    }

    #[test]
    fn process_does_not_allocate() {
        let mut g = NoiseGate::new(&params(), FS, 2).unwrap();
        let mut buf = PlanarBuf::new(2, 1000);
        buf.channel_mut(1).fill(0.3);
        assert_no_alloc::assert_no_alloc(|| {
            g.process(&mut buf.view_mut(1000), &[0, 1]);
            g.process(&mut buf.view_mut(0), &[0, 1]);
        });
    }

    #[test]
    fn validation_names_the_bad_field() {
        let cases: Vec<(GateParams, &str)> = vec![
            (
                GateParams {
                    threshold_db: 1.0,
                    ..params()
                },
                "threshold",
            ),
            (
                GateParams {
                    threshold_db: -121.0,
                    ..params()
                },
                "threshold",
            ),
            (
                GateParams {
                    attenuation_db: -1.0,
                    ..params()
                },
                "attenuation",
            ),
            (
                GateParams {
                    attenuation_db: 121.0,
                    ..params()
                },
                "attenuation",
            ),
            (
                GateParams {
                    attack_ms: 0.0,
                    ..params()
                },
                "attack",
            ),
            (
                GateParams {
                    hold_ms: -1.0,
                    ..params()
                },
                "hold",
            ),
            (
                GateParams {
                    hold_ms: 5001.0,
                    ..params()
                },
                "hold",
            ),
            (
                GateParams {
                    release_ms: 0.5,
                    ..params()
                },
                "release",
            ),
            (
                GateParams {
                    release_ms: f64::INFINITY,
                    ..params()
                },
                "release",
            ),
        ];
        for (p, field) in cases {
            let err = NoiseGate::new(&p, FS, 1).unwrap_err();
            assert_eq!(err.field, field, "{p:?}: {err}");
        }
        assert_eq!(
            NoiseGate::new(&params(), -1.0, 1).unwrap_err().field,
            "sample_rate"
        );
        assert_eq!(
            NoiseGate::new(&params(), FS, 0).unwrap_err().field,
            "channels"
        );
        assert!(NoiseGate::new(&GateParams::default(), FS, 2).is_ok());
    }
}
