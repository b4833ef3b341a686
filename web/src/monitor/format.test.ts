import { describe, expect, it } from "vitest";
import { formatCents, formatDb, formatFixed, formatLu, formatPercent } from "./format";
import { meterFraction } from "./meterScale";

describe("number formatting", () => {
  it("writes dB with one decimal, -inf for silence", () => {
    expect(formatDb(-9)).toBe("-9.0");
    expect(formatDb(-18.149)).toBe("-18.1");
    expect(formatDb(0.26)).toBe("0.3");
    expect(formatDb(-198.96)).toBe("-199.0");
    expect(formatDb(-199.01)).toBe("-inf");
    expect(formatDb(-200)).toBe("-inf");
    expect(formatDb(NaN)).toBe("-inf");
  });
  it("writes a loudness range, - while undefined", () => {
    expect(formatLu(0.36)).toBe("0.4");
    expect(formatLu(12)).toBe("12.0");
    expect(formatLu(-200)).toBe("-");
  });
  it("signs cents and rounds them", () => {
    expect(formatCents(21.3)).toBe("+21");
    expect(formatCents(-3.4)).toBe("-3");
    expect(formatCents(-0.4)).toBe("0");
    expect(formatCents(49.6)).toBe("+50");
    expect(formatCents(null)).toBe("-");
    expect(formatCents(undefined)).toBe("-");
  });
  it("writes fixed decimals and percentages", () => {
    expect(formatFixed(999.997, 1)).toBe("1000.0");
    expect(formatFixed(Infinity, 1)).toBe("-");
    expect(formatPercent(0.011, 1)).toBe("1.1");
    expect(formatPercent(0.5, 0)).toBe("50");
  });
});

describe("meter scale", () => {
  it("is linear in dB from -60 (empty) to 0 (full), clamped", () => {
    expect(meterFraction(-60)).toBe(0);
    expect(meterFraction(-30)).toBe(0.5);
    expect(meterFraction(-15)).toBe(0.75);
    expect(meterFraction(0)).toBe(1);
    expect(meterFraction(3)).toBe(1);
    expect(meterFraction(-200)).toBe(0);
    expect(meterFraction(NaN)).toBe(0);
  });
});
