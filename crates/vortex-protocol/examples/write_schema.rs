//! Writes the JSON Schemas of the protocol to `docs/protocol/`:
//! `cargo run -p vortex-protocol --example write_schema`.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/protocol");
    std::fs::create_dir_all(&folder)?;
    for (name, schema) in [
        ("client.schema.json", vortex_protocol::client_schema()),
        ("server.schema.json", vortex_protocol::server_schema()),
        (
            "worklet-in.schema.json",
            vortex_protocol::worklet_in_schema(),
        ),
        (
            "worklet-out.schema.json",
            vortex_protocol::worklet_out_schema(),
        ),
        (
            "worklet-options.schema.json",
            vortex_protocol::worklet_options_schema(),
        ),
    ] {
        let path = folder.join(name);
        std::fs::write(&path, schema)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
