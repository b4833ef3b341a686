// The per-channel combination, checked against properties that hold whatever the
// implementation: RBJ peaking gain at its centre, Linkwitz-Riley sums, delay phase.
import { describe, expect, it } from "vitest";
import { magnitudeDb, phaseDeg } from "./complex";
import type { PipelineDoc } from "./model";
import { pipelineResponse } from "./pipelineResponse";

const FS = 48000;
const FREQS = [50, 100, 1000, 5000, 15000];
const db = (r: ReturnType<typeof pipelineResponse>, ch: number, i: number): number =>
  magnitudeDb(r.channels[ch]!.re[i]!, r.channels[ch]!.im[i]!);
const deg = (r: ReturnType<typeof pipelineResponse>, ch: number, i: number): number =>
  phaseDeg(r.channels[ch]!.re[i]!, r.channels[ch]!.im[i]!);
const wrap = (d: number): number => ((((d + 180) % 360) + 360) % 360) - 180;

const twoSame = (mapping: PipelineDoc["mixers"]): PipelineDoc => ({
  filters: { pk: { type: "peaking", freq: 1000, gain: 6, q: 1.41 } },
  mixers: mapping,
  steps: [
    { type: "filter", names: ["pk"] },
    { type: "mixer", name: "m" },
  ],
});

describe("pipeline response per channel", () => {
  it("applies a filter step to every channel when none are listed", () => {
    const r = pipelineResponse(twoSame({ m: { channels_in: 2, mapping: [{ sources: [{ channel: 0 }] }, { sources: [{ channel: 1 }] }] } }), 2, FS, FREQS);
    expect(r.channels).toHaveLength(2);
    // RBJ peaking: exactly the gain at the centre frequency.
    expect(db(r, 0, 2)).toBeCloseTo(6, 9);
    expect(db(r, 1, 2)).toBeCloseTo(6, 9);
  });

  it("nulls when a mixer sums two identical channels with one inverted", () => {
    const r = pipelineResponse(
      twoSame({ m: { channels_in: 2, mapping: [{ sources: [{ channel: 0 }, { channel: 1, inverted: true }] }] } }),
      2,
      FS,
      FREQS,
    );
    expect(r.channels).toHaveLength(1);
    for (let i = 0; i < FREQS.length; i++) expect(db(r, 0, i)).toBeLessThan(-200);
  });

  it("sums sources with their gains, and leaves muted ones out", () => {
    const half = 20 * Math.log10(0.5);
    const r = pipelineResponse(
      twoSame({
        m: {
          channels_in: 2,
          mapping: [{ sources: [{ channel: 0, gain: half }, { channel: 1, gain: half }, { channel: 1, gain: 20, mute: true }] }],
        },
      }),
      2,
      FS,
      FREQS,
    );
    expect(db(r, 0, 2)).toBeCloseTo(6, 9);
  });

  it("filters only the listed channels and skips bypassed steps", () => {
    const doc: PipelineDoc = {
      filters: { cut: { type: "gain", gain: -6 }, boost: { type: "volume", volume: 10 } },
      steps: [
        { type: "filter", channels: [1], names: ["cut"] },
        { type: "filter", names: ["boost"], bypassed: true },
      ],
    };
    const r = pipelineResponse(doc, 2, FS, FREQS);
    expect(db(r, 0, 0)).toBeCloseTo(0, 12);
    expect(db(r, 1, 0)).toBeCloseTo(-6, 12);
    doc.steps[1]!.bypassed = false;
    const on = pipelineResponse(doc, 2, FS, FREQS);
    expect(db(on, 0, 0)).toBeCloseTo(10, 12);
    expect(db(on, 1, 3)).toBeCloseTo(4, 12);
  });

  it("makes a Linkwitz-Riley crossover sum flat (LR2 with the high side inverted)", () => {
    for (const [order, invert] of [
      [4, false],
      [2, true],
    ] as const) {
      const doc: PipelineDoc = {
        filters: {
          lo: { type: "linkwitz_riley_lowpass", freq: 2000, order },
          hi: { type: "linkwitz_riley_highpass", freq: 2000, order },
        },
        mixers: { sum: { channels_in: 2, mapping: [{ sources: [{ channel: 0 }, { channel: 1, inverted: invert }] }] } },
        steps: [
          { type: "filter", channels: [0], names: ["lo"] },
          { type: "filter", channels: [1], names: ["hi"] },
          { type: "mixer", name: "sum" },
        ],
      };
      const r = pipelineResponse(doc, 2, FS, FREQS);
      for (let i = 0; i < FREQS.length; i++) expect(Math.abs(db(r, 0, i)), `LR${order} at ${FREQS[i]} Hz`).toBeLessThan(1e-6);
    }
  });

  it("gives a delay its phase (whole samples and a Thiran fraction)", () => {
    const doc: PipelineDoc = {
      filters: { d: { type: "delay", delay: 1 }, f: { type: "delay", delay: 10.5, unit: "samples", subsample: true } },
      steps: [
        { type: "filter", channels: [0], names: ["d"] },
        { type: "filter", channels: [1], names: ["f"] },
      ],
    };
    const r = pipelineResponse(doc, 2, FS, FREQS);
    FREQS.forEach((f, i) => {
      expect(db(r, 0, i)).toBeCloseTo(0, 9);
      // 1 ms at 48 kHz: 48 samples.
      expect(Math.abs(wrap(deg(r, 0, i) - wrap((-360 * f * 48) / FS)))).toBeLessThan(1e-6);
      expect(db(r, 1, i)).toBeCloseTo(0, 9);
    });
    // At low frequencies the allpass delays by its design value: 10.5 samples in all.
    expect(Math.abs(wrap(deg(r, 1, 0) - (-360 * 50 * 10.5) / FS))).toBeLessThan(0.01);
  });

  it("reports dynamics, convolution and filters that cannot be designed", () => {
    const doc: PipelineDoc = {
      filters: {
        comp: { type: "compressor", threshold: -20, ratio: 4 },
        fir: { type: "conv", values: [1] },
        bad: { type: "peaking", freq: 30000, gain: 3, q: 1 },
      },
      steps: [{ type: "filter", names: ["comp", "fir", "bad", "ghost"] }],
    };
    const r = pipelineResponse(doc, 1, FS, FREQS);
    expect(r.unplotted).toEqual([
      { name: "comp", reason: "dynamics" },
      { name: "fir", reason: "convolution" },
    ]);
    expect(r.invalid).toEqual(["bad", "ghost"]);
    expect(db(r, 0, 2)).toBeCloseTo(0, 12);
  });
});
