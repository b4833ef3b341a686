//! Decoding every supported format, from fixtures generated at test time with ffmpeg and sox
//! from a known signal: 1 s of 48 kHz stereo 16-bit, 997 Hz on the left and 1499 Hz on the
//! right, both at -6 dBFS.
//!
//! These tests need ffmpeg and sox (scripts/setup.sh installs them); without them they fail
//! with a message saying so, they never pass silently.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use vortex_dsp::PlanarBuf;
use vortex_engine::decode::{DecodeError, DecodeOptions, Decoder, StreamInfo, decode_file};

/// A temporary directory holding the reference WAV.
struct Fixtures {
    dir: tempfile::TempDir,
    wav: PathBuf,
}

impl Fixtures {
    fn new() -> Self {
        require_tool("ffmpeg");
        require_tool("sox");
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("reference.wav");
        write_reference_wav(&wav);
        Self { dir, wav }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Transcodes the reference with ffmpeg into `name`.
    fn ffmpeg(&self, name: &str, args: &[&str]) -> PathBuf {
        let out = self.path(name);
        ffmpeg(&self.wav, args, &out);
        out
    }

    /// Transcodes the reference with sox into `name` (format from the extension).
    fn sox(&self, name: &str, args: &[&str]) -> PathBuf {
        let out = self.path(name);
        let mut all = vec![self.wav.to_str().unwrap()];
        all.extend_from_slice(args);
        all.push(out.to_str().unwrap());
        run("sox", &all);
        out
    }
}

fn decode(path: &Path) -> (StreamInfo, PlanarBuf) {
    decode_file(path, &DecodeOptions::default())
        .unwrap_or_else(|e| panic!("decoding {} failed: {e}", path.display()))
}

/// Lossless: exact frame count and bit-exact samples.
fn assert_lossless(path: &Path, codec: &str, container: &str) {
    let (info, buf) = decode(path);
    let name = path.file_name().unwrap().to_string_lossy();
    assert_eq!(info.sample_rate, RATE, "{name}: sample rate");
    assert_eq!(info.channels, 2, "{name}: channels");
    assert_eq!(info.codec, codec, "{name}: codec");
    assert_eq!(info.container, container, "{name}: container");
    assert_eq!(buf.frames(), FRAMES, "{name}: frame count");
    let reference = reference_f32(FRAMES);
    for (ch, want) in reference.iter().enumerate() {
        let got = buf.channel(ch);
        if let Some(i) = (0..FRAMES).find(|&i| got[i] != want[i]) {
            panic!(
                "{name}: channel {ch} differs at frame {i}: {} != {}",
                got[i], want[i]
            );
        }
    }
}

/// Lossy: frame count as given, and each channel carries its own tone at the right level,
/// aligned with the source by `expected_delay` frames (searched within ±`delay_slack`).
fn assert_lossy(
    path: &Path,
    codec: &str,
    frames: std::ops::RangeInclusive<usize>,
    expected_delay: isize,
    delay_slack: isize,
) {
    let (info, buf) = decode(path);
    let name = path.file_name().unwrap().to_string_lossy();
    assert_eq!(info.sample_rate, RATE, "{name}: sample rate");
    assert_eq!(info.channels, 2, "{name}: channels");
    assert_eq!(info.codec, codec, "{name}: codec");
    assert!(
        frames.contains(&buf.frames()),
        "{name}: {} frames, expected {frames:?}",
        buf.frames()
    );
    let reference = reference_f32(FRAMES);
    let tones = [F_LEFT, F_RIGHT];
    for ch in 0..2 {
        let x = buf.channel(ch);
        // Correlation with the source over its middle 0.8 s, at the expected alignment.
        let lags = expected_delay - delay_slack..=expected_delay + delay_slack;
        let (corr, lag) = best_correlation(x, &reference[ch], 4800, 43200, lags);
        assert!(
            corr > 0.99,
            "{name}: channel {ch}: correlation with the source {corr:.4} at lag {lag}"
        );
        // The right tone, and not the other channel's.
        let mid = &x[(4800 + lag.max(0) as usize)..(43200 + lag.max(0) as usize).min(x.len())];
        let own = goertzel(mid, tones[ch], RATE);
        let other = goertzel(mid, tones[1 - ch], RATE);
        assert!(
            own > 1000.0 * other,
            "{name}: channel {ch}: tone power {own:.3e} vs other tone {other:.3e}"
        );
        // Level: -6 dBFS sine has RMS 0.5 / sqrt(2); allow 0.5 dB.
        let level_db = 20.0 * (rms(mid) / (AMP / 2f64.sqrt())).log10();
        assert!(
            level_db.abs() < 0.5,
            "{name}: channel {ch}: level off by {level_db:.2} dB"
        );
    }
}

#[test]
fn lossless_formats_are_bit_exact() {
    let fx = Fixtures::new();
    assert_lossless(&fx.wav, "pcm_s16le", "wave");
    assert_lossless(&fx.ffmpeg("ffmpeg.flac", &[]), "flac", "flac");
    assert_lossless(&fx.ffmpeg("alac.m4a", &["-c:a", "alac"]), "alac", "isomp4");
    assert_lossless(&fx.ffmpeg("ffmpeg.aiff", &[]), "pcm_s16be", "aiff");
    assert_lossless(&fx.ffmpeg("pcm.caf", &[]), "pcm_s16be", "caf");
    // ffmpeg's CAF muxer declares whole packets (49152 frames) in the packet table although the
    // ALAC stream holds 48000: the decoded length is the real one and this is not "truncated".
    assert_lossless(&fx.ffmpeg("alac.caf", &["-c:a", "alac"]), "alac", "caf");
    // A WAV written to a pipe: ffmpeg cannot seek back, so its RIFF and data sizes read
    // 0xFFFFFFFF ("unknown"); the file is complete and must not be called truncated.
    let piped = fx.path("piped.wav");
    let out = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-i"])
        .arg(&fx.wav)
        .args(["-f", "wav", "pipe:1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        &out.stdout[4..8],
        &[0xff; 4],
        "ffmpeg wrote an unknown RIFF size"
    );
    std::fs::write(&piped, &out.stdout).unwrap();
    assert_lossless(&piped, "pcm_s16le", "wave");
    // The same through sox (libFLAC and its own AIFF writer).
    assert_lossless(&fx.sox("sox.flac", &[]), "flac", "flac");
    assert_lossless(&fx.sox("sox.aiff", &[]), "pcm_s16be", "aiff");
}

#[test]
fn lossless_24_bit_is_exact() {
    let fx = Fixtures::new();
    // 16-bit source padded to 24 bits: still exactly x / 32768.
    let p = fx.ffmpeg("w24.flac", &["-c:a", "flac", "-sample_fmt", "s32"]);
    let (info, _) = decode(&p);
    assert_eq!(info.bits_per_sample, Some(24));
    assert_lossless(&p, "flac", "flac");
    let p = fx.ffmpeg("w24.wav", &["-c:a", "pcm_s24le"]);
    assert_lossless(&p, "pcm_s24le", "wave");
}

#[test]
fn mp3_is_gapless_and_carries_the_tones() {
    let fx = Fixtures::new();
    let p = fx.ffmpeg("lame.mp3", &["-c:a", "libmp3lame", "-b:a", "192k"]);
    // LAME writes encoder delay and padding in its Xing/LAME tag; symphonia trims both, so the
    // count is exact and the signal is not shifted.
    assert_lossy(&p, "mp3", FRAMES..=FRAMES, 0, 2);
}

#[test]
fn vorbis_is_gapless_and_carries_the_tones() {
    let fx = Fixtures::new();
    let p = fx.ffmpeg("vorbis.ogg", &["-c:a", "libvorbis", "-q:a", "6"]);
    // Ogg granule positions give the exact length; symphonia trims to it.
    assert_lossy(&p, "vorbis", FRAMES..=FRAMES, 0, 2);
    let (info, _) = decode(&p);
    assert_eq!(info.container, "ogg");
}

#[test]
fn opus_is_gapless_and_carries_the_tones() {
    let fx = Fixtures::new();
    let p = fx.ffmpeg("opus.opus", &["-c:a", "libopus", "-b:a", "160k"]);
    // Pre-skip (start) and the last page's granule position (end) give the exact length.
    assert_lossy(&p, "opus", FRAMES..=FRAMES, 0, 2);
    let (info, _) = decode(&p);
    assert_eq!(info.total_frames, Some(FRAMES as u64), "pre-skip excluded");
}

#[test]
fn aac_in_m4a_carries_the_tones() {
    let fx = Fixtures::new();
    let p = fx.ffmpeg("aac.m4a", &["-c:a", "aac", "-b:a", "192k"]);
    // Symphonia 0.6 does no gapless trimming for AAC/MP4: the output keeps the encoder's 1024
    // priming frames at the start and is padded to whole 1024-frame packets at the end, so it
    // is 48000 + 1024 rounded up to a packet: 49152. Allow one packet either way for other
    // encoder versions. The signal is delayed by the priming (1024 frames, searched ±8).
    assert_lossy(&p, "aac", 49152 - 1024..=49152 + 1024, 1024, 8);
    let (info, _) = decode(&p);
    assert_eq!(info.container, "isomp4");
}

#[test]
fn format_comes_from_content_not_extension() {
    let fx = Fixtures::new();
    let flac = fx.ffmpeg("real.flac", &[]);
    let disguised = fx.path("actually-flac.mp3");
    std::fs::copy(&flac, &disguised).unwrap();
    assert_lossless(&disguised, "flac", "flac");

    let disguised = fx.path("actually-wav.flac");
    std::fs::copy(&fx.wav, &disguised).unwrap();
    assert_lossless(&disguised, "pcm_s16le", "wave");

    let mp3 = fx.ffmpeg("real.mp3", &["-c:a", "libmp3lame", "-b:a", "192k"]);
    let disguised = fx.path("actually-mp3.wav");
    std::fs::copy(&mp3, &disguised).unwrap();
    assert_lossy(&disguised, "mp3", FRAMES..=FRAMES, 0, 2);

    let no_ext = fx.path("no_extension");
    std::fs::copy(fx.ffmpeg("x.ogg", &["-c:a", "libopus"]), &no_ext).unwrap();
    let (info, _) = decode(&no_ext);
    assert_eq!(info.codec, "opus");
}

#[test]
fn streaming_read_matches_decode_file_for_any_block_size() {
    let fx = Fixtures::new();
    for name in ["s.flac", "s.mp3", "s.ogg"] {
        let args: &[&str] = match name {
            "s.mp3" => &["-c:a", "libmp3lame"],
            "s.ogg" => &["-c:a", "libvorbis"],
            _ => &[],
        };
        let p = fx.ffmpeg(name, args);
        let (_, whole) = decode(&p);
        for block in [1usize, 7, 1000, 4096, 100_000] {
            let mut dec = Decoder::open(&p, &DecodeOptions::default()).unwrap();
            let mut out = PlanarBuf::new(2, block);
            let mut got = [Vec::new(), Vec::new()];
            loop {
                let n = dec.read(&mut out).unwrap();
                assert!(n <= block);
                if n == 0 {
                    break;
                }
                for (c, g) in got.iter_mut().enumerate() {
                    g.extend_from_slice(&out.channel(c)[..n]);
                }
            }
            assert_eq!(dec.read(&mut out).unwrap(), 0, "stays at the end");
            for (c, g) in got.iter().enumerate() {
                assert_eq!(
                    g.as_slice(),
                    whole.channel(c),
                    "{name}, block {block}, ch {c}"
                );
            }
        }
    }
}

#[test]
fn mono_and_multichannel_and_other_rates() {
    let fx = Fixtures::new();
    let p = fx.ffmpeg("mono44.flac", &["-ac", "1", "-ar", "44100"]);
    let (info, buf) = decode(&p);
    assert_eq!((info.channels, info.sample_rate), (1, 44100));
    assert_eq!(buf.channels(), 1);
    assert_eq!(info.total_frames, Some(buf.frames() as u64));
    let p = fx.ffmpeg(
        "six.wav",
        &["-af", "pan=5.1|c0=c0|c1=c1|c2=c0|c3=c1|c4=c0|c5=c1"],
    );
    let (info, buf) = decode(&p);
    assert_eq!(info.channels, 6);
    let reference = reference_f32(FRAMES);
    assert_eq!(buf.channel(4), reference[0].as_slice());
    assert_eq!(buf.channel(5), reference[1].as_slice());
}

// ---------------------------------------------------------------------------------------------
// Malformed input.

/// Asserts that decoding `path` fails, that the message names the file, and returns the error.
fn decode_err(path: &Path, opts: &DecodeOptions) -> DecodeError {
    let result = std::panic::catch_unwind(|| decode_file(path, opts));
    let err = match result {
        Ok(Ok((info, buf))) => panic!(
            "{}: decoded {} frames ({info:?}) but should have failed",
            path.display(),
            buf.frames()
        ),
        Ok(Err(e)) => e,
        Err(_) => panic!("{}: decoding panicked", path.display()),
    };
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&path.display().to_string()) && msg.contains(&name),
        "message does not start with the path: {msg}"
    );
    assert_eq!(err.path(), path);
    err
}

/// A minimal PCM WAV header (44 bytes) followed by `data`.
fn wav_bytes(channels: u16, rate: u32, bits: u16, data_len: u32, data: &[u8]) -> Vec<u8> {
    let block_align = channels.wrapping_mul(bits / 8);
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate.wrapping_mul(u32::from(block_align))).to_le_bytes());
    v.extend_from_slice(&block_align.to_le_bytes());
    v.extend_from_slice(&bits.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    v.extend_from_slice(data);
    v
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.wav");
    std::fs::write(&p, b"").unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Empty { .. }), "{e:?}");
}

#[test]
fn missing_file_and_directory() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("missing.flac");
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("No such file"), "{e}");
    let sub = dir.path().join("folder.wav");
    std::fs::create_dir(&sub).unwrap();
    let e = decode_err(&sub, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Io { .. }), "{e:?}");
}

#[test]
fn too_large_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.wav");
    std::fs::write(&p, wav_bytes(1, 48000, 16, 1000, &[0u8; 1000])).unwrap();
    assert_eq!(std::fs::metadata(&p).unwrap().len(), 1044);
    let e = decode_err(
        &p,
        &DecodeOptions {
            max_file_bytes: 100,
        },
    );
    match &e {
        DecodeError::TooLarge { size, limit, .. } => assert_eq!((*size, *limit), (1044, 100)),
        other => panic!("{other:?}"),
    }
    // Under the limit it decodes (500 frames of silence).
    let (_, buf) = decode_file(
        &p,
        &DecodeOptions {
            max_file_bytes: 2000,
        },
    )
    .unwrap();
    assert_eq!(buf.frames(), 500);
    assert!(DecodeOptions::default().max_file_bytes == 2 * 1024 * 1024 * 1024);
}

/// Truncated WAV: the header says 1 s but only half the data is there. Policy: an error
/// (`Truncated`), never a silently short result; streaming readers get the frames that exist
/// first, then the error.
#[test]
fn truncated_wav() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.wav");
    write_reference_wav(&full);
    let bytes = std::fs::read(&full).unwrap();
    let p = dir.path().join("truncated.wav");
    let keep = 44 + FRAMES * 4 / 2; // header + half of the data
    std::fs::write(&p, &bytes[..keep]).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    match &e {
        DecodeError::Truncated {
            frames_decoded,
            frames_expected,
            ..
        } => {
            assert_eq!(*frames_expected, Some(FRAMES as u64));
            assert!(*frames_decoded <= FRAMES as u64 / 2, "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("truncated"), "{e}");

    // Streaming: the available frames come out, exact, then the error.
    let mut dec = Decoder::open(&p, &DecodeOptions::default()).unwrap();
    let mut out = PlanarBuf::new(2, 1000);
    let mut got = Vec::new();
    let err = loop {
        match dec.read(&mut out) {
            Ok(0) => panic!("reached a clean end on a truncated file"),
            Ok(n) => got.extend_from_slice(&out.channel(0)[..n]),
            Err(e) => break e,
        }
    };
    assert!(matches!(err, DecodeError::Truncated { .. }), "{err:?}");
    assert!(
        got.len() > FRAMES / 2 - 1100 && got.len() <= FRAMES / 2,
        "{}",
        got.len()
    );
    assert_eq!(got.as_slice(), &reference_f32(FRAMES)[0][..got.len()]);
    // Later calls keep failing.
    assert!(dec.read(&mut out).is_err());

    // A header with no data at all.
    let p = dir.path().join("header-only.wav");
    std::fs::write(&p, wav_bytes(2, 48000, 16, 192_000, &[])).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Truncated { .. }), "{e:?}");
}

#[test]
fn truncated_flac_mid_frame() {
    require_tool("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("ref.wav");
    write_reference_wav(&wav);
    let flac = dir.path().join("full.flac");
    ffmpeg(&wav, &[], &flac);
    let bytes = std::fs::read(&flac).unwrap();
    // Cut in the middle of the stream: inside some frame (well past the headers).
    for frac in [0.5, 0.77, 0.99] {
        let p = dir.path().join(format!("cut-{frac}.flac"));
        std::fs::write(&p, &bytes[..(bytes.len() as f64 * frac) as usize]).unwrap();
        let e = decode_err(&p, &DecodeOptions::default());
        assert!(matches!(e, DecodeError::Truncated { .. }), "{frac}: {e:?}");
    }
}

#[test]
fn truncated_mp3_with_frame_count() {
    require_tool("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("ref.wav");
    write_reference_wav(&wav);
    let mp3 = dir.path().join("full.mp3");
    ffmpeg(&wav, &["-c:a", "libmp3lame"], &mp3);
    let bytes = std::fs::read(&mp3).unwrap();
    let p = dir.path().join("cut.mp3");
    std::fs::write(&p, &bytes[..bytes.len() * 2 / 3]).unwrap();
    // The Xing header declares 48000 frames; the stream stops well before.
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Truncated { .. }), "{e:?}");
}

#[test]
fn truncated_m4a_is_corrupt() {
    require_tool("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("ref.wav");
    write_reference_wav(&wav);
    let m4a = dir.path().join("full.m4a");
    ffmpeg(&wav, &["-c:a", "alac"], &m4a);
    let bytes = std::fs::read(&m4a).unwrap();
    let p = dir.path().join("cut.m4a");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    // ffmpeg writes the index ('moov') last, so half a file has none.
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Corrupt { .. }), "{e:?}");
    assert!(e.to_string().contains("truncated"), "{e}");
}

#[test]
fn garbage_text_and_png_are_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = XorShift(0x1234_5678_9abc_def1);
    // Random bytes, avoiding 0xFF so no MPEG-audio sync word can appear by chance.
    let garbage: Vec<u8> = (0..4096).map(|_| (rng.next() % 255) as u8).collect();
    let p = dir.path().join("garbage.bin");
    std::fs::write(&p, &garbage).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Unsupported { .. }), "{e:?}");
    assert!(e.to_string().contains("not recognised"), "{e}");

    let p = dir.path().join("notes.txt");
    std::fs::write(
        &p,
        "These are not the samples you are looking for.\nLine two.\n".repeat(50),
    )
    .unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Unsupported { .. }), "{e:?}");

    let p = dir.path().join("image.png");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    png.extend_from_slice(&[0x1f, 0xf3, 0xff, 0x61]);
    png.extend(std::iter::repeat_n(0u8, 200));
    std::fs::write(&p, &png).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Unsupported { .. }), "{e:?}");
}

#[test]
fn fully_random_bytes_never_decode() {
    // Unlike the test above, these may contain anything (including MPEG sync words): the result
    // must still be an error, never audio and never a panic.
    let dir = tempfile::tempdir().unwrap();
    let mut rng = XorShift(0xdead_beef_cafe_f00d);
    for i in 0..20 {
        let len = 64 + (rng.next() % 20_000) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let p = dir.path().join(format!("random-{i}.dat"));
        std::fs::write(&p, &bytes).unwrap();
        let e = decode_err(&p, &DecodeOptions::default());
        assert!(
            matches!(
                e,
                DecodeError::Unsupported { .. } | DecodeError::Corrupt { .. }
            ),
            "{e:?}"
        );
    }
}

#[test]
fn zero_channels_and_zero_rate() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("zero-channels.wav");
    std::fs::write(&p, wav_bytes(0, 48000, 16, 400, &[0u8; 400])).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::ZeroChannels { .. }), "{e:?}");
    assert!(e.to_string().contains("zero channels"), "{e}");

    let p = dir.path().join("zero-rate.wav");
    std::fs::write(&p, wav_bytes(2, 0, 16, 400, &[0u8; 400])).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    match &e {
        DecodeError::BadSampleRate { rate, .. } => assert_eq!(*rate, 0),
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("0 Hz"), "{e}");
}

#[test]
fn aiff_with_zero_channels() {
    require_tool("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("ref.wav");
    write_reference_wav(&wav);
    let aiff = dir.path().join("ok.aiff");
    ffmpeg(&wav, &[], &aiff);
    let mut bytes = std::fs::read(&aiff).unwrap();
    let comm = bytes.windows(4).position(|w| w == b"COMM").unwrap();
    bytes[comm + 8] = 0;
    bytes[comm + 9] = 0;
    let p = dir.path().join("zero-channels.aiff");
    std::fs::write(&p, &bytes).unwrap();
    let e = decode_err(&p, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::ZeroChannels { .. }), "{e:?}");
}

#[test]
fn no_audio_track_and_unsupported_codec() {
    require_tool("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("video-only.mp4");
    run(
        "ffmpeg",
        &[
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "color=c=black:s=16x16:d=0.2",
            "-c:v",
            "mpeg4",
            video.to_str().unwrap(),
        ],
    );
    let e = decode_err(&video, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::NoAudioTrack { .. }), "{e:?}");

    let wav = dir.path().join("ref.wav");
    write_reference_wav(&wav);
    let ac3 = dir.path().join("dolby.mka");
    ffmpeg(&wav, &["-c:a", "ac3"], &ac3);
    let e = decode_err(&ac3, &DecodeOptions::default());
    assert!(matches!(e, DecodeError::Unsupported { .. }), "{e:?}");
    assert!(e.to_string().contains("codec ac3"), "{e}");
}

#[test]
fn decoder_can_move_between_threads() {
    fn is_send<T: Send>() {}
    is_send::<Decoder>();
    is_send::<DecodeError>();
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: mutated valid streams must never panic.

/// xorshift64* (deterministic).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random mutation of `src`: byte flips (often in the header), overwrites with extreme
/// values, truncation, duplication or deletion of a range.
fn mutate(src: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut v = src.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        if v.is_empty() {
            break;
        }
        let len = v.len();
        // Half of the mutations hit the first 256 bytes, where the headers are.
        let at = if rng.next().is_multiple_of(2) {
            rng.below(len.min(256))
        } else {
            rng.below(len)
        };
        match rng.below(7) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(len);
                    v[i] ^= 1 << rng.below(8);
                }
            }
            1 => v[at] = [0x00, 0xff, 0x7f, 0x80][rng.below(4)],
            2 => {
                let n = (1 + rng.below(16)).min(len - at);
                for b in &mut v[at..at + n] {
                    *b = rng.next() as u8;
                }
            }
            3 => v.truncate(at.max(1)),
            4 => {
                let end = (at + 1 + rng.below(512)).min(len);
                v.drain(at..end);
            }
            5 => {
                let end = (at + 1 + rng.below(512)).min(len);
                let chunk = v[at..end].to_vec();
                let to = rng.below(v.len());
                v.splice(to..to, chunk);
            }
            _ => {
                // A 32-bit field set to an extreme value (sizes, rates, counts).
                let n = 4.min(len - at);
                let val = [0u32, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff][rng.below(5)];
                v[at..at + n].copy_from_slice(&val.to_le_bytes()[..n]);
            }
        }
    }
    v
}

#[test]
fn fuzzed_streams_never_panic() {
    require_tool("ffmpeg");
    let dir = tempfile::tempdir().unwrap();
    // A short source keeps 600 decodes fast.
    let short = dir.path().join("short.wav");
    let [l, r] = reference_i16(4800);
    write_wav_i16(&short, &[l, r], RATE);
    let flac = dir.path().join("short.flac");
    ffmpeg(&short, &[], &flac);
    let mp3 = dir.path().join("short.mp3");
    ffmpeg(&short, &["-c:a", "libmp3lame"], &mp3);
    let mut rng = XorShift(0x005e_ed0f_f022);
    // 200 per source by default; VORTEX_FUZZ_ITERS raises it for a longer local run.
    let iters: usize = std::env::var("VORTEX_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let (mut ok, mut errs, mut caught_inside) = (0, 0, 0);
    for src in [&short, &flac, &mp3] {
        let bytes = std::fs::read(src).unwrap();
        let ext = src.extension().unwrap().to_string_lossy().into_owned();
        for i in 0..iters {
            let p = dir.path().join(format!("fuzz-{i}.{ext}"));
            std::fs::write(&p, mutate(&bytes, &mut rng)).unwrap();
            let result = std::panic::catch_unwind(|| {
                // Both the whole-file path and small streaming reads.
                let whole = decode_file(&p, &DecodeOptions::default()).map(|(_, b)| b.frames());
                if let Ok(mut d) = Decoder::open(&p, &DecodeOptions::default()) {
                    let mut out = PlanarBuf::new(d.info().channels, 333);
                    while let Ok(n) = d.read(&mut out) {
                        if n == 0 {
                            break;
                        }
                    }
                }
                whole
            });
            match result {
                Err(_) => panic!(
                    "decoding mutation {i} of {} panicked (file kept at {})",
                    src.display(),
                    p.display()
                ),
                Ok(Ok(_)) => ok += 1,
                Ok(Err(e)) => {
                    errs += 1;
                    let msg = e.to_string();
                    assert!(msg.contains(&format!("fuzz-{i}.{ext}")), "{msg}");
                    if msg.contains("panicked") {
                        caught_inside += 1;
                    }
                }
            }
        }
    }
    println!(
        "fuzz: {ok} decoded, {errs} errors ({caught_inside} were panics inside symphonia, \
         caught and reported as Corrupt)"
    );
    assert_eq!(ok + errs, 3 * iters);
}
