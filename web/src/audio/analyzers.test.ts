// The WebAssembly analyzers through their TypeScript wrapper, in Node, on the module the
// test command builds (scripts/web.sh wasm) from crates/vortex-wasm.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Analyzers } from "./analyzers";

const WASM = fileURLToPath(new URL("./wasm/vortex_wasm.wasm", import.meta.url));

function sine(freq: number, amp: number, fs: number, n: number, from = 0): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * (from + i)) / fs));
}

let analyzers: Analyzers;

beforeAll(async () => {
  if (!existsSync(WASM)) throw new Error(`${WASM} is missing: run scripts/web.sh wasm`);
  analyzers = await Analyzers.load(readFileSync(WASM));
});

describe("WebAssembly analyzers", () => {
  it("tune a 440 Hz tone to A4 within a cent, batch by batch", () => {
    const pitch = analyzers.pitch({ sampleRate: 48_000 });
    let reading = null;
    for (let k = 0; k < 20; k++) reading = pitch.process(sine(440, 0.5, 48_000, 1024, k * 1024)) ?? reading;
    expect(reading).not.toBeNull();
    expect(reading!.note).toBe("A4");
    expect(reading!.midi).toBe(69);
    expect(Math.abs(reading!.cents)).toBeLessThan(1);
    expect(reading!.f0Hz).toBeCloseTo(440, 0);
    pitch.free();
  });

  it("name C4 and E4 at 44.1 kHz and follow a new reference", () => {
    for (const [freq, note] of [
      [261.63, "C4"],
      [329.63, "E4"],
    ] as const) {
      const pitch = analyzers.pitch({ sampleRate: 44_100 });
      let reading = null;
      for (let k = 0; k < 10; k++) reading = pitch.process(sine(freq, 0.3, 44_100, 1024, k * 1024)) ?? reading;
      expect(reading?.note).toBe(note);
      pitch.free();
    }
    const baroque = analyzers.pitch({ sampleRate: 48_000, a4Hz: 415 });
    let reading = null;
    for (let k = 0; k < 10; k++) reading = baroque.process(sine(415, 0.3, 48_000, 1024, k * 1024)) ?? reading;
    expect(reading?.note).toBe("A4");
    expect(() => baroque.setReference(300)).toThrow(/a4_hz/);
    baroque.free();
  });

  it("report no note on silence and refuse bad settings with the reason", () => {
    const pitch = analyzers.pitch({ sampleRate: 48_000 });
    let reading = null;
    for (let k = 0; k < 4; k++) reading = pitch.process(new Float32Array(1024)) ?? reading;
    expect(reading).toMatchObject({ voiced: false, note: null, f0Hz: 0 });
    expect(() => analyzers.pitch({ sampleRate: 48_000, window: 256 })).toThrow(/window/);
    expect(() => analyzers.levels(5)).toThrow(/sample_rate/);
  });

  it("meter a -6 dBFS sine at its analytic levels", () => {
    const levels = analyzers.levels(48_000);
    let reading = levels.process(sine(1000, 0.5, 48_000, 1024));
    for (let k = 1; k < 30; k++) reading = levels.process(sine(1000, 0.5, 48_000, 1024, k * 1024));
    expect(reading.peakDb).toBeCloseTo(20 * Math.log10(0.5), 1);
    expect(reading.rmsDb).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
    expect(reading.level).toBe("loud");
    levels.free();
    expect(() => levels.process(new Float32Array(8))).toThrow(/after free/);
  });
});
