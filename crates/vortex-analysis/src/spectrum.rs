//! Spectrum analyzer: windowed real FFT of the latest samples, mapped to bins, bars or
//! fractional-octave bands, with display smoothing and peak hold.
//!
//! # Levels and calibration
//!
//! Levels are dBFS on the AES17 scale: a full-scale sine (amplitude 1.0) reads 0 dBFS,
//! so a signal of mean square `m` reads `10·log10(m / 0.5)` dBFS (a full-scale DC or
//! square wave reads +3.01 dBFS).
//!
//! With `X_k` the DFT of the windowed block (`N` = `size`, `CG` = the window's
//! [coherent gain](Window::coherent_gain)), the power of bin `k` is
//! `P_k = 4·|X_k|² / (N·CG)²` for `0 < k < N/2` and half that for the DC and Nyquist
//! bins (one-sided spectrum: those two have no mirror image). Then:
//!
//! * [`BandLayout::Bins`] shows `P_k`: a sine of amplitude `A` exactly on a bin reads
//!   `20·log10(A)` dBFS in that bin with every window. Between bins it reads lower by
//!   the window's scalloping loss (Hann 1.42 dB, Blackman-Harris 0.83 dB at half a bin,
//!   flat-top < 0.01 dB).
//! * Bars and octave bands sum the bins (see [`crate::bands`]) and divide by the
//!   window's equivalent noise bandwidth ([`Window::enbw_bins`]): `Σ_k P_k = A²·ENBW`
//!   over a sine's main lobe and sidelobes, and `E[P_k] = 2σ²·ENBW/(N/2)` for white
//!   noise of variance `σ²`, so after the division a sine reads its level in its band
//!   (wherever it sits in the band, provided its main lobe — ±2 bins Hann, ±4
//!   Blackman-Harris, ±5 flat-top — lies inside the band) and white noise reads its
//!   power in each band (`10·log10(2σ²·width/Nyquist)` dBFS); the bands that cover the
//!   spectrum sum to the total power. Bands narrower than a bin read the interpolated
//!   bin power (ENBW-normalised), so a sine there reads up to `10·log10(ENBW)` dB low
//!   (1.8 dB Hann) and shows in the neighbouring narrow bands too: the FFT does not
//!   resolve finer than a bin; choose a larger `size` for fine low-frequency bands.
//!
//! Levels are floored at [`FLOOR_DB`] (−200 dBFS; silence reads exactly that, never
//! −∞ or NaN) and capped at [`CEIL_DB`]. Non-finite input samples read as the floor
//! while they are in the analysis block.
//!
//! # Smoothing and peaks
//!
//! [`Spectrum::bands_db`] is a one-pole filter on band *power* per update:
//! `s += (1 − e^(−dt/τ))·(p − s)` with `τ = attack_ms` when the new power `p` is above
//! `s` and `τ = decay_ms` when below (`τ = 0`: instant). So a step reaches `1 − 1/e`
//! of its power change after `τ`, and a fall to silence is a straight line in dB at
//! `10·log10(e)/τ` = 4.34/τ dB per second (14.5 dB/s for the default 300 ms).
//!
//! [`Spectrum::peaks_db`] holds the highest of the raw and smoothed levels for
//! `peak_hold_s`, then falls at `peak_decay_db_per_s` until a level reaches it again
//! (a peak marker is never below its bar).
//!
//! # Cost
//!
//! [`Spectrum::push`] copies into a ring, O(samples). [`Spectrum::update`] windows the
//! ring, runs one planned real FFT (O(N log N), `realfft`), maps to bands with the
//! precomputed [`BandMap`] and takes one `log10` per band (up to two for smoothed
//! values). Neither allocates, locks nor logs.

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{RealFftPlanner, RealToComplex};

use crate::AnalysisError;
use crate::bands::{BandLayout, BandMap};
use crate::window::Window;

/// Level shown for silence and anything quieter, dBFS.
pub const FLOOR_DB: f32 = -200.0;

/// Highest level reported, dBFS (only reachable with absurd input).
pub const CEIL_DB: f32 = 300.0;

/// Smallest accepted FFT size.
pub const MIN_SIZE: usize = 512;

/// Largest accepted FFT size.
pub const MAX_SIZE: usize = 32768;

/// Power (relative to a full-scale sine) of [`FLOOR_DB`].
const FLOOR_POWER: f64 = 1e-20;

/// Power of [`CEIL_DB`].
const CEIL_POWER: f64 = 1e30;

/// Settings of a [`Spectrum`] analyzer.
#[derive(Clone, Debug, PartialEq)]
pub struct SpectrumConfig {
    /// FFT size in samples: a power of two, 512..=32768 (default 4096, i.e. 85 ms and
    /// 11.7 Hz bins at 48 kHz). Larger sizes resolve lower frequencies and react slower.
    pub size: usize,
    /// Analysis window (default [`Window::Hann`]).
    pub window: Window,
    /// Band layout (default 1/3 octave, 20 Hz .. 20 kHz: 31 bands).
    pub layout: BandLayout,
    /// Time constant toward a rising level, ms, ≥ 0 and finite (default 0 = instant).
    pub attack_ms: f64,
    /// Time constant toward a falling level, ms, ≥ 0 and finite (default 300: a
    /// display-style fall of 14.5 dB/s toward silence).
    pub decay_ms: f64,
    /// How long a peak is held before it starts to fall, s, ≥ 0 and finite
    /// (default 1.5).
    pub peak_hold_s: f64,
    /// How fast a held peak falls after the hold, dB per second, ≥ 0 and finite
    /// (default 20; 0 = peaks never fall, until [`Spectrum::reset`]).
    pub peak_decay_db_per_s: f64,
}

impl Default for SpectrumConfig {
    fn default() -> Self {
        Self {
            size: 4096,
            window: Window::Hann,
            layout: BandLayout::Octave {
                fraction: 3,
                f_min_hz: 20.0,
                f_max_hz: 20_000.0,
            },
            attack_ms: 0.0,
            decay_ms: 300.0,
            peak_hold_s: 1.5,
            peak_decay_db_per_s: 20.0,
        }
    }
}

impl SpectrumConfig {
    /// Checks every field for `sample_rate` (Hz, finite, > 0). The error names the
    /// field: `sample_rate`, `size`, `attack_ms`, `decay_ms`, `peak_hold_s`,
    /// `peak_decay_db_per_s`, or the layout's `count`, `fraction`, `f_min_hz`,
    /// `f_max_hz`.
    pub fn validate(&self, sample_rate: f64) -> Result<(), AnalysisError> {
        if !(sample_rate.is_finite() && sample_rate > 0.0) {
            return Err(AnalysisError::new(
                "sample_rate",
                format!("must be a finite rate above 0 Hz, got {sample_rate}"),
            ));
        }
        if !(self.size.is_power_of_two() && (MIN_SIZE..=MAX_SIZE).contains(&self.size)) {
            return Err(AnalysisError::new(
                "size",
                format!(
                    "must be a power of two from {MIN_SIZE} to {MAX_SIZE}, got {}",
                    self.size
                ),
            ));
        }
        let non_negative = |field: &str, value: f64, unit: &str| {
            if value.is_finite() && value >= 0.0 {
                Ok(())
            } else {
                Err(AnalysisError::new(
                    field,
                    format!("must be finite and at least 0 {unit}, got {value}"),
                ))
            }
        };
        non_negative("attack_ms", self.attack_ms, "ms")?;
        non_negative("decay_ms", self.decay_ms, "ms")?;
        non_negative("peak_hold_s", self.peak_hold_s, "s")?;
        non_negative("peak_decay_db_per_s", self.peak_decay_db_per_s, "dB/s")?;
        self.layout.validate(sample_rate)
    }
}

/// A running spectrum analyzer: feed samples with [`push`](Self::push), compute with
/// [`update`](Self::update) at the display rate, read levels in dBFS.
pub struct Spectrum {
    size: usize,
    sample_rate: f64,
    attack_s: f64,
    decay_s: f64,
    peak_hold_s: f64,
    peak_decay_db_per_s: f64,
    /// Last `size` samples; `ring[pos]` is the oldest.
    ring: Vec<f32>,
    pos: usize,
    window: Vec<f32>,
    fft: Arc<dyn RealToComplex<f32>>,
    fft_in: Vec<f32>,
    fft_out: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
    /// `4/(N·CG)²`: |X|² to sine-amplitude² units.
    bin_scale: f32,
    /// `1/ENBW` for summed bands, 1 for `Bins`.
    band_scale: f64,
    map: BandMap,
    bin_power: Vec<f32>,
    band_power: Vec<f32>,
    /// Smoothed band power, full-scale-sine units.
    smoothed: Vec<f64>,
    /// Hold time left per band, s.
    hold_left: Vec<f64>,
    raw_db: Vec<f32>,
    bands_db: Vec<f32>,
    peaks_db: Vec<f32>,
}

impl std::fmt::Debug for Spectrum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spectrum")
            .field("size", &self.size)
            .field("sample_rate", &self.sample_rate)
            .field("bands", &self.map.len())
            .finish_non_exhaustive()
    }
}

/// Power (full-scale-sine units) to dBFS, floored and capped; NaN reads as the floor.
fn power_to_db(p: f64) -> f32 {
    if p > FLOOR_POWER {
        // f32 log10: plenty for display (1e-6 dB) and about twice as fast as f64.
        10.0 * (p.min(CEIL_POWER) as f32).log10()
    } else {
        FLOOR_DB
    }
}

/// One-pole coefficient for time constant `tau_s` over `dt_s`.
fn coefficient(tau_s: f64, dt_s: f64) -> f64 {
    if tau_s <= 0.0 {
        1.0
    } else {
        1.0 - (-dt_s / tau_s).exp()
    }
}

impl Spectrum {
    /// Builds an analyzer for `sample_rate` Hz: validates `cfg` (errors as
    /// [`SpectrumConfig::validate`]), plans the FFT, computes the window and band map
    /// and allocates every buffer. History starts as silence.
    pub fn new(cfg: &SpectrumConfig, sample_rate: f64) -> Result<Self, AnalysisError> {
        cfg.validate(sample_rate)?;
        let n = cfg.size;
        let map = BandMap::new(&cfg.layout, n, sample_rate)?;
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(n);
        let cg = cfg.window.coherent_gain();
        let bands = map.len();
        Ok(Self {
            size: n,
            sample_rate,
            attack_s: cfg.attack_ms * 1e-3,
            decay_s: cfg.decay_ms * 1e-3,
            peak_hold_s: cfg.peak_hold_s,
            peak_decay_db_per_s: cfg.peak_decay_db_per_s,
            ring: vec![0.0; n],
            pos: 0,
            window: cfg.window.coefficients(n),
            fft_in: fft.make_input_vec(),
            fft_out: fft.make_output_vec(),
            scratch: fft.make_scratch_vec(),
            fft,
            bin_scale: (4.0 / (n as f64 * cg).powi(2)) as f32,
            band_scale: if map.is_bins() {
                1.0
            } else {
                1.0 / cfg.window.enbw_bins()
            },
            bin_power: vec![0.0; n / 2 + 1],
            band_power: vec![0.0; bands],
            smoothed: vec![0.0; bands],
            hold_left: vec![0.0; bands],
            raw_db: vec![FLOOR_DB; bands],
            bands_db: vec![FLOOR_DB; bands],
            peaks_db: vec![FLOOR_DB; bands],
            map,
        })
    }

    /// Appends mono samples (full scale ±1.0) to the history ring, which keeps the last
    /// `size` samples. Mix or pick channels before. Allocation-free, O(`samples.len()`)
    /// (only the last `size` samples of a longer slice are copied).
    pub fn push(&mut self, samples: &[f32]) {
        let n = self.size;
        let s = if samples.len() > n {
            &samples[samples.len() - n..]
        } else {
            samples
        };
        let first = (n - self.pos).min(s.len());
        self.ring[self.pos..self.pos + first].copy_from_slice(&s[..first]);
        let rest = s.len() - first;
        self.ring[..rest].copy_from_slice(&s[first..]);
        self.pos = (self.pos + s.len()) % n;
    }

    /// Analyses the latest `size` samples (history never pushed counts as silence) and
    /// advances smoothing and peak hold by `dt_s` seconds, the time since the previous
    /// update (the display or monitor interval; negative or NaN counts as 0, values
    /// above 1e9 s as 1e9 s).
    /// Allocation-free, O(N log N).
    pub fn update(&mut self, dt_s: f64) {
        // NaN and negative count as 0; cap so that no product becomes ∞ or NaN.
        let dt_s = if dt_s > 0.0 { dt_s.min(1e9) } else { 0.0 };
        // Window the ring, oldest sample first.
        let split = self.size - self.pos;
        let (newest, oldest) = self.ring.split_at(self.pos);
        let (in_old, in_new) = self.fft_in.split_at_mut(split);
        let (w_old, w_new) = self.window.split_at(split);
        for ((d, &s), &w) in in_old.iter_mut().zip(oldest).zip(w_old) {
            *d = s * w;
        }
        for ((d, &s), &w) in in_new.iter_mut().zip(newest).zip(w_new) {
            *d = s * w;
        }
        // Lengths are right by construction, so this cannot fail.
        let _ =
            self.fft
                .process_with_scratch(&mut self.fft_in, &mut self.fft_out, &mut self.scratch);

        let scale = self.bin_scale;
        for (p, x) in self.bin_power.iter_mut().zip(&self.fft_out) {
            *p = x.norm_sqr() * scale;
        }
        // One-sided spectrum: DC and Nyquist have no mirror image.
        let last = self.bin_power.len() - 1;
        self.bin_power[0] *= 0.5;
        self.bin_power[last] *= 0.5;
        self.map.apply(&self.bin_power, &mut self.band_power);

        let a_attack = coefficient(self.attack_s, dt_s);
        let a_decay = coefficient(self.decay_s, dt_s);
        let hold_s = self.peak_hold_s;
        let fall_db_per_s = self.peak_decay_db_per_s;
        for b in 0..self.band_power.len() {
            // NaN (non-finite input) reads as silence; keep the state finite.
            let p = self.band_power[b] as f64 * self.band_scale;
            let p = if p >= 0.0 { p.min(CEIL_POWER) } else { 0.0 };
            let raw_db = power_to_db(p);
            self.raw_db[b] = raw_db;

            let s = self.smoothed[b];
            let a = if p > s { a_attack } else { a_decay };
            let s = if a >= 1.0 {
                p
            } else if s < FLOOR_POWER * 1e-10 && p == 0.0 {
                // Far below the floor: flush (no subnormals on long silence).
                0.0
            } else {
                s + a * (p - s)
            };
            self.smoothed[b] = s;
            // Instant attack or decay (the default attack): no second log.
            let smoothed_db = if s == p { raw_db } else { power_to_db(s) };
            self.bands_db[b] = smoothed_db;

            // Age the held peak by dt, then let the new levels raise it.
            let mut peak = self.peaks_db[b] as f64;
            let hold = self.hold_left[b];
            if hold >= dt_s {
                self.hold_left[b] = hold - dt_s;
            } else {
                self.hold_left[b] = 0.0;
                peak -= fall_db_per_s * (dt_s - hold);
            }
            let level = raw_db.max(smoothed_db) as f64;
            if level >= peak {
                peak = level;
                self.hold_left[b] = hold_s;
            }
            self.peaks_db[b] = (peak as f32).max(FLOOR_DB);
        }
    }

    /// Smoothed band levels, dBFS, in [−200, +300] (never NaN or −∞), one per band in
    /// the order of [`centres_hz`](Self::centres_hz).
    pub fn bands_db(&self) -> &[f32] {
        &self.bands_db
    }

    /// Held peak levels per band, dBFS, in [−200, +300].
    pub fn peaks_db(&self) -> &[f32] {
        &self.peaks_db
    }

    /// Unsmoothed band levels of the last update, dBFS, in [−200, +300].
    pub fn raw_db(&self) -> &[f32] {
        &self.raw_db
    }

    /// Band centre frequencies, Hz (see [`BandMap::centres_hz`]).
    pub fn centres_hz(&self) -> &[f64] {
        self.map.centres_hz()
    }

    /// Band edges `(lower, upper)`, Hz (see [`BandMap::edges_hz`]).
    pub fn edges_hz(&self) -> &[(f64, f64)] {
        self.map.edges_hz()
    }

    /// Number of bands.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there are no bands (never, for a built analyzer).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// FFT size, samples.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Bin spacing, Hz: `sample_rate / size`.
    pub fn bin_hz(&self) -> f64 {
        self.sample_rate / self.size as f64
    }

    /// Forgets history (back to silence), smoothing and peaks; levels read −200 dBFS.
    /// Allocation-free.
    pub fn reset(&mut self) {
        self.ring.fill(0.0);
        self.pos = 0;
        self.smoothed.fill(0.0);
        self.hold_left.fill(0.0);
        self.raw_db.fill(FLOOR_DB);
        self.bands_db.fill(FLOOR_DB);
        self.peaks_db.fill(FLOOR_DB);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    const SR: f64 = 48_000.0;

    fn sine(freq_hz: f64, amplitude: f64, len: usize, phase: f64) -> Vec<f32> {
        (0..len)
            .map(|i| (amplitude * (2.0 * PI * freq_hz * i as f64 / SR + phase).sin()) as f32)
            .collect()
    }

    fn config(size: usize, window: Window, layout: BandLayout) -> SpectrumConfig {
        SpectrumConfig {
            size,
            window,
            layout,
            ..SpectrumConfig::default()
        }
    }

    fn third_octave() -> BandLayout {
        BandLayout::Octave {
            fraction: 3,
            f_min_hz: 20.0,
            f_max_hz: 20_000.0,
        }
    }

    /// Analyses `x` once (instant smoothing) and returns the raw levels.
    fn analyse(cfg: &SpectrumConfig, x: &[f32]) -> Spectrum {
        let mut s = Spectrum::new(cfg, SR).unwrap();
        s.push(x);
        s.update(0.1);
        s
    }

    fn argmax(v: &[f32]) -> usize {
        let mut best = 0;
        for (i, &x) in v.iter().enumerate() {
            if x > v[best] {
                best = i;
            }
        }
        best
    }

    #[test]
    fn on_bin_sine_reads_0_dbfs_for_every_window() {
        for size in [512usize, 4096, 32768] {
            for window in Window::ALL {
                let bin = size / 8 + 3;
                let f = bin as f64 * SR / size as f64;
                let s = analyse(
                    &config(size, window, BandLayout::Bins),
                    &sine(f, 1.0, size, 0.3),
                );
                let raw = s.raw_db();
                assert_eq!(raw.len(), size / 2 + 1);
                assert_eq!(argmax(raw), bin, "{window:?} {size}");
                assert!(raw[bin].abs() < 0.005, "{window:?} {size}: {}", raw[bin]);
                assert!((s.centres_hz()[bin] - f).abs() < 1e-9);
                // −6 dBFS sine.
                let s = analyse(
                    &config(size, window, BandLayout::Bins),
                    &sine(f, 0.5, size, 1.0),
                );
                assert!((s.raw_db()[bin] + 6.0206).abs() < 0.005, "{window:?}");
            }
        }
    }

    #[test]
    fn scalloping_loss_between_bins() {
        let size = 4096;
        let level_at = |window: Window, offset: f64| {
            let f = (300.0 + offset) * SR / size as f64;
            let s = analyse(
                &config(size, window, BandLayout::Bins),
                &sine(f, 1.0, size, 0.7),
            );
            let raw = s.raw_db();
            let k = argmax(raw);
            assert!(k == 300 || k == 301, "{window:?} {offset}: bin {k}");
            raw[k] as f64
        };
        // Hann at half a bin: 20·log10(sinc(½)/(1 − ¼)) = −1.4236 dB.
        let hann = level_at(Window::Hann, 0.5);
        assert!((hann + 1.4236).abs() < 0.01, "Hann {hann}");
        let bh = level_at(Window::BlackmanHarris, 0.5);
        assert!((bh + 0.8256).abs() < 0.01, "Blackman-Harris {bh}");
        // Flat-top: within 0.02 dB anywhere between bins.
        for i in 0..=20 {
            let offset = i as f64 / 40.0;
            let ft = level_at(Window::FlatTop, offset);
            assert!(ft.abs() < 0.02, "flat-top at +{offset} bin: {ft}");
        }
    }

    /// Index of the band whose edges contain `f`.
    fn band_of(s: &Spectrum, f: f64) -> usize {
        s.edges_hz()
            .iter()
            .position(|&(lo, hi)| lo <= f && f < hi)
            .unwrap()
    }

    #[test]
    fn sine_lands_in_its_third_octave_band() {
        // 1 kHz (not on a bin at 4096/48k) in the 1 kHz band; the neighbours at 794 and
        // 1260 Hz are ≥ 9 bins from the sine. Expected neighbour levels (f64 model of
        // the same rule): Hann −68/−71 dB, Blackman-Harris −98/−101, flat-top −88/−88.
        let limits = [
            (Window::Hann, -60.0),
            (Window::BlackmanHarris, -90.0),
            (Window::FlatTop, -80.0),
        ];
        for (window, limit) in limits {
            for amplitude_db in [0.0f64, -20.0] {
                let a = 10f64.powf(amplitude_db / 20.0);
                let s = analyse(
                    &config(4096, window, third_octave()),
                    &sine(1000.0, a, 4096, 0.2),
                );
                let raw = s.raw_db();
                let b = band_of(&s, 1000.0);
                assert!((s.centres_hz()[b] - 1000.0).abs() < 1e-9);
                assert_eq!(argmax(raw), b);
                let level = raw[b] as f64;
                assert!((level - amplitude_db).abs() < 0.05, "{window:?}: {level}");
                for nb in [b - 1, b + 1] {
                    let rel = raw[nb] as f64 - amplitude_db;
                    assert!(rel < limit, "{window:?} neighbour {nb}: {rel} dB");
                }
                for (i, &v) in raw.iter().enumerate() {
                    if i != b {
                        assert!((v as f64) < amplitude_db + limit, "{window:?} band {i}");
                    }
                }
            }
        }
        // A sine anywhere well inside a band (main lobe inside) reads its level there.
        for f in [930.0, 960.0, 1070.0] {
            let s = analyse(
                &config(4096, Window::Hann, third_octave()),
                &sine(f, 1.0, 4096, 0.0),
            );
            let b = band_of(&s, f);
            assert!((s.raw_db()[b]).abs() < 0.1, "{f} Hz: {}", s.raw_db()[b]);
        }
    }

    #[test]
    fn sine_lands_in_its_24th_octave_band() {
        // 1/24 octave at 32768 points (1.46 Hz bins): bands near 1 kHz are ~20 bins
        // wide. Sine at the centre of the band just above 1 kHz (1014.5 Hz).
        let layout = BandLayout::Octave {
            fraction: 24,
            f_min_hz: 20.0,
            f_max_hz: 20_000.0,
        };
        let f = 1000.0 * 2f64.powf(1.0 / 48.0);
        // f64 model of the same rule: neighbours Hann −69, Blackman-Harris −99,
        // flat-top −87 dB; two bands away Hann −93, Blackman-Harris −111, flat-top −90.
        let limits = [
            (Window::Hann, -60.0, -80.0),
            (Window::BlackmanHarris, -90.0, -100.0),
            (Window::FlatTop, -80.0, -85.0),
        ];
        for (window, limit, far) in limits {
            let s = analyse(
                &config(32768, window, layout.clone()),
                &sine(f, 1.0, 32768, 0.4),
            );
            let raw = s.raw_db();
            let b = argmax(raw);
            assert!(
                (s.centres_hz()[b] - f).abs() < 1e-9,
                "{window:?}: band {}",
                s.centres_hz()[b]
            );
            assert!((raw[b] as f64).abs() < 0.05, "{window:?}: {}", raw[b]);
            assert!(
                (raw[b - 1] as f64) < limit && (raw[b + 1] as f64) < limit,
                "{window:?}"
            );
            assert!(
                (raw[b - 2] as f64) < far && (raw[b + 2] as f64) < far,
                "{window:?}"
            );
        }
    }

    #[test]
    fn bars_read_a_sine_in_its_bar() {
        let layout = BandLayout::Bars {
            count: 32,
            f_min_hz: 50.0,
            f_max_hz: 20_000.0,
        };
        let s = analyse(
            &config(8192, Window::BlackmanHarris, layout),
            &sine(3000.0, 0.1, 8192, 0.0),
        );
        let b = band_of(&s, 3000.0);
        assert_eq!(argmax(s.raw_db()), b);
        assert!((s.raw_db()[b] + 20.0).abs() < 0.05, "{}", s.raw_db()[b]);
    }

    /// Deterministic Gaussian noise (xorshift + Box-Muller).
    fn noise(len: usize, sigma: f64, seed: u64) -> Vec<f32> {
        let mut state = seed;
        let mut uniform = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        (0..len)
            .map(|_| {
                let (u1, u2) = (uniform(), uniform());
                (sigma * (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()) as f32
            })
            .collect()
    }

    #[test]
    fn white_noise_reads_its_power_per_band() {
        // σ = 0.1: mean square 0.01, i.e. 10·log10(0.01/0.5) = −16.99 dBFS in total.
        let sigma: f64 = 0.1;
        let total_db = 10.0 * (2.0 * sigma * sigma).log10();
        let size = 4096;
        let layout = BandLayout::Octave {
            fraction: 3,
            f_min_hz: 10.0,
            f_max_hz: 24_000.0,
        };
        for window in Window::ALL {
            let mut s = Spectrum::new(&config(size, window, layout.clone()), SR).unwrap();
            let frames = 64;
            let x = noise(size * frames, sigma, 0x9E37_79B9_7F4A_7C15);
            let mut mean_power = vec![0.0f64; s.len()];
            let mut parseval_error_db: f64 = 0.0;
            let w = window.coefficients(size);
            let sum_w2: f64 = w.iter().map(|&v| (v as f64).powi(2)).sum();
            for frame in x.chunks(size) {
                s.push(frame);
                s.update(0.1);
                let total: f64 = s
                    .raw_db()
                    .iter()
                    .map(|&d| 10f64.powf(d as f64 / 10.0))
                    .sum();
                // Parseval: the bands of one frame sum to its window-weighted power,
                // 2·Σ(x·w)²/Σw² (AES17 scale), up to the uncovered 0..8.8 Hz and the
                // interpolated narrow bands below 50 Hz (measured: 0.025 dB). Against
                // the nominal 2σ² a single 4096-sample frame also fluctuates by its own
                // randomness (±0.2 dB rms), so that is checked on the average below.
                let frame_power: f64 = frame
                    .iter()
                    .zip(&w)
                    .map(|(&x, &w)| (x as f64 * w as f64).powi(2))
                    .sum::<f64>()
                    * 2.0
                    / sum_w2;
                let err = |want: f64| (10.0 * (total / want).log10()).abs();
                parseval_error_db = parseval_error_db.max(err(frame_power));
                for (m, &d) in mean_power.iter_mut().zip(s.raw_db()) {
                    *m += 10f64.powf(d as f64 / 10.0) / frames as f64;
                }
            }
            assert!(
                parseval_error_db < 0.05,
                "{window:?}: {parseval_error_db} dB"
            );
            // Averaged over 64 frames: the sum of all bands is 2σ² within 0.1 dB.
            let total: f64 = mean_power.iter().sum();
            assert!(
                (10.0 * total.log10() - total_db).abs() < 0.1,
                "{window:?}: {}",
                10.0 * total.log10() - total_db
            );
            // Bands ≥ 10 bins wide: each reads 2σ²·width/Nyquist (averaged, ±0.5 dB).
            let bin_hz = SR / size as f64;
            for (b, &(lo, hi)) in s.edges_hz().iter().enumerate() {
                if hi - lo >= 10.0 * bin_hz {
                    let want = 10.0 * (2.0 * sigma * sigma * (hi - lo) / (SR / 2.0)).log10();
                    let got = 10.0 * mean_power[b].log10();
                    assert!(
                        (got - want).abs() < 0.5,
                        "{window:?} band {lo:.0}: {got} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn attack_and_decay_follow_their_time_constants() {
        let cfg = SpectrumConfig {
            attack_ms: 50.0,
            decay_ms: 300.0,
            ..config(4096, Window::Hann, third_octave())
        };
        let mut s = Spectrum::new(&cfg, SR).unwrap();
        let b = band_of(&s, 1000.0);
        let tone = sine(1000.0, 1.0, 4096, 0.0);
        let dt = 0.01;
        s.push(&tone);
        let p0 = {
            s.update(dt);
            10f64.powf(s.raw_db()[b] as f64 / 10.0)
        };
        // Rising: power = p0·(1 − e^(−t/τa)).
        for n in 2..=30 {
            s.update(dt);
            let t = n as f64 * dt;
            let want = 10.0 * (p0 * (1.0 - (-t / 0.05).exp())).log10();
            assert!((s.bands_db()[b] as f64 - want).abs() < 1e-3, "t={t}");
            assert!((s.raw_db()[b] as f64 - 10.0 * p0.log10()).abs() < 1e-4);
        }
        let start = 10f64.powf(s.bands_db()[b] as f64 / 10.0);
        // Falling to silence: power = start·e^(−t/τd), −14.48 dB/s in dB.
        s.push(&vec![0.0; 4096]);
        for n in 1..=100 {
            s.update(dt);
            let t = n as f64 * dt;
            let want = 10.0 * start.log10() - 10.0 * std::f64::consts::LOG10_E * t / 0.3;
            assert!((s.bands_db()[b] as f64 - want).abs() < 1e-3, "t={t}");
            assert_eq!(s.raw_db()[b], FLOOR_DB);
        }
        // Instant attack (the default): the band jumps to the raw level.
        let mut s = Spectrum::new(&config(4096, Window::Hann, third_octave()), SR).unwrap();
        s.push(&tone);
        s.update(dt);
        assert_eq!(s.bands_db()[b], s.raw_db()[b]);
    }

    #[test]
    fn peak_holds_then_falls_at_its_rate() {
        let cfg = SpectrumConfig {
            decay_ms: 0.0,
            peak_hold_s: 1.5,
            peak_decay_db_per_s: 20.0,
            ..config(4096, Window::Hann, third_octave())
        };
        let mut s = Spectrum::new(&cfg, SR).unwrap();
        let b = band_of(&s, 1000.0);
        s.push(&sine(1000.0, 1.0, 4096, 0.0));
        let dt = 0.01;
        s.update(dt);
        let peak0 = s.peaks_db()[b] as f64;
        assert!(peak0.abs() < 0.05);
        s.push(&vec![0.0; 4096]);
        for n in 1..=400 {
            s.update(dt);
            let t = n as f64 * dt;
            let want = if t <= 1.5 {
                peak0
            } else {
                (peak0 - 20.0 * (t - 1.5)).max(-200.0)
            };
            let got = s.peaks_db()[b] as f64;
            assert!((got - want).abs() < 1e-3, "t={t}: {got} vs {want}");
            assert_eq!(s.bands_db()[b], FLOOR_DB);
        }
        // A new level at or above the falling peak re-arms the hold.
        s.push(&sine(1000.0, 0.1, 4096, 0.0));
        s.update(dt);
        let p = s.peaks_db()[b];
        assert!((p + 20.0).abs() < 0.05);
        s.push(&vec![0.0; 4096]);
        s.update(1.0);
        assert_eq!(s.peaks_db()[b], p);
        s.update(1.0);
        assert!((s.peaks_db()[b] as f64 - (p as f64 - 20.0 * 0.5)).abs() < 1e-3);
    }

    #[test]
    fn silence_reads_the_floor() {
        for layout in [BandLayout::Bins, third_octave()] {
            let mut s = Spectrum::new(&config(1024, Window::Hann, layout), SR).unwrap();
            assert!(s.bands_db().iter().all(|&d| d == FLOOR_DB));
            s.update(0.02);
            for v in [s.raw_db(), s.bands_db(), s.peaks_db()] {
                assert!(v.iter().all(|&d| d == FLOOR_DB), "{v:?}");
            }
            // Non-finite input reads as the floor, and the state recovers.
            s.push(&[f32::NAN; 8]);
            s.update(0.02);
            assert!(s.raw_db().iter().all(|&d| d == FLOOR_DB));
            s.push(&sine(1000.0, 1.0, 1024, 0.0));
            s.update(0.02);
            assert!(s.raw_db().iter().all(|d| d.is_finite()));
            assert!(s.bands_db().iter().any(|&d| d > -10.0));
            // Odd intervals keep every level finite.
            for dt in [f64::INFINITY, f64::NAN, -1.0, 0.0, 1e300] {
                s.update(dt);
                for v in [s.raw_db(), s.bands_db(), s.peaks_db()] {
                    assert!(v.iter().all(|d| d.is_finite()), "dt={dt}");
                }
            }
            s.reset();
            assert!(s.peaks_db().iter().all(|&d| d == FLOOR_DB));
            s.update(0.02);
            assert!(s.raw_db().iter().all(|&d| d == FLOOR_DB));
        }
    }

    #[test]
    fn ring_keeps_the_latest_samples() {
        let cfg = config(1024, Window::Hann, BandLayout::Bins);
        let x = noise(5000, 0.3, 7);
        let mut whole = Spectrum::new(&cfg, SR).unwrap();
        whole.push(&x);
        whole.update(0.0);
        let mut chunked = Spectrum::new(&cfg, SR).unwrap();
        for c in x.chunks(333) {
            chunked.push(c);
        }
        chunked.update(0.0);
        let mut last = Spectrum::new(&cfg, SR).unwrap();
        last.push(&x[5000 - 1024..]);
        last.update(0.0);
        assert_eq!(whole.raw_db(), last.raw_db());
        assert_eq!(chunked.raw_db(), last.raw_db());
    }

    #[test]
    fn sizes_and_fields_are_validated() {
        let mut n = MIN_SIZE;
        while n <= MAX_SIZE {
            assert!(
                Spectrum::new(&config(n, Window::Hann, third_octave()), SR).is_ok(),
                "{n}"
            );
            n *= 2;
        }
        for bad in [0usize, 1, 256, 1000, 4095, 65536] {
            let e = Spectrum::new(&config(bad, Window::Hann, third_octave()), SR).unwrap_err();
            assert_eq!(e.field, "size", "{bad}");
        }
        let field = |cfg: SpectrumConfig| Spectrum::new(&cfg, SR).unwrap_err().field;
        let d = SpectrumConfig::default;
        assert_eq!(
            field(SpectrumConfig {
                attack_ms: -1.0,
                ..d()
            }),
            "attack_ms"
        );
        assert_eq!(
            field(SpectrumConfig {
                decay_ms: f64::NAN,
                ..d()
            }),
            "decay_ms"
        );
        assert_eq!(
            field(SpectrumConfig {
                peak_hold_s: f64::INFINITY,
                ..d()
            }),
            "peak_hold_s"
        );
        assert_eq!(
            field(SpectrumConfig {
                peak_decay_db_per_s: -20.0,
                ..d()
            }),
            "peak_decay_db_per_s"
        );
        let layout = BandLayout::Octave {
            fraction: 30,
            f_min_hz: 20.0,
            f_max_hz: 20e3,
        };
        assert_eq!(field(SpectrumConfig { layout, ..d() }), "fraction");
        assert_eq!(Spectrum::new(&d(), 0.0).unwrap_err().field, "sample_rate");
        assert!(d().validate(44_100.0).is_ok());
        let s = Spectrum::new(&d(), 44_100.0).unwrap();
        assert_eq!(s.len(), 31);
    }

    #[test]
    fn push_and_update_do_not_allocate() {
        let layouts = [
            BandLayout::Bins,
            third_octave(),
            BandLayout::Bars {
                count: 1024,
                f_min_hz: 20.0,
                f_max_hz: 20_000.0,
            },
        ];
        for layout in layouts {
            for size in [512usize, 4096, 32768] {
                let mut s =
                    Spectrum::new(&config(size, Window::BlackmanHarris, layout.clone()), SR)
                        .unwrap();
                let x = noise(3000, 0.1, 3);
                assert_no_alloc::assert_no_alloc(|| {
                    for c in x.chunks(1024) {
                        s.push(c);
                        s.update(1024.0 / SR);
                    }
                    s.push(&x);
                    s.update(0.02);
                    s.reset();
                    s.update(0.02);
                });
                assert!(s.bands_db().iter().all(|d| d.is_finite()));
            }
        }
    }
}
