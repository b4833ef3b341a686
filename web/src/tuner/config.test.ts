import { describe, expect, it } from "vitest";
import { defaultConfig, maxTestHz, problems } from "./config";

describe("tuner settings", () => {
  it("accept the defaults", () => {
    expect(problems(defaultConfig(), 48_000)).toEqual({});
  });

  it("name every field out of range with its limits", () => {
    const c = defaultConfig();
    c.a4Hz = 470;
    c.test.frequency_hz = 23_000; // above Nyquist at 44.1 kHz
    c.noise.level_db = 3;
    c.timeoutMs = Number.NaN;
    expect(problems(c, 44_100)).toEqual({
      a4Hz: { id: "tuner-invalid-range", args: { min: 415, max: 466 } },
      testFrequency: { id: "tuner-invalid-range", args: { min: 1, max: maxTestHz(44_100) } },
      noiseLevel: { id: "tuner-invalid-range", args: { min: -120, max: 0 } },
      timeoutMs: { id: "tuner-invalid-range", args: { min: 1, max: 1000 } },
    });
    expect(maxTestHz(44_100)).toBe(22_049);
    expect(maxTestHz(96_000)).toBe(24_000);
  });
});
