import { describe, expect, it } from "vitest";
import { Noise, TestSignal } from "./sources";

function render(source: { addTo(out: Float32Array, n: number): void }, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let at = 0; at < n; at += 128) {
    const q = new Float32Array(128);
    source.addTo(q, 128);
    out.set(q.subarray(0, Math.min(128, n - at)), at);
  }
  return out;
}

const rmsDb = (x: Float32Array) => 10 * Math.log10(x.reduce((a, v) => a + v * v, 0) / x.length);

/** Power (dB) of `x` in the band [lo, hi) Hz by a direct DFT over the band's bins. */
function bandPowerDb(x: Float32Array, fs: number, lo: number, hi: number): number {
  const n = x.length;
  let power = 0;
  for (let k = Math.ceil((lo * n) / fs); k < (hi * n) / fs; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const a = (-2 * Math.PI * k * i) / n;
      re += x[i]! * Math.cos(a);
      im += x[i]! * Math.sin(a);
    }
    power += re * re + im * im;
  }
  return 10 * Math.log10(power);
}

describe("worklet sources", () => {
  it("test waveforms have their analytic shape and RMS", () => {
    const fs = 48_000;
    const shapes = { sine: -3.01, square: 0, sawtooth: -4.77, triangle: -4.77 } as const;
    for (const [waveform, rms] of Object.entries(shapes)) {
      const t = new TestSignal(fs);
      t.configure({ enabled: true, waveform: waveform as keyof typeof shapes, frequency_hz: 375, amplitude: 1 });
      const x = render(t, 128 * 100); // 100 whole periods of 128 samples
      expect(rmsDb(x), waveform).toBeCloseTo(rms, 1);
      expect(Math.max(...x), waveform).toBeLessThanOrEqual(1);
    }
    const off = new TestSignal(fs);
    expect(render(off, 256).every((v) => v === 0)).toBe(true);
    expect(off.problem({ enabled: true, waveform: "sine", frequency_hz: 24_000, amplitude: 1 })).toMatch(/half the sample rate/);
  });

  it("noise has its RMS level, and pink falls 3 dB per octave", () => {
    for (const color of ["white", "pink"] as const) {
      const noise = new Noise();
      noise.configure({ enabled: true, color, level_db: -20 });
      expect(rmsDb(render(noise, 1 << 16)), color).toBeCloseTo(-20, 0);
    }
    const pink = new Noise();
    pink.configure({ enabled: true, color: "pink", level_db: -20 });
    const x = render(pink, 8192);
    // Equal-width bands an octave apart: pink has half the power per hertz an octave up.
    const low = bandPowerDb(x, 48_000, 500, 1000);
    const high = bandPowerDb(x, 48_000, 1000, 1500);
    const higher = bandPowerDb(x, 48_000, 2000, 2500);
    // Pink power in [a, b) is proportional to ln(b / a): ln 2 / ln 1.25 is 4.9 dB (white: 0 dB).
    expect(low - higher).toBeGreaterThan(4);
    expect(low - higher).toBeLessThan(9);
    expect(high).toBeLessThan(low);
  });
});
