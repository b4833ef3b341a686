//! Butterworth and Linkwitz-Riley lowpass/highpass filters of any order, as biquad cascades.

use crate::biquad::{BiquadCoeffs, BiquadSpec};
use crate::filter::ParamError;
use std::f64::consts::PI;

/// Highest accepted Butterworth order (Linkwitz-Riley: twice this).
pub const MAX_ORDER: usize = 24;

/// Which side of the crossover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Passes frequencies below the cut-off.
    Low,
    /// Passes frequencies above the cut-off.
    High,
}

/// The Q of each second-order section of an order-`order` Butterworth filter, and whether
/// a first-order section is needed (odd orders).
pub fn butterworth_qs(order: usize) -> (Vec<f64>, bool) {
    // Pole angles from the negative real axis: (2k - 1) pi / 2n for even n, k pi / n for odd n.
    let qs = (1..=order / 2)
        .map(|k| {
            let angle = if order.is_multiple_of(2) {
                PI * (2 * k - 1) as f64 / (2 * order) as f64
            } else {
                PI * k as f64 / order as f64
            };
            1.0 / (2.0 * angle.cos())
        })
        .collect();
    (qs, !order.is_multiple_of(2))
}

fn check_order(order: usize, max: usize, even: bool) -> Result<(), ParamError> {
    if order == 0 || order > max || (even && !order.is_multiple_of(2)) {
        let what = if even {
            "an even number"
        } else {
            "a whole number"
        };
        return Err(ParamError::new(
            "order",
            format!(
                "{order} must be {what} from {} to {max}",
                if even { 2 } else { 1 }
            ),
        ));
    }
    Ok(())
}

fn sections(
    pass: Pass,
    freq: f64,
    qs: &[f64],
    first: usize,
    fs: f64,
) -> Result<Vec<BiquadCoeffs>, ParamError> {
    let mut out = Vec::with_capacity(qs.len() + first);
    for &q in qs {
        out.push(
            match pass {
                Pass::Low => BiquadSpec::Lowpass { freq, q },
                Pass::High => BiquadSpec::Highpass { freq, q },
            }
            .design(fs)?,
        );
    }
    for _ in 0..first {
        out.push(
            match pass {
                Pass::Low => BiquadSpec::LowpassFirstOrder { freq },
                Pass::High => BiquadSpec::HighpassFirstOrder { freq },
            }
            .design(fs)?,
        );
    }
    Ok(out)
}

/// Butterworth filter of `order` (1..=24) at `freq` Hz (-3 dB point), sample rate `fs` Hz.
pub fn butterworth(
    pass: Pass,
    freq: f64,
    order: usize,
    fs: f64,
) -> Result<Vec<BiquadCoeffs>, ParamError> {
    check_order(order, MAX_ORDER, false)?;
    let (qs, odd) = butterworth_qs(order);
    sections(pass, freq, &qs, usize::from(odd), fs)
}

/// Linkwitz-Riley filter of even `order` (2..=48) at `freq` Hz (-6 dB point): a
/// Butterworth filter of half the order, squared. Low and high outputs sum to an
/// allpass; when `order / 2` is odd the high side must be inverted for that
/// ([`linkwitz_riley_needs_inversion`]).
pub fn linkwitz_riley(
    pass: Pass,
    freq: f64,
    order: usize,
    fs: f64,
) -> Result<Vec<BiquadCoeffs>, ParamError> {
    check_order(order, 2 * MAX_ORDER, true)?;
    let (qs, odd) = butterworth_qs(order / 2);
    let mut doubled: Vec<f64> = qs.iter().flat_map(|&q| [q, q]).collect();
    if odd {
        // Two identical first-order sections make one second-order section with Q = 0.5.
        doubled.push(0.5);
    }
    sections(pass, freq, &doubled, 0, fs)
}

/// True when the low and high sides of a Linkwitz-Riley crossover of `order` sum
/// flat only with one side inverted (orders 2, 6, 10, ...).
pub fn linkwitz_riley_needs_inversion(order: usize) -> bool {
    (order / 2) % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biquad::test_support::*;
    use crate::biquad_cascade::BiquadCascade;

    const FS: f64 = 44100.0;

    #[test]
    fn butterworth_is_maximally_flat_with_the_analytic_magnitude() {
        // |H|^2 = 1 / (1 + (W / Wc)^(2n)) with W the pre-warped frequency tan(pi f / fs).
        let freqs = log_freqs(10.0, 21000.0, 100);
        for order in [1, 2, 3, 4, 5, 8] {
            for pass in [Pass::Low, Pass::High] {
                let fc = 1200.0;
                let mut f = BiquadCascade::new(butterworth(pass, fc, order, FS).unwrap());
                let got = measured_db(&mut f, &freqs, FS, 1 << 16);
                let want: Vec<f64> = freqs
                    .iter()
                    .map(|&fr| {
                        let r = (PI * fr / FS).tan() / (PI * fc / FS).tan();
                        let r = if pass == Pass::Low { r } else { 1.0 / r };
                        -10.0 * (1.0 + r.powi(2 * order as i32)).log10()
                    })
                    .collect();
                assert_close_db(
                    &format!("BW{order} {pass:?}"),
                    &freqs,
                    &got,
                    &want,
                    0.01,
                    -60.0,
                );
            }
        }
    }

    #[test]
    fn linkwitz_riley_low_plus_high_is_flat() {
        let freqs = log_freqs(10.0, 21000.0, 100);
        for order in [2, 4, 6, 8, 12] {
            let fc = 2000.0;
            let lo = BiquadCascade::new(linkwitz_riley(Pass::Low, fc, order, FS).unwrap());
            let hi = BiquadCascade::new(linkwitz_riley(Pass::High, fc, order, FS).unwrap());
            let sign = if linkwitz_riley_needs_inversion(order) {
                -1.0
            } else {
                1.0
            };
            // Measure: impulse through each branch, sum, then DTFT.
            let n = 1 << 15;
            let mut a = vec![0.0f32; n];
            let mut b = vec![0.0f32; n];
            a[0] = 1.0;
            b[0] = 1.0;
            let (mut lo, mut hi) = (lo, hi);
            crate::Filter::process(&mut lo, &mut a);
            crate::Filter::process(&mut hi, &mut b);
            let sum: Vec<f32> = a.iter().zip(&b).map(|(x, y)| x + sign * y).collect();
            let mut passthrough = FixedResponse(sum);
            let got = measured_db(&mut passthrough, &freqs, FS, n);
            for (f, g) in freqs.iter().zip(&got) {
                assert!(g.abs() < 0.01, "LR{order} sum at {f:.0} Hz: {g:.4} dB");
            }
            // And each side is -6.02 dB at the crossover frequency.
            let half = measured_db(&mut FixedResponse(a.clone()), &[fc], FS, n)[0];
            assert!((half + 6.0206).abs() < 0.01, "LR{order} low at fc: {half}");
        }
    }

    /// A "filter" that replaces an impulse with a stored response (to measure sums).
    struct FixedResponse(Vec<f32>);
    impl crate::Filter for FixedResponse {
        fn process(&mut self, block: &mut [f32]) {
            block.copy_from_slice(&self.0[..block.len()]);
        }
        fn reset(&mut self) {}
    }

    #[test]
    fn orders_are_validated() {
        assert_eq!(
            butterworth(Pass::Low, 100.0, 0, FS).unwrap_err().field,
            "order"
        );
        assert_eq!(
            butterworth(Pass::Low, 100.0, 25, FS).unwrap_err().field,
            "order"
        );
        assert_eq!(
            linkwitz_riley(Pass::High, 100.0, 3, FS).unwrap_err().field,
            "order"
        );
        assert_eq!(
            linkwitz_riley(Pass::High, 30000.0, 4, FS)
                .unwrap_err()
                .field,
            "freq"
        );
        assert_eq!(linkwitz_riley(Pass::High, 100.0, 48, FS).unwrap().len(), 24);
    }
}
