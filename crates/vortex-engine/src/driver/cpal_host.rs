//! cpal hosts and devices by name, and the choice of a stream format a device supports.
//!
//! Shared by the output sink ([`crate::sink::cpal_device`]), the capture source
//! ([`crate::source::capture`]) and the device listing ([`crate::devices`]). Nothing here
//! runs on the real-time thread.

use cpal::traits::{DeviceTrait, HostTrait};
use cpal::{
    BufferSize, SampleFormat, StreamConfig, SupportedBufferSize, SupportedStreamConfigRange,
};

/// Which way a device streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Playback.
    Output,
    /// Capture.
    Input,
}

impl Direction {
    /// `output` or `input`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Output => "output",
            Direction::Input => "input",
        }
    }
}

/// The cpal host called `name` (case-insensitive: `alsa`, `jack`), if this build has it.
pub fn host_id(name: &str) -> Option<cpal::HostId> {
    cpal::ALL_HOSTS
        .iter()
        .copied()
        .find(|id| id.name().eq_ignore_ascii_case(name))
}

/// Lower-case name of a host for messages (`alsa`, `jack`).
pub fn host_label(id: cpal::HostId) -> String {
    id.name().to_ascii_lowercase()
}

/// Initialises a host.
///
/// # Errors
/// The host's own reason, prefixed with its name.
pub fn open_host(id: cpal::HostId) -> Result<cpal::Host, String> {
    cpal::host_from_id(id).map_err(|e| format!("{} host unavailable: {e}", host_label(id)))
}

/// The name to select a device by: the host's identifier for it (an ALSA PCM name such
/// as `default` or `hw:CARD=PCH,DEV=0`; `output`/`input` for JACK), or its description's
/// name when the host gives no identifier.
pub fn device_key(device: &cpal::Device) -> String {
    match device.id() {
        Ok(id) => id.id().to_owned(),
        Err(_) => device_name(device),
    }
}

/// The device's human-readable name (its description's first line).
pub fn device_name(device: &cpal::Device) -> String {
    match device.description() {
        Ok(d) => d.name().to_owned(),
        Err(e) => format!("(unnamed: {e})"),
    }
}

/// The device of `host` to stream in `direction`: the one whose key ([`device_key`]) or
/// description name equals `name` (case-insensitive), or the host's default device.
///
/// # Errors
/// No default device, or no device of that name (the message lists the names there are).
/// Messages name the host, not the device; callers add that.
pub fn find_device(
    host: &cpal::Host,
    name: Option<&str>,
    direction: Direction,
) -> Result<cpal::Device, String> {
    let label = host_label(host.id());
    let Some(name) = name else {
        let found = match direction {
            Direction::Output => host.default_output_device(),
            Direction::Input => host.default_input_device(),
        };
        return found.ok_or_else(|| format!("{label} has no default {} device", direction.name()));
    };
    if let Some(d) = host.device_by_id(&cpal::DeviceId::new(host.id(), name)) {
        return Ok(d);
    }
    // The default device (ALSA's `default` PCM) exists even when the host does not list
    // it; opening it then tells what is wrong.
    let default = match direction {
        Direction::Output => host.default_output_device(),
        Direction::Input => host.default_input_device(),
    };
    if let Some(d) = default.filter(|d| device_key(d).eq_ignore_ascii_case(name)) {
        return Ok(d);
    }
    let devices: Vec<cpal::Device> = host
        .devices()
        .map_err(|e| format!("cannot list {label} devices: {e}"))?
        .collect();
    if let Some(d) = devices.iter().find(|d| {
        device_key(d).eq_ignore_ascii_case(name) || device_name(d).eq_ignore_ascii_case(name)
    }) {
        return Ok(d.clone());
    }
    let mut known: Vec<String> = devices
        .iter()
        .filter(|d| match direction {
            Direction::Output => d.supports_output(),
            Direction::Input => d.supports_input(),
        })
        .map(device_key)
        .collect();
    known.dedup();
    let list = if known.is_empty() {
        "none".to_owned()
    } else {
        known.join(", ")
    };
    Err(format!(
        "{label} has no {} device named '{name}' (devices: {list}; `vortex devices` lists them)",
        direction.name()
    ))
}

/// The stream formats `device` supports in `direction`.
///
/// # Errors
/// The host's reason (the device is busy, gone, or does not stream that way).
pub fn supported_configs(
    device: &cpal::Device,
    direction: Direction,
) -> Result<Vec<SupportedStreamConfigRange>, String> {
    let ranges = match direction {
        Direction::Output => device.supported_output_configs().map(|r| r.collect()),
        Direction::Input => device.supported_input_configs().map(|r| r.collect()),
    };
    ranges.map_err(|e| format!("cannot query {} formats: {e}", direction.name()))
}

/// Sample formats in order of preference: float and wide integers first, so no
/// resolution is lost converting from the engine's f32. DSD formats are not PCM and are
/// never chosen.
pub const FORMAT_PREFERENCE: [SampleFormat; 12] = [
    SampleFormat::F32,
    SampleFormat::I32,
    SampleFormat::I24,
    SampleFormat::F64,
    SampleFormat::I16,
    SampleFormat::U32,
    SampleFormat::U24,
    SampleFormat::U16,
    SampleFormat::I64,
    SampleFormat::U64,
    SampleFormat::I8,
    SampleFormat::U8,
];

fn format_rank(f: SampleFormat) -> Option<usize> {
    FORMAT_PREFERENCE.iter().position(|&p| p == f)
}

/// A stream format chosen from what a device supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    /// Channels, sample rate (Hz) and buffer size to build the stream with.
    pub config: StreamConfig,
    /// The device's sample format; the stream converts to or from f32.
    pub format: SampleFormat,
}

/// Chooses the stream format closest to the request among `ranges`:
/// - channels: `channels` if supported, else the fewest above it, else the most below;
/// - sample rate: `rate` (Hz) if supported, else the nearest supported rate (ties go up);
/// - sample format: the first of [`FORMAT_PREFERENCE`] the device offers there;
/// - buffer: a fixed period of `period` frames when the device's period range holds it
///   or is unknown (the caller falls back to the default period if the device refuses
///   it), else the device's default (`period == 0` asks for the default).
///
/// # Errors
/// The device offers no PCM format at all.
pub fn negotiate(
    ranges: &[SupportedStreamConfigRange],
    rate: u32,
    channels: u16,
    period: u32,
) -> Result<Negotiated, String> {
    let usable: Vec<&SupportedStreamConfigRange> = ranges
        .iter()
        .filter(|r| format_rank(r.sample_format()).is_some() && r.channels() > 0)
        .collect();
    if usable.is_empty() {
        let offered: Vec<String> = ranges
            .iter()
            .map(|r| r.sample_format().to_string())
            .collect();
        return Err(if offered.is_empty() {
            "the device reports no stream formats".to_owned()
        } else {
            format!(
                "the device offers no PCM format vortex can convert to (it offers {})",
                offered.join(", ")
            )
        });
    }
    let ch = if usable.iter().any(|r| r.channels() == channels) {
        channels
    } else if let Some(above) = usable
        .iter()
        .map(|r| r.channels())
        .filter(|&c| c > channels)
        .min()
    {
        above
    } else {
        usable
            .iter()
            .map(|r| r.channels())
            .max()
            .unwrap_or(channels)
    };
    let with_ch: Vec<&SupportedStreamConfigRange> =
        usable.into_iter().filter(|r| r.channels() == ch).collect();
    let fs = if with_ch.iter().any(|r| r.contains_rate(rate)) {
        rate
    } else {
        let mut best = with_ch[0].min_sample_rate();
        for r in &with_ch {
            let cand = rate.clamp(r.min_sample_rate(), r.max_sample_rate());
            let (d_cand, d_best) = (cand.abs_diff(rate), best.abs_diff(rate));
            if d_cand < d_best || (d_cand == d_best && cand > best) {
                best = cand;
            }
        }
        best
    };
    let chosen = with_ch
        .iter()
        .filter(|r| r.contains_rate(fs))
        .min_by_key(|r| format_rank(r.sample_format()))
        .copied()
        .unwrap_or(with_ch[0]);
    let buffer_size = match (period, *chosen.buffer_size()) {
        (0, _) => BufferSize::Default,
        (p, SupportedBufferSize::Range { min, max }) if !(min..=max).contains(&p) => {
            BufferSize::Default
        }
        (p, _) => BufferSize::Fixed(p),
    };
    Ok(Negotiated {
        config: StreamConfig {
            channels: ch,
            sample_rate: fs,
            buffer_size,
        },
        format: chosen.sample_format(),
    })
}

/// Whether a stream error leaves the stream unusable (the device went away, the host
/// stopped, the configuration became invalid), as opposed to a glitch it recovers from.
pub fn is_fatal(kind: cpal::ErrorKind) -> bool {
    matches!(
        kind,
        cpal::ErrorKind::DeviceNotAvailable
            | cpal::ErrorKind::HostUnavailable
            | cpal::ErrorKind::StreamInvalidated
            | cpal::ErrorKind::PermissionDenied
    )
}

/// Stream error kinds, indexed by [`error_code`] - 1, so a callback can record the last
/// one in an atomic byte without allocating.
/// Kinds this version of cpal does not name are recorded as `Other` (the last entry).
const ERROR_KINDS: [cpal::ErrorKind; 14] = [
    cpal::ErrorKind::DeviceBusy,
    cpal::ErrorKind::DeviceChanged,
    cpal::ErrorKind::DeviceNotAvailable,
    cpal::ErrorKind::HostUnavailable,
    cpal::ErrorKind::InvalidInput,
    cpal::ErrorKind::PermissionDenied,
    cpal::ErrorKind::RealtimeDenied,
    cpal::ErrorKind::ResourceExhausted,
    cpal::ErrorKind::StreamInvalidated,
    cpal::ErrorKind::UnsupportedConfig,
    cpal::ErrorKind::UnsupportedOperation,
    cpal::ErrorKind::Xrun,
    cpal::ErrorKind::BackendError,
    cpal::ErrorKind::Other,
];

/// A non-zero byte for an error kind (see [`error_kind`]).
pub fn error_code(kind: cpal::ErrorKind) -> u8 {
    let i = ERROR_KINDS
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(ERROR_KINDS.len() - 1);
    u8::try_from(i + 1).unwrap_or(u8::MAX)
}

/// The error kind recorded as `code` by [`error_code`]; `None` for 0 (no error).
pub fn error_kind(code: u8) -> Option<cpal::ErrorKind> {
    let i = usize::from(code).checked_sub(1)?;
    ERROR_KINDS.get(i).copied()
}

/// Runs `f` with alsa-lib's error messages on this thread collected instead of printed
/// to stderr, and returns them: the first (the cause, such as `cannot find card '0'`)
/// and the last (the outcome, such as `Unknown PCM default`). Other threads (cpal's
/// stream threads) are not affected.
pub fn collect_alsa_messages<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    alsa_messages::collect(f)
}

/// `message` with the ALSA messages appended in parentheses, when there are any.
pub fn with_alsa_messages(message: String, alsa: &[String]) -> String {
    if alsa.is_empty() {
        message
    } else {
        format!("{message} (ALSA: {})", alsa.join("; "))
    }
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod alsa_messages {
    //! alsa-lib's thread-local error handler (`snd_lib_error_set_local`, alsa-lib 1.1.6+;
    //! libasound is linked through cpal's alsa-sys). Its last argument is a `va_list`,
    //! which on x86-64 and AArch64 Linux arrives as a pointer and is passed on as one.

    use std::cell::RefCell;
    use std::ffi::{CStr, c_char, c_int, c_void};

    type Handler = Option<
        unsafe extern "C" fn(
            *const c_char,
            c_int,
            *const c_char,
            c_int,
            *const c_char,
            *mut c_void,
        ),
    >;

    unsafe extern "C" {
        fn snd_lib_error_set_local(func: Handler) -> Handler;
        fn vsnprintf(buf: *mut c_char, size: usize, fmt: *const c_char, ap: *mut c_void) -> c_int;
    }

    thread_local! {
        static MESSAGES: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    }

    unsafe extern "C" fn handler(
        _file: *const c_char,
        _line: c_int,
        _function: *const c_char,
        _err: c_int,
        fmt: *const c_char,
        args: *mut c_void,
    ) {
        if fmt.is_null() {
            return;
        }
        let mut buf = [0 as c_char; 512];
        // SAFETY: alsa-lib passes a valid format and its arguments; the buffer's size is
        // given, and vsnprintf always terminates what it writes.
        let text = unsafe {
            vsnprintf(buf.as_mut_ptr(), buf.len(), fmt, args);
            CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
        };
        // Never unwind into C: a failed borrow just drops the message.
        let _ = MESSAGES.try_with(|m| {
            if let Ok(mut m) = m.try_borrow_mut()
                && let Some(list) = m.as_mut()
            {
                list.push(text);
            }
        });
    }

    /// Restores the previous handler and message list, even if `f` panics.
    struct Restore {
        handler: Handler,
        saved: Option<Vec<String>>,
    }

    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: re-installs the handler that was there before (or none).
            unsafe {
                snd_lib_error_set_local(self.handler);
            }
            let saved = self.saved.take();
            MESSAGES.with(|m| *m.borrow_mut() = saved);
        }
    }

    pub fn collect<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
        let saved = MESSAGES.with(|m| m.borrow_mut().replace(Vec::new()));
        // SAFETY: `handler` matches alsa-lib's snd_local_error_handler_t on this target.
        let previous = unsafe { snd_lib_error_set_local(Some(handler)) };
        let restore = Restore {
            handler: previous,
            saved,
        };
        let out = f();
        let mine = MESSAGES.with(|m| m.borrow_mut().take()).unwrap_or_default();
        drop(restore);
        let mut kept: Vec<String> = Vec::new();
        if let Some(first) = mine.first() {
            kept.push(first.trim().to_owned());
        }
        if let Some(last) = mine.last().map(|l| l.trim().to_owned())
            && !kept.contains(&last)
        {
            kept.push(last);
        }
        (out, kept)
    }
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
mod alsa_messages {
    //! Elsewhere alsa-lib (if any) prints its messages itself.
    pub fn collect<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
        (f(), Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(ch: u16, min: u32, max: u32, f: SampleFormat) -> SupportedStreamConfigRange {
        SupportedStreamConfigRange::new(
            ch,
            min,
            max,
            SupportedBufferSize::Range { min: 64, max: 4096 },
            f,
        )
    }

    #[test]
    fn exact_request_is_kept_and_best_format_chosen() {
        let r = [
            range(2, 8000, 192_000, SampleFormat::I16),
            range(2, 8000, 192_000, SampleFormat::I32),
            range(1, 8000, 192_000, SampleFormat::F32),
        ];
        let n = negotiate(&r, 48_000, 2, 256).unwrap();
        assert_eq!(n.config.channels, 2);
        assert_eq!(n.config.sample_rate, 48_000);
        assert_eq!(n.config.buffer_size, BufferSize::Fixed(256));
        assert_eq!(n.format, SampleFormat::I32);
    }

    #[test]
    fn nearest_rate_and_channels_when_unsupported() {
        let r = [
            range(4, 48_000, 48_000, SampleFormat::I16),
            range(8, 44_100, 96_000, SampleFormat::I16),
        ];
        let n = negotiate(&r, 44_100, 2, 10_000).unwrap();
        assert_eq!(n.config.channels, 4);
        assert_eq!(n.config.sample_rate, 48_000);
        // 10000 is outside 64..=4096: the device's default period.
        assert_eq!(n.config.buffer_size, BufferSize::Default);
        let r = [range(1, 22_050, 22_050, SampleFormat::U8)];
        let n = negotiate(&r, 48_000, 2, 256).unwrap();
        assert_eq!((n.config.channels, n.config.sample_rate), (1, 22_050));
    }

    #[test]
    fn dsd_only_and_empty_devices_are_errors() {
        assert!(
            negotiate(&[], 48_000, 2, 256)
                .unwrap_err()
                .contains("no stream formats")
        );
        let r = [range(2, 44_100, 44_100, SampleFormat::DsdU8)];
        let e = negotiate(&r, 48_000, 2, 256).unwrap_err();
        assert!(e.contains("dsdu8"), "{e}");
    }

    #[test]
    fn error_codes_round_trip() {
        assert_eq!(error_kind(0), None);
        for k in [cpal::ErrorKind::Xrun, cpal::ErrorKind::DeviceNotAvailable] {
            assert_eq!(error_kind(error_code(k)), Some(k));
        }
    }

    #[test]
    fn host_names_are_case_insensitive() {
        assert_eq!(host_id("alsa"), host_id("ALSA"));
        assert!(host_id("alsa").is_some());
        assert!(host_id("no-such-host").is_none());
    }

    #[test]
    fn alsa_messages_are_collected_not_printed() {
        let Some(alsa) = host_id("alsa") else {
            return;
        };
        let (r, msgs) = collect_alsa_messages(|| {
            let h = open_host(alsa)?;
            let d = find_device(&h, Some("default"), Direction::Output)?;
            supported_configs(&d, Direction::Output)
        });
        // With a sound card `default` works and ALSA says nothing; without, it fails
        // and ALSA's reason is collected.
        if r.is_err() {
            eprintln!("{:?} {msgs:?}", r.err());
        }
        assert!(msgs.len() <= 2);
        assert_eq!(with_alsa_messages("x".into(), &[]), "x");
        assert_eq!(
            with_alsa_messages("x".into(), &["a".into(), "b".into()]),
            "x (ALSA: a; b)"
        );
    }
}
