//! Mapping of FFT bins to display bands on a log-frequency axis.
//!
//! A [`BandMap`] is built once from a [`BandLayout`], the FFT size and the sample rate;
//! [`BandMap::apply`] then turns a per-bin power spectrum into per-band powers without
//! allocating, in O(bins + bands).
//!
//! # The summing rule
//!
//! Bin `k` (`0..=N/2`, spacing `Δf = sample_rate / N`) stands for the frequencies
//! `[(k − ½)·Δf, (k + ½)·Δf]`, clipped to `[0, Nyquist]` (so the DC and Nyquist bins
//! span half a bin: their one-sided power is that of half a bin of a flat spectrum).
//!
//! * A band at least one bin wide gets `Σ_k w_k·P_k`, where `w_k` is the fraction of bin
//!   `k`'s span that lies inside the band (1 for bins fully inside, between 0 and 1 for
//!   the bins cut by an edge). Bands that tile the axis therefore share every bin's
//!   power exactly once: the band powers of white noise sum to the total power of the
//!   bins they cover.
//! * A band narrower than one bin (low frequencies on a log axis) cannot be resolved by
//!   the FFT. It takes the bin power linearly interpolated at the band's mid-point (the
//!   arithmetic mean of its edges), i.e. the power in a one-bin-wide band centred
//!   there; neighbouring narrow bands then show a smooth curve instead of empty
//!   (−∞ dB) bands or a staircase. This is the limit of the first rule as the width
//!   shrinks to one bin, so the two rules join without a step.
//!
//! `apply` only sums; the normalisation of the bin powers (coherent gain, ENBW) is the
//! caller's, see [`crate::spectrum`].

use crate::AnalysisError;

/// Highest number of bars in [`BandLayout::Bars`].
pub const MAX_BARS: usize = 1024;

/// Finest fractional-octave band, 1/`MAX_OCTAVE_FRACTION` octave.
pub const MAX_OCTAVE_FRACTION: u32 = 24;

/// Highest number of bands in [`BandLayout::Octave`] (42 octaves of 1/24 octave: only
/// absurd ranges hit it).
pub const MAX_OCTAVE_BANDS: usize = 1024;

/// Reference frequency of the fractional-octave bands, Hz (IEC 61260-1:2014, 5.2).
pub const OCTAVE_REFERENCE_HZ: f64 = 1000.0;

/// How FFT bins are grouped into display bands.
#[derive(Clone, Debug, PartialEq)]
pub enum BandLayout {
    /// One band per FFT bin `k = 0..=N/2`, centred on `k·sample_rate/N` Hz (linear
    /// frequency axis, no summing).
    Bins,
    /// `count` bars (1..=[`MAX_BARS`]) whose edges are spaced evenly on a log-frequency
    /// axis from `f_min_hz` to `f_max_hz`: edge `i` is
    /// `f_min_hz·(f_max_hz/f_min_hz)^(i/count)`, centre the geometric mean of the edges.
    /// `0 < f_min_hz < f_max_hz`, `f_min_hz` below Nyquist; `f_max_hz` above Nyquist is
    /// clamped to Nyquist (so one configuration works at every sample rate).
    Bars {
        /// Number of bars, 1..=1024.
        count: usize,
        /// Lower edge of the first bar, Hz (> 0, below Nyquist).
        f_min_hz: f64,
        /// Upper edge of the last bar, Hz (> `f_min_hz`; clamped to Nyquist).
        f_max_hz: f64,
    },
    /// Fractional-octave bands, base-2 per IEC 61260-1:2014 (5.2–5.4): with
    /// `b = fraction`, the exact mid-band frequencies are `1000·2^(x/b)` Hz for odd `b`
    /// and `1000·2^((2x+1)/(2b))` Hz for even `b` (integer `x`), band edges
    /// `f_m·2^(±1/(2b))`. So 1/3 octave gives 1000, 1259.92, 1587.40, 793.70 Hz ...
    /// (nominal 1000, 1250, 1600, 800) and 1/24 octave, being even, has no band centred
    /// on 1 kHz (985.7 and 1014.5 Hz straddle it). Every band that overlaps
    /// `[f_min_hz, f_max_hz]` is included (so 20..20000 with `fraction: 3` gives the 31
    /// bands nominally 20 Hz .. 20 kHz); bands that start at or above Nyquist are left
    /// out and the upper edge of the last one is clipped to Nyquist.
    Octave {
        /// Bands per octave, 1..=24: 1 = octaves, 3 = third-octaves, 24 = 1/24 octave.
        fraction: u32,
        /// Low end of the range to cover, Hz (> 0, below Nyquist).
        f_min_hz: f64,
        /// High end of the range to cover, Hz (> `f_min_hz`).
        f_max_hz: f64,
    },
}

impl BandLayout {
    /// Checks the layout for `sample_rate` (Hz). Errors name the offending field:
    /// `count`, `fraction`, `f_min_hz`, `f_max_hz`, or `sample_rate`.
    pub fn validate(&self, sample_rate: f64) -> Result<(), AnalysisError> {
        check_sample_rate(sample_rate)?;
        let nyquist = sample_rate / 2.0;
        let range = |f_min_hz: f64, f_max_hz: f64| -> Result<(), AnalysisError> {
            if !(f_min_hz.is_finite() && f_min_hz > 0.0) {
                return Err(AnalysisError::new(
                    "f_min_hz",
                    format!("must be a finite frequency above 0 Hz, got {f_min_hz}"),
                ));
            }
            if f_min_hz >= nyquist {
                return Err(AnalysisError::new(
                    "f_min_hz",
                    format!("{f_min_hz} Hz must be below Nyquist ({nyquist} Hz)"),
                ));
            }
            if !(f_max_hz.is_finite() && f_max_hz > f_min_hz) {
                return Err(AnalysisError::new(
                    "f_max_hz",
                    format!("must be finite and above f_min_hz ({f_min_hz} Hz), got {f_max_hz}"),
                ));
            }
            Ok(())
        };
        match *self {
            BandLayout::Bins => Ok(()),
            BandLayout::Bars {
                count,
                f_min_hz,
                f_max_hz,
            } => {
                if !(1..=MAX_BARS).contains(&count) {
                    return Err(AnalysisError::new(
                        "count",
                        format!("must be 1..={MAX_BARS} bars, got {count}"),
                    ));
                }
                range(f_min_hz, f_max_hz)
            }
            BandLayout::Octave {
                fraction,
                f_min_hz,
                f_max_hz,
            } => {
                if !(1..=MAX_OCTAVE_FRACTION).contains(&fraction) {
                    return Err(AnalysisError::new(
                        "fraction",
                        format!(
                            "must be 1..={MAX_OCTAVE_FRACTION} (1/1 to 1/24 octave), got {fraction}"
                        ),
                    ));
                }
                range(f_min_hz, f_max_hz)?;
                let octaves = (f_max_hz.min(nyquist) / f_min_hz).log2();
                if fraction as f64 * octaves > (MAX_OCTAVE_BANDS - 2) as f64 {
                    return Err(AnalysisError::new(
                        "f_min_hz",
                        format!(
                            "{f_min_hz}..{f_max_hz} Hz at 1/{fraction} octave would give more \
                             than {MAX_OCTAVE_BANDS} bands"
                        ),
                    ));
                }
                Ok(())
            }
        }
    }
}

fn check_sample_rate(sample_rate: f64) -> Result<(), AnalysisError> {
    if sample_rate.is_finite() && sample_rate > 0.0 {
        Ok(())
    } else {
        Err(AnalysisError::new(
            "sample_rate",
            format!("must be a finite rate above 0 Hz, got {sample_rate}"),
        ))
    }
}

/// Exact IEC 61260-1 base-2 mid-band frequency of band `x` for 1/`b` octave, Hz.
fn octave_centre_hz(x: i64, b: u32) -> f64 {
    let exponent = if b % 2 == 1 {
        x as f64 / b as f64
    } else {
        (2 * x + 1) as f64 / (2 * b) as f64
    };
    OCTAVE_REFERENCE_HZ * exponent.exp2()
}

/// A precomputed bins → bands mapping for one FFT size and sample rate.
#[derive(Clone, Debug)]
pub struct BandMap {
    /// Number of bins expected by `apply` (`fft_size/2 + 1`).
    n_bins: usize,
    /// `Bins` layout: `apply` copies.
    identity: bool,
    centres: Vec<f64>,
    edges: Vec<(f64, f64)>,
    /// First bin summed by each band.
    first_bin: Vec<usize>,
    /// Band `b`'s weights are `weights[offsets[b]..offsets[b + 1]]`, for bins
    /// `first_bin[b]..`.
    offsets: Vec<usize>,
    weights: Vec<f32>,
}

impl BandMap {
    /// Builds the mapping of `layout` for an FFT of `fft_size` points (even, ≥ 2) at
    /// `sample_rate` Hz. Errors name the field: `fft_size`, `sample_rate`, or one of
    /// the layout's (see [`BandLayout::validate`]). Allocates; call at construction.
    pub fn new(
        layout: &BandLayout,
        fft_size: usize,
        sample_rate: f64,
    ) -> Result<Self, AnalysisError> {
        if fft_size < 2 || !fft_size.is_multiple_of(2) {
            return Err(AnalysisError::new(
                "fft_size",
                format!("must be even and at least 2, got {fft_size}"),
            ));
        }
        layout.validate(sample_rate)?;
        let half = fft_size / 2;
        let n_bins = half + 1;
        let bin_hz = sample_rate / fft_size as f64;
        let nyquist = sample_rate / 2.0;

        let mut map = BandMap {
            n_bins,
            identity: false,
            centres: Vec::new(),
            edges: Vec::new(),
            first_bin: Vec::new(),
            offsets: vec![0],
            weights: Vec::new(),
        };
        match *layout {
            BandLayout::Bins => {
                map.identity = true;
                map.centres = (0..n_bins).map(|k| k as f64 * bin_hz).collect();
                map.edges = (0..n_bins)
                    .map(|k| {
                        let lo = (k as f64 - 0.5).max(0.0) * bin_hz;
                        let hi = (k as f64 + 0.5).min(half as f64) * bin_hz;
                        (lo, hi)
                    })
                    .collect();
                return Ok(map);
            }
            BandLayout::Bars {
                count,
                f_min_hz,
                f_max_hz,
            } => {
                let f_max_hz = f_max_hz.min(nyquist);
                let ratio = f_max_hz / f_min_hz;
                let edge = |i: usize| {
                    if i == count {
                        f_max_hz
                    } else {
                        f_min_hz * ratio.powf(i as f64 / count as f64)
                    }
                };
                for i in 0..count {
                    let (lo, hi) = (edge(i), edge(i + 1));
                    map.edges.push((lo, hi));
                    map.centres.push((lo * hi).sqrt());
                }
            }
            BandLayout::Octave {
                fraction,
                f_min_hz,
                f_max_hz,
            } => {
                let b = fraction;
                let half_band = (0.5 / b as f64).exp2();
                let first = (b as f64 * (f_min_hz / OCTAVE_REFERENCE_HZ).log2()).floor() as i64 - 2;
                let last = (b as f64 * (f_max_hz / OCTAVE_REFERENCE_HZ).log2()).ceil() as i64 + 2;
                // Relative tolerance so that a range ending exactly on a band edge does
                // not pick up the band beyond it through rounding.
                let tol = 1e-9;
                for x in first..=last {
                    let centre = octave_centre_hz(x, b);
                    let (lo, hi) = (centre / half_band, centre * half_band);
                    if hi <= f_min_hz * (1.0 + tol) || lo >= f_max_hz * (1.0 - tol) || lo >= nyquist
                    {
                        continue;
                    }
                    map.edges.push((lo, hi.min(nyquist)));
                    map.centres.push(centre);
                }
                debug_assert!(!map.edges.is_empty());
            }
        }

        for &(lo_hz, hi_hz) in &map.edges {
            let (first, weights) = band_weights(lo_hz / bin_hz, hi_hz / bin_hz, half);
            map.first_bin.push(first);
            map.weights.extend_from_slice(&weights);
            map.offsets.push(map.weights.len());
        }
        Ok(map)
    }

    /// Number of bands.
    pub fn len(&self) -> usize {
        self.centres.len()
    }

    /// True when there are no bands (never the case for a successfully built map).
    pub fn is_empty(&self) -> bool {
        self.centres.is_empty()
    }

    /// Length of the per-bin power slice that [`apply`](Self::apply) expects:
    /// `fft_size/2 + 1`.
    pub fn bin_count(&self) -> usize {
        self.n_bins
    }

    /// True for the [`BandLayout::Bins`] layout, whose bands are the bins themselves.
    pub fn is_bins(&self) -> bool {
        self.identity
    }

    /// Band centre frequencies, Hz, ascending: the bin frequency (`Bins`), the geometric
    /// mean of the edges (`Bars`) or the exact IEC 61260 mid-band frequency (`Octave`).
    pub fn centres_hz(&self) -> &[f64] {
        &self.centres
    }

    /// Band edges `(lower, upper)`, Hz, ascending, contiguous for `Bars` and `Octave`
    /// (the last upper edge clipped to Nyquist).
    pub fn edges_hz(&self) -> &[(f64, f64)] {
        &self.edges
    }

    /// Sums per-bin power into per-band power by the rule in the
    /// [module documentation](self): overlap-weighted sum for bands at least one bin
    /// wide, interpolated bin power for narrower ones (never empty, so never −∞ dB for
    /// a non-zero spectrum). `power` is in any power unit; `out_power` gets the same
    /// unit. For `Bins`, a copy. Allocation-free, O(bins + bands).
    ///
    /// # Panics
    ///
    /// If `power.len() != self.bin_count()` or `out_power.len() != self.len()`.
    pub fn apply(&self, power: &[f32], out_power: &mut [f32]) {
        assert_eq!(power.len(), self.n_bins, "BandMap::apply: power length");
        assert_eq!(
            out_power.len(),
            self.len(),
            "BandMap::apply: out_power length"
        );
        if self.identity {
            out_power.copy_from_slice(power);
            return;
        }
        for (band, out) in out_power.iter_mut().enumerate() {
            let weights = &self.weights[self.offsets[band]..self.offsets[band + 1]];
            let first = self.first_bin[band];
            let bins = &power[first..first + weights.len()];
            let sum: f64 = weights
                .iter()
                .zip(bins)
                .map(|(&w, &p)| w as f64 * p as f64)
                .sum();
            *out = sum as f32;
        }
    }
}

/// Span of bin `k` in bin units, clipped to `[0, half]`.
fn bin_span(k: usize, half: usize) -> (f64, f64) {
    let k = k as f64;
    ((k - 0.5).max(0.0), (k + 0.5).min(half as f64))
}

/// Weights of the band `[a, b]` (in bins, `a < b`) over bins `0..=half`: returns the
/// first bin and the weights of consecutive bins from it.
fn band_weights(a: f64, b: f64, half: usize) -> (usize, Vec<f32>) {
    let top = half as f64;
    let (a, b) = (a.clamp(0.0, top), b.clamp(0.0, top));
    if b - a < 1.0 {
        // Narrower than a bin: power density interpolated at the mid-point, times one
        // bin. The density of bin k is P_k / (its span); the DC and Nyquist bins span
        // half a bin.
        let m = 0.5 * (a + b);
        let k = (m.floor() as usize).min(half - 1);
        let frac = m - k as f64;
        let span = |k: usize| {
            let (lo, hi) = bin_span(k, half);
            hi - lo
        };
        let w0 = (1.0 - frac) / span(k);
        let w1 = frac / span(k + 1);
        return (k, vec![w0 as f32, w1 as f32]);
    }
    let k_first = ((a + 0.5).floor() as usize).min(half);
    let k_last = ((b + 0.5).floor() as usize).min(half);
    let mut weights = Vec::with_capacity(k_last - k_first + 1);
    for k in k_first..=k_last {
        let (lo, hi) = bin_span(k, half);
        let overlap = (b.min(hi) - a.max(lo)).max(0.0);
        weights.push((overlap / (hi - lo)) as f32);
    }
    // Drop zero weights at the ends (a band edge exactly on a bin boundary).
    let mut first = k_first;
    while weights.len() > 1 && weights[0] == 0.0 {
        weights.remove(0);
        first += 1;
    }
    while weights.len() > 1 && weights[weights.len() - 1] == 0.0 {
        weights.pop();
    }
    (first, weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn octave(fraction: u32, f_min_hz: f64, f_max_hz: f64) -> BandLayout {
        BandLayout::Octave {
            fraction,
            f_min_hz,
            f_max_hz,
        }
    }

    #[test]
    fn third_octave_centres_are_iec_61260_base_2() {
        let map = BandMap::new(&octave(3, 20.0, 20_000.0), 4096, 48_000.0).unwrap();
        let c = map.centres_hz();
        // Nominal 20 Hz .. 20 kHz: 31 bands.
        assert_eq!(map.len(), 31);
        assert!((c[0] - 19.686).abs() < 1e-3, "{}", c[0]);
        assert!((c[30] - 20_158.7).abs() < 0.1, "{}", c[30]);
        let idx_1k = c.iter().position(|&f| (f - 1000.0).abs() < 1e-9).unwrap();
        // Base-2 exact values, IEC 61260-1:2014 eq. (1)/(2), G = 2, b = 3.
        let want = [(0, 1000.0), (1, 1259.921), (2, 1587.401), (-1, 793.701)];
        for (dx, f) in want {
            let got = c[(idx_1k as i64 + dx) as usize];
            assert!((got - f).abs() < 1e-3, "band {dx}: {got} vs {f}");
        }
        for (&(lo, hi), &f) in map.edges_hz().iter().zip(c) {
            assert!((hi / lo - 2f64.powf(1.0 / 3.0)).abs() < 1e-12);
            assert!(((lo * hi).sqrt() - f).abs() < 1e-9 * f);
        }
        for pair in map.edges_hz().windows(2) {
            assert!(
                (pair[0].1 - pair[1].0).abs() < 1e-9 * pair[0].1,
                "contiguous"
            );
        }
    }

    #[test]
    fn octave_and_even_fraction_centres() {
        // Whole octaves: 1000·2^x, exact.
        let map = BandMap::new(&octave(1, 30.0, 16_000.0), 4096, 48_000.0).unwrap();
        let want = [
            31.25, 62.5, 125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16_000.0,
        ];
        assert_eq!(map.centres_hz(), &want);
        // Even b: 1000·2^((2x+1)/(2b)); 1 kHz is an edge, not a centre.
        let map = BandMap::new(&octave(24, 900.0, 1100.0), 4096, 48_000.0).unwrap();
        let c = map.centres_hz();
        assert!(c.iter().all(|&f| (f - 1000.0).abs() > 10.0));
        let i = c.iter().position(|&f| f > 1000.0).unwrap();
        assert!((c[i] - 1000.0 * 2f64.powf(1.0 / 48.0)).abs() < 1e-9);
        assert!((c[i - 1] - 1000.0 * 2f64.powf(-1.0 / 48.0)).abs() < 1e-9);
        assert!((map.edges_hz()[i].0 - 1000.0).abs() < 1e-9);
        for pair in c.windows(2) {
            assert!((pair[1] / pair[0] - 2f64.powf(1.0 / 24.0)).abs() < 1e-12);
        }
        // Bands above Nyquist are dropped and the top edge is clipped to it.
        let map = BandMap::new(&octave(3, 20.0, 20_000.0), 1024, 32_000.0).unwrap();
        let &(lo, hi) = map.edges_hz().last().unwrap();
        assert!(lo < 16_000.0 && hi == 16_000.0, "{lo} {hi}");
        let map = BandMap::new(&octave(3, 20.0, 20_000.0), 1024, 44_100.0).unwrap();
        assert_eq!(map.len(), 31);
        assert_eq!(map.edges_hz()[30].1, 22_050.0);
    }

    #[test]
    fn bars_are_log_even() {
        let layout = BandLayout::Bars {
            count: 64,
            f_min_hz: 20.0,
            f_max_hz: 20_000.0,
        };
        let map = BandMap::new(&layout, 4096, 48_000.0).unwrap();
        assert_eq!(map.len(), 64);
        let step = 1000f64.powf(1.0 / 64.0);
        let e = map.edges_hz();
        assert_eq!(e[0].0, 20.0);
        assert_eq!(e[63].1, 20_000.0);
        for (i, &(lo, hi)) in e.iter().enumerate() {
            assert!((hi / lo - step).abs() < 1e-9, "bar {i}");
            let want = 20.0 * step.powf(i as f64 + 0.5);
            assert!((map.centres_hz()[i] - want).abs() < 1e-9 * want, "bar {i}");
        }
        for pair in e.windows(2) {
            assert_eq!(pair[0].1, pair[1].0);
        }
        for pair in map.centres_hz().windows(2) {
            assert!((pair[1] / pair[0] - step).abs() < 1e-9);
        }
        // f_max above Nyquist is clamped.
        let layout = BandLayout::Bars {
            count: 10,
            f_min_hz: 100.0,
            f_max_hz: 30_000.0,
        };
        let map = BandMap::new(&layout, 1024, 48_000.0).unwrap();
        assert_eq!(map.edges_hz()[9].1, 24_000.0);
    }

    #[test]
    fn bins_layout_is_identity() {
        let map = BandMap::new(&BandLayout::Bins, 16, 1600.0).unwrap();
        assert_eq!(map.len(), 9);
        assert!(map.is_bins());
        assert_eq!(map.centres_hz()[3], 300.0);
        assert_eq!(map.edges_hz()[0], (0.0, 50.0));
        assert_eq!(map.edges_hz()[3], (250.0, 350.0));
        assert_eq!(map.edges_hz()[8], (750.0, 800.0));
        let power: Vec<f32> = (0..9).map(|k| k as f32 * 0.5).collect();
        let mut out = vec![0.0; 9];
        map.apply(&power, &mut out);
        assert_eq!(out, power);
    }

    #[test]
    fn flat_spectrum_is_shared_exactly_once() {
        // A flat (white) spectrum: interior bins 1, DC and Nyquist ½ (half-bin spans).
        // Contiguous bands covering [f_min, Nyquist] sum to (Nyquist − f_min)/Δf.
        let (n, sr) = (4096usize, 48_000.0);
        let bin_hz = sr / n as f64;
        let mut power = vec![1.0f32; n / 2 + 1];
        power[0] = 0.5;
        power[n / 2] = 0.5;
        for layout in [
            BandLayout::Bars {
                count: 97,
                f_min_hz: 30.0,
                f_max_hz: 24_000.0,
            },
            octave(6, 30.0, 24_000.0),
        ] {
            let map = BandMap::new(&layout, n, sr).unwrap();
            let mut out = vec![0.0; map.len()];
            map.apply(&power, &mut out);
            let lo = map.edges_hz()[0].0;
            let total: f64 = out.iter().map(|&p| p as f64).sum();
            let want = (sr / 2.0 - lo) / bin_hz;
            // Narrow low bands take the interpolated (one-bin) value instead of their
            // share, so compare only the bands at least one bin wide.
            let wide: f64 = out
                .iter()
                .zip(map.edges_hz())
                .filter(|(_, (l, h))| h - l >= bin_hz)
                .map(|(&p, _)| p as f64)
                .sum();
            let wide_lo = map
                .edges_hz()
                .iter()
                .find(|(l, h)| h - l >= bin_hz)
                .unwrap()
                .0;
            let want_wide = (sr / 2.0 - wide_lo) / bin_hz;
            assert!(
                (wide - want_wide).abs() < 1e-3 * want_wide,
                "{layout:?}: {wide} vs {want_wide}"
            );
            assert!(total >= want * 0.99, "{layout:?}: {total} vs {want}");
            // Every band of a flat spectrum reads its width in bins (at least one bin).
            for (&p, &(l, h)) in out.iter().zip(map.edges_hz()) {
                let w = ((h - l) / bin_hz).max(1.0);
                assert!(
                    (p as f64 - w).abs() < 1e-4 * w,
                    "{layout:?} band {l}..{h}: {p}"
                );
            }
        }
    }

    #[test]
    fn narrow_bands_interpolate() {
        // Power rising linearly with the bin index: a band narrower than a bin reads
        // the value at its mid-point, never zero.
        let (n, sr) = (1024usize, 48_000.0);
        let bin_hz = sr / n as f64;
        let power: Vec<f32> = (0..=n / 2).map(|k| k as f32).collect();
        let map = BandMap::new(&octave(24, 100.0, 300.0), n, sr).unwrap();
        let mut out = vec![0.0; map.len()];
        map.apply(&power, &mut out);
        let mut narrow = 0;
        for (&p, &(l, h)) in out.iter().zip(map.edges_hz()) {
            if h - l < bin_hz {
                narrow += 1;
                let mid = 0.5 * (l + h) / bin_hz;
                assert!(
                    (p as f64 - mid).abs() < 1e-4 * mid,
                    "{l}..{h}: {p} vs {mid}"
                );
            }
        }
        assert!(narrow > 10);
        // A narrow band in the DC bin of a flat spectrum reads one bin's power.
        let mut flat = vec![1.0f32; n / 2 + 1];
        flat[0] = 0.5;
        let map = BandMap::new(&octave(24, 5.0, 10.0), n, sr).unwrap();
        let mut out = vec![0.0; map.len()];
        map.apply(&flat, &mut out);
        assert!(out.iter().all(|&p| (p - 1.0).abs() < 1e-6), "{out:?}");
    }

    #[test]
    fn invalid_layouts_name_their_field() {
        let field =
            |layout: BandLayout, n: usize, sr: f64| BandMap::new(&layout, n, sr).unwrap_err().field;
        let bars = |count, f_min_hz, f_max_hz| BandLayout::Bars {
            count,
            f_min_hz,
            f_max_hz,
        };
        assert_eq!(field(bars(0, 20.0, 20e3), 4096, 48e3), "count");
        assert_eq!(field(bars(1025, 20.0, 20e3), 4096, 48e3), "count");
        assert!(BandMap::new(&bars(1024, 20.0, 20e3), 4096, 48e3).is_ok());
        assert_eq!(field(bars(10, 0.0, 20e3), 4096, 48e3), "f_min_hz");
        assert_eq!(field(bars(10, f64::NAN, 20e3), 4096, 48e3), "f_min_hz");
        assert_eq!(field(bars(10, 30e3, 40e3), 4096, 48e3), "f_min_hz");
        assert_eq!(field(bars(10, 100.0, 100.0), 4096, 48e3), "f_max_hz");
        assert_eq!(
            field(bars(10, 100.0, f64::INFINITY), 4096, 48e3),
            "f_max_hz"
        );
        assert_eq!(field(octave(0, 20.0, 20e3), 4096, 48e3), "fraction");
        assert_eq!(field(octave(25, 20.0, 20e3), 4096, 48e3), "fraction");
        assert_eq!(field(octave(3, -1.0, 20e3), 4096, 48e3), "f_min_hz");
        assert_eq!(field(octave(24, 1e-9, 20e3), 4096, 48e3), "f_min_hz");
        let map = BandMap::new(&octave(24, 0.01, 24e3), 4096, 48e3).unwrap();
        assert!(map.len() > 500 && map.len() <= MAX_OCTAVE_BANDS);
        assert_eq!(field(BandLayout::Bins, 4095, 48e3), "fft_size");
        assert_eq!(field(BandLayout::Bins, 0, 48e3), "fft_size");
        assert_eq!(field(BandLayout::Bins, 4096, 0.0), "sample_rate");
        assert_eq!(field(BandLayout::Bins, 4096, f64::NAN), "sample_rate");
    }
}
