//! A chain of biquad sections processed together with f64 state between sections.
//!
//! The loop runs sample by sample through all sections, so the intermediate signal
//! never rounds to f32 and independent sections overlap in the CPU's pipeline.

use crate::Filter;
use crate::biquad::BiquadCoeffs;

/// Biquad sections in series; one per channel.
#[derive(Debug, Clone)]
pub struct BiquadCascade {
    coeffs: Vec<BiquadCoeffs>,
    state: Vec<[f64; 2]>,
}

impl BiquadCascade {
    /// A cascade of `sections`, applied in order.
    pub fn new(sections: Vec<BiquadCoeffs>) -> Self {
        let state = vec![[0.0; 2]; sections.len()];
        Self {
            coeffs: sections,
            state,
        }
    }

    /// Number of sections.
    pub fn len(&self) -> usize {
        self.coeffs.len()
    }

    /// True when the cascade has no section (it then passes samples through).
    pub fn is_empty(&self) -> bool {
        self.coeffs.is_empty()
    }

    /// The sections' coefficients.
    pub fn sections(&self) -> &[BiquadCoeffs] {
        &self.coeffs
    }

    /// Replaces the coefficients of section `i`, keeping its state.
    pub fn set_section(&mut self, i: usize, c: BiquadCoeffs) {
        self.coeffs[i] = c;
    }

    /// Filters one sample through every section, in f64.
    #[inline(always)]
    pub fn tick(&mut self, x: f64) -> f64 {
        let mut v = x;
        for (c, s) in self.coeffs.iter().zip(self.state.iter_mut()) {
            let y = c.b0 * v + s[0];
            s[0] = c.b1 * v - c.a1 * y + s[1];
            s[1] = c.b2 * v - c.a2 * y;
            v = y;
        }
        v
    }

    /// Complex response of the whole cascade at `freq` Hz, sample rate `fs` Hz, as (re, im).
    pub fn response(&self, freq: f64, fs: f64) -> (f64, f64) {
        self.coeffs.iter().fold((1.0, 0.0), |(ar, ai), c| {
            let (br, bi) = c.response(freq, fs);
            (ar * br - ai * bi, ar * bi + ai * br)
        })
    }
}

impl Filter for BiquadCascade {
    fn process(&mut self, block: &mut [f32]) {
        for s in block {
            *s = self.tick(f64::from(*s)) as f32;
        }
    }

    fn reset(&mut self) {
        self.state.iter_mut().for_each(|s| *s = [0.0; 2]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::biquad::{BiquadSpec, Width};

    #[test]
    fn sixteen_section_chain_matches_a_float64_reference_within_130_db() {
        let fs = 44100.0;
        let sections: Vec<BiquadCoeffs> = (0..16)
            .map(|i| {
                let freq = 30.0 * 1.5f64.powi(i);
                let gain = if i % 2 == 0 { 4.0 } else { -5.5 };
                BiquadSpec::Peaking {
                    freq,
                    gain,
                    width: Width::Q(0.7 + 0.3 * f64::from(i)),
                }
                .design(fs)
                .unwrap()
            })
            .collect();
        // Input: a deterministic f32 noise signal.
        let mut s = 0x1234_5678u32;
        let x: Vec<f32> = (0..200_000)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s as f32 / u32::MAX as f32 - 0.5) * 0.5
            })
            .collect();
        // Reference: direct form I, all in f64, section by section over the whole signal.
        let mut reference: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        for c in &sections {
            let (mut x1, mut x2, mut y1, mut y2) = (0.0, 0.0, 0.0, 0.0);
            for v in reference.iter_mut() {
                let y = c.b0 * *v + c.b1 * x1 + c.b2 * x2 - c.a1 * y1 - c.a2 * y2;
                (x2, x1, y2, y1) = (x1, *v, y1, y);
                *v = y;
            }
        }
        let mut cascade = BiquadCascade::new(sections);
        let mut y = x.clone();
        for chunk in y.chunks_mut(1000) {
            cascade.process(chunk);
        }
        let err: f64 = y
            .iter()
            .zip(&reference)
            .map(|(&a, &b)| (f64::from(a) - b).powi(2))
            .sum();
        let pow: f64 = reference.iter().map(|v| v * v).sum();
        let db = 10.0 * (err / pow).log10();
        assert!(db < -130.0, "relative error {db:.1} dB");
    }

    #[test]
    fn process_does_not_allocate() {
        let mut c = BiquadCascade::new(vec![BiquadCoeffs::IDENTITY; 4]);
        let mut x = vec![0.5f32; 512];
        assert_no_alloc::assert_no_alloc(|| c.process(&mut x));
        assert!(x.iter().all(|&v| v == 0.5));
    }
}
