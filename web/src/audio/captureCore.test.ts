import { describe, expect, it } from "vitest";
import { MAX_BATCH, QUANTUM } from "./messages";
import { SimulatedPage } from "./renderLoop.test-support";

/** A ramp: sample value = frame index (exact in float32 below 2^24). */
const ramp = (frame: number) => frame;

describe("capture worklet batching (simulated render loop)", () => {
  it("announces itself with its options, then sends nothing until started", () => {
    const page = new SimulatedPage({ batch_size: 512, timeout_ms: 20, pool_size: 4 });
    expect(page.errors).toEqual([]);
    expect(page.core.options).toEqual({ batch_size: 512, timeout_ms: 20, pool_size: 4 });
    page.render(16, ramp);
    expect(page.batches).toEqual([]);
  });

  it("sends full batches of consecutive samples, numbered without gaps", () => {
    const page = new SimulatedPage();
    page.send({ type: "start_processing" });
    page.render(8 * 10, ramp); // 10 batches of 1024
    expect(page.sequences).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    page.batches.forEach((b, k) => {
      expect(b.count).toBe(1024);
      expect(b.firstFrame).toBe(k * 1024);
      expect(b.samples[0]).toBe(k * 1024);
      expect(b.samples[1023]).toBe(k * 1024 + 1023);
      expect(b.bufferBytes).toBe(MAX_BATCH * 4);
    });
    // Every buffer came back.
    page.send({ type: "stop_processing" });
    expect(page.statuses.at(-1)).toMatchObject({ state: "stopped", pool_free: 16 });
  });

  it("answers start with a status carrying the request's id", () => {
    const page = new SimulatedPage();
    const id = page.send({ type: "start_processing" });
    const reply = page.replies.at(-1)!;
    expect(reply.message_id).toBe(id);
    expect(reply.payload).toMatchObject({ type: "status_update", state: "running", batch_size: 1024 });
  });

  it("sends a partial batch when the input stalls for the timeout", () => {
    const page = new SimulatedPage({ batch_size: 1024, timeout_ms: 50, pool_size: 16 });
    page.send({ type: "start_processing" });
    page.render(3, ramp); // 384 samples, then the input goes away
    expect(page.batches).toEqual([]);
    const timeoutQuanta = Math.ceil((0.05 * 48_000) / QUANTUM); // 19 quanta of silence
    page.render(timeoutQuanta - 1);
    expect(page.batches).toEqual([]);
    page.render(1);
    expect(page.batches.map((b) => [b.sequence, b.count, b.firstFrame])).toEqual([[0, 384, 0]]);
    expect(page.statuses.at(-1)?.partial_batches ?? 0).toBeLessThanOrEqual(1);
    // Input resumes: the next batch starts where it resumes and is numbered on.
    const resumeAt = page.frame;
    page.render(8, ramp);
    expect(page.batches[1]).toMatchObject({ sequence: 1, count: 1024, firstFrame: resumeAt });
  });

  it("flushes the partial batch on a batch-size change and switches at once", () => {
    const page = new SimulatedPage();
    page.send({ type: "start_processing" });
    page.render(5, ramp); // 640 of 1024
    page.send({ type: "update_batch_config", batch_size: 256, timeout_ms: 50 });
    expect(page.batches.map((b) => b.count)).toEqual([640]);
    page.render(4, ramp);
    expect(page.batches.map((b) => b.count)).toEqual([640, 256, 256]);
    expect(page.sequences).toEqual([0, 1, 2]);
    // No sample lost or repeated across the change.
    const all = page.batches.flatMap((b) => Array.from(b.samples));
    expect(all).toEqual(Array.from({ length: 9 * QUANTUM }, (_, i) => i));
  });

  it("drops batches when the page holds every buffer, reports it once, and recovers", () => {
    const page = new SimulatedPage({ batch_size: 128, timeout_ms: 50, pool_size: 4 });
    page.send({ type: "start_processing" });
    page.hold = true;
    page.render(4, ramp); // the 4 buffers go out and stay
    page.render(6, ramp); // 6 batches dropped
    expect(page.sequences).toEqual([0, 1, 2, 3]);
    const exhaustion = page.errors.filter((e) => e.code === "buffer_exhaustion");
    expect(exhaustion).toHaveLength(1);
    expect(exhaustion[0]!.context.limit).toBe("4 buffers");
    page.returnHeld();
    page.render(2, ramp);
    // Batches 4..9 were dropped: the gap says so, and the counter agrees.
    expect(page.sequences).toEqual([0, 1, 2, 3, 10, 11]);
    // Up to the periodic status (every 94 quanta at 48 kHz, counted from start).
    page.render(Math.round((0.25 * 48_000) / QUANTUM) - 12, ramp);
    const status = page.statuses.at(-1)!;
    expect(status.batches_dropped).toBe(6);
    expect(status.batches_sent).toBe(page.batches.length);
    // A second episode is reported again.
    page.hold = true;
    page.render(8, ramp);
    expect(page.errors.filter((e) => e.code === "buffer_exhaustion")).toHaveLength(2);
  });

  it("refuses a buffer that would grow the pool", () => {
    const page = new SimulatedPage({ batch_size: 128, timeout_ms: 50, pool_size: 2 });
    page.send({ type: "return_buffer", buffer: new ArrayBuffer(MAX_BATCH * 4) });
    expect(page.errors.at(-1)).toMatchObject({ code: "invalid_message", context: { path: "payload.buffer" } });
    page.send({ type: "start_processing" });
    page.send({ type: "return_buffer", buffer: new ArrayBuffer(16) });
    expect(page.errors.at(-1)!.message).toContain(`${MAX_BATCH * 4} bytes`);
  });

  it("refuses invalid messages whole, naming the field, and keeps going", () => {
    const page = new SimulatedPage();
    page.send({ type: "start_processing" });
    page.render(2, ramp);
    const id = page.send({ type: "update_batch_config", batch_size: 1000, timeout_ms: 20 });
    const err = page.errors.at(-1)!;
    expect(err.code).toBe("invalid_message");
    expect(err.context.path).toBe("payload.batch_size");
    expect(page.replies.at(-1)!.message_id).toBe(id);
    // The timeout was not applied either: still 1024-frame batches.
    page.render(6, ramp);
    expect(page.batches.map((b) => b.count)).toEqual([1024]);
    page.core.receive("not an envelope");
    page.send({ type: "warp_speed" });
    expect(page.errors.slice(-2).map((e) => e.code)).toEqual(["invalid_message", "invalid_message"]);
    page.send({ type: "update_test_signal_config", enabled: true, waveform: "sine", frequency_hz: 30_000, amplitude: 1 });
    expect(page.errors.at(-1)!.context.path).toBe("payload.frequency_hz");
  });

  it("falls back to the defaults, with an error, on bad options", () => {
    const page = new SimulatedPage({ batch_size: 100, timeout_ms: 50, pool_size: 16 });
    expect(page.core.options.batch_size).toBe(1024);
    expect(page.errors[0]).toMatchObject({ code: "invalid_configuration", context: { path: "batch_size" } });
  });

  it("mixes the test signal and noise without a microphone", () => {
    const page = new SimulatedPage();
    page.send({ type: "update_test_signal_config", enabled: true, waveform: "square", frequency_hz: 375, amplitude: 0.25 });
    page.send({ type: "start_processing" });
    page.render(8);
    const s = page.batches[0]!.samples;
    expect(page.batches).toHaveLength(1);
    // 375 Hz at 48 kHz: 128 samples per period, first half +0.25.
    expect(s[0]).toBeCloseTo(0.25, 6);
    expect(s[63]).toBeCloseTo(0.25, 6);
    expect(s[64]).toBeCloseTo(-0.25, 6);
    page.send({ type: "update_test_signal_config", enabled: false, waveform: "sine", frequency_hz: 440, amplitude: 0.5 });
    page.send({ type: "update_noise_config", enabled: true, color: "white", level_db: -20 });
    page.render(8 * 8);
    const noise = page.batches.slice(1).flatMap((b) => Array.from(b.samples));
    const rms = Math.sqrt(noise.reduce((a, v) => a + v * v, 0) / noise.length);
    expect(20 * Math.log10(rms)).toBeCloseTo(-20, 0);
  });

  it("creates no typed arrays or buffers while rendering", () => {
    const page = new SimulatedPage({ batch_size: 256, timeout_ms: 5, pool_size: 8 });
    page.send({ type: "update_noise_config", enabled: true, color: "pink", level_db: -30 });
    page.send({ type: "start_processing" });
    const created: string[] = [];
    const originals = { Float32Array, ArrayBuffer };
    const spy = <T extends object>(name: string, ctor: T): T =>
      new Proxy(ctor, {
        construct(target, args) {
          created.push(name);
          return Reflect.construct(target as never, args);
        },
      });
    const g = globalThis as unknown as Record<string, unknown>;
    g["Float32Array"] = spy("Float32Array", originals.Float32Array);
    g["ArrayBuffer"] = spy("ArrayBuffer", originals.ArrayBuffer);
    try {
      // The page's side (structuredClone) runs outside the spy's reach: count only what
      // process() does, by running quanta with the page holding buffers (no returns).
      page.hold = true;
      page.record = false;
      for (let q = 0; q < 64; q++) page.core.process([], q * QUANTUM);
    } finally {
      g["Float32Array"] = originals.Float32Array;
      g["ArrayBuffer"] = originals.ArrayBuffer;
    }
    expect(created).toEqual([]);
  });
});
