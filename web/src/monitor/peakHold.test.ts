import { describe, expect, it } from "vitest";
import { updatePeakHold } from "./peakHold";

describe("peak hold", () => {
  it("takes the first value, then falls at the given rate", () => {
    const hold = new Float32Array([NaN]);
    updatePeakHold(hold, new Float32Array([-10]), 1, 0, 20);
    expect(hold[0]).toBe(-10);
    updatePeakHold(hold, new Float32Array([-50]), 1, 0.5, 20); // 0.5 s x 20 dB/s
    expect(hold[0]).toBeCloseTo(-20, 5);
    updatePeakHold(hold, new Float32Array([-50]), 1, 0.25, 20);
    expect(hold[0]).toBeCloseTo(-25, 5);
  });

  it("jumps up to a higher value at once", () => {
    const hold = new Float32Array([-40]);
    updatePeakHold(hold, new Float32Array([-3]), 1, 0.1, 20);
    expect(hold[0]).toBe(-3);
  });

  it("never falls below the current value", () => {
    const hold = new Float32Array([-10]);
    updatePeakHold(hold, new Float32Array([-12]), 1, 1, 20);
    expect(hold[0]).toBe(-12);
  });

  it("stays put with no fall rate (reduced motion)", () => {
    const hold = new Float32Array([-6]);
    updatePeakHold(hold, new Float32Array([-60]), 1, 10, 0);
    expect(hold[0]).toBe(-6);
  });

  it("keeps falling through slots without a value, and touches only [0, count)", () => {
    const hold = new Float32Array([-10, -10]);
    updatePeakHold(hold, new Float32Array([NaN, 0]), 1, 1, 5);
    expect(Array.from(hold)).toEqual([-15, -10]);
  });
});
