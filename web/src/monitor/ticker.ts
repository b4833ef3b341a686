// The monitor page's one animation loop. Each animation frame it looks at the buffer's
// `version` and, only when it moved (or a view asked with `invalidate`, e.g. after a
// resize), calls every listener with the buffer and the frame time. It stops while the
// page is hidden (nothing to see; the buffer keeps filling) and starts again when shown.

import type { MonitorBuffer } from "./buffer";

export type TickListener = (buffer: MonitorBuffer, nowMs: number) => void;

/** What the loop needs from the browser; tests pass their own. */
export interface TickerEnv {
  requestFrame(callback: (nowMs: number) => void): number;
  cancelFrame(handle: number): void;
  isHidden(): boolean;
  /** Calls back on every visibility change; returns the unsubscribe. */
  onVisibilityChange(callback: () => void): () => void;
}

export function browserTickerEnv(): TickerEnv {
  return {
    requestFrame: (cb) => requestAnimationFrame(cb),
    cancelFrame: (h) => cancelAnimationFrame(h),
    isHidden: () => document.hidden,
    onVisibilityChange(cb) {
      document.addEventListener("visibilitychange", cb);
      return () => document.removeEventListener("visibilitychange", cb);
    },
  };
}

export class MonitorTicker {
  private readonly listeners = new Set<TickListener>();
  private handle: number | null = null;
  private seen = -1;
  private dirty = true;
  private running = false;
  private offVisibility: (() => void) | null = null;

  constructor(
    readonly buffer: MonitorBuffer,
    private readonly env: TickerEnv,
  ) {}

  /** Adds a listener; returns its removal. */
  add(listener: TickListener): () => void {
    this.listeners.add(listener);
    this.dirty = true;
    return () => this.listeners.delete(listener);
  }

  /** Calls the listeners at the next frame even if no data came. */
  invalidate(): void {
    this.dirty = true;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offVisibility = this.env.onVisibilityChange(() => this.schedule());
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.offVisibility?.();
    this.offVisibility = null;
    if (this.handle !== null) this.env.cancelFrame(this.handle);
    this.handle = null;
  }

  private schedule(): void {
    if (!this.running || this.handle !== null || this.env.isHidden()) return;
    this.handle = this.env.requestFrame(this.frame);
  }

  private readonly frame = (nowMs: number): void => {
    this.handle = null;
    if (!this.running) return;
    const version = this.buffer.version;
    if (version !== this.seen || this.dirty) {
      this.seen = version;
      this.dirty = false;
      for (const listener of this.listeners) listener(this.buffer, nowMs);
    }
    this.schedule(); // not while hidden: the visibility listener starts it again
  };
}
