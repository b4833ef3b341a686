//! Commands a client sends to the server.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::limits::{
    CLIENT_NAME_CHARS, FILTER_NAME_CHARS, FILTER_NAME_PATTERN, ITEM_ID, MONITOR_RATE_HZ,
    PARAMETER_NAME_CHARS, PARAMETER_NAME_PATTERN, PARAMETER_NUMBER, PARAMETER_STRING_CHARS,
    PATH_BYTES, PLAYLIST_ADD_PATHS, PLAYLIST_INDEX, SEEK_POSITION_S, VOLUME_DB,
};

/// A command from a client. On the wire an object whose `type` is the variant name in
/// snake_case, e.g. `{"type":"set_volume","db":-6.0}`; unknown fields are rejected.
///
/// Every command is answered with the same `message_id`: `get_state` with `snapshot`,
/// `ping` with `pong`, `validate_pipeline` with `validation_result`, `hello` with
/// `welcome`, anything else with `ack`, and a failure with `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// Introduces the client; the server answers with `welcome`.
    Hello {
        /// The protocol version the client speaks (`PROTOCOL_VERSION`, now 1).
        protocol_version: u32,
        /// Name of the client for logs, 1 to 64 printable characters (no control characters).
        #[schemars(length(min = *CLIENT_NAME_CHARS.start(), max = *CLIENT_NAME_CHARS.end()))]
        client: Option<String>,
    },
    /// Asks for the whole engine state; answered with `snapshot`.
    GetState,
    /// Plays, pauses, stops or skips.
    Transport {
        /// What to do.
        action: TransportAction,
    },
    /// Jumps within the current item.
    Seek {
        /// Target position, seconds from the start of the item, 0 to 604800 (one week).
        #[schemars(range(min = *SEEK_POSITION_S.start(), max = *SEEK_POSITION_S.end()))]
        position_s: f64,
    },
    /// Starts playing a playlist item.
    Goto {
        /// Id of the playlist item (`PlaylistEntry::item`), 1 ..= 2^53 - 1.
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        item: u64,
    },
    /// Appends files to the playlist, in order.
    PlaylistAdd {
        /// 1 to 1000 file paths, each 1 to 4096 UTF-8 bytes without NUL characters; the
        /// server decides which folders are allowed.
        #[schemars(
            length(min = *PLAYLIST_ADD_PATHS.start(), max = *PLAYLIST_ADD_PATHS.end()),
            inner(length(min = *PATH_BYTES.start(), max = *PATH_BYTES.end()))
        )]
        paths: Vec<String>,
    },
    /// Removes an item from the playlist.
    PlaylistRemove {
        /// Id of the playlist item, 1 ..= 2^53 - 1.
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        item: u64,
    },
    /// Moves an item within the playlist.
    PlaylistMove {
        /// Id of the playlist item, 1 ..= 2^53 - 1.
        #[schemars(range(min = *ITEM_ID.start(), max = *ITEM_ID.end()))]
        item: u64,
        /// Its new 0-based index, 0 to 100000 (past the end means last).
        #[schemars(range(min = *PLAYLIST_INDEX.start(), max = *PLAYLIST_INDEX.end()))]
        to: u32,
    },
    /// Sets what happens at the end of an item.
    SetRepeat {
        /// The repeat mode.
        mode: RepeatMode,
    },
    /// Ramps the master volume.
    SetVolume {
        /// Volume, dB, -150 to 0 (0 = unity gain).
        #[schemars(range(min = *VOLUME_DB.start(), max = *VOLUME_DB.end()))]
        db: f64,
    },
    /// Mutes or unmutes the output (the volume is kept).
    SetMute {
        /// Whether the output is muted.
        muted: bool,
    },
    /// Changes one parameter of one filter of the running pipeline.
    SetFilterParameter {
        /// Filter name in the pipeline, 1 to 64 characters of `A-Z a-z 0-9 _ . -`.
        #[schemars(
            length(min = *FILTER_NAME_CHARS.start(), max = *FILTER_NAME_CHARS.end()),
            regex(pattern = FILTER_NAME_PATTERN)
        )]
        filter: String,
        /// Parameter name, 1 to 64 characters of `a-z 0-9 _`.
        #[schemars(
            length(min = *PARAMETER_NAME_CHARS.start(), max = *PARAMETER_NAME_CHARS.end()),
            regex(pattern = PARAMETER_NAME_PATTERN)
        )]
        parameter: String,
        /// New value, in the parameter's unit: a number (|v| <= 1e9), a bool, or a string
        /// of at most 256 characters. Arrays, objects and null are rejected.
        #[schemars(schema_with = "parameter_value_schema")]
        value: Value,
    },
    /// Replaces the running pipeline.
    SetPipeline {
        /// The pipeline, a JSON object shaped like the TOML pipeline file (`settings`,
        /// `filters`, `mixers`, `steps`); at most 16 levels deep and 100000 JSON values.
        /// The server checks the content.
        #[schemars(with = "serde_json::Map<String, Value>")]
        pipeline: Value,
    },
    /// Checks a pipeline without running it; answered with `validation_result`.
    ValidatePipeline {
        /// The pipeline, with the same shape and limits as in `set_pipeline`.
        #[schemars(with = "serde_json::Map<String, Value>")]
        pipeline: Value,
    },
    /// Chooses which monitoring data this client receives, and how often.
    SetMonitoring {
        /// Monitoring frames per second, 1 to 60.
        #[schemars(range(min = *MONITOR_RATE_HZ.start(), max = *MONITOR_RATE_HZ.end()))]
        rate_hz: u32,
        /// The streams to send.
        streams: StreamSet,
    },
    /// Starts the meters afresh: clip counts, peak holds, integrated loudness and
    /// loudness range, spectrum peaks (as a new measurement of a programme).
    ResetMeters,
    /// Asks for a `pong`, to check the connection.
    Ping,
}

impl ClientMessage {
    /// Every command `type`, as on the wire.
    pub const COMMANDS: &'static [&'static str] = &[
        "hello",
        "get_state",
        "transport",
        "seek",
        "goto",
        "playlist_add",
        "playlist_remove",
        "playlist_move",
        "set_repeat",
        "set_volume",
        "set_mute",
        "set_filter_parameter",
        "set_pipeline",
        "validate_pipeline",
        "set_monitoring",
        "reset_meters",
        "ping",
    ];
}

/// A transport command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransportAction {
    /// Start or resume playing.
    Play,
    /// Pause, keeping the position.
    Pause,
    /// Play when paused or stopped, pause when playing.
    Toggle,
    /// Stop and go back to the start of the item.
    Stop,
    /// Skip to the next playlist item.
    Next,
    /// Go back to the previous playlist item.
    Previous,
}

/// What happens at the end of a playlist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RepeatMode {
    /// Play the playlist once, then stop.
    Off,
    /// Repeat the current item.
    One,
    /// Repeat the whole playlist.
    All,
}

/// Monitoring streams a client wants; a field left out is `false`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StreamSet {
    /// Per-channel levels (`MonitorFrame::levels`).
    #[serde(default)]
    pub levels: bool,
    /// Loudness (`MonitorFrame::loudness`).
    #[serde(default)]
    pub loudness: bool,
    /// Spectrum, sent as binary `VXSP` frames beside the JSON frames.
    #[serde(default)]
    pub spectrum: bool,
    /// Pitch (`MonitorFrame::pitch`).
    #[serde(default)]
    pub pitch: bool,
    /// Engine metrics (`MonitorFrame::metrics`).
    #[serde(default)]
    pub metrics: bool,
}

/// Schema of a filter parameter value: a bounded number, a bool or a short string.
fn parameter_value_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["number", "boolean", "string"],
        "minimum": *PARAMETER_NUMBER.start(),
        "maximum": *PARAMETER_NUMBER.end(),
        "maxLength": *PARAMETER_STRING_CHARS.end(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::envelope::ClientEnvelope;
    use crate::samples::{client_messages, schema_tags, tags};

    #[test]
    fn every_command_round_trips() {
        for (index, payload) in client_messages().into_iter().enumerate() {
            let envelope = ClientEnvelope {
                message_id: index as u64 + 1,
                timestamp: 1.5e12,
                payload,
            };
            let text = serde_json::to_string(&envelope).unwrap();
            assert_eq!(
                serde_json::from_str::<ClientEnvelope>(&text).unwrap(),
                envelope,
                "{text}"
            );
        }
    }

    #[test]
    fn commands_list_every_variant() {
        let mut commands: Vec<String> = ClientMessage::COMMANDS
            .iter()
            .map(|c| c.to_string())
            .collect();
        commands.sort();
        assert_eq!(commands, schema_tags::<ClientMessage>());
        assert_eq!(commands, tags(&client_messages()), "a sample per command");
    }

    #[test]
    fn exact_shapes() {
        let cases = [
            (ClientMessage::GetState, json!({"type": "get_state"})),
            (
                ClientMessage::Transport {
                    action: TransportAction::Previous,
                },
                json!({"type": "transport", "action": "previous"}),
            ),
            (
                ClientMessage::Hello {
                    protocol_version: 1,
                    client: None,
                },
                json!({"type": "hello", "protocol_version": 1, "client": null}),
            ),
            (
                ClientMessage::SetMonitoring {
                    rate_hz: 10,
                    streams: StreamSet {
                        pitch: true,
                        ..StreamSet::default()
                    },
                },
                json!({"type": "set_monitoring", "rate_hz": 10, "streams":
                    {"levels": false, "loudness": false, "spectrum": false, "pitch": true, "metrics": false}}),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(serde_json::to_value(&message).unwrap(), expected);
        }
    }

    #[test]
    fn lenient_and_strict_parts() {
        let parse = |value| serde_json::from_value::<ClientMessage>(value);
        // Optional and defaulted fields may be left out.
        assert_eq!(
            parse(json!({"type": "hello", "protocol_version": 1})).unwrap(),
            ClientMessage::Hello {
                protocol_version: 1,
                client: None
            }
        );
        assert_eq!(
            parse(json!({"type": "set_monitoring", "rate_hz": 1, "streams": {}})).unwrap(),
            ClientMessage::SetMonitoring {
                rate_hz: 1,
                streams: StreamSet::default()
            }
        );
        // Unknown fields are rejected, also in nested structs (beside unit variants such as
        // `ping` serde lets them pass; `parse_client` rejects those).
        for bad in [
            json!({"type": "set_volume", "db": -1.0, "gain": 1}),
            json!({"type": "set_monitoring", "rate_hz": 1, "streams": {"video": true}}),
        ] {
            assert!(parse(bad.clone()).is_err(), "{bad}");
        }
    }
}
