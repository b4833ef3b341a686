//! The real-time audio path (see ARCHITECTURE.md, "The real-time path"):
//!
//! ```text
//! feeder thread --(block ring)--> render (audio callback) --> sink
//!      ^----------(free blocks)--------/   ^ commands   \--> events, retired objects
//! ```
//!
//! - [`block`]: the fixed pool of audio blocks that carries decoded audio to the callback;
//! - [`command`]: what the control side asks of the callback, and what it hands back;
//! - [`event`]: what the engine reports (track changes, skipped files, underruns);
//! - [`metrics`]: lock-free counters and the callback-duration histogram;
//! - [`render`]: the callback itself;
//! - [`feeder`]: the thread that reads a source, resamples, and fills blocks.

pub mod block;
pub mod command;
pub mod event;
pub mod feeder;
pub mod metrics;
pub mod render;
