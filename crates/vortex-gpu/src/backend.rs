//! The seam between the engine and a compute device.

use std::time::Instant;

use crate::budget::MemoryBudget;
use crate::error::GpuError;
use crate::spec::ConvSpec;

/// Which implementation a backend is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackendKind {
    /// The CPU (always available; the reference).
    Cpu,
    /// wgpu: Vulkan, Metal or DX12.
    Wgpu,
    /// CUDA (NVIDIA).
    Cuda,
}

impl BackendKind {
    /// The name used in configuration and on the command line: `cpu`, `wgpu`, `cuda`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Wgpu => "wgpu",
            Self::Cuda => "cuda",
        }
    }
}

/// A compute device as a backend sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The device's name, e.g. `NVIDIA H100 80GB HBM3` or `CPU (2 threads)`.
    pub name: String,
    /// The backend that drives it.
    pub kind: BackendKind,
    /// Memory the device reports, bytes (for the CPU: the machine's RAM).
    pub memory_bytes: u64,
}

/// Whether a block's result was there in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `output` holds the block's result.
    Ready,
    /// The result was not ready by the deadline; `output` was not written. The input was
    /// taken into the delay line all the same, so the next blocks are right.
    Late,
}

/// A compute device that can run convolution nodes.
pub trait ComputeBackend {
    /// The node type it makes.
    type Convolver: BatchConvolver;

    /// The device.
    fn info(&self) -> &DeviceInfo;

    /// How much of the device's memory nodes may use.
    fn budget(&self) -> &MemoryBudget;

    /// A convolution node of shape `spec` with `filters` (one per channel) resident on
    /// the device. Refused with `OutOfMemory` when it does not fit what is left of the
    /// budget. May allocate; not for the audio thread.
    fn convolver(&self, spec: ConvSpec, filters: &[&[f32]]) -> Result<Self::Convolver, GpuError>;
}

/// One convolution node on a backend: per block, `C` channels in, `C` channels out.
pub trait BatchConvolver: Send {
    /// The node's shape.
    fn spec(&self) -> ConvSpec;

    /// Convolves one block: `input` and `output` hold `channels` slices of `block`
    /// samples. With a `deadline`, a result not ready by then is [`Outcome::Late`]. An
    /// error means the backend cannot go on (the node must move to the CPU). Does not
    /// allocate.
    fn process(
        &mut self,
        input: &[&[f32]],
        output: &mut [&mut [f32]],
        deadline: Option<Instant>,
    ) -> Result<Outcome, GpuError>;

    /// Replaces the filters from the next block on; the delay line (input history) is
    /// kept. May allocate; not for the audio thread.
    fn set_filters(&mut self, filters: &[&[f32]]) -> Result<(), GpuError>;
}
