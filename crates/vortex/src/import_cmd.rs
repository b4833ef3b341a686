//! `vortex import` (EQ file to pipeline TOML) and `vortex validate` (check a pipeline).

use crate::{EXIT_CONFIG, EXIT_OK};
use clap::Args;
use std::path::PathBuf;
use vortex_engine::import::import_file;
use vortex_engine::pipeline_file::{eq_to_pipeline, load_pipeline};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// AutoEQ/EqualizerAPO ParametricEQ.txt or REW filter-settings export.
    file: PathBuf,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Pipeline TOML (or EQ file).
    pipeline: PathBuf,
    /// Sample rate to check against, Hz.
    #[arg(long, default_value_t = 48000)]
    samplerate: u32,
    /// Input channels.
    #[arg(long, default_value_t = 2)]
    channels: usize,
}

pub fn run_import(args: ImportArgs) -> u8 {
    match import_file(&args.file) {
        Ok(eq) => {
            for w in &eq.warnings {
                eprintln!("warning: {w}");
            }
            crate::emit(&eq_to_pipeline(&eq).to_toml());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("vortex import: {e}");
            EXIT_CONFIG
        }
    }
}

pub fn run_validate(args: ValidateArgs) -> u8 {
    let max = vortex_engine::decode::MAX_SAMPLE_RATE;
    if args.samplerate == 0 || args.samplerate > max {
        eprintln!(
            "vortex validate: --samplerate: {} Hz must be 1 to {max} Hz",
            args.samplerate
        );
        return crate::EXIT_USAGE;
    }
    let src = match load_pipeline(&args.pipeline) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("vortex validate: {e}");
            return EXIT_CONFIG;
        }
    };
    for w in src.warnings() {
        eprintln!("warning: {w}");
    }
    match src.design_for(args.samplerate, args.channels) {
        Ok(d) => {
            let p = d.instantiate();
            crate::emit(&format!(
                "{}: valid at {} Hz: {} steps, {} -> {} channels, block {} samples, latency {} samples\n",
                args.pipeline.display(),
                args.samplerate,
                src.config().steps.len(),
                p.channels_in(),
                p.channels_out(),
                p.block_size(),
                p.latency()
            ));
            EXIT_OK
        }
        Err(errors) => {
            eprintln!(
                "{}: invalid at {} Hz with {} channels:",
                args.pipeline.display(),
                args.samplerate,
                args.channels
            );
            eprintln!("{errors}");
            EXIT_CONFIG
        }
    }
}
