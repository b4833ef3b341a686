//! Output options shared by the commands that write audio files.

use clap::{Args, ValueEnum};
use std::path::Path;
use vortex_dsp::dither::DitherKind;
use vortex_engine::encode::{Container, SampleFormat};
use vortex_engine::process::OutputOptions;

/// Output container.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    /// RIFF WAVE.
    Wav,
    /// FLAC (16 or 24-bit).
    Flac,
}

/// Output sample format.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BitsArg {
    /// 16-bit integer.
    #[value(name = "16")]
    I16,
    /// 24-bit integer.
    #[value(name = "24")]
    I24,
    /// 32-bit integer.
    #[value(name = "32")]
    I32,
    /// 32-bit float.
    #[value(name = "32f")]
    F32,
}

/// Dither used when writing integer samples.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DitherArg {
    /// Plain rounding.
    None,
    /// Triangular-PDF dither, flat noise.
    Tpdf,
    /// TPDF dither with noise shaping (less audible noise).
    Shaped,
}

/// `--format`, `--bits`, `--dither`, `--force`.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Output container [default: from the output file's extension, else wav].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Output sample format [default: 32f for WAV, 24 for FLAC].
    #[arg(long, value_enum)]
    bits: Option<BitsArg>,
    /// Dither for integer output.
    #[arg(long, value_enum, default_value = "tpdf")]
    dither: DitherArg,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
}

impl OutputArgs {
    /// The options for writing to `output` (whose extension picks the container when
    /// `--format` is not given); an error names the bad option.
    pub fn options(&self, output: &Path) -> Result<OutputOptions, String> {
        let from_ext = output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let container = match (self.format, from_ext.as_deref()) {
            (Some(FormatArg::Flac), _) | (None, Some("flac")) => Container::Flac,
            _ => Container::Wav,
        };
        let format = match (self.bits, container) {
            (Some(BitsArg::I16), _) => SampleFormat::I16,
            (Some(BitsArg::I24), _) | (None, Container::Flac) => SampleFormat::I24,
            (Some(BitsArg::I32), _) => SampleFormat::I32,
            (Some(BitsArg::F32), _) | (None, Container::Wav) => SampleFormat::F32,
        };
        if container == Container::Flac && matches!(format, SampleFormat::I32 | SampleFormat::F32) {
            return Err("--bits: FLAC output supports 16 or 24 bits".into());
        }
        let dither = match self.dither {
            DitherArg::None => DitherKind::None,
            DitherArg::Tpdf => DitherKind::Tpdf,
            DitherArg::Shaped => DitherKind::Shaped,
        };
        Ok(OutputOptions {
            container,
            format,
            dither,
            overwrite: self.force,
        })
    }
}
