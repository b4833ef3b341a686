//! The JSON Schemas in `docs/protocol/` match the types.

use std::path::Path;

const REGENERATE: &str = "cargo run -p vortex-protocol --example write_schema";

fn assert_current(name: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/protocol")
        .join(name);
    let written = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} unreadable ({e}); regenerate with `{REGENERATE}`",
            path.display()
        )
    });
    assert!(
        written == generated,
        "{} is out of date with the protocol types; regenerate with `{REGENERATE}`",
        path.display()
    );
}

#[test]
fn client_schema_is_current() {
    assert_current("client.schema.json", &vortex_protocol::client_schema());
}

#[test]
fn server_schema_is_current() {
    assert_current("server.schema.json", &vortex_protocol::server_schema());
}

#[test]
fn worklet_schemas_are_current() {
    assert_current(
        "worklet-in.schema.json",
        &vortex_protocol::worklet_in_schema(),
    );
    assert_current(
        "worklet-out.schema.json",
        &vortex_protocol::worklet_out_schema(),
    );
    assert_current(
        "worklet-options.schema.json",
        &vortex_protocol::worklet_options_schema(),
    );
}

#[test]
fn worklet_schemas_carry_quanta_and_transferables() {
    let text = vortex_protocol::worklet_in_schema();
    assert!(text.contains(r#""multipleOf": 128"#), "{text}");
    assert!(
        text.contains(r#""x-transferable": "ArrayBuffer""#),
        "{text}"
    );
}

#[test]
fn schemas_carry_the_limits() {
    let schema: serde_json::Value =
        serde_json::from_str(&vortex_protocol::client_schema()).unwrap();
    let text = schema.to_string();
    for expected in [
        r#""maximum":604800.0"#,
        r#""minimum":-150.0"#,
        r#""maximum":9007199254740991"#,
        r#""pattern":"^[a-z0-9_]*$""#,
    ] {
        assert!(text.contains(expected), "client schema lacks {expected}");
    }
}
