import { describe, expect, it } from "vitest";
import { BatchHub, type BatchMeta, type Subsystem } from "./hub";
import { MAX_BATCH, type AudioDataBatch } from "./messages";

class FakeSubsystem implements Subsystem {
  inFlight = 0;
  failure: string | null = null;
  readonly got: { sequence: number; first: number; length: number }[] = [];
  constructor(
    readonly name: string,
    private readonly behaviour: "answers" | "stalls" | "throws" = "answers",
  ) {}
  send(samples: Float32Array, meta: BatchMeta): void {
    if (this.behaviour === "throws") throw new Error("analyzer trapped: unreachable");
    this.got.push({ sequence: meta.sequence, first: samples[0]!, length: samples.length });
    if (this.behaviour === "stalls") this.inFlight += 1;
  }
  fail(reason: string): void {
    this.failure = reason;
  }
}

function batch(sequence: number, count = 1024): AudioDataBatch {
  const buffer = new ArrayBuffer(MAX_BATCH * 4);
  new Float32Array(buffer).fill(sequence);
  return { type: "audio_data_batch", sample_rate: 48_000, sample_count: count, sequence_number: sequence, first_frame: sequence * count, buffer };
}

describe("batch hub", () => {
  it("gives every subsystem its own copy and returns each buffer at once", () => {
    const returned: ArrayBuffer[] = [];
    const hub = new BatchHub((b) => returned.push(b));
    const levels = new FakeSubsystem("levels");
    const pitch = new FakeSubsystem("pitch");
    hub.add(levels);
    hub.add(pitch);
    const b = batch(0, 512);
    hub.accept(b, 1);
    expect(returned).toEqual([b.buffer]);
    expect(levels.got).toEqual([{ sequence: 0, first: 0, length: 512 }]);
    expect(pitch.got).toEqual(levels.got);
  });

  it("keeps feeding the others when one subsystem fails or falls behind", () => {
    const hub = new BatchHub(() => {});
    const broken = new FakeSubsystem("broken", "throws");
    const slow = new FakeSubsystem("slow", "stalls");
    const levels = new FakeSubsystem("levels");
    for (const s of [broken, slow, levels]) hub.add(s);
    for (let k = 0; k < 10; k++) hub.accept(batch(k), k);
    expect(levels.got.map((g) => g.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(broken.failure).toContain("unreachable");
    expect(slow.got).toHaveLength(hub.maxInFlight);
    expect(hub.stats.skipped).toEqual({ broken: 9, slow: 10 - hub.maxInFlight, levels: 0 });
    // The slow one catches up and gets batches again.
    slow.inFlight = 0;
    hub.accept(batch(10), 10);
    expect(slow.got.at(-1)?.sequence).toBe(10);
  });

  it("counts the worklet's dropped batches from sequence gaps", () => {
    const hub = new BatchHub(() => {});
    for (const k of [0, 1, 5, 6, 9]) hub.accept(batch(k), k);
    expect(hub.stats).toMatchObject({ batches: 5, dropped: 5 });
    hub.restart();
    hub.accept(batch(0), 0);
    expect(hub.stats).toMatchObject({ batches: 1, dropped: 0 });
  });

  it("holds buffers on request and gives them all back", () => {
    const returned: ArrayBuffer[] = [];
    const hub = new BatchHub((b) => returned.push(b));
    hub.hold(true);
    const held = [batch(0), batch(1), batch(2)];
    for (const b of held) hub.accept(b, 0);
    expect(returned).toEqual([]);
    expect(hub.stats.held).toBe(3);
    hub.hold(false);
    expect(returned).toEqual(held.map((b) => b.buffer));
    expect(hub.stats.held).toBe(0);
  });
});
