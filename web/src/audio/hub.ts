// The page's end of the capture: takes each batch from the worklet, hands a copy to
// every analysis subsystem (levels, pitch: each in its own Worker) and gives the buffer
// straight back to the worklet's pool. Subsystems are isolated from each other: one that
// failed is skipped until it recovers, and one that is slow (more than `maxInFlight`
// batches unanswered) skips batches, counted, while the others keep every batch.

import type { AudioDataBatch } from "./messages";

/** What a subsystem is told about each batch. */
export interface BatchMeta {
  sequence: number;
  /** When the worklet sent the batch, ms since the epoch (the envelope's timestamp). */
  sentAt: number;
  sampleRate: number;
}

/** One analysis subsystem, as the hub sees it. */
export interface Subsystem {
  readonly name: string;
  /** Batches handed over and not answered yet. */
  readonly inFlight: number;
  /** Why it does not work now, or null when it does. */
  readonly failure: string | null;
  /** Takes a batch (its own copy of the samples). May throw: the hub records the failure. */
  send(samples: Float32Array, meta: BatchMeta): void;
  /** Marks it failed (the hub calls this when `send` throws). */
  fail(reason: string): void;
}

export interface HubStats {
  /** Batches received. */
  batches: number;
  /** Batches the worklet dropped (gaps in the sequence numbers). */
  dropped: number;
  /** Batches each subsystem skipped because it was behind or failed. */
  skipped: Record<string, number>;
  /** Buffers held back from the worklet (debug hold). */
  held: number;
}

export class BatchHub {
  /** Most batches a subsystem may have unanswered before it skips one. */
  maxInFlight = 4;
  readonly stats: HubStats = { batches: 0, dropped: 0, skipped: {}, held: 0 };
  private readonly subsystems: Subsystem[] = [];
  private nextSequence = 0;
  private holding = false;
  private readonly heldBuffers: ArrayBuffer[] = [];

  constructor(private readonly returnBuffer: (buffer: ArrayBuffer) => void) {}

  add(subsystem: Subsystem): void {
    this.subsystems.push(subsystem);
    this.stats.skipped[subsystem.name] = 0;
  }

  /** A new run of batches (after start): sequence numbers begin again at 0. */
  restart(): void {
    this.nextSequence = 0;
    this.stats.batches = 0;
    this.stats.dropped = 0;
    for (const name of Object.keys(this.stats.skipped)) this.stats.skipped[name] = 0;
  }

  /** One batch from the worklet; its buffer goes back unless held. */
  accept(batch: AudioDataBatch, sentAt: number): void {
    this.stats.batches += 1;
    if (batch.sequence_number > this.nextSequence) this.stats.dropped += batch.sequence_number - this.nextSequence;
    this.nextSequence = batch.sequence_number + 1;
    const samples = new Float32Array(batch.buffer, 0, batch.sample_count);
    const meta: BatchMeta = { sequence: batch.sequence_number, sentAt, sampleRate: batch.sample_rate };
    for (const subsystem of this.subsystems) {
      if (subsystem.failure !== null || subsystem.inFlight >= this.maxInFlight) {
        this.stats.skipped[subsystem.name] = (this.stats.skipped[subsystem.name] ?? 0) + 1;
        continue;
      }
      try {
        subsystem.send(samples.slice(), meta);
      } catch (e) {
        subsystem.fail(e instanceof Error ? e.message : String(e));
      }
    }
    if (this.holding) {
      this.heldBuffers.push(batch.buffer);
      this.stats.held = this.heldBuffers.length;
    } else {
      this.returnBuffer(batch.buffer);
    }
  }

  /** Keeps buffers instead of returning them (to see the worklet's pool run dry), or stops and gives them all back. */
  hold(on: boolean): void {
    this.holding = on;
    if (on) return;
    for (const buffer of this.heldBuffers.splice(0)) this.returnBuffer(buffer);
    this.stats.held = 0;
  }
}
