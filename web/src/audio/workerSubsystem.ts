// A Subsystem that runs in a Worker: batches go in with their samples transferred,
// readings come back with the analysis time and the end-to-end latency (from the
// worklet sending the batch to the reading arriving here). A failed worker is replaced
// after a pause; the batches meanwhile are skipped by the hub, not queued.

import type { Reading, SubsystemKind, FromAnalysisWorker, ToAnalysisWorker } from "./analysisWorker";
import type { BatchMeta, Subsystem } from "./hub";

/** Pause before a failed worker is replaced, ms. */
const RESTART_MS = 1000;

export interface SubsystemReading {
  reading: Reading;
  sequence: number;
  /** From the worklet sending the batch to now, ms (1 ms clock resolution). */
  latencyMs: number;
  /** Time the WebAssembly analysis of the batch took, ms. */
  analysisMs: number;
}

export interface WorkerSubsystemOptions {
  kind: SubsystemKind;
  module: WebAssembly.Module;
  sampleRate: number;
  a4Hz: number;
  /** Makes the Worker (a module worker running analysis.worker.ts). */
  spawn: () => Worker;
  onReading: (r: SubsystemReading) => void;
  onFailure: (name: string, reason: string) => void;
}

export class WorkerSubsystem implements Subsystem {
  readonly name: string;
  private worker: Worker | null = null;
  private pending = 0;
  private failed: string | null = null;
  private ready = false;
  private closed = false;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: WorkerSubsystemOptions) {
    this.name = o.kind;
    this.startWorker();
  }

  get inFlight(): number {
    // Until the analyzer is ready, count as busy so the hub does not queue batches.
    return this.ready ? this.pending : Number.POSITIVE_INFINITY;
  }

  get failure(): string | null {
    return this.failed;
  }

  send(samples: Float32Array, meta: BatchMeta): void {
    if (!this.worker) throw new Error(`${this.name}: no worker`);
    const message: ToAnalysisWorker = { type: "batch", sequence: meta.sequence, sentAt: meta.sentAt, samples };
    this.worker.postMessage(message, [samples.buffer]);
    this.pending += 1;
  }

  setReference(a4Hz: number): void {
    this.o.a4Hz = a4Hz;
    this.worker?.postMessage({ type: "reference", a4Hz } satisfies ToAnalysisWorker);
  }

  fail(reason: string): void {
    if (this.closed) return;
    this.failed = reason;
    this.o.onFailure(this.name, reason);
    this.worker?.terminate();
    this.worker = null;
    this.restartTimer ??= setTimeout(() => {
      this.restartTimer = null;
      if (!this.closed) this.startWorker();
    }, RESTART_MS);
  }

  close(): void {
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.worker?.terminate();
    this.worker = null;
  }

  private startWorker(): void {
    this.ready = false;
    this.pending = 0;
    const worker = this.o.spawn();
    this.worker = worker;
    worker.addEventListener("message", (event: MessageEvent<FromAnalysisWorker>) => this.onMessage(event.data));
    worker.addEventListener("error", (event: ErrorEvent) => {
      event.preventDefault();
      this.fail(event.message || "the worker failed");
    });
    const init: ToAnalysisWorker = {
      type: "init",
      kind: this.o.kind,
      module: this.o.module,
      sampleRate: this.o.sampleRate,
      a4Hz: this.o.a4Hz,
    };
    worker.postMessage(init);
  }

  private onMessage(message: FromAnalysisWorker): void {
    switch (message.type) {
      case "ready":
        this.ready = true;
        this.failed = null;
        break;
      case "result":
        this.pending = Math.max(0, this.pending - 1);
        this.o.onReading({
          reading: message.reading,
          sequence: message.sequence,
          latencyMs: Date.now() - message.sentAt,
          analysisMs: message.analysisMs,
        });
        break;
      case "failed":
        this.fail(message.message);
        break;
    }
  }
}
