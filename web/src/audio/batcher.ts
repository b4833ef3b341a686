// Collects render quanta into batches in pooled buffers: the capture worklet's core,
// kept free of Web Audio so the unit tests drive it with a simulated render loop.
//
// - A batch takes a buffer from the pool when its first sample arrives. With the pool
//   empty the batch is dropped: its samples are counted but not kept, its sequence
//   number is used up (the page sees the gap) and `onExhausted` fires once per episode,
//   which ends when a buffer is had again.
// - A full batch is sent at once. A partly filled one is sent when no sample has arrived
//   for the timeout (the input stalled), so the page never waits longer than that for
//   samples already captured.
// - `reconfigure` sends the partial batch, then switches; the next batch uses the new
//   size. Nothing here allocates after construction.

import { BufferPool } from "./pool";

/** Where batches go (the worklet posts them to the page). */
export interface BatchSink {
  /** A batch: `count` samples at the start of `buffer`; the sink now owns `buffer`. */
  batch(buffer: Float32Array, count: number, sequence: number, firstFrame: number): void;
  /** The pool ran dry: batches are being dropped (once per episode). */
  exhausted(): void;
}

export interface BatcherCounters {
  sent: number;
  dropped: number;
  partial: number;
}

export class Batcher {
  private current: Float32Array | null = null;
  /** Samples in the batch being filled (kept or, while dropping, only counted). */
  private fill = 0;
  private dropping = false;
  private firstFrame = 0;
  /** Frames of audio since the last sample arrived, while a batch is partly filled. */
  private idleFrames = 0;
  private sequence = 0;
  private inEpisode = false;
  private size: number;
  private timeoutFrames: number;
  readonly counters: BatcherCounters = { sent: 0, dropped: 0, partial: 0 };

  constructor(
    private readonly pool: BufferPool,
    private readonly sink: BatchSink,
    private readonly sampleRate: number,
    batchSize: number,
    timeoutMs: number,
  ) {
    this.size = batchSize;
    this.timeoutFrames = this.framesOf(timeoutMs);
  }

  /** Frames per batch now. */
  get batchSize(): number {
    return this.size;
  }

  /** Whether the page holds every buffer now (an exhaustion episode is on). */
  get exhaustedNow(): boolean {
    return this.inEpisode;
  }

  /** Appends `count` samples of `samples`, the first at context frame `frame`. */
  push(samples: Float32Array, count: number, frame: number): void {
    let done = 0;
    while (done < count) {
      if (this.fill === 0) this.begin(frame + done);
      const take = Math.min(count - done, this.size - this.fill);
      const current = this.current;
      // A plain loop: `set(samples.subarray(...))` would make a view object per call.
      if (current) for (let i = 0; i < take; i++) current[this.fill + i] = samples[done + i]!;
      this.fill += take;
      done += take;
      if (this.fill === this.size) this.finish(false);
    }
    this.idleFrames = 0;
  }

  /** `frames` of audio passed with no samples: sends a partial batch after the timeout. */
  idle(frames: number): void {
    if (this.fill === 0) return;
    this.idleFrames += frames;
    if (this.idleFrames >= this.timeoutFrames) this.finish(true);
  }

  /** Sends the partial batch now, if any. */
  flush(): void {
    if (this.fill > 0) this.finish(true);
  }

  /** Sends the partial batch, then uses `batchSize` and `timeoutMs` from the next batch. */
  reconfigure(batchSize: number, timeoutMs: number): void {
    this.flush();
    this.size = batchSize;
    this.timeoutFrames = this.framesOf(timeoutMs);
  }

  /** Starts over (on start): the partial batch is dropped, its buffer goes back, counters restart. */
  reset(): void {
    if (this.current) this.pool.release(this.current);
    this.current = null;
    this.fill = 0;
    this.dropping = false;
    this.idleFrames = 0;
    this.sequence = 0;
    this.inEpisode = false;
    this.counters.sent = 0;
    this.counters.dropped = 0;
    this.counters.partial = 0;
  }

  /**
   * Starts a batch at `frame` with a pool buffer, or drops it when there is none (the
   * first drop of an episode is reported; the episode ends when a buffer is had again).
   */
  private begin(frame: number): void {
    this.firstFrame = frame;
    this.idleFrames = 0;
    this.current = this.pool.acquire();
    this.dropping = this.current === null;
    if (this.dropping && !this.inEpisode) {
      this.inEpisode = true;
      this.sink.exhausted();
    } else if (!this.dropping) {
      this.inEpisode = false;
    }
  }

  private finish(partial: boolean): void {
    const sequence = this.sequence;
    this.sequence += 1;
    if (this.dropping || !this.current) {
      this.counters.dropped += 1;
    } else {
      const buffer = this.current;
      this.current = null;
      this.counters.sent += 1;
      if (partial) this.counters.partial += 1;
      this.sink.batch(buffer, this.fill, sequence, this.firstFrame);
    }
    this.fill = 0;
    this.dropping = false;
    this.idleFrames = 0;
  }

  private framesOf(ms: number): number {
    return Math.max(1, Math.round((ms / 1000) * this.sampleRate));
  }
}
