//! Choosing and opening the output: an audio device through the driver priority list
//! (falling back to the null sink when there is no device), or a file, or stdout.

use crate::driver::{Driver, FnBackend, Opened, default_backends, open_output};
use crate::encode::SampleFormat;
use crate::sink::null::NullSink;
use crate::sink::stdout::{PcmFormat, StdoutSink};
use crate::sink::wav::FileSink;
use crate::sink::{Sink, SinkError, StreamSpec};
use std::path::PathBuf;

/// Where the audio goes, as the user writes it (`--output`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// An audio device: `device` (the driver's default) or `device:NAME`.
    Device(Option<String>),
    /// The silent, real-time-paced sink: `null`.
    Null,
    /// A file: `wav:PATH` (32-bit float WAV) or `flac:PATH` (24-bit FLAC), written as
    /// fast as the engine renders.
    File(PathBuf),
    /// Raw PCM on stdout: `stdout[:f32|s16|s24|s32]` (default f32).
    Stdout(PcmFormat),
}

impl std::str::FromStr for OutputTarget {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, arg) = match s.split_once(':') {
            Some((k, a)) => (k, Some(a)),
            None => (s, None),
        };
        Ok(match (kind, arg) {
            ("device", name) => Self::Device(name.filter(|n| !n.is_empty()).map(String::from)),
            ("null", None) => Self::Null,
            ("wav" | "flac" | "file", Some(p)) if !p.is_empty() => {
                let mut path = PathBuf::from(p);
                if kind == "flac" && path.extension().is_none() {
                    path.set_extension("flac");
                }
                Self::File(path)
            }
            ("stdout", None) => Self::Stdout(PcmFormat::F32),
            ("stdout", Some(f)) => Self::Stdout(PcmFormat::parse(f).ok_or_else(|| {
                format!("output '{s}': unknown sample format '{f}' (f32, s16, s24, s32)")
            })?),
            _ => {
                return Err(format!(
                    "output '{s}': expected device, device:NAME, null, wav:PATH, \
                     flac:PATH or stdout[:f32|s16|s24|s32]"
                ));
            }
        })
    }
}

/// How to open the output.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputOptions {
    /// Driver to use (`None`: automatic by priority).
    pub driver: Option<Driver>,
    /// Device buffer in periods (2..=16).
    pub periods: usize,
    /// Ask for real-time priority at this level (1..=99) for paced sinks we run.
    pub rt_priority: Option<u8>,
    /// Replace an existing output file.
    pub overwrite: bool,
}

/// The open output and how it was chosen.
pub struct OpenOutput {
    /// The sink, not started.
    pub sink: Box<dyn Sink>,
    /// The driver in use (`None` for files and stdout).
    pub driver: Option<Driver>,
    /// What happened on the way (drivers that failed, the null-sink notice).
    pub notices: Vec<String>,
}

/// Opens `target` for `spec`.
///
/// # Errors
/// [`SinkError::Open`] naming the output and why (every driver tried, for devices).
pub fn open(
    target: &OutputTarget,
    spec: StreamSpec,
    opts: &OutputOptions,
) -> Result<OpenOutput, SinkError> {
    let mut notices = Vec::new();
    let (sink, driver): (Box<dyn Sink>, _) = match target {
        OutputTarget::File(path) => {
            let flac = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("flac"));
            let format = if flac {
                SampleFormat::I24
            } else {
                SampleFormat::F32
            };
            (
                Box::new(FileSink::create(path, spec, format, opts.overwrite)?),
                None,
            )
        }
        OutputTarget::Stdout(f) => (Box::new(StdoutSink::new(spec, *f)), None),
        OutputTarget::Null => (null_sink(spec, opts), Some(Driver::Null)),
        OutputTarget::Device(name) => {
            let mut backends = default_backends();
            let (periods, prio) = (opts.periods, opts.rt_priority);
            backends.push(Box::new(FnBackend::new(Driver::Null, move |_, spec| {
                Ok(Box::new(NullSink::new(spec, periods, prio)) as Box<dyn Sink>)
            })));
            let Opened { sink, driver, .. } =
                open_output(opts.driver, name.as_deref(), spec, &backends, &mut |m| {
                    notices.push(m)
                })?;
            (sink, Some(driver))
        }
    };
    Ok(OpenOutput {
        sink,
        driver,
        notices,
    })
}

fn null_sink(spec: StreamSpec, opts: &OutputOptions) -> Box<dyn Sink> {
    Box::new(NullSink::new(spec, opts.periods, opts.rt_priority))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_bad_ones_say_what_is_accepted() {
        let p = |s: &str| s.parse::<OutputTarget>();
        assert_eq!(p("device"), Ok(OutputTarget::Device(None)));
        assert_eq!(
            p("device:hw:0,0"),
            Ok(OutputTarget::Device(Some("hw:0,0".into())))
        );
        assert_eq!(p("null"), Ok(OutputTarget::Null));
        assert_eq!(p("wav:out.wav"), Ok(OutputTarget::File("out.wav".into())));
        assert_eq!(p("flac:out"), Ok(OutputTarget::File("out.flac".into())));
        assert_eq!(p("stdout:s16"), Ok(OutputTarget::Stdout(PcmFormat::S16)));
        let e = p("stdout:u8").unwrap_err();
        assert!(e.contains("unknown sample format 'u8'"), "{e}");
        let e = p("speaker").unwrap_err();
        assert!(e.contains("expected device, device:NAME, null"), "{e}");
        assert!(p("wav:").is_err());
    }
}
