// Turns engine metrics (up to 60 per second) into the health chart's history: one sample
// per `intervalS` at most, carrying the worst case since the previous one (the highest
// load, the lowest buffer fill), so a short spike between two samples is not lost.

import type { HistoryRing } from "./history";

/** Series of the health history. */
export const HEALTH_LOAD = 0;
export const HEALTH_FILL = 1;

export class HealthSampler {
  private lastPushS = -Infinity;
  private maxLoad = -Infinity;
  private minFill = Infinity;
  private readonly scratch = new Float32Array(2);

  constructor(
    private readonly ring: HistoryRing,
    private readonly intervalS = 0.1,
  ) {}

  /** Adds one reading (load and fill as fractions); true when a sample was pushed. */
  add(timeS: number, load: number, fill: number): boolean {
    if (load > this.maxLoad) this.maxLoad = load;
    if (fill < this.minFill) this.minFill = fill;
    if (timeS - this.lastPushS < this.intervalS) return false;
    this.scratch[HEALTH_LOAD] = this.maxLoad;
    this.scratch[HEALTH_FILL] = this.minFill;
    this.ring.push(timeS, this.scratch);
    this.lastPushS = timeS;
    this.maxLoad = -Infinity;
    this.minFill = Infinity;
    return true;
  }
}
