// The draft follows the engine while the user has no unsent edits, and holds still while they do.
import { describe, expect, it } from "vitest";
import { createDraft } from "./draft";

const pipeline = (gain: number, extra: object = {}) => ({
  filters: { eq: { type: "peaking", freq: 1000, gain, q: 1 } },
  steps: [{ type: "filter", names: ["eq"] }],
  ...extra,
});

describe("pipeline draft", () => {
  it("re-bases on every engine change while nothing is unsent", () => {
    const d = createDraft(pipeline(1));
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(1);
    d.engineChanged(pipeline(2));
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(2);
    expect(d.revision.value).toBe(1);
    // The same pipeline again (another part of the state changed): no re-base.
    d.engineChanged(pipeline(2));
    expect(d.revision.value).toBe(1);
  });

  it("keeps unsent edits when the engine changes, and takes the engine's after they were sent", () => {
    const d = createDraft(pipeline(1));
    d.edit("filters.eq.gain", (doc) => (doc.filters["eq"]!["gain"] = 5));
    d.engineChanged(pipeline(3, { settings: { block_size: 512 } }));
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(5);
    expect(d.unsent.value.has("filters.eq.gain")).toBe(true);
    // Accepted: another client's change that came meanwhile is taken at once.
    d.sent(["filters.eq.gain"]);
    expect(d.unsent.value.size).toBe(0);
    expect(d.doc.value.settings).toEqual({ block_size: 512 });
    // And the engine's state with our change follows.
    d.engineChanged(pipeline(5, { settings: { block_size: 512 } }));
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(5);
  });

  it("does not jump back after a send when nothing else changed meanwhile", () => {
    const d = createDraft(pipeline(1));
    d.edit("filters.eq.gain", (doc) => (doc.filters["eq"]!["gain"] = 4));
    d.sent(["filters.eq.gain"]);
    // The ack comes before the state: the draft keeps the edit until the state arrives.
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(4);
    d.engineChanged(pipeline(4));
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(4);
  });

  it("stays put while some edits are still unsent", () => {
    const d = createDraft(pipeline(1));
    d.edit("filters.eq.gain", (doc) => (doc.filters["eq"]!["gain"] = 4));
    d.edit("filters.eq.q", (doc) => (doc.filters["eq"]!["q"] = NaN));
    d.sent(["filters.eq.gain"]);
    d.engineChanged(pipeline(4));
    expect(d.doc.value.filters["eq"]!["q"]).toBeNaN();
  });

  it("drops unsent edits on discard, back to the engine's latest", () => {
    const d = createDraft(pipeline(1));
    d.edit("structure", (doc) => doc.steps.pop());
    d.engineChanged(pipeline(7));
    expect(d.doc.value.steps).toHaveLength(0);
    d.discard();
    expect(d.unsent.value.size).toBe(0);
    expect(d.doc.value.steps).toHaveLength(1);
    expect(d.doc.value.filters["eq"]!["gain"]).toBe(7);
  });

  it("does not share objects with the engine's (frozen) state", () => {
    const engine = Object.freeze(pipeline(1));
    const d = createDraft(engine);
    d.edit("filters.eq.gain", (doc) => (doc.filters["eq"]!["gain"] = 2));
    expect(engine.filters.eq.gain).toBe(1);
  });
});
