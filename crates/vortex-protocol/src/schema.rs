//! JSON Schemas of the messages, generated from the types (`docs/protocol/*.schema.json`).

use schemars::{JsonSchema, schema_for};

use crate::envelope::{ClientEnvelope, ServerEnvelope};
use crate::worklet::{FromWorkletEnvelope, ToWorkletEnvelope, WorkletOptions};

/// JSON Schema of a client message (a [`ClientEnvelope`]), pretty-printed with a final
/// newline.
pub fn client_schema() -> String {
    pretty::<ClientEnvelope>("ClientEnvelope")
}

/// JSON Schema of a server message (a [`ServerEnvelope`]), pretty-printed with a final
/// newline.
pub fn server_schema() -> String {
    pretty::<ServerEnvelope>("ServerEnvelope")
}

/// JSON Schema of a message to the capture worklet (a [`ToWorkletEnvelope`]).
pub fn worklet_in_schema() -> String {
    pretty::<ToWorkletEnvelope>("ToWorkletEnvelope")
}

/// JSON Schema of a message from the capture worklet (a [`FromWorkletEnvelope`]).
pub fn worklet_out_schema() -> String {
    pretty::<FromWorkletEnvelope>("FromWorkletEnvelope")
}

/// JSON Schema of the capture worklet's creation options ([`WorkletOptions`]).
pub fn worklet_options_schema() -> String {
    pretty::<WorkletOptions>("WorkletOptions")
}

/// The schema of `T`, titled `title`, as pretty JSON with a final newline.
fn pretty<T: JsonSchema>(title: &str) -> String {
    let mut schema = schema_for!(T);
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
    text.push('\n');
    text
}
