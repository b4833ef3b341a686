//! Device memory budgets, and what a convolution node needs on the device.

use crate::error::GpuError;
use crate::spec::ConvSpec;

/// Default share of the device's memory that nodes may use.
pub const DEFAULT_FRACTION: f64 = 0.8;

/// How much device memory nodes may use: a fraction of what the device reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryBudget {
    /// Memory the device reports, bytes.
    pub device_bytes: u64,
    /// Share nodes may use, in (0, 1] (default 0.8).
    pub fraction: f64,
}

impl MemoryBudget {
    /// The default budget (80 %) of a device with `device_bytes`.
    pub fn of(device_bytes: u64) -> Self {
        Self {
            device_bytes,
            fraction: DEFAULT_FRACTION,
        }
    }

    /// Bytes nodes may use (0 for a fraction outside (0, 1]).
    pub fn limit(&self) -> u64 {
        if !(self.fraction > 0.0 && self.fraction <= 1.0) {
            return 0;
        }
        (self.device_bytes as f64 * self.fraction) as u64
    }

    /// Whether `needed` more bytes fit when `used` are already taken.
    pub fn fits(&self, used: u64, needed: u64) -> bool {
        used.checked_add(needed)
            .is_some_and(|total| total <= self.limit())
    }
}

impl MemoryBudget {
    /// Admits a convolution node of shape `spec` on an otherwise empty device, or refuses
    /// it with `OutOfMemory`. A device that reports no memory (0 bytes: unknown) admits
    /// everything; its per-binding limits still apply.
    pub fn admit(&self, spec: &ConvSpec) -> Result<(), GpuError> {
        let needed = conv_bytes(spec);
        if self.device_bytes == 0 || self.fits(0, needed) {
            return Ok(());
        }
        Err(GpuError::OutOfMemory {
            needed,
            budget: self.limit(),
        })
    }
}

/// Bytes a convolution node of shape `spec` keeps on the device: filter spectra and
/// delay line (each `channels x partitions x bins` complex `f32`), the block's input and
/// output, and one FFT frame per channel.
pub fn conv_bytes(spec: &ConvSpec) -> u64 {
    let c = spec.channels as u64;
    let complex = 8u64;
    let spectra = c * spec.partitions() as u64 * spec.bins() as u64 * complex;
    let io = 2 * c * spec.block as u64 * 4;
    let frame = c * spec.fft_len() as u64 * 4 + c * spec.bins() as u64 * complex;
    2 * spectra + io + frame
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_budget_is_80_percent() {
        let b = MemoryBudget::of(80 * (1 << 30));
        assert_eq!(b.limit(), 64 * (1 << 30));
        assert!(b.fits(60 << 30, 4 << 30));
        assert!(!b.fits(60 << 30, (4 << 30) + 1));
        assert!(!b.fits(u64::MAX, 1));
        assert_eq!(
            MemoryBudget {
                device_bytes: 100,
                fraction: 1.5
            }
            .limit(),
            0
        );
    }

    #[test]
    fn a_node_needs_its_spectra_twice() {
        // 256 channels of 1M taps at 256-sample blocks: 4096 partitions of 257 bins,
        // 2.16 GB of spectra, twice (filters and delay line).
        let spec = ConvSpec {
            channels: 256,
            taps: 1 << 20,
            block: 256,
        };
        let spectra = 256u64 * 4096 * 257 * 8;
        let bytes = conv_bytes(&spec);
        assert!(
            bytes >= 2 * spectra && bytes < 2 * spectra + (4 << 20),
            "{bytes}"
        );
    }
}
