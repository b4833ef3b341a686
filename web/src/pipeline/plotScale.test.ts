import { describe, expect, it } from "vitest";
import { dbRange, dbTicks, logFrequencies, pathData, phasePathData, xOf } from "./plotScale";

describe("plot scales", () => {
  it("space frequencies evenly on a log axis from 20 Hz to 20 kHz", () => {
    const f = logFrequencies(4);
    expect(f[0]).toBeCloseTo(20, 9);
    expect(f[1]).toBeCloseTo(200, 9);
    expect(f[3]).toBeCloseTo(20000, 6);
    expect(xOf(632.455532, 300)).toBeCloseTo(150, 3);
  });

  it("fit the dB range to the curves, at least +-12, at most -60..60, in 6 dB steps", () => {
    expect(dbRange([0, 3, -2])).toEqual({ lo: -12, hi: 12 });
    expect(dbRange([13, -100, -Infinity, NaN])).toEqual({ lo: -60, hi: 18 });
    expect(dbTicks({ lo: -12, hi: 12 })).toEqual([-12, -6, 0, 6, 12]);
    expect(dbTicks({ lo: -60, hi: 12 })).toEqual([-60, -48, -36, -24, -12, 0, 12]);
  });

  it("clamp curves to the plot and lift the pen at phase wraps", () => {
    expect(pathData([0, 1, 2], [-5, 50, Infinity], 0, 100)).toBe("M0.0,0.0L1.0,50.0L2.0,100.0");
    expect(phasePathData([0, 1, 2], [170, -175, -170], (d) => d)).toBe("M0.0,170.0M1.0,-175.0L2.0,-170.0");
  });
});
