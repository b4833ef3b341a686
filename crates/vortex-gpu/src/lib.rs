//! Compute backends: where the engine's heavy filters run.
//!
//! One operation for now: batched uniform-partitioned convolution of `C` channels, each
//! with its own filter, with the filter spectra resident in the backend and a
//! frequency-domain delay line (FDL) kept there too: per block, forward FFT, complex
//! multiply-accumulate over the partitions and inverse FFT, for all channels at once.
//!
//! - [`backend`]: the seam: [`ComputeBackend`] (a device: name, kind, memory, budget)
//!   and [`BatchConvolver`] (one node's convolution on it).
//! - [`cpu`]: the CPU backend, always built: the reference every other backend is
//!   compared with, and the fallback.
//! - [`fallback`]: runs a node on a primary backend with the CPU kept ready: a block the
//!   primary answers late is computed on the CPU, and a primary that fails moves the node
//!   to the CPU for good, without a dropped or doubled block.
//! - [`scheduler`]: decides per node, from a cost model, where it runs.
//! - [`budget`]: device memory budgets and what a node needs.
//! - [`eq_bank`]: a bank of EQ bands as one FIR, so a GPU runs it as a convolution.
//!
//! GPU backends (wgpu, CUDA) are not built yet; see `docs/architecture.md`.
//! Units: samples, bytes, seconds.

#![warn(missing_docs)]

pub mod backend;
pub mod budget;
pub mod cpu;
pub mod devices;
pub mod eq_bank;
pub mod error;
pub mod fallback;
pub mod scheduler;
pub mod spec;
#[cfg(feature = "wgpu")]
pub mod wgpu;

#[cfg(test)]
mod double;
#[cfg(test)]
mod reference;

pub use backend::{BackendKind, BatchConvolver, ComputeBackend, DeviceInfo, Outcome};
pub use budget::MemoryBudget;
pub use cpu::{CpuBackend, CpuConvolver};
pub use devices::{BackendStatus, discover};
pub use eq_bank::{EqBankFir, eq_bank_fir};
pub use error::GpuError;
pub use fallback::{Fallback, FallbackEvent};
pub use scheduler::{Decision, NodeCost, Placement, PlacementOverride, Reason, place};
pub use spec::ConvSpec;

#[cfg(test)]
#[global_allocator]
static ALLOC: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;
