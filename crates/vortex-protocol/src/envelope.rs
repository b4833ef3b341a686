//! The envelope around every JSON message: an id to pair replies with requests, and a time.

use std::time::{SystemTime, UNIX_EPOCH};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::client::ClientMessage;
use crate::server::ServerMessage;

/// Largest message id: 2^53 - 1, the largest integer a JavaScript number holds exactly.
pub const MAX_MESSAGE_ID: u64 = (1 << 53) - 1;

/// One JSON message (one WebSocket text frame).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageEnvelope<P> {
    /// Pairs replies with requests. Client requests use 1 ..= 2^53 - 1 (chosen by the
    /// client, normally counting up); a server reply repeats its request's id; a message
    /// the server sends on its own (the snapshot on connect, `state_changed`, `monitor`,
    /// `event`) has id 0.
    #[schemars(range(max = MAX_MESSAGE_ID))]
    pub message_id: u64,
    /// When the message was sent: milliseconds since the Unix epoch, finite, >= 0.
    #[schemars(range(min = 0.0))]
    pub timestamp: f64,
    /// The message itself.
    pub payload: P,
}

/// A message from a client to the server.
pub type ClientEnvelope = MessageEnvelope<ClientMessage>;

/// A message from the server to a client.
pub type ServerEnvelope = MessageEnvelope<ServerMessage>;

impl<P> MessageEnvelope<P> {
    /// A reply to the request with id `request_id`, stamped now.
    pub fn reply(request_id: u64, payload: P) -> Self {
        Self {
            message_id: request_id,
            timestamp: now_ms(),
            payload,
        }
    }

    /// A message the sender pushes on its own (id 0), stamped now.
    pub fn push(payload: P) -> Self {
        Self::reply(0, payload)
    }
}

/// Now, in milliseconds since the Unix epoch (0 if the clock is before 1970).
pub fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_and_push_ids() {
        let reply = ServerEnvelope::reply(42, ServerMessage::Ack);
        assert_eq!(reply.message_id, 42);
        let push = ServerEnvelope::push(ServerMessage::Pong);
        assert_eq!(push.message_id, 0);
        // After 2020-01-01 and finite.
        assert!(push.timestamp > 1.577e12 && push.timestamp.is_finite());
        assert!(push.timestamp >= reply.timestamp);
    }

    #[test]
    fn exact_client_json() {
        let envelope = ClientEnvelope {
            message_id: 7,
            timestamp: 1.0,
            payload: ClientMessage::SetVolume { db: -6.0 },
        };
        let json = r#"{"message_id":7,"timestamp":1.0,"payload":{"type":"set_volume","db":-6.0}}"#;
        assert_eq!(serde_json::to_string(&envelope).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<ClientEnvelope>(json).unwrap(),
            envelope
        );
    }

    #[test]
    fn unknown_envelope_fields_are_rejected() {
        let json = r#"{"message_id":7,"timestamp":1.0,"payload":{"type":"ping"},"extra":1}"#;
        assert!(serde_json::from_str::<ClientEnvelope>(json).is_err());
    }
}
