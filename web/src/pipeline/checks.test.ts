// Client-side checks: the engine's ranges and rules, located by the engine's paths.
import { describe, expect, it } from "vitest";
import { checkFilter, checkPipeline } from "./checks";
import { defaultFilter, FILTER_TYPES } from "./filterTypes";
import type { PipelineDoc } from "./model";

const codes = (issues: { path: string; code: string }[]): string[] => issues.map((i) => `${i.path}: ${i.code}`);

describe("filter checks", () => {
  it("accept every type's defaults at common sample rates", () => {
    for (const rate of [32000, 44100, 48000, 96000]) {
      for (const t of FILTER_TYPES) expect(checkFilter("f", defaultFilter(t.type, rate), rate), `${t.type} @ ${rate}`).toEqual([]);
    }
  });

  it("hold frequencies between 0 and Nyquist (both excluded)", () => {
    const at = (freq: number, rate = 48000) => codes(checkFilter("eq1", { type: "peaking", freq, gain: 1, q: 1 }, rate));
    expect(at(23999.9)).toEqual([]);
    expect(at(24000)).toEqual(["filters.eq1.freq: range"]);
    expect(at(22050, 44100)).toEqual(["filters.eq1.freq: range"]);
    expect(at(0)).toEqual(["filters.eq1.freq: range"]);
    expect(at(0.5)).toEqual([]);
    const issue = checkFilter("eq1", { type: "peaking", freq: 30000, gain: 1, q: 1 }, 48000)[0]!;
    expect(issue.range).toEqual({ min: 0, max: 24000, minExclusive: true, maxExclusive: true });
  });

  it("stop EQ gains at +-24 dB (where the engine would clamp), Q at 100", () => {
    const eq = (gain: number, q: number) => codes(checkFilter("e", { type: "lowshelf", freq: 100, gain, q }, 48000));
    expect(eq(24, 100)).toEqual([]);
    expect(eq(-24.1, 1)).toEqual(["filters.e.gain: range"]);
    expect(eq(3, 100.5)).toEqual(["filters.e.q: range"]);
    expect(eq(3, 0)).toEqual(["filters.e.q: range"]);
    expect(eq(NaN, 1)).toEqual(["filters.e.gain: number"]);
  });

  it("want exactly one of q, slope and bandwidth", () => {
    expect(codes(checkFilter("s", { type: "highshelf", freq: 100, gain: 1 }, 48000))).toEqual(["filters.s.q: width-missing"]);
    expect(codes(checkFilter("s", { type: "highshelf", freq: 100, gain: 1, q: 1, slope: 6 }, 48000))).toEqual([
      "filters.s.slope: width-many",
    ]);
    expect(codes(checkFilter("s", { type: "highshelf", freq: 100, gain: 1, slope: 13 }, 48000))).toEqual(["filters.s.slope: range"]);
  });

  it("check orders: whole, 1..24 for Butterworth, even 2..48 for Linkwitz-Riley", () => {
    const o = (type: string, order: number) => codes(checkFilter("x", { type, freq: 100, order }, 48000));
    expect(o("butterworth_lowpass", 24)).toEqual([]);
    expect(o("butterworth_lowpass", 25)).toEqual(["filters.x.order: range"]);
    expect(o("butterworth_lowpass", 2.5)).toEqual(["filters.x.order: integer"]);
    expect(o("linkwitz_riley_highpass", 48)).toEqual([]);
    expect(o("linkwitz_riley_highpass", 6)).toEqual([]);
    expect(o("linkwitz_riley_highpass", 3)).toEqual(["filters.x.order: even"]);
  });

  it("find unstable biquads and a0 = 0 by designing them", () => {
    const b = (a1: number, a2: number, a0?: number) =>
      codes(checkFilter("b", { type: "biquad", b0: 1, b1: 0, b2: 0, a1, a2, ...(a0 === undefined ? {} : { a0 }) }, 48000));
    expect(b(-1.55, 0.7)).toEqual([]);
    expect(b(0, 1)).toEqual(["filters.b.a2: unstable"]);
    expect(b(-2.1, 0.9)).toEqual(["filters.b.a2: unstable"]);
    expect(b(0, 0, 0)).toEqual(["filters.b.a0: a0-zero"]);
  });

  it("check graphic EQ bands, their order and each band gain", () => {
    const g = (extra: object) => codes(checkFilter("g", { type: "graphic_eq", gains: [1, 2], ...extra }, 48000));
    expect(g({})).toEqual([]);
    expect(g({ gains: [1, 30, NaN] })).toEqual(["filters.g.gains[1]: range", "filters.g.gains[2]: number"]);
    expect(g({ gains: [] })).toEqual(["filters.g.gains: items"]);
    expect(g({ freq_min: 1000, freq_max: 500 })).toEqual(["filters.g.freq_max: freq-order"]);
  });

  it("take the delay's range from its unit and the gain's from its scale", () => {
    const d = (delay: number, unit?: string) => codes(checkFilter("d", { type: "delay", delay, ...(unit ? { unit } : {}) }, 48000));
    expect(d(60000)).toEqual([]);
    expect(d(60001)).toEqual(["filters.d.delay: range"]);
    expect(d(60 * 48000, "samples")).toEqual([]);
    expect(d(60 * 48000 + 1, "samples")).toEqual(["filters.d.delay: range"]);
    expect(d(-1, "mm")).toEqual(["filters.d.delay: range"]);
    expect(codes(checkFilter("g", { type: "gain", gain: 15, scale: "linear" }, 48000))).toEqual([]);
    expect(codes(checkFilter("g", { type: "gain", gain: 16, scale: "linear" }, 48000))).toEqual(["filters.g.gain: range"]);
    expect(codes(checkFilter("g", { type: "gain", gain: 24.5 }, 48000))).toEqual(["filters.g.gain: range"]);
    expect(codes(checkFilter("g", { type: "gain", gain: 1, scale: "loud" }, 48000))).toEqual(["filters.g.scale: option"]);
  });

  it("check dynamics ranges and name unknown types", () => {
    expect(codes(checkFilter("c", { type: "compressor", threshold: 1, ratio: 0.5 }, 48000))).toEqual([
      "filters.c.threshold: range",
      "filters.c.ratio: range",
    ]);
    expect(codes(checkFilter("l", { type: "limiter", lookahead: 0.4 }, 48000))).toEqual(["filters.l.lookahead: range"]);
    expect(checkFilter("u", { type: "warp" }, 48000)).toEqual([{ path: "filters.u.type", code: "unknown-type", value: "warp" }]);
    expect(codes(checkFilter("c", { type: "conv", file: "a.wav", values: [1] }, 48000))).toEqual(["filters.c.values: source-many"]);
  });
});

describe("pipeline checks", () => {
  it("check steps: filter names, channels (which change after a mixer), mixers", () => {
    const doc: PipelineDoc = {
      filters: { a: { type: "gain", gain: 0 } },
      mixers: { mono: { channels_in: 2, mapping: [{ sources: [{ channel: 0 }, { channel: 1 }] }] } },
      steps: [
        { type: "filter", channels: [0, 1, 1], names: ["a", "b"] },
        { type: "mixer", name: "mono" },
        { type: "filter", channels: [1], names: ["a"] },
        { type: "mixer", name: "mono" },
        { type: "mixer", name: "none" },
        { type: "filter", channels: [], names: [] },
      ],
    };
    expect(checkPipeline(doc, 2, 48000)).toEqual([
      { path: "steps[0].channels[2]", code: "channel-twice", value: 2 },
      { path: "steps[0].names[1]", code: "unknown-filter", value: "b" },
      { path: "steps[2].channels[0]", code: "channel-missing", value: 2, range: { min: 1, max: 1 } },
      { path: "mixers.mono.channels_in", code: "mixer-channels", value: 1 },
      { path: "steps[4].name", code: "unknown-mixer", value: "none" },
      { path: "steps[5].channels", code: "channels-empty" },
    ]);
  });

  it("check every filter, used or not", () => {
    const doc: PipelineDoc = { filters: { spare: { type: "lowpass", freq: 100, q: -1 } }, steps: [] };
    expect(codes(checkPipeline(doc, 2, 48000))).toEqual(["filters.spare.q: range"]);
  });
});
