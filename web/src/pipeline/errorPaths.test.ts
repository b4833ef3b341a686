import { describe, expect, it } from "vitest";
import { filterOf, isWithin, pipelinePath, stepOf } from "./errorPaths";

describe("error paths", () => {
  it("drop the envelope's prefix", () => {
    expect(pipelinePath("payload.pipeline.filters.eq1.gain")).toBe("filters.eq1.gain");
    expect(pipelinePath("pipeline.steps[2].names[0]")).toBe("steps[2].names[0]");
    expect(pipelinePath("payload.pipeline")).toBe("");
    expect(pipelinePath(null)).toBe("");
    expect(pipelinePath("filters.a.q")).toBe("filters.a.q");
  });

  it("locate steps and filters (names may hold dots)", () => {
    expect(stepOf("steps[12].channels[0]")).toBe(12);
    expect(stepOf("filters.a")).toBeNull();
    expect(filterOf("filters.eq.1.gain", ["eq", "eq.1"])).toEqual({ filter: "eq.1", param: "gain" });
    expect(filterOf("filters.eq", ["eq"])).toEqual({ filter: "eq", param: "" });
    expect(filterOf("filters.zz.q", ["eq"])).toBeNull();
    expect(isWithin("steps[1].names[0]", "steps[1]")).toBe(true);
    expect(isWithin("steps[10]", "steps[1]")).toBe(false);
    expect(isWithin("filters.g.gains[3]", "filters.g.gains")).toBe(true);
    expect(isWithin("filters.g.gains_x", "filters.g.gains")).toBe(false);
  });
});
