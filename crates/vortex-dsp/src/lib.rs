//! Vortex signal processing: pure functions and filters over sample slices.
//!
//! Nothing here knows about threads, files, devices or sockets. Every filter is
//! built from parameters that are validated up front (`ParamError` names the bad
//! field), and processes blocks of 32-bit float samples without allocating.
//! Units: frequencies in Hz, gains in dB unless a name says `linear`, times in
//! milliseconds or samples as the name says, sample rates in Hz.

#![warn(missing_docs)]

pub mod filter;
pub mod planar;

// IIR filters.
pub mod biquad;
pub mod biquad_cascade;
pub mod butterworth;
pub mod graphic_eq;
pub mod tilt;

// Simple gain-type processors.
pub mod delay;
pub mod gain;
pub mod volume;

// FIR convolution.
pub mod partition_plan;
pub mod partitioned_conv;

// Multi-channel processors.
pub mod mixer;

// Signals.
pub mod generator;
pub mod noise;

// Dynamics and output quantisation.
pub mod compressor;
pub mod dither;
pub mod gate;
pub mod limiter;

pub use filter::{Filter, MultiFilter, ParamError};

#[cfg(test)]
mod test_support;
pub use planar::{PlanarBuf, PlanarMut};
