// Imported EQs replace the pipeline or are appended with clashing names renamed.
import { describe, expect, it } from "vitest";
import { appendImported, replaceWithImported } from "./importMerge";
import type { PipelineDoc } from "./model";

const current: PipelineDoc = {
  settings: { block_size: 512 },
  filters: {
    preamp: { type: "gain", gain: -3 },
    filter_1: { type: "peaking", freq: 100, gain: 2, q: 1 },
    filter_1_2: { type: "notch", freq: 60, q: 5 },
  },
  steps: [{ type: "filter", names: ["preamp", "filter_1", "filter_1_2"] }],
};
const imported = {
  filters: {
    preamp: { type: "gain", gain: -6.2 },
    filter_1: { type: "peaking", freq: 105, gain: -3.4, q: 0.7 },
    filter_2: { type: "highshelf", freq: 8000, gain: 2, q: 0.7 },
  },
  steps: [{ type: "filter" as const, names: ["preamp", "filter_1", "filter_2"] }],
};

describe("importing into the pipeline", () => {
  it("appends with clashing names renamed, in the steps too", () => {
    const { doc, renamed } = appendImported(current, imported);
    // filter_1_2 is taken as well, so filter_1 becomes filter_1_3.
    expect(renamed).toEqual({ preamp: "preamp_2", filter_1: "filter_1_3" });
    expect(Object.keys(doc.filters).sort()).toEqual(["filter_1", "filter_1_2", "filter_1_3", "filter_2", "preamp", "preamp_2"]);
    expect(doc.filters["filter_1_3"]).toEqual(imported.filters.filter_1);
    expect(doc.filters["filter_1"]).toEqual(current.filters["filter_1"]);
    expect(doc.steps).toEqual([current.steps[0], { type: "filter", names: ["preamp_2", "filter_1_3", "filter_2"] }]);
    expect(doc.settings).toEqual({ block_size: 512 });
    // The inputs are left alone.
    expect(Object.keys(current.filters)).toHaveLength(3);
    expect(imported.steps[0]!.names).toEqual(["preamp", "filter_1", "filter_2"]);
  });

  it("does not rename onto a name the import itself uses", () => {
    const doc: PipelineDoc = { filters: { a: { type: "gain", gain: 0 } }, steps: [] };
    const imp = {
      filters: { a: { type: "gain", gain: 1 }, a_2: { type: "gain", gain: 2 } },
      steps: [{ type: "filter" as const, names: ["a", "a_2"] }],
    };
    const { doc: out, renamed } = appendImported(doc, imp);
    expect(renamed).toEqual({ a: "a_3" });
    expect(out.filters["a_2"]).toEqual({ type: "gain", gain: 2 });
    expect(out.steps[0]).toEqual({ type: "filter", names: ["a_3", "a_2"] });
  });

  it("replaces filters, mixers and steps but keeps the settings", () => {
    const doc = replaceWithImported({ ...current, mixers: { m: { channels_in: 2, mapping: [] } } }, imported);
    expect(doc).toEqual({ settings: { block_size: 512 }, filters: imported.filters, steps: imported.steps });
  });
});
