//! `vortex config schema` and `vortex config check` end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn vortex(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vortex"))
        .args(args)
        // The check must not depend on the environment of the test run.
        .env("VORTEX_AUDIO__BLOCK_SIZE", "oops")
        .output()
        .expect("run vortex")
}

fn check(file: &Path) -> Output {
    vortex(&["config".as_ref(), "check".as_ref(), file.as_os_str()])
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn schema_is_json_listing_every_section() {
    let o = vortex(&["config".as_ref(), "schema".as_ref()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let props = schema["properties"].as_object().unwrap();
    let mut sections: Vec<&str> = props.keys().map(String::as_str).collect();
    sections.sort_unstable();
    assert_eq!(
        sections,
        [
            "audio",
            "diagnostics",
            "gpu",
            "performance",
            "pipeline",
            "server",
            "ui"
        ]
    );
    assert_eq!(schema["additionalProperties"], false);
    // The checked-in copy is what the command prints.
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/config.schema.json");
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(checked_in).unwrap_or_default())
            .unwrap_or_default();
    assert!(
        file == schema,
        "docs/config.schema.json is out of date; regenerate it with\n\
         cargo run -p vortex -- config schema > docs/config.schema.json"
    );
}

#[test]
fn check_accepts_a_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "good.toml",
        "[audio]\ndevice = \"null\"\nblock_size = 128\n[server]\nport = 0\n",
    );
    let o = check(&f);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}: ok (3 keys set)\n", f.display())
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn check_clamps_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "c.toml", "[audio]\nblock_size = 9\n");
    let o = check(&f);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "warning: {}:2:1: audio.block_size: 9 is below 16; using 16\n",
            f.display()
        )
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 value adjusted"));
}

#[test]
fn check_names_file_line_and_path_of_an_unknown_field() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "u.toml",
        "[audio]\nblock_size = 128\n\n[audio.extra]\n[server]\nprot = 80\n",
    );
    let o = check(&f);
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    let file = f.display().to_string();
    assert!(
        lines[0].starts_with(&format!(
            "error: {file}:4:8: audio.extra: unknown field, expected one of `device`"
        )),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "error: {file}:6:1: server.prot: unknown field, expected one of `bind`, `port`"
        )),
        "{err}"
    );
}

#[test]
fn check_reports_every_bad_value() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "b.toml",
        "[audio]\nsample_rate = 1000\nchannels = \"two\"\n[server]\nbind = \"bad host\"\n\
         [pipeline]\nfile = \"nope.toml\"\n",
    );
    let o = check(&f);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    let file = f.display().to_string();
    for want in [
        format!("error: {file}:2:1: audio.sample_rate: 1000 Hz is below 8000 Hz"),
        format!("error: {file}:3:1: audio.channels: expected"),
        format!("error: {file}:5:1: server.bind: \"bad host\" is not an IP address or host name"),
        format!("error: {file}:7:1: pipeline.file: "),
    ] {
        assert!(
            err.lines().any(|l| l.starts_with(&want)),
            "{want}\nnot in\n{err}"
        );
    }
    assert_eq!(err.lines().count(), 4, "{err}");
}

#[test]
fn check_syntax_error_and_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "s.toml", "[audio]\nblock_size = = 3\n");
    let o = check(&f);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).starts_with(&format!("error: {}:2:", f.display())),
        "{}",
        stderr(&o)
    );
    let o = check(&dir.path().join("absent.toml"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("absent.toml: cannot read"),
        "{}",
        stderr(&o)
    );
}
