//! A bank of EQ bands evaluated as one FIR filter, the way HQPlayer offloads parametric
//! EQ: the FIR is the cascade's own impulse response (computed in float64 by running the
//! biquads on an impulse), cut to the FIR's length. A GPU then runs a long EQ bank at
//! the cost of one convolution, whatever the number of bands.
//!
//! Cutting loses the part of the response past the FIR's length. [`EqBankFir::tail_db`]
//! says how much: the energy of the next `taps` samples relative to the kept ones. Very
//! narrow low-frequency bands ring longest.

use vortex_dsp::biquad::BiquadCoeffs;
use vortex_dsp::biquad_cascade::BiquadCascade;

use crate::error::GpuError;
use crate::spec::MAX_TAPS;

/// An EQ bank as a FIR filter.
#[derive(Debug, Clone, PartialEq)]
pub struct EqBankFir {
    /// The filter, taps.
    pub taps: Vec<f32>,
    /// Energy of the response past the cut (the next `taps.len()` samples) relative to
    /// the energy kept, dB; below -100 dB the cut is inaudible.
    pub tail_db: f64,
}

/// The FIR of `taps` taps (1..=2^25) equivalent to the cascade of `sections`.
pub fn eq_bank_fir(sections: &[BiquadCoeffs], taps: usize) -> Result<EqBankFir, GpuError> {
    if !(1..=MAX_TAPS).contains(&taps) {
        return Err(GpuError::invalid(
            "taps",
            format!("{taps} is not within 1..={MAX_TAPS}"),
        ));
    }
    if let Some(i) = sections.iter().position(|c| !c.is_stable()) {
        return Err(GpuError::invalid(
            format!("sections[{i}]"),
            "the section is not stable",
        ));
    }
    let mut cascade = BiquadCascade::new(sections.to_vec());
    let mut kept = 0.0f64;
    let fir: Vec<f32> = (0..taps)
        .map(|n| {
            let h = cascade.tick(if n == 0 { 1.0 } else { 0.0 });
            kept += h * h;
            h as f32
        })
        .collect();
    let tail: f64 = (0..taps).map(|_| cascade.tick(0.0).powi(2)).sum();
    Ok(EqBankFir {
        taps: fir,
        tail_db: 10.0 * (tail.max(1e-300) / kept.max(1e-300)).log10(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::CpuConvolver;
    use crate::reference::{noise, relative_rms};
    use crate::spec::ConvSpec;
    use vortex_dsp::biquad::{BiquadSpec, Width};

    const FS: f64 = 48_000.0;

    /// 40 peaking bands, 25 Hz to 18 kHz, gains alternating +-6 dB, Q 2.
    fn bank() -> Vec<BiquadCoeffs> {
        (0..40)
            .map(|i| {
                let freq = 25.0 * (18_000.0f64 / 25.0).powf(f64::from(i) / 39.0);
                let gain = if i % 2 == 0 { 6.0 } else { -6.0 };
                BiquadSpec::Peaking {
                    freq,
                    gain,
                    width: Width::Q(2.0),
                }
                .design(FS)
                .unwrap()
            })
            .collect()
    }

    #[test]
    fn the_fir_has_the_cascades_analytic_response() {
        let sections = bank();
        let fir = eq_bank_fir(&sections, 65_536).unwrap();
        assert!(fir.tail_db < -100.0, "tail {} dB", fir.tail_db);
        let cascade = BiquadCascade::new(sections);
        for k in 0..30 {
            let f = 20.0 * 1000f64.powf(f64::from(k) / 29.0);
            // The FIR's response by a direct float64 DFT at f.
            let w = std::f64::consts::TAU * f / FS;
            let (mut re, mut im) = (0.0, 0.0);
            for (n, &h) in fir.taps.iter().enumerate() {
                let (s, c) = (w * n as f64).sin_cos();
                re += f64::from(h) * c;
                im -= f64::from(h) * s;
            }
            let (ar, ai) = cascade.response(f, FS);
            let got = 10.0 * (re * re + im * im).log10();
            let want = 10.0 * (ar * ar + ai * ai).log10();
            assert!(
                (got - want).abs() < 0.01,
                "{f:.0} Hz: FIR {got:.4} dB, cascade {want:.4} dB"
            );
        }
    }

    #[test]
    fn convolving_with_it_equals_running_the_biquads() {
        let sections = bank();
        let fir = eq_bank_fir(&sections, 65_536).unwrap();
        let x = noise(3, 48_000);
        let mut cascade = BiquadCascade::new(sections);
        let want: Vec<f32> = x
            .iter()
            .map(|&v| cascade.tick(f64::from(v)) as f32)
            .collect();
        let spec = ConvSpec {
            channels: 1,
            taps: 65_536,
            block: 1024,
        };
        let mut conv = CpuConvolver::new(spec, &[&fir.taps]).unwrap();
        let got = crate::cpu::tests::run(&mut conv, &[x], None);
        let err = relative_rms(&got[0][..46 * 1024], &want[..46 * 1024]);
        assert!(err < 1e-4, "relative RMS {err:e}");
    }

    #[test]
    fn a_short_cut_says_how_much_it_lost_and_bad_input_is_named() {
        let narrow = [BiquadSpec::Peaking {
            freq: 30.0,
            gain: 12.0,
            width: Width::Q(10.0),
        }
        .design(FS)
        .unwrap()];
        let short = eq_bank_fir(&narrow, 1024).unwrap();
        assert!(short.tail_db > -60.0, "{}", short.tail_db);
        let e = eq_bank_fir(&narrow, 0).unwrap_err();
        assert!(e.to_string().starts_with("taps:"), "{e}");
        // A pole outside the unit circle (a2 = 1.5).
        let unstable = BiquadCoeffs {
            a2: 1.5,
            ..BiquadCoeffs::IDENTITY
        };
        let e = eq_bank_fir(&[BiquadCoeffs::IDENTITY, unstable], 16).unwrap_err();
        assert_eq!(e.to_string(), "sections[1]: the section is not stable");
    }
}
