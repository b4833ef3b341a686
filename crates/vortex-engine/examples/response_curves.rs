//! Writes the magnitude and phase responses of a set of filters, as the engine designs
//! them, to a JSON file: the reference the web UI's response-curve math is tested
//! against (`web/src/pipeline/fixtures/responses.json`). The test command runs this
//! before the UI's tests, so the reference always follows the engine.
//!
//! `cargo run -p vortex-engine --example response_curves -- OUT.json`

use serde_json::{Value, json};
use std::collections::BTreeMap;
use vortex_engine::config::{FilterConfig, PipelineConfig, StepConfig};
use vortex_engine::process::PipelineSource;
use vortex_engine::validate::OpDesign;

/// Sample rate of every curve, Hz.
const SAMPLE_RATE: u32 = 48_000;
/// Points per curve, log-spaced from 10 Hz to 23.9 kHz.
const POINTS: usize = 160;

/// The filters, as a pipeline file would write them (one case per filter type and
/// width option the UI plots).
fn cases() -> Vec<(&'static str, Value)> {
    vec![
        (
            "peaking_q",
            json!({"type": "peaking", "freq": 1000.0, "gain": 6.0, "q": 1.41}),
        ),
        (
            "peaking_cut_bandwidth",
            json!({"type": "peaking", "freq": 120.0, "gain": -9.5, "bandwidth": 0.5}),
        ),
        (
            "lowshelf_slope",
            json!({"type": "lowshelf", "freq": 105.0, "gain": 5.5, "slope": 12.0}),
        ),
        (
            "lowshelf_q",
            json!({"type": "lowshelf", "freq": 200.0, "gain": -4.0, "q": 0.707}),
        ),
        (
            "highshelf_slope",
            json!({"type": "highshelf", "freq": 8000.0, "gain": -3.0, "slope": 6.0}),
        ),
        (
            "highshelf_bandwidth",
            json!({"type": "highshelf", "freq": 5000.0, "gain": 2.5, "bandwidth": 1.0}),
        ),
        (
            "lowshelf_fo",
            json!({"type": "lowshelf_fo", "freq": 300.0, "gain": 4.0}),
        ),
        (
            "highshelf_fo",
            json!({"type": "highshelf_fo", "freq": 3000.0, "gain": -6.0}),
        ),
        (
            "lowpass",
            json!({"type": "lowpass", "freq": 2000.0, "q": 0.707}),
        ),
        (
            "highpass",
            json!({"type": "highpass", "freq": 80.0, "q": 1.2}),
        ),
        ("lowpass_fo", json!({"type": "lowpass_fo", "freq": 5000.0})),
        ("highpass_fo", json!({"type": "highpass_fo", "freq": 40.0})),
        (
            "bandpass",
            json!({"type": "bandpass", "freq": 1500.0, "q": 2.0}),
        ),
        (
            "notch",
            json!({"type": "notch", "freq": 60.0, "bandwidth": 0.2}),
        ),
        (
            "allpass",
            json!({"type": "allpass", "freq": 700.0, "q": 0.5}),
        ),
        ("allpass_fo", json!({"type": "allpass_fo", "freq": 400.0})),
        (
            "linkwitz_transform",
            json!({"type": "linkwitz_transform", "freq_act": 50.0, "q_act": 0.9, "freq_target": 25.0, "q_target": 0.6}),
        ),
        (
            "butterworth_lowpass_5",
            json!({"type": "butterworth_lowpass", "freq": 3000.0, "order": 5}),
        ),
        (
            "butterworth_highpass_4",
            json!({"type": "butterworth_highpass", "freq": 100.0, "order": 4}),
        ),
        (
            "linkwitz_riley_lowpass_4",
            json!({"type": "linkwitz_riley_lowpass", "freq": 2200.0, "order": 4}),
        ),
        (
            "linkwitz_riley_highpass_2",
            json!({"type": "linkwitz_riley_highpass", "freq": 2200.0, "order": 2}),
        ),
        (
            "biquad",
            json!({"type": "biquad", "b0": 0.9, "b1": -1.6, "b2": 0.75, "a1": -1.55, "a2": 0.7}),
        ),
        ("tilt", json!({"type": "tilt", "gain": -3.0})),
        (
            "graphic_eq",
            json!({"type": "graphic_eq", "gains": [3.0, -2.0, 0.0, 4.5, -6.0, 1.0, 0.0, -1.5, 2.0, 0.5]}),
        ),
        (
            "gain",
            json!({"type": "gain", "gain": -4.5, "inverted": true}),
        ),
    ]
}

/// The response of one designed filter at `freq` Hz: (magnitude dB, phase degrees).
fn response(ops: &[OpDesign], freq: f64) -> (f64, f64) {
    let fs = f64::from(SAMPLE_RATE);
    let (mut db, mut rad) = (0.0, 0.0);
    for op in ops {
        match op {
            OpDesign::Cascade { sections, .. } => {
                for s in sections {
                    let (re, im) = s.response(freq, fs);
                    db += 20.0 * re.hypot(im).log10();
                    rad += im.atan2(re);
                }
            }
            OpDesign::Gain { factor, .. } => {
                db += 20.0 * factor.abs().log10();
                if *factor < 0.0 {
                    rad += std::f64::consts::PI;
                }
            }
            other => panic!("no frequency response for {other:?}"),
        }
    }
    let deg = rad.to_degrees();
    // Wrapped to (-180, 180], as the UI plots it.
    let wrapped = deg - 360.0 * ((deg + 180.0) / 360.0).ceil() + 360.0;
    (db, wrapped)
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .expect("usage: response_curves OUT.json");
    let freqs: Vec<f64> = (0..POINTS)
        .map(|i| 10.0 * (23_900.0f64 / 10.0).powf(i as f64 / (POINTS - 1) as f64))
        .collect();
    let mut curves = Vec::new();
    for (name, filter) in cases() {
        let parsed: FilterConfig = serde_json::from_value(filter.clone()).expect(name);
        let cfg = PipelineConfig {
            filters: BTreeMap::from([("f".to_string(), parsed)]),
            steps: vec![StepConfig::Filter {
                channels: None,
                names: vec!["f".into()],
                bypassed: false,
            }],
            ..PipelineConfig::default()
        };
        let design = PipelineSource::new(cfg, ".".into())
            .design_for(SAMPLE_RATE, 1)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (magnitude_db, phase_deg): (Vec<f64>, Vec<f64>) =
            freqs.iter().map(|&f| response(&design.ops, f)).unzip();
        curves.push(json!({
            "name": name,
            "filter": filter,
            "magnitude_db": magnitude_db,
            "phase_deg": phase_deg,
        }));
    }
    let doc = json!({
        "comment": "Written by `cargo run -p vortex-engine --example response_curves`; do not edit.",
        "sample_rate": SAMPLE_RATE,
        "freqs_hz": freqs,
        "curves": curves,
    });
    let text = serde_json::to_string_pretty(&doc).expect("JSON") + "\n";
    let tmp = format!("{out}.tmp");
    std::fs::write(&tmp, text).unwrap_or_else(|e| panic!("{tmp}: {e}"));
    std::fs::rename(&tmp, &out).unwrap_or_else(|e| panic!("{out}: {e}"));
}
