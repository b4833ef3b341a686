import { describe, expect, it } from "vitest";
import { parseDecimal, parseWholeInRange } from "./numbers";

describe("typed numbers", () => {
  it("read decimals with a point or a comma, and either minus sign", () => {
    expect(parseDecimal("12")).toBe(12);
    expect(parseDecimal(" 2.5 ")).toBe(2.5);
    expect(parseDecimal("2,5")).toBe(2.5);
    expect(parseDecimal("-.5")).toBe(-0.5);
    expect(parseDecimal("\u22123")).toBe(-3);
    expect(parseDecimal("+7.")).toBe(7);
  });

  it("refuse what is not a plain number", () => {
    for (const text of ["", " ", "abc", "1e3", "1.2.3", "1,2,3", "--1", "12 Hz", "Infinity"]) {
      expect(parseDecimal(text), text).toBeNull();
    }
  });

  it("round and clamp whole numbers into a range", () => {
    expect(parseWholeInRange("30", 1, 60)).toBe(30);
    expect(parseWholeInRange("29,6", 1, 60)).toBe(30);
    expect(parseWholeInRange("0", 1, 60)).toBe(1);
    expect(parseWholeInRange("500", 1, 60)).toBe(60);
    expect(parseWholeInRange("fast", 1, 60)).toBeNull();
  });
});
