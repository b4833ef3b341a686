//! Protocol errors: a machine-readable code, a human-readable message and where it happened.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::limits::{ERROR_MESSAGE_CHARS, ERROR_VALUE_CHARS};

/// What went wrong, for programs to act on (the message is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not a valid message: bad UTF-8 or JSON, wrong types, missing or unknown fields.
    InvalidMessage,
    /// The payload `type` names no known command.
    UnknownCommand,
    /// A value is out of range or inconsistent with another.
    InvalidParameter,
    /// No such filter, playlist item, preset or file.
    UnknownTarget,
    /// The client sends commands faster than the server accepts them.
    RateLimited,
    /// The server already serves as many clients as it allows.
    TooManyClients,
    /// The client is not allowed to do this (or has not authenticated).
    Unauthorized,
    /// The message is larger than the server accepts (see `Welcome::max_message_bytes`).
    MessageTooLarge,
    /// The client speaks a protocol version the server does not.
    UnsupportedVersion,
    /// The engine refused or failed the command.
    EngineError,
    /// The client's outgoing queue overflowed (it reads too slowly); messages were dropped.
    BufferOverflow,
    /// A path escapes the allowed folders (e.g. through `..`) or lies outside them.
    PathNotAllowed,
    /// The requested resource does not exist.
    NotFound,
    /// A bug or unexpected failure in the server.
    Internal,
}

impl ErrorCode {
    /// The code as it appears on the wire, e.g. `"invalid_parameter"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InvalidMessage => "invalid_message",
            Self::UnknownCommand => "unknown_command",
            Self::InvalidParameter => "invalid_parameter",
            Self::UnknownTarget => "unknown_target",
            Self::RateLimited => "rate_limited",
            Self::TooManyClients => "too_many_clients",
            Self::Unauthorized => "unauthorized",
            Self::MessageTooLarge => "message_too_large",
            Self::UnsupportedVersion => "unsupported_version",
            Self::EngineError => "engine_error",
            Self::BufferOverflow => "buffer_overflow",
            Self::PathNotAllowed => "path_not_allowed",
            Self::NotFound => "not_found",
            Self::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an error happened; every part is optional and left out of the JSON when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorContext {
    /// Field path relative to the envelope, e.g. `"payload.db"` or `"payload.paths[3]"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The offending value as text, at most 128 characters (longer values end in `…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The limit it broke, e.g. `"-150..=0"` or `"65536 bytes"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

impl ErrorContext {
    /// Whether no part is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// An error sent to a client (as `ServerMessage::Error`) or returned by parsing and validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtocolError {
    /// What went wrong.
    pub code: ErrorCode,
    /// Explanation for people, at most 512 characters.
    pub message: String,
    /// Where it happened; omitted when empty.
    #[serde(default, skip_serializing_if = "ErrorContext::is_empty")]
    pub context: ErrorContext,
}

impl ProtocolError {
    /// An error with `code` and `message` (cut to 512 characters) and no context.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: shorten(message.into(), ERROR_MESSAGE_CHARS),
            context: ErrorContext::default(),
        }
    }

    /// Sets the field path, relative to the envelope (e.g. `"payload.db"`).
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.context.path = Some(path.into());
        self
    }

    /// Sets the offending value, cut to 128 characters.
    pub fn value(mut self, value: impl fmt::Display) -> Self {
        self.context.value = Some(shorten(value.to_string(), ERROR_VALUE_CHARS));
        self
    }

    /// Sets the limit that was broken.
    pub fn limit(mut self, limit: impl fmt::Display) -> Self {
        self.context.limit = Some(limit.to_string());
        self
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        let ErrorContext { path, value, limit } = &self.context;
        if let Some(path) = path {
            write!(f, " (at {path})")?;
        }
        if let Some(value) = value {
            write!(f, " (value {value})")?;
        }
        if let Some(limit) = limit {
            write!(f, " (limit {limit})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ProtocolError {}

/// `text` cut to at most `max_chars` characters, the last one `…` when cut.
fn shorten(mut text: String, max_chars: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(max_chars.saturating_sub(1))
        && text[cut..].chars().nth(1).is_some()
    {
        text.truncate(cut);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_str() {
        for code in [
            ErrorCode::InvalidMessage,
            ErrorCode::PathNotAllowed,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn builder_and_display() {
        let error = ProtocolError::new(ErrorCode::InvalidParameter, "volume out of range")
            .at("payload.db")
            .value(-151.0)
            .limit("-150..=0");
        assert_eq!(
            error.to_string(),
            "invalid_parameter: volume out of range (at payload.db) (value -151) (limit -150..=0)"
        );
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(
            json,
            r#"{"code":"invalid_parameter","message":"volume out of range","context":{"path":"payload.db","value":"-151","limit":"-150..=0"}}"#
        );
    }

    #[test]
    fn empty_context_is_left_out() {
        let error = ProtocolError::new(ErrorCode::Internal, "oops");
        assert_eq!(
            serde_json::to_string(&error).unwrap(),
            r#"{"code":"internal","message":"oops"}"#
        );
        let back: ProtocolError =
            serde_json::from_str(r#"{"code":"internal","message":"oops"}"#).unwrap();
        assert_eq!(back, error);
    }

    #[test]
    fn long_values_are_cut() {
        assert_eq!(shorten("abc".into(), 3), "abc");
        assert_eq!(shorten("abcd".into(), 3), "ab…");
        assert_eq!(shorten("ééééé".into(), 2), "é…");
        let error = ProtocolError::new(ErrorCode::UnknownCommand, "x").value("y".repeat(1000));
        assert_eq!(
            error.context.value.unwrap().chars().count(),
            ERROR_VALUE_CHARS
        );
    }
}
