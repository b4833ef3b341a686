// The capture worklet's fixed buffer pool. Every buffer holds the largest batch
// (MAX_BATCH samples), so a batch-size change needs no new buffers. The pool is filled
// once at start; a buffer leaves when a batch is sent (transferred to the page) and comes
// back with `return_buffer`. It never grows: a buffer is taken back only while one is out.

import { MAX_BATCH } from "./messages";

export class BufferPool {
  /** Free buffers, a fixed-capacity stack (no array growth after construction). */
  private readonly free: (Float32Array | null)[];
  private top = 0;
  /** Buffers the pool gave out and has not had back. */
  private out = 0;

  /** A pool of `size` buffers of MAX_BATCH samples (the only allocation it makes). */
  constructor(readonly size: number) {
    this.free = new Array<Float32Array | null>(size).fill(null);
    for (let i = 0; i < size; i++) this.free[i] = new Float32Array(MAX_BATCH);
    this.top = size;
  }

  /** Buffers in the pool now. */
  get available(): number {
    return this.top;
  }

  /** A free buffer, or null when every buffer is out. Allocates nothing. */
  acquire(): Float32Array | null {
    if (this.top === 0) return null;
    this.top -= 1;
    const buffer = this.free[this.top] ?? null;
    this.free[this.top] = null;
    this.out += 1;
    return buffer;
  }

  /**
   * Takes a buffer back (a view over a returned ArrayBuffer). Refused, returning a reason,
   * when it is not a whole pool buffer or none is out (the pool would grow).
   */
  release(buffer: Float32Array): string | null {
    if (buffer.length !== MAX_BATCH || buffer.byteOffset !== 0 || buffer.buffer.byteLength !== MAX_BATCH * 4) {
      return `a pool buffer holds exactly ${MAX_BATCH * 4} bytes, this one ${buffer.buffer.byteLength}`;
    }
    if (this.out === 0) return `no buffer is out (the pool holds all ${this.size})`;
    this.out -= 1;
    this.free[this.top] = buffer;
    this.top += 1;
    return null;
  }
}
