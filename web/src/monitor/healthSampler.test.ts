import { describe, expect, it } from "vitest";
import { HealthSampler, HEALTH_FILL, HEALTH_LOAD } from "./healthSampler";
import { HistoryRing } from "./history";

describe("health sampler", () => {
  it("pushes the first reading at once", () => {
    const ring = new HistoryRing(10, 2);
    expect(new HealthSampler(ring, 0.1).add(5, 0.2, 0.8)).toBe(true);
    expect([ring.timeAt(0), ring.valueAt(0, HEALTH_LOAD), ring.valueAt(0, HEALTH_FILL)]).toEqual([
      5,
      expect.closeTo(0.2, 6),
      expect.closeTo(0.8, 6),
    ]);
  });

  it("then one sample per interval with the highest load and lowest fill in between", () => {
    const ring = new HistoryRing(10, 2);
    const sampler = new HealthSampler(ring, 0.1);
    sampler.add(0, 0.1, 0.5);
    // 60 Hz readings: a load spike and a fill dip between two samples.
    const pushed = [1, 2, 3, 4, 5, 6, 7].map((i) => sampler.add(i / 60, i === 3 ? 0.9 : 0.1, i === 2 ? 0.2 : 0.5));
    expect(pushed).toEqual([false, false, false, false, false, true, false]); // 6/60 s = 0.1 s
    expect(ring.length).toBe(2);
    expect(ring.timeAt(1)).toBeCloseTo(0.1, 9);
    expect(ring.valueAt(1, HEALTH_LOAD)).toBeCloseTo(0.9, 6);
    expect(ring.valueAt(1, HEALTH_FILL)).toBeCloseTo(0.2, 6);
  });

  it("pushes every reading when they come slower than the interval", () => {
    const ring = new HistoryRing(10, 2);
    const sampler = new HealthSampler(ring, 0.1);
    for (let t = 0; t < 3; t++) expect(sampler.add(t, t / 10, 1)).toBe(true);
    expect(ring.length).toBe(3);
    expect(ring.valueAt(2, HEALTH_LOAD)).toBeCloseTo(0.2, 6);
  });
});
