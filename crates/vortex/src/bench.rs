//! `vortex bench`: the performance workloads of docs/benchmarks.md, file to file.
//!
//! Generates 60 s (by default) of stereo 44.1 kHz float noise as a WAV file and
//! impulse responses of decaying noise, then runs `vortex process`'s own code path on
//! one thread and reports real-time factor = audio seconds / CPU seconds (user + sys).
//! With `--compare-ffmpeg` the same workloads run through ffmpeg (afir with
//! 8192-sample partitions, or a chain of `equalizer` filters) on the same machine.

use crate::cpu_time;
use crate::{EXIT_FAILED, EXIT_OK};
use clap::Args;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use vortex_dsp::dither::DitherKind;
use vortex_dsp::noise::WhiteNoise;
use vortex_engine::decode::DecodeOptions;
use vortex_engine::encode::{Container, SampleFormat, write_float_wav};
use vortex_engine::pipeline_file::load_pipeline;
use vortex_engine::process::{OutputOptions, process_file};
use vortex_engine::reference_load::{decaying_noise_ir, peq_bank, reference_toml};

const FS: u32 = 44100;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Length of the test signal, seconds.
    #[arg(long, default_value_t = 60.0)]
    seconds: f64,
    /// Block size (latency) for the FIR workloads, samples.
    #[arg(long, default_value_t = 1024)]
    block: usize,
    /// Workloads to run (comma separated): passthrough, fir262k, fir65k, biquad16 (file to
    /// file, 44.1 kHz stereo); pitch, levels, levels-sample-peak, spectrum,
    /// spectrum-hop4096 (analyzers in memory, 48 kHz, 1024-sample batches).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "passthrough,fir262k,fir65k,biquad16,pitch,levels,levels-sample-peak,spectrum,spectrum-hop4096"
    )]
    only: Vec<String>,
    /// Also run ffmpeg (processing workloads) and aubiopitch (pitch) on the same input
    /// and print the ratios.
    #[arg(long)]
    compare_ffmpeg: bool,
    /// Runs per workload; the fastest is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Keep the generated files in this directory instead of a temporary one.
    #[arg(long)]
    workdir: Option<PathBuf>,
    /// Instead of the offline workloads, run the real-time engine on the reference load
    /// (65 536-tap FIR + 16 biquads per channel, 48 kHz) into the paced null sink and
    /// report load and underruns per period size (see --rt-blocks, --rt-seconds).
    #[arg(long)]
    realtime: bool,
    /// Period sizes for --realtime, frames.
    #[arg(long, value_delimiter = ',', default_value = "256,128,64,32")]
    rt_blocks: Vec<usize>,
    /// Seconds per period size for --realtime.
    #[arg(long, default_value_t = 60.0)]
    rt_seconds: f64,
    /// Device buffer in periods for --realtime.
    #[arg(long, default_value_t = 2)]
    rt_periods: usize,
    /// Run --realtime without the thread that keeps a core busy.
    #[arg(long)]
    rt_idle: bool,
    /// Instead of the offline workloads, measure batched convolution on a compute
    /// backend: cpu, wgpu or cuda (see --gpu-channels, --taps, --block, --gpu-blocks).
    #[arg(long, conflicts_with_all = ["realtime", "server"])]
    backend: Option<String>,
    /// Device of --backend (the index `vortex devices --gpu` shows).
    #[arg(long, default_value_t = 0)]
    device_index: usize,
    /// Channel counts for --backend.
    #[arg(long, value_delimiter = ',', default_value = "1,16,64")]
    gpu_channels: Vec<usize>,
    /// Filter length for --backend, taps.
    #[arg(long, default_value_t = 65_536)]
    taps: usize,
    /// Sample rate for --backend's real-time factor, Hz.
    #[arg(long, default_value_t = 48_000.0)]
    rate: f64,
    /// Blocks timed per channel count for --backend.
    #[arg(long, default_value_t = 100)]
    gpu_blocks: usize,
    /// Instead of the offline workloads, measure the server's cost of monitoring:
    /// WebSocket clients asking for levels, spectrum, pitch and metrics (see
    /// --server-clients, --server-rate, --server-seconds).
    #[arg(long, conflicts_with = "realtime")]
    server: bool,
    /// Clients for --server.
    #[arg(long, default_value_t = 8)]
    server_clients: usize,
    /// Monitoring rate each --server client asks for, Hz (1..=60).
    #[arg(long, default_value_t = 60)]
    server_rate: u32,
    /// Seconds --server measures, without and then with the clients.
    #[arg(long, default_value_t = 20.0)]
    server_seconds: f64,
}

fn noise(n: usize, seed: u64, amp: f32) -> Vec<f32> {
    WhiteNoise::new(seed).take(n, amp)
}

/// Writes a 32-bit float WAV at `FS`.
pub(crate) fn write_wav(path: &Path, chans: &[Vec<f32>]) -> Result<(), String> {
    write_wav_at(path, chans, FS)
}

/// Writes a 32-bit float WAV at `rate` Hz.
pub(crate) fn write_wav_at(path: &Path, chans: &[Vec<f32>], rate: u32) -> Result<(), String> {
    write_float_wav(path, chans, rate)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

struct Workload {
    name: &'static str,
    pipeline: Option<PathBuf>,
    ffmpeg: Option<Vec<String>>,
}

fn prepare(dir: &Path, block: usize, names: &[String]) -> Result<Vec<Workload>, String> {
    let mut out = Vec::new();
    for name in names {
        let w = match name.as_str() {
            "passthrough" => Workload {
                name: "passthrough",
                pipeline: None,
                ffmpeg: None,
            },
            "fir262k" | "fir65k" => {
                let taps = if name == "fir262k" { 262_144 } else { 65_536 };
                let irf = dir.join(format!("ir_{taps}.wav"));
                if !irf.exists() {
                    write_wav(
                        &irf,
                        &[decaying_noise_ir(taps, 1), decaying_noise_ir(taps, 2)],
                    )?;
                }
                let toml = format!(
                    "[settings]\nblock_size = {block}\n\n\
                     [filters.ir_l]\ntype = \"conv\"\nfile = \"ir_{taps}.wav\"\nchannel = 0\n\n\
                     [filters.ir_r]\ntype = \"conv\"\nfile = \"ir_{taps}.wav\"\nchannel = 1\n\n\
                     [[steps]]\ntype = \"filter\"\nchannels = [0]\nnames = [\"ir_l\"]\n\n\
                     [[steps]]\ntype = \"filter\"\nchannels = [1]\nnames = [\"ir_r\"]\n"
                );
                let p = dir.join(format!("{name}.toml"));
                std::fs::write(&p, toml).map_err(|e| e.to_string())?;
                let ffmpeg = vec![
                    "-i".into(),
                    irf.display().to_string(),
                    "-filter_complex".into(),
                    "[0:a][1:a]afir=minp=8192:maxp=8192:irfmt=input[out]".into(),
                    "-map".into(),
                    "[out]".into(),
                ];
                Workload {
                    name: if taps == 65_536 { "fir65k" } else { "fir262k" },
                    pipeline: Some(p),
                    ffmpeg: Some(ffmpeg),
                }
            }
            "biquad16" => {
                let eqs: Vec<String> = peq_bank()
                    .into_iter()
                    .map(|(f, g, q)| format!("equalizer=f={f}:t=q:w={q}:g={g}"))
                    .collect();
                let p = dir.join("biquad16.toml");
                std::fs::write(&p, reference_toml(None)).map_err(|e| e.to_string())?;
                Workload {
                    name: "biquad16",
                    pipeline: Some(p),
                    ffmpeg: Some(vec!["-af".into(), eqs.join(",")]),
                }
            }
            other => return Err(format!("unknown workload `{other}`")),
        };
        out.push(w);
    }
    Ok(out)
}

fn run_vortex(w: &Workload, input: &Path, output: &Path) -> Result<Duration, String> {
    let src = match &w.pipeline {
        Some(p) => load_pipeline(p).map_err(|e| e.to_string())?,
        None => vortex_engine::process::PipelineSource::passthrough(),
    };
    let opts = OutputOptions {
        container: Container::Wav,
        format: SampleFormat::F32,
        dither: DitherKind::None,
        overwrite: true,
    };
    let t0 = cpu_time::this_process();
    process_file(
        input,
        output,
        &src,
        &opts,
        &DecodeOptions::default(),
        &mut |_, _| {},
    )
    .map_err(|e| e.to_string())?;
    Ok(cpu_time::this_process() - t0)
}

fn run_ffmpeg(args: &[String], input: &Path, output: &Path) -> Result<Duration, String> {
    let t0 = cpu_time::children();
    let status = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-nostdin",
            "-threads",
            "1",
            "-filter_threads",
            "1",
            "-i",
        ])
        .arg(input)
        .args(args)
        .args(["-c:a", "pcm_f32le", "-y"])
        .arg(output)
        .status()
        .map_err(|e| format!("cannot run ffmpeg (run scripts/setup.sh): {e}"))?;
    if !status.success() {
        return Err(format!("ffmpeg failed: {status}"));
    }
    Ok(cpu_time::children() - t0)
}

pub(crate) fn best<F: FnMut() -> Result<Duration, String>>(
    runs: usize,
    mut f: F,
) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs.max(1) {
        best = best.min(f()?);
    }
    Ok(best)
}

pub fn run(args: BenchArgs) -> u8 {
    match bench(&args) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("vortex bench: {e}");
            EXIT_FAILED
        }
    }
}

fn bench(args: &BenchArgs) -> Result<(), String> {
    if let Some(backend) = &args.backend {
        return crate::bench_gpu::run(&crate::bench_gpu::GpuBench {
            backend,
            device_index: args.device_index,
            channels: &args.gpu_channels,
            taps: args.taps,
            block: args.block,
            rate: args.rate,
            blocks: args.gpu_blocks,
        });
    }
    let tmp;
    let dir = match &args.workdir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| e.to_string())?;
            d.clone()
        }
        None => {
            tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
            tmp.path().to_path_buf()
        }
    };
    if args.realtime {
        return crate::bench_realtime::run(&crate::bench_realtime::RealtimeBench {
            blocks: &args.rt_blocks,
            periods: args.rt_periods,
            seconds: args.rt_seconds,
            busy: !args.rt_idle,
            dir: &dir,
        });
    }
    if args.server {
        return crate::bench_server::run(&crate::bench_server::ServerBench {
            clients: args.server_clients,
            rate_hz: args.server_rate,
            seconds: args.server_seconds,
            dir: &dir,
        });
    }
    let frames = (args.seconds * f64::from(FS)) as usize;
    let input = dir.join("noise.wav");
    let t = Instant::now();
    write_wav(&input, &[noise(frames, 11, 0.25), noise(frames, 12, 0.25)])?;
    eprintln!(
        "generated {:.0} s of stereo {FS} Hz float noise in {:.1} s",
        args.seconds,
        t.elapsed().as_secs_f64()
    );
    let (analysis, processing): (Vec<String>, Vec<String>) = args
        .only
        .iter()
        .cloned()
        .partition(|w| crate::bench_analysis::WORKLOADS.contains(&w.as_str()));
    let workloads = prepare(&dir, args.block, &processing)?;
    let output = dir.join("out.wav");
    if !workloads.is_empty() {
        println!(
            "{:<12} {:>10} {:>12}{}",
            "workload",
            "cpu s",
            "x realtime",
            if args.compare_ffmpeg {
                "   ffmpeg cpu s  ffmpeg x rt   vortex/ffmpeg"
            } else {
                ""
            }
        );
        for w in &workloads {
            let cpu = best(args.runs, || run_vortex(w, &input, &output))?;
            let rtf = args.seconds / cpu.as_secs_f64();
            let mut line = format!("{:<12} {:>10.3} {:>12.1}", w.name, cpu.as_secs_f64(), rtf);
            if args.compare_ffmpeg
                && let Some(ff) = &w.ffmpeg
            {
                let fcpu = best(args.runs, || run_ffmpeg(ff, &input, &output))?;
                let frtf = args.seconds / fcpu.as_secs_f64();
                let _ = write!(
                    line,
                    "   {:>12.3} {:>12.1} {:>14.2}",
                    fcpu.as_secs_f64(),
                    frtf,
                    rtf / frtf
                );
            }
            println!("{line}");
        }
    }
    if !analysis.is_empty() {
        crate::bench_analysis::run(
            &dir,
            args.seconds,
            args.runs,
            &analysis,
            args.compare_ffmpeg,
        )?;
    }
    Ok(())
}
