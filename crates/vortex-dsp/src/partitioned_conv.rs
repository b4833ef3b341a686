//! Non-uniform partitioned FFT convolution (overlap-save per level, frequency-domain
//! delay lines), for long FIR filters at a latency of one block.
//!
//! See [`crate::partition_plan`] for how the response is cut. Each level keeps the last
//! `2B` input samples, and every `B` samples transforms them, pushes the spectrum into
//! its frequency-domain delay line, multiply-accumulates against the response's
//! partition spectra, transforms back and adds the `B` valid samples into a shared
//! output ring at the level's offset. Everything is allocated at construction; the
//! per-block path only computes.

use crate::Filter;
use crate::filter::ParamError;
use crate::partition_plan::{Level, PartitionPlan};
use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};
use std::sync::Arc;

/// Largest accepted base block, samples.
pub const MAX_BLOCK: usize = 65536;

/// Spectra of one level's partitions, split into real and imaginary arrays.
#[derive(Debug, PartialEq)]
struct LevelSpectra {
    level: Level,
    /// `count` runs of `size + 1` bins, scaled by 1 / (2 * size) for the inverse FFT.
    re: Vec<f32>,
    im: Vec<f32>,
}

/// The transformed impulse response: built once, shared (`Arc`) by every channel that
/// uses the same filter.
#[derive(Debug, PartialEq)]
pub struct IrSpectra {
    plan: PartitionPlan,
    levels: Vec<LevelSpectra>,
    ir_len: usize,
}

impl IrSpectra {
    /// Transforms `ir` for base block `block` (a power of two, 1..=65536) using `plan`
    /// (for example [`PartitionPlan::optimal`]).
    pub fn new(ir: &[f32], plan: PartitionPlan) -> Result<Self, ParamError> {
        let block = plan.block;
        if !block.is_power_of_two() || block > MAX_BLOCK {
            return Err(ParamError::new(
                "block_size",
                format!("{block} must be a power of two from 1 to {MAX_BLOCK}"),
            ));
        }
        if ir.is_empty() {
            return Err(ParamError::new("impulse", "the impulse response is empty"));
        }
        if let Some(i) = ir.iter().position(|v| !v.is_finite()) {
            return Err(ParamError::new(
                "impulse",
                format!("sample {i} is not a finite number"),
            ));
        }
        assert!(
            plan.coverage() >= ir.len(),
            "plan does not cover the response"
        );
        let mut planner = RealFftPlanner::<f32>::new();
        let levels = plan
            .levels
            .iter()
            .map(|&level| {
                let n = 2 * level.size;
                let fft = planner.plan_fft_forward(n);
                let bins = level.size + 1;
                let mut re = Vec::with_capacity(level.count * bins);
                let mut im = Vec::with_capacity(level.count * bins);
                let mut time = vec![0.0f32; n];
                let mut spec = vec![Complex::default(); bins];
                let scale = 1.0 / n as f32;
                for p in 0..level.count {
                    let start = (level.offset + p * level.size).min(ir.len());
                    let end = (start + level.size).min(ir.len());
                    time.iter_mut().for_each(|v| *v = 0.0);
                    time[..end - start].copy_from_slice(&ir[start..end]);
                    fft.process(&mut time, &mut spec)
                        .expect("buffer sizes match the plan");
                    re.extend(spec.iter().map(|c| c.re * scale));
                    im.extend(spec.iter().map(|c| c.im * scale));
                }
                LevelSpectra { level, re, im }
            })
            .collect();
        Ok(Self {
            plan,
            levels,
            ir_len: ir.len(),
        })
    }

    /// The partitioning in use.
    pub fn plan(&self) -> &PartitionPlan {
        &self.plan
    }

    /// Length of the original impulse response, samples.
    pub fn ir_len(&self) -> usize {
        self.ir_len
    }
}

/// Per-level running state.
struct LevelState {
    fwd: Arc<dyn RealToComplex<f32>>,
    inv: Arc<dyn ComplexToReal<f32>>,
    /// Last `2B` input samples; the second half fills up block by block.
    input: Vec<f32>,
    fill: usize,
    /// Frequency-domain delay line: `count` spectra, newest at `head`.
    fdl_re: Vec<f32>,
    fdl_im: Vec<f32>,
    head: usize,
    acc_re: Vec<f32>,
    acc_im: Vec<f32>,
    time: Vec<f32>,
    spec: Vec<Complex<f32>>,
    scratch_fwd: Vec<Complex<f32>>,
    scratch_inv: Vec<Complex<f32>>,
}

/// A convolver for one channel.
pub struct Convolver {
    ir: Arc<IrSpectra>,
    levels: Vec<LevelState>,
    /// Output accumulation ring indexed by absolute sample time modulo its length.
    ring: Vec<f32>,
    mask: usize,
    /// Samples processed so far.
    t: usize,
    /// Zero-padded block for a short last block.
    pad: Vec<f32>,
    mac: MacKernel,
}

type MacKernel = for<'a> fn(&mut [f32], &mut [f32], Split<'a>, Split<'a>);

impl Convolver {
    /// A convolver with `ir` (which may be shared between channels).
    pub fn new(ir: Arc<IrSpectra>) -> Self {
        let mut planner = RealFftPlanner::<f32>::new();
        let block = ir.plan.block;
        let levels: Vec<LevelState> = ir
            .levels
            .iter()
            .map(|ls| {
                let Level { size, count, .. } = ls.level;
                let fwd = planner.plan_fft_forward(2 * size);
                let inv = planner.plan_fft_inverse(2 * size);
                let bins = size + 1;
                LevelState {
                    input: vec![0.0; 2 * size],
                    fill: 0,
                    fdl_re: vec![0.0; count * bins],
                    fdl_im: vec![0.0; count * bins],
                    head: 0,
                    acc_re: vec![0.0; bins],
                    acc_im: vec![0.0; bins],
                    time: vec![0.0; 2 * size],
                    spec: vec![Complex::default(); bins],
                    scratch_fwd: fwd.make_scratch_vec(),
                    scratch_inv: inv.make_scratch_vec(),
                    fwd,
                    inv,
                }
            })
            .collect();
        let reach = ir
            .levels
            .iter()
            .map(|l| l.level.offset + l.level.size)
            .max()
            .unwrap_or(0);
        let ring_len = (reach + 2 * block).next_power_of_two();
        Self {
            levels,
            ring: vec![0.0; ring_len],
            mask: ring_len - 1,
            t: 0,
            pad: vec![0.0; block],
            mac: select_mac_kernel(),
            ir,
        }
    }

    /// Base block size, samples.
    pub fn block(&self) -> usize {
        self.ir.plan.block
    }

    /// Convolves exactly one base block in place.
    fn process_block(&mut self, x: &mut [f32]) {
        let b0 = x.len();
        let end = self.t + b0;
        for (st, sp) in self.levels.iter_mut().zip(&self.ir.levels) {
            let size = sp.level.size;
            st.input[size + st.fill..size + st.fill + b0].copy_from_slice(x);
            st.fill += b0;
            if st.fill < size {
                continue;
            }
            st.fill = 0;
            st.time.copy_from_slice(&st.input);
            st.input.copy_within(size.., 0);
            st.fwd
                .process_with_scratch(&mut st.time, &mut st.spec, &mut st.scratch_fwd)
                .expect("sizes fixed at construction");
            let bins = size + 1;
            let count = sp.level.count;
            let slot = st.head * bins;
            for (k, c) in st.spec.iter().enumerate() {
                st.fdl_re[slot + k] = c.re;
                st.fdl_im[slot + k] = c.im;
            }
            st.acc_re.iter_mut().for_each(|v| *v = 0.0);
            st.acc_im.iter_mut().for_each(|v| *v = 0.0);
            for p in 0..count {
                let xs = ((st.head + count - p) % count) * bins;
                let hs = p * bins;
                (self.mac)(
                    &mut st.acc_re,
                    &mut st.acc_im,
                    (&st.fdl_re[xs..xs + bins], &st.fdl_im[xs..xs + bins]),
                    (&sp.re[hs..hs + bins], &sp.im[hs..hs + bins]),
                );
            }
            st.head = (st.head + 1) % count;
            for (c, (&re, &im)) in st.spec.iter_mut().zip(st.acc_re.iter().zip(&st.acc_im)) {
                *c = Complex::new(re, im);
            }
            // The DC and Nyquist bins of a real signal's spectrum are real.
            st.spec[0].im = 0.0;
            st.spec[size].im = 0.0;
            st.inv
                .process_with_scratch(&mut st.spec, &mut st.time, &mut st.scratch_inv)
                .expect("sizes fixed at construction");
            // Valid output covers times [end - size, end), shifted by the level's offset.
            let start = end - size + sp.level.offset;
            for (i, &v) in st.time[size..].iter().enumerate() {
                self.ring[(start + i) & self.mask] += v;
            }
        }
        for (i, s) in x.iter_mut().enumerate() {
            let r = &mut self.ring[(self.t + i) & self.mask];
            *s = *r;
            *r = 0.0;
        }
        self.t = end;
    }
}

impl Filter for Convolver {
    /// Convolves `block` in place. Blocks should be multiples of the base block; a
    /// remainder is zero-padded, which is only right for the last block of a stream.
    fn process(&mut self, block: &mut [f32]) {
        let b0 = self.block();
        let mut chunks = block.chunks_exact_mut(b0);
        for chunk in &mut chunks {
            self.process_block(chunk);
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let mut pad = std::mem::take(&mut self.pad);
            pad[..rest.len()].copy_from_slice(rest);
            pad[rest.len()..].iter_mut().for_each(|v| *v = 0.0);
            self.process_block(&mut pad);
            rest.copy_from_slice(&pad[..rest.len()]);
            self.pad = pad;
        }
    }

    fn reset(&mut self) {
        for st in &mut self.levels {
            st.input.iter_mut().for_each(|v| *v = 0.0);
            st.fdl_re.iter_mut().for_each(|v| *v = 0.0);
            st.fdl_im.iter_mut().for_each(|v| *v = 0.0);
            st.fill = 0;
            st.head = 0;
        }
        self.ring.iter_mut().for_each(|v| *v = 0.0);
        self.t = 0;
    }
}

/// `acc += x * h` over complex bins stored as separate real and imaginary arrays.
/// (Fused multiply-adds were tried: no measurable gain, the FFTs dominate.)
#[inline(always)]
fn mac_body(acc_re: &mut [f32], acc_im: &mut [f32], x: Split<'_>, h: Split<'_>) {
    let n = acc_re.len();
    let (acc_im, x_re, x_im, h_re, h_im) =
        (&mut acc_im[..n], &x.0[..n], &x.1[..n], &h.0[..n], &h.1[..n]);
    for i in 0..n {
        acc_re[i] += x_re[i] * h_re[i] - x_im[i] * h_im[i];
        acc_im[i] += x_re[i] * h_im[i] + x_im[i] * h_re[i];
    }
}

type Split<'a> = (&'a [f32], &'a [f32]);

fn mac_portable(acc_re: &mut [f32], acc_im: &mut [f32], x: Split<'_>, h: Split<'_>) {
    mac_body(acc_re, acc_im, x, h);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mac_avx2(acc_re: &mut [f32], acc_im: &mut [f32], x: Split<'_>, h: Split<'_>) {
    mac_body(acc_re, acc_im, x, h);
}

fn select_mac_kernel() -> MacKernel {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        return |acc_re, acc_im, x, h| {
            // SAFETY: the CPU supports AVX2 (checked above).
            unsafe { mac_avx2(acc_re, acc_im, x, h) }
        };
    }
    mac_portable
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(n: usize, seed: u64) -> Vec<f32> {
        crate::noise::WhiteNoise::new(seed).take(n, 1.0)
    }

    /// Direct time-domain convolution in f64, truncated to the input length.
    fn direct(x: &[f32], h: &[f32]) -> Vec<f64> {
        (0..x.len())
            .map(|n| {
                let kmax = n.min(h.len() - 1);
                (0..=kmax)
                    .map(|k| f64::from(h[k]) * f64::from(x[n - k]))
                    .sum()
            })
            .collect()
    }

    fn rel_error_db(got: &[f32], reference: &[f64]) -> f64 {
        let err: f64 = got
            .iter()
            .zip(reference)
            .map(|(&g, &r)| (f64::from(g) - r).powi(2))
            .sum();
        let pow: f64 = reference.iter().map(|r| r * r).sum();
        10.0 * (err / pow).log10()
    }

    fn run(ir: &[f32], x: &[f32], plan: PartitionPlan, call: usize) -> Vec<f32> {
        let mut c = Convolver::new(Arc::new(IrSpectra::new(ir, plan).unwrap()));
        let mut y = x.to_vec();
        for chunk in y.chunks_mut(call) {
            c.process(chunk);
        }
        y
    }

    /// Exponentially decaying noise, like a room response.
    fn room_ir(len: usize) -> Vec<f32> {
        let decay = -6.9 / len as f32; // -60 dB over the length
        noise(len, 7)
            .iter()
            .enumerate()
            .map(|(i, v)| v * (decay * i as f32).exp())
            .collect()
    }

    #[test]
    fn matches_direct_convolution_for_short_and_medium_filters() {
        for ir_len in [1usize, 7, 1000] {
            let ir = room_ir(ir_len);
            for block in [64usize, 128, 256, 512, 1024, 2048, 4096, 8192] {
                let x = noise(3 * block + 3 * ir_len + 17, 11);
                let reference = direct(&x, &ir);
                for plan in [
                    PartitionPlan::uniform(ir_len, block),
                    PartitionPlan::optimal(ir_len, block),
                ] {
                    let y = run(&ir, &x, plan.clone(), block);
                    let e = rel_error_db(&y, &reference);
                    assert!(e < -120.0, "ir {ir_len} block {block} {plan:?}: {e:.1} dB");
                }
            }
        }
    }

    #[test]
    fn matches_direct_convolution_for_65536_taps_across_partition_boundaries() {
        let ir_len = 65536;
        let ir = room_ir(ir_len);
        // Enough input to pass through every partition of every level.
        let x = noise(ir_len + 40_000, 3);
        let reference = direct(&x, &ir);
        for block in [64usize, 128, 256, 512, 1024, 2048, 4096, 8192] {
            for plan in [
                PartitionPlan::uniform(ir_len, block),
                PartitionPlan::optimal(ir_len, block),
                PartitionPlan::geometric(ir_len, block, 2, 1 << 16),
                PartitionPlan::geometric(ir_len, block, 8, 1 << 14),
            ] {
                let y = run(&ir, &x, plan.clone(), block);
                let e = rel_error_db(&y, &reference);
                assert!(e < -120.0, "block {block} {:?}: {e:.1} dB", plan.levels);
                // Also the error right after each level boundary is small: check the
                // region where the second level's output first appears.
                let l1 = plan.levels.get(1).map_or(0, |l| l.offset);
                let w = l1..(l1 + 2048).min(x.len());
                let e_local = rel_error_db(&y[w.clone()], &reference[w]);
                assert!(e_local < -110.0, "boundary at {l1}: {e_local:.1} dB");
            }
        }
    }

    #[test]
    fn process_does_not_allocate() {
        let ir = room_ir(20_000);
        let mut c = Convolver::new(Arc::new(
            IrSpectra::new(&ir, PartitionPlan::optimal(ir.len(), 256)).unwrap(),
        ));
        let mut x = noise(256 * 200 + 100, 5);
        assert_no_alloc::assert_no_alloc(|| {
            for chunk in x.chunks_mut(256) {
                c.process(chunk);
            }
        });
    }

    #[test]
    fn impulse_in_gives_the_response_out() {
        let ir = room_ir(5000);
        let mut x = vec![0.0f32; 8192];
        x[0] = 1.0;
        let y = run(&ir, &x, PartitionPlan::optimal(ir.len(), 128), 128);
        for (i, (&a, &b)) in y
            .iter()
            .zip(ir.iter().chain(std::iter::repeat(&0.0)))
            .enumerate()
        {
            assert!((a - b).abs() < 1e-6, "sample {i}: {a} vs {b}");
        }
    }

    #[test]
    fn rejects_bad_responses() {
        assert_eq!(
            IrSpectra::new(&[], PartitionPlan::uniform(1, 64))
                .unwrap_err()
                .field,
            "impulse"
        );
        assert!(IrSpectra::new(&[0.0, f32::NAN], PartitionPlan::uniform(2, 64)).is_err());
    }
}
