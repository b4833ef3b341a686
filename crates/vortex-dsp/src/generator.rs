//! Test-signal generator: periodic waveforms, a logarithmic sweep, white and pink noise.
//!
//! Square and sawtooth are band-limited with PolyBLEP (a polynomial correction around
//! each discontinuity), so they alias far less than naive waveforms; the triangle's
//! harmonics fall at 12 dB/octave and it is generated directly. Levels are in dBFS:
//! the peak amplitude for periodic waveforms and sweeps; for noise, the RMS of a sine
//! of that level (amplitude / sqrt 2).

use crate::filter::{ParamError, check_freq, check_range};
use crate::noise::WhiteNoise;
use std::f64::consts::TAU;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Waveform {
    /// Sine at `freq_hz`.
    Sine,
    /// Band-limited square (50% duty) at `freq_hz`.
    Square,
    /// Band-limited rising sawtooth at `freq_hz`.
    Sawtooth,
    /// Triangle at `freq_hz`.
    Triangle,
    /// Logarithmic sine sweep from `freq_hz` to `end_hz` over `duration_s`, then again.
    Sweep {
        /// Final frequency, Hz.
        end_hz: f64,
        /// Length of one sweep, seconds (0.01..=3600).
        duration_s: f64,
    },
    /// White noise (uniform).
    WhiteNoise,
    /// Pink noise (-3 dB/octave), Paul Kellet's refined filter on white noise.
    PinkNoise,
}

/// Generator settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeneratorParams {
    /// Waveform.
    pub waveform: Waveform,
    /// Frequency, Hz (start frequency of a sweep; ignored for noise).
    pub freq_hz: f64,
    /// Level, dBFS (-150..=0).
    pub level_dbfs: f64,
}

/// Pink-noise filter state (Kellet's seven one-pole sections).
#[derive(Debug, Clone, Default)]
struct Pink {
    b: [f64; 7],
}

impl Pink {
    /// Gain that gives the filter's output the RMS of its white input: 1 / sqrt of the
    /// filter's power gain (9.3179, integrated over frequency from its transfer function).
    const NORM: f64 = 0.327_597_4;

    fn next(&mut self, white: f64) -> f64 {
        let b = &mut self.b;
        b[0] = 0.99886 * b[0] + white * 0.0555179;
        b[1] = 0.99332 * b[1] + white * 0.0750759;
        b[2] = 0.96900 * b[2] + white * 0.1538520;
        b[3] = 0.86650 * b[3] + white * 0.3104856;
        b[4] = 0.55000 * b[4] + white * 0.5329522;
        b[5] = -0.7616 * b[5] - white * 0.0168980;
        let out = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + white * 0.5362;
        b[6] = white * 0.115926;
        out * Self::NORM
    }
}

/// A running generator.
#[derive(Debug, Clone)]
pub struct Generator {
    params: GeneratorParams,
    fs: f64,
    amplitude: f64,
    /// Phase in cycles, 0..1.
    phase: f64,
    /// Seconds into the current sweep.
    sweep_t: f64,
    noise: WhiteNoise,
    pink: Pink,
}

/// PolyBLEP residual for a discontinuity at phase 0 (phase and increment in cycles).
fn poly_blep(t: f64, dt: f64) -> f64 {
    if t < dt {
        let x = t / dt;
        2.0 * x - x * x - 1.0
    } else if t > 1.0 - dt {
        let x = (t - 1.0) / dt;
        x * x + 2.0 * x + 1.0
    } else {
        0.0
    }
}

impl Generator {
    /// A generator at sample rate `fs` Hz; validates frequencies below Nyquist, the level
    /// and the sweep length.
    pub fn new(params: &GeneratorParams, fs: f64) -> Result<Self, ParamError> {
        check_range("level", params.level_dbfs, -150.0, 0.0, " dBFS")?;
        match params.waveform {
            Waveform::WhiteNoise | Waveform::PinkNoise => {}
            Waveform::Sweep { end_hz, duration_s } => {
                check_freq("freq", params.freq_hz, fs)?;
                check_freq("end_freq", end_hz, fs)?;
                check_range("duration", duration_s, 0.01, 3600.0, " s")?;
            }
            _ => check_freq("freq", params.freq_hz, fs)?,
        }
        let peak = 10f64.powf(params.level_dbfs / 20.0);
        let amplitude = match params.waveform {
            // Uniform white noise has RMS 1/sqrt(3); scale to the sine's RMS.
            Waveform::WhiteNoise | Waveform::PinkNoise => peak / 2f64.sqrt() * 3f64.sqrt(),
            _ => peak,
        };
        Ok(Self {
            params: *params,
            fs,
            amplitude,
            phase: 0.0,
            sweep_t: 0.0,
            noise: WhiteNoise::new(0x5eed),
            pink: Pink::default(),
        })
    }

    /// The same generator with its noise source seeded by `seed` (independent noise per
    /// channel needs one seed per channel).
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.noise = WhiteNoise::new(seed);
        self
    }

    /// The settings in use.
    pub fn params(&self) -> &GeneratorParams {
        &self.params
    }

    /// Fills `out` with the next samples.
    pub fn process(&mut self, out: &mut [f32]) {
        let a = self.amplitude;
        let dt = self.params.freq_hz / self.fs;
        match self.params.waveform {
            Waveform::Sine => {
                for s in out {
                    *s = (a * (TAU * self.phase).sin()) as f32;
                    self.advance(dt);
                }
            }
            Waveform::Square => {
                for s in out {
                    let t = self.phase;
                    let naive = if t < 0.5 { 1.0 } else { -1.0 };
                    let v = naive + poly_blep(t, dt) - poly_blep((t + 0.5).fract(), dt);
                    *s = (a * v) as f32;
                    self.advance(dt);
                }
            }
            Waveform::Sawtooth => {
                for s in out {
                    let t = self.phase;
                    *s = (a * (2.0 * t - 1.0 - poly_blep(t, dt))) as f32;
                    self.advance(dt);
                }
            }
            Waveform::Triangle => {
                for s in out {
                    let t = self.phase;
                    let v = if t < 0.5 {
                        4.0 * t - 1.0
                    } else {
                        3.0 - 4.0 * t
                    };
                    *s = (a * v) as f32;
                    self.advance(dt);
                }
            }
            Waveform::Sweep { end_hz, duration_s } => {
                let (f0, ratio) = (self.params.freq_hz, end_hz / self.params.freq_hz);
                for s in out {
                    *s = (a * (TAU * self.phase).sin()) as f32;
                    let f = f0 * ratio.powf(self.sweep_t / duration_s);
                    self.advance(f / self.fs);
                    self.sweep_t += 1.0 / self.fs;
                    if self.sweep_t >= duration_s {
                        self.sweep_t -= duration_s;
                        self.phase = 0.0;
                    }
                }
            }
            Waveform::WhiteNoise => {
                for s in out {
                    *s = (a * f64::from(self.noise.next_sample())) as f32;
                }
            }
            Waveform::PinkNoise => {
                for s in out {
                    *s = (a * self.pink.next(f64::from(self.noise.next_sample()))) as f32;
                }
            }
        }
    }

    #[inline]
    fn advance(&mut self, dt: f64) {
        self.phase += dt;
        if self.phase >= 1.0 {
            self.phase -= 1.0;
        }
    }
}

/// Instantaneous frequency (Hz) of a logarithmic sweep from `f0` to `f1` Hz over
/// `duration_s` seconds, at `t` seconds into it.
pub fn sweep_frequency(f0: f64, f1: f64, duration_s: f64, t: f64) -> f64 {
    f0 * (f1 / f0).powf(t / duration_s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    const FS: f64 = 48_000.0;

    fn make(waveform: Waveform, freq_hz: f64, level_dbfs: f64, n: usize) -> Vec<f32> {
        let mut g = Generator::new(
            &GeneratorParams {
                waveform,
                freq_hz,
                level_dbfs,
            },
            FS,
        )
        .unwrap();
        let mut x = vec![0.0f32; n];
        // Uneven blocks: state carries over.
        let (a, b) = x.split_at_mut(n / 3);
        g.process(a);
        g.process(b);
        x
    }

    /// Amplitude of the component at `f` Hz (least-squares fit over whole periods).
    fn component(x: &[f32], f: f64) -> f64 {
        let (mut s, mut c) = (0.0, 0.0);
        for (n, &v) in x.iter().enumerate() {
            let w = TAU * f * n as f64 / FS;
            s += f64::from(v) * w.sin();
            c += f64::from(v) * w.cos();
        }
        2.0 * (s * s + c * c).sqrt() / x.len() as f64
    }

    fn rms(x: &[f32]) -> f64 {
        (x.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
    }

    #[test]
    fn periodic_waveforms_have_their_analytic_fundamentals() {
        // 1 s of 1 kHz: exactly 1000 periods.
        let amp = 10f64.powf(-6.0 / 20.0);
        let cases = [
            (Waveform::Sine, 1.0),
            (Waveform::Square, 4.0 / PI),
            (Waveform::Sawtooth, 2.0 / PI),
            (Waveform::Triangle, 8.0 / (PI * PI)),
        ];
        for (w, k) in cases {
            let x = make(w, 1000.0, -6.0, 48_000);
            let fund = component(&x, 1000.0);
            assert!(
                (fund / (amp * k) - 1.0).abs() < 0.01,
                "{w:?}: fundamental {fund} vs {}",
                amp * k
            );
            assert!(
                x.iter().all(|v| f64::from(v.abs()) <= amp * 1.1),
                "{w:?} exceeds its level"
            );
        }
        // Odd harmonics only for the square; all for the saw.
        let sq = make(Waveform::Square, 1000.0, -6.0, 48_000);
        assert!(component(&sq, 2000.0) < 1e-3 * amp);
        assert!((component(&sq, 3000.0) / (amp * 4.0 / (3.0 * PI)) - 1.0).abs() < 0.02);
        let saw = make(Waveform::Sawtooth, 1000.0, -6.0, 48_000);
        assert!((component(&saw, 2000.0) / (amp * 2.0 / (2.0 * PI)) - 1.0).abs() < 0.02);
    }

    #[test]
    fn polyblep_square_aliases_much_less_than_a_naive_one() {
        // 3.1 kHz square at 48 kHz: harmonics above 24 kHz fold back between the odd
        // harmonics. Measure the strongest inharmonic component below 20 kHz.
        let f = 3100.0;
        let x = make(Waveform::Square, f, 0.0, 48_000);
        let naive: Vec<f32> = (0..48_000)
            .map(|n| {
                if (f * n as f64 / FS).fract() < 0.5 {
                    1.0
                } else {
                    -1.0
                }
            })
            .collect();
        let worst_alias = |x: &[f32]| {
            (1..200)
                .map(|k| 100.0 * f64::from(k))
                .filter(|&g| (g / f - (g / f).round()).abs() > 0.05)
                .map(|g| component(x, g))
                .fold(0.0, f64::max)
        };
        let (ours, theirs) = (worst_alias(&x), worst_alias(&naive));
        assert!(ours * 4.0 < theirs, "polyblep {ours} vs naive {theirs}");
    }

    #[test]
    fn noise_levels_and_pink_slope() {
        let white = make(Waveform::WhiteNoise, 0.0, -20.0, 480_000);
        let want = 10f64.powf(-20.0 / 20.0) / 2f64.sqrt();
        assert!(
            (rms(&white) / want - 1.0).abs() < 0.02,
            "white rms {}",
            rms(&white)
        );
        let pink = make(Waveform::PinkNoise, 0.0, -20.0, 480_000);
        assert!(
            (20.0 * (rms(&pink) / want).log10()).abs() < 1.0,
            "pink rms {}",
            rms(&pink)
        );
        // -3 dB per octave: compare power in octave bands via a coarse DFT average.
        let band_power = |lo: f64| {
            let freqs: Vec<f64> = (0..16)
                .map(|i| lo * 2f64.powf(f64::from(i) / 16.0))
                .collect();
            freqs
                .iter()
                .map(|&f| component(&pink[..96_000], f).powi(2))
                .sum::<f64>()
                / 16.0
        };
        let slope = |lo: f64| 10.0 * (band_power(2.0 * lo) / band_power(lo)).log10();
        let mean: f64 = [100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0]
            .iter()
            .map(|&f| slope(f))
            .sum::<f64>()
            / 6.0;
        assert!((mean + 3.0).abs() < 1.0, "pink slope {mean} dB/octave");
    }

    #[test]
    fn sweep_follows_its_logarithmic_law() {
        let (f0, f1, dur) = (100.0, 10_000.0, 2.0);
        let x = make(
            Waveform::Sweep {
                end_hz: f1,
                duration_s: dur,
            },
            f0,
            -3.0,
            (FS * dur) as usize,
        );
        // Count zero crossings in 20 ms windows and compare with the law at the window centre.
        for &t in &[0.1, 0.5, 1.0, 1.5, 1.9] {
            let start = ((t - 0.01) * FS) as usize;
            let w = &x[start..start + (0.02 * FS) as usize];
            let crossings = w
                .windows(2)
                .filter(|p| (p[0] < 0.0) != (p[1] < 0.0))
                .count() as f64;
            let measured = crossings / 2.0 / 0.02;
            let want = sweep_frequency(f0, f1, dur, t);
            assert!(
                (measured / want - 1.0).abs() < 0.1,
                "t {t}: {measured} Hz vs {want}"
            );
        }
    }

    #[test]
    fn validation_and_no_allocation() {
        let p = |waveform, freq_hz, level_dbfs| GeneratorParams {
            waveform,
            freq_hz,
            level_dbfs,
        };
        assert_eq!(
            Generator::new(&p(Waveform::Sine, 30_000.0, -6.0), FS)
                .unwrap_err()
                .field,
            "freq"
        );
        assert_eq!(
            Generator::new(&p(Waveform::Sine, 1000.0, 3.0), FS)
                .unwrap_err()
                .field,
            "level"
        );
        let sweep = Waveform::Sweep {
            end_hz: 50_000.0,
            duration_s: 1.0,
        };
        assert_eq!(
            Generator::new(&p(sweep, 20.0, -6.0), FS).unwrap_err().field,
            "end_freq"
        );
        assert!(Generator::new(&p(Waveform::PinkNoise, 0.0, -6.0), FS).is_ok());
        let mut g = Generator::new(&p(Waveform::Square, 440.0, -6.0), FS).unwrap();
        let mut buf = vec![0.0f32; 1024];
        assert_no_alloc::assert_no_alloc(|| g.process(&mut buf));
    }
}
