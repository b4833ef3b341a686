// Lets something happen at most once per interval. The monitor writes its numbers
// through one: at 60 Hz a number is unreadable anyway, and every text change costs the
// browser a layout, so numbers (and their aria values) change at most 10 times a
// second while bars and the spectrum move at the full rate.

/** How often the monitor's numbers may change, ms. */
export const READOUT_INTERVAL_MS = 100;

export class IntervalGate {
  private lastMs = -Infinity;
  constructor(private readonly intervalMs: number) {}

  /** True (and the interval starts again) when at least intervalMs passed since the last true. */
  due(nowMs: number): boolean {
    if (nowMs - this.lastMs < this.intervalMs) return false;
    this.lastMs = nowMs;
    return true;
  }
}
