// A simulated Web Audio render loop for the capture worklet's tests: a CaptureCore fed
// 128-frame quanta of a known signal, with a page that records what arrives and returns
// (or holds) the buffers, as the real page does, through structured-clone-like transfer.

import { CaptureCore } from "./captureCore";
import { QUANTUM, type AudioDataBatch, type FromWorkletEnvelope, type StatusUpdate, type ToWorklet } from "./messages";

const EMPTY = new Float32Array(0);

export interface ReceivedBatch {
  sequence: number;
  count: number;
  firstFrame: number;
  samples: Float32Array;
  /** Bytes of the buffer as it arrived. */
  bufferBytes: number;
}

export class SimulatedPage {
  readonly core: CaptureCore;
  readonly batches: ReceivedBatch[] = [];
  readonly errors: Extract<FromWorkletEnvelope["payload"], { type: "processing_error" }>[] = [];
  readonly statuses: StatusUpdate[] = [];
  readonly replies: FromWorkletEnvelope[] = [];
  /** Buffers kept instead of returned (to exhaust the pool). */
  readonly held: ArrayBuffer[] = [];
  hold = false;
  /** Whether batches' samples are copied out (off where a test counts allocations). */
  record = true;
  frame = 0;
  time = 1_000;
  private nextId = 1;

  constructor(options: unknown = undefined, readonly sampleRate = 48_000) {
    this.core = new CaptureCore(options, sampleRate, (m, t) => this.receive(m, t), () => this.time);
  }

  /** Sends `payload` to the worklet (a fresh message id); returns the id. */
  send(payload: ToWorklet | Record<string, unknown>): number {
    const id = this.nextId++;
    this.core.receive({ message_id: id, timestamp: this.time, payload });
    return id;
  }

  /**
   * Runs `quanta` render quanta. `input(frame)` gives the microphone's sample at a frame
   * (undefined: no input connected).
   */
  render(quanta: number, input?: (frame: number) => number): void {
    const channel = new Float32Array(QUANTUM);
    for (let q = 0; q < quanta; q++) {
      if (input) for (let i = 0; i < QUANTUM; i++) channel[i] = input(this.frame + i);
      this.core.process(input ? [channel] : [], this.frame);
      this.frame += QUANTUM;
      this.time += (QUANTUM / this.sampleRate) * 1000;
    }
  }

  /** Gives every held buffer back. */
  returnHeld(): void {
    this.hold = false;
    for (const buffer of this.held.splice(0)) this.send({ type: "return_buffer", buffer });
  }

  /** Sequence numbers of the received batches. */
  get sequences(): number[] {
    return this.batches.map((b) => b.sequence);
  }

  private receive(message: FromWorkletEnvelope, transfer?: Transferable[]): void {
    // postMessage clones the message and moves the transferables: copy the payload,
    // and "move" the buffer by copying it and detaching the original (structuredClone).
    const moved = transfer ? (structuredClone(message, { transfer }) as FromWorkletEnvelope) : structuredClone(message);
    if (message.message_id !== 0) this.replies.push(moved);
    const p = moved.payload;
    switch (p.type) {
      case "audio_data_batch":
        this.onBatch(p);
        break;
      case "processing_error":
        this.errors.push(p);
        break;
      case "status_update":
        this.statuses.push(p);
        break;
      case "processor_ready":
        break;
    }
  }

  private onBatch(p: AudioDataBatch): void {
    this.batches.push({
      sequence: p.sequence_number,
      count: p.sample_count,
      firstFrame: p.first_frame,
      samples: this.record ? new Float32Array(p.buffer, 0, p.sample_count).slice() : EMPTY,
      bufferBytes: p.buffer.byteLength,
    });
    if (this.hold) this.held.push(p.buffer);
    else this.send({ type: "return_buffer", buffer: p.buffer });
  }
}
