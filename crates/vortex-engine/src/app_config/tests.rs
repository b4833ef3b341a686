use super::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn env(vars: &[(&str, &str)]) -> EnvSource {
    EnvSource::Vars(
        vars.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn user_only(file: &Path) -> LoadOptions {
    LoadOptions::file_only(file)
}

fn load_err(options: &LoadOptions) -> ConfigError {
    match AppConfig::load(options) {
        Ok(l) => panic!("expected an error, got {:?}", l.config),
        Err(e) => e,
    }
}

/// The one problem at `path`, or a panic listing them all.
fn problem_at<'a>(e: &'a ConfigError, path: &str) -> &'a ConfigProblem {
    let found: Vec<_> = e.problems.iter().filter(|p| p.path == path).collect();
    assert_eq!(found.len(), 1, "problems at {path}:\n{e}");
    found[0]
}

#[test]
fn defaults_load_without_problems() {
    let l = AppConfig::load(&LoadOptions::default()).unwrap();
    assert_eq!(l.config, AppConfig::default());
    assert!(l.warnings.is_empty());
    assert_eq!(l.origin("audio.block_size"), Some("built-in defaults"));
    assert_eq!(l.origin("audio.device"), Some("built-in defaults"));
    assert_eq!(l.origin("audio.nope"), None);
    // The defaults are themselves valid.
    let mut c = AppConfig::default();
    assert_eq!(c.validate(), Ok(vec![]));
}

#[test]
fn platform_file_overrides_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let platform = write(dir.path(), "platform.toml", "[audio]\nblock_size = 128\n");
    let l = AppConfig::load(&LoadOptions {
        platform_file: LayerFile::Optional(platform.clone()),
        ..LoadOptions::default()
    })
    .unwrap();
    assert_eq!(l.config.audio.block_size, 128);
    assert_eq!(l.config.audio.periods, 2);
    assert_eq!(
        l.origin("audio.block_size"),
        Some(platform.to_str().unwrap())
    );
    assert_eq!(l.origin("audio.periods"), Some("built-in defaults"));
}

#[test]
fn user_file_overrides_platform_file() {
    let dir = tempfile::tempdir().unwrap();
    let platform = write(
        dir.path(),
        "platform.toml",
        "[audio]\nblock_size = 128\nperiods = 3\n",
    );
    let user = write(dir.path(), "user.toml", "[audio]\nperiods = 4\n");
    let l = AppConfig::load(&LoadOptions {
        platform_file: LayerFile::Optional(platform.clone()),
        user_file: LayerFile::Optional(user.clone()),
        ..LoadOptions::default()
    })
    .unwrap();
    // Keys merge one by one: the user file replaces `periods` only.
    assert_eq!(l.config.audio.block_size, 128);
    assert_eq!(l.config.audio.periods, 4);
    assert_eq!(l.origin("audio.periods"), Some(user.to_str().unwrap()));
    assert_eq!(
        l.layers.iter().map(|l| l.kind).collect::<Vec<_>>(),
        [
            LayerKind::BuiltIn,
            LayerKind::Platform,
            LayerKind::User,
            LayerKind::CommandLine
        ]
    );
}

#[test]
fn environment_overrides_user_file() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(
        dir.path(),
        "user.toml",
        "[audio]\nperiods = 4\nchannels = 6\n",
    );
    let l = AppConfig::load(&LoadOptions {
        user_file: LayerFile::Required(user),
        env: env(&[
            ("VORTEX_AUDIO__CHANNELS", "8"),
            ("VORTEX_AUDIO__DEVICE", "hw:1,0"),
            ("VORTEX_PERFORMANCE__CPU_AFFINITY", "[2, 3]"),
            // Not configuration: no section separator.
            ("VORTEX_FUZZ_ITERS", "5"),
            ("HOME", "/nowhere"),
        ]),
        ..LoadOptions::default()
    })
    .unwrap();
    assert_eq!(l.config.audio.periods, 4);
    assert_eq!(l.config.audio.channels, 8);
    assert_eq!(l.config.audio.device.as_deref(), Some("hw:1,0"));
    assert_eq!(l.config.performance.cpu_affinity, Some(vec![2, 3]));
    assert_eq!(
        l.origin("audio.channels"),
        Some("environment VORTEX_AUDIO__CHANNELS")
    );
}

#[test]
fn command_line_overrides_environment() {
    let mut cli = CliOverrides::new();
    cli.set("--port", "server.port", 4000u16)
        .set_opt("--device", "audio.device", None::<String>)
        .assign("--set", "ui.theme=dark");
    let l = AppConfig::load(&LoadOptions {
        env: env(&[
            ("VORTEX_SERVER__PORT", "3000"),
            ("VORTEX_UI__THEME", "light"),
            ("VORTEX_AUDIO__DEVICE", "null"),
        ]),
        cli,
        ..LoadOptions::default()
    })
    .unwrap();
    assert_eq!(l.config.server.port, 4000);
    assert_eq!(l.config.ui.theme, Theme::Dark);
    // An option that was not given leaves the lower layer's value.
    assert_eq!(l.config.audio.device.as_deref(), Some("null"));
    assert_eq!(l.origin("server.port"), Some("command line --port"));
    assert_eq!(l.origin("ui.theme"), Some("command line --set"));
}

#[test]
fn whole_chain_in_precedence_order() {
    let dir = tempfile::tempdir().unwrap();
    let platform = write(
        dir.path(),
        "p.toml",
        "[server]\nport = 1000\nmax_clients = 10\nbind = \"0.0.0.0\"\nmonitor_rate_hz = 50\n",
    );
    let user = write(
        dir.path(),
        "u.toml",
        "[server]\nport = 2000\nmax_clients = 20\nbind = \"::1\"\n",
    );
    let mut cli = CliOverrides::new();
    cli.set("--port", "server.port", 4000);
    let l = AppConfig::load(&LoadOptions {
        platform_file: LayerFile::Optional(platform),
        user_file: LayerFile::Optional(user),
        env: env(&[
            ("VORTEX_SERVER__PORT", "3000"),
            ("VORTEX_SERVER__MAX_CLIENTS", "30"),
        ]),
        cli,
    })
    .unwrap();
    let s = &l.config.server;
    assert_eq!(
        (s.port, s.max_clients, s.bind.as_str(), s.monitor_rate_hz),
        (4000, 30, "::1", 50.0)
    );
}

#[test]
fn missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("absent.toml");
    // An optional (platform or default user) file that does not exist is skipped.
    let l = AppConfig::load(&LoadOptions {
        platform_file: LayerFile::Optional(absent.clone()),
        user_file: LayerFile::Optional(absent.clone()),
        ..LoadOptions::default()
    })
    .unwrap();
    assert!(!l.layers[1].present);
    // An explicit one is an error that names it.
    let e = load_err(&user_only(&absent));
    assert!(e.is_unreadable());
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].layer, absent.display().to_string());
    assert!(e.problems[0].message.starts_with("cannot read"), "{e}");
    // A directory is not a file.
    assert!(load_err(&user_only(dir.path())).is_unreadable());
}

#[test]
fn unknown_fields_name_their_path_layer_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(
        dir.path(),
        "user.toml",
        "[audio]\nblock_size = 128\nblok_size = 64\n\n[audoi]\nx = 1\n",
    );
    let e = load_err(&user_only(&user));
    assert!(!e.is_unreadable());
    let p = problem_at(&e, "audio.blok_size");
    assert_eq!(p.kind, ProblemKind::UnknownField);
    assert_eq!(p.layer, user.display().to_string());
    assert_eq!(p.location, Some((3, 1)));
    assert!(p.message.starts_with("unknown field, expected one of"));
    assert!(p.message.contains("`block_size`"), "{}", p.message);
    assert_eq!(
        p.to_string(),
        format!("{}:3:1: audio.blok_size: {}", user.display(), p.message)
    );
    let p = problem_at(&e, "audoi");
    assert_eq!(p.kind, ProblemKind::UnknownField);
    assert_eq!(p.location, Some((5, 2)));
    assert!(p.message.contains("`audio`"), "{}", p.message);
    assert_eq!(e.problems.len(), 2, "{e}");
}

#[test]
fn unknown_fields_from_environment_and_command_line() {
    let mut cli = CliOverrides::new();
    cli.set("--gpu-index", "gpu.index", 1)
        .assign("--set", "server.portt=1")
        .assign("--set", "no-equals-sign");
    let e = load_err(&LoadOptions {
        env: env(&[("VORTEX_AUDIO__BLOK_SIZE", "64"), ("VORTEX_AUDIO__", "1")]),
        cli,
        ..LoadOptions::default()
    });
    let p = problem_at(&e, "audio.blok_size");
    assert_eq!(p.layer, "environment VORTEX_AUDIO__BLOK_SIZE");
    assert_eq!(p.kind, ProblemKind::UnknownField);
    assert_eq!(
        problem_at(&e, "gpu.index").layer,
        "command line --gpu-index"
    );
    assert_eq!(problem_at(&e, "server.portt").layer, "command line --set");
    let malformed: Vec<_> = e
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Syntax)
        .collect();
    assert_eq!(malformed.len(), 2, "{e}");
    assert!(
        malformed
            .iter()
            .any(|p| p.layer == "environment VORTEX_AUDIO__")
    );
    assert!(malformed.iter().any(|p| p.layer == "command line --set"));
}

#[test]
fn text_values_fall_back_to_strings() {
    let mut cli = CliOverrides::new();
    cli.assign("--set", "ui.language=123");
    let l = AppConfig::load(&LoadOptions {
        env: env(&[
            ("VORTEX_AUDIO__DEVICE", "123"),
            ("VORTEX_SERVER__BIND", "::"),
        ]),
        cli: cli.clone(),
        ..LoadOptions::default()
    });
    // `123` is a device name here, but not a language tag.
    let e = l.unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = problem_at(&e, "ui.language");
    assert_eq!(
        p.message,
        "\"123\" is not a language tag such as `en` or `pt-BR`"
    );
    let l = AppConfig::load(&LoadOptions {
        env: env(&[
            ("VORTEX_AUDIO__DEVICE", "123"),
            ("VORTEX_GPU__ENABLED", "1"),
        ]),
        ..LoadOptions::default()
    });
    let e = l.unwrap_err();
    assert_eq!(
        e.to_string(),
        "environment VORTEX_GPU__ENABLED: gpu.enabled: expected a boolean, found the string \"1\""
    );
    let l = AppConfig::load(&LoadOptions {
        env: env(&[
            ("VORTEX_AUDIO__DEVICE", "123"),
            ("VORTEX_AUDIO__SAMPLE_RATE", "44100"),
        ]),
        ..LoadOptions::default()
    })
    .unwrap();
    assert_eq!(l.config.audio.device.as_deref(), Some("123"));
    assert_eq!(l.config.audio.sample_rate, Some(44100));
}

#[test]
fn wrong_types_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(
        dir.path(),
        "user.toml",
        "audio.block_size = \"big\"\naudio.driver = \"asio\"\nperformance.cpu_affinity = [1, \"x\"]\nserver = 5\n",
    );
    let e = load_err(&user_only(&user));
    let p = problem_at(&e, "audio.block_size");
    assert_eq!(p.kind, ProblemKind::WrongType);
    assert_eq!(
        p.message,
        "expected a whole number of 0 or more, found the string \"big\""
    );
    assert_eq!(p.location, Some((1, 7)));
    let p = problem_at(&e, "audio.driver");
    assert!(
        p.message.contains("\"asio\"") && p.message.contains("`jack`"),
        "{}",
        p.message
    );
    let p = problem_at(&e, "performance.cpu_affinity[1]");
    assert_eq!(p.location, Some((3, 32)));
    assert_eq!(
        problem_at(&e, "server").message,
        "expected a table, found the number 5"
    );
    assert_eq!(e.problems.len(), 4, "{e}");
}

#[test]
fn toml_syntax_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(dir.path(), "user.toml", "[audio]\nblock_size = \n");
    let e = load_err(&user_only(&user));
    let p = &e.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert_eq!(p.layer, user.display().to_string());
    assert_eq!(p.location.map(|l| l.0), Some(2));
    assert!(p.message.starts_with("invalid TOML"), "{}", p.message);
    assert!(p.to_string().starts_with(&format!("{}:2:", user.display())));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let platform = write(dir.path(), "p.toml", "[ui]\ncolour = \"red\"\n");
    let user = write(
        dir.path(),
        "u.toml",
        "[audio]\nblok_size = 1\nperiods = \"two\"\nsample_rate = 1000\nchannels = 0\n\
         [server]\nbind = \"not a host!\"\n[pipeline]\nfile = \"missing.toml\"\n",
    );
    let e = load_err(&LoadOptions {
        platform_file: LayerFile::Optional(platform.clone()),
        user_file: LayerFile::Required(user.clone()),
        env: env(&[("VORTEX_GPU__ENABLED", "maybe")]),
        cli: CliOverrides::new(),
    });
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    for want in [
        "ui.colour",
        "audio.blok_size",
        "audio.periods",
        "gpu.enabled",
        "audio.sample_rate",
        "audio.channels",
        "server.bind",
        "pipeline.file",
    ] {
        assert!(paths.contains(&want), "{want} missing from:\n{e}");
    }
    assert_eq!(e.problems.len(), 8, "{e}");
    assert_eq!(
        problem_at(&e, "ui.colour").layer,
        platform.display().to_string()
    );
    assert_eq!(
        problem_at(&e, "gpu.enabled").layer,
        "environment VORTEX_GPU__ENABLED"
    );
    let p = problem_at(&e, "audio.sample_rate");
    assert_eq!(p.message, "1000 Hz is below 8000 Hz");
    assert_eq!(p.layer, user.display().to_string());
    assert_eq!(p.location, Some((4, 1)));
    assert_eq!(problem_at(&e, "audio.channels").message, "0 is below 1");
    assert_eq!(
        problem_at(&e, "server.bind").message,
        "\"not a host!\" is not an IP address or host name"
    );
    // The pipeline path is resolved against the user file's directory.
    let p = problem_at(&e, "pipeline.file");
    assert!(
        p.message
            .contains(&dir.path().join("missing.toml").display().to_string()),
        "{}",
        p.message
    );
    // One problem per line in the error's text.
    assert_eq!(e.to_string().lines().count(), 8);
}

#[test]
fn safe_values_are_clamped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(
        dir.path(),
        "u.toml",
        "[audio]\nblock_size = 9\nvolume_db = 6\nramp_ms = -5\nperiods = 40\n\
         [server]\nmonitor_rate_hz = 1000\n[performance]\nrt_priority = 0\ncpu_affinity = [1, 1, 2]\n",
    );
    let mut cli = CliOverrides::new();
    cli.set("--spectrum-bars", "ui.spectrum_bars", 4);
    let l = AppConfig::load(&LoadOptions {
        user_file: LayerFile::Required(user.clone()),
        cli,
        ..LoadOptions::default()
    })
    .unwrap();
    let c = &l.config;
    assert_eq!(
        (
            c.audio.block_size,
            c.audio.volume_db,
            c.audio.ramp_ms,
            c.audio.periods
        ),
        (16, 0.0, 0.0, 16)
    );
    assert_eq!(c.server.monitor_rate_hz, 60.0);
    assert_eq!(c.performance.rt_priority, 1);
    assert_eq!(c.performance.cpu_affinity, Some(vec![1, 2]));
    assert_eq!(c.ui.spectrum_bars, 8);
    let text: Vec<String> = l.warnings.iter().map(|w| w.to_string()).collect();
    let u = user.display();
    for want in [
        format!("{u}:2:1: audio.block_size: 9 is below 16; using 16"),
        format!("{u}:3:1: audio.volume_db: 6 dB is above 0 dB; using 0 dB"),
        format!("{u}:4:1: audio.ramp_ms: -5 ms is below 0 ms; using 0 ms"),
        format!("{u}:7:1: server.monitor_rate_hz: 1000 Hz is above 60 Hz; using 60 Hz"),
        "command line --spectrum-bars: ui.spectrum_bars: 4 is below 8; using 8".to_string(),
    ] {
        assert!(text.contains(&want), "{want} not in {text:#?}");
    }
    assert_eq!(text.len(), 8, "{text:#?}");
}

#[test]
fn nan_is_an_error_not_a_clamp() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(dir.path(), "u.toml", "[audio]\nramp_ms = nan\n");
    let e = load_err(&user_only(&user));
    assert!(
        problem_at(&e, "audio.ramp_ms")
            .message
            .starts_with("not a number")
    );
}

#[test]
fn relative_paths_resolve_against_the_file_that_sets_them() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("conf");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "room.toml", "");
    let user = write(
        &sub,
        "u.toml",
        "[pipeline]\nfile = \"room.toml\"\n[diagnostics]\nlog_file = \"vortex.log\"\n",
    );
    let l = AppConfig::load(&user_only(&user)).unwrap();
    assert_eq!(l.config.pipeline.file, Some(sub.join("room.toml")));
    assert_eq!(l.config.diagnostics.log_file, Some(sub.join("vortex.log")));
    // A log file in a directory that does not exist is an error.
    let user = write(
        &sub,
        "u2.toml",
        "[diagnostics]\nlog_file = \"no/such/dir/x.log\"\n",
    );
    let e = load_err(&user_only(&user));
    assert!(
        problem_at(&e, "diagnostics.log_file")
            .message
            .contains("does not exist")
    );
}

#[test]
fn language_and_affinity_checks() {
    let mut c = AppConfig::default();
    c.ui.language = "english!".into();
    c.performance.cpu_affinity = Some(vec![]);
    c.audio.device = Some(" ".into());
    let e = c.validate().unwrap_err();
    assert_eq!(e.problems.len(), 3, "{e}");
    assert!(e.problems.iter().all(|p| p.layer == validate::IN_MEMORY));
    let mut c = AppConfig::default();
    c.ui.language = "pt-BR".into();
    c.server.bind = "my-host.example".into();
    c.performance.cpu_affinity = Some(vec![0, 5000]);
    let e = c.validate().unwrap_err();
    assert_eq!(
        problem_at(&e, "performance.cpu_affinity[1]").message,
        "CPU 5000 is above 1023"
    );
    assert_eq!(e.problems.len(), 1, "{e}");
}

fn schema_value() -> serde_json::Value {
    serde_json::from_str(&json_schema()).expect("the schema is JSON")
}

#[test]
fn schema_lists_sections_ranges_and_defaults() {
    let s = schema_value();
    assert_eq!(s["additionalProperties"], false);
    for section in [
        "audio",
        "pipeline",
        "gpu",
        "server",
        "ui",
        "performance",
        "diagnostics",
    ] {
        assert!(s["properties"][section].is_object(), "{section}");
    }
    let audio = &s["$defs"]["AudioConfig"];
    assert_eq!(audio["additionalProperties"], false);
    let bs = &audio["properties"]["block_size"];
    assert_eq!(bs["minimum"], 16);
    assert_eq!(bs["maximum"], 8192);
    assert_eq!(bs["default"], 256);
    assert_eq!(audio["properties"]["sample_rate"]["minimum"], 8000);
    let aff = &s["$defs"]["PerformanceConfig"]["properties"]["cpu_affinity"];
    assert_eq!(aff["items"]["maximum"], 1023, "{aff}");
}

/// Every key of the schema as `section.key`.
fn schema_keys() -> Vec<String> {
    let s = schema_value();
    let mut keys = Vec::new();
    for (section, v) in s["properties"].as_object().unwrap() {
        let r = v["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        for key in s["$defs"][r]["properties"].as_object().unwrap().keys() {
            keys.push(format!("{section}.{key}"));
        }
    }
    keys
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn checked_in_schema_is_current() {
    let path = repo_file("docs/config.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let checked_in: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    assert!(
        checked_in == schema_value(),
        "docs/config.schema.json differs from the schema of AppConfig; regenerate it with\n\
         cargo run -p vortex -- config schema > docs/config.schema.json"
    );
}

#[test]
fn reference_documents_every_key() {
    let doc = std::fs::read_to_string(repo_file("docs/configuration.md")).unwrap();
    let missing: Vec<_> = schema_keys()
        .into_iter()
        .filter(|k| {
            let (section, key) = k.split_once('.').unwrap();
            let heading = format!("\n## `[{section}]`\n");
            let Some(start) = doc.find(&heading) else {
                return true;
            };
            let body = &doc[start + heading.len()..];
            let body = &body[..body.find("\n## ").unwrap_or(body.len())];
            !body.contains(&format!("\n| `{key}` |"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/configuration.md has no table row for {missing:?}"
    );
}
