//! `vortex generate`: writes a test signal (tone, sweep, noise) to a WAV or FLAC file.

use crate::output_args::OutputArgs;
use crate::{EXIT_CONFIG, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use vortex_dsp::PlanarBuf;
use vortex_dsp::generator::{Generator, GeneratorParams, Waveform};
use vortex_engine::encode::{AudioWriter, OutputSpec};

/// Signal shape.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum WaveformArg {
    /// Sine.
    Sine,
    /// Band-limited square.
    Square,
    /// Band-limited sawtooth.
    Sawtooth,
    /// Triangle.
    Triangle,
    /// Logarithmic sweep from --freq to --end-freq over --sweep-seconds.
    Sweep,
    /// White noise.
    White,
    /// Pink noise.
    Pink,
}

/// The signal to generate (shared by `generate` and `play --generate`).
#[derive(Args, Debug, Clone)]
pub struct SignalArgs {
    /// Frequency, Hz (start of a sweep).
    #[arg(long, default_value_t = 1000.0)]
    pub freq: f64,
    /// End frequency of a sweep, Hz.
    #[arg(long, default_value_t = 20000.0)]
    pub end_freq: f64,
    /// Length of one sweep, seconds [default: the whole signal; 10 s when endless].
    #[arg(long)]
    pub sweep_seconds: Option<f64>,
    /// Level, dBFS (peak for tones and sweeps; for noise, the RMS of a sine at that level).
    #[arg(long, default_value_t = -6.0, allow_hyphen_values = true)]
    pub level: f64,
}

impl SignalArgs {
    /// Generator settings for `waveform`, the signal lasting `seconds` (if known).
    pub fn params(&self, waveform: WaveformArg, seconds: Option<f64>) -> GeneratorParams {
        let waveform = match waveform {
            WaveformArg::Sine => Waveform::Sine,
            WaveformArg::Square => Waveform::Square,
            WaveformArg::Sawtooth => Waveform::Sawtooth,
            WaveformArg::Triangle => Waveform::Triangle,
            WaveformArg::Sweep => Waveform::Sweep {
                end_hz: self.end_freq,
                duration_s: self.sweep_seconds.or(seconds).unwrap_or(10.0),
            },
            WaveformArg::White => Waveform::WhiteNoise,
            WaveformArg::Pink => Waveform::PinkNoise,
        };
        GeneratorParams {
            waveform,
            freq_hz: self.freq,
            level_dbfs: self.level,
        }
    }
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// Output file (.wav or .flac).
    output: PathBuf,
    /// Signal shape.
    #[arg(long, value_enum, default_value = "sine")]
    waveform: WaveformArg,
    #[command(flatten)]
    signal: SignalArgs,
    /// Length, seconds.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Sample rate, Hz.
    #[arg(long, default_value_t = 48000)]
    rate: u32,
    /// Channels (the same tone on each; independent noise per channel).
    #[arg(long, default_value_t = 2)]
    channels: usize,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: GenerateArgs) -> u8 {
    let out = match args.out.options(&args.output) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("vortex generate: {e}");
            return EXIT_USAGE;
        }
    };
    if !(args.seconds.is_finite() && args.seconds > 0.0 && args.seconds <= 24.0 * 3600.0) {
        eprintln!(
            "vortex generate: --seconds: {} must be above 0 and at most 86400",
            args.seconds
        );
        return EXIT_USAGE;
    }
    let params = args.signal.params(args.waveform, Some(args.seconds));
    let fs = f64::from(args.rate);
    let mut gens = Vec::with_capacity(args.channels);
    for c in 0..args.channels {
        match Generator::new(&params, fs) {
            Ok(g) => gens.push(g.with_seed(c as u64 + 1)),
            Err(e) => {
                eprintln!("vortex generate: {e}");
                return EXIT_CONFIG;
            }
        }
    }
    let spec = OutputSpec {
        container: out.container,
        format: out.format,
        sample_rate: args.rate,
        channels: args.channels,
    };
    let result = (|| -> Result<(), String> {
        let mut w =
            AudioWriter::create(&args.output, &spec, out.overwrite).map_err(|e| e.to_string())?;
        // Generated samples are float: integer output is always dithered.
        let mut dither = out.dither(args.channels);
        let total = (args.seconds * fs).round() as usize;
        let mut buf = PlanarBuf::new(args.channels, 4096);
        let mut done = 0;
        while done < total {
            let n = 4096.min(total - done);
            for (c, g) in gens.iter_mut().enumerate() {
                let ch = &mut buf.channel_mut(c)[..n];
                g.process(ch);
                if let Some(d) = dither.as_mut() {
                    d.process(c, ch);
                }
            }
            w.write(&buf, n).map_err(|e| e.to_string())?;
            done += n;
        }
        w.finish().map_err(|e| e.to_string())?;
        Ok(())
    })();
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("vortex generate: {e}");
            EXIT_FAILED
        }
    }
}
