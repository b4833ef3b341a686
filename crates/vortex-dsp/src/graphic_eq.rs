//! Graphic equaliser: up to 512 peaking bands spaced evenly on a log-frequency axis.

use crate::biquad::{BiquadCoeffs, BiquadSpec, Width};
use crate::filter::{ParamError, check_freq};

/// Most bands a graphic equaliser may have.
pub const MAX_BANDS: usize = 512;

/// Centre frequencies (Hz) of `bands` bands spread evenly in log frequency between
/// `freq_min` and `freq_max` Hz (band edges), and the bands' width in octaves.
pub fn band_centres(freq_min: f64, freq_max: f64, bands: usize) -> (Vec<f64>, f64) {
    let span = (freq_max / freq_min).log2();
    let width = span / bands as f64;
    let centres = (0..bands)
        .map(|i| freq_min * 2f64.powf(width * (i as f64 + 0.5)))
        .collect();
    (centres, width)
}

/// Designs one peaking section per band whose gain (dB) is not zero.
pub fn graphic_eq(
    freq_min: f64,
    freq_max: f64,
    gains: &[f64],
    fs: f64,
) -> Result<Vec<BiquadCoeffs>, ParamError> {
    if gains.is_empty() || gains.len() > MAX_BANDS {
        return Err(ParamError::new(
            "gains",
            format!("{} bands; a graphic EQ needs 1 to {MAX_BANDS}", gains.len()),
        ));
    }
    check_freq("freq_min", freq_min, fs)?;
    check_freq("freq_max", freq_max, fs)?;
    if freq_max <= freq_min {
        return Err(ParamError::new(
            "freq_max",
            format!("{freq_max} Hz must be above freq_min ({freq_min} Hz)"),
        ));
    }
    let (centres, width) = band_centres(freq_min, freq_max, gains.len());
    let mut out = Vec::new();
    for (i, (&gain, &freq)) in gains.iter().zip(&centres).enumerate() {
        if gain == 0.0 {
            continue;
        }
        let spec = BiquadSpec::Peaking {
            freq,
            gain,
            width: Width::Bandwidth(width),
        };
        out.push(
            spec.design(fs)
                .map_err(|e| ParamError::new(format!("gains[{i}]"), e.message))?,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biquad_cascade::BiquadCascade;

    #[test]
    fn bands_are_log_spaced_and_gains_land_at_centres() {
        let (c, w) = band_centres(20.0, 20000.0, 10);
        assert!((w - (1000f64).log2() / 10.0).abs() < 1e-12);
        assert!((c[1] / c[0] - 2f64.powf(w)).abs() < 1e-9);
        // A single boosted band in a 31-band EQ reaches its gain at its centre.
        let mut gains = vec![0.0; 31];
        gains[15] = 6.0;
        let (centres, _) = band_centres(20.0, 20000.0, 31);
        let cas = BiquadCascade::new(graphic_eq(20.0, 20000.0, &gains, 48000.0).unwrap());
        assert_eq!(cas.len(), 1);
        let (re, im) = cas.response(centres[15], 48000.0);
        assert!((10.0 * (re * re + im * im).log10() - 6.0).abs() < 1e-6);
    }

    #[test]
    fn limits_hold() {
        assert!(graphic_eq(20.0, 20000.0, &[1.0; 512], 48000.0).is_ok());
        assert_eq!(
            graphic_eq(20.0, 20000.0, &[1.0; 513], 48000.0)
                .unwrap_err()
                .field,
            "gains"
        );
        assert_eq!(
            graphic_eq(20.0, 30000.0, &[1.0], 48000.0)
                .unwrap_err()
                .field,
            "freq_max"
        );
    }
}
