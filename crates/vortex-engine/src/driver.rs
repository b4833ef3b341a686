//! Output driver selection: which audio system plays, tried in priority order, with a
//! user override.
//!
//! A [`DriverBackend`] is one way to open an output [`Sink`] (the seam the tests replace
//! with doubles). [`open_output`] tries them:
//! - with a user override (`Some(driver)`), only that driver; its failure is the error;
//! - automatically (`None`), by [`Driver::PRIORITY`]: JACK if a server is running, then
//!   PipeWire (through its ALSA device `pipewire`), then ALSA (the named device, or
//!   `default`), then the default host's default device, and last the null sink, when
//!   the caller supplied a [`Driver::Null`] backend, with the notice [`NULL_NOTICE`].
//!
//! Each failed attempt is logged with its reason before the next is tried, and recorded
//! in [`Opened::attempts`]; the driver that opened is [`Opened::driver`].
//!
//! [`default_backends`] gives the cpal-based backends (JACK, PipeWire, ALSA, default).
//! The null sink lives in [`crate::sink::null`]; the caller appends it, for example as a
//! [`FnBackend`].

pub mod cpal_host;

use crate::sink::cpal_device::CpalSink;
use crate::sink::{Sink, SinkError, StreamSpec};
use cpal::traits::HostTrait;
use std::fmt;
use std::str::FromStr;

/// An audio system that can play the output.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Driver {
    /// A running JACK server (cpal's JACK host).
    Jack,
    /// PipeWire, through its ALSA device `pipewire`.
    PipeWire,
    /// ALSA directly: the named device, or `default`.
    Alsa,
    /// The platform's default host and its default device.
    Default,
    /// No device: the silent sink paced at real time.
    Null,
}

impl Driver {
    /// Every driver, in the order automatic selection tries them.
    pub const PRIORITY: [Driver; 5] = [
        Driver::Jack,
        Driver::PipeWire,
        Driver::Alsa,
        Driver::Default,
        Driver::Null,
    ];

    /// The driver's name in configuration and messages: `jack`, `pipewire`, `alsa`,
    /// `default`, `null`.
    pub fn name(self) -> &'static str {
        match self {
            Driver::Jack => "jack",
            Driver::PipeWire => "pipewire",
            Driver::Alsa => "alsa",
            Driver::Default => "default",
            Driver::Null => "null",
        }
    }

    fn rank(self) -> usize {
        Driver::PRIORITY
            .iter()
            .position(|&d| d == self)
            .unwrap_or(Driver::PRIORITY.len())
    }
}

impl fmt::Display for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A driver name that is not one of [`Driver::PRIORITY`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown audio driver '{0}' (drivers: jack, pipewire, alsa, default, null)")]
pub struct UnknownDriver(pub String);

impl FromStr for Driver {
    type Err = UnknownDriver;

    /// Parses a driver name (case-insensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Driver::PRIORITY
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownDriver(s.to_owned()))
    }
}

/// One way to open an output: the seam between driver selection and the audio systems.
pub trait DriverBackend: Send + Sync {
    /// Which driver this is.
    fn driver(&self) -> Driver;

    /// Whether the audio system is there to try (JACK: a server runs; PipeWire: its
    /// socket and ALSA device exist; ALSA: the host lists output devices).
    ///
    /// # Errors
    /// Why it is not, for the log.
    fn available(&self) -> Result<(), String>;

    /// Opens `device` (the driver's default for `None`) for a stream as near to `spec`
    /// as the device allows (the sink's [`Sink::spec`] tells what was chosen).
    ///
    /// # Errors
    /// [`SinkError::Open`] with the reason.
    fn open(&self, device: Option<&str>, spec: StreamSpec) -> Result<Box<dyn Sink>, SinkError>;
}

/// A failed try of one driver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The driver tried.
    pub driver: Driver,
    /// Why it failed.
    pub error: String,
}

/// The output [`open_output`] opened.
pub struct Opened {
    /// The open (not yet started) sink.
    pub sink: Box<dyn Sink>,
    /// The driver that opened it.
    pub driver: Driver,
    /// Drivers tried before it, in order, with their reasons.
    pub attempts: Vec<Attempt>,
}

impl fmt::Debug for Opened {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opened")
            .field("sink", &self.sink.describe())
            .field("driver", &self.driver)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// Logged when automatic selection falls back to the null sink.
pub const NULL_NOTICE: &str =
    "no audio device found; using the null sink (real-time paced, silent)";

/// Opens the output: driver `choice` (`None`: automatic, see the [module docs](self)),
/// `device` as that driver names it (`None`: its default). In automatic mode the device
/// name `null` selects the null sink alone (ALSA's own `null` device is not paced; ask
/// for it with the `alsa` driver). Every failure is passed to `log` with its reason
/// before the next driver is tried, and the driver that opened is logged too.
///
/// # Errors
/// [`SinkError::Open`]: with an override, that driver's failure, naming it (or that no
/// backend provides it); automatically, the list of every attempt and its reason.
pub fn open_output(
    choice: Option<Driver>,
    device: Option<&str>,
    spec: StreamSpec,
    backends: &[Box<dyn DriverBackend>],
    log: &mut dyn FnMut(String),
) -> Result<Opened, SinkError> {
    let null_device = device.is_some_and(|d| d.trim().eq_ignore_ascii_case("null"));
    let mut order: Vec<&dyn DriverBackend> = backends
        .iter()
        .map(|b| b.as_ref())
        .filter(|b| match choice {
            Some(d) => b.driver() == d,
            None if null_device => b.driver() == Driver::Null,
            None => true,
        })
        .collect();
    order.sort_by_key(|b| b.driver().rank());
    if let Some(d) = choice
        && order.is_empty()
    {
        return Err(SinkError::Open {
            sink: format!("{d} driver"),
            message: "this build has no such driver".into(),
        });
    }
    let mut attempts: Vec<Attempt> = Vec::new();
    for (i, backend) in order.iter().enumerate() {
        let driver = backend.driver();
        let device_here = if driver == Driver::Null && choice.is_none() {
            None
        } else {
            device
        };
        let result = backend
            .available()
            .map_err(|why| format!("not available: {why}"))
            .and_then(|()| backend.open(device_here, spec).map_err(|e| e.to_string()));
        match result {
            Ok(sink) => {
                if driver == Driver::Null && choice.is_none() && !null_device {
                    log(NULL_NOTICE.to_owned());
                }
                log(format!("audio driver {driver}: {}", sink.describe()));
                return Ok(Opened {
                    sink,
                    driver,
                    attempts,
                });
            }
            Err(error) => {
                let next = order.get(i + 1).map(|b| b.driver());
                log(match next {
                    Some(n) if choice.is_none() => {
                        format!("audio driver {driver}: {error}; trying {n}")
                    }
                    _ => format!("audio driver {driver}: {error}"),
                });
                attempts.push(Attempt { driver, error });
            }
        }
    }
    Err(match choice {
        Some(d) => SinkError::Open {
            sink: format!("{d} driver"),
            message: attempts
                .iter()
                .map(|a| a.error.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        },
        None if attempts.is_empty() && null_device => SinkError::Open {
            sink: "audio output".into(),
            message: "device 'null' asks for the null sink, and none was provided".into(),
        },
        None if attempts.is_empty() => SinkError::Open {
            sink: "audio output".into(),
            message: "no audio drivers to try".into(),
        },
        None => SinkError::Open {
            sink: "audio output".into(),
            message: format!(
                "no driver could open a device: {}",
                attempts
                    .iter()
                    .map(|a| format!("{}: {}", a.driver, a.error))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        },
    })
}

/// The cpal-based backends: JACK, PipeWire (through ALSA), ALSA, the default host.
pub fn default_backends() -> Vec<Box<dyn DriverBackend>> {
    [
        Driver::Jack,
        Driver::PipeWire,
        Driver::Alsa,
        Driver::Default,
    ]
    .into_iter()
    .map(|d| Box::new(CpalBackend { driver: d }) as Box<dyn DriverBackend>)
    .collect()
}

/// A backend made of a driver and a function that opens its sink; always available.
/// For the null sink, for instance:
/// `FnBackend::new(Driver::Null, |_, spec| Ok(Box::new(NullSink::new(spec))))`.
pub struct FnBackend<F> {
    driver: Driver,
    open: F,
}

impl<F> FnBackend<F>
where
    F: Fn(Option<&str>, StreamSpec) -> Result<Box<dyn Sink>, SinkError> + Send + Sync,
{
    /// A backend for `driver` that opens with `open`.
    pub fn new(driver: Driver, open: F) -> Self {
        FnBackend { driver, open }
    }
}

impl<F> DriverBackend for FnBackend<F>
where
    F: Fn(Option<&str>, StreamSpec) -> Result<Box<dyn Sink>, SinkError> + Send + Sync,
{
    fn driver(&self) -> Driver {
        self.driver
    }

    fn available(&self) -> Result<(), String> {
        Ok(())
    }

    fn open(&self, device: Option<&str>, spec: StreamSpec) -> Result<Box<dyn Sink>, SinkError> {
        (self.open)(device, spec)
    }
}

/// The ALSA device PipeWire provides (from the `pipewire-alsa` package).
pub const PIPEWIRE_ALSA_DEVICE: &str = "pipewire";

/// A driver opened through a cpal host.
struct CpalBackend {
    driver: Driver,
}

/// The cpal host called `name`, or why this build has none.
fn host(name: &str) -> Result<cpal::HostId, String> {
    cpal_host::host_id(name).ok_or_else(|| match name {
        "jack" => "this build has no JACK support (cpal feature `jack`)".to_owned(),
        _ => format!("this platform has no {name} host"),
    })
}

/// The PipeWire server socket, if one exists: `$PIPEWIRE_REMOTE` (default `pipewire-0`)
/// in `$PIPEWIRE_RUNTIME_DIR`, else in `$XDG_RUNTIME_DIR`.
fn pipewire_socket() -> Result<std::path::PathBuf, String> {
    let name = std::env::var_os("PIPEWIRE_REMOTE").unwrap_or_else(|| "pipewire-0".into());
    let dir = std::env::var_os("PIPEWIRE_RUNTIME_DIR")
        .or_else(|| std::env::var_os("XDG_RUNTIME_DIR"))
        .ok_or("neither PIPEWIRE_RUNTIME_DIR nor XDG_RUNTIME_DIR is set (no PipeWire session)")?;
    let path = std::path::Path::new(&dir).join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("no PipeWire server socket at {}", path.display()))
    }
}

/// The platform's default host, without letting a failure to start it panic.
fn default_host() -> Result<cpal::Host, String> {
    std::panic::catch_unwind(cpal::default_host)
        .map_err(|_| "the platform's default audio host failed to start".to_owned())
}

impl DriverBackend for CpalBackend {
    fn driver(&self) -> Driver {
        self.driver
    }

    fn available(&self) -> Result<(), String> {
        let (result, alsa) = cpal_host::collect_alsa_messages(|| self.check());
        result.map_err(|e| cpal_host::with_alsa_messages(e, &alsa))
    }

    fn open(&self, device: Option<&str>, spec: StreamSpec) -> Result<Box<dyn Sink>, SinkError> {
        let not_here = |message: String| SinkError::Open {
            sink: format!("{} driver", self.driver),
            message,
        };
        let sink = match self.driver {
            Driver::Jack => CpalSink::open(host("jack").map_err(not_here)?, device, spec)?,
            Driver::PipeWire => {
                if let Some(d) = device
                    && !d.eq_ignore_ascii_case(PIPEWIRE_ALSA_DEVICE)
                {
                    return Err(not_here(format!(
                        "plays to ALSA's '{PIPEWIRE_ALSA_DEVICE}' device only; \
                         device '{d}' is for the alsa driver"
                    )));
                }
                CpalSink::open(
                    host("alsa").map_err(not_here)?,
                    Some(PIPEWIRE_ALSA_DEVICE),
                    spec,
                )?
            }
            Driver::Alsa => CpalSink::open(
                host("alsa").map_err(not_here)?,
                Some(device.unwrap_or("default")),
                spec,
            )?,
            Driver::Default => {
                let id = default_host().map_err(not_here)?.id();
                CpalSink::open(id, device, spec)?
            }
            Driver::Null => return Err(not_here("the null sink is not a cpal device".into())),
        };
        Ok(Box::new(sink))
    }
}

impl CpalBackend {
    /// [`DriverBackend::available`], with alsa-lib's messages collected by the caller.
    fn check(&self) -> Result<(), String> {
        match self.driver {
            Driver::Jack => {
                let h = cpal_host::open_host(host("jack")?)?;
                // cpal's JACK host makes its devices by connecting to the server.
                h.default_output_device().map(|_| ()).ok_or_else(|| {
                    "no JACK server is running (or libjack is not installed)".to_owned()
                })
            }
            Driver::PipeWire => {
                pipewire_socket()?;
                let h = cpal_host::open_host(host("alsa")?)?;
                cpal_host::find_device(&h, Some(PIPEWIRE_ALSA_DEVICE), cpal_host::Direction::Output)
                    .map(|_| ())
                    .map_err(|_| {
                        format!(
                            "PipeWire runs but ALSA has no '{PIPEWIRE_ALSA_DEVICE}' device \
                         (install pipewire-alsa)"
                        )
                    })
            }
            Driver::Alsa => {
                let h = cpal_host::open_host(host("alsa")?)?;
                let mut outputs = h
                    .output_devices()
                    .map_err(|e| format!("cannot list ALSA devices: {e}"))?;
                match outputs.next() {
                    Some(_) => Ok(()),
                    None => Err("ALSA lists no output devices".into()),
                }
            }
            Driver::Default => default_host()?
                .default_output_device()
                .map(|_| ())
                .ok_or_else(|| "the default audio host has no output device".to_owned()),
            Driver::Null => Err("the null sink is not a cpal device".into()),
        }
    }
}

#[cfg(test)]
mod tests;
