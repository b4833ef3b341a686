import { describe, expect, it } from "vitest";
import { hzLabel, spectrumLayout } from "./spectrumLayout";

describe("spectrum layout", () => {
  it("keeps the plot inside the canvas with room for labels, in whole pixels", () => {
    for (const [w, h, dpr] of [
      [800, 300, 1],
      [1600, 600, 2],
      [330, 190, 1],
    ] as const) {
      const { axis, db } = spectrumLayout(w, h, dpr);
      for (const v of [axis.x0, axis.x1, db.y0, db.y1]) expect(Number.isInteger(v)).toBe(true);
      expect(axis.x0).toBeGreaterThan(0);
      expect(axis.x1).toBeLessThan(w - 1);
      expect(db.y0).toBeGreaterThan(0);
      expect(db.y1).toBeLessThan(h - 1);
      expect([axis.fMinHz, axis.fMaxHz, db.dbMin, db.dbMax]).toEqual([20, 20000, -120, 0]);
    }
  });

  it("scales the margins with the pixel ratio", () => {
    const one = spectrumLayout(800, 300, 1);
    const two = spectrumLayout(1600, 600, 2);
    expect(two.axis.x0).toBe(2 * one.axis.x0);
    expect(two.db.y0).toBe(2 * one.db.y0);
  });

  it("names gridline frequencies", () => {
    expect([50, 500, 1000, 2000, 10000].map(hzLabel)).toEqual(["50", "500", "1k", "2k", "10k"]);
  });
});
