//! Binary spectrum frames (WebSocket binary messages), all numbers little-endian:
//!
//! ```text
//! offset size field
//!  0     4    magic "VXSP"
//!  4     1    version (1)
//!  5     1    kind (0 = linear FFT bins)
//!  6     2    channels (u16)
//!  8     4    bins per channel (u32)
//! 12     4    sample_rate (u32, Hz)
//! 16     4    fft_size (u32)
//! 20     4    reserved (0)
//! 24     8    sequence (u64, same counter as the JSON MonitorFrame sent at the same tick)
//! 32     ..   channels * bins f32 magnitudes in dBFS, channel-major;
//!             bin k is at k * sample_rate / fft_size Hz
//! ```

use crate::error::{ErrorCode, ProtocolError};

/// First four bytes of a spectrum frame.
pub const SPECTRUM_MAGIC: [u8; 4] = *b"VXSP";

/// Layout version written at byte 4.
pub const SPECTRUM_VERSION: u8 = 1;

/// Kind (byte 5) of a frame of linear FFT bins, the only kind so far.
pub const SPECTRUM_KIND_LINEAR: u8 = 0;

/// Size of the header before the magnitudes, bytes.
pub const SPECTRUM_HEADER_BYTES: usize = 32;

/// The header of a spectrum frame (magic, version, kind and reserved bytes are implied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpectrumHeader {
    /// Number of channels.
    pub channels: u16,
    /// Bins per channel.
    pub bins: u32,
    /// Sample rate of the analysed audio, Hz.
    pub sample_rate: u32,
    /// FFT length, samples; bin k lies at `k * sample_rate / fft_size` Hz.
    pub fft_size: u32,
    /// Tick counter, equal to `MonitorFrame::sequence` of the same tick.
    pub sequence: u64,
}

impl SpectrumHeader {
    /// Number of magnitudes (`channels * bins`), or `None` if that overflows `usize`.
    pub fn values(&self) -> Option<usize> {
        usize::from(self.channels).checked_mul(usize::try_from(self.bins).ok()?)
    }

    /// Size of the whole frame, bytes, or `None` if that overflows `usize`.
    pub fn frame_bytes(&self) -> Option<usize> {
        self.values()?
            .checked_mul(size_of::<f32>())?
            .checked_add(SPECTRUM_HEADER_BYTES)
    }
}

/// Clears `out` and writes a spectrum frame of `header` and `data` (`channels * bins`
/// magnitudes in dBFS, channel-major) into it.
///
/// A `data` length other than `channels * bins` is a bug in the caller: it panics in
/// debug builds and returns `InvalidParameter` (leaving `out` empty) in release builds.
pub fn encode_spectrum(
    header: SpectrumHeader,
    data: &[f32],
    out: &mut Vec<u8>,
) -> Result<(), ProtocolError> {
    out.clear();
    debug_assert_eq!(Some(data.len()), header.values(), "spectrum data length");
    if Some(data.len()) != header.values() {
        return Err(ProtocolError::new(
            ErrorCode::InvalidParameter,
            "spectrum data length is not channels * bins",
        )
        .value(data.len())
        .limit(format!("{} * {}", header.channels, header.bins)));
    }
    out.reserve(SPECTRUM_HEADER_BYTES + size_of_val(data));
    out.extend_from_slice(&SPECTRUM_MAGIC);
    out.push(SPECTRUM_VERSION);
    out.push(SPECTRUM_KIND_LINEAR);
    out.extend_from_slice(&header.channels.to_le_bytes());
    out.extend_from_slice(&header.bins.to_le_bytes());
    out.extend_from_slice(&header.sample_rate.to_le_bytes());
    out.extend_from_slice(&header.fft_size.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&header.sequence.to_le_bytes());
    for value in data {
        out.extend_from_slice(&value.to_le_bytes());
    }
    Ok(())
}

/// Reads a spectrum frame: checks magic, version, kind and length, and returns the header
/// and the `channels * bins` magnitudes (dBFS, channel-major).
pub fn decode_spectrum(bytes: &[u8]) -> Result<(SpectrumHeader, Vec<f32>), ProtocolError> {
    let invalid = |message: &str| ProtocolError::new(ErrorCode::InvalidMessage, message);
    let Some((head, body)) = bytes.split_first_chunk::<SPECTRUM_HEADER_BYTES>() else {
        return Err(invalid("spectrum frame shorter than its header")
            .value(bytes.len())
            .limit(format!(">= {SPECTRUM_HEADER_BYTES} bytes")));
    };
    let field = |offset: usize, len: usize| &head[offset..offset + len];
    if field(0, 4) != SPECTRUM_MAGIC {
        return Err(invalid("not a spectrum frame (bad magic)"));
    }
    if head[4] != SPECTRUM_VERSION {
        return Err(invalid("unsupported spectrum frame version")
            .value(head[4])
            .limit(SPECTRUM_VERSION));
    }
    if head[5] != SPECTRUM_KIND_LINEAR {
        return Err(invalid("unknown spectrum kind")
            .value(head[5])
            .limit(SPECTRUM_KIND_LINEAR));
    }
    let u32_at = |offset| u32::from_le_bytes(field(offset, 4).try_into().expect("4 bytes"));
    let header = SpectrumHeader {
        channels: u16::from_le_bytes(field(6, 2).try_into().expect("2 bytes")),
        bins: u32_at(8),
        sample_rate: u32_at(12),
        fft_size: u32_at(16),
        sequence: u64::from_le_bytes(field(24, 8).try_into().expect("8 bytes")),
    };
    if header.frame_bytes() != Some(bytes.len()) {
        let expected = header
            .frame_bytes()
            .map_or("too many".into(), |n| n.to_string());
        return Err(invalid("spectrum frame length does not match its header")
            .value(bytes.len())
            .limit(format!("{expected} bytes")));
    }
    let data = body
        .chunks_exact(size_of::<f32>())
        .map(|chunk| f32::from_le_bytes(chunk.try_into().expect("4 bytes")))
        .collect();
    Ok((header, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: SpectrumHeader = SpectrumHeader {
        channels: 2,
        bins: 3,
        sample_rate: 48_000,
        fft_size: 4,
        sequence: 0x0102_0304_0506_0708,
    };
    const DATA: [f32; 6] = [-200.0, -6.0, 0.0, -12.5, -3.25, 1.0];

    fn encoded() -> Vec<u8> {
        let mut out = vec![0xAA; 3];
        encode_spectrum(HEADER, &DATA, &mut out).unwrap();
        out
    }

    #[test]
    fn round_trip() {
        let bytes = encoded();
        assert_eq!(bytes.len(), SPECTRUM_HEADER_BYTES + 4 * DATA.len());
        let (header, data) = decode_spectrum(&bytes).unwrap();
        assert_eq!(header, HEADER);
        assert_eq!(data, DATA);
    }

    #[test]
    fn byte_layout() {
        let bytes = encoded();
        assert_eq!(&bytes[0..4], b"VXSP");
        assert_eq!(bytes[4..6], [1, 0]);
        assert_eq!(bytes[6..8], [2, 0]);
        assert_eq!(bytes[8..12], [3, 0, 0, 0]);
        assert_eq!(bytes[12..16], 48_000u32.to_le_bytes());
        assert_eq!(bytes[16..20], [4, 0, 0, 0]);
        assert_eq!(bytes[20..24], [0; 4]);
        assert_eq!(bytes[24..32], [8, 7, 6, 5, 4, 3, 2, 1]);
        assert_eq!(bytes[32..36], (-200.0f32).to_le_bytes());
        assert_eq!(bytes[52..56], 1.0f32.to_le_bytes());
    }

    #[test]
    fn empty_spectrum() {
        let header = SpectrumHeader {
            channels: 0,
            ..HEADER
        };
        let mut out = Vec::new();
        encode_spectrum(header, &[], &mut out).unwrap();
        assert_eq!(decode_spectrum(&out).unwrap(), (header, vec![]));
    }

    #[test]
    fn rejects_malformed_frames() {
        let bytes = encoded();
        let code = |bytes: &[u8]| decode_spectrum(bytes).unwrap_err().code;
        let mut bad_magic = bytes.clone();
        bad_magic[0] = b'X';
        let mut bad_version = bytes.clone();
        bad_version[4] = 2;
        let mut bad_kind = bytes.clone();
        bad_kind[5] = 1;
        let mut huge = bytes.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        for bad in [
            &bad_magic[..],
            &bad_version,
            &bad_kind,
            &huge,
            &bytes[..SPECTRUM_HEADER_BYTES - 1],
            &bytes[..bytes.len() - 1],
            &[bytes.as_slice(), &[0]].concat(),
            &[],
        ] {
            assert_eq!(code(bad), ErrorCode::InvalidMessage);
        }
    }

    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "spectrum data length"))]
    fn wrong_data_length_is_a_bug() {
        let mut out = vec![1];
        let error = encode_spectrum(HEADER, &DATA[..5], &mut out).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidParameter);
        assert!(out.is_empty());
    }
}
