//! The reference real-time workload that the engine's load test and `vortex bench`
//! use: per channel, a long FIR (decaying noise, like a room-correction filter) and 16
//! peaking biquads spread over the audio band.

use crate::config::PipelineConfig;
use crate::encode::{AudioWriter, Container, OutputSpec, SampleFormat};
use crate::process::PipelineSource;
use std::fmt::Write as _;
use std::path::Path;
use vortex_dsp::PlanarBuf;
use vortex_dsp::noise::WhiteNoise;

/// Taps of the reference FIR.
pub const REFERENCE_TAPS: usize = 65_536;

/// 16 peaking filters: (freq Hz, gain dB, Q), 25 Hz to about 17 kHz.
pub fn peq_bank() -> Vec<(f64, f64, f64)> {
    (0..16)
        .map(|i| {
            let f = 25.0 * 1.55f64.powi(i);
            let g = if i % 2 == 0 { 3.0 } else { -4.5 };
            (f, g, 1.0 + 0.25 * f64::from(i % 4))
        })
        .collect()
}

/// `len` samples of white noise (amplitude 0.5) decaying by 60 dB over its length.
pub fn decaying_noise_ir(len: usize, seed: u64) -> Vec<f32> {
    let k = -6.9 / len as f32;
    WhiteNoise::new(seed)
        .take(len, 0.5)
        .iter()
        .enumerate()
        .map(|(i, v)| v * (k * i as f32).exp())
        .collect()
}

/// Pipeline TOML for two channels: `fir` (a conv filter per channel reading channel 0
/// and 1 of `ir_file`) when `ir_file` is given, then the 16 biquads on both channels.
pub fn reference_toml(ir_file: Option<&str>) -> String {
    let mut toml = String::new();
    if let Some(f) = ir_file {
        for c in 0..2 {
            let _ = write!(
                toml,
                "[filters.fir{c}]\ntype = \"conv\"\nfile = \"{f}\"\nchannel = {c}\n\n"
            );
        }
    }
    let mut names = Vec::new();
    for (i, (f, g, q)) in peq_bank().into_iter().enumerate() {
        let _ = write!(
            toml,
            "[filters.p{i}]\ntype = \"peaking\"\nfreq = {f}\ngain = {g}\nq = {q}\n\n"
        );
        names.push(format!("\"p{i}\""));
    }
    if ir_file.is_some() {
        for c in 0..2 {
            let _ = write!(
                toml,
                "[[steps]]\ntype = \"filter\"\nchannels = [{c}]\nnames = [\"fir{c}\"]\n\n"
            );
        }
    }
    let _ = write!(
        toml,
        "[[steps]]\ntype = \"filter\"\nnames = [{}]\n",
        names.join(", ")
    );
    toml
}

/// Writes a stereo `taps`-tap IR at `rate` Hz into `dir` and returns the reference
/// pipeline (FIR plus 16 biquads per channel) reading it.
///
/// # Errors
/// A message if the IR cannot be written or the pipeline does not parse.
pub fn reference_pipeline(dir: &Path, rate: u32, taps: usize) -> Result<PipelineSource, String> {
    let name = format!("reference_ir_{taps}_{rate}.wav");
    let path = dir.join(&name);
    if !path.exists() {
        let spec = OutputSpec {
            container: Container::Wav,
            format: SampleFormat::F32,
            sample_rate: rate,
            channels: 2,
        };
        let buf =
            PlanarBuf::from_channels(&[decaying_noise_ir(taps, 1), decaying_noise_ir(taps, 2)]);
        let mut w = AudioWriter::create(&path, &spec, true).map_err(|e| e.to_string())?;
        w.write(&buf, buf.frames()).map_err(|e| e.to_string())?;
        w.finish().map_err(|e| e.to_string())?;
    }
    let cfg = PipelineConfig::from_toml(&reference_toml(Some(&name))).map_err(|e| e.to_string())?;
    Ok(PipelineSource::new(cfg, dir.to_path_buf()))
}
