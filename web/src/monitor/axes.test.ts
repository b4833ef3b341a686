import { describe, expect, it } from "vitest";
import { dbToY, hzToX, xToHz, type DbAxis, type LogAxis } from "./axes";

const axis: LogAxis = { fMinHz: 20, fMaxHz: 20000, x0: 40, x1: 640 };

describe("log frequency axis", () => {
  it("puts the ends at x0 and x1", () => {
    expect(hzToX(axis, 20)).toBeCloseTo(40, 9);
    expect(hzToX(axis, 20000)).toBeCloseTo(640, 9);
  });

  it("gives each decade the same width (20k/20 is three decades)", () => {
    expect(hzToX(axis, 200)).toBeCloseTo(40 + 600 / 3, 9);
    expect(hzToX(axis, 2000)).toBeCloseTo(40 + (2 * 600) / 3, 9);
    // An octave is log10(2)/3 of the width.
    expect(hzToX(axis, 2000) - hzToX(axis, 1000)).toBeCloseTo((600 * Math.log10(2)) / 3, 9);
  });

  it("inverts with xToHz", () => {
    for (const hz of [20, 31.5, 440, 1000, 12345, 20000]) expect(xToHz(axis, hzToX(axis, hz))).toBeCloseTo(hz, 6);
    expect(xToHz(axis, 340)).toBeCloseTo(Math.sqrt(20 * 20000), 6); // the middle is the geometric mean
  });
});

describe("dB axis", () => {
  const db: DbAxis = { dbMin: -120, dbMax: 0, y0: 10, y1: 250 };
  it("maps linearly, 0 dB at the top", () => {
    expect(dbToY(db, 0)).toBe(10);
    expect(dbToY(db, -120)).toBe(250);
    expect(dbToY(db, -60)).toBe(130);
  });
  it("clamps to the plot", () => {
    expect(dbToY(db, 6)).toBe(10);
    expect(dbToY(db, -200)).toBe(250);
  });
});
