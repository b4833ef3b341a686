import { describe, expect, it } from "vitest";
import { hzToX, xToHz } from "./axes";
import { spectrumLayout } from "./spectrumLayout";
import { SpectrumModel } from "./spectrumModel";
import type { SpectrumFrame } from "../protocol/spectrum";

// 10 Hz per bin: bin k at 10 k Hz.
const BINS = 2400;
function frame(channels: Record<number, number>[]): SpectrumFrame {
  const magnitudes = new Float32Array(channels.length * BINS).fill(-200);
  channels.forEach((levels, c) => {
    for (const [k, db] of Object.entries(levels)) magnitudes[c * BINS + Number(k)] = db;
  });
  return { channels: channels.length, bins: BINS, sampleRate: 48000, fftSize: 4800, sequence: 1, magnitudes };
}

const layout = spectrumLayout(800, 300, 1);

/** The slot holding the highest value of trace t. */
function loudestSlot(model: SpectrumModel, t = 0): number {
  let best = 0;
  for (let i = 1; i < model.slots; i++) if (!(model.traces[t]![i]! <= model.traces[t]![best]!)) best = i;
  return best;
}

describe("spectrum model", () => {
  it("bars: a 1 kHz tone lights the band around 1 kHz, drawn across 1 kHz", () => {
    const model = new SpectrumModel();
    model.update(frame([{ 100: -6 }]), layout.axis, "bars", "sum", 0, 20);
    const band = loudestSlot(model);
    expect(model.bands.loHz[band]).toBeLessThanOrEqual(1000);
    expect(model.bands.hiHz[band]).toBeGreaterThan(1000);
    const x = hzToX(layout.axis, 1000);
    expect(model.slotLeft[band]).toBeLessThanOrEqual(Math.round(x));
    expect(model.slotRight[band]).toBeGreaterThan(Math.round(x));
  });

  it("line: a tone's column maps back to its frequency within half a column", () => {
    const model = new SpectrumModel();
    model.update(frame([{ 347: -20 }]), layout.axis, "line", "sum", 0, 20); // 3470 Hz
    const column = loudestSlot(model);
    expect(model.traces[0]![column]).toBeCloseTo(-20, 4);
    const x = model.slotLeft[column]!;
    expect(x).toBe(layout.axis.x0 + column);
    expect(xToHz(layout.axis, x - 0.5)).toBeLessThanOrEqual(3470);
    expect(xToHz(layout.axis, x + 0.5)).toBeGreaterThan(3470);
  });

  it("sum: one trace, the power average of the channels", () => {
    const model = new SpectrumModel();
    model.update(frame([{ 100: -6 }, { 100: -200 }]), layout.axis, "line", "sum", 0, 20);
    expect(model.traceCount).toBe(1);
    expect(model.traces[0]![loudestSlot(model)]).toBeCloseTo(-6 + 10 * Math.log10(0.5), 3);
  });

  it("each: one trace per channel, peak hold over the highest", () => {
    const model = new SpectrumModel();
    model.update(frame([{ 100: -30 }, { 2000: -10 }]), layout.axis, "line", "each", 0, 20);
    expect(model.traceCount).toBe(2);
    const c1k = Math.round(hzToX(layout.axis, 1000)) - layout.axis.x0;
    const c20k = Math.round(hzToX(layout.axis, 20000)) - layout.axis.x0;
    expect(model.traces[0]![c1k]).toBeCloseTo(-30, 4);
    expect(model.traces[1]![c1k]).toBe(-200);
    expect(model.traces[1]![c20k]).toBeCloseTo(-10, 4);
    expect(model.hold[c1k]).toBeCloseTo(-30, 4);
    expect(model.hold[c20k]).toBeCloseTo(-10, 4);
  });

  it("lets held peaks fall, and forgets them on reset", () => {
    const model = new SpectrumModel();
    model.update(frame([{ 100: -6 }]), layout.axis, "bars", "sum", 0, 20);
    const band = loudestSlot(model);
    const first = model.traces[0]![band]!;
    model.update(frame([{}]), layout.axis, "bars", "sum", 0.25, 20);
    expect(model.traces[0]![band]).toBe(-200);
    expect(model.hold[band]).toBeCloseTo(first - 5, 4);
    model.resetHold();
    model.update(frame([{}]), layout.axis, "bars", "sum", 0.25, 20);
    expect(model.hold[band]).toBe(-200);
  });

  it("allocates nothing per frame once laid out, and lays out again on a new width", () => {
    const model = new SpectrumModel();
    const f = frame([{ 100: -6 }, { 100: -6 }]);
    model.update(f, layout.axis, "line", "each", 0, 20);
    const arrays = [model.hold, model.traces[0], model.traces[1], model.slotLeft];
    model.update(f, layout.axis, "line", "each", 1 / 60, 20);
    const after = [model.hold, model.traces[0], model.traces[1], model.slotLeft];
    after.forEach((array, i) => expect(array).toBe(arrays[i]));
    const wider = spectrumLayout(1000, 300, 1);
    model.update(f, wider.axis, "line", "each", 0, 20);
    expect(model.slots).toBe(wider.axis.x1 - wider.axis.x0 + 1);
    expect(model.hold).not.toBe(arrays[0]);
  });
});
