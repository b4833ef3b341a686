//! Messages the server sends to clients.

mod event;
mod state;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use event::EngineEvent;
pub use state::{EngineState, OutputInfo, PlaylistEntry, TrackInfo, TransportState};

use crate::error::ProtocolError;
use crate::limits::{ITEM_ID, MONITOR_RATE_HZ};
use crate::monitor::MonitorFrame;

/// A message from the server. On the wire an object whose `type` is the variant name in
/// snake_case, e.g. `{"type":"ack"}`; unknown fields are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ServerMessage {
    /// The answer to `hello`.
    Welcome {
        /// The protocol version the server speaks (`PROTOCOL_VERSION`, now 1).
        protocol_version: u32,
        /// The server's version, e.g. `"0.1.0"`.
        server_version: String,
        /// This connection's id, 1 ..= 2^53 - 1; `state_changed.cause` names it.
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        client_id: u64,
        /// Largest message the server accepts from this client, bytes.
        max_message_bytes: u32,
        /// Monitoring frames per second until the client sends `set_monitoring`, 1 to 60.
        #[schemars(range(min = *MONITOR_RATE_HZ.start(), max = *MONITOR_RATE_HZ.end()))]
        monitor_rate_hz: u32,
    },
    /// The whole engine state: pushed on connect (id 0) and the answer to `get_state`.
    Snapshot {
        /// The state.
        state: EngineState,
    },
    /// The engine state after a change (pushed, id 0).
    StateChanged {
        /// The new state.
        state: EngineState,
        /// `client_id` of the client whose command caused the change; null when the
        /// engine changed on its own (end of an item, a device change).
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        cause: Option<u64>,
    },
    /// The answer to a command that succeeded and has no other answer.
    Ack,
    /// The answer to `ping`.
    Pong,
    /// The answer to `validate_pipeline`.
    ValidationResult {
        /// Whether the pipeline is valid (exactly when `errors` is empty).
        valid: bool,
        /// What is wrong, one entry per problem.
        errors: Vec<FieldError>,
    },
    /// Monitoring data (pushed, id 0) at the rate the client chose. The spectrum is not
    /// in here: it travels in binary frames with the same `sequence`.
    Monitor(MonitorFrame),
    /// Something happened in the engine (pushed, id 0).
    Event {
        /// What happened.
        event: EngineEvent,
    },
    /// The request with this message id failed (or, with id 0, the connection has a
    /// problem, e.g. `buffer_overflow`).
    Error(ProtocolError),
}

/// One problem found in a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldError {
    /// Where in the pipeline, e.g. `"filters.eq.gain"`; empty for the pipeline as a whole.
    pub path: String,
    /// What is wrong, for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::envelope::ServerEnvelope;
    use crate::samples::{monitor_frame, schema_tags, server_messages, tags};

    #[test]
    fn every_message_round_trips() {
        for payload in server_messages() {
            let envelope = ServerEnvelope::push(payload);
            let text = serde_json::to_string(&envelope).unwrap();
            assert_eq!(
                serde_json::from_str::<ServerEnvelope>(&text).unwrap(),
                envelope,
                "{text}"
            );
        }
        assert_eq!(
            tags(&server_messages()),
            schema_tags::<ServerMessage>(),
            "a sample per variant"
        );
    }

    #[test]
    fn exact_shapes() {
        let cases = [
            (ServerMessage::Ack, json!({"type": "ack"})),
            (
                ServerMessage::Event {
                    event: EngineEvent::BufferPoolExhausted { frames: 64 },
                },
                json!({"type": "event", "event": {"kind": "buffer_pool_exhausted", "frames": 64}}),
            ),
            (
                ServerMessage::Error(ProtocolError::new(
                    crate::ErrorCode::RateLimited,
                    "slow down",
                )),
                json!({"type": "error", "code": "rate_limited", "message": "slow down"}),
            ),
            (
                ServerMessage::Monitor(MonitorFrame {
                    levels: None,
                    loudness: None,
                    pitch: None,
                    metrics: None,
                    ..monitor_frame()
                }),
                json!({"type": "monitor", "sequence": 99, "time_s": 12.0, "sample_rate": 48000}),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(serde_json::to_value(&message).unwrap(), expected);
        }
    }
}
