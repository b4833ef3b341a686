import { describe, expect, it } from "vitest";
import {
  clampVolumeDb,
  parseVolumeDb,
  SLIDER_MIN_DB,
  sliderPositionDb,
  VOLUME_MAX_DB,
  VOLUME_MIN_DB,
} from "./volume";

describe("volume mapping", () => {
  it("keeps volumes within the engine's range (-150..0 dB)", () => {
    expect(clampVolumeDb(-6)).toBe(-6);
    expect(clampVolumeDb(3)).toBe(VOLUME_MAX_DB);
    expect(clampVolumeDb(-200)).toBe(VOLUME_MIN_DB);
    expect(clampVolumeDb(Number.NaN)).toBeNull();
  });

  it("puts the slider at the volume, or at its bottom below -80 dB", () => {
    expect(sliderPositionDb(-12.5)).toBe(-12.5);
    expect(sliderPositionDb(SLIDER_MIN_DB)).toBe(SLIDER_MIN_DB);
    expect(sliderPositionDb(-120)).toBe(SLIDER_MIN_DB);
    expect(sliderPositionDb(6)).toBe(0);
  });

  it("reads typed volumes, with a decimal comma or a minus sign, clamped", () => {
    expect(parseVolumeDb("-6")).toBe(-6);
    expect(parseVolumeDb(" -6,5 ")).toBe(-6.5);
    expect(parseVolumeDb("\u221210.25")).toBe(-10.25);
    expect(parseVolumeDb("-151")).toBe(VOLUME_MIN_DB);
    expect(parseVolumeDb("4")).toBe(VOLUME_MAX_DB);
    expect(parseVolumeDb("")).toBeNull();
    expect(parseVolumeDb("loud")).toBeNull();
    expect(parseVolumeDb("-6dB")).toBeNull();
  });
});
