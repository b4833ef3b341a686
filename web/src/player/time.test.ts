import { describe, expect, it } from "vitest";
import { formatTime, isKnownDuration, UNKNOWN_TIME } from "./time";

/** Reference: h, m, s from the definition (3600 s an hour, 60 s a minute). */
function reference(h: number, m: number, s: number): number {
  return h * 3600 + m * 60 + s;
}

describe("formatTime", () => {
  it("writes minutes and two-digit seconds below an hour", () => {
    expect(formatTime(0)).toBe("0:00");
    expect(formatTime(reference(0, 0, 7))).toBe("0:07");
    expect(formatTime(reference(0, 3, 5))).toBe("3:05");
    expect(formatTime(reference(0, 59, 59))).toBe("59:59");
  });

  it("adds hours with two-digit minutes from one hour", () => {
    expect(formatTime(reference(1, 0, 0))).toBe("1:00:00");
    expect(formatTime(reference(2, 4, 9))).toBe("2:04:09");
    expect(formatTime(reference(27, 30, 1))).toBe("27:30:01");
  });

  it("rounds down to whole seconds (a clock never shows a second not yet reached)", () => {
    expect(formatTime(59.999)).toBe("0:59");
    expect(formatTime(reference(0, 1, 0) - 0.001)).toBe("0:59");
    expect(formatTime(reference(0, 1, 0) + 0.999)).toBe("1:00");
  });

  it("reads unknown for null, negative, NaN and infinite times", () => {
    for (const t of [null, undefined, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatTime(t)).toBe(UNKNOWN_TIME);
  });
});

describe("isKnownDuration", () => {
  it("accepts only finite positive durations", () => {
    expect(isKnownDuration(0.5)).toBe(true);
    expect(isKnownDuration(0)).toBe(false);
    expect(isKnownDuration(null)).toBe(false);
    expect(isKnownDuration(Number.POSITIVE_INFINITY)).toBe(false);
  });
});
