//! The Vortex wire protocol between the server and its clients (web UI, scripts).
//!
//! Messages are JSON text frames, each a [`MessageEnvelope`] (`message_id`, `timestamp`,
//! `payload`): [`ClientMessage`] commands one way, [`ServerMessage`] replies and pushes
//! the other. Spectra travel as binary frames ([`monitor::spectrum`]). [`parse_client`]
//! turns untrusted bytes into a checked command, [`Validate`] checks ranges (listed in
//! [`limits`]), and [`client_schema`] / [`server_schema`] describe both directions as JSON
//! Schema. [`worklet`] holds the messages between the browser's capture AudioWorklet
//! and its page, in the same envelope. Units: seconds, dB / dBFS, LUFS, Hz, milliseconds; ranges are inclusive.

#![warn(missing_docs)]

pub mod client;
pub mod envelope;
pub mod error;
pub mod limits;
pub mod monitor;
pub mod parse;
pub mod schema;
pub mod server;
pub mod validate;
pub mod worklet;

#[cfg(test)]
mod samples;

pub use client::{ClientMessage, RepeatMode, StreamSet, TransportAction};
pub use envelope::{ClientEnvelope, MAX_MESSAGE_ID, MessageEnvelope, ServerEnvelope, now_ms};
pub use error::{ErrorCode, ErrorContext, ProtocolError};
pub use monitor::{
    ChannelLevel, EngineMetrics, Loudness, MonitorFrame, Pitch, SILENCE_DB, SPECTRUM_HEADER_BYTES,
    SPECTRUM_KIND_LINEAR, SPECTRUM_MAGIC, SPECTRUM_VERSION, SpectrumHeader, decode_spectrum,
    encode_spectrum,
};
pub use parse::{Limits, fuzz_one, parse_client};
pub use schema::{
    client_schema, server_schema, worklet_in_schema, worklet_options_schema, worklet_out_schema,
};
pub use server::{
    EngineEvent, EngineState, FieldError, OutputInfo, PlaylistEntry, ServerMessage, TrackInfo,
    TransportState,
};
pub use validate::Validate;

/// Version of this protocol, sent in `hello` and `welcome`.
pub const PROTOCOL_VERSION: u32 = 1;
