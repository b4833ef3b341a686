//! Things that happen in the engine, reported as they happen.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::limits::ITEM_ID;

/// An engine event. On the wire an object whose `kind` is the variant name in snake_case,
/// e.g. `{"kind":"end_of_stream"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EngineEvent {
    /// Another playlist item started playing.
    TrackChanged {
        /// Id of the item, 1 ..= 2^53 - 1.
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        item: u64,
        /// Its file path.
        path: String,
    },
    /// A playlist item could not be played and was skipped.
    FileSkipped {
        /// Id of the item, 1 ..= 2^53 - 1.
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        item: u64,
        /// Why, for people.
        message: String,
    },
    /// The configured audio driver failed and another one is used.
    DriverFallback {
        /// What happened, for people.
        message: String,
    },
    /// An underrun: the audio block pool was empty when the output needed a block.
    BufferPoolExhausted {
        /// Frames of silence played instead.
        frames: u64,
    },
    /// A node meant to run on the GPU runs on the CPU instead.
    GpuFallback {
        /// Name of the node.
        node: String,
        /// Why, for people.
        message: String,
    },
    /// The source ended (the last item finished, repeat off).
    EndOfStream,
    /// The running pipeline was replaced or changed.
    PipelineChanged,
    /// Anything else worth telling people.
    Notice {
        /// The notice.
        message: String,
    },
}
