//! The CPU backend: the reference every other backend is checked against, and the
//! fallback. Uniform-partitioned overlap-save convolution, the same algorithm the GPU
//! backends run: per block and channel, a forward FFT of the last two blocks into the
//! frequency-domain delay line, a complex multiply-accumulate of the delay line against
//! the filter's partition spectra, and an inverse FFT whose second half is the output.

use std::sync::Arc;
use std::time::Instant;

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};

use crate::backend::{BackendKind, BatchConvolver, ComputeBackend, DeviceInfo, Outcome};
use crate::budget::MemoryBudget;
use crate::error::GpuError;
use crate::spec::ConvSpec;

/// The CPU as a compute backend.
#[derive(Debug, Clone)]
pub struct CpuBackend {
    info: DeviceInfo,
    budget: MemoryBudget,
}

impl CpuBackend {
    /// This machine's CPU: its thread count and RAM (from `/proc/meminfo` on Linux; 0,
    /// unknown, elsewhere, which admits every node: set a budget with
    /// [`CpuBackend::with_budget`]).
    pub fn new() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let memory_bytes = total_memory().unwrap_or(0);
        Self {
            info: DeviceInfo {
                name: format!("CPU ({threads} threads)"),
                kind: BackendKind::Cpu,
                memory_bytes,
            },
            budget: MemoryBudget::of(memory_bytes),
        }
    }

    /// The same backend with another budget.
    pub fn with_budget(mut self, budget: MemoryBudget) -> Self {
        self.budget = budget;
        self
    }
}

impl Default for CpuBackend {
    fn default() -> Self {
        Self::new()
    }
}

/// `MemTotal` of `/proc/meminfo`, bytes.
pub(crate) fn total_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl ComputeBackend for CpuBackend {
    type Convolver = CpuConvolver;

    fn info(&self) -> &DeviceInfo {
        &self.info
    }

    fn budget(&self) -> &MemoryBudget {
        &self.budget
    }

    fn convolver(&self, spec: ConvSpec, filters: &[&[f32]]) -> Result<CpuConvolver, GpuError> {
        spec.validate()?;
        self.budget.admit(&spec)?;
        CpuConvolver::new(spec, filters)
    }
}

/// One convolution node on the CPU.
pub struct CpuConvolver {
    spec: ConvSpec,
    fwd: Arc<dyn RealToComplex<f32>>,
    inv: Arc<dyn ComplexToReal<f32>>,
    /// Filter spectra, `[channel][partition][bin]`, scaled by 1 / FFT length.
    filters: Vec<Complex<f32>>,
    /// Delay line, `[channel][slot][bin]`: slot `head` holds the newest block's spectrum.
    fdl: Vec<Complex<f32>>,
    head: usize,
    /// The previous input block of each channel, `[channel][sample]`.
    previous: Vec<f32>,
    time: Vec<f32>,
    acc: Vec<Complex<f32>>,
    scratch_fwd: Vec<Complex<f32>>,
    scratch_inv: Vec<Complex<f32>>,
}

impl std::fmt::Debug for CpuConvolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CpuConvolver")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl CpuConvolver {
    /// A node of shape `spec` with `filters` (one per channel, each 1..=`taps` taps).
    /// Allocates everything it will use.
    pub fn new(spec: ConvSpec, filters: &[&[f32]]) -> Result<Self, GpuError> {
        spec.validate()?;
        spec.check_filters(filters)?;
        let mut planner = RealFftPlanner::<f32>::new();
        let n = spec.fft_len();
        let fwd = planner.plan_fft_forward(n);
        let inv = planner.plan_fft_inverse(n);
        let spectra = spec.channels * spec.partitions() * spec.bins();
        let mut conv = Self {
            spec,
            scratch_fwd: fwd.make_scratch_vec(),
            scratch_inv: inv.make_scratch_vec(),
            fwd,
            inv,
            filters: vec![Complex::default(); spectra],
            fdl: vec![Complex::default(); spectra],
            head: 0,
            previous: vec![0.0; spec.channels * spec.block],
            time: vec![0.0; n],
            acc: vec![Complex::default(); spec.bins()],
        };
        conv.load_filters(filters);
        Ok(conv)
    }

    /// Transforms `filters` into the partition spectra.
    fn load_filters(&mut self, filters: &[&[f32]]) {
        let (bins, parts) = (self.spec.bins(), self.spec.partitions());
        for (c, filter) in filters.iter().enumerate() {
            for p in 0..parts {
                self.spec.partition_frame(filter, p, &mut self.time);
                let at = (c * parts + p) * bins;
                self.fwd
                    .process_with_scratch(
                        &mut self.time,
                        &mut self.filters[at..at + bins],
                        &mut self.scratch_fwd,
                    )
                    .expect("sizes fixed at construction");
            }
        }
    }

    /// Takes one input block into the delay line (forward FFTs only). Followed by
    /// [`CpuConvolver::render`] for the block's output, or not, when another backend
    /// computes it and this one only keeps its delay line current.
    pub fn push_input(&mut self, input: &[&[f32]]) {
        let (b, bins, parts) = (self.spec.block, self.spec.bins(), self.spec.partitions());
        self.head = (self.head + 1) % parts;
        for (c, x) in input.iter().enumerate().take(self.spec.channels) {
            let previous = &mut self.previous[c * b..(c + 1) * b];
            self.time[..b].copy_from_slice(previous);
            self.time[b..].copy_from_slice(&x[..b]);
            previous.copy_from_slice(&x[..b]);
            let at = (c * parts + self.head) * bins;
            self.fwd
                .process_with_scratch(
                    &mut self.time,
                    &mut self.fdl[at..at + bins],
                    &mut self.scratch_fwd,
                )
                .expect("sizes fixed at construction");
        }
    }

    /// Writes the output of the block last pushed (multiply-accumulate and inverse FFTs).
    pub fn render(&mut self, output: &mut [&mut [f32]]) {
        let (b, bins, parts) = (self.spec.block, self.spec.bins(), self.spec.partitions());
        for (c, y) in output.iter_mut().enumerate().take(self.spec.channels) {
            self.acc.fill(Complex::default());
            for p in 0..parts {
                let slot = (self.head + parts - p) % parts;
                let x = &self.fdl[(c * parts + slot) * bins..][..bins];
                let h = &self.filters[(c * parts + p) * bins..][..bins];
                for ((a, &x), &h) in self.acc.iter_mut().zip(x).zip(h) {
                    *a += x * h;
                }
            }
            // The DC and Nyquist bins of a real signal's spectrum are real.
            self.acc[0].im = 0.0;
            self.acc[b].im = 0.0;
            self.inv
                .process_with_scratch(&mut self.acc, &mut self.time, &mut self.scratch_inv)
                .expect("sizes fixed at construction");
            y[..b].copy_from_slice(&self.time[b..]);
        }
    }
}

impl BatchConvolver for CpuConvolver {
    fn spec(&self) -> ConvSpec {
        self.spec
    }

    fn process(
        &mut self,
        input: &[&[f32]],
        output: &mut [&mut [f32]],
        _deadline: Option<Instant>,
    ) -> Result<Outcome, GpuError> {
        self.push_input(input);
        self.render(output);
        Ok(Outcome::Ready)
    }

    fn set_filters(&mut self, filters: &[&[f32]]) -> Result<(), GpuError> {
        self.spec.check_filters(filters)?;
        self.load_filters(filters);
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests;
