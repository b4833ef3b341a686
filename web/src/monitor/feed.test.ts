import { describe, expect, it } from "vitest";
import { mergeSubscriptions } from "./feed";

describe("mergeSubscriptions", () => {
  it("asks for every stream any owner wants at the highest rate", () => {
    const merged = mergeSubscriptions([
      { rateHz: 4, streams: { metrics: true } },
      { rateHz: 60, streams: { levels: true, spectrum: true, metrics: false } },
    ]);
    expect(merged).toEqual({
      rateHz: 60,
      streams: { levels: true, loudness: false, spectrum: true, pitch: false, metrics: true },
    });
  });

  it("asks for nothing when nobody wants anything", () => {
    expect(mergeSubscriptions([])).toEqual({
      rateHz: 1,
      streams: { levels: false, loudness: false, spectrum: false, pitch: false, metrics: false },
    });
  });
});
