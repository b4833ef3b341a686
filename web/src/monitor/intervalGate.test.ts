import { describe, expect, it } from "vitest";
import { IntervalGate } from "./intervalGate";

describe("interval gate", () => {
  it("opens at once, then once per interval", () => {
    const gate = new IntervalGate(100);
    // 300 - 201 < 100: the interval counts from the last opening, not from 0.
    const times = [0, 16, 33, 99, 100, 116, 150, 201, 300];
    expect(times.map((t) => gate.due(t))).toEqual([true, false, false, false, true, false, false, true, false]);
  });
  it("opens for every call slower than the interval", () => {
    const gate = new IntervalGate(100);
    expect([0, 1000, 2000].map((t) => gate.due(t))).toEqual([true, true, true]);
  });
});
