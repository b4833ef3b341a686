// Everything the capture worklet does, apart from being an AudioWorkletProcessor
// (processor.ts is that thin shell): it checks each message against the schema, mixes
// the sources, batches, posts batches in pooled buffers and keeps the counters. The unit
// tests run it with a simulated render loop.
//
// Message ids: an answer (the status after start, stop or a batch-size change; the error
// about a refused message) carries the id of the message it answers; anything the
// worklet sends on its own (ready, batches, periodic status, exhaustion) carries 0.

import { Batcher, type BatchSink } from "./batcher";
import {
  DEFAULT_OPTIONS,
  QUANTUM,
  type ErrorContext,
  type FromWorklet,
  type FromWorkletEnvelope,
  type StatusUpdate,
  type ToWorklet,
  type WorkletErrorCode,
  type WorkletOptions,
} from "./messages";
import { BufferPool } from "./pool";
import { Noise, TestSignal } from "./sources";
import { validateOptions, validateToWorklet } from "./validate";
import { formatIssues } from "../protocol/schemaValidator";

/** Posts a message, moving `transfer` with it (MessagePort.postMessage). */
export type Post = (message: FromWorkletEnvelope, transfer?: Transferable[]) => void;

/** Seconds of audio between periodic status updates. */
const STATUS_INTERVAL_S = 0.25;

export class CaptureCore implements BatchSink {
  readonly options: WorkletOptions;
  private readonly pool: BufferPool;
  private readonly batcher: Batcher;
  private readonly test: TestSignal;
  private readonly noise = new Noise();
  /** One quantum of the mixed sources (grown once should a browser render bigger quanta). */
  private mix = new Float32Array(QUANTUM);
  private running = false;
  private quanta = 0;
  private maxProcessMs = 0;
  private overBudget = 0;
  private readonly quantumMs: number;
  private readonly statusEvery: number;
  // Reused for every batch and status (postMessage copies them), so process() builds
  // no objects of its own.
  private readonly batchMessage: FromWorkletEnvelope;
  private readonly batchPayload: Extract<FromWorklet, { type: "audio_data_batch" }>;
  private readonly statusMessage: FromWorkletEnvelope;
  private readonly status: StatusUpdate;
  private readonly transfer: ArrayBuffer[] = [new ArrayBuffer(0)];

  constructor(
    options: unknown,
    private readonly sampleRate: number,
    private readonly post: Post,
    private readonly clock: () => number = Date.now,
  ) {
    const checked = validateOptions(options ?? DEFAULT_OPTIONS);
    this.options = checked.ok ? { ...checked.value } : { ...DEFAULT_OPTIONS };
    this.pool = new BufferPool(this.options.pool_size);
    this.batcher = new Batcher(this.pool, this, sampleRate, this.options.batch_size, this.options.timeout_ms);
    this.test = new TestSignal(sampleRate);
    this.quantumMs = (QUANTUM / sampleRate) * 1000;
    this.statusEvery = Math.max(1, Math.round((STATUS_INTERVAL_S * sampleRate) / QUANTUM));
    this.batchPayload = {
      type: "audio_data_batch",
      sample_rate: sampleRate,
      sample_count: 0,
      sequence_number: 0,
      first_frame: 0,
      buffer: this.transfer[0]!,
    };
    this.batchMessage = { message_id: 0, timestamp: 0, payload: this.batchPayload };
    this.status = {
      type: "status_update",
      state: "stopped",
      batch_size: 0,
      pool_size: this.pool.size,
      pool_free: 0,
      batches_sent: 0,
      batches_dropped: 0,
      partial_batches: 0,
      quanta: 0,
      max_process_ms: 0,
      over_budget: 0,
    };
    this.statusMessage = { message_id: 0, timestamp: 0, payload: this.status };
    if (!checked.ok) {
      this.error(0, "invalid_configuration", `worklet options refused, defaults used: ${formatIssues(checked.errors)}`, {
        path: checked.errors[0]?.path,
      });
    }
    this.send(0, {
      type: "processor_ready",
      batch_size: this.options.batch_size,
      sample_rate: sampleRate,
      pool_size: this.options.pool_size,
      timeout_ms: this.options.timeout_ms,
    });
  }

  /** A message from the page: checked whole, then applied, or refused with an error. */
  receive(data: unknown): void {
    const checked = validateToWorklet(data);
    if (!checked.ok) {
      const id = typeof (data as { message_id?: unknown })?.message_id === "number" ? (data as { message_id: number }).message_id : 0;
      const first = checked.errors[0];
      this.error(id, "invalid_message", `message refused: ${formatIssues(checked.errors)}`, { path: first?.path });
      return;
    }
    const { message_id: id, payload } = checked.value;
    this.apply(id, payload);
  }

  /**
   * One render quantum: `channels` are the input's channels (none when nothing is
   * connected), `frame` the context's frame index of its first sample. Always true
   * (keep the processor alive).
   */
  process(channels: readonly Float32Array[], frame: number): boolean {
    if (!this.running) return true;
    const started = this.clock();
    try {
      this.mixQuantum(channels, frame);
    } catch (e) {
      this.error(0, "processing_failed", `processing failed: ${e instanceof Error ? e.message : String(e)}`, {});
    }
    this.quanta += 1;
    if (this.quanta % this.statusEvery === 0) this.sendStatus(0);
    const took = this.clock() - started;
    if (took > this.maxProcessMs) this.maxProcessMs = took;
    if (took > this.quantumMs) this.overBudget += 1;
    return true;
  }

  // BatchSink

  batch(buffer: Float32Array, count: number, sequence: number, firstFrame: number): void {
    const p = this.batchPayload;
    p.sample_count = count;
    p.sequence_number = sequence;
    p.first_frame = firstFrame;
    p.buffer = buffer.buffer as ArrayBuffer;
    this.transfer[0] = p.buffer;
    this.batchMessage.timestamp = this.clock();
    this.post(this.batchMessage, this.transfer);
  }

  exhausted(): void {
    this.error(0, "buffer_exhaustion", `the buffer pool is empty: the page holds all ${this.pool.size} buffers; batches are dropped until one comes back`, {
      limit: `${this.pool.size} buffers`,
    });
  }

  private mixQuantum(channels: readonly Float32Array[], frame: number): void {
    const n = channels[0]?.length ?? QUANTUM;
    if (this.mix.length < n) this.mix = new Float32Array(n);
    const mix = this.mix;
    mix.fill(0, 0, n);
    if (channels.length > 0) {
      const scale = 1 / channels.length;
      for (const channel of channels) {
        for (let i = 0; i < n; i++) mix[i] = mix[i]! + channel[i]! * scale;
      }
    }
    this.test.addTo(mix, n);
    this.noise.addTo(mix, n);
    if (channels.length > 0 || this.test.enabled || this.noise.enabled) this.batcher.push(mix, n, frame);
    else this.batcher.idle(n);
  }

  private apply(id: number, message: ToWorklet): void {
    switch (message.type) {
      case "start_processing":
        this.batcher.reset();
        this.quanta = 0;
        this.maxProcessMs = 0;
        this.overBudget = 0;
        this.running = true;
        this.sendStatus(id);
        break;
      case "stop_processing":
        this.running = false;
        this.batcher.reset();
        this.sendStatus(id);
        break;
      case "update_batch_config":
        this.batcher.reconfigure(message.batch_size, message.timeout_ms);
        this.sendStatus(id);
        break;
      case "update_test_signal_config": {
        const { type: _, ...config } = message;
        const problem = this.test.problem(config);
        if (problem) {
          this.error(id, "invalid_configuration", `test signal refused: ${problem}`, {
            path: "payload.frequency_hz",
            value: String(config.frequency_hz),
            limit: `< ${this.sampleRate / 2}`,
          });
        } else {
          this.test.configure(config);
        }
        break;
      }
      case "update_noise_config": {
        const { type: _, ...config } = message;
        this.noise.configure(config);
        break;
      }
      case "return_buffer": {
        const refused = this.pool.release(new Float32Array(message.buffer));
        if (refused) this.error(id, "invalid_message", `buffer refused: ${refused}`, { path: "payload.buffer" });
        break;
      }
    }
  }

  private sendStatus(id: number): void {
    const s = this.status;
    s.state = this.running ? "running" : "stopped";
    s.batch_size = this.batcher.batchSize;
    s.pool_free = this.pool.available;
    s.batches_sent = this.batcher.counters.sent;
    s.batches_dropped = this.batcher.counters.dropped;
    s.partial_batches = this.batcher.counters.partial;
    s.quanta = this.quanta;
    s.max_process_ms = this.maxProcessMs;
    s.over_budget = this.overBudget;
    this.statusMessage.message_id = id;
    this.statusMessage.timestamp = this.clock();
    this.post(this.statusMessage);
  }

  private error(id: number, code: WorkletErrorCode, message: string, context: ErrorContext): void {
    const clean: ErrorContext = {};
    if (context.path !== undefined) clean.path = context.path;
    if (context.value !== undefined) clean.value = context.value;
    if (context.limit !== undefined) clean.limit = context.limit;
    this.send(id, { type: "processing_error", code, message: message.slice(0, 512), context: clean });
  }

  private send(id: number, payload: FromWorklet): void {
    this.post({ message_id: id, timestamp: this.clock(), payload });
  }
}
