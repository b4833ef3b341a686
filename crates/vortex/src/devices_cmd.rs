//! `vortex devices`: the audio devices of every host, with their supported formats, and
//! which output drivers automatic selection could use.

use crate::EXIT_OK;
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use vortex_engine::devices::{DeviceInfo, DeviceList, HostDevices, list_devices};
use vortex_engine::driver::default_backends;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// One JSON object: `hosts` (each with `outputs` and `inputs`) and `drivers`
    /// (`driver`, `available`, `reason`).
    Json,
}

#[derive(Args, Debug)]
pub struct DevicesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// List compute devices (CPU, wgpu, CUDA) instead of audio devices.
    #[arg(long)]
    gpu: bool,
}

/// Whether one output driver could be tried now, and why not.
struct DriverStatus {
    name: &'static str,
    problem: Option<String>,
}

fn driver_status() -> Vec<DriverStatus> {
    default_backends()
        .iter()
        .map(|b| DriverStatus {
            name: b.driver().name(),
            problem: b.available().err(),
        })
        .collect()
}

pub fn run(args: DevicesArgs) -> u8 {
    if args.gpu {
        let backends = vortex_gpu::discover();
        crate::emit(&match args.format {
            Format::Json => compute_json(&backends),
            Format::Table => compute_table(&backends),
        });
        return EXIT_OK;
    }
    let list = list_devices();
    let drivers = driver_status();
    let text = match args.format {
        Format::Json => json(&list, &drivers),
        Format::Table => table(&list, &drivers),
    };
    crate::emit(&text);
    EXIT_OK
}

fn json(list: &DeviceList, drivers: &[DriverStatus]) -> String {
    let mut drivers: Vec<serde_json::Value> = drivers
        .iter()
        .map(|d| {
            serde_json::json!({
                "driver": d.name,
                "available": d.problem.is_none(),
                "reason": d.problem,
            })
        })
        .collect();
    // The null sink is always there (the last resort of automatic selection).
    drivers.push(serde_json::json!({ "driver": "null", "available": true, "reason": null }));
    let doc = serde_json::json!({ "hosts": list.hosts, "drivers": drivers });
    let mut s = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the device list: {e}\"}}"));
    s.push('\n');
    s
}

fn table(list: &DeviceList, drivers: &[DriverStatus]) -> String {
    let mut s = String::new();
    if list.hosts.is_empty() {
        s.push_str("No audio hosts in this build.\n");
    }
    for h in &list.hosts {
        host_table(&mut s, h);
    }
    s.push_str("\nOutput drivers, in the order automatic selection tries them:\n");
    for d in drivers {
        let state = match &d.problem {
            None => "available".to_owned(),
            Some(p) => format!("not available: {p}"),
        };
        let _ = writeln!(s, "  {:<9} {state}", d.name);
    }
    let _ = writeln!(s, "  {:<9} always (silent, paced at real time)", "null");
    s
}

fn host_table(s: &mut String, h: &HostDevices) {
    let _ = writeln!(s, "Host {}", h.host);
    if let Some(e) = &h.error {
        let _ = writeln!(s, "  error: {e}");
        return;
    }
    if h.outputs.is_empty() && h.inputs.is_empty() {
        let hint = if h.host == "jack" {
            " (no JACK server is running)"
        } else {
            ""
        };
        let _ = writeln!(s, "  no devices{hint}");
        return;
    }
    for (title, devices) in [("Outputs", &h.outputs), ("Inputs", &h.inputs)] {
        let _ = writeln!(s, "  {title}:");
        if devices.is_empty() {
            let _ = writeln!(s, "    none");
        }
        for d in devices {
            device_table(s, d);
        }
    }
}

fn device_table(s: &mut String, d: &DeviceInfo) {
    let mark = if d.is_default { "*" } else { " " };
    let _ = write!(s, "  {mark} {}", d.id);
    if d.name != d.id {
        let _ = write!(s, "  ({})", d.name);
    }
    s.push('\n');
    if let Some(e) = &d.error {
        let _ = writeln!(s, "      {e}");
        return;
    }
    let rates: Vec<String> = d
        .sample_rates
        .iter()
        .map(|r| {
            if r.min_hz == r.max_hz {
                r.min_hz.to_string()
            } else {
                format!("{}-{}", r.min_hz, r.max_hz)
            }
        })
        .collect();
    let _ = writeln!(
        s,
        "      channels {}; rates {} Hz; formats {}",
        ranges(&d.channels),
        rates.join(", "),
        d.formats.join(" ")
    );
}

/// `1-8, 10` from ascending, distinct counts.
fn ranges(values: &[u16]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let start = values[i];
        let mut end = start;
        while i + 1 < values.len() && values[i + 1] == end.saturating_add(1) {
            i += 1;
            end = values[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn compute_json(backends: &[vortex_gpu::BackendStatus]) -> String {
    let doc: Vec<serde_json::Value> = backends
        .iter()
        .map(|b| {
            let devices: Vec<serde_json::Value> = b
                .devices
                .iter()
                .enumerate()
                .map(|(index, d)| serde_json::json!({ "index": index, "name": d.name, "memory_bytes": d.memory_bytes }))
                .collect();
            serde_json::json!({ "backend": b.kind.as_str(), "devices": devices, "problem": b.problem })
        })
        .collect();
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn compute_table(backends: &[vortex_gpu::BackendStatus]) -> String {
    let mut s = String::from("Compute backends and devices (gpu.backend, gpu.device_index):\n");
    for b in backends {
        match &b.problem {
            Some(problem) => {
                let _ = writeln!(s, "  {:<5} {problem}", b.kind.as_str());
            }
            None => {
                for (i, d) in b.devices.iter().enumerate() {
                    let memory = match d.memory_bytes {
                        0 => "memory not reported".to_owned(),
                        m => format!("{:.1} GiB", m as f64 / f64::from(1u32 << 30)),
                    };
                    let _ = writeln!(s, "  {:<5} {i}  {}  ({memory})", b.kind.as_str(), d.name);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::ranges;

    #[test]
    fn channel_ranges_are_condensed() {
        assert_eq!(ranges(&[1, 2, 3, 4, 6, 8, 9]), "1-4, 6, 8-9");
        assert_eq!(ranges(&[2]), "2");
        assert_eq!(ranges(&[]), "none");
    }
}
