//! The audio devices of every cpal host this build has (ALSA; JACK when a server runs),
//! with the formats each supports: what `vortex devices` prints.
//!
//! Listing never fails: a host or device that cannot be queried is listed with its
//! error. Querying formats opens each device briefly, so a device another program holds
//! exclusively shows an error (busy) rather than its formats.

use crate::driver::cpal_host::{self, Direction, FORMAT_PREFERENCE};
use cpal::traits::{DeviceTrait, HostTrait};
use cpal::{SupportedBufferSize, SupportedStreamConfigRange};
use serde::Serialize;

/// Every host and its devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceList {
    /// One entry per host, in cpal's order (JACK before ALSA on Linux).
    pub hosts: Vec<HostDevices>,
}

/// The devices of one host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostDevices {
    /// Host name in lower case: `alsa`, `jack`.
    pub host: String,
    /// Why the host could not be started or its devices listed, if so.
    pub error: Option<String>,
    /// Devices that can play.
    pub outputs: Vec<DeviceInfo>,
    /// Devices that can capture.
    pub inputs: Vec<DeviceInfo>,
}

/// One device, in one direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    /// What to select it by (`--device`, `audio.device`): an ALSA PCM name such as
    /// `default` or `hw:CARD=PCH,DEV=0`; `output`/`input` for JACK.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Whether this is the host's default device for the direction.
    pub is_default: bool,
    /// Supported channel counts, ascending.
    pub channels: Vec<u16>,
    /// Supported sample rates, Hz, as ranges (min = max for a single rate), ascending.
    pub sample_rates: Vec<RateRange>,
    /// Supported sample formats (`f32`, `i32`, `i24`, `i16`, ...), best first.
    pub formats: Vec<String>,
    /// Each combination the device reports.
    pub configs: Vec<ConfigRange>,
    /// Why the formats could not be queried (busy, cannot stream this way), if so.
    pub error: Option<String>,
}

/// A range of sample rates, Hz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RateRange {
    /// Lowest rate, Hz.
    pub min_hz: u32,
    /// Highest rate, Hz.
    pub max_hz: u32,
}

/// One supported combination of channels, rates, sample format and period sizes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigRange {
    /// Channels.
    pub channels: u16,
    /// Lowest sample rate, Hz.
    pub min_rate_hz: u32,
    /// Highest sample rate, Hz.
    pub max_rate_hz: u32,
    /// Sample format (`f32`, `i16`, ...).
    pub format: String,
    /// Smallest period, frames, when the host says.
    pub min_period_frames: Option<u32>,
    /// Largest period, frames, when the host says.
    pub max_period_frames: Option<u32>,
}

/// Lists every host's output and input devices with their supported formats.
pub fn list_devices() -> DeviceList {
    let hosts = cpal::available_hosts()
        .into_iter()
        .map(|id| {
            let (mut h, alsa) = cpal_host::collect_alsa_messages(|| list_host(id));
            h.error = h.error.map(|e| cpal_host::with_alsa_messages(e, &alsa));
            h
        })
        .collect();
    DeviceList { hosts }
}

fn list_host(id: cpal::HostId) -> HostDevices {
    let mut out = HostDevices {
        host: cpal_host::host_label(id),
        error: None,
        outputs: Vec::new(),
        inputs: Vec::new(),
    };
    let host = match cpal_host::open_host(id) {
        Ok(h) => h,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    let devices: Vec<cpal::Device> = match host.devices() {
        Ok(d) => d.collect(),
        Err(e) => {
            out.error = Some(format!("cannot list devices: {e}"));
            return out;
        }
    };
    for (direction, list) in [
        (Direction::Output, &mut out.outputs),
        (Direction::Input, &mut out.inputs),
    ] {
        let default = match direction {
            Direction::Output => host.default_output_device(),
            Direction::Input => host.default_input_device(),
        };
        let default_key = default.as_ref().map(cpal_host::device_key);
        for d in devices.iter().filter(|d| streams(d, direction)) {
            list.push(describe(d, direction, default_key.as_deref()));
        }
        // The default device (ALSA's `default` PCM) even when the host does not list
        // it: its entry then shows whether it works.
        if let Some(d) = default
            && !list.iter().any(|i| Some(&i.id) == default_key.as_ref())
        {
            list.insert(0, describe(&d, direction, default_key.as_deref()));
        }
    }
    out
}

/// Whether `device` streams in `direction`: what its description says, or, when that is
/// unknown, whether it reports formats for the direction.
fn streams(device: &cpal::Device, direction: Direction) -> bool {
    use cpal::DeviceDirection as D;
    let dir = device.description().map_or(D::Unknown, |d| d.direction());
    match (dir, direction) {
        (D::Duplex, _) | (D::Output, Direction::Output) | (D::Input, Direction::Input) => true,
        (D::Output, Direction::Input) | (D::Input, Direction::Output) => false,
        _ => match direction {
            Direction::Output => device.supports_output(),
            Direction::Input => device.supports_input(),
        },
    }
}

fn describe(device: &cpal::Device, direction: Direction, default: Option<&str>) -> DeviceInfo {
    let id = cpal_host::device_key(device);
    let (ranges, alsa) =
        cpal_host::collect_alsa_messages(|| cpal_host::supported_configs(device, direction));
    let (configs, error) = match ranges {
        Ok(ranges) => (ranges, None),
        Err(e) => (Vec::new(), Some(cpal_host::with_alsa_messages(e, &alsa))),
    };
    let mut info = summarise(&configs);
    info.is_default = default == Some(id.as_str());
    info.name = cpal_host::device_name(device);
    info.id = id;
    info.error = error;
    info
}

/// A [`DeviceInfo`] (without identity) summarising `ranges`.
fn summarise(ranges: &[SupportedStreamConfigRange]) -> DeviceInfo {
    let mut channels: Vec<u16> = ranges.iter().map(|r| r.channels()).collect();
    channels.sort_unstable();
    channels.dedup();
    let mut rates: Vec<RateRange> = ranges
        .iter()
        .map(|r| RateRange {
            min_hz: r.min_sample_rate(),
            max_hz: r.max_sample_rate(),
        })
        .collect();
    rates.sort_unstable_by_key(|r| (r.min_hz, r.max_hz));
    let mut merged: Vec<RateRange> = Vec::new();
    for r in rates {
        match merged.last_mut() {
            Some(last) if r.min_hz <= last.max_hz => last.max_hz = last.max_hz.max(r.max_hz),
            _ => merged.push(r),
        }
    }
    let mut formats: Vec<cpal::SampleFormat> = ranges.iter().map(|r| r.sample_format()).collect();
    formats.sort_unstable_by_key(|&f| {
        let rank = FORMAT_PREFERENCE.iter().position(|&p| p == f);
        (rank.unwrap_or(FORMAT_PREFERENCE.len()), f)
    });
    formats.dedup();
    let configs = ranges
        .iter()
        .map(|r| {
            let (min_period_frames, max_period_frames) = match *r.buffer_size() {
                SupportedBufferSize::Range { min, max } => (Some(min), Some(max)),
                SupportedBufferSize::Unknown => (None, None),
            };
            ConfigRange {
                channels: r.channels(),
                min_rate_hz: r.min_sample_rate(),
                max_rate_hz: r.max_sample_rate(),
                format: r.sample_format().to_string(),
                min_period_frames,
                max_period_frames,
            }
        })
        .collect();
    DeviceInfo {
        id: String::new(),
        name: String::new(),
        is_default: false,
        channels,
        sample_rates: merged,
        formats: formats.iter().map(|f| f.to_string()).collect(),
        configs,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpal::SampleFormat;

    fn range(ch: u16, min: u32, max: u32, f: SampleFormat) -> SupportedStreamConfigRange {
        SupportedStreamConfigRange::new(ch, min, max, SupportedBufferSize::Unknown, f)
    }

    #[test]
    fn summary_merges_rates_and_orders_formats() {
        let s = summarise(&[
            range(2, 44_100, 48_000, SampleFormat::I16),
            range(2, 48_000, 96_000, SampleFormat::F32),
            range(1, 192_000, 192_000, SampleFormat::I16),
            range(8, 8_000, 8_000, SampleFormat::U8),
            range(2, 44_100, 44_100, SampleFormat::DsdU16),
            range(2, 44_100, 44_100, SampleFormat::DsdU8),
            range(2, 88_200, 88_200, SampleFormat::DsdU16),
        ]);
        assert_eq!(s.channels, [1, 2, 8]);
        let r: Vec<(u32, u32)> = s
            .sample_rates
            .iter()
            .map(|r| (r.min_hz, r.max_hz))
            .collect();
        assert_eq!(r, [(8_000, 8_000), (44_100, 96_000), (192_000, 192_000)]);
        assert_eq!(s.formats, ["f32", "i16", "u8", "dsdu8", "dsdu16"]);
        assert_eq!(s.configs.len(), 7);
        assert_eq!(s.configs[0].min_period_frames, None);
    }

    #[test]
    fn listing_this_machine_does_not_fail() {
        let list = list_devices();
        let json = serde_json::to_value(&list).unwrap();
        assert!(json["hosts"].is_array());
        if cfg!(target_os = "linux") {
            assert!(list.hosts.iter().any(|h| h.host == "alsa"), "{list:?}");
        }
        for h in &list.hosts {
            for d in h.outputs.iter().chain(&h.inputs) {
                assert!(!d.id.is_empty(), "{h:?}");
            }
        }
    }
}
