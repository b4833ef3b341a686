import { describe, expect, it } from "vitest";
import { DebugTracker, percentiles } from "./debugTracker";

describe("tuner debug figures", () => {
  it("percentiles of the recent values", () => {
    const ring = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(ring, 100)).toEqual({ p50: 51, p95: 96, p99: 100, max: 100 });
    expect(percentiles(ring, 0)).toBeNull();
  });

  it("rate, drops, pool and timing from the counters", () => {
    let now = 0;
    const t = new DebugTracker(() => now);
    t.status({
      type: "status_update",
      state: "running",
      batch_size: 1024,
      pool_size: 16,
      pool_free: 12,
      batches_sent: 40,
      batches_dropped: 3,
      partial_batches: 0,
      quanta: 320,
      max_process_ms: 1,
      over_budget: 0,
    });
    for (const ms of [4, 6, 5]) t.pitch(ms, 0.05);
    now = 500;
    const f = t.figures({ batches: 20, dropped: 2, skipped: { levels: 0, pitch: 1 }, held: 0 });
    expect(f.batchesPerSecond).toBe("40.0");
    expect(f.dropped).toBe("3");
    expect(f.pool).toBe("12/16");
    expect(f.latencyMs).toBe("5 (max 6)");
    expect(f.skipped).toBe("levels 0, pitch 1");
    expect(JSON.parse(f.totals)).toMatchObject({ results: 3, latencyMs: { p50: 5, max: 6 }, dropped: 3, overBudget: 0 });
  });
});
