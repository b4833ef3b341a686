//! The shape of one convolution node: channels, taps, block.

use crate::error::GpuError;

/// Most channels in one node.
pub const MAX_CHANNELS: usize = 4096;
/// Longest filter, taps (2^25, about 11 minutes at 48 kHz).
pub const MAX_TAPS: usize = 1 << 25;
/// Smallest and largest block, samples (powers of two).
pub const BLOCK_RANGE: (usize, usize) = (16, 16384);

/// A batched convolution: `channels` inputs, each convolved with its own filter of at
/// most `taps` taps, in blocks of `block` samples (the latency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvSpec {
    /// Channels (each with its own filter), 1..=4096.
    pub channels: usize,
    /// Longest filter, taps, 1..=2^25; shorter filters are zero-padded.
    pub taps: usize,
    /// Samples per block, a power of two, 16..=16384.
    pub block: usize,
}

impl ConvSpec {
    /// Checks the ranges; the error names the field.
    pub fn validate(&self) -> Result<(), GpuError> {
        if !(1..=MAX_CHANNELS).contains(&self.channels) {
            return Err(GpuError::invalid(
                "channels",
                format!("{} is not within 1..={MAX_CHANNELS}", self.channels),
            ));
        }
        if !(1..=MAX_TAPS).contains(&self.taps) {
            return Err(GpuError::invalid(
                "taps",
                format!("{} is not within 1..={MAX_TAPS}", self.taps),
            ));
        }
        let (lo, hi) = BLOCK_RANGE;
        if !self.block.is_power_of_two() || !(lo..=hi).contains(&self.block) {
            return Err(GpuError::invalid(
                "block",
                format!("{} is not a power of two within {lo}..={hi}", self.block),
            ));
        }
        Ok(())
    }

    /// Partitions of `block` taps that hold the filter.
    pub fn partitions(&self) -> usize {
        self.taps.div_ceil(self.block)
    }

    /// FFT length: two blocks (overlap-save).
    pub fn fft_len(&self) -> usize {
        2 * self.block
    }

    /// Complex bins of one real FFT of [`ConvSpec::fft_len`].
    pub fn bins(&self) -> usize {
        self.block + 1
    }

    /// Fills `frame` (an FFT frame of [`ConvSpec::fft_len`] samples) with partition `p`
    /// of `filter`: its taps `p * block ..` (at most `block`), scaled by 1 / FFT length
    /// so the inverse FFT needs no scaling, then zeros. Both backends transform this.
    pub fn partition_frame(&self, filter: &[f32], p: usize, frame: &mut [f32]) {
        frame.fill(0.0);
        let taps = filter.get(p * self.block..).unwrap_or(&[]);
        let taps = &taps[..taps.len().min(self.block)];
        let scale = 1.0 / self.fft_len() as f32;
        for (t, &h) in frame.iter_mut().zip(taps) {
            *t = h * scale;
        }
    }

    /// Checks that `filters` has one filter per channel, each 1..=`taps` finite samples.
    pub fn check_filters(&self, filters: &[&[f32]]) -> Result<(), GpuError> {
        if filters.len() != self.channels {
            return Err(GpuError::invalid(
                "filters",
                format!("{} filters for {} channels", filters.len(), self.channels),
            ));
        }
        for (c, f) in filters.iter().enumerate() {
            if f.is_empty() || f.len() > self.taps {
                return Err(GpuError::invalid(
                    format!("filters[{c}]"),
                    format!("{} taps, expected 1..={}", f.len(), self.taps),
                ));
            }
            if let Some(i) = f.iter().position(|v| !v.is_finite()) {
                return Err(GpuError::invalid(
                    format!("filters[{c}]"),
                    format!("tap {i} is not a finite number"),
                ));
            }
        }
        Ok(())
    }
}
