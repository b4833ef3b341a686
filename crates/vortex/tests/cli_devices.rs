//! `vortex devices` end to end: it lists whatever this machine has (possibly nothing)
//! and exits 0.

use std::process::{Command, Output};

fn vortex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vortex"))
        .args(args)
        .output()
        .expect("run vortex")
}

#[test]
fn json_lists_hosts_with_outputs_and_inputs() {
    let o = vortex(&["devices", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let hosts = v["hosts"].as_array().expect("hosts array");
    if cfg!(target_os = "linux") {
        assert!(hosts.iter().any(|h| h["host"] == "alsa"), "{v}");
    }
    for h in hosts {
        assert!(h["host"].is_string());
        for dir in ["outputs", "inputs"] {
            for d in h[dir].as_array().expect("device array") {
                assert!(d["id"].is_string() && d["name"].is_string(), "{d}");
                assert!(d["is_default"].is_boolean());
                assert!(d["channels"].is_array() && d["formats"].is_array());
                assert!(d["sample_rates"].is_array() && d["configs"].is_array());
            }
        }
    }
    let drivers: Vec<&str> = v["drivers"]
        .as_array()
        .expect("drivers array")
        .iter()
        .map(|d| d["driver"].as_str().unwrap())
        .collect();
    assert_eq!(drivers, ["jack", "pipewire", "alsa", "default", "null"]);
}

#[test]
fn table_is_the_default_and_exits_zero() {
    let o = vortex(&["devices"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Output drivers"), "{text}");
    if cfg!(target_os = "linux") {
        assert!(text.contains("Host alsa"), "{text}");
    }
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let o = vortex(&["devices", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn gpu_lists_the_compute_backends() {
    let o = vortex(&["devices", "--gpu", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let backends: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["backend"].as_str().unwrap())
        .collect();
    assert_eq!(backends, ["cpu", "wgpu", "cuda"]);
    let cpu = &v[0]["devices"][0];
    assert!(cpu["name"].as_str().unwrap().starts_with("CPU ("), "{cpu}");
    // Each backend has devices or says why not.
    for b in v.as_array().unwrap() {
        let empty = b["devices"].as_array().unwrap().is_empty();
        assert_eq!(empty, b["problem"].is_string(), "{b}");
    }
    let table = String::from_utf8(vortex(&["devices", "--gpu"]).stdout).unwrap();
    assert!(
        table.contains("Compute backends") && table.contains("cuda"),
        "{table}"
    );
}

#[test]
fn bench_backend_cpu_measures_a_small_load() {
    let o = vortex(&[
        "bench",
        "--backend",
        "cpu",
        "--gpu-channels",
        "1,2",
        "--taps",
        "4096",
        "--block",
        "256",
        "--gpu-blocks",
        "5",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with(['1', '2']))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    let o = vortex(&["bench", "--backend", "opencl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected cpu, wgpu or cuda"));
}
