//! `vortex`: the command line. See `docs/cli.md` for the commands and exit codes.

mod analyze_cmd;
mod bench;
mod bench_analysis;
mod bench_gpu;
mod bench_realtime;
mod bench_server;
mod config_cmd;
mod cpu_time;
mod devices_cmd;
mod engine_setup;
mod generate_cmd;
mod import_cmd;
mod output_args;
mod play_cmd;
mod process_cmd;
mod serve_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit status: every file processed.
pub const EXIT_OK: u8 = 0;
/// Exit status: at least one input failed (decode, write, existing output).
pub const EXIT_FAILED: u8 = 1;
/// Exit status: bad command line (clap's own code).
pub const EXIT_USAGE: u8 = 2;
/// Exit status: the pipeline or EQ file is invalid.
pub const EXIT_CONFIG: u8 = 3;

#[derive(Parser)]
#[command(name = "vortex", version, about = "Vortex real-time audio engine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Process audio files through a pipeline (file to file, offline).
    Process(process_cmd::ProcessArgs),
    /// Print the pipeline TOML equivalent to an AutoEQ/EqualizerAPO or REW filter file.
    Import(import_cmd::ImportArgs),
    /// Check a pipeline for a sample rate and channel count without processing anything.
    Validate(import_cmd::ValidateArgs),
    /// Write a test signal (tone, sweep, noise) to a file.
    Generate(generate_cmd::GenerateArgs),
    /// Measure levels, loudness, pitch and spectrum of a file.
    Analyze(analyze_cmd::AnalyzeArgs),
    /// Measure processing speed on generated workloads (see docs/benchmarks.md).
    Bench(bench::BenchArgs),
    /// List audio devices (outputs and inputs, with rates and formats) and drivers.
    Devices(devices_cmd::DevicesArgs),
    /// Play files, a test signal or a capture device through a pipeline, in real time.
    Play(play_cmd::PlayArgs),
    /// Run the engine with its web UI, WebSocket control and REST API.
    Serve(serve_cmd::ServeArgs),
    /// Print the configuration's JSON Schema, or check a configuration file.
    Config(config_cmd::ConfigArgs),
}

/// Writes `text` to stdout. A closed pipe (`vortex analyze f | head`) is not an error;
/// other write errors are reported.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("vortex: cannot write to stdout: {e}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Process(a) => process_cmd::run(a),
        Command::Import(a) => import_cmd::run_import(a),
        Command::Validate(a) => import_cmd::run_validate(a),
        Command::Generate(a) => generate_cmd::run(a),
        Command::Analyze(a) => analyze_cmd::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Devices(a) => devices_cmd::run(a),
        Command::Config(a) => config_cmd::run(a),
        Command::Play(a) => play_cmd::run(a),
        Command::Serve(a) => serve_cmd::run(a),
    };
    ExitCode::from(code)
}
