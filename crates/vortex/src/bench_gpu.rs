//! `vortex bench --backend cpu|wgpu|cuda`: batched convolution on a compute backend.
//! For each channel count: wall time per block over `--gpu-blocks` blocks (after 5 of
//! warm-up), the real-time factor (block period / time per block; above 1 keeps up) and
//! the offline throughput (channel-samples per second). On a machine without a GPU, wgpu
//! runs on lavapipe: a functional check, not a speed measurement.

use std::fmt::Write as _;
use std::time::Instant;

use vortex_dsp::noise::WhiteNoise;
use vortex_gpu::{BatchConvolver, ComputeBackend, ConvSpec, CpuBackend};

/// What to measure.
pub struct GpuBench<'a> {
    pub backend: &'a str,
    #[cfg_attr(not(feature = "wgpu"), allow(dead_code))]
    pub device_index: usize,
    pub channels: &'a [usize],
    pub taps: usize,
    pub block: usize,
    pub rate: f64,
    pub blocks: usize,
}

pub fn run(b: &GpuBench<'_>) -> Result<(), String> {
    match b.backend {
        "cpu" => measure(b, &CpuBackend::new()),
        "wgpu" => wgpu(b),
        "cuda" => Err("the cuda backend is not built into this binary".into()),
        other => Err(format!("--backend {other}: expected cpu, wgpu or cuda")),
    }
}

#[cfg(feature = "wgpu")]
fn wgpu(b: &GpuBench<'_>) -> Result<(), String> {
    let backend = vortex_gpu::wgpu::WgpuBackend::new(b.device_index).map_err(|e| e.to_string())?;
    let model = backend.model(21).map_err(|e| e.to_string())?;
    println!(
        "round trip (a block's fixed cost: upload, kernels, readback), median of 21: {:.3} ms",
        model.round_trip_s * 1e3
    );
    measure(b, &backend)
}

#[cfg(not(feature = "wgpu"))]
fn wgpu(_: &GpuBench<'_>) -> Result<(), String> {
    Err("the wgpu backend is not built into this binary".into())
}

fn measure<B: ComputeBackend>(b: &GpuBench<'_>, backend: &B) -> Result<(), String> {
    let mut out = format!(
        "backend {} on {}: {} taps, {}-sample blocks at {} Hz ({:.3} ms per block)\n",
        b.backend,
        backend.info().name,
        b.taps,
        b.block,
        b.rate,
        b.block as f64 / b.rate * 1e3
    );
    let _ = writeln!(
        out,
        "{:>8} {:>12} {:>12} {:>14}",
        "channels", "ms/block", "x real time", "Msamples/s"
    );
    print!("{out}");
    for &channels in b.channels {
        let spec = ConvSpec {
            channels,
            taps: b.taps,
            block: b.block,
        };
        let filters: Vec<Vec<f32>> = (0..channels)
            .map(|c| WhiteNoise::new(c as u64 + 1).take(b.taps, 0.01))
            .collect();
        let refs: Vec<&[f32]> = filters.iter().map(Vec::as_slice).collect();
        let mut conv = backend
            .convolver(spec, &refs)
            .map_err(|e| format!("{channels} channels: {e}"))?;
        let input: Vec<Vec<f32>> = (0..channels)
            .map(|c| WhiteNoise::new(1000 + c as u64).take(b.block, 0.5))
            .collect();
        let ins: Vec<&[f32]> = input.iter().map(Vec::as_slice).collect();
        let mut output = vec![vec![0.0f32; b.block]; channels];
        let mut run = |n: usize| -> Result<f64, String> {
            let start = Instant::now();
            for _ in 0..n {
                let mut outs: Vec<&mut [f32]> = output.iter_mut().map(Vec::as_mut_slice).collect();
                conv.process(&ins, &mut outs, None)
                    .map_err(|e| e.to_string())?;
            }
            Ok(start.elapsed().as_secs_f64() / n as f64)
        };
        run(5)?;
        let per_block = run(b.blocks.max(1))?;
        let realtime = b.block as f64 / b.rate / per_block;
        let throughput = (channels * b.block) as f64 / per_block / 1e6;
        println!(
            "{channels:>8} {:>12.3} {realtime:>12.1} {throughput:>14.1}",
            per_block * 1e3
        );
    }
    Ok(())
}
