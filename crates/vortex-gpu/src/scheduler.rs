//! Where a node runs: a cost model over the node's shape and the GPU's measured round
//! trip, with the design review's starting thresholds and a per-node override.
//!
//! - FIR filters under [`CPU_BELOW_TAPS`] taps stay on the CPU (a GPU round trip costs
//!   more than the work); from there to [`GPU_ABOVE_TAPS`] they are split (hybrid: the
//!   head on the CPU for latency, the tail on the GPU); longer ones go to the GPU.
//! - EQ banks of at least [`LARGE_EQ_BANK_BANDS`] bands are evaluated on the GPU as one
//!   FIR of [`EQ_BANK_FIR_TAPS`] taps designed from the cascade's response (as HQPlayer
//!   does); smaller banks stay biquads on the CPU.
//! - Without a GPU, or when the node does not fit what is left of the GPU's memory
//!   budget, or when the GPU's round trip does not leave half a block for the work, the
//!   node runs on the CPU; the last two come with a warning.
//! - An override (`cpu`, `gpu`) wins over the model, except that nothing runs on a GPU
//!   that is absent or that the node does not fit.

use crate::budget::{MemoryBudget, conv_bytes};
use crate::spec::ConvSpec;

/// FIR filters shorter than this stay on the CPU.
pub const CPU_BELOW_TAPS: usize = 1024;
/// FIR filters longer than this go to the GPU; between the two they are split.
pub const GPU_ABOVE_TAPS: usize = 16 * 1024;
/// EQ banks with at least this many bands go to the GPU as one FIR.
pub const LARGE_EQ_BANK_BANDS: usize = 32;
/// Length of the FIR an EQ bank is designed into on the GPU, taps.
pub const EQ_BANK_FIR_TAPS: usize = 64 * 1024;
/// Share of a block's period the GPU's round trip may take.
pub const ROUND_TRIP_SHARE: f64 = 0.5;

/// Where a node runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// All on the CPU.
    Cpu,
    /// The filter's head on the CPU, its tail on the GPU.
    Hybrid,
    /// All on the GPU (with the CPU as fallback).
    Gpu,
}

/// A node's configured placement (`placement = "auto" | "cpu" | "gpu"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlacementOverride {
    /// The cost model decides.
    #[default]
    Auto,
    /// Always the CPU.
    Cpu,
    /// The GPU whenever there is one and the node fits.
    Gpu,
}

/// What a node computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A FIR filter of `taps` taps per channel.
    Fir {
        /// Taps per channel.
        taps: usize,
    },
    /// A bank of `bands` parametric EQ bands per channel.
    EqBank {
        /// Bands per channel.
        bands: usize,
    },
}

/// A node as the cost model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeCost {
    /// What it computes.
    pub kind: NodeKind,
    /// Channels.
    pub channels: usize,
    /// Block, samples.
    pub block: usize,
    /// Sample rate, Hz.
    pub sample_rate: f64,
}

impl NodeCost {
    /// Seconds of audio in one block.
    pub fn block_s(&self) -> f64 {
        self.block as f64 / self.sample_rate
    }

    /// The convolution the node is on a GPU.
    pub fn conv_spec(&self) -> ConvSpec {
        let taps = match self.kind {
            NodeKind::Fir { taps } => taps,
            NodeKind::EqBank { .. } => EQ_BANK_FIR_TAPS,
        };
        ConvSpec {
            channels: self.channels,
            taps,
            block: self.block,
        }
    }
}

/// The GPU as the cost model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GpuModel {
    /// Its memory budget.
    pub budget: MemoryBudget,
    /// Bytes already taken by other nodes.
    pub used_bytes: u64,
    /// Measured time from submitting a block to having its result, seconds.
    pub round_trip_s: f64,
}

/// Why a node was placed where it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// The node's override.
    Override,
    /// There is no GPU.
    NoGpu,
    /// A FIR under [`CPU_BELOW_TAPS`] taps.
    ShortFilter,
    /// A FIR from [`CPU_BELOW_TAPS`] to [`GPU_ABOVE_TAPS`] taps.
    MidFilter,
    /// A FIR over [`GPU_ABOVE_TAPS`] taps.
    LongFilter,
    /// An EQ bank under [`LARGE_EQ_BANK_BANDS`] bands.
    SmallEqBank,
    /// An EQ bank of at least [`LARGE_EQ_BANK_BANDS`] bands.
    LargeEqBank,
    /// The node needs `needed` bytes; `left` are left of the GPU's budget.
    OverBudget {
        /// Bytes the node needs.
        needed: u64,
        /// Bytes left of the budget.
        left: u64,
    },
    /// The GPU's round trip exceeds the share of the block period it may take.
    RoundTripTooSlow {
        /// Measured round trip, s.
        round_trip_s: f64,
        /// The block's period, s.
        block_s: f64,
    },
}

/// A placement and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// Where the node runs.
    pub placement: Placement,
    /// Why.
    pub reason: Reason,
}

impl Decision {
    /// A warning for the log when the node wanted the GPU and did not get it.
    pub fn warning(&self) -> Option<String> {
        match self.reason {
            Reason::OverBudget { needed, left } => Some(format!(
                "kept on the CPU: it needs {needed} bytes of GPU memory and {left} are left of the budget"
            )),
            Reason::RoundTripTooSlow {
                round_trip_s,
                block_s,
            } => Some(format!(
                "kept on the CPU: the GPU's round trip ({:.3} ms) exceeds half the block period ({:.3} ms)",
                round_trip_s * 1e3,
                block_s * 1e3
            )),
            _ => None,
        }
    }
}

/// Places `node` given the GPU (`None` when there is none) and the node's override.
pub fn place(node: &NodeCost, gpu: Option<&GpuModel>, over: PlacementOverride) -> Decision {
    let decide = |placement, reason| Decision { placement, reason };
    if over == PlacementOverride::Cpu {
        return decide(Placement::Cpu, Reason::Override);
    }
    let Some(gpu) = gpu else {
        return decide(Placement::Cpu, Reason::NoGpu);
    };
    let needed = conv_bytes(&node.conv_spec());
    if !gpu.budget.fits(gpu.used_bytes, needed) {
        let left = gpu.budget.limit().saturating_sub(gpu.used_bytes);
        return decide(Placement::Cpu, Reason::OverBudget { needed, left });
    }
    if over == PlacementOverride::Gpu {
        return decide(Placement::Gpu, Reason::Override);
    }
    let model = match node.kind {
        NodeKind::Fir { taps } if taps < CPU_BELOW_TAPS => {
            decide(Placement::Cpu, Reason::ShortFilter)
        }
        NodeKind::Fir { taps } if taps <= GPU_ABOVE_TAPS => {
            decide(Placement::Hybrid, Reason::MidFilter)
        }
        NodeKind::Fir { .. } => decide(Placement::Gpu, Reason::LongFilter),
        NodeKind::EqBank { bands } if bands < LARGE_EQ_BANK_BANDS => {
            decide(Placement::Cpu, Reason::SmallEqBank)
        }
        NodeKind::EqBank { .. } => decide(Placement::Gpu, Reason::LargeEqBank),
    };
    let block_s = node.block_s();
    if model.placement != Placement::Cpu && gpu.round_trip_s > ROUND_TRIP_SHARE * block_s {
        return decide(
            Placement::Cpu,
            Reason::RoundTripTooSlow {
                round_trip_s: gpu.round_trip_s,
                block_s,
            },
        );
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fir(taps: usize) -> NodeCost {
        NodeCost {
            kind: NodeKind::Fir { taps },
            channels: 2,
            block: 256,
            sample_rate: 48_000.0,
        }
    }

    const GPU: GpuModel = GpuModel {
        budget: MemoryBudget {
            device_bytes: 80 << 30,
            fraction: 0.8,
        },
        used_bytes: 0,
        round_trip_s: 0.000_5,
    };

    #[test]
    fn the_starting_thresholds() {
        let auto = PlacementOverride::Auto;
        let at = |taps| place(&fir(taps), Some(&GPU), auto).placement;
        assert_eq!(at(1023), Placement::Cpu);
        assert_eq!(at(1024), Placement::Hybrid);
        assert_eq!(at(16 * 1024), Placement::Hybrid);
        assert_eq!(at(16 * 1024 + 1), Placement::Gpu);
        assert_eq!(at(1 << 20), Placement::Gpu);
        let eq = |bands| NodeCost {
            kind: NodeKind::EqBank { bands },
            ..fir(0)
        };
        assert_eq!(place(&eq(10), Some(&GPU), auto).reason, Reason::SmallEqBank);
        assert_eq!(place(&eq(64), Some(&GPU), auto).placement, Placement::Gpu);
    }

    #[test]
    fn no_gpu_means_the_cpu_whatever_the_override() {
        for over in [PlacementOverride::Auto, PlacementOverride::Gpu] {
            let d = place(&fir(1 << 20), None, over);
            assert_eq!(
                d,
                Decision {
                    placement: Placement::Cpu,
                    reason: Reason::NoGpu
                }
            );
            assert_eq!(d.warning(), None);
        }
    }

    #[test]
    fn overrides_win_within_what_fits() {
        assert_eq!(
            place(&fir(1 << 20), Some(&GPU), PlacementOverride::Cpu).reason,
            Reason::Override
        );
        let d = place(&fir(16), Some(&GPU), PlacementOverride::Gpu);
        assert_eq!((d.placement, d.reason), (Placement::Gpu, Reason::Override));
    }

    #[test]
    fn a_filter_set_over_the_budget_stays_on_the_cpu_with_a_warning() {
        // 256 channels of 16M taps at 256: about 69 GB of spectra, twice: over 64 GB.
        let huge = NodeCost {
            channels: 256,
            ..fir(1 << 24)
        };
        for over in [PlacementOverride::Auto, PlacementOverride::Gpu] {
            let d = place(&huge, Some(&GPU), over);
            assert_eq!(d.placement, Placement::Cpu);
            let Reason::OverBudget { needed, left } = d.reason else {
                panic!("{d:?}")
            };
            assert_eq!(needed, conv_bytes(&huge.conv_spec()));
            assert_eq!(left, GPU.budget.limit());
            assert!(d.warning().unwrap().contains("GPU memory"));
        }
        // Memory other nodes took counts.
        let busy = GpuModel {
            used_bytes: GPU.budget.limit() - 1000,
            ..GPU
        };
        assert!(matches!(
            place(&fir(1 << 20), Some(&busy), PlacementOverride::Auto).reason,
            Reason::OverBudget { .. }
        ));
    }

    #[test]
    fn a_slow_round_trip_keeps_small_blocks_on_the_cpu() {
        // 64 samples at 48 kHz is 1.33 ms; a 1 ms round trip is over half of it.
        let slow = GpuModel {
            round_trip_s: 0.001,
            ..GPU
        };
        let node = NodeCost {
            block: 64,
            ..fir(1 << 20)
        };
        let d = place(&node, Some(&slow), PlacementOverride::Auto);
        assert_eq!(d.placement, Placement::Cpu);
        assert!(d.warning().unwrap().contains("round trip"));
        // The same GPU is fine for 1024-sample blocks (21 ms).
        let node = NodeCost {
            block: 1024,
            ..fir(1 << 20)
        };
        assert_eq!(
            place(&node, Some(&slow), PlacementOverride::Auto).placement,
            Placement::Gpu
        );
    }
}
