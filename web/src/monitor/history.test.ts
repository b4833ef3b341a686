import { describe, expect, it } from "vitest";
import { HistoryRing } from "./history";

const contents = (ring: HistoryRing): [number, number, number][] =>
  Array.from({ length: ring.length }, (_, i) => [ring.timeAt(i), ring.valueAt(i, 0), ring.valueAt(i, 1)]);

describe("history ring", () => {
  it("keeps samples oldest first until full", () => {
    const ring = new HistoryRing(4, 2);
    expect(ring.length).toBe(0);
    ring.push(1, [0.5, 10]);
    ring.push(2, [0.25, 20]);
    expect(contents(ring)).toEqual([
      [1, 0.5, 10],
      [2, 0.25, 20],
    ]);
  });

  it("wraps, dropping the oldest and keeping the order", () => {
    const ring = new HistoryRing(3, 2);
    for (let t = 1; t <= 7; t++) ring.push(t, [t * 10, -t]);
    expect(ring.length).toBe(3);
    expect(contents(ring)).toEqual([
      [5, 50, -5],
      [6, 60, -6],
      [7, 70, -7],
    ]);
  });

  it("refuses indices outside what it holds", () => {
    const ring = new HistoryRing(3, 1);
    ring.push(1, [1]);
    expect(() => ring.timeAt(1)).toThrow(RangeError);
    expect(() => ring.valueAt(-1, 0)).toThrow(RangeError);
  });

  it("empties on clear", () => {
    const ring = new HistoryRing(2, 1);
    ring.push(1, [1]);
    ring.push(2, [2]);
    ring.push(3, [3]);
    ring.clear();
    expect(ring.length).toBe(0);
    ring.push(9, [4]);
    expect(ring.timeAt(0)).toBe(9);
    expect(ring.valueAt(0, 0)).toBe(4);
  });
});
