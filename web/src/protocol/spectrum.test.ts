import { describe, expect, it } from "vitest";
import { decodeSpectrum, encodeSpectrum, type SpectrumResult } from "./spectrum";

/** The header of the docs' example frame: VXSP, v1, kind 0, 2 ch, 2048 bins, 48 kHz, FFT 4096, seq 201. */
const DOCS_HEADER =
  "56 58 53 50 01 00 02 00 00 08 00 00 80 bb 00 00 00 10 00 00 00 00 00 00 c9 00 00 00 00 00 00 00";

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.split(" "), (b) => parseInt(b, 16));
}

function errorCode(r: SpectrumResult): string | null {
  return r.ok ? null : r.error.code;
}

describe("decodeSpectrum", () => {
  it("reads a frame built by hand from the documented header", () => {
    const values = 2 * 2048;
    const bytes = new Uint8Array(32 + 4 * values);
    bytes.set(hex(DOCS_HEADER));
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values; i++) view.setFloat32(32 + 4 * i, -i / 8, true);
    const r = decodeSpectrum(bytes.buffer);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { magnitudes, ...header } = r.frame;
    expect(header).toEqual({ channels: 2, bins: 2048, sampleRate: 48000, fftSize: 4096, sequence: 201 });
    expect(magnitudes.length).toBe(values);
    expect(magnitudes[0]).toBe(-0);
    expect(magnitudes[2048]).toBe(-256); // channel 1, bin 0
    expect(magnitudes[values - 1]).toBe(-(values - 1) / 8);
  });

  it("round-trips a frame through encodeSpectrum", () => {
    const frame = {
      channels: 2,
      bins: 3,
      sampleRate: 44100,
      fftSize: 4,
      sequence: 2 ** 40 + 5,
      magnitudes: Float32Array.from([-200, -6, 0, -12.5, -3.25, 1]),
    };
    const r = decodeSpectrum(encodeSpectrum(frame));
    expect(r).toEqual({ ok: true, frame });
  });

  it("reads a frame that sits at an odd offset in a larger buffer", () => {
    const encoded = new Uint8Array(encodeSpectrum({ channels: 1, bins: 2, sampleRate: 8000, fftSize: 4, sequence: 9, magnitudes: [-1.5, -3] }));
    const big = new Uint8Array(encoded.length + 3);
    big.set(encoded, 1);
    const r = decodeSpectrum(big.subarray(1, 1 + encoded.length));
    expect(r.ok && Array.from(r.frame.magnitudes)).toEqual([-1.5, -3]);
  });

  it("rejects a wrong magic", () => {
    const buf = new Uint8Array(encodeSpectrum({ channels: 1, bins: 1, sampleRate: 1, fftSize: 2, sequence: 0, magnitudes: [0] }));
    buf[3] = "Q".charCodeAt(0);
    expect(errorCode(decodeSpectrum(buf))).toBe("bad_magic");
  });

  it("rejects a buffer shorter than the header, and a length that disagrees with it", () => {
    expect(errorCode(decodeSpectrum(hex(DOCS_HEADER).subarray(0, 31)))).toBe("too_short");
    expect(errorCode(decodeSpectrum(new ArrayBuffer(0)))).toBe("too_short");
    // The documented header promises 2 x 2048 values; give it one float short, then one byte long.
    const short = new Uint8Array(32 + 4 * 4095);
    short.set(hex(DOCS_HEADER));
    expect(errorCode(decodeSpectrum(short))).toBe("length_mismatch");
    const long = new Uint8Array(32 + 4 * 4096 + 1);
    long.set(hex(DOCS_HEADER));
    expect(errorCode(decodeSpectrum(long))).toBe("length_mismatch");
  });

  it("rejects another version or kind, and a sequence beyond 2^53 - 1", () => {
    const good = () => new Uint8Array(encodeSpectrum({ channels: 1, bins: 1, sampleRate: 1, fftSize: 2, sequence: 0, magnitudes: [0] }));
    const v2 = good();
    v2[4] = 2;
    expect(errorCode(decodeSpectrum(v2))).toBe("bad_version");
    const k1 = good();
    k1[5] = 1;
    expect(errorCode(decodeSpectrum(k1))).toBe("bad_kind");
    const seq = good();
    new DataView(seq.buffer).setBigUint64(24, 0x0102_0304_0506_0708n, true);
    expect(errorCode(decodeSpectrum(seq))).toBe("bad_sequence");
  });
});
