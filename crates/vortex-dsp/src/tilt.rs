//! Spectral tilt: a gentle slope across the audio band made of two first-order shelves.

use crate::biquad::{BiquadCoeffs, BiquadSpec};
use crate::filter::{ParamError, check_range};

/// Corner of the low shelf, Hz.
pub const TILT_LOW_HZ: f64 = 110.0;
/// Corner of the high shelf, Hz.
pub const TILT_HIGH_HZ: f64 = 3500.0;

/// A tilt of `gain` dB (-20..20): about `-gain/2` dB at 20 Hz rising to `+gain/2` dB at
/// 20 kHz, 0 dB near 600 Hz. Positive gain brightens.
pub fn tilt(gain: f64, fs: f64) -> Result<Vec<BiquadCoeffs>, ParamError> {
    check_range("gain", gain, -20.0, 20.0, " dB")?;
    let high = TILT_HIGH_HZ.min(fs * 0.45);
    Ok(vec![
        BiquadSpec::LowShelfFirstOrder {
            freq: TILT_LOW_HZ,
            gain: -gain / 2.0,
        }
        .design(fs)?,
        BiquadSpec::HighShelfFirstOrder {
            freq: high,
            gain: gain / 2.0,
        }
        .design(fs)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biquad_cascade::BiquadCascade;

    #[test]
    fn tilt_rises_across_the_band() {
        let c = BiquadCascade::new(tilt(6.0, 48000.0).unwrap());
        let db = |f: f64| {
            let (re, im) = c.response(f, 48000.0);
            10.0 * (re * re + im * im).log10()
        };
        assert!((db(20.0) + 2.5).abs() < 0.6, "{}", db(20.0));
        assert!((db(20000.0) - 2.6).abs() < 0.6, "{}", db(20000.0));
        assert!(db(600.0).abs() < 0.5);
        // Monotonic.
        let mut last = f64::NEG_INFINITY;
        for i in 0..50 {
            let v = db(20.0 * 1000f64.powf(f64::from(i) / 49.0));
            assert!(v > last);
            last = v;
        }
    }
}
