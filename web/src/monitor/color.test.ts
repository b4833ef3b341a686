import { describe, expect, it } from "vitest";
import { resolveLightDark, toRgbString } from "./color";

describe("colour to rgb()", () => {
  it("reads hex colours", () => {
    expect(toRgbString("#1d5fd1")).toBe("rgb(29, 95, 209)");
    expect(toRgbString("#FFFF00")).toBe("rgb(255, 255, 0)");
    expect(toRgbString("#0f8")).toBe("rgb(0, 255, 136)");
  });
  it("reads rgb() and rgba()", () => {
    expect(toRgbString("rgb(1, 2, 3)")).toBe("rgb(1, 2, 3)");
    expect(toRgbString("rgba(10,20,30,0.5)")).toBe("rgb(10, 20, 30)");
    expect(toRgbString("rgb(10 20 30)")).toBe("rgb(10, 20, 30)");
  });
  it("answers null for anything else", () => {
    expect(toRgbString("blue")).toBeNull();
    expect(toRgbString("#12345")).toBeNull();
  });
});

describe("resolveLightDark", () => {
  it("picks the half of a light-dark() pair that applies and leaves other values alone", () => {
    expect(resolveLightDark("light-dark(#1d5fd1, #6ea8ff)", false)).toBe("#1d5fd1");
    expect(resolveLightDark("light-dark( #1d5fd1 ,#6ea8ff )", true)).toBe("#6ea8ff");
    expect(resolveLightDark("#ffff00", true)).toBe("#ffff00");
  });
});
