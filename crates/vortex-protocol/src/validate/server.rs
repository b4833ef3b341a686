//! Checks of server messages: ids exact in JavaScript, numbers finite and in range.

use super::{
    Check, PAYLOAD, Path, Validate, finite, in_range, invalid, non_negative, pipeline_shape,
};
use crate::error::ProtocolError;
use crate::limits::{BUFFER_FILL, ITEM_ID, MONITOR_RATE_HZ, PITCH_CONFIDENCE, VOLUME_DB};
use crate::monitor::{ChannelLevel, EngineMetrics, Loudness, MonitorFrame, Pitch};
use crate::server::{EngineEvent, EngineState, ServerMessage};

impl Validate for ServerMessage {
    /// Checks the message as the payload of an envelope (paths start with `payload.`).
    fn validate(&self) -> Result<(), ProtocolError> {
        self.check(PAYLOAD)
    }
}

impl Check for ServerMessage {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        match self {
            Self::Welcome {
                client_id,
                monitor_rate_hz,
                ..
            } => {
                in_range(*client_id, &ITEM_ID, at.field("client_id"))?;
                in_range(
                    *monitor_rate_hz,
                    &MONITOR_RATE_HZ,
                    at.field("monitor_rate_hz"),
                )
            }
            Self::Snapshot { state } => state.check(at.field("state")),
            Self::StateChanged { state, cause } => {
                state.check(at.field("state"))?;
                optional_id(*cause, at.field("cause"))
            }
            Self::ValidationResult { valid, errors } => {
                if *valid == errors.is_empty() {
                    return Ok(());
                }
                Err(invalid(
                    at.field("valid"),
                    "must be true exactly when errors is empty",
                )
                .value(valid)
                .limit(format!("{}", errors.is_empty())))
            }
            // The frame's fields sit directly in the payload.
            Self::Monitor(frame) => frame.check(at),
            Self::Event { event } => event.check(at.field("event")),
            Self::Ack | Self::Pong | Self::Error(_) => Ok(()),
        }
    }
}

/// `id`, when present, lies in [`ITEM_ID`].
fn optional_id(id: Option<u64>, at: Path<'_>) -> Result<(), ProtocolError> {
    id.map_or(Ok(()), |id| in_range(id, &ITEM_ID, at))
}

impl Check for EngineState {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        non_negative(self.position_s, at.field("position_s"))?;
        optional_id(self.current_item, at.field("current_item"))?;
        let playlist = at.field("playlist");
        for (index, entry) in self.playlist.iter().enumerate() {
            in_range(entry.item, &ITEM_ID, playlist.index(index).field("item"))?;
        }
        in_range(self.volume_db, &VOLUME_DB, at.field("volume_db"))?;
        pipeline_shape(&self.pipeline, at.field("pipeline"))?;
        if let Some(d) = self.track.as_ref().and_then(|t| t.duration_s) {
            non_negative(d, at.field("track").field("duration_s"))?;
        }
        non_negative(
            self.output.latency_ms,
            at.field("output").field("latency_ms"),
        )
    }
}

impl Check for EngineEvent {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        match self {
            Self::TrackChanged { item, .. } | Self::FileSkipped { item, .. } => {
                in_range(*item, &ITEM_ID, at.field("item"))
            }
            Self::DriverFallback { .. }
            | Self::BufferPoolExhausted { .. }
            | Self::GpuFallback { .. }
            | Self::EndOfStream
            | Self::PipelineChanged
            | Self::Notice { .. } => Ok(()),
        }
    }
}

impl Check for MonitorFrame {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        non_negative(self.time_s, at.field("time_s"))?;
        if let Some(levels) = &self.levels {
            let at = at.field("levels");
            for (index, level) in levels.iter().enumerate() {
                level.check(at.index(index))?;
            }
        }
        if let Some(loudness) = &self.loudness {
            loudness.check(at.field("loudness"))?;
        }
        if let Some(pitch) = &self.pitch {
            pitch.check(at.field("pitch"))?;
        }
        match &self.metrics {
            Some(metrics) => metrics.check(at.field("metrics")),
            None => Ok(()),
        }
    }
}

impl Check for ChannelLevel {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        finite(self.rms_db, at.field("rms_db"))?;
        finite(self.peak_db, at.field("peak_db"))?;
        finite(self.true_peak_db, at.field("true_peak_db"))?;
        finite(self.peak_hold_db, at.field("peak_hold_db"))
    }
}

impl Check for Loudness {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        finite(self.momentary_lufs, at.field("momentary_lufs"))?;
        finite(self.short_term_lufs, at.field("short_term_lufs"))?;
        finite(self.integrated_lufs, at.field("integrated_lufs"))?;
        finite(self.range_lu, at.field("range_lu"))
    }
}

impl Check for Pitch {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        non_negative(self.f0_hz, at.field("f0_hz"))?;
        in_range(self.confidence, &PITCH_CONFIDENCE, at.field("confidence"))?;
        match self.cents {
            Some(cents) => finite(cents, at.field("cents")),
            None => Ok(()),
        }
    }
}

impl Check for EngineMetrics {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        non_negative(self.load, at.field("load"))?;
        non_negative(self.load_max, at.field("load_max"))?;
        in_range(self.buffer_fill, &BUFFER_FILL, at.field("buffer_fill"))?;
        non_negative(self.latency_ms, at.field("latency_ms"))?;
        non_negative(self.position_s, at.field("position_s"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{MAX_MESSAGE_ID, ServerEnvelope};
    use crate::error::ErrorCode;
    use crate::samples::{monitor_frame, server_messages, state};

    #[test]
    fn samples_are_valid() {
        for message in server_messages() {
            assert_eq!(
                ServerEnvelope::push(message.clone()).validate(),
                Ok(()),
                "{message:?}"
            );
        }
        let mut envelope = ServerEnvelope::reply(MAX_MESSAGE_ID, ServerMessage::Ack);
        assert_eq!(envelope.validate(), Ok(()));
        envelope.message_id += 1;
        assert_eq!(
            envelope.validate().unwrap_err().context.path.as_deref(),
            Some("message_id")
        );
    }

    /// Server messages with one value out of range, and the path of that value.
    fn broken() -> Vec<(ServerMessage, &'static str)> {
        let welcome = |client_id, monitor_rate_hz| ServerMessage::Welcome {
            protocol_version: 1,
            server_version: "0.1.0".into(),
            client_id,
            max_message_bytes: 1024,
            monitor_rate_hz,
        };
        let with_state = |change: fn(&mut EngineState)| {
            let mut state = state();
            change(&mut state);
            ServerMessage::Snapshot { state }
        };
        let with_frame = |change: fn(&mut MonitorFrame)| {
            let mut frame = monitor_frame();
            change(&mut frame);
            ServerMessage::Monitor(frame)
        };
        vec![
            (welcome(0, 30), "payload.client_id"),
            (welcome(MAX_MESSAGE_ID + 1, 30), "payload.client_id"),
            (welcome(1, 0), "payload.monitor_rate_hz"),
            (welcome(1, 61), "payload.monitor_rate_hz"),
            (
                ServerMessage::StateChanged {
                    state: state(),
                    cause: Some(0),
                },
                "payload.cause",
            ),
            (
                with_state(|s| s.position_s = f64::NAN),
                "payload.state.position_s",
            ),
            (
                with_state(|s| s.position_s = -1.0),
                "payload.state.position_s",
            ),
            (
                with_state(|s| s.volume_db = 0f64.next_up()),
                "payload.state.volume_db",
            ),
            (
                with_state(|s| s.current_item = Some(0)),
                "payload.state.current_item",
            ),
            (
                with_state(|s| s.playlist[1].item = MAX_MESSAGE_ID + 1),
                "payload.state.playlist[1].item",
            ),
            (
                with_state(|s| s.pipeline = serde_json::json!([])),
                "payload.state.pipeline",
            ),
            (
                with_state(|s| s.output.latency_ms = f64::INFINITY),
                "payload.state.output.latency_ms",
            ),
            (
                ServerMessage::ValidationResult {
                    valid: false,
                    errors: vec![],
                },
                "payload.valid",
            ),
            (with_frame(|f| f.time_s = -0.5), "payload.time_s"),
            (
                with_frame(|f| f.levels.as_mut().unwrap()[1].peak_db = f32::NEG_INFINITY),
                "payload.levels[1].peak_db",
            ),
            (
                with_frame(|f| f.loudness.as_mut().unwrap().range_lu = f64::NAN),
                "payload.loudness.range_lu",
            ),
            (
                with_frame(|f| f.pitch.as_mut().unwrap().confidence = 1f64.next_up()),
                "payload.pitch.confidence",
            ),
            (
                with_frame(|f| f.pitch.as_mut().unwrap().cents = Some(f64::NAN)),
                "payload.pitch.cents",
            ),
            (
                with_frame(|f| f.metrics.as_mut().unwrap().buffer_fill = 1f64.next_up()),
                "payload.metrics.buffer_fill",
            ),
            (
                with_frame(|f| f.metrics.as_mut().unwrap().load = -0.1),
                "payload.metrics.load",
            ),
            (
                ServerMessage::Event {
                    event: EngineEvent::TrackChanged {
                        item: 0,
                        path: "a".into(),
                    },
                },
                "payload.event.item",
            ),
        ]
    }

    #[test]
    fn out_of_range_values_are_found() {
        for (message, path) in broken() {
            let error = message.validate().expect_err(path);
            assert_eq!(error.code, ErrorCode::InvalidParameter);
            assert_eq!(error.context.path.as_deref(), Some(path), "{error}");
        }
    }
}
