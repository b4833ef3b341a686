//! The browser build of the analyzers (`vortex_wasm.wasm`, for `wasm32-unknown-unknown`).
//!
//! No wasm-bindgen: the module exports plain `extern "C"` functions over its linear
//! memory, and `web/src/audio/analyzers.ts` wraps them. Each analyzer is a handle (a
//! pointer) made by a `*_new` function, which allocates everything it will need, including
//! an input area of [`MAX_BATCH`] samples. Per batch the caller writes mono samples into
//! the input area (`*_input`) and calls `*_process` with their count; nothing allocates
//! after construction. Results are read from a fixed area (`*_result`), laid out as the
//! `*_RESULT_*` slot indices say. A constructor that fails returns null and leaves its
//! reason in [`error::vx_last_error`].
//!
//! - [`levels`]: RMS, sample peak, true peak, peak hold, clips and level class (dBFS).
//! - [`pitch`]: YIN pitch with note mapping (Hz, cents, MIDI number, note name).
//!
//! The same functions build natively, where the tests run them.

#![warn(missing_docs)]

pub mod error;
mod handle;
pub mod levels;
pub mod pitch;

/// Version of this export interface; `web/src/audio/analyzers.ts` refuses a module with
/// another.
pub const ABI_VERSION: u32 = 1;

/// Largest batch `*_process` takes, in samples (the capture worklet's largest batch).
pub const MAX_BATCH: usize = 8192;

/// The export interface's version ([`ABI_VERSION`]).
#[unsafe(no_mangle)]
pub extern "C" fn vx_abi_version() -> u32 {
    ABI_VERSION
}

/// The largest batch, in samples ([`MAX_BATCH`]).
#[unsafe(no_mangle)]
pub extern "C" fn vx_max_batch() -> u32 {
    MAX_BATCH as u32
}

#[cfg(test)]
#[global_allocator]
static ALLOC: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;

#[cfg(test)]
mod test_signal {
    /// `n` samples of a sine at `freq` Hz, amplitude `amp`, sample rate `fs`.
    pub fn sine(freq: f64, amp: f64, fs: f64, n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| (amp * (std::f64::consts::TAU * freq * i as f64 / fs).sin()) as f32)
            .collect()
    }
}
