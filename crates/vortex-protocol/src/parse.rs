//! Turning the bytes of a client message into a checked [`ClientEnvelope`].

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Map, Value};

use crate::client::ClientMessage;
use crate::envelope::{ClientEnvelope, MessageEnvelope};
use crate::error::{ErrorCode, ProtocolError};
use crate::limits::DEFAULT_MAX_MESSAGE_BYTES;
use crate::validate::Validate;

/// Limits the server applies to incoming messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted message, bytes (UTF-8 JSON text). Default 65536.
    pub max_message_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
        }
    }
}

/// The key that names the variant of a command.
const TAG: &str = "type";

/// Parses and validates one client message. Never panics. Checks, in order:
///
/// 1. size: more than `limits.max_message_bytes` is `MessageTooLarge`;
/// 2. UTF-8, then JSON syntax (with line and column) and that the message is an object:
///    `InvalidMessage` (NaN, Infinity and numbers beyond f64 such as 1e400 are not JSON);
/// 3. a string `payload.type` that names no command: `UnknownCommand` at `payload.type`;
/// 4. types, missing and unknown fields (also beside commands without fields, such as
///    `ping`): `InvalidMessage`, at the offending field;
/// 5. ranges and lengths ([`Validate`]): `InvalidParameter`.
///
/// A key repeated within one object counts once, with its last value (as in JavaScript).
pub fn parse_client(text: &[u8], limits: &Limits) -> Result<ClientEnvelope, ProtocolError> {
    if text.len() > limits.max_message_bytes {
        return Err(
            ProtocolError::new(ErrorCode::MessageTooLarge, "message too large")
                .value(format_args!("{} bytes", text.len()))
                .limit(format_args!("{} bytes", limits.max_message_bytes)),
        );
    }
    let invalid = |message: String| ProtocolError::new(ErrorCode::InvalidMessage, message);
    let text = std::str::from_utf8(text).map_err(|e| invalid(format!("not UTF-8: {e}")))?;
    let json: Value =
        serde_json::from_str(text).map_err(|e| invalid(format!("not valid JSON: {e}")))?;
    if !json.is_object() {
        return Err(invalid("a message must be a JSON object".into()));
    }
    if let Some(Value::String(command)) = json.get("payload").and_then(|p| p.get(TAG))
        && !ClientMessage::COMMANDS.contains(&command.as_str())
    {
        return Err(
            ProtocolError::new(ErrorCode::UnknownCommand, "unknown command type")
                .at("payload.type")
                .value(command)
                .limit(ClientMessage::COMMANDS.join(", ")),
        );
    }
    // The envelope first, so that its errors are found before those of the payload.
    if let Err(e) = MessageEnvelope::<IgnoredAny>::deserialize(&json) {
        return Err(typed_error::<MessageEnvelope<IgnoredAny>>(&json, &e, ""));
    }
    let envelope = ClientEnvelope::deserialize(&json)
        .map_err(|e| typed_error::<ClientMessage>(&json["payload"], &e, "payload"))?;
    if let Some(key) = unknown_key(&json["payload"], &envelope.payload) {
        return Err(ProtocolError::new(
            ErrorCode::InvalidMessage,
            format!("unknown field `{key}`"),
        )
        .at(join("payload", key)));
    }
    envelope.validate()?;
    Ok(envelope)
}

/// The round trip a fuzzer checks: if `data` parses, writing the message back as JSON
/// and parsing that gives the same message. Panics when it does not.
pub fn fuzz_one(data: &[u8]) {
    let Ok(envelope) = parse_client(data, &Limits::default()) else {
        return;
    };
    let text = serde_json::to_vec(&envelope).expect("a parsed message serialises");
    // Written back, numbers may take more bytes (5 becomes 5.0): no size limit.
    let unlimited = Limits {
        max_message_bytes: usize::MAX,
    };
    let again = parse_client(&text, &unlimited).expect("a serialised message parses again");
    assert_eq!(again, envelope, "the round trip changed the message");
}

/// A key of the `payload` object that `message` does not have. Serde rejects unknown
/// fields of struct variants itself but lets them pass beside unit variants (`ping`).
fn unknown_key<'a>(payload: &'a Value, message: &ClientMessage) -> Option<&'a str> {
    let keys = payload.as_object()?;
    if keys.len() == 1 {
        return None; // just the tag
    }
    let written = serde_json::to_value(message).ok()?;
    keys.keys()
        .find(|key| written.get(key.as_str()).is_none())
        .map(String::as_str)
}

/// `InvalidMessage` for a deserialisation `error` of `value` (found at `at`) as a `T`,
/// with the path of the offending field.
fn typed_error<T: DeserializeOwned>(
    value: &Value,
    error: &serde_json::Error,
    at: &str,
) -> ProtocolError {
    let message = error.to_string();
    let path = match missing_field(&message) {
        Some(field) => join(at, field),
        None => {
            let mut path = at.to_owned();
            find_culprit::<T>(value, &|probe| probe, &mut path);
            path
        }
    };
    let error = ProtocolError::new(ErrorCode::InvalidMessage, message);
    if path.is_empty() {
        error
    } else {
        error.at(path)
    }
}

/// The field named by serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// `parent.child`, or `child` at the top.
fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// Appends to `path` the field or element of `value` that fails to deserialise, as deep as
/// it can be told: each child is tried alone (with the `type` tag beside it, and its
/// ancestors rebuilt around it by `wrap`), and the first that fails by itself is followed.
/// A failure that is only a missing field means the child itself is fine. Runs only on
/// errors; the work is bounded by the message size times its depth.
fn find_culprit<T: DeserializeOwned>(
    value: &Value,
    wrap: &dyn Fn(Value) -> Value,
    path: &mut String,
) {
    let fails = |probe: Value| match serde_json::from_value::<T>(wrap(probe)) {
        Ok(_) => false,
        Err(e) => missing_field(&e.to_string()).is_none(),
    };
    match value {
        Value::Object(map) => {
            let tag = map.get(TAG);
            for (key, child) in map {
                let alone = |inner: Value| {
                    let mut single = Map::new();
                    if let Some(tag) = tag.filter(|_| key != TAG) {
                        single.insert(TAG.to_owned(), tag.clone());
                    }
                    single.insert(key.clone(), inner);
                    Value::Object(single)
                };
                if fails(alone(child.clone())) {
                    *path = join(path, key);
                    return find_culprit::<T>(child, &|inner| wrap(alone(inner)), path);
                }
            }
        }
        Value::Array(items) => {
            let alone = |inner: Value| Value::Array(vec![inner]);
            for (index, child) in items.iter().enumerate() {
                if fails(alone(child.clone())) {
                    path.push_str(&format!("[{index}]"));
                    return find_culprit::<T>(child, &|inner| wrap(alone(inner)), path);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
