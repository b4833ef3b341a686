//! Checks of client commands.

use serde_json::Value;

use super::{Check, PAYLOAD, Path, Validate, in_range, invalid, json_type, pipeline_shape, text};
use crate::client::ClientMessage;
use crate::error::ProtocolError;
use crate::limits::{
    CLIENT_NAME_CHARS, FILTER_NAME_CHARS, ITEM_ID, MONITOR_RATE_HZ, PARAMETER_NAME_CHARS,
    PARAMETER_NUMBER, PARAMETER_STRING_CHARS, PATH_BYTES, PLAYLIST_ADD_PATHS, PLAYLIST_INDEX,
    SEEK_POSITION_S, VOLUME_DB, is_filter_name_char, is_parameter_name_char,
};

impl Validate for ClientMessage {
    /// Checks the command as the payload of an envelope (paths start with `payload.`).
    fn validate(&self) -> Result<(), ProtocolError> {
        self.check(PAYLOAD)
    }
}

impl Check for ClientMessage {
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError> {
        match self {
            Self::Hello { client, .. } => match client {
                Some(name) => text(
                    name,
                    &CLIENT_NAME_CHARS,
                    |c| !c.is_control(),
                    "printable characters",
                    at.field("client"),
                ),
                None => Ok(()),
            },
            Self::Seek { position_s } => {
                in_range(*position_s, &SEEK_POSITION_S, at.field("position_s"))
            }
            Self::Goto { item } | Self::PlaylistRemove { item } => {
                in_range(*item, &ITEM_ID, at.field("item"))
            }
            Self::PlaylistAdd { paths } => {
                let at = at.field("paths");
                in_range(paths.len(), &PLAYLIST_ADD_PATHS, at)?;
                paths
                    .iter()
                    .enumerate()
                    .try_for_each(|(index, path)| file_path(path, at.index(index)))
            }
            Self::PlaylistMove { item, to } => {
                in_range(*item, &ITEM_ID, at.field("item"))?;
                in_range(*to, &PLAYLIST_INDEX, at.field("to"))
            }
            Self::SetVolume { db } => in_range(*db, &VOLUME_DB, at.field("db")),
            Self::SetFilterParameter {
                filter,
                parameter,
                value,
            } => {
                text(
                    filter,
                    &FILTER_NAME_CHARS,
                    is_filter_name_char,
                    "A-Z a-z 0-9 _ . -",
                    at.field("filter"),
                )?;
                text(
                    parameter,
                    &PARAMETER_NAME_CHARS,
                    is_parameter_name_char,
                    "a-z 0-9 _",
                    at.field("parameter"),
                )?;
                parameter_value(value, at.field("value"))
            }
            Self::SetPipeline { pipeline } | Self::ValidatePipeline { pipeline } => {
                pipeline_shape(pipeline, at.field("pipeline"))
            }
            Self::SetMonitoring { rate_hz, .. } => {
                in_range(*rate_hz, &MONITOR_RATE_HZ, at.field("rate_hz"))
            }
            Self::GetState
            | Self::Transport { .. }
            | Self::SetRepeat { .. }
            | Self::SetMute { .. }
            | Self::ResetMeters
            | Self::Ping => Ok(()),
        }
    }
}

/// A file path: 1 to 4096 UTF-8 bytes, no NUL.
fn file_path(path: &str, at: Path<'_>) -> Result<(), ProtocolError> {
    if path.contains('\0') {
        return Err(invalid(at, "must not contain NUL characters")
            .value(format_args!("{path:?}"))
            .limit("no NUL"));
    }
    if PATH_BYTES.contains(&path.len()) {
        return Ok(());
    }
    let limit = format!("{}..={} bytes", PATH_BYTES.start(), PATH_BYTES.end());
    Err(invalid(at, format_args!("must be {limit} long"))
        .value(format_args!("{} bytes", path.len()))
        .limit(limit))
}

/// A filter parameter value: a number in [`PARAMETER_NUMBER`], a bool, or a string of at
/// most [`PARAMETER_STRING_CHARS`] characters.
fn parameter_value(value: &Value, at: Path<'_>) -> Result<(), ProtocolError> {
    match value {
        Value::Bool(_) => Ok(()),
        // Without serde_json's arbitrary_precision every number is an f64, i64 or u64.
        Value::Number(number) => {
            in_range(number.as_f64().unwrap_or(f64::NAN), &PARAMETER_NUMBER, at)
        }
        Value::String(string) => text(string, &PARAMETER_STRING_CHARS, |_| true, "any", at),
        Value::Null | Value::Array(_) | Value::Object(_) => {
            Err(invalid(at, "must be a number, a bool or a string")
                .value(json_type(value))
                .limit("number, bool or string"))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ops::RangeInclusive;

    use serde_json::{Value, json};

    use super::*;
    use crate::envelope::{ClientEnvelope, MAX_MESSAGE_ID};
    use crate::error::ErrorCode;
    use crate::limits::MESSAGE_ID;
    use crate::samples::client_messages;

    /// `base` with `field` set to each of `inside` (valid) and each of `outside` (an error
    /// at `payload.<field>`).
    fn vary(
        base: Value,
        field: &'static str,
        (inside, outside): (Vec<Value>, Vec<Value>),
    ) -> Vec<(Value, Option<String>)> {
        let with = |value: Value| {
            let mut payload = base.clone();
            payload[field] = value;
            payload
        };
        let at = format!("payload.{field}");
        let inside = inside.into_iter().map(|v| (with(v), None));
        inside
            .chain(outside.into_iter().map(|v| (with(v), Some(at.clone()))))
            .collect()
    }

    /// Both ends of `range` (inside) and the nearest values beyond them (outside).
    fn float_bounds(range: &RangeInclusive<f64>) -> (Vec<Value>, Vec<Value>) {
        let (low, high) = (*range.start(), *range.end());
        (
            vec![json!(low), json!(high)],
            vec![json!(low.next_down()), json!(high.next_up())],
        )
    }

    /// Both ends of `range` (inside) and the integers beyond them (outside).
    fn int_bounds<T: Copy + Into<u64>>(range: &RangeInclusive<T>) -> (Vec<Value>, Vec<Value>) {
        let (low, high) = ((*range.start()).into(), (*range.end()).into());
        let below = low.checked_sub(1).map(|below| json!(below));
        (
            vec![json!(low), json!(high)],
            below.into_iter().chain([json!(high + 1)]).collect(),
        )
    }

    fn strings(texts: &[String]) -> Vec<Value> {
        texts.iter().map(|t| json!(t)).collect()
    }

    /// `n` times "x".
    fn x(n: usize) -> String {
        "x".repeat(n)
    }

    fn cases() -> Vec<(Value, Option<String>)> {
        let parameter = json!({"type": "set_filter_parameter", "filter": "eq", "parameter": "gain", "value": 0});
        let (mut values, mut bad_values) = float_bounds(&PARAMETER_NUMBER);
        values.extend([
            json!(true),
            json!(false),
            json!(""),
            json!(x(256)),
            json!("é".repeat(256)),
        ]);
        bad_values.extend([json!(x(257)), json!(null), json!([]), json!({}), json!([1])]);
        let paths = |n: usize| json!(vec!["/a"; n]);
        [
            vary(
                json!({"type": "seek"}),
                "position_s",
                float_bounds(&SEEK_POSITION_S),
            ),
            vary(
                json!({"type": "set_volume"}),
                "db",
                float_bounds(&VOLUME_DB),
            ),
            vary(json!({"type": "goto"}), "item", int_bounds(&ITEM_ID)),
            vary(
                json!({"type": "playlist_remove"}),
                "item",
                int_bounds(&ITEM_ID),
            ),
            vary(
                json!({"type": "playlist_move", "to": 0}),
                "item",
                int_bounds(&ITEM_ID),
            ),
            vary(
                json!({"type": "playlist_move", "item": 1}),
                "to",
                int_bounds(&PLAYLIST_INDEX),
            ),
            vary(
                json!({"type": "set_monitoring", "streams": {}}),
                "rate_hz",
                int_bounds(&MONITOR_RATE_HZ),
            ),
            vary(
                json!({"type": "hello", "protocol_version": 1}),
                "client",
                (
                    vec![
                        json!(null),
                        json!("a"),
                        json!("é".repeat(64)),
                        json!("web ui ✓"),
                    ],
                    strings(&[
                        String::new(),
                        x(65),
                        "a\nb".into(),
                        "\u{7f}".into(),
                        "\u{9b}".into(),
                    ]),
                ),
            ),
            vary(
                parameter.clone(),
                "filter",
                (
                    strings(&["a".into(), "Eq_1.left-2".into(), x(64)]),
                    strings(&[
                        String::new(),
                        x(65),
                        "eq 1".into(),
                        "é".into(),
                        "a/b".into(),
                    ]),
                ),
            ),
            vary(
                parameter.clone(),
                "parameter",
                (
                    strings(&["gain_db".into(), "q2".into(), x(64)]),
                    strings(&[
                        String::new(),
                        x(65),
                        "Gain".into(),
                        "a-b".into(),
                        "a.b".into(),
                    ]),
                ),
            ),
            vary(parameter, "value", (values, bad_values)),
            vary(
                json!({"type": "playlist_add"}),
                "paths",
                (vec![paths(1), paths(1000)], vec![paths(0), paths(1001)]),
            ),
            vary(
                json!({"type": "set_pipeline"}),
                "pipeline",
                (
                    vec![json!({}), crate::samples::pipeline()],
                    vec![json!([]), json!(null), json!("pipeline")],
                ),
            ),
        ]
        .concat()
    }

    #[test]
    fn range_boundaries() {
        for (payload, expected) in cases() {
            let message: ClientMessage = serde_json::from_value(payload.clone()).unwrap();
            let result = message.validate().map_err(|e| {
                assert_eq!(e.code, ErrorCode::InvalidParameter);
                e.context.path.unwrap()
            });
            assert_eq!(result.err(), expected, "{payload}");
        }
    }

    #[test]
    fn path_entries() {
        let inside = [x(1), x(4096), "é".repeat(2048), "/ok/ü/..".into()];
        let outside = [String::new(), x(4097), "é".repeat(2049), "a\0b".into()];
        for (path, valid) in inside
            .iter()
            .map(|p| (p, true))
            .chain(outside.iter().map(|p| (p, false)))
        {
            let message = ClientMessage::PlaylistAdd {
                paths: vec!["a".into(), "b".into(), path.clone()],
            };
            let result = message.validate().map_err(|e| e.context.path.unwrap());
            assert_eq!(
                result.err(),
                (!valid).then(|| "payload.paths[2]".to_owned()),
                "{path:?}"
            );
        }
    }

    #[test]
    fn envelope_boundaries() {
        let envelope = |message_id, timestamp| ClientEnvelope {
            message_id,
            timestamp,
            payload: ClientMessage::Ping,
        };
        let path = |e: ClientEnvelope| e.validate().err().and_then(|e| e.context.path);
        for id in [*MESSAGE_ID.start(), MAX_MESSAGE_ID] {
            assert_eq!(path(envelope(id, 0.0)), None);
        }
        for id in [0, MAX_MESSAGE_ID + 1, u64::MAX] {
            assert_eq!(path(envelope(id, 0.0)).as_deref(), Some("message_id"));
        }
        for timestamp in [0.0, -0.0, 1.7e12, f64::MAX] {
            assert_eq!(path(envelope(1, timestamp)), None);
        }
        for timestamp in [0f64.next_down(), f64::NAN, f64::INFINITY] {
            assert_eq!(path(envelope(1, timestamp)).as_deref(), Some("timestamp"));
        }
    }

    #[test]
    fn samples_are_valid() {
        for message in client_messages() {
            assert_eq!(message.validate(), Ok(()), "{message:?}");
        }
    }

    #[test]
    fn non_finite_numbers_are_out_of_range() {
        for db in [f64::NAN, f64::NEG_INFINITY] {
            let error = ClientMessage::SetVolume { db }.validate().unwrap_err();
            assert_eq!(error.context.path.as_deref(), Some("payload.db"));
        }
    }
}
