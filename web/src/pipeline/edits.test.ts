// Structural edits of the pipeline document.
import { describe, expect, it } from "vitest";
import { addFilter, moveFilter, moveStep, removeFilter, removeStep, setBypassed, setChannels, uniqueName } from "./edits";
import type { PipelineDoc } from "./model";
import { toWire } from "./model";

const doc = (): PipelineDoc => ({
  filters: { a: { type: "gain", gain: 1 }, b: { type: "gain", gain: 2 }, c: { type: "gain", gain: 3 } },
  mixers: { m: { channels_in: 2, mapping: [{ sources: [{ channel: 0 }] }] } },
  steps: [
    { type: "filter", names: ["a", "b"] },
    { type: "mixer", name: "m" },
    { type: "filter", names: ["c", "a"] },
  ],
});

describe("pipeline edits", () => {
  it("add filters with unique names and defaults, to a step or a new one", () => {
    const d = doc();
    expect(addFilter(d, 0, "peaking", 48000)).toBe("peaking");
    expect(addFilter(d, null, "peaking", 48000)).toBe("peaking_2");
    expect(d.steps[0]).toEqual({ type: "filter", names: ["a", "b", "peaking"] });
    expect(d.steps[3]).toEqual({ type: "filter", names: ["peaking_2"] });
    expect(d.filters["peaking"]).toEqual({ type: "peaking", freq: 1000, gain: 0, q: 1.41 });
    expect(() => addFilter(d, 1, "gain", 48000)).toThrow();
    expect(uniqueName("x", (n) => ["x", "x_2"].includes(n))).toBe("x_3");
  });

  it("remove a filter, keeping its definition while another step uses it", () => {
    const d = doc();
    removeFilter(d, 0, 0);
    expect(d.steps[0]).toEqual({ type: "filter", names: ["b"] });
    expect(d.filters["a"]).toBeDefined();
    removeFilter(d, 2, 1);
    expect(d.filters["a"]).toBeUndefined();
  });

  it("move filters within and across steps, and steps", () => {
    const d = doc();
    moveFilter(d, { step: 0, index: 0 }, { step: 0, index: 1 });
    expect(d.steps[0]).toEqual({ type: "filter", names: ["b", "a"] });
    moveFilter(d, { step: 2, index: 0 }, { step: 0, index: 0 });
    expect(d.steps[0]).toEqual({ type: "filter", names: ["c", "b", "a"] });
    expect(d.steps[2]).toEqual({ type: "filter", names: ["a"] });
    moveStep(d, 2, 0);
    expect(d.steps.map((s) => s.type)).toEqual(["filter", "filter", "mixer"]);
  });

  it("remove steps with the filters only they used", () => {
    const d = doc();
    removeStep(d, 2);
    expect(Object.keys(d.filters).sort()).toEqual(["a", "b"]);
    removeStep(d, 1);
    expect(d.steps).toHaveLength(1);
  });

  it("bypass steps and pick channels; `bypassed: false` and empty mixers are not sent", () => {
    const d = doc();
    setBypassed(d, 1, true);
    setChannels(d, 0, [1, 0]);
    expect(d.steps[0]).toEqual({ type: "filter", names: ["a", "b"], channels: [0, 1] });
    setChannels(d, 0, undefined);
    expect(d.steps[0]).toEqual({ type: "filter", names: ["a", "b"] });
    setBypassed(d, 2, false);
    d.mixers = {};
    const wire = toWire(d) as unknown as PipelineDoc;
    expect(wire.steps[1]).toEqual({ type: "mixer", name: "m", bypassed: true });
    expect(wire.steps[2]).toEqual({ type: "filter", names: ["c", "a"] });
    expect("mixers" in wire).toBe(false);
    expect(d.steps[2]).toHaveProperty("bypassed", false);
  });
});
