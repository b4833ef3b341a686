//! Messages between the browser's capture AudioWorklet and the page that drives it.
//!
//! The worklet (`web/src/audio/`) takes the microphone and its own test signal and
//! noise, collects Web Audio's 128-frame render quanta into batches and moves each batch
//! to the page in a pooled `ArrayBuffer` (a transferable, so nothing is copied), where the
//! WebAssembly analyzers run. Both directions use the same [`MessageEnvelope`] as the
//! server protocol, sent with `postMessage` instead of a WebSocket: [`ToWorklet`] from the
//! page, [`FromWorklet`] from the worklet, and [`WorkletOptions`] when the worklet is
//! created. Each side checks what it receives against the JSON Schemas generated from
//! these types (`docs/protocol/worklet-*.schema.json`) and rejects an invalid message
//! whole, answering with a [`FromWorklet::ProcessingError`] when the worklet is the one
//! receiving it.
//!
//! An `ArrayBuffer` is not JSON: the schema marks its place with the keyword
//! `"x-transferable": "ArrayBuffer"`, which the browser's validator checks, and in Rust
//! it is the placeholder [`TransferredBuffer`].

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::envelope::MessageEnvelope;
use crate::error::ErrorContext;
use crate::limits::{
    CONTEXT_SAMPLE_RATE_HZ, NOISE_LEVEL_DB, RENDER_QUANTUM_FRAMES, TEST_SIGNAL_AMPLITUDE,
    TEST_SIGNAL_HZ, WORKLET_BATCH_FRAMES, WORKLET_POOL_BUFFERS, WORKLET_TIMEOUT_MS,
};

/// A message from the page to the worklet.
pub type ToWorkletEnvelope = MessageEnvelope<ToWorklet>;

/// A message from the worklet to the page.
pub type FromWorkletEnvelope = MessageEnvelope<FromWorklet>;

/// Settings the worklet is created with (`processorOptions` of the `AudioWorkletNode`).
/// The pool is allocated once from these and never grows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkletOptions {
    /// Frames per batch, 128 to 8192 in steps of 128 (default 1024).
    #[schemars(
        range(min = *WORKLET_BATCH_FRAMES.start(), max = *WORKLET_BATCH_FRAMES.end()),
        extend("multipleOf" = RENDER_QUANTUM_FRAMES)
    )]
    pub batch_size: u32,
    /// Milliseconds of audio time after which a partly filled batch is sent, 1 to 1000
    /// (default 50).
    #[schemars(range(min = *WORKLET_TIMEOUT_MS.start(), max = *WORKLET_TIMEOUT_MS.end()))]
    pub timeout_ms: f64,
    /// Buffers in the pool, 2 to 256 (default 16); each holds the largest batch (8192
    /// frames, 32 KiB).
    #[schemars(range(min = *WORKLET_POOL_BUFFERS.start(), max = *WORKLET_POOL_BUFFERS.end()))]
    pub pool_size: u32,
}

impl Default for WorkletOptions {
    fn default() -> Self {
        Self {
            batch_size: 1024,
            timeout_ms: 50.0,
            pool_size: 16,
        }
    }
}

/// A message to the worklet. On the wire an object whose `type` is the variant name in
/// snake_case, e.g. `{"type":"start_processing"}`; unknown fields are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ToWorklet {
    /// Starts sending batches (answered with a `status_update`). Written with braces so
    /// that serde, like the schema, rejects unknown fields.
    StartProcessing {},
    /// Stops: the partial batch is dropped, buffers held by the page stay valid and may
    /// still be returned (answered with a `status_update`).
    StopProcessing {},
    /// Changes the batch size and timeout. A partly filled batch is sent first, then the
    /// next batch starts with the new settings.
    UpdateBatchConfig {
        /// Frames per batch, 128 to 8192 in steps of 128.
        #[schemars(
            range(min = *WORKLET_BATCH_FRAMES.start(), max = *WORKLET_BATCH_FRAMES.end()),
            extend("multipleOf" = RENDER_QUANTUM_FRAMES)
        )]
        batch_size: u32,
        /// Milliseconds of audio time before a partial batch is sent, 1 to 1000.
        #[schemars(range(min = *WORKLET_TIMEOUT_MS.start(), max = *WORKLET_TIMEOUT_MS.end()))]
        timeout_ms: f64,
    },
    /// Sets the built-in test signal, mixed with the other sources.
    UpdateTestSignalConfig {
        /// Whether it sounds.
        enabled: bool,
        /// Its wave shape.
        waveform: TestWaveform,
        /// Frequency, Hz, 1 to 24000 and below half the context's sample rate.
        #[schemars(range(min = *TEST_SIGNAL_HZ.start(), max = *TEST_SIGNAL_HZ.end()))]
        frequency_hz: f64,
        /// Peak amplitude, 0 to 1 (full scale).
        #[schemars(range(min = *TEST_SIGNAL_AMPLITUDE.start(), max = *TEST_SIGNAL_AMPLITUDE.end()))]
        amplitude: f64,
    },
    /// Sets the background noise, mixed with the other sources.
    UpdateNoiseConfig {
        /// Whether it sounds.
        enabled: bool,
        /// White or pink.
        color: NoiseColor,
        /// RMS level, dBFS, -120 to 0.
        #[schemars(range(min = *NOISE_LEVEL_DB.start(), max = *NOISE_LEVEL_DB.end()))]
        level_db: f64,
    },
    /// Gives a batch's buffer back to the pool.
    ReturnBuffer {
        /// The buffer an `audio_data_batch` brought, transferred back.
        buffer: TransferredBuffer,
    },
}

/// Wave shapes of the worklet's test signal (all band-unlimited, as a synthesiser's
/// naive oscillators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TestWaveform {
    /// Sine.
    Sine,
    /// Square, 50 % duty.
    Square,
    /// Rising sawtooth.
    Sawtooth,
    /// Triangle.
    Triangle,
}

/// Colours of the worklet's background noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoiseColor {
    /// Flat power per hertz.
    White,
    /// Power falling 3 dB per octave.
    Pink,
}

/// A message from the worklet. On the wire an object whose `type` is the variant name in
/// snake_case, e.g. `{"type":"processor_ready",...}`; unknown fields are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FromWorklet {
    /// The worklet is built and its pool allocated; sent once, first.
    ProcessorReady {
        /// Frames per batch.
        #[schemars(range(min = *WORKLET_BATCH_FRAMES.start(), max = *WORKLET_BATCH_FRAMES.end()))]
        batch_size: u32,
        /// The context's sample rate, Hz.
        #[schemars(range(min = *CONTEXT_SAMPLE_RATE_HZ.start(), max = *CONTEXT_SAMPLE_RATE_HZ.end()))]
        sample_rate: f64,
        /// Buffers in the pool.
        #[schemars(range(min = *WORKLET_POOL_BUFFERS.start(), max = *WORKLET_POOL_BUFFERS.end()))]
        pool_size: u32,
        /// Milliseconds before a partial batch is sent.
        #[schemars(range(min = *WORKLET_TIMEOUT_MS.start(), max = *WORKLET_TIMEOUT_MS.end()))]
        timeout_ms: f64,
    },
    /// One batch of mono samples (the sources mixed), in a pool buffer that the page
    /// gives back with `return_buffer`. The envelope's `timestamp` is when it was sent.
    AudioDataBatch {
        /// The context's sample rate, Hz.
        #[schemars(range(min = *CONTEXT_SAMPLE_RATE_HZ.start(), max = *CONTEXT_SAMPLE_RATE_HZ.end()))]
        sample_rate: f64,
        /// Valid samples at the start of `buffer`, 1 to 8192 (fewer than the batch size
        /// when the batch was sent early: timeout, configuration change).
        #[schemars(range(min = 1, max = *WORKLET_BATCH_FRAMES.end()))]
        sample_count: u32,
        /// Counts batches from 0 since `start_processing`, dropped ones included: a gap
        /// means that many batches were dropped (and counted in `status_update`).
        sequence_number: u64,
        /// Frame index (the context's `currentFrame`) of the first sample.
        first_frame: u64,
        /// The samples, 32-bit float; the buffer holds the largest batch.
        buffer: TransferredBuffer,
    },
    /// Something went wrong; the worklet goes on.
    ProcessingError {
        /// What, for programs.
        code: WorkletErrorCode,
        /// What, for people.
        message: String,
        /// Where; parts are left out when unknown.
        context: ErrorContext,
    },
    /// Counters, sent on start and stop and about four times a second while running.
    StatusUpdate {
        /// Running or stopped.
        state: WorkletState,
        /// Frames per batch now.
        #[schemars(range(min = *WORKLET_BATCH_FRAMES.start(), max = *WORKLET_BATCH_FRAMES.end()))]
        batch_size: u32,
        /// Buffers in the pool.
        #[schemars(range(min = *WORKLET_POOL_BUFFERS.start(), max = *WORKLET_POOL_BUFFERS.end()))]
        pool_size: u32,
        /// Buffers in the pool now (not with the page, not being filled).
        pool_free: u32,
        /// Batches sent since `start_processing`.
        batches_sent: u64,
        /// Batches dropped since `start_processing` because the pool was empty.
        batches_dropped: u64,
        /// Batches sent before they were full (timeout or configuration change).
        partial_batches: u64,
        /// Render quanta processed since `start_processing`.
        quanta: u64,
        /// Longest `process()` call seen, milliseconds (wall clock, 1 ms resolution in
        /// browsers that give worklets only `Date.now()`).
        max_process_ms: f64,
        /// `process()` calls that took longer than one render quantum of audio.
        over_budget: u64,
    },
}

/// Error codes of the worklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkletErrorCode {
    /// The pool is empty (the page holds every buffer): batches are being dropped. Sent
    /// once per episode; the episode ends when a buffer comes back.
    BufferExhaustion,
    /// A message to the worklet failed its schema; it was ignored whole.
    InvalidMessage,
    /// A setting is out of range for this context (e.g. a test frequency above Nyquist).
    InvalidConfiguration,
    /// Processing threw; the quantum was skipped.
    ProcessingFailed,
}

/// Whether the worklet sends batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkletState {
    /// Sending batches.
    Running,
    /// Not sending.
    Stopped,
}

/// Where an `ArrayBuffer` travels as a transferable next to the JSON-shaped fields. In
/// Rust (docs, schema, tests) it carries nothing: it serialises as `null` and accepts any
/// value. Its schema is `{"x-transferable": "ArrayBuffer"}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TransferredBuffer;

impl Serialize for TransferredBuffer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for TransferredBuffer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Self)
    }
}

impl JsonSchema for TransferredBuffer {
    fn schema_name() -> Cow<'static, str> {
        "TransferredBuffer".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An ArrayBuffer moved with the message (a transferable), not JSON.",
            "x-transferable": "ArrayBuffer"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_json_both_ways() {
        let to = ToWorkletEnvelope {
            message_id: 3,
            timestamp: 1.0,
            payload: ToWorklet::UpdateBatchConfig {
                batch_size: 512,
                timeout_ms: 20.0,
            },
        };
        let json = r#"{"message_id":3,"timestamp":1.0,"payload":{"type":"update_batch_config","batch_size":512,"timeout_ms":20.0}}"#;
        assert_eq!(serde_json::to_string(&to).unwrap(), json);
        assert_eq!(serde_json::from_str::<ToWorkletEnvelope>(json).unwrap(), to);

        let json = r#"{"message_id":9,"timestamp":2.0,"payload":{"type":"processing_error","code":"buffer_exhaustion","message":"pool empty","context":{"limit":"16 buffers"}}}"#;
        let from: FromWorkletEnvelope = serde_json::from_str(json).unwrap();
        assert!(matches!(
            from.payload,
            FromWorklet::ProcessingError {
                code: WorkletErrorCode::BufferExhaustion,
                ..
            }
        ));
        assert_eq!(serde_json::to_string(&from).unwrap(), json);
    }

    #[test]
    fn a_buffer_is_a_placeholder() {
        let json = r#"{"type":"return_buffer","buffer":{"any":"thing"}}"#;
        let message: ToWorklet = serde_json::from_str(json).unwrap();
        assert_eq!(
            message,
            ToWorklet::ReturnBuffer {
                buffer: TransferredBuffer
            }
        );
        assert_eq!(
            serde_json::to_string(&message).unwrap(),
            r#"{"type":"return_buffer","buffer":null}"#
        );
    }

    #[test]
    fn unknown_fields_and_types_are_rejected() {
        for json in [
            r#"{"type":"start_processing","now":true}"#,
            r#"{"type":"start"}"#,
            r#"{"type":"update_noise_config","enabled":true,"color":"brown","level_db":-20}"#,
        ] {
            assert!(serde_json::from_str::<ToWorklet>(json).is_err(), "{json}");
        }
    }
}
