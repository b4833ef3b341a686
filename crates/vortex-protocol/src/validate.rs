//! Checks beyond what the types say: ranges, lengths, character sets, finite numbers.
//!
//! Every error is `InvalidParameter` with `context.path` relative to the envelope (e.g.
//! `payload.db`, `payload.paths[3]`, `message_id`), the offending value and the limit.

mod client;
mod server;
mod worklet;

use std::fmt::{self, Display};
use std::ops::RangeInclusive;

use serde_json::Value;

use crate::envelope::{ClientEnvelope, MAX_MESSAGE_ID, MessageEnvelope, ServerEnvelope};
use crate::error::{ErrorCode, ProtocolError};
use crate::limits::{MESSAGE_ID, PIPELINE_MAX_DEPTH, PIPELINE_MAX_VALUES};

/// A message that can check its own values.
pub trait Validate {
    /// `Ok` when every value is within its documented range, else the first problem found.
    fn validate(&self) -> Result<(), ProtocolError>;
}

impl Validate for ClientEnvelope {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_envelope(self, &MESSAGE_ID)
    }
}

impl Validate for ServerEnvelope {
    fn validate(&self) -> Result<(), ProtocolError> {
        check_envelope(self, &(0..=MAX_MESSAGE_ID))
    }
}

/// Checks a message (and what it holds) found at a field path.
trait Check {
    /// `Ok` when every value is in range; errors name paths below `at`.
    fn check(&self, at: Path<'_>) -> Result<(), ProtocolError>;
}

/// Where an envelope's payload lies.
const PAYLOAD: Path<'static> = Path::Field(&Path::Root, "payload");

fn check_envelope<P: Check>(
    envelope: &MessageEnvelope<P>,
    message_ids: &RangeInclusive<u64>,
) -> Result<(), ProtocolError> {
    in_range(
        envelope.message_id,
        message_ids,
        Path::Root.field("message_id"),
    )?;
    non_negative(envelope.timestamp, Path::Root.field("timestamp"))?;
    envelope.payload.check(PAYLOAD)
}

/// A field path, e.g. `payload.paths[3]`, that allocates only when printed.
#[derive(Debug, Clone, Copy)]
enum Path<'a> {
    /// The envelope itself.
    Root,
    /// A named field of the parent.
    Field(&'a Path<'a>, &'a str),
    /// An element of the parent array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// An `InvalidParameter` error at `at`.
fn invalid(at: Path<'_>, message: impl Display) -> ProtocolError {
    ProtocolError::new(ErrorCode::InvalidParameter, format!("{at} {message}")).at(at.to_string())
}

/// `value` lies in `range` (false for NaN).
fn in_range<T: PartialOrd + Display>(
    value: T,
    range: &RangeInclusive<T>,
    at: Path<'_>,
) -> Result<(), ProtocolError> {
    if range.contains(&value) {
        return Ok(());
    }
    let limit = format!("{}..={}", range.start(), range.end());
    Err(invalid(at, format_args!("must be within {limit}"))
        .value(value)
        .limit(limit))
}

/// `value` is finite (not NaN or infinite).
fn finite(value: impl Into<f64>, at: Path<'_>) -> Result<(), ProtocolError> {
    let value = value.into();
    if value.is_finite() {
        return Ok(());
    }
    Err(invalid(at, "must be a finite number")
        .value(value)
        .limit("finite"))
}

/// `value` is finite and >= 0.
fn non_negative(value: f64, at: Path<'_>) -> Result<(), ProtocolError> {
    finite(value, at)?;
    if value >= 0.0 {
        return Ok(());
    }
    Err(invalid(at, "must not be negative")
        .value(value)
        .limit(">= 0"))
}

/// `value` has a length in `chars` (characters) and only characters that pass `allowed`,
/// described as `charset` in the error.
fn text(
    value: &str,
    chars: &RangeInclusive<usize>,
    allowed: fn(char) -> bool,
    charset: &str,
    at: Path<'_>,
) -> Result<(), ProtocolError> {
    let count = value.chars().count();
    if chars.contains(&count) && value.chars().all(allowed) {
        return Ok(());
    }
    let limit = format!(
        "{}..={} characters of {charset}",
        chars.start(),
        chars.end()
    );
    Err(invalid(at, format_args!("must be {limit}"))
        .value(format_args!("{value:?}"))
        .limit(limit))
}

/// `pipeline` is a JSON object at most [`PIPELINE_MAX_DEPTH`] deep with at most
/// [`PIPELINE_MAX_VALUES`] values.
fn pipeline_shape(pipeline: &Value, at: Path<'_>) -> Result<(), ProtocolError> {
    if !pipeline.is_object() {
        return Err(invalid(at, "must be a JSON object")
            .value(json_type(pipeline))
            .limit("object"));
    }
    let mut pending = vec![(pipeline, 1)];
    let mut values = 0;
    while let Some((value, depth)) = pending.pop() {
        values += 1;
        if values > PIPELINE_MAX_VALUES {
            return Err(invalid(at, "has too many JSON values")
                .limit(format!("{PIPELINE_MAX_VALUES} values")));
        }
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Object(map) => Box::new(map.values()),
            Value::Array(items) => Box::new(items.iter()),
            _ => continue,
        };
        if depth > PIPELINE_MAX_DEPTH {
            return Err(invalid(at, "is nested too deeply")
                .value(format_args!("depth {depth}"))
                .limit(format!("depth {PIPELINE_MAX_DEPTH}")));
        }
        pending.extend(children.map(|child| (child, depth + 1)));
    }
    Ok(())
}

/// The JSON type of `value`, e.g. `"array"`.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_print_relative_to_the_envelope() {
        let paths = PAYLOAD.field("paths");
        assert_eq!(paths.index(3).to_string(), "payload.paths[3]");
        assert_eq!(Path::Root.field("message_id").to_string(), "message_id");
        assert_eq!(
            PAYLOAD.field("streams").field("levels").to_string(),
            "payload.streams.levels"
        );
    }

    /// Objects nested `depth` deep (the outer object is depth 1) around `leaf`.
    fn nested(depth: usize, leaf: Value) -> Value {
        (1..depth).fold(json!({ "leaf": leaf }), |inner, _| json!({ "a": inner }))
    }

    #[test]
    fn pipeline_depth_limit() {
        assert!(pipeline_shape(&nested(PIPELINE_MAX_DEPTH, json!(1)), PAYLOAD).is_ok());
        for leaf in [json!({}), json!([])] {
            let error = pipeline_shape(&nested(PIPELINE_MAX_DEPTH, leaf), PAYLOAD).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidParameter);
            assert_eq!(error.context.path.as_deref(), Some("payload"));
        }
    }

    #[test]
    fn pipeline_value_count_limit() {
        // The object plus its array plus the array's elements.
        let with = |elements: usize| json!({ "steps": vec![0; elements] });
        assert!(pipeline_shape(&with(PIPELINE_MAX_VALUES - 2), PAYLOAD).is_ok());
        assert!(pipeline_shape(&with(PIPELINE_MAX_VALUES - 1), PAYLOAD).is_err());
    }

    #[test]
    fn pipeline_must_be_an_object() {
        for value in [json!(null), json!([]), json!(1), json!("x"), json!(true)] {
            let error = pipeline_shape(&value, PAYLOAD).unwrap_err();
            assert_eq!(error.context.limit.as_deref(), Some("object"));
        }
        assert!(pipeline_shape(&json!({}), PAYLOAD).is_ok());
    }
}
