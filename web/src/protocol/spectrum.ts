// Binary spectrum frames (docs/protocol/README.md, "Monitoring"), little-endian:
//
//   0  4  magic "VXSP"          12  4  sample rate, Hz (u32)
//   4  1  version (1)           16  4  FFT size (u32)
//   5  1  kind (0: linear bins) 20  4  reserved (0)
//   6  2  channels (u16)        24  8  sequence (u64, = the JSON monitor frame's)
//   8  4  bins per channel      32  .. channels x bins f32 dBFS, channel after channel
//
// Checks are those of the Rust decoder (vortex_protocol::decode_spectrum): magic,
// version, kind, and a length of exactly 32 + 4 x channels x bins bytes.

export const SPECTRUM_MAGIC = "VXSP";
export const SPECTRUM_VERSION = 1;
export const SPECTRUM_KIND_LINEAR = 0;
export const SPECTRUM_HEADER_BYTES = 32;

export interface SpectrumFrame {
  channels: number;
  bins: number;
  sampleRate: number;
  fftSize: number;
  sequence: number;
  /** channels x bins magnitudes, dBFS, channel-major: channel c, bin k at [c * bins + k]. */
  magnitudes: Float32Array;
}

export type SpectrumErrorCode =
  | "too_short"
  | "bad_magic"
  | "bad_version"
  | "bad_kind"
  | "length_mismatch"
  | "bad_sequence";

export interface SpectrumError {
  code: SpectrumErrorCode;
  message: string;
}

export type SpectrumResult = { ok: true; frame: SpectrumFrame } | { ok: false; error: SpectrumError };

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const fail = (code: SpectrumErrorCode, message: string): SpectrumResult => ({
  ok: false,
  error: { code, message },
});

/** Decodes one binary frame. The magnitudes may be a view into `data` (no copy). */
export function decodeSpectrum(data: ArrayBuffer | ArrayBufferView): SpectrumResult {
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  if (bytes.byteLength < SPECTRUM_HEADER_BYTES) {
    return fail("too_short", `spectrum frame of ${bytes.byteLength} bytes is shorter than its 32-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== SPECTRUM_MAGIC) return fail("bad_magic", "not a spectrum frame (bad magic)");
  const version = view.getUint8(4);
  if (version !== SPECTRUM_VERSION) {
    return fail("bad_version", `unsupported spectrum frame version ${version} (expected ${SPECTRUM_VERSION})`);
  }
  const kind = view.getUint8(5);
  if (kind !== SPECTRUM_KIND_LINEAR) return fail("bad_kind", `unknown spectrum kind ${kind}`);

  const channels = view.getUint16(6, true);
  const bins = view.getUint32(8, true);
  const sampleRate = view.getUint32(12, true);
  const fftSize = view.getUint32(16, true);
  const sequence = view.getBigUint64(24, true);
  const values = channels * bins; // < 2^48: exact in a double
  const expected = SPECTRUM_HEADER_BYTES + 4 * values;
  if (bytes.byteLength !== expected) {
    return fail(
      "length_mismatch",
      `spectrum frame of ${bytes.byteLength} bytes, its header says ${expected} (${channels} x ${bins} values)`,
    );
  }
  if (sequence > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail("bad_sequence", `spectrum sequence ${sequence} is beyond 2^53 - 1`);
  }

  const start = bytes.byteOffset + SPECTRUM_HEADER_BYTES;
  let magnitudes: Float32Array;
  if (LITTLE_ENDIAN_HOST && start % 4 === 0) {
    magnitudes = new Float32Array(bytes.buffer, start, values);
  } else {
    magnitudes = new Float32Array(values);
    for (let i = 0; i < values; i++) magnitudes[i] = view.getFloat32(SPECTRUM_HEADER_BYTES + 4 * i, true);
  }
  return {
    ok: true,
    frame: { channels, bins, sampleRate, fftSize, sequence: Number(sequence), magnitudes },
  };
}

/** Encodes a frame (the inverse of decodeSpectrum; for tests and fakes). */
export function encodeSpectrum(frame: Omit<SpectrumFrame, "magnitudes"> & { magnitudes: ArrayLike<number> }): ArrayBuffer {
  const values = frame.channels * frame.bins;
  if (frame.magnitudes.length !== values) throw new RangeError("magnitudes.length must be channels x bins");
  const buf = new ArrayBuffer(SPECTRUM_HEADER_BYTES + 4 * values);
  const view = new DataView(buf);
  for (let i = 0; i < 4; i++) view.setUint8(i, SPECTRUM_MAGIC.charCodeAt(i));
  view.setUint8(4, SPECTRUM_VERSION);
  view.setUint8(5, SPECTRUM_KIND_LINEAR);
  view.setUint16(6, frame.channels, true);
  view.setUint32(8, frame.bins, true);
  view.setUint32(12, frame.sampleRate, true);
  view.setUint32(16, frame.fftSize, true);
  view.setBigUint64(24, BigInt(frame.sequence), true);
  for (let i = 0; i < values; i++) view.setFloat32(SPECTRUM_HEADER_BYTES + 4 * i, frame.magnitudes[i]!, true);
  return buf;
}
