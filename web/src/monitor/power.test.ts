import { describe, expect, it } from "vitest";
import { binPower, dbToPower, powerToDb } from "./power";

/** The sum trace of a channel-major block, in dB. */
function sumDb(magnitudes: number[], channels: number, bins: number): number[] {
  const out = new Float32Array(bins);
  binPower(new Float32Array(magnitudes), bins, 0, channels, out);
  return Array.from(out, powerToDb);
}

describe("dB and power", () => {
  it("convert both ways", () => {
    expect(dbToPower(-10)).toBeCloseTo(0.1, 12);
    expect(dbToPower(0)).toBe(1);
    expect(powerToDb(0.01)).toBeCloseTo(-20, 9);
    expect(powerToDb(dbToPower(-37.5))).toBeCloseTo(-37.5, 9);
  });
  it("treat -200 dB as no power, and no power as -200 dB", () => {
    expect(dbToPower(-200)).toBe(0);
    expect(powerToDb(0)).toBe(-200);
  });
});

describe("channel sum (power average)", () => {
  it("of two equal channels is their level", () => {
    const [k0] = sumDb([-6, -6], 2, 1);
    expect(k0).toBeCloseTo(-6, 5);
  });
  it("of a channel and silence is 3 dB below the channel", () => {
    const [k0] = sumDb([-6, -200], 2, 1);
    expect(k0).toBeCloseTo(10 * Math.log10(Math.pow(10, -0.6) / 2), 5);
    expect(k0).toBeCloseTo(-9.01, 2);
  });
  it("works bin by bin on channel-major data", () => {
    // ch0: bins -10, -20; ch1: bins -30, -20
    const [a, b] = sumDb([-10, -20, -30, -20], 2, 2);
    expect(a).toBeCloseTo(10 * Math.log10((0.1 + 0.001) / 2), 5);
    expect(b).toBeCloseTo(-20, 5);
  });
  it("of silence stays silence", () => {
    expect(sumDb([-200, -200], 2, 1)).toEqual([-200]);
  });
  it("takes one channel alone when asked", () => {
    const out = new Float32Array(2);
    binPower(new Float32Array([-10, -20, -30, -40]), 2, 1, 1, out);
    expect(powerToDb(out[0]!)).toBeCloseTo(-30, 5);
    expect(powerToDb(out[1]!)).toBeCloseTo(-40, 5);
  });
});
